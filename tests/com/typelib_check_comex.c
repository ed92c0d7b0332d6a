/*
 * typelib_check_comex.c - independent conformance test of the FaxComEx type library (faxcomex.tlb).
 *
 * Loads the .tlb (or DLL) named on the command line with LoadTypeLibEx(REGKIND_NONE), or with no argument the
 * registered library (LoadRegTypeLib: what regsvr32 of fxscomex.dll registered), and compares it with
 * typelib_check_comex_table.h, which tests/com/gen_comex_table.py transcribed from the contract
 * faxcomex-api.md (never from idl/faxcomex.idl, which this program exists to check): the library's LIBID,
 * version and name; every interface's IID, type flags, base and members (name, DISPID, invoke kind, vtable
 * slot, parameter count, names, optional/default values); the event dispinterfaces; every enum's values;
 * every coclass's CLSID, creatable flag and interfaces with their default/source flags; and name lookup
 * (GetIDsOfNames, ITypeLib::IsName/FindName) in any letter case, as scripts rely on (spec 2).
 *
 * Run:    typelib_check_comex.exe build\x86_64\gen\faxcomex.tlb, or with no argument after regsvr32 fxscomex.dll
 *         (tests/com/run-wine-tests does both)
 * Output: "FAIL <where>: <what>" per failed check, one summary line per part, then "N passed, M failed";
 *         exit code 0 only when M == 0.
 *
 * Parameter names come from ITypeInfo::GetNames, which works by MEMID: for a property put it returns the
 * propget's names (the right-hand side is unnamed), so put parameters are counted but not named here.
 */
#define COBJMACROS
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <ctype.h>

#define MAX_PARAMS 6
#define FIRST_SLOT 7

enum def_kind { DEF_NONE, DEF_I4, DEF_BSTR };
enum comex_kind { COMEX_DUAL, COMEX_DISPINTERFACE };

typedef struct { const char *name; USHORT flags; enum def_kind def_kind; const char *def; } COMEX_PARAM;
typedef struct {
    const char *name; INVOKEKIND kind; DISPID dispid; int slot; int nparams; COMEX_PARAM params[MAX_PARAMS];
} COMEX_MEMBER;
typedef struct {
    const char *name; const char *iid; enum comex_kind kind; const char *base; WORD typeflags;
    int first_slot; const COMEX_MEMBER *members; int count;
} COMEX_IFACE;
typedef struct { const char *iface; INT flags; } COMEX_IMPL;
typedef struct { const char *name; const char *clsid; int creatable; const COMEX_IMPL *impls; int count; } COMEX_COCLASS;
typedef struct { const char *name; LONG value; } COMEX_ENUM_VALUE;
typedef struct { const char *name; const COMEX_ENUM_VALUE *values; int count; } COMEX_ENUM;

#include "typelib_check_comex_table.h"

static const char LIB_NAME[] = "FAXCOMEXLib";
static const char LIB_DOC[] = "Microsoft Fax Service Extended COM Type Library";   /* spec 1 */

#define PF_MASK ((USHORT)(PARAMFLAG_FIN | PARAMFLAG_FOUT | PARAMFLAG_FRETVAL | PARAMFLAG_FOPT | \
                          PARAMFLAG_FHASDEFAULT | PARAMFLAG_FLCID))

/* ---- bookkeeping ---- */

static int g_pass, g_fail;
static char g_where[160];

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

/* Print a part's summary with the checks it added. */
static void part_end(const char *part, int pass0, int fail0)
{
    printf("%s %s: %d checks, %d failed\n", g_fail == fail0 ? "ok" : "FAILED", part,
           (g_pass - pass0) + (g_fail - fail0), g_fail - fail0);
}

static const char *narrow(const WCHAR *w, char *buf, int size)
{
    if (!w || !WideCharToMultiByte(CP_ACP, 0, w, -1, buf, size, NULL, NULL))
        snprintf(buf, (size_t)size, "(null)");
    return buf;
}

