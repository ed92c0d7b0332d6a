/*
 * UDPTL framing (udptl.h): byte vectors derived by hand from T.38's aligned-PER UDPTLPacket, round
 * trips, every malformed input class, the sender's redundancy and datagram limit, and the receiver's
 * recovery of lost IFPs, in order, without duplicates, across the 65535 -> 0 wrap.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#include "udptl.h"

static int bytes_equal(const uint8_t *a, size_t a_length, const uint8_t *b, size_t b_length)
{
    return a_length == b_length && memcmp(a, b, a_length) == 0;
}

/* IFPs as spandsp sends them: t30-indicator CNG (0x02), CED (0x04), V.21 preamble (0x06). */
static const uint8_t CNG[] = { 0x02 }, CED[] = { 0x04 }, V21[] = { 0x06 };

static void test_known_vectors(void)
{
    uint8_t buf[64];
    size_t length = 0;

    /* seq 1, primary CNG (length 1), redundancy with no secondaries. */
    struct udptl_datagram one = { .seq = 1, .primary = { CNG, 1 } };
    static const uint8_t one_bytes[] = { 0x00, 0x01, 0x01, 0x02, 0x00, 0x00 };
    check(udptl_encode(&one, buf, sizeof buf, &length) == UDPTL_OK, "encode seq 1");
    check(bytes_equal(buf, length, one_bytes, sizeof one_bytes), "seq 1 CNG encodes as 00 01 01 02 00 00");

    /* seq 65535, primary V.21, secondaries CED (seq 65534) and CNG (65533): count 2, each open type. */
    struct udptl_datagram three = { .seq = 0xFFFF, .primary = { V21, 1 }, .secondary_count = 2,
                                    .secondary = { { CED, 1 }, { CNG, 1 } } };
    static const uint8_t three_bytes[] = { 0xFF, 0xFF, 0x01, 0x06, 0x00, 0x02, 0x01, 0x04, 0x01, 0x02 };
    check(udptl_encode(&three, buf, sizeof buf, &length) == UDPTL_OK, "encode seq 65535");
    check(bytes_equal(buf, length, three_bytes, sizeof three_bytes), "seq 65535 with two secondaries");

    /* A 200-byte IFP: the two-byte length determinant 0x80 | 0, 200. */
    uint8_t big[200], big_buf[256];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t) i;
    struct udptl_datagram long_one = { .seq = 0x1234, .primary = { big, sizeof big } };
    check(udptl_encode(&long_one, big_buf, sizeof big_buf, &length) == UDPTL_OK, "encode 200 bytes");
    check(length == 2 + 2 + 200 + 2 && big_buf[0] == 0x12 && big_buf[1] == 0x34 && big_buf[2] == 0x80 &&
              big_buf[3] == 200 && big_buf[4] == 0 && big_buf[203] == 199 && big_buf[204] == 0 && big_buf[205] == 0,
          "a 200-byte IFP has the length 80 C8 (length %zu)", length);

    struct udptl_datagram decoded;
    check(udptl_decode(three_bytes, sizeof three_bytes, &decoded) == UDPTL_OK, "decode seq 65535");
    check(decoded.seq == 0xFFFF && !decoded.fec && decoded.secondary_count == 2 && decoded.primary.length == 1 &&
              decoded.primary.data[0] == 0x06 && decoded.secondary[0].data[0] == 0x04 &&
              decoded.secondary[1].data[0] == 0x02,
          "decoded fields of seq 65535");
    check(udptl_decode(big_buf, length, &decoded) == UDPTL_OK && decoded.primary.length == 200 &&
              memcmp(decoded.primary.data, big, 200) == 0,
          "decode the 200-byte IFP");

    /* FEC: fec-npackets 3 (length 1), one fec-data entry of one byte. Parsed, repeats empty. */
    static const uint8_t fec[] = { 0x00, 0x05, 0x01, 0x02, 0x80, 0x01, 0x03, 0x01, 0x01, 0x09 };
    check(udptl_decode(fec, sizeof fec, &decoded) == UDPTL_OK && decoded.fec && decoded.secondary_count == 0 &&
              decoded.seq == 5 && decoded.primary.data[0] == 0x02,
          "an FEC datagram decodes, its primary kept");
}

