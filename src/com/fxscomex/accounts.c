/*
 * FaxComEx.FaxAccounts (FaxAccountSet.GetAccounts): a snapshot of the account names (account_set.c says which);
 * Item takes a 1-based index or an account name, For Each gives each account; every item is a new FaxAccount.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

struct fax_accounts {
    IFaxAccounts IFaxAccounts_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    char **names;
    size_t count;
};

static void fax_accounts_destroy(struct fax_accounts *accounts)
{
    account_names_free(accounts->names, accounts->count);
    IFaxServer_Release(accounts->server);
}

FXSCOMEX_UNKNOWN(accounts, IFaxAccounts, fax_accounts, fax_accounts_destroy)

static HRESULT account_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_accounts *accounts = impl_from_IFaxAccounts((IFaxAccounts *)collection);
    IFaxAccount *account;
    HRESULT hr = fax_account_create(accounts->server, accounts->names[index], &account);

    VariantInit(item);
    if (SUCCEEDED(hr)) {
        V_VT(item) = VT_DISPATCH;
        V_DISPATCH(item) = (IDispatch *)account;
    }
    return hr;
}

static LONG accounts_count(IFaxAccounts *iface)
{
    return (LONG)impl_from_IFaxAccounts(iface)->count;
}

FXSCOMEX_COLLECTION_DISPATCH(accounts, IFaxAccounts, IFaxAccounts_tid, accounts_count, account_item)

static HRESULT WINAPI accounts_get__NewEnum(IFaxAccounts *iface, IUnknown **out)
{
    if (!out)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, accounts_count(iface), account_item, out);
}

static HRESULT WINAPI accounts_get_Item(IFaxAccounts *iface, VARIANT index, IFaxAccount **out)
{
    static const WCHAR member[] = L"FaxAccounts.Item";
    struct fax_accounts *accounts = impl_from_IFaxAccounts(iface);
    const WCHAR *key;
    VARIANT item;
    LONG one_based;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fxscomex_item_key(IFaxAccounts_tid, member, &index, &one_based, &key)))
        return hr;
    if (key) {
        char *wanted = com_utf8(key);
        size_t i;

        if (!wanted)
            return E_OUTOFMEMORY;
        for (i = 0; i < accounts->count && strcmp(accounts->names[i], wanted); i++)
            ;
        free(wanted);
        if (i == accounts->count)
            return fxscomex_error(IFaxAccounts_tid, E_INVALIDARG, L"%ls(\"%ls\"): no account of this collection has "
                                  L"that name", member, key);
        one_based = (LONG)i + 1;
    }
    if (FAILED(hr = com_collection_item(&fxscomex_module, IFaxAccounts_tid, (IUnknown *)iface, one_based,
                                        accounts_count(iface), account_item, &item)))
        return hr;
    *out = (IFaxAccount *)V_DISPATCH(&item);   /* the reference moves to the caller */
    return S_OK;
}

static HRESULT WINAPI accounts_get_Count(IFaxAccounts *iface, LONG *value)
{
    return com_return_long(accounts_count(iface), value);
}

static const IFaxAccountsVtbl accounts_vtbl = {
    accounts_QueryInterface, accounts_AddRef, accounts_Release,
    accounts_GetTypeInfoCount, accounts_GetTypeInfo, accounts_GetIDsOfNames, accounts_Invoke,
    accounts_get__NewEnum, accounts_get_Item, accounts_get_Count,
};

HRESULT fax_accounts_create(IFaxServer *server, char **names, size_t count, IFaxAccounts **out)
{
    struct fax_accounts *accounts = calloc(1, sizeof(*accounts));

    *out = NULL;
    if (!accounts) {
        account_names_free(names, count);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(accounts, IFaxAccounts, &accounts_vtbl, &CLSID_FaxAccounts);
    accounts->server = server;
    IFaxServer_AddRef(server);
    accounts->names = names;
    accounts->count = count;
    *out = &accounts->IFaxAccounts_iface;
    return S_OK;
}
