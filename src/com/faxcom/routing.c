/*
 * FaxRoutingMethods and FaxRoutingMethod: what a port does with the faxes it receives. faxd lists its
 * three standard methods per port with Microsoft's GUIDs (`SITE FAXD ROUTES`) and enables them with
 * `SITE FAXD ROUTE`; a stock HylaFAX server has no routing methods to show, so its list is empty.
 */
#include "faxcom_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_listings.h"


/* ---- FaxRoutingMethod ---- */

struct fax_routing_method {
    IFaxRoutingMethod IFaxRoutingMethod_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_port_row port;
    struct hfx_route_row row;
};

static inline struct fax_routing_method *impl_from_IFaxRoutingMethod(IFaxRoutingMethod *iface)
{
    return CONTAINING_RECORD(iface, struct fax_routing_method, IFaxRoutingMethod_iface);
}

static HRESULT WINAPI method_QueryInterface(IFaxRoutingMethod *iface, REFIID riid, void **out)
{
    struct fax_routing_method *method = impl_from_IFaxRoutingMethod(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxRoutingMethod)) {
        *out = iface;
        IFaxRoutingMethod_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&method->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI method_AddRef(IFaxRoutingMethod *iface)
{
    return InterlockedIncrement(&impl_from_IFaxRoutingMethod(iface)->ref);
}

static ULONG WINAPI method_Release(IFaxRoutingMethod *iface)
{
    struct fax_routing_method *method = impl_from_IFaxRoutingMethod(iface);
    ULONG ref = InterlockedDecrement(&method->ref);

    if (!ref) {
        IFaxServer_Release(method->server);
        free(method);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI method_GetTypeInfoCount(IFaxRoutingMethod *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI method_GetTypeInfo(IFaxRoutingMethod *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxRoutingMethod_tid, info);
}

static HRESULT WINAPI method_GetIDsOfNames(IFaxRoutingMethod *iface, REFIID riid, LPOLESTR *names, UINT count,
                                           LCID lcid, DISPID *ids)
{
    return faxcom_ids_of_names(IFaxRoutingMethod_tid, names, count, ids);
}

static HRESULT WINAPI method_Invoke(IFaxRoutingMethod *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                    DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_invoke(IFaxRoutingMethod_tid, iface, id, flags, params, result, excep, arg_err);
}

#define R(iface) (&impl_from_IFaxRoutingMethod(iface)->row)

static HRESULT WINAPI method_get_DeviceId(IFaxRoutingMethod *iface, LONG *value)
{
    if (!value)
        return E_POINTER;
    *value = impl_from_IFaxRoutingMethod(iface)->port.device_id;
    return S_OK;
}

static HRESULT WINAPI method_get_Enable(IFaxRoutingMethod *iface, BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = R(iface)->enabled;
    return S_OK;
}

static HRESULT WINAPI method_put_Enable(IFaxRoutingMethod *iface, BOOL value)
{
    struct fax_routing_method *method = impl_from_IFaxRoutingMethod(iface);
    struct fax_server *server = fax_server_from(method->server);
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    const char *reply;
    HRESULT hr;

    if (FAILED(hr = fax_server_session(server, IFaxRoutingMethod_tid, L"FaxRoutingMethod.Enable",
                                       &client)))
        return hr;
    if (hfx_expect(client, 2, &reply, &error, "SITE FAXD ROUTE %s %s ENABLE %d", method->port.name, method->row.guid,
                   value != 0) != HFX_OK) {
        WCHAR what[160];
        swprintf(what, ARRAYSIZE(what), L"Enabling \"%hs\" on port %hs", method->row.friendly, method->port.name);
        return fax_server_failure(server, IFaxRoutingMethod_tid, what, &error);
    }
    method->row.enabled = value != 0;
    return S_OK;
}

static HRESULT WINAPI method_get_DeviceName(IFaxRoutingMethod *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxRoutingMethod(iface)->port.name, value);
}

static HRESULT WINAPI method_get_Guid(IFaxRoutingMethod *iface, BSTR *value) { return faxcom_return_text(R(iface)->guid, value); }
static HRESULT WINAPI method_get_FunctionName(IFaxRoutingMethod *iface, BSTR *value) { return faxcom_return_text(R(iface)->function, value); }
static HRESULT WINAPI method_get_ImageName(IFaxRoutingMethod *iface, BSTR *value) { return faxcom_return_text(R(iface)->image, value); }
static HRESULT WINAPI method_get_FriendlyName(IFaxRoutingMethod *iface, BSTR *value) { return faxcom_return_text(R(iface)->friendly, value); }
static HRESULT WINAPI method_get_ExtensionName(IFaxRoutingMethod *iface, BSTR *value) { return faxcom_return_text(R(iface)->extension, value); }
static HRESULT WINAPI method_get_RoutingData(IFaxRoutingMethod *iface, BSTR *value) { return faxcom_return_text(R(iface)->data, value); }

static const IFaxRoutingMethodVtbl method_vtbl = {
    method_QueryInterface, method_AddRef, method_Release,
    method_GetTypeInfoCount, method_GetTypeInfo, method_GetIDsOfNames, method_Invoke,
    method_get_DeviceId, method_get_Enable, method_put_Enable, method_get_DeviceName, method_get_Guid,
    method_get_FunctionName, method_get_ImageName, method_get_FriendlyName, method_get_ExtensionName,
    method_get_RoutingData,
};

/* ---- FaxRoutingMethods ---- */

struct fax_routing_methods {
    IFaxRoutingMethods IFaxRoutingMethods_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_port_row port;
    struct hfx_route_row *rows;
    size_t count;
};

static inline struct fax_routing_methods *impl_from_IFaxRoutingMethods(IFaxRoutingMethods *iface)
{
    return CONTAINING_RECORD(iface, struct fax_routing_methods, IFaxRoutingMethods_iface);
}

static HRESULT WINAPI methods_QueryInterface(IFaxRoutingMethods *iface, REFIID riid, void **out)
{
    struct fax_routing_methods *methods = impl_from_IFaxRoutingMethods(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxRoutingMethods)) {
        *out = iface;
        IFaxRoutingMethods_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&methods->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI methods_AddRef(IFaxRoutingMethods *iface)
{
    return InterlockedIncrement(&impl_from_IFaxRoutingMethods(iface)->ref);
}

static ULONG WINAPI methods_Release(IFaxRoutingMethods *iface)
{
    struct fax_routing_methods *methods = impl_from_IFaxRoutingMethods(iface);
    ULONG ref = InterlockedDecrement(&methods->ref);

    if (!ref) {
        free(methods->rows);
        IFaxServer_Release(methods->server);
        free(methods);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI methods_GetTypeInfoCount(IFaxRoutingMethods *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI methods_GetTypeInfo(IFaxRoutingMethods *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxRoutingMethods_tid, info);
}

static HRESULT WINAPI methods_GetIDsOfNames(IFaxRoutingMethods *iface, REFIID riid, LPOLESTR *names, UINT count,
                                            LCID lcid, DISPID *ids)
{
    return faxcom_ids_of_names(IFaxRoutingMethods_tid, names, count, ids);
}

static HRESULT methods_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_routing_methods *methods = impl_from_IFaxRoutingMethods((IFaxRoutingMethods *)collection);
    struct fax_routing_method *method = calloc(1, sizeof(*method));

    VariantInit(item);
    if (!method)
        return E_OUTOFMEMORY;
    method->IFaxRoutingMethod_iface.lpVtbl = &method_vtbl;
    method->ref = 1;
    method->server = methods->server;
    IFaxServer_AddRef(method->server);
    method->port = methods->port;
    method->row = methods->rows[index];
    faxcom_support_init(&method->support, (IUnknown *)&method->IFaxRoutingMethod_iface, &IID_IFaxRoutingMethod,
                        &CLSID_FaxRoutingMethod);
    faxcom_object_created();
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = (IDispatch *)&method->IFaxRoutingMethod_iface;
    return S_OK;
}

static HRESULT WINAPI methods_Invoke(IFaxRoutingMethods *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_collection_invoke((IDispatch *)iface, IFaxRoutingMethods_tid, id, flags, params, result, excep,
                                    arg_err, (LONG)impl_from_IFaxRoutingMethods(iface)->count, methods_item);
}

static HRESULT WINAPI methods_get_Count(IFaxRoutingMethods *iface, LONG *value)
{
    return faxcom_return_long((LONG)impl_from_IFaxRoutingMethods(iface)->count, value);
}

static HRESULT WINAPI methods_get_Item(IFaxRoutingMethods *iface, LONG index, VARIANT *value)
{
    return faxcom_collection_item((IUnknown *)iface, IFaxRoutingMethods_tid, index,
                                  (LONG)impl_from_IFaxRoutingMethods(iface)->count, methods_item, value);
}

static const IFaxRoutingMethodsVtbl methods_vtbl = {
    methods_QueryInterface, methods_AddRef, methods_Release,
    methods_GetTypeInfoCount, methods_GetTypeInfo, methods_GetIDsOfNames, methods_Invoke,
    methods_get_Count, methods_get_Item,
};

/* faxd's methods of the port; a HylaFAX server has none. */
static HRESULT fetch(struct fax_routing_methods *methods)
{
    struct fax_server *server = fax_server_from(methods->server);
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    HRESULT hr;

    if (FAILED(hr = fax_server_session(server, IFaxRoutingMethods_tid, L"FaxPort.GetRoutingMethods",
                                       &client)))
        return hr;
    if (!fax_server_is_faxd(server))
        return S_OK;
    if (hfx_fetch_routes(client, methods->port.name, &methods->rows, &methods->count, &error) != HFX_OK)
        return fax_server_failure(server, IFaxRoutingMethods_tid, L"FaxPort.GetRoutingMethods", &error);
    return S_OK;
}

HRESULT fax_routing_methods_create(IFaxServer *server, const struct hfx_port_row *port, VARIANT *out)
{
    struct fax_routing_methods *methods = calloc(1, sizeof(*methods));
    HRESULT hr;

    if (!methods)
        return E_OUTOFMEMORY;
    methods->IFaxRoutingMethods_iface.lpVtbl = &methods_vtbl;
    methods->ref = 1;
    methods->server = server;
    IFaxServer_AddRef(server);
    methods->port = *port;
    faxcom_support_init(&methods->support, (IUnknown *)&methods->IFaxRoutingMethods_iface, &IID_IFaxRoutingMethods,
                        &CLSID_FaxRoutingMethods);
    faxcom_object_created();
    if (FAILED(hr = fetch(methods))) {
        IFaxRoutingMethods_Release(&methods->IFaxRoutingMethods_iface);
        return hr;
    }
    V_VT(out) = VT_DISPATCH;
    V_DISPATCH(out) = (IDispatch *)&methods->IFaxRoutingMethods_iface;
    return S_OK;
}
