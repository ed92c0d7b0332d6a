/*
 * The protocol client as faxcom.dll uses it: against a real faxd it logs in (with and without a
 * password), uploads a PostScript page, submits it to line 1002, waits until it is sent, lists the
 * queues and fetches the fax line 1002 received. Against a scripted server it meets what faxd never
 * does: a refused EPSV, a PASV aimed elsewhere, junk and oversized replies, 421, EOF mid-reply. And
 * the network failures: a closed port, a server that never speaks, a host that does not exist.
 * The protocol trace: its lines, masked passwords and transfer summaries, on a clock the test controls.
 * hfx_submit: one job as the COM DLLs submit it; hfx_prepare: the forms a document takes for faxd and for
 * HylaFAX; hfx_fetch_job_params: a job's parameters read back (winfax.dll's FaxGetJob, faxcom.dll's FaxJob).
 * hfx_trigger_open: SITE TRIGGER's lasting data connection, as fxscomex.dll's ListenToServerEvents opens it.
 *   test_hfx_client [FAXD]   (default build/native/faxd)
 */
#include <arpa/inet.h>
#include <crypt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#include "hfx_client.h"
#include "hfx_events.h"
#include "hfx_listings.h"
#include "hfx_prepare.h"
#include "hfx_submit.h"

#define TIMEOUT_MS 10000   /* above faxd's 2 s delay before "530 Login incorrect." */


static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* A listening socket on 127.0.0.1 with a port the kernel chose. */
static int listen_any(int *port)
{
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t length = sizeof(address);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof(address)) != 0 || listen(fd, 4) != 0
        || getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(address.sin_port);
    return fd;
}

static int free_port(void)
{
    int port = 0, fd = listen_any(&port);
    if (fd >= 0)
        close(fd);
    return port;
}

static bool contains(const char *text, const char *part)
{
    return text && strstr(text, part) != NULL;
}

/* One command's outcome, taken before it is checked: a check's message then shows what came back
 * (arguments to check() are evaluated in no fixed order). */
struct reply {
    enum hfx_status status;
    int code;
    const char *text;
    struct hfx_error error;
};

static struct reply command(struct hfx_client *client, const char *line)
{
    struct reply r;
    r.status = hfx_command(client, &r.code, &r.text, &r.error, "%s", line);
    return r;
}

static struct reply expect_2xx(struct hfx_client *client, const char *line)
{
    struct reply r;
    r.status = hfx_expect(client, 2, &r.text, &r.error, "%s", line);
    r.code = r.error.code;
    return r;
}

/* ---- network failures ---- */

static void test_network_failures(void)
{
    struct hfx_client *client = NULL;
    struct hfx_error error;
    int port = free_port(), listening_port;
    /* A refusal is HFX_ERR_CONNECT, not a timeout: the status proves it did not wait, however slow the
       machine, with a timeout long enough that slowness cannot turn it into one. */
    enum hfx_status status = hfx_connect("127.0.0.1", port, 60000, &client, &error);
    char where[40];

    snprintf(where, sizeof(where), "127.0.0.1:%d", port);
    check(status == HFX_ERR_CONNECT && !client, "closed port: refused, HFX_ERR_CONNECT (got %s)",
          hfx_strerror(status));
    check(contains(error.detail, where) && contains(error.detail, "connection refused"),
          "closed port: the detail names the address and the cause: \"%s\"", error.detail);

    /* the kernel completes the handshake for the backlog, but no greeting ever comes */
    int silent = listen_any(&listening_port);
    double start = now_seconds();
    status = hfx_connect("127.0.0.1", listening_port, 500, &client, &error);
    double took = now_seconds() - start;
    check(status == HFX_ERR_TIMEOUT && !client, "silent server: HFX_ERR_TIMEOUT (got %s: %s)", hfx_strerror(status),
          error.detail);
    /* Not before the 500 ms (slowness only adds); the upper bound is a hang guard, not a speed test. */
    check(took >= 0.45 && took < 60, "silent server: gave up after the 500 ms timeout (%.2f s)", took);
    check(contains(error.detail, "no reply within 500 ms"), "silent server: the detail says so: \"%s\"", error.detail);
    close(silent);

    status = hfx_connect("no-such-host.invalid", 4559, 3000, &client, &error);
    check(status == HFX_ERR_RESOLVE && !client, "bogus host: HFX_ERR_RESOLVE (got %s)", hfx_strerror(status));
    check(contains(error.detail, "no-such-host.invalid"), "bogus host: the detail names it: \"%s\"", error.detail);

    check(hfx_connect("127.0.0.1", 0, 1000, &client, &error) == HFX_ERR_ARGUMENT, "port 0 is refused");
    check(hfx_connect("127.0.0.1", 4559, 0, &client, NULL) == HFX_ERR_ARGUMENT, "a zero timeout is refused");
    for (int s = HFX_OK; s <= HFX_ERR_IO; s++)
        check(strlen(hfx_strerror((enum hfx_status)s)) > 5, "hfx_strerror(%d) says something", s);
}

static void test_quote(void)
{
    char out[64];

    check(hfx_quote("A \"B\" \\C", out, sizeof(out)) && !strcmp(out, "\"A \\\"B\\\" \\\\C\""),
          "hfx_quote escapes quotes and backslashes: %s", out);
    check(hfx_quote("", out, sizeof(out)) && !strcmp(out, "\"\""), "hfx_quote of an empty value");
    check(!hfx_quote("two\r\nlines", out, sizeof(out)) && !out[0], "hfx_quote refuses a line break");
    check(!hfx_quote("abcd", out, 6) && hfx_quote("abcd", out, 7), "hfx_quote needs room for quotes and NUL");
    check(!hfx_quote("a\"", out, 5) && hfx_quote("a\"", out, 6), "hfx_quote counts the escape");
}

/* ---- a scripted server ---- */

struct fake {
    int listen_fd, port;
    void (*serve)(struct fake *fake, int fd);
    pthread_t thread;
    char problem[400];   /* what the client did wrong, seen from the server */
};

static bool fake_read_line(int fd, char *line, size_t size)
{
    size_t n = 0;
    char c;

    while (read(fd, &c, 1) == 1) {
        if (c == '\n') {
            if (n > 0 && line[n - 1] == '\r')
                n--;
            line[n] = 0;
            return true;
        }
        if (n + 1 < size)
            line[n++] = c;
    }
    return false;
}

static void fake_send(int fd, const char *text)
{
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t n = write(fd, text, length);
        if (n <= 0)
            return;
        text += n;
        length -= (size_t)n;
    }
}

/* Reads the next command and checks it is the one expected. */
static bool fake_expect(struct fake *fake, int fd, const char *expected)
{
    char line[256];
    if (!fake_read_line(fd, line, sizeof(line))) {
        snprintf(fake->problem, sizeof(fake->problem), "the client closed before \"%s\"", expected);
        return false;
    }
    if (strcmp(line, expected) != 0) {
        snprintf(fake->problem, sizeof(fake->problem), "expected \"%s\", got \"%s\"", expected, line);
        return false;
    }
    return true;
}

static void *fake_thread(void *argument)
{
    struct fake *fake = argument;
    int fd = accept(fake->listen_fd, NULL, NULL);
    if (fd >= 0) {
        fake->serve(fake, fd);
        close(fd);
    }
    return NULL;
}

