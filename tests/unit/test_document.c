/*
 * Engine unit tests for the document converter, run natively under ASan/UBSan and valgrind. Every input
 * is made here, in a temporary directory: TIFFs of every layout, text, PostScript and PDF (through
 * Ghostscript, whose parts are skipped, saying so, when gs is not installed). Every output must be a file
 * spandsp's t4_tx opens, with the fax page layout; one of them crosses a real T.30 call.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <tiffio.h>
#include <unistd.h>

#include <spandsp.h>

#include "check.h"

#include "document.h"
#include "document_font.h"
#include "fax_loopback.h"
#include "tiffcraft.h"

static char work_dir[256];

static const char *path_of(const char *name)
{
    static char paths[8][512];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, sizeof(paths[0]), "%s/%s", work_dir, name);
    return path;
}

static void save(const char *name, const void *data, size_t size)
{
    FILE *file = fopen(path_of(name), "wb");
    if (file) {
        fwrite(data, 1, size, file);
        fclose(file);
    }
}

static void save_text(const char *name, const char *text)
{
    save(name, text, strlen(text));
}

/* ---- making TIFFs ---- */

/* A sample of the image at (x, y): 1 = black for bilevel images, else 0..255 of the sample's channel. */
typedef unsigned (*pixel_fn)(uint32_t x, uint32_t y, unsigned channel);

struct image_spec {
    uint32_t width, length;
    uint16_t bits, samples, photometric, compression;
    bool tiled;
    float x_resolution, y_resolution;   /* 0: no resolution tags */
    pixel_fn pixel;
};

/* Lines of "type": dashes 12 pixels a character, 20-pixel lines, in a text block with margins. */
static unsigned text_like(uint32_t x, uint32_t y, unsigned channel)
{
    (void)channel;
    return x > 100 && y > 100 && (y % 40) < 14 && (x % 12) < 8 && ((x / 12 + y / 40) % 9) != 0;
}

static unsigned gray_blocks(uint32_t x, uint32_t y, unsigned channel)
{
    (void)channel;
    if (x >= 100 && x < 300 && y >= 100 && y < 300)
        return 0;                              /* a black square */
    if (y >= 500 && y < 520)
        return 40;                             /* a dark rule */
    return 255;
}

static unsigned colour_blocks(uint32_t x, uint32_t y, unsigned channel)
{
    static const unsigned red[] = { 200, 0, 0 }, blue[] = { 0, 0, 160 };
    if (x >= 50 && x < 250 && y >= 50 && y < 150)
        return red[channel];
    if (x >= 300 && x < 500 && y >= 200 && y < 260)
        return blue[channel];
    return 255;
}

/* Black pixels of a bilevel spec, as drawn. */
static uint64_t spec_ink(const struct image_spec *spec)
{
    uint64_t black = 0;
    for (uint32_t y = 0; y < spec->length; y++)
        for (uint32_t x = 0; x < spec->width; x++)
            black += spec->pixel(x, y, 0);
    return black;
}

static void put_sample(uint8_t *row, uint32_t index, uint16_t bits, unsigned value)
{
    if (bits == 8)
        row[index] = (uint8_t)value;
    else if (value)
        row[index / 8] |= (uint8_t)(0x80 >> (index % 8));
}

static unsigned stored_value(const struct image_spec *spec, uint32_t x, uint32_t y, unsigned channel)
{
    unsigned value = spec->pixel(x, y, channel);
    if (spec->bits == 1)
        return spec->photometric == PHOTOMETRIC_MINISWHITE ? value : !value;
    if (spec->photometric == PHOTOMETRIC_MINISWHITE)
        return 255 - value;
    return value;
}

static void set_tags(TIFF *tif, const struct image_spec *spec, int page, int pages)
{
    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, spec->width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, spec->length);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, spec->bits);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, spec->samples);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, spec->compression ? spec->compression : COMPRESSION_NONE);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, spec->photometric);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_PAGENUMBER, page, pages);
    if (spec->x_resolution > 0) {
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, spec->x_resolution);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, spec->y_resolution);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    }
    if (spec->tiled) {
        TIFFSetField(tif, TIFFTAG_TILEWIDTH, 256);
        TIFFSetField(tif, TIFFTAG_TILELENGTH, 256);
    } else {
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, spec->compression == COMPRESSION_CCITTFAX4 ? spec->length : 64);
    }
    if (spec->photometric == PHOTOMETRIC_PALETTE) {
        static uint16_t red[256], green[256], blue[256];
        for (int i = 0; i < 256; i++)
            red[i] = green[i] = blue[i] = (uint16_t)(i * 257);
        red[1] = 65535, green[1] = blue[1] = 0;   /* index 1: red */
        TIFFSetField(tif, TIFFTAG_COLORMAP, red, green, blue);
    }
}

static bool write_page(TIFF *tif, const struct image_spec *spec)
{
    size_t pixel_bits = (size_t)spec->bits * spec->samples;
    uint32_t tile = spec->tiled ? 256 : spec->width;
    size_t stride = (tile * pixel_bits + 7) / 8;
    uint8_t *buffer = calloc(stride, spec->tiled ? 256 : 1);
    bool ok = buffer != NULL;

    if (!spec->tiled) {
        for (uint32_t y = 0; ok && y < spec->length; y++) {
            memset(buffer, 0, stride);
            for (uint32_t x = 0; x < spec->width; x++)
                for (unsigned c = 0; c < spec->samples; c++)
                    put_sample(buffer, x * spec->samples + c, spec->bits, stored_value(spec, x, y, c));
            ok = TIFFWriteScanline(tif, buffer, y, 0) >= 0;
        }
    }
    for (uint32_t ty = 0; spec->tiled && ok && ty < spec->length; ty += tile)
        for (uint32_t tx = 0; ok && tx < spec->width; tx += tile) {
            memset(buffer, 0, stride * tile);
            for (uint32_t y = 0; y < tile && ty + y < spec->length; y++)
                for (uint32_t x = 0; x < tile && tx + x < spec->width; x++)
                    for (unsigned c = 0; c < spec->samples; c++)
                        put_sample(buffer + y * stride, x * spec->samples + c, spec->bits,
                                   stored_value(spec, tx + x, ty + y, c));
            ok = TIFFWriteTile(tif, buffer, tx, ty, 0, 0) >= 0;
        }
    free(buffer);
    return ok && TIFFWriteDirectory(tif);
}

static void write_tiff(const char *name, const struct image_spec *pages, int count)
{
    TIFF *tif = TIFFOpen(path_of(name), "w");
    bool ok = tif != NULL;
    for (int i = 0; ok && i < count; i++) {
        set_tags(tif, &pages[i], i, count);
        ok = write_page(tif, &pages[i]);
    }
    if (tif)
        TIFFClose(tif);
    check(ok, "test input %s is written", name);
}

/* ---- reading results ---- */

struct fax_page {
    uint32_t width, length, strips, subfile_type;
    uint16_t compression, photometric, bits, number, total;
    bool tiled;
    float x_resolution, y_resolution;
    size_t stride;
    uint8_t *rows;   /* 1 = black */
};

