/*
 * typelib_check.c - independent conformance test of the faxcom type library.
 *
 * Walks the type library (the registered one, or a .tlb / DLL given on the
 * command line) and compares it with a table transcribed by hand from the
 * binary contract /work/shared/spec/faxcom-api.md (sections 1, 2 and 3-13).
 * The table is deliberately NOT derived from idl/faxcom.idl: this program
 * exists to cross-check that IDL.
 *
 * Build: x86_64-w64-mingw32-gcc -O1 -Wall -o typelib_check.exe \
 *            tests/com/typelib_check.c -loleaut32 -lole32 -luuid
 * Run:   typelib_check.exe              (LoadRegTypeLib of LIBID 1.0)
 *        typelib_check.exe faxcom.tlb   (LoadTypeLibEx, REGKIND_NONE; a DLL works too)
 *
 * Output: "ok <group>..." per clean check group, "FAIL <where>: <what>" per
 * failed check, "info ..." for observations, and finally "N passed, M failed".
 * Exit code 0 only when M == 0.
 *
 * Note on parameter names: ITypeInfo::GetNames works by MEMID, so for a
 * propget/propput pair it returns the propget's names, and for property put
 * functions "the right side of the assignment is unnamed" (documented). The
 * "newVal" names of put_/putref_ members can therefore not be read through
 * the public API; they are checked only where GetNames does return them.
 */
#define COBJMACROS
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <ctype.h>

/* ---------------------------------------------------------------------- */
/* Expected-type encoding                                                  */
/* ---------------------------------------------------------------------- */

/* A parameter type is a VARTYPE; VT_BYREF in it means "VT_PTR to". */
#define PTR(vt)   ((VARTYPE)((vt) | VT_BYREF))
/* Pseudo type for C BOOL: must resolve to VT_I4 (spec 2), either directly
 * or through a TKIND_ALIAS. */
#define VTX_BOOL  ((VARTYPE)0x0FFE)

#define PF_IN     ((USHORT)PARAMFLAG_FIN)
#define PF_RET    ((USHORT)(PARAMFLAG_FOUT | PARAMFLAG_FRETVAL))
#define PF_MASK   ((USHORT)(PARAMFLAG_FIN | PARAMFLAG_FOUT | PARAMFLAG_FRETVAL | \
                            PARAMFLAG_FLCID | PARAMFLAG_FOPT | PARAMFLAG_FHASDEFAULT))

#define MAX_PARAMS 2

typedef struct {
    const char *name;
    VARTYPE vt;
    USHORT flags;
} PARAM_SPEC;

typedef struct {
    const char *name;       /* method or property name */
    INVOKEKIND kind;
    DISPID dispid;
    int slot;               /* vtable slot; IUnknown + IDispatch are 0-6 */
    PARAM_SPEC params[MAX_PARAMS];
} MEMBER_SPEC;

typedef struct {
    const char *name;       /* interface name */
    const WCHAR *iid;
    const char *coclass;    /* its coclass (the one that has it as default) */
    const WCHAR *clsid;
    const MEMBER_SPEC *members;
    int count;
} IFACE_SPEC;

#define NOPARAM          { NULL, 0, 0 }
#define IN_(n, t)        { n, t, PF_IN }
#define RETVAL(n, t)     { n, PTR(t), PF_RET }
#define M(k, n, id, slot, ...) { n, INVOKE_##k, id, slot, { __VA_ARGS__ } }
#define METHOD(n, id, slot, ...) M(FUNC, n, id, slot, __VA_ARGS__)
#define GET(n, id, slot, t)      M(PROPERTYGET, n, id, slot, RETVAL("pVal", t))
#define PUT(n, id, slot, t)      M(PROPERTYPUT, n, id, slot, IN_("newVal", t))

/* ---------------------------------------------------------------------- */
/* The contract, transcribed from faxcom-api.md sections 3-13              */
/* ---------------------------------------------------------------------- */

static const MEMBER_SPEC server_members[] = {          /* spec 3 */
    METHOD("Connect",        1,  7, IN_("ServerName", VT_BSTR)),
    METHOD("Disconnect",     2,  8, NOPARAM),
    METHOD("GetPorts",       3,  9, RETVAL("retval", VT_VARIANT)),
    METHOD("CreateDocument", 4, 10, IN_("FileName", VT_BSTR), RETVAL("retval", VT_VARIANT)),
    METHOD("GetJobs",        5, 11, RETVAL("retval", VT_VARIANT)),
    GET("Retries",                  6, 12, VT_I4),
    PUT("Retries",                  6, 13, VT_I4),
    GET("RetryDelay",               7, 14, VT_I4),
    PUT("RetryDelay",               7, 15, VT_I4),
    GET("DirtyDays",                8, 16, VT_I4),
    PUT("DirtyDays",                8, 17, VT_I4),
    GET("Branding",                 9, 18, VTX_BOOL),
    PUT("Branding",                 9, 19, VTX_BOOL),
    GET("UseDeviceTsid",           10, 20, VTX_BOOL),
    PUT("UseDeviceTsid",           10, 21, VTX_BOOL),
    GET("ServerCoverpage",         11, 22, VTX_BOOL),
    PUT("ServerCoverpage",         11, 23, VTX_BOOL),
    GET("PauseServerQueue",        12, 24, VTX_BOOL),
    PUT("PauseServerQueue",        12, 25, VTX_BOOL),
    GET("ArchiveOutboundFaxes",    13, 26, VTX_BOOL),
    PUT("ArchiveOutboundFaxes",    13, 27, VTX_BOOL),
    GET("ArchiveDirectory",        14, 28, VT_BSTR),
    PUT("ArchiveDirectory",        14, 29, VT_BSTR),
    GET("ServerMapiProfile",       15, 30, VT_BSTR),
    PUT("ServerMapiProfile",       15, 31, VT_BSTR),
    GET("DiscountRateStartHour",   16, 32, VT_I2),
    PUT("DiscountRateStartHour",   16, 33, VT_I2),
    GET("DiscountRateStartMinute", 17, 34, VT_I2),
    PUT("DiscountRateStartMinute", 17, 35, VT_I2),
    GET("DiscountRateEndHour",     18, 36, VT_I2),
    PUT("DiscountRateEndHour",     18, 37, VT_I2),
    GET("DiscountRateEndMinute",   19, 38, VT_I2),
    PUT("DiscountRateEndMinute",   19, 39, VT_I2),
};

