/*
 * FaxComEx.FaxAccountFolders (FaxAccount.Folders, faxcomex-api.md 6.8): an account's view of the queues and
 * archives. The outgoing ones hold the account's own jobs (the rows whose owner is its name); the incoming ones
 * are the server's, since received faxes belong to the server and every user may read them
 * (FaxConfiguration.IncomingFaxesArePublic). Each property is a new object.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

struct fax_account_folders {
    IFaxAccountFolders IFaxAccountFolders_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    char *name;
};

static void fax_account_folders_destroy(struct fax_account_folders *folders)
{
    free(folders->name);
    IFaxServer_Release(folders->server);
}

FXSCOMEX_UNKNOWN(account_folders, IFaxAccountFolders, fax_account_folders, fax_account_folders_destroy)
FXSCOMEX_DISPATCH(account_folders, IFaxAccountFolders, IFaxAccountFolders_tid)

#define FOLDERS(iface) impl_from_IFaxAccountFolders(iface)

static HRESULT WINAPI account_folders_get_OutgoingQueue(IFaxAccountFolders *iface, IFaxAccountOutgoingQueue **out)
{
    if (!out)
        return E_POINTER;
    return fax_account_outgoing_queue_create(FOLDERS(iface)->server, FOLDERS(iface)->name, out);
}

static HRESULT WINAPI account_folders_get_IncomingQueue(IFaxAccountFolders *iface, IFaxAccountIncomingQueue **out)
{
    if (!out)
        return E_POINTER;
    return fax_account_incoming_queue_create(FOLDERS(iface)->server, out);
}

static HRESULT WINAPI account_folders_get_IncomingArchive(IFaxAccountFolders *iface, IFaxAccountIncomingArchive **out)
{
    if (!out)
        return E_POINTER;
    return fax_account_incoming_archive_create(FOLDERS(iface)->server, out);
}

static HRESULT WINAPI account_folders_get_OutgoingArchive(IFaxAccountFolders *iface, IFaxAccountOutgoingArchive **out)
{
    if (!out)
        return E_POINTER;
    return fax_account_outgoing_archive_create(FOLDERS(iface)->server, FOLDERS(iface)->name, out);
}

static const IFaxAccountFoldersVtbl account_folders_vtbl = {
    account_folders_QueryInterface, account_folders_AddRef, account_folders_Release,
    account_folders_GetTypeInfoCount, account_folders_GetTypeInfo, account_folders_GetIDsOfNames,
    account_folders_Invoke,
    account_folders_get_OutgoingQueue, account_folders_get_IncomingQueue, account_folders_get_IncomingArchive,
    account_folders_get_OutgoingArchive,
};

HRESULT fax_account_folders_create(IFaxServer *server, const char *name, IFaxAccountFolders **out)
{
    struct fax_account_folders *folders = calloc(1, sizeof(*folders));

    *out = NULL;
    if (!folders || !(folders->name = strdup(name))) {
        free(folders);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(folders, IFaxAccountFolders, &account_folders_vtbl, &CLSID_FaxAccountFolders);
    folders->server = server;
    IFaxServer_AddRef(server);
    *out = &folders->IFaxAccountFolders_iface;
    return S_OK;
}
