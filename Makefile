# openfaxcom: faxcom.dll (x86_64 + i686, mingw-w64), the portable engine and faxd (native), tests, benchmarks.
#   make          build everything: both DLLs and their Wine test clients, faxd, the unit tests, the tools
#   make demo     a real fax: a VBScript sends through faxcom.dll and faxd, and it is received
#   make check    install what is missing (scripts/bootstrap), build, run every test group (tests/run-all)
#   make fuzz     a longer fuzzing run of every parser of outside bytes (FUZZ_SECONDS each)
#   make bench    benchmarks against named baselines
#   make installer  openfaxcom-setup-VERSION.exe under build/ (NSIS; docs/install.md)
#   make deb      faxd_VERSION_ARCH.deb under build/deb (dpkg-buildpackage, debhelper; lintian clean)
#   make clean

BUILD      := build
ARCHES     := x86_64 i686
WINE_IDL   := /usr/include/wine/wine/windows
WINE_TLB   := /usr/lib/x86_64-linux-gnu/wine/x86_64-windows
comma      := ,
# The release number the installer carries (and shows in Add/Remove Programs); NSIS wants MAJOR.MINOR.PATCH.
VERSION    := 0.1.0

# ---- what links what: one folder, one static library; each binary names the folders it links ----
#   src/engine/shared  faxcom.dll and faxd: TIFF reader, document detection, protocol text (quote, line limit)
#   src/engine/client  faxcom.dll: the HylaFAX-protocol client, sockets, cover page
#   src/engine/fax     faxd: calls, lines, documents to fax pages, TIFF writing (spandsp, libtiff, Ghostscript)
#   src/engine/queue   faxd: spool, job records, scheduling decisions
#   src/engine/sip     faxd: SIP lines (sofia-sip signalling, our SDP, RTP/G.711 and UDPTL/T.38 media)
#   src/service        faxd: main, config, settings, log; protocol/ (the hfaxd role), queue/ (the faxq role)
#   src/com/common     every COM DLL of ours: type info, IDispatch, error info, support interfaces, Connect's
#                      session, class factories and registration
#   src/com/faxcom     faxcom.dll's objects (regsvr/faxcom.def, typelib/faxcom.rc)
#   src/com/fxscomex   fxscomex.dll's objects, FaxComEx (regsvr/fxscomex.def, typelib/fxscomex.rc)
#   src/win32          every Windows DLL of ours (the COM ones and winfax.dll): how a Windows client reaches the
#                      service (settings, server names, login) and reads a document, with Win32 errors
#   src/winfax, include  winfax.dll (the Win32 fax client API) and its public header winfax.h
# A folder's sources see only the headers of the folders they may use, so the boundary is compiled in.
srcs = $(wildcard $(1)/*.c)
# lib_objs DIR,FOLDERS: the objects under DIR of every source in FOLDERS (faxd.c is the program, not the library)
lib_objs = $(patsubst %.c,$(1)/obj/%.o,$(filter-out src/service/faxd.c,$(foreach d,$(2),$(call srcs,$(d)))))
INC_shared  := -Isrc/engine/shared
INC_client  := $(INC_shared) -Isrc/engine/client
INC_fax     := $(INC_shared) -Isrc/engine/fax
INC_queue   := $(INC_shared) -Isrc/engine/queue
SOFIA_CFLAGS := $(shell pkg-config --cflags sofia-sip-ua 2>/dev/null || echo -I/usr/include/sofia-sip-1.12)
INC_sip     := $(INC_fax) -Isrc/engine/sip $(SOFIA_CFLAGS)
INC_service := $(INC_fax) -Isrc/engine/sip -Isrc/engine/queue -Isrc/service -Isrc/service/protocol -Isrc/service/queue
INC_tests   := $(INC_service) -Isrc/engine/client -Itests/support

NATIVE_LIBS_engine-shared  := src/engine/shared
NATIVE_LIBS_engine-client  := src/engine/client
NATIVE_LIBS_engine-fax     := src/engine/fax
NATIVE_LIBS_engine-queue   := src/engine/queue
NATIVE_LIBS_engine-sip     := src/engine/sip
NATIVE_LIBS_service        := src/service src/service/protocol src/service/queue
NATIVE_LIBS_testsupport    := tests/support
FAXD_LIBS  := service engine-sip engine-fax engine-queue engine-shared
TEST_LIBS  := testsupport service engine-sip engine-fax engine-queue engine-client engine-shared
FOLDER_INC  = $(if $(filter src/engine/%,$(1)),$(INC_$(word 3,$(subst /, ,$(1)))),$(if $(filter src/%,$(1)),$(INC_service),$(INC_tests)))

CC         := gcc
CLANG      := clang
SANITIZE   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
NATIVE_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -Wall -Wextra -Werror=implicit-function-declaration \
                 -pthread -MMD -MP
SYSTEM_LIBS := -lsofia-sip-ua -ltiff -lspandsp -lz -lcrypt -lm -pthread
# Native builds: "release" (faxd, tools, the unit tests under valgrind) and "asan" (ASan/UBSan: faxd-asan and
# the unit tests). Every source is compiled once per variant.
NATIVE_VARIANTS := release asan tsan
# CPPFLAGS, CFLAGS and LDFLAGS from the environment reach the release build (the Debian package's hardening flags).
release_CFLAGS := -O2 $(CPPFLAGS) $(CFLAGS)
asan_CFLAGS    := -O1 $(SANITIZE)
# gcc 12's ThreadSanitizer aborts where the kernel randomises mmap with more bits than it knows (e.g. 32):
# `make tsan` runs with address randomisation off (setarch -R), which it needs nowhere else.
TSAN           := -fsanitize=thread -fno-omit-frame-pointer
tsan_CFLAGS    := -O1 $(TSAN)

.SECONDEXPANSION:
.SECONDARY:
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
COM_TESTS  := $(patsubst tests/com/%.c,%,$(wildcard tests/com/*.c))
COM_SRCS   := $(call srcs,src/com/faxcom)
COMEX_SRCS := $(call srcs,src/com/fxscomex)
# Test clients of fxscomex.dll: built against faxcomex.h, whose names clash with faxcom.h's.
COMEX_TESTS := comex_client comex_events
# The DLL's engine folders, in link order (client code uses shared code).
DLL_ENGINE := src/engine/client src/engine/shared

.PHONY: all check demo deps faxcom-hylafax unit service-tests valgrind-faxd wine-tests i686-checks fuzz-smoke fuzz \
        valgrind tsan harness-paths registration-fresh-prefixes bench clean installer installer-tests queue-scale \
        soak crash-safety
.PHONY: sip-infra sip-tests sip-sipp sip-tshark
.PHONY: deb deb-check man-check doc-examples
WINFAX_CLIENTS := $(patsubst tests/winfax/%.c,%,$(wildcard tests/winfax/winfax_*.c))
all: $(foreach a,$(ARCHES),$(BUILD)/$(a)/faxcom.dll $(BUILD)/$(a)/fxscomex.dll \
          $(BUILD)/$(a)/winfax.dll $(foreach t,$(WINFAX_CLIENTS),$(BUILD)/$(a)/$(t).exe) \
          $(foreach t,$(COM_TESTS),$(BUILD)/$(a)/$(t).exe)) \
     $(BUILD)/native/faxd $(BUILD)/native/faxd-asan $(BUILD)/native/faxd-tsan $(BUILD)/native/fax_inspect \
     $(BUILD)/native/make_fixtures $(BUILD)/native/sip_peer $(BUILD)/native/t38_sender \
     $(foreach t,$(UNIT_TESTS),$(BUILD)/native/$(t) $(BUILD)/native/plain/$(t))

# ---- faxcom.dll, per arch ----
define dll_rules
$(1)_CC    := $(1)-w64-mingw32-gcc
$(1)_WIDL  := $(1)-w64-mingw32-widl $(if $(filter x86_64,$(1)),--win64,--win32) -I$(WINE_IDL) -L$(WINE_TLB)
$(1)_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration -MMD -MP \
               -I$(BUILD)/$(1)/gen -Isrc/com/common -Isrc/com/faxcom -Isrc/win32 $(INC_client)
$(1)_LDFLAGS := -shared -static -static-libgcc $(if $(filter i686,$(1)),-Wl$(comma)--enable-stdcall-fixup)

$(BUILD)/$(1)/gen/faxcom.h $(BUILD)/$(1)/gen/faxcom_i.c $(BUILD)/$(1)/gen/faxcom.tlb: idl/faxcom.idl
	@mkdir -p $(BUILD)/$(1)/gen
	$$($(1)_WIDL) -h -H $(BUILD)/$(1)/gen/faxcom.h -u -U $(BUILD)/$(1)/gen/faxcom_i.c \
	    -t -T $(BUILD)/$(1)/gen/faxcom.tlb idl/faxcom.idl

# FaxComEx's type library (issue 9), embedded in fxscomex.dll.
$(BUILD)/$(1)/gen/faxcomex.h $(BUILD)/$(1)/gen/faxcomex_i.c $(BUILD)/$(1)/gen/faxcomex.tlb: idl/faxcomex.idl
	@mkdir -p $(BUILD)/$(1)/gen
	$$($(1)_WIDL) -h -H $(BUILD)/$(1)/gen/faxcomex.h -u -U $(BUILD)/$(1)/gen/faxcomex_i.c \
	    -t -T $(BUILD)/$(1)/gen/faxcomex.tlb idl/faxcomex.idl

$(BUILD)/$(1)/faxcom.res: typelib/faxcom.rc $(BUILD)/$(1)/gen/faxcom.tlb
	$(1)-w64-mingw32-windres -I$(BUILD)/$(1)/gen -O coff -o $$@ typelib/faxcom.rc

$(BUILD)/$(1)/fxscomex.res: typelib/fxscomex.rc $(BUILD)/$(1)/gen/faxcomex.tlb
	$(1)-w64-mingw32-windres -I$(BUILD)/$(1)/gen -O coff -o $$@ typelib/fxscomex.rc

# The engine is portable C: printf-style formatting through mingw's C99 stdio, as on Linux.
$(BUILD)/$(1)/obj/src/engine/%.o: src/engine/%.c
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_CFLAGS) -D__USE_MINGW_ANSI_STDIO=1 -c -o $$@ $$<

$(BUILD)/$(1)/obj/%.o: %.c $(BUILD)/$(1)/gen/faxcom.h
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_CFLAGS) -c -o $$@ $$<

$(BUILD)/$(1)/obj/src/com/fxscomex/%.o: src/com/fxscomex/%.c $(BUILD)/$(1)/gen/faxcomex.h
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_CFLAGS) -Isrc/com/fxscomex -c -o $$@ $$<

$(BUILD)/$(1)/obj/faxcom_i.o: $(BUILD)/$(1)/gen/faxcom_i.c
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_CFLAGS) -c -o $$@ $$<

$(BUILD)/$(1)/obj/faxcomex_i.o: $(BUILD)/$(1)/gen/faxcomex_i.c
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_CFLAGS) -c -o $$@ $$<

$(BUILD)/$(1)/libengine-%.a: $$$$(call lib_objs,$(BUILD)/$(1),src/engine/$$$$*)
	$(1)-w64-mingw32-ar rcs $$@ $$^

$(BUILD)/$(1)/libcom-common.a: $$$$(call lib_objs,$(BUILD)/$(1),src/com/common)
	$(1)-w64-mingw32-ar rcs $$@ $$^

$(BUILD)/$(1)/libwin32.a: $$$$(call lib_objs,$(BUILD)/$(1),src/win32)
	$(1)-w64-mingw32-ar rcs $$@ $$^

$(1)_COM_OBJS := $(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$(COM_SRCS)) $(BUILD)/$(1)/obj/faxcom_i.o
$(1)_DLL_LIBS := $(BUILD)/$(1)/libcom-common.a $(BUILD)/$(1)/libwin32.a $(patsubst src/engine/%,$(BUILD)/$(1)/libengine-%.a,$(DLL_ENGINE))

$(BUILD)/$(1)/faxcom.dll: $$($(1)_COM_OBJS) $$($(1)_DLL_LIBS) $(BUILD)/$(1)/faxcom.res regsvr/faxcom.def
	$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ regsvr/faxcom.def $$($(1)_COM_OBJS) $$($(1)_DLL_LIBS) $(BUILD)/$(1)/faxcom.res \
	    -loleaut32 -lole32 -luuid -ladvapi32 -lws2_32

$(1)_COMEX_OBJS := $(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$(COMEX_SRCS)) $(BUILD)/$(1)/obj/faxcomex_i.o

$(BUILD)/$(1)/fxscomex.dll: $$($(1)_COMEX_OBJS) $$($(1)_DLL_LIBS) $(BUILD)/$(1)/fxscomex.res regsvr/fxscomex.def
	$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ regsvr/fxscomex.def $$($(1)_COMEX_OBJS) $$($(1)_DLL_LIBS) \
	    $(BUILD)/$(1)/fxscomex.res -loleaut32 -lole32 -luuid -ladvapi32 -lws2_32

$(BUILD)/$(1)/%.exe: tests/com/%.c $(BUILD)/$(1)/obj/faxcom_i.o $(BUILD)/$(1)/gen/faxcom.h
	$$($(1)_CC) $$($(1)_CFLAGS) -Itests/support -static -static-libgcc -o $$@ $$< $(BUILD)/$(1)/obj/faxcom_i.o \
	    -loleaut32 -lole32 -luuid -lpsapi -ladvapi32

$(foreach t,$(COMEX_TESTS),$(BUILD)/$(1)/$(t).exe): $(BUILD)/$(1)/%.exe: tests/com/%.c $(BUILD)/$(1)/obj/faxcomex_i.o \
                                                    $(BUILD)/$(1)/gen/faxcomex.h
	$$($(1)_CC) $$($(1)_CFLAGS) -Itests/support -static -static-libgcc -o $$@ $$< $(BUILD)/$(1)/obj/faxcomex_i.o \
	    -loleaut32 -lole32 -luuid -lpsapi -ladvapi32 -lws2_32

# The FaxComEx check reads its contract from a generated table (tests/com/gen_comex_table.py).
$(BUILD)/$(1)/typelib_check_comex.exe: tests/com/typelib_check_comex_table.h

# ---- winfax.dll: the Win32 fax client API (issue 10), over the same engine client and src/win32 ----
$(1)_WINFAX_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration \
                      -MMD -MP -Iinclude -Isrc/winfax -Isrc/win32 $(INC_client)
$(1)_WINFAX_OBJS := $(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$(call srcs,src/winfax))
$(BUILD)/$(1)/obj/src/winfax/%.o: src/winfax/%.c
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_WINFAX_CFLAGS) -c -o $$@ $$<

# One .def, decorated for i686 (whose DLL exports the names undecorated: --kill-at); x86_64 takes it bare.
$(BUILD)/$(1)/winfax.def: src/winfax/winfax.def
	@mkdir -p $$(dir $$@)
	$(if $(filter i686,$(1)),cp $$< $$@,sed 's/@[0-9]*$$$$//' $$< > $$@)

$(BUILD)/$(1)/winfax.dll: $$($(1)_WINFAX_OBJS) $(BUILD)/$(1)/libwin32.a \
        $(patsubst src/engine/%,$(BUILD)/$(1)/libengine-%.a,$(DLL_ENGINE)) $(BUILD)/$(1)/winfax.def
	$$($(1)_CC) -shared -static -static-libgcc $(if $(filter i686,$(1)),-Wl$(comma)--kill-at) -o $$@ \
	    $(BUILD)/$(1)/winfax.def $$($(1)_WINFAX_OBJS) $(BUILD)/$(1)/libwin32.a \
	    $(patsubst src/engine/%,$(BUILD)/$(1)/libengine-%.a,$(DLL_ENGINE)) -ladvapi32 -lws2_32

$(BUILD)/$(1)/winfax_%.exe: tests/winfax/winfax_%.c include/winfax.h $(if $(filter i686,$(1)),$(BUILD)/i686/lib/libwinfax.a)
	$$($(1)_CC) -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Iinclude -Itests/support -static -static-libgcc \
	    -o $$@ $$< $(if $(filter i686,$(1)),-L$(BUILD)/i686/lib) -lwinfax
endef
$(foreach a,$(ARCHES),$(eval $(call dll_rules,$(a))))

# The winfax.dll benchmark (bench/run): winfax.dll and faxcom.dll from one C program.
$(BUILD)/x86_64/bench_winfax.exe: bench/bench_winfax.c include/winfax.h $(BUILD)/x86_64/obj/faxcom_i.o \
        $(BUILD)/x86_64/gen/faxcom.h
	$(x86_64_CC) $(x86_64_CFLAGS) -Iinclude -Wno-missing-field-initializers -static -static-libgcc -o $@ $< \
	    $(BUILD)/x86_64/obj/faxcom_i.o -lwinfax -loleaut32 -lole32 -luuid

# i686 winfax clients link against our import library (mingw-w64 ships libwinfax.a only for x86_64).
$(BUILD)/i686/lib/libwinfax.a: src/winfax/winfax.def
	@mkdir -p $(dir $@)
	i686-w64-mingw32-dlltool -k -d $< -l $@

# ---- native: one library per folder and variant ----
define native_rules
$(BUILD)/native/$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$(CC) $(NATIVE_CFLAGS) $($(1)_CFLAGS) $$(call FOLDER_INC,$$<) -c -o $$@ $$<

$(BUILD)/native/$(1)/lib%.a: $$$$(call lib_objs,$(BUILD)/native/$(1),$$$$(NATIVE_LIBS_$$$$*))
	@mkdir -p $$(dir $$@)
	$(AR) rcs $$@ $$^

$(1)_FAXD_LIBS := $(foreach l,$(FAXD_LIBS),$(BUILD)/native/$(1)/lib$(l).a)
$(1)_TEST_LIBS := $(foreach l,$(TEST_LIBS),$(BUILD)/native/$(1)/lib$(l).a)
endef
$(foreach v,$(NATIVE_VARIANTS),$(eval $(call native_rules,$(v))))

# faxd, the fax service, and the same under ASan/UBSan for the end-to-end tests.
$(BUILD)/native/faxd: $(BUILD)/native/release/obj/src/service/faxd.o $(release_FAXD_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(SYSTEM_LIBS)
$(BUILD)/native/faxd-asan: $(BUILD)/native/asan/obj/src/service/faxd.o $(asan_FAXD_LIBS)
	$(CC) $(SANITIZE) -o $@ $^ $(SYSTEM_LIBS)
$(BUILD)/native/faxd-tsan: $(BUILD)/native/tsan/obj/src/service/faxd.o $(tsan_FAXD_LIBS)
	$(CC) $(TSAN) -o $@ $^ $(SYSTEM_LIBS)

# Each unit test twice: under ASan/UBSan, and plain for valgrind.
$(BUILD)/native/test_%: $(BUILD)/native/asan/obj/tests/unit/test_%.o $(asan_TEST_LIBS)
	$(CC) $(SANITIZE) -o $@ $^ $(SYSTEM_LIBS)
$(BUILD)/native/plain/test_%: $(BUILD)/native/release/obj/tests/unit/test_%.o $(release_TEST_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(SYSTEM_LIBS)
$(BUILD)/native/make_fixtures $(BUILD)/native/fax_inspect $(BUILD)/native/sip_peer $(BUILD)/native/events_decode \
        $(BUILD)/native/t38_sender: \
        $(BUILD)/native/%: \
        $(BUILD)/native/release/obj/tests/%.o $(release_TEST_LIBS)
	$(CC) -o $@ $^ $(SYSTEM_LIBS)
$(BUILD)/native/release/obj/tests/make_fixtures.o: tests/support/make_fixtures.c
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(release_CFLAGS) $(INC_tests) -c -o $@ $<
$(BUILD)/native/release/obj/tests/fax_inspect.o: tests/service/fax_inspect.c
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(release_CFLAGS) $(INC_tests) -c -o $@ $<
$(BUILD)/native/release/obj/tests/events_decode.o: tests/service/events_decode.c
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(release_CFLAGS) $(INC_tests) -c -o $@ $<
$(BUILD)/native/release/obj/tests/sip_peer.o: tests/sip/sip_peer.c
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(release_CFLAGS) $(INC_tests) -c -o $@ $<
$(BUILD)/native/release/obj/tests/t38_sender.o: tests/sip/t38_sender.c
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(release_CFLAGS) $(INC_tests) -c -o $@ $<

# libFuzzer targets: clang, each built from the sources of the parser it fuzzes.
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined $(INC_service)
$(BUILD)/fuzz/fuzz_faxtiff: tests/fuzz/fuzz_faxtiff.c src/engine/shared/faxtiff_read.c src/engine/shared/faxtiff_fields.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^
$(BUILD)/fuzz/fuzz_protocol: tests/fuzz/fuzz_protocol.c src/service/protocol/hfx.c src/engine/shared/hfx_text.c \
        src/engine/queue/job.c src/engine/queue/scheduler.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^

$(BUILD)/fuzz/fuzz_hfx_rows: tests/fuzz/fuzz_hfx_rows.c src/engine/client/hfx_rows.c src/engine/client/hfx_table.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -Isrc/engine/client -o $@ $^

$(BUILD)/fuzz/fuzz_events: tests/fuzz/fuzz_events.c src/engine/client/hfx_events.c src/engine/client/hfx_fei.c \
    src/service/queue/trigger.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -Isrc/engine/client -o $@ $^

$(BUILD)/fuzz/fuzz_sdp: tests/fuzz/fuzz_sdp.c src/engine/sip/sdp.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^

$(BUILD)/fuzz/fuzz_udptl: tests/fuzz/fuzz_udptl.c src/engine/sip/udptl.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^

$(BUILD)/fuzz/fuzz_rtp: tests/fuzz/fuzz_rtp.c src/engine/sip/rtp.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^

# Parsers that read a path get the input through one temporary file (tests/fuzz/fuzz_file.h). The document
# target links the whole in-process conversion (text, TIFF, branding) but feeds Ghostscript nothing.
$(BUILD)/fuzz/fuzz_config: tests/fuzz/fuzz_config.c src/service/config.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^

$(BUILD)/fuzz/fuzz_settings: tests/fuzz/fuzz_settings.c src/service/settings.c src/service/config.c src/service/log.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^

$(BUILD)/fuzz/fuzz_access: tests/fuzz/fuzz_access.c src/service/protocol/access.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^ -lcrypt

$(BUILD)/fuzz/fuzz_document: tests/fuzz/fuzz_document.c $(wildcard src/engine/fax/document*.c) \
        src/engine/shared/document_detect.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^ -ltiff -lm

# The UDPTL encoder's datagrams in a pcap, for Wireshark's T.38 dissector to judge (make sip-tshark).
$(BUILD)/native/udptl_pcap: tests/sip/udptl_pcap.c src/engine/sip/udptl.c
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(release_CFLAGS) -Isrc/engine/sip -o $@ $^

$(BUILD)/fixtures/.done: $(BUILD)/native/make_fixtures
	rm -rf $(BUILD)/fixtures && mkdir -p $(BUILD)/fixtures
	$(BUILD)/native/make_fixtures $(BUILD)/fixtures
	@touch $@

-include $(shell find $(BUILD)/x86_64/obj $(BUILD)/i686/obj $(BUILD)/native/*/obj -name '*.d' 2>/dev/null)

