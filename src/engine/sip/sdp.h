/*
 * SDP (RFC 4566) as faxd's SIP lines use it: one media stream per session, either G.711 audio over RTP
 * (m=audio, PCMU/PCMA at 20 ms) or T.38 over UDPTL (m=image udptl t38, ITU-T T.38 Annex D). The SIP UA
 * (sip_ua.h) carries these descriptions; the media layer (sip_media.h) runs what they agree on.
 */
#ifndef OPENFAXCOM_SDP_H
#define OPENFAXCOM_SDP_H

#include <stdbool.h>
#include <stddef.h>

enum sdp_media_kind {
    SDP_MEDIA_NONE = 0,    /* no usable stream (parse result only) */
    SDP_MEDIA_AUDIO,       /* RTP/AVP with PCMU (0) and/or PCMA (8) */
    SDP_MEDIA_T38,         /* udptl t38 */
};

enum sdp_t38_ec {          /* a=T38FaxUdpEC */
    SDP_T38_EC_NONE,
    SDP_T38_EC_REDUNDANCY, /* t38UDPRedundancy: what we offer */
    SDP_T38_EC_FEC,        /* t38UDPFEC: we answer it with redundancy */
};

struct sdp_t38 {
    int version;               /* T38FaxVersion; we speak 0 */
    int max_bit_rate;          /* T38MaxBitRate, e.g. 14400 */
    bool transferred_tcf;      /* T38FaxRateManagement:transferredTCF (else localTCF) */
    int max_buffer;            /* T38FaxMaxBuffer; 0 = not given */
    int max_datagram;          /* T38FaxMaxDatagram; 0 = not given */
    enum sdp_t38_ec ec;
    bool fill_bit_removal, transcoding_mmr, transcoding_jbig;
};

enum { SDP_ADDRESS_MAX = 64, SDP_MAX_FORMATS = 4 };

struct sdp_desc {
    char address[SDP_ADDRESS_MAX];  /* c= IN IP4/IP6 address of the media */
    int port;                       /* 0 = the stream is refused (an answer's way of saying no) */
    enum sdp_media_kind kind;
    /* audio: the payload types offered/accepted, in order of preference (0 = PCMU, 8 = PCMA); also
     * telephone-event's dynamic type when present (not used for fax, kept in answers). */
    int formats[SDP_MAX_FORMATS];
    int format_count;
    int ptime;                      /* a=ptime, 0 = not given (20 assumed) */
    struct sdp_t38 t38;             /* kind == SDP_MEDIA_T38 */
    bool sendrecv;                  /* false: a=sendonly/recvonly/inactive (hold) */
};

/* Writes a whole session description (v= o= s= c= t= m= a=) into buf; session_version goes in o= and
 * must grow with every new offer of the same session. Returns the length, or -1 when buf is too small. */
int sdp_write(char *buf, size_t size, const struct sdp_desc *desc, unsigned long session_id,
              unsigned long session_version);

/* Parses text (not NUL-terminated, length bytes) and picks the first m= line we can use: audio with
 * PCMU or PCMA, or image udptl t38. false with why in error (e.g. "no m=audio with PCMU or PCMA and no
 * m=image udptl t38") when nothing usable or the text is not SDP. Never reads past length. */
bool sdp_parse(const char *text, size_t length, struct sdp_desc *desc, char *error, size_t error_size);

/* Our answer to an offer: the offer's kind, our address and port, the first of PCMU/PCMA the offer
 * lists (audio), the offer's T.38 parameters narrowed to ours (version 0, rate 14400, redundancy,
 * transferredTCF, no transcoding). false when the offer has nothing we can take (answer with 488). */
bool sdp_answer(const struct sdp_desc *offer, const char *address, int port, struct sdp_desc *answer);

/* Our offers: G.711 audio (PCMU then PCMA), or T.38 with our parameters (max datagram 400). */
void sdp_offer_audio(struct sdp_desc *desc, const char *address, int port);
void sdp_offer_t38(struct sdp_desc *desc, const char *address, int port);

#endif
