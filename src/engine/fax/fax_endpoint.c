/*
 * One end of a T.30 session on a spandsp t30_state_t (see fax_endpoint.h).
 */
#include "fax_endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "faxtiff.h"

_Static_assert((int) FAX_MODEM_V27TER == (int) T30_SUPPORT_V27TER && (int) FAX_MODEM_V29 == (int) T30_SUPPORT_V29 &&
               (int) FAX_MODEM_V17 == (int) T30_SUPPORT_V17, "FAX_MODEM_* are spandsp's T30_SUPPORT_* values");
_Static_assert(FAX_IDENT_MAX == T30_MAX_IDENT_LEN && FAX_HEADER_INFO_MAX == T30_MAX_PAGE_HEADER_INFO,
               "the limits are spandsp's");

static enum fax_call_status setup_failed(struct fax_call_error *error, enum fax_call_status status,
                                         const char *what)
{
    return fax_call_fail(error, status, "spandsp refused %s", what);
}

static int pages_done(const struct fax_endpoint *endpoint, t30_stats_t *stats)
{
    t30_get_transfer_statistics(endpoint->t30, stats);
    return endpoint->end == FAX_CALL_SENDER ? stats->pages_tx : stats->pages_rx;
}

void fax_endpoint_report(struct fax_endpoint *endpoint, enum fax_call_phase phase, int page)
{
    /* T.30 repeats frames (retries, retraining after RTP/RTN): one event per phase and page is enough. */
    if (phase == endpoint->last_phase && page == endpoint->last_page)
        return;
    endpoint->last_phase = phase;
    endpoint->last_page = page;
    if (endpoint->progress == NULL)
        return;

    struct fax_call_progress progress = {
        .end = endpoint->end,
        .phase = phase,
        .page = page,
        .total_pages = endpoint->total_pages,
    };
    if (phase != FAX_CALL_DIALING) {
        t30_stats_t stats;
        t30_get_transfer_statistics(endpoint->t30, &stats);
        progress.bit_rate = stats.bit_rate;
    }
    endpoint->progress(endpoint->user_data, &progress);
}

static enum fax_call_phase page_phase(const struct fax_endpoint *endpoint)
{
    return endpoint->end == FAX_CALL_SENDER ? FAX_CALL_SENDING_PAGE : FAX_CALL_RECEIVING_PAGE;
}

/* Every HDLC frame, both directions: DCS starts training for a page, CFR confirms it and image data
   follows. The sender sends DCS and receives CFR; the receiver the other way round. */
static void on_frame(t30_state_t *t30, void *user_data, int incoming, const uint8_t msg[], int len)
{
    struct fax_endpoint *endpoint = user_data;
    (void) t30;
    if (len < 3)
        return;
    bool sender = endpoint->end == FAX_CALL_SENDER;
    int fcf = msg[2] & 0xFE;   /* without the X bit, as spandsp reads it */
    t30_stats_t stats;

    if (fcf == T30_DCS && (bool) incoming != sender)
        fax_endpoint_report(endpoint, FAX_CALL_TRAINING, pages_done(endpoint, &stats) + 1);
    else if (fcf == T30_CFR && (bool) incoming == sender)
        fax_endpoint_report(endpoint, page_phase(endpoint), pages_done(endpoint, &stats) + 1);
}

/* Phase D: after each page. At the sender fcf is the receiver's answer (MCF: confirmed, next page
   follows at once; RTP/RTN: retraining, reported by the DCS that follows); at the receiver fcf is the
   sender's post-page command (MPS: another page follows). */
/* Whether the receiver's file holds every page T.30 took (spandsp 0.0.6 confirms a page whose write
   failed). A disk with under 64 KB left counts as failed too: the page may not have reached it whole. */
static bool rx_file_holds(const struct fax_endpoint *endpoint, int pages)
{
    struct faxtiff *tiff = NULL;
    struct statvfs room;
    char folder[4096];
    snprintf(folder, sizeof folder, "%s", endpoint->rx_path);
    char *slash = strrchr(folder, '/');
    if (slash != NULL)
        *slash = '\0';
    if (statvfs(slash != NULL ? folder : ".", &room) == 0 && (unsigned long long) room.f_bavail * room.f_frsize < 65536)
        return false;
    bool holds = faxtiff_read_path(endpoint->rx_path, &tiff, NULL) == FAXTIFF_OK && (int) faxtiff_page_count(tiff) >= pages;
    faxtiff_free(tiff);
    return holds;
}

