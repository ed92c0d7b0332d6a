/*
 * Trigger events to the Win32 event queue's FEI_* notices (hfx_fei.c): a job's whole life in faxd's order
 * with the line it was given, a short job whose events all come at once, a kill, failed attempts whose
 * STATUS names the cause, a reception on another line, a line taken down and up, and events for lines and
 * jobs the map never heard of.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "hfx_fei.h"
#include "hfx_rows.h"

#define NONE HFX_FEI_NO_JOB

struct expected {
    enum hfx_fei id;
    unsigned long device_id, job_id;
};

struct run {
    struct hfx_fei_map map;
    struct hfx_fei_notice notices[64];
    size_t count;
};

static void collect(void *context, const struct hfx_event *event)
{
    struct run *run = context;
    struct hfx_fei_notice out[HFX_FEI_MAX_NOTICES];
    size_t count = hfx_fei_map_event(&run->map, event, out);

    for (size_t i = 0; i < count && run->count < 64; i++)
        run->notices[run->count++] = out[i];
}

static void feed(struct run *run, const char *stream)
{
    struct hfx_event_reader reader = { 0 };

    run->count = 0;
    hfx_event_reader_feed(&reader, stream, strlen(stream), collect, run);
}

static void expect(const struct run *run, const char *what, const struct expected *want, size_t count)
{
    check(run->count == count, "%s: %zu notices (%zu)", what, count, run->count);
    for (size_t i = 0; i < count && i < run->count; i++)
        check(run->notices[i].id == want[i].id && run->notices[i].device_id == want[i].device_id
                  && run->notices[i].job_id == want[i].job_id,
              "%s: notice %zu is FEI %d device %lu job %lu (got %d, %lu, %lu)", what, i, (int)want[i].id,
              want[i].device_id, want[i].job_id, (int)run->notices[i].id, run->notices[i].device_id,
              run->notices[i].job_id);
}

static struct hfx_fei_line lines[2];

static void start(struct run *run)
{
    memset(lines, 0, sizeof(lines));
    strcpy(lines[0].name, "sip1");
    lines[0].device_id = 1;
    strcpy(lines[1].name, "sip2");
    lines[1].device_id = 2;
    hfx_fei_map_init(&run->map, lines, 2);
}

/* faxd's events, in its order, for job 5 sent on sip1 and received on sip2 (docs/faxd.md "Events"). */
static const char job_life[] =
    "120000 100 JOB 5 (dest  pri 127 com ): Created\r\n"
    "120000 102 JOB 5 (dest 1002 pri 127 com ): Ready to send\r\n"
    "120000 107 JOB 5 (dest 1002 pri 127 com ): Activated\r\n"
    "120000 148 MODEM sip1: Assigned to job\r\n"
    "120000 114 JOB 5 (dest 1002 pri 127 com ): Preparation started\r\n"
    "120000 115 JOB 5 (dest 1002 pri 127 com ): Preparation finished\r\n"
    "120000 116 JOB 5 (dest 1002 pri 127 com ): SEND FAX: Begin attempt\r\n"
    "120000 152 MODEM sip1: Marked busy\r\n"
    "120000 117 JOB 5 (dest 1002 pri 127 com ): SEND FAX: Call placed (off-hook)\r\n"
    "120001 152 MODEM sip2: Marked busy\r\n"
    "120001 132 RECV FAX: Call started\r\n"
    "120001 118 JOB 5 (dest 1002 pri 127 com ): SEND FAX: Connected to remote device\r\n"
    "120002 133 RECV FAX: Session started (com ), TSI \"\" <>\r\n"
    "120005 119 JOB 5 (dest 1002 pri 127 com ): SEND FAX: Page 1 sent in 0:03 (file docq/job5.tif) <9600 bit/s>\r\n"
    "120005 134 RECV FAX: From  (com ), page 1 in 0:03 <9600 bit/s>\r\n"
    "120006 120 JOB 5 (dest 1002 pri 127 com ): SEND FAX: Document sent in 0:04 (file docq/job5.tif)\r\n"
    "120006 123 JOB 5 (dest 1002 pri 127 com ): SEND FAX: Finished attempt\r\n"
    "120006 126 JOB 5 (dest 1002 pri 127 com ): SEND FAX: Job completed successfully\r\n"
    "120006 106 JOB 5 (dest 1002 pri 127 com ): Corpus reaped\r\n"
    "120006 149 MODEM sip1: Released by job\r\n"
    "120006 151 MODEM sip1: Marked ready\r\n"
    "120006 136 RECV FAX: Call ended\r\n"
    "120006 151 MODEM sip2: Marked ready\r\n"
    "120006 135 RECV FAX: From  (com ), 1 pages in 0:05, file recvq/fax00000001.tif\r\n";

