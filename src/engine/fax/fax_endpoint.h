/*
 * One end of a T.30 session, on whatever spandsp front end carries it: the t30_state_t of a fax_state_t
 * (audio: the loopback line), of a t38_terminal_state_t (a T.38 line), or of a Class 1 DTE adapter. The
 * endpoint configures the session from a request, turns spandsp's frame and phase handlers into
 * fax_call_progress events, and collects the end's result when phase E comes. Driving the front end
 * (samples, packets, AT commands) and the clock is the caller's.
 *
 * Engine-internal: includes spandsp. The scheduler sees only fax_call.h and line.h.
 */
#ifndef OPENFAXCOM_FAX_ENDPOINT_H
#define OPENFAXCOM_FAX_ENDPOINT_H

#include <spandsp.h>

#include "fax_call.h"

struct fax_endpoint {
    enum fax_call_end end;
    t30_state_t *t30;
    int total_pages;                 /* sender: pages in the document; receiver: 0 */
    bool done;                       /* phase E came; result is final */
    struct fax_call_end_result result;
    fax_call_progress_fn *progress;
    void *user_data;
    /* The last event reported, so that spandsp's repeated frames (retries, retraining) report once. */
    enum fax_call_phase last_phase;
    int last_page;
    int pages_reported;
    const char *rx_path;             /* receiver: the file spandsp writes (the request's) */
    bool store_failed;               /* receiver: a page arrived that the file does not hold (a full disk):
                                        the front end must end the call before T.30 confirms it */
};

/* Sets up the end of the call in request on t30: the sender sends request->send.tx_tiff (total_pages
 * pages, as fax_call_check_send counted) with request->send.tsi; the receiver writes request->rx_tiff
 * with request->csi. The request has been checked. Fails only when spandsp refuses a value. */
enum fax_call_status fax_endpoint_setup(struct fax_endpoint *endpoint, t30_state_t *t30, enum fax_call_end end,
                                        const struct fax_call_request *request, int total_pages,
                                        fax_call_progress_fn *progress, void *user_data,
                                        struct fax_call_error *error);

/* Reports a phase of this end (the DIALING a front end knows about before T.30 does). */
void fax_endpoint_report(struct fax_endpoint *endpoint, enum fax_call_phase phase, int page);

/* Ends a session that is still running (abort, time limit, a dead line): phase E runs, files close. */
void fax_endpoint_terminate(struct fax_endpoint *endpoint);

/* Whether a failed session with this completion code is worth another call. File errors are fatal at
 * the sender (our document) but retryable at the receiver (its disk, not the job). */
enum fax_call_outcome fax_endpoint_classify(int completion_code, enum fax_call_end end);

/* Refuses text (an ident, a sub-address, header text) longer than max or not printable ASCII, as T.30
   carries it; NULL is accepted. what names it in the reason. */
enum fax_call_status fax_check_text(const char *what, const char *text, size_t max, struct fax_call_error *error);

/* Real time, for every front end that paces audio or T.38 (the loopback call, a SIP call's media): sleeps
 * until the 20 ms block after *deadline (CLOCK_MONOTONIC, absolute) and advances it. After a long stall (a
 * debugger, an overloaded machine) it starts afresh rather than rushing to catch up. Returns the seconds
 * it slept. */
double fax_pace_block(struct timespec *deadline);

/* Fills *error (may be NULL) and returns status. */
enum fax_call_status fax_call_fail(struct fax_call_error *error, enum fax_call_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