static bool fake_start(struct fake *fake, void (*serve)(struct fake *, int))
{
    memset(fake, 0, sizeof(*fake));
    fake->serve = serve;
    fake->listen_fd = listen_any(&fake->port);
    if (fake->listen_fd < 0 || pthread_create(&fake->thread, NULL, fake_thread, fake) != 0) {
        check(0, "a scripted server could not start");
        return false;
    }
    return true;
}

static void fake_finish(struct fake *fake, const char *scenario)
{
    pthread_join(fake->thread, NULL);
    close(fake->listen_fd);
    check(!fake->problem[0], "%s: the server saw: %s", scenario, fake->problem);
}

static void serve_grammar(struct fake *fake, int fd)
{
    static char huge[HFX_MAX_REPLY_LINE + 100];

    fake_send(fd, "220-Welcome\r\n    to the test\r\n220 ready.\r\n");
    if (!fake_expect(fake, fd, "NOOP"))
        return;
    fake_send(fd, "junk before the reply\r\n200-first\r\nnot a reply line\r\n 200 indented\r\n201 another code\r\n"
                  "200-still going\r\n200 last line\r\n");
    if (!fake_expect(fake, fd, "SYST"))
        return;
    fake_send(fd, "215 bare LF ends a line too\n");
    if (!fake_expect(fake, fd, "STAT"))
        return;
    memset(huge, 'x', sizeof(huge) - 3);
    memcpy(huge, "211 ", 4);
    memcpy(huge + sizeof(huge) - 3, "\r\n", 3);
    fake_send(fd, huge);
}

static void test_reply_grammar(void)
{
    struct fake fake;
    struct hfx_client *client;
    struct hfx_error error;
    struct reply r;

    if (!fake_start(&fake, serve_grammar))
        return;
    enum hfx_status status = hfx_connect("127.0.0.1", fake.port, 3000, &client, &error);
    check(status == HFX_OK && error.code == 220, "multi-line greeting: 220 (%s)", error.detail);
    if (client) {
        r = command(client, "NOOP");
        check(r.status == HFX_OK && r.code == 200 && !strcmp(r.text, "last line"),
              "multi-line reply: junk, indented and other-code lines skipped, the last line kept (%d \"%s\")",
              r.code, r.text);
        r = command(client, "SYST");
        check(r.status == HFX_OK && r.code == 215 && !strcmp(r.text, "bare LF ends a line too"),
              "a reply line ended by LF alone (\"%s\")", r.text);
        r = command(client, "STAT");
        check(r.status == HFX_ERR_PROTOCOL, "a reply line over %d bytes: HFX_ERR_PROTOCOL (%s)", HFX_MAX_REPLY_LINE,
              r.error.detail);
        r = command(client, "NOOP");
        check(r.status == HFX_ERR_CLOSED && contains(r.error.detail, "longer than"),
              "after a broken reply the session is over, and says why (%s)", r.error.detail);
        hfx_close(client);
    }
    fake_finish(&fake, "reply grammar");
}

static void serve_endings(struct fake *fake, int fd)
{
    fake_send(fd, "220 ready.\r\n");
    if (!fake_expect(fake, fd, "NOOP"))
        return;
    fake_send(fd, "200-a reply that never ends\r\n");   /* and the server goes away */
}

static void serve_goodbye(struct fake *fake, int fd)
{
    fake_send(fd, "220 ready.\r\n");
    if (fake_expect(fake, fd, "NOOP"))
        fake_send(fd, "421 Timeout (900 seconds): closing control connection.\r\n");
}

static void serve_busy(struct fake *fake, int fd)
{
    (void)fake;
    fake_send(fd, "421 Too many sessions; try again later.\r\n");
}

static void test_endings(void)
{
    struct fake fake;
    struct hfx_client *client;
    struct hfx_error error;

    if (fake_start(&fake, serve_endings)) {
        if (hfx_connect("127.0.0.1", fake.port, 3000, &client, &error) == HFX_OK) {
            check(hfx_command(client, NULL, NULL, &error, "NOOP") == HFX_ERR_CLOSED
                      && contains(error.detail, "closed the connection"),
                  "EOF inside a multi-line reply: HFX_ERR_CLOSED (%s)", error.detail);
            hfx_close(client);
        }
        fake_finish(&fake, "EOF mid-reply");
    }
    if (fake_start(&fake, serve_goodbye)) {
        if (hfx_connect("127.0.0.1", fake.port, 3000, &client, &error) == HFX_OK) {
            struct reply r = command(client, "NOOP");
            check(r.status == HFX_ERR_CLOSED && r.error.code == 421
                      && contains(r.error.detail, "closing control connection"),
                  "421: the server is gone (%d %s)", r.error.code, r.error.detail);
            check(hfx_command(client, NULL, NULL, &error, "NOOP") == HFX_ERR_CLOSED, "and stays gone");
            hfx_close(client);
        }
        fake_finish(&fake, "421");
    }
    if (fake_start(&fake, serve_busy)) {
        enum hfx_status status = hfx_connect("127.0.0.1", fake.port, 3000, &client, &error);
        check(status == HFX_ERR_REFUSED && error.code == 421 && contains(error.detail, "Too many sessions"),
              "a 421 greeting: HFX_ERR_REFUSED with the server's words (%d %s)", error.code, error.detail);
        fake_finish(&fake, "busy");
    }
}

/* EPSV is "not recognized": PASV to the right address works, PASV to another one is refused. */
static void serve_passive_fallback(struct fake *fake, int fd)
{
    char reply[100];
    int data_port, data_listen = listen_any(&data_port);

    fake_send(fd, "220 ready.\r\n");
    if (!fake_expect(fake, fd, "EPSV"))
        goto done;
    fake_send(fd, "500 EPSV: Command not recognized.\r\n");
    if (!fake_expect(fake, fd, "PASV"))
        goto done;
    snprintf(reply, sizeof(reply), "227 Entering passive mode (127,0,0,1,%d,%d)\r\n", data_port >> 8, data_port & 255);
    fake_send(fd, reply);
    if (!fake_expect(fake, fd, "LIST sendq"))
        goto done;
    fake_send(fd, "150 Opening new data connection for \"sendq\".\r\n");
    int data = accept(data_listen, NULL, NULL);
    fake_send(data, "1 W\r\n2 B\r\n");
    close(data);
    fake_send(fd, "226 Transfer complete.\r\n");

    if (!fake_expect(fake, fd, "EPSV"))
        goto done;
    fake_send(fd, "502 EPSV not implemented.\r\n");
    if (!fake_expect(fake, fd, "PASV"))
        goto done;
    snprintf(reply, sizeof(reply), "227 Entering passive mode (10,9,8,7,%d,%d)\r\n", data_port >> 8, data_port & 255);
    fake_send(fd, reply);
    if (fake_expect(fake, fd, "NOOP"))
        fake_send(fd, "200 NOOP command successful.\r\n");
done:
    close(data_listen);
}

