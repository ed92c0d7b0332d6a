/*
 * faxd's SIP user agent (see sip_ua.h): sofia-sip's NUA on a thread of its own. Requests from other
 * threads go into a queue under a lock and a byte down a pipe wakes the UA's thread, which runs them:
 * sofia's objects are only ever touched by the thread that runs its event loop. Registration, digest
 * credentials and the OPTIONS keep-alive are in sip_ua_proxy.c; one call's signalling in sip_ua_call.c.
 */
#include "sip_ua_private.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <sofia-sip/su_log.h>

enum request_kind {
    REQUEST_INVITE,
    REQUEST_ANSWER,
    REQUEST_REJECT,
    REQUEST_REINVITE,
    REQUEST_ACCEPT_REINVITE,
    REQUEST_REJECT_REINVITE,
    REQUEST_HANGUP,
    REQUEST_STOP,
};

/* One function call from another thread, run on the UA's thread; it holds a reference to its call. */
struct request {
    enum request_kind kind;
    struct sip_call *call;
    struct sdp_desc sdp;
    struct sip_call_events events;
    int status;
    char *target;
    struct request *next;
};

static pthread_once_t su_once = PTHREAD_ONCE_INIT;

/* sofia logs to stderr by default; ours go through the configured callback only. */
extern su_log_t nua_log[], nta_log[], tport_log[], soa_log[], nea_log[], iptsec_log[], sresolv_log[], stun_log[];

/* sofia's transaction layer answers broken SIP itself (400 and the like) before any of our code sees it,
 * so its own words are the only record of what was refused: those lines (and nothing else of sofia's) go to
 * the stack log. */
static pthread_mutex_t stack_log_lock = PTHREAD_MUTEX_INITIALIZER;
static sip_log_fn *stack_log;
static void *stack_log_user_data;
/* nta says "METHOD (CSEQ) is PHRASE" for each request it answers itself with an error (and "is going to"
 * for an ACK matched to its INVITE, which is no refusal), and "received garbage" for what it drops. */
static bool is_refusal(const char *line)
{
    return (strstr(line, ") is ") != NULL && strstr(line, ") is going to ") == NULL)
           || strstr(line, "received garbage") != NULL;
}

void sip_ua_set_stack_log(sip_log_fn *log, void *user_data)
{
    pthread_mutex_lock(&stack_log_lock);
    stack_log = log;
    stack_log_user_data = user_data;
    pthread_mutex_unlock(&stack_log_lock);
}

static void nta_logger(void *stream, char const *format, va_list args)
{
    (void) stream;
    char line[300];
    vsnprintf(line, sizeof(line), format, args);
    line[strcspn(line, "\r\n")] = '\0';
    if (!is_refusal(line))
        return;
    pthread_mutex_lock(&stack_log_lock);
    if (stack_log != NULL)
        stack_log(stack_log_user_data, 4, line);
    pthread_mutex_unlock(&stack_log_lock);
}

static void su_setup(void)
{
    su_init();
    su_log_set_level(NULL, 0);
    su_log_t *logs[] = { su_log_default, su_log_global, nua_log, nta_log, tport_log, soa_log, nea_log, iptsec_log,
                         sresolv_log, stun_log };
    for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++)
        su_log_set_level(logs[i], 0);
    su_log_redirect(nta_log, nta_logger, NULL);
    su_log_set_level(nta_log, 5);   /* 5: where nta says why it refused a request */
}

void sip_ua_log(struct sip_ua *ua, int level, const char *format, ...)
{
    char message[512];
    va_list args;
    if (ua->events.log == NULL)
        return;
    va_start(args, format);
    vsnprintf(message, sizeof(message), format, args);
    va_end(args);
    ua->events.log(ua->events.user_data, level, message);
}

void sip_ua_add_call(struct sip_ua *ua, struct sip_call *call)
{
    call->next = ua->calls;
    ua->calls = call;
}

