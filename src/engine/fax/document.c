/*
 * Documents to fax pages: detection, and the conversion's course. Each conversion writes its pages into a
 * private work directory first, then assembles the output (earlier documents' pages, then the new ones,
 * numbered of the new total) into a temporary file renamed over it: an output is whole or untouched.
 */
#include "document_private.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


const char *document_strerror(enum document_status status)
{
    switch (status) {
    case DOCUMENT_OK: return "success";
    case DOCUMENT_ERR_OPEN: return "the document cannot be opened";
    case DOCUMENT_ERR_UNSUPPORTED: return "the document is not in a format that can be faxed";
    case DOCUMENT_ERR_DAMAGED: return "the document is damaged";
    case DOCUMENT_ERR_NO_GHOSTSCRIPT: return "Ghostscript, needed for PDF and PostScript, is not installed";
    case DOCUMENT_ERR_CONVERT: return "the document could not be converted";
    case DOCUMENT_ERR_EMPTY: return "the document has no pages";
    case DOCUMENT_ERR_WRITE: return "the fax pages cannot be written";
    case DOCUMENT_ERR_NO_MEMORY: return "out of memory";
    }
    return "unknown document status";
}

enum document_status document_fail(struct document_error *error, enum document_status status, const char *format,
                                   ...)
{
    if (error) {
        va_list args;
        va_start(args, format);
        error->status = status;
        vsnprintf(error->detail, sizeof(error->detail), format, args);
        va_end(args);
    }
    return status;
}

const char *document_file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

float document_y_resolution(enum document_resolution resolution)
{
    return resolution == DOCUMENT_NORMAL ? 98.0f : 196.0f;
}

enum document_status document_page_alloc(struct document_page *page, uint32_t width, uint32_t length,
                                         float x_resolution, float y_resolution, struct document_error *error)
{
    page->width = width;
    page->length = length;
    page->stride = (width + 7) / 8;
    page->x_resolution = x_resolution;
    page->y_resolution = y_resolution;
    page->bits = calloc(page->stride ? page->stride : 1, length ? length : 1);
    if (!page->bits)
        return document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory for a %u x %u page", width, length);
    return DOCUMENT_OK;
}

void document_page_release(struct document_page *page)
{
    free(page->bits);
    page->bits = NULL;
}

void document_options_init(struct document_options *options)
{
    *options = (struct document_options){ DOCUMENT_FINE, DOCUMENT_PAPER_A4, NULL, 0 };
}

/* The input exists, is a regular file and has bytes. */
static enum document_status check_input(const char *path, struct document_error *error)
{
    const char *name = document_file_name(path);
    struct stat info;

    if (stat(path, &info) != 0)
        return document_fail(error, DOCUMENT_ERR_OPEN, "cannot open %s: %s", name, strerror(errno));
    if (S_ISDIR(info.st_mode))
        return document_fail(error, DOCUMENT_ERR_OPEN, "%s is a directory, not a document", name);
    if (!S_ISREG(info.st_mode))
        return document_fail(error, DOCUMENT_ERR_OPEN, "%s is not a regular file", name);
    if (access(path, R_OK) != 0)
        return document_fail(error, DOCUMENT_ERR_OPEN, "cannot read %s: %s", name, strerror(errno));
    if (info.st_size == 0)
        return document_fail(error, DOCUMENT_ERR_EMPTY, "%s is empty", name);
    return DOCUMENT_OK;
}

/* A private directory for the staged pages, and Ghostscript's input link and output. Kept small: it lives
 * on the stack of whichever thread converts. */
struct workspace {
    char directory[1024];
    char staged[1024 + 32];
    char ghostscript_input[1024 + 32];
    char ghostscript_output[1024 + 32];
};

static enum document_status workspace_create(struct workspace *work, struct document_error *error)
{
    const char *base = getenv("TMPDIR");

    if (!base || !*base)
        base = "/tmp";
    if ((size_t)snprintf(work->directory, sizeof(work->directory), "%s/openfaxcom-document-XXXXXX", base) >=
        sizeof(work->directory))
        return document_fail(error, DOCUMENT_ERR_WRITE, "the temporary directory's path (TMPDIR) is too long");
    if (!mkdtemp(work->directory))
        return document_fail(error, DOCUMENT_ERR_WRITE, "cannot make a work directory in %s: %s", base,
                             strerror(errno));
    snprintf(work->staged, sizeof(work->staged), "%s/staged.tif", work->directory);
    snprintf(work->ghostscript_input, sizeof(work->ghostscript_input), "%s/input", work->directory);
    snprintf(work->ghostscript_output, sizeof(work->ghostscript_output), "%s/ghostscript.tif", work->directory);
    return DOCUMENT_OK;
}

static void workspace_remove(struct workspace *work)
{
    unlink(work->staged);
    unlink(work->ghostscript_input);
    unlink(work->ghostscript_output);
    rmdir(work->directory);
}

static enum document_status convert_tiff(const char *path, const struct document_options *options,
                                         struct document_sink *sink, struct document_error *error)
{
    struct document_tiff_file file;
    enum document_status status = document_tiff_open(&file, path, "r", error);

    if (status == DOCUMENT_OK)
        status = document_tiff_convert(&file, false, options->resolution, sink, error);
    document_tiff_close(&file);
    return status;
}

/* Ghostscript refuses some names outright (any with "%pipe" in them), and reads others as switches or
 * devices; it is given a link of a plain name to the document instead. */
static const char *ghostscript_input(const char *path, const struct workspace *work)
{
    char *absolute = realpath(path, NULL);
    bool linked = absolute && symlink(absolute, work->ghostscript_input) == 0;

    free(absolute);
    return linked ? work->ghostscript_input : path;
}

