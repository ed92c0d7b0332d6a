/*
 * FaxComEx.FaxDocument: an outbound fax being composed. Its properties are plain client-side state (the
 * spec's defaults: fptLOW, frtNONE, fstNOW, fcptNONE) until ConnectedSubmit sends it through a connected
 * FaxServer, one job per recipient (submit.c), or Submit(server) connects a server of its own for the call.
 */
#include "fxscomex_private.h"

#include <stdlib.h>

static inline struct fax_document *impl_from_IFaxDocument(IFaxDocument *iface)
{
    return CONTAINING_RECORD(iface, struct fax_document, IFaxDocument_iface);
}

static HRESULT WINAPI fax_document_QueryInterface(IFaxDocument *iface, REFIID riid, void **out)
{
    struct fax_document *doc = impl_from_IFaxDocument(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxDocument)) {
        *out = iface;
        IFaxDocument_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&doc->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_document_AddRef(IFaxDocument *iface)
{
    return InterlockedIncrement(&impl_from_IFaxDocument(iface)->ref);
}

static ULONG WINAPI fax_document_Release(IFaxDocument *iface)
{
    struct fax_document *doc = impl_from_IFaxDocument(iface);
    ULONG ref = InterlockedDecrement(&doc->ref);

    if (!ref) {
        for (int i = 0; i < DOC_TEXT_COUNT; i++)
            SysFreeString(doc->text[i]);
        if (doc->sender)
            IFaxSender_Release(doc->sender);
        if (doc->recipients)
            IFaxRecipients_Release(doc->recipients);
        free(doc);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

static HRESULT WINAPI fax_document_GetTypeInfoCount(IFaxDocument *iface, UINT *count)
{
    if (!count)
        return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_document_GetTypeInfo(IFaxDocument *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return index ? DISP_E_BADINDEX : com_get_typeinfo(&fxscomex_module, IFaxDocument_tid, info);
}

static HRESULT WINAPI fax_document_GetIDsOfNames(IFaxDocument *iface, REFIID riid, LPOLESTR *names, UINT count,
                                                 LCID lcid, DISPID *ids)
{
    return com_ids_of_names(&fxscomex_module, IFaxDocument_tid, names, count, ids);
}

/* The job ids as an array of VARIANTs (each a BSTR), for late-bound callers: VBScript's UBound, indexing and
 * For Each (Wine's, and Windows' indexing) read only VARIANT arrays. Through the vtable they stay the
 * documented array of BSTR. */
static HRESULT ids_for_scripts(VARIANT *ids)
{
    SAFEARRAY *strings = V_ARRAY(ids), *variants;
    LONG low, high;
    HRESULT hr;

    if (FAILED(hr = SafeArrayGetLBound(strings, 1, &low)) || FAILED(hr = SafeArrayGetUBound(strings, 1, &high)))
        return hr;
    if (!(variants = SafeArrayCreateVector(VT_VARIANT, low, (ULONG)(high - low + 1))))
        return E_OUTOFMEMORY;
    for (LONG i = low; i <= high && SUCCEEDED(hr); i++) {
        VARIANT item;
        V_VT(&item) = VT_BSTR;
        if (SUCCEEDED(hr = SafeArrayGetElement(strings, &i, &V_BSTR(&item)))) {
            hr = SafeArrayPutElement(variants, &i, &item);
            VariantClear(&item);
        }
    }
    if (FAILED(hr)) {
        SafeArrayDestroy(variants);
        return hr;
    }
    VariantClear(ids);
    V_VT(ids) = VT_ARRAY | VT_VARIANT;
    V_ARRAY(ids) = variants;
    return S_OK;
}

static HRESULT WINAPI fax_document_Invoke(IFaxDocument *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    HRESULT hr = com_invoke(&fxscomex_module, IFaxDocument_tid, iface, id, flags, params, result, excep, arg_err);

    if (SUCCEEDED(hr) && result && V_VT(result) == (VT_ARRAY | VT_BSTR))   /* Submit, ConnectedSubmit */
        hr = ids_for_scripts(result);
    return hr;
}

/* One get/put pair per text property; they differ only in the field. */
#define TEXT_PROPERTY(Name, index) \
    static HRESULT WINAPI fax_document_get_##Name(IFaxDocument *iface, BSTR *value) \
    { return fxscomex_get_text(impl_from_IFaxDocument(iface)->text[index], value); } \
    static HRESULT WINAPI fax_document_put_##Name(IFaxDocument *iface, BSTR value) \
    { return fxscomex_put_text(&impl_from_IFaxDocument(iface)->text[index], value); }

TEXT_PROPERTY(Body, DOC_BODY)
TEXT_PROPERTY(CoverPage, DOC_COVER_PAGE)
TEXT_PROPERTY(Subject, DOC_SUBJECT)
TEXT_PROPERTY(Note, DOC_NOTE)
TEXT_PROPERTY(ReceiptAddress, DOC_RECEIPT_ADDRESS)
TEXT_PROPERTY(DocumentName, DOC_NAME)

/* The same object on every call, as the spec says. */
static HRESULT WINAPI fax_document_get_Sender(IFaxDocument *iface, IFaxSender **ppFaxSender)
{
    if (!ppFaxSender)
        return E_POINTER;
    *ppFaxSender = impl_from_IFaxDocument(iface)->sender;
    IFaxSender_AddRef(*ppFaxSender);
    return S_OK;
}

static HRESULT WINAPI fax_document_get_Recipients(IFaxDocument *iface, IFaxRecipients **ppFaxRecipients)
{
    if (!ppFaxRecipients)
        return E_POINTER;
    *ppFaxRecipients = impl_from_IFaxDocument(iface)->recipients;
    IFaxRecipients_AddRef(*ppFaxRecipients);
    return S_OK;
}

static HRESULT WINAPI fax_document_get_ScheduleTime(IFaxDocument *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = impl_from_IFaxDocument(iface)->schedule_time;
    return S_OK;
}

static HRESULT WINAPI fax_document_put_ScheduleTime(IFaxDocument *iface, DATE value)
{
    impl_from_IFaxDocument(iface)->schedule_time = value;
    return S_OK;
}

/* A TAPI call handle or connection object cannot mean anything to a HylaFAX-protocol server: refused with
 * the reason rather than taken and ignored. */
static HRESULT WINAPI fax_document_get_CallHandle(IFaxDocument *iface, LONG *value)
{
    return com_return_long(impl_from_IFaxDocument(iface)->call_handle, value);
}

static HRESULT WINAPI fax_document_put_CallHandle(IFaxDocument *iface, LONG value)
{
    if (value)
        return fxscomex_error(IFaxDocument_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                              L"FaxDocument.CallHandle (a TAPI call handle) cannot be used: openfaxcom's fax service "
                              L"places its own calls; leave it 0");
    return S_OK;
}

static HRESULT WINAPI fax_document_get_TapiConnection(IFaxDocument *iface, IDispatch **value)
{
    if (!value)
        return E_POINTER;
    *value = NULL;
    return S_OK;
}

static HRESULT WINAPI fax_document_putref_TapiConnection(IFaxDocument *iface, IDispatch *value)
{
    if (value)
        return fxscomex_error(IFaxDocument_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                              L"FaxDocument.TapiConnection (a TAPI call) cannot be used: openfaxcom's fax service "
                              L"places its own calls");
    return S_OK;
}

/* Enumerations: a value outside the enum is refused at once, naming the values allowed. */
static HRESULT put_enum(LONG *field, LONG value, const WCHAR *member, const LONG *allowed, int count,
                        const WCHAR *names)
{
    for (int i = 0; i < count; i++)
        if (value == allowed[i]) {
            *field = value;
            return S_OK;
        }
    return fxscomex_error(IFaxDocument_tid, E_INVALIDARG, L"FaxDocument.%ls: %ld is not one of %ls", member, value,
                          names);
}

static HRESULT get_enum(LONG field, LONG *value)
{
    return com_return_long(field, value);
}

static HRESULT WINAPI fax_document_get_CoverPageType(IFaxDocument *iface, FAX_COVERPAGE_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->cover_page_type, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_CoverPageType(IFaxDocument *iface, FAX_COVERPAGE_TYPE_ENUM value)
{
    static const LONG allowed[] = { fcptNONE, fcptLOCAL, fcptSERVER };
    return put_enum((LONG *)&impl_from_IFaxDocument(iface)->cover_page_type, value, L"CoverPageType", allowed, 3,
                    L"fcptNONE (0), fcptLOCAL (1), fcptSERVER (2)");
}

static HRESULT WINAPI fax_document_get_ScheduleType(IFaxDocument *iface, FAX_SCHEDULE_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->schedule_type, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_ScheduleType(IFaxDocument *iface, FAX_SCHEDULE_TYPE_ENUM value)
{
    static const LONG allowed[] = { fstNOW, fstSPECIFIC_TIME, fstDISCOUNT_PERIOD };
    return put_enum((LONG *)&impl_from_IFaxDocument(iface)->schedule_type, value, L"ScheduleType", allowed, 3,
                    L"fstNOW (0), fstSPECIFIC_TIME (1), fstDISCOUNT_PERIOD (2)");
}

static HRESULT WINAPI fax_document_get_ReceiptType(IFaxDocument *iface, FAX_RECEIPT_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->receipt_type, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_ReceiptType(IFaxDocument *iface, FAX_RECEIPT_TYPE_ENUM value)
{
    static const LONG allowed[] = { frtNONE, frtMAIL, frtMSGBOX };
    return put_enum((LONG *)&impl_from_IFaxDocument(iface)->receipt_type, value, L"ReceiptType", allowed, 3,
                    L"frtNONE (0), frtMAIL (1), frtMSGBOX (4)");
}

static HRESULT WINAPI fax_document_get_Priority(IFaxDocument *iface, FAX_PRIORITY_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->priority, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_Priority(IFaxDocument *iface, FAX_PRIORITY_TYPE_ENUM value)
{
    static const LONG allowed[] = { fptLOW, fptNORMAL, fptHIGH };
    return put_enum((LONG *)&impl_from_IFaxDocument(iface)->priority, value, L"Priority", allowed, 3,
                    L"fptLOW (0), fptNORMAL (1), fptHIGH (2)");
}

static HRESULT get_bool(VARIANT_BOOL field, VARIANT_BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = field ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_document_get_GroupBroadcastReceipts(IFaxDocument *iface, VARIANT_BOOL *value)
{
    return get_bool(impl_from_IFaxDocument(iface)->group_broadcast_receipts, value);
}

static HRESULT WINAPI fax_document_put_GroupBroadcastReceipts(IFaxDocument *iface, VARIANT_BOOL value)
{
    impl_from_IFaxDocument(iface)->group_broadcast_receipts = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_document_get_AttachFaxToReceipt(IFaxDocument *iface, VARIANT_BOOL *value)
{
    return get_bool(impl_from_IFaxDocument(iface)->attach_fax_to_receipt, value);
}

static HRESULT WINAPI fax_document_put_AttachFaxToReceipt(IFaxDocument *iface, VARIANT_BOOL value)
{
    impl_from_IFaxDocument(iface)->attach_fax_to_receipt = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* ---- submitting ---- */

static HRESULT WINAPI fax_document_ConnectedSubmit(IFaxDocument *iface, IFaxServer *pFaxServer,
                                                   VARIANT *pvFaxOutgoingJobIDs)
{
    if (!pvFaxOutgoingJobIDs)
        return E_POINTER;
    VariantInit(pvFaxOutgoingJobIDs);
    return fax_document_submit(impl_from_IFaxDocument(iface), pFaxServer, L"FaxDocument.ConnectedSubmit",
                               pvFaxOutgoingJobIDs);
}

/* Connects a FaxServer of its own to bstrFaxServerName ("" is the local server), submits, disconnects. */
static HRESULT WINAPI fax_document_Submit(IFaxDocument *iface, BSTR bstrFaxServerName, VARIANT *pvFaxOutgoingJobIDs)
{
    IFaxServer *server;
    HRESULT hr;

    if (!pvFaxOutgoingJobIDs)
        return E_POINTER;
    VariantInit(pvFaxOutgoingJobIDs);
    if (FAILED(hr = fax_server_create(&IID_IFaxServer, (void **)&server)))
        return hr;
    hr = IFaxServer_Connect(server, bstrFaxServerName);
    if (SUCCEEDED(hr)) {
        hr = fax_document_submit(impl_from_IFaxDocument(iface), server, L"FaxDocument.Submit", pvFaxOutgoingJobIDs);
        IErrorInfo *error = NULL;
        if (FAILED(hr))   /* Disconnect must not replace the submission's error info */
            GetErrorInfo(0, &error);
        IFaxServer_Disconnect(server);
        if (FAILED(hr))
            SetErrorInfo(0, error);
        if (error)
            IErrorInfo_Release(error);
    }
    IFaxServer_Release(server);
    return hr;
}

static const IFaxDocumentVtbl fax_document_vtbl = {
    fax_document_QueryInterface, fax_document_AddRef, fax_document_Release,
    fax_document_GetTypeInfoCount, fax_document_GetTypeInfo, fax_document_GetIDsOfNames, fax_document_Invoke,
    fax_document_get_Body, fax_document_put_Body, fax_document_get_Sender, fax_document_get_Recipients,
    fax_document_get_CoverPage, fax_document_put_CoverPage, fax_document_get_Subject, fax_document_put_Subject,
    fax_document_get_Note, fax_document_put_Note, fax_document_get_ScheduleTime, fax_document_put_ScheduleTime,
    fax_document_get_ReceiptAddress, fax_document_put_ReceiptAddress, fax_document_get_DocumentName,
    fax_document_put_DocumentName, fax_document_get_CallHandle, fax_document_put_CallHandle,
    fax_document_get_CoverPageType, fax_document_put_CoverPageType, fax_document_get_ScheduleType,
    fax_document_put_ScheduleType, fax_document_get_ReceiptType, fax_document_put_ReceiptType,
    fax_document_get_GroupBroadcastReceipts, fax_document_put_GroupBroadcastReceipts, fax_document_get_Priority,
    fax_document_put_Priority, fax_document_get_TapiConnection, fax_document_putref_TapiConnection,
    fax_document_Submit, fax_document_ConnectedSubmit, fax_document_get_AttachFaxToReceipt,
    fax_document_put_AttachFaxToReceipt,
};

HRESULT fax_document_create(REFIID riid, void **out)
{
    struct fax_document *doc = calloc(1, sizeof(*doc));
    HRESULT hr;

    if (!doc)
        return E_OUTOFMEMORY;
    doc->IFaxDocument_iface.lpVtbl = &fax_document_vtbl;
    doc->ref = 1;
    doc->priority = fptLOW;   /* the spec's defaults; the rest are 0 */
    com_support_init(&doc->support, &fxscomex_module, (IUnknown *)&doc->IFaxDocument_iface, &IID_IFaxDocument,
                     &CLSID_FaxDocument);
    com_object_created(&fxscomex_module);
    hr = fax_sender_create(&doc->sender);
    if (SUCCEEDED(hr))
        hr = fax_recipients_create(&doc->recipients);
    if (SUCCEEDED(hr))
        hr = IFaxDocument_QueryInterface(&doc->IFaxDocument_iface, riid, out);
    IFaxDocument_Release(&doc->IFaxDocument_iface);
    return hr;
}
