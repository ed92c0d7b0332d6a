/*
 * FaxComEx.FaxInboundRoutingMethods and FaxInboundRoutingMethod. faxd routes received faxes with the three methods
 * of Microsoft's routing extension, under their GUIDs (store in a folder, print, e-mail), as faxcom.dll's
 * FaxRoutingMethod shows them (SITE FAXD ROUTES; every line has all three, so the first line's list is the
 * server's). Priority is the order faxd runs them in, which is fixed: Save fails if a script changed it. A HylaFAX
 * server routes by its FaxDispatch script and shows no extension and no method.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

HRESULT inbound_routes_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member,
                            struct hfx_route_row **routes, size_t *count)
{
    struct comex_line *lines;
    size_t line_count;
    HRESULT hr = comex_lines_fetch(server, tid, member, &lines, &line_count);

    *routes = NULL;
    *count = 0;
    if (FAILED(hr))
        return hr;
    if (line_count && lines[0].route_count) {
        *routes = lines[0].routes;
        *count = lines[0].route_count;
        lines[0].routes = NULL;
    }
    comex_lines_free(lines, line_count);
    return S_OK;
}

/* ---- a snapshot collection of items made up front (extensions and methods) ---- */

struct item_list {
    IDispatch **items;
    LONG count;
};

static void item_list_free(struct item_list *list)
{
    for (LONG i = 0; i < list->count; i++)
        IDispatch_Release(list->items[i]);
    free(list->items);
}

static HRESULT item_list_get(const struct item_list *list, LONG index, VARIANT *item)
{
    if (index < 0 || index >= list->count)
        return E_INVALIDARG;
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = list->items[index];
    IDispatch_AddRef(V_DISPATCH(item));
    return S_OK;
}

/* ---- FaxInboundRoutingMethod ---- */

struct fax_inbound_routing_method {
    IFaxInboundRoutingMethod IFaxInboundRoutingMethod_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_route_row row;
    LONG priority, saved_priority;
};

static void fax_inbound_routing_method_destroy(struct fax_inbound_routing_method *method)
{
    IFaxServer_Release(method->server);
}

FXSCOMEX_UNKNOWN(fax_inbound_routing_method, IFaxInboundRoutingMethod, fax_inbound_routing_method,
                 fax_inbound_routing_method_destroy)
FXSCOMEX_DISPATCH(fax_inbound_routing_method, IFaxInboundRoutingMethod, IFaxInboundRoutingMethod_tid)

static HRESULT WINAPI fax_inbound_routing_method_get_Name(IFaxInboundRoutingMethod *iface, BSTR *value)
{
    return com_return_text(impl_from_IFaxInboundRoutingMethod(iface)->row.friendly, value);
}

static HRESULT WINAPI fax_inbound_routing_method_get_GUID(IFaxInboundRoutingMethod *iface, BSTR *value)
{
    return com_return_text(impl_from_IFaxInboundRoutingMethod(iface)->row.guid, value);
}

static HRESULT WINAPI fax_inbound_routing_method_get_FunctionName(IFaxInboundRoutingMethod *iface, BSTR *value)
{
    return com_return_text(impl_from_IFaxInboundRoutingMethod(iface)->row.function, value);
}

static HRESULT WINAPI fax_inbound_routing_method_get_ExtensionFriendlyName(IFaxInboundRoutingMethod *iface,
                                                                           BSTR *value)
{
    return com_return_text(impl_from_IFaxInboundRoutingMethod(iface)->row.extension, value);
}

static HRESULT WINAPI fax_inbound_routing_method_get_ExtensionImageName(IFaxInboundRoutingMethod *iface, BSTR *value)
{
    return com_return_text(impl_from_IFaxInboundRoutingMethod(iface)->row.image, value);
}

static HRESULT WINAPI fax_inbound_routing_method_get_Priority(IFaxInboundRoutingMethod *iface, LONG *value)
{
    return com_return_long(impl_from_IFaxInboundRoutingMethod(iface)->priority, value);
}

static HRESULT WINAPI fax_inbound_routing_method_put_Priority(IFaxInboundRoutingMethod *iface, LONG value)
{
    if (value < 1)
        return fxscomex_error(IFaxInboundRoutingMethod_tid, E_INVALIDARG, L"FaxInboundRoutingMethod.Priority: %ld "
                              L"is not a priority (1 is first)", value);
    impl_from_IFaxInboundRoutingMethod(iface)->priority = value;
    return S_OK;
}

