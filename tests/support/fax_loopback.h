/*
 * A real T.30 fax call in memory, for tests: two spandsp audio endpoints (a caller that sends and an
 * answerer that receives) exchange 160-sample blocks of 8 kHz audio back to back, as fast as the CPU
 * allows. The answerer writes the received pages into a TIFF file of its own (spandsp's t4_rx writer).
 * Needs -lspandsp -ltiff -lm.
 */
#ifndef OPENFAXCOM_FAX_LOOPBACK_H
#define OPENFAXCOM_FAX_LOOPBACK_H

#include <stdbool.h>

struct fax_loopback_options {
    const char *tx_ident;     /* sender's TSI, e.g. "+1 555 0100" (at most 20 characters); NULL for none */
    const char *rx_ident;     /* receiver's CSI (at most 20 characters); NULL for none */
    const char *sub_address;  /* optional, sent as SUB; NULL for none */
    bool ecm;                 /* error correction mode */
    int modems;               /* bitmask of T30_SUPPORT_V27TER | T30_SUPPORT_V29 | T30_SUPPORT_V17; 0 = all */
};

struct fax_loopback_result {
    int completion_code;      /* the t30 completion code (T30_ERR_OK on success) */
    int pages_sent, pages_received;
    int bit_rate;
    char message[160];        /* t30_completion_code_to_str text, or the reason setup failed */
};

/* Sends tx_tiff to an answerer that writes rx_tiff. Returns 0 when the call completed with T30_ERR_OK
   on both ends and every page arrived, -1 otherwise (result->message says why). Bounded: gives up after
   20 minutes of simulated line time, so it can never hang. options may be NULL (no idents, no ECM, all
   modems). No page header line is added: received pages are the sent images. */
int fax_loopback_send(const char *tx_tiff, const char *rx_tiff, const struct fax_loopback_options *options,
                      struct fax_loopback_result *result);

#endif
