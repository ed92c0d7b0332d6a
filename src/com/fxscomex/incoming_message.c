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

/* IFaxIncomingMessage2's text fields, in vtable order. */
enum message_edit { EDIT_SUBJECT, EDIT_SENDER_NAME, EDIT_SENDER_NUMBER, EDIT_RECIPIENTS, EDIT_COUNT };

struct fax_incoming_message {
    IFaxIncomingMessage2 IFaxIncomingMessage2_iface;   /* IFaxIncomingMessage with Vista's additions */
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct hfx_table row;
    char path[300];   /* recvq/<file> */
    /* Vista's fields: edits kept here, since faxd (and HylaFAX) store none of them with a received fax */
    BSTR edit[EDIT_COUNT];
    VARIANT_BOOL has_cover, read;
};

static inline struct fax_incoming_message *impl_from_IFaxIncomingMessage(IFaxIncomingMessage2 *iface)
{
    return CONTAINING_RECORD(iface, struct fax_incoming_message, IFaxIncomingMessage2_iface);
}

static HRESULT WINAPI message_QueryInterface(IFaxIncomingMessage2 *iface, REFIID riid, void **out)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxIncomingMessage) || IsEqualIID(riid, &IID_IFaxIncomingMessage2)) {
        *out = iface;
        IFaxIncomingMessage2_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&message->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI message_AddRef(IFaxIncomingMessage2 *iface)
{
    return InterlockedIncrement(&impl_from_IFaxIncomingMessage(iface)->ref);
}

static void discard_edits(struct fax_incoming_message *message)
{
    for (int i = 0; i < EDIT_COUNT; i++) {
        SysFreeString(message->edit[i]);
        message->edit[i] = NULL;
    }
    message->has_cover = message->read = VARIANT_FALSE;
}

static ULONG WINAPI message_Release(IFaxIncomingMessage2 *iface)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);
    ULONG ref = InterlockedDecrement(&message->ref);

    if (!ref) {
        hfx_table_free(&message->row);
        discard_edits(message);
        IFaxServer_Release(message->server);
        free(message);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(message, IFaxIncomingMessage2, IFaxIncomingMessage2_tid)

static const char *cell(IFaxIncomingMessage2 *iface, enum incoming_column column)
{
    return hfx_table_cell(&impl_from_IFaxIncomingMessage(iface)->row, 0, column);
}

static long long number(IFaxIncomingMessage2 *iface, enum incoming_column column)
{
    return hfx_table_number(&impl_from_IFaxIncomingMessage(iface)->row, 0, column, 0, 1LL << 40, 0);
}

static HRESULT WINAPI message_get_Id(IFaxIncomingMessage2 *iface, BSTR *value)
{
    const char *file = cell(iface, IN_FILE);
    size_t length = strlen(file);
    char id[300];

    snprintf(id, sizeof(id), "%.*s", (int)(length > 4 ? length - 4 : length), file);   /* without ".tif" */
    return com_return_text(id, value);
}

static HRESULT WINAPI message_get_Pages(IFaxIncomingMessage2 *iface, LONG *value)
{
    return com_return_long((LONG)number(iface, IN_PAGES), value);
}

static HRESULT WINAPI message_get_Size(IFaxIncomingMessage2 *iface, LONG *value)
{
    long long size = number(iface, IN_SIZE);
    return com_return_long(size > 0x7fffffff ? 0x7fffffff : (LONG)size, value);
}

static HRESULT WINAPI message_get_DeviceName(IFaxIncomingMessage2 *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* recvq's listing does not name the line */
}

static HRESULT WINAPI message_get_Retries(IFaxIncomingMessage2 *iface, LONG *value)
{
    return com_return_long(0, value);   /* routing runs once, as the fax arrives */
}

/* The receive time is the fax's (faxd stamps it when the reception ends); the start is that less the call's
 * seconds, when the service says them. */
static HRESULT WINAPI message_get_TransmissionEnd(IFaxIncomingMessage2 *iface, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = folder_date(number(iface, IN_TIME));
    return S_OK;
}

static HRESULT WINAPI message_get_TransmissionStart(IFaxIncomingMessage2 *iface, DATE *value)
{
    long long end = number(iface, IN_TIME), seconds = number(iface, IN_SECONDS);

    if (!value)
        return E_POINTER;
    *value = folder_date(end > seconds ? end - seconds : end);
    return S_OK;
}

static HRESULT WINAPI message_get_CSID(IFaxIncomingMessage2 *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* not in recvq's listing; FaxTiff reads it from the copy */
}

static HRESULT WINAPI message_get_TSID(IFaxIncomingMessage2 *iface, BSTR *value)
{
    return com_return_text(cell(iface, IN_TSID), value);
}

static HRESULT WINAPI message_get_CallerId(IFaxIncomingMessage2 *iface, BSTR *value)
{
    return com_return_text(cell(iface, IN_CALLER), value);
}

static HRESULT WINAPI message_get_RoutingInformation(IFaxIncomingMessage2 *iface, BSTR *value)
{
    return fxscomex_get_text(L"", value);   /* not in recvq's listing */
}

static HRESULT WINAPI message_CopyTiff(IFaxIncomingMessage2 *iface, BSTR path)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);
    return folder_retrieve(message->server, IFaxIncomingMessage_tid, L"FaxIncomingMessage.CopyTiff", message->path,
                           path);
}

