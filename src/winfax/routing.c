/*
 * Inbound routing. faxd lists the three methods of Microsoft's fax service per line, with their GUIDs
 * (SITE FAXD ROUTES: store in folder {92041a90-...}, print {aec1b37c-...}, e-mail {6bbf7bfe-...}) and
 * enables them (SITE FAXD ROUTE ... ENABLE). Their destinations come from faxd.conf: FaxGetRoutingInfo
 * returns a method's destination as a UTF-16 string; FaxSetRoutingInfo and the global priorities have
 * no protocol, so what a caller sets is kept per user (HKCU\Software\openfaxcom\WinFax) and returned by
 * the getters, without changing where faxd routes. A stock HylaFAX server has no routing methods.
 */
#include "winfax_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_listings.h"

/* The methods of one port, or of the server (the first port's: faxd has the same three everywhere). */
static BOOL fetch_routes(struct winfax_server *server, const struct hfx_port_row *port, struct hfx_route_row **rows,
                         size_t *count)
{
    struct hfx_error error = { 0 };
    struct hfx_client *client;

    *rows = NULL;
    *count = 0;
    if (!server->faxd)
        return TRUE;
    if (!server_lock(server, &client))
        return FALSE;
    hfx_fetch_routes(client, port->name, rows, count, &error);
    server_unlock(server);
    return error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_GEN_FAILURE);
}

/* A port handle's port and its methods. */
static struct winfax_port *port_routes(HANDLE handle, struct hfx_port_row *port, struct hfx_route_row **rows,
                                       size_t *count)
{
    struct winfax_port *object = handle_get(handle, WINFAX_PORT, NULL);

    if (object && (!find_port(object->server, object->device_id, port)
                   || !fetch_routes(object->server, port, rows, count))) {
        port_release(object);
        return NULL;
    }
    return object;
}

static const struct hfx_route_row *find_route(const struct hfx_route_row *rows, size_t count, const char *guid)
{
    for (size_t i = 0; guid && i < count; i++)
        if (!_stricmp(rows[i].guid, guid))
            return &rows[i];
    return NULL;
}

static BOOL enum_methods(HANDLE handle, FAX_ROUTING_METHODW **out, LPDWORD returned, BOOL ansi)
{
    struct hfx_port_row port;
    struct hfx_route_row *rows = NULL;
    struct out_block block = { .ansi = ansi };
    size_t count = 0;
    struct winfax_port *object;

    clear_out((void **)out);
    if (!(object = port_routes(handle, &port, &rows, &count)))
        return FALSE;
    if (!out || !returned) {
        free(rows);
        port_release(object);
        return fail(ERROR_INVALID_PARAMETER);
    }
    for (int pass = 0; pass < 2; pass++) {
        FAX_ROUTING_METHODW *m = block_reserve(&block, count * sizeof(*m));
        for (size_t i = 0; i < count; i++) {
            LPCWSTR device = block_text(&block, port.name), guid = block_text(&block, rows[i].guid);
            LPCWSTR friendly = block_text(&block, rows[i].friendly), function = block_text(&block, rows[i].function);
            LPCWSTR image = block_text(&block, rows[i].image), extension = block_text(&block, rows[i].extension);
            if (m) {
                m[i].SizeOfStruct = sizeof(m[i]);
                m[i].DeviceId = object->device_id;
                m[i].Enabled = rows[i].enabled;
                m[i].DeviceName = device;
                m[i].Guid = guid;
                m[i].FriendlyName = friendly;
                m[i].FunctionName = function;
                m[i].ExtensionImageName = image;
                m[i].ExtensionFriendlyName = extension;
            }
        }
        if (pass == 0 && !block_alloc(&block)) {
            free(rows);
            port_release(object);
            return FALSE;
        }
    }
    free(rows);
    port_release(object);
    *out = (FAX_ROUTING_METHODW *)block.base;
    *returned = (DWORD)count;
    return TRUE;
}

BOOL WINAPI FaxEnumRoutingMethodsW(HANDLE FaxPortHandle, PFAX_ROUTING_METHODW *RoutingMethod, LPDWORD MethodsReturned)
{
    return enum_methods(FaxPortHandle, RoutingMethod, MethodsReturned, FALSE);
}

