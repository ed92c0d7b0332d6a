/*
 * A HylaFAX client-protocol client (docs/hylafax-protocol.md), as faxcom.dll uses it to reach faxd or
 * hfaxd: one control connection, replies read per the protocol's grammar, and passive data
 * connections for uploads, listings and retrievals. Every network wait is bounded by the timeout
 * given to hfx_connect: a whole reply must come within it, and a download must move HFX_MIN_PROGRESS bytes
 * in each stretch of it. One client belongs to one thread at a time.
 */
#ifndef OPENFAXCOM_HFX_CLIENT_H
#define OPENFAXCOM_HFX_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "hfx_text.h"
#include "netio.h"

#define HFX_MAX_REPLY_LINE 65536            /* a longer reply line is a protocol error */
#define HFX_MAX_REPLY (1024 * 1024)         /* all lines of one reply together */
#define HFX_MAX_DOWNLOAD (64 * 1024 * 1024) /* LIST/NLST/RETR data */
#define HFX_MIN_PROGRESS 1024               /* data bytes each timeout's stretch of a download must bring */

enum hfx_status {
    HFX_OK,
    HFX_ERR_RESOLVE,            /* the host name did not resolve */
    HFX_ERR_CONNECT,            /* refused, unreachable */
    HFX_ERR_TIMEOUT,            /* the server did not answer within the timeout */
    HFX_ERR_CLOSED,             /* the server closed the connection (or said 421), or an earlier failure did */
    HFX_ERR_PROTOCOL,           /* a reply that breaks the protocol: malformed, too long, unexpected */
    HFX_ERR_LOGIN,              /* 530: user or password not accepted */
    HFX_ERR_PASSWORD_NEEDED,    /* 331 and no password given; hfx_login may be called again */
    HFX_ERR_REFUSED,            /* a 4xx/5xx reply (error->code, error->detail) */
    HFX_ERR_ARGUMENT,           /* a command with CR/LF in it or too long, a bad port or timeout */
    HFX_ERR_NO_MEMORY,
    HFX_ERR_IO,                 /* any other socket failure */
};
const char *hfx_strerror(enum hfx_status status);

struct hfx_error {
    enum hfx_status status;
    int code;                   /* the last reply's code, 0 if none */
    char detail[300];           /* "127.0.0.1:4559: connection refused", or the server's reply text */
};

struct hfx_client;

/* The engine is built with mingw's C99 printf (__USE_MINGW_ANSI_STDIO), so formats are checked as such. */
#if defined(__MINGW32__)
#define HFX_PRINTF(format_index, first_argument) __attribute__((format(gnu_printf, format_index, first_argument)))
#elif defined(__GNUC__)
#define HFX_PRINTF(format_index, first_argument) __attribute__((format(printf, format_index, first_argument)))
#else
#define HFX_PRINTF(format_index, first_argument)
#endif

/* A protocol trace, for an administrator finding out why a script stopped faxing: the client calls
 * write with one line per event, each starting with the server's address:
 *   "127.0.0.1:4559 -> USER alice"          a command sent (passwords masked: hfx_trace_mask)
 *   "127.0.0.1:4559 <- 230 Logged in. (2 ms)"  its reply, with the time it took
 *   "127.0.0.1:4559 == STOT: sent 5120 bytes in 3 ms"   a data connection's transfer
 *   "127.0.0.1:4559 !! ..."                  a failure that ends the session; "--" connects and closes
 * clock_ms is a monotonic clock in milliseconds (the caller's, so tests control time). release, if
 * not NULL, is called with context once the client no longer needs it. */
struct hfx_trace {
    void (*write)(void *context, const char *line);
    long long (*clock_ms)(void *context);
    void (*release)(void *context);
    void *context;
};
#define HFX_TRACE_LINE 600   /* longer lines are cut */

/* The command as a trace shows it: the arguments of PASS, ADMIN and PASSWD, and the passwords after
 * SITE ADDUSER's user, become "****". */
void hfx_trace_mask(const char *command, char *out, size_t out_size);

