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
    IFaxOutgoingMessage2 IFaxOutgoingMessage2_iface;   /* IFaxOutgoingMessage with Vista's additions */
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_table row;
    struct job_details details;
    BOOL read;                          /* Read as put; faxd keeps no read flag for sent faxes */
};

static inline struct fax_outgoing_message *impl_from_IFaxOutgoingMessage(IFaxOutgoingMessage2 *iface)
{
    return CONTAINING_RECORD(iface, struct fax_outgoing_message, IFaxOutgoingMessage2_iface);
}

static HRESULT WINAPI message_QueryInterface(IFaxOutgoingMessage2 *iface, REFIID riid, void **out)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxOutgoingMessage) || IsEqualIID(riid, &IID_IFaxOutgoingMessage2)) {
        *out = iface;
        IFaxOutgoingMessage2_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&message->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI message_AddRef(IFaxOutgoingMessage2 *iface)
{
    return InterlockedIncrement(&impl_from_IFaxOutgoingMessage(iface)->ref);
}

static ULONG WINAPI message_Release(IFaxOutgoingMessage2 *iface)
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

FXSCOMEX_DISPATCH(message, IFaxOutgoingMessage2, IFaxOutgoingMessage2_tid)

static const char *cell(IFaxOutgoingMessage2 *iface, enum outgoing_column column)
{
    return hfx_table_cell(&impl_from_IFaxOutgoingMessage(iface)->row, 0, column);
}

static long long number(IFaxOutgoingMessage2 *iface, enum outgoing_column column)
{
    return hfx_table_number(&impl_from_IFaxOutgoingMessage(iface)->row, 0, column, 0, 1LL << 40, 0);
}

static HRESULT details(IFaxOutgoingMessage2 *iface, const WCHAR *member)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);
    return job_details_load(&message->details, message->server, IFaxOutgoingMessage_tid, member, cell(iface, OUT_ID));
}

static HRESULT detail_text(IFaxOutgoingMessage2 *iface, const WCHAR *member, enum job_detail which, BSTR *value)
{
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    if (FAILED(hr = details(iface, member)))
        return hr;
    return com_return_text(impl_from_IFaxOutgoingMessage(iface)->details.value[which], value);
}

static HRESULT WINAPI message_get_SubmissionId(IFaxOutgoingMessage2 *iface, BSTR *value)
{
    return com_return_text(cell(iface, OUT_ID), value);   /* each job is its own group */
}

static HRESULT WINAPI message_get_Id(IFaxOutgoingMessage2 *iface, BSTR *value)
{
    return com_return_text(cell(iface, OUT_ID), value);   /* the job's id, as the spec says */
}

static HRESULT WINAPI message_get_Subject(IFaxOutgoingMessage2 *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingMessage.Subject", DETAIL_SUBJECT, value);
}

static HRESULT WINAPI message_get_DocumentName(IFaxOutgoingMessage2 *iface, BSTR *value)
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
static HRESULT WINAPI message_get_Retries(IFaxOutgoingMessage2 *iface, LONG *value)
{
    long long dials = number(iface, OUT_DIALS);
    return com_return_long(dials > 1 ? (LONG)(dials - 1) : 0, value);
}

static HRESULT WINAPI message_get_Pages(IFaxOutgoingMessage2 *iface, LONG *value)
{
    return com_return_long((LONG)number(iface, OUT_PAGES), value);
}

static HRESULT WINAPI message_get_Size(IFaxOutgoingMessage2 *iface, LONG *value)
{
    return com_return_long(0, value);   /* the done queue's listing has no size */
}

static HRESULT message_time(IFaxOutgoingMessage2 *iface, const WCHAR *member, BOOL scheduled, DATE *value)
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

static HRESULT WINAPI message_get_OriginalScheduledTime(IFaxOutgoingMessage2 *iface, DATE *value)
{
    return message_time(iface, L"FaxOutgoingMessage.OriginalScheduledTime", TRUE, value);
}

static HRESULT WINAPI message_get_SubmissionTime(IFaxOutgoingMessage2 *iface, DATE *value)
{
    return message_time(iface, L"FaxOutgoingMessage.SubmissionTime", FALSE, value);
}

static HRESULT WINAPI message_get_Priority(IFaxOutgoingMessage2 *iface, FAX_PRIORITY_TYPE_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = job_priority(hfx_table_number(&impl_from_IFaxOutgoingMessage(iface)->row, 0, OUT_PRIORITY, 0, 255, 127));
    return S_OK;
}

static HRESULT WINAPI message_get_Sender(IFaxOutgoingMessage2 *iface, IFaxSender **value)
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

static HRESULT WINAPI message_get_Recipient(IFaxOutgoingMessage2 *iface, IFaxRecipient **value)
{
    if (!value)
        return E_POINTER;
    return job_recipient(&impl_from_IFaxOutgoingMessage(iface)->row, 0, value);
}

static HRESULT WINAPI message_get_DeviceName(IFaxOutgoingMessage2 *iface, BSTR *value)
{
    return com_return_text(cell(iface, OUT_MODEM), value);   /* the line that sent it */
}

/* The done queue's listing has no call times and the far end's CSID is not kept: the spec's empty values. */
static HRESULT WINAPI message_get_TransmissionStart(IFaxOutgoingMessage2 *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = 0;
    return S_OK;
}

static HRESULT WINAPI message_get_TransmissionEnd(IFaxOutgoingMessage2 *iface, DATE *value)
{
    return message_get_TransmissionStart(iface, value);
}

