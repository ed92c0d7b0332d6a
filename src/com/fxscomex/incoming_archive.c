/*
 * FaxComEx.FaxIncomingArchive (Folders.IncomingArchive) and its FaxIncomingMessageIterator: the received
 * faxes are faxd's (or HylaFAX's) recvq, listed with RCVFMT INCOMING_FORMAT. The service keeps every fax
 * it receives there, so UseArchive is always True and ArchiveFolder is "recvq"; the quota settings and
 * AgeLimit have no counterpart in the service and are kept in this object only (docs/fxscomex.md).
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_table.h"

static const struct folder_setting archive_settings[ARCHIVE_SETTING_COUNT] = {
    [ARCHIVE_USE] = { NULL, NULL, FOLDER_FLAG, 0, 1, 1 },
    [ARCHIVE_FOLDER] = { NULL, NULL, FOLDER_TEXT, 0, 0, 0 },
    [ARCHIVE_QUOTA_WARNING] = { NULL, NULL, FOLDER_FLAG, 0, 1, 0 },
    [ARCHIVE_HIGH_WATERMARK] = { NULL, NULL, FOLDER_NUMBER, 0, 0x7fffffff, 0 },
    [ARCHIVE_LOW_WATERMARK] = { NULL, NULL, FOLDER_NUMBER, 0, 0x7fffffff, 0 },
    [ARCHIVE_AGE_LIMIT] = { NULL, NULL, FOLDER_NUMBER, 0, 0x7fffffff, 0 },
};

struct fax_incoming_archive {
    IFaxIncomingArchive IFaxIncomingArchive_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct folder_settings settings;
    long long size;   /* bytes of the received faxes, as of the last Refresh */
};

static inline struct fax_incoming_archive *impl_from_IFaxIncomingArchive(IFaxIncomingArchive *iface)
{
    return CONTAINING_RECORD(iface, struct fax_incoming_archive, IFaxIncomingArchive_iface);
}

static HRESULT WINAPI archive_QueryInterface(IFaxIncomingArchive *iface, REFIID riid, void **out)
{
    struct fax_incoming_archive *archive = impl_from_IFaxIncomingArchive(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxIncomingArchive)) {
        *out = iface;
        IFaxIncomingArchive_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&archive->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI archive_AddRef(IFaxIncomingArchive *iface)
{
    return InterlockedIncrement(&impl_from_IFaxIncomingArchive(iface)->ref);
}

static ULONG WINAPI archive_Release(IFaxIncomingArchive *iface)
{
    struct fax_incoming_archive *archive = impl_from_IFaxIncomingArchive(iface);
    ULONG ref = InterlockedDecrement(&archive->ref);

    if (!ref) {
        folder_settings_free(&archive->settings);
        IFaxServer_Release(archive->server);
        free(archive);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(archive, IFaxIncomingArchive, IFaxIncomingArchive_tid)

#define S(iface) (&impl_from_IFaxIncomingArchive(iface)->settings)

static HRESULT WINAPI archive_get_UseArchive(IFaxIncomingArchive *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), ARCHIVE_USE, v);
}

static HRESULT WINAPI archive_put_UseArchive(IFaxIncomingArchive *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), ARCHIVE_USE, v);
}

static HRESULT WINAPI archive_get_ArchiveFolder(IFaxIncomingArchive *iface, BSTR *v)
{
    return folder_get_text(S(iface), ARCHIVE_FOLDER, v);
}

static HRESULT WINAPI archive_put_ArchiveFolder(IFaxIncomingArchive *iface, BSTR v)
{
    return folder_put_text(S(iface), ARCHIVE_FOLDER, v);
}

static HRESULT WINAPI archive_get_SizeQuotaWarning(IFaxIncomingArchive *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(S(iface), ARCHIVE_QUOTA_WARNING, v);
}

static HRESULT WINAPI archive_put_SizeQuotaWarning(IFaxIncomingArchive *iface, VARIANT_BOOL v)
{
    return folder_put_flag(S(iface), ARCHIVE_QUOTA_WARNING, v);
}

