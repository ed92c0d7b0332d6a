/*
 * Module glue of fxscomex.dll: its types (for src/com/common), DllMain, its two creatable classes
 * (DllGetClassObject/DllCanUnloadNow) and what DllRegisterServer writes (faxcomex-api.md 1.1, 1.2).
 */
#include "fxscomex_private.h"
#include "com_server_dll.h"
#include "com_trace.h"

#include <stdarg.h>

/* Per tid: the interface, and the source its errors name (the ProgID style of the original). */
static const struct com_type fxscomex_types[] = {
    [IFaxServer_tid] = { &IID_IFaxServer, L"FaxComEx.FaxServer" },
    [IFaxDocument_tid] = { &IID_IFaxDocument, L"FaxComEx.FaxDocument" },
    [IFaxSender_tid] = { &IID_IFaxSender, L"FaxComEx.FaxSender" },
    [IFaxRecipient_tid] = { &IID_IFaxRecipient, L"FaxComEx.FaxRecipient" },
    [IFaxRecipients_tid] = { &IID_IFaxRecipients, L"FaxComEx.FaxRecipients" },
    [IFaxDevices_tid] = { &IID_IFaxDevices, L"FaxComEx.FaxDevices" },
    [IFaxDevice_tid] = { &IID_IFaxDevice, L"FaxComEx.FaxDevice" },
    [IFaxDeviceProviders_tid] = { &IID_IFaxDeviceProviders, L"FaxComEx.FaxDeviceProviders" },
    [IFaxDeviceProvider_tid] = { &IID_IFaxDeviceProvider, L"FaxComEx.FaxDeviceProvider" },
    [IFaxActivity_tid] = { &IID_IFaxActivity, L"FaxComEx.FaxActivity" },
    [IFaxReceiptOptions_tid] = { &IID_IFaxReceiptOptions, L"FaxComEx.FaxReceiptOptions" },
    [IFaxLoggingOptions_tid] = { &IID_IFaxLoggingOptions, L"FaxComEx.FaxLoggingOptions" },
    [IFaxEventLogging_tid] = { &IID_IFaxEventLogging, L"FaxComEx.FaxEventLogging" },
    [IFaxActivityLogging_tid] = { &IID_IFaxActivityLogging, L"FaxComEx.FaxActivityLogging" },
    [IFaxSecurity_tid] = { &IID_IFaxSecurity, L"FaxComEx.FaxSecurity" },
    [IFaxInboundRouting_tid] = { &IID_IFaxInboundRouting, L"FaxComEx.FaxInboundRouting" },
    [IFaxInboundRoutingExtensions_tid] = { &IID_IFaxInboundRoutingExtensions, L"FaxComEx.FaxInboundRoutingExtensions" },
    [IFaxInboundRoutingExtension_tid] = { &IID_IFaxInboundRoutingExtension, L"FaxComEx.FaxInboundRoutingExtension" },
    [IFaxInboundRoutingMethods_tid] = { &IID_IFaxInboundRoutingMethods, L"FaxComEx.FaxInboundRoutingMethods" },
    [IFaxInboundRoutingMethod_tid] = { &IID_IFaxInboundRoutingMethod, L"FaxComEx.FaxInboundRoutingMethod" },
    [IFaxOutboundRouting_tid] = { &IID_IFaxOutboundRouting, L"FaxComEx.FaxOutboundRouting" },
    [IFaxOutboundRoutingGroups_tid] = { &IID_IFaxOutboundRoutingGroups, L"FaxComEx.FaxOutboundRoutingGroups" },
    [IFaxOutboundRoutingGroup_tid] = { &IID_IFaxOutboundRoutingGroup, L"FaxComEx.FaxOutboundRoutingGroup" },
    [IFaxDeviceIds_tid] = { &IID_IFaxDeviceIds, L"FaxComEx.FaxDeviceIds" },
    [IFaxOutboundRoutingRules_tid] = { &IID_IFaxOutboundRoutingRules, L"FaxComEx.FaxOutboundRoutingRules" },
    [IFaxOutboundRoutingRule_tid] = { &IID_IFaxOutboundRoutingRule, L"FaxComEx.FaxOutboundRoutingRule" },
    [IFaxFolders_tid] = { &IID_IFaxFolders, L"FaxComEx.FaxFolders" },
    [IFaxOutgoingQueue_tid] = { &IID_IFaxOutgoingQueue, L"FaxComEx.FaxOutgoingQueue" },
    [IFaxOutgoingJobs_tid] = { &IID_IFaxOutgoingJobs, L"FaxComEx.FaxOutgoingJobs" },
    [IFaxOutgoingJob_tid] = { &IID_IFaxOutgoingJob, L"FaxComEx.FaxOutgoingJob" },
    [IFaxIncomingQueue_tid] = { &IID_IFaxIncomingQueue, L"FaxComEx.FaxIncomingQueue" },
    [IFaxIncomingJobs_tid] = { &IID_IFaxIncomingJobs, L"FaxComEx.FaxIncomingJobs" },
    [IFaxIncomingJob_tid] = { &IID_IFaxIncomingJob, L"FaxComEx.FaxIncomingJob" },
    [IFaxIncomingArchive_tid] = { &IID_IFaxIncomingArchive, L"FaxComEx.FaxIncomingArchive" },
    [IFaxIncomingMessageIterator_tid] = { &IID_IFaxIncomingMessageIterator, L"FaxComEx.FaxIncomingMessageIterator" },
    [IFaxIncomingMessage_tid] = { &IID_IFaxIncomingMessage, L"FaxComEx.FaxIncomingMessage" },
    [IFaxOutgoingArchive_tid] = { &IID_IFaxOutgoingArchive, L"FaxComEx.FaxOutgoingArchive" },
    [IFaxOutgoingMessageIterator_tid] = { &IID_IFaxOutgoingMessageIterator, L"FaxComEx.FaxOutgoingMessageIterator" },
    [IFaxOutgoingMessage_tid] = { &IID_IFaxOutgoingMessage, L"FaxComEx.FaxOutgoingMessage" },
    [IFaxOutgoingJob2_tid] = { &IID_IFaxOutgoingJob2, L"FaxComEx.FaxOutgoingJob" },
    [IFaxDocument2_tid] = { &IID_IFaxDocument2, L"FaxComEx.FaxDocument" },
    [IFaxOutgoingMessage2_tid] = { &IID_IFaxOutgoingMessage2, L"FaxComEx.FaxOutgoingMessage" },
    [IFaxIncomingMessage2_tid] = { &IID_IFaxIncomingMessage2, L"FaxComEx.FaxIncomingMessage" },
    [IFaxServer2_tid] = { &IID_IFaxServer2, L"FaxComEx.FaxServer" },
    [IFaxConfiguration_tid] = { &IID_IFaxConfiguration, L"FaxComEx.FaxConfiguration" },
    [IFaxSecurity2_tid] = { &IID_IFaxSecurity2, L"FaxComEx.FaxSecurity2" },
    [IFaxAccountSet_tid] = { &IID_IFaxAccountSet, L"FaxComEx.FaxAccountSet" },
    [IFaxAccounts_tid] = { &IID_IFaxAccounts, L"FaxComEx.FaxAccounts" },
    [IFaxAccount_tid] = { &IID_IFaxAccount, L"FaxComEx.FaxAccount" },
    [IFaxAccountFolders_tid] = { &IID_IFaxAccountFolders, L"FaxComEx.FaxAccountFolders" },
    [IFaxAccountIncomingQueue_tid] = { &IID_IFaxAccountIncomingQueue, L"FaxComEx.FaxAccountIncomingQueue" },
    [IFaxAccountOutgoingQueue_tid] = { &IID_IFaxAccountOutgoingQueue, L"FaxComEx.FaxAccountOutgoingQueue" },
    [IFaxAccountIncomingArchive_tid] = { &IID_IFaxAccountIncomingArchive, L"FaxComEx.FaxAccountIncomingArchive" },
    [IFaxAccountOutgoingArchive_tid] = { &IID_IFaxAccountOutgoingArchive, L"FaxComEx.FaxAccountOutgoingArchive" },
    [IFaxJobStatus_tid] = { &IID_IFaxJobStatus, L"FaxComEx.FaxJobStatus" },
};
_Static_assert(ARRAYSIZE(fxscomex_types) == FXSCOMEX_TID_COUNT, "one interface per tid");