static void test_passive_fallback(void)
{
    struct fake fake;
    struct hfx_client *client;
    struct hfx_error error;
    char *data = NULL;
    size_t size = 0;

    if (!fake_start(&fake, serve_passive_fallback))
        return;
    if (hfx_connect("127.0.0.1", fake.port, 3000, &client, &error) == HFX_OK) {
        enum hfx_status status = hfx_list(client, "sendq", &data, &size, &error);
        check(status == HFX_OK && size == 10 && !strcmp(data, "1 W\r\n2 B\r\n"),
              "EPSV refused (500): LIST went over PASV (%s)", error.detail);
        free(data);
        status = hfx_list(client, "doneq", &data, &size, &error);
        check(status == HFX_ERR_PROTOCOL && !data && contains(error.detail, "10.9.8.7"),
              "a PASV address other than the server's is refused (%s)", error.detail);
        check(hfx_command(client, NULL, NULL, &error, "NOOP") == HFX_OK, "and the session stays usable");
        hfx_close(client);
    }
    fake_finish(&fake, "PASV fallback");
}

/* A hostile server's listings: rows none of which can be read are no empty queue; one good row among them
 * is read; a data connection that stalls ends the session at the data timeout, with no wait for a reply. */
static void serve_listing(struct fake *fake, int fd, int data_listen, int data_port, const char *rows, bool stall)
{
    char reply[100];

    if (!fake_expect(fake, fd, "EPSV"))
        return;
    snprintf(reply, sizeof(reply), "229 Entering Extended Passive Mode (|||%d|)\r\n", data_port);
    fake_send(fd, reply);
    if (!fake_expect(fake, fd, "LIST sendq"))
        return;
    fake_send(fd, "150 Opening new data connection for \"sendq\".\r\n");
    int data = accept(data_listen, NULL, NULL);
    fake_send(data, rows);
    if (stall) {
        char line[256];
        fake_read_line(fd, line, sizeof(line));   /* until the client gives up and closes */
    } else {
        fake_send(fd, "226 Transfer complete.\r\n");
    }
    close(data);
}

static void serve_unreadable(struct fake *fake, int fd)
{
    static const char *const rows[] = { "not a row at all\r\n\x01\x02|\r\n",
                                        "garbage\r\n7|P|alice|1002|1|0||Bob|alice|tag|Waiting\r\n",
                                        "1|P|al" };
    int data_port, data_listen = listen_any(&data_port);

    fake_send(fd, "220 ready.\r\n");
    for (size_t i = 0; i < 3 && !fake->problem[0]; i++) {
        if (i < 2) {   /* hfx_fetch_jobs; then a bare hfx_list */
            if (!fake_expect(fake, fd, "JOBFMT \"" HFX_JOB_FORMAT "\""))
                break;
            fake_send(fd, "200 Format set.\r\n");
        }
        serve_listing(fake, fd, data_listen, data_port, rows[i], i == 2);
    }
    close(data_listen);
}

static void test_unreadable_listings(void)
{
    struct fake fake;
    struct hfx_client *client;
    struct hfx_job_row *jobs = NULL;
    struct hfx_error error;
    size_t count = 0, size;
    char *data = NULL;

    if (!fake_start(&fake, serve_unreadable))
        return;
    if (hfx_connect("127.0.0.1", fake.port, 1000, &client, &error) == HFX_OK) {
        enum hfx_status status = hfx_fetch_jobs(client, &jobs, &count, &error);
        check(status == HFX_ERR_PROTOCOL && !jobs && !count && contains(error.detail, "none of its 2 rows"),
              "a listing of nothing but unreadable rows is an error, not an empty queue (%s)", error.detail);
        status = hfx_fetch_jobs(client, &jobs, &count, &error);
        check(status == HFX_OK && count == 1 && jobs[0].id == 7, "one readable row among garbage is read (%zu; %s)",
              count, error.detail);
        hfx_job_rows_free(jobs, count);
        status = hfx_list(client, "sendq", &data, &size, &error);
        check(status == HFX_ERR_TIMEOUT && !data && contains(error.detail, "stalled"),
              "a stalled data connection is a timeout (%s)", error.detail);
        check(hfx_command(client, NULL, NULL, &error, "NOOP") == HFX_ERR_CLOSED,
              "and the session, out of step, is over (%s)", error.detail);
        hfx_close(client);
    }
    fake_finish(&fake, "unreadable listings");
}

/* A server that trickles a byte every 20 ms, each well within the timeout: the reply as a whole, and a
 * download's progress, are what the timeout bounds, so the calls fail instead of waiting on for ever. */
static void trickle(int fd)
{
    while (write(fd, "x", 1) == 1)
        usleep(20000);
}

static void serve_trickled_greeting(struct fake *fake, int fd)
{
    (void)fake;
    fake_send(fd, "220 ");
    trickle(fd);
}

static void serve_trickled_data(struct fake *fake, int fd)
{
    char reply[100];
    int data_port, data_listen = listen_any(&data_port);

    fake_send(fd, "220 ready.\r\n");
    if (fake_expect(fake, fd, "EPSV")) {
        snprintf(reply, sizeof(reply), "229 Entering Extended Passive Mode (|||%d|)\r\n", data_port);
        fake_send(fd, reply);
        if (fake_expect(fake, fd, "LIST sendq")) {
            fake_send(fd, "150 Opening new data connection for \"sendq\".\r\n");
            int data = accept(data_listen, NULL, NULL);
            trickle(data);
            close(data);
        }
    }
    close(data_listen);
}

static void test_trickle(void)
{
    struct fake fake;
    struct hfx_client *client = NULL;
    struct hfx_error error;
    char *data = NULL;
    size_t size;

    if (fake_start(&fake, serve_trickled_greeting)) {
        check(hfx_connect("127.0.0.1", fake.port, 300, &client, &error) == HFX_ERR_TIMEOUT && !client,
              "a greeting trickled a byte at a time is a timeout (%s)", error.detail);
        fake_finish(&fake, "trickled greeting");
    }
    if (fake_start(&fake, serve_trickled_data)) {
        if (hfx_connect("127.0.0.1", fake.port, 300, &client, &error) == HFX_OK) {
            check(hfx_list(client, "sendq", &data, &size, &error) == HFX_ERR_TIMEOUT && !data
                      && contains(error.detail, "stalled"),
                  "a listing trickled a byte at a time is a stalled data connection (%s)", error.detail);
            hfx_close(client);
        }
        fake_finish(&fake, "trickled data");
    }
}

/* ---- against faxd ---- */

struct faxd {
    pid_t pid;
    int port;
};

static bool wait_for_port(int port)
{
    for (int i = 0; i < 200; i++) {
        struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                       .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        bool up = connect(fd, (struct sockaddr *)&address, sizeof(address)) == 0;
        close(fd);
        if (up)
            return true;
        usleep(50 * 1000);
    }
    return false;
}

