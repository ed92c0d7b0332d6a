/*
 * FaxPorts and FaxPort: the server's fax lines. From faxd they come with their settings through
 * `SITE FAXD PORTS` and can be changed (`SITE FAXD PORT`); from a stock HylaFAX server they are read
 * from its modem status (LIST status), CanModify is False and writes fail, naming the server type.
 */
#include "faxcom_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_listings.h"


/* The server's ports: faxd's with their settings, or a HylaFAX server's modems. */
static HRESULT fetch_ports(struct fax_server *server, const WCHAR *what, struct hfx_port_row **rows, size_t *count)
{
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    HRESULT hr;

    *rows = NULL;
    *count = 0;
    if (FAILED(hr = fax_server_session(server, IFaxPorts_tid, what, &client)))
        return hr;
    if (hfx_fetch_ports(client, fax_server_is_faxd(server) ? HFX_PORTS_FAXD : HFX_PORTS_HYLAFAX, rows, count,
                        &error) != HFX_OK)
        return fax_server_failure(server, IFaxPorts_tid, what, &error);
    return S_OK;
}

/* ---- FaxPort ---- */

struct fax_port {
    IFaxPort IFaxPort_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_port_row row;
};

static inline struct fax_port *impl_from_IFaxPort(IFaxPort *iface)
{
    return CONTAINING_RECORD(iface, struct fax_port, IFaxPort_iface);
}

static HRESULT WINAPI fax_port_QueryInterface(IFaxPort *iface, REFIID riid, void **out)
{
    struct fax_port *port = impl_from_IFaxPort(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxPort)) {
        *out = iface;
        IFaxPort_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&port->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_port_AddRef(IFaxPort *iface)
{
    return InterlockedIncrement(&impl_from_IFaxPort(iface)->ref);
}

static ULONG WINAPI fax_port_Release(IFaxPort *iface)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    ULONG ref = InterlockedDecrement(&port->ref);

    if (!ref) {
        IFaxServer_Release(port->server);
        free(port);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_port_GetTypeInfoCount(IFaxPort *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_port_GetTypeInfo(IFaxPort *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxPort_tid, info);
}

static HRESULT WINAPI fax_port_GetIDsOfNames(IFaxPort *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                             DISPID *ids)
{
    return faxcom_ids_of_names(IFaxPort_tid, names, count, ids);
}

static HRESULT WINAPI fax_port_Invoke(IFaxPort *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                      DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_invoke(IFaxPort_tid, iface, id, flags, params, result, excep, arg_err);
}

/* A write: refused where the port cannot be changed, else `SITE FAXD PORT <name> <setting> <value>`. */
static HRESULT change(struct fax_port *port, const WCHAR *property, const char *setting, const char *value)
{
    struct fax_server *server = fax_server_from(port->server);
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    const char *reply;
    char quoted[128];
    HRESULT hr;

    if (FAILED(hr = fax_server_session(server, IFaxPort_tid, property, &client)))
        return hr;
    if (!port->row.can_modify)
        return faxcom_error(IFaxPort_tid, HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED),
                            L"FaxPort.%ls cannot be changed on port %hs of %ls: %ls", property, port->row.name,
                            fax_server_name(server),
                            fax_server_is_faxd(server) ? L"changing ports needs ADMIN on this server"
                                                       : L"it is a HylaFAX server, whose modems are configured there");
    if (!hfx_quote(value, quoted, sizeof(quoted)))
        return faxcom_error(IFaxPort_tid, E_INVALIDARG, L"FaxPort.%ls: the value is too long", property);
    if (hfx_expect(client, 2, &reply, &error, "SITE FAXD PORT %s %s %s", port->row.name, setting, quoted) != HFX_OK) {
        WCHAR what[96];
        swprintf(what, ARRAYSIZE(what), L"Setting FaxPort.%ls of %hs", property, port->row.name);
        return fax_server_failure(server, IFaxPort_tid, what, &error);
    }
    return S_OK;
}

static HRESULT change_number(struct fax_port *port, const WCHAR *property, const char *setting, LONG number)
{
    char value[16];
    snprintf(value, sizeof(value), "%ld", number);
    return change(port, property, setting, value);
}

static HRESULT change_text(struct fax_port *port, const WCHAR *property, const char *setting, BSTR value,
                           char *field, size_t size)
{
    char *utf8 = faxcom_utf8(value ? value : L"");
    HRESULT hr = utf8 ? change(port, property, setting, utf8) : E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        snprintf(field, size, "%s", utf8);
    free(utf8);
    return hr;
}

static HRESULT WINAPI fax_port_get_Name(IFaxPort *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxPort(iface)->row.name, value);
}

