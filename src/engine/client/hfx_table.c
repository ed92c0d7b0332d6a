/* Listings as tables of text cells (see hfx_table.h). */
#include "hfx_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line into cells at *cells (columns of them); false when the line is left out. */
static bool parse_row(const char *line, size_t length, size_t columns, char **cells, struct hfx_rows_error *error,
                      size_t line_number, enum hfx_rows_status *why)
{
    struct hfx_field fields[64];

    if (length > HFX_ROWS_MAX_LINE) {
        *why = HFX_ROWS_ERR_TOO_LONG;
    } else if (memchr(line, 0, length)) {
        *why = HFX_ROWS_ERR_NUL;
    } else if (hfx_rows_split(line, length, fields, columns) < columns) {
        *why = HFX_ROWS_ERR_FIELDS;
    } else {
        for (size_t i = 0; i < columns; i++) {
            size_t n = fields[i].length;
            while (n && (fields[i].text[n - 1] == ' ' || fields[i].text[n - 1] == '\r'))
                n--;
            if (!(cells[i] = malloc(n + 1))) {
                while (i--)
                    free(cells[i]);
                *why = HFX_ROWS_ERR_NO_MEMORY;
                return false;
            }
            memcpy(cells[i], fields[i].text, n);
            cells[i][n] = 0;
        }
        return true;
    }
    if (error && !error->line) {
        error->line = line_number;
        snprintf(error->detail, sizeof(error->detail), "line %zu: %s", line_number, hfx_rows_strerror(*why));
    }
    return false;
}

enum hfx_rows_status hfx_table_parse(const char *listing, size_t size, size_t columns, struct hfx_table *table,
                                     struct hfx_rows_error *error)
{
    size_t lines = hfx_rows_count_lines(listing, size), at = 0, number = 0;

    memset(table, 0, sizeof(*table));
    if (error)
        memset(error, 0, sizeof(*error));
    if (!columns || columns > 64 || lines > HFX_ROWS_MAX) {
        if (error) {
            error->status = columns && columns <= 64 ? HFX_ROWS_ERR_TOO_MANY : HFX_ROWS_ERR_FIELDS;
            snprintf(error->detail, sizeof(error->detail), "%zu lines of %zu columns", lines, columns);
        }
        return columns && columns <= 64 ? HFX_ROWS_ERR_TOO_MANY : HFX_ROWS_ERR_FIELDS;
    }
    table->columns = columns;
    if (lines && !(table->cell = calloc(lines * columns, sizeof(*table->cell))))
        return error ? (error->status = HFX_ROWS_ERR_NO_MEMORY) : HFX_ROWS_ERR_NO_MEMORY;
    while (at < size) {
        const char *end = memchr(listing + at, '\n', size - at);
        size_t length = end ? (size_t)(end - (listing + at)) : size - at;
        enum hfx_rows_status why = HFX_ROWS_OK;

        number++;
        char **cells = table->cell + table->rows * columns;
        if (length && parse_row(listing + at, length, columns, cells, error, number, &why))
            table->rows++;
        else if (why == HFX_ROWS_ERR_NO_MEMORY) {
            hfx_table_free(table);
            if (error)
                error->status = why;
            return why;
        } else if (why != HFX_ROWS_OK && error) {
            error->skipped++;
        }
        at += length + 1;
    }
    return HFX_ROWS_OK;
}

void hfx_table_free(struct hfx_table *table)
{
    for (size_t i = 0; table->cell && i < table->rows * table->columns; i++)
        free(table->cell[i]);
    free(table->cell);
    memset(table, 0, sizeof(*table));
}

const char *hfx_table_cell(const struct hfx_table *table, size_t row, size_t column)
{
    return row < table->rows && column < table->columns ? table->cell[row * table->columns + column] : "";
}

long long hfx_table_number(const struct hfx_table *table, size_t row, size_t column, long long min, long long max,
                           long long fallback)
{
    const char *text = hfx_table_cell(table, row, column);
    struct hfx_field field = { text, strlen(text) };
    long long value;

    while (field.length && field.text[0] == ' ')   /* hfaxd pads numbers on the left */
        field.text++, field.length--;
    return hfx_rows_number(field, min, max, &value) ? value : fallback;
}
