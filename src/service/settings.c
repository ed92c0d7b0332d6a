#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

/* How a setting's text maps onto its field: the discount window is kept as two minutes-after-midnight,
 * and each of its hours and minutes is a setting of its own, as in FaxServer. */
enum kind { COUNT, MINUTES, FLAG, TEXT, HOUR_OF, MINUTE_OF };

static const struct setting {
    const char *name;
    enum kind kind;
    int high;                     /* COUNT, MINUTES, HOUR_OF, MINUTE_OF: 0 to high */
    size_t offset, size;
} table[] = {
#define FIELD(f) offsetof(struct faxd_settings, f), sizeof(((struct faxd_settings *)0)->f)
    { "Retries", COUNT, 99, FIELD(retries) },
    { "RetryDelay", MINUTES, 1440, FIELD(retry_delay) },
    { "DirtyDays", COUNT, 365, FIELD(dirty_days) },
    { "Branding", FLAG, 1, FIELD(branding) },
    { "UseDeviceTsid", FLAG, 1, FIELD(use_device_tsid) },
    { "ServerCoverpage", FLAG, 1, FIELD(server_coverpage) },
    { "PauseServerQueue", FLAG, 1, FIELD(queue_paused) },
    { "ArchiveOutboundFaxes", FLAG, 1, FIELD(archive) },
    { "ArchiveDirectory", TEXT, 0, FIELD(archive_directory) },
    { "ServerMapiProfile", TEXT, 0, FIELD(mapi_profile) },
    { "DiscountRateStartHour", HOUR_OF, 23, FIELD(discount_start) },
    { "DiscountRateStartMinute", MINUTE_OF, 59, FIELD(discount_start) },
    { "DiscountRateEndHour", HOUR_OF, 23, FIELD(discount_end) },
    { "DiscountRateEndMinute", MINUTE_OF, 59, FIELD(discount_end) },
#undef FIELD
};
#define SETTING_COUNT (sizeof(table) / sizeof(table[0]))
_Static_assert(SETTING_COUNT <= sizeof(unsigned) * 8, "one stored bit per setting");

void settings_from_config(struct faxd_settings *settings, const struct faxd_config *config)
{
    memset(settings, 0, sizeof(*settings));
    settings->retries = config->max_tries - 1;
    settings->retry_delay = config->retry_delay;
    settings->branding = config->branding;
    settings->archive = config->archive_folder != NULL;
    snprintf(settings->archive_directory, sizeof(settings->archive_directory), "%s",
             config->archive_folder ? config->archive_folder : "");
    settings->discount_start = config->discount_start;
    settings->discount_end = config->discount_end;
}

static const struct setting *find(const char *name)
{
    for (size_t i = 0; i < SETTING_COUNT; i++)
        if (!strcasecmp(table[i].name, name))
            return &table[i];
    return NULL;
}

const char *settings_name(const char *name)
{
    const struct setting *s = find(name);
    return s ? s->name : NULL;
}

static void *field(const struct faxd_settings *settings, const struct setting *s)
{
    return (char *)settings + s->offset;
}

void settings_get(const struct faxd_settings *settings, const char *name, char *out, size_t size)
{
    const struct setting *s = find(name);
    int *number = s ? field(settings, s) : NULL;

    if (!s)
        snprintf(out, size, "%s", "");
    else if (s->kind == FLAG)
        snprintf(out, size, "%d", *(bool *)number ? 1 : 0);
    else if (s->kind == TEXT)
        snprintf(out, size, "%s", (const char *)number);
    else
        snprintf(out, size, "%d", s->kind == MINUTES ? (*number + 30) / 60 : s->kind == HOUR_OF ? *number / 60
                                  : s->kind == MINUTE_OF ? *number % 60 : *number);
}

/* A whole decimal number within 0..high. */
static bool parse_number(const char *value, int high, int *out)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (!*value || *end || n < 0 || n > high)
        return false;
    *out = (int)n;
    return true;
}

/* 0 or 1; -1 too, which is how a VARIANT_BOOL's true arrives from a script. */
static bool parse_flag(const char *value, bool *out)
{
    if (strcmp(value, "0") && strcmp(value, "1") && strcmp(value, "-1"))
        return false;
    *out = strcmp(value, "0") != 0;
    return true;
}

/* Range checks only; the archive folder is checked by settings_set. */
static bool assign(struct faxd_settings *settings, const struct setting *s, const char *value, char *why,
                   size_t why_size)
{
    int *number = field(settings, s), n;

    if (s->kind == TEXT) {
        if (strlen(value) >= s->size) {
            snprintf(why, why_size, "at most %zu characters", s->size - 1);
            return false;
        }
        snprintf((char *)number, s->size, "%s", value);
    } else if (s->kind == FLAG) {
        if (!parse_flag(value, (bool *)number)) {
            snprintf(why, why_size, "must be 0 or 1");
            return false;
        }
    } else if (!parse_number(value, s->high, &n)) {
        snprintf(why, why_size, "must be 0 to %d", s->high);
        return false;
    } else {
        *number = s->kind == MINUTES ? n * 60 : s->kind == HOUR_OF ? n * 60 + *number % 60
                : s->kind == MINUTE_OF ? *number / 60 * 60 + n : n;
    }
    settings->stored |= 1u << (s - table);
    return true;
}

