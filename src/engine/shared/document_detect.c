/*
 * What kind of document a file is, by its content; portable (no fork, no libtiff), so faxcom.dll
 * links it too.
 */
#include "document_type.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DETECT_BYTES 4096

const char *document_type_name(enum document_type type)
{
    switch (type) {
    case DOCUMENT_TIFF: return "TIFF";
    case DOCUMENT_PDF: return "PDF";
    case DOCUMENT_POSTSCRIPT: return "PostScript";
    case DOCUMENT_TEXT: return "text";
    case DOCUMENT_UNKNOWN: break;
    }
    return "unknown";
}

/* One UTF-8 character: its length, 0 when invalid, -1 when cut by the end of the buffer. */
int document_utf8_next(const uint8_t *s, size_t n, uint32_t *codepoint)
{
    static const uint32_t minimum[] = { 0, 0, 0x80, 0x800, 0x10000 };
    int length = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
               : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    uint32_t value;

    if (length == 0)
        return 0;
    value = length == 1 ? s[0] : s[0] & (0x7F >> length);
    for (int i = 1; i < length; i++) {
        if ((size_t)i >= n)
            return -1;
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        value = value << 6 | (s[i] & 0x3F);
        /* Overlong forms, surrogates and code points past U+10FFFF show in the first two bytes. */
        if (i == 1 && length > 2 && (value << (6 * (length - 2))) < minimum[length])
            return 0;
        if (i == 1 && ((length == 3 && value >= 0x360 && value <= 0x37F) || (length == 4 && value > 0x10F)))
            return 0;
    }
    *codepoint = value;
    return length;
}

static bool is_text(const uint8_t *bytes, size_t length)
{
    for (size_t at = 0; at < length;) {
        uint32_t codepoint;
        int used = document_utf8_next(bytes + at, length - at, &codepoint);
        if (used < 0)
            return true;    /* a character cut by the end of the sample */
        if (used == 0 || codepoint == 0)
            return false;
        at += (size_t)used;
    }
    return length > 0;
}

enum document_type document_detect(const void *head, size_t length)
{
    const uint8_t *bytes = head;

    if (!head)
        return DOCUMENT_UNKNOWN;
    if (length >= 5 && !memcmp(bytes, "%PDF-", 5))
        return DOCUMENT_PDF;
    if ((length >= 2 && !memcmp(bytes, "%!", 2)) || (length >= 4 && !memcmp(bytes, "\xC5\xD0\xD3\xC6", 4)))
        return DOCUMENT_POSTSCRIPT;
    /* Classic TIFF (42) and BigTIFF (43), either byte order. */
    if (length >= 4 && (!memcmp(bytes, "II*\0", 4) || !memcmp(bytes, "MM\0*", 4) || !memcmp(bytes, "II+\0", 4) ||
                        !memcmp(bytes, "MM\0+", 4)))
        return DOCUMENT_TIFF;
    return is_text(bytes, length) ? DOCUMENT_TEXT : DOCUMENT_UNKNOWN;
}

enum document_type document_detect_file(const char *path)
{
    uint8_t head[DETECT_BYTES];
    FILE *file = path ? fopen(path, "rb") : NULL;
    size_t length;

    if (!file)
        return DOCUMENT_UNKNOWN;
    length = fread(head, 1, sizeof(head), file);
    fclose(file);
    return document_detect(head, length);
}

