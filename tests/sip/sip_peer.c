/*
 * sip_peer: one sip_ua for SIPp scenarios (tests/sip/run-sipp) to talk to; it prints each event on a
 * line of stdout, which the script checks.
 *   sip_peer answer LISTEN [--user U] [--proxy URI --options SECONDS]
 *       answers every call with G.711 audio and accepts every re-INVITE (T.38 or audio), until SIGTERM.
 *   sip_peer call LISTEN TARGET [--proxy URI] [--user U] [--password P] [--register] [--timer SECONDS]
 *                [--options SECONDS]
 *       with --register, registers first and stops unless that gets 200; then calls TARGET (unless it is
 *       "-") with an audio offer, accepts re-INVITEs, and exits when the call ends: 0 when it was answered.
 */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sip_ua.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int registration_status, end_status;
static bool answered;
static struct sip_call *current;

static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

static const char *kind_name(const struct sdp_desc *d)
{
    return d->kind == SDP_MEDIA_T38 ? "t38" : d->kind == SDP_MEDIA_AUDIO ? "audio" : "none";
}

static void on_log(void *user_data, int level, const char *message)
{
    (void) user_data;
    fprintf(stderr, "log %d %s\n", level, message);
}

static void on_media(void *user_data, const struct sdp_desc *remote, bool early)
{
    (void) user_data;
    say("media %s %s:%d%s", kind_name(remote), remote->address, remote->port, early ? " early" : "");
}

static void on_answered(void *user_data)
{
    (void) user_data;
    say("answered");
    pthread_mutex_lock(&lock);
    answered = true;
    pthread_mutex_unlock(&lock);
}

static void on_reinvite(void *user_data, const struct sdp_desc *offer)
{
    struct sdp_desc answer;
    (void) user_data;
    say("reinvite %s %s:%d", kind_name(offer), offer->address, offer->port);
    pthread_mutex_lock(&lock);
    if (sdp_answer(offer, "127.0.0.1", offer->kind == SDP_MEDIA_T38 ? 40002 : 40000, &answer))
        sip_call_accept_reinvite(current, &answer);
    else
        sip_call_reject_reinvite(current, 488);
    pthread_mutex_unlock(&lock);
}

static void on_reinvite_result(void *user_data, int status, const struct sdp_desc *answer)
{
    (void) user_data;
    say("reinvite-result %d %s", status, answer != NULL ? kind_name(answer) : "-");
}

static void on_ended(void *user_data, int status, const char *phrase)
{
    (void) user_data;
    say("ended %d %s", status, phrase);
    pthread_mutex_lock(&lock);
    end_status = status;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

static const struct sip_call_events call_events = {
    .on_media = on_media, .on_answered = on_answered, .on_reinvite = on_reinvite,
    .on_reinvite_result = on_reinvite_result, .on_ended = on_ended,
};

static void on_incoming(void *user_data, struct sip_call *call, const char *from, const char *to,
                        const struct sdp_desc *offer)
{
    struct sdp_desc answer;
    (void) user_data;
    say("incoming from %s to %s %s %s:%d", from, to, kind_name(offer), offer->address, offer->port);
    pthread_mutex_lock(&lock);
    sip_call_release(current);   /* one call at a time is all the scenarios need */
    current = call;
    if (sdp_answer(offer, "127.0.0.1", 40000, &answer))
        sip_call_answer(call, &answer, &call_events);
    else
        sip_call_reject(call, 488);
    pthread_mutex_unlock(&lock);
}

static void on_registration(void *user_data, int status, const char *phrase)
{
    (void) user_data;
    say("registration %d %s", status, phrase);
    pthread_mutex_lock(&lock);
    registration_status = status;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

static int wait_for(int *value)
{
    pthread_mutex_lock(&lock);
    while (*value == 0)
        pthread_cond_wait(&changed, &lock);
    int result = *value;
    pthread_mutex_unlock(&lock);
    return result;
}

static int usage(void)
{
    fprintf(stderr, "usage: sip_peer answer LISTEN [--user U] [--proxy URI --options SECONDS]\n"
                    "       sip_peer call LISTEN TARGET [--proxy URI] [--user U] [--password P] [--register]"
                    " [--timer SECONDS] [--options SECONDS]\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct sip_ua_config config = { 0 };
    struct sip_ua_events events = { .on_incoming = on_incoming, .on_registration = on_registration, .log = on_log };
    char error[256];
    sigset_t signals;

    if (argc < 3 || (strcmp(argv[1], "answer") != 0 && strcmp(argv[1], "call") != 0))
        return usage();
    bool calling = strcmp(argv[1], "call") == 0;
    const char *target = NULL;
    int first_option = 3;
    if (calling) {
        if (argc < 4)
            return usage();
        target = argv[3];
        first_option = 4;
    }
    config.listen = argv[2];
    for (int i = first_option; i < argc; i++) {
        if (strcmp(argv[i], "--register") == 0)
            config.register_with_proxy = true;
        else if (i + 1 < argc && strcmp(argv[i], "--proxy") == 0)
            config.proxy = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--user") == 0)
            config.user = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--password") == 0)
            config.password = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--timer") == 0)
            config.session_expires = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--options") == 0)
            config.options_interval = atoi(argv[++i]);
        else
            return usage();
    }
    /* SIGTERM/SIGINT end the answering peer; blocked here so that sigwait takes them. */
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);

    struct sip_ua *ua = sip_ua_new(&config, &events, error, sizeof(error));
    if (ua == NULL) {
        say("error %s", error);
        return 1;
    }
    say("listening %d", sip_ua_port(ua));
    int status = 0;
    if (!calling) {
        int signal;
        sigwait(&signals, &signal);
    } else if (config.register_with_proxy && wait_for(&registration_status) != 200) {
        status = 1;
    } else if (strcmp(target, "-") != 0) {
        struct sdp_desc offer;
        sdp_offer_audio(&offer, "127.0.0.1", 40000);
        pthread_mutex_lock(&lock);
        current = sip_ua_invite(ua, target, &offer, &call_events, error, sizeof(error));
        pthread_mutex_unlock(&lock);
        if (current == NULL) {
            say("error %s", error);
            status = 1;
        } else {
            wait_for(&end_status);
            status = answered ? 0 : 1;
        }
    }
    sip_ua_free(ua);
    sip_call_release(current);
    say("stopped");
    return status;
}
