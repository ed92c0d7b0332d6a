/*
 * What the tags of a fax TIFF mean: the two Windows numberings, the spandsp/HylaFAX fallbacks,
 * and tag values as text.
 */
#include "faxtiff_private.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAG_IMAGE_DESCRIPTION 270
#define TAG_DATE_TIME 306
#define TAG_FAX_SUBADDRESS 34909       /* spandsp and HylaFAX: the received subaddress */
#define TAG_WINDOWS_FIRST 40001
#define TAG_WINDOWS_LAST 40100
#define TAG_XP_VERSION 40053           /* "fax TIFF version" of the XP set; its number is a guess */
#define FILETIME_UNIX_EPOCH 116444736000000000ull

static const char *const status_text[] = {
    [FAXTIFF_OK] = "success",
    [FAXTIFF_ERR_OPEN] = "the file cannot be opened",
    [FAXTIFF_ERR_NOT_TIFF] = "the file is not a TIFF image",
    [FAXTIFF_ERR_TRUNCATED] = "the TIFF file is truncated",
    [FAXTIFF_ERR_CORRUPT] = "the TIFF file is damaged",
    [FAXTIFF_ERR_NO_MEMORY] = "out of memory",
    [FAXTIFF_ERR_ABSENT] = "the tag is not present",
    [FAXTIFF_ERR_WRONG_TYPE] = "the tag has the wrong type",
    [FAXTIFF_ERR_WRITE] = "the TIFF file cannot be written",
};

const char *faxtiff_strerror(enum faxtiff_status status)
{
    if ((size_t)status < sizeof(status_text) / sizeof(status_text[0]) && status_text[status])
        return status_text[status];
    return "unknown error";
}

const char *faxtiff_type_name(uint16_t type)
{
    static const char *const names[] = {
        "", "BYTE", "ASCII", "SHORT", "LONG", "RATIONAL", "SBYTE", "UNDEFINED", "SSHORT", "SLONG",
        "SRATIONAL", "FLOAT", "DOUBLE", "IFD", "", "", "LONG8", "SLONG8", "IFD8",
    };
    if (type < sizeof(names) / sizeof(names[0]) && names[type][0])
        return names[type];
    return "an unknown type";
}

/* Field -> tag, per generation (Windows 2000 set in 6.1 of the spec, XP set in 6.2). */
static const uint16_t field_tags[][FAXTIFF_FIELD_COUNT] = {
    [FAXTIFF_GEN_NONE] = { 0 },
    [FAXTIFF_GEN_WIN2K] = {
        [FAXTIFF_RECIPIENT_NAME] = 40001, [FAXTIFF_RECIPIENT_NUMBER] = 40002, [FAXTIFF_SENDER_NAME] = 40003,
        [FAXTIFF_ROUTING] = 40004, [FAXTIFF_CALLER_ID] = 40005, [FAXTIFF_TSID] = 40006, [FAXTIFF_CSID] = 40007,
    },
    [FAXTIFF_GEN_XP] = {
        [FAXTIFF_CSID] = 40001, [FAXTIFF_TSID] = 40002, [FAXTIFF_ROUTING] = 40004, [FAXTIFF_CALLER_ID] = 40005,
        [FAXTIFF_RECIPIENT_NAME] = 40006, [FAXTIFF_RECIPIENT_NUMBER] = 40007, [FAXTIFF_SENDER_NAME] = 40021,
    },
};

static const char *const field_names[FAXTIFF_FIELD_COUNT] = {
    "RecipientName", "RecipientNumber", "SenderName", "Routing", "CallerId", "Tsid", "Csid",
};

uint16_t faxtiff_field_tag(enum faxtiff_generation generation, enum faxtiff_field field)
{
    if ((unsigned)generation > FAXTIFF_GEN_XP || (unsigned)field >= FAXTIFF_FIELD_COUNT)
        return 0;
    return field_tags[generation][field];
}

uint16_t faxtiff_time_tag(enum faxtiff_generation generation)
{
    return generation == FAXTIFF_GEN_WIN2K ? 40008 : generation == FAXTIFF_GEN_XP ? 40052 : 0;
}

static bool is_xp_time_tag(uint16_t tag)
{
    return tag == 40044 || tag == 40045 || tag == 40051 || tag == 40052;
}

/* Windows 2000 files carry only 40001-40008, with 40008 an 8-byte time; XP files use more tags,
 * a version tag, and an ASCII 40008 (recipient company). */
