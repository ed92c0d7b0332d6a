/*
 * FaxGetConfiguration / FaxSetConfiguration: faxd's own settings (SITE FAXD GET/SET, docs/protocol.md
 * section 4). A stock HylaFAX server has none: there the values live with the server handle, and
 * Retries, RetryDelay, UseDeviceTsid and the discount window's start shape each job sent through it.
 * The logging categories have no server counterpart at all: they are kept per user and server under
 * HKCU\Software\openfaxcom\WinFax (local_store_*).
 */
#include "winfax_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fax_connect.h"

/* FAX_CONFIGURATION's numbers and faxd's setting of each. */
enum number { RETRIES, RETRY_DELAY, DIRTY_DAYS, BRANDING, USE_DEVICE_TSID, SERVER_CP, PAUSE, ARCHIVE,
              START_HOUR, START_MINUTE, STOP_HOUR, STOP_MINUTE, NUMBER_COUNT };
static const char *const wire[NUMBER_COUNT] = {
    "Retries", "RetryDelay", "DirtyDays", "Branding", "UseDeviceTsid", "ServerCoverpage", "PauseServerQueue",
    "ArchiveOutboundFaxes", "DiscountRateStartHour", "DiscountRateStartMinute", "DiscountRateEndHour",
    "DiscountRateEndMinute",
};

static void numbers_from(const FAX_CONFIGURATIONW *c, DWORD *n)
{
    n[RETRIES] = c->Retries, n[RETRY_DELAY] = c->RetryDelay, n[DIRTY_DAYS] = c->DirtyDays;
    n[BRANDING] = !!c->Branding, n[USE_DEVICE_TSID] = !!c->UseDeviceTsid, n[SERVER_CP] = !!c->ServerCp;
    n[PAUSE] = !!c->PauseServerQueue, n[ARCHIVE] = !!c->ArchiveOutgoingFaxes;
    n[START_HOUR] = c->StartCheapTime.Hour, n[START_MINUTE] = c->StartCheapTime.Minute;
    n[STOP_HOUR] = c->StopCheapTime.Hour, n[STOP_MINUTE] = c->StopCheapTime.Minute;
}

static void numbers_to(const DWORD *n, FAX_CONFIGURATIONW *c)
{
    c->Retries = n[RETRIES], c->RetryDelay = n[RETRY_DELAY], c->DirtyDays = n[DIRTY_DAYS];
    c->Branding = n[BRANDING], c->UseDeviceTsid = n[USE_DEVICE_TSID], c->ServerCp = n[SERVER_CP];
    c->PauseServerQueue = n[PAUSE], c->ArchiveOutgoingFaxes = n[ARCHIVE];
    c->StartCheapTime.Hour = (WORD)n[START_HOUR], c->StartCheapTime.Minute = (WORD)n[START_MINUTE];
    c->StopCheapTime.Hour = (WORD)n[STOP_HOUR], c->StopCheapTime.Minute = (WORD)n[STOP_MINUTE];
}

static BOOL get_configuration(HANDLE handle, FAX_CONFIGURATIONW **out, BOOL ansi)
{
    struct winfax_server *server = (clear_out((void **)out), handle_get(handle, WINFAX_SERVER, NULL));
    struct out_block block = { .ansi = ansi };
    struct hfx_error error = { 0 };
    struct hfx_client *client;
    FAX_CONFIGURATIONW config;
    DWORD numbers[NUMBER_COUNT];
    char *directory = NULL;
    const char *reply;

    if (!server)
        return FALSE;
    if (!out) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    if (!server_lock(server, &client)) {
        server_release(server);
        return FALSE;
    }
    config = server->config;
    if (server->faxd) {
        for (int i = 0; i < NUMBER_COUNT && error.status == HFX_OK; i++)
            if (hfx_expect(client, 2, &reply, &error, "SITE FAXD GET %s", wire[i]) == HFX_OK)
                numbers[i] = strtoul(reply, NULL, 10);
        if (error.status == HFX_OK && hfx_expect(client, 2, &reply, &error, "SITE FAXD GET ArchiveDirectory") == HFX_OK)
            directory = strdup(reply);
        if (error.status == HFX_OK)
            numbers_to(numbers, &config);
    } else if (server->archive_directory) {
        directory = strdup(server->archive_directory);
    }
    server_unlock(server);
    server_release(server);
    if (error.status != HFX_OK) {
        free(directory);
        return fail_hfx(&error, ERROR_GEN_FAILURE);
    }
    for (int pass = 0; pass < 2; pass++) {
        FAX_CONFIGURATIONW *c = block_reserve(&block, sizeof(*c));
        LPCWSTR archive = block_text(&block, directory && *directory ? directory : NULL);
        if (c) {
            *c = config;
            c->SizeOfStruct = sizeof(*c);
            c->ArchiveDirectory = archive;
            c->Reserved = NULL;
        }
        if (pass == 0 && !block_alloc(&block)) {
            free(directory);
            return FALSE;
        }
    }
    free(directory);
    *out = (FAX_CONFIGURATIONW *)block.base;
    return TRUE;
}

