/*
 * FaxComEx.FaxFolders (FaxServer.Folders): the way to the four server folders. It is one object per
 * FaxServer, made on first use and freed with the server; its AddRef and Release are the server's, so a
 * script that keeps only the folders keeps the server (and its session) alive, and no reference cycle
 * forms. Each folder is made fresh on each call: a queue or archive reads its settings when it is made.
 */
#include "fxscomex_private.h"

#include <stdlib.h>

struct fax_folders {
    IFaxFolders IFaxFolders_iface;
    struct com_support support;
    IFaxServer *server;   /* not counted: this object lives inside the server's lifetime */
};

static inline struct fax_folders *impl_from_IFaxFolders(IFaxFolders *iface)
{
    return CONTAINING_RECORD(iface, struct fax_folders, IFaxFolders_iface);
}

static HRESULT WINAPI fax_folders_QueryInterface(IFaxFolders *iface, REFIID riid, void **out)
{
    struct fax_folders *folders = impl_from_IFaxFolders(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxFolders)) {
        *out = iface;
        IFaxFolders_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&folders->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_folders_AddRef(IFaxFolders *iface)
{
    return IFaxServer_AddRef(impl_from_IFaxFolders(iface)->server);
}

static ULONG WINAPI fax_folders_Release(IFaxFolders *iface)
{
    return IFaxServer_Release(impl_from_IFaxFolders(iface)->server);
}

FXSCOMEX_DISPATCH(fax_folders, IFaxFolders, IFaxFolders_tid)

static HRESULT WINAPI fax_folders_get_OutgoingQueue(IFaxFolders *iface, IFaxOutgoingQueue **out)
{
    if (!out)
        return E_POINTER;
    return fax_outgoing_queue_create(impl_from_IFaxFolders(iface)->server, out);
}

static HRESULT WINAPI fax_folders_get_IncomingQueue(IFaxFolders *iface, IFaxIncomingQueue **out)
{
    if (!out)
        return E_POINTER;
    return fax_incoming_queue_create(impl_from_IFaxFolders(iface)->server, out);
}

static HRESULT WINAPI fax_folders_get_IncomingArchive(IFaxFolders *iface, IFaxIncomingArchive **out)
{
    if (!out)
        return E_POINTER;
    return fax_incoming_archive_create(impl_from_IFaxFolders(iface)->server, out);
}

static HRESULT WINAPI fax_folders_get_OutgoingArchive(IFaxFolders *iface, IFaxOutgoingArchive **out)
{
    if (!out)
        return E_POINTER;
    return fax_outgoing_archive_create(impl_from_IFaxFolders(iface)->server, out);
}

static const IFaxFoldersVtbl fax_folders_vtbl = {
    fax_folders_QueryInterface, fax_folders_AddRef, fax_folders_Release,
    fax_folders_GetTypeInfoCount, fax_folders_GetTypeInfo, fax_folders_GetIDsOfNames, fax_folders_Invoke,
    fax_folders_get_OutgoingQueue, fax_folders_get_IncomingQueue, fax_folders_get_IncomingArchive,
    fax_folders_get_OutgoingArchive,
};

HRESULT fax_folders_create(IFaxServer *server, IFaxFolders **out)
{
    struct fax_folders *folders = calloc(1, sizeof(*folders));

    *out = NULL;
    if (!folders)
        return E_OUTOFMEMORY;
    folders->IFaxFolders_iface.lpVtbl = &fax_folders_vtbl;
    folders->server = server;
    com_support_init(&folders->support, &fxscomex_module, (IUnknown *)&folders->IFaxFolders_iface, &IID_IFaxFolders,
                     &CLSID_FaxFolders);
    *out = &folders->IFaxFolders_iface;
    return S_OK;
}

void fax_folders_destroy(IFaxFolders *iface)
{
    if (iface)
        free(impl_from_IFaxFolders(iface));
}
