/*
 * FaxComEx.FaxOutgoingJobs (FaxOutgoingQueue.GetJobs): a snapshot of the queue as Windows shows it, the
 * jobs waiting or on the line and the failed ones (outgoing_jobs_fetch). Item takes a 1-based index or a
 * job id; each Item is a new FaxOutgoingJob of its own.
 */
#include "fxscomex_private.h"

#include <stdlib.h>

#include "hfx_table.h"

struct fax_outgoing_jobs {
    IFaxOutgoingJobs IFaxOutgoingJobs_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_table rows;
};

static inline struct fax_outgoing_jobs *impl_from_IFaxOutgoingJobs(IFaxOutgoingJobs *iface)
{
    return CONTAINING_RECORD(iface, struct fax_outgoing_jobs, IFaxOutgoingJobs_iface);
}

static HRESULT WINAPI jobs_QueryInterface(IFaxOutgoingJobs *iface, REFIID riid, void **out)
{
    struct fax_outgoing_jobs *jobs = impl_from_IFaxOutgoingJobs(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxOutgoingJobs)) {
        *out = iface;
        IFaxOutgoingJobs_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&jobs->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI jobs_AddRef(IFaxOutgoingJobs *iface)
{
    return InterlockedIncrement(&impl_from_IFaxOutgoingJobs(iface)->ref);
}

static ULONG WINAPI jobs_Release(IFaxOutgoingJobs *iface)
{
    struct fax_outgoing_jobs *jobs = impl_from_IFaxOutgoingJobs(iface);
    ULONG ref = InterlockedDecrement(&jobs->ref);

    if (!ref) {
        hfx_table_free(&jobs->rows);
        IFaxServer_Release(jobs->server);
        free(jobs);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

static HRESULT job_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_outgoing_jobs *jobs = impl_from_IFaxOutgoingJobs((IFaxOutgoingJobs *)collection);
    IFaxOutgoingJob *job;
    HRESULT hr = fax_outgoing_job_create(jobs->server, &jobs->rows, (size_t)index, &job);

    VariantInit(item);
    if (SUCCEEDED(hr)) {
        V_VT(item) = VT_DISPATCH;
        V_DISPATCH(item) = (IDispatch *)job;
    }
    return hr;
}

static LONG jobs_count(IFaxOutgoingJobs *iface)
{
    return (LONG)impl_from_IFaxOutgoingJobs(iface)->rows.rows;
}

FXSCOMEX_COLLECTION_DISPATCH(jobs, IFaxOutgoingJobs, IFaxOutgoingJobs_tid, jobs_count, job_item)

static HRESULT WINAPI jobs_get__NewEnum(IFaxOutgoingJobs *iface, IUnknown **out)
{
    if (!out)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, (LONG)impl_from_IFaxOutgoingJobs(iface)->rows.rows,
                           job_item, out);
}

static HRESULT WINAPI jobs_get_Item(IFaxOutgoingJobs *iface, VARIANT index, IFaxOutgoingJob **out)
{
    struct fax_outgoing_jobs *jobs = impl_from_IFaxOutgoingJobs(iface);
    LONG row;
    VARIANT item;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = folder_item_index(&index, IFaxOutgoingJobs_tid, L"FaxOutgoingJobs.Item", &jobs->rows,
                                      outgoing_rows_find, L"job", &row)))
        return hr;
    if (FAILED(hr = com_collection_item(&fxscomex_module, IFaxOutgoingJobs_tid, (IUnknown *)iface, row,
                                        (LONG)jobs->rows.rows, job_item, &item)))
        return hr;
    *out = (IFaxOutgoingJob *)V_DISPATCH(&item);   /* the reference moves to the caller */
    return S_OK;
}

static HRESULT WINAPI jobs_get_Count(IFaxOutgoingJobs *iface, LONG *value)
{
    return com_return_long((LONG)impl_from_IFaxOutgoingJobs(iface)->rows.rows, value);
}

static const IFaxOutgoingJobsVtbl jobs_vtbl = {
    jobs_QueryInterface, jobs_AddRef, jobs_Release,
    jobs_GetTypeInfoCount, jobs_GetTypeInfo, jobs_GetIDsOfNames, jobs_Invoke,
    jobs_get__NewEnum, jobs_get_Item, jobs_get_Count,
};

HRESULT fax_outgoing_jobs_create(IFaxServer *server, const char *owner, IFaxOutgoingJobs **out)
{
    struct fax_outgoing_jobs *jobs = calloc(1, sizeof(*jobs));
    HRESULT hr;

    *out = NULL;
    if (!jobs)
        return E_OUTOFMEMORY;
    jobs->IFaxOutgoingJobs_iface.lpVtbl = &jobs_vtbl;
    jobs->ref = 1;
    jobs->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&jobs->support, &fxscomex_module, (IUnknown *)&jobs->IFaxOutgoingJobs_iface,
                     &IID_IFaxOutgoingJobs, &CLSID_FaxOutgoingJobs);
    com_object_created(&fxscomex_module);
    hr = outgoing_jobs_fetch(server, IFaxOutgoingJobs_tid, L"FaxOutgoingQueue.GetJobs", FALSE, &jobs->rows);
    if (SUCCEEDED(hr) && owner)
        folder_rows_keep(&jobs->rows, OUT_OWNER, owner);
    if (FAILED(hr)) {
        IFaxOutgoingJobs_Release(&jobs->IFaxOutgoingJobs_iface);
        return hr;
    }
    *out = &jobs->IFaxOutgoingJobs_iface;
    return S_OK;
}
