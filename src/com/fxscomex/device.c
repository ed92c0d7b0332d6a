/*
 * FaxComEx.FaxDevice: one line. Its settings are faxd's port settings, the ones faxcom.dll's FaxPort changes:
 * RingsBeforeAnswer is Rings, CSID/TSID are Csid/Tsid, SendEnabled is Send, ReceiveMode is Receive (auto answer
 * or no answer). Puts change this object only; Save sends what changed (SITE FAXD PORT), Refresh re-reads.
 * UseRoutingMethod acts at once (SITE FAXD ROUTE), as the spec says. What faxd cannot keep (a description,
 * manual answering) fails at Save with ERROR_NOT_SUPPORTED; a HylaFAX server's modems cannot be changed at all.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "hfx_client.h"
#include "hfx_listings.h"
#include "hfx_text.h"

/* What a script may edit before Save. */
struct device_settings {
    LONG rings;
    FAX_DEVICE_RECEIVE_MODE_ENUM receive_mode;
    BOOL send;
    char csid[32], tsid[32];
    BSTR description;
};

struct fax_device {
    IFaxDevice IFaxDevice_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct comex_line line;         /* as last read; line.routes owned */
    struct device_settings saved, edit;
};

static void fax_device_destroy(struct fax_device *device)
{
    free(device->line.routes);
    SysFreeString(device->saved.description);
    SysFreeString(device->edit.description);
    IFaxServer_Release(device->server);
}

FXSCOMEX_UNKNOWN(fax_device, IFaxDevice, fax_device, fax_device_destroy)
FXSCOMEX_DISPATCH(fax_device, IFaxDevice, IFaxDevice_tid)

/* Takes a copy of line (its routes too) as what the server has. */
static HRESULT load(struct fax_device *device, const struct comex_line *line)
{
    struct hfx_route_row *routes = NULL;
    BSTR saved_description = SysAllocString(L""), edit_description = SysAllocString(L"");

    if (line->route_count && (routes = malloc(line->route_count * sizeof(*routes))))
        memcpy(routes, line->routes, line->route_count * sizeof(*routes));
    if (!saved_description || !edit_description || (line->route_count && !routes)) {
        SysFreeString(saved_description);
        SysFreeString(edit_description);
        free(routes);
        return E_OUTOFMEMORY;
    }
    free(device->line.routes);
    device->line = *line;
    device->line.routes = routes;
    SysFreeString(device->saved.description);
    SysFreeString(device->edit.description);
    device->saved.rings = line->port.rings;
    device->saved.receive_mode = line->port.receive ? fdrmAUTO_ANSWER : fdrmNO_ANSWER;
    device->saved.send = line->port.send;
    snprintf(device->saved.csid, sizeof(device->saved.csid), "%s", line->port.csid);
    snprintf(device->saved.tsid, sizeof(device->saved.tsid), "%s", line->port.tsid);
    device->saved.description = saved_description;   /* faxd keeps no description of a line */
    device->edit = device->saved;
    device->edit.description = edit_description;
    return S_OK;
}

/* ---- what the server says ---- */

static HRESULT WINAPI fax_device_get_Id(IFaxDevice *iface, LONG *plId)
{
    return com_return_long(impl_from_IFaxDevice(iface)->line.port.device_id, plId);
}

static HRESULT WINAPI fax_device_get_DeviceName(IFaxDevice *iface, BSTR *pbstrDeviceName)
{
    return com_return_text(impl_from_IFaxDevice(iface)->line.port.name, pbstrDeviceName);
}

static HRESULT WINAPI fax_device_get_ProviderUniqueName(IFaxDevice *iface, BSTR *pbstrProviderUniqueName)
{
    return fxscomex_get_text(comex_line_kind_unique_name(impl_from_IFaxDevice(iface)->line.kind),
                             pbstrProviderUniqueName);
}

static HRESULT WINAPI fax_device_get_PoweredOff(IFaxDevice *iface, VARIANT_BOOL *pbPoweredOff)
{
    return fxscomex_return_bool(!strcmp(impl_from_IFaxDevice(iface)->line.status.state, "Offline"), pbPoweredOff);
}

