/*
 * FaxComEx.FaxOutgoingJob: one job of the send queue, as of its listing or its last Refresh. The row of
 * LIST sendq/doneq (OUTGOING_FORMAT) carries the state and counters; the parameters a row does not carry
 * are read with JPARM the first time a script asks for one. Pause, Resume and Cancel are JSUSP, JSUBM
 * and JKILL (JDELE for a failed job), CopyTiff is RETR of the pages faxd made for the first attempt;
 * docs/fxscomex.md says how each property maps.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_listings.h"
#include "hfx_table.h"

struct fax_outgoing_job {
    IFaxOutgoingJob2 IFaxOutgoingJob2_iface;   /* IFaxOutgoingJob with Vista's three properties */
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_table row;   /* one row */
    struct job_details details;
};

static inline struct fax_outgoing_job *impl_from_IFaxOutgoingJob(IFaxOutgoingJob2 *iface)
{
    return CONTAINING_RECORD(iface, struct fax_outgoing_job, IFaxOutgoingJob2_iface);
}

static HRESULT WINAPI job_QueryInterface(IFaxOutgoingJob2 *iface, REFIID riid, void **out)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxOutgoingJob)
        || IsEqualIID(riid, &IID_IFaxOutgoingJob2)) {
        *out = iface;
        IFaxOutgoingJob2_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&job->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI job_AddRef(IFaxOutgoingJob2 *iface)
{
    return InterlockedIncrement(&impl_from_IFaxOutgoingJob(iface)->ref);
}

static ULONG WINAPI job_Release(IFaxOutgoingJob2 *iface)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    ULONG ref = InterlockedDecrement(&job->ref);

    if (!ref) {
        hfx_table_free(&job->row);
        job_details_free(&job->details);
        IFaxServer_Release(job->server);
        free(job);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(job, IFaxOutgoingJob2, IFaxOutgoingJob2_tid)

static const char *cell(struct fax_outgoing_job *job, enum outgoing_column column)
{
    return hfx_table_cell(&job->row, 0, column);
}

static LONG number(struct fax_outgoing_job *job, enum outgoing_column column)
{
    return (LONG)hfx_table_number(&job->row, 0, column, 0, 0x7fffffff, 0);
}

static HRESULT details(struct fax_outgoing_job *job, const WCHAR *member)
{
    return job_details_load(&job->details, job->server, IFaxOutgoingJob_tid, member, cell(job, OUT_ID));
}

static HRESULT detail_text(IFaxOutgoingJob2 *iface, const WCHAR *member, enum job_detail which, BSTR *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    return FAILED(hr = details(job, member)) ? hr : com_return_text(job->details.value[which], value);
}

/* ---- the state letter (HylaFAX's faxstat(1) letters) as the spec's status, extended status, operations ---- */

static BOOL canceled(struct fax_outgoing_job *job)
{
    return strstr(cell(job, OUT_STATUS), "by request") != NULL;   /* faxd's and hfaxd's text for a JKILL */
}

static FAX_JOB_STATUS_ENUM job_status(struct fax_outgoing_job *job)
{
    switch (cell(job, OUT_STATE)[0]) {
    case 'T': return fjsPENDING | fjsPAUSED;
    case 'W': return strstr(cell(job, OUT_STATUS), "free line") ? fjsPENDING | fjsNOLINE : fjsPENDING;
    case 'P': case 'B': return fjsPENDING;
    case 'S': return fjsRETRYING;
    case 'R': return fjsINPROGRESS;
    case 'D': return fjsCOMPLETED;
    case 'F':
        if (canceled(job))
            return fjsCANCELED;
        return strstr(cell(job, OUT_STATUS), "Too many") ? fjsRETRIES_EXCEEDED : fjsFAILED;
    default: return fjsPENDING;
    }
}

static FAX_JOB_EXTENDED_STATUS_ENUM extended_status(struct fax_outgoing_job *job)
{
    const char *status = cell(job, OUT_STATUS);

    switch (cell(job, OUT_STATE)[0]) {
    case 'R': return strstr(status, "Dialing") ? fjesDIALING : fjesTRANSMITTING;
    case 'D': return fjesCALL_COMPLETED;
    case 'F': case 'S':
        if (canceled(job))
            return fjesCALL_ABORTED;
        if (strstr(status, "Busy"))
            return fjesBUSY;
        if (strstr(status, "No answer"))
            return fjesNO_ANSWER;
        if (strstr(status, "dial tone"))
            return fjesNO_DIAL_TONE;
        return *status ? fjesPROPRIETARY : fjesNONE;   /* the text is in ExtendedStatus */
    default:
        return strstr(status, "free line") ? fjesLINE_UNAVAILABLE : fjesNONE;
    }
}

static FAX_JOB_OPERATIONS_ENUM operations(struct fax_outgoing_job *job)
{
    /* the pages exist once the job was dialled: faxd makes them for the first attempt */
    const FAX_JOB_OPERATIONS_ENUM info = fjoRECIPIENT_INFO | fjoSENDER_INFO | (number(job, OUT_DIALS) ? fjoVIEW : 0);

    switch (cell(job, OUT_STATE)[0]) {
    case 'T': return info | fjoRESUME | fjoDELETE;
    case 'W': case 'P': case 'B': case 'S': return info | fjoPAUSE | fjoDELETE;
    case 'R': return info | fjoDELETE;
    case 'F': return info | fjoDELETE;   /* JDELE takes it out of the queue */
    default: return info;
    }
}

static HRESULT WINAPI job_get_Subject(IFaxOutgoingJob2 *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingJob.Subject", DETAIL_SUBJECT, value);
}

static HRESULT WINAPI job_get_DocumentName(IFaxOutgoingJob2 *iface, BSTR *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = details(job, L"FaxOutgoingJob.DocumentName")))
        return hr;
    return com_return_text(*job->details.value[DETAIL_DISPLAY_NAME] ? job->details.value[DETAIL_DISPLAY_NAME]
                                                                     : cell(job, OUT_TAG), value);
}

