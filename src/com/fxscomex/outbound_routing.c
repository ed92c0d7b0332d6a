/*
 * FaxComEx.FaxOutboundRouting and its groups. faxd (and a HylaFAX server) sends each job on any line allowed
 * to send, in the lines' priority order: that is the spec's server with one group, "<All Devices>", holding
 * every device in try order, and one default rule using it (outbound_routing_rules.c). Neither server keeps
 * other groups or rules, so every change fails with ERROR_NOT_SUPPORTED naming the server.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#define ALL_DEVICES L"<All Devices>"

/* ---- FaxDeviceIds: the group's devices in try order (line priority) ---- */

struct fax_device_ids {
    IFaxDeviceIds IFaxDeviceIds_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    LONG *ids;
    LONG count;
};

static void fax_device_ids_destroy(struct fax_device_ids *ids)
{
    free(ids->ids);
    IFaxServer_Release(ids->server);
}

FXSCOMEX_UNKNOWN(fax_device_ids, IFaxDeviceIds, fax_device_ids, fax_device_ids_destroy)
FXSCOMEX_TYPEINFO(fax_device_ids, IFaxDeviceIds, IFaxDeviceIds_tid)

static HRESULT id_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_device_ids *ids = impl_from_IFaxDeviceIds((IFaxDeviceIds *)collection);

    if (index < 0 || index >= ids->count)
        return E_INVALIDARG;
    V_VT(item) = VT_I4;
    V_I4(item) = ids->ids[index];
    return S_OK;
}

static HRESULT WINAPI fax_device_ids_Invoke(IFaxDeviceIds *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                            DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxDeviceIds_tid, DISPID_VALUE, (IDispatch *)iface, id, flags,
                                 params, result, excep, arg_err, impl_from_IFaxDeviceIds(iface)->count, id_item);
}

static HRESULT WINAPI fax_device_ids_get__NewEnum(IFaxDeviceIds *iface, IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, impl_from_IFaxDeviceIds(iface)->count, id_item, ppUnk);
}

static HRESULT WINAPI fax_device_ids_get_Item(IFaxDeviceIds *iface, LONG lIndex, LONG *plDeviceId)
{
    struct fax_device_ids *ids = impl_from_IFaxDeviceIds(iface);

    if (!plDeviceId)
        return E_POINTER;
    if (lIndex < 1 || lIndex > ids->count)
        return fxscomex_error(IFaxDeviceIds_tid, E_INVALIDARG, L"FaxDeviceIds.Item(%ld): the index is 1 to Count "
                              L"(%ld)", lIndex, ids->count);
    *plDeviceId = ids->ids[lIndex - 1];
    return S_OK;
}

static HRESULT WINAPI fax_device_ids_get_Count(IFaxDeviceIds *iface, LONG *plCount)
{
    return com_return_long(impl_from_IFaxDeviceIds(iface)->count, plCount);
}

static HRESULT fixed_membership(IFaxDeviceIds *iface, const WCHAR *member)
{
    return fxscomex_cannot_store(IFaxDeviceIds_tid, impl_from_IFaxDeviceIds(iface)->server, member,
                                 L"\"<All Devices>\" always holds every device, tried in the devices' priority order "
                                 L"(faxcom.dll's FaxPort.Priority changes that order)");
}

static HRESULT WINAPI fax_device_ids_Add(IFaxDeviceIds *iface, LONG lDeviceId)
{
    return fixed_membership(iface, L"FaxDeviceIds.Add");
}

static HRESULT WINAPI fax_device_ids_Remove(IFaxDeviceIds *iface, LONG lIndex)
{
    return fixed_membership(iface, L"FaxDeviceIds.Remove");
}

static HRESULT WINAPI fax_device_ids_SetOrder(IFaxDeviceIds *iface, LONG lDeviceId, LONG lNewOrder)
{
    return fixed_membership(iface, L"FaxDeviceIds.SetOrder");
}

static const IFaxDeviceIdsVtbl fax_device_ids_vtbl = {
    fax_device_ids_QueryInterface, fax_device_ids_AddRef, fax_device_ids_Release,
    fax_device_ids_GetTypeInfoCount, fax_device_ids_GetTypeInfo, fax_device_ids_GetIDsOfNames, fax_device_ids_Invoke,
    fax_device_ids_get__NewEnum, fax_device_ids_get_Item, fax_device_ids_get_Count, fax_device_ids_Add,
    fax_device_ids_Remove, fax_device_ids_SetOrder,
};

