/*
 * FaxComEx.FaxActivity: what the server is doing, counted from faxd's lines (SITE FAXD STATUS: which receive)
 * and its send queue (LIST sendq: jobs running, jobs waiting). faxd routes a received fax as it ends the call,
 * so nothing is ever "being routed". A snapshot: Refresh counts again.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_listings.h"

struct fax_activity {
    IFaxActivity IFaxActivity_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    LONG incoming, outgoing, queued;
};

static void fax_activity_destroy(struct fax_activity *activity)
{
    IFaxServer_Release(activity->server);
}

FXSCOMEX_UNKNOWN(fax_activity, IFaxActivity, fax_activity, fax_activity_destroy)
FXSCOMEX_DISPATCH(fax_activity, IFaxActivity, IFaxActivity_tid)

static HRESULT count(struct fax_activity *activity, const WCHAR *member)
{
    struct hfx_error error = { 0 };
    struct hfx_job_row *jobs;
    struct comex_line *lines;
    struct hfx_client *client;
    size_t line_count, job_count;
    const WCHAR *name;
    BOOL faxd;
    HRESULT hr = fax_server_session(activity->server, IFaxActivity_tid, member, &client, &faxd, &name);

    if (FAILED(hr) || FAILED(hr = comex_lines_fetch(activity->server, IFaxActivity_tid, member, &lines, &line_count)))
        return hr;
    activity->incoming = activity->outgoing = activity->queued = 0;
    for (size_t i = 0; i < line_count; i++)
        activity->incoming += lines[i].status.receive;
    comex_lines_free(lines, line_count);
    if (hfx_fetch_jobs(client, &jobs, &job_count, &error) != HFX_OK)
        return fax_server_failure(activity->server, IFaxActivity_tid, L"Reading the send queue", &error);
    for (size_t i = 0; i < job_count; i++) {
        char state = jobs[i].field[HFX_JOB_STATE][0];
        if (state == 'R')
            activity->outgoing++;
        else if (state != 'D' && state != 'F')   /* pending, sleeping, blocked, waiting or suspended */
            activity->queued++;
    }
    hfx_job_rows_free(jobs, job_count);
    return S_OK;
}

static HRESULT WINAPI fax_activity_get_IncomingMessages(IFaxActivity *iface, LONG *plIncomingMessages)
{
    return com_return_long(impl_from_IFaxActivity(iface)->incoming, plIncomingMessages);
}

static HRESULT WINAPI fax_activity_get_RoutingMessages(IFaxActivity *iface, LONG *plRoutingMessages)
{
    return com_return_long(0, plRoutingMessages);
}

static HRESULT WINAPI fax_activity_get_OutgoingMessages(IFaxActivity *iface, LONG *plOutgoingMessages)
{
    return com_return_long(impl_from_IFaxActivity(iface)->outgoing, plOutgoingMessages);
}

static HRESULT WINAPI fax_activity_get_QueuedMessages(IFaxActivity *iface, LONG *plQueuedMessages)
{
    return com_return_long(impl_from_IFaxActivity(iface)->queued, plQueuedMessages);
}

static HRESULT WINAPI fax_activity_Refresh(IFaxActivity *iface)
{
    return count(impl_from_IFaxActivity(iface), L"FaxActivity.Refresh");
}

static const IFaxActivityVtbl fax_activity_vtbl = {
    fax_activity_QueryInterface, fax_activity_AddRef, fax_activity_Release,
    fax_activity_GetTypeInfoCount, fax_activity_GetTypeInfo, fax_activity_GetIDsOfNames, fax_activity_Invoke,
    fax_activity_get_IncomingMessages, fax_activity_get_RoutingMessages, fax_activity_get_OutgoingMessages,
    fax_activity_get_QueuedMessages, fax_activity_Refresh,
};

HRESULT fax_activity_create(IFaxServer *server, IFaxActivity **out)
{
    struct fax_activity *activity = calloc(1, sizeof(*activity));
    HRESULT hr;

    *out = NULL;
    if (!activity)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(activity, IFaxActivity, &fax_activity_vtbl, &CLSID_FaxActivity);
    activity->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = count(activity, L"FaxServer.Activity"))) {
        IFaxActivity_Release(&activity->IFaxActivity_iface);
        return hr;
    }
    *out = &activity->IFaxActivity_iface;
    return S_OK;
}
