/* Declarations shared by the COM objects of fxscomex.dll (FaxComEx, the extended fax COM API). */
#ifndef OPENFAXCOM_FXSCOMEX_PRIVATE_H
#define OPENFAXCOM_FXSCOMEX_PRIVATE_H

#include "com_module.h"
#include "com_enum.h"
#include "faxcomex.h"
#include "hfx_rows.h"
#include "hfx_table.h"

/* One type info per dual interface built so far, loaded once from the type library embedded in this DLL. */
enum fxscomex_tid {
    IFaxServer_tid, IFaxDocument_tid, IFaxSender_tid, IFaxRecipient_tid, IFaxRecipients_tid, IFaxJobStatus_tid,
    /* devices and server configuration */
    IFaxDevices_tid, IFaxDevice_tid, IFaxDeviceProviders_tid, IFaxDeviceProvider_tid, IFaxActivity_tid,
    IFaxReceiptOptions_tid, IFaxLoggingOptions_tid, IFaxEventLogging_tid, IFaxActivityLogging_tid, IFaxSecurity_tid,
    IFaxInboundRouting_tid, IFaxInboundRoutingExtensions_tid, IFaxInboundRoutingExtension_tid,
    IFaxInboundRoutingMethods_tid, IFaxInboundRoutingMethod_tid, IFaxOutboundRouting_tid,
    IFaxOutboundRoutingGroups_tid, IFaxOutboundRoutingGroup_tid, IFaxDeviceIds_tid, IFaxOutboundRoutingRules_tid,
    IFaxOutboundRoutingRule_tid,
    IFaxFolders_tid, IFaxOutgoingQueue_tid, IFaxOutgoingJobs_tid, IFaxOutgoingJob_tid, IFaxIncomingQueue_tid,
    IFaxIncomingJobs_tid, IFaxIncomingJob_tid, IFaxIncomingArchive_tid, IFaxIncomingMessageIterator_tid,
    IFaxIncomingMessage_tid, IFaxOutgoingArchive_tid, IFaxOutgoingMessageIterator_tid, IFaxOutgoingMessage_tid,
    /* Vista's (faxcomex-api.md 6) */
    IFaxOutgoingJob2_tid, IFaxDocument2_tid, IFaxOutgoingMessage2_tid, IFaxIncomingMessage2_tid,
    IFaxServer2_tid, IFaxConfiguration_tid, IFaxSecurity2_tid, IFaxAccountSet_tid, IFaxAccounts_tid, IFaxAccount_tid,
    IFaxAccountFolders_tid, IFaxAccountIncomingQueue_tid, IFaxAccountOutgoingQueue_tid, IFaxAccountIncomingArchive_tid,
    IFaxAccountOutgoingArchive_tid,
    FXSCOMEX_TID_COUNT
};
extern struct com_module fxscomex_module;

/* Sets IErrorInfo (the interface and source name of tid, the description) and returns hr, so callers
 * write `return fxscomex_error(IFaxDocument_tid, hr, L"...%ls...", ...)`. */
HRESULT fxscomex_error(enum fxscomex_tid tid, HRESULT hr, const WCHAR *format, ...);

/* The IDispatch half every object writes the same way (collections write their own Invoke). */
#define FXSCOMEX_DISPATCH(prefix, Iface, tid) \
    FXSCOMEX_TYPEINFO(prefix, Iface, tid) \
    static HRESULT WINAPI prefix##_Invoke(Iface *iface, DISPID id, REFIID riid, LCID lcid, WORD flags, \
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err) \
    { \
        HRESULT hr = com_invoke(&fxscomex_module, tid, iface, id, flags, params, result, excep, arg_err); \
        return SUCCEEDED(hr) ? fxscomex_script_array(result) : hr; \
    }
#define FXSCOMEX_TYPEINFO(prefix, Iface, tid) \
    static HRESULT WINAPI prefix##_GetTypeInfoCount(Iface *iface, UINT *count) \
    { \
        if (!count) \
            return E_POINTER; \
        *count = 1; \
        return S_OK; \
    } \
    static HRESULT WINAPI prefix##_GetTypeInfo(Iface *iface, UINT index, LCID lcid, ITypeInfo **info) \
    { \
        return index ? DISP_E_BADINDEX : com_get_typeinfo(&fxscomex_module, tid, info); \
    } \
    static HRESULT WINAPI prefix##_GetIDsOfNames(Iface *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid, \
                                                 DISPID *ids) \
    { \
        return com_ids_of_names(&fxscomex_module, tid, names, count, ids); \
    }

/* IUnknown for an object struct `name` whose first members are `Iface Iface##_iface; struct com_support support;
 * LONG ref;`: impl_from_Iface, QueryInterface (IUnknown, IDispatch, Iface, the support interfaces), AddRef, and a
 * Release that calls destroy(object) (releasing what it holds), frees it and counts it gone. */
