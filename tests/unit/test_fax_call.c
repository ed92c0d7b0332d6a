/*
 * Engine tests for fax calls and loopback lines: real T.30 calls through spandsp between lines of a
 * loopback exchange, with TIFFs made here by libtiff. The story: line 1001 faxes two fine pages to
 * 1002 and they arrive bit for bit; then ECM off, V.27ter only, a page header, wrong numbers, busy and
 * silent lines, documents refused before dialing, a job killed mid-call, two calls at once, a real-time
 * call, the time limit and shutting the exchange down in the middle of a call.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tiffio.h>

#include "check.h"

#include "fax_call.h"
#include "line.h"

static char temp_dir[256];

static const char *temp_path(const char *name)
{
    static char path[4][512];
    static int next;
    char *slot = path[next++ % 4];
    snprintf(slot, sizeof path[0], "%s/%s", temp_dir, name);
    return slot;
}

/* How long a test waits for a call to reach a state before it calls the call hung, as the service
   tests do. Only a hung call gets near it: a fast call takes well under a second, a slow or loaded
   machine (valgrind, qemu) some tens. */
enum { HANG_GUARD_SECONDS = 300 };

static double now_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) now.tv_sec + now.tv_nsec / 1e9;
}

/* ---- pages: drawn here, written and read with libtiff ---- */

struct image {
    uint32_t width, length;
    uint8_t *rows;   /* 1 = black, MSB first */
};

static size_t stride(const struct image *image)
{
    return (image->width + 7) / 8;
}

static void set_pixel(struct image *image, uint32_t x, uint32_t y)
{
    image->rows[y * stride(image) + x / 8] |= (uint8_t) (0x80 >> (x % 8));
}

/* A page of "text": lines of pseudo-random 10 x 24 glyphs, different for each seed. */
static struct image draw_page(uint32_t width, uint32_t length, unsigned seed, int text_lines)
{
    struct image image = { width, length, NULL };
    image.rows = calloc(length, stride(&image));
    for (int line = 0; line < text_lines; line++) {
        uint32_t top = 120 + (uint32_t) line * 60;
        for (uint32_t x = 120; x + 12 < width - 120 && top + 24 < length; x += 14) {
            uint32_t glyph = (seed * 2654435761u) ^ (x * 40503u) ^ ((uint32_t) line * 97u);
            glyph *= 2246822519u;
            glyph ^= glyph >> 13;
            if (glyph % 7 == 0)
                continue;   /* a space */
            for (uint32_t cell = 0; cell < 30; cell++)
                if (glyph >> (cell % 31) & 1)
                    for (uint32_t dy = 0; dy < 4; dy++)
                        for (uint32_t dx = 0; dx < 2; dx++)
                            set_pixel(&image, x + (cell % 5) * 2 + dx, top + (cell / 5) * 4 + dy);
        }
    }
    return image;
}

enum layout { STRIPS_G4, TILES, GRAY8, NO_RESOLUTION };

static bool write_tiff(const char *path, const struct image *pages, int count, enum layout layout)
{
    TIFF *tiff = TIFFOpen(path, "w");
    if (tiff == NULL)
        return false;
    bool ok = true;
    for (int p = 0; p < count && ok; p++) {
        const struct image *page = &pages[p];
        TIFFSetField(tiff, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, page->width);
        TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, page->length);
        TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, layout == GRAY8 ? 8 : 1);
        TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, layout == GRAY8 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_MINISWHITE);
        TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tiff, TIFFTAG_PAGENUMBER, p, count);
        if (layout != NO_RESOLUTION) {
            TIFFSetField(tiff, TIFFTAG_XRESOLUTION, 204.0f);
            TIFFSetField(tiff, TIFFTAG_YRESOLUTION, 196.0f);
            TIFFSetField(tiff, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
        }
        if (layout == TILES) {
            /* 256 x 256 tiles: byte-aligned, so a tile is a copy of row pieces. */
            uint8_t tile[256 * 32];
            TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
            TIFFSetField(tiff, TIFFTAG_TILEWIDTH, 256);
            TIFFSetField(tiff, TIFFTAG_TILELENGTH, 256);
            for (uint32_t y0 = 0; y0 < page->length && ok; y0 += 256)
                for (uint32_t x0 = 0; x0 < page->width && ok; x0 += 256) {
                    memset(tile, 0, sizeof tile);
                    for (uint32_t y = y0; y < y0 + 256 && y < page->length; y++)
                        for (uint32_t b = 0; b < 32 && x0 / 8 + b < stride(page); b++)
                            tile[(y - y0) * 32 + b] = page->rows[y * stride(page) + x0 / 8 + b];
                    ok = TIFFWriteTile(tiff, tile, x0, y0, 0, 0) >= 0;
                }
        } else if (layout == GRAY8) {
            uint8_t *row = malloc(page->width);
            TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
            TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, 64);
            for (uint32_t y = 0; y < page->length && ok; y++) {
                for (uint32_t x = 0; x < page->width; x++)
                    row[x] = page->rows[y * stride(page) + x / 8] & (0x80 >> (x % 8)) ? 0 : 255;
                ok = TIFFWriteScanline(tiff, row, y, 0) >= 0;
            }
            free(row);
        } else {
            TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
            TIFFSetField(tiff, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
            TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, page->length);
            for (uint32_t y = 0; y < page->length && ok; y++)
                ok = TIFFWriteScanline(tiff, page->rows + y * stride(page), y, 0) >= 0;
        }
        ok = ok && TIFFWriteDirectory(tiff);
    }
    TIFFClose(tiff);
    return ok;
}

