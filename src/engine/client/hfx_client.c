#include "hfx_client.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netio.h"

struct hfx_client {
    netio_socket control;
    int timeout_ms;
    struct netio_address peer;
    char peer_text[80];
    /* After a timeout, EOF or a malformed reply the replies are out of step with the commands, so
     * the session is over; later calls say why. */
    bool lost;
    char lost_reason[200];
    char greeting[256];                 /* the 220 line: tells faxd from HylaFAX */
    char *lines;                        /* when collecting: the inner lines of multi-line replies */
    size_t lines_length, lines_capacity;
    bool collecting, lines_failed;
    char input[4096];
    size_t input_start, input_end;
    int code;                           /* the last reply's */
    const char *text;                   /* its last line's text, inside line */
    size_t line_length;
    char line[HFX_MAX_REPLY_LINE + 1];  /* the line being read; after a reply, its last line */
    struct hfx_trace trace;             /* trace.write NULL: no trace */
    long long sent_at;                  /* the trace clock when the last command went out */
};

const char *hfx_strerror(enum hfx_status status)
{
    switch (status) {
    case HFX_OK: return "success";
    case HFX_ERR_RESOLVE: return "the fax server's host name could not be resolved";
    case HFX_ERR_CONNECT: return "the fax server could not be reached";
    case HFX_ERR_TIMEOUT: return "the fax server did not answer in time";
    case HFX_ERR_CLOSED: return "the fax server closed the connection";
    case HFX_ERR_PROTOCOL: return "the fax server's reply broke the protocol";
    case HFX_ERR_LOGIN: return "the fax server did not accept the user name or password";
    case HFX_ERR_PASSWORD_NEEDED: return "the fax server needs a password for this user";
    case HFX_ERR_REFUSED: return "the fax server refused the request";
    case HFX_ERR_ARGUMENT: return "invalid argument";
    case HFX_ERR_NO_MEMORY: return "out of memory";
    case HFX_ERR_IO: return "a network operation failed";
    }
    return "unknown status";
}

/* ---- the trace ---- */

static long long trace_clock(struct hfx_client *client)
{
    return client->trace.write ? client->trace.clock_ms(client->trace.context) : 0;
}

static void trace(struct hfx_client *client, const char *format, ...) HFX_PRINTF(2, 3);
static void trace(struct hfx_client *client, const char *format, ...)
{
    char line[HFX_TRACE_LINE];
    va_list args;
    int prefix;

    if (!client->trace.write)
        return;
    prefix = snprintf(line, sizeof(line), "%s ", client->peer_text);
    va_start(args, format);
    vsnprintf(line + prefix, sizeof(line) - (size_t)prefix, format, args);
    va_end(args);
    for (char *c = line; *c; c++)   /* a server's reply must not forge lines of its own in the trace */
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    client->trace.write(client->trace.context, line);
}

void hfx_trace_mask(const char *command, char *out, size_t out_size)
{
    /* the verb, and how many words after it are not secret */
    static const struct { const char *verb; int public_words; } secret[] = {
        { "PASS", 0 }, { "ADMIN", 0 }, { "PASSWD", 0 }, { "SITE ADDUSER", 1 },
    };
    const char *end = command + strlen(command);

    for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
        size_t length = strlen(secret[i].verb), same = 0;
        while (same < length && toupper((unsigned char)command[same]) == secret[i].verb[same])
            same++;
        if (same < length || (command[length] && command[length] != ' '))
            continue;
        const char *p = command + length;
        for (int word = 0; word < secret[i].public_words && *p; word++) {
            while (*p == ' ')
                p++;
            p += strcspn(p, " ");
        }
        while (*p == ' ')
            p++;
        if (*p)
            end = p;
        break;
    }
    snprintf(out, out_size, "%.*s%s", (int)(end - command), command, *end ? "****" : "");
}

static enum hfx_status from_netio(enum netio_status status)
{
    switch (status) {
    case NETIO_OK: return HFX_OK;
    case NETIO_ERR_RESOLVE: return HFX_ERR_RESOLVE;
    case NETIO_ERR_CONNECT: return HFX_ERR_CONNECT;
    case NETIO_ERR_TIMEOUT: return HFX_ERR_TIMEOUT;
    case NETIO_ERR_CLOSED: return HFX_ERR_CLOSED;
    case NETIO_ERR_STARTUP:
    case NETIO_ERR_IO: break;
    }
    return HFX_ERR_IO;
}

