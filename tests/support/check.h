/* The unit tests' one assertion: counts, and prints what failed; main prints "N passed, M failed". */
#ifndef OPENFAXCOM_CHECK_H
#define OPENFAXCOM_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int passed, failed;

static void check(int ok, const char *format, ...) __attribute__((format(printf, 2, 3), unused));
static void check(int ok, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL ");
        vprintf(format, args);
        printf("\n");
    }
    va_end(args);
}

#endif