/* faxd with an access file: alice needs the password "secret", anyone else on loopback needs none. */
static bool start_faxd(const char *faxd_path, const char *work, struct faxd *faxd)
{
    char config[300], access[300], spool[300], log[300], listen_address[40];
    const char *hash = crypt("secret", "$6$hfxclienttest$");
    FILE *f;

    snprintf(config, sizeof(config), "%s/faxd.conf", work);
    snprintf(access, sizeof(access), "%s/hosts.faxd", work);
    snprintf(spool, sizeof(spool), "%s/spool", work);
    snprintf(log, sizeof(log), "%s/faxd.log", work);
    if (!hash || hash[0] != '$' || !(f = fopen(access, "w")))
        return false;
    fprintf(f, "^alice@:1:%s:\n127\\.0\\.0\\.1\n", hash);
    fclose(f);
    if (!(f = fopen(config, "w")))
        return false;
    fprintf(f, "access-file %s\nmax-document-size 1\n", access);   /* megabytes */
    fclose(f);
    faxd->port = free_port();
    snprintf(listen_address, sizeof(listen_address), "127.0.0.1:%d", faxd->port);
    faxd->pid = fork();
    if (faxd->pid == 0) {
        if (!freopen(log, "a", stdout) || !freopen(log, "a", stderr))
            _exit(127);
        execl(faxd_path, "faxd", "-c", config, "--spool", spool, "--listen", listen_address, "--foreground",
              (char *)NULL);
        _exit(127);
    }
    return faxd->pid > 0 && wait_for_port(faxd->port);
}

static void stop_faxd(struct faxd *faxd)
{
    int status;

    if (faxd->pid <= 0)
        return;
    kill(faxd->pid, SIGTERM);
    for (int i = 0; i < 100; i++) {
        if (waitpid(faxd->pid, &status, WNOHANG) == faxd->pid)
            return;
        usleep(50 * 1000);
    }
    kill(faxd->pid, SIGKILL);
    waitpid(faxd->pid, &status, 0);
}

static struct hfx_client *logged_in(int port, const char *user)
{
    struct hfx_client *client = NULL;
    struct hfx_error error;

    if (hfx_connect("127.0.0.1", port, TIMEOUT_MS, &client, &error) != HFX_OK) {
        check(0, "connect to faxd: %s", error.detail);
        return NULL;
    }
    if (hfx_login(client, user, NULL, &error) != HFX_OK) {
        check(0, "login as %s: %s", user, error.detail);
        hfx_close(client);
        return NULL;
    }
    return client;
}

static void test_login(int port)
{
    struct hfx_client *client;
    struct hfx_error error;
    enum hfx_status status = hfx_connect("localhost", port, TIMEOUT_MS, &client, &error);

    check(status == HFX_OK && error.code == 220, "connect by name (localhost): greeting 220 (%s)", error.detail);
    if (!client)
        return;
    status = hfx_login(client, "tester", NULL, &error);
    check(status == HFX_OK && error.code == 230, "tester logs in without a password (%d %s)", error.code,
          error.detail);
    hfx_close(client);

    if (hfx_connect("127.0.0.1", port, TIMEOUT_MS, &client, &error) != HFX_OK)
        return;
    status = hfx_login(client, "alice", NULL, &error);
    check(status == HFX_ERR_PASSWORD_NEEDED && error.code == 331,
          "alice without a password: HFX_ERR_PASSWORD_NEEDED (%d %s)", error.code, error.detail);
    status = hfx_login(client, "alice", "secret", &error);
    check(status == HFX_OK && error.code == 230, "then alice with her password, on the same session (%d %s)",
          error.code, error.detail);
    hfx_close(client);

    if (hfx_connect("127.0.0.1", port, TIMEOUT_MS, &client, &error) != HFX_OK)
        return;
    status = hfx_login(client, "alice", "wrong", &error);
    check(status == HFX_ERR_LOGIN && error.code == 530, "alice with a wrong password: HFX_ERR_LOGIN (%d %s)",
          error.code, error.detail);
    hfx_close(client);

    if (hfx_connect("127.0.0.1", port, TIMEOUT_MS, &client, &error) != HFX_OK)
        return;
    status = hfx_login(client, "alice", "secret", &error);
    check(status == HFX_OK, "alice with the right password (%s)", error.detail);
    hfx_close(client);
}

/* faxd stops reading past max-document-size: the server's refusal is what the caller sees. */
static void test_oversized_upload(struct hfx_client *client)
{
    size_t size = 3 * 1024 * 1024;
    char *big = malloc(size), *name = NULL;
    struct hfx_error error;

    if (!big)
        return;
    memset(big, 'x', size);
    memcpy(big, "%!PS\n", 5);
    enum hfx_status status = hfx_upload(client, "PS", big, size, &name, &error);
    check(status == HFX_ERR_REFUSED && !name && error.code / 100 == 5,
          "an upload over max-document-size: HFX_ERR_REFUSED with the server's reason (%d %s)", error.code,
          error.detail);
    free(big);
    free(name);
}

static void test_commands(int port)
{
    struct hfx_client *client = logged_in(port, "tester");
    struct hfx_error error;
    char *data, long_value[HFX_MAX_LINE + 10];
    enum hfx_status status;
    struct reply r;
    size_t size;

    if (!client)
        return;
    r = command(client, "STAT");
    check(r.status == HFX_OK && r.code == 211 && !strcmp(r.text, "End of status"),
          "STAT: the multi-line 211 read whole (%d \"%s\")", r.code, r.text);
    r = command(client, "HELP");
    check(r.status == HFX_OK && r.code == 214, "HELP: multi-line 214 (%d %s)", r.code, r.error.detail);
    r = expect_2xx(client, "TZONE GMT");
    check(r.status == HFX_OK, "TZONE GMT: 2xx (%s)", r.text);
    r = expect_2xx(client, "FOOBAR");
    check(r.status == HFX_ERR_REFUSED && r.code == 500 && contains(r.error.detail, "FOOBAR"),
          "an unknown command: HFX_ERR_REFUSED, 500, the server's words (%d %s)", r.code, r.error.detail);
    r = command(client, "NOOP\r\nJKILL 1");
    check(r.status == HFX_ERR_ARGUMENT, "a command with a line break is not sent (%s)", hfx_strerror(r.status));
    memset(long_value, 'x', sizeof(long_value) - 1);
    long_value[sizeof(long_value) - 1] = 0;
    r = command(client, long_value);
    check(r.status == HFX_ERR_ARGUMENT, "an over-long command is not sent (%s)", hfx_strerror(r.status));
    status = hfx_list(client, "nosuchdir", &data, &size, &error);
    check(status == HFX_ERR_REFUSED && error.code == 550 && !data, "LIST of a missing folder: HFX_ERR_REFUSED 550 (%d %s)",
          error.code, error.detail);
    status = hfx_retrieve(client, "/etc/passwd", &data, &size, &error);
    check(status == HFX_ERR_REFUSED && !data, "RETR outside what may be read: refused (%d %s)", error.code,
          error.detail);
    test_oversized_upload(client);
    r = command(client, "NOOP");
    check(r.status == HFX_OK && r.code == 200, "after the refusals the session is in step (%d %s)", r.code,
          r.error.detail);
    hfx_close(client);
}

/* The listings faxcom.dll reads, asked for and parsed as the DLL does (the parsers' own tests are in
 * test_hfx_rows.c): faxd's two loopback lines, their routing methods and status, the modem view a
 * HylaFAX client gets of them, and the send queue. */