static HRESULT WINAPI fax_port_get_DeviceId(IFaxPort *iface, LONG *value)
{
    return faxcom_return_long(impl_from_IFaxPort(iface)->row.device_id, value);
}

static HRESULT WINAPI fax_port_get_Rings(IFaxPort *iface, LONG *value)
{
    return faxcom_return_long(impl_from_IFaxPort(iface)->row.rings, value);
}

static HRESULT WINAPI fax_port_put_Rings(IFaxPort *iface, LONG value)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    HRESULT hr = change_number(port, L"Rings", "Rings", value);
    if (SUCCEEDED(hr))
        port->row.rings = value;
    return hr;
}

static HRESULT WINAPI fax_port_get_Csid(IFaxPort *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxPort(iface)->row.csid, value);
}

static HRESULT WINAPI fax_port_put_Csid(IFaxPort *iface, BSTR value)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    return change_text(port, L"Csid", "Csid", value, port->row.csid, sizeof(port->row.csid));
}

static HRESULT WINAPI fax_port_get_Tsid(IFaxPort *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxPort(iface)->row.tsid, value);
}

static HRESULT WINAPI fax_port_put_Tsid(IFaxPort *iface, BSTR value)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    return change_text(port, L"Tsid", "Tsid", value, port->row.tsid, sizeof(port->row.tsid));
}

static HRESULT WINAPI fax_port_get_Send(IFaxPort *iface, BOOL *value)
{
    return faxcom_return_long(impl_from_IFaxPort(iface)->row.send, (LONG *)value);
}

static HRESULT WINAPI fax_port_put_Send(IFaxPort *iface, BOOL value)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    HRESULT hr = change_number(port, L"Send", "Send", value != 0);
    if (SUCCEEDED(hr))
        port->row.send = value != 0;
    return hr;
}

static HRESULT WINAPI fax_port_get_Receive(IFaxPort *iface, BOOL *value)
{
    return faxcom_return_long(impl_from_IFaxPort(iface)->row.receive, (LONG *)value);
}

static HRESULT WINAPI fax_port_put_Receive(IFaxPort *iface, BOOL value)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    HRESULT hr = change_number(port, L"Receive", "Receive", value != 0);
    if (SUCCEEDED(hr))
        port->row.receive = value != 0;
    return hr;
}

static HRESULT WINAPI fax_port_get_Priority(IFaxPort *iface, LONG *value)
{
    return faxcom_return_long(impl_from_IFaxPort(iface)->row.priority, value);
}

static HRESULT WINAPI fax_port_put_Priority(IFaxPort *iface, LONG value)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    HRESULT hr = change_number(port, L"Priority", "Priority", value);
    if (SUCCEEDED(hr))
        port->row.priority = value;
    return hr;
}

static HRESULT WINAPI fax_port_GetRoutingMethods(IFaxPort *iface, VARIANT *retval)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    if (!retval)
        return E_POINTER;
    VariantInit(retval);
    return fax_routing_methods_create(port->server, &port->row, retval);
}

static HRESULT WINAPI fax_port_get_CanModify(IFaxPort *iface, BOOL *value)
{
    return faxcom_return_long(impl_from_IFaxPort(iface)->row.can_modify, (LONG *)value);
}

static HRESULT WINAPI fax_port_GetStatus(IFaxPort *iface, VARIANT *retval)
{
    struct fax_port *port = impl_from_IFaxPort(iface);
    if (!retval)
        return E_POINTER;
    VariantInit(retval);
    return fax_status_create(port->server, &port->row, retval);
}

static const IFaxPortVtbl fax_port_vtbl = {
    fax_port_QueryInterface, fax_port_AddRef, fax_port_Release,
    fax_port_GetTypeInfoCount, fax_port_GetTypeInfo, fax_port_GetIDsOfNames, fax_port_Invoke,
    fax_port_get_Name, fax_port_get_DeviceId, fax_port_get_Rings, fax_port_put_Rings, fax_port_get_Csid,
    fax_port_put_Csid, fax_port_get_Tsid, fax_port_put_Tsid, fax_port_get_Send, fax_port_put_Send,
    fax_port_get_Receive, fax_port_put_Receive, fax_port_get_Priority, fax_port_put_Priority,
    fax_port_GetRoutingMethods, fax_port_get_CanModify, fax_port_GetStatus,
};

