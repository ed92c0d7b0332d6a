/*
 * A real T.30 fax call between two spandsp audio endpoints in memory (see fax_loopback.h).
 *
 * Each step moves one 20 ms block (160 samples at 8 kHz) from the caller to the answerer and one
 * back; spandsp's timers run on those samples, so the call takes its normal line time (about 40 s
 * for a fine page at 14400 bit/s) but only as much CPU as the modems need.
 */
#include "fax_loopback.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tiffio.h>
#include <spandsp.h>

enum {
    LOOPBACK_BLOCK = 160,                                        /* samples a step, each way */
    LOOPBACK_SAMPLE_RATE = 8000,
    LOOPBACK_LIMIT_SECONDS = 20 * 60,                            /* of simulated line time */
    LOOPBACK_MAX_STEPS = LOOPBACK_LIMIT_SECONDS * LOOPBACK_SAMPLE_RATE / LOOPBACK_BLOCK,
    LOOPBACK_MAX_IDENT = 20,                                     /* T.30 TSI/CSI/SUB: 20 digits */
};

struct loopback_end {
    fax_state_t *fax;
    t30_state_t *t30;
    bool done;
    int completion_code;
    t30_stats_t stats;
};

static void set_message(struct fax_loopback_result *result, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void set_message(struct fax_loopback_result *result, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(result->message, sizeof result->message, format, args);
    va_end(args);
}

/* Phase E: the call is over for this end. The statistics are taken here, while the end's state is
   known to be complete. */
static void loopback_phase_e(t30_state_t *t30, void *user_data, int completion_code)
{
    struct loopback_end *end = user_data;
    end->done = true;
    end->completion_code = completion_code;
    t30_get_transfer_statistics(t30, &end->stats);
}

/* Checks what spandsp's t4_tx would otherwise get wrong quietly (a tiled page is sent blank) and
   counts the pages. Returns the page count, or -1 with result->message set. */
static int count_sendable_pages(const char *path, struct fax_loopback_result *result)
{
    FILE *probe = fopen(path, "rb");
    if (probe == NULL) {
        set_message(result, "cannot open %s", path);
        return -1;
    }
    fclose(probe);

    TIFF *tiff = TIFFOpen(path, "r");
    if (tiff == NULL) {
        set_message(result, "%s is not a readable TIFF", path);
        return -1;
    }
    int pages = 0;
    do {
        uint16_t bits = 1, samples = 1;
        TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
        TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
        if (TIFFIsTiled(tiff) || bits != 1 || samples != 1) {
            set_message(result, "%s page %d is not a bilevel image in strips", path, pages + 1);
            TIFFClose(tiff);
            return -1;
        }
        pages++;
    } while (TIFFReadDirectory(tiff));
    TIFFClose(tiff);
    return pages;
}

static void quiet(fax_state_t *fax)
{
    span_log_set_level(fax_get_logging_state(fax), SPAN_LOG_NONE);
    span_log_set_level(t30_get_logging_state(fax_get_t30_state(fax)), SPAN_LOG_NONE);
}

/* Sets up one end; returns false with result->message set when spandsp refuses an option. */
static bool setup_end(struct loopback_end *end, bool calling, const char *ident,
                      const struct fax_loopback_options *options, struct fax_loopback_result *result)
{
    const char *role = calling ? "sender" : "receiver";

    end->fax = fax_init(NULL, calling);
    if (end->fax == NULL) {
        set_message(result, "fax_init failed for the %s", role);
        return false;
    }
    quiet(end->fax);
    end->t30 = fax_get_t30_state(end->fax);
    fax_set_transmit_on_idle(end->fax, true);   /* always a full block: silence between signals */
    fax_set_tep_mode(end->fax, false);

    if (ident != NULL && (strlen(ident) > LOOPBACK_MAX_IDENT || t30_set_tx_ident(end->t30, ident) != 0)) {
        set_message(result, "the %s ident \"%.40s\" is refused (at most %d characters)", role, ident,
                    LOOPBACK_MAX_IDENT);
        return false;
    }
    /* No page header: the received images must equal the sent ones. */
    t30_set_tx_page_header_info(end->t30, NULL);

    int modems = options->modems != 0 ? options->modems
                                      : (T30_SUPPORT_V27TER | T30_SUPPORT_V29 | T30_SUPPORT_V17);
    if (t30_set_supported_modems(end->t30, modems) != 0) {
        set_message(result, "modem mask 0x%x is refused", (unsigned) options->modems);
        return false;
    }
    int compressions = T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION;
    if (options->ecm)
        compressions |= T30_SUPPORT_T6_COMPRESSION;   /* T.6 needs ECM */
    t30_set_supported_compressions(end->t30, compressions);
    t30_set_ecm_capability(end->t30, options->ecm);
    /* spandsp 0.0.6's default DIS does not offer sub-addressing, so a SUB would never be sent. */
    t30_set_supported_t30_features(end->t30, T30_SUPPORT_IDENTIFICATION | T30_SUPPORT_SUB_ADDRESSING);

    t30_set_phase_e_handler(end->t30, loopback_phase_e, end);
    return true;
}

static void release_end(struct loopback_end *end)
{
    if (end->fax != NULL)
        fax_free(end->fax);
    end->fax = NULL;
}

/* Moves one block of audio from one end to the other. */
static void transfer(struct loopback_end *from, struct loopback_end *to)
{
    int16_t block[LOOPBACK_BLOCK];
    int produced = fax_tx(from->fax, block, LOOPBACK_BLOCK);
    if (produced < 0)
        produced = 0;
    if (produced < LOOPBACK_BLOCK)
        memset(block + produced, 0, (size_t) (LOOPBACK_BLOCK - produced) * sizeof block[0]);
    fax_rx(to->fax, block, LOOPBACK_BLOCK);
}

int fax_loopback_send(const char *tx_tiff, const char *rx_tiff, const struct fax_loopback_options *options,
                      struct fax_loopback_result *result)
{
    struct fax_loopback_result scratch;
    if (result == NULL)
        result = &scratch;
    memset(result, 0, sizeof *result);
    result->completion_code = -1;

    static const struct fax_loopback_options defaults = { 0 };
    if (options == NULL)
        options = &defaults;
    if (tx_tiff == NULL || rx_tiff == NULL) {
        set_message(result, "no %s file given", tx_tiff == NULL ? "transmit" : "receive");
        return -1;
    }
    if (options->sub_address != NULL && strlen(options->sub_address) > LOOPBACK_MAX_IDENT) {
        set_message(result, "sub-address \"%.40s\" is longer than %d characters", options->sub_address,
                    LOOPBACK_MAX_IDENT);
        return -1;
    }

    int pages_in_file = count_sendable_pages(tx_tiff, result);
    if (pages_in_file < 0)
        return -1;

    struct loopback_end caller = { 0 }, answerer = { 0 };
    int status = -1;
    if (!setup_end(&caller, true, options->tx_ident, options, result) ||
        !setup_end(&answerer, false, options->rx_ident, options, result))
        goto out;
    if (options->sub_address != NULL && t30_set_tx_sub_address(caller.t30, options->sub_address) != 0) {
        set_message(result, "sub-address \"%.40s\" is refused", options->sub_address);
        goto out;
    }
    t30_set_tx_file(caller.t30, tx_tiff, -1, -1);
    t30_set_rx_file(answerer.t30, rx_tiff, -1);

    int steps = 0;
    while (!(caller.done && answerer.done) && steps < LOOPBACK_MAX_STEPS) {
        transfer(&caller, &answerer);
        transfer(&answerer, &caller);
        steps++;
    }

    bool caller_stuck = !caller.done, answerer_stuck = !answerer.done;
    bool timed_out = caller_stuck || answerer_stuck;
    if (timed_out) {
        /* Ends the call on the stuck end(s): phase E runs and the received file is closed. */
        if (!caller.done)
            t30_terminate(caller.t30);
        if (!answerer.done)
            t30_terminate(answerer.t30);
    }

    result->pages_sent = caller.stats.pages_tx;
    result->pages_received = answerer.stats.pages_rx;
    result->bit_rate = caller.stats.bit_rate;
    result->completion_code = caller.completion_code != T30_ERR_OK ? caller.completion_code
                                                                    : answerer.completion_code;

    double line_seconds = (double) steps * LOOPBACK_BLOCK / LOOPBACK_SAMPLE_RATE;
    if (timed_out) {
        if (result->completion_code == T30_ERR_OK)
            result->completion_code = T30_ERR_CALLDROPPED;
        set_message(result, "no end of call after %.0f s of line time (sender %s, receiver %s)", line_seconds,
                    caller_stuck ? "still in the call" : "finished", answerer_stuck ? "still in the call" : "finished");
    } else if (caller.completion_code != T30_ERR_OK || answerer.completion_code != T30_ERR_OK) {
        set_message(result, "sender: %s; receiver: %s", t30_completion_code_to_str(caller.completion_code),
                    t30_completion_code_to_str(answerer.completion_code));
    } else if (result->pages_sent != pages_in_file || result->pages_received != pages_in_file) {
        set_message(result, "%d of %d pages sent, %d received", result->pages_sent, pages_in_file,
                    result->pages_received);
    } else {
        set_message(result, "%s", t30_completion_code_to_str(T30_ERR_OK));
        status = 0;
    }

out:
    release_end(&caller);
    release_end(&answerer);
    return status;
}
