/*
 * The media of one SIP fax call (see sip_media.h): a UDP socket, 20 ms ticks run by a media thread of
 * the pool (media_pool.h), and one of two spandsp front ends on a fax_endpoint: G.711 audio in RTP, or
 * T.38 in UDPTL. sip_media_run sets the end up, hands it to the pool and waits for it to leave, then
 * ends it: the run's state is touched by one thread at a time, handed over under the lock. The
 * signalling thread talks to a running call only through the lock-guarded pending remote and atomics,
 * which its thread picks up at the next tick.
 */
#include "sip_media.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "fax_endpoint.h"
#include "lateness.h"
#include "media_pool.h"
#include "media_socket.h"
#include "rtp.h"
#include "udptl.h"

enum {
    TICK_SAMPLES = RTP_SAMPLES_PER_PACKET,
    TICKS_PER_SECOND = 50,
    JITTER_DEPTH = 3,                       /* 60 ms */
    UDPTL_REDUNDANCY = 3,
    DEFAULT_SILENCE_SECONDS = 30,
    DEFAULT_LIMIT_SECONDS = 15 * 60,        /* plus as much again per page, as fax_call */
    LINGER_TICKS = 25,                      /* after T.30 ends: let the last frames reach the far end */
    DEFAULT_T38_DATAGRAM = 400,
    RECEIVE_BATCH = 8,                      /* datagrams per recvmmsg: a tick brings 1-3 */
    /* T.30's T1: the time two terminals have to identify each other once connected. A SIP answer is the
     * connection, so a sender that has heard nothing of a fax by then (T.30's own T0 would wait 60 s) is
     * talking to a voice or a phone without a fax machine. */
    FAX_ANSWER_SECONDS = 35,
};

enum stop_reason { STOP_ENDED, STOP_HANGUP, STOP_ABORTED, STOP_TIME_LIMIT, STOP_SILENCE, STOP_NO_FAX, STOP_FAILED,
                   STOP_NOT_STORED };

struct remote {
    struct sdp_desc desc;
    struct sockaddr_storage address;        /* in the socket's family (IPv4 mapped on an IPv6 socket) */
    socklen_t address_length;
};

struct sip_media {
    int fd;
    int family;
    int port;
    struct sip_media_events events;

    pthread_mutex_t lock;                   /* guards pending, has_pending and in_pool */
    pthread_cond_t left_pool;
    struct remote pending;
    bool has_pending;
    bool in_pool;                           /* a run's ticks are with a media thread */
    atomic_int kind;                        /* enum sdp_media_kind last accepted */
    atomic_bool hangup, aborted;
    atomic_bool image_started;              /* a page began (or T.30 ended): too late to change transport */
    atomic_int loss_percent;
    atomic_uint loss_state;

    /* The run's own state: the thread in sip_media_run touches it before and after the ticks, the media
       thread that owns the call during them. */
    struct media_pool_member member;
    long max_ticks, silence_ticks;
    long done_tick;                         /* when T.30 ended; -1 before */
    enum stop_reason stop;
    struct fax_call_error run_error;
    struct remote remote;
    enum fax_call_end end;
    const struct fax_call_request *request;
    int total_pages;
    struct fax_endpoint endpoint;
    fax_state_t *fax;
    modem_connect_tones_rx_state_t *tones;
    bool tone_reported[3];
    struct rtp_jitter *jitter;
    struct rtp_header rtp_out;
    bool heard_rtp;                         /* remote_ssrc is the far end's audio stream */
    uint32_t remote_ssrc;
    t38_terminal_state_t *t38;
    struct udptl_tx *udptl_tx;
    struct udptl_rx *udptl_rx;
    struct udptl_rx_stats udptl_done;       /* what earlier T.38 ends of this call received (stop_t38) */
    long tick;
    /* The last tick a datagram came from the far end; on T.38 also the last one we sent: a T.38
       receiver is silent for a whole page while the sender's image data flows. */
    long last_activity_tick;
    bool fax_heard;                         /* CED, V.21, a T.30 frame or a UDPTL datagram from the far end */
    atomic_bool no_fax_answer;              /* the last run ended by FAX_ANSWER_SECONDS */
    struct lateness lateness;               /* of each tick's send against its due time */
};