enum faxtiff_generation faxtiff_detect_generation(const struct faxtiff *tiff)
{
    bool any = false;

    for (size_t i = 0; i < tiff->entry_count; i++) {
        const struct faxtiff_entry *entry = &tiff->entries[i];
        if (entry->tag < TAG_WINDOWS_FIRST || entry->tag > TAG_WINDOWS_LAST)
            continue;
        any = true;
        if (entry->tag > 40008 || (entry->tag == 40008 && entry->type == FAXTIFF_ASCII))
            return FAXTIFF_GEN_XP;
    }
    return any ? FAXTIFF_GEN_WIN2K : FAXTIFF_GEN_NONE;
}

/* A growable string for formatting. */
struct text {
    char *data;
    size_t length, capacity;
    bool failed;
};

static void text_append(struct text *t, const char *bytes, size_t length)
{
    if (t->failed)
        return;
    if (t->length + length + 1 > t->capacity) {
        size_t wanted = (t->length + length + 1) * 2;
        char *more = realloc(t->data, wanted);
        if (!more) {
            t->failed = true;
            return;
        }
        t->data = more;
        t->capacity = wanted;
    }
    memcpy(t->data + t->length, bytes, length);
    t->length += length;
    t->data[t->length] = 0;
}

static void text_number(struct text *t, const char *format, ...) FAXTIFF_PRINTF(2, 3);

static void text_number(struct text *t, const char *format, ...)
{
    char buffer[64];
    va_list args;
    int n;

    if (t->length)
        text_append(t, " ", 1);
    va_start(args, format);
    n = vsnprintf(buffer, sizeof(buffer), format, args);
    va_end(args);
    text_append(t, buffer, n > 0 ? (size_t)n : 0);
}

static enum faxtiff_status text_finish(struct text *t, char **out, struct faxtiff_error *error)
{
    if (!t->failed && !t->data)
        text_append(t, "", 0);
    if (t->failed) {
        free(t->data);
        *out = NULL;
        return faxtiff_fail(error, FAXTIFF_ERR_NO_MEMORY, "out of memory formatting a tag");
    }
    *out = t->data;
    return FAXTIFF_OK;
}

/* ASCII values: the NUL-separated strings, empty ones (padding) dropped, joined with "; ". */
static void ascii_text(struct text *t, const struct faxtiff_entry *entry)
{
    size_t start = 0;

    for (size_t i = 0; i <= entry->value_len; i++) {
        if (i < entry->value_len && entry->value[i])
            continue;
        if (i > start) {
            if (t->length)
                text_append(t, "; ", 2);
            text_append(t, (const char *)entry->value + start, i - start);
        }
        start = i + 1;
    }
}

static void number_text(struct text *t, const struct faxtiff_entry *entry, bool be)
{
    size_t size = faxtiff_type_size(entry->type), n = entry->value_len / size;
    const uint8_t *v = entry->value;

    for (size_t i = 0; i < n; i++, v += size) {
        switch (entry->type) {
        case FAXTIFF_BYTE: case FAXTIFF_UNDEFINED: text_number(t, "%u", v[0]); break;
        case FAXTIFF_SBYTE: text_number(t, "%d", (int8_t)v[0]); break;
        case FAXTIFF_SHORT: text_number(t, "%u", faxtiff_get16(v, be)); break;
        case FAXTIFF_SSHORT: text_number(t, "%d", (int16_t)faxtiff_get16(v, be)); break;
        case FAXTIFF_LONG: case FAXTIFF_IFD: text_number(t, "%" PRIu32, faxtiff_get32(v, be)); break;
        case FAXTIFF_SLONG: text_number(t, "%" PRId32, (int32_t)faxtiff_get32(v, be)); break;
        case FAXTIFF_RATIONAL:
            text_number(t, "%" PRIu32 "/%" PRIu32, faxtiff_get32(v, be), faxtiff_get32(v + 4, be));
            break;
        case FAXTIFF_SRATIONAL:
            text_number(t, "%" PRId32 "/%" PRId32, (int32_t)faxtiff_get32(v, be), (int32_t)faxtiff_get32(v + 4, be));
            break;
        case FAXTIFF_FLOAT: {
            uint32_t bits = faxtiff_get32(v, be);
            float f;
            memcpy(&f, &bits, sizeof(f));
            text_number(t, "%g", f);
            break;
        }
        case FAXTIFF_DOUBLE: {
            uint64_t bits = faxtiff_get64(v, be);
            double d;
            memcpy(&d, &bits, sizeof(d));
            text_number(t, "%.15g", d);
            break;
        }
        case FAXTIFF_LONG8: case FAXTIFF_IFD8: text_number(t, "%" PRIu64, faxtiff_get64(v, be)); break;
        case FAXTIFF_SLONG8: text_number(t, "%" PRId64, (int64_t)faxtiff_get64(v, be)); break;
        }
    }
}