static bool writable_folder(const char *path)
{
    struct stat info;
    return path[0] == '/' && stat(path, &info) == 0 && S_ISDIR(info.st_mode) && access(path, W_OK | X_OK) == 0;
}

bool settings_set(struct faxd_settings *settings, const char *name, const char *value, char *why, size_t why_size)
{
    const struct setting *s = find(name);
    struct faxd_settings next = *settings;

    if (!s) {
        snprintf(why, why_size, "unknown setting");
        return false;
    }
    if (!assign(&next, s, value, why, why_size))
        return false;
    /* Archiving into a folder faxd cannot write would lose every copy without a word to the client. */
    bool folder = !strcmp(s->name, "ArchiveDirectory"), archiving = !strcmp(s->name, "ArchiveOutboundFaxes");
    if (folder && *value && !writable_folder(value)) {
        snprintf(why, why_size, "%s is not an existing writable directory (an absolute path)", value);
        return false;
    }
    if ((folder || archiving) && next.archive && !writable_folder(next.archive_directory)) {
        snprintf(why, why_size, "archiving needs ArchiveDirectory to be an existing writable directory (it is \"%s\")",
                 next.archive_directory);
        return false;
    }
    *settings = next;
    return true;
}

char *settings_serialize(const struct faxd_settings *settings, size_t *size)
{
    char *text = NULL, value[1100];
    FILE *out = open_memstream(&text, size);

    if (!out)
        return NULL;
    for (size_t i = 0; i < SETTING_COUNT; i++)
        if (settings->stored & 1u << i) {
            settings_get(settings, table[i].name, value, sizeof(value));
            fprintf(out, "%s: %s\n", table[i].name, value);
        }
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

void settings_each_line(char *text, void (*each)(void *context, char *key, char *value), void *context)
{
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        char *colon = strstr(line, ": ");
        if (colon) {
            *colon = 0;
            each(context, line, colon + 2);
        } else if (*line) {
            faxd_log("SPOOL/etc: a line without \"key: value\" skipped: %.80s", line);
        }
    }
}

static void parse_one(void *context, char *key, char *value)
{
    const struct setting *s = find(key);
    char why[160];

    if (!s)
        faxd_log("settings: unknown setting %.40s skipped", key);
    else if (!assign(context, s, value, why, sizeof(why)))
        faxd_log("settings: %s: %s; the value %.80s is skipped", s->name, why, value);
}

void settings_parse(struct faxd_settings *settings, const char *text)
{
    char *copy = strdup(text);
    if (copy)
        settings_each_line(copy, parse_one, settings);
    free(copy);
}

/* ---- ports ---- */

static const char *const port_settings[PORT_SETTING_COUNT] = {
    [PORT_RINGS] = "Rings", [PORT_CSID] = "Csid", [PORT_TSID] = "Tsid",
    [PORT_SEND] = "Send", [PORT_RECEIVE] = "Receive", [PORT_PRIORITY] = "Priority",
};

int port_setting_find(const char *name)
{
    for (int i = 0; i < PORT_SETTING_COUNT; i++)
        if (!strcasecmp(port_settings[i], name))
            return i;
    return -1;
}

const char *port_setting_name(enum port_setting setting)
{
    return port_settings[setting];
}

bool port_setting_check(enum port_setting setting, const char *value, int line_count, int *number, char *why,
                        size_t why_size)
{
    bool flag;

    switch (setting) {
    case PORT_RINGS:
    case PORT_PRIORITY: {
        int low = 1, high = setting == PORT_RINGS ? 99 : line_count;
        if (!parse_number(value, high, number) || *number < low) {
            snprintf(why, why_size, "must be %d to %d", low, high);
            return false;
        }
        return true;
    }
    case PORT_SEND:
    case PORT_RECEIVE:
        if (!parse_flag(value, &flag)) {
            snprintf(why, why_size, "must be 0 or 1");
            return false;
        }
        *number = flag;
        return true;
    default:   /* an ident goes into T.30 frames, and '|' separates the fields of a PORTS line */
        if (strlen(value) > 20) {
            snprintf(why, why_size, "at most 20 characters");
            return false;
        }
        for (const unsigned char *c = (const unsigned char *)value; *c; c++)
            if (*c < 0x20 || *c > 0x7e || *c == '|') {
                snprintf(why, why_size, "printable ASCII only, without |");
                return false;
            }
        return true;
    }
}
