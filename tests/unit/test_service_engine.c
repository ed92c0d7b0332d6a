/*
 * Unit tests of the service's engine parts: the durable spool (a crash simulated at every write
 * step), job records, the protocol text layer, and the scheduler's decisions.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "check.h"

#include "hfx.h"
#include "job.h"
#include "scheduler.h"
#include "spool.h"


static char *read_text(struct spool *spool, const char *relative)
{
    char *text = NULL;
    spool_read(spool, relative, &text, NULL);
    return text;
}

/* After a crash at any step, a reader sees the old file or the new one, never a mix or a torn file. */
static void test_spool_crash_steps(const char *root)
{
    static const char *old_text = "format:openfaxcom-job 1\nid:7\nstate:P\nend:\n";
    char new_text[20000];
    char why[200];

    memset(new_text, 'x', sizeof(new_text) - 1);
    new_text[sizeof(new_text) - 1] = 0;
    for (int step = 1; step <= 4; step++) {
        struct spool *spool;
        char **names;
        size_t count;
        check(spool_open(root, &spool, why, sizeof(why)) == SPOOL_OK, "spool opens (%s)", why);
        check(spool_write_atomic(spool, "sendq/q7", old_text, strlen(old_text)) == SPOOL_OK, "write q7");
        spool_crash_at(spool, step);
        spool_write_atomic(spool, "sendq/q7", new_text, strlen(new_text));
        spool_close(spool);   /* the "process" died here */

        check(spool_open(root, &spool, why, sizeof(why)) == SPOOL_OK, "spool reopens after crash at step %d", step);
        char *text = read_text(spool, "sendq/q7");
        bool whole_old = text && !strcmp(text, old_text), whole_new = text && !strcmp(text, new_text);
        check(step < 4 ? whole_old : whole_new, "crash at step %d leaves the %s file whole", step,
              step < 4 ? "old" : "new");
        free(text);
        spool_list(spool, "tmp", "", &names, &count);
        check(count == 0, "crash at step %d: recovery emptied tmp (%zu left)", step, count);
        spool_free_list(names, count);
        spool_close(spool);
    }
}

static void test_spool_sequence_and_list(const char *root)
{
    struct spool *spool;
    uint32_t a = 0, b = 0, c = 0;
    char why[200], **names;
    size_t count;

    spool_open(root, &spool, why, sizeof(why));
    check(spool_next_number(spool, "seqf", &a) == SPOOL_OK && spool_next_number(spool, "seqf", &b) == SPOOL_OK,
          "sequence numbers");
    spool_close(spool);
    spool_open(root, &spool, why, sizeof(why));
    spool_next_number(spool, "seqf", &c);
    check(b == a + 1 && c == b + 1, "sequence survives a restart (%u %u %u)", a, b, c);
    uint32_t d = 0, e = 0;
    check(spool_number_above(spool, "seqf", 100) == SPOOL_OK && spool_next_number(spool, "seqf", &d) == SPOOL_OK
          && d == 101, "the sequence continues past the highest id on disk (%u)", d);
    check(spool_number_above(spool, "seqf", 50) == SPOOL_OK && spool_next_number(spool, "seqf", &e) == SPOOL_OK
          && e == 102, "and never goes back (%u)", e);
    spool_write_atomic(spool, "sendq/q10", "x", 1);
    spool_write_atomic(spool, "sendq/q9", "x", 1);
    spool_list(spool, "sendq", "q", &names, &count);
    check(count == 3 && !strcmp(names[0], "q7") && !strcmp(names[1], "q9") && !strcmp(names[2], "q10"),
          "listing sorts q7, q9, q10 by number");
    spool_free_list(names, count);
    check(spool_remove(spool, "sendq/q9") == SPOOL_OK && spool_remove(spool, "sendq/q9") == SPOOL_ERR_NOT_FOUND,
          "remove, then not found");
    spool_close(spool);
}

