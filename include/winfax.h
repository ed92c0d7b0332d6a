/*
 * winfax.h: the Win32 fax client API (winfax.dll), openfaxcom's own header, written from
 * ../shared/spec/winfax-api.md (sections 3-6). C clients compile against it with mingw-w64, which ships
 * the import library (libwinfax.a) but no header. Layouts are natural C alignment, no packing: the spec's
 * tables 5.2/5.3 are checked by tests/winfax/layout.c on both arches.
 */
#ifndef OPENFAXCOM_WINFAX_H
#define OPENFAXCOM_WINFAX_H

#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A TAPI call handle is a DWORD on both arches (not pointer-sized). */
#ifndef OPENFAXCOM_HCALL_DEFINED
#define OPENFAXCOM_HCALL_DEFINED
typedef DWORD HCALL;
#endif

#ifdef UNICODE
#define OPENFAXCOM_AW(name) name##W
#else
#define OPENFAXCOM_AW(name) name##A
#endif

/* ---- section 6: constants ---- */

typedef enum { JC_UNKNOWN = 0, JC_DELETE = 1, JC_PAUSE = 2, JC_RESUME = 3 } FAX_ENUM_JOB_COMMANDS;
#define JC_RESTART JC_RESUME

#define JT_UNKNOWN 0
#define JT_SEND 1
#define JT_RECEIVE 2
#define JT_ROUTING 3
#define JT_FAIL_RECEIVE 4

#define JS_PENDING 0x00000000
#define JS_INPROGRESS 0x00000001
#define JS_DELETING 0x00000002
#define JS_FAILED 0x00000004
#define JS_PAUSED 0x00000008
#define JS_NOLINE 0x00000010
#define JS_RETRYING 0x00000020
#define JS_RETRIES_EXCEEDED 0x00000040

#define FPS_DIALING 0x20000001
#define FPS_SENDING 0x20000002
#define FPS_RECEIVING 0x20000004
#define FPS_COMPLETED 0x20000008
#define FPS_HANDLED 0x20000010
#define FPS_UNAVAILABLE 0x20000020
#define FPS_BUSY 0x20000040
#define FPS_NO_ANSWER 0x20000080
#define FPS_BAD_ADDRESS 0x20000100
#define FPS_NO_DIAL_TONE 0x20000200
#define FPS_DISCONNECTED 0x20000400
#define FPS_FATAL_ERROR 0x20000800
#define FPS_NOT_FAX_CALL 0x20001000
#define FPS_CALL_DELAYED 0x20002000
#define FPS_CALL_BLACKLISTED 0x20004000
#define FPS_INITIALIZING 0x20008000
#define FPS_OFFLINE 0x20010000
#define FPS_RINGING 0x20020000
#define FPS_AVAILABLE 0x20100000
#define FPS_ABORTING 0x20200000
#define FPS_ROUTING 0x20400000
#define FPS_ANSWERED 0x20800000

#define FPF_RECEIVE 0x00000001
#define FPF_SEND 0x00000002
#define FPF_VIRTUAL 0x00000004

typedef enum { PORT_OPEN_QUERY = 1, PORT_OPEN_MODIFY = 2 } FAX_ENUM_PORT_OPEN_TYPE;

typedef enum { JSA_NOW = 0, JSA_SPECIFIC_TIME = 1, JSA_DISCOUNT_PERIOD = 2 } FAX_ENUM_JOB_SEND_ATTRIBUTES;

typedef enum { DRT_NONE = 0, DRT_EMAIL = 1, DRT_INBOX = 2 } FAX_ENUM_DELIVERY_REPORT_TYPES;

typedef enum {
    FAXLOG_CATEGORY_INIT = 1, FAXLOG_CATEGORY_OUTBOUND = 2, FAXLOG_CATEGORY_INBOUND = 3,
    FAXLOG_CATEGORY_UNKNOWN = 4
} FAX_ENUM_LOG_CATEGORIES;
typedef enum {
    FAXLOG_LEVEL_NONE = 0, FAXLOG_LEVEL_MIN = 1, FAXLOG_LEVEL_MED = 2, FAXLOG_LEVEL_MAX = 3
} FAX_ENUM_LOG_LEVELS;

#define FEI_DIALING 0x00000001
#define FEI_SENDING 0x00000002
#define FEI_RECEIVING 0x00000003
#define FEI_COMPLETED 0x00000004
#define FEI_BUSY 0x00000005
#define FEI_NO_ANSWER 0x00000006
#define FEI_BAD_ADDRESS 0x00000007
#define FEI_NO_DIAL_TONE 0x00000008
#define FEI_DISCONNECTED 0x00000009
#define FEI_FATAL_ERROR 0x0000000a
#define FEI_NOT_FAX_CALL 0x0000000b
#define FEI_CALL_DELAYED 0x0000000c
#define FEI_CALL_BLACKLISTED 0x0000000d
#define FEI_RINGING 0x0000000e
#define FEI_ABORTING 0x0000000f
#define FEI_ROUTING 0x00000010
#define FEI_MODEM_POWERED_ON 0x00000011
#define FEI_MODEM_POWERED_OFF 0x00000012
#define FEI_IDLE 0x00000013
#define FEI_FAXSVC_ENDED 0x00000014
#define FEI_ANSWERED 0x00000015
#define FEI_JOB_QUEUED 0x00000016
#define FEI_DELETED 0x00000017
#define FEI_INITIALIZING 0x00000018
#define FEI_LINE_UNAVAILABLE 0x00000019
#define FEI_HANDLED 0x0000001a
#define FEI_FAXSVC_STARTED 0x0000001b
#define FEI_NEVENTS FEI_FAXSVC_STARTED

