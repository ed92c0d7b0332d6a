/*
 * Event latency of fxscomex.dll (issue 9's benchmark): from a job change on faxd to the sink's call. A job
 * waits in a queue that does not send (both lines send=no); a second, raw protocol session suspends and
 * resumes it (JSUSP/JREST) N times; each change is timed from just before the command is sent to the moment
 * OnOutgoingJobChanged reaches an IDispatch sink through IConnectionPoint and this thread's message loop. So
 * the figure holds the command's trip to faxd, the trigger line back, the reader thread, the posted message
 * and the call. Prints p50, p99 and the worst, in milliseconds. Not a test: nothing is asserted.
 * Usage: comex_event_latency.exe <fixture folder> <host:port> <N>
 */
#define COBJMACROS
#define CONST_VTABLE
#include <winsock2.h>
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <olectl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "faxcomex.h"

static LONG changes;
static LARGE_INTEGER last_change;

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)) {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface) { return 2; }
static ULONG WINAPI sink_Release(IDispatch *iface) { return 1; }
static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count) { *count = 0; return S_OK; }
static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT i, LCID lcid, ITypeInfo **info) { return E_NOTIMPL; }
static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT n, LCID lcid,
                                         DISPID *ids)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params,
                                  VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    if (id == 6) {   /* OnOutgoingJobChanged */
        QueryPerformanceCounter(&last_change);
        changes++;
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl = {
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo, sink_GetIDsOfNames,
    sink_Invoke,
};
static IDispatch sink = { &sink_vtbl };

static BOOL pump_until_changes(LONG wanted)
{
    ULONGLONG start = GetTickCount64();

    while (changes < wanted) {
        MSG msg;
        if (GetTickCount64() - start > 60000)
            return FALSE;
        MsgWaitForMultipleObjects(0, NULL, FALSE, 1000, QS_ALLINPUT);
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
    }
    return TRUE;
}

/* ---- the raw session that changes the job ---- */

static SOCKET control;
static char input[4096];
static int used;

static BOOL read_reply(void)
{
    for (;;) {
        for (char *line = input; ; ) {
            char *end = memchr(line, '\n', (size_t)(input + used - line));
            if (!end)
                break;
            BOOL final = end - line >= 4 && line[3] == ' ';
            line = end + 1;
            if (final) {
                used -= (int)(line - input);
                memmove(input, line, (size_t)used);
                return TRUE;
            }
        }
        int got = recv(control, input + used, (int)sizeof(input) - used, 0);
        if (got <= 0)
            return FALSE;
        used += got;
    }
}

static BOOL send_command(const char *command)
{
    char line[200];
    int n = snprintf(line, sizeof(line), "%s\r\n", command);
    return send(control, line, n, 0) == n && read_reply();
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    WCHAR fixtures[MAX_PATH], server_name[300], body_path[MAX_PATH + 20];
    char host[256], *colon, command[64], job[32] = "";
    IFaxServer *server = NULL;
    IFaxDocument *doc = NULL;
    IFaxRecipients *recipients = NULL;
    IFaxRecipient *recipient = NULL;
    IConnectionPointContainer *container = NULL;
    IConnectionPoint *point = NULL;
    struct sockaddr_in address = { .sin_family = AF_INET };
    LARGE_INTEGER frequency, sent;
    WSADATA wsa;
    DWORD cookie;
    VARIANT ids;
    int n;

    if (argc != 4 || (n = atoi(argv[3])) < 2) {
        fprintf(stderr, "usage: comex_event_latency.exe <fixture folder> <host:port> <N>\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, server_name, ARRAYSIZE(server_name));
    snprintf(host, sizeof(host), "%s", argv[2]);
    if (!(colon = strchr(host, ':')))
        return 2;
    *colon = 0;
    double *latency = calloc((size_t)n, sizeof(*latency));
    QueryPerformanceFrequency(&frequency);
    CoInitialize(NULL);
    BSTR name = SysAllocString(server_name);
    swprintf(body_path, ARRAYSIZE(body_path), L"%ls\\win2k.tif", fixtures);
    BSTR body = SysAllocString(body_path), to = SysAllocString(L"1002");
    if (FAILED(CoCreateInstance(&CLSID_FaxServer, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxServer, (void **)&server))
        || FAILED(IFaxServer_Connect(server, name))
        || FAILED(IFaxServer_QueryInterface(server, &IID_IConnectionPointContainer, (void **)&container))
        || FAILED(IConnectionPointContainer_FindConnectionPoint(container, &DIID_IFaxServerNotify, &point))
        || FAILED(IConnectionPoint_Advise(point, (IUnknown *)&sink, &cookie))
        || FAILED(IFaxServer_ListenToServerEvents(server, fsetOUT_QUEUE))
        || FAILED(CoCreateInstance(&CLSID_FaxDocument, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxDocument, (void **)&doc))) {
        printf("FaxComEx events could not be set up\n");
        return 1;
    }
    IFaxDocument_put_Body(doc, body);
    IFaxDocument_get_Recipients(doc, &recipients);
    IFaxRecipients_Add(recipients, to, to, &recipient);
    VariantInit(&ids);
    if (FAILED(IFaxDocument_ConnectedSubmit(doc, server, &ids))) {
        printf("the job could not be submitted\n");
        return 1;
    }
    LONG index = 0;
    BSTR id = NULL;
    SafeArrayGetElement(V_ARRAY(&ids), &index, &id);
    WideCharToMultiByte(CP_ACP, 0, id, -1, job, sizeof(job), NULL, NULL);
    pump_until_changes(1);   /* Ready to send */

    WSAStartup(MAKEWORD(2, 2), &wsa);
    address.sin_port = htons((u_short)atoi(colon + 1));
    address.sin_addr.s_addr = inet_addr(host);
    control = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    char user[128] = "bench", login[160];
    DWORD user_size = sizeof(user);
    GetUserNameA(user, &user_size);   /* the job's owner, who may suspend it */
    snprintf(login, sizeof(login), "USER %s", user);
    if (connect(control, (struct sockaddr *)&address, sizeof(address)) || !read_reply() || !send_command(login)) {
        printf("the raw session could not log in\n");
        return 1;
    }
    int done = 0;
    for (; done < n; done++) {
        LONG before = changes;
        snprintf(command, sizeof(command), "%s %s", done % 2 ? "JREST" : "JSUSP", job);
        QueryPerformanceCounter(&sent);
        if (!send_command(command) || !pump_until_changes(before + 1))
            break;
        latency[done] = (double)(last_change.QuadPart - sent.QuadPart) * 1000.0 / (double)frequency.QuadPart;
    }
    qsort(latency, (size_t)done, sizeof(*latency), compare);
    if (done >= 2)
        printf("%d job changes (JSUSP/JREST on faxd) to OnOutgoingJobChanged: p50 %.2f ms, p99 %.2f ms, worst %.2f ms\n",
               done, latency[done / 2], latency[(done * 99) / 100 < done ? (done * 99) / 100 : done - 1],
               latency[done - 1]);
    else
        printf("no change arrived\n");
    snprintf(command, sizeof(command), "JKILL %s", job);
    send_command(command);
    closesocket(control);
    IFaxServer_ListenToServerEvents(server, fsetNONE);
    IConnectionPoint_Unadvise(point, cookie);
    IConnectionPoint_Release(point);
    IConnectionPointContainer_Release(container);
    IFaxRecipient_Release(recipient);
    IFaxRecipients_Release(recipients);
    IFaxDocument_Release(doc);
    IFaxServer_Release(server);
    CoUninitialize();
    free(latency);
    return done == n ? 0 : 1;
}
