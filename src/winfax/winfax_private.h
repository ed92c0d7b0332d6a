/*
 * Declarations shared by winfax.dll's areas. Every export follows the Win32 contract: nonzero on
 * success; zero with SetLastError on failure (fail() does both). Handles are table slots, never
 * pointers (handles.c), so a closed, foreign or NULL handle is ERROR_INVALID_HANDLE, never a crash.
 * Strings inside the DLL are UTF-8; the A exports convert in the caller's code page (CP_ACP), the W
 * exports from/to UTF-16 (text.c). Every returned buffer is one LocalAlloc block (buffers.c).
 */
#ifndef OPENFAXCOM_WINFAX_PRIVATE_H
#define OPENFAXCOM_WINFAX_PRIVATE_H

#include <stdbool.h>

#include "winfax.h"
#include "hfx_client.h"
#include "hfx_rows.h"

/* Sets the error and returns FALSE: `return fail(ERROR_INVALID_PARAMETER);`. */
static inline BOOL fail(DWORD code)
{
    SetLastError(code);
    return FALSE;
}
/* A protocol failure as the Win32 error the spec names (12.14): no server -> RPC_S_SERVER_UNAVAILABLE,
 * a refusal for rights -> ERROR_ACCESS_DENIED, other refusals -> refused_code. */
DWORD winfax_error_from(const struct hfx_error *error, DWORD refused_code);
BOOL fail_hfx(const struct hfx_error *error, DWORD refused_code);

/* ---- handles.c ---- */
enum winfax_kind { WINFAX_SERVER = 1, WINFAX_PORT = 2 };

struct winfax_server {
    LONG ref;
    CRITICAL_SECTION lock;     /* one call at a time on the session (spec 12.16) */
    struct hfx_client *client;
    char host[256];
    int port;
    bool faxd;
    /* a stock HylaFAX server has no settings: FaxSetConfiguration's values live here for its jobs */
    FAX_CONFIGURATIONW config;   /* its strings stay NULL: archive_directory holds the text */
    char *archive_directory;
    unsigned modify_ports[64]; /* device ids opened with PORT_OPEN_MODIFY (one opener each) */
    size_t modify_count;
};
struct winfax_port {
    LONG ref;
    struct winfax_server *server;   /* referenced */
    DWORD device_id, flags;
};

/* A new handle for object (the table holds one reference); NULL when the table is full. */
HANDLE handle_new(enum winfax_kind kind, void *object);
/* The object behind a live handle of that kind, referenced (drop with server_release/port_release);
 * NULL with ERROR_INVALID_HANDLE set otherwise. kind 0 takes either. */
void *handle_get(HANDLE handle, enum winfax_kind kind, enum winfax_kind *found);
/* Removes the handle; its object, referenced, for the caller to release. NULL when not live. */
void *handle_remove(HANDLE handle, enum winfax_kind *found);
void server_release(struct winfax_server *server);
void port_release(struct winfax_port *port);
/* Gives back a device's PORT_OPEN_MODIFY slot on the server. */
void port_modify_release(struct winfax_server *server, DWORD device_id);

/* The session of a server, locked (server_unlock after). A stock HylaFAX server shows a session
 * its own stale copy of jobs it changed, so listings there go over a fresh session (fresh != NULL:
 * close it with hfx_close). FALSE with the error set when no session can be had. */
BOOL server_lock(struct winfax_server *server, struct hfx_client **client);
void server_unlock(struct winfax_server *server);
BOOL server_list_session(struct winfax_server *server, struct hfx_client **client, struct hfx_client **fresh);
/* A new logged-in session with the server's host (the event queue's own). */
BOOL server_open_session(const char *host, int port, struct hfx_client **client, bool *faxd);

/* ---- text.c: A/W ---- */
/* Caller text (CP_ACP when ansi, else UTF-16) as malloc'd UTF-8; NULL in -> NULL out. *ok is set
 * FALSE when memory runs out (it is never set TRUE). */
char *text_in(const void *text, BOOL ansi, BOOL *ok);
/* UTF-8 as the caller's text: bytes needed with the terminator, and the copy. */
size_t text_out_size(const char *utf8, BOOL ansi);
void text_out(const char *utf8, BOOL ansi, void *out, size_t size);

/* ---- buffers.c: one allocation per returned buffer ---- */
/* An output pointer is NULL until the call succeeds, so a caller's FaxFreeBuffer after a failure is harmless. */
static inline void clear_out(void **out)
{
    if (out)
        *out = NULL;
}
/* Built twice: once with base NULL to measure, then into the block. */
struct out_block {
    BYTE *base;
    size_t used;
    BOOL ansi;
};
/* Room for n fixed structures at the start of the block (before any string). */
void *block_reserve(struct out_block *block, size_t bytes);
/* A string in the block, as LPCWSTR (or LPCSTR, cast) for the A/W structures; NULL text -> NULL. */
LPCWSTR block_text(struct out_block *block, const char *utf8);
/* LocalAlloc of what a measuring pass counted (zeroed), or NULL with ERROR_NOT_ENOUGH_MEMORY. */
BOOL block_alloc(struct out_block *block);

/* ---- what the areas share ---- */
/* The ports as the server lists them; free(*rows). */
BOOL fetch_ports(struct winfax_server *server, struct hfx_port_row **rows, size_t *count);
BOOL find_port(struct winfax_server *server, DWORD device_id, struct hfx_port_row *row);
DWORD port_state(const char *state_text);

/* Per-user values kept beside the DLL's settings, under HKCU\Software\openfaxcom\WinFax\<host>\<key>. */
BOOL local_store_read(const struct winfax_server *server, const char *key, const char *name, void *data, DWORD *size);
BOOL local_store_write(const struct winfax_server *server, const char *key, const char *name, const void *data,
                       DWORD size);

#endif
