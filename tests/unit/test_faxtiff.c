/*
 * Engine unit tests for fax TIFF reading and writing, run natively under ASan/UBSan and valgrind.
 * The fixtures are the same files the Wine tests read; one of them is a real spandsp reception.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <tiffio.h>
#include <unistd.h>

#include "check.h"
#include "faxtiff.h"
#include "fixtures.h"
#include "tiffcraft.h"

static char fixture_dir[256];

static const char *fixture(const char *name)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", fixture_dir, name);
    return path;
}

static struct faxtiff *load(const char *name)
{
    struct faxtiff_error error = { 0 };
    struct faxtiff *tiff = NULL;
    enum faxtiff_status status = faxtiff_read_path(fixture(name), &tiff, &error);
    check(status == FAXTIFF_OK && tiff, "%s loads (%s: %s)", name, faxtiff_strerror(status), error.detail);
    return tiff;
}

static void expect_field(struct faxtiff *tiff, enum faxtiff_field field, const char *want, const char *what)
{
    struct faxtiff_error error = { 0 };
    char *text = NULL;
    enum faxtiff_status status = faxtiff_field_text(tiff, field, &text, &error);
    if (!want)
        check(status == FAXTIFF_ERR_ABSENT, "%s: field %d absent (status %d)", what, field, status);
    else
        check(status == FAXTIFF_OK && text && !strcmp(text, want), "%s: field %d = \"%s\", want \"%s\" (%s)", what,
              field, text ? text : "(null)", want, error.detail);
    free(text);
}

static void expect_tag_text(struct faxtiff *tiff, uint16_t tag, const char *want, const char *what)
{
    struct faxtiff_error error = { 0 };
    char *text = NULL;
    enum faxtiff_status status = faxtiff_tag_text(tiff, tag, &text, &error);
    check(status == FAXTIFF_OK && text && !strcmp(text, want), "%s: tag %u = \"%s\", want \"%s\" (%s)", what, tag,
          text ? text : "(null)", want, error.detail);
    free(text);
}

static void expect_time(struct faxtiff *tiff, uint64_t want, const char *what)
{
    uint64_t filetime = 0;
    struct faxtiff_error error = { 0 };
    enum faxtiff_status status = faxtiff_receive_time(tiff, &filetime, &error);
    check(status == FAXTIFF_OK && filetime == want, "%s: receive time %llu, want %llu (%s)", what,
          (unsigned long long)filetime, (unsigned long long)want, error.detail);
}

static void expect_load_failure(const char *name, enum faxtiff_status want, const char *detail_part)
{
    struct faxtiff_error error = { 0 };
    struct faxtiff *tiff = NULL;
    enum faxtiff_status status = faxtiff_read_path(fixture(name), &tiff, &error);
    check(status == want && !tiff && strstr(error.detail, detail_part), "%s fails with %s \"%s\", got %s \"%s\"", name,
          faxtiff_strerror(want), detail_part, faxtiff_strerror(status), error.detail);
    faxtiff_free(tiff);
}

static const char *const all_fields[FAXTIFF_FIELD_COUNT] = {
    [FAXTIFF_RECIPIENT_NAME] = FIXTURE_RECIPIENT_NAME, [FAXTIFF_RECIPIENT_NUMBER] = FIXTURE_RECIPIENT_NUMBER,
    [FAXTIFF_SENDER_NAME] = FIXTURE_SENDER_NAME, [FAXTIFF_ROUTING] = FIXTURE_ROUTING,
    [FAXTIFF_CALLER_ID] = FIXTURE_CALLER_ID, [FAXTIFF_TSID] = FIXTURE_TSID, [FAXTIFF_CSID] = FIXTURE_CSID,
};

static void expect_all_fields(struct faxtiff *tiff, const char *what)
{
    for (int f = 0; f < FAXTIFF_FIELD_COUNT; f++)
        expect_field(tiff, (enum faxtiff_field)f, all_fields[f], what);
}

/* Decodes every page with libtiff and compares it with the page the fixtures drew. */
static void expect_pages_identical(const char *name, int pages)
{
    TIFF *tif = TIFFOpen(fixture(name), "r");
    int page = 0, rows_differing = 0;

    check(tif != NULL, "%s opens in libtiff", name);
    if (!tif)
        return;
    do {
        uint8_t *want = fixture_page_rows(page + 1), row[FIXTURE_PAGE_WIDTH / 8];
        uint32_t width = 0, length = 0;
        uint16_t photometric = 0;
        TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
        TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &length);
        TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
        check(width == FIXTURE_PAGE_WIDTH && length == FIXTURE_PAGE_LENGTH && photometric == PHOTOMETRIC_MINISWHITE,
              "%s page %d is %ux%u photometric %u", name, page + 1, width, length, photometric);
        for (uint32_t y = 0; y < length && y < FIXTURE_PAGE_LENGTH; y++)
            if (TIFFReadScanline(tif, row, y, 0) < 0 || memcmp(row, want + y * sizeof(row), sizeof(row)))
                rows_differing++;
        free(want);
        page++;
    } while (TIFFReadDirectory(tif));
    TIFFClose(tif);
    check(page == pages && rows_differing == 0, "%s: %d pages (want %d), %d rows differ from what was sent", name,
          page, pages, rows_differing);
}

