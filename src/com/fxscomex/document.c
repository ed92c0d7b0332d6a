/*
 * FaxComEx.FaxDocument: an outbound fax being composed. Its properties are plain client-side state (the
 * spec's defaults: fptLOW, frtNONE, fstNOW, fcptNONE) until ConnectedSubmit sends it through a connected
 * FaxServer, one job per recipient (submit.c), or Submit(server) connects a server of its own for the call.
 * It is also Vista's IFaxDocument2 (several Bodies, Submit2/ConnectedSubmit2, SubmissionId).
 */
#include "fxscomex_private.h"

#include <stdlib.h>

static inline struct fax_document *impl_from_IFaxDocument(IFaxDocument2 *iface)
{
    return CONTAINING_RECORD(iface, struct fax_document, IFaxDocument2_iface);
}

static HRESULT WINAPI fax_document_QueryInterface(IFaxDocument2 *iface, REFIID riid, void **out)
{
    struct fax_document *doc = impl_from_IFaxDocument(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxDocument)
        || IsEqualIID(riid, &IID_IFaxDocument2)) {
        *out = iface;
        IFaxDocument2_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&doc->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_document_AddRef(IFaxDocument2 *iface)
{
    return InterlockedIncrement(&impl_from_IFaxDocument(iface)->ref);
}

static ULONG WINAPI fax_document_Release(IFaxDocument2 *iface)
{
    struct fax_document *doc = impl_from_IFaxDocument(iface);
    ULONG ref = InterlockedDecrement(&doc->ref);

    if (!ref) {
        for (int i = 0; i < DOC_TEXT_COUNT; i++)
            SysFreeString(doc->text[i]);
        VariantClear(&doc->bodies);
        SysFreeString(doc->submission_id);
        if (doc->sender)
            IFaxSender_Release(doc->sender);
        if (doc->recipients)
            IFaxRecipients_Release(doc->recipients);
        free(doc);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

static HRESULT WINAPI fax_document_GetTypeInfoCount(IFaxDocument2 *iface, UINT *count)
{
    if (!count)
        return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_document_GetTypeInfo(IFaxDocument2 *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return index ? DISP_E_BADINDEX : com_get_typeinfo(&fxscomex_module, IFaxDocument2_tid, info);
}

static HRESULT WINAPI fax_document_GetIDsOfNames(IFaxDocument2 *iface, REFIID riid, LPOLESTR *names, UINT count,
                                                 LCID lcid, DISPID *ids)
{
    return com_ids_of_names(&fxscomex_module, IFaxDocument2_tid, names, count, ids);
}

static HRESULT WINAPI fax_document_Invoke(IFaxDocument2 *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    HRESULT hr = com_invoke(&fxscomex_module, IFaxDocument2_tid, iface, id, flags, params, result, excep, arg_err);

    if (FAILED(hr))
        return hr;
    /* Submit2, ConnectedSubmit2: the ids come back in their last argument, a script's variable */
    if (params && params->cArgs && V_VT(&params->rgvarg[0]) == (VT_VARIANT | VT_BYREF)
        && FAILED(hr = fxscomex_script_array(V_VARIANTREF(&params->rgvarg[0]))))
        return hr;
    return fxscomex_script_array(result);   /* Submit, ConnectedSubmit */
}

/* One get/put pair per text property; they differ only in the field. */
#define TEXT_PROPERTY(Name, index) \
    static HRESULT WINAPI fax_document_get_##Name(IFaxDocument2 *iface, BSTR *value) \
    { return fxscomex_get_text(impl_from_IFaxDocument(iface)->text[index], value); } \
    static HRESULT WINAPI fax_document_put_##Name(IFaxDocument2 *iface, BSTR value) \
    { return fxscomex_put_text(&impl_from_IFaxDocument(iface)->text[index], value); }

TEXT_PROPERTY(Body, DOC_BODY)
TEXT_PROPERTY(CoverPage, DOC_COVER_PAGE)
TEXT_PROPERTY(Subject, DOC_SUBJECT)
TEXT_PROPERTY(Note, DOC_NOTE)
TEXT_PROPERTY(ReceiptAddress, DOC_RECEIPT_ADDRESS)
TEXT_PROPERTY(DocumentName, DOC_NAME)

/* The same object on every call, as the spec says. */
static HRESULT WINAPI fax_document_get_Sender(IFaxDocument2 *iface, IFaxSender **ppFaxSender)
{
    if (!ppFaxSender)
        return E_POINTER;
    *ppFaxSender = impl_from_IFaxDocument(iface)->sender;
    IFaxSender_AddRef(*ppFaxSender);
    return S_OK;
}

static HRESULT WINAPI fax_document_get_Recipients(IFaxDocument2 *iface, IFaxRecipients **ppFaxRecipients)
{
    if (!ppFaxRecipients)
        return E_POINTER;
    *ppFaxRecipients = impl_from_IFaxDocument(iface)->recipients;
    IFaxRecipients_AddRef(*ppFaxRecipients);
    return S_OK;
}

static HRESULT WINAPI fax_document_get_ScheduleTime(IFaxDocument2 *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = impl_from_IFaxDocument(iface)->schedule_time;
    return S_OK;
}

static HRESULT WINAPI fax_document_put_ScheduleTime(IFaxDocument2 *iface, DATE value)
{
    impl_from_IFaxDocument(iface)->schedule_time = value;
    return S_OK;
}

/* A TAPI call handle or connection object cannot mean anything to a HylaFAX-protocol server: refused with
 * the reason rather than taken and ignored. */
static HRESULT WINAPI fax_document_get_CallHandle(IFaxDocument2 *iface, LONG *value)
{
    return com_return_long(impl_from_IFaxDocument(iface)->call_handle, value);
}

static HRESULT WINAPI fax_document_put_CallHandle(IFaxDocument2 *iface, LONG value)
{
    if (value)
        return fxscomex_error(IFaxDocument_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                              L"FaxDocument.CallHandle (a TAPI call handle) cannot be used: openfaxcom's fax service "
                              L"places its own calls; leave it 0");
    return S_OK;
}

static HRESULT WINAPI fax_document_get_TapiConnection(IFaxDocument2 *iface, IDispatch **value)
{
    if (!value)
        return E_POINTER;
    *value = NULL;
    return S_OK;
}

static HRESULT WINAPI fax_document_putref_TapiConnection(IFaxDocument2 *iface, IDispatch *value)
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

static HRESULT WINAPI fax_document_get_CoverPageType(IFaxDocument2 *iface, FAX_COVERPAGE_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->cover_page_type, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_CoverPageType(IFaxDocument2 *iface, FAX_COVERPAGE_TYPE_ENUM value)
{
    static const LONG allowed[] = { fcptNONE, fcptLOCAL, fcptSERVER };
    return put_enum((LONG *)&impl_from_IFaxDocument(iface)->cover_page_type, value, L"CoverPageType", allowed, 3,
                    L"fcptNONE (0), fcptLOCAL (1), fcptSERVER (2)");
}

static HRESULT WINAPI fax_document_get_ScheduleType(IFaxDocument2 *iface, FAX_SCHEDULE_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->schedule_type, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_ScheduleType(IFaxDocument2 *iface, FAX_SCHEDULE_TYPE_ENUM value)
{
    static const LONG allowed[] = { fstNOW, fstSPECIFIC_TIME, fstDISCOUNT_PERIOD };
    return put_enum((LONG *)&impl_from_IFaxDocument(iface)->schedule_type, value, L"ScheduleType", allowed, 3,
                    L"fstNOW (0), fstSPECIFIC_TIME (1), fstDISCOUNT_PERIOD (2)");
}

static HRESULT WINAPI fax_document_get_ReceiptType(IFaxDocument2 *iface, FAX_RECEIPT_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->receipt_type, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_ReceiptType(IFaxDocument2 *iface, FAX_RECEIPT_TYPE_ENUM value)
{
    static const LONG allowed[] = { frtNONE, frtMAIL, frtMSGBOX };
    return put_enum((LONG *)&impl_from_IFaxDocument(iface)->receipt_type, value, L"ReceiptType", allowed, 3,
                    L"frtNONE (0), frtMAIL (1), frtMSGBOX (4)");
}

static HRESULT WINAPI fax_document_get_Priority(IFaxDocument2 *iface, FAX_PRIORITY_TYPE_ENUM *value)
{
    return get_enum(impl_from_IFaxDocument(iface)->priority, (LONG *)value);
}

static HRESULT WINAPI fax_document_put_Priority(IFaxDocument2 *iface, FAX_PRIORITY_TYPE_ENUM value)
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

static HRESULT WINAPI fax_document_get_GroupBroadcastReceipts(IFaxDocument2 *iface, VARIANT_BOOL *value)
{
    return get_bool(impl_from_IFaxDocument(iface)->group_broadcast_receipts, value);
}

static HRESULT WINAPI fax_document_put_GroupBroadcastReceipts(IFaxDocument2 *iface, VARIANT_BOOL value)
{
    impl_from_IFaxDocument(iface)->group_broadcast_receipts = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_document_get_AttachFaxToReceipt(IFaxDocument2 *iface, VARIANT_BOOL *value)
{
    return get_bool(impl_from_IFaxDocument(iface)->attach_fax_to_receipt, value);
}

static HRESULT WINAPI fax_document_put_AttachFaxToReceipt(IFaxDocument2 *iface, VARIANT_BOOL value)
{
    impl_from_IFaxDocument(iface)->attach_fax_to_receipt = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* ---- submitting ---- */

static HRESULT WINAPI fax_document_ConnectedSubmit(IFaxDocument2 *iface, IFaxServer *pFaxServer,
                                                   VARIANT *pvFaxOutgoingJobIDs)
{
    if (!pvFaxOutgoingJobIDs)
        return E_POINTER;
    VariantInit(pvFaxOutgoingJobIDs);
    return fax_document_submit(impl_from_IFaxDocument(iface), pFaxServer, L"FaxDocument.ConnectedSubmit",
                               pvFaxOutgoingJobIDs, NULL);
}

/* Connects a FaxServer of its own to name ("" is the local server), submits, disconnects. */
static HRESULT submit_to(struct fax_document *doc, BSTR name, const WCHAR *member, VARIANT *ids, LONG *failed_body)
{
    IFaxServer *server;
    HRESULT hr;

    if (!ids)
        return E_POINTER;
    VariantInit(ids);
    if (FAILED(hr = fax_server_create(&IID_IFaxServer, (void **)&server)))
        return hr;
    hr = IFaxServer_Connect(server, name);
    if (SUCCEEDED(hr)) {
        hr = fax_document_submit(doc, server, member, ids, failed_body);
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

static HRESULT WINAPI fax_document_Submit(IFaxDocument2 *iface, BSTR bstrFaxServerName, VARIANT *pvFaxOutgoingJobIDs)
{
    return submit_to(impl_from_IFaxDocument(iface), bstrFaxServerName, L"FaxDocument.Submit", pvFaxOutgoingJobIDs,
                     NULL);
}

/* ---- IFaxDocument2 (Vista): several bodies, the submission id, the failed body's index ---- */

static HRESULT WINAPI fax_document_get_SubmissionId(IFaxDocument2 *iface, BSTR *value)
{
    return fxscomex_get_text(impl_from_IFaxDocument(iface)->submission_id, value);
}

static HRESULT WINAPI fax_document_get_Bodies(IFaxDocument2 *iface, VARIANT *value)
{
    if (!value)
        return E_POINTER;
    VariantInit(value);
    return VariantCopy(value, &impl_from_IFaxDocument(iface)->bodies);
}

/* Text ("a.pdf;b.tif") or a one-dimensional array of text (VBScript's Array() is one of VARIANTs). */
static HRESULT WINAPI fax_document_put_Bodies(IFaxDocument2 *iface, VARIANT value)
{
    struct fax_document *doc = impl_from_IFaxDocument(iface);
    const VARIANT *v = &value;
    VARIANT copy;
    VARTYPE type = VT_EMPTY;
    HRESULT hr;

    while (V_VT(v) == (VT_VARIANT | VT_BYREF))
        v = V_VARIANTREF(v);
    VariantInit(&copy);
    if (FAILED(hr = VariantCopyInd(&copy, (VARIANT *)v)))
        return hr;
    if (V_VT(&copy) == (VT_ARRAY | VT_BSTR) || V_VT(&copy) == (VT_ARRAY | VT_VARIANT))
        SafeArrayGetVartype(V_ARRAY(&copy), &type);
    if (V_VT(&copy) != VT_EMPTY && V_VT(&copy) != VT_NULL && V_VT(&copy) != VT_BSTR
        && !((type == VT_BSTR || type == VT_VARIANT) && SafeArrayGetDim(V_ARRAY(&copy)) == 1)) {
        VariantClear(&copy);
        return fxscomex_error(IFaxDocument_tid, E_INVALIDARG, L"FaxDocument.Bodies: the bodies are file names "
                              L"separated by ';', or a one-dimensional array of file names");
    }
    VariantClear(&doc->bodies);
    doc->bodies = copy;
    return S_OK;
}

static HRESULT WINAPI fax_document_Submit2(IFaxDocument2 *iface, BSTR bstrFaxServerName, VARIANT *pvFaxOutgoingJobIDs,
                                           LONG *plErrorBodyFile)
{
    if (!plErrorBodyFile)
        return E_POINTER;
    return submit_to(impl_from_IFaxDocument(iface), bstrFaxServerName, L"FaxDocument.Submit2", pvFaxOutgoingJobIDs,
                     plErrorBodyFile);
}

static HRESULT WINAPI fax_document_ConnectedSubmit2(IFaxDocument2 *iface, IFaxServer *pFaxServer,
                                                    VARIANT *pvFaxOutgoingJobIDs, LONG *plErrorBodyFile)
{
    if (!pvFaxOutgoingJobIDs || !plErrorBodyFile)
        return E_POINTER;
    VariantInit(pvFaxOutgoingJobIDs);
    return fax_document_submit(impl_from_IFaxDocument(iface), pFaxServer, L"FaxDocument.ConnectedSubmit2",
                               pvFaxOutgoingJobIDs, plErrorBodyFile);
}

static const IFaxDocument2Vtbl fax_document_vtbl = {
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
    fax_document_get_SubmissionId, fax_document_get_Bodies, fax_document_put_Bodies, fax_document_Submit2,
    fax_document_ConnectedSubmit2,
};

HRESULT fax_document_create(REFIID riid, void **out)
{
    struct fax_document *doc = calloc(1, sizeof(*doc));
    HRESULT hr;

    if (!doc)
        return E_OUTOFMEMORY;
    doc->IFaxDocument2_iface.lpVtbl = &fax_document_vtbl;
    doc->ref = 1;
    doc->priority = fptLOW;   /* the spec's defaults; the rest are 0 */
    com_support_init(&doc->support, &fxscomex_module, (IUnknown *)&doc->IFaxDocument2_iface, &IID_IFaxDocument,
                     &CLSID_FaxDocument);
    com_object_created(&fxscomex_module);
    hr = fax_sender_create(&doc->sender);
    if (SUCCEEDED(hr))
        hr = fax_recipients_create(&doc->recipients);
    if (SUCCEEDED(hr))
        hr = IFaxDocument2_QueryInterface(&doc->IFaxDocument2_iface, riid, out);
    IFaxDocument2_Release(&doc->IFaxDocument2_iface);
    return hr;
}