static HRESULT WINAPI job_get_Pages(IFaxOutgoingJob2 *iface, LONG *value)
{
    return com_return_long(number(impl_from_IFaxOutgoingJob(iface), OUT_PAGES), value);
}

static HRESULT WINAPI job_get_Size(IFaxOutgoingJob2 *iface, LONG *value)
{
    return com_return_long(0, value);   /* the queue listing has no size (docs/fxscomex.md) */
}

static HRESULT WINAPI job_get_SubmissionId(IFaxOutgoingJob2 *iface, BSTR *value)
{
    return com_return_text(cell(impl_from_IFaxOutgoingJob(iface), OUT_ID), value);   /* each job its own group */
}

static HRESULT WINAPI job_get_Id(IFaxOutgoingJob2 *iface, BSTR *value)
{
    return com_return_text(cell(impl_from_IFaxOutgoingJob(iface), OUT_ID), value);
}

static HRESULT job_time(IFaxOutgoingJob2 *iface, const WCHAR *member, BOOL scheduled, DATE *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = 0;
    if (scheduled) {
        if (FAILED(hr = details(job, member)))
            return hr;
        *value = job_send_time(job->details.value[DETAIL_SEND_TIME]);
    }
    if (!*value)   /* "now": the job could go from its submission on */
        *value = folder_date(hfx_table_number(&job->row, 0, OUT_SUBMITTED, 0, 1LL << 40, 0));
    return S_OK;
}

static HRESULT WINAPI job_get_OriginalScheduledTime(IFaxOutgoingJob2 *iface, DATE *value)
{
    return job_time(iface, L"FaxOutgoingJob.OriginalScheduledTime", TRUE, value);
}

static HRESULT WINAPI job_get_SubmissionTime(IFaxOutgoingJob2 *iface, DATE *value)
{
    return job_time(iface, L"FaxOutgoingJob.SubmissionTime", FALSE, value);
}

static HRESULT WINAPI job_get_ReceiptType(IFaxOutgoingJob2 *iface, FAX_RECEIPT_TYPE_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = cell(impl_from_IFaxOutgoingJob(iface), OUT_NOTIFY)[0] == 'D' ? frtMAIL : frtNONE;
    return S_OK;
}

