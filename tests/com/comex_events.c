/*
 * FaxComEx events from C through IConnectionPoint, as a C/C++ program (or VB6's WithEvents) takes them: three
 * IDispatch sinks on FaxServer's connection point and this thread's own message loop. The story: a job is
 * submitted and its whole life arrives in order (added, changed with its status, removed, then archived), the
 * receiving line takes the fax (a new call, an incoming job, an inbox message), a line taken down and up
 * through faxd's SITE FAXD PORT is a device status change; every call comes on this thread. Vista's sources,
 * IFaxServerNotify2 (Invoke) and _IFaxServerNotify2 (vtable), see the same events, and alone
 * OnGeneralServerConfigChanged when an administrator changes a setting (SITE FAXD SET). A sink that fails
 * does not stop the others, a sink may unadvise itself, Unadvise and ListenToServerEvents(fsetNONE) stop
 * events, and without a message loop (a script host) events come at the start of a call through IDispatch.
 * Then the failures, each an HRESULT with its text.
 * Against a real HylaFAX server (no modem: a job waits until it is killed) the same sink sees a job added,
 * ready to send, killed through the protocol's JKILL, dead and removed: the trigger lines faxd copies.
 * With "shutdown", it listens for fsetFXSSVC_ENDED only, writes the flag file, and the harness stops faxd:
 * OnServerShutDown must arrive.
 * With "failures", jobs dial a busy number and one that never answers through faxd's SIP line (the harness
 * sets max-dials 1): each job's OnOutgoingJobChanged must carry fjesBUSY / fjesNO_ANSWER and the line's DeviceId.
 * With "account", the user's FaxAccount (IFaxServer2.CurrentAccount) is the source: an IFaxAccountNotify sink
 * (Invoke) and an _IFaxAccountNotify sink (vtable) see this user's job live and be archived, and the fax it
 * becomes arrive on the receiving line, but nothing of bob's job, which the harness submits over the protocol
 * once the flag file says the account listens (and names in the job file); the FaxServer's sink sees bob's.
 * Usage: comex_events.exe <fixture folder> <server host:port> <receiving line's number>
 *        comex_events.exe <fixture folder> <HylaFAX host:port> hylafax
 *        comex_events.exe <fixture folder> <server host:port> shutdown <flag file>
 *        comex_events.exe <fixture folder> <server host:port> failures <busy number> <no-answer number or "">
 *        comex_events.exe <fixture folder> <server host:port> account <receiving line> <flag file> <job file>
 */
#define COBJMACROS
#define CONST_VTABLE
#include <winsock2.h>
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <olectl.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "check.h"
#include "faxcomex.h"

#define HANG_GUARD_MS (3 * 60 * 1000)   /* only ever a guard against a hang: no assertion is about time */
#define MAX_EVENTS 512

static WCHAR fixtures[MAX_PATH], server_name[300];
static char host[256], line_number[32];
static int port;
static DWORD main_thread;

static const char *last_error(void)
{
    IErrorInfo *info = NULL;
    BSTR description = NULL;
    static char text[1200];

    text[0] = 0;
    if (GetErrorInfo(0, &info) == S_OK) {
        IErrorInfo_GetDescription(info, &description);
        IErrorInfo_Release(info);
        WideCharToMultiByte(CP_UTF8, 0, description ? description : L"", -1, text, sizeof(text), NULL, NULL);
        SysFreeString(description);
    }
    return text;
}

static void check_failure(HRESULT hr, HRESULT expected, const char *words, const char *what)
{
    const char *text = last_error();
    check(hr == expected && strstr(text, words) != NULL, "%s: 0x%08lx \"%s\" (expected 0x%08lx, \"%s\")", what,
          (unsigned long)hr, text, (unsigned long)expected, words);
}

/* ---- a sink: IDispatch only, recording every call ---- */

struct event {
    DISPID dispid;
    WCHAR id[64];
    BOOL has_status, server_first, on_main_thread, account_first;
    LONG status, extended, current_page, type, device, flags[4];
    WCHAR csid[32];
};

struct sink {
    IDispatch IDispatch_iface;
    LONG ref;
    const char *name;
    HRESULT answer;             /* what Invoke returns: a failing sink answers DISP_E_EXCEPTION */
    BOOL unadvise_self;         /* in its first call */
    IConnectionPoint *point;
    DWORD cookie;
    struct event events[MAX_EVENTS];
    int count;
};

static struct sink *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &DIID_IFaxServerNotify) || IsEqualIID(riid, &DIID_IFaxServerNotify2)) {
        *out = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_IDispatch(iface)->ref);
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    return InterlockedDecrement(&impl_from_IDispatch(iface)->ref);   /* static storage: nothing to free */
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                         DISPID *ids)
{
    return E_NOTIMPL;
}

static void read_status(IDispatch *dispatch, struct event *event)
{
    IFaxJobStatus *status = NULL;
    FAX_JOB_STATUS_ENUM s = 0;
    FAX_JOB_EXTENDED_STATUS_ENUM x = 0;
    FAX_JOB_TYPE_ENUM t = 0;

    if (!dispatch || FAILED(IDispatch_QueryInterface(dispatch, &IID_IFaxJobStatus, (void **)&status)))
        return;
    event->has_status = TRUE;
    IFaxJobStatus_get_Status(status, &s);
    IFaxJobStatus_get_ExtendedStatusCode(status, &x);
    IFaxJobStatus_get_JobType(status, &t);
    IFaxJobStatus_get_CurrentPage(status, &event->current_page);
    IFaxJobStatus_get_DeviceId(status, &event->device);
    BSTR csid = NULL;
    if (IFaxJobStatus_get_CSID(status, &csid) == S_OK && csid)
        wcsncpy(event->csid, csid, ARRAYSIZE(event->csid) - 1);
    SysFreeString(csid);
    event->status = s, event->extended = x, event->type = t;
    IFaxJobStatus_Release(status);
}

/* The arguments come last first: rgvarg[cArgs - 1] is the FaxServer. */
static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    struct sink *sink = impl_from_IDispatch(iface);
    struct event *event = sink->count < MAX_EVENTS ? &sink->events[sink->count++] : NULL;
    UINT n = params ? params->cArgs : 0;
    VARIANT *args = params ? params->rgvarg : NULL;

    if (event) {
        memset(event, 0, sizeof(*event));
        event->dispid = id;
        event->on_main_thread = GetCurrentThreadId() == main_thread;
        event->server_first = n >= 1 && V_VT(&args[n - 1]) == VT_DISPATCH && flags == DISPATCH_METHOD;
        if (event->server_first && V_DISPATCH(&args[n - 1])) {
            IFaxAccount *account = NULL;
            event->account_first = SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&args[n - 1]), &IID_IFaxAccount,
                                                                      (void **)&account));
            if (account)
                IFaxAccount_Release(account);
        }
        if (n >= 2 && V_VT(&args[n - 2]) == VT_BSTR)
            wcsncpy(event->id, V_BSTR(&args[n - 2]), ARRAYSIZE(event->id) - 1);
        if ((id == 3 || id == 6) && n == 3 && V_VT(&args[0]) == VT_DISPATCH)
            read_status(V_DISPATCH(&args[0]), event);
        if (id == 25 && n == 6 && V_VT(&args[4]) == VT_I4) {
            event->device = V_I4(&args[4]);
            for (int i = 0; i < 4; i++)
                event->flags[i] = V_VT(&args[3 - i]) == VT_BOOL ? V_BOOL(&args[3 - i]) : 99;
        }
        if (id == 7 && n == 3)   /* IFaxAccountNotify's fAddedToReceiveFolder */
            event->flags[0] = V_VT(&args[0]) == VT_BOOL ? V_BOOL(&args[0]) : 99;
        if (id == 23 && n == 4 && V_VT(&args[2]) == VT_I4)
            event->device = V_I4(&args[1]);
    }
    if (sink->unadvise_self && sink->point) {
        IConnectionPoint *point = sink->point;
        sink->point = NULL;
        check(IConnectionPoint_Unadvise(point, sink->cookie) == S_OK, "a sink unadvises itself from inside its call");
    }
    if (sink->answer == DISP_E_EXCEPTION && excep) {
        memset(excep, 0, sizeof(*excep));
        excep->bstrSource = SysAllocString(L"failing sink");
        excep->bstrDescription = SysAllocString(L"this sink raises on purpose");
        excep->scode = E_FAIL;
    }
    return sink->answer;
}

