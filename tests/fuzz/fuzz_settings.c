/* libFuzzer target for what SITE FAXD SET/PORT accept and SPOOL/etc/settings holds: the first line is a
 * "Name: value" a client sends (server setting and port setting alike), the rest a settings file. What
 * faxd stores must read back to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "settings.h"

static void set_one(void *context, char *key, char *value)
{
    struct faxd_settings *settings = context;
    char why[200];
    int port = port_setting_find(key), number;

    if (settings_name(key) && settings_set(settings, key, value, why, sizeof(why)))
        settings_get(settings, key, why, sizeof(why));
    if (port >= 0)
        port_setting_check((enum port_setting)port, value, 4, &number, why, sizeof(why));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool quiet;
    struct faxd_config config;
    struct faxd_settings settings, again;
    char *text = malloc(size + 1), *newline;

    if (!text)
        return 0;
    if (!quiet) {
        faxd_log_open("/dev/null");   /* skipped lines are logged: keep the fuzzer's output readable */
        quiet = true;
    }
    memcpy(text, data, size);
    text[size] = 0;
    faxd_config_defaults(&config);
    settings_from_config(&settings, &config);
    again = settings;
    newline = strchr(text, '\n');
    if (newline)
        *newline++ = 0;
    settings_each_line(text, set_one, &settings);
    if (newline)
        settings_parse(&settings, newline);

    size_t length;
    char *stored = settings_serialize(&settings, &length), *restored = NULL;
    if (stored) {
        settings_parse(&again, stored);
        again.stored = settings.stored;
        restored = settings_serialize(&again, &length);
        if (!restored || strcmp(stored, restored))
            abort();   /* what faxd stores must read back the same */
    }
    free(restored);
    free(stored);
    faxd_config_free(&config);
    free(text);
    return 0;
}
