/*
 * faxd's queue as it grows: a submission must cost the same work with 100 jobs queued as with 2000.
 * Work is counted, not timed (job parameter look-ups, jobs the sender looks at), so the outcome does not
 * depend on the machine's speed. Then the spool is recovered as at a restart: every job, in id order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#include "config.h"
#include "job.h"
#include "log.h"
#include "queue.h"
#include "spool.h"

enum { SMALL = 100, LARGE = 2000, PROBE = 50 };

static int submit(struct faxd_queue *queue, int count)
{
    int submitted = 0;
    char why[200];

    for (int i = 0; i < count; i++) {
        uint32_t id;
        struct fax_job *job;
        if (!queue_new_job_id(queue, &id) || !(job = job_new(id, "scale")))
            break;
        job_set_param(job, "DIALSTRING", "1002");
        job_set_param(job, "LASTTIME", "010000");   /* a day: nothing expires while the test runs */
        job_add_document(job, "docq/doc1.ps");      /* never converted: the lines may not send */
        if (queue_submit(queue, job, why, sizeof(why)) != QUEUE_OK) {
            job_free(job);
            break;
        }
        submitted++;
    }
    return submitted;
}

/* Until the sender has looked at every change; the guard only stops a hang (a minute of 1 ms polls). */
static bool settled(struct faxd_queue *queue, struct queue_work *work)
{
    for (int i = 0; i < 60000; i++) {
        queue_work(queue, work);
        if (work->changes_pending == 0)
            return true;
        usleep(1000);
    }
    return false;
}

struct probe {
    unsigned long lookups, changed_examined, full_scans;
};

/* The work PROBE submissions cost once the queue holds `queued` jobs. */
static struct probe probe_at(struct faxd_queue *queue, int queued)
{
    struct queue_work before, after;
    struct probe cost;

    check(settled(queue, &before), "the sender looked at the first %d jobs", queued);
    unsigned long lookups = job_param_lookups();
    check(submit(queue, PROBE) == PROBE, "%d more jobs submitted with %d queued", PROBE, queued);
    check(settled(queue, &after), "the sender looked at them");
    cost.lookups = job_param_lookups() - lookups;
    cost.changed_examined = after.changed_jobs_examined - before.changed_jobs_examined;
    cost.full_scans = after.full_scans - before.full_scans;
    printf("  %d submissions with %d queued: %lu parameter look-ups, %lu jobs looked at by the sender "
           "(and %lu timer scans of every job)\n", PROBE, queued, cost.lookups, cost.changed_examined,
           cost.full_scans);
    return cost;
}

/* A listing copies every job under the queue lock, field by field: the copy must say all the job says. */
static void test_copy(void)
{
    struct fax_job *job = job_new(42, "alice");
    job_set_param(job, "DIALSTRING", "1002");
    job_set_param(job, "TOUSER", "Bob: \"the\" receiver");
    job_add_document(job, "docq/doc42.ps");
    job_add_document(job, "docq/doc43.pdf");
    job_set_status(job, JOB_SLEEPING, "Busy signal detected; will retry");
    job_set_string(&job->line, "loop1001");
    job->dials = 2;
    struct fax_job *copy = job_copy(job);
    char *a = job_serialize(job, NULL), *b = copy ? job_serialize(copy, NULL) : NULL;
    check(a && b && !strcmp(a, b), "a job's copy is the job, field by field");
    free(a);
    free(b);
    job_free(copy);
    job_free(job);
}

int main(void)
{
    /* tmpfs when there is one: a spool write is fsynced, and 2000 of them on a busy disk take long */
    char root[64], conf[300], log[300], why[200];
    struct faxd_config config;
    struct spool *spool = NULL;
    struct faxd_queue *queue;

    snprintf(root, sizeof(root), "%s/test_queue_scale.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(root))
        return 1;
    test_copy();
    snprintf(conf, sizeof(conf), "%s/faxd.conf", root);
    snprintf(log, sizeof(log), "%s/faxd.log", root);
    FILE *f = fopen(conf, "w");
    fputs("line 1001 send=no\nline 1002 send=no\n", f);
    fclose(f);
    faxd_log_open(log);
    faxd_config_defaults(&config);
    check(faxd_config_load(&config, conf, why, sizeof(why)), "faxd.conf loads (%s)", why);
    check(spool_open(root, &spool, why, sizeof(why)) == SPOOL_OK, "spool opens (%s)", why);
    queue = queue_open(&config, spool, why, sizeof(why));
    check(queue != NULL, "queue opens (%s)", why);
    if (!queue)
        return 1;
    queue_start(queue);

    printf("Submissions into a queue of %d and of %d jobs (lines send=no):\n", SMALL, LARGE);
    check(submit(queue, SMALL) == SMALL, "%d jobs queued", SMALL);
    struct probe small = probe_at(queue, SMALL);
    check(submit(queue, LARGE - SMALL - PROBE) == LARGE - SMALL - PROBE, "%d jobs queued", LARGE);
    struct probe large = probe_at(queue, LARGE);
    /* a submission, its log line and its events read a dozen or so; a timer scan of every job adds only
     * those of the job it picks. Before the fix, each submission read several of every queued job's. */
    check(small.lookups <= 20 * PROBE && large.lookups <= 2 * small.lookups,
          "parameter look-ups do not grow with the queue: %lu with %d queued, %lu with %d", small.lookups,
          SMALL, large.lookups, LARGE);
    check(small.changed_examined <= 2 * PROBE && large.changed_examined <= 2 * PROBE,
          "the sender looks at each changed job, not the queue: %lu and %lu jobs for %d submissions",
          small.changed_examined, large.changed_examined, PROBE);
    /* The sender's timer looks at every job once a minute: ten such scans would take the probe ten minutes,
     * while a submission that made the sender look at every job would show as one scan each. */
    check(small.full_scans < PROBE / 5 && large.full_scans < PROBE / 5,
          "submissions do not make the sender look at every job: %lu and %lu scans for %d submissions",
          small.full_scans, large.full_scans, PROBE);
    queue_close(queue);

    /* A restart: the spool gives back every job, in id order, without a search of the table per job. */
    queue = queue_open(&config, spool, why, sizeof(why));
    check(queue != NULL, "queue reopens (%s)", why);
    size_t count = 0;
    struct fax_job **jobs = queue ? queue_copy_jobs(queue, false, &count) : NULL;
    bool ordered = true;
    for (size_t i = 1; i < count; i++)
        ordered = ordered && jobs[i - 1]->id < jobs[i]->id;
    check(count == LARGE + PROBE && ordered, "after a restart %zu of %d jobs are queued, in id order", count,
          LARGE + PROBE);
    struct fax_job *middle = count ? queue_copy_job(queue, jobs[count / 2]->id) : NULL;
    check(middle && middle->id == jobs[count / 2]->id, "a job is found by its id");
    job_free(middle);
    queue_free_jobs(jobs, count);
    queue_close(queue);
    spool_close(spool);
    faxd_config_free(&config);

    char command[400];
    snprintf(command, sizeof(command), "rm -rf '%s'", root);
    if (system(command) != 0)
        printf("could not remove %s\n", root);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
