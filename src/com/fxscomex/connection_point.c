/*
 * FaxServer and FaxAccount as event sources (spec 1.3, 5, 6.16): IConnectionPointContainer with the object's
 * connection points — FaxServer's IFaxServerNotify (XP's, the default source), IFaxServerNotify2 (Vista's
 * dispinterface, for scripts and VB) and _IFaxServerNotify2 (Vista's vtable interface, for C++ sinks); FaxAccount's
 * IFaxAccountNotify and _IFaxAccountNotify — their enumerators, and IProvideClassInfo2 (script hosts ask it for
 * the default source interface). Everything here runs on the object's thread (apartment rules), so the sink
 * lists have no lock; firing walks a copy of the cookies so that a sink may Advise or Unadvise from inside its call.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

static inline struct fax_connection_point *impl_from_container(IConnectionPointContainer *iface)
{
    return CONTAINING_RECORD(iface, struct fax_connection_point, IConnectionPointContainer_iface);
}

static inline struct fax_event_point *impl_from_point(IConnectionPoint *iface)
{
    return CONTAINING_RECORD(iface, struct fax_event_point, IConnectionPoint_iface);
}

#define XP_LAST_EVENT 25   /* IFaxServerNotify's last DISPID; 26, OnGeneralServerConfigChanged, is Vista's */

/* Each object's points: the interface of each, the one a sink must answer for (IDispatch will do for a
 * dispinterface); the vtable interface's point, whose sinks are called through their vtable. */
const struct fax_event_set fax_server_events = {
    { &DIID_IFaxServerNotify, &DIID_IFaxServerNotify2, &IID__IFaxServerNotify2 }, FAX_EVENT_SOURCES,
    FAX_NOTIFY2_VTABLE, &CLSID_FaxServer,
};
const struct fax_event_set fax_account_events = {
    { &DIID_IFaxAccountNotify, &IID__IFaxAccountNotify }, 2, 1, &CLSID_FaxAccount,
};

static inline struct fax_connection_point *impl_from_class_info(IProvideClassInfo2 *iface)
{
    return CONTAINING_RECORD(iface, struct fax_connection_point, IProvideClassInfo2_iface);
}

/* ---- one enumerator for both lists: connections (CONNECTDATA) and the single connection point ---- */

struct fax_enum {
    IEnumConnections IEnumConnections_iface;
    IEnumConnectionPoints IEnumConnectionPoints_iface;
    LONG ref;
    ULONG position, count;
    IConnectionPoint *points[FAX_EVENT_SOURCES];   /* the points' enumerator: every point (AddRef'd) */
    BOOL of_points;
    CONNECTDATA items[];           /* the connections' enumerator: a snapshot, each pUnk AddRef'd */
};

static struct fax_enum *impl_from_connections(IEnumConnections *iface)
{
    return CONTAINING_RECORD(iface, struct fax_enum, IEnumConnections_iface);
}

static struct fax_enum *impl_from_points(IEnumConnectionPoints *iface)
{
    return CONTAINING_RECORD(iface, struct fax_enum, IEnumConnectionPoints_iface);
}

static ULONG enum_release(struct fax_enum *e)
{
    ULONG ref = InterlockedDecrement(&e->ref);

    if (!ref) {
        for (ULONG i = 0; i < e->count; i++) {
            if (e->of_points)
                IConnectionPoint_Release(e->points[i]);
            else
                IUnknown_Release(e->items[i].pUnk);
        }
        free(e);
        com_object_destroyed(&fxscomex_module);
    }
    return ref;
}

