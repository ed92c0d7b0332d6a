/*
 * FaxJobs (a snapshot of the server's send queue, LIST sendq through a JOBFMT we can parse) and FaxJob
 * (one row of it; SetStatus acts on the server, Refresh re-reads it). Fields the list format does not
 * carry are asked for with JPARM the first time a script reads one.
 */
#include "faxcom_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_listings.h"


/* A row of the send queue, and the fields LIST does not carry, asked for on first use. */
struct job_row {
    struct hfx_job_row listed;
    BOOL details_loaded;
    char *tsid, *sender_company, *sender_department, *billing_code, *schedule;
};

static void row_free(struct job_row *row)
{
    hfx_job_row_free(&row->listed);
    free(row->tsid);
    free(row->sender_company);
    free(row->sender_department);
    free(row->billing_code);
    free(row->schedule);
    memset(row, 0, sizeof(*row));
}

/* The send queue's rows; a failure is reported as tid's (the interface the script called). */
static HRESULT fetch_rows(struct fax_server *server, enum faxcom_tid tid, const WCHAR *what, struct hfx_job_row **rows,
                          size_t *count)
{
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    enum hfx_status status;
    BOOL owned;
    HRESULT hr;

    *rows = NULL;
    *count = 0;
    if (FAILED(hr = fax_server_list_session(server, tid, what, &client, &owned)))
        return hr;
    status = hfx_fetch_jobs(client, rows, count, &error);
    if (owned)
        hfx_close(client);
    return status == HFX_OK ? S_OK : fax_server_failure(server, tid, what, &error);
}

/* ---- FaxJob ---- */

struct fax_job {
    IFaxJob IFaxJob_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct job_row row;
};

static inline struct fax_job *impl_from_IFaxJob(IFaxJob *iface)
{
    return CONTAINING_RECORD(iface, struct fax_job, IFaxJob_iface);
}

static HRESULT WINAPI fax_job_QueryInterface(IFaxJob *iface, REFIID riid, void **out)
{
    struct fax_job *job = impl_from_IFaxJob(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxJob)) {
        *out = iface;
        IFaxJob_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&job->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_job_AddRef(IFaxJob *iface)
{
    return InterlockedIncrement(&impl_from_IFaxJob(iface)->ref);
}

static ULONG WINAPI fax_job_Release(IFaxJob *iface)
{
    struct fax_job *job = impl_from_IFaxJob(iface);
    ULONG ref = InterlockedDecrement(&job->ref);

    if (!ref) {
        row_free(&job->row);
        IFaxServer_Release(job->server);
        free(job);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_job_GetTypeInfoCount(IFaxJob *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_job_GetTypeInfo(IFaxJob *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxJob_tid, info);
}

static HRESULT WINAPI fax_job_GetIDsOfNames(IFaxJob *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                            DISPID *ids)
{
    return faxcom_ids_of_names(IFaxJob_tid, names, count, ids);
}

static HRESULT WINAPI fax_job_Invoke(IFaxJob *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_invoke(IFaxJob_tid, iface, id, flags, params, result, excep, arg_err);
}

/* The fields LIST does not carry, by JPARM queries on the job. */
static HRESULT load_details(struct fax_job *job, const WCHAR *member)
{
    struct fax_server *server = fax_server_from(job->server);
    static const char *const names[] = { "TSI", "FROMCOMPANY", "FROMDEPARTMENT", "BILLINGCODE", "SCHEDULE" };
    char **targets[] = { &job->row.tsid, &job->row.sender_company, &job->row.sender_department,
                         &job->row.billing_code, &job->row.schedule };
    char *values[ARRAYSIZE(names)];
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    HRESULT hr;

    if (job->row.details_loaded)
        return S_OK;
    if (FAILED(hr = fax_server_session(server, IFaxJob_tid, member, &client)))
        return hr;
    if (hfx_fetch_job_params(client, job->row.listed.id, names, ARRAYSIZE(names), values, &error) != HFX_OK)
        return fax_server_failure(server, IFaxJob_tid, member, &error);
    for (size_t i = 0; i < ARRAYSIZE(names); i++)
        *targets[i] = values[i];
    job->row.details_loaded = TRUE;
    return S_OK;
}

static HRESULT WINAPI fax_job_get_JobId(IFaxJob *iface, LONG *value)
{
    return faxcom_return_long(impl_from_IFaxJob(iface)->row.listed.id, value);
}

static HRESULT WINAPI fax_job_get_Type(IFaxJob *iface, LONG *value)
{
    if (!value)
        return E_POINTER;
    *value = 1;   /* JT_SEND: the send queue holds outbound jobs */
    return S_OK;
}

static HRESULT WINAPI fax_job_get_UserName(IFaxJob *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxJob(iface)->row.listed.field[HFX_JOB_OWNER], value);
}

/* HylaFAX's state letters as the spec's QueueStatus strings. */
static const char *queue_status(const char *state, const char *status)
{
    switch (state[0]) {
    case 'P': case 'B': return "Pending";
    case 'S': return "Retrying";
    case 'W': return strstr(status, "line") ? "No Line" : "Pending";   /* else: waiting for its time */
    case 'T': return "Paused";
    case 'R': return "In Progress";
    case 'F': return "Failed";
    default: return "Unknown";
    }
}

static HRESULT WINAPI fax_job_get_QueueStatus(IFaxJob *iface, BSTR *value)
{
    struct job_row *row = &impl_from_IFaxJob(iface)->row;
    return faxcom_return_text(queue_status(row->listed.field[HFX_JOB_STATE], row->listed.field[HFX_JOB_STATUS]), value);
}

static HRESULT WINAPI fax_job_get_DeviceStatus(IFaxJob *iface, BSTR *value)
{
    struct job_row *row = &impl_from_IFaxJob(iface)->row;
    const char *status = "Unknown";

    if (row->listed.field[HFX_JOB_STATE][0] == 'R')
        status = strstr(row->listed.field[HFX_JOB_STATUS], "Dialing") ? "Dialing" : "Sending";
    return faxcom_return_text(status, value);
}

static HRESULT WINAPI fax_job_get_PageCount(IFaxJob *iface, LONG *value)
{
    return faxcom_return_long(impl_from_IFaxJob(iface)->row.listed.pages_total, value);
}

static HRESULT WINAPI fax_job_get_FaxNumber(IFaxJob *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxJob(iface)->row.listed.field[HFX_JOB_NUMBER], value);
}

static HRESULT WINAPI fax_job_get_RecipientName(IFaxJob *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxJob(iface)->row.listed.field[HFX_JOB_RECIPIENT], value);
}

