/*
 * The scheduler thread: picks the next job the policy allows, turns its documents into fax pages,
 * places the call on a free line, and applies what the call's end says. Calls run on the lines'
 * worker threads; their observers take the queue lock and wake this thread.
 */
#include "queue_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "document.h"
#include "faxtiff.h"
#include "log.h"
#include "route.h"

struct call_context {
    struct faxd_queue *queue;
    struct faxd_line *line;
    uint32_t job_id;
    bool connected;               /* SEND_CONNECTED was posted */
    time_t page_started;          /* for SEND_PAGE's "in M:SS" */
};

/* The line for a job: its MODEM parameter if it names one, else the free line that may send with the
 * best priority (preferring one that is not the number being dialled). */
static struct faxd_line *free_line(struct faxd_queue *queue, const struct fax_job *job)
{
    const char *wanted = job_param(job, "MODEM"), *dial = job_param(job, "DIALSTRING");
    struct faxd_line *fallback = NULL;

    for (int rank = 1; rank <= (int)queue->line_count; rank++) {
        struct faxd_line *line = queue_line_ranked_locked(queue, rank);
        const struct fax_line_config *c = line ? line_config(line->line) : NULL;
        if (!line || line->job_id || line_state(line->line) != LINE_STATE_IDLE || !line->line->send_enabled
            || !line->line->online)
            continue;
        if (wanted && *wanted && strcasecmp(wanted, "any") && strcmp(wanted, c->name) && strcmp(wanted, c->number))
            continue;
        if (dial && !strcmp(dial, c->number)) {
            fallback = fallback ? fallback : line;
            continue;
        }
        return line;
    }
    return fallback;
}

const char *queue_job_tsid_locked(struct faxd_queue *queue, const struct fax_job *job, const char *line_tsid)
{
    const char *tsi = job_param(job, "TSI");
    return queue->settings.use_device_tsid || !tsi || !*tsi ? line_tsid : tsi;
}

/* VRES says how faxd should image PostScript, PDF and text; a TIFF keeps its own vertical resolution
 * (halving a fine scan because the client asked for normal would throw away half of it). */
static enum document_resolution resolution_for(const char *input, enum document_resolution requested)
{
    struct faxtiff *tiff = NULL;
    enum document_resolution resolution = requested;

    if (document_detect_file(input) == DOCUMENT_TIFF && faxtiff_read_path(input, &tiff, NULL) == FAXTIFF_OK) {
        const struct faxtiff_page *page = faxtiff_page(tiff, 0);
        double lines_per_inch = page->resolution_unit == 3 ? page->y_resolution * 2.54 : page->y_resolution;
        resolution = lines_per_inch >= 150 ? DOCUMENT_FINE : DOCUMENT_NORMAL;
    }
    faxtiff_free(tiff);
    return resolution;
}

/* What a conversion needs, copied from the job under the lock: the conversion runs unlocked, and
 * meanwhile the job may be killed, deleted and freed. The result is stored in the job under the lock. */
struct conversion {
    uint32_t job_id;
    char **documents;             /* spool-relative, in order */
    size_t document_count;
    enum document_resolution resolution;
    enum document_paper paper;
    bool branding;
    char tsid[FAX_IDENT_MAX + 1];
    char *fax_file;               /* the result: docq/jobN.tif, and its page count */
    int pages;
    bool spool_full;              /* it failed for want of space: the job waits, it is not failed */
};

static void conversion_free(struct conversion *conversion)
{
    if (!conversion)
        return;
    for (size_t i = 0; i < conversion->document_count; i++)
        free(conversion->documents[i]);
    free(conversion->documents);
    free(conversion->fax_file);
    free(conversion);
}

