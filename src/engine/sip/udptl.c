/*
 * UDPTL datagrams (see udptl.h), in ASN.1 aligned PER as T.38 defines UDPTLPacket:
 *   seq-number       2 bytes, big-endian
 *   primary-ifp      open type: length determinant, then the IFP's bytes
 *   error-recovery   CHOICE index as a whole byte (0x00 secondary IFPs, 0x80 FEC), then
 *     redundancy:    a length determinant counting the secondary IFPs, each an open type, newest first
 *     FEC:           fec-npackets (an unconstrained INTEGER: length + bytes), a count of fec-data
 *                    entries, each an OCTET STRING (length + bytes)
 * A length determinant is one byte below 0x80, two bytes (0x80 | high, low) below 16384; 0xC0 starts a
 * fragmented length, which no IFP of ours needs and which we refuse.
 */
#include "udptl.h"

#include <stdlib.h>
#include <string.h>

const char *udptl_strerror(enum udptl_status status)
{
    switch (status) {
    case UDPTL_OK: return "ok";
    case UDPTL_ERR_SHORT: return "the datagram ends inside a field";
    case UDPTL_ERR_LENGTH: return "a length no IFP can have";
    case UDPTL_ERR_TRAILING: return "bytes after the error-recovery field";
    case UDPTL_ERR_TOO_BIG: return "the datagram does not fit";
    }
    return "unknown UDPTL status";
}

/* ---- decoding ---- */

struct reader {
    const uint8_t *buf;
    size_t length, at;
};

static enum udptl_status read_length(struct reader *r, size_t *length)
{
    if (r->at >= r->length)
        return UDPTL_ERR_SHORT;
    uint8_t first = r->buf[r->at++];
    if ((first & 0x80) == 0) {
        *length = first;
        return UDPTL_OK;
    }
    if ((first & 0xC0) == 0xC0)
        return UDPTL_ERR_LENGTH;   /* a fragment of 16K units */
    if (r->at >= r->length)
        return UDPTL_ERR_SHORT;
    *length = (size_t) (first & 0x3F) << 8 | r->buf[r->at++];
    return UDPTL_OK;
}

/* An open type or OCTET STRING: its length, then that many bytes. */
static enum udptl_status read_field(struct reader *r, size_t max, struct udptl_ifp *field)
{
    size_t length;
    enum udptl_status status = read_length(r, &length);
    if (status != UDPTL_OK)
        return status;
    if (length > max)
        return UDPTL_ERR_LENGTH;
    if (length > r->length - r->at)
        return UDPTL_ERR_SHORT;
    field->data = r->buf + r->at;
    field->length = length;
    r->at += length;
    return UDPTL_OK;
}

static enum udptl_status read_redundancy(struct reader *r, struct udptl_datagram *out)
{
    size_t count;
    enum udptl_status status = read_length(r, &count);
    if (status != UDPTL_OK)
        return status;
    for (size_t i = 0; i < count; i++) {
        struct udptl_ifp ifp;
        if ((status = read_field(r, UDPTL_MAX_IFP, &ifp)) != UDPTL_OK)
            return status;
        /* Older ones than we keep are read past: a far end may repeat more than we use. */
        if (out->secondary_count < UDPTL_MAX_SECONDARY)
            out->secondary[out->secondary_count++] = ifp;
    }
    return UDPTL_OK;
}

/* FEC is parsed only to check the datagram's shape: we ask for redundancy and recover from that. */
static enum udptl_status read_fec(struct reader *r)
{
    struct udptl_ifp field;
    enum udptl_status status = read_field(r, 4, &field);   /* fec-npackets: a small INTEGER */
    if (status != UDPTL_OK)
        return status;
    size_t count;
    if ((status = read_length(r, &count)) != UDPTL_OK)
        return status;
    for (size_t i = 0; i < count; i++)
        if ((status = read_field(r, UDPTL_MAX_IFP, &field)) != UDPTL_OK)
            return status;
    return UDPTL_OK;
}

