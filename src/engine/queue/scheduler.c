#include "scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* LASTTIME is "DDHHMM" (relative to submission, as sendfax sends it) or "YYYYMMDDHHMM" (UTC). */
static time_t parse_when(const char *text, time_t base)
{
    size_t length = text ? strlen(text) : 0;
    int v[5];

    if (length == 6 && sscanf(text, "%2d%2d%2d", &v[0], &v[1], &v[2]) == 3)
        return base + ((v[0] * 24 + v[1]) * 60 + v[2]) * 60;
    if (length == 12 && sscanf(text, "%4d%2d%2d%2d%2d", &v[0], &v[1], &v[2], &v[3], &v[4]) == 5) {
        struct tm tm = { .tm_year = v[0] - 1900, .tm_mon = v[1] - 1, .tm_mday = v[2], .tm_hour = v[3], .tm_min = v[4] };
        return timegm(&tm);
    }
    return 0;
}

static bool discount_requested(const struct fax_job *job)
{
    const char *schedule = job_param(job, "SCHEDULE");   /* our extension; "discount" */
    return job_param_long(job, "DISCOUNT", 0) != 0 || (schedule && !strcasecmp(schedule, "discount"));
}

static struct job_schedule schedule_read(const struct fax_job *job)
{
    const char *send = job_param(job, "SENDTIME");
    return (struct job_schedule){
        .known = true,
        .kill_time = parse_when(job_param(job, "LASTTIME"), job->submitted),
        .send_time = !send || !strcasecmp(send, "now") ? 0 : parse_when(send, job->submitted),
        .priority = job_param_long(job, "SCHEDPRI", 127),
        .discount = discount_requested(job),
    };
}

/* The cached facts when they are known, else read afresh (a job nobody refreshed is still judged right). */
static struct job_schedule schedule_of(const struct fax_job *job)
{
    return job->schedule.known ? job->schedule : schedule_read(job);
}

void sched_refresh(struct fax_job *job)
{
    job->schedule = schedule_read(job);
}

time_t sched_kill_time(const struct fax_job *job)
{
    return schedule_of(job).kill_time;
}

time_t sched_send_time(const struct fax_job *job)
{
    return schedule_of(job).send_time;
}

/* The minute of the day the discount window is judged by, and the seconds into that minute. */
static int minute_of_day(const struct sched_policy *policy, time_t now, int *second)
{
    struct tm local;

    if (policy->time_of_day_fixed) {
        *second = 0;
        return policy->fixed_minute_of_day;
    }
    localtime_r(&now, &local);
    *second = local.tm_sec;
    return local.tm_hour * 60 + local.tm_min;
}

bool sched_in_discount_window(const struct sched_policy *policy, time_t now)
{
    int second, minute;

    if (policy->discount_start == policy->discount_end)
        return true;
    minute = minute_of_day(policy, now, &second);
    if (policy->discount_start < policy->discount_end)
        return minute >= policy->discount_start && minute < policy->discount_end;
    return minute >= policy->discount_start || minute < policy->discount_end;   /* past midnight */
}

/* The next minute at which the discount window opens, from now. */
static time_t discount_opens(const struct sched_policy *policy, time_t now)
{
    int second, wait = policy->discount_start - minute_of_day(policy, now, &second);

    if (wait <= 0)
        wait += 24 * 60;
    return now - second + wait * 60;
}

bool sched_ready(const struct fax_job *job, const struct sched_policy *policy, time_t now, const char **why,
                 time_t *again)
{
    struct job_schedule schedule = schedule_of(job);
    time_t send_time = schedule.send_time;

    *again = 0;
    *why = NULL;
    if (job->state != JOB_PENDING && job->state != JOB_SLEEPING && job->state != JOB_WAITING
        && job->state != JOB_BLOCKED)
        return false;
    if (policy->queue_paused) {
        *why = "The server's queue is paused";
        return false;
    }
    if (send_time && now < send_time) {
        *why = "Waiting for the requested send time";
        *again = send_time;
        return false;
    }
    if (job->next_attempt && now < job->next_attempt) {
        *why = job->state == JOB_SLEEPING ? job->status : "Waiting to retry";
        *again = job->next_attempt;
        return false;
    }
    if (schedule.discount && !sched_in_discount_window(policy, now)) {
        *why = "Waiting for the discount rate window";
        *again = discount_opens(policy, now);
        return false;
    }
    return true;
}

long sched_pick(struct fax_job *const *jobs, size_t count, const struct sched_policy *policy, time_t now)
{
    long best = -1;

    for (size_t i = 0; i < count; i++) {
        const char *why;
        time_t again;
        if (!sched_ready(jobs[i], policy, now, &why, &again))
            continue;
        if (best < 0) {
            best = (long)i;
            continue;
        }
        const struct fax_job *a = jobs[i], *b = jobs[best];
        long pa = schedule_of(a).priority, pb = schedule_of(b).priority;
        if (pa < pb || (pa == pb && (a->submitted < b->submitted || (a->submitted == b->submitted && a->id < b->id))))
            best = (long)i;
    }
    return best;
}

