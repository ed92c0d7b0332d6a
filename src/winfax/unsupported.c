/*
 * What issue 10 leaves out, and says so: printing to a fax printer DC (FaxStartPrintJob,
 * FaxPrintCoverPage) and registering fax service providers or routing extensions, which configure
 * the Windows fax service itself and have no HylaFAX counterpart. Each fails with ERROR_NOT_SUPPORTED
 * (docs/winfax.md); nothing else in this DLL answers that.
 */
#include "winfax_private.h"

BOOL WINAPI FaxStartPrintJobA(LPCSTR PrinterName, const FAX_PRINT_INFOA *PrintInfo, LPDWORD FaxJobId,
                              PFAX_CONTEXT_INFOA FaxContextInfo)
{
    return fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI FaxStartPrintJobW(LPCWSTR PrinterName, const FAX_PRINT_INFOW *PrintInfo, LPDWORD FaxJobId,
                              PFAX_CONTEXT_INFOW FaxContextInfo)
{
    return fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI FaxPrintCoverPageA(const FAX_CONTEXT_INFOA *FaxContextInfo, const FAX_COVERPAGE_INFOA *CoverPageInfo)
{
    return fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI FaxPrintCoverPageW(const FAX_CONTEXT_INFOW *FaxContextInfo, const FAX_COVERPAGE_INFOW *CoverPageInfo)
{
    return fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI FaxRegisterServiceProviderW(LPCWSTR DeviceProvider, LPCWSTR FriendlyName, LPCWSTR ImageName,
                                        LPCWSTR TspName)
{
    return fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI FaxUnregisterServiceProviderW(LPCWSTR DeviceProvider)
{
    return fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI FaxRegisterRoutingExtensionW(HANDLE FaxHandle, LPCWSTR ExtensionName, LPCWSTR FriendlyName,
                                         LPCWSTR ImageName, PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack,
                                         LPVOID Context)
{
    return fail(ERROR_NOT_SUPPORTED);
}
