/*
 * fxscomex.dll from C through the vtable (faxcomex.h), as a C or C++ program uses FaxComEx: a connected
 * FaxServer, a FaxDocument with a sender and three recipients, ConnectedSubmit returning the documented
 * VT_ARRAY|VT_BSTR of job ids, each job then found finished in faxd's doneq; the devices (FaxDevices by name
 * and id, a TSID saved and read back, the typed arrays, providers, activity, security, routing); Vista's
 * IFaxServer2 (its configuration, rights and accounts); then the failures, each an HRESULT with IErrorInfo text;
 * then the module: only the two creatable classes are served, and once every object is released DllCanUnloadNow
 * says the DLL may go.
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

/* Vista's IFaxDocument2 on the same object, through the vtable: the submission id of the call just made. */
static void vista_document(IFaxDocument *doc)
{
    IFaxDocument2 *doc2 = NULL;
    BSTR id = NULL;
    HRESULT hr = IFaxDocument_QueryInterface(doc, &IID_IFaxDocument2, (void **)&doc2);

    check(hr == S_OK && (void *)doc2 == (void *)doc, "FaxDocument answers IFaxDocument2 with the same object: 0x%08lx",
          (unsigned long)hr);
    if (FAILED(hr))
        return;
    hr = IFaxDocument2_get_SubmissionId(doc2, &id);
    check(hr == S_OK && id && wcstol(id, NULL, 10) > 0, "IFaxDocument2::SubmissionId is the first job id: %ls",
          id ? id : L"(null)");
    SysFreeString(id);
    IFaxDocument2_Release(doc2);
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
    vista_document(doc);
    SysFreeString(name);
    SysFreeString(alice);
    SysFreeString(body);
    IFaxSender_Release(sender);
    IFaxDocument_Release(doc);
}

/* The folders through the vtable: the queue's jobs by IEnumVARIANT and by id, the received faxes by the
 * iterator, and the errors of an unknown id and an out-of-range index. */