static const MEMBER_SPEC tiff_members[] = {            /* spec 4 */
    GET("ReceiveTime",      1,  7, VT_BSTR),
    GET("Image",            2,  8, VT_BSTR),
    PUT("Image",            2,  9, VT_BSTR),
    GET("RecipientName",    3, 10, VT_BSTR),
    GET("SenderName",       4, 11, VT_BSTR),
    GET("Routing",          5, 12, VT_BSTR),
    GET("CallerId",         6, 13, VT_BSTR),
    GET("Csid",             7, 14, VT_BSTR),
    GET("Tsid",             8, 15, VT_BSTR),
    GET("RecipientNumber",  9, 16, VT_BSTR),
    GET("RawReceiveTime",  10, 17, VT_VARIANT),
    M(PROPERTYGET, "TiffTagString", 11, 18, IN_("tagID", VT_INT), RETVAL("pVal", VT_BSTR)),
};

static const MEMBER_SPEC doc_members[] = {             /* spec 5 */
    GET("FileName",              1,  7, VT_BSTR),
    PUT("FileName",              1,  8, VT_BSTR),
    GET("CoverpageName",         2,  9, VT_BSTR),
    PUT("CoverpageName",         2, 10, VT_BSTR),
    GET("SendCoverpage",         3, 11, VTX_BOOL),
    PUT("SendCoverpage",         3, 12, VTX_BOOL),
    GET("ServerCoverpage",       4, 13, VTX_BOOL),
    PUT("ServerCoverpage",       4, 14, VTX_BOOL),
    GET("DiscountSend",          5, 15, VTX_BOOL),
    PUT("DiscountSend",          5, 16, VTX_BOOL),
    GET("RecipientName",         6, 17, VT_BSTR),
    PUT("RecipientName",         6, 18, VT_BSTR),
    GET("RecipientCompany",      7, 19, VT_BSTR),
    PUT("RecipientCompany",      7, 20, VT_BSTR),
    GET("RecipientAddress",      8, 21, VT_BSTR),
    PUT("RecipientAddress",      8, 22, VT_BSTR),
    GET("RecipientCity",         9, 23, VT_BSTR),
    PUT("RecipientCity",         9, 24, VT_BSTR),
    GET("RecipientState",       10, 25, VT_BSTR),
    PUT("RecipientState",       10, 26, VT_BSTR),
    GET("RecipientZip",         11, 27, VT_BSTR),
    PUT("RecipientZip",         11, 28, VT_BSTR),
    GET("RecipientCountry",     12, 29, VT_BSTR),
    PUT("RecipientCountry",     12, 30, VT_BSTR),
    GET("RecipientTitle",       13, 31, VT_BSTR),
    PUT("RecipientTitle",       13, 32, VT_BSTR),
    GET("RecipientDepartment",  14, 33, VT_BSTR),
    PUT("RecipientDepartment",  14, 34, VT_BSTR),
    GET("RecipientOffice",      15, 35, VT_BSTR),
    PUT("RecipientOffice",      15, 36, VT_BSTR),
    GET("RecipientHomePhone",   16, 37, VT_BSTR),
    PUT("RecipientHomePhone",   16, 38, VT_BSTR),
    GET("RecipientOfficePhone", 17, 39, VT_BSTR),
    PUT("RecipientOfficePhone", 17, 40, VT_BSTR),
    GET("SenderName",           18, 41, VT_BSTR),
    PUT("SenderName",           18, 42, VT_BSTR),
    GET("SenderCompany",        19, 43, VT_BSTR),
    PUT("SenderCompany",        19, 44, VT_BSTR),
    GET("SenderAddress",        20, 45, VT_BSTR),
    PUT("SenderAddress",        20, 46, VT_BSTR),
    GET("SenderTitle",          21, 47, VT_BSTR),
    PUT("SenderTitle",          21, 48, VT_BSTR),
    GET("SenderDepartment",     22, 49, VT_BSTR),
    PUT("SenderDepartment",     22, 50, VT_BSTR),
    GET("SenderOffice",         23, 51, VT_BSTR),
    PUT("SenderOffice",         23, 52, VT_BSTR),
    GET("SenderHomePhone",      24, 53, VT_BSTR),
    PUT("SenderHomePhone",      24, 54, VT_BSTR),
    GET("SenderOfficePhone",    25, 55, VT_BSTR),
    PUT("SenderOfficePhone",    25, 56, VT_BSTR),
    GET("CoverpageNote",        26, 57, VT_BSTR),
    PUT("CoverpageNote",        26, 58, VT_BSTR),
    GET("CoverpageSubject",     27, 59, VT_BSTR),
    PUT("CoverpageSubject",     27, 60, VT_BSTR),
    GET("Tsid",                 28, 61, VT_BSTR),
    PUT("Tsid",                 28, 62, VT_BSTR),
    GET("BillingCode",          29, 63, VT_BSTR),
    PUT("BillingCode",          29, 64, VT_BSTR),
    GET("EmailAddress",         30, 65, VT_BSTR),
    PUT("EmailAddress",         30, 66, VT_BSTR),
    GET("DisplayName",          31, 67, VT_BSTR),
    PUT("DisplayName",          31, 68, VT_BSTR),
    METHOD("Send",              32, 69, RETVAL("pVal", VT_I4)),
    GET("FaxNumber",            33, 70, VT_BSTR),
    PUT("FaxNumber",            33, 71, VT_BSTR),
    M(PROPERTYPUTREF, "ConnectionObject", 34, 72, IN_("newVal", VT_DISPATCH)),
    GET("CallHandle",           35, 73, VT_I4),
    PUT("CallHandle",           35, 74, VT_I4),
    GET("SenderFax",            36, 75, VT_BSTR),
    PUT("SenderFax",            36, 76, VT_BSTR),
};

/* IFaxJobs, IFaxPorts and IFaxRoutingMethods share one layout (spec 7, 9, 12). */
static const MEMBER_SPEC collection_members[] = {
    GET("Count", 1, 7, VT_I4),
    M(PROPERTYGET, "Item", 2, 8, IN_("Index", VT_I4), RETVAL("pVal", VT_VARIANT)),
};

