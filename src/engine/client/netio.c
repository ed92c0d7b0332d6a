#include "netio.h"

#include <stdio.h>
#include <string.h>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#define SOCKET_ERROR_CODE() WSAGetLastError()
#define ERR(name) WSA##name
#define SEND_FLAGS 0
typedef int io_size;      /* send/recv take and return int on Winsock */
#else
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#define SOCKET_ERROR_CODE() errno
#define ERR(name) name
/* A peer that closed must give an error, not a SIGPIPE that ends the program. */
#define SEND_FLAGS MSG_NOSIGNAL
typedef size_t io_size;
#endif

#define IO_CHUNK (1 << 30)   /* fits in Winsock's int lengths */

const char *netio_strerror(enum netio_status status)
{
    switch (status) {
    case NETIO_OK: return "success";
    case NETIO_ERR_STARTUP: return "the socket library could not start";
    case NETIO_ERR_RESOLVE: return "the host name could not be resolved";
    case NETIO_ERR_CONNECT: return "the connection could not be made";
    case NETIO_ERR_TIMEOUT: return "the network did not answer in time";
    case NETIO_ERR_CLOSED: return "the peer closed the connection";
    case NETIO_ERR_IO: return "a socket operation failed";
    }
    return "unknown network status";
}

/* Our own wording for the usual causes: strerror is not thread-safe everywhere and Winsock has none. */
static const char *error_text(int error, char *scratch, size_t scratch_size)
{
    static const struct {
        int code;
        const char *text;
    } texts[] = {
        { ERR(ECONNREFUSED), "connection refused" },
        { ERR(ETIMEDOUT), "connection timed out" },
        { ERR(ENETUNREACH), "network unreachable" },
        { ERR(EHOSTUNREACH), "host unreachable" },
        { ERR(ENETDOWN), "network is down" },
        { ERR(ECONNRESET), "connection reset by peer" },
        { ERR(ECONNABORTED), "connection aborted" },
        { ERR(EADDRNOTAVAIL), "address not available" },
        { ERR(EAFNOSUPPORT), "address family not supported" },
        { ERR(EACCES), "permission denied" },
        { ERR(EMFILE), "too many open sockets" },
        { ERR(ENOBUFS), "no buffer space available" },
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (texts[i].code == error)
            return texts[i].text;
    snprintf(scratch, scratch_size, "socket error %d", error);
    return scratch;
}

static bool is_closed_error(int error)
{
#ifdef _WIN32
    return error == WSAECONNRESET || error == WSAECONNABORTED || error == WSAESHUTDOWN;
#else
    return error == ECONNRESET || error == ECONNABORTED || error == EPIPE;
#endif
}

static bool is_would_block(int error)
{
#ifdef _WIN32
    return error == WSAEWOULDBLOCK;
#else
    return error == EAGAIN || error == EWOULDBLOCK;
#endif
}

static bool is_connect_pending(int error)
{
    return is_would_block(error) || error == ERR(EINPROGRESS);
}

/* ---- start-up ---- */

#ifdef _WIN32
static INIT_ONCE winsock_once = INIT_ONCE_STATIC_INIT;
static int winsock_error;

static BOOL CALLBACK start_winsock(PINIT_ONCE once, PVOID parameter, PVOID *context)
{
    WSADATA data;
    (void)once;
    (void)parameter;
    (void)context;
    winsock_error = WSAStartup(MAKEWORD(2, 2), &data);
    return TRUE;
}
#endif

/* Winsock stays started for the life of the process: WSACleanup may not run from DllMain. */
enum netio_status netio_startup(char *detail, size_t detail_size)
{
#ifdef _WIN32
    InitOnceExecuteOnce(&winsock_once, start_winsock, NULL, NULL);
    if (winsock_error) {
        snprintf(detail, detail_size, "WSAStartup failed (error %d)", winsock_error);
        return NETIO_ERR_STARTUP;
    }
#else
    (void)detail;
    (void)detail_size;
#endif
    return NETIO_OK;
}

/* ---- waiting ---- */

long long netio_clock_ms(void)
{
#ifdef _WIN32
    return (long long)GetTickCount64();
#else
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
#endif
}

/* Waits until the socket is readable (or writable, or a pending connect ended). An error condition
 * counts as ready: the next call on the socket reports it. */
static enum netio_status wait_ready(netio_socket socket, bool writing, int timeout_ms)
{
#ifdef _WIN32
    fd_set ready, failed;
    struct timeval timeout = { timeout_ms / 1000, timeout_ms % 1000 * 1000 };
    int n;

    FD_ZERO(&ready);
    FD_ZERO(&failed);
    FD_SET((SOCKET)socket, &ready);
    FD_SET((SOCKET)socket, &failed);   /* where Winsock reports a failed connect */
    n = select(0, writing ? NULL : &ready, writing ? &ready : NULL, &failed, &timeout);
    return n > 0 ? NETIO_OK : n == 0 ? NETIO_ERR_TIMEOUT : NETIO_ERR_IO;
#else
    /* poll, not select: a process with many descriptors may hand us one above FD_SETSIZE */
    struct pollfd p = { (int)socket, writing ? POLLOUT : POLLIN, 0 };
    long long deadline = netio_clock_ms() + timeout_ms;

    for (;;) {
        long long left = deadline - netio_clock_ms();
        int n = poll(&p, 1, left > 0 ? (int)left : 0);
        if (n > 0)
            return NETIO_OK;
        if (n == 0)
            return NETIO_ERR_TIMEOUT;
        if (errno != EINTR)
            return NETIO_ERR_IO;
    }
#endif
}

/* ---- connecting ---- */

static netio_socket new_socket(int family)
{
#ifdef _WIN32
    u_long non_blocking = 1;
    SOCKET s = socket(family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return NETIO_INVALID;
    /* a fax program the DLL's host starts later must not inherit the connection */
    SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
    if (ioctlsocket(s, FIONBIO, &non_blocking) != 0) {
        closesocket(s);
        return NETIO_INVALID;
    }
    return (netio_socket)s;
#else
    int s = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);
    return s < 0 ? NETIO_INVALID : s;
#endif
}

void netio_close(netio_socket socket)
{
    if (socket == NETIO_INVALID)
        return;
#ifdef _WIN32
    closesocket((SOCKET)socket);
#else
    close((int)socket);
#endif
}

static enum netio_status connect_labelled(const struct netio_address *address, const char *label, int timeout_ms,
                                          netio_socket *out, char *detail, size_t detail_size)
{
    const struct sockaddr *target = (const struct sockaddr *)address->storage.bytes;
    netio_socket s = new_socket(target->sa_family);
    char scratch[32];
    int error = 0;
    socklen_t error_size = sizeof(error);

    *out = NETIO_INVALID;
    if (s == NETIO_INVALID) {
        error = SOCKET_ERROR_CODE();
        snprintf(detail, detail_size, "%s: cannot create a socket: %s", label, error_text(error, scratch, sizeof(scratch)));
        return NETIO_ERR_IO;
    }
    if (connect(s, target, address->length) != 0) {
        error = SOCKET_ERROR_CODE();
        if (is_connect_pending(error)) {
            enum netio_status waited = wait_ready(s, true, timeout_ms);
            if (waited == NETIO_ERR_TIMEOUT) {
                snprintf(detail, detail_size, "%s: no answer within %d ms", label, timeout_ms);
                netio_close(s);
                return NETIO_ERR_TIMEOUT;
            }
            error = 0;
            if (waited != NETIO_OK || getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&error, &error_size) != 0) {
                error = SOCKET_ERROR_CODE();
                if (!error)
                    error = -1;   /* failed without saying why: still a failure */
            }
        }
    }
    if (error) {
        snprintf(detail, detail_size, "%s: %s", label, error_text(error, scratch, sizeof(scratch)));
        netio_close(s);
        return error == ERR(ETIMEDOUT) ? NETIO_ERR_TIMEOUT : NETIO_ERR_CONNECT;
    }
    *out = s;
    return NETIO_OK;
}

