/*
 * ListenToServerEvents (spec 1.3, 5, 7.5): a second session with the server runs SITE TRIGGER (HylaFAX's
 * event mechanism, docs/faxd.md "Events"), opened on the caller's thread so that a refusal is the caller's
 * HRESULT. A reader thread decodes the event lines (hfx_events.c), turns them into IFaxServerNotify calls
 * and queues them; a message posted to a message-only window on the FaxServer's thread brings them to the
 * sinks there, in order, as apartment rules require. Scripts whose host pumps no messages get them at the
 * start of their next call into the FaxServer (fax_listener_deliver). docs/fxscomex.md has the mapping.
 * A FaxAccount's ListenToAccountEvents runs a listener of its own, the same mapping with the account as the
 * sinks' first argument and only the outgoing jobs whose OWNER is the account's user.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "com_session.h"
#include "com_trace.h"
#include "hfx_client.h"
#include "hfx_events.h"
#include "hfx_fei.h"
#include "hfx_listings.h"

#define WM_FAX_EVENTS (WM_APP + 1)
#define READ_WAIT_MS 200          /* how soon the reader notices a stop request */
#define TRACKED_JOBS 64
#define ALL_EVENTS 0x3ff          /* every fset* flag of spec 7.5 */

static const WCHAR window_class[] = L"openfaxcom FaxComEx events";

enum dispid {
    ON_INCOMING_JOB_ADDED = 1, ON_INCOMING_JOB_REMOVED, ON_INCOMING_JOB_CHANGED, ON_OUTGOING_JOB_ADDED,
    ON_OUTGOING_JOB_REMOVED, ON_OUTGOING_JOB_CHANGED, ON_INCOMING_MESSAGE_ADDED, ON_INCOMING_MESSAGE_REMOVED,
    ON_OUTGOING_MESSAGE_ADDED, ON_OUTGOING_MESSAGE_REMOVED,
    ON_NEW_CALL = 23, ON_SERVER_SHUT_DOWN = 24, ON_DEVICE_STATUS_CHANGE = 25,
    ON_GENERAL_SERVER_CONFIG_CHANGED = 26,   /* IFaxServerNotify2's alone (spec 6.16) */
    ON_ACCOUNT_SERVER_SHUT_DOWN = 11,        /* IFaxAccountNotify's; its 1-10 are IFaxServerNotify's */
};

/* One sink call waiting: its DISPID and the arguments after the FaxServer. */
struct notify {
    struct notify *next;
    DISPID dispid;
    WCHAR id[64];                      /* job or message id; OnNewCall's caller id */
    struct job_status_values status;   /* the Changed events */
    LONG numbers[2];                   /* OnDeviceStatusChange: device; OnNewCall: call, device */
    VARIANT_BOOL flags[4];             /* OnDeviceStatusChange: powered off, sending, receiving, ringing */
};

/* What the reader knows of a job between its events (the events carry no status of their own). */
struct job_track {
    char id[16];
    struct job_status_values values;
    BOOL killed, completed;
    BOOL foreign;   /* another user's job, which an account's listener does not report */
};

struct fax_listener {
    LONG ref;
    IFaxServer *server;                    /* not held: the server (or the account holding it) owns the listener */
    IDispatch *source;                     /* not held: the sinks' first argument, the FaxServer or the FaxAccount */
    char *owner;                           /* an account's listener: the user whose jobs it reports; else NULL */
    struct fax_connection_point *point;
    FAX_SERVER_EVENTS_TYPE_ENUM events;
    HWND window;
    HANDLE thread;
    LONG stopping;
    BOOL stopped, delivering;
    CRITICAL_SECTION lock;                 /* the queue, between the reader and the FaxServer's thread */
    struct notify *head, *tail;
    BOOL posted;
    /* the reader thread's alone from start to stop */
    struct hfx_client *client;
    netio_socket data;
    struct hfx_event_reader reader;
    struct job_track jobs[TRACKED_JOBS];
    unsigned next_job_slot;
    struct hfx_fei_line *lines;            /* the lines' states, kept by hfx_fei as winfax.dll's are */
    struct hfx_fei_map map;
    LONG receptions;
    WCHAR reception_id[32];
    struct job_status_values reception;
};