#define FAX_JOB_SUBMIT 0x0001
#define FAX_JOB_QUERY 0x0002
#define FAX_CONFIG_QUERY 0x0004
#define FAX_CONFIG_SET 0x0008
#define FAX_PORT_QUERY 0x0010
#define FAX_PORT_SET 0x0020
#define FAX_JOB_MANAGE 0x0040
#define FAX_READ (STANDARD_RIGHTS_READ | FAX_JOB_QUERY | FAX_CONFIG_QUERY | FAX_PORT_QUERY)
#define FAX_WRITE (STANDARD_RIGHTS_WRITE | FAX_JOB_SUBMIT)
#define FAX_ALL_ACCESS (STANDARD_RIGHTS_ALL | FAX_JOB_SUBMIT | FAX_JOB_QUERY | FAX_CONFIG_QUERY | FAX_CONFIG_SET \
                        | FAX_PORT_QUERY | FAX_PORT_SET | FAX_JOB_MANAGE)

#define FAX_ERR_START 7001L
#define FAX_ERR_SRV_OUTOFMEMORY 7001L
#define FAX_ERR_GROUP_NOT_FOUND 7002L
#define FAX_ERR_BAD_GROUP_CONFIGURATION 7003L
#define FAX_ERR_GROUP_IN_USE 7004L
#define FAX_ERR_RULE_NOT_FOUND 7005L
#define FAX_ERR_NOT_NTFS 7006L
#define FAX_ERR_DIRECTORY_IN_USE 7007L
#define FAX_ERR_FILE_ACCESS_DENIED 7008L
#define FAX_ERR_MESSAGE_NOT_FOUND 7009L
#define FAX_ERR_DEVICE_NUM_LIMIT_EXCEEDED 7010L
#define FAX_ERR_NOT_SUPPORTED_ON_THIS_SKU 7011L
#define FAX_ERR_VERSION_MISMATCH 7012L
#define FAX_ERR_RECIPIENTS_LIMIT 7013L
#define FAX_ERR_END 7013L

#define FAX_E_SRV_OUTOFMEMORY MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_SRV_OUTOFMEMORY)
#define FAX_E_GROUP_NOT_FOUND MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_GROUP_NOT_FOUND)
#define FAX_E_BAD_GROUP_CONFIGURATION MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_BAD_GROUP_CONFIGURATION)
#define FAX_E_GROUP_IN_USE MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_GROUP_IN_USE)
#define FAX_E_RULE_NOT_FOUND MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_RULE_NOT_FOUND)
#define FAX_E_NOT_NTFS MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_NOT_NTFS)
#define FAX_E_DIRECTORY_IN_USE MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_DIRECTORY_IN_USE)
#define FAX_E_FILE_ACCESS_DENIED MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_FILE_ACCESS_DENIED)
#define FAX_E_MESSAGE_NOT_FOUND MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_MESSAGE_NOT_FOUND)
#define FAX_E_DEVICE_NUM_LIMIT_EXCEEDED MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_DEVICE_NUM_LIMIT_EXCEEDED)
#define FAX_E_NOT_SUPPORTED_ON_THIS_SKU MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_NOT_SUPPORTED_ON_THIS_SKU)
#define FAX_E_VERSION_MISMATCH MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_VERSION_MISMATCH)
#define FAX_E_RECIPIENTS_LIMIT MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_RECIPIENTS_LIMIT)

/* ---- section 5: structures (A and W differ only in string types, and FAX_CONTEXT_INFO's array) ---- */

typedef struct _FAX_TIME {
    WORD Hour;
    WORD Minute;
} FAX_TIME, *PFAX_TIME;

#define OPENFAXCOM_JOB_PARAM(S, T)                                                                           \
    typedef struct _FAX_JOB_PARAM##S {                                                                       \
        DWORD SizeOfStruct;                                                                                  \
        T RecipientNumber, RecipientName, Tsid, SenderName, SenderCompany, SenderDept, BillingCode;          \
        DWORD ScheduleAction;                                                                                \
        SYSTEMTIME ScheduleTime;                                                                             \
        DWORD DeliveryReportType;                                                                            \
        T DeliveryReportAddress, DocumentName;                                                               \
        HCALL CallHandle;                                                                                    \
        DWORD_PTR Reserved[3];                                                                               \
    } FAX_JOB_PARAM##S, *PFAX_JOB_PARAM##S;
OPENFAXCOM_JOB_PARAM(A, LPCSTR)
OPENFAXCOM_JOB_PARAM(W, LPCWSTR)

