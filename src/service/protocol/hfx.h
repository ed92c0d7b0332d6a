/*
 * The HylaFAX client protocol as faxd reads it: command lines, PORT/EPRT addresses, and the %-format
 * strings of JOBFMT/RCVFMT/MDMFMT (quoting and the line limit are shared with the client: hfx_text.h).
 * Every function takes untrusted input and is fuzzed.
 */
#ifndef OPENFAXCOM_HFX_H
#define OPENFAXCOM_HFX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "hfx_text.h"

enum hfx_parse {
    HFX_PARSE_OK,
    HFX_PARSE_EMPTY,        /* a blank line */
    HFX_PARSE_BAD_VERB,     /* not 1-8 letters */
    HFX_PARSE_BAD_CHAR,     /* control characters in the line */
};

struct hfx_command {
    char verb[9];           /* upper case */
    const char *argument;   /* points into the line; "" when none */
};

/* line: one command without its CR LF, NUL-terminated. */
enum hfx_parse hfx_parse_command(const char *line, struct hfx_command *command);

/* "h1,h2,h3,h4,p1,p2" (PORT) and "|1|addr|port|" / "|2|addr|port|" (EPRT). */
bool hfx_parse_port(const char *argument, struct sockaddr_storage *address, socklen_t *length);
bool hfx_parse_eprt(const char *argument, struct sockaddr_storage *address, socklen_t *length);

/* Expands a HylaFAX format string: each %[-][width][.precision]<letter> is replaced by the value
 * lookup(letter) gives (NULL: left empty), padded/cut like printf's %s; %% is a percent sign.
 * The result is written to out (always NUL-terminated, cut at out_size). */
typedef const char *(*hfx_lookup)(char letter, void *context, char *scratch, size_t scratch_size);
void hfx_format(const char *format, hfx_lookup lookup, void *context, char *out, size_t out_size);

#endif
