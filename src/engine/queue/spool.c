#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const char *const folders[] = { "sendq", "doneq", "docq", "recvq", "tmp", "log", "etc", "quarantine" };

struct spool {
    char *root;
    pthread_mutex_t lock;   /* sequence files (temp names use an atomic counter: no nesting) */
    uint32_t temp_counter;
    int crash_step;
};

static char *join(const char *a, const char *b)
{
    size_t length = strlen(a) + strlen(b) + 2;
    char *path = malloc(length);
    if (path)
        snprintf(path, length, "%s/%s", a, b);
    return path;
}

char *spool_path(const struct spool *spool, const char *relative)
{
    return join(spool->root, relative);
}

const char *spool_root(const struct spool *spool)
{
    return spool->root;
}

static int sync_folder_of(const char *path)
{
    char *folder = strdup(path), *slash;
    int fd, rc = -1;

    if (!folder)
        return -1;
    slash = strrchr(folder, '/');
    if (slash)
        *slash = 0;
    fd = open(slash ? folder : ".", O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        rc = fsync(fd);
        close(fd);
    }
    free(folder);
    return rc;
}

static void clear_tmp(const char *tmp)
{
    DIR *dir = opendir(tmp);
    struct dirent *entry;

    if (!dir)
        return;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.')
            continue;
        char *path = join(tmp, entry->d_name);
        if (path)
            unlink(path);
        free(path);
    }
    closedir(dir);
}

enum spool_status spool_open(const char *root, struct spool **out, char *why, size_t why_size)
{
    struct spool *spool = calloc(1, sizeof(*spool));

    *out = NULL;
    if (!spool || !(spool->root = strdup(root))) {
        free(spool);
        snprintf(why, why_size, "out of memory");
        return SPOOL_ERR_NO_MEMORY;
    }
    if (mkdir(root, 0755) != 0 && errno != EEXIST) {
        snprintf(why, why_size, "cannot create %s: %s", root, strerror(errno));
        spool_close(spool);
        return SPOOL_ERR_IO;
    }
    for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
        char *path = join(root, folders[i]);
        int ok = path && (mkdir(path, 0755) == 0 || errno == EEXIST);
        if (!ok)
            snprintf(why, why_size, "cannot create %s: %s", path ? path : folders[i], strerror(errno));
        if (ok && !strcmp(folders[i], "tmp"))
            clear_tmp(path);
        free(path);
        if (!ok) {
            spool_close(spool);
            return SPOOL_ERR_IO;
        }
    }
    pthread_mutex_init(&spool->lock, NULL);
    *out = spool;
    return SPOOL_OK;
}

void spool_close(struct spool *spool)
{
    if (!spool)
        return;
    free(spool->root);
    free(spool);
}

void spool_crash_at(struct spool *spool, int step)
{
    spool->crash_step = step;
}

char *spool_temp_path(struct spool *spool, const char *suffix)
{
    char name[96];
    uint32_t n;

    n = __atomic_add_fetch(&spool->temp_counter, 1, __ATOMIC_RELAXED);
    snprintf(name, sizeof(name), "tmp/%ld-%u%s", (long)getpid(), n, suffix ? suffix : "");
    return spool_path(spool, name);
}

enum spool_status spool_write_failure(void)
{
    return errno == ENOSPC || errno == EDQUOT ? SPOOL_ERR_FULL : SPOOL_ERR_IO;
}

bool spool_nearly_full(const struct spool *spool)
{
    struct statvfs info;
    return statvfs(spool->root, &info) == 0 && (unsigned long long)info.f_bavail * info.f_frsize < 1024 * 1024;
}

enum spool_status spool_commit(struct spool *spool, const char *temp_path, const char *relative)
{
    char *target = spool_path(spool, relative);
    enum spool_status status = SPOOL_OK;
    int fd = open(temp_path, O_RDONLY);

    if (!target || fd < 0 || fsync(fd) != 0)
        status = spool_write_failure();
    if (fd >= 0)
        close(fd);
    if (status == SPOOL_OK && (rename(temp_path, target) != 0 || sync_folder_of(target) != 0))
        status = spool_write_failure();
    free(target);
    return status;
}