static const MEMBER_SPEC job_members[] = {             /* spec 8 */
    GET("JobId",          1,  7, VT_I4),
    GET("Type",           2,  8, VT_I4),
    GET("UserName",       3,  9, VT_BSTR),
    GET("QueueStatus",    4, 10, VT_BSTR),
    GET("DeviceStatus",   5, 11, VT_BSTR),
    GET("PageCount",      6, 12, VT_I4),
    GET("FaxNumber",      7, 13, VT_BSTR),
    GET("RecipientName",  8, 14, VT_BSTR),
    GET("Tsid",           9, 15, VT_BSTR),
    GET("SenderName",    10, 16, VT_BSTR),
    GET("SenderCompany", 11, 17, VT_BSTR),
    GET("SenderDept",    12, 18, VT_BSTR),
    GET("BillingCode",   13, 19, VT_BSTR),
    GET("DisplayName",   14, 20, VT_BSTR),
    GET("DiscountSend",  15, 21, VTX_BOOL),
    METHOD("SetStatus",  16, 22, IN_("Command", VT_I4)),
    METHOD("Refresh",    17, 23, NOPARAM),
};

static const MEMBER_SPEC port_members[] = {            /* spec 10 */
    GET("Name",       1,  7, VT_BSTR),
    GET("DeviceId",   2,  8, VT_I4),
    GET("Rings",      3,  9, VT_I4),
    PUT("Rings",      3, 10, VT_I4),
    GET("Csid",       4, 11, VT_BSTR),
    PUT("Csid",       4, 12, VT_BSTR),
    GET("Tsid",       5, 13, VT_BSTR),
    PUT("Tsid",       5, 14, VT_BSTR),
    GET("Send",       6, 15, VTX_BOOL),
    PUT("Send",       6, 16, VTX_BOOL),
    GET("Receive",    7, 17, VTX_BOOL),
    PUT("Receive",    7, 18, VTX_BOOL),
    GET("Priority",   8, 19, VT_I4),
    PUT("Priority",   8, 20, VT_I4),
    METHOD("GetRoutingMethods", 9, 21, RETVAL("retval", VT_VARIANT)),
    GET("CanModify", 10, 22, VTX_BOOL),
    METHOD("GetStatus",        11, 23, RETVAL("retval", VT_VARIANT)),
};

static const MEMBER_SPEC status_members[] = {          /* spec 11 (no DISPID 7, 11) */
    GET("CallerId",       1,  7, VT_BSTR),
    GET("Csid",           2,  8, VT_BSTR),
    GET("CurrentPage",    3,  9, VT_I4),
    GET("DeviceId",       4, 10, VT_I4),
    GET("DeviceName",     5, 11, VT_BSTR),
    GET("DocumentName",   6, 12, VT_BSTR),
    GET("Send",           8, 13, VTX_BOOL),
    GET("Receive",        9, 14, VTX_BOOL),
    GET("Address",       10, 15, VT_BSTR),
    GET("RoutingString", 12, 16, VT_BSTR),
    GET("SenderName",    13, 17, VT_BSTR),
    GET("RecipientName", 14, 18, VT_BSTR),
    GET("DocumentSize",  15, 19, VT_I4),
    GET("Description",   16, 20, VT_BSTR),
    GET("PageCount",     17, 21, VT_I4),
    GET("Tsid",          18, 22, VT_BSTR),
    GET("StartTime",     19, 23, VT_DATE),
    GET("SubmittedTime", 20, 24, VT_DATE),
    GET("ElapsedTime",   21, 25, VT_DATE),
    METHOD("Refresh",    22, 26, NOPARAM),
};

static const MEMBER_SPEC routing_method_members[] = {  /* spec 13 */
    GET("DeviceId",      1,  7, VT_I4),
    GET("Enable",        2,  8, VTX_BOOL),
    PUT("Enable",        2,  9, VTX_BOOL),
    GET("DeviceName",    3, 10, VT_BSTR),
    GET("Guid",          4, 11, VT_BSTR),
    GET("FunctionName",  5, 12, VT_BSTR),
    GET("ImageName",     6, 13, VT_BSTR),
    GET("FriendlyName",  7, 14, VT_BSTR),
    GET("ExtensionName", 8, 15, VT_BSTR),
    GET("RoutingData",   9, 16, VT_BSTR),
};

#define MEMBERS(a) a, (int)(sizeof(a) / sizeof((a)[0]))

static const IFACE_SPEC interfaces[] = {               /* spec 0.1 and 1.1 */
    { "IFaxTiff",   L"{B19BB45F-B91C-11D1-83E1-00C04FB6E984}",
      "FaxTiff",    L"{87099231-C7AF-11D0-B225-00C04FB6C2F5}", MEMBERS(tiff_members) },
    { "IFaxServer", L"{D73733C7-CC80-11D0-B225-00C04FB6C2F5}",
      "FaxServer",  L"{D73733C8-CC80-11D0-B225-00C04FB6C2F5}", MEMBERS(server_members) },
    { "IFaxPort",   L"{D73733CC-CC80-11D0-B225-00C04FB6C2F5}",
      "FaxPort",    L"{D73733CD-CC80-11D0-B225-00C04FB6C2F5}", MEMBERS(port_members) },
    { "IFaxPorts",  L"{D73733D5-CC80-11D0-B225-00C04FB6C2F5}",
      "FaxPorts",   L"{D73733D6-CC80-11D0-B225-00C04FB6C2F5}", MEMBERS(collection_members) },
    { "IFaxRoutingMethod",  L"{2199F5F3-CEFC-11D0-A341-0000F800E68D}",
      "FaxRoutingMethod",   L"{2199F5F4-CEFC-11D0-A341-0000F800E68D}", MEMBERS(routing_method_members) },
    { "IFaxRoutingMethods", L"{2199F5F5-CEFC-11D0-A341-0000F800E68D}",
      "FaxRoutingMethods",  L"{2199F5F6-CEFC-11D0-A341-0000F800E68D}", MEMBERS(collection_members) },
    { "IFaxStatus", L"{8B97E605-D054-11D0-B226-00C04FB6C2F5}",
      "FaxStatus",  L"{8B97E606-D054-11D0-B226-00C04FB6C2F5}", MEMBERS(status_members) },
    { "IFaxDoc",    L"{FA21F4C5-5C4C-11D1-83CF-00C04FB6E984}",
      "FaxDoc",     L"{FA21F4C6-5C4C-11D1-83CF-00C04FB6E984}", MEMBERS(doc_members) },
    { "IFaxJobs",   L"{55DABFD3-5C9E-11D1-B791-000000000000}",
      "FaxJobs",    L"{55DABFD4-5C9E-11D1-B791-000000000000}", MEMBERS(collection_members) },
    { "IFaxJob",    L"{55DABFD5-5C9E-11D1-B791-000000000000}",
      "FaxJob",     L"{55DABFD6-5C9E-11D1-B791-000000000000}", MEMBERS(job_members) },
};
#define N_INTERFACES ((int)(sizeof(interfaces) / sizeof(interfaces[0])))

