/*
 * FaxComEx.FaxServer: the root object and the owner of the session with the fax service (HylaFAX protocol,
 * faxd or a HylaFAX server). Connect's naming rules, local default and credentials are faxcom.dll's
 * (src/com/common/com_session.c). FaxDocument.ConnectedSubmit reaches the session through
 * fax_server_session. Provider and routing extension registration are refused (registration.c).
 * Events: connection_point.c is the source, events.c the listener; a script's call through IDispatch
 * first delivers the events waiting, since script hosts may pump no messages.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "com_session.h"
#include "com_trace.h"
#include "hfx_client.h"

/* What faxd reports as its version: its greeting carries none, and it is this tree's release. */
#define FAXD_VERSION_MAJOR 0
#define FAXD_VERSION_MINOR 1

struct fax_server {
    IFaxServer2 IFaxServer2_iface;      /* IFaxServer with Vista's additions */
    struct com_support support;
    LONG ref;
    struct hfx_client *client;          /* NULL when not connected */
    struct com_server_address address;  /* as connected; its name is host[:port], for messages */
    BSTR given_name;                    /* what Connect was given, for ServerName */
    LONG version[3];                    /* major, minor, build, from the greeting */
    FAX_SERVER_EVENTS_TYPE_ENUM events;
    IFaxFolders *folders;               /* made on first use; lives as long as this object */
    struct fax_connection_point point;  /* IFaxServerNotify */
    struct fax_listener *listener;      /* while events != fsetNONE */
};

static inline struct fax_server *impl_from_IFaxServer2(IFaxServer2 *iface)
{
    return CONTAINING_RECORD(iface, struct fax_server, IFaxServer2_iface);
}

/* What the other objects hold: the same interface pointer, seen as its XP base. */
static inline struct fax_server *impl_from_IFaxServer(IFaxServer *iface)
{
    return impl_from_IFaxServer2((IFaxServer2 *)iface);
}

static inline IFaxServer *xp_iface(IFaxServer2 *iface)
{
    return (IFaxServer *)iface;
}