enum spool_status spool_write_atomic(struct spool *spool, const char *relative, const void *data, size_t size)
{
    char *temp = spool_temp_path(spool, ".new");
    const char *bytes = data;
    enum spool_status status = SPOOL_ERR_IO;
    size_t done = 0;
    int fd;

    if (!temp)
        return SPOOL_ERR_NO_MEMORY;
    fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        status = spool_write_failure();
        goto out;
    }
    if (spool->crash_step == 1)
        goto crashed;
    while (done < size) {
        ssize_t n = write(fd, bytes + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto failed;
        done += (size_t)n;
        if (spool->crash_step == 2 && done >= size / 2)
            goto crashed;   /* half the data written */
    }
    if (fsync(fd) != 0)
        goto failed;
    if (spool->crash_step == 3)
        goto crashed;
    if (close(fd) != 0) {
        fd = -1;
        goto failed;
    }
    fd = -1;
    {
        char *target = spool_path(spool, relative);
        if (target && rename(temp, target) == 0) {
            if (spool->crash_step != 4)
                sync_folder_of(target);
            status = SPOOL_OK;
        }
        free(target);
    }
    if (status != SPOOL_OK)
        unlink(temp);
    goto out;
crashed:
    status = SPOOL_ERR_IO;   /* the temp file stays behind, as after a real crash */
    close(fd);
    free(temp);
    return status;
failed:
    status = spool_write_failure();
    if (fd >= 0)
        close(fd);
    unlink(temp);
out:
    free(temp);
    return status;
}

enum spool_status spool_link(struct spool *spool, const char *from, const char *to)
{
    char *source = spool_path(spool, from), *target = spool_path(spool, to);
    enum spool_status status = SPOOL_OK;

    if (!source || !target)
        status = SPOOL_ERR_NO_MEMORY;
    else if (link(source, target) != 0)
        status = errno == ENOENT ? SPOOL_ERR_NOT_FOUND : SPOOL_ERR_IO;
    else if (sync_folder_of(target) != 0)
        status = SPOOL_ERR_IO;
    free(source);
    free(target);
    return status;
}

enum spool_status spool_quarantine(struct spool *spool, const char *relative, char *kept, size_t kept_size)
{
    char name[256], *from = spool_path(spool, relative), *to = NULL;
    enum spool_status status = SPOOL_ERR_IO;

    /* "sendq/q12" -> "quarantine/sendq-q12", then "-2", "-3"...: a second damaged q12 keeps the first */
    for (int copy = 1; from && copy < 1000 && status != SPOOL_OK; copy++) {
        int length = snprintf(name, sizeof(name), "quarantine/%s", relative);
        for (char *c = name + strlen("quarantine/"); *c; c++)
            *c = *c == '/' ? '-' : *c;
        if (copy > 1)
            snprintf(name + length, sizeof(name) - (size_t)length, "-%d", copy);
        free(to);
        if (!(to = spool_path(spool, name)))
            break;
        struct stat info;
        if (lstat(to, &info) == 0)
            continue;
        if (rename(from, to) != 0)
            break;
        sync_folder_of(to);
        sync_folder_of(from);
        status = SPOOL_OK;
    }
    if (kept && kept_size)
        snprintf(kept, kept_size, "%s", status == SPOOL_OK ? name : "");
    free(from);
    free(to);
    return status;
}

enum spool_status spool_remove(struct spool *spool, const char *relative)
{
    char *path = spool_path(spool, relative);
    enum spool_status status = SPOOL_OK;

    if (!path)
        return SPOOL_ERR_NO_MEMORY;
    if (unlink(path) != 0)
        status = errno == ENOENT ? SPOOL_ERR_NOT_FOUND : SPOOL_ERR_IO;
    else
        sync_folder_of(path);
    free(path);
    return status;
}

enum spool_status spool_read(const struct spool *spool, const char *relative, char **data, size_t *size)
{
    char *path = spool_path(spool, relative);
    FILE *f = path ? fopen(path, "rb") : NULL;
    enum spool_status status = SPOOL_OK;
    char *buffer = NULL;
    size_t length = 0, capacity = 0;

