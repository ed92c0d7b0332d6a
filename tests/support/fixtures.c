/* Writes the fax TIFF fixtures described in fixtures.h. */
#include "fixtures.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fax_loopback.h"
#include "faxtiff.h"
#include "tiffcraft.h"

#define STRIDE (FIXTURE_PAGE_WIDTH / 8)

/* A page with a frame, and page_number thick bars, so pages differ and compare meaningfully. */
uint8_t *fixture_page_rows(int page_number)
{
    uint8_t *rows = calloc(FIXTURE_PAGE_LENGTH, STRIDE);

    if (!rows)
        return NULL;
    for (int y = 0; y < FIXTURE_PAGE_LENGTH; y++) {
        uint8_t *row = rows + (size_t)y * STRIDE;
        if (y < 8 || y >= FIXTURE_PAGE_LENGTH - 8) {
            memset(row, 0xff, STRIDE);
            continue;
        }
        row[0] |= 0xff;
        row[STRIDE - 1] |= 0xff;
        for (int bar = 0; bar < page_number; bar++)
            if (y >= 100 + bar * 120 && y < 160 + bar * 120)
                memset(row + 20 + bar * 10, 0xff, 150 - bar * 10);
        if ((y / 4) % 16 == 0)   /* a dotted rule */
            for (int x = 30; x < STRIDE - 30; x += 2)
                row[x] = 0xaa;
    }
    return rows;
}

static char *join(const char *dir, const char *name)
{
    size_t length = strlen(dir) + strlen(name) + 2;
    char *path = malloc(length);
    snprintf(path, length, "%s/%s", dir, name);
    return path;
}

static int fail(const char *what, const char *why)
{
    fprintf(stderr, "make_fixtures: %s: %s\n", what, why);
    return -1;
}

static int write_windows(const char *dir, const char *name, enum faxtiff_generation generation,
                         const char *recipient_name)
{
    uint8_t *page1 = fixture_page_rows(1), *page2 = fixture_page_rows(2);
    struct faxtiff_page_image pages[2] = {
        { FIXTURE_PAGE_WIDTH, FIXTURE_PAGE_LENGTH, page1, 204, 196 },
        { FIXTURE_PAGE_WIDTH, FIXTURE_PAGE_LENGTH, page2, 204, 196 },
    };
    struct faxtiff_meta meta = {
        .generation = generation,
        .field = {
            [FAXTIFF_RECIPIENT_NAME] = recipient_name, [FAXTIFF_RECIPIENT_NUMBER] = FIXTURE_RECIPIENT_NUMBER,
            [FAXTIFF_SENDER_NAME] = FIXTURE_SENDER_NAME, [FAXTIFF_ROUTING] = FIXTURE_ROUTING,
            [FAXTIFF_CALLER_ID] = FIXTURE_CALLER_ID, [FAXTIFF_TSID] = FIXTURE_TSID, [FAXTIFF_CSID] = FIXTURE_CSID,
        },
        .has_receive_time = true,
        .receive_time = FIXTURE_RECEIVE_FILETIME,
        .software = "openfaxcom test fixture",
    };
    struct faxtiff_error error = { 0 };
    char *path = join(dir, name);
    enum faxtiff_status status = faxtiff_write_path(path, &meta, pages, 2, FAXTIFF_G4, &error);

    free(path);
    free(page1);
    free(page2);
    return status == FAXTIFF_OK ? 0 : fail(name, error.detail);
}

static void add_filetime_raw(struct tiffcraft *craft, uint16_t tag, uint16_t type, uint32_t count, size_t bytes)
{
    uint8_t value[8];
    for (int i = 0; i < 8; i++)
        value[i] = (uint8_t)(FIXTURE_RECEIVE_FILETIME >> (8 * i));
    tiffcraft_add_raw(craft, tag, type, count, value, bytes);
}

static void add_win2k_text(struct tiffcraft *craft)
{
    tiffcraft_add_ascii(craft, 40001, FIXTURE_RECIPIENT_NAME);
    tiffcraft_add_ascii(craft, 40002, FIXTURE_RECIPIENT_NUMBER);
    tiffcraft_add_ascii(craft, 40003, FIXTURE_SENDER_NAME);
    tiffcraft_add_ascii(craft, 40004, FIXTURE_ROUTING);
    tiffcraft_add_ascii(craft, 40005, FIXTURE_CALLER_ID);
    tiffcraft_add_ascii(craft, 40006, FIXTURE_TSID);
    tiffcraft_add_ascii(craft, 40007, FIXTURE_CSID);
}

