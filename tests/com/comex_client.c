/*
 * fxscomex.dll from C through the vtable (faxcomex.h), as a C or C++ program uses FaxComEx: a connected
 * FaxServer, a FaxDocument with a sender and three recipients, ConnectedSubmit returning the documented
 * VT_ARRAY|VT_BSTR of job ids, each job then found finished in faxd's doneq; then the failures, each an
 * HRESULT with IErrorInfo text; then the module: only the two creatable classes are served, and once every
 * object is released DllCanUnloadNow says the DLL may go.
 * Usage: comex_client.exe <fixture folder> <faxd spool folder> <server> <DLL path>
 */
#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "check.h"
#include "faxcomex.h"

static WCHAR fixtures[MAX_PATH], spool[MAX_PATH], server_name[300], dll_path[MAX_PATH];

/* The description of the last failure ("" when there is no error info); the caller frees it. */
static char *last_error(void)
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

static BSTR bstr_printf(const WCHAR *format, const WCHAR *argument)
{
    WCHAR text[MAX_PATH + 40];
    swprintf(text, ARRAYSIZE(text), format, argument);
    return SysAllocString(text);
}

static HRESULT add_recipient(IFaxDocument *doc, const WCHAR *number, const WCHAR *name)
{
    IFaxRecipients *recipients;
    IFaxRecipient *recipient = NULL;
    BSTR n = SysAllocString(number), who = SysAllocString(name);
    HRESULT hr = IFaxDocument_get_Recipients(doc, &recipients);

    if (SUCCEEDED(hr)) {
        hr = IFaxRecipients_Add(recipients, n, who, &recipient);
        if (recipient)
            IFaxRecipient_Release(recipient);
        IFaxRecipients_Release(recipients);
    }
    SysFreeString(n);
    SysFreeString(who);
    return hr;
}

/* Whether faxd has finished job id (its file is in doneq), polled with a generous hang guard. */
static BOOL finished(const WCHAR *id)
{
    WCHAR path[MAX_PATH + 40];

    swprintf(path, ARRAYSIZE(path), L"%ls\\doneq\\q%ls", spool, id);
    for (int polls = 0; polls < 6000; polls++) {   /* 5 minutes at most */
        if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES)
            return TRUE;
        Sleep(50);
    }
    return FALSE;
}

static void send_to_three(IFaxServer *server)
{
    IFaxDocument *doc = NULL;
    IFaxSender *sender = NULL;
    BSTR body = bstr_printf(L"%ls\\win2k.tif", fixtures), alice = SysAllocString(L"Alice"), name = NULL;
    VARIANT ids;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_FaxDocument, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxDocument, (void **)&doc);
    check(hr == S_OK, "CoCreateInstance(FaxDocument): 0x%08lx", (unsigned long)hr);
    if (FAILED(hr))
        return;
    IFaxDocument_put_Body(doc, body);
    IFaxDocument_get_Sender(doc, &sender);
    IFaxSender_put_Name(sender, alice);
    IFaxSender_get_Name(sender, &name);
    check(name && !wcscmp(name, L"Alice"), "the sender keeps its name");
    check(add_recipient(doc, L"1002", L"Bob") == S_OK && add_recipient(doc, L"1002", L"Carol") == S_OK
          && add_recipient(doc, L"1002", L"Dave") == S_OK, "three recipients added");
    IFaxDocument_put_CoverPageType(doc, fcptSERVER);
    VariantInit(&ids);
    hr = IFaxDocument_ConnectedSubmit(doc, server, &ids);
    check(hr == S_OK, "ConnectedSubmit: 0x%08lx %s", (unsigned long)hr, FAILED(hr) ? last_error() : "");
    check(V_VT(&ids) == (VT_ARRAY | VT_BSTR), "through the vtable the ids are VT_ARRAY|VT_BSTR (0x%x)", V_VT(&ids));
    if (V_VT(&ids) == (VT_ARRAY | VT_BSTR)) {
        LONG low = -1, high = -1;
        SafeArrayGetLBound(V_ARRAY(&ids), 1, &low);
        SafeArrayGetUBound(V_ARRAY(&ids), 1, &high);
        check(low == 0 && high == 2, "one id per recipient, 0-based (%ld..%ld)", low, high);
        for (LONG i = low; i <= high; i++) {
            BSTR id = NULL;
            SafeArrayGetElement(V_ARRAY(&ids), &i, &id);
            check(id && wcstol(id, NULL, 10) > 0, "job id %ld is a number", i);
            check(id && finished(id), "job %ls was sent (in faxd's doneq)", id ? id : L"?");
            SysFreeString(id);
        }
    }
    VariantClear(&ids);
    SysFreeString(name);
    SysFreeString(alice);
    SysFreeString(body);
    IFaxSender_Release(sender);
    IFaxDocument_Release(doc);
}

