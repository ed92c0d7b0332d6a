/*
 * SDP: our offers and answers read back as written; offers as PBXes and carriers send them (an
 * Asterisk/FreeSWITCH-style G.711 offer, T.38 re-INVITE offers with every attribute, FEC, a refused
 * stream, IPv6, c= only at session level, LF line ends); answers chosen as sdp.h says; junk refused
 * with a reason and without reading past the given length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "sdp.h"

static const char audio_offer[] =
    "v=0\r\n"
    "o=- 1733500000 1733500000 IN IP4 192.0.2.10\r\n"
    "s=Asterisk\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "t=0 0\r\n"
    "m=audio 17000 RTP/AVP 9 0 8 101\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=maxptime:150\r\n"
    "a=sendrecv\r\n";

static const char t38_offer[] =
    "v=0\r\n"
    "o=FreeSWITCH 1733500000 1733500001 IN IP4 192.0.2.20\r\n"
    "s=FreeSWITCH\r\n"
    "c=IN IP4 192.0.2.20\r\n"
    "t=0 0\r\n"
    "m=image 4002 udptl t38\r\n"
    "a=T38FaxVersion:0\r\n"
    "a=T38MaxBitRate:9600\r\n"
    "a=T38FaxFillBitRemoval\r\n"
    "a=T38FaxTranscodingMMR\r\n"
    "a=T38FaxTranscodingJBIG\r\n"
    "a=T38FaxRateManagement:transferredTCF\r\n"
    "a=T38FaxMaxBuffer:2000\r\n"
    "a=T38FaxMaxDatagram:200\r\n"
    "a=T38FaxUdpEC:t38UDPRedundancy\r\n";

/* LF only, c= at session level only, FEC, the flags written with ":0" (off) as some gateways do. */
static const char t38_fec_offer[] =
    "v=0\n"
    "o=gw 1 2 IN IP4 198.51.100.7\n"
    "s=-\n"
    "c=IN IP4 198.51.100.7\n"
    "t=0 0\n"
    "m=image 6000 udptl t38\n"
    "a=T38FaxVersion:1\n"
    "a=T38MaxBitRate:14400\n"
    "a=T38FaxRateManagement:localTCF\n"
    "a=T38FaxFillBitRemoval:0\n"
    "a=T38FaxUdpEC:t38UDPFEC\n";

/* Audio refused (port 0) next to T.38: the live stream wins. */
static const char port0_offer[] =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 0 RTP/AVP 0\r\n"
    "m=image 5000 udptl t38\r\na=T38FaxVersion:0\r\n";

static const char ipv6_offer[] =
    "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nt=0 0\r\n"
    "m=audio 20000 RTP/AVP 8\r\nc=IN IP6 2001:db8::5\r\na=recvonly\r\n";

/* What sdp_write puts in and sdp_parse reads back, field by field (padding bytes are not compared). */
static bool same(const struct sdp_desc *a, const struct sdp_desc *b)
{
    bool formats = a->format_count == b->format_count;
    for (int i = 0; formats && i < a->format_count; i++)
        formats = a->formats[i] == b->formats[i];
    return formats && strcmp(a->address, b->address) == 0 && a->port == b->port && a->kind == b->kind &&
           a->ptime == b->ptime && a->sendrecv == b->sendrecv && a->t38.version == b->t38.version &&
           a->t38.max_bit_rate == b->t38.max_bit_rate && a->t38.transferred_tcf == b->t38.transferred_tcf &&
           a->t38.max_buffer == b->t38.max_buffer && a->t38.max_datagram == b->t38.max_datagram &&
           a->t38.ec == b->t38.ec && a->t38.fill_bit_removal == b->t38.fill_bit_removal &&
           a->t38.transcoding_mmr == b->t38.transcoding_mmr && a->t38.transcoding_jbig == b->t38.transcoding_jbig;
}

static bool parse(const char *text, struct sdp_desc *desc, char *error)
{
    /* A copy on the heap of exactly the text's length: ASan/valgrind catch any read past it. */
    size_t length = strlen(text);
    char *copy = malloc(length ? length : 1);
    memcpy(copy, text, length);
    bool ok = sdp_parse(copy, length, desc, error, 200);
    free(copy);
    return ok;
}

