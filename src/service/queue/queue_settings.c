/*
 * What SITE FAXD changes, applied under the queue's lock: the server settings (the scheduler's policy,
 * the pause, branding, the archive), each port (its engine line, its rank for sending) and which routing
 * methods run. Each kind is kept in a file of its own under SPOOL/etc, rewritten whole and atomically on
 * every change, and loaded over faxd.conf at start. A change that cannot be stored is undone.
 */
#include "queue_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"

#define SETTINGS_FILE "etc/settings"   /* "Name: value" */
#define PORTS_FILE "etc/ports"         /* "NUMBER Setting: value" */
#define ROUTES_FILE "etc/routes"       /* "NUMBER {GUID}: 0|1" */

/* Writes text (malloc'd; freed here) into the spool. */
static bool store(struct faxd_queue *queue, const char *relative, char *text, size_t size)
{
    bool ok = text && spool_write_atomic(queue->spool, relative, text, size) == SPOOL_OK;
    free(text);
    if (!ok)
        faxd_log("cannot write %s: the change is undone", relative);
    return ok;
}

/* Builds a file's text line by line. */
static FILE *text_out(char **text, size_t *size)
{
    *text = NULL;
    *size = 0;
    return open_memstream(text, size);
}

static char *text_end(FILE *out, char **text)
{
    if (out && fclose(out) == 0)
        return *text;
    free(*text);
    return NULL;
}

/* ---- the server's settings ---- */

static void apply_settings_locked(struct faxd_queue *queue)
{
    const struct faxd_settings *s = &queue->settings;

    queue->policy.max_tries = s->retries + 1;
    queue->policy.retry_delay = s->retry_delay;
    queue->policy.discount_start = s->discount_start;
    queue->policy.discount_end = s->discount_end;
    queue->policy.queue_paused = s->queue_paused;
    queue_wake_all_locked(queue);   /* a job may go now, or a done job may have aged out */
}

void queue_settings(struct faxd_queue *queue, struct faxd_settings *out)
{
    pthread_mutex_lock(&queue->lock);
    *out = queue->settings;
    pthread_mutex_unlock(&queue->lock);
}

enum queue_result queue_set_setting(struct faxd_queue *queue, const char *name, const char *value, char *why,
                                    size_t why_size)
{
    enum queue_result result = QUEUE_OK;
    size_t size = 0;

    pthread_mutex_lock(&queue->lock);
    struct faxd_settings next = queue->settings;
    if (!settings_set(&next, name, value, why, why_size)) {
        result = QUEUE_INVALID;
    } else {
        char *text = settings_serialize(&next, &size);
        if (!store(queue, SETTINGS_FILE, text, size)) {
            result = QUEUE_IO;
        } else {
            queue->settings = next;
            apply_settings_locked(queue);
        }
    }
    pthread_mutex_unlock(&queue->lock);
    return result;
}

/* ---- ports ---- */

struct faxd_line *queue_line_ranked_locked(struct faxd_queue *queue, int rank)
{
    for (size_t i = 0; i < queue->line_count; i++)
        if (queue->lines[i].priority == rank)
            return &queue->lines[i];
    return NULL;
}

/* Moves a line to rank `to`; the lines in between shift by one, so the ranks stay 1..count, each once. */
static void rerank_locked(struct faxd_queue *queue, struct faxd_line *moved, int to)
{
    int from = moved->priority;

    for (size_t i = 0; i < queue->line_count; i++) {
        struct faxd_line *line = &queue->lines[i];
        if (line != moved && to < from && line->priority >= to && line->priority < from)
            line->priority++;
        else if (line != moved && to > from && line->priority > from && line->priority <= to)
            line->priority--;
    }
    moved->priority = to;
}

/* Configured priorities may repeat or leave gaps: rank them 1..count, ties in configuration order. */
static void normalize_ranks_locked(struct faxd_queue *queue)
{
    int ranks[FAXD_MAX_PORTS];   /* 4 KB: fits any of faxd's stacks */

    for (size_t i = 0; i < queue->line_count; i++) {
        ranks[i] = 1;
        for (size_t j = 0; j < queue->line_count; j++)
            if (queue->lines[j].priority < queue->lines[i].priority
                || (queue->lines[j].priority == queue->lines[i].priority && j < i))
                ranks[i]++;
    }
    for (size_t i = 0; i < queue->line_count; i++)
        queue->lines[i].priority = ranks[i];
}

