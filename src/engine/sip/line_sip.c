/*
 * SIP lines (see line_sip.h). The trunk's lock guards which channel is in which call; the calls run on
 * worker threads of their own, unlocked. Each call (struct sip_session) has a lock of its own for what
 * the SIP thread tells it (answered, ended, the far end's media) and what the worker decides from it.
 */
#include "line_sip.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fax_endpoint.h"
#include "sip_media.h"

enum {
    NO_ANSWER_SECONDS = 60,     /* an INVITE not answered by then is cancelled: NO ANSWER (answer-timeout=) */
    HANGUP_WAIT_SECONDS = 35,   /* for the UA's on_ended after our BYE or CANCEL (it always comes) */
    RECEIVE_LIMIT_SECONDS = 6 * 3600,   /* a receiver cannot know the page count; dead calls end sooner */
    TRUNK_STRINGS = 5,          /* listen, proxy, user, password, media address */
};

struct sip_session;

struct sip_channel {
    struct fax_line base;
    struct sip_trunk *trunk;
    struct sip_session *session;     /* the call it is in; under the trunk's lock */
};

struct sip_trunk {
    pthread_mutex_t lock;
    pthread_cond_t worker_ended;
    struct sip_trunk_options options;
    char *strings[TRUNK_STRINGS];    /* the options' own copies (the number is the lines') */
    char media_address[64];
    struct sip_ua *ua;
    struct sip_channel *channels;
    int channel_count;
    int workers;                     /* calls whose worker has not finished */
    bool closing;
    atomic_uint received;
    int registration_status;         /* 0 = none yet */
    char registration_phrase[64];
};

struct sip_session {
    struct line_call base;
    struct sip_trunk *trunk;
    struct sip_channel *channel;
    enum fax_call_end end;
    struct sip_call *_Atomic sip;          /* set once the INVITE is on its way; read by the SIP thread */
    struct sip_media *media;
    struct fax_call_observer observer;     /* sender */
    char *tx_tiff, *tsi, *sub_address, *header_info, *rx_path;
    bool ecm;
    int modems, total_pages;
    char peer[160];                        /* the dialled target, or the caller */
    pthread_t worker;

    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool answered, ended, aborted;
    enum sip_t38_policy t38;               /* the line's t38=, or the job's for this call */
    bool t38_asked;                        /* we re-INVITEd to T.38 (or the far end did): once per call */
    bool t38_refused;                      /* the far end refused our re-INVITE: G.711 it is */
    int end_status;
    char end_phrase[80];
};

static void trunk_log(struct sip_trunk *trunk, int level, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

const char *sip_t38_policy_name(enum sip_t38_policy policy)
{
    switch (policy) {
    case SIP_T38_PREFER: return "prefer";
    case SIP_T38_ACCEPT: return "accept";
    case SIP_T38_NEVER: return "never";
    }
    return "?";
}

static char *copy_or_null(const char *text)
{
    return text != NULL ? strdup(text) : NULL;
}

static bool monotonic_wait(pthread_cond_t *cond, pthread_mutex_t *lock, const struct timespec *deadline)
{
    return pthread_cond_timedwait(cond, lock, deadline) == 0;
}

static struct timespec deadline_in(int seconds)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += seconds;
    return t;
}

static void init_monotonic_cond(pthread_cond_t *cond)
{
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(cond, &attributes);
    pthread_condattr_destroy(&attributes);
}

/* ---- sessions ---- */

static void session_destroy(struct line_call *base)
{
    struct sip_session *s = (struct sip_session *) base;
    struct sip_call *call = atomic_load(&s->sip);
    if (call != NULL)
        sip_call_release(call);
    if (s->media != NULL)
        sip_media_free(s->media);
    free(s->tx_tiff);
    free(s->tsi);
    free(s->sub_address);
    free(s->header_info);
    free(s->rx_path);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->changed);
    free(s);
}

