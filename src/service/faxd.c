/*
 * faxd: the fax service. Speaks the HylaFAX client protocol (sendfax, faxstat, faxrm and faxcom.dll
 * are its clients), keeps jobs durably in a spool, and sends them as T.30 calls over its lines.
 *   faxd [-c faxd.conf] [--spool DIR] [--listen ADDR:PORT] [--foreground]
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "net.h"
#include "privileges.h"
#include "queue.h"
#include "session.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

/* A session needs little stack. ThreadSanitizer keeps its per-thread state in static TLS, which glibc
 * takes out of the thread's stack (about 380 KiB of 512), and its frames are larger. */
#if defined(__SANITIZE_THREAD__)
#define SESSION_STACK_SIZE (4 * 1024 * 1024)
#else
#define SESSION_STACK_SIZE (512 * 1024)
#endif

struct session_start {
    struct faxd_server *server;
    int fd;
    char address[64];
};

static void *session_thread(void *argument)
{
    struct session_start start = *(struct session_start *)argument;
    free(argument);
    session_run(start.server, start.fd);
    guard_session_end(start.server->guard, start.address);
    atomic_fetch_sub(&start.server->sessions, 1);
    return NULL;
}

static void refuse(int fd, const char *reply)
{
    net_write_all(fd, reply, strlen(reply));
    close(fd);
}

static void accept_one(struct faxd_server *server, int listen_fd)
{
    int fd = net_accept(listen_fd, 0);
    struct session_start *start;
    struct sockaddr_storage peer = { 0 };
    socklen_t length = sizeof(peer);
    char address[64];
    pthread_attr_t attributes;
    pthread_t thread;

    if (fd < 0)
        return;
    getpeername(fd, (struct sockaddr *)&peer, &length);
    net_address_text(&peer, address, sizeof(address));
    if (atomic_fetch_add(&server->sessions, 1) >= server->config->max_sessions) {
        atomic_fetch_sub(&server->sessions, 1);
        refuse(fd, "421 Too many sessions; try again later.\r\n");
        faxd_log("connection from %s refused: %d sessions already", address, server->config->max_sessions);
        return;
    }
    if (!guard_session_begin(server->guard, address)) {   /* one address may not take every session */
        atomic_fetch_sub(&server->sessions, 1);
        refuse(fd, "421 Too many sessions from your address; try again later.\r\n");
        faxd_log("connection from %s refused: %d sessions from that address already", address,
                 server->config->max_sessions_per_address);
        return;
    }
    start = malloc(sizeof(*start));
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, SESSION_STACK_SIZE);
    if (start)
        *start = (struct session_start){ .server = server, .fd = fd };
    if (start)
        snprintf(start->address, sizeof(start->address), "%s", address);
    if (!start || pthread_create(&thread, &attributes, session_thread, start)) {
        free(start);
        close(fd);
        guard_session_end(server->guard, address);
        atomic_fetch_sub(&server->sessions, 1);
    }
    pthread_attr_destroy(&attributes);
}

static int usage(void)
{
    fprintf(stderr, "usage: faxd [-c faxd.conf] [--spool DIR] [--listen ADDR:PORT] [--foreground]\n");
    return 2;
}

/* faxd could not start: what it had set up goes, so that the sanitizer builds exit clean with the error. */
static int startup_failed(struct faxd_server *server, struct faxd_config *config)
{
    if (server->access)
        access_free(server->access);
    guard_free(server->guard);
    if (server->spool)
        spool_close(server->spool);
    faxd_config_free(config);
    return 1;
}

