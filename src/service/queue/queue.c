/* The job table: submission, control (kill, suspend, resume, delete), persistence and recovery. */
#include "queue_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"

/* The first slot whose job id is not below id (job_count when none). */
static size_t slot_of(const struct faxd_queue *queue, uint32_t id)
{
    size_t low = 0, high = queue->job_count;

    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (queue->jobs[middle]->id < id)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

struct fax_job *queue_find_locked(struct faxd_queue *queue, uint32_t id)
{
    size_t slot = slot_of(queue, id);
    return slot < queue->job_count && queue->jobs[slot]->id == id ? queue->jobs[slot] : NULL;
}

static bool make_room_locked(struct faxd_queue *queue)
{
    if (queue->job_count < queue->job_capacity)
        return true;
    size_t wanted = queue->job_capacity ? queue->job_capacity * 2 : 64;
    struct fax_job **more = realloc(queue->jobs, wanted * sizeof(*more));
    if (!more)
        return false;
    queue->jobs = more;
    queue->job_capacity = wanted;
    return true;
}

/* Ids are handed out in order, so a job almost always goes at the end; one submitted late by a slow
 * session moves only the few submitted after it. */
static bool add_job_locked(struct faxd_queue *queue, struct fax_job *job)
{
    if (!make_room_locked(queue))
        return false;
    size_t slot = slot_of(queue, job->id);
    memmove(&queue->jobs[slot + 1], &queue->jobs[slot], (queue->job_count - slot) * sizeof(*queue->jobs));
    queue->jobs[slot] = job;
    queue->job_count++;
    return true;
}

static void remove_job_locked(struct faxd_queue *queue, struct fax_job *job)
{
    size_t slot = slot_of(queue, job->id);
    if (slot < queue->job_count && queue->jobs[slot] == job) {
        memmove(&queue->jobs[slot], &queue->jobs[slot + 1], (queue->job_count - slot - 1) * sizeof(*queue->jobs));
        queue->job_count--;
    }
}

void queue_wake_job_locked(struct faxd_queue *queue, const struct fax_job *job)
{
    if (queue->changed_count == queue->changed_capacity) {
        size_t wanted = queue->changed_capacity ? queue->changed_capacity * 2 : 64;
        uint32_t *more = realloc(queue->changed, wanted * sizeof(*more));
        if (!more) {   /* the sender still sees the job: it looks at them all */
            queue_wake_all_locked(queue);
            return;
        }
        queue->changed = more;
        queue->changed_capacity = wanted;
    }
    queue->changed[queue->changed_count++] = job->id;
    pthread_cond_broadcast(&queue->wake);
}

void queue_wake_all_locked(struct faxd_queue *queue)
{
    queue->rescan = true;
    pthread_cond_broadcast(&queue->wake);
}

void queue_work(struct faxd_queue *queue, struct queue_work *out)
{
    pthread_mutex_lock(&queue->lock);
    *out = queue->work;
    out->changes_pending = queue->changed_count;
    pthread_mutex_unlock(&queue->lock);
}

/* A finished job goes to doneq first, then leaves sendq: a crash between the two leaves it in
 * both, and recovery keeps the doneq copy. */
enum spool_status queue_store_locked(struct faxd_queue *queue, struct fax_job *job)
{
    char name[32];
    size_t size;
    char *text = job_serialize(job, &size);
    enum spool_status status;

    if (!text)
        return SPOOL_ERR_NO_MEMORY;
    snprintf(name, sizeof(name), "%s/q%u", job_state_final(job->state) ? "doneq" : "sendq", job->id);
    status = spool_write_atomic(queue->spool, name, text, size);
    free(text);
    if (status == SPOOL_OK && job_state_final(job->state)) {
        snprintf(name, sizeof(name), "sendq/q%u", job->id);
        spool_remove(queue->spool, name);
        pthread_cond_broadcast(&queue->finished);
    }
    if (status != SPOOL_OK)
        faxd_log("job %u: cannot write its spool file%s", job->id, status == SPOOL_ERR_FULL ? ": the spool is full" : "");
    return status;
}

bool queue_persist_locked(struct faxd_queue *queue, struct fax_job *job)
{
    return queue_store_locked(queue, job) == SPOOL_OK;
}

/* A job the service stopped in the middle of. When the far end had confirmed every page (the sender
 * stores that before hanging up), the fax is delivered: sending it again would deliver it twice. */
static void recover_interrupted_locked(struct faxd_queue *queue, struct fax_job *job)
{
    if (job->pages_total > 0 && job->pages_sent >= job->pages_total) {
        sched_after_attempt(job, SCHED_SENT, NULL, &queue->policy, time(NULL));
        faxd_log("job %u: every page was confirmed before the service stopped; it is done, not sent again", job->id);
    } else {
        sched_after_attempt(job, SCHED_INTERRUPTED, NULL, &queue->policy, time(NULL));
        faxd_log("job %u: was being sent when the service stopped; it will be retried", job->id);
    }
    queue_persist_locked(queue, job);
}

/* A job file read at start-up, and the queue it came from. */
struct loaded_job {
    struct fax_job *job;
    bool done;
};

struct loaded_jobs {
    struct loaded_job *all;
    size_t count, capacity;
};

static void read_folder(struct faxd_queue *queue, const char *folder, struct loaded_jobs *into)
{
    char **names, path[64], why[120];
    size_t count;

    if (spool_list(queue->spool, folder, "q", &names, &count) != SPOOL_OK)
        return;
    for (size_t i = 0; i < count; i++) {
        char *text = NULL;
        struct fax_job *job;
        snprintf(path, sizeof(path), "%s/%s", folder, names[i]);
        if (strchr(names[i], '.') || spool_read(queue->spool, path, &text, NULL) != SPOOL_OK)
            goto next;
        job = job_parse(text, why, sizeof(why));
        if (!job) {   /* the other jobs are served; a person decides what this one was */
            char kept[300];
            if (spool_quarantine(queue->spool, path, kept, sizeof(kept)) == SPOOL_OK)
                faxd_log("%s is damaged (%s); moved to %s", path, why, kept);
            else
                faxd_log("%s is damaged (%s) and cannot be moved aside; skipped", path, why);
            goto next;
        }
        if (into->count == into->capacity) {
            size_t wanted = into->capacity ? into->capacity * 2 : 256;
            struct loaded_job *more = realloc(into->all, wanted * sizeof(*more));
            if (!more) {
                job_free(job);
                goto next;
            }
            into->all = more;
            into->capacity = wanted;
        }
        into->all[into->count++] = (struct loaded_job){ job, !strcmp(folder, "doneq") };
    next:
        free(text);
    }
    spool_free_list(names, count);
}

static int by_id_done_first(const void *a, const void *b)
{
    const struct loaded_job *x = a, *y = b;
    if (x->job->id != y->job->id)
        return x->job->id < y->job->id ? -1 : 1;
    return (int)y->done - (int)x->done;
}

/* Both queues are read, then sorted once: the table is built in id order without a search per job. */
static void load_spool(struct faxd_queue *queue)
{
    struct loaded_jobs loaded = { 0 };

    read_folder(queue, "doneq", &loaded);
    read_folder(queue, "sendq", &loaded);
    if (loaded.count)   /* qsort must not be given NULL, even for nothing */
        qsort(loaded.all, loaded.count, sizeof(*loaded.all), by_id_done_first);
    for (size_t i = 0; i < loaded.count; i++) {
        struct fax_job *job = loaded.all[i].job;
        if (queue->job_count && queue->jobs[queue->job_count - 1]->id == job->id) {
            char path[32];   /* in both queues after a crash while finishing: the done copy (first) wins */
            snprintf(path, sizeof(path), "sendq/q%u", job->id);
            spool_remove(queue->spool, path);
            job_free(job);
            continue;
        }
        if (job->state == JOB_RUNNING)
            recover_interrupted_locked(queue, job);
        sched_refresh(job);
        if (!make_room_locked(queue)) {
            job_free(job);
            continue;
        }
        queue->jobs[queue->job_count++] = job;
    }
    free(loaded.all);
}

/* A slot for each line (a port), in the order faxd.conf gives them. */
static void add_slot(struct faxd_queue *queue, struct fax_line *line, const struct faxd_line_config *c,
                     struct sip_trunk *trunk)
{
    struct faxd_line *slot = &queue->lines[queue->line_count++];
    slot->line = line;
    slot->queue = queue;
    slot->trunk = trunk;
    slot->rings = c->rings;
    slot->priority = c->priority;
    snprintf(slot->activity, sizeof(slot->activity), "Running and idle");
}

static void log_sip(void *user_data, int level, const char *message)
{
    (void) user_data;
    if (level <= 6)   /* debug lines stay out of faxd's log */
        faxd_log("%s", message);
}

/* Broken SIP that the SIP stack refuses by itself (400) before a line sees it: one log line each. */
static void log_sip_stack(void *user_data, int level, const char *message)
{
    (void) user_data;
    (void) level;
    faxd_log("SIP: refused a broken message: %s", message);
}

/* A SIP line: one trunk (one user agent) with a port per channel, named NAME-1 ... NAME-N when several. */
static bool make_sip_line(struct faxd_queue *queue, const struct faxd_line_config *c, const char *receive_dir,
                          char *why, size_t why_size)
{
    /* up to FAXD_MAX_PORTS channels: too many for the stack */
    struct fax_line_config *channels = calloc((size_t)c->channels, sizeof(*channels));
    char (*names)[64] = calloc((size_t)c->channels, sizeof(*names)), device[96];
    struct line_error error = { 0 };

    if (!channels || !names) {
        free(channels);
        free(names);
        snprintf(why, why_size, "line %s: out of memory", c->number);
        return false;
    }
    snprintf(device, sizeof(device), "sip:%s", c->listen);
    for (int i = 0; i < c->channels; i++) {
        if (c->channels == 1)
            snprintf(names[i], sizeof(names[i]), "%s", c->name);
        else
            snprintf(names[i], sizeof(names[i]), "%.50s-%d", c->name, i + 1);
        channels[i] = (struct fax_line_config) {
            .number = c->number, .name = names[i], .device_id = device, .tsid = c->tsid, .csid = c->csid,
            .send_enabled = c->send, .receive_enabled = c->receive, .rings = c->rings, .receive_dir = receive_dir,
            .receiver = { queue, inbox_on_fax_received, inbox_on_progress },
        };
    }
    struct sip_trunk_options options = {
        .ua = { .listen = c->listen, .proxy = c->proxy, .user = c->user, .number = c->number,
                .password = c->password, .register_with_proxy = c->register_with_proxy },
        .t38 = (enum sip_t38_policy) c->t38,
        .media_address = c->media_address,
        .rtp_port_min = c->rtp_port_min, .rtp_port_max = c->rtp_port_max,
        .answer_seconds = c->answer_timeout, .silence_seconds = c->silence_timeout,
        .ecm = queue->config->ecm,
        .log = log_sip,
    };
    struct sip_trunk *trunk;
    sip_ua_set_stack_log(log_sip_stack, NULL);   /* faxd's log lives as long as the process */
    enum line_status status = sip_trunk_new(&options, channels, c->channels, &trunk, &error);
    free(channels);
    free(names);
    if (status != LINE_OK) {
        snprintf(why, why_size, "line %s: %s", c->number, error.detail);
        return false;
    }
    queue->trunks[queue->trunk_count++] = trunk;
    for (int i = 0; i < c->channels; i++)
        add_slot(queue, sip_trunk_line(trunk, i), c, trunk);
    return true;
}

static bool make_lines(struct faxd_queue *queue, char *why, size_t why_size)
{
    struct loopback_options options = { .ecm = queue->config->ecm, .real_time = queue->config->real_time };
    char *receive_dir = spool_path(queue->spool, "tmp");
    bool ok = true;

    queue->exchange = loopback_exchange_new(&options);
    if (!queue->exchange || !receive_dir) {
        free(receive_dir);
        snprintf(why, why_size, "cannot set up the lines");
        return false;
    }
    for (size_t i = 0; ok && i < queue->config->line_count; i++) {
        const struct faxd_line_config *c = &queue->config->lines[i];
        if (c->type == FAXD_LINE_SIP) {
            ok = make_sip_line(queue, c, receive_dir, why, why_size);
            continue;
        }
        char device[64];
        struct line_error error = { 0 };
        struct fax_line *line;
        snprintf(device, sizeof(device), "loopback:%s", c->number);
        struct fax_line_config line_config = {
            .number = c->number, .name = c->name, .device_id = device, .tsid = c->tsid, .csid = c->csid,
            .send_enabled = c->send, .receive_enabled = c->receive, .rings = c->rings, .receive_dir = receive_dir,
            .receiver = { queue, inbox_on_fax_received, inbox_on_progress },
        };
        if (loopback_exchange_add_line(queue->exchange, &line_config, &line, &error) != LINE_OK) {
            snprintf(why, why_size, "line %s: %s", c->number, error.detail);
            ok = false;
            continue;
        }
        add_slot(queue, line, c, NULL);
    }
    free(receive_dir);
    return ok;
}

struct faxd_queue *queue_open(const struct faxd_config *config, struct spool *spool, char *why, size_t why_size)
{
    struct faxd_queue *queue = calloc(1, sizeof(*queue));

    if (!queue) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&queue->lock, NULL);
    pthread_cond_init(&queue->wake, NULL);
    pthread_cond_init(&queue->finished, NULL);
    queue->config = config;
    queue->spool = spool;
    queue->rescan = true;   /* the sender's first look is at every job */
    if (!(queue->events = events_new())) {
        snprintf(why, why_size, "out of memory");
        queue_close(queue);
        return NULL;
    }
    if (!make_lines(queue, why, why_size)) {
        queue_close(queue);
        return NULL;
    }
    queue_settings_load(queue);   /* the policy, over faxd.conf */
    pthread_mutex_lock(&queue->lock);
    load_spool(queue);
    inbox_check_at_start(queue);
    uint32_t highest = queue->job_count ? queue->jobs[queue->job_count - 1]->id : 0;
    pthread_mutex_unlock(&queue->lock);
    if (spool_number_above(spool, "seqf", highest) != SPOOL_OK) {
        snprintf(why, why_size, "cannot update the job sequence in %s", spool_root(spool));
        queue_close(queue);
        return NULL;
    }
    return queue;
}