static HRESULT WINAPI archive_get_HighQuotaWaterMark(IFaxIncomingArchive *iface, LONG *v)
{
    return folder_get_number(S(iface), ARCHIVE_HIGH_WATERMARK, v);
}

static HRESULT WINAPI archive_put_HighQuotaWaterMark(IFaxIncomingArchive *iface, LONG v)
{
    return folder_put_number(S(iface), ARCHIVE_HIGH_WATERMARK, L"HighQuotaWaterMark", v);
}

static HRESULT WINAPI archive_get_LowQuotaWaterMark(IFaxIncomingArchive *iface, LONG *v)
{
    return folder_get_number(S(iface), ARCHIVE_LOW_WATERMARK, v);
}

static HRESULT WINAPI archive_put_LowQuotaWaterMark(IFaxIncomingArchive *iface, LONG v)
{
    return folder_put_number(S(iface), ARCHIVE_LOW_WATERMARK, L"LowQuotaWaterMark", v);
}

static HRESULT WINAPI archive_get_AgeLimit(IFaxIncomingArchive *iface, LONG *v)
{
    return folder_get_number(S(iface), ARCHIVE_AGE_LIMIT, v);
}

static HRESULT WINAPI archive_put_AgeLimit(IFaxIncomingArchive *iface, LONG v)
{
    return folder_put_number(S(iface), ARCHIVE_AGE_LIMIT, L"AgeLimit", v);
}

static HRESULT WINAPI archive_get_SizeLow(IFaxIncomingArchive *iface, LONG *v)
{
    return com_return_long((LONG)(impl_from_IFaxIncomingArchive(iface)->size & 0xffffffff), v);
}

static HRESULT WINAPI archive_get_SizeHigh(IFaxIncomingArchive *iface, LONG *v)
{
    return com_return_long((LONG)(impl_from_IFaxIncomingArchive(iface)->size >> 32), v);
}

static HRESULT refresh(struct fax_incoming_archive *archive, const WCHAR *member)
{
    struct hfx_table rows;
    HRESULT hr;

    if (FAILED(hr = folder_settings_refresh(&archive->settings, archive->server, member))
        || FAILED(hr = incoming_rows_fetch(archive->server, IFaxIncomingArchive_tid, member, &rows)))
        return hr;
    archive->size = 0;
    for (size_t i = 0; i < rows.rows; i++)
        archive->size += hfx_table_number(&rows, i, IN_SIZE, 0, 1LL << 40, 0);
    hfx_table_free(&rows);
    archive->settings.number[ARCHIVE_USE] = 1;
    return fxscomex_put_text(&archive->settings.text[ARCHIVE_FOLDER], L"recvq");
}

static HRESULT WINAPI archive_Refresh(IFaxIncomingArchive *iface)
{
    return refresh(impl_from_IFaxIncomingArchive(iface), L"FaxIncomingArchive.Refresh");
}

static HRESULT WINAPI archive_Save(IFaxIncomingArchive *iface)
{
    struct fax_incoming_archive *archive = impl_from_IFaxIncomingArchive(iface);
    struct folder_settings *s = &archive->settings;
    const WCHAR *folder = s->text[ARCHIVE_FOLDER] ? s->text[ARCHIVE_FOLDER] : L"";

    if (!s->number[ARCHIVE_USE] || wcscmp(folder, L"recvq"))
        return fxscomex_error(IFaxIncomingArchive_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"FaxIncomingArchive."
                              L"Save: the fax service always keeps received faxes in its recvq folder; UseArchive must "
                              L"stay True and ArchiveFolder \"recvq\"");
    return folder_settings_save(s, archive->server, L"FaxIncomingArchive.Save");
}

/* ---- FaxIncomingMessageIterator ---- */

struct fax_incoming_iterator {
    IFaxIncomingMessageIterator IFaxIncomingMessageIterator_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct archive_cursor cursor;
};

static inline struct fax_incoming_iterator *impl_from_iterator(IFaxIncomingMessageIterator *iface)
{
    return CONTAINING_RECORD(iface, struct fax_incoming_iterator, IFaxIncomingMessageIterator_iface);
}