/* A damaged file set aside twice under one name keeps both copies; the original name is free again. */
static void test_spool_quarantine(const char *root)
{
    struct spool *spool;
    char why[200], kept[300], **names;
    size_t count;

    check(spool_open(root, &spool, why, sizeof(why)) == SPOOL_OK, "spool opens (%s)", why);
    spool_write_atomic(spool, "sendq/q40", "garbage one", 11);
    check(spool_quarantine(spool, "sendq/q40", kept, sizeof(kept)) == SPOOL_OK
          && !strcmp(kept, "quarantine/sendq-q40"), "a damaged job file moves to quarantine/sendq-q40 (%s)", kept);
    spool_write_atomic(spool, "sendq/q40", "garbage two", 11);
    check(spool_quarantine(spool, "sendq/q40", kept, sizeof(kept)) == SPOOL_OK
          && !strcmp(kept, "quarantine/sendq-q40-2"), "a second one keeps the first (%s)", kept);
    char *first = read_text(spool, "quarantine/sendq-q40"), *second = read_text(spool, "quarantine/sendq-q40-2");
    check(first && second && !strcmp(first, "garbage one") && !strcmp(second, "garbage two"),
          "both copies are kept as they were");
    free(first);
    free(second);
    spool_list(spool, "sendq", "q40", &names, &count);
    check(count == 0, "sendq no longer holds q40 (%zu)", count);
    spool_free_list(names, count);
    check(spool_quarantine(spool, "sendq/q41", kept, sizeof(kept)) == SPOOL_ERR_IO && !*kept,
          "a file that is not there is not quarantined");
    spool_close(spool);
}

static void test_job_records(void)
{
    struct fax_job *job = job_new(42, "alice"), *back;
    char why[100];
    size_t size;
    char *text;

    job_set_param(job, "dialstring", "1002");
    job_set_param(job, "REGARDING", "line one\nline two \\ with backslash");
    job_set_param(job, "DIALSTRING", "1003");   /* replaces, case-insensitively */
    job_add_document(job, "docq/doc1.ps");
    job_add_document(job, "docq/doc2.pdf");
    job_set_status(job, JOB_SLEEPING, "Busy signal detected; will retry");
    job->dials = 2;
    job->submitted = 1700000000;
    text = job_serialize(job, &size);
    back = text ? job_parse(text, why, sizeof(why)) : NULL;
    check(back != NULL, "job round trip parses (%s)", back ? "" : why);
    if (back) {
        check(back->id == 42 && !strcmp(back->owner, "alice") && back->state == JOB_SLEEPING && back->dials == 2
              && back->submitted == 1700000000, "fields survive");
        check(!strcmp(job_param(back, "dialstring"), "1003") && back->param_count == 2, "params survive");
        check(!strcmp(job_param(back, "regarding"), "line one\nline two \\ with backslash"), "escapes survive");
        check(back->document_count == 2 && !strcmp(back->documents[1], "docq/doc2.pdf"), "documents in order");
        job_free(back);
    }
    /* a file cut anywhere must not parse as a job */
    int accepted = 0;
    for (size_t cut = 0; text && cut + 1 < size; cut++) {   /* only the final newline may go */
        char *part = strndup(text, cut);
        struct fax_job *j = job_parse(part, why, sizeof(why));
        accepted += j != NULL;
        job_free(j);
        free(part);
    }
    check(accepted == 0, "no cut-short job file parses (%d did)", accepted);
    check(!job_parse("hello", why, sizeof(why)), "garbage is not a job");
    check(job_param_long(job, "DIALSTRING", -1) == 1003 && job_param_long(job, "REGARDING", -1) == -1,
          "numeric params");
    free(text);
    job_free(job);
}

static const char *lookup(char letter, void *context, char *scratch, size_t size)
{
    (void)context;
    switch (letter) {
    case 'j': return "12";
    case 'a': return "P";
    case 'o': return "alice";
    case 's': snprintf(scratch, size, "%s", "a status that is long"); return scratch;
    default: return NULL;
    }
}

