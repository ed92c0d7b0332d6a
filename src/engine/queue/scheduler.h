/*
 * The scheduler's decisions, as pure functions of a job, the time and the policy, so they can be
 * tested without threads, clocks or lines: which job goes next, whether a job may go now, and
 * what an attempt's outcome makes of it.
 */
#ifndef OPENFAXCOM_SCHEDULER_H
#define OPENFAXCOM_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "job.h"

struct sched_policy {
    bool queue_paused;
    int max_tries, max_dials;        /* defaults when the job does not say */
    int retry_delay;                 /* seconds */
    int discount_start, discount_end;  /* minutes after local midnight; equal = no window */
    /* Tests only (faxd's FAXD_TEST_TIME_OF_DAY): windows are judged as if it were always this minute of
     * the day, so a test's outcome never depends on the hour it runs at. */
    bool time_of_day_fixed;
    int fixed_minute_of_day;
};

enum sched_outcome {
    SCHED_SENT,          /* every page went through */
    SCHED_BUSY,          /* the far end was busy: a dial, not a try */
    SCHED_NO_ANSWER,     /* no answer: a dial */
    SCHED_NO_CARRIER,    /* answered, but the fax session failed: a try, retryable */
    SCHED_FATAL,         /* cannot succeed by retrying: bad number, bad document, refused */
    SCHED_ABORTED,       /* killed by request */
    SCHED_INTERRUPTED,   /* the service stopped mid-call: the attempt does not count */
};

/* Reads once what the functions below need of the job's parameters (job->schedule); call it after
 * changing the parameters or the submission time. Without it they read the parameters each time. */
void sched_refresh(struct fax_job *job);
/* The job's kill time (LASTTIME), computed from its parameters; 0 when none. */
time_t sched_kill_time(const struct fax_job *job);
/* Earliest send time (SENDTIME); 0 when "now". */
time_t sched_send_time(const struct fax_job *job);
bool sched_in_discount_window(const struct sched_policy *policy, time_t now);

/* Whether the job may be dialled now; when not, why (e.g. "Waiting for the discount rate window")
 * and the earliest time to look again (0 = only when something changes). */
bool sched_ready(const struct fax_job *job, const struct sched_policy *policy, time_t now, const char **why,
                 time_t *again);
/* Which of the ready jobs goes first: lower SCHEDPRI, then earlier submission, then lower id.
 * Returns an index into jobs, or -1. */
long sched_pick(struct fax_job *const *jobs, size_t count, const struct sched_policy *policy, time_t now);

/* Applies an attempt's outcome: counts the dial/try, and moves the job to DONE, SLEEPING (with its
 * next attempt) or FAILED, with a status text. detail is the line's own words, kept in the status. */
void sched_after_attempt(struct fax_job *job, enum sched_outcome outcome, const char *detail,
                         const struct sched_policy *policy, time_t now);
/* What the next attempt may use. A job asks for ECM (USEECM) and a top speed (BEGBR, HylaFAX's bit-rate
 * index: 0 2400, 1 4800, 2 7200, 3 9600, 4 12000, 5 14400); after a try that reached the far end and
 * failed, the next one steps down as fax sites ask: without V.17 after the first, and without ECM too
 * after the second. ecm_allowed is the server's ecm setting. On a SIP line a job may set its own T.38
 * policy (JPARM T38); once a try over T.38 reached the far end and failed (T38FAILED), the next ones stay
 * on G.711 audio, as gofaxip's users ask of a far end whose T.38 gateway is broken. */
enum sched_t38 { SCHED_T38_LINE, SCHED_T38_PREFER, SCHED_T38_ACCEPT, SCHED_T38_NEVER };
struct sched_capabilities {
    bool ecm;
    bool v17, v29;          /* V.27ter (2400/4800) is always allowed */
    enum sched_t38 t38;     /* LINE: the line's own t38= */
    bool t38_failed;        /* why t38 is NEVER: an earlier try over T.38 failed */
};
struct sched_capabilities sched_call_capabilities(const struct fax_job *job, bool ecm_allowed);

/* A job whose kill time has passed fails; true when that happened. */
bool sched_expire(struct fax_job *job, time_t now);

#endif
