/*
 * Trigger events to FEI_* notices (hfx_fei.h; the table is docs/winfax.md "Events"). The trigger names a
 * job's line only in the M event that follows the job's J 107, and an R event's line not at all, so both
 * are remembered here; everything else maps one event to fixed notices.
 */
#include "hfx_fei.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_rows.h"

struct hfx_fei_line *hfx_fei_lines_new(const struct hfx_port_row *rows, size_t count)
{
    struct hfx_fei_line *lines = calloc(count ? count : 1, sizeof(*lines));

    for (size_t i = 0; lines && i < count; i++) {
        snprintf(lines[i].name, sizeof(lines[i].name), "%s", rows[i].name);
        lines[i].device_id = rows[i].device_id > 0 ? (unsigned long)rows[i].device_id : 0;
        lines[i].job_id = HFX_FEI_NO_JOB;
    }
    return lines;
}

void hfx_fei_map_init(struct hfx_fei_map *map, struct hfx_fei_line *lines, size_t line_count)
{
    memset(map, 0, sizeof(*map));
    map->lines = lines;
    map->line_count = lines ? line_count : 0;
    map->activated = HFX_FEI_NO_JOB;
    for (size_t i = 0; i < map->line_count; i++)
        lines[i].job_id = HFX_FEI_NO_JOB;
}

static unsigned long job_number(const char *text)
{
    char *end;
    unsigned long id = strtoul(text, &end, 10);

    return end != text && !*end && id < HFX_FEI_NO_JOB ? id : HFX_FEI_NO_JOB;
}

static struct hfx_fei_line *find_line(struct hfx_fei_map *map, const char *name)
{
    for (size_t i = 0; i < map->line_count; i++)
        if (!strcmp(map->lines[i].name, name))
            return &map->lines[i];
    return NULL;
}

const struct hfx_fei_line *hfx_fei_map_last_line(const struct hfx_fei_map *map)
{
    return map->last_line;
}

static unsigned long line_of_job(const struct hfx_fei_map *map, unsigned long job)
{
    for (size_t i = 0; i < map->line_count; i++)
        if (map->lines[i].job_id == job)
            return map->lines[i].device_id;
    return 0;
}

static struct hfx_fei_job *find_job(struct hfx_fei_map *map, unsigned long id, bool create)
{
    struct hfx_fei_job *slot;

    for (unsigned i = 0; i < HFX_FEI_JOBS; i++)
        if (map->jobs[i].used && map->jobs[i].id == id)
            return &map->jobs[i];
    if (!create)
        return NULL;
    slot = &map->jobs[map->next_job_slot++ % HFX_FEI_JOBS];
    *slot = (struct hfx_fei_job){ .id = id, .used = true };
    return slot;
}

static size_t job_event(struct hfx_fei_map *map, const struct hfx_event *event, struct hfx_fei_notice *out)
{
    unsigned long job = job_number(event->job_id);
    struct hfx_fei_notice notice = { .device_id = line_of_job(map, job), .job_id = job };
    struct hfx_fei_job *known;

    if (job == HFX_FEI_NO_JOB)
        return 0;
    switch (event->code) {
    case HFX_JOB_CREATE: notice.id = HFX_FEI_JOB_QUEUED; find_job(map, job, true); break;
    case HFX_JOB_ACTIVE: map->activated = job; return 0;
    case HFX_JOB_KILL: notice.id = HFX_FEI_ABORTING; find_job(map, job, true)->killed = true; break;
    case HFX_JOB_DEAD:   /* a killed job's end is its DELETED; any other dead job failed */
        if ((known = find_job(map, job, false)) && known->killed)
            return 0;
        notice.id = HFX_FEI_FATAL_ERROR;
        notice.wants_status = true;
        break;
    case HFX_JOB_REAP:
        notice.id = HFX_FEI_DELETED;
        if ((known = find_job(map, job, false)))
            known->used = false;
        break;
    case HFX_SEND_BEGIN: notice.id = HFX_FEI_DIALING; break;
    case HFX_SEND_PAGE: notice.id = HFX_FEI_SENDING; break;
    case HFX_SEND_REQUEUE: notice.id = HFX_FEI_DISCONNECTED; notice.wants_status = true; break;
    case HFX_SEND_DONE: notice.id = HFX_FEI_COMPLETED; break;
    default: return 0;
    }
    out[0] = notice;
    return 1;
}