static void walk_folders(IFaxServer *server)
{
    IFaxFolders *folders = NULL, *again = NULL;
    IFaxOutgoingQueue *queue = NULL;
    IFaxOutgoingJobs *jobs = NULL;
    IFaxOutgoingJob *job = (IFaxOutgoingJob *)1;
    IFaxIncomingArchive *archive = NULL;
    IFaxIncomingMessageIterator *iterator = NULL;
    IFaxIncomingMessage *message = (IFaxIncomingMessage *)1;
    IUnknown *unknown = NULL;
    IEnumVARIANT *enumerator = NULL;
    BSTR unknown_id = SysAllocString(L"424242");
    VARIANT item, index;
    VARIANT_BOOL eof = VARIANT_TRUE;
    LONG count = -1, walked = 0, pages = 0, messages = 0;
    ULONG fetched;
    HRESULT hr;

    hr = IFaxServer_get_Folders(server, &folders);
    check(hr == S_OK && IFaxServer_get_Folders(server, &again) == S_OK && folders == again,
          "Folders: the same object on every call (0x%08lx)", (unsigned long)hr);
    if (again)
        IFaxFolders_Release(again);
    if (FAILED(hr))
        return;
    hr = IFaxFolders_get_OutgoingQueue(folders, &queue);
    check(hr == S_OK, "OutgoingQueue: 0x%08lx %s", (unsigned long)hr, FAILED(hr) ? last_error() : "");
    if (queue && IFaxOutgoingQueue_GetJobs(queue, &jobs) == S_OK) {
        IFaxOutgoingJobs_get_Count(jobs, &count);
        check(IFaxOutgoingJobs_get__NewEnum(jobs, &unknown) == S_OK
              && IUnknown_QueryInterface(unknown, &IID_IEnumVARIANT, (void **)&enumerator) == S_OK,
              "GetJobs gives an IEnumVARIANT");
        while (enumerator && IEnumVARIANT_Next(enumerator, 1, &item, &fetched) == S_OK && fetched == 1) {
            check(V_VT(&item) == VT_DISPATCH, "an item of the enumeration is VT_DISPATCH (%d)", V_VT(&item));
            walked++;
            VariantClear(&item);
        }
        check(walked == count, "the enumeration walks Count (%ld) jobs: %ld", count, walked);
        V_VT(&index) = VT_I4;
        V_I4(&index) = count + 1;
        check_failure(IFaxOutgoingJobs_get_Item(jobs, index, &job), E_INVALIDARG, "1 to Count", "Item(Count + 1)");
        check(job == NULL, "a failed Item returns NULL");
        job = (IFaxOutgoingJob *)1;
        check_failure(IFaxOutgoingQueue_GetJob(queue, unknown_id, &job), MAKE_HRESULT(1, FACILITY_ITF, 7009), "424242",
                      "GetJob of an unknown id: FAX_E_MESSAGE_NOT_FOUND");
        check(job == NULL, "a failed GetJob returns NULL");
    }
    hr = IFaxFolders_get_IncomingArchive(folders, &archive);
    check(hr == S_OK, "IncomingArchive: 0x%08lx %s", (unsigned long)hr, FAILED(hr) ? last_error() : "");
    if (archive && IFaxIncomingArchive_GetMessages(archive, 100, &iterator) == S_OK) {
        check(IFaxIncomingMessageIterator_MoveFirst(iterator) == S_OK, "MoveFirst");
        while (IFaxIncomingMessageIterator_get_AtEOF(iterator, &eof) == S_OK && !eof) {
            message = NULL;
            if (IFaxIncomingMessageIterator_get_Message(iterator, &message) == S_OK) {
                IFaxIncomingMessage_get_Pages(message, &pages);
                check(pages > 0, "a received fax has pages (%ld)", pages);
                IFaxIncomingMessage_Release(message);
            }
            messages++;
            IFaxIncomingMessageIterator_MoveNext(iterator);
        }
        check(messages >= 3, "the iterator walks the received faxes (%ld)", messages);
        message = (IFaxIncomingMessage *)1;
        check_failure(IFaxIncomingMessageIterator_get_Message(iterator, &message), E_UNEXPECTED, "AtEOF",
                      "Message at the end");
        check(message == NULL, "a failed Message returns NULL");
        check_failure(IFaxIncomingMessageIterator_put_PrefetchSize(iterator, 0), E_INVALIDARG, "1 or more",
                      "PrefetchSize 0");
    }
    if (iterator)
        IFaxIncomingMessageIterator_Release(iterator);
    if (archive)
        IFaxIncomingArchive_Release(archive);
    if (enumerator)
        IEnumVARIANT_Release(enumerator);
    if (unknown)
        IUnknown_Release(unknown);
    if (jobs)
        IFaxOutgoingJobs_Release(jobs);
    if (queue)
        IFaxOutgoingQueue_Release(queue);
    IFaxFolders_Release(folders);
    SysFreeString(unknown_id);
}

static void failures(IFaxServer *server)
{
    IFaxDocument *doc = NULL;
    IFaxRecipients *recipients = NULL;
    IFaxRecipient *recipient = NULL;
    ISupportErrorInfo *support = NULL;
    IFaxFolders *folders;
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
    IFaxServer_Disconnect(server);
    folders = (IFaxFolders *)1;
    check_failure(IFaxServer_get_Folders(server, &folders), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED), "Connect first",
                  "Folders of a disconnected server");
    check(folders == NULL, "a failed Folders returns NULL");
    check_failure(IFaxDocument_ConnectedSubmit(doc, server, &ids), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED),
                  "Connect first", "a disconnected server");
    check_failure(IFaxServer_Disconnect(server), HRESULT_FROM_WIN32(ERROR_NOT_CONNECTED), "Disconnect",
                  "Disconnect twice");
    SysFreeString(missing);
    IFaxRecipients_Release(recipients);
    IFaxDocument_Release(doc);
}

