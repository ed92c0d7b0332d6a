/* The connection rules faxcom.dll and winfax.dll share (fax_connect.h). */
#include "fax_connect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wincred.h>

#define DEFAULT_TIMEOUT_SECONDS 10

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

BOOL fax_setting_text(const WCHAR *variable, const WCHAR *name, WCHAR *out, DWORD size)
{
    DWORD length = GetEnvironmentVariableW(variable, out, size);

    if (length > 0 && length < size)
        return TRUE;
    out[0] = 0;
    return registry_setting(name, TRUE, out, size);
}

BOOL fax_setting_number(const WCHAR *variable, const WCHAR *name, DWORD *out)
{
    WCHAR text[16];
    DWORD length = GetEnvironmentVariableW(variable, text, ARRAYSIZE(text));

    if (length > 0 && length < ARRAYSIZE(text) && _wtoi(text) > 0) {
        *out = (DWORD)_wtoi(text);
        return TRUE;
    }
    return registry_setting(name, FALSE, out, sizeof(*out));
}

char *fax_utf8(const WCHAR *text)
{
    int length = WideCharToMultiByte(CP_UTF8, 0, text ? text : L"", -1, NULL, 0, NULL, NULL);
    char *out = length > 0 ? malloc(length) : NULL;

    if (out)
        WideCharToMultiByte(CP_UTF8, 0, text ? text : L"", -1, out, length, NULL, NULL);
    return out;
}

/* The local service's address: FAXCOM_SERVER, else the Server setting, else this machine. */
static void local_server(WCHAR *out, size_t size)
{
    if (!fax_setting_text(L"FAXCOM_SERVER", L"Server", out, (DWORD)size))
        wcsncpy(out, L"127.0.0.1", size);
}

static int timeout_ms(void)
{
    DWORD seconds;

    if (fax_setting_number(L"FAXCOM_TIMEOUT", L"TimeoutSeconds", &seconds) && seconds > 0 && seconds < 3600)
        return (int)seconds * 1000;
    return DEFAULT_TIMEOUT_SECONDS * 1000;
}

BOOL fax_parse_server(const WCHAR *given, char *host, size_t host_size, int *port)
{
    WCHAR name[300];
    const WCHAR *h, *colon;
    size_t length;

    if (!given || !*given)
        local_server(name, ARRAYSIZE(name));
    else
        wcsncpy(name, given, ARRAYSIZE(name) - 1), name[ARRAYSIZE(name) - 1] = 0;
    h = name;
    while (*h == L'\\' || *h == L'/')
        h++;
    *port = FAX_CONNECT_DEFAULT_PORT;
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
    return WideCharToMultiByte(CP_UTF8, 0, h, (int)length, host, (int)host_size - 1, NULL, NULL) > 0
           && (host[length < host_size ? length : host_size - 1] = 0, TRUE);
}

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
            password = fax_utf8(text);
            SecureZeroMemory(text, credential->CredentialBlobSize);
            free(text);
        }
    }
    CredFree(credential);
    return password;
}

enum hfx_status fax_open_session(const char *host, int port, const struct hfx_trace *trace, struct hfx_client **out,
                                 struct fax_session_result *result)
{
    struct hfx_client *client = NULL;
    DWORD user_length = ARRAYSIZE(result->user);
    enum hfx_status status;
    char *user, *password;

    *out = NULL;
    memset(&result->error, 0, sizeof(result->error));
    result->no_stored_password = result->connected = FALSE;
    if ((status = hfx_connect_traced(host, port, timeout_ms(), trace, &client, &result->error)) != HFX_OK)
        return status;
    result->connected = TRUE;
    if (!GetUserNameW(result->user, &user_length))
        wcscpy(result->user, L"faxuser");
    user = fax_utf8(result->user);
    status = hfx_login(client, user ? user : "faxuser", NULL, &result->error);
    if (status == HFX_ERR_PASSWORD_NEEDED) {
        password = stored_password(host);
        if (!password) {
            result->no_stored_password = TRUE;
        } else {
            status = hfx_login(client, user ? user : "faxuser", password, &result->error);
            SecureZeroMemory(password, strlen(password));
            free(password);
        }
    }
    free(user);
    if (status != HFX_OK) {
        hfx_close(client);
        return status;
    }
    *out = client;
    return HFX_OK;
}

BOOL fax_session_is_faxd(const struct hfx_client *client)
{
    return strstr(hfx_greeting(client), "openfaxcom faxd") != NULL;
}
