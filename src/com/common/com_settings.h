/*
 * faxd's server settings (docs/protocol.md section 4, SITE FAXD GET/SET) as both COM DLLs read and write
 * them: faxcom.dll's FaxServer properties and fxscomex.dll's queue and archive objects. One copy of the
 * wire format, the quoting of text values and the failure text.
 */
#ifndef OPENFAXCOM_COM_SETTINGS_H
#define OPENFAXCOM_COM_SETTINGS_H

#include "com_module.h"

struct hfx_client;

/* SITE FAXD GET name: *value (malloc'd UTF-8) is faxd's answer. Failures set error info for (module, type),
 * naming member and server_name. */
HRESULT com_setting_read(struct com_module *module, unsigned type, const WCHAR *server_name,
                         struct hfx_client *client, const WCHAR *member, const char *name, char **value);
/* The same for a number (*value is 0 when faxd's answer is not one). */
HRESULT com_setting_read_number(struct com_module *module, unsigned type, const WCHAR *server_name,
                                struct hfx_client *client, const WCHAR *member, const char *name, LONG *value);
/* SITE FAXD SET name value; text (when not NULL) is sent quoted instead of number. */
HRESULT com_setting_write(struct com_module *module, unsigned type, const WCHAR *server_name,
                          struct hfx_client *client, const WCHAR *member, const char *name, LONG number,
                          const WCHAR *text);

#endif
