/*
 * The media of SIP fax calls (sip_media.h), end to end in one process: two sip_media on 127.0.0.1, each
 * run on a thread of its own as faxd's line workers run them, a sender and a receiver whose remotes are
 * each other's ports. A two-page fixture goes over PCMU, PCMA and T.38, over audio switched to T.38
 * when the receiver hears CNG, and over T.38 losing 5 % of its datagrams; a hangup mid-call and a far
 * end that never sends end the run with a failure, and a sender whose far end talks (G.711, no fax tone)
 * gives up after T.30's T1 with sip_media_no_fax_answer. The calls run in real time (20 ms ticks), so they
 * run side by side in groups, all on one media thread (media_pool.h), whose calls must not wait on each
 * other; under valgrind (too slow for real time) only the checks that need no
 * call run, and the test says so.
 */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <tiffio.h>
#include <valgrind/valgrind.h>

#include "check.h"
#include "fixtures.h"

#include "media_pool.h"
#include "rtp.h"
#include "sip_media.h"

/* The threads that reported pages: with a pool of one, a single thread that is no run's own. */
static pthread_mutex_t page_threads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t page_thread;
static int page_reports;
static bool page_threads_differ;

static char temp_dir[256];
static char document[512];
static int document_pages;

struct pair;

struct side {
    struct pair *pair;
    struct sip_media *media;
    enum fax_call_end end;
    struct fax_call_request request;
    char rx_path[512];
    int silence_seconds;
    pthread_t thread;
    enum fax_call_status status;
    struct fax_call_end_result result;
    struct fax_call_error error;
    atomic_int pages_done, tones;
};

struct pair {
    const char *name;
    struct side sender, receiver;
    struct sdp_desc t38_to_sender, t38_to_receiver;
    bool switch_on_cng;      /* (d): the receiver's CNG moves both ends to T.38 */
    bool hangup_on_page;     /* (f): both ends hang up once the first page is on the line */
    atomic_bool switched, hung_up;
};

static void audio_desc(struct sdp_desc *desc, int port, int payload_type)
{
    memset(desc, 0, sizeof *desc);
    snprintf(desc->address, sizeof desc->address, "127.0.0.1");
    desc->port = port;
    desc->kind = SDP_MEDIA_AUDIO;
    desc->formats[0] = payload_type;
    desc->format_count = 1;
    desc->ptime = 20;
    desc->sendrecv = true;
}

static void t38_desc(struct sdp_desc *desc, int port)
{
    memset(desc, 0, sizeof *desc);
    snprintf(desc->address, sizeof desc->address, "127.0.0.1");
    desc->port = port;
    desc->kind = SDP_MEDIA_T38;
    desc->t38 = (struct sdp_t38) { .version = 0, .max_bit_rate = 14400, .transferred_tcf = true,
                                   .max_buffer = 800, .max_datagram = 400, .ec = SDP_T38_EC_REDUNDANCY };
    desc->sendrecv = true;
}

static void on_tone(void *user_data, enum sip_media_tone tone)
{
    struct side *side = user_data;
    struct pair *pair = side->pair;
    atomic_fetch_or(&side->tones, 1 << tone);
    if (pair->switch_on_cng && tone == SIP_MEDIA_TONE_CNG && side->end == FAX_CALL_RECEIVER &&
        !atomic_exchange(&pair->switched, true)) {
        /* What the signalling does after the re-INVITE's 200 OK: both ends move to T.38. */
        sip_media_set_remote(pair->receiver.media, &pair->t38_to_sender);
        sip_media_set_remote(pair->sender.media, &pair->t38_to_receiver);
    }
}

static void on_progress(void *user_data, const struct fax_call_progress *progress)
{
    struct side *side = user_data;
    struct pair *pair = side->pair;
    if (progress->phase == FAX_CALL_PAGE_DONE) {
        atomic_store(&side->pages_done, progress->page);
        pthread_mutex_lock(&page_threads_lock);
        if (page_reports++ == 0)
            page_thread = pthread_self();
        else if (!pthread_equal(page_thread, pthread_self()))
            page_threads_differ = true;
        pthread_mutex_unlock(&page_threads_lock);
    }
    if (pair->hangup_on_page && progress->phase == FAX_CALL_SENDING_PAGE && !atomic_exchange(&pair->hung_up, true)) {
        sip_media_hangup(pair->sender.media);
        sip_media_hangup(pair->receiver.media);
    }
}