static void widen(const char *s, WCHAR *buf, int size)
{
    MultiByteToWideChar(CP_ACP, 0, s, -1, buf, size);
}

static GUID parse_guid(const char *s)
{
    WCHAR w[64];
    GUID g = GUID_NULL;
    widen(s, w, 64);
    CLSIDFromString(w, &g);
    return g;
}

static int name_is(const WCHAR *w, const char *s)
{
    char buf[128];
    return w && !strcmp(narrow(w, buf, sizeof(buf)), s);
}

static void change_case(const char *in, char *out, size_t size, int upper)
{
    size_t i;
    for (i = 0; in[i] && i + 1 < size; i++)
        out[i] = (char)(upper ? toupper((unsigned char)in[i]) : tolower((unsigned char)in[i]));
    out[i] = 0;
}

static const COMEX_IFACE *iface_by_guid(const GUID *g)
{
    int i;
    for (i = 0; i < N_COMEX_INTERFACES; i++) {
        GUID s = parse_guid(comex_interfaces[i].iid);
        if (IsEqualGUID(g, &s))
            return &comex_interfaces[i];
    }
    return NULL;
}

/* The name of a type info (release nothing: copied into buf). */
static const char *type_name(ITypeInfo *ti, char *buf, int size)
{
    BSTR name = NULL;
    ITypeInfo_GetDocumentation(ti, MEMBERID_NIL, &name, NULL, NULL, NULL);
    narrow(name, buf, size);
    SysFreeString(name);
    return buf;
}

/* ---- library ---- */

static void check_library(ITypeLib *tl)
{
    TLIBATTR *la;
    BSTR name = NULL, doc = NULL;
    GUID libid = parse_guid(COMEX_LIBID);
    char buf[128];
    int p0 = g_pass, f0 = g_fail;

    where("library");
    if (check(SUCCEEDED(ITypeLib_GetLibAttr(tl, &la)), "GetLibAttr failed")) {
        check(IsEqualGUID(&la->guid, &libid), "LIBID differs from %s", COMEX_LIBID);
        check(la->wMajorVerNum == 1 && la->wMinorVerNum == 0, "version %u.%u expected 1.0",
              la->wMajorVerNum, la->wMinorVerNum);
        check(la->lcid == 0, "lcid 0x%lx expected 0", (unsigned long)la->lcid);
        check(la->syskind == (sizeof(void *) == 8 ? SYS_WIN64 : SYS_WIN32), "syskind %d for this arch",
              la->syskind);
        ITypeLib_ReleaseTLibAttr(tl, la);
    }
    if (check(SUCCEEDED(ITypeLib_GetDocumentation(tl, -1, &name, &doc, NULL, NULL)), "GetDocumentation failed")) {
        check(name_is(name, LIB_NAME), "name \"%s\" expected %s", narrow(name, buf, sizeof(buf)), LIB_NAME);
        check(name_is(doc, LIB_DOC), "help string \"%s\"", narrow(doc, buf, sizeof(buf)));
    }
    SysFreeString(name);
    SysFreeString(doc);
    part_end("library FAXCOMEXLib 1.0", p0, f0);
}

/* Every entry of the library is in the table, once, and the table's counts are met. */
static void check_library_contents(ITypeLib *tl)
{
    UINT i, count = ITypeLib_GetTypeInfoCount(tl);
    int n_if = 0, n_co = 0, n_enum = 0, p0 = g_pass, f0 = g_fail;
    char name[96];

    where("library contents");
    for (i = 0; i < count; i++) {
        ITypeInfo *ti;
        TYPEATTR *ta;
        if (!check(SUCCEEDED(ITypeLib_GetTypeInfo(tl, i, &ti)), "GetTypeInfo(%u) failed", i))
            continue;
        type_name(ti, name, sizeof(name));
        if (SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &ta))) {
            if (ta->typekind == TKIND_DISPATCH || ta->typekind == TKIND_INTERFACE) {
                const COMEX_IFACE *s = iface_by_guid(&ta->guid);
                n_if++;
                check(s && !strcmp(s->name, name), "interface %s not in the spec (or under another GUID)", name);
            } else if (ta->typekind == TKIND_COCLASS) {
                n_co++;
            } else if (ta->typekind == TKIND_ENUM) {
                n_enum++;
            } else {
                check(0, "unexpected type %s (kind %d)", name, ta->typekind);
            }
            ITypeInfo_ReleaseTypeAttr(ti, ta);
        }
        ITypeInfo_Release(ti);
    }
    check(n_if == N_COMEX_INTERFACES, "%d interfaces expected %d", n_if, N_COMEX_INTERFACES);
    check(n_co == N_COMEX_COCLASSES, "%d coclasses expected %d", n_co, N_COMEX_COCLASSES);
    check(n_enum == N_COMEX_ENUMS, "%d enums expected %d", n_enum, N_COMEX_ENUMS);
    part_end("library contents", p0, f0);
}