/* Decodes up to max pages; returns how many. */
static int read_tiff(const char *path, struct image *pages, int max)
{
    TIFF *tiff = TIFFOpen(path, "r");
    if (tiff == NULL)
        return 0;
    int count = 0;
    do {
        struct image *page = &pages[count];
        uint16_t photometric = PHOTOMETRIC_MINISWHITE;
        TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &page->width);
        TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &page->length);
        TIFFGetField(tiff, TIFFTAG_PHOTOMETRIC, &photometric);
        page->rows = calloc(page->length, stride(page));
        for (uint32_t y = 0; y < page->length; y++) {
            uint8_t *row = page->rows + y * stride(page);
            if (TIFFReadScanline(tiff, row, y, 0) < 0)
                break;
            if (photometric == PHOTOMETRIC_MINISBLACK)
                for (size_t b = 0; b < stride(page); b++)
                    row[b] = (uint8_t) ~row[b];
        }
        count++;
    } while (count < max && TIFFReadDirectory(tiff));
    TIFFClose(tiff);
    return count;
}

/* Whether rows [from_a, from_a + count) of a equal rows [from_b, ...) of b. */
static bool same_rows(const struct image *a, uint32_t from_a, const struct image *b, uint32_t from_b, uint32_t count)
{
    return a->width == b->width && from_a + count <= a->length && from_b + count <= b->length &&
           memcmp(a->rows + from_a * stride(a), b->rows + from_b * stride(b), count * stride(a)) == 0;
}

static bool any_black(const struct image *image, uint32_t from, uint32_t count)
{
    for (size_t i = from * stride(image); i < (from + count) * stride(image); i++)
        if (image->rows[i] != 0)
            return true;
    return false;
}

static void free_images(struct image *images, int count)
{
    for (int i = 0; i < count; i++)
        free(images[i].rows);
}

/* The documents the tests send. */
static struct image two_pages[2];
static const char *two_page_tiff, *light_page_tiff;

static void make_documents(void)
{
    two_pages[0] = draw_page(1728, 2200, 1, 30);
    two_pages[1] = draw_page(1728, 2200, 2, 20);
    two_page_tiff = strdup(temp_path("two-fine-pages.tif"));
    check(write_tiff(two_page_tiff, two_pages, 2, STRIPS_G4), "write %s", two_page_tiff);

    struct image light = draw_page(1728, 600, 3, 6);
    light_page_tiff = strdup(temp_path("light-page.tif"));
    check(write_tiff(light_page_tiff, &light, 1, STRIPS_G4), "write %s", light_page_tiff);
    free_images(&light, 1);
}

/* ---- what a placed call reports (the scheduler's side) ---- */

struct recorder {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct fax_call_progress events[64];
    int event_count;
    int completions;
    enum line_status dial;
    struct fax_call_result result;
    int pause_after_page;   /* > 0: the worker waits at this PAGE_DONE until resumed (abort tests) */
    bool paused, resumed;
    int events_when_paused;
};

/* Recorders live as long as the program: a worker unlocks its recorder after its last callback, so a
   recorder on a test's stack could be destroyed while that unlock returns (allowed by POSIX, but a
   false alarm under helgrind). */
enum { RECORDERS = 32 };
static struct recorder recorders[RECORDERS];
static int recorders_used;

static struct recorder *new_recorder(void)
{
    if (recorders_used == RECORDERS) {
        printf("FAIL out of recorders\n");
        exit(1);
    }
    struct recorder *recorder = &recorders[recorders_used++];
    pthread_mutex_init(&recorder->lock, NULL);
    pthread_condattr_t monotonic;   /* waits measured on the monotonic clock: a clock change cannot cut them */
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init(&recorder->changed, &monotonic);
    pthread_condattr_destroy(&monotonic);
    return recorder;
}

static void record_progress(void *user_data, const struct fax_call_progress *progress)
{
    struct recorder *recorder = user_data;
    pthread_mutex_lock(&recorder->lock);
    if (recorder->event_count < 64)
        recorder->events[recorder->event_count++] = *progress;
    pthread_cond_broadcast(&recorder->changed);
    if (progress->end == FAX_CALL_SENDER && progress->phase == FAX_CALL_PAGE_DONE &&
        progress->page == recorder->pause_after_page) {
        recorder->paused = true;
        recorder->events_when_paused = recorder->event_count;
        pthread_cond_broadcast(&recorder->changed);
        while (!recorder->resumed)
            pthread_cond_wait(&recorder->changed, &recorder->lock);
    }
    pthread_mutex_unlock(&recorder->lock);
}

static void record_complete(void *user_data, enum line_status dial, const struct fax_call_result *result)
{
    struct recorder *recorder = user_data;
    pthread_mutex_lock(&recorder->lock);
    recorder->completions++;
    recorder->dial = dial;
    recorder->result = *result;
    pthread_cond_broadcast(&recorder->changed);
    pthread_mutex_unlock(&recorder->lock);
}

static int count_events(const struct recorder *recorder, enum fax_call_end end, enum fax_call_phase phase, int page);

/* What a wait waits for, looked at under the recorder's lock. */
struct awaited {
    const bool *flag;           /* true, or */
    const int *count;           /* above zero, or */
    enum fax_call_end end;      /* else: a progress event of this end and phase seen */
    int phase;
};

static bool reached(const struct recorder *recorder, const struct awaited *awaited)
{
    if (awaited->flag != NULL)
        return *awaited->flag;
    if (awaited->count != NULL)
        return *awaited->count > 0;
    return count_events(recorder, awaited->end, (enum fax_call_phase) awaited->phase, -1) > 0;
}

