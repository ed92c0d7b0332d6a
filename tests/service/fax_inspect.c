/*
 * Test tool for the service tests:
 *   fax_inspect compare SENT.tif RECEIVED.tif   pages decoded and compared pixel for pixel; a header
 *                                              line spandsp adds on top (when branding) is skipped
 *   fax_inspect tags FILE.tif                  the values FaxTiff would show, one "name=value" a line
 *   fax_inspect ink FILE.tif ROWS              black pixels in the top ROWS rows of each page
 *   fax_inspect png FILE.tif OUT.png           page 1 as a PNG (1 bit; normal-resolution rows doubled)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <zlib.h>

#include "faxtiff.h"

static uint8_t *page_rows(TIFF *tif, uint32_t *width, uint32_t *length)
{
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, length);
    size_t stride = (*width + 7) / 8;
    uint8_t *rows = malloc(stride * *length);
    uint16_t photometric = PHOTOMETRIC_MINISWHITE;
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
    for (uint32_t y = 0; rows && y < *length; y++) {
        if (TIFFReadScanline(tif, rows + y * stride, y, 0) < 0) {
            free(rows);
            return NULL;
        }
        if (photometric == PHOTOMETRIC_MINISBLACK)
            for (size_t x = 0; x < stride; x++)
                rows[y * stride + x] ^= 0xff;
    }
    return rows;
}

static int compare(const char *sent_path, const char *received_path)
{
    TIFF *sent = TIFFOpen(sent_path, "r"), *received = TIFFOpen(received_path, "r");
    int page = 0, differing_pages = 0;

    if (!sent || !received) {
        printf("cannot open %s\n", sent ? received_path : sent_path);
        return 1;
    }
    do {
        uint32_t w1, l1, w2, l2;
        uint8_t *a = page_rows(sent, &w1, &l1), *b = page_rows(received, &w2, &l2);
        page++;
        if (!a || !b || w1 != w2 || l2 < l1) {
            printf("page %d: sent %ux%u, received %ux%u\n", page, w1, l1, w2, l2);
            differing_pages++;
        } else {
            size_t stride = (w1 + 7) / 8, skip = (size_t)(l2 - l1);   /* an added header on top */
            size_t rows_differing = 0;
            for (uint32_t y = 0; y < l1; y++)
                rows_differing += memcmp(a + y * stride, b + (y + skip) * stride, stride) != 0;
            if (rows_differing) {
                printf("page %d: %zu of %u rows differ\n", page, rows_differing, l1);
                differing_pages++;
            }
        }
        free(a);
        free(b);
        if (TIFFReadDirectory(sent) != TIFFReadDirectory(received)) {
            printf("the page counts differ (after page %d)\n", page);
            differing_pages++;
            break;
        }
    } while (TIFFCurrentDirectory(sent) == (tdir_t)page);
    TIFFClose(sent);
    TIFFClose(received);
    if (!differing_pages)
        printf("%d page(s) identical\n", page);
    return differing_pages ? 1 : 0;
}

static int tags(const char *path)
{
    static const char *const names[FAXTIFF_FIELD_COUNT] = {
        "RecipientName", "RecipientNumber", "SenderName", "Routing", "CallerId", "Tsid", "Csid",
    };
    struct faxtiff *tiff;
    struct faxtiff_error error = { 0 };
    uint64_t filetime;

    if (faxtiff_read_path(path, &tiff, &error) != FAXTIFF_OK) {
        printf("error=%s\n", error.detail);
        return 1;
    }
    printf("generation=%s\npages=%zu\n", faxtiff_generation(tiff) == FAXTIFF_GEN_WIN2K ? "win2k"
                                         : faxtiff_generation(tiff) == FAXTIFF_GEN_XP ? "xp" : "none",
           faxtiff_page_count(tiff));
    for (int f = 0; f < FAXTIFF_FIELD_COUNT; f++) {
        char *text = NULL;
        if (faxtiff_field_text(tiff, (enum faxtiff_field)f, &text, NULL) == FAXTIFF_OK)
            printf("%s=%s\n", names[f], text);
        free(text);
    }
    if (faxtiff_receive_time(tiff, &filetime, NULL) == FAXTIFF_OK)
        printf("ReceiveTime=%lld\n", (long long)faxtiff_unix_from_filetime(filetime));
    faxtiff_free(tiff);
    return 0;
}