static HRESULT WINAPI fax_inbound_routing_method_Refresh(IFaxInboundRoutingMethod *iface)
{
    struct fax_inbound_routing_method *method = impl_from_IFaxInboundRoutingMethod(iface);
    HRESULT hr = fxscomex_connected(method->server, IFaxInboundRoutingMethod_tid,
                                    L"FaxInboundRoutingMethod.Refresh", NULL);

    if (SUCCEEDED(hr))
        method->priority = method->saved_priority;   /* the order is fixed: nothing else to read */
    return hr;
}

static HRESULT WINAPI fax_inbound_routing_method_Save(IFaxInboundRoutingMethod *iface)
{
    struct fax_inbound_routing_method *method = impl_from_IFaxInboundRoutingMethod(iface);
    HRESULT hr = fxscomex_connected(method->server, IFaxInboundRoutingMethod_tid, L"FaxInboundRoutingMethod.Save",
                                    NULL);

    if (FAILED(hr) || method->priority == method->saved_priority)
        return hr;
    return fxscomex_cannot_store(IFaxInboundRoutingMethod_tid, method->server, L"FaxInboundRoutingMethod.Save",
                                 L"faxd runs its routing methods in a fixed order (folder, print, e-mail)");
}

static const IFaxInboundRoutingMethodVtbl fax_inbound_routing_method_vtbl = {
    fax_inbound_routing_method_QueryInterface, fax_inbound_routing_method_AddRef, fax_inbound_routing_method_Release,
    fax_inbound_routing_method_GetTypeInfoCount, fax_inbound_routing_method_GetTypeInfo,
    fax_inbound_routing_method_GetIDsOfNames, fax_inbound_routing_method_Invoke,
    fax_inbound_routing_method_get_Name, fax_inbound_routing_method_get_GUID,
    fax_inbound_routing_method_get_FunctionName, fax_inbound_routing_method_get_ExtensionFriendlyName,
    fax_inbound_routing_method_get_ExtensionImageName, fax_inbound_routing_method_get_Priority,
    fax_inbound_routing_method_put_Priority, fax_inbound_routing_method_Refresh, fax_inbound_routing_method_Save,
};

static IDispatch *method_create(IFaxServer *server, const struct hfx_route_row *row, LONG priority)
{
    struct fax_inbound_routing_method *method = calloc(1, sizeof(*method));

    if (!method)
        return NULL;
    FXSCOMEX_INIT(method, IFaxInboundRoutingMethod, &fax_inbound_routing_method_vtbl, &CLSID_FaxInboundRoutingMethod);
    method->server = server;
    IFaxServer_AddRef(server);
    method->row = *row;
    method->priority = method->saved_priority = priority;
    return (IDispatch *)&method->IFaxInboundRoutingMethod_iface;
}

/* ---- FaxInboundRoutingMethods ---- */

struct fax_inbound_routing_methods {
    IFaxInboundRoutingMethods IFaxInboundRoutingMethods_iface;
    struct com_support support;
    LONG ref;
    struct item_list list;
};

static void fax_inbound_routing_methods_destroy(struct fax_inbound_routing_methods *methods)
{
    item_list_free(&methods->list);
}

FXSCOMEX_UNKNOWN(fax_inbound_routing_methods, IFaxInboundRoutingMethods, fax_inbound_routing_methods,
                 fax_inbound_routing_methods_destroy)
FXSCOMEX_TYPEINFO(fax_inbound_routing_methods, IFaxInboundRoutingMethods, IFaxInboundRoutingMethods_tid)

static HRESULT method_item(IUnknown *collection, LONG index, VARIANT *item)
{
    return item_list_get(&impl_from_IFaxInboundRoutingMethods((IFaxInboundRoutingMethods *)collection)->list, index,
                         item);
}

static HRESULT WINAPI fax_inbound_routing_methods_Invoke(IFaxInboundRoutingMethods *iface, DISPID id, REFIID riid,
                                                         LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result,
                                                         EXCEPINFO *excep, UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxInboundRoutingMethods_tid, DISPID_VALUE, (IDispatch *)iface,
                                 id, flags, params, result, excep, arg_err,
                                 impl_from_IFaxInboundRoutingMethods(iface)->list.count, method_item);
}

