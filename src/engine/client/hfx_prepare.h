/*
 * A document's bytes in the form the server takes, as every DLL of ours uploads them: PDF, PostScript and
 * TIFF as they are; plain text as it is to faxd (which renders UTF-8 with its own font) and as PostScript
 * to other servers (HylaFAX takes no text). The built-in cover page the same way.
 */
#ifndef OPENFAXCOM_HFX_PREPARE_H
#define OPENFAXCOM_HFX_PREPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "cover.h"

struct hfx_upload {
    const char *form;   /* for hfx_upload: "PDF", "PS", "TIFF" */
    char *data;         /* malloc'd, owned */
    size_t size;
};
enum hfx_prepare_status { HFX_PREPARE_OK, HFX_PREPARE_UNKNOWN_TYPE, HFX_PREPARE_NO_MEMORY };

/* Takes data (malloc'd) over, into upload; on failure it is freed and upload->data is NULL. */
enum hfx_prepare_status hfx_prepare_document(char *data, size_t size, bool faxd, struct hfx_upload *upload);
/* The built-in cover page of fields (form PS: text for faxd, PostScript for others). */
enum hfx_prepare_status hfx_prepare_cover(const struct cover_fields *fields, bool faxd, struct hfx_upload *upload);

#endif