static enum hfx_status report(struct hfx_error *error, enum hfx_status status, int code, const char *format, ...)
    HFX_PRINTF(4, 5);
static enum hfx_status report(struct hfx_error *error, enum hfx_status status, int code, const char *format, ...)
{
    va_list args;

    if (!error)
        return status;
    error->status = status;
    error->code = code;
    va_start(args, format);
    vsnprintf(error->detail, sizeof(error->detail), format, args);
    va_end(args);
    return status;
}

/* Ends the session after a failure that leaves the control connection unusable. */
static enum hfx_status lose(struct hfx_client *client, struct hfx_error *error, enum hfx_status status, int code,
                            const char *format, ...) HFX_PRINTF(5, 6);
static enum hfx_status lose(struct hfx_client *client, struct hfx_error *error, enum hfx_status status, int code,
                            const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(client->lost_reason, sizeof(client->lost_reason), format, args);
    va_end(args);
    client->lost = true;
    trace(client, "!! %s", client->lost_reason);
    netio_close(client->control);
    client->control = NETIO_INVALID;
    return report(error, status, code, "%s", client->lost_reason);
}

/* ---- the control connection ---- */

/* Reads one line (LF-ended, a CR before it dropped) into client->line, by deadline (netio_clock_ms). */
static enum hfx_status read_line(struct hfx_client *client, long long deadline, struct hfx_error *error)
{
    client->line_length = 0;
    for (;;) {
        if (client->input_start == client->input_end) {
            size_t received;
            long long left = deadline - netio_clock_ms();
            enum netio_status status = left <= 0 ? NETIO_ERR_TIMEOUT
                : netio_receive(client->control, client->input, sizeof(client->input), &received, (int)left);
            if (status == NETIO_ERR_TIMEOUT)
                return lose(client, error, HFX_ERR_TIMEOUT, 0, "%s: no reply within %d ms", client->peer_text,
                            client->timeout_ms);
            if (status != NETIO_OK)
                return lose(client, error, from_netio(status), 0, "%s: %s", client->peer_text, netio_strerror(status));
            if (received == 0)
                return lose(client, error, HFX_ERR_CLOSED, 0, "%s: the server closed the connection",
                            client->peer_text);
            client->input_start = 0;
            client->input_end = received;
        }
        const char *start = client->input + client->input_start;
        size_t available = client->input_end - client->input_start;
        const char *newline = memchr(start, '\n', available);
        size_t take = newline ? (size_t)(newline - start) : available;
        if (client->line_length + take > HFX_MAX_REPLY_LINE)
            return lose(client, error, HFX_ERR_PROTOCOL, 0, "%s: a reply line longer than %d bytes",
                        client->peer_text, HFX_MAX_REPLY_LINE);
        memcpy(client->line + client->line_length, start, take);
        client->line_length += take;
        client->input_start += take + (newline ? 1 : 0);
        if (newline) {
            if (client->line_length > 0 && client->line[client->line_length - 1] == '\r')
                client->line_length--;
            client->line[client->line_length] = 0;
            return HFX_OK;
        }
    }
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A reply per docs/hylafax-protocol.md section 1: lines that are not "NNN " or "NNN-" are skipped; a
 * reply opened by "NNN-" ends at the next "NNN " with that code; only the last line is kept. */
/* Keeps an inner line of a multi-line reply for hfx_lines. */
static void collect_line(struct hfx_client *client, const char *text, size_t length)
{
    if (client->lines_failed)
        return;
    if (client->lines_length + length + 2 > client->lines_capacity) {
        size_t wanted = (client->lines_length + length + 2) * 2;
        char *more = realloc(client->lines, wanted);
        if (!more) {
            client->lines_failed = true;
            return;
        }
        client->lines = more;
        client->lines_capacity = wanted;
    }
    memcpy(client->lines + client->lines_length, text, length);
    client->lines_length += length;
    client->lines[client->lines_length++] = '\n';
    client->lines[client->lines_length] = 0;
}

/* The whole reply within the timeout, not each read: a server that trickles a byte at a time would
 * otherwise hold the caller for as long as it likes. */
static enum hfx_status read_reply(struct hfx_client *client, struct hfx_error *error)
{
    int first = 0, inner = 0;
    size_t total = 0;
    long long deadline = netio_clock_ms() + client->timeout_ms;

