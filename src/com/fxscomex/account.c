/*
 * FaxComEx.FaxAccount (faxcomex-api.md 6.6): one user of the fax server (account_set.c says who is one), its
 * name and its folders. ListenToAccountEvents checks and keeps the mask; delivering IFaxAccountNotify events is
 * not built yet (docs/fxscomex.md): a FaxServer's ListenToServerEvents gives the same events for every user.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#define ACCOUNT_EVENTS (faetIN_QUEUE | faetOUT_QUEUE | faetIN_ARCHIVE | faetOUT_ARCHIVE | faetFXSSVC_ENDED)

struct fax_account {
    IFaxAccount IFaxAccount_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    char *name;   /* UTF-8, as the server's listings show it */
    FAX_ACCOUNT_EVENTS_TYPE_ENUM events;
};

static void fax_account_destroy(struct fax_account *account)
{
    free(account->name);
    IFaxServer_Release(account->server);
}

FXSCOMEX_UNKNOWN(account, IFaxAccount, fax_account, fax_account_destroy)
FXSCOMEX_DISPATCH(account, IFaxAccount, IFaxAccount_tid)

static HRESULT WINAPI account_get_AccountName(IFaxAccount *iface, BSTR *value)
{
    return com_return_text(impl_from_IFaxAccount(iface)->name, value);
}

static HRESULT WINAPI account_get_Folders(IFaxAccount *iface, IFaxAccountFolders **out)
{
    struct fax_account *account = impl_from_IFaxAccount(iface);
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fxscomex_connected(account->server, IFaxAccount_tid, L"FaxAccount.Folders", NULL)))
        return hr;
    return fax_account_folders_create(account->server, account->name, out);
}

static HRESULT WINAPI account_ListenToAccountEvents(IFaxAccount *iface, FAX_ACCOUNT_EVENTS_TYPE_ENUM events)
{
    struct fax_account *account = impl_from_IFaxAccount(iface);
    HRESULT hr = fxscomex_connected(account->server, IFaxAccount_tid, L"FaxAccount.ListenToAccountEvents", NULL);

    if (FAILED(hr))
        return hr;
    if (events & ~ACCOUNT_EVENTS)
        return fxscomex_error(IFaxAccount_tid, E_INVALIDARG, L"FaxAccount.ListenToAccountEvents: 0x%lx is not a set of "
                              L"faet* flags (IN_QUEUE 1, OUT_QUEUE 2, IN_ARCHIVE 4, OUT_ARCHIVE 8, FXSSVC_ENDED 0x10)",
                              (long)events);
    account->events = events;
    return S_OK;
}

static HRESULT WINAPI account_get_RegisteredEvents(IFaxAccount *iface, FAX_ACCOUNT_EVENTS_TYPE_ENUM *value)
{
    struct fax_account *account = impl_from_IFaxAccount(iface);
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = fxscomex_connected(account->server, IFaxAccount_tid, L"FaxAccount.RegisteredEvents", NULL)))
        return hr;
    *value = account->events;
    return S_OK;
}

static const IFaxAccountVtbl account_vtbl = {
    account_QueryInterface, account_AddRef, account_Release,
    account_GetTypeInfoCount, account_GetTypeInfo, account_GetIDsOfNames, account_Invoke,
    account_get_AccountName, account_get_Folders, account_ListenToAccountEvents, account_get_RegisteredEvents,
};

HRESULT fax_account_create(IFaxServer *server, const char *name, IFaxAccount **out)
{
    struct fax_account *account = calloc(1, sizeof(*account));

    *out = NULL;
    if (!account || !(account->name = strdup(name))) {
        free(account);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(account, IFaxAccount, &account_vtbl, &CLSID_FaxAccount);
    account->server = server;
    IFaxServer_AddRef(server);
    *out = &account->IFaxAccount_iface;
    return S_OK;
}
