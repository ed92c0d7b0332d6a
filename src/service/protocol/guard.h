/*
 * Per-address limits (docs/faxd.md "Security"): how many sessions one address holds at once, and how
 * many failed PASS/ADMIN it may make before it is locked out for a while. Shared by every session
 * thread; all functions lock internally.
 */
#ifndef OPENFAXCOM_FAXD_GUARD_H
#define OPENFAXCOM_FAXD_GUARD_H

#include <stdbool.h>

struct guard;

struct guard *guard_new(int max_sessions_per_address, int max_login_failures, int lockout_seconds);
void guard_free(struct guard *guard);

/* A session from address begins; false (and nothing counted) when the address has its maximum. */
bool guard_session_begin(struct guard *guard, const char *address);
void guard_session_end(struct guard *guard, const char *address);

/* True while address is locked out after too many failed logins. */
bool guard_locked_out(struct guard *guard, const char *address);
/* A failed login; true when this failure locked the address out. */
bool guard_login_failed(struct guard *guard, const char *address);
/* A good login forgives the address's earlier failures. */
void guard_login_ok(struct guard *guard, const char *address);

#endif
