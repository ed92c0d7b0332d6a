/*
 * FaxComEx.FaxOutboundRoutingRules and FaxOutboundRoutingRule: the default rule alone — any country, any area
 * (frrcANY_CODE), sent through the "<All Devices>" group — which is how faxd and a HylaFAX server pick a line
 * (frsEMPTY_GROUP on a server without lines).
 * Neither keeps rules, so Add, Remove and a changed rule's Save fail naming the server; the default rule
 * cannot be removed anywhere.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

#define ALL_DEVICES L"<All Devices>"

/* ---- FaxOutboundRoutingRule ---- */

struct rule_settings {
    VARIANT_BOOL use_device;
    LONG device_id;
    BSTR group;
};

struct fax_outbound_routing_rule {
    IFaxOutboundRoutingRule IFaxOutboundRoutingRule_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct rule_settings edit;
    BOOL no_devices;    /* "<All Devices>" is empty: the rule has nothing to send through */
};

static void fax_outbound_routing_rule_destroy(struct fax_outbound_routing_rule *rule)
{
    SysFreeString(rule->edit.group);
    IFaxServer_Release(rule->server);
}

FXSCOMEX_UNKNOWN(fax_outbound_routing_rule, IFaxOutboundRoutingRule, fax_outbound_routing_rule,
                 fax_outbound_routing_rule_destroy)
FXSCOMEX_DISPATCH(fax_outbound_routing_rule, IFaxOutboundRoutingRule, IFaxOutboundRoutingRule_tid)

#define RULE(iface) impl_from_IFaxOutboundRoutingRule(iface)

static HRESULT reset(struct fax_outbound_routing_rule *rule)
{
    rule->edit.use_device = VARIANT_FALSE;
    rule->edit.device_id = 0;
    return fxscomex_put_text(&rule->edit.group, ALL_DEVICES);
}

static HRESULT WINAPI fax_outbound_routing_rule_get_CountryCode(IFaxOutboundRoutingRule *iface, LONG *value)
{
    return com_return_long(frrcANY_CODE, value);
}

static HRESULT WINAPI fax_outbound_routing_rule_get_AreaCode(IFaxOutboundRoutingRule *iface, LONG *value)
{
    return com_return_long(frrcANY_CODE, value);
}

