/*
 * Events from SITE TRIGGER, as hfaxd (HylaFAX) and faxd send them in TYPE A: the reply to the command,
 * then on the data connection one line per event, "HHMMSS NNN text" (NNN = 100 + HylaFAX's event number:
 * class J, S, R, M in the high nibble; faxd adds class C, "CONFIG name: words"). The DLLs turn these into FaxComEx events. Every byte comes from
 * the server: everything here is bounds-checked and fuzzed (tests/fuzz/fuzz_events.c).
 */
#ifndef OPENFAXCOM_HFX_EVENTS_H
#define OPENFAXCOM_HFX_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

/* CONFIG is faxd's own class C (164..179; docs/faxd.md "Events"): hfaxd never sends it. */
enum hfx_event_class { HFX_EVENT_JOB, HFX_EVENT_SEND, HFX_EVENT_RECV, HFX_EVENT_MODEM, HFX_EVENT_CONFIG };

/* The event numbers the DLLs act on (HylaFAX's faxd/Trigger.h); the others keep their number in code. */
enum {
    HFX_JOB_CREATE = 0, HFX_JOB_SUSPEND = 1, HFX_JOB_READY = 2, HFX_JOB_SLEEP = 3, HFX_JOB_DEAD = 4,
    HFX_JOB_REAP = 6, HFX_JOB_ACTIVE = 7, HFX_JOB_KILL = 9, HFX_JOB_ALTERED = 12, HFX_JOB_TIMEDOUT = 13,
    HFX_SEND_BEGIN = 16, HFX_SEND_CONNECTED = 18, HFX_SEND_PAGE = 19, HFX_SEND_DOC = 20, HFX_SEND_END = 23, HFX_SEND_REQUEUE = 25,
    HFX_SEND_DONE = 26,
    HFX_RECV_BEGIN = 32, HFX_RECV_START = 33, HFX_RECV_PAGE = 34, HFX_RECV_DOC = 35, HFX_RECV_END = 36,
    HFX_MODEM_ASSIGN = 48, HFX_MODEM_RELEASE = 49, HFX_MODEM_DOWN = 50, HFX_MODEM_READY = 51, HFX_MODEM_BUSY = 52,
    HFX_CONFIG_CHANGED = 64,
};

struct hfx_event {
    int code;                      /* 0..79 */
    enum hfx_event_class event_class;
    int hour, minute, second;      /* in the time zone TZONE chose */
    /* J and S events */
    char job_id[16], dest[64], commid[32];
    int priority;
    /* M events; C events: the setting's name */
    char modem[64];
    /* R events, and SEND_PAGE's page */
    char sender[64], file[128];
    int page, pages;               /* SEND_PAGE, RECV_PAGE: the page; RECV_DOC: pages (-1 when not given) */
    char text[256];                /* the words after "JOB ...: ", "SEND FAX: ", "MODEM x: ", "RECV FAX: ", "CONFIG x: " */
};

enum hfx_events_status {
    HFX_EVENTS_OK,
    HFX_EVENTS_BAD_TIME,       /* not "HHMMSS " */
    HFX_EVENTS_BAD_CODE,       /* not 100..164 */
    HFX_EVENTS_BAD_TEXT,       /* the text does not have the shape its class gives it */
};
const char *hfx_events_strerror(enum hfx_events_status status);

/* One event line, without or with its CR LF; need not be NUL-terminated. */
enum hfx_events_status hfx_event_parse(const char *line, size_t length, struct hfx_event *out);

/* The reply to SITE TRIGGER: 150 started; anything else refused, why has the server's words. */
enum hfx_trigger_reply { HFX_TRIGGER_STARTED, HFX_TRIGGER_REFUSED, HFX_TRIGGER_NO_DATA_CONNECTION };
enum hfx_trigger_reply hfx_trigger_reply(int code, const char *text, char *why, size_t why_size);

/* Splits the data connection's bytes into lines whatever the reads' sizes; a line longer than the
 * buffer is skipped whole (and counted). */
struct hfx_event_reader {
    char buffer[1024];
    size_t used;
    bool skipping;
    unsigned skipped, malformed;
};
typedef void hfx_event_fn(void *context, const struct hfx_event *event);
void hfx_event_reader_feed(struct hfx_event_reader *reader, const char *bytes, size_t size, hfx_event_fn *on_event,
                           void *context);

#endif