static void report_tone(struct sip_media *media, enum sip_media_tone tone)
{
    if (tone != SIP_MEDIA_TONE_CNG)
        media->fax_heard = true;
    if (media->tone_reported[tone])
        return;
    media->tone_reported[tone] = true;
    if (media->events.on_tone != NULL)
        media->events.on_tone(media->events.user_data, tone);
}

struct sip_media *sip_media_new(const char *bind_address, int port_min, int port_max,
                                const struct sip_media_events *events, struct fax_call_error *error)
{
    struct sip_media *media = calloc(1, sizeof *media);
    if (media == NULL) {
        fax_call_fail(error, FAX_CALL_ERR_RESOURCES, "out of memory");
        return NULL;
    }
    media->fd = media_socket_open(bind_address, port_min, port_max, &media->family, &media->port, error);
    if (media->fd < 0) {
        free(media);
        return NULL;
    }
    enum media_pool_status pool_status = media_pool_acquire();
    if (pool_status != MEDIA_POOL_OK) {
        fax_call_fail(error, FAX_CALL_ERR_RESOURCES, "%s", media_pool_strerror(pool_status));
        close(media->fd);
        free(media);
        return NULL;
    }
    if (events != NULL)
        media->events = *events;
    pthread_mutex_init(&media->lock, NULL);
    pthread_cond_init(&media->left_pool, NULL);
    atomic_init(&media->kind, SDP_MEDIA_NONE);
    atomic_init(&media->hangup, false);
    atomic_init(&media->aborted, false);
    atomic_init(&media->loss_percent, 0);
    atomic_init(&media->loss_state, 1);
    return media;
}

int sip_media_port(const struct sip_media *media)
{
    return media->port;
}

static bool audio_format(const struct sdp_desc *desc, int *payload_type)
{
    for (int i = 0; i < desc->format_count && i < SDP_MAX_FORMATS; i++)
        if (desc->formats[i] == 0 || desc->formats[i] == 8) {
            *payload_type = desc->formats[i];
            return true;
        }
    return false;
}

bool sip_media_set_remote(struct sip_media *media, const struct sdp_desc *remote)
{
    struct remote next = { .desc = *remote };
    int payload_type;
    if (remote->port <= 0 || remote->port > 65535 ||
        !media_address(remote->address, remote->port, media->family, &next.address, &next.address_length))
        return false;
    if (remote->kind == SDP_MEDIA_AUDIO ? !audio_format(remote, &payload_type) : remote->kind != SDP_MEDIA_T38)
        return false;

    pthread_mutex_lock(&media->lock);
    enum sdp_media_kind now = (enum sdp_media_kind) atomic_load(&media->kind);
    /* never back from T.38; and no switch once a page has begun (the pages so far would be lost) */
    bool accepted = !(now == SDP_MEDIA_T38 && remote->kind == SDP_MEDIA_AUDIO)
                    && !(now != SDP_MEDIA_NONE && now != remote->kind && atomic_load(&media->image_started));
    if (accepted) {
        media->pending = next;
        media->has_pending = true;
        atomic_store(&media->kind, remote->kind);
    }
    pthread_mutex_unlock(&media->lock);
    return accepted;
}

enum sdp_media_kind sip_media_kind(const struct sip_media *media)
{
    return (enum sdp_media_kind) atomic_load(&media->kind);
}

void sip_media_hangup(struct sip_media *media)
{
    atomic_store(&media->hangup, true);
}

void sip_media_abort(struct sip_media *media)
{
    atomic_store(&media->aborted, true);
}

