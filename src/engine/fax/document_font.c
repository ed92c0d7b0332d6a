/*
 * Looking up and drawing the built-in font's glyphs.
 */
#include "document_font.h"
#include "document_private.h"

/* What stands in for a character the font lacks: a box inside the cell, as terminals draw it. */
static const struct document_glyph missing_glyph = {
    0, "000000000" "0FE" "082082082082082082082082082082" "0FE" "000000000"
};

const struct document_glyph *document_font_find(uint32_t codepoint)
{
    size_t low = 0, high = document_font_glyph_count;

    while (low < high) {
        size_t middle = low + (high - low) / 2;
        uint32_t found = document_font_glyphs[middle].codepoint;
        if (found == codepoint)
            return &document_font_glyphs[middle];
        if (found < codepoint)
            low = middle + 1;
        else
            high = middle;
    }
    return NULL;
}

bool document_font_is_combining(uint32_t c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

bool document_font_is_invisible(uint32_t c)
{
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
           c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x00AD;
}

static unsigned hex_digit(char c)
{
    return (unsigned)(c <= '9' ? c - '0' : c - 'A' + 10);
}

static void set_pixels(struct document_page *page, uint32_t x, uint32_t y, unsigned count)
{
    uint8_t *row = document_page_row(page, y);

    for (unsigned i = 0; i < count && x + i < page->width; i++)
        row[(x + i) / 8] |= (uint8_t)(0x80 >> ((x + i) % 8));
}

bool document_font_draw(struct document_page *page, uint32_t x, uint32_t y, unsigned hscale, unsigned vscale,
                        uint32_t codepoint)
{
    const struct document_glyph *glyph = document_font_find(codepoint);
    const struct document_glyph *shown = glyph ? glyph : &missing_glyph;

    for (unsigned r = 0; r < DOCUMENT_FONT_HEIGHT; r++) {
        const char *digits = shown->rows + r * DOCUMENT_FONT_ROW_DIGITS;
        unsigned bits = 0;
        for (unsigned d = 0; d < DOCUMENT_FONT_ROW_DIGITS; d++)
            bits = bits << 4 | hex_digit(digits[d]);
        if (!bits)
            continue;
        for (unsigned repeat = 0; repeat < vscale; repeat++) {
            uint64_t py = (uint64_t)y + (uint64_t)r * vscale + repeat;
            if (py >= page->length)
                break;
            for (unsigned c = 0; c < DOCUMENT_FONT_WIDTH; c++)
                if (bits & (1u << (DOCUMENT_FONT_WIDTH - 1 - c)))
                    set_pixels(page, x + c * hscale, (uint32_t)py, hscale);
        }
    }
    return glyph != NULL;
}