static HRESULT WINAPI fax_inbound_routing_methods_get__NewEnum(IFaxInboundRoutingMethods *iface, IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, impl_from_IFaxInboundRoutingMethods(iface)->list.count,
                           method_item, ppUnk);
}

static HRESULT WINAPI fax_inbound_routing_methods_get_Item(IFaxInboundRoutingMethods *iface, VARIANT vIndex,
                                                           IFaxInboundRoutingMethod **out)
{
    struct item_list *list = &impl_from_IFaxInboundRoutingMethods(iface)->list;
    const WCHAR *key;
    LONG index;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fxscomex_item_key(IFaxInboundRoutingMethods_tid, L"FaxInboundRoutingMethods.Item", &vIndex,
                                      &index, &key)))
        return hr;
    for (LONG i = 0; key && i < list->count; i++) {
        struct fax_inbound_routing_method *method = impl_from_IFaxInboundRoutingMethod(
            (IFaxInboundRoutingMethod *)list->items[i]);
        BSTR guid = com_bstr_from_bytes(method->row.guid);
        if (guid && !wcsicmp(guid, key))
            index = i + 1;
        SysFreeString(guid);
    }
    if (index < 1 || index > list->count) {
        if (key)
            return fxscomex_error(IFaxInboundRoutingMethods_tid, E_INVALIDARG, L"FaxInboundRoutingMethods.Item(\"%ls\")"
                                  L": no routing method has that GUID", key);
        return fxscomex_error(IFaxInboundRoutingMethods_tid, E_INVALIDARG, L"FaxInboundRoutingMethods.Item(%ld): the "
                              L"index is 1 to Count (%ld)", index, list->count);
    }
    *out = (IFaxInboundRoutingMethod *)list->items[index - 1];
    IFaxInboundRoutingMethod_AddRef(*out);
    return S_OK;
}

static HRESULT WINAPI fax_inbound_routing_methods_get_Count(IFaxInboundRoutingMethods *iface, LONG *plCount)
{
    return com_return_long(impl_from_IFaxInboundRoutingMethods(iface)->list.count, plCount);
}

static const IFaxInboundRoutingMethodsVtbl fax_inbound_routing_methods_vtbl = {
    fax_inbound_routing_methods_QueryInterface, fax_inbound_routing_methods_AddRef,
    fax_inbound_routing_methods_Release, fax_inbound_routing_methods_GetTypeInfoCount,
    fax_inbound_routing_methods_GetTypeInfo, fax_inbound_routing_methods_GetIDsOfNames,
    fax_inbound_routing_methods_Invoke,
    fax_inbound_routing_methods_get__NewEnum, fax_inbound_routing_methods_get_Item,
    fax_inbound_routing_methods_get_Count,
};

HRESULT fax_inbound_routing_methods_create(IFaxServer *server, IFaxInboundRoutingMethods **out)
{
    struct fax_inbound_routing_methods *methods = calloc(1, sizeof(*methods));
    struct hfx_route_row *routes;
    size_t count;
    HRESULT hr;

    *out = NULL;
    if (!methods)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(methods, IFaxInboundRoutingMethods, &fax_inbound_routing_methods_vtbl,
                  &CLSID_FaxInboundRoutingMethods);
    hr = inbound_routes_fetch(server, IFaxInboundRouting_tid, L"FaxInboundRouting.GetMethods", &routes, &count);
    if (SUCCEEDED(hr) && count && !(methods->list.items = calloc(count, sizeof(*methods->list.items))))
        hr = E_OUTOFMEMORY;
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++)
        if (!(methods->list.items[methods->list.count] = method_create(server, &routes[i], (LONG)i + 1)))
            hr = E_OUTOFMEMORY;
        else
            methods->list.count++;
    free(routes);
    if (FAILED(hr)) {
        IFaxInboundRoutingMethods_Release(&methods->IFaxInboundRoutingMethods_iface);
        return hr;
    }
    *out = &methods->IFaxInboundRoutingMethods_iface;
    return S_OK;
}