    for (;;) {
        enum hfx_status status = read_line(client, deadline, error);
        const char *l = client->line;
        if (status != HFX_OK)
            return status;
        total += client->line_length + 2;
        if (total > HFX_MAX_REPLY)
            return lose(client, error, HFX_ERR_PROTOCOL, 0, "%s: a reply longer than %d bytes", client->peer_text,
                        HFX_MAX_REPLY);
        if (client->line_length < 4 || !is_digit(l[0]) || !is_digit(l[1]) || !is_digit(l[2])
            || (l[3] != ' ' && l[3] != '-'))
            continue;
        int code = (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
        if (l[3] == '-') {
            if (!first)
                first = code;
            inner++;
            if (client->collecting)
                collect_line(client, l + 4, client->line_length - 4);
            continue;
        }
        if (first && code != first)
            continue;
        if (code < 100 || code >= 600)
            return lose(client, error, HFX_ERR_PROTOCOL, code, "%s: reply code %d is not in the protocol: %s",
                        client->peer_text, code, l);
        client->code = code;
        client->text = l + 4;
        if (inner)
            trace(client, "<- %d %s (+%d lines, %lld ms)", code, client->text, inner,
                  trace_clock(client) - client->sent_at);
        else
            trace(client, "<- %d %s (%lld ms)", code, client->text, trace_clock(client) - client->sent_at);
        return HFX_OK;
    }
}

static enum hfx_status send_command(struct hfx_client *client, struct hfx_error *error, const char *format,
                                    va_list args)
{
    char line[HFX_MAX_LINE + 1];
    int length;
    enum netio_status sent;

    if (client->lost)
        return report(error, HFX_ERR_CLOSED, 0, "the connection was lost earlier: %s", client->lost_reason);
    length = vsnprintf(line, sizeof(line), format, args);
    if (length < 0 || length > HFX_MAX_LINE - 2)
        return report(error, HFX_ERR_ARGUMENT, 0, "a command longer than %d bytes", HFX_MAX_LINE - 2);
    /* a line break inside would smuggle in a second command */
    if (strpbrk(line, "\r\n"))
        return report(error, HFX_ERR_ARGUMENT, 0, "a command with a line break in it");
    if (client->trace.write) {
        char shown[HFX_MAX_LINE + 8];
        hfx_trace_mask(line, shown, sizeof(shown));
        trace(client, "-> %s", shown);
        client->sent_at = trace_clock(client);
    }
    memcpy(line + length, "\r\n", 2);
    sent = netio_send_all(client->control, line, (size_t)length + 2, client->timeout_ms);
    if (sent == NETIO_ERR_TIMEOUT)
        return lose(client, error, HFX_ERR_TIMEOUT, 0, "%s: the server took no command for %d ms", client->peer_text,
                    client->timeout_ms);
    if (sent != NETIO_OK)
        return lose(client, error, from_netio(sent), 0, "%s: %s", client->peer_text, netio_strerror(sent));
    return HFX_OK;
}

/* Sends and reads the reply; 421 means the server is going away, as the HylaFAX tools take it.
 * *code and *text (either may be NULL) are 0 and "" unless a reply came. */
static enum hfx_status command_v(struct hfx_client *client, int *code, const char **text, struct hfx_error *error,
                                 const char *format, va_list args)
{
    enum hfx_status status = send_command(client, error, format, args);

    if (status == HFX_OK)
        status = read_reply(client, error);
    if (code)
        *code = status == HFX_OK ? client->code : 0;
    if (text)
        *text = status == HFX_OK ? client->text : "";
    if (status != HFX_OK)
        return status;
    if (client->code == 421)
        return lose(client, error, HFX_ERR_CLOSED, 421, "%s", client->text);
    return report(error, HFX_OK, client->code, "%s", "");
}

enum hfx_status hfx_command(struct hfx_client *client, int *code, const char **text, struct hfx_error *error,
                            const char *format, ...)
{
    va_list args;
    enum hfx_status status;

    va_start(args, format);
    status = command_v(client, code, text, error, format, args);
    va_end(args);
    return status;
}

enum hfx_status hfx_expect(struct hfx_client *client, int expected_class, const char **text, struct hfx_error *error,
                           const char *format, ...)
{
    va_list args;
    enum hfx_status status;

    va_start(args, format);
    status = command_v(client, NULL, text, error, format, args);
    va_end(args);
    if (status == HFX_OK && client->code / 100 != expected_class)
        return report(error, HFX_ERR_REFUSED, client->code, "%s", client->text);
    return status;
}

enum hfx_status hfx_lines(struct hfx_client *client, char **lines, struct hfx_error *error, const char *format, ...)
{
    va_list args;
    enum hfx_status status;

