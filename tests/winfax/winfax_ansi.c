/*
 * winfax_ansi.exe FIXTURES SERVER: an ANSI program (no UNICODE) against winfax.dll's A functions, with
 * names in the caller's code page: "Zoë Ångström" goes in as CP_ACP bytes through FaxSendDocumentA and
 * comes back the same bytes from FaxGetJobA and as the right UTF-16 from FaxGetJobW; a document whose
 * file name is non-ASCII is found; the broadcast callback's A form; text the code page cannot hold comes
 * back as its default character. The server's queue must hold jobs (lines that do not send).
 * Prints "N passed, M failed".
 */
#include <stdio.h>
#include <string.h>

#include "winfax.h"
#include "check.h"

static char recipient_acp[64], document_acp[64], sender_acp[64];

/* UTF-16 as this process's ANSI code page; FALSE when the code page cannot hold it. */
static BOOL acp(const WCHAR *text, char *out, int size)
{
    BOOL lossy = FALSE;
    int length = WideCharToMultiByte(CP_ACP, 0, text, -1, out, size, NULL, GetACP() == CP_UTF8 ? NULL : &lossy);
    return length > 0 && !lossy;
}

static BOOL CALLBACK recipient(HANDLE handle, DWORD number, LPVOID context, PFAX_JOB_PARAMA job,
                               PFAX_COVERPAGE_INFOA cover)
{
    if (number > 1)
        return FALSE;
    job->RecipientNumber = "1002";
    job->RecipientName = recipient_acp;
    cover->RecName = recipient_acp;
    cover->Subject = document_acp;
    return TRUE;
}

static void delete_job(HANDLE server, DWORD id)
{
    FaxSetJobA(server, id, JC_DELETE, NULL);
}

