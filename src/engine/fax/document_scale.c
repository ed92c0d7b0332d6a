/*
 * Scaling pages of ink by area averaging, then making them bilevel.
 *
 * Every output pixel is the average of the source area it covers. The arithmetic of the areas is done in
 * integers (a source pixel is `width` units wide, an output pixel `source_width` units), so an identity or
 * an exact doubling copies values instead of rounding them. Rows stream through: memory is a few rows of
 * the source plus the output page.
 */
#include "document_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct document_scaler {
    uint32_t source_width, source_length, width, length;
    uint32_t *first;          /* per output column: its first source column */
    uint32_t *count;          /* and how many it covers */
    float *weights;           /* their weights, count[x] of them per column, one after another */
    float *row;               /* the pushed row, resampled across */
    float *sums;              /* the output row being gathered */
    uint8_t *ink;             /* the result, width x length */
    uint32_t source_row, output_row;
};

static uint64_t overlap(uint64_t a_start, uint64_t a_end, uint64_t b_start, uint64_t b_end)
{
    uint64_t start = a_start > b_start ? a_start : b_start, end = a_end < b_end ? a_end : b_end;
    return end > start ? end - start : 0;
}

static void plan_columns(struct document_scaler *scaler)
{
    uint64_t span = scaler->source_width;   /* one output column, in units where a source column is `width` */
    size_t next = 0;

    for (uint32_t x = 0; x < scaler->width; x++) {
        uint64_t start = x * span, end = start + span;
        uint32_t first = (uint32_t)(start / scaler->width), last = (uint32_t)((end - 1) / scaler->width);
        scaler->first[x] = first;
        scaler->count[x] = last - first + 1;
        for (uint32_t s = first; s <= last; s++)
            scaler->weights[next++] =
                (float)((double)overlap(start, end, (uint64_t)s * scaler->width, (uint64_t)(s + 1) * scaler->width) /
                        (double)span);
    }
}

enum document_status document_scaler_new(uint32_t source_width, uint32_t source_length, uint32_t width,
                                         uint32_t length, struct document_scaler **out, struct document_error *error)
{
    struct document_scaler *scaler = calloc(1, sizeof(*scaler));

    *out = NULL;
    if (scaler) {
        scaler->source_width = source_width;
        scaler->source_length = source_length;
        scaler->width = width;
        scaler->length = length;
        scaler->first = malloc(width * sizeof(*scaler->first));
        scaler->count = malloc(width * sizeof(*scaler->count));
        scaler->weights = malloc(((size_t)source_width + 2 * (size_t)width) * sizeof(*scaler->weights));
        scaler->row = malloc(width * sizeof(*scaler->row));
        scaler->sums = calloc(width, sizeof(*scaler->sums));
        scaler->ink = calloc((size_t)width * length, 1);
    }
    if (!scaler || !scaler->first || !scaler->count || !scaler->weights || !scaler->row || !scaler->sums ||
        !scaler->ink) {
        document_scaler_free(scaler);
        return document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory to scale a %u x %u image to %u x %u",
                             source_width, source_length, width, length);
    }
    plan_columns(scaler);
    *out = scaler;
    return DOCUMENT_OK;
}

static void emit_row(struct document_scaler *scaler)
{
    uint8_t *out = scaler->ink + (size_t)scaler->output_row * scaler->width;

    for (uint32_t x = 0; x < scaler->width; x++) {
        float value = scaler->sums[x];
        out[x] = (uint8_t)(value >= 255.0f ? 255 : lrintf(value));
    }
    memset(scaler->sums, 0, scaler->width * sizeof(*scaler->sums));
    scaler->output_row++;
}

