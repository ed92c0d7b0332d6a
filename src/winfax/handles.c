/*
 * Server and port handles. A handle is a slot number with a generation and a tag in its high bits,
 * looked up in a process-wide table under one lock: a closed handle's generation no longer matches,
 * and a foreign value (a file handle, NULL, a stray pointer) finds no slot, so both are
 * ERROR_INVALID_HANDLE and nothing freed is ever touched. The table and each call hold references,
 * so FaxClose during another thread's call frees the object only when that call ends.
 */
#include "winfax_private.h"

#include <stdlib.h>

#include "fax_connect.h"

#define SLOTS 4096                 /* open handles per process */
#define TAG 0x5a000000u            /* bits 24-31 of every handle */
#define GENERATIONS 0x1000u        /* bits 12-23 */

static struct slot {
    enum winfax_kind kind;         /* 0 when free */
    unsigned generation;
    void *object;
} slots[SLOTS];
static CRITICAL_SECTION table_lock;
static INIT_ONCE table_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK init_table(INIT_ONCE *once, void *parameter, void **context)
{
    InitializeCriticalSection(&table_lock);
    return TRUE;
}

static void lock_table(void)
{
    InitOnceExecuteOnce(&table_once, init_table, NULL, NULL);
    EnterCriticalSection(&table_lock);
}

static void reference(enum winfax_kind kind, void *object)
{
    InterlockedIncrement(kind == WINFAX_SERVER ? &((struct winfax_server *)object)->ref
                                               : &((struct winfax_port *)object)->ref);
}

HANDLE handle_new(enum winfax_kind kind, void *object)
{
    HANDLE handle = NULL;

    lock_table();
    for (unsigned i = 0; i < SLOTS; i++) {
        if (slots[i].kind)
            continue;
        slots[i].kind = kind;
        slots[i].object = object;
        slots[i].generation = (slots[i].generation + 1) % GENERATIONS;
        handle = (HANDLE)(ULONG_PTR)(TAG | slots[i].generation << 12 | i);
        break;
    }
    LeaveCriticalSection(&table_lock);
    return handle;
}

static struct slot *find(HANDLE handle)
{
    ULONG_PTR value = (ULONG_PTR)handle;
    unsigned index = value & 0xfff;

    if ((value & 0xff000000u) != TAG || (ULONGLONG)value >> 32 != 0 || index >= SLOTS || !slots[index].kind
        || slots[index].generation != ((value >> 12) & 0xfff))
        return NULL;
    return &slots[index];
}

void *handle_get(HANDLE handle, enum winfax_kind kind, enum winfax_kind *found)
{
    struct slot *slot;
    void *object = NULL;

    lock_table();
    if ((slot = find(handle)) && (!kind || slot->kind == kind)) {
        object = slot->object;
        reference(slot->kind, object);
        if (found)
            *found = slot->kind;
    }
    LeaveCriticalSection(&table_lock);
    if (!object)
        SetLastError(ERROR_INVALID_HANDLE);
    return object;
}

void *handle_remove(HANDLE handle, enum winfax_kind *found)
{
    struct slot *slot;
    void *object = NULL;

    lock_table();
    if ((slot = find(handle))) {
        object = slot->object;   /* the table's reference passes to the caller */
        *found = slot->kind;
        slot->kind = 0;
        slot->object = NULL;
    }
    LeaveCriticalSection(&table_lock);
    return object;
}

void server_release(struct winfax_server *server)
{
    if (server && !InterlockedDecrement(&server->ref)) {
        hfx_close(server->client);
        free(server->archive_directory);
        DeleteCriticalSection(&server->lock);
        free(server);
    }
}

void port_modify_release(struct winfax_server *server, DWORD device_id)
{
    EnterCriticalSection(&server->lock);
    for (size_t i = 0; i < server->modify_count; i++)
        if (server->modify_ports[i] == device_id) {
            server->modify_ports[i] = server->modify_ports[--server->modify_count];
            break;
        }
    LeaveCriticalSection(&server->lock);
}

void port_release(struct winfax_port *port)
{
    if (port && !InterlockedDecrement(&port->ref)) {
        if (port->flags & PORT_OPEN_MODIFY)   /* the next opener may modify */
            port_modify_release(port->server, port->device_id);
        server_release(port->server);
        free(port);
    }
}

BOOL server_open_session(const char *host, int port, struct hfx_client **client, bool *faxd)
{
    struct fax_session_result result;

    if (fax_open_session(host, port, NULL, client, &result) != HFX_OK)
        return fail(result.no_stored_password ? ERROR_ACCESS_DENIED : winfax_error_from(&result.error, ERROR_ACCESS_DENIED));
    if (faxd)
        *faxd = fax_session_is_faxd(*client);
    return TRUE;
}

BOOL server_lock(struct winfax_server *server, struct hfx_client **client)
{
    EnterCriticalSection(&server->lock);
    /* a session the server dropped is opened again once, as a new connection would be */
    if (!server->client && !server_open_session(server->host, server->port, &server->client, NULL)) {
        LeaveCriticalSection(&server->lock);
        return FALSE;
    }
    *client = server->client;
    return TRUE;
}

void server_unlock(struct winfax_server *server)
{
    LeaveCriticalSection(&server->lock);
}

BOOL server_list_session(struct winfax_server *server, struct hfx_client **client, struct hfx_client **fresh)
{
    *fresh = NULL;
    if (server->faxd)
        return server_lock(server, client);
    if (!server_open_session(server->host, server->port, fresh, NULL))
        return FALSE;
    *client = *fresh;
    EnterCriticalSection(&server->lock);   /* the caller unlocks as for the shared session */
    return TRUE;
}