static void test_job_life(void)
{
    static const struct expected want[] = {
        { HFX_FEI_JOB_QUEUED, 0, 5 }, { HFX_FEI_DIALING, 1, 5 }, { HFX_FEI_RINGING, 2, NONE },
        { HFX_FEI_ANSWERED, 2, NONE }, { HFX_FEI_RECEIVING, 2, NONE }, { HFX_FEI_SENDING, 1, 5 },
        { HFX_FEI_RECEIVING, 2, NONE }, { HFX_FEI_COMPLETED, 1, 5 }, { HFX_FEI_DELETED, 1, 5 },
        { HFX_FEI_IDLE, 1, NONE }, { HFX_FEI_COMPLETED, 2, NONE }, { HFX_FEI_IDLE, 2, NONE },
        { HFX_FEI_ROUTING, 2, NONE },
    };
    struct run run;

    start(&run);
    feed(&run, job_life);
    expect(&run, "a job's life and a reception", want, sizeof(want) / sizeof(want[0]));
    check(lines[0].job_id == NONE && !lines[0].sending && !lines[1].receiving, "both lines are free again");
    check(hfx_fei_map_last_line(&run.map) == &lines[1], "the last M event was sip2's");

    /* the line state between events, as fxscomex.dll reads it for OnDeviceStatusChange */
    start(&run);
    check(!hfx_fei_map_last_line(&run.map), "no line before any M event");
    feed(&run, "120000 148 MODEM sip1: Assigned to job\r\n120000 152 MODEM sip1: Marked busy\r\n");
    const struct hfx_fei_line *sip1 = hfx_fei_map_last_line(&run.map);
    check(sip1 == &lines[0] && sip1->sending && !sip1->receiving && sip1->job_id == NONE,
          "a line assigned with no J events watched is sending, its job unknown");
    feed(&run, "120000 152 MODEM sip2: Marked busy\r\n");
    const struct hfx_fei_line *sip2 = hfx_fei_map_last_line(&run.map);
    check(sip2 == &lines[1] && sip2->receiving && !sip2->sending && run.map.reception_device == 2,
          "a line busy with no job answers, and receptions are on it");
    feed(&run, "120000 148 MODEM sip9: Assigned to job\r\n");
    const struct hfx_fei_line *other = hfx_fei_map_last_line(&run.map);
    check(other && other->device_id == 0 && other->sending, "a line the map was not given: device 0, this event's state");
    feed(&run, "120000 152 MODEM sip9: Marked busy\r\n");
    check(!hfx_fei_map_last_line(&run.map)->sending && run.map.reception_device == 0,
          "and no state carried over to its next event");
    feed(&run, "120000 150 MODEM sip1: Marked down\r\n");
    check(sip1->down && !sip1->sending, "a line marked down sends no more");
}

static void test_kill_and_failures(void)
{
    static const struct expected killed[] = {
        { HFX_FEI_JOB_QUEUED, 0, 7 }, { HFX_FEI_ABORTING, 0, 7 }, { HFX_FEI_DELETED, 0, 7 },
    };
    static const struct expected failing[] = {
        { HFX_FEI_DIALING, 0, 8 }, { HFX_FEI_DISCONNECTED, 0, 8 }, { HFX_FEI_FATAL_ERROR, 0, 8 },
        { HFX_FEI_DELETED, 0, 8 },
    };
    struct run run;

    start(&run);
    feed(&run, "120000 100 JOB 7 (dest  pri 127 com ): Created\r\n"
               "120000 109 JOB 7 (dest 1 pri 127 com ): Killed\r\n"
               "120000 104 JOB 7 (dest 1 pri 127 com ): Marked dead\r\n"
               "120000 106 JOB 7 (dest 1 pri 127 com ): Corpus reaped\r\n");
    expect(&run, "a killed job ends in ABORTING then DELETED, not a failure", killed, 3);

    /* the map never saw job 8 created (the queue started later): its events still count */
    feed(&run, "120000 116 JOB 8 (dest 1 pri 127 com ): SEND FAX: Begin attempt\r\n"
               "120000 125 JOB 8 (dest 1 pri 127 com ): SEND FAX: Requeue job\r\n"
               "120000 104 JOB 8 (dest 1 pri 127 com ): Marked dead\r\n"
               "120000 106 JOB 8 (dest 1 pri 127 com ): Corpus reaped\r\n");
    expect(&run, "a failing job", failing, 4);
    check(run.count == 4 && run.notices[1].wants_status && run.notices[2].wants_status && !run.notices[0].wants_status
              && !run.notices[3].wants_status,
          "the requeue and the death ask for the job's STATUS");

    check(hfx_fei_from_status("Busy signal detected; will retry", HFX_FEI_DISCONNECTED) == HFX_FEI_BUSY,
          "faxd's busy status is FEI_BUSY");
    check(hfx_fei_from_status("No answer from remote (SIP 480); will retry", HFX_FEI_DISCONNECTED)
              == HFX_FEI_NO_ANSWER, "faxd's no answer is FEI_NO_ANSWER");
    check(hfx_fei_from_status("Too many attempts to dial (1): line 1002 does not answer (receiving is disabled)",
                              HFX_FEI_FATAL_ERROR) == HFX_FEI_NO_ANSWER,
          "faxd's loopback line that does not answer is FEI_NO_ANSWER");
    check(hfx_fei_from_status("no line has the number 1009 (dialed \"1009\")", HFX_FEI_FATAL_ERROR)
              == HFX_FEI_BAD_ADDRESS, "faxd's loopback number that no line has is FEI_BAD_ADDRESS");
    check(hfx_fei_from_status("NO CARRIER detected", HFX_FEI_FATAL_ERROR) == HFX_FEI_DISCONNECTED,
          "HylaFAX's no carrier is FEI_DISCONNECTED, whatever the case");
    check(hfx_fei_from_status("No local dialtone", HFX_FEI_DISCONNECTED) == HFX_FEI_NO_DIAL_TONE,
          "HylaFAX's no dial tone is FEI_NO_DIAL_TONE");
    check(hfx_fei_from_status("SIP 404 Not Found", HFX_FEI_DISCONNECTED) == HFX_FEI_BAD_ADDRESS,
          "a number that does not exist is FEI_BAD_ADDRESS");
    check(hfx_fei_from_status("Too many attempts to transmit (3)", HFX_FEI_FATAL_ERROR) == HFX_FEI_FATAL_ERROR
              && hfx_fei_from_status("", HFX_FEI_DISCONNECTED) == HFX_FEI_DISCONNECTED
              && hfx_fei_from_status(NULL, HFX_FEI_FATAL_ERROR) == HFX_FEI_FATAL_ERROR,
          "other words, none, or no status at all keep the fallback");
}

