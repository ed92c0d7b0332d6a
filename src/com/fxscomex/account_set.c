/*
 * FaxComEx.FaxAccountSet (Vista's FaxServer.FaxAccountSet, faxcomex-api.md 6.4). faxd and HylaFAX have no fax
 * accounts of their own: a user is whoever logs in, and a job belongs to the login that submitted it. So the
 * accounts are the users the server shows: the logged-in user (this Windows user, com_user_name) and every
 * owner of a job in the send and done queues. Accounts cannot be made or removed through the fax protocol
 * (faxd's users are in its access file, a HylaFAX server's in hosts.hfaxd): AddAccount and RemoveAccount fail
 * naming the server.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#include "com_session.h"
#include "hfx_table.h"

struct fax_account_set {
    IFaxAccountSet IFaxAccountSet_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
};

static void fax_account_set_destroy(struct fax_account_set *set)
{
    IFaxServer_Release(set->server);
}

FXSCOMEX_UNKNOWN(account_set, IFaxAccountSet, fax_account_set, fax_account_set_destroy)
FXSCOMEX_DISPATCH(account_set, IFaxAccountSet, IFaxAccountSet_tid)

HRESULT account_current_name(enum fxscomex_tid tid, const WCHAR *member, char **name)
{
    if (!(*name = com_user_name()))
        return fxscomex_error(tid, E_FAIL, L"%ls: Windows cannot say which user is logged in, the user whose account "
                              L"this is", member);
    return S_OK;
}

void account_names_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

static BOOL listed(char **names, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (!strcmp(names[i], name))
            return TRUE;
    return FALSE;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the owners of table's jobs that are not listed yet. */
static HRESULT add_owners(const struct hfx_table *table, char ***names, size_t *count)
{
    for (size_t row = 0; row < table->rows; row++) {
        const char *owner = hfx_table_cell(table, row, OUT_OWNER);
        char **grown;

        if (!owner[0] || listed(*names, *count, owner))
            continue;
        if (!(grown = realloc(*names, (*count + 1) * sizeof(*grown))))
            return E_OUTOFMEMORY;
        *names = grown;
        if (!(grown[*count] = strdup(owner)))
            return E_OUTOFMEMORY;
        ++*count;
    }
    return S_OK;
}

HRESULT account_names_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, char ***names,
                            size_t *count)
{
    struct hfx_table table;
    HRESULT hr;

    *count = 0;
    if (!(*names = calloc(1, sizeof(**names))))
        return E_OUTOFMEMORY;
    if (FAILED(hr = account_current_name(tid, member, &(*names)[0])))
        goto failed;
    *count = 1;
    for (int done = 0; done < 2; done++) {
        if (FAILED(hr = outgoing_rows_fetch(server, tid, member, done, &table)))
            goto failed;
        hr = add_owners(&table, names, count);
        hfx_table_free(&table);
        if (FAILED(hr))
            goto failed;
    }
    qsort(*names + 1, *count - 1, sizeof(**names), by_name);   /* the logged-in user first, then by name */
    return S_OK;
failed:
    account_names_free(*names, *count);
    *names = NULL;
    *count = 0;
    return hr;
}

static HRESULT WINAPI account_set_GetAccounts(IFaxAccountSet *iface, IFaxAccounts **out)
{
    struct fax_account_set *set = impl_from_IFaxAccountSet(iface);
    char **names;
    size_t count;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = account_names_fetch(set->server, IFaxAccountSet_tid, L"FaxAccountSet.GetAccounts", &names,
                                        &count)))
        return hr;
    return fax_accounts_create(set->server, names, count, out);   /* the names move into the collection */
}

static HRESULT WINAPI account_set_GetAccount(IFaxAccountSet *iface, BSTR name, IFaxAccount **out)
{
    struct fax_account_set *set = impl_from_IFaxAccountSet(iface);
    static const WCHAR member[] = L"FaxAccountSet.GetAccount";
    char **names, *wanted;
    size_t count, found;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!name || !name[0])
        return fxscomex_error(IFaxAccountSet_tid, E_INVALIDARG, L"%ls: no account name given", member);
    if (FAILED(hr = account_names_fetch(set->server, IFaxAccountSet_tid, member, &names, &count)))
        return hr;
    wanted = com_utf8(name);
    for (found = 0; wanted && found < count && strcmp(names[found], wanted); found++)
        ;
    if (!wanted)
        hr = E_OUTOFMEMORY;
    else if (found < count)
        hr = fax_account_create(set->server, names[found], out);
    else
        hr = fxscomex_error(IFaxAccountSet_tid, E_INVALIDARG, L"%ls(\"%ls\"): the fax server has no such account (its "
                            L"accounts are the logged-in user and the owners of the jobs in its queues)", member,
                            name);
    free(wanted);
    account_names_free(names, count);
    return hr;
}

static HRESULT cannot_manage(struct fax_account_set *set, const WCHAR *member, BSTR name)
{
    struct hfx_client *client;
    const WCHAR *server_name;
    BOOL faxd;
    HRESULT hr = fax_server_session(set->server, IFaxAccountSet_tid, member, &client, &faxd, &server_name);

    if (FAILED(hr))
        return hr;
    if (!name || !name[0])
        return fxscomex_error(IFaxAccountSet_tid, E_INVALIDARG, L"%ls: no account name given", member);
    return fxscomex_error(IFaxAccountSet_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"%ls(\"%ls\"): the fax "
                          L"server %ls (%ls) cannot manage fax accounts: its users are the logins of its %ls, and a "
                          L"user's account is there as soon as the user logs in", member, name, server_name,
                          faxd ? L"faxd" : L"HylaFAX", faxd ? L"access file" : L"hosts.hfaxd");
}

static HRESULT WINAPI account_set_AddAccount(IFaxAccountSet *iface, BSTR name, IFaxAccount **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    return cannot_manage(impl_from_IFaxAccountSet(iface), L"FaxAccountSet.AddAccount", name);
}

static HRESULT WINAPI account_set_RemoveAccount(IFaxAccountSet *iface, BSTR name)
{
    return cannot_manage(impl_from_IFaxAccountSet(iface), L"FaxAccountSet.RemoveAccount", name);
}

static const IFaxAccountSetVtbl account_set_vtbl = {
    account_set_QueryInterface, account_set_AddRef, account_set_Release,
    account_set_GetTypeInfoCount, account_set_GetTypeInfo, account_set_GetIDsOfNames, account_set_Invoke,
    account_set_GetAccounts, account_set_GetAccount, account_set_AddAccount, account_set_RemoveAccount,
};

HRESULT fax_account_set_create(IFaxServer *server, IFaxAccountSet **out)
{
    struct fax_account_set *set = calloc(1, sizeof(*set));

    *out = NULL;
    if (!set)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(set, IFaxAccountSet, &account_set_vtbl, &CLSID_FaxAccountSet);
    set->server = server;
    IFaxServer_AddRef(server);
    *out = &set->IFaxAccountSet_iface;
    return S_OK;
}
