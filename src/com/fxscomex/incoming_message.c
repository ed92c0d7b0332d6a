/*
 * FaxComEx.FaxIncomingMessage: one received fax of recvq, as its RCVFMT row (INCOMING_FORMAT) showed it.
 * Its id is the file's name without ".tif" ("fax00000001"); CopyTiff is RETR recvq/<id>.tif, Delete is
 * DELE of it (faxd removes its .info too). docs/fxscomex.md says how each property maps.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_client.h"
#include "hfx_table.h"

struct fax_incoming_message {
    IFaxIncomingMessage IFaxIncomingMessage_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_table row;
    char path[300];   /* recvq/<file> */
};

static inline struct fax_incoming_message *impl_from_IFaxIncomingMessage(IFaxIncomingMessage *iface)
{
    return CONTAINING_RECORD(iface, struct fax_incoming_message, IFaxIncomingMessage_iface);
}

static HRESULT WINAPI message_QueryInterface(IFaxIncomingMessage *iface, REFIID riid, void **out)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxIncomingMessage)) {
        *out = iface;
        IFaxIncomingMessage_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&message->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI message_AddRef(IFaxIncomingMessage *iface)
{
    return InterlockedIncrement(&impl_from_IFaxIncomingMessage(iface)->ref);
}

static ULONG WINAPI message_Release(IFaxIncomingMessage *iface)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);
    ULONG ref = InterlockedDecrement(&message->ref);

    if (!ref) {
        hfx_table_free(&message->row);
        IFaxServer_Release(message->server);
        free(message);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(message, IFaxIncomingMessage, IFaxIncomingMessage_tid)

static const char *cell(IFaxIncomingMessage *iface, enum incoming_column column)
{
    return hfx_table_cell(&impl_from_IFaxIncomingMessage(iface)->row, 0, column);
}

static long long number(IFaxIncomingMessage *iface, enum incoming_column column)
{
    return hfx_table_number(&impl_from_IFaxIncomingMessage(iface)->row, 0, column, 0, 1LL << 40, 0);
}

static HRESULT WINAPI message_get_Id(IFaxIncomingMessage *iface, BSTR *value)
{
    const char *file = cell(iface, IN_FILE);
    size_t length = strlen(file);
    char id[300];

    snprintf(id, sizeof(id), "%.*s", (int)(length > 4 ? length - 4 : length), file);   /* without ".tif" */
    return com_return_text(id, value);
}

static HRESULT WINAPI message_get_Pages(IFaxIncomingMessage *iface, LONG *value)
{
    return com_return_long((LONG)number(iface, IN_PAGES), value);
}

static HRESULT WINAPI message_get_Size(IFaxIncomingMessage *iface, LONG *value)
{
    long long size = number(iface, IN_SIZE);
    return com_return_long(size > 0x7fffffff ? 0x7fffffff : (LONG)size, value);
}

static HRESULT WINAPI message_get_DeviceName(IFaxIncomingMessage *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* recvq's listing does not name the line */
}

static HRESULT WINAPI message_get_Retries(IFaxIncomingMessage *iface, LONG *value)
{
    return com_return_long(0, value);   /* routing runs once, as the fax arrives */
}

/* The receive time is the fax's (faxd stamps it when the reception ends); the start is that less the call's
 * seconds, when the service says them. */
static HRESULT WINAPI message_get_TransmissionEnd(IFaxIncomingMessage *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = folder_date(number(iface, IN_TIME));
    return S_OK;
}

static HRESULT WINAPI message_get_TransmissionStart(IFaxIncomingMessage *iface, DATE *value)
{
    long long end = number(iface, IN_TIME), seconds = number(iface, IN_SECONDS);

    if (!value)
        return E_POINTER;
    *value = folder_date(end > seconds ? end - seconds : end);
    return S_OK;
}

static HRESULT WINAPI message_get_CSID(IFaxIncomingMessage *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* not in recvq's listing; FaxTiff reads it from the copy */
}

static HRESULT WINAPI message_get_TSID(IFaxIncomingMessage *iface, BSTR *value)
{
    return com_return_text(cell(iface, IN_TSID), value);
}

static HRESULT WINAPI message_get_CallerId(IFaxIncomingMessage *iface, BSTR *value)
{
    return com_return_text(cell(iface, IN_CALLER), value);
}

static HRESULT WINAPI message_get_RoutingInformation(IFaxIncomingMessage *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* not in recvq's listing */
}

static HRESULT WINAPI message_CopyTiff(IFaxIncomingMessage *iface, BSTR path)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);
    return folder_retrieve(message->server, IFaxIncomingMessage_tid, L"FaxIncomingMessage.CopyTiff", message->path,
                           path);
}

static HRESULT WINAPI message_Delete(IFaxIncomingMessage *iface)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);
    static const WCHAR member[] = L"FaxIncomingMessage.Delete";
    struct folder_session s;
    struct hfx_error error = { 0 };
    HRESULT hr;

    if (FAILED(hr = folder_session(message->server, IFaxIncomingMessage_tid, member, &s)))
        return hr;
    if (hfx_expect(s.client, 2, NULL, &error, "DELE %s", message->path) != HFX_OK) {
        WCHAR what[400];
        swprintf(what, ARRAYSIZE(what), L"%ls of %hs", member, message->path);
        return fax_server_failure(message->server, IFaxIncomingMessage_tid, what, &error);
    }
    return S_OK;
}

static const IFaxIncomingMessageVtbl message_vtbl = {
    message_QueryInterface, message_AddRef, message_Release,
    message_GetTypeInfoCount, message_GetTypeInfo, message_GetIDsOfNames, message_Invoke,
    message_get_Id, message_get_Pages, message_get_Size, message_get_DeviceName, message_get_Retries,
    message_get_TransmissionStart, message_get_TransmissionEnd, message_get_CSID, message_get_TSID,
    message_get_CallerId, message_get_RoutingInformation, message_CopyTiff, message_Delete,
};

HRESULT fax_incoming_message_create(IFaxServer *server, const struct hfx_table *table, size_t row,
                                    IFaxIncomingMessage **out)
{
    struct fax_incoming_message *message = calloc(1, sizeof(*message));
    HRESULT hr;

    *out = NULL;
    if (!message)
        return E_OUTOFMEMORY;
    if (FAILED(hr = folder_row_copy(table, row, &message->row))) {
        free(message);
        return hr;
    }
    snprintf(message->path, sizeof(message->path), "recvq/%s", hfx_table_cell(table, row, IN_FILE));
    message->IFaxIncomingMessage_iface.lpVtbl = &message_vtbl;
    message->ref = 1;
    message->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&message->support, &fxscomex_module, (IUnknown *)&message->IFaxIncomingMessage_iface,
                     &IID_IFaxIncomingMessage, &CLSID_FaxIncomingMessage);
    com_object_created(&fxscomex_module);
    *out = &message->IFaxIncomingMessage_iface;
    return S_OK;
}