void sip_ua_remove_call(struct sip_ua *ua, struct sip_call *call)
{
    for (struct sip_call **p = &ua->calls; *p != NULL; p = &(*p)->next)
        if (*p == call) {
            *p = call->next;
            return;
        }
}

/* ---- stopping ----
 * Calls are hung up and the registration withdrawn, each transaction limited to STOP_TRANSACTION_MS
 * instead of SIP's 32 s; the un-REGISTER gets UNREGISTER_BOUND_MS, then its handle goes (which abandons
 * it) and nua_shutdown ends what is left. nua_destroy may only follow a finished shutdown, so the last
 * resort bound below leaves the stack to the process's exit rather than destroying it half-way. */

enum { STOP_TRANSACTION_MS = 2000, UNREGISTER_BOUND_MS = 3000, SHUTDOWN_BOUND_MS = 60000 };

static void shutdown_bound(struct sip_ua *ua, su_timer_t *timer, struct sip_ua *arg)
{
    (void) timer;
    (void) arg;
    sip_ua_log(ua, 3, "SIP stack did not shut down within %d ms; stopping without it", SHUTDOWN_BOUND_MS);
    ua->shutdown_incomplete = true;
    su_root_break(ua->root);
}

static void shut_down(struct sip_ua *ua)
{
    if (ua->shutdown_timer != NULL)
        return;
    if (ua->registration != NULL) {
        nua_handle_destroy(ua->registration);
        ua->registration = NULL;
    }
    if (ua->options != NULL) {
        nua_handle_destroy(ua->options);
        ua->options = NULL;
    }
    ua->shutdown_timer = su_timer_create(su_root_task(ua->root), SHUTDOWN_BOUND_MS);
    su_timer_set(ua->shutdown_timer, shutdown_bound, ua);
    nua_shutdown(ua->nua);
}

static void unregister_bound(struct sip_ua *ua, su_timer_t *timer, struct sip_ua *arg)
{
    (void) timer;
    (void) arg;
    sip_ua_log(ua, 4, "no answer to the un-REGISTER within %d ms", UNREGISTER_BOUND_MS);
    shut_down(ua);
}

void sip_ua_unregistered(struct sip_ua *ua)
{
    if (ua->stopping)
        shut_down(ua);
}

static void stop(struct sip_ua *ua)
{
    if (ua->stopping)
        return;
    ua->stopping = true;
    nua_set_params(ua->nua, NTATAG_SIP_T1X64(STOP_TRANSACTION_MS), TAG_END());
    for (struct sip_call *call = ua->calls; call != NULL; call = call->next)
        sip_call_do_hangup(call);
    if (ua->options_timer != NULL)
        su_timer_reset(ua->options_timer);
    if (ua->registration == NULL) {
        shut_down(ua);
        return;
    }
    ua->unregister_timer = su_timer_create(su_root_task(ua->root), UNREGISTER_BOUND_MS);
    su_timer_set(ua->unregister_timer, unregister_bound, ua);
    nua_unregister(ua->registration, TAG_END());
}

/* ---- the NUA callback ---- */

static void nua_callback(nua_event_t event, int status, char const *phrase, nua_t *nua, struct sip_ua *ua,
                         nua_handle_t *nh, struct sip_call *call, sip_t const *sip, tagi_t tags[])
{
    (void) nua;
    if (event == nua_r_shutdown) {
        if (status >= 200)
            su_root_break(ua->root);
        return;
    }
    if (nh != NULL && nh == ua->registration) {
        if (event == nua_r_register || event == nua_r_unregister)
            sip_ua_registration_event(ua, event, status, phrase, sip);
        return;
    }
    if (nh != NULL && nh == ua->options) {
        if (event == nua_r_options && status >= 300)
            sip_ua_log(ua, 4, "OPTIONS to %s: %d %s", ua->proxy, status, phrase);
        return;
    }
    sip_call_event(ua, event, status, phrase, nh, call, sip, tags);
}

/* ---- requests from other threads ---- */

