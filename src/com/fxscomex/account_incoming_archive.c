/*
 * FaxComEx.FaxAccountIncomingArchive (faxcomex-api.md 6.12): the received faxes, the same for every account
 * (they belong to the server: FaxConfiguration.IncomingFaxesArePublic). It is the server's FaxIncomingArchive
 * underneath, so its sizes, iterator and messages are that object's.
 */
#include "fxscomex_private.h"

#include <stdlib.h>

struct fax_account_incoming_archive {
    IFaxAccountIncomingArchive IFaxAccountIncomingArchive_iface;
    struct com_support support;
    LONG ref;
    IFaxIncomingArchive *archive;
};

static void destroy(struct fax_account_incoming_archive *account_archive)
{
    IFaxIncomingArchive_Release(account_archive->archive);
}

FXSCOMEX_UNKNOWN(archive, IFaxAccountIncomingArchive, fax_account_incoming_archive, destroy)
FXSCOMEX_DISPATCH(archive, IFaxAccountIncomingArchive, IFaxAccountIncomingArchive_tid)

#define INNER(iface) (impl_from_IFaxAccountIncomingArchive(iface)->archive)

static HRESULT WINAPI archive_get_SizeLow(IFaxAccountIncomingArchive *iface, LONG *value)
{
    return IFaxIncomingArchive_get_SizeLow(INNER(iface), value);
}

static HRESULT WINAPI archive_get_SizeHigh(IFaxAccountIncomingArchive *iface, LONG *value)
{
    return IFaxIncomingArchive_get_SizeHigh(INNER(iface), value);
}

static HRESULT WINAPI archive_Refresh(IFaxAccountIncomingArchive *iface)
{
    return IFaxIncomingArchive_Refresh(INNER(iface));
}

static HRESULT WINAPI archive_GetMessages(IFaxAccountIncomingArchive *iface, LONG prefetch,
                                          IFaxIncomingMessageIterator **out)
{
    return IFaxIncomingArchive_GetMessages(INNER(iface), prefetch, out);
}

static HRESULT WINAPI archive_GetMessage(IFaxAccountIncomingArchive *iface, BSTR id, IFaxIncomingMessage **out)
{
    return IFaxIncomingArchive_GetMessage(INNER(iface), id, out);
}

static const IFaxAccountIncomingArchiveVtbl archive_vtbl = {
    archive_QueryInterface, archive_AddRef, archive_Release,
    archive_GetTypeInfoCount, archive_GetTypeInfo, archive_GetIDsOfNames, archive_Invoke,
    archive_get_SizeLow, archive_get_SizeHigh, archive_Refresh, archive_GetMessages, archive_GetMessage,
};

HRESULT fax_account_incoming_archive_create(IFaxServer *server, IFaxAccountIncomingArchive **out)
{
    struct fax_account_incoming_archive *account_archive;
    IFaxIncomingArchive *archive;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = fax_incoming_archive_create(server, &archive)))
        return hr;
    if (!(account_archive = calloc(1, sizeof(*account_archive)))) {
        IFaxIncomingArchive_Release(archive);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(account_archive, IFaxAccountIncomingArchive, &archive_vtbl, &CLSID_FaxAccountIncomingArchive);
    account_archive->archive = archive;
    *out = &account_archive->IFaxAccountIncomingArchive_iface;
    return S_OK;
}
