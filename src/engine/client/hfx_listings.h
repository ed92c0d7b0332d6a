/*
 * The listings faxcom.dll reads, asked for and parsed in one call each: the command sequence on an
 * open session, then hfx_rows on the reply. Rows a parser leaves out are dropped (hfx_rows.h says
 * why); a listing that cannot be read at all is HFX_ERR_PROTOCOL (or HFX_ERR_NO_MEMORY) with
 * hfx_rows' detail.
 */
#ifndef OPENFAXCOM_HFX_LISTINGS_H
#define OPENFAXCOM_HFX_LISTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "hfx_client.h"
#include "hfx_rows.h"
#include "hfx_table.h"

/* JOBFMT HFX_JOB_FORMAT, LIST sendq. Free *rows with hfx_job_rows_free. */
enum hfx_status hfx_fetch_jobs(struct hfx_client *client, struct hfx_job_row **rows, size_t *count,
                               struct hfx_error *error);
/* faxd: SITE FAXD PORTS; a HylaFAX server: MDMFMT HFX_MODEM_FORMAT, LIST status. Free *rows with free(). */
enum hfx_status hfx_fetch_ports(struct hfx_client *client, enum hfx_port_source source, struct hfx_port_row **rows,
                                size_t *count, struct hfx_error *error);
/* faxd: SITE FAXD ROUTES port. Free *rows with free(). */
enum hfx_status hfx_fetch_routes(struct hfx_client *client, const char *port, struct hfx_route_row **rows,
                                 size_t *count, struct hfx_error *error);
/* faxd: SITE FAXD STATUS port. */
enum hfx_status hfx_fetch_status(struct hfx_client *client, const char *port, struct hfx_port_status *status,
                                 struct hfx_error *error);
/* format_verb "format" (JOBFMT or RCVFMT), then LIST folder, as a table of columns cells. Free with
 * hfx_table_free. */
enum hfx_status hfx_fetch_table(struct hfx_client *client, const char *format_verb, const char *format,
                                const char *folder, size_t columns, struct hfx_table *table, struct hfx_error *error);

/* JOB id, then JPARM name for each name: values[i] (malloc'd) is the reply's text, "" where the server
 * refused the name (a stock HylaFAX server answers 500 for faxd's extensions); JOB DEFAULT after. On
 * failure every values[i] is NULL. */
enum hfx_status hfx_fetch_job_params(struct hfx_client *client, long job_id, const char *const *names, size_t count,
                                     char **values, struct hfx_error *error);

#endif
