/*
 * The SIP UA against itself: two UAs in this process on 127.0.0.1. A calls B by URI, B answers with
 * audio, A switches to T.38 by re-INVITE and B back to audio, a 488 to a re-INVITE leaves the call up,
 * BYE from either side; B busy (486), A cancelling while B rings (487), a call over TCP, a call to B's
 * number rather than its user, sip_ua_free
 * hanging up a live call, and a call over IPv6 loopback. Every wait polls what the callbacks recorded, with one generous hang guard.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#include "sip_ua.h"

enum { HANG_GUARD_SECONDS = 120 };

enum answer_mode { ANSWER, REJECT_BUSY, RING };

struct endpoint {
    const char *name;
    const char *host;                /* as a URI writes it: 127.0.0.1 or [::1] */
    pthread_mutex_t lock;
    struct sip_ua *ua;
    int port;
    enum answer_mode answer_mode;
    bool reject_reinvites;
    struct sip_call *call;           /* the current call, either direction */
    int incoming, media, answered, reinvites, reinvite_results, ended;
    struct sdp_desc last_offer, last_media, last_reinvite_offer, last_reinvite_answer;
    int reinvite_status, ended_status;
    char from[64], to[64];
};

static struct sip_call_events call_events(struct endpoint *ep);

static void on_media(void *user_data, const struct sdp_desc *remote, bool early)
{
    struct endpoint *ep = user_data;
    (void) early;
    pthread_mutex_lock(&ep->lock);
    ep->last_media = *remote;
    ep->media++;
    pthread_mutex_unlock(&ep->lock);
}

static void on_answered(void *user_data)
{
    struct endpoint *ep = user_data;
    pthread_mutex_lock(&ep->lock);
    ep->answered++;
    pthread_mutex_unlock(&ep->lock);
}

static void on_reinvite(void *user_data, const struct sdp_desc *offer)
{
    struct endpoint *ep = user_data;
    struct sdp_desc answer;
    pthread_mutex_lock(&ep->lock);
    ep->last_reinvite_offer = *offer;
    ep->reinvites++;
    if (ep->reject_reinvites || !sdp_answer(offer, "127.0.0.1", 31000, &answer))
        sip_call_reject_reinvite(ep->call, 488);
    else
        sip_call_accept_reinvite(ep->call, &answer);
    pthread_mutex_unlock(&ep->lock);
}

static void on_reinvite_result(void *user_data, int status, const struct sdp_desc *answer)
{
    struct endpoint *ep = user_data;
    pthread_mutex_lock(&ep->lock);
    ep->reinvite_status = status;
    if (answer != NULL)
        ep->last_reinvite_answer = *answer;
    ep->reinvite_results++;
    pthread_mutex_unlock(&ep->lock);
}

static void on_ended(void *user_data, int status, const char *phrase)
{
    struct endpoint *ep = user_data;
    (void) phrase;
    pthread_mutex_lock(&ep->lock);
    ep->ended_status = status;
    ep->ended++;
    pthread_mutex_unlock(&ep->lock);
}

static void on_incoming(void *user_data, struct sip_call *call, const char *from, const char *to,
                        const struct sdp_desc *offer)
{
    struct endpoint *ep = user_data;
    struct sdp_desc answer;
    pthread_mutex_lock(&ep->lock);
    ep->incoming++;
    ep->call = call;
    ep->last_offer = *offer;
    snprintf(ep->from, sizeof(ep->from), "%s", from);
    snprintf(ep->to, sizeof(ep->to), "%s", to);
    if (ep->answer_mode == REJECT_BUSY) {
        sip_call_reject(call, 486);
    } else if (ep->answer_mode == ANSWER) {
        struct sip_call_events events = call_events(ep);
        sdp_answer(offer, "127.0.0.1", 30000, &answer);
        sip_call_answer(call, &answer, &events);
    }
    pthread_mutex_unlock(&ep->lock);
}

static struct sip_call_events call_events(struct endpoint *ep)
{
    return (struct sip_call_events) { .user_data = ep, .on_media = on_media, .on_answered = on_answered,
                                      .on_reinvite = on_reinvite, .on_reinvite_result = on_reinvite_result,
                                      .on_ended = on_ended };
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + t.tv_nsec / 1e9;
}

/* Polls until *counter reaches target; false (and a FAIL line) only if the hang guard runs out. */
static bool wait_for(struct endpoint *ep, int *counter, int target, const char *what)
{
    double guard = now() + HANG_GUARD_SECONDS;
    for (;;) {
        pthread_mutex_lock(&ep->lock);
        int value = *counter;
        pthread_mutex_unlock(&ep->lock);
        if (value >= target)
            return true;
        if (now() > guard) {
            check(0, "%s: no %s within the %d s hang guard (have %d, want %d)", ep->name, what,
                  HANG_GUARD_SECONDS, value, target);
            return false;
        }
        usleep(2000);
    }
}

