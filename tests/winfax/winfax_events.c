/*
 * winfax_events.exe FIXTURES SERVER HOLD: FaxInitializeEventQueue's events as an application sees them,
 * against the sending faxd (line 1001 sends to 1002, which receives) and the holding one (its lines do not
 * send). Both delivery modes watch one job's whole life in order with the DeviceId of the line that sent
 * it, and the reception on the other line; a job queued and aborted at once (gone long before a poll would
 * have looked) shows all of its events; a number no line has is FEI_BAD_ADDRESS; a line taken down and up;
 * a released window gets nothing more. Given a third faxd whose line "sipF" is SIP (max-dials 1), a job to a
 * far end that answers 486 is FEI_BUSY and one to a far end that rings forever FEI_NO_ANSWER, each with the job
 * id and the SIP line's DeviceId.
 * Prints "N passed, M failed".
 */
#define UNICODE
#define _UNICODE
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "winfax.h"
#include "check.h"

#define HANG_GUARD_MS 240000   /* generous: the harness machine is shared; the waits poll, never time */
#define ANY 0xfffffffeu
#define NO_JOB 0xffffffffu
#define SERVER_KEY 1
#define HOLD_KEY 2
#define SIP_KEY 3

struct logged {
    DWORD id, device, job;
};
struct event_log {
    struct logged events[1024];
    size_t count;
};
static struct event_log server_log, hold_log, window_log, sip_log;
static HANDLE completion;
static UINT window_base = WM_USER + 200;

static void append(struct event_log *log, DWORD id, DWORD device, DWORD job)
{
    if (log->count < ARRAYSIZE(log->events))
        log->events[log->count++] = (struct logged){ id, device, job };
}

static BOOL matches(const struct logged *e, DWORD id, DWORD device, DWORD job)
{
    return e->id == id && (device == ANY || e->device == device) && (job == ANY || e->job == job);
}

/* The first index of the event in the log, or -1. */
static int position(const struct event_log *log, DWORD id, DWORD device, DWORD job)
{
    for (size_t i = 0; i < log->count; i++)
        if (matches(&log->events[i], id, device, job))
            return (int)i;
    return -1;
}