static void test_protocol_text(void)
{
    struct hfx_command command;
    struct sockaddr_storage address;
    socklen_t length;
    char out[200];

    check(hfx_parse_command("jparm DIALSTRING 1002", &command) == HFX_PARSE_OK && !strcmp(command.verb, "JPARM")
          && !strcmp(command.argument, "DIALSTRING 1002"), "command and argument");
    check(hfx_parse_command("QUIT", &command) == HFX_PARSE_OK && !*command.argument, "no argument");
    check(hfx_parse_command("   ", &command) == HFX_PARSE_EMPTY, "blank line");
    check(hfx_parse_command("TOOLONGVERB x", &command) == HFX_PARSE_BAD_VERB, "verb over 8 letters");
    check(hfx_parse_command("US3R x", &command) == HFX_PARSE_BAD_VERB, "digits in a verb");
    check(hfx_parse_command("USER a\x01", &command) == HFX_PARSE_BAD_CHAR, "control character");
    check(hfx_parse_port("127,0,0,1,4,1", &address, &length)
          && ntohs(((struct sockaddr_in *)&address)->sin_port) == 1025, "PORT");
    check(!hfx_parse_port("127,0,0,1,4", &address, &length) && !hfx_parse_port("256,0,0,1,4,1", &address, &length)
          && !hfx_parse_port("1,2,3,4,5,6,7", &address, &length), "bad PORTs");
    check(hfx_parse_eprt("|1|127.0.0.1|4558|", &address, &length) && address.ss_family == AF_INET, "EPRT v4");
    check(hfx_parse_eprt("|2|::1|4558|", &address, &length) && address.ss_family == AF_INET6, "EPRT v6");
    check(!hfx_parse_eprt("|1|127.0.0.1|0|", &address, &length) && !hfx_parse_eprt("|3|x|1|", &address, &length)
          && !hfx_parse_eprt("|1|127.0.0.1|99999|", &address, &length) && !hfx_parse_eprt("", &address, &length),
          "bad EPRTs");
    check(hfx_unquote("\"%-4j %a\"", out, sizeof(out)) && !strcmp(out, "%-4j %a"), "quoted argument");
    check(!hfx_unquote("\"open", out, sizeof(out)), "unterminated quote");
    hfx_format("%-4j|%3a|%.5s|%o%%|%Z", lookup, NULL, out, sizeof(out));
    check(!strcmp(out, "12  |  P|a sta|alice%|"), "format widths, precision, unknown letters: \"%s\"", out);
    hfx_format("%-99999999999j", lookup, NULL, out, 8);
    check(strlen(out) == 7, "absurd widths are capped by the buffer");
}

static struct fax_job *job_at(uint32_t id, const char *priority, time_t submitted)
{
    struct fax_job *job = job_new(id, "u");
    job->submitted = submitted;
    if (priority)
        job_set_param(job, "SCHEDPRI", priority);
    return job;
}

