/*
 * FaxComEx.FaxSecurity2 (Vista's FaxServer.Security2, faxcomex-api.md 6.14): FaxSecurity (security.c) with
 * Vista's rights. It is a FaxSecurity underneath, so the descriptor, InformationType, Refresh and Save behave
 * and fail exactly as there; GrantedRights is that object's rights in FAX_ACCESS_RIGHTS_ENUM_2, where one right
 * covers both archives and managing the receive folder is a right of its own (faxd's ADMIN, which may delete
 * received faxes).
 */
#include "fxscomex_private.h"

#include <stdlib.h>

struct fax_security2 {
    IFaxSecurity2 IFaxSecurity2_iface;
    struct com_support support;
    LONG ref;
    IFaxSecurity *security;
};

static void fax_security2_destroy(struct fax_security2 *security)
{
    IFaxSecurity_Release(security->security);
}

FXSCOMEX_UNKNOWN(security2, IFaxSecurity2, fax_security2, fax_security2_destroy)
FXSCOMEX_DISPATCH(security2, IFaxSecurity2, IFaxSecurity2_tid)

#define INNER(iface) (impl_from_IFaxSecurity2(iface)->security)

static HRESULT WINAPI security2_get_Descriptor(IFaxSecurity2 *iface, VARIANT *value)
{
    return IFaxSecurity_get_Descriptor(INNER(iface), value);
}

static HRESULT WINAPI security2_put_Descriptor(IFaxSecurity2 *iface, VARIANT value)
{
    return IFaxSecurity_put_Descriptor(INNER(iface), value);
}

/* XP's rights as Vista's: the same bits up to far2MANAGE_CONFIG, then the archives and the receive folder. */
static FAX_ACCESS_RIGHTS_ENUM_2 rights2(FAX_ACCESS_RIGHTS_ENUM rights)
{
    LONG v2 = rights & (farSUBMIT_LOW | farSUBMIT_NORMAL | farSUBMIT_HIGH | farQUERY_JOBS | farMANAGE_JOBS
                        | farQUERY_CONFIG | farMANAGE_CONFIG);

    if (rights & (farQUERY_IN_ARCHIVE | farQUERY_OUT_ARCHIVE))
        v2 |= far2QUERY_ARCHIVES;
    if (rights & (farMANAGE_IN_ARCHIVE | farMANAGE_OUT_ARCHIVE))
        v2 |= far2MANAGE_ARCHIVES;
    if (rights & farMANAGE_IN_ARCHIVE)
        v2 |= far2MANAGE_RECEIVE_FOLDER;
    return (FAX_ACCESS_RIGHTS_ENUM_2)v2;
}

static HRESULT WINAPI security2_get_GrantedRights(IFaxSecurity2 *iface, FAX_ACCESS_RIGHTS_ENUM_2 *value)
{
    FAX_ACCESS_RIGHTS_ENUM rights;
    HRESULT hr;

    if (!value)
        return E_POINTER;
    if (FAILED(hr = IFaxSecurity_get_GrantedRights(INNER(iface), &rights)))
        return hr;
    *value = rights2(rights);
    return S_OK;
}

static HRESULT WINAPI security2_Refresh(IFaxSecurity2 *iface)
{
    return IFaxSecurity_Refresh(INNER(iface));
}

static HRESULT WINAPI security2_Save(IFaxSecurity2 *iface)
{
    return IFaxSecurity_Save(INNER(iface));
}

static HRESULT WINAPI security2_get_InformationType(IFaxSecurity2 *iface, LONG *value)
{
    return IFaxSecurity_get_InformationType(INNER(iface), value);
}

static HRESULT WINAPI security2_put_InformationType(IFaxSecurity2 *iface, LONG value)
{
    return IFaxSecurity_put_InformationType(INNER(iface), value);
}

static const IFaxSecurity2Vtbl security2_vtbl = {
    security2_QueryInterface, security2_AddRef, security2_Release,
    security2_GetTypeInfoCount, security2_GetTypeInfo, security2_GetIDsOfNames, security2_Invoke,
    security2_get_Descriptor, security2_put_Descriptor, security2_get_GrantedRights, security2_Refresh,
    security2_Save, security2_get_InformationType, security2_put_InformationType,
};

HRESULT fax_security2_create(IFaxServer *server, IFaxSecurity2 **out)
{
    struct fax_security2 *security;
    IFaxSecurity *inner;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = fax_security_create(server, &inner)))
        return hr;
    if (!(security = calloc(1, sizeof(*security)))) {
        IFaxSecurity_Release(inner);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(security, IFaxSecurity2, &security2_vtbl, &CLSID_FaxSecurity2);
    security->security = inner;
    *out = &security->IFaxSecurity2_iface;
    return S_OK;
}
