/*
 * Sending: FaxCompleteJobParams (the user's sender data), FaxSendDocument and the legacy
 * FaxSendDocumentForBroadcast (the callback once per recipient, one job each). A job is the engine's
 * hfx_prepare and hfx_submit, as the COM DLLs make it: the document as the server takes it, the built-in cover page
 * from FAX_COVERPAGE_INFO, the FAX_JOB_PARAM fields as JPARMs.
 */
#include "winfax_private.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fax_connect.h"
#include "fax_file.h"
#include "hfx_prepare.h"
#include "hfx_submit.h"

/* FAX_JOB_PARAM's strings, by offset (A and W share the layout). */
enum job_text { JOB_NUMBER, JOB_NAME, JOB_TSID, JOB_SENDER, JOB_COMPANY, JOB_DEPARTMENT, JOB_BILLING, JOB_REPORT,
                JOB_DOCUMENT, JOB_TEXT_COUNT };
static const size_t job_offsets[JOB_TEXT_COUNT] = {
    offsetof(FAX_JOB_PARAMW, RecipientNumber), offsetof(FAX_JOB_PARAMW, RecipientName), offsetof(FAX_JOB_PARAMW, Tsid),
    offsetof(FAX_JOB_PARAMW, SenderName), offsetof(FAX_JOB_PARAMW, SenderCompany),
    offsetof(FAX_JOB_PARAMW, SenderDept), offsetof(FAX_JOB_PARAMW, BillingCode),
    offsetof(FAX_JOB_PARAMW, DeliveryReportAddress), offsetof(FAX_JOB_PARAMW, DocumentName),
};

/* FAX_COVERPAGE_INFO's strings, in order, and the cover_fields member each fills. */
enum cover_text { COVER_NAME, REC_NAME, REC_FAX, REC_COMPANY, REC_STREET, REC_CITY, REC_STATE, REC_ZIP, REC_COUNTRY,
                  REC_TITLE, REC_DEPARTMENT, REC_OFFICE, REC_HOME, REC_PHONE, SDR_NAME, SDR_FAX, SDR_COMPANY,
                  SDR_ADDRESS, SDR_TITLE, SDR_DEPARTMENT, SDR_OFFICE, SDR_HOME, SDR_PHONE, NOTE, SUBJECT,
                  COVER_TEXT_COUNT };
static const size_t cover_offsets[COVER_TEXT_COUNT] = {
#define O(field) offsetof(FAX_COVERPAGE_INFOW, field)
    O(CoverPageName), O(RecName), O(RecFaxNumber), O(RecCompany), O(RecStreetAddress), O(RecCity), O(RecState),
    O(RecZip), O(RecCountry), O(RecTitle), O(RecDepartment), O(RecOfficeLocation), O(RecHomePhone),
    O(RecOfficePhone), O(SdrName), O(SdrFaxNumber), O(SdrCompany), O(SdrAddress), O(SdrTitle), O(SdrDepartment),
    O(SdrOfficeLocation), O(SdrHomePhone), O(SdrOfficePhone), O(Note), O(Subject),
#undef O
};

/* The caller's strings of a structure as UTF-8 (NULL stays NULL). FALSE when memory ran out. */
static BOOL texts_in(const void *structure, const size_t *offsets, size_t count, BOOL ansi, char **out)
{
    BOOL ok = TRUE;

    for (size_t i = 0; i < count; i++)
        out[i] = structure ? text_in(*(const void *const *)((const BYTE *)structure + offsets[i]), ansi, &ok) : NULL;
    return ok;
}

static void texts_free(char **texts, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(texts[i]);
}

static const char *nonempty(const char *text)
{
    return text && *text ? text : NULL;
}

/* ---- FaxCompleteJobParams: the user's sender data (FAXCOM_SENDER_* or the Sender* settings) ---- */

enum sender { SENDER_NAME, SENDER_FAX, SENDER_COMPANY, SENDER_ADDRESS, SENDER_TITLE, SENDER_DEPARTMENT,
              SENDER_OFFICE, SENDER_HOME, SENDER_PHONE, SENDER_BILLING, SENDER_EMAIL, SENDER_COUNT };