static void push_request(struct sip_ua *ua, struct request *request)
{
    pthread_mutex_lock(&ua->lock);
    *ua->requests_tail = request;
    ua->requests_tail = &request->next;
    pthread_mutex_unlock(&ua->lock);
    char byte = 1;
    while (write(ua->wake[1], &byte, 1) < 0 && errno == EINTR)
        ;   /* a full pipe (EAGAIN) already means a wake-up is pending */
}

static struct request *new_request(enum request_kind kind, struct sip_call *call)
{
    struct request *request = calloc(1, sizeof(*request));
    if (request == NULL)
        return NULL;
    request->kind = kind;
    request->call = call;
    if (call != NULL)
        sip_call_ref(call);
    return request;
}

static void run_request(struct sip_ua *ua, struct request *r)
{
    char sdp[SIP_SDP_MAX];
    struct sip_call *call = r->call;

    if (call != NULL && (r->kind == REQUEST_INVITE || r->kind == REQUEST_ANSWER || r->kind == REQUEST_REINVITE ||
                         r->kind == REQUEST_ACCEPT_REINVITE)) {
        call->sdp_version++;
        if (sdp_write(sdp, sizeof(sdp), &r->sdp, call->sdp_id, call->sdp_version) < 0) {
            sip_ua_log(ua, 3, "our SDP could not be written (no media or too long)");
            sdp[0] = '\0';
        }
    }
    switch (r->kind) {
    case REQUEST_INVITE: sip_call_do_invite(call, r->target, sdp); break;
    case REQUEST_ANSWER: sip_call_do_answer(call, sdp, &r->events); break;
    case REQUEST_REJECT: sip_call_do_reject(call, r->status); break;
    case REQUEST_REINVITE: sip_call_do_reinvite(call, sdp); break;
    case REQUEST_ACCEPT_REINVITE: sip_call_do_accept_reinvite(call, sdp); break;
    case REQUEST_REJECT_REINVITE: sip_call_do_reject_reinvite(call, r->status); break;
    case REQUEST_HANGUP: sip_call_do_hangup(call); break;
    case REQUEST_STOP: stop(ua); break;
    }
}

static void free_request(struct request *request)
{
    if (request->call != NULL)
        sip_call_release(request->call);
    free(request->target);
    free(request);
}

static int on_wake(struct sip_ua *ua, su_wait_t *wait, struct sip_ua *arg)
{
    char bytes[64];
    (void) wait;
    (void) arg;
    while (read(ua->wake[0], bytes, sizeof(bytes)) > 0)
        ;
    pthread_mutex_lock(&ua->lock);
    struct request *requests = ua->requests;
    ua->requests = NULL;
    ua->requests_tail = &ua->requests;
    pthread_mutex_unlock(&ua->lock);
    while (requests != NULL) {
        struct request *next = requests->next;
        run_request(ua, requests);
        free_request(requests);
        requests = next;
    }
    return 0;
}

/* ---- the thread ---- */

static void report_start(struct sip_ua *ua, const char *error)
{
    pthread_mutex_lock(&ua->lock);
    if (error != NULL)
        snprintf(ua->start_error, sizeof(ua->start_error), "%s", error);
    ua->start_done = true;
    pthread_cond_signal(&ua->started);
    pthread_mutex_unlock(&ua->lock);
}

static int try_port(const char *host, int port);