static size_t modem_event(struct hfx_fei_map *map, const struct hfx_event *event, struct hfx_fei_notice *out)
{
    struct hfx_fei_line *line = find_line(map, event->modem);
    size_t count = 0;

    if (!line) {   /* a line added after the queue started: device 0, this event's state */
        map->unknown = (struct hfx_fei_line){ .job_id = HFX_FEI_NO_JOB };
        line = &map->unknown;
    }
    map->last_line = line;
    switch (event->code) {
    case HFX_MODEM_ASSIGN:
        line->sending = true;
        line->job_id = map->activated;
        map->activated = HFX_FEI_NO_JOB;
        return 0;
    case HFX_MODEM_RELEASE:
        line->sending = false;
        line->job_id = HFX_FEI_NO_JOB;
        return 0;
    case HFX_MODEM_BUSY:   /* busy with no job assigned: answering a call */
        if (!line->sending) {
            line->receiving = true;
            map->reception_device = line->device_id;
        }
        return 0;
    case HFX_MODEM_DOWN:
        line->down = true;
        line->sending = line->receiving = false;
        line->job_id = HFX_FEI_NO_JOB;
        out[count++] = (struct hfx_fei_notice){ HFX_FEI_MODEM_POWERED_OFF, line->device_id, HFX_FEI_NO_JOB, false };
        return count;
    case HFX_MODEM_READY:
        if (line->down)
            out[count++] = (struct hfx_fei_notice){ HFX_FEI_MODEM_POWERED_ON, line->device_id, HFX_FEI_NO_JOB, false };
        line->down = line->sending = line->receiving = false;
        line->job_id = HFX_FEI_NO_JOB;
        out[count++] = (struct hfx_fei_notice){ HFX_FEI_IDLE, line->device_id, HFX_FEI_NO_JOB, false };
        return count;
    default:
        return 0;
    }
}

static size_t recv_event(struct hfx_fei_map *map, const struct hfx_event *event, struct hfx_fei_notice *out)
{
    struct hfx_fei_notice notice = { .device_id = map->reception_device, .job_id = HFX_FEI_NO_JOB };

    switch (event->code) {
    case HFX_RECV_BEGIN:
        out[0] = notice;
        out[0].id = HFX_FEI_RINGING;
        out[1] = notice;
        out[1].id = HFX_FEI_ANSWERED;
        return 2;
    case HFX_RECV_START:
    case HFX_RECV_PAGE: notice.id = HFX_FEI_RECEIVING; break;
    case HFX_RECV_DOC: notice.id = HFX_FEI_ROUTING; break;   /* stored in recvq, routed from there */
    case HFX_RECV_END: notice.id = HFX_FEI_COMPLETED; break;
    default: return 0;
    }
    out[0] = notice;
    return 1;
}

size_t hfx_fei_map_event(struct hfx_fei_map *map, const struct hfx_event *event,
                         struct hfx_fei_notice out[HFX_FEI_MAX_NOTICES])
{
    switch (event->event_class) {
    case HFX_EVENT_JOB:
    case HFX_EVENT_SEND: return job_event(map, event, out);
    case HFX_EVENT_MODEM: return modem_event(map, event, out);
    case HFX_EVENT_RECV: return recv_event(map, event, out);
    case HFX_EVENT_CONFIG: return 0;   /* faxd's settings: the Win32 queue has no FEI_* for them */
    }
    return 0;
}

/* Case-insensitive search, as servers capitalise their words as they like. */
static bool says(const char *status, const char *words)
{
    size_t length = strlen(words);

    for (; *status; status++) {
        size_t i = 0;
        while (i < length && status[i] && (status[i] | 0x20) == (words[i] | 0x20))
            i++;
        if (i == length)
            return true;
    }
    return false;
}

enum hfx_fei hfx_fei_from_status(const char *status, enum hfx_fei fallback)
{
    /* faxd's scheduler words and HylaFAX's faxsend ones ("Busy signal detected", "No carrier detected") */
    static const struct { const char *words; enum hfx_fei id; } reasons[] = {
        { "busy", HFX_FEI_BUSY },
        { "no answer", HFX_FEI_NO_ANSWER },
        { "does not answer", HFX_FEI_NO_ANSWER },   /* faxd: a loopback line that does not receive */
        { "no dial tone", HFX_FEI_NO_DIAL_TONE },
        { "no local dialtone", HFX_FEI_NO_DIAL_TONE },
        { "invalid number", HFX_FEI_BAD_ADDRESS },
        { "bad number", HFX_FEI_BAD_ADDRESS },
        { "not found", HFX_FEI_BAD_ADDRESS },   /* a SIP 404 */
        { "no line has the number", HFX_FEI_BAD_ADDRESS },   /* faxd: a loopback number no line has */
        { "no carrier", HFX_FEI_DISCONNECTED },
        { "hung up", HFX_FEI_DISCONNECTED },
    };

    if (!status)
        return fallback;
    for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (says(status, reasons[i].words))
            return reasons[i].id;
    return fallback;
}
