/* FaxComEx.FaxRecipient: one recipient of a FaxDocument, its fax number and name (one job each). */
#include "fxscomex_private.h"

#include <stdlib.h>

struct fax_recipient {
    IFaxRecipient IFaxRecipient_iface;
    struct com_support support;
    LONG ref;
    BSTR number, name;
};

static inline struct fax_recipient *impl_from_IFaxRecipient(IFaxRecipient *iface)
{
    return CONTAINING_RECORD(iface, struct fax_recipient, IFaxRecipient_iface);
}

static HRESULT WINAPI fax_recipient_QueryInterface(IFaxRecipient *iface, REFIID riid, void **out)
{
    struct fax_recipient *recipient = impl_from_IFaxRecipient(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxRecipient)) {
        *out = iface;
        IFaxRecipient_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&recipient->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_recipient_AddRef(IFaxRecipient *iface)
{
    return InterlockedIncrement(&impl_from_IFaxRecipient(iface)->ref);
}

static ULONG WINAPI fax_recipient_Release(IFaxRecipient *iface)
{
    struct fax_recipient *recipient = impl_from_IFaxRecipient(iface);
    ULONG ref = InterlockedDecrement(&recipient->ref);

    if (!ref) {
        SysFreeString(recipient->number);
        SysFreeString(recipient->name);
        free(recipient);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(fax_recipient, IFaxRecipient, IFaxRecipient_tid)

static HRESULT WINAPI fax_recipient_get_FaxNumber(IFaxRecipient *iface, BSTR *value)
{
    return fxscomex_get_text(impl_from_IFaxRecipient(iface)->number, value);
}

static HRESULT WINAPI fax_recipient_put_FaxNumber(IFaxRecipient *iface, BSTR value)
{
    return fxscomex_put_text(&impl_from_IFaxRecipient(iface)->number, value);
}

static HRESULT WINAPI fax_recipient_get_Name(IFaxRecipient *iface, BSTR *value)
{
    return fxscomex_get_text(impl_from_IFaxRecipient(iface)->name, value);
}

static HRESULT WINAPI fax_recipient_put_Name(IFaxRecipient *iface, BSTR value)
{
    return fxscomex_put_text(&impl_from_IFaxRecipient(iface)->name, value);
}

static const IFaxRecipientVtbl fax_recipient_vtbl = {
    fax_recipient_QueryInterface, fax_recipient_AddRef, fax_recipient_Release,
    fax_recipient_GetTypeInfoCount, fax_recipient_GetTypeInfo, fax_recipient_GetIDsOfNames, fax_recipient_Invoke,
    fax_recipient_get_FaxNumber, fax_recipient_put_FaxNumber, fax_recipient_get_Name, fax_recipient_put_Name,
};

const WCHAR *fax_recipient_number(IFaxRecipient *iface)
{
    return impl_from_IFaxRecipient(iface)->number;
}

const WCHAR *fax_recipient_name(IFaxRecipient *iface)
{
    return impl_from_IFaxRecipient(iface)->name;
}

HRESULT fax_recipient_create(const WCHAR *number, const WCHAR *name, IFaxRecipient **out)
{
    struct fax_recipient *recipient = calloc(1, sizeof(*recipient));

    *out = NULL;
    if (!recipient)
        return E_OUTOFMEMORY;
    recipient->IFaxRecipient_iface.lpVtbl = &fax_recipient_vtbl;
    recipient->ref = 1;
    com_support_init(&recipient->support, &fxscomex_module, (IUnknown *)&recipient->IFaxRecipient_iface,
                     &IID_IFaxRecipient, &CLSID_FaxRecipient);
    com_object_created(&fxscomex_module);
    if (FAILED(fxscomex_put_text(&recipient->number, number)) || FAILED(fxscomex_put_text(&recipient->name, name))) {
        IFaxRecipient_Release(&recipient->IFaxRecipient_iface);
        return E_OUTOFMEMORY;
    }
    *out = &recipient->IFaxRecipient_iface;
    return S_OK;
}
