/*
 * faxcom.dll's FaxServer object model in a long loop, run under Wine against faxd: its private memory,
 * handles and live objects must stay flat. Each iteration creates a FaxServer, connects, creates a FaxDoc
 * from a TIFF, sets its fields (cover page included), sends it, lists the queue with GetJobs, walks every
 * job by Item(i) and by the For Each enumerator (IDispatch DISPID_NEWENUM, as scripts do), reads the
 * job's values (the JPARM-loaded ones too, for its own job), deletes its own job (JC_DELETE) and releases
 * everything; every other iteration calls Disconnect first, the others leave that to the last Release.
 *
 * faxd should run with both lines send=no: the jobs stay queued, nothing dials. The first KEPT jobs are
 * left in the queue so that every GetJobs walks a queue of KEPT + 1 jobs; all later ones are deleted, so
 * after the warm-up each iteration sees the same queue. (Letting 1000 jobs pile up would make every
 * GetJobs snapshot bigger than the one before: memory growth that is no leak, and a quadratic loop.)
 *
 * Private bytes are taken after the warm-up iterations and at the end, with K32GetProcessMemoryInfo:
 * PrivateUsage on Windows; Wine 8 leaves that 0 and fills PagefileUsage (the process's anonymous memory,
 * RssAnon + VmSwap, Unix-side allocations of Wine's own DLLs included), which is used there. The
 * committed private regions that VirtualQuery sees are printed as well. Sockets are counted in the TCP
 * table (GetTcpTable, loaded at run time): GetProcessHandleCount is always 0 under Wine 8.
 * The test passes when private memory grew by less than 2 MB, every call succeeded, no connection to the
 * server is left open, and DllCanUnloadNow says no object is left alive.
 * Usage: leak_client.exe <fixture folder> <server host:port> [iterations (1000)] [warm-up (100)]
 */
#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <iphlpapi.h>
#include <ole2.h>
#include <oleauto.h>
#include <psapi.h>
#include <stdio.h>
#include <wchar.h>

#include "check.h"
#include "faxcom.h"

#define KEPT 20
#define GROWTH_LIMIT (2 * 1024 * 1024)

static int failures;           /* failed calls inside the loop; the first few are printed */
static char first_failures[5][200];

/* A call inside the loop: counted when it fails, with the error description for the first ones. */
static BOOL ok_call(HRESULT hr, int iteration, const char *what)
{
    if (SUCCEEDED(hr))
        return TRUE;
    if (failures < (int)ARRAYSIZE(first_failures)) {
        IErrorInfo *info = NULL;
        BSTR description = NULL;
        if (GetErrorInfo(0, &info) == S_OK && info) {
            IErrorInfo_GetDescription(info, &description);
            IErrorInfo_Release(info);
        }
        snprintf(first_failures[failures], sizeof(first_failures[0]), "iteration %d: %s: hr %08lx %ls", iteration,
                 what, hr, description ? description : L"");
        SysFreeString(description);
    }
    failures++;
    return FALSE;
}

/* Private bytes: PrivateUsage, or under Wine (where it is 0) PagefileUsage. */
static SIZE_T private_bytes(const char **which)
{
    PROCESS_MEMORY_COUNTERS_EX counters = { .cb = sizeof(counters) };
    K32GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&counters, sizeof(counters));
    *which = counters.PrivateUsage ? "PrivateUsage" : "PagefileUsage";
    return counters.PrivateUsage ? counters.PrivateUsage : counters.PagefileUsage;
}

/* The committed private memory of the address space, region by region. */
static SIZE_T committed_private(void)
{
    MEMORY_BASIC_INFORMATION region;
    SIZE_T total = 0;
    char *at = NULL;

    while (VirtualQuery(at, &region, sizeof(region)) == sizeof(region)) {
        if (region.State == MEM_COMMIT && region.Type == MEM_PRIVATE)
            total += region.RegionSize;
        at = (char *)region.BaseAddress + region.RegionSize;
        if ((ULONG_PTR)at <= (ULONG_PTR)region.BaseAddress)
            break;
    }
    return total;
}

