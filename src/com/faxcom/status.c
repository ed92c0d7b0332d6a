/*
 * FaxStatus: a port's live state, captured when made and on Refresh. faxd reports it through
 * `SITE FAXD STATUS <port>` ("Key: value" lines); a stock HylaFAX server only has the modem's status
 * text, which becomes Description.
 */
#include "faxcom_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hfx_client.h"
#include "hfx_listings.h"


struct fax_status {
    IFaxStatus IFaxStatus_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_port_row port;
    struct hfx_port_status values;
};

static inline struct fax_status *impl_from_IFaxStatus(IFaxStatus *iface)
{
    return CONTAINING_RECORD(iface, struct fax_status, IFaxStatus_iface);
}

static HRESULT fetch(struct fax_status *status, const WCHAR *what)
{
    struct fax_server *server = fax_server_from(status->server);
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    struct hfx_port_row *rows;
    size_t count;
    HRESULT hr;

    if (FAILED(hr = fax_server_session(server, IFaxStatus_tid, what, &client)))
        return hr;
    memset(&status->values, 0, sizeof(status->values));
    if (fax_server_is_faxd(server)) {
        if (hfx_fetch_status(client, status->port.name, &status->values, &error) != HFX_OK)
            return fax_server_failure(server, IFaxStatus_tid, what, &error);
        return S_OK;
    }
    /* HylaFAX: a fresh modem list gives the modem's status text */
    if (hfx_fetch_ports(client, HFX_PORTS_HYLAFAX, &rows, &count, &error) != HFX_OK)
        return fax_server_failure(server, IFaxStatus_tid, what, &error);
    for (size_t i = 0; i < count; i++)
        if (!strcmp(rows[i].name, status->port.name))
            snprintf(status->values.description, sizeof(status->values.description), "%s", rows[i].state);
    free(rows);
    return S_OK;
}

static HRESULT WINAPI fax_status_QueryInterface(IFaxStatus *iface, REFIID riid, void **out)
{
    struct fax_status *status = impl_from_IFaxStatus(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxStatus)) {
        *out = iface;
        IFaxStatus_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&status->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_status_AddRef(IFaxStatus *iface)
{
    return InterlockedIncrement(&impl_from_IFaxStatus(iface)->ref);
}

static ULONG WINAPI fax_status_Release(IFaxStatus *iface)
{
    struct fax_status *status = impl_from_IFaxStatus(iface);
    ULONG ref = InterlockedDecrement(&status->ref);

    if (!ref) {
        IFaxServer_Release(status->server);
        free(status);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_status_GetTypeInfoCount(IFaxStatus *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_status_GetTypeInfo(IFaxStatus *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxStatus_tid, info);
}

static HRESULT WINAPI fax_status_GetIDsOfNames(IFaxStatus *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                               DISPID *ids)
{
    return faxcom_ids_of_names(IFaxStatus_tid, names, count, ids);
}

static HRESULT WINAPI fax_status_Invoke(IFaxStatus *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_invoke(IFaxStatus_tid, iface, id, flags, params, result, excep, arg_err);
}

/* OLE DATE: days since 1899-12-30, UTC as the VB documentation says. */
static HRESULT date_result(long long unix_seconds, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = unix_seconds ? 25569.0 + (double)unix_seconds / 86400.0 : 0;
    return S_OK;
}

#define V(iface) (&impl_from_IFaxStatus(iface)->values)

static HRESULT WINAPI fax_status_get_CallerId(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->caller_id, value); }
static HRESULT WINAPI fax_status_get_Csid(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->csid, value); }
static HRESULT WINAPI fax_status_get_CurrentPage(IFaxStatus *iface, LONG *value) { return faxcom_return_long(V(iface)->current_page, value); }
static HRESULT WINAPI fax_status_get_DeviceId(IFaxStatus *iface, LONG *value)
{
    return faxcom_return_long(impl_from_IFaxStatus(iface)->port.device_id, value);
}
static HRESULT WINAPI fax_status_get_DeviceName(IFaxStatus *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxStatus(iface)->port.name, value);
}
static HRESULT WINAPI fax_status_get_DocumentName(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->document_name, value); }
static HRESULT WINAPI fax_status_get_Send(IFaxStatus *iface, BOOL *value) { return faxcom_return_long(V(iface)->send, (LONG *)value); }
static HRESULT WINAPI fax_status_get_Receive(IFaxStatus *iface, BOOL *value) { return faxcom_return_long(V(iface)->receive, (LONG *)value); }
static HRESULT WINAPI fax_status_get_Address(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->address, value); }
static HRESULT WINAPI fax_status_get_RoutingString(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->routing, value); }
static HRESULT WINAPI fax_status_get_SenderName(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->sender_name, value); }
static HRESULT WINAPI fax_status_get_RecipientName(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->recipient_name, value); }
static HRESULT WINAPI fax_status_get_DocumentSize(IFaxStatus *iface, LONG *value) { return faxcom_return_long(V(iface)->document_size, value); }
static HRESULT WINAPI fax_status_get_Description(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->description, value); }
static HRESULT WINAPI fax_status_get_PageCount(IFaxStatus *iface, LONG *value) { return faxcom_return_long(V(iface)->page_count, value); }
static HRESULT WINAPI fax_status_get_Tsid(IFaxStatus *iface, BSTR *value) { return faxcom_return_text(V(iface)->tsid, value); }
static HRESULT WINAPI fax_status_get_StartTime(IFaxStatus *iface, DATE *value) { return date_result(V(iface)->start_time, value); }
static HRESULT WINAPI fax_status_get_SubmittedTime(IFaxStatus *iface, DATE *value) { return date_result(V(iface)->submitted_time, value); }