enum udptl_status udptl_decode(const uint8_t *buf, size_t length, struct udptl_datagram *out)
{
    struct reader r = { buf, length, 0 };
    memset(out, 0, sizeof *out);
    if (length < 2)
        return UDPTL_ERR_SHORT;
    out->seq = (uint16_t) (buf[0] << 8 | buf[1]);
    r.at = 2;
    enum udptl_status status = read_field(&r, UDPTL_MAX_IFP, &out->primary);
    if (status != UDPTL_OK)
        return status;
    if (r.at >= r.length)
        return UDPTL_ERR_SHORT;
    /* The CHOICE index is the top bit; the rest of the byte is alignment padding. */
    out->fec = (buf[r.at++] & 0x80) != 0;
    status = out->fec ? read_fec(&r) : read_redundancy(&r, out);
    if (status != UDPTL_OK)
        return status;
    return r.at == r.length ? UDPTL_OK : UDPTL_ERR_TRAILING;
}

/* ---- encoding ---- */

struct writer {
    uint8_t *buf;
    size_t size, at;
    bool overflow;
};

static void put_byte(struct writer *w, uint8_t byte)
{
    if (w->at < w->size)
        w->buf[w->at] = byte;
    else
        w->overflow = true;
    w->at++;
}

static void put_length(struct writer *w, size_t length)
{
    if (length < 0x80) {
        put_byte(w, (uint8_t) length);
    } else {
        put_byte(w, (uint8_t) (0x80 | length >> 8));
        put_byte(w, (uint8_t) length);
    }
}

static void put_field(struct writer *w, const struct udptl_ifp *ifp)
{
    put_length(w, ifp->length);
    for (size_t i = 0; i < ifp->length; i++)
        put_byte(w, ifp->data[i]);
}

enum udptl_status udptl_encode(const struct udptl_datagram *in, uint8_t *buf, size_t size, size_t *length)
{
    if (in->primary.length > UDPTL_MAX_IFP || in->secondary_count < 0 || in->secondary_count > UDPTL_MAX_SECONDARY)
        return UDPTL_ERR_LENGTH;
    for (int i = 0; i < in->secondary_count; i++)
        if (in->secondary[i].length > UDPTL_MAX_IFP)
            return UDPTL_ERR_LENGTH;

    struct writer w = { buf, size, 0, false };
    put_byte(&w, (uint8_t) (in->seq >> 8));
    put_byte(&w, (uint8_t) in->seq);
    put_field(&w, &in->primary);
    put_byte(&w, 0x00);   /* error-recovery: secondary IFPs */
    put_length(&w, (size_t) in->secondary_count);
    for (int i = 0; i < in->secondary_count; i++)
        put_field(&w, &in->secondary[i]);
    if (w.overflow)
        return UDPTL_ERR_TOO_BIG;
    *length = w.at;
    return UDPTL_OK;
}

/* ---- sender ---- */

struct udptl_tx {
    int redundancy;
    size_t max_datagram;
    uint16_t next_seq;
    int held;                                   /* IFPs in history */
    struct {
        size_t length;
        uint8_t data[UDPTL_MAX_IFP];
    } history[UDPTL_MAX_SECONDARY];             /* history[0] is the newest */
};

void udptl_tx_set_max_datagram(struct udptl_tx *tx, size_t max_datagram)
{
    tx->max_datagram = max_datagram == 0 || max_datagram > UDPTL_MAX_DATAGRAM ? UDPTL_MAX_DATAGRAM : max_datagram;
}

struct udptl_tx *udptl_tx_new(int redundancy, size_t max_datagram)
{
    if (redundancy < 0 || redundancy > UDPTL_MAX_SECONDARY)
        return NULL;
    struct udptl_tx *tx = calloc(1, sizeof *tx);
    if (tx == NULL)
        return NULL;
    tx->redundancy = redundancy;
    udptl_tx_set_max_datagram(tx, max_datagram);
    return tx;
}

