/*
 * FaxComEx.FaxOutgoingArchive (Folders.OutgoingArchive) and its FaxOutgoingMessageIterator: the sent faxes
 * are the jobs the service finished with success, in its done queue (LIST doneq, OUTGOING_FORMAT, state D).
 * UseArchive and ArchiveFolder are faxd's ArchiveOutboundFaxes and ArchiveDirectory (a copy of each fax sent,
 * on the faxd host), AgeLimit its DirtyDays (how long finished jobs stay in doneq); the quota settings have no
 * counterpart in the service and are kept in this object only (docs/fxscomex.md).
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_table.h"

const struct folder_setting outgoing_archive_settings[ARCHIVE_SETTING_COUNT] = {
    [ARCHIVE_USE] = { "ArchiveOutboundFaxes", NULL, FOLDER_FLAG, 0, 1, 0 },
    [ARCHIVE_FOLDER] = { "ArchiveDirectory", NULL, FOLDER_TEXT, 0, 0, 0 },
    [ARCHIVE_QUOTA_WARNING] = { NULL, NULL, FOLDER_FLAG, 0, 1, 0 },
    [ARCHIVE_HIGH_WATERMARK] = { NULL, NULL, FOLDER_NUMBER, 0, 0x7fffffff, 0 },
    [ARCHIVE_LOW_WATERMARK] = { NULL, NULL, FOLDER_NUMBER, 0, 0x7fffffff, 0 },
    [ARCHIVE_AGE_LIMIT] = { "DirtyDays", NULL, FOLDER_NUMBER, 0, 365, 0 },
};

struct fax_outgoing_archive {
    IFaxOutgoingArchive IFaxOutgoingArchive_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct folder_settings settings;
};

static inline struct fax_outgoing_archive *impl_from_IFaxOutgoingArchive(IFaxOutgoingArchive *iface)
{
    return CONTAINING_RECORD(iface, struct fax_outgoing_archive, IFaxOutgoingArchive_iface);
}

static HRESULT WINAPI archive_QueryInterface(IFaxOutgoingArchive *iface, REFIID riid, void **out)
{
    struct fax_outgoing_archive *archive = impl_from_IFaxOutgoingArchive(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxOutgoingArchive)) {
        *out = iface;
        IFaxOutgoingArchive_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&archive->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI archive_AddRef(IFaxOutgoingArchive *iface)
{
    return InterlockedIncrement(&impl_from_IFaxOutgoingArchive(iface)->ref);
}

static ULONG WINAPI archive_Release(IFaxOutgoingArchive *iface)
{
    struct fax_outgoing_archive *archive = impl_from_IFaxOutgoingArchive(iface);
    ULONG ref = InterlockedDecrement(&archive->ref);

    if (!ref) {
        folder_settings_free(&archive->settings);
        IFaxServer_Release(archive->server);
        free(archive);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(archive, IFaxOutgoingArchive, IFaxOutgoingArchive_tid)

#define S(iface) (&impl_from_IFaxOutgoingArchive(iface)->settings)

static HRESULT WINAPI archive_get_UseArchive(IFaxOutgoingArchive *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), ARCHIVE_USE, v);
}

static HRESULT WINAPI archive_put_UseArchive(IFaxOutgoingArchive *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), ARCHIVE_USE, v);
}

static HRESULT WINAPI archive_get_ArchiveFolder(IFaxOutgoingArchive *iface, BSTR *v)
{
    return folder_get_text(S(iface), ARCHIVE_FOLDER, v);
}

static HRESULT WINAPI archive_put_ArchiveFolder(IFaxOutgoingArchive *iface, BSTR v)
{
    return folder_put_text(S(iface), ARCHIVE_FOLDER, v);
}

static HRESULT WINAPI archive_get_SizeQuotaWarning(IFaxOutgoingArchive *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), ARCHIVE_QUOTA_WARNING, v);
}

static HRESULT WINAPI archive_put_SizeQuotaWarning(IFaxOutgoingArchive *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), ARCHIVE_QUOTA_WARNING, v);
}

static HRESULT WINAPI archive_get_HighQuotaWaterMark(IFaxOutgoingArchive *iface, LONG *v)
{
    return folder_get_number(S(iface), ARCHIVE_HIGH_WATERMARK, v);
}

static HRESULT WINAPI archive_put_HighQuotaWaterMark(IFaxOutgoingArchive *iface, LONG v)
{
    return folder_put_number(S(iface), ARCHIVE_HIGH_WATERMARK, L"HighQuotaWaterMark", v);
}

static HRESULT WINAPI archive_get_LowQuotaWaterMark(IFaxOutgoingArchive *iface, LONG *v)
{
    return folder_get_number(S(iface), ARCHIVE_LOW_WATERMARK, v);
}

static HRESULT WINAPI archive_put_LowQuotaWaterMark(IFaxOutgoingArchive *iface, LONG v)
{
    return folder_put_number(S(iface), ARCHIVE_LOW_WATERMARK, L"LowQuotaWaterMark", v);
}

static HRESULT WINAPI archive_get_AgeLimit(IFaxOutgoingArchive *iface, LONG *v)
{
    return folder_get_number(S(iface), ARCHIVE_AGE_LIMIT, v);
}

static HRESULT WINAPI archive_put_AgeLimit(IFaxOutgoingArchive *iface, LONG v)
{
    return folder_put_number(S(iface), ARCHIVE_AGE_LIMIT, L"AgeLimit", v);
}

/* The done queue's listing has no sizes (docs/fxscomex.md). */
static HRESULT WINAPI archive_get_SizeLow(IFaxOutgoingArchive *iface, LONG *v)
{
    return com_return_long(0, v);
}

