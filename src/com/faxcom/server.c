/*
 * FaxServer: the root object and the owner of the session with the fax service (HylaFAX protocol,
 * faxd or a HylaFAX server). Children (documents, job lists) hold a reference on it and reach the
 * session through fax_server_session, which fails cleanly after Disconnect.
 */
#include "faxcom_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "com_session.h"
#include "hfx_client.h"


struct fax_server {
    IFaxServer IFaxServer_iface;
    struct faxcom_support support;
    LONG ref;
    struct hfx_client *client;    /* NULL when not connected */
    struct com_server_address address;   /* as connected; its name is host[:port], for messages */
    BOOL is_faxd;
    struct server_settings settings;
};

static inline struct fax_server *impl_from_IFaxServer(IFaxServer *iface)
{
    return CONTAINING_RECORD(iface, struct fax_server, IFaxServer_iface);
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
        hfx_close(server->client);
        server_settings_free(&server->settings);
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
    return faxcom_ids_of_names(IFaxServer_tid, names, count, ids);
}

static HRESULT WINAPI fax_server_Invoke(IFaxServer *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_invoke(IFaxServer_tid, iface, id, flags, params, result, excep, arg_err);
}


/* ---- what children use ---- */

struct fax_server *fax_server_from(IFaxServer *iface)
{
    return impl_from_IFaxServer(iface);
}

HRESULT fax_server_session(struct fax_server *server, enum faxcom_tid tid, const WCHAR *member,
                           struct hfx_client **client)
{
    if (!server->client)
        return faxcom_error(tid, HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                            L"%ls needs a connection to a fax server: call FaxServer.Connect first%ls", member,
                            server->address.name[0] ? L" (the connection was closed by Disconnect)" : L"");
    *client = server->client;
    return S_OK;
}

BOOL fax_server_is_faxd(struct fax_server *server)
{
    return server->is_faxd;
}

const WCHAR *fax_server_name(struct fax_server *server)
{
    return server->address.name;
}

void fax_server_job_defaults(struct fax_server *server, struct fax_server_job_defaults *defaults)
{
    defaults->per_job = !server->is_faxd;
    defaults->retries = server->settings.value[SETTING_RETRIES];
    defaults->retry_delay = server->settings.value[SETTING_RETRY_DELAY];
    defaults->use_device_tsid = server->settings.value[SETTING_USE_DEVICE_TSID];
}

struct hfx_client *fax_server_client(struct fax_server *server)
{
    return server->client;
}

struct server_settings *fax_server_settings(struct fax_server *server)
{
    return &server->settings;
}

HRESULT fax_server_failure(struct fax_server *server, enum faxcom_tid tid, const WCHAR *what,
                           const struct hfx_error *error)
{
    return com_session_failure(&faxcom_module, tid, server->address.name, what, error);
}

/* ---- Connect: the naming rules and the login are shared with fxscomex.dll (com_session.c) ---- */

static HRESULT open_session(struct fax_server *server, struct hfx_client **out)
{
    struct hfx_trace trace;

    return com_session_open(&faxcom_module, IFaxServer_tid, &server->address,
                            com_trace_hook(&faxcom_module, &trace) ? &trace : NULL, out);
}

HRESULT fax_server_list_session(struct fax_server *server, enum faxcom_tid tid, const WCHAR *member,
                                struct hfx_client **client, BOOL *owned)
{
    HRESULT hr = fax_server_session(server, tid, member, client);

    *owned = FALSE;
    if (FAILED(hr))
        return hr;
    return com_session_for_jobs(&faxcom_module, tid, &server->address, *client, client, owned);
}

static HRESULT WINAPI fax_server_Connect(IFaxServer *iface, BSTR ServerName)
{
    struct fax_server *server = impl_from_IFaxServer(iface);
    struct hfx_client *client;
    HRESULT hr;

    if (!com_server_address_parse(ServerName, &server->address))
        return faxcom_error(IFaxServer_tid, E_INVALIDARG, L"FaxServer.Connect: \"%ls\" is not a server "
                            L"name (use \"\", \"host\", \"\\\\host\", \"host:port\" or \"[ipv6]:port\")",
                            ServerName ? ServerName : L"");
    hfx_close(server->client);   /* Connect while connected reconnects */
    server->client = NULL;
    if (FAILED(hr = open_session(server, &client)))
        return hr;
    server->client = client;
    server->is_faxd = com_session_is_faxd(client);
    return server_settings_on_connect(server);
}

static HRESULT WINAPI fax_server_Disconnect(IFaxServer *iface)
{
    struct fax_server *server = impl_from_IFaxServer(iface);

    hfx_close(server->client);
    server->client = NULL;
    return S_OK;
}

/* The methods that hand out a child object: each needs a live session first. */
static HRESULT begin_child(IFaxServer *iface, const WCHAR *member, VARIANT *retval)
{
    struct hfx_client *client;

    if (!retval)
        return E_POINTER;
    VariantInit(retval);
    return fax_server_session(impl_from_IFaxServer(iface), IFaxServer_tid, member, &client);
}

