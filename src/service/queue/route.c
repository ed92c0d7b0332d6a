#include "route.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define COMMAND_TIMEOUT 60

bool route_copy_file(const char *source, const char *folder, const char *name, char *why, size_t why_size)
{
    char temp[4096], target[4096], buffer[65536];
    int in = open(source, O_RDONLY | O_CLOEXEC), out = -1, dir;
    bool ok = in >= 0;
    ssize_t n;

    snprintf(temp, sizeof(temp), "%s/.%s.%ld.tmp", folder, name, (long)getpid());
    snprintf(target, sizeof(target), "%s/%s", folder, name);
    if (ok)
        ok = (out = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) >= 0;
    while (ok && (n = read(in, buffer, sizeof(buffer))) > 0)
        ok = write(out, buffer, (size_t)n) == n;
    if (ok)
        ok = fsync(out) == 0;
    if (out >= 0 && close(out) != 0)
        ok = false;
    if (in >= 0)
        close(in);
    if (ok)
        ok = rename(temp, target) == 0;
    if (ok && (dir = open(folder, O_RDONLY | O_DIRECTORY)) >= 0) {
        fsync(dir);
        close(dir);
    }
    if (!ok) {
        snprintf(why, why_size, "cannot copy to %s: %s", target, strerror(errno));
        unlink(temp);
    }
    return ok;
}

void route_transfer_log(const char *spool_root, const char *format, ...)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    char path[4096], when[32], line[1024];
    time_t now = time(NULL);
    struct tm tm;
    va_list args;
    int fd;

    localtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
    va_start(args, format);
    vsnprintf(line, sizeof(line), format, args);
    va_end(args);
    snprintf(path, sizeof(path), "%s/log/xferfaxlog", spool_root);
    pthread_mutex_lock(&lock);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        dprintf(fd, "%s\t%s\n", when, line);
        close(fd);
    }
    pthread_mutex_unlock(&lock);
}

/* Splits a command into words (double quotes group), appends extra; NULL-terminated, malloc'd. */
static char **command_words(const char *command, const char *extra)
{
    size_t capacity = strlen(command) / 2 + 4, n = 0;
    char **words = calloc(capacity, sizeof(*words)), *copy = strdup(command), *c = copy;

    if (!words || !copy) {
        free(words);
        free(copy);
        return NULL;
    }
    while (*c && n + 2 < capacity) {
        while (*c == ' ' || *c == '\t')
            c++;
        if (!*c)
            break;
        bool quoted = *c == '"';
        char *start = quoted ? ++c : c;
        while (*c && (quoted ? *c != '"' : (*c != ' ' && *c != '\t')))
            c++;
        if (*c)
            *c++ = 0;
        words[n++] = strdup(start);
    }
    words[n++] = strdup(extra);
    free(copy);
    return words;
}

static void free_words(char **words)
{
    for (size_t i = 0; words && words[i]; i++)
        free(words[i]);
    free(words);
}