static HRESULT WINAPI fax_server_QueryInterface(IFaxServer2 *iface, REFIID riid, void **out)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxServer)
        || IsEqualIID(riid, &IID_IFaxServer2)) {
        *out = iface;
        IFaxServer_AddRef(iface);
        return S_OK;
    }
    if (fax_connection_point_query(&server->point, riid, out) || com_support_query(&server->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_server_AddRef(IFaxServer2 *iface)
{
    return InterlockedIncrement(&impl_from_IFaxServer2(iface)->ref);
}

static ULONG WINAPI fax_server_Release(IFaxServer2 *iface)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    ULONG ref = InterlockedDecrement(&server->ref);

    if (!ref) {
        server->ref = 1;   /* the sinks released below may call back while we go */
        fax_listener_stop(server->listener);
        server->listener = NULL;
        fax_connection_point_clear(&server->point);
        hfx_close(server->client);
        SysFreeString(server->given_name);
        fax_folders_destroy(server->folders);
        free(server);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

static HRESULT WINAPI fax_server_GetTypeInfoCount(IFaxServer2 *iface, UINT *count)
{
    if (!count)
        return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_server_GetTypeInfo(IFaxServer2 *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return index ? DISP_E_BADINDEX : com_get_typeinfo(&fxscomex_module, IFaxServer2_tid, info);
}

static HRESULT WINAPI fax_server_GetIDsOfNames(IFaxServer2 *iface, REFIID riid, LPOLESTR *names, UINT count,
                                               LCID lcid, DISPID *ids)
{
    return com_ids_of_names(&fxscomex_module, IFaxServer2_tid, names, count, ids);
}

/* Wine's cscript (and any host that pumps no messages) would never see an event otherwise. */
static HRESULT WINAPI fax_server_Invoke(IFaxServer2 *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    fax_listener_deliver(impl_from_IFaxServer2(iface)->listener);
    return com_invoke(&fxscomex_module, IFaxServer2_tid, iface, id, flags, params, result, excep, arg_err);
}

static void stop_listening(struct fax_server *server)
{
    struct fax_listener *listener = server->listener;

    server->listener = NULL;
    server->events = fsetNONE;
    fax_listener_stop(listener);
}

/* ---- the session, for this object and for FaxDocument ---- */

static HRESULT session(struct fax_server *server, enum fxscomex_tid tid, const WCHAR *member)
{
    if (server->client)
        return S_OK;
    return fxscomex_error(tid, HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                          L"%ls needs a connection to a fax server: call FaxServer.Connect first%ls", member,
                          server->address.name[0] ? L" (the connection was closed by Disconnect)" : L"");
}

static const IFaxServer2Vtbl fax_server_vtbl;

const struct com_server_address *fax_server_address(IFaxServer *iface)
{
    return &impl_from_IFaxServer(iface)->address;
}

HRESULT fax_server_session(IFaxServer *iface, enum fxscomex_tid tid, const WCHAR *member,
                           struct hfx_client **client, BOOL *faxd, const WCHAR **name)
{
    struct fax_server *server;
    HRESULT hr;

    if (!iface)
        return fxscomex_error(tid, E_POINTER, L"%ls: no FaxServer given (pass a connected FaxComEx.FaxServer)",
                              member);
    /* a server object from elsewhere has no session we can use */
    if (iface->lpVtbl != (const IFaxServerVtbl *)&fax_server_vtbl)
        return fxscomex_error(tid, E_INVALIDARG, L"%ls: the object given is not a FaxComEx.FaxServer of this "
                              L"fxscomex.dll (create it with CreateObject(\"FaxComEx.FaxServer\"))", member);
    server = impl_from_IFaxServer(iface);
    if (FAILED(hr = session(server, tid, member)))
        return hr;
    *client = server->client;
    *faxd = com_session_is_faxd(server->client);
    *name = server->address.name;
    return S_OK;
}

HRESULT fax_server_jobs_session(IFaxServer *iface, enum fxscomex_tid tid, const WCHAR *member,
                                struct hfx_client **client, BOOL *owned)
{
    const WCHAR *name;
    BOOL faxd;
    HRESULT hr = fax_server_session(iface, tid, member, client, &faxd, &name);

    *owned = FALSE;
    if (FAILED(hr))
        return hr;
    return com_session_for_jobs(&fxscomex_module, tid, &impl_from_IFaxServer(iface)->address, *client, client,
                                owned);
}

HRESULT fax_server_failure(IFaxServer *iface, enum fxscomex_tid tid, const WCHAR *what,
                           const struct hfx_error *error)
{
    return com_session_failure(&fxscomex_module, tid, impl_from_IFaxServer(iface)->address.name, what, error);
}

void fax_server_version(IFaxServer *iface, LONG version[3])
{
    memcpy(version, impl_from_IFaxServer(iface)->version, sizeof(impl_from_IFaxServer(iface)->version));
}

/* ---- Connect, Disconnect, ServerName ---- */

/* "... Version 7.0.4 ..." in a HylaFAX greeting; faxd's own release for faxd; zeros when neither. */
static void read_version(struct fax_server *server)
{
    const char *greeting = hfx_greeting(server->client), *at = strstr(greeting, "Version ");
    int major = 0, minor = 0, build = 0;

    if (at && sscanf(at + 8, "%d.%d.%d", &major, &minor, &build) >= 1) {
        server->version[0] = major, server->version[1] = minor, server->version[2] = build;
    } else if (com_session_is_faxd(server->client)) {
        server->version[0] = FAXD_VERSION_MAJOR, server->version[1] = FAXD_VERSION_MINOR, server->version[2] = 0;
    } else {
        memset(server->version, 0, sizeof(server->version));
    }
}

static HRESULT WINAPI fax_server_Connect(IFaxServer2 *iface, BSTR bstrServerName)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    struct hfx_client *client;
    struct hfx_trace trace;
    HRESULT hr;

    if (!com_server_address_parse(bstrServerName, &server->address))
        return fxscomex_error(IFaxServer_tid, E_INVALIDARG, L"FaxServer.Connect: \"%ls\" is not a server name (use "
                              L"\"\", \"host\", \"\\\\host\", \"host:port\" or \"[ipv6]:port\")",
                              bstrServerName ? bstrServerName : L"");
    stop_listening(server);
    hfx_close(server->client);   /* Connect while connected reconnects */
    server->client = NULL;
    if (FAILED(hr = com_session_open(&fxscomex_module, IFaxServer_tid, &server->address,
                                     com_trace_hook(&fxscomex_module, &trace) ? &trace : NULL, &client)))
        return hr;
    if (FAILED(hr = fxscomex_put_text(&server->given_name, bstrServerName))) {
        hfx_close(client);
        return hr;
    }
    server->client = client;
    read_version(server);
    return S_OK;
}

static HRESULT WINAPI fax_server_Disconnect(IFaxServer2 *iface)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    HRESULT hr = session(server, IFaxServer_tid, L"FaxServer.Disconnect");

    if (FAILED(hr))
        return hr;
    stop_listening(server);
    hfx_close(server->client);
    server->client = NULL;
    SysFreeString(server->given_name);
    server->given_name = NULL;
    return S_OK;
}

static HRESULT WINAPI fax_server_get_ServerName(IFaxServer2 *iface, BSTR *pbstrServerName)
{
    return fxscomex_get_text(impl_from_IFaxServer2(iface)->given_name, pbstrServerName);   /* "" before Connect */
}

/* ---- versions ---- */

static HRESULT version_part(IFaxServer2 *iface, const WCHAR *member, int part, LONG *value)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = session(server, IFaxServer_tid, member)))
        return hr;
    *value = part < 3 ? server->version[part] : 0;
    return S_OK;
}