static void test_scheduler(void)
{
    struct sched_policy policy = { .max_tries = 3, .max_dials = 4, .retry_delay = 300 };
    time_t now = 1700000000;
    struct fax_job *jobs[3] = { job_at(1, NULL, now - 10), job_at(2, "100", now - 5), job_at(3, NULL, now - 20) };
    const char *why;
    time_t again;
    struct fax_job *k;

    check(sched_pick(jobs, 3, &policy, now) == 1, "a lower SCHEDPRI goes first");
    job_set_param(jobs[1], "SCHEDPRI", "127");
    check(sched_pick(jobs, 3, &policy, now) == 2, "then the oldest submission");
    policy.queue_paused = true;
    check(sched_pick(jobs, 3, &policy, now) == -1 && !sched_ready(jobs[0], &policy, now, &why, &again)
          && strstr(why, "paused"), "a paused queue sends nothing");
    policy.queue_paused = false;
    jobs[2]->state = JOB_SUSPENDED;
    check(sched_pick(jobs, 3, &policy, now) == 0, "a suspended job waits");

    /* outcomes */
    struct fax_job *job = jobs[0];
    sched_after_attempt(job, SCHED_BUSY, NULL, &policy, now);
    check(job->state == JOB_SLEEPING && job->dials == 1 && job->tries == 0 && job->next_attempt == now + 300
          && strstr(job->status, "Busy"), "busy: sleeps, a dial counted, retry in 300 s");
    check(!sched_ready(job, &policy, now + 10, &why, &again) && again == now + 300, "not before the retry time");
    check(sched_ready(job, &policy, now + 300, &why, &again), "ready at the retry time");
    sched_after_attempt(job, SCHED_NO_CARRIER, "Failure to train", &policy, now);
    check(job->tries == 1 && job->state == JOB_SLEEPING && strstr(job->status, "Failure to train"), "no carrier: a try");
    sched_after_attempt(job, SCHED_NO_ANSWER, "SIP 480 Temporarily Unavailable from 3001", &policy, now);
    check(!strcmp(job->status, "No answer from remote (SIP 480 Temporarily Unavailable from 3001); will retry"),
          "no answer: the line's own words kept in the status (%s)", job->status);
    sched_after_attempt(job, SCHED_NO_ANSWER, NULL, &policy, now);
    check(job->state == JOB_FAILED && strstr(job->status, "Too many attempts to dial"), "max dials: failed (%s)",
          job->status);

    job = jobs[1];
    job->pages_sent = 0;
    sched_after_attempt(job, SCHED_SENT, NULL, &policy, now);
    check(job->state == JOB_FAILED, "a call that moved no page is not done");
    job = jobs[2];
    job->state = JOB_PENDING;
    job->pages_sent = 2;
    sched_after_attempt(job, SCHED_INTERRUPTED, NULL, &policy, now);
    check(job->state == JOB_PENDING && job->dials == 0, "an interrupted attempt does not count");
    sched_after_attempt(job, SCHED_SENT, NULL, &policy, now);
    check(job->state == JOB_DONE && job->finished == now, "sent: done");

    /* a failure with a very long detail: the status keeps its start and says it was cut */
    char detail[400];
    memset(detail, 'x', sizeof(detail) - 1);
    detail[sizeof(detail) - 1] = '\0';
    k = job_at(8, NULL, now);
    job_set_param(k, "MAXDIALS", "1");
    sched_after_attempt(k, SCHED_NO_CARRIER, detail, &policy, now);
    size_t len = strlen(k->status);
    check(k->state == JOB_FAILED && len > 200 && len < sizeof(detail) && !strcmp(k->status + len - 3, "...")
          && strstr(k->status, "Too many attempts to dial (1): xxx"), "a long failure detail is cut, marked with ... (%zu)", len);
    job_free(k);

    /* kill time: sendfax's DDHHMM form, relative to submission */
    k = job_at(9, NULL, now);
    job_set_param(k, "LASTTIME", "000130");
    check(sched_kill_time(k) == now + 5400, "LASTTIME 000130 = 1 h 30 min");
    check(!sched_expire(k, now + 5399) && sched_expire(k, now + 5400) && k->state == JOB_FAILED, "kill time expires");
    job_free(k);
    k = job_at(10, NULL, now);
    job_set_param(k, "LASTTIME", "000004");
    job_set_param(k, "MAXDIALS", "50");
    sched_after_attempt(k, SCHED_BUSY, NULL, &policy, now);   /* the retry would come after the kill time */
    check(k->state == JOB_FAILED && strstr(k->status, "Kill time"), "no retry past the kill time");
    job_free(k);

    /* the discount window, across midnight (local time = UTC here) */
    struct sched_policy cheap = { .discount_start = 20 * 60, .discount_end = 7 * 60, .retry_delay = 60 };
    time_t noon = 1700049600 - (1700049600 % 86400) + 12 * 3600, night = noon + 11 * 3600;
    check(!sched_in_discount_window(&cheap, noon) && sched_in_discount_window(&cheap, night)
          && sched_in_discount_window(&cheap, noon - 6 * 3600), "window 20:00-07:00");
    k = job_at(11, NULL, noon);
    job_set_param(k, "SCHEDULE", "discount");
    check(!sched_ready(k, &cheap, noon, &why, &again) && strstr(why, "discount") && again == noon + 8 * 3600,
          "a discount job waits for 20:00 (%ld)", (long)(again - noon));
    check(sched_ready(k, &cheap, night, &why, &again), "and goes at night");
    /* a test's fixed time of day wins over the clock, both ways */
    struct sched_policy fixed_noon = cheap, fixed_night = cheap;
    fixed_noon.time_of_day_fixed = fixed_night.time_of_day_fixed = true;
    fixed_noon.fixed_minute_of_day = 12 * 60;
    fixed_night.fixed_minute_of_day = 23 * 60 + 59;
    check(!sched_ready(k, &fixed_noon, night, &why, &again) && strstr(why, "discount") && again == night + 8 * 3600,
          "a fixed noon holds the discount job at night (%ld)", (long)(again - night));
    check(sched_ready(k, &fixed_night, noon, &why, &again), "a fixed 23:59 lets it go at noon");
    job_free(k);
    k = job_at(12, NULL, noon);
    job_set_param(k, "SENDTIME", "000100");
    check(!sched_ready(k, &policy, noon, &why, &again) && again == noon + 3600, "SENDTIME holds the job");
    job_free(k);
    for (int i = 0; i < 3; i++)
        job_free(jobs[i]);
}

