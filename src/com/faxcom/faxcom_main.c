/*
 * Module glue of faxcom.dll: its types (for src/com/common), DllMain, class factories,
 * DllGetClassObject/DllCanUnloadNow, and the administrator's settings.
 */
#include "faxcom_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

/* Per tid: the interface, and the source its errors name (the ProgID style the original used). */
static const struct com_type faxcom_types[] = {
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
_Static_assert(ARRAYSIZE(faxcom_types) == FAXCOM_TID_COUNT, "one interface per tid");

static ITypeInfo *faxcom_typeinfos[FAXCOM_TID_COUNT];

struct com_module faxcom_module = {
    .name = L"faxcom", .types = faxcom_types, .type_count = FAXCOM_TID_COUNT, .typeinfos = faxcom_typeinfos,
    .on_failure = faxcom_trace_failure,
};

/* ---- errors ---- */

HRESULT faxcom_error(enum faxcom_tid tid, HRESULT hr, const WCHAR *format, ...)
{
    va_list args;

    va_start(args, format);
    hr = com_error_v(&faxcom_module, tid, hr, format, args);
    va_end(args);
    return hr;
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
        faxcom_module.instance = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        if (!reserved)   /* FreeLibrary, not process exit: other DLLs are still usable */
            com_release_typelib(&faxcom_module);
        break;
    }
    return TRUE;
}
