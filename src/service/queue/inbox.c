/*
 * The inbox: a fax a line received is written into recvq with the Windows 2000 tags (so FaxTiff reads
 * it) before anything else happens to it, atomically, so a received fax exists once its call ended.
 */
#include "queue_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "faxtiff.h"
#include "log.h"
#include "route.h"

static void write_info(struct faxd_queue *queue, const char *name, const struct fax_line_config *line,
                       const struct fax_received *fax)
{
    char info[512], path[64];
    int length = snprintf(info, sizeof(info), "line:%s\nbit_rate:%d\nseconds:%.0f\nerror:%s\n", line->name,
                          fax->call ? fax->call->receiver.bit_rate : 0, fax->call ? fax->call->line_seconds : 0,
                          fax->complete ? "" : fax->call ? fax->call->receiver.completion_text : "incomplete");
    snprintf(path, sizeof(path), "recvq/%s.info", name);
    spool_write_atomic(queue->spool, path, info, (size_t)length);
}

static struct faxd_line *slot_of_locked(struct faxd_queue *queue, const struct fax_line *line)
{
    for (size_t i = 0; i < queue->line_count; i++)
        if (queue->lines[i].line == line)
            return &queue->lines[i];
    return NULL;
}

/* RECV_DOC, worded as hfaxd words it: the sender's TSI, the pages, how long, the file. */
static void post_document(struct faxd_queue *queue, const struct fax_line *line, const struct fax_received *fax,
                          const char *relative)
{
    char took[32], text[300];

    snprintf(text, sizeof(text), "From %s (com ), %d pages in %s, file %s", fax->remote_ident, fax->pages,
             queue_duration_text(fax->call ? (time_t)fax->call->line_seconds : 0, took, sizeof(took)), relative);
    pthread_mutex_lock(&queue->lock);
    struct faxd_line *slot = slot_of_locked(queue, line);
    if (slot)
        queue_post_line(queue, EV_RECV_DOC, slot, text);
    pthread_mutex_unlock(&queue->lock);
}

void inbox_on_fax_received(void *user_data, struct fax_line *line, const struct fax_received *fax)
{
    struct faxd_queue *queue = user_data;
    const struct fax_line_config *c = line_config(line);
    uint32_t number;
    char name[32], relative[48], csid[FAX_IDENT_MAX + 1];
    bool routes[FAXD_MAX_ROUTES];
    struct faxtiff_error error = { 0 };

    if (!fax->path || fax->pages <= 0) {
        faxd_log("line %s: a call came in but no page arrived (%s)", c->name,
                 fax->call ? fax->call->reason : "no result");
        if (fax->path)
            unlink(fax->path);
        return;
    }
    if (spool_next_number(queue->spool, "recvq/seqf", &number) != SPOOL_OK) {
        faxd_log("line %s: cannot number a received fax; it stays in %s", c->name, fax->path);
        return;
    }
    snprintf(name, sizeof(name), "fax%08u.tif", number);
    line_idents(line, NULL, csid);
    snprintf(relative, sizeof(relative), "recvq/%s", name);
    struct faxtiff_meta meta = {
        .generation = FAXTIFF_GEN_WIN2K,
        .field = {
            [FAXTIFF_TSID] = fax->remote_ident, [FAXTIFF_CSID] = csid, [FAXTIFF_RECIPIENT_NUMBER] = c->number,
            [FAXTIFF_ROUTING] = *fax->sub_address ? fax->sub_address : NULL,
            [FAXTIFF_CALLER_ID] = *fax->caller_id ? fax->caller_id : NULL,
        },
        .has_receive_time = true,
        .receive_time = faxtiff_filetime_from_unix(fax->call && fax->call->started ? fax->call->started : time(NULL)),
        .image_description = fax->remote_ident,
        .software = "openfaxcom faxd",
    };
    char *temp = spool_temp_path(queue->spool, ".tif");
    if (!temp || faxtiff_copy_with_meta(fax->path, temp, &meta, &error) != FAXTIFF_OK) {
        faxd_log("line %s: cannot tag a received fax (%s); it stays in %s", c->name, error.detail, fax->path);
        free(temp);
        return;
    }
    write_info(queue, name, c, fax);
    if (spool_commit(queue->spool, temp, relative) != SPOOL_OK) {
        faxd_log("line %s: cannot store a received fax; it stays in %s", c->name, fax->path);
        unlink(temp);
        free(temp);
        return;
    }
    free(temp);
    unlink(fax->path);
    route_transfer_log(spool_root(queue->spool), "RECV\t%s\t%s\t%s\t%d\t%d\t%.0f\t%s", c->name, name,
                       fax->remote_ident, fax->pages, fax->call ? fax->call->receiver.bit_rate : 0,
                       fax->call ? fax->call->line_seconds : 0.0, fax->complete ? "OK" : "incomplete");
    char *stored = spool_path(queue->spool, relative);
    pthread_mutex_lock(&queue->lock);   /* the routes as SITE FAXD ROUTE left them, now */
    memcpy(routes, queue->route_enabled, sizeof(routes));
    pthread_mutex_unlock(&queue->lock);
    if (stored)
        route_received(queue->config, routes, c->number, stored, fax->remote_ident, fax->pages);
    free(stored);
    post_document(queue, line, fax, relative);
    const char *transport = fax->call && fax->call->transport[0] ? fax->call->transport : NULL;
    faxd_log("line %s: received %s: %d page(s) from \"%s\"%s%s%s%s", c->name, relative, fax->pages, fax->remote_ident,
             transport ? " over SIP " : "", transport ? transport : "",
             fax->complete ? "" : ", incomplete: ", fax->complete ? "" : fax->call ? fax->call->reason : "");
}