/* Adds what a UDPTL receiver has counted to *sum (nothing when there is none). */
static void udptl_rx_stats_add(struct udptl_rx_stats *sum, const struct udptl_rx *rx)
{
    struct udptl_rx_stats now;

    if (rx == NULL)
        return;
    udptl_rx_get_stats(rx, &now);
    sum->datagrams += now.datagrams;
    sum->recovered += now.recovered;
    sum->lost += now.lost;
}

void sip_media_udptl_stats(const struct sip_media *media, struct udptl_rx_stats *stats)
{
    *stats = media->udptl_done;
    udptl_rx_stats_add(stats, media->udptl_rx);
}

void sip_media_set_loss(struct sip_media *media, int percent, unsigned seed)
{
    atomic_store(&media->loss_state, seed != 0 ? seed : 1);
    atomic_store(&media->loss_percent, percent);
}

/* Sends one datagram to the far end, unless the test loss drops it (xorshift: the same seed, the same
   packets lost). A send error is a lost packet too: the silence timeout notices a dead path. */
static void send_datagram(struct sip_media *media, const uint8_t *buf, size_t length)
{
    int percent = atomic_load(&media->loss_percent);
    if (percent > 0) {
        unsigned x = atomic_load(&media->loss_state);
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        atomic_store(&media->loss_state, x);
        if ((int) (x % 100) < percent)
            return;
    }
    (void) sendto(media->fd, buf, length, 0, (const struct sockaddr *) &media->remote.address,
                  media->remote.address_length);
}

/* ---- the audio front end: spandsp's fax modems, G.711 in RTP ---- */

static void on_connect_tone(void *user_data, int code, int level, int delay)
{
    struct sip_media *media = user_data;
    (void) level;
    (void) delay;
    if (code == MODEM_CONNECT_TONES_FAX_CNG)
        report_tone(media, SIP_MEDIA_TONE_CNG);
    else if (code == MODEM_CONNECT_TONES_FAX_CED)
        report_tone(media, SIP_MEDIA_TONE_CED);
    else if (code == MODEM_CONNECT_TONES_FAX_PREAMBLE)
        report_tone(media, SIP_MEDIA_TONE_V21);
}

/* The endpoint's progress, passed on. Once image data moves (or the session is over), a switch of transport
 * would restart T.30 and lose the pages so far; before that (DIS, DCS, training) a restart costs nothing. */
static void media_progress(void *user_data, const struct fax_call_progress *progress)
{
    struct sip_media *media = user_data;
    if (progress->phase != FAX_CALL_DIALING && progress->phase != FAX_CALL_TRAINING)
        atomic_store(&media->image_started, true);
    if (progress->phase != FAX_CALL_DIALING)
        media->fax_heard = true;
    if (media->events.on_progress != NULL)
        media->events.on_progress(media->events.user_data, progress);
}

static enum fax_call_status start_audio(struct sip_media *media, struct fax_call_error *error)
{
    bool calling = media->end == FAX_CALL_SENDER;
    media->fax = fax_init(NULL, calling);
    media->jitter = rtp_jitter_new(JITTER_DEPTH);
    /* The answerer listens for the caller's CNG, the caller for the answerer's CED or V.21. */
    media->tones = modem_connect_tones_rx_init(NULL,
                                               calling ? MODEM_CONNECT_TONES_FAX_CED_OR_PREAMBLE
                                                       : MODEM_CONNECT_TONES_FAX_CNG,
                                               on_connect_tone, media);
    if (media->fax == NULL || media->jitter == NULL || media->tones == NULL)
        return fax_call_fail(error, FAX_CALL_ERR_RESOURCES, "spandsp could not set up the audio end");
    span_log_set_level(fax_get_logging_state(media->fax), SPAN_LOG_NONE);
    fax_set_transmit_on_idle(media->fax, true);   /* a full block every tick: silence between signals */
    fax_set_tep_mode(media->fax, false);
    uint32_t random[2] = { 0, 0 };
    if (getrandom(random, sizeof random, 0) != (ssize_t) sizeof random)
        random[0] = (uint32_t) (uintptr_t) media ^ (uint32_t) time(NULL);
    media->rtp_out = (struct rtp_header) { .marker = true, .seq = (uint16_t) random[1], .timestamp = random[1],
                                           .ssrc = random[0] };
    return fax_endpoint_setup(&media->endpoint, fax_get_t30_state(media->fax), media->end, media->request,
                              media->total_pages, media_progress, media, error);
}

