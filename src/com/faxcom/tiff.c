/*
 * FaxTiff: the Windows fax tags of a received or archived fax TIFF, no connection needed.
 * The file is read and checked once, on put_Image; the getters format what was read.
 */
#include "faxcom_private.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>

#include "faxtiff.h"

static const WCHAR unavailable[] = L"Unavailable";

struct fax_tiff {
    IFaxTiff IFaxTiff_iface;
    struct faxcom_support support;
    LONG ref;
    BSTR image;              /* full path of the file last loaded */
    struct faxtiff *tiff;    /* NULL until Image is set */
};

static inline struct fax_tiff *impl_from_IFaxTiff(IFaxTiff *iface)
{
    return CONTAINING_RECORD(iface, struct fax_tiff, IFaxTiff_iface);
}

static HRESULT WINAPI fax_tiff_QueryInterface(IFaxTiff *iface, REFIID riid, void **out)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFaxTiff)) {
        *out = iface;
        IFaxTiff_AddRef(iface);
        return S_OK;
    }
    if (faxcom_support_query(&tiff->support, riid, out))
        return S_OK;
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fax_tiff_AddRef(IFaxTiff *iface)
{
    return InterlockedIncrement(&impl_from_IFaxTiff(iface)->ref);
}

static ULONG WINAPI fax_tiff_Release(IFaxTiff *iface)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);
    ULONG ref = InterlockedDecrement(&tiff->ref);

    if (!ref) {
        faxtiff_free(tiff->tiff);
        SysFreeString(tiff->image);
        free(tiff);
        faxcom_object_destroyed();
    }
    return ref;
}

static HRESULT WINAPI fax_tiff_GetTypeInfoCount(IFaxTiff *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI fax_tiff_GetTypeInfo(IFaxTiff *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return faxcom_get_typeinfo(IFaxTiff_tid, info);
}

static HRESULT WINAPI fax_tiff_GetIDsOfNames(IFaxTiff *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                             DISPID *ids)
{
    return faxcom_ids_of_names(IFaxTiff_tid, names, count, ids);
}

static HRESULT WINAPI fax_tiff_Invoke(IFaxTiff *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                      DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return faxcom_invoke(IFaxTiff_tid, iface, id, flags, params, result, excep, arg_err);
}

static HRESULT require_image(struct fax_tiff *tiff, const WCHAR *property)
{
    if (tiff->tiff)
        return S_OK;
    return faxcom_error(IFaxTiff_tid, E_UNEXPECTED,
                        L"FaxTiff.%ls cannot be read before a fax TIFF is loaded: set FaxTiff.Image "
                        L"to the file's path first", property);
}

/* Turns an engine failure about the loaded file into an HRESULT with the file and the reason. */
static HRESULT engine_error(const WCHAR *path, const WCHAR *what, const struct faxtiff_error *error)
{
    HRESULT hr = error->status == FAXTIFF_ERR_NO_MEMORY ? E_OUTOFMEMORY : HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
    BSTR reason = faxcom_bstr_from_bytes(faxtiff_strerror(error->status));
    BSTR detail = faxcom_bstr_from_bytes(error->detail);

    hr = faxcom_error(IFaxTiff_tid, hr, L"%ls '%ls': %ls (%ls)", what, path, reason ? reason : L"",
                      detail ? detail : L"");
    SysFreeString(reason);
    SysFreeString(detail);
    return hr;
}

static HRESULT WINAPI fax_tiff_get_Image(IFaxTiff *iface, BSTR *value)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);

    if (!value)
        return E_POINTER;
    *value = SysAllocString(tiff->image ? tiff->image : L"");
    return *value ? S_OK : E_OUTOFMEMORY;
}

/* Opens path for reading with Win32 semantics (Unicode names, sharing, exact errors) as a stdio stream. */
static HRESULT open_stream(const WCHAR *path, FILE **stream)
{
    HANDLE handle;
    DWORD attributes = GetFileAttributesW(path);
    int fd;

    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY))
        return faxcom_error(IFaxTiff_tid, HRESULT_FROM_WIN32(ERROR_DIRECTORY),
                            L"Cannot load fax TIFF '%ls': it is a folder, not a file", path);
    handle = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                         OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (handle == INVALID_HANDLE_VALUE) {
        DWORD code = GetLastError();
        const WCHAR *why = code == ERROR_FILE_NOT_FOUND ? L"the file does not exist"
                         : code == ERROR_PATH_NOT_FOUND ? L"its folder does not exist"
                         : code == ERROR_ACCESS_DENIED ? L"access is denied"
                         : code == ERROR_SHARING_VIOLATION ? L"another program has it open exclusively"
                         : L"it cannot be opened";
        return faxcom_error(IFaxTiff_tid, HRESULT_FROM_WIN32(code),
                            L"Cannot load fax TIFF '%ls': %ls (error %lu)", path, why, code);
    }
    fd = _open_osfhandle((intptr_t)handle, _O_RDONLY | _O_BINARY);
    if (fd < 0 || !(*stream = _fdopen(fd, "rb"))) {
        if (fd < 0)
            CloseHandle(handle);
        else
            _close(fd);
        return faxcom_error(IFaxTiff_tid, E_OUTOFMEMORY, L"Cannot load fax TIFF '%ls': out of file handles", path);
    }
    return S_OK;
}

