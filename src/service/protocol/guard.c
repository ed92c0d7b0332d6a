#include "guard.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An address is remembered while it holds sessions, has failures, or is locked out. Beyond this many
 * such addresses the oldest idle entries are forgotten, so a scan of the Internet cannot grow faxd. */
#define GUARD_MAX_ENTRIES 4096

struct guard_entry {
    char address[64];
    int sessions, failures;
    time_t locked_until;   /* CLOCK_MONOTONIC seconds; 0: not locked */
};

struct guard {
    pthread_mutex_t lock;
    int max_sessions, max_failures, lockout;
    struct guard_entry *entries;
    size_t count;
};

static time_t now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

struct guard *guard_new(int max_sessions_per_address, int max_login_failures, int lockout_seconds)
{
    struct guard *guard = calloc(1, sizeof(*guard));

    if (!guard || !(guard->entries = calloc(GUARD_MAX_ENTRIES, sizeof(*guard->entries)))) {
        free(guard);
        return NULL;
    }
    pthread_mutex_init(&guard->lock, NULL);
    guard->max_sessions = max_sessions_per_address;
    guard->max_failures = max_login_failures;
    guard->lockout = lockout_seconds;
    return guard;
}

void guard_free(struct guard *guard)
{
    if (!guard)
        return;
    pthread_mutex_destroy(&guard->lock);
    free(guard->entries);
    free(guard);
}

static bool idle(const struct guard_entry *entry, time_t now)
{
    return !entry->sessions && !entry->failures && entry->locked_until <= now;
}

/* The entry of address, made when create; NULL when absent (or the table is full of busy addresses). */
static struct guard_entry *find_locked(struct guard *guard, const char *address, bool create)
{
    time_t now = now_seconds();

    for (size_t i = 0; i < guard->count; i++) {
        struct guard_entry *entry = &guard->entries[i];
        if (!strcmp(entry->address, address)) {
            if (entry->locked_until && entry->locked_until <= now) {   /* a lock-out served forgives */
                entry->locked_until = 0;
                entry->failures = 0;
            }
            return entry;
        }
    }
    if (!create)
        return NULL;
    for (size_t i = 0; i < guard->count; i++)   /* reuse a forgotten one first */
        if (idle(&guard->entries[i], now)) {
            guard->entries[i] = guard->entries[--guard->count];
            break;
        }
    if (guard->count == GUARD_MAX_ENTRIES)
        return NULL;
    struct guard_entry *entry = &guard->entries[guard->count++];
    memset(entry, 0, sizeof(*entry));
    snprintf(entry->address, sizeof(entry->address), "%s", address);
    return entry;
}

bool guard_session_begin(struct guard *guard, const char *address)
{
    pthread_mutex_lock(&guard->lock);
    struct guard_entry *entry = find_locked(guard, address, true);
    bool ok = entry && entry->sessions < guard->max_sessions;
    if (ok)
        entry->sessions++;
    pthread_mutex_unlock(&guard->lock);
    return ok;
}

void guard_session_end(struct guard *guard, const char *address)
{
    pthread_mutex_lock(&guard->lock);
    struct guard_entry *entry = find_locked(guard, address, false);
    if (entry && entry->sessions > 0)
        entry->sessions--;
    pthread_mutex_unlock(&guard->lock);
}

bool guard_locked_out(struct guard *guard, const char *address)
{
    pthread_mutex_lock(&guard->lock);
    struct guard_entry *entry = find_locked(guard, address, false);
    bool locked = entry && entry->locked_until;
    pthread_mutex_unlock(&guard->lock);
    return locked;
}

bool guard_login_failed(struct guard *guard, const char *address)
{
    bool locked = false;

    pthread_mutex_lock(&guard->lock);
    struct guard_entry *entry = find_locked(guard, address, true);
    if (entry && ++entry->failures >= guard->max_failures && guard->lockout > 0 && !entry->locked_until) {
        entry->locked_until = now_seconds() + guard->lockout;
        locked = true;
    }
    pthread_mutex_unlock(&guard->lock);
    return locked;
}

void guard_login_ok(struct guard *guard, const char *address)
{
    pthread_mutex_lock(&guard->lock);
    struct guard_entry *entry = find_locked(guard, address, false);
    if (entry && !entry->locked_until)
        entry->failures = 0;
    pthread_mutex_unlock(&guard->lock);
}