#define OPENFAXCOM_COVERPAGE_INFO(S, T)                                                                      \
    typedef struct _FAX_COVERPAGE_INFO##S {                                                                  \
        DWORD SizeOfStruct;                                                                                  \
        T CoverPageName;                                                                                     \
        BOOL UseServerCoverPage;                                                                             \
        T RecName, RecFaxNumber, RecCompany, RecStreetAddress, RecCity, RecState, RecZip, RecCountry,        \
            RecTitle, RecDepartment, RecOfficeLocation, RecHomePhone, RecOfficePhone;                        \
        T SdrName, SdrFaxNumber, SdrCompany, SdrAddress, SdrTitle, SdrDepartment, SdrOfficeLocation,         \
            SdrHomePhone, SdrOfficePhone;                                                                    \
        T Note, Subject;                                                                                     \
        SYSTEMTIME TimeSent;                                                                                 \
        DWORD PageCount;                                                                                     \
    } FAX_COVERPAGE_INFO##S, *PFAX_COVERPAGE_INFO##S;
OPENFAXCOM_COVERPAGE_INFO(A, LPCSTR)
OPENFAXCOM_COVERPAGE_INFO(W, LPCWSTR)

#define OPENFAXCOM_JOB_ENTRY(S, T)                                                                           \
    typedef struct _FAX_JOB_ENTRY##S {                                                                       \
        DWORD SizeOfStruct, JobId;                                                                           \
        T UserName;                                                                                          \
        DWORD JobType, QueueStatus, Status, Size, PageCount;                                                 \
        T RecipientNumber, RecipientName, Tsid, SenderName, SenderCompany, SenderDept, BillingCode;          \
        DWORD ScheduleAction;                                                                                \
        SYSTEMTIME ScheduleTime;                                                                             \
        DWORD DeliveryReportType;                                                                            \
        T DeliveryReportAddress, DocumentName;                                                               \
    } FAX_JOB_ENTRY##S, *PFAX_JOB_ENTRY##S;
OPENFAXCOM_JOB_ENTRY(A, LPCSTR)
OPENFAXCOM_JOB_ENTRY(W, LPCWSTR)

#define OPENFAXCOM_PORT_INFO(S, T)                                                                           \
    typedef struct _FAX_PORT_INFO##S {                                                                       \
        DWORD SizeOfStruct, DeviceId, State, Flags, Rings, Priority;                                         \
        T DeviceName, Tsid, Csid;                                                                            \
    } FAX_PORT_INFO##S, *PFAX_PORT_INFO##S;
OPENFAXCOM_PORT_INFO(A, LPCSTR)
OPENFAXCOM_PORT_INFO(W, LPCWSTR)

#define OPENFAXCOM_ROUTING_METHOD(S, T)                                                                      \
    typedef struct _FAX_ROUTING_METHOD##S {                                                                  \
        DWORD SizeOfStruct, DeviceId;                                                                        \
        BOOL Enabled;                                                                                        \
        T DeviceName, Guid, FriendlyName, FunctionName, ExtensionImageName, ExtensionFriendlyName;           \
    } FAX_ROUTING_METHOD##S, *PFAX_ROUTING_METHOD##S;
OPENFAXCOM_ROUTING_METHOD(A, LPCSTR)
OPENFAXCOM_ROUTING_METHOD(W, LPCWSTR)

#define OPENFAXCOM_GLOBAL_ROUTING_INFO(S, T)                                                                 \
    typedef struct _FAX_GLOBAL_ROUTING_INFO##S {                                                             \
        DWORD SizeOfStruct, Priority;                                                                        \
        T Guid, FriendlyName, FunctionName, ExtensionImageName, ExtensionFriendlyName;                       \
    } FAX_GLOBAL_ROUTING_INFO##S, *PFAX_GLOBAL_ROUTING_INFO##S;
OPENFAXCOM_GLOBAL_ROUTING_INFO(A, LPCSTR)
OPENFAXCOM_GLOBAL_ROUTING_INFO(W, LPCWSTR)

/* DirtyDays comes before Branding (ReactOS' header has them swapped); the last member was InboundProfile. */
#define OPENFAXCOM_CONFIGURATION(S, T)                                                                       \
    typedef struct _FAX_CONFIGURATION##S {                                                                   \
        DWORD SizeOfStruct, Retries, RetryDelay, DirtyDays;                                                  \
        BOOL Branding, UseDeviceTsid, ServerCp, PauseServerQueue;                                            \
        FAX_TIME StartCheapTime, StopCheapTime;                                                              \
        BOOL ArchiveOutgoingFaxes;                                                                           \
        T ArchiveDirectory;                                                                                  \
        T Reserved;                                                                                          \
    } FAX_CONFIGURATION##S, *PFAX_CONFIGURATION##S;
OPENFAXCOM_CONFIGURATION(A, LPCSTR)
OPENFAXCOM_CONFIGURATION(W, LPCWSTR)

