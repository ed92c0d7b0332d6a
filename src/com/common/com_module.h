/*
 * What every COM DLL of ours shares, whatever its type library: the type library and type info cache,
 * IDispatch through the type library, error info keyed by the object's type (so the source name and the
 * IID cannot drift apart), ISupportErrorInfo/IProvideClassInfo, object and lock counting, BSTR helpers.
 * A DLL describes itself once in a struct com_module and wraps these with its own typed names.
 */
#ifndef OPENFAXCOM_COM_MODULE_H
#define OPENFAXCOM_COM_MODULE_H

#ifndef COBJMACROS
#define COBJMACROS
#endif
#ifndef CONST_VTABLE
#define CONST_VTABLE
#endif
#include <stdarg.h>
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <olectl.h>

/* A dual interface of the DLL: its IID and the source its errors name (the original's ProgID style). */
struct com_type {
    const IID *iid;
    const WCHAR *source;
};

struct com_module {
    const WCHAR *name;                 /* prefix of the debugger lines, e.g. L"faxcom" */
    const struct com_type *types;      /* indexed by the DLL's own enum of types */
    unsigned type_count;
    ITypeInfo **typeinfos;             /* type_count slots, each filled once on first use */
    /* Told of every failure after the debugger line (the protocol trace); may be NULL. */
    void (*on_failure)(const struct com_module *module, const WCHAR *source, const WCHAR *description, HRESULT hr);
    HINSTANCE instance;                /* set by DllMain */
    ITypeLib *typelib;                 /* the library embedded in instance, loaded on first use */
    LONG live_objects, server_locks;
};

/* Live objects and server locks, for DllCanUnloadNow. */
void com_object_created(struct com_module *module);
void com_object_destroyed(struct com_module *module);
void com_lock_server(struct com_module *module, BOOL lock);
BOOL com_can_unload(struct com_module *module);

HRESULT com_load_typelib(struct com_module *module, ITypeLib **typelib);
void com_release_typelib(struct com_module *module);
HRESULT com_get_typeinfo(struct com_module *module, unsigned type, ITypeInfo **typeinfo);
HRESULT com_get_class_typeinfo(struct com_module *module, const CLSID *clsid, ITypeInfo **typeinfo);
/* GetIDsOfNames and Invoke through the interface's type info: every object's IDispatch in one place. */
HRESULT com_ids_of_names(struct com_module *module, unsigned type, LPOLESTR *names, UINT count, DISPID *ids);
HRESULT com_invoke(struct com_module *module, unsigned type, void *iface, DISPID id, WORD flags, DISPPARAMS *params,
                   VARIANT *result, EXCEPINFO *excep, UINT *arg_err);

/* Sets IErrorInfo (the type's IID and source, the description) and returns hr. Every failure also goes to
 * OutputDebugString ("<module>: <source>: <description> (0x<hr>)") and to the module's on_failure. */
HRESULT com_error_v(struct com_module *module, unsigned type, HRESULT hr, const WCHAR *format, va_list args);
HRESULT com_error(struct com_module *module, unsigned type, HRESULT hr, const WCHAR *format, ...);
/* Clears any error info left from an earlier failure (called on success paths that follow one). */
void com_clear_error(void);

/* UTF-8 (or, when not valid UTF-8, ANSI) bytes as a BSTR; NULL when out of memory. */
BSTR com_bstr_from_bytes(const char *bytes);
/* UTF-8 from a BSTR (free() it); NULL when out of memory. */
char *com_utf8(const WCHAR *text);
/* Property results: a BSTR from UTF-8 (or ANSI) text, a LONG. */
HRESULT com_return_text(const char *text, BSTR *value);
HRESULT com_return_long(LONG number, LONG *value);

/* ISupportErrorInfo and IProvideClassInfo: each object embeds one of these and initialises it with its own
 * IUnknown, interface and class. */
struct com_support {
    ISupportErrorInfo ISupportErrorInfo_iface;
    IProvideClassInfo IProvideClassInfo_iface;
    struct com_module *module;
    IUnknown *outer;
    const IID *iid;
    const CLSID *clsid;
};
void com_support_init(struct com_support *support, struct com_module *module, IUnknown *outer, const IID *iid,
                      const CLSID *clsid);
/* QueryInterface helper: hands out the support interfaces when riid names one of them. */
BOOL com_support_query(struct com_support *support, REFIID riid, void **out);

#endif
