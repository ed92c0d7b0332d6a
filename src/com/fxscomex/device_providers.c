/*
 * FaxComEx.FaxDeviceProviders and FaxDeviceProvider: one provider per kind of line the server has — faxd's
 * loopback lines and its SIP lines, a HylaFAX server's modems — each listing the ids of its devices. A server
 * without lines has no providers. Versions are the server's (the providers are part of it).
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

/* ---- FaxDeviceProvider ---- */

struct fax_device_provider {
    IFaxDeviceProvider IFaxDeviceProvider_iface;
    struct com_support support;
    LONG ref;
    enum comex_line_kind kind;
    LONG version[3];
    LONG *ids;
    LONG id_count;
};

static void fax_device_provider_destroy(struct fax_device_provider *provider)
{
    free(provider->ids);
}

FXSCOMEX_UNKNOWN(fax_device_provider, IFaxDeviceProvider, fax_device_provider, fax_device_provider_destroy)
FXSCOMEX_DISPATCH(fax_device_provider, IFaxDeviceProvider, IFaxDeviceProvider_tid)

static HRESULT WINAPI fax_device_provider_get_FriendlyName(IFaxDeviceProvider *iface, BSTR *value)
{
    return fxscomex_get_text(comex_line_kind_friendly_name(impl_from_IFaxDeviceProvider(iface)->kind), value);
}

/* The program that drives the lines: faxd itself, or HylaFAX's faxgetty. */
static HRESULT WINAPI fax_device_provider_get_ImageName(IFaxDeviceProvider *iface, BSTR *value)
{
    return fxscomex_get_text(impl_from_IFaxDeviceProvider(iface)->kind == LINE_KIND_MODEM ? L"faxgetty" : L"faxd",
                             value);
}

static HRESULT WINAPI fax_device_provider_get_UniqueName(IFaxDeviceProvider *iface, BSTR *value)
{
    return fxscomex_get_text(comex_line_kind_unique_name(impl_from_IFaxDeviceProvider(iface)->kind), value);
}

static HRESULT WINAPI fax_device_provider_get_TapiProviderName(IFaxDeviceProvider *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* no TAPI */
}

static HRESULT WINAPI fax_device_provider_get_MajorVersion(IFaxDeviceProvider *iface, LONG *value)
{
    return com_return_long(impl_from_IFaxDeviceProvider(iface)->version[0], value);
}

static HRESULT WINAPI fax_device_provider_get_MinorVersion(IFaxDeviceProvider *iface, LONG *value)
{
    return com_return_long(impl_from_IFaxDeviceProvider(iface)->version[1], value);
}

static HRESULT WINAPI fax_device_provider_get_MajorBuild(IFaxDeviceProvider *iface, LONG *value)
{
    return com_return_long(impl_from_IFaxDeviceProvider(iface)->version[2], value);
}

static HRESULT WINAPI fax_device_provider_get_MinorBuild(IFaxDeviceProvider *iface, LONG *value)
{
    return com_return_long(0, value);
}

static HRESULT WINAPI fax_device_provider_get_Debug(IFaxDeviceProvider *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(FALSE, value);
}

/* Listed lines are running lines: the provider loaded. */
static HRESULT WINAPI fax_device_provider_get_Status(IFaxDeviceProvider *iface, FAX_PROVIDER_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = fpsSUCCESS;
    return S_OK;
}

static HRESULT WINAPI fax_device_provider_get_InitErrorCode(IFaxDeviceProvider *iface, LONG *value)
{
    return com_return_long(0, value);
}

static HRESULT WINAPI fax_device_provider_get_DeviceIds(IFaxDeviceProvider *iface, VARIANT *value)
{
    struct fax_device_provider *provider = impl_from_IFaxDeviceProvider(iface);
    return fxscomex_long_array(provider->ids, provider->id_count, value);
}

static const IFaxDeviceProviderVtbl fax_device_provider_vtbl = {
    fax_device_provider_QueryInterface, fax_device_provider_AddRef, fax_device_provider_Release,
    fax_device_provider_GetTypeInfoCount, fax_device_provider_GetTypeInfo, fax_device_provider_GetIDsOfNames,
    fax_device_provider_Invoke,
    fax_device_provider_get_FriendlyName, fax_device_provider_get_ImageName, fax_device_provider_get_UniqueName,
    fax_device_provider_get_TapiProviderName, fax_device_provider_get_MajorVersion,
    fax_device_provider_get_MinorVersion, fax_device_provider_get_MajorBuild, fax_device_provider_get_MinorBuild,
    fax_device_provider_get_Debug, fax_device_provider_get_Status, fax_device_provider_get_InitErrorCode,
    fax_device_provider_get_DeviceIds,
};

/* The provider of kind, or NULL (out of memory) */
static IFaxDeviceProvider *provider_create(IFaxServer *server, enum comex_line_kind kind,
                                           const struct comex_line *lines, size_t count)
{
    struct fax_device_provider *provider = calloc(1, sizeof(*provider));

    if (!provider || !(provider->ids = calloc(count, sizeof(*provider->ids)))) {
        free(provider);
        return NULL;
    }
    FXSCOMEX_INIT(provider, IFaxDeviceProvider, &fax_device_provider_vtbl, &CLSID_FaxDeviceProvider);
    provider->kind = kind;
    fax_server_version(server, provider->version);
    for (size_t i = 0; i < count; i++)
        if (lines[i].kind == kind)
            provider->ids[provider->id_count++] = lines[i].port.device_id;
    return &provider->IFaxDeviceProvider_iface;
}

