/*
 * One T.30 fax call, with spandsp: what a call is asked to do, what it reports while it runs, what it
 * ends with, and whether a failure is worth retrying. No spandsp types here, so the scheduler and the
 * service include this without spandsp's headers.
 *
 * Two layers use these types:
 *   - fax_endpoint.h: one end of a T.30 session on any spandsp front end (audio, T.38, a Class 1 DTE);
 *   - the fax_call_* functions below: a whole call between two endpoints of ours, audio exchanged in
 *     memory (the loopback line's medium, and a test harness).
 */
#ifndef OPENFAXCOM_FAX_CALL_H
#define OPENFAXCOM_FAX_CALL_H

#include <stdbool.h>
#include <time.h>

/* Image modems, the values of spandsp's T30_SUPPORT_* (checked at compile time in fax_endpoint.c). */
enum {
    FAX_MODEM_V27TER = 0x01,   /* 2400, 4800 bit/s */
    FAX_MODEM_V29 = 0x02,      /* 7200, 9600 bit/s */
    FAX_MODEM_V17 = 0x04,      /* 7200 to 14400 bit/s */
    FAX_MODEM_ALL = FAX_MODEM_V27TER | FAX_MODEM_V29 | FAX_MODEM_V17,
};

enum {
    FAX_IDENT_MAX = 20,        /* TSI, CSI, SUB: T.30 allows 20 characters */
    FAX_HEADER_INFO_MAX = 50,  /* spandsp's limit for the page header text */
};

/* The job's part of a call: what the sending side needs, whatever line carries it. */
/* A SIP line's T.38 policy (its t38=) for one call: the line's own, or the job's (docs/faxd.md). */
enum fax_t38_use { FAX_T38_LINE_DEFAULT = 0, FAX_T38_PREFER, FAX_T38_ACCEPT, FAX_T38_NEVER };

struct fax_send_request {
    const char *tx_tiff;       /* the pages to send: TIFF/F as fax_call_check_send accepts */
    const char *tsi;           /* the sender's ident; NULL = the line's */
    const char *sub_address;   /* SUB sent to the called machine (routing, DID); NULL = none */
    const char *header_info;   /* text of the header line spandsp puts above each page; NULL = no header */
    bool ecm;                  /* offer error correction mode */
    int modems;                /* FAX_MODEM_* mask; 0 = all */
    enum fax_t38_use t38;      /* lines that can carry T.38 (SIP): this call's policy */
};

/* A call between two endpoints of ours: the send request plus the answering side. */
struct fax_call_request {
    struct fax_send_request send;
    const char *csi;           /* the receiver's ident; NULL = none */
    const char *rx_tiff;       /* where the receiver writes the pages (spandsp removes it if none arrive) */
    bool real_time;            /* pace the audio: 160 samples per 20 ms; else as fast as the CPU allows */
    int time_limit_seconds;    /* of line time; 0 = 15 minutes plus 15 per page. Ends a call that never ends */
};

/* Why a call (or a request) failed; fax_call_strerror names it. */
enum fax_call_status {
    FAX_CALL_ERR_NONE = 0,       /* every page sent and confirmed */
    FAX_CALL_ERR_REQUEST,        /* a file name missing, an ident too long, an unknown modem */
    FAX_CALL_ERR_DOCUMENT,       /* the TIFF to send cannot be opened or is not fax pages */
    FAX_CALL_ERR_RESOURCES,      /* memory, or spandsp could not set up an end */
    FAX_CALL_ERR_T30,            /* the T.30 session failed; the completion codes say how */
    FAX_CALL_ERR_INCOMPLETE,     /* the session ended "OK" but not every page arrived */
    FAX_CALL_ERR_TIME_LIMIT,     /* no end of call within the time limit */
    FAX_CALL_ERR_ABORTED,        /* fax_call_abort (a killed job) */
};

const char *fax_call_strerror(enum fax_call_status status);

/* What the scheduler does next. */
enum fax_call_outcome {
    FAX_CALL_OK,          /* done: every page confirmed, at least one */
    FAX_CALL_RETRYABLE,   /* the line or the far end failed this time (training, a dropped call, no answer) */
    FAX_CALL_FATAL,       /* retrying cannot help: the document, or what the far end cannot receive */
    FAX_CALL_ABORTED,     /* ended on request */
};