#define FXSCOMEX_UNKNOWN(prefix, Iface, name, destroy) \
    static inline struct name *impl_from_##Iface(Iface *iface) \
    { \
        return CONTAINING_RECORD(iface, struct name, Iface##_iface); \
    } \
    static HRESULT WINAPI prefix##_QueryInterface(Iface *iface, REFIID riid, void **out) \
    { \
        if (!out) \
            return E_POINTER; \
        if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_##Iface)) { \
            *out = iface; \
            InterlockedIncrement(&impl_from_##Iface(iface)->ref); \
            return S_OK; \
        } \
        if (com_support_query(&impl_from_##Iface(iface)->support, riid, out)) \
            return S_OK; \
        *out = NULL; \
        return E_NOINTERFACE; \
    } \
    static ULONG WINAPI prefix##_AddRef(Iface *iface) \
    { \
        return InterlockedIncrement(&impl_from_##Iface(iface)->ref); \
    } \
    static ULONG WINAPI prefix##_Release(Iface *iface) \
    { \
        struct name *object = impl_from_##Iface(iface); \
        ULONG ref = InterlockedDecrement(&object->ref); \
        if (!ref) { \
            destroy(object); \
            free(object); \
            com_object_destroyed(&fxscomex_module); \
        } \
        return ref; \
    }

/* The start of every object's life: its vtable, one reference, its support interfaces, counted. */
#define FXSCOMEX_INIT(object, Iface, vtbl, clsid) \
    ((object)->Iface##_iface.lpVtbl = (vtbl), (object)->ref = 1, \
     com_support_init(&(object)->support, &fxscomex_module, (IUnknown *)&(object)->Iface##_iface, &IID_##Iface, \
                      (clsid)), \
     com_object_created(&fxscomex_module))

/* A VT_ARRAY|VT_BSTR or VT_ARRAY|VT_I4 result (job ids, device ids, method GUIDs) as an array of VARIANTs
 * for late-bound callers: VBScript's UBound, indexing and For Each (Wine's, and Windows' indexing) read only
 * VARIANT arrays. Through the vtable such results stay the documented typed arrays. Other results (byte
 * arrays among them) are left as they are; result may be NULL. */
HRESULT fxscomex_script_array(VARIANT *result);

/* The same for a collection whose Count is count(iface) and whose items item() makes: _NewEnum (DISPID -4) is
 * answered here, so JScript's Enumerator, which asks with DISPATCH_METHOD | DISPATCH_PROPERTYGET, gets it too. */
#define FXSCOMEX_COLLECTION_DISPATCH(prefix, Iface, tid, count, item) \
    static HRESULT WINAPI prefix##_GetTypeInfoCount(Iface *iface, UINT *out) \
    { \
        if (!out) \
            return E_POINTER; \
        *out = 1; \
        return S_OK; \
    } \
    static HRESULT WINAPI prefix##_GetTypeInfo(Iface *iface, UINT index, LCID lcid, ITypeInfo **info) \
    { \
        return index ? DISP_E_BADINDEX : com_get_typeinfo(&fxscomex_module, tid, info); \
    } \
    static HRESULT WINAPI prefix##_GetIDsOfNames(Iface *iface, REFIID riid, LPOLESTR *names, UINT n, LCID lcid, \
                                                 DISPID *ids) \
    { \
        return com_ids_of_names(&fxscomex_module, tid, names, n, ids); \
    } \
    static HRESULT WINAPI prefix##_Invoke(Iface *iface, DISPID id, REFIID riid, LCID lcid, WORD flags, \
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err) \
    { \
        return com_collection_invoke(&fxscomex_module, tid, DISPID_VALUE, (IDispatch *)iface, id, flags, params, \
                                     result, excep, arg_err, count(iface), item); \
    }

/* BSTR properties: a fresh copy out ("" for none), a copy in (NULL is ""). */
HRESULT fxscomex_get_text(const WCHAR *field, BSTR *value);
HRESULT fxscomex_put_text(BSTR *field, const WCHAR *value);

/* Constructors of the creatable classes (used by the class factories). */
HRESULT fax_server_create(REFIID riid, void **out);
HRESULT fax_document_create(REFIID riid, void **out);

/* ---- what FaxDocument needs of the other objects ---- */
struct hfx_client;
struct hfx_error;

/* The open session of a FaxComEx.FaxServer of this DLL (E_INVALIDARG for another object, ERROR_NOT_CONNECTED
 * before Connect or after Disconnect), whether it is faxd, and its name for messages. */
HRESULT fax_server_session(IFaxServer *iface, enum fxscomex_tid tid, const WCHAR *member,
                           struct hfx_client **client, BOOL *faxd, const WCHAR **name);
/* Where a FaxComEx.FaxServer of this DLL is connected (a second session's address: the event listeners'). */
const struct com_server_address *fax_server_address(IFaxServer *iface);
/* A server-side failure as an HRESULT with text naming the server. */
/* fax_server_session's client, or on HylaFAX a fresh one (*owned: the caller closes it). */
HRESULT fax_server_jobs_session(IFaxServer *iface, enum fxscomex_tid tid, const WCHAR *member,
                                struct hfx_client **client, BOOL *owned);
HRESULT fax_server_failure(IFaxServer *iface, enum fxscomex_tid tid, const WCHAR *what,
                           const struct hfx_error *error);

/* FaxSender's fields, in the order of the spec. */
enum sender_field {
    SENDER_BILLING_CODE, SENDER_CITY, SENDER_COMPANY, SENDER_COUNTRY, SENDER_DEPARTMENT, SENDER_EMAIL,
    SENDER_FAX_NUMBER, SENDER_HOME_PHONE, SENDER_NAME, SENDER_TSID, SENDER_OFFICE_PHONE, SENDER_OFFICE_LOCATION,
    SENDER_STATE, SENDER_STREET_ADDRESS, SENDER_TITLE, SENDER_ZIP_CODE,
    SENDER_FIELD_COUNT
};
HRESULT fax_sender_create(IFaxSender **out);
const WCHAR *fax_sender_field(IFaxSender *iface, enum sender_field field);

HRESULT fax_recipient_create(const WCHAR *number, const WCHAR *name, IFaxRecipient **out);
const WCHAR *fax_recipient_number(IFaxRecipient *iface);
const WCHAR *fax_recipient_name(IFaxRecipient *iface);

HRESULT fax_recipients_create(IFaxRecipients **out);
LONG fax_recipients_count(IFaxRecipients *iface);
/* The recipient at 0-based index (not AddRef'd: the collection holds it). */
IFaxRecipient *fax_recipients_at(IFaxRecipients *iface, LONG index);

/* ---- FaxDocument (document.c), and its submission (submit.c) ---- */
enum doc_text { DOC_BODY, DOC_COVER_PAGE, DOC_SUBJECT, DOC_NOTE, DOC_RECEIPT_ADDRESS, DOC_NAME, DOC_TEXT_COUNT };

struct fax_document {
    IFaxDocument2 IFaxDocument2_iface;   /* IFaxDocument with Vista's additions */
    struct com_support support;
    LONG ref;
    BSTR text[DOC_TEXT_COUNT];
    IFaxSender *sender;
    IFaxRecipients *recipients;
    IDispatch *tapi_connection;
    DATE schedule_time;           /* UTC, as the spec says */
    LONG call_handle;
    FAX_COVERPAGE_TYPE_ENUM cover_page_type;
    FAX_SCHEDULE_TYPE_ENUM schedule_type;
    FAX_RECEIPT_TYPE_ENUM receipt_type;
    FAX_PRIORITY_TYPE_ENUM priority;
    VARIANT_BOOL group_broadcast_receipts, attach_fax_to_receipt;
    VARIANT bodies;               /* Bodies as set: VT_EMPTY, text, or a one-dimensional array of text */
    BSTR submission_id;           /* of the last successful submission, NULL before */
};

/* ConnectedSubmit's work: one job per recipient on server; *ids gets a VT_ARRAY|VT_BSTR of the job ids.
 * *failed_body (may be NULL): the 0-based body whose upload failed, else -1 (Submit2's result). */
HRESULT fax_document_submit(struct fax_document *doc, IFaxServer *server, const WCHAR *member, VARIANT *ids,
                            LONG *failed_body);

/* ---- devices and server configuration (devices.c and the files it names) ---- */

/* The fax service's own HRESULTs (faxcomex-api.md 9): FACILITY_ITF, FAX_ERR_START 7001 on. */
#ifndef FAX_E_GROUP_NOT_FOUND
#define FAX_E_GROUP_NOT_FOUND MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, 7002)
#define FAX_E_GROUP_IN_USE MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, 7004)
#define FAX_E_RULE_NOT_FOUND MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, 7005)
#endif

/* Property results: VARIANT_TRUE/VARIANT_FALSE, a LONG, an enum. */
HRESULT fxscomex_return_bool(BOOL flag, VARIANT_BOOL *value);
/* A collection's Item(VARIANT): VT_BSTR is a key (*key set, *index 0); numbers (any integer or real type, by
 * reference too) are a 1-based index (*key NULL). Other types fail with E_INVALIDARG naming member. */
HRESULT fxscomex_item_key(enum fxscomex_tid tid, const WCHAR *member, const VARIANT *item, LONG *index,
                          const WCHAR **key);
/* A SAFEARRAY of count LONGs or BSTRs (UTF-8 in) as VT_ARRAY|VT_I4 / VT_ARRAY|VT_BSTR. */
HRESULT fxscomex_long_array(const LONG *values, LONG count, VARIANT *out);
HRESULT fxscomex_text_array(const char *const *values, LONG count, VARIANT *out);
/* S_OK when server is connected (*faxd: whether it is faxd; may be NULL), else the failure for member. */
HRESULT fxscomex_connected(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, BOOL *faxd);
/* What Save refuses when a change cannot be stored by the server: ERROR_NOT_SUPPORTED naming the server. */
HRESULT fxscomex_cannot_store(enum fxscomex_tid tid, IFaxServer *server, const WCHAR *member, const WCHAR *why);
/* A GUID string, with or without braces. */
BOOL fxscomex_is_guid(const WCHAR *text);
/* FaxServer's provider and routing extension registration (registration.c): argument checks, then the refusal
 * of a server that loads no Windows DLLs. */
HRESULT fxscomex_register_device_provider(IFaxServer *server, BSTR guid, BSTR friendly_name, BSTR image_name,
                                          BSTR tsp_name, LONG version);
HRESULT fxscomex_unregister_device_provider(IFaxServer *server, BSTR unique_name);
HRESULT fxscomex_register_routing_extension(IFaxServer *server, BSTR name, BSTR friendly_name, BSTR image_name,
                                            const VARIANT *methods);
HRESULT fxscomex_unregister_routing_extension(IFaxServer *server, BSTR unique_name);
/* Get/SetExtensionProperty (server and device): a GUID check, then "nothing stored" / "cannot store". */
HRESULT fxscomex_extension_property_get(enum fxscomex_tid tid, IFaxServer *server, const WCHAR *member, BSTR guid,
                                        VARIANT *value);
HRESULT fxscomex_extension_property_set(enum fxscomex_tid tid, IFaxServer *server, const WCHAR *member, BSTR guid,
                                        const VARIANT *value);

/* The kinds of line a server has; one FaxDeviceProvider each. */
enum comex_line_kind { LINE_KIND_LOOPBACK, LINE_KIND_SIP, LINE_KIND_MODEM, LINE_KIND_COUNT };
const WCHAR *comex_line_kind_unique_name(enum comex_line_kind kind);
const WCHAR *comex_line_kind_friendly_name(enum comex_line_kind kind);

/* A line as faxd (SITE FAXD PORTS, STATUS, ROUTES) or a HylaFAX server (its modem list) describes it. */
struct hfx_route_row;
struct comex_line {
    struct hfx_port_row port;
    struct hfx_port_status status;      /* faxd only; zeros from HylaFAX */
    enum comex_line_kind kind;
    struct hfx_route_row *routes;       /* faxd only: its routing methods; NULL from HylaFAX */
    size_t route_count;
};
/* Every line of the server, with failures reported for (tid, member); free with comex_lines_free. */
HRESULT comex_lines_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct comex_line **lines,
                          size_t *count);
void comex_lines_free(struct comex_line *lines, size_t count);
/* The server's version as FaxServer reports it (the providers and the routing extension share it). */
void fax_server_version(IFaxServer *iface, LONG version[3]);

HRESULT fax_devices_create(IFaxServer *server, IFaxDevices **out);
HRESULT fax_device_create(IFaxServer *server, const struct comex_line *line, IFaxDevice **out);
HRESULT fax_device_providers_create(IFaxServer *server, IFaxDeviceProviders **out);
HRESULT fax_activity_create(IFaxServer *server, IFaxActivity **out);
HRESULT fax_receipt_options_create(IFaxServer *server, IFaxReceiptOptions **out);
HRESULT fax_logging_options_create(IFaxServer *server, IFaxLoggingOptions **out);
HRESULT fax_security_create(IFaxServer *server, IFaxSecurity **out);
HRESULT fax_inbound_routing_create(IFaxServer *server, IFaxInboundRouting **out);
/* The server's routing methods in the order it runs them (faxd's first line's; none from HylaFAX); free(). */
HRESULT inbound_routes_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member,
                             struct hfx_route_row **routes, size_t *count);
