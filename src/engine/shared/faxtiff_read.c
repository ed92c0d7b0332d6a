/*
 * A bounds-checked reader of TIFF directories (classic and BigTIFF). It trusts nothing in the file:
 * every offset, count and size is checked against the file's length before it is used.
 */
#include "faxtiff_private.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_PAGES 10000
#define MAX_ENTRIES 4096                       /* per directory; real files have a few dozen */
#define MAX_VALUE_BYTES (64u * 1024 * 1024)    /* all out-of-line values of one directory */
#define MAX_TOTAL_BYTES (256u * 1024 * 1024)   /* everything read for all directories of a file */

enum { TAG_IMAGE_WIDTH = 256, TAG_IMAGE_LENGTH = 257, TAG_BITS_PER_SAMPLE = 258, TAG_COMPRESSION = 259,
       TAG_PHOTOMETRIC = 262, TAG_STRIP_OFFSETS = 273, TAG_SAMPLES_PER_PIXEL = 277,
       TAG_STRIP_BYTE_COUNTS = 279, TAG_X_RESOLUTION = 282, TAG_Y_RESOLUTION = 283,
       TAG_RESOLUTION_UNIT = 296, TAG_TILE_OFFSETS = 324, TAG_TILE_BYTE_COUNTS = 325 };

struct source {
    const uint8_t *memory;
    FILE *stream;
    uint64_t size;
};

struct directory {
    bool all_values;          /* the first page keeps every value; later pages only the image tags */
    struct faxtiff_entry *entries;
    size_t count;
    uint8_t *values;          /* one block holding every entry's value bytes */
    uint64_t next_offset;
};

enum faxtiff_status faxtiff_fail(struct faxtiff_error *error, enum faxtiff_status status, const char *format, ...)
{
    if (error) {
        va_list args;
        error->status = status;
        va_start(args, format);
        vsnprintf(error->detail, sizeof(error->detail), format, args);
        va_end(args);
    }
    return status;
}

static bool source_read(const struct source *src, uint64_t offset, void *buffer, size_t length)
{
    if (offset > src->size || length > src->size - offset)
        return false;
    if (src->memory) {
        memcpy(buffer, src->memory + offset, length);
        return true;
    }
    if (faxtiff_seek(src->stream, offset) != 0)
        return false;
    return fread(buffer, 1, length, src->stream) == length;
}

