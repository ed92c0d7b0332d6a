/* A protocol session: the command loop, login, transfer parameters, data connections and files. */
#include "session.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "document.h"
#include "hfx.h"
#include "log.h"

#define DATA_TIMEOUT_MS 30000

static void send_line(struct session *session, int code, char separator, const char *format, va_list args)
{
    char text[2048];
    int n = snprintf(text, sizeof(text), "%03d%c", code, separator);
    int m = vsnprintf(text + n, sizeof(text) - (size_t)n - 2, format, args);
    size_t length = (size_t)n + (m < 0 ? 0 : (size_t)m < sizeof(text) - (size_t)n - 2 ? (size_t)m
                                                                                    : sizeof(text) - (size_t)n - 3);
    memcpy(text + length, "\r\n", 2);
    if (!net_write_all(session->fd, text, length + 2))
        session->quit = true;
}

void session_reply(struct session *session, int code, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    send_line(session, code, ' ', format, args);
    va_end(args);
}

void session_reply_more(struct session *session, int code, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    send_line(session, code, '-', format, args);
    va_end(args);
}

/* ---- data connections ---- */

static void close_passive(struct session *session)
{
    if (session->passive_fd >= 0)
        close(session->passive_fd);
    session->passive_fd = -1;
}

int session_data_open(struct session *session)
{
    int fd = -1;

    if (session->passive_fd >= 0) {
        fd = net_accept(session->passive_fd, DATA_TIMEOUT_MS);
        close_passive(session);
    } else if (session->active_length) {
        fd = net_connect(&session->active, session->active_length, DATA_TIMEOUT_MS);
        session->active_length = 0;
    } else {
        session_reply(session, 425, "No data connection: send EPRT, PORT, EPSV or PASV first.");
        return -1;
    }
    if (fd < 0) {
        session_reply(session, 425, "Cannot open data connection (%s).", strerror(errno));
        faxd_log("session %s: data connection failed", session->peer_text);
        return -1;
    }
    net_set_timeouts(fd, DATA_TIMEOUT_MS / 1000);
    return fd;
}

bool session_data_send(struct session *session, int data_fd, const char *bytes, size_t size)
{
    if (session->mode == 'Z') {
        z_stream z = { 0 };
        unsigned char out[16384];
        bool ok = deflateInit(&z, Z_DEFAULT_COMPRESSION) == Z_OK;
        z.next_in = (unsigned char *)bytes;
        z.avail_in = (uInt)size;
        while (ok) {
            z.next_out = out;
            z.avail_out = sizeof(out);
            int rc = deflate(&z, Z_FINISH);
            ok = (rc == Z_OK || rc == Z_STREAM_END) && net_write_all(data_fd, out, sizeof(out) - z.avail_out);
            if (rc == Z_STREAM_END)
                break;
        }
        deflateEnd(&z);
        return ok;
    }
    if (session->type == 'A') {   /* ASCII: LF becomes CR LF */
        size_t start = 0;
        for (size_t i = 0; i < size; i++)
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                if (!net_write_all(data_fd, bytes + start, i - start) || !net_write_all(data_fd, "\r\n", 2))
                    return false;
                start = i + 1;
            }
        return net_write_all(data_fd, bytes + start, size - start);
    }
    return net_write_all(data_fd, bytes, size);
}

bool session_data_finish(struct session *session, int data_fd)
{
    (void)session;
    return close(data_fd) == 0;
}

/* One block of an upload into the spool; *full says the disk filled (452, not the client's fault). */
static bool write_upload(int out, const void *data, size_t size, bool *full)
{
    if (write(out, data, size) == (ssize_t)size)
        return true;
    *full = spool_write_failure() == SPOOL_ERR_FULL;
    return false;
}