static HRESULT WINAPI connections_QueryInterface(IEnumConnections *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumConnections)) {
        *out = iface;
        IEnumConnections_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI connections_AddRef(IEnumConnections *iface)
{
    return InterlockedIncrement(&impl_from_connections(iface)->ref);
}

static ULONG WINAPI connections_Release(IEnumConnections *iface)
{
    return enum_release(impl_from_connections(iface));
}

static HRESULT WINAPI connections_Next(IEnumConnections *iface, ULONG wanted, CONNECTDATA *out, ULONG *fetched)
{
    struct fax_enum *e = impl_from_connections(iface);
    ULONG n = 0;

    if (!out || (wanted > 1 && !fetched))
        return E_POINTER;
    for (; n < wanted && e->position < e->count; n++, e->position++) {
        out[n] = e->items[e->position];
        IUnknown_AddRef(out[n].pUnk);
    }
    if (fetched)
        *fetched = n;
    return n == wanted ? S_OK : S_FALSE;
}

static HRESULT WINAPI connections_Skip(IEnumConnections *iface, ULONG count)
{
    struct fax_enum *e = impl_from_connections(iface);
    ULONG left = e->count - e->position;

    e->position += count < left ? count : left;
    return count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI connections_Reset(IEnumConnections *iface)
{
    impl_from_connections(iface)->position = 0;
    return S_OK;
}

static HRESULT enum_connections_create(const struct fax_sink *sinks, size_t count, ULONG position,
                                       IEnumConnections **out);

static HRESULT WINAPI connections_Clone(IEnumConnections *iface, IEnumConnections **out)
{
    struct fax_enum *e = impl_from_connections(iface);
    struct fax_sink *sinks = calloc(e->count ? e->count : 1, sizeof(*sinks));
    HRESULT hr;

    if (!out)
        return E_POINTER;
    if (!sinks)
        return E_OUTOFMEMORY;
    for (ULONG i = 0; i < e->count; i++)
        sinks[i].cookie = e->items[i].dwCookie, sinks[i].sink = e->items[i].pUnk;
    hr = enum_connections_create(sinks, e->count, e->position, out);
    free(sinks);
    return hr;
}

static const IEnumConnectionsVtbl connections_vtbl = {
    connections_QueryInterface, connections_AddRef, connections_Release, connections_Next, connections_Skip,
    connections_Reset, connections_Clone,
};

static HRESULT enum_connections_create(const struct fax_sink *sinks, size_t count, ULONG position,
                                       IEnumConnections **out)
{
    struct fax_enum *e = calloc(1, sizeof(*e) + count * sizeof(CONNECTDATA));

    *out = NULL;
    if (!e)
        return E_OUTOFMEMORY;
    e->IEnumConnections_iface.lpVtbl = &connections_vtbl;
    e->ref = 1;
    e->count = (ULONG)count;
    e->position = position;
    for (size_t i = 0; i < count; i++) {
        e->items[i].pUnk = sinks[i].sink;
        e->items[i].dwCookie = sinks[i].cookie;
        IUnknown_AddRef(e->items[i].pUnk);
    }
    com_object_created(&fxscomex_module);
    *out = &e->IEnumConnections_iface;
    return S_OK;
}

static HRESULT WINAPI points_QueryInterface(IEnumConnectionPoints *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumConnectionPoints)) {
        *out = iface;
        IEnumConnectionPoints_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI points_AddRef(IEnumConnectionPoints *iface)
{
    return InterlockedIncrement(&impl_from_points(iface)->ref);
}

static ULONG WINAPI points_Release(IEnumConnectionPoints *iface)
{
    return enum_release(impl_from_points(iface));
}

static HRESULT WINAPI points_Next(IEnumConnectionPoints *iface, ULONG wanted, IConnectionPoint **out, ULONG *fetched)
{
    struct fax_enum *e = impl_from_points(iface);
    ULONG n = 0;

    if (!out || (wanted > 1 && !fetched))
        return E_POINTER;
    for (; n < wanted && e->position < e->count; n++, e->position++) {
        out[n] = e->points[e->position];
        IConnectionPoint_AddRef(out[n]);
    }
    if (fetched)
        *fetched = n;
    return n == wanted ? S_OK : S_FALSE;
}

static HRESULT WINAPI points_Skip(IEnumConnectionPoints *iface, ULONG count)
{
    struct fax_enum *e = impl_from_points(iface);
    ULONG left = e->count - e->position;

    e->position += count < left ? count : left;
    return count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI points_Reset(IEnumConnectionPoints *iface)
{
    impl_from_points(iface)->position = 0;
    return S_OK;
}

static HRESULT enum_points_create(IConnectionPoint *const *points, ULONG count, ULONG position,
                                   IEnumConnectionPoints **out);

static HRESULT WINAPI points_Clone(IEnumConnectionPoints *iface, IEnumConnectionPoints **out)
{
    struct fax_enum *e = impl_from_points(iface);

    if (!out)
        return E_POINTER;
    return enum_points_create(e->points, e->count, e->position, out);
}

static const IEnumConnectionPointsVtbl points_vtbl = {
    points_QueryInterface, points_AddRef, points_Release, points_Next, points_Skip, points_Reset, points_Clone,
};

static HRESULT enum_points_create(IConnectionPoint *const *points, ULONG count, ULONG position,
                                   IEnumConnectionPoints **out)
{
    struct fax_enum *e = calloc(1, sizeof(*e));

    *out = NULL;
    if (!e)
        return E_OUTOFMEMORY;
    e->IEnumConnectionPoints_iface.lpVtbl = &points_vtbl;
    e->ref = 1;
    e->count = count;
    e->position = position;
    e->of_points = TRUE;
    for (ULONG i = 0; i < count; i++) {
        e->points[i] = points[i];
        IConnectionPoint_AddRef(points[i]);
    }
    com_object_created(&fxscomex_module);
    *out = &e->IEnumConnectionPoints_iface;
    return S_OK;
}

/* ---- IConnectionPointContainer ---- */

static HRESULT WINAPI container_QueryInterface(IConnectionPointContainer *iface, REFIID riid, void **out)
{
    return IUnknown_QueryInterface(impl_from_container(iface)->outer, riid, out);
}

static ULONG WINAPI container_AddRef(IConnectionPointContainer *iface)
{
    return IUnknown_AddRef(impl_from_container(iface)->outer);
}

static ULONG WINAPI container_Release(IConnectionPointContainer *iface)
{
    return IUnknown_Release(impl_from_container(iface)->outer);
}

static HRESULT WINAPI container_EnumConnectionPoints(IConnectionPointContainer *iface, IEnumConnectionPoints **out)
{
    struct fax_connection_point *container = impl_from_container(iface);
    IConnectionPoint *points[FAX_EVENT_SOURCES];

    if (!out)
        return E_POINTER;
    for (int i = 0; i < container->set->count; i++)
        points[i] = &container->points[i].IConnectionPoint_iface;
    return enum_points_create(points, container->set->count, 0, out);
}

static HRESULT WINAPI container_FindConnectionPoint(IConnectionPointContainer *iface, REFIID riid,
                                                    IConnectionPoint **out)
{
    struct fax_connection_point *container = impl_from_container(iface);

    if (!out)
        return E_POINTER;
    *out = NULL;
    for (int i = 0; riid && i < container->set->count; i++) {
        if (IsEqualIID(riid, container->set->iids[i])) {
            *out = &container->points[i].IConnectionPoint_iface;
            IConnectionPoint_AddRef(*out);
            return S_OK;
        }
    }
    return CONNECT_E_NOCONNECTION;
}

static const IConnectionPointContainerVtbl container_vtbl = {
    container_QueryInterface, container_AddRef, container_Release, container_EnumConnectionPoints,
    container_FindConnectionPoint,
};

/* ---- IConnectionPoint, one per source interface ---- */

static HRESULT WINAPI point_QueryInterface(IConnectionPoint *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IConnectionPoint)) {
        *out = iface;
        IConnectionPoint_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI point_AddRef(IConnectionPoint *iface)
{
    return IUnknown_AddRef(impl_from_point(iface)->container->outer);
}

static ULONG WINAPI point_Release(IConnectionPoint *iface)
{
    return IUnknown_Release(impl_from_point(iface)->container->outer);
}

static HRESULT WINAPI point_GetConnectionInterface(IConnectionPoint *iface, IID *iid)
{
    struct fax_event_point *point = impl_from_point(iface);

    if (!iid)
        return E_POINTER;
    *iid = *point->container->set->iids[point->source];
    return S_OK;
}

static HRESULT WINAPI point_GetConnectionPointContainer(IConnectionPoint *iface, IConnectionPointContainer **out)
{
    if (!out)
        return E_POINTER;
    *out = &impl_from_point(iface)->container->IConnectionPointContainer_iface;
    IConnectionPointContainer_AddRef(*out);
    return S_OK;
}

/* A dispinterface's sink is held as IDispatch, all it must have (one that answers for the dispinterface itself
 * is taken through that: a dispinterface's vtable is IDispatch's); a vtable interface's sink must have the vtable. */
static HRESULT WINAPI point_Advise(IConnectionPoint *iface, IUnknown *unknown, DWORD *cookie)
{
    struct fax_event_point *point = impl_from_point(iface);
    IUnknown *sink = NULL;

    if (!cookie)
        return E_POINTER;
    *cookie = 0;
    if (!unknown)
        return E_POINTER;
    const struct fax_event_set *set = point->container->set;
    if (FAILED(IUnknown_QueryInterface(unknown, set->iids[point->source], (void **)&sink))
        && (point->source == set->vtable
            || FAILED(IUnknown_QueryInterface(unknown, &IID_IDispatch, (void **)&sink))))
        return CONNECT_E_CANNOTCONNECT;
    if (point->count == point->capacity) {
        size_t more = point->capacity ? point->capacity * 2 : 4;
        struct fax_sink *grown = realloc(point->sinks, more * sizeof(*grown));
        if (!grown) {
            IUnknown_Release(sink);
            return E_OUTOFMEMORY;
        }
        point->sinks = grown;
        point->capacity = more;
    }
    point->sinks[point->count].cookie = *cookie = ++point->next_cookie;
    point->sinks[point->count++].sink = sink;
    return S_OK;
}

static HRESULT WINAPI point_Unadvise(IConnectionPoint *iface, DWORD cookie)
{
    struct fax_event_point *point = impl_from_point(iface);

    for (size_t i = 0; i < point->count; i++) {
        if (point->sinks[i].cookie != cookie)
            continue;
        IUnknown *sink = point->sinks[i].sink;
        memmove(&point->sinks[i], &point->sinks[i + 1], (point->count - i - 1) * sizeof(*point->sinks));
        point->count--;
        IUnknown_Release(sink);   /* last: the sink's Release may call back into us */
        return S_OK;
    }
    return CONNECT_E_NOCONNECTION;
}

static HRESULT WINAPI point_EnumConnections(IConnectionPoint *iface, IEnumConnections **out)
{
    struct fax_event_point *point = impl_from_point(iface);

    if (!out)
        return E_POINTER;
    return enum_connections_create(point->sinks, point->count, 0, out);
}

static const IConnectionPointVtbl point_vtbl = {
    point_QueryInterface, point_AddRef, point_Release, point_GetConnectionInterface,
    point_GetConnectionPointContainer, point_Advise, point_Unadvise, point_EnumConnections,
};

/* ---- IProvideClassInfo2 ---- */

static HRESULT WINAPI class_info_QueryInterface(IProvideClassInfo2 *iface, REFIID riid, void **out)
{
    return IUnknown_QueryInterface(impl_from_class_info(iface)->outer, riid, out);
}

static ULONG WINAPI class_info_AddRef(IProvideClassInfo2 *iface)
{
    return IUnknown_AddRef(impl_from_class_info(iface)->outer);
}

static ULONG WINAPI class_info_Release(IProvideClassInfo2 *iface)
{
    return IUnknown_Release(impl_from_class_info(iface)->outer);
}

static HRESULT WINAPI class_info_GetClassInfo(IProvideClassInfo2 *iface, ITypeInfo **info)
{
    if (!info)
        return E_POINTER;
    return com_get_class_typeinfo(&fxscomex_module, impl_from_class_info(iface)->set->clsid, info);
}

static HRESULT WINAPI class_info_GetGUID(IProvideClassInfo2 *iface, DWORD kind, GUID *guid)
{
    if (!guid)
        return E_POINTER;
    if (kind != GUIDKIND_DEFAULT_SOURCE_DISP_IID) {
        memset(guid, 0, sizeof(*guid));
        return E_INVALIDARG;
    }
    *guid = *impl_from_class_info(iface)->set->iids[0];   /* the default source: VB6 and script hosts bind to it */
    return S_OK;
}

static const IProvideClassInfo2Vtbl class_info_vtbl = {
    class_info_QueryInterface, class_info_AddRef, class_info_Release, class_info_GetClassInfo, class_info_GetGUID,
};

/* ---- what FaxServer and FaxAccount call ---- */

void fax_connection_point_init(struct fax_connection_point *container, IUnknown *outer,
                               const struct fax_event_set *set)
{
    memset(container, 0, sizeof(*container));
    container->set = set;
    container->IConnectionPointContainer_iface.lpVtbl = &container_vtbl;
    container->IProvideClassInfo2_iface.lpVtbl = &class_info_vtbl;
    container->outer = outer;
    for (int i = 0; i < set->count; i++) {
        container->points[i].IConnectionPoint_iface.lpVtbl = &point_vtbl;
        container->points[i].container = container;
        container->points[i].source = i;
    }
}

void fax_connection_point_clear(struct fax_connection_point *container)
{
    for (int i = 0; i < container->set->count; i++) {
        struct fax_event_point *point = &container->points[i];
        while (point->count)
            IConnectionPoint_Unadvise(&point->IConnectionPoint_iface, point->sinks[point->count - 1].cookie);
        free(point->sinks);
        point->sinks = NULL;
        point->capacity = 0;
    }
}

BOOL fax_connection_point_query(struct fax_connection_point *container, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IConnectionPointContainer))
        *out = &container->IConnectionPointContainer_iface;
    else if (IsEqualIID(riid, &IID_IProvideClassInfo2) || IsEqualIID(riid, &IID_IProvideClassInfo))
        *out = &container->IProvideClassInfo2_iface;
    else
        return FALSE;
    IUnknown_AddRef((IUnknown *)*out);
    return TRUE;
}

/* A vtable interface's method for dispid (_IFaxServerNotify2's, _IFaxAccountNotify's), called through its
 * vtable (IDispatch's 7 slots, then the events in DISPID order) with the arguments DISPPARAMS holds last first;
 * DispCallFunc knows each arch's convention. */
static HRESULT call_vtable(IUnknown *sink, DISPID dispid, const DISPPARAMS *params)
{
    VARTYPE types[8];
    VARIANTARG *args[8];
    VARIANT result;
    UINT count = params->cArgs < 8 ? params->cArgs : 8;

    for (UINT i = 0; i < count; i++) {
        args[i] = &params->rgvarg[params->cArgs - 1 - i];
        types[i] = V_VT(args[i]);
    }
    VariantInit(&result);
    return DispCallFunc(sink, (7 + dispid - 1) * sizeof(void *), CC_STDCALL, VT_ERROR, count, types, args, &result);
}

/* The sink is looked up again before each call: an earlier sink may have unadvised it. */
static void fire_point(struct fax_event_point *point, DISPID dispid, DISPPARAMS *params)
{
    size_t count = point->count;
    DWORD *cookies;

    if (!count || !(cookies = malloc(count * sizeof(*cookies))))
        return;
    for (size_t i = 0; i < count; i++)
        cookies[i] = point->sinks[i].cookie;
    for (size_t i = 0; i < count; i++) {
        IUnknown *sink = NULL;
        for (size_t j = 0; j < point->count && !sink; j++)
            if (point->sinks[j].cookie == cookies[i])
                sink = point->sinks[j].sink;
        if (!sink)
            continue;
        IUnknown_AddRef(sink);   /* it may unadvise itself while we are inside it */
        if (point->source == point->container->set->vtable) {
            call_vtable(sink, dispid, params);
        } else {
            EXCEPINFO excep;
            UINT arg_err = 0;
            memset(&excep, 0, sizeof(excep));
            IDispatch_Invoke((IDispatch *)sink, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, params,
                             NULL, &excep, &arg_err);
            SysFreeString(excep.bstrSource);   /* a sink that raised: its error is not ours to report */
            SysFreeString(excep.bstrDescription);
            SysFreeString(excep.bstrHelpFile);
        }
        IUnknown_Release(sink);
    }
    free(cookies);
}

/* The Vista points get the FaxServer as IFaxServer2 when it is one (spec 6.16), else as the IFaxServer it is;
 * a FaxAccount's points are both Vista's (its first argument is the account, the server for OnServerShutDown). */
void fax_connection_point_fire(struct fax_connection_point *container, DISPID dispid, DISPPARAMS *params)
{
    IDispatch *server2 = NULL;
    VARIANT *first = params->cArgs ? &params->rgvarg[params->cArgs - 1] : NULL;
    IDispatch *server = first && V_VT(first) == VT_DISPATCH ? V_DISPATCH(first) : NULL;
    int vista = 0;

    if (container->set == &fax_server_events) {
        if (dispid <= XP_LAST_EVENT)
            fire_point(&container->points[FAX_NOTIFY], dispid, params);
        vista = FAX_NOTIFY2;
    }
    if (server && SUCCEEDED(IDispatch_QueryInterface(server, &IID_IFaxServer2, (void **)&server2)))
        V_DISPATCH(first) = server2;
    for (int i = vista; i < container->set->count; i++)
        fire_point(&container->points[i], dispid, params);
    if (server2) {
        V_DISPATCH(first) = server;
        IDispatch_Release(server2);
    }
}
