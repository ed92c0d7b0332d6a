/*
 * FaxServer: the root object. It is creatable and scriptable now; its members need the fax service
 * connection (HylaFAX protocol), which arrives with a later release. Until then every member fails
 * with a description that says so: none of them may pretend to have worked.
 */
#include "faxcom_private.h"

#include <stdlib.h>

struct fax_server {
    IFaxServer IFaxServer_iface;
    struct faxcom_support support;
    LONG ref;
};

static inline struct fax_server *impl_from_IFaxServer(IFaxServer *iface)
{
    return CONTAINING_RECORD(iface, struct fax_server, IFaxServer_iface);
}

static HRESULT not_available(const WCHAR *member)
{
    return faxcom_error(HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), &IID_IFaxServer, L"FaxServer.FaxServer",
                        L"FaxServer.%ls is not available in this build of openfaxcom: connecting to a fax service "
                        L"arrives in a later release (FaxTiff works without a connection)", member);
}

static HRESULT WINAPI fax_server_QueryInterface(IFaxServer *iface, REFIID riid, void **out)
{
    struct fax_server *server = impl_from_IFaxServer(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxServer)) {
        *out = iface;
        IFaxServer_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&server->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_server_AddRef(IFaxServer *iface)
{
    return InterlockedIncrement(&impl_from_IFaxServer(iface)->ref);
}

static ULONG WINAPI fax_server_Release(IFaxServer *iface)
{
    struct fax_server *server = impl_from_IFaxServer(iface);
    ULONG ref = InterlockedDecrement(&server->ref);

    if (!ref) {
        free(server);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_server_GetTypeInfoCount(IFaxServer *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_server_GetTypeInfo(IFaxServer *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxServer_tid, info);
}

static HRESULT WINAPI fax_server_GetIDsOfNames(IFaxServer *iface, REFIID riid, LPOLESTR *names, UINT count,
                                               LCID lcid, DISPID *ids)
{
    ITypeInfo *info;
    HRESULT hr = faxcom_get_typeinfo(IFaxServer_tid, &info);

    if (SUCCEEDED(hr)) {
        hr = ITypeInfo_GetIDsOfNames(info, names, count, ids);
        ITypeInfo_Release(info);
    }
    return hr;
}

static HRESULT WINAPI fax_server_Invoke(IFaxServer *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    ITypeInfo *info;
    HRESULT hr = faxcom_get_typeinfo(IFaxServer_tid, &info);

    if (SUCCEEDED(hr)) {
        hr = ITypeInfo_Invoke(info, iface, id, flags, params, result, excep, arg_err);
        ITypeInfo_Release(info);
    }
    return hr;
}

static HRESULT WINAPI fax_server_Connect(IFaxServer *iface, BSTR ServerName)
{
    return not_available(L"Connect");
}

static HRESULT WINAPI fax_server_Disconnect(IFaxServer *iface)
{
    return not_available(L"Disconnect");
}

static HRESULT WINAPI fax_server_GetPorts(IFaxServer *iface, VARIANT *retval)
{
    return not_available(L"GetPorts");
}

static HRESULT WINAPI fax_server_CreateDocument(IFaxServer *iface, BSTR FileName, VARIANT *retval)
{
    return not_available(L"CreateDocument");
}

static HRESULT WINAPI fax_server_GetJobs(IFaxServer *iface, VARIANT *retval)
{
    return not_available(L"GetJobs");
}

static HRESULT WINAPI fax_server_get_Retries(IFaxServer *iface, long *pVal)
{
    return not_available(L"Retries");
}

static HRESULT WINAPI fax_server_put_Retries(IFaxServer *iface, long newVal)
{
    return not_available(L"Retries");
}

static HRESULT WINAPI fax_server_get_RetryDelay(IFaxServer *iface, long *pVal)
{
    return not_available(L"RetryDelay");
}

static HRESULT WINAPI fax_server_put_RetryDelay(IFaxServer *iface, long newVal)
{
    return not_available(L"RetryDelay");
}

static HRESULT WINAPI fax_server_get_DirtyDays(IFaxServer *iface, long *pVal)
{
    return not_available(L"DirtyDays");
}

static HRESULT WINAPI fax_server_put_DirtyDays(IFaxServer *iface, long newVal)
{
    return not_available(L"DirtyDays");
}

static HRESULT WINAPI fax_server_get_Branding(IFaxServer *iface, BOOL *pVal)
{
    return not_available(L"Branding");
}

static HRESULT WINAPI fax_server_put_Branding(IFaxServer *iface, BOOL newVal)
{
    return not_available(L"Branding");
}

static HRESULT WINAPI fax_server_get_UseDeviceTsid(IFaxServer *iface, BOOL *pVal)
{
    return not_available(L"UseDeviceTsid");
}

static HRESULT WINAPI fax_server_put_UseDeviceTsid(IFaxServer *iface, BOOL newVal)
{
    return not_available(L"UseDeviceTsid");
}

static HRESULT WINAPI fax_server_get_ServerCoverpage(IFaxServer *iface, BOOL *pVal)
{
    return not_available(L"ServerCoverpage");
}

static HRESULT WINAPI fax_server_put_ServerCoverpage(IFaxServer *iface, BOOL newVal)
{
    return not_available(L"ServerCoverpage");
}

static HRESULT WINAPI fax_server_get_PauseServerQueue(IFaxServer *iface, BOOL *pVal)
{
    return not_available(L"PauseServerQueue");
}

static HRESULT WINAPI fax_server_put_PauseServerQueue(IFaxServer *iface, BOOL newVal)
{
    return not_available(L"PauseServerQueue");
}

static HRESULT WINAPI fax_server_get_ArchiveOutboundFaxes(IFaxServer *iface, BOOL *pVal)
{
    return not_available(L"ArchiveOutboundFaxes");
}

static HRESULT WINAPI fax_server_put_ArchiveOutboundFaxes(IFaxServer *iface, BOOL newVal)
{
    return not_available(L"ArchiveOutboundFaxes");
}

static HRESULT WINAPI fax_server_get_ArchiveDirectory(IFaxServer *iface, BSTR *pVal)
{
    return not_available(L"ArchiveDirectory");
}

static HRESULT WINAPI fax_server_put_ArchiveDirectory(IFaxServer *iface, BSTR newVal)
{
    return not_available(L"ArchiveDirectory");
}

static HRESULT WINAPI fax_server_get_ServerMapiProfile(IFaxServer *iface, BSTR *pVal)
{
    return not_available(L"ServerMapiProfile");
}

static HRESULT WINAPI fax_server_put_ServerMapiProfile(IFaxServer *iface, BSTR newVal)
{
    return not_available(L"ServerMapiProfile");
}

static HRESULT WINAPI fax_server_get_DiscountRateStartHour(IFaxServer *iface, short *pVal)
{
    return not_available(L"DiscountRateStartHour");
}

static HRESULT WINAPI fax_server_put_DiscountRateStartHour(IFaxServer *iface, short newVal)
{
    return not_available(L"DiscountRateStartHour");
}

static HRESULT WINAPI fax_server_get_DiscountRateStartMinute(IFaxServer *iface, short *pVal)
{
    return not_available(L"DiscountRateStartMinute");
}

static HRESULT WINAPI fax_server_put_DiscountRateStartMinute(IFaxServer *iface, short newVal)
{
    return not_available(L"DiscountRateStartMinute");
}

static HRESULT WINAPI fax_server_get_DiscountRateEndHour(IFaxServer *iface, short *pVal)
{
    return not_available(L"DiscountRateEndHour");
}

static HRESULT WINAPI fax_server_put_DiscountRateEndHour(IFaxServer *iface, short newVal)
{
    return not_available(L"DiscountRateEndHour");
}

static HRESULT WINAPI fax_server_get_DiscountRateEndMinute(IFaxServer *iface, short *pVal)
{
    return not_available(L"DiscountRateEndMinute");
}

static HRESULT WINAPI fax_server_put_DiscountRateEndMinute(IFaxServer *iface, short newVal)
{
    return not_available(L"DiscountRateEndMinute");
}

static const IFaxServerVtbl fax_server_vtbl = {
    fax_server_QueryInterface, fax_server_AddRef, fax_server_Release,
    fax_server_GetTypeInfoCount, fax_server_GetTypeInfo, fax_server_GetIDsOfNames, fax_server_Invoke,
    fax_server_Connect, fax_server_Disconnect, fax_server_GetPorts, fax_server_CreateDocument,
    fax_server_GetJobs, fax_server_get_Retries, fax_server_put_Retries, fax_server_get_RetryDelay,
    fax_server_put_RetryDelay, fax_server_get_DirtyDays, fax_server_put_DirtyDays, fax_server_get_Branding,
    fax_server_put_Branding, fax_server_get_UseDeviceTsid, fax_server_put_UseDeviceTsid,
    fax_server_get_ServerCoverpage, fax_server_put_ServerCoverpage, fax_server_get_PauseServerQueue,
    fax_server_put_PauseServerQueue, fax_server_get_ArchiveOutboundFaxes, fax_server_put_ArchiveOutboundFaxes,
    fax_server_get_ArchiveDirectory, fax_server_put_ArchiveDirectory, fax_server_get_ServerMapiProfile,
    fax_server_put_ServerMapiProfile, fax_server_get_DiscountRateStartHour,
    fax_server_put_DiscountRateStartHour, fax_server_get_DiscountRateStartMinute,
    fax_server_put_DiscountRateStartMinute, fax_server_get_DiscountRateEndHour,
    fax_server_put_DiscountRateEndHour, fax_server_get_DiscountRateEndMinute,
    fax_server_put_DiscountRateEndMinute,
};

HRESULT fax_server_create(REFIID riid, void **out)
{
    struct fax_server *server = calloc(1, sizeof(*server));
    HRESULT hr;

    if (!server)
        return E_OUTOFMEMORY;
    server->IFaxServer_iface.lpVtbl = &fax_server_vtbl;
    server->ref = 1;
    faxcom_support_init(&server->support, (IUnknown *)&server->IFaxServer_iface, &IID_IFaxServer, &CLSID_FaxServer);
    faxcom_object_created();
    hr = IFaxServer_QueryInterface(&server->IFaxServer_iface, riid, out);
    IFaxServer_Release(&server->IFaxServer_iface);
    return hr;
}