static int read_pages(const char *path, struct fax_page *pages, int max)
{
    TIFF *tif = TIFFOpen(path, "r");
    int count = 0;

    if (!tif)
        return -1;
    do {
        struct fax_page *p = &pages[count];
        memset(p, 0, sizeof(*p));
        TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &p->width);
        TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &p->length);
        TIFFGetField(tif, TIFFTAG_SUBFILETYPE, &p->subfile_type);
        TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &p->compression);
        TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &p->bits);
        TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &p->photometric);
        TIFFGetField(tif, TIFFTAG_XRESOLUTION, &p->x_resolution);
        TIFFGetField(tif, TIFFTAG_YRESOLUTION, &p->y_resolution);
        TIFFGetField(tif, TIFFTAG_PAGENUMBER, &p->number, &p->total);
        p->tiled = TIFFIsTiled(tif);
        p->strips = p->tiled ? 0 : TIFFNumberOfStrips(tif);
        p->stride = (p->width + 7) / 8;
        if (p->bits == 1 && !p->tiled && (p->rows = calloc(p->stride, p->length)) != NULL)
            for (uint32_t y = 0; y < p->length; y++) {
                uint8_t *row = p->rows + y * p->stride;
                TIFFReadScanline(tif, row, y, 0);
                if (p->photometric == PHOTOMETRIC_MINISBLACK)
                    for (size_t i = 0; i < p->stride; i++)
                        row[i] = (uint8_t)~row[i];
            }
        count++;
    } while (count < max && TIFFReadDirectory(tif));
    TIFFClose(tif);
    return count;
}

static void free_pages(struct fax_page *pages, int count)
{
    for (int i = 0; i < count; i++)
        free(pages[i].rows);
}

static bool black_at(const struct fax_page *page, uint32_t x, uint32_t y)
{
    return page->rows && x < page->width && y < page->length &&
           (page->rows[y * page->stride + x / 8] & (0x80 >> (x % 8)));
}

static uint64_t ink(const struct fax_page *page, uint32_t left, uint32_t top, uint32_t width, uint32_t height)
{
    uint64_t black = 0;
    for (uint32_t y = top; y < top + height && y < page->length; y++)
        for (uint32_t x = left; x < left + width && x < page->width; x++)
            black += black_at(page, x, y);
    return black;
}

static uint64_t page_ink(const struct fax_page *page)
{
    return ink(page, 0, 0, page->width, page->length);
}

static bool same_rows(const struct fax_page *a, const struct fax_page *b, uint32_t from)
{
    if (!a->rows || !b->rows || a->width != b->width || a->length != b->length)
        return false;
    return !memcmp(a->rows + from * a->stride, b->rows + from * b->stride, (a->length - from) * a->stride);
}

static double expected_rows(enum document_resolution resolution)
{
    return resolution == DOCUMENT_FINE ? 196 : 98;
}

/* The promise to spandsp: t4_tx opens it, and every page is G4, MINISWHITE, 1728 wide, in one strip,
 * with resolution, FILETYPE_PAGE and PageNumber of the total. */
static void expect_sendable(const char *path, int want_pages, enum document_resolution resolution, const char *what)
{
    struct fax_page pages[16];
    int count = read_pages(path, pages, 16);
    t4_tx_state_t *t4 = t4_tx_init(NULL, path, -1, -1);

    check(t4 != NULL, "%s: spandsp t4_tx opens the output", what);
    if (t4) {
        check(t4_tx_get_pages_in_file(t4) == want_pages, "%s: t4_tx counts %d pages, want %d", what,
              t4_tx_get_pages_in_file(t4), want_pages);
        check(t4_tx_get_image_width(t4) == 1728, "%s: t4_tx sees width %d", what, t4_tx_get_image_width(t4));
        t4_tx_free(t4);
    }
    check(count == want_pages, "%s: %d pages in the file, want %d", what, count, want_pages);
    for (int i = 0; i < count && i < want_pages; i++) {
        const struct fax_page *p = &pages[i];
        check(p->width == 1728 && p->compression == COMPRESSION_CCITTFAX4 && p->photometric == PHOTOMETRIC_MINISWHITE &&
                  p->bits == 1 && !p->tiled && p->strips == 1,
              "%s page %d: %u wide, compression %u, photometric %u, %u bits, tiled %d, %u strips", what, i + 1,
              p->width, p->compression, p->photometric, p->bits, p->tiled, p->strips);
        check(p->subfile_type == FILETYPE_PAGE && p->number == i && p->total == want_pages,
              "%s page %d: subfile type %u, PageNumber %u of %u", what, i + 1, p->subfile_type, p->number, p->total);
        check(p->x_resolution == 204 && p->y_resolution == (float)expected_rows(resolution),
              "%s page %d: resolution %g x %g", what, i + 1, p->x_resolution, p->y_resolution);
    }
    free_pages(pages, count);
}

static enum document_status convert(const char *input, enum document_resolution resolution, const char *output,
                                    bool append, int *pages, struct document_error *error)
{
    memset(error, 0, sizeof(*error));
    return document_convert(path_of(input), DOCUMENT_UNKNOWN, resolution, path_of(output), append, pages, error);
}

static void expect_convert(const char *input, enum document_resolution resolution, const char *output,
                           int want_pages, const char *what)
{
    struct document_error error;
    int pages = -1;
    enum document_status status = convert(input, resolution, output, false, &pages, &error);

    check(status == DOCUMENT_OK && pages == want_pages, "%s: converted with %s, %d pages (want %d): %s", what,
          document_strerror(status), pages, want_pages, error.detail);
    if (status == DOCUMENT_OK)
        expect_sendable(path_of(output), want_pages, resolution, what);
}

static void expect_failure(const char *input, const char *output, enum document_status want, const char *mention,
                           const char *what)
{
    struct document_error error;
    int pages = -1;
    enum document_status status = convert(input, DOCUMENT_FINE, output, false, &pages, &error);

    check(status == want && error.status == want && pages == 0, "%s: %s (want %s), %d pages", what,
          document_strerror(status), document_strerror(want), pages);
    check(mention == NULL || strstr(error.detail, mention) != NULL, "%s: detail \"%s\" mentions \"%s\"", what,
          error.detail, mention ? mention : "");
    check(access(path_of(output), F_OK) != 0, "%s: no output was left behind", what);
}

/* ---- detection ---- */