#define OPENFAXCOM_DEVICE_STATUS(S, T)                                                                       \
    typedef struct _FAX_DEVICE_STATUS##S {                                                                   \
        DWORD SizeOfStruct;                                                                                  \
        T CallerId, Csid;                                                                                    \
        DWORD CurrentPage, DeviceId;                                                                         \
        T DeviceName, DocumentName;                                                                          \
        DWORD JobType;                                                                                       \
        T PhoneNumber, RoutingString, SenderName, RecipientName;                                             \
        DWORD Size;                                                                                          \
        FILETIME StartTime;                                                                                  \
        DWORD Status;                                                                                        \
        T StatusString;                                                                                      \
        FILETIME SubmittedTime;                                                                              \
        DWORD TotalPages;                                                                                    \
        T Tsid, UserName;                                                                                    \
    } FAX_DEVICE_STATUS##S, *PFAX_DEVICE_STATUS##S;
OPENFAXCOM_DEVICE_STATUS(A, LPCSTR)
OPENFAXCOM_DEVICE_STATUS(W, LPCWSTR)

#define OPENFAXCOM_LOG_CATEGORY(S, T)                                                                        \
    typedef struct _FAX_LOG_CATEGORY##S {                                                                    \
        T Name;                                                                                              \
        DWORD Category, Level;                                                                               \
    } FAX_LOG_CATEGORY##S, *PFAX_LOG_CATEGORY##S;
OPENFAXCOM_LOG_CATEGORY(A, LPCSTR)
OPENFAXCOM_LOG_CATEGORY(W, LPCWSTR)

#define OPENFAXCOM_CONTEXT_INFO(S, C)                                                                        \
    typedef struct _FAX_CONTEXT_INFO##S {                                                                    \
        DWORD SizeOfStruct;                                                                                  \
        HDC hDC;                                                                                             \
        C ServerName[MAX_COMPUTERNAME_LENGTH + 1];                                                           \
    } FAX_CONTEXT_INFO##S, *PFAX_CONTEXT_INFO##S;
OPENFAXCOM_CONTEXT_INFO(A, CHAR)
OPENFAXCOM_CONTEXT_INFO(W, WCHAR)

#define OPENFAXCOM_PRINT_INFO(S, T)                                                                          \
    typedef struct _FAX_PRINT_INFO##S {                                                                      \
        DWORD SizeOfStruct;                                                                                  \
        T DocName, RecipientName, RecipientNumber, SenderName, SenderCompany, SenderDept, SenderBillingCode; \
        T Reserved, DrEmailAddress, OutputFileName;                                                          \
    } FAX_PRINT_INFO##S, *PFAX_PRINT_INFO##S;
OPENFAXCOM_PRINT_INFO(A, LPCSTR)
OPENFAXCOM_PRINT_INFO(W, LPCWSTR)

/* No strings, yet an A and a W name, as the SDK has them. */
typedef struct _FAX_EVENTA {
    DWORD SizeOfStruct;
    FILETIME TimeStamp;
    DWORD DeviceId, EventId, JobId;
} FAX_EVENTA, *PFAX_EVENTA;
typedef struct _FAX_EVENTW {
    DWORD SizeOfStruct;
    FILETIME TimeStamp;
    DWORD DeviceId, EventId, JobId;
} FAX_EVENTW, *PFAX_EVENTW;

#undef OPENFAXCOM_JOB_PARAM
#undef OPENFAXCOM_COVERPAGE_INFO
#undef OPENFAXCOM_JOB_ENTRY
#undef OPENFAXCOM_PORT_INFO
#undef OPENFAXCOM_ROUTING_METHOD
#undef OPENFAXCOM_GLOBAL_ROUTING_INFO
#undef OPENFAXCOM_CONFIGURATION
#undef OPENFAXCOM_DEVICE_STATUS
#undef OPENFAXCOM_LOG_CATEGORY
#undef OPENFAXCOM_CONTEXT_INFO
#undef OPENFAXCOM_PRINT_INFO