static bool open_side(struct pair *pair, struct side *side, enum fax_call_end end)
{
    side->pair = pair;
    side->end = end;
    side->silence_seconds = 10;
    struct sip_media_events events = { side, on_tone, on_progress };
    struct fax_call_error error = { 0 };
    side->media = sip_media_new("127.0.0.1", 0, 0, &events, &error);
    check(side->media != NULL, "%s: a media socket: %s", pair->name, error.detail);
    snprintf(side->rx_path, sizeof side->rx_path, "%s/%s-rx.tif", temp_dir, pair->name);
    side->request = (struct fax_call_request) {
        .send = { .tx_tiff = document, .tsi = "+1 555 0100", .ecm = true },
        .csi = "+1 555 0199",
        .rx_tiff = side->rx_path,
        .real_time = true,
        .time_limit_seconds = 120,
    };
    return side->media != NULL;
}

/* Both ends, remotes set to each other: audio with payload_type, or T.38 (payload_type < 0). */
static bool open_pair(struct pair *pair, const char *name, int payload_type, bool ecm)
{
    memset(pair, 0, sizeof *pair);
    pair->name = name;
    if (!open_side(pair, &pair->sender, FAX_CALL_SENDER) || !open_side(pair, &pair->receiver, FAX_CALL_RECEIVER))
        return false;
    pair->sender.request.send.ecm = pair->receiver.request.send.ecm = ecm;
    int to_receiver = sip_media_port(pair->receiver.media), to_sender = sip_media_port(pair->sender.media);
    t38_desc(&pair->t38_to_receiver, to_receiver);
    t38_desc(&pair->t38_to_sender, to_sender);
    struct sdp_desc a, b;
    if (payload_type >= 0) {
        audio_desc(&a, to_receiver, payload_type);
        audio_desc(&b, to_sender, payload_type);
    } else {
        a = pair->t38_to_receiver;
        b = pair->t38_to_sender;
    }
    bool ok = sip_media_set_remote(pair->sender.media, &a) && sip_media_set_remote(pair->receiver.media, &b);
    check(ok, "%s: remotes accepted", name);
    return ok;
}

static void *run_side(void *arg)
{
    struct side *side = arg;
    side->status = sip_media_run(side->media, side->end, &side->request, side->end == FAX_CALL_SENDER ? document_pages : 0,
                                 side->silence_seconds, &side->result, &side->error);
    return NULL;
}

static void start_pair(struct pair *pair)
{
    pthread_create(&pair->receiver.thread, NULL, run_side, &pair->receiver);
    pthread_create(&pair->sender.thread, NULL, run_side, &pair->sender);
}

static void join_pair(struct pair *pair)
{
    pthread_join(pair->sender.thread, NULL);
    pthread_join(pair->receiver.thread, NULL);
}

static void close_pair(struct pair *pair)
{
    sip_media_free(pair->sender.media);
    sip_media_free(pair->receiver.media);
}

/* Page count and size of a TIFF, by libtiff. */
static int tiff_pages(const char *path, uint32_t width[], uint32_t length[], int max)
{
    TIFF *tiff = TIFFOpen(path, "r");
    if (tiff == NULL)
        return 0;
    int count = 0;
    do {
        if (count < max) {
            TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width[count]);
            TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &length[count]);
        }
        count++;
    } while (TIFFReadDirectory(tiff));
    TIFFClose(tiff);
    return count;
}

/* Every page arrived, as the sender sent it, and both ends say so. */
static void check_delivered(const struct pair *pair, enum sdp_media_kind kind)
{
    const struct side *tx = &pair->sender, *rx = &pair->receiver;
    check(tx->status == FAX_CALL_ERR_NONE, "%s: sender status %s (%s)", pair->name, fax_call_strerror(tx->status),
          tx->error.detail);
    check(rx->status == FAX_CALL_ERR_NONE, "%s: receiver status %s (%s)", pair->name, fax_call_strerror(rx->status),
          rx->error.detail);
    check(tx->result.started && tx->result.pages == document_pages && rx->result.pages == document_pages,
          "%s: %d and %d of %d pages", pair->name, tx->result.pages, rx->result.pages, document_pages);
    check(strcmp(tx->result.remote_ident, "+1 555 0199") == 0 && strcmp(rx->result.remote_ident, "+1 555 0100") == 0,
          "%s: idents exchanged (%s, %s)", pair->name, tx->result.remote_ident, rx->result.remote_ident);
    check(sip_media_kind(tx->media) == kind && sip_media_kind(rx->media) == kind, "%s: ran on the expected kind",
          pair->name);
    check(!sip_media_no_fax_answer(tx->media), "%s: the sender heard a fax", pair->name);

    uint32_t sent_width[4], sent_length[4], got_width[4], got_length[4];
    int sent = tiff_pages(document, sent_width, sent_length, 4);
    int got = tiff_pages(rx->rx_path, got_width, got_length, 4);
    bool same = sent == got && sent > 0;
    for (int i = 0; same && i < sent && i < 4; i++)
        same = sent_width[i] == got_width[i] && sent_length[i] == got_length[i];
    check(same, "%s: received %d pages of the sent size (sent %d)", pair->name, got, sent);
}

