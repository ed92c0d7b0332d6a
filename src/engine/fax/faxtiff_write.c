/*
 * Writing fax TIFFs with libtiff: bilevel pages (G4, G3 or raw), Windows fax tags on page 1.
 *
 * Windows stores each FILETIME as 8 bytes under type SRATIONAL. libtiff only writes rationals from
 * floating point (lossy), so the bytes go out as UNDEFINED[8] and the entry is relabelled
 * SRATIONAL[1] afterwards: the same 8 bytes, the type Windows uses, and a count that is valid TIFF.
 */
#include "faxtiff_private.h"

#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

static void put_filetime_bytes(uint8_t out[8], uint64_t filetime)
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(filetime >> (8 * i));
}

static bool register_fields(TIFF *tif, const struct faxtiff_meta *meta, uint16_t time_tag)
{
    TIFFFieldInfo info[FAXTIFF_FIELD_COUNT + 1];
    int n = 0;

    for (int f = 0; f < FAXTIFF_FIELD_COUNT; f++) {
        uint16_t tag = faxtiff_field_tag(meta->generation, (enum faxtiff_field)f);
        if (tag && meta->field[f])
            info[n++] = (TIFFFieldInfo){ tag, TIFF_VARIABLE, TIFF_VARIABLE, TIFF_ASCII, FIELD_CUSTOM, 1, 0,
                                         "WindowsFaxText" };
    }
    if (time_tag)
        info[n++] = (TIFFFieldInfo){ time_tag, TIFF_VARIABLE, TIFF_VARIABLE, TIFF_UNDEFINED, FIELD_CUSTOM, 1, 1,
                                     "WindowsFaxTime" };
    return n == 0 || TIFFMergeFieldInfo(tif, info, (uint32_t)n) == 0;
}

static bool set_windows_tags(TIFF *tif, const struct faxtiff_meta *meta, uint16_t time_tag)
{
    for (int f = 0; f < FAXTIFF_FIELD_COUNT; f++) {
        uint16_t tag = faxtiff_field_tag(meta->generation, (enum faxtiff_field)f);
        if (tag && meta->field[f] && !TIFFSetField(tif, tag, meta->field[f]))
            return false;
    }
    if (time_tag) {
        uint8_t bytes[8];
        put_filetime_bytes(bytes, meta->receive_time);
        if (!TIFFSetField(tif, time_tag, 8, bytes))
            return false;
    }
    return true;
}

static bool write_page(TIFF *tif, const struct faxtiff_page_image *page, uint16_t number, uint16_t total,
                       enum faxtiff_compression compression)
{
    static const uint16_t codecs[] = {
        [FAXTIFF_G4] = COMPRESSION_CCITTFAX4, [FAXTIFF_G3_2D] = COMPRESSION_CCITTFAX3,
        [FAXTIFF_G3_1D] = COMPRESSION_CCITTFAX3, [FAXTIFF_UNCOMPRESSED] = COMPRESSION_NONE,
    };
    tmsize_t stride = (page->width + 7) / 8;

    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, page->width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, page->length);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, codecs[compression]);
    if (compression == FAXTIFF_G3_2D)
        TIFFSetField(tif, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_2DENCODING | GROUP3OPT_FILLBITS);
    else if (compression == FAXTIFF_G3_1D)
        TIFFSetField(tif, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_FILLBITS);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(tif, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, page->length);
    TIFFSetField(tif, TIFFTAG_XRESOLUTION, page->x_resolution);
    TIFFSetField(tif, TIFFTAG_YRESOLUTION, page->y_resolution);
    TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    TIFFSetField(tif, TIFFTAG_PAGENUMBER, number, total);
    for (uint32_t row = 0; row < page->length; row++)
        if (TIFFWriteScanline(tif, (void *)(page->rows + row * stride), row, 0) < 0)
            return false;
    return TIFFWriteDirectory(tif) != 0;
}

