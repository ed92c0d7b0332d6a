/*
 * winfax_client.exe FIXTURES SERVER: a C program as fax4j or an in-house tool would write it, linked with
 * -lwinfax (mingw-w64's import library on x86_64, ours on i686) and run under Wine against faxd with our
 * winfax.dll beside it. The story: connect to "the local service" (FaxConnectFaxServer(NULL), which
 * FAXCOM_SERVER points at faxd), fill the job from FaxCompleteJobParams, send a TIFF plainly, a text
 * document with the built-in cover page, and a broadcast with a cover page to two recipients; watch
 * the events of a completion port and of a window; list the jobs and track them until the service has
 * sent them; pause, resume and delete a job scheduled for later; read ports, configuration, logging and
 * routing and round-trip a setting of each; then every error path, and handles after FaxClose.
 * Prints "N passed, M failed".
 */
#define UNICODE
#define _UNICODE
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "winfax.h"
#include "check.h"

#define HANG_GUARD_MS 240000   /* generous: the harness machine is shared; the loop polls, never times */

static WCHAR fixtures[MAX_PATH], tiff[MAX_PATH], text_file[MAX_PATH], junk_file[MAX_PATH];

static BOOL fails_with(BOOL result, DWORD code)
{
    return !result && GetLastError() == code;
}

static void write_file(const WCHAR *path, const void *data, DWORD size)
{
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written;
    WriteFile(file, data, size, &written, NULL);
    CloseHandle(file);
}

/* ---- events ---- */

/* Waits for event_id (for job_id, or any job when 0) on the completion port; frees every packet. */
static BOOL port_event(HANDLE port, ULONG_PTR key, DWORD event_id, DWORD job_id)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < HANG_GUARD_MS) {
        DWORD bytes;
        ULONG_PTR got_key;
        OVERLAPPED *overlapped;
        if (!GetQueuedCompletionStatus(port, &bytes, &got_key, &overlapped, 1000))
            continue;
        FAX_EVENT *event = (FAX_EVENT *)overlapped;
        BOOL match = got_key == key && event->SizeOfStruct == sizeof(FAX_EVENT) && bytes == sizeof(FAX_EVENT)
                     && event->EventId == event_id && (!job_id || event->JobId == job_id);
        LocalFree(event);   /* the documented owner: the client, with LocalFree */
        if (match)
            return TRUE;
    }
    return FALSE;
}

static UINT window_base;
static DWORD window_seen[FEI_NEVENTS + 1];

static LRESULT CALLBACK window_proc(HWND window, UINT message, WPARAM wparam, LPARAM lparam)
{
    if (message >= window_base && message <= window_base + FEI_NEVENTS) {
        window_seen[message - window_base]++;
        return 0;
    }
    return DefWindowProcW(window, message, wparam, lparam);
}