#ifdef UNICODE
typedef FAX_JOB_PARAMW FAX_JOB_PARAM;                       typedef PFAX_JOB_PARAMW PFAX_JOB_PARAM;
typedef FAX_COVERPAGE_INFOW FAX_COVERPAGE_INFO;             typedef PFAX_COVERPAGE_INFOW PFAX_COVERPAGE_INFO;
typedef FAX_JOB_ENTRYW FAX_JOB_ENTRY;                       typedef PFAX_JOB_ENTRYW PFAX_JOB_ENTRY;
typedef FAX_PORT_INFOW FAX_PORT_INFO;                       typedef PFAX_PORT_INFOW PFAX_PORT_INFO;
typedef FAX_ROUTING_METHODW FAX_ROUTING_METHOD;             typedef PFAX_ROUTING_METHODW PFAX_ROUTING_METHOD;
typedef FAX_GLOBAL_ROUTING_INFOW FAX_GLOBAL_ROUTING_INFO;   typedef PFAX_GLOBAL_ROUTING_INFOW PFAX_GLOBAL_ROUTING_INFO;
typedef FAX_CONFIGURATIONW FAX_CONFIGURATION;               typedef PFAX_CONFIGURATIONW PFAX_CONFIGURATION;
typedef FAX_DEVICE_STATUSW FAX_DEVICE_STATUS;               typedef PFAX_DEVICE_STATUSW PFAX_DEVICE_STATUS;
typedef FAX_LOG_CATEGORYW FAX_LOG_CATEGORY;                 typedef PFAX_LOG_CATEGORYW PFAX_LOG_CATEGORY;
typedef FAX_CONTEXT_INFOW FAX_CONTEXT_INFO;                 typedef PFAX_CONTEXT_INFOW PFAX_CONTEXT_INFO;
typedef FAX_PRINT_INFOW FAX_PRINT_INFO;                     typedef PFAX_PRINT_INFOW PFAX_PRINT_INFO;
typedef FAX_EVENTW FAX_EVENT;                               typedef PFAX_EVENTW PFAX_EVENT;
#else
typedef FAX_JOB_PARAMA FAX_JOB_PARAM;                       typedef PFAX_JOB_PARAMA PFAX_JOB_PARAM;
typedef FAX_COVERPAGE_INFOA FAX_COVERPAGE_INFO;             typedef PFAX_COVERPAGE_INFOA PFAX_COVERPAGE_INFO;
typedef FAX_JOB_ENTRYA FAX_JOB_ENTRY;                       typedef PFAX_JOB_ENTRYA PFAX_JOB_ENTRY;
typedef FAX_PORT_INFOA FAX_PORT_INFO;                       typedef PFAX_PORT_INFOA PFAX_PORT_INFO;
typedef FAX_ROUTING_METHODA FAX_ROUTING_METHOD;             typedef PFAX_ROUTING_METHODA PFAX_ROUTING_METHOD;
typedef FAX_GLOBAL_ROUTING_INFOA FAX_GLOBAL_ROUTING_INFO;   typedef PFAX_GLOBAL_ROUTING_INFOA PFAX_GLOBAL_ROUTING_INFO;
typedef FAX_CONFIGURATIONA FAX_CONFIGURATION;               typedef PFAX_CONFIGURATIONA PFAX_CONFIGURATION;
typedef FAX_DEVICE_STATUSA FAX_DEVICE_STATUS;               typedef PFAX_DEVICE_STATUSA PFAX_DEVICE_STATUS;
typedef FAX_LOG_CATEGORYA FAX_LOG_CATEGORY;                 typedef PFAX_LOG_CATEGORYA PFAX_LOG_CATEGORY;
typedef FAX_CONTEXT_INFOA FAX_CONTEXT_INFO;                 typedef PFAX_CONTEXT_INFOA PFAX_CONTEXT_INFO;
typedef FAX_PRINT_INFOA FAX_PRINT_INFO;                     typedef PFAX_PRINT_INFOA PFAX_PRINT_INFO;
typedef FAX_EVENTA FAX_EVENT;                               typedef PFAX_EVENTA PFAX_EVENT;
#endif

/* ---- section 4: callbacks ---- */

typedef BOOL (CALLBACK *PFAX_RECIPIENT_CALLBACKA)(HANDLE FaxHandle, DWORD RecipientNumber, LPVOID Context,
                                                  PFAX_JOB_PARAMA JobParams, PFAX_COVERPAGE_INFOA CoverpageInfo);
typedef BOOL (CALLBACK *PFAX_RECIPIENT_CALLBACKW)(HANDLE FaxHandle, DWORD RecipientNumber, LPVOID Context,
                                                  PFAX_JOB_PARAMW JobParams, PFAX_COVERPAGE_INFOW CoverpageInfo);
#define PFAX_RECIPIENT_CALLBACK OPENFAXCOM_AW(PFAX_RECIPIENT_CALLBACK)
typedef BOOL (CALLBACK *PFAX_ROUTING_INSTALLATION_CALLBACKW)(HANDLE FaxHandle, LPVOID Context, LPWSTR MethodName,
                                                             LPWSTR FriendlyName, LPWSTR FunctionName,
                                                             LPWSTR Guid);
#define PFAX_ROUTING_INSTALLATION_CALLBACK PFAX_ROUTING_INSTALLATION_CALLBACKW

/* ---- section 3: the 56 exports, each with its PFAX... pointer type (10.4) ---- */

/* OPENFAXCOM_FN(Ret, Name, TYPEDEF_NAME, (params)): the declaration and the function-pointer type. */
#define OPENFAXCOM_FN(ret, name, ptrname, params) \
    ret WINAPI name params;                       \
    typedef ret (WINAPI *ptrname) params;

OPENFAXCOM_FN(BOOL, FaxAbort, PFAXABORT, (HANDLE FaxHandle, DWORD JobId))
OPENFAXCOM_FN(BOOL, FaxAccessCheck, PFAXACCESSCHECK, (HANDLE FaxHandle, DWORD AccessMask))
OPENFAXCOM_FN(BOOL, FaxClose, PFAXCLOSE, (HANDLE FaxHandle))
OPENFAXCOM_FN(BOOL, FaxCompleteJobParamsA, PFAXCOMPLETEJOBPARAMSA,
              (PFAX_JOB_PARAMA *JobParams, PFAX_COVERPAGE_INFOA *CoverpageInfo))
OPENFAXCOM_FN(BOOL, FaxCompleteJobParamsW, PFAXCOMPLETEJOBPARAMSW,
              (PFAX_JOB_PARAMW *JobParams, PFAX_COVERPAGE_INFOW *CoverpageInfo))
