/*
 * The media threads (see media_pool.h). Each thread has its own epoll set and its own list of members;
 * the only shared state is the list of members waiting to join it (under its lock) and its load, so
 * that calls on different threads never meet.
 */
#include "media_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "fax_endpoint.h"   /* fax_pace_block */

enum { EVENTS_PER_WAIT = 256 };

struct media_thread {
    pthread_t thread;
    int epoll_fd;
    pthread_mutex_t lock;                   /* guards arrivals and stopping */
    pthread_cond_t wake;
    struct media_pool_member *arrivals;     /* joined, not yet taken in */
    bool stopping;
    atomic_int load;                        /* members owned or arriving: where the next one goes */
    struct media_pool_member *members;      /* the thread's own */
};

static struct {
    pthread_mutex_t lock;                   /* guards all below */
    int references;
    int wanted;                             /* media_pool_set_threads; 0 = online CPUs */
    int count;
    struct media_thread *threads;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER };

const char *media_pool_strerror(enum media_pool_status status)
{
    switch (status) {
    case MEDIA_POOL_OK:
        return "no error";
    case MEDIA_POOL_ERR_THREAD:
        return "no media thread could be started";
    case MEDIA_POOL_ERR_EPOLL:
        return "no epoll instance for a media thread";
    }
    return "unknown media pool status";
}

void media_pool_set_threads(int count)
{
    pthread_mutex_lock(&pool.lock);
    pool.wanted = count > 0 ? count : 0;
    pthread_mutex_unlock(&pool.lock);
}

/* Takes in the members that joined since the last tick. true when the thread has members to tick; false
   when it is stopping. An idle thread sleeps here; *fresh says its schedule starts again from now. */
static bool take_arrivals(struct media_thread *t, bool *fresh)
{
    *fresh = t->members == NULL;
    pthread_mutex_lock(&t->lock);
    while (t->members == NULL && t->arrivals == NULL && !t->stopping)
        pthread_cond_wait(&t->wake, &t->lock);
    struct media_pool_member *arrived = t->arrivals;
    t->arrivals = NULL;
    bool stopping = t->stopping && t->members == NULL && arrived == NULL;
    pthread_mutex_unlock(&t->lock);

    while (arrived != NULL) {
        struct media_pool_member *member = arrived;
        arrived = member->next;
        struct epoll_event event = { .events = EPOLLIN, .data.ptr = member };
        member->watched = epoll_ctl(t->epoll_fd, EPOLL_CTL_ADD, member->fd, &event) == 0;
        member->readable = false;
        member->next = t->members;
        t->members = member;
    }
    return !stopping;
}

/* Marks the members with datagrams waiting: one syscall per tick for all of them, level-triggered, so
   what a member leaves unread shows again next tick. */
static void mark_readable(struct media_thread *t)
{
    struct epoll_event events[EVENTS_PER_WAIT];
    int ready;
    do {
        ready = epoll_wait(t->epoll_fd, events, EVENTS_PER_WAIT, 0);
        for (int i = 0; i < ready; i++)
            ((struct media_pool_member *) events[i].data.ptr)->readable = true;
    } while (ready == EVENTS_PER_WAIT);
}

static void tick_members(struct media_thread *t, const struct timespec *due)
{
    struct media_pool_member **link = &t->members;
    while (*link != NULL) {
        struct media_pool_member *member = *link;
        bool readable = member->readable || !member->watched;
        member->readable = false;
        if (member->tick(member, readable, due)) {
            link = &member->next;
            continue;
        }
        *link = member->next;
        if (member->watched)
            epoll_ctl(t->epoll_fd, EPOLL_CTL_DEL, member->fd, NULL);
        atomic_fetch_sub(&t->load, 1);
        member->left(member);
    }
}

static void *media_thread_main(void *arg)
{
    struct media_thread *t = arg;
    struct timespec due;
    bool fresh;
    while (take_arrivals(t, &fresh)) {
        if (fresh)
            clock_gettime(CLOCK_MONOTONIC, &due);
        mark_readable(t);
        tick_members(t, &due);
        if (t->members != NULL)
            fax_pace_block(&due);
    }
    return NULL;
}

static void stop_threads(int count)
{
    for (int i = 0; i < count; i++) {
        struct media_thread *t = &pool.threads[i];
        pthread_mutex_lock(&t->lock);
        t->stopping = true;
        pthread_cond_signal(&t->wake);
        pthread_mutex_unlock(&t->lock);
        pthread_join(t->thread, NULL);
        close(t->epoll_fd);
        pthread_mutex_destroy(&t->lock);
        pthread_cond_destroy(&t->wake);
    }
    free(pool.threads);
    pool.threads = NULL;
    pool.count = 0;
}

static enum media_pool_status start_threads(void)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    int count = pool.wanted > 0 ? pool.wanted : online > 0 ? (int) online : 1;
    pool.threads = calloc((size_t) count, sizeof *pool.threads);
    if (pool.threads == NULL)
        return MEDIA_POOL_ERR_THREAD;
    for (int i = 0; i < count; i++) {
        struct media_thread *t = &pool.threads[i];
        t->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (t->epoll_fd < 0) {
            stop_threads(i);
            return MEDIA_POOL_ERR_EPOLL;
        }
        pthread_mutex_init(&t->lock, NULL);
        pthread_cond_init(&t->wake, NULL);
        atomic_init(&t->load, 0);
        if (pthread_create(&t->thread, NULL, media_thread_main, t) != 0) {
            close(t->epoll_fd);
            pthread_mutex_destroy(&t->lock);
            pthread_cond_destroy(&t->wake);
            stop_threads(i);
            return MEDIA_POOL_ERR_THREAD;
        }
    }
    pool.count = count;
    return MEDIA_POOL_OK;
}

enum media_pool_status media_pool_acquire(void)
{
    enum media_pool_status status = MEDIA_POOL_OK;
    pthread_mutex_lock(&pool.lock);
    if (pool.references == 0)
        status = start_threads();
    if (status == MEDIA_POOL_OK)
        pool.references++;
    pthread_mutex_unlock(&pool.lock);
    return status;
}

void media_pool_release(void)
{
    pthread_mutex_lock(&pool.lock);
    if (--pool.references == 0)
        stop_threads(pool.count);
    pthread_mutex_unlock(&pool.lock);
}

void media_pool_join(struct media_pool_member *member)
{
    /* the caller's reference keeps the threads; the pool lock only steadies the list while we look */
    pthread_mutex_lock(&pool.lock);
    struct media_thread *least = &pool.threads[0];
    for (int i = 1; i < pool.count; i++)
        if (atomic_load(&pool.threads[i].load) < atomic_load(&least->load))
            least = &pool.threads[i];
    atomic_fetch_add(&least->load, 1);
    pthread_mutex_unlock(&pool.lock);

    pthread_mutex_lock(&least->lock);
    member->next = least->arrivals;
    least->arrivals = member;
    pthread_cond_signal(&least->wake);
    pthread_mutex_unlock(&least->lock);
}
