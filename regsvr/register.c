/*
 * DllRegisterServer / DllUnregisterServer: the registry layout of Microsoft's faxcom.dll
 * (spec 1.2) for the two creatable classes, plus the type library.
 *
 * Per-user registration (no admin rights): set FAXCOM_REGISTER_SCOPE=user before regsvr32. The same
 * keys then go to HKCU\Software\Classes: HKEY_CLASSES_ROOT is redirected there for the duration with
 * RegOverridePredefKey, as ATL does, so the type library registration follows too. The DLL keeps
 * exactly the four exports of the original.
 */
#include "faxcom_private.h"

#include <stdlib.h>
#include <wchar.h>

struct registered_class {
    const CLSID *clsid;
    const WCHAR *description;
    const WCHAR *progid;              /* versioned */
    const WCHAR *independent_progid;
};

static const struct registered_class classes[] = {
    { &CLSID_FaxServer, L"FaxServer Class", L"FaxServer.FaxServer.1", L"FaxServer.FaxServer" },
    { &CLSID_FaxTiff, L"FaxTiff Class", L"FaxTiff.FaxTiff.1", L"FaxTiff.FaxTiff" },
};

static BOOL per_user_scope(void)
{
    WCHAR scope[16];
    DWORD length = GetEnvironmentVariableW(L"FAXCOM_REGISTER_SCOPE", scope, ARRAYSIZE(scope));
    return length && length < ARRAYSIZE(scope) && !_wcsicmp(scope, L"user");
}