void queue_start(struct faxd_queue *queue)
{
    if (pthread_create(&queue->scheduler, NULL, sender_thread, queue) == 0)
        queue->started = true;
}

void queue_close(struct faxd_queue *queue)
{
    if (!queue)
        return;
    pthread_mutex_lock(&queue->lock);
    queue->stopping = true;
    pthread_cond_broadcast(&queue->wake);
    pthread_mutex_unlock(&queue->lock);
    if (queue->started)
        pthread_join(queue->scheduler, NULL);
    if (queue->exchange)
        loopback_exchange_free(queue->exchange);   /* ends the calls; their callbacks still run */
    for (size_t i = 0; i < queue->trunk_count; i++)
        sip_trunk_free(queue->trunks[i]);           /* the same for SIP calls */
    for (size_t i = 0; i < queue->line_count; i++)
        if (queue->lines[i].call)
            line_call_release(queue->lines[i].call);
    queue_free_jobs(queue->jobs, queue->job_count);
    free(queue->changed);
    events_close(queue->events);   /* after the lines: their last callbacks may still post */
    free(queue);
}

bool queue_new_job_id(struct faxd_queue *queue, uint32_t *id)
{
    return spool_next_number(queue->spool, "seqf", id) == SPOOL_OK;
}

/* Whether user has max_queued jobs not yet done (max-jobs-per-user). A walk of the queue, taken only when
 * the queue is that long at all, so a short queue or no limit costs nothing. */
