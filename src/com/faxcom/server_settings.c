/*
 * FaxServer's configuration properties. Against faxd they are the service's own settings, read and
 * written with `SITE FAXD GET/SET` (docs/protocol.md; com_settings.c, shared with fxscomex.dll's folders)
 * and enforced there. A stock HylaFAX server has no such settings: Retries, RetryDelay and UseDeviceTsid
 * become parameters of every job this object sends; the others fail, naming the server type. Values set
 * before Connect are kept and applied on Connect.
 */
#include "faxcom_private.h"

#include <stdio.h>
#include <stdlib.h>

#include "com_settings.h"
#include "hfx_client.h"


enum kind { KIND_NUMBER, KIND_BOOLEAN, KIND_TEXT };

static const struct {
    const WCHAR *name;
    const char *wire;
    enum kind kind;
    LONG low, high;
    BOOL per_job;   /* applied to each job on a server without settings */
} settings[SETTING_COUNT] = {
    [SETTING_RETRIES] = { L"Retries", "Retries", KIND_NUMBER, 0, 99, TRUE },
    [SETTING_RETRY_DELAY] = { L"RetryDelay", "RetryDelay", KIND_NUMBER, 0, 1440, TRUE },
    [SETTING_DIRTY_DAYS] = { L"DirtyDays", "DirtyDays", KIND_NUMBER, 0, 365, FALSE },
    [SETTING_BRANDING] = { L"Branding", "Branding", KIND_BOOLEAN, 0, 1, FALSE },
    [SETTING_USE_DEVICE_TSID] = { L"UseDeviceTsid", "UseDeviceTsid", KIND_BOOLEAN, 0, 1, TRUE },
    [SETTING_SERVER_COVERPAGE] = { L"ServerCoverpage", "ServerCoverpage", KIND_BOOLEAN, 0, 1, FALSE },
    [SETTING_PAUSE_SERVER_QUEUE] = { L"PauseServerQueue", "PauseServerQueue", KIND_BOOLEAN, 0, 1, FALSE },
    [SETTING_ARCHIVE_OUTBOUND] = { L"ArchiveOutboundFaxes", "ArchiveOutboundFaxes", KIND_BOOLEAN, 0, 1, FALSE },
    [SETTING_ARCHIVE_DIRECTORY] = { L"ArchiveDirectory", "ArchiveDirectory", KIND_TEXT, 0, 0, FALSE },
    [SETTING_MAPI_PROFILE] = { L"ServerMapiProfile", "ServerMapiProfile", KIND_TEXT, 0, 0, FALSE },
    [SETTING_DISCOUNT_START_HOUR] = { L"DiscountRateStartHour", "DiscountRateStartHour", KIND_NUMBER, 0, 23, FALSE },
    [SETTING_DISCOUNT_START_MINUTE] = { L"DiscountRateStartMinute", "DiscountRateStartMinute", KIND_NUMBER, 0, 59, FALSE },
    [SETTING_DISCOUNT_END_HOUR] = { L"DiscountRateEndHour", "DiscountRateEndHour", KIND_NUMBER, 0, 23, FALSE },
    [SETTING_DISCOUNT_END_MINUTE] = { L"DiscountRateEndMinute", "DiscountRateEndMinute", KIND_NUMBER, 0, 59, FALSE },
};

void server_settings_init(struct server_settings *s)
{
    s->value[SETTING_RETRIES] = 2;        /* Windows' defaults: 2 retries, 10 minutes apart */
    s->value[SETTING_RETRY_DELAY] = 10;
}

void server_settings_free(struct server_settings *s)
{
    for (int i = 0; i < SETTING_COUNT; i++)
        SysFreeString(s->text[i]);
}

static HRESULT not_on_hylafax(struct fax_server *server, enum setting_id id)
{
    return faxcom_error(IFaxServer_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                        L"FaxServer.%ls cannot be used with %ls: it is a HylaFAX server, which has no such setting "
                        L"(only Retries, RetryDelay and UseDeviceTsid apply there, per job)",
                        settings[id].name, fax_server_name(server));
}