static HRESULT WINAPI message_Delete(IFaxIncomingMessage2 *iface)
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

/* ---- IFaxIncomingMessage2 (Vista). A received fax has no subject, sender name, cover page mark, account or read
 * flag on faxd or HylaFAX: the fields start empty (the sender's number as its TSI) and edits stay local; Save
 * and ReAssign refuse what the server cannot keep, naming it. ---- */

#define EDIT_TEXT(Name, index) \
    static HRESULT WINAPI message_get_##Name(IFaxIncomingMessage2 *iface, BSTR *value) \
    { return fxscomex_get_text(impl_from_IFaxIncomingMessage(iface)->edit[index], value); } \
    static HRESULT WINAPI message_put_##Name(IFaxIncomingMessage2 *iface, BSTR value) \
    { return fxscomex_put_text(&impl_from_IFaxIncomingMessage(iface)->edit[index], value); }
EDIT_TEXT(Subject, EDIT_SUBJECT)
EDIT_TEXT(SenderName, EDIT_SENDER_NAME)
EDIT_TEXT(Recipients, EDIT_RECIPIENTS)

static HRESULT WINAPI message_get_SenderFaxNumber(IFaxIncomingMessage2 *iface, BSTR *value)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);

    if (message->edit[EDIT_SENDER_NUMBER])
        return fxscomex_get_text(message->edit[EDIT_SENDER_NUMBER], value);
    return com_return_text(cell(iface, IN_TSID), value);
}

static HRESULT WINAPI message_put_SenderFaxNumber(IFaxIncomingMessage2 *iface, BSTR value)
{
    return fxscomex_put_text(&impl_from_IFaxIncomingMessage(iface)->edit[EDIT_SENDER_NUMBER], value);
}

static HRESULT WINAPI message_get_HasCoverPage(IFaxIncomingMessage2 *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(impl_from_IFaxIncomingMessage(iface)->has_cover, value);
}

static HRESULT WINAPI message_put_HasCoverPage(IFaxIncomingMessage2 *iface, VARIANT_BOOL value)
{
    impl_from_IFaxIncomingMessage(iface)->has_cover = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI message_get_WasReAssigned(IFaxIncomingMessage2 *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(FALSE, value);
}

static HRESULT WINAPI message_get_Read(IFaxIncomingMessage2 *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(impl_from_IFaxIncomingMessage(iface)->read, value);
}

static HRESULT WINAPI message_put_Read(IFaxIncomingMessage2 *iface, VARIANT_BOOL value)
{
    impl_from_IFaxIncomingMessage(iface)->read = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI message_ReAssign(IFaxIncomingMessage2 *iface)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);
    static const WCHAR member[] = L"FaxIncomingMessage.ReAssign";
    HRESULT hr;

    if (FAILED(hr = fxscomex_connected(message->server, IFaxIncomingMessage2_tid, member, NULL)))
        return hr;
    if (!message->edit[EDIT_RECIPIENTS] || !*message->edit[EDIT_RECIPIENTS])
        return fxscomex_error(IFaxIncomingMessage2_tid, E_INVALIDARG, L"%ls: set Recipients to the accounts to "
                              L"reassign the fax to, separated by ';'", member);
    return fxscomex_cannot_store(IFaxIncomingMessage2_tid, message->server, member,
                                 L"it has no fax accounts to reassign received faxes to (every user is one account, "
                                 L"and received faxes belong to the server)");
}

