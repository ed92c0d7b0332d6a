/* For targets whose parser reads a path (faxd.conf, the hosts file, documents): the input goes into one
 * private temporary file, rewritten for each run, so the parser sees exactly the fuzzer's bytes. */
#ifndef OPENFAXCOM_FUZZ_FILE_H
#define OPENFAXCOM_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The path holding data, or NULL when it cannot be written (the run is then skipped, not failed). */
static const char *fuzz_file(const uint8_t *data, size_t size)
{
    static char path[64];
    FILE *f;

    if (!path[0]) {
        int fd;
        snprintf(path, sizeof(path), "/tmp/openfaxcom-fuzz-XXXXXX");
        if ((fd = mkstemp(path)) < 0) {
            path[0] = 0;
            return NULL;
        }
        close(fd);
    }
    if (!(f = fopen(path, "wb")))
        return NULL;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    return fclose(f) == 0 ? path : NULL;
}

#endif