static HRESULT WINAPI archive_get_SizeHigh(IFaxOutgoingArchive *iface, LONG *v)
{
    return com_return_long(0, v);
}

static HRESULT refresh(struct fax_outgoing_archive *archive, const WCHAR *member)
{
    return folder_settings_refresh(&archive->settings, archive->server, member);
}

static HRESULT WINAPI archive_Refresh(IFaxOutgoingArchive *iface)
{
    return refresh(impl_from_IFaxOutgoingArchive(iface), L"FaxOutgoingArchive.Refresh");
}

static HRESULT WINAPI archive_Save(IFaxOutgoingArchive *iface)
{
    struct fax_outgoing_archive *archive = impl_from_IFaxOutgoingArchive(iface);
    return folder_settings_save(&archive->settings, archive->server, L"FaxOutgoingArchive.Save");
}

/* ---- FaxOutgoingMessageIterator ---- */

struct fax_outgoing_iterator {
    IFaxOutgoingMessageIterator IFaxOutgoingMessageIterator_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct archive_cursor cursor;
    char *owner;   /* an account's sent faxes only; NULL: every sent fax */
};

static inline struct fax_outgoing_iterator *impl_from_iterator(IFaxOutgoingMessageIterator *iface)
{
    return CONTAINING_RECORD(iface, struct fax_outgoing_iterator, IFaxOutgoingMessageIterator_iface);
}

