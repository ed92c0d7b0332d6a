/*
 * Who may connect: rules in HylaFAX's hosts.hfaxd format, one per line, first match wins:
 *   [!]regex[:uid[:password[:admin-password]]]
 * The regex is matched against "user@address" (so "127.0.0.1" and "^alice@" both work); a leading
 * '!' denies. Passwords are crypt(3) hashes, as faxadduser writes them. Without a rules file, loopback
 * clients may connect without a password and nobody else may.
 */
#ifndef OPENFAXCOM_FAXD_ACCESS_H
#define OPENFAXCOM_FAXD_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

struct access_rules;

/* NULL path: the default rule. NULL result: the file cannot be read or has a bad regex (why says). */
struct access_rules *access_load(const char *path, char *why, size_t why_size);
void access_free(struct access_rules *rules);

struct access_decision {
    bool allowed;
    bool needs_password;
    char password_hash[128];
    char admin_hash[128];      /* empty: no ADMIN for this user */
};

void access_check(const struct access_rules *rules, const char *user, const char *address, bool loopback,
                  struct access_decision *decision);
bool access_password_ok(const char *hash, const char *password);

#endif
