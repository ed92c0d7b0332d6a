/*
 * FaxDocument.(Connected)Submit(2)'s work: check what the document asks for before touching the server,
 * upload each body (Body, or IFaxDocument2's Bodies) once, then one job per recipient in recipient order
 * (each with its own built-in cover page when one is asked for), and hand back their ids as a SAFEARRAY of
 * BSTR. If one job fails, the jobs already submitted are killed, so a script that retries never sends twice.
 */
#include "fxscomex_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "com_document.h"
#include "com_session.h"
#include "cover.h"
#include "hfx_client.h"
#include "hfx_submit.h"

/* What one call needs, gathered before the first command goes out. */
struct submission {
    struct fax_document *doc;
    const WCHAR *member;              /* L"FaxDocument.ConnectedSubmit" or L"FaxDocument.Submit" */
    const WCHAR *server_name;
    struct hfx_client *client;
    BOOL faxd, cover;
    char send_time[16];               /* SENDTIME, "" for now */
    char *sender[SENDER_FIELD_COUNT], *text[DOC_TEXT_COUNT];   /* UTF-8 */
    BSTR *bodies;                     /* the files to send: Body, or Bodies' paths; may be none */
    size_t body_count;
    char **documents;                 /* each body as uploaded (the server's file names) */
    size_t document_count;
    LONG failed_body;                 /* the 0-based body an upload failed on, -1 when none did */
};

/* An error whose description starts with the member called. */
static HRESULT fail(const struct submission *s, HRESULT hr, const WCHAR *format, ...)
{
    WCHAR text[900];
    va_list args;

    va_start(args, format);
    _vsnwprintf(text, ARRAYSIZE(text) - 1, format, args);
    va_end(args);
    text[ARRAYSIZE(text) - 1] = 0;
    return fxscomex_error(IFaxDocument_tid, hr, L"%ls: %ls", s->member, text);
}

/* Bodies as the spec allows it (faxcomex-api.md 13.10): text with paths separated by ';', or an array of text. */
static HRESULT add_body(struct submission *s, const WCHAR *path, size_t length)
{
    BSTR *grown;

    while (length && (*path == L' ' || *path == L'\t'))
        path++, length--;
    if (!length)
        return S_OK;
    if (!(grown = realloc(s->bodies, (s->body_count + 1) * sizeof(*grown))))
        return E_OUTOFMEMORY;
    s->bodies = grown;
    if (!(s->bodies[s->body_count] = SysAllocStringLen(path, (UINT)length)))
        return E_OUTOFMEMORY;
    s->body_count++;
    return S_OK;
}

static HRESULT split_bodies(struct submission *s, const WCHAR *text)
{
    HRESULT hr = S_OK;

    while (text && *text && SUCCEEDED(hr)) {
        const WCHAR *end = wcschr(text, L';');
        size_t length = end ? (size_t)(end - text) : wcslen(text);
        hr = add_body(s, text, length);
        text = end ? end + 1 : NULL;
    }
    return hr;
}

static HRESULT gather_bodies(struct submission *s)
{
    const VARIANT *bodies = &s->doc->bodies;
    const WCHAR *body = s->doc->text[DOC_BODY];
    BOOL has_bodies = V_VT(bodies) != VT_EMPTY && V_VT(bodies) != VT_NULL;
    HRESULT hr = S_OK;

    if (has_bodies && body && *body)
        return fail(s, E_INVALIDARG, L"both Body and Bodies are set; set Body to \"\" when using Bodies");
    if (!has_bodies)
        return body && *body ? add_body(s, body, wcslen(body)) : S_OK;
    if (V_VT(bodies) == VT_BSTR)
        return split_bodies(s, V_BSTR(bodies));
    /* put_Bodies keeps only text or a one-dimensional array of text */
    SAFEARRAY *array = V_ARRAY(bodies);
    LONG low, high;
    VARTYPE type;
    SafeArrayGetVartype(array, &type);
    SafeArrayGetLBound(array, 1, &low);
    SafeArrayGetUBound(array, 1, &high);
    for (LONG i = low; i <= high && SUCCEEDED(hr); i++) {
        VARIANT item;
        VariantInit(&item);
        if (type == VT_BSTR) {
            V_VT(&item) = VT_BSTR;
            hr = SafeArrayGetElement(array, &i, &V_BSTR(&item));
        } else {
            hr = SafeArrayGetElement(array, &i, &item);
        }
        if (SUCCEEDED(hr))
            hr = V_VT(&item) == VT_BSTR ? split_bodies(s, V_BSTR(&item))
                                        : fail(s, E_INVALIDARG, L"Bodies item %ld is not a file name", (long)(i - low));
        VariantClear(&item);
    }
    return hr;
}

