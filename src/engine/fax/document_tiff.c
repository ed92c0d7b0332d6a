/*
 * TIFF pages to fax pages. Bilevel pages are read bit for bit, from strips or tiles (spandsp sends tiled
 * pages blank, so tiles are decoded here); everything else goes through libtiff's RGBA reader a band of
 * rows at a time, so memory follows the width, not the size, of an image. Pages are scaled to 1728 pixels
 * across, keeping their proportions; a bilevel page that already has the fax geometry is kept as it is.
 */
#include "document_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limits for untrusted files: A4 at 1200 dpi passes; a header claiming 100000 x 100000 does not. */
#define MAX_SOURCE_SIDE 30000u
#define MAX_SOURCE_PIXELS 200000000ull
#define RGBA_BAND_PIXELS (4u << 20)

struct source_geometry {
    uint32_t width, length;
    double x_resolution, y_resolution;
    bool bilevel;
};

static double resolution_tag(TIFF *tif, uint32_t tag)
{
    float value = 0;
    return TIFFGetField(tif, tag, &value) && isfinite(value) && value > 0 && value < 1e6 ? value : 0;
}

static enum document_status describe(struct document_tiff_file *file, int page_number,
                                     struct source_geometry *geometry, struct document_error *error)
{
    TIFF *tif = file->tiff;
    uint16_t bits = 1, samples = 1, photometric = 0;

    geometry->width = geometry->length = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &geometry->width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &geometry->length);
    if (!geometry->width || !geometry->length)
        return document_fail(error, DOCUMENT_ERR_DAMAGED, "page %d of %s has no image size", page_number,
                             file->name);
    if (geometry->width > MAX_SOURCE_SIDE || geometry->length > MAX_SOURCE_SIDE ||
        (uint64_t)geometry->width * geometry->length > MAX_SOURCE_PIXELS)
        return document_fail(error, DOCUMENT_ERR_UNSUPPORTED,
                             "page %d of %s is %u x %u pixels, more than the %u x %u (%llu megapixels) accepted",
                             page_number, file->name, geometry->width, geometry->length, MAX_SOURCE_SIDE,
                             MAX_SOURCE_SIDE, MAX_SOURCE_PIXELS / 1000000);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
    geometry->bilevel = bits == 1 && samples == 1 &&
                        (photometric == PHOTOMETRIC_MINISWHITE || photometric == PHOTOMETRIC_MINISBLACK);
    geometry->x_resolution = resolution_tag(tif, TIFFTAG_XRESOLUTION);
    geometry->y_resolution = resolution_tag(tif, TIFFTAG_YRESOLUTION);
    if (!geometry->x_resolution)
        geometry->x_resolution = geometry->y_resolution;
    if (!geometry->y_resolution)
        geometry->y_resolution = geometry->x_resolution;
    /* Without resolution tags: a page 1728 wide was almost surely made for fax (fine, 204 x 196); anything
     * else is taken as a 200 dpi scan with square pixels. Only the ratio matters for scaling, so a unit of
     * "none" or centimetres needs no conversion. */
    if (!geometry->x_resolution) {
        bool fax_width = geometry->width == DOCUMENT_FAX_WIDTH;
        geometry->x_resolution = fax_width ? DOCUMENT_FAX_X_RESOLUTION : 200;
        geometry->y_resolution = fax_width ? document_y_resolution(DOCUMENT_FINE) : 200;
    }
    return DOCUMENT_OK;
}

/* Rows of the fax page: the width becomes 1728 and the proportions stay. A page already 1728 wide whose
 * rows are within 2% of the wanted height (8 lines/mm as 195.58 lpi, say) keeps, doubles or halves its
 * rows exactly, so fax pages are not resampled. */
static double fax_rows(const struct source_geometry *geometry, enum document_resolution resolution)
{
    double factor = (double)DOCUMENT_FAX_WIDTH / geometry->width * (geometry->x_resolution / geometry->y_resolution) *
                    (document_y_resolution(resolution) / DOCUMENT_FAX_X_RESOLUTION);
    static const double exact[] = { 1, 2, 0.5 };

    if (geometry->width == DOCUMENT_FAX_WIDTH)
        for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
            if (fabs(factor / exact[i] - 1) < 0.02)
                factor = exact[i];
    return fmax(1, round(geometry->length * factor));
}

