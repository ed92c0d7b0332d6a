/*
 * Opening TIFFs with libtiff's complaints kept for the error detail, and walking their pages.
 */
#include "document_private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* libtiff's own guard against huge allocations claimed by a damaged file. */
#define MAX_LIBTIFF_ALLOCATION ((tmsize_t)256 << 20)

/* Drops the "path: " libtiff starts some messages with: the detail names the file once, by its name. */
static void drop_prefix(char *message, const char *prefix)
{
    size_t length = prefix ? strlen(prefix) : 0;

    if (length && !strncmp(message, prefix, length) && message[length] == ':' && message[length + 1] == ' ')
        memmove(message, message + length + 2, strlen(message + length + 2) + 1);
}

static int keep_first_error(TIFF *tif, void *user_data, const char *module, const char *format, va_list args)
{
    struct document_tiff_file *file = user_data;

    if (file->message[0])
        return 1;
    vsnprintf(file->message, sizeof(file->message), format, args);
    drop_prefix(file->message, tif ? TIFFFileName(tif) : NULL);
    drop_prefix(file->message, module);
    return 1;
}

static int ignore_warning(TIFF *tif, void *user_data, const char *module, const char *format, va_list args)
{
    (void)tif, (void)user_data, (void)module, (void)format, (void)args;
    return 1;   /* unknown tags and the like: not the service's stderr's business */
}

enum document_status document_tiff_open(struct document_tiff_file *file, const char *path, const char *mode,
                                        struct document_error *error)
{
    bool writing = mode[0] != 'r';
    TIFFOpenOptions *options;

    file->name = document_file_name(path);
    file->message[0] = '\0';
    file->tiff = NULL;
    if (!writing && access(path, R_OK) != 0)
        return document_fail(error, DOCUMENT_ERR_OPEN, "cannot open %s: %s", file->name, strerror(errno));
    options = TIFFOpenOptionsAlloc();
    if (!options)
        return document_fail(error, DOCUMENT_ERR_NO_MEMORY, "no memory to open %s", file->name);
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, MAX_LIBTIFF_ALLOCATION);
    TIFFOpenOptionsSetErrorHandlerExtR(options, keep_first_error, file);
    TIFFOpenOptionsSetWarningHandlerExtR(options, ignore_warning, file);
    /* "m": read, not map, so a file cut short under us is an error instead of a SIGBUS. */
    file->tiff = TIFFOpenExt(path, writing ? mode : "rm", options);
    TIFFOpenOptionsFree(options);
    if (!file->tiff)
        return document_fail(error, writing ? DOCUMENT_ERR_WRITE : DOCUMENT_ERR_DAMAGED, "%s %s: %s",
                             writing ? "cannot create" : "cannot read the TIFF", file->name,
                             file->message[0] ? file->message : "libtiff refused it");
    return DOCUMENT_OK;
}

void document_tiff_close(struct document_tiff_file *file)
{
    if (file->tiff)
        TIFFClose(file->tiff);
    file->tiff = NULL;
}

/* Reduced-resolution copies (thumbnails) and transparency masks are not pages. */
static bool is_page(TIFF *tif)
{
    uint32_t subfile_type = 0;
    TIFFGetField(tif, TIFFTAG_SUBFILETYPE, &subfile_type);
    return !(subfile_type & (FILETYPE_REDUCEDIMAGE | FILETYPE_MASK));
}

enum document_status document_tiff_for_each_page(struct document_tiff_file *file, document_page_visitor visit,
                                                 void *context, struct document_error *error)
{
    int page_number = 0;
    bool more;

    if (!TIFFSetDirectory(file->tiff, 0))
        return document_fail(error, DOCUMENT_ERR_DAMAGED, "cannot read the first page of %s: %s", file->name,
                             file->message);
    do {
        if (is_page(file->tiff)) {
            enum document_status status = visit(file, ++page_number, context, error);
            if (status != DOCUMENT_OK)
                return status;
        }
        file->message[0] = '\0';
        more = TIFFReadDirectory(file->tiff) != 0;
    } while (more);
    if (file->message[0])
        return document_fail(error, DOCUMENT_ERR_DAMAGED, "%s is damaged after page %d: %s", file->name,
                             page_number, file->message);
    return DOCUMENT_OK;
}

static enum document_status count_page(struct document_tiff_file *file, int page_number, void *context,
                                       struct document_error *error)
{
    (void)file, (void)error;
    *(int *)context = page_number;
    return DOCUMENT_OK;
}

enum document_status document_tiff_count_pages(struct document_tiff_file *file, int *pages,
                                               struct document_error *error)
{
    *pages = 0;
    return document_tiff_for_each_page(file, count_page, pages, error);
}
