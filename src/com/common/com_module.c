/* What every COM DLL of ours shares (com_module.h): type info, IDispatch, errors, support interfaces. */
#include "com_module.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

void com_object_created(struct com_module *module) { InterlockedIncrement(&module->live_objects); }
void com_object_destroyed(struct com_module *module) { InterlockedDecrement(&module->live_objects); }

void com_lock_server(struct com_module *module, BOOL lock)
{
    if (lock)
        InterlockedIncrement(&module->server_locks);
    else
        InterlockedDecrement(&module->server_locks);
}

BOOL com_can_unload(struct com_module *module)
{
    return module->live_objects == 0 && module->server_locks == 0;
}

/* ---- type library ---- */

HRESULT com_load_typelib(struct com_module *module, ITypeLib **out)
{
    if (!module->typelib) {
        WCHAR path[MAX_PATH];
        ITypeLib *loaded;
        HRESULT hr;
        DWORD length = GetModuleFileNameW(module->instance, path, ARRAYSIZE(path));

        if (!length || length == ARRAYSIZE(path))
            return E_FAIL;
        hr = LoadTypeLibEx(path, REGKIND_NONE, &loaded);
        if (FAILED(hr))
            return hr;
        if (InterlockedCompareExchangePointer((void **)&module->typelib, loaded, NULL))
            ITypeLib_Release(loaded);
    }
    *out = module->typelib;
    ITypeLib_AddRef(module->typelib);
    return S_OK;
}

HRESULT com_get_typeinfo(struct com_module *module, unsigned type, ITypeInfo **out)
{
    if (type >= module->type_count)
        return E_INVALIDARG;
    if (!module->typeinfos[type]) {
        ITypeLib *lib;
        ITypeInfo *info;
        HRESULT hr = com_load_typelib(module, &lib);

        if (FAILED(hr))
            return hr;
        hr = ITypeLib_GetTypeInfoOfGuid(lib, module->types[type].iid, &info);
        ITypeLib_Release(lib);
        if (FAILED(hr))
            return hr;
        if (InterlockedCompareExchangePointer((void **)&module->typeinfos[type], info, NULL))
            ITypeInfo_Release(info);
    }
    *out = module->typeinfos[type];
    ITypeInfo_AddRef(*out);
    return S_OK;
}

HRESULT com_get_class_typeinfo(struct com_module *module, const CLSID *clsid, ITypeInfo **out)
{
    ITypeLib *lib;
    HRESULT hr = com_load_typelib(module, &lib);

    if (FAILED(hr))
        return hr;
    hr = ITypeLib_GetTypeInfoOfGuid(lib, clsid, out);
    ITypeLib_Release(lib);
    return hr;
}

void com_release_typelib(struct com_module *module)
{
    for (unsigned i = 0; i < module->type_count; i++)
        if (module->typeinfos[i]) {
            ITypeInfo_Release(module->typeinfos[i]);
            module->typeinfos[i] = NULL;
        }
    if (module->typelib) {
        ITypeLib_Release(module->typelib);
        module->typelib = NULL;
    }
}

HRESULT com_ids_of_names(struct com_module *module, unsigned type, LPOLESTR *names, UINT count, DISPID *ids)
{
    ITypeInfo *info;
    HRESULT hr = com_get_typeinfo(module, type, &info);

    if (SUCCEEDED(hr)) {
        hr = ITypeInfo_GetIDsOfNames(info, names, count, ids);
        ITypeInfo_Release(info);
    }
    return hr;
}

HRESULT com_invoke(struct com_module *module, unsigned type, void *iface, DISPID id, WORD flags, DISPPARAMS *params,
                   VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    ITypeInfo *info;
    HRESULT hr = com_get_typeinfo(module, type, &info);

    if (SUCCEEDED(hr)) {
        hr = ITypeInfo_Invoke(info, iface, id, flags, params, result, excep, arg_err);
        ITypeInfo_Release(info);
    }
    return hr;
}

/* ---- errors ---- */

HRESULT com_error_v(struct com_module *module, unsigned type, HRESULT hr, const WCHAR *format, va_list args)
{
    const WCHAR *source = module->types[type].source;
    ICreateErrorInfo *create;
    WCHAR description[1024], debug_line[1200];

    _vsnwprintf(description, ARRAYSIZE(description) - 1, format, args);
    description[ARRAYSIZE(description) - 1] = 0;

    /* where a site sees why a script failed without changing it: DebugView, WINEDEBUG=warn+seh, the trace */
    _snwprintf(debug_line, ARRAYSIZE(debug_line) - 1, L"%ls: %ls: %ls (0x%08lx)\n", module->name, source,
               description, (unsigned long)hr);
    debug_line[ARRAYSIZE(debug_line) - 1] = 0;
    OutputDebugStringW(debug_line);
    if (module->on_failure)
        module->on_failure(module, source, description, hr);

    if (SUCCEEDED(CreateErrorInfo(&create))) {
        IErrorInfo *info;
        ICreateErrorInfo_SetGUID(create, module->types[type].iid);
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

HRESULT com_error(struct com_module *module, unsigned type, HRESULT hr, const WCHAR *format, ...)
{
    va_list args;

    va_start(args, format);
    hr = com_error_v(module, type, hr, format, args);
    va_end(args);
    return hr;
}

void com_clear_error(void)
{
    SetErrorInfo(0, NULL);
}

/* ---- text ---- */

BSTR com_bstr_from_bytes(const char *bytes)
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

char *com_utf8(const WCHAR *text)
{
    int length = WideCharToMultiByte(CP_UTF8, 0, text ? text : L"", -1, NULL, 0, NULL, NULL);
    char *out = length > 0 ? malloc(length) : NULL;

    if (out)
        WideCharToMultiByte(CP_UTF8, 0, text ? text : L"", -1, out, length, NULL, NULL);
    return out;
}

HRESULT com_return_text(const char *text, BSTR *value)
{
    if (!value)
        return E_POINTER;
    *value = com_bstr_from_bytes(text ? text : "");
    return *value ? S_OK : E_OUTOFMEMORY;
}

HRESULT com_return_long(LONG number, LONG *value)
{
    if (!value)
        return E_POINTER;
    *value = number;
    return S_OK;
}

/* ---- ISupportErrorInfo / IProvideClassInfo ---- */

static inline struct com_support *impl_from_ISupportErrorInfo(ISupportErrorInfo *iface)
{
    return CONTAINING_RECORD(iface, struct com_support, ISupportErrorInfo_iface);
}

static inline struct com_support *impl_from_IProvideClassInfo(IProvideClassInfo *iface)
{
    return CONTAINING_RECORD(iface, struct com_support, IProvideClassInfo_iface);
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
    struct com_support *support = impl_from_IProvideClassInfo(iface);

    if (!out)
        return E_POINTER;
    return com_get_class_typeinfo(support->module, support->clsid, out);
}

static const IProvideClassInfoVtbl provide_class_info_vtbl = {
    provide_class_info_QueryInterface, provide_class_info_AddRef, provide_class_info_Release,
    provide_class_info_GetClassInfo,
};

void com_support_init(struct com_support *support, struct com_module *module, IUnknown *outer, const IID *iid,
                      const CLSID *clsid)
{
    support->module = module;
    support->ISupportErrorInfo_iface.lpVtbl = &support_error_info_vtbl;
    support->IProvideClassInfo_iface.lpVtbl = &provide_class_info_vtbl;
    support->outer = outer;
    support->iid = iid;
    support->clsid = clsid;
}

BOOL com_support_query(struct com_support *support, REFIID riid, void **out)
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