static void test_windows_2000(void)
{
    struct faxtiff *tiff = load("win2k.tif");
    const struct faxtiff_entry *time_entry;

    if (!tiff)
        return;
    check(faxtiff_generation(tiff) == FAXTIFF_GEN_WIN2K, "win2k.tif is generation WIN2K");
    check(faxtiff_page_count(tiff) == 2, "win2k.tif has 2 pages");
    expect_all_fields(tiff, "win2k.tif");
    expect_time(tiff, FIXTURE_RECEIVE_FILETIME, "win2k.tif");
    time_entry = faxtiff_find(tiff, 40008);
    check(time_entry && time_entry->type == FAXTIFF_SRATIONAL && time_entry->count == 1,
          "win2k.tif stores the time as SRATIONAL[1] (the type Windows uses)");
    expect_tag_text(tiff, 40008, "133541212200000000", "win2k.tif");
    expect_tag_text(tiff, 256, "1728", "win2k.tif");
    expect_tag_text(tiff, 282, "204/1", "win2k.tif");
    expect_tag_text(tiff, 297, "0 2", "win2k.tif");
    check(faxtiff_page(tiff, 1) && faxtiff_page(tiff, 1)->y_resolution == 196, "page 2 is fine resolution");
    faxtiff_free(tiff);
    expect_pages_identical("win2k.tif", 2);
}

static void test_windows_xp(void)
{
    struct faxtiff *tiff = load("xp.tif");

    if (!tiff)
        return;
    check(faxtiff_generation(tiff) == FAXTIFF_GEN_XP, "xp.tif is generation XP");
    expect_all_fields(tiff, "xp.tif");
    expect_time(tiff, FIXTURE_RECEIVE_FILETIME, "xp.tif");
    expect_tag_text(tiff, 40001, FIXTURE_CSID, "xp.tif (40001 is the CSID in the XP set)");
    expect_tag_text(tiff, 40021, FIXTURE_SENDER_NAME, "xp.tif");
    expect_tag_text(tiff, 40052, "133541212200000000", "xp.tif");
    faxtiff_free(tiff);
}

static void test_windows_exact_encodings(void)
{
    struct faxtiff *tiff = load("windows-raw.tif");

    if (tiff) {
        const struct faxtiff_entry *entry = faxtiff_find(tiff, 40008);
        check(entry && entry->type == FAXTIFF_SRATIONAL && entry->count == 8, "windows-raw.tif has SRATIONAL[8]");
        expect_all_fields(tiff, "windows-raw.tif");
        expect_time(tiff, FIXTURE_RECEIVE_FILETIME, "windows-raw.tif");
        expect_tag_text(tiff, 40008, "133541212200000000", "windows-raw.tif");
        faxtiff_free(tiff);
    }
    tiff = load("bigendian.tif");
    if (tiff) {
        check(faxtiff_big_endian(tiff), "bigendian.tif is big-endian");
        expect_all_fields(tiff, "bigendian.tif");
        expect_time(tiff, FIXTURE_RECEIVE_FILETIME, "bigendian.tif");
        expect_tag_text(tiff, 256, "1728", "bigendian.tif");
        faxtiff_free(tiff);
    }
}

