#include "hfx.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum hfx_parse hfx_parse_command(const char *line, struct hfx_command *command)
{
    size_t n = 0;

    for (const char *c = line; *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\t')
            return HFX_PARSE_BAD_CHAR;
    while (*line == ' ')
        line++;
    if (!*line)
        return HFX_PARSE_EMPTY;
    while (isalpha((unsigned char)line[n])) {
        if (n == 8)
            return HFX_PARSE_BAD_VERB;
        command->verb[n] = (char)toupper((unsigned char)line[n]);
        n++;
    }
    if (n == 0 || (line[n] && line[n] != ' '))
        return HFX_PARSE_BAD_VERB;
    command->verb[n] = 0;
    line += n;
    if (*line == ' ')
        line++;
    command->argument = line;
    return HFX_PARSE_OK;
}

static bool parse_byte_list(const char *text, unsigned values[6])
{
    for (int i = 0; i < 6; i++) {
        char *end;
        unsigned long v;
        while (*text == ' ')
            text++;
        if (!isdigit((unsigned char)*text))
            return false;
        v = strtoul(text, &end, 10);
        if (v > 255 || end - text > 3)
            return false;
        values[i] = (unsigned)v;
        text = end;
        if (i < 5 && *text++ != ',')
            return false;
    }
    while (*text == ' ')
        text++;
    return *text == 0;
}

bool hfx_parse_port(const char *argument, struct sockaddr_storage *address, socklen_t *length)
{
    unsigned v[6];
    struct sockaddr_in *in = (struct sockaddr_in *)address;

    if (!parse_byte_list(argument, v))
        return false;
    memset(address, 0, sizeof(*address));
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = htonl(v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]);
    in->sin_port = htons((uint16_t)(v[4] << 8 | v[5]));
    *length = sizeof(*in);
    return v[4] || v[5];
}

bool hfx_parse_eprt(const char *argument, struct sockaddr_storage *address, socklen_t *length)
{
    char delimiter = argument[0], host[64], *end;
    const char *family, *addr, *port;
    size_t host_length;
    unsigned long port_number;

    /* |family|address|port| with any printable delimiter */
    if (delimiter < 33 || delimiter > 126)
        return false;
    family = argument + 1;
    if (!(addr = strchr(family, delimiter)) || !(port = strchr(++addr, delimiter)))
        return false;
    host_length = (size_t)(port - addr);
    if (host_length == 0 || host_length >= sizeof(host))
        return false;
    memcpy(host, addr, host_length);
    host[host_length] = 0;
    port++;
    port_number = strtoul(port, &end, 10);
    if (end == port || *end != delimiter || end[1] || port_number == 0 || port_number > 65535)
        return false;
    memset(address, 0, sizeof(*address));
    if (family[0] == '1' && family[1] == delimiter) {
        struct sockaddr_in *in = (struct sockaddr_in *)address;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port_number);
        *length = sizeof(*in);
        return inet_pton(AF_INET, host, &in->sin_addr) == 1;
    }
    if (family[0] == '2' && family[1] == delimiter) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)address;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port_number);
        *length = sizeof(*in6);
        return inet_pton(AF_INET6, host, &in6->sin6_addr) == 1;
    }
    return false;
}

void hfx_format(const char *format, hfx_lookup lookup, void *context, char *out, size_t out_size)
{
    size_t n = 0;

    if (out_size == 0)
        return;
    for (const char *c = format; *c && n + 1 < out_size; c++) {
        bool left = false;
        long width = 0, precision = -1;
        char scratch[256];
        const char *value;
        size_t length;

        if (*c != '%') {
            out[n++] = *c;
            continue;
        }
        c++;
        if (*c == '%') {
            out[n++] = '%';
            continue;
        }
        if (*c == '-') {
            left = true;
            c++;
        }
        while (isdigit((unsigned char)*c) && width < 1000)
            width = width * 10 + (*c++ - '0');
        if (*c == '.') {
            precision = 0;
            c++;
            while (isdigit((unsigned char)*c) && precision < 1000)
                precision = precision * 10 + (*c++ - '0');
        }
        while (isdigit((unsigned char)*c))
            c++;   /* absurd widths are capped, not honoured */
        if (!*c)
            break;
        scratch[0] = 0;
        value = lookup(*c, context, scratch, sizeof(scratch));
        if (!value)
            value = "";
        length = strlen(value);
        if (precision >= 0 && (size_t)precision < length)
            length = (size_t)precision;
        size_t pad = (size_t)width > length ? (size_t)width - length : 0;
        for (size_t i = 0; !left && i < pad && n + 1 < out_size; i++)
            out[n++] = ' ';
        for (size_t i = 0; i < length && n + 1 < out_size; i++)
            out[n++] = value[i];
        for (size_t i = 0; left && i < pad && n + 1 < out_size; i++)
            out[n++] = ' ';
    }
    out[n] = 0;
}