# ---- tests ----
deps:
	scripts/bootstrap

check: deps
	$(MAKE) all
	tests/run-all $(BUILD) unit valgrind fuzz-smoke service-tests crash-safety tsan valgrind-faxd wine-tests \
	    faxcom-hylafax i686-checks installer-tests harness-paths sip-tests sip-sipp sip-tshark sip-infra man-check \
	    doc-examples deb-check queue-scale

# A short round of bench/run's item 12 (100 and 1000 queued jobs): proves it runs; times are printed, not judged.
queue-scale: $(BUILD)/native/faxd $(BUILD)/fixtures/.done
	rm -rf $(BUILD)/queue-scale
	python3 bench/queue_scale.py $(BUILD)/native/faxd $(BUILD)/fixtures/win2k.tif $(BUILD)/queue-scale --quick
	rm -rf $(BUILD)/queue-scale

unit: $(foreach t,$(UNIT_TESTS),$(BUILD)/native/$(t)) $(BUILD)/native/faxd
	for t in $(UNIT_TESTS); do $(BUILD)/native/$$t || exit 1; done

valgrind: $(foreach t,$(UNIT_TESTS),$(BUILD)/native/plain/$(t)) $(BUILD)/native/faxd
	for t in $(UNIT_TESTS); do valgrind -q --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect $(BUILD)/native/plain/$$t || exit 1; done