static struct conversion *conversion_of_locked(struct faxd_queue *queue, const struct fax_job *job,
                                               const char *line_tsid)
{
    struct conversion *conversion = calloc(1, sizeof(*conversion));

    if (!conversion || !(conversion->documents = calloc(job->document_count + 1, sizeof(char *)))) {
        free(conversion);
        return NULL;
    }
    conversion->job_id = job->id;
    for (; conversion->document_count < job->document_count; conversion->document_count++) {
        char **slot = &conversion->documents[conversion->document_count];
        if (!(*slot = strdup(job->documents[conversion->document_count]))) {
            conversion_free(conversion);
            return NULL;
        }
    }
    conversion->resolution = job_param_long(job, "VRES", 196) >= 196 ? DOCUMENT_FINE : DOCUMENT_NORMAL;
    conversion->paper = job_param_long(job, "PAGEWIDTH", 209) >= 213 ? DOCUMENT_PAPER_LETTER : DOCUMENT_PAPER_A4;
    conversion->branding = queue->settings.branding;
    snprintf(conversion->tsid, sizeof(conversion->tsid), "%s", queue_job_tsid_locked(queue, job, line_tsid));
    return conversion;
}

/* Converts the documents into one fax TIFF in docq (kept for retries); runs unlocked, touching only
 * the conversion and the spool. */
static bool convert(struct faxd_queue *queue, struct conversion *conversion, char *why, size_t why_size)
{
    char name[48];
    char *temp = spool_temp_path(queue->spool, ".tif");
    struct document_options options;
    bool ok = temp != NULL;
    int total_pages = 0;

    document_options_init(&options);
    options.paper = conversion->paper;
    for (size_t i = 0; ok && i < conversion->document_count; i++) {
        struct document_error error = { 0 };
        int pages = 0;
        char *input = spool_path(queue->spool, conversion->documents[i]);
        options.resolution = resolution_for(input, conversion->resolution);
        if (document_convert_with(input, DOCUMENT_UNKNOWN, &options, temp, i > 0, &pages, &error) != DOCUMENT_OK) {
            snprintf(why, why_size, "Document %zu cannot be converted: %s", i + 1, error.detail);
            ok = false;
        }
        total_pages += pages;
        free(input);
    }
    if (ok && conversion->branding) {
        struct document_error error = { 0 };
        char header[160], when[32];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
        snprintf(header, sizeof(header), "%s  From %.20s  Job %u  Page %%p of %%P", when, conversion->tsid,
                 conversion->job_id);
        if (document_brand(temp, NULL, header, &error) != DOCUMENT_OK) {
            snprintf(why, why_size, "Cannot brand the pages: %s", error.detail);
            ok = false;
        }
    }
    snprintf(name, sizeof(name), "docq/job%u.tif", conversion->job_id);
    if (ok && spool_commit(queue->spool, temp, name) != SPOOL_OK) {
        snprintf(why, why_size, "Cannot store the converted pages");
        ok = false;
    }
    if (!ok)
        conversion->spool_full = spool_write_failure() == SPOOL_ERR_FULL || spool_nearly_full(queue->spool);
    if (!ok && temp)
        remove(temp);
    free(temp);
    if (ok && !(conversion->fax_file = strdup(name))) {
        spool_remove(queue->spool, name);
        snprintf(why, why_size, "Out of memory");
        ok = false;
    }
    conversion->pages = total_pages;
    return ok;
}

enum queue_result queue_preview(struct faxd_queue *queue, uint32_t id, const char *output, char *why,
                                size_t why_size)
{
    struct conversion *conversion;
    struct fax_job *job;
    struct document_options options;
    struct document_error error = { 0 };
    char *input, *pages;
    enum document_status status;

    pthread_mutex_lock(&queue->lock);
    job = queue_find_locked(queue, id);
    conversion = job && job->document_count ? conversion_of_locked(queue, job, "") : NULL;
    pthread_mutex_unlock(&queue->lock);
    if (!conversion) {
        snprintf(why, why_size, job ? "The job has no documents" : "No such job");
        return job ? QUEUE_INVALID : QUEUE_NO_SUCH_JOB;
    }
    /* the first document alone, as the first attempt would convert it (no branding: it is the document) */
    document_options_init(&options);
    options.paper = conversion->paper;
    input = spool_path(queue->spool, conversion->documents[0]);
    pages = spool_temp_path(queue->spool, ".tif");
    status = input && pages ? DOCUMENT_OK : DOCUMENT_ERR_NO_MEMORY;
    if (status == DOCUMENT_OK) {
        options.resolution = resolution_for(input, conversion->resolution);
        status = document_convert_with(input, DOCUMENT_UNKNOWN, &options, pages, false, NULL, &error);
    }
    if (status == DOCUMENT_OK)
        status = document_first_page(pages, output, &error);
    if (status != DOCUMENT_OK)
        snprintf(why, why_size, "%s", error.detail[0] ? error.detail : document_strerror(status));
    if (pages)
        remove(pages);
    free(pages);
    free(input);
    conversion_free(conversion);
    return status == DOCUMENT_OK ? QUEUE_OK : QUEUE_INVALID;
}