static HRESULT WINAPI fax_server_get_MajorVersion(IFaxServer2 *iface, LONG *value)
{
    return version_part(iface, L"FaxServer.MajorVersion", 0, value);
}

static HRESULT WINAPI fax_server_get_MinorVersion(IFaxServer2 *iface, LONG *value)
{
    return version_part(iface, L"FaxServer.MinorVersion", 1, value);
}

static HRESULT WINAPI fax_server_get_MajorBuild(IFaxServer2 *iface, LONG *value)
{
    return version_part(iface, L"FaxServer.MajorBuild", 2, value);
}

static HRESULT WINAPI fax_server_get_MinorBuild(IFaxServer2 *iface, LONG *value)
{
    return version_part(iface, L"FaxServer.MinorBuild", 3, value);
}

static HRESULT WINAPI fax_server_get_Debug(IFaxServer2 *iface, VARIANT_BOOL *value)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = session(server, IFaxServer_tid, L"FaxServer.Debug")))
        return hr;
    *value = VARIANT_FALSE;
    return S_OK;
}

/* Server-class features (nothing SKU-restricted): Windows Server 2003's level, as the spec advises for the
 * XP-level interface set. */
static HRESULT WINAPI fax_server_get_APIVersion(IFaxServer2 *iface, FAX_SERVER_APIVERSION_ENUM *value)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = session(server, IFaxServer_tid, L"FaxServer.APIVersion")))
        return hr;
    *value = fsAPI_VERSION_2;
    return S_OK;
}

/* ---- events (events.c) ---- */

/* A new mask replaces the listener (events waiting under the old one are delivered first); fsetNONE stops. */
static HRESULT WINAPI fax_server_ListenToServerEvents(IFaxServer2 *iface, FAX_SERVER_EVENTS_TYPE_ENUM EventTypes)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    struct fax_listener *listener;
    HRESULT hr = session(server, IFaxServer_tid, L"FaxServer.ListenToServerEvents");

    if (FAILED(hr))
        return hr;
    if (!fax_listener_valid_events(EventTypes))
        return fxscomex_error(IFaxServer_tid, E_INVALIDARG, L"FaxServer.ListenToServerEvents: 0x%lx is not a "
                              L"combination of the fset* flags (0x1 incoming queue ... 0x200 incoming call; 0 stops)",
                              (unsigned long)EventTypes);
    fax_listener_deliver(server->listener);
    stop_listening(server);
    if (EventTypes == fsetNONE)
        return S_OK;
    if (FAILED(hr = fax_listener_start(xp_iface(iface), &server->point, &server->address, EventTypes, &listener)))
        return hr;
    server->listener = listener;
    server->events = EventTypes;
    return S_OK;
}