/* ---- the queue ---- */

static void enqueue(struct fax_listener *listener, struct notify *notify)
{
    BOOL post;

    EnterCriticalSection(&listener->lock);
    if (listener->tail)
        listener->tail->next = notify;
    else
        listener->head = notify;
    listener->tail = notify;
    post = !listener->posted;
    listener->posted = TRUE;
    LeaveCriticalSection(&listener->lock);
    if (post)
        PostMessageW(listener->window, WM_FAX_EVENTS, 0, 0);
}

static struct notify *dequeue(struct fax_listener *listener)
{
    struct notify *notify;

    EnterCriticalSection(&listener->lock);
    if ((notify = listener->head) && !(listener->head = notify->next))
        listener->tail = NULL;
    if (!notify)
        listener->posted = FALSE;   /* the next event posts again */
    LeaveCriticalSection(&listener->lock);
    return notify;
}

static struct notify *new_notify(DISPID dispid, const char *id)
{
    struct notify *notify = calloc(1, sizeof(*notify));

    if (notify) {
        notify->dispid = dispid;
        MultiByteToWideChar(CP_UTF8, 0, id ? id : "", -1, notify->id, ARRAYSIZE(notify->id));
    }
    return notify;
}

static void post_simple(struct fax_listener *listener, DISPID dispid, const char *id)
{
    struct notify *notify = new_notify(dispid, id);

    if (notify)
        enqueue(listener, notify);
}

static void post_changed(struct fax_listener *listener, DISPID dispid, const char *id,
                         const struct job_status_values *values)
{
    struct notify *notify = new_notify(dispid, id);

    if (notify) {
        notify->status = *values;
        enqueue(listener, notify);
    }
}

/* ---- FaxComEx's view of HylaFAX's events ---- */

static DATE now_date(void)
{
    SYSTEMTIME now;
    DATE date = 0;

    GetSystemTime(&now);
    SystemTimeToVariantTime(&now, &date);
    return date;
}

static FAX_JOB_OPERATIONS_ENUM operations(FAX_JOB_STATUS_ENUM status)
{
    FAX_JOB_OPERATIONS_ENUM info = fjoVIEW | fjoRECIPIENT_INFO | fjoSENDER_INFO;

    if (status & fjsPAUSED)
        return info | fjoRESUME | fjoDELETE;
    if (status & (fjsPENDING | fjsRETRYING))
        return info | fjoPAUSE | fjoDELETE;
    if (status & fjsINPROGRESS)
        return info | fjoDELETE;
    if (status & fjsFAILED)
        return info | fjoRESTART | fjoDELETE;
    return info;
}

static struct job_track *track_job(struct fax_listener *listener, const char *id, BOOL create)
{
    struct job_track *slot;

    for (unsigned i = 0; i < TRACKED_JOBS; i++)
        if (listener->jobs[i].id[0] && !strcmp(listener->jobs[i].id, id))
            return &listener->jobs[i];
    if (!create)
        return NULL;
    slot = &listener->jobs[listener->next_job_slot++ % TRACKED_JOBS];   /* the oldest gives way */
    memset(slot, 0, sizeof(*slot));
    snprintf(slot->id, sizeof(slot->id), "%s", id);
    slot->values.type = fjtSEND;
    slot->values.status = fjsPENDING;
    return slot;
}

static void set_state(struct job_status_values *values, FAX_JOB_STATUS_ENUM status,
                      FAX_JOB_EXTENDED_STATUS_ENUM extended)
{
    values->status = status;
    values->extended_code = extended;
}

/* The extended status a failure's cause (hfx_fei_from_status, shared with winfax.dll) names, else fallback. */
static FAX_JOB_EXTENDED_STATUS_ENUM extended_of(enum hfx_fei cause, FAX_JOB_EXTENDED_STATUS_ENUM fallback)
{
    switch (cause) {
    case HFX_FEI_BUSY: return fjesBUSY;
    case HFX_FEI_NO_ANSWER: return fjesNO_ANSWER;
    case HFX_FEI_BAD_ADDRESS: return fjesBAD_ADDRESS;
    case HFX_FEI_NO_DIAL_TONE: return fjesNO_DIAL_TONE;
    case HFX_FEI_DISCONNECTED: return fjesDISCONNECTED;
    default: return fallback;
    }
}

