/*
 * FaxComEx.FaxSecurity: faxd's access model (docs/faxd.md "Access rules") as the spec's rights. Every user who
 * is let in may submit at any priority and read the queues, archives and configuration; a user with ADMIN (or
 * anyone, when faxd has no access file) may also manage others' jobs, the archives and the configuration. faxd
 * says which by whether its lines may be changed (SITE FAXD PORTS). A HylaFAX server's configuration is
 * changed on that server, so its users get the reading and submitting rights.
 *
 * Descriptor describes the same thing as a self-relative security descriptor: Everyone is allowed
 * GrantedRights. faxd keeps its rules in its access file, so Save fails when a script changed the descriptor.
 */
#include "fxscomex_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <sddl.h>

#define RIGHTS_TO_USE (farSUBMIT_LOW | farSUBMIT_NORMAL | farSUBMIT_HIGH | farQUERY_JOBS | farQUERY_CONFIG \
                       | farQUERY_IN_ARCHIVE | farQUERY_OUT_ARCHIVE)
#define RIGHTS_TO_ADMINISTER (farMANAGE_JOBS | farMANAGE_CONFIG | farMANAGE_IN_ARCHIVE | farMANAGE_OUT_ARCHIVE)
/* OWNER, GROUP and DACL: what the spec's default InformationType selects. */
#define DEFAULT_INFORMATION_TYPE (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION)

struct fax_security {
    IFaxSecurity IFaxSecurity_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    FAX_ACCESS_RIGHTS_ENUM rights;
    LONG information_type;
    VARIANT descriptor, server_descriptor;   /* VT_ARRAY | VT_UI1 */
};

static void fax_security_destroy(struct fax_security *security)
{
    VariantClear(&security->descriptor);
    VariantClear(&security->server_descriptor);
    IFaxServer_Release(security->server);
}

FXSCOMEX_UNKNOWN(fax_security, IFaxSecurity, fax_security, fax_security_destroy)
FXSCOMEX_DISPATCH(fax_security, IFaxSecurity, IFaxSecurity_tid)

/* "Everyone is allowed rights", owned by the administrators, as a byte array. */
static HRESULT make_descriptor(FAX_ACCESS_RIGHTS_ENUM rights, VARIANT *out)
{
    PSECURITY_DESCRIPTOR descriptor;
    WCHAR text[64];
    SAFEARRAY *array;
    ULONG size;
    void *data;

    swprintf(text, ARRAYSIZE(text), L"O:BAG:BAD:(A;;0x%x;;;WD)", (unsigned)rights);
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(text, SDDL_REVISION_1, &descriptor, &size))
        return HRESULT_FROM_WIN32(GetLastError());
    if (!(array = SafeArrayCreateVector(VT_UI1, 0, size))) {
        LocalFree(descriptor);
        return E_OUTOFMEMORY;
    }
    SafeArrayAccessData(array, &data);
    memcpy(data, descriptor, size);
    SafeArrayUnaccessData(array);
    LocalFree(descriptor);
    V_VT(out) = VT_ARRAY | VT_UI1;
    V_ARRAY(out) = array;
    return S_OK;
}

static BOOL same_bytes(const VARIANT *a, const VARIANT *b)
{
    LONG a_size = V_ARRAY(a)->rgsabound[0].cElements, b_size = V_ARRAY(b)->rgsabound[0].cElements;
    return a_size == b_size && !memcmp(V_ARRAY(a)->pvData, V_ARRAY(b)->pvData, (size_t)a_size);
}

static HRESULT WINAPI fax_security_Refresh(IFaxSecurity *iface)
{
    struct fax_security *security = impl_from_IFaxSecurity(iface);
    struct comex_line *lines;
    size_t count;
    BOOL faxd, admin;
    HRESULT hr = fxscomex_connected(security->server, IFaxSecurity_tid, L"FaxSecurity.Refresh", &faxd);

    if (FAILED(hr) || FAILED(hr = comex_lines_fetch(security->server, IFaxSecurity_tid, L"FaxSecurity.Refresh",
                                                    &lines, &count)))
        return hr;
    admin = faxd && count && lines[0].port.can_modify;
    comex_lines_free(lines, count);
    security->rights = RIGHTS_TO_USE | (admin ? RIGHTS_TO_ADMINISTER : 0);
    VariantClear(&security->descriptor);
    VariantClear(&security->server_descriptor);
    if (FAILED(hr = make_descriptor(security->rights, &security->server_descriptor)))
        return fxscomex_error(IFaxSecurity_tid, hr, L"FaxSecurity.Refresh: the security descriptor could not be "
                              L"built");
    return VariantCopy(&security->descriptor, &security->server_descriptor);
}

static HRESULT WINAPI fax_security_get_Descriptor(IFaxSecurity *iface, VARIANT *pvDescriptor)
{
    if (!pvDescriptor)
        return E_POINTER;
    VariantInit(pvDescriptor);
    return VariantCopy(pvDescriptor, &impl_from_IFaxSecurity(iface)->descriptor);
}

/* The bytes a SID (sid) or an ACL (!sid) at offset would take; 0 when its header is not inside size. */
static ULONG part_size(const BYTE *bytes, ULONG size, DWORD offset, BOOL sid)
{
    if (offset < sizeof(SECURITY_DESCRIPTOR_RELATIVE) || offset > size || size - offset < 8)
        return 0;
    return sid ? 8 + 4 * (ULONG)bytes[offset + 1] : *(const WORD *)(bytes + offset + 2);
}