    *lines = NULL;
    client->collecting = true;
    client->lines_length = 0;
    client->lines_failed = false;
    va_start(args, format);
    status = command_v(client, NULL, NULL, error, format, args);
    va_end(args);
    client->collecting = false;
    if (status == HFX_OK && client->code / 100 != 2)
        status = report(error, HFX_ERR_REFUSED, client->code, "%s", client->text);
    if (status == HFX_OK && client->lines_failed)
        status = report(error, HFX_ERR_NO_MEMORY, client->code, "no memory for the reply");
    if (status == HFX_OK) {
        *lines = client->lines ? client->lines : strdup("");
        client->lines = NULL;
        client->lines_capacity = client->lines_length = 0;
        if (!*lines)
            status = report(error, HFX_ERR_NO_MEMORY, client->code, "no memory for the reply");
    }
    return status;
}

/* ---- session ---- */

enum hfx_status hfx_connect(const char *host, int port, int timeout_ms, struct hfx_client **out,
                            struct hfx_error *error)
{
    return hfx_connect_traced(host, port, timeout_ms, NULL, out, error);
}

enum hfx_status hfx_connect_traced(const char *host, int port, int timeout_ms, const struct hfx_trace *trace_to,
                                   struct hfx_client **out, struct hfx_error *error)
{
    struct hfx_client *client;
    char detail[sizeof(error->detail)];
    enum netio_status connected;
    enum hfx_status status;

    *out = NULL;
    if (!(client = calloc(1, sizeof(*client)))) {
        if (trace_to && trace_to->release)
            trace_to->release(trace_to->context);
        return report(error, HFX_ERR_NO_MEMORY, 0, "no memory for a connection to %s", host ? host : "");
    }
    client->control = NETIO_INVALID;
    if (trace_to && trace_to->write && trace_to->clock_ms)
        client->trace = *trace_to;
    else if (trace_to && trace_to->release)
        trace_to->release(trace_to->context);
    /* until connected, the trace names the server as it was given */
    snprintf(client->peer_text, sizeof(client->peer_text), "%s:%d", host ? host : "", port);
    client->sent_at = trace_clock(client);
    if (!host || !*host || port < 1 || port > 65535 || timeout_ms <= 0) {
        hfx_close(client);
        return report(error, HFX_ERR_ARGUMENT, 0, "a host, a port (1-65535) and a timeout above 0 are needed");
    }
    client->timeout_ms = timeout_ms;
    if (netio_startup(detail, sizeof(detail)) == NETIO_OK)
        connected = netio_connect_host(host, port, timeout_ms, &client->control, detail, sizeof(detail));
    else
        connected = NETIO_ERR_STARTUP;
    if (connected != NETIO_OK) {
        trace(client, "!! %s (%lld ms)", detail, trace_clock(client) - client->sent_at);
        hfx_close(client);
        return report(error, from_netio(connected), 0, "%s", detail);
    }
    if (!netio_peer_address(client->control, &client->peer)) {
        hfx_close(client);
        return report(error, HFX_ERR_IO, 0, "%s:%d: the connection has no peer address", host, port);
    }
    netio_address_text(&client->peer, client->peer_text, sizeof(client->peer_text));
    trace(client, "-- connected to %s:%d (%lld ms)", host, port, trace_clock(client) - client->sent_at);
    status = read_reply(client, error);
    if (status == HFX_OK && client->code / 100 != 2)
        status = report(error, HFX_ERR_REFUSED, client->code, "%s", client->text);
    if (status != HFX_OK) {
        hfx_close(client);
        return status;
    }
    snprintf(client->greeting, sizeof(client->greeting), "%s", client->text);
    report(error, HFX_OK, client->code, "%s", "");
    *out = client;
    return HFX_OK;
}

const char *hfx_greeting(const struct hfx_client *client)
{
    return client->greeting;
}

void hfx_close(struct hfx_client *client)
{
    if (!client)
        return;
    if (client->control != NETIO_INVALID)
        trace(client, "-- closed");
    if (client->trace.release)
        client->trace.release(client->trace.context);
    netio_close(client->control);
    free(client->lines);
    free(client);
}

enum hfx_status hfx_login(struct hfx_client *client, const char *user, const char *password, struct hfx_error *error)
{
    int code;
    const char *text;
    enum hfx_status status;