BOOL WINAPI FaxEnumRoutingMethodsA(HANDLE FaxPortHandle, PFAX_ROUTING_METHODA *RoutingMethod, LPDWORD MethodsReturned)
{
    return enum_methods(FaxPortHandle, (FAX_ROUTING_METHODW **)RoutingMethod, MethodsReturned, TRUE);
}

/* The caller's GUID string as UTF-8 with braces, for comparing with the listed ones. */
static BOOL guid_in(const void *guid, BOOL ansi, char *out, size_t size)
{
    BOOL ok = TRUE;
    char *text = text_in(guid, ansi, &ok);

    if (!text)
        return FALSE;
    snprintf(out, size, text[0] == '{' ? "%s" : "{%s}", text);
    free(text);
    return TRUE;
}

static BOOL enable_method(HANDLE handle, const void *guid_text, BOOL enabled, BOOL ansi)
{
    struct hfx_port_row port;
    struct hfx_route_row *rows = NULL;
    struct hfx_error error = { 0 };
    struct hfx_client *client;
    struct winfax_port *object;
    size_t count = 0;
    char guid[64];
    BOOL ok = TRUE;

    if (!(object = port_routes(handle, &port, &rows, &count)))
        return FALSE;
    if (!guid_in(guid_text, ansi, guid, sizeof(guid)))
        ok = fail(ERROR_INVALID_PARAMETER);
    else if (!(object->flags & PORT_OPEN_MODIFY))
        ok = fail(ERROR_ACCESS_DENIED);
    else if (!find_route(rows, count, guid))
        ok = fail(ERROR_INVALID_DATA);
    else if ((ok = server_lock(object->server, &client))) {
        hfx_expect(client, 2, NULL, &error, "SITE FAXD ROUTE %s %s ENABLE %d", port.name, guid, enabled != 0);
        server_unlock(object->server);
        ok = error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_INVALID_DATA);
    }
    free(rows);
    port_release(object);
    return ok;
}

BOOL WINAPI FaxEnableRoutingMethodW(HANDLE FaxPortHandle, LPCWSTR RoutingGuid, BOOL Enabled)
{
    return enable_method(FaxPortHandle, RoutingGuid, Enabled, FALSE);
}

BOOL WINAPI FaxEnableRoutingMethodA(HANDLE FaxPortHandle, LPCSTR RoutingGuid, BOOL Enabled)
{
    return enable_method(FaxPortHandle, RoutingGuid, Enabled, TRUE);
}

/* The local store's name of a method's data on a port. */
static void data_name(DWORD device_id, const char *guid, char *out, size_t size)
{
    snprintf(out, size, "%lu %s", (unsigned long)device_id, guid);
}