OPENFAXCOM_FN(BOOL, FaxConnectFaxServerA, PFAXCONNECTFAXSERVERA, (LPCSTR MachineName, LPHANDLE FaxHandle))
OPENFAXCOM_FN(BOOL, FaxConnectFaxServerW, PFAXCONNECTFAXSERVERW, (LPCWSTR MachineName, LPHANDLE FaxHandle))
OPENFAXCOM_FN(BOOL, FaxEnableRoutingMethodA, PFAXENABLEROUTINGMETHODA,
              (HANDLE FaxPortHandle, LPCSTR RoutingGuid, BOOL Enabled))
OPENFAXCOM_FN(BOOL, FaxEnableRoutingMethodW, PFAXENABLEROUTINGMETHODW,
              (HANDLE FaxPortHandle, LPCWSTR RoutingGuid, BOOL Enabled))
OPENFAXCOM_FN(BOOL, FaxEnumGlobalRoutingInfoA, PFAXENUMGLOBALROUTINGINFOA,
              (HANDLE FaxHandle, PFAX_GLOBAL_ROUTING_INFOA *RoutingInfo, LPDWORD MethodsReturned))
OPENFAXCOM_FN(BOOL, FaxEnumGlobalRoutingInfoW, PFAXENUMGLOBALROUTINGINFOW,
              (HANDLE FaxHandle, PFAX_GLOBAL_ROUTING_INFOW *RoutingInfo, LPDWORD MethodsReturned))
OPENFAXCOM_FN(BOOL, FaxEnumJobsA, PFAXENUMJOBSA, (HANDLE FaxHandle, PFAX_JOB_ENTRYA *JobEntry, LPDWORD JobsReturned))
OPENFAXCOM_FN(BOOL, FaxEnumJobsW, PFAXENUMJOBSW, (HANDLE FaxHandle, PFAX_JOB_ENTRYW *JobEntry, LPDWORD JobsReturned))
OPENFAXCOM_FN(BOOL, FaxEnumPortsA, PFAXENUMPORTSA, (HANDLE FaxHandle, PFAX_PORT_INFOA *PortInfo, LPDWORD PortsReturned))
OPENFAXCOM_FN(BOOL, FaxEnumPortsW, PFAXENUMPORTSW, (HANDLE FaxHandle, PFAX_PORT_INFOW *PortInfo, LPDWORD PortsReturned))
OPENFAXCOM_FN(BOOL, FaxEnumRoutingMethodsA, PFAXENUMROUTINGMETHODSA,
              (HANDLE FaxPortHandle, PFAX_ROUTING_METHODA *RoutingMethod, LPDWORD MethodsReturned))
OPENFAXCOM_FN(BOOL, FaxEnumRoutingMethodsW, PFAXENUMROUTINGMETHODSW,
              (HANDLE FaxPortHandle, PFAX_ROUTING_METHODW *RoutingMethod, LPDWORD MethodsReturned))
OPENFAXCOM_FN(VOID, FaxFreeBuffer, PFAXFREEBUFFER, (LPVOID Buffer))
OPENFAXCOM_FN(BOOL, FaxGetConfigurationA, PFAXGETCONFIGURATIONA, (HANDLE FaxHandle, PFAX_CONFIGURATIONA *FaxConfig))
OPENFAXCOM_FN(BOOL, FaxGetConfigurationW, PFAXGETCONFIGURATIONW, (HANDLE FaxHandle, PFAX_CONFIGURATIONW *FaxConfig))
OPENFAXCOM_FN(BOOL, FaxGetDeviceStatusA, PFAXGETDEVICESTATUSA,
              (HANDLE FaxPortHandle, PFAX_DEVICE_STATUSA *DeviceStatus))
OPENFAXCOM_FN(BOOL, FaxGetDeviceStatusW, PFAXGETDEVICESTATUSW,
              (HANDLE FaxPortHandle, PFAX_DEVICE_STATUSW *DeviceStatus))
OPENFAXCOM_FN(BOOL, FaxGetJobA, PFAXGETJOBA, (HANDLE FaxHandle, DWORD JobId, PFAX_JOB_ENTRYA *JobEntry))
OPENFAXCOM_FN(BOOL, FaxGetJobW, PFAXGETJOBW, (HANDLE FaxHandle, DWORD JobId, PFAX_JOB_ENTRYW *JobEntry))
OPENFAXCOM_FN(BOOL, FaxGetLoggingCategoriesA, PFAXGETLOGGINGCATEGORIESA,
              (HANDLE FaxHandle, PFAX_LOG_CATEGORYA *Categories, LPDWORD NumberCategories))
OPENFAXCOM_FN(BOOL, FaxGetLoggingCategoriesW, PFAXGETLOGGINGCATEGORIESW,
              (HANDLE FaxHandle, PFAX_LOG_CATEGORYW *Categories, LPDWORD NumberCategories))
OPENFAXCOM_FN(BOOL, FaxGetPageData, PFAXGETPAGEDATA,
              (HANDLE FaxHandle, DWORD JobId, LPBYTE *Buffer, LPDWORD BufferSize, LPDWORD ImageWidth,
               LPDWORD ImageHeight))
