/*
 * winfax_hylafax.exe FIXTURES SERVER OWNER: winfax.dll against a real HylaFAX server (hfaxd + faxq, no modem,
 * so jobs stay queued), for what maps: the job path (a TIFF, a text as PostScript with the built-in cover
 * page, a broadcast), the listing and one job's fields, pause/resume/delete through fresh sessions (hfaxd
 * shows a session its own stale copy of a job it changed), the completion-port events, the configuration
 * kept with the handle, and what a server without faxd's extensions answers: no routing methods, modems
 * that cannot be changed. Prints "N passed, M failed".
 */
#define UNICODE
#define _UNICODE
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "winfax.h"
#include "check.h"

#define HANG_GUARD_MS 240000

static BOOL fails_with(BOOL result, DWORD code)
{
    return !result && GetLastError() == code;
}

/* hfaxd 6.0's faxq reaps a dead job ("Corpus reaped", which is FEI_DELETED) at its next scheduler run, and
 * its scheduler drops a poke that comes in the same second as a delayed run; on an idle server nothing
 * else pokes it. While such an event is awaited, nudge (if given) is called every 15 s without it: a
 * client's ordinary work that runs the scheduler. Never an assertion about time. */
static void (*nudge)(void);
static HANDLE nudge_server;
static WCHAR nudge_tiff[MAX_PATH];

static void send_and_abort(void)
{
    FAX_JOB_PARAM job = { sizeof(job) };
    DWORD id = 0;

    job.RecipientNumber = L"5550199";
    job.DocumentName = L"nudge";
    if (FaxSendDocument(nudge_server, nudge_tiff, &job, NULL, &id))
        FaxAbort(nudge_server, id);
}

static BOOL port_event(HANDLE port, DWORD event_id, DWORD job_id)
{
    DWORD start = GetTickCount(), quiet_since = start;

    while (GetTickCount() - start < HANG_GUARD_MS) {
        DWORD bytes;
        ULONG_PTR key;
        OVERLAPPED *overlapped;
        if (nudge && GetTickCount() - quiet_since > 15000) {
            nudge();
            quiet_since = GetTickCount();
        }
        if (!GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, 1000))
            continue;
        FAX_EVENT *event = (FAX_EVENT *)overlapped;
        BOOL match = event->EventId == event_id && (!job_id || event->JobId == job_id);
        LocalFree(event);
        if (match)
            return TRUE;
    }
    return FALSE;
}

static BOOL CALLBACK recipient(HANDLE handle, DWORD number, LPVOID context, PFAX_JOB_PARAMW job,
                               PFAX_COVERPAGE_INFOW cover)
{
    if (number > 2)
        return FALSE;
    job->RecipientNumber = number == 1 ? L"5550101" : L"5550102";
    job->RecipientName = number == 1 ? L"First" : L"Second";
    return TRUE;
}

/* QueueStatus as a fresh FaxGetJob sees it; ~0 when the job is gone. */
static DWORD queue_status(HANDLE server, DWORD id)
{
    PFAX_JOB_ENTRY entry;
    DWORD status;

    if (!FaxGetJob(server, id, &entry))
        return ~0u;
    status = entry->QueueStatus;
    FaxFreeBuffer(entry);
    return status;
}