/* A VARIANT holding a 1-based index or a name, as Item takes it. */
static VARIANT index_variant(LONG index)
{
    VARIANT v;
    V_VT(&v) = VT_I4;
    V_I4(&v) = index;
    return v;
}

/* The element count of a typed SAFEARRAY result of the given element type; -1 when it is not one. */
static LONG array_count(const VARIANT *value, VARTYPE type)
{
    LONG low, high;

    if (V_VT(value) != (VT_ARRAY | type) || FAILED(SafeArrayGetLBound(V_ARRAY(value), 1, &low))
        || FAILED(SafeArrayGetUBound(V_ARRAY(value), 1, &high)))
        return -1;
    return high - low + 1;
}

static BOOL text_is(BSTR text, const WCHAR *expected)
{
    BOOL same = text && !wcscmp(text, expected);
    SysFreeString(text);
    return same;
}

/* The TSID of device id as a fresh FaxDevices reads it. */
static BSTR fresh_tsid(IFaxServer *server, LONG id)
{
    IFaxDevices *devices = NULL;
    IFaxDevice *device = NULL;
    BSTR tsid = NULL;

    if (SUCCEEDED(IFaxServer_GetDevices(server, &devices))
        && SUCCEEDED(IFaxDevices_get_ItemById(devices, id, &device))) {
        IFaxDevice_get_TSID(device, &tsid);
        IFaxDevice_Release(device);
    }
    if (devices)
        IFaxDevices_Release(devices);
    return tsid;
}