static BOOL get_routing_info(HANDLE handle, const void *guid_text, LPBYTE *buffer, LPDWORD size, BOOL ansi)
{
    struct hfx_port_row port;
    struct hfx_route_row *rows = NULL;
    const struct hfx_route_row *route;
    struct winfax_port *object;
    size_t count = 0;
    char guid[64], name[96];
    BYTE stored[2048];
    DWORD stored_size = sizeof(stored);
    BOOL ok = TRUE;

    clear_out((void **)buffer);
    if (!(object = port_routes(handle, &port, &rows, &count)))
        return FALSE;
    if (!buffer || !size || !guid_in(guid_text, ansi, guid, sizeof(guid)))
        ok = fail(ERROR_INVALID_PARAMETER);
    else if (!(route = find_route(rows, count, guid)))
        ok = fail(ERROR_INVALID_DATA);
    else {
        data_name(object->device_id, route->guid, name, sizeof(name));
        if (local_store_read(object->server, "RoutingInfo", name, stored, &stored_size)) {
            if ((*buffer = LocalAlloc(LMEM_FIXED, stored_size ? stored_size : 1))) {
                memcpy(*buffer, stored, stored_size);
                *size = stored_size;
            }
        } else {   /* the destination faxd.conf gives, as UTF-16 text */
            struct out_block block = { .ansi = FALSE };
            block_text(&block, route->data);
            if (block_alloc(&block)) {
                block_text(&block, route->data);
                *buffer = block.base;
                *size = (DWORD)block.used;
            }
        }
        ok = *buffer ? TRUE : fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    free(rows);
    port_release(object);
    return ok;
}

BOOL WINAPI FaxGetRoutingInfoW(HANDLE FaxPortHandle, LPCWSTR RoutingGuid, LPBYTE *RoutingInfoBuffer,
                               LPDWORD RoutingInfoBufferSize)
{
    return get_routing_info(FaxPortHandle, RoutingGuid, RoutingInfoBuffer, RoutingInfoBufferSize, FALSE);
}

BOOL WINAPI FaxGetRoutingInfoA(HANDLE FaxPortHandle, LPCSTR RoutingGuid, LPBYTE *RoutingInfoBuffer,
                               LPDWORD RoutingInfoBufferSize)
{
    return get_routing_info(FaxPortHandle, RoutingGuid, RoutingInfoBuffer, RoutingInfoBufferSize, TRUE);
}

static BOOL set_routing_info(HANDLE handle, const void *guid_text, const BYTE *data, DWORD size, BOOL ansi)
{
    struct hfx_port_row port;
    struct hfx_route_row *rows = NULL;
    const struct hfx_route_row *route;
    struct winfax_port *object;
    size_t count = 0;
    char guid[64], name[96];
    BOOL ok;

    if (!(object = port_routes(handle, &port, &rows, &count)))
        return FALSE;
    if (!guid_in(guid_text, ansi, guid, sizeof(guid)) || (!data && size) || size > 2048)
        ok = fail(ERROR_INVALID_PARAMETER);
    else if (!(object->flags & PORT_OPEN_MODIFY))
        ok = fail(ERROR_ACCESS_DENIED);
    else if (!(route = find_route(rows, count, guid)))
        ok = fail(ERROR_INVALID_DATA);
    else {
        data_name(object->device_id, route->guid, name, sizeof(name));
        ok = local_store_write(object->server, "RoutingInfo", name, data ? data : (const BYTE *)"", size);
    }
    free(rows);
    port_release(object);
    return ok;
}

BOOL WINAPI FaxSetRoutingInfoW(HANDLE FaxPortHandle, LPCWSTR RoutingGuid, const BYTE *RoutingInfoBuffer,
                               DWORD RoutingInfoBufferSize)
{
    return set_routing_info(FaxPortHandle, RoutingGuid, RoutingInfoBuffer, RoutingInfoBufferSize, FALSE);
}

BOOL WINAPI FaxSetRoutingInfoA(HANDLE FaxPortHandle, LPCSTR RoutingGuid, const BYTE *RoutingInfoBuffer,
                               DWORD RoutingInfoBufferSize)
{
    return set_routing_info(FaxPortHandle, RoutingGuid, RoutingInfoBuffer, RoutingInfoBufferSize, TRUE);
}

/* The server's methods: the first port's, each with its priority (the listed order, or what was set). */
static BOOL global_methods(struct winfax_server *server, struct hfx_route_row **rows, size_t *count, DWORD *priorities)
{
    struct hfx_port_row *ports;
    size_t port_count;
    BOOL ok;

    *rows = NULL;
    *count = 0;
    if (!server->faxd)
        return TRUE;
    if (!fetch_ports(server, &ports, &port_count))
        return FALSE;
    ok = !port_count || fetch_routes(server, &ports[0], rows, count);
    free(ports);
    for (size_t i = 0; ok && i < *count && i < 16; i++) {
        DWORD priority, size = sizeof(priority);
        priorities[i] = (DWORD)i + 1;
        if (local_store_read(server, "GlobalRouting", (*rows)[i].guid, &priority, &size) && size == sizeof(priority))
            priorities[i] = priority;
    }
    return ok;
}

static BOOL enum_global(HANDLE handle, FAX_GLOBAL_ROUTING_INFOW **out, LPDWORD returned, BOOL ansi)
{
    struct winfax_server *server = (clear_out((void **)out), handle_get(handle, WINFAX_SERVER, NULL));
    struct out_block block = { .ansi = ansi };
    struct hfx_route_row *rows;
    DWORD priorities[16];
    size_t count;
    BOOL ok;

    if (!server)
        return FALSE;
    if (!out || !returned) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    ok = global_methods(server, &rows, &count, priorities);
    server_release(server);
    if (!ok)
        return FALSE;
    if (count > 16)
        count = 16;
    for (int pass = 0; pass < 2; pass++) {
        FAX_GLOBAL_ROUTING_INFOW *g = block_reserve(&block, count * sizeof(*g));
        for (size_t i = 0; i < count; i++) {
            LPCWSTR guid = block_text(&block, rows[i].guid), friendly = block_text(&block, rows[i].friendly);
            LPCWSTR function = block_text(&block, rows[i].function), image = block_text(&block, rows[i].image);
            LPCWSTR extension = block_text(&block, rows[i].extension);
            if (g) {
                g[i].SizeOfStruct = sizeof(g[i]);
                g[i].Priority = priorities[i];
                g[i].Guid = guid;
                g[i].FriendlyName = friendly;
                g[i].FunctionName = function;
                g[i].ExtensionImageName = image;
                g[i].ExtensionFriendlyName = extension;
            }
        }
        if (pass == 0 && !block_alloc(&block)) {
            free(rows);
            return FALSE;
        }
    }
    free(rows);
    *out = (FAX_GLOBAL_ROUTING_INFOW *)block.base;
    *returned = (DWORD)count;
    return TRUE;
}

BOOL WINAPI FaxEnumGlobalRoutingInfoW(HANDLE FaxHandle, PFAX_GLOBAL_ROUTING_INFOW *RoutingInfo, LPDWORD MethodsReturned)
{
    return enum_global(FaxHandle, RoutingInfo, MethodsReturned, FALSE);
}

BOOL WINAPI FaxEnumGlobalRoutingInfoA(HANDLE FaxHandle, PFAX_GLOBAL_ROUTING_INFOA *RoutingInfo, LPDWORD MethodsReturned)
{
    return enum_global(FaxHandle, (FAX_GLOBAL_ROUTING_INFOW **)RoutingInfo, MethodsReturned, TRUE);
}

/* Only Priority changes (spec 5.4); the method is named by Guid. */
static BOOL set_global(HANDLE handle, const FAX_GLOBAL_ROUTING_INFOW *info, BOOL ansi)
{
    struct winfax_server *server = handle_get(handle, WINFAX_SERVER, NULL);
    struct hfx_route_row *rows = NULL;
    const struct hfx_route_row *route;
    DWORD priorities[16];
    size_t count = 0;
    char guid[64];
    BOOL ok;

    if (!server)
        return FALSE;
    if (!info || info->SizeOfStruct != sizeof(FAX_GLOBAL_ROUTING_INFOW) || !guid_in(info->Guid, ansi, guid, sizeof(guid)))
        ok = fail(ERROR_INVALID_PARAMETER);
    else if ((ok = global_methods(server, &rows, &count, priorities))) {
        if (!(route = find_route(rows, count, guid)) || info->Priority < 1 || info->Priority > count)
            ok = fail(ERROR_INVALID_PARAMETER);
        else
            ok = local_store_write(server, "GlobalRouting", route->guid, &info->Priority, sizeof(info->Priority));
    }
    free(rows);
    server_release(server);
    return ok;
}

BOOL WINAPI FaxSetGlobalRoutingInfoW(HANDLE FaxHandle, const FAX_GLOBAL_ROUTING_INFOW *RoutingInfo)
{
    return set_global(FaxHandle, RoutingInfo, FALSE);
}

BOOL WINAPI FaxSetGlobalRoutingInfoA(HANDLE FaxHandle, const FAX_GLOBAL_ROUTING_INFOA *RoutingInfo)
{
    return set_global(FaxHandle, (const FAX_GLOBAL_ROUTING_INFOW *)RoutingInfo, TRUE);
}