static void test_fallbacks(void)
{
    struct faxtiff *tiff = load("hylafax.tif");
    struct tm local = { .tm_year = 124, .tm_mon = 2, .tm_mday = 5, .tm_hour = 15, .tm_min = 7, .tm_isdst = -1 };

    if (tiff) {
        check(faxtiff_generation(tiff) == FAXTIFF_GEN_NONE, "hylafax.tif has no Windows tags");
        expect_field(tiff, FAXTIFF_TSID, FIXTURE_HYLAFAX_TSI, "hylafax.tif Tsid from ImageDescription");
        expect_field(tiff, FAXTIFF_CALLER_ID, NULL, "hylafax.tif");
        expect_field(tiff, FAXTIFF_RECIPIENT_NAME, NULL, "hylafax.tif");
        expect_time(tiff, faxtiff_filetime_from_unix(mktime(&local)), "hylafax.tif DateTime (local time)");
        faxtiff_free(tiff);
    }
    tiff = load("spandsp.tif");
    if (tiff) {
        uint64_t filetime = 0;
        int64_t now = time(NULL), when;
        check(faxtiff_generation(tiff) == FAXTIFF_GEN_NONE, "spandsp.tif has no Windows tags");
        check(faxtiff_page_count(tiff) == 2, "spandsp.tif received 2 pages");
        expect_field(tiff, FAXTIFF_TSID, FIXTURE_TSID, "spandsp.tif Tsid = the sender's TSI");
        expect_field(tiff, FAXTIFF_ROUTING, FIXTURE_SPANDSP_SUBADDRESS, "spandsp.tif Routing = the received SUB");
        check(faxtiff_receive_time(tiff, &filetime, NULL) == FAXTIFF_OK, "spandsp.tif DateTime ('/' separated) parses");
        when = faxtiff_unix_from_filetime(filetime);
        check(when > now - 86400 && when < now + 86400, "spandsp.tif was received today (%lld vs %lld)",
              (long long)when, (long long)now);
        faxtiff_free(tiff);
        expect_pages_identical("spandsp.tif", 2);
    }
    tiff = load("plain.tif");
    if (tiff) {
        for (int f = 0; f < FAXTIFF_FIELD_COUNT; f++)
            expect_field(tiff, (enum faxtiff_field)f, NULL, "plain.tif");
        uint64_t filetime;
        check(faxtiff_receive_time(tiff, &filetime, NULL) == FAXTIFF_ERR_ABSENT, "plain.tif has no time");
        expect_tag_text(tiff, 282, "204/1", "plain.tif");
        check(faxtiff_tag_text(tiff, 40001, &(char *){ NULL }, NULL) == FAXTIFF_ERR_ABSENT, "absent tag is ABSENT");
        faxtiff_free(tiff);
    }
}

static void test_bad_inputs(void)
{
    struct faxtiff_error error = { 0 };
    struct faxtiff *tiff = load("wrongtype.tif");
    char *text = NULL;
    uint64_t filetime;

    if (tiff) {
        check(faxtiff_field_text(tiff, FAXTIFF_RECIPIENT_NAME, &text, &error) == FAXTIFF_ERR_WRONG_TYPE
              && strstr(error.detail, "SHORT") && !text, "wrongtype.tif RecipientName: wrong type (%s)", error.detail);
        check(faxtiff_receive_time(tiff, &filetime, &error) == FAXTIFF_ERR_WRONG_TYPE && strstr(error.detail, "4 bytes"),
              "wrongtype.tif time: wrong size (%s)", error.detail);
        expect_tag_text(tiff, 40001, "42", "wrongtype.tif");
        expect_field(tiff, FAXTIFF_TSID, FIXTURE_TSID, "wrongtype.tif");
        faxtiff_free(tiff);
    }
    tiff = load("tiled.tif");
    if (tiff) {
        check(faxtiff_page(tiff, 0)->tiled, "tiled.tif is seen as tiled");
        expect_field(tiff, FAXTIFF_TSID, FIXTURE_TSID, "tiled.tif");
        faxtiff_free(tiff);
    }
    tiff = load("gray.tif");
    if (tiff) {
        check(faxtiff_page(tiff, 0)->bits_per_sample == 8, "gray.tif is 8 bits per sample");
        expect_field(tiff, FAXTIFF_CSID, FIXTURE_CSID, "gray.tif");
        faxtiff_free(tiff);
    }
    tiff = load("bigtag.tif");
    if (tiff) {
        check(faxtiff_field_text(tiff, FAXTIFF_RECIPIENT_NAME, &text, NULL) == FAXTIFF_OK && text
              && strlen(text) == FIXTURE_BIG_TAG_LENGTH && text[26] == 'A', "bigtag.tif: the 64 KB name reads whole");
        free(text);
        faxtiff_free(tiff);
    }
    expect_load_failure("loop.tif", FAXTIFF_ERR_CORRUPT, "loops");
    expect_load_failure("notiff.tif", FAXTIFF_ERR_NOT_TIFF, "TIFF header");
    expect_load_failure("empty.tif", FAXTIFF_ERR_NOT_TIFF, "0 bytes");
    expect_load_failure("truncated.tif", FAXTIFF_ERR_TRUNCATED, "past the end");
    expect_load_failure("truncated-image.tif", FAXTIFF_ERR_TRUNCATED, "image data of page 1");
    expect_load_failure("folder.tif", FAXTIFF_ERR_OPEN, "folder");
    expect_load_failure("no-such-file.tif", FAXTIFF_ERR_OPEN, "No such file");
}

