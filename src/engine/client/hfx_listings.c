/* Asking for a listing and parsing it (see hfx_listings.h). */
#include "hfx_listings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A listing hfx_rows could not read, as the client's error. */
static enum hfx_status unreadable(enum hfx_rows_status status, const struct hfx_rows_error *rows_error,
                                  struct hfx_error *error)
{
    enum hfx_status mapped = status == HFX_ROWS_ERR_NO_MEMORY ? HFX_ERR_NO_MEMORY : HFX_ERR_PROTOCOL;
    if (error) {
        error->status = mapped;
        snprintf(error->detail, sizeof(error->detail), "an unreadable listing: %s", rows_error->detail);
    }
    return mapped;
}

/* The listing's verdict: hfx_rows' failure, or one in which rows were left out and not one was read. That
 * is no empty queue but a listing we cannot read (a hostile or broken server's garbage, a row longer than
 * any row), and a caller shown "no jobs" would act on a lie. */
static enum hfx_status judged(enum hfx_rows_status parsed, size_t read, const struct hfx_rows_error *rows_error,
                              struct hfx_error *error)
{
    if (parsed != HFX_ROWS_OK)
        return unreadable(parsed, rows_error, error);
    if (read == 0 && rows_error->skipped > 0) {
        if (error) {
            error->status = HFX_ERR_PROTOCOL;
            snprintf(error->detail, sizeof(error->detail), "an unreadable listing: none of its %zu rows could be read "
                     "(%s)", rows_error->skipped, rows_error->detail);
        }
        return HFX_ERR_PROTOCOL;
    }
    return HFX_OK;
}

enum hfx_status hfx_fetch_jobs(struct hfx_client *client, struct hfx_job_row **rows, size_t *count,
                               struct hfx_error *error)
{
    struct hfx_rows_error rows_error;
    enum hfx_rows_status parsed;
    enum hfx_status status;
    char *listing = NULL;
    size_t size;

    *rows = NULL;
    *count = 0;
    if ((status = hfx_expect(client, 2, NULL, error, "JOBFMT \"%s\"", HFX_JOB_FORMAT)) != HFX_OK
        || (status = hfx_list(client, "sendq", &listing, &size, error)) != HFX_OK)
        return status;
    parsed = hfx_job_rows_parse(listing, size, rows, count, &rows_error);
    free(listing);
    if ((status = judged(parsed, *count, &rows_error, error)) != HFX_OK && parsed == HFX_ROWS_OK) {
        hfx_job_rows_free(*rows, *count);
        *rows = NULL;
    }
    return status;
}

enum hfx_status hfx_fetch_ports(struct hfx_client *client, enum hfx_port_source source, struct hfx_port_row **rows,
                                size_t *count, struct hfx_error *error)
{
    struct hfx_rows_error rows_error;
    enum hfx_rows_status parsed;
    enum hfx_status status;
    char *listing = NULL;
    size_t size = 0;

    *rows = NULL;
    *count = 0;
    if (source == HFX_PORTS_FAXD) {
        if ((status = hfx_lines(client, &listing, error, "SITE FAXD PORTS")) == HFX_OK)
            size = strlen(listing);
    } else if ((status = hfx_expect(client, 2, NULL, error, "MDMFMT \"%s\"", HFX_MODEM_FORMAT)) == HFX_OK) {
        status = hfx_list(client, "status", &listing, &size, error);
    }
    if (status != HFX_OK)
        return status;
    parsed = hfx_port_rows_parse(listing, size, source, rows, count, &rows_error);
    free(listing);
    if ((status = judged(parsed, *count, &rows_error, error)) != HFX_OK && parsed == HFX_ROWS_OK) {
        free(*rows);
        *rows = NULL;
    }
    return status;
}

enum hfx_status hfx_fetch_routes(struct hfx_client *client, const char *port, struct hfx_route_row **rows,
                                 size_t *count, struct hfx_error *error)
{
    struct hfx_rows_error rows_error;
    enum hfx_rows_status parsed;
    enum hfx_status status;
    char *listing = NULL;

    *rows = NULL;
    *count = 0;
    if ((status = hfx_lines(client, &listing, error, "SITE FAXD ROUTES %s", port)) != HFX_OK)
        return status;
    parsed = hfx_route_rows_parse(listing, strlen(listing), rows, count, &rows_error);
    free(listing);
    if ((status = judged(parsed, *count, &rows_error, error)) != HFX_OK && parsed == HFX_ROWS_OK) {
        free(*rows);
        *rows = NULL;
    }
    return status;
}

enum hfx_status hfx_fetch_status(struct hfx_client *client, const char *port, struct hfx_port_status *status,
                                 struct hfx_error *error)
{
    struct hfx_rows_error rows_error;
    enum hfx_rows_status parsed;
    enum hfx_status sent;
    char *listing = NULL;

    memset(status, 0, sizeof(*status));
    if ((sent = hfx_lines(client, &listing, error, "SITE FAXD STATUS %s", port)) != HFX_OK)
        return sent;
    parsed = hfx_status_parse(listing, strlen(listing), status, &rows_error);
    free(listing);
    return parsed == HFX_ROWS_OK ? HFX_OK : unreadable(parsed, &rows_error, error);
}

enum hfx_status hfx_fetch_table(struct hfx_client *client, const char *format_verb, const char *format,
                                const char *folder, size_t columns, struct hfx_table *table, struct hfx_error *error)
{
    struct hfx_rows_error rows_error;
    enum hfx_rows_status parsed;
    enum hfx_status status;
    char *listing = NULL;
    size_t size;

    memset(table, 0, sizeof(*table));
    if ((status = hfx_expect(client, 2, NULL, error, "%s \"%s\"", format_verb, format)) != HFX_OK
        || (status = hfx_list(client, folder, &listing, &size, error)) != HFX_OK)
        return status;
    parsed = hfx_table_parse(listing, size, columns, table, &rows_error);
    free(listing);
    if (parsed == HFX_ROWS_OK) {
        if ((status = judged(parsed, table->rows, &rows_error, error)) != HFX_OK)
            hfx_table_free(table);
        return status;
    }
    status = parsed == HFX_ROWS_ERR_NO_MEMORY ? HFX_ERR_NO_MEMORY : HFX_ERR_PROTOCOL;
    if (error) {
        error->status = status;
        snprintf(error->detail, sizeof(error->detail), "an unreadable %s listing: %s", folder, rows_error.detail);
    }
    return status;
}

enum hfx_status hfx_fetch_job_params(struct hfx_client *client, long job_id, const char *const *names, size_t count,
                                     char **values, struct hfx_error *error)
{
    enum hfx_status status;
    const char *reply;
    size_t i;

    for (i = 0; i < count; i++)
        values[i] = NULL;
    if ((status = hfx_expect(client, 2, &reply, error, "JOB %ld", job_id)) != HFX_OK)
        return status;
    for (i = 0; i < count; i++) {
        int code;
        if ((status = hfx_command(client, &code, &reply, error, "JPARM %s", names[i])) != HFX_OK)
            break;
        if (!(values[i] = strdup(code / 100 == 2 ? reply : ""))) {
            status = HFX_ERR_NO_MEMORY;
            break;
        }
    }
    hfx_command(client, &(int){ 0 }, &reply, NULL, "JOB DEFAULT");
    if (status != HFX_OK)
        for (i = 0; i < count; i++) {
            free(values[i]);
            values[i] = NULL;
        }
    return status;
}
