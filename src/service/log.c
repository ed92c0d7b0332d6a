#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <time.h>

static FILE *log_file;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void faxd_log_open(const char *path)
{
    FILE *f = path ? fopen(path, "a") : NULL;
    if (path && !f)
        fprintf(stderr, "faxd: cannot open log %s, logging to standard error\n", path);
    log_file = f;
}

void faxd_log(const char *format, ...)
{
    FILE *out = log_file ? log_file : stderr;
    struct timespec now;
    struct tm tm;
    va_list args;

    clock_gettime(CLOCK_REALTIME, &now);
    localtime_r(&now.tv_sec, &tm);
    pthread_mutex_lock(&log_lock);
    fprintf(out, "%04d-%02d-%02d %02d:%02d:%02d.%03ld faxd: ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
            tm.tm_hour, tm.tm_min, tm.tm_sec, now.tv_nsec / 1000000);
    va_start(args, format);
    vfprintf(out, format, args);
    va_end(args);
    fputc('\n', out);
    fflush(out);
    pthread_mutex_unlock(&log_lock);
}