static BOOL window_event(DWORD event_id)
{
    DWORD start = GetTickCount();
    MSG message;

    while (!window_seen[event_id] && GetTickCount() - start < HANG_GUARD_MS) {
        while (PeekMessageW(&message, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&message);
        Sleep(50);
    }
    return window_seen[event_id] != 0;
}

/* ---- the broadcast callback: two recipients, each with a cover page ---- */

static DWORD broadcast_calls;
static BOOL broadcast_prefilled = TRUE;

static BOOL CALLBACK recipient(HANDLE handle, DWORD number, LPVOID context, PFAX_JOB_PARAMW job,
                               PFAX_COVERPAGE_INFOW cover)
{
    static const WCHAR *const names[] = { L"Ada Lovelace", L"Grace Hopper" };

    broadcast_calls++;
    broadcast_prefilled &= job->SizeOfStruct == sizeof(*job) && cover->SizeOfStruct == sizeof(*cover)
                           && !job->RecipientNumber && context == (void *)0x1234;
    if (number > 2)
        return FALSE;
    job->RecipientNumber = L"1002";
    job->RecipientName = names[number - 1];
    job->DocumentName = L"broadcast";
    cover->RecName = names[number - 1];
    cover->Subject = L"Broadcast";
    cover->Note = L"One of two.";
    return TRUE;
}

/* ---- the story ---- */

static DWORD send_plain(HANDLE server, const WCHAR *file, const WCHAR *number, const WCHAR *name)
{
    FAX_JOB_PARAM job = { sizeof(job) };
    DWORD id = 0;

    job.RecipientNumber = number;
    job.RecipientName = name;
    job.DocumentName = L"winfax plain";
    job.ScheduleAction = JSA_NOW;
    check(FaxSendDocument(server, file, &job, NULL, &id) && id > 0, "FaxSendDocument (plain TIFF) gave a job id");
    return id;
}

/* Polls FaxGetJob until the job has left the queue (sent); its last QueueStatus in *last. */
static BOOL track_to_end(HANDLE server, DWORD id, DWORD *last)
{
    DWORD start = GetTickCount();
    PFAX_JOB_ENTRY entry;

    while (GetTickCount() - start < HANG_GUARD_MS) {
        if (!FaxGetJob(server, id, &entry))
            return GetLastError() == ERROR_INVALID_PARAMETER;
        *last = entry->QueueStatus;
        FaxFreeBuffer(entry);
        if (*last & JS_FAILED)
            return FALSE;
        Sleep(250);
    }
    return FALSE;
}

/* On the holding faxd (its lines do not send): jobs stay queued, so every event and state is certain. */
static void queue_story(HANDLE hold, HANDLE completion)
{
    PFAX_JOB_PARAM params;
    PFAX_COVERPAGE_INFO cover;
    PFAX_JOB_ENTRY entries, entry;
    DWORD plain, covered = 0, broadcast = 0, count = 0, aborted = 0;

    check(FaxCompleteJobParams(&params, &cover), "FaxCompleteJobParams");
    check(params->SizeOfStruct == sizeof(FAX_JOB_PARAM) && cover->SizeOfStruct == sizeof(FAX_COVERPAGE_INFO),
          "FaxCompleteJobParams sets both SizeOfStructs");
    check(params->SenderName && !wcscmp(params->SenderName, L"Winfax Tester") && cover->SdrName
          && !wcscmp(cover->SdrName, L"Winfax Tester") && cover->SdrCompany && !wcscmp(cover->SdrCompany, L"Tests Ltd"),
          "FaxCompleteJobParams fills the user's sender data (SenderName, SdrName, SdrCompany)");

    plain = send_plain(hold, tiff, L"1002", L"Plain Recipient");
    check(port_event(completion, 77, FEI_JOB_QUEUED, plain), "completion port: FEI_JOB_QUEUED for the plain job");

    /* a text document with the built-in cover page, from FaxCompleteJobParams' structures */
    params->RecipientNumber = L"1002";
    params->RecipientName = L"Cover Recipient";
    params->DocumentName = L"winfax text with cover";
    params->BillingCode = L"B-42";
    cover->RecName = L"Cover Recipient";
    cover->Subject = L"Quarterly figures";
    cover->Note = L"Two pages follow.";
    BOOL sent = FaxSendDocument(hold, text_file, params, cover, &covered);
    DWORD error = GetLastError();
    check(sent && covered > 0, "FaxSendDocument (text + built-in cover page; error %lu)", error);
    FaxFreeBuffer(params);
    FaxFreeBuffer(cover);

    check(FaxSendDocumentForBroadcast(hold, tiff, &broadcast, recipient, (void *)0x1234) && broadcast > 0,
          "FaxSendDocumentForBroadcast (error %lu)", GetLastError());
    check(broadcast_calls == 3, "the broadcast callback ran once per recipient, then once to stop (%lu calls)",
          broadcast_calls);
    check(broadcast_prefilled, "each callback got zeroed structures with SizeOfStruct set");

    BOOL listed = FaxEnumJobs(hold, &entries, &count);
    check(listed && count == 4, "FaxEnumJobs: the four jobs (%lu)", count);
    BOOL found_plain = FALSE, found_cover = FALSE, found_broadcast = FALSE;
    for (DWORD i = 0; i < count; i++) {
        found_plain |= entries[i].JobId == plain && entries[i].RecipientName && entries[i].JobType == JT_SEND
                       && !wcscmp(entries[i].RecipientName, L"Plain Recipient")
                       && entries[i].SizeOfStruct == sizeof(FAX_JOB_ENTRY);
        found_cover |= entries[i].JobId == covered && entries[i].DocumentName
                       && !wcscmp(entries[i].DocumentName, L"winfax text with cover");
        found_broadcast |= entries[i].JobId == broadcast + 1 && entries[i].RecipientName
                           && !wcscmp(entries[i].RecipientName, L"Grace Hopper");
    }
    check(found_plain, "FaxEnumJobs lists the plain job with its recipient");
    check(found_cover, "FaxEnumJobs lists the cover-page job with its document name");
    check(found_broadcast, "FaxEnumJobs lists the broadcast's second job with its recipient");
    FaxFreeBuffer(entries);

    check(FaxGetJob(hold, covered, &entry), "FaxGetJob");
    if (entry) {
        check(entry->JobId == covered && entry->BillingCode && !wcscmp(entry->BillingCode, L"B-42")
              && entry->RecipientNumber && !wcscmp(entry->RecipientNumber, L"1002") && entry->UserName,
              "FaxGetJob: id, billing code, number, user");
        FaxFreeBuffer(entry);
    }
    check(FaxSetJob(hold, plain, JC_PAUSE, NULL), "FaxSetJob JC_PAUSE");
    check(FaxGetJob(hold, plain, &entry) && (entry->QueueStatus & JS_PAUSED), "the job is JS_PAUSED");
    FaxFreeBuffer(entry);
    check(FaxSetJob(hold, plain, JC_RESUME, NULL), "FaxSetJob JC_RESUME");
    check(FaxGetJob(hold, plain, &entry) && !(entry->QueueStatus & JS_PAUSED), "the job is no longer paused");
    FaxFreeBuffer(entry);
    check(FaxSetJob(hold, plain, JC_DELETE, NULL), "FaxSetJob JC_DELETE");
    check(fails_with(FaxGetJob(hold, plain, &entry), ERROR_INVALID_PARAMETER), "a deleted job is no longer a valid JobId");
    check(port_event(completion, 77, FEI_DELETED, plain), "completion port: FEI_DELETED for the deleted job");

    aborted = send_plain(hold, tiff, L"1002", L"To Abort");
    check(port_event(completion, 77, FEI_JOB_QUEUED, aborted) && FaxAbort(hold, aborted), "FaxAbort of a queued job");
    BOOL again = FaxAbort(hold, aborted);
    error = GetLastError();
    check(!again && error == ERROR_INVALID_PARAMETER, "FaxAbort of a job no longer there (%d, error %lu)", again, error);
}

/* On the sending faxd: the jobs go out over its loopback lines and leave the queue. */
static void send_story(HANDLE server)
{
    FAX_JOB_PARAM job = { sizeof(job) };
    FAX_COVERPAGE_INFO cover = { sizeof(cover) };
    DWORD plain, covered = 0, broadcast = 0, last = 0;

    plain = send_plain(server, tiff, L"1002", L"Sent Plainly");
    job.RecipientNumber = L"1002";
    job.RecipientName = L"Cover Recipient";
    cover.RecName = L"Cover Recipient";
    cover.SdrName = L"Winfax Tester";
    cover.Subject = L"A text with a cover page";
    BOOL sent = FaxSendDocument(server, text_file, &job, &cover, &covered);
    DWORD error = GetLastError();
    check(sent && covered > 0, "FaxSendDocument (text + cover page) on the sending server (error %lu)", error);
    broadcast_calls = 0;
    check(FaxSendDocumentForBroadcast(server, tiff, &broadcast, recipient, (void *)0x1234) && broadcast > 0,
          "a broadcast on the sending server");
    check(track_to_end(server, plain, &last), "the plain job was sent (left the queue; last status %#lx)", last);
    check(track_to_end(server, covered, &last), "the cover-page job was sent");
    check(track_to_end(server, broadcast, &last) && track_to_end(server, broadcast + 1, &last),
          "both broadcast jobs were sent");
}

static const WCHAR store_guid[] = L"{92041a90-9af2-11d0-abf7-00c04fd91a4e}";
static const WCHAR print_guid[] = L"{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}";

static void ports_story(HANDLE server)
{
    PFAX_PORT_INFO ports, port;
    PFAX_DEVICE_STATUS status;
    PFAX_ROUTING_METHOD methods;
    PFAX_GLOBAL_ROUTING_INFO global;
    HANDLE query, modify, again;
    DWORD count = 0, id;
    LPBYTE data;
    DWORD size;

    check(FaxEnumPorts(server, &ports, &count) && count == 2, "FaxEnumPorts: faxd's two lines (%lu)", count);
    if (count < 2)
        return;
    id = ports[0].DeviceId;
    check(ports[0].SizeOfStruct == sizeof(FAX_PORT_INFO) && ports[0].DeviceName && !wcscmp(ports[0].DeviceName, L"loop1001")
          && (ports[0].Flags & (FPF_SEND | FPF_RECEIVE)) == (FPF_SEND | FPF_RECEIVE) && ports[0].Priority >= 1,
          "the first port: loop1001, sends and receives, a priority");
    FaxFreeBuffer(ports);

    check(FaxOpenPort(server, id, PORT_OPEN_QUERY, &query), "FaxOpenPort PORT_OPEN_QUERY");
    check(FaxGetPort(query, &port) && port->DeviceId == id, "FaxGetPort");
    FAX_PORT_INFO change = *port;
    FaxFreeBuffer(port);
    check(fails_with(FaxSetPort(query, &change), ERROR_ACCESS_DENIED), "FaxSetPort on a query handle: access denied");
    check(FaxGetDeviceStatus(query, &status) && status->SizeOfStruct == sizeof(FAX_DEVICE_STATUS)
          && status->DeviceId == id && status->DeviceName && !wcscmp(status->DeviceName, L"loop1001"),
          "FaxGetDeviceStatus");
    FaxFreeBuffer(status);

    check(FaxOpenPort(server, id, PORT_OPEN_MODIFY, &modify), "FaxOpenPort PORT_OPEN_MODIFY");
    check(fails_with(FaxOpenPort(server, id, PORT_OPEN_MODIFY, &again), ERROR_INVALID_HANDLE),
          "a second modifying opener: ERROR_INVALID_HANDLE");
    change.Tsid = L"WINFAX TSID";
    check(FaxSetPort(modify, &change), "FaxSetPort (Tsid)");
    check(FaxGetPort(query, &port) && port->Tsid && !wcscmp(port->Tsid, L"WINFAX TSID"), "the Tsid round-trips");
    FaxFreeBuffer(port);
    change.SizeOfStruct = 12;
    check(fails_with(FaxSetPort(modify, &change), ERROR_INVALID_PARAMETER), "FaxSetPort with a wrong SizeOfStruct");
    check(fails_with(FaxOpenPort(server, 9999, PORT_OPEN_QUERY, &again), ERROR_BAD_UNIT), "FaxOpenPort of no device");

    check(FaxEnumRoutingMethods(query, &methods, &count) && count == 3, "FaxEnumRoutingMethods: three methods");
    BOOL guids = FALSE;
    for (DWORD i = 0; i < count; i++)
        guids |= methods[i].Guid && !_wcsicmp(methods[i].Guid, store_guid) && methods[i].DeviceId == id;
    check(guids, "the store-in-folder method carries Microsoft's GUID");
    FaxFreeBuffer(methods);
    check(FaxEnableRoutingMethod(modify, print_guid, FALSE), "FaxEnableRoutingMethod (print off)");
    check(fails_with(FaxEnableRoutingMethod(query, print_guid, FALSE), ERROR_ACCESS_DENIED),
          "FaxEnableRoutingMethod on a query handle: access denied");
    check(fails_with(FaxEnableRoutingMethod(modify, L"{00000000-0000-0000-0000-000000000000}", TRUE), ERROR_INVALID_DATA),
          "an unknown routing GUID: ERROR_INVALID_DATA");
    check(FaxGetRoutingInfo(query, store_guid, &data, &size), "FaxGetRoutingInfo");
    FaxFreeBuffer(data);
    check(FaxSetRoutingInfo(modify, store_guid, (const BYTE *)L"C:\\faxes", sizeof(L"C:\\faxes")),
          "FaxSetRoutingInfo");
    check(FaxGetRoutingInfo(query, store_guid, &data, &size) && size == sizeof(L"C:\\faxes")
          && !memcmp(data, L"C:\\faxes", size), "the routing data round-trips");
    FaxFreeBuffer(data);

    check(FaxEnumGlobalRoutingInfo(server, &global, &count) && count == 3, "FaxEnumGlobalRoutingInfo: three methods");
    if (count == 3) {
        FAX_GLOBAL_ROUTING_INFO one = global[2];
        one.Priority = 1;
        check(FaxSetGlobalRoutingInfo(server, &one), "FaxSetGlobalRoutingInfo (priority 1)");
        FaxFreeBuffer(global);
        check(FaxEnumGlobalRoutingInfo(server, &global, &count) && global[2].Priority == 1, "the priority round-trips");
    }
    FaxFreeBuffer(global);

    check(FaxClose(query) && FaxClose(modify), "FaxClose of both port handles");
    check(FaxOpenPort(server, id, PORT_OPEN_MODIFY, &modify) && FaxClose(modify),
          "the port may be opened for modifying again once closed");
    check(fails_with(FaxGetPort(query, &port), ERROR_INVALID_HANDLE), "a closed port handle: ERROR_INVALID_HANDLE");
}

static void configuration_story(HANDLE server)
{
    PFAX_CONFIGURATION config;
    PFAX_LOG_CATEGORY categories;
    DWORD count = 0, retries;

    check(FaxGetConfiguration(server, &config) && config->SizeOfStruct == sizeof(FAX_CONFIGURATION),
          "FaxGetConfiguration");
    retries = config->Retries;
    config->Retries = retries == 5 ? 6 : 5;
    check(FaxSetConfiguration(server, config), "FaxSetConfiguration (Retries)");
    DWORD wanted = config->Retries;
    config->SizeOfStruct--;
    check(fails_with(FaxSetConfiguration(server, config), ERROR_INVALID_PARAMETER),
          "FaxSetConfiguration with a wrong SizeOfStruct");
    FaxFreeBuffer(config);
    check(FaxGetConfiguration(server, &config) && config->Retries == wanted, "Retries round-trips through faxd");
    config->Retries = retries;
    check(FaxSetConfiguration(server, config), "Retries restored");
    FaxFreeBuffer(config);

    check(FaxGetLoggingCategories(server, &categories, &count) && count == 4 && categories[1].Category
          == FAXLOG_CATEGORY_OUTBOUND && categories[1].Name, "FaxGetLoggingCategories: the four categories");
    if (count == 4) {
        categories[1].Level = FAXLOG_LEVEL_MAX;
        check(FaxSetLoggingCategories(server, &categories[1], 1), "FaxSetLoggingCategories (outbound: max)");
    }
    FaxFreeBuffer(categories);
    check(FaxGetLoggingCategories(server, &categories, &count) && categories[1].Level == FAXLOG_LEVEL_MAX,
          "the level round-trips");
    FaxFreeBuffer(categories);
    check(FaxAccessCheck(server, FAX_JOB_SUBMIT | FAX_JOB_QUERY) && FaxAccessCheck(server, FAX_ALL_ACCESS),
          "FaxAccessCheck grants the fax rights");
    SetLastError(1234);
    check(!FaxAccessCheck(server, 0x100) && GetLastError() == ERROR_SUCCESS,
          "FaxAccessCheck of a right that does not exist: FALSE with ERROR_SUCCESS");
}

static void error_paths(HANDLE server)
{
    FAX_JOB_PARAM job = { sizeof(job) };
    FAX_COVERPAGE_INFO cover = { sizeof(cover) };
    PFAX_JOB_ENTRY entry;
    DWORD id, count;
    WCHAR missing[MAX_PATH];
    FAX_CONTEXT_INFO context = { sizeof(context) };
    FAX_PRINT_INFO print = { sizeof(print) };
    LPBYTE page;
    DWORD size, width, height;

    job.RecipientNumber = L"1002";
    swprintf(missing, MAX_PATH, L"%ls\\no-such-file.tif", fixtures);
    check(fails_with(FaxSendDocument(server, missing, &job, NULL, &id), ERROR_FILE_NOT_FOUND), "a missing document");
    check(fails_with(FaxSendDocument(server, junk_file, &job, NULL, &id), ERROR_INVALID_DATA),
          "a document of no known type: ERROR_INVALID_DATA");
    check(fails_with(FaxSendDocument(server, NULL, &job, NULL, &id), ERROR_INVALID_PARAMETER), "a NULL file name");
    check(fails_with(FaxSendDocument(server, tiff, NULL, NULL, &id), ERROR_INVALID_PARAMETER), "NULL JobParams");
    check(fails_with(FaxSendDocument(server, tiff, &job, NULL, NULL), ERROR_INVALID_PARAMETER), "a NULL FaxJobId");
    job.SizeOfStruct = sizeof(job) - 4;
    check(fails_with(FaxSendDocument(server, tiff, &job, NULL, &id), ERROR_INVALID_PARAMETER),
          "FAX_JOB_PARAM with a wrong SizeOfStruct");
    job.SizeOfStruct = sizeof(job);
    cover.SizeOfStruct = 7;
    check(fails_with(FaxSendDocument(server, tiff, &job, &cover, &id), ERROR_INVALID_PARAMETER),
          "FAX_COVERPAGE_INFO with a wrong SizeOfStruct");
    cover.SizeOfStruct = sizeof(cover);
    cover.CoverPageName = missing;
    check(fails_with(FaxSendDocument(server, tiff, &job, &cover, &id), ERROR_FILE_NOT_FOUND),
          "a cover page template that does not exist");
    job.RecipientNumber = NULL;
    check(fails_with(FaxSendDocument(server, tiff, &job, NULL, &id), ERROR_INVALID_PARAMETER), "no RecipientNumber");
    job.RecipientNumber = L"1002";
    job.CallHandle = 5;
    check(fails_with(FaxSendDocument(server, tiff, &job, NULL, &id), ERROR_INVALID_PARAMETER), "a TAPI CallHandle");
    check(fails_with(FaxSendDocumentForBroadcast(server, tiff, &id, NULL, NULL), ERROR_INVALID_PARAMETER),
          "broadcast without a callback");
    check(fails_with(FaxSetJob(server, 1, JC_UNKNOWN, NULL), ERROR_INVALID_PARAMETER), "FaxSetJob JC_UNKNOWN");
    check(fails_with(FaxSetJob(server, 999999, JC_PAUSE, NULL), ERROR_INVALID_PARAMETER), "FaxSetJob of no job");
    check(fails_with(FaxGetJob(server, 999999, &entry), ERROR_INVALID_PARAMETER), "FaxGetJob of no job");
    check(fails_with(FaxEnumJobs(server, NULL, &count), ERROR_INVALID_PARAMETER), "FaxEnumJobs with NULL");
    check(fails_with(FaxGetPageData(server, 999999, &page, &size, &width, &height), ERROR_INVALID_PARAMETER),
          "FaxGetPageData of no job");
    check(fails_with(FaxGetConfiguration(server, NULL), ERROR_INVALID_PARAMETER), "FaxGetConfiguration(NULL)");
    check(fails_with(FaxCompleteJobParams(NULL, NULL), ERROR_INVALID_PARAMETER), "FaxCompleteJobParams(NULL)");
    check(fails_with(FaxInitializeEventQueue(server, NULL, 0, NULL, 0), ERROR_INVALID_PARAMETER),
          "FaxInitializeEventQueue with no delivery mode");
    check(fails_with(FaxInitializeEventQueue(server, (HANDLE)1, 0, (HWND)1, WM_USER + 1), ERROR_INVALID_PARAMETER),
          "FaxInitializeEventQueue with both modes");
    check(fails_with(FaxInitializeEventQueue(server, NULL, 0, GetDesktopWindow(), WM_USER), ERROR_INVALID_PARAMETER),
          "FaxInitializeEventQueue with MessageStart not above WM_USER");

    /* what the issue leaves out says so */
    print.RecipientNumber = L"1002";
    check(fails_with(FaxStartPrintJob(NULL, &print, &id, &context), ERROR_NOT_SUPPORTED), "FaxStartPrintJob");
    check(fails_with(FaxPrintCoverPage(&context, &cover), ERROR_NOT_SUPPORTED), "FaxPrintCoverPage");
    check(fails_with(FaxRegisterServiceProviderW(L"p", L"f", L"i", L""), ERROR_NOT_SUPPORTED),
          "FaxRegisterServiceProviderW");
    check(fails_with(FaxUnregisterServiceProviderW(L"p"), ERROR_NOT_SUPPORTED), "FaxUnregisterServiceProviderW");
    check(fails_with(FaxRegisterRoutingExtensionW(server, L"e", L"f", L"i", NULL, NULL), ERROR_NOT_SUPPORTED),
          "FaxRegisterRoutingExtensionW");
}

static void handle_paths(const WCHAR *server_name)
{
    HANDLE server, port;
    PFAX_JOB_ENTRY entries;
    DWORD count;

    check(fails_with(FaxConnectFaxServer(server_name, NULL), ERROR_INVALID_PARAMETER), "connect with a NULL handle pointer");
    check(fails_with(FaxConnectFaxServer(L"127.0.0.1:1", &server), RPC_S_SERVER_UNAVAILABLE),
          "connect to a port nobody listens on: RPC_S_SERVER_UNAVAILABLE");
    check(fails_with(FaxClose(NULL), ERROR_INVALID_HANDLE), "FaxClose(NULL)");
    check(fails_with(FaxEnumJobs(NULL, &entries, &count), ERROR_INVALID_HANDLE), "FaxEnumJobs(NULL handle)");
    check(fails_with(FaxEnumJobs(GetCurrentProcess(), &entries, &count), ERROR_INVALID_HANDLE),
          "a foreign handle (the process pseudo-handle)");
    check(fails_with(FaxEnumJobs((HANDLE)&count, &entries, &count), ERROR_INVALID_HANDLE), "a stray pointer as handle");
    check(FaxConnectFaxServer(server_name, &server), "connect by name");
    check(FaxOpenPort(server, 1, PORT_OPEN_QUERY, &port), "open a port");
    check(fails_with(FaxEnumJobs(port, &entries, &count), ERROR_INVALID_HANDLE), "a port handle where a server's belongs");
    check(FaxClose(server), "FaxClose of the server");
    check(fails_with(FaxEnumJobs(server, &entries, &count), ERROR_INVALID_HANDLE), "the closed server handle");
    check(fails_with(FaxClose(server), ERROR_INVALID_HANDLE), "FaxClose twice");
    PFAX_PORT_INFO info;
    check(FaxGetPort(port, &info), "a port handle still works after its server handle was closed");
    FaxFreeBuffer(info);
    check(FaxClose(port), "FaxClose of that port");
    FaxFreeBuffer(NULL);   /* tolerated */
}

int main(int argc, char **argv)
{
    WCHAR server_name[100], hold_name[100];
    HANDLE server, hold, completion;
    HWND window;

    if (argc < 4) {
        printf("usage: winfax_client FIXTURES SERVER HOLDING-SERVER\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, server_name, ARRAYSIZE(server_name));
    MultiByteToWideChar(CP_ACP, 0, argv[3], -1, hold_name, ARRAYSIZE(hold_name));
    swprintf(tiff, MAX_PATH, L"%ls\\plain.tif", fixtures);
    GetTempPathW(MAX_PATH, text_file);
    wcscpy(junk_file, text_file);
    wcscat(text_file, L"winfax-letter.txt");
    wcscat(junk_file, L"winfax-junk.bin");
    static const char letter[] = "Dear reader,\r\n\r\nthe figures follow.\r\n";
    write_file(text_file, letter, sizeof(letter) - 1);
    write_file(junk_file, "\x00\x01\x02\x03\xff\xfe", 6);

    /* the local service is what FAXCOM_SERVER names, as for faxcom.dll's Connect "": the holding faxd */
    SetEnvironmentVariableW(L"FAXCOM_SERVER", hold_name);
    SetEnvironmentVariableW(L"FAXCOM_SENDER_NAME", L"Winfax Tester");
    SetEnvironmentVariableW(L"FAXCOM_SENDER_COMPANY", L"Tests Ltd");
    check(FaxConnectFaxServer(NULL, &hold), "FaxConnectFaxServer(NULL): the local service");
    check(FaxConnectFaxServer(server_name, &server), "FaxConnectFaxServer(\"127.0.0.1:port\")");

    completion = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    check(FaxInitializeEventQueue(hold, completion, 77, NULL, 0), "FaxInitializeEventQueue (completion port)");
    check(port_event(completion, 77, FEI_FAXSVC_STARTED, 0), "completion port: FEI_FAXSVC_STARTED");

    WNDCLASSW klass = { .lpfnWndProc = window_proc, .lpszClassName = L"winfax_test" };
    RegisterClassW(&klass);
    window = CreateWindowW(L"winfax_test", L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    window_base = WM_USER + 100;
    check(FaxInitializeEventQueue(hold, NULL, 0, window, window_base), "FaxInitializeEventQueue (window messages)");
    check(window_event(FEI_FAXSVC_STARTED), "window: MessageStart + FEI_FAXSVC_STARTED");

    queue_story(hold, completion);
    check(window_event(FEI_JOB_QUEUED) && window_event(FEI_DELETED), "window: FEI_JOB_QUEUED and FEI_DELETED arrived");
    check(FaxInitializeEventQueue(hold, NULL, 1, window, window_base), "CompletionKey 1 releases the window's queue");
    send_story(server);
    ports_story(server);
    configuration_story(server);
    error_paths(server);

    /* the event queue outlives FaxClose: a job sent on another connection still shows up */
    check(FaxClose(hold) && FaxClose(server), "FaxClose");
    HANDLE second;
    DWORD id = 0;
    check(FaxConnectFaxServer(hold_name, &second), "a second connection");
    id = send_plain(second, tiff, L"1002", L"After Close");
    check(port_event(completion, 77, FEI_JOB_QUEUED, id), "events keep arriving after FaxClose of the queue's handle");
    FaxClose(second);

    handle_paths(server_name);
    DeleteFileW(text_file);
    DeleteFileW(junk_file);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
