/* Collections (com_enum.c): what every collection object of our COM DLLs shares. */
#ifndef OPENFAXCOM_COM_ENUM_H
#define OPENFAXCOM_COM_ENUM_H

#include "com_module.h"

/* item(i) for i in 0..count-1 gives a new VT_DISPATCH. */
typedef HRESULT (*com_item_fn)(IUnknown *collection, LONG index, VARIANT *item);

/* One IEnumVARIANT for every collection; it keeps the collection alive while enumerating. */
HRESULT com_enum_create(struct com_module *module, IUnknown *collection, LONG count, com_item_fn item,
                        IUnknown **out);
/* Invoke for a collection: DISPID_VALUE acts as Item (item_id) and DISPID_NEWENUM gives the enumerator,
 * the rest goes to the type library. */
HRESULT com_collection_invoke(struct com_module *module, unsigned type, DISPID item_id, IDispatch *iface, DISPID id,
                              WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err,
                              LONG count, com_item_fn item);
/* Item(index), index 1 to count; else E_INVALIDARG with error info naming the collection (the part of the
 * type's source after its last dot). */
HRESULT com_collection_item(struct com_module *module, unsigned type, IUnknown *collection, LONG index, LONG count,
                            com_item_fn item, VARIANT *value);

#endif
