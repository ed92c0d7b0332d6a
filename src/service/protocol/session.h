/*
 * One client session of the HylaFAX protocol (docs/hylafax-protocol.md): login, transfer parameters,
 * data connections, files (session.c) and jobs and lists (session_jobs.c). Each session runs on a
 * thread of its own.
 */
#ifndef OPENFAXCOM_FAXD_SESSION_H
#define OPENFAXCOM_FAXD_SESSION_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "access.h"
#include "config.h"
#include "guard.h"
#include "job.h"
#include "net.h"
#include "queue.h"
#include "spool.h"

struct faxd_server {
    const struct faxd_config *config;
    struct spool *spool;
    struct faxd_queue *queue;
    struct access_rules *access;
    struct guard *guard;      /* per-address sessions and login failures */
    char host[64];
    atomic_int sessions;
    atomic_uint uploads;      /* numbers the /tmp/docN files of every session */
};

struct session {
    struct faxd_server *server;
    int fd;
    struct net_lines lines;
    struct sockaddr_storage peer;
    char peer_text[64];
    bool loopback;

    char user[64];
    bool logged_in, admin, awaiting_password;
    struct access_decision access;

    char type, mode, form[8];       /* TYPE A|I, MODE S|Z, FORM PS|PDF|TIFF */
    int passive_fd;                 /* PASV/EPSV listener, -1 when none */
    struct sockaddr_storage active; /* PORT/EPRT address */
    socklen_t active_length;
    bool gmt;
    int idle_seconds;

    char job_format[512], receive_format[512], modem_format[512];
    struct fax_job *defaults;       /* JPARMs given with no job selected */
    struct fax_job *draft;          /* JNEW'd, not yet submitted */
    uint32_t current;               /* JOB n: a queued job selected, 0 = the draft or the defaults */
    char **uploads;                 /* spool-relative tmp/docN files of this session */
    size_t upload_count;
    bool quit;
};

/* Runs a session on fd until the client leaves; closes fd. */
void session_run(struct faxd_server *server, int fd);

/* Without an access file every (loopback) user sees everything; with one, only ADMIN does, and others
 * see their own jobs and the received faxes of lines they own. */
bool session_sees_all(const struct session *session);
bool session_may_see_job(const struct session *session, const struct fax_job *job);
/* A received fax (recvq/faxN.tif) is seen by the owner of the line that took it (owner= in faxd.conf), or
 * by everyone when that line has none; *owned: the session's user is that owner. */
bool session_may_see_fax(const struct session *session, const char *path, bool *owned);
/* A file name from the client (RETR, DELE, STOR): printable ASCII, inside the spool once its leading '/'
 * goes, no ".." component, and not a symlink or other non-plain file when it exists. False with why, and
 * a log line naming verb. */
bool session_name_safe(struct session *session, const char *verb, const char *argument, char *why, size_t why_size);

/* Parses and runs one command line (without its CR LF). */
void session_command(struct session *session, const char *line);

/* Replies: "NNN text", and multi-line "NNN-first" ... "NNN last". */
void session_reply(struct session *session, int code, const char *format, ...) __attribute__((format(printf, 3, 4)));
void session_reply_more(struct session *session, int code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Data connections: open the one prepared by PORT/EPRT/PASV/EPSV (after the 150 reply). -1: a 425
 * reply was sent. */
int session_data_open(struct session *session);
/* Sends text or a file's bytes over a data connection, honouring TYPE and MODE. */
bool session_data_send(struct session *session, int data_fd, const char *bytes, size_t size);
bool session_data_finish(struct session *session, int data_fd);

/* Job and list commands (session_jobs.c); false: not a job command. */
bool session_job_command(struct session *session, const char *verb, const char *argument);
bool session_list(struct session *session, const char *what, bool names_only);
void session_jobs_end(struct session *session);

/* SITE FAXD, the settings and ports extension (session_site.c, docs/protocol.md); HELP SITE. */
void session_site(struct session *session, const char *argument);
void session_site_help(struct session *session);
/* SITE TRIGGER spec (session_trigger.c): streams events over a data connection until ABOR or QUIT. */
void session_trigger(struct session *session, const char *spec);

#endif