static void test_detection(void)
{
    static const struct {
        const char *bytes;
        size_t size;
        enum document_type want;
        const char *what;
    } cases[] = {
        { "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15, DOCUMENT_PDF, "a PDF header" },
        { "%!PS-Adobe-3.0\n", 15, DOCUMENT_POSTSCRIPT, "a PostScript header" },
        { "\xC5\xD0\xD3\xC6\x20\0\0\0", 8, DOCUMENT_POSTSCRIPT, "the DOS EPS binary header" },
        { "II*\0\x08\0\0\0", 8, DOCUMENT_TIFF, "a little-endian TIFF header" },
        { "MM\0*\0\0\0\x08", 8, DOCUMENT_TIFF, "a big-endian TIFF header" },
        { "Dear Sir,\r\n\tthank you.\f", 23, DOCUMENT_TEXT, "ASCII text with CR, LF, tab and form feed" },
        { "Zo\xC3\xAB \xCE\x91\xCE\x92 \xD0\x9F", 11, DOCUMENT_TEXT, "UTF-8 text" },
        { "abc \xE2\x82", 6, DOCUMENT_TEXT, "UTF-8 cut inside a character at the end of the sample" },
        { "abc\0def", 7, DOCUMENT_UNKNOWN, "bytes with a NUL" },
        { "caf\xE9 au lait", 12, DOCUMENT_UNKNOWN, "Latin-1, which is not UTF-8" },
        { "\xED\xA0\x80", 3, DOCUMENT_UNKNOWN, "a UTF-16 surrogate written as UTF-8" },
        { "\xC0\xAF", 2, DOCUMENT_UNKNOWN, "an overlong UTF-8 form" },
        { "\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16, DOCUMENT_UNKNOWN, "a PNG image" },
        { "", 0, DOCUMENT_UNKNOWN, "nothing at all" },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum document_type got = document_detect(cases[i].bytes, cases[i].size);
        check(got == cases[i].want, "detect %s: %s, want %s", cases[i].what, document_type_name(got),
              document_type_name(cases[i].want));
    }
    save("detect.txt", "hello\n", 6);
    check(document_detect_file(path_of("detect.txt")) == DOCUMENT_TEXT, "a text file is detected by content");
    save("detect.pdf.txt", "%PDF-1.4\n", 9);
    check(document_detect_file(path_of("detect.pdf.txt")) == DOCUMENT_PDF, "a PDF named .txt is detected as PDF");
    check(document_detect_file(path_of("no-such-file")) == DOCUMENT_UNKNOWN, "a missing file is unknown");
    check(document_detect_file(work_dir) == DOCUMENT_UNKNOWN, "a directory is unknown");
}

/* ---- TIFF pages ---- */

static unsigned palette_blocks(uint32_t x, uint32_t y, unsigned channel)
{
    (void)channel;
    return x >= 100 && x < 400 && y >= 100 && y < 200 ? 1 : 255;   /* red on white */
}

/* White at the left, black at the right. */
static unsigned gradient(uint32_t x, uint32_t y, unsigned channel)
{
    (void)y, (void)channel;
    return 255 - x * 255 / 399;
}

static const struct image_spec fax_g4 = { 1728, 2200, 1, 1, PHOTOMETRIC_MINISWHITE, COMPRESSION_CCITTFAX4, false,
                                          204, 196, text_like };

static void expect_same_bits(const char *input, const char *output, const char *what)
{
    struct fax_page in[2], out[2];
    int in_count = read_pages(path_of(input), in, 2), out_count = read_pages(path_of(output), out, 2);

    check(in_count == 1 && out_count == 1 && same_rows(&in[0], &out[0], 0) && page_ink(&in[0]) > 10000,
          "%s: the page's %llu black pixels come out bit for bit", what,
          in_count > 0 ? (unsigned long long)page_ink(&in[0]) : 0ull);
    free_pages(in, in_count);
    free_pages(out, out_count);
}

static void test_fax_ready_pages(void)
{
    struct image_spec g3_normal = fax_g4, metric = fax_g4, minisblack = fax_g4;
    struct fax_page in[2], out[2];
    int in_count, out_count;
    bool doubled = true;

    write_tiff("fax-g4.tif", &fax_g4, 1);
    expect_convert("fax-g4.tif", DOCUMENT_FINE, "fax-g4.out.tif", 1, "a fax-ready G4 page");
    expect_same_bits("fax-g4.tif", "fax-g4.out.tif", "a fax-ready G4 page");

    g3_normal.compression = COMPRESSION_CCITTFAX3;
    g3_normal.length = 1100;
    g3_normal.y_resolution = 98;
    write_tiff("fax-g3-normal.tif", &g3_normal, 1);
    expect_convert("fax-g3-normal.tif", DOCUMENT_NORMAL, "fax-g3-normal.out.tif", 1, "a G3 page at normal");
    expect_same_bits("fax-g3-normal.tif", "fax-g3-normal.out.tif", "a G3 page at normal resolution");

    expect_convert("fax-g3-normal.tif", DOCUMENT_FINE, "fax-g3-fine.out.tif", 1, "a normal page sent fine");
    in_count = read_pages(path_of("fax-g3-normal.tif"), in, 2);
    out_count = read_pages(path_of("fax-g3-fine.out.tif"), out, 2);
    doubled = in_count == 1 && out_count == 1 && out[0].length == 2 * in[0].length;
    for (uint32_t y = 0; doubled && y < in[0].length; y++)
        doubled = !memcmp(in[0].rows + y * in[0].stride, out[0].rows + 2 * y * out[0].stride, in[0].stride) &&
                  !memcmp(in[0].rows + y * in[0].stride, out[0].rows + (2 * y + 1) * out[0].stride, in[0].stride);
    check(doubled, "a normal-resolution page sent fine has each row exactly twice");
    free_pages(in, in_count);
    free_pages(out, out_count);

    /* 8 x 7.7 dots per mm, as some fax software writes it, is the same page. */
    metric.x_resolution = 203.2f;
    metric.y_resolution = 195.58f;
    write_tiff("fax-metric.tif", &metric, 1);
    expect_convert("fax-metric.tif", DOCUMENT_FINE, "fax-metric.out.tif", 1, "a page at 8 x 7.7 dots/mm");
    expect_same_bits("fax-metric.tif", "fax-metric.out.tif", "a page at 8 x 7.7 dots/mm");

    minisblack.photometric = PHOTOMETRIC_MINISBLACK;
    minisblack.compression = COMPRESSION_PACKBITS;
    write_tiff("fax-minisblack.tif", &minisblack, 1);
    expect_convert("fax-minisblack.tif", DOCUMENT_FINE, "fax-minisblack.out.tif", 1, "a MINISBLACK bilevel page");
    expect_same_bits("fax-minisblack.tif", "fax-minisblack.out.tif", "a MINISBLACK bilevel page (ink kept as ink)");
}

static void test_tiled_page(void)
{
    struct image_spec tiled = fax_g4;
    struct fax_page out[2];
    int count;
    uint64_t source_ink;

    tiled.tiled = true;
    tiled.length = 1000;
    tiled.compression = COMPRESSION_CCITTFAX4;
    write_tiff("tiled.tif", &tiled, 1);
    source_ink = spec_ink(&tiled);
    expect_convert("tiled.tif", DOCUMENT_FINE, "tiled.out.tif", 1, "a tiled bilevel page");
    count = read_pages(path_of("tiled.out.tif"), out, 2);
    check(count == 1 && page_ink(&out[0]) == source_ink && source_ink > 0,
          "a tiled page is not sent blank: %llu black pixels in, %llu out", (unsigned long long)source_ink,
          count == 1 ? (unsigned long long)page_ink(&out[0]) : 0ull);
    free_pages(out, count);
}

static void test_gray_and_colour(void)
{
    static const struct image_spec gray = { 800, 1000, 8, 1, PHOTOMETRIC_MINISBLACK, COMPRESSION_LZW, false, 200, 200,
                                            gray_blocks };
    static const struct image_spec rgb = { 600, 400, 8, 3, PHOTOMETRIC_RGB, COMPRESSION_LZW, false, 100, 100,
                                           colour_blocks };
    static const struct image_spec palette = { 600, 400, 8, 1, PHOTOMETRIC_PALETTE, COMPRESSION_NONE, true, 100, 100,
                                               palette_blocks };
    static const struct image_spec photo = { 400, 400, 8, 1, PHOTOMETRIC_MINISBLACK, COMPRESSION_NONE, false, 100,
                                             100, gradient };
    struct image_spec gray_inverted = gray;
    struct fax_page out[2], other[2];
    int count, other_count;

    write_tiff("gray.tif", &gray, 1);
    expect_convert("gray.tif", DOCUMENT_FINE, "gray.out.tif", 1, "an 8-bit gray page");
    count = read_pages(path_of("gray.out.tif"), out, 2);
    /* 800 -> 1728 across (x 2.16), 200 x 200 dpi -> 204 x 196 down: 1000 * 2.16 * 196/204 = 2075 rows. */
    check(count == 1 && out[0].length == 2075, "the gray page is 2075 rows long (%u)", count ? out[0].length : 0);
    check(count == 1 && black_at(&out[0], 432, 415) && ink(&out[0], 226, 217, 412, 395) == 412ull * 395,
          "the gray page's black square is solid black");
    check(count == 1 && black_at(&out[0], 1000, 1058), "the gray page's dark rule is black");
    check(count == 1 && ink(&out[0], 1000, 1300, 700, 700) == 0, "the gray page's white paper stays white");
    gray_inverted.photometric = PHOTOMETRIC_MINISWHITE;
    write_tiff("gray-miniswhite.tif", &gray_inverted, 1);
    expect_convert("gray-miniswhite.tif", DOCUMENT_FINE, "gray-miniswhite.out.tif", 1, "an 8-bit MINISWHITE page");
    other_count = read_pages(path_of("gray-miniswhite.out.tif"), other, 2);
    check(count == 1 && other_count == 1 && same_rows(&out[0], &other[0], 0),
          "MINISWHITE and MINISBLACK gray give the same page");
    free_pages(out, count);
    free_pages(other, other_count);

    write_tiff("rgb.tif", &rgb, 1);
    expect_convert("rgb.tif", DOCUMENT_FINE, "rgb.out.tif", 1, "an RGB page");
    count = read_pages(path_of("rgb.out.tif"), out, 2);
    check(count == 1 && black_at(&out[0], 432, 277) && black_at(&out[0], 1152, 636),
          "the RGB page's red and blue blocks are black");
    check(count == 1 && ink(&out[0], 0, 800, 1728, 300) == 0, "the RGB page's white is white");
    free_pages(out, count);

    write_tiff("palette.tif", &palette, 1);
    expect_convert("palette.tif", DOCUMENT_FINE, "palette.out.tif", 1, "a tiled palette page");
    count = read_pages(path_of("palette.out.tif"), out, 2);
    check(count == 1 && black_at(&out[0], 720, 415) && !black_at(&out[0], 1500, 415),
          "the palette page's red block is black, its white white");
    free_pages(out, count);

    write_tiff("photo.tif", &photo, 1);
    expect_convert("photo.tif", DOCUMENT_FINE, "photo.out.tif", 1, "a photo-like gradient");
    count = read_pages(path_of("photo.out.tif"), out, 2);
    if (count == 1) {
        uint64_t light = ink(&out[0], 0, 0, 432, out[0].length), dark = ink(&out[0], 1296, 0, 432, out[0].length);
        uint64_t middle = ink(&out[0], 800, 0, 128, out[0].length), area = 128ull * out[0].length;
        check(light < dark && dark < 432ull * out[0].length && middle > area / 3 && middle < area * 2 / 3,
              "a gradient is dithered: %llu%% ink at its light end, %llu%% at its middle, %llu%% at its dark end",
              (unsigned long long)(light * 100 / (432ull * out[0].length)), (unsigned long long)(middle * 100 / area),
              (unsigned long long)(dark * 100 / (432ull * out[0].length)));
    }
    free_pages(out, count);
}

static void test_scaled_scans(void)
{
    static const struct image_spec letter = { 2550, 3300, 1, 1, PHOTOMETRIC_MINISWHITE, COMPRESSION_CCITTFAX4, false,
                                              300, 300, text_like };
    struct image_spec no_resolution = fax_g4, square = fax_g4;
    struct fax_page out[2];
    int count;
    uint64_t source_ink = spec_ink(&letter);

    write_tiff("letter-300.tif", &letter, 1);
    expect_convert("letter-300.tif", DOCUMENT_FINE, "letter-300.out.tif", 1, "a 300 dpi letter scan");
    count = read_pages(path_of("letter-300.out.tif"), out, 2);
    /* 11 in of paper over 8.5 in scaled to 1728 pixels (8.47 in at 204 dpi): 10.96 in at 196 lpi. */
    check(count == 1 && out[0].length >= 2148 && out[0].length <= 2150,
          "a 300 dpi letter scan is a fine fax page, 2149 rows (%u)", count ? out[0].length : 0);
    if (count == 1) {
        double in_share = (double)source_ink / (2550.0 * 3300);
        double out_share = (double)page_ink(&out[0]) / (1728.0 * out[0].length);
        check(out_share > in_share * 0.8 && out_share < in_share * 1.6,
              "the letter scan keeps its ink when scaled: %.1f%% of the page before, %.1f%% after", in_share * 100,
              out_share * 100);
    }
    free_pages(out, count);
    expect_convert("letter-300.tif", DOCUMENT_NORMAL, "letter-300-normal.out.tif", 1, "a letter scan at normal");
    count = read_pages(path_of("letter-300-normal.out.tif"), out, 2);
    check(count == 1 && out[0].length >= 1073 && out[0].length <= 1075,
          "a 300 dpi letter scan at normal resolution is 1074 rows (%u)", count ? out[0].length : 0);
    free_pages(out, count);

    /* Without resolution tags, 1728 wide is taken for a fine fax page, anything else for 200 dpi. */
    no_resolution.x_resolution = no_resolution.y_resolution = 0;
    no_resolution.length = 1100;
    write_tiff("no-resolution-1728.tif", &no_resolution, 1);
    expect_convert("no-resolution-1728.tif", DOCUMENT_FINE, "no-resolution-1728.out.tif", 1,
                   "1728 wide, no resolution");
    expect_same_bits("no-resolution-1728.tif", "no-resolution-1728.out.tif", "1728 wide without resolution tags");
    square.width = 1000;
    square.length = 1000;
    square.x_resolution = square.y_resolution = 0;
    write_tiff("no-resolution-1000.tif", &square, 1);
    expect_convert("no-resolution-1000.tif", DOCUMENT_FINE, "no-resolution-1000.out.tif", 1,
                   "1000 wide, no resolution");
    count = read_pages(path_of("no-resolution-1000.out.tif"), out, 2);
    check(count == 1 && out[0].length == 1660, "1000 x 1000 without resolution keeps its square shape: %u rows",
          count ? out[0].length : 0);
    free_pages(out, count);
}

static void test_multi_page(void)
{
    const struct image_spec pages[3] = {
        fax_g4,
        { 800, 1000, 8, 1, PHOTOMETRIC_MINISBLACK, COMPRESSION_LZW, false, 200, 200, gray_blocks },
        { 600, 400, 8, 3, PHOTOMETRIC_RGB, COMPRESSION_ADOBE_DEFLATE, true, 100, 100, colour_blocks },
    };
    struct fax_page out[4];
    int count;

    write_tiff("three-pages.tif", pages, 3);
    expect_convert("three-pages.tif", DOCUMENT_FINE, "three-pages.out.tif", 3, "a 3-page TIFF (G4, gray, tiled RGB)");
    count = read_pages(path_of("three-pages.out.tif"), out, 4);
    check(count == 3 && page_ink(&out[0]) && page_ink(&out[1]) && page_ink(&out[2]), "every page of the 3 has ink");
    free_pages(out, count);
}

/* A job's preview (FaxGetPageData): the first page of the converted pages, alone and the same. */
static void test_first_page(void)
{
    struct fax_page all[4], first[2];
    struct document_error error = { 0 };
    char first_path[400];
    int count, got;

    snprintf(first_path, sizeof(first_path), "%s", path_of("first-page.tif"));
    check(document_first_page(path_of("three-pages.out.tif"), first_path, &error) == DOCUMENT_OK,
          "document_first_page of the 3-page result (%s)", error.detail);
    count = read_pages(path_of("three-pages.out.tif"), all, 4);
    got = read_pages(first_path, first, 2);
    check(got == 1 && count == 3 && first[0].width == all[0].width && first[0].length == all[0].length
              && first[0].total == 1 && !memcmp(first[0].rows, all[0].rows, all[0].stride * all[0].length),
          "one page, the first one's pixels, numbered 1 of 1 (%d pages)", got);
    free_pages(all, count);
    free_pages(first, got);
    check(document_first_page(path_of("no-such.tif"), first_path, &error) == DOCUMENT_ERR_OPEN,
          "a missing input: DOCUMENT_ERR_OPEN");
    write_tiff("gray-only.tif", &(struct image_spec){ 80, 60, 8, 1, PHOTOMETRIC_MINISBLACK, COMPRESSION_NONE, false,
                                                     100, 100, gray_blocks }, 1);
    check(document_first_page(path_of("gray-only.tif"), first_path, &error) == DOCUMENT_ERR_UNSUPPORTED,
          "a TIFF that is not faxd's fax pages is refused (%s)", error.detail);
}

/* ---- bad input ---- */

static void test_bad_input(void)
{
    static const uint8_t binary[] = { 0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0 };
    struct tiffcraft *craft;
    uint8_t *bytes;
    size_t size = 0;
    FILE *file;

    expect_failure("no-such-file.pdf", "missing.out.tif", DOCUMENT_ERR_OPEN, "no-such-file.pdf", "a missing file");
    mkdir(path_of("a-directory"), 0700);
    expect_failure("a-directory", "directory.out.tif", DOCUMENT_ERR_OPEN, "directory", "a directory");
    save("empty.txt", "", 0);
    expect_failure("empty.txt", "empty.out.tif", DOCUMENT_ERR_EMPTY, "empty.txt", "an empty file");
    save("program.bin", binary, sizeof(binary));
    expect_failure("program.bin", "binary.out.tif", DOCUMENT_ERR_UNSUPPORTED, "program.bin", "a binary file");

    /* libtiff writes the directory after the image: half a file has no directory left. */
    file = fopen(path_of("fax-g4.tif"), "rb");
    bytes = malloc(1 << 20);
    if (file && bytes) {
        size = fread(bytes, 1, 1 << 20, file);
        save("truncated.tif", bytes, size / 2);
    }
    if (file)
        fclose(file);
    free(bytes);
    expect_failure("truncated.tif", "truncated.out.tif", DOCUMENT_ERR_DAMAGED, "truncated.tif",
                   "a TIFF cut in half (directory lost)");

    /* Directory first, image cut short. */
    craft = tiffcraft_new(false);
    tiffcraft_image(craft, 1728, 400, 1, false);
    bytes = tiffcraft_build(craft, false, &size, NULL);
    if (bytes)
        save("cut-image.tif", bytes, size - 20000);
    free(bytes);
    tiffcraft_free(craft);
    expect_failure("cut-image.tif", "cut-image.out.tif", DOCUMENT_ERR_DAMAGED, "cut-image.tif",
                   "a TIFF whose image data is cut short");

    /* A header claiming 100000 x 100000 pixels over a few bytes: refused before anything is allocated. */
    {
        const uint32_t side = 100000, offset = 8, count = 16;
        const uint16_t one = 1, g4 = COMPRESSION_CCITTFAX4, white = PHOTOMETRIC_MINISWHITE;
        craft = tiffcraft_new(false);
        tiffcraft_add(craft, TIFFTAG_IMAGEWIDTH, TIFF_LONG, 1, &side);
        tiffcraft_add(craft, TIFFTAG_IMAGELENGTH, TIFF_LONG, 1, &side);
        tiffcraft_add(craft, TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 1, &one);
        tiffcraft_add(craft, TIFFTAG_COMPRESSION, TIFF_SHORT, 1, &g4);
        tiffcraft_add(craft, TIFFTAG_PHOTOMETRIC, TIFF_SHORT, 1, &white);
        tiffcraft_add(craft, TIFFTAG_STRIPOFFSETS, TIFF_LONG, 1, &offset);
        tiffcraft_add(craft, TIFFTAG_ROWSPERSTRIP, TIFF_LONG, 1, &side);
        tiffcraft_add(craft, TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, 1, &count);
        tiffcraft_write(craft, path_of("huge.tif"));
        tiffcraft_free(craft);
    }
    expect_failure("huge.tif", "huge.out.tif", DOCUMENT_ERR_UNSUPPORTED, "100000 x 100000", "a 100000 x 100000 claim");

    /* A resolution that would stretch 100 rows over kilometres of paper. */
    {
        struct image_spec stretched = fax_g4;
        stretched.length = 100;
        stretched.x_resolution = 100000;
        stretched.y_resolution = 0.01f;
        write_tiff("stretched.tif", &stretched, 1);
    }
    expect_failure("stretched.tif", "stretched.out.tif", DOCUMENT_ERR_UNSUPPORTED, "rows long",
                   "a page whose resolution makes it kilometres long");

    {
        struct document_error error;
        enum document_status status = document_convert(path_of("fax-g4.tif"), DOCUMENT_UNKNOWN, DOCUMENT_FINE,
                                                       path_of("no-such-dir/out.tif"), false, NULL, &error);
        check(status == DOCUMENT_ERR_WRITE && strstr(error.detail, "out.tif"),
              "an output in a missing directory: %s (%s)", document_strerror(status), error.detail);
        status = document_convert(path_of("fax-g4.tif"), DOCUMENT_PDF + 40, DOCUMENT_FINE, path_of("x.tif"), false,
                                  NULL, &error);
        check(status == DOCUMENT_ERR_UNSUPPORTED, "a type that does not exist is refused (%s)",
              document_strerror(status));
    }
}

/* ---- text ---- */

static struct document_text_layout fine_a4;

static uint64_t cell_ink(const struct fax_page *page, const struct document_text_layout *layout, unsigned line,
                         unsigned column)
{
    return ink(page, layout->left + column * layout->cell_width, layout->top + line * layout->cell_height,
               layout->cell_width, layout->cell_height);
}

static uint64_t line_ink(const struct fax_page *page, const struct document_text_layout *layout, unsigned line)
{
    return ink(page, 0, layout->top + line * layout->cell_height, page->width, layout->cell_height);
}

static bool same_cell(const struct fax_page *a, unsigned a_column, const struct fax_page *b, unsigned b_column,
                      const struct document_text_layout *layout)
{
    for (uint32_t y = layout->top; y < layout->top + layout->cell_height; y++)
        for (uint32_t x = 0; x < layout->cell_width; x++)
            if (black_at(a, layout->left + a_column * layout->cell_width + x, y) !=
                black_at(b, layout->left + b_column * layout->cell_width + x, y))
                return false;
    return true;
}

/* Typesets text into name.out.tif; returns the pages read back (at most max). */
static int typeset(const char *name, const char *text, const struct document_options *options,
                   struct fax_page *pages, int max, int want_pages)
{
    char input[128], output[128];
    struct document_error error = { 0 };
    int count = 0;
    enum document_status status;

    snprintf(input, sizeof(input), "%s.txt", name);
    snprintf(output, sizeof(output), "%s.out.tif", name);
    save_text(input, text);
    status = document_convert_with(path_of(input), DOCUMENT_TEXT, options, path_of(output), false, &count, &error);
    check(status == DOCUMENT_OK && count == want_pages, "text \"%s\": %s, %d pages (want %d): %s", name,
          document_strerror(status), count, want_pages, error.detail);
    if (status != DOCUMENT_OK)
        return 0;
    expect_sendable(path_of(output), want_pages, options ? options->resolution : DOCUMENT_FINE, name);
    return read_pages(path_of(output), pages, max);
}

static void test_text_pages(void)
{
    struct fax_page pages[4];
    char *long_text = malloc(8000);
    int count;

    count = typeset("three-pages", "first page\fsecond page\fthird page\n", NULL, pages, 4, 3);
    check(count == 3 && line_ink(&pages[0], &fine_a4, 0) && line_ink(&pages[1], &fine_a4, 0) &&
              line_ink(&pages[2], &fine_a4, 0) && !line_ink(&pages[0], &fine_a4, 1),
          "form feeds make 3 pages, each with its line of text");
    check(count == 3 && pages[0].length == fine_a4.page_length && fine_a4.page_length == 2292,
          "an A4 page at fine resolution is 2292 rows");
    free_pages(pages, count);

    count = typeset("trailing-form-feed", "one page\f\n", NULL, pages, 4, 1);
    free_pages(pages, count);

    check(fine_a4.columns >= 80, "at least 80 columns fit across (%u)", fine_a4.columns);
    memset(long_text, 'x', 80);
    strcpy(long_text + 80, "\n");
    count = typeset("eighty-columns", long_text, NULL, pages, 2, 1);
    check(count == 1 && cell_ink(&pages[0], &fine_a4, 0, 79) && !line_ink(&pages[0], &fine_a4, 1),
          "an 80-character line fits on one line");
    free_pages(pages, count);

    memset(long_text, 'y', 200);
    strcpy(long_text + 200, "\nnext\n");
    count = typeset("long-line", long_text, NULL, pages, 2, 1);
    check(count == 1 && cell_ink(&pages[0], &fine_a4, 0, fine_a4.columns - 1) &&
              cell_ink(&pages[0], &fine_a4, 2, 200 - 2 * fine_a4.columns - 1) &&
              !cell_ink(&pages[0], &fine_a4, 2, 200 - 2 * fine_a4.columns) && line_ink(&pages[0], &fine_a4, 3) &&
              !line_ink(&pages[0], &fine_a4, 4),
          "a 200-character line wraps onto 3 lines, and the next line follows");
    free_pages(pages, count);

    count = typeset("tab", "\tX\nabc\tY\n", NULL, pages, 2, 1);
    check(count == 1 && !ink(&pages[0], fine_a4.left, fine_a4.top, 8 * fine_a4.cell_width, fine_a4.cell_height) &&
              cell_ink(&pages[0], &fine_a4, 0, 8) && cell_ink(&pages[0], &fine_a4, 1, 8) &&
              !ink(&pages[0], fine_a4.left + 3 * fine_a4.cell_width, fine_a4.top + fine_a4.cell_height,
                   5 * fine_a4.cell_width, fine_a4.cell_height),
          "a tab moves to column 8, from the start of a line and from column 3");
    free_pages(pages, count);

    count = typeset("crlf", "first\r\nsecond\r\n", NULL, pages, 2, 1);
    check(count == 1 && line_ink(&pages[0], &fine_a4, 0) && line_ink(&pages[0], &fine_a4, 1) &&
              !line_ink(&pages[0], &fine_a4, 2),
          "CRLF is one line break");
    free_pages(pages, count);

    long_text[0] = '\0';
    for (int i = 1; i <= 150; i++)
        sprintf(long_text + strlen(long_text), "line %d\n", i);
    count = typeset("overflow", long_text, NULL, pages, 4, (150 + fine_a4.lines - 1) / fine_a4.lines);
    check(count == 3 && line_ink(&pages[0], &fine_a4, fine_a4.lines - 1) &&
              line_ink(&pages[2], &fine_a4, 150 - 2 * fine_a4.lines - 1) &&
              !line_ink(&pages[2], &fine_a4, 150 - 2 * fine_a4.lines),
          "150 lines fill pages of %u lines and go on to a third", fine_a4.lines);
    free_pages(pages, count);
    free(long_text);
}

static void test_text_unicode(void)
{
    static const char zoe_greek_russian[] =
        "Zo\xC3\xAB \xCE\x91\xCE\x92\xCE\x93 \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82";   /* Zoë ΑΒΓ Привет */
    /* Its letters beyond ASCII, and the columns they stand in. */
    static const uint32_t greek_cyrillic[] = { 0x00EB, 0x0391, 0x0392, 0x0393, 0x041F, 0x0440, 0x0438, 0x0432,
                                               0x0435, 0x0442 };
    static const unsigned columns[] = { 2, 4, 5, 6, 8, 9, 10, 11, 12, 13 };
    struct fax_page text[2], box[2], replacement[2], accents[2];
    int text_count, box_count, replacement_count, accents_count;
    bool all_inked = true, none_boxes = true, all_in_font = true;
    char line[64];

    snprintf(line, sizeof(line), "%s\n", zoe_greek_russian);
    text_count = typeset("unicode", line, NULL, text, 2, 1);
    box_count = typeset("missing-glyph", "\xE4\xB8\xAD\n", NULL, box, 2, 1);   /* U+4E2D, not in the font */
    check(box_count == 1 && cell_ink(&box[0], &fine_a4, 0, 0) > 0, "a character the font lacks is drawn as a box");
    for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]) && text_count == 1 && box_count == 1; i++) {
        all_in_font &= document_font_find(greek_cyrillic[i]) != NULL;
        all_inked &= cell_ink(&text[0], &fine_a4, 0, columns[i]) > 20;
        none_boxes &= !same_cell(&text[0], columns[i], &box[0], 0, &fine_a4);
    }
    check(all_in_font, "the font has e-diaeresis, Greek and Cyrillic letters");
    check(text_count == 1 && all_inked, "\"%s\": every letter leaves ink", zoe_greek_russian);
    check(text_count == 1 && box_count == 1 && none_boxes, "Latin-1, Greek and Cyrillic letters are glyphs, not boxes");
    check(document_font_find(0x2500) && document_font_find(0x0159) && document_font_find(0x20AC),
          "the font has box drawing, Latin Extended-A and the euro sign");

    replacement_count = typeset("invalid-utf8", "\xFF\xEF\xBF\xBD\n", NULL, replacement, 2, 1);
    check(replacement_count == 1 && cell_ink(&replacement[0], &fine_a4, 0, 0) &&
              same_cell(&replacement[0], 0, &replacement[0], 1, &fine_a4) &&
              (box_count != 1 || !same_cell(&replacement[0], 0, &box[0], 0, &fine_a4)),
          "an invalid byte shows as U+FFFD");

    accents_count = typeset("combining", "e\xCC\x81xe\n", NULL, accents, 2, 1);
    check(accents_count == 1 && cell_ink(&accents[0], &fine_a4, 0, 1) &&
              cell_ink(&accents[0], &fine_a4, 0, 0) > cell_ink(&accents[0], &fine_a4, 0, 2) &&
              !cell_ink(&accents[0], &fine_a4, 0, 3),
          "a combining accent goes over the letter before it, taking no column");
    free_pages(text, text_count);
    free_pages(box, box_count);
    free_pages(replacement, replacement_count);
    free_pages(accents, accents_count);
}