static void port_value(const struct faxd_line *line, enum port_setting setting, char *out, size_t size)
{
    char tsid[FAX_IDENT_MAX + 1], csid[FAX_IDENT_MAX + 1];

    line_idents(line->line, tsid, csid);
    switch (setting) {
    case PORT_RINGS: snprintf(out, size, "%d", line->rings); break;
    case PORT_CSID: snprintf(out, size, "%s", csid); break;
    case PORT_TSID: snprintf(out, size, "%s", tsid); break;
    case PORT_SEND: snprintf(out, size, "%d", atomic_load(&line->line->send_enabled) ? 1 : 0); break;
    case PORT_RECEIVE: snprintf(out, size, "%d", atomic_load(&line->line->receive_enabled) ? 1 : 0); break;
    default: snprintf(out, size, "%d", line->priority); break;
    }
}

/* value and number as port_setting_check left them. */
static void apply_port_locked(struct faxd_queue *queue, struct faxd_line *line, enum port_setting setting,
                              const char *value, int number)
{
    switch (setting) {
    case PORT_RINGS: line->rings = number; break;   /* the loopback answers at once; a modem line counts them */
    case PORT_CSID: line_set_idents(line->line, NULL, value); break;
    case PORT_TSID: line_set_idents(line->line, value, NULL); break;
    case PORT_SEND: line_set_send_enabled(line->line, number); break;
    case PORT_RECEIVE: line_set_receive_enabled(line->line, number); break;
    default: rerank_locked(queue, line, number); break;
    }
    if (setting == PORT_SEND || setting == PORT_RECEIVE) {   /* a line that does neither is down, as a modem */
        bool up = atomic_load(&line->line->send_enabled) || atomic_load(&line->line->receive_enabled);
        queue_post_line(queue, up ? EV_MODEM_READY : EV_MODEM_DOWN, line, NULL);
    }
    line->stored |= 1u << setting;
    if (setting == PORT_PRIORITY)   /* one line's rank moves the others: the order is kept whole */
        for (size_t i = 0; i < queue->line_count; i++)
            queue->lines[i].stored |= 1u << PORT_PRIORITY;
    queue_wake_all_locked(queue);   /* a line may send now */
}

static bool store_ports_locked(struct faxd_queue *queue)
{
    char *text, value[64];
    size_t size;
    FILE *out = text_out(&text, &size);

    for (size_t i = 0; out && i < queue->line_count; i++)
        for (int s = 0; s < PORT_SETTING_COUNT; s++)
            if (queue->lines[i].stored & 1u << s) {
                port_value(&queue->lines[i], (enum port_setting)s, value, sizeof(value));
                fprintf(out, "%s %s: %s\n", line_config(queue->lines[i].line)->number,
                        port_setting_name((enum port_setting)s), value);
            }
    text = text_end(out, &text);
    return store(queue, PORTS_FILE, text, size);
}

enum queue_result queue_set_port(struct faxd_queue *queue, size_t index, enum port_setting setting, const char *value,
                                 char *why, size_t why_size)
{
    enum queue_result result = QUEUE_OK;
    int number = 0;

    pthread_mutex_lock(&queue->lock);
    if (!port_setting_check(setting, value, (int)queue->line_count, &number, why, why_size)) {
        pthread_mutex_unlock(&queue->lock);
        return QUEUE_INVALID;
    }
    struct faxd_line *line = &queue->lines[index];
    struct { int priority; unsigned stored; } before[FAXD_MAX_PORTS];   /* 8 KB of a session's 512 */
    char old_value[64];
    int old_number = 0;

    for (size_t i = 0; i < queue->line_count; i++)
        before[i].priority = queue->lines[i].priority, before[i].stored = queue->lines[i].stored;
    port_value(line, setting, old_value, sizeof(old_value));
    apply_port_locked(queue, line, setting, value, number);
    if (!store_ports_locked(queue)) {
        port_setting_check(setting, old_value, (int)queue->line_count, &old_number, why, why_size);
        apply_port_locked(queue, line, setting, old_value, old_number);
        for (size_t i = 0; i < queue->line_count; i++)
            queue->lines[i].priority = before[i].priority, queue->lines[i].stored = before[i].stored;
        result = QUEUE_IO;
    }
    pthread_mutex_unlock(&queue->lock);
    return result;
}