/* A failed attempt or a dead job: the trigger does not say why, the job's STATUS does (busy, no answer...);
 * asked on the trigger's own control connection, which answers while the trigger runs. The status text
 * becomes ExtendedStatus. A job already gone keeps the fallback. */
static void failure_cause(struct fax_listener *listener, const char *id, struct job_status_values *v,
                          FAX_JOB_EXTENDED_STATUS_ENUM fallback)
{
    static const char *const names[] = { "STATUS" };
    char *status = NULL, *end;
    long number = strtol(id, &end, 10);

    v->extended_code = fallback;
    if (end == id || *end || hfx_fetch_job_params(listener->client, number, names, 1, &status, NULL) != HFX_OK)
        return;
    v->extended_code = extended_of(hfx_fei_from_status(status, HFX_FEI_FATAL_ERROR), fallback);
    if (status[0])
        MultiByteToWideChar(CP_UTF8, 0, status, -1, v->extended_status, ARRAYSIZE(v->extended_status));
    free(status);
}

/* Whether the listener reports this outgoing job: every job for a FaxServer, the user's own for a FaxAccount.
 * Asked once, when the job is first seen; a job already gone cannot be shown to be the user's. */
static BOOL reported_job(struct fax_listener *listener, const char *id)
{
    static const char *const names[] = { "OWNER" };
    char *owner = NULL, *end;
    long number = strtol(id, &end, 10);
    BOOL own;

    if (!listener->owner)
        return TRUE;
    if (end == id || *end || hfx_fetch_job_params(listener->client, number, names, 1, &owner, NULL) != HFX_OK)
        return FALSE;
    own = !strcmp(owner, listener->owner);
    free(owner);
    return own;
}

/* `... CSI "number"` or `TSI "number"` in a trigger line's text (faxd's S 120 and R 133). */
static void read_ident(const char *text, const char *tag, WCHAR *out, size_t size)
{
    const char *at = strstr(text, tag), *end = at ? strchr(at + strlen(tag), '"') : NULL;
    char ident[64];

    if (!end)
        return;
    snprintf(ident, sizeof(ident), "%.*s", (int)(end - at - strlen(tag)), at + strlen(tag));
    MultiByteToWideChar(CP_UTF8, 0, ident, -1, out, (int)size);
}

/* J and S events: the outgoing queue, and the sent-items archive when a job that succeeded leaves it. The
 * line the job holds comes from hfx_fei's map (J 107 then M 148), as winfax.dll's DeviceId does. */