HRESULT fax_inbound_routing_methods_create(IFaxServer *server, IFaxInboundRoutingMethods **out);
HRESULT fax_outbound_routing_create(IFaxServer *server, IFaxOutboundRouting **out);
HRESULT fax_outbound_routing_rules_create(IFaxServer *server, IFaxOutboundRoutingRules **out);
/* ---- the folders: queues, archives, their jobs and messages (folders.c and the files it names) ---- */

#ifndef FAX_E_MESSAGE_NOT_FOUND
#define FAX_E_MESSAGE_NOT_FOUND MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, 7009)   /* spec section 9 */
#endif
/* What a job's state does not allow (Pause of a finished job, Restart on faxd ...). */
#define FOLDER_E_NOT_ALLOWED HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION)

/* FaxServer.Folders: one object per server, counted with it (its references are the server's). */
HRESULT fax_folders_create(IFaxServer *server, IFaxFolders **out);
void fax_folders_destroy(IFaxFolders *folders);

/* The session of a folder object's server, as fax_server_session, with the server's name. */
struct folder_session {
    struct hfx_client *client;
    BOOL faxd;
    const WCHAR *name;
    BOOL owned;   /* a session of its own (folder_jobs_session on HylaFAX): folder_session_end closes it */
};
HRESULT folder_session(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct folder_session *s);
/* For what reads or changes jobs: a fresh session on HylaFAX (com_session_for_jobs says why). */
HRESULT folder_jobs_session(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct folder_session *s);
void folder_session_end(struct folder_session *s);
/* A job or message id that is not there: FAX_E_MESSAGE_NOT_FOUND naming what, the id and the server. */
HRESULT folder_not_found(enum fxscomex_tid tid, const WCHAR *member, const WCHAR *what, const WCHAR *id,
                         const WCHAR *server_name);