static void test_listings(int port)
{
    struct hfx_client *client = logged_in(port, "tester");
    struct hfx_port_row *ports = NULL, *modems = NULL;
    struct hfx_route_row *routes = NULL;
    struct hfx_job_row *jobs = NULL;
    struct hfx_port_status status;
    struct hfx_error error = { 0 };
    size_t count = 0, modem_count = 0, job_count = 0;

    if (!client)
        return;
    check(hfx_fetch_ports(client, HFX_PORTS_FAXD, &ports, &count, &error) == HFX_OK && count == 2
              && !strcmp(ports[0].name, "loop1001") && ports[0].device_id == 1 && !strcmp(ports[1].number, "1002"),
          "SITE FAXD PORTS: faxd's 2 lines (%zu; %s)", count, error.detail);
    if (count) {
        check(hfx_fetch_routes(client, ports[0].name, &routes, &count, &error) == HFX_OK && count == 3
                  && !strcmp(routes[0].guid, "{92041a90-9af2-11d0-abf7-00c04fd91a4e}"),
              "SITE FAXD ROUTES: 3 methods, the folder first (%s)", error.detail);
        check(hfx_fetch_status(client, ports[0].name, &status, &error) == HFX_OK && status.description[0]
                  && !strcmp(status.csid, ports[0].csid), "SITE FAXD STATUS: \"%s\" (%s)", status.description,
              error.detail);
    }
    check(hfx_fetch_ports(client, HFX_PORTS_HYLAFAX, &modems, &modem_count, &error) == HFX_OK && modem_count == 2
              && !strcmp(modems[1].name, "loop1002") && modems[1].device_id == 2 && !modems[1].can_modify,
          "MDMFMT + LIST status: the same lines as a HylaFAX client sees them (%zu; %s)", modem_count, error.detail);
    check(hfx_fetch_jobs(client, &jobs, &job_count, &error) == HFX_OK,
          "JOBFMT + LIST sendq: read (%zu jobs; %s)", job_count, error.detail);
    free(routes);
    check(hfx_fetch_routes(client, "nosuchport", &routes, &count, &error) == HFX_ERR_REFUSED
              && !routes && !count, "SITE FAXD ROUTES of a port that does not exist: refused (%s)", error.detail);
    free(ports);
    free(modems);
    hfx_job_rows_free(jobs, job_count);
    hfx_close(client);
}

static const char postscript[] = "%!PS\n/Helvetica findfont 30 scalefont setfont 72 600 moveto (hfx client) show "
                                 "showpage\n";

/* Values that need quoting come back from JPARM as they went in. */
static void test_quote_round_trip(struct hfx_client *client)
{
    static const char *values[] = { "A \"quoted\" name", "back\\slash", "\\\"both\\\\", "trailing \\", "",
                                    "caf\xc3\xa9 \xc3\xbcml\xc3\xa4ut" };
    char quoted[200], line[250];

    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        check(hfx_quote(values[i], quoted, sizeof(quoted)), "quote [%s]", values[i]);
        snprintf(line, sizeof(line), "JPARM TOCOMPANY %s", quoted);
        struct reply r = expect_2xx(client, line);
        check(r.status == HFX_OK, "%s accepted (%s)", line, r.error.detail);
        r = expect_2xx(client, "JPARM TOCOMPANY");
        check(r.status == HFX_OK && !strcmp(r.text, values[i]), "JPARM TOCOMPANY reads back [%s] (got [%s])",
              values[i], r.text);
    }
}

static unsigned new_job(struct hfx_client *client)
{
    struct hfx_error error;
    const char *text, *id;

    if (hfx_expect(client, 2, &text, &error, "JNEW") != HFX_OK || !(id = strstr(text, "jobid:"))) {
        check(0, "JNEW: %s", error.detail);
        return 0;
    }
    return (unsigned)strtoul(id + 6, NULL, 10);
}

static bool wait_until_done(struct hfx_client *client, unsigned job)
{
    struct hfx_error error;
    const char *text = "";

    /* after JSUBM the session's current job is a new default one */
    if (hfx_expect(client, 2, &text, &error, "JOB %u", job) != HFX_OK) {
        check(0, "JOB %u: %s", job, error.detail);
        return false;
    }
    for (int i = 0; i < 600; i++) {
        if (hfx_expect(client, 2, &text, &error, "JPARM STATE") != HFX_OK)
            break;
        if (!strcmp(text, "DONE") || !strcmp(text, "FAILED"))
            break;
        usleep(100 * 1000);
    }
    check(!strcmp(text, "DONE"), "job %u reached DONE (state %s)", job, text);
    return !strcmp(text, "DONE");
}

static bool wait_for_received(struct hfx_client *client)
{
    struct hfx_error error;
    char *data = NULL;
    size_t size;
    bool found = false;

    check(hfx_expect(client, 2, NULL, &error, "RCVFMT \"%%f|%%o\"") == HFX_OK, "RCVFMT with a custom format");
    for (int i = 0; i < 600 && !found; i++) {   /* at least 60 s, as for the job: a hang guard */
        if (hfx_list(client, "recvq", &data, &size, &error) != HFX_OK)
            break;
        found = contains(data, "fax00000001.tif|");
        free(data);
        if (!found)
            usleep(100 * 1000);
    }
    check(found, "LIST recvq shows fax00000001.tif in the custom format (%s)", error.detail);
    return found;
}

static void test_send_and_receive(int port)
{
    struct hfx_client *client = logged_in(port, "tester");
    struct hfx_error error;
    char *name = NULL, *data = NULL, expected[40];
    enum hfx_status status;
    struct reply r;
    size_t size = 0;
    unsigned job;

    if (!client)
        return;
    status = hfx_upload(client, "PS", postscript, strlen(postscript), &name, &error);
    check(status == HFX_OK && name && !strncmp(name, "/tmp/doc", 8) && strstr(name, ".ps"),
          "STOT of a PostScript page: a server file name (%s; %s)", name ? name : "none", error.detail);
    if (!name || !(job = new_job(client))) {
        free(name);
        hfx_close(client);
        return;
    }
    r = command(client, "JPARM");
    check(r.status == HFX_OK && r.code == 217 && contains(r.text, "End of job"),
          "JPARM with no arguments: the multi-line 217 read whole (%d \"%s\")", r.code, r.text);
    test_quote_round_trip(client);
    check(hfx_expect(client, 2, NULL, &error, "JPARM FROMUSER \"tester\"") == HFX_OK
              && hfx_expect(client, 2, NULL, &error, "JPARM LASTTIME 000259") == HFX_OK
              && hfx_expect(client, 2, NULL, &error, "JPARM MAXDIALS 12") == HFX_OK
              && hfx_expect(client, 2, NULL, &error, "JPARM DIALSTRING \"1002\"") == HFX_OK
              && hfx_expect(client, 2, NULL, &error, "JPARM DOCUMENT %s", name) == HFX_OK
              && hfx_expect(client, 2, NULL, &error, "JSUBM") == HFX_OK,
          "job %u to 1002 set up and submitted (%s)", job, error.detail);
    free(name);
    r = command(client, "JPARM DOCUMENT");
    check(r.status == HFX_OK && r.code == 213 && !strcmp(r.text, "End of documents."),
          "JPARM DOCUMENT: the multi-line 213 (%d \"%s\")", r.code, r.text);
    if (!wait_until_done(client, job)) {
        hfx_close(client);
        return;
    }

    check(hfx_expect(client, 2, NULL, &error, "JOBFMT \"%%j|%%a|%%o\"") == HFX_OK, "JOBFMT with a custom format");
    snprintf(expected, sizeof(expected), "%u|D|tester\r\n", job);
    status = hfx_list(client, "doneq", &data, &size, &error);
    check(status == HFX_OK && contains(data, expected) && size == strlen(data),
          "LIST doneq: the job in the custom format (%s)", data ? data : error.detail);
    free(data);
    snprintf(expected, sizeof(expected), "%u|", job);
    status = hfx_list(client, "sendq", &data, &size, &error);
    check(status == HFX_OK && !contains(data, expected), "LIST sendq: the job has left it (%s)",
          data ? data : error.detail);
    free(data);
    status = hfx_list(client, "archive", &data, &size, &error);   /* always empty on faxd */
    check(status == HFX_OK && data && size == 0 && !*data, "an empty LIST is an empty answer, not an error (%s)",
          data ? "" : error.detail);
    free(data);
    status = hfx_list(client, "status", &data, &size, &error);
    check(status == HFX_OK && contains(data, "Running"), "LIST status: the server is running (%s)",
          data ? data : error.detail);
    free(data);

    if (wait_for_received(client)) {
        status = hfx_names(client, "recvq", &data, &size, &error);
        check(status == HFX_OK && contains(data, "fax00000001.tif"), "NLST recvq names the fax (%s)",
              data ? data : error.detail);
        free(data);
        status = hfx_retrieve(client, "recvq/fax00000001.tif", &data, &size, &error);
        check(status == HFX_OK && size > 100 && !memcmp(data, "II*\0", 4),
              "RETR recvq/fax00000001.tif: a TIFF of %zu bytes (%s)", size, error.detail);
        free(data);
    }
    hfx_close(client);
}