uint16_t faxtiff_get16(const uint8_t *p, bool big_endian)
{
    return big_endian ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

uint32_t faxtiff_get32(const uint8_t *p, bool big_endian)
{
    uint32_t hi = faxtiff_get16(p, big_endian), lo = faxtiff_get16(p + 2, big_endian);
    return big_endian ? hi << 16 | lo : lo << 16 | hi;
}

uint64_t faxtiff_get64(const uint8_t *p, bool big_endian)
{
    uint64_t a = faxtiff_get32(p, big_endian), b = faxtiff_get32(p + 4, big_endian);
    return big_endian ? a << 32 | b : b << 32 | a;
}

size_t faxtiff_type_size(uint16_t type)
{
    switch (type) {
    case FAXTIFF_BYTE: case FAXTIFF_ASCII: case FAXTIFF_SBYTE: case FAXTIFF_UNDEFINED: return 1;
    case FAXTIFF_SHORT: case FAXTIFF_SSHORT: return 2;
    case FAXTIFF_LONG: case FAXTIFF_SLONG: case FAXTIFF_FLOAT: case FAXTIFF_IFD: return 4;
    case FAXTIFF_RATIONAL: case FAXTIFF_SRATIONAL: case FAXTIFF_DOUBLE:
    case FAXTIFF_LONG8: case FAXTIFF_SLONG8: case FAXTIFF_IFD8: return 8;
    default: return 0;
    }
}

static void directory_free(struct directory *dir)
{
    free(dir->entries);
    free(dir->values);
    memset(dir, 0, sizeof(*dir));
}

/* Reads the directory at offset: its entries, and each value (inline or out of line, cut short
 * where the file ends). page is 1-based, for messages. */
static bool is_image_tag(uint16_t tag)
{
    switch (tag) {
    case TAG_IMAGE_WIDTH: case TAG_IMAGE_LENGTH: case TAG_BITS_PER_SAMPLE: case TAG_COMPRESSION:
    case TAG_PHOTOMETRIC: case TAG_STRIP_OFFSETS: case TAG_SAMPLES_PER_PIXEL: case TAG_STRIP_BYTE_COUNTS:
    case TAG_X_RESOLUTION: case TAG_Y_RESOLUTION: case TAG_RESOLUTION_UNIT: case TAG_TILE_OFFSETS:
    case TAG_TILE_BYTE_COUNTS:
        return true;
    default:
        return false;
    }
}

/* budget: bytes this file may still cost to read; a crafted chain of directories sharing huge
 * values would otherwise make a small file expensive. */
static enum faxtiff_status read_directory(const struct source *src, const struct faxtiff *tiff, uint64_t offset,
                                          size_t page, uint64_t *budget, struct directory *dir,
                                          struct faxtiff_error *error)
{
    size_t count_size = tiff->big_tiff ? 8 : 2, entry_size = tiff->big_tiff ? 20 : 12;
    size_t inline_size = tiff->big_tiff ? 8 : 4, offset_size = inline_size;
    uint8_t head[8], *raw;
    uint64_t count, total = 0;

    bool all_values = page == 1;

    memset(dir, 0, sizeof(*dir));
    dir->all_values = all_values;
    if (!source_read(src, offset, head, count_size))
        return faxtiff_fail(error, FAXTIFF_ERR_TRUNCATED,
                            "the directory of page %zu at byte %llu is past the end of the %llu-byte file",
                            page, (unsigned long long)offset, (unsigned long long)src->size);
    count = tiff->big_tiff ? faxtiff_get64(head, tiff->big_endian) : faxtiff_get16(head, tiff->big_endian);
    if (count == 0 || count > MAX_ENTRIES)
        return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "the directory of page %zu claims %llu tags",
                            page, (unsigned long long)count);

    raw = malloc(count * entry_size + offset_size);
    dir->entries = calloc(count, sizeof(*dir->entries));
    if (!raw || !dir->entries) {
        free(raw);
        directory_free(dir);
        return faxtiff_fail(error, FAXTIFF_ERR_NO_MEMORY, "out of memory reading page %zu", page);
    }
    if (!source_read(src, offset + count_size, raw, count * entry_size + offset_size)) {
        free(raw);
        directory_free(dir);
        return faxtiff_fail(error, FAXTIFF_ERR_TRUNCATED,
                            "the directory of page %zu (%llu tags at byte %llu) runs past the end of the %llu-byte file",
                            page, (unsigned long long)count, (unsigned long long)offset,
                            (unsigned long long)src->size);
    }
    dir->count = count;
    dir->next_offset = tiff->big_tiff ? faxtiff_get64(raw + count * entry_size, tiff->big_endian)
                                      : faxtiff_get32(raw + count * entry_size, tiff->big_endian);

    /* First pass: decode entries and size the value block. */
    for (size_t i = 0; i < count; i++) {
        const uint8_t *e = raw + i * entry_size;
        struct faxtiff_entry *entry = &dir->entries[i];
        size_t type_size;
        uint64_t want;

        entry->tag = faxtiff_get16(e, tiff->big_endian);
        entry->type = faxtiff_get16(e + 2, tiff->big_endian);
        entry->count = tiff->big_tiff ? faxtiff_get64(e + 4, tiff->big_endian) : faxtiff_get32(e + 4, tiff->big_endian);
        type_size = faxtiff_type_size(entry->type);
        if (type_size == 0 || (!all_values && !is_image_tag(entry->tag)))
            continue;   /* unknown type (reported when asked for), or a value no one will read */
        if (entry->count > UINT64_MAX / type_size) {
            entry->value_cut = true;
            want = UINT64_MAX;
        } else {
            want = entry->count * type_size;
        }
        if (want <= inline_size) {
            entry->value_len = (size_t)want;
        } else {
            uint64_t at = tiff->big_tiff ? faxtiff_get64(e + 4 + offset_size, tiff->big_endian)
                                         : faxtiff_get32(e + 4 + offset_size, tiff->big_endian);
            uint64_t available = at < src->size ? src->size - at : 0;
            entry->value_len = (size_t)(want < available ? want : available);
            if (want > available)
                entry->value_cut = true;
        }
        total += entry->value_len;
        if (total > MAX_VALUE_BYTES || total + count * entry_size > *budget) {
            free(raw);
            directory_free(dir);
            return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "the directory of page %zu holds more than %u MiB of values",
                                page, (total > MAX_VALUE_BYTES ? MAX_VALUE_BYTES : MAX_TOTAL_BYTES) >> 20);
        }
    }
    *budget -= total + count * entry_size;

    dir->values = malloc(total ? total : 1);
    if (!dir->values) {
        free(raw);
        directory_free(dir);
        return faxtiff_fail(error, FAXTIFF_ERR_NO_MEMORY, "out of memory reading page %zu", page);
    }
    /* Second pass: fetch the value bytes. */
    total = 0;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *e = raw + i * entry_size;
        struct faxtiff_entry *entry = &dir->entries[i];
        uint8_t *to = dir->values + total;
        size_t type_size = faxtiff_type_size(entry->type);

        if (type_size && !entry->value_cut && entry->count * type_size <= inline_size && entry->value_len) {
            memcpy(to, e + 4 + offset_size, entry->value_len);
        } else if (entry->value_len) {
            uint64_t at = tiff->big_tiff ? faxtiff_get64(e + 4 + offset_size, tiff->big_endian)
                                         : faxtiff_get32(e + 4 + offset_size, tiff->big_endian);
            if (!source_read(src, at, to, entry->value_len)) {
                free(raw);
                directory_free(dir);
                return faxtiff_fail(error, FAXTIFF_ERR_OPEN, "reading tag %u of page %zu failed", entry->tag, page);
            }
        }
        entry->value = to;
        total += entry->value_len;
    }
    free(raw);
    return FAXTIFF_OK;
}