/* ---- interfaces ---- */

/* The FUNCDESC with this vtable slot (duals) or this index (dispinterfaces); release it. */
static FUNCDESC *func_for(ITypeInfo *ti, UINT cfuncs, const COMEX_IFACE *s, int index)
{
    FUNCDESC *fd;
    UINT i;
    if (s->kind == COMEX_DISPINTERFACE)
        return (UINT)index < cfuncs && SUCCEEDED(ITypeInfo_GetFuncDesc(ti, index, &fd)) ? fd : NULL;
    for (i = 0; i < cfuncs; i++) {
        if (FAILED(ITypeInfo_GetFuncDesc(ti, i, &fd)))
            continue;
        if (fd->oVft == (SHORT)(s->members[index].slot * sizeof(void *)))
            return fd;
        ITypeInfo_ReleaseFuncDesc(ti, fd);
    }
    return NULL;
}

static void check_default(const ELEMDESC *ed, const COMEX_PARAM *p)
{
    const VARIANT *v;
    char buf[64];

    if (p->def_kind == DEF_NONE || !(ed->paramdesc.wParamFlags & PARAMFLAG_FHASDEFAULT) ||
        !check(ed->paramdesc.pparamdescex != NULL, "parameter %s: no default value", p->name))
        return;
    v = &ed->paramdesc.pparamdescex->varDefaultValue;
    if (p->def_kind == DEF_I4)
        check((V_VT(v) == VT_I4 && V_I4(v) == atol(p->def)) || (V_VT(v) == VT_INT && V_INT(v) == atol(p->def)),
              "parameter %s: default %ld (vt %d), expected %s", p->name,
              V_VT(v) == VT_I4 || V_VT(v) == VT_INT ? (long)V_I4(v) : 0L, V_VT(v), p->def);
    else
        check(V_VT(v) == VT_BSTR && name_is(V_BSTR(v), p->def), "parameter %s: default \"%s\" expected \"%s\"",
              p->name, V_VT(v) == VT_BSTR ? narrow(V_BSTR(v), buf, sizeof(buf)) : "(not a BSTR)", p->def);
}

static void check_param_names(ITypeInfo *ti, const COMEX_MEMBER *m)
{
    BSTR names[MAX_PARAMS + 1] = { NULL };
    UINT got = 0, i;
    char buf[64];

    if (!check(SUCCEEDED(ITypeInfo_GetNames(ti, m->dispid, names, MAX_PARAMS + 1, &got)) && got >= 1,
               "GetNames failed"))
        return;
    check(name_is(names[0], m->name), "GetNames gave \"%s\"", narrow(names[0], buf, sizeof(buf)));
    if (m->kind == INVOKE_FUNC || m->kind == INVOKE_PROPERTYGET) {
        check(got == (UINT)m->nparams + 1, "%u parameter names expected %d", got - 1, m->nparams);
        for (i = 1; i < got && i <= (UINT)m->nparams; i++)
            check(name_is(names[i], m->params[i - 1].name), "parameter %u named \"%s\" expected %s", i,
                  narrow(names[i], buf, sizeof(buf)), m->params[i - 1].name);
    }
    for (i = 0; i < got; i++)
        SysFreeString(names[i]);
}