static void stop_audio(struct sip_media *media)
{
    if (media->fax != NULL)
        fax_free(media->fax);   /* releases T.30 without phase E: the switch reports no result */
    if (media->tones != NULL)
        modem_connect_tones_rx_free(media->tones);
    rtp_jitter_free(media->jitter);
    media->fax = NULL;
    media->tones = NULL;
    media->jitter = NULL;
}

static void audio_received(struct sip_media *media, const uint8_t *buf, size_t length)
{
    struct rtp_header header;
    const uint8_t *payload;
    size_t payload_length;
    if (!rtp_parse(buf, length, &header, &payload, &payload_length) ||
        (header.payload_type != 0 && header.payload_type != 8))
        return;   /* not RTP, or telephone-event and the like */
    int16_t samples[TICK_SAMPLES];
    int count = payload_length < TICK_SAMPLES ? (int) payload_length : TICK_SAMPLES;
    for (int i = 0; i < count; i++)
        samples[i] = header.payload_type == 0 ? ulaw_to_linear(payload[i]) : alaw_to_linear(payload[i]);
    rtp_jitter_put(media->jitter, header.seq, samples, count);
    media->heard_rtp = true;
    media->remote_ssrc = header.ssrc;
}

/* After a switch, the far end's last RTP packets may still arrive; a few of them could pass for
   UDPTL and throw the receiver's numbering off. Its SSRC gives them away. */
static bool late_rtp(const struct sip_media *media, const uint8_t *buf, size_t length)
{
    struct rtp_header header;
    const uint8_t *payload;
    size_t payload_length;
    return media->heard_rtp && rtp_parse(buf, length, &header, &payload, &payload_length) &&
           header.ssrc == media->remote_ssrc;
}

static void audio_tick(struct sip_media *media)
{
    int16_t samples[TICK_SAMPLES];
    rtp_jitter_get(media->jitter, samples);
    /* Tones only serve a switch of transport: with no one to tell, or once it is too late to switch, the
       detector (some 4% of a G.711 call's CPU under perf) rests. */
    if (media->events.on_tone != NULL && !atomic_load(&media->image_started))
        modem_connect_tones_rx(media->tones, samples, TICK_SAMPLES);
    fax_rx(media->fax, samples, TICK_SAMPLES);

    int produced = fax_tx(media->fax, samples, TICK_SAMPLES);
    if (produced < 0)
        produced = 0;
    memset(samples + produced, 0, (size_t) (TICK_SAMPLES - produced) * sizeof samples[0]);
    int payload_type = 0;
    audio_format(&media->remote.desc, &payload_type);
    uint8_t payload[TICK_SAMPLES], packet[RTP_HEADER_SIZE + TICK_SAMPLES];
    for (int i = 0; i < TICK_SAMPLES; i++)
        payload[i] = payload_type == 0 ? linear_to_ulaw(samples[i]) : linear_to_alaw(samples[i]);
    media->rtp_out.payload_type = payload_type;
    size_t length = rtp_write(packet, sizeof packet, &media->rtp_out, payload, sizeof payload);
    send_datagram(media, packet, length);
    media->rtp_out.marker = false;
    media->rtp_out.seq++;
    media->rtp_out.timestamp += TICK_SAMPLES;
}

/* ---- the T.38 front end: spandsp's T.38 terminal, IFPs in UDPTL ---- */

/* spandsp asks for `count` copies of some packets. Indicators go out that many times, each a datagram of
 * its own; data packets once, as the redundancy of the next datagrams repeats them anyway (a data packet
 * sent twice under two numbers is a second end of data to the receiver: Wireshark flags it so). The
 * IFP's first byte: bit 7 says a data field follows, bit 6 that the message is t30-data. */