static HRESULT WINAPI iterator_QueryInterface(IFaxOutgoingMessageIterator *iface, REFIID riid, void **out)
{
    struct fax_outgoing_iterator *iterator = impl_from_iterator(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxOutgoingMessageIterator)) {
        *out = iface;
        IFaxOutgoingMessageIterator_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&iterator->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI iterator_AddRef(IFaxOutgoingMessageIterator *iface)
{
    return InterlockedIncrement(&impl_from_iterator(iface)->ref);
}

static ULONG WINAPI iterator_Release(IFaxOutgoingMessageIterator *iface)
{
    struct fax_outgoing_iterator *iterator = impl_from_iterator(iface);
    ULONG ref = InterlockedDecrement(&iterator->ref);

    if (!ref) {
        archive_cursor_free(&iterator->cursor);
        free(iterator->owner);
        IFaxServer_Release(iterator->server);
        free(iterator);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(iterator, IFaxOutgoingMessageIterator, IFaxOutgoingMessageIterator_tid)

static HRESULT WINAPI iterator_get_Message(IFaxOutgoingMessageIterator *iface, IFaxOutgoingMessage **out)
{
    struct fax_outgoing_iterator *iterator = impl_from_iterator(iface);
    size_t row;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = archive_cursor_current(&iterator->cursor, IFaxOutgoingMessageIterator_tid,
                                           L"FaxOutgoingMessageIterator.Message", &row)))
        return hr;
    return fax_outgoing_message_create(iterator->server, &iterator->cursor.rows, row, out);
}

static HRESULT WINAPI iterator_get_PrefetchSize(IFaxOutgoingMessageIterator *iface, LONG *value)
{
    return com_return_long(impl_from_iterator(iface)->cursor.prefetch, value);
}

static HRESULT WINAPI iterator_put_PrefetchSize(IFaxOutgoingMessageIterator *iface, LONG value)
{
    HRESULT hr = archive_cursor_check_prefetch(IFaxOutgoingMessageIterator_tid,
                                               L"FaxOutgoingMessageIterator.PrefetchSize", value);

    if (SUCCEEDED(hr))
        impl_from_iterator(iface)->cursor.prefetch = value;
    return hr;
}

static HRESULT WINAPI iterator_get_AtEOF(IFaxOutgoingMessageIterator *iface, VARIANT_BOOL *value)
{
    return archive_cursor_at_eof(&impl_from_iterator(iface)->cursor, value);
}

static HRESULT WINAPI iterator_MoveFirst(IFaxOutgoingMessageIterator *iface)
{
    struct fax_outgoing_iterator *iterator = impl_from_iterator(iface);
    struct hfx_table rows;
    HRESULT hr = outgoing_sent_fetch(iterator->server, IFaxOutgoingMessageIterator_tid,
                                     L"FaxOutgoingMessageIterator.MoveFirst", &rows);

    if (FAILED(hr))
        return hr;
    if (iterator->owner)
        folder_rows_keep(&rows, OUT_OWNER, iterator->owner);
    return archive_cursor_move_first(&iterator->cursor, &rows);
}

static HRESULT WINAPI iterator_MoveNext(IFaxOutgoingMessageIterator *iface)
{
    return archive_cursor_move_next(&impl_from_iterator(iface)->cursor, IFaxOutgoingMessageIterator_tid,
                                    L"FaxOutgoingMessageIterator.MoveNext");
}

static const IFaxOutgoingMessageIteratorVtbl iterator_vtbl = {
    iterator_QueryInterface, iterator_AddRef, iterator_Release,
    iterator_GetTypeInfoCount, iterator_GetTypeInfo, iterator_GetIDsOfNames, iterator_Invoke,
    iterator_get_Message, iterator_get_AtEOF, iterator_get_PrefetchSize, iterator_put_PrefetchSize,
    iterator_MoveFirst, iterator_MoveNext,   /* AtEOF before PrefetchSize here (spec 4.24) */
};

HRESULT outgoing_iterator_create(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, LONG prefetch,
                                 const char *owner, IFaxOutgoingMessageIterator **out)
{
    struct fax_outgoing_iterator *iterator;
    struct folder_session s;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = archive_cursor_check_prefetch(tid, member, prefetch))
        || FAILED(hr = folder_session(server, tid, member, &s)))
        return hr;
    if (!(iterator = calloc(1, sizeof(*iterator))))
        return E_OUTOFMEMORY;
    if (owner && !(iterator->owner = strdup(owner))) {
        free(iterator);
        return E_OUTOFMEMORY;
    }
    iterator->IFaxOutgoingMessageIterator_iface.lpVtbl = &iterator_vtbl;
    iterator->ref = 1;
    iterator->server = server;
    IFaxServer_AddRef(server);
    archive_cursor_init(&iterator->cursor, prefetch);
    com_support_init(&iterator->support, &fxscomex_module, (IUnknown *)&iterator->IFaxOutgoingMessageIterator_iface,
                     &IID_IFaxOutgoingMessageIterator, &CLSID_FaxOutgoingMessageIterator);
    com_object_created(&fxscomex_module);
    *out = &iterator->IFaxOutgoingMessageIterator_iface;
    return S_OK;
}