static bool start_stack(struct sip_ua *ua)
{
    char url[160], allow[] = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE";
    snprintf(url, sizeof(url), strchr(ua->listen_host, ':') ? "sip:[%s]:%d" : "sip:%s:%d", ua->listen_host, ua->port);
    unsigned session_expires = ua->config.session_expires > 0 ? (unsigned) ua->config.session_expires : 1800;

    /* A port already taken is found here: sofia's nua_create fails on it too, but leaks what it had set up. */
    if (try_port(ua->listen_host, ua->port) == -1) {
        char error[256];
        snprintf(error, sizeof(error), "cannot listen for SIP on %s (UDP and TCP): %s", url, strerror(errno));
        report_start(ua, error);
        return false;
    }
    ua->root = su_root_create(ua);
    if (ua->root == NULL) {
        report_start(ua, "sofia-sip: no event loop");
        return false;
    }
    ua->nua = nua_create(ua->root, nua_callback, ua, NUTAG_URL(url), NUTAG_MEDIA_ENABLE(0), NUTAG_AUTOACK(1),
                         NUTAG_AUTOALERT(0), NUTAG_AUTOANSWER(0), NUTAG_ENABLEINVITE(1), NUTAG_ALLOW(allow),
                         NUTAG_SESSION_TIMER(session_expires), NUTAG_MIN_SE(90),
                         NUTAG_SESSION_REFRESHER(nua_any_refresher), NUTAG_UPDATE_REFRESH(1),
                         TAG_IF(sip_ua_user(ua) != NULL, NUTAG_M_USERNAME(sip_ua_user(ua))),
                         SIPTAG_USER_AGENT_STR("openfaxcom-faxd"), TAG_END());
    if (ua->nua == NULL) {
        char error[256];
        snprintf(error, sizeof(error), "cannot listen for SIP on %s (UDP and TCP)", url);
        report_start(ua, error);
        return false;
    }
    su_wait_create(&ua->wake_wait, ua->wake[0], SU_WAIT_IN);
    su_root_register(ua->root, &ua->wake_wait, on_wake, ua, 0);
    if (ua->config.register_with_proxy && ua->proxy != NULL)
        sip_ua_start_registration(ua);
    if (ua->config.options_interval > 0 && ua->proxy != NULL) {
        ua->options_timer = su_timer_create(su_root_task(ua->root), (su_duration_t) ua->config.options_interval * 1000);
        su_timer_set_for_ever(ua->options_timer, sip_ua_send_options, ua);
    }
    sip_ua_log(ua, 6, "SIP listening on %s", url);
    report_start(ua, NULL);
    return true;
}

static void *ua_thread(void *arg)
{
    struct sip_ua *ua = arg;
    if (start_stack(ua)) {
        su_root_run(ua->root);
        /* Whatever the shutdown did not end still gets its on_ended; then nothing of sofia's is left. */
        while (ua->calls != NULL)
            sip_call_do_abandon(ua->calls);
        if (ua->registration != NULL)
            nua_handle_destroy(ua->registration);
        if (ua->options != NULL)
            nua_handle_destroy(ua->options);
        su_timer_destroy(ua->options_timer);
        su_timer_destroy(ua->unregister_timer);
        su_timer_destroy(ua->shutdown_timer);
        su_root_unregister(ua->root, &ua->wake_wait, on_wake, ua);
        if (!ua->shutdown_incomplete)
            nua_destroy(ua->nua);
    }
    if (ua->root != NULL)
        su_root_destroy(ua->root);
    /* Requests that came too late hold references; drop them. */
    for (struct request *r = ua->requests, *next; r != NULL; r = next) {
        next = r->next;
        free_request(r);
    }
    ua->requests = NULL;
    return NULL;
}

/* ---- setting up ---- */

bool sip_parse_listen(const char *listen, char **host, int *port)
{
    const char *colon;
    size_t host_start = 0, host_length;
    if (listen == NULL)
        return false;
    if (listen[0] == '[') {
        const char *close = strchr(listen, ']');
        if (close == NULL || close[1] != ':')
            return false;
        host_start = 1;
        host_length = (size_t) (close - listen) - 1;
        colon = close + 1;
    } else {
        colon = strrchr(listen, ':');
        if (colon == NULL)
            return false;
        host_length = (size_t) (colon - listen);
    }
    char *end;
    long value = strtol(colon + 1, &end, 10);
    if (host_length == 0 || *end != '\0' || end == colon + 1 || value < 0 || value > 65535)
        return false;
    *host = strndup(listen + host_start, host_length);
    *port = (int) value;
    return *host != NULL;
}

