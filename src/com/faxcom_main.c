/*
 * Module glue of faxcom.dll: DllMain, class factories, DllGetClassObject/DllCanUnloadNow,
 * the type library cache and the error-info helper.
 */
#include "faxcom_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

HINSTANCE faxcom_instance;
static LONG live_objects, server_locks;

void faxcom_object_created(void) { InterlockedIncrement(&live_objects); }
void faxcom_object_destroyed(void) { InterlockedDecrement(&live_objects); }

void faxcom_lock_server(BOOL lock)
{
    if (lock)
        InterlockedIncrement(&server_locks);
    else
        InterlockedDecrement(&server_locks);
}

BOOL faxcom_can_unload(void) { return live_objects == 0 && server_locks == 0; }

/* ---- type library ---- */

static ITypeLib *typelib;
static ITypeInfo *typeinfos[FAXCOM_TID_COUNT];

/* Per tid: the interface, and the source its errors name (the ProgID style the original used). */
static const struct {
    const IID *iid;
    const WCHAR *source;
} tid_types[] = {
    [IFaxTiff_tid] = { &IID_IFaxTiff, L"FaxTiff.FaxTiff" },
    [IFaxServer_tid] = { &IID_IFaxServer, L"FaxServer.FaxServer" },
    [IFaxPort_tid] = { &IID_IFaxPort, L"FaxServer.FaxPort" },
    [IFaxPorts_tid] = { &IID_IFaxPorts, L"FaxServer.FaxPorts" },
    [IFaxRoutingMethod_tid] = { &IID_IFaxRoutingMethod, L"FaxServer.FaxRoutingMethod" },
    [IFaxRoutingMethods_tid] = { &IID_IFaxRoutingMethods, L"FaxServer.FaxRoutingMethods" },
    [IFaxStatus_tid] = { &IID_IFaxStatus, L"FaxServer.FaxStatus" },
    [IFaxDoc_tid] = { &IID_IFaxDoc, L"FaxServer.FaxDoc" },
    [IFaxJobs_tid] = { &IID_IFaxJobs, L"FaxServer.FaxJobs" },
    [IFaxJob_tid] = { &IID_IFaxJob, L"FaxServer.FaxJob" },
};
_Static_assert(sizeof(tid_types) / sizeof(tid_types[0]) == FAXCOM_TID_COUNT, "one interface per tid");

HRESULT faxcom_load_typelib(ITypeLib **out)
{
    if (!typelib) {
        WCHAR path[MAX_PATH];
        ITypeLib *loaded;
        HRESULT hr;
        DWORD length = GetModuleFileNameW(faxcom_instance, path, ARRAYSIZE(path));

        if (!length || length == ARRAYSIZE(path))
            return E_FAIL;
        hr = LoadTypeLibEx(path, REGKIND_NONE, &loaded);
        if (FAILED(hr))
            return hr;
        if (InterlockedCompareExchangePointer((void **)&typelib, loaded, NULL))
            ITypeLib_Release(loaded);
    }
    *out = typelib;
    ITypeLib_AddRef(typelib);
    return S_OK;
}

HRESULT faxcom_get_typeinfo(enum faxcom_tid tid, ITypeInfo **out)
{
    if ((unsigned)tid >= FAXCOM_TID_COUNT)
        return E_INVALIDARG;
    if (!typeinfos[tid]) {
        ITypeLib *lib;
        ITypeInfo *info;
        HRESULT hr = faxcom_load_typelib(&lib);

        if (FAILED(hr))
            return hr;
        hr = ITypeLib_GetTypeInfoOfGuid(lib, tid_types[tid].iid, &info);
        ITypeLib_Release(lib);
        if (FAILED(hr))
            return hr;
        if (InterlockedCompareExchangePointer((void **)&typeinfos[tid], info, NULL))
            ITypeInfo_Release(info);
    }
    *out = typeinfos[tid];
    ITypeInfo_AddRef(*out);
    return S_OK;
}

