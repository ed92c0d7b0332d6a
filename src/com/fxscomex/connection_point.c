/*
 * FaxServer as an event source (spec 1.3): IConnectionPointContainer with the one connection point of
 * IFaxServerNotify, its two enumerators, and IProvideClassInfo2 (script hosts ask it for the default source
 * interface). Everything here runs on the FaxServer's thread (apartment rules), so the sink list has no lock;
 * firing walks a copy of the cookies so that a sink may Advise or Unadvise from inside its call.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

static inline struct fax_connection_point *impl_from_container(IConnectionPointContainer *iface)
{
    return CONTAINING_RECORD(iface, struct fax_connection_point, IConnectionPointContainer_iface);
}

static inline struct fax_connection_point *impl_from_point(IConnectionPoint *iface)
{
    return CONTAINING_RECORD(iface, struct fax_connection_point, IConnectionPoint_iface);
}

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
    IConnectionPoint *point;       /* the points' enumerator: the one point (AddRef'd) */
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
        for (ULONG i = 0; i < e->count && !e->point; i++)
            IUnknown_Release(e->items[i].pUnk);
        if (e->point)
            IConnectionPoint_Release(e->point);
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
        sinks[i].cookie = e->items[i].dwCookie, sinks[i].sink = (IDispatch *)e->items[i].pUnk;
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
        e->items[i].pUnk = (IUnknown *)sinks[i].sink;
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
        out[n] = e->point;
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

static HRESULT enum_points_create(IConnectionPoint *point, ULONG position, IEnumConnectionPoints **out);

static HRESULT WINAPI points_Clone(IEnumConnectionPoints *iface, IEnumConnectionPoints **out)
{
    struct fax_enum *e = impl_from_points(iface);

    if (!out)
        return E_POINTER;
    return enum_points_create(e->point, e->position, out);
}

static const IEnumConnectionPointsVtbl points_vtbl = {
    points_QueryInterface, points_AddRef, points_Release, points_Next, points_Skip, points_Reset, points_Clone,
};

static HRESULT enum_points_create(IConnectionPoint *point, ULONG position, IEnumConnectionPoints **out)
{
    struct fax_enum *e = calloc(1, sizeof(*e));

    *out = NULL;
    if (!e)
        return E_OUTOFMEMORY;
    e->IEnumConnectionPoints_iface.lpVtbl = &points_vtbl;
    e->ref = 1;
    e->count = 1;
    e->position = position;
    e->point = point;
    IConnectionPoint_AddRef(point);
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
    if (!out)
        return E_POINTER;
    return enum_points_create(&impl_from_container(iface)->IConnectionPoint_iface, 0, out);
}

static HRESULT WINAPI container_FindConnectionPoint(IConnectionPointContainer *iface, REFIID riid,
                                                    IConnectionPoint **out)
{
    struct fax_connection_point *point = impl_from_container(iface);

    if (!out)
        return E_POINTER;
    if (!riid || !IsEqualIID(riid, &DIID_IFaxServerNotify)) {
        *out = NULL;
        return CONNECT_E_NOCONNECTION;
    }
    *out = &point->IConnectionPoint_iface;
    IConnectionPoint_AddRef(*out);
    return S_OK;
}

static const IConnectionPointContainerVtbl container_vtbl = {
    container_QueryInterface, container_AddRef, container_Release, container_EnumConnectionPoints,
    container_FindConnectionPoint,
};

/* ---- IConnectionPoint for IFaxServerNotify ---- */

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
    return IUnknown_AddRef(impl_from_point(iface)->outer);
}

static ULONG WINAPI point_Release(IConnectionPoint *iface)
{
    return IUnknown_Release(impl_from_point(iface)->outer);
}

static HRESULT WINAPI point_GetConnectionInterface(IConnectionPoint *iface, IID *iid)
{
    if (!iid)
        return E_POINTER;
    *iid = DIID_IFaxServerNotify;
    return S_OK;
}

static HRESULT WINAPI point_GetConnectionPointContainer(IConnectionPoint *iface, IConnectionPointContainer **out)
{
    if (!out)
        return E_POINTER;
    *out = &impl_from_point(iface)->IConnectionPointContainer_iface;
    IConnectionPointContainer_AddRef(*out);
    return S_OK;
}

/* A sink is held as IDispatch: the events are a dispinterface, so IDispatch is all a sink must have; one that
 * answers for IFaxServerNotify itself is taken through that (a dispinterface's vtable is IDispatch's). */
