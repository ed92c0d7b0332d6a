/*
 * FaxInitializeEventQueue (spec 8): a thread per queue, with its own session and its own copy of the
 * connection parameters, so the queue outlives FaxClose of the server handle (8.3). Until the protocol
 * client can hold SITE TRIGGER's data connection open (docs/winfax.md says what then replaces poll_once),
 * the thread polls the send queue and the ports once a second and turns what changed into FEI_* events:
 *   session opened            FEI_FAXSVC_STARTED          session lost      FEI_FAXSVC_ENDED (then stops)
 *   new job                   FEI_JOB_QUEUED              job dialing       FEI_DIALING
 *   job sending (new page)    FEI_SENDING                 job gone          FEI_COMPLETED if it was sending,
 *                                                                           then FEI_DELETED
 *   port receiving            FEI_RECEIVING               port idle again   FEI_IDLE
 * Delivery: a LocalAlloc'd FAX_EVENT posted to the completion port as its OVERLAPPED (the client
 * LocalFrees it), or PostMessage(hWnd, MessageStart + EventId, DeviceId, JobId).
 */
#include "winfax_private.h"

#include <stdlib.h>
#include <string.h>

#include "hfx_listings.h"

#define POLL_MS 1000
#define NO_JOB 0xffffffffu

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

/* What the previous poll saw of a job or a port. */
struct seen {
    long id;
    char state;          /* the job's state letter; for a port: 'R' receiving, 'I' otherwise */
    bool dialing;
    long pages_sent;
};

static const struct seen *find_seen(const struct seen *seen, size_t count, long id)
{
    for (size_t i = 0; i < count; i++)
        if (seen[i].id == id)
            return &seen[i];
    return NULL;
}

/* One poll: the events between the last snapshot and this one. FALSE when the session failed. */
static BOOL poll_once(struct event_queue *queue, struct hfx_client *client, struct seen **jobs, size_t *job_count,
                      struct seen **ports, size_t *port_count, bool first)
{
    struct hfx_job_row *rows;
    struct hfx_port_row *port_rows;
    size_t count, ports_listed;
    struct seen *now;

    if (hfx_fetch_jobs(client, &rows, &count, NULL) != HFX_OK)
        return FALSE;
    if (!(now = calloc(count + 1, sizeof(*now)))) {
        hfx_job_rows_free(rows, count);
        return TRUE;
    }
    for (size_t i = 0; i < count; i++) {
        const struct seen *before = find_seen(*jobs, *job_count, rows[i].id);
        now[i] = (struct seen){ rows[i].id, rows[i].field[HFX_JOB_STATE][0],
                                strstr(rows[i].field[HFX_JOB_STATUS], "Dialing") != NULL, rows[i].pages_sent };
        if (!before && !first)
            deliver(queue, FEI_JOB_QUEUED, 0, (DWORD)now[i].id);
        if (now[i].state == 'R' && now[i].dialing && (!before || before->state != 'R' || !before->dialing))
            deliver(queue, FEI_DIALING, 0, (DWORD)now[i].id);
        if (now[i].state == 'R' && !now[i].dialing
            && (!before || before->state != 'R' || before->dialing || before->pages_sent != now[i].pages_sent))
            deliver(queue, FEI_SENDING, 0, (DWORD)now[i].id);
    }
    for (size_t i = 0; i < *job_count; i++)
        if (!find_seen(now, count, (*jobs)[i].id)) {
            if ((*jobs)[i].state == 'R')
                deliver(queue, FEI_COMPLETED, 0, (DWORD)(*jobs)[i].id);
            deliver(queue, FEI_DELETED, 0, (DWORD)(*jobs)[i].id);
        }
    hfx_job_rows_free(rows, count);
    free(*jobs);
    *jobs = now;
    *job_count = count;

    if (hfx_fetch_ports(client, queue->faxd ? HFX_PORTS_FAXD : HFX_PORTS_HYLAFAX, &port_rows, &ports_listed, NULL)
        != HFX_OK)
        return FALSE;
    if (!(now = calloc(ports_listed + 1, sizeof(*now)))) {
        free(port_rows);
        return TRUE;
    }
    for (size_t i = 0; i < ports_listed; i++) {
        const struct seen *before = find_seen(*ports, *port_count, port_rows[i].device_id);
        now[i] = (struct seen){ .id = port_rows[i].device_id,
                                .state = port_state(port_rows[i].state) == FPS_RECEIVING ? 'R' : 'I' };
        if (now[i].state == 'R' && (!before || before->state != 'R'))
            deliver(queue, FEI_RECEIVING, (DWORD)now[i].id, NO_JOB);
        if (now[i].state == 'I' && before && before->state == 'R')
            deliver(queue, FEI_IDLE, (DWORD)now[i].id, NO_JOB);
    }
    free(port_rows);
    free(*ports);
    *ports = now;
    *port_count = ports_listed;
    return TRUE;
}

static DWORD WINAPI queue_thread(void *parameter)
{
    struct event_queue *queue = parameter;
    struct hfx_client *client = NULL;
    struct seen *jobs = NULL, *ports = NULL;
    size_t job_count = 0, port_count = 0;
    bool first = true;

    /* the first snapshot comes before FEI_FAXSVC_STARTED, so every job queued after it is an event */
    if (server_open_session(queue->host, queue->port, &client, NULL)
        && poll_once(queue, client, &jobs, &job_count, &ports, &port_count, true)) {
        deliver(queue, FEI_FAXSVC_STARTED, 0, NO_JOB);
        first = false;
        while (WaitForSingleObject(queue->stop, POLL_MS) == WAIT_TIMEOUT) {
            if (!queue->faxd) {   /* hfaxd shows a session its own stale copy of jobs */
                hfx_close(client);
                if (!server_open_session(queue->host, queue->port, &client, NULL))
                    client = NULL;
            }
            if (!client || !poll_once(queue, client, &jobs, &job_count, &ports, &port_count, first)) {
                deliver(queue, FEI_FAXSVC_ENDED, 0, NO_JOB);
                break;
            }
        }
    } else {
        deliver(queue, FEI_FAXSVC_ENDED, 0, NO_JOB);
    }
    hfx_close(client);
    free(jobs);
    free(ports);
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