/* Receives an upload into path, inflating MODE Z, within the size limit. */
static bool receive_file(struct session *session, int data_fd, const char *path, long *size, char *why,
                         size_t why_size, bool *full)
{
    long limit = session->server->config->max_document_size;
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    unsigned char in[16384], inflated[65536];
    z_stream z = { 0 };
    bool ok = out >= 0, zipped = session->mode == 'Z', ended = false;

    *size = 0;
    if (ok && zipped && inflateInit(&z) != Z_OK)
        ok = false;
    while (ok) {
        ssize_t n = read(data_fd, in, sizeof(in));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(why, why_size, "the data connection failed: %s", strerror(errno));
            ok = false;
            break;
        }
        if (n == 0)
            break;
        if (!zipped) {
            *size += n;
            ok = *size <= limit && write_upload(out, in, (size_t)n, full);
            continue;
        }
        z.next_in = in;
        z.avail_in = (uInt)n;
        while (ok && z.avail_in && !ended) {
            z.next_out = inflated;
            z.avail_out = sizeof(inflated);
            int rc = inflate(&z, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END) {
                snprintf(why, why_size, "the MODE Z data is not a zlib stream");
                ok = false;
                break;
            }
            size_t got = sizeof(inflated) - z.avail_out;
            *size += (long)got;
            ok = *size <= limit && write_upload(out, inflated, got, full);
            ended = rc == Z_STREAM_END;
        }
    }
    if (ok && zipped && !ended) {
        snprintf(why, why_size, "the MODE Z stream ended early");
        ok = false;
    }
    if (out >= 0 && close(out) != 0 && ok) {
        *full = spool_write_failure() == SPOOL_ERR_FULL;
        ok = false;
    }
    if (*size > limit)
        snprintf(why, why_size, "the document is larger than the limit of %ld MB", limit / (1024 * 1024));
    else if (!ok && *full)
        snprintf(why, why_size, "the spool is full");
    else if (!ok && !*why)
        snprintf(why, why_size, "the file cannot be written");
    if (zipped)
        inflateEnd(&z);
    return ok;
}

static const char *form_extension(const char *form)
{
    if (!strcasecmp(form, "PDF"))
        return "pdf";
    if (!strcasecmp(form, "TIFF"))
        return "tif";
    return "ps";
}

/* STOT: an upload the session keeps until it ends (or a job takes it). */
static void command_stot(struct session *session)
{
    unsigned number = atomic_fetch_add(&session->server->uploads, 1) + 1;
    char name[48], why[200] = "";
    long size = 0;
    int data_fd;

    snprintf(name, sizeof(name), "tmp/doc%u.%s", number, form_extension(session->form));
    char *temp = spool_temp_path(session->server->spool, ".upload");
    if (!temp) {
        session_reply(session, 451, "Out of memory.");
        return;
    }
    session_reply(session, 150, "FILE: /%s (Opening new data connection).", name);
    data_fd = session_data_open(session);
    if (data_fd < 0) {
        free(temp);
        return;
    }
    bool full = false, ok = receive_file(session, data_fd, temp, &size, why, sizeof(why), &full);
    close(data_fd);
    enum spool_status committed = ok ? spool_commit(session->server->spool, temp, name) : SPOOL_OK;
    if (committed != SPOOL_OK) {
        full = committed == SPOOL_ERR_FULL;
        snprintf(why, sizeof(why), full ? "the spool is full" : "the spool cannot be written");
        ok = false;
    }
    if (!ok) {   /* FTP's 452 is "insufficient storage"; 552, what the upload itself exceeded */
        unlink(temp);
        free(temp);
        faxd_log("session %s (%s): upload refused: %s", session->peer_text, session->user, why);
        session_reply(session, full ? 452 : 552, "Upload refused: %s.", why);
        return;
    }
    free(temp);
    char **more = realloc(session->uploads, (session->upload_count + 1) * sizeof(*more));
    if (more) {
        session->uploads = more;
        more[session->upload_count++] = strdup(name);
    }
    faxd_log("session %s (%s): received /%s, %ld bytes", session->peer_text, session->user, name, size);
    session_reply(session, 226, "Transfer complete (FILE: /%s).", name);
}

/* A client never names where an upload goes: faxd picks the name (STOT), so no name can reach outside
 * the spool or over another's file. */
static void command_stor(struct session *session, const char *verb, const char *argument)
{
    char why[120] = "";

    if (session_name_safe(session, verb, argument, why, sizeof(why)))
        faxd_log("session %s (%s): %s %.80s refused: uploads go through STOT", session->peer_text, session->user, verb,
                 argument);
    session_reply(session, 550, "%s %s: Refused: %s.", verb, argument, why[0] ? why : "use STOT; faxd names uploads");
}

/* docq/<kind><id>.tif: "job", the fax pages the scheduler made of a job when it was first sent
 * (sender.c); "preview", its first document's first page, made on request (queue_preview). */