OPENFAXCOM_FN(BOOL, FaxGetPortA, PFAXGETPORTA, (HANDLE FaxPortHandle, PFAX_PORT_INFOA *PortInfo))
OPENFAXCOM_FN(BOOL, FaxGetPortW, PFAXGETPORTW, (HANDLE FaxPortHandle, PFAX_PORT_INFOW *PortInfo))
OPENFAXCOM_FN(BOOL, FaxGetRoutingInfoA, PFAXGETROUTINGINFOA,
              (HANDLE FaxPortHandle, LPCSTR RoutingGuid, LPBYTE *RoutingInfoBuffer, LPDWORD RoutingInfoBufferSize))
OPENFAXCOM_FN(BOOL, FaxGetRoutingInfoW, PFAXGETROUTINGINFOW,
              (HANDLE FaxPortHandle, LPCWSTR RoutingGuid, LPBYTE *RoutingInfoBuffer, LPDWORD RoutingInfoBufferSize))
OPENFAXCOM_FN(BOOL, FaxInitializeEventQueue, PFAXINITIALIZEEVENTQUEUE,
              (HANDLE FaxHandle, HANDLE CompletionPort, ULONG_PTR CompletionKey, HWND hWnd, UINT MessageStart))
OPENFAXCOM_FN(BOOL, FaxOpenPort, PFAXOPENPORT, (HANDLE FaxHandle, DWORD DeviceId, DWORD Flags, LPHANDLE FaxPortHandle))
OPENFAXCOM_FN(BOOL, FaxPrintCoverPageA, PFAXPRINTCOVERPAGEA,
              (const FAX_CONTEXT_INFOA *FaxContextInfo, const FAX_COVERPAGE_INFOA *CoverPageInfo))
OPENFAXCOM_FN(BOOL, FaxPrintCoverPageW, PFAXPRINTCOVERPAGEW,
              (const FAX_CONTEXT_INFOW *FaxContextInfo, const FAX_COVERPAGE_INFOW *CoverPageInfo))
OPENFAXCOM_FN(BOOL, FaxRegisterRoutingExtensionW, PFAXREGISTERROUTINGEXTENSIONW,
              (HANDLE FaxHandle, LPCWSTR ExtensionName, LPCWSTR FriendlyName, LPCWSTR ImageName,
               PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack, LPVOID Context))
OPENFAXCOM_FN(BOOL, FaxRegisterServiceProviderW, PFAXREGISTERSERVICEPROVIDERW,
              (LPCWSTR DeviceProvider, LPCWSTR FriendlyName, LPCWSTR ImageName, LPCWSTR TspName))
OPENFAXCOM_FN(BOOL, FaxSendDocumentA, PFAXSENDDOCUMENTA,
              (HANDLE FaxHandle, LPCSTR FileName, PFAX_JOB_PARAMA JobParams, const FAX_COVERPAGE_INFOA *CoverpageInfo,
               LPDWORD FaxJobId))
OPENFAXCOM_FN(BOOL, FaxSendDocumentW, PFAXSENDDOCUMENTW,
              (HANDLE FaxHandle, LPCWSTR FileName, PFAX_JOB_PARAMW JobParams,
               const FAX_COVERPAGE_INFOW *CoverpageInfo, LPDWORD FaxJobId))
OPENFAXCOM_FN(BOOL, FaxSendDocumentForBroadcastA, PFAXSENDDOCUMENTFORBROADCASTA,
              (HANDLE FaxHandle, LPCSTR FileName, LPDWORD FaxJobId, PFAX_RECIPIENT_CALLBACKA FaxRecipientCallback,
               LPVOID Context))
OPENFAXCOM_FN(BOOL, FaxSendDocumentForBroadcastW, PFAXSENDDOCUMENTFORBROADCASTW,
              (HANDLE FaxHandle, LPCWSTR FileName, LPDWORD FaxJobId, PFAX_RECIPIENT_CALLBACKW FaxRecipientCallback,
               LPVOID Context))
OPENFAXCOM_FN(BOOL, FaxSetConfigurationA, PFAXSETCONFIGURATIONA, (HANDLE FaxHandle, const FAX_CONFIGURATIONA *FaxConfig))
OPENFAXCOM_FN(BOOL, FaxSetConfigurationW, PFAXSETCONFIGURATIONW, (HANDLE FaxHandle, const FAX_CONFIGURATIONW *FaxConfig))
OPENFAXCOM_FN(BOOL, FaxSetGlobalRoutingInfoA, PFAXSETGLOBALROUTINGINFOA,
              (HANDLE FaxHandle, const FAX_GLOBAL_ROUTING_INFOA *RoutingInfo))
OPENFAXCOM_FN(BOOL, FaxSetGlobalRoutingInfoW, PFAXSETGLOBALROUTINGINFOW,
              (HANDLE FaxHandle, const FAX_GLOBAL_ROUTING_INFOW *RoutingInfo))
