/*
 * The HylaFAX client protocol's text layer that both sides share: the one line limit and quoted arguments.
 * The client (faxcom.dll) quotes, faxd unquotes; both take untrusted input and are fuzzed.
 */
#ifndef OPENFAXCOM_HFX_TEXT_H
#define OPENFAXCOM_HFX_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A command line's limit, CR LF included: faxd refuses a longer one (the connection stays usable) and the
 * client never sends one. */
#define HFX_MAX_LINE 4096

/* Quotes a JPARM value as the HylaFAX client does: "..." with \" and \\. False when out is too small or
 * the value has CR or LF (which would end the command line). */
bool hfx_quote(const char *value, char *out, size_t out_size);

/* A possibly double-quoted argument ("a b" -> a b; \" and \\ escapes) into out; false when malformed. */
bool hfx_unquote(const char *argument, char *out, size_t out_size);

#endif
