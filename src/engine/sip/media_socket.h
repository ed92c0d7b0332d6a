/*
 * The UDP socket of one SIP call's media (sip_media.c): bound on an IPv4 or IPv6 literal with a port
 * from a range, far-end addresses from SDP literals in the socket's family, and the far end's IP as
 * the only source a call accepts. Engine-internal to src/engine/sip.
 */
#ifndef OPENFAXCOM_MEDIA_SOCKET_H
#define OPENFAXCOM_MEDIA_SOCKET_H

#include <stdbool.h>
#include <sys/socket.h>

#include "fax_call.h"

/* A non-blocking UDP socket on bind_address (a literal; "::" also takes IPv4) with the first free port
   of [port_min, port_max] (both 0: any). Returns the descriptor with *family and *port, or -1 with
   *error set. */
int media_socket_open(const char *bind_address, int port_min, int port_max, int *family, int *port,
                      struct fax_call_error *error);

/* An address literal and port as a socket of `family` reaches it (IPv4 mapped for an IPv6 socket).
   false for a host name or a family the socket cannot reach. */
bool media_address(const char *text, int port, int family, struct sockaddr_storage *address, socklen_t *length);

/* Whether two addresses of one family have the same IP, whatever their ports. */
bool media_same_ip(const struct sockaddr_storage *a, const struct sockaddr_storage *b);

#endif
