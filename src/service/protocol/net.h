/* Sockets for faxd: listening, line reading with a length limit, data connections with timeouts. */
#ifndef OPENFAXCOM_FAXD_NET_H
#define OPENFAXCOM_FAXD_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

/* "127.0.0.1:4559", "[::1]:4559", ":4559" (all IPv4). Returns the listening socket or -1 (why says). */
int net_listen(const char *address, char *why, size_t why_size);
/* The port a listening socket got (for --listen 127.0.0.1:0 in tests). */
int net_local_port(int fd);
bool net_is_loopback(const struct sockaddr_storage *address);
void net_address_text(const struct sockaddr_storage *address, char *out, size_t out_size);

/* Buffered line reader for a control connection. */
struct net_lines {
    int fd;
    char buffer[8192];
    size_t start, end;
};
enum net_read { NET_LINE, NET_TOO_LONG, NET_NUL_BYTE, NET_CLOSED, NET_TIMEOUT };
/* Reads one line (CR LF or LF ended) into out; a longer line than out_size - 1 is consumed whole and
 * reported as NET_TOO_LONG, so the connection stays in step. A line with a NUL byte is consumed whole
 * and reported as NET_NUL_BYTE: as a C string it would mean less than the client sent. */
enum net_read net_read_line(struct net_lines *lines, char *out, size_t out_size, int timeout_ms);

bool net_write_all(int fd, const void *data, size_t size);
int net_connect(const struct sockaddr_storage *address, socklen_t length, int timeout_ms);
int net_accept(int listen_fd, int timeout_ms);
void net_set_timeouts(int fd, int seconds);

#endif
