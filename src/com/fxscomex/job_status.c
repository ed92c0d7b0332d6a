/*
 * FaxComEx.FaxJobStatus (spec 4.1): the read-only snapshot OnOutgoingJobChanged/OnIncomingJobChanged hand
 * to their sinks. Built on the creating thread from what the event carried (events.c); it never talks to
 * the server, so a sink may keep it as long as it likes.
 */
#include "fxscomex_private.h"

#include <stdlib.h>

struct fax_job_status {
    IFaxJobStatus IFaxJobStatus_iface;
    struct com_support support;
    LONG ref;
    struct job_status_values values;
};

static inline struct fax_job_status *impl_from_IFaxJobStatus(IFaxJobStatus *iface)
{
    return CONTAINING_RECORD(iface, struct fax_job_status, IFaxJobStatus_iface);
}

static HRESULT WINAPI fax_job_status_QueryInterface(IFaxJobStatus *iface, REFIID riid, void **out)
{
    struct fax_job_status *status = impl_from_IFaxJobStatus(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxJobStatus)) {
        *out = iface;
        IFaxJobStatus_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&status->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_job_status_AddRef(IFaxJobStatus *iface)
{
    return InterlockedIncrement(&impl_from_IFaxJobStatus(iface)->ref);
}

static ULONG WINAPI fax_job_status_Release(IFaxJobStatus *iface)
{
    struct fax_job_status *status = impl_from_IFaxJobStatus(iface);
    ULONG ref = InterlockedDecrement(&status->ref);

    if (!ref) {
        free(status);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(fax_job_status, IFaxJobStatus, IFaxJobStatus_tid)

#define VALUE(member) impl_from_IFaxJobStatus(iface)->values.member

static HRESULT WINAPI fax_job_status_get_Status(IFaxJobStatus *iface, FAX_JOB_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = VALUE(status);
    return S_OK;
}

static HRESULT WINAPI fax_job_status_get_Pages(IFaxJobStatus *iface, LONG *value)
{
    return com_return_long(VALUE(pages), value);
}

static HRESULT WINAPI fax_job_status_get_Size(IFaxJobStatus *iface, LONG *value)
{
    return com_return_long(VALUE(size), value);
}

static HRESULT WINAPI fax_job_status_get_CurrentPage(IFaxJobStatus *iface, LONG *value)
{
    return com_return_long(VALUE(current_page), value);
}

static HRESULT WINAPI fax_job_status_get_DeviceId(IFaxJobStatus *iface, LONG *value)
{
    return com_return_long(VALUE(device_id), value);
}

static HRESULT WINAPI fax_job_status_get_CSID(IFaxJobStatus *iface, BSTR *value)
{
    return fxscomex_get_text(VALUE(csid), value);
}

static HRESULT WINAPI fax_job_status_get_TSID(IFaxJobStatus *iface, BSTR *value)
{
    return fxscomex_get_text(VALUE(tsid), value);
}

static HRESULT WINAPI fax_job_status_get_ExtendedStatusCode(IFaxJobStatus *iface, FAX_JOB_EXTENDED_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = VALUE(extended_code);
    return S_OK;
}

static HRESULT WINAPI fax_job_status_get_ExtendedStatus(IFaxJobStatus *iface, BSTR *value)
{
    return fxscomex_get_text(VALUE(extended_status), value);
}

static HRESULT WINAPI fax_job_status_get_AvailableOperations(IFaxJobStatus *iface, FAX_JOB_OPERATIONS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = VALUE(operations);
    return S_OK;
}

static HRESULT WINAPI fax_job_status_get_Retries(IFaxJobStatus *iface, LONG *value)
{
    return com_return_long(VALUE(retries), value);
}

static HRESULT WINAPI fax_job_status_get_JobType(IFaxJobStatus *iface, FAX_JOB_TYPE_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = VALUE(type);
    return S_OK;
}

/* The event says when it happened, not when the job is due: no scheduled time (0 is "not set"). */
static HRESULT WINAPI fax_job_status_get_ScheduledTime(IFaxJobStatus *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = 0;
    return S_OK;
}

static HRESULT WINAPI fax_job_status_get_TransmissionStart(IFaxJobStatus *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = VALUE(transmission_start);
    return S_OK;
}

static HRESULT WINAPI fax_job_status_get_TransmissionEnd(IFaxJobStatus *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = VALUE(transmission_end);
    return S_OK;
}

static HRESULT WINAPI fax_job_status_get_CallerId(IFaxJobStatus *iface, BSTR *value)
{
    return fxscomex_get_text(VALUE(caller_id), value);
}

static HRESULT WINAPI fax_job_status_get_RoutingInformation(IFaxJobStatus *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);
}

#undef VALUE

static const IFaxJobStatusVtbl fax_job_status_vtbl = {
    fax_job_status_QueryInterface, fax_job_status_AddRef, fax_job_status_Release,
    fax_job_status_GetTypeInfoCount, fax_job_status_GetTypeInfo, fax_job_status_GetIDsOfNames,
    fax_job_status_Invoke,
    fax_job_status_get_Status, fax_job_status_get_Pages, fax_job_status_get_Size, fax_job_status_get_CurrentPage,
    fax_job_status_get_DeviceId, fax_job_status_get_CSID, fax_job_status_get_TSID,
    fax_job_status_get_ExtendedStatusCode, fax_job_status_get_ExtendedStatus, fax_job_status_get_AvailableOperations,
    fax_job_status_get_Retries, fax_job_status_get_JobType, fax_job_status_get_ScheduledTime,
    fax_job_status_get_TransmissionStart, fax_job_status_get_TransmissionEnd, fax_job_status_get_CallerId,
    fax_job_status_get_RoutingInformation,
};

HRESULT fax_job_status_create(const struct job_status_values *values, IFaxJobStatus **out)
{
    struct fax_job_status *status = calloc(1, sizeof(*status));

    if (!status)
        return E_OUTOFMEMORY;
    status->IFaxJobStatus_iface.lpVtbl = &fax_job_status_vtbl;
    status->ref = 1;
    status->values = *values;
    com_support_init(&status->support, &fxscomex_module, (IUnknown *)&status->IFaxJobStatus_iface,
                     &IID_IFaxJobStatus, &CLSID_FaxJobStatus);
    com_object_created(&fxscomex_module);
    *out = &status->IFaxJobStatus_iface;
    return S_OK;
}
