/* Shared by queue.c (the job table), sender.c (the sender thread: convert, dial, record the outcome) and inbox.c. */
#ifndef OPENFAXCOM_FAXD_QUEUE_PRIVATE_H
#define OPENFAXCOM_FAXD_QUEUE_PRIVATE_H

#include <pthread.h>

#include "events.h"
#include "line.h"
#include "line_sip.h"
#include "queue.h"
#include "scheduler.h"
#include "settings.h"

struct faxd_line {
    struct faxd_queue *queue;
    struct fax_line *line;
    uint32_t job_id;              /* the job it is sending, 0 when none */
    struct line_call *call;
    struct sip_trunk *trunk;      /* the SIP trunk the line is a channel of; NULL for other kinds */
    char activity[64];            /* for LIST status: "Sending page 2 of 3", "Receiving" */
    int rings, priority;          /* SITE FAXD PORT; priorities are 1..line_count, 1 is tried first */
    unsigned stored;              /* the port settings SPOOL/etc/ports keeps, a bit per enum port_setting */
    int page, pages;              /* of the call in progress, for SITE FAXD STATUS */
    time_t call_started;
    bool receive_session;         /* RECV_START was posted for the call coming in */
};

struct faxd_queue {
    pthread_mutex_t lock;
    pthread_cond_t wake;          /* something changed: jobs, lines, the pause flag */
    pthread_cond_t finished;      /* a job reached DONE or FAILED (JWAIT) */
    const struct faxd_config *config;
    struct spool *spool;
    struct fax_job **jobs;        /* queued and finished, in id order: found by a binary search */
    size_t job_count, job_capacity;
    /* The sender's work: a wake looks only at the jobs changed since its last look, unless a change that
     * concerns every job (a line freed, settings, pause, start) set rescan or the clock reached rescan_at. */
    uint32_t *changed;
    size_t changed_count, changed_capacity;
    bool rescan;
    time_t rescan_at;
    struct queue_work work;
    struct loopback_exchange *exchange;
    struct sip_trunk *trunks[FAXD_MAX_LINES];
    size_t trunk_count;
    struct faxd_line lines[FAXD_MAX_PORTS];   /* the ports: a SIP line's channels each have one */
    size_t line_count;
    struct sched_policy policy;   /* follows settings */
    struct faxd_settings settings;
    bool route_enabled[FAXD_MAX_ROUTES];   /* of config->routes, as SITE FAXD ROUTE left them */
    struct faxd_events *events;   /* SITE TRIGGER watchers; posted to under the queue lock or without */
    bool stopping, started;
    pthread_t scheduler;
};

/* With the lock held. */
struct fax_job *queue_find_locked(struct faxd_queue *queue, uint32_t id);
/* Wakes the sender for one job (submitted, resumed...) or for every job (a line is free, the policy changed). */
void queue_wake_job_locked(struct faxd_queue *queue, const struct fax_job *job);
void queue_wake_all_locked(struct faxd_queue *queue);
bool queue_persist_locked(struct faxd_queue *queue, struct fax_job *job);
enum spool_status queue_store_locked(struct faxd_queue *queue, struct fax_job *job);   /* says why it failed */

/* Removes finished jobs older than the DirtyDays setting, with their documents. */
void queue_purge_done_locked(struct faxd_queue *queue, time_t now);

/* queue_settings.c: loads SPOOL/etc once the lines exist; the free line of a rank (1 = tried first). */
void queue_settings_load(struct faxd_queue *queue);
struct faxd_line *queue_line_ranked_locked(struct faxd_queue *queue, int rank);

void *sender_thread(void *queue);                  /* converts, dials and records outcomes */
/* The TSID a job is sent with: its TSI, unless it gives none or UseDeviceTsid says the line's. */
const char *queue_job_tsid_locked(struct faxd_queue *queue, const struct fax_job *job, const char *line_tsid);
void inbox_on_fax_received(void *queue, struct fax_line *line, const struct fax_received *fax);
void inbox_on_progress(void *queue, struct fax_line *line, const struct fax_call_progress *progress);
void inbox_check_at_start(struct faxd_queue *queue);   /* unreadable received faxes go to quarantine */

/* queue_events.c: events worded as hfaxd words them; detail NULL: the event's own name. */
void queue_post_job_locked(struct faxd_queue *queue, enum trigger_event event, const struct fax_job *job,
                           const char *detail);
void queue_post_created_locked(struct faxd_queue *queue, const struct fax_job *job);
void queue_post_final_locked(struct faxd_queue *queue, const struct fax_job *job);
void queue_post_line(struct faxd_queue *queue, enum trigger_event event, const struct faxd_line *line,
                     const char *detail);
/* hfaxd's fmtTime: M:SS, or H:MM:SS from an hour; out should hold 32 bytes. */
const char *queue_duration_text(time_t seconds, char *out, size_t size);

#endif