/* ---- FaxOutboundRoutingGroup ---- */

struct fax_outbound_routing_group {
    IFaxOutboundRoutingGroup IFaxOutboundRoutingGroup_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    LONG *ids;           /* in try order */
    LONG count;
};

static void fax_outbound_routing_group_destroy(struct fax_outbound_routing_group *group)
{
    free(group->ids);
    IFaxServer_Release(group->server);
}

FXSCOMEX_UNKNOWN(fax_outbound_routing_group, IFaxOutboundRoutingGroup, fax_outbound_routing_group,
                 fax_outbound_routing_group_destroy)
FXSCOMEX_DISPATCH(fax_outbound_routing_group, IFaxOutboundRoutingGroup, IFaxOutboundRoutingGroup_tid)

static HRESULT WINAPI fax_outbound_routing_group_get_Name(IFaxOutboundRoutingGroup *iface, BSTR *pbstrName)
{
    return fxscomex_get_text(ALL_DEVICES, pbstrName);
}

static HRESULT WINAPI fax_outbound_routing_group_get_Status(IFaxOutboundRoutingGroup *iface,
                                                            FAX_GROUP_STATUS_ENUM *pStatus)
{
    if (!pStatus)
        return E_POINTER;
    *pStatus = impl_from_IFaxOutboundRoutingGroup(iface)->count ? fgsALL_DEV_VALID : fgsEMPTY;
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_group_get_DeviceIds(IFaxOutboundRoutingGroup *iface, IFaxDeviceIds **out)
{
    struct fax_outbound_routing_group *group = impl_from_IFaxOutboundRoutingGroup(iface);
    struct fax_device_ids *ids;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!(ids = calloc(1, sizeof(*ids))) || (group->count && !(ids->ids = calloc(group->count, sizeof(LONG))))) {
        free(ids);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(ids, IFaxDeviceIds, &fax_device_ids_vtbl, &CLSID_FaxDeviceIds);
    ids->server = group->server;
    IFaxServer_AddRef(ids->server);
    if (group->count)
        memcpy(ids->ids, group->ids, group->count * sizeof(LONG));
    ids->count = group->count;
    *out = &ids->IFaxDeviceIds_iface;
    return S_OK;
}

static const IFaxOutboundRoutingGroupVtbl fax_outbound_routing_group_vtbl = {
    fax_outbound_routing_group_QueryInterface, fax_outbound_routing_group_AddRef, fax_outbound_routing_group_Release,
    fax_outbound_routing_group_GetTypeInfoCount, fax_outbound_routing_group_GetTypeInfo,
    fax_outbound_routing_group_GetIDsOfNames, fax_outbound_routing_group_Invoke,
    fax_outbound_routing_group_get_Name, fax_outbound_routing_group_get_Status,
    fax_outbound_routing_group_get_DeviceIds,
};

static int by_priority(const void *a, const void *b)
{
    const struct comex_line *x = a, *y = b;
    return (x->port.priority > y->port.priority) - (x->port.priority < y->port.priority);
}

static HRESULT group_create(IFaxServer *server, enum fxscomex_tid tid, const WCHAR *member,
                            IFaxOutboundRoutingGroup **out)
{
    struct fax_outbound_routing_group *group = calloc(1, sizeof(*group));
    struct comex_line *lines;
    size_t count;
    HRESULT hr;

    *out = NULL;
    if (!group)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(group, IFaxOutboundRoutingGroup, &fax_outbound_routing_group_vtbl, &CLSID_FaxOutboundRoutingGroup);
    group->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = comex_lines_fetch(server, tid, member, &lines, &count))) {
        IFaxOutboundRoutingGroup_Release(&group->IFaxOutboundRoutingGroup_iface);
        return hr;
    }
    qsort(lines, count, sizeof(*lines), by_priority);
    if (count && !(group->ids = calloc(count, sizeof(LONG))))
        hr = E_OUTOFMEMORY;
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++)
        group->ids[group->count++] = lines[i].port.device_id;
    comex_lines_free(lines, count);
    if (FAILED(hr)) {
        IFaxOutboundRoutingGroup_Release(&group->IFaxOutboundRoutingGroup_iface);
        return hr;
    }
    *out = &group->IFaxOutboundRoutingGroup_iface;
    return S_OK;
}

