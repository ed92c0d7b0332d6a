# openfaxcom: faxcom.dll (x86_64 + i686, mingw-w64), the portable engine (native), tests, benchmarks.
#   make          build everything
#   make demo     a real fax: a VBScript sends through faxcom.dll and faxd, and it is received
#   make check    install what is missing (scripts/bootstrap), build, run every test
#   make fuzz     a longer fuzzing run of the TIFF reader
#   make bench    benchmarks against named baselines
#   make clean

BUILD      := build
ARCHES     := x86_64 i686
WINE_IDL   := /usr/include/wine/wine/windows
WINE_TLB   := /usr/lib/x86_64-linux-gnu/wine/x86_64-windows
comma      := ,

CC         := gcc
CLANG      := clang
SANITIZE   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
NATIVE_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror=implicit-function-declaration \
                 -Isrc/engine -Itests/support -pthread
NATIVE_LIBS := -ltiff -lspandsp -lz -lcrypt -lm -pthread
SERVICE_SRCS := $(filter-out src/service/faxd.c,$(wildcard src/service/*.c))

ENGINE_SRCS   := src/engine/faxtiff_read.c src/engine/faxtiff_fields.c src/engine/faxtiff_write.c \
                 src/engine/spool.c src/engine/job.c src/engine/hfx.c src/engine/scheduler.c \
                 src/engine/fax_check.c src/engine/fax_endpoint.c src/engine/fax_call.c src/engine/line.c \
                 src/engine/line_loopback.c src/engine/hfx_client.c src/engine/netio.c src/engine/cover.c \
                 $(wildcard src/engine/document*.c)
# The DLL reads fax TIFFs and talks to the service; writing TIFFs (libtiff) is the service's job.
TIFF_READER_SRCS := src/engine/faxtiff_read.c src/engine/faxtiff_fields.c
DLL_ENGINE_SRCS := $(TIFF_READER_SRCS) src/engine/hfx_client.c src/engine/netio.c \
                   src/engine/document_detect.c src/engine/cover.c
# The rows the DLL reads from a server: portable parsers (unit-tested, fuzzed) and the listings using them.
HFX_ROWS_SRCS := src/engine/hfx_rows.c src/engine/hfx_listings.c
ENGINE_SRCS   += $(HFX_ROWS_SRCS)
DLL_ENGINE_SRCS += $(HFX_ROWS_SRCS)
COM_SRCS      := src/com/faxcom_main.c src/com/server.c src/com/server_settings.c src/com/tiff.c src/com/doc.c \
                 src/com/jobs.c src/com/ports.c src/com/status.c src/com/routing.c src/com/collection.c \
                 regsvr/register.c
SUPPORT_SRCS  := tests/support/tiffcraft.c tests/support/fax_loopback.c tests/support/fixtures.c
COM_TESTS     := com_client typelib_check leak_client credentials_client model_client

.PHONY: all check demo deps faxcom-hylafax unit service-tests valgrind-faxd wine-tests i686-checks fuzz-smoke fuzz valgrind bench clean
all: $(foreach a,$(ARCHES),$(BUILD)/$(a)/faxcom.dll $(foreach t,$(COM_TESTS),$(BUILD)/$(a)/$(t).exe)) \
     $(BUILD)/native/faxd $(BUILD)/native/libfaxengine.a $(foreach t,$(UNIT_TESTS),$(BUILD)/native/$(t)) $(BUILD)/native/make_fixtures

# ---- faxcom.dll, per arch ----
define dll_rules
$(1)_CC    := $(1)-w64-mingw32-gcc
$(1)_GEN   := $(BUILD)/$(1)/gen
$(1)_WIDL  := $(1)-w64-mingw32-widl $(if $(filter x86_64,$(1)),--win64,--win32) -I$(WINE_IDL) -L$(WINE_TLB)
$(1)_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration \
               -I$(BUILD)/$(1)/gen -Isrc/com -Isrc/engine
$(1)_LDFLAGS := -shared -static -static-libgcc $(if $(filter i686,$(1)),-Wl$(comma)--enable-stdcall-fixup)

$(BUILD)/$(1)/gen/faxcom.h $(BUILD)/$(1)/gen/faxcom_i.c $(BUILD)/$(1)/gen/faxcom.tlb: idl/faxcom.idl
	@mkdir -p $(BUILD)/$(1)/gen
	$$($(1)_WIDL) -h -H $(BUILD)/$(1)/gen/faxcom.h -u -U $(BUILD)/$(1)/gen/faxcom_i.c \
	    -t -T $(BUILD)/$(1)/gen/faxcom.tlb idl/faxcom.idl

$(BUILD)/$(1)/faxcom.res: typelib/faxcom.rc $(BUILD)/$(1)/gen/faxcom.tlb
	$(1)-w64-mingw32-windres -I$(BUILD)/$(1)/gen -O coff -o $$@ typelib/faxcom.rc

$(BUILD)/$(1)/obj/%.o: %.c $(BUILD)/$(1)/gen/faxcom.h src/com/faxcom_private.h src/engine/*.h
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_CFLAGS) $$(if $$(findstring src/engine,$$<),-D__USE_MINGW_ANSI_STDIO=1) -c -o $$@ $$<

$(BUILD)/$(1)/obj/faxcom_i.o: $(BUILD)/$(1)/gen/faxcom_i.c
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_CFLAGS) -c -o $$@ $$<

$(1)_DLL_OBJS := $(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$(COM_SRCS) $(DLL_ENGINE_SRCS)) $(BUILD)/$(1)/obj/faxcom_i.o

$(BUILD)/$(1)/faxcom.dll: $$($(1)_DLL_OBJS) $(BUILD)/$(1)/faxcom.res regsvr/faxcom.def
	$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ regsvr/faxcom.def $$($(1)_DLL_OBJS) $(BUILD)/$(1)/faxcom.res \
	    -loleaut32 -lole32 -luuid -ladvapi32 -lws2_32

$(BUILD)/$(1)/%.exe: tests/com/%.c $(BUILD)/$(1)/obj/faxcom_i.o $(BUILD)/$(1)/gen/faxcom.h
	$$($(1)_CC) $$($(1)_CFLAGS) -Itests/support -static -static-libgcc -o $$@ $$< $(BUILD)/$(1)/obj/faxcom_i.o \
	    -loleaut32 -lole32 -luuid -lpsapi -ladvapi32
endef
$(foreach a,$(ARCHES),$(eval $(call dll_rules,$(a))))

# ---- native engine and its tests ----
UNIT_TESTS := test_faxtiff test_service_engine test_fax_call test_document test_hfx_client
UNIT_TESTS += test_hfx_rows

# faxd, the fax service (native).
$(BUILD)/native/faxd: src/service/faxd.c $(SERVICE_SRCS) $(ENGINE_SRCS) src/service/*.h src/engine/*.h
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) -O2 -Isrc/service -o $@ src/service/faxd.c $(SERVICE_SRCS) $(ENGINE_SRCS) $(NATIVE_LIBS)

# The same under ASan/UBSan, for the end-to-end tests.
$(BUILD)/native/faxd-asan: src/service/faxd.c $(SERVICE_SRCS) $(ENGINE_SRCS) src/service/*.h src/engine/*.h
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(SANITIZE) -Isrc/service -o $@ src/service/faxd.c $(SERVICE_SRCS) $(ENGINE_SRCS) $(NATIVE_LIBS)
# The engine as a library, for the service and other native programs.
$(BUILD)/native/engine/%.o: src/engine/%.c src/engine/*.h
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) -O2 -c -o $@ $<

$(BUILD)/native/libfaxengine.a: $(patsubst src/engine/%.c,$(BUILD)/native/engine/%.o,$(ENGINE_SRCS))
	$(AR) rcs $@ $^

# Each unit test twice: under ASan/UBSan, and plain for valgrind.
$(BUILD)/native/%: tests/unit/%.c $(ENGINE_SRCS) $(SUPPORT_SRCS) src/engine/*.h tests/support/*.h
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(SANITIZE) -o $@ $< $(ENGINE_SRCS) $(SUPPORT_SRCS) $(NATIVE_LIBS)

$(BUILD)/native/plain/%: tests/unit/%.c $(ENGINE_SRCS) $(SUPPORT_SRCS) src/engine/*.h tests/support/*.h
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) -o $@ $< $(ENGINE_SRCS) $(SUPPORT_SRCS) $(NATIVE_LIBS)

$(BUILD)/native/make_fixtures: tests/support/make_fixtures.c $(ENGINE_SRCS) $(SUPPORT_SRCS) src/engine/*.h tests/support/*.h
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) -o $@ tests/support/make_fixtures.c $(ENGINE_SRCS) $(SUPPORT_SRCS) $(NATIVE_LIBS)

$(BUILD)/fuzz/fuzz_faxtiff: tests/fuzz/fuzz_faxtiff.c $(TIFF_READER_SRCS) src/engine/*.h
	@mkdir -p $(dir $@)
	$(CLANG) -std=c11 -D_DEFAULT_SOURCE -g -O1 -Isrc/engine -fsanitize=fuzzer,address,undefined \
	    -o $@ tests/fuzz/fuzz_faxtiff.c $(TIFF_READER_SRCS)

$(BUILD)/fuzz/fuzz_protocol: tests/fuzz/fuzz_protocol.c src/engine/hfx.c src/engine/job.c src/engine/*.h
	@mkdir -p $(dir $@)
	$(CLANG) -std=c11 -D_DEFAULT_SOURCE -g -O1 -Isrc/engine -fsanitize=fuzzer,address,undefined \
	    -o $@ tests/fuzz/fuzz_protocol.c src/engine/hfx.c src/engine/job.c

$(BUILD)/fuzz/fuzz_hfx_rows: tests/fuzz/fuzz_hfx_rows.c src/engine/hfx_rows.c src/engine/*.h
	@mkdir -p $(dir $@)
	$(CLANG) -std=c11 -D_DEFAULT_SOURCE -g -O1 -Isrc/engine -fsanitize=fuzzer,address,undefined \
	    -o $@ tests/fuzz/fuzz_hfx_rows.c src/engine/hfx_rows.c

$(BUILD)/fixtures/.done: $(BUILD)/native/make_fixtures
	rm -rf $(BUILD)/fixtures && mkdir -p $(BUILD)/fixtures
	$(BUILD)/native/make_fixtures $(BUILD)/fixtures
	@touch $@

$(BUILD)/native/fax_inspect: tests/service/fax_inspect.c $(TIFF_READER_SRCS) src/engine/*.h
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) -o $@ tests/service/fax_inspect.c $(TIFF_READER_SRCS) -ltiff -lz

# ---- tests ----
deps:
	scripts/bootstrap

check: deps
	$(MAKE) all
	tests/run-all $(BUILD) unit valgrind fuzz-smoke service-tests valgrind-faxd wine-tests faxcom-hylafax \
	    i686-checks

unit: $(foreach t,$(UNIT_TESTS),$(BUILD)/native/$(t)) $(BUILD)/native/faxd
	for t in $(UNIT_TESTS); do $(BUILD)/native/$$t || exit 1; done

valgrind: $(foreach t,$(UNIT_TESTS),$(BUILD)/native/plain/$(t)) $(BUILD)/native/faxd
	for t in $(UNIT_TESTS); do valgrind -q --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect $(BUILD)/native/plain/$$t || exit 1; done

fuzz-smoke: $(BUILD)/fuzz/fuzz_faxtiff $(BUILD)/fuzz/fuzz_protocol $(BUILD)/fuzz/fuzz_hfx_rows $(BUILD)/fixtures/.done
	tests/fuzz/run-fuzz $(BUILD) smoke

fuzz: $(BUILD)/fuzz/fuzz_faxtiff $(BUILD)/fuzz/fuzz_protocol $(BUILD)/fuzz/fuzz_hfx_rows $(BUILD)/fixtures/.done
	tests/fuzz/run-fuzz $(BUILD) long

wine-tests: $(BUILD)/x86_64/faxcom.dll $(BUILD)/x86_64/com_client.exe $(BUILD)/x86_64/typelib_check.exe \
            $(BUILD)/x86_64/leak_client.exe $(BUILD)/x86_64/credentials_client.exe $(BUILD)/x86_64/model_client.exe \
            $(BUILD)/fixtures/.done \
            $(BUILD)/native/faxd $(BUILD)/native/fax_inspect
	tests/com/run-wine-tests $(BUILD) x86_64

i686-checks: $(BUILD)/i686/faxcom.dll $(BUILD)/i686/com_client.exe $(BUILD)/i686/typelib_check.exe \
             $(BUILD)/i686/leak_client.exe $(BUILD)/i686/credentials_client.exe $(BUILD)/i686/model_client.exe \
             $(BUILD)/fixtures/.done
	tests/com/check-pe $(BUILD)/i686/faxcom.dll i686
	tests/com/check-pe $(BUILD)/x86_64/faxcom.dll x86_64
	tests/com/run-wine-tests $(BUILD) i686

service-tests: $(BUILD)/native/faxd $(BUILD)/native/faxd-asan $(BUILD)/native/fax_inspect $(BUILD)/fixtures/.done
	rm -rf $(BUILD)/service-test && mkdir -p $(BUILD)/service-test/protocol $(BUILD)/service-test/crash \
	    $(BUILD)/service-test/site
	python3 tests/service/test_protocol.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/protocol \
	    $(BUILD)/native/fax_inspect
	python3 tests/service/test_site.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/site
	python3 tests/service/test_crash.py $(BUILD)/native/faxd $(BUILD)/service-test/crash
	tests/service/run-hylafax-tools $(BUILD)

# faxd under valgrind memcheck through the protocol-abuse test (slower; also in make check).
valgrind-faxd: $(BUILD)/native/faxd $(BUILD)/native/fax_inspect
	rm -rf $(BUILD)/service-test/valgrind && mkdir -p $(BUILD)/service-test/valgrind
	VALGRIND_LOG=$(BUILD)/service-test/valgrind/valgrind.log python3 tests/service/test_protocol.py \
	    tests/service/valgrind-faxd $(BUILD)/service-test/valgrind $(BUILD)/native/fax_inspect
	@if [ -s $(BUILD)/service-test/valgrind/valgrind.log ]; then cat $(BUILD)/service-test/valgrind/valgrind.log; \
	    echo "valgrind faxd: 0 passed, 1 failed"; exit 1; else echo "valgrind faxd: 1 passed, 0 failed"; fi

demo: deps
	$(MAKE) $(BUILD)/x86_64/faxcom.dll $(BUILD)/native/faxd $(BUILD)/native/fax_inspect
	scripts/demo $(BUILD)

# faxcom.dll against a real HylaFAX server (hfaxd + faxq from Debian, on a private loopback port).
faxcom-hylafax: $(BUILD)/x86_64/faxcom.dll $(BUILD)/fixtures/.done
	tests/interop/run-faxcom-hylafax $(BUILD)

bench: all $(BUILD)/fixtures/.done
	bench/run $(BUILD)

clean:
	rm -rf $(BUILD)/x86_64 $(BUILD)/i686 $(BUILD)/native $(BUILD)/fuzz $(BUILD)/fixtures $(BUILD)/wineprefix \
	    $(BUILD)/bench