static void check_member(ITypeInfo *ti, UINT cfuncs, const COMEX_IFACE *s, int index)
{
    const COMEX_MEMBER *m = &s->members[index];
    FUNCDESC *fd = func_for(ti, cfuncs, s, index);
    int i;

    where("%s.%s (%s)", s->name, m->name, m->kind == INVOKE_PROPERTYGET ? "get" : m->kind == INVOKE_FUNC ?
          "method" : "put");
    if (!check(fd != NULL, "no function at %s %d", s->kind == COMEX_DUAL ? "slot" : "index",
               s->kind == COMEX_DUAL ? m->slot : index))
        return;
    check(fd->memid == m->dispid, "DISPID %ld expected %ld", (long)fd->memid, (long)m->dispid);
    check(fd->invkind == m->kind, "invoke kind %d expected %d", fd->invkind, m->kind);
    if (check(fd->cParams == m->nparams, "%d parameters expected %d", fd->cParams, m->nparams)) {
        for (i = 0; i < m->nparams; i++) {
            USHORT flags = fd->lprgelemdescParam[i].paramdesc.wParamFlags & PF_MASK;
            check(flags == m->params[i].flags, "parameter %s flags 0x%x expected 0x%x", m->params[i].name,
                  flags, m->params[i].flags);
            check_default(&fd->lprgelemdescParam[i], &m->params[i]);
        }
    }
    if (fd->memid == m->dispid)
        check_param_names(ti, m);
    ITypeInfo_ReleaseFuncDesc(ti, fd);
}

static void check_base(ITypeInfo *ti, const COMEX_IFACE *s)
{
    HREFTYPE href;
    ITypeInfo *base;
    char name[96];

    if (!check(SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(ti, 0, &href)) &&
               SUCCEEDED(ITypeInfo_GetRefTypeInfo(ti, href, &base)), "base interface not found"))
        return;
    check(!strcmp(type_name(base, name, sizeof(name)), s->base), "base %s expected %s", name, s->base);
    ITypeInfo_Release(base);
}

/* The members, on the vtable half of a dual or on a dispinterface. */
static void check_functions(ITypeInfo *ti, const COMEX_IFACE *s)
{
    TYPEATTR *ta;
    int i;

    if (!check(SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &ta)), "GetTypeAttr failed"))
        return;
    if (s->kind == COMEX_DUAL) {
        check(ta->typekind == TKIND_INTERFACE, "vtable half is kind %d", ta->typekind);
        check(ta->wTypeFlags == s->typeflags, "type flags 0x%x expected 0x%x", ta->wTypeFlags, s->typeflags);
        check(ta->cbSizeVft == (s->first_slot + s->count) * sizeof(void *), "vtable of %u bytes, expected %d slots",
              ta->cbSizeVft, s->first_slot + s->count);
        if (check(ta->cImplTypes == 1, "%u base interfaces", ta->cImplTypes))
            check_base(ti, s);
    }
    check(ta->cFuncs == (UINT)s->count, "%u functions expected %d", ta->cFuncs, s->count);
    for (i = 0; i < s->count; i++)
        check_member(ti, ta->cFuncs, s, i);
    where("%s", s->name);
    ITypeInfo_ReleaseTypeAttr(ti, ta);
}