/* Library facts, spec 1. */
static const WCHAR LIBID_STR[] = L"{87099223-C7AF-11D0-B225-00C04FB6C2F5}";
static const char LIB_NAME[] = "FAXCOMLib";
static const char LIB_DOC[] = "faxcom 1.0 Type Library";

/* Spec 2: IUnknown (0-2) + IDispatch (3-6) come before the first member. */
#define FIRST_SLOT 7

/* ---------------------------------------------------------------------- */
/* Check bookkeeping                                                       */
/* ---------------------------------------------------------------------- */

static int g_pass, g_fail;
static int g_group_fail;            /* g_fail at the start of the group */
static char g_where[128];           /* prefix of FAIL lines */
static int g_bool_direct, g_bool_alias;

static void where(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_where, sizeof(g_where), fmt, ap);
    va_end(ap);
}

/* Count one check; print a FAIL line when cond is false. Returns cond. */
static int check(int cond, const char *fmt, ...)
{
    va_list ap;
    if (cond) {
        g_pass++;
        return 1;
    }
    g_fail++;
    printf("FAIL %s: ", g_where);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    return 0;
}

static void group_begin(const char *name)
{
    g_group_fail = g_fail;
    where("%s", name);
}

/* Print "ok <summary>" if no check of the group failed. */
static void group_end(const char *fmt, ...)
{
    va_list ap;
    if (g_fail != g_group_fail)
        return;
    printf("ok ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */
/* ---------------------------------------------------------------------- */

static const char *narrow(const WCHAR *w, char *buf, int size)
{
    if (!w)
        w = L"(null)";
    if (!WideCharToMultiByte(CP_ACP, 0, w, -1, buf, size, NULL, NULL))
        buf[0] = 0;
    return buf;
}

static const char *guid_str(const GUID *g, char *buf, int size)
{
    WCHAR w[40];
    StringFromGUID2(g, w, 40);
    return narrow(w, buf, size);
}

static GUID parse_guid(const WCHAR *s)
{
    GUID g;
    if (FAILED(IIDFromString(s, &g)))
        memset(&g, 0, sizeof(g));
    return g;
}

/* Exact (case-sensitive) comparison of a BSTR with an ASCII name. */
static int name_is(BSTR b, const char *s)
{
    char buf[128];
    return b && !strcmp(narrow(b, buf, sizeof(buf)), s);
}

static const char *member_label(const MEMBER_SPEC *m, char *buf, size_t size)
{
    const char *prefix = "";
    switch (m->kind) {
    case INVOKE_PROPERTYGET:    prefix = "get_"; break;
    case INVOKE_PROPERTYPUT:    prefix = "put_"; break;
    case INVOKE_PROPERTYPUTREF: prefix = "putref_"; break;
    default: break;
    }
    snprintf(buf, size, "%s%s", prefix, m->name);
    return buf;
}

static int param_count(const MEMBER_SPEC *m)
{
    int n = 0;
    while (n < MAX_PARAMS && m->params[n].name)
        n++;
    return n;
}

static const char *vt_name(VARTYPE vt)
{
    static char buf[16];
    switch (vt) {
    case VT_I2: return "VT_I2";
    case VT_I4: return "VT_I4";
    case VT_INT: return "VT_INT";
    case VT_BOOL: return "VT_BOOL";
    case VT_CY: return "VT_CY";
    case VT_DATE: return "VT_DATE";
    case VT_BSTR: return "VT_BSTR";
    case VT_DISPATCH: return "VT_DISPATCH";
    case VT_UNKNOWN: return "VT_UNKNOWN";
    case VT_VARIANT: return "VT_VARIANT";
    case VT_HRESULT: return "VT_HRESULT";
    case VT_VOID: return "VT_VOID";
    case VT_PTR: return "VT_PTR";
    case VT_USERDEFINED: return "VT_USERDEFINED";
    case VTX_BOOL: return "BOOL(VT_I4)";
    }
    snprintf(buf, sizeof(buf), "VT_%u", vt);
    return buf;
}

/* Text of an expected type, e.g. "VT_PTR->VT_BSTR". */
static const char *expected_type_str(VARTYPE vt, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", (vt & VT_BYREF) ? "VT_PTR->" : "",
             vt_name((VARTYPE)(vt & ~VT_BYREF)));
    return buf;
}

static const char *invkind_name(INVOKEKIND k)
{
    switch (k) {
    case INVOKE_FUNC: return "FUNC";
    case INVOKE_PROPERTYGET: return "PROPERTYGET";
    case INVOKE_PROPERTYPUT: return "PROPERTYPUT";
    case INVOKE_PROPERTYPUTREF: return "PROPERTYPUTREF";
    }
    return "?";
}

static const char *typekind_name(TYPEKIND k)
{
    static const char *names[] = { "TKIND_ENUM", "TKIND_RECORD", "TKIND_MODULE",
        "TKIND_INTERFACE", "TKIND_DISPATCH", "TKIND_COCLASS", "TKIND_ALIAS", "TKIND_UNION" };
    return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "TKIND_?";
}

/* ---------------------------------------------------------------------- */
/* Type resolution                                                         */
/* ---------------------------------------------------------------------- */

/* Resolve a VT_USERDEFINED reference. Aliases are followed to their base
 * VARTYPE (*alias is set); anything else yields VT_USERDEFINED. */
static VARTYPE resolve_userdefined(ITypeInfo *ti, HREFTYPE href, int *alias, char *desc, size_t size)
{
    ITypeInfo *ref = NULL;
    TYPEATTR *ta = NULL;
    BSTR name = NULL;
    VARTYPE vt = VT_USERDEFINED;
    char buf[64];

    if (FAILED(ITypeInfo_GetRefTypeInfo(ti, href, &ref)))
        return vt;
    ITypeInfo_GetDocumentation(ref, MEMBERID_NIL, &name, NULL, NULL, NULL);
    if (SUCCEEDED(ITypeInfo_GetTypeAttr(ref, &ta))) {
        if (ta->typekind == TKIND_ALIAS && ta->tdescAlias.vt != VT_PTR &&
            ta->tdescAlias.vt != VT_USERDEFINED) {
            vt = ta->tdescAlias.vt;
            *alias = 1;
        }
        snprintf(desc, size, "VT_USERDEFINED(%s %s)->%s", typekind_name(ta->typekind),
                 narrow(name, buf, sizeof(buf)), vt_name(vt));
        ITypeInfo_ReleaseTypeAttr(ref, ta);
    }
    SysFreeString(name);
    ITypeInfo_Release(ref);
    return vt;
}

/* Flatten a TYPEDESC to the expected-type encoding (VT_PTR->x becomes
 * x|VT_BYREF, aliases resolved) and describe it in desc. */
static VARTYPE flatten_type(ITypeInfo *ti, const TYPEDESC *td, int *alias, char *desc, size_t size)
{
    VARTYPE byref = 0, vt;
    char inner[96];

    *alias = 0;
    if (td->vt == VT_PTR) {
        byref = VT_BYREF;
        td = td->lptdesc;
    }
    if (td->vt == VT_USERDEFINED) {
        vt = resolve_userdefined(ti, td->hreftype, alias, inner, sizeof(inner));
    } else {
        vt = td->vt;
        snprintf(inner, sizeof(inner), "%s", (td->vt == VT_PTR) ? "VT_PTR->..." : vt_name(vt));
        if (td->vt == VT_PTR)
            vt = VT_PTR;
    }
    snprintf(desc, size, "%s%s", byref ? "VT_PTR->" : "", inner);
    return (VARTYPE)(vt | byref);
}

/* Does the actual TYPEDESC match the expected encoding? BOOL accepts VT_I4
 * directly or through an alias (counted for the final info line). */
static int type_matches(ITypeInfo *ti, const TYPEDESC *td, VARTYPE expected, char *desc, size_t size)
{
    int alias;
    VARTYPE actual = flatten_type(ti, td, &alias, desc, size);
    VARTYPE byref = (VARTYPE)(expected & VT_BYREF);

    if ((expected & ~VT_BYREF) == VTX_BOOL) {
        if (actual != (VT_I4 | byref))
            return 0;
        if (alias)
            g_bool_alias++;
        else
            g_bool_direct++;
        return 1;
    }
    return actual == expected && !alias;
}

/* ---------------------------------------------------------------------- */
/* Library-level checks                                                    */
/* ---------------------------------------------------------------------- */

static HRESULT load_library(const char *path, ITypeLib **tl)
{
    WCHAR wpath[MAX_PATH];
    GUID libid = parse_guid(LIBID_STR);

    if (!path)
        return LoadRegTypeLib(&libid, 1, 0, 0, tl);
    if (!MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH))
        return E_INVALIDARG;
    return LoadTypeLibEx(wpath, REGKIND_NONE, tl);
}

