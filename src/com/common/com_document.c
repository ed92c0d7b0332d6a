/* Documents and cover pages for upload (com_document.h). */
#include "com_document.h"

#include <stdlib.h>

#include "cover.h"
#include "document_type.h"

#define MAX_DOCUMENT_SIZE (100u * 1024 * 1024)

/* The whole file. */
static HRESULT read_file(struct com_module *module, unsigned type, const WCHAR *member, const WCHAR *path,
                         char **data, size_t *size)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    LARGE_INTEGER length;
    DWORD got = 0;

    if (file == INVALID_HANDLE_VALUE) {
        DWORD code = GetLastError();
        return com_error(module, type, HRESULT_FROM_WIN32(code), L"%ls: cannot open '%ls' (%ls)", member, path,
                         code == ERROR_FILE_NOT_FOUND ? L"the file does not exist"
                         : code == ERROR_PATH_NOT_FOUND ? L"its folder does not exist"
                         : code == ERROR_ACCESS_DENIED ? L"access is denied, or it is a folder"
                         : L"it cannot be read");
    }
    if (!GetFileSizeEx(file, &length) || length.QuadPart > MAX_DOCUMENT_SIZE) {
        CloseHandle(file);
        return com_error(module, type, HRESULT_FROM_WIN32(ERROR_FILE_TOO_LARGE), L"%ls: '%ls' is larger than %u MB",
                         member, path, MAX_DOCUMENT_SIZE >> 20);
    }
    *size = (size_t)length.QuadPart;
    *data = malloc(*size + 1);
    if (!*data || (*size && (!ReadFile(file, *data, (DWORD)*size, &got, NULL) || got != *size))) {
        CloseHandle(file);
        free(*data);
        *data = NULL;
        return com_error(module, type, HRESULT_FROM_WIN32(ERROR_READ_FAULT), L"%ls: cannot read '%ls'", member, path);
    }
    CloseHandle(file);
    (*data)[*size] = 0;
    return S_OK;
}

/* Plain text goes as it is to faxd (which renders UTF-8 with its own font) and as PostScript to other
 * servers (HylaFAX takes no text). */
static HRESULT as_text(BOOL faxd, struct com_upload *upload)
{
    upload->form = "PS";
    if (!faxd) {
        char *ps = postscript_from_text(upload->data, upload->size, &upload->size);
        free(upload->data);
        upload->data = ps;
        if (!ps)
            return E_OUTOFMEMORY;
    }
    return S_OK;
}

HRESULT com_document_read(struct com_module *module, unsigned type, const WCHAR *member, const WCHAR *path,
                          BOOL faxd, struct com_upload *upload)
{
    HRESULT hr = read_file(module, type, member, path, &upload->data, &upload->size);

    if (FAILED(hr))
        return hr;
    switch (document_detect(upload->data, upload->size)) {
    case DOCUMENT_PDF: upload->form = "PDF"; return S_OK;
    case DOCUMENT_POSTSCRIPT: upload->form = "PS"; return S_OK;
    case DOCUMENT_TIFF: upload->form = "TIFF"; return S_OK;
    case DOCUMENT_TEXT: return as_text(faxd, upload);
    default:
        com_upload_free(upload);
        return com_error(module, type, HRESULT_FROM_WIN32(ERROR_BAD_FORMAT),
                         L"%ls: '%ls' is not a document the fax service can send: use TIFF, PDF, PostScript or plain "
                         L"text (print other formats to PDF first)", member, path);
    }
}

HRESULT com_cover_page(const struct cover_fields *fields, BOOL faxd, struct com_upload *upload)
{
    upload->data = cover_page_text(fields, &upload->size);
    if (!upload->data)
        return E_OUTOFMEMORY;
    return as_text(faxd, upload);
}

void com_upload_free(struct com_upload *upload)
{
    free(upload->data);
    upload->data = NULL;
}
