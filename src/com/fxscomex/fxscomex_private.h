/* Declarations shared by the COM objects of fxscomex.dll (FaxComEx, the extended fax COM API). */
#ifndef OPENFAXCOM_FXSCOMEX_PRIVATE_H
#define OPENFAXCOM_FXSCOMEX_PRIVATE_H

#include "com_module.h"
#include "com_enum.h"
#include "faxcomex.h"

/* One type info per dual interface built so far, loaded once from the type library embedded in this DLL. */
enum fxscomex_tid {
    IFaxServer_tid, IFaxDocument_tid, IFaxSender_tid, IFaxRecipient_tid, IFaxRecipients_tid, IFaxJobStatus_tid,
    FXSCOMEX_TID_COUNT
};
extern struct com_module fxscomex_module;

/* Sets IErrorInfo (the interface and source name of tid, the description) and returns hr, so callers
 * write `return fxscomex_error(IFaxDocument_tid, hr, L"...%ls...", ...)`. */
HRESULT fxscomex_error(enum fxscomex_tid tid, HRESULT hr, const WCHAR *format, ...);

/* The IDispatch half every object writes the same way. */
#define FXSCOMEX_DISPATCH(prefix, Iface, tid) \
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
    } \
    static HRESULT WINAPI prefix##_Invoke(Iface *iface, DISPID id, REFIID riid, LCID lcid, WORD flags, \
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err) \
    { \
        return com_invoke(&fxscomex_module, tid, iface, id, flags, params, result, excep, arg_err); \
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
/* A server-side failure as an HRESULT with text naming the server. */
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
    IFaxDocument IFaxDocument_iface;
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
};

/* ConnectedSubmit's work: one job per recipient on server; *ids gets a VT_ARRAY|VT_BSTR of the job ids. */
HRESULT fax_document_submit(struct fax_document *doc, IFaxServer *server, const WCHAR *member, VARIANT *ids);

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

/* IConnectionPointContainer with the one connection point, IFaxServerNotify, and IProvideClassInfo2, all
 * embedded in the FaxServer (outer) and living on its thread. */
struct fax_sink {
    DWORD cookie;
    IDispatch *sink;
};
struct fax_connection_point {
    IConnectionPointContainer IConnectionPointContainer_iface;
    IConnectionPoint IConnectionPoint_iface;
    IProvideClassInfo2 IProvideClassInfo2_iface;
    IUnknown *outer;
    struct fax_sink *sinks;
    size_t count, capacity;
    DWORD next_cookie;
};
void fax_connection_point_init(struct fax_connection_point *point, IUnknown *outer);
void fax_connection_point_clear(struct fax_connection_point *point);
BOOL fax_connection_point_query(struct fax_connection_point *point, REFIID riid, void **out);
/* Calls every advised sink's Invoke(dispid, DISPATCH_METHOD, params); a failing sink does not stop the others,
 * and a sink unadvised by an earlier one (or by itself) is not called again. */
void fax_connection_point_fire(struct fax_connection_point *point, DISPID dispid, DISPPARAMS *params);

/* The listener behind ListenToServerEvents: a second session running SITE TRIGGER on its own thread, whose
 * events reach the sinks on the thread that started it (a message-only window, or fax_listener_deliver). */
struct fax_listener;
struct com_server_address;
HRESULT fax_listener_start(IFaxServer *server, struct fax_connection_point *point,
                           const struct com_server_address *address, FAX_SERVER_EVENTS_TYPE_ENUM events,
                           struct fax_listener **out);
/* Stops the thread, closes the session and drops what was not delivered; safe from inside a sink. */
void fax_listener_stop(struct fax_listener *listener);
/* Delivers, in order, the events waiting (a no-op when called again from inside a sink). */
void fax_listener_deliver(struct fax_listener *listener);
/* Whether events holds only flags of spec 7.5. */
BOOL fax_listener_valid_events(FAX_SERVER_EVENTS_TYPE_ENUM events);

#endif