static int t38_send(t38_core_state_t *core, void *user_data, const uint8_t *ifp, int length, int count)
{
    struct sip_media *media = user_data;
    (void) core;
    if (length > 0 && (ifp[0] & 0x40) != 0)
        count = 1;
    for (int i = 0; i < count; i++) {
        uint8_t datagram[UDPTL_MAX_DATAGRAM];
        size_t datagram_length;
        if (udptl_tx_build(media->udptl_tx, ifp, (size_t) length, datagram, sizeof datagram, &datagram_length) !=
            UDPTL_OK)
            return -1;
        send_datagram(media, datagram, datagram_length);
    }
    media->last_activity_tick = media->tick;
    return 0;
}

static void t38_deliver(void *user_data, uint16_t seq, const uint8_t *ifp, size_t length)
{
    struct sip_media *media = user_data;
    t38_core_rx_ifp_packet(t38_terminal_get_t38_core_state(media->t38), ifp, (int) length, seq);
}

static int t38_max_datagram(const struct sdp_t38 *t38)
{
    return t38->max_datagram > 0 ? t38->max_datagram : DEFAULT_T38_DATAGRAM;
}

/* The far end's T.38 parameters, on the core (also when a re-INVITE changes them mid-call). */
static void apply_t38_params(struct sip_media *media)
{
    const struct sdp_t38 *t38 = &media->remote.desc.t38;
    t38_core_state_t *core = t38_terminal_get_t38_core_state(media->t38);
    t38_set_t38_version(core, 0);   /* what our answers and offers say, whatever the far end offered */
    /* An IFP must fit the far end's datagram with UDPTL's own bytes around it. */
    int ifp_max = t38_max_datagram(t38) - 8;
    t38_set_max_datagram_size(core, ifp_max < UDPTL_MAX_IFP ? ifp_max : UDPTL_MAX_IFP);
    t38_set_data_rate_management_method(core, t38->transferred_tcf ? T38_DATA_RATE_MANAGEMENT_TRANSFERRED_TCF
                                                                   : T38_DATA_RATE_MANAGEMENT_LOCAL_TCF);
    t38_set_fill_bit_removal(core, false);
    t38_set_mmr_transcoding(core, false);
    t38_set_jbig_transcoding(core, false);
    if (t38->max_bit_rate > 0)
        t38_set_fastest_image_data_rate(core, t38->max_bit_rate);
    if (media->udptl_tx != NULL)
        udptl_tx_set_max_datagram(media->udptl_tx, (size_t) t38_max_datagram(t38));
}

static enum fax_call_status start_t38(struct sip_media *media, struct fax_call_error *error)
{
    media->udptl_tx = udptl_tx_new(UDPTL_REDUNDANCY, (size_t) t38_max_datagram(&media->remote.desc.t38));
    media->udptl_rx = udptl_rx_new(t38_deliver, media);
    media->t38 = t38_terminal_init(NULL, media->end == FAX_CALL_SENDER, t38_send, media);
    if (media->udptl_tx == NULL || media->udptl_rx == NULL || media->t38 == NULL)
        return fax_call_fail(error, FAX_CALL_ERR_RESOURCES, "spandsp could not set up the T.38 end");
    span_log_set_level(t38_terminal_get_logging_state(media->t38), SPAN_LOG_NONE);
    span_log_set_level(t38_core_get_logging_state(t38_terminal_get_t38_core_state(media->t38)), SPAN_LOG_NONE);
    t38_terminal_set_tep_mode(media->t38, false);
    t38_terminal_set_fill_bit_removal(media->t38, false);
    apply_t38_params(media);
    return fax_endpoint_setup(&media->endpoint, t38_terminal_get_t30_state(media->t38), media->end, media->request,
                              media->total_pages, media_progress, media, error);
}

