/*
 * The checks before a fax is dialled (fax_call_check_send in fax_call.h). spandsp's t4_tx accepts pages
 * it then sends wrongly: a tiled page goes out blank and "OK", a missing resolution is taken as 98 lpi
 * (a fine page arrives twice as long). The document converter produces proper pages; this is the guard
 * that makes any other file fail before the call, with a reason a user can act on.
 */
#include "fax_endpoint.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tiffio.h>

#include "faxtiff.h"

enum fax_call_status fax_call_fail(struct fax_call_error *error, enum fax_call_status status, const char *format, ...)
{
    if (error != NULL) {
        va_list args;
        va_start(args, format);
        error->status = status;
        vsnprintf(error->detail, sizeof error->detail, format, args);
        va_end(args);
    }
    return status;
}

/* T.30 idents and sub-addresses travel as printable characters, at most max of them. */
static bool printable(const char *text, size_t max)
{
    size_t length = strlen(text);
    if (length > max)
        return false;
    for (size_t i = 0; i < length; i++)
        if ((unsigned char) text[i] < 0x20 || (unsigned char) text[i] > 0x7e)
            return false;
    return true;
}

enum fax_call_status fax_check_text(const char *what, const char *text, size_t max,
                                         struct fax_call_error *error)
{
    if (text != NULL && !printable(text, max))
        return fax_call_fail(error, FAX_CALL_ERR_REQUEST,
                             "the %s \"%.60s\" is not at most %zu printable ASCII characters", what, text, max);
    return FAX_CALL_ERR_NONE;
}

/* The T.4 widths for each horizontal resolution spandsp 0.0.6 sends (A4, B4, A3). */
static const struct {
    double dpi;
    uint32_t widths[3];
} t4_widths[] = {
    { 102, { 864, 1024, 1216 } },
    { 204, { 1728, 2048, 2432 } },
    { 300, { 2592, 3072, 3648 } },
    { 408, { 3456, 4096, 4864 } },
    { 600, { 5184, 6144, 7296 } },
    { 1200, { 10368, 12288, 14592 } },
};

/* Vertical resolutions in lines per inch: standard, fine, 300, superfine, 600, 800, 1200. */
static const double t4_line_densities[] = { 97.79, 195.58, 300, 391.16, 600, 800, 1200 };

/* spandsp matches resolutions within 5 %. */
static bool near(double actual, double expected)
{
    return fabs(actual - expected) <= expected * 0.05;
}

static double per_inch(double value, uint16_t unit)
{
    return unit == RESUNIT_CENTIMETER ? value * 2.54 : value;
}

static enum fax_call_status check_page(const char *path, size_t index, const struct faxtiff_page *page,
                                       struct fax_call_error *error)
{
    const enum fax_call_status refused = FAX_CALL_ERR_DOCUMENT;
    size_t number = index + 1;
    if (page->tiled)
        return fax_call_fail(error, refused, "%s: page %zu is stored in tiles; fax pages must be in strips", path,
                             number);
    if (page->bits_per_sample != 1 || page->samples_per_pixel != 1)
        return fax_call_fail(error, refused,
                             "%s: page %zu has %u bit(s) x %u sample(s) per pixel; a fax page is black and white, 1 bit",
                             path, number, page->bits_per_sample, page->samples_per_pixel);
    if (!TIFFIsCODECConfigured(page->compression))
        return fax_call_fail(error, refused, "%s: page %zu uses TIFF compression %u, which libtiff cannot decode",
                             path, number, page->compression);
    if (page->x_resolution <= 0 || page->y_resolution <= 0)
        return fax_call_fail(error, refused,
                             "%s: page %zu has no resolution; a fax page says it (204x196 or 204x98 dpi)", path,
                             number);
    if (page->resolution_unit != RESUNIT_INCH && page->resolution_unit != RESUNIT_CENTIMETER)
        return fax_call_fail(error, refused, "%s: page %zu gives its resolution without a unit", path, number);

    double x_dpi = per_inch(page->x_resolution, page->resolution_unit);
    double y_dpi = per_inch(page->y_resolution, page->resolution_unit);
    bool y_known = false;
    for (size_t i = 0; i < sizeof t4_line_densities / sizeof t4_line_densities[0]; i++)
        y_known |= near(y_dpi, t4_line_densities[i]);
    if (!y_known)
        return fax_call_fail(error, refused,
                             "%s: page %zu has %.0f lines per inch, not a fax resolution (98, 196, 391 ...)", path,
                             number, y_dpi);
    for (size_t i = 0; i < sizeof t4_widths / sizeof t4_widths[0]; i++) {
        if (!near(x_dpi, t4_widths[i].dpi))
            continue;
        for (size_t w = 0; w < 3; w++)
            if (page->width == t4_widths[i].widths[w])
                return FAX_CALL_ERR_NONE;
        return fax_call_fail(error, refused, "%s: page %zu is %u pixels wide; at %.0f dpi a fax page is %u, %u or %u",
                             path, number, page->width, t4_widths[i].dpi, t4_widths[i].widths[0],
                             t4_widths[i].widths[1], t4_widths[i].widths[2]);
    }
    return fax_call_fail(error, refused, "%s: page %zu has %.0f dpi across, not a fax resolution (204 ...)", path,
                         number, x_dpi);
}

static enum fax_call_status check_document(const char *path, int *pages, struct fax_call_error *error)
{
    struct faxtiff *tiff = NULL;
    struct faxtiff_error tiff_error = { 0 };
    if (faxtiff_read_path(path, &tiff, &tiff_error) != FAXTIFF_OK)
        return fax_call_fail(error, FAX_CALL_ERR_DOCUMENT, "%s: %s", path, tiff_error.detail);

    enum fax_call_status status = FAX_CALL_ERR_NONE;
    size_t count = faxtiff_page_count(tiff);
    if (count == 0 || count > INT16_MAX)
        status = fax_call_fail(error, FAX_CALL_ERR_DOCUMENT, "%s has %zu pages", path, count);
    for (size_t i = 0; i < count && status == FAX_CALL_ERR_NONE; i++)
        status = check_page(path, i, faxtiff_page(tiff, i), error);
    if (status == FAX_CALL_ERR_NONE && pages != NULL)
        *pages = (int) count;
    faxtiff_free(tiff);
    return status;
}

enum fax_call_status fax_call_check_send(const struct fax_send_request *send, int *pages,
                                         struct fax_call_error *error)
{
    enum fax_call_status status;
    if (send == NULL || send->tx_tiff == NULL || send->tx_tiff[0] == '\0')
        return fax_call_fail(error, FAX_CALL_ERR_REQUEST, "no document to send");
    if ((status = fax_check_text("TSI", send->tsi, FAX_IDENT_MAX, error)) != FAX_CALL_ERR_NONE ||
        (status = fax_check_text("sub-address", send->sub_address, FAX_IDENT_MAX, error)) != FAX_CALL_ERR_NONE ||
        (status = fax_check_text("page header", send->header_info, FAX_HEADER_INFO_MAX, error)) !=
            FAX_CALL_ERR_NONE)
        return status;
    if ((send->modems & ~FAX_MODEM_ALL) != 0)
        return fax_call_fail(error, FAX_CALL_ERR_REQUEST, "unknown modems in the mask 0x%x", (unsigned) send->modems);
    return check_document(send->tx_tiff, pages, error);
}