enum faxtiff_status faxtiff_tag_text(const struct faxtiff *tiff, uint16_t tag, char **out,
                                     struct faxtiff_error *error)
{
    const struct faxtiff_entry *entry = faxtiff_find(tiff, tag);
    struct text t = { 0 };

    *out = NULL;
    if (!entry)
        return faxtiff_fail(error, FAXTIFF_ERR_ABSENT, "tag %u is not present", tag);
    /* Windows stores times as 8 raw bytes under a rational type: show the FILETIME, not fractions. */
    if (tag == faxtiff_time_tag(tiff->generation) || (tiff->generation == FAXTIFF_GEN_XP && is_xp_time_tag(tag))) {
        uint64_t filetime;
        enum faxtiff_status status = faxtiff_tag_filetime(tiff, tag, &filetime, error);
        if (status != FAXTIFF_OK)
            return status;
        text_number(&t, "%" PRIu64, filetime);
        return text_finish(&t, out, error);
    }
    if (faxtiff_type_size(entry->type) == 0)
        return faxtiff_fail(error, FAXTIFF_ERR_WRONG_TYPE, "tag %u has %s (%u)", tag,
                            faxtiff_type_name(entry->type), entry->type);
    if (entry->value_cut)
        return faxtiff_fail(error, FAXTIFF_ERR_TRUNCATED, "the value of tag %u (%llu x %s) runs past the end of the file",
                            tag, (unsigned long long)entry->count, faxtiff_type_name(entry->type));
    if (entry->type == FAXTIFF_ASCII)
        ascii_text(&t, entry);
    else
        number_text(&t, entry, tiff->big_endian);
    return text_finish(&t, out, error);
}

static uint16_t field_source_tag(const struct faxtiff *tiff, enum faxtiff_field field)
{
    if (tiff->generation != FAXTIFF_GEN_NONE)
        return faxtiff_field_tag(tiff->generation, field);
    if (field == FAXTIFF_TSID)
        return TAG_IMAGE_DESCRIPTION;   /* spandsp and HylaFAX store the far end's ident here */
    if (field == FAXTIFF_ROUTING)
        return TAG_FAX_SUBADDRESS;
    return 0;
}

enum faxtiff_status faxtiff_field_text(const struct faxtiff *tiff, enum faxtiff_field field, char **out,
                                       struct faxtiff_error *error)
{
    uint16_t tag;
    const struct faxtiff_entry *entry;
    struct text t = { 0 };

    *out = NULL;
    if ((unsigned)field >= FAXTIFF_FIELD_COUNT)
        return faxtiff_fail(error, FAXTIFF_ERR_ABSENT, "no such field");
    tag = field_source_tag(tiff, field);
    entry = tag ? faxtiff_find(tiff, tag) : NULL;
    if (!entry)
        return faxtiff_fail(error, FAXTIFF_ERR_ABSENT, "%s is not recorded in the file", field_names[field]);
    if (entry->type != FAXTIFF_ASCII && entry->type != FAXTIFF_BYTE && entry->type != FAXTIFF_UNDEFINED)
        return faxtiff_fail(error, FAXTIFF_ERR_WRONG_TYPE, "tag %u (%s) is stored as %s where text was expected",
                            tag, field_names[field], faxtiff_type_name(entry->type));
    if (entry->value_cut)
        return faxtiff_fail(error, FAXTIFF_ERR_TRUNCATED, "the value of tag %u (%s) runs past the end of the file",
                            tag, field_names[field]);
    ascii_text(&t, entry);
    return text_finish(&t, out, error);
}

enum faxtiff_status faxtiff_tag_filetime(const struct faxtiff *tiff, uint16_t tag, uint64_t *filetime,
                                         struct faxtiff_error *error)
{
    const struct faxtiff_entry *entry = faxtiff_find(tiff, tag);
    const uint8_t *v;
    bool be = tiff->big_endian;