/* Connects and reads the greeting (a non-2xx greeting, such as 421, is HFX_ERR_REFUSED). host: a name,
 * an IPv4 or IPv6 literal (no brackets); timeout_ms > 0 bounds every network wait. Every function
 * takes error == NULL when the caller needs only the status. */
enum hfx_status hfx_connect(const char *host, int port, int timeout_ms, struct hfx_client **out,
                            struct hfx_error *error);
/* The same, tracing the session to trace (copied; NULL for none). The client owns trace->context from
 * here on, also when the connection fails. */
enum hfx_status hfx_connect_traced(const char *host, int port, int timeout_ms, const struct hfx_trace *trace,
                                   struct hfx_client **out, struct hfx_error *error);
/* Closes without QUIT, as the HylaFAX tools do, and frees. NULL is allowed. */
void hfx_close(struct hfx_client *client);
/* The server's greeting text (without the 220), e.g. to tell faxd from a HylaFAX server. */
const char *hfx_greeting(const struct hfx_client *client);

/* USER, and PASS if the server answers 331. With a NULL password a 331 gives HFX_ERR_PASSWORD_NEEDED;
 * the session stays usable, so hfx_login may be called again with the password. */
enum hfx_status hfx_login(struct hfx_client *client, const char *user, const char *password,
                          struct hfx_error *error);

/* Sends one command (printf-style, without CR LF) and reads its whole reply. HFX_OK for any complete
 * reply; *code and *text (the last line's text, owned by the client, valid until its next call) say
 * what it was. code and text may be NULL. */
enum hfx_status hfx_command(struct hfx_client *client, int *code, const char **text, struct hfx_error *error,
                            const char *format, ...) HFX_PRINTF(5, 6);
/* The same, but a reply outside the class expected (2 for 2xx) is HFX_ERR_REFUSED. */
enum hfx_status hfx_expect(struct hfx_client *client, int expected_class, const char **text,
                           struct hfx_error *error, const char *format, ...) HFX_PRINTF(5, 6);

/* A command whose multi-line 2xx reply carries data ("213-line" ... "213 end"): the inner lines' texts,
 * each ended by a newline, in a malloc'd string (possibly empty). */
enum hfx_status hfx_lines(struct hfx_client *client, char **lines, struct hfx_error *error, const char *format, ...)
    HFX_PRINTF(4, 5);

/* Uploads a document: FORM form ("PS", "PDF", "TIFF"), TYPE I, MODE S, a passive data connection,
 * STOT. *name is the server's file name for JPARM DOCUMENT ("/tmp/doc3.tif"), malloc'd. */
enum hfx_status hfx_upload(struct hfx_client *client, const char *form, const void *data, size_t size,
                           char **name, struct hfx_error *error);
/* LIST what / NLST what / RETR path (under TYPE I), over a passive data connection. *data is malloc'd
 * and NUL-terminated; *size excludes the NUL. what may be NULL or "" for the current directory. */
enum hfx_status hfx_list(struct hfx_client *client, const char *what, char **data, size_t *size,
                         struct hfx_error *error);
enum hfx_status hfx_names(struct hfx_client *client, const char *what, char **data, size_t *size,
                          struct hfx_error *error);
enum hfx_status hfx_retrieve(struct hfx_client *client, const char *path, char **data, size_t *size,
                             struct hfx_error *error);

/* SITE TRIGGER spec (docs/faxd.md "Events") on an active data connection (EPRT; hfaxd writes events to no
 * passive one): on HFX_OK *data is
 * the connection the event lines arrive on for as long as the trigger runs (read it with netio_receive,
 * decode it with hfx_events.h, end it with netio_close and hfx_close). The control connection stays
 * usable meanwhile for other commands. A refusal (which servers send after the 150) is HFX_ERR_REFUSED
 * with the server's reason; a NOOP sent behind the command tells it apart from a running trigger. */
enum hfx_status hfx_trigger_open(struct hfx_client *client, const char *spec, netio_socket *data,
                                 struct hfx_error *error);

#endif