/* Waits until the awaited state, or HANG_GUARD_SECONDS: a bound only a hung call reaches. */
static bool wait_until(struct recorder *recorder, struct awaited awaited)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += HANG_GUARD_SECONDS;
    pthread_mutex_lock(&recorder->lock);
    while (!reached(recorder, &awaited))
        if (pthread_cond_timedwait(&recorder->changed, &recorder->lock, &until) != 0)
            break;
    bool done = reached(recorder, &awaited);
    pthread_mutex_unlock(&recorder->lock);
    return done;
}

static bool wait_complete(struct recorder *recorder)
{
    return wait_until(recorder, (struct awaited) { .count = &recorder->completions });
}

static bool wait_paused(struct recorder *recorder)
{
    return wait_until(recorder, (struct awaited) { .flag = &recorder->paused });
}

static bool wait_event(struct recorder *recorder, enum fax_call_end end, enum fax_call_phase phase)
{
    return wait_until(recorder, (struct awaited) { .end = end, .phase = (int) phase });
}

/* What a recorder has seen, for a failed wait's message: "3 events, last: training (page 1)". */
static const char *seen(struct recorder *recorder)
{
    static char text[80];
    pthread_mutex_lock(&recorder->lock);
    int count = recorder->event_count;
    if (count == 0)
        snprintf(text, sizeof text, "no event");
    else
        snprintf(text, sizeof text, "%d events, last: %s (page %d)", count,
                 fax_call_phase_name(recorder->events[count - 1].phase), recorder->events[count - 1].page);
    pthread_mutex_unlock(&recorder->lock);
    return text;
}

static void resume(struct recorder *recorder)
{
    pthread_mutex_lock(&recorder->lock);
    recorder->resumed = true;
    pthread_cond_broadcast(&recorder->changed);
    pthread_mutex_unlock(&recorder->lock);
}

static int count_events(const struct recorder *recorder, enum fax_call_end end, enum fax_call_phase phase, int page)
{
    int count = 0;
    for (int i = 0; i < recorder->event_count; i++)
        count += recorder->events[i].end == end && recorder->events[i].phase == phase &&
                 (page < 0 || recorder->events[i].page == page);
    return count;
}

static struct fax_call_observer observer_of(struct recorder *recorder)
{
    return (struct fax_call_observer) { recorder, record_progress, record_complete };
}

/* ---- what a line receives (the inbox's side) ---- */

struct inbox {
    pthread_mutex_t lock;
    int received;
    char path[512], remote_ident[32], sub_address[32], caller_id[32];
    int pages;
    bool complete;
    int progress_events, pages_done;
};

static void inbox_received(void *user_data, struct fax_line *line, const struct fax_received *fax)
{
    struct inbox *inbox = user_data;
    (void) line;
    pthread_mutex_lock(&inbox->lock);
    inbox->received++;
    snprintf(inbox->path, sizeof inbox->path, "%s", fax->path != NULL ? fax->path : "");
    snprintf(inbox->remote_ident, sizeof inbox->remote_ident, "%s", fax->remote_ident);
    snprintf(inbox->sub_address, sizeof inbox->sub_address, "%s", fax->sub_address);
    snprintf(inbox->caller_id, sizeof inbox->caller_id, "%s", fax->caller_id);
    inbox->pages = fax->pages;
    inbox->complete = fax->complete;
    pthread_mutex_unlock(&inbox->lock);
}

static void inbox_progress(void *user_data, struct fax_line *line, const struct fax_call_progress *progress)
{
    struct inbox *inbox = user_data;
    (void) line;
    pthread_mutex_lock(&inbox->lock);
    inbox->progress_events++;
    inbox->pages_done += progress->phase == FAX_CALL_PAGE_DONE;
    pthread_mutex_unlock(&inbox->lock);
}

/* The inbox as the test thread reads it, once the call is over. */
static struct inbox inbox_snapshot(struct inbox *inbox)
{
    pthread_mutex_lock(&inbox->lock);
    struct inbox copy = *inbox;
    pthread_mutex_unlock(&inbox->lock);
    return copy;
}

static void inbox_reset(struct inbox *inbox)
{
    pthread_mutex_lock(&inbox->lock);
    inbox->received = inbox->pages = inbox->progress_events = inbox->pages_done = 0;
    inbox->path[0] = '\0';
    pthread_mutex_unlock(&inbox->lock);
}

/* ---- the exchange ---- */

enum { LINES = 5 };
static struct inbox inboxes[LINES];

struct exchange {
    struct loopback_exchange *loopback;
    struct fax_line *line[LINES];   /* numbers 1001 .. 1005; 1005 does not receive */
};

static struct exchange make_exchange(bool real_time)
{
    struct loopback_options options = { .ecm = true, .real_time = real_time };
    struct exchange exchange = { .loopback = loopback_exchange_new(&options) };
    static char tsid[LINES][24], csid[LINES][24], number[LINES][12], name[LINES][16];
    for (int i = 0; i < LINES; i++) {
        snprintf(number[i], sizeof number[i], "%d", 1001 + i);
        snprintf(name[i], sizeof name[i], "loop%d", 1001 + i);
        snprintf(tsid[i], sizeof tsid[i], "+1 555 %d", 1001 + i);
        snprintf(csid[i], sizeof csid[i], "+1 555 %d CSI", 1001 + i);
        struct fax_line_config config = {
            .number = number[i], .name = name[i], .device_id = "loopback", .tsid = tsid[i], .csid = csid[i],
            .send_enabled = true, .receive_enabled = i != 4, .rings = 1, .receive_dir = temp_dir,
            .receiver = { &inboxes[i], inbox_received, inbox_progress },
        };
        struct line_error error = { 0 };
        enum line_status status = loopback_exchange_add_line(exchange.loopback, &config, &exchange.line[i], &error);
        check(status == LINE_OK, "add line %s: %s", number[i], error.detail);
    }
    return exchange;
}

