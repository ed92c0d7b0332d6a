/* faxd's SITE FAXD GET/SET for both COM DLLs (see com_settings.h). */
#include "com_settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "com_session.h"
#include "hfx_client.h"

HRESULT com_setting_read(struct com_module *module, unsigned type, const WCHAR *server_name,
                         struct hfx_client *client, const WCHAR *member, const char *name, char **value)
{
    struct hfx_error error = { 0 };
    const char *reply;

    *value = NULL;
    if (hfx_expect(client, 2, &reply, &error, "SITE FAXD GET %s", name) != HFX_OK) {
        WCHAR what[120];
        swprintf(what, ARRAYSIZE(what), L"%ls (reading %hs)", member, name);
        return com_session_failure(module, type, server_name, what, &error);
    }
    return (*value = strdup(reply)) ? S_OK : E_OUTOFMEMORY;
}

HRESULT com_setting_read_number(struct com_module *module, unsigned type, const WCHAR *server_name,
                                struct hfx_client *client, const WCHAR *member, const char *name, LONG *value)
{
    char *text;
    HRESULT hr = com_setting_read(module, type, server_name, client, member, name, &text);

    if (SUCCEEDED(hr))
        *value = strtol(text, NULL, 10);
    free(text);
    return hr;
}

HRESULT com_setting_write(struct com_module *module, unsigned type, const WCHAR *server_name,
                          struct hfx_client *client, const WCHAR *member, const char *name, LONG number,
                          const WCHAR *text)
{
    struct hfx_error error = { 0 };
    char value[1100];
    const char *reply;

    if (text) {
        char *utf8 = com_utf8(text);
        BOOL converted = utf8 != NULL, quoted = converted && hfx_quote(utf8, value, sizeof(value));
        free(utf8);
        if (!converted)
            return E_OUTOFMEMORY;
        if (!quoted)
            return com_error(module, type, E_INVALIDARG, L"%ls: the value of %hs is too long", member, name);
    } else {
        snprintf(value, sizeof(value), "%ld", (long)number);
    }
    if (hfx_expect(client, 2, &reply, &error, "SITE FAXD SET %s %s", name, value) != HFX_OK) {
        WCHAR what[120];
        swprintf(what, ARRAYSIZE(what), L"%ls (setting %hs)", member, name);
        return com_session_failure(module, type, server_name, what, &error);
    }
    return S_OK;
}