static HRESULT WINAPI point_Advise(IConnectionPoint *iface, IUnknown *unknown, DWORD *cookie)
{
    struct fax_connection_point *point = impl_from_point(iface);
    IDispatch *sink = NULL;

    if (!cookie)
        return E_POINTER;
    *cookie = 0;
    if (!unknown)
        return E_POINTER;
    if (FAILED(IUnknown_QueryInterface(unknown, &DIID_IFaxServerNotify, (void **)&sink))
        && FAILED(IUnknown_QueryInterface(unknown, &IID_IDispatch, (void **)&sink)))
        return CONNECT_E_CANNOTCONNECT;
    if (point->count == point->capacity) {
        size_t more = point->capacity ? point->capacity * 2 : 4;
        struct fax_sink *grown = realloc(point->sinks, more * sizeof(*grown));
        if (!grown) {
            IDispatch_Release(sink);
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
    struct fax_connection_point *point = impl_from_point(iface);

    for (size_t i = 0; i < point->count; i++) {
        if (point->sinks[i].cookie != cookie)
            continue;
        IDispatch *sink = point->sinks[i].sink;
        memmove(&point->sinks[i], &point->sinks[i + 1], (point->count - i - 1) * sizeof(*point->sinks));
        point->count--;
        IDispatch_Release(sink);   /* last: the sink's Release may call back into us */
        return S_OK;
    }
    return CONNECT_E_NOCONNECTION;
}

static HRESULT WINAPI point_EnumConnections(IConnectionPoint *iface, IEnumConnections **out)
{
    struct fax_connection_point *point = impl_from_point(iface);

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
    return com_get_class_typeinfo(&fxscomex_module, &CLSID_FaxServer, info);
}

static HRESULT WINAPI class_info_GetGUID(IProvideClassInfo2 *iface, DWORD kind, GUID *guid)
{
    if (!guid)
        return E_POINTER;
    if (kind != GUIDKIND_DEFAULT_SOURCE_DISP_IID) {
        memset(guid, 0, sizeof(*guid));
        return E_INVALIDARG;
    }
    *guid = DIID_IFaxServerNotify;
    return S_OK;
}

static const IProvideClassInfo2Vtbl class_info_vtbl = {
    class_info_QueryInterface, class_info_AddRef, class_info_Release, class_info_GetClassInfo, class_info_GetGUID,
};

/* ---- what FaxServer calls ---- */

void fax_connection_point_init(struct fax_connection_point *point, IUnknown *outer)
{
    memset(point, 0, sizeof(*point));
    point->IConnectionPointContainer_iface.lpVtbl = &container_vtbl;
    point->IConnectionPoint_iface.lpVtbl = &point_vtbl;
    point->IProvideClassInfo2_iface.lpVtbl = &class_info_vtbl;
    point->outer = outer;
}

void fax_connection_point_clear(struct fax_connection_point *point)
{
    while (point->count)
        IConnectionPoint_Unadvise(&point->IConnectionPoint_iface, point->sinks[point->count - 1].cookie);
    free(point->sinks);
    point->sinks = NULL;
    point->capacity = 0;
}

BOOL fax_connection_point_query(struct fax_connection_point *point, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IConnectionPointContainer))
        *out = &point->IConnectionPointContainer_iface;
    else if (IsEqualIID(riid, &IID_IProvideClassInfo2) || IsEqualIID(riid, &IID_IProvideClassInfo))
        *out = &point->IProvideClassInfo2_iface;
    else
        return FALSE;
    IUnknown_AddRef((IUnknown *)*out);
    return TRUE;
}

/* The sink is looked up again before each call: an earlier sink may have unadvised it. */
void fax_connection_point_fire(struct fax_connection_point *point, DISPID dispid, DISPPARAMS *params)
{
    size_t count = point->count;
    DWORD *cookies;

    if (!count || !(cookies = malloc(count * sizeof(*cookies))))
        return;
    for (size_t i = 0; i < count; i++)
        cookies[i] = point->sinks[i].cookie;
    for (size_t i = 0; i < count; i++) {
        IDispatch *sink = NULL;
        for (size_t j = 0; j < point->count && !sink; j++)
            if (point->sinks[j].cookie == cookies[i])
                sink = point->sinks[j].sink;
        if (!sink)
            continue;
        IDispatch_AddRef(sink);   /* it may unadvise itself while we are inside it */
        EXCEPINFO excep;
        UINT arg_err = 0;
        memset(&excep, 0, sizeof(excep));
        IDispatch_Invoke(sink, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, params, NULL, &excep,
                         &arg_err);
        SysFreeString(excep.bstrSource);   /* a sink that raised: its error is not ours to report */
        SysFreeString(excep.bstrDescription);
        SysFreeString(excep.bstrHelpFile);
        IDispatch_Release(sink);
    }
    free(cookies);
}
