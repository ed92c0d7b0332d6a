/*
 * Writing fax TIFFs: G4, MINISWHITE, one strip per page, FILETYPE_PAGE, PageNumber, resolution in inches,
 * which spandsp's t4_tx sends as they are. Pages go to a temporary file beside the destination that commit
 * renames over it, so readers never see half a document and a failure leaves the destination as it was.
 */
#include "document_private.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct document_sink {
    struct document_tiff_file file;
    char *destination;
    char *temporary;
    int total_pages;     /* for PageNumber; 0 = unknown, as TIFF allows */
    int pages;
};

static void release(struct document_sink *sink)
{
    free(sink->destination);
    free(sink->temporary);
    free(sink);
}

static enum document_status open_temporary(struct document_sink *sink, struct document_error *error)
{
    struct stat existing;
    int fd = mkstemp(sink->temporary);

    if (fd < 0)
        return document_fail(error, DOCUMENT_ERR_WRITE, "cannot create a file beside %s: %s", sink->file.name,
                             strerror(errno));
    /* mkstemp makes 0600 files; a replaced document keeps the permissions it had. */
    if (stat(sink->destination, &existing) == 0)
        (void)fchmod(fd, existing.st_mode & 07777);
    close(fd);
    if (document_tiff_open(&sink->file, sink->temporary, "w", error) != DOCUMENT_OK) {
        unlink(sink->temporary);
        return DOCUMENT_ERR_WRITE;
    }
    sink->file.name = document_file_name(sink->destination);
    return DOCUMENT_OK;
}

enum document_status document_sink_create(const char *destination, int total_pages, struct document_sink **out,
                                          struct document_error *error)
{
    static const char suffix[] = ".partial-XXXXXX";
    struct document_sink *sink = calloc(1, sizeof(*sink));

    *out = NULL;
    if (sink) {
        sink->destination = strdup(destination);
        sink->temporary = malloc(strlen(destination) + sizeof(suffix));
    }
    if (!sink || !sink->destination || !sink->temporary) {
        if (sink)
            release(sink);
        return document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory for the output %s",
                             document_file_name(destination));
    }
    strcpy(sink->temporary, destination);
    strcat(sink->temporary, suffix);
    sink->total_pages = total_pages;
    sink->file.name = document_file_name(sink->destination);
    if (open_temporary(sink, error) != DOCUMENT_OK) {
        release(sink);
        return DOCUMENT_ERR_WRITE;
    }
    *out = sink;
    return DOCUMENT_OK;
}

static void set_page_tags(struct document_sink *sink, uint32_t width, uint32_t length, float x_resolution,
                          float y_resolution)
{
    TIFF *tif = sink->file.tiff;

    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, length);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(tif, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, length);
    TIFFSetField(tif, TIFFTAG_XRESOLUTION, x_resolution);
    TIFFSetField(tif, TIFFTAG_YRESOLUTION, y_resolution);
    TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    TIFFSetField(tif, TIFFTAG_PAGENUMBER, (uint16_t)sink->pages, (uint16_t)sink->total_pages);
}

static enum document_status page_done(struct document_sink *sink, bool written, struct document_error *error)
{
    if (!written || !TIFFWriteDirectory(sink->file.tiff))
        return document_fail(error, DOCUMENT_ERR_WRITE, "writing page %d of %s failed: %s", sink->pages + 1,
                             sink->file.name, sink->file.message[0] ? sink->file.message : strerror(errno));
    sink->pages++;
    return DOCUMENT_OK;
}

enum document_status document_sink_put(struct document_sink *sink, const struct document_page *page,
                                       struct document_error *error)
{
    tmsize_t size = (tmsize_t)(page->stride * page->length);

    if (sink->pages >= UINT16_MAX)
        return document_fail(error, DOCUMENT_ERR_WRITE, "%s would have more than %d pages", sink->file.name,
                             UINT16_MAX);
    set_page_tags(sink, page->width, page->length, page->x_resolution, page->y_resolution);
    return page_done(sink, TIFFWriteEncodedStrip(sink->file.tiff, 0, page->bits, size) == size, error);
}