/* A self-relative descriptor that lies within its size bytes, each SID and ACL it points at inside the buffer,
 * checked before Windows reads any of it. */
static BOOL is_self_relative_descriptor(const BYTE *bytes, ULONG size)
{
    SECURITY_DESCRIPTOR_RELATIVE header;
    DWORD offsets[4];

    if (size < sizeof(header))
        return FALSE;
    memcpy(&header, bytes, sizeof(header));
    if (!(header.Control & SE_SELF_RELATIVE))
        return FALSE;
    offsets[0] = header.Owner, offsets[1] = header.Group, offsets[2] = header.Sacl, offsets[3] = header.Dacl;
    for (int i = 0; i < 4; i++) {
        ULONG length = offsets[i] ? part_size(bytes, size, offsets[i], i < 2) : 0;
        if (offsets[i] && (!length || length > size - offsets[i]))
            return FALSE;
    }
    return IsValidSecurityDescriptor((PSECURITY_DESCRIPTOR)bytes);
}

static HRESULT WINAPI fax_security_put_Descriptor(IFaxSecurity *iface, VARIANT vDescriptor)
{
    struct fax_security *security = impl_from_IFaxSecurity(iface);
    VARIANT copy;
    HRESULT hr;

    VariantInit(&copy);
    if (FAILED(hr = VariantCopyInd(&copy, &vDescriptor)))
        return hr;
    if (V_VT(&copy) != (VT_ARRAY | VT_UI1) || SafeArrayGetDim(V_ARRAY(&copy)) != 1
        || !is_self_relative_descriptor(V_ARRAY(&copy)->pvData, V_ARRAY(&copy)->rgsabound[0].cElements)) {
        VariantClear(&copy);
        return fxscomex_error(IFaxSecurity_tid, E_INVALIDARG, L"FaxSecurity.Descriptor: the value is not a "
                              L"self-relative security descriptor in a byte array (VT_ARRAY | VT_UI1)");
    }
    VariantClear(&security->descriptor);
    security->descriptor = copy;
    return S_OK;
}

static HRESULT WINAPI fax_security_get_GrantedRights(IFaxSecurity *iface, FAX_ACCESS_RIGHTS_ENUM *pGrantedRights)
{
    if (!pGrantedRights)
        return E_POINTER;
    *pGrantedRights = impl_from_IFaxSecurity(iface)->rights;
    return S_OK;
}

static HRESULT WINAPI fax_security_Save(IFaxSecurity *iface)
{
    struct fax_security *security = impl_from_IFaxSecurity(iface);
    BOOL faxd;
    HRESULT hr = fxscomex_connected(security->server, IFaxSecurity_tid, L"FaxSecurity.Save", &faxd);

    if (FAILED(hr))
        return hr;
    if (same_bytes(&security->descriptor, &security->server_descriptor))
        return S_OK;
    return fxscomex_cannot_store(IFaxSecurity_tid, security->server, L"FaxSecurity.Save",
                                 faxd ? L"faxd's access rules are kept in its access file (hosts.hfaxd format, "
                                        L"docs/faxd.md)"
                                      : L"a HylaFAX server's access rules are kept in its hosts.hfaxd");
}

static HRESULT WINAPI fax_security_get_InformationType(IFaxSecurity *iface, LONG *plInformationType)
{
    return com_return_long(impl_from_IFaxSecurity(iface)->information_type, plInformationType);
}

static HRESULT WINAPI fax_security_put_InformationType(IFaxSecurity *iface, LONG lInformationType)
{
    const LONG known = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION
                       | SACL_SECURITY_INFORMATION;

    if (lInformationType & ~known)
        return fxscomex_error(IFaxSecurity_tid, E_INVALIDARG, L"FaxSecurity.InformationType: 0x%lx is not a set of "
                              L"SECURITY_INFORMATION bits (OWNER 1, GROUP 2, DACL 4, SACL 8)", lInformationType);
    impl_from_IFaxSecurity(iface)->information_type = lInformationType;
    return S_OK;
}

static const IFaxSecurityVtbl fax_security_vtbl = {
    fax_security_QueryInterface, fax_security_AddRef, fax_security_Release,
    fax_security_GetTypeInfoCount, fax_security_GetTypeInfo, fax_security_GetIDsOfNames, fax_security_Invoke,
    fax_security_get_Descriptor, fax_security_put_Descriptor, fax_security_get_GrantedRights, fax_security_Refresh,
    fax_security_Save, fax_security_get_InformationType, fax_security_put_InformationType,
};

HRESULT fax_security_create(IFaxServer *server, IFaxSecurity **out)
{
    struct fax_security *security = calloc(1, sizeof(*security));
    HRESULT hr;

    *out = NULL;
    if (!security)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(security, IFaxSecurity, &fax_security_vtbl, &CLSID_FaxSecurity);
    security->server = server;
    IFaxServer_AddRef(server);
    security->information_type = DEFAULT_INFORMATION_TYPE;
    if (FAILED(hr = fax_security_Refresh(&security->IFaxSecurity_iface))) {
        IFaxSecurity_Release(&security->IFaxSecurity_iface);
        return hr;
    }
    *out = &security->IFaxSecurity_iface;
    return S_OK;
}
