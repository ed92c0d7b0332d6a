/*
 * faxd's queue: every job in memory and in the spool, the scheduler thread that sends them over the
 * lines, and the inbox that takes what the lines receive. All functions lock internally and may be
 * called from any session thread.
 */
#ifndef OPENFAXCOM_FAXD_QUEUE_H
#define OPENFAXCOM_FAXD_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "events.h"
#include "job.h"
#include "line.h"
#include "settings.h"
#include "spool.h"

struct faxd_queue;

enum queue_result {
    QUEUE_OK,
    QUEUE_NO_SUCH_JOB,
    QUEUE_NOT_PERMITTED,   /* another user's job, without ADMIN */
    QUEUE_ALREADY_DONE,
    QUEUE_NOT_DONE,        /* JDELE of a job still queued */
    QUEUE_BAD_STATE,       /* e.g. resuming a job that is not suspended */
    QUEUE_INVALID,         /* the job cannot be submitted as it is (why says) */
    QUEUE_IO,              /* the spool could not be written: nothing was acknowledged */
    QUEUE_LIMIT,           /* the user has max-jobs-per-user jobs queued already */
    QUEUE_FULL,            /* the spool cannot be written because its filesystem is full */
};

/* Loads the spool (recovering jobs a crash interrupted) and makes the lines; the scheduler starts
 * with queue_start. */
struct faxd_queue *queue_open(const struct faxd_config *config, struct spool *spool, char *why, size_t why_size);
void queue_start(struct faxd_queue *queue);
/* Stops the scheduler, ends calls in progress (their jobs stay queued for the next start). */
void queue_close(struct faxd_queue *queue);

/* A new job id, durable before it is handed out. */
bool queue_new_job_id(struct faxd_queue *queue, uint32_t *id);
/* Makes job durable and queues it; on QUEUE_OK the queue owns it. */
enum queue_result queue_submit(struct faxd_queue *queue, struct fax_job *job, char *why, size_t why_size);
/* The same, refused with QUEUE_LIMIT when the job's owner has max_queued jobs not yet done (0: no limit). */
enum queue_result queue_submit_limited(struct faxd_queue *queue, struct fax_job *job, int max_queued, char *why,
                                       size_t why_size);

enum queue_result queue_kill(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
enum queue_result queue_delete(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
enum queue_result queue_suspend(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
enum queue_result queue_resume(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
/* Changes a parameter of a queued job (it must be suspended, as in HylaFAX). */
enum queue_result queue_set_param(struct faxd_queue *queue, uint32_t id, const char *user, bool admin,
                                  const char *name, const char *value);

/* A copy of a job (free it with job_free), or NULL. */
struct fax_job *queue_copy_job(struct faxd_queue *queue, uint32_t id);

/* Converts the first document of job id as its first attempt would and writes the first fax page to
 * output (an absolute path the caller removes): RETR docq/preview<id>.tif. QUEUE_NO_SUCH_JOB, or
 * QUEUE_INVALID with why (no documents, a document that cannot be converted). */
enum queue_result queue_preview(struct faxd_queue *queue, uint32_t id, const char *output, char *why,
                                size_t why_size);
/* Copies of the queued (done = false) or finished jobs, in id order; free with queue_free_jobs. */
struct fax_job **queue_copy_jobs(struct faxd_queue *queue, bool done, size_t *count);
void queue_free_jobs(struct fax_job **jobs, size_t count);
/* Waits until the job is done or failed (or timeout_ms passes); false on timeout or no such job. */
bool queue_wait_job(struct faxd_queue *queue, uint32_t id, int timeout_ms);

/* The lines, for LIST status (MDMFMT) and SITE FAXD PORTS and STATUS, in configuration order. */
struct queue_line_info {
    unsigned device_id;           /* the line's place in the configuration, from 1 */
    char name[64], number[32], state[64];   /* state: what it does, in words ("Sending page 2 of 3") */
    char tsid[FAX_IDENT_MAX + 1], csid[FAX_IDENT_MAX + 1];   /* tsid: the one being sent, during a call */
    bool send, receive;           /* enabled */
    int rings, priority;
    enum line_state activity;
    bool sip;                     /* a channel of a SIP trunk, else a loopback line */
    int page, pages;              /* of the call in progress; pages is 0 when receiving (known at the end) */
    time_t started;
    uint32_t job_id;              /* the job being sent, 0 when none; the rest is the job's */
    char address[64], document[256], sender[128], recipient[128], routing[64];
    long long document_size;      /* bytes of the job's fax pages, 0 until they are made */
    time_t submitted;
};
/* Every port, in a fresh array the caller frees; NULL with *count 0 when out of memory. */
struct queue_line_info *queue_lines(struct faxd_queue *queue, size_t *count);

/* The bus SITE TRIGGER watches (events.h); it outlives queue_close while a session still watches. */
struct faxd_events *queue_events(struct faxd_queue *queue);

/* What the sender thread did, for tests that check its work per change stays flat as the queue grows. */
struct queue_work {
    unsigned long passes;         /* wakes that found something to do */
    unsigned long full_scans;     /* passes that looked at every job */
    unsigned long jobs_examined;  /* jobs looked at by those */
    unsigned long changed_jobs_examined;   /* jobs looked at by the passes over the changed jobs alone */
    size_t changes_pending;       /* jobs changed that no pass has looked at yet */
};
void queue_work(struct faxd_queue *queue, struct queue_work *out);

void queue_pause(struct faxd_queue *queue, bool paused);
bool queue_paused(struct faxd_queue *queue);

/* ---- SITE FAXD (queue_settings.c): a change applies at once and is kept in SPOOL/etc ---- */
void queue_settings(struct faxd_queue *queue, struct faxd_settings *out);
/* QUEUE_INVALID: the value is refused (why says why); QUEUE_IO: it cannot be stored, nothing changed. */
enum queue_result queue_set_setting(struct faxd_queue *queue, const char *name, const char *value, char *why,
                                    size_t why_size);
/* line: an index into what queue_lines gives. */
enum queue_result queue_set_port(struct faxd_queue *queue, size_t line, enum port_setting setting, const char *value,
                                 char *why, size_t why_size);

/* A line's routing methods: every line has all three; data is the first configured destination or "". */
struct queue_route_info {
    enum faxd_route_method method;
    bool enabled;
    char data[1024];
};
void queue_routes(struct faxd_queue *queue, size_t line, struct queue_route_info out[3]);
/* QUEUE_INVALID: enabling a method that has no destination for the line. */
enum queue_result queue_enable_route(struct faxd_queue *queue, size_t line, enum faxd_route_method method,
                                     bool enabled);

#endif