/* The cover page: "" or "generic" (either type) is the built-in page filled from the Sender, Recipient,
 * Subject and Note fields; anything else names a template that cannot be used here, and says why. */
static HRESULT check_cover_page(struct submission *s)
{
    const WCHAR *name = s->doc->text[DOC_COVER_PAGE] ? s->doc->text[DOC_COVER_PAGE] : L"";

    s->cover = s->doc->cover_page_type != fcptNONE;
    if (!s->cover || !*name || !_wcsicmp(name, L"generic") || !_wcsicmp(name, L"generic.cov"))
        return S_OK;
    if (s->doc->cover_page_type == fcptSERVER)
        return fail(s, HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), L"the server cover page '%ls' does not exist; "
                    L"the fax service has the built-in cover page \"generic\"", name);
    if (GetFileAttributesW(name) == INVALID_FILE_ATTRIBUTES)
        return fail(s, HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), L"the local cover page '%ls' does not exist",
                    name);
    return fail(s, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"the cover page template '%ls' cannot be rendered "
                L"(Windows .cov templates are not supported); set CoverPage to \"generic\" for the built-in cover "
                L"page made from the Sender, Recipient, Subject and Note fields", name);
}

/* ScheduleTime is UTC (spec 2); SENDTIME takes UTC as YYYYMMDDHHMM. */
static HRESULT check_schedule(struct submission *s)
{
    SYSTEMTIME when;

    s->send_time[0] = 0;
    switch (s->doc->schedule_type) {
    case fstSPECIFIC_TIME:
        if (s->doc->schedule_time <= 0 || !VariantTimeToSystemTime(s->doc->schedule_time, &when))
            return fail(s, E_INVALIDARG, L"ScheduleType is fstSPECIFIC_TIME but ScheduleTime is not set; give the "
                        L"date and time (UTC) to send at");
        snprintf(s->send_time, sizeof(s->send_time), "%04u%02u%02u%02u%02u", when.wYear, when.wMonth, when.wDay,
                 when.wHour, when.wMinute);
        return S_OK;
    case fstDISCOUNT_PERIOD:
        if (!s->faxd)
            return fail(s, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"fstDISCOUNT_PERIOD needs an openfaxcom fax "
                        L"service; the HylaFAX server %ls has no discount-rate window", s->server_name);
        return S_OK;
    default:
        return S_OK;
    }
}

static HRESULT check_receipt(struct submission *s)
{
    if (s->doc->receipt_type == frtMSGBOX)
        return fail(s, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"frtMSGBOX receipts (a message box on the "
                    L"submitting computer) are not available; use frtMAIL with a ReceiptAddress");
    if (s->doc->receipt_type == frtMAIL && (!s->doc->text[DOC_RECEIPT_ADDRESS] || !*s->doc->text[DOC_RECEIPT_ADDRESS]))
        return fail(s, E_INVALIDARG, L"ReceiptType is frtMAIL but ReceiptAddress is empty; give the e-mail "
                    L"address for the receipt");
    return S_OK;
}

static HRESULT check_document(struct submission *s)
{
    LONG count = fax_recipients_count(s->doc->recipients);
    HRESULT hr;

    if (!count)
        return fail(s, E_INVALIDARG, L"the document has no recipients; add them with Recipients.Add");
    for (LONG i = 0; i < count; i++) {
        const WCHAR *number = fax_recipient_number(fax_recipients_at(s->doc->recipients, i));
        if (!number || !*number)
            return fail(s, E_INVALIDARG, L"recipient %ld has no fax number", i + 1);
    }
    if (FAILED(hr = gather_bodies(s)))
        return hr;
    if (!s->body_count && s->doc->cover_page_type == fcptNONE)
        return fail(s, E_INVALIDARG, L"there is nothing to send: set Body (or Bodies) to the document to fax, or ask "
                    L"for a cover page (CoverPageType)");
    if (FAILED(hr = check_cover_page(s)) || FAILED(hr = check_schedule(s)))
        return hr;
    return check_receipt(s);
}

/* Each body, uploaded once for every job, in order; s->failed_body names the one that failed. */
static HRESULT upload_bodies(struct submission *s)
{
    HRESULT hr = S_OK;

    if (s->body_count && !(s->documents = calloc(s->body_count, sizeof(*s->documents))))
        return E_OUTOFMEMORY;
    for (size_t i = 0; i < s->body_count && SUCCEEDED(hr); i++) {
        struct com_upload body = { 0 };
        struct hfx_error error = { 0 };

        if (SUCCEEDED(hr = com_document_read(&fxscomex_module, IFaxDocument_tid, s->member, s->bodies[i], s->faxd,
                                             &body))
            && hfx_upload(s->client, body.form, body.data, body.size, &s->documents[i], &error) != HFX_OK)
            hr = com_session_failure(&fxscomex_module, IFaxDocument_tid, s->server_name, L"Uploading the document",
                                     &error);
        com_upload_free(&body);
        if (FAILED(hr))
            s->failed_body = (LONG)i;
        else
            s->document_count++;
    }
    return hr;
}