static HRESULT WINAPI iterator_QueryInterface(IFaxIncomingMessageIterator *iface, REFIID riid, void **out)
{
    struct fax_incoming_iterator *iterator = impl_from_iterator(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID_IFaxIncomingMessageIterator)) {
        *out = iface;
        IFaxIncomingMessageIterator_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&iterator->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI iterator_AddRef(IFaxIncomingMessageIterator *iface)
{
    return InterlockedIncrement(&impl_from_iterator(iface)->ref);
}

static ULONG WINAPI iterator_Release(IFaxIncomingMessageIterator *iface)
{
    struct fax_incoming_iterator *iterator = impl_from_iterator(iface);
    ULONG ref = InterlockedDecrement(&iterator->ref);

    if (!ref) {
        archive_cursor_free(&iterator->cursor);
        IFaxServer_Release(iterator->server);
        free(iterator);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(iterator, IFaxIncomingMessageIterator, IFaxIncomingMessageIterator_tid)

static HRESULT WINAPI iterator_get_Message(IFaxIncomingMessageIterator *iface, IFaxIncomingMessage **out)
{
    struct fax_incoming_iterator *iterator = impl_from_iterator(iface);
    size_t row;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = archive_cursor_current(&iterator->cursor, IFaxIncomingMessageIterator_tid,
                                           L"FaxIncomingMessageIterator.Message", &row)))
        return hr;
    return fax_incoming_message_create(iterator->server, &iterator->cursor.rows, row, out);
}

static HRESULT WINAPI iterator_get_PrefetchSize(IFaxIncomingMessageIterator *iface, LONG *value)
{
    return com_return_long(impl_from_iterator(iface)->cursor.prefetch, value);
}

static HRESULT WINAPI iterator_put_PrefetchSize(IFaxIncomingMessageIterator *iface, LONG value)
{
    HRESULT hr = archive_cursor_check_prefetch(IFaxIncomingMessageIterator_tid,
                                               L"FaxIncomingMessageIterator.PrefetchSize", value);

    if (SUCCEEDED(hr))
        impl_from_iterator(iface)->cursor.prefetch = value;
    return hr;
}

static HRESULT WINAPI iterator_get_AtEOF(IFaxIncomingMessageIterator *iface, VARIANT_BOOL *value)
{
    return archive_cursor_at_eof(&impl_from_iterator(iface)->cursor, value);
}

static HRESULT WINAPI iterator_MoveFirst(IFaxIncomingMessageIterator *iface)
{
    struct fax_incoming_iterator *iterator = impl_from_iterator(iface);
    struct hfx_table rows;
    HRESULT hr = incoming_rows_fetch(iterator->server, IFaxIncomingMessageIterator_tid,
                                     L"FaxIncomingMessageIterator.MoveFirst", &rows);

    return FAILED(hr) ? hr : archive_cursor_move_first(&iterator->cursor, &rows);
}

static HRESULT WINAPI iterator_MoveNext(IFaxIncomingMessageIterator *iface)
{
    return archive_cursor_move_next(&impl_from_iterator(iface)->cursor, IFaxIncomingMessageIterator_tid,
                                    L"FaxIncomingMessageIterator.MoveNext");
}

static const IFaxIncomingMessageIteratorVtbl iterator_vtbl = {
    iterator_QueryInterface, iterator_AddRef, iterator_Release,
    iterator_GetTypeInfoCount, iterator_GetTypeInfo, iterator_GetIDsOfNames, iterator_Invoke,
    iterator_get_Message, iterator_get_PrefetchSize, iterator_put_PrefetchSize, iterator_get_AtEOF,
    iterator_MoveFirst, iterator_MoveNext,
};

static HRESULT WINAPI archive_GetMessages(IFaxIncomingArchive *iface, LONG prefetch, IFaxIncomingMessageIterator **out)
{
    struct fax_incoming_archive *archive = impl_from_IFaxIncomingArchive(iface);
    static const WCHAR member[] = L"FaxIncomingArchive.GetMessages";
    struct fax_incoming_iterator *iterator;
    struct folder_session s;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = archive_cursor_check_prefetch(IFaxIncomingArchive_tid, member, prefetch))
        || FAILED(hr = folder_session(archive->server, IFaxIncomingArchive_tid, member, &s)))
        return hr;
    if (!(iterator = calloc(1, sizeof(*iterator))))
        return E_OUTOFMEMORY;
    iterator->IFaxIncomingMessageIterator_iface.lpVtbl = &iterator_vtbl;
    iterator->ref = 1;
    iterator->server = archive->server;
    IFaxServer_AddRef(archive->server);
    archive_cursor_init(&iterator->cursor, prefetch);
    com_support_init(&iterator->support, &fxscomex_module, (IUnknown *)&iterator->IFaxIncomingMessageIterator_iface,
                     &IID_IFaxIncomingMessageIterator, &CLSID_FaxIncomingMessageIterator);
    com_object_created(&fxscomex_module);
    *out = &iterator->IFaxIncomingMessageIterator_iface;
    return S_OK;
}