static void check_library(ITypeLib *tl)
{
    TLIBATTR *la;
    BSTR name = NULL, doc = NULL;
    GUID libid = parse_guid(LIBID_STR);
    char buf[128];

    group_begin("library");
    if (check(SUCCEEDED(ITypeLib_GetLibAttr(tl, &la)), "GetLibAttr failed")) {
        check(IsEqualGUID(&la->guid, &libid), "LIBID %s", guid_str(&la->guid, buf, sizeof(buf)));
        check(la->wMajorVerNum == 1 && la->wMinorVerNum == 0, "version %u.%u expected 1.0",
              la->wMajorVerNum, la->wMinorVerNum);
        check(la->lcid == 0, "lcid 0x%lx expected 0", (unsigned long)la->lcid);
        ITypeLib_ReleaseTLibAttr(tl, la);
    }
    if (check(SUCCEEDED(ITypeLib_GetDocumentation(tl, -1, &name, &doc, NULL, NULL)),
              "GetDocumentation(-1) failed")) {
        check(name_is(name, LIB_NAME), "name \"%s\" expected \"%s\"",
              narrow(name, buf, sizeof(buf)), LIB_NAME);
        check(name_is(doc, LIB_DOC), "doc string \"%s\" expected \"%s\"",
              narrow(doc, buf, sizeof(buf)), LIB_DOC);
    }
    SysFreeString(name);
    SysFreeString(doc);
    group_end("library %s 1.0 \"%s\"", LIB_NAME, LIB_DOC);
}

/* Index into interfaces[] of the entry whose IID (or CLSID) is g, or -1. */
static int find_spec(const GUID *g, int by_clsid)
{
    int i;
    for (i = 0; i < N_INTERFACES; i++) {
        GUID s = parse_guid(by_clsid ? interfaces[i].clsid : interfaces[i].iid);
        if (IsEqualGUID(g, &s))
            return i;
    }
    return -1;
}

/* Classify one library entry; returns 1 for an interface, 2 for a coclass. */
static int check_library_entry(ITypeLib *tl, UINT index, int *seen_if, int *seen_co)
{
    ITypeInfo *ti;
    TYPEATTR *ta;
    BSTR name = NULL;
    char nbuf[64], gbuf[48];
    int kind = 0, found;

    if (!check(SUCCEEDED(ITypeLib_GetTypeInfo(tl, index, &ti)), "GetTypeInfo(%u) failed", index))
        return 0;
    ITypeInfo_GetDocumentation(ti, MEMBERID_NIL, &name, NULL, NULL, NULL);
    narrow(name, nbuf, sizeof(nbuf));
    if (SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &ta))) {
        guid_str(&ta->guid, gbuf, sizeof(gbuf));
        if (ta->typekind == TKIND_DISPATCH || ta->typekind == TKIND_INTERFACE) {
            found = find_spec(&ta->guid, 0);
            if (check(found >= 0 && !seen_if[found]++, "unexpected or duplicate interface %s %s", nbuf, gbuf))
                kind = 1;
        } else if (ta->typekind == TKIND_COCLASS) {
            found = find_spec(&ta->guid, 1);
            if (check(found >= 0 && !seen_co[found]++, "unexpected or duplicate coclass %s %s", nbuf, gbuf))
                kind = 2;
        } else if (ta->typekind == TKIND_ALIAS) {
            printf("info library contains alias %s = %s\n", nbuf, vt_name(ta->tdescAlias.vt));
        } else {
            check(0, "unexpected %s %s (spec 1: no enums or constants in the typelib)",
                  typekind_name(ta->typekind), nbuf);
        }
        ITypeInfo_ReleaseTypeAttr(ti, ta);
    }
    SysFreeString(name);
    ITypeInfo_Release(ti);
    return kind;
}

