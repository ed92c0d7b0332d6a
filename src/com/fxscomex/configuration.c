/*
 * FaxComEx.FaxConfiguration (Vista's FaxServer.Configuration, faxcomex-api.md 6.2): the server-wide settings in
 * one object. They are the settings the XP folder objects already show, through the same code: the outgoing
 * queue's (outgoing_queue_settings) and the sent-fax archive's (outgoing_archive_settings: UseArchive and
 * ArchiveLocation are faxd's ArchiveOutboundFaxes and ArchiveDirectory, since faxd keeps every received fax in
 * recvq anyway). Puts are local; Save writes what was put since Refresh; on HylaFAX the values are Windows'
 * defaults and saving a faxd setting is refused naming the server.
 *
 * faxd has no setting for the rest, and each has one true value: it cannot refuse all submissions or all calls
 * (the Blocked flags are False), every user it lets in is an account (AutoCreateAccountOnConnect True), and
 * received faxes belong to the server, which every user may read (IncomingFaxesArePublic True). Save of another
 * value fails rather than being dropped.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

/* The settings faxd has no counterpart for, and the value it behaves as. */
enum local_setting { LOCAL_INCOMING_BLOCKED, LOCAL_AUTO_CREATE_ACCOUNT, LOCAL_INCOMING_PUBLIC, LOCAL_COUNT };
static const BOOL local_truth[LOCAL_COUNT] = { FALSE, TRUE, TRUE };

struct fax_configuration {
    IFaxConfiguration IFaxConfiguration_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct folder_settings queue, archive;
    BOOL local[LOCAL_COUNT];
};

static void fax_configuration_destroy(struct fax_configuration *configuration)
{
    folder_settings_free(&configuration->queue);
    folder_settings_free(&configuration->archive);
    IFaxServer_Release(configuration->server);
}

FXSCOMEX_UNKNOWN(configuration, IFaxConfiguration, fax_configuration, fax_configuration_destroy)
FXSCOMEX_DISPATCH(configuration, IFaxConfiguration, IFaxConfiguration_tid)

#define QUEUE(iface) (&impl_from_IFaxConfiguration(iface)->queue)
#define ARCHIVE(iface) (&impl_from_IFaxConfiguration(iface)->archive)

static HRESULT WINAPI configuration_get_UseArchive(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(ARCHIVE(iface), ARCHIVE_USE, v);
}

static HRESULT WINAPI configuration_put_UseArchive(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    return folder_put_flag(ARCHIVE(iface), ARCHIVE_USE, v);
}

static HRESULT WINAPI configuration_get_ArchiveLocation(IFaxConfiguration *iface, BSTR *v)
{
    return folder_get_text(ARCHIVE(iface), ARCHIVE_FOLDER, v);
}

static HRESULT WINAPI configuration_put_ArchiveLocation(IFaxConfiguration *iface, BSTR v)
{
    return folder_put_text(ARCHIVE(iface), ARCHIVE_FOLDER, v);
}

static HRESULT WINAPI configuration_get_SizeQuotaWarning(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(ARCHIVE(iface), ARCHIVE_QUOTA_WARNING, v);
}

static HRESULT WINAPI configuration_put_SizeQuotaWarning(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    return folder_put_flag(ARCHIVE(iface), ARCHIVE_QUOTA_WARNING, v);
}

static HRESULT WINAPI configuration_get_HighQuotaWaterMark(IFaxConfiguration *iface, LONG *v)
{
    return folder_get_number(ARCHIVE(iface), ARCHIVE_HIGH_WATERMARK, v);
}

static HRESULT WINAPI configuration_put_HighQuotaWaterMark(IFaxConfiguration *iface, LONG v)
{
    return folder_put_number(ARCHIVE(iface), ARCHIVE_HIGH_WATERMARK, L"HighQuotaWaterMark", v);
}