static HRESULT WINAPI fax_tiff_put_Image(IFaxTiff *iface, BSTR value)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);
    struct faxtiff_error error = { 0 };
    struct faxtiff *loaded = NULL;
    WCHAR full[MAX_PATH * 4];
    DWORD length;
    FILE *stream;
    BSTR image;
    HRESULT hr;

    if (!value || !*value)
        return faxcom_error(IFaxTiff_tid, E_INVALIDARG,
                            L"FaxTiff.Image needs the path of a fax TIFF file; an empty name was given");
    length = GetFullPathNameW(value, ARRAYSIZE(full), full, NULL);
    if (!length || length >= ARRAYSIZE(full))
        return faxcom_error(IFaxTiff_tid, HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME),
                            L"Cannot load fax TIFF '%ls': the path is not valid", value);
    hr = open_stream(full, &stream);
    if (FAILED(hr))
        return hr;
    faxtiff_read_stream(stream, &loaded, &error);
    fclose(stream);
    if (!loaded)
        return engine_error(full, L"Cannot load fax TIFF", &error);
    if (!(image = SysAllocString(full))) {
        faxtiff_free(loaded);
        return faxcom_error(IFaxTiff_tid, E_OUTOFMEMORY, L"Out of memory loading '%ls'", full);
    }
    /* Only a file that loaded replaces the current one. */
    faxtiff_free(tiff->tiff);
    SysFreeString(tiff->image);
    tiff->tiff = loaded;
    tiff->image = image;
    return S_OK;
}

static HRESULT return_text(struct fax_tiff *tiff, const WCHAR *property, enum faxtiff_status status, char *text,
                           const struct faxtiff_error *error, BSTR *value)
{
    if (status == FAXTIFF_ERR_ABSENT) {
        *value = SysAllocString(unavailable);
    } else if (status != FAXTIFF_OK) {
        WCHAR what[80];
        _snwprintf(what, ARRAYSIZE(what) - 1, L"Cannot read %ls from", property);
        what[ARRAYSIZE(what) - 1] = 0;
        return engine_error(tiff->image, what, error);
    } else {
        *value = faxcom_bstr_from_bytes(text);
        free(text);
    }
    return *value ? S_OK : E_OUTOFMEMORY;
}

static HRESULT get_field(IFaxTiff *iface, enum faxtiff_field field, const WCHAR *property, BSTR *value)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);
    struct faxtiff_error error = { 0 };
    char *text = NULL;
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    enum faxtiff_status status;

    if (FAILED(hr = require_image(tiff, property)))
        return hr;
    status = faxtiff_field_text(tiff->tiff, field, &text, &error);
    return return_text(tiff, property, status, text, &error, value);
}

/* date@time in the user's locale and time zone, as the Windows fax service shows it. */
static BSTR format_receive_time(uint64_t filetime)
{
    FILETIME utc = { (DWORD)filetime, (DWORD)(filetime >> 32) }, local;
    SYSTEMTIME when;
    WCHAR date[80], time[80], both[170];

    if (!FileTimeToLocalFileTime(&utc, &local) || !FileTimeToSystemTime(&local, &when)
        || !GetDateFormatW(LOCALE_USER_DEFAULT, DATE_SHORTDATE, &when, NULL, date, ARRAYSIZE(date))
        || !GetTimeFormatW(LOCALE_USER_DEFAULT, TIME_NOSECONDS, &when, NULL, time, ARRAYSIZE(time)))
        return NULL;
    _snwprintf(both, ARRAYSIZE(both) - 1, L"%ls@%ls", date, time);
    both[ARRAYSIZE(both) - 1] = 0;
    return SysAllocString(both);
}

static HRESULT WINAPI fax_tiff_get_ReceiveTime(IFaxTiff *iface, BSTR *value)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);
    struct faxtiff_error error = { 0 };
    enum faxtiff_status status;
    uint64_t filetime;
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    if (FAILED(hr = require_image(tiff, L"ReceiveTime")))
        return hr;
    status = faxtiff_receive_time(tiff->tiff, &filetime, &error);
    if (status != FAXTIFF_OK)
        return return_text(tiff, L"ReceiveTime", status, NULL, &error, value);
    if (!(*value = format_receive_time(filetime)))
        return faxcom_error(IFaxTiff_tid, HRESULT_FROM_WIN32(ERROR_INVALID_DATA),
                            L"Cannot read ReceiveTime from '%ls': the time %I64u is out of range", tiff->image,
                            filetime);
    return S_OK;
}