static enum document_status convert_with_ghostscript(const char *path, const struct document_options *options,
                                                     const struct workspace *work, struct document_sink *sink,
                                                     struct document_error *error)
{
    const char *name = document_file_name(path);
    char complaint[200];
    enum document_status status = document_ghostscript_run(ghostscript_input(path, work), name, options,
                                                           work->ghostscript_output, complaint, sizeof(complaint),
                                                           error);

    /* The tiffg4 device makes A4 and letter 1728 wide; pages of another width are scaled by the TIFF path. */
    if (status == DOCUMENT_OK && access(work->ghostscript_output, F_OK) == 0)
        status = convert_tiff(work->ghostscript_output, options, sink, error);
    if (status == DOCUMENT_OK && document_sink_pages(sink) == 0 && complaint[0])
        status = document_fail(error, DOCUMENT_ERR_CONVERT, "Ghostscript made no pages of %s: %s", name, complaint);
    return status;
}

static enum document_status stage(const char *input, enum document_type type, const struct document_options *options,
                                  const struct workspace *work, int *pages, struct document_error *error)
{
    struct document_sink *sink = NULL;
    enum document_status status = document_sink_create(work->staged, 0, &sink, error);

    if (status != DOCUMENT_OK)
        return status;
    if (type == DOCUMENT_TIFF)
        status = convert_tiff(input, options, sink, error);
    else if (type == DOCUMENT_TEXT)
        status = document_text_convert(input, options, sink, error);
    else
        status = convert_with_ghostscript(input, options, work, sink, error);
    *pages = document_sink_pages(sink);
    if (status == DOCUMENT_OK && *pages == 0)
        status = document_fail(error, DOCUMENT_ERR_EMPTY, "%s has no pages", document_file_name(input));
    if (status != DOCUMENT_OK) {
        document_sink_discard(sink);
        return status;
    }
    return document_sink_commit(sink, error);
}

/* Opens one of the TIFFs the output is assembled from and counts its pages; failing, the detail says
 * what the file was for. */
static enum document_status open_counted(struct document_tiff_file *file, const char *path, const char *role,
                                         int *pages, struct document_error *error)
{
    struct document_error cause = { DOCUMENT_OK, "" };

    if (document_tiff_open(file, path, "r", &cause) == DOCUMENT_OK &&
        document_tiff_count_pages(file, pages, &cause) == DOCUMENT_OK)
        return DOCUMENT_OK;
    document_tiff_close(file);
    return document_fail(error, DOCUMENT_ERR_WRITE, "%s %s: %s", role, document_file_name(path), cause.detail);
}

static enum document_status assemble(const char *output, bool append, const char *staged,
                                     const struct document_options *options, struct document_error *error)
{
    struct document_tiff_file earlier = { 0 }, added = { 0 };
    struct document_sink *sink = NULL;
    int earlier_pages = 0, added_pages = 0;
    enum document_status status = DOCUMENT_OK;

    if (append && access(output, F_OK) == 0)
        status = open_counted(&earlier, output, "cannot append to", &earlier_pages, error);
    if (status == DOCUMENT_OK)
        status = open_counted(&added, staged, "cannot read back the pages staged in", &added_pages, error);
    if (status == DOCUMENT_OK)
        status = document_sink_create(output, earlier_pages + added_pages, &sink, error);
    if (status == DOCUMENT_OK && earlier.tiff)
        status = document_tiff_convert(&earlier, true, options->resolution, sink, error);
    if (status == DOCUMENT_OK)
        status = document_tiff_convert(&added, true, options->resolution, sink, error);
    document_tiff_close(&earlier);
    document_tiff_close(&added);
    if (status == DOCUMENT_OK)
        return document_sink_commit(sink, error);
    document_sink_discard(sink);
    return status;
}

enum document_status document_convert_with(const char *input, enum document_type type,
                                           const struct document_options *options, const char *output,
                                           bool append, int *pages, struct document_error *error)
{
    struct document_options defaults;
    struct workspace work;
    enum document_status status;
    int staged_pages = 0;

    if (pages)
        *pages = 0;
    if (error)
        *error = (struct document_error){ DOCUMENT_OK, "" };
    if (!input || !output)
        return document_fail(error, DOCUMENT_ERR_OPEN, "no %s file given", input ? "output" : "input");
    if (!options) {
        document_options_init(&defaults);
        options = &defaults;
    }
    status = check_input(input, error);
    if (status != DOCUMENT_OK)
        return status;
    if (type == DOCUMENT_UNKNOWN)
        type = document_detect_file(input);
    if (type == DOCUMENT_UNKNOWN || type > DOCUMENT_TEXT)
        return document_fail(error, DOCUMENT_ERR_UNSUPPORTED, "%s is not a TIFF, PDF, PostScript or text file",
                             document_file_name(input));
    status = workspace_create(&work, error);
    if (status != DOCUMENT_OK)
        return status;
    status = stage(input, type, options, &work, &staged_pages, error);
    if (status == DOCUMENT_OK)
        status = assemble(output, append, work.staged, options, error);
    workspace_remove(&work);
    if (status == DOCUMENT_OK && pages)
        *pages = staged_pages;
    return status;
}

enum document_status document_convert(const char *input, enum document_type type,
                                      enum document_resolution resolution, const char *output, bool append,
                                      int *pages, struct document_error *error)
{
    struct document_options options;

    document_options_init(&options);
    options.resolution = resolution;
    return document_convert_with(input, type, &options, output, append, pages, error);
}