FUZZ_TARGETS := faxtiff protocol hfx_rows events sdp udptl rtp config settings access document
fuzz-smoke: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%) $(BUILD)/fixtures/.done
	tests/fuzz/run-fuzz $(BUILD) smoke

fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%) $(BUILD)/fixtures/.done
	tests/fuzz/run-fuzz $(BUILD) long

wine-tests: $(BUILD)/x86_64/faxcom.dll $(BUILD)/x86_64/fxscomex.dll $(BUILD)/x86_64/gen/faxcomex.tlb \
            $(foreach t,$(COM_TESTS),$(BUILD)/x86_64/$(t).exe) $(BUILD)/fixtures/.done \
            $(BUILD)/x86_64/winfax.dll $(foreach t,$(WINFAX_CLIENTS),$(BUILD)/x86_64/$(t).exe) \
            $(BUILD)/native/faxd $(BUILD)/native/fax_inspect
	tests/com/check-pe $(BUILD)/x86_64/faxcom.dll x86_64
	tests/com/check-pe $(BUILD)/x86_64/fxscomex.dll x86_64
	tests/com/run-wine-tests $(BUILD) x86_64

# regsvr32 and the registry checks on ten brand-new Wine prefixes in a row (slow: a wineboot each; not in check).
registration-fresh-prefixes: $(BUILD)/x86_64/faxcom.dll
	tests/com/registration-fresh-prefixes $(BUILD) 10

