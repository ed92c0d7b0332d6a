/*
 * Documents to fax pages: TIFF, PDF, PostScript and plain text become a multi-page TIFF that spandsp's
 * t4_tx sends as it is (G4, MINISWHITE, 1 bit, 1728 pixels wide, one strip per page, resolution tags,
 * FILETYPE_PAGE, PageNumber). TIFF and text are converted in-process; PDF and PostScript through
 * Ghostscript. Inputs are untrusted: every failure is a status plus a detail naming the file and why.
 */
#ifndef OPENFAXCOM_DOCUMENT_H
#define OPENFAXCOM_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "document_type.h"

enum document_status {
    DOCUMENT_OK = 0,
    DOCUMENT_ERR_OPEN,             /* the input is missing, unreadable or not a regular file */
    DOCUMENT_ERR_UNSUPPORTED,      /* not a kind of document we convert, or an image we refuse (too big) */
    DOCUMENT_ERR_DAMAGED,          /* a TIFF that libtiff cannot decode (truncated, corrupt) */
    DOCUMENT_ERR_NO_GHOSTSCRIPT,   /* PDF or PostScript, and Ghostscript cannot be run */
    DOCUMENT_ERR_CONVERT,          /* Ghostscript failed, complained or timed out */
    DOCUMENT_ERR_EMPTY,            /* the document has no pages */
    DOCUMENT_ERR_WRITE,            /* the output cannot be written or appended to */
    DOCUMENT_ERR_NO_MEMORY,
};

/* A status plus what failed and why, fit for a job's status text. */
struct document_error {
    enum document_status status;
    char detail[256];
};

const char *document_strerror(enum document_status status);

enum document_resolution { DOCUMENT_FINE /* 204 x 196 dpi */, DOCUMENT_NORMAL /* 204 x 98 dpi */ };
enum document_paper { DOCUMENT_PAPER_A4, DOCUMENT_PAPER_LETTER };

struct document_options {
    enum document_resolution resolution;
    enum document_paper paper;        /* the page of rendered text, and the media Ghostscript fits pages to */
    const char *ghostscript;          /* the program for PDF and PostScript; NULL = "gs" searched in PATH */
    unsigned ghostscript_timeout;     /* seconds before Ghostscript is killed; 0 = 60 */
};

/* Fine, A4, "gs" from PATH, 60 s. */
void document_options_init(struct document_options *options);

/*
 * Converts a document into fax pages. TIFF pages of any layout (strips or tiles, bilevel, gray, RGB,
 * palette), width and resolution are scaled to 1728 pixels wide keeping their proportions, gray and colour
 * thresholded (text-like pages) or dithered (photo-like pages); pages that are already fax pages come out
 * bit for bit. Plain text (UTF-8) is typeset with a built-in 9x18 font doubled: 88 columns, tabs every 8
 * columns, form feed ends a page, long lines wrap, invalid UTF-8 shows as U+FFFD, glyphs the font lacks as
 * a box. With append, the pages go after those already in output (several documents in one job); the
 * output is replaced atomically, so a failed conversion leaves it as it was. *pages (may be NULL) gets the
 * number of pages this document added.
 */
enum document_status document_convert(const char *input, enum document_type type /* UNKNOWN = detect */,
                                      enum document_resolution resolution, const char *output, bool append,
                                      int *pages, struct document_error *error);
enum document_status document_convert_with(const char *input, enum document_type type,
                                           const struct document_options *options, const char *output,
                                           bool append, int *pages, struct document_error *error);

/* The first page of a fax TIFF document_convert wrote, into output (replaced atomically): a job's preview. */
enum document_status document_first_page(const char *input, const char *output, struct document_error *error);

/* Where typeset text goes on a page, in pixels: for tests, and for callers that lay out text of their own. */
struct document_text_layout {
    unsigned page_width, page_length;
    unsigned columns, lines;             /* characters across a line, lines down a page */
    unsigned left, top;                  /* the top left corner of the first character's cell */
    unsigned cell_width, cell_height;
};

void document_text_layout(const struct document_options *options, struct document_text_layout *layout);

/*
 * Branding: stamps a one-line header across the top of every page of a fax TIFF (a band one text line
 * high is cleared and written; the rest of the page is untouched), into output, or in place when output
 * is NULL or the same as input. The line's text for each page (UTF-8) comes from a callback, or from a
 * template in which %p is the page number, %P the number of pages and %% a percent sign.
 */
typedef void (*document_header_fn)(void *user_data, int page, int pages, char *line, size_t size);

enum document_status document_brand(const char *input, const char *output, const char *template_text,
                                    struct document_error *error);
enum document_status document_brand_with(const char *input, const char *output, document_header_fn header,
                                         void *user_data, struct document_error *error);

/* Expands a branding template for one page into line (always NUL-terminated); returns the full length. */
size_t document_header_expand(const char *template_text, int page, int pages, char *line, size_t size);

#endif