static bool over_limit_locked(struct faxd_queue *queue, const char *user, int max_queued)
{
    size_t count = 0;

    if (max_queued <= 0 || queue->job_count < (size_t)max_queued)
        return false;
    for (size_t i = 0; i < queue->job_count && count < (size_t)max_queued; i++)
        if (!job_state_final(queue->jobs[i]->state) && !strcmp(queue->jobs[i]->owner, user))
            count++;
    return count >= (size_t)max_queued;
}

enum queue_result queue_submit(struct faxd_queue *queue, struct fax_job *job, char *why, size_t why_size)
{
    return queue_submit_limited(queue, job, 0, why, why_size);
}

enum queue_result queue_submit_limited(struct faxd_queue *queue, struct fax_job *job, int max_queued, char *why,
                                       size_t why_size)
{
    const char *dial = job_param(job, "DIALSTRING");

    if (!dial || !*dial) {
        snprintf(why, why_size, "Cannot submit job %u; null or missing DIALSTRING parameter.", job->id);
        return QUEUE_INVALID;
    }
    if (job->document_count == 0) {
        snprintf(why, why_size, "Cannot submit job %u; no documents.", job->id);
        return QUEUE_INVALID;
    }
    if (!job_param(job, "LASTTIME")) {   /* the tools always send one; a missing one gets the default */
        char last[16];
        int minutes = queue->config->kill_time / 60;
        snprintf(last, sizeof(last), "%02d%02d%02d", minutes / 1440, minutes / 60 % 24, minutes % 60);
        job_set_param(job, "LASTTIME", last);
    }
    job->submitted = time(NULL);
    job_set_status(job, JOB_PENDING, "");
    sched_refresh(job);
    pthread_mutex_lock(&queue->lock);
    if (over_limit_locked(queue, job->owner, max_queued)) {
        pthread_mutex_unlock(&queue->lock);
        snprintf(why, why_size, "Cannot submit job %u; %s has %d jobs queued already (max-jobs-per-user).", job->id,
                 job->owner, max_queued);
        return QUEUE_LIMIT;
    }
    enum spool_status stored = queue_store_locked(queue, job);
    if (stored != SPOOL_OK || !add_job_locked(queue, job)) {
        char name[32];
        if (stored == SPOOL_OK) {   /* out of memory: what is not in the table must not come back at a restart */
            snprintf(name, sizeof(name), "sendq/q%u", job->id);
            spool_remove(queue->spool, name);
        }
        pthread_mutex_unlock(&queue->lock);
        snprintf(why, why_size, "Failed to submit job %u: %s.", job->id,
                 stored == SPOOL_ERR_FULL ? "the spool is full" : "the spool cannot be written");
        return stored == SPOOL_ERR_FULL ? QUEUE_FULL : QUEUE_IO;
    }
    faxd_log("job %u: submitted by %s for %s, %zu document(s)", job->id, job->owner, dial, job->document_count);
    queue_post_created_locked(queue, job);
    queue_post_job_locked(queue, EV_JOB_READY, job, NULL);
    queue_wake_job_locked(queue, job);
    pthread_mutex_unlock(&queue->lock);
    return QUEUE_OK;
}