/* Runs argv with stdin fed from input (may be NULL), within COMMAND_TIMEOUT; the exit status or -1. */
static int run(char **argv, const char *input, size_t input_size)
{
    int pipe_fds[2] = { -1, -1 }, status = -1;
    pid_t pid;

    if (input && pipe(pipe_fds) != 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        if (input) {
            dup2(pipe_fds[0], 0);
            close(pipe_fds[0]);
            close(pipe_fds[1]);
        } else {
            int null = open("/dev/null", O_RDONLY);
            dup2(null, 0);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    if (input) {
        close(pipe_fds[0]);
        if (pid > 0) {
            size_t done = 0;
            while (done < input_size) {
                ssize_t n = write(pipe_fds[1], input + done, input_size - done);
                if (n <= 0)
                    break;
                done += (size_t)n;
            }
        }
        close(pipe_fds[1]);
    }
    if (pid < 0)
        return -1;
    for (int waited = 0; waited < COMMAND_TIMEOUT * 10; waited++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        usleep(100000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static char *mail_message(const char *address, const char *path, const char *sender, int pages, size_t *size)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *in = fopen(path, "rb"), *out;
    char *message = NULL, host[64] = "localhost";
    const char *name = base_name(path);
    unsigned char chunk[57];
    size_t n;

    if (!in || !(out = open_memstream(&message, size))) {
        if (in)
            fclose(in);
        return NULL;
    }
    gethostname(host, sizeof(host) - 1);
    fprintf(out, "To: %s\nFrom: faxd <faxd@%s>\nSubject: Fax from %s (%d page%s)\nMIME-Version: 1.0\n"
                 "Content-Type: multipart/mixed; boundary=\"faxd-boundary\"\n\n--faxd-boundary\n"
                 "Content-Type: text/plain; charset=utf-8\n\nA fax from %s arrived: %d page%s, attached as %s.\n\n"
                 "--faxd-boundary\nContent-Type: image/tiff; name=\"%s\"\nContent-Transfer-Encoding: base64\n"
                 "Content-Disposition: attachment; filename=\"%s\"\n\n",
            address, host, *sender ? sender : "an unknown sender", pages, pages == 1 ? "" : "s",
            *sender ? sender : "an unknown sender", pages, pages == 1 ? "" : "s", name, name, name);
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
        for (size_t i = 0; i < n; i += 3) {
            unsigned v = chunk[i] << 16 | (i + 1 < n ? chunk[i + 1] << 8 : 0) | (i + 2 < n ? chunk[i + 2] : 0);
            fputc(alphabet[v >> 18 & 63], out);
            fputc(alphabet[v >> 12 & 63], out);
            fputc(i + 1 < n ? alphabet[v >> 6 & 63] : '=', out);
            fputc(i + 2 < n ? alphabet[v & 63] : '=', out);
        }
        fputc('\n', out);
    }
    fprintf(out, "--faxd-boundary--\n");
    fclose(in);
    fclose(out);
    return message;
}

struct routing {
    const struct faxd_config *config;
    bool enabled[FAXD_MAX_ROUTES];
    char *line, *path, *sender;
    int pages;
};

static void *route_thread(void *argument)
{
    struct routing *r = argument;
    const char *name = base_name(r->path);

    for (size_t i = 0; i < r->config->route_count; i++) {
        const struct faxd_route *route = &r->config->routes[i];
        char why[300] = "";
        int status = 0;
        if (!r->enabled[i] || strcmp(route->line, r->line))
            continue;
        if (route->method == ROUTE_FOLDER) {
            status = route_copy_file(r->path, route->argument, name, why, sizeof(why)) ? 0 : -1;
        } else if (route->method == ROUTE_PRINT) {
            char **argv = command_words(route->argument, r->path);
            status = argv ? run(argv, NULL, 0) : -1;
            free_words(argv);
            snprintf(why, sizeof(why), "exit status %d", status);
        } else {
            const char *sendmail = r->config->sendmail ? r->config->sendmail : "/usr/sbin/sendmail";
            char *argv[] = { (char *)sendmail, "-t", "-oi", NULL };
            size_t size = 0;
            char *message = mail_message(route->argument, r->path, r->sender, r->pages, &size);
            status = message ? run(argv, message, size) : -1;
            free(message);
            snprintf(why, sizeof(why), "sendmail exit status %d", status);
        }
        faxd_log("line %s: %s (%s) %s for %s%s%s", r->line, faxd_route_name(route->method), route->argument,
                 status == 0 ? "done" : "FAILED", name, status ? ": " : "", status ? why : "");
    }
    free(r->line);
    free(r->path);
    free(r->sender);
    free(r);
    return NULL;
}

void route_received(const struct faxd_config *config, const bool *enabled, const char *line_number, const char *path,
                    const char *sender, int pages)
{
    struct routing *r = calloc(1, sizeof(*r));
    pthread_attr_t attributes;
    pthread_t thread;
    bool any = false, configured = false;

    for (size_t i = 0; i < config->route_count; i++) {
        configured |= !strcmp(config->routes[i].line, line_number);
        any |= enabled[i] && !strcmp(config->routes[i].line, line_number);
    }
    if (configured && !any)   /* said, so an administrator sees why a fax went nowhere else */
        faxd_log("line %s: every routing method is off; %s stays in recvq only", line_number, base_name(path));
    if (!r || !any) {
        free(r);
        return;
    }
    *r = (struct routing){ .config = config, .line = strdup(line_number), .path = strdup(path),
                           .sender = strdup(sender), .pages = pages };
    memcpy(r->enabled, enabled, config->route_count * sizeof(*enabled));
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    if (!r->line || !r->path || !r->sender || pthread_create(&thread, &attributes, route_thread, r) != 0) {
        faxd_log("line %s: cannot start routing for %s", line_number, path);
        free(r->line);
        free(r->path);
        free(r->sender);
        free(r);
    }
    pthread_attr_destroy(&attributes);
}
