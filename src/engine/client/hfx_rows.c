/* Row parsers for what a HylaFAX-protocol server lists (see hfx_rows.h). */
#include "hfx_rows.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hfx_rows_strerror(enum hfx_rows_status status)
{
    switch (status) {
    case HFX_ROWS_OK: return "no error";
    case HFX_ROWS_ERR_TOO_LONG: return "a line is too long";
    case HFX_ROWS_ERR_NUL: return "a line holds a NUL byte";
    case HFX_ROWS_ERR_FIELDS: return "a line has too few fields";
    case HFX_ROWS_ERR_NUMBER: return "a field is not a number in range";
    case HFX_ROWS_ERR_TOO_MANY: return "too many rows";
    case HFX_ROWS_ERR_NO_MEMORY: return "out of memory";
    }
    return "unknown row error";
}

/* The engine is built with mingw's C99 printf (__USE_MINGW_ANSI_STDIO), so formats are checked as such. */
#if defined(__MINGW32__)
__attribute__((format(gnu_printf, 3, 4)))
#elif defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static enum hfx_rows_status refuse(struct hfx_rows_error *error, enum hfx_rows_status status, const char *format, ...)
{
    if (error) {
        va_list args;
        error->status = status;
        va_start(args, format);
        vsnprintf(error->detail, sizeof(error->detail), format, args);
        va_end(args);
    }
    return status;
}

size_t hfx_rows_split(const char *line, size_t length, struct hfx_field *fields, size_t max)
{
    size_t count = 0, start = 0;

    if (!max)
        return 0;
    for (size_t i = 0; i < length && count < max - 1; i++)
        if (line[i] == '|') {
            fields[count++] = (struct hfx_field){ line + start, i - start };
            start = i + 1;
        }
    fields[count++] = (struct hfx_field){ line + start, length - start };
    return count;
}

size_t hfx_rows_count_lines(const char *listing, size_t size)
{
    size_t lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += listing[i] == '\n';
    return lines + (size && listing[size - 1] != '\n');
}

bool hfx_rows_number(struct hfx_field field, long long min, long long max, long long *value)
{
    size_t i = 0;
    bool negative = false;
    unsigned long long magnitude = 0;

    if (i < field.length && field.text[i] == '-')
        negative = field.text[i++] == '-';
    if (i == field.length)
        return false;
    for (; i < field.length; i++) {
        unsigned digit = (unsigned char)field.text[i] - '0';
        if (digit > 9 || magnitude > ((unsigned long long)LLONG_MAX + 1 - digit) / 10)
            return false;
        magnitude = magnitude * 10 + digit;
    }
    if (!negative && magnitude > (unsigned long long)LLONG_MAX)
        return false;
    long long number = negative ? (long long)(0 - magnitude) : (long long)magnitude;
    if (number < min || number > max)
        return false;
    *value = number;
    return true;
}

/* A number field for a COM LONG, or the row's error naming the field. */
static bool long_field(struct hfx_field field, long min, const char *name, long *value, struct hfx_rows_error *error)
{
    long long number;
    if (!hfx_rows_number(field, min, INT32_MAX, &number)) {
        refuse(error, HFX_ROWS_ERR_NUMBER, "%s is not a number from %ld: \"%.*s\"", name, min,
               (int)(field.length > 40 ? 40 : field.length), field.text);
        return false;
    }
    *value = (long)number;
    return true;
}

static bool flag_field(struct hfx_field field, const char *name, bool *value, struct hfx_rows_error *error)
{
    long number;
    if (!long_field(field, INT32_MIN, name, &number, error))
        return false;
    *value = number != 0;
    return true;
}

/* Copies a field into a fixed buffer; a text too long is cut before the UTF-8 character it would split. */
static void copy_field(char *to, size_t size, struct hfx_field field)
{
    size_t length = field.length;
    if (length >= size) {
        length = size - 1;
        while (length && ((unsigned char)field.text[length] & 0xC0) == 0x80)
            length--;
    }
    memcpy(to, field.text, length);
    to[length] = 0;
}

