/*
 * A C client calling every member of the connected object model through the vtable, as C/C++ programs
 * do (QueryInterface on the VARIANTs the object model returns): FaxServer, FaxDoc, FaxJobs/FaxJob,
 * FaxPorts/FaxPort, FaxStatus, FaxRoutingMethods/FaxRoutingMethod, against faxd under Wine.
 * Usage: model_client.exe <fixture folder> <host:port>
 */
#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <stdio.h>
#include <wchar.h>

#include "check.h"
#include "faxcom.h"


/* The interface behind an object-returning member's VARIANT. */
static void *object_of(VARIANT *v, REFIID iid)
{
    void *out = NULL;
    if (V_VT(v) == VT_DISPATCH && V_DISPATCH(v))
        IDispatch_QueryInterface(V_DISPATCH(v), iid, &out);
    VariantClear(v);
    return out;
}

static void test_doc_and_jobs(IFaxServer *server, const WCHAR *fixtures)
{
    typedef HRESULT (STDMETHODCALLTYPE *get_fn)(IFaxDoc *, BSTR *);
    typedef HRESULT (STDMETHODCALLTYPE *put_fn)(IFaxDoc *, BSTR);
    WCHAR path[MAX_PATH];
    BSTR file, value = NULL;
    VARIANT v;
    IFaxDoc *doc;
    LONG id = 0, l;
    BOOL b;

    swprintf(path, ARRAYSIZE(path), L"%ls\\win2k.tif", fixtures);
    file = SysAllocString(path);
    check(IFaxServer_CreateDocument(server, file, &v) == S_OK, "CreateDocument");
    doc = object_of(&v, &IID_IFaxDoc);
    check(doc != NULL, "the VARIANT holds an IFaxDoc");
    if (!doc)
        return;
    const IFaxDocVtbl *t = doc->lpVtbl;
    const struct { get_fn get; put_fn put; const WCHAR *name; } texts[] = {
        { t->get_CoverpageName, t->put_CoverpageName, L"CoverpageName" },
        { t->get_RecipientName, t->put_RecipientName, L"RecipientName" },
        { t->get_RecipientCompany, t->put_RecipientCompany, L"RecipientCompany" },
        { t->get_RecipientAddress, t->put_RecipientAddress, L"RecipientAddress" },
        { t->get_RecipientCity, t->put_RecipientCity, L"RecipientCity" },
        { t->get_RecipientState, t->put_RecipientState, L"RecipientState" },
        { t->get_RecipientZip, t->put_RecipientZip, L"RecipientZip" },
        { t->get_RecipientCountry, t->put_RecipientCountry, L"RecipientCountry" },
        { t->get_RecipientTitle, t->put_RecipientTitle, L"RecipientTitle" },
        { t->get_RecipientDepartment, t->put_RecipientDepartment, L"RecipientDepartment" },
        { t->get_RecipientOffice, t->put_RecipientOffice, L"RecipientOffice" },
        { t->get_RecipientHomePhone, t->put_RecipientHomePhone, L"RecipientHomePhone" },
        { t->get_RecipientOfficePhone, t->put_RecipientOfficePhone, L"RecipientOfficePhone" },
        { t->get_SenderName, t->put_SenderName, L"SenderName" },
        { t->get_SenderCompany, t->put_SenderCompany, L"SenderCompany" },
        { t->get_SenderAddress, t->put_SenderAddress, L"SenderAddress" },
        { t->get_SenderTitle, t->put_SenderTitle, L"SenderTitle" },
        { t->get_SenderDepartment, t->put_SenderDepartment, L"SenderDepartment" },
        { t->get_SenderOffice, t->put_SenderOffice, L"SenderOffice" },
        { t->get_SenderHomePhone, t->put_SenderHomePhone, L"SenderHomePhone" },
        { t->get_SenderOfficePhone, t->put_SenderOfficePhone, L"SenderOfficePhone" },
        { t->get_CoverpageNote, t->put_CoverpageNote, L"CoverpageNote" },
        { t->get_CoverpageSubject, t->put_CoverpageSubject, L"CoverpageSubject" },
        { t->get_Tsid, t->put_Tsid, L"Tsid" },
        { t->get_BillingCode, t->put_BillingCode, L"BillingCode" },
        { t->get_EmailAddress, t->put_EmailAddress, L"EmailAddress" },
        { t->get_DisplayName, t->put_DisplayName, L"DisplayName" },
        { t->get_FaxNumber, t->put_FaxNumber, L"FaxNumber" },
        { t->get_SenderFax, t->put_SenderFax, L"SenderFax" },
        { t->get_FileName, t->put_FileName, L"FileName" },
    };
    for (size_t i = 0; i < ARRAYSIZE(texts); i++) {
        WCHAR text[64];
        swprintf(text, ARRAYSIZE(text), L"%ls \x00e9", texts[i].name);
        BSTR set = SysAllocString(text);
        HRESULT hr = texts[i].put(doc, set);
        check(hr == S_OK && texts[i].get(doc, &value) == S_OK && !wcscmp(value, text), "FaxDoc.%ls", texts[i].name);
        SysFreeString(value);
        SysFreeString(set);
    }
    check(IFaxDoc_put_FileName(doc, file) == S_OK, "FileName back to the fixture");
    BSTR empty = SysAllocString(L""), number = SysAllocString(L"1002"), tsid = SysAllocString(L"+1 555 0100");
    IFaxDoc_put_CoverpageName(doc, empty);
    IFaxDoc_put_FaxNumber(doc, number);
    IFaxDoc_put_Tsid(doc, tsid);
    check(IFaxDoc_put_SendCoverpage(doc, 1) == S_OK && IFaxDoc_get_SendCoverpage(doc, &b) == S_OK && b == 1, "SendCoverpage");
    check(IFaxDoc_put_ServerCoverpage(doc, 0) == S_OK && IFaxDoc_get_ServerCoverpage(doc, &b) == S_OK && b == 0,
          "ServerCoverpage");
    check(IFaxDoc_put_DiscountSend(doc, -1) == S_OK && IFaxDoc_get_DiscountSend(doc, &b) == S_OK && b == 1,
          "DiscountSend (held: faxd's test clock says noon, its window is at night)");
    check(IFaxDoc_get_CallHandle(doc, &l) == S_OK && l == 0, "CallHandle reads 0");
    check(IFaxDoc_put_CallHandle(doc, 7) == HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), "CallHandle cannot be used");
    check(IFaxDoc_putref_ConnectionObject(doc, NULL) == HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
          "ConnectionObject cannot be used");
    check(IFaxDoc_Send(doc, &id) == S_OK && id > 0, "Send: job %ld", id);
    IFaxDoc_Release(doc);
    SysFreeString(file);
    SysFreeString(empty);
    SysFreeString(number);
    SysFreeString(tsid);

    IFaxJobs *jobs;
    IFaxJob *job = NULL;
    LONG count = 0;
    check(IFaxServer_GetJobs(server, &v) == S_OK && (jobs = object_of(&v, &IID_IFaxJobs)) != NULL, "GetJobs");
    if (!jobs)
        return;
    IFaxJobs_get_Count(jobs, &count);
    for (LONG i = 1; i <= count && !job; i++) {
        IFaxJob *candidate;
        if (IFaxJobs_get_Item(jobs, i, &v) == S_OK && (candidate = object_of(&v, &IID_IFaxJob))) {
            IFaxJob_get_JobId(candidate, &l);
            if (l == id)
                job = candidate;
            else
                IFaxJob_Release(candidate);
        }
    }
    check(IFaxJobs_get_Item(jobs, 0, &v) == E_INVALIDARG, "Item(0)");
    check(job != NULL, "the job is in the snapshot (%ld jobs)", count);
    if (job) {
        typedef HRESULT (STDMETHODCALLTYPE *job_text_fn)(IFaxJob *, BSTR *);
        const IFaxJobVtbl *j = job->lpVtbl;
        const struct { job_text_fn get; const WCHAR *name; } job_texts[] = {
            { j->get_UserName, L"UserName" }, { j->get_QueueStatus, L"QueueStatus" },
            { j->get_DeviceStatus, L"DeviceStatus" }, { j->get_FaxNumber, L"FaxNumber" },
            { j->get_RecipientName, L"RecipientName" }, { j->get_Tsid, L"Tsid" }, { j->get_SenderName, L"SenderName" },
            { j->get_SenderCompany, L"SenderCompany" }, { j->get_SenderDept, L"SenderDept" },
            { j->get_BillingCode, L"BillingCode" }, { j->get_DisplayName, L"DisplayName" },
        };
        for (size_t i = 0; i < ARRAYSIZE(job_texts); i++) {
            check(job_texts[i].get(job, &value) == S_OK && value && *value, "FaxJob.%ls = \"%ls\"", job_texts[i].name,
                  value ? value : L"");
            SysFreeString(value);
        }
        check(IFaxJob_get_Type(job, &l) == S_OK && l == 1, "Type");
        check(IFaxJob_get_PageCount(job, &l) == S_OK, "PageCount");
        check(IFaxJob_get_DiscountSend(job, &b) == S_OK && b == 1, "DiscountSend");
        check(IFaxJob_SetStatus(job, 2) == S_OK && IFaxJob_Refresh(job) == S_OK && IFaxJob_get_QueueStatus(job, &value) == S_OK
              && !wcscmp(value, L"Paused"), "JC_PAUSE");
        SysFreeString(value);
        check(IFaxJob_SetStatus(job, 3) == S_OK, "JC_RESUME");
        check(IFaxJob_SetStatus(job, 0) == E_INVALIDARG, "JC 0 is refused");
        check(IFaxJob_SetStatus(job, 1) == S_OK && IFaxJob_Refresh(job) == HRESULT_FROM_WIN32(ERROR_NOT_FOUND),
              "JC_DELETE, then Refresh: not found");
        IFaxJob_Release(job);
    }
    IFaxJobs_Release(jobs);
}