static ITypeInfo *fxscomex_typeinfos[FXSCOMEX_TID_COUNT];

struct com_module fxscomex_module = {
    .name = L"fxscomex", .types = fxscomex_types, .type_count = FXSCOMEX_TID_COUNT,
    .typeinfos = fxscomex_typeinfos, .on_failure = com_trace_failure,
};

HRESULT fxscomex_error(enum fxscomex_tid tid, HRESULT hr, const WCHAR *format, ...)
{
    va_list args;

    va_start(args, format);
    hr = com_error_v(&fxscomex_module, tid, hr, format, args);
    va_end(args);
    return hr;
}

HRESULT fxscomex_get_text(const WCHAR *field, BSTR *value)
{
    if (!value)
        return E_POINTER;
    *value = SysAllocString(field ? field : L"");
    return *value ? S_OK : E_OUTOFMEMORY;
}

HRESULT fxscomex_put_text(BSTR *field, const WCHAR *value)
{
    BSTR copy = SysAllocString(value ? value : L"");

    if (!copy)
        return E_OUTOFMEMORY;
    SysFreeString(*field);
    *field = copy;
    return S_OK;
}

/* ---- class factories and registration (src/com/common/com_server_dll.c) ---- */

/* Only FaxServer and FaxDocument are creatable (spec 1.1); every other object comes from these two. */
static struct com_class_factory factories[] = {
    COM_CLASS_FACTORY(&fxscomex_module, &CLSID_FaxServer, fax_server_create),
    COM_CLASS_FACTORY(&fxscomex_module, &CLSID_FaxDocument, fax_document_create),
};

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    return com_get_class_object(factories, ARRAYSIZE(factories), clsid, riid, out);
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return com_can_unload(&fxscomex_module) ? S_OK : S_FALSE;
}

static const struct com_registered_class registered_classes[] = {
    { &CLSID_FaxServer, L"FaxServer Class", L"FaxComEx.FaxServer.1", L"FaxComEx.FaxServer" },
    { &CLSID_FaxDocument, L"FaxDocument Class", L"FaxComEx.FaxDocument.1", L"FaxComEx.FaxDocument" },
};

/* Spec 1.2: the same shape as faxcom.dll's, without the per-class Version key. */
static const struct com_registration registration = {
    .module = &fxscomex_module, .libid = &LIBID_FAXCOMEXLib, .major = 1, .minor = 0,
    .classes = registered_classes, .class_count = ARRAYSIZE(registered_classes), .class_version = NULL,
};

HRESULT WINAPI DllRegisterServer(void)
{
    return com_register_server(&registration);
}

HRESULT WINAPI DllUnregisterServer(void)
{
    return com_unregister_server(&registration);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        fxscomex_module.instance = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        if (!reserved)   /* FreeLibrary, not process exit: other DLLs are still usable */
            com_release_typelib(&fxscomex_module);
        break;
    }
    return TRUE;
}
