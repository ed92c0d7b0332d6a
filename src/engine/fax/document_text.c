/*
 * Plain text typeset in-process with the built-in 9x18 font, each font pixel 2 x 2 page pixels at fine
 * resolution and 2 x 1 at normal, so the type is the same size on paper either way (about 11 characters
 * per inch, 5.4 lines per inch): 88 columns between 9 mm margins, 59 lines on A4, 55 on letter. The top
 * margin is two lines, room for a branding header above the text.
 */
#include "document_font.h"
#include "document_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_TEXT_BYTES (8u << 20)       /* some 2000 pages; more is not a fax */
#define TAB_COLUMNS 8
#define SIDE_MARGIN 72                  /* pixels, about 9 mm */
#define TOP_MARGIN_LINES 2
#define BOTTOM_MARGIN_LINES 2

void document_text_layout(const struct document_options *options, struct document_text_layout *layout)
{
    bool fine = !options || options->resolution == DOCUMENT_FINE;
    bool letter = options && options->paper == DOCUMENT_PAPER_LETTER;
    double inches = letter ? 11.0 : 297.0 / 25.4;

    layout->page_width = DOCUMENT_FAX_WIDTH;
    layout->page_length = (unsigned)(inches * document_y_resolution(fine ? DOCUMENT_FINE : DOCUMENT_NORMAL) + 0.5);
    layout->cell_width = DOCUMENT_FONT_WIDTH * 2;
    layout->cell_height = DOCUMENT_FONT_HEIGHT * (fine ? 2 : 1);
    layout->columns = (layout->page_width - 2 * SIDE_MARGIN) / layout->cell_width;
    layout->lines = layout->page_length / layout->cell_height - TOP_MARGIN_LINES - BOTTOM_MARGIN_LINES;
    layout->left = SIDE_MARGIN;
    layout->top = TOP_MARGIN_LINES * layout->cell_height;
}

struct typesetter {
    struct document_sink *sink;
    struct document_text_layout layout;
    struct document_page page;      /* bits == NULL until something is drawn on it */
    float y_resolution;
    unsigned column, line;
    int pages;
};

static enum document_status start_page(struct typesetter *t, struct document_error *error)
{
    return document_page_alloc(&t->page, t->layout.page_width, t->layout.page_length, DOCUMENT_FAX_X_RESOLUTION,
                               t->y_resolution, error);
}

static enum document_status end_page(struct typesetter *t, struct document_error *error)
{
    enum document_status status = DOCUMENT_OK;

    if (!t->page.bits)
        status = start_page(t, error);
    if (status == DOCUMENT_OK)
        status = document_sink_put(t->sink, &t->page, error);
    document_page_release(&t->page);
    t->line = t->column = 0;
    t->pages++;
    return status;
}

static enum document_status new_line(struct typesetter *t, struct document_error *error)
{
    t->column = 0;
    if (++t->line < t->layout.lines)
        return DOCUMENT_OK;
    return end_page(t, error);
}

static enum document_status draw(struct typesetter *t, unsigned column, uint32_t codepoint,
                                 struct document_error *error)
{
    const struct document_text_layout *layout = &t->layout;

    if (!t->page.bits) {
        enum document_status status = start_page(t, error);
        if (status != DOCUMENT_OK)
            return status;
    }
    document_font_draw(&t->page, layout->left + column * layout->cell_width,
                       layout->top + t->line * layout->cell_height, layout->cell_width / DOCUMENT_FONT_WIDTH,
                       layout->cell_height / DOCUMENT_FONT_HEIGHT, codepoint);
    return DOCUMENT_OK;
}

static enum document_status put_character(struct typesetter *t, uint32_t c, struct document_error *error)
{
    enum document_status status = DOCUMENT_OK;