static HRESULT detail_result(IFaxJob *iface, const WCHAR *member, char *const *field, BSTR *value)
{
    HRESULT hr = load_details(impl_from_IFaxJob(iface), member);
    return FAILED(hr) ? hr : faxcom_return_text(*field, value);
}

static HRESULT WINAPI fax_job_get_Tsid(IFaxJob *iface, BSTR *value)
{
    return detail_result(iface, L"FaxJob.Tsid", &impl_from_IFaxJob(iface)->row.tsid, value);
}

static HRESULT WINAPI fax_job_get_SenderName(IFaxJob *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxJob(iface)->row.listed.field[HFX_JOB_SENDER], value);
}

static HRESULT WINAPI fax_job_get_SenderCompany(IFaxJob *iface, BSTR *value)
{
    return detail_result(iface, L"FaxJob.SenderCompany", &impl_from_IFaxJob(iface)->row.sender_company, value);
}

static HRESULT WINAPI fax_job_get_SenderDept(IFaxJob *iface, BSTR *value)
{
    return detail_result(iface, L"FaxJob.SenderDept", &impl_from_IFaxJob(iface)->row.sender_department, value);
}

static HRESULT WINAPI fax_job_get_BillingCode(IFaxJob *iface, BSTR *value)
{
    return detail_result(iface, L"FaxJob.BillingCode", &impl_from_IFaxJob(iface)->row.billing_code, value);
}

static HRESULT WINAPI fax_job_get_DisplayName(IFaxJob *iface, BSTR *value)
{
    return faxcom_return_text(impl_from_IFaxJob(iface)->row.listed.field[HFX_JOB_TAG], value);
}

static HRESULT WINAPI fax_job_get_DiscountSend(IFaxJob *iface, BOOL *value)
{
    struct fax_job *job = impl_from_IFaxJob(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = load_details(job, L"FaxJob.DiscountSend")))
        return hr;
    *value = job->row.schedule && !_stricmp(job->row.schedule, "discount");
    return S_OK;
}

