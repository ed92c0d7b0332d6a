/* Documents and cover pages in the form the server takes (hfx_prepare.h). */
#include "hfx_prepare.h"

#include <stdlib.h>

#include "document_type.h"

/* Text goes as it is to faxd and as PostScript to other servers; form PS either way. */
static enum hfx_prepare_status as_text(bool faxd, struct hfx_upload *upload)
{
    upload->form = "PS";
    if (!faxd) {
        char *ps = postscript_from_text(upload->data, upload->size, &upload->size);
        free(upload->data);
        upload->data = ps;
        if (!ps)
            return HFX_PREPARE_NO_MEMORY;
    }
    return HFX_PREPARE_OK;
}

enum hfx_prepare_status hfx_prepare_document(char *data, size_t size, bool faxd, struct hfx_upload *upload)
{
    upload->data = data;
    upload->size = size;
    switch (document_detect(data, size)) {
    case DOCUMENT_PDF: upload->form = "PDF"; return HFX_PREPARE_OK;
    case DOCUMENT_POSTSCRIPT: upload->form = "PS"; return HFX_PREPARE_OK;
    case DOCUMENT_TIFF: upload->form = "TIFF"; return HFX_PREPARE_OK;
    case DOCUMENT_TEXT: return as_text(faxd, upload);
    default:
        free(data);
        upload->data = NULL;
        return HFX_PREPARE_UNKNOWN_TYPE;
    }
}

enum hfx_prepare_status hfx_prepare_cover(const struct cover_fields *fields, bool faxd, struct hfx_upload *upload)
{
    upload->data = cover_page_text(fields, &upload->size);
    if (!upload->data)
        return HFX_PREPARE_NO_MEMORY;
    return as_text(faxd, upload);
}
