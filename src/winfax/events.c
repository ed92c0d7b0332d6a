/*
 * FaxInitializeEventQueue (spec 8): a thread per queue, with its own session and its own copy of the
 * connection parameters, so the queue outlives FaxClose of the server handle (8.3). The thread runs
 * SITE TRIGGER J*S*R*M* (docs/faxd.md "Events") and hands each event line to hfx_fei.c, which says which
 * FEI_* ids it means, for which job and line (docs/winfax.md "Events" has the table); a failed attempt's
 * cause comes from the job's STATUS. FEI_FAXSVC_STARTED once the trigger runs, FEI_FAXSVC_ENDED when the
 * server ends it (then the queue stops). Delivery: a LocalAlloc'd FAX_EVENT posted to the completion port
 * as its OVERLAPPED (the client LocalFrees it), or PostMessage(hWnd, MessageStart + EventId, DeviceId, JobId).
 */
#include "winfax_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_events.h"
#include "hfx_fei.h"
#include "hfx_listings.h"

#define READ_WAIT_MS 200   /* how soon the thread notices that its queue was stopped */

/* hfx_fei's numbers are the FEI_* ids themselves */
_Static_assert(HFX_FEI_DIALING == FEI_DIALING && HFX_FEI_FAXSVC_STARTED == FEI_FAXSVC_STARTED
               && HFX_FEI_JOB_QUEUED == FEI_JOB_QUEUED && HFX_FEI_MODEM_POWERED_ON == FEI_MODEM_POWERED_ON
               && HFX_FEI_ROUTING == FEI_ROUTING && HFX_FEI_ANSWERED == FEI_ANSWERED && HFX_FEI_DELETED == FEI_DELETED
               && HFX_FEI_RINGING == FEI_RINGING && HFX_FEI_FATAL_ERROR == FEI_FATAL_ERROR, "FEI_* ids");

struct event_queue;
static void queue_free(struct event_queue *queue);

struct event_queue {
    char host[256];
    int port;
    bool faxd;
    HANDLE completion_port;
    ULONG_PTR key;
    HWND window;
    UINT message_start;
    HANDLE stop;
    struct event_queue *next;
};

/* The window-message queues, for their release (CompletionKey 1, spec 8.2). */
static struct event_queue *window_queues;
static SRWLOCK queues_lock = SRWLOCK_INIT;

static void deliver(struct event_queue *queue, DWORD event_id, DWORD device_id, DWORD job_id)
{
    if (queue->window) {
        /* released (CompletionKey 1): the window gets nothing more, though the thread may not have seen it yet */
        if (WaitForSingleObject(queue->stop, 0) == WAIT_OBJECT_0)
            return;
        PostMessageW(queue->window, queue->message_start + event_id, device_id, job_id);
        return;
    }
    FAX_EVENTW *event = LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, sizeof(*event));
    if (!event)
        return;
    event->SizeOfStruct = sizeof(*event);
    GetSystemTimeAsFileTime(&event->TimeStamp);
    event->DeviceId = device_id;
    event->EventId = event_id;
    event->JobId = job_id;
    if (!PostQueuedCompletionStatus(queue->completion_port, sizeof(*event), queue->key, (OVERLAPPED *)event))
        LocalFree(event);
}

/* The lines' names and device ids, read once, so the trigger's MODEM names become DeviceIds. */
static struct hfx_fei_line *read_lines(struct event_queue *queue, struct hfx_client *client, size_t *count)
{
    struct hfx_port_row *rows = NULL;
    struct hfx_fei_line *lines;

    *count = 0;
    if (hfx_fetch_ports(client, queue->faxd ? HFX_PORTS_FAXD : HFX_PORTS_HYLAFAX, &rows, count, NULL) != HFX_OK)
        return NULL;
    if (!(lines = hfx_fei_lines_new(rows, *count)))
        *count = 0;
    free(rows);
    return lines;
}

struct listener {
    struct event_queue *queue;
    struct hfx_client *client;
    struct hfx_fei_map map;
};

/* A failed attempt or a dead job: its STATUS says busy, no answer...; a job already reaped keeps the
 * fallback. The control connection answers while the trigger runs. */
static enum hfx_fei failure_cause(struct listener *listener, const struct hfx_fei_notice *notice)
{
    static const char *const names[] = { "STATUS" };
    char *status = NULL;
    enum hfx_fei id;

    if (hfx_fetch_job_params(listener->client, (long)notice->job_id, names, 1, &status, NULL) != HFX_OK)
        return notice->id;
    id = hfx_fei_from_status(status, notice->id);
    free(status);
    return id;
}

static void on_event(void *context, const struct hfx_event *event)
{
    struct listener *listener = context;
    struct hfx_fei_notice notices[HFX_FEI_MAX_NOTICES];
    size_t count = hfx_fei_map_event(&listener->map, event, notices);

    /* a released queue delivers nothing more, even what arrived in the read that was under way */
    if (WaitForSingleObject(listener->queue->stop, 0) != WAIT_TIMEOUT)
        return;
    for (size_t i = 0; i < count; i++)
        deliver(listener->queue, notices[i].wants_status ? failure_cause(listener, &notices[i]) : notices[i].id,
                (DWORD)notices[i].device_id, (DWORD)notices[i].job_id);
}

