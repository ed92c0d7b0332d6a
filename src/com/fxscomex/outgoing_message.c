/*
 * FaxComEx.FaxOutgoingMessage: one sent fax, a job of the done queue that ended in success (state D), with
 * the JPARMs its row does not carry read on first use (job_details.c). CopyTiff is RETR of the pages faxd
 * sent (docq/job<id>.tif); Delete is JDELE (the job, its documents and pages leave the spool).
 * docs/fxscomex.md says how each property maps.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>

#include "hfx_client.h"
#include "hfx_table.h"

struct fax_outgoing_message {
    IFaxOutgoingMessage IFaxOutgoingMessage_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_table row;
    struct job_details details;
};

static inline struct fax_outgoing_message *impl_from_IFaxOutgoingMessage(IFaxOutgoingMessage *iface)
{
    return CONTAINING_RECORD(iface, struct fax_outgoing_message, IFaxOutgoingMessage_iface);
}

static HRESULT WINAPI message_QueryInterface(IFaxOutgoingMessage *iface, REFIID riid, void **out)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxOutgoingMessage)) {
        *out = iface;
        IFaxOutgoingMessage_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&message->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI message_AddRef(IFaxOutgoingMessage *iface)
{
    return InterlockedIncrement(&impl_from_IFaxOutgoingMessage(iface)->ref);
}

static ULONG WINAPI message_Release(IFaxOutgoingMessage *iface)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);
    ULONG ref = InterlockedDecrement(&message->ref);

    if (!ref) {
        hfx_table_free(&message->row);
        job_details_free(&message->details);
        IFaxServer_Release(message->server);
        free(message);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(message, IFaxOutgoingMessage, IFaxOutgoingMessage_tid)

static const char *cell(IFaxOutgoingMessage *iface, enum outgoing_column column)
{
    return hfx_table_cell(&impl_from_IFaxOutgoingMessage(iface)->row, 0, column);
}

static long long number(IFaxOutgoingMessage *iface, enum outgoing_column column)
{
    return hfx_table_number(&impl_from_IFaxOutgoingMessage(iface)->row, 0, column, 0, 1LL << 40, 0);
}

static HRESULT details(IFaxOutgoingMessage *iface, const WCHAR *member)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);
    return job_details_load(&message->details, message->server, IFaxOutgoingMessage_tid, member, cell(iface, OUT_ID));
}

static HRESULT detail_text(IFaxOutgoingMessage *iface, const WCHAR *member, enum job_detail which, BSTR *value)
{
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    if (FAILED(hr = details(iface, member)))
        return hr;
    return com_return_text(impl_from_IFaxOutgoingMessage(iface)->details.value[which], value);
}

static HRESULT WINAPI message_get_SubmissionId(IFaxOutgoingMessage *iface, BSTR *value)
{
    return com_return_text(cell(iface, OUT_ID), value);   /* each job is its own group */
}

static HRESULT WINAPI message_get_Id(IFaxOutgoingMessage *iface, BSTR *value)
{
    return com_return_text(cell(iface, OUT_ID), value);   /* the job's id, as the spec says */
}

static HRESULT WINAPI message_get_Subject(IFaxOutgoingMessage *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingMessage.Subject", DETAIL_SUBJECT, value);
}

static HRESULT WINAPI message_get_DocumentName(IFaxOutgoingMessage *iface, BSTR *value)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = details(iface, L"FaxOutgoingMessage.DocumentName")))
        return hr;
    return com_return_text(*message->details.value[DETAIL_DISPLAY_NAME] ? message->details.value[DETAIL_DISPLAY_NAME]
                                                                         : cell(iface, OUT_TAG), value);
}

/* Attempts after the first: every dial but the one that went through. */
static HRESULT WINAPI message_get_Retries(IFaxOutgoingMessage *iface, LONG *value)
{
    long long dials = number(iface, OUT_DIALS);
    return com_return_long(dials > 1 ? (LONG)(dials - 1) : 0, value);
}

static HRESULT WINAPI message_get_Pages(IFaxOutgoingMessage *iface, LONG *value)
{
    return com_return_long((LONG)number(iface, OUT_PAGES), value);
}

static HRESULT WINAPI message_get_Size(IFaxOutgoingMessage *iface, LONG *value)
{
    return com_return_long(0, value);   /* the done queue's listing has no size */
}

static HRESULT message_time(IFaxOutgoingMessage *iface, const WCHAR *member, BOOL scheduled, DATE *value)
{
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = 0;
    if (scheduled) {
        if (FAILED(hr = details(iface, member)))
            return hr;
        *value = job_send_time(impl_from_IFaxOutgoingMessage(iface)->details.value[DETAIL_SEND_TIME]);
    }
    if (!*value)
        *value = folder_date(number(iface, OUT_SUBMITTED));
    return S_OK;
}

static HRESULT WINAPI message_get_OriginalScheduledTime(IFaxOutgoingMessage *iface, DATE *value)
{
    return message_time(iface, L"FaxOutgoingMessage.OriginalScheduledTime", TRUE, value);
}