/* The built-in cover page for one recipient, uploaded; *name is the server's file name. */
static HRESULT upload_cover(struct submission *s, const char *to, const char *to_fax, char **name)
{
    char **f = s->sender;
    struct cover_fields fields = {
        .to = to, .to_fax = to_fax,
        .from = f[SENDER_NAME], .from_title = f[SENDER_TITLE], .from_company = f[SENDER_COMPANY],
        .from_department = f[SENDER_DEPARTMENT], .from_office = f[SENDER_OFFICE_LOCATION],
        .from_address = f[SENDER_STREET_ADDRESS], .from_fax = f[SENDER_FAX_NUMBER], .from_phone = f[SENDER_OFFICE_PHONE],
        .from_home_phone = f[SENDER_HOME_PHONE], .from_email = f[SENDER_EMAIL],
        .subject = s->text[DOC_SUBJECT], .note = s->text[DOC_NOTE],
    };
    struct com_upload cover = { 0 };
    struct hfx_error error = { 0 };
    HRESULT hr;

    if (FAILED(hr = com_cover_page(&fields, s->faxd, &cover)))
        return hr;
    if (hfx_upload(s->client, cover.form, cover.data, cover.size, name, &error) != HFX_OK)
        hr = com_session_failure(&fxscomex_module, IFaxDocument_tid, s->server_name, L"Uploading the cover page",
                                 &error);
    com_upload_free(&cover);
    return hr;
}

/* The job parameters of one recipient. Priority maps onto the scheduling priority (lower is sooner). */
static void job_parameters(const struct submission *s, const char *to, const char *to_fax, struct hfx_job *job)
{
    static const char *const priorities[] = { [fptLOW] = "190", [fptNORMAL] = "127", [fptHIGH] = "63" };
    char *const *f = s->sender;
    char *login = com_user_name();

    hfx_job_add(job, "FROMUSER", *f[SENDER_NAME] ? f[SENDER_NAME] : login ? login : "fax");
    free(login);
    hfx_job_add(job, "LASTTIME", "000259");
    if (!s->faxd)   /* faxd applies its administrator's max-dials (docs/faxd.md); HylaFAX takes it per job */
        hfx_job_add(job, "MAXDIALS", "12");
    hfx_job_add(job, "DIALSTRING", to_fax);
    hfx_job_add(job, "TOUSER", to);
    hfx_job_add(job, "FROMCOMPANY", f[SENDER_COMPANY]);
    hfx_job_add(job, "FROMVOICE", f[SENDER_OFFICE_PHONE]);
    hfx_job_add(job, "FROMLOCATION", f[SENDER_OFFICE_LOCATION]);
    hfx_job_add(job, "REGARDING", s->text[DOC_SUBJECT]);
    hfx_job_add(job, "COMMENTS", s->text[DOC_NOTE]);
    hfx_job_add(job, "JOBINFO", s->text[DOC_NAME]);
    hfx_job_add(job, "TSI", f[SENDER_TSID]);
    hfx_job_add(job, "SCHEDPRI", priorities[s->doc->priority]);
    hfx_job_add(job, "SENDTIME", s->send_time);
    if (s->doc->receipt_type == frtMAIL) {
        hfx_job_add(job, "NOTIFY", "done");
        hfx_job_add(job, "NOTIFYADDR", s->text[DOC_RECEIPT_ADDRESS]);
    }
    if (s->faxd) {   /* extensions (docs/faxd.md) for what HylaFAX has no parameter for */
        hfx_job_add(job, "BILLINGCODE", f[SENDER_BILLING_CODE]);
        hfx_job_add(job, "DISPLAYNAME", s->text[DOC_NAME]);
        hfx_job_add(job, "FROMTITLE", f[SENDER_TITLE]);
        hfx_job_add(job, "FROMDEPARTMENT", f[SENDER_DEPARTMENT]);
        hfx_job_add(job, "FROMEMAIL", f[SENDER_EMAIL]);
        if (s->doc->schedule_type == fstDISCOUNT_PERIOD)
            hfx_job_add(job, "SCHEDULE", "discount");
    }
}