HRESULT faxcom_ids_of_names(enum faxcom_tid tid, LPOLESTR *names, UINT count, DISPID *ids)
{
    ITypeInfo *info;
    HRESULT hr = faxcom_get_typeinfo(tid, &info);

    if (SUCCEEDED(hr)) {
        hr = ITypeInfo_GetIDsOfNames(info, names, count, ids);
        ITypeInfo_Release(info);
    }
    return hr;
}

HRESULT faxcom_invoke(enum faxcom_tid tid, void *iface, DISPID id, WORD flags, DISPPARAMS *params, VARIANT *result,
                      EXCEPINFO *excep, UINT *arg_err)
{
    ITypeInfo *info;
    HRESULT hr = faxcom_get_typeinfo(tid, &info);

    if (SUCCEEDED(hr)) {
        hr = ITypeInfo_Invoke(info, iface, id, flags, params, result, excep, arg_err);
        ITypeInfo_Release(info);
    }
    return hr;
}

HRESULT faxcom_return_text(const char *text, BSTR *value)
{
    if (!value)
        return E_POINTER;
    *value = faxcom_bstr_from_bytes(text ? text : "");
    return *value ? S_OK : E_OUTOFMEMORY;
}

HRESULT faxcom_return_long(LONG number, LONG *value)
{
    if (!value)
        return E_POINTER;
    *value = number;
    return S_OK;
}

HRESULT faxcom_get_class_typeinfo(const CLSID *clsid, ITypeInfo **out)
{
    ITypeLib *lib;
    HRESULT hr = faxcom_load_typelib(&lib);

    if (FAILED(hr))
        return hr;
    hr = ITypeLib_GetTypeInfoOfGuid(lib, clsid, out);
    ITypeLib_Release(lib);
    return hr;
}

void faxcom_release_typelib(void)
{
    for (int i = 0; i < FAXCOM_TID_COUNT; i++)
        if (typeinfos[i]) {
            ITypeInfo_Release(typeinfos[i]);
            typeinfos[i] = NULL;
        }
    if (typelib) {
        ITypeLib_Release(typelib);
        typelib = NULL;
    }
}

/* ---- settings ---- */

/* A value under HKCU, else HKLM, \Software\openfaxcom\FaxServer, of the type wanted. */
static BOOL registry_setting(const WCHAR *name, DWORD wanted_type, void *out, DWORD size)
{
    static const HKEY roots[] = { HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE };

    for (size_t i = 0; i < ARRAYSIZE(roots); i++) {
        DWORD type, length = size;
        LSTATUS status;
        HKEY key;
        if (RegOpenKeyExW(roots[i], L"Software\\openfaxcom\\FaxServer", 0, KEY_READ, &key) != ERROR_SUCCESS)
            continue;
        status = RegQueryValueExW(key, name, NULL, &type, out, &length);
        RegCloseKey(key);
        if (status == ERROR_SUCCESS && type == wanted_type
            && (type != REG_SZ || length > sizeof(WCHAR)))
            return TRUE;
    }
    return FALSE;
}

BOOL faxcom_setting_text(const WCHAR *variable, const WCHAR *name, WCHAR *out, DWORD size)
{
    DWORD length = GetEnvironmentVariableW(variable, out, size);

    if (length > 0 && length < size)
        return TRUE;
    memset(out, 0, size * sizeof(WCHAR));   /* the registry's REG_SZ may come without its NUL */
    return registry_setting(name, REG_SZ, out, (size - 1) * sizeof(WCHAR));
}

BOOL faxcom_setting_number(const WCHAR *variable, const WCHAR *name, DWORD *out)
{
    WCHAR text[16];
    DWORD length = GetEnvironmentVariableW(variable, text, ARRAYSIZE(text));

    if (length > 0 && length < ARRAYSIZE(text) && _wtoi(text) > 0) {
        *out = (DWORD)_wtoi(text);
        return TRUE;
    }
    return registry_setting(name, REG_DWORD, out, sizeof(*out));
}

