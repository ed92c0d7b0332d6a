/* The HylaFAX protocol's quoted arguments, both ways: the client quotes JPARM values, faxd unquotes them. */
#include <string.h>

#include "hfx_text.h"

bool hfx_quote(const char *value, char *out, size_t out_size)
{
    size_t n = 0;

    if (out_size < 3)
        return false;
    out[n++] = '"';
    for (const char *c = value; *c; c++) {
        if (*c == '\r' || *c == '\n' || n + (*c == '"' || *c == '\\') + 2 >= out_size) {
            out[0] = 0;
            return false;
        }
        if (*c == '"' || *c == '\\')
            out[n++] = '\\';
        out[n++] = *c;
    }
    out[n++] = '"';
    out[n] = 0;
    return true;
}

bool hfx_unquote(const char *argument, char *out, size_t out_size)
{
    size_t n = 0;

    if (out_size == 0)
        return false;
    if (*argument != '"') {
        if (strlen(argument) >= out_size)
            return false;
        strcpy(out, argument);
        return true;
    }
    for (const char *c = argument + 1; *c; c++) {
        if (*c == '"') {
            out[n] = 0;
            return c[1] == 0;
        }
        if (*c == '\\' && c[1])
            c++;
        if (n + 1 >= out_size)
            return false;
        out[n++] = *c;
    }
    return false;   /* no closing quote */
}