enum netio_status netio_connect_address(const struct netio_address *address, int timeout_ms, netio_socket *out,
                                        char *detail, size_t detail_size)
{
    char label[80];

    netio_address_text(address, label, sizeof(label));
    return connect_labelled(address, label, timeout_ms, out, detail, detail_size);
}

enum netio_status netio_connect_host(const char *host, int port, int timeout_ms, netio_socket *out,
                                     char *detail, size_t detail_size)
{
    struct addrinfo hints, *found = NULL;
    enum netio_status status = NETIO_ERR_RESOLVE;
    char port_text[16];
    int rc;

    *out = NETIO_INVALID;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV;
    snprintf(port_text, sizeof(port_text), "%d", port);
    rc = getaddrinfo(host, port_text, &hints, &found);
    if (rc != 0 || !found) {
        snprintf(detail, detail_size, "%s: %s", host,
                 rc == EAI_NONAME ? "no such host" : rc == EAI_AGAIN ? "the name server did not answer"
                                                                     : "the host name could not be resolved");
        if (found)
            freeaddrinfo(found);
        return NETIO_ERR_RESOLVE;
    }
    for (const struct addrinfo *a = found; a && status != NETIO_OK; a = a->ai_next) {
        struct netio_address address;
        char text[80], label[200];
        if (a->ai_addrlen > sizeof(address.storage.bytes))
            continue;
        memset(&address, 0, sizeof(address));
        memcpy(address.storage.bytes, a->ai_addr, a->ai_addrlen);
        address.length = (int)a->ai_addrlen;
        netio_address_text(&address, text, sizeof(text));
        /* "127.0.0.1:4559" for a literal, "faxhost (192.0.2.7:4559)" for a name */
        if (!strncmp(text, host, strlen(host)) || (text[0] == '[' && !strncmp(text + 1, host, strlen(host))))
            snprintf(label, sizeof(label), "%s", text);
        else
            snprintf(label, sizeof(label), "%s (%s)", host, text);
        status = connect_labelled(&address, label, timeout_ms, out, detail, detail_size);
    }
    freeaddrinfo(found);
    return status;
}

