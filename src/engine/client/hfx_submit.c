/* One fax job over an open session (hfx_submit.h). */
#include "hfx_submit.h"

#include <stdlib.h>
#include <string.h>

#include "document_type.h"

enum hfx_prepare_status hfx_prepare_document(char *data, size_t size, bool faxd, struct hfx_upload *upload)
{
    upload->data = data;
    upload->size = size;
    switch (document_detect(data, size)) {
    case DOCUMENT_PDF: upload->form = "PDF"; return HFX_PREPARE_OK;
    case DOCUMENT_POSTSCRIPT: upload->form = "PS"; return HFX_PREPARE_OK;
    case DOCUMENT_TIFF: upload->form = "TIFF"; return HFX_PREPARE_OK;
    case DOCUMENT_TEXT:
        upload->form = "PS";
        if (!faxd) {
            upload->data = postscript_from_text(data, size, &upload->size);
            free(data);
            if (!upload->data)
                return HFX_PREPARE_NO_MEMORY;
        }
        return HFX_PREPARE_OK;
    default:
        free(data);
        upload->data = NULL;
        return HFX_PREPARE_UNKNOWN_TYPE;
    }
}

enum hfx_prepare_status hfx_prepare_cover(const struct cover_fields *fields, bool faxd, struct hfx_upload *upload)
{
    size_t size;
    char *text = cover_page_text(fields, &size);

    upload->data = NULL;
    if (!text)
        return HFX_PREPARE_NO_MEMORY;
    /* faxd renders text itself; the page is always sent as form PS, as FaxDoc has always sent it */
    if (hfx_prepare_document(text, size, faxd, upload) != HFX_PREPARE_OK)
        return HFX_PREPARE_NO_MEMORY;
    upload->form = "PS";
    return HFX_PREPARE_OK;
}

void hfx_job_param_add(struct hfx_job_params *params, const char *name, const char *value)
{
    if (!value || !*value || params->count >= HFX_JOB_PARAMS_MAX)
        return;
    params->item[params->count].name = name;
    hfx_quote(value, params->item[params->count].value, sizeof(params->item[params->count].value));
    params->count++;
}

enum hfx_status hfx_submit(struct hfx_client *client, const struct hfx_upload *document,
                           const struct hfx_upload *cover, const struct hfx_job_params *params, long *job_id,
                           enum hfx_submit_stage *stage, struct hfx_error *error)
{
    struct hfx_error local = { 0 };
    char *document_name = NULL, *cover_name = NULL;
    const char *reply;

    if (!error)
        error = &local;
    memset(error, 0, sizeof(*error));
    *job_id = 0;
    *stage = HFX_SUBMIT_DOCUMENT;
    if (hfx_upload(client, document->form, document->data, document->size, &document_name, error) != HFX_OK)
        goto done;
    *stage = HFX_SUBMIT_COVER;
    if (cover && hfx_upload(client, cover->form, cover->data, cover->size, &cover_name, error) != HFX_OK)
        goto done;
    *stage = HFX_SUBMIT_CREATE;
    if (hfx_expect(client, 2, &reply, error, "JOB DEFAULT") != HFX_OK
        || hfx_expect(client, 2, &reply, error, "JNEW") != HFX_OK)
        goto done;
    const char *id = strstr(reply, "jobid:");
    *job_id = id ? strtol(id + 6, NULL, 10) : 0;
    *stage = HFX_SUBMIT_PARAMETERS;
    for (size_t i = 0; i < params->count && error->status == HFX_OK; i++)
        hfx_expect(client, 2, &reply, error, "JPARM %s %s", params->item[i].name, params->item[i].value);
    if (error->status == HFX_OK && cover_name)
        hfx_expect(client, 2, &reply, error, "JPARM COVER %s", cover_name);
    if (error->status == HFX_OK)
        hfx_expect(client, 2, &reply, error, "JPARM DOCUMENT %s", document_name);
    if (error->status == HFX_OK)
        hfx_expect(client, 2, &reply, error, "JSUBM");
    if (error->status == HFX_OK && *job_id <= 0) {
        error->status = HFX_ERR_PROTOCOL;
        strcpy(error->detail, "JNEW gave no job id");
    }
    if (error->status != HFX_OK) {
        struct hfx_error ignored;
        hfx_command(client, &(int){ 0 }, &reply, &ignored, "JOB DEFAULT");   /* the unsubmitted job goes away */
        *job_id = 0;
    }
done:
    free(document_name);
    free(cover_name);
    return error->status;
}
