/*
 * Loopback lines (see line.h): an exchange of fax lines in one process. A call from one line to another
 * is a real T.30 call between two spandsp audio endpoints (fax_call.h), run on a worker thread of the
 * calling line. The exchange's lock guards only who is in a call with whom; the calls themselves run
 * unlocked, so calls between different pairs of lines run side by side.
 */
#include "line.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct loopback_call;

struct loopback_line {
    struct fax_line base;
    struct loopback_exchange *exchange;
    char *digits;                    /* of its number: what a dial string must match */
    struct loopback_call *call;      /* the call it is in, either end; under the exchange's lock */
};

struct loopback_exchange {
    pthread_mutex_t lock;
    pthread_cond_t worker_ended;
    struct loopback_options options;
    struct loopback_line **lines;
    size_t line_count;
    int workers;                     /* calls placed whose worker has not finished */
    bool closing;
    atomic_uint received;            /* numbers the files of received faxes */
};

struct loopback_call {
    struct line_call base;
    struct loopback_exchange *exchange;
    struct loopback_line *caller, *callee;
    struct fax_call *fax;
    struct fax_call_observer observer;
    char *rx_path;
    bool running;                    /* the worker has started; under the exchange's lock */
};

static struct loopback_line *loopback_line(struct fax_line *line)
{
    return (struct loopback_line *) line;   /* base is the first member */
}

/* The digits of a number or dial string: "+1 (555) 1002" and "15551002" dial the same line. */
static char *digits_of(const char *text)
{
    char *digits = malloc(strlen(text) + 1);
    if (digits == NULL)
        return NULL;
    size_t length = 0;
    for (const char *c = text; *c != '\0'; c++)
        if (isdigit((unsigned char) *c))
            digits[length++] = *c;
    digits[length] = '\0';
    return digits;
}

static struct loopback_line *find_line(struct loopback_exchange *exchange, const char *digits)
{
    for (size_t i = 0; i < exchange->line_count; i++)
        if (strcmp(exchange->lines[i]->digits, digits) == 0)
            return exchange->lines[i];
    return NULL;
}

static void call_abort(struct line_call *base)
{
    fax_call_abort(((struct loopback_call *) base)->fax);
}

static void call_destroy(struct line_call *base)
{
    struct loopback_call *call = (struct loopback_call *) base;
    fax_call_free(call->fax);
    free(call->rx_path);
    free(call);
}

static const struct line_call_ops loopback_call_ops = { call_abort, call_destroy };

/* Both lines are busy from here until the worker frees them. */
static void reserve(struct loopback_call *call)
{
    call->caller->call = call->callee->call = call;
    atomic_store(&call->caller->base.activity, LINE_STATE_DIALING);
    atomic_store(&call->callee->base.activity, LINE_STATE_RECEIVING);
    call->exchange->workers++;
}

static void free_lines(struct loopback_call *call)
{
    call->caller->call = call->callee->call = NULL;
    atomic_store(&call->caller->base.activity, LINE_STATE_IDLE);
    atomic_store(&call->callee->base.activity, LINE_STATE_IDLE);
}

static void worker_ended(struct loopback_exchange *exchange)
{
    pthread_mutex_lock(&exchange->lock);
    exchange->workers--;
    pthread_cond_broadcast(&exchange->worker_ended);
    pthread_mutex_unlock(&exchange->lock);
}

/* Undoes reserve() for a call that could not start. */
static void unreserve(struct loopback_call *call)
{
    pthread_mutex_lock(&call->exchange->lock);
    free_lines(call);
    pthread_mutex_unlock(&call->exchange->lock);
    worker_ended(call->exchange);
    if (call->rx_path != NULL)
        remove(call->rx_path);
    call_destroy(&call->base);
}

/* Progress from the call's two ends: the sender's goes to the placed call's observer, the receiver's
   to the called line's receiver. */
static void on_progress(void *user_data, const struct fax_call_progress *progress)
{
    struct loopback_call *call = user_data;
    line_report_progress(&call->caller->base, &call->observer, &call->callee->base, progress);
}

static void report_reception(struct loopback_call *call, const struct fax_call_result *result)
{
    if (!result->receiver.started) {   /* aborted before the line rang: nothing to report, no page */
        remove(call->rx_path);
        return;
    }
    line_report_reception(&call->callee->base, call->rx_path, call->caller->base.config.number, &result->receiver,
                          result);
}

static void *run_call(void *argument)
{
    struct loopback_call *call = argument;
    struct loopback_exchange *exchange = call->exchange;
    struct fax_call_result result;

    pthread_mutex_lock(&exchange->lock);
    if (exchange->closing)
        fax_call_abort(call->fax);
    call->running = true;
    pthread_mutex_unlock(&exchange->lock);

    fax_call_run(call->fax, &result);

    pthread_mutex_lock(&exchange->lock);
    call->running = false;
    free_lines(call);
    pthread_mutex_unlock(&exchange->lock);

    report_reception(call, &result);
    call->observer.on_complete(call->observer.user_data, LINE_OK, &result);
    line_call_release(&call->base);
    worker_ended(exchange);   /* last: the exchange may be freed from here on */
    return NULL;
}