/* A kill is final at once (queue_kill): what the scheduler or a call ends with must not undo it. While
 * a line works on a job, only a kill takes it out of RUNNING. */
static bool killed(const struct fax_job *job)
{
    return job->state != JOB_RUNNING || job_param(job, "KILLED") != NULL;
}

static enum sched_outcome outcome_of(enum line_status dial, const struct fax_call_result *result, bool stopping)
{
    switch (dial) {
    case LINE_OK: break;
    case LINE_BUSY: return SCHED_BUSY;
    case LINE_NO_ANSWER: return SCHED_NO_ANSWER;
    case LINE_NO_SUCH_NUMBER: case LINE_BAD_REQUEST: return SCHED_FATAL;
    default: return SCHED_INTERRUPTED;   /* no line could take it: not the job's fault */
    }
    switch (result->outcome) {
    case FAX_CALL_OK: return SCHED_SENT;
    case FAX_CALL_RETRYABLE: return SCHED_NO_CARRIER;
    case FAX_CALL_FATAL: return SCHED_FATAL;
    case FAX_CALL_ABORTED: return stopping ? SCHED_INTERRUPTED : SCHED_NO_CARRIER;
    }
    return SCHED_FATAL;
}

/* ArchiveOutboundFaxes: a copy of each fax sent, as it was sent. */
static void archive(struct faxd_queue *queue, const struct fax_job *job)
{
    char name[32], why[300];
    char *source = spool_path(queue->spool, job->fax_file);

    snprintf(name, sizeof(name), "q%u.tif", job->id);
    if (source && !route_copy_file(source, queue->settings.archive_directory, name, why, sizeof(why)))
        faxd_log("job %u: not archived: %s", job->id, why);
    free(source);
}

/* The policy for one job: a RETRYTIME (MMSS) it gives wins over the server's RetryDelay. */
static struct sched_policy policy_for(const struct faxd_queue *queue, const struct fax_job *job)
{
    struct sched_policy policy = queue->policy;
    const char *retry = job_param(job, "RETRYTIME");
    int minutes, seconds;

    if (retry && strlen(retry) == 4 && sscanf(retry, "%2d%2d", &minutes, &seconds) == 2)
        policy.retry_delay = minutes * 60 + seconds;
    return policy;
}

