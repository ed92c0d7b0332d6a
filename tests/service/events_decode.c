/* events_decode: SITE TRIGGER event lines (faxwatch's output, or a data connection's bytes) on stdin,
 * through the DLLs' decoder (hfx_events.c), one line out per event: "code class job dest|modem|sender
 * page pages file | text", so the service tests judge what a FaxComEx client would see. Lines that do
 * not decode are counted on stderr ("malformed N") and the exit status is 1. */
#include <stdio.h>

#include "hfx_events.h"

static void print_event(void *context, const struct hfx_event *e)
{
    (void)context;
    const char *who = e->event_class == HFX_EVENT_MODEM || e->event_class == HFX_EVENT_CONFIG ? e->modem
                    : e->event_class == HFX_EVENT_RECV  ? e->sender
                                                        : e->dest;
    printf("%d %c %s [%s] %d %d %s | %s\n", 100 + e->code, "JSRMC"[e->event_class], e->job_id[0] ? e->job_id : "-",
           who, e->page, e->pages, e->file[0] ? e->file : "-", e->text);
}

int main(void)
{
    struct hfx_event_reader reader = { 0 };
    char buffer[4096];
    size_t n;

    while ((n = fread(buffer, 1, sizeof(buffer), stdin)) > 0)
        hfx_event_reader_feed(&reader, buffer, n, print_event, NULL);
    fprintf(stderr, "malformed %u, skipped %u\n", reader.malformed, reader.skipped);
    return reader.malformed || reader.skipped ? 1 : 0;
}