static struct faxd_line *line_numbered(struct faxd_queue *queue, const char *number)
{
    for (size_t i = 0; i < queue->line_count; i++)
        if (!strcmp(line_config(queue->lines[i].line)->number, number))
            return &queue->lines[i];
    return NULL;
}

/* "1001 Tsid: value" from SPOOL/etc/ports. */
static void load_port(void *context, char *key, char *value)
{
    struct faxd_queue *queue = context;
    char *space = strchr(key, ' '), why[120];
    int number = 0, setting = space ? port_setting_find(space + 1) : -1;
    struct faxd_line *line = NULL;

    if (space)
        *space = 0;
    if (setting < 0 || !(line = line_numbered(queue, key))) {
        faxd_log("%s: \"%.40s\" is no setting of a line here; skipped", PORTS_FILE, key);
        return;
    }
    if (!port_setting_check((enum port_setting)setting, value, (int)queue->line_count, &number, why, sizeof(why))) {
        faxd_log("%s: line %s %s: %s; skipped", PORTS_FILE, key, port_setting_name((enum port_setting)setting), why);
        return;
    }
    if (setting == PORT_PRIORITY) {   /* ranked once all are read */
        line->priority = number;
        line->stored |= 1u << PORT_PRIORITY;
    } else {
        apply_port_locked(queue, line, (enum port_setting)setting, value, number);
    }
}

/* ---- routing methods ---- */

static bool route_of(const struct faxd_queue *queue, size_t route, const char *number, enum faxd_route_method method)
{
    const struct faxd_route *r = &queue->config->routes[route];
    return r->method == method && !strcmp(r->line, number);
}

void queue_routes(struct faxd_queue *queue, size_t line, struct queue_route_info out[3])
{
    const char *number = line_config(queue->lines[line].line)->number;

    pthread_mutex_lock(&queue->lock);
    for (int m = ROUTE_FOLDER; m <= ROUTE_EMAIL; m++) {
        bool found = false;
        out[m] = (struct queue_route_info){ .method = (enum faxd_route_method)m };
        for (size_t i = 0; i < queue->config->route_count; i++)
            if (route_of(queue, i, number, (enum faxd_route_method)m)) {
                if (!found)
                    snprintf(out[m].data, sizeof(out[m].data), "%s", queue->config->routes[i].argument);
                found = true;
                out[m].enabled |= queue->route_enabled[i];
            }
    }
    pthread_mutex_unlock(&queue->lock);
}

/* Sets every configured route of the method on the line; false when it has none. */
static bool enable_locked(struct faxd_queue *queue, const char *number, enum faxd_route_method method, bool enabled)
{
    bool any = false;
    for (size_t i = 0; i < queue->config->route_count; i++)
        if (route_of(queue, i, number, method)) {
            queue->route_enabled[i] = enabled;
            any = true;
        }
    return any;
}

static bool store_routes_locked(struct faxd_queue *queue)
{
    char *text;
    size_t size;
    FILE *out = text_out(&text, &size);

    for (size_t l = 0; out && l < queue->line_count; l++)
        for (int m = ROUTE_FOLDER; m <= ROUTE_EMAIL; m++) {
            const char *number = line_config(queue->lines[l].line)->number;
            bool any = false, enabled = false;
            for (size_t i = 0; i < queue->config->route_count; i++)
                if (route_of(queue, i, number, (enum faxd_route_method)m)) {
                    any = true;
                    enabled |= queue->route_enabled[i];
                }
            if (any)
                fprintf(out, "%s %s: %d\n", number, faxd_route_guid((enum faxd_route_method)m), enabled);
        }
    text = text_end(out, &text);
    return store(queue, ROUTES_FILE, text, size);
}

