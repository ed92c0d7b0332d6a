/*
 * What an outgoing job and a sent message share: the job parameters its queue row does not carry, read
 * once with JPARM (faxd answers them for queued and finished jobs alike; a HylaFAX server answers 500 to
 * faxd's own names, and those fields stay empty), its Sender and Recipient as read-only copies, and the
 * priority and send time as the spec types them.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_table.h"

static const char *const detail_names[DETAIL_COUNT] = {
    [DETAIL_SUBJECT] = "REGARDING", [DETAIL_DISPLAY_NAME] = "DISPLAYNAME", [DETAIL_TSID] = "TSI",
    [DETAIL_SEND_TIME] = "SENDTIME", [DETAIL_NOTIFY_ADDRESS] = "NOTIFYADDR", [DETAIL_COMPANY] = "FROMCOMPANY",
    [DETAIL_DEPARTMENT] = "FROMDEPARTMENT", [DETAIL_EMAIL] = "FROMEMAIL", [DETAIL_TITLE] = "FROMTITLE",
    [DETAIL_VOICE] = "FROMVOICE", [DETAIL_LOCATION] = "FROMLOCATION", [DETAIL_BILLING_CODE] = "BILLINGCODE",
    [DETAIL_TO_COMPANY] = "TOCOMPANY",
    [DETAIL_SCHEDULE] = "SCHEDULE",
};

void job_details_free(struct job_details *d)
{
    for (size_t i = 0; i < DETAIL_COUNT; i++)
        free(d->value[i]);
    memset(d, 0, sizeof(*d));
}

HRESULT job_details_load(struct job_details *d, IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member,
                         const char *job_id)
{
    struct folder_session s;
    struct hfx_error error = { 0 };
    const char *reply;
    char *documents = NULL;
    HRESULT hr;
    int code;

    if (d->loaded)
        return S_OK;
    if (FAILED(hr = folder_session(server, tid, member, &s)))
        return hr;
    if (hfx_expect(s.client, 2, &reply, &error, "JOB %s", job_id) != HFX_OK)
        return fax_server_failure(server, tid, member, &error);
    for (size_t i = 0; i < DETAIL_COUNT; i++) {
        if (hfx_command(s.client, &code, &reply, &error, "JPARM %s", detail_names[i]) != HFX_OK) {
            job_details_free(d);
            return fax_server_failure(server, tid, member, &error);
        }
        free(d->value[i]);
        if (!(d->value[i] = strdup(code / 100 == 2 ? reply : ""))) {
            job_details_free(d);
            return E_OUTOFMEMORY;
        }
    }
    if (hfx_lines(s.client, &documents, &error, "JPARM DOCUMENT") == HFX_OK)
        d->has_cover = strstr(documents, "docq/cover") != NULL;
    else if (error.status != HFX_ERR_REFUSED) {   /* a server that lists no documents shows no cover page */
        job_details_free(d);
        return fax_server_failure(server, tid, member, &error);
    }
    free(documents);
    hfx_command(s.client, &code, &reply, &error, "JOB DEFAULT");   /* as sendfax leaves it for the next JNEW */
    d->loaded = TRUE;
    return S_OK;
}

static HRESULT put_field(IFaxSender *sender, HRESULT (STDMETHODCALLTYPE *put)(IFaxSender *, BSTR), const char *text)
{
    BSTR value = com_bstr_from_bytes(text ? text : "");
    HRESULT hr = value ? put(sender, value) : E_OUTOFMEMORY;

    SysFreeString(value);
    return hr;
}

HRESULT job_sender(const struct hfx_table *table, size_t row, const struct job_details *d, IFaxSender **out)
{
    IFaxSender *sender;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = fax_sender_create(&sender)))
        return hr;
    const struct { HRESULT (STDMETHODCALLTYPE *put)(IFaxSender *, BSTR); const char *text; } fields[] = {
        { sender->lpVtbl->put_Name, hfx_table_cell(table, row, OUT_SENDER) },
        { sender->lpVtbl->put_Company, d->value[DETAIL_COMPANY] },
        { sender->lpVtbl->put_Department, d->value[DETAIL_DEPARTMENT] },
        { sender->lpVtbl->put_Email, d->value[DETAIL_EMAIL] },
        { sender->lpVtbl->put_Title, d->value[DETAIL_TITLE] },
        { sender->lpVtbl->put_OfficePhone, d->value[DETAIL_VOICE] },
        { sender->lpVtbl->put_OfficeLocation, d->value[DETAIL_LOCATION] },
        { sender->lpVtbl->put_BillingCode, d->value[DETAIL_BILLING_CODE] },
        { sender->lpVtbl->put_TSID, d->value[DETAIL_TSID] },
    };
    for (size_t i = 0; i < ARRAYSIZE(fields) && SUCCEEDED(hr); i++)
        hr = put_field(sender, fields[i].put, fields[i].text);
    if (FAILED(hr)) {
        IFaxSender_Release(sender);
        return hr;
    }
    *out = sender;
    return S_OK;
}

HRESULT job_recipient(const struct hfx_table *table, size_t row, IFaxRecipient **out)
{
    BSTR number = com_bstr_from_bytes(hfx_table_cell(table, row, OUT_NUMBER));
    BSTR name = com_bstr_from_bytes(hfx_table_cell(table, row, OUT_RECIPIENT));
    HRESULT hr = number && name ? fax_recipient_create(number, name, out) : E_OUTOFMEMORY;

    SysFreeString(number);
    SysFreeString(name);
    return hr;
}

/* ConnectedSubmit sends 190, 127 and 63 (docs/fxscomex.md); other clients' values go to the nearest. */
FAX_PRIORITY_TYPE_ENUM job_priority(long long schedpri)
{
    return schedpri <= 95 ? fptHIGH : schedpri <= 158 ? fptNORMAL : fptLOW;
}

DATE job_send_time(const char *sendtime)
{
    SYSTEMTIME when = { 0 };
    unsigned year, month, day, hour, minute;
    DATE date;

    if (!sendtime || strlen(sendtime) < 12
        || sscanf(sendtime, "%4u%2u%2u%2u%2u", &year, &month, &day, &hour, &minute) != 5)
        return 0;
    when.wYear = (WORD)year, when.wMonth = (WORD)month, when.wDay = (WORD)day;
    when.wHour = (WORD)hour, when.wMinute = (WORD)minute;
    return SystemTimeToVariantTime(&when, &date) ? date : 0;
}
