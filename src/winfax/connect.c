/*
 * FaxConnectFaxServer, FaxClose, FaxAccessCheck and the error mapping. NULL or "" is the local service
 * and a name is a server, by faxcom.dll's rules (src/win32/fax_connect.c): the same settings, the same
 * login, the same password store.
 */
#include "winfax_private.h"

#include <stdlib.h>
#include <string.h>

#include "fax_connect.h"

DWORD winfax_error_from(const struct hfx_error *error, DWORD refused_code)
{
    switch (error->status) {
    case HFX_OK: return ERROR_SUCCESS;
    case HFX_ERR_NO_MEMORY: return ERROR_NOT_ENOUGH_MEMORY;
    case HFX_ERR_LOGIN: case HFX_ERR_PASSWORD_NEEDED: return ERROR_ACCESS_DENIED;
    case HFX_ERR_REFUSED:
        /* hfaxd's 504 is both "Operation not permitted" and "already done": only the first is a right */
        if (error->code == 530 || (error->code == 504 && strstr(error->detail, "not permitted")))
            return ERROR_ACCESS_DENIED;
        return error->code == 421 ? RPC_S_SERVER_UNAVAILABLE : refused_code;
    case HFX_ERR_ARGUMENT: return ERROR_INVALID_PARAMETER;
    default: return RPC_S_SERVER_UNAVAILABLE;   /* resolve, connect, timeout, closed, protocol, I/O */
    }
}

BOOL fail_hfx(const struct hfx_error *error, DWORD refused_code)
{
    return fail(winfax_error_from(error, refused_code));
}

/* Windows' defaults for a server without settings (HylaFAX): 2 retries, 10 minutes apart. */
static void default_config(FAX_CONFIGURATIONW *config)
{
    memset(config, 0, sizeof(*config));
    config->SizeOfStruct = sizeof(*config);
    config->Retries = 2;
    config->RetryDelay = 10;
}

static BOOL connect_server(const WCHAR *name, HANDLE *out)
{
    struct winfax_server *server;

    if (!out)
        return fail(ERROR_INVALID_PARAMETER);
    *out = NULL;
    if (!(server = calloc(1, sizeof(*server))))
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    server->ref = 1;
    InitializeCriticalSection(&server->lock);
    default_config(&server->config);
    if (!fax_parse_server(name, server->host, sizeof(server->host), &server->port)) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    if (!server_open_session(server->host, server->port, &server->client, &server->faxd)) {
        DWORD code = GetLastError();
        server_release(server);
        return fail(code);
    }
    if (!(*out = handle_new(WINFAX_SERVER, server))) {
        server_release(server);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    return TRUE;
}

BOOL WINAPI FaxConnectFaxServerW(LPCWSTR MachineName, LPHANDLE FaxHandle)
{
    return connect_server(MachineName, FaxHandle);
}

BOOL WINAPI FaxConnectFaxServerA(LPCSTR MachineName, LPHANDLE FaxHandle)
{
    WCHAR name[300];

    if (MachineName && *MachineName
        && !MultiByteToWideChar(CP_ACP, 0, MachineName, -1, name, ARRAYSIZE(name)))
        return fail(ERROR_INVALID_PARAMETER);
    return connect_server(MachineName && *MachineName ? name : NULL, FaxHandle);
}

BOOL WINAPI FaxClose(HANDLE FaxHandle)
{
    enum winfax_kind kind;
    void *object = handle_remove(FaxHandle, &kind);

    if (!object)
        return fail(ERROR_INVALID_HANDLE);
    if (kind == WINFAX_SERVER)
        server_release(object);   /* the session closes with the last call still using it */
    else
        port_release(object);
    return TRUE;
}

/* HylaFAX has no per-right ACLs (spec 7): a connected user holds every right the protocol lets it
 * try; the server still refuses what it refuses, as ERROR_ACCESS_DENIED on the call itself. */
BOOL WINAPI FaxAccessCheck(HANDLE FaxHandle, DWORD AccessMask)
{
    struct winfax_server *server = handle_get(FaxHandle, WINFAX_SERVER, NULL);
    DWORD specific = AccessMask & ~(STANDARD_RIGHTS_ALL | GENERIC_ALL | GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE);

    if (!server)
        return FALSE;
    server_release(server);
    if (specific & ~0x7fu) {   /* bits no fax right has: not granted */
        SetLastError(ERROR_SUCCESS);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        DisableThreadLibraryCalls(instance);
    return TRUE;
}