/* Places a call and waits for its end; returns the dial status. */
static enum line_status fax(struct exchange *exchange, int from, const char *dial, const struct fax_send_request *send,
                            struct recorder *recorder, struct line_error *error)
{
    struct fax_call_observer observer = observer_of(recorder);
    struct line_call *call = NULL;
    enum line_status status = line_place_call(exchange->line[from - 1001], dial, send, &observer, &call, error);
    if (status != LINE_OK) {
        check(call == NULL, "no call handle for a refused call");
        return status;
    }
    check(wait_complete(recorder), "call from %d to %s completes (%s)", from, dial, seen(recorder));
    line_call_release(call);
    return status;
}

static void expect_received_pages(const char *path, const struct image *sent, int count, uint32_t header_rows,
                                  const char *what)
{
    struct image got[4] = { 0 };
    int pages = read_tiff(path, got, 4);
    check(pages == count, "%s: %d pages in %s, want %d", what, pages, path, count);
    for (int p = 0; p < pages && p < count; p++) {
        check(got[p].length == sent[p].length + header_rows, "%s: page %d has %u rows, want %u", what, p + 1,
              got[p].length, sent[p].length + header_rows);
        check(same_rows(&got[p], header_rows, &sent[p], 0, sent[p].length), "%s: page %d identical below row %u",
              what, p + 1, header_rows);
        if (header_rows > 0)
            check(any_black(&got[p], 0, header_rows), "%s: page %d has a header in its top %u rows", what, p + 1,
                  header_rows);
    }
    free_images(got, pages);
}

/* ---- the tests ---- */

static void test_two_fine_pages(struct exchange *exchange)
{
    struct recorder *recorder = new_recorder();
    inbox_reset(&inboxes[1]);
    struct fax_send_request send = { .tx_tiff = two_page_tiff, .sub_address = "4711", .ecm = true };
    struct line_error error = { 0 };

    enum line_status status = fax(exchange, 1001, "1002", &send, recorder, &error);
    check(status == LINE_OK, "1001 dials 1002: %s", error.detail);
    const struct fax_call_result *result = &recorder->result;
    struct inbox inbox = inbox_snapshot(&inboxes[1]);
    check(recorder->completions == 1 && recorder->dial == LINE_OK, "one completion, answered");
    check(result->outcome == FAX_CALL_OK && result->status == FAX_CALL_ERR_NONE, "sent: %s (%s)",
          fax_call_outcome_name(result->outcome), result->reason);
    check(result->pages_in_document == 2 && result->sender.pages == 2 && result->receiver.pages == 2,
          "2 pages sent and received (%d, %d)", result->sender.pages, result->receiver.pages);
    check(result->sender.completion_code == 0 && !strcmp(result->sender.completion_text, "OK"),
          "completion OK: %d %s", result->sender.completion_code, result->sender.completion_text);
    check(result->sender.bit_rate == 14400 && result->sender.ecm, "V.17 14400 with ECM (%d)", result->sender.bit_rate);
    check(!strcmp(result->sender.remote_ident, "+1 555 1002 CSI"), "the sender saw CSI \"%s\"",
          result->sender.remote_ident);
    check(!strcmp(result->receiver.remote_ident, "+1 555 1001"), "the receiver saw TSI \"%s\"",
          result->receiver.remote_ident);
    check(!strcmp(result->receiver.sub_address, "4711"), "sub-address \"%s\" received", result->receiver.sub_address);
    /* The line time is the call's own; how fast it ran is bench/'s question. Unpaced, it never waits. */
    check(result->line_seconds > 20 && result->line_seconds < 300, "line time %.1f s", result->line_seconds);
    check(result->paced_seconds == 0, "unpaced: no time spent waiting for the clock (%.3f s)", result->paced_seconds);
    check(result->started > 0 && result->cpu_seconds > 0, "start time and CPU time recorded");
    printf("  2 fine pages, V.17 ECM: %.0f s of line time in %.3f s wall, %.3f s CPU (%.3f s CPU a page)\n",
           result->line_seconds, result->wall_seconds, result->cpu_seconds, result->cpu_seconds / 2);

    for (int page = 1; page <= 2; page++) {
        check(count_events(recorder, FAX_CALL_SENDER, FAX_CALL_SENDING_PAGE, page) == 1, "progress: sending page %d",
              page);
        check(count_events(recorder, FAX_CALL_SENDER, FAX_CALL_PAGE_DONE, page) == 1, "progress: page %d done",
              page);
    }
    check(recorder->event_count > 0 && recorder->events[0].phase == FAX_CALL_DIALING, "progress starts with dialing");
    check(count_events(recorder, FAX_CALL_SENDER, FAX_CALL_TRAINING, 1) == 1, "progress: training");
    check(recorder->event_count > 0 && recorder->events[recorder->event_count - 1].phase == FAX_CALL_HANGUP &&
              recorder->events[recorder->event_count - 1].page == 2 &&
              recorder->events[recorder->event_count - 1].total_pages == 2,
          "progress ends with hangup after 2 of 2 pages");
    check(count_events(recorder, FAX_CALL_RECEIVER, FAX_CALL_RECEIVING_PAGE, -1) == 0,
          "the caller's observer hears only the sending end");

    check(inbox.received == 1 && inbox.pages == 2 && inbox.complete, "1002 received 2 pages (%d faxes, %d pages)",
          inbox.received, inbox.pages);
    check(!strcmp(inbox.remote_ident, "+1 555 1001") && !strcmp(inbox.sub_address, "4711") &&
              !strcmp(inbox.caller_id, "1001"),
          "reception: TSI \"%s\", SUB \"%s\", caller \"%s\"", inbox.remote_ident, inbox.sub_address, inbox.caller_id);
    check(inbox.pages_done == 2 && inbox.progress_events >= 4, "1002's receiver heard %d events, %d pages",
          inbox.progress_events, inbox.pages_done);
    expect_received_pages(inbox.path, two_pages, 2, 0, "two fine pages");
    check(line_state(exchange->line[0]) == LINE_STATE_IDLE && line_state(exchange->line[1]) == LINE_STATE_IDLE,
          "both lines idle again");
    remove(inbox.path);
}

