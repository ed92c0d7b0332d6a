/*
 * Module glue of faxcom.dll: its types (for src/com/common), DllMain, its creatable classes
 * (DllGetClassObject/DllCanUnloadNow) and what DllRegisterServer writes.
 */
#include "faxcom_private.h"
#include "com_server_dll.h"

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
    .on_failure = com_trace_failure,
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

/* ---- class factories and registration (src/com/common/com_server_dll.c) ---- */

static struct com_class_factory factories[] = {
    COM_CLASS_FACTORY(&faxcom_module, &CLSID_FaxServer, fax_server_create),
    COM_CLASS_FACTORY(&faxcom_module, &CLSID_FaxTiff, fax_tiff_create),
};

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    return com_get_class_object(factories, ARRAYSIZE(factories), clsid, riid, out);
}

/* The registry layout of Microsoft's faxcom.dll (spec 1.2) for the two creatable classes. */
static const struct com_registered_class registered_classes[] = {
    { &CLSID_FaxServer, L"FaxServer Class", L"FaxServer.FaxServer.1", L"FaxServer.FaxServer" },
    { &CLSID_FaxTiff, L"FaxTiff Class", L"FaxTiff.FaxTiff.1", L"FaxTiff.FaxTiff" },
};

static const struct com_registration registration = {
    .module = &faxcom_module, .libid = &LIBID_FAXCOMLib, .major = 1, .minor = 0,
    .classes = registered_classes, .class_count = ARRAYSIZE(registered_classes), .class_version = L"1.0",
};

HRESULT WINAPI DllRegisterServer(void)
{
    return com_register_server(&registration);
}

HRESULT WINAPI DllUnregisterServer(void)
{
    return com_unregister_server(&registration);
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
