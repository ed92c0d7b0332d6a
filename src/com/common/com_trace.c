/*
 * The protocol trace an administrator turns on without touching the scripts (docs/troubleshooting.md):
 * FAXCOM_TRACE, else the TraceFile setting, names a file; every line the protocol client traces, and
 * every failure faxcom.dll or fxscomex.dll reports, is appended there with the time (UTC, ms) and the
 * process id.
 * Each line is one append to a file opened with full sharing and closed again, so processes and
 * threads tracing to one file do not interleave within a line, and the file can be read, moved or
 * deleted at any time. A trace that cannot be written never fails a call: it is said once, through
 * OutputDebugString.
 */
#include "com_trace.h"

#include <stdio.h>
#include <stdlib.h>

#include "com_session.h"
#include "hfx_client.h"

struct trace_file {
    WCHAR path[1024];
    const WCHAR *module;   /* L"faxcom": who says the file cannot be written */
};

static LONG failure_reported;   /* once per process: a script connecting in a loop must not flood */

static struct trace_file *trace_file_open(const struct com_module *module)
{
    struct trace_file *file = calloc(1, sizeof(*file));

    if (file && !com_setting_text(L"FAXCOM_TRACE", L"TraceFile", file->path, ARRAYSIZE(file->path))) {
        free(file);
        return NULL;
    }
    if (file)
        file->module = module->name;
    return file;
}

/* Appends "2026-12-06T04:08:40.123Z pid 1234 text" and CR LF. */
static void trace_file_append(struct trace_file *file, const char *text)
{
    char line[HFX_TRACE_LINE + 100];
    SYSTEMTIME now;
    DWORD written = 0, code = 0;
    HANDLE handle;
    int length;

    GetSystemTime(&now);
    length = sprintf(line, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ pid %lu %.*s\r\n", now.wYear, now.wMonth, now.wDay,
                     now.wHour, now.wMinute, now.wSecond, now.wMilliseconds, (unsigned long)GetCurrentProcessId(),
                     HFX_TRACE_LINE, text);
    for (int i = 0; i < length - 2; i++)   /* one event, one line, whatever text it carries */
        if ((unsigned char)line[i] < 0x20)
            line[i] = '?';
    handle = CreateFileW(file->path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                         OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (handle == INVALID_HANDLE_VALUE || !WriteFile(handle, line, (DWORD)length, &written, NULL)
        || written != (DWORD)length)
        code = GetLastError();
    if (handle != INVALID_HANDLE_VALUE)
        CloseHandle(handle);
    if (code && !InterlockedExchange(&failure_reported, 1)) {
        WCHAR message[1200];
        _snwprintf(message, ARRAYSIZE(message) - 1, L"%ls: cannot write the trace file '%ls' (error %lu); "
                   L"faxing goes on without the trace\n", file->module, file->path, code);
        message[ARRAYSIZE(message) - 1] = 0;
        OutputDebugStringW(message);
    }
}

static void trace_write(void *context, const char *line)
{
    trace_file_append(context, line);
}

/* Milliseconds of the performance counter: monotonic, and there on every Windows version. */
static long long trace_clock_ms(void *context)
{
    LARGE_INTEGER now, frequency;

    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&now);
    return now.QuadPart / frequency.QuadPart * 1000 + now.QuadPart % frequency.QuadPart * 1000 / frequency.QuadPart;
}

static void trace_release(void *context)
{
    free(context);
}

BOOL com_trace_hook(const struct com_module *module, struct hfx_trace *trace)
{
    struct trace_file *file = trace_file_open(module);

    if (!file)
        return FALSE;
    trace->write = trace_write;
    trace->clock_ms = trace_clock_ms;
    trace->release = trace_release;
    trace->context = file;
    return TRUE;
}

void com_trace_failure(const struct com_module *module, const WCHAR *source, const WCHAR *description, HRESULT hr)
{
    struct trace_file *file = trace_file_open(module);
    char text[HFX_TRACE_LINE] = "";
    WCHAR line[HFX_TRACE_LINE];

    if (!file)
        return;
    _snwprintf(line, ARRAYSIZE(line) - 1, L"%ls !! %ls: %ls (0x%08lx)", module->name, source, description,
               (unsigned long)hr);
    line[ARRAYSIZE(line) - 1] = 0;
    if (!WideCharToMultiByte(CP_UTF8, 0, line, -1, text, sizeof(text), NULL, NULL))
        text[sizeof(text) - 1] = 0;   /* cut mid-way: what fitted, ended */
    trace_file_append(file, text);
    free(file);
}