static int on_phase_d(t30_state_t *t30, void *user_data, int fcf)
{
    struct fax_endpoint *endpoint = user_data;
    (void) t30;
    t30_stats_t stats;
    int pages = pages_done(endpoint, &stats);
    if (endpoint->end == FAX_CALL_RECEIVER && endpoint->rx_path != NULL && !rx_file_holds(endpoint, pages))
        endpoint->store_failed = true;
    if (pages <= endpoint->pages_reported)
        return T30_ERR_OK;
    endpoint->pages_reported = pages;
    fax_endpoint_report(endpoint, FAX_CALL_PAGE_DONE, pages);

    bool next_page_follows = endpoint->end == FAX_CALL_SENDER
                                 ? fcf == T30_MCF && pages < endpoint->total_pages
                                 : fcf == T30_MPS || fcf == T30_PRI_MPS;
    if (next_page_follows)
        fax_endpoint_report(endpoint, page_phase(endpoint), pages + 1);
    return T30_ERR_OK;
}

static void copy_ident(char *to, const char *from)
{
    snprintf(to, FAX_IDENT_MAX + 1, "%s", from != NULL ? from : "");
}

/* Phase E: this end is finished. The statistics and the far end's idents are read here, while the
   session still holds them. */
static void on_phase_e(t30_state_t *t30, void *user_data, int completion_code)
{
    struct fax_endpoint *endpoint = user_data;
    struct fax_call_end_result *result = &endpoint->result;
    t30_stats_t stats;

    endpoint->done = true;
    result->completion_code = completion_code;
    snprintf(result->completion_text, sizeof result->completion_text, "%s",
             t30_completion_code_to_str(completion_code));
    result->pages = pages_done(endpoint, &stats);
    result->bit_rate = result->pages > 0 ? stats.bit_rate : 0;
    result->ecm = stats.error_correcting_mode != 0;
    copy_ident(result->remote_ident, t30_get_rx_ident(t30));
    if (endpoint->end == FAX_CALL_RECEIVER)
        copy_ident(result->sub_address, t30_get_rx_sub_address(t30));
    fax_endpoint_report(endpoint, FAX_CALL_HANGUP, result->pages);
}

#if defined(__GLIBC__)
/* spandsp 0.0.6 calls localtime() on the thread running a call (t4_rx stamps each received page's
   DateTime), and glibc's localtime() fills one struct tm shared by all threads: two calls at once could
   read each other's time. This definition takes precedence over glibc's for the whole process (the
   executable's symbols come first) and gives each thread its own. Windows' CRT already does that. */
struct tm *localtime(const time_t *when)
{
    static _Thread_local struct tm result;
    return localtime_r(when, &result);
}
#endif

/* spandsp stamps the page header with localtime() too, unless it has a time zone of its own. Give it
   the current local offset as a fixed POSIX zone: right for the length of a call. */
static void set_header_time_zone(t30_state_t *t30)
{
    time_t now = time(NULL);
    struct tm local, utc;
    if (localtime_r(&now, &local) == NULL || gmtime_r(&now, &utc) == NULL)
        return;
    long east = (long) (local.tm_hour - utc.tm_hour) * 3600 + (local.tm_min - utc.tm_min) * 60 +
                (local.tm_sec - utc.tm_sec);
    if (local.tm_year != utc.tm_year)
        east += local.tm_year > utc.tm_year ? 86400 : -86400;
    else
        east += (long) (local.tm_yday - utc.tm_yday) * 86400;
    long magnitude = labs(east);
    char zone[24];
    /* POSIX counts hours west of Greenwich: a zone east of it has a negative offset. */
    snprintf(zone, sizeof zone, "LCL%c%02ld:%02ld", east > 0 ? '-' : '+', magnitude / 3600,
             magnitude % 3600 / 60);
    t30_set_tx_page_header_tz(t30, zone);
}

static enum fax_call_status setup_sender(t30_state_t *t30, const struct fax_send_request *send,
                                         struct fax_call_error *error)
{
    if (send->sub_address != NULL && t30_set_tx_sub_address(t30, send->sub_address) != 0)
        return setup_failed(error, FAX_CALL_ERR_REQUEST, "the sub-address");
    if (send->header_info != NULL) {
        if (t30_set_tx_page_header_info(t30, send->header_info) != 0)
            return setup_failed(error, FAX_CALL_ERR_REQUEST, "the page header text");
        set_header_time_zone(t30);
    }
    t30_set_tx_file(t30, send->tx_tiff, -1, -1);
    return FAX_CALL_ERR_NONE;
}