static bool enough_fields(size_t found, size_t wanted, struct hfx_rows_error *error)
{
    if (found < wanted)
        refuse(error, HFX_ROWS_ERR_FIELDS, "%zu of %zu fields", found, wanted);
    return found >= wanted;
}

/* ---- one walk over a listing for every kind of row ---- */

/* Parses one line into row (the index-th accepted so far). */
typedef enum hfx_rows_status (*row_parser)(const char *line, size_t length, size_t index, void *row,
                                           struct hfx_rows_error *error);

struct listing_kind {
    size_t row_size;         /* 0: every line goes into the one target given */
    bool skip_first_line;    /* HylaFAX's status listing starts with the scheduler's line */
    row_parser parse;
};

/* Walks listing line by line (CR LF or LF; empty lines ignored), handing each bounded, NUL-free line to
 * the kind's parser. Rows go into a malloc'd array (*rows) or, for row_size 0, into target. */
static enum hfx_rows_status read_listing(const char *listing, size_t size, const struct listing_kind *kind,
                                         void *target, void **rows, size_t *count, struct hfx_rows_error *error)
{
    struct hfx_rows_error local = { 0 };
    size_t lines = hfx_rows_count_lines(listing, size), line_number = 0, accepted = 0;
    bool first = kind->skip_first_line;
    char *array = NULL;

    if (!error)
        error = &local;
    *error = (struct hfx_rows_error){ 0 };
    if (count)
        *count = 0;
    if (rows)
        *rows = NULL;
    if (lines > HFX_ROWS_MAX + (size_t)kind->skip_first_line)
        return refuse(error, HFX_ROWS_ERR_TOO_MANY, "%zu lines; at most %d rows are read", lines, HFX_ROWS_MAX);
    if (kind->row_size) {
        if (!(array = calloc(lines ? lines : 1, kind->row_size)))
            return refuse(error, HFX_ROWS_ERR_NO_MEMORY, "no memory for %zu rows", lines);
        target = array;
    }
    for (size_t at = 0; at < size;) {
        const char *line = listing + at, *newline = memchr(line, '\n', size - at);
        size_t length = newline ? (size_t)(newline - line) : size - at;
        struct hfx_rows_error row_error = { 0 };
        enum hfx_rows_status status;
        const char *nul;

        at += length + (newline != NULL);
        line_number++;
        if (length && line[length - 1] == '\r')
            length--;
        if (!length)
            continue;
        if (first) {
            first = false;
            continue;
        }
        if (length > HFX_ROWS_MAX_LINE)
            status = refuse(&row_error, HFX_ROWS_ERR_TOO_LONG, "%zu bytes; at most %d", length, HFX_ROWS_MAX_LINE);
        else if ((nul = memchr(line, 0, length)))
            status = refuse(&row_error, HFX_ROWS_ERR_NUL, "a NUL byte at %zu", (size_t)(nul - line));
        else
            status = kind->parse(line, length, accepted, array ? array + accepted * kind->row_size : target,
                                 &row_error);
        if (status == HFX_ROWS_OK) {
            accepted++;
            continue;
        }
        if (status == HFX_ROWS_ERR_NO_MEMORY) {
            if (count)
                *count = accepted;   /* the caller's free function releases what was parsed */
            if (rows)
                *rows = array;
            error->line = line_number;
            return refuse(error, status, "line %zu: %.160s", line_number, row_error.detail);
        }
        if (!error->skipped++) {
            error->line = line_number;
            snprintf(error->detail, sizeof(error->detail), "line %zu: %.160s", line_number, row_error.detail);
        }
    }
    if (count)
        *count = accepted;
    if (rows)
        *rows = array;
    return HFX_ROWS_OK;
}

