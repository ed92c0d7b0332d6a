/*
 * Submitting one outbound job over a logged-in client, as both COM DLLs do it (FaxDoc.Send, one
 * FaxDocument.ConnectedSubmit job per recipient): JOB DEFAULT, JNEW, the job's parameters, its cover page
 * and document (already uploaded with hfx_upload), JSUBM. Nothing is queued until JSUBM, so a failure
 * anywhere leaves no job behind.
 */
#ifndef OPENFAXCOM_HFX_SUBMIT_H
#define OPENFAXCOM_HFX_SUBMIT_H

#include <stdbool.h>

#include "hfx_client.h"

#define HFX_JOB_MAX_PARAMS 40

struct hfx_job {
    struct {
        const char *name;               /* a static string: "DIALSTRING" */
        char value[1100];               /* quoted for JPARM */
    } params[HFX_JOB_MAX_PARAMS];
    int count;
    const char *refused;                /* the first parameter that could not be added, NULL if none */
};

/* Adds NAME VALUE; an empty or NULL value is left out (the server's default applies). A value with a line
 * break, one too long, or one parameter too many is remembered in job->refused and fails hfx_submit. */
void hfx_job_add(struct hfx_job *job, const char *name, const char *value);

/* Submits job with cover (may be NULL) and document (may be NULL when there is a cover page): the server's
 * file names from hfx_upload. *job_id is the server's job number. */
enum hfx_status hfx_submit(struct hfx_client *client, const struct hfx_job *job, const char *cover,
                           const char *document, long *job_id, struct hfx_error *error);
/* The same with several documents, sent in order after the cover page (FaxComEx's Bodies); count may be 0. */
enum hfx_status hfx_submit_documents(struct hfx_client *client, const struct hfx_job *job, const char *cover,
                                     const char *const *documents, size_t count, long *job_id,
                                     struct hfx_error *error);

#endif