int main(int argc, char **argv)
{
    WCHAR fixtures[MAX_PATH], server_name[100], owner[100], tiff[MAX_PATH], letter[MAX_PATH];
    HANDLE server, completion, port;
    PFAX_JOB_ENTRY entries, entry;
    PFAX_PORT_INFO ports;
    PFAX_ROUTING_METHOD methods;
    PFAX_GLOBAL_ROUTING_INFO global;
    PFAX_CONFIGURATION config;
    DWORD plain = 0, covered = 0, broadcast = 0, count = 0;

    if (argc < 4) {
        printf("usage: winfax_hylafax FIXTURES SERVER OWNER\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, server_name, ARRAYSIZE(server_name));
    MultiByteToWideChar(CP_ACP, 0, argv[3], -1, owner, ARRAYSIZE(owner));
    swprintf(tiff, MAX_PATH, L"%ls\\plain.tif", fixtures);
    GetTempPathW(MAX_PATH, letter);
    wcscat(letter, L"winfax-hylafax-letter.txt");
    HANDLE file = CreateFileW(letter, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written;
    WriteFile(file, "Dear HylaFAX,\r\nthis is text.\r\n", 30, &written, NULL);
    CloseHandle(file);

    check(FaxConnectFaxServer(server_name, &server), "FaxConnectFaxServer to HylaFAX");
    completion = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    check(FaxInitializeEventQueue(server, completion, 5, NULL, 0) && port_event(completion, FEI_FAXSVC_STARTED, 0),
          "the event queue starts (FEI_FAXSVC_STARTED)");

    /* configuration lives with the handle and shapes the jobs sent through it */
    check(FaxGetConfiguration(server, &config) && config->Retries == 2, "FaxGetConfiguration: Windows' defaults");
    if (config) {
        config->Retries = 4;
        config->RetryDelay = 3;
        check(FaxSetConfiguration(server, config), "FaxSetConfiguration (Retries 4, RetryDelay 3)");
        FaxFreeBuffer(config);
    }
    check(FaxGetConfiguration(server, &config) && config->Retries == 4 && config->RetryDelay == 3,
          "the configuration round-trips");
    FaxFreeBuffer(config);

    FAX_JOB_PARAM job = { sizeof(job) };
    FAX_COVERPAGE_INFO cover = { sizeof(cover) };
    job.RecipientNumber = L"5550100";
    job.RecipientName = L"Bob";
    job.DocumentName = L"tiff-job";
    check(FaxSendDocument(server, tiff, &job, NULL, &plain) && plain, "FaxSendDocument (TIFF)");
    check(port_event(completion, FEI_JOB_QUEUED, plain), "FEI_JOB_QUEUED for it");
    BYTE *page = NULL;
    DWORD page_size = 0, width = 0, height = 0;
    BOOL got = FaxGetPageData(server, plain, &page, &page_size, &width, &height);
    DWORD error = GetLastError();
    check(!got && error == ERROR_INVALID_DATA && !page,
          "FaxGetPageData: hfaxd hands no queued document back, ERROR_INVALID_DATA (error %lu)", error);
    job.DocumentName = L"text-job";
    cover.RecName = L"Bob";
    cover.SdrName = L"Alice";
    cover.Subject = L"A letter";
    check(FaxSendDocument(server, letter, &job, &cover, &covered) && covered, "FaxSendDocument (text + cover page)");
    check(FaxSendDocumentForBroadcast(server, tiff, &broadcast, recipient, NULL) && broadcast,
          "FaxSendDocumentForBroadcast (two recipients)");

    check(FaxEnumJobs(server, &entries, &count) && count >= 4, "FaxEnumJobs (%lu jobs)", count);
    BOOL listed = FALSE;
    for (DWORD i = 0; i < count; i++)
        listed |= entries[i].JobId == covered && entries[i].RecipientNumber
                  && !wcscmp(entries[i].RecipientNumber, L"5550100") && entries[i].UserName
                  && !wcsncmp(entries[i].UserName, owner, wcslen(owner));
    check(listed, "the text job is listed with its number and owner");
    FaxFreeBuffer(entries);
    check(FaxGetJob(server, plain, &entry) && entry->JobType == JT_SEND && entry->RecipientName
          && !wcscmp(entry->RecipientName, L"Bob") && entry->DocumentName && !wcscmp(entry->DocumentName, L"tiff-job"),
          "FaxGetJob: type, recipient, document name");
    FaxFreeBuffer(entry);

    check(FaxSetJob(server, plain, JC_PAUSE, NULL), "JC_PAUSE");
    check(queue_status(server, plain) & JS_PAUSED, "paused (as a fresh session sees it)");
    check(FaxSetJob(server, plain, JC_RESUME, NULL), "JC_RESUME");
    check(!(queue_status(server, plain) & JS_PAUSED), "resumed");
    /* back to back, within one second: each command goes over a session of its own (com_session_for_jobs) */
    check(FaxSetJob(server, plain, JC_PAUSE, NULL) && FaxSetJob(server, plain, JC_RESUME, NULL),
          "JC_PAUSE then JC_RESUME at once");
    check(!(queue_status(server, plain) & JS_PAUSED), "resumed again");
    check(FaxSetJob(server, plain, JC_DELETE, NULL), "JC_DELETE");
    nudge_server = server;
    wcscpy(nudge_tiff, tiff);
    nudge = send_and_abort;
    check(port_event(completion, FEI_DELETED, plain), "FEI_DELETED for it");
    nudge = NULL;
    check(fails_with(FaxGetJob(server, plain, &entry), ERROR_INVALID_PARAMETER), "the deleted job is gone");

    /* no modem and no faxd extensions: nothing to change, no routing methods */
    check(FaxEnumPorts(server, &ports, &count), "FaxEnumPorts (%lu modems)", count);
    if (count) {
        check(FaxOpenPort(server, ports[0].DeviceId, PORT_OPEN_MODIFY, &port), "FaxOpenPort");
        FAX_PORT_INFO change = ports[0];
        check(fails_with(FaxSetPort(port, &change), ERROR_ACCESS_DENIED), "a HylaFAX modem cannot be changed");
        check(FaxEnumRoutingMethods(port, &methods, &count) && count == 0, "no routing methods");
        FaxFreeBuffer(methods);
        FaxClose(port);
    }
    FaxFreeBuffer(ports);
    check(FaxEnumGlobalRoutingInfo(server, &global, &count) && count == 0, "no global routing methods");
    FaxFreeBuffer(global);

    FaxSetJob(server, covered, JC_DELETE, NULL);
    FaxSetJob(server, broadcast, JC_DELETE, NULL);
    FaxSetJob(server, broadcast + 1, JC_DELETE, NULL);
    check(FaxClose(server), "FaxClose");
    DeleteFileW(letter);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