    if (c == '\n')
        return new_line(t, error);
    if (c == '\f')
        return end_page(t, error);
    if (c == '\t') {
        t->column = (t->column / TAB_COLUMNS + 1) * TAB_COLUMNS;
        return t->column >= t->layout.columns ? new_line(t, error) : DOCUMENT_OK;
    }
    if (c == '\b') {
        t->column -= t->column > 0;   /* backspace: the next character overstrikes, as in man pages */
        return DOCUMENT_OK;
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || document_font_is_invisible(c))
        return DOCUMENT_OK;
    if (document_font_is_combining(c))
        return draw(t, t->column > 0 ? t->column - 1 : 0, c, error);
    if (t->column >= t->layout.columns)
        status = new_line(t, error);
    if (status == DOCUMENT_OK)
        status = draw(t, t->column++, c, error);
    return status;
}

static enum document_status read_text(const char *path, uint8_t **text, size_t *size, struct document_error *error)
{
    const char *name = document_file_name(path);
    FILE *file = fopen(path, "rb");
    struct stat info;

    *text = NULL;
    if (!file)
        return document_fail(error, DOCUMENT_ERR_OPEN, "cannot open %s: %s", name, strerror(errno));
    if (fstat(fileno(file), &info) != 0 || info.st_size < 0 || (uint64_t)info.st_size > MAX_TEXT_BYTES) {
        fclose(file);
        return document_fail(error, DOCUMENT_ERR_UNSUPPORTED, "%s is more than %u MiB of text", name,
                             MAX_TEXT_BYTES >> 20);
    }
    *text = malloc((size_t)info.st_size + 1);
    if (!*text) {
        fclose(file);
        return document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory to read %s", name);
    }
    *size = fread(*text, 1, (size_t)info.st_size, file);
    if (ferror(file)) {
        fclose(file);
        free(*text);
        *text = NULL;
        return document_fail(error, DOCUMENT_ERR_OPEN, "cannot read %s: %s", name, strerror(errno));
    }
    fclose(file);
    return DOCUMENT_OK;
}

enum document_status document_text_convert(const char *path, const struct document_options *options,
                                           struct document_sink *sink, struct document_error *error)
{
    struct typesetter t = { .sink = sink, .y_resolution = document_y_resolution(options->resolution) };
    enum document_status status;
    uint8_t *text;
    size_t size = 0;

    document_text_layout(options, &t.layout);
    status = read_text(path, &text, &size, error);
    for (size_t at = 0; status == DOCUMENT_OK && at < size;) {
        uint32_t c = 0xFFFD;
        int length = document_utf8_next(text + at, size - at, &c);
        if (length <= 0) {
            c = 0xFFFD;   /* one replacement per bad byte, then resynchronise */
            length = 1;
        }
        if (c == '\r' && at + 1 < size && text[at + 1] == '\n')
            c = 0;        /* CRLF: the LF makes the line break */
        else if (c == '\r')
            c = '\n';     /* a lone CR ends a line, as old Macintosh files do */
        at += (size_t)length;
        if (c)
            status = put_character(&t, c, error);
    }
    /* The last page is kept if something is on it, or if it would be the only one. */
    if (status == DOCUMENT_OK && (t.page.bits || t.pages == 0))
        status = end_page(&t, error);
    document_page_release(&t.page);
    free(text);
    return status;
}

unsigned document_text_draw_line(struct document_page *page, uint32_t x, uint32_t y, const char *text,
                                 unsigned hscale, unsigned vscale)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t size = strlen(text);
    unsigned column = 0, cell = DOCUMENT_FONT_WIDTH * hscale;

    for (size_t at = 0; at < size;) {
        uint32_t c = 0xFFFD;
        int length = document_utf8_next(s + at, size - at, &c);
        if (length <= 0) {
            c = 0xFFFD;
            length = 1;
        }
        at += (size_t)length;
        if (c < 0x20 || (c >= 0x7F && c < 0xA0) || document_font_is_invisible(c))
            continue;
        if (document_font_is_combining(c)) {
            document_font_draw(page, x + (column > 0 ? column - 1 : 0) * cell, y, hscale, vscale, c);
            continue;
        }
        if (x + (uint64_t)(column + 1) * cell > page->width)
            break;
        document_font_draw(page, x + column++ * cell, y, hscale, vscale, c);
    }
    return column;
}
