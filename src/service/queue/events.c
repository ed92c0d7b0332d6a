/* The event bus: watchers with bounded buffers, woken through a pipe each (events.h says why). */
#include "events.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct faxd_watcher {
    struct faxd_events *events;
    struct faxd_watcher *next;
    struct trigger_spec spec;
    struct faxd_event *ring;        /* EVENTS_BUFFERED slots */
    size_t head, count;
    bool dropped;
    int wake[2];                    /* [0] polled by the session, [1] written by posters (non-blocking) */
};

struct faxd_events {
    pthread_mutex_t lock;
    struct faxd_watcher *watchers;
    atomic_int watching;            /* lets posters skip formatting when nobody watches */
    bool closed;
};

struct faxd_events *events_new(void)
{
    struct faxd_events *events = calloc(1, sizeof(*events));

    if (events)
        pthread_mutex_init(&events->lock, NULL);
    return events;
}

static void wake(struct faxd_watcher *watcher)
{
    char byte = 1;
    ssize_t ignored = write(watcher->wake[1], &byte, 1);   /* a full pipe already wakes the reader */
    (void)ignored;
}

static void free_bus(struct faxd_events *events)
{
    pthread_mutex_destroy(&events->lock);
    free(events);
}

void events_close(struct faxd_events *events)
{
    if (!events)
        return;
    pthread_mutex_lock(&events->lock);
    events->closed = true;
    for (struct faxd_watcher *w = events->watchers; w; w = w->next)
        wake(w);
    bool unwatched = !events->watchers;
    pthread_mutex_unlock(&events->lock);
    if (unwatched)
        free_bus(events);
}

struct faxd_watcher *events_watch(struct faxd_events *events, const struct trigger_spec *spec)
{
    struct faxd_watcher *watcher = calloc(1, sizeof(*watcher));

    if (!watcher)
        return NULL;
    watcher->ring = calloc(EVENTS_BUFFERED, sizeof(*watcher->ring));
    if (!watcher->ring || pipe2(watcher->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        free(watcher->ring);
        free(watcher);
        return NULL;
    }
    watcher->events = events;
    watcher->spec = *spec;
    pthread_mutex_lock(&events->lock);
    watcher->next = events->watchers;
    events->watchers = watcher;
    atomic_fetch_add(&events->watching, 1);
    if (events->closed)
        wake(watcher);
    pthread_mutex_unlock(&events->lock);
    return watcher;
}

void events_unwatch(struct faxd_watcher *watcher)
{
    if (!watcher)
        return;
    struct faxd_events *events = watcher->events;
    pthread_mutex_lock(&events->lock);
    for (struct faxd_watcher **p = &events->watchers; *p; p = &(*p)->next)
        if (*p == watcher) {
            *p = watcher->next;
            break;
        }
    atomic_fetch_sub(&events->watching, 1);
    bool last = events->closed && !events->watchers;
    pthread_mutex_unlock(&events->lock);
    close(watcher->wake[0]);
    close(watcher->wake[1]);
    free(watcher->ring);
    free(watcher);
    if (last)
        free_bus(events);
}

int events_wake_fd(const struct faxd_watcher *watcher)
{
    return watcher->wake[0];
}

size_t events_take(struct faxd_watcher *watcher, struct faxd_event *out, size_t max, bool *dropped, bool *closed)
{
    char drain[64];
    size_t n = 0;

    while (read(watcher->wake[0], drain, sizeof(drain)) > 0)   /* before taking: a later post wakes again */
        ;
    pthread_mutex_lock(&watcher->events->lock);
    for (; n < max && watcher->count; n++) {
        out[n] = watcher->ring[watcher->head];
        watcher->head = (watcher->head + 1) % EVENTS_BUFFERED;
        watcher->count--;
    }
    if (watcher->count)   /* more than max waited: come back at once */
        wake(watcher);
    *dropped = watcher->dropped;
    *closed = watcher->events->closed;
    pthread_mutex_unlock(&watcher->events->lock);
    return n;
}

void events_post(struct faxd_events *events, enum trigger_event event, const char *id, const char *format, ...)
{
    struct faxd_event posted = { .event = event, .when = time(NULL) };
    va_list args;

    if (!events || atomic_load(&events->watching) == 0)
        return;
    va_start(args, format);
    vsnprintf(posted.text, sizeof(posted.text), format, args);
    va_end(args);
    pthread_mutex_lock(&events->lock);
    for (struct faxd_watcher *w = events->closed ? NULL : events->watchers; w; w = w->next) {
        if (w->dropped || !trigger_matches(&w->spec, event, id))
            continue;
        if (w->count == EVENTS_BUFFERED) {
            w->dropped = true;   /* the session drops the watcher and says so */
        } else {
            w->ring[(w->head + w->count) % EVENTS_BUFFERED] = posted;
            w->count++;
        }
        wake(w);
    }
    pthread_mutex_unlock(&events->lock);
}