static void test_variant(struct exchange *exchange, const char *what, bool ecm, int modems, int want_rate)
{
    struct recorder *recorder = new_recorder();
    inbox_reset(&inboxes[1]);
    struct fax_send_request send = { .tx_tiff = two_page_tiff, .ecm = ecm, .modems = modems };
    struct line_error error = { 0 };
    check(fax(exchange, 1001, "1002", &send, recorder, &error) == LINE_OK, "%s: dial (%s)", what, error.detail);
    const struct fax_call_result *result = &recorder->result;
    check(result->outcome == FAX_CALL_OK, "%s: sent (%s)", what, result->reason);
    check(result->sender.ecm == ecm && result->sender.bit_rate == want_rate, "%s: ecm %d at %d bit/s", what,
          result->sender.ecm, result->sender.bit_rate);
    struct inbox inbox = inbox_snapshot(&inboxes[1]);
    expect_received_pages(inbox.path, two_pages, 2, 0, what);
    printf("  %s: %.0f s of line time, %.3f s CPU\n", what, result->line_seconds, result->cpu_seconds);
    remove(inbox.path);
}

static void test_header(struct exchange *exchange)
{
    struct recorder *recorder = new_recorder();
    inbox_reset(&inboxes[2]);
    struct fax_send_request send = { .tx_tiff = two_page_tiff, .header_info = "ACME Corp fax", .ecm = true };
    struct line_error error = { 0 };
    check(fax(exchange, 1001, "1003", &send, recorder, &error) == LINE_OK, "header: dial (%s)", error.detail);
    check(recorder->result.outcome == FAX_CALL_OK, "header: sent (%s)", recorder->result.reason);
    struct inbox inbox = inbox_snapshot(&inboxes[2]);
    /* spandsp 0.0.6 puts the header above the image (16 font rows, doubled at fine resolution): the page
       grows by 32 rows and is otherwise the one sent. */
    expect_received_pages(inbox.path, two_pages, 2, 32, "header");
    remove(inbox.path);
}

static void test_refusals(struct exchange *exchange)
{
    struct recorder *recorder = new_recorder();
    struct fax_send_request send = { .tx_tiff = light_page_tiff };
    struct line_error error = { 0 };

    check(fax(exchange, 1001, "9999", &send, recorder, &error) == LINE_NO_SUCH_NUMBER &&
              line_status_outcome(error.status) == FAX_CALL_FATAL,
          "9999 does not exist: %s", error.detail);
    check(fax(exchange, 1001, "call me", &send, recorder, &error) == LINE_NO_SUCH_NUMBER,
          "a dial string without digits: %s", error.detail);
    check(fax(exchange, 1001, "1 0 0 2", &send, recorder, &error) == LINE_OK, "\"1 0 0 2\" dials 1002 (%s)",
          error.detail);
    remove(inbox_snapshot(&inboxes[1]).path);
    recorder->completions = 0;
    check(fax(exchange, 1001, "1005", &send, recorder, &error) == LINE_NO_ANSWER &&
              line_status_outcome(error.status) == FAX_CALL_RETRYABLE,
          "1005 does not receive: %s", error.detail);
    check(fax(exchange, 1001, "1001", &send, recorder, &error) == LINE_BUSY, "dialing oneself is busy: %s",
          error.detail);

    line_set_online(exchange->line[2], false);
    check(line_state(exchange->line[2]) == LINE_STATE_OFFLINE, "1003 is offline");
    check(fax(exchange, 1003, "1002", &send, recorder, &error) == LINE_OFFLINE, "an offline line cannot call: %s",
          error.detail);
    check(fax(exchange, 1001, "1003", &send, recorder, &error) == LINE_NO_ANSWER,
          "an offline line does not answer: %s", error.detail);
    line_set_online(exchange->line[2], true);

    line_set_send_enabled(exchange->line[3], false);
    check(fax(exchange, 1004, "1002", &send, recorder, &error) == LINE_CANNOT_SEND, "1004 may not send: %s",
          error.detail);
    line_set_send_enabled(exchange->line[3], true);

    struct fax_send_request bad_modems = { .tx_tiff = light_page_tiff, .modems = 0x40 };
    check(fax(exchange, 1001, "1002", &bad_modems, recorder, &error) == LINE_BAD_REQUEST, "unknown modem mask: %s",
          error.detail);
    struct fax_send_request long_tsi = { .tx_tiff = light_page_tiff, .tsi = "+1 555 0100 0200 0300 0400" };
    check(fax(exchange, 1001, "1002", &long_tsi, recorder, &error) == LINE_BAD_REQUEST, "a 26-character TSI: %s",
          error.detail);
    check(recorder->completions == 0, "refused calls report no completion");
}

