/*
 * FaxComEx.FaxIncomingJobs (FaxIncomingQueue.GetJobs) and FaxIncomingJob: the receptions in progress, one
 * per faxd line that is receiving now (SITE FAXD PORTS, then SITE FAXD STATUS of each line). A job's id is
 * "<line>:<start time>", so a later reception on the same line is another job. faxd routes a fax as its
 * reception ends, so there are no routing jobs; a HylaFAX server reports no line status, so it has none.
 * faxd cannot cut a call short for a client, nor hand out pages before the end: Cancel and CopyTiff fail.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_listings.h"

HRESULT incoming_receptions(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct reception **list,
                            size_t *count)
{
    struct folder_session s;
    struct hfx_error error = { 0 };
    struct hfx_port_row *ports = NULL;
    size_t port_count = 0;
    HRESULT hr;

    *list = NULL;
    *count = 0;
    if (FAILED(hr = folder_session(server, tid, member, &s)))
        return hr;
    if (!s.faxd)
        return S_OK;
    if (hfx_fetch_ports(s.client, HFX_PORTS_FAXD, &ports, &port_count, &error) != HFX_OK)
        return fax_server_failure(server, tid, member, &error);
    if (port_count && !(*list = calloc(port_count, sizeof(**list)))) {
        free(ports);
        return E_OUTOFMEMORY;
    }
    for (size_t i = 0; i < port_count; i++) {
        struct reception *r = &(*list)[*count];
        if (hfx_fetch_status(s.client, ports[i].name, &r->status, &error) != HFX_OK) {
            free(ports);
            free(*list);
            *list = NULL;
            *count = 0;
            return fax_server_failure(server, tid, member, &error);
        }
        if (!r->status.receive)
            continue;
        r->device_id = ports[i].device_id;
        snprintf(r->id, sizeof(r->id), "%s:%lld", ports[i].name, r->status.start_time);
        (*count)++;
    }
    free(ports);
    return S_OK;
}

LONG incoming_reception_find(const struct reception *list, size_t count, const WCHAR *id)
{
    char *wanted = com_utf8(id ? id : L"");
    LONG found = -1;

    for (size_t i = 0; wanted && i < count && found < 0; i++)
        if (!strcmp(list[i].id, wanted))
            found = (LONG)i;
    free(wanted);
    return found;
}

/* ---- FaxIncomingJob ---- */

struct fax_incoming_job {
    IFaxIncomingJob IFaxIncomingJob_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct reception reception;
};

static inline struct fax_incoming_job *impl_from_IFaxIncomingJob(IFaxIncomingJob *iface)
{
    return CONTAINING_RECORD(iface, struct fax_incoming_job, IFaxIncomingJob_iface);
}

