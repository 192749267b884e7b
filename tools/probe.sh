#!/bin/sh
# probe.sh: the one place that decides which compiler and QEMU this machine has. The Makefile,
# tools/setup.sh and the tests all ask it, so they never disagree.
#
#   sh tools/probe.sh          the toolchain to build with: the prefix of the first i386 cross
#                              toolchain found (e.g. i686-linux-gnu-), else "host" when the
#                              host gcc accepts -m32; nothing and exit status 1 when neither
#   sh tools/probe.sh all      every usable toolchain, one a line, in the same order
#   sh tools/probe.sh qemu     the QEMU binary to boot with (full path); exit 1 when none

have() { command -v "$1" >/dev/null 2>&1; }

# Every usable toolchain, best first ("toolchains first" stops after one). A cross toolchain
# needs its gcc and its objdump; the host one needs a gcc that really compiles with -m32
# (gcc-multilib), not just a gcc.
toolchains() {
	for p in i386-elf- i686-elf- i386-jos-elf- i686-linux-gnu-; do
		if have "${p}gcc" && have "${p}objdump"; then
			echo "$p"
			[ "$1" = first ] && return
		fi
	done
	if have gcc && have objdump &&
	   echo 'int x;' | gcc -m32 -x c -c -o /dev/null - >/dev/null 2>&1; then
		echo host
	fi
}

case "$1" in
"")
	first=$(toolchains first)
	[ -n "$first" ] || exit 1
	echo "$first"
	;;
all)
	list=$(toolchains)
	[ -n "$list" ] || exit 1
	echo "$list"
	;;
qemu)
	for q in qemu-system-i386 qemu-system-x86_64; do
		if have "$q"; then command -v "$q"; exit 0; fi
	done
	exit 1
	;;
*)
	echo "usage: sh tools/probe.sh [all | qemu]" >&2
	exit 2
	;;
esac