int main(int argc, char **argv)
{
    struct faxd_config config;
    const char *config_path = NULL, *spool_dir = NULL, *listen_address = NULL;
    bool foreground = false;
    char why[300];
    int listen_fds[FAXD_MAX_LISTEN];
    size_t listen_count = 0;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") && i + 1 < argc) config_path = argv[++i];
        else if (!strcmp(argv[i], "--spool") && i + 1 < argc) spool_dir = argv[++i];
        else if (!strcmp(argv[i], "--listen") && i + 1 < argc) listen_address = argv[++i];
        else if (!strcmp(argv[i], "--foreground")) foreground = true;
        else return usage();
    }
    faxd_config_defaults(&config);
    if (config_path && !faxd_config_load(&config, config_path, why, sizeof(why))) {
        fprintf(stderr, "faxd: %s\n", why);
        faxd_config_free(&config);
        return 1;
    }
    const char *test_time_of_day = getenv("FAXD_TEST_TIME_OF_DAY");
    if (test_time_of_day && !faxd_config_fix_time_of_day(&config, test_time_of_day, why, sizeof(why))) {
        fprintf(stderr, "faxd: %s\n", why);
        faxd_config_free(&config);
        return 1;
    }
    if (spool_dir) {
        free(config.spool);
        config.spool = strdup(spool_dir);
    }
    if (listen_address) {
        for (size_t i = 0; i < config.listen_count; i++)
            free(config.listen[i]);
        config.listen[0] = strdup(listen_address);
        config.listen_count = 1;
    }
    faxd_log_open(config.log_file);
    TIFFSetWarningHandler(NULL);
    if (config.time_of_day_fixed)
        faxd_log("FAXD_TEST_TIME_OF_DAY: discount windows are judged as if it were always %02d:%02d (tests only)",
                 config.fixed_minute_of_day / 60, config.fixed_minute_of_day % 60);

    struct faxd_server server = { .config = &config };
    gethostname(server.host, sizeof(server.host) - 1);
    if (spool_open(config.spool, &server.spool, why, sizeof(why)) != SPOOL_OK) {
        faxd_log("cannot open the spool: %s", why);
        return startup_failed(&server, &config);
    }
    if (!(server.access = access_load(config.access_file, why, sizeof(why)))) {
        faxd_log("cannot read the access rules: %s", why);
        return startup_failed(&server, &config);
    }
    if (!(server.guard = guard_new(config.max_sessions_per_address, config.max_login_failures, config.login_lockout))) {
        faxd_log("out of memory");
        return startup_failed(&server, &config);
    }
    for (size_t i = 0; i < config.listen_count; i++) {
        int fd = net_listen(config.listen[i], why, sizeof(why));
        if (fd < 0) {
            faxd_log("%s", why);
            return startup_failed(&server, &config);
        }
        listen_fds[listen_count++] = fd;
        faxd_log("listening on %s (port %d)", config.listen[i], net_local_port(fd));
    }
    if (!(server.queue = queue_open(&config, server.spool, why, sizeof(why)))) {
        faxd_log("cannot start the queue: %s", why);
        return startup_failed(&server, &config);
    }
    /* Every socket is bound (the lines' too): root is not needed any more. */
    if (config.user && !privileges_drop(config.user, config.spool, why, sizeof(why))) {
        faxd_log("cannot drop root: %s", why);
        queue_close(server.queue);
        return startup_failed(&server, &config);
    }
    if (config.user && geteuid() != 0)
        faxd_log("running as %s (uid %d)", config.user, (int)geteuid());
    else if (geteuid() == 0)
        faxd_log("running as root: set user in faxd.conf so that faxd drops it after binding");
    if (!foreground && daemon(0, 1) != 0) {
        faxd_log("cannot run in the background: %s", strerror(errno));
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction stop = { .sa_handler = on_signal };
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);
    queue_start(server.queue);
    faxd_log("ready: %zu line(s), spool %s", config.line_count, config.spool);

    while (!stop_requested) {
        struct pollfd polls[FAXD_MAX_LISTEN];
        for (size_t i = 0; i < listen_count; i++)
            polls[i] = (struct pollfd){ listen_fds[i], POLLIN, 0 };
        if (poll(polls, listen_count, 1000) <= 0)
            continue;
        for (size_t i = 0; i < listen_count; i++)
            if (polls[i].revents & POLLIN)
                accept_one(&server, listen_fds[i]);
    }
    faxd_log("stopping");
    for (size_t i = 0; i < listen_count; i++)
        close(listen_fds[i]);
    queue_close(server.queue);   /* calls in progress end; their jobs stay queued */
    faxd_log("stopped");
    _exit(0);   /* session threads may still hold sockets: the kernel closes them */
}
