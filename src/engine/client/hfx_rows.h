/*
 * The rows faxcom.dll reads from a HylaFAX-protocol server, parsed into typed fields: the send queue
 * (LIST sendq through HFX_JOB_FORMAT), faxd's ports (SITE FAXD PORTS), a stock HylaFAX server's modems
 * (LIST status through HFX_MODEM_FORMAT), faxd's routing methods (SITE FAXD ROUTES) and a port's live
 * status (SITE FAXD STATUS, "Key: value" lines). Every byte comes from the network, so every parser
 * takes a length, bounds each line, field and number, and reports what it refused.
 *
 * A listing is read row by row: a malformed row (too long, too few fields, a field that should be a
 * number and is not, a NUL) is left out and counted, so one odd row never hides the others; only
 * running out of memory or a listing of more than HFX_ROWS_MAX lines fails the whole listing.
 */
#ifndef OPENFAXCOM_HFX_ROWS_H
#define OPENFAXCOM_HFX_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#define HFX_ROWS_MAX_LINE 65536   /* a longer row is refused (the protocol's longest reply line) */
#define HFX_ROWS_MAX 100000       /* lines in one listing; more is refused rather than allocated */

enum hfx_rows_status {
    HFX_ROWS_OK,
    HFX_ROWS_ERR_TOO_LONG,      /* a line longer than HFX_ROWS_MAX_LINE */
    HFX_ROWS_ERR_NUL,           /* a NUL byte inside a line */
    HFX_ROWS_ERR_FIELDS,        /* fewer '|' fields than the format has, or no "Key: value" */
    HFX_ROWS_ERR_NUMBER,        /* a number field that is empty, not decimal, or out of range */
    HFX_ROWS_ERR_TOO_MANY,      /* a listing of more than HFX_ROWS_MAX lines (besides HylaFAX's first) */
    HFX_ROWS_ERR_NO_MEMORY,
};
const char *hfx_rows_strerror(enum hfx_rows_status status);

struct hfx_rows_error {
    enum hfx_rows_status status;  /* of the listing; HFX_ROWS_OK even when rows were left out */
    size_t line;                  /* 1-based line that failed, or the first left out; 0 for none */
    size_t skipped;               /* rows left out as malformed */
    char detail[200];             /* "line 3: 2 of 11 fields", for the failure or the first row left out */
};

/* One field of a row: a span of the caller's bytes, not NUL-terminated. */
struct hfx_field {
    const char *text;
    size_t length;
};
/* Splits a line at '|' into at most max fields, the last taking the rest of the line ('|' included);
 * returns how many fields there were. */
size_t hfx_rows_split(const char *line, size_t length, struct hfx_field *fields, size_t max);
/* How many lines a listing has: its newlines, plus a last line without one. */
size_t hfx_rows_count_lines(const char *listing, size_t size);
/* A decimal number (optional '-') that fills the whole field and lies in min..max. */
bool hfx_rows_number(struct hfx_field field, long long min, long long max, long long *value);

/* ---- the send queue: JOBFMT HFX_JOB_FORMAT, then LIST sendq ---- */

/* Job id, state, owner, number, pages total, pages sent, modem, recipient, sender, job tag, status
 * (last: it may hold anything, '|' included). Letters as HylaFAX's faxstat(1) documents them. */
#define HFX_JOB_FORMAT "%j|%a|%o|%e|%y|%p|%m|%R|%S|%J|%s"
enum hfx_job_field {
    HFX_JOB_ID, HFX_JOB_STATE, HFX_JOB_OWNER, HFX_JOB_NUMBER, HFX_JOB_PAGES_TOTAL, HFX_JOB_PAGES_SENT,
    HFX_JOB_MODEM, HFX_JOB_RECIPIENT, HFX_JOB_SENDER, HFX_JOB_TAG, HFX_JOB_STATUS, HFX_JOB_FIELD_COUNT
};
struct hfx_job_row {
    long id;                                   /* above 0 */
    long pages_total, pages_sent;              /* 0 and above */
    const char *field[HFX_JOB_FIELD_COUNT];    /* every field as text, trailing blanks removed; in text */
    char *text;                                /* owns the fields' bytes: one allocation per row */
};
/* One row (line without its newline). On failure row holds nothing to free. */
enum hfx_rows_status hfx_job_row_parse(const char *line, size_t length, struct hfx_job_row *row,
                                       struct hfx_rows_error *error);