    if (!user || !*user)
        return report(error, HFX_ERR_ARGUMENT, 0, "a user name is needed");
    status = hfx_command(client, &code, &text, error, "USER %s", user);
    if (status == HFX_OK && code / 100 == 3) {
        if (!password)
            return report(error, HFX_ERR_PASSWORD_NEEDED, code, "%s", text);
        status = hfx_command(client, &code, &text, error, "PASS %s", password);
    }
    if (status != HFX_OK || code / 100 == 2)
        return status;
    return report(error, code == 530 ? HFX_ERR_LOGIN : HFX_ERR_REFUSED, code, "%s", text);
}

/* ---- data connections ---- */

/* "... (|||port|)": RFC 2428 allows any delimiter, the same one each time. */
static int parse_epsv(const char *text)
{
    const char *p = strchr(text, '(');
    char d;
    long port = 0;

    if (!p || !(d = p[1]) || p[2] != d || p[3] != d)
        return 0;
    for (p += 4; is_digit(*p) && port <= 65535; p++)
        port = port * 10 + (*p - '0');
    return p[0] == d && p[1] == ')' && port > 0 && port <= 65535 ? (int)port : 0;
}

/* "... (h1,h2,h3,h4,p1,p2)", parsed from the first '(' as the HylaFAX client does. */
static bool parse_pasv(const char *text, uint32_t *ipv4, int *port)
{
    const char *p = strchr(text, '(');
    unsigned values[6];

    if (!p)
        return false;
    p++;
    for (int i = 0; i < 6; i++) {
        unsigned v = 0;
        int digits = 0;
        while (*p == ' ')
            p++;
        for (; is_digit(*p) && digits < 4; p++, digits++)
            v = v * 10 + (unsigned)(*p - '0');
        if (digits == 0 || v > 255 || (i < 5 && *p++ != ','))
            return false;
        values[i] = v;
    }
    *ipv4 = (uint32_t)values[0] << 24 | (uint32_t)values[1] << 16 | (uint32_t)values[2] << 8 | values[3];
    *port = (int)(values[4] << 8 | values[5]);
    return *port > 0;
}

/* Opens a passive data connection to the control connection's peer: EPSV, or PASV where EPSV is not
 * understood. A PASV address other than the peer's is refused, so a server cannot aim us elsewhere. */
static enum hfx_status open_data(struct hfx_client *client, netio_socket *data, struct hfx_error *error)
{
    struct netio_address target = client->peer;
    char detail[sizeof(error->detail)];
    enum netio_status connected;
    int code, port;
    const char *text;
    enum hfx_status status = hfx_command(client, &code, &text, error, "EPSV");