/* hfx_submit, as both COM DLLs submit a job: a parameter that cannot be sent fails before any command, a
 * refused document drops the unsubmitted job, and a good job is queued with what was added (its SENDTIME in
 * 2099 keeps it from dialling; it is killed at the end). */
static void test_submit(int port)
{
    struct hfx_client *client = logged_in(port, "tester");
    struct hfx_job *job = calloc(1, sizeof(*job));
    struct hfx_error error;
    char *name = NULL, line[64];
    long id = -1;
    struct reply r;

    if (!client || !job) {
        free(job);
        hfx_close(client);
        return;
    }
    hfx_job_add(job, "TOUSER", "Bob\nEvil: yes");
    hfx_job_add(job, "TOUSER", "Bob\r\nJKILL 1");
    check(job->refused && !strcmp(job->refused, "TOUSER") && job->count == 0,
          "a value with a line break is refused, not added (%s, %d)", job->refused ? job->refused : "none", job->count);
    check(hfx_submit(client, job, NULL, "/tmp/none", &id, &error) == HFX_ERR_ARGUMENT && id == 0
              && contains(error.detail, "TOUSER"),
          "hfx_submit of a refused parameter fails before any command (%s)", error.detail);
    memset(job, 0, sizeof(*job));
    hfx_job_add(job, "DIALSTRING", "1002");
    hfx_job_add(job, "TOUSER", "");   /* left out: the server's default applies */
    check(job->count == 1 && !job->refused, "an empty value is left out (%d)", job->count);
    check(hfx_submit(client, job, NULL, "/tmp/not-mine.ps", &id, &error) == HFX_ERR_REFUSED && id == 0
              && error.code == 550, "a document the session did not upload: 550 and no job (%d %s)", error.code,
          error.detail);
    r = command(client, "JPARM DIALSTRING");
    check(r.status == HFX_OK && r.code == 213 && !strcmp(r.text, ""),
          "after a failed submission the session is back on the default job (%d \"%s\")", r.code, r.text);

    if (hfx_upload(client, "PS", postscript, strlen(postscript), &name, &error) != HFX_OK) {
        check(0, "upload: %s", error.detail);
    } else {
        hfx_job_add(job, "TOUSER", "Bob \"the builder\"");
        hfx_job_add(job, "SENDTIME", "209901010000");
        check(hfx_submit(client, job, NULL, name, &id, &error) == HFX_OK && id > 0, "a job submitted: %ld (%s)", id,
              error.detail);
        snprintf(line, sizeof(line), "JOB %ld", id);
        command(client, line);
        r = command(client, "JPARM TOUSER");
        check(r.status == HFX_OK && r.code == 213 && !strcmp(r.text, "Bob \"the builder\""),
              "the job carries its parameters, quoted on the way (%d \"%s\")", r.code, r.text);
        snprintf(line, sizeof(line), "JKILL %ld", id);
        r = command(client, line);
        check(r.status == HFX_OK && r.code / 100 == 2, "the job is killed (%d %s)", r.code, r.text);
    }
    free(name);
    free(job);
    hfx_close(client);
}

/* The forms a document takes for faxd (which renders text) and for HylaFAX (PostScript only). */
static void test_prepare(void)
{
    struct hfx_upload upload;
    struct cover_fields cover = { .to = "Ada", .from = "Grace", .subject = "Figures" };
    char *junk = malloc(4);

    check(hfx_prepare_document(strdup("plain text\n"), 11, true, &upload) == HFX_PREPARE_OK
              && !strcmp(upload.form, "PS") && !memcmp(upload.data, "plain text", 10),
          "text to faxd: as it is, form PS");
    free(upload.data);
    check(hfx_prepare_document(strdup("plain text\n"), 11, false, &upload) == HFX_PREPARE_OK
              && !strcmp(upload.form, "PS") && !memcmp(upload.data, "%!", 2), "text to HylaFAX: PostScript");
    free(upload.data);
    check(hfx_prepare_document(strdup("%PDF-1.4\n"), 9, false, &upload) == HFX_PREPARE_OK
              && !strcmp(upload.form, "PDF"), "PDF as it is");
    free(upload.data);
    memcpy(junk, "\0\1\2\3", 4);
    check(hfx_prepare_document(junk, 4, true, &upload) == HFX_PREPARE_UNKNOWN_TYPE && !upload.data,
          "bytes of no known type are refused (and freed)");
    check(hfx_prepare_cover(&cover, false, &upload) == HFX_PREPARE_OK && !strcmp(upload.form, "PS")
              && !memcmp(upload.data, "%!", 2), "the cover page for HylaFAX: PostScript");
    free(upload.data);
    check(hfx_prepare_cover(&cover, true, &upload) == HFX_PREPARE_OK && !strcmp(upload.form, "PS")
              && strstr(upload.data, "Ada"), "the cover page for faxd: its text");
    free(upload.data);
}