/* ---- data ---- */

enum netio_status netio_send_all(netio_socket socket, const void *data, size_t size, int timeout_ms)
{
    const char *next = data;

    while (size > 0) {
        io_size chunk = size > IO_CHUNK ? IO_CHUNK : (io_size)size;
        int error;
        long sent = (long)send(socket, next, chunk, SEND_FLAGS);
        if (sent > 0) {
            next += sent;
            size -= (size_t)sent;
            continue;
        }
        error = SOCKET_ERROR_CODE();
        if (is_would_block(error)) {
            enum netio_status waited = wait_ready(socket, true, timeout_ms);
            if (waited != NETIO_OK)
                return waited;
        } else if (error != ERR(EINTR)) {
            return is_closed_error(error) ? NETIO_ERR_CLOSED : NETIO_ERR_IO;
        }
    }
    return NETIO_OK;
}

enum netio_status netio_receive(netio_socket socket, void *buffer, size_t size, size_t *received, int timeout_ms)
{
    io_size chunk = size > IO_CHUNK ? IO_CHUNK : (io_size)size;

    *received = 0;
    for (;;) {
        int error;
        long n = (long)recv(socket, buffer, chunk, 0);
        if (n >= 0) {
            *received = (size_t)n;
            return NETIO_OK;
        }
        error = SOCKET_ERROR_CODE();
        if (is_would_block(error)) {
            enum netio_status waited = wait_ready(socket, false, timeout_ms);
            if (waited != NETIO_OK)
                return waited;
        } else if (error != ERR(EINTR)) {
            return is_closed_error(error) ? NETIO_ERR_CLOSED : NETIO_ERR_IO;
        }
    }
}

/* ---- listening, for a server that connects back ---- */

enum netio_status netio_listen(struct netio_address *address, netio_socket *out, char *detail, size_t detail_size)
{
    struct sockaddr *a = (struct sockaddr *)address->storage.bytes;
    netio_socket s = new_socket(a->sa_family);
    socklen_t length = sizeof(address->storage.bytes);
    char scratch[120];