static void test_documents_refused(struct exchange *exchange)
{
    struct image page = draw_page(1728, 300, 9, 2), narrow = draw_page(1700, 300, 9, 2);
    struct { const char *name; const struct image *image; enum layout layout; const char *reason; } cases[] = {
        { "tiled.tif", &page, TILES, "tiles" },
        { "gray.tif", &page, GRAY8, "8 bit" },
        { "no-resolution.tif", &page, NO_RESOLUTION, "no resolution" },
        { "narrow.tif", &narrow, STRIPS_G4, "1700 pixels wide" },
    };
    inbox_reset(&inboxes[1]);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = temp_path(cases[i].name);
        check(write_tiff(path, cases[i].image, 1, cases[i].layout), "write %s", path);
        struct fax_send_request send = { .tx_tiff = path };
        struct fax_call_error fax_error = { 0 };
        check(fax_call_check_send(&send, NULL, &fax_error) == FAX_CALL_ERR_DOCUMENT &&
                  strstr(fax_error.detail, cases[i].reason) != NULL &&
                  fax_call_status_outcome(fax_error.status) == FAX_CALL_FATAL,
              "%s refused: %s", cases[i].name, fax_error.detail);

        struct recorder *recorder = new_recorder();
        struct line_error error = { 0 };
        check(fax(exchange, 1001, "1002", &send, recorder, &error) == LINE_BAD_REQUEST &&
                  strstr(error.detail, cases[i].reason) != NULL && line_status_outcome(error.status) == FAX_CALL_FATAL,
              "%s refused before dialing: %s", cases[i].name, error.detail);
    }
    struct fax_send_request missing = { .tx_tiff = temp_path("no-such.tif") };
    struct fax_call_error fax_error = { 0 };
    check(fax_call_check_send(&missing, NULL, &fax_error) == FAX_CALL_ERR_DOCUMENT, "a missing file: %s",
          fax_error.detail);
    struct fax_call_request request = { .send = { .tx_tiff = temp_path("tiled.tif") }, .rx_tiff = "x.tif" };
    check(fax_call_new(&request, NULL, NULL, &fax_error) == NULL && fax_error.status == FAX_CALL_ERR_DOCUMENT,
          "fax_call_new refuses the tiled file too: %s", fax_error.detail);
    check(inbox_snapshot(&inboxes[1]).received == 0 && line_state(exchange->line[1]) == LINE_STATE_IDLE,
          "1002 never rang");
    free_images(&page, 1);
    free_images(&narrow, 1);
}

/* A job killed after its first page: the worker stops at page 1 until this thread has aborted. */
static void test_abort_after_first_page(struct exchange *exchange)
{
    struct recorder *recorder = new_recorder();
    recorder->pause_after_page = 1;
    inbox_reset(&inboxes[1]);
    struct fax_send_request send = { .tx_tiff = two_page_tiff, .ecm = true };
    struct fax_call_observer observer = observer_of(recorder);
    struct line_call *call = NULL;
    struct line_error error = { 0 };

    check(line_place_call(exchange->line[0], "1002", &send, &observer, &call, &error) == LINE_OK, "abort: dial (%s)",
          error.detail);
    check(wait_paused(recorder), "abort: page 1 done (%s)", seen(recorder));
    check(line_state(exchange->line[0]) == LINE_STATE_SENDING && line_state(exchange->line[1]) == LINE_STATE_RECEIVING,
          "abort: 1001 sending, 1002 receiving (%s, %s)", line_state_name(line_state(exchange->line[0])),
          line_state_name(line_state(exchange->line[1])));
    line_call_abort(call);
    resume(recorder);
    check(wait_complete(recorder), "abort: the call ends (%s)", seen(recorder));
    const struct fax_call_result *result = &recorder->result;
    check(result->outcome == FAX_CALL_ABORTED && result->status == FAX_CALL_ERR_ABORTED, "abort: reported %s (%s)",
          fax_call_outcome_name(result->outcome), result->reason);
    check(result->sender.pages == 1, "abort: 1 page sent before (%d)", result->sender.pages);
    /* Ended at once: after the abort, only what the block in progress reported (spandsp starts page 2 in
       the block that confirms page 1) and the hangup; page 2 never finished at either end. */
    int later = 0;
    for (int i = recorder->events_when_paused; i < recorder->event_count; i++) {
        const struct fax_call_progress *event = &recorder->events[i];
        later += event->phase != FAX_CALL_HANGUP && !(event->phase == FAX_CALL_SENDING_PAGE && event->page == 2);
    }
    check(later == 0 && count_events(recorder, FAX_CALL_SENDER, FAX_CALL_PAGE_DONE, 2) == 0,
          "abort: nothing after the abort but the start of page 2 and the hangup (%d other events)", later);
    struct inbox inbox = inbox_snapshot(&inboxes[1]);
    check(inbox.received == 1 && inbox.pages == 1 && !inbox.complete, "abort: 1002 got a partial fax of %d page(s)",
          inbox.pages);
    line_call_abort(call);   /* after the end: no effect */
    line_call_release(call);
    if (inbox.path[0] != '\0')
        remove(inbox.path);
    check(line_state(exchange->line[0]) == LINE_STATE_IDLE, "abort: 1001 idle again");
}

