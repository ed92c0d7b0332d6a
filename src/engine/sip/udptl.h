/*
 * UDPTL (ITU-T T.38 clause 9 and Annex D's transport): the datagrams that carry T.38 IFP packets over
 * UDP. Written from the ITU text. Each datagram is a 16-bit sequence number, the primary IFP as an open
 * type (ASN.1 PER length prefix), then error recovery: redundancy (the previous IFPs again, newest first)
 * or FEC (which we parse and ignore: redundancy is what we offer and answer).
 *
 * Pure codec and two small state objects; no sockets. Every parser here takes outside bytes: fuzzed by
 * tests/fuzz/fuzz_udptl.c.
 */
#ifndef OPENFAXCOM_UDPTL_H
#define OPENFAXCOM_UDPTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    UDPTL_MAX_IFP = 1024,          /* largest IFP we carry (spandsp's T.38 packets are far smaller) */
    UDPTL_MAX_SECONDARY = 8,       /* secondary IFPs kept per datagram */
    UDPTL_MAX_DATAGRAM = 2048,
};

enum udptl_status {
    UDPTL_OK = 0,
    UDPTL_ERR_SHORT,               /* the datagram ends inside a field */
    UDPTL_ERR_LENGTH,              /* a length no IFP can have (fragmented open types, over UDPTL_MAX_IFP) */
    UDPTL_ERR_TRAILING,            /* bytes after the error-recovery part */
    UDPTL_ERR_TOO_BIG,             /* encode: does not fit the buffer or the far end's max datagram */
};

const char *udptl_strerror(enum udptl_status status);

struct udptl_ifp {
    const uint8_t *data;           /* into the decoded datagram */
    size_t length;
};

struct udptl_datagram {
    uint16_t seq;
    struct udptl_ifp primary;
    bool fec;                      /* error recovery was FEC: secondary is empty */
    int secondary_count;           /* redundancy: secondary[0] is seq-1, secondary[1] seq-2, ... */
    struct udptl_ifp secondary[UDPTL_MAX_SECONDARY];
};

/* Decodes one datagram; pointers in *out point into buf. */
enum udptl_status udptl_decode(const uint8_t *buf, size_t length, struct udptl_datagram *out);
/* Encodes one datagram with redundancy (secondary_count may be 0). Returns UDPTL_OK and *length. */
enum udptl_status udptl_encode(const struct udptl_datagram *in, uint8_t *buf, size_t size, size_t *length);

/* Sender: numbers IFPs and repeats the last `redundancy` of them in every datagram, dropping the oldest
 * when the datagram would exceed max_datagram (the far end's T38FaxMaxDatagram). */
struct udptl_tx;
struct udptl_tx *udptl_tx_new(int redundancy, size_t max_datagram);
enum udptl_status udptl_tx_build(struct udptl_tx *tx, const uint8_t *ifp, size_t length, uint8_t *buf, size_t size,
                                 size_t *datagram_length);
/* The far end's max datagram changed (a re-INVITE that stays on T.38): from the next datagram on. */
void udptl_tx_set_max_datagram(struct udptl_tx *tx, size_t max_datagram);
void udptl_tx_free(struct udptl_tx *tx);

/* Receiver: delivers each IFP once and in order, recovering lost ones from the redundancy of later
 * datagrams; duplicates and old datagrams are dropped; a gap redundancy cannot fill is skipped (the IFPs
 * after it are delivered; T.38 copes with loss). A far end that starts its numbering afresh (three
 * datagrams in a row far older than expected) is followed. deliver gets the IFP's sequence number. */
typedef void udptl_deliver_fn(void *user_data, uint16_t seq, const uint8_t *ifp, size_t length);
struct udptl_rx;
struct udptl_rx *udptl_rx_new(udptl_deliver_fn *deliver, void *user_data);
enum udptl_status udptl_rx_datagram(struct udptl_rx *rx, const uint8_t *buf, size_t length);
/* What the receiver has seen: datagrams decoded, IFPs whose own datagram was lost but a later one's
 * redundancy brought, and IFPs lost for good (a gap longer than the redundancy). */
struct udptl_rx_stats {
    unsigned long datagrams, recovered, lost;
};
void udptl_rx_get_stats(const struct udptl_rx *rx, struct udptl_rx_stats *stats);
void udptl_rx_free(struct udptl_rx *rx);

#endif