/* Unix seconds (UTC) as a DATE; 0 stays 0 ("not set"). */
DATE folder_date(long long unix_seconds);
/* A table cell as a fresh BSTR. */
HRESULT folder_cell_text(const struct hfx_table *table, size_t row, size_t column, BSTR *value);
/* RETR path from the server into local_path (the caller's file system). */
HRESULT folder_retrieve(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const char *path,
                        const WCHAR *local_path);

/* Refresh/Save settings of the queues and archives: each a SITE FAXD setting of faxd, or kept in the object. */
enum folder_setting_kind {
    FOLDER_FLAG, FOLDER_FLAG_INVERTED, FOLDER_NUMBER, FOLDER_TEXT,
    FOLDER_TIME_OF_DAY,        /* wire is the hour, wire_minute the minute; held as minutes after midnight */
};
struct folder_setting {
    const char *wire, *wire_minute;   /* faxd's names; wire NULL: kept in this object (faxd has no such setting) */
    enum folder_setting_kind kind;
    LONG low, high, initial;          /* range of a number; the value before Refresh (Windows' default) */
};
#define FOLDER_MAX_SETTINGS 12
struct folder_settings {
    const struct folder_setting *table;
    size_t count;
    enum fxscomex_tid tid;
    const WCHAR *object;              /* L"FaxOutgoingQueue", for messages */
    LONG number[FOLDER_MAX_SETTINGS];
    BSTR text[FOLDER_MAX_SETTINGS];
    unsigned changed;                 /* puts since Refresh: what Save writes */
};
void folder_settings_init(struct folder_settings *s, const struct folder_setting *table, size_t count,
                          enum fxscomex_tid tid, const WCHAR *object);