static void test_step_down(void)
{
    struct fax_job *job = job_new(40, "owner");
    struct sched_capabilities caps = sched_call_capabilities(job, true);
    check(caps.ecm && caps.v17 && caps.v29, "a first try uses everything");
    check(!sched_call_capabilities(job, false).ecm, "no ECM when the server has it off");
    job->tries = 1;
    caps = sched_call_capabilities(job, true);
    check(caps.ecm && !caps.v17 && caps.v29, "after a failed try: no V.17, ECM kept");
    job->tries = 2;
    caps = sched_call_capabilities(job, true);
    check(!caps.ecm && !caps.v17 && caps.v29, "after two: no V.17 and no ECM");
    job->tries = 0;
    job_set_param(job, "BEGBR", "3");
    caps = sched_call_capabilities(job, true);
    check(!caps.v17 && caps.v29, "BEGBR 3 (9600): V.29, not V.17");
    job_set_param(job, "BEGBR", "1");
    caps = sched_call_capabilities(job, true);
    check(!caps.v17 && !caps.v29, "BEGBR 1 (4800): V.27ter only");
    job_set_param(job, "USEECM", "NO");
    check(!sched_call_capabilities(job, true).ecm, "USEECM NO: no ECM");
    check(sched_call_capabilities(job, true).t38 == SCHED_T38_LINE, "no T38 parameter: the line's t38=");
    job_set_param(job, "T38", "never");
    check(sched_call_capabilities(job, true).t38 == SCHED_T38_NEVER, "JPARM T38 never, in any case");
    job_set_param(job, "T38", "PREFER");
    caps = sched_call_capabilities(job, true);
    check(caps.t38 == SCHED_T38_PREFER && !caps.t38_failed, "JPARM T38 PREFER");
    job_set_param(job, "T38FAILED", "YES");
    caps = sched_call_capabilities(job, true);
    check(caps.t38 == SCHED_T38_NEVER && caps.t38_failed, "after a failed T.38 try: G.711, saying why");
    char *text = job_serialize(job, NULL);
    char why[100];
    struct fax_job *again = text ? job_parse(text, why, sizeof(why)) : NULL;
    check(again && sched_call_capabilities(again, true).t38_failed, "the failed T.38 try survives a restart");
    job_free(again);
    free(text);
    job_free(job);
}

int main(void)
{
    char root[] = "/tmp/faxd-engine-test-XXXXXX", command[100];

    setenv("TZ", "UTC", 1);
    if (!mkdtemp(root))
        return 1;
    test_spool_crash_steps(root);
    test_spool_sequence_and_list(root);
    test_spool_quarantine(root);
    test_job_records();
    test_protocol_text();
    test_scheduler();
    test_step_down();
    snprintf(command, sizeof(command), "rm -rf '%s'", root);
    if (system(command) != 0)
        printf("note: could not remove %s\n", root);
    printf("service engine: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