BOOL WINAPI FaxGetConfigurationW(HANDLE FaxHandle, PFAX_CONFIGURATIONW *FaxConfig)
{
    return get_configuration(FaxHandle, FaxConfig, FALSE);
}

BOOL WINAPI FaxGetConfigurationA(HANDLE FaxHandle, PFAX_CONFIGURATIONA *FaxConfig)
{
    return get_configuration(FaxHandle, (FAX_CONFIGURATIONW **)FaxConfig, TRUE);
}

/* faxd checks every value and refuses what is out of range (501 -> ERROR_INVALID_PARAMETER). The
 * directory goes first: archiving can only be turned on once it is set. */
static BOOL set_on_faxd(struct hfx_client *client, const DWORD *numbers, const char *directory,
                        struct hfx_error *error)
{
    char quoted[1100];

    if (directory && *directory) {
        if (!hfx_quote(directory, quoted, sizeof(quoted)))
            return fail(ERROR_INVALID_PARAMETER);
        if (hfx_expect(client, 2, NULL, error, "SITE FAXD SET ArchiveDirectory %s", quoted) != HFX_OK)
            return fail_hfx(error, ERROR_INVALID_PARAMETER);
    }
    for (int i = 0; i < NUMBER_COUNT; i++)
        if (hfx_expect(client, 2, NULL, error, "SITE FAXD SET %s %lu", wire[i], (unsigned long)numbers[i]) != HFX_OK)
            return fail_hfx(error, ERROR_INVALID_PARAMETER);
    if (directory && !*directory
        && hfx_expect(client, 2, NULL, error, "SITE FAXD SET ArchiveDirectory \"\"") != HFX_OK)
        return fail_hfx(error, ERROR_INVALID_PARAMETER);
    return TRUE;
}

static BOOL set_configuration(HANDLE handle, const FAX_CONFIGURATIONW *config, BOOL ansi)
{
    struct winfax_server *server = handle_get(handle, WINFAX_SERVER, NULL);
    struct hfx_error error = { 0 };
    struct hfx_client *client;
    DWORD numbers[NUMBER_COUNT];
    BOOL ok = TRUE;
    char *directory;

    if (!server)
        return FALSE;
    if (!config || config->SizeOfStruct != sizeof(FAX_CONFIGURATIONW)) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    numbers_from(config, numbers);
    directory = text_in(config->ArchiveDirectory, ansi, &ok);
    if (!ok) {
        server_release(server);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    if (numbers[START_HOUR] > 23 || numbers[STOP_HOUR] > 23 || numbers[START_MINUTE] > 59
        || numbers[STOP_MINUTE] > 59 || numbers[RETRIES] > 99 || numbers[RETRY_DELAY] > 1440)
        ok = fail(ERROR_INVALID_PARAMETER);
    else if ((ok = server_lock(server, &client))) {
        if (server->faxd) {
            ok = set_on_faxd(client, numbers, directory, &error);
        } else {
            numbers_to(numbers, &server->config);
            free(server->archive_directory);
            server->archive_directory = directory;
            directory = NULL;
        }
        server_unlock(server);
    }
    free(directory);
    server_release(server);
    return ok;
}

BOOL WINAPI FaxSetConfigurationW(HANDLE FaxHandle, const FAX_CONFIGURATIONW *FaxConfig)
{
    return set_configuration(FaxHandle, FaxConfig, FALSE);
}

BOOL WINAPI FaxSetConfigurationA(HANDLE FaxHandle, const FAX_CONFIGURATIONA *FaxConfig)
{
    return set_configuration(FaxHandle, (const FAX_CONFIGURATIONW *)FaxConfig, TRUE);
}

/* ---- the per-user store ---- */

static BOOL store_key(const struct winfax_server *server, const char *key, BOOL create, HKEY *out)
{
    WCHAR path[600];

    swprintf(path, ARRAYSIZE(path), L"Software\\openfaxcom\\WinFax\\%hs:%d\\%hs", server->host, server->port, key);
    if (create)
        return RegCreateKeyExW(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_READ | KEY_WRITE, NULL, out, NULL)
               == ERROR_SUCCESS;
    return RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ, out) == ERROR_SUCCESS;
}

BOOL local_store_read(const struct winfax_server *server, const char *key, const char *name, void *data, DWORD *size)
{
    WCHAR value[200];
    HKEY hkey;
    LSTATUS status;

    if (!store_key(server, key, FALSE, &hkey))
        return FALSE;
    swprintf(value, ARRAYSIZE(value), L"%hs", name);
    status = RegQueryValueExW(hkey, value, NULL, NULL, data, size);
    RegCloseKey(hkey);
    return status == ERROR_SUCCESS;
}

