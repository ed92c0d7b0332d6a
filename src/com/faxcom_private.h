/* Declarations shared by the COM objects of faxcom.dll. */
#ifndef OPENFAXCOM_FAXCOM_PRIVATE_H
#define OPENFAXCOM_FAXCOM_PRIVATE_H

#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <olectl.h>

#include "faxcom.h"

extern HINSTANCE faxcom_instance;

/* Live objects and server locks, for DllCanUnloadNow. */
void faxcom_object_created(void);
void faxcom_object_destroyed(void);
void faxcom_lock_server(BOOL lock);
BOOL faxcom_can_unload(void);

/* One type info per dual interface, loaded once from the type library embedded in this DLL. */
enum faxcom_tid {
    IFaxTiff_tid, IFaxServer_tid, IFaxPort_tid, IFaxPorts_tid, IFaxRoutingMethod_tid,
    IFaxRoutingMethods_tid, IFaxStatus_tid, IFaxDoc_tid, IFaxJobs_tid, IFaxJob_tid,
    FAXCOM_TID_COUNT
};
HRESULT faxcom_get_typeinfo(enum faxcom_tid tid, ITypeInfo **typeinfo);
HRESULT faxcom_get_class_typeinfo(const CLSID *clsid, ITypeInfo **typeinfo);
HRESULT faxcom_load_typelib(ITypeLib **typelib);
void faxcom_release_typelib(void);

/* Sets IErrorInfo (source, description, interface) and returns hr, so callers write
 * `return faxcom_error(hr, &IID_IFaxTiff, L"FaxTiff.FaxTiff", L"...%s...", ...)`. */
HRESULT faxcom_error(HRESULT hr, const IID *iid, const WCHAR *source, const WCHAR *format, ...);
/* Clears any error info left from an earlier failure (called on success paths that follow one). */
void faxcom_clear_error(void);

/* UTF-8 (or, when not valid UTF-8, ANSI) bytes from the engine as a BSTR; NULL when out of memory. */
BSTR faxcom_bstr_from_bytes(const char *bytes);
/* A UTF-8 copy of a wide string for messages; free() it. */
char *faxcom_utf8(const WCHAR *text);

/* ISupportErrorInfo and IProvideClassInfo, shared by every object: each object embeds one of these
 * and initialises it with its own IUnknown, interface and class. */
struct faxcom_support {
    ISupportErrorInfo ISupportErrorInfo_iface;
    IProvideClassInfo IProvideClassInfo_iface;
    IUnknown *outer;
    const IID *iid;
    const CLSID *clsid;
};
void faxcom_support_init(struct faxcom_support *support, IUnknown *outer, const IID *iid, const CLSID *clsid);
/* QueryInterface helper: hands out the support interfaces when riid names one of them. */
BOOL faxcom_support_query(struct faxcom_support *support, REFIID riid, void **out);

/* Constructors of the creatable classes (used by the class factories). */
HRESULT fax_server_create(REFIID riid, void **out);
HRESULT fax_tiff_create(REFIID riid, void **out);

#endif