/* Reads the trigger until the queue is stopped (TRUE) or the server goes away (FALSE). */
static BOOL listen_events(struct listener *listener, netio_socket data)
{
    struct hfx_event_reader reader = { 0 };
    char bytes[4096];

    while (WaitForSingleObject(listener->queue->stop, 0) == WAIT_TIMEOUT) {
        size_t received = 0;
        enum netio_status status = netio_receive(data, bytes, sizeof(bytes), &received, READ_WAIT_MS);
        if (status == NETIO_ERR_TIMEOUT)
            continue;
        if (status != NETIO_OK || !received)
            return FALSE;   /* faxd or hfaxd ended the trigger: shut down, or dropped us as too slow */
        hfx_event_reader_feed(&reader, bytes, received, on_event, listener);
    }
    return TRUE;
}

static DWORD WINAPI queue_thread(void *parameter)
{
    struct event_queue *queue = parameter;
    struct listener listener = { .queue = queue };
    struct hfx_fei_line *lines = NULL;
    size_t line_count = 0;
    netio_socket data = NETIO_INVALID;
    BOOL stopped = FALSE;

    /* the trigger runs before FEI_FAXSVC_STARTED, so every job queued after it is an event */
    if (server_open_session(queue->host, queue->port, &listener.client, NULL)) {
        lines = read_lines(queue, listener.client, &line_count);
        hfx_fei_map_init(&listener.map, lines, line_count);
        if (hfx_trigger_open(listener.client, "J*S*R*M*", &data, NULL) == HFX_OK) {
            deliver(queue, FEI_FAXSVC_STARTED, 0, HFX_FEI_NO_JOB);
            stopped = listen_events(&listener, data);
        }
    }
    if (!stopped)
        deliver(queue, FEI_FAXSVC_ENDED, 0, HFX_FEI_NO_JOB);
    netio_close(data);   /* closing the data connection ends the trigger, on faxd and on hfaxd */
    hfx_close(listener.client);
    free(lines);
    queue_free(queue);
    return 0;
}

static void queue_free(struct event_queue *queue)
{
    if (queue->window) {
        AcquireSRWLockExclusive(&queues_lock);
        for (struct event_queue **at = &window_queues; *at; at = &(*at)->next)
            if (*at == queue) {
                *at = queue->next;
                break;
            }
        ReleaseSRWLockExclusive(&queues_lock);
    }
    CloseHandle(queue->stop);
    free(queue);
}

/* The module stays loaded while a queue thread runs in it. */
static DWORD WINAPI module_thread(void *parameter)
{
    HMODULE module;   /* FaxInitializeEventQueue took the reference this thread drops */

    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (const WCHAR *)queue_thread, &module);
    FreeLibraryAndExitThread(module, queue_thread(parameter));
}

/* CompletionKey 1 with a registered window: that window's queue stops. */
static BOOL release_window(HWND window)
{
    BOOL found = FALSE;

    AcquireSRWLockShared(&queues_lock);
    for (struct event_queue *queue = window_queues; queue; queue = queue->next)
        if (queue->window == window) {
            SetEvent(queue->stop);
            found = TRUE;
        }
    ReleaseSRWLockShared(&queues_lock);
    return found;
}

BOOL WINAPI FaxInitializeEventQueue(HANDLE FaxHandle, HANDLE CompletionPort, ULONG_PTR CompletionKey, HWND hWnd,
                                    UINT MessageStart)
{
    struct winfax_server *server = handle_get(FaxHandle, WINFAX_SERVER, NULL);
    struct event_queue *queue;
    HANDLE thread;
    HMODULE module;

    if (!server)
        return FALSE;
    if (hWnd && !CompletionPort && CompletionKey == 1 && release_window(hWnd)) {
        server_release(server);
        return TRUE;
    }
    /* exactly one mode: a completion port, or a window with messages above WM_USER */
    if ((CompletionPort && hWnd) || (!CompletionPort && !hWnd) || (hWnd && MessageStart <= WM_USER)) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    if (!(queue = calloc(1, sizeof(*queue))) || !(queue->stop = CreateEventW(NULL, TRUE, FALSE, NULL))) {
        free(queue);
        server_release(server);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    memcpy(queue->host, server->host, sizeof(queue->host));
    queue->port = server->port;
    queue->faxd = server->faxd;
    server_release(server);
    queue->completion_port = CompletionPort;
    queue->key = CompletionKey;
    queue->window = hWnd;
    queue->message_start = MessageStart;
    if (hWnd) {
        AcquireSRWLockExclusive(&queues_lock);
        queue->next = window_queues;
        window_queues = queue;
        ReleaseSRWLockExclusive(&queues_lock);
    }
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)queue_thread, &module);
    if (!(thread = CreateThread(NULL, 0, module_thread, queue, 0, NULL))) {
        DWORD code = GetLastError();
        FreeLibrary(module);
        queue_free(queue);
        return fail(code);
    }
    CloseHandle(thread);
    return TRUE;
}
