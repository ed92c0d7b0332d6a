/*
 * Fax TIFF files: read any TIFF's directories and tags (bounds-checked, for untrusted files),
 * map the Windows fax tags (Windows 2000 and XP numberings) to fields, and write fax TIFFs
 * that carry those tags. No COM or Win32 types: the DLL and the service both use this.
 */
#ifndef OPENFAXCOM_FAXTIFF_H
#define OPENFAXCOM_FAXTIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum faxtiff_status {
    FAXTIFF_OK = 0,
    FAXTIFF_ERR_OPEN,        /* the file cannot be opened or read */
    FAXTIFF_ERR_NOT_TIFF,    /* no TIFF header */
    FAXTIFF_ERR_TRUNCATED,   /* a directory or image data lies past the end of the file */
    FAXTIFF_ERR_CORRUPT,     /* a directory is malformed (loop, bad type, missing image tags) */
    FAXTIFF_ERR_NO_MEMORY,
    FAXTIFF_ERR_ABSENT,      /* the tag is not in the first directory */
    FAXTIFF_ERR_WRONG_TYPE,  /* the tag is present, but its type or size cannot hold the value */
    FAXTIFF_ERR_WRITE,       /* writing a TIFF failed */
};

const char *faxtiff_strerror(enum faxtiff_status status);

/* A status plus the specific reason ("IFD at byte 9000 is past the end of the 812-byte file"). */
struct faxtiff_error {
    enum faxtiff_status status;
    char detail[200];
};

/* TIFF field types (TIFF 6.0 and BigTIFF). */
enum faxtiff_type {
    FAXTIFF_BYTE = 1, FAXTIFF_ASCII, FAXTIFF_SHORT, FAXTIFF_LONG, FAXTIFF_RATIONAL,
    FAXTIFF_SBYTE, FAXTIFF_UNDEFINED, FAXTIFF_SSHORT, FAXTIFF_SLONG, FAXTIFF_SRATIONAL,
    FAXTIFF_FLOAT, FAXTIFF_DOUBLE, FAXTIFF_IFD, FAXTIFF_LONG8 = 16, FAXTIFF_SLONG8, FAXTIFF_IFD8,
};

const char *faxtiff_type_name(uint16_t type);

/* One tag of the first directory, with its value bytes as stored in the file. */
struct faxtiff_entry {
    uint16_t tag;
    uint16_t type;
    uint64_t count;
    const uint8_t *value;   /* value_len bytes, in the file's byte order */
    size_t value_len;       /* may be less than count * type size when the file ends early */
    bool value_cut;         /* true when the file ended before count * type size bytes */
};

/* What the image of one page is; enough to judge whether it is a fax page. */
struct faxtiff_page {
    uint32_t width, length;
    uint16_t bits_per_sample, samples_per_pixel, compression, photometric;
    bool tiled;
    double x_resolution, y_resolution;   /* 0 when absent */
    uint16_t resolution_unit;
};

/* Which numbering of the Windows fax tags a file uses. */
enum faxtiff_generation {
    FAXTIFF_GEN_NONE,    /* no Windows fax tags: spandsp/HylaFAX fallbacks apply */
    FAXTIFF_GEN_WIN2K,   /* tags 40001-40008 as the Windows 2000 fax service writes them */
    FAXTIFF_GEN_XP,      /* tags 40001-40052 as the Windows XP / 2003 fax service writes them */
};

/* The values FaxTiff exposes. */
enum faxtiff_field {
    FAXTIFF_RECIPIENT_NAME, FAXTIFF_RECIPIENT_NUMBER, FAXTIFF_SENDER_NAME, FAXTIFF_ROUTING,
    FAXTIFF_CALLER_ID, FAXTIFF_TSID, FAXTIFF_CSID,
    FAXTIFF_FIELD_COUNT
};

/* The tag a field is stored in for a generation (0 when that generation has none). */
uint16_t faxtiff_field_tag(enum faxtiff_generation generation, enum faxtiff_field field);
uint16_t faxtiff_time_tag(enum faxtiff_generation generation);

struct faxtiff;

/* Parse a TIFF held in memory (the caller keeps data alive while the result lives), or read one
 * from an open stream. All directories are walked and checked; values of the first are kept. */