/* Every member name, in lower and upper case, resolves to its DISPID on the dispatch side (spec 2). */
static void check_dispatch_names(ITypeInfo *disp, const COMEX_IFACE *s)
{
    WCHAR w[2][64];
    LPOLESTR names[2] = { w[0], w[1] };
    MEMBERID ids[2];
    char name[64];
    int i, upper;

    for (i = 0; i < s->count; i++) {
        const COMEX_MEMBER *m = &s->members[i];
        where("%s.%s dispatch", s->name, m->name);
        for (upper = 0; upper < 2; upper++) {
            change_case(m->name, name, sizeof(name), upper);
            widen(name, w[0], 64);
            ids[0] = DISPID_UNKNOWN;
            check(ITypeInfo_GetIDsOfNames(disp, names, 1, ids) == S_OK && ids[0] == m->dispid,
                  "GetIDsOfNames(\"%s\") gave %ld", name, (long)ids[0]);
        }
        /* Named arguments of methods and getters: "Member", "param" give the parameter's index. */
        if (m->kind == INVOKE_FUNC && m->nparams > 0 && (m->params[0].flags & PARAMFLAG_FIN)) {
            widen(m->name, w[0], 64);
            change_case(m->params[0].name, name, sizeof(name), 0);
            widen(name, w[1], 64);
            check(ITypeInfo_GetIDsOfNames(disp, names, 2, ids) == S_OK && ids[0] == m->dispid && ids[1] == 0,
                  "named argument \"%s\" gave %ld,%ld", name, (long)ids[0], (long)ids[1]);
        }
    }
    where("%s", s->name);
}

static void check_interface(ITypeLib *tl, const COMEX_IFACE *s)
{
    GUID iid = parse_guid(s->iid);
    ITypeInfo *ti, *vt = NULL;
    TYPEATTR *ta;
    HREFTYPE href;
    char name[96];

    where("%s", s->name);
    if (!check(SUCCEEDED(ITypeLib_GetTypeInfoOfGuid(tl, &iid, &ti)), "IID %s not in the library", s->iid))
        return;
    check(!strcmp(type_name(ti, name, sizeof(name)), s->name), "named %s", name);
    if (check(SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &ta)), "GetTypeAttr failed")) {
        check(ta->typekind == TKIND_DISPATCH, "kind %d expected TKIND_DISPATCH", ta->typekind);
        /* oleaut32 reports a dual's flags on its vtable half and clears FOLEAUTOMATION on the dispatch half. */
        check(ta->wTypeFlags == s->typeflags || (s->kind == COMEX_DUAL &&
              ta->wTypeFlags == (s->typeflags & ~TYPEFLAG_FOLEAUTOMATION)),
              "dispatch type flags 0x%x expected 0x%x", ta->wTypeFlags, s->typeflags);
        ITypeInfo_ReleaseTypeAttr(ti, ta);
    }
    if (s->kind == COMEX_DISPINTERFACE) {
        check_functions(ti, s);
    } else if (check(SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(ti, -1, &href)) &&
                     SUCCEEDED(ITypeInfo_GetRefTypeInfo(ti, href, &vt)), "no vtable half")) {
        check_functions(vt, s);
        ITypeInfo_Release(vt);
    }
    check_dispatch_names(ti, s);
    ITypeInfo_Release(ti);
}

/* ---- coclasses ---- */

static void check_coclass(ITypeLib *tl, const COMEX_COCLASS *c)
{
    GUID clsid = parse_guid(c->clsid);
    ITypeInfo *ti;
    TYPEATTR *ta;
    char name[96];
    int i, j;

    where("coclass %s", c->name);
    if (!check(SUCCEEDED(ITypeLib_GetTypeInfoOfGuid(tl, &clsid, &ti)), "CLSID %s not in the library", c->clsid))
        return;
    check(!strcmp(type_name(ti, name, sizeof(name)), c->name), "named %s", name);
    if (!check(SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &ta)), "GetTypeAttr failed")) {
        ITypeInfo_Release(ti);
        return;
    }
    check(ta->typekind == TKIND_COCLASS, "kind %d", ta->typekind);
    check(!!(ta->wTypeFlags & TYPEFLAG_FCANCREATE) == c->creatable, "%s (type flags 0x%x)",
          c->creatable ? "not creatable, spec 3.2 follows the shipping typelib" : "creatable, expected noncreatable",
          ta->wTypeFlags);
    check(ta->cImplTypes == c->count, "%u interfaces expected %d", ta->cImplTypes, c->count);
    /* Each listed interface appears once, with its flags; the order is free. */
    for (j = 0; j < c->count; j++) {
        int found = 0;
        for (i = 0; i < ta->cImplTypes; i++) {
            HREFTYPE href;
            ITypeInfo *ref;
            INT flags = -1;
            if (FAILED(ITypeInfo_GetRefTypeOfImplType(ti, i, &href)) ||
                FAILED(ITypeInfo_GetRefTypeInfo(ti, href, &ref)))
                continue;
            if (!strcmp(type_name(ref, name, sizeof(name)), c->impls[j].iface)) {
                found++;
                ITypeInfo_GetImplTypeFlags(ti, i, &flags);
                check(flags == c->impls[j].flags, "%s flags 0x%x expected 0x%x", name, flags, c->impls[j].flags);
            }
            ITypeInfo_Release(ref);
        }
        check(found == 1, "%s listed %d times, expected once", c->impls[j].iface, found);
    }
    ITypeInfo_ReleaseTypeAttr(ti, ta);
    ITypeInfo_Release(ti);
}