static void test_concurrent(struct exchange *exchange)
{
    struct recorder *first = new_recorder(), *second = new_recorder();
    inbox_reset(&inboxes[1]);
    inbox_reset(&inboxes[3]);
    struct fax_send_request send = { .tx_tiff = two_page_tiff, .ecm = true };
    struct fax_call_observer observers[2] = { observer_of(first), observer_of(second) };
    struct line_call *calls[2] = { NULL, NULL };
    struct line_error error = { 0 };

    double start = now_seconds();
    check(line_place_call(exchange->line[0], "1002", &send, &observers[0], &calls[0], &error) == LINE_OK,
          "concurrent: 1001 -> 1002 (%s)", error.detail);
    check(line_place_call(exchange->line[2], "1004", &send, &observers[1], &calls[1], &error) == LINE_OK,
          "concurrent: 1003 -> 1004 (%s)", error.detail);
    check(line_place_call(exchange->line[4], "1002", &send, &observers[1], &(struct line_call *) { NULL }, &error) ==
              LINE_BUSY,
          "concurrent: 1005 -> 1002 is busy meanwhile");
    check(wait_complete(first), "concurrent: the first ends (%s)", seen(first));
    check(wait_complete(second), "concurrent: the second ends (%s)", seen(second));
    double wall = now_seconds() - start;
    check(first->result.outcome == FAX_CALL_OK && second->result.outcome == FAX_CALL_OK,
          "concurrent: both sent (%s; %s)", first->result.reason, second->result.reason);
    struct inbox a = inbox_snapshot(&inboxes[1]), b = inbox_snapshot(&inboxes[3]);
    expect_received_pages(a.path, two_pages, 2, 0, "concurrent 1002");
    expect_received_pages(b.path, two_pages, 2, 0, "concurrent 1004");
    printf("  two calls at once: %.3f s wall for %.3f + %.3f s of CPU\n", wall, first->result.cpu_seconds,
           second->result.cpu_seconds);
    line_call_release(calls[0]);
    line_call_release(calls[1]);
    remove(a.path);
    remove(b.path);
}

/* Real-time pacing: a call in progress makes both its lines busy; its line time never runs ahead of the
   clock; an abort from this thread ends it within a block or two of line time. Every relation here holds
   however slow the machine: slowness only makes the line time lag the clock. */
static void test_real_time_busy_and_abort(void)
{
    struct exchange exchange = make_exchange(true);
    struct recorder *recorder = new_recorder(), *other = new_recorder();
    inbox_reset(&inboxes[1]);
    struct fax_send_request send = { .tx_tiff = light_page_tiff };
    struct fax_call_observer observer = observer_of(recorder);
    struct line_call *call = NULL;
    struct line_error error = { 0 };

    double start = now_seconds();
    check(line_place_call(exchange.line[0], "1002", &send, &observer, &call, &error) == LINE_OK,
          "real time: 1001 -> 1002 (%s)", error.detail);
    check(fax(&exchange, 1003, "1002", &send, other, &error) == LINE_BUSY, "real time: 1003 -> 1002 busy: %s",
          error.detail);
    check(fax(&exchange, 1003, "1001", &send, other, &error) == LINE_BUSY, "real time: 1003 -> 1001 busy: %s",
          error.detail);
    check(fax(&exchange, 1001, "1003", &send, other, &error) == LINE_IN_USE, "real time: 1001 is in use: %s",
          error.detail);
    check(line_state(exchange.line[1]) == LINE_STATE_RECEIVING, "real time: 1002 receiving");
    /* Training needs the answerer's tones and DIS first: seconds of line time, so an unpaced call would
       show far more line time than wall time below. */
    check(wait_event(recorder, FAX_CALL_SENDER, FAX_CALL_TRAINING), "real time: 1001 training (%s)", seen(recorder));
    line_call_abort(call);
    double aborted_by = now_seconds() - start;
    check(wait_complete(recorder), "real time: the call ends after the abort (%s)", seen(recorder));
    const struct fax_call_result *result = &recorder->result;
    check(result->outcome == FAX_CALL_ABORTED && result->sender.started && result->sender.pages == 0,
          "real time: aborted in the call (%s)", result->reason);
    const double block = 0.02, clock_slack = 0.005;
    check(result->line_seconds > 0 && result->line_seconds <= result->wall_seconds + clock_slack,
          "real time: %.2f s of line time in %.2f s, %.2f s of it waiting for the clock", result->line_seconds,
          result->wall_seconds, result->paced_seconds);
    check(result->line_seconds <= aborted_by + 2 * block + clock_slack,
          "real time: no more than two blocks after the abort (%.2f s of line time, abort within %.2f s)",
          result->line_seconds, aborted_by);
    printf("  real time: %.2f s of line time in %.2f s wall (%.2f s waiting for the clock), aborted within %.2f s\n",
           result->line_seconds, result->wall_seconds, result->paced_seconds, aborted_by);
    check(other->completions == 0, "real time: the refused calls report nothing");
    line_call_release(call);
    loopback_exchange_free(exchange.loopback);
}

/* Shutting the exchange down aborts the calls and waits for them; handles stay valid until released. */
static void test_shutdown_mid_call(void)
{
    struct exchange exchange = make_exchange(true);
    struct recorder *recorder = new_recorder();
    struct fax_send_request send = { .tx_tiff = light_page_tiff };
    struct fax_call_observer observer = observer_of(recorder);
    struct line_call *call = NULL;
    check(line_place_call(exchange.line[0], "1002", &send, &observer, &call, NULL) == LINE_OK, "shutdown: dial");
    check(wait_event(recorder, FAX_CALL_SENDER, FAX_CALL_DIALING), "shutdown: the call is under way (%s)",
          seen(recorder));
    loopback_exchange_free(exchange.loopback);
    check(recorder->completions == 1 && recorder->result.outcome == FAX_CALL_ABORTED,
          "shutdown: the call was aborted and reported (%d, %s)", recorder->completions, recorder->result.reason);
    line_call_abort(call);
    line_call_release(call);
}