/* Binds host:port (0: any) for UDP and then TCP, as sofia will, and lets both go: the port, -1 when it is
 * taken (errno says why), -2 when host is not an IP literal. */
static int try_port(const char *host, int port)
{
    bool v6 = strchr(host, ':') != NULL;
    struct sockaddr_storage address = { 0 };
    socklen_t length;
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *) &address;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t) port);
        if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
            return -2;
        length = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *) &address;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t) port);
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return -2;
        length = sizeof(*a);
    }
    int udp = socket(address.ss_family, SOCK_DGRAM, 0), tcp = socket(address.ss_family, SOCK_STREAM, 0), one = 1;
    int bound = -1, saved_errno = 0;
    if (tcp >= 0)
        setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));   /* as a listening socket is opened */
    if (udp >= 0 && tcp >= 0 && bind(udp, (struct sockaddr *) &address, length) == 0 &&
        getsockname(udp, (struct sockaddr *) &address, &length) == 0 &&
        bind(tcp, (struct sockaddr *) &address, length) == 0)
        bound = ntohs(v6 ? ((struct sockaddr_in6 *) &address)->sin6_port : ((struct sockaddr_in *) &address)->sin_port);
    else
        saved_errno = errno;
    if (udp >= 0)
        close(udp);
    if (tcp >= 0)
        close(tcp);
    errno = saved_errno;
    return bound;
}

/* A port free for both UDP and TCP at host, for a listen port of 0 (tests): sofia needs one number for both. */
static int free_port(const char *host)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        int port = try_port(host, 0);
        if (port > 0)
            return port;
        if (port == -2)
            return -1;
    }
    return -1;
}

static char *copy(const char *text)
{
    return text != NULL ? strdup(text) : NULL;
}

static void free_ua(struct sip_ua *ua)
{
    if (ua->wake[0] >= 0)
        close(ua->wake[0]);
    if (ua->wake[1] >= 0)
        close(ua->wake[1]);
    pthread_mutex_destroy(&ua->lock);
    pthread_cond_destroy(&ua->started);
    free(ua->listen_host);
    free(ua->proxy);
    free(ua->user);
    free(ua->number);
    free(ua->password);
    free(ua);
}

