/*
 * FaxComEx.FaxAccount (faxcomex-api.md 6.6): one user of the fax server (account_set.c says who is one), its
 * name and its folders, and an event source (6.16): ListenToAccountEvents runs a listener of its own
 * (events.c) that calls the IFaxAccountNotify and _IFaxAccountNotify sinks (connection_point.c) on this thread.
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
    struct fax_connection_point point;
    struct fax_listener *listener;
};

static inline struct fax_account *impl_from_IFaxAccount(IFaxAccount *iface)
{
    return CONTAINING_RECORD(iface, struct fax_account, IFaxAccount_iface);
}

/* FXSCOMEX_UNKNOWN's, and the connection point container. */
static HRESULT WINAPI account_QueryInterface(IFaxAccount *iface, REFIID riid, void **out)
{
    struct fax_account *account = impl_from_IFaxAccount(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxAccount)) {
        *out = iface;
        InterlockedIncrement(&account->ref);
        return S_OK;
    }
    if (fax_connection_point_query(&account->point, riid, out) || com_support_query(&account->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI account_AddRef(IFaxAccount *iface)
{
    return InterlockedIncrement(&impl_from_IFaxAccount(iface)->ref);
}

static ULONG WINAPI account_Release(IFaxAccount *iface)
{
    struct fax_account *account = impl_from_IFaxAccount(iface);
    ULONG ref = InterlockedDecrement(&account->ref);

    if (!ref) {
        account->ref = 1;   /* the sinks released below may call back while we go */
        fax_listener_stop(account->listener);
        fax_connection_point_clear(&account->point);
        free(account->name);
        IFaxServer_Release(account->server);
        free(account);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_TYPEINFO(account, IFaxAccount, IFaxAccount_tid)

/* Scripts whose host pumps no messages get the events waiting at their next call, as FaxServer's do. */
static HRESULT WINAPI account_Invoke(IFaxAccount *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    fax_listener_deliver(impl_from_IFaxAccount(iface)->listener);
    return com_invoke(&fxscomex_module, IFaxAccount_tid, iface, id, flags, params, result, excep, arg_err);
}

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
    fax_listener_deliver(account->listener);   /* what the old mask asked for, before it changes */
    fax_listener_stop(account->listener);
    account->listener = NULL;
    account->events = faetNONE;
    if (events == faetNONE)
        return S_OK;
    if (FAILED(hr = fax_listener_start_account(iface, account->server, account->name, &account->point, events,
                                               &account->listener)))
        return hr;
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
    fax_connection_point_init(&account->point, (IUnknown *)&account->IFaxAccount_iface, &fax_account_events);
    account->server = server;
    IFaxServer_AddRef(server);
    *out = &account->IFaxAccount_iface;
    return S_OK;
}
