/*
 * The buffers the API returns: each is one LocalAlloc block, the structures first and every string
 * they point to after them, so one FaxFreeBuffer (LocalFree) releases all of it (spec 2, 12.6).
 * A block is built by the same code twice: first measuring (base NULL), then filling.
 */
#include "winfax_private.h"

#include <string.h>

#define ALIGNMENT 8u

void *block_reserve(struct out_block *block, size_t bytes)
{
    void *at = block->base ? block->base + block->used : NULL;

    block->used += (bytes + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    return at;
}

LPCWSTR block_text(struct out_block *block, const char *utf8)
{
    size_t size;
    BYTE *at;

    if (!utf8)
        return NULL;
    size = text_out_size(utf8, block->ansi);
    block->used = (block->used + 1) & ~(size_t)1;   /* UTF-16 wants 2-byte alignment */
    at = block->base ? block->base + block->used : NULL;
    if (at)
        text_out(utf8, block->ansi, at, size);
    block->used += size;
    return (LPCWSTR)at;
}

BOOL block_alloc(struct out_block *block)
{
    size_t size = block->used ? block->used : 1;

    if (!(block->base = LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, size)))
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    block->used = 0;
    return TRUE;
}

VOID WINAPI FaxFreeBuffer(LPVOID Buffer)
{
    if (Buffer)
        LocalFree(Buffer);
}