void document_scaler_push(struct document_scaler *scaler, const uint8_t *ink)
{
    /* Rows in units where a source row is `length` and an output row `source_length`. */
    uint64_t row_start = (uint64_t)scaler->source_row * scaler->length, row_end = row_start + scaler->length;
    uint64_t span = scaler->source_length;
    const float *weight = scaler->weights;

    if (scaler->source_row >= scaler->source_length)
        return;
    for (uint32_t x = 0; x < scaler->width; x++) {
        float sum = 0;
        for (uint32_t i = 0; i < scaler->count[x]; i++)
            sum += ink[scaler->first[x] + i] * *weight++;
        scaler->row[x] = sum;
    }
    while (scaler->output_row < scaler->length) {
        uint64_t out_start = (uint64_t)scaler->output_row * span, out_end = out_start + span;
        float share = (float)((double)overlap(out_start, out_end, row_start, row_end) / (double)span);
        if (share > 0)
            for (uint32_t x = 0; x < scaler->width; x++)
                scaler->sums[x] += scaler->row[x] * share;
        if (out_end > row_end)
            break;           /* the output row goes on into the next source row */
        emit_row(scaler);
    }
    scaler->source_row++;
}

static uint64_t threshold(const struct document_scaler *scaler, uint8_t level, struct document_page *page)
{
    uint64_t black = 0;

    for (uint32_t y = 0; y < scaler->length; y++) {
        const uint8_t *ink = scaler->ink + (size_t)y * scaler->width;
        uint8_t *row = document_page_row(page, y);
        memset(row, 0, page->stride);
        for (uint32_t x = 0; x < scaler->width; x++)
            if (ink[x] >= level) {
                row[x / 8] |= (uint8_t)(0x80 >> (x % 8));
                black++;
            }
    }
    return black;
}

/* Floyd-Steinberg error diffusion: gray levels become densities of dots. */
static void dither(const struct document_scaler *scaler, struct document_page *page)
{
    int *errors = calloc(2 * ((size_t)scaler->width + 2), sizeof(int));
    int *here, *below;

    if (!errors) {
        threshold(scaler, 128, page);   /* a legible page beats no page */
        return;
    }
    here = errors + 1;
    below = errors + scaler->width + 3;
    for (uint32_t y = 0; y < scaler->length; y++) {
        const uint8_t *ink = scaler->ink + (size_t)y * scaler->width;
        uint8_t *row = document_page_row(page, y);
        memset(row, 0, page->stride);
        memset(below - 1, 0, ((size_t)scaler->width + 2) * sizeof(int));
        for (uint32_t x = 0; x < scaler->width; x++) {
            int value = ink[x] + here[x] / 16, dot = value >= 128 ? 255 : 0, rest = value - dot;
            if (dot)
                row[x / 8] |= (uint8_t)(0x80 >> (x % 8));
            here[x + 1] += rest * 7;
            below[(int)x - 1] += rest * 3;
            below[x] += rest * 5;
            below[x + 1] += rest;
        }
        int *swap = here;
        here = below;
        below = swap;
    }
    free(errors);
}

/* Photographs have a wide band of mid tones; text, even anti-aliased or scaled, has mostly paper and ink. */
static bool looks_like_photo(const struct document_scaler *scaler)
{
    size_t pixels = (size_t)scaler->width * scaler->length, mid_tones = 0;

    for (size_t i = 0; i < pixels; i++)
        mid_tones += scaler->ink[i] > 40 && scaler->ink[i] < 215;
    return mid_tones * 100 > pixels * 15;
}

void document_scaler_finish(struct document_scaler *scaler, bool bilevel_source, struct document_page *page)
{
    size_t pixels = (size_t)scaler->width * scaler->length;
    bool any_ink = false;

    while (scaler->output_row < scaler->length)
        emit_row(scaler);   /* rounding may leave the last row open */
    if (!bilevel_source && looks_like_photo(scaler)) {
        dither(scaler, page);
        return;
    }
    /* A third of a pixel's area makes it black when the source was bilevel, so thin lines survive. */
    if (threshold(scaler, bilevel_source ? 80 : 128, page) > 0)
        return;
    for (size_t i = 0; i < pixels && !any_ink; i++)
        any_ink = scaler->ink[i] != 0;
    if (any_ink)
        dither(scaler, page);   /* faint content must not come out as a blank page */
}

void document_scaler_free(struct document_scaler *scaler)
{
    if (!scaler)
        return;
    free(scaler->first);
    free(scaler->count);
    free(scaler->weights);
    free(scaler->row);
    free(scaler->sums);
    free(scaler->ink);
    free(scaler);
}