static HRESULT WINAPI configuration_get_LowQuotaWaterMark(IFaxConfiguration *iface, LONG *v)
{
    return folder_get_number(ARCHIVE(iface), ARCHIVE_LOW_WATERMARK, v);
}

static HRESULT WINAPI configuration_put_LowQuotaWaterMark(IFaxConfiguration *iface, LONG v)
{
    return folder_put_number(ARCHIVE(iface), ARCHIVE_LOW_WATERMARK, L"LowQuotaWaterMark", v);
}

static HRESULT WINAPI configuration_get_ArchiveAgeLimit(IFaxConfiguration *iface, LONG *v)
{
    return folder_get_number(ARCHIVE(iface), ARCHIVE_AGE_LIMIT, v);
}

static HRESULT WINAPI configuration_put_ArchiveAgeLimit(IFaxConfiguration *iface, LONG v)
{
    return folder_put_number(ARCHIVE(iface), ARCHIVE_AGE_LIMIT, L"ArchiveAgeLimit", v);
}

static HRESULT WINAPI configuration_get_ArchiveSizeLow(IFaxConfiguration *iface, LONG *v)
{
    return com_return_long(0, v);
}

static HRESULT WINAPI configuration_get_ArchiveSizeHigh(IFaxConfiguration *iface, LONG *v)
{
    return com_return_long(0, v);
}

static HRESULT WINAPI configuration_get_OutgoingQueueBlocked(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(QUEUE(iface), QUEUE_BLOCKED, v);
}

static HRESULT WINAPI configuration_put_OutgoingQueueBlocked(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    return folder_put_flag(QUEUE(iface), QUEUE_BLOCKED, v);
}

static HRESULT WINAPI configuration_get_OutgoingQueuePaused(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(QUEUE(iface), QUEUE_PAUSED, v);
}

static HRESULT WINAPI configuration_put_OutgoingQueuePaused(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    return folder_put_flag(QUEUE(iface), QUEUE_PAUSED, v);
}

static HRESULT WINAPI configuration_get_AllowPersonalCoverPages(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(QUEUE(iface), QUEUE_PERSONAL_COVER_PAGES, v);
}

static HRESULT WINAPI configuration_put_AllowPersonalCoverPages(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    return folder_put_flag(QUEUE(iface), QUEUE_PERSONAL_COVER_PAGES, v);
}

static HRESULT WINAPI configuration_get_UseDeviceTSID(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(QUEUE(iface), QUEUE_USE_DEVICE_TSID, v);
}

static HRESULT WINAPI configuration_put_UseDeviceTSID(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    return folder_put_flag(QUEUE(iface), QUEUE_USE_DEVICE_TSID, v);
}

static HRESULT WINAPI configuration_get_Retries(IFaxConfiguration *iface, LONG *v)
{
    return folder_get_number(QUEUE(iface), QUEUE_RETRIES, v);
}

static HRESULT WINAPI configuration_put_Retries(IFaxConfiguration *iface, LONG v)
{
    return folder_put_number(QUEUE(iface), QUEUE_RETRIES, L"Retries", v);
}

static HRESULT WINAPI configuration_get_RetryDelay(IFaxConfiguration *iface, LONG *v)
{
    return folder_get_number(QUEUE(iface), QUEUE_RETRY_DELAY, v);
}

static HRESULT WINAPI configuration_put_RetryDelay(IFaxConfiguration *iface, LONG v)
{
    return folder_put_number(QUEUE(iface), QUEUE_RETRY_DELAY, L"RetryDelay", v);
}

static HRESULT WINAPI configuration_get_DiscountRateStart(IFaxConfiguration *iface, DATE *v)
{
    return folder_get_time(QUEUE(iface), QUEUE_DISCOUNT_START, v);
}

static HRESULT WINAPI configuration_put_DiscountRateStart(IFaxConfiguration *iface, DATE v)
{
    return folder_put_time(QUEUE(iface), QUEUE_DISCOUNT_START, v);
}

