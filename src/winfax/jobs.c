/*
 * The send queue: FaxEnumJobs and FaxGetJob from LIST sendq (the engine's JOBFMT rows), FaxGetJob's
 * details from the job's own parameters; FaxSetJob and FaxAbort as JKILL / JSUSP / JSUBM. A job that
 * left the queue (sent, failed, deleted) is no longer a valid JobId: ERROR_INVALID_PARAMETER.
 */
#include "winfax_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_listings.h"

/* Parameters FaxGetJob reads beyond the listing (faxd's extensions are "" on HylaFAX). */
enum detail { DETAIL_TSI, DETAIL_COMPANY, DETAIL_DEPARTMENT, DETAIL_BILLING, DETAIL_NOTIFYADDR, DETAIL_SCHEDULE,
              DETAIL_COUNT };
static const char *const detail_names[DETAIL_COUNT] = {
    "TSI", "FROMCOMPANY", "FROMDEPARTMENT", "BILLINGCODE", "NOTIFYADDR", "SCHEDULE",
};

/* HylaFAX's state letters (faxstat(1)) as JS_* bits. */
static DWORD queue_status(const struct hfx_job_row *row)
{
    const char *status = row->field[HFX_JOB_STATUS];

    switch (row->field[HFX_JOB_STATE][0]) {
    case 'R': return JS_INPROGRESS;
    case 'S': return JS_RETRYING;
    case 'T': return JS_PAUSED;
    case 'F': return JS_FAILED | (strstr(status, "many") || strstr(status, "retries") ? JS_RETRIES_EXCEEDED : 0);
    case 'W': return strstr(status, "line") ? JS_NOLINE : JS_PENDING;
    default: return JS_PENDING;
    }
}

static void fill_job(struct out_block *block, FAX_JOB_ENTRYW *entry, const struct hfx_job_row *row,
                     char *const *details)
{
    LPCWSTR user = block_text(block, row->field[HFX_JOB_OWNER]);
    LPCWSTR number = block_text(block, row->field[HFX_JOB_NUMBER]);
    LPCWSTR recipient = block_text(block, row->field[HFX_JOB_RECIPIENT]);
    LPCWSTR sender = block_text(block, row->field[HFX_JOB_SENDER]);
    LPCWSTR document = block_text(block, row->field[HFX_JOB_TAG][0] ? row->field[HFX_JOB_TAG] : NULL);
    LPCWSTR tsid = NULL, company = NULL, department = NULL, billing = NULL, report = NULL;
    bool discount = false;

    if (details) {
        tsid = block_text(block, *details[DETAIL_TSI] ? details[DETAIL_TSI] : NULL);
        company = block_text(block, *details[DETAIL_COMPANY] ? details[DETAIL_COMPANY] : NULL);
        department = block_text(block, *details[DETAIL_DEPARTMENT] ? details[DETAIL_DEPARTMENT] : NULL);
        billing = block_text(block, *details[DETAIL_BILLING] ? details[DETAIL_BILLING] : NULL);
        report = block_text(block, *details[DETAIL_NOTIFYADDR] ? details[DETAIL_NOTIFYADDR] : NULL);
        discount = !_stricmp(details[DETAIL_SCHEDULE], "discount");
    }
    if (!entry)
        return;
    entry->SizeOfStruct = sizeof(*entry);
    entry->JobId = (DWORD)row->id;
    entry->UserName = user;
    entry->JobType = JT_SEND;   /* the send queue holds outbound jobs */
    entry->QueueStatus = queue_status(row);
    entry->Status = entry->QueueStatus == JS_INPROGRESS
                  ? (strstr(row->field[HFX_JOB_STATUS], "Dialing") ? FPS_DIALING : FPS_SENDING) : 0;
    entry->PageCount = (DWORD)row->pages_total;
    entry->RecipientNumber = number;
    entry->RecipientName = recipient;
    entry->Tsid = tsid;
    entry->SenderName = sender;
    entry->SenderCompany = company;
    entry->SenderDept = department;
    entry->BillingCode = billing;
    entry->ScheduleAction = discount ? JSA_DISCOUNT_PERIOD : JSA_NOW;
    entry->DeliveryReportType = report ? DRT_EMAIL : DRT_NONE;
    entry->DeliveryReportAddress = report;
    entry->DocumentName = document;
}

static BOOL jobs_block(const struct hfx_job_row *rows, size_t count, char *const *details, BOOL ansi,
                       FAX_JOB_ENTRYW **out)
{
    struct out_block block = { .ansi = ansi };

    for (int pass = 0; pass < 2; pass++) {
        FAX_JOB_ENTRYW *entries = block_reserve(&block, count * sizeof(*entries));
        for (size_t i = 0; i < count; i++)
            fill_job(&block, entries ? &entries[i] : NULL, &rows[i], details);
        if (pass == 0 && !block_alloc(&block))
            return FALSE;
    }
    *out = (FAX_JOB_ENTRYW *)block.base;
    return TRUE;
}

static BOOL fetch_jobs(struct winfax_server *server, struct hfx_job_row **rows, size_t *count)
{
    struct hfx_error error = { 0 };
    struct hfx_client *client, *fresh;

    if (!server_list_session(server, &client, &fresh))
        return FALSE;
    hfx_fetch_jobs(client, rows, count, &error);
    server_unlock(server);
    hfx_close(fresh);
    return error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_GEN_FAILURE);
}