/* Sends one value to faxd (com_settings.c, shared with fxscomex.dll's queue and archive settings). */
static HRESULT site_set(struct fax_server *server, struct hfx_client *client, enum setting_id id, LONG number,
                        const WCHAR *text)
{
    WCHAR member[80];

    swprintf(member, ARRAYSIZE(member), L"FaxServer.%ls", settings[id].name);
    return com_setting_write(&faxcom_module, IFaxServer_tid, fax_server_name(server), client, member,
                             settings[id].wire, number, settings[id].kind == KIND_TEXT ? (text ? text : L"") : NULL);
}

HRESULT server_setting_get(struct fax_server *server, enum setting_id id, LONG *number, BSTR *text)
{
    struct server_settings *s = fax_server_settings(server);
    struct hfx_client *client = fax_server_client(server);

    if (client && !fax_server_is_faxd(server) && !settings[id].per_job)
        return not_on_hylafax(server, id);
    if (client && fax_server_is_faxd(server)) {
        WCHAR member[80];
        char *reply;
        HRESULT hr;

        swprintf(member, ARRAYSIZE(member), L"FaxServer.%ls", settings[id].name);
        if (FAILED(hr = com_setting_read(&faxcom_module, IFaxServer_tid, fax_server_name(server), client, member,
                                         settings[id].wire, &reply)))
            return hr;
        if (settings[id].kind == KIND_TEXT) {
            *text = faxcom_bstr_from_bytes(reply);
            hr = *text ? S_OK : E_OUTOFMEMORY;
        } else {
            *number = strtol(reply, NULL, 10);
        }
        free(reply);
        return hr;
    }
    /* not connected (the value kept for Connect), or a per-job value on a HylaFAX server */
    if (settings[id].kind == KIND_TEXT) {
        *text = SysAllocString(s->text[id] ? s->text[id] : L"");
        return *text ? S_OK : E_OUTOFMEMORY;
    }
    *number = s->value[id];
    return S_OK;
}

HRESULT server_setting_put(struct fax_server *server, enum setting_id id, LONG number, BSTR text)
{
    struct server_settings *s = fax_server_settings(server);
    struct hfx_client *client = fax_server_client(server);

    if (settings[id].kind == KIND_BOOLEAN)
        number = number != 0;   /* VB's True is -1, C's 1 */
    else if (settings[id].kind == KIND_NUMBER && (number < settings[id].low || number > settings[id].high))
        return faxcom_error(IFaxServer_tid, E_INVALIDARG, L"FaxServer.%ls must be %ld to %ld, not %ld",
                            settings[id].name, settings[id].low, settings[id].high, number);
    if (client && fax_server_is_faxd(server))
        return site_set(server, client, id, number, text);
    if (client && !settings[id].per_job)
        return not_on_hylafax(server, id);
    if (settings[id].kind == KIND_TEXT) {
        BSTR copy = SysAllocString(text ? text : L"");
        if (!copy)
            return E_OUTOFMEMORY;
        SysFreeString(s->text[id]);
        s->text[id] = copy;
    } else {
        s->value[id] = number;
    }
    if (!client)
        s->pending |= 1u << id;   /* applied on Connect */
    return S_OK;
}

HRESULT server_settings_on_connect(struct fax_server *server)
{
    struct server_settings *s = fax_server_settings(server);
    struct hfx_client *client = fax_server_client(server);
    unsigned pending = s->pending;
    HRESULT hr = S_OK;

    s->pending = 0;
    for (int id = 0; id < SETTING_COUNT && SUCCEEDED(hr); id++) {
        if (!(pending & (1u << id)))
            continue;
        if (fax_server_is_faxd(server))
            hr = site_set(server, client, (enum setting_id)id, s->value[id], s->text[id]);
        else if (!settings[id].per_job)
            hr = not_on_hylafax(server, (enum setting_id)id);
    }
    return hr;
}