# The i686 DLL: static PE checks, then 32-bit Wine (native or emulated; NOT RUN where neither is set up).
i686-checks: $(BUILD)/i686/faxcom.dll $(BUILD)/i686/fxscomex.dll $(BUILD)/i686/com_client.exe \
             $(BUILD)/i686/comex_client.exe $(BUILD)/i686/typelib_check.exe $(BUILD)/i686/typelib_check_comex.exe \
             $(BUILD)/i686/gen/faxcomex.tlb $(BUILD)/fixtures/.done $(BUILD)/native/faxd \
             $(BUILD)/i686/winfax.dll $(BUILD)/i686/winfax_client.exe $(BUILD)/i686/winfax_events.exe \
             $(BUILD)/i686/winfax_pages.exe $(BUILD)/i686/comex_events.exe
	tests/com/check-pe $(BUILD)/i686/faxcom.dll i686
	tests/com/check-pe $(BUILD)/i686/fxscomex.dll i686
	tests/com/run-wine-tests $(BUILD) i686

# SIPp scenarios (tests/sip/*.xml) against tests/sip/sip_peer, one sip_ua: INVITE/re-INVITE/BYE, OPTIONS, 404,
# 486, digest REGISTER (200 and 403), a UAS re-INVITE, a session timer refreshed by UPDATE (about 50 s).
sip-sipp: $(BUILD)/native/sip_peer
	tests/sip/run-sipp $(BUILD)

