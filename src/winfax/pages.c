/*
 * FaxGetPageData: the first page of a queued outbound job as TIFF data, as the Windows fax service shows a
 * job before it is sent. faxd renders it on request (RETR docq/preview<id>.tif, docs/protocol.md: the job's
 * first document converted as its first attempt would, first page only), whatever the document's kind; a
 * stock HylaFAX server hands no queued document back, so a job there is ERROR_INVALID_DATA. A job that is
 * not queued is ERROR_INVALID_PARAMETER, as FaxGetJob says.
 */
#include "winfax_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faxtiff.h"

/* The page's bytes into a LocalAlloc'd buffer, with its size in pixels from the TIFF itself. */
static BOOL hand_over(const char *data, size_t size, LPBYTE *buffer, LPDWORD buffer_size, LPDWORD width,
                      LPDWORD height)
{
    struct faxtiff *tiff = NULL;
    const struct faxtiff_page *page;

    if (faxtiff_parse_memory(data, size, &tiff, NULL) != FAXTIFF_OK || !(page = faxtiff_page(tiff, 0))) {
        faxtiff_free(tiff);
        return fail(ERROR_INVALID_DATA);
    }
    *width = page->width;
    *height = page->length;
    faxtiff_free(tiff);
    if (size > MAXDWORD || !(*buffer = LocalAlloc(LMEM_FIXED, size ? size : 1)))
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    memcpy(*buffer, data, size);
    *buffer_size = (DWORD)size;
    return TRUE;
}

BOOL WINAPI FaxGetPageData(HANDLE FaxHandle, DWORD JobId, LPBYTE *Buffer, LPDWORD BufferSize, LPDWORD ImageWidth,
                           LPDWORD ImageHeight)
{
    struct winfax_server *server;
    struct hfx_client *client;
    struct hfx_error error;
    FAX_JOB_ENTRYW *entry;
    char path[48], *data = NULL;
    size_t size = 0;
    BOOL ok;

    if (!Buffer || !BufferSize || !ImageWidth || !ImageHeight) {
        if (!(server = handle_get(FaxHandle, WINFAX_SERVER, NULL)))
            return FALSE;
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    *Buffer = NULL;
    *BufferSize = *ImageWidth = *ImageHeight = 0;
    if (!FaxGetJobW(FaxHandle, JobId, &entry))
        return FALSE;
    FaxFreeBuffer(entry);
    if (!(server = handle_get(FaxHandle, WINFAX_SERVER, NULL)))
        return FALSE;
    if (!server->faxd) {
        server_release(server);
        return fail(ERROR_INVALID_DATA);
    }
    if (!server_lock(server, &client)) {
        server_release(server);
        return FALSE;
    }
    snprintf(path, sizeof(path), "docq/preview%lu.tif", (unsigned long)JobId);
    /* faxd's refusal here is a document it cannot render (or a job gone meanwhile): no page data */
    if (hfx_retrieve(client, path, &data, &size, &error) != HFX_OK)
        ok = fail_hfx(&error, ERROR_INVALID_DATA);
    else
        ok = hand_over(data, size, Buffer, BufferSize, ImageWidth, ImageHeight);
    server_unlock(server);
    server_release(server);
    free(data);
    return ok;
}
