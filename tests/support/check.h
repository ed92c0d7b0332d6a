/* The unit tests' one assertion: counts, and prints what failed; main prints "N passed, M failed". */
#ifndef OPENFAXCOM_CHECK_H
#define OPENFAXCOM_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int passed, failed;

#ifdef _WIN32   /* msvcrt's printf: no format checking that would match it */
static void check(int ok, const char *format, ...) __attribute__((unused));
#else
static void check(int ok, const char *format, ...) __attribute__((format(printf, 2, 3), unused));
#endif
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
