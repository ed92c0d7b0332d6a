/* Declarations shared by the COM objects of fxscomex.dll (FaxComEx, the extended fax COM API). */
#ifndef OPENFAXCOM_FXSCOMEX_PRIVATE_H
#define OPENFAXCOM_FXSCOMEX_PRIVATE_H

#include "com_module.h"
#include "com_enum.h"
#include "faxcomex.h"

/* One type info per dual interface built so far, loaded once from the type library embedded in this DLL. */
enum fxscomex_tid {
    IFaxServer_tid, IFaxDocument_tid, IFaxSender_tid, IFaxRecipient_tid, IFaxRecipients_tid,
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

#endif
