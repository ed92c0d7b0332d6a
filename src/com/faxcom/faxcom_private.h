/* Declarations shared by the COM objects of faxcom.dll. */
#ifndef OPENFAXCOM_FAXCOM_PRIVATE_H
#define OPENFAXCOM_FAXCOM_PRIVATE_H

#include "com_module.h"
#include "com_enum.h"
#include "com_session.h"
#include "com_trace.h"
#include "faxcom.h"

/* One type info per dual interface, loaded once from the type library embedded in this DLL. */
enum faxcom_tid {
    IFaxTiff_tid, IFaxServer_tid, IFaxPort_tid, IFaxPorts_tid, IFaxRoutingMethod_tid,
    IFaxRoutingMethods_tid, IFaxStatus_tid, IFaxDoc_tid, IFaxJobs_tid, IFaxJob_tid,
    FAXCOM_TID_COUNT
};
extern struct com_module faxcom_module;

/* src/com/common for faxcom.dll, typed by its own tids. */
static inline void faxcom_object_created(void) { com_object_created(&faxcom_module); }
static inline void faxcom_object_destroyed(void) { com_object_destroyed(&faxcom_module); }
static inline void faxcom_lock_server(BOOL lock) { com_lock_server(&faxcom_module, lock); }
static inline BOOL faxcom_can_unload(void) { return com_can_unload(&faxcom_module); }
static inline HRESULT faxcom_load_typelib(ITypeLib **typelib) { return com_load_typelib(&faxcom_module, typelib); }
static inline HRESULT faxcom_get_typeinfo(enum faxcom_tid tid, ITypeInfo **typeinfo)
{
    return com_get_typeinfo(&faxcom_module, tid, typeinfo);
}
static inline HRESULT faxcom_ids_of_names(enum faxcom_tid tid, LPOLESTR *names, UINT count, DISPID *ids)
{
    return com_ids_of_names(&faxcom_module, tid, names, count, ids);
}
static inline HRESULT faxcom_invoke(enum faxcom_tid tid, void *iface, DISPID id, WORD flags, DISPPARAMS *params,
                                    VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return com_invoke(&faxcom_module, tid, iface, id, flags, params, result, excep, arg_err);
}
#define faxcom_return_text com_return_text
#define faxcom_return_long com_return_long
#define faxcom_bstr_from_bytes com_bstr_from_bytes
#define faxcom_utf8 com_utf8
#define faxcom_clear_error com_clear_error
#define faxcom_support com_support
static inline void faxcom_support_init(struct com_support *support, IUnknown *outer, const IID *iid,
                                       const CLSID *clsid)
{
    com_support_init(support, &faxcom_module, outer, iid, clsid);
}
#define faxcom_support_query com_support_query

/* An administrator's setting (com_session.h): the environment variable, else HKCU, then HKLM,
 * Software\openfaxcom\FaxServer (docs/troubleshooting.md). */
#define faxcom_setting_text com_setting_text
#define faxcom_setting_number com_setting_number

/* Sets IErrorInfo (the interface and source name of tid, the description) and returns hr, so callers
 * write `return faxcom_error(IFaxTiff_tid, hr, L"...%ls...", ...)`. Every failure also goes to
 * OutputDebugString and, when tracing is on, to the trace file. */
HRESULT faxcom_error(enum faxcom_tid tid, HRESULT hr, const WCHAR *format, ...);

/* Constructors of the creatable classes (used by the class factories). */
HRESULT fax_server_create(REFIID riid, void **out);
HRESULT fax_tiff_create(REFIID riid, void **out);

/* ---- the connection children share ---- */
struct hfx_client;
struct hfx_error;
struct fax_server;

struct fax_server *fax_server_from(IFaxServer *iface);
/* The open session, or a failure (ERROR_NOT_CONNECTED with text naming member) when Connect has not
 * succeeded or Disconnect was called. */
HRESULT fax_server_session(struct fax_server *server, enum faxcom_tid tid, const WCHAR *member,
                           struct hfx_client **client);
/* The session for reading the queue: the open one on faxd; on other servers a fresh one (owned: close it
 * with hfx_close), because hfaxd shows a connection its own stale copy of jobs it changed. */
