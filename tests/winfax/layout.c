/*
 * Every structure of include/winfax.h against the spec's tables 5.2 (sizes) and 5.3 (field offsets),
 * as compile-time assertions: tests/winfax/check-layout compiles this file with both mingw-w64
 * compilers, and a failed assertion is a failed compile. The table is generated from the spec
 * (gen_layout.py), so the header is held against the spec, not against itself.
 */
#include <stddef.h>

#include "winfax.h"

#ifdef _WIN64
#define LAYOUT_SIZE(type, x86, x64) _Static_assert(sizeof(type) == (x64), #type " is " #x64 " bytes on x64");
#define LAYOUT_FIELD(type, field, x86, x64) \
    _Static_assert(offsetof(type, field) == (x64), #type "." #field " is at " #x64 " on x64");
#else
#define LAYOUT_SIZE(type, x86, x64) _Static_assert(sizeof(type) == (x86), #type " is " #x86 " bytes on x86");
#define LAYOUT_FIELD(type, field, x86, x64) \
    _Static_assert(offsetof(type, field) == (x86), #type "." #field " is at " #x86 " on x86");
#endif

#include "layout_table.h"

/* The constants whose values a swapped or missing definition would silently change. */
_Static_assert(JC_RESTART == 3 && FEI_NEVENTS == 27 && FPS_ANSWERED == 0x20800000, "constants");
_Static_assert(FAX_READ == 0x00020016 && FAX_WRITE == 0x00020001 && FAX_ALL_ACCESS == 0x001F007F, "access masks");
_Static_assert(FAX_E_RECIPIENTS_LIMIT == (HRESULT)0x80041B65, "FAX_E_*");
_Static_assert(sizeof(HCALL) == 4, "HCALL is a DWORD");

int layout_checks = LAYOUT_CHECKS;