    *out = NETIO_INVALID;
    if (s == NETIO_INVALID || bind(s, a, address->length) != 0 || listen(s, 1) != 0
        || getsockname(s, a, &length) != 0) {
#ifdef _WIN32
        int error = WSAGetLastError();
#else
        int error = errno;
#endif
        snprintf(detail, detail_size, "cannot listen for the server's data connection: %s",
                 error_text(error, scratch, sizeof(scratch)));
        netio_close(s);
        return NETIO_ERR_IO;
    }
    address->length = (int)length;
    *out = s;
    return NETIO_OK;
}

enum netio_status netio_accept(netio_socket listener, int timeout_ms, netio_socket *out)
{
    enum netio_status status = wait_ready(listener, false, timeout_ms);

    *out = NETIO_INVALID;
    if (status != NETIO_OK)
        return status;
#ifdef _WIN32
    u_long non_blocking = 1;
    SOCKET s = accept((SOCKET)listener, NULL, NULL);
    if (s == INVALID_SOCKET)
        return NETIO_ERR_IO;
    SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
    ioctlsocket(s, FIONBIO, &non_blocking);
    *out = (netio_socket)s;
#else
    int s = accept4((int)listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (s < 0)
        return NETIO_ERR_IO;
    *out = s;
#endif
    return NETIO_OK;
}

/* ---- addresses ---- */

bool netio_local_address(netio_socket socket, struct netio_address *address)
{
    socklen_t length = sizeof(address->storage.bytes);

    memset(address, 0, sizeof(*address));
    if (getsockname(socket, (struct sockaddr *)address->storage.bytes, &length) != 0)
        return false;
    address->length = (int)length;
    return true;
}

void netio_address_host(const struct netio_address *address, char *out, size_t out_size)
{
    if (getnameinfo((const struct sockaddr *)address->storage.bytes, address->length, out, (socklen_t)out_size, NULL,
                    0, NI_NUMERICHOST) != 0)
        snprintf(out, out_size, "?");
}

bool netio_peer_address(netio_socket socket, struct netio_address *address)
{
    socklen_t length = sizeof(address->storage.bytes);

    memset(address, 0, sizeof(*address));
    if (getpeername(socket, (struct sockaddr *)address->storage.bytes, &length) != 0)
        return false;
    address->length = (int)length;
    return true;
}

int netio_address_port(const struct netio_address *address)
{
    const struct sockaddr *a = (const struct sockaddr *)address->storage.bytes;

    if (a->sa_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)a)->sin_port);
    if (a->sa_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)a)->sin6_port);
    return 0;
}

void netio_address_set_port(struct netio_address *address, int port)
{
    struct sockaddr *a = (struct sockaddr *)address->storage.bytes;

    if (a->sa_family == AF_INET)
        ((struct sockaddr_in *)a)->sin_port = htons((unsigned short)port);
    else if (a->sa_family == AF_INET6)
        ((struct sockaddr_in6 *)a)->sin6_port = htons((unsigned short)port);
}

bool netio_address_ipv4(const struct netio_address *address, uint32_t *ipv4)
{
    const struct sockaddr *a = (const struct sockaddr *)address->storage.bytes;
    const unsigned char *b;

    if (a->sa_family == AF_INET) {
        *ipv4 = ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr);
        return true;
    }
    if (a->sa_family != AF_INET6)
        return false;
    /* ::ffff:a.b.c.d, the form an IPv4 peer has on a dual-stack socket */
    b = (const unsigned char *)&((const struct sockaddr_in6 *)a)->sin6_addr;
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
    if (memcmp(b, mapped, sizeof(mapped)) != 0)
        return false;
    *ipv4 = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];
    return true;
}

void netio_address_text(const struct netio_address *address, char *out, size_t out_size)
{
    const struct sockaddr *a = (const struct sockaddr *)address->storage.bytes;
    char host[64];

    if (getnameinfo(a, address->length, host, sizeof(host), NULL, 0, NI_NUMERICHOST) != 0)
        snprintf(host, sizeof(host), "?");
    snprintf(out, out_size, a->sa_family == AF_INET6 ? "[%s]:%d" : "%s:%d", host, netio_address_port(address));
}