static void check_library_contents(ITypeLib *tl)
{
    int seen_if[N_INTERFACES] = { 0 }, seen_co[N_INTERFACES] = { 0 };
    int n_if = 0, n_co = 0, kind;
    UINT i, count = ITypeLib_GetTypeInfoCount(tl);

    group_begin("library contents");
    for (i = 0; i < count; i++) {
        kind = check_library_entry(tl, i, seen_if, seen_co);
        n_if += kind == 1;
        n_co += kind == 2;
    }
    check(n_if == N_INTERFACES, "%d interfaces expected %d", n_if, N_INTERFACES);
    check(n_co == N_INTERFACES, "%d coclasses expected %d", n_co, N_INTERFACES);
    group_end("library contents: %d interfaces, %d coclasses", n_if, n_co);
}

/* ---------------------------------------------------------------------- */
/* Coclasses                                                               */
/* ---------------------------------------------------------------------- */

static void check_coclass_impl(ITypeInfo *ti, const IFACE_SPEC *s)
{
    HREFTYPE href;
    ITypeInfo *ref;
    TYPEATTR *ta;
    INT flags = 0;
    GUID iid = parse_guid(s->iid);
    char buf[48];

    if (check(SUCCEEDED(ITypeInfo_GetImplTypeFlags(ti, 0, &flags)), "GetImplTypeFlags failed"))
        check(flags == IMPLTYPEFLAG_FDEFAULT, "impltype flags 0x%x expected FDEFAULT only", flags);
    if (!check(SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(ti, 0, &href)) &&
               SUCCEEDED(ITypeInfo_GetRefTypeInfo(ti, href, &ref)), "implemented interface not found"))
        return;
    if (SUCCEEDED(ITypeInfo_GetTypeAttr(ref, &ta))) {
        check(IsEqualGUID(&ta->guid, &iid), "implements %s expected %s",
              guid_str(&ta->guid, buf, sizeof(buf)), s->name);
        ITypeInfo_ReleaseTypeAttr(ref, ta);
    }
    ITypeInfo_Release(ref);
}

static void check_coclass(ITypeLib *tl, const IFACE_SPEC *s)
{
    ITypeInfo *ti;
    TYPEATTR *ta;
    BSTR name = NULL;
    GUID clsid = parse_guid(s->clsid);
    char buf[64];

    group_begin(s->coclass);
    if (!check(SUCCEEDED(ITypeLib_GetTypeInfoOfGuid(tl, &clsid, &ti)), "CLSID not in typelib"))
        return;
    ITypeInfo_GetDocumentation(ti, MEMBERID_NIL, &name, NULL, NULL, NULL);
    check(name_is(name, s->coclass), "name \"%s\"", narrow(name, buf, sizeof(buf)));
    SysFreeString(name);
    if (SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &ta))) {
        check(ta->typekind == TKIND_COCLASS, "%s expected TKIND_COCLASS", typekind_name(ta->typekind));
        check(ta->wTypeFlags & TYPEFLAG_FCANCREATE, "not creatable in typelib (spec 1.1: none noncreatable)");
        if (check(ta->cImplTypes == 1, "%u implemented interfaces expected 1", ta->cImplTypes))
            check_coclass_impl(ti, s);
        ITypeInfo_ReleaseTypeAttr(ti, ta);
    }
    ITypeInfo_Release(ti);
    group_end("coclass %s: [default] %s", s->coclass, s->name);
}

/* ---------------------------------------------------------------------- */
/* Interfaces: type attributes                                             */
/* ---------------------------------------------------------------------- */

#define BAD_TYPEFLAGS (TYPEFLAG_FHIDDEN | TYPEFLAG_FRESTRICTED | TYPEFLAG_FNONEXTENSIBLE)

/* Checks common to both halves of the dual interface. */
static void check_typeattr(ITypeInfo *ti, const TYPEATTR *ta, const IFACE_SPEC *s,
                           TYPEKIND kind, const char *half)
{
    GUID iid = parse_guid(s->iid);
    BSTR name = NULL;
    char buf[64];

    check(ta->typekind == kind, "%s side is %s", half, typekind_name(ta->typekind));
    check(IsEqualGUID(&ta->guid, &iid), "%s side GUID %s", half, guid_str(&ta->guid, buf, sizeof(buf)));
    check(ta->wTypeFlags & TYPEFLAG_FDUAL, "%s side not FDUAL (flags 0x%x)", half, ta->wTypeFlags);
    check(!(ta->wTypeFlags & BAD_TYPEFLAGS), "%s side hidden/restricted/nonextensible (flags 0x%x)",
          half, ta->wTypeFlags);
    ITypeInfo_GetDocumentation(ti, MEMBERID_NIL, &name, NULL, NULL, NULL);
    check(name_is(name, s->name), "%s side name \"%s\"", half, narrow(name, buf, sizeof(buf)));
    SysFreeString(name);
}

/* The vtable interface must derive directly from IDispatch (spec 2). */
static void check_base_is_idispatch(ITypeInfo *ti)
{
    HREFTYPE href;
    ITypeInfo *base;
    TYPEATTR *ta;
    char buf[48];

    if (!check(SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(ti, 0, &href)) &&
               SUCCEEDED(ITypeInfo_GetRefTypeInfo(ti, href, &base)), "base interface not found"))
        return;
    if (SUCCEEDED(ITypeInfo_GetTypeAttr(base, &ta))) {
        check(IsEqualGUID(&ta->guid, &IID_IDispatch), "base %s expected IDispatch",
              guid_str(&ta->guid, buf, sizeof(buf)));
        ITypeInfo_ReleaseTypeAttr(base, ta);
    }
    ITypeInfo_Release(base);
}

