/*
 * Ports: one per faxd line (SITE FAXD PORTS) or HylaFAX modem (LIST status), by the engine's row
 * parsers. FaxSetPort changes faxd lines with SITE FAXD PORT; a HylaFAX modem is configured on its
 * server, so changing one is ERROR_ACCESS_DENIED, as for a user without the right.
 */
#include "winfax_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfx_listings.h"

BOOL fetch_ports(struct winfax_server *server, struct hfx_port_row **rows, size_t *count)
{
    struct hfx_error error = { 0 };
    struct hfx_client *client;

    if (!server_lock(server, &client))
        return FALSE;
    hfx_fetch_ports(client, server->faxd ? HFX_PORTS_FAXD : HFX_PORTS_HYLAFAX, rows, count, &error);
    server_unlock(server);
    return error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_GEN_FAILURE);
}

BOOL find_port(struct winfax_server *server, DWORD device_id, struct hfx_port_row *row)
{
    struct hfx_port_row *rows;
    size_t count, i;

    if (!fetch_ports(server, &rows, &count))
        return FALSE;
    for (i = 0; i < count && rows[i].device_id != (long)device_id; i++)
        ;
    if (i < count)
        *row = rows[i];
    free(rows);
    return i < count ? TRUE : fail(ERROR_BAD_UNIT);
}

/* The activity text as an FPS_* state. */
DWORD port_state(const char *text)
{
    if (strstr(text, "Dialing"))
        return FPS_DIALING;
    if (strstr(text, "Sending"))
        return FPS_SENDING;
    if (strstr(text, "Receiving"))
        return FPS_RECEIVING;
    if (strstr(text, "Offline") || strstr(text, "Down") || strstr(text, "down"))
        return FPS_OFFLINE;
    return FPS_AVAILABLE;
}

static void fill_port(struct out_block *block, FAX_PORT_INFOW *info, const struct hfx_port_row *row)
{
    LPCWSTR name = block_text(block, row->name), tsid = block_text(block, row->tsid), csid = block_text(block, row->csid);

    if (!info)
        return;
    info->SizeOfStruct = sizeof(*info);
    info->DeviceId = (DWORD)row->device_id;
    info->State = port_state(row->state);
    info->Flags = (row->send ? FPF_SEND : 0) | (row->receive ? FPF_RECEIVE : 0);
    info->Rings = (DWORD)row->rings;
    info->Priority = (DWORD)row->priority;
    info->DeviceName = name;
    info->Tsid = tsid;
    info->Csid = csid;
}

static BOOL ports_block(const struct hfx_port_row *rows, size_t count, BOOL ansi, FAX_PORT_INFOW **out)
{
    struct out_block block = { .ansi = ansi };

    for (int pass = 0; pass < 2; pass++) {
        FAX_PORT_INFOW *infos = block_reserve(&block, count * sizeof(*infos));
        for (size_t i = 0; i < count; i++)
            fill_port(&block, infos ? &infos[i] : NULL, &rows[i]);
        if (pass == 0 && !block_alloc(&block))
            return FALSE;
    }
    *out = (FAX_PORT_INFOW *)block.base;
    return TRUE;
}

static BOOL enum_ports(HANDLE handle, FAX_PORT_INFOW **out, LPDWORD returned, BOOL ansi)
{
    struct winfax_server *server = (clear_out((void **)out), handle_get(handle, WINFAX_SERVER, NULL));
    struct hfx_port_row *rows;
    size_t count;
    BOOL ok;

    if (!server)
        return FALSE;
    if (!out || !returned) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    ok = fetch_ports(server, &rows, &count);
    server_release(server);
    if (!ok)
        return FALSE;
    ok = ports_block(rows, count, ansi, out);
    free(rows);
    if (ok)
        *returned = (DWORD)count;
    return ok;
}

BOOL WINAPI FaxEnumPortsW(HANDLE FaxHandle, PFAX_PORT_INFOW *PortInfo, LPDWORD PortsReturned)
{
    return enum_ports(FaxHandle, PortInfo, PortsReturned, FALSE);
}

BOOL WINAPI FaxEnumPortsA(HANDLE FaxHandle, PFAX_PORT_INFOA *PortInfo, LPDWORD PortsReturned)
{
    return enum_ports(FaxHandle, (FAX_PORT_INFOW **)PortInfo, PortsReturned, TRUE);
}