static int save_craft(const char *dir, const char *name, struct tiffcraft *craft)
{
    char *path = join(dir, name);
    int rc = tiffcraft_write(craft, path);
    free(path);
    tiffcraft_free(craft);
    return rc ? fail(name, strerror(errno)) : 0;
}

static int save_bytes(const char *dir, const char *name, const void *data, size_t size)
{
    char *path = join(dir, name);
    int rc = tiffcraft_save(path, data, size);
    free(path);
    return rc ? fail(name, strerror(errno)) : 0;
}

/* Windows 2000 exactly: the time as SRATIONAL with a count of 8, pointing at 8 bytes. */
static int write_windows_raw(const char *dir)
{
    struct tiffcraft *craft = tiffcraft_new(false);
    tiffcraft_image(craft, FIXTURE_PAGE_WIDTH, 64, 1, false);
    add_win2k_text(craft);
    add_filetime_raw(craft, 40008, 10, 8, 8);
    return save_craft(dir, "windows-raw.tif", craft);
}

static int write_big_endian(const char *dir)
{
    struct tiffcraft *craft = tiffcraft_new(true);
    tiffcraft_image(craft, FIXTURE_PAGE_WIDTH, 64, 1, false);
    add_win2k_text(craft);
    /* the time as two 32-bit words in the file's byte order: low, then high */
    uint32_t words[2] = { (uint32_t)FIXTURE_RECEIVE_FILETIME, (uint32_t)(FIXTURE_RECEIVE_FILETIME >> 32) };
    tiffcraft_add(craft, 40008, 10, 1, words);
    return save_craft(dir, "bigendian.tif", craft);
}

/* What HylaFAX writes in a received fax: ImageDescription = the sender's TSI and a standard DateTime.
 * A stand-in built byte by byte: a real HylaFAX reception needs a modem line (see the service tests). */
static int write_hylafax_style(const char *dir)
{
    struct tiffcraft *craft = tiffcraft_new(false);
    tiffcraft_image(craft, FIXTURE_PAGE_WIDTH, 64, 1, false);
    tiffcraft_add_ascii(craft, 270, FIXTURE_HYLAFAX_TSI);
    tiffcraft_add_ascii(craft, 271, "spandsp");
    tiffcraft_add_ascii(craft, 305, "HylaFAX (tm) Version 6.0.7");
    tiffcraft_add_ascii(craft, 306, FIXTURE_HYLAFAX_DATETIME);
    return save_craft(dir, "hylafax.tif", craft);
}

static int write_plain(const char *dir)
{
    struct tiffcraft *craft = tiffcraft_new(false);
    uint32_t resolution[2] = { 204, 1 };
    tiffcraft_image(craft, FIXTURE_PAGE_WIDTH, 64, 1, false);
    tiffcraft_add(craft, 282, 5, 1, resolution);
    return save_craft(dir, "plain.tif", craft);
}

static int write_wrong_types(const char *dir)
{
    struct tiffcraft *craft = tiffcraft_new(false);
    uint16_t number = 42;
    uint32_t half_time = 12345;
    tiffcraft_image(craft, FIXTURE_PAGE_WIDTH, 64, 1, false);
    tiffcraft_add(craft, 40001, 3, 1, &number);       /* RecipientName as SHORT */
    tiffcraft_add(craft, 40008, 4, 1, &half_time);    /* a 4-byte "time" */
    tiffcraft_add_ascii(craft, 40006, FIXTURE_TSID);
    return save_craft(dir, "wrongtype.tif", craft);
}

static int write_odd_image(const char *dir, const char *name, uint16_t bits, bool tiled)
{
    struct tiffcraft *craft = tiffcraft_new(false);
    tiffcraft_image(craft, 64, 64, bits, tiled);
    add_win2k_text(craft);
    add_filetime_raw(craft, 40008, 10, 1, 8);
    return save_craft(dir, name, craft);
}