static HRESULT WINAPI fax_outbound_routing_rule_get_Status(IFaxOutboundRoutingRule *iface, FAX_RULE_STATUS_ENUM *value)
{
    if (!value)
        return E_POINTER;
    *value = RULE(iface)->no_devices ? frsEMPTY_GROUP : frsVALID;
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_rule_get_UseDevice(IFaxOutboundRoutingRule *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(RULE(iface)->edit.use_device, value);
}

static HRESULT WINAPI fax_outbound_routing_rule_put_UseDevice(IFaxOutboundRoutingRule *iface, VARIANT_BOOL value)
{
    RULE(iface)->edit.use_device = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_rule_get_DeviceId(IFaxOutboundRoutingRule *iface, LONG *value)
{
    return com_return_long(RULE(iface)->edit.device_id, value);
}

static HRESULT WINAPI fax_outbound_routing_rule_put_DeviceId(IFaxOutboundRoutingRule *iface, LONG value)
{
    RULE(iface)->edit.device_id = value;
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_rule_get_GroupName(IFaxOutboundRoutingRule *iface, BSTR *value)
{
    return fxscomex_get_text(RULE(iface)->edit.group, value);
}

static HRESULT WINAPI fax_outbound_routing_rule_put_GroupName(IFaxOutboundRoutingRule *iface, BSTR value)
{
    return fxscomex_put_text(&RULE(iface)->edit.group, value);
}

static HRESULT WINAPI fax_outbound_routing_rule_Refresh(IFaxOutboundRoutingRule *iface)
{
    HRESULT hr = fxscomex_connected(RULE(iface)->server, IFaxOutboundRoutingRule_tid,
                                    L"FaxOutboundRoutingRule.Refresh", NULL);
    return FAILED(hr) ? hr : reset(RULE(iface));
}

static HRESULT WINAPI fax_outbound_routing_rule_Save(IFaxOutboundRoutingRule *iface)
{
    struct fax_outbound_routing_rule *rule = RULE(iface);
    HRESULT hr = fxscomex_connected(rule->server, IFaxOutboundRoutingRule_tid, L"FaxOutboundRoutingRule.Save", NULL);

    if (FAILED(hr))
        return hr;
    if (!rule->edit.use_device && !wcsicmp(rule->edit.group, ALL_DEVICES))
        return S_OK;   /* what the server does anyway (the device id is not used by a group rule) */
    return fxscomex_cannot_store(IFaxOutboundRoutingRule_tid, rule->server, L"FaxOutboundRoutingRule.Save",
                                 L"it sends every fax through \"<All Devices>\" in the devices' priority order");
}

static const IFaxOutboundRoutingRuleVtbl fax_outbound_routing_rule_vtbl = {
    fax_outbound_routing_rule_QueryInterface, fax_outbound_routing_rule_AddRef, fax_outbound_routing_rule_Release,
    fax_outbound_routing_rule_GetTypeInfoCount, fax_outbound_routing_rule_GetTypeInfo,
    fax_outbound_routing_rule_GetIDsOfNames, fax_outbound_routing_rule_Invoke,
    fax_outbound_routing_rule_get_CountryCode, fax_outbound_routing_rule_get_AreaCode,
    fax_outbound_routing_rule_get_Status, fax_outbound_routing_rule_get_UseDevice,
    fax_outbound_routing_rule_put_UseDevice, fax_outbound_routing_rule_get_DeviceId,
    fax_outbound_routing_rule_put_DeviceId, fax_outbound_routing_rule_get_GroupName,
    fax_outbound_routing_rule_put_GroupName, fax_outbound_routing_rule_Refresh, fax_outbound_routing_rule_Save,
};

/* ---- FaxOutboundRoutingRules: the default rule ---- */

struct fax_outbound_routing_rules {
    IFaxOutboundRoutingRules IFaxOutboundRoutingRules_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    IFaxOutboundRoutingRule *default_rule;
};

static void fax_outbound_routing_rules_destroy(struct fax_outbound_routing_rules *rules)
{
    if (rules->default_rule)
        IFaxOutboundRoutingRule_Release(rules->default_rule);
    IFaxServer_Release(rules->server);
}

FXSCOMEX_UNKNOWN(fax_outbound_routing_rules, IFaxOutboundRoutingRules, fax_outbound_routing_rules,
                 fax_outbound_routing_rules_destroy)
FXSCOMEX_TYPEINFO(fax_outbound_routing_rules, IFaxOutboundRoutingRules, IFaxOutboundRoutingRules_tid)

#define RULES(iface) impl_from_IFaxOutboundRoutingRules(iface)

static HRESULT rule_item(IUnknown *collection, LONG index, VARIANT *item)
{
    if (index != 0)
        return E_INVALIDARG;
    V_VT(item) = VT_DISPATCH;
    V_DISPATCH(item) = (IDispatch *)RULES((IFaxOutboundRoutingRules *)collection)->default_rule;
    IDispatch_AddRef(V_DISPATCH(item));
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_rules_Invoke(IFaxOutboundRoutingRules *iface, DISPID id, REFIID riid,
                                                        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result,
                                                        EXCEPINFO *excep, UINT *arg_err)
{
    return com_collection_invoke(&fxscomex_module, IFaxOutboundRoutingRules_tid, DISPID_VALUE, (IDispatch *)iface, id,
                                 flags, params, result, excep, arg_err, 1, rule_item);
}

static HRESULT WINAPI fax_outbound_routing_rules_get__NewEnum(IFaxOutboundRoutingRules *iface, IUnknown **ppUnk)
{
    if (!ppUnk)
        return E_POINTER;
    return com_enum_create(&fxscomex_module, (IUnknown *)iface, 1, rule_item, ppUnk);
}

static HRESULT WINAPI fax_outbound_routing_rules_get_Item(IFaxOutboundRoutingRules *iface, LONG lIndex,
                                                          IFaxOutboundRoutingRule **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (lIndex != 1)
        return fxscomex_error(IFaxOutboundRoutingRules_tid, E_INVALIDARG, L"FaxOutboundRoutingRules.Item(%ld): the "
                              L"index is 1 to Count (1)", lIndex);
    *out = RULES(iface)->default_rule;
    IFaxOutboundRoutingRule_AddRef(*out);
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_rules_get_Count(IFaxOutboundRoutingRules *iface, LONG *plCount)
{
    return com_return_long(1, plCount);
}

static HRESULT WINAPI fax_outbound_routing_rules_ItemByCountryAndArea(IFaxOutboundRoutingRules *iface,
                                                                      LONG lCountryCode, LONG lAreaCode,
                                                                      IFaxOutboundRoutingRule **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (lCountryCode != frrcANY_CODE || lAreaCode != frrcANY_CODE)
        return fxscomex_error(IFaxOutboundRoutingRules_tid, FAX_E_RULE_NOT_FOUND, L"FaxOutboundRoutingRules."
                              L"ItemByCountryAndArea(%ld, %ld): the server has only the default rule (0, 0)",
                              lCountryCode, lAreaCode);
    return fax_outbound_routing_rules_get_Item(iface, 1, out);
}

static HRESULT refuse_removal(IFaxOutboundRoutingRules *iface, const WCHAR *member, BOOL is_default)
{
    if (is_default)
        return fxscomex_error(IFaxOutboundRoutingRules_tid, E_INVALIDARG, L"%ls: the default rule (any country, any "
                              L"area) cannot be removed", member);
    return S_OK;
}

static HRESULT WINAPI fax_outbound_routing_rules_RemoveByCountryAndArea(IFaxOutboundRoutingRules *iface,
                                                                        LONG lCountryCode, LONG lAreaCode)
{
    if (lCountryCode == frrcANY_CODE && lAreaCode == frrcANY_CODE)
        return refuse_removal(iface, L"FaxOutboundRoutingRules.RemoveByCountryAndArea", TRUE);
    return fxscomex_error(IFaxOutboundRoutingRules_tid, FAX_E_RULE_NOT_FOUND, L"FaxOutboundRoutingRules."
                          L"RemoveByCountryAndArea(%ld, %ld): the server has only the default rule (0, 0)",
                          lCountryCode, lAreaCode);
}

static HRESULT WINAPI fax_outbound_routing_rules_Remove(IFaxOutboundRoutingRules *iface, LONG lIndex)
{
    if (lIndex == 1)
        return refuse_removal(iface, L"FaxOutboundRoutingRules.Remove", TRUE);
    return fxscomex_error(IFaxOutboundRoutingRules_tid, E_INVALIDARG, L"FaxOutboundRoutingRules.Remove(%ld): the "
                          L"index is 1 to Count (1)", lIndex);
}

static HRESULT WINAPI fax_outbound_routing_rules_Add(IFaxOutboundRoutingRules *iface, LONG lCountryCode,
                                                     LONG lAreaCode, VARIANT_BOOL bUseDevice, BSTR bstrGroupName,
                                                     LONG lDeviceId, IFaxOutboundRoutingRule **out)
{
    if (out)
        *out = NULL;
    return fxscomex_cannot_store(IFaxOutboundRoutingRules_tid, RULES(iface)->server, L"FaxOutboundRoutingRules.Add",
                                 L"it keeps no routing rules besides the default one");
}

static const IFaxOutboundRoutingRulesVtbl fax_outbound_routing_rules_vtbl = {
    fax_outbound_routing_rules_QueryInterface, fax_outbound_routing_rules_AddRef, fax_outbound_routing_rules_Release,
    fax_outbound_routing_rules_GetTypeInfoCount, fax_outbound_routing_rules_GetTypeInfo,
    fax_outbound_routing_rules_GetIDsOfNames, fax_outbound_routing_rules_Invoke,
    fax_outbound_routing_rules_get__NewEnum, fax_outbound_routing_rules_get_Item,
    fax_outbound_routing_rules_get_Count, fax_outbound_routing_rules_ItemByCountryAndArea,
    fax_outbound_routing_rules_RemoveByCountryAndArea, fax_outbound_routing_rules_Remove,
    fax_outbound_routing_rules_Add,
};

HRESULT fax_outbound_routing_rules_create(IFaxServer *server, IFaxOutboundRoutingRules **out)
{
    struct fax_outbound_routing_rules *rules = calloc(1, sizeof(*rules));
    struct fax_outbound_routing_rule *rule;
    struct comex_line *lines;
    size_t count;
    HRESULT hr;

    *out = NULL;
    if (!rules)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(rules, IFaxOutboundRoutingRules, &fax_outbound_routing_rules_vtbl, &CLSID_FaxOutboundRoutingRules);
    rules->server = server;
    IFaxServer_AddRef(server);
    if (!(rule = calloc(1, sizeof(*rule)))) {
        IFaxOutboundRoutingRules_Release(&rules->IFaxOutboundRoutingRules_iface);
        return E_OUTOFMEMORY;
    }
    FXSCOMEX_INIT(rule, IFaxOutboundRoutingRule, &fax_outbound_routing_rule_vtbl, &CLSID_FaxOutboundRoutingRule);
    rule->server = server;
    IFaxServer_AddRef(server);
    rules->default_rule = &rule->IFaxOutboundRoutingRule_iface;
    if (SUCCEEDED(hr = comex_lines_fetch(server, IFaxOutboundRouting_tid, L"FaxOutboundRouting.GetRules", &lines,
                                         &count))) {
        rule->no_devices = !count;
        comex_lines_free(lines, count);
        hr = reset(rule);
    }
    if (FAILED(hr)) {
        IFaxOutboundRoutingRules_Release(&rules->IFaxOutboundRoutingRules_iface);
        return hr;
    }
    *out = &rules->IFaxOutboundRoutingRules_iface;
    return S_OK;
}