static HRESULT WINAPI job_get_Priority(IFaxOutgoingJob2 *iface, FAX_PRIORITY_TYPE_ENUM *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);

    if (!value)
        return E_POINTER;
    *value = job_priority(hfx_table_number(&job->row, 0, OUT_PRIORITY, 0, 255, 127));
    return S_OK;
}

static HRESULT WINAPI job_get_Sender(IFaxOutgoingJob2 *iface, IFaxSender **value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    return FAILED(hr = details(job, L"FaxOutgoingJob.Sender")) ? hr : job_sender(&job->row, 0, &job->details, value);
}

static HRESULT WINAPI job_get_Recipient(IFaxOutgoingJob2 *iface, IFaxRecipient **value)
{
    if (!value)
        return E_POINTER;
    return job_recipient(&impl_from_IFaxOutgoingJob(iface)->row, 0, value);
}

static HRESULT WINAPI job_get_CurrentPage(IFaxOutgoingJob2 *iface, LONG *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    LONG sent = number(job, OUT_PAGES_SENT), pages = number(job, OUT_PAGES);

    /* while sending, the page on the line is the one after those sent */
    return com_return_long(cell(job, OUT_STATE)[0] == 'R' && sent < pages ? sent + 1 : sent, value);
}

/* The line's place in faxd's ports (FaxDevice.Id), from the line the job is bound to; 0 for "any". */
static HRESULT WINAPI job_get_DeviceId(IFaxOutgoingJob2 *iface, LONG *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    static const WCHAR member[] = L"FaxOutgoingJob.DeviceId";
    const char *line = cell(job, OUT_MODEM);
    struct folder_session s;
    struct hfx_error error = { 0 };
    struct hfx_port_row *ports;
    size_t count;
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = 0;
    if (!*line || !strcmp(line, "any"))
        return S_OK;
    if (FAILED(hr = folder_session(job->server, IFaxOutgoingJob_tid, member, &s)))
        return hr;
    if (hfx_fetch_ports(s.client, s.faxd ? HFX_PORTS_FAXD : HFX_PORTS_HYLAFAX, &ports, &count, &error) != HFX_OK)
        return fax_server_failure(job->server, IFaxOutgoingJob_tid, member, &error);
    for (size_t i = 0; i < count; i++)
        if (!_stricmp(ports[i].name, line))
            *value = ports[i].device_id;
    free(ports);
    return S_OK;
}

static HRESULT WINAPI job_get_Status(IFaxOutgoingJob2 *iface, FAX_JOB_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = job_status(impl_from_IFaxOutgoingJob(iface));
    return S_OK;
}

static HRESULT WINAPI job_get_ExtendedStatusCode(IFaxOutgoingJob2 *iface, FAX_JOB_EXTENDED_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = extended_status(impl_from_IFaxOutgoingJob(iface));
    return S_OK;
}

static HRESULT WINAPI job_get_ExtendedStatus(IFaxOutgoingJob2 *iface, BSTR *value)
{
    return com_return_text(cell(impl_from_IFaxOutgoingJob(iface), OUT_STATUS), value);
}

static HRESULT WINAPI job_get_AvailableOperations(IFaxOutgoingJob2 *iface, FAX_JOB_OPERATIONS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = operations(impl_from_IFaxOutgoingJob(iface));
    return S_OK;
}

static HRESULT WINAPI job_get_Retries(IFaxOutgoingJob2 *iface, LONG *value)
{
    return com_return_long(number(impl_from_IFaxOutgoingJob(iface), OUT_TRIES), value);
}

static HRESULT WINAPI job_get_ScheduledTime(IFaxOutgoingJob2 *iface, DATE *value)
{
    return job_time(iface, L"FaxOutgoingJob.ScheduledTime", TRUE, value);
}

/* The queue listing has no call times (docs/fxscomex.md): 0, "not set". */
static HRESULT WINAPI job_get_TransmissionStart(IFaxOutgoingJob2 *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = 0;
    return S_OK;
}

static HRESULT WINAPI job_get_TransmissionEnd(IFaxOutgoingJob2 *iface, DATE *value)
{
    return job_get_TransmissionStart(iface, value);
}

static HRESULT WINAPI job_get_CSID(IFaxOutgoingJob2 *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* the far end's CSID is not kept with the job */
}

