/*
 * The threads that run SIP calls' media (sip_media.c): a few threads (one per online CPU unless set),
 * each driving every call it owns from one 20 ms schedule on CLOCK_MONOTONIC. A thread wakes once per
 * tick, asks epoll which of its calls' sockets have datagrams waiting, and ticks each call in turn; a
 * thread per call would sleep and wake once per call per tick, which cost more than the calls' work.
 *
 * A member is owned by one thread from media_pool_join until its tick returns false, so the call's
 * state needs no lock on the hot path; it joins and leaves between ticks. Engine-internal to
 * src/engine/sip.
 */
#ifndef OPENFAXCOM_MEDIA_POOL_H
#define OPENFAXCOM_MEDIA_POOL_H

#include <stdbool.h>
#include <time.h>

struct media_thread;

struct media_pool_member {
    int fd;   /* the call's UDP socket (non-blocking); watched for input while the member is in the pool */
    /* One tick, due at *due: readable says datagrams wait on fd. false: the member leaves the pool. */
    bool (*tick)(struct media_pool_member *member, bool readable, const struct timespec *due);
    /* Once it has left (fd no longer watched), from its thread: the last the pool touches the member, which
       whoever waits for it may free at once. */
    void (*left)(struct media_pool_member *member);
    /* the owner's own */
    struct media_pool_member *next;
    bool watched;    /* fd is in the thread's epoll set; if the kernel refused, the member reads every tick */
    bool readable;
};

enum media_pool_status { MEDIA_POOL_OK, MEDIA_POOL_ERR_THREAD, MEDIA_POOL_ERR_EPOLL };
const char *media_pool_strerror(enum media_pool_status status);

/* The thread count for the next start of the pool (0: one per online CPU); a running pool keeps its own. */
void media_pool_set_threads(int count);
/* Takes a reference on the pool, starting its threads on the first; the last release stops them. A
   member may only join while its caller holds a reference. */
enum media_pool_status media_pool_acquire(void);
void media_pool_release(void);
/* Hands the member to the least loaded thread; its first tick comes at that thread's next one. */
void media_pool_join(struct media_pool_member *member);

#endif