static const struct faxtiff_entry *find_in(const struct directory *dir, uint16_t tag)
{
    for (size_t i = 0; i < dir->count; i++)
        if (dir->entries[i].tag == tag)
            return &dir->entries[i];
    return NULL;
}

/* Element index of an integer-typed entry; false when absent, not an integer type or too short. */
bool faxtiff_entry_uint(const struct faxtiff_entry *entry, bool big_endian, uint64_t index, uint64_t *value)
{
    size_t size = entry ? faxtiff_type_size(entry->type) : 0;

    if (!entry || size == 0 || index >= entry->value_len / size)
        return false;
    switch (entry->type) {
    case FAXTIFF_BYTE: *value = entry->value[index]; return true;
    case FAXTIFF_SHORT: *value = faxtiff_get16(entry->value + index * 2, big_endian); return true;
    case FAXTIFF_LONG: case FAXTIFF_IFD: *value = faxtiff_get32(entry->value + index * 4, big_endian); return true;
    case FAXTIFF_LONG8: case FAXTIFF_IFD8: *value = faxtiff_get64(entry->value + index * 8, big_endian); return true;
    default: return false;
    }
}

static double entry_rational(const struct faxtiff_entry *entry, bool big_endian)
{
    uint32_t num, den;

    if (!entry || entry->type != FAXTIFF_RATIONAL || entry->value_len < 8)
        return 0;
    num = faxtiff_get32(entry->value, big_endian);
    den = faxtiff_get32(entry->value + 4, big_endian);
    return den ? (double)num / den : 0;
}

/* Fills in what a page is, and checks that its image data lies inside the file. */
static enum faxtiff_status describe_page(const struct directory *dir, const struct faxtiff *tiff, uint64_t file_size,
                                         size_t page, struct faxtiff_page *out, struct faxtiff_error *error)
{
    const struct faxtiff_entry *offsets, *byte_counts;
    uint64_t value;
    size_t pieces;

    memset(out, 0, sizeof(*out));
    if (!faxtiff_entry_uint(find_in(dir, TAG_IMAGE_WIDTH), tiff->big_endian, 0, &value) || value == 0
        || value > UINT32_MAX)
        return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "page %zu has no valid ImageWidth", page);
    out->width = (uint32_t)value;
    if (!faxtiff_entry_uint(find_in(dir, TAG_IMAGE_LENGTH), tiff->big_endian, 0, &value) || value == 0
        || value > UINT32_MAX)
        return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "page %zu has no valid ImageLength", page);
    out->length = (uint32_t)value;
    out->bits_per_sample = faxtiff_entry_uint(find_in(dir, TAG_BITS_PER_SAMPLE), tiff->big_endian, 0, &value)
                               ? (uint16_t)value : 1;
    out->samples_per_pixel = faxtiff_entry_uint(find_in(dir, TAG_SAMPLES_PER_PIXEL), tiff->big_endian, 0, &value)
                                 ? (uint16_t)value : 1;
    out->compression = faxtiff_entry_uint(find_in(dir, TAG_COMPRESSION), tiff->big_endian, 0, &value)
                           ? (uint16_t)value : 1;
    out->photometric = faxtiff_entry_uint(find_in(dir, TAG_PHOTOMETRIC), tiff->big_endian, 0, &value)
                           ? (uint16_t)value : 0;
    out->resolution_unit = faxtiff_entry_uint(find_in(dir, TAG_RESOLUTION_UNIT), tiff->big_endian, 0, &value)
                               ? (uint16_t)value : 2;
    out->x_resolution = entry_rational(find_in(dir, TAG_X_RESOLUTION), tiff->big_endian);
    out->y_resolution = entry_rational(find_in(dir, TAG_Y_RESOLUTION), tiff->big_endian);

    offsets = find_in(dir, TAG_STRIP_OFFSETS);
    byte_counts = find_in(dir, TAG_STRIP_BYTE_COUNTS);
    if (!offsets && !byte_counts) {
        offsets = find_in(dir, TAG_TILE_OFFSETS);
        byte_counts = find_in(dir, TAG_TILE_BYTE_COUNTS);
        out->tiled = offsets || byte_counts;
    }
    if (!offsets || !byte_counts)
        return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "page %zu has no image data (strip or tile offsets)", page);
    if (offsets->value_cut || byte_counts->value_cut)
        return faxtiff_fail(error, FAXTIFF_ERR_TRUNCATED, "the image data table of page %zu is cut off by the end of the file",
                            page);
    pieces = (size_t)(offsets->count < byte_counts->count ? offsets->count : byte_counts->count);
    if (pieces == 0 || offsets->count != byte_counts->count)
        return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "page %zu has %llu image data offsets but %llu byte counts",
                            page, (unsigned long long)offsets->count, (unsigned long long)byte_counts->count);
    for (size_t i = 0; i < pieces; i++) {
        uint64_t at, length;
        if (!faxtiff_entry_uint(offsets, tiff->big_endian, i, &at)
            || !faxtiff_entry_uint(byte_counts, tiff->big_endian, i, &length))
            return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "page %zu stores its image data table as %s",
                                page, faxtiff_type_name(offsets->type));
        if (at > file_size || length > file_size - at)
            return faxtiff_fail(error, FAXTIFF_ERR_TRUNCATED,
                                "the image data of page %zu (bytes %llu-%llu) is past the end of the %llu-byte file",
                                page, (unsigned long long)at, (unsigned long long)(at + length),
                                (unsigned long long)file_size);
    }
    return FAXTIFF_OK;
}

