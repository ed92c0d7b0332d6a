/* Declarations shared by the COM objects of faxcom.dll. */
#ifndef OPENFAXCOM_FAXCOM_PRIVATE_H
#define OPENFAXCOM_FAXCOM_PRIVATE_H

#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <olectl.h>

#include "faxcom.h"

extern HINSTANCE faxcom_instance;

/* Live objects and server locks, for DllCanUnloadNow. */
void faxcom_object_created(void);
void faxcom_object_destroyed(void);
void faxcom_lock_server(BOOL lock);
BOOL faxcom_can_unload(void);

/* One type info per dual interface, loaded once from the type library embedded in this DLL. */
enum faxcom_tid {
    IFaxTiff_tid, IFaxServer_tid, IFaxPort_tid, IFaxPorts_tid, IFaxRoutingMethod_tid,
    IFaxRoutingMethods_tid, IFaxStatus_tid, IFaxDoc_tid, IFaxJobs_tid, IFaxJob_tid,
    FAXCOM_TID_COUNT
};
HRESULT faxcom_get_typeinfo(enum faxcom_tid tid, ITypeInfo **typeinfo);
/* GetIDsOfNames and Invoke through the interface's type info: every object's IDispatch in one place. */
HRESULT faxcom_ids_of_names(enum faxcom_tid tid, LPOLESTR *names, UINT count, DISPID *ids);
HRESULT faxcom_invoke(enum faxcom_tid tid, void *iface, DISPID id, WORD flags, DISPPARAMS *params, VARIANT *result,
                      EXCEPINFO *excep, UINT *arg_err);
/* Property results: a BSTR from UTF-8 (or ANSI) text, a LONG. */
HRESULT faxcom_return_text(const char *text, BSTR *value);
HRESULT faxcom_return_long(LONG number, LONG *value);
HRESULT faxcom_get_class_typeinfo(const CLSID *clsid, ITypeInfo **typeinfo);
HRESULT faxcom_load_typelib(ITypeLib **typelib);
void faxcom_release_typelib(void);

/* Sets IErrorInfo (source, description, interface) and returns hr, so callers write
 * `return faxcom_error(hr, &IID_IFaxTiff, L"FaxTiff.FaxTiff", L"...%s...", ...)`. */
HRESULT faxcom_error(HRESULT hr, const IID *iid, const WCHAR *source, const WCHAR *format, ...);
/* Clears any error info left from an earlier failure (called on success paths that follow one). */
void faxcom_clear_error(void);

/* UTF-8 (or, when not valid UTF-8, ANSI) bytes from the engine as a BSTR; NULL when out of memory. */
BSTR faxcom_bstr_from_bytes(const char *bytes);


/* ISupportErrorInfo and IProvideClassInfo, shared by every object: each object embeds one of these
 * and initialises it with its own IUnknown, interface and class. */
struct faxcom_support {
    ISupportErrorInfo ISupportErrorInfo_iface;
    IProvideClassInfo IProvideClassInfo_iface;
    IUnknown *outer;
    const IID *iid;
    const CLSID *clsid;
};
void faxcom_support_init(struct faxcom_support *support, IUnknown *outer, const IID *iid, const CLSID *clsid);
/* QueryInterface helper: hands out the support interfaces when riid names one of them. */
BOOL faxcom_support_query(struct faxcom_support *support, REFIID riid, void **out);

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
HRESULT fax_server_session(struct fax_server *server, const WCHAR *source, const IID *iid, const WCHAR *member,
                           struct hfx_client **client);
/* The session for reading the queue: the open one on faxd; on other servers a fresh one (owned: close it
 * with hfx_close), because hfaxd shows a connection its own stale copy of jobs it changed. */
HRESULT fax_server_list_session(struct fax_server *server, const WCHAR *source, const IID *iid, const WCHAR *member,
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
HRESULT fax_server_failure(struct fax_server *server, const WCHAR *source, const IID *iid, const WCHAR *what,
                           const struct hfx_error *error);

HRESULT fax_doc_create(IFaxServer *server, BSTR file_name, VARIANT *out);

/* A port as the server describes it (engine hfx_rows.h); FaxStatus and the routing methods keep a copy. */
struct hfx_port_row;
HRESULT fax_ports_create(IFaxServer *server, VARIANT *out);
HRESULT fax_status_create(IFaxServer *server, const struct hfx_port_row *port, VARIANT *out);
HRESULT fax_routing_methods_create(IFaxServer *server, const struct hfx_port_row *port, VARIANT *out);
HRESULT fax_jobs_create(IFaxServer *server, VARIANT *out);

/* One IEnumVARIANT for every collection: item(i) for i in 0..count-1 gives a new VT_DISPATCH. */
typedef HRESULT (*faxcom_item_fn)(IUnknown *collection, LONG index, VARIANT *item);
HRESULT faxcom_enum_create(IUnknown *collection, LONG count, faxcom_item_fn item, IUnknown **out);
/* Invoke for a collection: DISPID_VALUE acts as Item and DISPID_NEWENUM gives the enumerator, the
 * rest goes to the type library, which stays exactly as Microsoft's. */
HRESULT faxcom_collection_invoke(IDispatch *iface, enum faxcom_tid tid, DISPID id, WORD flags, DISPPARAMS *params,
                                 VARIANT *result, EXCEPINFO *excep, UINT *arg_err, LONG count,
                                 faxcom_item_fn item);
/* Item(index) of a collection, index 1 to count; else E_INVALIDARG with error info whose source is
 * "FaxServer.<name>" (name: "FaxJobs", ...). */
HRESULT faxcom_collection_item(IUnknown *collection, const IID *iid, const WCHAR *name, LONG index, LONG count,
                               faxcom_item_fn item, VARIANT *value);

/* UTF-8 from a BSTR (free()), and BSTR from UTF-8 text. */
char *faxcom_utf8(const WCHAR *text);

#endif