# UDPTL as tshark decodes it: sequence numbers, IFP types and repeats of our datagrams.
sip-tshark: $(BUILD)/native/udptl_pcap
	tests/sip/tshark-udptl $(BUILD)

# faxd under ThreadSanitizer: kill and delete at every phase; SITE TRIGGER watchers through a job's whole life; every
# client command at once from eight clients (test_stress.py); SIP calls (both directions, the T.38 policies,
# channels, a BYE mid-page, a CANCEL).
tsan: $(BUILD)/native/faxd-tsan $(BUILD)/native/fax_inspect $(BUILD)/native/events_decode
	rm -rf $(BUILD)/tsan-test && mkdir -p $(BUILD)/tsan-test
	setarch "$$(uname -m)" -R python3 tests/service/test_kill.py $(BUILD)/native/faxd-tsan $(BUILD)/tsan-test
	setarch "$$(uname -m)" -R python3 tests/service/test_trigger.py $(BUILD)/native/faxd-tsan $(BUILD)/tsan-test/trigger \
	    $(BUILD)/native/events_decode faxd-only
	setarch "$$(uname -m)" -R python3 tests/service/test_security.py $(BUILD)/native/faxd-tsan $(BUILD)/tsan-test/security
	setarch "$$(uname -m)" -R python3 tests/service/test_stress.py $(BUILD)/native/faxd-tsan $(BUILD)/tsan-test/stress
	mkdir -p $(BUILD)/tsan-test/sip && SIP_CASES="prefer-prefer never-never prefer-never channels bye-mid-page no-answer" \
	    setarch "$$(uname -m)" -R python3 tests/service/test_sip.py $(BUILD)/native/faxd-tsan $(BUILD)/tsan-test/sip \
	    $(BUILD)/native/fax_inspect