struct sip_ua *sip_ua_new(const struct sip_ua_config *config, const struct sip_ua_events *events,
                          char *error, size_t error_size)
{
    struct sip_ua *ua = calloc(1, sizeof(*ua));
    if (ua == NULL) {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    ua->wake[0] = ua->wake[1] = -1;
    pthread_mutex_init(&ua->lock, NULL);
    pthread_cond_init(&ua->started, NULL);
    ua->requests_tail = &ua->requests;
    ua->config = *config;
    if (events != NULL)
        ua->events = *events;
    if (!sip_parse_listen(config->listen, &ua->listen_host, &ua->port)) {
        snprintf(error, error_size, "listen address \"%s\" is not HOST:PORT or [IPV6]:PORT",
                 config->listen != NULL ? config->listen : "");
        free_ua(ua);
        return NULL;
    }
    ua->proxy = copy(config->proxy);
    ua->user = copy(config->user);
    ua->number = copy(config->number);
    ua->password = copy(config->password);
    ua->config.listen = NULL;
    ua->config.proxy = ua->proxy;
    ua->config.user = ua->user;
    ua->config.number = ua->number;
    ua->config.password = NULL;   /* one copy of the secret, in ua->password */
    if (ua->port == 0 && (ua->port = free_port(ua->listen_host)) < 0) {
        snprintf(error, error_size, "no free port for SIP at %s", ua->listen_host);
        free_ua(ua);
        return NULL;
    }
    if (pipe2(ua->wake, O_NONBLOCK | O_CLOEXEC) != 0) {
        snprintf(error, error_size, "pipe: %s", strerror(errno));
        free_ua(ua);
        return NULL;
    }
    pthread_once(&su_once, su_setup);
    if (pthread_create(&ua->thread, NULL, ua_thread, ua) != 0) {
        snprintf(error, error_size, "cannot start the SIP thread");
        free_ua(ua);
        return NULL;
    }
    pthread_mutex_lock(&ua->lock);
    while (!ua->start_done)
        pthread_cond_wait(&ua->started, &ua->lock);
    pthread_mutex_unlock(&ua->lock);
    if (ua->start_error[0] != '\0') {
        snprintf(error, error_size, "%s", ua->start_error);
        pthread_join(ua->thread, NULL);
        free_ua(ua);
        return NULL;
    }
    return ua;
}

int sip_ua_port(const struct sip_ua *ua)
{
    return ua->port;
}

void sip_ua_free(struct sip_ua *ua)
{
    if (ua == NULL)
        return;
    struct request *request = new_request(REQUEST_STOP, NULL);
    if (request != NULL)
        push_request(ua, request);
    pthread_join(ua->thread, NULL);
    free_ua(ua);
}

/* ---- the call functions: any thread ---- */

static void request_call(enum request_kind kind, struct sip_call *call, const struct sdp_desc *sdp, int status,
                         const struct sip_call_events *events)
{
    if (call == NULL)
        return;
    struct request *request = new_request(kind, call);
    if (request == NULL)
        return;
    if (sdp != NULL)
        request->sdp = *sdp;
    if (events != NULL)
        request->events = *events;
    request->status = status;
    push_request(call->ua, request);
}

struct sip_call *sip_ua_invite(struct sip_ua *ua, const char *target, const struct sdp_desc *offer,
                               const struct sip_call_events *events, char *error, size_t error_size)
{
    char uri[512], host[256];
    if (target == NULL || target[0] == '\0') {
        snprintf(error, error_size, "no target to call");
        return NULL;
    }
    if (strncmp(target, "sip:", 4) == 0 || strncmp(target, "sips:", 5) == 0) {
        snprintf(uri, sizeof(uri), "%s", target);
    } else if (ua->proxy == NULL) {
        snprintf(error, error_size, "\"%s\" is not a SIP URI and the line has no proxy to dial numbers at", target);
        return NULL;
    } else {
        sip_ua_proxy_host(ua->proxy, host, sizeof(host));
        const char *params = ua->proxy + strcspn(ua->proxy, ";?>");
        snprintf(uri, sizeof(uri), "sip:%s@%s%s", target, host, params[0] == ';' ? params : "");
    }
    struct sip_call *call = sip_call_create(ua, false);
    struct request *request = call != NULL ? new_request(REQUEST_INVITE, call) : NULL;
    if (request == NULL || (request->target = strdup(uri)) == NULL) {
        snprintf(error, error_size, "out of memory");
        if (request != NULL)
            free_request(request);
        if (call != NULL) {
            sip_call_release(call);
            sip_call_release(call);
        }
        return NULL;
    }
    call->events = *events;
    call->has_events = true;
    request->sdp = *offer;
    push_request(ua, request);
    return call;
}

void sip_call_answer(struct sip_call *call, const struct sdp_desc *answer, const struct sip_call_events *events)
{
    request_call(REQUEST_ANSWER, call, answer, 200, events);
}

void sip_call_reject(struct sip_call *call, int status)
{
    request_call(REQUEST_REJECT, call, NULL, status, NULL);
}

void sip_call_reinvite(struct sip_call *call, const struct sdp_desc *offer)
{
    request_call(REQUEST_REINVITE, call, offer, 0, NULL);
}

void sip_call_accept_reinvite(struct sip_call *call, const struct sdp_desc *answer)
{
    request_call(REQUEST_ACCEPT_REINVITE, call, answer, 200, NULL);
}

void sip_call_reject_reinvite(struct sip_call *call, int status)
{
    request_call(REQUEST_REJECT_REINVITE, call, NULL, status, NULL);
}

void sip_call_hangup(struct sip_call *call)
{
    request_call(REQUEST_HANGUP, call, NULL, 0, NULL);
}