static const struct { const WCHAR *variable, *name; } sender_settings[SENDER_COUNT] = {
    { L"FAXCOM_SENDER_NAME", L"SenderName" }, { L"FAXCOM_SENDER_FAX", L"SenderFaxNumber" },
    { L"FAXCOM_SENDER_COMPANY", L"SenderCompany" }, { L"FAXCOM_SENDER_ADDRESS", L"SenderAddress" },
    { L"FAXCOM_SENDER_TITLE", L"SenderTitle" }, { L"FAXCOM_SENDER_DEPARTMENT", L"SenderDepartment" },
    { L"FAXCOM_SENDER_OFFICE", L"SenderOfficeLocation" }, { L"FAXCOM_SENDER_HOME_PHONE", L"SenderHomePhone" },
    { L"FAXCOM_SENDER_OFFICE_PHONE", L"SenderOfficePhone" }, { L"FAXCOM_SENDER_BILLING_CODE", L"SenderBillingCode" },
    { L"FAXCOM_SENDER_EMAIL", L"SenderEmail" },
};

static BOOL complete_job_params(FAX_JOB_PARAMW **job_out, FAX_COVERPAGE_INFOW **cover_out, BOOL ansi)
{
    char *sender[SENDER_COUNT] = { 0 };
    struct out_block job = { .ansi = ansi }, cover = { .ansi = ansi };
    BOOL ok = TRUE;

    clear_out((void **)job_out);
    clear_out((void **)cover_out);
    if (!job_out || !cover_out)
        return fail(ERROR_INVALID_PARAMETER);
    for (int i = 0; i < SENDER_COUNT; i++) {
        WCHAR value[MAX_PATH + 1];
        if (fax_setting_text(sender_settings[i].variable, sender_settings[i].name, value, ARRAYSIZE(value)))
            sender[i] = fax_utf8(value);
    }
    if (!sender[SENDER_NAME]) {   /* at least the Windows user's name, as Windows' own wizard fills it */
        WCHAR user[257];
        DWORD length = ARRAYSIZE(user);
        if (GetUserNameW(user, &length))
            sender[SENDER_NAME] = fax_utf8(user);
    }
    for (int pass = 0; pass < 2 && ok; pass++) {
        FAX_JOB_PARAMW *p = block_reserve(&job, sizeof(*p));
        LPCWSTR name = block_text(&job, sender[SENDER_NAME]), company = block_text(&job, sender[SENDER_COMPANY]);
        LPCWSTR department = block_text(&job, sender[SENDER_DEPARTMENT]);
        LPCWSTR billing = block_text(&job, sender[SENDER_BILLING]);
        if (p) {
            p->SizeOfStruct = sizeof(*p);
            p->SenderName = name;
            p->SenderCompany = company;
            p->SenderDept = department;
            p->BillingCode = billing;
            p->ScheduleAction = JSA_NOW;
            p->DeliveryReportType = DRT_NONE;
        }
        if (pass == 0)
            ok = block_alloc(&job);
    }
    for (int pass = 0; pass < 2 && ok; pass++) {
        FAX_COVERPAGE_INFOW *c = block_reserve(&cover, sizeof(*c));
        LPCWSTR text[SENDER_COUNT];
        for (int i = 0; i < SENDER_COUNT; i++)
            text[i] = block_text(&cover, sender[i]);
        if (c) {
            c->SizeOfStruct = sizeof(*c);
            c->SdrName = text[SENDER_NAME];
            c->SdrFaxNumber = text[SENDER_FAX];
            c->SdrCompany = text[SENDER_COMPANY];
            c->SdrAddress = text[SENDER_ADDRESS];
            c->SdrTitle = text[SENDER_TITLE];
            c->SdrDepartment = text[SENDER_DEPARTMENT];
            c->SdrOfficeLocation = text[SENDER_OFFICE];
            c->SdrHomePhone = text[SENDER_HOME];
            c->SdrOfficePhone = text[SENDER_PHONE];
        }
        if (pass == 0 && !(ok = block_alloc(&cover)))
            LocalFree(job.base);
    }
    for (int i = 0; i < SENDER_COUNT; i++)
        free(sender[i]);
    if (!ok)
        return FALSE;
    *job_out = (FAX_JOB_PARAMW *)job.base;
    *cover_out = (FAX_COVERPAGE_INFOW *)cover.base;
    return TRUE;
}

BOOL WINAPI FaxCompleteJobParamsW(PFAX_JOB_PARAMW *JobParams, PFAX_COVERPAGE_INFOW *CoverpageInfo)
{
    return complete_job_params(JobParams, CoverpageInfo, FALSE);
}

