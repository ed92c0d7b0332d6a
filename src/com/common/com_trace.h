/*
 * The protocol trace both COM DLLs write when an administrator asks for it (com_trace.c,
 * docs/troubleshooting.md): the protocol client's lines and every failure reported to a script.
 */
#ifndef OPENFAXCOM_COM_TRACE_H
#define OPENFAXCOM_COM_TRACE_H

#include "com_module.h"

struct hfx_trace;

/* Whether FAXCOM_TRACE / TraceFile turn the trace on and, if so, the hook for hfx_connect_traced (its context
 * is the client's from then on). */
BOOL com_trace_hook(const struct com_module *module, struct hfx_trace *trace);
/* A failure, appended as "<module> !! <source>: <description> (0x<hr>)": a struct com_module's on_failure. */
void com_trace_failure(const struct com_module *module, const WCHAR *source, const WCHAR *description, HRESULT hr);

#endif
