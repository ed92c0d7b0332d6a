/*
 * FaxComEx.FaxReceiptOptions: how the server mails receipts. faxd mails through the local sendmail named in
 * faxd.conf (its e-mail routing uses the same one), and a HylaFAX server through its own mail setup; neither
 * has SMTP settings a client can change. So the object shows that setup — the local mail server on port 25,
 * anonymous, mail receipts allowed, shared with inbound routing — and Save fails, naming the server, when a
 * script changed anything.
 */
#include "fxscomex_private.h"

#include <stdlib.h>
#include <string.h>

enum receipt_text { RECEIPT_SERVER, RECEIPT_SENDER, RECEIPT_USER, RECEIPT_PASSWORD, RECEIPT_TEXT_COUNT };

struct receipt_settings {
    FAX_SMTP_AUTHENTICATION_TYPE_ENUM authentication;
    FAX_RECEIPT_TYPE_ENUM allowed;
    LONG port;
    VARIANT_BOOL for_inbound_routing;
    BSTR text[RECEIPT_TEXT_COUNT];
};

struct fax_receipt_options {
    IFaxReceiptOptions IFaxReceiptOptions_iface;
    struct com_support support;
    LONG ref;
    IFaxServer *server;
    struct receipt_settings edit;
};

static void clear(struct receipt_settings *settings)
{
    for (int i = 0; i < RECEIPT_TEXT_COUNT; i++) {
        SysFreeString(settings->text[i]);
        settings->text[i] = NULL;
    }
}

static void fax_receipt_options_destroy(struct fax_receipt_options *options)
{
    clear(&options->edit);
    IFaxServer_Release(options->server);
}

FXSCOMEX_UNKNOWN(fax_receipt_options, IFaxReceiptOptions, fax_receipt_options, fax_receipt_options_destroy)
FXSCOMEX_DISPATCH(fax_receipt_options, IFaxReceiptOptions, IFaxReceiptOptions_tid)

static const WCHAR *const server_texts[RECEIPT_TEXT_COUNT] = { [RECEIPT_SERVER] = L"localhost" };

/* What the server has (the same for every server: see above). */
static HRESULT read_server(struct receipt_settings *settings)
{
    clear(settings);
    settings->authentication = fsatANONYMOUS;
    settings->allowed = frtMAIL;
    settings->port = 25;
    settings->for_inbound_routing = VARIANT_TRUE;
    for (int i = 0; i < RECEIPT_TEXT_COUNT; i++)
        if (!(settings->text[i] = SysAllocString(server_texts[i] ? server_texts[i] : L"")))
            return E_OUTOFMEMORY;
    return S_OK;
}

static HRESULT WINAPI fax_receipt_options_get_AuthenticationType(IFaxReceiptOptions *iface,
                                                                 FAX_SMTP_AUTHENTICATION_TYPE_ENUM *pType)
{
    if (!pType)
        return E_POINTER;
    *pType = impl_from_IFaxReceiptOptions(iface)->edit.authentication;
    return S_OK;
}

static HRESULT WINAPI fax_receipt_options_put_AuthenticationType(IFaxReceiptOptions *iface,
                                                                 FAX_SMTP_AUTHENTICATION_TYPE_ENUM Type)
{
    if (Type < fsatANONYMOUS || Type > fsatNTLM)
        return fxscomex_error(IFaxReceiptOptions_tid, E_INVALIDARG, L"FaxReceiptOptions.AuthenticationType: %d is "
                              L"not an authentication type (fsatANONYMOUS 0, fsatBASIC 1, fsatNTLM 2)", Type);
    impl_from_IFaxReceiptOptions(iface)->edit.authentication = Type;
    return S_OK;
}

#define TEXT_PROPERTY(Name, index) \
    static HRESULT WINAPI fax_receipt_options_get_##Name(IFaxReceiptOptions *iface, BSTR *value) \
    { \
        return fxscomex_get_text(impl_from_IFaxReceiptOptions(iface)->edit.text[index], value); \
    } \
    static HRESULT WINAPI fax_receipt_options_put_##Name(IFaxReceiptOptions *iface, BSTR value) \
    { \
        return fxscomex_put_text(&impl_from_IFaxReceiptOptions(iface)->edit.text[index], value); \
    }
TEXT_PROPERTY(SMTPServer, RECEIPT_SERVER)
TEXT_PROPERTY(SMTPSender, RECEIPT_SENDER)
TEXT_PROPERTY(SMTPUser, RECEIPT_USER)
TEXT_PROPERTY(SMTPPassword, RECEIPT_PASSWORD)

static HRESULT WINAPI fax_receipt_options_get_SMTPPort(IFaxReceiptOptions *iface, LONG *plSMTPPort)
{
    return com_return_long(impl_from_IFaxReceiptOptions(iface)->edit.port, plSMTPPort);
}

static HRESULT WINAPI fax_receipt_options_put_SMTPPort(IFaxReceiptOptions *iface, LONG lSMTPPort)
{
    if (lSMTPPort < 1 || lSMTPPort > 65535)
        return fxscomex_error(IFaxReceiptOptions_tid, E_INVALIDARG, L"FaxReceiptOptions.SMTPPort: %ld is not a TCP "
                              L"port (1 to 65535)", lSMTPPort);
    impl_from_IFaxReceiptOptions(iface)->edit.port = lSMTPPort;
    return S_OK;
}