static void start(struct endpoint *ep, const char *name, const char *user, const char *listen)
{
    char error[256] = "";
    memset(ep, 0, sizeof(*ep));
    ep->name = name;
    ep->host = listen[0] == '[' ? "[::1]" : "127.0.0.1";
    pthread_mutex_init(&ep->lock, NULL);
    struct sip_ua_config config = { .listen = listen, .user = user, .number = "3001", .session_expires = 1800 };
    struct sip_ua_events events = { .user_data = ep, .on_incoming = on_incoming };
    ep->ua = sip_ua_new(&config, &events, error, sizeof(error));
    check(ep->ua != NULL, "%s starts: %s", name, error);
    ep->port = ep->ua != NULL ? sip_ua_port(ep->ua) : 0;
    check(ep->port > 0, "%s has a port", name);
}

static struct sip_call *call(struct endpoint *a, struct endpoint *b, const char *params)
{
    char target[128], error[256] = "";
    struct sdp_desc offer;
    struct sip_call_events events = call_events(a);
    /* params may start with a user part for B other than "b": "3001;transport=tcp" is sip:3001@B;transport=tcp */
    const char *user = params[0] != '\0' && params[0] != ';' ? params : "b";
    size_t user_length = strcspn(user, ";");
    snprintf(target, sizeof(target), "sip:%.*s@%s:%d%s", (int) user_length, user, a->host, b->port,
             user + user_length);
    sdp_offer_audio(&offer, "127.0.0.1", 20000);
    pthread_mutex_lock(&a->lock);
    a->call = sip_ua_invite(a->ua, target, &offer, &events, error, sizeof(error));
    struct sip_call *placed = a->call;
    pthread_mutex_unlock(&a->lock);
    check(placed != NULL, "invite %s: %s", target, error);
    return placed;
}

static void release_calls(struct endpoint *a, struct endpoint *b)
{
    sip_call_release(a->call);
    a->call = NULL;
    sip_call_release(b->call);
    b->call = NULL;
}

static void test_call_reinvites_bye(struct endpoint *a, struct endpoint *b)
{
    struct sdp_desc offer;
    int a_ended = a->ended, b_ended = b->ended, b_incoming = b->incoming;

    b->answer_mode = ANSWER;
    call(a, b, "");
    if (!wait_for(a, &a->answered, 1, "answer"))
        return;
    check(b->incoming == b_incoming + 1 && b->last_offer.kind == SDP_MEDIA_AUDIO && b->last_offer.port == 20000,
          "B saw A's audio offer");
    check(strcmp(b->to, "b") == 0, "B saw To user b (%s)", b->to);
    check(a->media == 1 && a->last_media.kind == SDP_MEDIA_AUDIO && a->last_media.port == 30000 &&
          a->last_media.formats[0] == 0, "A got B's audio answer");

    sdp_offer_t38(&offer, "127.0.0.1", 20002);
    sip_call_reinvite(a->call, &offer);
    if (!wait_for(a, &a->reinvite_results, 1, "re-INVITE result"))
        return;
    check(b->reinvites == 1 && b->last_reinvite_offer.kind == SDP_MEDIA_T38 && b->last_reinvite_offer.port == 20002,
          "B saw the T.38 re-INVITE");
    check(a->reinvite_status == 200 && a->last_reinvite_answer.kind == SDP_MEDIA_T38 &&
          a->last_reinvite_answer.port == 31000, "A's T.38 re-INVITE accepted (%d)", a->reinvite_status);

    sdp_offer_audio(&offer, "127.0.0.1", 30004);
    sip_call_reinvite(b->call, &offer);
    if (!wait_for(b, &b->reinvite_results, 1, "re-INVITE result"))
        return;
    check(a->reinvites == 1 && a->last_reinvite_offer.kind == SDP_MEDIA_AUDIO, "A saw B's audio re-INVITE");
    check(b->reinvite_status == 200 && b->last_reinvite_answer.kind == SDP_MEDIA_AUDIO,
          "B's re-INVITE accepted (%d)", b->reinvite_status);

    pthread_mutex_lock(&b->lock);
    b->reject_reinvites = true;
    pthread_mutex_unlock(&b->lock);
    sdp_offer_t38(&offer, "127.0.0.1", 20006);
    sip_call_reinvite(a->call, &offer);
    if (!wait_for(a, &a->reinvite_results, 2, "re-INVITE result"))
        return;
    check(a->reinvite_status == 488, "488 to a re-INVITE reported (%d)", a->reinvite_status);
    pthread_mutex_lock(&b->lock);
    b->reject_reinvites = false;
    pthread_mutex_unlock(&b->lock);
    sip_call_reinvite(a->call, &offer);
    if (!wait_for(a, &a->reinvite_results, 3, "re-INVITE result"))
        return;
    check(a->reinvite_status == 200 && a->ended == a_ended, "the call stayed up after the 488 (%d)",
          a->reinvite_status);

    sip_call_hangup(a->call);
    wait_for(a, &a->ended, a_ended + 1, "end");
    wait_for(b, &b->ended, b_ended + 1, "end");
    check(a->ended_status == 200 && b->ended_status == 200, "BYE from A: both ended 200 (%d, %d)", a->ended_status,
          b->ended_status);
    release_calls(a, b);
}