/* One recipient's job; *job_id is its id. */
static HRESULT submit_one(struct submission *s, IFaxServer *server, IFaxRecipient *recipient, long *job_id)
{
    char *to = com_utf8(fax_recipient_name(recipient)), *to_fax = com_utf8(fax_recipient_number(recipient));
    char *cover_name = NULL;
    struct hfx_job *job = calloc(1, sizeof(*job));
    struct hfx_error error = { 0 };
    HRESULT hr = S_OK;

    if (!to || !to_fax || !job)
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && s->cover)
        hr = upload_cover(s, to, to_fax, &cover_name);
    if (SUCCEEDED(hr)) {
        job_parameters(s, to, to_fax, job);
        if (hfx_submit_documents(s->client, job, cover_name, (const char *const *)s->documents, s->document_count,
                                 job_id, &error) != HFX_OK)
            hr = fax_server_failure(server, IFaxDocument_tid, L"Submitting the fax", &error);
    }
    free(cover_name);
    free(job);
    free(to);
    free(to_fax);
    return hr;
}

/* After a failed job: the ones submitted before it go away (best effort), keeping the failure's error info. */
static void withdraw(struct submission *s, const long *ids, LONG count)
{
    IErrorInfo *error = NULL;

    GetErrorInfo(0, &error);
    for (LONG i = 0; i < count; i++)
        hfx_command(s->client, NULL, NULL, NULL, "JKILL %ld", ids[i]);
    SetErrorInfo(0, error);
    if (error)
        IErrorInfo_Release(error);
}

static HRESULT submit_all(struct submission *s, IFaxServer *server, VARIANT *out)
{
    LONG count = fax_recipients_count(s->doc->recipients);
    long *ids = calloc((size_t)count, sizeof(*ids));
    SAFEARRAY *array = SafeArrayCreateVector(VT_BSTR, 0, (ULONG)count);
    HRESULT hr = ids && array ? S_OK : E_OUTOFMEMORY;
    LONG done = 0;

    for (; SUCCEEDED(hr) && done < count; done++) {
        WCHAR text[24];
        BSTR id;
        if (FAILED(hr = submit_one(s, server, fax_recipients_at(s->doc->recipients, done), &ids[done])))
            break;
        swprintf(text, ARRAYSIZE(text), L"%ld", ids[done]);
        if (!(id = SysAllocString(text)))
            hr = E_OUTOFMEMORY;
        else
            hr = SafeArrayPutElement(array, &done, id);   /* copies */
        SysFreeString(id);
    }
    if (FAILED(hr)) {
        withdraw(s, ids, done);
        if (array)
            SafeArrayDestroy(array);
    } else {
        V_VT(out) = VT_ARRAY | VT_BSTR;
        V_ARRAY(out) = array;
    }
    free(ids);
    return hr;
}

/* The first id of a successful submission's VT_ARRAY|VT_BSTR (there is one job per recipient, at least one). */
static const WCHAR *first_id(const VARIANT *ids)
{
    LONG first = 0;
    BSTR *slot;

    if (V_VT(ids) == (VT_ARRAY | VT_BSTR) && SUCCEEDED(SafeArrayPtrOfIndex(V_ARRAY(ids), &first, (void **)&slot)))
        return *slot;
    return NULL;
}

HRESULT fax_document_submit(struct fax_document *doc, IFaxServer *server, const WCHAR *member, VARIANT *ids,
                            LONG *failed_body)
{
    struct submission s = { .doc = doc, .member = member, .failed_body = -1 };
    HRESULT hr;

    if (FAILED(hr = fax_server_session(server, IFaxDocument_tid, member, &s.client, &s.faxd, &s.server_name))
        || FAILED(hr = check_document(&s)))
        return hr;
    for (int i = 0; i < SENDER_FIELD_COUNT; i++)
        if (!(s.sender[i] = com_utf8(fax_sender_field(doc->sender, i))))
            hr = E_OUTOFMEMORY;
    for (int i = 0; i < DOC_TEXT_COUNT; i++)
        if (!(s.text[i] = com_utf8(doc->text[i])))
            hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && SUCCEEDED(hr = upload_bodies(&s)))
        hr = submit_all(&s, server, ids);
    if (SUCCEEDED(hr))
        com_clear_error();
    if (SUCCEEDED(hr))   /* the jobs of one call share the first one's id as their submission id */
        hr = fxscomex_put_text(&doc->submission_id, first_id(ids));
    if (failed_body)
        *failed_body = s.failed_body;
    for (int i = 0; i < SENDER_FIELD_COUNT; i++)
        free(s.sender[i]);
    for (int i = 0; i < DOC_TEXT_COUNT; i++)
        free(s.text[i]);
    for (size_t i = 0; i < s.document_count; i++)
        free(s.documents[i]);
    free(s.documents);
    for (size_t i = 0; i < s.body_count; i++)
        SysFreeString(s.bodies[i]);
    free(s.bodies);
    return hr;
}
