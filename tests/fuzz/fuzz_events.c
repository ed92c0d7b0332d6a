/* libFuzzer target for SITE TRIGGER's outside bytes: the event stream a server sends (hfx_events.c, the
 * DLLs' decoder) fed in two pieces at the input's first byte, each line alone through hfx_event_parse, and
 * the same bytes as a trigger specification a client sends faxd (trigger.c). What they promise is checked:
 * texts NUL-terminated inside their fields, codes and times in range, masks only where the spec gave one.
 * The decoded events also go through winfax.dll's FEI_* map (hfx_fei.c), and the bytes as a job's STATUS. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_events.h"
#include "hfx_fei.h"
#include "trigger.h"

static void check_text(const char *text, size_t size)
{
    if (!memchr(text, 0, size))
        abort();
}

static struct hfx_fei_line lines[2] = { { .name = "ttyS0", .device_id = 1 }, { .name = "sip1", .device_id = 2 } };
static struct hfx_fei_map map;

static void map_event(const struct hfx_event *e)
{
    struct hfx_fei_notice out[HFX_FEI_MAX_NOTICES];
    size_t count = hfx_fei_map_event(&map, e, out);

    if (count > HFX_FEI_MAX_NOTICES)
        abort();
    for (size_t i = 0; i < count; i++)
        if (out[i].device_id > 2 || out[i].id < HFX_FEI_DIALING || out[i].id > HFX_FEI_FAXSVC_STARTED)
            abort();
}

static void on_event(void *context, const struct hfx_event *e)
{
    (void)context;
    if (e->code < 0 || e->code > HFX_CONFIG_CHANGED || e->hour > 23 || e->minute > 59 || e->second > 60
        || (int)e->event_class != e->code >> 4)
        abort();
    check_text(e->job_id, sizeof(e->job_id));
    check_text(e->dest, sizeof(e->dest));
    check_text(e->commid, sizeof(e->commid));
    check_text(e->modem, sizeof(e->modem));
    check_text(e->sender, sizeof(e->sender));
    check_text(e->file, sizeof(e->file));
    check_text(e->text, sizeof(e->text));
    map_event(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    struct hfx_event_reader reader = { 0 };
    struct hfx_event event;
    size_t split = size ? data[0] % (size + 1) : 0;

    hfx_fei_map_init(&map, lines, 2);

    hfx_event_reader_feed(&reader, bytes, split, on_event, NULL);
    hfx_event_reader_feed(&reader, bytes + split, size - split, on_event, NULL);
    if (reader.used > sizeof(reader.buffer))
        abort();
    if (hfx_event_parse(bytes, size, &event) == HFX_EVENTS_OK)
        on_event(NULL, &event);

    char *spec_text = malloc(size + 1);
    if (!spec_text)
        return 0;
    memcpy(spec_text, bytes, size);
    spec_text[size] = '\0';
    hfx_fei_from_status(spec_text, HFX_FEI_DISCONNECTED);
    struct trigger_spec spec;
    if (trigger_parse(spec_text, &spec) == TRIGGER_OK)
        for (int class = 0; class < TRIGGER_CLASSES; class++) {
            check_text(spec.id[class], sizeof(spec.id[class]));
            if (spec.mask[class] && !strchr(spec_text, "JSRMC"[class]))
                abort();
            trigger_matches(&spec, (enum trigger_event)(class << 4), "1");
        }
    free(spec_text);
    return 0;
}
