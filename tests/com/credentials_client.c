/*
 * FaxServer.Connect against a server that wants a password: none stored in the Windows credential store
 * (a clear error naming the credential to add), a wrong one stored (login refused), the right one
 * (connected). Usage: credentials_client.exe <host> <port>; the server must ask the Windows user for
 * the password "secret". Cleans up the credential it writes.
 * For other tests: credentials_client.exe --store HOST PASSWORD, and --forget HOST.
 */
#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wincred.h>

#include "check.h"
#include "faxcom.h"


static BOOL store(const WCHAR *target, const WCHAR *password)
{
    CREDENTIALW credential = { 0 };
    WCHAR user[257];
    DWORD length = ARRAYSIZE(user);

    GetUserNameW(user, &length);
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = (WCHAR *)target;
    credential.UserName = user;
    credential.CredentialBlob = (BYTE *)password;
    credential.CredentialBlobSize = (DWORD)(wcslen(password) * sizeof(WCHAR));
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
    return CredWriteW(&credential, 0);
}

static HRESULT connect_once(const WCHAR *server_name, BSTR *description)
{
    IFaxServer *server = NULL;
    BSTR name = SysAllocString(server_name);
    HRESULT hr = CoCreateInstance(&CLSID_FaxServer, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxServer, (void **)&server);
    IErrorInfo *info = NULL;

    *description = NULL;
    if (SUCCEEDED(hr)) {
        hr = IFaxServer_Connect(server, name);
        if (FAILED(hr) && GetErrorInfo(0, &info) == S_OK) {
            IErrorInfo_GetDescription(info, description);
            IErrorInfo_Release(info);
        }
        if (SUCCEEDED(hr)) {
            VARIANT jobs;
            hr = IFaxServer_GetJobs(server, &jobs);   /* the session works, not just the login */
            if (SUCCEEDED(hr))
                VariantClear(&jobs);
        }
        IFaxServer_Release(server);
    }
    SysFreeString(name);
    return hr;
}

int main(int argc, char **argv)
{
    WCHAR server_name[128], target[128], password[128];
    BSTR text;
    HRESULT hr;

    if (argc == 4 && !strcmp(argv[1], "--store")) {
        swprintf(target, ARRAYSIZE(target), L"openfaxcom:%hs", argv[2]);
        swprintf(password, ARRAYSIZE(password), L"%hs", argv[3]);
        return store(target, password) ? 0 : 1;
    }
    if (argc == 3 && !strcmp(argv[1], "--forget")) {
        swprintf(target, ARRAYSIZE(target), L"openfaxcom:%hs", argv[2]);
        return CredDeleteW(target, CRED_TYPE_GENERIC, 0) ? 0 : 1;
    }
    if (argc != 3) {
        printf("usage: credentials_client.exe HOST PORT\n0 passed, 1 failed\n");
        return 2;
    }
    swprintf(server_name, ARRAYSIZE(server_name), L"%hs:%hs", argv[1], argv[2]);
    swprintf(target, ARRAYSIZE(target), L"openfaxcom:%hs", argv[1]);
    CoInitialize(NULL);
    CredDeleteW(target, CRED_TYPE_GENERIC, 0);

    hr = connect_once(server_name, &text);
    check(hr == HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) && text && wcsstr(text, target) && wcsstr(text, L"cmdkey"),
          "no stored password: %08lx \"%ls\"", hr, text ? text : L"");
    SysFreeString(text);

    check(store(target, L"wrong"), "CredWriteW (a wrong password)");
    hr = connect_once(server_name, &text);
    check(hr == HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) && text && wcsstr(text, L"Login incorrect"),
          "a wrong stored password is refused: %08lx \"%ls\"", hr, text ? text : L"");
    SysFreeString(text);

    check(store(target, L"secret"), "CredWriteW (the right password)");
    hr = connect_once(server_name, &text);
    check(hr == S_OK, "the stored password logs in: %08lx \"%ls\"", hr, text ? text : L"");
    SysFreeString(text);

    check(CredDeleteW(target, CRED_TYPE_GENERIC, 0), "the credential is removed again");
    CoUninitialize();
    printf("credential store client: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
