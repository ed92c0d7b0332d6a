/*
 * PDF and PostScript through Ghostscript, as HylaFAX's ps2fax does: the tiffg4 device at fax resolution,
 * pages fitted to fixed A4 or letter media, which the device widens to exactly 1728 pixels.
 *
 * Ghostscript runs with fork and exec, no shell, so file names are never parsed as commands; -dSAFER keeps
 * the document from touching other files; the process group is killed when the time is up, because a
 * PostScript program can loop forever. Its stdout and stderr (PostScript errors go to stdout) are kept for
 * the error detail.
 */
#include "document_private.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_SECONDS 60
#define CAPTURE_SIZE 4096
#define MAX_PATH_BYTES 4096

/* Everything a run needs, kept on the stack: the child, a copy of this process until exec, then owns no
 * heap blocks that a failed exec would leave behind (valgrind checks forked children too). */
struct ghostscript_run {
    char resolution[16], paper[32];
    char output_arg[sizeof("-sOutputFile=") + 2 * MAX_PATH_BYTES];
    char input_arg[MAX_PATH_BYTES + 3];
    const char *argv[16];
    char output[CAPTURE_SIZE];
    size_t output_length;
};

/* An argument that is a file name to Ghostscript, never a switch ("-..."), an argument file ("@...") or
 * an I/O device ("%pipe%..."): relative names get "./". OutputFile's % is a page-number format: doubled. */
static bool set_file_arguments(struct ghostscript_run *run, const char *input, const char *output)
{
    char *out = run->output_arg + sprintf(run->output_arg, "-sOutputFile=");

    if (strlen(input) >= MAX_PATH_BYTES || strlen(output) >= MAX_PATH_BYTES)
        return false;
    sprintf(run->input_arg, "%s%s", input[0] == '/' ? "" : "./", input);
    for (const char *in = output; *in; in++) {
        if (*in == '%')
            *out++ = '%';
        *out++ = *in;
    }
    *out = '\0';
    return true;
}

static bool cloexec_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return false;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return true;
}

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + now.tv_nsec / 1e9;
}

/* Only async-signal-safe calls between fork and exec: the service may have threads. */
static void run_child(const char *program, char *const argv[], int output_fd, int exec_error_fd)
{
    int null_fd = open("/dev/null", O_RDONLY);
    int error_number;

    setpgid(0, 0);
    if (null_fd >= 0)
        dup2(null_fd, STDIN_FILENO);
    dup2(output_fd, STDOUT_FILENO);
    dup2(output_fd, STDERR_FILENO);
    execvp(program, argv);
    error_number = errno;
    (void)!write(exec_error_fd, &error_number, sizeof(error_number));
    _exit(127);
}