static int write_loop(const char *dir)
{
    struct tiffcraft *craft = tiffcraft_new(false);
    size_t size, ifd;
    uint8_t *data;
    int rc;

    tiffcraft_image(craft, FIXTURE_PAGE_WIDTH, 16, 1, false);
    data = tiffcraft_build(craft, true, &size, &ifd);
    tiffcraft_free(craft);
    /* the next-directory pointer after the entries points back at this directory */
    uint16_t entries = (uint16_t)(data[ifd] | data[ifd + 1] << 8);
    size_t next = ifd + 2 + 12u * entries;
    for (int i = 0; i < 4; i++)
        data[next + i] = (uint8_t)(ifd >> (8 * i));
    rc = save_bytes(dir, "loop.tif", data, size);
    free(data);
    return rc;
}

/* A file whose directory comes first, cut inside its image data. */
static int write_cut_image(const char *dir)
{
    struct tiffcraft *craft = tiffcraft_new(false);
    size_t size;
    uint8_t *data;
    int rc;

    tiffcraft_image(craft, FIXTURE_PAGE_WIDTH, 64, 1, false);
    add_win2k_text(craft);
    data = tiffcraft_build(craft, false, &size, NULL);
    tiffcraft_free(craft);
    rc = save_bytes(dir, "truncated-image.tif", data, size - 100);
    free(data);
    return rc;
}

static int write_truncated(const char *dir)
{
    char *path = join(dir, "win2k.tif");
    FILE *f = fopen(path, "rb");
    static uint8_t data[1 << 20];
    size_t size = f ? fread(data, 1, sizeof(data), f) : 0;

    free(path);
    if (f)
        fclose(f);
    if (size < 100)
        return fail("truncated.tif", "win2k.tif is missing");
    return save_bytes(dir, "truncated.tif", data, size / 2);
}

static int write_big_tag(const char *dir)
{
    char *name = malloc(FIXTURE_BIG_TAG_LENGTH + 1);
    int rc;

    for (int i = 0; i < FIXTURE_BIG_TAG_LENGTH; i++)
        name[i] = (char)('A' + i % 26);
    name[FIXTURE_BIG_TAG_LENGTH] = 0;
    rc = write_windows(dir, "bigtag.tif", FAXTIFF_GEN_WIN2K, name);
    free(name);
    return rc;
}

/* A copy under a name outside every ANSI code page, for the script clients. */
static int write_unicode_name(const char *dir)
{
    size_t size;
    char *path = join(dir, "win2k.tif");
    FILE *f = fopen(path, "rb");
    static uint8_t data[1 << 20];

    size = f ? fread(data, 1, sizeof(data), f) : 0;
    if (f)
        fclose(f);
    free(path);
    return save_bytes(dir, FIXTURE_UNICODE_NAME, data, size);
}

/* A real reception: win2k.tif sent through a spandsp T.30 call, received into a file spandsp writes. */
static int write_spandsp_received(const char *dir)
{
    char *tx = join(dir, "win2k.tif"), *rx = join(dir, "spandsp.tif");
    struct fax_loopback_options options = {
        .tx_ident = FIXTURE_TSID, .rx_ident = FIXTURE_CSID, .sub_address = FIXTURE_SPANDSP_SUBADDRESS, .ecm = true,
    };
    struct fax_loopback_result result;
    int rc = fax_loopback_send(tx, rx, &options, &result);

    free(tx);
    free(rx);
    return rc ? fail("spandsp.tif", result.message) : 0;
}

int make_fixtures(const char *dir)
{
    char *folder = join(dir, "folder.tif");
    int rc = mkdir(folder, 0755) && errno != EEXIST ? fail("folder.tif", strerror(errno)) : 0;

    free(folder);
    if (rc || write_windows(dir, "win2k.tif", FAXTIFF_GEN_WIN2K, FIXTURE_RECIPIENT_NAME)
        || write_windows(dir, "xp.tif", FAXTIFF_GEN_XP, FIXTURE_RECIPIENT_NAME) || write_windows_raw(dir)
        || write_big_endian(dir) || write_hylafax_style(dir) || write_plain(dir) || write_wrong_types(dir)
        || write_odd_image(dir, "tiled.tif", 1, true) || write_odd_image(dir, "gray.tif", 8, false)
        || write_loop(dir) || write_cut_image(dir) || write_truncated(dir) || write_big_tag(dir)
        || write_spandsp_received(dir) || write_unicode_name(dir) || save_bytes(dir, "notiff.tif", "This is not a TIFF file.\r\n", 26)
        || save_bytes(dir, "empty.tif", "", 0))
        return -1;
    return 0;
}
