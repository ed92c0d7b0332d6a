/*
 * RTP header and jitter buffer (see rtp.h).
 */
#include "rtp.h"

#include <stdlib.h>
#include <string.h>

bool rtp_parse(const uint8_t *buf, size_t length, struct rtp_header *header, const uint8_t **payload,
               size_t *payload_length)
{
    if (length < RTP_HEADER_SIZE || buf[0] >> 6 != 2)
        return false;
    size_t at = RTP_HEADER_SIZE + (size_t) (buf[0] & 0x0F) * 4;   /* the CSRC list */
    if (at > length)
        return false;
    if (buf[0] & 0x10) {
        /* Extension: 16 bits profile, 16 bits length in 32-bit words, then the words. */
        if (length - at < 4)
            return false;
        size_t words = (size_t) buf[at + 2] << 8 | buf[at + 3];
        at += 4;
        if (words * 4 > length - at)
            return false;
        at += words * 4;
    }
    size_t end = length;
    if (buf[0] & 0x20) {
        /* Padding: the last byte counts the padding bytes, itself included. */
        size_t padding = buf[length - 1];
        if (padding == 0 || padding > end - at)
            return false;
        end -= padding;
    }
    header->marker = (buf[1] & 0x80) != 0;
    header->payload_type = buf[1] & 0x7F;
    header->seq = (uint16_t) (buf[2] << 8 | buf[3]);
    header->timestamp = (uint32_t) buf[4] << 24 | (uint32_t) buf[5] << 16 | (uint32_t) buf[6] << 8 | buf[7];
    header->ssrc = (uint32_t) buf[8] << 24 | (uint32_t) buf[9] << 16 | (uint32_t) buf[10] << 8 | buf[11];
    *payload = buf + at;
    *payload_length = end - at;
    return true;
}

static void put32(uint8_t *at, uint32_t value)
{
    at[0] = (uint8_t) (value >> 24);
    at[1] = (uint8_t) (value >> 16);
    at[2] = (uint8_t) (value >> 8);
    at[3] = (uint8_t) value;
}

size_t rtp_write(uint8_t *buf, size_t size, const struct rtp_header *header, const uint8_t *payload,
                 size_t payload_length)
{
    if (size < RTP_HEADER_SIZE || payload_length > size - RTP_HEADER_SIZE)
        return 0;
    buf[0] = 0x80;   /* version 2, no padding, extension or CSRCs */
    buf[1] = (uint8_t) ((header->marker ? 0x80 : 0) | (header->payload_type & 0x7F));
    buf[2] = (uint8_t) (header->seq >> 8);
    buf[3] = (uint8_t) header->seq;
    put32(buf + 4, header->timestamp);
    put32(buf + 8, header->ssrc);
    if (payload_length > 0)
        memcpy(buf + RTP_HEADER_SIZE, payload, payload_length);
    return RTP_HEADER_SIZE + payload_length;
}

/* ---- jitter buffer ---- */

/* Slots by seq modulo this: packets further ahead than it are a new stream (the far end restarted). */
enum { JITTER_SLOTS = 32 };

struct jitter_slot {
    bool held;
    uint16_t seq;
    int16_t samples[RTP_SAMPLES_PER_PACKET];
};

struct rtp_jitter {
    int depth;
    bool started;       /* a packet has arrived: next_seq means something */
    bool playing;       /* depth packets were held once; play one per get */
    uint16_t next_seq;  /* the packet the next get plays */
    int held;
    struct jitter_slot slots[JITTER_SLOTS];
};

struct rtp_jitter *rtp_jitter_new(int depth)
{
    if (depth < 1 || depth >= JITTER_SLOTS)
        return NULL;
    struct rtp_jitter *jitter = calloc(1, sizeof *jitter);
    if (jitter != NULL)
        jitter->depth = depth;
    return jitter;
}

static void restart(struct rtp_jitter *jitter, uint16_t seq)
{
    for (int i = 0; i < JITTER_SLOTS; i++)
        jitter->slots[i].held = false;
    jitter->held = 0;
    jitter->playing = false;
    jitter->started = true;
    jitter->next_seq = seq;
}

/* Play-out starts at the oldest packet held: after running dry, the ones that never came are skipped. */
static void start_playing(struct rtp_jitter *jitter)
{
    for (int offset = 0; offset < JITTER_SLOTS; offset++) {
        uint16_t seq = (uint16_t) (jitter->next_seq + offset);
        const struct jitter_slot *slot = &jitter->slots[seq % JITTER_SLOTS];
        if (slot->held && slot->seq == seq) {
            jitter->next_seq = seq;
            break;
        }
    }
    jitter->playing = true;
}

void rtp_jitter_put(struct rtp_jitter *jitter, uint16_t seq, const int16_t *samples, int count)
{
    if (!jitter->started)
        restart(jitter, seq);
    int ahead = (int16_t) (uint16_t) (seq - jitter->next_seq);
    if (ahead < 0 && !jitter->playing && ahead > -JITTER_SLOTS) {
        /* Still filling: an earlier packet overtaken by a later one starts the play-out instead. */
        jitter->next_seq = seq;
        ahead = 0;
        for (int i = 0; i < JITTER_SLOTS; i++)
            if (jitter->slots[i].held && (uint16_t) (jitter->slots[i].seq - seq) >= JITTER_SLOTS) {
                jitter->slots[i].held = false;
                jitter->held--;
            }
    }
    if (ahead < 0 && ahead > -JITTER_SLOTS)
        return;   /* late: its time has been played already */
    if (ahead < 0 || ahead >= JITTER_SLOTS) {
        restart(jitter, seq);
        ahead = 0;
    }

    struct jitter_slot *slot = &jitter->slots[seq % JITTER_SLOTS];
    if (slot->held && slot->seq == seq)
        return;   /* a duplicate */
    if (!slot->held)
        jitter->held++;
    slot->held = true;
    slot->seq = seq;
    if (count < 0)
        count = 0;
    if (count > RTP_SAMPLES_PER_PACKET)
        count = RTP_SAMPLES_PER_PACKET;
    memcpy(slot->samples, samples, (size_t) count * sizeof samples[0]);
    memset(slot->samples + count, 0, (size_t) (RTP_SAMPLES_PER_PACKET - count) * sizeof samples[0]);
    if (!jitter->playing && jitter->held >= jitter->depth)
        start_playing(jitter);
}

void rtp_jitter_get(struct rtp_jitter *jitter, int16_t samples[RTP_SAMPLES_PER_PACKET])
{
    if (!jitter->playing) {
        memset(samples, 0, RTP_SAMPLES_PER_PACKET * sizeof samples[0]);
        return;
    }
    struct jitter_slot *slot = &jitter->slots[jitter->next_seq % JITTER_SLOTS];
    if (slot->held && slot->seq == jitter->next_seq) {
        memcpy(samples, slot->samples, sizeof slot->samples);
        slot->held = false;
        jitter->held--;
    } else {
        memset(samples, 0, RTP_SAMPLES_PER_PACKET * sizeof samples[0]);   /* lost or late */
    }
    jitter->next_seq++;
    /* Ran dry: fill up to depth again before playing, rather than play every late packet as silence. */
    if (jitter->held == 0)
        jitter->playing = false;
}

void rtp_jitter_free(struct rtp_jitter *jitter)
{
    free(jitter);
}
