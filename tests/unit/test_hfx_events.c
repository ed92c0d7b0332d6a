/*
 * SITE TRIGGER events, both ends: the lines HylaFAX 6.0.7's hfaxd sent faxwatch (captured on loopback,
 * docs/faxd.md "Events") and faxd's decode to the same fields; faxd's own trigger specifications parse
 * and match as hfaxd's scheduler reads them; the bus delivers in order, filters by job and line, and
 * drops a watcher that lets its buffer fill instead of blocking the poster. Then hostile lines.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "events.h"
#include "hfx_events.h"
#include "trigger.h"

/* faxwatch 'J*S*R*M*' against hfaxd while sendfax submitted job 1 and faxrm killed it. */
static const char hylafax_capture[] =
    "222648 100 JOB 1 (dest  pri 127 com ): Created\r\n"
    "222648 102 JOB 1 (dest 5551234 pri 127 com ): Ready to send\r\n"
    "222652 109 JOB 1 (dest 5551234 pri 127 com ): Killed\r\n"
    "222652 104 JOB 1 (dest 5551234 pri 127 com ): Marked dead\r\n"
    "222652 106 JOB 1 (dest 5551234 pri 127 com ): Corpus reaped\r\n";

struct collected {
    struct hfx_event events[64];
    size_t count;
};

static void collect(void *context, const struct hfx_event *event)
{
    struct collected *c = context;
    if (c->count < 64)
        c->events[c->count++] = *event;
}

static void test_hylafax_lines(void)
{
    struct hfx_event_reader reader = { 0 };
    struct collected got = { 0 };

    for (size_t i = 0; i < sizeof(hylafax_capture) - 1; i += 7)   /* in pieces, as reads may come */
        hfx_event_reader_feed(&reader, hylafax_capture + i,
                              i + 7 < sizeof(hylafax_capture) - 1 ? 7 : sizeof(hylafax_capture) - 1 - i, collect, &got);
    check(got.count == 5 && reader.malformed == 0, "hfaxd capture: %zu events, %u malformed", got.count, reader.malformed);
    static const int codes[] = { HFX_JOB_CREATE, HFX_JOB_READY, HFX_JOB_KILL, HFX_JOB_DEAD, HFX_JOB_REAP };
    for (size_t i = 0; i < got.count && i < 5; i++)
        check(got.events[i].code == codes[i] && got.events[i].event_class == HFX_EVENT_JOB
                  && !strcmp(got.events[i].job_id, "1") && got.events[i].priority == 127 && !got.events[i].commid[0],
              "hfaxd event %zu: code %d job %s pri %d", i, got.events[i].code, got.events[i].job_id,
              got.events[i].priority);
    check(!strcmp(got.events[0].dest, "") && !strcmp(got.events[1].dest, "5551234"), "dest: '%s' '%s'",
          got.events[0].dest, got.events[1].dest);
    check(got.events[2].hour == 22 && got.events[2].minute == 26 && got.events[2].second == 52
              && !strcmp(got.events[2].text, "Killed"),
          "time and words: %02d%02d%02d %s", got.events[2].hour, got.events[2].minute, got.events[2].second,
          got.events[2].text);
}

static void test_faxd_lines(void)
{
    struct hfx_event e;

    const char *sent = "222919 119 JOB 12 (dest +1 555 0199 pri 100 com c7): SEND FAX: Page 2 sent in 0:09 "
                       "(file docq/job12.tif) <14400 bit/s>";
    enum hfx_events_status status = hfx_event_parse(sent, strlen(sent), &e);
    check(status == HFX_EVENTS_OK && e.code == HFX_SEND_PAGE && e.event_class == HFX_EVENT_SEND && !strcmp(e.dest, "+1 555 0199")
              && e.priority == 100 && !strcmp(e.commid, "c7") && e.page == 2 && !strncmp(e.text, "Page 2 sent", 11),
          "send page: code %d dest '%s' pri %d com '%s' page %d", e.code, e.dest, e.priority, e.commid, e.page);
    const char *modem = "222919 152 MODEM loop1001: Marked busy";
    status = hfx_event_parse(modem, strlen(modem), &e);
    check(status == HFX_EVENTS_OK && e.code == HFX_MODEM_BUSY
              && !strcmp(e.modem, "loop1001") && !strcmp(e.text, "Marked busy"),
          "modem: %d '%s' '%s'", e.code, e.modem, e.text);
    const char *doc = "222919 135 RECV FAX: From 1001 (com ), 3 pages in 0:21, file recvq/fax00000001.tif\r\n";
    status = hfx_event_parse(doc, strlen(doc), &e);
    check(status == HFX_EVENTS_OK && e.code == HFX_RECV_DOC
              && !strcmp(e.sender, "1001") && e.pages == 3 && !strcmp(e.file, "recvq/fax00000001.tif"),
          "recv doc: '%s' %d '%s'", e.sender, e.pages, e.file);
    const char *page = "222919 134 RECV FAX: From  (com ), page 4 in 0:00 <14400 bit/s>";
    status = hfx_event_parse(page, strlen(page), &e);
    check(status == HFX_EVENTS_OK && e.page == 4 && !e.sender[0], "recv page %d",
          e.page);
    const char *begin = "000000 132 RECV FAX: Call started";
    check(hfx_event_parse(begin, strlen(begin), &e) == HFX_EVENTS_OK && e.code == HFX_RECV_BEGIN
              && !strcmp(e.text, "Call started"), "recv begin");
}

