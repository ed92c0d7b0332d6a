/*
 * What every collection of ours shares: an IEnumVARIANT for `For Each`, Item's bounds check, and an
 * Invoke that answers DISPID_NEWENUM and DISPID_VALUE (so `jobs(1)` works) before handing everything
 * else to the type library, which stays exactly as Microsoft's (no _NewEnum, no default member).
 */
#include "com_module.h"
#include "com_enum.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

struct item_enum {
    IEnumVARIANT IEnumVARIANT_iface;
    LONG ref;
    IUnknown *collection;   /* kept alive while enumerating */
    struct com_module *module;
    LONG count, position;
    com_item_fn item;
};

static inline struct item_enum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct item_enum, IEnumVARIANT_iface);
}

static HRESULT WINAPI item_enum_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumVARIANT)) {
        *out = iface;
        IEnumVARIANT_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI item_enum_AddRef(IEnumVARIANT *iface)
{
    return InterlockedIncrement(&impl_from_IEnumVARIANT(iface)->ref);
}

static ULONG WINAPI item_enum_Release(IEnumVARIANT *iface)
{
    struct item_enum *e = impl_from_IEnumVARIANT(iface);
    ULONG ref = InterlockedDecrement(&e->ref);

    if (!ref) {
        IUnknown_Release(e->collection);
        com_object_destroyed(e->module);
        free(e);
    }
    return ref;
}

static HRESULT WINAPI item_enum_Next(IEnumVARIANT *iface, ULONG wanted, VARIANT *items, ULONG *fetched)
{
    struct item_enum *e = impl_from_IEnumVARIANT(iface);
    ULONG n = 0;

    if (!items)
        return E_POINTER;
    while (n < wanted && e->position < e->count) {
        HRESULT hr = e->item(e->collection, e->position, &items[n]);
        if (FAILED(hr)) {
            while (n)
                VariantClear(&items[--n]);
            return hr;
        }
        e->position++;
        n++;
    }
    if (fetched)
        *fetched = n;
    return n == wanted ? S_OK : S_FALSE;
}

static HRESULT WINAPI item_enum_Skip(IEnumVARIANT *iface, ULONG count)
{
    struct item_enum *e = impl_from_IEnumVARIANT(iface);
    LONG left = e->count - e->position;

    e->position += (LONG)count < left ? (LONG)count : left;
    return (LONG)count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI item_enum_Reset(IEnumVARIANT *iface)
{
    impl_from_IEnumVARIANT(iface)->position = 0;
    return S_OK;
}

static HRESULT WINAPI item_enum_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct item_enum *e = impl_from_IEnumVARIANT(iface);
    IUnknown *clone;
    HRESULT hr = com_enum_create(e->module, e->collection, e->count, e->item, &clone);

    if (FAILED(hr))
        return hr;
    impl_from_IEnumVARIANT((IEnumVARIANT *)clone)->position = e->position;
    *out = (IEnumVARIANT *)clone;
    return S_OK;
}

static const IEnumVARIANTVtbl item_enum_vtbl = {
    item_enum_QueryInterface, item_enum_AddRef, item_enum_Release,
    item_enum_Next, item_enum_Skip, item_enum_Reset, item_enum_Clone,
};

HRESULT com_enum_create(struct com_module *module, IUnknown *collection, LONG count, com_item_fn item,
                        IUnknown **out)
{
    struct item_enum *e = calloc(1, sizeof(*e));

    if (!e)
        return E_OUTOFMEMORY;
    e->IEnumVARIANT_iface.lpVtbl = &item_enum_vtbl;
    e->ref = 1;
    e->collection = collection;
    IUnknown_AddRef(collection);
    e->count = count;
    e->item = item;
    e->module = module;
    com_object_created(module);
    *out = (IUnknown *)&e->IEnumVARIANT_iface;
    return S_OK;
}

HRESULT com_collection_invoke(struct com_module *module, unsigned type, DISPID item_id, IDispatch *iface, DISPID id,
                              WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err,
                              LONG count, com_item_fn item)
{
    ITypeInfo *info;
    HRESULT hr;

    if (id == DISPID_NEWENUM && (flags & (DISPATCH_METHOD | DISPATCH_PROPERTYGET))) {
        IUnknown *enumerator;
        if (!result)
            return E_POINTER;
        hr = com_enum_create(module, (IUnknown *)iface, count, item, &enumerator);
        if (SUCCEEDED(hr)) {
            V_VT(result) = VT_UNKNOWN;
            V_UNKNOWN(result) = enumerator;
        }
        return hr;
    }
    if (id == DISPID_VALUE)
        id = item_id;
    if (id == item_id && flags == DISPATCH_METHOD)
        flags |= DISPATCH_PROPERTYGET;   /* `col.Item(i)` as a statement is a call: let it reach the propget */
    hr = com_get_typeinfo(module, type, &info);
    if (SUCCEEDED(hr)) {
        hr = ITypeInfo_Invoke(info, iface, id, flags, params, result, excep, arg_err);
        ITypeInfo_Release(info);
    }
    return hr;
}

HRESULT com_collection_item(struct com_module *module, unsigned type, IUnknown *collection, LONG index, LONG count,
                            com_item_fn item, VARIANT *value)
{
    const WCHAR *source = module->types[type].source, *name = wcsrchr(source, L'.');

    if (!value)
        return E_POINTER;
    VariantInit(value);
    if (index < 1 || index > count)
        return com_error(module, type, E_INVALIDARG, L"%ls.Item(%ld): the index is 1 to Count (%ld)",
                         name ? name + 1 : source, index, count);
    return item(collection, index - 1, value);
}
