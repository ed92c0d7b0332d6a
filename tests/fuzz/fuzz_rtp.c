/* libFuzzer target for RTP (rtp.h): one input is a series of packets, each prefixed by a length byte.
 * Each is parsed (the payload must lie inside the packet) and what parses goes into a jitter buffer
 * as samples, with a tick played out after every packet. */
#include <stdlib.h>

#include "rtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rtp_jitter *jitter = rtp_jitter_new(3);
    int16_t samples[RTP_SAMPLES_PER_PACKET * 2], out[RTP_SAMPLES_PER_PACKET];
    size_t at = 0;
    while (at < size) {
        size_t length = data[at++];
        if (length > size - at)
            length = size - at;
        struct rtp_header header;
        const uint8_t *payload;
        size_t payload_length;
        if (rtp_parse(data + at, length, &header, &payload, &payload_length)) {
            if (payload < data + at || payload + payload_length > data + at + length)
                abort();
            int count = (int) (payload_length < sizeof samples / sizeof samples[0] ? payload_length
                                                                                   : sizeof samples / sizeof samples[0]);
            for (int i = 0; i < count; i++)
                samples[i] = (int16_t) (payload[i] << 8);
            rtp_jitter_put(jitter, header.seq, samples, count);
        }
        rtp_jitter_get(jitter, out);
        at += length;
    }
    rtp_jitter_free(jitter);
    return 0;
}