static bool job_file_path(const char *path, const char *kind, uint32_t *id)
{
    size_t prefix = 5 + strlen(kind);
    char *end;
    unsigned long number;

    if (strncmp(path, "docq/", 5) || strncmp(path + 5, kind, strlen(kind)) || !isdigit((unsigned char)path[prefix]))
        return false;
    number = strtoul(path + prefix, &end, 10);
    if (strcmp(end, ".tif") || !number || number > UINT32_MAX)
        return false;
    *id = (uint32_t)number;
    return true;
}

/* A job's first page, rendered now into SPOOL/tmp and read back; the file goes at once. */
static bool read_preview(struct session *session, uint32_t id, char **data, size_t *size, char *why, size_t why_size)
{
    struct spool *spool = session->server->spool;
    char *temp = spool_temp_path(spool, ".tif");
    bool ok = temp && queue_preview(session->server->queue, id, temp, why, why_size) == QUEUE_OK;

    if (ok && spool_read(spool, temp + strlen(spool_root(spool)) + 1, data, size) != SPOOL_OK) {
        snprintf(why, why_size, "the preview cannot be read back");
        ok = false;
    }
    if (temp)
        remove(temp);
    free(temp);
    return ok;
}

/* A job's pages go to whoever may see the job. */
static bool may_read_job(struct session *session, uint32_t id)
{
    struct fax_job *job = queue_copy_job(session->server->queue, id);
    bool allowed = session_may_see_job(session, job);

    job_free(job);
    return allowed;
}

/* What RETR may send: received faxes, the pages of a job that was sent, a queued job's first page, and the
 * server's description. */
static void command_retr(struct session *session, const char *argument)
{
    uint32_t job_id;
    const char *path = argument[0] == '/' ? argument + 1 : argument;
    char *data = NULL;
    size_t size = 0;
    int data_fd;
    char why[120] = "";

    if (!session_name_safe(session, "RETR", argument, why, sizeof(why))) {
        session_reply(session, 550, "%s: Refused: %s.", argument, why);
        return;
    }
    if (!strcmp(path, "status/any.info")) {
        char text[256];
        size = (size_t)snprintf(text, sizeof(text), "openfaxcom faxd on %s\nfaxmaster\n\n", session->server->host);
        data = strdup(text);
    } else if (!strncmp(path, "recvq/fax", 9) && !strstr(path, "..") && !strchr(path + 6, '/')
               && strlen(path) > 13 && !strcmp(path + strlen(path) - 4, ".tif")) {
        bool owned;
        if (!session_may_see_fax(session, path, &owned)) {
            faxd_log("session %s (%s): RETR of %.80s refused: another user's fax", session->peer_text, session->user,
                     argument);
            session_reply(session, 550, "%s: Operation not permitted.", argument);
            return;
        }
        if (spool_read(session->server->spool, path, &data, &size) != SPOOL_OK) {
            session_reply(session, 550, "%s: No such file or directory.", argument);
            return;
        }
    } else if (job_file_path(path, "preview", &job_id) && may_read_job(session, job_id)) {
        char why[200] = "";
        if (!read_preview(session, job_id, &data, &size, why, sizeof(why))) {
            faxd_log("session %s (%s): no preview of job %u: %s", session->peer_text, session->user, job_id, why);
            session_reply(session, 550, "%s: Cannot render the job's first page: %s.", argument, why);
            return;
        }
    } else if (job_file_path(path, "job", &job_id) && may_read_job(session, job_id)) {
        if (spool_read(session->server->spool, path, &data, &size) != SPOOL_OK) {
            session_reply(session, 550, "%s: No such file or directory (a job's pages are made when it is first "
                          "sent).", argument);
            return;
        }
    } else {
        faxd_log("session %s (%s): RETR of %.80s refused: not a file clients may read", session->peer_text,
                 session->user, argument);
        session_reply(session, 550, "%s: Operation not permitted.", argument);
        return;
    }
    session_reply(session, 150, "Opening new data connection for %s (%zu bytes).", argument, size);
    data_fd = session_data_open(session);
    if (data_fd >= 0) {
        bool ok = session_data_send(session, data_fd, data, size);
        close(data_fd);
        if (ok)
            session_reply(session, 226, "Transfer complete.");
        else
            session_reply(session, 426, "Data connection lost.");
    }
    free(data);
}