static HRESULT WINAPI fax_server_get_RegisteredEvents(IFaxServer2 *iface, FAX_SERVER_EVENTS_TYPE_ENUM *value)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = session(server, IFaxServer_tid, L"FaxServer.RegisteredEvents")))
        return hr;
    *value = server->events;
    return S_OK;
}

/* ---- the device and configuration objects: each needs the session, then builds itself ---- */

#define CHILD(member, create) \
    do { \
        HRESULT hr_; \
        if (!out) \
            return E_POINTER; \
        *out = NULL; \
        if (FAILED(hr_ = session(impl_from_IFaxServer2(iface), IFaxServer_tid, member))) \
            return hr_; \
        return create(xp_iface(iface), out); \
    } while (0)

static HRESULT WINAPI fax_server_GetDeviceProviders(IFaxServer2 *iface, IFaxDeviceProviders **out)
{
    CHILD(L"FaxServer.GetDeviceProviders", fax_device_providers_create);
}

static HRESULT WINAPI fax_server_GetDevices(IFaxServer2 *iface, IFaxDevices **out)
{
    CHILD(L"FaxServer.GetDevices", fax_devices_create);
}

static HRESULT WINAPI fax_server_get_InboundRouting(IFaxServer2 *iface, IFaxInboundRouting **out)
{
    CHILD(L"FaxServer.InboundRouting", fax_inbound_routing_create);
}

/* The same object on every call (spec 4.6); its references are this server's. */
static HRESULT WINAPI fax_server_get_Folders(IFaxServer2 *iface, IFaxFolders **out)
{
    struct fax_server *server = impl_from_IFaxServer2(iface);
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = session(server, IFaxServer_tid, L"FaxServer.Folders")))
        return hr;
    if (!server->folders && FAILED(hr = fax_folders_create(xp_iface(iface), &server->folders)))
        return hr;
    IFaxFolders_AddRef(server->folders);
    *out = server->folders;
    return S_OK;
}

static HRESULT WINAPI fax_server_get_LoggingOptions(IFaxServer2 *iface, IFaxLoggingOptions **out)
{
    CHILD(L"FaxServer.LoggingOptions", fax_logging_options_create);
}

static HRESULT WINAPI fax_server_get_Activity(IFaxServer2 *iface, IFaxActivity **out)
{
    CHILD(L"FaxServer.Activity", fax_activity_create);
}

static HRESULT WINAPI fax_server_get_OutboundRouting(IFaxServer2 *iface, IFaxOutboundRouting **out)
{
    CHILD(L"FaxServer.OutboundRouting", fax_outbound_routing_create);
}

static HRESULT WINAPI fax_server_get_ReceiptOptions(IFaxServer2 *iface, IFaxReceiptOptions **out)
{
    CHILD(L"FaxServer.ReceiptOptions", fax_receipt_options_create);
}

static HRESULT WINAPI fax_server_get_Security(IFaxServer2 *iface, IFaxSecurity **out)
{
    CHILD(L"FaxServer.Security", fax_security_create);
}

static HRESULT WINAPI fax_server_GetExtensionProperty(IFaxServer2 *iface, BSTR bstrGUID, VARIANT *pvProperty)
{
    return fxscomex_extension_property_get(IFaxServer_tid, xp_iface(iface), L"FaxServer.GetExtensionProperty", bstrGUID,
                                           pvProperty);
}

static HRESULT WINAPI fax_server_SetExtensionProperty(IFaxServer2 *iface, BSTR bstrGUID, VARIANT vProperty)
{
    return fxscomex_extension_property_set(IFaxServer_tid, xp_iface(iface), L"FaxServer.SetExtensionProperty", bstrGUID,
                                           &vProperty);
}

static HRESULT WINAPI fax_server_RegisterDeviceProvider(IFaxServer2 *iface, BSTR bstrGUID, BSTR bstrFriendlyName,
                                                        BSTR bstrImageName, BSTR TspName, LONG lFSPIVersion)
{
    return fxscomex_register_device_provider(xp_iface(iface), bstrGUID, bstrFriendlyName, bstrImageName, TspName,
                                             lFSPIVersion);
}

static HRESULT WINAPI fax_server_UnregisterDeviceProvider(IFaxServer2 *iface, BSTR bstrUniqueName)
{
    return fxscomex_unregister_device_provider(xp_iface(iface), bstrUniqueName);
}