    *data = NETIO_INVALID;
    if (status != HFX_OK)
        return status;
    if (code == 229) {
        if (!(port = parse_epsv(text)))
            return report(error, HFX_ERR_PROTOCOL, code, "a malformed EPSV reply: %s", text);
    } else if (code == 500 || code == 502) {
        uint32_t offered, own;
        if ((status = hfx_expect(client, 2, &text, error, "PASV")) != HFX_OK)
            return status;
        if (client->code != 227 || !parse_pasv(text, &offered, &port))
            return report(error, HFX_ERR_PROTOCOL, client->code, "a malformed PASV reply: %s", text);
        if (!netio_address_ipv4(&client->peer, &own) || own != offered)
            return report(error, HFX_ERR_PROTOCOL, client->code,
                          "PASV offered %u.%u.%u.%u, not the server's own address %s: refused", offered >> 24,
                          offered >> 16 & 255, offered >> 8 & 255, offered & 255, client->peer_text);
    } else {
        return report(error, code / 100 >= 4 ? HFX_ERR_REFUSED : HFX_ERR_PROTOCOL, code, "%s", text);
    }
    netio_address_set_port(&target, port);
    connected = netio_connect_address(&target, client->timeout_ms, data, detail, sizeof(detail));
    if (connected != NETIO_OK)
        return report(error, from_netio(connected), 0, "data connection: %s", detail);
    return HFX_OK;
}

/* The reply to a transfer command. 4xx/5xx leave the session in step; a 1xx other than wanted would
 * be followed by a second reply we cannot place, so it ends the session. */
static enum hfx_status check_preliminary(struct hfx_client *client, int wanted, struct hfx_error *error)
{
    if (client->code == wanted || (wanted == 0 && client->code / 100 == 1))
        return HFX_OK;
    if (client->code / 100 >= 4)
        return report(error, HFX_ERR_REFUSED, client->code, "%s", client->text);
    if (client->code / 100 == 1)
        return lose(client, error, HFX_ERR_PROTOCOL, client->code, "%s: unexpected reply %d %s", client->peer_text,
                    client->code, client->text);
    return report(error, HFX_ERR_PROTOCOL, client->code, "unexpected reply %d %s", client->code, client->text);
}

/* The file name in "150 FILE: /tmp/doc1.ps (Opening new data connection).", up to the next space. */
static char *stot_name(const char *text)
{
    const char *p = strstr(text, "FILE:");
    size_t length;
    char *name;

    if (!p && !(p = strstr(text, "file:")))
        return NULL;
    for (p += 5; *p == ' '; p++)
        ;
    length = strcspn(p, " ");
    if (length == 0 || !(name = malloc(length + 1)))
        return NULL;
    memcpy(name, p, length);
    name[length] = 0;
    return name;
}

/* After the data connection closed: the transfer's final reply decides, then the data side's failure. */
static enum hfx_status finish_transfer(struct hfx_client *client, enum netio_status data_status,
                                       const char *what, struct hfx_error *error)
{
    enum hfx_status status;

    /* A server that let the data connection stall has no final reply to wait a second timeout for: the
     * caller hears of it within one, and the session, out of step now, ends. */
    if (data_status == NETIO_ERR_TIMEOUT)
        return lose(client, error, HFX_ERR_TIMEOUT, 0, "%s: %s stalled for %d ms", client->peer_text, what,
                    client->timeout_ms);
    if ((status = read_reply(client, error)) != HFX_OK)
        return status;
    if (client->code == 421)
        return lose(client, error, HFX_ERR_CLOSED, 421, "%s", client->text);
    if (client->code / 100 != 2)
        return report(error, client->code / 100 >= 4 ? HFX_ERR_REFUSED : HFX_ERR_PROTOCOL, client->code, "%s",
                      client->text);
    if (data_status != NETIO_OK)
        return report(error, from_netio(data_status), client->code, "%s: %s", what, netio_strerror(data_status));
    return report(error, HFX_OK, client->code, "%s", "");
}

enum hfx_status hfx_upload(struct hfx_client *client, const char *form, const void *data, size_t size, char **name,
                           struct hfx_error *error)
{
    netio_socket data_socket;
    enum netio_status sent;
    enum hfx_status status;
    char *stored;