static enum faxtiff_status read_header(const struct source *src, struct faxtiff *tiff, uint64_t *first,
                                       struct faxtiff_error *error)
{
    uint8_t head[16];
    uint16_t magic;

    if (src->size < 8 || !source_read(src, 0, head, 8))
        return faxtiff_fail(error, FAXTIFF_ERR_NOT_TIFF, "the file is %llu bytes, too short for a TIFF header",
                            (unsigned long long)src->size);
    if (head[0] == 'I' && head[1] == 'I')
        tiff->big_endian = false;
    else if (head[0] == 'M' && head[1] == 'M')
        tiff->big_endian = true;
    else
        return faxtiff_fail(error, FAXTIFF_ERR_NOT_TIFF, "the file does not start with a TIFF header");
    magic = faxtiff_get16(head + 2, tiff->big_endian);
    if (magic == 42) {
        *first = faxtiff_get32(head + 4, tiff->big_endian);
    } else if (magic == 43) {
        tiff->big_tiff = true;
        if (!source_read(src, 0, head, 16) || faxtiff_get16(head + 4, tiff->big_endian) != 8)
            return faxtiff_fail(error, FAXTIFF_ERR_NOT_TIFF, "the BigTIFF header is malformed");
        *first = faxtiff_get64(head + 8, tiff->big_endian);
    } else {
        return faxtiff_fail(error, FAXTIFF_ERR_NOT_TIFF, "the file does not start with a TIFF header (version %u)", magic);
    }
    if (*first == 0)
        return faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "the TIFF has no image directory");
    return FAXTIFF_OK;
}

static bool seen_before(const uint64_t *offsets, size_t count, uint64_t offset)
{
    for (size_t i = 0; i < count; i++)
        if (offsets[i] == offset)
            return true;
    return false;
}

static bool grow_page_arrays(struct faxtiff *tiff, uint64_t **visited, size_t *capacity)
{
    size_t wanted = *capacity ? *capacity * 2 : 4;
    uint64_t *more_visited = realloc(*visited, wanted * sizeof(**visited));
    struct faxtiff_page *more_pages;

    if (!more_visited)
        return false;
    *visited = more_visited;
    more_pages = realloc(tiff->pages, wanted * sizeof(*more_pages));
    if (!more_pages)
        return false;
    tiff->pages = more_pages;
    *capacity = wanted;
    return true;
}

static enum faxtiff_status parse(const struct source *src, struct faxtiff **out, struct faxtiff_error *error)
{
    struct faxtiff *tiff = calloc(1, sizeof(*tiff));
    uint64_t *visited = NULL, offset = 0, budget = MAX_TOTAL_BYTES;
    size_t capacity = 0;
    enum faxtiff_status status;

