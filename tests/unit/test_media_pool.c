/*
 * The media threads (media_pool.h) with members of our own, no fax: each member has a UDP socket on
 * 127.0.0.1 and ticks a fixed number of times. Checks that every member is ticked by one thread only,
 * that the members spread over the threads (or share the one thread), that readable says what waits on a
 * socket and says it again while a datagram stays unread, that left comes once the member has left, and
 * that the pool stops with its last reference and starts again. No timing is asserted: the waits poll
 * with a generous hang guard, so the test also runs under valgrind.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#include "media_pool.h"

enum { TICKS = 10, MEMBERS = 6, HANG_GUARD_SECONDS = 60 };

struct test_member {
    struct media_pool_member member;   /* first: the tick's member is the test_member */
    int ticks;
    pthread_t thread;
    bool other_thread;                 /* a tick came on another thread than the first */
    int readable_ticks, datagrams;
    bool read_late;                    /* leaves its first datagram unread for one tick */
    atomic_bool left;
};

static bool member_tick(struct media_pool_member *member, bool readable, const struct timespec *due)
{
    struct test_member *m = (struct test_member *) member;
    (void) due;
    if (m->ticks == 0)
        m->thread = pthread_self();
    else if (!pthread_equal(m->thread, pthread_self()))
        m->other_thread = true;
    if (readable) {
        m->readable_ticks++;
        if (!m->read_late || m->readable_ticks > 1) {
            char buf[64];
            while (recv(m->member.fd, buf, sizeof buf, MSG_DONTWAIT) >= 0)
                m->datagrams++;
        }
    }
    return ++m->ticks < TICKS;
}

static void member_left(struct media_pool_member *member)
{
    atomic_store(&((struct test_member *) member)->left, true);
}

static int udp_socket(struct sockaddr_in *address)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    socklen_t length = sizeof *address;
    *address = (struct sockaddr_in) { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0 || bind(fd, (struct sockaddr *) address, sizeof *address) != 0 ||
        getsockname(fd, (struct sockaddr *) address, &length) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static bool all_left(struct test_member *members, int count)
{
    for (int wait = 0; wait < HANG_GUARD_SECONDS * 100; wait++) {
        int left = 0;
        for (int i = 0; i < count; i++)
            left += atomic_load(&members[i].left);
        if (left == count)
            return true;
        nanosleep(&(struct timespec) { 0, 10 * 1000 * 1000 }, NULL);
    }
    return false;
}

/* count members on a pool of `threads`; the odd ones find a datagram waiting, member 1 reads it late. */
static void run_members(const char *name, int threads, int count)
{
    struct test_member members[MEMBERS];
    int sender = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    media_pool_set_threads(threads);
    enum media_pool_status status = media_pool_acquire();
    check(status == MEDIA_POOL_OK, "%s: the pool starts (%s)", name, media_pool_strerror(status));
    if (status != MEDIA_POOL_OK)
        return;
    for (int i = 0; i < count; i++) {
        struct sockaddr_in address;
        members[i] = (struct test_member) { .member = { .fd = udp_socket(&address), .tick = member_tick,
                                                        .left = member_left },
                                            .read_late = i == 1 };
        atomic_init(&members[i].left, false);
        check(members[i].member.fd >= 0, "%s: member %d has a socket", name, i);
        if (i % 2 == 1)
            sendto(sender, "x", 1, 0, (struct sockaddr *) &address, sizeof address);
    }
    for (int i = 0; i < count; i++)
        media_pool_join(&members[i].member);
    check(all_left(members, count), "%s: every member left within %d s", name, HANG_GUARD_SECONDS);

    int distinct = 0;
    for (int i = 0; i < count; i++) {
        struct test_member *m = &members[i];
        check(m->ticks == TICKS && !m->other_thread, "%s: member %d ticked %d times, on one thread", name, i,
              m->ticks);
        int readable_wanted = i % 2 == 0 ? 0 : i == 1 ? 2 : 1;
        check(m->readable_ticks == readable_wanted && m->datagrams == i % 2,
              "%s: member %d was readable %d times (wanted %d) and read %d datagrams", name, i, m->readable_ticks,
              readable_wanted, m->datagrams);
        bool seen = false;
        for (int j = 0; j < i; j++)
            seen = seen || pthread_equal(members[j].thread, m->thread);
        distinct += !seen;
        close(m->member.fd);
    }
    check(distinct == (threads < count ? threads : count), "%s: the members ran on %d threads (wanted %d)", name,
          distinct, threads < count ? threads : count);
    media_pool_release();
    close(sender);
}

int main(void)
{
    check(strcmp(media_pool_strerror(MEDIA_POOL_ERR_THREAD), "no media thread could be started") == 0,
          "a status has its text");
    run_members("two threads", 2, MEMBERS);
    run_members("one thread", 1, MEMBERS);   /* the pool stopped with its last reference and starts again */
    run_members("more threads than members", 4, 2);
    printf("media pool: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