BOOL WINAPI FaxOpenPort(HANDLE FaxHandle, DWORD DeviceId, DWORD Flags, LPHANDLE FaxPortHandle)
{
    struct winfax_server *server = handle_get(FaxHandle, WINFAX_SERVER, NULL);
    struct hfx_port_row row;
    struct winfax_port *port;
    BOOL taken = FALSE;

    if (!server)
        return FALSE;
    if (!FaxPortHandle || !Flags || (Flags & ~(DWORD)(PORT_OPEN_QUERY | PORT_OPEN_MODIFY))) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    *FaxPortHandle = NULL;
    if (!find_port(server, DeviceId, &row)) {
        server_release(server);
        return FALSE;
    }
    if (Flags & PORT_OPEN_MODIFY) {   /* one modifying opener per port (spec 6.6) */
        EnterCriticalSection(&server->lock);
        for (size_t i = 0; i < server->modify_count; i++)
            taken |= server->modify_ports[i] == DeviceId;
        if (!taken && server->modify_count < ARRAYSIZE(server->modify_ports))
            server->modify_ports[server->modify_count++] = DeviceId;
        else
            taken = TRUE;
        LeaveCriticalSection(&server->lock);
        if (taken) {
            server_release(server);
            return fail(ERROR_INVALID_HANDLE);
        }
    }
    if (!(port = calloc(1, sizeof(*port)))) {
        if (Flags & PORT_OPEN_MODIFY)
            port_modify_release(server, DeviceId);
        server_release(server);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    port->ref = 1;
    port->server = server;   /* the reference handle_get took */
    port->device_id = DeviceId;
    port->flags = Flags;
    if (!(*FaxPortHandle = handle_new(WINFAX_PORT, port))) {
        port_release(port);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    return TRUE;
}

static BOOL get_port(HANDLE handle, FAX_PORT_INFOW **out, BOOL ansi)
{
    struct winfax_port *port = (clear_out((void **)out), handle_get(handle, WINFAX_PORT, NULL));
    struct hfx_port_row row;
    BOOL ok;

    if (!port)
        return FALSE;
    if (!out) {
        port_release(port);
        return fail(ERROR_INVALID_PARAMETER);
    }
    ok = find_port(port->server, port->device_id, &row) && ports_block(&row, 1, ansi, out);
    port_release(port);
    return ok;
}

BOOL WINAPI FaxGetPortW(HANDLE FaxPortHandle, PFAX_PORT_INFOW *PortInfo)
{
    return get_port(FaxPortHandle, PortInfo, FALSE);
}

BOOL WINAPI FaxGetPortA(HANDLE FaxPortHandle, PFAX_PORT_INFOA *PortInfo)
{
    return get_port(FaxPortHandle, (FAX_PORT_INFOW **)PortInfo, TRUE);
}

/* One SITE FAXD PORT change. */
static BOOL port_change(struct winfax_server *server, const char *port, const char *setting, const char *value)
{
    struct hfx_error error = { 0 };
    struct hfx_client *client;
    char quoted[128];

    if (!hfx_quote(value, quoted, sizeof(quoted)))
        return fail(ERROR_INVALID_PARAMETER);
    if (!server_lock(server, &client))
        return FALSE;
    hfx_expect(client, 2, NULL, &error, "SITE FAXD PORT %s %s %s", port, setting, quoted);
    server_unlock(server);
    return error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_INVALID_PARAMETER);
}

static BOOL set_port(HANDLE handle, const FAX_PORT_INFOW *info, BOOL ansi)
{
    struct winfax_port *port = handle_get(handle, WINFAX_PORT, NULL);
    struct hfx_port_row row;
    char number[16];
    BOOL ok = TRUE, converted = TRUE;
    char *tsid = NULL, *csid = NULL;

    if (!port)
        return FALSE;
    if (!info || info->SizeOfStruct != sizeof(FAX_PORT_INFOW)) {
        port_release(port);
        return fail(ERROR_INVALID_PARAMETER);
    }
    if (!(port->flags & PORT_OPEN_MODIFY)) {
        port_release(port);
        return fail(ERROR_ACCESS_DENIED);
    }
    if (!find_port(port->server, port->device_id, &row)) {
        port_release(port);
        return FALSE;
    }
    if (!row.can_modify) {
        port_release(port);
        return fail(ERROR_ACCESS_DENIED);
    }
    tsid = text_in(info->Tsid, ansi, &converted);
    csid = text_in(info->Csid, ansi, &converted);
    if (!converted)
        ok = fail(ERROR_NOT_ENOUGH_MEMORY);
    /* only what differs is sent: FPF_VIRTUAL and the read-only fields are ignored (spec 3.5) */
    if (ok && row.send != !!(info->Flags & FPF_SEND))
        ok = port_change(port->server, row.name, "Send", info->Flags & FPF_SEND ? "1" : "0");
    if (ok && row.receive != !!(info->Flags & FPF_RECEIVE))
        ok = port_change(port->server, row.name, "Receive", info->Flags & FPF_RECEIVE ? "1" : "0");
    if (ok && (long)info->Rings != row.rings) {
        snprintf(number, sizeof(number), "%lu", (unsigned long)info->Rings);
        ok = port_change(port->server, row.name, "Rings", number);
    }
    if (ok && (long)info->Priority != row.priority) {
        snprintf(number, sizeof(number), "%lu", (unsigned long)info->Priority);
        ok = port_change(port->server, row.name, "Priority", number);
    }
    if (ok && tsid && strcmp(tsid, row.tsid))
        ok = port_change(port->server, row.name, "Tsid", tsid);
    if (ok && csid && strcmp(csid, row.csid))
        ok = port_change(port->server, row.name, "Csid", csid);
    free(tsid);
    free(csid);
    port_release(port);
    return ok;
}

BOOL WINAPI FaxSetPortW(HANDLE FaxPortHandle, const FAX_PORT_INFOW *PortInfo)
{
    return set_port(FaxPortHandle, PortInfo, FALSE);
}

BOOL WINAPI FaxSetPortA(HANDLE FaxPortHandle, const FAX_PORT_INFOA *PortInfo)
{
    return set_port(FaxPortHandle, (const FAX_PORT_INFOW *)PortInfo, TRUE);
}

/* Unix seconds as a FILETIME (UTC); 0 stays 0. */
static FILETIME filetime_from_unix(long long seconds)
{
    ULONGLONG ticks = seconds > 0 ? ((ULONGLONG)seconds + 11644473600ULL) * 10000000ULL : 0;
    FILETIME time = { (DWORD)ticks, (DWORD)(ticks >> 32) };
    return time;
}

static BOOL device_status(HANDLE handle, FAX_DEVICE_STATUSW **out, BOOL ansi)
{
    struct winfax_port *port = (clear_out((void **)out), handle_get(handle, WINFAX_PORT, NULL));
    struct hfx_port_status status = { 0 };
    struct hfx_error error = { 0 };
    struct out_block block = { .ansi = ansi };
    struct hfx_client *client;
    struct hfx_port_row row;
    BOOL ok;

    if (!port)
        return FALSE;
    if (!out) {
        port_release(port);
        return fail(ERROR_INVALID_PARAMETER);
    }
    ok = find_port(port->server, port->device_id, &row);
    if (ok && port->server->faxd && (ok = server_lock(port->server, &client))) {
        hfx_fetch_status(client, row.name, &status, &error);
        server_unlock(port->server);
        ok = error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_GEN_FAILURE);
    } else if (ok) {   /* a HylaFAX modem: what its status line says */
        snprintf(status.description, sizeof(status.description), "%s", row.state);
        snprintf(status.csid, sizeof(status.csid), "%s", row.csid);
        snprintf(status.tsid, sizeof(status.tsid), "%s", row.tsid);
    }
    port_release(port);
    if (!ok)
        return FALSE;
    for (int pass = 0; pass < 2; pass++) {
        FAX_DEVICE_STATUSW *s = block_reserve(&block, sizeof(*s));
        bool busy = status.send || status.receive;
        LPCWSTR caller = block_text(&block, status.caller_id[0] ? status.caller_id : NULL);
        LPCWSTR csid = block_text(&block, status.csid), name = block_text(&block, row.name);
        LPCWSTR document = block_text(&block, busy ? status.document_name : NULL);
        LPCWSTR number = block_text(&block, status.send ? status.address : NULL);
        LPCWSTR routing = block_text(&block, status.routing[0] ? status.routing : NULL);
        LPCWSTR sender = block_text(&block, busy ? status.sender_name : NULL);
        LPCWSTR recipient = block_text(&block, busy ? status.recipient_name : NULL);
        LPCWSTR tsid = block_text(&block, status.tsid);
        if (s) {
            s->SizeOfStruct = sizeof(*s);
            s->CallerId = caller;
            s->Csid = csid;
            s->CurrentPage = (DWORD)status.current_page;
            s->DeviceId = port->device_id;
            s->DeviceName = name;
            s->DocumentName = document;
            s->JobType = status.send ? JT_SEND : status.receive ? JT_RECEIVE : JT_UNKNOWN;
            s->PhoneNumber = number;
            s->RoutingString = routing;
            s->SenderName = sender;
            s->RecipientName = recipient;
            s->Size = (DWORD)status.document_size;
            s->StartTime = filetime_from_unix(status.start_time);
            s->Status = port_state(status.description[0] ? status.description : row.state);
            s->StatusString = NULL;   /* only standard FPS_* values are reported (spec 12.11) */
            s->SubmittedTime = filetime_from_unix(status.submitted_time);
            s->TotalPages = (DWORD)status.page_count;
            s->Tsid = tsid;
            s->UserName = sender;
        }
        if (pass == 0 && !block_alloc(&block))
            return FALSE;
    }
    *out = (FAX_DEVICE_STATUSW *)block.base;
    return TRUE;
}

BOOL WINAPI FaxGetDeviceStatusW(HANDLE FaxPortHandle, PFAX_DEVICE_STATUSW *DeviceStatus)
{
    return device_status(FaxPortHandle, DeviceStatus, FALSE);
}

BOOL WINAPI FaxGetDeviceStatusA(HANDLE FaxPortHandle, PFAX_DEVICE_STATUSA *DeviceStatus)
{
    return device_status(FaxPortHandle, (FAX_DEVICE_STATUSW **)DeviceStatus, TRUE);
}