OPENFAXCOM_FN(BOOL, FaxSetJobA, PFAXSETJOBA, (HANDLE FaxHandle, DWORD JobId, DWORD Command, const FAX_JOB_ENTRYA *JobEntry))
OPENFAXCOM_FN(BOOL, FaxSetJobW, PFAXSETJOBW, (HANDLE FaxHandle, DWORD JobId, DWORD Command, const FAX_JOB_ENTRYW *JobEntry))
OPENFAXCOM_FN(BOOL, FaxSetLoggingCategoriesA, PFAXSETLOGGINGCATEGORIESA,
              (HANDLE FaxHandle, const FAX_LOG_CATEGORYA *Categories, DWORD NumberCategories))
OPENFAXCOM_FN(BOOL, FaxSetLoggingCategoriesW, PFAXSETLOGGINGCATEGORIESW,
              (HANDLE FaxHandle, const FAX_LOG_CATEGORYW *Categories, DWORD NumberCategories))
OPENFAXCOM_FN(BOOL, FaxSetPortA, PFAXSETPORTA, (HANDLE FaxPortHandle, const FAX_PORT_INFOA *PortInfo))
OPENFAXCOM_FN(BOOL, FaxSetPortW, PFAXSETPORTW, (HANDLE FaxPortHandle, const FAX_PORT_INFOW *PortInfo))
OPENFAXCOM_FN(BOOL, FaxSetRoutingInfoA, PFAXSETROUTINGINFOA,
              (HANDLE FaxPortHandle, LPCSTR RoutingGuid, const BYTE *RoutingInfoBuffer, DWORD RoutingInfoBufferSize))
OPENFAXCOM_FN(BOOL, FaxSetRoutingInfoW, PFAXSETROUTINGINFOW,
              (HANDLE FaxPortHandle, LPCWSTR RoutingGuid, const BYTE *RoutingInfoBuffer, DWORD RoutingInfoBufferSize))
OPENFAXCOM_FN(BOOL, FaxStartPrintJobA, PFAXSTARTPRINTJOBA,
              (LPCSTR PrinterName, const FAX_PRINT_INFOA *PrintInfo, LPDWORD FaxJobId, PFAX_CONTEXT_INFOA FaxContextInfo))
OPENFAXCOM_FN(BOOL, FaxStartPrintJobW, PFAXSTARTPRINTJOBW,
              (LPCWSTR PrinterName, const FAX_PRINT_INFOW *PrintInfo, LPDWORD FaxJobId, PFAX_CONTEXT_INFOW FaxContextInfo))
OPENFAXCOM_FN(BOOL, FaxUnregisterServiceProviderW, PFAXUNREGISTERSERVICEPROVIDERW, (LPCWSTR DeviceProvider))
#undef OPENFAXCOM_FN

/* The unsuffixed names. (FaxUnregisterRoutingExtensionA/W are not exported by winfax.dll: not declared.) */
#define FaxCompleteJobParams OPENFAXCOM_AW(FaxCompleteJobParams)
#define FaxConnectFaxServer OPENFAXCOM_AW(FaxConnectFaxServer)
#define FaxEnableRoutingMethod OPENFAXCOM_AW(FaxEnableRoutingMethod)
#define FaxEnumGlobalRoutingInfo OPENFAXCOM_AW(FaxEnumGlobalRoutingInfo)
#define FaxEnumJobs OPENFAXCOM_AW(FaxEnumJobs)
#define FaxEnumPorts OPENFAXCOM_AW(FaxEnumPorts)
#define FaxEnumRoutingMethods OPENFAXCOM_AW(FaxEnumRoutingMethods)
#define FaxGetConfiguration OPENFAXCOM_AW(FaxGetConfiguration)
#define FaxGetDeviceStatus OPENFAXCOM_AW(FaxGetDeviceStatus)
#define FaxGetJob OPENFAXCOM_AW(FaxGetJob)
#define FaxGetLoggingCategories OPENFAXCOM_AW(FaxGetLoggingCategories)
#define FaxGetPort OPENFAXCOM_AW(FaxGetPort)
#define FaxGetRoutingInfo OPENFAXCOM_AW(FaxGetRoutingInfo)
#define FaxPrintCoverPage OPENFAXCOM_AW(FaxPrintCoverPage)
#define FaxSendDocument OPENFAXCOM_AW(FaxSendDocument)
#define FaxSendDocumentForBroadcast OPENFAXCOM_AW(FaxSendDocumentForBroadcast)
#define FaxSetConfiguration OPENFAXCOM_AW(FaxSetConfiguration)
#define FaxSetGlobalRoutingInfo OPENFAXCOM_AW(FaxSetGlobalRoutingInfo)
#define FaxSetJob OPENFAXCOM_AW(FaxSetJob)
#define FaxSetLoggingCategories OPENFAXCOM_AW(FaxSetLoggingCategories)
#define FaxSetPort OPENFAXCOM_AW(FaxSetPort)
#define FaxSetRoutingInfo OPENFAXCOM_AW(FaxSetRoutingInfo)
#define FaxStartPrintJob OPENFAXCOM_AW(FaxStartPrintJob)
#define FaxRegisterServiceProvider FaxRegisterServiceProviderW
#define FaxUnregisterServiceProvider FaxUnregisterServiceProviderW
#define FaxRegisterRoutingExtension FaxRegisterRoutingExtensionW

#ifdef __cplusplus
}
#endif

#endif