/* Relabels the time tag's entry in the first directory from UNDEFINED[8] to SRATIONAL[1]. */
static bool relabel_time_tag(const char *path, uint16_t time_tag)
{
    FILE *f = fopen(path, "r+b");
    uint8_t head[8], entry[12];
    bool done = false;

    if (!f)
        return false;
    if (fread(head, 1, 8, f) == 8 && head[0] == 'I') {
        uint32_t at = faxtiff_get32(head + 4, false);
        uint8_t count_bytes[2];
        if (faxtiff_seek(f, at) == 0 && fread(count_bytes, 1, 2, f) == 2) {
            uint16_t count = faxtiff_get16(count_bytes, false);
            for (uint16_t i = 0; i < count && !done; i++) {
                uint64_t where = (uint64_t)at + 2 + 12u * i;
                if (faxtiff_seek(f, where) != 0 || fread(entry, 1, 12, f) != 12)
                    break;
                if (faxtiff_get16(entry, false) != time_tag)
                    continue;
                entry[2] = FAXTIFF_SRATIONAL; entry[3] = 0;
                entry[4] = 1; entry[5] = entry[6] = entry[7] = 0;
                done = faxtiff_seek(f, where) == 0 && fwrite(entry, 1, 8, f) == 8;
            }
        }
    }
    return fclose(f) == 0 && done;
}

enum faxtiff_status faxtiff_write_path(const char *path, const struct faxtiff_meta *meta,
                                       const struct faxtiff_page_image *pages, size_t page_count,
                                       enum faxtiff_compression compression, struct faxtiff_error *error)
{
    static const struct faxtiff_meta no_meta = { .generation = FAXTIFF_GEN_NONE };
    uint16_t time_tag;
    TIFF *tif;

    if (!meta)
        meta = &no_meta;
    if (page_count == 0 || page_count > UINT16_MAX || (unsigned)compression > FAXTIFF_UNCOMPRESSED)
        return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "cannot write %zu pages", page_count);
    time_tag = meta->has_receive_time ? faxtiff_time_tag(meta->generation) : 0;
    tif = TIFFOpen(path, "wl");   /* little-endian, as Windows writes, so the relabel step can find the tag */
    if (!tif)
        return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "cannot create %s", path);
    if (!register_fields(tif, meta, time_tag)) {
        TIFFClose(tif);
        return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "cannot register the Windows fax tags");
    }
    for (size_t i = 0; i < page_count; i++) {
        bool ok = true;
        if (i == 0) {
            ok = set_windows_tags(tif, meta, time_tag);
            if (ok && meta->image_description)
                ok = TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, meta->image_description);
            if (ok && meta->software)
                ok = TIFFSetField(tif, TIFFTAG_SOFTWARE, meta->software);
        }
        if (!ok || !write_page(tif, &pages[i], (uint16_t)i, (uint16_t)page_count, compression)) {
            TIFFClose(tif);
            return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "writing page %zu of %s failed", i + 1, path);
        }
    }
    TIFFClose(tif);
    if (time_tag && !relabel_time_tag(path, time_tag))
        return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "cannot finish the time tag in %s", path);
    return FAXTIFF_OK;
}