static HRESULT WINAPI job_get_TSID(IFaxOutgoingJob2 *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingJob.TSID", DETAIL_TSID, value);
}

static HRESULT WINAPI job_get_GroupBroadcastReceipts(IFaxOutgoingJob2 *iface, VARIANT_BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = VARIANT_FALSE;   /* each job is its own group: no summary receipts */
    return S_OK;
}

/* ---- operations ---- */

static HRESULT not_allowed(struct fax_outgoing_job *job, const WCHAR *member, const WCHAR *why)
{
    struct folder_session s;
    HRESULT hr = folder_session(job->server, IFaxOutgoingJob_tid, member, &s);

    if (FAILED(hr))
        return hr;
    return fxscomex_error(IFaxOutgoingJob_tid, FOLDER_E_NOT_ALLOWED, L"%ls: job %hs on fax server %ls %ls "
                          L"(AvailableOperations is 0x%x)", member, cell(job, OUT_ID), s.name, why, operations(job));
}

static HRESULT job_command(struct fax_outgoing_job *job, const WCHAR *member, const char *verb)
{
    struct folder_session s;
    struct hfx_error error = { 0 };
    HRESULT hr;

    if (FAILED(hr = folder_jobs_session(job->server, IFaxOutgoingJob_tid, member, &s)))
        return hr;
    hfx_expect(s.client, 2, NULL, &error, "%s %s", verb, cell(job, OUT_ID));
    folder_session_end(&s);
    if (error.status != HFX_OK) {
        WCHAR what[120];
        swprintf(what, ARRAYSIZE(what), L"%ls on job %hs", member, cell(job, OUT_ID));
        return fax_server_failure(job->server, IFaxOutgoingJob_tid, what, &error);
    }
    return S_OK;
}

static HRESULT WINAPI job_Pause(IFaxOutgoingJob2 *iface)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);

    if (!(operations(job) & fjoPAUSE))
        return not_allowed(job, L"FaxOutgoingJob.Pause", L"cannot be paused: it is paused, on the line or finished");
    return job_command(job, L"FaxOutgoingJob.Pause", "JSUSP");
}

static HRESULT WINAPI job_Resume(IFaxOutgoingJob2 *iface)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);

    if (!(operations(job) & fjoRESUME))
        return not_allowed(job, L"FaxOutgoingJob.Resume", L"is not paused");
    return job_command(job, L"FaxOutgoingJob.Resume", "JSUBM");
}

static HRESULT WINAPI job_Restart(IFaxOutgoingJob2 *iface)
{
    return not_allowed(impl_from_IFaxOutgoingJob(iface), L"FaxOutgoingJob.Restart",
                       L"cannot be restarted: the fax service does not requeue a finished job (submit it again)");
}

/* faxd keeps the pages it made of a job for its first attempt as docq/job<id>.tif (docs/protocol.md). */
static HRESULT WINAPI job_CopyTiff(IFaxOutgoingJob2 *iface, BSTR path)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    char pages[64];

    if (!(operations(job) & fjoVIEW))
        return not_allowed(job, L"FaxOutgoingJob.CopyTiff", L"has no pages yet: the fax service makes them when it "
                           L"first sends the job");
    snprintf(pages, sizeof(pages), "docq/job%s.tif", cell(job, OUT_ID));
    return folder_retrieve(job->server, IFaxOutgoingJob_tid, L"FaxOutgoingJob.CopyTiff", pages, path);
}

static HRESULT WINAPI job_Refresh(IFaxOutgoingJob2 *iface)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    static const WCHAR member[] = L"FaxOutgoingJob.Refresh";
    struct folder_session s;
    struct hfx_table table, fresh;
    WCHAR id[24];
    LONG row;
    HRESULT hr;

    swprintf(id, ARRAYSIZE(id), L"%hs", cell(job, OUT_ID));
    if (FAILED(hr = folder_session(job->server, IFaxOutgoingJob_tid, member, &s))
        || FAILED(hr = outgoing_job_fetch(job->server, IFaxOutgoingJob_tid, member, id, &table, &row)))
        return hr;
    if (row < 0) {
        hfx_table_free(&table);
        return folder_not_found(IFaxOutgoingJob_tid, member, L"job (it was deleted)", id, s.name);
    }
    hr = folder_row_copy(&table, (size_t)row, &fresh);
    hfx_table_free(&table);
    if (FAILED(hr))
        return hr;
    hfx_table_free(&job->row);
    job->row = fresh;
    return S_OK;
}