/* ---- enums ---- */

static ITypeInfo *find_type(ITypeLib *tl, const char *name, TYPEKIND kind)
{
    UINT i, count = ITypeLib_GetTypeInfoCount(tl);
    char buf[96];
    for (i = 0; i < count; i++) {
        ITypeInfo *ti;
        TYPEKIND k;
        if (SUCCEEDED(ITypeLib_GetTypeInfoType(tl, i, &k)) && k == kind &&
            SUCCEEDED(ITypeLib_GetTypeInfo(tl, i, &ti))) {
            if (!strcmp(type_name(ti, buf, sizeof(buf)), name))
                return ti;
            ITypeInfo_Release(ti);
        }
    }
    return NULL;
}

static void check_enum(ITypeLib *tl, const COMEX_ENUM *e)
{
    ITypeInfo *ti = find_type(tl, e->name, TKIND_ENUM);
    TYPEATTR *ta;
    int i;

    where("enum %s", e->name);
    if (!check(ti != NULL, "not in the library") || !check(SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &ta)), "no attr")) {
        if (ti)
            ITypeInfo_Release(ti);
        return;
    }
    check(ta->cbSizeInstance == 4, "size %lu expected 4 (spec 7)", (unsigned long)ta->cbSizeInstance);
    if (check(ta->cVars == e->count, "%u values expected %d", ta->cVars, e->count)) {
        for (i = 0; i < e->count; i++) {
            VARDESC *vd;
            BSTR name = NULL;
            char buf[64];
            if (!check(SUCCEEDED(ITypeInfo_GetVarDesc(ti, i, &vd)), "GetVarDesc(%d) failed", i))
                continue;
            ITypeInfo_GetDocumentation(ti, vd->memid, &name, NULL, NULL, NULL);
            check(name_is(name, e->values[i].name), "value %d named %s expected %s", i,
                  narrow(name, buf, sizeof(buf)), e->values[i].name);
            check(vd->varkind == VAR_CONST && vd->lpvarValue &&
                  (V_VT(vd->lpvarValue) == VT_I4 || V_VT(vd->lpvarValue) == VT_INT) &&
                  V_I4(vd->lpvarValue) == e->values[i].value, "%s is not the constant 0x%lx", e->values[i].name,
                  (unsigned long)e->values[i].value);
            SysFreeString(name);
            ITypeInfo_ReleaseVarDesc(ti, vd);
        }
    }
    ITypeInfo_ReleaseTypeAttr(ti, ta);
    ITypeInfo_Release(ti);
}

/* ---- library-wide name lookup ---- */

/* Does this oleaut32 match names in any case? Wine 8.0's IsName/FindName compare case-sensitively, on
 * any library: the control is stdole2.tlb, which is not ours. Where they do, the case-variant lookups
 * below are skipped and said so (scripts bind through GetIDsOfNames, checked in every case above). */
static int g_case_blind, g_skipped;

