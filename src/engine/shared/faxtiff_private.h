/* Shared between the faxtiff reader, field mapping and writer; not part of the engine's API. */
#ifndef OPENFAXCOM_FAXTIFF_PRIVATE_H
#define OPENFAXCOM_FAXTIFF_PRIVATE_H

#include "faxtiff.h"

struct faxtiff {
    bool big_endian, big_tiff;
    enum faxtiff_generation generation;
    struct faxtiff_entry *entries;   /* the first directory */
    size_t entry_count;
    uint8_t *values;
    struct faxtiff_page *pages;
    size_t page_count;
};

#if defined(__MINGW_PRINTF_FORMAT)   /* mingw: built with __USE_MINGW_ANSI_STDIO, C99 formats */
#define FAXTIFF_PRINTF(f, a) __attribute__((format(__MINGW_PRINTF_FORMAT, f, a)))
#elif defined(__GNUC__)
#define FAXTIFF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FAXTIFF_PRINTF(f, a)
#endif

enum faxtiff_status faxtiff_fail(struct faxtiff_error *error, enum faxtiff_status status, const char *format, ...)
    FAXTIFF_PRINTF(3, 4);

uint16_t faxtiff_get16(const uint8_t *p, bool big_endian);
uint32_t faxtiff_get32(const uint8_t *p, bool big_endian);
uint64_t faxtiff_get64(const uint8_t *p, bool big_endian);
size_t faxtiff_type_size(uint16_t type);
bool faxtiff_entry_uint(const struct faxtiff_entry *entry, bool big_endian, uint64_t index, uint64_t *value);
enum faxtiff_generation faxtiff_detect_generation(const struct faxtiff *tiff);

/* 64-bit file positions on both libc flavours (glibc and msvcrt). */
static inline int faxtiff_seek(FILE *stream, uint64_t offset)
{
#ifdef _WIN32
    return _fseeki64(stream, (long long)offset, SEEK_SET);
#else
    return fseeko(stream, (off_t)offset, SEEK_SET);
#endif
}

static inline int64_t faxtiff_stream_size(FILE *stream)
{
#ifdef _WIN32
    if (_fseeki64(stream, 0, SEEK_END) != 0)
        return -1;
    return _ftelli64(stream);
#else
    if (fseeko(stream, 0, SEEK_END) != 0)
        return -1;
    return ftello(stream);
#endif
}

#endif
