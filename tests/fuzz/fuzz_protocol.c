/* libFuzzer target for what faxd parses from clients and its spool: command lines, PORT/EPRT
 * addresses, quoted arguments, %-formats, and job files, with the scheduler reading a job's JPARMs
 * (SENDTIME/LASTTIME times, SCHEDPRI, retries, speeds) through every outcome of an attempt. */
#include <stdlib.h>
#include <string.h>

#include "hfx.h"
#include "job.h"
#include "scheduler.h"

static const char *lookup(char letter, void *context, char *scratch, size_t size)
{
    (void)context;
    scratch[0] = letter;
    scratch[1] = 0;
    return size > 1 && letter != 'x' ? scratch : NULL;
}

/* A fixed "now" (2026-12-07) and the default policy: the scheduler's arithmetic, not the clock, is fuzzed. */
static void judge(const struct fax_job *parsed)
{
    const struct sched_policy policy = { .max_tries = 3, .max_dials = 12, .retry_delay = 300,
                                         .discount_start = 22 * 60, .discount_end = 6 * 60 };
    const time_t now = 1796601600;
    const char *why;
    time_t again;

    for (int outcome = SCHED_SENT; outcome <= SCHED_INTERRUPTED; outcome++) {
        struct fax_job *job = job_copy(parsed);
        if (!job)
            return;
        sched_refresh(job);
        sched_ready(job, &policy, now, &why, &again);
        sched_call_capabilities(job, outcome & 1);
        sched_after_attempt(job, (enum sched_outcome)outcome, "fuzz", &policy, now);
        sched_expire(job, now + 86400);
        job_free(job);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), out[512], why[100];
    struct hfx_command command;
    struct sockaddr_storage address;
    socklen_t length;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    if (hfx_parse_command(text, &command) == HFX_PARSE_OK) {
        hfx_unquote(command.argument, out, sizeof(out));
        hfx_parse_port(command.argument, &address, &length);
        hfx_parse_eprt(command.argument, &address, &length);
    }
    hfx_format(text, lookup, NULL, out, sizeof(out));
    hfx_format(text, lookup, NULL, out, 3);
    struct fax_job *job = job_parse(text, why, sizeof(why));
    if (job) {
        judge(job);
        char *again = job_serialize(job, NULL);
        struct fax_job *back = again ? job_parse(again, why, sizeof(why)) : NULL;
        if (again && !back)
            abort();   /* what we write must read back */
        job_free(back);
        free(again);
        job_free(job);
    }
    free(text);
    return 0;
}
