/*
 * A listing of '|'-separated columns in a format the caller chose (JOBFMT/RCVFMT), kept as text cells:
 * fxscomex.dll's queues and archives read sendq, doneq and recvq this way, with more columns than
 * faxcom.dll's fixed job rows carry. The bounds are hfx_rows': a row that is too long, holds a NUL or
 * has too few columns is left out and counted, so one odd row never hides the others.
 */
#ifndef OPENFAXCOM_HFX_TABLE_H
#define OPENFAXCOM_HFX_TABLE_H

#include <stddef.h>

#include "hfx_rows.h"

struct hfx_table {
    size_t rows, columns;
    char **cell;    /* rows * columns, row by row; each NUL-terminated, trailing blanks removed */
};

/* listing (size bytes, lines ended by LF or CR LF) into table; the last column takes the rest of its line
 * ('|' included). On failure table holds nothing to free. */
enum hfx_rows_status hfx_table_parse(const char *listing, size_t size, size_t columns, struct hfx_table *table,
                                     struct hfx_rows_error *error);
void hfx_table_free(struct hfx_table *table);
const char *hfx_table_cell(const struct hfx_table *table, size_t row, size_t column);
/* A cell as a decimal number in min..max, else fallback. */
long long hfx_table_number(const struct hfx_table *table, size_t row, size_t column, long long min, long long max,
                           long long fallback);

#endif
