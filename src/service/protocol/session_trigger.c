/*
 * SITE TRIGGER, as hfaxd answers it (measured against HylaFAX 6.0.7, docs/faxd.md "Events"): "150" and
 * the data connection, then one "HHMMSS NNN text" line per event until the client aborts (ABOR after
 * Telnet IP/Synch: 426 then 226) or leaves. The control connection keeps working meanwhile: other
 * commands are answered as usual. The events come from the queue's bus; this thread alone writes them
 * to the socket, with no lock held, so a slow client slows only itself (and is dropped when its buffer
 * fills).
 */
#include "session.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "hfx.h"
#include "log.h"

#define TAKE_AT_ONCE 64

enum trigger_end { TRIGGER_RUNNING, TRIGGER_ABORTED, TRIGGER_CLIENT_LEFT, TRIGGER_DATA_CLOSED, TRIGGER_DATA_LOST,
                   TRIGGER_DROPPED, TRIGGER_STOPPING };

/* A job id filter names a job that exists, as hfaxd's scheduler insists. */
static bool jobs_exist(struct session *session, const struct trigger_spec *spec, char *why, size_t why_size)
{
    for (int class = TRIGGER_JOB; class <= TRIGGER_SEND; class++) {
        const char *id = spec->id[class];
        char *end;
        unsigned long number = strtoul(id, &end, 10);
        struct fax_job *job = *id && !*end ? queue_copy_job(session->server->queue, (uint32_t)number) : NULL;
        if (*id && !session_may_see_job(session, job)) {   /* another's job is as good as absent */
            snprintf(why, why_size, "job %.20s does not exist", id);
            job_free(job);
            return false;
        }
        job_free(job);
    }
    return true;
}

/* A job's events ("JOB 12 ...", job and send classes) go only to whoever may see the job. The last
 * answer is kept: events come in runs for one job. */
struct job_visibility {
    uint32_t id;
    bool visible;
};

static bool may_see_event(struct session *session, const struct faxd_event *event, struct job_visibility *last)
{
    char *end;
    unsigned long id;

    if (session_sees_all(session) || strncmp(event->text, "JOB ", 4))
        return true;
    id = strtoul(event->text + 4, &end, 10);
    if (end == event->text + 4 || id > UINT32_MAX)
        return false;
    if (last->id != id) {
        struct fax_job *job = queue_copy_job(session->server->queue, (uint32_t)id);
        last->id = (uint32_t)id;
        last->visible = session_may_see_job(session, job);
        job_free(job);
    }
    return last->visible;
}

/* The events as hfaxd writes them in TYPE A: time of day (the session's TZONE), 100 + event, text. */
static bool deliver(struct session *session, int data_fd, const struct faxd_event *events, size_t count,
                    struct job_visibility *last)
{
    char *text = malloc(count * (sizeof(events->text) + 16)), *at = text;

    if (!text)
        return false;
    for (size_t i = 0; i < count; i++) {
        struct tm tm;
        if (!may_see_event(session, &events[i], last))
            continue;
        if (session->gmt)
            gmtime_r(&events[i].when, &tm);
        else
            localtime_r(&events[i].when, &tm);
        at += sprintf(at, "%02d%02d%02d %d %s\r\n", tm.tm_hour, tm.tm_min, tm.tm_sec, 100 + (int)events[i].event,
                      events[i].text);
    }
    bool ok = net_write_all(data_fd, text, (size_t)(at - text));
    free(text);
    return ok;
}

/* One control line while the trigger runs: ABOR behind Telnet IP/Synch (bytes above 127 before it, as
 * hfaxd's urgent-data path sees them) ends it; everything else is an ordinary command. */
static enum trigger_end control_line(struct session *session, char *line)
{
    bool urgent = false;
    char *command = line;

    while ((unsigned char)*command >= 0x80) {
        urgent = true;
        command++;
    }
    if (urgent && !strncasecmp(command, "ABOR", 4) && (!command[4] || command[4] == ' '))
        return TRIGGER_ABORTED;
    if (!strncasecmp(command, "SITE TRIGGER", 12)) {
        session_reply(session, 503, "A trigger is already running on this connection.");
        return TRIGGER_RUNNING;
    }
    session_command(session, command);
    return session->quit ? TRIGGER_CLIENT_LEFT : TRIGGER_RUNNING;
}

static enum trigger_end watch(struct session *session, struct faxd_watcher *watcher, int data_fd)
{
    struct faxd_event *taken = malloc(TAKE_AT_ONCE * sizeof(*taken));
    enum trigger_end end = taken ? TRIGGER_RUNNING : TRIGGER_DROPPED;
    struct job_visibility last = { 0, false };