/* Collects the child's output until it closes it or the deadline passes; false on the deadline. */
static bool collect_output(int fd, double deadline, struct ghostscript_run *run)
{
    char scratch[1024];

    for (;;) {
        double left = deadline - seconds_now();
        struct pollfd poll_fd = { fd, POLLIN, 0 };
        ssize_t got;
        if (left <= 0)
            return false;
        if (poll(&poll_fd, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
            return false;
        if (!poll_fd.revents)
            continue;
        got = read(fd, scratch, sizeof(scratch));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return true;
        size_t room = sizeof(run->output) - 1 - run->output_length, keep = (size_t)got < room ? (size_t)got : room;
        memcpy(run->output + run->output_length, scratch, keep);
        run->output_length += keep;
        run->output[run->output_length] = '\0';
    }
}

/* Waits for the child until the deadline; false if it is still running then. When the process ignores
 * SIGCHLD there is no status to collect (ECHILD): the pages written then speak for the run. */
static bool wait_until(pid_t pid, double deadline, int *wait_status)
{
    for (;;) {
        pid_t done = waitpid(pid, wait_status, WNOHANG);
        if (done == pid || (done < 0 && errno != EINTR))
            return true;
        if (seconds_now() >= deadline)
            return false;
        nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
    }
}

/* The line of Ghostscript's output that says most: the first mentioning an error, else the first. */
static void summarise(const char *text, char *summary, size_t size)
{
    const char *line = strstr(text, "Error");
    const char *start, *end;
    size_t n = 0;

    if (line) {
        while (line > text && line[-1] != '\n')
            line--;
    } else {
        line = text;
    }
    start = line + strspn(line, " \t\r\n*");
    end = start + strcspn(start, "\r\n");
    for (const char *c = start; c < end && n + 1 < size; c++)
        if (!(c > start && (*c == ' ' || *c == '\t') && (c[-1] == ' ' || c[-1] == '\t')))
            summary[n++] = *c == '\t' ? ' ' : *c;
    while (n > 0 && summary[n - 1] == ' ')
        n--;
    summary[n] = '\0';
}

static void set_arguments(struct ghostscript_run *run, const struct document_options *options)
{
    const char **argv = run->argv;

    sprintf(run->resolution, "-r204x%d", options->resolution == DOCUMENT_NORMAL ? 98 : 196);
    sprintf(run->paper, "-sPAPERSIZE=%s", options->paper == DOCUMENT_PAPER_LETTER ? "letter" : "a4");
    *argv++ = options->ghostscript ? options->ghostscript : "gs";
    *argv++ = "-q";
    *argv++ = "-dNOPAUSE";
    *argv++ = "-dBATCH";
    *argv++ = "-dSAFER";
    *argv++ = "-sDEVICE=tiffg4";
    *argv++ = run->resolution;
    *argv++ = run->paper;
    *argv++ = "-dFIXEDMEDIA";
    *argv++ = "-dPDFFitPage";   /* PDF pages to the media... */
    *argv++ = "-dFitPage";      /* ...and PostScript ones (Ghostscript 9.50 and later) */
    *argv++ = run->output_arg;
    *argv++ = run->input_arg;
    *argv = NULL;
}

static enum document_status start_failed(const char *program, int error_number, const char *name,
                                         struct document_error *error)
{
    if (error_number == ENOENT || error_number == EACCES || error_number == ENOTDIR || error_number == ENOEXEC)
        return document_fail(error, DOCUMENT_ERR_NO_GHOSTSCRIPT,
                             "%s needs Ghostscript, and \"%s\" cannot be run (%s); install the ghostscript package",
                             name, program, strerror(error_number));
    return document_fail(error, DOCUMENT_ERR_CONVERT, "cannot start Ghostscript for %s: %s", name,
                         strerror(error_number));
}

/* Starts Ghostscript with its output on a pipe; 0, or the errno of pipe, fork or exec. */
static int start(struct ghostscript_run *run, pid_t *pid, int *output_fd)
{
    int output_pipe[2], exec_pipe[2], exec_errno = 0;

    if (!cloexec_pipe(output_pipe))
        return errno;
    if (!cloexec_pipe(exec_pipe)) {
        exec_errno = errno;
        close(output_pipe[0]);
        close(output_pipe[1]);
        return exec_errno;
    }
    *pid = fork();
    if (*pid == 0)
        run_child(run->argv[0], (char *const *)run->argv, output_pipe[1], exec_pipe[1]);
    if (*pid < 0)
        exec_errno = errno;
    else
        setpgid(*pid, *pid);   /* also here, so the group exists whichever of parent and child runs first */
    close(output_pipe[1]);
    close(exec_pipe[1]);
    /* The exec pipe closes on a successful exec, or carries exec's errno. */
    while (*pid > 0 && read(exec_pipe[0], &exec_errno, sizeof(exec_errno)) < 0 && errno == EINTR)
        ;
    close(exec_pipe[0]);
    if (exec_errno) {
        if (*pid > 0)
            waitpid(*pid, NULL, 0);
        close(output_pipe[0]);
        return exec_errno;
    }
    *output_fd = output_pipe[0];
    return 0;
}

enum document_status document_ghostscript_run(const char *input, const char *name,
                                              const struct document_options *options, const char *output,
                                              char *complaint, size_t complaint_size, struct document_error *error)
{
    unsigned timeout = options->ghostscript_timeout ? options->ghostscript_timeout : DEFAULT_TIMEOUT_SECONDS;
    struct ghostscript_run run = { .output_length = 0 };
    int output_fd = -1, start_errno, wait_status = 0;
    double deadline;
    bool finished;
    pid_t pid = -1;

    complaint[0] = '\0';
    if (!set_file_arguments(&run, input, output))
        return document_fail(error, DOCUMENT_ERR_CONVERT, "the path of %s is too long for Ghostscript", name);
    set_arguments(&run, options);
    start_errno = start(&run, &pid, &output_fd);
    if (start_errno)
        return start_failed(run.argv[0], start_errno, name, error);
    deadline = seconds_now() + timeout;
    finished = collect_output(output_fd, deadline, &run) && wait_until(pid, deadline, &wait_status);
    close(output_fd);
    if (!finished) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        waitpid(pid, &wait_status, 0);
        return document_fail(error, DOCUMENT_ERR_CONVERT, "Ghostscript took more than %u s on %s and was stopped",
                             timeout, name);
    }
    summarise(run.output, complaint, complaint_size);
    if (WIFSIGNALED(wait_status))
        return document_fail(error, DOCUMENT_ERR_CONVERT, "Ghostscript was killed by signal %d on %s%s%s",
                             WTERMSIG(wait_status), name, complaint[0] ? ": " : "", complaint);
    if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0)
        return document_fail(error, DOCUMENT_ERR_CONVERT, "Ghostscript failed on %s (exit %d): %s", name,
                             WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1,
                             complaint[0] ? complaint : "no message");
    return DOCUMENT_OK;
}