static void test_ports(IFaxServer *server)
{
    IFaxPorts *ports;
    IFaxPort *port;
    VARIANT v;
    LONG count = 0, l;
    BOOL b;
    BSTR value = NULL;

    check(IFaxServer_GetPorts(server, &v) == S_OK && (ports = object_of(&v, &IID_IFaxPorts)) != NULL, "GetPorts");
    if (!ports)
        return;
    check(IFaxPorts_get_Count(ports, &count) == S_OK && count == 2, "two ports (%ld)", count);
    check(IFaxPorts_get_Item(ports, 3, &v) == E_INVALIDARG, "Item(3)");
    check(IFaxPorts_get_Item(ports, 2, &v) == S_OK && (port = object_of(&v, &IID_IFaxPort)) != NULL, "Item(2)");
    if (port) {
        BSTR ident = SysAllocString(L"+1 555 2222");
        check(IFaxPort_get_Name(port, &value) == S_OK && *value, "Name %ls", value);
        SysFreeString(value);
        check(IFaxPort_get_DeviceId(port, &l) == S_OK && l > 0, "DeviceId");
        check(IFaxPort_get_CanModify(port, &b) == S_OK && b, "CanModify");
        check(IFaxPort_put_Rings(port, 3) == S_OK && IFaxPort_get_Rings(port, &l) == S_OK && l == 3, "Rings");
        check(IFaxPort_put_Csid(port, ident) == S_OK && IFaxPort_get_Csid(port, &value) == S_OK && !wcscmp(value, ident),
              "Csid");
        SysFreeString(value);
        check(IFaxPort_put_Tsid(port, ident) == S_OK && IFaxPort_get_Tsid(port, &value) == S_OK && !wcscmp(value, ident),
              "Tsid");
        SysFreeString(value);
        check(IFaxPort_put_Send(port, 0) == S_OK && IFaxPort_get_Send(port, &b) == S_OK && !b, "Send off");
        check(IFaxPort_put_Send(port, 1) == S_OK, "Send on");
        check(IFaxPort_put_Receive(port, 1) == S_OK && IFaxPort_get_Receive(port, &b) == S_OK && b, "Receive");
        check(IFaxPort_put_Priority(port, 1) == S_OK && IFaxPort_get_Priority(port, &l) == S_OK && l == 1, "Priority");
        SysFreeString(ident);

        IFaxStatus *status;
        check(IFaxPort_GetStatus(port, &v) == S_OK && (status = object_of(&v, &IID_IFaxStatus)) != NULL, "GetStatus");
        if (status) {
            typedef HRESULT (STDMETHODCALLTYPE *status_text_fn)(IFaxStatus *, BSTR *);
            const IFaxStatusVtbl *s = status->lpVtbl;
            status_text_fn texts[] = { s->get_CallerId, s->get_Csid, s->get_DeviceName, s->get_DocumentName,
                                       s->get_Address, s->get_RoutingString, s->get_SenderName, s->get_RecipientName,
                                       s->get_Description, s->get_Tsid };
            int ok = 0;
            for (size_t i = 0; i < ARRAYSIZE(texts); i++) {
                ok += texts[i](status, &value) == S_OK && value;
                SysFreeString(value);
            }
            check(ok == ARRAYSIZE(texts), "every FaxStatus text (%d)", ok);
            DATE d;
            check(IFaxStatus_get_CurrentPage(status, &l) == S_OK && IFaxStatus_get_DeviceId(status, &l) == S_OK
                  && IFaxStatus_get_DocumentSize(status, &l) == S_OK && IFaxStatus_get_PageCount(status, &l) == S_OK
                  && IFaxStatus_get_Send(status, &b) == S_OK && IFaxStatus_get_Receive(status, &b) == S_OK
                  && IFaxStatus_get_StartTime(status, &d) == S_OK && IFaxStatus_get_SubmittedTime(status, &d) == S_OK
                  && IFaxStatus_get_ElapsedTime(status, &d) == S_OK && IFaxStatus_Refresh(status) == S_OK,
                  "every FaxStatus number, time and Refresh");
            IFaxStatus_Release(status);
        }

        IFaxRoutingMethods *methods;
        IFaxRoutingMethod *method;
        check(IFaxPort_GetRoutingMethods(port, &v) == S_OK && (methods = object_of(&v, &IID_IFaxRoutingMethods)),
              "GetRoutingMethods");
        if (methods) {
            check(IFaxRoutingMethods_get_Count(methods, &count) == S_OK && count == 3, "3 methods");
            check(IFaxRoutingMethods_get_Item(methods, 1, &v) == S_OK
                  && (method = object_of(&v, &IID_IFaxRoutingMethod)) != NULL, "method 1");
            if (method) {
                typedef HRESULT (STDMETHODCALLTYPE *method_text_fn)(IFaxRoutingMethod *, BSTR *);
                const IFaxRoutingMethodVtbl *m = method->lpVtbl;
                method_text_fn texts[] = { m->get_DeviceName, m->get_Guid, m->get_FunctionName, m->get_ImageName,
                                           m->get_FriendlyName, m->get_ExtensionName, m->get_RoutingData };
                int ok = 0;
                for (size_t i = 0; i < ARRAYSIZE(texts); i++) {
                    ok += texts[i](method, &value) == S_OK && value;
                    SysFreeString(value);
                }
                check(ok == ARRAYSIZE(texts) && IFaxRoutingMethod_get_DeviceId(method, &l) == S_OK
                      && IFaxRoutingMethod_get_Enable(method, &b) == S_OK, "every FaxRoutingMethod member");
                HRESULT hr = IFaxRoutingMethod_put_Enable(method, FALSE);
                check(hr == S_OK, "Enable = FALSE (%08lx)", hr);
                IFaxRoutingMethod_Release(method);
            }
            IFaxRoutingMethods_Release(methods);
        }
        IFaxPort_Release(port);
    }
    IFaxPorts_Release(ports);
}

int main(int argc, char **argv)
{
    WCHAR fixtures[MAX_PATH], address[128];
    IFaxServer *server = NULL;
    BSTR name;

    if (argc != 3) {
        printf("usage: model_client.exe <fixture folder> <host:port>\n0 passed, 1 failed\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, address, ARRAYSIZE(address));
    CoInitialize(NULL);
    name = SysAllocString(address);
    if (CoCreateInstance(&CLSID_FaxServer, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxServer, (void **)&server) == S_OK
        && IFaxServer_Connect(server, name) == S_OK) {
        passed++;
        test_doc_and_jobs(server, fixtures);
        test_ports(server);
        check(IFaxServer_Disconnect(server) == S_OK, "Disconnect");
    } else {
        check(FALSE, "Connect to %ls", address);
    }
    if (server)
        IFaxServer_Release(server);
    SysFreeString(name);
    CoUninitialize();
    printf("object model C client: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