static void probe_case_blindness(void)
{
    ITypeLib *std;
    WCHAR lower[] = L"idispatch";
    BOOL found = FALSE;

    if (SUCCEEDED(LoadTypeLib(L"stdole2.tlb", &std))) {
        g_case_blind = ITypeLib_IsName(std, lower, 0, &found) == S_OK && found;
        ITypeLib_Release(std);
    }
    if (!g_case_blind)
        printf("info this oleaut32's IsName/FindName match case-sensitively (stdole2.tlb: \"idispatch\" not "
               "found): their case-variant checks are skipped\n");
}

/* IsName and FindName find a type or member name; in other letter cases, IsName corrects the case. */
static void check_lib_name(ITypeLib *tl, const char *expect)
{
    WCHAR w[96];
    char variant[96], buf[96];
    ITypeInfo *tis[8];
    MEMBERID ids[8];
    BOOL found;
    USHORT n, i;
    int form;

    where("library name lookup \"%s\"", expect);
    for (form = 0; form < 3; form++) {
        if (form > 0 && !g_case_blind) {
            g_skipped += 2;
            continue;
        }
        if (form == 0)
            snprintf(variant, sizeof(variant), "%s", expect);
        else
            change_case(expect, variant, sizeof(variant), form == 2);
        widen(variant, w, 96);
        found = FALSE;
        check(ITypeLib_IsName(tl, w, 0, &found) == S_OK && found, "IsName(\"%s\") did not find it", variant);
        if (found)
            check(!strcmp(narrow(w, buf, sizeof(buf)), expect), "IsName corrected \"%s\" to \"%s\"", variant, buf);
        widen(variant, w, 96);
        n = 8;
        if (check(ITypeLib_FindName(tl, w, 0, tis, ids, &n) == S_OK && n >= 1, "FindName(\"%s\") found nothing",
                  variant))
            for (i = 0; i < n; i++)
                ITypeInfo_Release(tis[i]);
    }
}

static const COMEX_MEMBER *member_named(const COMEX_IFACE *s, const char *name)
{
    int i;
    for (i = 0; s && i < s->count; i++)
        if (!_stricmp(s->members[i].name, name))
            return &s->members[i];
    return NULL;
}

/* FindName for a member: every type info it returns has, in the table, that member with that DISPID. */
static void check_find_member(ITypeLib *tl, const char *name)
{
    WCHAR w[96];
    ITypeInfo *tis[16];
    MEMBERID ids[16];
    USHORT n = 16, i;

    where("FindName(\"%s\")", name);
    widen(name, w, 96);
    if (!check(ITypeLib_FindName(tl, w, 0, tis, ids, &n) == S_OK && n >= 1, "found nothing"))
        return;
    for (i = 0; i < n; i++) {
        TYPEATTR *ta;
        const COMEX_IFACE *s = NULL;
        const COMEX_MEMBER *m;
        if (SUCCEEDED(ITypeInfo_GetTypeAttr(tis[i], &ta))) {
            s = iface_by_guid(&ta->guid);
            ITypeInfo_ReleaseTypeAttr(tis[i], ta);
        }
        m = member_named(s, name);
        check(m && m->dispid == ids[i], "hit %u (DISPID %ld) is not that member of %s", i, (long)ids[i],
              s ? s->name : "a known interface");
        ITypeInfo_Release(tis[i]);
    }
}

/* How real scripts spell some members (spec 2 and 11), on the interface where they use them. */
static const struct { const char *spelling, *iface; } script_spellings[] = {
    { "highquotawatermark", "IFaxIncomingArchive" }, { "HighQuotaWatermark", "IFaxOutgoingArchive" },
    { "TAPIProviderName", "IFaxDeviceProvider" }, { "ID", "IFaxDevice" }, { "atEOF", "IFaxIncomingMessageIterator" },
    { "connectedsubmit", "IFaxDocument" },
};

static const COMEX_IFACE *iface_by_name(const char *name)
{
    int i;
    for (i = 0; i < N_COMEX_INTERFACES; i++)
        if (!strcmp(comex_interfaces[i].name, name))
            return &comex_interfaces[i];
    return NULL;
}

