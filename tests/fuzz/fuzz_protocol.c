/* libFuzzer target for what faxd parses from clients and its spool: command lines, PORT/EPRT
 * addresses, quoted arguments, %-formats, and job files. */
#include <stdlib.h>
#include <string.h>

#include "hfx.h"
#include "job.h"

static const char *lookup(char letter, void *context, char *scratch, size_t size)
{
    (void)context;
    scratch[0] = letter;
    scratch[1] = 0;
    return size > 1 && letter != 'x' ? scratch : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), out[512], why[100];
    struct hfx_command command;
    struct sockaddr_storage address;
    socklen_t length;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    if (hfx_parse_command(text, &command) == HFX_PARSE_OK) {
        hfx_unquote(command.argument, out, sizeof(out));
        hfx_parse_port(command.argument, &address, &length);
        hfx_parse_eprt(command.argument, &address, &length);
    }
    hfx_format(text, lookup, NULL, out, sizeof(out));
    hfx_format(text, lookup, NULL, out, 3);
    struct fax_job *job = job_parse(text, why, sizeof(why));
    if (job) {
        char *again = job_serialize(job, NULL);
        struct fax_job *back = again ? job_parse(again, why, sizeof(why)) : NULL;
        if (again && !back)
            abort();   /* what we write must read back */
        job_free(back);
        free(again);
        job_free(job);
    }
    free(text);
    return 0;
}