static enum document_status read_tiles(TIFF *tif, struct document_page *page)
{
    uint32_t tile_width = 0, tile_length = 0;
    tmsize_t tile_stride = TIFFTileRowSize(tif), tile_size = TIFFTileSize(tif);
    uint8_t *tile;

    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tile_width);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &tile_length);
    if (!tile_width || !tile_length || tile_width % 8 || tile_stride <= 0 || tile_size <= 0)
        return DOCUMENT_ERR_DAMAGED;
    tile = malloc((size_t)tile_size);
    if (!tile)
        return DOCUMENT_ERR_NO_MEMORY;
    for (uint32_t y = 0; y < page->length; y += tile_length)
        for (uint32_t x = 0; x < page->width; x += tile_width) {
            size_t room = page->stride - x / 8, bytes = room < (size_t)tile_stride ? room : (size_t)tile_stride;
            if (TIFFReadTile(tif, tile, x, y, 0, 0) < 0) {
                free(tile);
                return DOCUMENT_ERR_DAMAGED;
            }
            for (uint32_t row = 0; row < tile_length && y + row < page->length; row++)
                memcpy(document_page_row(page, y + row) + x / 8, tile + (size_t)row * (size_t)tile_stride, bytes);
        }
    free(tile);
    return DOCUMENT_OK;
}

static enum document_status read_strips(TIFF *tif, struct document_page *page)
{
    for (uint32_t y = 0; y < page->length; y++)
        if (TIFFReadScanline(tif, document_page_row(page, y), y, 0) < 0)
            return DOCUMENT_ERR_DAMAGED;
    return DOCUMENT_OK;
}

/* Ink is 1 in a page: MINISBLACK flips; bits past the width are cleared, whatever the file had there. */
static void make_ink_one(TIFF *tif, struct document_page *page)
{
    uint16_t photometric = 0;

    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
    for (uint32_t y = 0; y < page->length; y++) {
        uint8_t *row = document_page_row(page, y);
        if (photometric == PHOTOMETRIC_MINISBLACK)
            for (size_t i = 0; i < page->stride; i++)
                row[i] = (uint8_t)~row[i];
        if (page->width % 8)
            row[page->stride - 1] &= (uint8_t)(0xFF00 >> (page->width % 8));
    }
}

enum document_status document_tiff_read_bilevel(struct document_tiff_file *file, int page_number,
                                                struct document_page *page, struct document_error *error)
{
    struct source_geometry geometry;
    enum document_status status = describe(file, page_number, &geometry, error);

    if (status != DOCUMENT_OK)
        return status;
    if (!geometry.bilevel)
        return document_fail(error, DOCUMENT_ERR_UNSUPPORTED, "page %d of %s is not a bilevel image", page_number,
                             file->name);
    status = document_page_alloc(page, geometry.width, geometry.length, (float)geometry.x_resolution,
                                 (float)geometry.y_resolution, error);
    if (status != DOCUMENT_OK)
        return status;
    file->message[0] = '\0';
    status = TIFFIsTiled(file->tiff) ? read_tiles(file->tiff, page) : read_strips(file->tiff, page);
    if (status != DOCUMENT_OK) {
        document_page_release(page);
        if (status == DOCUMENT_ERR_NO_MEMORY)
            return document_fail(error, status, "no memory to read page %d of %s", page_number, file->name);
        return document_fail(error, status, "cannot decode page %d of %s: %s", page_number, file->name,
                             file->message[0] ? file->message : "bad tile layout");
    }
    make_ink_one(file->tiff, page);
    return DOCUMENT_OK;
}

/* Feeds the scaler from a bilevel page, a row of bits becoming a row of 0 or 255. */
static enum document_status scale_bilevel(struct document_page *source, struct document_scaler *scaler,
                                          struct document_error *error)
{
    uint8_t *ink = malloc(source->width);

    if (!ink)
        return document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory to scale a page");
    for (uint32_t y = 0; y < source->length; y++) {
        const uint8_t *row = document_page_row(source, y);
        for (uint32_t x = 0; x < source->width; x++)
            ink[x] = row[x / 8] & (0x80 >> (x % 8)) ? 255 : 0;
        document_scaler_push(scaler, ink);
    }
    free(ink);
    return DOCUMENT_OK;
}

/* Darkness of an RGBA pixel (premultiplied, as libtiff delivers it) laid over white paper. */
static uint8_t ink_of(uint32_t pixel)
{
    unsigned luma = (TIFFGetR(pixel) * 299u + TIFFGetG(pixel) * 587u + TIFFGetB(pixel) * 114u + 500u) / 1000u;
    luma += 255u - TIFFGetA(pixel);
    return (uint8_t)(255u - (luma > 255u ? 255u : luma));
}

static enum document_status scale_color(struct document_tiff_file *file, int page_number,
                                        const struct source_geometry *geometry, struct document_scaler *scaler,
                                        struct document_error *error)
{
    char message[1024] = "";
    TIFFRGBAImage image;
    uint32_t band = 0, *raster;
    uint8_t *ink;
    enum document_status status = DOCUMENT_OK;