BOOL WINAPI FaxCompleteJobParamsA(PFAX_JOB_PARAMA *JobParams, PFAX_COVERPAGE_INFOA *CoverpageInfo)
{
    return complete_job_params((FAX_JOB_PARAMW **)JobParams, (FAX_COVERPAGE_INFOW **)CoverpageInfo, TRUE);
}

/* ---- one job ---- */

/* The next start of the discount window [start of StartCheapTime] as SENDTIME (UTC, YYYYMMDDHHMM),
 * for a server without one of its own (HylaFAX). */
static void discount_sendtime(const FAX_TIME *start, char *out, size_t size)
{
    SYSTEMTIME now, local_start, utc;
    FILETIME file;
    ULARGE_INTEGER ticks;

    GetLocalTime(&now);
    local_start = now;
    local_start.wHour = start->Hour % 24;
    local_start.wMinute = start->Minute % 60;
    local_start.wSecond = local_start.wMilliseconds = 0;
    SystemTimeToFileTime(&local_start, &file);
    ticks.LowPart = file.dwLowDateTime;
    ticks.HighPart = file.dwHighDateTime;
    if (local_start.wHour * 60 + local_start.wMinute <= now.wHour * 60 + now.wMinute)
        ticks.QuadPart += 24ULL * 3600 * 10000000;   /* today's start has passed: tomorrow's */
    file.dwLowDateTime = ticks.LowPart;
    file.dwHighDateTime = ticks.HighPart;
    FILETIME utc_file;
    LocalFileTimeToFileTime(&file, &utc_file);
    FileTimeToSystemTime(&utc_file, &utc);
    snprintf(out, size, "%04u%02u%02u%02u%02u", utc.wYear, utc.wMonth, utc.wDay, utc.wHour, utc.wMinute);
}

/* The parameters of one job from the caller's FAX_JOB_PARAM and cover page texts. */
static void job_params(struct winfax_server *server, const FAX_JOB_PARAMW *param, char **job, char **cover,
                       struct hfx_job *params)
{
    char text[64];
    WCHAR user[257];
    DWORD length = ARRAYSIZE(user);
    char *login = nonempty(job[JOB_SENDER]) || !GetUserNameW(user, &length) ? NULL : fax_utf8(user);

    hfx_job_add(params, "FROMUSER", nonempty(job[JOB_SENDER]) ? job[JOB_SENDER] : login ? login : "fax");
    free(login);
    hfx_job_add(params, "LASTTIME", "000259");
    if (!server->faxd) {   /* faxd applies its own Retries, RetryDelay and max-dials; HylaFAX takes them per job */
        hfx_job_add(params, "MAXDIALS", "12");
        snprintf(text, sizeof(text), "%lu", (unsigned long)server->config.Retries + 1);
        hfx_job_add(params, "MAXTRIES", text);
        snprintf(text, sizeof(text), "%02lu00", (unsigned long)(server->config.RetryDelay > 99 ? 99 : server->config.RetryDelay));
        hfx_job_add(params, "RETRYTIME", text);
    }
    hfx_job_add(params, "DIALSTRING", job[JOB_NUMBER]);
    hfx_job_add(params, "TOUSER", nonempty(job[JOB_NAME]) ? job[JOB_NAME] : cover[REC_NAME]);
    hfx_job_add(params, "TOCOMPANY", cover[REC_COMPANY]);
    hfx_job_add(params, "TOLOCATION", cover[REC_CITY]);
    hfx_job_add(params, "TOVOICE", cover[REC_PHONE]);
    hfx_job_add(params, "FROMCOMPANY", nonempty(job[JOB_COMPANY]) ? job[JOB_COMPANY] : cover[SDR_COMPANY]);
    hfx_job_add(params, "FROMVOICE", cover[SDR_PHONE]);
    hfx_job_add(params, "REGARDING", cover[SUBJECT]);
    hfx_job_add(params, "JOBINFO", job[JOB_DOCUMENT]);
    if (param->DeliveryReportType == DRT_EMAIL && nonempty(job[JOB_REPORT])) {
        hfx_job_add(params, "NOTIFY", "done");
        hfx_job_add(params, "NOTIFYADDR", job[JOB_REPORT]);
    } else if (param->DeliveryReportType == DRT_INBOX) {   /* no MAPI inbox: the server mails the sender */
        hfx_job_add(params, "NOTIFY", "done");
    }
    if (!(!server->faxd && server->config.UseDeviceTsid))
        hfx_job_add(params, "TSI", job[JOB_TSID]);
    if (param->ScheduleAction == JSA_SPECIFIC_TIME) {   /* UTC, as documented (spec 12.5) */
        const SYSTEMTIME *t = &param->ScheduleTime;
        snprintf(text, sizeof(text), "%04u%02u%02u%02u%02u", t->wYear, t->wMonth, t->wDay, t->wHour, t->wMinute);
        hfx_job_add(params, "SENDTIME", text);
    } else if (param->ScheduleAction == JSA_DISCOUNT_PERIOD && !server->faxd) {
        discount_sendtime(&server->config.StartCheapTime, text, sizeof(text));
        hfx_job_add(params, "SENDTIME", text);
    }
    if (server->faxd) {   /* faxd's extensions (docs/protocol.md) */
        hfx_job_add(params, "BILLINGCODE", job[JOB_BILLING]);
        hfx_job_add(params, "DISPLAYNAME", job[JOB_DOCUMENT]);
        hfx_job_add(params, "FROMDEPARTMENT", nonempty(job[JOB_DEPARTMENT]) ? job[JOB_DEPARTMENT]
                                                                                 : cover[SDR_DEPARTMENT]);
        hfx_job_add(params, "FROMTITLE", cover[SDR_TITLE]);
        hfx_job_add(params, "TOFAXNUMBER", cover[REC_FAX]);
        if (param->ScheduleAction == JSA_DISCOUNT_PERIOD)
            hfx_job_add(params, "SCHEDULE", "discount");
    }
}

