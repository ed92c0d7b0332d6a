/*
 * The queue's side of SITE TRIGGER: job, send, receive and line events worded as hfaxd words them
 * (hfaxd/Trigger.c++ formats what faxq posts; faxd is both, so it formats here), so faxwatch and
 * clients reading hfaxd's lines read faxd's the same way. docs/faxd.md "Events" lists when each fires.
 */
#include "queue_private.h"

#include <stdio.h>

static void post_job(struct faxd_queue *queue, enum trigger_event event, const struct fax_job *job, const char *dest,
                     const char *detail)
{
    const char *commid = job_param(job, "COMMID");
    char id[16];

    snprintf(id, sizeof(id), "%u", job->id);
    events_post(queue->events, event, id, "JOB %u (dest %s pri %ld com %s): %s%s", job->id, dest,
                job_param_long(job, "SCHEDPRI", 127), commid ? commid : "",
                event >> 4 == TRIGGER_SEND ? "SEND FAX: " : "", detail ? detail : trigger_event_name(event));
}

void queue_post_job_locked(struct faxd_queue *queue, enum trigger_event event, const struct fax_job *job,
                           const char *detail)
{
    const char *dest = job_param(job, "DIALSTRING");
    post_job(queue, event, job, dest ? dest : "", detail);
}

void queue_post_created_locked(struct faxd_queue *queue, const struct fax_job *job)
{
    post_job(queue, EV_JOB_CREATE, job, "", NULL);   /* hfaxd: faxq has not read the destination yet */
}

/* A job that reached DONE or FAILED: what hfaxd posts when faxq lets a job go. */
void queue_post_final_locked(struct faxd_queue *queue, const struct fax_job *job)
{
    queue_post_job_locked(queue, job->state == JOB_DONE ? EV_SEND_DONE : EV_JOB_DEAD, job, NULL);
    queue_post_job_locked(queue, EV_JOB_REAP, job, NULL);
}

void queue_post_line(struct faxd_queue *queue, enum trigger_event event, const struct faxd_line *line,
                     const char *detail)
{
    const char *name = line_config(line->line)->name;

    if (event >> 4 == TRIGGER_RECV)
        events_post(queue->events, event, name, "RECV FAX: %s", detail ? detail : trigger_event_name(event));
    else
        events_post(queue->events, event, name, "MODEM %s: %s%s", name, trigger_event_name(event),
                    detail ? detail : "");
}

const char *queue_duration_text(time_t seconds, char *out, size_t size)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds >= 3600)
        snprintf(out, size, "%ld:%02ld:%02ld", (long)seconds / 3600, (long)seconds / 60 % 60, (long)seconds % 60);
    else
        snprintf(out, size, "%ld:%02ld", (long)seconds / 60, (long)seconds % 60);
    return out;
}

struct faxd_events *queue_events(struct faxd_queue *queue)
{
    return queue->events;
}
