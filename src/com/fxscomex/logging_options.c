/*
 * FaxComEx.FaxLoggingOptions with its FaxEventLogging and FaxActivityLogging. faxd logs every session event and
 * call phase (its log file: the most detailed level in every category) and writes one transfer-log line per call
 * sent or received (SPOOL/log/xferfaxlog; a HylaFAX server keeps etc/xferfaxlog). Neither can be changed by a
 * client: Save succeeds when nothing changed and otherwise fails naming the server.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

enum event_category { EVENTS_INIT, EVENTS_INBOUND, EVENTS_OUTBOUND, EVENTS_GENERAL, EVENT_CATEGORY_COUNT };

/* ---- FaxEventLogging ---- */

struct fax_event_logging {
    IFaxEventLogging IFaxEventLogging_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    FAX_LOG_LEVEL_ENUM level[EVENT_CATEGORY_COUNT];
};

static void fax_event_logging_destroy(struct fax_event_logging *logging)
{
    IFaxServer_Release(logging->server);
}

FXSCOMEX_UNKNOWN(fax_event_logging, IFaxEventLogging, fax_event_logging, fax_event_logging_destroy)
FXSCOMEX_DISPATCH(fax_event_logging, IFaxEventLogging, IFaxEventLogging_tid)

static HRESULT get_level(IFaxEventLogging *iface, enum event_category category, FAX_LOG_LEVEL_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = impl_from_IFaxEventLogging(iface)->level[category];
    return S_OK;
}

static HRESULT put_level(IFaxEventLogging *iface, enum event_category category, const WCHAR *property,
                         FAX_LOG_LEVEL_ENUM value)
{
    if (value < fllNONE || value > fllMAX)
        return fxscomex_error(IFaxEventLogging_tid, E_INVALIDARG, L"FaxEventLogging.%ls: %d is not a log level "
                              L"(fllNONE 0, fllMIN 1, fllMED 2, fllMAX 3)", property, value);
    impl_from_IFaxEventLogging(iface)->level[category] = value;
    return S_OK;
}

