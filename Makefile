# SPDX-License-Identifier: GPL-2.0-or-later
# nsbench: `make` builds build/nsbench and build/probes/*; `make check` runs the
# unit and integration tests, then the same again built with ASan and UBSan.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
O ?= build

CC ?= cc
CFLAGS ?= -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ifeq ($(SANITIZE),1)
CFLAGS := -O1 -g $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)
endif

PKGS := libcap libmnl libnftnl json-c zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) cmocka 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
WARN := -Wall -Wextra -Werror -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation -Wmissing-prototypes -Wstrict-prototypes
# Every include names its folder from the top ("common/combo.h"), except within one folder.
ALL_CFLAGS = -std=gnu17 -I. -I$(O)/gen $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP
# -z now: no lazy binding inside timed regions (BENCH-NOTES.md hazard 1).
ALL_LDFLAGS = -Wl,-z,now -Wl,-z,relro -Wl,--as-needed $(LDFLAGS)

# common/ is linked into the binary and into every probe; the rest only into the binary.
COMMON_SRC := $(wildcard common/*.c)
# harness/bench/worker.c is the main() of build/nsbench-worker, the benchmark worker program.
# harness/engine/tp_prog.c is the main() of build/nsbench-tp, the test parent program.
CORE_SRC := $(COMMON_SRC) $(filter-out harness/main.c harness/bench/worker.c harness/engine/tp_prog.c,\
	$(wildcard harness/*.c harness/*/*.c)) \
	$(wildcard suites/*.c) $(wildcard reports/*.c)
PROBE_LIB_SRC := probes/probe.c $(COMMON_SRC)
PROBES := $(patsubst probes/%.c,%,$(filter-out probes/probe.c,$(wildcard probes/*.c)))
LIARS := $(patsubst tests/liars/%.c,%,$(wildcard tests/liars/*.c))
UNITS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

CORE_OBJ := $(CORE_SRC:%.c=$(O)/obj/%.o)
PROBE_LIB_OBJ := $(PROBE_LIB_SRC:%.c=$(O)/obj/%.o)

all: $(O)/nsbench $(O)/nsbench-worker $(O)/nsbench-worker-net $(PROBES:%=$(O)/probes/%)
tests: all $(LIARS:%=$(O)/liars/%) $(UNITS:%=$(O)/unit/%)

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# nsbench links the libraries Debian ships as archives (json-c, zlib, libcap) statically:
# every test parent is a fork(2) of it, and each shared library is ~5 more mappings to copy
# and tear down per test (issue 15). libmnl (no archive) and libc stay shared.
NSB_STATIC_LIBS := $(foreach l,json-c z cap,$(if $(wildcard $(shell $(CC) -print-file-name=lib$(l).a)),-l$(l)))
$(O)/nsbench: $(O)/obj/harness/main.o $(CORE_OBJ)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -Wl,-Bstatic $(NSB_STATIC_LIBS) -Wl,-Bdynamic $(PKG_LIBS) -lm

# Probes link common/ from an archive (only the objects they use) and, but for those that
# use libmnl (Debian ships no libmnl.a) or a sanitizer, statically: an exec without the
# dynamic loader costs about 0.3 ms less per test here (issue 15).
$(O)/libnsbprobe.a: $(PROBE_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# Probes without libmnl, and nsbench-worker, are linked statically with musl where musl-gcc
# is installed (Debian's musl-tools, which scripts/deps.sh installs): a static glibc program
# spends 0.3-0.5 ms of every exec on this VM in its start-up's CPUID instructions
# (init_cpu_features and the cache probing of cacheinfo; each traps to the hypervisor);
# musl's start-up runs none (issue 15). They link Debian's libcap.a, which calls nothing
# glibc-specific. -static, not -static-pie: Debian's musl-gcc turns -static-pie into a dynamic
# link against /lib/ld-musl-x86_64.so.1. musl-gcc searches only musl's headers: the kernel's
# uapi headers and sys/capability.h are linked into $(O)/musl-include. Without musl-gcc or
# libcap.a, or with SANITIZE=1, they are built with glibc.
MUSL_CC := $(if $(filter 1,$(SANITIZE)),,$(shell command -v musl-gcc 2>/dev/null))
LIBCAP_A := $(shell $(CC) -print-file-name=libcap.a)
ifeq ($(wildcard $(LIBCAP_A)),)
MUSL_CC :=
endif
MUSL_INC := $(O)/musl-include
MUSL_CFLAGS = -std=gnu17 -I. -I$(O)/gen -isystem $(MUSL_INC) $(WARN) $(CFLAGS) -MMD -MP
MUSL_LIB_OBJ := $(filter-out %/netlink.o,$(PROBE_LIB_SRC:%.c=$(O)/obj-musl/%.o))
# A program that must run where musl is not installed (a QEMU guest, a container): no interpreter.
check_static = if readelf -lW $@ | grep -q 'program interpreter'; then \
		echo "$@: not static (it must run where musl is not installed)" >&2; rm -f $@; exit 1; fi

# The benchmark worker: exec'd fresh for every round, as small as a probe (issue 15). The net
# benchmarks use libmnl, which Debian ships only shared: they have their own worker,
# nsbench-worker-net, linked like the netlink probes; nsbench-worker is built without them.
$(O)/obj/harness/bench/bench_ops-nonet.o: harness/bench/bench_ops.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DNSB_WORKER_NO_NET -c -o $@ $<
WORKER_OBJ := $(O)/obj/harness/bench/worker.o $(O)/obj/harness/bench/perf.o
ifneq ($(MUSL_CC),)
# With musl its address space is that of a minimal C program (RSS ~100 kB, not ~780 kB with
# static glibc): its fork-style clone round trips now match tests/integration/bench-xloop.c's.
$(O)/obj-musl/harness/bench/bench_ops-nonet.o: harness/bench/bench_ops.c | $(MUSL_INC)/.stamp
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(MUSL_CFLAGS) -DNSB_WORKER_NO_NET -c -o $@ $<
$(O)/nsbench-worker: $(WORKER_OBJ:$(O)/obj/%=$(O)/obj-musl/%) $(O)/obj-musl/harness/bench/bench_ops-nonet.o \
		     $(O)/libnsbprobe-musl.a
	$(MUSL_CC) -static -o $@ $^ $(ALL_LDFLAGS)
	@$(check_static)
else
$(O)/nsbench-worker: $(WORKER_OBJ) $(O)/obj/harness/bench/bench_ops-nonet.o $(O)/libnsbprobe.a
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(PROBE_STATIC) -lm
endif
$(O)/nsbench-worker-net: $(WORKER_OBJ) $(O)/obj/harness/bench/bench_ops.o $(O)/libnsbprobe.a
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(PKG_LIBS) -lm

# The test parent program: the scheduler posix_spawn(3)s it per test instead of forking the
# dynamically linked nsbench (43 mappings to copy, fault in and tear down per test; issue 15).
# Only with musl: a static glibc start-up costs more than the fork it saves (CPUID traps, above);
# without it nsbench forks its test parents as before. The .netlink suites (net, labs) are left
# out: their hooks use libmnl, and their test parents are forked from nsbench.
TP_SRC := harness/engine/tp_prog.c harness/engine/tp.c harness/engine/spawn.c \
	$(filter-out suites/net.c suites/labs.c suites/suites.c,$(wildcard suites/*.c))
# NSB_TP_BUILD, a hash of what nsbench-tp is built from: nsbench checks it (nsbench-tp
# --build-id) and passes it to each test parent, so an old nsbench-tp left in a build or an
# install is never used (nsbench forks its test parents then).
TP_BUILD_SRC := $(sort $(TP_SRC) suites/suites.c $(wildcard suites/*.h harness/engine/*.h common/*.c common/*.h))
$(O)/gen/tp-build.h: $(TP_BUILD_SRC)
	@mkdir -p $(dir $@)
	@echo "#define NSB_TP_BUILD \"$$(cat $(TP_BUILD_SRC) | sha256sum | cut -c1-16)\"" > $@.tmp && mv $@.tmp $@
$(O)/obj/harness/engine/runner.o $(O)/obj/harness/cli.o $(O)/obj-musl/harness/engine/tp_prog.o: $(O)/gen/tp-build.h
ifneq ($(MUSL_CC),)
all: $(O)/nsbench-tp
$(O)/obj-musl/suites/suites-tp.o: suites/suites.c | $(MUSL_INC)/.stamp
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(MUSL_CFLAGS) -DNSB_TP_PROGRAM -c -o $@ $<
$(O)/nsbench-tp: $(TP_SRC:%.c=$(O)/obj-musl/%.o) $(O)/obj-musl/suites/suites-tp.o $(O)/libnsbprobe-musl.a
	$(MUSL_CC) -static -o $@ $^ $(ALL_LDFLAGS) $(LIBCAP_A)
	@$(check_static)
else
# No musl: no test parent program; one left from an earlier build would only be refused.
all: rm-stale-tp
rm-stale-tp:
	@rm -f $(O)/nsbench-tp
.PHONY: rm-stale-tp
endif

NETLINK_PROBES := $(patsubst probes/%.c,%,$(shell grep -l 'common/netlink.h' probes/*.c))
MUSL_PROBES := $(if $(MUSL_CC),$(filter-out $(NETLINK_PROBES),$(PROBES)))
GLIBC_PROBES := $(filter-out $(MUSL_PROBES),$(PROBES))
ifeq ($(SANITIZE),1)
PROBE_STATIC :=
else
PROBE_STATIC := -static-pie
endif

$(MUSL_INC)/.stamp:
	@mkdir -p $(MUSL_INC)/sys
	ln -sfn /usr/include/linux $(MUSL_INC)/linux
	ln -sfn $(firstword $(wildcard /usr/include/$(shell $(CC) -print-multiarch)/asm) /usr/include/asm) \
		$(MUSL_INC)/asm
	ln -sfn /usr/include/asm-generic $(MUSL_INC)/asm-generic
	ln -sfn /usr/include/sys/capability.h $(MUSL_INC)/sys/capability.h
	@touch $@
$(O)/obj-musl/%.o: %.c | $(MUSL_INC)/.stamp
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(MUSL_CFLAGS) -c -o $@ $<
$(O)/libnsbprobe-musl.a: $(MUSL_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# Errno and signal names from the kernel's uapi headers, for a C library without
# strerrorname_np(3)/sigabbrev_np(3) (common/errname.c).
$(O)/gen/uapi-names.h: scripts/uapi-names.sh
	@mkdir -p $(dir $@)
	scripts/uapi-names.sh "$(CC)" >$@.tmp && mv $@.tmp $@
$(O)/obj/common/errname.o $(O)/obj-musl/common/errname.o: $(O)/gen/uapi-names.h

$(GLIBC_PROBES:%=$(O)/probes/%): $(O)/probes/%: $(O)/obj/probes/%.o $(O)/libnsbprobe.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(if $(filter $*,$(NETLINK_PROBES)),,$(PROBE_STATIC)) \
		$(if $(filter $*,$(NETLINK_PROBES))$(SANITIZE),$(PKG_LIBS),-lcap) -lrt -lm
ifneq ($(MUSL_PROBES),)
$(MUSL_PROBES:%=$(O)/probes/%): $(O)/probes/%: $(O)/obj-musl/probes/%.o $(O)/libnsbprobe-musl.a
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static -o $@ $^ $(ALL_LDFLAGS) $(LIBCAP_A)
	@$(check_static)
endif

# Liars are test fixtures that must crash and lie like plain programs: never sanitized.
$(O)/liars/%: tests/liars/%.c $(PROBE_LIB_SRC) probes/probe.h $(O)/gen/uapi-names.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu17 $(WARN) -O1 -g -I. -I$(O)/gen -Iprobes $(PKG_CFLAGS) -o $@ $< $(PROBE_LIB_SRC) $(PKG_LIBS)

$(O)/unit/%: $(O)/obj/tests/unit/%.o $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# The dependencies first: pkg-config is evaluated again by the sub-makes.
check:
	@scripts/deps.sh
	$(MAKE) --no-print-directory tests
	$(MAKE) --no-print-directory O=build/san SANITIZE=1 tests
	tests/run.sh $(O) build/san

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/nsbench/probes
	install -m 0755 $(O)/nsbench $(DESTDIR)$(BINDIR)/nsbench
	install -m 0755 $(O)/nsbench-worker $(DESTDIR)$(LIBEXECDIR)/nsbench/nsbench-worker
	install -m 0755 $(O)/nsbench-worker-net $(DESTDIR)$(LIBEXECDIR)/nsbench/nsbench-worker-net
	$(if $(MUSL_CC),install -m 0755 $(O)/nsbench-tp $(DESTDIR)$(LIBEXECDIR)/nsbench/nsbench-tp)
	install -m 0755 $(PROBES:%=$(O)/probes/%) $(DESTDIR)$(LIBEXECDIR)/nsbench/probes/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 docs/nsbench.1 $(DESTDIR)$(MANDIR)/man1/nsbench.1
	install -m 0644 scripts/nsbench.bash-completion $(DESTDIR)$(BASHCOMPDIR)/nsbench

# The kselftest layout (run_kselftest.sh-compatible); KSFT_DIR=<kernel>/tools/testing/selftests adds its runner.
KSFT_INSTALL_PATH ?= $(O)/kselftest
kselftest-install: all
	scripts/kselftest-install.sh --build $(O) $(if $(KSFT_DIR),--kselftest-dir $(KSFT_DIR)) $(KSFT_INSTALL_PATH)

clean:
	rm -rf build

.PHONY: all tests check install kselftest-install clean
# Keep objects: they are intermediate files of chained pattern rules.
.SECONDARY:
-include $(shell find $(O) -name '*.d' 2>/dev/null)