/* The built-in cover page from FAX_COVERPAGE_INFO. A named template is a Windows .cov file, which
 * cannot be rendered: a missing one is ERROR_FILE_NOT_FOUND, an existing one ERROR_INVALID_DATA. */
static BOOL cover_upload(struct winfax_server *server, char **c, const WCHAR *template_name,
                         struct hfx_upload *upload)
{
    struct cover_fields fields = {
        .to = c[REC_NAME], .to_title = c[REC_TITLE], .to_company = c[REC_COMPANY], .to_department = c[REC_DEPARTMENT],
        .to_office = c[REC_OFFICE], .to_address = c[REC_STREET], .to_city = c[REC_CITY], .to_state = c[REC_STATE],
        .to_zip = c[REC_ZIP], .to_country = c[REC_COUNTRY], .to_fax = c[REC_FAX], .to_phone = c[REC_PHONE],
        .to_home_phone = c[REC_HOME], .from = c[SDR_NAME], .from_title = c[SDR_TITLE], .from_company = c[SDR_COMPANY],
        .from_department = c[SDR_DEPARTMENT], .from_office = c[SDR_OFFICE], .from_address = c[SDR_ADDRESS],
        .from_fax = c[SDR_FAX], .from_phone = c[SDR_PHONE], .from_home_phone = c[SDR_HOME], .subject = c[SUBJECT],
        .note = c[NOTE],
    };

    if (nonempty(c[COVER_NAME]))
        return fail(template_name && GetFileAttributesW(template_name) != INVALID_FILE_ATTRIBUTES
                    ? ERROR_INVALID_DATA : ERROR_FILE_NOT_FOUND);
    return hfx_prepare_cover(&fields, server->faxd, upload) == HFX_PREPARE_OK ? TRUE : fail(ERROR_NOT_ENOUGH_MEMORY);
}

/* The document's file as the server takes it. */
static BOOL document_upload(struct winfax_server *server, const WCHAR *path, struct hfx_upload *upload)
{
    char *data;
    size_t size;
    DWORD code = fax_read_file(path, &data, &size);

    if (code != ERROR_SUCCESS)
        return fail(code == ERROR_PATH_NOT_FOUND ? ERROR_FILE_NOT_FOUND : code);
    switch (hfx_prepare_document(data, size, server->faxd, upload)) {
    case HFX_PREPARE_OK: return TRUE;
    case HFX_PREPARE_NO_MEMORY: return fail(ERROR_NOT_ENOUGH_MEMORY);
    default: return fail(ERROR_INVALID_DATA);   /* not TIFF, PDF, PostScript or text */
    }
}

/* Uploads the document (and cover page), then submits the job: an upload the server refuses is data it
 * cannot take (ERROR_INVALID_DATA), a refused parameter a bad parameter. */