#define LEVEL_PROPERTY(Name, category) \
    static HRESULT WINAPI fax_event_logging_get_##Name(IFaxEventLogging *iface, FAX_LOG_LEVEL_ENUM *value) \
    { \
        return get_level(iface, category, value); \
    } \
    static HRESULT WINAPI fax_event_logging_put_##Name(IFaxEventLogging *iface, FAX_LOG_LEVEL_ENUM value) \
    { \
        return put_level(iface, category, L## #Name, value); \
    }
LEVEL_PROPERTY(InitEventsLevel, EVENTS_INIT)
LEVEL_PROPERTY(InboundEventsLevel, EVENTS_INBOUND)
LEVEL_PROPERTY(OutboundEventsLevel, EVENTS_OUTBOUND)
LEVEL_PROPERTY(GeneralEventsLevel, EVENTS_GENERAL)

static HRESULT WINAPI fax_event_logging_Refresh(IFaxEventLogging *iface)
{
    struct fax_event_logging *logging = impl_from_IFaxEventLogging(iface);
    HRESULT hr = fxscomex_connected(logging->server, IFaxEventLogging_tid, L"FaxEventLogging.Refresh", NULL);

    if (FAILED(hr))
        return hr;
    for (int i = 0; i < EVENT_CATEGORY_COUNT; i++)
        logging->level[i] = fllMAX;
    return S_OK;
}

static HRESULT WINAPI fax_event_logging_Save(IFaxEventLogging *iface)
{
    struct fax_event_logging *logging = impl_from_IFaxEventLogging(iface);
    HRESULT hr = fxscomex_connected(logging->server, IFaxEventLogging_tid, L"FaxEventLogging.Save", NULL);

    if (FAILED(hr))
        return hr;
    for (int i = 0; i < EVENT_CATEGORY_COUNT; i++)
        if (logging->level[i] != fllMAX)
            return fxscomex_cannot_store(IFaxEventLogging_tid, logging->server, L"FaxEventLogging.Save",
                                         L"it always logs every event (fllMAX); its log file is set in its "
                                         L"configuration");
    return S_OK;
}

static const IFaxEventLoggingVtbl fax_event_logging_vtbl = {
    fax_event_logging_QueryInterface, fax_event_logging_AddRef, fax_event_logging_Release,
    fax_event_logging_GetTypeInfoCount, fax_event_logging_GetTypeInfo, fax_event_logging_GetIDsOfNames,
    fax_event_logging_Invoke,
    fax_event_logging_get_InitEventsLevel, fax_event_logging_put_InitEventsLevel,
    fax_event_logging_get_InboundEventsLevel, fax_event_logging_put_InboundEventsLevel,
    fax_event_logging_get_OutboundEventsLevel, fax_event_logging_put_OutboundEventsLevel,
    fax_event_logging_get_GeneralEventsLevel, fax_event_logging_put_GeneralEventsLevel,
    fax_event_logging_Refresh, fax_event_logging_Save,
};

/* ---- FaxActivityLogging ---- */

struct fax_activity_logging {
    IFaxActivityLogging IFaxActivityLogging_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    VARIANT_BOOL incoming, outgoing;
    BSTR path;
};

static void fax_activity_logging_destroy(struct fax_activity_logging *logging)
{
    SysFreeString(logging->path);
    IFaxServer_Release(logging->server);
}

FXSCOMEX_UNKNOWN(fax_activity_logging, IFaxActivityLogging, fax_activity_logging, fax_activity_logging_destroy)
FXSCOMEX_DISPATCH(fax_activity_logging, IFaxActivityLogging, IFaxActivityLogging_tid)

/* The transfer log's folder, relative to the server's spool as its protocol shows files. */
static const WCHAR *log_folder(BOOL faxd)
{
    return faxd ? L"log" : L"etc";
}

static HRESULT WINAPI fax_activity_logging_get_LogIncoming(IFaxActivityLogging *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(impl_from_IFaxActivityLogging(iface)->incoming, value);
}

static HRESULT WINAPI fax_activity_logging_put_LogIncoming(IFaxActivityLogging *iface, VARIANT_BOOL value)
{
    impl_from_IFaxActivityLogging(iface)->incoming = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_activity_logging_get_LogOutgoing(IFaxActivityLogging *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(impl_from_IFaxActivityLogging(iface)->outgoing, value);
}

static HRESULT WINAPI fax_activity_logging_put_LogOutgoing(IFaxActivityLogging *iface, VARIANT_BOOL value)
{
    impl_from_IFaxActivityLogging(iface)->outgoing = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_activity_logging_get_DatabasePath(IFaxActivityLogging *iface, BSTR *value)
{
    return fxscomex_get_text(impl_from_IFaxActivityLogging(iface)->path, value);
}

static HRESULT WINAPI fax_activity_logging_put_DatabasePath(IFaxActivityLogging *iface, BSTR value)
{
    return fxscomex_put_text(&impl_from_IFaxActivityLogging(iface)->path, value);
}

static HRESULT WINAPI fax_activity_logging_Refresh(IFaxActivityLogging *iface)
{
    struct fax_activity_logging *logging = impl_from_IFaxActivityLogging(iface);
    BOOL faxd;
    HRESULT hr = fxscomex_connected(logging->server, IFaxActivityLogging_tid, L"FaxActivityLogging.Refresh", &faxd);

    if (FAILED(hr))
        return hr;
    logging->incoming = logging->outgoing = VARIANT_TRUE;   /* every call, either way, gets its line */
    return fxscomex_put_text(&logging->path, log_folder(faxd));
}

static HRESULT WINAPI fax_activity_logging_Save(IFaxActivityLogging *iface)
{
    struct fax_activity_logging *logging = impl_from_IFaxActivityLogging(iface);
    BOOL faxd;
    HRESULT hr = fxscomex_connected(logging->server, IFaxActivityLogging_tid, L"FaxActivityLogging.Save", &faxd);

    if (FAILED(hr))
        return hr;
    if (logging->incoming && logging->outgoing && !wcscmp(logging->path, log_folder(faxd)))
        return S_OK;
    return fxscomex_cannot_store(IFaxActivityLogging_tid, logging->server, L"FaxActivityLogging.Save",
                                 L"it logs every call sent and received to its transfer log (xferfaxlog) in a "
                                 L"fixed folder of its spool");
}

static const IFaxActivityLoggingVtbl fax_activity_logging_vtbl = {
    fax_activity_logging_QueryInterface, fax_activity_logging_AddRef, fax_activity_logging_Release,
    fax_activity_logging_GetTypeInfoCount, fax_activity_logging_GetTypeInfo, fax_activity_logging_GetIDsOfNames,
    fax_activity_logging_Invoke,
    fax_activity_logging_get_LogIncoming, fax_activity_logging_put_LogIncoming,
    fax_activity_logging_get_LogOutgoing, fax_activity_logging_put_LogOutgoing,
    fax_activity_logging_get_DatabasePath, fax_activity_logging_put_DatabasePath,
    fax_activity_logging_Refresh, fax_activity_logging_Save,
};

/* ---- FaxLoggingOptions ---- */

struct fax_logging_options {
    IFaxLoggingOptions IFaxLoggingOptions_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
};

static void fax_logging_options_destroy(struct fax_logging_options *options)
{
    IFaxServer_Release(options->server);
}

FXSCOMEX_UNKNOWN(fax_logging_options, IFaxLoggingOptions, fax_logging_options, fax_logging_options_destroy)
FXSCOMEX_DISPATCH(fax_logging_options, IFaxLoggingOptions, IFaxLoggingOptions_tid)

static HRESULT WINAPI fax_logging_options_get_EventLogging(IFaxLoggingOptions *iface, IFaxEventLogging **out)
{
    IFaxServer *server = impl_from_IFaxLoggingOptions(iface)->server;
    struct fax_event_logging *logging;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!(logging = calloc(1, sizeof(*logging))))
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(logging, IFaxEventLogging, &fax_event_logging_vtbl, &CLSID_FaxEventLogging);
    logging->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = fax_event_logging_Refresh(&logging->IFaxEventLogging_iface))) {
        IFaxEventLogging_Release(&logging->IFaxEventLogging_iface);
        return hr;
    }
    *out = &logging->IFaxEventLogging_iface;
    return S_OK;
}