    while (end == TRIGGER_RUNNING) {
        struct pollfd polls[3] = {
            { session->fd, POLLIN, 0 }, { events_wake_fd(watcher), POLLIN, 0 }, { data_fd, POLLIN, 0 },
        };
        bool buffered = memchr(session->lines.buffer + session->lines.start, '\n',
                               session->lines.end - session->lines.start) != NULL;   /* a command read in already */
        if (!buffered && poll(polls, 3, -1) < 0)
            continue;   /* EINTR */
        if (polls[1].revents) {
            bool dropped, closed;
            size_t n = events_take(watcher, taken, TAKE_AT_ONCE, &dropped, &closed);
            if (n && !deliver(session, data_fd, taken, n, &last))
                end = TRIGGER_DATA_LOST;
            else if (dropped)
                end = TRIGGER_DROPPED;
            else if (closed)
                end = TRIGGER_STOPPING;
            continue;
        }
        if (polls[2].revents) {   /* the client sends nothing there: this is its end of the connection */
            char byte;
            if (read(data_fd, &byte, 1) <= 0)
                end = TRIGGER_DATA_CLOSED;
            continue;
        }
        if (buffered || polls[0].revents) {
            char line[HFX_MAX_LINE];
            switch (net_read_line(&session->lines, line, sizeof(line), 30000)) {
            case NET_LINE: end = control_line(session, line); break;
            case NET_TOO_LONG: session_reply(session, 500, "Command line too long."); break;
            case NET_NUL_BYTE: session_reply(session, 500, "Syntax error: a NUL byte in the command line."); break;
            case NET_TIMEOUT: break;   /* half a line for 30 s: keep delivering */
            case NET_CLOSED: session->quit = true; end = TRIGGER_CLIENT_LEFT; break;
            }
        }
    }
    free(taken);
    return end;
}

void session_trigger(struct session *session, const char *spec_text)
{
    struct trigger_spec spec;
    char why[120] = "";

    session_reply(session, 150, "Opening new data connection for trigger \"%s\".", spec_text);
    int data_fd = session_data_open(session);
    if (data_fd < 0)
        return;
    enum trigger_status parsed = trigger_parse(spec_text, &spec);
    if (parsed != TRIGGER_OK)
        snprintf(why, sizeof(why), "syntax error, %s in \"%.40s\"", trigger_strerror(parsed), spec_text);
    bool valid = parsed == TRIGGER_OK && jobs_exist(session, &spec, why, sizeof(why));
    struct faxd_watcher *watcher = valid ? events_watch(queue_events(session->server->queue), &spec) : NULL;
    if (!watcher) {
        faxd_log("session %s (%s): trigger \"%.60s\" refused: %s", session->peer_text, session->user, spec_text,
                 why[0] ? why : "out of resources");
        session_reply(session, 504, "Cannot register trigger: %s.", why[0] ? why : "out of resources");
        session_data_finish(session, data_fd);
        return;
    }
    faxd_log("session %s (%s): trigger \"%.60s\" registered", session->peer_text, session->user, spec_text);
    enum trigger_end end = watch(session, watcher, data_fd);
    events_unwatch(watcher);
    session_data_finish(session, data_fd);
    static const char *const why_ended[] = {
        [TRIGGER_ABORTED] = "aborted", [TRIGGER_CLIENT_LEFT] = "the client left",
        [TRIGGER_DATA_CLOSED] = "the client closed the data connection",
        [TRIGGER_DATA_LOST] = "the data connection failed or did not take data for 30 s",
        [TRIGGER_DROPPED] = "dropped: the client let its buffer of events fill",
        [TRIGGER_STOPPING] = "the service stops",
    };
    faxd_log("session %s (%s): trigger \"%.60s\" ended: %s", session->peer_text, session->user, spec_text,
             why_ended[end] ? why_ended[end] : "?");
    switch (end) {
    case TRIGGER_ABORTED:
        session_reply(session, 426, "Operation aborted. Data connection closed.");
        session_reply(session, 226, "Abort successful");
        break;
    case TRIGGER_DROPPED:
        session_reply(session, 426, "Trigger dropped: the client read events too slowly.");
        break;
    case TRIGGER_DATA_CLOSED:
    case TRIGGER_DATA_LOST:
        session_reply(session, 426, "Data connection lost; trigger ended.");
        break;
    case TRIGGER_STOPPING:
        session_reply(session, 421, "Service shutting down; trigger ended.");
        session->quit = true;
        break;
    default:
        break;
    }
}
