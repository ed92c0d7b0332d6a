/*
 * A whole T.30 call between two spandsp audio endpoints of ours (see fax_call.h).
 *
 * Each step moves one 20 ms block (160 samples at 8 kHz) from the caller to the answerer and one back;
 * spandsp's timers run on those samples, so a call takes its normal line time (about 40 s for a fine
 * page at 14400 bit/s) but, unpaced, only the CPU the modems need. Aborts and the time limit are looked
 * at between blocks, so a call ends within one block of either.
 */
#include "fax_call.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fax_endpoint.h"

enum {
    CALL_SAMPLE_RATE = 8000,
    CALL_BLOCK = 160,                                /* samples a step, each way: 20 ms */
    CALL_BLOCK_NANOSECONDS = 20 * 1000 * 1000,
    CALL_DEFAULT_LIMIT_SECONDS = 15 * 60,            /* plus as much again per page */
};

struct fax_call {
    struct fax_call_request request;   /* its strings point into the copies below */
    char *copies[6];
    int pages;
    fax_call_progress_fn *progress;
    void *user_data;
    atomic_bool abort_requested;
    bool ran;
};

struct audio_end {
    fax_state_t *fax;
    struct fax_endpoint endpoint;
};

const char *fax_call_strerror(enum fax_call_status status)
{
    switch (status) {
    case FAX_CALL_ERR_NONE: return "the fax was sent";
    case FAX_CALL_ERR_REQUEST: return "the request is not valid";
    case FAX_CALL_ERR_DOCUMENT: return "the document cannot be sent as a fax";
    case FAX_CALL_ERR_RESOURCES: return "out of memory or fax engine resources";
    case FAX_CALL_ERR_T30: return "the fax session failed";
    case FAX_CALL_ERR_INCOMPLETE: return "not every page arrived";
    case FAX_CALL_ERR_TIME_LIMIT: return "the call ran into its time limit";
    case FAX_CALL_ERR_ABORTED: return "the call was aborted";
    }
    return "unknown fax call status";
}

const char *fax_call_outcome_name(enum fax_call_outcome outcome)
{
    switch (outcome) {
    case FAX_CALL_OK: return "ok";
    case FAX_CALL_RETRYABLE: return "retryable";
    case FAX_CALL_FATAL: return "fatal";
    case FAX_CALL_ABORTED: return "aborted";
    }
    return "unknown";
}

const char *fax_call_phase_name(enum fax_call_phase phase)
{
    switch (phase) {
    case FAX_CALL_DIALING: return "dialing";
    case FAX_CALL_TRAINING: return "training";
    case FAX_CALL_SENDING_PAGE: return "sending page";
    case FAX_CALL_RECEIVING_PAGE: return "receiving page";
    case FAX_CALL_PAGE_DONE: return "page done";
    case FAX_CALL_HANGUP: return "hangup";
    }
    return "unknown";
}

enum fax_call_outcome fax_call_status_outcome(enum fax_call_status status)
{
    switch (status) {
    case FAX_CALL_ERR_NONE: return FAX_CALL_OK;
    case FAX_CALL_ERR_REQUEST:
    case FAX_CALL_ERR_DOCUMENT: return FAX_CALL_FATAL;
    case FAX_CALL_ERR_ABORTED: return FAX_CALL_ABORTED;
    default: return FAX_CALL_RETRYABLE;
    }
}

static struct fax_call *refuse(struct fax_call_error *error, enum fax_call_status status, const char *detail)
{
    fax_call_fail(error, status, "%s", detail);
    return NULL;
}

/* Copies *text into the call (NULL stays NULL); false when out of memory. */
static bool keep(struct fax_call *call, int slot, const char **text)
{
    if (*text == NULL)
        return true;
    call->copies[slot] = strdup(*text);
    *text = call->copies[slot];
    return *text != NULL;
}

struct fax_call *fax_call_new(const struct fax_call_request *request, fax_call_progress_fn *progress,
                              void *user_data, struct fax_call_error *error)
{
    int pages = 0;
    if (request == NULL)
        return refuse(error, FAX_CALL_ERR_REQUEST, "no request");
    if (fax_call_check_send(&request->send, &pages, error) != FAX_CALL_ERR_NONE ||
        fax_check_text("CSI", request->csi, FAX_IDENT_MAX, error) != FAX_CALL_ERR_NONE)
        return NULL;
    if (request->rx_tiff == NULL || request->rx_tiff[0] == '\0')
        return refuse(error, FAX_CALL_ERR_REQUEST, "no file for the receiver to write");
    if (request->time_limit_seconds < 0)
        return refuse(error, FAX_CALL_ERR_REQUEST, "a negative time limit");

    struct fax_call *call = calloc(1, sizeof *call);
    if (call == NULL)
        return refuse(error, FAX_CALL_ERR_RESOURCES, "out of memory");
    call->request = *request;
    struct fax_send_request *send = &call->request.send;
    if (!keep(call, 0, &send->tx_tiff) || !keep(call, 1, &send->tsi) || !keep(call, 2, &send->sub_address) ||
        !keep(call, 3, &send->header_info) || !keep(call, 4, &call->request.csi) ||
        !keep(call, 5, &call->request.rx_tiff)) {
        fax_call_free(call);
        return refuse(error, FAX_CALL_ERR_RESOURCES, "out of memory");
    }
    call->pages = pages;
    call->progress = progress;
    call->user_data = user_data;
    atomic_init(&call->abort_requested, false);
    return call;
}