/* faxd's class C: a SITE FAXD setting changed (docs/faxd.md "Events") */
static void test_config_lines(void)
{
    static const char line[] = "020304 164 CONFIG Retries: Changed to 2\r\n";
    struct hfx_event e;

    check(hfx_event_parse(line, strlen(line), &e) == HFX_EVENTS_OK && e.code == HFX_CONFIG_CHANGED
              && e.event_class == HFX_EVENT_CONFIG && !strcmp(e.modem, "Retries") && !strcmp(e.text, "Changed to 2"),
          "164 CONFIG name: words (%s, %s)", e.modem, e.text);
    check(hfx_event_parse("020304 165 CONFIG Retries: x", 28, &e) == HFX_EVENTS_BAD_CODE, "165 is no event");
    check(hfx_event_parse("020304 164 MODEM x: y", 21, &e) == HFX_EVENTS_BAD_TEXT, "164 without CONFIG");
}

static void test_replies(void)
{
    char why[80];

    check(hfx_trigger_reply(150, "Opening new data connection for trigger \"J*\".", why, sizeof(why))
              == HFX_TRIGGER_STARTED, "150 starts");
    check(hfx_trigger_reply(504, "Cannot register trigger: Unspecified reason (scheduler NAK'd request).", why,
                            sizeof(why)) == HFX_TRIGGER_REFUSED
              && !strcmp(why, "Unspecified reason (scheduler NAK'd request)."), "504: %s", why);
    check(hfx_trigger_reply(425, "Cannot build data connection: Connection refused.", why, sizeof(why))
              == HFX_TRIGGER_NO_DATA_CONNECTION, "425");
}

static void test_hostile_lines(void)
{
    static const char *const bad[] = {
        "", "22264", "2226a8 100 JOB 1", "246000 100 JOB", "222648 099 JOB 1 (dest  pri 1 com ): x",
        "222648 164 MODEM a: b", "222648 100", "222648 100 JOB 1 dest", "222648 100 JOB  (dest  pri 1 com ): x",
        "222648 116 JOB 1 (dest 1 pri 1 com ): no send prefix", "222648 148 MODEM : x", "222648 148 MODEM x",
        "222648 135 RECV FAX: From x (com y without end", "222648 132 RECV", "222648 100 JOB 1 (dest ): (pri",
    };
    struct hfx_event e;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        check(hfx_event_parse(bad[i], strlen(bad[i]), &e) != HFX_EVENTS_OK, "refused: \"%s\"", bad[i]);
    const char with_nul[] = "222648 148 MODEM a\0b: c";
    check(hfx_event_parse(with_nul, sizeof(with_nul) - 1, &e) == HFX_EVENTS_BAD_TEXT, "a NUL inside");

    struct hfx_event_reader reader = { 0 };
    struct collected got = { 0 };
    char long_line[3000];
    memset(long_line, 'x', sizeof(long_line));
    hfx_event_reader_feed(&reader, long_line, sizeof(long_line), collect, &got);
    hfx_event_reader_feed(&reader, "\n000102 151 MODEM m: Marked ready\n", 34, collect, &got);
    check(reader.skipped == 1 && got.count == 1 && got.events[0].second == 2, "overlong line skipped whole (%u, %zu)",
          reader.skipped, got.count);
    check(strlen(hfx_events_strerror(HFX_EVENTS_BAD_TEXT)) > 0, "strerror");
}

static void test_specs(void)
{
    struct trigger_spec spec;

    check(trigger_parse("J<1932>4c60M*", &spec) == TRIGGER_OK && spec.mask[TRIGGER_JOB] == 0x4c60
              && !strcmp(spec.id[TRIGGER_JOB], "1932") && spec.mask[TRIGGER_MODEM] == 0xffff
              && spec.mask[TRIGGER_SEND] == 0, "faxwatch(8)'s example");
    check(trigger_matches(&spec, EV_JOB_REAP, "1932") && !trigger_matches(&spec, EV_JOB_REAP, "1933")
              && !trigger_matches(&spec, EV_JOB_CREATE, "1932") && trigger_matches(&spec, EV_MODEM_BUSY, "ttyf2"),
          "matching by mask and id");
    check(trigger_parse("X", &spec) == TRIGGER_OK && !trigger_matches(&spec, EV_JOB_CREATE, "1"),
          "other letters are skipped");
    check(trigger_parse("J*S*R*M*", &spec) == TRIGGER_OK && !trigger_matches(&spec, EV_CONFIG_CHANGED, "Retries"),
          "faxwatch's J*S*R*M* never gets faxd's class C");
    check(trigger_parse("C<Retries>*", &spec) == TRIGGER_OK && trigger_matches(&spec, EV_CONFIG_CHANGED, "Retries")
              && !trigger_matches(&spec, EV_CONFIG_CHANGED, "RetryDelay")
              && !strcmp(trigger_event_name(EV_CONFIG_CHANGED), "Changed"),
          "C<setting>*: a setting's changes");
    check(trigger_parse("J<1", &spec) == TRIGGER_MISSING_GT, "missing >");
    check(trigger_parse("J*J*", &spec) == TRIGGER_CONFLICT, "conflict");
    check(trigger_parse("J12", &spec) == TRIGGER_BAD_MASK && trigger_parse("Jzz", &spec) == TRIGGER_BAD_MASK,
          "short or non-hex masks");
    char long_id[100] = "M<";
    memset(long_id + 2, 'a', 80);
    strcpy(long_id + 82, ">*");
    check(trigger_parse(long_id, &spec) == TRIGGER_ID_TOO_LONG, "long id");
    check(!strcmp(trigger_event_name(EV_MODEM_DOWN), "Marked down")
              && !strcmp(trigger_event_name((enum trigger_event)27), "Unknown event"), "names");
}

