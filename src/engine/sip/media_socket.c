/*
 * The media socket and its addresses (see media_socket.h).
 */
#include "media_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fax_endpoint.h"   /* fax_call_fail */

static bool parse_literal(const char *text, int port, struct sockaddr_storage *address, socklen_t *length)
{
    struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_DGRAM };
    struct addrinfo *found = NULL;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    if (getaddrinfo(text, service, &hints, &found) != 0 || found == NULL)
        return false;
    memset(address, 0, sizeof *address);
    memcpy(address, found->ai_addr, found->ai_addrlen);
    *length = found->ai_addrlen;
    freeaddrinfo(found);
    return true;
}

bool media_address(const char *text, int port, int family, struct sockaddr_storage *address, socklen_t *length)
{
    if (!parse_literal(text, port, address, length))
        return false;
    if (address->ss_family == family)
        return true;
    if (family != AF_INET6 || address->ss_family != AF_INET)
        return false;
    struct sockaddr_in v4;
    memcpy(&v4, address, sizeof v4);
    struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_port = v4.sin_port };
    v6.sin6_addr.s6_addr[10] = 0xFF;
    v6.sin6_addr.s6_addr[11] = 0xFF;
    memcpy(&v6.sin6_addr.s6_addr[12], &v4.sin_addr, 4);
    memset(address, 0, sizeof *address);
    memcpy(address, &v6, sizeof v6);
    *length = sizeof v6;
    return true;
}

bool media_same_ip(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family)
        return false;
    if (a->ss_family == AF_INET)
        return ((const struct sockaddr_in *) a)->sin_addr.s_addr == ((const struct sockaddr_in *) b)->sin_addr.s_addr;
    return a->ss_family == AF_INET6 &&
           memcmp(&((const struct sockaddr_in6 *) a)->sin6_addr, &((const struct sockaddr_in6 *) b)->sin6_addr,
                  sizeof(struct in6_addr)) == 0;
}

static void set_port(struct sockaddr_storage *address, int port)
{
    if (address->ss_family == AF_INET)
        ((struct sockaddr_in *) address)->sin_port = htons((uint16_t) port);
    else
        ((struct sockaddr_in6 *) address)->sin6_port = htons((uint16_t) port);
}

static int port_of(const struct sockaddr_storage *address)
{
    return ntohs(address->ss_family == AF_INET ? ((const struct sockaddr_in *) address)->sin_port
                                               : ((const struct sockaddr_in6 *) address)->sin6_port);
}

int media_socket_open(const char *bind_address, int port_min, int port_max, int *family, int *port,
                      struct fax_call_error *error)
{
    struct sockaddr_storage address;
    socklen_t length;
    if (bind_address == NULL || !parse_literal(bind_address, 0, &address, &length)) {
        fax_call_fail(error, FAX_CALL_ERR_REQUEST, "the media address %s is not an IP literal",
                      bind_address != NULL ? bind_address : "(none)");
        return -1;
    }
    if (port_min < 0 || port_max > 65535 || port_min > port_max) {
        fax_call_fail(error, FAX_CALL_ERR_REQUEST, "the media port range %d-%d is not valid", port_min, port_max);
        return -1;
    }
    int fd = socket(address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fax_call_fail(error, FAX_CALL_ERR_RESOURCES, "no UDP socket for %s: %s", bind_address, strerror(errno));
        return -1;
    }
    if (address.ss_family == AF_INET6) {
        int off = 0;   /* "::" takes IPv4 far ends too */
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    }
    bool bound = false;
    for (int candidate = port_min; !bound && candidate <= port_max; candidate++) {
        set_port(&address, candidate);
        bound = bind(fd, (struct sockaddr *) &address, length) == 0;
    }
    struct sockaddr_storage local;
    socklen_t local_length = sizeof local;
    if (!bound || getsockname(fd, (struct sockaddr *) &local, &local_length) != 0) {
        fax_call_fail(error, FAX_CALL_ERR_RESOURCES, "no free UDP port in %d-%d on %s: %s", port_min, port_max,
                      bind_address, strerror(errno));
        close(fd);
        return -1;
    }
    *family = address.ss_family;
    *port = port_of(&local);
    return fd;
}
