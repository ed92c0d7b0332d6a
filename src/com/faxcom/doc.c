/*
 * FaxDoc: an outbound fax being described, then sent. The properties are plain fields until Send,
 * which reads the file, turns what the server cannot take into something it can (plain text, the
 * cover page), uploads, sets the job parameters and submits (FaxDoc.Send -> the job id).
 */
#include "faxcom_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "com_document.h"
#include "com_session.h"
#include "cover.h"
#include "hfx_client.h"
#include "hfx_submit.h"


/* The text properties, in the order of the spec (DISPIDs 1-31 interleave them with the booleans). */
enum doc_text {
    DOC_FILE_NAME, DOC_COVERPAGE_NAME, DOC_RECIPIENT_NAME, DOC_RECIPIENT_COMPANY, DOC_RECIPIENT_ADDRESS,
    DOC_RECIPIENT_CITY, DOC_RECIPIENT_STATE, DOC_RECIPIENT_ZIP, DOC_RECIPIENT_COUNTRY, DOC_RECIPIENT_TITLE,
    DOC_RECIPIENT_DEPARTMENT, DOC_RECIPIENT_OFFICE, DOC_RECIPIENT_HOME_PHONE, DOC_RECIPIENT_OFFICE_PHONE,
    DOC_SENDER_NAME, DOC_SENDER_COMPANY, DOC_SENDER_ADDRESS, DOC_SENDER_TITLE, DOC_SENDER_DEPARTMENT,
    DOC_SENDER_OFFICE, DOC_SENDER_HOME_PHONE, DOC_SENDER_OFFICE_PHONE, DOC_COVERPAGE_NOTE, DOC_COVERPAGE_SUBJECT,
    DOC_TSID, DOC_BILLING_CODE, DOC_EMAIL_ADDRESS, DOC_DISPLAY_NAME, DOC_FAX_NUMBER, DOC_SENDER_FAX,
    DOC_TEXT_COUNT
};

struct fax_doc {
    IFaxDoc IFaxDoc_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    BSTR text[DOC_TEXT_COUNT];
    BOOL send_coverpage, server_coverpage, discount_send;
    LONG call_handle;
};

static inline struct fax_doc *impl_from_IFaxDoc(IFaxDoc *iface)
{
    return CONTAINING_RECORD(iface, struct fax_doc, IFaxDoc_iface);
}