static HRESULT WINAPI message_Save(IFaxIncomingMessage2 *iface)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);

    if (!message->read)
        return fxscomex_connected(message->server, IFaxIncomingMessage2_tid, L"FaxIncomingMessage.Save", NULL);
    return fxscomex_cannot_store(IFaxIncomingMessage2_tid, message->server, L"FaxIncomingMessage.Save",
                                 L"it keeps no read flag for received faxes");
}

static HRESULT WINAPI message_Refresh(IFaxIncomingMessage2 *iface)
{
    struct fax_incoming_message *message = impl_from_IFaxIncomingMessage(iface);
    static const WCHAR member[] = L"FaxIncomingMessage.Refresh";
    struct folder_session s;
    struct hfx_table table, fresh;
    WCHAR id[64];
    LONG row;
    HRESULT hr;
    const char *file = cell(iface, IN_FILE), *dot = strrchr(file, '.');

    swprintf(id, ARRAYSIZE(id), L"%.*hs", (int)(dot ? (size_t)(dot - file) : strlen(file)), file);
    if (FAILED(hr = folder_session(message->server, IFaxIncomingMessage2_tid, member, &s))
        || FAILED(hr = incoming_rows_fetch(message->server, IFaxIncomingMessage2_tid, member, &table)))
        return hr;
    if ((row = incoming_rows_find(&table, id)) < 0) {
        hfx_table_free(&table);
        return folder_not_found(IFaxIncomingMessage2_tid, member, L"received fax (it was deleted)", id, s.name);
    }
    hr = folder_row_copy(&table, (size_t)row, &fresh);
    hfx_table_free(&table);
    if (FAILED(hr))
        return hr;
    hfx_table_free(&message->row);
    message->row = fresh;
    discard_edits(message);
    return S_OK;
}

static const IFaxIncomingMessage2Vtbl message_vtbl = {
    message_QueryInterface, message_AddRef, message_Release,
    message_GetTypeInfoCount, message_GetTypeInfo, message_GetIDsOfNames, message_Invoke,
    message_get_Id, message_get_Pages, message_get_Size, message_get_DeviceName, message_get_Retries,
    message_get_TransmissionStart, message_get_TransmissionEnd, message_get_CSID, message_get_TSID,
    message_get_CallerId, message_get_RoutingInformation, message_CopyTiff, message_Delete,
    message_get_Subject, message_put_Subject, message_get_SenderName, message_put_SenderName,
    message_get_SenderFaxNumber, message_put_SenderFaxNumber, message_get_HasCoverPage, message_put_HasCoverPage,
    message_get_Recipients, message_put_Recipients, message_get_WasReAssigned, message_get_Read, message_put_Read,
    message_ReAssign, message_Save, message_Refresh,
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
    message->IFaxIncomingMessage2_iface.lpVtbl = &message_vtbl;
    message->ref = 1;
    message->server = server;
    IFaxServer_AddRef(server);
    com_support_init(&message->support, &fxscomex_module, (IUnknown *)&message->IFaxIncomingMessage2_iface,
                     &IID_IFaxIncomingMessage, &CLSID_FaxIncomingMessage);
    com_object_created(&fxscomex_module);
    *out = (IFaxIncomingMessage *)&message->IFaxIncomingMessage2_iface;
    return S_OK;
}
