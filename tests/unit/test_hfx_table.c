/*
 * The tables fxscomex.dll reads its queues and archives through: a faxd send queue and receive queue in
 * the DLL's formats, then what a broken or hostile server could send (short rows, NULs, overlong lines,
 * padded and out-of-range numbers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "hfx_table.h"

static void test_listing(void)
{
    static const char sendq[] =
        "3|P|1796523590| 127|0|0|1|0|any|alice|1002|Ann|Bo|tag|D|waiting|with bar\r\n"
        "4|T|1796523591|63|1|2|2|1|loop1001|alice|1003|Cy||tag2| |\r\n";
    struct hfx_rows_error error;
    struct hfx_table table;

    check(hfx_table_parse(sendq, strlen(sendq), 16, &table, &error) == HFX_ROWS_OK && table.rows == 2
              && table.columns == 16 && !error.skipped, "two rows of 16 columns");
    check(!strcmp(hfx_table_cell(&table, 0, 15), "waiting|with bar"), "the last column takes the rest of its line");
    check(!strcmp(hfx_table_cell(&table, 1, 15), ""), "an empty last column, its CR removed");
    check(!strcmp(hfx_table_cell(&table, 1, 14), ""), "a blank cell is empty");
    check(hfx_table_number(&table, 0, 3, 0, 255, -1) == 127, "a left-padded number is read");
    check(hfx_table_number(&table, 0, 2, 0, 1LL << 40, -1) == 1796523590LL, "a Unix time is read");
    check(hfx_table_number(&table, 0, 1, 0, 9, -1) == -1, "a letter is no number: the fallback");
    check(hfx_table_number(&table, 1, 4, 0, 0, -1) == -1, "out of range: the fallback");
    check(!strcmp(hfx_table_cell(&table, 2, 0), "") && !strcmp(hfx_table_cell(&table, 0, 16), ""),
          "cells outside the table are empty");
    hfx_table_free(&table);
    check(!table.cell && !table.rows, "free clears the table");

    check(hfx_table_parse("", 0, 3, &table, &error) == HFX_ROWS_OK && !table.rows, "an empty listing");
    hfx_table_free(&table);
}

static void test_hostile(void)
{
    struct hfx_rows_error error;
    struct hfx_table table;
    static const char odd[] = "a|b\n\nx|y|z\nn|\0|z\n1|2|3";
    size_t long_size = HFX_ROWS_MAX_LINE + 20;
    char *long_line = malloc(long_size);

    /* parsed first: check's arguments, which read error, are evaluated in no set order */
    enum hfx_rows_status parsed = hfx_table_parse(odd, sizeof(odd) - 1, 3, &table, &error);
    check(parsed == HFX_ROWS_OK && table.rows == 2 && error.skipped == 2 && error.line == 1
              && strstr(error.detail, "line 1"),
          "a short row and a NUL row are left out, the others read (%zu skipped, \"%s\")", error.skipped,
          error.detail);
    check(!strcmp(hfx_table_cell(&table, 1, 2), "3"), "a last line without LF is read");
    hfx_table_free(&table);

    memset(long_line, '|', long_size);
    long_line[long_size - 1] = '\n';
    check(hfx_table_parse(long_line, long_size, 3, &table, &error) == HFX_ROWS_OK && !table.rows
              && error.skipped == 1, "an overlong line is left out");
    hfx_table_free(&table);
    free(long_line);

    check(hfx_table_parse("a", 1, 0, &table, &error) != HFX_ROWS_OK && !table.cell, "no columns is refused");
    check(hfx_table_parse("a", 1, 65, &table, &error) != HFX_ROWS_OK && !table.cell, "too many columns is refused");
}

int main(void)
{
    test_listing();
    test_hostile();
    printf("hfx table: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