static void test_text_paper(void)
{
    struct document_options options;
    struct document_text_layout layout;
    struct fax_page pages[2];
    int count;

    document_options_init(&options);
    options.paper = DOCUMENT_PAPER_LETTER;
    document_text_layout(&options, &layout);
    count = typeset("letter", "on letter paper\n", &options, pages, 2, 1);
    check(count == 1 && pages[0].length == 2156 && layout.page_length == 2156 && line_ink(&pages[0], &layout, 0),
          "text on letter paper is 2156 rows (11 in at 196 lpi)");
    free_pages(pages, count);

    options.paper = DOCUMENT_PAPER_A4;
    options.resolution = DOCUMENT_NORMAL;
    document_text_layout(&options, &layout);
    count = typeset("normal", "at normal resolution\n", &options, pages, 2, 1);
    check(count == 1 && pages[0].length == 1146 && layout.cell_height == 18 && line_ink(&pages[0], &layout, 0) &&
              !line_ink(&pages[0], &layout, 1) && layout.lines == fine_a4.lines,
          "text at normal resolution: 1146 rows, half-height cells, as many lines");
    free_pages(pages, count);
}

/* ---- PDF and PostScript through Ghostscript ---- */

static const char two_page_postscript[] =
    "%!PS-Adobe-3.0\n"
    "/Helvetica findfont 28 scalefont setfont\n"
    "72 720 moveto (Page one of a PostScript fax) show\n"
    "newpath 72 600 moveto 400 0 rlineto 0 -100 rlineto -400 0 rlineto closepath fill\n"
    "showpage\n"
    "72 720 moveto (Page two) show\n"
    "showpage\n";

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + now.tv_nsec / 1e9;
}

