/*
 * FaxComEx.FaxDevices: the server's lines as fax devices, a snapshot taken by FaxServer.GetDevices. On faxd
 * each line comes from SITE FAXD PORTS with its live STATUS (activity, kind) and its routing methods (ROUTES),
 * the same rows faxcom.dll's FaxPort reads; on a HylaFAX server from its modem list. Item takes a 1-based
 * index or the device name, ItemById the device id.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "hfx_client.h"
#include "hfx_listings.h"

static const WCHAR *const kind_unique_names[LINE_KIND_COUNT] = {
    [LINE_KIND_LOOPBACK] = L"openfaxcom.faxd.loopback", [LINE_KIND_SIP] = L"openfaxcom.faxd.sip",
    [LINE_KIND_MODEM] = L"HylaFAX.modem",
};
static const WCHAR *const kind_friendly_names[LINE_KIND_COUNT] = {
    [LINE_KIND_LOOPBACK] = L"faxd loopback lines", [LINE_KIND_SIP] = L"faxd SIP lines (T.38 and G.711)",
    [LINE_KIND_MODEM] = L"HylaFAX modems",
};

const WCHAR *comex_line_kind_unique_name(enum comex_line_kind kind)
{
    return kind_unique_names[kind];
}

const WCHAR *comex_line_kind_friendly_name(enum comex_line_kind kind)
{
    return kind_friendly_names[kind];
}

void comex_lines_free(struct comex_line *lines, size_t count)
{
    for (size_t i = 0; lines && i < count; i++)
        free(lines[i].routes);
    free(lines);
}

/* faxd's live status and routing methods of one line. */
static enum hfx_status fetch_line_details(struct hfx_client *client, struct comex_line *line, struct hfx_error *error)
{
    enum hfx_status status = hfx_fetch_status(client, line->port.name, &line->status, error);

    if (status != HFX_OK)
        return status;
    line->kind = !strcmp(line->status.kind, "sip") ? LINE_KIND_SIP : LINE_KIND_LOOPBACK;
    return hfx_fetch_routes(client, line->port.name, &line->routes, &line->route_count, error);
}

HRESULT comex_lines_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct comex_line **lines,
                          size_t *count)
{
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    struct hfx_port_row *ports;
    const WCHAR *name;
    size_t port_count;
    BOOL faxd;
    HRESULT hr;

    *lines = NULL;
    *count = 0;
    if (FAILED(hr = fax_server_session(server, tid, member, &client, &faxd, &name)))
        return hr;
    if (hfx_fetch_ports(client, faxd ? HFX_PORTS_FAXD : HFX_PORTS_HYLAFAX, &ports, &port_count, &error) != HFX_OK)
        return fax_server_failure(server, tid, L"Reading the fax devices", &error);
    if (port_count && !(*lines = calloc(port_count, sizeof(**lines)))) {
        free(ports);
        return E_OUTOFMEMORY;
    }
    for (size_t i = 0; i < port_count; i++) {
        (*lines)[i].port = ports[i];
        (*lines)[i].kind = LINE_KIND_MODEM;
        *count = i + 1;
        if (faxd && fetch_line_details(client, &(*lines)[i], &error) != HFX_OK) {
            free(ports);
            comex_lines_free(*lines, *count);
            *lines = NULL;
            *count = 0;
            return fax_server_failure(server, tid, L"Reading the fax devices", &error);
        }
    }
    free(ports);
    return S_OK;
}

/* ---- FaxDevices ---- */

struct fax_devices {
    IFaxDevices IFaxDevices_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct comex_line *lines;
    size_t count;
};

static void fax_devices_destroy(struct fax_devices *devices)
{
    comex_lines_free(devices->lines, devices->count);
    IFaxServer_Release(devices->server);
}

FXSCOMEX_UNKNOWN(fax_devices, IFaxDevices, fax_devices, fax_devices_destroy)
FXSCOMEX_TYPEINFO(fax_devices, IFaxDevices, IFaxDevices_tid)

/* A new FaxDevice for the 0-based index: each carries its own copy to edit and Save. */
static HRESULT device_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_devices *devices = impl_from_IFaxDevices((IFaxDevices *)collection);
    IFaxDevice *device;
    HRESULT hr;

    if (index < 0 || (size_t)index >= devices->count)
        return E_INVALIDARG;
    if (FAILED(hr = fax_device_create(devices->server, &devices->lines[index], &device)))
        return hr;
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = (IDispatch *)device;
    return S_OK;
}