static void devices(IFaxServer *server)
{
    IFaxDevices *devices = NULL;
    IFaxDevice *device = NULL, *missing = (IFaxDevice *)1;
    IFaxDeviceProviders *providers = NULL;
    IFaxActivity *activity = NULL;
    IFaxSecurity *security = NULL;
    IFaxOutboundRouting *outbound = NULL;
    IFaxOutboundRoutingRules *rules = NULL;
    IUnknown *enumerator = NULL;
    IEnumVARIANT *items = NULL;
    VARIANT value, list[4];
    BSTR text = NULL, tsid = SysAllocString(L"C client TSID"), loop = SysAllocString(L"LOOP1002");
    BSTR guid = SysAllocString(L"{11111111-2222-3333-4444-555555555555}");
    FAX_ACCESS_RIGHTS_ENUM rights = 0;
    LONG count = 0, id = 0;
    ULONG fetched = 0;
    HRESULT hr;

    hr = IFaxServer_GetDevices(server, &devices);
    check(hr == S_OK && devices, "GetDevices: 0x%08lx", (unsigned long)hr);
    if (!devices)
        goto done;
    check(IFaxDevices_get_Count(devices, &count) == S_OK && count == 2, "two devices: %ld", count);
    check(IFaxDevices_get__NewEnum(devices, &enumerator) == S_OK
              && IUnknown_QueryInterface(enumerator, &IID_IEnumVARIANT, (void **)&items) == S_OK
              && IEnumVARIANT_Next(items, 4, list, &fetched) == S_FALSE && fetched == 2
              && V_VT(&list[0]) == VT_DISPATCH, "_NewEnum gives both devices: %lu", fetched);
    for (ULONG i = 0; i < fetched; i++)
        VariantClear(&list[i]);
    if (items)
        IEnumVARIANT_Release(items);
    if (enumerator)
        IUnknown_Release(enumerator);
    V_VT(&value) = VT_BSTR;
    V_BSTR(&value) = loop;
    hr = IFaxDevices_get_Item(devices, value, &device);
    check(hr == S_OK && IFaxDevice_get_Id(device, &id) == S_OK && id == 2, "Item by name (VT_BSTR): id %ld", id);
    if (!device)
        goto done;
    check(IFaxDevice_get_ProviderUniqueName(device, &text) == S_OK && text_is(text, L"openfaxcom.faxd.loopback"),
          "its provider");
    check(IFaxDevice_get_UsedRoutingMethods(device, &value) == S_OK && array_count(&value, VT_BSTR) == 0,
          "UsedRoutingMethods is a VT_ARRAY|VT_BSTR (empty: no routes configured)");
    VariantClear(&value);
    IFaxDevice_put_TSID(device, tsid);
    check(text_is(fresh_tsid(server, 2), L"1002"), "a put is local until Save");
    check(IFaxDevice_Save(device) == S_OK && text_is(fresh_tsid(server, 2), L"C client TSID"), "Save stores the TSID");
    SysFreeString(tsid);
    tsid = SysAllocString(L"1002");
    IFaxDevice_put_TSID(device, tsid);
    check(IFaxDevice_Save(device) == S_OK && text_is(fresh_tsid(server, 2), L"1002"), "the TSID is restored");
    check_failure(IFaxDevice_put_ReceiveMode(device, 7), E_INVALIDARG, "not a receive mode", "ReceiveMode 7");
    check_failure(IFaxDevice_AnswerCall(device), HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), "answer calls", "AnswerCall");
    check_failure(IFaxDevices_get_Item(devices, index_variant(3), &missing), E_INVALIDARG, "1 to Count (2)",
                  "Item(3)");
    check(missing == NULL, "a failed Item returns NULL");
    check_failure(IFaxDevices_get_ItemById(devices, 42, &missing), E_INVALIDARG, "no device with that id",
                  "ItemById(42)");

    check(IFaxServer_GetDeviceProviders(server, &providers) == S_OK && IFaxDeviceProviders_get_Count(providers, &count)
              == S_OK && count == 1, "one provider (loopback lines): %ld", count);
    if (providers) {
        IFaxDeviceProvider *provider = NULL;
        if (IFaxDeviceProviders_get_Item(providers, index_variant(1), &provider) == S_OK) {
            check(IFaxDeviceProvider_get_DeviceIds(provider, &value) == S_OK && array_count(&value, VT_I4) == 2,
                  "DeviceIds is a VT_ARRAY|VT_I4 of both devices");
            VariantClear(&value);
            IFaxDeviceProvider_Release(provider);
        }
        IFaxDeviceProviders_Release(providers);
    }
    check(IFaxServer_get_Activity(server, &activity) == S_OK && IFaxActivity_get_IncomingMessages(activity, &count)
              == S_OK && count >= 0 && IFaxActivity_Refresh(activity) == S_OK, "Activity and its Refresh");
    if (activity)
        IFaxActivity_Release(activity);
    check(IFaxServer_get_Security(server, &security) == S_OK && IFaxSecurity_get_GrantedRights(security, &rights)
              == S_OK && rights == 0x7ff, "every right without an access file: 0x%x", (unsigned)rights);
    if (security) {
        VARIANT shortened;
        check(IFaxSecurity_get_Descriptor(security, &value) == S_OK && array_count(&value, VT_UI1) > 20
                  && IsValidSecurityDescriptor(V_ARRAY(&value)->pvData), "Descriptor is a security descriptor");
        check(IFaxSecurity_put_Descriptor(security, value) == S_OK && IFaxSecurity_Save(security) == S_OK,
              "the same descriptor put back saves (nothing changed)");
        V_VT(&shortened) = VT_ARRAY | VT_UI1;   /* its header, but the owner SID it points at is cut off */
        V_ARRAY(&shortened) = SafeArrayCreateVector(VT_UI1, 0, 24);
        memcpy(V_ARRAY(&shortened)->pvData, V_ARRAY(&value)->pvData, 24);
        check_failure(IFaxSecurity_put_Descriptor(security, shortened), E_INVALIDARG, "security descriptor",
                      "a descriptor cut short");
        VariantClear(&shortened);
        VariantClear(&value);
        IFaxSecurity_Release(security);
    }
    if (IFaxServer_get_OutboundRouting(server, &outbound) == S_OK && IFaxOutboundRouting_GetRules(outbound, &rules)
        == S_OK) {
        IFaxOutboundRoutingRule *rule = NULL;
        check_failure(IFaxOutboundRoutingRules_ItemByCountryAndArea(rules, 44, 20, &rule), 0x80041b5d,
                      "only the default rule", "a rule that does not exist");
        IFaxOutboundRoutingRules_Release(rules);
    }
    if (outbound)
        IFaxOutboundRouting_Release(outbound);
    check_failure(IFaxServer_GetExtensionProperty(server, guid, &value), HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND),
                  "no extension data", "GetExtensionProperty");
    check(V_VT(&value) == VT_EMPTY, "a failed GetExtensionProperty returns VT_EMPTY");