BOOL local_store_write(const struct winfax_server *server, const char *key, const char *name, const void *data,
                       DWORD size)
{
    WCHAR value[200];
    HKEY hkey;
    LSTATUS status;

    if (!store_key(server, key, TRUE, &hkey))
        return fail(ERROR_ACCESS_DENIED);
    swprintf(value, ARRAYSIZE(value), L"%hs", name);
    status = RegSetValueExW(hkey, value, 0, REG_BINARY, data, size);
    RegCloseKey(hkey);
    return status == ERROR_SUCCESS ? TRUE : fail(status);
}

/* ---- logging categories ---- */

static const char *const category_names[] = {
    [FAXLOG_CATEGORY_INIT] = "Initialization/Termination", [FAXLOG_CATEGORY_OUTBOUND] = "Outbound",
    [FAXLOG_CATEGORY_INBOUND] = "Inbound", [FAXLOG_CATEGORY_UNKNOWN] = "Unknown",
};
#define CATEGORIES 4

static BOOL get_logging(HANDLE handle, FAX_LOG_CATEGORYW **out, LPDWORD count, BOOL ansi)
{
    struct winfax_server *server = (clear_out((void **)out), handle_get(handle, WINFAX_SERVER, NULL));
    struct out_block block = { .ansi = ansi };
    DWORD levels[CATEGORIES + 1] = { 0, FAXLOG_LEVEL_MIN, FAXLOG_LEVEL_MIN, FAXLOG_LEVEL_MIN, FAXLOG_LEVEL_MIN };

    if (!server)
        return FALSE;
    if (!out || !count) {
        server_release(server);
        return fail(ERROR_INVALID_PARAMETER);
    }
    for (DWORD c = 1; c <= CATEGORIES; c++) {
        DWORD level, size = sizeof(level);
        if (local_store_read(server, "Logging", category_names[c], &level, &size) && size == sizeof(level))
            levels[c] = level;
    }
    server_release(server);
    for (int pass = 0; pass < 2; pass++) {
        FAX_LOG_CATEGORYW *categories = block_reserve(&block, CATEGORIES * sizeof(*categories));
        for (DWORD c = 1; c <= CATEGORIES; c++) {
            LPCWSTR name = block_text(&block, category_names[c]);
            if (categories) {
                categories[c - 1].Name = name;
                categories[c - 1].Category = c;
                categories[c - 1].Level = levels[c];
            }
        }
        if (pass == 0 && !block_alloc(&block))
            return FALSE;
    }
    *out = (FAX_LOG_CATEGORYW *)block.base;
    *count = CATEGORIES;
    return TRUE;
}

BOOL WINAPI FaxGetLoggingCategoriesW(HANDLE FaxHandle, PFAX_LOG_CATEGORYW *Categories, LPDWORD NumberCategories)
{
    return get_logging(FaxHandle, Categories, NumberCategories, FALSE);
}

BOOL WINAPI FaxGetLoggingCategoriesA(HANDLE FaxHandle, PFAX_LOG_CATEGORYA *Categories, LPDWORD NumberCategories)
{
    return get_logging(FaxHandle, (FAX_LOG_CATEGORYW **)Categories, NumberCategories, TRUE);
}

/* Categories are named by their Category number; Name is informational. */
static BOOL set_logging(HANDLE handle, const FAX_LOG_CATEGORYW *categories, DWORD count)
{
    struct winfax_server *server = handle_get(handle, WINFAX_SERVER, NULL);
    BOOL ok = TRUE;

    if (!server)
        return FALSE;
    if (!categories || !count)
        ok = fail(ERROR_INVALID_PARAMETER);
    for (DWORD i = 0; ok && i < count; i++)
        if (categories[i].Category < 1 || categories[i].Category > CATEGORIES || categories[i].Level > FAXLOG_LEVEL_MAX)
            ok = fail(ERROR_INVALID_PARAMETER);
    for (DWORD i = 0; ok && i < count; i++)
        ok = local_store_write(server, "Logging", category_names[categories[i].Category], &categories[i].Level,
                               sizeof(DWORD));
    server_release(server);
    return ok;
}

BOOL WINAPI FaxSetLoggingCategoriesW(HANDLE FaxHandle, const FAX_LOG_CATEGORYW *Categories, DWORD NumberCategories)
{
    return set_logging(FaxHandle, Categories, NumberCategories);
}

BOOL WINAPI FaxSetLoggingCategoriesA(HANDLE FaxHandle, const FAX_LOG_CATEGORYA *Categories, DWORD NumberCategories)
{
    return set_logging(FaxHandle, (const FAX_LOG_CATEGORYW *)Categories, NumberCategories);
}