/* ---- errors ---- */

HRESULT faxcom_error(enum faxcom_tid tid, HRESULT hr, const WCHAR *format, ...)
{
    const WCHAR *source = tid_types[tid].source;
    ICreateErrorInfo *create;
    WCHAR description[1024], debug_line[1200];
    va_list args;

    va_start(args, format);
    _vsnwprintf(description, ARRAYSIZE(description) - 1, format, args);
    va_end(args);
    description[ARRAYSIZE(description) - 1] = 0;

    /* where a site sees why a script failed without changing it: DebugView, WINEDEBUG=+debugstr, the trace */
    _snwprintf(debug_line, ARRAYSIZE(debug_line) - 1, L"faxcom: %ls: %ls (0x%08lx)\n", source, description,
               (unsigned long)hr);
    debug_line[ARRAYSIZE(debug_line) - 1] = 0;
    OutputDebugStringW(debug_line);
    faxcom_trace_failure(source, description, hr);

    if (SUCCEEDED(CreateErrorInfo(&create))) {
        IErrorInfo *info;
        ICreateErrorInfo_SetGUID(create, tid_types[tid].iid);
        ICreateErrorInfo_SetSource(create, (LPOLESTR)source);
        ICreateErrorInfo_SetDescription(create, description);
        if (SUCCEEDED(ICreateErrorInfo_QueryInterface(create, &IID_IErrorInfo, (void **)&info))) {
            SetErrorInfo(0, info);
            IErrorInfo_Release(info);
        }
        ICreateErrorInfo_Release(create);
    }
    return hr;
}

void faxcom_clear_error(void)
{
    SetErrorInfo(0, NULL);
}

BSTR faxcom_bstr_from_bytes(const char *bytes)
{
    UINT code_page = CP_UTF8;
    int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, bytes, -1, NULL, 0);
    BSTR out;

    if (length <= 0) {   /* not UTF-8: text written by Windows is in the ANSI code page */
        code_page = CP_ACP;
        length = MultiByteToWideChar(CP_ACP, 0, bytes, -1, NULL, 0);
        if (length <= 0)
            return SysAllocString(L"");
    }
    out = SysAllocStringLen(NULL, length - 1);
    if (out)
        MultiByteToWideChar(code_page, 0, bytes, -1, out, length);
    return out;
}

char *faxcom_utf8(const WCHAR *text)
{
    int length = WideCharToMultiByte(CP_UTF8, 0, text ? text : L"", -1, NULL, 0, NULL, NULL);
    char *out = length > 0 ? malloc(length) : NULL;

    if (out)
        WideCharToMultiByte(CP_UTF8, 0, text ? text : L"", -1, out, length, NULL, NULL);
    return out;
}

/* ---- ISupportErrorInfo / IProvideClassInfo, shared ---- */

static inline struct faxcom_support *impl_from_ISupportErrorInfo(ISupportErrorInfo *iface)
{
    return CONTAINING_RECORD(iface, struct faxcom_support, ISupportErrorInfo_iface);
}

static inline struct faxcom_support *impl_from_IProvideClassInfo(IProvideClassInfo *iface)
{
    return CONTAINING_RECORD(iface, struct faxcom_support, IProvideClassInfo_iface);
}

static HRESULT WINAPI support_error_info_QueryInterface(ISupportErrorInfo *iface, REFIID riid, void **out)
{
    return IUnknown_QueryInterface(impl_from_ISupportErrorInfo(iface)->outer, riid, out);
}

static ULONG WINAPI support_error_info_AddRef(ISupportErrorInfo *iface)
{
    return IUnknown_AddRef(impl_from_ISupportErrorInfo(iface)->outer);
}

static ULONG WINAPI support_error_info_Release(ISupportErrorInfo *iface)
{
    return IUnknown_Release(impl_from_ISupportErrorInfo(iface)->outer);
}

