/*
 * A fax job as the service keeps it: what the client asked for (its JPARM parameters and documents)
 * and where it stands (HylaFAX's one-letter states, status text, dials, tries, pages), with a text
 * form for the spool ("key:value" lines).
 */
#ifndef OPENFAXCOM_JOB_H
#define OPENFAXCOM_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* HylaFAX's job states, as faxstat shows them (%a). */
enum job_state {
    JOB_SUSPENDED = 'T', JOB_PENDING = 'P', JOB_SLEEPING = 'S', JOB_BLOCKED = 'B', JOB_WAITING = 'W',
    JOB_RUNNING = 'R', JOB_DONE = 'D', JOB_FAILED = 'F',
};

const char *job_state_name(enum job_state state);   /* "PENDING", "SLEEPING", ... as JPARM STATE answers */
bool job_state_final(enum job_state state);

struct job_param {
    char *name;    /* upper case */
    char *value;
};

/* What the scheduler reads of a job's parameters on every wake, read once by sched_refresh instead of
 * looked up by name per job per wake (the cost that made a full queue slow). Any job_set_param clears
 * known; until the next refresh the scheduler reads the parameters themselves, so it is never stale. */
struct job_schedule {
    bool known;
    time_t kill_time, send_time;  /* LASTTIME and SENDTIME as times; 0 when none */
    long priority;                /* SCHEDPRI */
    bool discount;                /* DISCOUNT or SCHEDULE=discount */
};

struct fax_job {
    uint32_t id;
    char *owner;
    enum job_state state;
    char *status;                 /* why it is in that state, for people */
    time_t submitted, next_attempt, finished;
    int dials, tries, pages_sent, pages_total;
    char *line;                   /* the line that last handled it */
    char *fax_file;               /* the job's documents as fax pages (spool-relative), once prepared */
    struct job_param *params;
    size_t param_count;
    char **documents;             /* spool-relative, in order */
    size_t document_count;
    struct job_schedule schedule;
};

struct fax_job *job_new(uint32_t id, const char *owner);
void job_free(struct fax_job *job);
/* A deep copy (NULL when out of memory): what a listing takes under the queue lock, field by field. */
struct fax_job *job_copy(const struct fax_job *job);

/* Parameters by name, case-insensitive. Setting replaces; values are copied. */
bool job_set_param(struct fax_job *job, const char *name, const char *value);
const char *job_param(const struct fax_job *job, const char *name);
/* How many job_param look-ups this process made: tests check the work per command or wake stays flat. */
unsigned long job_param_lookups(void);
long job_param_long(const struct fax_job *job, const char *name, long fallback);
bool job_add_document(struct fax_job *job, const char *path);
bool job_set_status(struct fax_job *job, enum job_state state, const char *status);
bool job_set_string(char **field, const char *value);

/* Spool form. job_parse returns NULL (with why) for text that is not a job. */
char *job_serialize(const struct fax_job *job, size_t *size);
struct fax_job *job_parse(const char *text, char *why, size_t why_size);

#endif
