/*
 * The event bus behind SITE TRIGGER: the queue, the scheduler and the lines post events; each watching
 * session gets the ones its trigger wants, in order, through a bounded buffer of its own. Posting never
 * blocks: it copies into the buffers under the bus lock (taken last, after the queue lock) and wakes the
 * watchers through a pipe. A watcher that lets its buffer fill is dropped (overflowed), not waited for.
 */
#ifndef OPENFAXCOM_FAXD_EVENTS_H
#define OPENFAXCOM_FAXD_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "trigger.h"

/* Events a watcher may have waiting before it is dropped. */
#define EVENTS_BUFFERED 512

struct faxd_event {
    enum trigger_event event;
    time_t when;
    char text[400];    /* what follows "HHMMSS NNN ": "JOB 12 (dest 1002 pri 127 com ): Ready to send" */
};

struct faxd_events;
struct faxd_watcher;

struct faxd_events *events_new(void);
/* The owner is done: posting stops, watchers are woken (they see events_closed) and the bus is freed
 * when the last of them leaves. */
void events_close(struct faxd_events *events);

/* NULL when out of memory or file descriptors. */
struct faxd_watcher *events_watch(struct faxd_events *events, const struct trigger_spec *spec);
void events_unwatch(struct faxd_watcher *watcher);
/* Readable when events wait (or the watcher was dropped, or the bus closed). */
int events_wake_fd(const struct faxd_watcher *watcher);
/* Moves up to max waiting events into out; *dropped: the buffer overflowed (the events after it were
 * lost), *closed: the bus closed. */
size_t events_take(struct faxd_watcher *watcher, struct faxd_event *out, size_t max, bool *dropped, bool *closed);

/* id: the job id or line name trigger filters compare with. */
void events_post(struct faxd_events *events, enum trigger_event event, const char *id, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

#endif