static void stop_t38(struct sip_media *media)
{
    udptl_rx_stats_add(&media->udptl_done, media->udptl_rx);
    if (media->t38 != NULL)
        t38_terminal_free(media->t38);
    udptl_tx_free(media->udptl_tx);
    udptl_rx_free(media->udptl_rx);
    media->t38 = NULL;
    media->udptl_tx = NULL;
    media->udptl_rx = NULL;
}

/* ---- the run ---- */

/* The tick due at *due has done its work (its packet is sent): how late that was. */
static void record_lateness(struct sip_media *media, const struct timespec *due)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t late = (int64_t) (now.tv_sec - due->tv_sec) * 1000000 + (now.tv_nsec - due->tv_nsec) / 1000;
    lateness_record(&media->lateness, late);
}

/* A re-INVITE's description, taken at the start of a tick: same kind = new address and parameters;
   audio -> T.38 = the session restarts on a T.38 terminal with the same request. */
static enum fax_call_status take_pending(struct sip_media *media, struct fax_call_error *error)
{
    pthread_mutex_lock(&media->lock);
    bool has_pending = media->has_pending;
    struct remote next = media->pending;
    media->has_pending = false;
    pthread_mutex_unlock(&media->lock);
    if (!has_pending)
        return FAX_CALL_ERR_NONE;

    bool switching = media->fax != NULL && next.desc.kind == SDP_MEDIA_T38;
    media->remote = next;
    if (!switching) {
        if (media->t38 != NULL)
            apply_t38_params(media);
        return FAX_CALL_ERR_NONE;
    }
    stop_audio(media);
    memset(&media->endpoint, 0, sizeof media->endpoint);   /* its T.30 went with the audio end */
    media->last_activity_tick = media->tick;   /* the far end's T.38 starts now */
    return start_t38(media, error);
}

static void receive_one(struct sip_media *media, const struct sockaddr_storage *from, const uint8_t *buf,
                        size_t length)
{
    if (!media_same_ip(from, &media->remote.address))
        return;   /* only the far end feeds the call; its sending port may differ */
    media->last_activity_tick = media->tick;
    if (media->fax != NULL) {
        audio_received(media, buf, length);
    } else if (media->t38 != NULL && !late_rtp(media, buf, length)) {
        media->fax_heard = true;
        udptl_rx_datagram(media->udptl_rx, buf, length);
    }
}

/* What waits on the socket, a batch per syscall: a batch that comes back short has emptied it. */
static void receive_all(struct sip_media *media)
{
    uint8_t bufs[RECEIVE_BATCH][UDPTL_MAX_DATAGRAM + 64];
    struct sockaddr_storage from[RECEIVE_BATCH];
    struct iovec iov[RECEIVE_BATCH];
    struct mmsghdr messages[RECEIVE_BATCH];
    for (;;) {
        for (int i = 0; i < RECEIVE_BATCH; i++) {
            iov[i] = (struct iovec) { bufs[i], sizeof bufs[i] };
            messages[i] = (struct mmsghdr) { .msg_hdr = { .msg_name = &from[i], .msg_namelen = sizeof from[i],
                                                          .msg_iov = &iov[i], .msg_iovlen = 1 } };
        }
        int received = recvmmsg(media->fd, messages, RECEIVE_BATCH, MSG_DONTWAIT, NULL);
        if (received < 0) {
            if (errno == EINTR)
                continue;
            return;   /* EAGAIN: all that arrived this tick is in; other errors: the silence timeout decides */
        }
        for (int i = 0; i < received; i++)
            receive_one(media, &from[i], bufs[i], messages[i].msg_len);
        if (received < RECEIVE_BATCH)
            return;
    }
}

static struct sip_media *media_of(struct media_pool_member *member)
{
    return (struct sip_media *) ((char *) member - offsetof(struct sip_media, member));
}

static bool stop_run(struct sip_media *media, enum stop_reason reason)
{
    media->stop = reason;
    return false;
}

/* One tick of the call, on its media thread (media_pool's tick): the signalling's news, the far end's
   datagrams, then this tick's packet. false once the run is over, with media->stop saying why. */
