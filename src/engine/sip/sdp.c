/*
 * SDP for faxd's SIP lines (see sdp.h). The parser works on the bytes it is given, line by line, never
 * past length and never on a NUL: what a peer sends is untrusted. It keeps only what a fax call needs
 * and ignores every other line, as RFC 4566 asks of unknown attributes.
 */
#include "sdp.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    PT_PCMU = 0,
    PT_PCMA = 8,
    MEDIA_FORMATS_MAX = 32,     /* payload types kept from one m= line; the rest are not ours anyway */
    OUR_MAX_DATAGRAM = 400,
    OUR_MAX_BIT_RATE = 14400,
    /* The far end's smallest datagram we take: room for the UDPTL header and a few octets of IFP (real
     * devices say 72 and up). Below it, or not a number, the offer cannot carry T.38 as written. */
    MIN_REMOTE_DATAGRAM = 32,
};

/* A piece of the input: not NUL-terminated. */
struct span {
    const char *text;
    size_t length;
};

/* One m= section while it is parsed: the stream as it will be reported plus what decides if we can use it. */
struct media_section {
    struct sdp_desc desc;
    bool has_address;
    bool is_audio, is_t38;
    int payloads[MEDIA_FORMATS_MAX];
    int payload_count;
    int telephone_event;        /* its dynamic payload type from a=rtpmap, -1 = none */
};