static void test_lines(void)
{
    static const struct expected want[] = {
        { HFX_FEI_MODEM_POWERED_OFF, 2, NONE }, { HFX_FEI_MODEM_POWERED_ON, 2, NONE }, { HFX_FEI_IDLE, 2, NONE },
        { HFX_FEI_IDLE, 2, NONE }, { HFX_FEI_MODEM_POWERED_OFF, 0, NONE },
    };
    struct run run;

    start(&run);
    feed(&run, "120000 150 MODEM sip2: Marked down\r\n"
               "120000 151 MODEM sip2: Marked ready\r\n"
               "120000 151 MODEM sip2: Marked ready\r\n"
               "120000 150 MODEM sip9: Marked down\r\n"
               "120000 148 MODEM sip9: Assigned to job\r\n"
               "120000 153 MODEM sip1: Considered wedged\r\n");
    expect(&run, "a line down and up, then an unknown line", want, sizeof(want) / sizeof(want[0]));

    /* a map without any lines (the port listing failed) still maps, with device 0 */
    hfx_fei_map_init(&run.map, NULL, 5);
    feed(&run, job_life);
    check(run.count == 13 && run.notices[1].id == HFX_FEI_DIALING && run.notices[1].device_id == 0,
          "without lines every notice says device 0 (%zu notices)", run.count);
}

static void test_lines_from_ports(void)
{
    struct hfx_port_row rows[2] = { { .device_id = 3, .name = "loop1001" }, { .device_id = -1, .name = "odd" } };
    struct hfx_fei_line *made = hfx_fei_lines_new(rows, 2), *none = hfx_fei_lines_new(NULL, 0);

    check(made && !strcmp(made[0].name, "loop1001") && made[0].device_id == 3 && made[0].job_id == NONE
              && !made[0].sending && made[1].device_id == 0,
          "lines from a port listing: names, device ids (a negative one is 0), free");
    check(none != NULL, "an empty listing still gives something to free");
    free(made);
    free(none);
}

static void test_hostile(void)
{
    struct run run;
    char many[64 * 60 + 1] = "";

    start(&run);
    feed(&run, "120000 100 JOB x5 (dest  pri 127 com ): Created\r\n"
               "120000 100 JOB 99999999999999 (dest  pri 127 com ): Created\r\n"
               "120000 148 MODEM sip1: Assigned to job\r\n");
    check(run.count == 0, "job ids that are not numbers, or too large, give no notices (%zu)", run.count);
    check(lines[0].job_id == NONE, "an assignment with no job activated before it binds no job");

    /* more jobs at once than the map remembers: the oldest give way, nothing breaks */
    for (int i = 0; i < 60; i++)
        snprintf(many + strlen(many), sizeof(many) - strlen(many), "120000 109 JOB %d (dest  pri 1 com ): Killed\r\n",
                 i + 1);
    feed(&run, many);
    feed(&run, many);
    check(run.count == 60, "60 kills, twice, give 60 notices each time (%zu)", run.count);
}

int main(void)
{
    test_job_life();
    test_kill_and_failures();
    test_lines();
    test_lines_from_ports();
    test_hostile();
    printf("hfx fei: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