bool sched_expire(struct fax_job *job, time_t now)
{
    time_t kill = sched_kill_time(job);

    if (job_state_final(job->state) || !kill || now < kill)
        return false;
    job_set_status(job, JOB_FAILED, "Kill time expired");
    job->finished = now;
    return true;
}

static void fail(struct fax_job *job, const char *why, const char *detail, time_t now)
{
    char status[256];
    /* A long detail is cut short, marked with "...": the status is a one-line summary. */
    if (snprintf(status, sizeof(status), "%s%s%s", why, detail && *detail ? ": " : "", detail ? detail : "")
        >= (int)sizeof(status))
        status[sizeof(status) - 4] = status[sizeof(status) - 3] = status[sizeof(status) - 2] = '.';
    job_set_status(job, JOB_FAILED, status);
    job->finished = now;
}

void sched_after_attempt(struct fax_job *job, enum sched_outcome outcome, const char *detail,
                         const struct sched_policy *policy, time_t now)
{
    int max_dials = (int)job_param_long(job, "MAXDIALS", policy->max_dials);
    int max_tries = (int)job_param_long(job, "MAXTRIES", policy->max_tries);
    char status[256];

    switch (outcome) {
    case SCHED_SENT:
        job->dials++;
        job->tries++;
        if (job->pages_sent <= 0) {   /* a call that moved no page is never "done" */
            fail(job, "No pages were transmitted", detail, now);
            return;
        }
        job_set_status(job, JOB_DONE, "");
        job->finished = now;
        return;
    case SCHED_ABORTED:
        fail(job, "Job aborted by request", NULL, now);
        return;
    case SCHED_FATAL:   /* the state says "failed"; the status says why, first (faxstat shows 25 characters) */
        job->dials++;
        if (detail && *detail) {
            job_set_status(job, JOB_FAILED, detail);
            job->finished = now;
        } else {
            fail(job, "Failed", NULL, now);
        }
        return;
    case SCHED_INTERRUPTED:
        job_set_status(job, JOB_PENDING, "Interrupted by a service restart; will retry");
        job->next_attempt = 0;
        return;
    case SCHED_BUSY:
    case SCHED_NO_ANSWER:
        job->dials++;
        break;
    case SCHED_NO_CARRIER:
        job->dials++;
        job->tries++;
        break;
    }
    if (job->dials >= max_dials) {
        snprintf(status, sizeof(status), "Too many attempts to dial (%d)", job->dials);
        fail(job, status, detail, now);
        return;
    }
    if (job->tries >= max_tries) {
        snprintf(status, sizeof(status), "Too many attempts to transmit (%d)", job->tries);
        fail(job, status, detail, now);
        return;
    }
    job->next_attempt = now + policy->retry_delay;
    /* busy and no answer in HylaFAX's words, with the line's own (a SIP code) when it has them */
    const char *what = outcome == SCHED_BUSY ? "Busy signal detected"
                       : outcome == SCHED_NO_ANSWER ? "No answer from remote" : NULL;
    if (what && detail && *detail)
        snprintf(status, sizeof(status), "%s (%.180s); will retry", what, detail);
    else
        snprintf(status, sizeof(status), "%s; will retry", what ? what : detail && *detail ? detail : "Transmission failed");
    job_set_status(job, JOB_SLEEPING, status);
    if (sched_expire(job, job->next_attempt))
        job->finished = now;
}

struct sched_capabilities sched_call_capabilities(const struct fax_job *job, bool ecm_allowed)
{
    const char *use_ecm = job_param(job, "USEECM"), *top = job_param(job, "BEGBR");
    int rate = top != NULL && *top ? atoi(top) : 5;
    struct sched_capabilities caps = {
        .ecm = ecm_allowed && (use_ecm == NULL || strcasecmp(use_ecm, "NO") != 0),
        .v17 = rate >= 4 || rate == 2,   /* 7200 and 12000 are V.17 rates (7200 is also V.29's) */
        .v29 = rate >= 2,
    };
    if (job->tries >= 1)
        caps.v17 = false;
    if (job->tries >= 2)
        caps.ecm = false;
    const char *t38 = job_param(job, "T38");
    if (t38 != NULL && !strcasecmp(t38, "PREFER"))
        caps.t38 = SCHED_T38_PREFER;
    else if (t38 != NULL && !strcasecmp(t38, "ACCEPT"))
        caps.t38 = SCHED_T38_ACCEPT;
    else if (t38 != NULL && !strcasecmp(t38, "NEVER"))
        caps.t38 = SCHED_T38_NEVER;
    if (job_param(job, "T38FAILED") != NULL && caps.t38 != SCHED_T38_NEVER) {
        caps.t38 = SCHED_T38_NEVER;
        caps.t38_failed = true;
    }
    return caps;
}