static uint8_t *slurp(const char *name, size_t *size)
{
    FILE *f = fopen(fixture(name), "rb");
    uint8_t *data = malloc(1 << 20);
    *size = f ? fread(data, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    return data;
}

/* A file cut short must either fail cleanly or, when only trailing tag values were lost, still read
 * every page and report each cut value as truncated; damaged bytes must never crash. */
static void test_every_cut_and_flip(const char *name)
{
    size_t size, accepted = 0, wrong = 0, crashed_never = 0, pages;
    uint8_t *data = slurp(name, &size);
    struct faxtiff *tiff;

    if (faxtiff_parse_memory(data, size, &tiff, NULL) != FAXTIFF_OK) {
        check(0, "%s loads from memory", name);
        free(data);
        return;
    }
    pages = faxtiff_page_count(tiff);
    faxtiff_free(tiff);
    for (size_t cut = 0; cut < size; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1);   /* exact-size copy: ASan sees any overread */
        memcpy(copy, data, cut);
        if (faxtiff_parse_memory(copy, cut, &tiff, NULL) == FAXTIFF_OK) {
            accepted++;
            if (faxtiff_page_count(tiff) != pages)
                wrong++;
            for (size_t i = 0; i < faxtiff_entry_count(tiff); i++) {
                const struct faxtiff_entry *entry = faxtiff_entry_at(tiff, i);
                char *text = NULL;
                if (entry->value_cut && faxtiff_tag_text(tiff, entry->tag, &text, NULL) != FAXTIFF_ERR_TRUNCATED)
                    wrong++;
                free(text);
            }
            faxtiff_free(tiff);
        }
        free(copy);
    }
    check(wrong == 0, "%s: %zu cut-short copies accepted, %zu of them misread", name, accepted, wrong);
    for (size_t at = 0; at < size; at += (at < 64 || at + 400 > size) ? 1 : 97) {
        static const uint8_t values[] = { 0x00, 0xff, 0x7f, 0x80, 0x01 };
        for (size_t v = 0; v < sizeof(values); v++) {
            uint8_t saved = data[at];
            char *text = NULL;
            data[at] = values[v];
            if (faxtiff_parse_memory(data, size, &tiff, NULL) == FAXTIFF_OK) {
                for (size_t i = 0; i < faxtiff_entry_count(tiff); i++) {
                    faxtiff_tag_text(tiff, faxtiff_entry_at(tiff, i)->tag, &text, NULL);
                    free(text);
                }
                faxtiff_free(tiff);
            }
            data[at] = saved;
            crashed_never++;
        }
    }
    check(crashed_never > 0, "%s: %zu damaged copies read without a crash", name, crashed_never);
    free(data);
}

