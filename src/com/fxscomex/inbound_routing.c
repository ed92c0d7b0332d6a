/*
 * FaxComEx.FaxInboundRouting and its extensions: faxd's routing is Microsoft's routing extension — its three
 * methods under their GUIDs (inbound_routing_methods.c) — so the collection holds that one extension, named as
 * faxd names it in SITE FAXD ROUTES. A HylaFAX server (no methods) has no extension.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The unique name Windows gives the extension whose methods these GUIDs are. */
#define EXTENSION_UNIQUE_NAME L"Microsoft Routing Extension"

/* ---- FaxInboundRoutingExtension ---- */

struct fax_inbound_routing_extension {
    IFaxInboundRoutingExtension IFaxInboundRoutingExtension_iface;
    struct com_support support;
    LONG ref;
    struct hfx_route_row *routes;
    size_t count;
    LONG version[3];
};

static void fax_inbound_routing_extension_destroy(struct fax_inbound_routing_extension *extension)
{
    free(extension->routes);
}

FXSCOMEX_UNKNOWN(fax_inbound_routing_extension, IFaxInboundRoutingExtension, fax_inbound_routing_extension,
                 fax_inbound_routing_extension_destroy)
FXSCOMEX_DISPATCH(fax_inbound_routing_extension, IFaxInboundRoutingExtension, IFaxInboundRoutingExtension_tid)

#define EXTENSION(iface) impl_from_IFaxInboundRoutingExtension(iface)