static HRESULT WINAPI fax_device_get_ReceivingNow(IFaxDevice *iface, VARIANT_BOOL *pbReceivingNow)
{
    return fxscomex_return_bool(impl_from_IFaxDevice(iface)->line.status.receive, pbReceivingNow);
}

static HRESULT WINAPI fax_device_get_SendingNow(IFaxDevice *iface, VARIANT_BOOL *pbSendingNow)
{
    return fxscomex_return_bool(impl_from_IFaxDevice(iface)->line.status.send, pbSendingNow);
}

/* Lines ring only inside faxd's call set-up, which answers at once: never seen ringing from outside. */
static HRESULT WINAPI fax_device_get_RingingNow(IFaxDevice *iface, VARIANT_BOOL *pbRingingNow)
{
    return fxscomex_return_bool(FALSE, pbRingingNow);
}

static HRESULT WINAPI fax_device_get_UsedRoutingMethods(IFaxDevice *iface, VARIANT *pvUsedRoutingMethods)
{
    struct fax_device *device = impl_from_IFaxDevice(iface);
    const char *guids[8];
    LONG count = 0;

    for (size_t i = 0; i < device->line.route_count && count < (LONG)ARRAYSIZE(guids); i++)
        if (device->line.routes[i].enabled)
            guids[count++] = device->line.routes[i].guid;
    return fxscomex_text_array(guids, count, pvUsedRoutingMethods);
}

/* ---- the settings: local until Save ---- */

static HRESULT WINAPI fax_device_get_Description(IFaxDevice *iface, BSTR *pbstrDescription)
{
    return fxscomex_get_text(impl_from_IFaxDevice(iface)->edit.description, pbstrDescription);
}

static HRESULT WINAPI fax_device_put_Description(IFaxDevice *iface, BSTR bstrDescription)
{
    return fxscomex_put_text(&impl_from_IFaxDevice(iface)->edit.description, bstrDescription);
}

static HRESULT WINAPI fax_device_get_SendEnabled(IFaxDevice *iface, VARIANT_BOOL *pbSendEnabled)
{
    return fxscomex_return_bool(impl_from_IFaxDevice(iface)->edit.send, pbSendEnabled);
}

