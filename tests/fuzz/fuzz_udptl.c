/* libFuzzer target for UDPTL (udptl.h): one input is a series of datagrams, each prefixed by a length
 * byte. Each is decoded, and what decodes is re-encoded and must decode to the same fields; every
 * datagram also goes through one receiver, whose deliveries must stay inside the datagram and be
 * IFPs no longer than UDPTL_MAX_IFP. */
#include <stdlib.h>
#include <string.h>

#include "udptl.h"

struct feed {
    const uint8_t *start, *end;
};

static void deliver(void *user_data, uint16_t seq, const uint8_t *ifp, size_t length)
{
    const struct feed *feed = user_data;
    (void) seq;
    if (length > UDPTL_MAX_IFP || (length > 0 && (ifp < feed->start || ifp + length > feed->end)))
        abort();
}

static void round_trip(const uint8_t *data, size_t size)
{
    struct udptl_datagram in, out;
    if (udptl_decode(data, size, &in) != UDPTL_OK || in.fec)
        return;
    uint8_t buf[UDPTL_MAX_DATAGRAM * 4];
    size_t length;
    if (udptl_encode(&in, buf, sizeof buf, &length) != UDPTL_OK || udptl_decode(buf, length, &out) != UDPTL_OK)
        abort();
    if (out.seq != in.seq || out.primary.length != in.primary.length || out.secondary_count != in.secondary_count ||
        memcmp(out.primary.data, in.primary.data, in.primary.length) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed feed;
    struct udptl_rx *rx = udptl_rx_new(deliver, &feed);
    size_t at = 0;
    while (at < size) {
        size_t length = data[at++];
        if (length > size - at)
            length = size - at;
        feed.start = data + at;
        feed.end = data + at + length;
        round_trip(data + at, length);
        udptl_rx_datagram(rx, data + at, length);
        at += length;
    }
    udptl_rx_free(rx);
    return 0;
}
