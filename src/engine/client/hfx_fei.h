/*
 * SITE TRIGGER events as the Win32 fax event queue reports them (FAX_EVENT, spec 6 and 8.4): each decoded
 * trigger event (hfx_events.h) becomes zero or more notices, an FEI_* id with the DeviceId and JobId it
 * concerns. The trigger's lines say little on their own, so the map remembers between events which line
 * each job holds, which line is answering a call and which jobs were killed. Portable: winfax.dll
 * delivers the notices, fxscomex.dll reads the lines' states for OnDeviceStatusChange, the unit test and
 * the fuzz target run the map natively.
 */
#ifndef OPENFAXCOM_HFX_FEI_H
#define OPENFAXCOM_HFX_FEI_H

#include <stdbool.h>
#include <stddef.h>

#include "hfx_events.h"

/* The spec's FEI_* numbers (section 6), so the DLL passes them through unchanged. */
enum hfx_fei {
    HFX_FEI_DIALING = 1, HFX_FEI_SENDING = 2, HFX_FEI_RECEIVING = 3, HFX_FEI_COMPLETED = 4, HFX_FEI_BUSY = 5,
    HFX_FEI_NO_ANSWER = 6, HFX_FEI_BAD_ADDRESS = 7, HFX_FEI_NO_DIAL_TONE = 8, HFX_FEI_DISCONNECTED = 9,
    HFX_FEI_FATAL_ERROR = 10, HFX_FEI_RINGING = 14, HFX_FEI_ABORTING = 15, HFX_FEI_ROUTING = 16,
    HFX_FEI_MODEM_POWERED_ON = 17, HFX_FEI_MODEM_POWERED_OFF = 18, HFX_FEI_IDLE = 19, HFX_FEI_FAXSVC_ENDED = 20,
    HFX_FEI_ANSWERED = 21, HFX_FEI_JOB_QUEUED = 22, HFX_FEI_DELETED = 23, HFX_FEI_FAXSVC_STARTED = 27,
};

#define HFX_FEI_NO_JOB 0xffffffffu   /* JobId when no job is involved (spec 6: FAX_EVENT) */
#define HFX_FEI_MAX_NOTICES 3        /* the most one trigger event becomes */
#define HFX_FEI_JOBS 64              /* jobs remembered at once; the oldest gives way */

struct hfx_fei_notice {
    enum hfx_fei id;
    unsigned long device_id;         /* 0 when no line is involved or the line is unknown */
    unsigned long job_id;            /* HFX_FEI_NO_JOB when none */
    /* a failed attempt (S 125) or a job that failed for good (J 104): the trigger does not say why, so the
     * caller asks the job's STATUS and passes it to hfx_fei_from_status; id holds the fallback meanwhile */
    bool wants_status;
};

/* A line as the M events leave it: what fxscomex.dll's OnDeviceStatusChange reports, too. */
struct hfx_fei_line {
    char name[64];                   /* the trigger's MODEM name (faxd's line name, HylaFAX's modem) */
    unsigned long device_id;
    unsigned long job_id;            /* the job it sends (known when J events are watched), else HFX_FEI_NO_JOB */
    bool sending;                    /* assigned to a job */
    bool receiving;                  /* marked busy with no job: answering a call */
    bool down;                       /* marked down: neither sends nor answers */
};

struct hfx_fei_job {
    unsigned long id;
    bool used, killed;
};

struct hfx_fei_map {
    struct hfx_fei_line *lines;      /* the caller's, from the port listing; may be NULL */
    size_t line_count;
    unsigned long activated;         /* the job J 107 gave a line; M 148 follows it */
    unsigned long reception_device;  /* the line R events are on (the trigger's R lines name none) */
    struct hfx_fei_job jobs[HFX_FEI_JOBS];
    unsigned next_job_slot;
    struct hfx_fei_line unknown;     /* the scratch line of an M event for a line not given */
    const struct hfx_fei_line *last_line;
};

struct hfx_port_row;
/* The lines of a port listing (hfx_fetch_ports), named and numbered; free() them. NULL when out of memory. */
struct hfx_fei_line *hfx_fei_lines_new(const struct hfx_port_row *rows, size_t count);

/* lines (with name and device_id set) stay the caller's and must outlive the map's use. */
void hfx_fei_map_init(struct hfx_fei_map *map, struct hfx_fei_line *lines, size_t line_count);

/* The line the last M event concerned, as it left it (after hfx_fei_map_event); for a line the map was not
 * given, a scratch line with device 0 and that one event's effect. NULL before any M event. */
const struct hfx_fei_line *hfx_fei_map_last_line(const struct hfx_fei_map *map);

/* The notices for one event, in delivery order; returns how many (0..HFX_FEI_MAX_NOTICES). */
size_t hfx_fei_map_event(struct hfx_fei_map *map, const struct hfx_event *event,
                         struct hfx_fei_notice out[HFX_FEI_MAX_NOTICES]);

/* The FEI_* a job's STATUS text names (busy, no answer, bad number, no dial tone, hung up), else fallback.
 * status comes from the server: any bytes, NUL-terminated. */
enum hfx_fei hfx_fei_from_status(const char *status, enum hfx_fei fallback);

#endif