static HRESULT WINAPI fax_device_put_SendEnabled(IFaxDevice *iface, VARIANT_BOOL bSendEnabled)
{
    impl_from_IFaxDevice(iface)->edit.send = bSendEnabled != VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_device_get_ReceiveMode(IFaxDevice *iface, FAX_DEVICE_RECEIVE_MODE_ENUM *pReceiveMode)
{
    if (!pReceiveMode)
        return E_POINTER;
    *pReceiveMode = impl_from_IFaxDevice(iface)->edit.receive_mode;
    return S_OK;
}

static HRESULT WINAPI fax_device_put_ReceiveMode(IFaxDevice *iface, FAX_DEVICE_RECEIVE_MODE_ENUM ReceiveMode)
{
    if (ReceiveMode < fdrmNO_ANSWER || ReceiveMode > fdrmMANUAL_ANSWER)
        return fxscomex_error(IFaxDevice_tid, E_INVALIDARG, L"FaxDevice.ReceiveMode: %d is not a receive mode "
                              L"(fdrmNO_ANSWER 0, fdrmAUTO_ANSWER 1, fdrmMANUAL_ANSWER 2)", ReceiveMode);
    impl_from_IFaxDevice(iface)->edit.receive_mode = ReceiveMode;
    return S_OK;
}

static HRESULT WINAPI fax_device_get_RingsBeforeAnswer(IFaxDevice *iface, LONG *plRingsBeforeAnswer)
{
    return com_return_long(impl_from_IFaxDevice(iface)->edit.rings, plRingsBeforeAnswer);
}

static HRESULT WINAPI fax_device_put_RingsBeforeAnswer(IFaxDevice *iface, LONG lRingsBeforeAnswer)
{
    if (lRingsBeforeAnswer < 0 || lRingsBeforeAnswer > 99)
        return fxscomex_error(IFaxDevice_tid, E_INVALIDARG, L"FaxDevice.RingsBeforeAnswer: %ld is out of range "
                              L"(0 to 99)", lRingsBeforeAnswer);
    impl_from_IFaxDevice(iface)->edit.rings = lRingsBeforeAnswer;
    return S_OK;
}

/* An ident as faxd keeps it: at most 20 characters (T.30's limit), checked again by the server. */
static HRESULT put_ident(const WCHAR *property, BSTR value, char *field, size_t size)
{
    char *utf8 = com_utf8(value ? value : L"");

    if (!utf8)
        return E_OUTOFMEMORY;
    if (strlen(utf8) > 20) {
        free(utf8);
        return fxscomex_error(IFaxDevice_tid, E_INVALIDARG, L"FaxDevice.%ls: \"%ls\" is longer than 20 characters "
                              L"(the fax identity's limit)", property, value);
    }
    snprintf(field, size, "%s", utf8);
    free(utf8);
    return S_OK;
}

static HRESULT WINAPI fax_device_get_CSID(IFaxDevice *iface, BSTR *pbstrCSID)
{
    return com_return_text(impl_from_IFaxDevice(iface)->edit.csid, pbstrCSID);
}

static HRESULT WINAPI fax_device_put_CSID(IFaxDevice *iface, BSTR bstrCSID)
{
    struct fax_device *device = impl_from_IFaxDevice(iface);
    return put_ident(L"CSID", bstrCSID, device->edit.csid, sizeof(device->edit.csid));
}

static HRESULT WINAPI fax_device_get_TSID(IFaxDevice *iface, BSTR *pbstrTSID)
{
    return com_return_text(impl_from_IFaxDevice(iface)->edit.tsid, pbstrTSID);
}

static HRESULT WINAPI fax_device_put_TSID(IFaxDevice *iface, BSTR bstrTSID)
{
    struct fax_device *device = impl_from_IFaxDevice(iface);
    return put_ident(L"TSID", bstrTSID, device->edit.tsid, sizeof(device->edit.tsid));
}

/* ---- Refresh and Save ---- */

static HRESULT WINAPI fax_device_Refresh(IFaxDevice *iface)
{
    struct fax_device *device = impl_from_IFaxDevice(iface);
    struct comex_line *lines;
    size_t count;
    HRESULT hr = comex_lines_fetch(device->server, IFaxDevice_tid, L"FaxDevice.Refresh", &lines, &count);

    if (FAILED(hr))
        return hr;
    hr = fxscomex_error(IFaxDevice_tid, HRESULT_FROM_WIN32(ERROR_NOT_FOUND), L"FaxDevice.Refresh: device %ld (%hs) "
                        L"is gone from the server", device->line.port.device_id, device->line.port.name);
    for (size_t i = 0; i < count; i++)
        if (lines[i].port.device_id == device->line.port.device_id) {
            hr = load(device, &lines[i]);
            com_clear_error();
            break;
        }
    comex_lines_free(lines, count);
    return hr;
}

/* One setting: SITE FAXD PORT <name> <setting> <value>. */
static HRESULT save_setting(struct fax_device *device, struct hfx_client *client, const char *setting,
                            const char *value)
{
    struct hfx_error error = { 0 };
    const char *reply;
    char quoted[128];
    WCHAR what[128];

    if (!hfx_quote(value, quoted, sizeof(quoted)))
        return fxscomex_error(IFaxDevice_tid, E_INVALIDARG, L"FaxDevice.Save: the %hs value is too long", setting);
    if (hfx_expect(client, 2, &reply, &error, "SITE FAXD PORT %s %s %s", device->line.port.name, setting, quoted)
        == HFX_OK)
        return S_OK;
    swprintf(what, ARRAYSIZE(what), L"FaxDevice.Save: setting %hs of device %hs", setting, device->line.port.name);
    return fax_server_failure(device->server, IFaxDevice_tid, what, &error);
}

static HRESULT WINAPI fax_device_Save(IFaxDevice *iface)
{
    struct fax_device *device = impl_from_IFaxDevice(iface);
    struct device_settings *edit = &device->edit, *saved = &device->saved;
    struct hfx_client *client;
    const WCHAR *name;
    char number[16];
    BOOL faxd;
    HRESULT hr = fax_server_session(device->server, IFaxDevice_tid, L"FaxDevice.Save", &client, &faxd, &name);

    if (FAILED(hr))
        return hr;
    if (wcscmp(edit->description, saved->description))
        return fxscomex_cannot_store(IFaxDevice_tid, device->server, L"FaxDevice.Save",
                                     L"it keeps no description of a device (Description stays \"\")");
    if (edit->receive_mode == fdrmMANUAL_ANSWER)
        return fxscomex_cannot_store(IFaxDevice_tid, device->server, L"FaxDevice.Save", L"its lines answer by "
                                     L"themselves or not at all (fdrmAUTO_ANSWER or fdrmNO_ANSWER), never manually");
    if (edit->rings == saved->rings && edit->receive_mode == saved->receive_mode && edit->send == saved->send
        && !strcmp(edit->csid, saved->csid) && !strcmp(edit->tsid, saved->tsid))
        return S_OK;   /* nothing changed: nothing to refuse either */
    if (!device->line.port.can_modify)
        return fxscomex_error(IFaxDevice_tid, HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED), L"FaxDevice.Save: device "
                              L"%hs of %ls cannot be changed: %ls", device->line.port.name, name,
                              faxd ? L"changing devices needs ADMIN on this server"
                                   : L"it is a HylaFAX server, whose modems are configured there");
    snprintf(number, sizeof(number), "%ld", edit->rings);
    if (edit->rings != saved->rings && FAILED(hr = save_setting(device, client, "Rings", number)))
        return hr;
    saved->rings = edit->rings;
    if (strcmp(edit->csid, saved->csid) && FAILED(hr = save_setting(device, client, "Csid", edit->csid)))
        return hr;
    memcpy(saved->csid, edit->csid, sizeof(saved->csid));
    if (strcmp(edit->tsid, saved->tsid) && FAILED(hr = save_setting(device, client, "Tsid", edit->tsid)))
        return hr;
    memcpy(saved->tsid, edit->tsid, sizeof(saved->tsid));
    if (edit->send != saved->send && FAILED(hr = save_setting(device, client, "Send", edit->send ? "1" : "0")))
        return hr;
    saved->send = edit->send;
    if (edit->receive_mode != saved->receive_mode
        && FAILED(hr = save_setting(device, client, "Receive", edit->receive_mode == fdrmAUTO_ANSWER ? "1" : "0")))
        return hr;
    saved->receive_mode = edit->receive_mode;
    return S_OK;
}