static void test_round_trips(void)
{
    uint8_t ifps[UDPTL_MAX_SECONDARY + 1][300];
    for (int n = 0; n <= UDPTL_MAX_SECONDARY; n++) {
        struct udptl_datagram in = { .seq = (uint16_t) (n * 7919), .secondary_count = n };
        size_t sizes[] = { 0, 1, 127, 128, 300 };
        in.primary = (struct udptl_ifp) { ifps[0], sizes[n % 5] };
        for (int i = 0; i < n; i++)
            in.secondary[i] = (struct udptl_ifp) { ifps[i + 1], sizes[(n + i) % 5] };
        for (int i = 0; i <= n; i++)
            for (int j = 0; j < 300; j++)
                ifps[i][j] = (uint8_t) (i * 31 + j);
        uint8_t buf[UDPTL_MAX_DATAGRAM * 2];
        size_t length;
        struct udptl_datagram out;
        int ok = udptl_encode(&in, buf, sizeof buf, &length) == UDPTL_OK &&
                 udptl_decode(buf, length, &out) == UDPTL_OK && out.seq == in.seq &&
                 out.secondary_count == n && out.primary.length == in.primary.length &&
                 memcmp(out.primary.data, in.primary.data, in.primary.length) == 0;
        for (int i = 0; ok && i < n; i++)
            ok = out.secondary[i].length == in.secondary[i].length &&
                 memcmp(out.secondary[i].data, in.secondary[i].data, in.secondary[i].length) == 0;
        check(ok, "round trip with %d secondaries", n);
    }
}

static void expect_error(const uint8_t *buf, size_t length, enum udptl_status want, const char *what)
{
    struct udptl_datagram out;
    enum udptl_status got = udptl_decode(buf, length, &out);
    check(got == want, "%s: %s, want %s", what, udptl_strerror(got), udptl_strerror(want));
}

static void test_malformed(void)
{
    static const uint8_t empty[1] = { 0 };
    expect_error(empty, 0, UDPTL_ERR_SHORT, "empty");
    expect_error((const uint8_t[]) { 0x00 }, 1, UDPTL_ERR_SHORT, "half a sequence number");
    expect_error((const uint8_t[]) { 0x00, 0x01 }, 2, UDPTL_ERR_SHORT, "no primary length");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x03, 0x02 }, 4, UDPTL_ERR_SHORT, "primary past the end");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x81 }, 3, UDPTL_ERR_SHORT, "two-byte length cut");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02 }, 4, UDPTL_ERR_SHORT, "no error recovery");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x00 }, 5, UDPTL_ERR_SHORT, "no secondary count");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x00, 0x02, 0x01, 0x04 }, 8, UDPTL_ERR_SHORT,
                 "fewer secondaries than counted");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x00, 0x01, 0x05, 0x04 }, 8, UDPTL_ERR_SHORT,
                 "a secondary past the end");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x80, 0x01 }, 6, UDPTL_ERR_SHORT, "FEC cut");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x80, 0x01, 0x03, 0x02, 0x01, 0x09 }, 10,
                 UDPTL_ERR_SHORT, "fewer FEC entries than counted");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0xC1, 0x00 }, 4, UDPTL_ERR_LENGTH, "a fragmented primary");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x84, 0x01 }, 4, UDPTL_ERR_LENGTH, "a 1025-byte primary");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x00, 0xC1 }, 6, UDPTL_ERR_LENGTH,
                 "a fragmented secondary count");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x00, 0x01, 0x84, 0x01 }, 8, UDPTL_ERR_LENGTH,
                 "a 1025-byte secondary");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x80, 0x05, 1, 2, 3, 4, 5, 0x00 }, 12,
                 UDPTL_ERR_LENGTH, "a 5-byte fec-npackets");
    expect_error((const uint8_t[]) { 0x00, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00 }, 7, UDPTL_ERR_TRAILING,
                 "a byte after the secondaries");

    uint8_t small[5];
    size_t length;
    struct udptl_datagram one = { .seq = 1, .primary = { CNG, 1 } };
    check(udptl_encode(&one, small, sizeof small, &length) == UDPTL_ERR_TOO_BIG, "encode into 5 bytes");
    uint8_t huge[UDPTL_MAX_IFP + 1] = { 0 };
    struct udptl_datagram too_long = { .seq = 1, .primary = { huge, sizeof huge } };
    uint8_t buf[UDPTL_MAX_DATAGRAM];
    check(udptl_encode(&too_long, buf, sizeof buf, &length) == UDPTL_ERR_LENGTH, "encode a 1025-byte IFP");
    for (int i = UDPTL_OK; i <= UDPTL_ERR_TOO_BIG; i++)
        check(strcmp(udptl_strerror((enum udptl_status) i), "unknown UDPTL status") != 0, "strerror %d", i);
}