static void command_dele(struct session *session, const char *argument)
{
    const char *path = argument[0] == '/' ? argument + 1 : argument;
    char info[80], why[120] = "";

    if (!session_name_safe(session, "DELE", argument, why, sizeof(why))) {
        session_reply(session, 550, "%s: Refused: %s.", argument, why);
        return;
    }
    if (strncmp(path, "recvq/fax", 9) || strchr(path + 6, '/') || strlen(path) > 40) {
        faxd_log("session %s (%s): DELE of %.80s refused: not a received fax", session->peer_text, session->user,
                 argument);
        session_reply(session, 550, "%s: Operation not permitted.", argument);
        return;
    }
    bool owned;
    session_may_see_fax(session, path, &owned);
    if (!session_sees_all(session) && !owned) {   /* a shared inbox is emptied by ADMIN only */
        faxd_log("session %s (%s): DELE of %.80s refused: not the owner of its line, no ADMIN", session->peer_text,
                 session->user, argument);
        session_reply(session, 550, "%s: Operation not permitted (use ADMIN first).", argument);
        return;
    }
    if (spool_remove(session->server->spool, path) != SPOOL_OK) {
        session_reply(session, 550, "%s: No such file or directory.", argument);
        return;
    }
    snprintf(info, sizeof(info), "%s.info", path);
    spool_remove(session->server->spool, info);
    faxd_log("session %s (%s): deleted %s", session->peer_text, session->user, path);
    session_reply(session, 250, "DELE command successful.");
}

/* ---- login ---- */

static void command_user(struct session *session, const char *argument)
{
    char name[64];

    if (!hfx_unquote(argument, name, sizeof(name)) || !name[0]) {
        session_reply(session, 500, "'USER': Syntax error, expecting user name.");
        return;
    }
    snprintf(session->user, sizeof(session->user), "%s", name);
    session->logged_in = session->admin = false;
    access_check(session->server->access, name, session->peer_text, session->loopback, &session->access);
    if (session->access.allowed && !session->access.needs_password) {
        session->logged_in = true;
        faxd_log("session %s: %s logged in", session->peer_text, name);
        session_reply(session, 230, "User %s logged in.", name);
        return;
    }
    session->awaiting_password = true;   /* denied users are asked too, and refused after */
    session_reply(session, 331, "Password required for %s.", name);
}

/* An address that failed max-login-failures times is refused every password until its lock-out ends. */
static bool locked_out(struct session *session, const char *what, const char *user)
{
    if (!guard_locked_out(session->server->guard, session->peer_text))
        return false;
    faxd_log("session %s: %s %s refused: the address is locked out after %d failed logins", session->peer_text,
             what, user, session->server->config->max_login_failures);
    session_reply(session, 530, "Too many failed logins from %s; try again later.", session->peer_text);
    return true;
}

static void login_failed(struct session *session)
{
    if (guard_login_failed(session->server->guard, session->peer_text))
        faxd_log("session %s: locked out for %d s after %d failed logins", session->peer_text,
                 session->server->config->login_lockout, session->server->config->max_login_failures);
    sleep(1);   /* slows password guessing */
}

static void command_pass(struct session *session, const char *argument)
{
    if (session->logged_in) {
        session_reply(session, 503, "Already logged in as USER %s.", session->user);
        return;
    }
    if (!session->awaiting_password) {
        session_reply(session, 503, "Login with USER first.");
        return;
    }
    if (!*argument) {
        session_reply(session, 500, "'PASS ': Syntax error, expecting password.");
        return;
    }
    session->awaiting_password = false;
    if (locked_out(session, "login as", session->user))
        return;
    if (session->access.allowed && access_password_ok(session->access.password_hash, argument)) {
        session->logged_in = true;
        guard_login_ok(session->server->guard, session->peer_text);
        faxd_log("session %s: %s logged in with a password", session->peer_text, session->user);
        session_reply(session, 230, "User %s logged in.", session->user);
        return;
    }
    faxd_log("session %s: login as %s refused", session->peer_text, session->user);
    login_failed(session);
    session_reply(session, 530, "Login incorrect.");
}

static void command_admin(struct session *session, const char *argument)
{
    if (!*argument) {
        session_reply(session, 500, "'ADMIN ': Syntax error, expecting password.");
        return;
    }
    if (locked_out(session, "ADMIN for", session->user))
        return;
    if (access_password_ok(session->access.admin_hash, argument)) {
        session->admin = true;
        guard_login_ok(session->server->guard, session->peer_text);
        faxd_log("session %s: %s has administrative privileges", session->peer_text, session->user);
        session_reply(session, 230, "Administrative privileges established.");
        return;
    }
    faxd_log("session %s: ADMIN refused for %s", session->peer_text, session->user);
    login_failed(session);
    session_reply(session, 530, "Password incorrect.");
}

