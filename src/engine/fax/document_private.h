/*
 * Shared internals of the document converter: bilevel pages, the TIFF writer ("sink"), TIFF reading and
 * scaling, Ghostscript, the text renderer and the font.
 */
#ifndef OPENFAXCOM_DOCUMENT_PRIVATE_H
#define OPENFAXCOM_DOCUMENT_PRIVATE_H

#include "document.h"

#include <stdint.h>
#include <tiffio.h>

#define DOCUMENT_FAX_WIDTH 1728             /* pixels across an A4/letter fax page at 204 dpi */
#define DOCUMENT_FAX_X_RESOLUTION 204.0f
#define DOCUMENT_MAX_PAGE_ROWS 16384        /* about 2 m at fine resolution; longer is not a fax page */

/* 196 or 98 lines per inch. */
float document_y_resolution(enum document_resolution resolution);

/* A bilevel page: 1 = black, rows packed most significant bit first, stride bytes apart. */
struct document_page {
    uint32_t width, length;
    size_t stride;
    uint8_t *bits;
    float x_resolution, y_resolution;   /* dots per inch */
};

enum document_status document_page_alloc(struct document_page *page, uint32_t width, uint32_t length,
                                         float x_resolution, float y_resolution, struct document_error *error);
void document_page_release(struct document_page *page);

static inline uint8_t *document_page_row(const struct document_page *page, uint32_t y)
{
    return page->bits + (size_t)y * page->stride;
}

/* Sets error (which may be NULL) and returns status. */
enum document_status document_fail(struct document_error *error, enum document_status status, const char *format,
                                   ...) __attribute__((format(printf, 3, 4)));
/* The last component of a path, for messages: job status texts name the document, not the spool. */
const char *document_file_name(const char *path);

/* An open TIFF whose libtiff complaints are kept (first error) instead of going to stderr. */
struct document_tiff_file {
    TIFF *tiff;
    const char *name;       /* for messages */
    char message[160];      /* libtiff's first error, "" when none */
};

enum document_status document_tiff_open(struct document_tiff_file *file, const char *path, const char *mode,
                                        struct document_error *error);
void document_tiff_close(struct document_tiff_file *file);

/* The fax TIFF being written: a temporary file beside its destination, renamed over it by commit. */
struct document_sink;

enum document_status document_sink_create(const char *destination, int total_pages, struct document_sink **sink,
                                          struct document_error *error);
enum document_status document_sink_put(struct document_sink *sink, const struct document_page *page,
                                       struct document_error *error);
/* Copies the current page of a TIFF this module wrote, compressed data as it is. */
bool document_sink_can_copy(TIFF *source);
enum document_status document_sink_copy(struct document_sink *sink, struct document_tiff_file *source,
                                        struct document_error *error);
int document_sink_pages(const struct document_sink *sink);
enum document_status document_sink_commit(struct document_sink *sink, struct document_error *error);
void document_sink_discard(struct document_sink *sink);

/* Calls visit for every page (not thumbnails or masks) from the first; a directory chain that breaks off
 * is damage, not the end. */
typedef enum document_status (*document_page_visitor)(struct document_tiff_file *file, int page_number,
                                                      void *context, struct document_error *error);
enum document_status document_tiff_for_each_page(struct document_tiff_file *file, document_page_visitor visit,
                                                 void *context, struct document_error *error);

/* Every page of a TIFF as fax pages. Pages of a trusted file (one this module wrote) that are already in
 * sink form are copied without decoding, whatever their resolution; untrusted ones are always decoded,
 * which also validates them. */
enum document_status document_tiff_convert(struct document_tiff_file *file, bool trusted,
                                           enum document_resolution resolution, struct document_sink *sink,
                                           struct document_error *error);
/* The current page of a bilevel TIFF, as it is (any width, its own resolution). */
enum document_status document_tiff_read_bilevel(struct document_tiff_file *file, int page_number,
                                                struct document_page *page, struct document_error *error);
/* Pages that are images of their own (not thumbnails or masks) in a TIFF, counted from the first. */
enum document_status document_tiff_count_pages(struct document_tiff_file *file, int *pages,
                                               struct document_error *error);

/* Resamples rows of ink (0 = white .. 255 = black) by area averaging, then makes them bilevel. */
struct document_scaler;

enum document_status document_scaler_new(uint32_t source_width, uint32_t source_length, uint32_t width,
                                         uint32_t length, struct document_scaler **scaler,
                                         struct document_error *error);
void document_scaler_push(struct document_scaler *scaler, const uint8_t *ink);
/* Writes the bilevel result into page (of the scaler's size). Sources that were bilevel are thresholded
 * low, so thin lines survive; gray pages are thresholded when text-like, dithered when photo-like. */
void document_scaler_finish(struct document_scaler *scaler, bool bilevel_source, struct document_page *page);
void document_scaler_free(struct document_scaler *scaler);

/* Runs Ghostscript on a PDF or PostScript file, writing G4 pages to output (absent if none); name is the
 * document's, for messages. complaint gets the most telling line Ghostscript printed, also on success. */
enum document_status document_ghostscript_run(const char *input, const char *name,
                                              const struct document_options *options, const char *output,
                                              char *complaint, size_t complaint_size, struct document_error *error);

/* Plain text (UTF-8) typeset into pages. */
enum document_status document_text_convert(const char *path, const struct document_options *options,
                                           struct document_sink *sink, struct document_error *error);
/* Draws a line of UTF-8 text from (x, y), clipped to the page; returns the columns used. */
unsigned document_text_draw_line(struct document_page *page, uint32_t x, uint32_t y, const char *text,
                                  unsigned hscale, unsigned vscale);

/* One UTF-8 character: its length, 0 when invalid, -1 when s[0..n) is a valid but incomplete start. */

#endif
