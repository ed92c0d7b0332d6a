/*
 * FaxComEx.FaxIncomingQueue (Folders.IncomingQueue): Blocked, which faxd cannot honour (it cannot refuse all
 * calls at once; Save with True fails and says so), and the receptions in progress (incoming_jobs.c).
 */
#include "fxscomex_private.h"

#include <stdlib.h>

struct fax_incoming_queue {
    IFaxIncomingQueue IFaxIncomingQueue_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    VARIANT_BOOL blocked;
};

static inline struct fax_incoming_queue *impl_from_IFaxIncomingQueue(IFaxIncomingQueue *iface)
{
    return CONTAINING_RECORD(iface, struct fax_incoming_queue, IFaxIncomingQueue_iface);
}

static HRESULT WINAPI queue_QueryInterface(IFaxIncomingQueue *iface, REFIID riid, void **out)
{
    struct fax_incoming_queue *queue = impl_from_IFaxIncomingQueue(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxIncomingQueue)) {
        *out = iface;
        IFaxIncomingQueue_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&queue->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI queue_AddRef(IFaxIncomingQueue *iface)
{
    return InterlockedIncrement(&impl_from_IFaxIncomingQueue(iface)->ref);
}

static ULONG WINAPI queue_Release(IFaxIncomingQueue *iface)
{
    struct fax_incoming_queue *queue = impl_from_IFaxIncomingQueue(iface);
    ULONG ref = InterlockedDecrement(&queue->ref);

    if (!ref) {
        IFaxServer_Release(queue->server);
        free(queue);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(queue, IFaxIncomingQueue, IFaxIncomingQueue_tid)

static HRESULT WINAPI queue_get_Blocked(IFaxIncomingQueue *iface, VARIANT_BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = impl_from_IFaxIncomingQueue(iface)->blocked ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI queue_put_Blocked(IFaxIncomingQueue *iface, VARIANT_BOOL value)
{
    impl_from_IFaxIncomingQueue(iface)->blocked = value != VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI queue_Refresh(IFaxIncomingQueue *iface)
{
    struct fax_incoming_queue *queue = impl_from_IFaxIncomingQueue(iface);
    struct folder_session s;
    HRESULT hr = folder_session(queue->server, IFaxIncomingQueue_tid, L"FaxIncomingQueue.Refresh", &s);

    if (SUCCEEDED(hr))
        queue->blocked = VARIANT_FALSE;   /* the service answers every line that may receive */
    return hr;
}

static HRESULT WINAPI queue_Save(IFaxIncomingQueue *iface)
{
    struct fax_incoming_queue *queue = impl_from_IFaxIncomingQueue(iface);
    struct folder_session s;
    HRESULT hr = folder_session(queue->server, IFaxIncomingQueue_tid, L"FaxIncomingQueue.Save", &s);

    if (FAILED(hr) || !queue->blocked)
        return hr;
    return fxscomex_error(IFaxIncomingQueue_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"FaxIncomingQueue.Save: "
                          L"fax server %ls cannot refuse all calls at once (Blocked); stop a line from answering "
                          L"with its Receive setting instead", s.name);
}

static HRESULT WINAPI queue_GetJobs(IFaxIncomingQueue *iface, IFaxIncomingJobs **out)
{
    if (!out)
        return E_POINTER;
    return fax_incoming_jobs_create(impl_from_IFaxIncomingQueue(iface)->server, out);
}

HRESULT incoming_queue_get_job(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const WCHAR *id,
                               IFaxIncomingJob **out)
{
    struct folder_session s;
    struct reception *list;
    size_t count;
    LONG found;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = folder_session(server, tid, member, &s))
        || FAILED(hr = incoming_receptions(server, tid, member, &list, &count)))
        return hr;
    if ((found = incoming_reception_find(list, count, id)) < 0)
        hr = folder_not_found(tid, member, L"reception in progress", id, s.name);
    else
        hr = fax_incoming_job_create(server, &list[found], out);
    free(list);
    return hr;
}

static HRESULT WINAPI queue_GetJob(IFaxIncomingQueue *iface, BSTR id, IFaxIncomingJob **out)
{
    return incoming_queue_get_job(impl_from_IFaxIncomingQueue(iface)->server, IFaxIncomingQueue_tid,
                                  L"FaxIncomingQueue.GetJob", id, out);
}

static const IFaxIncomingQueueVtbl queue_vtbl = {
    queue_QueryInterface, queue_AddRef, queue_Release,
    queue_GetTypeInfoCount, queue_GetTypeInfo, queue_GetIDsOfNames, queue_Invoke,
    queue_get_Blocked, queue_put_Blocked, queue_Refresh, queue_Save, queue_GetJobs, queue_GetJob,
};

HRESULT fax_incoming_queue_create(IFaxServer *server, IFaxIncomingQueue **out)
{
    struct fax_incoming_queue *queue = calloc(1, sizeof(*queue));
    HRESULT hr;

    *out = NULL;
    if (!queue)
        return E_OUTOFMEMORY;
    queue->IFaxIncomingQueue_iface.lpVtbl = &queue_vtbl;
    queue->ref = 1;
    queue->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&queue->support, &fxscomex_module, (IUnknown *)&queue->IFaxIncomingQueue_iface,
                     &IID_IFaxIncomingQueue, &CLSID_FaxIncomingQueue);
    com_object_created(&fxscomex_module);
    if (FAILED(hr = queue_Refresh(&queue->IFaxIncomingQueue_iface))) {
        IFaxIncomingQueue_Release(&queue->IFaxIncomingQueue_iface);
        return hr;
    }
    *out = &queue->IFaxIncomingQueue_iface;
    return S_OK;
}