enum hfx_rows_status hfx_job_row_copy(const struct hfx_job_row *from, struct hfx_job_row *to);
void hfx_job_row_free(struct hfx_job_row *row);
/* A whole listing: *rows (malloc'd, possibly empty) holds *count rows; free with hfx_job_rows_free. */
enum hfx_rows_status hfx_job_rows_parse(const char *listing, size_t size, struct hfx_job_row **rows, size_t *count,
                                        struct hfx_rows_error *error);
void hfx_job_rows_free(struct hfx_job_row *rows, size_t count);

/* ---- ports: faxd's SITE FAXD PORTS, or a HylaFAX server's MDMFMT HFX_MODEM_FORMAT + LIST status ---- */

#define HFX_MODEM_FORMAT "%m|%n|%s"   /* modem name, its fax number, its status text */
enum hfx_port_source {
    HFX_PORTS_FAXD,       /* id|name|number|rings|csid|tsid|send|receive|priority|canmodify|state */
    HFX_PORTS_HYLAFAX,    /* the scheduler's line, then one name|number|status per modem */
};
/* A text longer than its field is cut, before any UTF-8 character it would split. */
struct hfx_port_row {
    long device_id, rings, priority;
    char name[64], number[32], csid[32], tsid[32], state[128];
    bool send, receive, can_modify;
};
/* One faxd row. */
enum hfx_rows_status hfx_port_row_parse_faxd(const char *line, size_t length, struct hfx_port_row *row,
                                             struct hfx_rows_error *error);
/* One HylaFAX modem row, the index-th (from 0): its device id and priority are index + 1, and it may
 * send and receive; its number stands for the CSID and TSID too. */
enum hfx_rows_status hfx_port_row_parse_modem(const char *line, size_t length, size_t index,
                                              struct hfx_port_row *row, struct hfx_rows_error *error);
/* A whole listing; *rows is malloc'd (free()), possibly empty. */
enum hfx_rows_status hfx_port_rows_parse(const char *listing, size_t size, enum hfx_port_source source,
                                         struct hfx_port_row **rows, size_t *count, struct hfx_rows_error *error);

/* ---- faxd's routing methods of a port: guid|enabled|friendly|function|image|extension|data ---- */

struct hfx_route_row {
    char guid[48], friendly[96], function[64], image[64], extension[96], data[256];
    bool enabled;
};
enum hfx_rows_status hfx_route_row_parse(const char *line, size_t length, struct hfx_route_row *row,
                                         struct hfx_rows_error *error);
/* A whole listing; *rows is malloc'd (free()), possibly empty. */
enum hfx_rows_status hfx_route_rows_parse(const char *listing, size_t size, struct hfx_route_row **rows,
                                          size_t *count, struct hfx_rows_error *error);

/* ---- a port's live status from faxd: "Key: value" lines; unknown keys are ignored ---- */

struct hfx_port_status {
    char description[256], address[128], caller_id[128], csid[64], tsid[64], document_name[256];
    char sender_name[256], recipient_name[256], routing[256];
    char state[16], kind[16];              /* "Idle", "Offline"...; "loopback", "sip" (empty from older faxd) */
    long current_page, page_count, document_size;
    bool send, receive;
    long long start_time, submitted_time;   /* Unix seconds, 0 when none */
};
/* One line into status (the other fields stay as they are). */
enum hfx_rows_status hfx_status_line_parse(const char *line, size_t length, struct hfx_port_status *status,
                                           struct hfx_rows_error *error);
/* A whole reply; status is cleared first. */
enum hfx_rows_status hfx_status_parse(const char *listing, size_t size, struct hfx_port_status *status,
                                      struct hfx_rows_error *error);

#endif