static HRESULT WINAPI job_QueryInterface(IFaxIncomingJob *iface, REFIID riid, void **out)
{
    struct fax_incoming_job *job = impl_from_IFaxIncomingJob(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxIncomingJob)) {
        *out = iface;
        IFaxIncomingJob_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&job->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI job_AddRef(IFaxIncomingJob *iface)
{
    return InterlockedIncrement(&impl_from_IFaxIncomingJob(iface)->ref);
}

static ULONG WINAPI job_Release(IFaxIncomingJob *iface)
{
    struct fax_incoming_job *job = impl_from_IFaxIncomingJob(iface);
    ULONG ref = InterlockedDecrement(&job->ref);

    if (!ref) {
        IFaxServer_Release(job->server);
        free(job);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(job, IFaxIncomingJob, IFaxIncomingJob_tid)

#define STATUS(iface) (&impl_from_IFaxIncomingJob(iface)->reception.status)

static HRESULT WINAPI job_get_Size(IFaxIncomingJob *iface, LONG *value)
{
    return com_return_long(0, value);   /* faxd says the size once the fax is in recvq */
}

static HRESULT WINAPI job_get_Id(IFaxIncomingJob *iface, BSTR *value)
{
    return com_return_text(impl_from_IFaxIncomingJob(iface)->reception.id, value);
}

static HRESULT WINAPI job_get_CurrentPage(IFaxIncomingJob *iface, LONG *value)
{
    return com_return_long(STATUS(iface)->current_page, value);
}

static HRESULT WINAPI job_get_DeviceId(IFaxIncomingJob *iface, LONG *value)
{
    return com_return_long(impl_from_IFaxIncomingJob(iface)->reception.device_id, value);
}

static HRESULT WINAPI job_get_Status(IFaxIncomingJob *iface, FAX_JOB_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = fjsINPROGRESS;
    return S_OK;
}

static HRESULT WINAPI job_get_ExtendedStatusCode(IFaxIncomingJob *iface, FAX_JOB_EXTENDED_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = STATUS(iface)->current_page ? fjesRECEIVING : fjesANSWERED;
    return S_OK;
}

static HRESULT WINAPI job_get_ExtendedStatus(IFaxIncomingJob *iface, BSTR *value)
{
    return com_return_text(STATUS(iface)->description, value);
}

static HRESULT WINAPI job_get_AvailableOperations(IFaxIncomingJob *iface, FAX_JOB_OPERATIONS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = 0;   /* no Cancel, no partial TIFF: see the file's comment */
    return S_OK;
}

static HRESULT WINAPI job_get_Retries(IFaxIncomingJob *iface, LONG *value)
{
    return com_return_long(0, value);
}

static HRESULT WINAPI job_get_TransmissionStart(IFaxIncomingJob *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = folder_date(STATUS(iface)->start_time);
    return S_OK;
}

static HRESULT WINAPI job_get_TransmissionEnd(IFaxIncomingJob *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = 0;   /* still receiving */
    return S_OK;
}

static HRESULT WINAPI job_get_CSID(IFaxIncomingJob *iface, BSTR *value)
{
    return com_return_text(STATUS(iface)->csid, value);
}

static HRESULT WINAPI job_get_TSID(IFaxIncomingJob *iface, BSTR *value)
{
    return com_return_text("", value);   /* the caller's TSID is known to clients once the fax is in recvq */
}

static HRESULT WINAPI job_get_CallerId(IFaxIncomingJob *iface, BSTR *value)
{
    return com_return_text(STATUS(iface)->caller_id, value);
}

static HRESULT WINAPI job_get_RoutingInformation(IFaxIncomingJob *iface, BSTR *value)
{
    return com_return_text(STATUS(iface)->routing, value);
}

static HRESULT WINAPI job_get_JobType(IFaxIncomingJob *iface, FAX_JOB_TYPE_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = fjtRECEIVE;
    return S_OK;
}

static HRESULT job_cannot(IFaxIncomingJob *iface, const WCHAR *member, const WCHAR *what)
{
    struct fax_incoming_job *job = impl_from_IFaxIncomingJob(iface);
    struct folder_session s;
    HRESULT hr = folder_session(job->server, IFaxIncomingJob_tid, member, &s);

    if (FAILED(hr))
        return hr;
    return fxscomex_error(IFaxIncomingJob_tid, FOLDER_E_NOT_ALLOWED, L"%ls: fax server %ls cannot %ls of a reception "
                          L"in progress (%hs); AvailableOperations is 0", member, s.name, what, job->reception.id);
}

static HRESULT WINAPI job_Cancel(IFaxIncomingJob *iface)
{
    return job_cannot(iface, L"FaxIncomingJob.Cancel", L"cut short the call");
}

static HRESULT WINAPI job_Refresh(IFaxIncomingJob *iface)
{
    struct fax_incoming_job *job = impl_from_IFaxIncomingJob(iface);
    static const WCHAR member[] = L"FaxIncomingJob.Refresh";
    struct folder_session s;
    struct reception *list;
    size_t count;
    WCHAR id[96];
    LONG found;
    HRESULT hr;

    if (FAILED(hr = folder_session(job->server, IFaxIncomingJob_tid, member, &s))
        || FAILED(hr = incoming_receptions(job->server, IFaxIncomingJob_tid, member, &list, &count)))
        return hr;
    swprintf(id, ARRAYSIZE(id), L"%hs", job->reception.id);
    if ((found = incoming_reception_find(list, count, id)) >= 0)
        job->reception = list[found];
    free(list);
    return found >= 0 ? S_OK : folder_not_found(IFaxIncomingJob_tid, member, L"reception in progress (it ended)", id,
                                                s.name);
}

static HRESULT WINAPI job_CopyTiff(IFaxIncomingJob *iface, BSTR path)
{
    return job_cannot(iface, L"FaxIncomingJob.CopyTiff", L"hand out the pages");
}

static const IFaxIncomingJobVtbl job_vtbl = {
    job_QueryInterface, job_AddRef, job_Release,
    job_GetTypeInfoCount, job_GetTypeInfo, job_GetIDsOfNames, job_Invoke,
    job_get_Size, job_get_Id, job_get_CurrentPage, job_get_DeviceId, job_get_Status, job_get_ExtendedStatusCode,
    job_get_ExtendedStatus, job_get_AvailableOperations, job_get_Retries, job_get_TransmissionStart,
    job_get_TransmissionEnd, job_get_CSID, job_get_TSID, job_get_CallerId, job_get_RoutingInformation,
    job_get_JobType, job_Cancel, job_Refresh, job_CopyTiff,
};

HRESULT fax_incoming_job_create(IFaxServer *server, const struct reception *reception, IFaxIncomingJob **out)
{
    struct fax_incoming_job *job = calloc(1, sizeof(*job));

    *out = NULL;
    if (!job)
        return E_OUTOFMEMORY;
    job->IFaxIncomingJob_iface.lpVtbl = &job_vtbl;
    job->ref = 1;
    job->server = server;
    IFaxServer_AddRef(server);
    job->reception = *reception;
    com_support_init(&job->support, &fxscomex_module, (IUnknown *)&job->IFaxIncomingJob_iface, &IID_IFaxIncomingJob,
                     &CLSID_FaxIncomingJob);
    com_object_created(&fxscomex_module);
    *out = &job->IFaxIncomingJob_iface;
    return S_OK;
}

/* ---- FaxIncomingJobs ---- */

struct fax_incoming_jobs {
    IFaxIncomingJobs IFaxIncomingJobs_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct reception *list;
    size_t count;
};

static inline struct fax_incoming_jobs *impl_from_IFaxIncomingJobs(IFaxIncomingJobs *iface)
{
    return CONTAINING_RECORD(iface, struct fax_incoming_jobs, IFaxIncomingJobs_iface);
}

static HRESULT WINAPI jobs_QueryInterface(IFaxIncomingJobs *iface, REFIID riid, void **out)
{
    struct fax_incoming_jobs *jobs = impl_from_IFaxIncomingJobs(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxIncomingJobs)) {
        *out = iface;
        IFaxIncomingJobs_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&jobs->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI jobs_AddRef(IFaxIncomingJobs *iface)
{
    return InterlockedIncrement(&impl_from_IFaxIncomingJobs(iface)->ref);
}

static ULONG WINAPI jobs_Release(IFaxIncomingJobs *iface)
{
    struct fax_incoming_jobs *jobs = impl_from_IFaxIncomingJobs(iface);
    ULONG ref = InterlockedDecrement(&jobs->ref);

    if (!ref) {
        free(jobs->list);
        IFaxServer_Release(jobs->server);
        free(jobs);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

static HRESULT reception_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_incoming_jobs *jobs = impl_from_IFaxIncomingJobs((IFaxIncomingJobs *)collection);
    IFaxIncomingJob *job;
    HRESULT hr = fax_incoming_job_create(jobs->server, &jobs->list[index], &job);

    VariantInit(item);
    if (SUCCEEDED(hr)) {
        V_VT(item) = VT_DISPATCH;
        V_DISPATCH(item) = (IDispatch *)job;
    }
    return hr;
}

static LONG jobs_count(IFaxIncomingJobs *iface)
{
    return (LONG)impl_from_IFaxIncomingJobs(iface)->count;
}

FXSCOMEX_COLLECTION_DISPATCH(jobs, IFaxIncomingJobs, IFaxIncomingJobs_tid, jobs_count, reception_item)

static HRESULT WINAPI jobs_get__NewEnum(IFaxIncomingJobs *iface, IUnknown **out)
{
    if (!out)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, (LONG)impl_from_IFaxIncomingJobs(iface)->count,
                           reception_item, out);
}

static HRESULT WINAPI jobs_get_Item(IFaxIncomingJobs *iface, VARIANT index, IFaxIncomingJob **out)
{
    struct fax_incoming_jobs *jobs = impl_from_IFaxIncomingJobs(iface);
    VARIANT item, number;
    LONG position;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    VariantInit(&number);
    if (V_VT(&index) == VT_BSTR) {
        if ((position = incoming_reception_find(jobs->list, jobs->count, V_BSTR(&index)) + 1) < 1)
            return fxscomex_error(IFaxIncomingJobs_tid, E_INVALIDARG, L"FaxIncomingJobs.Item(\"%ls\"): no reception "
                                  L"of this collection has that id", V_BSTR(&index) ? V_BSTR(&index) : L"");
    } else if (SUCCEEDED(VariantChangeType(&number, &index, 0, VT_I4))) {
        position = V_I4(&number);
    } else {
        return fxscomex_error(IFaxIncomingJobs_tid, E_INVALIDARG, L"FaxIncomingJobs.Item: the index is a number from "
                              L"1 to Count, or a job id");
    }
    if (FAILED(hr = com_collection_item(&fxscomex_module, IFaxIncomingJobs_tid, (IUnknown *)iface, position,
                                        (LONG)jobs->count, reception_item, &item)))
        return hr;
    *out = (IFaxIncomingJob *)V_DISPATCH(&item);
    return S_OK;
}

static HRESULT WINAPI jobs_get_Count(IFaxIncomingJobs *iface, LONG *value)
{
    return com_return_long((LONG)impl_from_IFaxIncomingJobs(iface)->count, value);
}

static const IFaxIncomingJobsVtbl jobs_vtbl = {
    jobs_QueryInterface, jobs_AddRef, jobs_Release,
    jobs_GetTypeInfoCount, jobs_GetTypeInfo, jobs_GetIDsOfNames, jobs_Invoke,
    jobs_get__NewEnum, jobs_get_Item, jobs_get_Count,
};

HRESULT fax_incoming_jobs_create(IFaxServer *server, IFaxIncomingJobs **out)
{
    struct fax_incoming_jobs *jobs;
    HRESULT hr;

    *out = NULL;
    if (!(jobs = calloc(1, sizeof(*jobs))))
        return E_OUTOFMEMORY;
    if (FAILED(hr = incoming_receptions(server, IFaxIncomingQueue_tid, L"FaxIncomingQueue.GetJobs", &jobs->list,
                                        &jobs->count))) {
        free(jobs);
        return hr;
    }
    jobs->IFaxIncomingJobs_iface.lpVtbl = &jobs_vtbl;
    jobs->ref = 1;
    jobs->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&jobs->support, &fxscomex_module, (IUnknown *)&jobs->IFaxIncomingJobs_iface,
                     &IID_IFaxIncomingJobs, &CLSID_FaxIncomingJobs);
    com_object_created(&fxscomex_module);
    *out = &jobs->IFaxIncomingJobs_iface;
    return S_OK;
}