void fax_call_abort(struct fax_call *call)
{
    atomic_store(&call->abort_requested, true);
}

void fax_call_free(struct fax_call *call)
{
    if (call == NULL)
        return;
    for (size_t i = 0; i < sizeof call->copies / sizeof call->copies[0]; i++)
        free(call->copies[i]);
    free(call);
}

static double seconds(clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (double) now.tv_sec + now.tv_nsec / 1e9;
}

static enum fax_call_status open_end(struct audio_end *end, bool calling, const struct fax_call *call,
                                     struct fax_call_error *error)
{
    end->fax = fax_init(NULL, calling);
    if (end->fax == NULL)
        return fax_call_fail(error, FAX_CALL_ERR_RESOURCES, "spandsp could not set up the %s",
                             calling ? "caller" : "answerer");
    span_log_set_level(fax_get_logging_state(end->fax), SPAN_LOG_NONE);
    fax_set_transmit_on_idle(end->fax, true);   /* always a full block: silence between signals */
    fax_set_tep_mode(end->fax, false);
    return fax_endpoint_setup(&end->endpoint, fax_get_t30_state(end->fax),
                              calling ? FAX_CALL_SENDER : FAX_CALL_RECEIVER, &call->request, call->pages,
                              call->progress, call->user_data, error);
}

/* Moves one block of audio from one end to the other. */
static void transfer(struct audio_end *from, struct audio_end *to)
{
    int16_t block[CALL_BLOCK];
    int produced = fax_tx(from->fax, block, CALL_BLOCK);
    if (produced < 0)
        produced = 0;
    if (produced < CALL_BLOCK)
        memset(block + produced, 0, (size_t) (CALL_BLOCK - produced) * sizeof block[0]);
    fax_rx(to->fax, block, CALL_BLOCK);
}

double fax_pace_block(struct timespec *deadline)
{
    deadline->tv_nsec += CALL_BLOCK_NANOSECONDS;
    if (deadline->tv_nsec >= 1000000000L) {
        deadline->tv_nsec -= 1000000000L;
        deadline->tv_sec++;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > deadline->tv_sec + 1) {
        *deadline = now;
        return 0;
    }
    double ahead = (double) (deadline->tv_sec - now.tv_sec) + (deadline->tv_nsec - now.tv_nsec) / 1e9;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, NULL) == EINTR)
        continue;
    return ahead > 0 ? ahead : 0;
}

enum stop_reason { STOP_ENDED, STOP_ABORTED, STOP_TIME_LIMIT, STOP_NOT_STORED };

static enum stop_reason exchange_audio(struct fax_call *call, struct audio_end *caller, struct audio_end *answerer,
                                       long *steps, double *paced_seconds)
{
    int limit = call->request.time_limit_seconds;
    if (limit == 0)
        limit = CALL_DEFAULT_LIMIT_SECONDS * (1 + call->pages);
    long max_steps = (long) limit * (CALL_SAMPLE_RATE / CALL_BLOCK);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);

    for (*steps = 0; !(caller->endpoint.done && answerer->endpoint.done); (*steps)++) {
        if (atomic_load(&call->abort_requested))
            return STOP_ABORTED;
        if (answerer->endpoint.store_failed)   /* before its MCF reaches the sender */
            return STOP_NOT_STORED;
        if (*steps >= max_steps)
            return STOP_TIME_LIMIT;
        transfer(caller, answerer);
        transfer(answerer, caller);
        if (call->request.real_time)
            *paced_seconds += fax_pace_block(&deadline);
    }
    return STOP_ENDED;
}