/* TCP connections to the server's port that are still open (-1 when the table cannot be read). */
static int open_connections(int port)
{
    DWORD (WINAPI *get_tcp_table)(MIB_TCPTABLE *, ULONG *, BOOL);
    HMODULE iphlpapi = LoadLibraryW(L"iphlpapi.dll");
    MIB_TCPTABLE *table = NULL;
    ULONG size = 0;
    int open = -1;

    get_tcp_table = iphlpapi ? (void *)GetProcAddress(iphlpapi, "GetTcpTable") : NULL;
    if (get_tcp_table && get_tcp_table(NULL, &size, FALSE) == ERROR_INSUFFICIENT_BUFFER
        && (table = malloc(size + 4096)) && (size += 4096, get_tcp_table(table, &size, FALSE) == NO_ERROR)) {
        open = 0;
        for (DWORD i = 0; i < table->dwNumEntries; i++) {
            MIB_TCPROW *row = &table->table[i];
            DWORD remote = ((row->dwRemotePort & 0xff) << 8) | ((row->dwRemotePort >> 8) & 0xff);   /* network order */
            if (remote == (DWORD)port && row->dwState != MIB_TCP_STATE_TIME_WAIT
                && row->dwState != MIB_TCP_STATE_CLOSED)
                open++;
        }
    }
    free(table);
    if (iphlpapi)
        FreeLibrary(iphlpapi);
    return open;
}

static HRESULT put_text(IFaxDoc *doc, HRESULT (STDMETHODCALLTYPE *put)(IFaxDoc *, BSTR), const WCHAR *value)
{
    BSTR text = SysAllocString(value);
    HRESULT hr = put(doc, text);
    SysFreeString(text);
    return hr;
}

/* Reads a job's values the way a script shows a queue; the JPARM-loaded ones (Tsid, BillingCode,
 * DiscountSend) only for the iteration's own job. */
static void read_job(IFaxJob *job, BOOL own, int iteration)
{
    BSTR text = NULL;
    LONG number;
    BOOL flag;

    ok_call(IFaxJob_get_JobId(job, &number), iteration, "FaxJob.JobId");
    if (ok_call(IFaxJob_get_QueueStatus(job, &text), iteration, "FaxJob.QueueStatus")) SysFreeString(text);
    if (ok_call(IFaxJob_get_FaxNumber(job, &text), iteration, "FaxJob.FaxNumber")) SysFreeString(text);
    if (ok_call(IFaxJob_get_UserName(job, &text), iteration, "FaxJob.UserName")) SysFreeString(text);
    if (ok_call(IFaxJob_get_RecipientName(job, &text), iteration, "FaxJob.RecipientName")) SysFreeString(text);
    if (ok_call(IFaxJob_get_DisplayName(job, &text), iteration, "FaxJob.DisplayName")) SysFreeString(text);
    ok_call(IFaxJob_get_PageCount(job, &number), iteration, "FaxJob.PageCount");
    if (own) {
        if (ok_call(IFaxJob_get_Tsid(job, &text), iteration, "FaxJob.Tsid")) SysFreeString(text);
        if (ok_call(IFaxJob_get_BillingCode(job, &text), iteration, "FaxJob.BillingCode")) SysFreeString(text);
        ok_call(IFaxJob_get_DiscountSend(job, &flag), iteration, "FaxJob.DiscountSend");
    }
}

/* Walks the queue with For Each's enumerator, from IDispatch as a script engine gets it. */
static void walk_enum(IFaxJobs *jobs, int iteration)
{
    DISPPARAMS none = { NULL, NULL, 0, 0 };
    VARIANT result, item;
    IEnumVARIANT *items = NULL;
    EXCEPINFO excep = { 0 };
    ULONG fetched;

    VariantInit(&result);
    if (!ok_call(IFaxJobs_Invoke(jobs, DISPID_NEWENUM, &IID_NULL, LOCALE_USER_DEFAULT,
                                 DISPATCH_METHOD | DISPATCH_PROPERTYGET, &none, &result, &excep, NULL),
                 iteration, "FaxJobs._NewEnum"))
        return;
    if (V_VT(&result) == VT_UNKNOWN || V_VT(&result) == VT_DISPATCH)
        IUnknown_QueryInterface(V_UNKNOWN(&result), &IID_IEnumVARIANT, (void **)&items);
    VariantClear(&result);
    if (!items) {
        ok_call(E_NOINTERFACE, iteration, "FaxJobs._NewEnum returns an IEnumVARIANT");
        return;
    }
    VariantInit(&item);
    while (IEnumVARIANT_Next(items, 1, &item, &fetched) == S_OK && fetched == 1) {
        IFaxJob *job = NULL;
        if (V_VT(&item) == VT_DISPATCH && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&item), &IID_IFaxJob,
                                                                             (void **)&job))) {
            LONG id;
            ok_call(IFaxJob_get_JobId(job, &id), iteration, "FaxJob.JobId (enumerated)");
            IFaxJob_Release(job);
        }
        VariantClear(&item);
    }
    IEnumVARIANT_Release(items);
}

