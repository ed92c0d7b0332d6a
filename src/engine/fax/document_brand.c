/*
 * Branding: a header line across the top of every page of a fax TIFF, the way fax machines print the
 * sender's ident, date and page count. The band under the line is cleared first so the header stays
 * legible over a page that has ink at its very top; below the band every bit is kept.
 */
#include "document_font.h"
#include "document_private.h"

#include <string.h>

size_t document_header_expand(const char *template_text, int page, int pages, char *line, size_t size)
{
    size_t length = 0;

    for (const char *c = template_text; *c; c++) {
        char number[16];
        const char *piece = number;
        size_t piece_length;
        if (c[0] == '%' && (c[1] == 'p' || c[1] == 'P')) {
            snprintf(number, sizeof(number), "%d", c[1] == 'p' ? page : pages);
            c++;
        } else if (c[0] == '%' && c[1] == '%') {
            piece = "%";
            c++;
        } else {
            number[0] = *c;
            number[1] = '\0';
        }
        piece_length = strlen(piece);
        if (size > 0 && length < size - 1) {
            size_t room = size - 1 - length;
            memcpy(line + length, piece, piece_length < room ? piece_length : room);
        }
        length += piece_length;
    }
    if (size > 0)
        line[length < size ? length : size - 1] = '\0';
    return length;
}

struct brand_context {
    document_header_fn header;
    void *user_data;
    int pages;
    struct document_sink *sink;
};

static enum document_status brand_page(struct document_tiff_file *file, int page_number, void *opaque,
                                       struct document_error *error)
{
    struct brand_context *context = opaque;
    struct document_page page = { 0 };
    char line[512] = "";
    enum document_status status = document_tiff_read_bilevel(file, page_number, &page, error);
    unsigned hscale, vscale, band;

    if (status != DOCUMENT_OK)
        return status;
    /* The font's size on paper as in rendered text: 2 x 2 pixels a dot at fine, 2 x 1 at normal. */
    hscale = page.x_resolution < 150 ? 1 : 2;
    vscale = page.y_resolution < 150 ? 1 : 2;
    band = DOCUMENT_FONT_HEIGHT * vscale < page.length ? DOCUMENT_FONT_HEIGHT * vscale : page.length;
    memset(page.bits, 0, page.stride * band);
    context->header(context->user_data, page_number, context->pages, line, sizeof(line));
    line[sizeof(line) - 1] = '\0';
    document_text_draw_line(&page, 0, 0, line, hscale, vscale);
    status = document_sink_put(context->sink, &page, error);
    document_page_release(&page);
    return status;
}

enum document_status document_brand_with(const char *input, const char *output, document_header_fn header,
                                         void *user_data, struct document_error *error)
{
    struct document_tiff_file file;
    struct brand_context context = { header, user_data, 0, NULL };
    enum document_status status;

    if (!input || !header)
        return document_fail(error, DOCUMENT_ERR_OPEN, "no document to brand");
    status = document_tiff_open(&file, input, "r", error);
    if (status == DOCUMENT_OK)
        status = document_tiff_count_pages(&file, &context.pages, error);
    if (status == DOCUMENT_OK && context.pages == 0)
        status = document_fail(error, DOCUMENT_ERR_EMPTY, "%s has no pages to brand", file.name);
    if (status == DOCUMENT_OK)
        status = document_sink_create(output ? output : input, context.pages, &context.sink, error);
    if (status == DOCUMENT_OK)
        status = document_tiff_for_each_page(&file, brand_page, &context, error);
    document_tiff_close(&file);
    if (status == DOCUMENT_OK)
        return document_sink_commit(context.sink, error);
    document_sink_discard(context.sink);
    return status;
}

static void expand_template(void *template_text, int page, int pages, char *line, size_t size)
{
    document_header_expand(template_text, page, pages, line, size);
}

enum document_status document_brand(const char *input, const char *output, const char *template_text,
                                    struct document_error *error)
{
    return document_brand_with(input, output, expand_template, (void *)(template_text ? template_text : ""), error);
}