static HRESULT WINAPI job_Cancel(IFaxOutgoingJob2 *iface)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);

    if (!(operations(job) & fjoDELETE))
        return not_allowed(job, L"FaxOutgoingJob.Cancel", L"is finished");
    return job_command(job, L"FaxOutgoingJob.Cancel", cell(job, OUT_STATE)[0] == 'F' ? "JDELE" : "JKILL");
}

/* ---- IFaxOutgoingJob2 (Vista): what the job's parameters say ---- */

static HRESULT WINAPI job_get_HasCoverPage(IFaxOutgoingJob2 *iface, VARIANT_BOOL *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = details(job, L"FaxOutgoingJob.HasCoverPage")))
        return hr;
    return fxscomex_return_bool(job->details.has_cover, value);
}

static HRESULT WINAPI job_get_ReceiptAddress(IFaxOutgoingJob2 *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingJob.ReceiptAddress", DETAIL_NOTIFY_ADDRESS, value);
}

/* SCHEDULE "discount" is faxd's discount-period job; a SENDTIME is a specific time (as FaxDocument submits). */
static HRESULT WINAPI job_get_ScheduleType(IFaxOutgoingJob2 *iface, FAX_SCHEDULE_TYPE_ENUM *value)
{
    struct fax_outgoing_job *job = impl_from_IFaxOutgoingJob(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = details(job, L"FaxOutgoingJob.ScheduleType")))
        return hr;
    if (!_stricmp(job->details.value[DETAIL_SCHEDULE], "discount"))
        *value = fstDISCOUNT_PERIOD;
    else
        *value = job_send_time(job->details.value[DETAIL_SEND_TIME]) > 0 ? fstSPECIFIC_TIME : fstNOW;
    return S_OK;
}

static const IFaxOutgoingJob2Vtbl job_vtbl = {
    job_QueryInterface, job_AddRef, job_Release,
    job_GetTypeInfoCount, job_GetTypeInfo, job_GetIDsOfNames, job_Invoke,
    job_get_Subject, job_get_DocumentName, job_get_Pages, job_get_Size, job_get_SubmissionId, job_get_Id,
    job_get_OriginalScheduledTime, job_get_SubmissionTime, job_get_ReceiptType, job_get_Priority, job_get_Sender,
    job_get_Recipient, job_get_CurrentPage, job_get_DeviceId, job_get_Status, job_get_ExtendedStatusCode,
    job_get_ExtendedStatus, job_get_AvailableOperations, job_get_Retries, job_get_ScheduledTime,
    job_get_TransmissionStart, job_get_TransmissionEnd, job_get_CSID, job_get_TSID, job_get_GroupBroadcastReceipts,
    job_Pause, job_Resume, job_Restart, job_CopyTiff, job_Refresh, job_Cancel,
    job_get_HasCoverPage, job_get_ReceiptAddress, job_get_ScheduleType,
};

HRESULT fax_outgoing_job_create(IFaxServer *server, const struct hfx_table *table, size_t row, IFaxOutgoingJob **out)
{
    struct fax_outgoing_job *job = calloc(1, sizeof(*job));
    HRESULT hr;

    *out = NULL;
    if (!job)
        return E_OUTOFMEMORY;
    if (FAILED(hr = folder_row_copy(table, row, &job->row))) {
        free(job);
        return hr;
    }
    job->IFaxOutgoingJob2_iface.lpVtbl = &job_vtbl;
    job->ref = 1;
    job->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&job->support, &fxscomex_module, (IUnknown *)&job->IFaxOutgoingJob2_iface, &IID_IFaxOutgoingJob,
                     &CLSID_FaxOutgoingJob);
    com_object_created(&fxscomex_module);
    *out = (IFaxOutgoingJob *)&job->IFaxOutgoingJob2_iface;
    return S_OK;
}
