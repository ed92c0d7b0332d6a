/*
 * FaxComEx.FaxAccountOutgoingQueue (faxcomex-api.md 6.10): the outgoing queue of one account, the jobs whose
 * owner (the login that submitted them) is the account's name. Its jobs are the FaxOutgoingJob objects of
 * FaxOutgoingQueue, through the same code with the owner as a filter; another user's job is not found.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

struct fax_account_outgoing_queue {
    IFaxAccountOutgoingQueue IFaxAccountOutgoingQueue_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    char *owner;
};

static void destroy(struct fax_account_outgoing_queue *queue)
{
    free(queue->owner);
    IFaxServer_Release(queue->server);
}

FXSCOMEX_UNKNOWN(queue, IFaxAccountOutgoingQueue, fax_account_outgoing_queue, destroy)
FXSCOMEX_DISPATCH(queue, IFaxAccountOutgoingQueue, IFaxAccountOutgoingQueue_tid)

static HRESULT WINAPI queue_GetJobs(IFaxAccountOutgoingQueue *iface, IFaxOutgoingJobs **out)
{
    struct fax_account_outgoing_queue *queue = impl_from_IFaxAccountOutgoingQueue(iface);
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fxscomex_connected(queue->server, IFaxAccountOutgoingQueue_tid,
                                       L"FaxAccountOutgoingQueue.GetJobs", NULL)))
        return hr;
    return fax_outgoing_jobs_create(queue->server, queue->owner, out);
}

static HRESULT WINAPI queue_GetJob(IFaxAccountOutgoingQueue *iface, BSTR id, IFaxOutgoingJob **out)
{
    struct fax_account_outgoing_queue *queue = impl_from_IFaxAccountOutgoingQueue(iface);

    return outgoing_queue_get_job(queue->server, IFaxAccountOutgoingQueue_tid, L"FaxAccountOutgoingQueue.GetJob",
                                  queue->owner, id, out);
}

static const IFaxAccountOutgoingQueueVtbl queue_vtbl = {
    queue_QueryInterface, queue_AddRef, queue_Release,
    queue_GetTypeInfoCount, queue_GetTypeInfo, queue_GetIDsOfNames, queue_Invoke,
    queue_GetJobs, queue_GetJob,
};

HRESULT fax_account_outgoing_queue_create(IFaxServer *server, const char *name, IFaxAccountOutgoingQueue **out)
{
    struct fax_account_outgoing_queue *queue = calloc(1, sizeof(*queue));

    *out = NULL;
    if (!queue || !(queue->owner = strdup(name))) {
        free(queue);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(queue, IFaxAccountOutgoingQueue, &queue_vtbl, &CLSID_FaxAccountOutgoingQueue);
    queue->server = server;
    IFaxServer_AddRef(server);
    *out = &queue->IFaxAccountOutgoingQueue_iface;
    return S_OK;
}