/* Tags that describe a page's image and must travel with its compressed data. */
static bool copy_image_tags(TIFF *in, TIFF *out)
{
    static const uint32_t short_tags[] = {
        TIFFTAG_BITSPERSAMPLE, TIFFTAG_SAMPLESPERPIXEL, TIFFTAG_COMPRESSION, TIFFTAG_PHOTOMETRIC, TIFFTAG_FILLORDER,
        TIFFTAG_RESOLUTIONUNIT, TIFFTAG_PLANARCONFIG, TIFFTAG_ORIENTATION, TIFFTAG_CLEANFAXDATA,
    };
    uint32_t width, length, rows, value32;
    uint16_t value16, page, pages;
    float resolution;
    char *text;

    if (!TIFFGetField(in, TIFFTAG_IMAGEWIDTH, &width) || !TIFFGetField(in, TIFFTAG_IMAGELENGTH, &length)
        || TIFFIsTiled(in))
        return false;
    TIFFSetField(out, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
    TIFFSetField(out, TIFFTAG_IMAGEWIDTH, width);
    TIFFSetField(out, TIFFTAG_IMAGELENGTH, length);
    for (size_t i = 0; i < sizeof(short_tags) / sizeof(short_tags[0]); i++)
        if (TIFFGetField(in, short_tags[i], &value16))
            TIFFSetField(out, short_tags[i], value16);
    if (TIFFGetField(in, TIFFTAG_GROUP3OPTIONS, &value32))
        TIFFSetField(out, TIFFTAG_GROUP3OPTIONS, value32);
    if (TIFFGetField(in, TIFFTAG_GROUP4OPTIONS, &value32))
        TIFFSetField(out, TIFFTAG_GROUP4OPTIONS, value32);
    if (TIFFGetField(in, TIFFTAG_XRESOLUTION, &resolution))
        TIFFSetField(out, TIFFTAG_XRESOLUTION, resolution);
    if (TIFFGetField(in, TIFFTAG_YRESOLUTION, &resolution))
        TIFFSetField(out, TIFFTAG_YRESOLUTION, resolution);
    if (TIFFGetField(in, TIFFTAG_ROWSPERSTRIP, &rows))
        TIFFSetField(out, TIFFTAG_ROWSPERSTRIP, rows);
    if (TIFFGetField(in, TIFFTAG_PAGENUMBER, &page, &pages))
        TIFFSetField(out, TIFFTAG_PAGENUMBER, page, pages);
    if (TIFFGetField(in, TIFFTAG_DATETIME, &text))
        TIFFSetField(out, TIFFTAG_DATETIME, text);
    return true;
}

static bool copy_strips(TIFF *in, TIFF *out)
{
    tmsize_t capacity = 0;
    void *buffer = NULL;
    bool ok = true;

    for (uint32_t strip = 0; ok && strip < TIFFNumberOfStrips(in); strip++) {
        uint64_t *sizes;
        TIFFGetField(in, TIFFTAG_STRIPBYTECOUNTS, &sizes);
        tmsize_t size = (tmsize_t)sizes[strip];
        if (size > capacity) {
            void *more = realloc(buffer, (size_t)size);
            if (!more) {
                ok = false;
                break;
            }
            buffer = more;
            capacity = size;
        }
        tmsize_t got = TIFFReadRawStrip(in, strip, buffer, size);
        ok = got >= 0 && TIFFWriteRawStrip(out, strip, buffer, got) == got;
    }
    free(buffer);
    return ok;
}

enum faxtiff_status faxtiff_copy_with_meta(const char *input, const char *output, const struct faxtiff_meta *meta,
                                           struct faxtiff_error *error)
{
    uint16_t time_tag = meta->has_receive_time ? faxtiff_time_tag(meta->generation) : 0;
    TIFF *in = TIFFOpen(input, "r"), *out;
    int page = 0;
    bool ok = true;

    if (!in)
        return faxtiff_fail(error, FAXTIFF_ERR_OPEN, "cannot open %s", input);
    out = TIFFOpen(output, "wl");
    if (!out) {
        TIFFClose(in);
        return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "cannot create %s", output);
    }
    ok = register_fields(out, meta, time_tag);
    do {
        ok = ok && copy_image_tags(in, out);
        if (ok && page == 0) {
            ok = set_windows_tags(out, meta, time_tag);
            if (ok && meta->image_description)
                ok = TIFFSetField(out, TIFFTAG_IMAGEDESCRIPTION, meta->image_description);
            if (ok && meta->software)
                ok = TIFFSetField(out, TIFFTAG_SOFTWARE, meta->software);
        }
        ok = ok && copy_strips(in, out) && TIFFWriteDirectory(out);
        page++;
    } while (ok && TIFFReadDirectory(in));
    TIFFClose(in);
    TIFFClose(out);
    if (!ok)
        return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "copying page %d of %s failed", page, input);
    if (time_tag && !relabel_time_tag(output, time_tag))
        return faxtiff_fail(error, FAXTIFF_ERR_WRITE, "cannot finish the time tag in %s", output);
    return FAXTIFF_OK;
}
