/*
 * What the device and configuration objects of fxscomex.dll share: Item's VARIANT keys, the arrays some
 * properties return, and the one wording for changes a fax server cannot store (faxd keeps only what its
 * SITE FAXD commands name; a HylaFAX server keeps its configuration in its own files).
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

HRESULT fxscomex_return_bool(BOOL flag, VARIANT_BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = flag ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

HRESULT fxscomex_item_key(enum fxscomex_tid tid, const WCHAR *member, const VARIANT *item, LONG *index,
                          const WCHAR **key)
{
    const VARIANT *value = item;
    VARIANT number;

    while (value && V_VT(value) == (VT_VARIANT | VT_BYREF))   /* VBScript passes its variables by reference */
        value = V_VARIANTREF(value);
    *index = 0;
    *key = NULL;
    if (value && V_VT(value) == VT_BSTR) {
        *key = V_BSTR(value) ? V_BSTR(value) : L"";
        return S_OK;
    }
    if (value && V_VT(value) == (VT_BSTR | VT_BYREF)) {
        *key = *V_BSTRREF(value) ? *V_BSTRREF(value) : L"";
        return S_OK;
    }
    VariantInit(&number);
    switch (value ? V_VT(value) & ~VT_BYREF : VT_EMPTY) {
    case VT_I1: case VT_UI1: case VT_I2: case VT_UI2: case VT_I4: case VT_UI4: case VT_INT: case VT_UINT:
    case VT_R4: case VT_R8: case VT_DECIMAL: case VT_I8: case VT_UI8:
        if (SUCCEEDED(VariantChangeType(&number, (VARIANT *)value, 0, VT_I4))) {
            *index = V_I4(&number);
            return S_OK;
        }
        break;
    }
    return fxscomex_error(tid, E_INVALIDARG, L"%ls: the index is a number from 1 to Count or a name (text); a "
                          L"value of type %d is neither", member, value ? V_VT(value) : VT_EMPTY);
}

HRESULT fxscomex_script_array(VARIANT *result)
{
    SAFEARRAY *typed, *variants;
    VARTYPE type;
    LONG low, high;
    HRESULT hr;

    if (!result || !(V_VT(result) & VT_ARRAY) || ((type = V_VT(result) & VT_TYPEMASK) != VT_BSTR && type != VT_I4))
        return S_OK;
    typed = V_ARRAY(result);
    if (FAILED(hr = SafeArrayGetLBound(typed, 1, &low)) || FAILED(hr = SafeArrayGetUBound(typed, 1, &high)))
        return hr;
    if (!(variants = SafeArrayCreateVector(VT_VARIANT, low, (ULONG)(high - low + 1))))
        return E_OUTOFMEMORY;
    for (LONG i = low; i <= high && SUCCEEDED(hr); i++) {
        VARIANT item;
        VariantInit(&item);
        V_VT(&item) = type;
        if (SUCCEEDED(hr = SafeArrayGetElement(typed, &i, type == VT_BSTR ? (void *)&V_BSTR(&item)
                                                                             : (void *)&V_I4(&item)))) {
            hr = SafeArrayPutElement(variants, &i, &item);
            VariantClear(&item);
        }
    }
    if (FAILED(hr)) {
        SafeArrayDestroy(variants);
        return hr;
    }
    VariantClear(result);
    V_VT(result) = VT_ARRAY | VT_VARIANT;
    V_ARRAY(result) = variants;
    return S_OK;
}

static HRESULT make_array(VARTYPE type, LONG count, SAFEARRAY **array)
{
    return (*array = SafeArrayCreateVector(type, 0, (ULONG)count)) ? S_OK : E_OUTOFMEMORY;
}

HRESULT fxscomex_long_array(const LONG *values, LONG count, VARIANT *out)
{
    SAFEARRAY *array;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    VariantInit(out);
    if (FAILED(hr = make_array(VT_I4, count, &array)))
        return hr;
    for (LONG i = 0; i < count && SUCCEEDED(hr); i++)
        hr = SafeArrayPutElement(array, &i, (void *)&values[i]);
    if (FAILED(hr)) {
        SafeArrayDestroy(array);
        return hr;
    }
    V_VT(out) = VT_ARRAY | VT_I4;
    V_ARRAY(out) = array;
    return S_OK;
}

