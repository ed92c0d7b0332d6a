/* Connect's shared half (com_session.h): settings, server names, login, failures as HRESULTs. */
#include "com_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wincred.h>

#include "hfx_client.h"

#define DEFAULT_TIMEOUT_SECONDS 10

/* ---- settings ---- */

/* A value under HKCU, else HKLM, \Software\openfaxcom\FaxServer: REG_DWORD for a number (size 4), REG_SZ or
 * REG_EXPAND_SZ (expanded) for text (size in WCHARs, room for the NUL included). The 64-bit view of HKLM, so
 * that the i686 DLL in a 32-bit program reads what `reg add HKLM\...` wrote, not WOW6432Node. */
static BOOL registry_setting(const WCHAR *name, BOOL text, void *out, DWORD size)
{
    static const HKEY roots[] = { HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE };

    for (size_t i = 0; i < ARRAYSIZE(roots); i++) {
        WCHAR raw[MAX_PATH + 1] = { 0 };   /* the registry's REG_SZ may come without its NUL */
        DWORD type, length = text ? sizeof(raw) - sizeof(WCHAR) : size;
        LSTATUS status;
        HKEY key;
        if (RegOpenKeyExW(roots[i], L"Software\\openfaxcom\\FaxServer", 0, KEY_READ | KEY_WOW64_64KEY, &key)
            != ERROR_SUCCESS)
            continue;
        status = RegQueryValueExW(key, name, NULL, &type, text ? (BYTE *)raw : out, &length);
        RegCloseKey(key);
        if (status != ERROR_SUCCESS)
            continue;
        if (!text && type == REG_DWORD && length == sizeof(DWORD))
            return TRUE;
        if (text && type == REG_SZ && raw[0] && wcslen(raw) < size) {
            wcscpy(out, raw);
            return TRUE;
        }
        if (text && type == REG_EXPAND_SZ && raw[0]) {
            DWORD expanded = ExpandEnvironmentStringsW(raw, out, size);
            if (expanded > 0 && expanded <= size)
                return TRUE;
        }
    }
    return FALSE;
}

BOOL com_setting_text(const WCHAR *variable, const WCHAR *name, WCHAR *out, DWORD size)
{
    DWORD length = GetEnvironmentVariableW(variable, out, size);

    if (length > 0 && length < size)
        return TRUE;
    out[0] = 0;
    return registry_setting(name, TRUE, out, size);
}

BOOL com_setting_number(const WCHAR *variable, const WCHAR *name, DWORD *out)
{
    WCHAR text[16];
    DWORD length = GetEnvironmentVariableW(variable, text, ARRAYSIZE(text));

    if (length > 0 && length < ARRAYSIZE(text) && _wtoi(text) > 0) {
        *out = (DWORD)_wtoi(text);
        return TRUE;
    }
    return registry_setting(name, FALSE, out, sizeof(*out));
}

/* ---- server names ---- */

static void local_server(WCHAR *out, size_t size)
{
    if (!com_setting_text(L"FAXCOM_SERVER", L"Server", out, (DWORD)size))
        wcsncpy(out, L"127.0.0.1", size);
}

static int timeout_ms(void)
{
    DWORD seconds;

    if (com_setting_number(L"FAXCOM_TIMEOUT", L"TimeoutSeconds", &seconds) && seconds > 0 && seconds < 3600)
        return (int)seconds * 1000;
    return DEFAULT_TIMEOUT_SECONDS * 1000;
}

BOOL com_server_address_parse(const WCHAR *given, struct com_server_address *address)
{
    WCHAR name[300];
    const WCHAR *h, *colon;
    size_t length;
    char *host = address->host;
    size_t host_size = sizeof(address->host);
    int *port = &address->port;

    if (!given || !*given)
        local_server(name, ARRAYSIZE(name));
    else
        wcsncpy(name, given, ARRAYSIZE(name) - 1), name[ARRAYSIZE(name) - 1] = 0;
    h = name;
    while (*h == L'\\' || *h == L'/')
        h++;
    *port = COM_DEFAULT_PORT;
    if (*h == L'[') {
        const WCHAR *close = wcschr(h, L']');
        if (!close)
            return FALSE;
        length = (size_t)(close - h - 1);
        if (close[1] == L':')
            *port = _wtoi(close + 2);
        else if (close[1])
            return FALSE;
        h++;
    } else if ((colon = wcschr(h, L':')) && !wcschr(colon + 1, L':')) {
        length = (size_t)(colon - h);
        *port = _wtoi(colon + 1);
    } else {
        length = wcslen(h);   /* a name, IPv4, or an IPv6 address without brackets */
    }
    if (!length || length >= 256 || *port <= 0 || *port > 65535)
        return FALSE;
    if (WideCharToMultiByte(CP_UTF8, 0, h, (int)length, host, (int)host_size - 1, NULL, NULL) <= 0)
        return FALSE;
    host[length < host_size ? length : host_size - 1] = 0;
    swprintf(address->name, ARRAYSIZE(address->name), *port == COM_DEFAULT_PORT ? L"%hs" : L"%hs:%d", host, *port);
    return TRUE;
}

/* ---- login ---- */

/* The password stored in the Windows credential store under "openfaxcom:<host>" (generic). */
static char *stored_password(const char *host)
{
    WCHAR target[300];
    PCREDENTIALW credential;
    char *password = NULL;

    swprintf(target, ARRAYSIZE(target), L"openfaxcom:%hs", host);
    if (!CredReadW(target, CRED_TYPE_GENERIC, 0, &credential))
        return NULL;
    if (credential->CredentialBlobSize && credential->CredentialBlob) {
        WCHAR *text = calloc(credential->CredentialBlobSize / sizeof(WCHAR) + 1, sizeof(WCHAR));
        if (text) {
            memcpy(text, credential->CredentialBlob, credential->CredentialBlobSize);
            password = com_utf8(text);
            SecureZeroMemory(text, credential->CredentialBlobSize);
            free(text);
        }
    }
    CredFree(credential);
    return password;
}

HRESULT com_session_open(struct com_module *module, unsigned type, const struct com_server_address *address,
                         const struct hfx_trace *trace, struct hfx_client **out)
{
    struct hfx_error error = { 0 };
    struct hfx_client *client = NULL;
    WCHAR windows_user[257];
    DWORD user_length = ARRAYSIZE(windows_user);
    char *user, *password;

    *out = NULL;
    if (hfx_connect_traced(address->host, address->port, timeout_ms(), trace, &client, &error) != HFX_OK)
        return com_session_failure(module, type, address->name, L"Connect", &error);
    if (!GetUserNameW(windows_user, &user_length))
        wcscpy(windows_user, L"faxuser");
    user = com_utf8(windows_user);
    if (hfx_login(client, user, NULL, &error) == HFX_ERR_PASSWORD_NEEDED) {
        password = stored_password(address->host);
        if (!password) {
            hfx_close(client);
            free(user);
            return com_error(module, type, HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED),
                             L"Fax server %ls asks user %ls for a password, and none is stored: add a generic "
                             L"credential named \"openfaxcom:%hs\" (cmdkey /generic:openfaxcom:%hs /user:%ls "
                             L"/pass:...)", address->name, windows_user, address->host, address->host, windows_user);
        }
        hfx_login(client, user, password, &error);
        SecureZeroMemory(password, strlen(password));
        free(password);
    }
    free(user);
    if (error.status != HFX_OK) {
        hfx_close(client);
        return com_session_failure(module, type, address->name, L"Logging in", &error);
    }
    *out = client;
    return S_OK;
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
    return strstr(hfx_greeting(client), "openfaxcom faxd") != NULL;
}