static const IDispatchVtbl sink_vtbl = {
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo, sink_GetIDsOfNames,
    sink_Invoke,
};

static struct sink recorder = { .IDispatch_iface = { &sink_vtbl }, .ref = 1, .name = "recorder", .answer = S_OK };
static struct sink raiser = { .IDispatch_iface = { &sink_vtbl }, .ref = 1, .name = "raiser",
                              .answer = DISP_E_EXCEPTION };
static struct sink leaver = { .IDispatch_iface = { &sink_vtbl }, .ref = 1, .name = "leaver", .answer = S_OK,
                              .unadvise_self = TRUE };
/* Vista's dispinterface, IFaxServerNotify2, as a script or VB sink takes it */
static struct sink vista = { .IDispatch_iface = { &sink_vtbl }, .ref = 1, .name = "IFaxServerNotify2 sink",
                             .answer = S_OK };

/* ---- a C++ sink: _IFaxServerNotify2 through its vtable, whose Invoke refuses (so only vtable calls count) ---- */

static struct sink vtable_record = { .name = "_IFaxServerNotify2 sink" };
static LONG vtable_ref = 1;

static struct event *vtable_event(DISPID id, IFaxServer2 *server, BSTR text)
{
    struct event *e = vtable_record.count < MAX_EVENTS ? &vtable_record.events[vtable_record.count++] : NULL;

    if (e) {
        memset(e, 0, sizeof(*e));
        e->dispid = id;
        e->on_main_thread = GetCurrentThreadId() == main_thread;
        e->server_first = server != NULL;
        if (text)
            wcsncpy(e->id, text, ARRAYSIZE(e->id) - 1);
    }
    return e;
}

#define SERVER_ONLY(name, id) \
    static HRESULT STDMETHODCALLTYPE v_##name(_IFaxServerNotify2 *This, IFaxServer2 *server) \
    { vtable_event(id, server, NULL); return S_OK; }
#define WITH_ID(name, id) \
    static HRESULT STDMETHODCALLTYPE v_##name(_IFaxServerNotify2 *This, IFaxServer2 *server, BSTR text) \
    { vtable_event(id, server, text); return S_OK; }
#define WITH_STATUS(name, id) \
    static HRESULT STDMETHODCALLTYPE v_##name(_IFaxServerNotify2 *This, IFaxServer2 *server, BSTR text, \
                                              IFaxJobStatus *status) \
    { struct event *e = vtable_event(id, server, text); if (e) read_status((IDispatch *)status, e); return S_OK; }
WITH_ID(OnIncomingJobAdded, 1) WITH_ID(OnIncomingJobRemoved, 2) WITH_STATUS(OnIncomingJobChanged, 3)
WITH_ID(OnOutgoingJobAdded, 4) WITH_ID(OnOutgoingJobRemoved, 5) WITH_STATUS(OnOutgoingJobChanged, 6)
WITH_ID(OnIncomingMessageAdded, 7) WITH_ID(OnIncomingMessageRemoved, 8) WITH_ID(OnOutgoingMessageAdded, 9)
WITH_ID(OnOutgoingMessageRemoved, 10)
SERVER_ONLY(OnReceiptOptionsChange, 11) SERVER_ONLY(OnActivityLoggingConfigChange, 12)
SERVER_ONLY(OnSecurityConfigChange, 13) SERVER_ONLY(OnEventLoggingConfigChange, 14)
SERVER_ONLY(OnOutgoingQueueConfigChange, 15) SERVER_ONLY(OnOutgoingArchiveConfigChange, 16)
SERVER_ONLY(OnIncomingArchiveConfigChange, 17) SERVER_ONLY(OnDevicesConfigChange, 18)
SERVER_ONLY(OnOutboundRoutingGroupsConfigChange, 19) SERVER_ONLY(OnOutboundRoutingRulesConfigChange, 20)
SERVER_ONLY(OnServerShutDown, 24) SERVER_ONLY(OnGeneralServerConfigChanged, 26)