bool document_sink_can_copy(TIFF *source)
{
    uint32_t width = 0;
    uint16_t compression = 0, photometric = 0, bits = 0, samples = 0, fill_order = 0, unit = 0;
    float x_resolution = 0, y_resolution = 0;

    TIFFGetField(source, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetFieldDefaulted(source, TIFFTAG_COMPRESSION, &compression);
    TIFFGetField(source, TIFFTAG_PHOTOMETRIC, &photometric);
    TIFFGetFieldDefaulted(source, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(source, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(source, TIFFTAG_FILLORDER, &fill_order);
    TIFFGetFieldDefaulted(source, TIFFTAG_RESOLUTIONUNIT, &unit);
    return width == DOCUMENT_FAX_WIDTH && compression == COMPRESSION_CCITTFAX4 &&
           photometric == PHOTOMETRIC_MINISWHITE && bits == 1 && samples == 1 && fill_order == FILLORDER_MSB2LSB &&
           unit == RESUNIT_INCH && TIFFGetField(source, TIFFTAG_XRESOLUTION, &x_resolution) &&
           TIFFGetField(source, TIFFTAG_YRESOLUTION, &y_resolution) && !TIFFIsTiled(source) &&
           TIFFNumberOfStrips(source) == 1;
}

enum document_status document_sink_copy(struct document_sink *sink, struct document_tiff_file *source,
                                        struct document_error *error)
{
    uint32_t width = 0, length = 0;
    float x_resolution = 0, y_resolution = 0;
    uint64_t size = TIFFGetStrileByteCount(source->tiff, 0);
    uint8_t *data;
    bool written;

    TIFFGetField(source->tiff, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(source->tiff, TIFFTAG_IMAGELENGTH, &length);
    TIFFGetField(source->tiff, TIFFTAG_XRESOLUTION, &x_resolution);
    TIFFGetField(source->tiff, TIFFTAG_YRESOLUTION, &y_resolution);
    if (size == 0 || size > (uint64_t)DOCUMENT_FAX_WIDTH * DOCUMENT_MAX_PAGE_ROWS)
        return document_fail(error, DOCUMENT_ERR_DAMAGED, "page %d of %s has a %llu-byte strip",
                             sink->pages + 1, source->name, (unsigned long long)size);
    data = malloc((size_t)size);
    if (!data)
        return document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory to copy a page of %s", source->name);
    if (TIFFReadRawStrip(source->tiff, 0, data, (tmsize_t)size) != (tmsize_t)size) {
        free(data);
        return document_fail(error, DOCUMENT_ERR_DAMAGED, "cannot read page %d of %s: %s", sink->pages + 1,
                             source->name, source->message[0] ? source->message : "short strip");
    }
    set_page_tags(sink, width, length, x_resolution, y_resolution);
    written = TIFFWriteRawStrip(sink->file.tiff, 0, data, (tmsize_t)size) == (tmsize_t)size;
    free(data);
    return page_done(sink, written, error);
}

int document_sink_pages(const struct document_sink *sink)
{
    return sink->pages;
}

/* Makes the rename itself durable. */
static void sync_directory(const char *path)
{
    char *copy = strdup(path);
    int fd;

    if (!copy)
        return;
    fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(copy);
}

enum document_status document_sink_commit(struct document_sink *sink, struct document_error *error)
{
    const char *name = document_file_name(sink->destination);
    bool flushed = TIFFFlush(sink->file.tiff) && fsync(TIFFFileno(sink->file.tiff)) == 0;
    enum document_status status = DOCUMENT_OK;

    document_tiff_close(&sink->file);
    if (!flushed)
        status = document_fail(error, DOCUMENT_ERR_WRITE, "cannot write %s: %s", name, strerror(errno));
    else if (rename(sink->temporary, sink->destination) != 0)
        status = document_fail(error, DOCUMENT_ERR_WRITE, "cannot replace %s: %s", name, strerror(errno));
    if (status == DOCUMENT_OK)
        sync_directory(sink->destination);
    else
        unlink(sink->temporary);
    release(sink);
    return status;
}

void document_sink_discard(struct document_sink *sink)
{
    if (!sink)
        return;
    document_tiff_close(&sink->file);
    unlink(sink->temporary);
    release(sink);
}