static BOOL upload_and_submit(struct hfx_client *client, const struct hfx_upload *document,
                              const struct hfx_upload *cover, const struct hfx_job *params, long *id)
{
    struct hfx_error error = { 0 };
    char *document_name = NULL, *cover_name = NULL;
    BOOL ok = FALSE;

    if (hfx_upload(client, document->form, document->data, document->size, &document_name, &error) != HFX_OK
        || (cover && hfx_upload(client, cover->form, cover->data, cover->size, &cover_name, &error) != HFX_OK))
        fail_hfx(&error, ERROR_INVALID_DATA);
    else if (hfx_submit(client, params, cover_name, document_name, id, &error) != HFX_OK)
        fail_hfx(&error, ERROR_INVALID_PARAMETER);
    else
        ok = TRUE;
    free(document_name);
    free(cover_name);
    return ok;
}

/* Queues one job of document for param/cover (caller structures, checked here). */
static BOOL submit(struct winfax_server *server, const struct hfx_upload *document, const FAX_JOB_PARAMW *param,
                   const FAX_COVERPAGE_INFOW *cover_info, BOOL ansi, DWORD *job_id)
{
    char *job[JOB_TEXT_COUNT], *cover[COVER_TEXT_COUNT];
    struct hfx_upload cover_page = { 0 };
    struct hfx_job *params = NULL;
    struct hfx_client *client;
    WCHAR *template_name = NULL;
    long id = 0;
    BOOL ok;

    if (!param || param->SizeOfStruct != sizeof(FAX_JOB_PARAMW) || !param->RecipientNumber || param->CallHandle
        || (cover_info && cover_info->SizeOfStruct != sizeof(FAX_COVERPAGE_INFOW)))
        return fail(ERROR_INVALID_PARAMETER);
    ok = texts_in(param, job_offsets, JOB_TEXT_COUNT, ansi, job);
    ok = texts_in(cover_info, cover_offsets, COVER_TEXT_COUNT, ansi, cover) && ok;
    if (!ok || !(params = calloc(1, sizeof(*params)))) {
        ok = fail(ERROR_NOT_ENOUGH_MEMORY);
    } else if (!*job[JOB_NUMBER]) {
        ok = fail(ERROR_INVALID_PARAMETER);
    } else {
        if (cover_info && nonempty(cover[COVER_NAME])) {
            int length = MultiByteToWideChar(CP_UTF8, 0, cover[COVER_NAME], -1, NULL, 0);
            if ((template_name = malloc(length * sizeof(WCHAR))))
                MultiByteToWideChar(CP_UTF8, 0, cover[COVER_NAME], -1, template_name, length);
        }
        ok = !cover_info || cover_upload(server, cover, template_name, &cover_page);
    }
    if (ok && (ok = server_lock(server, &client))) {
        job_params(server, param, job, cover, params);   /* under the lock: it reads the handle's settings */
        ok = upload_and_submit(client, document, cover_info ? &cover_page : NULL, params, &id);
        server_unlock(server);
    }
    if (ok)
        *job_id = (DWORD)id;
    free(template_name);
    free(params);
    free(cover_page.data);
    texts_free(job, JOB_TEXT_COUNT);
    texts_free(cover, COVER_TEXT_COUNT);
    return ok;
}

/* The file name as UTF-16 (A: the caller's code page). */
static WCHAR *path_in(const void *name, BOOL ansi)
{
    int length;
    WCHAR *path;

    if (!ansi)
        return _wcsdup(name);
    length = MultiByteToWideChar(CP_ACP, 0, name, -1, NULL, 0);
    if (length <= 0 || !(path = malloc(length * sizeof(WCHAR))))
        return NULL;
    MultiByteToWideChar(CP_ACP, 0, name, -1, path, length);
    return path;
}

static BOOL send_document(HANDLE handle, const void *file_name, const FAX_JOB_PARAMW *param,
                          const FAX_COVERPAGE_INFOW *cover, DWORD *job_id, BOOL ansi)
{
    struct winfax_server *server = handle_get(handle, WINFAX_SERVER, NULL);
    struct hfx_upload document = { 0 };
    WCHAR *path = NULL;
    BOOL ok;

    if (!server)
        return FALSE;
    if (!file_name || !param || !job_id)
        ok = fail(ERROR_INVALID_PARAMETER);
    else if (!(path = path_in(file_name, ansi)))
        ok = fail(ERROR_NOT_ENOUGH_MEMORY);
    else
        ok = document_upload(server, path, &document) && submit(server, &document, param, cover, ansi, job_id);
    free(path);
    free(document.data);
    server_release(server);
    return ok;
}