/* ---- transfer parameters and connections ---- */

static bool same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    char x[64], y[64];
    net_address_text(a, x, sizeof(x));
    net_address_text(b, y, sizeof(y));
    return !strcmp(x, y) || !strcmp(x + (strncmp(x, "::ffff:", 7) ? 0 : 7), y + (strncmp(y, "::ffff:", 7) ? 0 : 7));
}

static void command_port(struct session *session, const char *verb, const char *argument)
{
    struct sockaddr_storage address;
    socklen_t length;
    bool ok = !strcmp(verb, "EPRT") ? hfx_parse_eprt(argument, &address, &length)
                                    : hfx_parse_port(argument, &address, &length);

    if (!ok) {
        session_reply(session, 500, "'%s %s': Syntax error, bad address.", verb, argument);
        return;
    }
    if (!same_host(&address, &session->peer)) {   /* no bouncing data to third parties */
        session_reply(session, 500, "Illegal %s command: data connections go to the client only.", verb);
        faxd_log("session %s: %s to another host refused", session->peer_text, verb);
        return;
    }
    close_passive(session);
    session->active = address;
    session->active_length = length;
    session_reply(session, 200, "%s command successful.", verb);
}

static void command_passive(struct session *session, bool extended)
{
    struct sockaddr_storage local;
    socklen_t length = sizeof(local);
    int fd;

    close_passive(session);
    session->active_length = 0;
    if (getsockname(session->fd, (struct sockaddr *)&local, &length) != 0)
        goto failed;
    if (local.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&local)->sin6_port = 0;
    else
        ((struct sockaddr_in *)&local)->sin_port = 0;
    fd = socket(local.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&local, length) != 0 || listen(fd, 1) != 0) {
        if (fd >= 0)
            close(fd);
        goto failed;
    }
    session->passive_fd = fd;
    int port = net_local_port(fd);
    if (extended) {
        session_reply(session, 229, "Entering Extended Passive Mode (|||%d|)", port);
    } else if (local.ss_family == AF_INET) {
        uint32_t a = ntohl(((struct sockaddr_in *)&local)->sin_addr.s_addr);
        session_reply(session, 227, "Entering passive mode (%u,%u,%u,%u,%d,%d)", a >> 24, a >> 16 & 255, a >> 8 & 255,
                      a & 255, port >> 8, port & 255);
    } else {
        close_passive(session);
        session_reply(session, 500, "PASV is IPv4 only; use EPSV.");
    }
    return;
failed:
    session_reply(session, 425, "Cannot open a passive connection: %s.", strerror(errno));
}

static void command_simple_mode(struct session *session, const char *verb, const char *argument)
{
    char c = (char)toupper((unsigned char)argument[0]);

    if (!argument[0] || (argument[1] && !(argument[1] == ' ' && !strcmp(verb, "TYPE")))) {
        session_reply(session, 500, "'%s %s': Syntax error, expecting one letter.", verb, argument);
    } else if (!strcmp(verb, "TYPE")) {
        if (c != 'A' && c != 'I') {
            session_reply(session, 504, "Type %c not supported.", c);
            return;
        }
        session->type = c;
        session_reply(session, 200, "Type set to %s.", c == 'A' ? "ASCII" : "Image");
    } else if (!strcmp(verb, "MODE")) {
        if (c != 'S' && c != 'Z') {
            session_reply(session, 504, "Mode %c not supported.", c);
            return;
        }
        session->mode = c;
        session_reply(session, 200, "Mode set to %s.", c == 'S' ? "Stream" : "ZIP");
    } else {   /* STRU */
        if (c != 'F' && c != 'T') {
            session_reply(session, 504, "Structure %c not supported.", c);
            return;
        }
        session_reply(session, 200, "Structure set to %s.", c == 'F' ? "File" : "TIFF");
    }
}