enum faxtiff_status faxtiff_parse_memory(const void *data, size_t size, struct faxtiff **out,
                                         struct faxtiff_error *error);
enum faxtiff_status faxtiff_read_stream(FILE *stream, struct faxtiff **out, struct faxtiff_error *error);
enum faxtiff_status faxtiff_read_path(const char *path, struct faxtiff **out, struct faxtiff_error *error);
void faxtiff_free(struct faxtiff *tiff);

size_t faxtiff_page_count(const struct faxtiff *tiff);
const struct faxtiff_page *faxtiff_page(const struct faxtiff *tiff, size_t index);
bool faxtiff_big_endian(const struct faxtiff *tiff);
enum faxtiff_generation faxtiff_generation(const struct faxtiff *tiff);

size_t faxtiff_entry_count(const struct faxtiff *tiff);
const struct faxtiff_entry *faxtiff_entry_at(const struct faxtiff *tiff, size_t index);
const struct faxtiff_entry *faxtiff_find(const struct faxtiff *tiff, uint16_t tag);

/* Any tag of the first directory as text (malloc'd, NUL-terminated; free() it):
 * ASCII as its text (several strings joined with "; "), integers in decimal separated by spaces,
 * rationals as num/den, floats with %g, BYTE/UNDEFINED as decimal bytes. */
enum faxtiff_status faxtiff_tag_text(const struct faxtiff *tiff, uint16_t tag, char **text,
                                     struct faxtiff_error *error);

/* A field as text bytes (malloc'd, NUL-terminated; the bytes are the file's, not re-encoded).
 * Fallbacks for files without Windows tags: Tsid from ImageDescription, Routing from
 * FaxSubAddress (what spandsp and HylaFAX write). */
enum faxtiff_status faxtiff_field_text(const struct faxtiff *tiff, enum faxtiff_field field, char **text,
                                       struct faxtiff_error *error);

/* The reception time as a FILETIME (100 ns ticks since 1601-01-01 UTC). Falls back to the DateTime
 * tag (local time) for files without Windows tags. */
enum faxtiff_status faxtiff_receive_time(const struct faxtiff *tiff, uint64_t *filetime,
                                         struct faxtiff_error *error);

/* An 8-byte FILETIME value of any tag, accepting the types and counts Windows writes. */
enum faxtiff_status faxtiff_tag_filetime(const struct faxtiff *tiff, uint16_t tag, uint64_t *filetime,
                                         struct faxtiff_error *error);

uint64_t faxtiff_filetime_from_unix(int64_t seconds);
int64_t faxtiff_unix_from_filetime(uint64_t filetime);

/* Writing. A page is a 1-bit image, 0 = white, rows packed MSB first, (width + 7) / 8 bytes each. */
struct faxtiff_page_image {
    uint32_t width, length;
    const uint8_t *rows;
    float x_resolution, y_resolution;   /* dots per inch, e.g. 204 x 196 */
};

enum faxtiff_compression { FAXTIFF_G4, FAXTIFF_G3_2D, FAXTIFF_G3_1D, FAXTIFF_UNCOMPRESSED };

/* The Windows fax tags written on the first page. NULL fields are not written. */
struct faxtiff_meta {
    enum faxtiff_generation generation;       /* WIN2K or XP; NONE writes no Windows tags */
    const char *field[FAXTIFF_FIELD_COUNT];
    bool has_receive_time;
    uint64_t receive_time;                    /* FILETIME, UTC */
    const char *image_description;           /* the remote ident, as spandsp and HylaFAX do */
    const char *software;
};

enum faxtiff_status faxtiff_write_path(const char *path, const struct faxtiff_meta *meta,
                                       const struct faxtiff_page_image *pages, size_t page_count,
                                       enum faxtiff_compression compression, struct faxtiff_error *error);

/* Copies every page of input to output unchanged (compressed data as it is) and puts meta's tags on
 * the first page: how a received fax gets the Windows tags FaxTiff reads. */
enum faxtiff_status faxtiff_copy_with_meta(const char *input, const char *output, const struct faxtiff_meta *meta,
                                           struct faxtiff_error *error);

#endif
