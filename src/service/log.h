/* faxd's log: one line per event, with a timestamp and, where there is one, the job id. */
#ifndef OPENFAXCOM_FAXD_LOG_H
#define OPENFAXCOM_FAXD_LOG_H

#include <stdio.h>

void faxd_log_open(const char *path);   /* NULL: standard error */
void faxd_log(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