/* ---- jobs ---- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\r';
}

enum hfx_rows_status hfx_job_row_parse(const char *line, size_t length, struct hfx_job_row *row,
                                       struct hfx_rows_error *error)
{
    struct hfx_field fields[HFX_JOB_FIELD_COUNT];
    size_t found = hfx_rows_split(line, length, fields, HFX_JOB_FIELD_COUNT);
    char *at;

    memset(row, 0, sizeof(*row));
    if (!enough_fields(found, HFX_JOB_FIELD_COUNT, error))
        return HFX_ROWS_ERR_FIELDS;
    for (size_t i = 0; i < HFX_JOB_FIELD_COUNT; i++)   /* hfaxd pads some fields; the values are without */
        while (fields[i].length && is_blank(fields[i].text[fields[i].length - 1]))
            fields[i].length--;
    if (!long_field(fields[HFX_JOB_ID], 1, "the job id", &row->id, error)
        || !long_field(fields[HFX_JOB_PAGES_TOTAL], 0, "the page count", &row->pages_total, error)
        || !long_field(fields[HFX_JOB_PAGES_SENT], 0, "the pages sent", &row->pages_sent, error))
        return HFX_ROWS_ERR_NUMBER;
    /* the fields with a NUL after each fit in the line's length + 1: the separators make the room */
    if (!(row->text = at = malloc(length + 1)))
        return refuse(error, HFX_ROWS_ERR_NO_MEMORY, "no memory for a job row of %zu bytes", length);
    for (size_t i = 0; i < HFX_JOB_FIELD_COUNT; i++) {
        memcpy(at, fields[i].text, fields[i].length);
        at[fields[i].length] = 0;
        row->field[i] = at;
        at += fields[i].length + 1;
    }
    return HFX_ROWS_OK;
}

enum hfx_rows_status hfx_job_row_copy(const struct hfx_job_row *from, struct hfx_job_row *to)
{
    const char *last = from->field[HFX_JOB_FIELD_COUNT - 1];
    size_t size = (size_t)(last - from->text) + strlen(last) + 1;

    *to = *from;
    if (!(to->text = malloc(size)))
        return HFX_ROWS_ERR_NO_MEMORY;
    memcpy(to->text, from->text, size);
    for (size_t i = 0; i < HFX_JOB_FIELD_COUNT; i++)
        to->field[i] = to->text + (from->field[i] - from->text);
    return HFX_ROWS_OK;
}

void hfx_job_row_free(struct hfx_job_row *row)
{
    free(row->text);
    memset(row, 0, sizeof(*row));
}

static enum hfx_rows_status job_row(const char *line, size_t length, size_t index, void *row,
                                    struct hfx_rows_error *error)
{
    (void)index;
    return hfx_job_row_parse(line, length, row, error);
}

enum hfx_rows_status hfx_job_rows_parse(const char *listing, size_t size, struct hfx_job_row **rows, size_t *count,
                                        struct hfx_rows_error *error)
{
    static const struct listing_kind kind = { sizeof(struct hfx_job_row), false, job_row };
    enum hfx_rows_status status = read_listing(listing, size, &kind, NULL, (void **)rows, count, error);
    if (status != HFX_ROWS_OK) {
        hfx_job_rows_free(*rows, *count);
        *rows = NULL;
        *count = 0;
    }
    return status;
}

void hfx_job_rows_free(struct hfx_job_row *rows, size_t count)
{
    for (size_t i = 0; rows && i < count; i++)
        hfx_job_row_free(&rows[i]);
    free(rows);
}

/* ---- ports ---- */

enum hfx_rows_status hfx_port_row_parse_faxd(const char *line, size_t length, struct hfx_port_row *row,
                                             struct hfx_rows_error *error)
{
    struct hfx_field f[11];

    memset(row, 0, sizeof(*row));
    if (!enough_fields(hfx_rows_split(line, length, f, 11), 11, error))
        return HFX_ROWS_ERR_FIELDS;
    if (!long_field(f[0], 0, "the device id", &row->device_id, error)
        || !long_field(f[3], INT32_MIN, "the rings", &row->rings, error)
        || !flag_field(f[6], "send", &row->send, error) || !flag_field(f[7], "receive", &row->receive, error)
        || !long_field(f[8], INT32_MIN, "the priority", &row->priority, error)
        || !flag_field(f[9], "canmodify", &row->can_modify, error))
        return HFX_ROWS_ERR_NUMBER;
    copy_field(row->name, sizeof(row->name), f[1]);
    copy_field(row->number, sizeof(row->number), f[2]);
    copy_field(row->csid, sizeof(row->csid), f[4]);
    copy_field(row->tsid, sizeof(row->tsid), f[5]);
    copy_field(row->state, sizeof(row->state), f[10]);
    return HFX_ROWS_OK;
}

