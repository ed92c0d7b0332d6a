/*
 * The Refresh/Save settings of the queues and archives (spec section 2): puts change this object only;
 * Save writes what was put since the last Refresh, so it never overwrites a setting another client
 * changed meanwhile; Refresh reads faxd's values again. On faxd a setting is one of its SITE FAXD
 * settings (docs/protocol.md section 4, the same ones faxcom.dll's FaxServer properties use). Settings
 * faxd has no counterpart for are kept in the object only (docs/fxscomex.md lists them). A HylaFAX server
 * has none of these settings: Refresh leaves Windows' defaults, and saving a faxd setting there fails.
 */
#include "fxscomex_private.h"

#include <math.h>
#include <stdlib.h>

#include "com_settings.h"

void folder_settings_init(struct folder_settings *s, const struct folder_setting *table, size_t count,
                          enum fxscomex_tid tid, const WCHAR *object)
{
    s->table = table;
    s->count = count;
    s->tid = tid;
    s->object = object;
    s->changed = 0;
    for (size_t i = 0; i < count; i++) {
        s->number[i] = table[i].initial;
        s->text[i] = NULL;
    }
}

void folder_settings_free(struct folder_settings *s)
{
    for (size_t i = 0; i < s->count; i++)
        SysFreeString(s->text[i]);
}

HRESULT folder_settings_refresh(struct folder_settings *s, IFaxServer *server, const WCHAR *member)
{
    struct folder_session session;
    HRESULT hr;

    if (FAILED(hr = folder_session(server, s->tid, member, &session)))
        return hr;
    s->changed = 0;
    if (!session.faxd)
        return S_OK;
    for (size_t i = 0; i < s->count; i++) {
        const struct folder_setting *setting = &s->table[i];
        LONG minute = 0;
        char *text;

        if (!setting->wire)
            continue;
        if (setting->kind == FOLDER_TEXT) {
            if (FAILED(hr = com_setting_read(&fxscomex_module, s->tid, session.name, session.client, member,
                                             setting->wire, &text)))
                return hr;
            SysFreeString(s->text[i]);
            s->text[i] = com_bstr_from_bytes(text);
            free(text);
            if (!s->text[i])
                return E_OUTOFMEMORY;
            continue;
        }
        if (FAILED(hr = com_setting_read_number(&fxscomex_module, s->tid, session.name, session.client, member,
                                                setting->wire, &s->number[i])))
            return hr;
        if (setting->kind == FOLDER_TIME_OF_DAY) {
            if (FAILED(hr = com_setting_read_number(&fxscomex_module, s->tid, session.name, session.client, member,
                                                    setting->wire_minute, &minute)))
                return hr;
            s->number[i] = s->number[i] * 60 + minute;
        } else if (setting->kind == FOLDER_FLAG_INVERTED) {
            s->number[i] = !s->number[i];
        }
    }
    return S_OK;
}

static HRESULT write_one(struct folder_settings *s, size_t i, const struct folder_session *session,
                         const WCHAR *member)
{
    const struct folder_setting *setting = &s->table[i];
    LONG value = s->number[i];
    HRESULT hr;

    switch (setting->kind) {
    case FOLDER_TEXT:
        return com_setting_write(&fxscomex_module, s->tid, session->name, session->client, member, setting->wire, 0,
                                 s->text[i] ? s->text[i] : L"");
    case FOLDER_TIME_OF_DAY:
        if (FAILED(hr = com_setting_write(&fxscomex_module, s->tid, session->name, session->client, member,
                                          setting->wire, value / 60, NULL)))
            return hr;
        return com_setting_write(&fxscomex_module, s->tid, session->name, session->client, member,
                                 setting->wire_minute, value % 60, NULL);
    case FOLDER_FLAG_INVERTED:
        value = !value;
        /* fall through */
    default:
        return com_setting_write(&fxscomex_module, s->tid, session->name, session->client, member, setting->wire,
                                 value, NULL);
    }
}

/* Flags being switched off go first and flags being switched on last: faxd refuses a setting a flag that is
 * on needs (ArchiveDirectory cannot be emptied while ArchiveOutboundFaxes is 1), and a flag whose setting is
 * not there yet (ArchiveOutboundFaxes 1 before ArchiveDirectory names a folder). */
static int save_pass(const struct folder_settings *s, size_t i)
{
    if (s->table[i].kind != FOLDER_FLAG)
        return 1;
    return s->number[i] ? 2 : 0;
}

HRESULT folder_settings_save(struct folder_settings *s, IFaxServer *server, const WCHAR *member)
{
    struct folder_session session;
    HRESULT hr;

    if (FAILED(hr = folder_session(server, s->tid, member, &session)))
        return hr;
    for (size_t i = 0; i < s->count; i++)
        if ((s->changed & (1u << i)) && s->table[i].wire && !session.faxd)
            return fxscomex_error(s->tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"%ls: %ls is a HylaFAX server, "
                                  L"which has no %hs setting for %ls; only faxd has", member, session.name,
                                  s->table[i].wire, s->object);
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < s->count; i++) {
            if (!(s->changed & (1u << i)) || !s->table[i].wire || save_pass(s, i) != pass)
                continue;
            if (FAILED(hr = write_one(s, i, &session, member)))
                return hr;
            s->changed &= ~(1u << i);
        }
    s->changed = 0;
    return S_OK;
}

HRESULT folder_get_flag(struct folder_settings *s, size_t i, VARIANT_BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = s->number[i] ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

HRESULT folder_put_flag(struct folder_settings *s, size_t i, VARIANT_BOOL value)
{
    s->number[i] = value != VARIANT_FALSE;
    s->changed |= 1u << i;
    return S_OK;
}

HRESULT folder_get_number(struct folder_settings *s, size_t i, LONG *value)
{
    if (!value)
        return E_POINTER;
    *value = s->number[i];
    return S_OK;
}

HRESULT folder_put_number(struct folder_settings *s, size_t i, const WCHAR *property, LONG value)
{
    const struct folder_setting *setting = &s->table[i];

    if (value < setting->low || value > setting->high)
        return fxscomex_error(s->tid, E_INVALIDARG, L"%ls.%ls must be %ld to %ld, not %ld", s->object, property,
                              (long)setting->low, (long)setting->high, (long)value);
    s->number[i] = value;
    s->changed |= 1u << i;
    return S_OK;
}

HRESULT folder_get_text(struct folder_settings *s, size_t i, BSTR *value)
{
    return fxscomex_get_text(s->text[i], value);
}

HRESULT folder_put_text(struct folder_settings *s, size_t i, const WCHAR *value)
{
    HRESULT hr = fxscomex_put_text(&s->text[i], value);

    if (SUCCEEDED(hr))
        s->changed |= 1u << i;
    return hr;
}

/* Only the hour and minute of a DATE count (spec 4.19): the fraction of its day. */
HRESULT folder_get_time(struct folder_settings *s, size_t i, DATE *value)
{
    if (!value)
        return E_POINTER;
    *value = s->number[i] / 1440.0;
    return S_OK;
}

HRESULT folder_put_time(struct folder_settings *s, size_t i, DATE value)
{
    double day = fabs(value - trunc(value));
    LONG minutes = (LONG)floor(day * 1440.0 + 0.5) % 1440;

    s->number[i] = minutes;
    s->changed |= 1u << i;
    return S_OK;
}