static HRESULT WINAPI fax_logging_options_get_ActivityLogging(IFaxLoggingOptions *iface, IFaxActivityLogging **out)
{
    IFaxServer *server = impl_from_IFaxLoggingOptions(iface)->server;
    struct fax_activity_logging *logging;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!(logging = calloc(1, sizeof(*logging))))
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(logging, IFaxActivityLogging, &fax_activity_logging_vtbl, &CLSID_FaxActivityLogging);
    logging->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = fax_activity_logging_Refresh(&logging->IFaxActivityLogging_iface))) {
        IFaxActivityLogging_Release(&logging->IFaxActivityLogging_iface);
        return hr;
    }
    *out = &logging->IFaxActivityLogging_iface;
    return S_OK;
}

static const IFaxLoggingOptionsVtbl fax_logging_options_vtbl = {
    fax_logging_options_QueryInterface, fax_logging_options_AddRef, fax_logging_options_Release,
    fax_logging_options_GetTypeInfoCount, fax_logging_options_GetTypeInfo, fax_logging_options_GetIDsOfNames,
    fax_logging_options_Invoke,
    fax_logging_options_get_EventLogging, fax_logging_options_get_ActivityLogging,
};

HRESULT fax_logging_options_create(IFaxServer *server, IFaxLoggingOptions **out)
{
    struct fax_logging_options *options = calloc(1, sizeof(*options));

    *out = NULL;
    if (!options)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(options, IFaxLoggingOptions, &fax_logging_options_vtbl, &CLSID_FaxLoggingOptions);
    options->server = server;
    IFaxServer_AddRef(server);
    *out = &options->IFaxLoggingOptions_iface;
    return S_OK;
}