static void test_formatting(bool big_endian)
{
    struct tiffcraft *craft = tiffcraft_new(big_endian);
    const char *order = big_endian ? "MM" : "II";
    uint8_t bytes[] = { 1, 2, 255 }, undefined[] = { 0, 9 };
    int8_t sbyte = -1;
    uint16_t shorts[] = { 1, 65535 };
    int16_t sshort = -2;
    uint32_t longs[] = { 4000000000u }, rational[] = { 1, 3 };
    int32_t slong = -3, srational[] = { -1, 3 };
    float f = 1.5f;
    double d = 2.25;
    struct faxtiff *tiff;
    size_t size;
    uint8_t *data;

    tiffcraft_image(craft, 1728, 8, 1, false);
    tiffcraft_add(craft, 50001, FAXTIFF_BYTE, 3, bytes);
    tiffcraft_add_raw(craft, 50002, FAXTIFF_ASCII, 6, "a\0\0b\0", 6);
    tiffcraft_add(craft, 50003, FAXTIFF_SHORT, 2, shorts);
    tiffcraft_add(craft, 50004, FAXTIFF_LONG, 1, longs);
    tiffcraft_add(craft, 50005, FAXTIFF_RATIONAL, 1, rational);
    tiffcraft_add(craft, 50006, FAXTIFF_SBYTE, 1, &sbyte);
    tiffcraft_add(craft, 50007, FAXTIFF_UNDEFINED, 2, undefined);
    tiffcraft_add(craft, 50008, FAXTIFF_SSHORT, 1, &sshort);
    tiffcraft_add(craft, 50009, FAXTIFF_SLONG, 1, &slong);
    tiffcraft_add(craft, 50010, FAXTIFF_SRATIONAL, 1, srational);
    tiffcraft_add(craft, 50011, FAXTIFF_FLOAT, 1, &f);
    tiffcraft_add(craft, 50012, FAXTIFF_DOUBLE, 1, &d);
    tiffcraft_add_raw(craft, 50013, 99, 1, "x", 1);
    /* the BigTIFF 8-byte integer types, stored in the file's byte order */
    static const uint64_t eight[] = { (1ull << 40) + 5, (uint64_t)-7, 9 };
    for (int k = 0; k < 3; k++) {
        uint8_t raw[8];
        for (int b = 0; b < 8; b++)
            raw[big_endian ? 7 - b : b] = (uint8_t)(eight[k] >> (8 * b));
        tiffcraft_add_raw(craft, (uint16_t)(50014 + k), (uint16_t)(FAXTIFF_LONG8 + k), 1, raw, 8);
    }
    data = tiffcraft_build(craft, true, &size, NULL);
    tiffcraft_free(craft);
    check(faxtiff_parse_memory(data, size, &tiff, NULL) == FAXTIFF_OK, "%s formatting file loads", order);
    if (tiff) {
        static const struct { uint16_t tag; const char *text; } want[] = {
            { 50001, "1 2 255" }, { 50002, "a; b" }, { 50003, "1 65535" }, { 50004, "4000000000" },
            { 50005, "1/3" }, { 50006, "-1" }, { 50007, "0 9" }, { 50008, "-2" }, { 50009, "-3" },
            { 50010, "-1/3" }, { 50011, "1.5" }, { 50012, "2.25" }, { 50014, "1099511627781" },
            { 50015, "-7" }, { 50016, "9" },
        };
        for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
            expect_tag_text(tiff, want[i].tag, want[i].text, order);
        struct faxtiff_error error = { 0 };
        char *text = NULL;
        check(faxtiff_tag_text(tiff, 50013, &text, &error) == FAXTIFF_ERR_WRONG_TYPE && strstr(error.detail, "99"),
              "%s: an unknown type is reported (%s)", order, error.detail);
        faxtiff_free(tiff);
    }
    free(data);
}

static void test_big_tiff(void)
{
    const char *path = fixture("bigtiff.tif");
    TIFF *tif = TIFFOpen(path, "w8");
    uint8_t row[216] = { 0xf0 };
    struct faxtiff *tiff = NULL;

    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, 1728);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, 4);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, "big remote");
    for (uint32_t y = 0; y < 4; y++)
        TIFFWriteScanline(tif, row, y, 0);
    TIFFClose(tif);
    check(faxtiff_read_path(path, &tiff, NULL) == FAXTIFF_OK, "a BigTIFF loads");
    if (tiff) {
        expect_tag_text(tiff, 256, "1728", "bigtiff.tif");
        expect_field(tiff, FAXTIFF_TSID, "big remote", "bigtiff.tif");
        faxtiff_free(tiff);
    }
}

static void test_writer_codecs(void)
{
    static const struct { enum faxtiff_compression compression; const char *name; } codecs[] = {
        { FAXTIFF_G3_1D, "g3-1d.tif" }, { FAXTIFF_G3_2D, "g3-2d.tif" }, { FAXTIFF_UNCOMPRESSED, "raw.tif" },
    };
    uint8_t *rows = fixture_page_rows(1);
    struct faxtiff_page_image page = { FIXTURE_PAGE_WIDTH, FIXTURE_PAGE_LENGTH, rows, 204, 196 };

    for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
        struct faxtiff_error error = { 0 };
        check(faxtiff_write_path(fixture(codecs[i].name), NULL, &page, 1, codecs[i].compression, &error) == FAXTIFF_OK,
              "write %s (%s)", codecs[i].name, error.detail);
        expect_pages_identical(codecs[i].name, 1);
    }
    free(rows);
    check(faxtiff_write_path(fixture("none.tif"), NULL, &page, 0, FAXTIFF_G4, NULL) == FAXTIFF_ERR_WRITE,
          "writing no pages is refused");
    check(faxtiff_write_path("/nonexistent-dir/x.tif", NULL, &page, 1, FAXTIFF_G4, NULL) == FAXTIFF_ERR_WRITE,
          "writing into a missing folder fails");
}