/* The script spelling binds through GetIDsOfNames, and through FindName where this oleaut32 ignores case. */
static void check_script_spelling(ITypeLib *tl, const char *spelling, const char *iface)
{
    const COMEX_IFACE *s = iface_by_name(iface);
    const COMEX_MEMBER *m = member_named(s, spelling);
    GUID iid;
    ITypeInfo *ti;
    WCHAR w[64];
    LPOLESTR names[1] = { w };
    MEMBERID id = DISPID_UNKNOWN;

    where("script spelling %s.%s", iface, spelling);
    if (!check(s && m, "not in the table"))
        return;
    iid = parse_guid(s->iid);
    if (check(SUCCEEDED(ITypeLib_GetTypeInfoOfGuid(tl, &iid, &ti)), "interface not in the library")) {
        widen(spelling, w, 64);
        check(ITypeInfo_GetIDsOfNames(ti, names, 1, &id) == S_OK && id == m->dispid, "GetIDsOfNames gave %ld "
              "expected %ld", (long)id, (long)m->dispid);
        ITypeInfo_Release(ti);
    }
    if (g_case_blind)
        check_find_member(tl, spelling);
    else
        g_skipped++;
    check_find_member(tl, m->name);
}

static void check_name_lookup(ITypeLib *tl)
{
    int i, p0 = g_pass, f0 = g_fail;

    probe_case_blindness();
    for (i = 0; i < N_COMEX_INTERFACES; i++)
        check_lib_name(tl, comex_interfaces[i].name);
    for (i = 0; i < N_COMEX_COCLASSES; i++)
        check_lib_name(tl, comex_coclasses[i].name);
    for (i = 0; i < N_COMEX_ENUMS; i++)
        check_lib_name(tl, comex_enums[i].name);
    for (i = 0; i < (int)(sizeof(script_spellings) / sizeof(script_spellings[0])); i++)
        check_script_spelling(tl, script_spellings[i].spelling, script_spellings[i].iface);
    part_end("name lookup (IsName, FindName, script spellings)", p0, f0);
    if (g_skipped)
        printf("info %d case-variant IsName/FindName checks skipped (see above)\n", g_skipped);
}

int main(int argc, char **argv)
{
    ITypeLib *tl = NULL;
    WCHAR path[MAX_PATH];
    HRESULT hr;
    int i, p0, f0;

    if (argc > 2) {
        fprintf(stderr, "usage: %s [faxcomex.tlb or fxscomex.dll]\n", argv[0]);
        return 2;
    }
    CoInitialize(NULL);
    where("load");
    if (argc == 2) {
        widen(argv[1], path, MAX_PATH);
        hr = LoadTypeLibEx(path, REGKIND_NONE, &tl);
    } else {   /* the library regsvr32 registered (fxscomex.dll's embedded one) */
        GUID libid = parse_guid(COMEX_LIBID);
        hr = LoadRegTypeLib(&libid, 1, 0, 0, &tl);
    }
    if (check(SUCCEEDED(hr), "%s(%s) failed 0x%08lx", argc == 2 ? "LoadTypeLibEx" : "LoadRegTypeLib",
              argc == 2 ? argv[1] : COMEX_LIBID, (unsigned long)hr)) {
        check_library(tl);
        check_library_contents(tl);
        p0 = g_pass, f0 = g_fail;
        for (i = 0; i < N_COMEX_INTERFACES; i++)
            check_interface(tl, &comex_interfaces[i]);
        part_end("interfaces and their members", p0, f0);
        p0 = g_pass, f0 = g_fail;
        for (i = 0; i < N_COMEX_COCLASSES; i++)
            check_coclass(tl, &comex_coclasses[i]);
        part_end("coclasses", p0, f0);
        p0 = g_pass, f0 = g_fail;
        for (i = 0; i < N_COMEX_ENUMS; i++)
            check_enum(tl, &comex_enums[i]);
        part_end("enums", p0, f0);
        check_name_lookup(tl);
        ITypeLib_Release(tl);
    }
    CoUninitialize();
    printf("%d passed, %d failed\n", g_pass, g_fail);
    return g_fail != 0;
}
