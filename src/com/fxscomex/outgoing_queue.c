/*
 * FaxComEx.FaxOutgoingQueue (Folders.OutgoingQueue): the send queue's settings (faxd's SITE FAXD
 * settings, read when the object is made and on Refresh, written by Save) and its jobs (GetJobs, a
 * snapshot of LIST sendq; GetJob by id).
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_table.h"

/* Initial values are Windows' defaults, what a HylaFAX server (which has none of these) reports. */
const struct folder_setting outgoing_queue_settings[QUEUE_SETTING_COUNT] = {
    [QUEUE_BLOCKED] = { NULL, NULL, FOLDER_FLAG, 0, 1, 0 },   /* faxd always takes submissions */
    [QUEUE_PAUSED] = { "PauseServerQueue", NULL, FOLDER_FLAG, 0, 1, 0 },
    /* faxd's ServerCoverpage 1 is "server cover pages only", as faxcom.dll's FaxServer.ServerCoverpage */
    [QUEUE_PERSONAL_COVER_PAGES] = { "ServerCoverpage", NULL, FOLDER_FLAG_INVERTED, 0, 1, 1 },
    [QUEUE_USE_DEVICE_TSID] = { "UseDeviceTsid", NULL, FOLDER_FLAG, 0, 1, 1 },
    [QUEUE_RETRIES] = { "Retries", NULL, FOLDER_NUMBER, 0, 99, 2 },
    [QUEUE_RETRY_DELAY] = { "RetryDelay", NULL, FOLDER_NUMBER, 0, 1440, 10 },
    [QUEUE_DISCOUNT_START] = { "DiscountRateStartHour", "DiscountRateStartMinute", FOLDER_TIME_OF_DAY, 0, 0, 20 * 60 },
    [QUEUE_DISCOUNT_END] = { "DiscountRateEndHour", "DiscountRateEndMinute", FOLDER_TIME_OF_DAY, 0, 0, 7 * 60 },
    [QUEUE_AGE_LIMIT] = { "DirtyDays", NULL, FOLDER_NUMBER, 0, 365, 0 },
    [QUEUE_BRANDING] = { "Branding", NULL, FOLDER_FLAG, 0, 1, 1 },
};

struct fax_outgoing_queue {
    IFaxOutgoingQueue IFaxOutgoingQueue_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct folder_settings settings;
};

static inline struct fax_outgoing_queue *impl_from_IFaxOutgoingQueue(IFaxOutgoingQueue *iface)
{
    return CONTAINING_RECORD(iface, struct fax_outgoing_queue, IFaxOutgoingQueue_iface);
}

static HRESULT WINAPI queue_QueryInterface(IFaxOutgoingQueue *iface, REFIID riid, void **out)
{
    struct fax_outgoing_queue *queue = impl_from_IFaxOutgoingQueue(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxOutgoingQueue)) {
        *out = iface;
        IFaxOutgoingQueue_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&queue->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI queue_AddRef(IFaxOutgoingQueue *iface)
{
    return InterlockedIncrement(&impl_from_IFaxOutgoingQueue(iface)->ref);
}

static ULONG WINAPI queue_Release(IFaxOutgoingQueue *iface)
{
    struct fax_outgoing_queue *queue = impl_from_IFaxOutgoingQueue(iface);
    ULONG ref = InterlockedDecrement(&queue->ref);

    if (!ref) {
        folder_settings_free(&queue->settings);
        IFaxServer_Release(queue->server);
        free(queue);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(queue, IFaxOutgoingQueue, IFaxOutgoingQueue_tid)

#define S(iface) (&impl_from_IFaxOutgoingQueue(iface)->settings)

static HRESULT WINAPI queue_get_Blocked(IFaxOutgoingQueue *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), QUEUE_BLOCKED, v);
}

static HRESULT WINAPI queue_put_Blocked(IFaxOutgoingQueue *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), QUEUE_BLOCKED, v);
}

static HRESULT WINAPI queue_get_Paused(IFaxOutgoingQueue *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), QUEUE_PAUSED, v);
}