/* ---- sender and receiver ---- */

struct delivered {
    int count;
    uint16_t seq[256];
    uint8_t first_byte[256];
    struct udptl_rx_stats stats;
};

enum { FILLER = 0xFF };   /* IFPs sent before a test's numbering starts: not counted */

static void deliver(void *user_data, uint16_t seq, const uint8_t *ifp, size_t length)
{
    struct delivered *d = user_data;
    if (length == 1 && ifp[0] == FILLER)
        return;
    if (d->count < 256) {
        d->seq[d->count] = seq;
        d->first_byte[d->count] = length > 0 ? ifp[0] : 0xEE;
    }
    d->count++;
}

static void test_tx_redundancy(void)
{
    struct udptl_tx *tx = udptl_tx_new(3, 0);
    uint8_t buf[UDPTL_MAX_DATAGRAM];
    size_t length;
    struct udptl_datagram out;
    for (uint8_t i = 0; i < 5; i++) {
        uint8_t ifp[2] = { i, 0xAA };
        check(udptl_tx_build(tx, ifp, sizeof ifp, buf, sizeof buf, &length) == UDPTL_OK, "build %u", i);
        check(udptl_decode(buf, length, &out) == UDPTL_OK && out.seq == i &&
                  out.secondary_count == (i < 3 ? i : 3),
              "datagram %u carries %d repeats", i, out.secondary_count);
    }
    check(out.secondary[0].data[0] == 3 && out.secondary[1].data[0] == 2 && out.secondary[2].data[0] == 1,
          "repeats are newest first");
    udptl_tx_free(tx);

    /* A far end's limit of 20 bytes: 2 + 1 + 6 (primary) + 1 + 1 = 11, room for one 6-byte repeat + 1. */
    tx = udptl_tx_new(3, 20);
    uint8_t six[6] = { 9, 9, 9, 9, 9, 9 };
    for (int i = 0; i < 4; i++)
        check(udptl_tx_build(tx, six, sizeof six, buf, sizeof buf, &length) == UDPTL_OK && length <= 20,
              "build under a 20-byte limit (%zu)", length);
    check(udptl_decode(buf, length, &out) == UDPTL_OK && out.secondary_count == 1, "one repeat fits in 20 bytes");
    uint8_t thirty[30] = { 0 };
    check(udptl_tx_build(tx, thirty, sizeof thirty, buf, sizeof buf, &length) == UDPTL_ERR_TOO_BIG,
          "an IFP over the limit is refused");
    udptl_tx_set_max_datagram(tx, 200);   /* a re-INVITE raised the far end's limit */
    check(udptl_tx_build(tx, six, sizeof six, buf, sizeof buf, &length) == UDPTL_OK
          && udptl_decode(buf, length, &out) == UDPTL_OK && out.secondary_count == 3,
          "a raised limit takes every repeat again (%d)", out.secondary_count);
    udptl_tx_free(tx);
    check(udptl_tx_new(UDPTL_MAX_SECONDARY + 1, 0) == NULL, "more repeats than kept is refused");
}

/* Sends count IFPs from start_seq through a sender with redundancy 3, dropping those lose() says. */
static void send_through(uint16_t start_seq, int count, int (*lose)(int), struct delivered *d)
{
    struct udptl_tx *tx = udptl_tx_new(3, 0);
    struct udptl_rx *rx = udptl_rx_new(deliver, d);
    uint8_t buf[UDPTL_MAX_DATAGRAM];
    size_t length;
    /* Move the sender's numbering to start_seq by building (and not sending) the datagrams before. */
    for (uint16_t s = 0; s != start_seq; s++) {
        uint8_t filler = FILLER;
        udptl_tx_build(tx, &filler, 1, buf, sizeof buf, &length);
    }
    for (int i = 0; i < count; i++) {
        uint8_t ifp = (uint8_t) i;
        udptl_tx_build(tx, &ifp, 1, buf, sizeof buf, &length);
        if (!lose(i))
            udptl_rx_datagram(rx, buf, length);
        if (i == 1 && !lose(i))
            udptl_rx_datagram(rx, buf, length);   /* a duplicate */
    }
    udptl_rx_get_stats(rx, &d->stats);
    udptl_tx_free(tx);
    udptl_rx_free(rx);
}

static int lose_none(int i) { (void) i; return 0; }
static int lose_some(int i) { return i == 3 || i == 7 || i == 8 || i == 20 || i == 21 || i == 22; }
static int lose_too_many(int i) { return i >= 10 && i < 15; }
static int lose_first(int i) { return i == 0; }