static void on_job_event(struct fax_listener *listener, const struct hfx_event *event)
{
    struct job_track *job = track_job(listener, event->job_id, FALSE);
    struct job_status_values *v;
    BOOL queue;
    struct hfx_fei_notice notices[HFX_FEI_MAX_NOTICES];

    if (!job) {
        job = track_job(listener, event->job_id, TRUE);
        job->foreign = !reported_job(listener, event->job_id);
    }
    v = &job->values;
    queue = (listener->events & fsetOUT_QUEUE) && !job->foreign;
    if (hfx_fei_map_event(&listener->map, event, notices) && notices[0].device_id)
        v->device_id = (LONG)notices[0].device_id;
    MultiByteToWideChar(CP_UTF8, 0, event->text, -1, v->extended_status, ARRAYSIZE(v->extended_status));
    switch (event->code) {
    case HFX_JOB_CREATE:
        if (queue)
            post_simple(listener, ON_OUTGOING_JOB_ADDED, event->job_id);
        set_state(v, fjsPENDING, fjesNONE);
        break;
    case HFX_JOB_SUSPEND: set_state(v, fjsPENDING | fjsPAUSED, fjesNONE); break;
    case HFX_JOB_READY: set_state(v, fjsPENDING, fjesNONE); break;
    case HFX_JOB_SLEEP: set_state(v, fjsRETRYING, v->extended_code); break;
    case HFX_JOB_ACTIVE: set_state(v, fjsINPROGRESS, fjesINITIALIZING); break;
    case HFX_JOB_KILL: job->killed = TRUE; set_state(v, fjsCANCELING, fjesNONE); break;
    case HFX_JOB_DEAD:
        set_state(v, job->killed ? fjsCANCELED : fjsFAILED, fjesNONE);
        if (!job->killed)
            failure_cause(listener, event->job_id, v, fjesFATAL_ERROR);
        break;
    case HFX_SEND_BEGIN: v->transmission_start = now_date(); set_state(v, fjsINPROGRESS, fjesINITIALIZING); break;
    case HFX_SEND_BEGIN + 1: set_state(v, fjsINPROGRESS, fjesDIALING); break;   /* call placed */
    case HFX_SEND_CONNECTED: set_state(v, fjsINPROGRESS, fjesTRANSMITTING); break;
    case HFX_SEND_PAGE:
        set_state(v, fjsINPROGRESS, fjesTRANSMITTING);
        if (event->page > 0)
            v->current_page = v->pages = event->page;
        break;
    case HFX_SEND_END: v->transmission_end = now_date(); break;
    case HFX_SEND_DOC: read_ident(event->text, "CSI \"", v->csid, ARRAYSIZE(v->csid)); break;
    case HFX_SEND_REQUEUE:
        v->retries++;
        set_state(v, fjsRETRYING, fjesNONE);
        failure_cause(listener, event->job_id, v, fjesCALL_ABORTED);
        break;
    case HFX_SEND_DONE: job->completed = TRUE; set_state(v, fjsCOMPLETED, fjesCALL_COMPLETED); break;
    case HFX_JOB_REAP: {
        BOOL archived = job->completed && !job->foreign && (listener->events & fsetOUT_ARCHIVE);
        char id[sizeof(job->id)];
        snprintf(id, sizeof(id), "%s", job->id);
        memset(job, 0, sizeof(*job));
        if (queue)
            post_simple(listener, ON_OUTGOING_JOB_REMOVED, id);
        if (archived)
            post_simple(listener, ON_OUTGOING_MESSAGE_ADDED, id);
        return;
    }
    default:   /* preparation, parameters altered, ...: the state stays, the text says what happened */
        break;
    }
    v->operations = operations(v->status);
    if (queue && event->code != HFX_JOB_CREATE)
        post_changed(listener, ON_OUTGOING_JOB_CHANGED, event->job_id, v);
}

/* M events: a line's state as OnDeviceStatusChange sees it, tracked by hfx_fei (shared with winfax.dll):
 * a line marked busy that no job was assigned to is answering a call, the device the next reception is on. */
static void on_modem_event(struct fax_listener *listener, const struct hfx_event *event)
{
    struct hfx_fei_notice unused[HFX_FEI_MAX_NOTICES];
    const struct hfx_fei_line *line;
    struct notify *notify;

    if (event->code < HFX_MODEM_ASSIGN || event->code > HFX_MODEM_BUSY)
        return;
    hfx_fei_map_event(&listener->map, event, unused);
    if (!(listener->events & fsetDEVICE_STATUS) || !(line = hfx_fei_map_last_line(&listener->map))
        || !(notify = new_notify(ON_DEVICE_STATUS_CHANGE, NULL)))
        return;
    notify->numbers[0] = (LONG)line->device_id;
    notify->flags[0] = line->down ? VARIANT_TRUE : VARIANT_FALSE;
    notify->flags[1] = line->sending ? VARIANT_TRUE : VARIANT_FALSE;
    notify->flags[2] = line->receiving ? VARIANT_TRUE : VARIANT_FALSE;
    notify->flags[3] = VARIANT_FALSE;   /* faxd answers at once: no ringing state to report */
    enqueue(listener, notify);
}

/* R events: a reception is an incoming job ("recvN", numbered per listener: the trigger names no line or
 * id for it) from call start to call end; the stored fax is an inbox message named by its file. */