static enum queue_result permitted(struct fax_job *job, const char *user, bool admin)
{
    if (!job)
        return QUEUE_NO_SUCH_JOB;
    return admin || !strcmp(job->owner, user) ? QUEUE_OK : QUEUE_NOT_PERMITTED;
}

static struct faxd_line *line_sending(struct faxd_queue *queue, uint32_t id)
{
    for (size_t i = 0; i < queue->line_count; i++)
        if (queue->lines[i].job_id == id)
            return &queue->lines[i];
    return NULL;
}

/* Final at once and on disk before the owner hears 200, whatever the job is doing: a call is aborted,
 * and whatever the scheduler or the call ends with afterwards sees KILLED and leaves the job failed. */
enum queue_result queue_kill(struct faxd_queue *queue, uint32_t id, const char *user, bool admin)
{
    pthread_mutex_lock(&queue->lock);
    struct fax_job *job = queue_find_locked(queue, id);
    enum queue_result result = permitted(job, user, admin);

    if (result == QUEUE_OK && job_state_final(job->state))
        result = QUEUE_ALREADY_DONE;
    if (result == QUEUE_OK) {
        struct faxd_line *line = line_sending(queue, id);
        if (line && line->call)
            line_call_abort(line->call);
        job_set_param(job, "KILLED", "YES");
        sched_refresh(job);
        sched_after_attempt(job, SCHED_ABORTED, NULL, &queue->policy, time(NULL));
        if (!queue_persist_locked(queue, job))
            result = QUEUE_IO;
        faxd_log("job %u: killed by %s%s", id, user, line ? " while its line was working on it" : "");
        queue_post_job_locked(queue, EV_JOB_KILL, job, NULL);
        queue_post_final_locked(queue, job);
        queue_wake_job_locked(queue, job);
    }
    pthread_mutex_unlock(&queue->lock);
    return result;
}