done:
    if (device)
        IFaxDevice_Release(device);
    if (devices)
        IFaxDevices_Release(devices);
    SysFreeString(tsid);
    SysFreeString(loop);
    SysFreeString(guid);
}

/* Vista's IFaxServer2 through the vtable: the same object answers it, its IDispatch describes it, and each of its
 * four properties gives its object (faxd without an access file: every right; the accounts include this user). */
static void vista_server(IFaxServer *server)
{
    IFaxServer2 *server2 = NULL;
    IFaxConfiguration *configuration = NULL;
    IFaxSecurity2 *security = NULL;
    IFaxAccount *account = NULL, *added = NULL;
    IFaxAccountSet *set = NULL;
    IFaxAccounts *accounts = NULL;
    ITypeInfo *info = NULL;
    TYPEATTR *attr = NULL;
    FAX_ACCESS_RIGHTS_ENUM_2 rights = 0;
    LONG retries = -1, count = 0;
    BSTR name = NULL;

    check(IFaxServer_QueryInterface(server, &IID_IFaxServer2, (void **)&server2) == S_OK, "FaxServer is IFaxServer2");
    if (!server2)
        return;
    if (IFaxServer2_GetTypeInfo(server2, 0, 0, &info) == S_OK && ITypeInfo_GetTypeAttr(info, &attr) == S_OK) {
        check(IsEqualGUID(&attr->guid, &IID_IFaxServer2), "its IDispatch is IFaxServer2's");
        ITypeInfo_ReleaseTypeAttr(info, attr);
    }
    if (info)
        ITypeInfo_Release(info);
    check(IFaxServer2_get_Configuration(server2, &configuration) == S_OK
              && IFaxConfiguration_get_Retries(configuration, &retries) == S_OK && retries >= 0
              && IFaxConfiguration_Save(configuration) == S_OK, "Configuration: Retries %ld, Save unchanged",
          (long)retries);
    check(IFaxServer2_get_Security2(server2, &security) == S_OK && IFaxSecurity2_get_GrantedRights(security, &rights)
              == S_OK && rights == 0x3ff, "Security2: every far2 right: 0x%x", (unsigned)rights);
    check(IFaxServer2_get_CurrentAccount(server2, &account) == S_OK && IFaxAccount_get_AccountName(account, &name)
              == S_OK && name && name[0], "CurrentAccount: %ls", name ? name : L"(none)");
    check(IFaxServer2_get_FaxAccountSet(server2, &set) == S_OK && IFaxAccountSet_GetAccounts(set, &accounts) == S_OK
              && IFaxAccounts_get_Count(accounts, &count) == S_OK && count >= 1, "FaxAccountSet: %ld accounts",
          (long)count);
    if (set)
        check_failure(IFaxAccountSet_AddAccount(set, name, &added), HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED),
                      "cannot manage fax accounts", "AddAccount");
    check(!added, "a refused AddAccount returns no account");
    SysFreeString(name);
    if (accounts)
        IFaxAccounts_Release(accounts);
    if (set)
        IFaxAccountSet_Release(set);
    if (account)
        IFaxAccount_Release(account);
    if (security)
        IFaxSecurity2_Release(security);
    if (configuration)
        IFaxConfiguration_Release(configuration);
    IFaxServer2_Release(server2);
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
        if (SUCCEEDED(hr)) {
            send_to_three(server);
            devices(server);
            walk_folders(server);
            vista_server(server);
        }
        failures(server);
        IFaxServer_Release(server);
    }
    module_checks();
    CoUninitialize();
    printf("FaxComEx C client: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