static HRESULT WINAPI archive_GetMessages(IFaxOutgoingArchive *iface, LONG prefetch, IFaxOutgoingMessageIterator **out)
{
    return outgoing_iterator_create(impl_from_IFaxOutgoingArchive(iface)->server, IFaxOutgoingArchive_tid,
                                    L"FaxOutgoingArchive.GetMessages", prefetch, NULL, out);
}

HRESULT outgoing_archive_get_message(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member,
                                     const char *owner, const WCHAR *id, IFaxOutgoingMessage **out)
{
    struct folder_session s;
    struct hfx_table rows;
    LONG row;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = folder_session(server, tid, member, &s))
        || FAILED(hr = outgoing_sent_fetch(server, tid, member, &rows)))
        return hr;
    if (owner)
        folder_rows_keep(&rows, OUT_OWNER, owner);
    if ((row = outgoing_rows_find(&rows, id)) < 0)
        hr = folder_not_found(tid, member, owner ? L"sent fax of the account" : L"sent fax", id, s.name);
    else
        hr = fax_outgoing_message_create(server, &rows, (size_t)row, out);
    hfx_table_free(&rows);
    return hr;
}

static HRESULT WINAPI archive_GetMessage(IFaxOutgoingArchive *iface, BSTR id, IFaxOutgoingMessage **out)
{
    return outgoing_archive_get_message(impl_from_IFaxOutgoingArchive(iface)->server, IFaxOutgoingArchive_tid,
                                        L"FaxOutgoingArchive.GetMessage", NULL, id, out);
}

static const IFaxOutgoingArchiveVtbl archive_vtbl = {
    archive_QueryInterface, archive_AddRef, archive_Release,
    archive_GetTypeInfoCount, archive_GetTypeInfo, archive_GetIDsOfNames, archive_Invoke,
    archive_get_UseArchive, archive_put_UseArchive, archive_get_ArchiveFolder, archive_put_ArchiveFolder,
    archive_get_SizeQuotaWarning, archive_put_SizeQuotaWarning, archive_get_HighQuotaWaterMark,
    archive_put_HighQuotaWaterMark, archive_get_LowQuotaWaterMark, archive_put_LowQuotaWaterMark,
    archive_get_AgeLimit, archive_put_AgeLimit, archive_get_SizeLow, archive_get_SizeHigh, archive_Refresh,
    archive_Save, archive_GetMessages, archive_GetMessage,
};

HRESULT fax_outgoing_archive_create(IFaxServer *server, IFaxOutgoingArchive **out)
{
    struct fax_outgoing_archive *archive = calloc(1, sizeof(*archive));
    HRESULT hr;

    *out = NULL;
    if (!archive)
        return E_OUTOFMEMORY;
    archive->IFaxOutgoingArchive_iface.lpVtbl = &archive_vtbl;
    archive->ref = 1;
    archive->server = server;
    IFaxServer_AddRef(server);
    folder_settings_init(&archive->settings, outgoing_archive_settings, ARCHIVE_SETTING_COUNT, IFaxOutgoingArchive_tid,
                         L"FaxOutgoingArchive");
    com_support_init(&archive->support, &fxscomex_module, (IUnknown *)&archive->IFaxOutgoingArchive_iface,
                     &IID_IFaxOutgoingArchive, &CLSID_FaxOutgoingArchive);
    com_object_created(&fxscomex_module);
    if (FAILED(hr = refresh(archive, L"FaxFolders.OutgoingArchive"))) {
        IFaxOutgoingArchive_Release(&archive->IFaxOutgoingArchive_iface);
        return hr;
    }
    *out = &archive->IFaxOutgoingArchive_iface;
    return S_OK;
}