/* Finds and reserves the called line. Returns LINE_OK with both lines reserved for call. */
static enum line_status route(struct loopback_call *call, const char *dial_string, const char *digits,
                              struct line_error *error)
{
    struct loopback_exchange *exchange = call->exchange;
    struct loopback_line *caller = call->caller;
    enum line_status status = LINE_OK;

    pthread_mutex_lock(&exchange->lock);
    struct loopback_line *callee = find_line(exchange, digits);
    if (exchange->closing)
        status = line_fail(error, LINE_OFFLINE, "the loopback exchange is shutting down");
    else if (caller->call != NULL)
        status = line_fail(error, LINE_IN_USE, "line %s is in a call", caller->base.config.number);
    else if (callee == NULL)
        status = line_fail(error, LINE_NO_SUCH_NUMBER, "no line has the number %s (dialed \"%.60s\")", digits,
                           dial_string);
    else if (callee->call != NULL || callee == caller)
        status = line_fail(error, LINE_BUSY, "line %s is busy", callee->base.config.number);
    else if (!atomic_load(&callee->base.online) || !atomic_load(&callee->base.receive_enabled))
        status = line_fail(error, LINE_NO_ANSWER, "line %s does not answer (%s)", callee->base.config.number,
                           atomic_load(&callee->base.online) ? "receiving is disabled" : "out of service");
    if (status == LINE_OK) {
        call->callee = callee;
        reserve(call);
    }
    pthread_mutex_unlock(&exchange->lock);
    return status;
}

static const char *or_null(const char *text)
{
    return text != NULL && text[0] != '\0' ? text : NULL;
}

/* The call between the two lines: the job's request within what the exchange's lines can do. */
static enum line_status start_call(struct loopback_call *call, const struct fax_send_request *send, int modems,
                                   struct line_error *error)
{
    const struct loopback_options *options = &call->exchange->options;
    char why[200];

    call->rx_path = line_create_rx_file(&call->callee->base, &call->exchange->received, why, sizeof why);
    if (call->rx_path == NULL)
        return line_fail(error, LINE_NO_ANSWER, "%s", why);

    char caller_tsid[FAX_IDENT_MAX + 1], callee_csid[FAX_IDENT_MAX + 1];
    line_idents(&call->caller->base, caller_tsid, NULL);
    line_idents(&call->callee->base, NULL, callee_csid);
    struct fax_call_request request = {
        .send = *send,
        .csi = or_null(callee_csid),
        .rx_tiff = call->rx_path,
        .real_time = options->real_time,
    };
    request.send.tsi = send->tsi != NULL ? send->tsi : or_null(caller_tsid);
    request.send.ecm = send->ecm && options->ecm;
    request.send.modems = modems;
    struct fax_call_error fax_error = { 0 };
    call->fax = fax_call_new(&request, on_progress, call, &fax_error);
    if (call->fax == NULL)
        return line_fail(error, fax_error.status == FAX_CALL_ERR_RESOURCES ? LINE_NO_RESOURCES : LINE_BAD_REQUEST,
                         "%s", fax_error.detail);

    pthread_t worker;
    pthread_attr_t attributes;
    /* Detached: nobody joins it; loopback_exchange_free waits for the worker count instead. */
    if (pthread_attr_init(&attributes) != 0)
        return line_fail(error, LINE_NO_RESOURCES, "cannot start a worker thread");
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int failure = pthread_create(&worker, &attributes, run_call, call);
    pthread_attr_destroy(&attributes);
    if (failure != 0)
        return line_fail(error, LINE_NO_RESOURCES, "cannot start a worker thread: %s", strerror(failure));
    return LINE_OK;
}

static enum line_status place_call(struct fax_line *line, const char *dial_string,
                                   const struct fax_send_request *send, const struct fax_call_observer *observer,
                                   struct line_call **handle, struct line_error *error)
{
    struct loopback_line *caller = loopback_line(line);
    struct loopback_exchange *exchange = caller->exchange;

    if (!atomic_load(&line->online))
        return line_fail(error, LINE_OFFLINE, "line %s is out of service", line->config.number);
    if (!atomic_load(&line->send_enabled))
        return line_fail(error, LINE_CANNOT_SEND, "sending is disabled on line %s", line->config.number);
    /* The document first: a file that can never be sent fails the job before any line rings. */
    struct fax_call_error fax_error = { 0 };
    if (fax_call_check_send(send, NULL, &fax_error) != FAX_CALL_ERR_NONE)
        return line_fail(error, LINE_BAD_REQUEST, "%s", fax_error.detail);
    int modems = (send->modems != 0 ? send->modems : FAX_MODEM_ALL) &
                 (exchange->options.modems != 0 ? exchange->options.modems : FAX_MODEM_ALL);
    if (modems == 0)
        return line_fail(error, LINE_BAD_REQUEST, "line %s has none of the modems the job allows (0x%x)",
                         line->config.number, (unsigned) send->modems);