    *filetime = 0;
    if (!entry)
        return faxtiff_fail(error, FAXTIFF_ERR_ABSENT, "tag %u is not present", tag);
    v = entry->value;
    switch (entry->type) {
    case FAXTIFF_BYTE: case FAXTIFF_SBYTE: case FAXTIFF_UNDEFINED: case FAXTIFF_LONG: case FAXTIFF_SLONG:
    case FAXTIFF_RATIONAL: case FAXTIFF_SRATIONAL: case FAXTIFF_IFD: case FAXTIFF_LONG8: case FAXTIFF_SLONG8:
    case FAXTIFF_IFD8:
        break;
    default:
        return faxtiff_fail(error, FAXTIFF_ERR_WRONG_TYPE, "tag %u is stored as %s where an 8-byte time was expected",
                            tag, faxtiff_type_name(entry->type));
    }
    if (entry->value_len < 8)
        return faxtiff_fail(error, entry->value_cut ? FAXTIFF_ERR_TRUNCATED : FAXTIFF_ERR_WRONG_TYPE,
                            "tag %u holds %zu bytes where an 8-byte time was expected", tag, entry->value_len);
    if (faxtiff_type_size(entry->type) == 1)
        *filetime = faxtiff_get64(v, false);   /* raw bytes: FILETIME's own little-endian layout */
    else if (faxtiff_type_size(entry->type) == 8 && entry->type != FAXTIFF_RATIONAL && entry->type != FAXTIFF_SRATIONAL)
        *filetime = faxtiff_get64(v, be);
    else   /* two 32-bit words in the file's order: low, then high */
        *filetime = (uint64_t)faxtiff_get32(v + 4, be) << 32 | faxtiff_get32(v, be);
    return FAXTIFF_OK;
}

uint64_t faxtiff_filetime_from_unix(int64_t seconds)
{
    return (uint64_t)(seconds * 10000000 + (int64_t)FILETIME_UNIX_EPOCH);
}

int64_t faxtiff_unix_from_filetime(uint64_t filetime)
{
    return ((int64_t)filetime - (int64_t)FILETIME_UNIX_EPOCH) / 10000000;
}

/* TIFF DateTime is "YYYY:MM:DD HH:MM:SS" in local time; spandsp writes '/' between the date parts. */
static bool parse_date_time(const char *text, uint64_t *filetime)
{
    struct tm tm = { 0 };
    char sep1, sep2;
    int year, month, day, hour, minute, second;
    time_t t;

    if (sscanf(text, "%4d%c%2d%c%2d %2d:%2d:%2d", &year, &sep1, &month, &sep2, &day, &hour, &minute, &second) != 8
        || sep1 != sep2 || (sep1 != ':' && sep1 != '/' && sep1 != '-') || year < 1601 || month < 1 || month > 12
        || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0)
        return false;
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    tm.tm_isdst = -1;
    t = mktime(&tm);
    if (t == (time_t)-1)
        return false;
    *filetime = faxtiff_filetime_from_unix((int64_t)t);
    return true;
}

enum faxtiff_status faxtiff_receive_time(const struct faxtiff *tiff, uint64_t *filetime, struct faxtiff_error *error)
{
    const struct faxtiff_entry *entry;
    struct text t = { 0 };
    bool ok;

    *filetime = 0;
    if (tiff->generation != FAXTIFF_GEN_NONE) {
        uint16_t tag = faxtiff_time_tag(tiff->generation);
        if (!faxtiff_find(tiff, tag))
            return faxtiff_fail(error, FAXTIFF_ERR_ABSENT, "the receive time (tag %u) is not recorded in the file", tag);
        return faxtiff_tag_filetime(tiff, tag, filetime, error);
    }
    entry = faxtiff_find(tiff, TAG_DATE_TIME);
    if (!entry)
        return faxtiff_fail(error, FAXTIFF_ERR_ABSENT, "the receive time is not recorded in the file");
    if (entry->type != FAXTIFF_ASCII)
        return faxtiff_fail(error, FAXTIFF_ERR_WRONG_TYPE, "DateTime (tag 306) is stored as %s",
                            faxtiff_type_name(entry->type));
    ascii_text(&t, entry);
    if (t.failed)
        return faxtiff_fail(error, FAXTIFF_ERR_NO_MEMORY, "out of memory");
    ok = t.data && parse_date_time(t.data, filetime);
    if (!ok)
        faxtiff_fail(error, FAXTIFF_ERR_WRONG_TYPE, "DateTime (tag 306) \"%.40s\" is not a date", t.data ? t.data : "");
    free(t.data);
    return ok ? FAXTIFF_OK : FAXTIFF_ERR_WRONG_TYPE;
}
