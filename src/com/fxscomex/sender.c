/*
 * FaxComEx.FaxSender: the sender fields of a FaxDocument (its cover page, and the job's sender parameters).
 * LoadDefaultSender/SaveDefaultSender keep the current user's default sender in the registry at
 * HKCU\Software\openfaxcom\FaxComEx\DefaultSender, one REG_SZ value per property, named as the property.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <wchar.h>

#define DEFAULT_SENDER_KEY L"Software\\openfaxcom\\FaxComEx\\DefaultSender"

/* The property names, also the registry value names. */
static const WCHAR *const field_names[SENDER_FIELD_COUNT] = {
    [SENDER_BILLING_CODE] = L"BillingCode", [SENDER_CITY] = L"City", [SENDER_COMPANY] = L"Company",
    [SENDER_COUNTRY] = L"Country", [SENDER_DEPARTMENT] = L"Department", [SENDER_EMAIL] = L"Email",
    [SENDER_FAX_NUMBER] = L"FaxNumber", [SENDER_HOME_PHONE] = L"HomePhone", [SENDER_NAME] = L"Name",
    [SENDER_TSID] = L"TSID", [SENDER_OFFICE_PHONE] = L"OfficePhone", [SENDER_OFFICE_LOCATION] = L"OfficeLocation",
    [SENDER_STATE] = L"State", [SENDER_STREET_ADDRESS] = L"StreetAddress", [SENDER_TITLE] = L"Title",
    [SENDER_ZIP_CODE] = L"ZipCode",
};

struct fax_sender {
    IFaxSender IFaxSender_iface;
    struct com_support support;
    LONG ref;
    BSTR field[SENDER_FIELD_COUNT];
};

static inline struct fax_sender *impl_from_IFaxSender(IFaxSender *iface)
{
    return CONTAINING_RECORD(iface, struct fax_sender, IFaxSender_iface);
}