static void session_abort(struct line_call *base)
{
    struct sip_session *s = (struct sip_session *) base;
    pthread_mutex_lock(&s->lock);
    s->aborted = true;
    sip_media_abort(s->media);   /* sticky: a run that starts later ends at once */
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

static const struct line_call_ops sip_session_ops = { session_abort, session_destroy };

static void on_media_progress(void *user_data, const struct fax_call_progress *progress)
{
    struct sip_session *s = user_data;
    line_report_progress(&s->channel->base, &s->observer, &s->channel->base, progress);
}

/* t38=prefer: re-INVITE to T.38, once per call, while the call is up and still on audio. */
static void ask_for_t38(struct sip_session *s)
{
    pthread_mutex_lock(&s->lock);
    bool ask = !s->t38_asked && s->answered && !s->ended && sip_media_kind(s->media) == SDP_MEDIA_AUDIO;
    s->t38_asked = true;
    pthread_mutex_unlock(&s->lock);
    if (!ask)
        return;
    struct sdp_desc offer;
    sdp_offer_t38(&offer, s->trunk->media_address, sip_media_port(s->media));
    sip_call_reinvite(atomic_load(&s->sip), &offer);
}

/* The calling side's half of t38=prefer: the far end has sent its DIS (or CED) and no T.38 re-INVITE of
 * its own came, so it only accepts T.38: ask for it ourselves. */
static void on_media_tone(void *user_data, enum sip_media_tone tone)
{
    struct sip_session *s = user_data;
    if (s->end != FAX_CALL_SENDER || s->t38 != SIP_T38_PREFER)
        return;
    if (tone == SIP_MEDIA_TONE_V21 || tone == SIP_MEDIA_TONE_CED)
        ask_for_t38(s);
}

static void on_call_media(void *user_data, const struct sdp_desc *remote, bool early)
{
    struct sip_session *s = user_data;
    if (early)   /* ringback or an announcement; the call is not answered until a 200 */
        trunk_log(s->trunk, 6, "line %s: early media from %s", s->channel->base.config.number, s->peer);
    if (sip_media_set_remote(s->media, remote))
        return;
    struct sip_call *call = atomic_load(&s->sip);   /* NULL only before sip_ua_invite has returned */
    if (call != NULL)
        sip_call_hangup(call);   /* an answer we cannot run: the worker sees on_ended */
}

static void on_call_answered(void *user_data)
{
    struct sip_session *s = user_data;
    pthread_mutex_lock(&s->lock);
    s->answered = true;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

static void on_call_reinvite(void *user_data, const struct sdp_desc *offer)
{
    struct sip_session *s = user_data;
    struct sdp_desc answer;
    if (offer->kind == SDP_MEDIA_T38 && s->t38 == SIP_T38_NEVER) {
        sip_call_reject_reinvite(atomic_load(&s->sip), 488);
        return;
    }
    if (!sdp_answer(offer, s->trunk->media_address, sip_media_port(s->media), &answer)
        || !sip_media_set_remote(s->media, offer)) {
        sip_call_reject_reinvite(atomic_load(&s->sip), 488);
        return;
    }
    if (offer->kind == SDP_MEDIA_T38) {
        pthread_mutex_lock(&s->lock);
        s->t38_asked = true;
        pthread_mutex_unlock(&s->lock);
    }
    sip_call_accept_reinvite(atomic_load(&s->sip), &answer);
}

static void on_call_reinvite_result(void *user_data, int status, const struct sdp_desc *answer)
{
    struct sip_session *s = user_data;
    if (status >= 200 && status < 300 && answer != NULL && answer->port > 0 && sip_media_set_remote(s->media, answer))
        return;
    pthread_mutex_lock(&s->lock);
    s->t38_refused = true;   /* the call goes on over G.711 */
    pthread_mutex_unlock(&s->lock);
}

static void on_call_ended(void *user_data, int status, const char *phrase)
{
    struct sip_session *s = user_data;
    pthread_mutex_lock(&s->lock);
    s->ended = true;
    s->end_status = status;
    snprintf(s->end_phrase, sizeof s->end_phrase, "%s", phrase != NULL ? phrase : "");
    if (s->answered)
        sip_media_hangup(s->media);
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    line_call_release(&s->base);   /* the SIP side's reference: no callback of this call comes after this one */
}

static struct sip_call_events session_events(struct sip_session *s)
{
    struct sip_call_events events = {
        .user_data = s,
        .on_media = on_call_media,
        .on_answered = on_call_answered,
        .on_reinvite = on_call_reinvite,
        .on_reinvite_result = on_call_reinvite_result,
        .on_ended = on_call_ended,
    };
    return events;
}

static struct sip_session *session_new(struct sip_trunk *trunk, struct sip_channel *channel, enum fax_call_end end,
                                       struct line_error *error)
{
    struct sip_session *s = calloc(1, sizeof *s);
    if (s == NULL) {
        line_fail(error, LINE_NO_RESOURCES, "out of memory");
        return NULL;
    }
    line_call_init(&s->base, &sip_session_ops, 1);
    s->trunk = trunk;
    s->channel = channel;
    s->end = end;
    s->t38 = trunk->options.t38;
    pthread_mutex_init(&s->lock, NULL);
    init_monotonic_cond(&s->changed);
    struct sip_media_events events = { s, on_media_tone, on_media_progress };
    struct fax_call_error media_error = { 0 };
    s->media = sip_media_new(trunk->media_address, trunk->options.rtp_port_min, trunk->options.rtp_port_max, &events,
                             &media_error);
    if (s->media == NULL) {
        line_fail(error, LINE_NO_RESOURCES, "no media port: %s", media_error.detail);
        session_destroy(&s->base);
        return NULL;
    }
    return s;
}

/* Takes the channel for s; false when it is in a call or the trunk is closing. */
static bool reserve(struct sip_trunk *trunk, struct sip_channel *channel, struct sip_session *s,
                    enum line_state state)
{
    bool ok;
    pthread_mutex_lock(&trunk->lock);
    ok = !trunk->closing && channel->session == NULL;
    if (ok) {
        channel->session = s;
        atomic_store(&channel->base.activity, state);
        trunk->workers++;
    }
    pthread_mutex_unlock(&trunk->lock);
    return ok;
}

static void unreserve(struct sip_session *s)
{
    struct sip_trunk *trunk = s->trunk;
    pthread_mutex_lock(&trunk->lock);
    s->channel->session = NULL;
    atomic_store(&s->channel->base.activity,
                 atomic_load(&s->channel->base.online) ? LINE_STATE_IDLE : LINE_STATE_OFFLINE);
    pthread_mutex_unlock(&trunk->lock);
}

static void worker_ended(struct sip_trunk *trunk)
{
    pthread_mutex_lock(&trunk->lock);
    trunk->workers--;
    pthread_cond_broadcast(&trunk->worker_ended);
    pthread_mutex_unlock(&trunk->lock);
}

/* Ends the SIP side of a call that ran (or was refused) and waits for the UA to confirm it. */
static void hang_up(struct sip_session *s)
{
    pthread_mutex_lock(&s->lock);
    bool ended = s->ended;
    pthread_mutex_unlock(&s->lock);
    if (!ended)
        sip_call_hangup(atomic_load(&s->sip));
    struct timespec deadline = deadline_in(HANGUP_WAIT_SECONDS);
    pthread_mutex_lock(&s->lock);
    while (!s->ended && monotonic_wait(&s->changed, &s->lock, &deadline))
        ;
    pthread_mutex_unlock(&s->lock);
}

static const char *transport_name(struct sip_session *s)
{
    return sip_media_kind(s->media) == SDP_MEDIA_T38 ? "T.38" : "G.711";
}

/* The result of this end's run, as the scheduler reads a call's result. */
static void fill_result(struct sip_session *s, enum fax_call_status status, const struct fax_call_error *error,
                        const struct fax_call_end_result *end, time_t started, struct fax_call_result *result)
{
    memset(result, 0, sizeof *result);
    result->status = status;
    result->started = started;
    result->wall_seconds = result->line_seconds = difftime(time(NULL), started);
    result->pages_in_document = s->total_pages;
    if (s->end == FAX_CALL_SENDER)
        result->sender = *end;
    else
        result->receiver = *end;
    snprintf(result->transport, sizeof result->transport, "%s", transport_name(s));
    struct udptl_rx_stats udptl;
    sip_media_udptl_stats(s->media, &udptl);
    if (udptl.datagrams > 0)   /* how the far end's UDPTL arrived: what redundancy saved, what was lost */
        trunk_log(s->trunk, 6, "line %s: call with %s: UDPTL %lu datagrams received, %lu IFPs recovered from "
                  "redundancy, %lu lost", s->channel->base.config.number, s->peer, udptl.datagrams, udptl.recovered,
                  udptl.lost);
    pthread_mutex_lock(&s->lock);
    bool refused = s->t38_refused && sip_media_kind(s->media) == SDP_MEDIA_AUDIO;
    bool held_back = s->t38 == SIP_T38_NEVER && s->trunk->options.t38 != SIP_T38_NEVER;   /* by the job */
    pthread_mutex_unlock(&s->lock);
    switch (status) {
    case FAX_CALL_ERR_NONE:
        result->outcome = FAX_CALL_OK;
        snprintf(result->reason, sizeof result->reason, "Sent over SIP %s at %d bit/s%s%s", result->transport,
                 end->bit_rate, end->ecm ? " with ECM" : "", refused ? " (T.38 refused by the far end)"
                 : held_back ? " (T.38 off for this try)" : "");
        return;
    case FAX_CALL_ERR_T30:
        result->outcome = fax_endpoint_classify(end->completion_code, s->end);
        if (result->outcome == FAX_CALL_OK)   /* the media ended it (silence, hangup) before T.30 could */
            result->outcome = FAX_CALL_RETRYABLE;
        snprintf(result->reason, sizeof result->reason, "%.170s (SIP %s)",
                 error != NULL && error->detail[0] != '\0' ? error->detail : end->completion_text, result->transport);
        return;
    default:
        result->outcome = fax_call_status_outcome(status);
        snprintf(result->reason, sizeof result->reason, "%.170s (SIP %s)",
                 error != NULL && error->detail[0] != '\0' ? error->detail : fax_call_strerror(status),
                 result->transport);
        return;
    }
}

/* What a SIP failure to our INVITE means for the job. */
static enum line_status dial_status_of(int sip_status)
{
    switch (sip_status) {
    case 486: case 600: return LINE_BUSY;
    case 404: case 484: case 604: case 485: return LINE_NO_SUCH_NUMBER;
    default: return LINE_NO_ANSWER;   /* 408, 480, 487, 488, 5xx, 403, 410 (sofia's answer while it shuts
                                         down) ...: another try may reach it */
    }
}

static void *run_outgoing(void *argument)
{
    struct sip_session *s = argument;
    struct sip_trunk *trunk = s->trunk;
    time_t started = time(NULL);
    /* what a call that never ran reports; a run fills it whole */
    struct fax_call_result result = { .started = started, .pages_in_document = s->total_pages };
    enum line_status dial = LINE_OK;

    if (s->observer.on_progress != NULL) {   /* from here: place_call's caller may hold its own lock */
        struct fax_call_progress dialing = { FAX_CALL_SENDER, FAX_CALL_DIALING, 0, s->total_pages, 0 };
        s->observer.on_progress(s->observer.user_data, &dialing);
    }
    int answer_seconds = trunk->options.answer_seconds > 0 ? trunk->options.answer_seconds : NO_ANSWER_SECONDS;
    struct timespec deadline = deadline_in(answer_seconds);
    pthread_mutex_lock(&s->lock);
    while (!s->answered && !s->ended && !s->aborted && monotonic_wait(&s->changed, &s->lock, &deadline))
        ;
    bool answered = s->answered && !s->ended && !s->aborted, ended = s->ended, aborted = s->aborted;
    bool runnable = sip_media_kind(s->media) != SDP_MEDIA_NONE;   /* the answer had media we can run */
    int end_status = s->end_status;
    char phrase[80];
    snprintf(phrase, sizeof phrase, "%s", s->end_phrase);
    pthread_mutex_unlock(&s->lock);

    if (answered && !runnable) {
        hang_up(s);
        dial = LINE_NO_ANSWER;
        snprintf(result.reason, sizeof result.reason, "%.100s answered without media we can run (no G.711, no T.38)",
                 s->peer);
    } else if (answered) {
        atomic_store(&s->channel->base.activity, LINE_STATE_SENDING);
        struct fax_call_request request = {
            .send = { .tx_tiff = s->tx_tiff, .tsi = s->tsi, .sub_address = s->sub_address,
                      .header_info = s->header_info, .ecm = s->ecm, .modems = s->modems },
            .real_time = true,
        };
        struct fax_call_end_result end = { 0 };
        struct fax_call_error error = { 0 };
        enum fax_call_status status = sip_media_run(s->media, FAX_CALL_SENDER, &request, s->total_pages,
                                                    trunk->options.silence_seconds, &end, &error);
        hang_up(s);
        fill_result(s, status, &error, &end, started, &result);
        if (sip_media_no_fax_answer(s->media)) {   /* say who and the likely why; a wrong number may be right next time */
            result.outcome = FAX_CALL_RETRYABLE;
            snprintf(result.reason, sizeof result.reason,
                     "No fax answer from %.100s (voice or no fax machine at the far end)", s->peer);
        }
    } else {
        if (!ended)
            hang_up(s);   /* CANCEL: aborted, or no answer in time */
        if (aborted) {
            result.status = FAX_CALL_ERR_ABORTED;
            result.outcome = FAX_CALL_ABORTED;
            snprintf(result.reason, sizeof result.reason, "Aborted while dialing %s", s->peer);
        } else if (!ended) {
            dial = LINE_NO_ANSWER;
            snprintf(result.reason, sizeof result.reason, "No answer from %.100s within %d s", s->peer,
                     answer_seconds);
        } else {
            dial = dial_status_of(end_status);
            snprintf(result.reason, sizeof result.reason, "SIP %d %.60s from %.100s", end_status, phrase, s->peer);
        }
    }
    unreserve(s);
    s->observer.on_complete(s->observer.user_data, dial, &result);
    line_call_release(&s->base);
    worker_ended(trunk);
    return NULL;
}

static void *run_incoming(void *argument)
{
    struct sip_session *s = argument;
    struct sip_trunk *trunk = s->trunk;
    time_t started = time(NULL);

    if (trunk->options.t38 == SIP_T38_PREFER)   /* the answering side's half: at once */
        ask_for_t38(s);
    char csid[FAX_IDENT_MAX + 1];
    line_idents(&s->channel->base, NULL, csid);
    /* The receiver cannot know the page count: a generous limit (a 100-page fax at 2400 bit/s fits); dead
     * calls end by the silence timeout and T.30's own timers long before. */
    struct fax_call_request request = { .csi = csid[0] != '\0' ? csid : NULL, .rx_tiff = s->rx_path,
                                        .real_time = true, .time_limit_seconds = RECEIVE_LIMIT_SECONDS };
    struct fax_call_end_result end = { 0 };
    struct fax_call_error error = { 0 };
    enum fax_call_status status = sip_media_run(s->media, FAX_CALL_RECEIVER, &request, 0,
                                                trunk->options.silence_seconds, &end, &error);
    hang_up(s);
    struct fax_call_result result;
    fill_result(s, status, &error, &end, started, &result);
    end.started = true;
    line_report_reception(&s->channel->base, s->rx_path, s->peer, &end, &result);
    unreserve(s);
    line_call_release(&s->base);
    worker_ended(trunk);
    return NULL;
}

static bool start_worker(struct sip_session *s, void *(*run)(void *))
{
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    bool ok = pthread_create(&s->worker, &attributes, run, s) == 0;
    pthread_attr_destroy(&attributes);
    return ok;
}

/* ---- the line's operations ---- */

/* "sip:..." and "sips:..." are called as they are; a number goes to the proxy. */
static bool target_of(const char *dial_string, const struct sip_trunk *trunk, char *target, size_t size,
                      struct line_error *error)
{
    if (!strncasecmp(dial_string, "sip:", 4) || !strncasecmp(dial_string, "sips:", 5)) {
        snprintf(target, size, "%s", dial_string);
        return true;
    }
    size_t length = 0;
    for (const char *c = dial_string; *c != '\0' && length + 1 < size; c++)
        if (isdigit((unsigned char) *c) || (*c == '+' && length == 0) || *c == '*' || *c == '#')
            target[length++] = *c;
    target[length] = '\0';
    if (length == 0) {
        line_fail(error, LINE_NO_SUCH_NUMBER, "\"%.60s\" is neither a number nor a SIP URI", dial_string);
        return false;
    }
    if (trunk->options.ua.proxy == NULL) {
        line_fail(error, LINE_NO_SUCH_NUMBER, "line %s has no proxy= to dial %s through (dial a sip: URI)",
                  trunk->channels[0].base.config.number, target);
        return false;
    }
    return true;
}

static enum line_status sip_place_call(struct fax_line *line, const char *dial_string,
                                       const struct fax_send_request *send, const struct fax_call_observer *observer,
                                       struct line_call **call, struct line_error *error)
{
    struct sip_channel *channel = (struct sip_channel *) line;
    struct sip_trunk *trunk = channel->trunk;
    char target[160];

    if (!atomic_load(&line->online))
        return line_fail(error, LINE_OFFLINE, "line %s is out of service", line->config.name);
    if (!atomic_load(&line->send_enabled))
        return line_fail(error, LINE_CANNOT_SEND, "sending is disabled on line %s", line->config.name);
    if (!target_of(dial_string, trunk, target, sizeof target, error))
        return error->status;
    char tsid[FAX_IDENT_MAX + 1];
    line_idents(line, tsid, NULL);
    struct fax_send_request checked = *send;
    checked.tsi = send->tsi != NULL ? send->tsi : (tsid[0] != '\0' ? tsid : NULL);
    checked.ecm = send->ecm && trunk->options.ecm;
    int pages = 0;
    struct fax_call_error check_error = { 0 };
    if (fax_call_check_send(&checked, &pages, &check_error) != FAX_CALL_ERR_NONE)
        return line_fail(error, LINE_BAD_REQUEST, "%s", check_error.detail);

    struct sip_session *s = session_new(trunk, channel, FAX_CALL_SENDER, error);
    if (s == NULL)
        return error->status;
    s->observer = *observer;
    s->total_pages = pages;
    s->ecm = checked.ecm;
    s->modems = checked.modems;
    static const enum sip_t38_policy job_t38[] = {
        [FAX_T38_PREFER] = SIP_T38_PREFER, [FAX_T38_ACCEPT] = SIP_T38_ACCEPT, [FAX_T38_NEVER] = SIP_T38_NEVER,
    };
    if (send->t38 != FAX_T38_LINE_DEFAULT)
        s->t38 = job_t38[send->t38];
    snprintf(s->peer, sizeof s->peer, "%s", target);
    s->tx_tiff = strdup(checked.tx_tiff);
    s->tsi = copy_or_null(checked.tsi);
    s->sub_address = copy_or_null(checked.sub_address);
    s->header_info = copy_or_null(checked.header_info);
    if (s->tx_tiff == NULL || (checked.tsi && !s->tsi) || (checked.sub_address && !s->sub_address)
        || (checked.header_info && !s->header_info)) {
        session_destroy(&s->base);
        return line_fail(error, LINE_NO_RESOURCES, "out of memory");
    }
    if (!reserve(trunk, channel, s, LINE_STATE_DIALING)) {
        session_destroy(&s->base);
        return line_fail(error, LINE_IN_USE, "line %s is in a call or shutting down", line->config.name);
    }
    struct sdp_desc offer;
    sdp_offer_audio(&offer, trunk->media_address, sip_media_port(s->media));
    struct sip_call_events events = session_events(s);
    char why[200] = "";
    /* the worker's, the caller's and the SIP side's (until on_ended, which may come before the return) */
    atomic_store(&s->base.references, 3);
    struct sip_call *call_handle = sip_ua_invite(trunk->ua, target, &offer, &events, why, sizeof why);
    atomic_store(&s->sip, call_handle);
    if (call_handle == NULL) {
        unreserve(s);
        worker_ended(trunk);
        session_destroy(&s->base);
        return line_fail(error, LINE_NO_SUCH_NUMBER, "cannot call %s: %s", target, why);
    }
    if (!start_worker(s, run_outgoing)) {
        sip_call_hangup(atomic_load(&s->sip));
        unreserve(s);
        worker_ended(trunk);
        line_call_release(&s->base);   /* the worker's and the caller's; on_ended drops the SIP side's */
        line_call_release(&s->base);
        return line_fail(error, LINE_NO_RESOURCES, "cannot start a call thread");
    }
    *call = &s->base;
    return LINE_OK;
}

static const struct fax_line_ops sip_line_ops = { "sip", sip_place_call, NULL };

/* ---- the trunk: incoming calls, registration ---- */

static struct sip_channel *free_channel_locked(struct sip_trunk *trunk)
{
    for (int i = 0; i < trunk->channel_count; i++) {
        struct sip_channel *channel = &trunk->channels[i];
        if (channel->session == NULL && atomic_load(&channel->base.online)
            && atomic_load(&channel->base.receive_enabled))
            return channel;
    }
    return NULL;
}

static void on_incoming(void *user_data, struct sip_call *call, const char *from, const char *to,
                        const struct sdp_desc *offer)
{
    (void) to;
    struct sip_trunk *trunk = user_data;
    struct line_error error = { 0 };
    struct sdp_desc answer;

    if (offer->kind == SDP_MEDIA_T38 && trunk->options.t38 == SIP_T38_NEVER) {
        sip_call_reject(call, 488);
        sip_call_release(call);
        return;
    }
    pthread_mutex_lock(&trunk->lock);
    bool closing = trunk->closing;
    struct sip_channel *channel = closing ? NULL : free_channel_locked(trunk);
    pthread_mutex_unlock(&trunk->lock);
    if (channel == NULL) {
        sip_call_reject(call, closing ? 480 : 486);
        sip_call_release(call);
        return;
    }
    struct sip_session *s = session_new(trunk, channel, FAX_CALL_RECEIVER, &error);
    if (s == NULL) {
        sip_call_reject(call, 503);
        sip_call_release(call);
        return;
    }
    atomic_store(&s->sip, call);   /* the application's reference, released with the session */
    snprintf(s->peer, sizeof s->peer, "%s", from != NULL ? from : "");
    char why[200];
    s->rx_path = line_create_rx_file(&channel->base, &trunk->received, why, sizeof why);
    if (s->rx_path == NULL || !sdp_answer(offer, trunk->media_address, sip_media_port(s->media), &answer)
        || !sip_media_set_remote(s->media, offer)) {
        sip_call_reject(call, s->rx_path == NULL ? 480 : 488);
        if (s->rx_path != NULL)
            remove(s->rx_path);
        session_destroy(&s->base);
        return;
    }
    if (!reserve(trunk, channel, s, LINE_STATE_RECEIVING)) {   /* taken meanwhile by an outgoing call */
        sip_call_reject(call, 486);
        remove(s->rx_path);
        session_destroy(&s->base);
        return;
    }
    pthread_mutex_lock(&s->lock);
    s->t38_asked = offer->kind == SDP_MEDIA_T38;
    s->answered = true;
    pthread_mutex_unlock(&s->lock);
    struct sip_call_events events = session_events(s);
    s->base.references = 2;   /* the worker's and the SIP side's (until on_ended) */
    sip_call_answer(call, &answer, &events);
    if (!start_worker(s, run_incoming)) {
        sip_call_hangup(call);
        remove(s->rx_path);
        unreserve(s);
        worker_ended(trunk);
        line_call_release(&s->base);   /* the worker's; on_ended drops the other */
    }
}

static void trunk_log(struct sip_trunk *trunk, int level, const char *format, ...)
{
    if (trunk->options.log == NULL)
        return;
    char message[300];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    trunk->options.log(trunk->options.log_user_data, level, message);
}

static void on_ua_log(void *user_data, int level, const char *message)
{
    struct sip_trunk *trunk = user_data;
    trunk_log(trunk, level, "line %s: %s", trunk->channels[0].base.config.number, message);
}

static void on_registration(void *user_data, int status, const char *phrase)
{
    struct sip_trunk *trunk = user_data;
    if (status >= 200 && status < 300)
        trunk_log(trunk, 6, "line %s: registered at %s", trunk->channels[0].base.config.number,
                  trunk->options.ua.proxy);
    else
        trunk_log(trunk, 4, "line %s: registration at %s failed: %d %s", trunk->channels[0].base.config.number,
                  trunk->options.ua.proxy, status, phrase != NULL ? phrase : "");
    pthread_mutex_lock(&trunk->lock);
    trunk->registration_status = status;
    snprintf(trunk->registration_phrase, sizeof trunk->registration_phrase, "%s", phrase != NULL ? phrase : "");
    pthread_mutex_unlock(&trunk->lock);
}

bool sip_trunk_registration(struct sip_trunk *trunk, char *text, size_t size)
{
    bool failed = false;
    pthread_mutex_lock(&trunk->lock);
    int status = trunk->registration_status;
    if (!trunk->options.ua.register_with_proxy)
        snprintf(text, size, "%s", "");
    else if (status == 0)
        snprintf(text, size, "Registering");
    else if (status >= 200 && status < 300)
        snprintf(text, size, "Registered");
    else {
        snprintf(text, size, "Registration failed: %d %s", status, trunk->registration_phrase);
        failed = true;
    }
    pthread_mutex_unlock(&trunk->lock);
    return failed;
}

struct fax_line *sip_trunk_line(struct sip_trunk *trunk, int channel)
{
    return channel >= 0 && channel < trunk->channel_count ? &trunk->channels[channel].base : NULL;
}

enum line_status sip_trunk_new(const struct sip_trunk_options *options, const struct fax_line_config *channels,
                               int channel_count, struct sip_trunk **out, struct line_error *error)
{
    *out = NULL;
    if (options->ua.listen == NULL || channel_count < 1)
        return line_fail(error, LINE_BAD_REQUEST, "a SIP line needs listen= and at least one channel");
    struct sip_trunk *trunk = calloc(1, sizeof *trunk);
    if (trunk == NULL || (trunk->channels = calloc((size_t) channel_count, sizeof *trunk->channels)) == NULL) {
        free(trunk);
        return line_fail(error, LINE_NO_RESOURCES, "out of memory");
    }
    pthread_mutex_init(&trunk->lock, NULL);
    pthread_cond_init(&trunk->worker_ended, NULL);
    trunk->options = *options;
    const char **strings[TRUNK_STRINGS] = { &trunk->options.ua.listen, &trunk->options.ua.proxy,
                                            &trunk->options.ua.user, &trunk->options.ua.password,
                                            &trunk->options.media_address };
    for (int i = 0; i < TRUNK_STRINGS; i++) {
        trunk->strings[i] = copy_or_null(*strings[i]);
        *strings[i] = trunk->strings[i];
    }
    char *listen_host = NULL;
    int listen_port;
    if (!sip_parse_listen(options->ua.listen, &listen_host, &listen_port)) {
        sip_trunk_free(trunk);
        return line_fail(error, LINE_BAD_REQUEST, "listen=%.60s is not ADDRESS:PORT", options->ua.listen);
    }
    /* media sockets bind where SIP listens, unless told otherwise */
    snprintf(trunk->media_address, sizeof trunk->media_address, "%s",
             options->media_address != NULL ? options->media_address : listen_host);
    free(listen_host);
    for (int i = 0; i < channel_count; i++) {
        trunk->channels[i].trunk = trunk;
        if (!line_init(&trunk->channels[i].base, &sip_line_ops, &channels[i])) {
            trunk->channel_count = i;
            sip_trunk_free(trunk);
            return line_fail(error, LINE_NO_RESOURCES, "out of memory");
        }
        trunk->channel_count = i + 1;
    }
    trunk->options.ua.number = trunk->channels[0].base.config.number;   /* the lines' copy outlives the UA */
    struct sip_ua_events events = { .user_data = trunk, .on_incoming = on_incoming,
                                    .on_registration = on_registration, .log = on_ua_log };
    char why[200] = "";
    trunk->ua = sip_ua_new(&trunk->options.ua, &events, why, sizeof why);
    if (trunk->ua == NULL) {
        sip_trunk_free(trunk);
        return line_fail(error, LINE_BAD_REQUEST, "SIP on %s: %s", options->ua.listen, why);
    }
    *out = trunk;
    return LINE_OK;
}

void sip_trunk_free(struct sip_trunk *trunk)
{
    if (trunk == NULL)
        return;
    pthread_mutex_lock(&trunk->lock);
    trunk->closing = true;
    for (int i = 0; i < trunk->channel_count; i++)
        if (trunk->channels[i].session != NULL)
            line_call_abort(&trunk->channels[i].session->base);
    while (trunk->workers > 0)
        pthread_cond_wait(&trunk->worker_ended, &trunk->lock);
    pthread_mutex_unlock(&trunk->lock);
    if (trunk->ua != NULL)
        sip_ua_free(trunk->ua);
    for (int i = 0; i < trunk->channel_count; i++)
        line_cleanup(&trunk->channels[i].base);
    for (int i = 0; i < TRUNK_STRINGS; i++)
        free(trunk->strings[i]);
    pthread_mutex_destroy(&trunk->lock);
    pthread_cond_destroy(&trunk->worker_ended);
    free(trunk->channels);
    free(trunk);
}