static BOOL enum_jobs(HANDLE handle, FAX_JOB_ENTRYW **out, LPDWORD returned, BOOL ansi)
{
    struct winfax_server *server = (clear_out((void **)out), handle_get(handle, WINFAX_SERVER, NULL));
    struct hfx_job_row *rows;
    size_t count;
    BOOL ok;

    if (!server)
        return FALSE;
    if (!out || !returned) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    ok = fetch_jobs(server, &rows, &count);
    server_release(server);
    if (!ok)
        return FALSE;
    ok = jobs_block(rows, count, NULL, ansi, out);
    hfx_job_rows_free(rows, count);
    if (ok)
        *returned = (DWORD)count;
    return ok;
}

BOOL WINAPI FaxEnumJobsW(HANDLE FaxHandle, PFAX_JOB_ENTRYW *JobEntry, LPDWORD JobsReturned)
{
    return enum_jobs(FaxHandle, JobEntry, JobsReturned, FALSE);
}

BOOL WINAPI FaxEnumJobsA(HANDLE FaxHandle, PFAX_JOB_ENTRYA *JobEntry, LPDWORD JobsReturned)
{
    return enum_jobs(FaxHandle, (FAX_JOB_ENTRYW **)JobEntry, JobsReturned, TRUE);
}

static BOOL get_job(HANDLE handle, DWORD job_id, FAX_JOB_ENTRYW **out, BOOL ansi)
{
    struct winfax_server *server = (clear_out((void **)out), handle_get(handle, WINFAX_SERVER, NULL));
    struct hfx_error error = { 0 };
    struct hfx_client *client;
    struct hfx_job_row *rows;
    char *details[DETAIL_COUNT] = { 0 };
    size_t count, found = 0;
    BOOL ok;

    if (!server)
        return FALSE;
    if (!out) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    if (!(ok = fetch_jobs(server, &rows, &count))) {
        server_release(server);
        return FALSE;
    }
    while (found < count && rows[found].id != (long)job_id)
        found++;
    if (found == count)
        ok = fail(ERROR_INVALID_PARAMETER);   /* not (or no longer) queued */
    else if ((ok = server_lock(server, &client))) {
        hfx_fetch_job_params(client, (long)job_id, detail_names, DETAIL_COUNT, details, &error);
        server_unlock(server);
        ok = error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_INVALID_PARAMETER);
    }
    server_release(server);
    if (ok)
        ok = jobs_block(&rows[found], 1, details, ansi, out);
    for (int i = 0; i < DETAIL_COUNT; i++)
        free(details[i]);
    hfx_job_rows_free(rows, count);
    return ok;
}

BOOL WINAPI FaxGetJobW(HANDLE FaxHandle, DWORD JobId, PFAX_JOB_ENTRYW *JobEntry)
{
    return get_job(FaxHandle, JobId, JobEntry, FALSE);
}

BOOL WINAPI FaxGetJobA(HANDLE FaxHandle, DWORD JobId, PFAX_JOB_ENTRYA *JobEntry)
{
    return get_job(FaxHandle, JobId, (FAX_JOB_ENTRYW **)JobEntry, TRUE);
}

/* JC_DELETE -> JKILL, JC_PAUSE -> JSUSP, JC_RESUME (= JC_RESTART) -> JSUBM. A job the server does not
 * know, or will not change in its state, is a bad JobId (ERROR_INVALID_PARAMETER). */
static BOOL job_command(HANDLE handle, DWORD job_id, DWORD command)
{
    static const char *const verbs[] = { [JC_DELETE] = "JKILL", [JC_PAUSE] = "JSUSP", [JC_RESUME] = "JSUBM" };
    struct winfax_server *server = handle_get(handle, WINFAX_SERVER, NULL);
    struct hfx_error error = { 0 };
    struct hfx_client *client, *fresh;

    if (!server)
        return FALSE;
    if (command < JC_DELETE || command > JC_RESUME || !job_id) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    /* on HylaFAX a fresh session: the one that just sent JSUSP may still see the job as not suspended */
    if (!server_list_session(server, &client, &fresh)) {
        server_release(server);
        return FALSE;
    }
    hfx_expect(client, 2, NULL, &error, "%s %lu", verbs[command], (unsigned long)job_id);
    server_unlock(server);
    hfx_close(fresh);
    server_release(server);
    return error.status == HFX_OK ? TRUE : fail_hfx(&error, ERROR_INVALID_PARAMETER);
}

/* JobEntry is documented as unused (it must be NULL); callers that pass one anyway are not refused. */
BOOL WINAPI FaxSetJobW(HANDLE FaxHandle, DWORD JobId, DWORD Command, const FAX_JOB_ENTRYW *JobEntry)
{
    return job_command(FaxHandle, JobId, Command);
}

BOOL WINAPI FaxSetJobA(HANDLE FaxHandle, DWORD JobId, DWORD Command, const FAX_JOB_ENTRYA *JobEntry)
{
    return job_command(FaxHandle, JobId, Command);
}

BOOL WINAPI FaxAbort(HANDLE FaxHandle, DWORD JobId)
{
    return job_command(FaxHandle, JobId, JC_DELETE);
}