/* ---- FaxOutboundRoutingGroups: the one group ---- */

struct fax_outbound_routing_groups {
    IFaxOutboundRoutingGroups IFaxOutboundRoutingGroups_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    IFaxOutboundRoutingGroup *all_devices;
};

static void fax_outbound_routing_groups_destroy(struct fax_outbound_routing_groups *groups)
{
    if (groups->all_devices)
        IFaxOutboundRoutingGroup_Release(groups->all_devices);
    IFaxServer_Release(groups->server);
}

FXSCOMEX_UNKNOWN(fax_outbound_routing_groups, IFaxOutboundRoutingGroups, fax_outbound_routing_groups,
                 fax_outbound_routing_groups_destroy)
FXSCOMEX_TYPEINFO(fax_outbound_routing_groups, IFaxOutboundRoutingGroups, IFaxOutboundRoutingGroups_tid)

static HRESULT group_item(IUnknown *collection, LONG index, VARIANT *item)
{
    struct fax_outbound_routing_groups *groups =
        impl_from_IFaxOutboundRoutingGroups((IFaxOutboundRoutingGroups *)collection);

    if (index != 0)
        return E_INVALIDARG;
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = (IDispatch *)groups->all_devices;
    IDispatch_AddRef(V_DISPATCH(item));
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_groups_Invoke(IFaxOutboundRoutingGroups *iface, DISPID id, REFIID riid,
                                                         LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result,
                                                         EXCEPINFO *excep, UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxOutboundRoutingGroups_tid, DISPID_VALUE, (IDispatch *)iface,
                                 id, flags, params, result, excep, arg_err, 1, group_item);
}

static HRESULT WINAPI fax_outbound_routing_groups_get__NewEnum(IFaxOutboundRoutingGroups *iface, IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, 1, group_item, ppUnk);
}

/* The group vIndex names: 1 or "<All Devices>"; else E_INVALIDARG (an index) or FAX_E_GROUP_NOT_FOUND (a name). */
static HRESULT find_group(const WCHAR *member, const VARIANT *vIndex)
{
    const WCHAR *key;
    LONG index;
    HRESULT hr;

    if (FAILED(hr = fxscomex_item_key(IFaxOutboundRoutingGroups_tid, member, vIndex, &index, &key)))
        return hr;
    if (key && wcsicmp(key, ALL_DEVICES))
        return fxscomex_error(IFaxOutboundRoutingGroups_tid, FAX_E_GROUP_NOT_FOUND, L"%ls(\"%ls\"): the server has "
                              L"one group, \"<All Devices>\"", member, key);
    if (!key && index != 1)
        return fxscomex_error(IFaxOutboundRoutingGroups_tid, E_INVALIDARG, L"%ls(%ld): the index is 1 to Count (1)",
                              member, index);
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_groups_get_Item(IFaxOutboundRoutingGroups *iface, VARIANT vIndex,
                                                           IFaxOutboundRoutingGroup **out)
{
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = find_group(L"FaxOutboundRoutingGroups.Item", &vIndex)))
        return hr;
    *out = impl_from_IFaxOutboundRoutingGroups(iface)->all_devices;
    IFaxOutboundRoutingGroup_AddRef(*out);
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_groups_get_Count(IFaxOutboundRoutingGroups *iface, LONG *plCount)
{
    return com_return_long(1, plCount);
}

static HRESULT WINAPI fax_outbound_routing_groups_Add(IFaxOutboundRoutingGroups *iface, BSTR bstrName,
                                                      IFaxOutboundRoutingGroup **out)
{
    if (out)
        *out = NULL;
    return fxscomex_cannot_store(IFaxOutboundRoutingGroups_tid, impl_from_IFaxOutboundRoutingGroups(iface)->server,
                                 L"FaxOutboundRoutingGroups.Add", L"it keeps no routing groups besides \"<All "
                                 L"Devices>\"");
}