static void on_recv_event(struct fax_listener *listener, const struct hfx_event *event)
{
    BOOL queue = (listener->events & fsetIN_QUEUE) != 0;
    struct job_status_values *v = &listener->reception;
    char id[32];

    WideCharToMultiByte(CP_UTF8, 0, listener->reception_id, -1, id, sizeof(id), NULL, NULL);
    switch (event->code) {
    case HFX_RECV_BEGIN: {
        struct notify *call;
        LONG number = ++listener->receptions;
        snprintf(id, sizeof(id), "recv%ld", (long)number);
        MultiByteToWideChar(CP_UTF8, 0, id, -1, listener->reception_id, ARRAYSIZE(listener->reception_id));
        memset(v, 0, sizeof(*v));
        v->type = fjtRECEIVE;
        v->device_id = (LONG)listener->map.reception_device;
        v->transmission_start = now_date();
        set_state(v, fjsINPROGRESS, fjesANSWERED);
        if (queue)
            post_simple(listener, ON_INCOMING_JOB_ADDED, id);
        if ((listener->events & fsetINCOMING_CALL) && (call = new_notify(ON_NEW_CALL, NULL))) {
            call->numbers[0] = number;
            call->numbers[1] = (LONG)listener->map.reception_device;
            enqueue(listener, call);
        }
        return;
    }
    case HFX_RECV_START: read_ident(event->text, "TSI \"", v->tsid, ARRAYSIZE(v->tsid)); break;
    case HFX_RECV_PAGE:
        set_state(v, fjsINPROGRESS, fjesRECEIVING);
        if (event->page > 0)
            v->current_page = v->pages = event->page;
        break;
    case HFX_RECV_END:
        if (queue && listener->reception_id[0])
            post_simple(listener, ON_INCOMING_JOB_REMOVED, id);
        listener->reception_id[0] = 0;
        return;
    case HFX_RECV_DOC: {
        const char *base = strrchr(event->file, '/'), *dot;
        char message[64];
        base = base ? base + 1 : event->file;
        dot = strrchr(base, '.');
        snprintf(message, sizeof(message), "%.*s", (int)(dot ? dot - base : (ptrdiff_t)strlen(base)), base);
        if ((listener->events & fsetIN_ARCHIVE) && message[0])
            post_simple(listener, ON_INCOMING_MESSAGE_ADDED, message);
        return;
    }
    default:
        break;
    }
    MultiByteToWideChar(CP_UTF8, 0, event->text, -1, v->extended_status, ARRAYSIZE(v->extended_status));
    v->operations = fjoVIEW;
    if (queue && listener->reception_id[0])
        post_changed(listener, ON_INCOMING_JOB_CHANGED, id, v);
}

static void on_event(void *context, const struct hfx_event *event)
{
    struct fax_listener *listener = context;

    switch (event->event_class) {
    case HFX_EVENT_JOB:
    case HFX_EVENT_SEND: on_job_event(listener, event); break;
    case HFX_EVENT_RECV: on_recv_event(listener, event); break;
    case HFX_EVENT_MODEM: on_modem_event(listener, event); break;
    case HFX_EVENT_CONFIG:   /* faxd's class C: a SITE FAXD setting changed */
        if (listener->events & fsetCONFIG)
            post_simple(listener, ON_GENERAL_SERVER_CONFIG_CHANGED, NULL);
        break;
    }
}

/* The trigger's data connection ended without our asking: the server is going away unless its control
 * connection still answers (then the trigger alone ended: dropped as too slow, say). */
static void trigger_ended(struct fax_listener *listener)
{
    int code = 0;

    if (hfx_command(listener->client, &code, NULL, NULL, "NOOP") == HFX_OK && code != 421)
        return;
    if (listener->events & fsetFXSSVC_ENDED)
        post_simple(listener, ON_SERVER_SHUT_DOWN, NULL);
}

static DWORD WINAPI reader_thread(void *context)
{
    struct fax_listener *listener = context;
    char bytes[4096];

    while (!InterlockedCompareExchange(&listener->stopping, 0, 0)) {
        size_t received = 0;
        enum netio_status status = netio_receive(listener->data, bytes, sizeof(bytes), &received, READ_WAIT_MS);
        if (status == NETIO_ERR_TIMEOUT)
            continue;
        if (status != NETIO_OK || !received) {
            if (!InterlockedCompareExchange(&listener->stopping, 0, 0))
                trigger_ended(listener);
            break;
        }
        hfx_event_reader_feed(&listener->reader, bytes, received, on_event, listener);
    }
    return 0;
}