service-tests: $(BUILD)/native/faxd $(BUILD)/native/faxd-asan $(BUILD)/native/fax_inspect $(BUILD)/native/events_decode \
               $(BUILD)/fixtures/.done
	rm -rf $(BUILD)/service-test && mkdir -p $(BUILD)/service-test/protocol $(BUILD)/service-test/crash \
	    $(BUILD)/service-test/site
	python3 tests/service/test_protocol.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/protocol \
	    $(BUILD)/native/fax_inspect
	python3 tests/service/test_site.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/site
	python3 tests/service/test_preview.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/preview
	python3 tests/service/test_security.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/security
	faketime '2026-12-06 23:59:50' python3 tests/service/test_site.py $(BUILD)/native/faxd \
	    $(BUILD)/service-test/site-midnight discount
	python3 tests/service/test_crash.py $(BUILD)/native/faxd $(BUILD)/service-test/crash
	mkdir -p $(BUILD)/service-test/kill && python3 tests/service/test_kill.py $(BUILD)/native/faxd-asan \
	    $(BUILD)/service-test/kill
	python3 tests/service/test_trigger.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/trigger \
	    $(BUILD)/native/events_decode
	python3 tests/service/test_stress.py $(BUILD)/native/faxd-asan $(BUILD)/service-test/stress
	tests/service/run-hylafax-tools $(BUILD)

