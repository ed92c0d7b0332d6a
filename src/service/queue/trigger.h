/*
 * HylaFAX's trigger events as faxd posts them: the event numbers (class J, S, R or M in the high
 * nibble, the event in the low one, as HylaFAX's faxd/Trigger.h numbers them, so SITE TRIGGER masks and
 * the "HHMMSS NNN" lines mean the same on both servers), and the trigger specification a client sends.
 * The specification comes from outside: trigger_parse is fuzzed (tests/fuzz/fuzz_events.c).
 */
#ifndef OPENFAXCOM_FAXD_TRIGGER_H
#define OPENFAXCOM_FAXD_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* C is faxd's own class (docs/faxd.md "Events"): hfaxd skips the letter, and faxwatch never asks for it. */
enum trigger_class { TRIGGER_JOB, TRIGGER_SEND, TRIGGER_RECV, TRIGGER_MODEM, TRIGGER_CONFIG, TRIGGER_CLASSES };

enum trigger_event {
    EV_JOB_CREATE = 0, EV_JOB_SUSPEND, EV_JOB_READY, EV_JOB_SLEEP, EV_JOB_DEAD, EV_JOB_PROCESS, EV_JOB_REAP,
    EV_JOB_ACTIVE, EV_JOB_REJECT, EV_JOB_KILL, EV_JOB_BLOCKED, EV_JOB_DELAYED, EV_JOB_ALTERED, EV_JOB_TIMEDOUT,
    EV_JOB_PREP_BEGIN, EV_JOB_PREP_END,
    EV_SEND_BEGIN = 16, EV_SEND_CALL, EV_SEND_CONNECTED, EV_SEND_PAGE, EV_SEND_DOC, EV_SEND_POLLRCVD,
    EV_SEND_POLLDONE, EV_SEND_END, EV_SEND_REFORMAT, EV_SEND_REQUEUE, EV_SEND_DONE,
    EV_RECV_BEGIN = 32, EV_RECV_START, EV_RECV_PAGE, EV_RECV_DOC, EV_RECV_END,
    EV_MODEM_ASSIGN = 48, EV_MODEM_RELEASE, EV_MODEM_DOWN, EV_MODEM_READY, EV_MODEM_BUSY, EV_MODEM_WEDGED,
    EV_MODEM_INUSE, EV_MODEM_DATA_BEGIN, EV_MODEM_DATA_END, EV_MODEM_VOICE_BEGIN, EV_MODEM_VOICE_END, EV_MODEM_CID,
    EV_CONFIG_CHANGED = 64,   /* faxd: an administrator changed a SITE FAXD setting */
};

#define TRIGGER_ID_MAX 63

/* What one SITE TRIGGER asks for: per class a mask of events (bit n = event n of the class) and the job
 * id (J, S), line name (R, M) or setting name (C) it is limited to, "" for any. */
struct trigger_spec {
    uint16_t mask[TRIGGER_CLASSES];
    char id[TRIGGER_CLASSES][TRIGGER_ID_MAX + 1];
};

enum trigger_status {
    TRIGGER_OK,
    TRIGGER_MISSING_GT,      /* "J<12" */
    TRIGGER_CONFLICT,        /* a class given twice ("J*J*") */
    TRIGGER_BAD_MASK,        /* neither '*' nor four hex digits */
    TRIGGER_ID_TOO_LONG,
};
const char *trigger_strerror(enum trigger_status status);

/* [<class>['<'id'>'](<4 hex digits>|'*')]* as hfaxd's scheduler reads it: characters that are not a
 * class letter are skipped, so "X" is a valid trigger that matches nothing. */
enum trigger_status trigger_parse(const char *spec, struct trigger_spec *out);

/* Whether the trigger wants event for the job or line named id. */
bool trigger_matches(const struct trigger_spec *spec, enum trigger_event event, const char *id);

/* The words hfaxd prints after the job, line or "RECV FAX:" part ("Ready to send", "Marked busy"). */
const char *trigger_event_name(enum trigger_event event);

#endif
