/*
 * The built-in cover page (FaxDoc.SendCoverpage with no template): the FaxDoc fields laid out as plain
 * UTF-8 text that faxd renders, or (postscript_from_text) as PostScript for servers that take no text.
 */
#ifndef OPENFAXCOM_COVER_H
#define OPENFAXCOM_COVER_H

#include <stddef.h>

struct cover_fields {
    const char *to, *to_title, *to_company, *to_department, *to_office, *to_address, *to_city, *to_state,
        *to_zip, *to_country, *to_fax, *to_phone, *to_home_phone;
    const char *from, *from_title, *from_company, *from_department, *from_office, *from_address, *from_fax,
        *from_phone, *from_home_phone, *from_email;
    const char *subject, *note;
    int pages;                  /* pages that follow, 0 when unknown */
};

/* The page as UTF-8 text ending in a form feed (malloc'd); NULL when out of memory. Empty fields
 * leave their lines out. */
char *cover_page_text(const struct cover_fields *fields, size_t *size);

/* Plain text (UTF-8) as PostScript in Courier: 80 columns, 66 lines a page, form feeds break pages,
 * tabs every 8 columns. Characters outside Latin-1 become '?': HylaFAX servers image it with their
 * own Ghostscript, whose standard fonts have no more. malloc'd; NULL when out of memory. */
char *postscript_from_text(const char *text, size_t size, size_t *out_size);

#endif