static HRESULT WINAPI configuration_get_DiscountRateEnd(IFaxConfiguration *iface, DATE *v)
{
    return folder_get_time(QUEUE(iface), QUEUE_DISCOUNT_END, v);
}

static HRESULT WINAPI configuration_put_DiscountRateEnd(IFaxConfiguration *iface, DATE v)
{
    return folder_put_time(QUEUE(iface), QUEUE_DISCOUNT_END, v);
}

static HRESULT WINAPI configuration_get_OutgoingQueueAgeLimit(IFaxConfiguration *iface, LONG *v)
{
    return folder_get_number(QUEUE(iface), QUEUE_AGE_LIMIT, v);
}

static HRESULT WINAPI configuration_put_OutgoingQueueAgeLimit(IFaxConfiguration *iface, LONG v)
{
    return folder_put_number(QUEUE(iface), QUEUE_AGE_LIMIT, L"OutgoingQueueAgeLimit", v);
}

static HRESULT WINAPI configuration_get_Branding(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return folder_get_flag(QUEUE(iface), QUEUE_BRANDING, v);
}

static HRESULT WINAPI configuration_put_Branding(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    return folder_put_flag(QUEUE(iface), QUEUE_BRANDING, v);
}

static HRESULT WINAPI configuration_get_IncomingQueueBlocked(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return fxscomex_return_bool(impl_from_IFaxConfiguration(iface)->local[LOCAL_INCOMING_BLOCKED], v);
}

