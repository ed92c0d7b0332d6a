/*
 * t38_sender: a real T.38 fax sender for SIPp scenarios (tests/service/test_sip.py, "refresh-live"). SIPp
 * does the signalling; this sends a TIFF over UDPTL with the engine's own media object (sip_media.h), from
 * a given local port (the one SIPp's SDP offered) to the far end's UDPTL address (from its 200 OK).
 *   t38_sender LOCAL_PORT REMOTE_ADDRESS REMOTE_PORT TIFF
 * LOCAL_PORT 0 takes any free port (printed first, "listening PORT", for the scenario's SDP); REMOTE_PORT
 * @FILE reads the port from FILE once it can be opened (a FIFO the scenario writes when the 200 OK came),
 * so no port is chosen by one process and bound by another.
 * Each page event is printed with the wall clock as seconds since the epoch (UTC, no time zone), so that
 * a test can place SIPp's messages between the first and the last page. Exits 0 only when the far end
 * confirmed every page.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sip_media.h"

static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...)
{
    struct timespec now;
    va_list args;
    clock_gettime(CLOCK_REALTIME, &now);
    printf("%lld.%06ld ", (long long) now.tv_sec, now.tv_nsec / 1000);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

static void on_progress(void *user_data, const struct fax_call_progress *progress)
{
    (void) user_data;
    say("page %d of %d %s", progress->page, progress->total_pages, fax_call_phase_name(progress->phase));
}

/* The T.38 parameters of the scenario's offer (tests/sip/uac_t38_refresh.xml), which faxd's answer mirrors. */
static void t38_remote(struct sdp_desc *desc, const char *address, int port)
{
    memset(desc, 0, sizeof *desc);
    snprintf(desc->address, sizeof desc->address, "%s", address);
    desc->port = port;
    desc->kind = SDP_MEDIA_T38;
    desc->t38 = (struct sdp_t38) { .version = 0, .max_bit_rate = 14400, .transferred_tcf = true,
                                   .max_buffer = 2000, .max_datagram = 400, .ec = SDP_T38_EC_REDUNDANCY };
    desc->sendrecv = true;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: t38_sender LOCAL_PORT REMOTE_ADDRESS REMOTE_PORT TIFF\n");
        return 2;
    }
    int local_port = atoi(argv[1]), remote_port = argv[3][0] == '@' ? 0 : atoi(argv[3]);
    struct fax_call_request request = {
        .send = { .tx_tiff = argv[4], .tsi = "SIPP-T38", .ecm = true },
        .real_time = true,
        .time_limit_seconds = 300,
    };
    struct fax_call_error error = { 0 };
    int pages = 0;
    if (fax_call_check_send(&request.send, &pages, &error) != FAX_CALL_ERR_NONE) {
        say("error %s", error.detail);
        return 1;
    }
    struct sip_media_events events = { NULL, NULL, on_progress };
    struct sip_media *media = sip_media_new("127.0.0.1", local_port, local_port, &events, &error);
    if (media == NULL) {
        say("error %s", error.detail);
        return 1;
    }
    local_port = sip_media_port(media);
    say("listening %d", local_port);
    if (argv[3][0] == '@') {
        FILE *file = fopen(argv[3] + 1, "r");   /* a FIFO: blocks until the writer opens it */
        if (file == NULL || fscanf(file, "%d", &remote_port) != 1)
            remote_port = 0;
        if (file != NULL)
            fclose(file);
    }
    if (remote_port <= 0 || remote_port > 65535) {
        say("error no far end's port in %s", argv[3]);
        sip_media_free(media);
        return 1;
    }
    struct sdp_desc remote;
    t38_remote(&remote, argv[2], remote_port);
    if (!sip_media_set_remote(media, &remote)) {
        say("error the T.38 description was refused");
        sip_media_free(media);
        return 1;
    }
    say("sending %s: %d page(s) from 127.0.0.1:%d to %s:%d", argv[4], pages, local_port, argv[2], remote_port);
    struct fax_call_end_result result = { 0 };
    enum fax_call_status status = sip_media_run(media, FAX_CALL_SENDER, &request, pages, 10, &result, &error);
    sip_media_free(media);
    bool ok = status == FAX_CALL_ERR_NONE && result.pages == pages;
    say("result %s: %d of %d page(s) confirmed (%s%s%s)", ok ? "ok" : "failed", result.pages, pages,
        fax_call_strerror(status), error.detail[0] != '\0' ? ": " : "", error.detail);
    return ok ? 0 : 1;
}