static HRESULT WINAPI archive_GetMessage(IFaxIncomingArchive *iface, BSTR id, IFaxIncomingMessage **out)
{
    struct fax_incoming_archive *archive = impl_from_IFaxIncomingArchive(iface);
    static const WCHAR member[] = L"FaxIncomingArchive.GetMessage";
    struct folder_session s;
    struct hfx_table rows;
    LONG row;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = folder_session(archive->server, IFaxIncomingArchive_tid, member, &s))
        || FAILED(hr = incoming_rows_fetch(archive->server, IFaxIncomingArchive_tid, member, &rows)))
        return hr;
    if ((row = incoming_rows_find(&rows, id)) < 0)
        hr = folder_not_found(IFaxIncomingArchive_tid, member, L"received fax", id, s.name);
    else
        hr = fax_incoming_message_create(archive->server, &rows, (size_t)row, out);
    hfx_table_free(&rows);
    return hr;
}

static const IFaxIncomingArchiveVtbl archive_vtbl = {
    archive_QueryInterface, archive_AddRef, archive_Release,
    archive_GetTypeInfoCount, archive_GetTypeInfo, archive_GetIDsOfNames, archive_Invoke,
    archive_get_UseArchive, archive_put_UseArchive, archive_get_ArchiveFolder, archive_put_ArchiveFolder,
    archive_get_SizeQuotaWarning, archive_put_SizeQuotaWarning, archive_get_HighQuotaWaterMark,
    archive_put_HighQuotaWaterMark, archive_get_LowQuotaWaterMark, archive_put_LowQuotaWaterMark,
    archive_get_AgeLimit, archive_put_AgeLimit, archive_get_SizeLow, archive_get_SizeHigh, archive_Refresh,
    archive_Save, archive_GetMessages, archive_GetMessage,
};

HRESULT fax_incoming_archive_create(IFaxServer *server, IFaxIncomingArchive **out)
{
    struct fax_incoming_archive *archive = calloc(1, sizeof(*archive));
    HRESULT hr;

    *out = NULL;
    if (!archive)
        return E_OUTOFMEMORY;
    archive->IFaxIncomingArchive_iface.lpVtbl = &archive_vtbl;
    archive->ref = 1;
    archive->server = server;
    IFaxServer_AddRef(server);
    folder_settings_init(&archive->settings, archive_settings, ARCHIVE_SETTING_COUNT, IFaxIncomingArchive_tid,
                         L"FaxIncomingArchive");
    com_support_init(&archive->support, &fxscomex_module, (IUnknown *)&archive->IFaxIncomingArchive_iface,
                     &IID_IFaxIncomingArchive, &CLSID_FaxIncomingArchive);
    com_object_created(&fxscomex_module);
    if (FAILED(hr = refresh(archive, L"FaxFolders.IncomingArchive"))) {
        IFaxIncomingArchive_Release(&archive->IFaxIncomingArchive_iface);
        return hr;
    }
    *out = &archive->IFaxIncomingArchive_iface;
    return S_OK;
}