static HRESULT WINAPI fax_server_CreateDocument(IFaxServer *iface, BSTR FileName, VARIANT *retval)
{
    HRESULT hr = begin_child(iface, L"FaxServer.CreateDocument", retval);

    return FAILED(hr) ? hr : fax_doc_create(iface, FileName, retval);
}

static HRESULT WINAPI fax_server_GetJobs(IFaxServer *iface, VARIANT *retval)
{
    HRESULT hr = begin_child(iface, L"FaxServer.GetJobs", retval);

    return FAILED(hr) ? hr : fax_jobs_create(iface, retval);
}

static HRESULT WINAPI fax_server_GetPorts(IFaxServer *iface, VARIANT *retval)
{
    HRESULT hr = begin_child(iface, L"FaxServer.GetPorts", retval);

    return FAILED(hr) ? hr : fax_ports_create(iface, retval);
}

/* ---- configuration properties: server_settings.c does the work ---- */

static HRESULT get_number(IFaxServer *iface, enum setting_id id, LONG *value)
{
    if (!value)
        return E_POINTER;
    return server_setting_get(impl_from_IFaxServer(iface), id, value, NULL);
}

static HRESULT get_bool(IFaxServer *iface, enum setting_id id, BOOL *value)
{
    LONG number = 0;
    HRESULT hr = value ? server_setting_get(impl_from_IFaxServer(iface), id, &number, NULL) : E_POINTER;
    if (SUCCEEDED(hr))
        *value = number != 0;
    return hr;
}

static HRESULT get_short(IFaxServer *iface, enum setting_id id, short *value)
{
    LONG number = 0;
    HRESULT hr = value ? server_setting_get(impl_from_IFaxServer(iface), id, &number, NULL) : E_POINTER;
    if (SUCCEEDED(hr))
        *value = (short)number;
    return hr;
}

static HRESULT get_text(IFaxServer *iface, enum setting_id id, BSTR *value)
{
    if (!value)
        return E_POINTER;
    *value = NULL;
    return server_setting_get(impl_from_IFaxServer(iface), id, NULL, value);
}

#define NUMBER_PROPERTY(Name, type, id, getter) \
    static HRESULT WINAPI fax_server_get_##Name(IFaxServer *iface, type *pVal) { return getter(iface, id, pVal); } \
    static HRESULT WINAPI fax_server_put_##Name(IFaxServer *iface, type newVal) \
    { return server_setting_put(impl_from_IFaxServer(iface), id, newVal, NULL); }
#define TEXT_PROPERTY(Name, id) \
    static HRESULT WINAPI fax_server_get_##Name(IFaxServer *iface, BSTR *pVal) { return get_text(iface, id, pVal); } \
    static HRESULT WINAPI fax_server_put_##Name(IFaxServer *iface, BSTR newVal) \
    { return server_setting_put(impl_from_IFaxServer(iface), id, 0, newVal); }

NUMBER_PROPERTY(Retries, LONG, SETTING_RETRIES, get_number)
NUMBER_PROPERTY(RetryDelay, LONG, SETTING_RETRY_DELAY, get_number)
NUMBER_PROPERTY(DirtyDays, LONG, SETTING_DIRTY_DAYS, get_number)
NUMBER_PROPERTY(Branding, BOOL, SETTING_BRANDING, get_bool)
NUMBER_PROPERTY(UseDeviceTsid, BOOL, SETTING_USE_DEVICE_TSID, get_bool)
NUMBER_PROPERTY(ServerCoverpage, BOOL, SETTING_SERVER_COVERPAGE, get_bool)
NUMBER_PROPERTY(PauseServerQueue, BOOL, SETTING_PAUSE_SERVER_QUEUE, get_bool)
NUMBER_PROPERTY(ArchiveOutboundFaxes, BOOL, SETTING_ARCHIVE_OUTBOUND, get_bool)
TEXT_PROPERTY(ArchiveDirectory, SETTING_ARCHIVE_DIRECTORY)
TEXT_PROPERTY(ServerMapiProfile, SETTING_MAPI_PROFILE)
NUMBER_PROPERTY(DiscountRateStartHour, short, SETTING_DISCOUNT_START_HOUR, get_short)
NUMBER_PROPERTY(DiscountRateStartMinute, short, SETTING_DISCOUNT_START_MINUTE, get_short)
NUMBER_PROPERTY(DiscountRateEndHour, short, SETTING_DISCOUNT_END_HOUR, get_short)
NUMBER_PROPERTY(DiscountRateEndMinute, short, SETTING_DISCOUNT_END_MINUTE, get_short)

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
    server_settings_init(&server->settings);
    faxcom_support_init(&server->support, (IUnknown *)&server->IFaxServer_iface, &IID_IFaxServer, &CLSID_FaxServer);
    faxcom_object_created();
    hr = IFaxServer_QueryInterface(&server->IFaxServer_iface, riid, out);
    IFaxServer_Release(&server->IFaxServer_iface);
    return hr;
}