static HRESULT WINAPI fax_job_Refresh(IFaxJob *iface)
{
    struct fax_job *job = impl_from_IFaxJob(iface);
    struct hfx_job_row *rows, fresh;
    size_t count, found = 0;
    HRESULT hr = fetch_rows(fax_server_from(job->server), IFaxJob_tid, L"FaxJob.Refresh", &rows, &count);

    if (FAILED(hr))
        return hr;
    while (found < count && rows[found].id != job->row.listed.id)
        found++;
    if (found == count) {
        hfx_job_rows_free(rows, count);
        return faxcom_error(IFaxJob_tid, HRESULT_FROM_WIN32(ERROR_NOT_FOUND),
                            L"FaxJob.Refresh: job %ld is no longer in the queue of %ls (it was sent, failed or deleted)",
                            job->row.listed.id, fax_server_name(fax_server_from(job->server)));
    }
    fresh = rows[found];
    rows[found] = (struct hfx_job_row){ 0 };   /* taken over, not freed with the others */
    hfx_job_rows_free(rows, count);
    row_free(&job->row);
    job->row.listed = fresh;
    return S_OK;
}

/* JC_DELETE 1, JC_PAUSE 2, JC_RESUME / JC_RESTART 3. */
static HRESULT WINAPI fax_job_SetStatus(IFaxJob *iface, LONG command)
{
    static const char *const verbs[] = { NULL, "JKILL", "JSUSP", "JSUBM" };
    struct fax_job *job = impl_from_IFaxJob(iface);
    struct fax_server *server = fax_server_from(job->server);
    struct hfx_client *client;
    struct hfx_error error = { 0 };
    const char *reply;
    BOOL owned;
    HRESULT hr = S_OK;

    if (command < 1 || command > 3)
        return faxcom_error(IFaxJob_tid, E_INVALIDARG, L"FaxJob.SetStatus(%ld): the command is "
                            L"JC_DELETE (1), JC_PAUSE (2) or JC_RESUME (3)", command);
    /* On HylaFAX a fresh session: hfaxd checks JSUBM against its own copy of the job, which may still say
       "not suspended" on the session that just sent JSUSP (its file was rewritten within the same second). */
    if (FAILED(hr = fax_server_list_session(server, IFaxJob_tid, L"FaxJob.SetStatus", &client, &owned)))
        return hr;
    if (hfx_expect(client, 2, &reply, &error, "%s %ld", verbs[command], job->row.listed.id) != HFX_OK) {
        WCHAR what[64];
        swprintf(what, ARRAYSIZE(what), L"FaxJob.SetStatus(%ld) on job %ld", command,
                 job->row.listed.id);
        hr = fax_server_failure(server, IFaxJob_tid, what, &error);
    }
    if (owned)
        hfx_close(client);
    return hr;
}

static const IFaxJobVtbl fax_job_vtbl = {
    fax_job_QueryInterface, fax_job_AddRef, fax_job_Release,
    fax_job_GetTypeInfoCount, fax_job_GetTypeInfo, fax_job_GetIDsOfNames, fax_job_Invoke,
    fax_job_get_JobId, fax_job_get_Type, fax_job_get_UserName, fax_job_get_QueueStatus, fax_job_get_DeviceStatus,
    fax_job_get_PageCount, fax_job_get_FaxNumber, fax_job_get_RecipientName, fax_job_get_Tsid,
    fax_job_get_SenderName, fax_job_get_SenderCompany, fax_job_get_SenderDept, fax_job_get_BillingCode,
    fax_job_get_DisplayName, fax_job_get_DiscountSend, fax_job_SetStatus, fax_job_Refresh,
};

static HRESULT fax_job_create(IFaxServer *server, const struct hfx_job_row *row, VARIANT *out)
{
    struct fax_job *job = calloc(1, sizeof(*job));

    if (!job)
        return E_OUTOFMEMORY;
    job->IFaxJob_iface.lpVtbl = &fax_job_vtbl;
    job->ref = 1;
    job->server = server;
    IFaxServer_AddRef(server);
    faxcom_support_init(&job->support, (IUnknown *)&job->IFaxJob_iface, &IID_IFaxJob, &CLSID_FaxJob);
    faxcom_object_created();
    if (hfx_job_row_copy(row, &job->row.listed) != HFX_ROWS_OK) {
        IFaxJob_Release(&job->IFaxJob_iface);
        return E_OUTOFMEMORY;
    }
    V_VT(out) = VT_DISPATCH;
    V_DISPATCH(out) = (IDispatch *)&job->IFaxJob_iface;
    return S_OK;
}