static void command_form(struct session *session, const char *argument)
{
    static const char *const forms[] = { "PS", "PDF", "TIFF", "PCL" };

    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        if (!strcasecmp(argument, forms[i])) {
            snprintf(session->form, sizeof(session->form), "%s", forms[i]);
            session_reply(session, 200, "Format set to %s.", forms[i]);
            return;
        }
    session_reply(session, !*argument ? 500 : 504, !*argument ? "'FORM': Syntax error, expecting <SP>." : "Unknown format %s.",
                  argument);
}

static void command_stat(struct session *session)
{
    session_reply_more(session, 211, "%s faxd (openfaxcom) server status:", session->server->host);
    session_reply_more(session, 211, "    Connected to %s", session->peer_text);
    if (session->logged_in)
        session_reply_more(session, 211, "    Logged in as user %s%s", session->user,
                           session->admin ? " with administrative privileges" : "");
    session_reply_more(session, 211, "    Time values are handled in %s", session->gmt ? "GMT" : "local time");
    session_reply_more(session, 211, "    Outbound queue %s", queue_paused(session->server->queue) ? "paused" : "running");
    session_reply_more(session, 211, "    TYPE: %s; STRU: File; MODE: %s; FORM: %s", session->type == 'A' ? "ASCII" : "Image",
                       session->mode == 'S' ? "Stream" : "ZIP", session->form);
    session_reply(session, 211, "End of status");
}

static void command_help(struct session *session)
{
    session_reply_more(session, 214, "The following commands are recognized:");
    session_reply_more(session, 214, "   ABOR   ADMIN  CWD    DELE   EPRT   EPSV   FORM   HELP   IDLE   JDELE");
    session_reply_more(session, 214, "   JINTR  JKILL  JNEW   JOB    JOBFMT JPARM  JREST  JSUBM  JSUSP  JWAIT");
    session_reply_more(session, 214, "   LIST   MDMFMT MODE   NLST   NOOP   PASS   PASV   PORT   PWD    QUIT");
    session_reply_more(session, 214, "   RCVFMT RETR   SITE   STAT   STOT   STRU   SYST   TYPE   TZONE  USER");
    session_reply(session, 214, "Direct comments to the administrator of %s.", session->server->host);
}

/* ---- the command loop ---- */

static void dispatch(struct session *session, const struct hfx_command *command)
{
    const char *verb = command->verb, *argument = command->argument;

    if (!strcmp(verb, "USER")) return command_user(session, argument);
    if (!strcmp(verb, "PASS")) return command_pass(session, argument);
    if (!strcmp(verb, "QUIT")) {
        session_reply(session, 221, "Goodbye.");
        session->quit = true;
        return;
    }
    if (!strcmp(verb, "NOOP")) return session_reply(session, 200, "NOOP command successful.");
    if (!strcmp(verb, "HELP") && !strcasecmp(argument, "SITE")) return session_site_help(session);
    if (!strcmp(verb, "HELP")) return command_help(session);
    if (!strcmp(verb, "STAT") && !*argument) return command_stat(session);
    if (!session->logged_in) {
        session_reply(session, 530, "Please login with USER and PASS.");
        return;
    }
    if (!strcmp(verb, "ADMIN")) return command_admin(session, argument);
    if (!strcmp(verb, "SYST")) return session_reply(session, 215, "UNIX Type: L8 Version: SVR4");
    if (!strcmp(verb, "TZONE")) {
        if (*argument && strcasecmp(argument, "GMT") && strcasecmp(argument, "LOCAL"))
            return session_reply(session, 503, "Unknown timezone specification %s.", argument);
        session->gmt = !*argument || !strcasecmp(argument, "GMT");
        return session_reply(session, 200, "Using time values in %s.", session->gmt ? "GMT" : "local time");
    }
    if (!strcmp(verb, "IDLE")) {
        int seconds = atoi(argument);
        if (seconds > 0 && seconds <= 7200)
            session->idle_seconds = seconds;
        return session_reply(session, 213, "Idle timeout set to %d.", session->idle_seconds);
    }
    if (!strcmp(verb, "TYPE") || !strcmp(verb, "MODE") || !strcmp(verb, "STRU"))
        return command_simple_mode(session, verb, argument);
    if (!strcmp(verb, "FORM")) return command_form(session, argument);
    if (!strcmp(verb, "PORT") || !strcmp(verb, "EPRT")) return command_port(session, verb, argument);
    if (!strcmp(verb, "PASV")) return command_passive(session, false);
    if (!strcmp(verb, "EPSV")) return command_passive(session, true);
    if (!strcmp(verb, "STOT")) return command_stot(session);
    if (!strcmp(verb, "STOR") || !strcmp(verb, "STOU") || !strcmp(verb, "APPE")) return command_stor(session, verb, argument);
    if (!strcmp(verb, "RETR")) return command_retr(session, argument);
    if (!strcmp(verb, "DELE")) return command_dele(session, argument);
    if (!strcmp(verb, "LIST") || !strcmp(verb, "NLST")) {
        session_list(session, *argument ? argument : "/", !strcmp(verb, "NLST"));
        return;
    }
    if (!strcmp(verb, "PWD")) return session_reply(session, 257, "\"/\" is the current directory.");
    if (!strcmp(verb, "CWD") || !strcmp(verb, "CDUP")) return session_reply(session, 250, "CWD command successful.");
    if (!strcmp(verb, "ABOR")) return session_reply(session, 225, "ABOR command successful.");
    if (!strcmp(verb, "SITE")) return session_site(session, argument);
    if (session_job_command(session, verb, argument))
        return;
    faxd_log("session %s: unknown command %s", session->peer_text, verb);
    session_reply(session, 500, "%s: Command not recognized.", verb);
}