# The kill -9 soak (docs/reliability.md "Crash safety"): SOAK_SUBMISSIONS jobs from 8 clients, faxd killed
# SOAK_KILLS times and restarted; SOAK_SEED repeats a run's kill plan.
SOAK_SUBMISSIONS ?= 1000
SOAK_KILLS ?= 20
SOAK_SEED ?= 2026
soak: $(BUILD)/native/faxd $(BUILD)/native/fax_inspect $(BUILD)/fixtures/.done
	SOAK_SUBMISSIONS=$(SOAK_SUBMISSIONS) SOAK_KILLS=$(SOAK_KILLS) SOAK_SEED=$(SOAK_SEED) python3 tests/service/test_soak.py \
	    $(BUILD)/native/faxd $(BUILD)/soak $(BUILD)/native/fax_inspect $(BUILD)/fixtures

# In make check: a short soak round under ASan/UBSan, a damaged spool at start, and a full spool (a 4 MB tmpfs in
# a private mount namespace: needs root, as CI).
crash-safety: $(BUILD)/native/faxd-asan $(BUILD)/native/fax_inspect $(BUILD)/fixtures/.done
	rm -rf $(BUILD)/crash-safety && mkdir -p $(BUILD)/crash-safety
	SOAK_SUBMISSIONS=60 SOAK_KILLS=3 SOAK_SEED=$(SOAK_SEED) python3 tests/service/test_soak.py \
	    $(BUILD)/native/faxd-asan $(BUILD)/crash-safety/soak $(BUILD)/native/fax_inspect $(BUILD)/fixtures
	python3 tests/service/test_spool_damage.py $(BUILD)/native/faxd-asan $(BUILD)/crash-safety/damage $(BUILD)/fixtures
	python3 tests/service/test_full_disk.py $(BUILD)/native/faxd-asan $(BUILD)/crash-safety/full $(BUILD)/fixtures

# faxd <-> faxd over SIP lines, real time (G.711 and T.38, policies, failures, channels), under ASan/UBSan;
# beside it, a T.38 fax through 5 % kernel-made UDPTL loss (its own network namespace: needs root, as CI).
sip-tests: $(BUILD)/native/faxd-asan $(BUILD)/native/fax_inspect $(BUILD)/native/t38_sender $(BUILD)/fixtures/.done
	rm -rf $(BUILD)/sip-test && mkdir -p $(BUILD)/sip-test
	python3 tests/service/test_sip_loss.py $(BUILD)/native/faxd-asan $(BUILD)/sip-test/loss \
	    $(BUILD)/native/fax_inspect > $(BUILD)/sip-test/loss.out 2>&1 & loss=$$!; \
	python3 tests/service/test_sip.py $(BUILD)/native/faxd-asan $(BUILD)/sip-test $(BUILD)/native/fax_inspect; \
	    status=$$?; wait $$loss; loss_status=$$?; cat $(BUILD)/sip-test/loss.out; \
	    [ $$status -eq 0 ] && [ $$loss_status -eq 0 ]