    if (!TIFFRGBAImageOK(file->tiff, message) || !TIFFRGBAImageBegin(&image, file->tiff, 1, message))
        return document_fail(error, DOCUMENT_ERR_UNSUPPORTED, "page %d of %s: %s", page_number, file->name,
                             message);
    image.req_orientation = ORIENTATION_TOPLEFT;
    /* Bands of whole strips or tiles, so each is decoded once. */
    if (!TIFFGetField(file->tiff, TIFFIsTiled(file->tiff) ? TIFFTAG_TILELENGTH : TIFFTAG_ROWSPERSTRIP, &band) ||
        band == 0 || band > geometry->length)
        band = geometry->length;
    if ((uint64_t)band * geometry->width > RGBA_BAND_PIXELS)
        band = RGBA_BAND_PIXELS / geometry->width ? RGBA_BAND_PIXELS / geometry->width : 1;
    raster = malloc((size_t)band * geometry->width * sizeof(*raster));
    ink = malloc(geometry->width);
    if (!raster || !ink)
        status = document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory to read page %d of %s", page_number,
                               file->name);
    file->message[0] = '\0';
    for (uint32_t row = 0; status == DOCUMENT_OK && row < geometry->length; row += band) {
        uint32_t rows = geometry->length - row < band ? geometry->length - row : band;
        image.row_offset = (int)row;
        image.col_offset = 0;
        if (!TIFFRGBAImageGet(&image, raster, geometry->width, rows)) {
            status = document_fail(error, DOCUMENT_ERR_DAMAGED, "cannot decode page %d of %s: %s", page_number,
                                   file->name, file->message[0] ? file->message : "libtiff gave up");
            break;
        }
        for (uint32_t r = 0; r < rows; r++) {
            const uint32_t *pixels = raster + (size_t)r * geometry->width;
            for (uint32_t x = 0; x < geometry->width; x++)
                ink[x] = ink_of(pixels[x]);
            document_scaler_push(scaler, ink);
        }
    }
    TIFFRGBAImageEnd(&image);
    free(raster);
    free(ink);
    return status;
}

struct convert_context {
    bool trusted;
    enum document_resolution resolution;
    struct document_sink *sink;
};

static enum document_status convert_page(struct document_tiff_file *file, int page_number, void *opaque,
                                         struct document_error *error)
{
    struct convert_context *context = opaque;
    struct source_geometry geometry;
    struct document_page source = { 0 }, page = { 0 };
    struct document_scaler *scaler = NULL;
    float y_resolution = document_y_resolution(context->resolution);
    enum document_status status;
    uint32_t rows;
    double exact_rows;

    if (context->trusted && document_sink_can_copy(file->tiff))
        return document_sink_copy(context->sink, file, error);
    status = describe(file, page_number, &geometry, error);
    if (status != DOCUMENT_OK)
        return status;
    exact_rows = fax_rows(&geometry, context->resolution);
    if (exact_rows > DOCUMENT_MAX_PAGE_ROWS)
        return document_fail(error, DOCUMENT_ERR_UNSUPPORTED, "page %d of %s would be %.0f rows long, more than %d",
                             page_number, file->name, exact_rows, DOCUMENT_MAX_PAGE_ROWS);
    rows = (uint32_t)exact_rows;
    if (geometry.bilevel) {
        status = document_tiff_read_bilevel(file, page_number, &source, error);
        if (status == DOCUMENT_OK && source.width == DOCUMENT_FAX_WIDTH && rows == source.length) {
            source.x_resolution = DOCUMENT_FAX_X_RESOLUTION;
            source.y_resolution = y_resolution;
            status = document_sink_put(context->sink, &source, error);
            document_page_release(&source);
            return status;
        }
    }
    if (status == DOCUMENT_OK)
        status = document_scaler_new(geometry.width, geometry.length, DOCUMENT_FAX_WIDTH, rows, &scaler, error);
    if (status == DOCUMENT_OK)
        status = geometry.bilevel ? scale_bilevel(&source, scaler, error)
                                  : scale_color(file, page_number, &geometry, scaler, error);
    document_page_release(&source);
    if (status == DOCUMENT_OK)
        status = document_page_alloc(&page, DOCUMENT_FAX_WIDTH, rows, DOCUMENT_FAX_X_RESOLUTION,
                                     y_resolution, error);
    if (status == DOCUMENT_OK) {
        document_scaler_finish(scaler, geometry.bilevel, &page);
        status = document_sink_put(context->sink, &page, error);
    }
    document_page_release(&page);
    document_scaler_free(scaler);
    return status;
}

enum document_status document_tiff_convert(struct document_tiff_file *file, bool trusted,
                                           enum document_resolution resolution, struct document_sink *sink,
                                           struct document_error *error)
{
    struct convert_context context = { trusted, resolution, sink };
    return document_tiff_for_each_page(file, convert_page, &context, error);
}