enum fax_call_status fax_endpoint_setup(struct fax_endpoint *endpoint, t30_state_t *t30, enum fax_call_end end,
                                        const struct fax_call_request *request, int total_pages,
                                        fax_call_progress_fn *progress, void *user_data,
                                        struct fax_call_error *error)
{
    const struct fax_send_request *send = &request->send;
    bool sender = end == FAX_CALL_SENDER;

    memset(endpoint, 0, sizeof *endpoint);
    endpoint->end = end;
    endpoint->t30 = t30;
    endpoint->total_pages = sender ? total_pages : 0;
    endpoint->progress = progress;
    endpoint->user_data = user_data;
    endpoint->last_page = -1;
    endpoint->result.started = true;
    endpoint->result.completion_code = T30_ERR_CALLDROPPED;   /* until phase E says otherwise */

    span_log_set_level(t30_get_logging_state(t30), SPAN_LOG_NONE);
    const char *ident = sender ? send->tsi : request->csi;
    if (ident != NULL && t30_set_tx_ident(t30, ident) != 0)
        return setup_failed(error, FAX_CALL_ERR_REQUEST, sender ? "the TSI" : "the CSI");
    if (t30_set_supported_modems(t30, send->modems != 0 ? send->modems : FAX_MODEM_ALL) != 0)
        return setup_failed(error, FAX_CALL_ERR_REQUEST, "the modem mask");
    int compressions = T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION;
    if (send->ecm)
        compressions |= T30_SUPPORT_T6_COMPRESSION;   /* T.6 needs ECM */
    t30_set_supported_compressions(t30, compressions);
    t30_set_ecm_capability(t30, send->ecm);
    /* spandsp 0.0.6's default DIS does not offer sub-addressing, so a SUB would never be sent. */
    t30_set_supported_t30_features(t30, T30_SUPPORT_IDENTIFICATION | T30_SUPPORT_SUB_ADDRESSING);

    t30_set_real_time_frame_handler(t30, on_frame, endpoint);
    t30_set_phase_d_handler(t30, on_phase_d, endpoint);
    t30_set_phase_e_handler(t30, on_phase_e, endpoint);

    if (sender)
        return setup_sender(t30, send, error);
    t30_set_rx_file(t30, request->rx_tiff, -1);
    endpoint->rx_path = request->rx_tiff;
    return FAX_CALL_ERR_NONE;
}

void fax_endpoint_terminate(struct fax_endpoint *endpoint)
{
    if (!endpoint->done)
        t30_terminate(endpoint->t30);   /* runs phase E: CALLDROPPED unless EOP was already seen */
}

enum fax_call_outcome fax_endpoint_classify(int completion_code, enum fax_call_end end)
{
    switch (completion_code) {
    case T30_ERR_OK:
        return FAX_CALL_OK;

    /* What the far end cannot do, or does not accept from us: the same call fails the same way. */
    case T30_ERR_INCOMPATIBLE:
    case T30_ERR_RX_INCAPABLE:
    case T30_ERR_TX_INCAPABLE:
    case T30_ERR_NORESSUPPORT:
    case T30_ERR_NOSIZESUPPORT:
    case T30_ERR_NOPOLL:
    case T30_ERR_IDENT_UNACCEPTABLE:
    case T30_ERR_SUB_UNACCEPTABLE:
    case T30_ERR_SEP_UNACCEPTABLE:
    case T30_ERR_PSA_UNACCEPTABLE:
    case T30_ERR_SID_UNACCEPTABLE:
    case T30_ERR_PWD_UNACCEPTABLE:
    case T30_ERR_TSA_UNACCEPTABLE:
    case T30_ERR_IRA_UNACCEPTABLE:
    case T30_ERR_CIA_UNACCEPTABLE:
    case T30_ERR_ISP_UNACCEPTABLE:
    case T30_ERR_CSA_UNACCEPTABLE:
        return FAX_CALL_FATAL;

    /* The file: ours at the sender, the far end's disk at the receiver. */
    case T30_ERR_FILEERROR:
    case T30_ERR_NOPAGE:
    case T30_ERR_BADTIFF:
    case T30_ERR_BADPAGE:
    case T30_ERR_BADTAG:
    case T30_ERR_BADTIFFHDR:
        return end == FAX_CALL_SENDER ? FAX_CALL_FATAL : FAX_CALL_RETRYABLE;

    /* The line: timeouts, training, dropped calls, protocol confusion, memory. */
    default:
        return FAX_CALL_RETRYABLE;
    }
}