static HRESULT WINAPI message_get_CSID(IFaxOutgoingMessage2 *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);
}

static HRESULT WINAPI message_get_TSID(IFaxOutgoingMessage2 *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingMessage.TSID", DETAIL_TSID, value);
}

/* The pages as faxd sent them (docq/job<id>.tif, as FaxOutgoingJob.CopyTiff). */
static HRESULT WINAPI message_CopyTiff(IFaxOutgoingMessage2 *iface, BSTR path)
{
    char pages[64];

    snprintf(pages, sizeof(pages), "docq/job%s.tif", cell(iface, OUT_ID));
    return folder_retrieve(impl_from_IFaxOutgoingMessage(iface)->server, IFaxOutgoingMessage_tid,
                           L"FaxOutgoingMessage.CopyTiff", pages, path);
}

static HRESULT WINAPI message_Delete(IFaxOutgoingMessage2 *iface)
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

/* ---- IFaxOutgoingMessage2 (Vista) ---- */

static HRESULT WINAPI message_get_HasCoverPage(IFaxOutgoingMessage2 *iface, VARIANT_BOOL *value)
{
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = details(iface, L"FaxOutgoingMessage.HasCoverPage")))
        return hr;
    return fxscomex_return_bool(impl_from_IFaxOutgoingMessage(iface)->details.has_cover, value);
}

static HRESULT WINAPI message_get_ReceiptType(IFaxOutgoingMessage2 *iface, FAX_RECEIPT_TYPE_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = cell(iface, OUT_NOTIFY)[0] == 'D' ? frtMAIL : frtNONE;
    return S_OK;
}

static HRESULT WINAPI message_get_ReceiptAddress(IFaxOutgoingMessage2 *iface, BSTR *value)
{
    return detail_text(iface, L"FaxOutgoingMessage.ReceiptAddress", DETAIL_NOTIFY_ADDRESS, value);
}

static HRESULT WINAPI message_get_Read(IFaxOutgoingMessage2 *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(impl_from_IFaxOutgoingMessage(iface)->read, value);
}

static HRESULT WINAPI message_put_Read(IFaxOutgoingMessage2 *iface, VARIANT_BOOL value)
{
    impl_from_IFaxOutgoingMessage(iface)->read = value != VARIANT_FALSE;
    return S_OK;
}

/* Unread is all faxd (or HylaFAX) can say of a sent fax; marking it read is a change it cannot keep. */
static HRESULT WINAPI message_Save(IFaxOutgoingMessage2 *iface)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);

    if (!message->read)
        return fxscomex_connected(message->server, IFaxOutgoingMessage2_tid, L"FaxOutgoingMessage.Save", NULL);
    return fxscomex_cannot_store(IFaxOutgoingMessage2_tid, message->server, L"FaxOutgoingMessage.Save",
                                 L"it keeps no read flag for sent faxes");
}

static HRESULT WINAPI message_Refresh(IFaxOutgoingMessage2 *iface)
{
    struct fax_outgoing_message *message = impl_from_IFaxOutgoingMessage(iface);
    static const WCHAR member[] = L"FaxOutgoingMessage.Refresh";
    struct folder_session s;
    struct hfx_table table, fresh;
    WCHAR id[24];
    LONG row;
    HRESULT hr;

    swprintf(id, ARRAYSIZE(id), L"%hs", cell(iface, OUT_ID));
    if (FAILED(hr = folder_session(message->server, IFaxOutgoingMessage2_tid, member, &s))
        || FAILED(hr = outgoing_sent_fetch(message->server, IFaxOutgoingMessage2_tid, member, &table)))
        return hr;
    if ((row = outgoing_rows_find(&table, id)) < 0) {
        hfx_table_free(&table);
        return folder_not_found(IFaxOutgoingMessage2_tid, member, L"sent fax (it was deleted)", id, s.name);
    }
    hr = folder_row_copy(&table, (size_t)row, &fresh);
    hfx_table_free(&table);
    if (FAILED(hr))
        return hr;
    hfx_table_free(&message->row);
    message->row = fresh;
    job_details_free(&message->details);   /* read again on next use */
    message->read = FALSE;
    return S_OK;
}

static const IFaxOutgoingMessage2Vtbl message_vtbl = {
    message_QueryInterface, message_AddRef, message_Release,
    message_GetTypeInfoCount, message_GetTypeInfo, message_GetIDsOfNames, message_Invoke,
    message_get_SubmissionId, message_get_Id, message_get_Subject, message_get_DocumentName, message_get_Retries,
    message_get_Pages, message_get_Size, message_get_OriginalScheduledTime, message_get_SubmissionTime,
    message_get_Priority, message_get_Sender, message_get_Recipient, message_get_DeviceName,
    message_get_TransmissionStart, message_get_TransmissionEnd, message_get_CSID, message_get_TSID,
    message_CopyTiff, message_Delete,
    message_get_HasCoverPage, message_get_ReceiptType, message_get_ReceiptAddress, message_get_Read,
    message_put_Read, message_Save, message_Refresh,
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
    message->IFaxOutgoingMessage2_iface.lpVtbl = &message_vtbl;
    message->ref = 1;
    message->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&message->support, &fxscomex_module, (IUnknown *)&message->IFaxOutgoingMessage2_iface,
                     &IID_IFaxOutgoingMessage, &CLSID_FaxOutgoingMessage);
    com_object_created(&fxscomex_module);
    *out = (IFaxOutgoingMessage *)&message->IFaxOutgoingMessage2_iface;
    return S_OK;
}