/* ---- FaxDeviceProviders ---- */

struct fax_device_providers {
    IFaxDeviceProviders IFaxDeviceProviders_iface;
    struct com_support support;
    LONG ref;
    IFaxDeviceProvider *items[LINE_KIND_COUNT];
    LONG count;
};

static void fax_device_providers_destroy(struct fax_device_providers *providers)
{
    for (LONG i = 0; i < providers->count; i++)
        IFaxDeviceProvider_Release(providers->items[i]);
}

FXSCOMEX_UNKNOWN(fax_device_providers, IFaxDeviceProviders, fax_device_providers, fax_device_providers_destroy)
FXSCOMEX_TYPEINFO(fax_device_providers, IFaxDeviceProviders, IFaxDeviceProviders_tid)

static HRESULT provider_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_device_providers *providers = impl_from_IFaxDeviceProviders((IFaxDeviceProviders *)collection);

    if (index < 0 || index >= providers->count)
        return E_INVALIDARG;
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = (IDispatch *)providers->items[index];
    IDispatch_AddRef(V_DISPATCH(item));
    return S_OK;
}

static HRESULT WINAPI fax_device_providers_Invoke(IFaxDeviceProviders *iface, DISPID id, REFIID riid, LCID lcid,
                                                  WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep,
                                                  UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxDeviceProviders_tid, DISPID_VALUE, (IDispatch *)iface, id,
                                 flags, params, result, excep, arg_err, impl_from_IFaxDeviceProviders(iface)->count,
                                 provider_item);
}

static HRESULT WINAPI fax_device_providers_get__NewEnum(IFaxDeviceProviders *iface, IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, impl_from_IFaxDeviceProviders(iface)->count,
                           provider_item, ppUnk);
}

static HRESULT WINAPI fax_device_providers_get_Item(IFaxDeviceProviders *iface, VARIANT vIndex,
                                                    IFaxDeviceProvider **pFaxDeviceProvider)
{
    struct fax_device_providers *providers = impl_from_IFaxDeviceProviders(iface);
    const WCHAR *key;
    LONG index;
    HRESULT hr;

    if (!pFaxDeviceProvider)
        return E_POINTER;
    *pFaxDeviceProvider = NULL;
    if (FAILED(hr = fxscomex_item_key(IFaxDeviceProviders_tid, L"FaxDeviceProviders.Item", &vIndex, &index, &key)))
        return hr;
    for (LONG i = 0; key && i < providers->count; i++)
        if (!wcsicmp(key, comex_line_kind_unique_name(impl_from_IFaxDeviceProvider(providers->items[i])->kind)))
            index = i + 1;
    if (index < 1 || index > providers->count) {
        if (key)
            return fxscomex_error(IFaxDeviceProviders_tid, E_INVALIDARG, L"FaxDeviceProviders.Item(\"%ls\"): no "
                                  L"provider has that unique name", key);
        return fxscomex_error(IFaxDeviceProviders_tid, E_INVALIDARG, L"FaxDeviceProviders.Item(%ld): the index is 1 "
                              L"to Count (%ld)", index, providers->count);
    }
    *pFaxDeviceProvider = providers->items[index - 1];
    IFaxDeviceProvider_AddRef(*pFaxDeviceProvider);
    return S_OK;
}

static HRESULT WINAPI fax_device_providers_get_Count(IFaxDeviceProviders *iface, LONG *plCount)
{
    return com_return_long(impl_from_IFaxDeviceProviders(iface)->count, plCount);
}

static const IFaxDeviceProvidersVtbl fax_device_providers_vtbl = {
    fax_device_providers_QueryInterface, fax_device_providers_AddRef, fax_device_providers_Release,
    fax_device_providers_GetTypeInfoCount, fax_device_providers_GetTypeInfo, fax_device_providers_GetIDsOfNames,
    fax_device_providers_Invoke,
    fax_device_providers_get__NewEnum, fax_device_providers_get_Item, fax_device_providers_get_Count,
};

HRESULT fax_device_providers_create(IFaxServer *server, IFaxDeviceProviders **out)
{
    struct fax_device_providers *providers = calloc(1, sizeof(*providers));
    struct comex_line *lines;
    size_t count;
    HRESULT hr;

    *out = NULL;
    if (!providers)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(providers, IFaxDeviceProviders, &fax_device_providers_vtbl, &CLSID_FaxDeviceProviders);
    if (FAILED(hr = comex_lines_fetch(server, IFaxServer_tid, L"FaxServer.GetDeviceProviders", &lines, &count))) {
        IFaxDeviceProviders_Release(&providers->IFaxDeviceProviders_iface);
        return hr;
    }
    for (int kind = 0; kind < LINE_KIND_COUNT && SUCCEEDED(hr); kind++) {
        BOOL present = FALSE;
        for (size_t i = 0; i < count; i++)
            present |= lines[i].kind == (enum comex_line_kind)kind;
        if (present && !(providers->items[providers->count++] = provider_create(server, kind, lines, count))) {
            providers->count--;
            hr = E_OUTOFMEMORY;
        }
    }
    comex_lines_free(lines, count);
    if (FAILED(hr)) {
        IFaxDeviceProviders_Release(&providers->IFaxDeviceProviders_iface);
        return hr;
    }
    *out = &providers->IFaxDeviceProviders_iface;
    return S_OK;
}
