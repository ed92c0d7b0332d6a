/*
 * FaxComEx.FaxRecipients: the recipient list of a FaxDocument, 1-based as the spec says (Item, Remove),
 * with For Each through src/com/common's enumerator. Item hands out the recipient itself, so
 * `doc.Recipients(1).Name = "x"` changes what is sent.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

struct fax_recipients {
    IFaxRecipients IFaxRecipients_iface;
    struct com_support support;
    LONG ref;
    IFaxRecipient **items;
    LONG count, capacity;
};

static inline struct fax_recipients *impl_from_IFaxRecipients(IFaxRecipients *iface)
{
    return CONTAINING_RECORD(iface, struct fax_recipients, IFaxRecipients_iface);
}

static HRESULT WINAPI fax_recipients_QueryInterface(IFaxRecipients *iface, REFIID riid, void **out)
{
    struct fax_recipients *recipients = impl_from_IFaxRecipients(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxRecipients)) {
        *out = iface;
        IFaxRecipients_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&recipients->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_recipients_AddRef(IFaxRecipients *iface)
{
    return InterlockedIncrement(&impl_from_IFaxRecipients(iface)->ref);
}

static ULONG WINAPI fax_recipients_Release(IFaxRecipients *iface)
{
    struct fax_recipients *recipients = impl_from_IFaxRecipients(iface);
    ULONG ref = InterlockedDecrement(&recipients->ref);

    if (!ref) {
        for (LONG i = 0; i < recipients->count; i++)
            IFaxRecipient_Release(recipients->items[i]);
        free(recipients->items);
        free(recipients);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

static HRESULT WINAPI fax_recipients_GetTypeInfoCount(IFaxRecipients *iface, UINT *count)
{
    if (!count)
        return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_recipients_GetTypeInfo(IFaxRecipients *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return index ? DISP_E_BADINDEX : com_get_typeinfo(&fxscomex_module, IFaxRecipients_tid, info);
}

static HRESULT WINAPI fax_recipients_GetIDsOfNames(IFaxRecipients *iface, REFIID riid, LPOLESTR *names, UINT count,
                                                   LCID lcid, DISPID *ids)
{
    return com_ids_of_names(&fxscomex_module, IFaxRecipients_tid, names, count, ids);
}

/* For the enumerator: the recipient at a 0-based index, as VT_DISPATCH. */
static HRESULT recipient_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_recipients *recipients = impl_from_IFaxRecipients((IFaxRecipients *)collection);

    if (index < 0 || index >= recipients->count)   /* removed while enumerating */
        return E_INVALIDARG;
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = (IDispatch *)recipients->items[index];
    IDispatch_AddRef(V_DISPATCH(item));
    return S_OK;
}

/* `recipients(1)` and `recipients.Item 1` reach Item (DISPID 0) as a call too. */
static HRESULT WINAPI fax_recipients_Invoke(IFaxRecipients *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                            DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxRecipients_tid, DISPID_VALUE, (IDispatch *)iface, id, flags,
                                 params, result, excep, arg_err, impl_from_IFaxRecipients(iface)->count,
                                 recipient_item);
}

static HRESULT WINAPI fax_recipients_get__NewEnum(IFaxRecipients *iface, IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, impl_from_IFaxRecipients(iface)->count,
                           recipient_item, ppUnk);
}

static HRESULT WINAPI fax_recipients_get_Item(IFaxRecipients *iface, LONG lIndex, IFaxRecipient **ppFaxRecipient)
{
    VARIANT item;
    HRESULT hr;

    if (!ppFaxRecipient)
        return E_POINTER;
    *ppFaxRecipient = NULL;
    hr = com_collection_item(&fxscomex_module, IFaxRecipients_tid, (IUnknown *)iface, lIndex,
                             impl_from_IFaxRecipients(iface)->count, recipient_item, &item);
    if (SUCCEEDED(hr))
        *ppFaxRecipient = (IFaxRecipient *)V_DISPATCH(&item);   /* the reference moves to the caller */
    return hr;
}