static HRESULT WINAPI fax_outbound_routing_groups_Remove(IFaxOutboundRoutingGroups *iface, VARIANT vIndex)
{
    HRESULT hr = find_group(L"FaxOutboundRoutingGroups.Remove", &vIndex);

    if (FAILED(hr))
        return hr;
    return fxscomex_error(IFaxOutboundRoutingGroups_tid, FAX_E_GROUP_IN_USE, L"FaxOutboundRoutingGroups.Remove: "
                          L"\"<All Devices>\" cannot be removed (it is built in, and the default rule uses it)");
}

static const IFaxOutboundRoutingGroupsVtbl fax_outbound_routing_groups_vtbl = {
    fax_outbound_routing_groups_QueryInterface, fax_outbound_routing_groups_AddRef,
    fax_outbound_routing_groups_Release, fax_outbound_routing_groups_GetTypeInfoCount,
    fax_outbound_routing_groups_GetTypeInfo, fax_outbound_routing_groups_GetIDsOfNames,
    fax_outbound_routing_groups_Invoke,
    fax_outbound_routing_groups_get__NewEnum, fax_outbound_routing_groups_get_Item,
    fax_outbound_routing_groups_get_Count, fax_outbound_routing_groups_Add, fax_outbound_routing_groups_Remove,
};

static HRESULT groups_create(IFaxServer *server, IFaxOutboundRoutingGroups **out)
{
    struct fax_outbound_routing_groups *groups = calloc(1, sizeof(*groups));
    HRESULT hr;

    *out = NULL;
    if (!groups)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(groups, IFaxOutboundRoutingGroups, &fax_outbound_routing_groups_vtbl,
                  &CLSID_FaxOutboundRoutingGroups);
    groups->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = group_create(server, IFaxOutboundRouting_tid, L"FaxOutboundRouting.GetGroups",
                                 &groups->all_devices))) {
        IFaxOutboundRoutingGroups_Release(&groups->IFaxOutboundRoutingGroups_iface);
        return hr;
    }
    *out = &groups->IFaxOutboundRoutingGroups_iface;
    return S_OK;
}

/* ---- FaxOutboundRouting ---- */

struct fax_outbound_routing {
    IFaxOutboundRouting IFaxOutboundRouting_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
};

static void fax_outbound_routing_destroy(struct fax_outbound_routing *routing)
{
    IFaxServer_Release(routing->server);
}

FXSCOMEX_UNKNOWN(fax_outbound_routing, IFaxOutboundRouting, fax_outbound_routing, fax_outbound_routing_destroy)
FXSCOMEX_DISPATCH(fax_outbound_routing, IFaxOutboundRouting, IFaxOutboundRouting_tid)

static HRESULT WINAPI fax_outbound_routing_GetGroups(IFaxOutboundRouting *iface, IFaxOutboundRoutingGroups **out)
{
    if (!out)
        return E_POINTER;
    return groups_create(impl_from_IFaxOutboundRouting(iface)->server, out);
}

static HRESULT WINAPI fax_outbound_routing_GetRules(IFaxOutboundRouting *iface, IFaxOutboundRoutingRules **out)
{
    if (!out)
        return E_POINTER;
    return fax_outbound_routing_rules_create(impl_from_IFaxOutboundRouting(iface)->server, out);
}

static const IFaxOutboundRoutingVtbl fax_outbound_routing_vtbl = {
    fax_outbound_routing_QueryInterface, fax_outbound_routing_AddRef, fax_outbound_routing_Release,
    fax_outbound_routing_GetTypeInfoCount, fax_outbound_routing_GetTypeInfo, fax_outbound_routing_GetIDsOfNames,
    fax_outbound_routing_Invoke,
    fax_outbound_routing_GetGroups, fax_outbound_routing_GetRules,
};

HRESULT fax_outbound_routing_create(IFaxServer *server, IFaxOutboundRouting **out)
{
    struct fax_outbound_routing *routing = calloc(1, sizeof(*routing));

    *out = NULL;
    if (!routing)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(routing, IFaxOutboundRouting, &fax_outbound_routing_vtbl, &CLSID_FaxOutboundRouting);
    routing->server = server;
    IFaxServer_AddRef(server);
    *out = &routing->IFaxOutboundRouting_iface;
    return S_OK;
}
