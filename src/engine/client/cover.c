#include "cover.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document_type.h"

struct out {
    char *data;
    size_t length, capacity;
    int failed;
};

static void put(struct out *o, const char *bytes, size_t length)
{
    if (o->failed)
        return;
    if (o->length + length + 1 > o->capacity) {
        size_t wanted = (o->length + length + 1) * 2 + 1024;
        char *more = realloc(o->data, wanted);
        if (!more) {
            o->failed = 1;
            return;
        }
        o->data = more;
        o->capacity = wanted;
    }
    memcpy(o->data + o->length, bytes, length);
    o->length += length;
    o->data[o->length] = 0;
}

static void putf(struct out *o, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *format, ...)
{
    char line[1024];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof(line), format, args);
    va_end(args);
    put(o, line, n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static int given(const char *s)
{
    return s && *s;
}

static void field(struct out *o, const char *label, const char *value)
{
    if (given(value))
        putf(o, "  %-12s %s\n", label, value);
}

static void place(struct out *o, const char *city, const char *state, const char *zip)
{
    if (given(city) || given(state) || given(zip))
        putf(o, "  %-12s %s%s%s%s%s\n", "", given(zip) ? zip : "", given(zip) && given(city) ? " " : "",
             given(city) ? city : "", given(state) ? ", " : "", given(state) ? state : "");
}

char *cover_page_text(const struct cover_fields *f, size_t *size)
{
    struct out o = { 0 };

    putf(&o, "\n\n                                  F A X\n\n");
    put(&o, "================================================================================\n\n", 82);
    putf(&o, "TO\n");
    field(&o, "Name:", f->to);
    field(&o, "Title:", f->to_title);
    field(&o, "Company:", f->to_company);
    field(&o, "Department:", f->to_department);
    field(&o, "Office:", f->to_office);
    field(&o, "Address:", f->to_address);
    place(&o, f->to_city, f->to_state, f->to_zip);
    field(&o, "Country:", f->to_country);
    field(&o, "Fax:", f->to_fax);
    field(&o, "Phone:", f->to_phone);
    field(&o, "Home phone:", f->to_home_phone);
    putf(&o, "\nFROM\n");
    field(&o, "Name:", f->from);
    field(&o, "Title:", f->from_title);
    field(&o, "Company:", f->from_company);
    field(&o, "Department:", f->from_department);
    field(&o, "Office:", f->from_office);
    field(&o, "Address:", f->from_address);
    field(&o, "Fax:", f->from_fax);
    field(&o, "Phone:", f->from_phone);
    field(&o, "Home phone:", f->from_home_phone);
    field(&o, "E-mail:", f->from_email);
    put(&o, "\n--------------------------------------------------------------------------------\n", 82);
    if (given(f->subject))
        putf(&o, "\nSubject: %s\n", f->subject);
    if (f->pages > 0)
        putf(&o, "\nPages following this cover page: %d\n", f->pages);
    if (given(f->note))
        putf(&o, "\n%s\n", f->note);
    put(&o, "\f", 1);
    if (o.failed) {
        free(o.data);
        return NULL;
    }
    *size = o.length;
    return o.data;
}

char *postscript_from_text(const char *text, size_t size, size_t *out_size)
{
    enum { COLUMNS = 80, LINES = 66 };
    struct out o = { 0 };
    int line = 0, column = 0, page = 1, in_line = 0, new_page = 0;
    const uint8_t *s = (const uint8_t *)text;

    putf(&o, "%%!PS-Adobe-3.0\n%%%%Creator: openfaxcom\n%%%%DocumentMedia: A4 595 842 0 () ()\n%%%%EndComments\n"
             "/F /Courier findfont dup length dict begin {1 index /FID ne {def} {pop pop} ifelse} forall "
             "/Encoding ISOLatin1Encoding def currentdict end definefont pop\n"
             "/F findfont 10 scalefont setfont\n/L { 36 exch 800 exch 11.8 mul sub moveto show } def\n"
             "%%%%Page: 1 1\n");
    for (size_t at = 0; at < size;) {
        uint32_t c;
        int used = document_utf8_next(s + at, size - at, &c);
        if (used <= 0) {   /* not UTF-8: take the byte as Latin-1 */
            c = s[at];
            used = 1;
        }
        at += (size_t)used;
        if (c == '\n' || c == '\f' || column == COLUMNS) {
            if (in_line)
                putf(&o, ") %d L\n", line);
            in_line = 0;
            column = 0;
            if (++line == LINES || c == '\f') {
                new_page = 1;   /* begun only when text follows: a trailing form feed adds no blank page */
                line = 0;
            }
            if (c == '\n' || c == '\f')
                continue;
        }
        if (c == '\r')
            continue;
        if (new_page) {
            page++;
            putf(&o, "showpage\n%%%%Page: %d %d\n", page, page);
            new_page = 0;
        }
        if (!in_line) {
            put(&o, "(", 1);
            in_line = 1;
        }
        if (c == '\t') {
            do
                put(&o, " ", 1);
            while (++column % 8 && column < COLUMNS);
            continue;
        }
        if (c == '(' || c == ')' || c == '\\') {
            char escaped[2] = { '\\', (char)c };
            put(&o, escaped, 2);
        } else if (c < 0x20 || c > 0xFF || (c >= 0x7F && c < 0xA0)) {
            put(&o, "?", 1);
        } else if (c >= 0x80) {
            putf(&o, "\\%03o", (unsigned)c);
        } else {
            char plain = (char)c;
            put(&o, &plain, 1);
        }
        column++;
    }
    if (in_line)
        putf(&o, ") %d L\n", line);
    putf(&o, "showpage\n%%%%EOF\n");
    if (o.failed) {
        free(o.data);
        return NULL;
    }
    *out_size = o.length;
    return o.data;
}