static void test_audio_offer(void)
{
    struct sdp_desc d, answer;
    char error[200] = "";

    check(parse(audio_offer, &d, error), "audio offer parses: %s", error);
    check(d.kind == SDP_MEDIA_AUDIO, "audio kind %d", d.kind);
    check(strcmp(d.address, "192.0.2.10") == 0 && d.port == 17000, "audio at %s:%d", d.address, d.port);
    check(d.format_count == 3 && d.formats[0] == 0 && d.formats[1] == 8 && d.formats[2] == 101,
          "formats PCMU, PCMA, telephone-event (got %d: %d %d %d)", d.format_count, d.formats[0], d.formats[1],
          d.formats[2]);
    check(d.ptime == 20 && d.sendrecv, "ptime %d sendrecv %d", d.ptime, d.sendrecv);

    check(sdp_answer(&d, "127.0.0.1", 30000, &answer), "audio offer answered");
    check(answer.kind == SDP_MEDIA_AUDIO && answer.format_count == 2 && answer.formats[0] == 0 &&
          answer.formats[1] == 101, "answer: PCMU and telephone-event (%d formats)", answer.format_count);
    check(strcmp(answer.address, "127.0.0.1") == 0 && answer.port == 30000 && answer.sendrecv,
          "answer address %s:%d", answer.address, answer.port);
}

static void test_t38_offers(void)
{
    struct sdp_desc d, answer;
    char error[200] = "";

    check(parse(t38_offer, &d, error), "T.38 offer parses: %s", error);
    check(d.kind == SDP_MEDIA_T38 && d.port == 4002 && strcmp(d.address, "192.0.2.20") == 0, "T.38 at %s:%d",
          d.address, d.port);
    check(d.t38.version == 0 && d.t38.max_bit_rate == 9600 && d.t38.transferred_tcf && d.t38.max_buffer == 2000 &&
          d.t38.max_datagram == 200 && d.t38.ec == SDP_T38_EC_REDUNDANCY, "T.38 parameters");
    check(d.t38.fill_bit_removal && d.t38.transcoding_mmr && d.t38.transcoding_jbig, "T.38 flags");
    check(sdp_answer(&d, "127.0.0.1", 30002, &answer), "T.38 offer answered");
    check(answer.kind == SDP_MEDIA_T38 && answer.t38.version == 0 && answer.t38.max_bit_rate == 9600 &&
          answer.t38.ec == SDP_T38_EC_REDUNDANCY && answer.t38.transferred_tcf && !answer.t38.fill_bit_removal &&
          !answer.t38.transcoding_mmr && !answer.t38.transcoding_jbig && answer.t38.max_datagram == 400,
          "T.38 answer narrowed to ours");

    check(parse(t38_fec_offer, &d, error), "LF T.38 FEC offer parses: %s", error);
    check(d.kind == SDP_MEDIA_T38 && strcmp(d.address, "198.51.100.7") == 0 && d.port == 6000,
          "session-level c= used: %s:%d", d.address, d.port);
    check(d.t38.version == 1 && !d.t38.transferred_tcf && d.t38.ec == SDP_T38_EC_FEC && !d.t38.fill_bit_removal,
          "FEC offer parameters");
    check(sdp_answer(&d, "127.0.0.1", 30004, &answer) && !answer.t38.transferred_tcf,
          "an offer's localTCF is kept in the answer: both ends train alike");
    check(sdp_answer(&d, "127.0.0.1", 30004, &answer) && answer.t38.version == 0 &&
          answer.t38.ec == SDP_T38_EC_REDUNDANCY && answer.t38.max_bit_rate == 14400,
          "FEC offer answered with version 0 and redundancy");
}

static void test_port0_and_ipv6(void)
{
    struct sdp_desc d, answer;
    char error[200] = "";

    check(parse(port0_offer, &d, error), "port 0 offer parses: %s", error);
    check(d.kind == SDP_MEDIA_T38 && d.port == 5000, "the live T.38 stream chosen over audio port 0");

    check(parse("v=0\r\nc=IN IP4 10.0.0.1\r\nm=image 0 udptl t38\r\n", &d, error) && d.port == 0 &&
          d.kind == SDP_MEDIA_T38, "an answer refusing T.38 (port 0) reads as port 0");
    check(!sdp_answer(&d, "127.0.0.1", 1, &answer), "a refused stream is not answered");

    check(parse(ipv6_offer, &d, error), "IPv6 offer parses: %s", error);
    check(strcmp(d.address, "2001:db8::5") == 0 && d.port == 20000 && d.format_count == 1 && d.formats[0] == 8,
          "IPv6 media address %s, PCMA only", d.address);
    check(!d.sendrecv, "recvonly read as not sendrecv");
}