enum hfx_rows_status hfx_port_row_parse_modem(const char *line, size_t length, size_t index,
                                              struct hfx_port_row *row, struct hfx_rows_error *error)
{
    struct hfx_field f[3];

    memset(row, 0, sizeof(*row));
    if (!enough_fields(hfx_rows_split(line, length, f, 3), 3, error))
        return HFX_ROWS_ERR_FIELDS;
    if (index >= INT32_MAX)
        return refuse(error, HFX_ROWS_ERR_TOO_MANY, "modem %zu", index);
    row->device_id = row->priority = (long)index + 1;
    copy_field(row->name, sizeof(row->name), f[0]);
    copy_field(row->number, sizeof(row->number), f[1]);
    copy_field(row->csid, sizeof(row->csid), f[1]);
    copy_field(row->tsid, sizeof(row->tsid), f[1]);
    copy_field(row->state, sizeof(row->state), f[2]);
    row->rings = 1;
    row->send = row->receive = true;
    return HFX_ROWS_OK;
}

static enum hfx_rows_status faxd_port_row(const char *line, size_t length, size_t index, void *row,
                                          struct hfx_rows_error *error)
{
    (void)index;
    return hfx_port_row_parse_faxd(line, length, row, error);
}

static enum hfx_rows_status modem_row(const char *line, size_t length, size_t index, void *row,
                                      struct hfx_rows_error *error)
{
    return hfx_port_row_parse_modem(line, length, index, row, error);
}

enum hfx_rows_status hfx_port_rows_parse(const char *listing, size_t size, enum hfx_port_source source,
                                         struct hfx_port_row **rows, size_t *count, struct hfx_rows_error *error)
{
    static const struct listing_kind faxd = { sizeof(struct hfx_port_row), false, faxd_port_row };
    static const struct listing_kind hylafax = { sizeof(struct hfx_port_row), true, modem_row };
    enum hfx_rows_status status = read_listing(listing, size, source == HFX_PORTS_FAXD ? &faxd : &hylafax, NULL,
                                               (void **)rows, count, error);
    if (status != HFX_ROWS_OK) {
        free(*rows);
        *rows = NULL;
        *count = 0;
    }
    return status;
}

/* ---- routing methods ---- */

enum hfx_rows_status hfx_route_row_parse(const char *line, size_t length, struct hfx_route_row *row,
                                         struct hfx_rows_error *error)
{
    struct hfx_field f[7];

    memset(row, 0, sizeof(*row));
    if (!enough_fields(hfx_rows_split(line, length, f, 7), 7, error))
        return HFX_ROWS_ERR_FIELDS;
    if (!flag_field(f[1], "enabled", &row->enabled, error))
        return HFX_ROWS_ERR_NUMBER;
    copy_field(row->guid, sizeof(row->guid), f[0]);
    copy_field(row->friendly, sizeof(row->friendly), f[2]);
    copy_field(row->function, sizeof(row->function), f[3]);
    copy_field(row->image, sizeof(row->image), f[4]);
    copy_field(row->extension, sizeof(row->extension), f[5]);
    copy_field(row->data, sizeof(row->data), f[6]);
    return HFX_ROWS_OK;
}

static enum hfx_rows_status route_row(const char *line, size_t length, size_t index, void *row,
                                      struct hfx_rows_error *error)
{
    (void)index;
    return hfx_route_row_parse(line, length, row, error);
}

enum hfx_rows_status hfx_route_rows_parse(const char *listing, size_t size, struct hfx_route_row **rows,
                                          size_t *count, struct hfx_rows_error *error)
{
    static const struct listing_kind kind = { sizeof(struct hfx_route_row), false, route_row };
    enum hfx_rows_status status = read_listing(listing, size, &kind, NULL, (void **)rows, count, error);
    if (status != HFX_ROWS_OK) {
        free(*rows);
        *rows = NULL;
        *count = 0;
    }
    return status;
}