/* ---- the FaxServer's side ---- */

static void listener_release(struct fax_listener *listener)
{
    if (InterlockedDecrement(&listener->ref))
        return;
    DeleteCriticalSection(&listener->lock);
    free(listener->lines);
    free(listener->owner);
    free(listener);
}

/* Fires one notify at the sinks, the FaxServer first among the arguments (DISPPARAMS lists them last first). */
static void fire(struct fax_listener *listener, const struct notify *notify)
{
    VARIANT args[6];
    unsigned count = 0;
    IFaxJobStatus *status = NULL;
    BSTR text = NULL;

    switch (notify->dispid) {
    case ON_DEVICE_STATUS_CHANGE:
        for (int i = 3; i >= 0; i--) {
            V_VT(&args[count]) = VT_BOOL;
            V_BOOL(&args[count++]) = notify->flags[i];
        }
        V_VT(&args[count]) = VT_I4;
        V_I4(&args[count++]) = notify->numbers[0];
        break;
    case ON_NEW_CALL:
        V_VT(&args[count]) = VT_BSTR;
        V_BSTR(&args[count++]) = text = SysAllocString(notify->id);
        V_VT(&args[count]) = VT_I4;
        V_I4(&args[count++]) = notify->numbers[1];
        V_VT(&args[count]) = VT_I4;
        V_I4(&args[count++]) = notify->numbers[0];
        break;
    case ON_SERVER_SHUT_DOWN:
    case ON_GENERAL_SERVER_CONFIG_CHANGED:
        break;
    case ON_INCOMING_MESSAGE_ADDED:
        if (listener->owner) {   /* fAddedToReceiveFolder: an account's incoming archive is the server's */
            V_VT(&args[count]) = VT_BOOL;
            V_BOOL(&args[count++]) = VARIANT_TRUE;
        }
        V_VT(&args[count]) = VT_BSTR;
        V_BSTR(&args[count++]) = text = SysAllocString(notify->id);
        break;
    case ON_INCOMING_JOB_CHANGED:
    case ON_OUTGOING_JOB_CHANGED:
        if (FAILED(fax_job_status_create(&notify->status, &status)))
            return;
        V_VT(&args[count]) = VT_DISPATCH;
        V_DISPATCH(&args[count++]) = (IDispatch *)status;
        /* the id comes before the status */
        __attribute__((fallthrough));
    default:
        V_VT(&args[count]) = VT_BSTR;
        V_BSTR(&args[count++]) = text = SysAllocString(notify->id);
        break;
    }
    V_VT(&args[count]) = VT_DISPATCH;
    V_DISPATCH(&args[count++]) = notify->dispid == ON_SERVER_SHUT_DOWN ? (IDispatch *)listener->server
                                                                       : listener->source;
    DISPPARAMS params = { args, NULL, count, 0 };
    if (!text && notify->dispid != ON_SERVER_SHUT_DOWN && notify->dispid != ON_DEVICE_STATUS_CHANGE
        && notify->dispid != ON_GENERAL_SERVER_CONFIG_CHANGED)
        goto done;   /* out of memory for the id */
    fax_connection_point_fire(listener->point, notify->dispid == ON_SERVER_SHUT_DOWN && listener->owner
                              ? ON_ACCOUNT_SERVER_SHUT_DOWN : notify->dispid, &params);
done:
    SysFreeString(text);
    if (status)
        IFaxJobStatus_Release(status);
}

void fax_listener_deliver(struct fax_listener *listener)
{
    IDispatch *source;
    struct notify *notify;

    if (!listener || listener->delivering || listener->stopped)
        return;
    source = listener->source;
    listener->delivering = TRUE;
    InterlockedIncrement(&listener->ref);   /* a sink may stop the listener, or release its object */
    IDispatch_AddRef(source);
    while (!listener->stopped && (notify = dequeue(listener))) {
        fire(listener, notify);
        free(notify);
    }
    listener->delivering = FALSE;
    listener_release(listener);
    IDispatch_Release(source);
}