static HRESULT WINAPI fax_server_RegisterInboundRoutingExtension(IFaxServer2 *iface, BSTR bstrExtensionName,
                                                                 BSTR bstrFriendlyName, BSTR bstrImageName,
                                                                 VARIANT vMethods)
{
    return fxscomex_register_routing_extension(xp_iface(iface), bstrExtensionName, bstrFriendlyName, bstrImageName,
                                               &vMethods);
}

static HRESULT WINAPI fax_server_UnregisterInboundRoutingExtension(IFaxServer2 *iface, BSTR bstrExtensionUniqueName)
{
    return fxscomex_unregister_routing_extension(xp_iface(iface), bstrExtensionUniqueName);
}

/* ---- Vista's IFaxServer2 (faxcomex-api.md 6.3) ---- */

static HRESULT WINAPI fax_server_get_Configuration(IFaxServer2 *iface, IFaxConfiguration **out)
{
    CHILD(L"FaxServer.Configuration", fax_configuration_create);
}

static HRESULT WINAPI fax_server_get_Security2(IFaxServer2 *iface, IFaxSecurity2 **out)
{
    CHILD(L"FaxServer.Security2", fax_security2_create);
}

static HRESULT WINAPI fax_server_get_FaxAccountSet(IFaxServer2 *iface, IFaxAccountSet **out)
{
    CHILD(L"FaxServer.FaxAccountSet", fax_account_set_create);
}

/* The logged-in user's account: the login name is the Windows user's (com_session.c). */
static HRESULT WINAPI fax_server_get_CurrentAccount(IFaxServer2 *iface, IFaxAccount **out)
{
    static const WCHAR member[] = L"FaxServer.CurrentAccount";
    char *name;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = session(impl_from_IFaxServer2(iface), IFaxServer_tid, member))
        || FAILED(hr = account_current_name(IFaxServer2_tid, member, &name)))
        return hr;
    hr = fax_account_create(xp_iface(iface), name, out);
    free(name);
    return hr;
}

static const IFaxServer2Vtbl fax_server_vtbl = {
    fax_server_QueryInterface, fax_server_AddRef, fax_server_Release,
    fax_server_GetTypeInfoCount, fax_server_GetTypeInfo, fax_server_GetIDsOfNames, fax_server_Invoke,
    fax_server_Connect, fax_server_get_ServerName, fax_server_GetDeviceProviders, fax_server_GetDevices,
    fax_server_get_InboundRouting, fax_server_get_Folders, fax_server_get_LoggingOptions,
    fax_server_get_MajorVersion, fax_server_get_MinorVersion, fax_server_get_MajorBuild, fax_server_get_MinorBuild,
    fax_server_get_Debug, fax_server_get_Activity, fax_server_get_OutboundRouting, fax_server_get_ReceiptOptions,
    fax_server_get_Security, fax_server_Disconnect, fax_server_GetExtensionProperty,
    fax_server_SetExtensionProperty, fax_server_ListenToServerEvents, fax_server_RegisterDeviceProvider,
    fax_server_UnregisterDeviceProvider, fax_server_RegisterInboundRoutingExtension,
    fax_server_UnregisterInboundRoutingExtension, fax_server_get_RegisteredEvents, fax_server_get_APIVersion,
    fax_server_get_Configuration, fax_server_get_CurrentAccount, fax_server_get_FaxAccountSet, fax_server_get_Security2,
};

HRESULT fax_server_create(REFIID riid, void **out)
{
    struct fax_server *server = calloc(1, sizeof(*server));
    HRESULT hr;

    if (!server)
        return E_OUTOFMEMORY;
    server->IFaxServer2_iface.lpVtbl = &fax_server_vtbl;
    server->ref = 1;
    com_support_init(&server->support, &fxscomex_module, (IUnknown *)&server->IFaxServer2_iface, &IID_IFaxServer,
                     &CLSID_FaxServer);
    fax_connection_point_init(&server->point, (IUnknown *)&server->IFaxServer2_iface, &fax_server_events);
    com_object_created(&fxscomex_module);
    hr = IFaxServer2_QueryInterface(&server->IFaxServer2_iface, riid, out);
    IFaxServer2_Release(&server->IFaxServer2_iface);
    return hr;
}