/* ---- port status ---- */

#define TEXT_KEY(key, member) { key, offsetof(struct hfx_port_status, member), \
                                sizeof(((struct hfx_port_status *)0)->member) }
static const struct { const char *key; size_t offset, size; } status_texts[] = {
    TEXT_KEY("Description", description), TEXT_KEY("Address", address), TEXT_KEY("CallerId", caller_id),
    TEXT_KEY("Csid", csid), TEXT_KEY("Tsid", tsid), TEXT_KEY("DocumentName", document_name),
    TEXT_KEY("SenderName", sender_name), TEXT_KEY("RecipientName", recipient_name),
    TEXT_KEY("RoutingString", routing), TEXT_KEY("State", state), TEXT_KEY("Kind", kind),
};

static bool key_is(struct hfx_field key, const char *name)
{
    return key.length == strlen(name) && !memcmp(key.text, name, key.length);
}

enum hfx_rows_status hfx_status_line_parse(const char *line, size_t length, struct hfx_port_status *status,
                                           struct hfx_rows_error *error)
{
    const char *colon = NULL;

    for (size_t i = 0; i + 1 < length && !colon; i++)
        if (line[i] == ':' && line[i + 1] == ' ')
            colon = line + i;
    if (!colon)
        return refuse(error, HFX_ROWS_ERR_FIELDS, "no \"Key: value\"");
    struct hfx_field key = { line, (size_t)(colon - line) };
    struct hfx_field value = { colon + 2, length - key.length - 2 };
    long long number;

    for (size_t i = 0; i < sizeof(status_texts) / sizeof(status_texts[0]); i++)
        if (key_is(key, status_texts[i].key)) {
            copy_field((char *)status + status_texts[i].offset, status_texts[i].size, value);
            return HFX_ROWS_OK;
        }
    if (key_is(key, "CurrentPage"))
        return long_field(value, 0, "CurrentPage", &status->current_page, error) ? HFX_ROWS_OK : HFX_ROWS_ERR_NUMBER;
    if (key_is(key, "PageCount"))
        return long_field(value, 0, "PageCount", &status->page_count, error) ? HFX_ROWS_OK : HFX_ROWS_ERR_NUMBER;
    if (key_is(key, "DocumentSize"))
        return long_field(value, 0, "DocumentSize", &status->document_size, error) ? HFX_ROWS_OK
                                                                                      : HFX_ROWS_ERR_NUMBER;
    if (key_is(key, "Send"))
        return flag_field(value, "Send", &status->send, error) ? HFX_ROWS_OK : HFX_ROWS_ERR_NUMBER;
    if (key_is(key, "Receive"))
        return flag_field(value, "Receive", &status->receive, error) ? HFX_ROWS_OK : HFX_ROWS_ERR_NUMBER;
    bool start = key_is(key, "StartTime");
    if (start || key_is(key, "SubmittedTime")) {
        if (!hfx_rows_number(value, 0, LLONG_MAX, &number))
            return refuse(error, HFX_ROWS_ERR_NUMBER, "%s is not a time in seconds: \"%.*s\"",
                          start ? "StartTime" : "SubmittedTime", (int)(value.length > 40 ? 40 : value.length),
                          value.text);
        *(start ? &status->start_time : &status->submitted_time) = number;
    }
    return HFX_ROWS_OK;   /* JobId and keys of later versions: not read */
}

static enum hfx_rows_status status_line(const char *line, size_t length, size_t index, void *status,
                                        struct hfx_rows_error *error)
{
    (void)index;
    return hfx_status_line_parse(line, length, status, error);
}

enum hfx_rows_status hfx_status_parse(const char *listing, size_t size, struct hfx_port_status *status,
                                      struct hfx_rows_error *error)
{
    static const struct listing_kind kind = { 0, false, status_line };
    memset(status, 0, sizeof(*status));
    return read_listing(listing, size, &kind, status, NULL, NULL, error);
}
