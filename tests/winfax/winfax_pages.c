/*
 * winfax_pages.exe FIXTURES SERVER HOLD: FaxGetPageData of queued jobs on the holding faxd (its lines do
 * not send, so the jobs have never been attempted). A two-page text job's page data is its first page:
 * the same bytes as a one-page job of that page's words, not those of its second page; likewise a
 * two-page TIFF written here. The buffer is a one-page TIFF, 1728 pixels wide, freed with FaxFreeBuffer.
 * Prints "N passed, M failed".
 */
#define UNICODE
#define _UNICODE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "winfax.h"
#include "check.h"

struct page_data {
    BYTE *bytes;
    DWORD size, width, height;
};

static void write_file(const WCHAR *path, const void *data, DWORD size)
{
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written;
    WriteFile(file, data, size, &written, NULL);
    CloseHandle(file);
}

static void put16(BYTE *at, unsigned value) { at[0] = (BYTE)value; at[1] = (BYTE)(value >> 8); }
static void put32(BYTE *at, DWORD value) { put16(at, value & 0xffff); put16(at + 2, value >> 16); }

/* A little-endian TIFF of uncompressed 1-bit pages, 1728 x 100 at fax resolution, each page one byte
 * pattern repeated: a client's own scan, as faxd gets it. Returns its size. */
static DWORD bilevel_tiff(BYTE *out, const BYTE *patterns, int count)
{
    enum { WIDTH = 1728, LENGTH = 100, STRIP = WIDTH / 8 * LENGTH, ENTRIES = 12 };
    DWORD at = 8, link = 4;

    memcpy(out, "II*\0", 4);
    for (int page = 0; page < count; page++) {
        DWORD strip = at, resolution;
        memset(out + at, patterns[page], STRIP);
        at += STRIP;
        resolution = at;
        put32(out + at, 204), put32(out + at + 4, 1), put32(out + at + 8, 196), put32(out + at + 12, 1);
        at += 16;
        put32(out + link, at);
        const DWORD entries[ENTRIES][4] = {
            { 256, 4, 1, WIDTH }, { 257, 4, 1, LENGTH }, { 258, 3, 1, 1 }, { 259, 3, 1, 1 }, { 262, 3, 1, 0 },
            { 273, 4, 1, strip }, { 277, 3, 1, 1 }, { 278, 4, 1, LENGTH }, { 279, 4, 1, STRIP },
            { 282, 5, 1, resolution }, { 283, 5, 1, resolution + 8 }, { 296, 3, 1, 2 },
        };
        put16(out + at, ENTRIES);
        at += 2;
        for (int i = 0; i < ENTRIES; i++, at += 12) {
            put16(out + at, entries[i][0]), put16(out + at + 2, entries[i][1]), put32(out + at + 4, entries[i][2]);
            put32(out + at + 8, 0);
            if (entries[i][1] == 3)
                put16(out + at + 8, entries[i][3]);
            else
                put32(out + at + 8, entries[i][3]);
        }
        link = at;
        put32(out + at, 0);
        at += 4;
    }
    return at;
}

static DWORD send_file(HANDLE hold, const WCHAR *path)
{
    FAX_JOB_PARAM job = { sizeof(job) };
    DWORD id = 0;

    job.RecipientNumber = L"1002";
    job.ScheduleAction = JSA_NOW;
    check(FaxSendDocument(hold, path, &job, NULL, &id) && id > 0, "FaxSendDocument (error %lu)", GetLastError());
    return id;
}

/* The page data of a file sent as a job of its own, checked for the shape every page has. */
static struct page_data page_of(HANDLE hold, const WCHAR *path, const char *what)
{
    struct page_data data = { 0 };
    DWORD id = send_file(hold, path);
    BOOL got = FaxGetPageData(hold, id, &data.bytes, &data.size, &data.width, &data.height);
    DWORD error = GetLastError();