/* ---- FaxJobs ---- */

struct fax_jobs {
    IFaxJobs IFaxJobs_iface;
    struct faxcom_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_job_row *rows;
    size_t count;
};

static inline struct fax_jobs *impl_from_IFaxJobs(IFaxJobs *iface)
{
    return CONTAINING_RECORD(iface, struct fax_jobs, IFaxJobs_iface);
}

static HRESULT WINAPI fax_jobs_QueryInterface(IFaxJobs *iface, REFIID riid, void **out)
{
    struct fax_jobs *jobs = impl_from_IFaxJobs(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxJobs)) {
        *out = iface;
        IFaxJobs_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&jobs->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_jobs_AddRef(IFaxJobs *iface)
{
    return InterlockedIncrement(&impl_from_IFaxJobs(iface)->ref);
}

static ULONG WINAPI fax_jobs_Release(IFaxJobs *iface)
{
    struct fax_jobs *jobs = impl_from_IFaxJobs(iface);
    ULONG ref = InterlockedDecrement(&jobs->ref);

    if (!ref) {
        hfx_job_rows_free(jobs->rows, jobs->count);
        IFaxServer_Release(jobs->server);
        free(jobs);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_jobs_GetTypeInfoCount(IFaxJobs *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_jobs_GetTypeInfo(IFaxJobs *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxJobs_tid, info);
}

static HRESULT WINAPI fax_jobs_GetIDsOfNames(IFaxJobs *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                             DISPID *ids)
{
    return faxcom_ids_of_names(IFaxJobs_tid, names, count, ids);
}

static HRESULT jobs_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_jobs *jobs = impl_from_IFaxJobs((IFaxJobs *)collection);
    VariantInit(item);
    return fax_job_create(jobs->server, &jobs->rows[index], item);
}

static HRESULT WINAPI fax_jobs_Invoke(IFaxJobs *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                      DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_collection_invoke((IDispatch *)iface, IFaxJobs_tid, id, flags, params, result, excep, arg_err,
                                    (LONG)impl_from_IFaxJobs(iface)->count, jobs_item);
}

static HRESULT WINAPI fax_jobs_get_Count(IFaxJobs *iface, LONG *value)
{
    return faxcom_return_long((LONG)impl_from_IFaxJobs(iface)->count, value);
}

static HRESULT WINAPI fax_jobs_get_Item(IFaxJobs *iface, LONG index, VARIANT *value)
{
    return faxcom_collection_item((IUnknown *)iface, IFaxJobs_tid, index,
                                  (LONG)impl_from_IFaxJobs(iface)->count, jobs_item, value);
}

static const IFaxJobsVtbl fax_jobs_vtbl = {
    fax_jobs_QueryInterface, fax_jobs_AddRef, fax_jobs_Release,
    fax_jobs_GetTypeInfoCount, fax_jobs_GetTypeInfo, fax_jobs_GetIDsOfNames, fax_jobs_Invoke,
    fax_jobs_get_Count, fax_jobs_get_Item,
};

HRESULT fax_jobs_create(IFaxServer *server, VARIANT *out)
{
    struct fax_jobs *jobs = calloc(1, sizeof(*jobs));
    HRESULT hr;

    if (!jobs)
        return E_OUTOFMEMORY;
    jobs->IFaxJobs_iface.lpVtbl = &fax_jobs_vtbl;
    jobs->ref = 1;
    jobs->server = server;
    IFaxServer_AddRef(server);
    faxcom_support_init(&jobs->support, (IUnknown *)&jobs->IFaxJobs_iface, &IID_IFaxJobs, &CLSID_FaxJobs);
    faxcom_object_created();
    hr = fetch_rows(fax_server_from(server), IFaxJobs_tid, L"FaxServer.GetJobs", &jobs->rows, &jobs->count);
    if (FAILED(hr)) {
        IFaxJobs_Release(&jobs->IFaxJobs_iface);
        return hr;
    }
    V_VT(out) = VT_DISPATCH;
    V_DISPATCH(out) = (IDispatch *)&jobs->IFaxJobs_iface;
    return S_OK;
}
