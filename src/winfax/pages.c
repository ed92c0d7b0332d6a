/*
 * FaxGetPageData: the first page of a queued outbound job as TIFF. Neither faxd nor hfaxd hands a
 * queued job's document back over the protocol (RETR serves received faxes only), so the page cannot
 * be had yet: a job that is not queued is ERROR_INVALID_PARAMETER, a queued one ERROR_INVALID_DATA
 * (docs/winfax.md says what is missing).
 */
#include "winfax_private.h"

BOOL WINAPI FaxGetPageData(HANDLE FaxHandle, DWORD JobId, LPBYTE *Buffer, LPDWORD BufferSize, LPDWORD ImageWidth,
                           LPDWORD ImageHeight)
{
    FAX_JOB_ENTRYW *entry;

    if (!Buffer || !BufferSize || !ImageWidth || !ImageHeight) {
        struct winfax_server *server = handle_get(FaxHandle, WINFAX_SERVER, NULL);
        if (!server)
            return FALSE;
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    *Buffer = NULL;
    *BufferSize = *ImageWidth = *ImageHeight = 0;
    if (!FaxGetJobW(FaxHandle, JobId, &entry))
        return FALSE;
    FaxFreeBuffer(entry);
    return fail(ERROR_INVALID_DATA);
}