static void test_bye_from_callee(struct endpoint *a, struct endpoint *b, const char *params)
{
    /* the count before the call: the answer may arrive before call() returns */
    int a_ended = a->ended, b_ended = b->ended, a_answered = a->answered;
    b->answer_mode = ANSWER;
    call(a, b, params);
    if (!wait_for(a, &a->answered, a_answered + 1, "answer"))
        return;
    sip_call_hangup(b->call);
    wait_for(a, &a->ended, a_ended + 1, "end");
    wait_for(b, &b->ended, b_ended + 1, "end");
    check(a->ended_status == 200 && b->ended_status == 200, "BYE from B%s: both ended 200 (%d, %d)", params,
          a->ended_status, b->ended_status);
    release_calls(a, b);
}

static void test_busy(struct endpoint *a, struct endpoint *b)
{
    int a_ended = a->ended;
    b->answer_mode = REJECT_BUSY;
    call(a, b, "");
    wait_for(a, &a->ended, a_ended + 1, "end");
    check(a->ended_status == 486, "busy: A ended 486 (%d)", a->ended_status);
    release_calls(a, b);
}

static void test_cancel(struct endpoint *a, struct endpoint *b)
{
    int a_ended = a->ended;
    b->answer_mode = RING;
    call(a, b, "");
    if (!wait_for(b, &b->incoming, b->incoming + 1, "INVITE"))
        return;
    sip_call_hangup(a->call);
    wait_for(a, &a->ended, a_ended + 1, "end");
    check(a->ended_status == 487, "cancel while ringing: A ended 487 (%d)", a->ended_status);
    release_calls(a, b);
}

static void test_free_hangs_up(struct endpoint *a, struct endpoint *b)
{
    int a_ended = a->ended, b_ended = b->ended, a_answered = a->answered;
    b->answer_mode = ANSWER;
    call(a, b, "");
    if (!wait_for(a, &a->answered, a_answered + 1, "answer"))
        return;
    sip_ua_free(a->ua);
    a->ua = NULL;
    check(a->ended == a_ended + 1, "sip_ua_free ended A's call (%d)", a->ended);
    wait_for(b, &b->ended, b_ended + 1, "end");
    check(b->ended_status == 200, "B ended 200 when A stopped (%d)", b->ended_status);
    release_calls(a, b);
}

/* A call between two UAs on IPv6 loopback, when this machine has it. */
static void test_ipv6(void)
{
    struct endpoint a, b;
    int probe = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 loopback = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    bool has_ipv6 = probe >= 0 && bind(probe, (struct sockaddr *) &loopback, sizeof(loopback)) == 0;
    if (probe >= 0)
        close(probe);
    if (!has_ipv6) {
        printf("IPv6 call: NOT RUN (no ::1 here)\n");
        return;
    }
    start(&a, "A6", "a", "[::1]:0");
    start(&b, "B6", "b", "[::1]:0");
    if (a.ua != NULL && b.ua != NULL)
        test_bye_from_callee(&a, &b, "");
    sip_ua_free(a.ua);
    sip_ua_free(b.ua);
}

/* A proxy that never answers (a bound UDP socket nobody reads): sip_ua_free still returns, its wait for the
 * un-REGISTER being bounded, and no registration outcome is invented meanwhile. */
static void test_free_with_silent_proxy(void)
{
    char proxy[64], error[256] = "";
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t length = sizeof(address);
    int silent = socket(AF_INET, SOCK_DGRAM, 0);
    if (silent < 0 || bind(silent, (struct sockaddr *) &address, length) != 0 ||
        getsockname(silent, (struct sockaddr *) &address, &length) != 0) {
        check(0, "a silent UDP socket");
        return;
    }
    snprintf(proxy, sizeof(proxy), "sip:127.0.0.1:%d", ntohs(address.sin_port));
    struct sip_ua_config config = { .listen = "127.0.0.1:0", .proxy = proxy, .user = "u", .password = "secret",
                                    .register_with_proxy = true, .options_interval = 1 };
    struct sip_ua *ua = sip_ua_new(&config, NULL, error, sizeof(error));
    check(ua != NULL, "UA with a silent proxy starts: %s", error);
    sip_ua_free(ua);
    check(1, "sip_ua_free returned with a REGISTER unanswered");
    close(silent);
}

int main(void)
{
    struct endpoint a, b;
    start(&a, "A", "a", "127.0.0.1:0");
    start(&b, "B", "b", "127.0.0.1:0");
    if (a.ua != NULL && b.ua != NULL) {
        test_call_reinvites_bye(&a, &b);
        test_bye_from_callee(&a, &b, "");
        test_busy(&a, &b);
        test_cancel(&a, &b);
        test_bye_from_callee(&a, &b, ";transport=tcp");
        test_bye_from_callee(&a, &b, "3001");
        test_free_hangs_up(&a, &b);
    }
    sip_ua_free(a.ua);
    sip_ua_free(b.ua);
    test_ipv6();
    test_free_with_silent_proxy();
    printf("sip ua: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