static HRESULT WINAPI message_get_SubmissionTime(IFaxOutgoingMessage *iface, DATE *value)
{
    return message_time(iface, L"FaxOutgoingMessage.SubmissionTime", FALSE, value);
}

static HRESULT WINAPI message_get_Priority(IFaxOutgoingMessage *iface, FAX_PRIORITY_TYPE_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = job_priority(hfx_table_number(&impl_from_IFaxOutgoingMessage(iface)->row, 0, OUT_PRIORITY, 0, 255, 127));
    return S_OK;
}

static HRESULT WINAPI message_get_Sender(IFaxOutgoingMessage *iface, IFaxSender **value)
{
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    if (FAILED(hr = details(iface, L"FaxOutgoingMessage.Sender")))
        return hr;
    return job_sender(&impl_from_IFaxOutgoingMessage(iface)->row, 0, &impl_from_IFaxOutgoingMessage(iface)->details,
                      value);
}

static HRESULT WINAPI message_get_Recipient(IFaxOutgoingMessage *iface, IFaxRecipient **value)
{
    if (!value)
        return E_POINTER;
    return job_recipient(&impl_from_IFaxOutgoingMessage(iface)->row, 0, value);
}

static HRESULT WINAPI message_get_DeviceName(IFaxOutgoingMessage *iface, BSTR *value)
{
    return com_return_text(cell(iface, OUT_MODEM), value);   /* the line that sent it */
}

/* The done queue's listing has no call times and the far end's CSID is not kept: the spec's empty values. */
static HRESULT WINAPI message_get_TransmissionStart(IFaxOutgoingMessage *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = 0;
    return S_OK;
}

static HRESULT WINAPI message_get_TransmissionEnd(IFaxOutgoingMessage *iface, DATE *value)
{
    return message_get_TransmissionStart(iface, value);
}

static HRESULT WINAPI message_get_CSID(IFaxOutgoingMessage *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);
}

static HRESULT WINAPI message_get_TSID(IFaxOutgoingMessage *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingMessage.TSID", DETAIL_TSID, value);
}

/* The pages as faxd sent them (docq/job<id>.tif, as FaxOutgoingJob.CopyTiff). */
static HRESULT WINAPI message_CopyTiff(IFaxOutgoingMessage *iface, BSTR path)
{
    char pages[64];

    snprintf(pages, sizeof(pages), "docq/job%s.tif", cell(iface, OUT_ID));
    return folder_retrieve(impl_from_IFaxOutgoingMessage(iface)->server, IFaxOutgoingMessage_tid,
                           L"FaxOutgoingMessage.CopyTiff", pages, path);
}

static HRESULT WINAPI message_Delete(IFaxOutgoingMessage *iface)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);
    static const WCHAR member[] = L"FaxOutgoingMessage.Delete";
    struct folder_session s;
    struct hfx_error error = { 0 };
    HRESULT hr;

    if (FAILED(hr = folder_session(message->server, IFaxOutgoingMessage_tid, member, &s)))
        return hr;
    if (hfx_expect(s.client, 2, NULL, &error, "JDELE %s", cell(iface, OUT_ID)) != HFX_OK) {
        WCHAR what[120];
        swprintf(what, ARRAYSIZE(what), L"%ls of sent fax %hs", member, cell(iface, OUT_ID));
        return fax_server_failure(message->server, IFaxOutgoingMessage_tid, what, &error);
    }
    return S_OK;
}

static const IFaxOutgoingMessageVtbl message_vtbl = {
    message_QueryInterface, message_AddRef, message_Release,
    message_GetTypeInfoCount, message_GetTypeInfo, message_GetIDsOfNames, message_Invoke,
    message_get_SubmissionId, message_get_Id, message_get_Subject, message_get_DocumentName, message_get_Retries,
    message_get_Pages, message_get_Size, message_get_OriginalScheduledTime, message_get_SubmissionTime,
    message_get_Priority, message_get_Sender, message_get_Recipient, message_get_DeviceName,
    message_get_TransmissionStart, message_get_TransmissionEnd, message_get_CSID, message_get_TSID,
    message_CopyTiff, message_Delete,
};

HRESULT fax_outgoing_message_create(IFaxServer *server, const struct hfx_table *table, size_t row,
                                    IFaxOutgoingMessage **out)
{
    struct fax_outgoing_message *message = calloc(1, sizeof(*message));
    HRESULT hr;

    *out = NULL;
    if (!message)
        return E_OUTOFMEMORY;
    if (FAILED(hr = folder_row_copy(table, row, &message->row))) {
        free(message);
        return hr;
    }
    message->IFaxOutgoingMessage_iface.lpVtbl = &message_vtbl;
    message->ref = 1;
    message->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&message->support, &fxscomex_module, (IUnknown *)&message->IFaxOutgoingMessage_iface,
                     &IID_IFaxOutgoingMessage, &CLSID_FaxOutgoingMessage);
    com_object_created(&fxscomex_module);
    *out = &message->IFaxOutgoingMessage_iface;
    return S_OK;
}