static enum document_status convert_with(const char *input, const struct document_options *options,
                                         const char *output, int *pages, struct document_error *error)
{
    memset(error, 0, sizeof(*error));
    return document_convert_with(input, DOCUMENT_UNKNOWN, options, path_of(output), false, pages, error);
}

static void test_ghostscript_missing(void)
{
    struct document_options options;
    struct document_error error;
    const char *saved_path = getenv("PATH");
    char *path_copy = saved_path ? strdup(saved_path) : NULL;
    enum document_status status;

    save_text("needs-gs.ps", two_page_postscript);
    document_options_init(&options);
    options.ghostscript = "/nonexistent/bin/gs";
    status = convert_with(path_of("needs-gs.ps"), &options, "needs-gs.out.tif", NULL, &error);
    check(status == DOCUMENT_ERR_NO_GHOSTSCRIPT && strstr(error.detail, "needs-gs.ps") &&
              strstr(error.detail, "/nonexistent/bin/gs") && strstr(error.detail, "ghostscript"),
          "Ghostscript at a path that does not exist: %s (%s)", document_strerror(status), error.detail);

    document_options_init(&options);
    setenv("PATH", work_dir, 1);
    status = convert_with(path_of("needs-gs.ps"), &options, "needs-gs.out.tif", NULL, &error);
    if (path_copy)
        setenv("PATH", path_copy, 1);
    free(path_copy);
    check(status == DOCUMENT_ERR_NO_GHOSTSCRIPT, "no gs in PATH: %s (%s)", document_strerror(status), error.detail);
    check(access(path_of("needs-gs.out.tif"), F_OK) != 0, "without Ghostscript no output is left");
}

