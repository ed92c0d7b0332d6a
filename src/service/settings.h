/*
 * What SITE FAXD shows and changes (docs/protocol.md): the server's settings, named like faxcom.dll's
 * FaxServer properties, and each port's. Here are their names, ranges and text forms; the queue holds
 * the values and applies them (queue_settings.c). A setting starts from faxd.conf; one set through the
 * protocol is kept in SPOOL/etc/settings ("Name: value" lines) and wins over the file from then on.
 */
#ifndef OPENFAXCOM_FAXD_SETTINGS_H
#define OPENFAXCOM_FAXD_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

struct faxd_settings {
    int retries;                  /* a job without MAXTRIES gets retries + 1 tries */
    int retry_delay;              /* seconds (the protocol speaks minutes) */
    int dirty_days;               /* finished jobs older than this leave doneq; 0 = kept */
    bool branding, use_device_tsid, server_coverpage, queue_paused, archive;
    char archive_directory[1024];
    char mapi_profile[256];       /* kept and shown only: faxd has no MAPI */
    int discount_start, discount_end;   /* minutes after local midnight; equal = no window */
    unsigned stored;              /* which settings SPOOL/etc/settings keeps (one bit per name) */
};

void settings_from_config(struct faxd_settings *settings, const struct faxd_config *config);

/* The setting's own spelling for a name given in any case; NULL when there is none. */
const char *settings_name(const char *name);
/* The value as GET answers it. name must be known (settings_name). */
void settings_get(const struct faxd_settings *settings, const char *name, char *out, size_t size);
/* Checks value and sets it (and its stored bit); false with why ("must be 0 to 99") and nothing changed. */
bool settings_set(struct faxd_settings *settings, const char *name, const char *value, char *why, size_t why_size);

/* SPOOL/etc/settings: the stored settings as text (malloc'd), and back over settings. A line that is
 * not a known setting with a good value is logged and skipped. */
char *settings_serialize(const struct faxd_settings *settings, size_t *size);
void settings_parse(struct faxd_settings *settings, const char *text);

/* Calls each(context, key, value) for every "key: value" line of text; text is cut up in place. */
void settings_each_line(char *text, void (*each)(void *context, char *key, char *value), void *context);

/* ---- a port's settings (SITE FAXD PORT) ---- */
enum port_setting { PORT_RINGS, PORT_CSID, PORT_TSID, PORT_SEND, PORT_RECEIVE, PORT_PRIORITY, PORT_SETTING_COUNT };

/* -1 when name is none of Rings, Csid, Tsid, Send, Receive, Priority (any case). */
int port_setting_find(const char *name);
const char *port_setting_name(enum port_setting setting);
/* Checks a value: *number gets a number or flag (0/1); an ident is checked only. line_count bounds Priority. */
bool port_setting_check(enum port_setting setting, const char *value, int line_count, int *number, char *why,
                        size_t why_size);

#endif