static void check_failed(const struct side *side, const char *name)
{
    check(side->status != FAX_CALL_ERR_NONE && side->result.completion_code != 0,
          "%s: the %s ends with a failure (%s: %s)", name, side->end == FAX_CALL_SENDER ? "sender" : "receiver",
          fax_call_strerror(side->status), side->error.detail);
}

/* (a) PCMU, (b) PCMA, (c) T.38, side by side. */
static void test_calls(void)
{
    struct pair pcmu, pcma, t38;
    if (!open_pair(&pcmu, "pcmu", 0, true) || !open_pair(&pcma, "pcma", 8, false) || !open_pair(&t38, "t38", -1, true))
        return;
    start_pair(&pcmu);
    start_pair(&pcma);
    start_pair(&t38);
    join_pair(&pcmu);
    join_pair(&pcma);
    join_pair(&t38);
    check_delivered(&pcmu, SDP_MEDIA_AUDIO);
    check_delivered(&pcma, SDP_MEDIA_AUDIO);
    check_delivered(&t38, SDP_MEDIA_T38);
    check(atomic_load(&pcmu.receiver.tones) & 1 << SIP_MEDIA_TONE_CNG, "pcmu: the receiver heard CNG");
    check(atomic_load(&pcmu.sender.tones) & (1 << SIP_MEDIA_TONE_CED | 1 << SIP_MEDIA_TONE_V21),
          "pcmu: the sender heard CED or V.21");
    check(atomic_load(&t38.receiver.tones) == 0, "t38: no tones reported on T.38");
    close_pair(&pcmu);
    close_pair(&pcma);
    close_pair(&t38);
}

/* (d) audio switched to T.38 on CNG, (e) T.38 losing 5 %, (f) a hangup mid-call, side by side. */
static void test_switch_loss_hangup(void)
{
    struct pair switching, lossy, hangup;
    if (!open_pair(&switching, "switch", 0, true) || !open_pair(&lossy, "loss", -1, true) ||
        !open_pair(&hangup, "hangup", 8, true))
        return;
    switching.switch_on_cng = true;
    sip_media_set_loss(lossy.sender.media, 5, 12345);
    sip_media_set_loss(lossy.receiver.media, 5, 54321);
    hangup.hangup_on_page = true;
    start_pair(&switching);
    start_pair(&lossy);
    start_pair(&hangup);
    join_pair(&switching);
    join_pair(&lossy);
    join_pair(&hangup);

    check(atomic_load(&switching.switched), "switch: the receiver's CNG started the switch");
    check_delivered(&switching, SDP_MEDIA_T38);
    check_delivered(&lossy, SDP_MEDIA_T38);
    check(atomic_load(&hangup.hung_up), "hangup: hung up once the page was on the line");
    check_failed(&hangup.sender, "hangup");
    check_failed(&hangup.receiver, "hangup");
    check(hangup.sender.result.pages < document_pages, "hangup: not every page confirmed (%d)",
          hangup.sender.result.pages);
    close_pair(&switching);
    close_pair(&lossy);
    close_pair(&hangup);
}

/* (g) A far end that never sends: the run ends after silence_seconds with a failure. Also an abort. */
static void test_silence_and_abort(void)
{
    struct pair silent;
    if (!open_pair(&silent, "silent", 0, true))
        return;
    silent.receiver.silence_seconds = 2;
    silent.sender.silence_seconds = 2;
    pthread_create(&silent.receiver.thread, NULL, run_side, &silent.receiver);
    pthread_join(silent.receiver.thread, NULL);
    check(silent.receiver.status == FAX_CALL_ERR_T30 && strstr(silent.receiver.error.detail, "nothing from") != NULL,
          "silent: the receiver gives up (%s: %s)", fax_call_strerror(silent.receiver.status),
          silent.receiver.error.detail);

    sip_media_abort(silent.sender.media);   /* before the run: it ends at its first tick */
    pthread_create(&silent.sender.thread, NULL, run_side, &silent.sender);
    pthread_join(silent.sender.thread, NULL);
    check(silent.sender.status == FAX_CALL_ERR_ABORTED, "aborted: %s", fax_call_strerror(silent.sender.status));
    close_pair(&silent);
}