static void test_ghostscript(void)
{
    static const char bad_postscript[] = "%!PS\n/Helvetica findfont 20 scalefont setfont\nnosuchoperator\nshowpage\n";
    static const char endless_postscript[] = "%!PS\n{ } loop\n";
    static const char damaged_pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a PDF\n%%EOF\n";
    struct document_options options;
    struct document_error error;
    struct fax_page pages[3];
    enum document_status status;
    char command[1024];
    int count, page_count = 0;
    double started;

    if (system("gs --version > /dev/null 2>&1") != 0) {
        printf("skipped: PostScript and PDF conversion (gs is not installed; Debian package ghostscript)\n");
        return;
    }
    save_text("two-pages.ps", two_page_postscript);
    expect_convert("two-pages.ps", DOCUMENT_FINE, "two-pages-ps.out.tif", 2, "a 2-page PostScript file");
    count = read_pages(path_of("two-pages-ps.out.tif"), pages, 3);
    check(count == 2 && page_ink(&pages[0]) > page_ink(&pages[1]) && page_ink(&pages[1]) > 0 &&
              pages[0].length == 2292,
          "the PostScript pages are A4 with their ink, the filled box on page 1");
    free_pages(pages, count);
    expect_convert("two-pages.ps", DOCUMENT_NORMAL, "two-pages-ps-normal.out.tif", 2, "PostScript at normal");

    snprintf(command, sizeof(command),
             "gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile='%s' '%s' > /dev/null 2>&1",
             path_of("two-pages.pdf"), path_of("two-pages.ps"));
    check(system(command) == 0, "gs pdfwrite makes a test PDF");
    expect_convert("two-pages.pdf", DOCUMENT_FINE, "two-pages-pdf.out.tif", 2, "a 2-page PDF");
    document_options_init(&options);
    options.paper = DOCUMENT_PAPER_LETTER;
    status = convert_with(path_of("two-pages.pdf"), &options, "two-pages-letter.out.tif", &page_count, &error);
    count = read_pages(path_of("two-pages-letter.out.tif"), pages, 3);
    check(status == DOCUMENT_OK && count == 2 && pages[0].width == 1728 && pages[0].length == 2156,
          "a PDF on letter paper: 1728 x 2156 (%s)", error.detail);
    free_pages(pages, count);

    save_text("damaged.pdf", damaged_pdf);
    status = convert_with(path_of("damaged.pdf"), NULL, "damaged.out.tif", &page_count, &error);
    check(status == DOCUMENT_ERR_CONVERT && strstr(error.detail, "damaged.pdf") && strstr(error.detail, "Error"),
          "a damaged PDF is a conversion error with Ghostscript's complaint: %s (%s)", document_strerror(status),
          error.detail);
    save_text("bad.ps", bad_postscript);
    status = convert_with(path_of("bad.ps"), NULL, "bad-ps.out.tif", &page_count, &error);
    check(status == DOCUMENT_ERR_CONVERT && strstr(error.detail, "undefined") && strstr(error.detail, "bad.ps"),
          "a PostScript error is reported: %s (%s)", document_strerror(status), error.detail);

    save_text("endless.ps", endless_postscript);
    document_options_init(&options);
    options.ghostscript_timeout = 2;
    started = seconds_now();
    status = convert_with(path_of("endless.ps"), &options, "endless.out.tif", &page_count, &error);
    /* The detail proves the timeout stopped it; the wall-time bound only guards against a hang (a slow or
       loaded machine takes longer to start Ghostscript, never 2 minutes). */
    double took = seconds_now() - started;
    check(status == DOCUMENT_ERR_CONVERT && strstr(error.detail, "more than 2 s") && took >= 2 && took < 120,
          "a PostScript program that never ends is stopped after the timeout: %s (%s) in %.1f s",
          document_strerror(status), error.detail, took);

    /* Names are file names, never switches or Ghostscript devices. */
    save_text("-dNOSAFER.ps", two_page_postscript);
    save_text("%pipe%touch injected.ps", two_page_postscript);
    if (chdir(work_dir) == 0) {
        status = document_convert("-dNOSAFER.ps", DOCUMENT_UNKNOWN, DOCUMENT_FINE, "dash.out.tif", false, &page_count,
                                  &error);
        check(status == DOCUMENT_OK && page_count == 2, "a file named like a switch is read as a file (%s)",
              error.detail);
        status = document_convert("%pipe%touch injected.ps", DOCUMENT_UNKNOWN, DOCUMENT_FINE, "pipe.out.tif", false,
                                  &page_count, &error);
        check(status == DOCUMENT_OK && page_count == 2 && access("injected.ps", F_OK) != 0,
              "a file named %%pipe%%..., which gs refuses by name, is read as a file, not run (%s)", error.detail);
        (void)!chdir("/");
    }
}