/* A job's parameters read back: the quoted value as it went in, "" for a name the server refuses. */
static void test_job_params(int port)
{
    static const char *const names[] = { "TOUSER", "BILLINGCODE", "NOSUCHPARAMETER" };
    struct hfx_client *client = logged_in(port, "tester");
    struct hfx_job *job = calloc(1, sizeof(*job));
    struct hfx_error error = { 0 };
    char *name = NULL, *values[3], line[32];
    long id = 0;

    if (!client || !job || hfx_upload(client, "PS", postscript, strlen(postscript), &name, &error) != HFX_OK) {
        check(0, "a session and an upload for the job-parameter test (%s)", error.detail);
        free(job);
        hfx_close(client);
        return;
    }
    hfx_job_add(job, "DIALSTRING", "1002");
    hfx_job_add(job, "TOUSER", "A \"quoted\" name");
    hfx_job_add(job, "BILLINGCODE", "B-7");
    hfx_job_add(job, "SENDTIME", "209901010000");
    check(hfx_submit(client, job, NULL, name, &id, &error) == HFX_OK && id > 0, "a job to read back (%s)",
          error.detail);
    check(hfx_fetch_job_params(client, id, names, 3, values, &error) == HFX_OK && values[0]
              && !strcmp(values[0], "A \"quoted\" name") && !strcmp(values[1], "B-7") && !strcmp(values[2], ""),
          "hfx_fetch_job_params: the quoted name, the billing code, \"\" for a name faxd refuses (%s)", error.detail);
    for (int i = 0; i < 3; i++)
        free(values[i]);
    check(hfx_fetch_job_params(client, 999999, names, 1, values, &error) == HFX_ERR_REFUSED && !values[0],
          "hfx_fetch_job_params of no job: refused, nothing returned");
    snprintf(line, sizeof(line), "JKILL %ld", id);
    command(client, line);
    free(name);
    free(job);
    hfx_close(client);
}

/* ---- SITE TRIGGER ---- */

struct job_seen {
    long id;
    int created, killed, reaped;
};

static void on_job(void *context, const struct hfx_event *event)
{
    struct job_seen *seen = context;

    if (event->event_class == HFX_EVENT_JOB && strtol(event->job_id, NULL, 10) == seen->id) {
        seen->created += event->code == HFX_JOB_CREATE;
        seen->killed += event->code == HFX_JOB_KILL;
        seen->reaped += event->code == HFX_JOB_REAP;
    }
}

/* A job submitted and killed on one session arrives as event lines on another session's trigger (the same
 * user's: with an access file, a user without ADMIN sees only their own jobs' events); a spec faxd refuses
 * is HFX_ERR_REFUSED with its reason, and that session goes on. */
static void test_trigger(int port)
{
    struct hfx_client *watcher = logged_in(port, "tester"), *submitter = logged_in(port, "tester");
    struct hfx_job *job = calloc(1, sizeof(*job));
    struct hfx_event_reader reader = { .used = 0 };
    struct job_seen seen = { 0, 0, 0, 0 };
    struct hfx_error error;
    netio_socket data = 0;
    char bytes[512], *name = NULL, line[64];

    if (!watcher || !submitter || !job)
        goto done;
    check(hfx_trigger_open(watcher, "", &data, &error) == HFX_ERR_ARGUMENT && data == NETIO_INVALID,
          "an empty trigger spec is refused before any command (%s)", error.detail);
    check(hfx_trigger_open(watcher, "J<999999>*", &data, &error) == HFX_ERR_REFUSED && data == NETIO_INVALID
              && error.code == 504 && contains(error.detail, "does not exist"),
          "a trigger on a job that does not exist: refused with faxd's reason (%d %s)", error.code, error.detail);
    check(command(watcher, "NOOP").status == HFX_OK && command(watcher, "NOOP").code == 200,
          "the session goes on in step after the refusal");
    if (hfx_trigger_open(watcher, "J*", &data, &error) != HFX_OK) {
        check(0, "SITE TRIGGER J*: %s", error.detail);
        goto done;
    }
    hfx_job_add(job, "DIALSTRING", "1002");
    hfx_job_add(job, "SENDTIME", "209901010000");   /* it waits, and is killed */
    if (hfx_upload(submitter, "PS", postscript, strlen(postscript), &name, &error) != HFX_OK
        || hfx_submit(submitter, job, NULL, name, &seen.id, &error) != HFX_OK) {
        check(0, "a job to watch: %s", error.detail);
        netio_close(data);
        goto done;
    }
    snprintf(line, sizeof(line), "JKILL %ld", seen.id);
    check(expect_2xx(submitter, line).status == HFX_OK, "job %ld killed on the other session", seen.id);
    for (int i = 0; i < 600 && !seen.reaped; i++) {   /* a hang guard: 60 s and more */
        size_t received = 0;
        enum netio_status status = netio_receive(data, bytes, sizeof(bytes), &received, 100);
        if (status == NETIO_ERR_TIMEOUT)
            continue;
        if (status != NETIO_OK || !received)
            break;
        hfx_event_reader_feed(&reader, bytes, received, on_job, &seen);
    }
    check(seen.created == 1 && seen.killed == 1 && seen.reaped == 1,
          "the trigger's lines say job %ld was created, killed and reaped (%d, %d, %d)", seen.id, seen.created,
          seen.killed, seen.reaped);
    check(reader.malformed == 0, "every line decodes (%u malformed)", reader.malformed);
    check(command(watcher, "NOOP").code == 200, "the control connection answers while the trigger runs");
    netio_close(data);
done:
    free(name);
    free(job);
    hfx_close(watcher);
    hfx_close(submitter);
}

/* ---- the protocol trace ---- */

/* What a trace callback received, on a clock that moves 5 ms each time it is read. */
struct trace_log {
    char text[8192];
    long long now;
    int releases;
};

static void trace_write(void *context, const char *line)
{
    struct trace_log *log = context;
    size_t used = strlen(log->text);
    snprintf(log->text + used, sizeof(log->text) - used, "%s\n", line);
}

static long long trace_clock_ms(void *context)
{
    return ((struct trace_log *)context)->now += 5;
}

static void trace_release(void *context)
{
    ((struct trace_log *)context)->releases++;
}

static struct hfx_trace trace_to(struct trace_log *log)
{
    memset(log, 0, sizeof(*log));
    return (struct hfx_trace){ trace_write, trace_clock_ms, trace_release, log };
}

static void test_trace_mask(void)
{
    static const struct { const char *command, *shown; } cases[] = {
        { "PASS secret", "PASS ****" }, { "pass secret", "pass ****" }, { "ADMIN rootpw", "ADMIN ****" },
        { "PASSWD old new", "PASSWD ****" }, { "SITE ADDUSER ^bob@ pw adminpw", "SITE ADDUSER ^bob@ ****" },
        { "site adduser ^bob@", "site adduser ^bob@" }, { "PASS", "PASS" }, { "USER alice", "USER alice" },
        { "PASSIVE secret", "PASSIVE secret" }, { "JPARM PASS x", "JPARM PASS x" },
    };
    char shown[64];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hfx_trace_mask(cases[i].command, shown, sizeof(shown));
        check(!strcmp(shown, cases[i].shown), "the trace shows \"%s\" as \"%s\" (got \"%s\")", cases[i].command,
              cases[i].shown, shown);
    }
    hfx_trace_mask("PASS a-rather-long-secret", shown, 8);
    check(!strstr(shown, "secret"), "a short buffer cuts the mask, never shows the secret (\"%s\")", shown);
}

