/*
 * What every fax line shares (see line.h): the dispatch through the ops table, the state, the
 * configuration copy, call references and the texts.
 */
#include "line.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

const char *line_strerror(enum line_status status)
{
    switch (status) {
    case LINE_OK: return "the call is under way";
    case LINE_BUSY: return "the number is busy";
    case LINE_NO_ANSWER: return "no answer";
    case LINE_NO_SUCH_NUMBER: return "no such number";
    case LINE_OFFLINE: return "the line is out of service";
    case LINE_IN_USE: return "the line is in a call";
    case LINE_CANNOT_SEND: return "sending is disabled on the line";
    case LINE_BAD_REQUEST: return "the fax cannot be sent as requested";
    case LINE_NO_RESOURCES: return "out of memory or threads";
    }
    return "unknown line status";
}

enum fax_call_outcome line_status_outcome(enum line_status status)
{
    switch (status) {
    case LINE_OK: return FAX_CALL_OK;
    case LINE_NO_SUCH_NUMBER:
    case LINE_BAD_REQUEST: return FAX_CALL_FATAL;
    default: return FAX_CALL_RETRYABLE;
    }
}

const char *line_state_name(enum line_state state)
{
    switch (state) {
    case LINE_STATE_IDLE: return "idle";
    case LINE_STATE_DIALING: return "dialing";
    case LINE_STATE_SENDING: return "sending";
    case LINE_STATE_RECEIVING: return "receiving";
    case LINE_STATE_OFFLINE: return "offline";
    }
    return "unknown";
}

enum line_status line_fail(struct line_error *error, enum line_status status, const char *format, ...)
{
    if (error != NULL) {
        va_list args;
        va_start(args, format);
        error->status = status;
        vsnprintf(error->detail, sizeof error->detail, format, args);
        va_end(args);
    }
    return status;
}

enum line_status line_place_call(struct fax_line *line, const char *dial_string,
                                 const struct fax_send_request *send, const struct fax_call_observer *observer,
                                 struct line_call **call, struct line_error *error)
{
    *call = NULL;
    if (dial_string == NULL || send == NULL || observer == NULL || observer->on_complete == NULL)
        return line_fail(error, LINE_BAD_REQUEST, "a call needs a dial string, a document and an on_complete");
    return line->ops->place_call(line, dial_string, send, observer, call, error);
}

enum line_state line_state(struct fax_line *line)
{
    int activity = atomic_load(&line->activity);
    if (activity == LINE_STATE_IDLE && !atomic_load(&line->online))
        return LINE_STATE_OFFLINE;
    return (enum line_state) activity;
}

const struct fax_line_config *line_config(const struct fax_line *line)
{
    return &line->config;
}

void line_set_online(struct fax_line *line, bool online)
{
    if (atomic_exchange(&line->online, online) != online && line->ops->online_changed != NULL)
        line->ops->online_changed(line, online);
}

void line_set_send_enabled(struct fax_line *line, bool enabled)
{
    atomic_store(&line->send_enabled, enabled);
}

void line_set_receive_enabled(struct fax_line *line, bool enabled)
{
    atomic_store(&line->receive_enabled, enabled);
}

/* One lock for every line's idents: they change rarely and are read once per call. */
static pthread_mutex_t idents_lock = PTHREAD_MUTEX_INITIALIZER;

static bool replace_ident(const char **field, const char *value)
{
    char *copy = value != NULL ? strdup(value) : NULL;
    if (value == NULL || copy == NULL)
        return value == NULL;
    free((char *) *field);
    *field = copy;
    return true;
}

bool line_set_idents(struct fax_line *line, const char *tsid, const char *csid)
{
    if ((tsid != NULL && strlen(tsid) > FAX_IDENT_MAX) || (csid != NULL && strlen(csid) > FAX_IDENT_MAX))
        return false;
    pthread_mutex_lock(&idents_lock);
    bool ok = replace_ident(&line->config.tsid, tsid) && replace_ident(&line->config.csid, csid);
    pthread_mutex_unlock(&idents_lock);
    return ok;
}

void line_idents(const struct fax_line *line, char tsid[FAX_IDENT_MAX + 1], char csid[FAX_IDENT_MAX + 1])
{
    pthread_mutex_lock(&idents_lock);
    if (tsid != NULL)
        snprintf(tsid, FAX_IDENT_MAX + 1, "%s", line->config.tsid);
    if (csid != NULL)
        snprintf(csid, FAX_IDENT_MAX + 1, "%s", line->config.csid);
    pthread_mutex_unlock(&idents_lock);
}

void line_call_init(struct line_call *call, const struct line_call_ops *ops, int references)
{
    call->ops = ops;
    atomic_init(&call->references, references);
}

void line_call_abort(struct line_call *call)
{
    call->ops->abort(call);
}

void line_call_release(struct line_call *call)
{
    if (call != NULL && atomic_fetch_sub(&call->references, 1) == 1)
        call->ops->destroy(call);
}

