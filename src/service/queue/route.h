/*
 * What happens to a received fax after it is safe in recvq: the line's routing methods (store in a
 * folder, print (run a command), e-mail through sendmail), each logged; and the small file helpers
 * the archive shares.
 */
#ifndef OPENFAXCOM_FAXD_ROUTE_H
#define OPENFAXCOM_FAXD_ROUTE_H

#include <stdbool.h>

#include "config.h"

/* Runs the routes of line_number for the fax at path, on a thread of its own (a command or a mail
 * server may take a while; the line and the queue never wait for them). enabled: which of
 * config->routes may run (SITE FAXD ROUTE changes that while faxd runs). */
void route_received(const struct faxd_config *config, const bool *enabled, const char *line_number, const char *path,
                    const char *sender, int pages);

/* Copies source to folder/name atomically (temp, fsync, rename, fsync of the folder). */
bool route_copy_file(const char *source, const char *folder, const char *name, char *why, size_t why_size);

/* Appends one line to the transfer log (SPOOL/log/xferfaxlog). */
void route_transfer_log(const char *spool_root, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