static HRESULT WINAPI fax_inbound_routing_extension_get_FriendlyName(IFaxInboundRoutingExtension *iface, BSTR *value)
{
    return com_return_text(EXTENSION(iface)->routes[0].extension, value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_ImageName(IFaxInboundRoutingExtension *iface, BSTR *value)
{
    return com_return_text(EXTENSION(iface)->routes[0].image, value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_UniqueName(IFaxInboundRoutingExtension *iface, BSTR *value)
{
    return fxscomex_get_text(EXTENSION_UNIQUE_NAME, value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_MajorVersion(IFaxInboundRoutingExtension *iface, LONG *value)
{
    return com_return_long(EXTENSION(iface)->version[0], value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_MinorVersion(IFaxInboundRoutingExtension *iface, LONG *value)
{
    return com_return_long(EXTENSION(iface)->version[1], value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_MajorBuild(IFaxInboundRoutingExtension *iface, LONG *value)
{
    return com_return_long(EXTENSION(iface)->version[2], value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_MinorBuild(IFaxInboundRoutingExtension *iface, LONG *value)
{
    return com_return_long(0, value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_Debug(IFaxInboundRoutingExtension *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(FALSE, value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_Status(IFaxInboundRoutingExtension *iface,
                                                               FAX_PROVIDER_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = fpsSUCCESS;
    return S_OK;
}

static HRESULT WINAPI fax_inbound_routing_extension_get_InitErrorCode(IFaxInboundRoutingExtension *iface, LONG *value)
{
    return com_return_long(0, value);
}

static HRESULT WINAPI fax_inbound_routing_extension_get_Methods(IFaxInboundRoutingExtension *iface, VARIANT *value)
{
    struct fax_inbound_routing_extension *extension = EXTENSION(iface);
    const char *guids[8];
    LONG count = 0;

    for (size_t i = 0; i < extension->count && count < (LONG)ARRAYSIZE(guids); i++)
        guids[count++] = extension->routes[i].guid;
    return fxscomex_text_array(guids, count, value);
}

static const IFaxInboundRoutingExtensionVtbl fax_inbound_routing_extension_vtbl = {
    fax_inbound_routing_extension_QueryInterface, fax_inbound_routing_extension_AddRef,
    fax_inbound_routing_extension_Release, fax_inbound_routing_extension_GetTypeInfoCount,
    fax_inbound_routing_extension_GetTypeInfo, fax_inbound_routing_extension_GetIDsOfNames,
    fax_inbound_routing_extension_Invoke,
    fax_inbound_routing_extension_get_FriendlyName, fax_inbound_routing_extension_get_ImageName,
    fax_inbound_routing_extension_get_UniqueName, fax_inbound_routing_extension_get_MajorVersion,
    fax_inbound_routing_extension_get_MinorVersion, fax_inbound_routing_extension_get_MajorBuild,
    fax_inbound_routing_extension_get_MinorBuild, fax_inbound_routing_extension_get_Debug,
    fax_inbound_routing_extension_get_Status, fax_inbound_routing_extension_get_InitErrorCode,
    fax_inbound_routing_extension_get_Methods,
};

/* ---- FaxInboundRoutingExtensions: none or the one ---- */

struct fax_inbound_routing_extensions {
    IFaxInboundRoutingExtensions IFaxInboundRoutingExtensions_iface;
    struct com_support support;
    LONG ref;
    IFaxInboundRoutingExtension *extension;   /* NULL: none */
};

static void fax_inbound_routing_extensions_destroy(struct fax_inbound_routing_extensions *extensions)
{
    if (extensions->extension)
        IFaxInboundRoutingExtension_Release(extensions->extension);
}

FXSCOMEX_UNKNOWN(fax_inbound_routing_extensions, IFaxInboundRoutingExtensions, fax_inbound_routing_extensions,
                 fax_inbound_routing_extensions_destroy)
FXSCOMEX_TYPEINFO(fax_inbound_routing_extensions, IFaxInboundRoutingExtensions, IFaxInboundRoutingExtensions_tid)

static HRESULT extension_item(IUnknown *collection, LONG index, VARIANT *item)
{
    IFaxInboundRoutingExtension *extension =
        impl_from_IFaxInboundRoutingExtensions((IFaxInboundRoutingExtensions *)collection)->extension;

    if (index != 0 || !extension)
        return E_INVALIDARG;
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = (IDispatch *)extension;
    IDispatch_AddRef(V_DISPATCH(item));
    return S_OK;
}

static LONG extension_count(IFaxInboundRoutingExtensions *iface)
{
    return impl_from_IFaxInboundRoutingExtensions(iface)->extension ? 1 : 0;
}

static HRESULT WINAPI fax_inbound_routing_extensions_Invoke(IFaxInboundRoutingExtensions *iface, DISPID id,
                                                            REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params,
                                                            VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxInboundRoutingExtensions_tid, DISPID_VALUE, (IDispatch *)iface,
                                 id, flags, params, result, excep, arg_err, extension_count(iface), extension_item);
}

static HRESULT WINAPI fax_inbound_routing_extensions_get__NewEnum(IFaxInboundRoutingExtensions *iface,
                                                                  IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, extension_count(iface), extension_item, ppUnk);
}

static HRESULT WINAPI fax_inbound_routing_extensions_get_Item(IFaxInboundRoutingExtensions *iface, VARIANT vIndex,
                                                              IFaxInboundRoutingExtension **out)
{
    IFaxInboundRoutingExtension *extension = impl_from_IFaxInboundRoutingExtensions(iface)->extension;
    const WCHAR *key;
    LONG index;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fxscomex_item_key(IFaxInboundRoutingExtensions_tid, L"FaxInboundRoutingExtensions.Item", &vIndex,
                                      &index, &key)))
        return hr;
    if (key && !wcsicmp(key, EXTENSION_UNIQUE_NAME))
        index = 1;
    if (!extension || index != 1) {
        if (key)
            return fxscomex_error(IFaxInboundRoutingExtensions_tid, E_INVALIDARG, L"FaxInboundRoutingExtensions.Item"
                                  L"(\"%ls\"): no routing extension has that unique name", key);
        return fxscomex_error(IFaxInboundRoutingExtensions_tid, E_INVALIDARG, L"FaxInboundRoutingExtensions.Item(%ld)"
                              L": the index is 1 to Count (%ld)", index, extension_count(iface));
    }
    *out = extension;
    IFaxInboundRoutingExtension_AddRef(extension);
    return S_OK;
}

static HRESULT WINAPI fax_inbound_routing_extensions_get_Count(IFaxInboundRoutingExtensions *iface, LONG *plCount)
{
    return com_return_long(extension_count(iface), plCount);
}

static const IFaxInboundRoutingExtensionsVtbl fax_inbound_routing_extensions_vtbl = {
    fax_inbound_routing_extensions_QueryInterface, fax_inbound_routing_extensions_AddRef,
    fax_inbound_routing_extensions_Release, fax_inbound_routing_extensions_GetTypeInfoCount,
    fax_inbound_routing_extensions_GetTypeInfo, fax_inbound_routing_extensions_GetIDsOfNames,
    fax_inbound_routing_extensions_Invoke,
    fax_inbound_routing_extensions_get__NewEnum, fax_inbound_routing_extensions_get_Item,
    fax_inbound_routing_extensions_get_Count,
};

static HRESULT extensions_create(IFaxServer *server, IFaxInboundRoutingExtensions **out)
{
    struct fax_inbound_routing_extensions *extensions = calloc(1, sizeof(*extensions));
    struct fax_inbound_routing_extension *extension;
    struct hfx_route_row *routes;
    size_t count;
    HRESULT hr;

    *out = NULL;
    if (!extensions)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(extensions, IFaxInboundRoutingExtensions, &fax_inbound_routing_extensions_vtbl,
                  &CLSID_FaxInboundRoutingExtensions);
    if (FAILED(hr = inbound_routes_fetch(server, IFaxInboundRouting_tid, L"FaxInboundRouting.GetExtensions", &routes,
                                         &count))) {
        IFaxInboundRoutingExtensions_Release(&extensions->IFaxInboundRoutingExtensions_iface);
        return hr;
    }
    if (count) {
        if (!(extension = calloc(1, sizeof(*extension)))) {
            free(routes);
            IFaxInboundRoutingExtensions_Release(&extensions->IFaxInboundRoutingExtensions_iface);
            return E_OUTOFMEMORY;
        }
        FXSCOMEX_INIT(extension, IFaxInboundRoutingExtension, &fax_inbound_routing_extension_vtbl,
                      &CLSID_FaxInboundRoutingExtension);
        extension->routes = routes;
        extension->count = count;
        fax_server_version(server, extension->version);
        extensions->extension = &extension->IFaxInboundRoutingExtension_iface;
    }
    *out = &extensions->IFaxInboundRoutingExtensions_iface;
    return S_OK;
}

/* ---- FaxInboundRouting ---- */

struct fax_inbound_routing {
    IFaxInboundRouting IFaxInboundRouting_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
};

static void fax_inbound_routing_destroy(struct fax_inbound_routing *routing)
{
    IFaxServer_Release(routing->server);
}

FXSCOMEX_UNKNOWN(fax_inbound_routing, IFaxInboundRouting, fax_inbound_routing, fax_inbound_routing_destroy)
FXSCOMEX_DISPATCH(fax_inbound_routing, IFaxInboundRouting, IFaxInboundRouting_tid)

static HRESULT WINAPI fax_inbound_routing_GetExtensions(IFaxInboundRouting *iface, IFaxInboundRoutingExtensions **out)
{
    if (!out)
        return E_POINTER;
    return extensions_create(impl_from_IFaxInboundRouting(iface)->server, out);
}

static HRESULT WINAPI fax_inbound_routing_GetMethods(IFaxInboundRouting *iface, IFaxInboundRoutingMethods **out)
{
    if (!out)
        return E_POINTER;
    return fax_inbound_routing_methods_create(impl_from_IFaxInboundRouting(iface)->server, out);
}

static const IFaxInboundRoutingVtbl fax_inbound_routing_vtbl = {
    fax_inbound_routing_QueryInterface, fax_inbound_routing_AddRef, fax_inbound_routing_Release,
    fax_inbound_routing_GetTypeInfoCount, fax_inbound_routing_GetTypeInfo, fax_inbound_routing_GetIDsOfNames,
    fax_inbound_routing_Invoke,
    fax_inbound_routing_GetExtensions, fax_inbound_routing_GetMethods,
};

HRESULT fax_inbound_routing_create(IFaxServer *server, IFaxInboundRouting **out)
{
    struct fax_inbound_routing *routing = calloc(1, sizeof(*routing));

    *out = NULL;
    if (!routing)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(routing, IFaxInboundRouting, &fax_inbound_routing_vtbl, &CLSID_FaxInboundRouting);
    routing->server = server;
    IFaxServer_AddRef(server);
    *out = &routing->IFaxInboundRouting_iface;
    return S_OK;
}