# faxd under valgrind memcheck through the protocol-abuse test (slower; also in make check).
valgrind-faxd: $(BUILD)/native/faxd $(BUILD)/native/fax_inspect
	rm -rf $(BUILD)/service-test/valgrind && mkdir -p $(BUILD)/service-test/valgrind
	VALGRIND_LOG=$(BUILD)/service-test/valgrind/valgrind.log python3 tests/service/test_protocol.py \
	    tests/service/valgrind-faxd $(BUILD)/service-test/valgrind $(BUILD)/native/fax_inspect
	@if [ -s $(BUILD)/service-test/valgrind/valgrind.log ]; then cat $(BUILD)/service-test/valgrind/valgrind.log; \
	    echo "valgrind faxd: 0 passed, 1 failed"; exit 1; else echo "valgrind faxd: 1 passed, 0 failed"; fi

# faxd's Debian package (packaging/debian, built from a copy under build/deb), lintian clean.
deb:
	packaging/build-deb $(BUILD)

# The package on this machine (root): dpkg -i, faxd from the unit's ExecStart as the faxd user, a fax through
# sendfax, logrotate, dpkg --purge, and nothing left behind.
deb-check: $(BUILD)/native/fax_inspect
	tests/deb/run-deb-check $(BUILD)

# man --warnings on faxd(8) and faxd.conf(5), and every setting docs/faxd.md names is in faxd.conf(5).
man-check:
	python3 tests/man/check_man.py .

# The C examples of docs/faxcom.md, docs/fxscomex.md and docs/winfax.md, compiled and linked by mingw-w64, then
# run under Wine with our DLLs against a private faxd.
doc-examples: $(BUILD)/x86_64/gen/faxcom.h $(BUILD)/x86_64/gen/faxcomex.h $(BUILD)/x86_64/faxcom.dll \
              $(BUILD)/x86_64/fxscomex.dll $(BUILD)/x86_64/winfax.dll $(BUILD)/native/faxd $(BUILD)/fixtures/.done
	tests/doc-examples $(BUILD)

demo: deps
	$(MAKE) $(BUILD)/x86_64/faxcom.dll $(BUILD)/native/faxd $(BUILD)/native/fax_inspect
	scripts/demo $(BUILD)

# The Windows installer: every DLL of ours for both bitnesses, in one NSIS setup program (installer/).
INSTALLER := $(BUILD)/openfaxcom-setup-$(VERSION).exe
installer: $(INSTALLER)
$(INSTALLER): installer/openfaxcom.nsi $(foreach a,$(ARCHES),$(BUILD)/$(a)/faxcom.dll $(BUILD)/$(a)/fxscomex.dll \
              $(BUILD)/$(a)/winfax.dll)
	makensis -V2 -DVERSION=$(VERSION) "-DBUILD=$(CURDIR)/$(BUILD)" "-DOUTFILE=$(CURDIR)/$@" $<

# A silent install into a fresh 64-bit Wine prefix, a fax sent through the installed DLLs, a reinstall, and an
# uninstall that leaves the prefix's files and registry as they were (tests/installer/run-installer-tests).
installer-tests: $(INSTALLER) $(BUILD)/fixtures/.done $(BUILD)/native/faxd
	tests/installer/run-installer-tests $(BUILD) $(INSTALLER)

# faxcom.dll, fxscomex.dll and winfax.dll against a real HylaFAX server (hfaxd + faxq from Debian, on a private
# loopback port).
faxcom-hylafax: $(BUILD)/x86_64/faxcom.dll $(BUILD)/x86_64/fxscomex.dll $(BUILD)/x86_64/comex_events.exe \
                $(BUILD)/fixtures/.done $(BUILD)/x86_64/winfax.dll $(BUILD)/x86_64/winfax_hylafax.exe
	tests/interop/run-faxcom-hylafax $(BUILD)

# Kamailio + rtpengine (T.38 gateway) proven with SIPp: the infrastructure faxd's SIP lines run through.
sip-infra:
	tests/interop/run-sip-infra $(BUILD)/sip-infra

bench: all $(BUILD)/fixtures/.done $(BUILD)/x86_64/bench_winfax.exe
	bench/run $(BUILD)

# make check from a clone under a 0700 parent and a path with spaces (tests/harness/run-checkout-paths says
# which groups and why). Needs a git checkout; about 5 minutes on this shared 2-core machine.
harness-paths:
	tests/harness/run-checkout-paths $(BUILD)

clean:
	rm -rf $(BUILD)/x86_64 $(BUILD)/i686 $(BUILD)/native $(BUILD)/fuzz $(BUILD)/fixtures $(BUILD)/wineprefix $(BUILD)/wineprefix-i686 \
	    $(BUILD)/bench $(BUILD)/wineprefix-installer $(BUILD)/installer-run $(INSTALLER)