/* fax_call without lines: progress from both ends, and the time limit. */
static void record_both(void *user_data, const struct fax_call_progress *progress)
{
    record_progress(user_data, progress);
}

static void test_fax_call_directly(void)
{
    struct recorder *recorder = new_recorder();
    struct fax_call_request request = {
        .send = { .tx_tiff = two_page_tiff, .tsi = "TSI 1", .modems = FAX_MODEM_V29 },
        .csi = "CSI 2",
        .rx_tiff = temp_path("direct.tif"),
    };
    struct fax_call_error error = { 0 };
    struct fax_call *call = fax_call_new(&request, record_both, recorder, &error);
    check(call != NULL, "fax_call_new (%s)", error.detail);
    if (call == NULL)
        return;
    struct fax_call_result result;
    check(fax_call_run(call, &result) == FAX_CALL_ERR_NONE && result.outcome == FAX_CALL_OK, "direct: sent (%s)",
          result.reason);
    check(result.sender.bit_rate == 9600 && !result.sender.ecm, "direct: V.29 9600 without ECM (%d)",
          result.sender.bit_rate);
    check(!strcmp(result.sender.remote_ident, "CSI 2") && !strcmp(result.receiver.remote_ident, "TSI 1"),
          "direct: idents exchanged");
    for (int page = 1; page <= 2; page++)
        check(count_events(recorder, FAX_CALL_RECEIVER, FAX_CALL_RECEIVING_PAGE, page) == 1 &&
                  count_events(recorder, FAX_CALL_RECEIVER, FAX_CALL_PAGE_DONE, page) == 1,
              "direct: the receiver reports page %d", page);
    check(count_events(recorder, FAX_CALL_RECEIVER, FAX_CALL_TRAINING, 1) == 1 &&
              count_events(recorder, FAX_CALL_RECEIVER, FAX_CALL_HANGUP, 2) == 1,
          "direct: the receiver reports training and hangup");
    expect_received_pages(request.rx_tiff, two_pages, 2, 0, "direct");
    check(fax_call_run(call, &result) == FAX_CALL_ERR_REQUEST, "direct: a call runs once");
    fax_call_free(call);
    remove(request.rx_tiff);

    request.time_limit_seconds = 8;   /* ends during training */
    call = fax_call_new(&request, NULL, NULL, &error);
    check(call != NULL && fax_call_run(call, &result) == FAX_CALL_ERR_TIME_LIMIT &&
              result.outcome == FAX_CALL_RETRYABLE && result.line_seconds <= 8.0 && result.sender.pages == 0,
          "direct: the time limit ends the call (%s)", result.reason);
    fax_call_free(call);
    check(access(request.rx_tiff, F_OK) != 0, "direct: no file left when no page arrived");

    call = fax_call_new(&request, NULL, NULL, &error);
    fax_call_abort(call);
    check(fax_call_run(call, &result) == FAX_CALL_ERR_ABORTED && !result.sender.started &&
              result.outcome == FAX_CALL_ABORTED,
          "direct: aborted before it ran (%s)", result.reason);
    fax_call_free(call);

    for (int s = FAX_CALL_ERR_NONE; s <= FAX_CALL_ERR_ABORTED; s++)
        check(strlen(fax_call_strerror((enum fax_call_status) s)) > 5, "fax_call_strerror(%d)", s);
    for (int s = LINE_OK; s <= LINE_NO_RESOURCES; s++)
        check(strlen(line_strerror((enum line_status) s)) > 5, "line_strerror(%d)", s);
}

static void quiet(const char *module, const char *format, va_list args)
{
    (void) module, (void) format, (void) args;
}

int main(void)
{
    char template[] = "/tmp/fax-call-test-XXXXXX";
    TIFFSetWarningHandler(quiet);
    TIFFSetErrorHandler(quiet);
    if (mkdtemp(template) == NULL) {
        printf("cannot make a temporary folder\nfax call: 0 passed, 1 failed\n");
        return 1;
    }
    snprintf(temp_dir, sizeof temp_dir, "%s", template);
    for (int i = 0; i < LINES; i++)
        pthread_mutex_init(&inboxes[i].lock, NULL);
    double start = now_seconds();

    make_documents();
    struct exchange exchange = make_exchange(false);
    test_two_fine_pages(&exchange);
    test_variant(&exchange, "ECM off", false, 0, 14400);
    test_variant(&exchange, "V.27ter only", true, FAX_MODEM_V27TER, 4800);
    test_header(&exchange);
    test_refusals(&exchange);
    test_documents_refused(&exchange);
    test_abort_after_first_page(&exchange);
    test_concurrent(&exchange);
    loopback_exchange_free(exchange.loopback);
    test_real_time_busy_and_abort();
    test_shutdown_mid_call();
    test_fax_call_directly();

    free_images(two_pages, 2);
    free((char *) two_page_tiff);
    free((char *) light_page_tiff);
    for (int i = 0; i < LINES; i++)
        pthread_mutex_destroy(&inboxes[i].lock);
    char command[300];
    snprintf(command, sizeof command, "rm -rf '%s'", temp_dir);
    if (system(command) != 0)
        printf("note: could not remove %s\n", temp_dir);
    printf("  all tests: %.1f s wall\n", now_seconds() - start);
    printf("fax call: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
