/*
 * FaxServer's Register/UnregisterDeviceProvider and Register/UnregisterInboundRoutingExtension. Both backends
 * have their providers and routing built in (faxd: loopback and SIP lines, its three routing methods; HylaFAX:
 * its modems and FaxDispatch), so no Windows DLL can be loaded into them. The arguments are checked first, as
 * the spec describes them, so a script learns of its own mistakes before it learns the server's limit.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <wchar.h>

static BOOL is_empty(const WCHAR *text)
{
    return !text || !*text;
}

static HRESULT missing(const WCHAR *member, const WCHAR *what)
{
    return fxscomex_error(IFaxServer_tid, E_INVALIDARG, L"%ls: %ls is empty", member, what);
}

static HRESULT cannot_load(IFaxServer *server, const WCHAR *member, const WCHAR *what)
{
    struct hfx_client *client;
    const WCHAR *name;
    BOOL faxd;
    HRESULT hr = fax_server_session(server, IFaxServer_tid, member, &client, &faxd, &name);

    if (FAILED(hr))
        return hr;
    return fxscomex_error(IFaxServer_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"%ls: the fax server %ls (%ls) "
                          L"cannot load %ls: %ls", member, name, faxd ? L"faxd" : L"HylaFAX", what,
                          faxd ? L"its lines (loopback, SIP) and its routing methods (folder, print, e-mail) are "
                                 L"built in, and it runs no Windows DLLs"
                               : L"its modems and its routing (FaxDispatch) are its own, and it runs no Windows DLLs");
}

HRESULT fxscomex_register_device_provider(IFaxServer *server, BSTR guid, BSTR friendly_name, BSTR image_name,
                                          BSTR tsp_name, LONG version)
{
    const WCHAR *member = L"FaxServer.RegisterDeviceProvider";
    HRESULT hr;

    (void)tsp_name;     /* optional: an FSP need not be a TAPI provider */
    (void)version;      /* any version is refused alike */
    if (FAILED(hr = fxscomex_connected(server, IFaxServer_tid, member, NULL)))
        return hr;
    if (!fxscomex_is_guid(guid))
        return fxscomex_error(IFaxServer_tid, E_INVALIDARG, L"%ls: \"%ls\" is not a GUID string (like "
                              L"\"{00000000-0000-0000-0000-000000000000}\")", member, guid ? guid : L"");
    if (is_empty(friendly_name))
        return missing(member, L"the friendly name");
    if (is_empty(image_name))
        return missing(member, L"the image name (the provider DLL's path)");
    return cannot_load(server, member, L"device providers");
}

HRESULT fxscomex_unregister_device_provider(IFaxServer *server, BSTR unique_name)
{
    const WCHAR *member = L"FaxServer.UnregisterDeviceProvider";
    HRESULT hr;

    if (FAILED(hr = fxscomex_connected(server, IFaxServer_tid, member, NULL)))
        return hr;
    if (is_empty(unique_name))
        return missing(member, L"the provider's unique name");
    return cannot_load(server, member, L"or unload device providers");
}

/* One entry of vMethods: "method name;friendly name;function name;{method GUID}", every field given. */
static BOOL is_method_entry(const WCHAR *entry)
{
    const WCHAR *field = entry;
    int fields = 0;

    if (!entry)
        return FALSE;
    for (;;) {
        const WCHAR *end = wcschr(field, L';');
        size_t length = end ? (size_t)(end - field) : wcslen(field);

        if (!length)
            return FALSE;
        if (++fields == 4)
            return !end && fxscomex_is_guid(field);
        if (!end)
            return FALSE;
        field = end + 1;
    }
}

/* vMethods: a 1-D array of strings (VT_ARRAY|VT_BSTR from C, VT_ARRAY|VT_VARIANT from VBScript's Array()),
 * at least one, each a well-formed entry. *bad is the 0-based index of the first bad entry, else -1. */
static BOOL is_method_list(const VARIANT *methods, LONG *bad)
{
    const VARIANT *value = methods;
    SAFEARRAY *array;
    VARTYPE type;
    LONG low, high;

    *bad = -1;
    while (V_VT(value) == (VT_VARIANT | VT_BYREF))
        value = V_VARIANTREF(value);
    if (!(V_VT(value) & VT_ARRAY))
        return FALSE;
    array = (V_VT(value) & VT_BYREF) ? *V_ARRAYREF(value) : V_ARRAY(value);
    if (!array || SafeArrayGetDim(array) != 1 || FAILED(SafeArrayGetVartype(array, &type))
        || (type != VT_BSTR && type != VT_VARIANT) || FAILED(SafeArrayGetLBound(array, 1, &low))
        || FAILED(SafeArrayGetUBound(array, 1, &high)) || high < low)
        return FALSE;
    for (LONG i = low; i <= high; i++) {
        const WCHAR *entry = NULL;
        VARIANT item;
        BSTR text = NULL;
        BOOL ok;

        VariantInit(&item);
        if (type == VT_BSTR) {
            if (FAILED(SafeArrayGetElement(array, &i, &text)))
                return FALSE;
            entry = text;
        } else {
            if (FAILED(SafeArrayGetElement(array, &i, &item)))
                return FALSE;
            entry = V_VT(&item) == VT_BSTR ? V_BSTR(&item) : NULL;
        }
        ok = is_method_entry(entry);
        SysFreeString(text);
        VariantClear(&item);
        if (!ok) {
            *bad = i - low;
            return FALSE;
        }
    }
    return TRUE;
}

HRESULT fxscomex_register_routing_extension(IFaxServer *server, BSTR name, BSTR friendly_name, BSTR image_name,
                                            const VARIANT *methods)
{
    const WCHAR *member = L"FaxServer.RegisterInboundRoutingExtension";
    LONG bad;
    HRESULT hr;

    if (FAILED(hr = fxscomex_connected(server, IFaxServer_tid, member, NULL)))
        return hr;
    if (is_empty(name))
        return missing(member, L"the extension name");
    if (is_empty(friendly_name))
        return missing(member, L"the friendly name");
    if (is_empty(image_name))
        return missing(member, L"the image name (the extension DLL's path)");
    if (!is_method_list(methods, &bad)) {
        if (bad >= 0)
            return fxscomex_error(IFaxServer_tid, E_INVALIDARG, L"%ls: method %ld is not \"method name;friendly "
                                  L"name;function name;{method GUID}\"", member, (long)bad);
        return fxscomex_error(IFaxServer_tid, E_INVALIDARG, L"%ls: the methods are a one-dimensional array of "
                              L"strings, at least one, each \"method name;friendly name;function name;{method "
                              L"GUID}\"", member);
    }
    return cannot_load(server, member, L"inbound routing extensions");
}

HRESULT fxscomex_unregister_routing_extension(IFaxServer *server, BSTR unique_name)
{
    const WCHAR *member = L"FaxServer.UnregisterInboundRoutingExtension";
    HRESULT hr;

    if (FAILED(hr = fxscomex_connected(server, IFaxServer_tid, member, NULL)))
        return hr;
    if (is_empty(unique_name))
        return missing(member, L"the extension's unique name");
    return cannot_load(server, member, L"or unload inbound routing extensions");
}