static HRESULT fax_port_create(IFaxServer *server, const struct hfx_port_row *row, VARIANT *out)
{
    struct fax_port *port = calloc(1, sizeof(*port));

    if (!port)
        return E_OUTOFMEMORY;
    port->IFaxPort_iface.lpVtbl = &fax_port_vtbl;
    port->ref = 1;
    port->server = server;
    IFaxServer_AddRef(server);
    port->row = *row;
    faxcom_support_init(&port->support, (IUnknown *)&port->IFaxPort_iface, &IID_IFaxPort, &CLSID_FaxPort);
    faxcom_object_created();
    V_VT(out) = VT_DISPATCH;
    V_DISPATCH(out) = (IDispatch *)&port->IFaxPort_iface;
    return S_OK;
}

/* ---- FaxPorts ---- */

struct fax_ports {
    IFaxPorts IFaxPorts_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_port_row *rows;
    size_t count;
};

static inline struct fax_ports *impl_from_IFaxPorts(IFaxPorts *iface)
{
    return CONTAINING_RECORD(iface, struct fax_ports, IFaxPorts_iface);
}

static HRESULT WINAPI fax_ports_QueryInterface(IFaxPorts *iface, REFIID riid, void **out)
{
    struct fax_ports *ports = impl_from_IFaxPorts(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxPorts)) {
        *out = iface;
        IFaxPorts_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&ports->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_ports_AddRef(IFaxPorts *iface)
{
    return InterlockedIncrement(&impl_from_IFaxPorts(iface)->ref);
}

static ULONG WINAPI fax_ports_Release(IFaxPorts *iface)
{
    struct fax_ports *ports = impl_from_IFaxPorts(iface);
    ULONG ref = InterlockedDecrement(&ports->ref);

    if (!ref) {
        free(ports->rows);
        IFaxServer_Release(ports->server);
        free(ports);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_ports_GetTypeInfoCount(IFaxPorts *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_ports_GetTypeInfo(IFaxPorts *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxPorts_tid, info);
}

static HRESULT WINAPI fax_ports_GetIDsOfNames(IFaxPorts *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                              DISPID *ids)
{
    return faxcom_ids_of_names(IFaxPorts_tid, names, count, ids);
}

static HRESULT ports_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_ports *ports = impl_from_IFaxPorts((IFaxPorts *)collection);
    VariantInit(item);
    return fax_port_create(ports->server, &ports->rows[index], item);
}

static HRESULT WINAPI fax_ports_Invoke(IFaxPorts *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                       DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_collection_invoke((IDispatch *)iface, IFaxPorts_tid, id, flags, params, result, excep, arg_err,
                                    (LONG)impl_from_IFaxPorts(iface)->count, ports_item);
}

static HRESULT WINAPI fax_ports_get_Count(IFaxPorts *iface, LONG *value)
{
    return faxcom_return_long((LONG)impl_from_IFaxPorts(iface)->count, value);
}

static HRESULT WINAPI fax_ports_get_Item(IFaxPorts *iface, LONG index, VARIANT *value)
{
    return faxcom_collection_item((IUnknown *)iface, IFaxPorts_tid, index,
                                  (LONG)impl_from_IFaxPorts(iface)->count, ports_item, value);
}

static const IFaxPortsVtbl fax_ports_vtbl = {
    fax_ports_QueryInterface, fax_ports_AddRef, fax_ports_Release,
    fax_ports_GetTypeInfoCount, fax_ports_GetTypeInfo, fax_ports_GetIDsOfNames, fax_ports_Invoke,
    fax_ports_get_Count, fax_ports_get_Item,
};

HRESULT fax_ports_create(IFaxServer *server, VARIANT *out)
{
    struct fax_ports *ports = calloc(1, sizeof(*ports));
    HRESULT hr;

    if (!ports)
        return E_OUTOFMEMORY;
    ports->IFaxPorts_iface.lpVtbl = &fax_ports_vtbl;
    ports->ref = 1;
    ports->server = server;
    IFaxServer_AddRef(server);
    faxcom_support_init(&ports->support, (IUnknown *)&ports->IFaxPorts_iface, &IID_IFaxPorts, &CLSID_FaxPorts);
    faxcom_object_created();
    hr = fetch_ports(fax_server_from(server), L"FaxServer.GetPorts", &ports->rows, &ports->count);
    if (FAILED(hr)) {
        IFaxPorts_Release(&ports->IFaxPorts_iface);
        return hr;
    }
    V_VT(out) = VT_DISPATCH;
    V_DISPATCH(out) = (IDispatch *)&ports->IFaxPorts_iface;
    return S_OK;
}
