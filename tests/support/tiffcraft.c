#include "tiffcraft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct craft_entry {
    uint16_t tag, type;
    uint32_t count;
    uint8_t *bytes;     /* in file order */
    size_t size;
};

struct tiffcraft {
    bool big_endian;
    struct craft_entry entries[64];
    size_t count;
    uint8_t *image;
    size_t image_size;
    bool tiled;
    uint32_t pieces;
};

static size_t type_size(uint16_t type)
{
    static const size_t sizes[] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };
    return type < sizeof(sizes) / sizeof(sizes[0]) ? sizes[type] : 1;
}

static void put(uint8_t *to, uint64_t value, size_t size, bool big_endian)
{
    for (size_t i = 0; i < size; i++)
        to[big_endian ? size - 1 - i : i] = (uint8_t)(value >> (8 * i));
}

struct tiffcraft *tiffcraft_new(bool big_endian)
{
    struct tiffcraft *craft = calloc(1, sizeof(*craft));
    if (craft)
        craft->big_endian = big_endian;
    return craft;
}

void tiffcraft_free(struct tiffcraft *craft)
{
    if (!craft)
        return;
    for (size_t i = 0; i < craft->count; i++)
        free(craft->entries[i].bytes);
    free(craft->image);
    free(craft);
}

void tiffcraft_add_raw(struct tiffcraft *craft, uint16_t tag, uint16_t type, uint32_t count, const void *bytes,
                       size_t size)
{
    struct craft_entry *e;

    for (size_t i = 0; i < craft->count; i++)
        if (craft->entries[i].tag == tag) {   /* replace */
            free(craft->entries[i].bytes);
            craft->entries[i] = craft->entries[--craft->count];
            break;
        }
    e = &craft->entries[craft->count++];
    e->tag = tag;
    e->type = type;
    e->count = count;
    e->size = size;
    e->bytes = malloc(size ? size : 1);
    if (size)
        memcpy(e->bytes, bytes, size);
}

void tiffcraft_add(struct tiffcraft *craft, uint16_t tag, uint16_t type, uint32_t count, const void *values)
{
    size_t element = type_size(type), words = (type == 5 || type == 10) ? 2 : 1;
    size_t word = element / words, size = element * count;
    uint8_t *bytes = malloc(size ? size : 1);

    for (size_t i = 0; i < count * words; i++) {
        const uint8_t *from = (const uint8_t *)values + i * word;
        uint64_t value = 0;
        switch (word) {
        case 1: value = from[0]; break;
        case 2: { uint16_t v; memcpy(&v, from, 2); value = v; break; }
        case 4: { uint32_t v; memcpy(&v, from, 4); value = v; break; }
        case 8: { uint64_t v; memcpy(&v, from, 8); value = v; break; }
        }
        put(bytes + i * word, value, word, craft->big_endian);
    }
    tiffcraft_add_raw(craft, tag, type, count, bytes, size);
    free(bytes);
}

void tiffcraft_add_ascii(struct tiffcraft *craft, uint16_t tag, const char *text)
{
    tiffcraft_add_raw(craft, tag, 2, (uint32_t)strlen(text) + 1, text, strlen(text) + 1);
}

void tiffcraft_image(struct tiffcraft *craft, uint32_t width, uint32_t length, uint16_t bits_per_sample, bool tiled)
{
    uint32_t tile = 16, across = (width + tile - 1) / tile, down = (length + tile - 1) / tile;
    uint32_t stride = tiled ? (tile * bits_per_sample + 7) / 8 : (width * bits_per_sample + 7) / 8;
    uint32_t rows = tiled ? tile : length;
    uint16_t one = 1, photometric = 0, bits = bits_per_sample;
    uint32_t w = width, l = length;

    craft->tiled = tiled;
    craft->pieces = tiled ? across * down : 1;
    craft->image_size = (size_t)stride * rows * craft->pieces;
    free(craft->image);
    craft->image = calloc(1, craft->image_size);
    for (size_t i = 0; i < craft->image_size; i += 7)   /* some ink, so the page is not blank */
        craft->image[i] = 0x5a;
    tiffcraft_add(craft, 256, 4, 1, &w);
    tiffcraft_add(craft, 257, 4, 1, &l);
    tiffcraft_add(craft, 258, 3, 1, &bits);
    tiffcraft_add(craft, 259, 3, 1, &one);
    tiffcraft_add(craft, 262, 3, 1, &photometric);
    tiffcraft_add(craft, 277, 3, 1, &one);
    if (tiled) {
        tiffcraft_add(craft, 322, 4, 1, &tile);
        tiffcraft_add(craft, 323, 4, 1, &tile);
    } else {
        tiffcraft_add(craft, 278, 4, 1, &l);
    }
}