static HRESULT WINAPI fax_sender_QueryInterface(IFaxSender *iface, REFIID riid, void **out)
{
    struct fax_sender *sender = impl_from_IFaxSender(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxSender)) {
        *out = iface;
        IFaxSender_AddRef(iface);
        return S_OK;
    }
    if (com_support_query(&sender->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_sender_AddRef(IFaxSender *iface)
{
    return InterlockedIncrement(&impl_from_IFaxSender(iface)->ref);
}

static ULONG WINAPI fax_sender_Release(IFaxSender *iface)
{
    struct fax_sender *sender = impl_from_IFaxSender(iface);
    ULONG ref = InterlockedDecrement(&sender->ref);

    if (!ref) {
        for (int i = 0; i < SENDER_FIELD_COUNT; i++)
            SysFreeString(sender->field[i]);
        free(sender);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

FXSCOMEX_DISPATCH(fax_sender, IFaxSender, IFaxSender_tid)

/* One get/put pair per property; they differ only in the field. */
#define TEXT_PROPERTY(Name, index) \
    static HRESULT WINAPI fax_sender_get_##Name(IFaxSender *iface, BSTR *value) \
    { return fxscomex_get_text(impl_from_IFaxSender(iface)->field[index], value); } \
    static HRESULT WINAPI fax_sender_put_##Name(IFaxSender *iface, BSTR value) \
    { return fxscomex_put_text(&impl_from_IFaxSender(iface)->field[index], value); }

TEXT_PROPERTY(BillingCode, SENDER_BILLING_CODE)
TEXT_PROPERTY(City, SENDER_CITY)
TEXT_PROPERTY(Company, SENDER_COMPANY)
TEXT_PROPERTY(Country, SENDER_COUNTRY)
TEXT_PROPERTY(Department, SENDER_DEPARTMENT)
TEXT_PROPERTY(Email, SENDER_EMAIL)
TEXT_PROPERTY(FaxNumber, SENDER_FAX_NUMBER)
TEXT_PROPERTY(HomePhone, SENDER_HOME_PHONE)
TEXT_PROPERTY(Name, SENDER_NAME)
TEXT_PROPERTY(TSID, SENDER_TSID)
TEXT_PROPERTY(OfficePhone, SENDER_OFFICE_PHONE)
TEXT_PROPERTY(OfficeLocation, SENDER_OFFICE_LOCATION)
TEXT_PROPERTY(State, SENDER_STATE)
TEXT_PROPERTY(StreetAddress, SENDER_STREET_ADDRESS)
TEXT_PROPERTY(Title, SENDER_TITLE)
TEXT_PROPERTY(ZipCode, SENDER_ZIP_CODE)

static HRESULT registry_failure(const WCHAR *member, const WCHAR *verb, LSTATUS status)
{
    return fxscomex_error(IFaxSender_tid, HRESULT_FROM_WIN32(status), L"%ls: the default sender in HKEY_CURRENT_USER\\"
                          DEFAULT_SENDER_KEY L" cannot be %ls (error %ld)", member, verb, (long)status);
}

/* Every field from the registry; a value that is missing (never saved) leaves the field empty. */
static HRESULT WINAPI fax_sender_LoadDefaultSender(IFaxSender *iface)
{
    struct fax_sender *sender = impl_from_IFaxSender(iface);
    BSTR loaded[SENDER_FIELD_COUNT] = { 0 };
    LSTATUS status;
    HKEY key;

    status = RegOpenKeyExW(HKEY_CURRENT_USER, DEFAULT_SENDER_KEY, 0, KEY_READ, &key);
    if (status != ERROR_SUCCESS && status != ERROR_FILE_NOT_FOUND)
        return registry_failure(L"FaxSender.LoadDefaultSender", L"read", status);
    for (int i = 0; i < SENDER_FIELD_COUNT; i++) {
        WCHAR value[1025] = { 0 };   /* room for a NUL the registry may have left out */
        DWORD type, size = sizeof(value) - sizeof(WCHAR);
        if (status == ERROR_SUCCESS
            && (RegQueryValueExW(key, field_names[i], NULL, &type, (BYTE *)value, &size) != ERROR_SUCCESS
                || type != REG_SZ))
            value[0] = 0;
        if (!(loaded[i] = SysAllocString(value))) {
            for (int j = 0; j < i; j++)
                SysFreeString(loaded[j]);
            if (status == ERROR_SUCCESS)
                RegCloseKey(key);
            return E_OUTOFMEMORY;
        }
    }
    if (status == ERROR_SUCCESS)
        RegCloseKey(key);
    for (int i = 0; i < SENDER_FIELD_COUNT; i++) {
        SysFreeString(sender->field[i]);
        sender->field[i] = loaded[i];
    }
    return S_OK;
}

static HRESULT WINAPI fax_sender_SaveDefaultSender(IFaxSender *iface)
{
    struct fax_sender *sender = impl_from_IFaxSender(iface);
    LSTATUS status;
    HKEY key;

    status = RegCreateKeyExW(HKEY_CURRENT_USER, DEFAULT_SENDER_KEY, 0, NULL, 0, KEY_WRITE, NULL, &key, NULL);
    if (status != ERROR_SUCCESS)
        return registry_failure(L"FaxSender.SaveDefaultSender", L"written", status);
    for (int i = 0; i < SENDER_FIELD_COUNT && status == ERROR_SUCCESS; i++) {
        const WCHAR *value = sender->field[i] ? sender->field[i] : L"";
        status = RegSetValueExW(key, field_names[i], 0, REG_SZ, (const BYTE *)value,
                                (DWORD)(wcslen(value) + 1) * sizeof(WCHAR));
    }
    RegCloseKey(key);
    return status == ERROR_SUCCESS ? S_OK : registry_failure(L"FaxSender.SaveDefaultSender", L"written", status);
}

static const IFaxSenderVtbl fax_sender_vtbl = {
    fax_sender_QueryInterface, fax_sender_AddRef, fax_sender_Release,
    fax_sender_GetTypeInfoCount, fax_sender_GetTypeInfo, fax_sender_GetIDsOfNames, fax_sender_Invoke,
    fax_sender_get_BillingCode, fax_sender_put_BillingCode, fax_sender_get_City, fax_sender_put_City,
    fax_sender_get_Company, fax_sender_put_Company, fax_sender_get_Country, fax_sender_put_Country,
    fax_sender_get_Department, fax_sender_put_Department, fax_sender_get_Email, fax_sender_put_Email,
    fax_sender_get_FaxNumber, fax_sender_put_FaxNumber, fax_sender_get_HomePhone, fax_sender_put_HomePhone,
    fax_sender_get_Name, fax_sender_put_Name, fax_sender_get_TSID, fax_sender_put_TSID,
    fax_sender_get_OfficePhone, fax_sender_put_OfficePhone, fax_sender_get_OfficeLocation,
    fax_sender_put_OfficeLocation, fax_sender_get_State, fax_sender_put_State, fax_sender_get_StreetAddress,
    fax_sender_put_StreetAddress, fax_sender_get_Title, fax_sender_put_Title, fax_sender_get_ZipCode,
    fax_sender_put_ZipCode, fax_sender_LoadDefaultSender, fax_sender_SaveDefaultSender,
};

const WCHAR *fax_sender_field(IFaxSender *iface, enum sender_field field)
{
    const WCHAR *value = impl_from_IFaxSender(iface)->field[field];
    return value ? value : L"";
}

HRESULT fax_sender_create(IFaxSender **out)
{
    struct fax_sender *sender = calloc(1, sizeof(*sender));

    *out = NULL;
    if (!sender)
        return E_OUTOFMEMORY;
    sender->IFaxSender_iface.lpVtbl = &fax_sender_vtbl;
    sender->ref = 1;
    com_support_init(&sender->support, &fxscomex_module, (IUnknown *)&sender->IFaxSender_iface, &IID_IFaxSender,
                     &CLSID_FaxSender);
    com_object_created(&fxscomex_module);
    *out = &sender->IFaxSender_iface;
    return S_OK;
}