BOOL WINAPI FaxSendDocumentW(HANDLE FaxHandle, LPCWSTR FileName, PFAX_JOB_PARAMW JobParams,
                             const FAX_COVERPAGE_INFOW *CoverpageInfo, LPDWORD FaxJobId)
{
    return send_document(FaxHandle, FileName, JobParams, CoverpageInfo, FaxJobId, FALSE);
}

BOOL WINAPI FaxSendDocumentA(HANDLE FaxHandle, LPCSTR FileName, PFAX_JOB_PARAMA JobParams,
                             const FAX_COVERPAGE_INFOA *CoverpageInfo, LPDWORD FaxJobId)
{
    return send_document(FaxHandle, FileName, (const FAX_JOB_PARAMW *)JobParams,
                         (const FAX_COVERPAGE_INFOW *)CoverpageInfo, FaxJobId, TRUE);
}

/* Whether a broadcast callback named any cover page field (or a server cover page). */
static BOOL cover_filled(const FAX_COVERPAGE_INFOW *cover)
{
    for (size_t i = 0; i < COVER_TEXT_COUNT; i++)
        if (*(const void *const *)((const BYTE *)cover + cover_offsets[i]))
            return TRUE;
    return cover->UseServerCoverPage;
}

/* The callback fills zeroed structures whose SizeOfStruct is already set (spec 12.7); each TRUE queues
 * one job, FALSE ends. *FaxJobId is the first job's id (spec 12.8: there is no master job). A cover
 * page is sent for a recipient when the callback names any cover page field. */
static BOOL send_broadcast(HANDLE handle, const void *file_name, DWORD *job_id, void *callback, void *context,
                           BOOL ansi)
{
    struct winfax_server *server = handle_get(handle, WINFAX_SERVER, NULL);
    struct hfx_upload document = { 0 };
    WCHAR *path = NULL;
    BOOL ok;

    if (!server)
        return FALSE;
    if (!file_name || !job_id || !callback)
        ok = fail(ERROR_INVALID_PARAMETER);
    else if (!(path = path_in(file_name, ansi)))
        ok = fail(ERROR_NOT_ENOUGH_MEMORY);
    else
        ok = document_upload(server, path, &document);
    if (ok)
        *job_id = 0;
    for (DWORD recipient = 1; ok; recipient++) {
        FAX_JOB_PARAMW param = { .SizeOfStruct = sizeof(param) };
        FAX_COVERPAGE_INFOW cover = { .SizeOfStruct = sizeof(cover) };
        DWORD id;
        BOOL more = ansi ? ((PFAX_RECIPIENT_CALLBACKA)callback)(handle, recipient, context, (PFAX_JOB_PARAMA)&param,
                                                                  (PFAX_COVERPAGE_INFOA)&cover)
                         : ((PFAX_RECIPIENT_CALLBACKW)callback)(handle, recipient, context, &param, &cover);
        if (!more) {
            if (recipient == 1)
                ok = fail(ERROR_INVALID_PARAMETER);   /* no recipient at all */
            break;
        }
        if ((ok = submit(server, &document, &param, cover_filled(&cover) ? &cover : NULL, ansi, &id))
            && recipient == 1)
            *job_id = id;
    }
    free(path);
    free(document.data);
    server_release(server);
    return ok;
}

BOOL WINAPI FaxSendDocumentForBroadcastW(HANDLE FaxHandle, LPCWSTR FileName, LPDWORD FaxJobId,
                                         PFAX_RECIPIENT_CALLBACKW FaxRecipientCallback, LPVOID Context)
{
    return send_broadcast(FaxHandle, FileName, FaxJobId, (void *)FaxRecipientCallback, Context, FALSE);
}

BOOL WINAPI FaxSendDocumentForBroadcastA(HANDLE FaxHandle, LPCSTR FileName, LPDWORD FaxJobId,
                                         PFAX_RECIPIENT_CALLBACKA FaxRecipientCallback, LPVOID Context)
{
    return send_broadcast(FaxHandle, FileName, FaxJobId, (void *)FaxRecipientCallback, Context, TRUE);
}
