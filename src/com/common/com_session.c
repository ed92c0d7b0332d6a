/* Connect's shared half (com_session.h): src/win32/fax_connect.c's settings, server names and login, with
 * failures as HRESULTs. */
#include "com_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "com_trace.h"
#include "fax_connect.h"
#include "hfx_client.h"

/* ---- settings, server names, login: src/win32/fax_connect.c, the rules winfax.dll shares ---- */

BOOL com_setting_text(const WCHAR *variable, const WCHAR *name, WCHAR *out, DWORD size)
{
    return fax_setting_text(variable, name, out, size);
}

BOOL com_setting_number(const WCHAR *variable, const WCHAR *name, DWORD *out)
{
    return fax_setting_number(variable, name, out);
}

BOOL com_server_address_parse(const WCHAR *given, struct com_server_address *address)
{
    if (!fax_parse_server(given, address->host, sizeof(address->host), &address->port))
        return FALSE;
    swprintf(address->name, ARRAYSIZE(address->name), address->port == COM_DEFAULT_PORT ? L"%hs" : L"%hs:%d",
             address->host, address->port);
    return TRUE;
}

HRESULT com_session_open(struct com_module *module, unsigned type, const struct com_server_address *address,
                         const struct hfx_trace *trace, struct hfx_client **out)
{
    struct fax_session_result result;

    if (fax_open_session(address->host, address->port, trace, out, &result) == HFX_OK)
        return S_OK;
    if (result.no_stored_password)
        return com_error(module, type, HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED),
                         L"Fax server %ls asks user %ls for a password, and none is stored: add a generic "
                         L"credential named \"openfaxcom:%hs\" (cmdkey /generic:openfaxcom:%hs /user:%ls "
                         L"/pass:...)", address->name, result.user, address->host, address->host, result.user);
    return com_session_failure(module, type, address->name, result.connected ? L"Logging in" : L"Connect",
                               &result.error);
}

HRESULT com_session_failure(struct com_module *module, unsigned type, const WCHAR *server_name, const WCHAR *what,
                            const struct hfx_error *error)
{
    BSTR detail = com_bstr_from_bytes(error->detail[0] ? error->detail : hfx_strerror(error->status));
    HRESULT hr;

    switch (error->status) {
    case HFX_ERR_TIMEOUT: hr = HRESULT_FROM_WIN32(ERROR_TIMEOUT); break;
    case HFX_ERR_CLOSED: case HFX_ERR_IO:
        /* 421: the server refuses more sessions ("No more connections can be made to this computer") */
        hr = HRESULT_FROM_WIN32(error->code == 421 ? ERROR_REQ_NOT_ACCEP : ERROR_CONNECTION_ABORTED);
        break;
    case HFX_ERR_CONNECT: hr = HRESULT_FROM_WIN32(ERROR_CONNECTION_REFUSED); break;
    case HFX_ERR_RESOLVE: hr = HRESULT_FROM_WIN32(ERROR_HOST_UNREACHABLE); break;
    case HFX_ERR_LOGIN: case HFX_ERR_PASSWORD_NEEDED: hr = HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED); break;
    case HFX_ERR_NO_MEMORY: hr = E_OUTOFMEMORY; break;
    case HFX_ERR_REFUSED:
        hr = error->code == 421 ? HRESULT_FROM_WIN32(ERROR_REQ_NOT_ACCEP)
           : error->code == 504 || error->code == 530 ? HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) : E_FAIL;
        break;
    default: hr = E_FAIL;
    }
    hr = com_error(module, type, hr, L"%ls on fax server %ls failed: %ls", what, server_name, detail ? detail : L"");
    SysFreeString(detail);
    return hr;
}

char *com_user_name(void)
{
    WCHAR name[257];
    DWORD length = ARRAYSIZE(name);

    return GetUserNameW(name, &length) ? com_utf8(name) : NULL;
}

BOOL com_session_is_faxd(const struct hfx_client *client)
{
    return fax_session_is_faxd(client);
}

HRESULT com_session_for_jobs(struct com_module *module, unsigned type, const struct com_server_address *address,
                             struct hfx_client *shared, struct hfx_client **out, BOOL *owned)
{
    struct hfx_trace trace;
    HRESULT hr;

    *owned = FALSE;
    *out = shared;
    if (com_session_is_faxd(shared))
        return S_OK;
    hr = com_session_open(module, type, address, com_trace_hook(module, &trace) ? &trace : NULL, out);
    *owned = SUCCEEDED(hr);
    return hr;
}