/* A span carried in a DATE (days): how long the current job has been on the line; 0 when idle. */
static HRESULT WINAPI fax_status_get_ElapsedTime(IFaxStatus *iface, DATE *value)
{
    long long start = V(iface)->start_time;
    if (!value)
        return E_POINTER;
    *value = start ? (double)(time(NULL) - start) / 86400.0 : 0;
    return S_OK;
}

static HRESULT WINAPI fax_status_Refresh(IFaxStatus *iface)
{
    return fetch(impl_from_IFaxStatus(iface), L"FaxStatus.Refresh");
}

static const IFaxStatusVtbl fax_status_vtbl = {
    fax_status_QueryInterface, fax_status_AddRef, fax_status_Release,
    fax_status_GetTypeInfoCount, fax_status_GetTypeInfo, fax_status_GetIDsOfNames, fax_status_Invoke,
    fax_status_get_CallerId, fax_status_get_Csid, fax_status_get_CurrentPage, fax_status_get_DeviceId,
    fax_status_get_DeviceName, fax_status_get_DocumentName, fax_status_get_Send, fax_status_get_Receive,
    fax_status_get_Address, fax_status_get_RoutingString, fax_status_get_SenderName, fax_status_get_RecipientName,
    fax_status_get_DocumentSize, fax_status_get_Description, fax_status_get_PageCount, fax_status_get_Tsid,
    fax_status_get_StartTime, fax_status_get_SubmittedTime, fax_status_get_ElapsedTime, fax_status_Refresh,
};

HRESULT fax_status_create(IFaxServer *server, const struct hfx_port_row *port, VARIANT *out)
{
    struct fax_status *status = calloc(1, sizeof(*status));
    HRESULT hr;

    if (!status)
        return E_OUTOFMEMORY;
    status->IFaxStatus_iface.lpVtbl = &fax_status_vtbl;
    status->ref = 1;
    status->server = server;
    IFaxServer_AddRef(server);
    status->port = *port;
    faxcom_support_init(&status->support, (IUnknown *)&status->IFaxStatus_iface, &IID_IFaxStatus, &CLSID_FaxStatus);
    faxcom_object_created();
    if (FAILED(hr = fetch(status, L"FaxPort.GetStatus"))) {
        IFaxStatus_Release(&status->IFaxStatus_iface);
        return hr;
    }
    V_VT(out) = VT_DISPATCH;
    V_DISPATCH(out) = (IDispatch *)&status->IFaxStatus_iface;
    return S_OK;
}
