/* A and W strings: the DLL's UTF-8 to and from the caller's code page (A) or UTF-16 (W). */
#include "winfax_private.h"

#include <stdlib.h>
#include <string.h>

#include "fax_connect.h"

char *text_in(const void *text, BOOL ansi, BOOL *ok)
{
    WCHAR *wide;
    char *utf8;
    int length;

    if (!text)
        return NULL;
    if (!ansi) {
        if (!(utf8 = fax_utf8(text)))
            *ok = FALSE;
        return utf8;
    }
    length = MultiByteToWideChar(CP_ACP, 0, text, -1, NULL, 0);
    if (length <= 0 || !(wide = malloc(length * sizeof(WCHAR)))) {
        *ok = FALSE;
        return NULL;
    }
    MultiByteToWideChar(CP_ACP, 0, text, -1, wide, length);
    if (!(utf8 = fax_utf8(wide)))
        *ok = FALSE;
    free(wide);
    return utf8;
}

/* Text from the server is UTF-8; a byte sequence that is not is read as the ANSI code page. */
static UINT source_page(const char *utf8)
{
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, NULL, 0) > 0 ? CP_UTF8 : CP_ACP;
}

size_t text_out_size(const char *utf8, BOOL ansi)
{
    UINT page = source_page(utf8);
    int wide = MultiByteToWideChar(page, 0, utf8, -1, NULL, 0);
    WCHAR *buffer;
    int bytes;

    if (wide <= 0)
        return ansi ? 1 : sizeof(WCHAR);
    if (!ansi)
        return (size_t)wide * sizeof(WCHAR);
    if (!(buffer = malloc(wide * sizeof(WCHAR))))
        return 1;
    MultiByteToWideChar(page, 0, utf8, -1, buffer, wide);
    bytes = WideCharToMultiByte(CP_ACP, 0, buffer, -1, NULL, 0, NULL, NULL);
    free(buffer);
    return bytes > 0 ? (size_t)bytes : 1;
}

void text_out(const char *utf8, BOOL ansi, void *out, size_t size)
{
    UINT page = source_page(utf8);
    int wide = MultiByteToWideChar(page, 0, utf8, -1, NULL, 0);
    WCHAR *buffer;

    memset(out, 0, size);
    if (wide <= 0)
        return;
    if (!ansi) {
        MultiByteToWideChar(page, 0, utf8, -1, out, (int)(size / sizeof(WCHAR)));
        return;
    }
    if (!(buffer = malloc(wide * sizeof(WCHAR))))
        return;
    MultiByteToWideChar(page, 0, utf8, -1, buffer, wide);
    /* characters the code page lacks become its default character ('?'), spec 12.18 */
    WideCharToMultiByte(CP_ACP, 0, buffer, -1, out, (int)size, NULL, NULL);
    ((char *)out)[size - 1] = 0;
    free(buffer);
}