/* Moves what the completion port holds into the logs (by key), and the window's messages into its log. */
static void collect(DWORD wait_ms)
{
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *overlapped;
    MSG message;

    while (GetQueuedCompletionStatus(completion, &bytes, &key, &overlapped, wait_ms)) {
        FAX_EVENT *event = (FAX_EVENT *)overlapped;
        if (event->SizeOfStruct == sizeof(FAX_EVENT) && bytes == sizeof(FAX_EVENT))
            append(key == SERVER_KEY ? &server_log : key == SIP_KEY ? &sip_log : &hold_log, event->EventId,
                   event->DeviceId, event->JobId);
        LocalFree(event);
        wait_ms = 0;
    }
    while (PeekMessageW(&message, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&message);
}

static BOOL wait_for(const struct event_log *log, DWORD id, DWORD device, DWORD job)
{
    DWORD start = GetTickCount();

    while (position(log, id, device, job) < 0 && GetTickCount() - start < HANG_GUARD_MS)
        collect(100);
    return position(log, id, device, job) >= 0;
}

static LRESULT CALLBACK window_proc(HWND window, UINT message, WPARAM wparam, LPARAM lparam)
{
    if (message >= window_base && message <= window_base + FEI_NEVENTS) {
        append(&window_log, message - window_base, (DWORD)wparam, (DWORD)lparam);
        return 0;
    }
    return DefWindowProcW(window, message, wparam, lparam);
}

static BOOL fails_with(BOOL result, DWORD code)
{
    return !result && GetLastError() == code;
}

static DWORD send_tiff(HANDLE server, const WCHAR *tiff)
{
    FAX_JOB_PARAM job = { sizeof(job) };
    DWORD id = 0;

    job.RecipientNumber = L"1002";
    job.RecipientName = L"Event Watcher";
    job.ScheduleAction = JSA_NOW;
    check(FaxSendDocument(server, tiff, &job, NULL, &id) && id > 0, "FaxSendDocument gave a job id");
    return id;
}

static DWORD device_of(HANDLE server, const WCHAR *name)
{
    PFAX_PORT_INFO ports;
    DWORD count = 0, id = 0;

    if (!FaxEnumPorts(server, &ports, &count))
        return 0;
    for (DWORD i = 0; i < count; i++)
        if (ports[i].DeviceName && !wcscmp(ports[i].DeviceName, name))
            id = ports[i].DeviceId;
    FaxFreeBuffer(ports);
    return id;
}

/* One job sent from 1001 to 1002: its events in order on the sending line, the reception's on the other. */
static void check_life(const struct event_log *log, const char *mode, DWORD job, DWORD sender, DWORD receiver)
{
    int queued = position(log, FEI_JOB_QUEUED, ANY, job), dialing = position(log, FEI_DIALING, sender, job),
        sending = position(log, FEI_SENDING, sender, job), completed = position(log, FEI_COMPLETED, sender, job),
        deleted = position(log, FEI_DELETED, ANY, job);
    int ringing = position(log, FEI_RINGING, receiver, NO_JOB), answered = position(log, FEI_ANSWERED, receiver, NO_JOB),
        receiving = position(log, FEI_RECEIVING, receiver, NO_JOB),
        received = position(log, FEI_COMPLETED, receiver, NO_JOB), routing = position(log, FEI_ROUTING, receiver, NO_JOB);

    check(queued >= 0 && dialing > queued && sending > dialing && completed > sending && deleted > completed,
          "%s: JOB_QUEUED, DIALING, SENDING, COMPLETED, DELETED in order, on device %lu (%d %d %d %d %d)", mode,
          sender, queued, dialing, sending, completed, deleted);
    check(ringing > dialing && answered > ringing && receiving > answered && received > receiving && routing >= 0,
          "%s: RINGING, ANSWERED, RECEIVING, COMPLETED and ROUTING on the receiving device %lu (%d %d %d %d %d)",
          mode, receiver, ringing, answered, receiving, received, routing);
    check(position(log, FEI_FATAL_ERROR, ANY, job) < 0 && position(log, FEI_ABORTING, ANY, job) < 0,
          "%s: no failure or abort for the job that was sent", mode);
}

static void life_story(HANDLE server, HWND window, const WCHAR *tiff)
{
    DWORD sender = device_of(server, L"loop1001"), receiver = device_of(server, L"loop1002");
    DWORD job;

    check(sender && receiver && sender != receiver, "the two lines' device ids (%lu, %lu)", sender, receiver);
    job = send_tiff(server, tiff);
    check(wait_for(&server_log, FEI_DELETED, ANY, job) && wait_for(&server_log, FEI_ROUTING, receiver, NO_JOB),
          "completion port: the job left the queue and the fax was routed");
    check_life(&server_log, "completion port", job, sender, receiver);
    check(wait_for(&window_log, FEI_DELETED, ANY, job) && wait_for(&window_log, FEI_ROUTING, receiver, NO_JOB),
          "window: the job left the queue and the fax was routed");
    check_life(&window_log, "window", job, sender, receiver);

    /* a number no line has fails at once: the failure's cause, then the job goes */
    FAX_JOB_PARAM bad = { sizeof(bad) };
    DWORD failed_job = 0;
    bad.RecipientNumber = L"1009";
    bad.ScheduleAction = JSA_NOW;
    check(FaxSendDocument(server, tiff, &bad, NULL, &failed_job) && failed_job, "FaxSendDocument to 1009");
    check(wait_for(&server_log, FEI_DELETED, ANY, failed_job), "the job to 1009 left the queue");
    int cause = position(&server_log, FEI_BAD_ADDRESS, ANY, failed_job);
    check(cause >= 0 && cause < position(&server_log, FEI_DELETED, ANY, failed_job)
              && position(&server_log, FEI_COMPLETED, ANY, failed_job) < 0,
          "FEI_BAD_ADDRESS (faxd: no line has the number) before FEI_DELETED, and no FEI_COMPLETED (%d)", cause);

    /* releasing the window ends its delivery: the next job is seen on the completion port only */
    check(FaxInitializeEventQueue(server, NULL, 1, window, window_base), "CompletionKey 1 releases the window's queue");
    size_t before = window_log.count;
    job = send_tiff(server, tiff);
    check(wait_for(&server_log, FEI_DELETED, ANY, job), "completion port: the second job left the queue");
    collect(500);
    size_t about_job = 0;   /* the earlier jobs' last messages may still be on their way */
    for (size_t i = before; i < window_log.count; i++)
        about_job += window_log.events[i].job == job;
    check(about_job == 0, "the released window got no message about the next job (%zu)", about_job);
}

/* On the holding faxd: a job that comes and goes at once, and a line taken down and brought back. */
static void hold_story(HANDLE hold, const WCHAR *tiff)
{
    DWORD job = send_tiff(hold, tiff), line = device_of(hold, L"loop1001");
    HANDLE modify;
    PFAX_PORT_INFO port;

    check(FaxAbort(hold, job), "FaxAbort right after FaxSendDocument");
    check(wait_for(&hold_log, FEI_DELETED, ANY, job), "the aborted job's FEI_DELETED arrived");
    int queued = position(&hold_log, FEI_JOB_QUEUED, 0, job), aborting = position(&hold_log, FEI_ABORTING, 0, job),
        deleted = position(&hold_log, FEI_DELETED, 0, job);
    check(queued >= 0 && aborting > queued && deleted > aborting,
          "a job gone within milliseconds: JOB_QUEUED, ABORTING, DELETED in order (%d %d %d)", queued, aborting, deleted);
    check(position(&hold_log, FEI_FATAL_ERROR, ANY, job) < 0, "an aborted job is no FEI_FATAL_ERROR");

    check(line && FaxOpenPort(hold, line, PORT_OPEN_MODIFY, &modify), "FaxOpenPort PORT_OPEN_MODIFY of loop1001");
    if (!line || !FaxGetPort(modify, &port))
        return;
    FAX_PORT_INFO change = *port;
    DWORD flags = port->Flags;
    change.Flags = 0;
    check(FaxSetPort(modify, &change), "FaxSetPort: neither send nor receive");
    check(wait_for(&hold_log, FEI_MODEM_POWERED_OFF, line, NO_JOB), "FEI_MODEM_POWERED_OFF on device %lu", line);
    size_t down = hold_log.count;
    change.Flags = flags;
    check(FaxSetPort(modify, &change), "FaxSetPort: its directions back");
    check(wait_for(&hold_log, FEI_IDLE, line, NO_JOB), "FEI_IDLE on device %lu", line);
    check(position(&hold_log, FEI_MODEM_POWERED_ON, line, NO_JOB) >= (int)down
          && position(&hold_log, FEI_MODEM_POWERED_ON, line, NO_JOB) < position(&hold_log, FEI_IDLE, line, NO_JOB),
          "FEI_MODEM_POWERED_ON then FEI_IDLE once it is back");
    FaxFreeBuffer(port);
    FaxClose(modify);
}

/* A job to a number that fails through faxd's SIP line "sipF", tried once (the harness sets max-dials 1). */
static void failure(HANDLE sip, const WCHAR *tiff, const WCHAR *number, DWORD expected, const char *what)
{
    FAX_JOB_PARAM job = { sizeof(job) };
    DWORD id = 0, line = device_of(sip, L"sipF");

    job.RecipientNumber = number;
    job.ScheduleAction = JSA_NOW;
    check(line > 0, "%s: the SIP line's device id (%lu)", what, line);
    check(FaxSendDocument(sip, tiff, &job, NULL, &id) && id, "%s: FaxSendDocument to %ls", what, number);
    check(wait_for(&sip_log, FEI_DELETED, ANY, id), "%s: job %lu left the queue", what, id);
    int dialing = position(&sip_log, FEI_DIALING, line, id), cause = position(&sip_log, expected, line, id);
    check(dialing >= 0 && cause > dialing && cause < position(&sip_log, FEI_DELETED, ANY, id),
          "%s: FEI_DIALING, then FEI %lu with job %lu on device %lu, before FEI_DELETED (%d %d)", what, expected, id,
          line, dialing, cause);
    check(position(&sip_log, FEI_COMPLETED, ANY, id) < 0 && position(&sip_log, FEI_FATAL_ERROR, ANY, id) < 0,
          "%s: neither FEI_COMPLETED nor a bare FEI_FATAL_ERROR", what);
}

/* winfax.dll's queue against a faxd whose one line is SIP: a busy far end and one that never answers. */
static void failure_story(const WCHAR *name, const WCHAR *tiff, const WCHAR *busy, const WCHAR *silent)
{
    HANDLE sip = NULL;

    check(FaxConnectFaxServer(name, &sip), "FaxConnectFaxServer(%ls), the faxd with a SIP line", name);
    if (!sip)
        return;
    check(FaxInitializeEventQueue(sip, completion, SIP_KEY, NULL, 0) && wait_for(&sip_log, FEI_FAXSVC_STARTED, 0, NO_JOB),
          "its event queue started");
    failure(sip, tiff, busy, FEI_BUSY, "busy (486)");
    if (silent[0])
        failure(sip, tiff, silent, FEI_NO_ANSWER, "no answer (rings until answer-timeout)");
    else
        printf("SKIP no answer: no ringing peer (sipp is not installed)\n");
    FaxClose(sip);
}

int main(int argc, char **argv)
{
    WCHAR fixtures[MAX_PATH], tiff[MAX_PATH], server_name[300], hold_name[300];
    HANDLE server = NULL, hold = NULL;

    if (argc < 4) {
        printf("usage: winfax_events FIXTURES SERVER HOLDING-SERVER [SIP-SERVER BUSY-NUMBER NO-ANSWER-NUMBER]\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, server_name, ARRAYSIZE(server_name));
    MultiByteToWideChar(CP_ACP, 0, argv[3], -1, hold_name, ARRAYSIZE(hold_name));
    swprintf(tiff, MAX_PATH, L"%ls\\plain.tif", fixtures);
    check(FaxConnectFaxServer(server_name, &server) && FaxConnectFaxServer(hold_name, &hold),
          "FaxConnectFaxServer, twice");

    completion = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    WNDCLASSW klass = { .lpfnWndProc = window_proc, .lpszClassName = L"winfax_events" };
    RegisterClassW(&klass);
    HWND window = CreateWindowW(L"winfax_events", L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    check(FaxInitializeEventQueue(server, completion, SERVER_KEY, NULL, 0)
          && FaxInitializeEventQueue(hold, completion, HOLD_KEY, NULL, 0)
          && FaxInitializeEventQueue(server, NULL, 0, window, window_base), "three event queues");
    check(wait_for(&server_log, FEI_FAXSVC_STARTED, 0, NO_JOB) && wait_for(&hold_log, FEI_FAXSVC_STARTED, 0, NO_JOB)
          && wait_for(&window_log, FEI_FAXSVC_STARTED, 0, NO_JOB), "FEI_FAXSVC_STARTED on each, no device, no job");

    hold_story(hold, tiff);
    life_story(server, window, tiff);
    if (argc >= 7) {
        WCHAR sip_name[300], busy[128], silent[128];
        MultiByteToWideChar(CP_ACP, 0, argv[4], -1, sip_name, ARRAYSIZE(sip_name));
        MultiByteToWideChar(CP_ACP, 0, argv[5], -1, busy, ARRAYSIZE(busy));
        MultiByteToWideChar(CP_ACP, 0, argv[6], -1, silent, ARRAYSIZE(silent));
        failure_story(sip_name, tiff, busy, silent);
    } else {
        printf("SKIP busy and no answer: no SIP server given\n");
    }
    check(fails_with(FaxInitializeEventQueue(server, NULL, 0, window, WM_USER), ERROR_INVALID_PARAMETER),
          "MessageStart not above WM_USER is still refused");
    FaxClose(server);
    FaxClose(hold);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