/* A finished job leaves doneq, with its documents and pages, and the table (job is freed). A line may
 * still be ending a killed job's attempt: it holds only the id and looks the job up under the lock. */
static bool forget_files_locked(struct faxd_queue *queue, struct fax_job *job)
{
    char name[32];

    snprintf(name, sizeof(name), "doneq/q%u", job->id);
    if (spool_remove(queue->spool, name) == SPOOL_ERR_IO)
        return false;
    for (size_t i = 0; i < job->document_count; i++)
        spool_remove(queue->spool, job->documents[i]);
    if (job->fax_file)
        spool_remove(queue->spool, job->fax_file);
    return true;
}

static bool forget_locked(struct faxd_queue *queue, struct fax_job *job)
{
    if (!forget_files_locked(queue, job))
        return false;
    remove_job_locked(queue, job);
    job_free(job);
    return true;
}

enum queue_result queue_delete(struct faxd_queue *queue, uint32_t id, const char *user, bool admin)
{
    pthread_mutex_lock(&queue->lock);
    struct fax_job *job = queue_find_locked(queue, id);
    enum queue_result result = permitted(job, user, admin);

    if (result == QUEUE_OK && !job_state_final(job->state))
        result = QUEUE_NOT_DONE;
    if (result == QUEUE_OK && !forget_locked(queue, job))
        result = QUEUE_IO;
    if (result == QUEUE_OK)
        faxd_log("job %u: deleted by %s", id, user);
    pthread_mutex_unlock(&queue->lock);
    return result;
}