    *name = NULL;
    if (!form || (!data && size))
        return report(error, HFX_ERR_ARGUMENT, 0, "a document form and its bytes are needed");
    if ((status = hfx_expect(client, 2, NULL, error, "FORM %s", form)) != HFX_OK
        || (status = hfx_expect(client, 2, NULL, error, "TYPE I")) != HFX_OK
        || (status = hfx_expect(client, 2, NULL, error, "MODE S")) != HFX_OK
        || (status = open_data(client, &data_socket, error)) != HFX_OK)
        return status;
    status = hfx_command(client, NULL, NULL, error, "STOT");
    if (status == HFX_OK)
        status = check_preliminary(client, 150, error);
    if (status != HFX_OK) {
        netio_close(data_socket);
        return status;
    }
    stored = stot_name(client->text);
    long long started = trace_clock(client);
    sent = netio_send_all(data_socket, data, size, client->timeout_ms);
    netio_close(data_socket);   /* the end of the upload, in stream mode */
    if (sent == NETIO_OK)
        trace(client, "== STOT: sent %zu bytes in %lld ms", size, trace_clock(client) - started);
    else
        trace(client, "== STOT: sending %zu bytes failed after %lld ms: %s", size, trace_clock(client) - started,
              netio_strerror(sent));
    status = finish_transfer(client, sent, "the upload", error);
    if (status == HFX_OK && !stored)
        status = report(error, HFX_ERR_PROTOCOL, 150, "no \"FILE:\" name in the STOT reply");
    if (status != HFX_OK) {
        free(stored);
        return status;
    }
    *name = stored;
    return HFX_OK;
}

/* Reads a data connection to its end into a growing buffer, at most HFX_MAX_DOWNLOAD bytes. Each stretch
 * of one timeout must bring HFX_MIN_PROGRESS bytes (or the end): a server that trickles a byte at a time
 * stalls as surely as one that sends nothing, while a long transfer that keeps moving takes its time. */
static enum netio_status receive_all(struct hfx_client *client, netio_socket data_socket, char **data, size_t *size,
                                     bool *too_big, bool *no_memory)
{
    size_t capacity = 0;   /* bytes the buffer holds, not counting room for the NUL */
    long long stretch_end = netio_clock_ms() + client->timeout_ms;
    size_t stretch_start_size = 0;

    for (;;) {
        size_t received;
        enum netio_status status;
        long long left = stretch_end - netio_clock_ms();
        if (left <= 0) {
            if (*size - stretch_start_size < HFX_MIN_PROGRESS)
                return NETIO_ERR_TIMEOUT;
            stretch_end = netio_clock_ms() + client->timeout_ms;
            stretch_start_size = *size;
            left = client->timeout_ms;
        }
        if (*size == capacity) {
            if (capacity == HFX_MAX_DOWNLOAD) {
                char probe;   /* a full buffer is fine if the data ends here */
                status = netio_receive(data_socket, &probe, 1, &received, (int)left);
                *too_big = status == NETIO_OK && received > 0;
                return status;
            }
            size_t more = capacity ? capacity * 2 : 65536;
            if (more > HFX_MAX_DOWNLOAD)
                more = HFX_MAX_DOWNLOAD;
            char *grown = realloc(*data, more + 1);
            if (!grown) {
                *no_memory = true;
                return NETIO_OK;
            }
            *data = grown;
            capacity = more;
        }
        status = netio_receive(data_socket, *data + *size, capacity - *size, &received, (int)left);
        if (status == NETIO_ERR_TIMEOUT && *size - stretch_start_size >= HFX_MIN_PROGRESS)
            continue;   /* the stretch is over and moved enough: the next one begins */
        if (status != NETIO_OK || received == 0)
            return status;
        *size += received;
    }
}

static enum hfx_status download(struct hfx_client *client, const char *verb, const char *argument, char **data,
                                size_t *size, struct hfx_error *error)
{
    netio_socket data_socket;
    enum netio_status received;
    enum hfx_status status;
    bool too_big = false, no_memory = false;
    char *bytes = NULL;
    size_t length = 0;

    *data = NULL;
    *size = 0;
    if ((status = open_data(client, &data_socket, error)) != HFX_OK)
        return status;
    if (argument && *argument)
        status = hfx_command(client, NULL, NULL, error, "%s %s", verb, argument);
    else
        status = hfx_command(client, NULL, NULL, error, "%s", verb);
    if (status == HFX_OK)
        status = check_preliminary(client, 0, error);
    if (status != HFX_OK) {
        netio_close(data_socket);
        return status;
    }
    long long started = trace_clock(client);
    received = receive_all(client, data_socket, &bytes, &length, &too_big, &no_memory);
    netio_close(data_socket);
    trace(client, "== %s%s%s: received %zu bytes in %lld ms%s%s", verb, argument && *argument ? " " : "",
          argument ? argument : "", length, trace_clock(client) - started, received == NETIO_OK ? "" : ", then ",
          received == NETIO_OK ? "" : netio_strerror(received));
    status = finish_transfer(client, received, "the data connection", error);
    if (status == HFX_OK && too_big)
        status = report(error, HFX_ERR_PROTOCOL, client->code, "%s %s: more than %d bytes of data", verb,
                        argument ? argument : "", HFX_MAX_DOWNLOAD);
    if (status == HFX_OK && !bytes && !no_memory)   /* nothing came: an empty list is an answer too */
        no_memory = !(bytes = malloc(1));
    if (status == HFX_OK && (no_memory || !bytes))
        status = report(error, HFX_ERR_NO_MEMORY, client->code, "no memory for the data of %s", verb);
    if (status != HFX_OK) {
        free(bytes);
        return status;
    }
    bytes[length] = 0;
    *data = bytes;
    *size = length;
    return HFX_OK;
}

enum hfx_status hfx_list(struct hfx_client *client, const char *what, char **data, size_t *size,
                         struct hfx_error *error)
{
    return download(client, "LIST", what, data, size, error);
}

enum hfx_status hfx_names(struct hfx_client *client, const char *what, char **data, size_t *size,
                          struct hfx_error *error)
{
    return download(client, "NLST", what, data, size, error);
}

/* TYPE I first: under TYPE A the server turns LF into CR LF, which breaks a TIFF. */
enum hfx_status hfx_retrieve(struct hfx_client *client, const char *path, char **data, size_t *size,
                             struct hfx_error *error)
{
    enum hfx_status status;