static HRESULT WINAPI fax_devices_Invoke(IFaxDevices *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                                    DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep,
                                                    UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxDevices_tid, DISPID_VALUE, (IDispatch *)iface, id, flags,
                                 params, result, excep, arg_err, (LONG)impl_from_IFaxDevices(iface)->count,
                                 device_item);
}

static HRESULT WINAPI fax_devices_get__NewEnum(IFaxDevices *iface, IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, (LONG)impl_from_IFaxDevices(iface)->count,
                           device_item, ppUnk);
}

static HRESULT return_device(struct fax_devices *devices, size_t index, IFaxDevice **out)
{
    return fax_device_create(devices->server, &devices->lines[index], out);
}

static HRESULT WINAPI fax_devices_get_Item(IFaxDevices *iface, VARIANT vIndex, IFaxDevice **pFaxDevice)
{
    struct fax_devices *devices = impl_from_IFaxDevices(iface);
    const WCHAR *key;
    LONG index;
    HRESULT hr;

    if (!pFaxDevice)
        return E_POINTER;
    *pFaxDevice = NULL;
    if (FAILED(hr = fxscomex_item_key(IFaxDevices_tid, L"FaxDevices.Item", &vIndex, &index, &key)))
        return hr;
    if (!key) {
        if (index < 1 || (size_t)index > devices->count)
            return fxscomex_error(IFaxDevices_tid, E_INVALIDARG, L"FaxDevices.Item(%ld): the index is 1 to Count "
                                  L"(%ld)", index, (LONG)devices->count);
        return return_device(devices, (size_t)index - 1, pFaxDevice);
    }
    for (size_t i = 0; i < devices->count; i++) {
        BSTR name = com_bstr_from_bytes(devices->lines[i].port.name);
        BOOL same = name && !wcsicmp(name, key);
        SysFreeString(name);
        if (same)
            return return_device(devices, i, pFaxDevice);
    }
    return fxscomex_error(IFaxDevices_tid, E_INVALIDARG, L"FaxDevices.Item(\"%ls\"): the server has no device of that "
                          L"name (For Each lists the DeviceName of each)", key);
}

static HRESULT WINAPI fax_devices_get_Count(IFaxDevices *iface, LONG *plCount)
{
    return com_return_long((LONG)impl_from_IFaxDevices(iface)->count, plCount);
}

static HRESULT WINAPI fax_devices_get_ItemById(IFaxDevices *iface, LONG lId, IFaxDevice **ppFaxDevice)
{
    struct fax_devices *devices = impl_from_IFaxDevices(iface);

    if (!ppFaxDevice)
        return E_POINTER;
    *ppFaxDevice = NULL;
    for (size_t i = 0; i < devices->count; i++)
        if (devices->lines[i].port.device_id == lId)
            return return_device(devices, i, ppFaxDevice);
    return fxscomex_error(IFaxDevices_tid, E_INVALIDARG, L"FaxDevices.ItemById(%ld): the server has no device with "
                          L"that id (FaxDevice.Id gives each device's)", lId);
}

static const IFaxDevicesVtbl fax_devices_vtbl = {
    fax_devices_QueryInterface, fax_devices_AddRef, fax_devices_Release,
    fax_devices_GetTypeInfoCount, fax_devices_GetTypeInfo, fax_devices_GetIDsOfNames, fax_devices_Invoke,
    fax_devices_get__NewEnum, fax_devices_get_Item, fax_devices_get_Count, fax_devices_get_ItemById,
};

HRESULT fax_devices_create(IFaxServer *server, IFaxDevices **out)
{
    struct fax_devices *devices = calloc(1, sizeof(*devices));
    HRESULT hr;

    *out = NULL;
    if (!devices)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(devices, IFaxDevices, &fax_devices_vtbl, &CLSID_FaxDevices);
    devices->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = comex_lines_fetch(server, IFaxServer_tid, L"FaxServer.GetDevices", &devices->lines,
                                      &devices->count))) {
        IFaxDevices_Release(&devices->IFaxDevices_iface);
        return hr;
    }
    *out = &devices->IFaxDevices_iface;
    return S_OK;
}