static HRESULT WINAPI support_error_info_InterfaceSupportsErrorInfo(ISupportErrorInfo *iface, REFIID riid)
{
    return IsEqualIID(riid, impl_from_ISupportErrorInfo(iface)->iid) ? S_OK : S_FALSE;
}

static const ISupportErrorInfoVtbl support_error_info_vtbl = {
    support_error_info_QueryInterface, support_error_info_AddRef, support_error_info_Release,
    support_error_info_InterfaceSupportsErrorInfo,
};

static HRESULT WINAPI provide_class_info_QueryInterface(IProvideClassInfo *iface, REFIID riid, void **out)
{
    return IUnknown_QueryInterface(impl_from_IProvideClassInfo(iface)->outer, riid, out);
}

static ULONG WINAPI provide_class_info_AddRef(IProvideClassInfo *iface)
{
    return IUnknown_AddRef(impl_from_IProvideClassInfo(iface)->outer);
}

static ULONG WINAPI provide_class_info_Release(IProvideClassInfo *iface)
{
    return IUnknown_Release(impl_from_IProvideClassInfo(iface)->outer);
}

static HRESULT WINAPI provide_class_info_GetClassInfo(IProvideClassInfo *iface, ITypeInfo **out)
{
    if (!out)
        return E_POINTER;
    return faxcom_get_class_typeinfo(impl_from_IProvideClassInfo(iface)->clsid, out);
}

static const IProvideClassInfoVtbl provide_class_info_vtbl = {
    provide_class_info_QueryInterface, provide_class_info_AddRef, provide_class_info_Release,
    provide_class_info_GetClassInfo,
};

void faxcom_support_init(struct faxcom_support *support, IUnknown *outer, const IID *iid, const CLSID *clsid)
{
    support->ISupportErrorInfo_iface.lpVtbl = &support_error_info_vtbl;
    support->IProvideClassInfo_iface.lpVtbl = &provide_class_info_vtbl;
    support->outer = outer;
    support->iid = iid;
    support->clsid = clsid;
}

BOOL faxcom_support_query(struct faxcom_support *support, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &support->ISupportErrorInfo_iface;
    else if (IsEqualIID(riid, &IID_IProvideClassInfo))
        *out = &support->IProvideClassInfo_iface;
    else
        return FALSE;
    IUnknown_AddRef((IUnknown *)*out);
    return TRUE;
}

/* ---- class factories ---- */

struct class_factory {
    IClassFactory IClassFactory_iface;
    const CLSID *clsid;
    HRESULT (*create)(REFIID riid, void **out);
};

static inline struct class_factory *impl_from_IClassFactory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, struct class_factory, IClassFactory_iface);
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
    faxcom_lock_server(TRUE);
    return 2;
}

static ULONG WINAPI class_factory_Release(IClassFactory *iface)
{
    faxcom_lock_server(FALSE);
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
    faxcom_lock_server(lock);
    return S_OK;
}

static const IClassFactoryVtbl class_factory_vtbl = {
    class_factory_QueryInterface, class_factory_AddRef, class_factory_Release,
    class_factory_CreateInstance, class_factory_LockServer,
};

static struct class_factory factories[] = {
    { { &class_factory_vtbl }, &CLSID_FaxServer, fax_server_create },
    { { &class_factory_vtbl }, &CLSID_FaxTiff, fax_tiff_create },
};

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    for (size_t i = 0; i < ARRAYSIZE(factories); i++)
        if (IsEqualCLSID(clsid, factories[i].clsid))
            return IClassFactory_QueryInterface(&factories[i].IClassFactory_iface, riid, out);
    return CLASS_E_CLASSNOTAVAILABLE;
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return faxcom_can_unload() ? S_OK : S_FALSE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        faxcom_instance = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        if (!reserved)   /* FreeLibrary, not process exit: other DLLs are still usable */
            faxcom_release_typelib();
        break;
    }
    return TRUE;
}