static int by_tag(const void *a, const void *b)
{
    return (int)((const struct craft_entry *)a)->tag - (int)((const struct craft_entry *)b)->tag;
}

uint8_t *tiffcraft_build(struct tiffcraft *craft, bool image_first, size_t *size, size_t *ifd_offset)
{
    uint16_t offsets_tag = craft->tiled ? 324 : 273, counts_tag = craft->tiled ? 325 : 279;
    size_t values = 0, ifd_size, total, at_image, at_ifd, at_values;
    uint8_t *out;

    if (craft->image) {   /* piece tables, filled with real offsets below */
        uint32_t *zeros = calloc(craft->pieces, 4);
        tiffcraft_add(craft, offsets_tag, 4, craft->pieces, zeros);
        tiffcraft_add(craft, counts_tag, 4, craft->pieces, zeros);
        free(zeros);
    }
    qsort(craft->entries, craft->count, sizeof(craft->entries[0]), by_tag);
    for (size_t i = 0; i < craft->count; i++)
        if (craft->entries[i].size > 4)
            values += (craft->entries[i].size + 1) & ~(size_t)1;
    ifd_size = 2 + 12 * craft->count + 4;
    total = 8 + craft->image_size + values + ifd_size;
    at_image = image_first ? 8 : 8 + ifd_size + values;
    at_ifd = image_first ? 8 + craft->image_size + values : 8;
    at_values = image_first ? 8 + craft->image_size : 8 + ifd_size;

    for (size_t i = 0; i < craft->count; i++) {
        struct craft_entry *e = &craft->entries[i];
        if (craft->image && (e->tag == offsets_tag || e->tag == counts_tag)) {
            size_t piece = craft->image_size / craft->pieces;
            for (uint32_t p = 0; p < craft->pieces; p++)
                put(e->bytes + 4 * p, e->tag == offsets_tag ? at_image + p * piece : piece, 4, craft->big_endian);
        }
    }
    out = calloc(1, total);
    memcpy(out, craft->big_endian ? "MM" : "II", 2);
    put(out + 2, 42, 2, craft->big_endian);
    put(out + 4, at_ifd, 4, craft->big_endian);
    if (craft->image)
        memcpy(out + at_image, craft->image, craft->image_size);
    put(out + at_ifd, craft->count, 2, craft->big_endian);
    for (size_t i = 0; i < craft->count; i++) {
        struct craft_entry *e = &craft->entries[i];
        uint8_t *slot = out + at_ifd + 2 + 12 * i;
        put(slot, e->tag, 2, craft->big_endian);
        put(slot + 2, e->type, 2, craft->big_endian);
        put(slot + 4, e->count, 4, craft->big_endian);
        if (e->size <= 4) {
            memcpy(slot + 8, e->bytes, e->size);
        } else {
            put(slot + 8, at_values, 4, craft->big_endian);
            memcpy(out + at_values, e->bytes, e->size);
            at_values += (e->size + 1) & ~(size_t)1;
        }
    }
    *size = total;
    if (ifd_offset)
        *ifd_offset = at_ifd;
    return out;
}

int tiffcraft_save(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

int tiffcraft_write(struct tiffcraft *craft, const char *path)
{
    size_t size;
    uint8_t *data = tiffcraft_build(craft, true, &size, NULL);
    int rc = tiffcraft_save(path, data, size);
    free(data);
    return rc;
}