static HRESULT WINAPI queue_put_Paused(IFaxOutgoingQueue *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), QUEUE_PAUSED, v);
}

static HRESULT WINAPI queue_get_AllowPersonalCoverPages(IFaxOutgoingQueue *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), QUEUE_PERSONAL_COVER_PAGES, v);
}

static HRESULT WINAPI queue_put_AllowPersonalCoverPages(IFaxOutgoingQueue *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), QUEUE_PERSONAL_COVER_PAGES, v);
}

static HRESULT WINAPI queue_get_UseDeviceTSID(IFaxOutgoingQueue *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), QUEUE_USE_DEVICE_TSID, v);
}

static HRESULT WINAPI queue_put_UseDeviceTSID(IFaxOutgoingQueue *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), QUEUE_USE_DEVICE_TSID, v);
}

static HRESULT WINAPI queue_get_Retries(IFaxOutgoingQueue *iface, LONG *v)
{
    return folder_get_number(S(iface), QUEUE_RETRIES, v);
}

static HRESULT WINAPI queue_put_Retries(IFaxOutgoingQueue *iface, LONG v)
{
    return folder_put_number(S(iface), QUEUE_RETRIES, L"Retries", v);
}

static HRESULT WINAPI queue_get_RetryDelay(IFaxOutgoingQueue *iface, LONG *v)
{
    return folder_get_number(S(iface), QUEUE_RETRY_DELAY, v);
}

static HRESULT WINAPI queue_put_RetryDelay(IFaxOutgoingQueue *iface, LONG v)
{
    return folder_put_number(S(iface), QUEUE_RETRY_DELAY, L"RetryDelay", v);
}

static HRESULT WINAPI queue_get_DiscountRateStart(IFaxOutgoingQueue *iface, DATE *v)
{
    return folder_get_time(S(iface), QUEUE_DISCOUNT_START, v);
}

static HRESULT WINAPI queue_put_DiscountRateStart(IFaxOutgoingQueue *iface, DATE v)
{
    return folder_put_time(S(iface), QUEUE_DISCOUNT_START, v);
}

static HRESULT WINAPI queue_get_DiscountRateEnd(IFaxOutgoingQueue *iface, DATE *v)
{
    return folder_get_time(S(iface), QUEUE_DISCOUNT_END, v);
}

static HRESULT WINAPI queue_put_DiscountRateEnd(IFaxOutgoingQueue *iface, DATE v)
{
    return folder_put_time(S(iface), QUEUE_DISCOUNT_END, v);
}

static HRESULT WINAPI queue_get_AgeLimit(IFaxOutgoingQueue *iface, LONG *v)
{
    return folder_get_number(S(iface), QUEUE_AGE_LIMIT, v);
}

static HRESULT WINAPI queue_put_AgeLimit(IFaxOutgoingQueue *iface, LONG v)
{
    return folder_put_number(S(iface), QUEUE_AGE_LIMIT, L"AgeLimit", v);
}

static HRESULT WINAPI queue_get_Branding(IFaxOutgoingQueue *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), QUEUE_BRANDING, v);
}

static HRESULT WINAPI queue_put_Branding(IFaxOutgoingQueue *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), QUEUE_BRANDING, v);
}

static HRESULT WINAPI queue_Refresh(IFaxOutgoingQueue *iface)
{
    struct fax_outgoing_queue *queue = impl_from_IFaxOutgoingQueue(iface);

    queue->settings.number[QUEUE_BLOCKED] = 0;
    return folder_settings_refresh(&queue->settings, queue->server, L"FaxOutgoingQueue.Refresh");
}

static HRESULT WINAPI queue_Save(IFaxOutgoingQueue *iface)
{
    struct fax_outgoing_queue *queue = impl_from_IFaxOutgoingQueue(iface);

    if (queue->settings.number[QUEUE_BLOCKED])
        return fxscomex_error(IFaxOutgoingQueue_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"FaxOutgoingQueue."
                              L"Save: the fax service cannot refuse new submissions (Blocked); set Blocked to False, "
                              L"or Paused to True to hold the jobs");
    return folder_settings_save(&queue->settings, queue->server, L"FaxOutgoingQueue.Save");
}