HRESULT fax_server_list_session(struct fax_server *server, enum faxcom_tid tid, const WCHAR *member,
                                struct hfx_client **client, BOOL *owned);
/* True when the server is our own faxd (which takes extensions and renders text itself). */
BOOL fax_server_is_faxd(struct fax_server *server);
const WCHAR *fax_server_name(struct fax_server *server);
/* What FaxDoc.Send adds to each job: on a server without settings (HylaFAX) Retries, RetryDelay and
 * UseDeviceTsid become job parameters; faxd applies its own. */
struct fax_server_job_defaults {
    BOOL per_job;
    LONG retries, retry_delay;
    BOOL use_device_tsid;
};
void fax_server_job_defaults(struct fax_server *server, struct fax_server_job_defaults *defaults);
/* The session, or NULL when not connected (no error info set). */
struct hfx_client *fax_server_client(struct fax_server *server);

/* ---- FaxServer's configuration properties (server_settings.c) ---- */
enum setting_id {
    SETTING_RETRIES, SETTING_RETRY_DELAY, SETTING_DIRTY_DAYS, SETTING_BRANDING, SETTING_USE_DEVICE_TSID,
    SETTING_SERVER_COVERPAGE, SETTING_PAUSE_SERVER_QUEUE, SETTING_ARCHIVE_OUTBOUND, SETTING_ARCHIVE_DIRECTORY,
    SETTING_MAPI_PROFILE, SETTING_DISCOUNT_START_HOUR, SETTING_DISCOUNT_START_MINUTE, SETTING_DISCOUNT_END_HOUR,
    SETTING_DISCOUNT_END_MINUTE, SETTING_COUNT
};
struct server_settings {
    LONG value[SETTING_COUNT];
    BSTR text[SETTING_COUNT];
    unsigned pending;   /* set before Connect, to apply on Connect */
};
struct server_settings *fax_server_settings(struct fax_server *server);
void server_settings_init(struct server_settings *settings);
void server_settings_free(struct server_settings *settings);
HRESULT server_setting_get(struct fax_server *server, enum setting_id id, LONG *number, BSTR *text);
HRESULT server_setting_put(struct fax_server *server, enum setting_id id, LONG number, BSTR text);
HRESULT server_settings_on_connect(struct fax_server *server);
/* A server-side failure as an HRESULT with text: what was being done, on which server, the reply. */
HRESULT fax_server_failure(struct fax_server *server, enum faxcom_tid tid, const WCHAR *what,
                           const struct hfx_error *error);

HRESULT fax_doc_create(IFaxServer *server, BSTR file_name, VARIANT *out);

/* A port as the server describes it (engine hfx_rows.h); FaxStatus and the routing methods keep a copy. */
struct hfx_port_row;
HRESULT fax_ports_create(IFaxServer *server, VARIANT *out);
HRESULT fax_status_create(IFaxServer *server, const struct hfx_port_row *port, VARIANT *out);
HRESULT fax_routing_methods_create(IFaxServer *server, const struct hfx_port_row *port, VARIANT *out);
HRESULT fax_jobs_create(IFaxServer *server, VARIANT *out);

/* The collections, through src/com/common/com_enum.c: Item is DISPID 2 in all three. */
#define faxcom_item_fn com_item_fn
static inline HRESULT faxcom_enum_create(IUnknown *collection, LONG count, com_item_fn item, IUnknown **out)
{
    return com_enum_create(&faxcom_module, collection, count, item, out);
}
static inline HRESULT faxcom_collection_invoke(IDispatch *iface, enum faxcom_tid tid, DISPID id, WORD flags,
                                               DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err,
                                               LONG count, com_item_fn item)
{
    return com_collection_invoke(&faxcom_module, tid, 2, iface, id, flags, params, result, excep, arg_err, count,
                                 item);
}
static inline HRESULT faxcom_collection_item(IUnknown *collection, enum faxcom_tid tid, LONG index, LONG count,
                                             com_item_fn item, VARIANT *value)
{
    return com_collection_item(&faxcom_module, tid, collection, index, count, item, value);
}

#endif