static int in_order(const struct delivered *d, int count, uint16_t start_seq)
{
    if (d->count != count)
        return 0;
    for (int i = 0; i < count; i++)
        if (d->seq[i] != (uint16_t) (start_seq + i) || d->first_byte[i] != (uint8_t) i)
            return 0;
    return 1;
}

static void test_rx_recovery(void)
{
    struct delivered d = { 0 };
    send_through(0, 30, lose_none, &d);
    check(in_order(&d, 30, 0), "no loss: 30 IFPs in order, the duplicate dropped (%d)", d.count);
    check(d.stats.datagrams == 31 && d.stats.recovered == 0 && d.stats.lost == 0,
          "no loss: 31 datagrams counted, nothing recovered or lost (%lu %lu %lu)", d.stats.datagrams,
          d.stats.recovered, d.stats.lost);

    memset(&d, 0, sizeof d);
    send_through(100, 30, lose_some, &d);
    check(in_order(&d, 30, 100), "up to 3 lost in a row are recovered in order (%d)", d.count);
    /* the first datagram's three repeats (the fillers before 100) count as recovered too */
    check(d.stats.recovered == 3 + 6 && d.stats.lost == 0, "6 lost datagrams counted as recovered (%lu, %lu lost)",
          d.stats.recovered - 3, d.stats.lost);

    memset(&d, 0, sizeof d);
    send_through(65530, 30, lose_some, &d);
    check(in_order(&d, 30, 65530), "recovery across the 65535 wrap (%d delivered)", d.count);

    memset(&d, 0, sizeof d);
    send_through(0, 20, lose_first, &d);
    check(in_order(&d, 20, 0), "a lost first datagram comes from the second's repeats");

    memset(&d, 0, sizeof d);
    send_through(65000, 30, lose_too_many, &d);
    int ok = d.count == 28;   /* 10 and 11 lost for good; 12..14 recovered from 15 */
    for (int i = 0, want = 0; ok && i < d.count; i++, want++) {
        if (want == 10)
            want = 12;
        ok = d.seq[i] == (uint16_t) (65000 + want) && d.first_byte[i] == want;
    }
    check(ok, "a gap longer than the repeats is skipped, the rest in order (%d)", d.count);
    check(d.stats.lost == 2 && d.stats.recovered == 3 + 3, "the gap counts 2 lost and 3 recovered (%lu, %lu)",
          d.stats.lost, d.stats.recovered - 3);

    /* An old datagram arriving late is dropped. */
    memset(&d, 0, sizeof d);
    struct udptl_rx *rx = udptl_rx_new(deliver, &d);
    static const uint8_t seq5[] = { 0x00, 0x05, 0x01, 0x02, 0x00, 0x00 };
    static const uint8_t seq4[] = { 0x00, 0x04, 0x01, 0x02, 0x00, 0x00 };
    static const uint8_t bad[] = { 0x00, 0x06, 0x05 };
    udptl_rx_datagram(rx, seq5, sizeof seq5);
    udptl_rx_datagram(rx, seq4, sizeof seq4);
    check(udptl_rx_datagram(rx, bad, sizeof bad) == UDPTL_ERR_SHORT, "rx returns the decode error");
    check(d.count == 1 && d.seq[0] == 5, "a late datagram is dropped (%d)", d.count);
    udptl_rx_free(rx);

    /* A far end that starts again at 0 after 1000 (a new T.38 session, a gateway failover) is followed
     * from its third datagram on; one stray far-off datagram is not enough to lose the numbering. */
    memset(&d, 0, sizeof d);
    rx = udptl_rx_new(deliver, &d);
    uint8_t datagram[8] = { 0x03, 0xe8, 0x01, 0x07, 0x00, 0x00 };   /* seq 1000, IFP 0x07, no repeats */
    udptl_rx_datagram(rx, datagram, 6);
    for (int seq = 0; seq < 5; seq++) {
        datagram[0] = 0;
        datagram[1] = (uint8_t) seq;
        udptl_rx_datagram(rx, datagram, 6);
    }
    check(d.count == 4 && d.seq[0] == 1000 && d.seq[1] == 2 && d.seq[3] == 4,
          "a restarted numbering is followed from its third datagram (%d: %u %u)", d.count, d.seq[0], d.seq[1]);
    udptl_rx_free(rx);
}

int main(void)
{
    test_known_vectors();
    test_round_trips();
    test_malformed();
    test_tx_redundancy();
    test_rx_recovery();
    printf("udptl: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