HRESULT fxscomex_text_array(const char *const *values, LONG count, VARIANT *out)
{
    SAFEARRAY *array;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    VariantInit(out);
    if (FAILED(hr = make_array(VT_BSTR, count, &array)))
        return hr;
    for (LONG i = 0; i < count && SUCCEEDED(hr); i++) {
        BSTR text = com_bstr_from_bytes(values[i]);
        hr = text ? SafeArrayPutElement(array, &i, text) : E_OUTOFMEMORY;   /* the array keeps a copy */
        SysFreeString(text);
    }
    if (FAILED(hr)) {
        SafeArrayDestroy(array);
        return hr;
    }
    V_VT(out) = VT_ARRAY | VT_BSTR;
    V_ARRAY(out) = array;
    return S_OK;
}

HRESULT fxscomex_connected(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, BOOL *faxd)
{
    struct hfx_client *client;
    const WCHAR *name;
    BOOL is_faxd;
    HRESULT hr = fax_server_session(server, tid, member, &client, &is_faxd, &name);

    if (SUCCEEDED(hr) && faxd)
        *faxd = is_faxd;
    return hr;
}

HRESULT fxscomex_cannot_store(enum fxscomex_tid tid, IFaxServer *server, const WCHAR *member, const WCHAR *why)
{
    struct hfx_client *client;
    const WCHAR *name;
    BOOL faxd;
    HRESULT hr = fax_server_session(server, tid, member, &client, &faxd, &name);

    if (FAILED(hr))
        return hr;
    return fxscomex_error(tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"%ls: the fax server %ls (%ls) cannot store "
                          L"this change: %ls", member, name, faxd ? L"faxd" : L"HylaFAX", why);
}

/* A GUID string as the spec's extension properties name them: with or without braces. */
BOOL fxscomex_is_guid(const WCHAR *text)
{
    WCHAR braced[40];
    GUID guid;

    if (!text || wcslen(text) > 38)
        return FALSE;
    if (text[0] == L'{')
        wcscpy(braced, text);
    else
        swprintf(braced, ARRAYSIZE(braced), L"{%ls}", text);
    return SUCCEEDED(CLSIDFromString(braced, &guid));
}

HRESULT fxscomex_extension_property_get(enum fxscomex_tid tid, IFaxServer *server, const WCHAR *member, BSTR guid,
                                        VARIANT *value)
{
    struct hfx_client *client;
    const WCHAR *name;
    BOOL faxd;
    HRESULT hr;

    if (!value)
        return E_POINTER;
    VariantInit(value);
    if (FAILED(hr = fax_server_session(server, tid, member, &client, &faxd, &name)))
        return hr;
    if (!fxscomex_is_guid(guid))
        return fxscomex_error(tid, E_INVALIDARG, L"%ls: \"%ls\" is not a GUID string (like "
                              L"\"{00000000-0000-0000-0000-000000000000}\")", member, guid ? guid : L"");
    /* No extension stores data here: neither faxd nor HylaFAX has extension configuration. */
    return fxscomex_error(tid, HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), L"%ls: the fax server %ls keeps no "
                          L"extension data under %ls (it has no extension configuration storage)", member, name, guid);
}

HRESULT fxscomex_extension_property_set(enum fxscomex_tid tid, IFaxServer *server, const WCHAR *member, BSTR guid,
                                        const VARIANT *value)
{
    HRESULT hr;

    if (FAILED(hr = fxscomex_connected(server, tid, member, NULL)))
        return hr;
    if (!fxscomex_is_guid(guid))
        return fxscomex_error(tid, E_INVALIDARG, L"%ls: \"%ls\" is not a GUID string (like "
                              L"\"{00000000-0000-0000-0000-000000000000}\")", member, guid ? guid : L"");
    if (V_VT(value) != (VT_ARRAY | VT_UI1))
        return fxscomex_error(tid, E_INVALIDARG, L"%ls: the property is a byte array (VT_ARRAY | VT_UI1), not a "
                              L"value of type %d", member, V_VT(value));
    return fxscomex_cannot_store(tid, server, member, L"it has no extension configuration storage");
}
