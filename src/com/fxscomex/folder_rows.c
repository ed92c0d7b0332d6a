/*
 * What the folder objects share: the session of their server, the not-found error, times, the rows of
 * faxd's queues (sendq, doneq, recvq) read as tables in our own formats, and RETR into a local file.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "com_session.h"
#include "hfx_client.h"
#include "hfx_listings.h"

HRESULT folder_session(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct folder_session *s)
{
    s->owned = FALSE;
    return fax_server_session(server, tid, member, &s->client, &s->faxd, &s->name);
}

HRESULT folder_jobs_session(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct folder_session *s)
{
    HRESULT hr = folder_session(server, tid, member, s);

    if (FAILED(hr))
        return hr;
    return fax_server_jobs_session(server, tid, member, &s->client, &s->owned);
}

void folder_session_end(struct folder_session *s)
{
    if (s->owned)
        hfx_close(s->client);
    s->owned = FALSE;
    s->client = NULL;
}

HRESULT folder_not_found(enum fxscomex_tid tid, const WCHAR *member, const WCHAR *what, const WCHAR *id,
                         const WCHAR *server_name)
{
    return fxscomex_error(tid, FAX_E_MESSAGE_NOT_FOUND, L"%ls: there is no %ls with the id \"%ls\" on fax server %ls",
                          member, what, id ? id : L"", server_name);
}

DATE folder_date(long long unix_seconds)
{
    return unix_seconds > 0 ? 25569.0 + (double)unix_seconds / 86400.0 : 0;   /* 25569: 1970-01-01 as a DATE */
}

HRESULT folder_cell_text(const struct hfx_table *table, size_t row, size_t column, BSTR *value)
{
    return com_return_text(hfx_table_cell(table, row, column), value);
}

HRESULT folder_row_copy(const struct hfx_table *from, size_t row, struct hfx_table *to)
{
    memset(to, 0, sizeof(*to));
    if (!(to->cell = calloc(from->columns, sizeof(*to->cell))))
        return E_OUTOFMEMORY;
    to->rows = 1;
    to->columns = from->columns;
    for (size_t i = 0; i < from->columns; i++)
        if (!(to->cell[i] = strdup(hfx_table_cell(from, row, i)))) {
            hfx_table_free(to);
            return E_OUTOFMEMORY;
        }
    return S_OK;
}

static HRESULT fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const char *verb,
                     const char *format, const char *folder, size_t columns, struct hfx_table *table)
{
    struct folder_session s;
    struct hfx_error error = { 0 };
    HRESULT hr;

    memset(table, 0, sizeof(*table));
    if (FAILED(hr = folder_jobs_session(server, tid, member, &s)))
        return hr;
    hfx_fetch_table(s.client, verb, format, folder, columns, table, &error);
    folder_session_end(&s);
    return error.status == HFX_OK ? S_OK : fax_server_failure(server, tid, member, &error);
}

HRESULT outgoing_rows_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, BOOL done,
                            struct hfx_table *table)
{
    return fetch(server, tid, member, "JOBFMT", OUTGOING_FORMAT, done ? "doneq" : "sendq", OUT_COLUMNS, table);
}

HRESULT incoming_rows_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct hfx_table *table)
{
    return fetch(server, tid, member, "RCVFMT", INCOMING_FORMAT, "recvq", IN_COLUMNS, table);
}

static LONG find(const struct hfx_table *table, size_t column, const WCHAR *id, const char *suffix)
{
    char *wanted = com_utf8(id ? id : L"");
    LONG found = -1;

    for (size_t row = 0; wanted && *wanted && row < table->rows && found < 0; row++) {
        const char *cell = hfx_table_cell(table, row, column);
        size_t length = strlen(wanted);
        if (!strncmp(cell, wanted, length) && !strcmp(cell + length, suffix))
            found = (LONG)row;
    }
    free(wanted);
    return found;
}

LONG outgoing_rows_find(const struct hfx_table *table, const WCHAR *id)
{
    return find(table, OUT_ID, id, "");
}

LONG incoming_rows_find(const struct hfx_table *table, const WCHAR *id)
{
    return find(table, IN_FILE, id, ".tif");
}

HRESULT folder_retrieve(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const char *path,
                        const WCHAR *local_path)
{
    struct folder_session s;
    struct hfx_error error = { 0 };
    char *data = NULL;
    size_t size = 0;
    DWORD written = 0;
    HANDLE file;
    HRESULT hr;
    BOOL ok;

    if (!local_path || !*local_path)
        return fxscomex_error(tid, E_INVALIDARG, L"%ls: give the path of the TIFF file to write", member);
    if (FAILED(hr = folder_session(server, tid, member, &s)))
        return hr;
    if (hfx_expect(s.client, 2, NULL, &error, "TYPE I") != HFX_OK
        || hfx_retrieve(s.client, path, &data, &size, &error) != HFX_OK)
        return fax_server_failure(server, tid, member, &error);
    file = CreateFileW(local_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        hr = HRESULT_FROM_WIN32(GetLastError());
        free(data);
        return fxscomex_error(tid, hr, L"%ls: \"%ls\" cannot be written (0x%08lx)", member, local_path,
                              (unsigned long)hr);
    }
    ok = WriteFile(file, data, (DWORD)size, &written, NULL) && written == size;
    hr = ok ? S_OK : HRESULT_FROM_WIN32(GetLastError());
    CloseHandle(file);
    free(data);
    if (!ok) {
        DeleteFileW(local_path);
        return fxscomex_error(tid, hr, L"%ls: writing \"%ls\" failed (0x%08lx)", member, local_path, (unsigned long)hr);
    }
    return S_OK;
}

