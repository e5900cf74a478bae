# SPDX-License-Identifier: GPL-2.0
#
#   make demo      boot the arm64 VM with the simulated engine and show the tools
#   make test      the whole test run in QEMU (scripts/run-tests.sh)
#   make modules   build the modules for the host's Debian 6.1 kernel, or
#                  KDIR=/path/to/kernel/build [ARCH=arm64|amd64]
#   make check     checkpatch --strict, sparse (C=2, W=1), dt-schema, dts examples
#   make userspace build libaxidma and the axidma tool, run their unit tests
#   make clean     remove build/
#
# Kernel sources are never built here: Kbuild is the out-of-tree entry point.

SHELL := /bin/bash
HOSTARCH := $(shell dpkg --print-architecture)
ARCH ?= $(HOSTARCH)
override ARCH := $(subst x86_64,amd64,$(subst aarch64,arm64,$(ARCH)))

.PHONY: all test modules check checkpatch sparse dtschema dts deps clean demo help userspace

all: modules

help:
	@sed -n '3,11p' Makefile | sed 's/^# \{0,1\}//'

deps:
	scripts/deps.sh

test:
	scripts/run-tests.sh

modules: deps
	@kdir="$(KDIR)"; \
	if [ -z "$$kdir" ]; then kdir=$$(scripts/kernel.sh fetch $(ARCH) 6.1)/build || exit 1; fi; \
	scripts/build-modules.sh modules-$(ARCH) "$$kdir" $(ARCH)

check: deps
	scripts/check.sh

checkpatch sparse dtschema dts: deps
	scripts/check.sh $@

demo:
	tests/vm/demo/run.sh

userspace: deps
	@[ -f build/userspace/build.ninja ] || meson setup build/userspace userspace
	ninja -C build/userspace
	meson test -C build/userspace --print-errorlogs

clean:
	rm -rf build
