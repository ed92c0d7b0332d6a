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
#include "job.h"
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

enum queue_result queue_kill(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
enum queue_result queue_delete(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
enum queue_result queue_suspend(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
enum queue_result queue_resume(struct faxd_queue *queue, uint32_t id, const char *user, bool admin);
/* Changes a parameter of a queued job (it must be suspended, as in HylaFAX). */
enum queue_result queue_set_param(struct faxd_queue *queue, uint32_t id, const char *user, bool admin,
                                  const char *name, const char *value);

/* A copy of a job (free it with job_free), or NULL. */
struct fax_job *queue_copy_job(struct faxd_queue *queue, uint32_t id);
/* Copies of the queued (done = false) or finished jobs, in id order; free with queue_free_jobs. */
struct fax_job **queue_copy_jobs(struct faxd_queue *queue, bool done, size_t *count);
void queue_free_jobs(struct fax_job **jobs, size_t count);
/* Waits until the job is done or failed (or timeout_ms passes); false on timeout or no such job. */
bool queue_wait_job(struct faxd_queue *queue, uint32_t id, int timeout_ms);

/* The lines, for LIST status (MDMFMT). */
struct queue_line_info {
    char name[64], number[32], state[64];
    bool send, receive;
};
size_t queue_lines(struct faxd_queue *queue, struct queue_line_info *out, size_t max);

void queue_pause(struct faxd_queue *queue, bool paused);
bool queue_paused(struct faxd_queue *queue);

#endif