static bool media_tick(struct media_pool_member *member, bool readable, const struct timespec *due)
{
    struct sip_media *media = media_of(member);
    if (take_pending(media, &media->run_error) != FAX_CALL_ERR_NONE)
        return stop_run(media, STOP_FAILED);
    if (atomic_load(&media->aborted))
        return stop_run(media, STOP_ABORTED);
    if (atomic_load(&media->hangup))
        return stop_run(media, STOP_HANGUP);
    if (media->endpoint.done && media->done_tick < 0)
        media->done_tick = media->tick;
    if (media->done_tick >= 0 && media->tick - media->done_tick >= LINGER_TICKS)
        return stop_run(media, STOP_ENDED);
    if (media->tick >= media->max_ticks)
        return stop_run(media, STOP_TIME_LIMIT);
    if (readable)
        receive_all(media);
    if (media->endpoint.store_failed)   /* a page the file does not hold: hang up before T.30 confirms it */
        return stop_run(media, STOP_NOT_STORED);
    if (media->done_tick < 0 && media->tick - media->last_activity_tick > media->silence_ticks)
        return stop_run(media, STOP_SILENCE);
    if (media->end == FAX_CALL_SENDER && !media->fax_heard && media->tick >= FAX_ANSWER_SECONDS * TICKS_PER_SECOND)
        return stop_run(media, STOP_NO_FAX);
    if (media->fax != NULL)
        audio_tick(media);
    else
        t38_terminal_send_timeout(media->t38, TICK_SAMPLES);
    record_lateness(media, due);
    media->tick++;
    return true;
}

/* The call has left its media thread: the run's state is sip_media_run's again. */
static void media_left(struct media_pool_member *member)
{
    struct sip_media *media = media_of(member);
    pthread_mutex_lock(&media->lock);
    media->in_pool = false;
    pthread_cond_signal(&media->left_pool);
    pthread_mutex_unlock(&media->lock);
}

/* The ticks, by the pool; this thread waits for the call to leave it. */
static enum stop_reason run_ticks(struct sip_media *media, int silence_seconds, struct fax_call_error *error)
{
    int limit = media->request->time_limit_seconds;
    if (limit <= 0)
        limit = DEFAULT_LIMIT_SECONDS * (1 + media->total_pages);
    media->max_ticks = (long) limit * TICKS_PER_SECOND;
    media->silence_ticks = (long) (silence_seconds > 0 ? silence_seconds : DEFAULT_SILENCE_SECONDS) * TICKS_PER_SECOND;
    media->done_tick = -1;
    media->run_error = (struct fax_call_error) { FAX_CALL_ERR_NONE, "" };
    media->member = (struct media_pool_member) { .fd = media->fd, .tick = media_tick, .left = media_left };

    pthread_mutex_lock(&media->lock);
    media->in_pool = true;
    pthread_mutex_unlock(&media->lock);
    media_pool_join(&media->member);
    pthread_mutex_lock(&media->lock);
    while (media->in_pool)
        pthread_cond_wait(&media->left_pool, &media->lock);
    pthread_mutex_unlock(&media->lock);

    if (media->stop == STOP_FAILED)
        *error = media->run_error;
    return media->stop;
}