static HRESULT WINAPI fax_tiff_get_RecipientName(IFaxTiff *iface, BSTR *value)
{
    return get_field(iface, FAXTIFF_RECIPIENT_NAME, L"RecipientName", value);
}

static HRESULT WINAPI fax_tiff_get_SenderName(IFaxTiff *iface, BSTR *value)
{
    return get_field(iface, FAXTIFF_SENDER_NAME, L"SenderName", value);
}

static HRESULT WINAPI fax_tiff_get_Routing(IFaxTiff *iface, BSTR *value)
{
    return get_field(iface, FAXTIFF_ROUTING, L"Routing", value);
}

static HRESULT WINAPI fax_tiff_get_CallerId(IFaxTiff *iface, BSTR *value)
{
    return get_field(iface, FAXTIFF_CALLER_ID, L"CallerId", value);
}

static HRESULT WINAPI fax_tiff_get_Csid(IFaxTiff *iface, BSTR *value)
{
    return get_field(iface, FAXTIFF_CSID, L"Csid", value);
}

static HRESULT WINAPI fax_tiff_get_Tsid(IFaxTiff *iface, BSTR *value)
{
    return get_field(iface, FAXTIFF_TSID, L"Tsid", value);
}

static HRESULT WINAPI fax_tiff_get_RecipientNumber(IFaxTiff *iface, BSTR *value)
{
    return get_field(iface, FAXTIFF_RECIPIENT_NUMBER, L"RecipientNumber", value);
}

/* The raw FILETIME bits in a currency VARIANT, as the original returns them; 0 when not recorded. */
static HRESULT WINAPI fax_tiff_get_RawReceiveTime(IFaxTiff *iface, VARIANT *value)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);
    struct faxtiff_error error = { 0 };
    enum faxtiff_status status;
    uint64_t filetime;
    HRESULT hr;

    if (!value)
        return E_POINTER;
    VariantInit(value);
    if (FAILED(hr = require_image(tiff, L"RawReceiveTime")))
        return hr;
    status = faxtiff_receive_time(tiff->tiff, &filetime, &error);
    if (status != FAXTIFF_OK && status != FAXTIFF_ERR_ABSENT)
        return engine_error(tiff->image, L"Cannot read RawReceiveTime from", &error);
    V_VT(value) = VT_CY;
    V_CY(value).int64 = (LONGLONG)filetime;
    return S_OK;
}

static HRESULT WINAPI fax_tiff_get_TiffTagString(IFaxTiff *iface, int tag, BSTR *value)
{
    struct fax_tiff *tiff = impl_from_IFaxTiff(iface);
    struct faxtiff_error error = { 0 };
    WCHAR property[40];
    enum faxtiff_status status;
    char *text = NULL;
    HRESULT hr;

    if (!value)
        return E_POINTER;
    *value = NULL;
    if (FAILED(hr = require_image(tiff, L"TiffTagString")))
        return hr;
    if (tag < 1 || tag > 65535)
        return faxcom_error(IFaxTiff_tid, E_INVALIDARG,
                            L"FaxTiff.TiffTagString(%d): a TIFF tag number is between 1 and 65535", tag);
    _snwprintf(property, ARRAYSIZE(property) - 1, L"TiffTagString(%d)", tag);
    property[ARRAYSIZE(property) - 1] = 0;
    status = faxtiff_tag_text(tiff->tiff, (uint16_t)tag, &text, &error);
    return return_text(tiff, property, status, text, &error, value);
}

static const IFaxTiffVtbl fax_tiff_vtbl = {
    fax_tiff_QueryInterface, fax_tiff_AddRef, fax_tiff_Release,
    fax_tiff_GetTypeInfoCount, fax_tiff_GetTypeInfo, fax_tiff_GetIDsOfNames, fax_tiff_Invoke,
    fax_tiff_get_ReceiveTime, fax_tiff_get_Image, fax_tiff_put_Image, fax_tiff_get_RecipientName,
    fax_tiff_get_SenderName, fax_tiff_get_Routing, fax_tiff_get_CallerId, fax_tiff_get_Csid, fax_tiff_get_Tsid,
    fax_tiff_get_RecipientNumber, fax_tiff_get_RawReceiveTime, fax_tiff_get_TiffTagString,
};

HRESULT fax_tiff_create(REFIID riid, void **out)
{
    struct fax_tiff *tiff = calloc(1, sizeof(*tiff));
    HRESULT hr;

    if (!tiff)
        return E_OUTOFMEMORY;
    tiff->IFaxTiff_iface.lpVtbl = &fax_tiff_vtbl;
    tiff->ref = 1;
    faxcom_support_init(&tiff->support, (IUnknown *)&tiff->IFaxTiff_iface, &IID_IFaxTiff, &CLSID_FaxTiff);
    faxcom_object_created();
    hr = IFaxTiff_QueryInterface(&tiff->IFaxTiff_iface, riid, out);
    IFaxTiff_Release(&tiff->IFaxTiff_iface);
    return hr;
}
