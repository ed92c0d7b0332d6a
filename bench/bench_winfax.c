/*
 * bench_winfax.exe DOCUMENT SERVER JOBS: the same job cycle from C through winfax.dll and through faxcom.dll,
 * against one faxd whose lines do not send (so the queue stays one job deep): send a TIFF, read the job back,
 * delete it. winfax: FaxSendDocument, FaxGetJob, FaxSetJob(JC_DELETE). faxcom: CreateDocument + FaxNumber +
 * Send, GetJobs and the job found by JobId (its QueueStatus read), SetStatus(JC_DELETE). One connection each,
 * opened before the clock starts. Prints jobs per second of each and their ratio.
 */
#define COBJMACROS
#define CONST_VTABLE
#define UNICODE
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <stdio.h>
#include <stdlib.h>

#include "faxcom.h"
#include "winfax.h"

static double seconds(void)
{
    LARGE_INTEGER count, frequency;
    QueryPerformanceCounter(&count);
    QueryPerformanceFrequency(&frequency);
    return (double)count.QuadPart / (double)frequency.QuadPart;
}

static double winfax_rate(const WCHAR *document, const WCHAR *server_name, int jobs)
{
    HANDLE server;
    FAX_JOB_PARAM param = { sizeof(param) };
    PFAX_JOB_ENTRY entry;
    double start;

    param.RecipientNumber = L"1002";
    if (!FaxConnectFaxServer(server_name, &server))
        return 0;
    start = seconds();
    for (int i = 0; i < jobs; i++) {
        DWORD id;
        if (!FaxSendDocument(server, document, &param, NULL, &id) || !FaxGetJob(server, id, &entry))
            return 0;
        FaxFreeBuffer(entry);
        FaxSetJob(server, id, JC_DELETE, NULL);
    }
    start = seconds() - start;
    FaxClose(server);
    return jobs / start;
}

static void *object_of(VARIANT *v, REFIID iid)
{
    void *out = NULL;
    if (V_VT(v) == VT_DISPATCH && V_DISPATCH(v))
        IDispatch_QueryInterface(V_DISPATCH(v), iid, &out);
    VariantClear(v);
    return out;
}

/* One faxcom cycle; FALSE when a call failed. */
static BOOL faxcom_cycle(IFaxServer *server, BSTR document, BSTR number)
{
    IFaxDoc *doc;
    IFaxJobs *jobs;
    IFaxJob *job = NULL;
    VARIANT v;
    LONG id = 0, count = 0;
    BSTR status = NULL;

    if (IFaxServer_CreateDocument(server, document, &v) != S_OK || !(doc = object_of(&v, &IID_IFaxDoc)))
        return FALSE;
    IFaxDoc_put_FaxNumber(doc, number);
    IFaxDoc_Send(doc, &id);
    IFaxDoc_Release(doc);
    if (!id || IFaxServer_GetJobs(server, &v) != S_OK || !(jobs = object_of(&v, &IID_IFaxJobs)))
        return FALSE;
    IFaxJobs_get_Count(jobs, &count);
    for (LONG i = 1; i <= count && !job; i++) {
        IFaxJob *candidate;
        LONG candidate_id = 0;
        if (IFaxJobs_get_Item(jobs, i, &v) == S_OK && (candidate = object_of(&v, &IID_IFaxJob))) {
            IFaxJob_get_JobId(candidate, &candidate_id);
            if (candidate_id == id)
                job = candidate;
            else
                IFaxJob_Release(candidate);
        }
    }
    IFaxJobs_Release(jobs);
    if (!job)
        return FALSE;
    IFaxJob_get_QueueStatus(job, &status);
    SysFreeString(status);
    IFaxJob_SetStatus(job, 1);   /* JC_DELETE */
    IFaxJob_Release(job);
    return TRUE;
}

static double faxcom_rate(const WCHAR *document, const WCHAR *server_name, int jobs)
{
    IFaxServer *server = NULL;
    BSTR name = SysAllocString(server_name), file = SysAllocString(document), number = SysAllocString(L"1002");
    double start, rate = 0;

    if (CoCreateInstance(&CLSID_FaxServer, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxServer, (void **)&server) == S_OK
        && IFaxServer_Connect(server, name) == S_OK) {
        int i;
        start = seconds();
        for (i = 0; i < jobs && faxcom_cycle(server, file, number); i++)
            ;
        if (i == jobs)
            rate = jobs / (seconds() - start);
        IFaxServer_Disconnect(server);
    }
    if (server)
        IFaxServer_Release(server);
    SysFreeString(name);
    SysFreeString(file);
    SysFreeString(number);
    return rate;
}

int main(int argc, char **argv)
{
    WCHAR document[MAX_PATH], server[128];
    int jobs = argc > 3 ? atoi(argv[3]) : 200;
    double winfax, faxcom;

    if (argc < 3) {
        printf("usage: bench_winfax DOCUMENT SERVER [JOBS]\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, document, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, server, ARRAYSIZE(server));
    CoInitialize(NULL);
    faxcom_rate(document, server, 5);   /* warm-up: the type library, the first connections */
    winfax_rate(document, server, 5);
    winfax = winfax_rate(document, server, jobs);
    faxcom = faxcom_rate(document, server, jobs);
    CoUninitialize();
    printf("winfax.dll: %.1f jobs/s; faxcom.dll: %.1f jobs/s; ratio winfax/faxcom %.2f (%d jobs each)\n", winfax,
           faxcom, faxcom > 0 ? winfax / faxcom : 0.0, jobs);
    return winfax > 0 && faxcom > 0 ? 0 : 1;
}