enum udptl_status udptl_tx_build(struct udptl_tx *tx, const uint8_t *ifp, size_t length, uint8_t *buf, size_t size,
                                 size_t *datagram_length)
{
    if (length > UDPTL_MAX_IFP)
        return UDPTL_ERR_LENGTH;
    struct udptl_datagram datagram = { .seq = tx->next_seq, .primary = { ifp, length } };
    datagram.secondary_count = tx->held;
    for (int i = 0; i < tx->held; i++)
        datagram.secondary[i] = (struct udptl_ifp) { tx->history[i].data, tx->history[i].length };

    size_t limit = size < tx->max_datagram ? size : tx->max_datagram;
    enum udptl_status status;
    /* The oldest repeats go first when the far end's datagram limit is reached. */
    while ((status = udptl_encode(&datagram, buf, limit, datagram_length)) == UDPTL_ERR_TOO_BIG &&
           datagram.secondary_count > 0)
        datagram.secondary_count--;
    if (status != UDPTL_OK)
        return status;

    tx->next_seq++;
    if (tx->redundancy > 0) {
        memmove(&tx->history[1], &tx->history[0], sizeof tx->history[0] * (size_t) (tx->redundancy - 1));
        memcpy(tx->history[0].data, ifp, length);
        tx->history[0].length = length;
        if (tx->held < tx->redundancy)
            tx->held++;
    }
    return UDPTL_OK;
}

void udptl_tx_free(struct udptl_tx *tx)
{
    free(tx);
}

/* ---- receiver ---- */

struct udptl_rx {
    udptl_deliver_fn *deliver;
    void *user_data;
    bool started;
    uint16_t expected;   /* the next sequence number to deliver */
    int far_behind;      /* datagrams in a row far older than expected: the far end started afresh */
    struct udptl_rx_stats stats;
};

enum {
    RESYNC_DISTANCE = 64,   /* older than this is not reordering: a restart (or a stray we latched onto) */
    RESYNC_COUNT = 3,       /* so many such datagrams in a row and we follow the new numbering */
};

struct udptl_rx *udptl_rx_new(udptl_deliver_fn *deliver, void *user_data)
{
    struct udptl_rx *rx = calloc(1, sizeof *rx);
    if (rx == NULL)
        return NULL;
    rx->deliver = deliver;
    rx->user_data = user_data;
    return rx;
}

/* How far seq is ahead of the next expected one, modulo 2^16: negative means already delivered. */
static int ahead(uint16_t seq, uint16_t expected)
{
    return (int16_t) (uint16_t) (seq - expected);
}

enum udptl_status udptl_rx_datagram(struct udptl_rx *rx, const uint8_t *buf, size_t length)
{
    struct udptl_datagram datagram;
    enum udptl_status status = udptl_decode(buf, length, &datagram);
    if (status != UDPTL_OK)
        return status;
    rx->stats.datagrams++;
    if (!rx->started) {
        /* The first datagram heard: its repeats are IFPs sent before it, lost or not. */
        rx->started = true;
        rx->expected = (uint16_t) (datagram.seq - datagram.secondary_count);
    }
    int gap = ahead(datagram.seq, rx->expected);
    if (gap < -RESYNC_DISTANCE && ++rx->far_behind >= RESYNC_COUNT) {
        rx->expected = (uint16_t) (datagram.seq - datagram.secondary_count);   /* follow the far end's new count */
        gap = ahead(datagram.seq, rx->expected);
    }
    if (gap < 0)
        return UDPTL_OK;   /* a duplicate or a datagram overtaken by a later one's redundancy */
    rx->far_behind = 0;
    if (gap > datagram.secondary_count)
        rx->stats.lost += (unsigned long) (gap - datagram.secondary_count);
    /* Oldest first, so that IFPs go out in order; what is older than the repeats reach stays lost. */
    for (int back = gap < datagram.secondary_count ? gap : datagram.secondary_count; back > 0; back--) {
        const struct udptl_ifp *ifp = &datagram.secondary[back - 1];
        rx->deliver(rx->user_data, (uint16_t) (datagram.seq - back), ifp->data, ifp->length);
        rx->stats.recovered++;
    }
    rx->deliver(rx->user_data, datagram.seq, datagram.primary.data, datagram.primary.length);
    rx->expected = (uint16_t) (datagram.seq + 1);
    return UDPTL_OK;
}

void udptl_rx_get_stats(const struct udptl_rx *rx, struct udptl_rx_stats *stats)
{
    *stats = rx->stats;
}

void udptl_rx_free(struct udptl_rx *rx)
{
    free(rx);
}
