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


struct status_values {
    char description[256], address[128], caller_id[128], csid[64], tsid[64], document_name[256];
    char sender_name[256], recipient_name[256], routing[256];
    LONG current_page, page_count, document_size;
    BOOL send, receive;
    long long start_time, submitted_time;   /* Unix seconds, 0 when none */
};

struct fax_status {
    IFaxStatus IFaxStatus_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct port_row port;
    struct status_values values;
};

static inline struct fax_status *impl_from_IFaxStatus(IFaxStatus *iface)
{
    return CONTAINING_RECORD(iface, struct fax_status, IFaxStatus_iface);
}

static void set_value(struct status_values *v, const char *key, const char *value)
{
    static const struct { const char *key; size_t offset, size; } texts[] = {
        { "Description", offsetof(struct status_values, description), sizeof(((struct status_values *)0)->description) },
        { "Address", offsetof(struct status_values, address), sizeof(((struct status_values *)0)->address) },
        { "CallerId", offsetof(struct status_values, caller_id), sizeof(((struct status_values *)0)->caller_id) },
        { "Csid", offsetof(struct status_values, csid), sizeof(((struct status_values *)0)->csid) },
        { "Tsid", offsetof(struct status_values, tsid), sizeof(((struct status_values *)0)->tsid) },
        { "DocumentName", offsetof(struct status_values, document_name), sizeof(((struct status_values *)0)->document_name) },
        { "SenderName", offsetof(struct status_values, sender_name), sizeof(((struct status_values *)0)->sender_name) },
        { "RecipientName", offsetof(struct status_values, recipient_name), sizeof(((struct status_values *)0)->recipient_name) },
        { "RoutingString", offsetof(struct status_values, routing), sizeof(((struct status_values *)0)->routing) },
    };
    for (size_t i = 0; i < ARRAYSIZE(texts); i++)
        if (!strcmp(key, texts[i].key)) {
            snprintf((char *)v + texts[i].offset, texts[i].size, "%s", value);
            return;
        }
    if (!strcmp(key, "CurrentPage")) v->current_page = atol(value);
    else if (!strcmp(key, "PageCount")) v->page_count = atol(value);
    else if (!strcmp(key, "DocumentSize")) v->document_size = atol(value);
    else if (!strcmp(key, "Send")) v->send = atol(value) != 0;
    else if (!strcmp(key, "Receive")) v->receive = atol(value) != 0;
    else if (!strcmp(key, "StartTime")) v->start_time = atoll(value);
    else if (!strcmp(key, "SubmittedTime")) v->submitted_time = atoll(value);
}

static HRESULT fetch(struct fax_status *status, const WCHAR *what)
{
    struct fax_server *server = fax_server_from(status->server);
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    char *text = NULL, *save = NULL;
    HRESULT hr;

    if (FAILED(hr = fax_server_session(server, IFaxStatus_tid, what, &client)))
        return hr;
    memset(&status->values, 0, sizeof(status->values));
    if (!fax_server_is_faxd(server)) {   /* HylaFAX: refresh the port list for the modem's status text */
        struct port_row *rows;
        LONG count;
        if (FAILED(hr = fax_ports_fetch(server, what, &rows, &count)))
            return hr;
        for (LONG i = 0; i < count; i++)
            if (!strcmp(rows[i].name, status->port.name))
                snprintf(status->values.description, sizeof(status->values.description), "%s", rows[i].state);
        free(rows);
        return S_OK;
    }
    if (hfx_lines(client, &text, &error, "SITE FAXD STATUS %s", status->port.name) != HFX_OK)
        return fax_server_failure(server, IFaxStatus_tid, what, &error);
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *colon = strstr(line, ": ");
        if (colon) {
            *colon = 0;
            set_value(&status->values, line, colon + 2);
        }
    }
    free(text);
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

HRESULT fax_status_create(IFaxServer *server, const struct port_row *port, VARIANT *out)
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