    check(got && data.bytes && data.size > 8 && !memcmp(data.bytes, "II*\0", 4),
          "FaxGetPageData of %s: a TIFF (error %lu)", what, error);
    check(got && data.width == 1728 && data.height > 0, "%s: 1728 pixels wide (%lu x %lu)", what, data.width,
          data.height);
    if (got && data.size > 8) {
        DWORD ifd = data.bytes[4] | data.bytes[5] << 8 | data.bytes[6] << 16 | (DWORD)data.bytes[7] << 24;
        DWORD entries = ifd + 2 <= data.size ? (DWORD)(data.bytes[ifd] | data.bytes[ifd + 1] << 8) : 0;
        DWORD next = ifd + 2 + 12 * entries, following = next + 4 <= data.size
            ? data.bytes[next] | data.bytes[next + 1] << 8 | data.bytes[next + 2] << 16 | (DWORD)data.bytes[next + 3] << 24
            : 1;
        check(entries && !following, "%s: a single page", what);
    }
    return data;
}

static BOOL same(const struct page_data *a, const struct page_data *b)
{
    return a->bytes && b->bytes && a->size == b->size && !memcmp(a->bytes, b->bytes, a->size);
}

int main(int argc, char **argv)
{
    WCHAR hold_name[300], folder[MAX_PATH], both[MAX_PATH], one[MAX_PATH], two[MAX_PATH];
    HANDLE hold = NULL;
    static BYTE tiff[3 * 40000];
    static const BYTE stripes_dots[] = { 0xf0, 0x81 };

    if (argc < 4) {
        printf("usage: winfax_pages FIXTURES SERVER HOLDING-SERVER\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[3], -1, hold_name, ARRAYSIZE(hold_name));
    check(FaxConnectFaxServer(hold_name, &hold), "FaxConnectFaxServer (the holding faxd)");
    GetTempPathW(MAX_PATH, folder);

    static const char text_both[] = "Page one\r\n\fPage two\r\n", text_one[] = "Page one\r\n", text_two[] = "Page two\r\n";
    swprintf(both, MAX_PATH, L"%lspages-both.txt", folder);
    swprintf(one, MAX_PATH, L"%lspages-one.txt", folder);
    swprintf(two, MAX_PATH, L"%lspages-two.txt", folder);
    write_file(both, text_both, sizeof(text_both) - 1);
    write_file(one, text_one, sizeof(text_one) - 1);
    write_file(two, text_two, sizeof(text_two) - 1);
    struct page_data text[3] = { page_of(hold, both, "a two-page text job"), page_of(hold, one, "a text job of page one"),
                                 page_of(hold, two, "a text job of page two") };
    check(same(&text[0], &text[1]), "the two-page text's page data is its first page");
    check(!same(&text[0], &text[2]), "not its second");

    swprintf(both, MAX_PATH, L"%lspages-both.tif", folder);
    swprintf(one, MAX_PATH, L"%lspages-one.tif", folder);
    swprintf(two, MAX_PATH, L"%lspages-two.tif", folder);
    write_file(both, tiff, bilevel_tiff(tiff, stripes_dots, 2));
    write_file(one, tiff, bilevel_tiff(tiff, stripes_dots, 1));
    write_file(two, tiff, bilevel_tiff(tiff, stripes_dots + 1, 1));
    struct page_data image[3] = { page_of(hold, both, "a two-page TIFF job"), page_of(hold, one, "a TIFF job of page one"),
                                  page_of(hold, two, "a TIFF job of page two") };
    check(same(&image[0], &image[1]), "the two-page TIFF's page data is its first page");
    check(!same(&image[0], &image[2]), "not its second");

    for (int i = 0; i < 3; i++) {
        FaxFreeBuffer(text[i].bytes);
        FaxFreeBuffer(image[i].bytes);
    }
    BYTE *page = (BYTE *)1;
    DWORD size = 1, width = 1, height = 1;
    BOOL got = FaxGetPageData(hold, 999999, &page, &size, &width, &height);
    DWORD error = GetLastError();
    check(!got && error == ERROR_INVALID_PARAMETER && !page && !size, "FaxGetPageData of no job (error %lu)", error);
    DeleteFileW(both);
    DeleteFileW(one);
    DeleteFileW(two);
    swprintf(both, MAX_PATH, L"%lspages-both.txt", folder);
    swprintf(one, MAX_PATH, L"%lspages-one.txt", folder);
    swprintf(two, MAX_PATH, L"%lspages-two.txt", folder);
    DeleteFileW(both);
    DeleteFileW(one);
    DeleteFileW(two);
    FaxClose(hold);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