const char *fax_call_outcome_name(enum fax_call_outcome outcome);
/* The outcome a status implies when no T.30 completion code decides it (request errors, limits). */
enum fax_call_outcome fax_call_status_outcome(enum fax_call_status status);

/* A status plus the specific reason ("page 2 is tiled: ..."), as struct faxtiff_error. */
struct fax_call_error {
    enum fax_call_status status;
    char detail[200];
};

/* Progress, per end. Pages count from 1. */
enum fax_call_end { FAX_CALL_SENDER, FAX_CALL_RECEIVER };

enum fax_call_phase {
    FAX_CALL_DIALING,          /* sender, before the far end answers */
    FAX_CALL_TRAINING,         /* DCS and modem training for the page */
    FAX_CALL_SENDING_PAGE,     /* image data of the page is on the line */
    FAX_CALL_RECEIVING_PAGE,
    FAX_CALL_PAGE_DONE,        /* the page is confirmed (sender) or written (receiver) */
    FAX_CALL_HANGUP,           /* this end's T.30 session is over; the result follows */
};

const char *fax_call_phase_name(enum fax_call_phase phase);

struct fax_call_progress {
    enum fax_call_end end;
    enum fax_call_phase phase;
    int page;                  /* the page the phase is about; at HANGUP, the pages done */
    int total_pages;           /* pages in the document; 0 at the receiver, which cannot know */
    int bit_rate;              /* of image transfer, once trained; else 0 */
};

/* Called on the thread running the call; must not block for long (real-time calls stall meanwhile). */
typedef void fax_call_progress_fn(void *user_data, const struct fax_call_progress *progress);

/* What one end saw. */
struct fax_call_end_result {
    bool started;                  /* false: this end never ran (the call was refused or aborted first) */
    int completion_code;           /* spandsp T30_ERR_*; 0 = OK */
    char completion_text[80];      /* t30_completion_code_to_str */
    int pages;                     /* sender: pages confirmed; receiver: pages written */
    int bit_rate;                  /* of the last image transfer; 0 when no page moved */
    bool ecm;                      /* ECM was used */
    char remote_ident[FAX_IDENT_MAX + 1];   /* the far end's CSI (at the sender) or TSI (at the receiver) */
    char sub_address[FAX_IDENT_MAX + 1];    /* receiver: the SUB received; sender: empty */
};

struct fax_call_result {
    enum fax_call_outcome outcome;
    enum fax_call_status status;
    char reason[200];              /* one line for the job's status ("Far end cannot receive at the ...") */
    char transport[16];            /* what carried the fax on a network line ("T.38", "G.711"); "" otherwise */
    int pages_in_document;
    struct fax_call_end_result sender, receiver;
    time_t started;                /* wall clock at the start */
    double line_seconds;           /* simulated line time: samples exchanged / 8000 */
    double wall_seconds;
    double paced_seconds;          /* of wall time spent waiting for the clock (real time); 0 when unpaced */
    double cpu_seconds;            /* of the thread that ran the call */
};

/* Checks a send request before anything dials: idents and header text fit T.30 and are printable, the
 * modem mask is known, and every page of tx_tiff is something spandsp sends correctly: 1 bit per pixel,
 * strips (a tiled page would go out blank), a codec libtiff has, resolution present and a fax resolution
 * (spandsp would take a missing one as 98 lpi), and a T.4 width for that resolution (1728/2048/2432 at
 * 204 dpi, ...). On success *pages (may be NULL) is the page count. */
enum fax_call_status fax_call_check_send(const struct fax_send_request *send, int *pages,
                                         struct fax_call_error *error);

/* The in-memory call. fax_call_new checks the request (as above, plus csi and rx_tiff) and copies what
 * it keeps; the request may go away afterwards. Returns NULL with *error set when refused. */
struct fax_call;

struct fax_call *fax_call_new(const struct fax_call_request *request, fax_call_progress_fn *progress,
                              void *user_data, struct fax_call_error *error);

/* Runs the call to its end on the calling thread (once). Both ends' results, the outcome and the reason
 * are in *result; the return value is result->status. A call that moved no page never succeeds. */
enum fax_call_status fax_call_run(struct fax_call *call, struct fax_call_result *result);

/* From any thread, while the call exists: ends the call within one 20 ms block (t30_terminate at both
 * ends) and reports it as aborted. Before fax_call_run it stops the call from starting; after the call
 * has ended it changes nothing. */
void fax_call_abort(struct fax_call *call);

void fax_call_free(struct fax_call *call);

#endif