static HRESULT WINAPI fax_doc_QueryInterface(IFaxDoc *iface, REFIID riid, void **out)
{
    struct fax_doc *doc = impl_from_IFaxDoc(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxDoc)) {
        *out = iface;
        IFaxDoc_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&doc->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_doc_AddRef(IFaxDoc *iface)
{
    return InterlockedIncrement(&impl_from_IFaxDoc(iface)->ref);
}

static ULONG WINAPI fax_doc_Release(IFaxDoc *iface)
{
    struct fax_doc *doc = impl_from_IFaxDoc(iface);
    ULONG ref = InterlockedDecrement(&doc->ref);

    if (!ref) {
        for (int i = 0; i < DOC_TEXT_COUNT; i++)
            SysFreeString(doc->text[i]);
        IFaxServer_Release(doc->server);
        free(doc);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_doc_GetTypeInfoCount(IFaxDoc *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_doc_GetTypeInfo(IFaxDoc *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxDoc_tid, info);
}

static HRESULT WINAPI fax_doc_GetIDsOfNames(IFaxDoc *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                            DISPID *ids)
{
    return faxcom_ids_of_names(IFaxDoc_tid, names, count, ids);
}

static HRESULT WINAPI fax_doc_Invoke(IFaxDoc *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_invoke(IFaxDoc_tid, iface, id, flags, params, result, excep, arg_err);
}

static HRESULT get_text(const BSTR field, BSTR *value)
{
    if (!value)
        return E_POINTER;
    *value = SysAllocString(field ? field : L"");
    return *value ? S_OK : E_OUTOFMEMORY;
}

static HRESULT put_text(BSTR *field, BSTR value)
{
    BSTR copy = SysAllocString(value ? value : L"");
    if (!copy)
        return E_OUTOFMEMORY;
    SysFreeString(*field);
    *field = copy;
    return S_OK;
}

static HRESULT get_bool(BOOL field, BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = field;
    return S_OK;
}

/* One get/put pair per text property; they differ only in the field. */
#define TEXT_PROPERTY(Name, index) \
    static HRESULT WINAPI fax_doc_get_##Name(IFaxDoc *iface, BSTR *value) \
    { return get_text(impl_from_IFaxDoc(iface)->text[index], value); } \
    static HRESULT WINAPI fax_doc_put_##Name(IFaxDoc *iface, BSTR value) \
    { return put_text(&impl_from_IFaxDoc(iface)->text[index], value); }

TEXT_PROPERTY(FileName, DOC_FILE_NAME)
TEXT_PROPERTY(CoverpageName, DOC_COVERPAGE_NAME)
TEXT_PROPERTY(RecipientName, DOC_RECIPIENT_NAME)
TEXT_PROPERTY(RecipientCompany, DOC_RECIPIENT_COMPANY)
TEXT_PROPERTY(RecipientAddress, DOC_RECIPIENT_ADDRESS)
TEXT_PROPERTY(RecipientCity, DOC_RECIPIENT_CITY)
TEXT_PROPERTY(RecipientState, DOC_RECIPIENT_STATE)
TEXT_PROPERTY(RecipientZip, DOC_RECIPIENT_ZIP)
TEXT_PROPERTY(RecipientCountry, DOC_RECIPIENT_COUNTRY)
TEXT_PROPERTY(RecipientTitle, DOC_RECIPIENT_TITLE)
TEXT_PROPERTY(RecipientDepartment, DOC_RECIPIENT_DEPARTMENT)
TEXT_PROPERTY(RecipientOffice, DOC_RECIPIENT_OFFICE)
TEXT_PROPERTY(RecipientHomePhone, DOC_RECIPIENT_HOME_PHONE)
TEXT_PROPERTY(RecipientOfficePhone, DOC_RECIPIENT_OFFICE_PHONE)
TEXT_PROPERTY(SenderName, DOC_SENDER_NAME)
TEXT_PROPERTY(SenderCompany, DOC_SENDER_COMPANY)
TEXT_PROPERTY(SenderAddress, DOC_SENDER_ADDRESS)
TEXT_PROPERTY(SenderTitle, DOC_SENDER_TITLE)
TEXT_PROPERTY(SenderDepartment, DOC_SENDER_DEPARTMENT)
TEXT_PROPERTY(SenderOffice, DOC_SENDER_OFFICE)
TEXT_PROPERTY(SenderHomePhone, DOC_SENDER_HOME_PHONE)
TEXT_PROPERTY(SenderOfficePhone, DOC_SENDER_OFFICE_PHONE)
TEXT_PROPERTY(CoverpageNote, DOC_COVERPAGE_NOTE)
TEXT_PROPERTY(CoverpageSubject, DOC_COVERPAGE_SUBJECT)
TEXT_PROPERTY(Tsid, DOC_TSID)
TEXT_PROPERTY(BillingCode, DOC_BILLING_CODE)
TEXT_PROPERTY(EmailAddress, DOC_EMAIL_ADDRESS)
TEXT_PROPERTY(DisplayName, DOC_DISPLAY_NAME)
TEXT_PROPERTY(FaxNumber, DOC_FAX_NUMBER)
TEXT_PROPERTY(SenderFax, DOC_SENDER_FAX)

static HRESULT WINAPI fax_doc_get_SendCoverpage(IFaxDoc *iface, BOOL *value)
{
    return get_bool(impl_from_IFaxDoc(iface)->send_coverpage, value);
}

static HRESULT WINAPI fax_doc_put_SendCoverpage(IFaxDoc *iface, BOOL value)
{
    impl_from_IFaxDoc(iface)->send_coverpage = value != 0;   /* scripts pass 1, -1 and True */
    return S_OK;
}

static HRESULT WINAPI fax_doc_get_ServerCoverpage(IFaxDoc *iface, BOOL *value)
{
    return get_bool(impl_from_IFaxDoc(iface)->server_coverpage, value);
}

static HRESULT WINAPI fax_doc_put_ServerCoverpage(IFaxDoc *iface, BOOL value)
{
    impl_from_IFaxDoc(iface)->server_coverpage = value != 0;
    return S_OK;
}

static HRESULT WINAPI fax_doc_get_DiscountSend(IFaxDoc *iface, BOOL *value)
{
    return get_bool(impl_from_IFaxDoc(iface)->discount_send, value);
}

static HRESULT WINAPI fax_doc_put_DiscountSend(IFaxDoc *iface, BOOL value)
{
    impl_from_IFaxDoc(iface)->discount_send = value != 0;
    return S_OK;
}

/* A TAPI connection object cannot mean anything to a HylaFAX-protocol server; taking it and
 * ignoring it would be silent, so it is refused with the reason. */
static HRESULT WINAPI fax_doc_putref_ConnectionObject(IFaxDoc *iface, IDispatch *value)
{
    return faxcom_error(IFaxDoc_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                        L"FaxDoc.ConnectionObject (a TAPI call) cannot be used: openfaxcom's fax service places its "
                        L"own calls");
}

static HRESULT WINAPI fax_doc_get_CallHandle(IFaxDoc *iface, LONG *value)
{
    if (!value)
        return E_POINTER;
    *value = impl_from_IFaxDoc(iface)->call_handle;
    return S_OK;
}

static HRESULT WINAPI fax_doc_put_CallHandle(IFaxDoc *iface, LONG value)
{
    if (value)
        return faxcom_error(IFaxDoc_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                            L"FaxDoc.CallHandle (a TAPI call handle) cannot be used: openfaxcom's fax service places "
                            L"its own calls; leave it 0");
    impl_from_IFaxDoc(iface)->call_handle = 0;
    return S_OK;
}

/* ---- Send: reading the document and submitting the job are shared with fxscomex.dll ---- */

/* The text fields as UTF-8, for the cover page and the job parameters (free with free_fields). */
static void fields_utf8(struct fax_doc *doc, char *fields[DOC_TEXT_COUNT])
{
    for (int i = 0; i < DOC_TEXT_COUNT; i++)
        fields[i] = faxcom_utf8(doc->text[i] ? doc->text[i] : L"");
}

static void free_fields(char *fields[DOC_TEXT_COUNT])
{
    for (int i = 0; i < DOC_TEXT_COUNT; i++)
        free(fields[i]);
}

/* The built-in cover page: the Recipient*, Sender* and Coverpage* fields as a laid-out page. */
static HRESULT cover_page(char *f[DOC_TEXT_COUNT], BOOL faxd, struct com_upload *upload)
{
    struct cover_fields cover = {
        .to = f[DOC_RECIPIENT_NAME], .to_title = f[DOC_RECIPIENT_TITLE], .to_company = f[DOC_RECIPIENT_COMPANY],
        .to_department = f[DOC_RECIPIENT_DEPARTMENT], .to_office = f[DOC_RECIPIENT_OFFICE],
        .to_address = f[DOC_RECIPIENT_ADDRESS], .to_city = f[DOC_RECIPIENT_CITY], .to_state = f[DOC_RECIPIENT_STATE],
        .to_zip = f[DOC_RECIPIENT_ZIP], .to_country = f[DOC_RECIPIENT_COUNTRY], .to_fax = f[DOC_FAX_NUMBER],
        .to_phone = f[DOC_RECIPIENT_OFFICE_PHONE], .to_home_phone = f[DOC_RECIPIENT_HOME_PHONE],
        .from = f[DOC_SENDER_NAME], .from_title = f[DOC_SENDER_TITLE], .from_company = f[DOC_SENDER_COMPANY],
        .from_department = f[DOC_SENDER_DEPARTMENT], .from_office = f[DOC_SENDER_OFFICE],
        .from_address = f[DOC_SENDER_ADDRESS], .from_fax = f[DOC_SENDER_FAX], .from_phone = f[DOC_SENDER_OFFICE_PHONE],
        .from_home_phone = f[DOC_SENDER_HOME_PHONE], .from_email = f[DOC_EMAIL_ADDRESS],
        .subject = f[DOC_COVERPAGE_SUBJECT], .note = f[DOC_COVERPAGE_NOTE],
    };
    return com_cover_page(&cover, faxd, upload);
}

static HRESULT WINAPI fax_doc_Send(IFaxDoc *iface, LONG *pVal)
{
    struct fax_doc *doc = impl_from_IFaxDoc(iface);
    struct fax_server *server = fax_server_from(doc->server);
    struct fax_server_job_defaults defaults;
    struct com_upload document = { 0 }, cover = { 0 };
    struct hfx_error error = { 0 };
    struct hfx_client *client;
    struct hfx_job *job = NULL;
    char *fields[DOC_TEXT_COUNT], *document_name = NULL, *cover_name = NULL, text[64];
    long job_id = 0;
    HRESULT hr;
    BOOL faxd;

    if (!pVal)
        return E_POINTER;
    *pVal = 0;
    if (FAILED(hr = fax_server_session(server, IFaxDoc_tid, L"FaxDoc.Send", &client)))
        return hr;
    faxd = fax_server_is_faxd(server);
    if (!doc->text[DOC_FILE_NAME] || !*doc->text[DOC_FILE_NAME])
        return faxcom_error(IFaxDoc_tid, E_INVALIDARG, L"FaxDoc.Send: FileName is empty; give the document to fax");
    if (!doc->text[DOC_FAX_NUMBER] || !*doc->text[DOC_FAX_NUMBER])
        return faxcom_error(IFaxDoc_tid, E_INVALIDARG, L"FaxDoc.Send: FaxNumber is empty; give the number to dial");
    if (doc->send_coverpage && doc->text[DOC_COVERPAGE_NAME] && *doc->text[DOC_COVERPAGE_NAME])
        return faxcom_error(IFaxDoc_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                            L"FaxDoc.Send: the cover page template '%ls' cannot be rendered"
                            L" (Windows .cov templates are not supported); set CoverpageName to \"\" "
                            L"for the built-in cover page made from the Recipient*, Sender* and Coverpage* fields",
                            doc->text[DOC_COVERPAGE_NAME]);
    if (doc->discount_send && !faxd)
        return faxcom_error(IFaxDoc_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                            L"FaxDoc.Send: DiscountSend needs an openfaxcom fax service; the HylaFAX server %ls has "
                            L"no discount-rate window", fax_server_name(server));
    if (FAILED(hr = com_document_read(&faxcom_module, IFaxDoc_tid, L"FaxDoc.Send", doc->text[DOC_FILE_NAME], faxd,
                                      &document)))
        return hr;
    fields_utf8(doc, fields);
    fax_server_job_defaults(server, &defaults);

    /* Upload first: nothing is queued until JSUBM, so a failure anywhere leaves no job behind. */
    if (hfx_upload(client, document.form, document.data, document.size, &document_name, &error) != HFX_OK) {
        hr = fax_server_failure(server, IFaxDoc_tid, L"Uploading the document", &error);
        goto done;
    }
    if (doc->send_coverpage) {
        if (FAILED(hr = cover_page(fields, faxd, &cover)))
            goto done;
        if (hfx_upload(client, cover.form, cover.data, cover.size, &cover_name, &error) != HFX_OK) {
            hr = fax_server_failure(server, IFaxDoc_tid, L"Uploading the cover page", &error);
            goto done;
        }
    }
    if (!(job = calloc(1, sizeof(*job)))) {
        hr = E_OUTOFMEMORY;
        goto done;
    }

    char *login = com_user_name();
    hfx_job_add(job, "FROMUSER", *fields[DOC_SENDER_NAME] ? fields[DOC_SENDER_NAME] : login ? login : "fax");
    free(login);
    hfx_job_add(job, "LASTTIME", "000259");
    hfx_job_add(job, "MAXDIALS", "12");
    if (defaults.per_job) {   /* faxd applies its own Retries and RetryDelay */
        snprintf(text, sizeof(text), "%ld", defaults.retries + 1);
        hfx_job_add(job, "MAXTRIES", text);
        snprintf(text, sizeof(text), "%02ld%02d", defaults.retry_delay > 99 ? 99 : defaults.retry_delay, 0);
        hfx_job_add(job, "RETRYTIME", text);
    }
    hfx_job_add(job, "DIALSTRING", fields[DOC_FAX_NUMBER]);
    hfx_job_add(job, "TOUSER", fields[DOC_RECIPIENT_NAME]);
    hfx_job_add(job, "TOCOMPANY", fields[DOC_RECIPIENT_COMPANY]);
    hfx_job_add(job, "TOLOCATION", fields[DOC_RECIPIENT_CITY]);
    hfx_job_add(job, "TOVOICE", fields[DOC_RECIPIENT_OFFICE_PHONE]);
    hfx_job_add(job, "FROMCOMPANY", fields[DOC_SENDER_COMPANY]);
    hfx_job_add(job, "FROMVOICE", fields[DOC_SENDER_OFFICE_PHONE]);
    hfx_job_add(job, "REGARDING", fields[DOC_COVERPAGE_SUBJECT]);
    hfx_job_add(job, "NOTIFYADDR", fields[DOC_EMAIL_ADDRESS]);
    hfx_job_add(job, "JOBINFO", fields[DOC_DISPLAY_NAME]);
    if (!(defaults.per_job && defaults.use_device_tsid))   /* faxd decides UseDeviceTsid itself */
        hfx_job_add(job, "TSI", fields[DOC_TSID]);
    if (faxd) {   /* extensions (docs/faxd.md) for what HylaFAX has no parameter for */
        hfx_job_add(job, "BILLINGCODE", fields[DOC_BILLING_CODE]);
        hfx_job_add(job, "DISPLAYNAME", fields[DOC_DISPLAY_NAME]);
        hfx_job_add(job, "FROMTITLE", fields[DOC_SENDER_TITLE]);
        hfx_job_add(job, "FROMDEPARTMENT", fields[DOC_SENDER_DEPARTMENT]);
        hfx_job_add(job, "FROMEMAIL", fields[DOC_EMAIL_ADDRESS]);
        if (doc->discount_send)
            hfx_job_add(job, "SCHEDULE", "discount");
    }
    if (hfx_submit(client, job, cover_name, document_name, &job_id, &error) != HFX_OK) {
        hr = fax_server_failure(server, IFaxDoc_tid, L"Submitting the fax", &error);
        goto done;
    }
    *pVal = job_id;
    hr = S_OK;
done:
    free(job);
    free(document_name);
    free(cover_name);
    com_upload_free(&document);
    com_upload_free(&cover);
    free_fields(fields);
    return hr;
}

static const IFaxDocVtbl fax_doc_vtbl = {
    fax_doc_QueryInterface, fax_doc_AddRef, fax_doc_Release,
    fax_doc_GetTypeInfoCount, fax_doc_GetTypeInfo, fax_doc_GetIDsOfNames, fax_doc_Invoke,
    fax_doc_get_FileName, fax_doc_put_FileName, fax_doc_get_CoverpageName, fax_doc_put_CoverpageName,
    fax_doc_get_SendCoverpage, fax_doc_put_SendCoverpage, fax_doc_get_ServerCoverpage, fax_doc_put_ServerCoverpage,
    fax_doc_get_DiscountSend, fax_doc_put_DiscountSend, fax_doc_get_RecipientName, fax_doc_put_RecipientName,
    fax_doc_get_RecipientCompany, fax_doc_put_RecipientCompany, fax_doc_get_RecipientAddress,
    fax_doc_put_RecipientAddress, fax_doc_get_RecipientCity, fax_doc_put_RecipientCity, fax_doc_get_RecipientState,
    fax_doc_put_RecipientState, fax_doc_get_RecipientZip, fax_doc_put_RecipientZip, fax_doc_get_RecipientCountry,
    fax_doc_put_RecipientCountry, fax_doc_get_RecipientTitle, fax_doc_put_RecipientTitle,
    fax_doc_get_RecipientDepartment, fax_doc_put_RecipientDepartment, fax_doc_get_RecipientOffice,
    fax_doc_put_RecipientOffice, fax_doc_get_RecipientHomePhone, fax_doc_put_RecipientHomePhone,
    fax_doc_get_RecipientOfficePhone, fax_doc_put_RecipientOfficePhone, fax_doc_get_SenderName,
    fax_doc_put_SenderName, fax_doc_get_SenderCompany, fax_doc_put_SenderCompany, fax_doc_get_SenderAddress,
    fax_doc_put_SenderAddress, fax_doc_get_SenderTitle, fax_doc_put_SenderTitle, fax_doc_get_SenderDepartment,
    fax_doc_put_SenderDepartment, fax_doc_get_SenderOffice, fax_doc_put_SenderOffice, fax_doc_get_SenderHomePhone,
    fax_doc_put_SenderHomePhone, fax_doc_get_SenderOfficePhone, fax_doc_put_SenderOfficePhone,
    fax_doc_get_CoverpageNote, fax_doc_put_CoverpageNote, fax_doc_get_CoverpageSubject, fax_doc_put_CoverpageSubject,
    fax_doc_get_Tsid, fax_doc_put_Tsid, fax_doc_get_BillingCode, fax_doc_put_BillingCode, fax_doc_get_EmailAddress,
    fax_doc_put_EmailAddress, fax_doc_get_DisplayName, fax_doc_put_DisplayName, fax_doc_Send,
    fax_doc_get_FaxNumber, fax_doc_put_FaxNumber, fax_doc_putref_ConnectionObject, fax_doc_get_CallHandle,
    fax_doc_put_CallHandle, fax_doc_get_SenderFax, fax_doc_put_SenderFax,
};

HRESULT fax_doc_create(IFaxServer *server, BSTR file_name, VARIANT *out)
{
    struct fax_doc *doc = calloc(1, sizeof(*doc));

    if (!doc)
        return E_OUTOFMEMORY;
    doc->IFaxDoc_iface.lpVtbl = &fax_doc_vtbl;
    doc->ref = 1;
    doc->server = server;
    IFaxServer_AddRef(server);
    faxcom_support_init(&doc->support, (IUnknown *)&doc->IFaxDoc_iface, &IID_IFaxDoc, &CLSID_FaxDoc);
    faxcom_object_created();
    if (FAILED(put_text(&doc->text[DOC_FILE_NAME], file_name))) {
        IFaxDoc_Release(&doc->IFaxDoc_iface);
        return E_OUTOFMEMORY;
    }
    V_VT(out) = VT_DISPATCH;
    V_DISPATCH(out) = (IDispatch *)&doc->IFaxDoc_iface;
    return S_OK;
}
