/*
 * winfax_hostile.exe FIXTURES PORT-FILE: winfax.dll against the hostile server (tests/com/hostile_server.py).
 * For each case of PORT-FILE ("CASE OPERATION PORT"), FaxConnectFaxServer through the saboteur, then the one
 * call that meets its misbehaviour: that call (or the connect, for a case at the greeting or the login) must
 * return FALSE with a GetLastError, and nothing may crash or hang (the harness bounds the run).
 * Prints each case's error and "N passed, M failed".
 */
#define UNICODE
#define _UNICODE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "winfax.h"
#include "check.h"

static WCHAR document[MAX_PATH];

/* The operation's call; FALSE with GetLastError as winfax.dll left it. */
static BOOL operation(HANDLE server, const char *op)
{
    if (!strcmp(op, "send")) {
        FAX_JOB_PARAMW job = { sizeof(job) };
        DWORD id = 0;
        job.RecipientNumber = L"1002";
        job.ScheduleAction = JSA_NOW;
        return FaxSendDocumentW(server, document, &job, NULL, &id);
    }
    if (!strcmp(op, "jobs") || !strcmp(op, "pages")) {
        PFAX_JOB_ENTRYW jobs = NULL;
        DWORD count = 0, id;
        if (!FaxEnumJobsW(server, &jobs, &count))
            return FALSE;
        if (!strcmp(op, "jobs")) {
            printf("    FaxEnumJobs gave %lu jobs\n", (unsigned long)count);
            FaxFreeBuffer(jobs);
            return TRUE;
        }
        id = count ? jobs[0].JobId : 1;
        FaxFreeBuffer(jobs);
        BYTE *page = NULL;
        DWORD size, width, height;
        BOOL ok = FaxGetPageData(server, id, &page, &size, &width, &height);
        if (ok)
            FaxFreeBuffer(page);
        return ok;
    }
    if (!strcmp(op, "ports") || !strcmp(op, "routing")) {
        PFAX_PORT_INFOW ports = NULL;
        DWORD count = 0, device;
        if (!FaxEnumPortsW(server, &ports, &count))
            return FALSE;
        device = count ? ports[0].DeviceId : 1;
        FaxFreeBuffer(ports);
        if (!strcmp(op, "ports")) {
            printf("    FaxEnumPorts gave %lu ports\n", (unsigned long)count);
            return TRUE;
        }
        HANDLE port;
        PFAX_ROUTING_METHODW methods = NULL;
        if (!FaxOpenPort(server, device, PORT_OPEN_QUERY, &port))
            return FALSE;
        BOOL ok = FaxEnumRoutingMethodsW(port, &methods, &count);
        DWORD saved = GetLastError();
        if (ok)
            FaxFreeBuffer(methods);
        FaxClose(port);
        SetLastError(saved);
        return ok;
    }
    SetLastError(0);
    return TRUE;
}

int main(int argc, char **argv)
{
    char line[200], name[100], op[20];
    int port;
    FILE *cases;

    if (argc < 3 || !(cases = fopen(argv[2], "r"))) {
        printf("usage: winfax_hostile FIXTURES PORT-FILE\n0 passed, 1 failed\n");
        return 1;
    }
    swprintf(document, MAX_PATH, L"%hs\\win2k.tif", argv[1]);
    while (fgets(line, sizeof(line), cases)) {
        if (sscanf(line, "%99s %19s %d", name, op, &port) != 3)
            continue;
        if (!strcmp(op, "messages")) {
            printf("skip %s: winfax.dll has no call for received messages\n", name);
            continue;
        }
        WCHAR address[64];
        HANDLE server = NULL;
        DWORD started = GetTickCount(), error;
        BOOL ok;
        swprintf(address, 64, L"127.0.0.1:%d", port);
        SetLastError(0);
        ok = FaxConnectFaxServerW(address, &server);
        if (strcmp(op, "connect") != 0) {
            check(ok, "%s: FaxConnectFaxServer before the misbehaviour fails: %lu", name,
                  (unsigned long)GetLastError());
            if (ok)
                ok = operation(server, op);
        }
        error = GetLastError();
        check(!ok, "%s: the %s call returns FALSE", name, op);
        check(ok || error != 0, "%s: GetLastError says why", name);
        printf("ran %s (%s): %s, GetLastError %lu, in %.1f s\n", name, op, ok ? "TRUE" : "FALSE",
               (unsigned long)error, (GetTickCount() - started) / 1000.0);
        if (server)
            FaxClose(server);
    }
    fclose(cases);
    printf("hostile server (winfax): %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
