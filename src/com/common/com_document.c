/* Documents and cover pages for upload (com_document.h): src/win32/fax_file.c reads the file and
 * src/engine/client/hfx_prepare.c makes it what the server takes, as for winfax.dll; here the errors become
 * HRESULTs with text. */
#include "com_document.h"

#include <stdlib.h>

#include "fax_file.h"
#include "hfx_prepare.h"

/* The whole file, or the error that names the cause. */
static HRESULT read_file(struct com_module *module, unsigned type, const WCHAR *member, const WCHAR *path,
                         char **data, size_t *size)
{
    DWORD code = fax_read_file(path, data, size);

    switch (code) {
    case ERROR_SUCCESS: return S_OK;
    case ERROR_FILE_TOO_LARGE:
        return com_error(module, type, HRESULT_FROM_WIN32(code), L"%ls: '%ls' is larger than %u MB", member, path,
                         FAX_FILE_MAX_SIZE >> 20);
    case ERROR_READ_FAULT: case ERROR_NOT_ENOUGH_MEMORY:
        return com_error(module, type, HRESULT_FROM_WIN32(ERROR_READ_FAULT), L"%ls: cannot read '%ls'", member, path);
    default:
        return com_error(module, type, HRESULT_FROM_WIN32(code), L"%ls: cannot open '%ls' (%ls)", member, path,
                         code == ERROR_FILE_NOT_FOUND ? L"the file does not exist"
                         : code == ERROR_PATH_NOT_FOUND ? L"its folder does not exist"
                         : code == ERROR_ACCESS_DENIED ? L"access is denied, or it is a folder"
                         : L"it cannot be read");
    }
}

static void take(struct com_upload *upload, const struct hfx_upload *prepared)
{
    upload->form = prepared->form;
    upload->data = prepared->data;
    upload->size = prepared->size;
}

HRESULT com_document_read(struct com_module *module, unsigned type, const WCHAR *member, const WCHAR *path,
                          BOOL faxd, struct com_upload *upload)
{
    struct hfx_upload prepared = { 0 };
    char *data = NULL;
    size_t size = 0;
    HRESULT hr = read_file(module, type, member, path, &data, &size);

    upload->data = NULL;
    if (FAILED(hr))
        return hr;
    switch (hfx_prepare_document(data, size, faxd, &prepared)) {
    case HFX_PREPARE_OK: take(upload, &prepared); return S_OK;
    case HFX_PREPARE_NO_MEMORY: return E_OUTOFMEMORY;
    default:
        return com_error(module, type, HRESULT_FROM_WIN32(ERROR_BAD_FORMAT),
                         L"%ls: '%ls' is not a document the fax service can send: use TIFF, PDF, PostScript or plain "
                         L"text (print other formats to PDF first)", member, path);
    }
}

HRESULT com_cover_page(const struct cover_fields *fields, BOOL faxd, struct com_upload *upload)
{
    struct hfx_upload prepared = { 0 };

    upload->data = NULL;
    if (hfx_prepare_cover(fields, faxd, &prepared) != HFX_PREPARE_OK)
        return E_OUTOFMEMORY;
    take(upload, &prepared);
    return S_OK;
}

void com_upload_free(struct com_upload *upload)
{
    free(upload->data);
    upload->data = NULL;
}