/* Applies the end of an attempt to the job, with the lock held. */
static void finish_attempt(struct faxd_queue *queue, struct fax_job *job, enum line_status dial,
                           const struct fax_call_result *result, const char *detail)
{
    /* A call killed late may still end "sent": it stays killed, as the owner was told. */
    enum sched_outcome outcome = killed(job) ? SCHED_ABORTED : outcome_of(dial, result, queue->stopping);
    bool was_final = job_state_final(job->state);   /* killed: its end was posted then */

    if (result && dial == LINE_OK)
        job->pages_sent = result->sender.pages;
    if (outcome == SCHED_SENT && job->fax_file) {
        char took[32];
        char text[240];
        /* the far end's CSI is faxd's addition (FaxJobStatus.CSID); hfaxd's line stops at the file */
        snprintf(text, sizeof(text), "Document sent in %s (file %s) CSI \"%s\"",
                 queue_duration_text((time_t)result->line_seconds, took, sizeof(took)), job->fax_file,
                 result->sender.remote_ident);
        queue_post_job_locked(queue, EV_SEND_DOC, job, text);
    }
    queue_post_job_locked(queue, EV_SEND_END, job, NULL);
    if (outcome == SCHED_INTERRUPTED && queue->stopping) {
        job_set_status(job, JOB_PENDING, "Interrupted by a service stop; will retry");
        queue_persist_locked(queue, job);
        return;
    }
    if (outcome == SCHED_INTERRUPTED) {   /* e.g. the line went into a call meanwhile: wait for another */
        job_set_status(job, JOB_WAITING, "Waiting for a free line");
        job->next_attempt = time(NULL) + 2;   /* not at once: that could spin */
        queue_post_job_locked(queue, EV_SEND_REQUEUE, job, NULL);
        queue_wake_job_locked(queue, job);   /* so that the sender sets its timer for it */
        return;
    }
    /* A try over T.38 that reached the far end and failed: the next ones go as G.711 audio. */
    if (outcome == SCHED_NO_CARRIER && result && !strcmp(result->transport, "T.38")) {
        job_set_param(job, "T38FAILED", "YES");
        sched_refresh(job);
    }
    struct sched_policy policy = policy_for(queue, job);
    sched_after_attempt(job, outcome, detail, &policy, time(NULL));
    if (job->state == JOB_DONE && result && result->transport[0])   /* a network line says how it went */
        job_set_status(job, JOB_DONE, detail);
    route_transfer_log(spool_root(queue->spool), "SEND\t%s\tjob %u\t%s\t%d\t%d\t%.0f\t%s",
                       job->line ? job->line : "-", job->id, job_param(job, "DIALSTRING"), job->pages_sent,
                       result ? result->sender.bit_rate : 0, result ? result->line_seconds : 0.0,
                       detail && *detail ? detail : line_strerror(dial));
    if (job->state == JOB_DONE && queue->settings.archive && job->fax_file)
        archive(queue, job);
    faxd_log("job %u: attempt over: %s; now %s%s%s (dials %d, tries %d, pages %d)", job->id,
             detail && *detail ? detail : line_strerror(dial), job_state_name(job->state), *job->status ? ": " : "",
             job->status, job->dials, job->tries, job->pages_sent);
    queue_persist_locked(queue, job);
    if (!was_final && job_state_final(job->state))
        queue_post_final_locked(queue, job);
    else if (!was_final)
        queue_post_job_locked(queue, EV_SEND_REQUEUE, job, NULL);
    if (!was_final && job->state == JOB_SLEEPING)   /* until its retry time */
        queue_post_job_locked(queue, EV_JOB_SLEEP, job, NULL);
}

/* A send's progress as SEND events: connected at the first training, a page when it is confirmed. */
static void post_send_progress_locked(struct call_context *context, const struct fax_call_progress *progress)
{
    struct faxd_queue *queue = context->queue;
    const struct fax_job *job = queue_find_locked(queue, context->job_id);
    time_t now = time(NULL);
    char took[32], text[200];

    if (!job)
        return;
    if (!context->connected && (progress->phase == FAX_CALL_TRAINING || progress->phase == FAX_CALL_SENDING_PAGE)) {
        context->connected = true;
        context->page_started = now;
        queue_post_job_locked(queue, EV_SEND_CONNECTED, job, NULL);
    }
    if (progress->phase == FAX_CALL_PAGE_DONE) {
        snprintf(text, sizeof(text), "Page %d sent in %s (file %s) <%d bit/s>", progress->page,
                 queue_duration_text(now - context->page_started, took, sizeof(took)), job->fax_file ? job->fax_file : "",
                 progress->bit_rate);
        context->page_started = now;
        queue_post_job_locked(queue, EV_SEND_PAGE, job, text);
    }
}

/* The far end confirmed the last page: stored before the call hangs up (and before a line of ours that
 * took the call stores the fax), so that a restart after a crash knows it was delivered. */
static void store_all_confirmed_locked(struct faxd_queue *queue, uint32_t id, int pages)
{
    struct fax_job *job = queue_find_locked(queue, id);

    if (!job || killed(job))
        return;
    job->pages_sent = pages;
    queue_persist_locked(queue, job);
}