static LRESULT CALLBACK window_proc(HWND window, UINT message, WPARAM wparam, LPARAM lparam)
{
    if (message == WM_FAX_EVENTS) {
        fax_listener_deliver((struct fax_listener *)GetWindowLongPtrW(window, GWLP_USERDATA));
        return 0;
    }
    return DefWindowProcW(window, message, wparam, lparam);
}

/* The class is registered while a listener lives and unregistered after the last one, so an unloaded and
 * reloaded DLL never finds a class whose window procedure is gone. */
static HWND create_window(struct fax_listener *listener)
{
    WNDCLASSW class = { .lpfnWndProc = window_proc, .hInstance = fxscomex_module.instance,
                        .lpszClassName = window_class };
    HWND window;

    if (!RegisterClassW(&class) && GetLastError() != ERROR_CLASS_ALREADY_EXISTS)
        return NULL;
    window = CreateWindowExW(0, window_class, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, fxscomex_module.instance,
                             NULL);
    if (window)
        SetWindowLongPtrW(window, GWLP_USERDATA, (LONG_PTR)listener);
    return window;
}

static void destroy_window(HWND window)
{
    if (!window)
        return;
    SetWindowLongPtrW(window, GWLP_USERDATA, 0);
    DestroyWindow(window);
    UnregisterClassW(window_class, fxscomex_module.instance);   /* fails while other listeners' windows live */
}

/* The trigger spec the flags need; "X" (a class that matches nothing) when only the end of the server is
 * wanted, or what no trigger event maps to. */
static void trigger_spec(FAX_SERVER_EVENTS_TYPE_ENUM events, char *spec, size_t size)
{
    snprintf(spec, size, "%s%s%s%s", events & (fsetOUT_QUEUE | fsetOUT_ARCHIVE) ? "J*S*" : "",
             events & (fsetIN_QUEUE | fsetIN_ARCHIVE | fsetINCOMING_CALL) ? "R*" : "",
             events & (fsetDEVICE_STATUS | fsetINCOMING_CALL | fsetOUT_QUEUE) ? "M*" : "",   /* M*: a job's line */
             events & fsetCONFIG ? "C*" : "");   /* faxd's class; hfaxd skips the letter */
    if (!spec[0])
        snprintf(spec, size, "X");
}

/* The lines' device ids (FaxDevice.Id), read once through the FaxServer's own session; without them the
 * device events say 0. */
static void read_devices(struct fax_listener *listener, IFaxServer *server)
{
    struct hfx_client *client;
    struct hfx_port_row *rows = NULL;
    size_t count = 0;
    const WCHAR *name;
    BOOL faxd;

    if (FAILED(fax_server_session(server, IFaxServer_tid, L"FaxServer.ListenToServerEvents", &client, &faxd, &name))
        || hfx_fetch_ports(client, faxd ? HFX_PORTS_FAXD : HFX_PORTS_HYLAFAX, &rows, &count, NULL) != HFX_OK)
        return;
    if ((listener->lines = hfx_fei_lines_new(rows, count)))
        hfx_fei_map_init(&listener->map, listener->lines, count);
    free(rows);
}

/* Whose events (the source object's, for owner's jobs or all), which ones, and who reports a failure (tid, member). */
static HRESULT listener_start(IFaxServer *server, IDispatch *source, const char *owner,
                              struct fax_connection_point *point, const struct com_server_address *address,
                              FAX_SERVER_EVENTS_TYPE_ENUM events, enum fxscomex_tid tid, const WCHAR *member,
                              struct fax_listener **out)
{
    struct fax_listener *listener = calloc(1, sizeof(*listener));
    struct hfx_trace trace;
    struct hfx_error error;
    char spec[16];
    HRESULT hr;

