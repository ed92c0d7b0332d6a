/*
 * A tiny TCP client layer over POSIX sockets (Linux) and Winsock 2 (Windows), so the protocol client
 * builds unchanged in faxd's tests and in faxcom.dll. Sockets are non-blocking throughout and every
 * wait (connect, send, receive) is bounded by a timeout in milliseconds.
 */
#ifndef OPENFAXCOM_NETIO_H
#define OPENFAXCOM_NETIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A SOCKET (UINT_PTR) on Windows, a descriptor on POSIX; both fit, and -1 is invalid on both. */
typedef intptr_t netio_socket;
#define NETIO_INVALID ((netio_socket)-1)

enum netio_status {
    NETIO_OK,
    NETIO_ERR_STARTUP,      /* WSAStartup failed */
    NETIO_ERR_RESOLVE,      /* no such host, or the resolver failed */
    NETIO_ERR_CONNECT,      /* refused, unreachable, ... */
    NETIO_ERR_TIMEOUT,
    NETIO_ERR_CLOSED,       /* the peer closed or reset the connection */
    NETIO_ERR_IO,           /* any other socket failure */
};
const char *netio_strerror(enum netio_status status);

/* An IPv4 or IPv6 socket address, kept opaque so that no socket header leaks into users. */
struct netio_address {
    union {
        unsigned char bytes[128];   /* sizeof(struct sockaddr_storage) */
        uint64_t align;
    } storage;
    int length;
};

/* Starts Winsock once per process, whichever thread comes first; a no-op on POSIX. */
enum netio_status netio_startup(char *detail, size_t detail_size);

/* Resolves host (name or literal, no brackets) and connects to the first address that answers, each
 * attempt bounded by timeout_ms. detail names the target and the cause ("127.0.0.1:4559: connection
 * refused"). Name resolution itself is bounded only by the system resolver. */
enum netio_status netio_connect_host(const char *host, int port, int timeout_ms, netio_socket *out,
                                     char *detail, size_t detail_size);
enum netio_status netio_connect_address(const struct netio_address *address, int timeout_ms, netio_socket *out,
                                        char *detail, size_t detail_size);

/* Sends all of data; each wait for buffer space is bounded by timeout_ms. */
enum netio_status netio_send_all(netio_socket socket, const void *data, size_t size, int timeout_ms);
/* Receives what is there (at most size bytes), waiting up to timeout_ms for the first byte;
 * *received is 0 only at end of stream. */
enum netio_status netio_receive(netio_socket socket, void *buffer, size_t size, size_t *received, int timeout_ms);
void netio_close(netio_socket socket);
/* A monotonic clock in milliseconds, for waits that span several receives. */
long long netio_clock_ms(void);

/* A listening socket on address (its port 0: any free port) for a server that connects back (EPRT); the
 * port chosen is written back into address. */
enum netio_status netio_listen(struct netio_address *address, netio_socket *out, char *detail, size_t detail_size);
/* The first connection to listener, waiting up to timeout_ms; non-blocking like every socket here. */
enum netio_status netio_accept(netio_socket listener, int timeout_ms, netio_socket *out);

bool netio_peer_address(netio_socket socket, struct netio_address *address);
bool netio_local_address(netio_socket socket, struct netio_address *address);
/* The address alone, numeric: "127.0.0.1", "::1". */
void netio_address_host(const struct netio_address *address, char *out, size_t out_size);
int netio_address_port(const struct netio_address *address);
void netio_address_set_port(struct netio_address *address, int port);
/* The IPv4 address in host byte order; false for IPv6. */
bool netio_address_ipv4(const struct netio_address *address, uint32_t *ipv4);
/* "127.0.0.1:4559" or "[::1]:4559". */
void netio_address_text(const struct netio_address *address, char *out, size_t out_size);

#endif
