/* Trigger specifications and event names (HylaFAX's hfaxd and faxwatch(8) define both). */
#include "trigger.h"

#include <string.h>

const char *trigger_strerror(enum trigger_status status)
{
    switch (status) {
    case TRIGGER_OK: return "no error";
    case TRIGGER_MISSING_GT: return "missing '>'";
    case TRIGGER_CONFLICT: return "interests conflict (a class is given twice)";
    case TRIGGER_BAD_MASK: return "non-hex event mask (give '*' or four hex digits)";
    case TRIGGER_ID_TOO_LONG: return "job or modem id too long";
    }
    return "unknown error";
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int class_of(char letter)
{
    switch (letter) {
    case 'J': return TRIGGER_JOB;
    case 'S': return TRIGGER_SEND;
    case 'R': return TRIGGER_RECV;
    case 'M': return TRIGGER_MODEM;
    case 'C': return TRIGGER_CONFIG;
    default: return -1;
    }
}

enum trigger_status trigger_parse(const char *spec, struct trigger_spec *out)
{
    memset(out, 0, sizeof(*out));
    while (*spec) {
        int class = class_of(*spec++);
        if (class < 0)
            continue;
        if (*spec == '<') {
            const char *end = strchr(++spec, '>');
            if (!end)
                return TRIGGER_MISSING_GT;
            if (end - spec > TRIGGER_ID_MAX)
                return TRIGGER_ID_TOO_LONG;
            memcpy(out->id[class], spec, (size_t)(end - spec));
            out->id[class][end - spec] = '\0';
            spec = end + 1;
        }
        if (out->mask[class])
            return TRIGGER_CONFLICT;
        if (*spec == '*') {
            out->mask[class] = 0xffff;
            spec++;
            continue;
        }
        unsigned mask = 0;
        for (int i = 0; i < 4; i++) {
            int v = hex_value(spec[i]);   /* a NUL stops here: spec[i] is never read past the end */
            if (v < 0)
                return TRIGGER_BAD_MASK;
            mask = mask << 4 | (unsigned)v;
        }
        out->mask[class] = (uint16_t)mask;
        spec += 4;
    }
    return TRIGGER_OK;
}

bool trigger_matches(const struct trigger_spec *spec, enum trigger_event event, const char *id)
{
    unsigned class = (unsigned)event >> 4;

    if (class >= TRIGGER_CLASSES || !(spec->mask[class] & 1u << (event & 15)))
        return false;
    return !spec->id[class][0] || (id && !strcmp(spec->id[class], id));
}

const char *trigger_event_name(enum trigger_event event)
{
    static const char *const names[TRIGGER_CLASSES][16] = {
        { "Created", "Suspended", "Ready to send", "Sleeping awaiting time-to-send", "Marked dead",
          "Being processed by scheduler", "Corpus reaped", "Activated", "Rejected", "Killed",
          "Blocked by another job", "Delayed by time-of-day restriction or similar", "Parameters altered",
          "Timed out", "Preparation started", "Preparation finished" },
        { "Begin attempt", "Call placed (off-hook)", "Connected to remote device", "Page sent", "Document sent",
          "Polled document received", "Poll completed", "Finished attempt",
          "Reformat documents because of capabilities mismatch", "Requeue job", "Job completed successfully" },
        { "Call started", "Session started", "Page received", "Document received", "Call ended" },
        { "Assigned to job", "Released by job", "Marked down", "Marked ready", "Marked busy", "Considered wedged",
          "In-use by an outbound job", "Inbound data call begin", "Inbound data call completed",
          "Inbound voice call begin", "Inbound voice call completed", "Caller-id information: " },
        { "Changed" },
    };
    unsigned class = (unsigned)event >> 4;
    const char *name = class < TRIGGER_CLASSES ? names[class][event & 15] : NULL;
    return name ? name : "Unknown event";
}
