/*
 * The text renderer's font: X.Org misc-fixed 9x18 (public domain), a subset of it as a table generated
 * once by scripts/bdf2c into document_font_9x18.c.
 */
#ifndef OPENFAXCOM_DOCUMENT_FONT_H
#define OPENFAXCOM_DOCUMENT_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOCUMENT_FONT_WIDTH 9
#define DOCUMENT_FONT_HEIGHT 18
#define DOCUMENT_FONT_ROW_DIGITS 3     /* hex digits per row; bit WIDTH-1 is the leftmost pixel */

struct document_glyph {
    uint32_t codepoint;
    char rows[DOCUMENT_FONT_HEIGHT * DOCUMENT_FONT_ROW_DIGITS + 1];
};

extern const struct document_glyph document_font_glyphs[];   /* sorted by code point */
extern const size_t document_font_glyph_count;

struct document_page;

/* NULL when the font has no glyph for the code point. */
const struct document_glyph *document_font_find(uint32_t codepoint);

/* Marks drawn over the previous character (accents in decomposed text), and characters with no width. */
bool document_font_is_combining(uint32_t codepoint);
bool document_font_is_invisible(uint32_t codepoint);

/* Draws a character's cell with its top left at (x, y), each font pixel hscale x vscale page pixels,
 * clipped to the page; a character the font lacks is drawn as a box. Returns false for such a box. */
bool document_font_draw(struct document_page *page, uint32_t x, uint32_t y, unsigned hscale, unsigned vscale,
                        uint32_t codepoint);

#endif