static void test_round_trip(void)
{
    struct sdp_desc offer, back, answer;
    char buf[1024], error[200] = "";

    sdp_offer_audio(&offer, "127.0.0.1", 40000);
    int length = sdp_write(buf, sizeof(buf), &offer, 7, 1);
    check(length > 0 && (size_t) length == strlen(buf), "audio offer written (%d)", length);
    check(sdp_parse(buf, (size_t) length, &back, error, sizeof(error)), "audio offer reads back: %s", error);
    check(same(&offer, &back), "audio offer round-trips:\n%s", buf);
    check(strstr(buf, "o=faxd 7 1 IN IP4 127.0.0.1\r\n") != NULL, "o= carries id and version");

    sdp_offer_t38(&offer, "::1", 40002);
    length = sdp_write(buf, sizeof(buf), &offer, 7, 2);
    check(length > 0 && sdp_parse(buf, (size_t) length, &back, error, sizeof(error)), "T.38 offer reads back: %s",
          error);
    check(same(&offer, &back), "T.38 offer round-trips:\n%s", buf);
    check(strstr(buf, "c=IN IP6 ::1\r\n") && strstr(buf, "a=T38FaxMaxDatagram:400\r\n") &&
          strstr(buf, "a=T38FaxUdpEC:t38UDPRedundancy\r\n"), "T.38 offer text");

    check(parse(audio_offer, &offer, error) && sdp_answer(&offer, "127.0.0.1", 40004, &answer), "answer made");
    length = sdp_write(buf, sizeof(buf), &answer, 8, 1);
    check(length > 0 && sdp_parse(buf, (size_t) length, &back, error, sizeof(error)) &&
          same(&answer, &back), "answer round-trips:\n%s", buf);

    check(sdp_write(buf, 40, &answer, 8, 1) == -1, "too small a buffer refused");
    struct sdp_desc none = { .kind = SDP_MEDIA_NONE };
    check(sdp_write(buf, sizeof(buf), &none, 1, 1) == -1, "no media: nothing written");
}

static void test_junk(void)
{
    static const struct {
        const char *text, *reason;
    } cases[] = {
        { "", "empty" },
        { "hello world", "type=value" },
        { "v=1\r\n", "v=0" },
        { "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP 18 96\r\n", "no m=audio with PCMU or PCMA" },
        { "v=0\r\nm=audio 5000 RTP/AVP 0\r\n", "no c= address" },
        { "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n", "no m=audio" },
        { "v=0\r\nc=IN IP4 1.2.3.4\r\nm=video 5000 RTP/AVP 0\r\n", "no m=audio" },
        { "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/SAVP 0\r\n", "no m=audio" },
        { "v=0\r\nc=IN IP4\r\n", "c= is not" },
        { "v=0\r\nc=IN IP5 1.2.3.4\r\n", "c= is not" },
        { "v=0\r\nc=IN IP4 1.2.3.4;rm\r\n", "c= is not" },
        { "v=0\r\nc=IN IP4 1234567890123456789012345678901234567890123456789012345678901234567890\r\n", "c= is not" },
        { "v=0\r\nX=y\r\n", "type=value" },
        /* a datagram size we would send by that is not one: negative, too small, past any int */
        { "v=0\r\nc=IN IP4 1.2.3.4\r\nm=image 5000 udptl t38\r\na=T38FaxMaxDatagram:-5\r\n", "line 4: a=T38FaxMaxDatagram:-5" },
        { "v=0\r\nc=IN IP4 1.2.3.4\r\nm=image 5000 udptl t38\r\na=T38FaxMaxDatagram:10\r\n", "T38FaxMaxDatagram:10" },
        { "v=0\r\nc=IN IP4 1.2.3.4\r\nm=image 5000 udptl t38\r\na=T38FaxMaxDatagram:99999999999999999999\r\n",
          "not a value we can send by" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sdp_desc d;
        char error[200] = "";
        check(!parse(cases[i].text, &d, error), "junk %zu refused", i);
        check(strstr(error, cases[i].reason) != NULL, "junk %zu: reason \"%s\" names \"%s\"", i, error,
              cases[i].reason);
        check(d.kind == SDP_MEDIA_NONE, "junk %zu: no media reported", i);
    }
    /* A NUL inside the text, and the length cutting an offer short. */
    struct sdp_desc d;
    char error[200];
    check(!sdp_parse("v=0\r\nc=IN\0IP4 1.2.3.4\r\n", 23, &d, error, sizeof(error)), "NUL refused");
    check(!sdp_parse(audio_offer, 60, &d, error, sizeof(error)), "a cut offer has no media");
    check(!sdp_parse(NULL, 0, &d, NULL, 0), "NULL text and no error buffer");
    /* the smallest datagram real devices announce is taken */
    check(parse("v=0\r\nc=IN IP4 1.2.3.4\r\nm=image 5000 udptl t38\r\na=T38FaxMaxDatagram:72\r\n", &d, error) &&
          d.t38.max_datagram == 72, "T38FaxMaxDatagram:72 taken: %s", error);
}

int main(void)
{
    test_audio_offer();
    test_t38_offers();
    test_port0_and_ipv6();
    test_round_trip();
    test_junk();
    printf("sdp: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