static HRESULT STDMETHODCALLTYPE v_OnServerActivityChange(_IFaxServerNotify2 *This, IFaxServer2 *server, LONG in,
                                                          LONG routing, LONG out, LONG queued)
{
    vtable_event(21, server, NULL);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE v_OnQueuesStatusChange(_IFaxServerNotify2 *This, IFaxServer2 *server,
                                                        VARIANT_BOOL out_blocked, VARIANT_BOOL out_paused,
                                                        VARIANT_BOOL in_blocked)
{
    vtable_event(22, server, NULL);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE v_OnNewCall(_IFaxServerNotify2 *This, IFaxServer2 *server, LONG call, LONG device,
                                             BSTR caller)
{
    struct event *e = vtable_event(23, server, NULL);
    if (e)
        e->device = device;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE v_OnDeviceStatusChange(_IFaxServerNotify2 *This, IFaxServer2 *server, LONG device,
                                                        VARIANT_BOOL off, VARIANT_BOOL sending, VARIANT_BOOL receiving,
                                                        VARIANT_BOOL ringing)
{
    struct event *e = vtable_event(25, server, NULL);
    if (e) {
        e->device = device;
        e->flags[0] = off, e->flags[1] = sending, e->flags[2] = receiving, e->flags[3] = ringing;
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE v_QueryInterface(_IFaxServerNotify2 *This, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID__IFaxServerNotify2)) {
        *out = This;
        InterlockedIncrement(&vtable_ref);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE v_AddRef(_IFaxServerNotify2 *This)
{
    return InterlockedIncrement(&vtable_ref);
}

static ULONG STDMETHODCALLTYPE v_Release(_IFaxServerNotify2 *This)
{
    return InterlockedDecrement(&vtable_ref);
}

static HRESULT STDMETHODCALLTYPE v_GetTypeInfoCount(_IFaxServerNotify2 *This, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE v_GetTypeInfo(_IFaxServerNotify2 *This, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE v_GetIDsOfNames(_IFaxServerNotify2 *This, REFIID riid, LPOLESTR *names, UINT count,
                                                 LCID lcid, DISPID *ids)
{
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE v_Invoke(_IFaxServerNotify2 *This, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return E_NOTIMPL;   /* a C++ sink is called through its vtable */
}

static const _IFaxServerNotify2Vtbl vtable_sink_vtbl = {
    v_QueryInterface, v_AddRef, v_Release, v_GetTypeInfoCount, v_GetTypeInfo, v_GetIDsOfNames, v_Invoke,
    v_OnIncomingJobAdded, v_OnIncomingJobRemoved, v_OnIncomingJobChanged, v_OnOutgoingJobAdded,
    v_OnOutgoingJobRemoved, v_OnOutgoingJobChanged, v_OnIncomingMessageAdded, v_OnIncomingMessageRemoved,
    v_OnOutgoingMessageAdded, v_OnOutgoingMessageRemoved, v_OnReceiptOptionsChange, v_OnActivityLoggingConfigChange,
    v_OnSecurityConfigChange, v_OnEventLoggingConfigChange, v_OnOutgoingQueueConfigChange,
    v_OnOutgoingArchiveConfigChange, v_OnIncomingArchiveConfigChange, v_OnDevicesConfigChange,
    v_OnOutboundRoutingGroupsConfigChange, v_OnOutboundRoutingRulesConfigChange, v_OnServerActivityChange,
    v_OnQueuesStatusChange, v_OnNewCall, v_OnServerShutDown, v_OnDeviceStatusChange, v_OnGeneralServerConfigChanged,
};
static _IFaxServerNotify2 vtable_sink = { &vtable_sink_vtbl };

/* ---- the message loop, with a hang guard ---- */

typedef BOOL done_fn(void);

static BOOL pump_until(done_fn *done)
{
    ULONGLONG start = GetTickCount64();

    while (!done()) {
        MSG msg;
        if (GetTickCount64() - start > HANG_GUARD_MS)
            return FALSE;
        MsgWaitForMultipleObjects(0, NULL, FALSE, 50, QS_ALLINPUT);
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
    }
    return TRUE;
}

/* ---- faxd's SITE FAXD PORT over a plain socket, as an administrator's tool would send it ---- */

static BOOL site_command(const char *command)
{
    WSADATA wsa;
    SOCKET s;
    struct sockaddr_in address = { .sin_family = AF_INET };
    char buffer[2048], text[300];
    int used = 0, replies = 0;
    BOOL ok = TRUE;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    address.sin_port = htons((u_short)port);
    address.sin_addr.s_addr = inet_addr(host);
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET || connect(s, (struct sockaddr *)&address, sizeof(address)))
        return FALSE;
    char user[128] = "events";
    DWORD size = sizeof(user);
    GetUserNameA(user, &size);   /* the job's owner, for HylaFAX's JKILL */
    snprintf(text, sizeof(text), "USER %s\r\n%s\r\nQUIT\r\n", user, command);
    send(s, text, (int)strlen(text), 0);
    /* greeting, USER, the command, QUIT: four final replies, each "NNN text" (continuations are "NNN-") */
    while (replies < 4) {
        int got = recv(s, buffer + used, (int)sizeof(buffer) - 1 - used, 0);
        if (got <= 0)
            break;
        used += got;
        buffer[used] = 0;
        replies = 0;
        for (char *line = buffer; *line; ) {
            char *end = strstr(line, "\r\n");
            if (!end)
                break;
            if (end - line >= 4 && line[3] == ' ') {
                replies++;
                if (line[0] >= '4')
                    ok = FALSE;
            }
            line = end + 2;
        }
    }
    closesocket(s);
    return ok && replies == 4;
}

static BOOL line_down_up(void)
{
    char down[80], up[80];

    snprintf(down, sizeof(down), "SITE FAXD PORT %s Receive 0", line_number);
    snprintf(up, sizeof(up), "SITE FAXD PORT %s Receive 1", line_number);
    return site_command(down) && site_command(up);
}

/* ---- what the recorder saw ---- */

static int find(const struct sink *sink, int from, DISPID dispid, const WCHAR *id)
{
    for (int i = from; i < sink->count; i++)
        if (sink->events[i].dispid == dispid && (!id || !wcscmp(sink->events[i].id, id)))
            return i;
    return -1;
}

static WCHAR job_id[64];
static BOOL job_archived(void)
{
    return find(&recorder, 0, 9, job_id) >= 0 && find(&recorder, 0, 7, NULL) >= 0;
}

static int device_events(const struct sink *sink)
{
    int n = 0;
    for (int i = 0; i < sink->count; i++)
        n += sink->events[i].dispid == 25;
    return n;
}

static int raiser_target;
static BOOL raiser_reached(void)
{
    return device_events(&raiser) >= raiser_target;
}

static BOOL submit_to(IFaxServer *server, const char *to_number, WCHAR *out_id);

static BOOL submit(IFaxServer *server)
{
    return submit_to(server, line_number, job_id);
}

static BOOL submit_to(IFaxServer *server, const char *to_number, WCHAR *out_id)
{
    IFaxDocument *doc = NULL;
    IFaxRecipients *recipients = NULL;
    IFaxRecipient *recipient = NULL;
    WCHAR path[MAX_PATH + 20], number[128];
    BSTR body, to, name = SysAllocString(L"Events");
    VARIANT ids;
    HRESULT hr;

    swprintf(path, ARRAYSIZE(path), L"%ls\\win2k.tif", fixtures);
    MultiByteToWideChar(CP_ACP, 0, to_number, -1, number, ARRAYSIZE(number));
    body = SysAllocString(path), to = SysAllocString(number);
    if (FAILED(CoCreateInstance(&CLSID_FaxDocument, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxDocument, (void **)&doc)))
        return FALSE;
    IFaxDocument_put_Body(doc, body);
    IFaxDocument_get_Recipients(doc, &recipients);
    IFaxRecipients_Add(recipients, to, name, &recipient);
    VariantInit(&ids);
    hr = IFaxDocument_ConnectedSubmit(doc, server, &ids);
    check(hr == S_OK, "ConnectedSubmit: 0x%08lx %s", (unsigned long)hr, FAILED(hr) ? last_error() : "");
    if (hr == S_OK) {
        LONG index = 0;
        BSTR id = NULL;
        SafeArrayGetElement(V_ARRAY(&ids), &index, &id);
        wcsncpy(out_id, id ? id : L"", 63);
        SysFreeString(id);
    }
    VariantClear(&ids);
    if (recipient)
        IFaxRecipient_Release(recipient);
    IFaxRecipients_Release(recipients);
    IFaxDocument_Release(doc);
    SysFreeString(body);
    SysFreeString(to);
    SysFreeString(name);
    return hr == S_OK;
}

/* The job's events: Added first, Changed with its states in between, Removed, then the archive's Added. */
static void check_job_life(void)
{
    int added = find(&recorder, 0, 4, job_id), removed = find(&recorder, 0, 5, job_id);
    int archived = find(&recorder, 0, 9, job_id);
    BOOL in_progress = FALSE, transmitting_page = FALSE, completed = FALSE, ordered = TRUE, typed = TRUE;
    BOOL on_device = FALSE, csid = FALSE;
    int changes = 0;

    check(added >= 0, "OnOutgoingJobAdded(%ls)", job_id);
    check(removed > added, "OnOutgoingJobRemoved(%ls) after it was added (%d, %d)", job_id, added, removed);
    check(archived > removed, "OnOutgoingMessageAdded(%ls) after the job left the queue (%d, %d)", job_id, removed,
          archived);
    for (int i = 0; i < recorder.count; i++) {
        const struct event *e = &recorder.events[i];
        if (e->dispid != 6 || wcscmp(e->id, job_id))
            continue;
        changes++;
        ordered &= i > added && i < removed && e->has_status;
        typed &= e->type == fjtSEND;
        in_progress |= (e->status & fjsINPROGRESS) != 0;
        transmitting_page |= e->extended == fjesTRANSMITTING && e->current_page >= 1;
        completed |= e->status == fjsCOMPLETED && e->extended == fjesCALL_COMPLETED;
        on_device |= e->extended == fjesTRANSMITTING && e->device > 0;
        csid |= e->status == fjsCOMPLETED && e->csid[0];
    }
    printf("job %ls as the sink saw it:", job_id);
    for (int i = 0; i < recorder.count; i++) {
        const struct event *e = &recorder.events[i];
        if ((e->dispid >= 4 && e->dispid <= 6) || e->dispid == 9) {
            if (wcscmp(e->id, job_id))
                continue;
            if (e->dispid == 6)
                printf(" changed(0x%lx/%ld p%ld)", e->status, e->extended, e->current_page);
            else
                printf(" %s", e->dispid == 4 ? "ADDED" : e->dispid == 5 ? "REMOVED" : "ARCHIVED");
        }
    }
    printf("\n");
    check(changes >= 3 && ordered, "%d OnOutgoingJobChanged, each with a FaxJobStatus, all between added and removed",
          changes);
    check(typed, "every FaxJobStatus of the job says fjtSEND");
    check(in_progress, "a change says fjsINPROGRESS");
    check(transmitting_page, "a change says fjesTRANSMITTING with CurrentPage 1 or more");
    check(completed, "the last state is fjsCOMPLETED / fjesCALL_COMPLETED");
    check(on_device, "while transmitting, FaxJobStatus.DeviceId names the sending line");
    check(csid, "once completed, FaxJobStatus.CSID is the receiving line's CSID");
}

static void check_reception(void)
{
    int added = find(&recorder, 0, 1, NULL), call = find(&recorder, 0, 23, NULL);
    WCHAR *id = added >= 0 ? recorder.events[added].id : L"";
    int removed = find(&recorder, 0, 2, id), message = find(&recorder, 0, 7, NULL);
    BOOL receiving = FALSE;

    printf("reception:");
    for (int i = 0; i < recorder.count; i++) {
        const struct event *e = &recorder.events[i];
        if (e->dispid == 1 || e->dispid == 2 || e->dispid == 3 || e->dispid == 7 || e->dispid == 23 || e->dispid == 25)
            printf(" %ld:%ls%s", e->dispid, e->id, e->dispid == 25 ? (e->flags[1] ? "(S)" : e->flags[2] ? "(R)" : "(-)") : "");
    }
    printf("\n");
    check(added >= 0 && !wcsncmp(id, L"recv", 4), "OnIncomingJobAdded(%ls)", id);
    check(call >= 0 && recorder.events[call].device > 0, "OnNewCall on device %ld",
          call >= 0 ? recorder.events[call].device : -1);
    for (int i = 0; i < recorder.count; i++) {
        const struct event *e = &recorder.events[i];
        if (e->dispid == 3 && !wcscmp(e->id, id) && i > added && (removed < 0 || i < removed))
            receiving |= e->type == fjtRECEIVE && e->extended == fjesRECEIVING && e->current_page >= 1;
    }
    check(receiving, "OnIncomingJobChanged says fjesRECEIVING with a page, type fjtRECEIVE");
    check(removed > added, "OnIncomingJobRemoved(%ls) after it was added", id);
    check(message >= 0 && !wcsncmp(recorder.events[message].id, L"fax", 3), "OnIncomingMessageAdded(%ls)",
          message >= 0 ? recorder.events[message].id : L"none");
}

static BOOL config_changed(void)
{
    return find(&vista, 0, 26, NULL) >= 0 && find(&vtable_record, 0, 26, NULL) >= 0;
}

static void check_threads_and_shape(const struct sink *sink);

/* The Vista sinks saw the job's life as the XP recorder did: same events, same order, through Invoke and
 * through the vtable; the FaxServer (IFaxServer2 where the server is one) comes first. */
static void check_vista_sinks(void)
{
    const struct sink *sinks[] = { &vista, &vtable_record };

    for (int k = 0; k < 2; k++) {
        const struct sink *sink = sinks[k];
        int added = find(sink, 0, 4, job_id), removed = find(sink, 0, 5, job_id), same = 0;
        BOOL status = FALSE;
        for (int i = 0; i < sink->count; i++)
            status |= sink->events[i].dispid == 6 && !wcscmp(sink->events[i].id, job_id) && sink->events[i].has_status
                      && sink->events[i].type == fjtSEND;
        for (int i = 0; i < sink->count && i < recorder.count; i++)
            same += sink->events[i].dispid == recorder.events[i].dispid && !wcscmp(sink->events[i].id, recorder.events[i].id);
        check(added >= 0 && removed > added && status, "%s: job %ls added, changed with a FaxJobStatus, removed",
              sink->name, job_id);
        check(sink->count == recorder.count && same == recorder.count,
              "%s: the same %d events as the XP sink, in the same order (%d, %d alike)", sink->name, recorder.count,
              sink->count, same);
        check_threads_and_shape(sink);
    }
}

static void check_threads_and_shape(const struct sink *sink)
{
    BOOL main = TRUE, shaped = TRUE;

    for (int i = 0; i < sink->count; i++)
        main &= sink->events[i].on_main_thread, shaped &= sink->events[i].server_first;
    check(main, "%s: all %d calls came on the thread that created the FaxServer", sink->name, sink->count);
    check(shaped, "%s: every call is DISPATCH_METHOD with the FaxServer as its first argument", sink->name);
}

/* Without a message loop, as under a script host: a call through IDispatch delivers what is waiting. */
static void script_host_delivery(IFaxServer *server)
{
    DISPID id;
    LPOLESTR name = L"RegisteredEvents";
    int before = device_events(&recorder);
    ULONGLONG start = GetTickCount64();
    BOOL seen = FALSE;

    check(line_down_up(), "line %s down and up again through SITE FAXD PORT", line_number);
    IFaxServer_GetIDsOfNames(server, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
    while (!seen && GetTickCount64() - start < HANG_GUARD_MS) {
        DISPPARAMS none = { NULL, NULL, 0, 0 };
        VARIANT result;
        Sleep(50);   /* no message is taken off the queue here */
        VariantInit(&result);
        IFaxServer_Invoke(server, id, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &none, &result, NULL,
                          NULL);
        seen = device_events(&recorder) >= before + 2;
    }
    check(seen, "with no message loop, the two device changes arrived inside IDispatch calls on the FaxServer");
}

static void events(IFaxServer *server)
{
    IConnectionPointContainer *container = NULL;
    IConnectionPoint *point = NULL, *other = (IConnectionPoint *)1, *point2 = NULL, *point3 = NULL;
    IEnumConnectionPoints *points = NULL;
    IEnumConnections *connections = NULL;
    IProvideClassInfo2 *class_info = NULL;
    FAX_SERVER_EVENTS_TYPE_ENUM registered = -1;
    const FAX_SERVER_EVENTS_TYPE_ENUM wanted = fsetOUT_QUEUE | fsetOUT_ARCHIVE | fsetIN_QUEUE | fsetIN_ARCHIVE
                                               | fsetDEVICE_STATUS | fsetINCOMING_CALL | fsetFXSSVC_ENDED
                                               | fsetCONFIG;
    CONNECTDATA data[4];
    ULONG fetched = 0;
    GUID guid;
    IID iid;
    HRESULT hr;

    hr = IFaxServer_QueryInterface(server, &IID_IConnectionPointContainer, (void **)&container);
    check(hr == S_OK, "FaxServer is an IConnectionPointContainer: 0x%08lx", (unsigned long)hr);
    if (!container)
        return;
    check(IConnectionPointContainer_FindConnectionPoint(container, &IID_IFaxServer, &other) == CONNECT_E_NOCONNECTION
          && !other, "no connection point for IFaxServer");
    check(IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxServerNotify, &point) == S_OK,
          "FindConnectionPoint(IFaxServerNotify)");
    check(IConnectionPoint_GetConnectionInterface(point, &iid) == S_OK && IsEqualIID(&iid, &DIID_IFaxServerNotify),
          "its interface is IFaxServerNotify");
    check(IConnectionPointContainer_EnumConnectionPoints(container, &points) == S_OK, "EnumConnectionPoints");
    if (points) {
        IConnectionPoint *found[4] = { NULL, NULL, NULL, NULL };
        check(IEnumConnectionPoints_Next(points, 4, found, &fetched) == S_FALSE && fetched == 3 && found[0] == point,
              "three connection points, XP's IFaxServerNotify first (%lu)", fetched);
        for (ULONG i = 0; i < fetched; i++)
            IConnectionPoint_Release(found[i]);
        IEnumConnectionPoints_Release(points);
    }
    check(IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxServerNotify2, &point2) == S_OK
          && IConnectionPoint_GetConnectionInterface(point2, &iid) == S_OK && IsEqualIID(&iid, &DIID_IFaxServerNotify2),
          "FindConnectionPoint(IFaxServerNotify2), Vista's dispinterface");
    check(IConnectionPointContainer_FindConnectionPoint(container, &IID__IFaxServerNotify2, &point3) == S_OK
          && IConnectionPoint_GetConnectionInterface(point3, &iid) == S_OK && IsEqualIID(&iid, &IID__IFaxServerNotify2),
          "FindConnectionPoint(_IFaxServerNotify2), Vista's vtable interface");
    if (!point2 || !point3)
        return;
    DWORD refused = 1;
    check(IConnectionPoint_Advise(point3, (IUnknown *)&raiser.IDispatch_iface, &refused) == CONNECT_E_CANNOTCONNECT
          && refused == 0, "a sink with IDispatch alone cannot take the vtable point");
    check(IConnectionPoint_Advise(point2, (IUnknown *)&vista.IDispatch_iface, &vista.cookie) == S_OK
          && IConnectionPoint_Advise(point3, (IUnknown *)&vtable_sink, &vtable_record.cookie) == S_OK,
          "an IFaxServerNotify2 sink and an _IFaxServerNotify2 (vtable) sink advised");
    hr = IFaxServer_QueryInterface(server, &IID_IProvideClassInfo2, (void **)&class_info);
    check(hr == S_OK && IProvideClassInfo2_GetGUID(class_info, GUIDKIND_DEFAULT_SOURCE_DISP_IID, &guid) == S_OK
          && IsEqualGUID(&guid, &DIID_IFaxServerNotify), "IProvideClassInfo2 names IFaxServerNotify as the source");
    if (class_info)
        IProvideClassInfo2_Release(class_info);

    /* advised in this order: the raiser is called first and must not stop the others */
    check(IConnectionPoint_Advise(point, (IUnknown *)&raiser.IDispatch_iface, &raiser.cookie) == S_OK
          && IConnectionPoint_Advise(point, (IUnknown *)&leaver.IDispatch_iface, &leaver.cookie) == S_OK
          && IConnectionPoint_Advise(point, (IUnknown *)&recorder.IDispatch_iface, &recorder.cookie) == S_OK,
          "three sinks advised");
    leaver.point = point;
    check(IConnectionPoint_EnumConnections(point, &connections) == S_OK, "EnumConnections");
    if (connections) {
        check(IEnumConnections_Next(connections, 4, data, &fetched) == S_FALSE && fetched == 3
              && data[2].dwCookie == recorder.cookie, "three connections listed (%lu)", fetched);
        for (ULONG i = 0; i < fetched; i++)
            IUnknown_Release(data[i].pUnk);
        IEnumConnections_Release(connections);
    }
    check_failure(IFaxServer_ListenToServerEvents(server, 0x400), E_INVALIDARG, "fset", "ListenToServerEvents(0x400)");
    hr = IFaxServer_ListenToServerEvents(server, wanted);
    check(hr == S_OK, "ListenToServerEvents(0x%x): 0x%08lx %s", wanted, (unsigned long)hr, FAILED(hr) ? last_error() : "");
    check(IFaxServer_get_RegisteredEvents(server, &registered) == S_OK && registered == wanted,
          "RegisteredEvents is what was asked (0x%x)", registered);

    /* a job's whole life, and the fax it becomes on the receiving line */
    if (submit(server)) {
        check(pump_until(job_archived), "the job's and the reception's events arrived through the message loop");
        check_job_life();
        check_reception();
    }
    check(leaver.count == 1 && leaver.point == NULL, "the sink that unadvised itself was called once (%d)",
          leaver.count);
    check(raiser.count == recorder.count, "the raising sink saw every event as well (%d, %d)", raiser.count,
          recorder.count);

    check_vista_sinks();

    /* an administrator changes a setting: OnGeneralServerConfigChanged, to the Vista sinks only */
    check(site_command("SITE FAXD SET Retries 3"), "SITE FAXD SET Retries 3 (an administrator's change)");
    check(pump_until(config_changed), "OnGeneralServerConfigChanged reached both Vista sinks");
    check(find(&recorder, 0, 26, NULL) < 0 && find(&raiser, 0, 26, NULL) < 0,
          "the XP sinks (IFaxServerNotify) are not called with DISPID 26");
    check(IConnectionPoint_Unadvise(point2, vista.cookie) == S_OK
          && IConnectionPoint_Unadvise(point3, vtable_record.cookie) == S_OK, "the Vista sinks unadvised");
    IConnectionPoint_Release(point2);
    IConnectionPoint_Release(point3);

    /* a device taken down and up */
    int before = recorder.count;
    raiser_target = device_events(&raiser) + 2;
    check(line_down_up(), "line %s down and up again through SITE FAXD PORT", line_number);
    check(pump_until(raiser_reached), "two device status changes arrived");
    int down = -1, up = -1;
    for (int i = before; i < recorder.count; i++) {
        if (recorder.events[i].dispid != 25)
            continue;
        if (down < 0 && recorder.events[i].flags[0] == VARIANT_TRUE)
            down = i;
        else if (down >= 0 && recorder.events[i].flags[0] == VARIANT_FALSE)
            up = i;
    }
    check(down >= 0 && recorder.events[down].device > 0, "OnDeviceStatusChange: device %ld powered off",
          down >= 0 ? recorder.events[down].device : -1);
    check(up > down, "then the same device ready again (powered off FALSE)");
    check(down >= 0 && up > down && recorder.events[up].device == recorder.events[down].device,
          "both changes name the same device");
    check_threads_and_shape(&recorder);
    check_threads_and_shape(&raiser);

    script_host_delivery(server);

    /* Unadvise stops the recorder; the raiser, still advised, shows the events went on */
    check(IConnectionPoint_Unadvise(point, recorder.cookie) == S_OK, "Unadvise(recorder)");
    check(IConnectionPoint_Unadvise(point, recorder.cookie) == CONNECT_E_NOCONNECTION, "a second Unadvise fails");
    before = recorder.count;
    raiser_target = device_events(&raiser) + 2;
    check(line_down_up(), "line down and up with the recorder unadvised");
    check(pump_until(raiser_reached), "the raiser saw the two changes");
    check(recorder.count == before, "the unadvised recorder saw nothing more (%d, %d)", recorder.count, before);

    /* fsetNONE stops the feed: what happens meanwhile never arrives (proved by counting after listening again) */
    check(IFaxServer_ListenToServerEvents(server, fsetNONE) == S_OK, "ListenToServerEvents(fsetNONE)");
    check(IFaxServer_get_RegisteredEvents(server, &registered) == S_OK && registered == fsetNONE,
          "RegisteredEvents is fsetNONE");
    int silent = device_events(&raiser);
    check(line_down_up(), "line down and up while not listening");
    check(IFaxServer_ListenToServerEvents(server, fsetDEVICE_STATUS) == S_OK, "listening to device status again");
    raiser_target = silent + 2;
    check(line_down_up(), "line down and up while listening again");
    check(pump_until(raiser_reached), "the two changes made while listening arrived");
    check(device_events(&raiser) == silent + 2, "and only those: nothing from while fsetNONE was set (%d, %d)",
          device_events(&raiser), silent + 2);

    /* Disconnect stops the listener (its thread and session); the sinks stay advised */
    check(IFaxServer_Disconnect(server) == S_OK, "Disconnect while listening");
    check_failure(IFaxServer_get_RegisteredEvents(server, &registered), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                  "Connect first", "RegisteredEvents after Disconnect");
    check_failure(IFaxServer_ListenToServerEvents(server, fsetOUT_QUEUE), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                  "Connect first", "ListenToServerEvents after Disconnect");
    IConnectionPoint_Release(point);
    IConnectionPointContainer_Release(container);
}

/* ---- against a real HylaFAX server ---- */

static BOOL job_pending(void)
{
    for (int i = 0; i < recorder.count; i++)
        if (recorder.events[i].dispid == 6 && !wcscmp(recorder.events[i].id, job_id)
            && recorder.events[i].status == fjsPENDING)
            return TRUE;
    return FALSE;
}

static BOOL job_removed(void)
{
    return find(&recorder, 0, 5, job_id) >= 0;
}

/* hfaxd 6.0's faxq reaps a dead job ("Corpus reaped", OnOutgoingJobRemoved) at its next scheduler run, and
 * its scheduler drops a poke that comes in the same second as a delayed run; on an idle server nothing else
 * pokes it. So while the removal has not come, every 15 s another job is submitted and killed: a client's
 * ordinary work, which runs the scheduler. Never an assertion about time. */
static BOOL removed_with_nudges(IFaxServer *server)
{
    ULONGLONG start = GetTickCount64();

    while (!job_removed() && GetTickCount64() - start < HANG_GUARD_MS) {
        ULONGLONG quiet_since = GetTickCount64();
        while (!job_removed() && GetTickCount64() - quiet_since < 15000) {
            MSG msg;
            MsgWaitForMultipleObjects(0, NULL, FALSE, 50, QS_ALLINPUT);
            while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
                TranslateMessage(&msg);
                DispatchMessageW(&msg);
            }
        }
        WCHAR other[64] = L"";
        char kill[100];
        if (!job_removed() && submit_to(server, line_number, other)) {
            snprintf(kill, sizeof(kill), "JKILL %ls", other);
            site_command(kill);
        }
    }
    return job_removed();
}

static void hylafax_events(IFaxServer *server)
{
    IConnectionPointContainer *container = NULL;
    IConnectionPoint *point = NULL;
    char kill[80];
    HRESULT hr;

    IFaxServer_QueryInterface(server, &IID_IConnectionPointContainer, (void **)&container);
    if (!container || IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxServerNotify, &point) != S_OK
        || IConnectionPoint_Advise(point, (IUnknown *)&recorder.IDispatch_iface, &recorder.cookie) != S_OK) {
        check(0, "a sink advised on FaxServer's connection point");
        goto done;
    }
    hr = IFaxServer_ListenToServerEvents(server, fsetOUT_QUEUE | fsetFXSSVC_ENDED);
    check(hr == S_OK, "ListenToServerEvents on HylaFAX (SITE TRIGGER J*S*): 0x%08lx %s", (unsigned long)hr,
          FAILED(hr) ? last_error() : "");
    if (FAILED(hr) || !submit(server))
        goto done;
    check(pump_until(job_pending), "job %ls: added, then pending (Ready to send)", job_id);
    snprintf(kill, sizeof(kill), "JKILL %ls", job_id);
    check(site_command(kill), "job %ls killed through HylaFAX's JKILL", job_id);
    check(removed_with_nudges(server), "job %ls removed", job_id);
    int added = find(&recorder, 0, 4, job_id), removed = find(&recorder, 0, 5, job_id);
    BOOL canceling = FALSE, canceled = FALSE;
    for (int i = added + 1; added >= 0 && i < removed; i++) {
        canceling |= recorder.events[i].dispid == 6 && recorder.events[i].status == fjsCANCELING;
        canceled |= recorder.events[i].dispid == 6 && recorder.events[i].status == fjsCANCELED && canceling;
    }
    printf("job %ls on HylaFAX as the sink saw it:", job_id);
    for (int i = 0; i < recorder.count; i++)
        if (!wcscmp(recorder.events[i].id, job_id))
            printf(" %ld(0x%lx)", recorder.events[i].dispid, recorder.events[i].status);
    printf("\n");
    check(added >= 0 && removed > added, "OnOutgoingJobAdded before OnOutgoingJobRemoved (%d, %d)", added, removed);
    check(canceling && canceled, "in between: fjsCANCELING (killed), then fjsCANCELED (marked dead)");
    check_threads_and_shape(&recorder);
    check(IFaxServer_ListenToServerEvents(server, fsetNONE) == S_OK, "ListenToServerEvents(fsetNONE) on HylaFAX");
    check(IConnectionPoint_Unadvise(point, recorder.cookie) == S_OK, "Unadvise");
done:
    if (point)
        IConnectionPoint_Release(point);
    if (container)
        IConnectionPointContainer_Release(container);
}

/* ---- busy and no answer over a SIP line: each failed job's OnOutgoingJobChanged names the cause ---- */

static WCHAR failing_id[64];
static BOOL failing_removed(void)
{
    return find(&recorder, 0, 5, failing_id) >= 0;
}

/* One job to a number that fails; faxd tries it once (max-dials 1), so it ends at its first failure. */
static void failure(IFaxServer *server, const char *number, LONG expected, const char *what)
{
    BOOL named = FALSE, on_device = FALSE, failed = FALSE;

    if (!submit_to(server, number, failing_id))
        return;
    check(pump_until(failing_removed), "%s: job %ls ran and left the queue", what, failing_id);
    printf("%s: job %ls as the sink saw it:", what, failing_id);
    for (int i = 0; i < recorder.count; i++) {
        const struct event *e = &recorder.events[i];
        if (e->dispid != 6 || wcscmp(e->id, failing_id))
            continue;
        printf(" changed(0x%lx/%ld dev %ld)", e->status, e->extended, e->device);
        named |= e->extended == expected;
        on_device |= e->extended == expected && e->device > 0;
        failed |= e->status == fjsFAILED && e->extended == expected;
    }
    printf("\n");
    check(named, "%s: an OnOutgoingJobChanged carries ExtendedStatusCode %ld", what, expected);
    check(on_device, "%s: with the DeviceId of the SIP line that dialled", what);
    check(failed, "%s: the job ends fjsFAILED with that code (no retries left)", what);
}

static void failure_events(IFaxServer *server, const char *busy, const char *silent)
{
    IConnectionPointContainer *container = NULL;
    IConnectionPoint *point = NULL;

    IFaxServer_QueryInterface(server, &IID_IConnectionPointContainer, (void **)&container);
    if (!container || IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxServerNotify, &point) != S_OK
        || IConnectionPoint_Advise(point, (IUnknown *)&recorder.IDispatch_iface, &recorder.cookie) != S_OK) {
        check(0, "a sink advised on FaxServer's connection point");
        goto done;
    }
    check(IFaxServer_ListenToServerEvents(server, fsetOUT_QUEUE) == S_OK, "ListenToServerEvents(fsetOUT_QUEUE)");
    failure(server, busy, fjesBUSY, "busy (the far end answers 486)");
    if (silent[0])
        failure(server, silent, fjesNO_ANSWER, "no answer (the far end rings and never answers)");
    else
        printf("SKIP no answer: no ringing peer (sipp is not installed)\n");
    check_threads_and_shape(&recorder);
    check(IConnectionPoint_Unadvise(point, recorder.cookie) == S_OK, "Unadvise");
done:
    if (point)
        IConnectionPoint_Release(point);
    if (container)
        IConnectionPointContainer_Release(container);
}

/* ---- a FaxAccount's events: this user's jobs, not another user's ---- */

/* IFaxAccountNotify as a script or VB sink takes it, and _IFaxAccountNotify as a C++ sink does (its Invoke refuses,
 * so only vtable calls count); the FaxServer's own sink shows bob's job was in the feed. */
static struct sink account_sink = { .IDispatch_iface = { &sink_vtbl }, .ref = 1, .name = "IFaxAccountNotify sink",
                                    .answer = S_OK };
static struct sink account_vtable_record = { .name = "_IFaxAccountNotify sink" };
static LONG account_vtable_ref = 1;

static struct event *account_event(DISPID id, IUnknown *first, BSTR text)
{
    struct sink *record = &account_vtable_record;
    struct event *e = record->count < MAX_EVENTS ? &record->events[record->count++] : NULL;
    IFaxAccount *account = NULL;

    if (e) {
        memset(e, 0, sizeof(*e));
        e->dispid = id;
        e->on_main_thread = GetCurrentThreadId() == main_thread;
        e->server_first = first != NULL;
        e->account_first = first && SUCCEEDED(IUnknown_QueryInterface(first, &IID_IFaxAccount, (void **)&account));
        if (account)
            IFaxAccount_Release(account);
        if (text)
            wcsncpy(e->id, text, ARRAYSIZE(e->id) - 1);
    }
    return e;
}

#define ACCOUNT_ID(name, id) \
    static HRESULT STDMETHODCALLTYPE a_##name(_IFaxAccountNotify *This, IFaxAccount *account, BSTR text) \
    { account_event(id, (IUnknown *)account, text); return S_OK; }
#define ACCOUNT_STATUS(name, id) \
    static HRESULT STDMETHODCALLTYPE a_##name(_IFaxAccountNotify *This, IFaxAccount *account, BSTR text, \
                                              IFaxJobStatus *status) \
    { struct event *e = account_event(id, (IUnknown *)account, text); if (e) read_status((IDispatch *)status, e); \
      return S_OK; }
#define ACCOUNT_MESSAGE(name, id) \
    static HRESULT STDMETHODCALLTYPE a_##name(_IFaxAccountNotify *This, IFaxAccount *account, BSTR text, \
                                              VARIANT_BOOL in_folder) \
    { struct event *e = account_event(id, (IUnknown *)account, text); if (e) e->flags[0] = in_folder; return S_OK; }
ACCOUNT_ID(OnIncomingJobAdded, 1) ACCOUNT_ID(OnIncomingJobRemoved, 2) ACCOUNT_STATUS(OnIncomingJobChanged, 3)
ACCOUNT_ID(OnOutgoingJobAdded, 4) ACCOUNT_ID(OnOutgoingJobRemoved, 5) ACCOUNT_STATUS(OnOutgoingJobChanged, 6)
ACCOUNT_MESSAGE(OnIncomingMessageAdded, 7) ACCOUNT_MESSAGE(OnIncomingMessageRemoved, 8)
ACCOUNT_ID(OnOutgoingMessageAdded, 9) ACCOUNT_ID(OnOutgoingMessageRemoved, 10)

static HRESULT STDMETHODCALLTYPE a_OnServerShutDown(_IFaxAccountNotify *This, IFaxServer2 *server)
{
    account_event(11, (IUnknown *)server, NULL);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE a_QueryInterface(_IFaxAccountNotify *This, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)
        || IsEqualIID(riid, &IID__IFaxAccountNotify)) {
        *out = This;
        InterlockedIncrement(&account_vtable_ref);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE a_AddRef(_IFaxAccountNotify *This)
{
    return InterlockedIncrement(&account_vtable_ref);
}

static ULONG STDMETHODCALLTYPE a_Release(_IFaxAccountNotify *This)
{
    return InterlockedDecrement(&account_vtable_ref);
}

static HRESULT STDMETHODCALLTYPE a_GetTypeInfoCount(_IFaxAccountNotify *This, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE a_GetTypeInfo(_IFaxAccountNotify *This, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE a_GetIDsOfNames(_IFaxAccountNotify *This, REFIID riid, LPOLESTR *names, UINT count,
                                                 LCID lcid, DISPID *ids)
{
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE a_Invoke(_IFaxAccountNotify *This, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return E_NOTIMPL;   /* a vtable sink: FaxAccount must call the methods themselves */
}

static const _IFaxAccountNotifyVtbl account_vtable_sink_vtbl = {
    a_QueryInterface, a_AddRef, a_Release, a_GetTypeInfoCount, a_GetTypeInfo, a_GetIDsOfNames, a_Invoke,
    a_OnIncomingJobAdded, a_OnIncomingJobRemoved, a_OnIncomingJobChanged, a_OnOutgoingJobAdded,
    a_OnOutgoingJobRemoved, a_OnOutgoingJobChanged, a_OnIncomingMessageAdded, a_OnIncomingMessageRemoved,
    a_OnOutgoingMessageAdded, a_OnOutgoingMessageRemoved, a_OnServerShutDown,
};
static _IFaxAccountNotify account_vtable_sink = { &account_vtable_sink_vtbl };

static WCHAR bob_job[64];
static const char *bob_job_file;

/* The harness writes bob's job id once it is queued (a file renamed into place: whole when seen). */
static BOOL bob_job_known(void)
{
    FILE *file = fopen(bob_job_file, "r");
    char text[64] = "";

    if (!file)
        return FALSE;
    if (fgets(text, sizeof(text), file))
        text[strcspn(text, "\r\n")] = 0;
    fclose(file);
    MultiByteToWideChar(CP_UTF8, 0, text, -1, bob_job, ARRAYSIZE(bob_job));
    return TRUE;
}

static BOOL account_saw_all(void)
{
    const struct sink *sinks[] = { &account_sink, &account_vtable_record };

    for (int k = 0; k < 2; k++)
        if (find(sinks[k], 0, 9, job_id) < 0 || find(sinks[k], 0, 7, NULL) < 0)
            return FALSE;
    return find(&recorder, 0, 4, bob_job) >= 0;
}

/* One account sink's story: the job added, changed, removed and archived; the reception; nothing of bob's. */
static void check_account_sink(const struct sink *sink)
{
    int added = find(sink, 0, 4, job_id), removed = find(sink, 0, 5, job_id), archived = find(sink, 0, 9, job_id);
    int in_added = find(sink, 0, 1, NULL), message = find(sink, 0, 7, NULL), changes = 0, others = 0;
    BOOL shaped = TRUE, main = TRUE;

    for (int i = 0; i < sink->count; i++) {
        const struct event *e = &sink->events[i];
        changes += e->dispid == 6 && !wcscmp(e->id, job_id) && e->has_status && e->type == fjtSEND;
        others += e->dispid >= 4 && e->dispid <= 10 && e->dispid != 7 && e->dispid != 8 && wcscmp(e->id, job_id);
        shaped &= e->account_first;
        main &= e->on_main_thread;
    }
    printf("%s:", sink->name);
    for (int i = 0; i < sink->count; i++)
        printf(" %ld:%ls", sink->events[i].dispid, sink->events[i].id);
    printf("\n");
    check(added >= 0 && removed > added && archived > removed, "%s: job %ls added, removed, then archived (%d %d %d)",
          sink->name, job_id, added, removed, archived);
    check(changes >= 3, "%s: %d OnOutgoingJobChanged with a FaxJobStatus of type fjtSEND", sink->name, changes);
    check(others == 0, "%s: no outgoing event of another job (bob's %ls): %d", sink->name, bob_job, others);
    check(in_added >= 0 && !wcsncmp(sink->events[in_added].id, L"recv", 4),
          "%s: OnIncomingJobAdded (the server's incoming queue is the account's)", sink->name);
    check(message >= 0 && !wcsncmp(sink->events[message].id, L"fax", 3)
          && sink->events[message].flags[0] == VARIANT_TRUE,
          "%s: OnIncomingMessageAdded(%ls, fAddedToReceiveFolder TRUE)", sink->name,
          message >= 0 ? sink->events[message].id : L"none");
    check(shaped, "%s: every call has the FaxAccount as its first argument", sink->name);
    check(main, "%s: every call came on the thread that created the FaxAccount", sink->name);
}

/* Without a message loop, as under a script host: a call through the account's IDispatch delivers what waits. */
static void account_script_host_delivery(IFaxAccount *account, IFaxServer *server)
{
    WCHAR second[64] = L"";
    DISPID id;
    LPOLESTR name = L"AccountName";
    ULONGLONG start = GetTickCount64();
    BOOL seen = FALSE;

    if (!submit_to(server, line_number, second))
        return;
    IFaxAccount_GetIDsOfNames(account, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
    while (!seen && GetTickCount64() - start < HANG_GUARD_MS) {
        DISPPARAMS none = { NULL, NULL, 0, 0 };
        VARIANT result;
        Sleep(50);   /* no message is taken off the queue here */
        VariantInit(&result);
        IFaxAccount_Invoke(account, id, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &none, &result, NULL,
                           NULL);
        VariantClear(&result);
        seen = find(&account_sink, 0, 4, second) >= 0;
    }
    check(seen, "with no message loop, OnOutgoingJobAdded(%ls) arrived inside an IDispatch call on the FaxAccount",
          second);
}

static void account_events(IFaxServer *server, const char *flag)
{
    IFaxServer2 *server2 = NULL;
    IFaxAccount *account = NULL;
    IConnectionPointContainer *container = NULL, *server_container = NULL;
    IConnectionPoint *point = NULL, *vtable_point = NULL, *server_point = NULL;
    IEnumConnectionPoints *points = NULL;
    IProvideClassInfo2 *class_info = NULL;
    FAX_ACCOUNT_EVENTS_TYPE_ENUM registered = -1;
    const FAX_ACCOUNT_EVENTS_TYPE_ENUM wanted = faetIN_QUEUE | faetOUT_QUEUE | faetIN_ARCHIVE | faetOUT_ARCHIVE
                                                | faetFXSSVC_ENDED;
    ULONG fetched = 0;
    DWORD refused = 1;
    GUID guid;
    IID iid;
    HANDLE file;

    if (IFaxServer_QueryInterface(server, &IID_IFaxServer2, (void **)&server2) != S_OK
        || IFaxServer2_get_CurrentAccount(server2, &account) != S_OK) {
        check(0, "IFaxServer2.CurrentAccount: %s", last_error());
        goto done;
    }
    check(IFaxAccount_QueryInterface(account, &IID_IConnectionPointContainer, (void **)&container) == S_OK,
          "FaxAccount is an IConnectionPointContainer");
    if (!container)
        goto done;
    check(IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxServerNotify, &point)
          == CONNECT_E_NOCONNECTION && !point, "no IFaxServerNotify point on a FaxAccount");
    check(IConnectionPointContainer_EnumConnectionPoints(container, &points) == S_OK, "EnumConnectionPoints");
    if (points) {
        IConnectionPoint *found[3] = { NULL, NULL, NULL };
        check(IEnumConnectionPoints_Next(points, 3, found, &fetched) == S_FALSE && fetched == 2,
              "two connection points (%lu)", fetched);
        for (ULONG i = 0; i < fetched; i++)
            IConnectionPoint_Release(found[i]);
        IEnumConnectionPoints_Release(points);
    }
    check(IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxAccountNotify, &point) == S_OK
          && IConnectionPoint_GetConnectionInterface(point, &iid) == S_OK && IsEqualIID(&iid, &DIID_IFaxAccountNotify),
          "FindConnectionPoint(IFaxAccountNotify), the dispinterface");
    check(IConnectionPointContainer_FindConnectionPoint(container, &IID__IFaxAccountNotify, &vtable_point) == S_OK
          && IConnectionPoint_GetConnectionInterface(vtable_point, &iid) == S_OK
          && IsEqualIID(&iid, &IID__IFaxAccountNotify),
          "FindConnectionPoint(_IFaxAccountNotify), the vtable interface");
    check(IFaxAccount_QueryInterface(account, &IID_IProvideClassInfo2, (void **)&class_info) == S_OK
          && IProvideClassInfo2_GetGUID(class_info, GUIDKIND_DEFAULT_SOURCE_DISP_IID, &guid) == S_OK
          && IsEqualGUID(&guid, &DIID_IFaxAccountNotify), "IProvideClassInfo2 names IFaxAccountNotify as the source");
    if (class_info)
        IProvideClassInfo2_Release(class_info);
    if (!point || !vtable_point)
        goto done;
    check(IConnectionPoint_Advise(vtable_point, (IUnknown *)&raiser.IDispatch_iface, &refused)
          == CONNECT_E_CANNOTCONNECT && refused == 0, "a sink with IDispatch alone cannot take the vtable point");
    check(IConnectionPoint_Advise(point, (IUnknown *)&account_sink.IDispatch_iface, &account_sink.cookie) == S_OK
          && IConnectionPoint_Advise(vtable_point, (IUnknown *)&account_vtable_sink, &account_vtable_record.cookie)
             == S_OK, "an IFaxAccountNotify sink and an _IFaxAccountNotify (vtable) sink advised");
    IFaxServer_QueryInterface(server, &IID_IConnectionPointContainer, (void **)&server_container);
    check(server_container && IConnectionPointContainer_FindConnectionPoint(server_container, &DIID_IFaxServerNotify,
                                                                            &server_point) == S_OK
          && IConnectionPoint_Advise(server_point, (IUnknown *)&recorder.IDispatch_iface, &recorder.cookie) == S_OK
          && IFaxServer_ListenToServerEvents(server, fsetOUT_QUEUE) == S_OK,
          "the FaxServer's own sink listens to the whole outgoing queue");

    check_failure(IFaxAccount_ListenToAccountEvents(account, 0x20), E_INVALIDARG, "faet",
                  "ListenToAccountEvents(0x20)");
    HRESULT hr = IFaxAccount_ListenToAccountEvents(account, wanted);
    check(hr == S_OK, "ListenToAccountEvents(0x%x): 0x%08lx %s", wanted, (unsigned long)hr,
          FAILED(hr) ? last_error() : "");
    check(IFaxAccount_get_RegisteredEvents(account, &registered) == S_OK && registered == wanted,
          "RegisteredEvents is what was asked (0x%x)", registered);
    file = CreateFileA(flag, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);   /* the harness submits bob's job */
    check(file != INVALID_HANDLE_VALUE, "the flag file %s written", flag);
    CloseHandle(file);
    check(pump_until(bob_job_known) && bob_job[0], "bob's job was submitted over the protocol (%ls)", bob_job);
    /* bob's job entered the feed before ours: once ours is archived, anything of bob's would have come */
    if (submit(server)) {
        check(pump_until(account_saw_all), "both account sinks saw the job archived and the fax received; the "
              "FaxServer's sink saw bob's job added");
        check_account_sink(&account_sink);
        check_account_sink(&account_vtable_record);
        account_script_host_delivery(account, server);
    }

    check(IFaxAccount_ListenToAccountEvents(account, faetNONE) == S_OK
          && IFaxAccount_get_RegisteredEvents(account, &registered) == S_OK && registered == faetNONE,
          "ListenToAccountEvents(faetNONE) stops; RegisteredEvents says so");
    check(IConnectionPoint_Unadvise(point, account_sink.cookie) == S_OK
          && IConnectionPoint_Unadvise(vtable_point, account_vtable_record.cookie) == S_OK
          && IConnectionPoint_Unadvise(server_point, recorder.cookie) == S_OK, "the sinks unadvised");
    IFaxServer_ListenToServerEvents(server, fsetNONE);
done:
    if (server_point)
        IConnectionPoint_Release(server_point);
    if (server_container)
        IConnectionPointContainer_Release(server_container);
    if (vtable_point)
        IConnectionPoint_Release(vtable_point);
    if (point)
        IConnectionPoint_Release(point);
    if (container)
        IConnectionPointContainer_Release(container);
    if (account)
        check(IFaxAccount_Release(account) == 0, "the FaxAccount goes with its last reference");
    if (server2)
        IFaxServer2_Release(server2);
}

/* ---- the service stops ---- */

static BOOL shut_down(void)
{
    return find(&recorder, 0, 24, NULL) >= 0;
}

static void shutdown_event(IFaxServer *server, const char *flag)
{
    IConnectionPointContainer *container = NULL;
    IConnectionPoint *point = NULL;
    FAX_SERVER_EVENTS_TYPE_ENUM registered = 0;
    HANDLE file;

    IFaxServer_QueryInterface(server, &IID_IConnectionPointContainer, (void **)&container);
    if (!container || IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxServerNotify, &point) != S_OK
        || IConnectionPoint_Advise(point, (IUnknown *)&recorder.IDispatch_iface, &recorder.cookie) != S_OK) {
        check(0, "a sink advised on FaxServer's connection point");
        goto done;
    }
    check(IFaxServer_ListenToServerEvents(server, fsetFXSSVC_ENDED) == S_OK,
          "ListenToServerEvents(fsetFXSSVC_ENDED) alone (a trigger that matches no event)");
    file = CreateFileA(flag, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);   /* the harness stops faxd now */
    check(file != INVALID_HANDLE_VALUE, "the flag file %s written", flag);
    CloseHandle(file);
    check(pump_until(shut_down), "OnServerShutDown arrived when faxd stopped");
    check(recorder.count == 1, "and nothing else (%d calls)", recorder.count);
    check_threads_and_shape(&recorder);
    check(IFaxServer_get_RegisteredEvents(server, &registered) == S_OK && registered == fsetFXSSVC_ENDED,
          "RegisteredEvents still says what was asked");
    check(IConnectionPoint_Unadvise(point, recorder.cookie) == S_OK, "Unadvise");
done:
    if (point)
        IConnectionPoint_Release(point);
    if (container)
        IConnectionPointContainer_Release(container);
}

int main(int argc, char **argv)
{
    IFaxServer *server = NULL;
    FAX_SERVER_EVENTS_TYPE_ENUM registered;
    BSTR name;
    HRESULT hr;
    char *colon;

    if (argc != 4 && !(argc == 5 && !strcmp(argv[3], "shutdown")) && !(argc == 6 && !strcmp(argv[3], "failures"))
        && !(argc == 7 && !strcmp(argv[3], "account"))) {
        fprintf(stderr, "usage: comex_events.exe <fixture folder> <server host:port> <receiving line number>|hylafax"
                        "|shutdown <flag file>|failures <busy number> <no-answer number or \"\">"
                        "|account <receiving line> <flag file> <job file>\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, server_name, ARRAYSIZE(server_name));
    snprintf(host, sizeof(host), "%s", argv[2]);
    if ((colon = strchr(host, ':')))
        *colon = 0, port = atoi(colon + 1);
    snprintf(line_number, sizeof(line_number), "%s", argv[3]);
    main_thread = GetCurrentThreadId();
    CoInitialize(NULL);
    hr = CoCreateInstance(&CLSID_FaxServer, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxServer, (void **)&server);
    check(hr == S_OK, "CoCreateInstance(FaxComEx.FaxServer): 0x%08lx", (unsigned long)hr);
    if (server) {
        check_failure(IFaxServer_ListenToServerEvents(server, fsetOUT_QUEUE), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                      "Connect first", "ListenToServerEvents before Connect");
        check_failure(IFaxServer_get_RegisteredEvents(server, &registered), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                      "Connect first", "RegisteredEvents before Connect");
        name = SysAllocString(server_name);
        hr = IFaxServer_Connect(server, name);
        check(hr == S_OK, "Connect(%ls): 0x%08lx %s", server_name, (unsigned long)hr, FAILED(hr) ? last_error() : "");
        SysFreeString(name);
        if (SUCCEEDED(hr) && argc == 7) {
            snprintf(line_number, sizeof(line_number), "%s", argv[4]);
            bob_job_file = argv[6];
            account_events(server, argv[5]);
        } else if (SUCCEEDED(hr) && argc == 6) {
            failure_events(server, argv[4], argv[5]);
        } else if (SUCCEEDED(hr) && argc == 5) {
            shutdown_event(server, argv[4]);
        } else if (SUCCEEDED(hr) && !strcmp(line_number, "hylafax")) {
            snprintf(line_number, sizeof(line_number), "5551234");   /* nobody dials it: no modem */
            hylafax_events(server);
        } else if (SUCCEEDED(hr)) {
            events(server);
        }
        check(IFaxServer_Release(server) == 0, "the FaxServer goes with its last reference");
    }
    HMODULE dll = GetModuleHandleW(L"fxscomex.dll");
    HRESULT (WINAPI *can_unload)(void) = dll ? (void *)GetProcAddress(dll, "DllCanUnloadNow") : NULL;
    check(can_unload && can_unload() == S_OK, "DllCanUnloadNow: no object left alive (FaxJobStatus snapshots, "
          "enumerators, the server)");
    check(recorder.ref == 1 && raiser.ref == 1 && leaver.ref == 1 && vista.ref == 1 && vtable_ref == 1
          && account_sink.ref == 1 && account_vtable_ref == 1,
          "every sink reference was given back (%ld %ld %ld %ld %ld %ld %ld)", recorder.ref, raiser.ref, leaver.ref,
          vista.ref, vtable_ref, account_sink.ref, account_vtable_ref);
    CoUninitialize();
    printf("FaxComEx events C client: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
