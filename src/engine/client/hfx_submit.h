/*
 * Sending one fax job over an open session, as faxcom.dll's FaxDoc.Send and winfax.dll's FaxSendDocument
 * do it: the document (and cover page) in a form the server takes, uploaded first, then JNEW, the JPARMs,
 * JSUBM. Nothing is queued until JSUBM, so a failure anywhere leaves no job behind.
 */
#ifndef OPENFAXCOM_HFX_SUBMIT_H
#define OPENFAXCOM_HFX_SUBMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "cover.h"
#include "hfx_client.h"

/* A file's bytes as the server will take them: form is "PDF", "PS" or "TIFF". */
struct hfx_upload {
    const char *form;
    char *data;       /* malloc'd, owned */
    size_t size;
};
enum hfx_prepare_status { HFX_PREPARE_OK, HFX_PREPARE_UNKNOWN_TYPE, HFX_PREPARE_NO_MEMORY };
/* Takes data (malloc'd) over: PDF, PostScript and TIFF as they are; plain text as it is to faxd (which
 * renders UTF-8 with its own font) and as PostScript to other servers (HylaFAX takes no text). On
 * failure data is freed. */
enum hfx_prepare_status hfx_prepare_document(char *data, size_t size, bool faxd, struct hfx_upload *upload);
/* The built-in cover page as faxd (text) or a HylaFAX server (PostScript) takes it. */
enum hfx_prepare_status hfx_prepare_cover(const struct cover_fields *fields, bool faxd, struct hfx_upload *upload);

#define HFX_JOB_PARAMS_MAX 40
struct hfx_job_params {
    size_t count;
    struct { const char *name; char value[1100]; } item[HFX_JOB_PARAMS_MAX];
};
/* Adds NAME value, quoted; an empty or NULL value adds nothing (the server's default stays). */
void hfx_job_param_add(struct hfx_job_params *params, const char *name, const char *value);

enum hfx_submit_stage { HFX_SUBMIT_DOCUMENT, HFX_SUBMIT_COVER, HFX_SUBMIT_CREATE, HFX_SUBMIT_PARAMETERS };
/* Uploads document (and cover, if not NULL), then JOB DEFAULT (a JNEW after an earlier job inherits its
 * parameters on HylaFAX), JNEW, the parameters, COVER, DOCUMENT, JSUBM. *job_id is the new job's;
 * *stage says what failed. */
enum hfx_status hfx_submit(struct hfx_client *client, const struct hfx_upload *document,
                           const struct hfx_upload *cover, const struct hfx_job_params *params, long *job_id,
                           enum hfx_submit_stage *stage, struct hfx_error *error);

#endif
