/*
 * Writes a pcap of UDPTL datagrams made by our encoder (udptl.h), for tests/sip/tshark-udptl to have
 * Wireshark's independent T.38 dissector read back: IFPs as spandsp's T.38 terminal sends them (the
 * indicators, V.21 HDLC data and its FCS, V.17 image data), numbered and repeated with redundancy 3,
 * then three more across the 65535 -> 0 wrap. Each datagram goes in an Ethernet/IPv4/UDP frame from
 * 192.0.2.1:5000 to 192.0.2.2:5002 (documentation addresses).
 *
 * usage: udptl_pcap FILE.pcap
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "udptl.h"

enum { PORT = 5000 };

static void put16(uint8_t *at, unsigned value)
{
    at[0] = (uint8_t) (value >> 8);
    at[1] = (uint8_t) value;
}

/* pcap's own headers are in the writer's byte order: little-endian here, as the magic number says. */
static void put_le32(FILE *out, uint32_t value)
{
    uint8_t bytes[4] = { (uint8_t) value, (uint8_t) (value >> 8), (uint8_t) (value >> 16), (uint8_t) (value >> 24) };
    fwrite(bytes, 1, 4, out);
}

static void write_frame(FILE *out, const uint8_t *payload, size_t length, uint32_t index)
{
    uint8_t frame[14 + 20 + 8 + UDPTL_MAX_DATAGRAM];
    memset(frame, 0, 42);
    static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
    memcpy(frame, macs, 12);
    put16(frame + 12, 0x0800);
    uint8_t *ip = frame + 14;
    ip[0] = 0x45;
    put16(ip + 2, (unsigned) (20 + 8 + length));
    ip[8] = 64;
    ip[9] = 17;
    static const uint8_t addresses[8] = { 192, 0, 2, 1, 192, 0, 2, 2 };
    memcpy(ip + 12, addresses, 8);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint32_t) (ip[i] << 8 | ip[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    put16(ip + 10, ~sum & 0xFFFF);
    uint8_t *udp = ip + 20;
    put16(udp, PORT);
    put16(udp + 2, PORT + 2);
    put16(udp + 4, (unsigned) (8 + length));   /* checksum 0: none, as IPv4 allows */
    memcpy(udp + 8, payload, length);

    size_t frame_length = 42 + length;
    put_le32(out, 1796500000u + index);   /* seconds: a fixed time, never the clock */
    put_le32(out, 0);
    put_le32(out, (uint32_t) frame_length);
    put_le32(out, (uint32_t) frame_length);
    fwrite(frame, 1, frame_length, out);
}

struct ifp {
    const uint8_t *bytes;
    size_t length;
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: udptl_pcap FILE.pcap\n");
        return 2;
    }
    FILE *out = fopen(argv[1], "wb");
    if (out == NULL) {
        perror(argv[1]);
        return 1;
    }
    put_le32(out, 0xA1B2C3D4);
    put_le32(out, 0x00040002);   /* version 2.4 */
    put_le32(out, 0);
    put_le32(out, 0);
    put_le32(out, 65535);
    put_le32(out, 1);            /* Ethernet */

    static const uint8_t cng[] = { 0x02 }, ced[] = { 0x04 }, preamble[] = { 0x06 };
    /* V.21 hdlc-data carrying a whole DIS frame (length - 1 in the PER length), each byte in line bit
       order (spandsp logs ff 13 80 04 ee f8 c4 80 91 83 80 80 18). */
    static const uint8_t hdlc_data[] = { 0xC0, 0x01, 0x80, 0x00, 0x0C, 0xFF, 0xC8, 0x01, 0x20, 0x77, 0x1F,
                                         0x23, 0x01, 0x89, 0xC1, 0x01, 0x01, 0x18 };
    static const uint8_t hdlc_fcs_ok[] = { 0xC0, 0x01, 0x20 };                      /* V.21 hdlc-fcs-OK */
    uint8_t image[5 + 54] = { 0xD0, 0x01, 0xE0, 0x00, 0x35 };                       /* V.17 t4-non-ecm-data */
    for (size_t i = 5; i < sizeof image; i++)
        image[i] = (uint8_t) i;
    const struct ifp ifps[] = { { cng, 1 }, { ced, 1 }, { preamble, 1 }, { hdlc_data, sizeof hdlc_data },
                                { hdlc_fcs_ok, sizeof hdlc_fcs_ok }, { image, sizeof image } };

    uint8_t datagram[UDPTL_MAX_DATAGRAM];
    size_t length;
    uint32_t index = 0;
    struct udptl_tx *tx = udptl_tx_new(3, 400);
    for (size_t i = 0; i < sizeof ifps / sizeof ifps[0]; i++) {
        if (udptl_tx_build(tx, ifps[i].bytes, ifps[i].length, datagram, sizeof datagram, &length) != UDPTL_OK)
            return 1;
        write_frame(out, datagram, length, index++);
    }
    udptl_tx_free(tx);

    /* The wrap: datagrams 65534, 65535 and 0 of a sender that has been running a while. */
    tx = udptl_tx_new(3, 400);
    for (unsigned seq = 0; seq <= 65536; seq++) {
        const struct ifp *ifp = &ifps[seq % 3];
        if (udptl_tx_build(tx, ifp->bytes, ifp->length, datagram, sizeof datagram, &length) != UDPTL_OK)
            return 1;
        if (seq >= 65534)
            write_frame(out, datagram, length, index++);
    }
    udptl_tx_free(tx);
    return fclose(out) == 0 ? 0 : 1;
}