static void on_call_progress(void *user_data, const struct fax_call_progress *progress)
{
    struct call_context *context = user_data;
    struct faxd_queue *queue = context->queue;

    pthread_mutex_lock(&queue->lock);
    post_send_progress_locked(context, progress);
    if (progress->phase == FAX_CALL_PAGE_DONE && progress->total_pages > 0 && progress->page >= progress->total_pages)
        store_all_confirmed_locked(queue, context->job_id, progress->page);
    /* Training is part of sending its page: STATUS shows the page from then on. */
    if (progress->phase == FAX_CALL_SENDING_PAGE || progress->phase == FAX_CALL_TRAINING) {
        context->line->page = progress->page;
        context->line->pages = progress->total_pages;
        snprintf(context->line->activity, sizeof(context->line->activity), "Sending page %d of %d", progress->page,
                 progress->total_pages);
    } else if (progress->phase == FAX_CALL_DIALING) {
        snprintf(context->line->activity, sizeof(context->line->activity), "Dialing");
    }
    pthread_mutex_unlock(&queue->lock);
}

/* The line is free again, for LIST status and the scheduler. */
static void line_idle_locked(struct faxd_line *line)
{
    if (line->job_id)
        queue_post_line(line->queue, EV_MODEM_RELEASE, line, NULL);
    line->job_id = 0;
    line->page = line->pages = 0;
    line->call_started = 0;
    snprintf(line->activity, sizeof(line->activity), "Running and idle");
}

static void on_call_complete(void *user_data, enum line_status dial, const struct fax_call_result *result)
{
    struct call_context *context = user_data;
    struct faxd_queue *queue = context->queue;

    pthread_mutex_lock(&queue->lock);
    struct fax_job *job = queue_find_locked(queue, context->job_id);   /* NULL: deleted after its kill */
    if (job)
        finish_attempt(queue, job, dial, result,
                       dial == LINE_OK || (result && result->reason[0]) ? result->reason : line_strerror(dial));
    line_idle_locked(context->line);
    queue_post_line(queue, EV_MODEM_READY, context->line, NULL);
    if (context->line->call) {
        line_call_release(context->line->call);
        context->line->call = NULL;
    }
    queue_wake_all_locked(queue);   /* a line is free: the best of every ready job may go */
    pthread_mutex_unlock(&queue->lock);
    free(context);
}

/* Converts the job's documents with the lock released for the conversion. True when the job may be
 * dialled; false when the conversion failed (the job has failed) or the job was killed or deleted
 * meanwhile (a kill at any phase wins). The job is looked up again: it may be gone. */
static bool prepare(struct faxd_queue *queue, uint32_t id, const char *line_tsid)
{
    char why[400] = "Out of memory";
    struct conversion *conversion = conversion_of_locked(queue, queue_find_locked(queue, id), line_tsid);
    bool converted = false, may_dial = false;

    if (conversion) {
        why[0] = '\0';
        pthread_mutex_unlock(&queue->lock);
        converted = convert(queue, conversion, why, sizeof(why));
        pthread_mutex_lock(&queue->lock);
    }
    struct fax_job *job = queue_find_locked(queue, id);
    if (!job || killed(job)) {
        if (converted)
            spool_remove(queue->spool, conversion->fax_file);
        faxd_log("job %u: killed while its documents were converted; not sent", id);
    } else if (converted) {
        free(job->fax_file);
        job->fax_file = conversion->fax_file;
        conversion->fax_file = NULL;
        job->pages_total = conversion->pages;
        may_dial = true;
    } else if (conversion && conversion->spool_full) {   /* not the document's fault: a try later */
        job_set_status(job, JOB_SLEEPING, "The spool is full: the documents cannot be converted; will retry");
        job->next_attempt = time(NULL) + policy_for(queue, job).retry_delay;
        faxd_log("job %u: %s (%s)", id, job->status, why);
        queue_persist_locked(queue, job);
        queue_post_job_locked(queue, EV_JOB_SLEEP, job, NULL);
        queue_wake_job_locked(queue, job);   /* so that the sender sets its timer for the retry */
    } else {
        sched_after_attempt(job, SCHED_FATAL, why, &queue->policy, time(NULL));
        faxd_log("job %u: %s", id, job->status);
        queue_persist_locked(queue, job);
        queue_post_final_locked(queue, job);
    }
    conversion_free(conversion);
    return may_dial;
}

