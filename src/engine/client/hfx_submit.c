/* One outbound job over a logged-in client (hfx_submit.h). */
#include "hfx_submit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hfx_job_add(struct hfx_job *job, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    if (job->count == HFX_JOB_MAX_PARAMS
        || !hfx_quote(value, job->params[job->count].value, sizeof(job->params[job->count].value))) {
        if (!job->refused)
            job->refused = name;
        return;
    }
    job->params[job->count++].name = name;
}

enum hfx_status hfx_submit(struct hfx_client *client, const struct hfx_job *job, const char *cover,
                           const char *document, long *job_id, struct hfx_error *error)
{
    return hfx_submit_documents(client, job, cover, &document, document ? 1 : 0, job_id, error);
}

enum hfx_status hfx_submit_documents(struct hfx_client *client, const struct hfx_job *job, const char *cover,
                                     const char *const *documents, size_t count, long *job_id,
                                     struct hfx_error *error)
{
    struct hfx_error local = { 0 }, ignored;
    const char *reply, *id;

    if (!error)
        error = &local;
    *job_id = 0;
    error->status = HFX_OK;
    if (job->refused) {
        error->status = HFX_ERR_ARGUMENT;
        error->code = 0;
        snprintf(error->detail, sizeof(error->detail), "the job parameter %s has a line break or is too long",
                 job->refused);
        return error->status;
    }
    /* A JNEW after an earlier job inherits that job's parameters on HylaFAX: start from the defaults. */
    if (hfx_expect(client, 2, &reply, error, "JOB DEFAULT") != HFX_OK
        || hfx_expect(client, 2, &reply, error, "JNEW") != HFX_OK)
        return error->status;
    id = strstr(reply, "jobid:");
    *job_id = id ? strtol(id + 6, NULL, 10) : 0;
    for (int i = 0; i < job->count && error->status == HFX_OK; i++)
        hfx_expect(client, 2, &reply, error, "JPARM %s %s", job->params[i].name, job->params[i].value);
    if (error->status == HFX_OK && cover)
        hfx_expect(client, 2, &reply, error, "JPARM COVER %s", cover);
    for (size_t i = 0; i < count && error->status == HFX_OK; i++)
        hfx_expect(client, 2, &reply, error, "JPARM DOCUMENT %s", documents[i]);
    if (error->status == HFX_OK)
        hfx_expect(client, 2, &reply, error, "JSUBM");
    if (error->status == HFX_OK && *job_id <= 0) {
        error->status = HFX_ERR_PROTOCOL;
        snprintf(error->detail, sizeof(error->detail), "JNEW's reply named no job id");
    }
    if (error->status != HFX_OK) {
        hfx_command(client, NULL, NULL, &ignored, "JOB DEFAULT");   /* the unsubmitted job goes away */
        *job_id = 0;
    }
    return error->status;
}