void queue_purge_done_locked(struct faxd_queue *queue, time_t now)
{
    time_t oldest = now - (time_t)queue->settings.dirty_days * 24 * 3600;

    size_t kept = 0;

    if (!queue->settings.dirty_days)
        return;
    for (size_t i = 0; i < queue->job_count; i++) {   /* one pass that closes the gaps: a purge of many stays linear */
        struct fax_job *job = queue->jobs[i];
        time_t ended = job->finished ? job->finished : job->submitted;
        if (job_state_final(job->state) && ended < oldest && forget_files_locked(queue, job)) {
            faxd_log("job %u: removed from doneq after %d days (DirtyDays)", job->id, queue->settings.dirty_days);
            job_free(job);
            continue;
        }
        queue->jobs[kept++] = job;
    }
    queue->job_count = kept;
}

static enum queue_result change_state(struct faxd_queue *queue, uint32_t id, const char *user, bool admin,
                                      bool suspend)
{
    pthread_mutex_lock(&queue->lock);
    struct fax_job *job = queue_find_locked(queue, id);
    enum queue_result result = permitted(job, user, admin);

    if (result == QUEUE_OK && job_state_final(job->state))
        result = QUEUE_ALREADY_DONE;
    else if (result == QUEUE_OK && (suspend ? job->state == JOB_RUNNING : job->state != JOB_SUSPENDED))
        result = QUEUE_BAD_STATE;
    if (result == QUEUE_OK) {
        job_set_status(job, suspend ? JOB_SUSPENDED : JOB_PENDING, suspend ? "Suspended by request" : "");
        if (!suspend)
            job->next_attempt = 0;
        if (!queue_persist_locked(queue, job))
            result = QUEUE_IO;
        queue_post_job_locked(queue, suspend ? EV_JOB_SUSPEND : EV_JOB_READY, job, NULL);
        queue_wake_job_locked(queue, job);
    }
    pthread_mutex_unlock(&queue->lock);
    return result;
}

