/*
 * What makes a DLL of ours an in-process COM server, written once for both: class factories for the
 * creatable classes (DllGetClassObject) and self-registration (DllRegisterServer/DllUnregisterServer) from
 * a table of classes, the registry layout of the originals (faxcom-api.md and faxcomex-api.md 1.2).
 *
 * Per-user registration (no admin rights): FAXCOM_REGISTER_SCOPE=user before regsvr32 writes the same keys
 * to HKCU\Software\Classes: HKEY_CLASSES_ROOT is redirected there for the duration with
 * RegOverridePredefKey, as ATL does, so the type library registration follows too.
 */
#ifndef OPENFAXCOM_COM_SERVER_DLL_H
#define OPENFAXCOM_COM_SERVER_DLL_H

#include "com_module.h"

/* A creatable class: its factory is static and holds the module through the server lock. */
struct com_class_factory {
    IClassFactory IClassFactory_iface;
    struct com_module *module;
    const CLSID *clsid;
    HRESULT (*create)(REFIID riid, void **out);
};
extern const IClassFactoryVtbl com_class_factory_vtbl;
#define COM_CLASS_FACTORY(module, clsid, create) { { &com_class_factory_vtbl }, (module), (clsid), (create) }

/* DllGetClassObject over the DLL's factories: CLASS_E_CLASSNOTAVAILABLE for any other class. */
HRESULT com_get_class_object(struct com_class_factory *factories, size_t count, REFCLSID clsid, REFIID riid,
                             void **out);

struct com_registered_class {
    const CLSID *clsid;
    const WCHAR *description;         /* "FaxServer Class" */
    const WCHAR *progid;              /* versioned */
    const WCHAR *independent_progid;
};

struct com_registration {
    struct com_module *module;
    const GUID *libid;
    WORD major, minor;                /* of the type library */
    const struct com_registered_class *classes;
    size_t class_count;
    const WCHAR *class_version;       /* CLSID\{...}\Version, or NULL where the original writes none */
};

HRESULT com_register_server(const struct com_registration *registration);
HRESULT com_unregister_server(const struct com_registration *registration);

#endif