static void check_vtable_attrs(ITypeInfo *ti, const TYPEATTR *ta, const IFACE_SPEC *s)
{
    check_typeattr(ti, ta, s, TKIND_INTERFACE, "vtable");
    check(ta->cFuncs == s->count, "%u functions expected %d", ta->cFuncs, s->count);
    check(ta->cVars == 0, "%u variables expected 0", ta->cVars);
    check(ta->cbSizeVft == (FIRST_SLOT + s->count) * sizeof(void *), "cbSizeVft %u expected %u",
          ta->cbSizeVft, (unsigned)((FIRST_SLOT + s->count) * sizeof(void *)));
    if (check(ta->cImplTypes == 1, "%u base interfaces expected 1", ta->cImplTypes))
        check_base_is_idispatch(ti);
}

/* ---------------------------------------------------------------------- */
/* Interfaces: members                                                     */
/* ---------------------------------------------------------------------- */

/* FUNCDESC whose oVft is the given slot, or NULL (release with ReleaseFuncDesc). */
static FUNCDESC *find_func_at_slot(ITypeInfo *ti, UINT cfuncs, int slot)
{
    FUNCDESC *fd;
    UINT i;
    for (i = 0; i < cfuncs; i++) {
        if (FAILED(ITypeInfo_GetFuncDesc(ti, i, &fd)))
            continue;
        if (fd->oVft == (SHORT)(slot * sizeof(void *)))
            return fd;
        ITypeInfo_ReleaseFuncDesc(ti, fd);
    }
    return NULL;
}

/* Does another member of the interface share m's DISPID as a propget? */
static int has_getter(const IFACE_SPEC *s, const MEMBER_SPEC *m)
{
    int i;
    for (i = 0; i < s->count; i++)
        if (s->members[i].dispid == m->dispid && s->members[i].kind == INVOKE_PROPERTYGET)
            return 1;
    return 0;
}

/* Names via GetNames(memid): function name, then parameter names. */
static void check_names(ITypeInfo *ti, const IFACE_SPEC *s, const MEMBER_SPEC *m)
{
    BSTR names[MAX_PARAMS + 2] = { NULL };
    UINT got = 0, i, n = (UINT)param_count(m);
    int putter = m->kind == INVOKE_PROPERTYPUT || m->kind == INVOKE_PROPERTYPUTREF;
    char buf[64];

    if (!check(SUCCEEDED(ITypeInfo_GetNames(ti, m->dispid, names, MAX_PARAMS + 2, &got)) && got >= 1,
               "GetNames failed"))
        return;
    check(name_is(names[0], m->name), "name \"%s\" expected \"%s\"", narrow(names[0], buf, sizeof(buf)), m->name);
    if (putter && has_getter(s, m)) {
        /* GetNames returns the propget's names for a shared MEMID. */
    } else if (putter) {
        /* Right-hand side is documented as unnamed; check it only if given. */
        if (got > 1)
            check(name_is(names[1], m->params[0].name), "parameter name \"%s\" expected \"%s\"",
                  narrow(names[1], buf, sizeof(buf)), m->params[0].name);
    } else {
        check(got == n + 1, "GetNames gave %u parameter names expected %u", got - 1, n);
        for (i = 1; i < got && i <= n; i++)
            check(name_is(names[i], m->params[i - 1].name), "parameter %u name \"%s\" expected \"%s\"",
                  i, narrow(names[i], buf, sizeof(buf)), m->params[i - 1].name);
    }
    for (i = 0; i < got; i++)
        SysFreeString(names[i]);
}

static void check_params(ITypeInfo *ti, const FUNCDESC *fd, const MEMBER_SPEC *m)
{
    int i, n = param_count(m);
    char actual[128], expected[64];

    if (!check(fd->cParams == n, "%d parameters expected %d", fd->cParams, n))
        return;
    check(fd->cParamsOpt == 0, "%d optional parameters expected 0", fd->cParamsOpt);
    for (i = 0; i < n; i++) {
        const ELEMDESC *ed = &fd->lprgelemdescParam[i];
        const PARAM_SPEC *p = &m->params[i];
        USHORT flags = ed->paramdesc.wParamFlags & PF_MASK;

        check(type_matches(ti, &ed->tdesc, p->vt, actual, sizeof(actual)),
              "parameter %s type %s expected %s", p->name, actual,
              expected_type_str(p->vt, expected, sizeof(expected)));
        check(flags == p->flags, "parameter %s flags 0x%x expected 0x%x (in=1 out=2 lcid=4 retval=8 opt=16)",
              p->name, flags, p->flags);
    }
}

static void check_member(ITypeInfo *ti, UINT cfuncs, const IFACE_SPEC *s, const MEMBER_SPEC *m)
{
    FUNCDESC *fd;
    char label[64];

    where("%s.%s", s->name, member_label(m, label, sizeof(label)));
    fd = find_func_at_slot(ti, cfuncs, m->slot);
    if (!check(fd != NULL, "no function at slot %d (oVft %d)", m->slot, (int)(m->slot * sizeof(void *))))
        return;
    check(fd->invkind == m->kind, "invkind %s expected %s", invkind_name(fd->invkind), invkind_name(m->kind));
    check(fd->funckind == FUNC_PUREVIRTUAL, "funckind %d expected FUNC_PUREVIRTUAL", fd->funckind);
    check(fd->callconv == CC_STDCALL, "calling convention %d expected CC_STDCALL", fd->callconv);
    check(fd->elemdescFunc.tdesc.vt == VT_HRESULT, "returns %s expected VT_HRESULT",
          vt_name(fd->elemdescFunc.tdesc.vt));
    check(!(fd->wFuncFlags & (FUNCFLAG_FHIDDEN | FUNCFLAG_FRESTRICTED)),
          "hidden/restricted (func flags 0x%x)", fd->wFuncFlags);
    /* Names are looked up by MEMID, so they are meaningful only if it is right. */
    if (check(fd->memid == m->dispid, "memid %ld expected %ld", (long)fd->memid, (long)m->dispid))
        check_names(ti, s, m);
    check_params(ti, fd, m);
    ITypeInfo_ReleaseFuncDesc(ti, fd);
}

static void check_members(ITypeInfo *ti, UINT cfuncs, const IFACE_SPEC *s)
{
    int i;
    for (i = 0; i < s->count; i++)
        check_member(ti, cfuncs, s, &s->members[i]);
    where("%s", s->name);
}

/* ---------------------------------------------------------------------- */
/* Interfaces: dispatch side name resolution                               */
/* ---------------------------------------------------------------------- */

