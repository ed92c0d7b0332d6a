/* An in-process COM server's class factories and self-registration, for both DLLs (com_server_dll.h). */
#include "com_server_dll.h"

#include <stdlib.h>
#include <wchar.h>

/* ---- class factories ---- */

static inline struct com_class_factory *impl_from_IClassFactory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, struct com_class_factory, IClassFactory_iface);
}

static HRESULT WINAPI class_factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

/* The factories are static: their references keep the module loaded through the server lock. */
static ULONG WINAPI class_factory_AddRef(IClassFactory *iface)
{
    com_lock_server(impl_from_IClassFactory(iface)->module, TRUE);
    return 2;
}

static ULONG WINAPI class_factory_Release(IClassFactory *iface)
{
    com_lock_server(impl_from_IClassFactory(iface)->module, FALSE);
    return 1;
}

static HRESULT WINAPI class_factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return impl_from_IClassFactory(iface)->create(riid, out);
}

static HRESULT WINAPI class_factory_LockServer(IClassFactory *iface, BOOL lock)
{
    com_lock_server(impl_from_IClassFactory(iface)->module, lock);
    return S_OK;
}

const IClassFactoryVtbl com_class_factory_vtbl = {
    class_factory_QueryInterface, class_factory_AddRef, class_factory_Release,
    class_factory_CreateInstance, class_factory_LockServer,
};

HRESULT com_get_class_object(struct com_class_factory *factories, size_t count, REFCLSID clsid, REFIID riid,
                             void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    for (size_t i = 0; i < count; i++)
        if (IsEqualCLSID(clsid, factories[i].clsid))
            return IClassFactory_QueryInterface(&factories[i].IClassFactory_iface, riid, out);
    return CLASS_E_CLASSNOTAVAILABLE;
}

/* ---- registration ---- */

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

static LSTATUS register_class(const struct com_registered_class *cls, const WCHAR *dll_path, const WCHAR *libid,
                              const WCHAR *version)
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
        { L"\\Version", NULL, version },
    };
    /* Version comes last: it is left out where the original writes none */
    for (size_t i = 0; i < ARRAYSIZE(values) - (version ? 0 : 1); i++) {
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

static LSTATUS unregister_class(const struct com_registered_class *cls)
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

static HRESULT register_all(const struct com_registration *r)
{
    WCHAR dll_path[MAX_PATH], libid[40], *slash;
    ITypeLib *typelib;
    LSTATUS status;
    HRESULT hr;
    DWORD length = GetModuleFileNameW(r->module->instance, dll_path, ARRAYSIZE(dll_path));

    if (!length || length == ARRAYSIZE(dll_path))
        return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
    StringFromGUID2(r->libid, libid, ARRAYSIZE(libid));
    for (size_t i = 0; i < r->class_count; i++)
        if ((status = register_class(&r->classes[i], dll_path, libid, r->class_version)) != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(status);
    if (FAILED(hr = com_load_typelib(r->module, &typelib)))
        return hr;
    WCHAR help_dir[MAX_PATH];
    wcscpy(help_dir, dll_path);
    if ((slash = wcsrchr(help_dir, L'\\')))
        *slash = 0;
    hr = RegisterTypeLib(typelib, dll_path, help_dir);
    ITypeLib_Release(typelib);
    return hr;
}

static HRESULT unregister_all(const struct com_registration *r)
{
    LSTATUS status;
    BSTR path;
    HRESULT hr;

    for (size_t i = 0; i < r->class_count; i++)
        if ((status = unregister_class(&r->classes[i])) != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(status);
    /* Unregistering what is not registered is not an error. Ask first: Windows and Wine disagree on
     * what UnRegisterTypeLib returns for a library that is not there. */
    if (FAILED(QueryPathOfRegTypeLib(r->libid, r->major, r->minor, LOCALE_NEUTRAL, &path)))
        return S_OK;
    SysFreeString(path);
    hr = UnRegisterTypeLib(r->libid, r->major, r->minor, LOCALE_NEUTRAL, sizeof(void *) == 8 ? SYS_WIN64 : SYS_WIN32);
    return hr;
}

HRESULT com_register_server(const struct com_registration *registration)
{
    BOOL redirected;
    HRESULT hr = enter_scope(&redirected);

    if (SUCCEEDED(hr))
        hr = register_all(registration);
    restore_scope(redirected);
    return hr;
}

HRESULT com_unregister_server(const struct com_registration *registration)
{
    BOOL redirected;
    HRESULT hr = enter_scope(&redirected);

    if (SUCCEEDED(hr))
        hr = unregister_all(registration);
    restore_scope(redirected);
    return hr;
}