int main(int argc, char **argv)
{
    char tiff[MAX_PATH], copy_acp[MAX_PATH], lossy[64];
    WCHAR copy[MAX_PATH], temp[MAX_PATH];
    HANDLE server;
    PFAX_JOB_PARAMA params;
    PFAX_COVERPAGE_INFOA cover;
    PFAX_JOB_ENTRYA entry;
    PFAX_JOB_ENTRYW wide;
    PFAX_PORT_INFOA ports;
    PFAX_CONFIGURATIONA config;
    PFAX_LOG_CATEGORYA categories;
    DWORD id = 0, broadcast = 0, other = 0, count = 0;

    if (argc < 3) {
        printf("usage: winfax_ansi FIXTURES SERVER\n");
        return 2;
    }
    printf("ANSI code page %u\n", GetACP());
    check(acp(L"Zo\u00eb \u00c5ngstr\u00f6m", recipient_acp, sizeof(recipient_acp))
          && acp(L"Bericht f\u00fcr Zo\u00eb", document_acp, sizeof(document_acp))
          && acp(L"J\u00fcrgen M\u00fcller", sender_acp, sizeof(sender_acp)),
          "the code page holds the test's accented names");
    snprintf(tiff, sizeof(tiff), "%s\\plain.tif", argv[1]);

    SetEnvironmentVariableW(L"FAXCOM_SERVER", NULL);
    SetEnvironmentVariableW(L"FAXCOM_SENDER_NAME", L"J\u00fcrgen M\u00fcller");
    check(FaxConnectFaxServerA(argv[2], &server), "FaxConnectFaxServerA");

    check(FaxCompleteJobParamsA(&params, &cover), "FaxCompleteJobParamsA");
    check(params->SenderName && !strcmp(params->SenderName, sender_acp) && cover->SdrName
          && !strcmp(cover->SdrName, sender_acp), "the sender's name comes back in the code page");
    params->RecipientNumber = "1002";
    params->RecipientName = recipient_acp;
    params->DocumentName = document_acp;
    check(FaxSendDocumentA(server, tiff, params, cover, &id) && id, "FaxSendDocumentA with accented names");
    FaxFreeBuffer(params);
    FaxFreeBuffer(cover);

    check(FaxGetJobA(server, id, &entry), "FaxGetJobA");
    if (entry) {
        check(entry->RecipientName && !strcmp(entry->RecipientName, recipient_acp), "RecipientName: the same bytes");
        check(entry->DocumentName && !strcmp(entry->DocumentName, document_acp), "DocumentName: the same bytes");
        check(entry->SenderName && !strcmp(entry->SenderName, sender_acp), "SenderName: the same bytes");
        FaxFreeBuffer(entry);
    }
    check(FaxGetJobW(server, id, &wide) && wide->RecipientName
          && !wcscmp(wide->RecipientName, L"Zo\u00eb \u00c5ngstr\u00f6m"), "FaxGetJobW: the same name in UTF-16");
    FaxFreeBuffer(wide);

    /* a name the code page cannot hold, sent through the W function, read through the A one */
    FAX_JOB_PARAMW job = { sizeof(job) };
    job.RecipientNumber = L"1002";
    job.RecipientName = L"\u4f20\u771f";
    check(FaxSendDocumentW(server, L"Z:\\nonexistent", &job, NULL, &other) == FALSE, "(a missing file fails)");
    MultiByteToWideChar(CP_ACP, 0, tiff, -1, temp, MAX_PATH);
    check(FaxSendDocumentW(server, temp, &job, NULL, &other), "FaxSendDocumentW with a CJK name");
    check(FaxGetJobA(server, other, &entry) && entry->RecipientName, "FaxGetJobA of it");
    if (entry) {
        WideCharToMultiByte(CP_ACP, 0, L"\u4f20\u771f", -1, lossy, sizeof(lossy), NULL, NULL);
        check(!strcmp(entry->RecipientName, lossy), "the name as the code page shows it (\"%s\")",
              entry->RecipientName);
        FaxFreeBuffer(entry);
    }

    /* a document whose path is non-ASCII in the code page */
    GetTempPathW(MAX_PATH, temp);
    swprintf(copy, MAX_PATH, L"%lsM\u00fcller-fax.tif", temp);
    MultiByteToWideChar(CP_ACP, 0, tiff, -1, temp, MAX_PATH);
    CopyFileW(temp, copy, FALSE);
    acp(copy, copy_acp, sizeof(copy_acp));
    FAX_JOB_PARAMA ansi_job = { sizeof(ansi_job) };
    ansi_job.RecipientNumber = "1002";
    DWORD from_path = 0;
    check(FaxSendDocumentA(server, copy_acp, &ansi_job, NULL, &from_path) && from_path,
          "FaxSendDocumentA finds a file named in the code page");
    DeleteFileW(copy);

    check(FaxSendDocumentForBroadcastA(server, tiff, &broadcast, recipient, NULL) && broadcast,
          "FaxSendDocumentForBroadcastA (A callback)");
    check(FaxGetJobA(server, broadcast, &entry) && entry->RecipientName
          && !strcmp(entry->RecipientName, recipient_acp), "the broadcast job carries the callback's name");
    FaxFreeBuffer(entry);

    check(FaxEnumPortsA(server, &ports, &count) && count && ports[0].DeviceName
          && !strcmp(ports[0].DeviceName, "loop1001"), "FaxEnumPortsA");
    FaxFreeBuffer(ports);
    check(FaxGetConfigurationA(server, &config) && config->SizeOfStruct == sizeof(FAX_CONFIGURATIONA),
          "FaxGetConfigurationA");
    FaxFreeBuffer(config);
    check(FaxGetLoggingCategoriesA(server, &categories, &count) && count == 4 && categories[0].Name
          && categories[0].Name[0], "FaxGetLoggingCategoriesA");
    FaxFreeBuffer(categories);
    ansi_job.SizeOfStruct = 3;
    check(!FaxSendDocumentA(server, tiff, &ansi_job, NULL, &id) && GetLastError() == ERROR_INVALID_PARAMETER,
          "FaxSendDocumentA with a wrong SizeOfStruct");

    delete_job(server, id);
    delete_job(server, other);
    delete_job(server, from_path);
    delete_job(server, broadcast);
    check(FaxClose(server), "FaxClose");
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
