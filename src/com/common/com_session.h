/*
 * What both COM DLLs' FaxServer.Connect share: the administrator's settings, the server-name rules, the
 * logged-in session as the Windows user (password from the credential store), and one mapping of the
 * protocol client's failures to HRESULTs with text. One copy, so that faxcom.dll's FaxServer and
 * fxscomex.dll's FaxComEx.FaxServer reach the same server from the same name.
 */
#ifndef OPENFAXCOM_COM_SESSION_H
#define OPENFAXCOM_COM_SESSION_H

#include "com_module.h"

struct hfx_client;
struct hfx_error;
struct hfx_trace;

#define COM_DEFAULT_PORT 4559

/* An administrator's setting: the environment variable, else the value under HKCU, then HKLM (64-bit view),
 * Software\openfaxcom\FaxServer (docs/troubleshooting.md). FALSE when none is set or it is empty. */
BOOL com_setting_text(const WCHAR *variable, const WCHAR *name, WCHAR *out, DWORD size);
BOOL com_setting_number(const WCHAR *variable, const WCHAR *name, DWORD *out);

/* Where Connect goes: "", "host", "\\host", "host:port", "[v6]:port" or "v6" ("" is the local server:
 * FAXCOM_SERVER, else the Server setting, else 127.0.0.1). name is host[:port] for messages. */
struct com_server_address {
    WCHAR name[300];
    char host[256];
    int port;
};
/* FALSE when the name is malformed (address is then unusable). */
BOOL com_server_address_parse(const WCHAR *given, struct com_server_address *address);

/* A logged-in session with address as the Windows user; trace as for hfx_connect_traced (NULL: none).
 * Failures set error info for (module, type), naming the server. */
HRESULT com_session_open(struct com_module *module, unsigned type, const struct com_server_address *address,
                         const struct hfx_trace *trace, struct hfx_client **out);

/* The session for what reads or changes jobs. hfaxd keeps each connection's own copy of a job and re-reads
 * it only when its file is a second newer, so on a stock HylaFAX server the session that just changed a
 * job (JSUSP, then JSUBM) can see its old state: there this opens a fresh session (*owned TRUE: the caller
 * closes it); on faxd, which never shows stale jobs, it is the shared one. */
HRESULT com_session_for_jobs(struct com_module *module, unsigned type, const struct com_server_address *address,
                             struct hfx_client *shared, struct hfx_client **out, BOOL *owned);

/* A server-side failure as an HRESULT with text: what was being done, on which server, the reply. */
HRESULT com_session_failure(struct com_module *module, unsigned type, const WCHAR *server_name, const WCHAR *what,
                            const struct hfx_error *error);

/* The Windows user's name as UTF-8 (malloc'd): the login name, and a job's FROMUSER when no sender is given.
 * NULL when Windows cannot say. */
char *com_user_name(void);

/* Whether the greeting is our own faxd's (which takes extensions and renders text itself). */
BOOL com_session_is_faxd(const struct hfx_client *client);

#endif