/* Moves the rows of from (all, or those whose state letter is in states) to the end of to; from is emptied. */
static HRESULT append_rows(struct hfx_table *to, struct hfx_table *from, const char *states)
{
    size_t columns = from->columns, kept = 0;
    char **grown;

    if (!from->rows)
        return S_OK;
    if (!(grown = realloc(to->cell, (to->rows + from->rows) * columns * sizeof(*grown))))
        return E_OUTOFMEMORY;
    to->cell = grown;
    to->columns = columns;
    for (size_t row = 0; row < from->rows; row++) {
        char **cells = from->cell + row * columns;
        const char *state = hfx_table_cell(from, row, OUT_STATE);
        if (states && (!*state || !strchr(states, *state))) {
            for (size_t i = 0; i < columns; i++)
                free(cells[i]);
        } else {
            memcpy(to->cell + (to->rows + kept) * columns, cells, columns * sizeof(*cells));
            kept++;
        }
    }
    to->rows += kept;
    free(from->cell);
    memset(from, 0, sizeof(*from));
    return S_OK;
}

HRESULT outgoing_jobs_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, BOOL every_done,
                            struct hfx_table *table)
{
    struct hfx_table done;
    HRESULT hr;

    if (FAILED(hr = outgoing_rows_fetch(server, tid, member, FALSE, table)))
        return hr;
    if (FAILED(hr = outgoing_rows_fetch(server, tid, member, TRUE, &done))
        || FAILED(hr = append_rows(table, &done, every_done ? NULL : "F"))) {
        hfx_table_free(&done);
        hfx_table_free(table);
    }
    return hr;
}

HRESULT outgoing_job_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, const WCHAR *id,
                           struct hfx_table *table, LONG *row)
{
    HRESULT hr;

    *row = -1;
    if (FAILED(hr = outgoing_rows_fetch(server, tid, member, FALSE, table)))
        return hr;
    if ((*row = outgoing_rows_find(table, id)) >= 0)
        return S_OK;
    hfx_table_free(table);
    /* A job that leaves sendq after the first listing is in doneq by the second: it is still found. */
    if (FAILED(hr = outgoing_rows_fetch(server, tid, member, TRUE, table)))
        return hr;
    *row = outgoing_rows_find(table, id);
    return S_OK;
}

void folder_rows_keep(struct hfx_table *table, size_t column, const char *value)
{
    size_t kept = 0;

    for (size_t row = 0; row < table->rows; row++) {
        char **cells = table->cell + row * table->columns;
        if (strcmp(hfx_table_cell(table, row, column), value)) {
            for (size_t i = 0; i < table->columns; i++)
                free(cells[i]);
            continue;
        }
        if (kept != row)
            memmove(table->cell + kept * table->columns, cells, table->columns * sizeof(*cells));
        kept++;
    }
    table->rows = kept;
}

HRESULT folder_item_index(const VARIANT *index, enum fxscomex_tid tid, const WCHAR *member,
                          const struct hfx_table *table, LONG (*find)(const struct hfx_table *, const WCHAR *),
                          const WCHAR *what, LONG *one_based)
{
    VARIANT number;
    LONG row;

    VariantInit(&number);
    if (V_VT(index) == VT_BSTR || V_VT(index) == (VT_BSTR | VT_BYREF)) {
        const WCHAR *id = V_VT(index) == VT_BSTR ? V_BSTR(index) : *V_BSTRREF(index);
        if ((row = find(table, id)) < 0)
            return fxscomex_error(tid, E_INVALIDARG, L"%ls(\"%ls\"): no %ls of this collection has that id", member,
                                  id ? id : L"", what);
        *one_based = row + 1;
        return S_OK;
    }
    /* VBScript hands numbers over as VT_I2, VT_I4 or VT_R8, sometimes by reference (spec section 2) */
    if (FAILED(VariantChangeType(&number, (VARIANT *)index, 0, VT_I4)))
        return fxscomex_error(tid, E_INVALIDARG, L"%ls: the index is a number from 1 to Count, or a %ls id", member,
                              what);
    *one_based = V_I4(&number);
    return S_OK;
}

HRESULT outgoing_sent_fetch(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member, struct hfx_table *table)
{
    struct hfx_table done;
    HRESULT hr;

    memset(table, 0, sizeof(*table));
    if (FAILED(hr = outgoing_rows_fetch(server, tid, member, TRUE, &done)))
        return hr;
    if (FAILED(hr = append_rows(table, &done, "D"))) {
        hfx_table_free(&done);
        hfx_table_free(table);
    }
    return hr;
}