    *data = NULL;
    free(path);
    if (!f)
        return errno == ENOENT ? SPOOL_ERR_NOT_FOUND : SPOOL_ERR_IO;
    for (;;) {
        if (length + 4096 + 1 > capacity) {
            char *more = realloc(buffer, capacity = (length + 4096 + 1) * 2);
            if (!more) {
                status = SPOOL_ERR_NO_MEMORY;
                break;
            }
            buffer = more;
        }
        size_t n = fread(buffer + length, 1, 4096, f);
        length += n;
        if (n < 4096) {
            if (ferror(f))
                status = SPOOL_ERR_IO;
            break;
        }
    }
    fclose(f);
    if (status != SPOOL_OK) {
        free(buffer);
        return status;
    }
    buffer[length] = 0;
    *data = buffer;
    if (size)
        *size = length;
    return SPOOL_OK;
}

/* A sequence is kept as fixed-width text updated in place: one small write and one fsync, no new
 * file per number (a rename per job made every submission two fsyncs and an inode). */
static unsigned long read_number(int fd)
{
    char text[24];
    ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
    unsigned long value;

    text[n > 0 ? n : 0] = 0;
    value = strtoul(text, NULL, 10);
    return value == 0 || value > 999999999 ? 1 : value;
}

static bool write_number(int fd, unsigned long value)
{
    char text[24];
    snprintf(text, sizeof(text), "%010lu\n", value);
    return pwrite(fd, text, 11, 0) == 11 && fsync(fd) == 0;
}

/* Opens the sequence file with the lock held; -1 on failure. */
static int open_sequence(struct spool *spool, const char *relative)
{
    char *path = spool_path(spool, relative);
    int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    free(path);
    return fd;
}

enum spool_status spool_next_number(struct spool *spool, const char *relative, uint32_t *number)
{
    enum spool_status status = SPOOL_ERR_IO;
    unsigned long value = 0;
    int fd;

    pthread_mutex_lock(&spool->lock);
    if ((fd = open_sequence(spool, relative)) >= 0) {
        value = read_number(fd);
        if (write_number(fd, value + 1))
            status = SPOOL_OK;
        if (close(fd) != 0)
            status = SPOOL_ERR_IO;
    }
    pthread_mutex_unlock(&spool->lock);
    if (status == SPOOL_OK)
        *number = (uint32_t)value;
    return status;
}

enum spool_status spool_number_above(struct spool *spool, const char *relative, uint32_t used)
{
    enum spool_status status = SPOOL_ERR_IO;
    int fd;

    pthread_mutex_lock(&spool->lock);
    if ((fd = open_sequence(spool, relative)) >= 0) {
        status = read_number(fd) > used || write_number(fd, (unsigned long)used + 1) ? SPOOL_OK : SPOOL_ERR_IO;
        if (close(fd) != 0)
            status = SPOOL_ERR_IO;
    }
    pthread_mutex_unlock(&spool->lock);
    return status;
}

static int by_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);   /* q9 before q10 */
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

enum spool_status spool_list(const struct spool *spool, const char *folder, const char *prefix, char ***names,
                             size_t *count)
{
    char *path = spool_path(spool, folder);
    DIR *dir = path ? opendir(path) : NULL;
    struct dirent *entry;
    char **list = NULL;
    size_t n = 0, capacity = 0;

    free(path);
    *names = NULL;
    *count = 0;
    if (!dir)
        return SPOOL_ERR_IO;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.' || strncmp(entry->d_name, prefix, strlen(prefix)))
            continue;
        if (n == capacity) {
            char **more = realloc(list, (capacity = capacity ? capacity * 2 : 16) * sizeof(*list));
            if (!more)
                break;
            list = more;
        }
        if (!(list[n] = strdup(entry->d_name)))
            break;
        n++;
    }
    closedir(dir);
    if (n)
        qsort(list, n, sizeof(*list), by_name);
    *names = list;
    *count = n;
    return SPOOL_OK;
}

void spool_free_list(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