/* Starts one job on one line; the lock is held on entry and exit, but not while converting. */
static void start(struct faxd_queue *queue, struct fax_job *job, struct faxd_line *line)
{
    uint32_t id = job->id;
    char line_tsid[FAX_IDENT_MAX + 1];

    line->job_id = id;   /* reserve the line */
    job_set_status(job, JOB_RUNNING, "Preparing documents");
    snprintf(line->activity, sizeof(line->activity), "Preparing job %u", id);
    free(job->line);
    job->line = strdup(line_config(line->line)->name);
    queue_persist_locked(queue, job);
    queue_post_job_locked(queue, EV_JOB_ACTIVE, job, NULL);
    queue_post_line(queue, EV_MODEM_ASSIGN, line, NULL);
    line_idents(line->line, line_tsid, NULL);
    if (!job->fax_file) {
        queue_post_job_locked(queue, EV_JOB_PREP_BEGIN, job, NULL);
        if (!prepare(queue, id, line_tsid)) {
            line_idle_locked(line);
            return;
        }
        queue_post_job_locked(queue, EV_JOB_PREP_END, queue_find_locked(queue, id), NULL);
    }
    job = queue_find_locked(queue, id);   /* prepare let the lock go; it answered true, so the job is there */

    char *tx = spool_path(queue->spool, job->fax_file);
    struct fax_send_request send = {
        .tx_tiff = tx, .tsi = queue_job_tsid_locked(queue, job, line_tsid),
        .sub_address = job_param(job, "SUBADDR"),
    };
    struct sched_capabilities caps = sched_call_capabilities(job, queue->config->ecm);
    send.ecm = caps.ecm;
    send.modems = FAX_MODEM_V27TER | (caps.v29 ? FAX_MODEM_V29 : 0) | (caps.v17 ? FAX_MODEM_V17 : 0);
    static const enum fax_t38_use t38_use[] = {
        [SCHED_T38_LINE] = FAX_T38_LINE_DEFAULT, [SCHED_T38_PREFER] = FAX_T38_PREFER,
        [SCHED_T38_ACCEPT] = FAX_T38_ACCEPT, [SCHED_T38_NEVER] = FAX_T38_NEVER,
    };
    send.t38 = t38_use[caps.t38];
    if (job->tries > 0)
        faxd_log("job %u: try %d steps down:%s%s%s", id, job->tries + 1, caps.v17 ? "" : " no V.17",
                 caps.ecm ? "" : ", no ECM", caps.t38_failed ? ", no T.38 (it failed on an earlier try)" : "");
    struct fax_call_observer observer = { NULL, on_call_progress, on_call_complete };
    struct call_context *context = malloc(sizeof(*context));
    struct line_error error = { 0 };
    struct line_call *call = NULL;
    enum line_status status = LINE_NO_RESOURCES;

    if (context) {
        *context = (struct call_context){ queue, line, id, false, 0 };
        observer.user_data = context;
        queue_post_job_locked(queue, EV_SEND_BEGIN, job, NULL);
        queue_post_line(queue, EV_MODEM_BUSY, line, NULL);
        queue_post_job_locked(queue, EV_SEND_CALL, job, NULL);
        job_set_status(job, JOB_RUNNING, "Dialing");
        snprintf(line->activity, sizeof(line->activity), "Dialing %.40s", job_param(job, "DIALSTRING"));
        line->call_started = time(NULL);
        faxd_log("job %u: dialing %s on %s", id, job_param(job, "DIALSTRING"), line_config(line->line)->name);
        status = line_place_call(line->line, job_param(job, "DIALSTRING"), &send, &observer, &call, &error);
    }
    free(tx);
    if (status == LINE_OK) {
        line->call = call;
        return;
    }
    if (context)
        queue_post_line(queue, EV_MODEM_READY, line, NULL);
    free(context);
    line_idle_locked(line);
    finish_attempt(queue, job, status, NULL, error.detail[0] ? error.detail : line_strerror(status));
}

/* Fails jobs past their kill time and finds when to look again. */
static time_t expire_and_next_wake(struct faxd_queue *queue, struct fax_job **jobs, size_t count, time_t now)
{
    time_t next = now + 60;

    for (size_t i = 0; i < count; i++) {
        struct fax_job *job = jobs[i];
        const char *why;
        time_t again;
        if (job_state_final(job->state) || job->state == JOB_RUNNING)
            continue;
        if (sched_expire(job, now)) {
            faxd_log("job %u: kill time expired", job->id);
            queue_persist_locked(queue, job);
            queue_post_job_locked(queue, EV_JOB_TIMEDOUT, job, NULL);
            queue_post_final_locked(queue, job);
            continue;
        }
        if (!sched_ready(job, &queue->policy, now, &why, &again)) {
            if (why && strcmp(job->status, why) && job->state != JOB_SUSPENDED) {
                job_set_status(job, job->state == JOB_SLEEPING ? JOB_SLEEPING : JOB_WAITING, why);
            }
            if (again && again < next)
                next = again;
        }
    }
    return next;
}

