/* For targets whose parser reads a path (faxd.conf, the hosts file, documents): the input goes into one
 * memory file, rewritten for each run and named through /proc/self/fd, so the parser sees exactly the
 * fuzzer's bytes and nothing is left behind (libFuzzer ends without running atexit handlers).
 * Include it first: memfd_create needs _GNU_SOURCE before any system header. */
#ifndef OPENFAXCOM_FUZZ_FILE_H
#define OPENFAXCOM_FUZZ_FILE_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* The path holding data, or NULL when it cannot be written (the run is then skipped, not failed). */
static const char *fuzz_file(const uint8_t *data, size_t size)
{
    static char path[64];
    static int fd = -1;

    if (fd < 0) {
        if ((fd = memfd_create("openfaxcom-fuzz", 0)) < 0)
            return NULL;
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
        return NULL;
    return path;
}

#endif
