/*
 * RTP (RFC 3550) for G.711 fax audio: the fixed header, and a jitter buffer that turns arriving packets
 * into one 20 ms block per tick, filling what did not arrive in time with silence. Pure code, no sockets;
 * the parser takes outside bytes (tests/fuzz/fuzz_rtp.c).
 */
#ifndef OPENFAXCOM_RTP_H
#define OPENFAXCOM_RTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { RTP_HEADER_SIZE = 12, RTP_SAMPLES_PER_PACKET = 160 /* 20 ms at 8 kHz */ };

struct rtp_header {
    int payload_type;
    bool marker;
    uint16_t seq;
    uint32_t timestamp;
    uint32_t ssrc;
};

/* Parses a packet (version 2; CSRCs, extension and padding skipped). false when not RTP. */
bool rtp_parse(const uint8_t *buf, size_t length, struct rtp_header *header, const uint8_t **payload,
               size_t *payload_length);
/* Writes header + payload; returns the length, 0 when size is too small. */
size_t rtp_write(uint8_t *buf, size_t size, const struct rtp_header *header, const uint8_t *payload,
                 size_t payload_length);

/* Jitter buffer of 160-sample G.711 packets, holding `depth` packets (e.g. 3 = 60 ms) before playing out. */
struct rtp_jitter;
struct rtp_jitter *rtp_jitter_new(int depth);
/* A packet arrived (payload: G.711 bytes already decoded to linear by the caller, count samples). */
void rtp_jitter_put(struct rtp_jitter *jitter, uint16_t seq, const int16_t *samples, int count);
/* One 20 ms block for this tick: the next packet in sequence, or silence when it is missing or late. */
void rtp_jitter_get(struct rtp_jitter *jitter, int16_t samples[RTP_SAMPLES_PER_PACKET]);
void rtp_jitter_free(struct rtp_jitter *jitter);

#endif
