/*
 * Baseline for faxd's CPU per faxed page: the same T.30 call with spandsp alone, two audio endpoints
 * back to back in one thread (tests/support/fax_loopback.c), no service around it.
 *   bench_faxcall make-tiff SOURCE.tif OUT.tif PAGES
 *       writes PAGES fine G4 pages, 1728 wide, each SOURCE's first two pages stacked (so a page is about
 *       as long as a letter/A4 page: 2 x 1100 rows of win2k.tif = 2200 rows at 196 lpi)
 *   bench_faxcall call TX.tif RX.tif ROUNDS
 *       sends TX.tif ROUNDS times (ECM on and all modems, as faxd's lines by default; idents 1001/1002)
 *       and prints the CPU (user+sys, getrusage) of each call; the last line is machine-readable:
 *       "cpu-per-call SECONDS PAGES", the mean over the calls after the first (a warm-up)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <tiffio.h>

#include "fax_loopback.h"

static double cpu_seconds(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads page `page` of source as packed 1-bit rows (MINISWHITE, 0 = white). */
static unsigned char *read_page(TIFF *in, int page, uint32_t *width, uint32_t *rows)
{
    uint16_t photometric = PHOTOMETRIC_MINISWHITE;
    if (!TIFFSetDirectory(in, (tdir_t)page))
        return NULL;
    TIFFGetField(in, TIFFTAG_IMAGEWIDTH, width);
    TIFFGetField(in, TIFFTAG_IMAGELENGTH, rows);
    TIFFGetFieldDefaulted(in, TIFFTAG_PHOTOMETRIC, &photometric);
    tmsize_t line = TIFFScanlineSize(in);
    unsigned char *image = calloc(*rows, (size_t)line);
    if (!image)
        return NULL;
    for (uint32_t r = 0; r < *rows; r++)
        if (TIFFReadScanline(in, image + (size_t)r * line, r, 0) < 0) {
            free(image);
            return NULL;
        }
    if (photometric == PHOTOMETRIC_MINISBLACK)
        for (size_t i = 0; i < (size_t)*rows * line; i++)
            image[i] = (unsigned char)~image[i];
    return image;
}

static int make_tiff(const char *source, const char *target, int pages)
{
    TIFF *in = TIFFOpen(source, "r");
    uint32_t width[2], rows[2];
    unsigned char *image[2] = { NULL, NULL };
    int status = 1;

    if (!in) {
        fprintf(stderr, "cannot read %s\n", source);
        return 1;
    }
    for (int p = 0; p < 2; p++)
        if (!(image[p] = read_page(in, TIFFNumberOfDirectories(in) > 1 ? p : 0, &width[p], &rows[p]))) {
            fprintf(stderr, "cannot read page %d of %s\n", p + 1, source);
            goto out;
        }
    if (width[0] != 1728 || width[1] != 1728) {
        fprintf(stderr, "%s: pages must be 1728 wide\n", source);
        goto out;
    }
    TIFF *out = TIFFOpen(target, "w");
    if (!out)
        goto out;
    uint32_t length = rows[0] + rows[1];
    for (int page = 0; page < pages; page++) {
        TIFFSetField(out, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        TIFFSetField(out, TIFFTAG_IMAGEWIDTH, 1728);
        TIFFSetField(out, TIFFTAG_IMAGELENGTH, length);
        TIFFSetField(out, TIFFTAG_BITSPERSAMPLE, 1);
        TIFFSetField(out, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(out, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
        TIFFSetField(out, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
        TIFFSetField(out, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
        TIFFSetField(out, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(out, TIFFTAG_ROWSPERSTRIP, length);
        TIFFSetField(out, TIFFTAG_XRESOLUTION, 204.0);
        TIFFSetField(out, TIFFTAG_YRESOLUTION, 196.0);
        TIFFSetField(out, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
        TIFFSetField(out, TIFFTAG_PAGENUMBER, page, pages);
        TIFFSetField(out, TIFFTAG_SOFTWARE, "openfaxcom bench");
        uint32_t row = 0;
        for (int half = 0; half < 2; half++)
            for (uint32_t r = 0; r < rows[half]; r++, row++)
                if (TIFFWriteScanline(out, image[half] + (size_t)r * 216, row, 0) < 0) {
                    TIFFClose(out);
                    goto out;
                }
        TIFFWriteDirectory(out);
    }
    TIFFClose(out);
    status = 0;
out:
    free(image[0]);
    free(image[1]);
    TIFFClose(in);
    return status;
}

static int calls(const char *tx, const char *rx, int rounds)
{
    struct fax_loopback_options options = { .tx_ident = "1001", .rx_ident = "1002", .ecm = true };
    double total = 0;
    int pages = 0;

    for (int round = 0; round < rounds; round++) {
        struct fax_loopback_result result;
        double cpu = cpu_seconds(), wall = wall_seconds();
        int rc = fax_loopback_send(tx, rx, &options, &result);
        cpu = cpu_seconds() - cpu;
        wall = wall_seconds() - wall;
        if (rc != 0) {
            fprintf(stderr, "call failed: %s\n", result.message);
            return 1;
        }
        pages = result.pages_sent;
        printf("call %d: %d pages at %d bit/s, %.3f s CPU (%.3f s wall)\n", round + 1, pages, result.bit_rate, cpu,
               wall);
        if (round > 0 || rounds == 1)   /* the first call is a warm-up */
            total += cpu;
    }
    printf("cpu-per-call %.4f %d\n", total / (rounds > 1 ? rounds - 1 : 1), pages);
    return 0;
}

static void quiet(const char *module, const char *format, va_list args)
{
    (void)module, (void)format, (void)args;
}

int main(int argc, char **argv)
{
    TIFFSetWarningHandler(quiet);
    if (argc == 5 && !strcmp(argv[1], "make-tiff"))
        return make_tiff(argv[2], argv[3], atoi(argv[4]));
    if (argc == 5 && !strcmp(argv[1], "call"))
        return calls(argv[2], argv[3], atoi(argv[4]));
    fprintf(stderr, "usage: bench_faxcall make-tiff SOURCE.tif OUT.tif PAGES | call TX.tif RX.tif ROUNDS\n");
    return 2;
}
