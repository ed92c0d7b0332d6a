/* libFuzzer target for the rows faxcom.dll and fxscomex.dll read from a server: the bytes of one listing go through every
 * listing parser (jobs, faxd ports, HylaFAX modems, routes, status) and, as one line, through each row
 * parser. What the parsers promise is checked too: no more rows than lines, fields inside the input,
 * texts NUL-terminated within their buffers, a job row's copy equal to it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_rows.h"
#include "hfx_table.h"

static void check_text(const char *text, size_t size)
{
    if (!memchr(text, 0, size))
        abort();
}

static void check_jobs(const char *data, size_t size)
{
    struct hfx_job_row *rows, copy;
    size_t count;

    if (hfx_job_rows_parse(data, size, &rows, &count, NULL) != HFX_ROWS_OK)
        return;
    if (count > hfx_rows_count_lines(data, size))
        abort();
    for (size_t i = 0; i < count; i++) {
        if (rows[i].id < 1 || rows[i].pages_total < 0 || rows[i].pages_sent < 0)
            abort();
        if (hfx_job_row_copy(&rows[i], &copy) == HFX_ROWS_OK) {
            for (size_t f = 0; f < HFX_JOB_FIELD_COUNT; f++)
                if (strcmp(copy.field[f], rows[i].field[f]))
                    abort();
            hfx_job_row_free(&copy);
        }
    }
    hfx_job_rows_free(rows, count);
}

static void check_ports(const char *data, size_t size, enum hfx_port_source source)
{
    struct hfx_port_row *rows;
    size_t count;

    if (hfx_port_rows_parse(data, size, source, &rows, &count, NULL) != HFX_ROWS_OK)
        return;
    if (count > hfx_rows_count_lines(data, size))
        abort();
    for (size_t i = 0; i < count; i++) {
        check_text(rows[i].name, sizeof(rows[i].name));
        check_text(rows[i].state, sizeof(rows[i].state));
    }
    free(rows);
}

static void check_routes(const char *data, size_t size)
{
    struct hfx_route_row *rows;
    size_t count;

    if (hfx_route_rows_parse(data, size, &rows, &count, NULL) != HFX_ROWS_OK)
        return;
    for (size_t i = 0; i < count; i++)
        check_text(rows[i].data, sizeof(rows[i].data));
    free(rows);
}

static void check_split(const char *data, size_t size)
{
    struct hfx_field fields[12];
    size_t count = hfx_rows_split(data, size, fields, 12), total = 0;

    for (size_t i = 0; i < count; i++) {
        if (fields[i].text < data || fields[i].text + fields[i].length > data + size)
            abort();
        total += fields[i].length;
    }
    if (count < 1 || count > 12 || total + count - 1 != size)
        abort();
}

/* fxscomex.dll's tables (hfx_table.c), in the widths its formats have: rows within the lines, every cell a
 * NUL-terminated text of the input's bytes without a line end. */
static void check_table(const char *data, size_t size, size_t columns)
{
    struct hfx_rows_error error;
    struct hfx_table table;

    if (hfx_table_parse(data, size, columns, &table, &error) != HFX_ROWS_OK)
        return;
    if (table.rows > hfx_rows_count_lines(data, size))
        abort();
    for (size_t r = 0; r < table.rows; r++)
        for (size_t c = 0; c < columns; c++) {
            const char *cell = hfx_table_cell(&table, r, c);
            if (strlen(cell) > size || strchr(cell, '\n'))
                abort();
            hfx_table_number(&table, r, c, 0, 1LL << 40, 0);
        }
    hfx_table_free(&table);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const char *data = (const char *)bytes;
    struct hfx_rows_error error;
    struct hfx_port_status status;
    struct hfx_job_row job;
    struct hfx_port_row port;
    struct hfx_route_row route;

    check_jobs(data, size);
    check_ports(data, size, HFX_PORTS_FAXD);
    check_ports(data, size, HFX_PORTS_HYLAFAX);
    check_routes(data, size);
    if (hfx_status_parse(data, size, &status, &error) == HFX_ROWS_OK) {
        check_text(status.description, sizeof(status.description));
        check_text(error.detail, sizeof(error.detail));
    }
    check_split(data, size);
    check_table(data, size, 8);
    check_table(data, size, 16);
    if (hfx_job_row_parse(data, size, &job, &error) == HFX_ROWS_OK)
        hfx_job_row_free(&job);
    hfx_port_row_parse_faxd(data, size, &port, &error);
    hfx_port_row_parse_modem(data, size, size, &port, &error);
    hfx_route_row_parse(data, size, &route, &error);
    hfx_status_line_parse(data, size, &status, &error);
    return 0;
}