enum queue_result queue_suspend(struct faxd_queue *queue, uint32_t id, const char *user, bool admin)
{
    return change_state(queue, id, user, admin, true);
}

enum queue_result queue_resume(struct faxd_queue *queue, uint32_t id, const char *user, bool admin)
{
    return change_state(queue, id, user, admin, false);
}

enum queue_result queue_set_param(struct faxd_queue *queue, uint32_t id, const char *user, bool admin,
                                  const char *name, const char *value)
{
    pthread_mutex_lock(&queue->lock);
    struct fax_job *job = queue_find_locked(queue, id);
    enum queue_result result = permitted(job, user, admin);

    if (result == QUEUE_OK && job->state != JOB_SUSPENDED)
        result = QUEUE_BAD_STATE;
    if (result == QUEUE_OK && (!job_set_param(job, name, value) || !queue_persist_locked(queue, job)))
        result = QUEUE_IO;
    if (job)
        sched_refresh(job);   /* SENDTIME, SCHEDPRI... may have changed */
    if (result == QUEUE_OK)
        queue_post_job_locked(queue, EV_JOB_ALTERED, job, NULL);
    pthread_mutex_unlock(&queue->lock);
    return result;
}

struct fax_job *queue_copy_job(struct faxd_queue *queue, uint32_t id)
{
    pthread_mutex_lock(&queue->lock);
    struct fax_job *job = queue_find_locked(queue, id), *copy = job ? job_copy(job) : NULL;
    pthread_mutex_unlock(&queue->lock);
    return copy;
}

struct fax_job **queue_copy_jobs(struct faxd_queue *queue, bool done, size_t *count)
{
    struct fax_job **copies;
    size_t n = 0;

    pthread_mutex_lock(&queue->lock);
    copies = calloc(queue->job_count + 1, sizeof(*copies));
    for (size_t i = 0; copies && i < queue->job_count; i++)
        if (job_state_final(queue->jobs[i]->state) == done && (copies[n] = job_copy(queue->jobs[i])))
            n++;
    pthread_mutex_unlock(&queue->lock);
    *count = n;   /* in id order, as the table is */
    return copies;
}

void queue_free_jobs(struct fax_job **jobs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        job_free(jobs[i]);
    free(jobs);
}

