/*
 * FaxComEx.FaxAccountIncomingQueue (faxcomex-api.md 6.9): the receptions in progress, the same for every account
 * (received faxes belong to the server: FaxConfiguration.IncomingFaxesArePublic), as FaxIncomingQueue shows them.
 */
#include "fxscomex_private.h"

#include <stdlib.h>

struct fax_account_incoming_queue {
    IFaxAccountIncomingQueue IFaxAccountIncomingQueue_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
};

static void destroy(struct fax_account_incoming_queue *queue)
{
    IFaxServer_Release(queue->server);
}

FXSCOMEX_UNKNOWN(queue, IFaxAccountIncomingQueue, fax_account_incoming_queue, destroy)
FXSCOMEX_DISPATCH(queue, IFaxAccountIncomingQueue, IFaxAccountIncomingQueue_tid)

static HRESULT WINAPI queue_GetJobs(IFaxAccountIncomingQueue *iface, IFaxIncomingJobs **out)
{
    struct fax_account_incoming_queue *queue = impl_from_IFaxAccountIncomingQueue(iface);
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fxscomex_connected(queue->server, IFaxAccountIncomingQueue_tid,
                                       L"FaxAccountIncomingQueue.GetJobs", NULL)))
        return hr;
    return fax_incoming_jobs_create(queue->server, out);
}

static HRESULT WINAPI queue_GetJob(IFaxAccountIncomingQueue *iface, BSTR id, IFaxIncomingJob **out)
{
    return incoming_queue_get_job(impl_from_IFaxAccountIncomingQueue(iface)->server, IFaxAccountIncomingQueue_tid,
                                  L"FaxAccountIncomingQueue.GetJob", id, out);
}

static const IFaxAccountIncomingQueueVtbl queue_vtbl = {
    queue_QueryInterface, queue_AddRef, queue_Release,
    queue_GetTypeInfoCount, queue_GetTypeInfo, queue_GetIDsOfNames, queue_Invoke,
    queue_GetJobs, queue_GetJob,
};

HRESULT fax_account_incoming_queue_create(IFaxServer *server, IFaxAccountIncomingQueue **out)
{
    struct fax_account_incoming_queue *queue = calloc(1, sizeof(*queue));

    *out = NULL;
    if (!queue)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(queue, IFaxAccountIncomingQueue, &queue_vtbl, &CLSID_FaxAccountIncomingQueue);
    queue->server = server;
    IFaxServer_AddRef(server);
    *out = &queue->IFaxAccountIncomingQueue_iface;
    return S_OK;
}