    *out = NULL;
    if (!listener || (owner && !(listener->owner = strdup(owner)))) {
        free(listener);
        return E_OUTOFMEMORY;
    }
    listener->ref = 1;
    listener->server = server;
    listener->source = source;
    listener->point = point;
    listener->events = events;
    listener->data = NETIO_INVALID;
    InitializeCriticalSection(&listener->lock);
    hfx_fei_map_init(&listener->map, NULL, 0);   /* no lines known: device 0 */
    if (events & (fsetDEVICE_STATUS | fsetINCOMING_CALL | fsetOUT_QUEUE))
        read_devices(listener, server);
    if (FAILED(hr = com_session_open(&fxscomex_module, tid, address,
                                     com_trace_hook(&fxscomex_module, &trace) ? &trace : NULL, &listener->client)))
        goto failed;
    trigger_spec(events, spec, sizeof(spec));
    if (hfx_trigger_open(listener->client, spec, &listener->data, &error) != HFX_OK) {
        WCHAR what[96];
        swprintf(what, ARRAYSIZE(what), L"%ls (SITE TRIGGER, the server's event feed)", member);
        hr = com_session_failure(&fxscomex_module, tid, address->name, what, &error);
        goto failed;
    }
    if (!(listener->window = create_window(listener))) {
        hr = fxscomex_error(tid, HRESULT_FROM_WIN32(GetLastError()), L"%ls: could not create the window that "
                            L"brings events to this thread (error %lu)", member, GetLastError());
        goto failed;
    }
    if (!(listener->thread = CreateThread(NULL, 0, reader_thread, listener, 0, NULL))) {
        hr = fxscomex_error(tid, HRESULT_FROM_WIN32(GetLastError()), L"%ls: could not start the thread that reads "
                            L"the server's events (error %lu)", member, GetLastError());
        goto failed;
    }
    *out = listener;
    return S_OK;

failed:
    destroy_window(listener->window);
    netio_close(listener->data);
    hfx_close(listener->client);
    listener->stopped = TRUE;
    listener_release(listener);
    return hr;
}

HRESULT fax_listener_start(IFaxServer *server, struct fax_connection_point *point,
                           const struct com_server_address *address, FAX_SERVER_EVENTS_TYPE_ENUM events,
                           struct fax_listener **out)
{
    return listener_start(server, (IDispatch *)server, NULL, point, address, events, IFaxServer_tid,
                          L"FaxServer.ListenToServerEvents", out);
}

/* The account's flags are a subset of the server's, renumbered (spec 7.5, 7.x faet*). */
HRESULT fax_listener_start_account(IFaxAccount *account, IFaxServer *server, const char *owner,
                                   struct fax_connection_point *point, FAX_ACCOUNT_EVENTS_TYPE_ENUM events,
                                   struct fax_listener **out)
{
    FAX_SERVER_EVENTS_TYPE_ENUM server_events = (events & faetIN_QUEUE ? fsetIN_QUEUE : 0)
        | (events & faetOUT_QUEUE ? fsetOUT_QUEUE : 0) | (events & faetIN_ARCHIVE ? fsetIN_ARCHIVE : 0)
        | (events & faetOUT_ARCHIVE ? fsetOUT_ARCHIVE : 0) | (events & faetFXSSVC_ENDED ? fsetFXSSVC_ENDED : 0);

    return listener_start(server, (IDispatch *)account, owner, point, fax_server_address(server), server_events,
                          IFaxAccount_tid, L"FaxAccount.ListenToAccountEvents", out);
}

void fax_listener_stop(struct fax_listener *listener)
{
    struct notify *notify;

    if (!listener)
        return;
    InterlockedExchange(&listener->stopping, 1);
    WaitForSingleObject(listener->thread, INFINITE);   /* it looks at stopping every READ_WAIT_MS */
    CloseHandle(listener->thread);
    netio_close(listener->data);   /* closing ends the trigger, on faxd and on hfaxd */
    hfx_close(listener->client);
    destroy_window(listener->window);
    listener->stopped = TRUE;
    while ((notify = dequeue(listener)))
        free(notify);
    listener_release(listener);
}

BOOL fax_listener_valid_events(FAX_SERVER_EVENTS_TYPE_ENUM events)
{
    return !(events & ~ALL_EVENTS);
}