void folder_settings_free(struct folder_settings *s);
HRESULT folder_settings_refresh(struct folder_settings *s, IFaxServer *server, const WCHAR *member);
HRESULT folder_settings_save(struct folder_settings *s, IFaxServer *server, const WCHAR *member);
HRESULT folder_get_flag(struct folder_settings *s, size_t i, VARIANT_BOOL *value);
HRESULT folder_put_flag(struct folder_settings *s, size_t i, VARIANT_BOOL value);
HRESULT folder_get_number(struct folder_settings *s, size_t i, LONG *value);
HRESULT folder_put_number(struct folder_settings *s, size_t i, const WCHAR *property, LONG value);
HRESULT folder_get_text(struct folder_settings *s, size_t i, BSTR *value);
HRESULT folder_put_text(struct folder_settings *s, size_t i, const WCHAR *value);
HRESULT folder_get_time(struct folder_settings *s, size_t i, DATE *value);
HRESULT folder_put_time(struct folder_settings *s, size_t i, DATE value);

/* Outgoing jobs and sent messages are rows of faxd's send or done queue in this format (one LIST). */
#define OUTGOING_FORMAT "%j|%a|%Z|%i|%t|%d|%y|%p|%m|%o|%e|%R|%S|%J|%n|%s"
enum outgoing_column {
    OUT_ID, OUT_STATE, OUT_SUBMITTED, OUT_PRIORITY, OUT_TRIES, OUT_DIALS, OUT_PAGES, OUT_PAGES_SENT, OUT_MODEM,
    OUT_OWNER, OUT_NUMBER, OUT_RECIPIENT, OUT_SENDER, OUT_TAG, OUT_NOTIFY, OUT_STATUS, OUT_COLUMNS
};
/* LIST sendq (done FALSE) or doneq. */
HRESULT outgoing_rows_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, BOOL done,
                            struct hfx_table *table);
/* The queue as Windows shows it: sendq, then the failed jobs of doneq (every finished job with every_done, so
 * that a job can be followed by id to its end). */