static void set_error(char *error, size_t size, const char *format, ...)
{
    if (error == NULL || size == 0)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

/* Splits off the next blank-separated word of *rest. */
static struct span next_word(struct span *rest)
{
    size_t i = 0;
    while (i < rest->length && (rest->text[i] == ' ' || rest->text[i] == '\t'))
        i++;
    size_t start = i;
    while (i < rest->length && rest->text[i] != ' ' && rest->text[i] != '\t')
        i++;
    struct span word = { rest->text + start, i - start };
    rest->text += i;
    rest->length -= i;
    return word;
}

static bool span_equals(struct span s, const char *word)
{
    return s.length == strlen(word) && strncasecmp(s.text, word, s.length) == 0;
}

/* A decimal number of at most 9 digits (ports, payload types, attribute values); -1 when it is not one. */
static int span_number(struct span s)
{
    if (s.length == 0 || s.length > 9)
        return -1;
    int value = 0;
    for (size_t i = 0; i < s.length; i++) {
        if (!isdigit((unsigned char) s.text[i]))
            return -1;
        value = value * 10 + (s.text[i] - '0');
    }
    return value;
}

/* c=IN IP4|IP6 ADDRESS[/ttl[/n]]: the address only. */
static bool parse_connection(struct span value, char *address)
{
    struct span net = next_word(&value), type = next_word(&value), addr = next_word(&value);
    if (!span_equals(net, "IN") || !(span_equals(type, "IP4") || span_equals(type, "IP6")))
        return false;
    const char *slash = memchr(addr.text, '/', addr.length);
    if (slash != NULL)
        addr.length = (size_t) (slash - addr.text);
    if (addr.length == 0 || addr.length >= SDP_ADDRESS_MAX)
        return false;
    for (size_t i = 0; i < addr.length; i++)
        if (!isalnum((unsigned char) addr.text[i]) && addr.text[i] != '.' && addr.text[i] != ':' && addr.text[i] != '-')
            return false;    /* a host name, IPv4 or IPv6: nothing else belongs in a log line or a socket call */
    memcpy(address, addr.text, addr.length);
    address[addr.length] = '\0';
    return true;
}

/* m=MEDIA PORT[/count] PROTO FORMAT...: the section starts with only what the line says. */
static void start_media(struct media_section *m, struct span value, const char *session_address,
                        bool session_sendrecv)
{
    memset(m, 0, sizeof(*m));
    m->telephone_event = -1;
    m->desc.sendrecv = session_sendrecv;
    if (session_address[0] != '\0') {
        strcpy(m->desc.address, session_address);
        m->has_address = true;
    }
    struct span media = next_word(&value), port = next_word(&value), proto = next_word(&value);
    const char *slash = memchr(port.text, '/', port.length);
    if (slash != NULL)
        port.length = (size_t) (slash - port.text);
    m->desc.port = span_number(port);
    if (m->desc.port < 0 || m->desc.port > 65535)
        return;
    if (span_equals(media, "audio") && span_equals(proto, "RTP/AVP")) {
        m->is_audio = true;
        for (struct span f = next_word(&value); f.length > 0; f = next_word(&value)) {
            int pt = span_number(f);
            if (pt >= 0 && pt <= 127 && m->payload_count < MEDIA_FORMATS_MAX)
                m->payloads[m->payload_count++] = pt;
        }
    } else if (span_equals(media, "image") && span_equals(proto, "udptl")) {
        for (struct span f = next_word(&value); f.length > 0; f = next_word(&value))
            if (span_equals(f, "t38"))
                m->is_t38 = true;
    }
}

/* NAME:VALUE or a flag NAME; value empty for a flag. */
static void split_attribute(struct span attribute, struct span *name, struct span *value)
{
    const char *colon = memchr(attribute.text, ':', attribute.length);
    size_t name_length = colon != NULL ? (size_t) (colon - attribute.text) : attribute.length;
    *name = (struct span) { attribute.text, name_length };
    *value = colon != NULL ? (struct span) { colon + 1, attribute.length - name_length - 1 }
                           : (struct span) { attribute.text + attribute.length, 0 };
    while (value->length > 0 && (value->text[0] == ' ' || value->text[0] == '\t')) {
        value->text++;
        value->length--;
    }
    while (value->length > 0 && (value->text[value->length - 1] == ' ' || value->text[value->length - 1] == '\t'))
        value->length--;
}

/* A T.38 flag attribute: present without a value, or with a value other than 0 (both forms are seen). */
static bool flag_value(struct span value)
{
    return value.length == 0 || span_number(value) != 0;
}

static bool direction_attribute(struct span name, bool *sendrecv)
{
    if (span_equals(name, "sendrecv"))
        *sendrecv = true;
    else if (span_equals(name, "sendonly") || span_equals(name, "recvonly") || span_equals(name, "inactive"))
        *sendrecv = false;
    else
        return false;
    return true;
}

/* false when a value we would send by is unusable (T38FaxMaxDatagram:-5, 10, or too long to be a number) */
static bool media_attribute(struct media_section *m, struct span attribute)
{
    struct span name, value;
    split_attribute(attribute, &name, &value);
    struct sdp_t38 *t38 = &m->desc.t38;
    if (direction_attribute(name, &m->desc.sendrecv))
        return true;
    if (span_equals(name, "ptime")) {
        m->desc.ptime = span_number(value) > 0 ? span_number(value) : 0;
    } else if (span_equals(name, "rtpmap")) {
        struct span pt = next_word(&value), encoding = next_word(&value);
        const char *slash = memchr(encoding.text, '/', encoding.length);
        if (slash != NULL)
            encoding.length = (size_t) (slash - encoding.text);
        if (span_equals(encoding, "telephone-event") && span_number(pt) >= 96 && span_number(pt) <= 127)
            m->telephone_event = span_number(pt);
    } else if (span_equals(name, "T38FaxVersion")) {
        t38->version = span_number(value) > 0 ? span_number(value) : 0;
    } else if (span_equals(name, "T38MaxBitRate")) {
        t38->max_bit_rate = span_number(value) > 0 ? span_number(value) : 0;
    } else if (span_equals(name, "T38FaxRateManagement")) {
        t38->transferred_tcf = span_equals(value, "transferredTCF");
    } else if (span_equals(name, "T38FaxMaxBuffer")) {
        t38->max_buffer = span_number(value) > 0 ? span_number(value) : 0;
    } else if (span_equals(name, "T38FaxMaxDatagram")) {
        t38->max_datagram = span_number(value);
        return t38->max_datagram >= MIN_REMOTE_DATAGRAM;
    } else if (span_equals(name, "T38FaxUdpEC")) {
        t38->ec = span_equals(value, "t38UDPRedundancy") ? SDP_T38_EC_REDUNDANCY
                : span_equals(value, "t38UDPFEC") ? SDP_T38_EC_FEC : SDP_T38_EC_NONE;
    } else if (span_equals(name, "T38FaxFillBitRemoval")) {
        t38->fill_bit_removal = flag_value(value);
    } else if (span_equals(name, "T38FaxTranscodingMMR")) {
        t38->transcoding_mmr = flag_value(value);
    } else if (span_equals(name, "T38FaxTranscodingJBIG")) {
        t38->transcoding_jbig = flag_value(value);
    }
    return true;
}

/* Fills desc.kind and desc.formats from what the section said; false when it is nothing we speak. */
static bool finish_media(struct media_section *m)
{
    struct sdp_desc *d = &m->desc;
    if (m->is_t38) {
        d->kind = SDP_MEDIA_T38;
        return true;
    }
    if (!m->is_audio)
        return false;
    for (int i = 0; i < m->payload_count && d->format_count < SDP_MAX_FORMATS - 1; i++)
        if (m->payloads[i] == PT_PCMU || m->payloads[i] == PT_PCMA)
            d->formats[d->format_count++] = m->payloads[i];
    if (d->format_count == 0)
        return false;
    for (int i = 0; i < m->payload_count; i++)
        if (m->payloads[i] == m->telephone_event) {
            d->formats[d->format_count++] = m->telephone_event;
            break;
        }
    d->kind = SDP_MEDIA_AUDIO;
    return true;
}

/* Keeps the first usable section; one with port 0 (a refused stream) only while no live one is found. */
static void consider_media(struct media_section *m, struct sdp_desc *chosen, bool *found, bool *found_live,
                           bool *address_missing)
{
    if (!finish_media(m) || *found_live)
        return;
    if (!m->has_address) {
        *address_missing = true;
        return;
    }
    if (m->desc.port == 0 && *found)
        return;
    *chosen = m->desc;
    *found = true;
    *found_live = m->desc.port != 0;
}

bool sdp_parse(const char *text, size_t length, struct sdp_desc *desc, char *error, size_t error_size)
{
    struct media_section media;
    struct sdp_desc chosen = { .kind = SDP_MEDIA_NONE };
    char session_address[SDP_ADDRESS_MAX] = "";
    bool session_sendrecv = true, in_media = false, found = false, found_live = false, address_missing = false;
    size_t offset = 0, line_number = 0;

    memset(desc, 0, sizeof(*desc));
    if (text == NULL)
        length = 0;
    while (offset < length) {
        const char *line = text + offset;
        const char *newline = memchr(line, '\n', length - offset);
        size_t line_length = newline != NULL ? (size_t) (newline - line) : length - offset;
        offset += line_length + (newline != NULL);
        line_number++;
        if (line_length > 0 && line[line_length - 1] == '\r')
            line_length--;
        if (line_length == 0)
            continue;       /* a trailing blank line is common; tolerate any */
        if (line_length < 2 || line[1] != '=' || !islower((unsigned char) line[0]) || memchr(line, 0, line_length)) {
            set_error(error, error_size, "line %zu is not an SDP type=value line", line_number);
            return false;
        }
        if (line_number == 1 && !(line[0] == 'v' && line_length == 3 && line[2] == '0')) {
            set_error(error, error_size, "not SDP: the first line is not v=0");
            return false;
        }
        struct span value = { line + 2, line_length - 2 };
        switch (line[0]) {
        case 'c':
            if (!parse_connection(value, in_media ? media.desc.address : session_address)) {
                set_error(error, error_size, "line %zu: c= is not IN IP4/IP6 with an address", line_number);
                return false;
            }
            if (in_media)
                media.has_address = true;
            break;
        case 'm':
            if (in_media)
                consider_media(&media, &chosen, &found, &found_live, &address_missing);
            start_media(&media, value, session_address, session_sendrecv);
            in_media = true;
            break;
        case 'a':
            if (in_media) {
                if (!media_attribute(&media, value)) {
                    set_error(error, error_size, "line %zu: a=%.*s is not a value we can send by", line_number,
                              (int) (value.length < 40 ? value.length : 40), value.text);
                    return false;
                }
            } else {
                struct span name, attribute_value;
                split_attribute(value, &name, &attribute_value);
                direction_attribute(name, &session_sendrecv);
            }
            break;
        default:
            break;
        }
    }
    if (line_number == 0) {
        set_error(error, error_size, "empty SDP");
        return false;
    }
    if (in_media)
        consider_media(&media, &chosen, &found, &found_live, &address_missing);
    if (!found) {
        set_error(error, error_size, address_missing ? "a usable m= line has no c= address"
                                                     : "no m=audio with PCMU or PCMA and no m=image udptl t38");
        return false;
    }
    *desc = chosen;
    return true;
}

/* Appends to buf; *length becomes larger than size once anything did not fit. */
static void append(char *buf, size_t size, size_t *length, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = vsnprintf(*length < size ? buf + *length : NULL, *length < size ? size - *length : 0, format, args);
    va_end(args);
    *length += n > 0 ? (size_t) n : 0;
}

static const char *encoding_name(int pt)
{
    return pt == PT_PCMU ? "PCMU" : pt == PT_PCMA ? "PCMA" : "telephone-event";
}

int sdp_write(char *buf, size_t size, const struct sdp_desc *desc, unsigned long session_id,
              unsigned long session_version)
{
    size_t length = 0;
    const char *ip = strchr(desc->address, ':') != NULL ? "IP6" : "IP4";

    if (desc->kind == SDP_MEDIA_NONE || desc->address[0] == '\0')
        return -1;
    append(buf, size, &length, "v=0\r\no=faxd %lu %lu IN %s %s\r\ns=faxd\r\nc=IN %s %s\r\nt=0 0\r\n",
           session_id, session_version, ip, desc->address, ip, desc->address);
    if (desc->kind == SDP_MEDIA_AUDIO) {
        append(buf, size, &length, "m=audio %d RTP/AVP", desc->port);
        for (int i = 0; i < desc->format_count && i < SDP_MAX_FORMATS; i++)
            append(buf, size, &length, " %d", desc->formats[i]);
        append(buf, size, &length, "\r\n");
        for (int i = 0; i < desc->format_count && i < SDP_MAX_FORMATS; i++) {
            append(buf, size, &length, "a=rtpmap:%d %s/8000\r\n", desc->formats[i], encoding_name(desc->formats[i]));
            if (desc->formats[i] != PT_PCMU && desc->formats[i] != PT_PCMA)
                append(buf, size, &length, "a=fmtp:%d 0-15\r\n", desc->formats[i]);
        }
        append(buf, size, &length, "a=ptime:%d\r\n", desc->ptime > 0 ? desc->ptime : 20);
    } else {
        const struct sdp_t38 *t = &desc->t38;
        append(buf, size, &length, "m=image %d udptl t38\r\na=T38FaxVersion:%d\r\na=T38MaxBitRate:%d\r\n"
               "a=T38FaxRateManagement:%s\r\n", desc->port, t->version, t->max_bit_rate,
               t->transferred_tcf ? "transferredTCF" : "localTCF");
        if (t->max_buffer > 0)
            append(buf, size, &length, "a=T38FaxMaxBuffer:%d\r\n", t->max_buffer);
        if (t->max_datagram > 0)
            append(buf, size, &length, "a=T38FaxMaxDatagram:%d\r\n", t->max_datagram);
        if (t->ec != SDP_T38_EC_NONE)
            append(buf, size, &length, "a=T38FaxUdpEC:%s\r\n",
                   t->ec == SDP_T38_EC_FEC ? "t38UDPFEC" : "t38UDPRedundancy");
        if (t->fill_bit_removal)
            append(buf, size, &length, "a=T38FaxFillBitRemoval\r\n");
        if (t->transcoding_mmr)
            append(buf, size, &length, "a=T38FaxTranscodingMMR\r\n");
        if (t->transcoding_jbig)
            append(buf, size, &length, "a=T38FaxTranscodingJBIG\r\n");
    }
    append(buf, size, &length, "a=%s\r\n", desc->sendrecv ? "sendrecv" : "inactive");
    if (length >= size)
        return -1;
    return (int) length;
}

static void set_address(struct sdp_desc *desc, const char *address, int port)
{
    snprintf(desc->address, sizeof(desc->address), "%s", address);
    desc->port = port;
    desc->sendrecv = true;
}

static void our_t38(struct sdp_t38 *t38)
{
    *t38 = (struct sdp_t38) {
        .version = 0,
        .max_bit_rate = OUR_MAX_BIT_RATE,
        .transferred_tcf = true,
        .max_datagram = OUR_MAX_DATAGRAM,
        .ec = SDP_T38_EC_REDUNDANCY,
    };
}

bool sdp_answer(const struct sdp_desc *offer, const char *address, int port, struct sdp_desc *answer)
{
    memset(answer, 0, sizeof(*answer));
    if (offer->port == 0)
        return false;
    if (offer->kind == SDP_MEDIA_T38) {
        answer->kind = SDP_MEDIA_T38;
        our_t38(&answer->t38);
        if (offer->t38.max_bit_rate > 0 && offer->t38.max_bit_rate < OUR_MAX_BIT_RATE)
            answer->t38.max_bit_rate = offer->t38.max_bit_rate;
        /* Rate management is the offerer's to choose (RFC 4612): both ends must train the same way. */
        answer->t38.transferred_tcf = offer->t38.transferred_tcf;
        /* An offer without error correction gets none back: an answer may not add what was not offered. */
        if (offer->t38.ec == SDP_T38_EC_NONE)
            answer->t38.ec = SDP_T38_EC_NONE;
    } else if (offer->kind == SDP_MEDIA_AUDIO) {
        int telephone_event = -1;
        for (int i = 0; i < offer->format_count && i < SDP_MAX_FORMATS; i++) {
            int pt = offer->formats[i];
            if ((pt == PT_PCMU || pt == PT_PCMA) && answer->format_count == 0)
                answer->formats[answer->format_count++] = pt;
            else if (pt != PT_PCMU && pt != PT_PCMA && telephone_event < 0)
                telephone_event = pt;
        }
        if (answer->format_count == 0)
            return false;
        if (telephone_event >= 0)
            answer->formats[answer->format_count++] = telephone_event;
        answer->kind = SDP_MEDIA_AUDIO;
        answer->ptime = 20;
    } else {
        return false;
    }
    set_address(answer, address, port);
    return true;
}

void sdp_offer_audio(struct sdp_desc *desc, const char *address, int port)
{
    memset(desc, 0, sizeof(*desc));
    set_address(desc, address, port);
    desc->kind = SDP_MEDIA_AUDIO;
    desc->formats[0] = PT_PCMU;
    desc->formats[1] = PT_PCMA;
    desc->format_count = 2;
    desc->ptime = 20;
}

void sdp_offer_t38(struct sdp_desc *desc, const char *address, int port)
{
    memset(desc, 0, sizeof(*desc));
    set_address(desc, address, port);
    desc->kind = SDP_MEDIA_T38;
    our_t38(&desc->t38);
}