/* ---- extension data, routing, answering ---- */

static HRESULT WINAPI fax_device_GetExtensionProperty(IFaxDevice *iface, BSTR bstrGUID, VARIANT *pvProperty)
{
    return fxscomex_extension_property_get(IFaxDevice_tid, impl_from_IFaxDevice(iface)->server,
                                           L"FaxDevice.GetExtensionProperty", bstrGUID, pvProperty);
}

static HRESULT WINAPI fax_device_SetExtensionProperty(IFaxDevice *iface, BSTR bstrGUID, VARIANT vProperty)
{
    return fxscomex_extension_property_set(IFaxDevice_tid, impl_from_IFaxDevice(iface)->server,
                                           L"FaxDevice.SetExtensionProperty", bstrGUID, &vProperty);
}

/* The method with this GUID (any case, braces or not), or NULL. */
static struct hfx_route_row *find_route(struct fax_device *device, const WCHAR *guid)
{
    char *utf8 = com_utf8(guid ? guid : L"");
    struct hfx_route_row *found = NULL;

    for (size_t i = 0; utf8 && i < device->line.route_count && !found; i++) {
        const char *known = device->line.routes[i].guid, *given = utf8;
        size_t known_length = strlen(known), given_length = strlen(given);
        if (*known == '{' && *given != '{' && known_length > 2)
            known++, known_length -= 2;
        if (!strncasecmp(known, given, known_length) && known_length == given_length)
            found = &device->line.routes[i];
    }
    free(utf8);
    return found;
}

