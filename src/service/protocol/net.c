#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

int net_listen(const char *address, char *why, size_t why_size)
{
    struct sockaddr_storage storage;
    struct sockaddr_in *in = (struct sockaddr_in *)&storage;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&storage;
    char host[64];
    const char *colon = strrchr(address, ':');
    socklen_t length;
    long port;
    int fd, one = 1;

    memset(&storage, 0, sizeof(storage));
    if (!colon || (size_t)(colon - address) >= sizeof(host) || (port = strtol(colon + 1, NULL, 10)) < 0 || port > 65535) {
        snprintf(why, why_size, "listen address \"%s\" is not host:port", address);
        return -1;
    }
    memcpy(host, address, (size_t)(colon - address));
    host[colon - address] = 0;
    if (host[0] == '[') {
        size_t n = strlen(host);
        if (n < 3 || host[n - 1] != ']') {
            snprintf(why, why_size, "listen address \"%s\": bad IPv6 form", address);
            return -1;
        }
        host[n - 1] = 0;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        length = sizeof(*in6);
        if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1) {
            snprintf(why, why_size, "listen address \"%s\": bad IPv6 address", address);
            return -1;
        }
    } else {
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        length = sizeof(*in);
        if (host[0] && inet_pton(AF_INET, host, &in->sin_addr) != 1) {
            snprintf(why, why_size, "listen address \"%s\": bad IPv4 address", address);
            return -1;
        }
    }
    fd = socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0
        || bind(fd, (struct sockaddr *)&storage, length) != 0 || listen(fd, 64) != 0) {
        snprintf(why, why_size, "cannot listen on %s: %s", address, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int net_local_port(int fd)
{
    struct sockaddr_storage storage;
    socklen_t length = sizeof(storage);

    if (getsockname(fd, (struct sockaddr *)&storage, &length) != 0)
        return -1;
    if (storage.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&storage)->sin6_port);
    return ntohs(((struct sockaddr_in *)&storage)->sin_port);
}

bool net_is_loopback(const struct sockaddr_storage *address)
{
    if (address->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)address)->sin_addr.s_addr) >> 24) == 127;
    if (address->ss_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)address)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(a))
            return true;
        return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
    }
    return false;
}

void net_address_text(const struct sockaddr_storage *address, char *out, size_t out_size)
{
    const void *raw = address->ss_family == AF_INET6 ? (const void *)&((const struct sockaddr_in6 *)address)->sin6_addr
                                                     : (const void *)&((const struct sockaddr_in *)address)->sin_addr;
    if (!inet_ntop(address->ss_family, raw, out, (socklen_t)out_size))
        snprintf(out, out_size, "?");
}

static bool wait_for(int fd, short events, int timeout_ms)
{
    struct pollfd p = { fd, events, 0 };
    int rc;
    do
        rc = poll(&p, 1, timeout_ms);
    while (rc < 0 && errno == EINTR);
    return rc > 0;
}

enum net_read net_read_line(struct net_lines *lines, char *out, size_t out_size, int timeout_ms)
{
    size_t length = 0;
    bool too_long = false, nul = false;

    for (;;) {
        while (lines->start < lines->end) {
            char c = lines->buffer[lines->start++];
            if (c == '\n') {
                if (length && out[length - 1] == '\r')
                    length--;
                out[length] = 0;
                return too_long ? NET_TOO_LONG : nul ? NET_NUL_BYTE : NET_LINE;
            }
            nul |= c == 0;
            if (length + 1 < out_size)
                out[length++] = c;
            else
                too_long = true;
        }
        if (!wait_for(lines->fd, POLLIN, timeout_ms))
            return NET_TIMEOUT;
        ssize_t n = read(lines->fd, lines->buffer, sizeof(lines->buffer));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return NET_CLOSED;
        lines->start = 0;
        lines->end = (size_t)n;
    }
}

bool net_write_all(int fd, const void *data, size_t size)
{
    const char *bytes = data;
    while (size) {
        ssize_t n = send(fd, bytes, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes += n;
        size -= (size_t)n;
    }
    return true;
}

void net_set_timeouts(int fd, int seconds)
{
    struct timeval tv = { seconds, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int net_connect(const struct sockaddr_storage *address, socklen_t length, int timeout_ms)
{
    int fd = socket(address->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), error = 0;
    socklen_t error_length = sizeof(error);

    if (fd < 0)
        return -1;
    if (connect(fd, (const struct sockaddr *)address, length) != 0) {
        if (errno != EINPROGRESS || !wait_for(fd, POLLOUT, timeout_ms)
            || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_length) != 0 || error) {
            close(fd);
            return -1;
        }
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

/* Replies are small and answer a request: without TCP_NODELAY, a 226 after an upload waits ~40 ms
 * for the client's delayed ACK of the 150 before it. */
static void no_delay(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

int net_accept(int listen_fd, int timeout_ms)
{
    int fd;

    if (!wait_for(listen_fd, POLLIN, timeout_ms))
        return -1;
    fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0)
        no_delay(fd);
    return fd;
}