static HRESULT WINAPI queue_GetJobs(IFaxOutgoingQueue *iface, IFaxOutgoingJobs **out)
{
    if (!out)
        return E_POINTER;
    return fax_outgoing_jobs_create(impl_from_IFaxOutgoingQueue(iface)->server, NULL, out);
}

HRESULT outgoing_queue_get_job(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const char *owner,
                               const WCHAR *id, IFaxOutgoingJob **out)
{
    struct folder_session session;
    struct hfx_table table;
    LONG row;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = folder_session(server, tid, member, &session))
        || FAILED(hr = outgoing_job_fetch(server, tid, member, id, &table, &row)))
        return hr;
    if (row >= 0 && owner && strcmp(hfx_table_cell(&table, (size_t)row, OUT_OWNER), owner))
        row = -1;   /* another user's job is not in this account's queue */
    if (row < 0) {
        hfx_table_free(&table);
        return folder_not_found(tid, member, owner ? L"job in the account's outgoing queue" : L"job in the outgoing "
                                L"queue", id, session.name);
    }
    hr = fax_outgoing_job_create(server, &table, (size_t)row, out);
    hfx_table_free(&table);
    return hr;
}

static HRESULT WINAPI queue_GetJob(IFaxOutgoingQueue *iface, BSTR id, IFaxOutgoingJob **out)
{
    return outgoing_queue_get_job(impl_from_IFaxOutgoingQueue(iface)->server, IFaxOutgoingQueue_tid,
                                  L"FaxOutgoingQueue.GetJob", NULL, id, out);
}

static const IFaxOutgoingQueueVtbl queue_vtbl = {
    queue_QueryInterface, queue_AddRef, queue_Release,
    queue_GetTypeInfoCount, queue_GetTypeInfo, queue_GetIDsOfNames, queue_Invoke,
    queue_get_Blocked, queue_put_Blocked, queue_get_Paused, queue_put_Paused,
    queue_get_AllowPersonalCoverPages, queue_put_AllowPersonalCoverPages, queue_get_UseDeviceTSID,
    queue_put_UseDeviceTSID, queue_get_Retries, queue_put_Retries, queue_get_RetryDelay, queue_put_RetryDelay,
    queue_get_DiscountRateStart, queue_put_DiscountRateStart, queue_get_DiscountRateEnd, queue_put_DiscountRateEnd,
    queue_get_AgeLimit, queue_put_AgeLimit, queue_get_Branding, queue_put_Branding, queue_Refresh, queue_Save,
    queue_GetJobs, queue_GetJob,
};

HRESULT fax_outgoing_queue_create(IFaxServer *server, IFaxOutgoingQueue **out)
{
    struct fax_outgoing_queue *queue = calloc(1, sizeof(*queue));
    HRESULT hr;

    *out = NULL;
    if (!queue)
        return E_OUTOFMEMORY;
    queue->IFaxOutgoingQueue_iface.lpVtbl = &queue_vtbl;
    queue->ref = 1;
    queue->server = server;
    IFaxServer_AddRef(server);
    folder_settings_init(&queue->settings, outgoing_queue_settings, QUEUE_SETTING_COUNT, IFaxOutgoingQueue_tid,
                         L"FaxOutgoingQueue");
    com_support_init(&queue->support, &fxscomex_module, (IUnknown *)&queue->IFaxOutgoingQueue_iface,
                     &IID_IFaxOutgoingQueue, &CLSID_FaxOutgoingQueue);
    com_object_created(&fxscomex_module);
    if (FAILED(hr = folder_settings_refresh(&queue->settings, server, L"FaxFolders.OutgoingQueue"))) {
        IFaxOutgoingQueue_Release(&queue->IFaxOutgoingQueue_iface);
        return hr;
    }
    *out = &queue->IFaxOutgoingQueue_iface;
    return S_OK;
}