static void iteration(int i, BSTR server_name, BSTR document)
{
    IFaxServer *server = NULL;
    IFaxDoc *doc = NULL;
    IFaxJobs *jobs = NULL;
    VARIANT v;
    LONG job_id = 0, count = 0;

    if (!ok_call(CoCreateInstance(&CLSID_FaxServer, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxServer, (void **)&server),
                 i, "CoCreateInstance(FaxServer)"))
        return;
    if (!ok_call(IFaxServer_Connect(server, server_name), i, "FaxServer.Connect"))
        goto done;
    VariantInit(&v);
    if (ok_call(IFaxServer_CreateDocument(server, document, &v), i, "FaxServer.CreateDocument")) {
        if (V_VT(&v) == VT_DISPATCH)
            IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IFaxDoc, (void **)&doc);
        VariantClear(&v);
    }
    if (!doc)
        goto done;
    ok_call(put_text(doc, doc->lpVtbl->put_FaxNumber, L"1002"), i, "FaxDoc.FaxNumber");
    ok_call(put_text(doc, doc->lpVtbl->put_RecipientName, L"Bob Recipient"), i, "FaxDoc.RecipientName");
    ok_call(put_text(doc, doc->lpVtbl->put_RecipientCompany, L"ACME"), i, "FaxDoc.RecipientCompany");
    ok_call(put_text(doc, doc->lpVtbl->put_SenderName, L"Alice Sender"), i, "FaxDoc.SenderName");
    ok_call(put_text(doc, doc->lpVtbl->put_SenderCompany, L"openfaxcom"), i, "FaxDoc.SenderCompany");
    ok_call(put_text(doc, doc->lpVtbl->put_DisplayName, L"Leak check"), i, "FaxDoc.DisplayName");
    ok_call(put_text(doc, doc->lpVtbl->put_BillingCode, L"CC-42"), i, "FaxDoc.BillingCode");
    ok_call(put_text(doc, doc->lpVtbl->put_Tsid, L"+1 555 0100"), i, "FaxDoc.Tsid");
    ok_call(put_text(doc, doc->lpVtbl->put_CoverpageSubject, L"Your invoice"), i, "FaxDoc.CoverpageSubject");
    ok_call(put_text(doc, doc->lpVtbl->put_CoverpageNote, L"Two pages follow."), i, "FaxDoc.CoverpageNote");
    ok_call(IFaxDoc_put_SendCoverpage(doc, TRUE), i, "FaxDoc.SendCoverpage");
    if (!ok_call(IFaxDoc_Send(doc, &job_id), i, "FaxDoc.Send"))
        goto done;

    VariantInit(&v);
    if (ok_call(IFaxServer_GetJobs(server, &v), i, "FaxServer.GetJobs")) {
        if (V_VT(&v) == VT_DISPATCH)
            IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IFaxJobs, (void **)&jobs);
        VariantClear(&v);
    }
    if (!jobs)
        goto done;
    BOOL found = FALSE;
    ok_call(IFaxJobs_get_Count(jobs, &count), i, "FaxJobs.Count");
    for (LONG n = 1; n <= count; n++) {
        IFaxJob *job = NULL;
        LONG id = 0;
        VariantInit(&v);
        if (!ok_call(IFaxJobs_get_Item(jobs, n, &v), i, "FaxJobs.Item"))
            continue;
        if (V_VT(&v) == VT_DISPATCH)
            IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IFaxJob, (void **)&job);
        VariantClear(&v);
        if (!job)
            continue;
        IFaxJob_get_JobId(job, &id);
        read_job(job, id == job_id, i);
        if (id == job_id) {
            found = TRUE;
            if (i >= KEPT)
                ok_call(IFaxJob_SetStatus(job, 1 /* JC_DELETE */), i, "FaxJob.SetStatus(JC_DELETE)");
        }
        IFaxJob_Release(job);
    }
    if (!found)
        ok_call(HRESULT_FROM_WIN32(ERROR_NOT_FOUND), i, "GetJobs lists the job just sent");
    walk_enum(jobs, i);