/* The end's status from how the run stopped and what T.30 said, as fax_call's judge does for one end. */
static enum fax_call_status judge(const struct sip_media *media, enum stop_reason stop,
                                  const struct fax_call_end_result *result, int silence_seconds,
                                  struct fax_call_error *error)
{
    bool sender = media->end == FAX_CALL_SENDER;
    int wanted = sender ? media->total_pages : 1;
    switch (stop) {
    case STOP_FAILED:
        return error->status;
    case STOP_ABORTED:
        return fax_call_fail(error, FAX_CALL_ERR_ABORTED, "aborted by request after %d pages", result->pages);
    case STOP_TIME_LIMIT:
        return fax_call_fail(error, FAX_CALL_ERR_TIME_LIMIT, "no end of call within the time limit; %d pages",
                             result->pages);
    case STOP_SILENCE:
        return fax_call_fail(error, FAX_CALL_ERR_T30, "nothing from the far end for %d s: %s; %d pages",
                             silence_seconds > 0 ? silence_seconds : DEFAULT_SILENCE_SECONDS,
                             result->completion_text, result->pages);
    case STOP_NO_FAX:
        return fax_call_fail(error, FAX_CALL_ERR_T30, "no fax answer within %d s (voice, or no fax machine at the "
                             "far end)", FAX_ANSWER_SECONDS);
    case STOP_NOT_STORED:
        return fax_call_fail(error, FAX_CALL_ERR_T30, "a page could not be stored (the disk is full)");
    case STOP_HANGUP:
    case STOP_ENDED:
        break;
    }
    if (result->completion_code != T30_ERR_OK)
        return fax_call_fail(error, FAX_CALL_ERR_T30, "%s%s; %d pages", stop == STOP_HANGUP ? "the far end hung up: " : "",
                             result->completion_text, result->pages);
    if (result->pages < wanted || wanted <= 0)
        return fax_call_fail(error, FAX_CALL_ERR_INCOMPLETE, "the call ended normally after %d of %d pages",
                             result->pages, sender ? media->total_pages : 0);
    if (error != NULL)
        *error = (struct fax_call_error) { FAX_CALL_ERR_NONE, "" };
    return FAX_CALL_ERR_NONE;
}

enum fax_call_status sip_media_run(struct sip_media *media, enum fax_call_end end,
                                   const struct fax_call_request *request, int total_pages, int silence_seconds,
                                   struct fax_call_end_result *result, struct fax_call_error *error)
{
    struct fax_call_error own_error = { 0 };
    if (error == NULL)
        error = &own_error;
    memset(result, 0, sizeof *result);
    media->end = end;
    media->request = request;
    media->total_pages = total_pages;
    memset(&media->endpoint, 0, sizeof media->endpoint);
    memset(media->tone_reported, 0, sizeof media->tone_reported);
    media->heard_rtp = false;
    media->fax_heard = false;
    atomic_store(&media->no_fax_answer, false);
    media->tick = media->last_activity_tick = 0;
    lateness_reset(&media->lateness);

    pthread_mutex_lock(&media->lock);
    bool has_remote = media->has_pending;
    media->remote = media->pending;
    media->has_pending = false;
    pthread_mutex_unlock(&media->lock);
    if (!has_remote)
        return fax_call_fail(error, FAX_CALL_ERR_REQUEST, "no far end to send the media to");

    enum fax_call_status status = media->remote.desc.kind == SDP_MEDIA_T38 ? start_t38(media, error)
                                                                           : start_audio(media, error);
    enum stop_reason stop = status == FAX_CALL_ERR_NONE ? run_ticks(media, silence_seconds, error) : STOP_FAILED;
    if (media->endpoint.t30 != NULL) {
        fax_endpoint_terminate(&media->endpoint);   /* phase E for a run cut short: files closed */
        *result = media->endpoint.result;
        if (stop == STOP_NOT_STORED)
            result->pages = 0;   /* the sender sends it all again: the part kept is no fax */
    }
    status = judge(media, stop, result, silence_seconds, error);
    atomic_store(&media->no_fax_answer, stop == STOP_NO_FAX);
    stop_audio(media);
    stop_t38(media);
    return status;
}

bool sip_media_no_fax_answer(const struct sip_media *media)
{
    return atomic_load(&media->no_fax_answer);
}

const struct lateness *sip_media_lateness(const struct sip_media *media)
{
    return &media->lateness;
}

void sip_media_free(struct sip_media *media)
{
    if (media == NULL)
        return;
    close(media->fd);
    pthread_mutex_destroy(&media->lock);
    pthread_cond_destroy(&media->left_pool);
    free(media);
    media_pool_release();
}