/* The jobs a pass looks at: every job, or those changed since the last pass. Picking a job lets the
 * lock go (to convert), after which any job may be gone: the list is of ids, found again each time.
 * Each look is counted, for the tests that check a change costs the same in any queue. */
struct pass {
    bool full;
    uint32_t *ids;
    size_t id_count;
    struct fax_job **jobs;        /* for a partial pass, the ids' jobs still in the table */
    size_t job_count;
};

static void pass_find_jobs(struct faxd_queue *queue, struct pass *pass)
{
    if (pass->full) {
        pass->jobs = queue->jobs;
        pass->job_count = queue->job_count;
        queue->work.jobs_examined += pass->job_count;
        return;
    }
    pass->job_count = 0;
    for (size_t i = 0; i < pass->id_count; i++) {
        struct fax_job *job = queue_find_locked(queue, pass->ids[i]);
        if (job)
            pass->jobs[pass->job_count++] = job;
    }
    queue->work.changed_jobs_examined += pass->job_count;
}

/* Starts the ready jobs of the pass, best first, while lines take them. */
static void start_ready(struct faxd_queue *queue, struct pass *pass)
{
    long pick;

    for (;;) {
        pass_find_jobs(queue, pass);
        if (queue->stopping || (pick = sched_pick(pass->jobs, pass->job_count, &queue->policy, time(NULL))) < 0)
            return;
        struct fax_job *job = pass->jobs[pick];
        struct faxd_line *line = free_line(queue, job);
        if (!line) {
            if (job->state != JOB_WAITING || strcmp(job->status, "Waiting for a free line"))
                job_set_status(job, JOB_WAITING, "Waiting for a free line");
            return;   /* a line's end wakes us */
        }
        start(queue, job, line);
    }
}

/* One look at the queue: at every job when something concerning them all changed or the clock reached
 * the time asked for, else at only the jobs changed since (a submission costs the same in any queue). */
static void sender_pass(struct faxd_queue *queue, time_t now)
{
    struct pass pass = { .full = queue->rescan || now >= queue->rescan_at };

    queue->work.passes++;
    pass.ids = queue->changed;
    pass.id_count = queue->changed_count;
    queue->changed = NULL;
    queue->changed_count = queue->changed_capacity = 0;
    if (pass.full) {
        queue->work.full_scans++;
        queue->rescan = false;
        queue_purge_done_locked(queue, now);
        pass_find_jobs(queue, &pass);
        queue->rescan_at = expire_and_next_wake(queue, pass.jobs, pass.job_count, now);
    } else {
        if (!(pass.jobs = calloc(pass.id_count, sizeof(*pass.jobs)))) {
            queue->rescan = true;   /* out of memory: the next pass looks at every job instead */
            free(pass.ids);
            return;
        }
        pass_find_jobs(queue, &pass);
        time_t next = expire_and_next_wake(queue, pass.jobs, pass.job_count, now);
        queue->rescan_at = next < queue->rescan_at ? next : queue->rescan_at;
    }
    start_ready(queue, &pass);
    if (!pass.full)
        free(pass.jobs);
    free(pass.ids);
}

void *sender_thread(void *argument)
{
    struct faxd_queue *queue = argument;

    pthread_mutex_lock(&queue->lock);
    while (!queue->stopping) {
        time_t now = time(NULL);
        if (queue->rescan || queue->changed_count || now >= queue->rescan_at) {
            sender_pass(queue, now);
            continue;
        }
        struct timespec until = { queue->rescan_at, 0 };
        pthread_cond_timedwait(&queue->wake, &queue->lock, &until);
    }
    pthread_mutex_unlock(&queue->lock);
    return NULL;
}