done:
    if (jobs)
        IFaxJobs_Release(jobs);
    if (doc)
        IFaxDoc_Release(doc);
    if (i % 2 == 0)
        ok_call(IFaxServer_Disconnect(server), i, "FaxServer.Disconnect");
    IFaxServer_Release(server);
}

int main(int argc, char **argv)
{
    WCHAR fixtures[MAX_PATH], path[MAX_PATH * 2], name[300];
    int iterations = argc > 3 ? atoi(argv[3]) : 1000, warm_up = argc > 4 ? atoi(argv[4]) : 100;
    const char *port_text = argc > 2 ? strrchr(argv[2], ':') : NULL, *which = "";
    SIZE_T before = 0, after, committed_before = 0, committed_after;
    DWORD warmed = 0, ended;

    if (argc < 3 || !port_text || iterations <= warm_up || warm_up < KEPT) {
        printf("usage: leak_client.exe <fixture folder> <server host:port> [iterations] [warm-up >= %d]\n"
               "0 passed, 1 failed\n", KEPT);
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, name, ARRAYSIZE(name));
    swprintf(path, ARRAYSIZE(path), L"%ls\\win2k.tif", fixtures);
    BSTR server_name = SysAllocString(name), document = SysAllocString(path);
    CoInitialize(NULL);

    for (int i = 0; i < iterations; i++) {
        if (i == warm_up) {   /* heaps, caches and Winsock have settled */
            before = private_bytes(&which);
            committed_before = committed_private();
            warmed = GetTickCount();
        }
        iteration(i, server_name, document);
    }
    ended = GetTickCount();
    after = private_bytes(&which);
    committed_after = committed_private();
    int open = open_connections(atoi(port_text + 1));

    for (int n = 0; n < failures && n < (int)ARRAYSIZE(first_failures); n++)
        printf("  %s\n", first_failures[n]);
    check(failures == 0, "%d of the calls in %d iterations failed", failures, iterations);
    long long growth = (long long)after - (long long)before;
    printf("%d iterations of Connect, CreateDocument, 11 fields, Send, GetJobs (%d jobs), walk, JC_DELETE, release: "
           "%.1f ms each; private bytes (%s) %lu KB after %d warm-up iterations, %lu KB after %d: %+lld KB "
           "(limit +%d KB); committed private regions %lu KB -> %lu KB; connections left open: %d\n",
           iterations, KEPT + 1, (double)(ended - warmed) / (iterations - warm_up), which,
           (unsigned long)(before / 1024), warm_up, (unsigned long)(after / 1024), iterations, growth / 1024,
           GROWTH_LIMIT / 1024, (unsigned long)(committed_before / 1024), (unsigned long)(committed_after / 1024),
           open);
    check(before > 0 && growth < GROWTH_LIMIT, "private bytes grew by %lld KB over %d iterations (limit %d KB)",
          growth / 1024, iterations - warm_up, GROWTH_LIMIT / 1024);
    check(open == 0, "%d connections to the server are still open after every FaxServer was released", open);
    HMODULE module = GetModuleHandleW(L"faxcom.dll");
    HRESULT (WINAPI *can_unload)(void) = module ? (void *)GetProcAddress(module, "DllCanUnloadNow") : NULL;
    check(can_unload && can_unload() == S_OK, "DllCanUnloadNow = S_OK: no FaxServer, FaxDoc, FaxJobs or FaxJob "
          "object is left alive");
    SysFreeString(server_name);
    SysFreeString(document);
    CoUninitialize();
    printf("leak client: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