static void serve_traced(struct fake *fake, int fd)
{
    fake_send(fd, "220 ready.\r\n");
    if (!fake_expect(fake, fd, "USER alice"))
        return;
    fake_send(fd, "331 Password required for alice.\r\n");
    if (!fake_expect(fake, fd, "PASS s3cret"))
        return;
    fake_send(fd, "230 User alice logged in.\r\n");
    if (!fake_expect(fake, fd, "ADMIN r00tpw"))
        return;
    fake_send(fd, "530 Password incorrect.\r\n");
    if (!fake_expect(fake, fd, "SITE FAXD PORTS"))
        return;
    fake_send(fd, "213-1001\r\n213-1002\r\n213 End of ports.\r\n");
    if (!fake_expect(fake, fd, "STAT"))
        return;
    fake_send(fd, "211 forged\rline\r\n");
    fake_expect(fake, fd, "NOOP");   /* read before going away, so the client's send cannot meet a reset */
}

static void test_trace(void)
{
    struct trace_log log;
    struct hfx_trace trace = trace_to(&log);
    struct hfx_client *client;
    struct hfx_error error;
    struct fake fake;
    char *lines = NULL, expected[1400];
    int port = free_port();

    check(hfx_connect_traced("127.0.0.1", port, 3000, &trace, &client, &error) == HFX_ERR_CONNECT,
          "traced connect to a closed port fails as untraced");
    snprintf(expected, sizeof(expected), "127.0.0.1:%d !! 127.0.0.1:%d: connection refused (5 ms)\n", port, port);
    check(!strcmp(log.text, expected) && log.releases == 1,
          "the trace of a refused connect: one failure line, then released once (%d): %s", log.releases, log.text);

    if (!fake_start(&fake, serve_traced))
        return;
    trace = trace_to(&log);
    if (hfx_connect_traced("127.0.0.1", fake.port, 3000, &trace, &client, &error) != HFX_OK) {
        check(0, "traced connect: %s", error.detail);
        fake_finish(&fake, "trace");
        return;
    }
    check(hfx_login(client, "alice", "s3cret", &error) == HFX_OK, "traced login (%s)", error.detail);
    check(hfx_command(client, NULL, NULL, &error, "ADMIN r00tpw") == HFX_OK, "ADMIN, refused with 530");
    check(hfx_lines(client, &lines, &error, "SITE FAXD PORTS") == HFX_OK, "a multi-line reply (%s)", error.detail);
    free(lines);
    check(command(client, "STAT").status == HFX_OK, "a reply with a CR inside");
    check(command(client, "NOOP").status == HFX_ERR_CLOSED, "the server that went away");
    hfx_close(client);
    fake_finish(&fake, "trace");
    snprintf(expected, sizeof(expected),
             "127.0.0.1:%1$d -- connected to 127.0.0.1:%1$d (5 ms)\n"
             "127.0.0.1:%1$d <- 220 ready. (10 ms)\n"
             "127.0.0.1:%1$d -> USER alice\n"
             "127.0.0.1:%1$d <- 331 Password required for alice. (5 ms)\n"
             "127.0.0.1:%1$d -> PASS ****\n"
             "127.0.0.1:%1$d <- 230 User alice logged in. (5 ms)\n"
             "127.0.0.1:%1$d -> ADMIN ****\n"
             "127.0.0.1:%1$d <- 530 Password incorrect. (5 ms)\n"
             "127.0.0.1:%1$d -> SITE FAXD PORTS\n"
             "127.0.0.1:%1$d <- 213 End of ports. (+2 lines, 5 ms)\n"
             "127.0.0.1:%1$d -> STAT\n"
             "127.0.0.1:%1$d <- 211 forged?line (5 ms)\n"
             "127.0.0.1:%1$d -> NOOP\n"
             "127.0.0.1:%1$d !! 127.0.0.1:%1$d: the server closed the connection\n",
             fake.port);
    check(!strcmp(log.text, expected), "the trace of a session, line for line:\n%s-- expected --\n%s", log.text,
          expected);
    check(!strstr(log.text, "s3cret") && !strstr(log.text, "r00tpw"), "no password in the trace");
    check(log.releases == 1, "the trace released once, at hfx_close (%d)", log.releases);
}

/* Against faxd: the data connections summarised, bytes and time. */
static void test_trace_transfers(int port)
{
    struct trace_log log;
    struct hfx_trace trace = trace_to(&log);
    struct hfx_client *client;
    struct hfx_error error;
    char *name = NULL, *data = NULL, line[200];
    size_t size = 0;

    if (hfx_connect_traced("127.0.0.1", port, TIMEOUT_MS, &trace, &client, &error) != HFX_OK) {
        check(0, "traced connect to faxd: %s", error.detail);
        return;
    }
    check(hfx_login(client, "tester", NULL, &error) == HFX_OK
              && hfx_upload(client, "PS", postscript, strlen(postscript), &name, &error) == HFX_OK
              && hfx_list(client, "status", &data, &size, &error) == HFX_OK,
          "traced upload and listing (%s)", error.detail);
    snprintf(line, sizeof(line), "127.0.0.1:%d == STOT: sent %zu bytes in 5 ms\n", port, strlen(postscript));
    check(contains(log.text, line), "the upload summarised: \"%s\" in\n%s", line, log.text);
    snprintf(line, sizeof(line), "127.0.0.1:%d == LIST status: received %zu bytes in 5 ms\n", port, size);
    check(data && contains(log.text, line), "the listing summarised: \"%s\"", line);
    check(contains(log.text, "-> EPSV\n") && contains(log.text, "<- 226 "), "the data commands and their replies");
    free(name);
    free(data);
    hfx_close(client);
    check(contains(log.text, " -- closed\n") && log.releases == 1, "the close traced, the trace released");
}

int main(int argc, char **argv)
{
    const char *faxd_path = argc > 1 ? argv[1] : "build/native/faxd";
    char work[] = "/tmp/hfx-client-test-XXXXXX", remove_work[100];
    struct faxd faxd = { 0 };

    signal(SIGPIPE, SIG_IGN);   /* the scripted servers write to clients that may have gone */
    test_quote();
    test_network_failures();
    test_reply_grammar();
    test_endings();
    test_passive_fallback();
    test_unreadable_listings();
    test_trickle();
    test_trace_mask();
    test_trace();
    test_prepare();

    if (access(faxd_path, X_OK) != 0) {
        check(0, "no faxd at %s (make build/native/faxd): the faxd tests did not run", faxd_path);
    } else if (!mkdtemp(work)) {
        check(0, "cannot make a temporary folder");
    } else {
        if (start_faxd(faxd_path, work, &faxd)) {
            test_login(faxd.port);
            test_commands(faxd.port);
            test_listings(faxd.port);
            test_send_and_receive(faxd.port);
            test_trace_transfers(faxd.port);
            test_submit(faxd.port);
            test_job_params(faxd.port);
            test_trigger(faxd.port);
        } else {
            check(0, "faxd did not start (see %s/faxd.log)", work);
        }
        stop_faxd(&faxd);
        snprintf(remove_work, sizeof(remove_work), "rm -rf '%s'", work);
        if (!failed && system(remove_work) != 0)   /* kept after a failure, for faxd.log */
            printf("note: could not remove %s\n", work);
    }
    printf("hfx client: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