static void test_bus(void)
{
    struct faxd_events *events = events_new();
    struct trigger_spec jobs, line;
    trigger_parse("J<7>*", &jobs);
    trigger_parse("M<loop2>0008", &line);
    struct faxd_watcher *a = events_watch(events, &jobs), *b = events_watch(events, &line);
    struct faxd_event out[8];
    bool dropped, closed;

    events_post(events, EV_JOB_CREATE, "7", "JOB %d: %s", 7, "Created");
    events_post(events, EV_JOB_CREATE, "8", "JOB 8: Created");
    events_post(events, EV_MODEM_READY, "loop2", "MODEM loop2: Marked ready");
    events_post(events, EV_MODEM_BUSY, "loop2", "MODEM loop2: Marked busy");
    events_post(events, EV_JOB_KILL, "7", "JOB 7: Killed");
    struct pollfd p = { events_wake_fd(a), POLLIN, 0 };
    check(poll(&p, 1, 0) == 1, "the watcher is woken");
    size_t n = events_take(a, out, 8, &dropped, &closed);
    check(n == 2 && out[0].event == EV_JOB_CREATE && !strcmp(out[0].text, "JOB 7: Created") && out[1].event == EV_JOB_KILL
              && !dropped && !closed, "job 7's events, in order (%zu)", n);
    n = events_take(b, out, 8, &dropped, &closed);
    check(n == 1 && out[0].event == EV_MODEM_READY, "loop2 ready only (%zu)", n);

    for (int i = 0; i < EVENTS_BUFFERED + 10; i++)   /* a watcher that never reads */
        events_post(events, EV_JOB_READY, "7", "JOB 7: Ready to send");
    n = events_take(a, out, 8, &dropped, &closed);
    check(n == 8 && dropped, "overflow marks the watcher dropped (%zu, %d)", n, dropped);
    events_unwatch(a);
    events_close(events);   /* b still watches: the bus stays until it leaves */
    n = events_take(b, out, 8, &dropped, &closed);
    check(n == 0 && closed, "closed seen");
    events_post(events, EV_MODEM_READY, "loop2", "MODEM loop2: Marked ready");
    check(events_take(b, out, 8, &dropped, &closed) == 0, "nothing posted after close");
    events_unwatch(b);
}

/* Posters on several threads while a watcher drains: every event arrives once, each thread's in order. */
struct poster {
    struct faxd_events *events;
    int thread;
};

static void *post_many(void *argument)
{
    struct poster *poster = argument;
    for (int i = 0; i < 200; i++)
        events_post(poster->events, EV_SEND_PAGE, "1", "%d %d", poster->thread, i);
    return NULL;
}

static void test_bus_threads(void)
{
    struct faxd_events *events = events_new();
    struct trigger_spec all;
    trigger_parse("S*", &all);
    struct faxd_watcher *watcher = events_watch(events, &all);
    pthread_t threads[2];
    struct poster posters[2] = { { events, 0 }, { events, 1 } };
    int next[2] = { 0, 0 }, total = 0;
    bool in_order = true, dropped = false, closed;

    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, post_many, &posters[i]);
    while (total < 400 && !dropped) {
        struct faxd_event out[32];
        struct pollfd p = { events_wake_fd(watcher), POLLIN, 0 };
        poll(&p, 1, 1000);
        size_t n = events_take(watcher, out, 32, &dropped, &closed);
        for (size_t i = 0; i < n; i++) {
            int thread, number;
            sscanf(out[i].text, "%d %d", &thread, &number);
            in_order = in_order && number == next[thread];
            next[thread] = number + 1;
        }
        total += (int)n;
    }
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    check(dropped || (total == 400 && in_order), "threads: %d events, in order %d", total, in_order);
    events_unwatch(watcher);
    events_close(events);
}

int main(void)
{
    test_config_lines();
    test_hylafax_lines();
    test_faxd_lines();
    test_replies();
    test_hostile_lines();
    test_specs();
    test_bus();
    test_bus_threads();
    printf("hfx events: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