/* Redirects HKEY_CLASSES_ROOT to the current user's classes when asked to; undone by restore_scope. */
static HRESULT enter_scope(BOOL *redirected)
{
    HKEY user_classes;
    LSTATUS status;

    *redirected = FALSE;
    if (!per_user_scope())
        return S_OK;
    status = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\Classes", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                             &user_classes, NULL);
    if (status != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(status);
    status = RegOverridePredefKey(HKEY_CLASSES_ROOT, user_classes);
    RegCloseKey(user_classes);
    if (status != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(status);
    *redirected = TRUE;
    return S_OK;
}

static void restore_scope(BOOL redirected)
{
    if (redirected)
        RegOverridePredefKey(HKEY_CLASSES_ROOT, NULL);
}

/* Creates HKCR\path (a NULL name sets the default value) with a string value. */
static LSTATUS set_string(const WCHAR *path, const WCHAR *name, const WCHAR *value)
{
    HKEY key;
    LSTATUS status = RegCreateKeyExW(HKEY_CLASSES_ROOT, path, 0, NULL, 0, KEY_WRITE, NULL, &key, NULL);

    if (status != ERROR_SUCCESS)
        return status;
    if (value)
        status = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, (DWORD)(wcslen(value) + 1) * sizeof(WCHAR));
    RegCloseKey(key);
    return status;
}

static LSTATUS delete_tree(const WCHAR *path)
{
    LSTATUS status = RegDeleteTreeW(HKEY_CLASSES_ROOT, path);

    if (status == ERROR_SUCCESS)
        status = RegDeleteKeyW(HKEY_CLASSES_ROOT, path);
    return status == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : status;
}

static LSTATUS register_class(const struct registered_class *cls, const WCHAR *dll_path, const WCHAR *libid)
{
    WCHAR clsid[40], key[200];
    LSTATUS status;

    StringFromGUID2(cls->clsid, clsid, ARRAYSIZE(clsid));
    swprintf(key, ARRAYSIZE(key), L"CLSID\\%ls", clsid);
    const struct { const WCHAR *subkey, *name, *value; } values[] = {
        { L"", NULL, cls->description },
        { L"\\ProgID", NULL, cls->progid },
        { L"\\VersionIndependentProgID", NULL, cls->independent_progid },
        { L"\\Programmable", NULL, NULL },
        { L"\\InprocServer32", NULL, dll_path },
        { L"\\InprocServer32", L"ThreadingModel", L"Apartment" },
        { L"\\TypeLib", NULL, libid },
        { L"\\Version", NULL, L"1.0" },
    };
    for (size_t i = 0; i < ARRAYSIZE(values); i++) {
        WCHAR path[260];
        swprintf(path, ARRAYSIZE(path), L"%ls%ls", key, values[i].subkey);
        if ((status = set_string(path, values[i].name, values[i].value)) != ERROR_SUCCESS)
            return status;
    }
    for (int independent = 0; independent < 2; independent++) {
        const WCHAR *progid = independent ? cls->independent_progid : cls->progid;
        WCHAR path[200];
        if ((status = set_string(progid, NULL, cls->description)) != ERROR_SUCCESS)
            return status;
        swprintf(path, ARRAYSIZE(path), L"%ls\\CLSID", progid);
        if ((status = set_string(path, NULL, clsid)) != ERROR_SUCCESS)
            return status;
        if (independent) {
            swprintf(path, ARRAYSIZE(path), L"%ls\\CurVer", progid);
            if ((status = set_string(path, NULL, cls->progid)) != ERROR_SUCCESS)
                return status;
        }
    }
    return ERROR_SUCCESS;
}

static LSTATUS unregister_class(const struct registered_class *cls)
{
    WCHAR clsid[40], key[60];
    LSTATUS status;

    StringFromGUID2(cls->clsid, clsid, ARRAYSIZE(clsid));
    swprintf(key, ARRAYSIZE(key), L"CLSID\\%ls", clsid);
    if ((status = delete_tree(key)) != ERROR_SUCCESS)
        return status;
    if ((status = delete_tree(cls->progid)) != ERROR_SUCCESS)
        return status;
    return delete_tree(cls->independent_progid);
}

static HRESULT register_all(void)
{
    WCHAR dll_path[MAX_PATH], libid[40], *slash;
    ITypeLib *typelib;
    LSTATUS status;
    HRESULT hr;
    DWORD length = GetModuleFileNameW(faxcom_module.instance, dll_path, ARRAYSIZE(dll_path));

    if (!length || length == ARRAYSIZE(dll_path))
        return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
    StringFromGUID2(&LIBID_FAXCOMLib, libid, ARRAYSIZE(libid));
    for (size_t i = 0; i < ARRAYSIZE(classes); i++)
        if ((status = register_class(&classes[i], dll_path, libid)) != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(status);
    if (FAILED(hr = faxcom_load_typelib(&typelib)))
        return hr;
    WCHAR help_dir[MAX_PATH];
    wcscpy(help_dir, dll_path);
    if ((slash = wcsrchr(help_dir, L'\\')))
        *slash = 0;
    hr = RegisterTypeLib(typelib, dll_path, help_dir);
    ITypeLib_Release(typelib);
    return hr;
}

static HRESULT unregister_all(void)
{
    LSTATUS status;
    BSTR path;
    HRESULT hr;

    for (size_t i = 0; i < ARRAYSIZE(classes); i++)
        if ((status = unregister_class(&classes[i])) != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(status);
    /* Unregistering what is not registered is not an error. Ask first: Windows and Wine disagree on
     * what UnRegisterTypeLib returns for a library that is not there. */
    if (FAILED(QueryPathOfRegTypeLib(&LIBID_FAXCOMLib, 1, 0, LOCALE_NEUTRAL, &path)))
        return S_OK;
    SysFreeString(path);
    hr = UnRegisterTypeLib(&LIBID_FAXCOMLib, 1, 0, LOCALE_NEUTRAL, sizeof(void *) == 8 ? SYS_WIN64 : SYS_WIN32);
    return hr;
}

HRESULT WINAPI DllRegisterServer(void)
{
    BOOL redirected;
    HRESULT hr = enter_scope(&redirected);

    if (SUCCEEDED(hr))
        hr = register_all();
    restore_scope(redirected);
    return hr;
}

HRESULT WINAPI DllUnregisterServer(void)
{
    BOOL redirected;
    HRESULT hr = enter_scope(&redirected);

    if (SUCCEEDED(hr))
        hr = unregister_all();
    restore_scope(redirected);
    return hr;
}