bool queue_wait_job(struct faxd_queue *queue, uint32_t id, int timeout_ms)
{
    struct timespec until;
    bool done = false;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&queue->lock);
    for (;;) {
        struct fax_job *job = queue_find_locked(queue, id);
        if (!job || (done = job_state_final(job->state)))
            break;
        if (pthread_cond_timedwait(&queue->finished, &queue->lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&queue->lock);
    return done;
}

/* What the job a line is sending shows in SITE FAXD STATUS; line_tsid is a copy, out->tsid is written. */
static void describe_job_locked(struct faxd_queue *queue, const struct fax_job *job, const char *line_tsid,
                                struct queue_line_info *out)
{
    const char *display = job_param(job, "DISPLAYNAME"), *p;
    struct stat info;
    char *pages = job->fax_file ? spool_path(queue->spool, job->fax_file) : NULL;

    if (!display || !*display)
        display = job_param(job, "JOBINFO");
    snprintf(out->address, sizeof(out->address), "%s", (p = job_param(job, "DIALSTRING")) ? p : "");
    snprintf(out->document, sizeof(out->document), "%s", display ? display : "");
    snprintf(out->sender, sizeof(out->sender), "%s", (p = job_param(job, "FROMUSER")) ? p : "");
    snprintf(out->recipient, sizeof(out->recipient), "%s", (p = job_param(job, "TOUSER")) ? p : "");
    snprintf(out->routing, sizeof(out->routing), "%s", (p = job_param(job, "SUBADDR")) ? p : "");
    snprintf(out->tsid, sizeof(out->tsid), "%s", queue_job_tsid_locked(queue, job, line_tsid));
    out->document_size = pages && stat(pages, &info) == 0 ? (long long)info.st_size : 0;
    out->submitted = job->submitted;
    free(pages);
}

struct queue_line_info *queue_lines(struct faxd_queue *queue, size_t *count)
{
    /* line_count is fixed once the queue is open */
    struct queue_line_info *out = calloc(queue->line_count ? queue->line_count : 1, sizeof(*out));
    size_t n = 0;

    *count = 0;
    if (!out)
        return NULL;
    pthread_mutex_lock(&queue->lock);
    for (; n < queue->line_count; n++) {
        const struct faxd_line *line = &queue->lines[n];
        const struct fax_line_config *c = line_config(line->line);
        struct queue_line_info *info = &out[n];
        const struct fax_job *job = line->job_id ? queue_find_locked(queue, line->job_id) : NULL;

        memset(info, 0, sizeof(*info));
        info->device_id = (unsigned)n + 1;
        snprintf(info->name, sizeof(info->name), "%s", c->name);
        snprintf(info->number, sizeof(info->number), "%s", c->number);
        snprintf(info->state, sizeof(info->state), "%s", line->activity);
        if (line->trunk && line_state(line->line) == LINE_STATE_IDLE) {   /* a failed registration shows */
            char registration[80];
            if (sip_trunk_registration(line->trunk, registration, sizeof(registration)))
                snprintf(info->state, sizeof(info->state), "%.63s", registration);
        }
        char line_tsid[FAX_IDENT_MAX + 1];
        line_idents(line->line, line_tsid, info->csid);
        snprintf(info->tsid, sizeof(info->tsid), "%s", line_tsid);
        info->send = line->line->send_enabled;
        info->receive = line->line->receive_enabled;
        info->rings = line->rings;
        info->priority = line->priority;
        info->activity = line_state(line->line);
        info->sip = line->trunk != NULL;
        if (info->activity != LINE_STATE_IDLE && info->activity != LINE_STATE_OFFLINE) {
            info->page = line->page;
            info->pages = line->pages;
            info->started = line->call_started;
        }
        info->job_id = line->job_id;
        if (job)
            describe_job_locked(queue, job, line_tsid, info);
    }
    pthread_mutex_unlock(&queue->lock);
    *count = n;
    return out;
}

void queue_pause(struct faxd_queue *queue, bool paused)
{
    pthread_mutex_lock(&queue->lock);
    queue->policy.queue_paused = queue->settings.queue_paused = paused;
    queue_wake_all_locked(queue);
    pthread_mutex_unlock(&queue->lock);
}

bool queue_paused(struct faxd_queue *queue)
{
    pthread_mutex_lock(&queue->lock);
    bool paused = queue->policy.queue_paused;
    pthread_mutex_unlock(&queue->lock);
    return paused;
}
