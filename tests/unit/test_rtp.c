/*
 * RTP (rtp.h): the header written and parsed back, RFC 3550's optional parts (CSRCs, an extension,
 * padding) skipped with bounds checks, everything that is not RTP refused; the jitter buffer reorders,
 * plays silence for what is missing, drops late and duplicate packets, and crosses the 65535 wrap.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#include "rtp.h"

static void test_write_parse(void)
{
    uint8_t payload[160], buf[512];
    for (int i = 0; i < 160; i++)
        payload[i] = (uint8_t) i;
    struct rtp_header header = { .payload_type = 8, .marker = true, .seq = 0xBEEF, .timestamp = 0x01020304,
                                 .ssrc = 0xCAFEF00D };
    size_t length = rtp_write(buf, sizeof buf, &header, payload, sizeof payload);
    static const uint8_t expected[12] = { 0x80, 0x88, 0xBE, 0xEF, 1, 2, 3, 4, 0xCA, 0xFE, 0xF0, 0x0D };
    check(length == 172 && memcmp(buf, expected, 12) == 0, "header bytes as RFC 3550 lays them out");

    struct rtp_header out;
    const uint8_t *data;
    size_t data_length;
    check(rtp_parse(buf, length, &out, &data, &data_length) && out.payload_type == 8 && out.marker &&
              out.seq == 0xBEEF && out.timestamp == 0x01020304 && out.ssrc == 0xCAFEF00D && data_length == 160 &&
              memcmp(data, payload, 160) == 0,
          "parse what was written");
    check(rtp_write(buf, 171, &header, payload, sizeof payload) == 0, "a buffer one byte short");
    check(rtp_write(buf, 11, &header, NULL, 0) == 0, "a buffer shorter than the header");

    /* Two CSRCs, an extension of one word, 3 bytes of padding around a 4-byte payload. */
    static const uint8_t full[] = { 0xB2, 0x00, 0x00, 0x07, 0, 0, 0, 0, 0, 0, 0, 1,  /* V2 P X CC=2, PCMU */
                                    0, 0, 0, 2, 0, 0, 0, 3,                           /* CSRCs */
                                    0xBE, 0xDE, 0x00, 0x01, 9, 9, 9, 9,               /* extension */
                                    0x11, 0x22, 0x33, 0x44, 0, 0, 3 };                /* payload, padding */
    check(rtp_parse(full, sizeof full, &out, &data, &data_length) && out.seq == 7 && out.payload_type == 0 &&
              data_length == 4 && data[0] == 0x11 && data[3] == 0x44,
          "CSRCs, extension and padding skipped");

    uint8_t bad[sizeof full];
    check(!rtp_parse(full, 11, &out, &data, &data_length), "shorter than a header");
    memcpy(bad, full, sizeof full);
    bad[0] = 0x40 | (full[0] & 0x3F);
    check(!rtp_parse(bad, sizeof bad, &out, &data, &data_length), "version 1");
    check(!rtp_parse(full, 16, &out, &data, &data_length), "the CSRC list past the end");
    check(!rtp_parse(full, 22, &out, &data, &data_length), "the extension header past the end");
    check(!rtp_parse(full, 26, &out, &data, &data_length), "the extension words past the end");
    memcpy(bad, full, sizeof full);
    bad[sizeof bad - 1] = 8;
    check(!rtp_parse(bad, sizeof bad, &out, &data, &data_length), "more padding than payload");
    bad[sizeof bad - 1] = 0;
    check(!rtp_parse(bad, sizeof bad, &out, &data, &data_length), "padding of zero bytes");
    memcpy(bad, full, sizeof full);
    bad[0] = 0x80 | 0x0F;
    check(!rtp_parse(bad, sizeof bad, &out, &data, &data_length), "15 CSRCs in a short packet");
}

/* A packet whose samples all carry its seq, so that what plays out names the packet it came from. */
static void put(struct rtp_jitter *jitter, uint16_t seq)
{
    int16_t samples[RTP_SAMPLES_PER_PACKET];
    for (int i = 0; i < RTP_SAMPLES_PER_PACKET; i++)
        samples[i] = (int16_t) (seq % 30000 + 1);
    rtp_jitter_put(jitter, seq, samples, RTP_SAMPLES_PER_PACKET);
}

/* What the next tick plays: the packet's seq, or -1 for silence. */
static int get(struct rtp_jitter *jitter)
{
    int16_t samples[RTP_SAMPLES_PER_PACKET];
    rtp_jitter_get(jitter, samples);
    for (int i = 1; i < RTP_SAMPLES_PER_PACKET; i++)
        if (samples[i] != samples[0])
            return -2;
    return samples[0] == 0 ? -1 : samples[0] - 1;
}

/* What get returns for the packet base + n, numbered modulo 2^16. */
static int id(int seq)
{
    return (uint16_t) seq % 30000;
}

static void test_jitter(uint16_t base)
{
    struct rtp_jitter *jitter = rtp_jitter_new(3);
    check(get(jitter) == -1, "silence before any packet");
    put(jitter, base);
    check(get(jitter) == -1, "silence while filling to the depth");
    put(jitter, (uint16_t) (base + 2));   /* 1 comes late, after 2 */
    put(jitter, (uint16_t) (base + 1));
    check(get(jitter) == id(base), "base %u: plays the first packet once 3 are held", base);
    check(get(jitter) == id(base + 1), "then the reordered one");
    put(jitter, (uint16_t) (base + 4));   /* 3 never comes */
    put(jitter, (uint16_t) (base + 5));
    check(get(jitter) == id(base + 2), "then 2");
    check(get(jitter) == -1, "silence for the lost 3");
    put(jitter, (uint16_t) (base + 3));   /* too late now */
    put(jitter, (uint16_t) (base + 5));   /* a duplicate */
    check(get(jitter) == id(base + 4), "4: the late 3 is dropped");
    check(get(jitter) == id(base + 5), "5 once: the duplicate is dropped");
    check(get(jitter) == -1, "dry: silence");
    put(jitter, (uint16_t) (base + 7));
    check(get(jitter) == -1, "after running dry it fills to the depth again");
    put(jitter, (uint16_t) (base + 8));
    put(jitter, (uint16_t) (base + 9));
    check(get(jitter) == id(base + 7), "and plays on");
    put(jitter, (uint16_t) (base + 20000));   /* the far end restarted its numbering */
    put(jitter, (uint16_t) (base + 20001));
    put(jitter, (uint16_t) (base + 20002));
    check(get(jitter) == id(base + 20000), "a jump restarts the buffer at the new numbering");
    rtp_jitter_free(jitter);
}

static void test_short_packet(void)
{
    struct rtp_jitter *jitter = rtp_jitter_new(1);
    int16_t ten[10] = { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 }, out[RTP_SAMPLES_PER_PACKET];
    rtp_jitter_put(jitter, 1, ten, 10);
    rtp_jitter_get(jitter, out);
    check(out[9] == 5 && out[10] == 0 && out[159] == 0, "a short packet is padded with silence");
    rtp_jitter_free(jitter);
    check(rtp_jitter_new(0) == NULL && rtp_jitter_new(1000) == NULL, "depths out of range are refused");
}

int main(void)
{
    test_write_parse();
    test_jitter(100);
    test_jitter(65533);   /* across the wrap */
    test_short_packet();
    printf("rtp: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