static HRESULT WINAPI configuration_put_IncomingQueueBlocked(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    impl_from_IFaxConfiguration(iface)->local[LOCAL_INCOMING_BLOCKED] = v != VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI configuration_get_AutoCreateAccountOnConnect(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return fxscomex_return_bool(impl_from_IFaxConfiguration(iface)->local[LOCAL_AUTO_CREATE_ACCOUNT], v);
}

static HRESULT WINAPI configuration_put_AutoCreateAccountOnConnect(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    impl_from_IFaxConfiguration(iface)->local[LOCAL_AUTO_CREATE_ACCOUNT] = v != VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI configuration_get_IncomingFaxesArePublic(IFaxConfiguration *iface, VARIANT_BOOL *v)
{
    return fxscomex_return_bool(impl_from_IFaxConfiguration(iface)->local[LOCAL_INCOMING_PUBLIC], v);
}

static HRESULT WINAPI configuration_put_IncomingFaxesArePublic(IFaxConfiguration *iface, VARIANT_BOOL v)
{
    impl_from_IFaxConfiguration(iface)->local[LOCAL_INCOMING_PUBLIC] = v != VARIANT_FALSE;
    return S_OK;
}

static HRESULT refresh(struct fax_configuration *configuration, const WCHAR *member)
{
    HRESULT hr;

    configuration->queue.number[QUEUE_BLOCKED] = 0;
    memcpy(configuration->local, local_truth, sizeof(local_truth));
    if (FAILED(hr = folder_settings_refresh(&configuration->archive, configuration->server, member)))
        return hr;
    return folder_settings_refresh(&configuration->queue, configuration->server, member);
}

static HRESULT WINAPI configuration_Refresh(IFaxConfiguration *iface)
{
    return refresh(impl_from_IFaxConfiguration(iface), L"FaxConfiguration.Refresh");
}

static HRESULT WINAPI configuration_Save(IFaxConfiguration *iface)
{
    static const WCHAR member[] = L"FaxConfiguration.Save";
    static const WCHAR *const why[LOCAL_COUNT] = {
        L"IncomingQueueBlocked: it cannot refuse every call at once; stop a line answering with its Receive "
        L"setting (FaxDevice.ReceiveMode)",
        L"AutoCreateAccountOnConnect: every user it lets in is an account",
        L"IncomingFaxesArePublic: received faxes belong to the server, and every user it lets in may read them",
    };
    struct fax_configuration *configuration = impl_from_IFaxConfiguration(iface);
    HRESULT hr;

    if (configuration->queue.number[QUEUE_BLOCKED])
        return fxscomex_error(IFaxConfiguration_tid, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), L"%ls: the fax "
                              L"service cannot refuse new submissions (OutgoingQueueBlocked); set it to False, or "
                              L"OutgoingQueuePaused to True to hold the jobs", member);
    for (int i = 0; i < LOCAL_COUNT; i++)
        if (configuration->local[i] != local_truth[i])
            return fxscomex_cannot_store(IFaxConfiguration_tid, configuration->server, member, why[i]);
    if (FAILED(hr = folder_settings_save(&configuration->archive, configuration->server, member)))
        return hr;
    return folder_settings_save(&configuration->queue, configuration->server, member);
}

static const IFaxConfigurationVtbl configuration_vtbl = {
    configuration_QueryInterface, configuration_AddRef, configuration_Release,
    configuration_GetTypeInfoCount, configuration_GetTypeInfo, configuration_GetIDsOfNames, configuration_Invoke,
    configuration_get_UseArchive, configuration_put_UseArchive, configuration_get_ArchiveLocation,
    configuration_put_ArchiveLocation, configuration_get_SizeQuotaWarning, configuration_put_SizeQuotaWarning,
    configuration_get_HighQuotaWaterMark, configuration_put_HighQuotaWaterMark, configuration_get_LowQuotaWaterMark,
    configuration_put_LowQuotaWaterMark, configuration_get_ArchiveAgeLimit, configuration_put_ArchiveAgeLimit,
    configuration_get_ArchiveSizeLow, configuration_get_ArchiveSizeHigh, configuration_get_OutgoingQueueBlocked,
    configuration_put_OutgoingQueueBlocked, configuration_get_OutgoingQueuePaused,
    configuration_put_OutgoingQueuePaused, configuration_get_AllowPersonalCoverPages,
    configuration_put_AllowPersonalCoverPages, configuration_get_UseDeviceTSID, configuration_put_UseDeviceTSID,
    configuration_get_Retries, configuration_put_Retries, configuration_get_RetryDelay,
    configuration_put_RetryDelay, configuration_get_DiscountRateStart, configuration_put_DiscountRateStart,
    configuration_get_DiscountRateEnd, configuration_put_DiscountRateEnd, configuration_get_OutgoingQueueAgeLimit,
    configuration_put_OutgoingQueueAgeLimit, configuration_get_Branding, configuration_put_Branding,
    configuration_get_IncomingQueueBlocked, configuration_put_IncomingQueueBlocked,
    configuration_get_AutoCreateAccountOnConnect, configuration_put_AutoCreateAccountOnConnect,
    configuration_get_IncomingFaxesArePublic, configuration_put_IncomingFaxesArePublic, configuration_Refresh,
    configuration_Save,
};

HRESULT fax_configuration_create(IFaxServer *server, IFaxConfiguration **out)
{
    struct fax_configuration *configuration = calloc(1, sizeof(*configuration));
    HRESULT hr;

    *out = NULL;
    if (!configuration)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(configuration, IFaxConfiguration, &configuration_vtbl, &CLSID_FaxConfiguration);
    configuration->server = server;
    IFaxServer_AddRef(server);
    folder_settings_init(&configuration->queue, outgoing_queue_settings, QUEUE_SETTING_COUNT, IFaxConfiguration_tid,
                         L"FaxConfiguration");
    folder_settings_init(&configuration->archive, outgoing_archive_settings, ARCHIVE_SETTING_COUNT,
                         IFaxConfiguration_tid, L"FaxConfiguration");
    if (FAILED(hr = refresh(configuration, L"FaxServer.Configuration"))) {
        IFaxConfiguration_Release(&configuration->IFaxConfiguration_iface);
        return hr;
    }
    *out = &configuration->IFaxConfiguration_iface;
    return S_OK;
}