    *data = NULL;
    *size = 0;
    if (!path || !*path)
        return report(error, HFX_ERR_ARGUMENT, 0, "a file to retrieve is needed");
    if ((status = hfx_expect(client, 2, NULL, error, "TYPE I")) != HFX_OK)
        return status;
    return download(client, "RETR", path, data, size, error);
}

/* An active data connection (EPRT), as HylaFAX's faxwatch asks for one: hfaxd 6.0.7 never writes trigger
 * events to a passive one. We listen on the control connection's own local address. */
static enum hfx_status listen_active(struct hfx_client *client, netio_socket *listener, struct hfx_error *error)
{
    struct netio_address local;
    char detail[sizeof(error->detail)], host[64];
    enum netio_status listening;

    *listener = NETIO_INVALID;
    if (!netio_local_address(client->control, &local))
        return report(error, HFX_ERR_IO, 0, "the control connection has no local address");
    netio_address_set_port(&local, 0);
    if ((listening = netio_listen(&local, listener, detail, sizeof(detail))) != NETIO_OK)
        return report(error, from_netio(listening), 0, "%s", detail);
    netio_address_host(&local, host, sizeof(host));
    enum hfx_status status = hfx_expect(client, 2, NULL, error, "EPRT |%d|%s|%d|", strchr(host, ':') ? 2 : 1, host,
                                        netio_address_port(&local));
    if (status != HFX_OK) {
        netio_close(*listener);
        *listener = NETIO_INVALID;
    }
    return status;
}

/* TYPE A first: hfaxd writes event lines in TYPE A only (in TYPE I it passes faxq's binary messages). */
enum hfx_status hfx_trigger_open(struct hfx_client *client, const char *spec, netio_socket *data,
                                 struct hfx_error *error)
{
    netio_socket listener = NETIO_INVALID;
    enum hfx_status status;

    *data = NETIO_INVALID;
    if (!spec || !*spec)
        return report(error, HFX_ERR_ARGUMENT, 0, "a trigger spec is needed");
    if ((status = hfx_expect(client, 2, NULL, error, "TYPE A")) != HFX_OK
        || (status = listen_active(client, &listener, error)) != HFX_OK)
        return status;
    status = hfx_command(client, NULL, NULL, error, "SITE TRIGGER %s", spec);
    if (status == HFX_OK)
        status = check_preliminary(client, 0, error);
    if (status == HFX_OK) {
        enum netio_status accepted = netio_accept(listener, client->timeout_ms, data);
        if (accepted != NETIO_OK)
            status = lose(client, error, from_netio(accepted), 0, "%s: the server did not connect back for the "
                          "trigger's data connection: %s", client->peer_text, netio_strerror(accepted));
    }
    netio_close(listener);
    /* A refusal comes after the 150 (hfaxd asks its scheduler first). A NOOP behind it tells the two apart
     * without waiting on a clock: a refused trigger's 5xx comes before the NOOP's reply, a running trigger
     * answers the NOOP itself. */
    if (status == HFX_OK && (status = hfx_command(client, NULL, NULL, error, "NOOP")) == HFX_OK
        && client->code / 100 != 2) {
        struct hfx_error noop;
        status = report(error, HFX_ERR_REFUSED, client->code, "%s", client->text);
        if (read_reply(client, &noop) != HFX_OK)   /* the NOOP's own reply, to stay in step */
            status = report(error, noop.status, client->code, "%s", noop.detail);
    }
    if (status != HFX_OK) {
        netio_close(*data);
        *data = NETIO_INVALID;
    }
    return status;
}
