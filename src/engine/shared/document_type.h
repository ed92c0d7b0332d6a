/*
 * What kind of document a file is, by content: shared by faxcom.dll (which names the upload's format) and
 * faxd (which converts it, fax/document.h). Inputs are untrusted.
 */
#ifndef OPENFAXCOM_DOCUMENT_TYPE_H
#define OPENFAXCOM_DOCUMENT_TYPE_H

#include <stddef.h>
#include <stdint.h>

enum document_type { DOCUMENT_UNKNOWN, DOCUMENT_TIFF, DOCUMENT_PDF, DOCUMENT_POSTSCRIPT, DOCUMENT_TEXT };

const char *document_type_name(enum document_type type);

/* By content, not by name: "%PDF-", "%!" or the DOS EPS header C5 D0 D3 C6, "II*\0" or "MM\0*", else text
 * when the bytes are UTF-8 (an incomplete sequence at the very end is allowed) without NULs, else unknown. */
enum document_type document_detect(const void *head, size_t length);
/* Reads the first 4 KiB; UNKNOWN when the file cannot be read or is empty. */
enum document_type document_detect_file(const char *path);
/* One UTF-8 character at s (n bytes left): its length, 0 when invalid, -1 when cut short. */
int document_utf8_next(const uint8_t *s, size_t n, uint32_t *codepoint);

#endif
