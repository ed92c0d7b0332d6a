/*
 * The message iterators of both archives (GetMessages): a forward cursor over a snapshot of the archive's
 * rows, taken by each MoveFirst. The whole listing comes in one LIST, so PrefetchSize is kept (it must be 1
 * or more, as the spec says) but changes nothing. Before MoveFirst, AtEOF is False and Message fails (spec
 * section 13, item 6).
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_table.h"

void archive_cursor_init(struct archive_cursor *c, LONG prefetch)
{
    memset(c, 0, sizeof(*c));
    c->prefetch = prefetch;
}

void archive_cursor_free(struct archive_cursor *c)
{
    hfx_table_free(&c->rows);
}

HRESULT archive_cursor_check_prefetch(enum fxscomex_tid tid, const WCHAR *member, LONG prefetch)
{
    if (prefetch < 1)
        return fxscomex_error(tid, E_INVALIDARG, L"%ls: the prefetch size is 1 or more, not %ld", member,
                              (long)prefetch);
    return S_OK;
}

HRESULT archive_cursor_move_first(struct archive_cursor *c, struct hfx_table *fresh)
{
    hfx_table_free(&c->rows);
    c->rows = *fresh;
    c->position = 0;
    c->started = TRUE;
    return S_OK;
}

HRESULT archive_cursor_move_next(struct archive_cursor *c, enum fxscomex_tid tid, const WCHAR *member)
{
    if (!c->started)
        return fxscomex_error(tid, E_UNEXPECTED, L"%ls: call MoveFirst before MoveNext", member);
    if (c->position >= c->rows.rows)
        return fxscomex_error(tid, E_UNEXPECTED, L"%ls: the iterator is past the last message (AtEOF is True)",
                              member);
    c->position++;
    return S_OK;
}

HRESULT archive_cursor_at_eof(const struct archive_cursor *c, VARIANT_BOOL *value)
{
    if (!value)
        return E_POINTER;
    *value = c->started && c->position >= c->rows.rows ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

HRESULT archive_cursor_current(const struct archive_cursor *c, enum fxscomex_tid tid, const WCHAR *member,
                               size_t *row)
{
    if (!c->started)
        return fxscomex_error(tid, E_UNEXPECTED, L"%ls: call MoveFirst before reading Message", member);
    if (c->position >= c->rows.rows)
        return fxscomex_error(tid, E_UNEXPECTED, L"%ls: there is no message here: the iterator is past the last "
                              L"one (AtEOF is True)", member);
    *row = c->position;
    return S_OK;
}