    *out = NULL;
    if (!tiff)
        return faxtiff_fail(error, FAXTIFF_ERR_NO_MEMORY, "out of memory");
    status = read_header(src, tiff, &offset, error);

    while (status == FAXTIFF_OK && offset != 0) {
        struct directory dir;
        size_t page = tiff->page_count + 1;

        if (tiff->page_count == MAX_PAGES) {
            status = faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "the TIFF has more than %d pages", MAX_PAGES);
            break;
        }
        if (seen_before(visited, tiff->page_count, offset)) {
            status = faxtiff_fail(error, FAXTIFF_ERR_CORRUPT, "the directory chain loops back at page %zu", page);
            break;
        }
        if (tiff->page_count == capacity && !grow_page_arrays(tiff, &visited, &capacity)) {
            status = faxtiff_fail(error, FAXTIFF_ERR_NO_MEMORY, "out of memory at page %zu", page);
            break;
        }
        visited[tiff->page_count] = offset;
        status = read_directory(src, tiff, offset, page, &budget, &dir, error);
        if (status != FAXTIFF_OK)
            break;
        status = describe_page(&dir, tiff, src->size, page, &tiff->pages[tiff->page_count], error);
        offset = dir.next_offset;
        if (status == FAXTIFF_OK && page == 1) {
            tiff->entries = dir.entries;
            tiff->entry_count = dir.count;
            tiff->values = dir.values;
        } else {
            directory_free(&dir);
        }
        if (status == FAXTIFF_OK)
            tiff->page_count++;
    }
    free(visited);
    if (status != FAXTIFF_OK) {
        faxtiff_free(tiff);
        return status;
    }
    tiff->generation = faxtiff_detect_generation(tiff);
    *out = tiff;
    return FAXTIFF_OK;
}

enum faxtiff_status faxtiff_parse_memory(const void *data, size_t size, struct faxtiff **out,
                                         struct faxtiff_error *error)
{
    struct source src = { .memory = data, .size = size };

    if (!data && size)
        return faxtiff_fail(error, FAXTIFF_ERR_OPEN, "no data");
    return parse(&src, out, error);
}

enum faxtiff_status faxtiff_read_stream(FILE *stream, struct faxtiff **out, struct faxtiff_error *error)
{
    struct source src = { .stream = stream };
    int64_t end;

    *out = NULL;
    if ((end = faxtiff_stream_size(stream)) < 0)
        return faxtiff_fail(error, FAXTIFF_ERR_OPEN, "the file cannot be read: %s", strerror(errno));
    src.size = (uint64_t)end;
    return parse(&src, out, error);
}

enum faxtiff_status faxtiff_read_path(const char *path, struct faxtiff **out, struct faxtiff_error *error)
{
    struct stat info;
    FILE *stream;
    enum faxtiff_status status;

    *out = NULL;
    if (stat(path, &info) == 0 && S_ISDIR(info.st_mode))
        return faxtiff_fail(error, FAXTIFF_ERR_OPEN, "it is a folder, not a file");
    stream = fopen(path, "rb");
    if (!stream)
        return faxtiff_fail(error, FAXTIFF_ERR_OPEN, "cannot open: %s", strerror(errno));
    status = faxtiff_read_stream(stream, out, error);
    fclose(stream);
    return status;
}

void faxtiff_free(struct faxtiff *tiff)
{
    if (!tiff)
        return;
    free(tiff->entries);
    free(tiff->values);
    free(tiff->pages);
    free(tiff);
}

size_t faxtiff_page_count(const struct faxtiff *tiff) { return tiff->page_count; }
bool faxtiff_big_endian(const struct faxtiff *tiff) { return tiff->big_endian; }
enum faxtiff_generation faxtiff_generation(const struct faxtiff *tiff) { return tiff->generation; }
size_t faxtiff_entry_count(const struct faxtiff *tiff) { return tiff->entry_count; }

const struct faxtiff_page *faxtiff_page(const struct faxtiff *tiff, size_t index)
{
    return index < tiff->page_count ? &tiff->pages[index] : NULL;
}

const struct faxtiff_entry *faxtiff_entry_at(const struct faxtiff *tiff, size_t index)
{
    return index < tiff->entry_count ? &tiff->entries[index] : NULL;
}

const struct faxtiff_entry *faxtiff_find(const struct faxtiff *tiff, uint16_t tag)
{
    for (size_t i = 0; i < tiff->entry_count; i++)
        if (tiff->entries[i].tag == tag)
            return &tiff->entries[i];
    return NULL;
}