void session_command(struct session *session, const char *line)
{
    struct hfx_command command;

    switch (hfx_parse_command(line, &command)) {
    case HFX_PARSE_OK:
        dispatch(session, &command);
        break;
    case HFX_PARSE_EMPTY:
        session_reply(session, 500, "Empty command.");
        break;
    default:
        faxd_log("session %s: malformed command refused", session->peer_text);
        session_reply(session, 500, "Syntax error, command unrecognized.");
    }
}

static void end_session(struct session *session)
{
    session_jobs_end(session);
    for (size_t i = 0; i < session->upload_count; i++) {   /* uploads no job took */
        if (session->uploads[i])
            spool_remove(session->server->spool, session->uploads[i]);
        free(session->uploads[i]);
    }
    free(session->uploads);
    close_passive(session);
    close(session->fd);
}

void session_run(struct faxd_server *server, int fd)
{
    struct session session = {
        .server = server, .fd = fd, .lines = { .fd = fd }, .type = 'A', .mode = 'S', .form = "PS",
        .passive_fd = -1, .gmt = true, .idle_seconds = 900,
    };
    socklen_t length = sizeof(session.peer);
    int max_line = server->config->max_line_length;
    char *line = malloc((size_t)max_line + 1);

    getpeername(fd, (struct sockaddr *)&session.peer, &length);
    net_address_text(&session.peer, session.peer_text, sizeof(session.peer_text));
    session.loopback = net_is_loopback(&session.peer);
    snprintf(session.job_format, sizeof(session.job_format), "%%-4j %%3i %%1a %%6.6o %%-12.12e %%5P %%5D %%7z %%.25s");
    snprintf(session.receive_format, sizeof(session.receive_format), "%%-7m %%4p%%1z %%-8.8o %%14.14s %%7t %%f");
    snprintf(session.modem_format, sizeof(session.modem_format), "Modem %%m (%%n): %%s");
    session.defaults = job_new(0, "");

    access_check(server->access, "", session.peer_text, session.loopback, &session.access);
    faxd_log("session %s: connected", session.peer_text);
    session_reply(&session, 220, "%s server (openfaxcom faxd, HylaFAX protocol) ready.", server->host);
    while (line && !session.quit) {
        enum net_read got = net_read_line(&session.lines, line, (size_t)max_line + 1, session.idle_seconds * 1000);

        if (got == NET_CLOSED)
            break;
        if (got == NET_TIMEOUT) {
            session_reply(&session, 421, "Timeout (%d seconds): closing control connection.", session.idle_seconds);
            break;
        }
        if (got == NET_TOO_LONG) {
            faxd_log("session %s: command line longer than %d bytes refused", session.peer_text, max_line);
            session_reply(&session, 500, "Command line too long (the limit is %d bytes).", max_line);
            continue;
        }
        if (got == NET_NUL_BYTE) {
            faxd_log("session %s: command line with a NUL byte refused", session.peer_text);
            session_reply(&session, 500, "Syntax error: a NUL byte in the command line.");
            continue;
        }
        session_command(&session, line);
    }
    faxd_log("session %s: closed%s%s", session.peer_text, session.user[0] ? " for " : "", session.user);
    end_session(&session);
    job_free(session.defaults);
    free(line);
}
