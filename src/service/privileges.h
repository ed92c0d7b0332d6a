/* faxd starts as root to bind its ports and runs as its own user after (docs/faxd.md "Security"). */
#ifndef OPENFAXCOM_FAXD_PRIVILEGES_H
#define OPENFAXCOM_FAXD_PRIVILEGES_H

#include <stdbool.h>
#include <stddef.h>

/* Run as root: gives the spool tree to user and becomes that user for good (groups too), checked by
 * failing to get root back. Not root: nothing to drop. False with why when it cannot be done; faxd
 * must not go on as root then. */
bool privileges_drop(const char *user, const char *spool, char *why, size_t why_size);

#endif