HRESULT outgoing_jobs_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, BOOL every_done,
                            struct hfx_table *table);
/* One job by id, as outgoing_jobs_fetch(every_done) would find it, with one listing when it is still in sendq
 * (tracking a queued job is then one round trip); *row is -1 when neither queue has it. */
HRESULT outgoing_job_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const WCHAR *id,
                           struct hfx_table *table, LONG *row);
/* The sent faxes: the jobs of doneq that were sent (state D). */
HRESULT outgoing_sent_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct hfx_table *table);
/* The row whose id is id (decimal text), or -1. */
LONG outgoing_rows_find(const struct hfx_table *table, const WCHAR *id);

/* The JPARMs of a job that its row does not carry, read once with JOB n (outgoing_job.c). */
enum job_detail {
    DETAIL_SUBJECT, DETAIL_DISPLAY_NAME, DETAIL_TSID, DETAIL_SEND_TIME, DETAIL_NOTIFY_ADDRESS, DETAIL_COMPANY,
    DETAIL_DEPARTMENT, DETAIL_EMAIL, DETAIL_TITLE, DETAIL_VOICE, DETAIL_LOCATION, DETAIL_BILLING_CODE,
    DETAIL_TO_COMPANY, DETAIL_SCHEDULE, DETAIL_COUNT
};
struct job_details {
    BOOL loaded;
    BOOL has_cover;     /* a cover page among its documents (JPARM DOCUMENT: faxd's docq/coverN) */
    char *value[DETAIL_COUNT];
};
HRESULT job_details_load(struct job_details *d, IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member,
                         const char *job_id);
void job_details_free(struct job_details *d);
/* The Sender and Recipient objects of a job row (read-only copies). */
HRESULT job_sender(const struct hfx_table *table, size_t row, const struct job_details *d, IFaxSender **out);
HRESULT job_recipient(const struct hfx_table *table, size_t row, IFaxRecipient **out);
/* A SCHEDPRI as the spec's priority; SENDTIME (YYYYMMDDHHMM[SS], UTC) as a DATE, 0 when none. */
FAX_PRIORITY_TYPE_ENUM job_priority(long long schedpri);
DATE job_send_time(const char *sendtime);

HRESULT fax_outgoing_queue_create(IFaxServer *server, IFaxOutgoingQueue **out);
/* The queue's jobs; owner (a login name, UTF-8) keeps only that user's, NULL keeps all. */
HRESULT fax_outgoing_jobs_create(IFaxServer *server, const char *owner, IFaxOutgoingJobs **out);
/* GetJob of the outgoing queue (owner as above: another user's job is not found). */
HRESULT outgoing_queue_get_job(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const char *owner,
                               const WCHAR *id, IFaxOutgoingJob **out);
/* Keeps only the rows whose column is value (the owner's jobs). */
void folder_rows_keep(struct hfx_table *table, size_t column, const char *value);
/* The job of row (its copy is taken). */
HRESULT fax_outgoing_job_create(IFaxServer *server, const struct hfx_table *table, size_t row, IFaxOutgoingJob **out);
HRESULT fax_incoming_queue_create(IFaxServer *server, IFaxIncomingQueue **out);
/* A reception in progress on a faxd line (incoming_jobs.c). */
struct reception {
    char id[96];
    long device_id;
    struct hfx_port_status status;
};
/* The receptions in progress on server; *list is malloc'd (free()), empty on a HylaFAX server. */
HRESULT incoming_receptions(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct reception **list,
                            size_t *count);
LONG incoming_reception_find(const struct reception *list, size_t count, const WCHAR *id);
HRESULT fax_incoming_jobs_create(IFaxServer *server, IFaxIncomingJobs **out);
/* GetJob of the incoming queue: a reception in progress by id. */
HRESULT incoming_queue_get_job(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const WCHAR *id,
                               IFaxIncomingJob **out);
HRESULT fax_incoming_job_create(IFaxServer *server, const struct reception *reception, IFaxIncomingJob **out);
HRESULT fax_incoming_archive_create(IFaxServer *server, IFaxIncomingArchive **out);
HRESULT fax_incoming_message_create(IFaxServer *server, const struct hfx_table *table, size_t row,
                                    IFaxIncomingMessage **out);
HRESULT fax_outgoing_archive_create(IFaxServer *server, IFaxOutgoingArchive **out);
/* The sent-fax iterator and GetMessage; owner as for fax_outgoing_jobs_create. */
HRESULT outgoing_iterator_create(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, LONG prefetch,
                                 const char *owner, IFaxOutgoingMessageIterator **out);
HRESULT outgoing_archive_get_message(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member,
                                     const char *owner, const WCHAR *id, IFaxOutgoingMessage **out);
HRESULT fax_outgoing_message_create(IFaxServer *server, const struct hfx_table *table, size_t row,
                                    IFaxOutgoingMessage **out);