/* GetIDsOfNames of name (and optionally one parameter name). */
static HRESULT ids_of_names(ITypeInfo *disp, const char *name, const char *param, MEMBERID ids[2])
{
    WCHAR w[2][64];
    LPOLESTR names[2] = { w[0], w[1] };

    MultiByteToWideChar(CP_ACP, 0, name, -1, w[0], 64);
    if (param)
        MultiByteToWideChar(CP_ACP, 0, param, -1, w[1], 64);
    ids[0] = ids[1] = DISPID_UNKNOWN;
    return ITypeInfo_GetIDsOfNames(disp, names, param ? 2 : 1, ids);
}

static void change_case(const char *in, char *out, size_t size, int upper)
{
    size_t i;
    for (i = 0; in[i] && i + 1 < size; i++)
        out[i] = (char)(upper ? toupper((unsigned char)in[i]) : tolower((unsigned char)in[i]));
    out[i] = 0;
}

/* Member name, in lower and upper case, maps to its DISPID. */
static void check_name_lookup(ITypeInfo *disp, const MEMBER_SPEC *m)
{
    MEMBERID ids[2];
    char name[64];
    int upper;
    HRESULT hr;

    for (upper = 0; upper < 2; upper++) {
        change_case(m->name, name, sizeof(name), upper);
        hr = ids_of_names(disp, name, NULL, ids);
        check(hr == S_OK && ids[0] == m->dispid, "GetIDsOfNames(\"%s\") hr 0x%08lx id %ld expected %ld",
              name, (unsigned long)hr, (long)ids[0], (long)m->dispid);
    }
}

/* Named arguments: "Member","param" (lower case) give the parameter index. */
static void check_named_args(ITypeInfo *disp, const MEMBER_SPEC *m)
{
    MEMBERID ids[2];
    char param[64];
    HRESULT hr;
    int i;

    for (i = 0; i < MAX_PARAMS && m->params[i].name; i++) {
        if (m->params[i].flags != PF_IN)
            continue;
        change_case(m->params[i].name, param, sizeof(param), 0);
        hr = ids_of_names(disp, m->name, param, ids);
        check(hr == S_OK && ids[0] == m->dispid && ids[1] == i,
              "GetIDsOfNames(\"%s\", \"%s\") hr 0x%08lx ids %ld,%ld expected %ld,%d",
              m->name, param, (unsigned long)hr, (long)ids[0], (long)ids[1], (long)m->dispid, i);
    }
}

static void check_dispatch_names(ITypeInfo *disp, const IFACE_SPEC *s)
{
    int i, j, dup;

    where("%s dispatch", s->name);
    for (i = 0; i < s->count; i++) {
        const MEMBER_SPEC *m = &s->members[i];
        for (dup = 0, j = 0; j < i; j++)
            dup |= !strcmp(s->members[j].name, m->name);
        if (!dup)
            check_name_lookup(disp, m);
        /* put_ parameters cannot be named (GetIDsOfNames binds the propget). */
        if (m->kind == INVOKE_FUNC || m->kind == INVOKE_PROPERTYGET)
            check_named_args(disp, m);
    }
    where("%s", s->name);
}

/* ---------------------------------------------------------------------- */
/* Interfaces: driver                                                      */
/* ---------------------------------------------------------------------- */

/* The TKIND_INTERFACE half of a dual interface (GetRefTypeOfImplType(-1)). */
static ITypeInfo *vtable_half(ITypeInfo *disp)
{
    HREFTYPE href;
    ITypeInfo *vt = NULL;

    if (!check(SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(disp, -1, &href)) &&
               SUCCEEDED(ITypeInfo_GetRefTypeInfo(disp, href, &vt)),
               "GetRefTypeOfImplType(-1) failed: no vtable interface for the dual"))
        return NULL;
    return vt;
}

static void check_vtable_half(ITypeInfo *disp, const IFACE_SPEC *s)
{
    ITypeInfo *vt = vtable_half(disp);
    TYPEATTR *ta;

    if (!vt)
        return;
    if (check(SUCCEEDED(ITypeInfo_GetTypeAttr(vt, &ta)), "GetTypeAttr failed")) {
        check_vtable_attrs(vt, ta, s);
        check_members(vt, ta->cFuncs, s);
        ITypeInfo_ReleaseTypeAttr(vt, ta);
    }
    ITypeInfo_Release(vt);
}

static void check_interface(ITypeLib *tl, const IFACE_SPEC *s)
{
    ITypeInfo *disp;
    TYPEATTR *ta;
    GUID iid = parse_guid(s->iid);

    group_begin(s->name);
    if (!check(SUCCEEDED(ITypeLib_GetTypeInfoOfGuid(tl, &iid, &disp)), "IID not in typelib"))
        return;
    if (check(SUCCEEDED(ITypeInfo_GetTypeAttr(disp, &ta)), "GetTypeAttr failed")) {
        check_typeattr(disp, ta, s, TKIND_DISPATCH, "dispatch");
        ITypeInfo_ReleaseTypeAttr(disp, ta);
    }
    check_vtable_half(disp, s);
    check_dispatch_names(disp, s);
    ITypeInfo_Release(disp);
    group_end("%s: %d members", s->name, s->count);
}

/* ---------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    ITypeLib *tl = NULL;
    HRESULT hr;
    int i;

    if (argc > 2) {
        fprintf(stderr, "usage: %s [path to .tlb or DLL]\n", argv[0]);
        return 2;
    }
    CoInitialize(NULL);
    group_begin("load");
    hr = load_library(argc > 1 ? argv[1] : NULL, &tl);
    if (check(SUCCEEDED(hr), "%s failed 0x%08lx", argc > 1 ? "LoadTypeLibEx" : "LoadRegTypeLib",
              (unsigned long)hr)) {
        check_library(tl);
        check_library_contents(tl);
        for (i = 0; i < N_INTERFACES; i++)
            check_coclass(tl, &interfaces[i]);
        for (i = 0; i < N_INTERFACES; i++)
            check_interface(tl, &interfaces[i]);
        printf("info BOOL parameters: %d as direct VT_I4, %d via a TKIND_ALIAS to VT_I4\n",
               g_bool_direct, g_bool_alias);
        ITypeLib_Release(tl);
    }
    CoUninitialize();
    printf("%d passed, %d failed\n", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