static HRESULT WINAPI fax_recipients_get_Count(IFaxRecipients *iface, LONG *plCount)
{
    return com_return_long(impl_from_IFaxRecipients(iface)->count, plCount);
}

static HRESULT WINAPI fax_recipients_Add(IFaxRecipients *iface, BSTR bstrFaxNumber, BSTR bstrRecipientName,
                                         IFaxRecipient **ppFaxRecipient)
{
    struct fax_recipients *recipients = impl_from_IFaxRecipients(iface);
    IFaxRecipient *recipient;
    HRESULT hr;

    if (!ppFaxRecipient)
        return E_POINTER;
    *ppFaxRecipient = NULL;
    if (!bstrFaxNumber || !*bstrFaxNumber)
        return fxscomex_error(IFaxRecipients_tid, E_INVALIDARG,
                              L"FaxRecipients.Add: the fax number is empty; give the number to dial");
    if (recipients->count == recipients->capacity) {
        LONG capacity = recipients->capacity ? recipients->capacity * 2 : 4;
        IFaxRecipient **grown = realloc(recipients->items, capacity * sizeof(*grown));
        if (!grown)
            return E_OUTOFMEMORY;
        recipients->items = grown;
        recipients->capacity = capacity;
    }
    if (FAILED(hr = fax_recipient_create(bstrFaxNumber, bstrRecipientName, &recipient)))
        return hr;
    recipients->items[recipients->count++] = recipient;
    IFaxRecipient_AddRef(recipient);
    *ppFaxRecipient = recipient;
    return S_OK;
}

static HRESULT WINAPI fax_recipients_Remove(IFaxRecipients *iface, LONG lIndex)
{
    struct fax_recipients *recipients = impl_from_IFaxRecipients(iface);

    if (lIndex < 1 || lIndex > recipients->count)
        return fxscomex_error(IFaxRecipients_tid, E_INVALIDARG, L"FaxRecipients.Remove(%ld): the index is 1 to "
                              L"Count (%ld)", lIndex, recipients->count);
    IFaxRecipient_Release(recipients->items[lIndex - 1]);
    memmove(&recipients->items[lIndex - 1], &recipients->items[lIndex],
            (size_t)(recipients->count - lIndex) * sizeof(*recipients->items));
    recipients->count--;
    return S_OK;
}

static const IFaxRecipientsVtbl fax_recipients_vtbl = {
    fax_recipients_QueryInterface, fax_recipients_AddRef, fax_recipients_Release,
    fax_recipients_GetTypeInfoCount, fax_recipients_GetTypeInfo, fax_recipients_GetIDsOfNames, fax_recipients_Invoke,
    fax_recipients_get__NewEnum, fax_recipients_get_Item, fax_recipients_get_Count, fax_recipients_Add,
    fax_recipients_Remove,
};

LONG fax_recipients_count(IFaxRecipients *iface)
{
    return impl_from_IFaxRecipients(iface)->count;
}

IFaxRecipient *fax_recipients_at(IFaxRecipients *iface, LONG index)
{
    return impl_from_IFaxRecipients(iface)->items[index];
}

HRESULT fax_recipients_create(IFaxRecipients **out)
{
    struct fax_recipients *recipients = calloc(1, sizeof(*recipients));

    *out = NULL;
    if (!recipients)
        return E_OUTOFMEMORY;
    recipients->IFaxRecipients_iface.lpVtbl = &fax_recipients_vtbl;
    recipients->ref = 1;
    com_support_init(&recipients->support, &fxscomex_module, (IUnknown *)&recipients->IFaxRecipients_iface,
                     &IID_IFaxRecipients, &CLSID_FaxRecipients);
    com_object_created(&fxscomex_module);
    *out = &recipients->IFaxRecipients_iface;
    return S_OK;
}
