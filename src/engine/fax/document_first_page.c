/*
 * The first page of a fax TIFF this module wrote, as a TIFF of its own: what a client previewing a job
 * (winfax.dll's FaxGetPageData) is shown. The page's compressed data is copied as it is.
 */
#include "document.h"
#include "document_private.h"

enum document_status document_first_page(const char *input, const char *output, struct document_error *error)
{
    struct document_tiff_file file;
    struct document_sink *sink = NULL;
    enum document_status status = document_tiff_open(&file, input, "r", error);

    if (status != DOCUMENT_OK)
        return status;
    if (!document_sink_can_copy(file.tiff))
        status = document_fail(error, DOCUMENT_ERR_UNSUPPORTED, "%s is not a fax TIFF made by faxd", file.name);
    if (status == DOCUMENT_OK)
        status = document_sink_create(output, 1, &sink, error);
    if (status == DOCUMENT_OK)
        status = document_sink_copy(sink, &file, error);
    if (status == DOCUMENT_OK)
        status = document_sink_commit(sink, error);
    else if (sink)
        document_sink_discard(sink);
    document_tiff_close(&file);
    return status;
}
