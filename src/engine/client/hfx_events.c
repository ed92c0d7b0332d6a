/* Decoding SITE TRIGGER event lines (hfx_events.h); the layouts are hfaxd's, docs/faxd.md "Events". */
#include "hfx_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hfx_events_strerror(enum hfx_events_status status)
{
    switch (status) {
    case HFX_EVENTS_OK: return "no error";
    case HFX_EVENTS_BAD_TIME: return "the line does not start with HHMMSS and a space";
    case HFX_EVENTS_BAD_CODE: return "the event number is not 100..164";
    case HFX_EVENTS_BAD_TEXT: return "the event text does not have its class's shape";
    }
    return "unknown error";
}

/* Copies [from, to) into out, cut to fit. */
static void copy_span(char *out, size_t size, const char *from, const char *to)
{
    size_t n = (size_t)(to - from) < size - 1 ? (size_t)(to - from) : size - 1;
    memcpy(out, from, n);
    out[n] = '\0';
}

static bool digits(const char *s, int count, int *value)
{
    *value = 0;
    for (int i = 0; i < count; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *value = *value * 10 + (s[i] - '0');
    }
    return true;
}

/* A non-negative number at s (at most 9 digits), or -1. */
static int number_at(const char *s)
{
    int value = 0, n = 0;
    for (; n < 9 && s[n] >= '0' && s[n] <= '9'; n++)
        value = value * 10 + (s[n] - '0');
    return n ? value : -1;
}

/* "JOB id (dest D pri P com C): words" (S events: words start "SEND FAX: "). The destination may hold
 * spaces, so " pri " is searched from the right. */
static bool parse_job(const char *text, struct hfx_event *out)
{
    const char *id = text + 4, *open = strstr(text, " (dest "), *close = open ? strstr(open, "): ") : NULL;

    if (strncmp(text, "JOB ", 4) || !close || open == id)
        return false;
    copy_span(out->job_id, sizeof(out->job_id), id, open);
    const char *dest = open + 7, *pri = NULL, *com = NULL;
    for (const char *p = close - 5; p >= dest; p--)
        if (!strncmp(p, " pri ", 5)) {
            pri = p;
            break;
        }
    if (!pri || !(com = strstr(pri, " com ")) || com > close)
        return false;
    copy_span(out->dest, sizeof(out->dest), dest, pri);
    out->priority = number_at(pri + 5);
    copy_span(out->commid, sizeof(out->commid), com + 5, close);
    const char *words = close + 3;
    if (out->event_class == HFX_EVENT_SEND) {
        if (strncmp(words, "SEND FAX: ", 10))
            return false;
        words += 10;
        if (out->code == HFX_SEND_PAGE && !strncmp(words, "Page ", 5))
            out->page = number_at(words + 5);
    }
    copy_span(out->text, sizeof(out->text), words, words + strlen(words));
    return true;
}

/* "MODEM name: words", and faxd's "CONFIG name: words" (the name kept in modem). */
static bool parse_named(const char *text, const char *tag, struct hfx_event *out)
{
    size_t tag_length = strlen(tag);
    const char *colon = strstr(text, ": ");

    if (strncmp(text, tag, tag_length) || !colon || colon <= text + tag_length)
        return false;
    copy_span(out->modem, sizeof(out->modem), text + tag_length, colon);
    copy_span(out->text, sizeof(out->text), colon + 2, colon + 2 + strlen(colon + 2));
    return true;
}

/* "RECV FAX: words"; page and document events say "From TSI (com C), page N in T ..." and
 * "From TSI (com C), N pages in T, file F". */
static bool parse_recv(const char *text, struct hfx_event *out)
{
    if (strncmp(text, "RECV FAX: ", 10))
        return false;
    const char *words = text + 10, *com = strstr(words, " (com "), *after = com ? strstr(com, "), ") : NULL;
    copy_span(out->text, sizeof(out->text), words, words + strlen(words));
    if ((out->code != HFX_RECV_PAGE && out->code != HFX_RECV_DOC) || strncmp(words, "From ", 5))
        return true;
    if (!after)
        return false;
    copy_span(out->sender, sizeof(out->sender), words + 5, com);
    copy_span(out->commid, sizeof(out->commid), com + 6, after);
    after += 3;
    if (out->code == HFX_RECV_PAGE) {
        out->page = strncmp(after, "page ", 5) ? -1 : number_at(after + 5);
    } else {
        const char *file = strstr(after, ", file ");
        out->pages = number_at(after);
        if (file)
            copy_span(out->file, sizeof(out->file), file + 7, file + 7 + strlen(file + 7));
    }
    return true;
}

enum hfx_events_status hfx_event_parse(const char *line, size_t length, struct hfx_event *out)
{
    char text[1024];
    int code;

    memset(out, 0, sizeof(*out));
    out->page = out->pages = out->priority = -1;
    while (length && (line[length - 1] == '\n' || line[length - 1] == '\r'))
        length--;
    if (length < 7 || !digits(line, 2, &out->hour) || !digits(line + 2, 2, &out->minute)
        || !digits(line + 4, 2, &out->second) || line[6] != ' ' || out->hour > 23 || out->minute > 59
        || out->second > 60)
        return HFX_EVENTS_BAD_TIME;
    if (length < 11 || !digits(line + 7, 3, &code) || line[10] != ' ' || code < 100 || code > 164)
        return HFX_EVENTS_BAD_CODE;
    out->code = code - 100;
    out->event_class = (enum hfx_event_class)(out->code >> 4);
    copy_span(text, sizeof(text), line + 11, line + length);
    if (strlen(text) != length - 11)   /* a NUL inside */
        return HFX_EVENTS_BAD_TEXT;
    bool ok = out->event_class == HFX_EVENT_CONFIG ? parse_named(text, "CONFIG ", out)
            : out->event_class == HFX_EVENT_MODEM ? parse_named(text, "MODEM ", out)
            : out->event_class == HFX_EVENT_RECV  ? parse_recv(text, out)
                                                  : parse_job(text, out);
    return ok ? HFX_EVENTS_OK : HFX_EVENTS_BAD_TEXT;
}

enum hfx_trigger_reply hfx_trigger_reply(int code, const char *text, char *why, size_t why_size)
{
    static const char prefix[] = "Cannot register trigger: ";
    const char *reason = strncmp(text, prefix, sizeof(prefix) - 1) ? text : text + sizeof(prefix) - 1;

    if (why_size)
        snprintf(why, why_size, "%s", reason);
    if (code == 150 || code == 125)
        return HFX_TRIGGER_STARTED;
    return code == 425 ? HFX_TRIGGER_NO_DATA_CONNECTION : HFX_TRIGGER_REFUSED;
}

void hfx_event_reader_feed(struct hfx_event_reader *reader, const char *bytes, size_t size, hfx_event_fn *on_event,
                           void *context)
{
    for (size_t i = 0; i < size; i++) {
        if (bytes[i] != '\n') {
            if (reader->skipping)
                continue;
            if (reader->used == sizeof(reader->buffer)) {
                reader->skipping = true;
                reader->skipped++;
                reader->used = 0;
                continue;
            }
            reader->buffer[reader->used++] = bytes[i];
            continue;
        }
        if (!reader->skipping) {
            struct hfx_event event;
            if (hfx_event_parse(reader->buffer, reader->used, &event) == HFX_EVENTS_OK)
                on_event(context, &event);
            else
                reader->malformed++;
        }
        reader->skipping = false;
        reader->used = 0;
    }
}
