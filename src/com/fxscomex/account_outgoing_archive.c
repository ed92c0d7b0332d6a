/*
 * FaxComEx.FaxAccountOutgoingArchive (faxcomex-api.md 6.13): the account's sent faxes, the sent jobs of doneq
 * whose owner is the account, read by FaxOutgoingArchive's iterator and GetMessage with the owner as a filter.
 * The sizes are 0, as the sent-fax archive's (doneq's listing gives none).
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

struct fax_account_outgoing_archive {
    IFaxAccountOutgoingArchive IFaxAccountOutgoingArchive_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    char *owner;
};

static void destroy(struct fax_account_outgoing_archive *archive)
{
    free(archive->owner);
    IFaxServer_Release(archive->server);
}

FXSCOMEX_UNKNOWN(archive, IFaxAccountOutgoingArchive, fax_account_outgoing_archive, destroy)
FXSCOMEX_DISPATCH(archive, IFaxAccountOutgoingArchive, IFaxAccountOutgoingArchive_tid)

static HRESULT WINAPI archive_get_SizeLow(IFaxAccountOutgoingArchive *iface, LONG *value)
{
    return com_return_long(0, value);
}

static HRESULT WINAPI archive_get_SizeHigh(IFaxAccountOutgoingArchive *iface, LONG *value)
{
    return com_return_long(0, value);
}

static HRESULT WINAPI archive_Refresh(IFaxAccountOutgoingArchive *iface)
{
    return fxscomex_connected(impl_from_IFaxAccountOutgoingArchive(iface)->server, IFaxAccountOutgoingArchive_tid,
                              L"FaxAccountOutgoingArchive.Refresh", NULL);
}

static HRESULT WINAPI archive_GetMessages(IFaxAccountOutgoingArchive *iface, LONG prefetch,
                                          IFaxOutgoingMessageIterator **out)
{
    struct fax_account_outgoing_archive *archive = impl_from_IFaxAccountOutgoingArchive(iface);

    return outgoing_iterator_create(archive->server, IFaxAccountOutgoingArchive_tid,
                                    L"FaxAccountOutgoingArchive.GetMessages", prefetch, archive->owner, out);
}

static HRESULT WINAPI archive_GetMessage(IFaxAccountOutgoingArchive *iface, BSTR id, IFaxOutgoingMessage **out)
{
    struct fax_account_outgoing_archive *archive = impl_from_IFaxAccountOutgoingArchive(iface);

    return outgoing_archive_get_message(archive->server, IFaxAccountOutgoingArchive_tid,
                                        L"FaxAccountOutgoingArchive.GetMessage", archive->owner, id, out);
}

static const IFaxAccountOutgoingArchiveVtbl archive_vtbl = {
    archive_QueryInterface, archive_AddRef, archive_Release,
    archive_GetTypeInfoCount, archive_GetTypeInfo, archive_GetIDsOfNames, archive_Invoke,
    archive_get_SizeLow, archive_get_SizeHigh, archive_Refresh, archive_GetMessages, archive_GetMessage,
};

HRESULT fax_account_outgoing_archive_create(IFaxServer *server, const char *name, IFaxAccountOutgoingArchive **out)
{
    struct fax_account_outgoing_archive *archive = calloc(1, sizeof(*archive));

    *out = NULL;
    if (!archive || !(archive->owner = strdup(name))) {
        free(archive);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(archive, IFaxAccountOutgoingArchive, &archive_vtbl, &CLSID_FaxAccountOutgoingArchive);
    archive->server = server;
    IFaxServer_AddRef(server);
    *out = &archive->IFaxAccountOutgoingArchive_iface;
    return S_OK;
}