/* ---- branding ---- */

static void numbered_header(void *user_data, int page, int pages, char *line, size_t size)
{
    snprintf(line, size, "%s %d/%d", (const char *)user_data, page, pages);
}

static void test_branding(void)
{
    static const char template_text[] = "  +1 555 0100  2024-03-05 14:07  page %p of %P";
    struct fax_page plain[4], branded[4], again[4];
    struct document_error error = { 0 };
    unsigned band = 36;   /* one line of the font at fine resolution */
    int plain_count, branded_count, again_count;
    bool top_inked = true, rest_same = true;
    enum document_status status;
    char line[64];

    check(document_header_expand("%p/%P 100%% %x", 2, 3, line, sizeof(line)) == 11 && !strcmp(line, "2/3 100% %x"),
          "a template expands %%p, %%P and %%%% (\"%s\")", line);
    check(document_header_expand("page %p of %P", 12, 345, line, 8) == 14 && !strcmp(line, "page 12"),
          "a template expansion is cut to the buffer (\"%s\")", line);

    plain_count = typeset("to-brand", "first page\fsecond page\fthird page\n", NULL, plain, 4, 3);
    status = document_brand(path_of("to-brand.out.tif"), path_of("branded.tif"), template_text, &error);
    check(status == DOCUMENT_OK, "branding: %s (%s)", document_strerror(status), error.detail);
    expect_sendable(path_of("branded.tif"), 3, DOCUMENT_FINE, "the branded file");
    branded_count = read_pages(path_of("branded.tif"), branded, 4);
    for (int i = 0; i < plain_count && i < branded_count; i++) {
        top_inked &= ink(&branded[i], 0, 0, 1728, band) > 500 && !ink(&plain[i], 0, 0, 1728, band);
        rest_same &= !memcmp(plain[i].rows + band * plain[i].stride, branded[i].rows + band * branded[i].stride,
                             (plain[i].length - band) * plain[i].stride);
    }
    check(plain_count == 3 && branded_count == 3 && top_inked, "every page has the header in its top %u rows", band);
    check(plain_count == 3 && branded_count == 3 && rest_same, "below the header every bit is as it was");
    check(branded_count == 3 && memcmp(branded[0].rows, branded[2].rows, band * branded[0].stride) != 0,
          "page 1's header differs from page 3's (the page number)");

    status = document_brand(path_of("to-brand.out.tif"), NULL, template_text, &error);
    again_count = read_pages(path_of("to-brand.out.tif"), again, 4);
    check(status == DOCUMENT_OK && again_count == 3 && same_rows(&again[0], &branded[0], 0) &&
              same_rows(&again[2], &branded[2], 0),
          "branding in place gives the same pages (%s)", error.detail);
    free_pages(again, again_count);

    status = document_brand_with(path_of("to-brand.out.tif"), path_of("branded-callback.tif"), numbered_header,
                                 "FROM OPENFAXCOM", &error);
    again_count = read_pages(path_of("branded-callback.tif"), again, 4);
    check(status == DOCUMENT_OK && again_count == 3 && ink(&again[1], 0, 0, 1728, band) > 500 &&
              memcmp(again[1].rows, branded[1].rows, band * again[1].stride) != 0,
          "a header from a callback replaces the earlier one (%s)", error.detail);
    free_pages(again, again_count);
    free_pages(plain, plain_count);
    free_pages(branded, branded_count);

    status = document_brand(path_of("gray.tif"), path_of("gray-branded.tif"), template_text, &error);
    check(status == DOCUMENT_ERR_UNSUPPORTED && access(path_of("gray-branded.tif"), F_OK) != 0,
          "a gray TIFF is not branded: %s (%s)", document_strerror(status), error.detail);
    status = document_brand(path_of("no-such.tif"), NULL, template_text, &error);
    check(status == DOCUMENT_ERR_OPEN && strstr(error.detail, "no-such.tif"), "branding a missing file: %s (%s)",
          document_strerror(status), error.detail);
}