/* What the inbox does with a reception: same pages, Windows tags added. */
static void test_copy_with_meta(void)
{
    struct faxtiff_meta meta = {
        .generation = FAXTIFF_GEN_WIN2K,
        .field = { [FAXTIFF_TSID] = FIXTURE_TSID, [FAXTIFF_CSID] = FIXTURE_CSID, [FAXTIFF_ROUTING] = "4711",
                   [FAXTIFF_CALLER_ID] = FIXTURE_CALLER_ID, [FAXTIFF_RECIPIENT_NUMBER] = FIXTURE_CSID },
        .has_receive_time = true, .receive_time = FIXTURE_RECEIVE_FILETIME,
        .image_description = FIXTURE_TSID, .software = "faxd test",
    };
    struct faxtiff_error error = { 0 };
    char target[512];
    struct faxtiff *tiff = NULL;

    snprintf(target, sizeof(target), "%s", fixture("inbox-copy.tif"));
    check(faxtiff_copy_with_meta(fixture("spandsp.tif"), target, &meta, &error) == FAXTIFF_OK, "copy with tags (%s)",
          error.detail);
    check(faxtiff_read_path(target, &tiff, NULL) == FAXTIFF_OK, "the copy loads");
    if (tiff) {
        check(faxtiff_generation(tiff) == FAXTIFF_GEN_WIN2K && faxtiff_page_count(tiff) == 2, "WIN2K tags, 2 pages");
        expect_field(tiff, FAXTIFF_TSID, FIXTURE_TSID, "copy");
        expect_field(tiff, FAXTIFF_ROUTING, "4711", "copy");
        expect_field(tiff, FAXTIFF_CALLER_ID, FIXTURE_CALLER_ID, "copy");
        expect_field(tiff, FAXTIFF_SENDER_NAME, NULL, "copy");
        expect_time(tiff, FIXTURE_RECEIVE_FILETIME, "copy");
        faxtiff_free(tiff);
    }
    expect_pages_identical("inbox-copy.tif", 2);
    check(faxtiff_copy_with_meta(fixture("no-such.tif"), target, &meta, NULL) == FAXTIFF_ERR_OPEN, "missing input");
}

static void test_misc(void)
{
    for (int s = FAXTIFF_OK; s <= FAXTIFF_ERR_WRITE; s++)
        check(strlen(faxtiff_strerror((enum faxtiff_status)s)) > 5, "strerror(%d) says something", s);
    check(faxtiff_unix_from_filetime(FIXTURE_RECEIVE_FILETIME) == FIXTURE_RECEIVE_UNIX, "FILETIME -> unix");
    check(faxtiff_filetime_from_unix(FIXTURE_RECEIVE_UNIX) == FIXTURE_RECEIVE_FILETIME, "unix -> FILETIME");
    check(faxtiff_field_tag(FAXTIFF_GEN_XP, FAXTIFF_SENDER_NAME) == 40021, "XP SenderName tag");
    check(faxtiff_time_tag(FAXTIFF_GEN_NONE) == 0, "no time tag without Windows tags");
}

static void quiet(const char *module, const char *format, va_list args)
{
    (void)module, (void)format, (void)args;
}

int main(void)
{
    char template[] = "/tmp/faxtiff-test-XXXXXX";

    setenv("TZ", "UTC", 1);
    tzset();
    TIFFSetWarningHandler(quiet);
    TIFFSetErrorHandler(quiet);
    if (!mkdtemp(template) || make_fixtures(template)) {
        printf("cannot make fixtures\n0 passed, 1 failed\n");
        return 1;
    }
    snprintf(fixture_dir, sizeof(fixture_dir), "%s", template);

    test_windows_2000();
    test_windows_xp();
    test_windows_exact_encodings();
    test_fallbacks();
    test_bad_inputs();
    test_every_cut_and_flip("windows-raw.tif");
    test_every_cut_and_flip("bigendian.tif");
    test_every_cut_and_flip("spandsp.tif");
    test_formatting(false);
    test_formatting(true);
    test_big_tiff();
    test_writer_codecs();
    test_copy_with_meta();
    test_misc();

    char command[300];
    snprintf(command, sizeof(command), "rm -rf '%s'", fixture_dir);
    if (system(command) != 0)
        printf("note: could not remove %s\n", fixture_dir);
    printf("engine faxtiff: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