/* (h) A far end that answers and talks, never a fax: the sender gives up after T.30's T1 (35 s). The talker
 * sends G.711 (a 400 Hz hum in bursts, no fax tone) every 20 ms until the run is over. */
struct talker {
    int fd;
    int to_port;
    atomic_bool stop;
    pthread_t thread;
    struct side sender;
    struct pair pair;
};

static uint8_t ulaw(int sample)
{
    int sign = sample < 0 ? 0x80 : 0, magnitude = (sample < 0 ? -sample : sample);
    magnitude = (magnitude > 32635 ? 32635 : magnitude) + 0x84;
    int exponent = 7;
    while (exponent > 0 && !(magnitude & (0x4000 >> (7 - exponent))))
        exponent--;
    return (uint8_t) ~(sign | exponent << 4 | ((magnitude >> (exponent + 3)) & 0x0F));
}

static void *talk(void *arg)
{
    struct talker *t = arg;
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t) t->to_port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct rtp_header header = { .payload_type = 0, .ssrc = 0x7a1c };
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long n = 0; !atomic_load(&t->stop); n++) {
        uint8_t payload[RTP_SAMPLES_PER_PACKET], packet[RTP_HEADER_SIZE + RTP_SAMPLES_PER_PACKET];
        bool voiced = n % 25 < 15;   /* 300 ms of hum, 200 ms of pause */
        for (int i = 0; i < RTP_SAMPLES_PER_PACKET; i++)
            payload[i] = ulaw(voiced ? (int) (6000 * sin(2 * M_PI * 400 * (double) (n * RTP_SAMPLES_PER_PACKET + i) / 8000)) : 0);
        header.seq = (uint16_t) n;
        header.timestamp = (uint32_t) (n * RTP_SAMPLES_PER_PACKET);
        size_t length = rtp_write(packet, sizeof packet, &header, payload, sizeof payload);
        (void) sendto(t->fd, packet, length, 0, (const struct sockaddr *) &to, sizeof to);
        next.tv_nsec += 20 * 1000 * 1000;
        if (next.tv_nsec >= 1000 * 1000 * 1000) {
            next.tv_nsec -= 1000 * 1000 * 1000;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    return NULL;
}

static bool start_voice_answer(struct talker *t)
{
    memset(t, 0, sizeof *t);
    t->pair.name = "voice";
    if (!open_side(&t->pair, &t->sender, FAX_CALL_SENDER))
        return false;
    t->sender.silence_seconds = 10;
    t->fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in local = { .sin_family = AF_INET };
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof local;
    bool ok = t->fd >= 0 && bind(t->fd, (struct sockaddr *) &local, sizeof local) == 0 &&
              getsockname(t->fd, (struct sockaddr *) &local, &length) == 0;
    struct sdp_desc desc;
    audio_desc(&desc, ok ? ntohs(local.sin_port) : 0, 0);
    ok = ok && sip_media_set_remote(t->sender.media, &desc);
    check(ok, "voice: a talker socket and the sender's remote");
    if (!ok) {
        if (t->fd >= 0)
            close(t->fd);
        sip_media_free(t->sender.media);
        return false;
    }
    t->to_port = sip_media_port(t->sender.media);
    pthread_create(&t->thread, NULL, talk, t);
    pthread_create(&t->sender.thread, NULL, run_side, &t->sender);
    return true;
}

static void finish_voice_answer(struct talker *t)
{
    pthread_join(t->sender.thread, NULL);
    atomic_store(&t->stop, true);
    pthread_join(t->thread, NULL);
    check(t->sender.status == FAX_CALL_ERR_T30 && sip_media_no_fax_answer(t->sender.media) &&
          strstr(t->sender.error.detail, "no fax answer within 35 s") != NULL,
          "voice: the sender gives up, no fax answer (%s: %s)", fax_call_strerror(t->sender.status),
          t->sender.error.detail);
    check(atomic_load(&t->sender.tones) == 0, "voice: no fax tone heard in the hum");
    close(t->fd);
    sip_media_free(t->sender.media);
}

/* What needs no call: sockets, port ranges, IPv6, the descriptions refused. */
static void test_setup(void)
{
    struct fax_call_error error = { 0 };
    check(sip_media_new("not an address", 0, 0, NULL, &error) == NULL && error.status == FAX_CALL_ERR_REQUEST,
          "a bind address that is no literal is refused");
    check(sip_media_new("127.0.0.1", 10, 5, NULL, &error) == NULL, "an upside-down port range is refused");

    struct sip_media *first = sip_media_new("127.0.0.1", 0, 0, NULL, &error);
    int port = first != NULL ? sip_media_port(first) : 0;
    check(port > 0, "any port: %d", port);
    check(sip_media_new("127.0.0.1", port, port, NULL, &error) == NULL && error.status == FAX_CALL_ERR_RESOURCES,
          "a range whose only port is taken: %s", error.detail);
    struct sip_media *second = sip_media_new("127.0.0.1", port, port + 20 > 65535 ? 65535 : port + 20, NULL, &error);
    check(second != NULL && sip_media_port(second) > port, "the next free port of a range");

    struct sdp_desc desc;
    audio_desc(&desc, 4000, 18);
    check(!sip_media_set_remote(first, &desc), "audio without PCMU or PCMA is refused");
    audio_desc(&desc, 0, 0);
    check(!sip_media_set_remote(first, &desc), "port 0 is refused");
    audio_desc(&desc, 4000, 0);
    snprintf(desc.address, sizeof desc.address, "example.com");
    check(!sip_media_set_remote(first, &desc), "a host name is refused (the SDP has literals)");
    snprintf(desc.address, sizeof desc.address, "::1");
    check(!sip_media_set_remote(first, &desc), "an IPv6 far end from an IPv4 socket is refused");
    desc.kind = SDP_MEDIA_NONE;
    snprintf(desc.address, sizeof desc.address, "127.0.0.1");
    check(!sip_media_set_remote(first, &desc), "kind none is refused");
    audio_desc(&desc, 4000, 8);
    check(sip_media_set_remote(first, &desc) && sip_media_kind(first) == SDP_MEDIA_AUDIO, "PCMA accepted");
    t38_desc(&desc, 4002);
    check(sip_media_set_remote(first, &desc) && sip_media_kind(first) == SDP_MEDIA_T38, "audio -> T.38 accepted");
    audio_desc(&desc, 4000, 0);
    check(!sip_media_set_remote(first, &desc) && sip_media_kind(first) == SDP_MEDIA_T38, "T.38 -> audio refused");

    struct fax_call_end_result result;
    struct fax_call_request request = { .send = { .tx_tiff = document } };
    check(sip_media_run(second, FAX_CALL_SENDER, &request, 1, 1, &result, &error) == FAX_CALL_ERR_REQUEST,
          "a run without a remote is refused");
    sip_media_free(first);
    sip_media_free(second);

    struct sip_media *v6 = sip_media_new("::1", 0, 0, NULL, &error);
    if (v6 == NULL) {
        printf("NOTE: no IPv6 loopback here (%s): the IPv6 bind is not tested\n", error.detail);
    } else {
        audio_desc(&desc, 4000, 0);
        check(sip_media_set_remote(v6, &desc), "an IPv4 far end from an IPv6 socket (mapped)");
        sip_media_free(v6);
    }
    struct sip_media *any6 = sip_media_new("::", 0, 0, NULL, &error);
    check(any6 != NULL, "bind to :: (%s)", error.detail);
    sip_media_free(any6);
}

static void quiet(const char *module, const char *format, va_list args)
{
    (void) module, (void) format, (void) args;
}

int main(void)
{
    char template[] = "/tmp/sip-media-test-XXXXXX";
    TIFFSetWarningHandler(quiet);
    TIFFSetErrorHandler(quiet);
    if (mkdtemp(template) == NULL || make_fixtures(template) != 0) {
        printf("cannot make the fixtures\n0 passed, 1 failed\n");
        return 1;
    }
    snprintf(temp_dir, sizeof temp_dir, "%s", template);
    snprintf(document, sizeof document, "%s/spandsp.tif", temp_dir);
    struct fax_send_request send = { .tx_tiff = document };
    struct fax_call_error error = { 0 };
    check(fax_call_check_send(&send, &document_pages, &error) == FAX_CALL_ERR_NONE && document_pages == 2,
          "the fixture is a 2-page fax (%d: %s)", document_pages, error.detail);

    media_pool_set_threads(1);
    test_setup();
    if (RUNNING_ON_VALGRIND) {
        printf("NOT RUN under valgrind: the real-time SIP media calls (a)-(h) cannot keep 20 ms ticks under "
               "valgrind; they run in the ASan build\n");
    } else {
        struct talker voice;   /* 35 s alone: alongside the others */
        bool talking = start_voice_answer(&voice);
        test_calls();
        test_switch_loss_hangup();
        test_silence_and_abort();
        if (talking)
            finish_voice_answer(&voice);
        check(page_reports >= 12 && !page_threads_differ, "every page of every call was on the one media thread "
              "(%d pages)", page_reports);
    }

    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", temp_dir);
    if (system(command) != 0)
        printf("could not remove %s\n", temp_dir);
    printf("sip media: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
