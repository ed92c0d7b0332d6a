/*
 * The document a fax is made of, as both COM DLLs upload it: the file read whole, its kind found by content,
 * and turned into what the server takes (faxd renders UTF-8 text itself; a HylaFAX server gets PostScript);
 * and the built-in cover page the same way. Errors name the member (L"FaxDoc.Send") and the file.
 */
#ifndef OPENFAXCOM_COM_DOCUMENT_H
#define OPENFAXCOM_COM_DOCUMENT_H

#include "com_module.h"

struct cover_fields;

struct com_upload {
    const char *form;   /* for hfx_upload: "PDF", "PS", "TIFF" */
    char *data;         /* malloc'd */
    size_t size;
};

HRESULT com_document_read(struct com_module *module, unsigned type, const WCHAR *member, const WCHAR *path,
                          BOOL faxd, struct com_upload *upload);
/* The built-in cover page of fields; E_OUTOFMEMORY (no error info) on failure. */
HRESULT com_cover_page(const struct cover_fields *fields, BOOL faxd, struct com_upload *upload);
void com_upload_free(struct com_upload *upload);

#endif
