/*
 * How a Windows client of ours reaches the fax service: the COM DLLs' FaxServer.Connect (through
 * src/com/common/com_session.c) and winfax.dll's FaxConnectFaxServer share these rules (docs/troubleshooting.md). The administrator's settings come
 * from an environment variable, else HKCU, then HKLM \Software\openfaxcom\FaxServer; "" names the local
 * service (FAXCOM_SERVER / Server, else this machine); the session logs in as the Windows user, with the
 * password from the credential store ("openfaxcom:<host>") when the server asks for one. Win32, no COM.
 */
#ifndef OPENFAXCOM_FAX_CONNECT_H
#define OPENFAXCOM_FAX_CONNECT_H

#include <windows.h>

#include "hfx_client.h"

#define FAX_CONNECT_DEFAULT_PORT 4559

/* A setting: text (size in WCHARs, NUL included) or a number. FALSE when none is set or it is empty. */
BOOL fax_setting_text(const WCHAR *variable, const WCHAR *name, WCHAR *out, DWORD size);
BOOL fax_setting_number(const WCHAR *variable, const WCHAR *name, DWORD *out);

/* "" or NULL (the local service), "host", "\\host", "host:port", "[v6]:port", "v6" -> host (UTF-8) and
 * port; FALSE when malformed. */
BOOL fax_parse_server(const WCHAR *given, char *host, size_t host_size, int *port);

/* UTF-16 -> UTF-8, malloc'd (NULL text is ""); NULL when out of memory. */
char *fax_utf8(const WCHAR *text);

struct fax_session_result {
    struct hfx_error error;      /* why connecting or logging in failed */
    BOOL connected;              /* the failure came after the greeting, while logging in */
    BOOL no_stored_password;     /* the server asked for a password and the credential store has none */
    WCHAR user[257];             /* the Windows user the session logs in as */
};
/* A logged-in session with host:port (trace may be NULL; the client owns its context from here on).
 * HFX_ERR_PASSWORD_NEEDED with result->no_stored_password when no password is stored. */
enum hfx_status fax_open_session(const char *host, int port, const struct hfx_trace *trace, struct hfx_client **out,
                                 struct fax_session_result *result);

/* True when the greeting is our own faxd's (which takes extensions and renders text itself). */
BOOL fax_session_is_faxd(const struct hfx_client *client);

#endif