static HRESULT WINAPI fax_receipt_options_get_AllowedReceipts(IFaxReceiptOptions *iface,
                                                              FAX_RECEIPT_TYPE_ENUM *pAllowedReceipts)
{
    if (!pAllowedReceipts)
        return E_POINTER;
    *pAllowedReceipts = impl_from_IFaxReceiptOptions(iface)->edit.allowed;
    return S_OK;
}

static HRESULT WINAPI fax_receipt_options_put_AllowedReceipts(IFaxReceiptOptions *iface,
                                                              FAX_RECEIPT_TYPE_ENUM AllowedReceipts)
{
    if (AllowedReceipts & ~(frtMAIL | frtMSGBOX))
        return fxscomex_error(IFaxReceiptOptions_tid, E_INVALIDARG, L"FaxReceiptOptions.AllowedReceipts: %d is not "
                              L"a set of receipt types (frtNONE 0, frtMAIL 1, frtMSGBOX 4)", AllowedReceipts);
    impl_from_IFaxReceiptOptions(iface)->edit.allowed = AllowedReceipts;
    return S_OK;
}

static HRESULT WINAPI fax_receipt_options_get_UseForInboundRouting(IFaxReceiptOptions *iface, VARIANT_BOOL *value)
{
    return fxscomex_return_bool(impl_from_IFaxReceiptOptions(iface)->edit.for_inbound_routing, value);
}

static HRESULT WINAPI fax_receipt_options_put_UseForInboundRouting(IFaxReceiptOptions *iface, VARIANT_BOOL value)
{
    impl_from_IFaxReceiptOptions(iface)->edit.for_inbound_routing = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fax_receipt_options_Refresh(IFaxReceiptOptions *iface)
{
    struct fax_receipt_options *options = impl_from_IFaxReceiptOptions(iface);
    HRESULT hr = fxscomex_connected(options->server, IFaxReceiptOptions_tid, L"FaxReceiptOptions.Refresh", NULL);
    return FAILED(hr) ? hr : read_server(&options->edit);
}

static HRESULT WINAPI fax_receipt_options_Save(IFaxReceiptOptions *iface)
{
    struct fax_receipt_options *options = impl_from_IFaxReceiptOptions(iface);
    struct receipt_settings server = { 0 };
    BOOL faxd, same = TRUE;
    HRESULT hr = fxscomex_connected(options->server, IFaxReceiptOptions_tid, L"FaxReceiptOptions.Save", &faxd);

    if (FAILED(hr) || FAILED(hr = read_server(&server))) {
        clear(&server);
        return hr;
    }
    same = server.authentication == options->edit.authentication && server.allowed == options->edit.allowed
           && server.port == options->edit.port && server.for_inbound_routing == options->edit.for_inbound_routing;
    for (int i = 0; i < RECEIPT_TEXT_COUNT; i++)
        same &= !wcscmp(server.text[i], options->edit.text[i]);
    clear(&server);
    if (same)
        return S_OK;
    return fxscomex_cannot_store(IFaxReceiptOptions_tid, options->server, L"FaxReceiptOptions.Save",
                                 faxd ? L"faxd mails through the local sendmail named in faxd.conf and keeps no "
                                        L"SMTP settings" : L"a HylaFAX server's mail is set up on that server");
}

static const IFaxReceiptOptionsVtbl fax_receipt_options_vtbl = {
    fax_receipt_options_QueryInterface, fax_receipt_options_AddRef, fax_receipt_options_Release,
    fax_receipt_options_GetTypeInfoCount, fax_receipt_options_GetTypeInfo, fax_receipt_options_GetIDsOfNames,
    fax_receipt_options_Invoke,
    fax_receipt_options_get_AuthenticationType, fax_receipt_options_put_AuthenticationType,
    fax_receipt_options_get_SMTPServer, fax_receipt_options_put_SMTPServer, fax_receipt_options_get_SMTPPort,
    fax_receipt_options_put_SMTPPort, fax_receipt_options_get_SMTPSender, fax_receipt_options_put_SMTPSender,
    fax_receipt_options_get_SMTPUser, fax_receipt_options_put_SMTPUser, fax_receipt_options_get_AllowedReceipts,
    fax_receipt_options_put_AllowedReceipts, fax_receipt_options_get_SMTPPassword,
    fax_receipt_options_put_SMTPPassword, fax_receipt_options_Refresh, fax_receipt_options_Save,
    fax_receipt_options_get_UseForInboundRouting, fax_receipt_options_put_UseForInboundRouting,
};

HRESULT fax_receipt_options_create(IFaxServer *server, IFaxReceiptOptions **out)
{
    struct fax_receipt_options *options = calloc(1, sizeof(*options));
    HRESULT hr;

    *out = NULL;
    if (!options)
        return E_OUTOFMEMORY;
    FXSCOMEX_INIT(options, IFaxReceiptOptions, &fax_receipt_options_vtbl, &CLSID_FaxReceiptOptions);
    options->server = server;
    IFaxServer_AddRef(server);
    if (FAILED(hr = read_server(&options->edit))) {
        IFaxReceiptOptions_Release(&options->IFaxReceiptOptions_iface);
        return hr;
    }
    *out = &options->IFaxReceiptOptions_iface;
    return S_OK;
}