static void failures(IFaxServer *server)
{
    IFaxDocument *doc = NULL;
    IFaxRecipients *recipients = NULL;
    IFaxRecipient *recipient = NULL;
    IFaxFolders *folders = (IFaxFolders *)1;
    ISupportErrorInfo *support = NULL;
    BSTR missing = bstr_printf(L"%ls\\no such file.tif", fixtures);
    VARIANT ids;
    HRESULT hr;

    CoCreateInstance(&CLSID_FaxDocument, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxDocument, (void **)&doc);
    if (!doc)
        return;
    hr = IFaxDocument_QueryInterface(doc, &IID_ISupportErrorInfo, (void **)&support);
    check(hr == S_OK && ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IFaxDocument) == S_OK,
          "FaxDocument supports IErrorInfo");
    if (support)
        ISupportErrorInfo_Release(support);
    VariantInit(&ids);
    check_failure(IFaxDocument_ConnectedSubmit(doc, server, &ids), E_INVALIDARG, "no recipients", "no recipients");
    check(V_VT(&ids) == VT_EMPTY, "a failed submission returns no ids");
    IFaxDocument_get_Recipients(doc, &recipients);
    check_failure(IFaxRecipients_get_Item(recipients, 0, &recipient), E_INVALIDARG, "1 to Count (0)", "Item(0)");
    check(!recipient, "a failed Item returns NULL");
    add_recipient(doc, L"1002", L"Bob");
    check_failure(IFaxDocument_ConnectedSubmit(doc, server, &ids), E_INVALIDARG, "nothing to send", "no body");
    IFaxDocument_put_Body(doc, missing);
    check_failure(IFaxDocument_ConnectedSubmit(doc, server, &ids), HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND),
                  "does not exist", "a missing body");
    check_failure(IFaxDocument_put_Priority(doc, 3), E_INVALIDARG, "fptHIGH", "Priority 3");
    check_failure(IFaxServer_get_Folders(server, &folders), E_NOTIMPL, "not built yet", "Folders");
    check(folders == NULL, "a member not built returns NULL");
    IFaxServer_Disconnect(server);
    check_failure(IFaxDocument_ConnectedSubmit(doc, server, &ids), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                  "Connect first", "a disconnected server");
    check_failure(IFaxServer_Disconnect(server), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED), "Disconnect",
                  "Disconnect twice");
    SysFreeString(missing);
    IFaxRecipients_Release(recipients);
    IFaxDocument_Release(doc);
}

/* DllGetClassObject serves FaxServer and FaxDocument only; DllCanUnloadNow once nothing is alive. */
static void module_checks(void)
{
    HMODULE dll = LoadLibraryW(dll_path);   /* the module COM loaded: same path, same instance */
    HRESULT (WINAPI *get_class)(REFCLSID, REFIID, void **) =
        dll ? (void *)GetProcAddress(dll, "DllGetClassObject") : NULL;
    HRESULT (WINAPI *can_unload)(void) = dll ? (void *)GetProcAddress(dll, "DllCanUnloadNow") : NULL;
    IClassFactory *factory = NULL;

    check(get_class && can_unload, "the DLL exports DllGetClassObject and DllCanUnloadNow");
    if (!get_class || !can_unload)
        return;
    check(get_class(&CLSID_FaxServer, &IID_IClassFactory, (void **)&factory) == S_OK, "FaxServer is creatable");
    if (factory)
        IClassFactory_Release(factory);
    check(get_class(&CLSID_FaxSender, &IID_IClassFactory, (void **)&factory) == CLASS_E_CLASSNOTAVAILABLE,
          "FaxSender is not creatable");
    check(get_class(&CLSID_FaxRecipients, &IID_IClassFactory, (void **)&factory) == CLASS_E_CLASSNOTAVAILABLE,
          "FaxRecipients is not creatable");
    check(can_unload() == S_OK, "DllCanUnloadNow: every object was released");
    FreeLibrary(dll);
}

int main(int argc, char **argv)
{
    IFaxServer *server = NULL;
    BSTR name;
    HRESULT hr;

    if (argc != 5) {
        fprintf(stderr, "usage: comex_client.exe <fixture folder> <spool folder> <server> <DLL path>\n");
        return 2;
    }
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, fixtures, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, spool, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, argv[3], -1, server_name, ARRAYSIZE(server_name));
    MultiByteToWideChar(CP_ACP, 0, argv[4], -1, dll_path, MAX_PATH);
    CoInitialize(NULL);
    hr = CoCreateInstance(&CLSID_FaxServer, NULL, CLSCTX_INPROC_SERVER, &IID_IFaxServer, (void **)&server);
    check(hr == S_OK, "CoCreateInstance(FaxComEx.FaxServer): 0x%08lx", (unsigned long)hr);
    if (server) {
        name = SysAllocString(server_name);
        hr = IFaxServer_Connect(server, name);
        check(hr == S_OK, "Connect(%ls): 0x%08lx %s", server_name, (unsigned long)hr, FAILED(hr) ? last_error() : "");
        SysFreeString(name);
        if (SUCCEEDED(hr))
            send_to_three(server);
        failures(server);
        IFaxServer_Release(server);
    }
    module_checks();
    CoUninitialize();
    printf("FaxComEx C client: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