static void set_reason(struct fax_call_result *result, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void set_reason(struct fax_call_result *result, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(result->reason, sizeof result->reason, format, args);
    va_end(args);
}

/* The verdict on a call that ran: the sender's view decides, the receiver's completes it. */
static void judge(struct fax_call_result *result, enum stop_reason stop)
{
    const struct fax_call_end_result *tx = &result->sender, *rx = &result->receiver;
    int total = result->pages_in_document;

    if (stop == STOP_ABORTED) {
        result->status = FAX_CALL_ERR_ABORTED;
        result->outcome = FAX_CALL_ABORTED;
        set_reason(result, "aborted by request after %d of %d pages", tx->pages, total);
    } else if (stop == STOP_NOT_STORED) {
        /* The sender sends the whole fax again later: what the receiver kept of it is not a fax. */
        result->status = FAX_CALL_ERR_T30;
        result->outcome = FAX_CALL_RETRYABLE;
        result->receiver.pages = 0;
        set_reason(result, "the receiver could not store a page (its disk is full); %d of %d pages sent", tx->pages,
                   total);
    } else if (stop == STOP_TIME_LIMIT) {
        result->status = FAX_CALL_ERR_TIME_LIMIT;
        result->outcome = FAX_CALL_RETRYABLE;
        set_reason(result, "no end of call after %.0f s of line time; %d of %d pages sent", result->line_seconds,
                   tx->pages, total);
    } else if (tx->completion_code != T30_ERR_OK) {
        result->status = FAX_CALL_ERR_T30;
        result->outcome = fax_endpoint_classify(tx->completion_code, FAX_CALL_SENDER);
        set_reason(result, "%s; %d of %d pages sent", tx->completion_text, tx->pages, total);
    } else if (rx->completion_code != T30_ERR_OK) {
        result->status = FAX_CALL_ERR_T30;
        result->outcome = fax_endpoint_classify(rx->completion_code, FAX_CALL_RECEIVER);
        set_reason(result, "the receiver failed: %s; %d of %d pages sent", rx->completion_text, tx->pages, total);
    } else if (total <= 0 || tx->pages != total || rx->pages != total) {
        /* "OK" at both ends is not enough: a call that moved no page, or lost one, is no success. */
        result->status = FAX_CALL_ERR_INCOMPLETE;
        result->outcome = FAX_CALL_RETRYABLE;
        set_reason(result, "the call ended normally but %d of %d pages were sent and %d received", tx->pages, total,
                   rx->pages);
    } else {
        result->status = FAX_CALL_ERR_NONE;
        result->outcome = FAX_CALL_OK;
        set_reason(result, "%d page%s sent at %d bit/s%s", total, total == 1 ? "" : "s", tx->bit_rate,
                   tx->ecm ? " with ECM" : "");
    }
}

static void fail_before_start(struct fax_call_result *result, const struct fax_call_error *error)
{
    result->status = error->status;
    result->outcome = fax_call_status_outcome(error->status);
    set_reason(result, "%s", error->detail);
}

enum fax_call_status fax_call_run(struct fax_call *call, struct fax_call_result *result)
{
    double wall_start = seconds(CLOCK_MONOTONIC), cpu_start = seconds(CLOCK_THREAD_CPUTIME_ID);
    memset(result, 0, sizeof *result);
    result->pages_in_document = call->pages;
    result->started = time(NULL);

    struct fax_call_error error = { 0 };
    struct audio_end caller = { 0 }, answerer = { 0 };
    if (call->ran) {
        error = (struct fax_call_error) { FAX_CALL_ERR_REQUEST, "the call has already run" };
        fail_before_start(result, &error);
        return result->status;
    }
    call->ran = true;

    if (atomic_load(&call->abort_requested)) {
        error = (struct fax_call_error) { FAX_CALL_ERR_ABORTED, "aborted by request before dialing" };
        fail_before_start(result, &error);
    } else if (open_end(&caller, true, call, &error) != FAX_CALL_ERR_NONE ||
               open_end(&answerer, false, call, &error) != FAX_CALL_ERR_NONE) {
        fail_before_start(result, &error);
    } else {
        fax_endpoint_report(&caller.endpoint, FAX_CALL_DIALING, 0);
        long steps = 0;
        enum stop_reason stop = exchange_audio(call, &caller, &answerer, &steps, &result->paced_seconds);
        /* An abort or the limit leaves ends in the call: end them, which closes their files. */
        fax_endpoint_terminate(&caller.endpoint);
        fax_endpoint_terminate(&answerer.endpoint);
        result->sender = caller.endpoint.result;
        result->receiver = answerer.endpoint.result;
        result->line_seconds = (double) steps * CALL_BLOCK / CALL_SAMPLE_RATE;
        judge(result, stop);
    }

    if (caller.fax != NULL)
        fax_free(caller.fax);
    if (answerer.fax != NULL)
        fax_free(answerer.fax);
    result->wall_seconds = seconds(CLOCK_MONOTONIC) - wall_start;
    result->cpu_seconds = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
    return result->status;
}