enum queue_result queue_enable_route(struct faxd_queue *queue, size_t line, enum faxd_route_method method,
                                     bool enabled)
{
    const char *number = line_config(queue->lines[line].line)->number;
    bool before[FAXD_MAX_ROUTES];
    enum queue_result result = QUEUE_OK;

    pthread_mutex_lock(&queue->lock);
    memcpy(before, queue->route_enabled, sizeof(before));
    if (!enable_locked(queue, number, method, enabled)) {
        result = enabled ? QUEUE_INVALID : QUEUE_OK;   /* disabling what is not there changes nothing */
    } else if (!store_routes_locked(queue)) {
        memcpy(queue->route_enabled, before, sizeof(before));
        result = QUEUE_IO;
    }
    pthread_mutex_unlock(&queue->lock);
    return result;
}

/* "1002 {GUID}: 0|1" from SPOOL/etc/routes. */
static void load_route(void *context, char *key, char *value)
{
    struct faxd_queue *queue = context;
    char *space = strchr(key, ' ');
    enum faxd_route_method method;

    if (space)
        *space = 0;
    if (!space || !faxd_route_method_of(space + 1, &method) || (strcmp(value, "0") && strcmp(value, "1"))
        || !enable_locked(queue, key, method, !strcmp(value, "1")))
        faxd_log("%s: \"%.40s\" is no routing method configured here; skipped", ROUTES_FILE, key);
}

/* ---- at start ---- */

/* Why a stored file is not one faxd wrote (it writes whole "key: value" lines, atomically), or NULL. */
static const char *damage_of(const char *text, size_t size)
{
    if (strlen(text) != size)
        return "it holds binary data";
    if (size && text[size - 1] != '\n')
        return "it is cut short";
    for (const char *line = text; *line; line = strchr(line, '\n') + 1) {
        const char *end = strchr(line, '\n'), *colon = strstr(line, ": ");
        if (end != line && (!colon || colon > end))
            return "a line is not \"key: value\"";
    }
    return NULL;
}

/* A damaged file is set aside whole: half of a file's settings could be worse than faxd.conf's. */
static char *read_stored(struct faxd_queue *queue, const char *relative)
{
    char *text = NULL, kept[300];
    size_t size = 0;
    const char *damage;

    if (spool_read(queue->spool, relative, &text, &size) != SPOOL_OK)
        return NULL;
    if ((damage = damage_of(text, size))) {
        free(text);
        if (spool_quarantine(queue->spool, relative, kept, sizeof(kept)) == SPOOL_OK)
            faxd_log("%s is damaged (%s); moved to %s, faxd.conf applies", relative, damage, kept);
        else
            faxd_log("%s is damaged (%s) and cannot be moved aside; faxd.conf applies", relative, damage);
        return NULL;
    }
    faxd_log("%s loaded: it overrides faxd.conf", relative);
    return text;
}

void queue_settings_load(struct faxd_queue *queue)
{
    char *text;

    pthread_mutex_lock(&queue->lock);
    settings_from_config(&queue->settings, queue->config);
    if ((text = read_stored(queue, SETTINGS_FILE)))
        settings_parse(&queue->settings, text);
    free(text);
    queue->policy.max_dials = queue->config->max_dials;
    queue->policy.time_of_day_fixed = queue->config->time_of_day_fixed;
    queue->policy.fixed_minute_of_day = queue->config->fixed_minute_of_day;
    apply_settings_locked(queue);

    if ((text = read_stored(queue, PORTS_FILE)))
        settings_each_line(text, load_port, queue);
    free(text);
    normalize_ranks_locked(queue);

    for (size_t i = 0; i < queue->config->route_count; i++)
        queue->route_enabled[i] = queue->config->routes[i].enabled;
    if ((text = read_stored(queue, ROUTES_FILE)))
        settings_each_line(text, load_route, queue);
    free(text);
    pthread_mutex_unlock(&queue->lock);
}