static int ink(const char *path, int rows)
{
    TIFF *tif = TIFFOpen(path, "r");
    int page = 0;

    if (!tif)
        return 1;
    do {
        uint32_t width, length;
        uint8_t *data = page_rows(tif, &width, &length);
        long black = 0;
        for (uint32_t y = 0; data && y < (uint32_t)rows && y < length; y++)
            for (uint32_t x = 0; x < (width + 7) / 8; x++)
                black += __builtin_popcount(data[y * ((width + 7) / 8) + x]);
        printf("page %d: %ld\n", ++page, black);
        free(data);
    } while (TIFFReadDirectory(tif));
    TIFFClose(tif);
    return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static void chunk(FILE *out, const char *type, const uint8_t *data, uint32_t length)
{
    uint8_t head[8];
    put32(head, length);
    memcpy(head + 4, type, 4);
    fwrite(head, 1, 8, out);
    fwrite(data, 1, length, out);
    uint32_t crc = (uint32_t)crc32(crc32(0, (const Bytef *)type, 4), data, length);
    put32(head, crc);
    fwrite(head, 1, 4, out);
}

/* Fine fax pages (204 x 196 dpi) have nearly square pixels; normal ones (204 x 98) get each row twice. */
static int png(const char *path, const char *output)
{
    TIFF *tif = TIFFOpen(path, "r");
    uint32_t width, length;
    float y_resolution = 196;
    uint8_t *rows = tif ? page_rows(tif, &width, &length) : NULL;
    FILE *out = rows ? fopen(output, "wb") : NULL;

    if (!out) {
        printf("cannot convert %s\n", path);
        return 1;
    }
    TIFFGetField(tif, TIFFTAG_YRESOLUTION, &y_resolution);
    uint32_t repeat = y_resolution < 150 ? 2 : 1, height = length * repeat;
    uint32_t stride = (width + 7) / 8, raw_size = (stride + 1) * height;
    uint8_t *raw = calloc(1, raw_size), header[13];
    for (uint32_t y = 0; y < height; y++)
        for (uint32_t x = 0; x < stride; x++)   /* PNG gray 1 bit: 1 = white, the inverse of the fax */
            raw[y * (stride + 1) + 1 + x] = (uint8_t)~rows[(y / repeat) * stride + x];
    uLongf packed_size = compressBound(raw_size);
    uint8_t *packed = malloc(packed_size);
    compress2(packed, &packed_size, raw, raw_size, 9);
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, out);
    put32(header, width);
    put32(header + 4, height);
    memcpy(header + 8, "\x01\x00\x00\x00\x00", 5);   /* 1 bit, grayscale */
    chunk(out, "IHDR", header, 13);
    chunk(out, "IDAT", packed, (uint32_t)packed_size);
    chunk(out, "IEND", NULL, 0);
    fclose(out);
    free(raw);
    free(packed);
    free(rows);
    TIFFClose(tif);
    printf("wrote %s (%ux%u)\n", output, width, height);
    return 0;
}

int main(int argc, char **argv)
{
    TIFFSetWarningHandler(NULL);
    if (argc == 4 && !strcmp(argv[1], "png"))
        return png(argv[2], argv[3]);
    if (argc == 4 && !strcmp(argv[1], "ink"))
        return ink(argv[2], atoi(argv[3]));
    TIFFSetWarningHandler(NULL);
    if (argc == 4 && !strcmp(argv[1], "compare"))
        return compare(argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "tags"))
        return tags(argv[2]);
    fprintf(stderr, "usage: fax_inspect compare SENT RECEIVED | fax_inspect tags FILE\n");
    return 2;
}