static HRESULT WINAPI fax_device_UseRoutingMethod(IFaxDevice *iface, BSTR bstrMethodGUID, VARIANT_BOOL bUse)
{
    struct fax_device *device = impl_from_IFaxDevice(iface);
    struct hfx_error error = { 0 };
    struct hfx_route_row *route;
    struct hfx_client *client;
    const WCHAR *name;
    const char *reply;
    WCHAR what[160];
    BOOL faxd;
    HRESULT hr = fax_server_session(device->server, IFaxDevice_tid, L"FaxDevice.UseRoutingMethod", &client, &faxd,
                                    &name);

    if (FAILED(hr))
        return hr;
    if (!faxd)
        return fxscomex_cannot_store(IFaxDevice_tid, device->server, L"FaxDevice.UseRoutingMethod",
                                     L"a HylaFAX server routes received faxes by its own FaxDispatch script");
    if (!(route = find_route(device, bstrMethodGUID)))
        return fxscomex_error(IFaxDevice_tid, E_INVALIDARG, L"FaxDevice.UseRoutingMethod: \"%ls\" is not a routing "
                              L"method of device %hs (FaxServer.InboundRouting.GetMethods lists them)",
                              bstrMethodGUID ? bstrMethodGUID : L"", device->line.port.name);
    if (hfx_expect(client, 2, &reply, &error, "SITE FAXD ROUTE %s %s ENABLE %d", device->line.port.name, route->guid,
                   bUse != VARIANT_FALSE) != HFX_OK) {
        swprintf(what, ARRAYSIZE(what), L"FaxDevice.UseRoutingMethod: %ls %hs on device %hs",
                 bUse ? L"enabling" : L"disabling", route->friendly, device->line.port.name);
        return fax_server_failure(device->server, IFaxDevice_tid, what, &error);
    }
    route->enabled = bUse != VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_device_AnswerCall(IFaxDevice *iface)
{
    return fxscomex_cannot_store(IFaxDevice_tid, impl_from_IFaxDevice(iface)->server, L"FaxDevice.AnswerCall",
                                 L"its lines answer calls by themselves; there is no manual answering");
}

static const IFaxDeviceVtbl fax_device_vtbl = {
    fax_device_QueryInterface, fax_device_AddRef, fax_device_Release,
    fax_device_GetTypeInfoCount, fax_device_GetTypeInfo, fax_device_GetIDsOfNames, fax_device_Invoke,
    fax_device_get_Id, fax_device_get_DeviceName, fax_device_get_ProviderUniqueName, fax_device_get_PoweredOff,
    fax_device_get_ReceivingNow, fax_device_get_SendingNow, fax_device_get_UsedRoutingMethods,
    fax_device_get_Description, fax_device_put_Description, fax_device_get_SendEnabled, fax_device_put_SendEnabled,
    fax_device_get_ReceiveMode, fax_device_put_ReceiveMode, fax_device_get_RingsBeforeAnswer,
    fax_device_put_RingsBeforeAnswer, fax_device_get_CSID, fax_device_put_CSID, fax_device_get_TSID,
    fax_device_put_TSID, fax_device_Refresh, fax_device_Save, fax_device_GetExtensionProperty,
    fax_device_SetExtensionProperty, fax_device_UseRoutingMethod, fax_device_get_RingingNow, fax_device_AnswerCall,
};

HRESULT fax_device_create(IFaxServer *server, const struct comex_line *line, IFaxDevice **out)
{
    struct fax_device *device = calloc(1, sizeof(*device));
    HRESULT hr;

    *out = NULL;
    if (!device)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(device, IFaxDevice, &fax_device_vtbl, &CLSID_FaxDevice);
    device->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = load(device, line))) {
        IFaxDevice_Release(&device->IFaxDevice_iface);
        return hr;
    }
    *out = &device->IFaxDevice_iface;
    return S_OK;
}