/* ---- several documents in one job ---- */

static void test_append(void)
{
    struct fax_page before[6], after[6];
    struct document_error error;
    int before_count, after_count, pages = 0;
    bool kept = true;
    enum document_status status;

    save_text("job-letter.txt", "Dear reader,\fpage two\fpage three\n");
    status = convert("job-letter.txt", DOCUMENT_FINE, "job.tif", true, &pages, &error);
    check(status == DOCUMENT_OK && pages == 3, "append to a job file that does not exist yet creates it (%s)",
          error.detail);
    before_count = read_pages(path_of("job.tif"), before, 6);
    status = convert("fax-g4.tif", DOCUMENT_FINE, "job.tif", true, &pages, &error);
    check(status == DOCUMENT_OK && pages == 1, "a TIFF appended to the job adds 1 page (%s)", error.detail);
    expect_sendable(path_of("job.tif"), 4, DOCUMENT_FINE, "the job of a text and a TIFF");
    after_count = read_pages(path_of("job.tif"), after, 6);
    for (int i = 0; i < before_count && i < after_count; i++)
        kept &= same_rows(&before[i], &after[i], 0);
    check(before_count == 3 && after_count == 4 && kept, "the job's first 3 pages are unchanged, 4 in all");
    free_pages(after, after_count);

    status = convert("no-such-file.txt", DOCUMENT_FINE, "job.tif", true, &pages, &error);
    after_count = read_pages(path_of("job.tif"), after, 6);
    check(status == DOCUMENT_ERR_OPEN && pages == 0 && after_count == 4,
          "a failed append leaves the job as it was (%d pages)", after_count);
    free_pages(after, after_count);

    status = convert("fax-g4.tif", DOCUMENT_FINE, "job-letter.txt", true, &pages, &error);
    check(status == DOCUMENT_ERR_WRITE && strstr(error.detail, "job-letter.txt") &&
              document_detect_file(path_of("job-letter.txt")) == DOCUMENT_TEXT,
          "appending to a file that is not a TIFF is refused and leaves it alone: %s (%s)", document_strerror(status),
          error.detail);

    status = convert("fax-g4.tif", DOCUMENT_FINE, "job.tif", false, &pages, &error);
    after_count = read_pages(path_of("job.tif"), after, 6);
    check(status == DOCUMENT_OK && after_count == 1, "without append the output is replaced (%d pages)", after_count);
    free_pages(after, after_count);
    free_pages(before, before_count);
}

/* ---- a job crosses a real fax call ---- */

/* The whole way: a cover letter typeset, a gray scan appended, the pages branded, the job sent. */
static void test_fax_call(void)
{
    struct fax_loopback_result result = { 0 };
    struct document_error error;
    struct fax_page sent[3], received[3];
    int sent_count, received_count, pages = 0;
    bool same = true;

    save_text("cover.txt", "To: Accounts\nFrom: openfaxcom\n\nThe scan follows.\n");
    check(convert("cover.txt", DOCUMENT_FINE, "call.tif", true, &pages, &error) == DOCUMENT_OK &&
              convert("gray.tif", DOCUMENT_FINE, "call.tif", true, &pages, &error) == DOCUMENT_OK &&
              document_brand(path_of("call.tif"), NULL, "  openfaxcom test  page %p/%P", &error) == DOCUMENT_OK,
          "a job of a cover letter and a scan is made and branded (%s)", error.detail);
    expect_sendable(path_of("call.tif"), 2, DOCUMENT_FINE, "the job to fax");
    check(fax_loopback_send(path_of("call.tif"), path_of("call-received.tif"), NULL, &result) == 0,
          "a T.30 call sends the job: %s", result.message);
    sent_count = read_pages(path_of("call.tif"), sent, 3);
    received_count = read_pages(path_of("call-received.tif"), received, 3);
    for (int i = 0; i < sent_count && i < received_count; i++)
        same &= same_rows(&sent[i], &received[i], 0);
    check(sent_count == 2 && received_count == 2 && same, "both pages arrive bit for bit");
    free_pages(sent, sent_count);
    free_pages(received, received_count);
}

static bool directory_is_empty(const char *path)
{
    char command[600];
    snprintf(command, sizeof(command), "test -z \"$(ls -A '%s')\"", path);
    return system(command) == 0;
}

int main(void)
{
    char temporary[300], command[400];
    const char *base = getenv("TMPDIR");

    snprintf(work_dir, sizeof(work_dir), "%s/test_document-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(work_dir)) {
        perror("mkdtemp");
        return 1;
    }
    /* The converter's own work directories go here, so the test can see that none is left behind. */
    snprintf(temporary, sizeof(temporary), "%s/tmp", work_dir);
    mkdir(temporary, 0700);
    setenv("TMPDIR", temporary, 1);
    document_text_layout(NULL, &fine_a4);

    test_detection();
    test_fax_ready_pages();
    test_tiled_page();
    test_gray_and_colour();
    test_scaled_scans();
    test_multi_page();
    test_first_page();
    test_bad_input();
    test_text_pages();
    test_text_unicode();
    test_text_paper();
    test_ghostscript_missing();
    test_ghostscript();
    test_branding();
    test_append();
    test_fax_call();

    check(directory_is_empty(temporary), "no work directory is left behind");
    snprintf(command, sizeof(command), "ls '%s' | grep -q partial", work_dir);
    check(system(command) != 0, "no partial output is left behind");
    snprintf(command, sizeof(command), "rm -rf '%s'", work_dir);
    if (!failed)
        (void)!system(command);
    else
        printf("inputs and outputs kept in %s\n", work_dir);
    printf("document: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