/* Received faxes are rows of faxd's recvq in this format. */
#define INCOMING_FORMAT "%f|%p|%n|%Z|%h|%s|%j|%e"
enum incoming_column { IN_FILE, IN_PAGES, IN_SIZE, IN_TIME, IN_SECONDS, IN_TSID, IN_CALLER, IN_ERROR, IN_COLUMNS };
HRESULT incoming_rows_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct hfx_table *table);
/* The row of the message id (the file name without ".tif"), or -1. */
LONG incoming_rows_find(const struct hfx_table *table, const WCHAR *id);

/* A collection's Item argument: a number (1-based, as is) or an id text (found with find); else E_INVALIDARG. */
HRESULT folder_item_index(const VARIANT *index, enum fxscomex_tid tid, const WCHAR *member,
                          const struct hfx_table *table, LONG (*find)(const struct hfx_table *, const WCHAR *),
                          const WCHAR *what, LONG *one_based);

/* The cursor of a message iterator (archive_cursor.c). */
struct archive_cursor {
    struct hfx_table rows;
    size_t position;
    BOOL started;
    LONG prefetch;
};
void archive_cursor_init(struct archive_cursor *c, LONG prefetch);
void archive_cursor_free(struct archive_cursor *c);
HRESULT archive_cursor_check_prefetch(enum fxscomex_tid tid, const WCHAR *member, LONG prefetch);
/* Takes fresh's rows (fresh is emptied) and stands on the first. */
HRESULT archive_cursor_move_first(struct archive_cursor *c, struct hfx_table *fresh);
HRESULT archive_cursor_move_next(struct archive_cursor *c, enum fxscomex_tid tid, const WCHAR *member);
HRESULT archive_cursor_at_eof(const struct archive_cursor *c, VARIANT_BOOL *value);
HRESULT archive_cursor_current(const struct archive_cursor *c, enum fxscomex_tid tid, const WCHAR *member,
                               size_t *row);

/* The settings both archives have, in the order of their properties (spec 4.16, 4.18). */
enum archive_setting {
    ARCHIVE_USE, ARCHIVE_FOLDER, ARCHIVE_QUOTA_WARNING, ARCHIVE_HIGH_WATERMARK, ARCHIVE_LOW_WATERMARK,
    ARCHIVE_AGE_LIMIT, ARCHIVE_SETTING_COUNT
};

/* The outgoing queue's settings (outgoing_queue.c), which FaxConfiguration shares. */
enum queue_setting {
    QUEUE_BLOCKED, QUEUE_PAUSED, QUEUE_PERSONAL_COVER_PAGES, QUEUE_USE_DEVICE_TSID, QUEUE_RETRIES, QUEUE_RETRY_DELAY,
    QUEUE_DISCOUNT_START, QUEUE_DISCOUNT_END, QUEUE_AGE_LIMIT, QUEUE_BRANDING, QUEUE_SETTING_COUNT
};
extern const struct folder_setting outgoing_queue_settings[QUEUE_SETTING_COUNT];
/* The sent-fax archive's settings (outgoing_archive.c), which FaxConfiguration's archive properties are. */
extern const struct folder_setting outgoing_archive_settings[ARCHIVE_SETTING_COUNT];

/* ---- Vista's IFaxServer2 and what only it reaches (faxcomex-api.md 6.2-6.14) ---- */
HRESULT fax_configuration_create(IFaxServer *server, IFaxConfiguration **out);
HRESULT fax_security2_create(IFaxServer *server, IFaxSecurity2 **out);
HRESULT fax_account_set_create(IFaxServer *server, IFaxAccountSet **out);
/* The accounts: the logged-in user first, then every other owner of a job in the queues (names UTF-8,
 * malloc'd, free with account_names_free). */
HRESULT account_names_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, char ***names,
                            size_t *count);
void account_names_free(char **names, size_t count);
/* The logged-in user's account name (malloc'd UTF-8), as the server knows it: the login name. */
HRESULT account_current_name(enum fxscomex_tid tid, const WCHAR *member, char **name);
HRESULT fax_accounts_create(IFaxServer *server, char **names, size_t count, IFaxAccounts **out);
HRESULT fax_account_create(IFaxServer *server, const char *name, IFaxAccount **out);
HRESULT fax_account_folders_create(IFaxServer *server, const char *name, IFaxAccountFolders **out);
HRESULT fax_account_outgoing_queue_create(IFaxServer *server, const char *name, IFaxAccountOutgoingQueue **out);
HRESULT fax_account_incoming_queue_create(IFaxServer *server, IFaxAccountIncomingQueue **out);
HRESULT fax_account_outgoing_archive_create(IFaxServer *server, const char *name, IFaxAccountOutgoingArchive **out);
HRESULT fax_account_incoming_archive_create(IFaxServer *server, IFaxAccountIncomingArchive **out);

