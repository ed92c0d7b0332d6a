/* libFuzzer target for the SDP parser (bytes from any SIP peer): parse, and what sdp.h promises holds —
 * a usable stream has a NUL-terminated address and a port in range, audio has PCMU or PCMA first; a
 * refusal leaves no media; what parses answers and writes back and parses again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    struct sdp_desc desc, answer, back;
    char error[128], text[2048];

    if (!sdp_parse((const char *) bytes, size, &desc, error, sizeof(error))) {
        if (desc.kind != SDP_MEDIA_NONE || !memchr(error, 0, sizeof(error)))
            abort();
        return 0;
    }
    if (!memchr(desc.address, 0, sizeof(desc.address)) || desc.address[0] == '\0' || desc.port < 0 ||
        desc.port > 65535 || desc.format_count < 0 || desc.format_count > SDP_MAX_FORMATS)
        abort();
    if (desc.kind == SDP_MEDIA_AUDIO && (desc.format_count == 0 || (desc.formats[0] != 0 && desc.formats[0] != 8)))
        abort();
    int length = sdp_write(text, sizeof(text), &desc, 1, 1);
    if (length < 0 || !sdp_parse(text, (size_t) length, &back, error, sizeof(error)) || back.kind != desc.kind ||
        back.port != desc.port || strcmp(back.address, desc.address) != 0)
        abort();
    if (sdp_answer(&desc, "127.0.0.1", 4000, &answer) && sdp_write(text, sizeof(text), &answer, 1, 2) < 0)
        abort();
    return 0;
}