    char *digits = digits_of(dial_string);
    struct loopback_call *call = digits != NULL ? calloc(1, sizeof *call) : NULL;
    if (call == NULL) {
        free(digits);
        return line_fail(error, LINE_NO_RESOURCES, "out of memory");
    }
    line_call_init(&call->base, &loopback_call_ops, 2);   /* the caller's and the worker's */
    call->exchange = exchange;
    call->caller = caller;
    call->observer = *observer;

    enum line_status status = digits[0] == '\0'
        ? line_fail(error, LINE_NO_SUCH_NUMBER, "the dial string \"%.60s\" has no digits", dial_string)
        : route(call, dial_string, digits, error);
    free(digits);
    if (status != LINE_OK) {
        call_destroy(&call->base);
        return status;
    }
    status = start_call(call, send, modems, error);
    if (status != LINE_OK) {
        unreserve(call);
        return status;
    }
    *handle = &call->base;
    return LINE_OK;
}

static const struct fax_line_ops loopback_line_ops = {
    .kind = "loopback",
    .place_call = place_call,
};

struct loopback_exchange *loopback_exchange_new(const struct loopback_options *options)
{
    struct loopback_exchange *exchange = calloc(1, sizeof *exchange);
    if (exchange == NULL)
        return NULL;
    if (options != NULL)
        exchange->options = *options;
    atomic_init(&exchange->received, 0);
    if (pthread_mutex_init(&exchange->lock, NULL) != 0) {
        free(exchange);
        return NULL;
    }
    if (pthread_cond_init(&exchange->worker_ended, NULL) != 0) {
        pthread_mutex_destroy(&exchange->lock);
        free(exchange);
        return NULL;
    }
    return exchange;
}

static void free_line(struct loopback_line *line)
{
    line_cleanup(&line->base);
    free(line->digits);
    free(line);
}

/* Checks the configuration and makes the line (not yet in the exchange). */
static enum line_status make_line(struct loopback_exchange *exchange, const struct fax_line_config *config,
                                  struct loopback_line **made, struct line_error *error)
{
    if (config->number == NULL)
        return line_fail(error, LINE_BAD_REQUEST, "a loopback line needs a number");
    if (config->receive_enabled && (config->receive_dir == NULL || config->receive_dir[0] == '\0'))
        return line_fail(error, LINE_BAD_REQUEST, "line %s receives but has no receive_dir", config->number);
    struct loopback_line *line = calloc(1, sizeof *line);
    if (line == NULL || !line_init(&line->base, &loopback_line_ops, config)) {
        free(line);
        return line_fail(error, LINE_NO_RESOURCES, "out of memory");
    }
    line->exchange = exchange;
    line->digits = digits_of(config->number);
    if (line->digits == NULL || line->digits[0] == '\0') {
        bool no_memory = line->digits == NULL;
        free_line(line);
        return no_memory ? line_fail(error, LINE_NO_RESOURCES, "out of memory")
                         : line_fail(error, LINE_BAD_REQUEST, "the number \"%.60s\" has no digits", config->number);
    }
    *made = line;
    return LINE_OK;
}

enum line_status loopback_exchange_add_line(struct loopback_exchange *exchange, const struct fax_line_config *config,
                                            struct fax_line **added, struct line_error *error)
{
    struct loopback_line *line = NULL;
    enum line_status status = make_line(exchange, config, &line, error);
    if (status != LINE_OK)
        return status;

    pthread_mutex_lock(&exchange->lock);
    struct loopback_line **lines = NULL;
    if (find_line(exchange, line->digits) != NULL)
        status = line_fail(error, LINE_BAD_REQUEST, "the number %s is taken", config->number);
    else if ((lines = realloc(exchange->lines, (exchange->line_count + 1) * sizeof *lines)) == NULL)
        status = line_fail(error, LINE_NO_RESOURCES, "out of memory");
    else {
        exchange->lines = lines;
        exchange->lines[exchange->line_count++] = line;
    }
    pthread_mutex_unlock(&exchange->lock);

    if (status != LINE_OK)
        free_line(line);
    else if (added != NULL)
        *added = &line->base;
    return status;
}

void loopback_exchange_free(struct loopback_exchange *exchange)
{
    if (exchange == NULL)
        return;
    pthread_mutex_lock(&exchange->lock);
    exchange->closing = true;
    /* A call whose worker has not started yet sees closing itself. */
    for (size_t i = 0; i < exchange->line_count; i++) {
        struct loopback_call *call = exchange->lines[i]->call;
        if (call != NULL && call->caller == exchange->lines[i] && call->running)
            fax_call_abort(call->fax);
    }
    while (exchange->workers > 0)
        pthread_cond_wait(&exchange->worker_ended, &exchange->lock);
    pthread_mutex_unlock(&exchange->lock);

    for (size_t i = 0; i < exchange->line_count; i++)
        free_line(exchange->lines[i]);
    free(exchange->lines);
    pthread_cond_destroy(&exchange->worker_ended);
    pthread_mutex_destroy(&exchange->lock);
    free(exchange);
}