/* One row copied out of a table into a table of its own (so a job or message outlives its listing). */
HRESULT folder_row_copy(const struct hfx_table *from, size_t row, struct hfx_table *to);
/* ---- events: FaxServer's connection point (connection_point.c), the listener (events.c), FaxJobStatus ---- */

/* What an OnOutgoingJobChanged/OnIncomingJobChanged snapshot says (spec 4.1); times are DATEs, 0 for none. */
struct job_status_values {
    FAX_JOB_STATUS_ENUM status;
    FAX_JOB_EXTENDED_STATUS_ENUM extended_code;
    FAX_JOB_OPERATIONS_ENUM operations;
    FAX_JOB_TYPE_ENUM type;
    LONG pages, size, current_page, device_id, retries;
    DATE transmission_start, transmission_end;
    WCHAR csid[32], tsid[32], caller_id[64], extended_status[256];
};
HRESULT fax_job_status_create(const struct job_status_values *values, IFaxJobStatus **out);

/* IConnectionPointContainer with the object's connection points — a FaxServer's IFaxServerNotify (XP, the default
 * source), IFaxServerNotify2 (Vista, for script and VB sinks) and _IFaxServerNotify2 (Vista, vtable, for C++
 * sinks); a FaxAccount's IFaxAccountNotify and _IFaxAccountNotify — and IProvideClassInfo2, all embedded in the
 * object (outer) and living on its thread. */
struct fax_sink {
    DWORD cookie;
    IUnknown *sink;   /* IDispatch for the dispinterfaces, the vtable interface for the vtable point */
};
enum fax_event_source { FAX_NOTIFY, FAX_NOTIFY2, FAX_NOTIFY2_VTABLE, FAX_EVENT_SOURCES };
/* One object's source interfaces: iids[0] is the default source; vtable, the point called through the vtable. */
struct fax_event_set {
    const IID *iids[FAX_EVENT_SOURCES];
    int count;
    enum fax_event_source vtable;
    const CLSID *clsid;
};
extern const struct fax_event_set fax_server_events, fax_account_events;
struct fax_event_point {
    IConnectionPoint IConnectionPoint_iface;
    struct fax_connection_point *container;
    enum fax_event_source source;
    struct fax_sink *sinks;
    size_t count, capacity;
    DWORD next_cookie;
};
struct fax_connection_point {
    IConnectionPointContainer IConnectionPointContainer_iface;
    IProvideClassInfo2 IProvideClassInfo2_iface;
    IUnknown *outer;
    const struct fax_event_set *set;
    struct fax_event_point points[FAX_EVENT_SOURCES];
};
void fax_connection_point_init(struct fax_connection_point *point, IUnknown *outer, const struct fax_event_set *set);
void fax_connection_point_clear(struct fax_connection_point *point);
BOOL fax_connection_point_query(struct fax_connection_point *point, REFIID riid, void **out);
/* Calls every advised sink of every point with the IFaxServerNotify2 DISPID (1-26; 26 goes to the Vista points
 * only) or the IFaxAccountNotify one: Invoke(dispid, DISPATCH_METHOD, params) for the dispinterfaces, the vtable
 * method for the vtable interface. params' last argument is the FaxServer or the FaxAccount. A failing sink does
 * not stop the others, and a sink unadvised by an earlier one (or by itself) is not called again. */
void fax_connection_point_fire(struct fax_connection_point *point, DISPID dispid, DISPPARAMS *params);

/* The listener behind ListenToServerEvents: a second session running SITE TRIGGER on its own thread, whose
 * events reach the sinks on the thread that started it (a message-only window, or fax_listener_deliver). */
struct fax_listener;
struct com_server_address;
HRESULT fax_listener_start(IFaxServer *server, struct fax_connection_point *point,
                           const struct com_server_address *address, FAX_SERVER_EVENTS_TYPE_ENUM events,
                           struct fax_listener **out);
/* ListenToAccountEvents' listener: the same events, for the account's sinks, the outgoing ones of owner's jobs. */
HRESULT fax_listener_start_account(IFaxAccount *account, IFaxServer *server, const char *owner,
                                   struct fax_connection_point *point, FAX_ACCOUNT_EVENTS_TYPE_ENUM events,
                                   struct fax_listener **out);
/* Stops the thread, closes the session and drops what was not delivered; safe from inside a sink. */
void fax_listener_stop(struct fax_listener *listener);
/* Delivers, in order, the events waiting (a no-op when called again from inside a sink). */
void fax_listener_deliver(struct fax_listener *listener);
/* Whether events holds only flags of spec 7.5. */
BOOL fax_listener_valid_events(FAX_SERVER_EVENTS_TYPE_ENUM events);

#endif
