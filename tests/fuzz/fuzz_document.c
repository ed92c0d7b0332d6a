/* libFuzzer target for the path an uploaded document takes in faxd: detection by content, then the
 * in-process conversions (plain text and TIFF into fax pages) and branding of the result. PDF and
 * PostScript would go to Ghostscript, a separate program: those inputs stop after detection. */
#include "fuzz_file.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "document.h"
#include "tiffio.h"

static void quiet(const char *module, const char *format, va_list args)
{
    (void)module, (void)format, (void)args;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char output[64];
    struct document_options options;
    struct document_error error;
    enum document_type type = document_detect(data, size);
    const char *path;
    int pages = 0;

    if (size > 65536 || (type != DOCUMENT_TEXT && type != DOCUMENT_TIFF) || !(path = fuzz_file(data, size)))
        return 0;
    if (!output[0]) {
        TIFFSetWarningHandler(quiet);
        TIFFSetErrorHandler(quiet);
        /* the converter fsyncs what it writes: in memory, that costs nothing */
        const char *scratch = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        setenv("TMPDIR", scratch, 1);
        snprintf(output, sizeof(output), "%s/openfaxcom-fuzz-%ld.tif", scratch, (long)getpid());
    }
    document_options_init(&options);
    options.ghostscript = "/nonexistent/gs";   /* never reached, and never run should it be */
    options.resolution = size & 1 ? DOCUMENT_NORMAL : DOCUMENT_FINE;
    if (document_detect_file(path) != type)
        abort();   /* the file and the memory must agree */
    if (document_convert_with(path, type, &options, output, false, &pages, &error) == DOCUMENT_OK) {
        if (pages < 1)
            abort();   /* success means pages */
        document_brand(output, NULL, "Page %p of %P %% fuzz", &error);
    }
    unlink(output);
    return 0;
}
