/* libFuzzer target for faxd.conf: the file is read over the defaults, and whatever it loads must free clean. */
#include "fuzz_file.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct faxd_config config;
    const char *path = fuzz_file(data, size);
    char why[256];

    if (!path)
        return 0;
    faxd_config_defaults(&config);
    if (faxd_config_load(&config, path, why, sizeof(why))) {
        for (size_t i = 0; i < config.route_count; i++)
            (void)faxd_route_guid(config.routes[i].method);
    }
    /* FAXD_TEST_TIME_OF_DAY, from the environment: the input's first bytes as "HH:MM" */
    char clock[8] = { 0 };
    if (size)
        memcpy(clock, data, size < sizeof(clock) - 1 ? size : sizeof(clock) - 1);
    faxd_config_fix_time_of_day(&config, clock, why, sizeof(why));
    faxd_config_free(&config);
    return 0;
}