enum { CONFIG_STRINGS = 6 };

/* The configuration's strings, in one place so that copying and freeing cannot drift apart. */
static void config_strings(struct fax_line_config *config, const char **strings[CONFIG_STRINGS])
{
    strings[0] = &config->number;
    strings[1] = &config->name;
    strings[2] = &config->device_id;
    strings[3] = &config->tsid;
    strings[4] = &config->csid;
    strings[5] = &config->receive_dir;
}

bool line_init(struct fax_line *line, const struct fax_line_ops *ops, const struct fax_line_config *config)
{
    const char **strings[CONFIG_STRINGS];
    bool copied = true;

    memset(line, 0, sizeof *line);
    line->ops = ops;
    line->config = *config;
    config_strings(&line->config, strings);
    /* Absent strings become "", so that nobody reading a line's configuration meets NULL. */
    for (size_t i = 0; i < CONFIG_STRINGS; i++) {
        char *copy = copied ? strdup(*strings[i] != NULL ? *strings[i] : "") : NULL;
        copied = copied && copy != NULL;
        *strings[i] = copy;
    }
    atomic_init(&line->online, true);
    atomic_init(&line->send_enabled, config->send_enabled);
    atomic_init(&line->receive_enabled, config->receive_enabled);
    atomic_init(&line->activity, LINE_STATE_IDLE);
    if (!copied)
        line_cleanup(line);
    return copied;
}

void line_cleanup(struct fax_line *line)
{
    const char **strings[CONFIG_STRINGS];
    config_strings(&line->config, strings);
    for (size_t i = 0; i < CONFIG_STRINGS; i++) {
        free((char *) *strings[i]);
        *strings[i] = NULL;
    }
}

/* A call is answered only with room for a fax of many pages: T.30 confirms each page (MCF) as it
   arrives, and a page confirmed but never stored is lost for good. Not answering makes the sender retry. */
#define LINE_RX_MIN_FREE (1024 * 1024)

char *line_create_rx_file(const struct fax_line *line, atomic_uint *counter, char *why, size_t why_size)
{
    char digits[64], path[4096];
    size_t length = 0;
    struct statvfs room;
    if (line->config.receive_dir != NULL && statvfs(line->config.receive_dir, &room) == 0
        && (unsigned long long) room.f_bavail * room.f_frsize < LINE_RX_MIN_FREE) {
        snprintf(why, why_size, "line %.20s cannot store a fax: %.120s has %llu KB free", line->config.number,
                 line->config.receive_dir, (unsigned long long) room.f_bavail * room.f_frsize / 1024);
        return NULL;
    }
    for (const char *c = line->config.number; *c != '\0' && length + 1 < sizeof digits; c++)
        if (isdigit((unsigned char) *c))
            digits[length++] = *c;
    digits[length] = '\0';
    long long now = (long long) time(NULL);
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned number = atomic_fetch_add(counter, 1) + 1;
        snprintf(path, sizeof path, "%s/rx-%s-%lld-%u.tif", line->config.receive_dir, digits, now, number);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd >= 0) {
            close(fd);
            char *copy = strdup(path);
            if (copy == NULL) {
                remove(path);
                snprintf(why, why_size, "out of memory");
            }
            return copy;
        }
        if (errno != EEXIST)
            break;
    }
    int failure = errno;
    snprintf(why, why_size, "line %.20s cannot store a fax as %.120s: %s", line->config.number, path,
             strerror(failure));
    return NULL;
}

void line_report_progress(struct fax_line *sending_line, const struct fax_call_observer *observer,
                          struct fax_line *receiving_line, const struct fax_call_progress *progress)
{
    if (progress->end == FAX_CALL_SENDER) {
        if (progress->phase == FAX_CALL_TRAINING || progress->phase == FAX_CALL_SENDING_PAGE)
            atomic_store(&sending_line->activity, LINE_STATE_SENDING);
        if (observer->on_progress != NULL)
            observer->on_progress(observer->user_data, progress);
        return;
    }
    const struct line_receiver *receiver = &receiving_line->config.receiver;
    if (receiver->on_progress != NULL)
        receiver->on_progress(receiver->user_data, receiving_line, progress);
}

void line_report_reception(struct fax_line *line, const char *rx_path, const char *caller_id,
                           const struct fax_call_end_result *rx, const struct fax_call_result *result)
{
    if (rx->pages == 0)
        remove(rx_path);
    const struct line_receiver *receiver = &line->config.receiver;
    struct fax_received fax = {
        .path = rx->pages > 0 ? rx_path : NULL,
        .remote_ident = rx->remote_ident,
        .sub_address = rx->sub_address,
        .caller_id = caller_id,
        .pages = rx->pages,
        .complete = rx->completion_code == 0 && rx->pages > 0,
        .call = result,
    };
    if (receiver->on_fax_received != NULL)
        receiver->on_fax_received(receiver->user_data, line, &fax);
}