/* The first progress of a call is its start; the first training, the T.30 session's; a page written, a page. */
static void post_receive_progress_locked(struct faxd_queue *queue, struct faxd_line *receiving,
                                         const struct fax_call_progress *progress)
{
    char took[32], text[160];

    if (!receiving->call_started) {
        queue_post_line(queue, EV_MODEM_BUSY, receiving, NULL);
        queue_post_line(queue, EV_RECV_BEGIN, receiving, NULL);
        receiving->receive_session = false;
    }
    if (!receiving->receive_session
        && (progress->phase == FAX_CALL_TRAINING || progress->phase == FAX_CALL_RECEIVING_PAGE)) {
        receiving->receive_session = true;
        queue_post_line(queue, EV_RECV_START, receiving, "Session started (com ), TSI \"\" <>");
    }
    if (progress->phase == FAX_CALL_PAGE_DONE) {
        time_t now = time(NULL);
        snprintf(text, sizeof(text), "From  (com ), page %d in %s <%d bit/s>", progress->page,
                 queue_duration_text(now - (receiving->call_started ? receiving->call_started : now), took, sizeof(took)),
                 progress->bit_rate);
        queue_post_line(queue, EV_RECV_PAGE, receiving, text);
    }
}

void inbox_on_progress(void *user_data, struct fax_line *line, const struct fax_call_progress *progress)
{
    struct faxd_queue *queue = user_data;

    pthread_mutex_lock(&queue->lock);
    for (size_t i = 0; i < queue->line_count; i++) {
        struct faxd_line *receiving = &queue->lines[i];
        if (receiving->line != line)
            continue;
        if (progress->phase == FAX_CALL_HANGUP) {
            snprintf(receiving->activity, sizeof(receiving->activity), "Running and idle");
            receiving->page = 0;
            receiving->call_started = 0;
            queue_post_line(queue, EV_RECV_END, receiving, NULL);
            queue_post_line(queue, EV_MODEM_READY, receiving, NULL);
            continue;
        }
        post_receive_progress_locked(queue, receiving, progress);
        receiving->page = progress->page > 0 ? progress->page : 1;
        if (!receiving->call_started)
            receiving->call_started = time(NULL);
        snprintf(receiving->activity, sizeof(receiving->activity), "Receiving page %d", receiving->page);
    }
    pthread_mutex_unlock(&queue->lock);
}

/* At start: a received fax libtiff could not read (cut short by a disk that filled, or damaged since)
 * is set aside with its .info, so that LIST, RETR and FaxTiff only ever meet whole faxes. Only the tags
 * and the image data's extent are read: start-up stays cheap with many faxes. */
void inbox_check_at_start(struct faxd_queue *queue)
{
    char **names, relative[300], kept[300];
    size_t count;

    if (spool_list(queue->spool, "recvq", "fax", &names, &count) != SPOOL_OK)
        return;
    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(names[i]);
        if (length < 4 || strcmp(names[i] + length - 4, ".tif"))
            continue;
        snprintf(relative, sizeof(relative), "recvq/%s", names[i]);
        char *path = spool_path(queue->spool, relative);
        struct faxtiff *tiff = NULL;
        struct faxtiff_error error = { 0 };
        enum faxtiff_status status = path ? faxtiff_read_path(path, &tiff, &error) : FAXTIFF_ERR_OPEN;
        bool sound = status == FAXTIFF_OK && faxtiff_page_count(tiff) > 0;
        faxtiff_free(tiff);
        free(path);
        if (sound)
            continue;
        if (spool_quarantine(queue->spool, relative, kept, sizeof(kept)) != SPOOL_OK) {
            faxd_log("%s is not a readable fax (%s) and cannot be moved aside", relative,
                     status == FAXTIFF_OK ? "no page" : error.detail);
            continue;
        }
        faxd_log("%s is not a readable fax (%s); moved to %s", relative, status == FAXTIFF_OK ? "no page" : error.detail,
                 kept);
        snprintf(relative, sizeof(relative), "recvq/%s.info", names[i]);
        spool_quarantine(queue->spool, relative, NULL, 0);
    }
    spool_free_list(names, count);
}
