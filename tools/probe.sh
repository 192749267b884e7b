#!/bin/sh
# probe.sh: the one place that decides which compiler and QEMU this machine has. The Makefile,
# tools/setup.sh and the tests all ask it, so they never disagree.
#
#   sh tools/probe.sh          the toolchain to build with: the prefix of the first i386 cross
#                              toolchain found (e.g. i686-linux-gnu-), else "host" when the
#                              host gcc accepts -m32; nothing and exit status 1 when neither
#   sh tools/probe.sh all      every usable toolchain, one a line, in the same order
#   sh tools/probe.sh qemu     the QEMU binary to boot with (full path); exit 1 when none
#   sh tools/probe.sh versions TOOLCHAIN QEMU
#                              one line per tool that is too old (naming the version needed
#                              and the package that provides it), exit 1; nothing, exit 0, when
#                              both are new enough. The Makefile runs it before building.

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
versions)
	# What the build needs: gcc 7 for -mgeneral-regs-only on x86 (CFLAGS); QEMU 2.0 for
	# -smp cpus=N,sockets=N with -machine accel=tcg as the Makefile passes them.
	bad=0
	case "$2" in host) cc=gcc ;; *) cc="${2}gcc" ;; esac
	if [ -n "$2" ] && have "$cc"; then
		v=$("$cc" -dumpversion 2>/dev/null)
		major=${v%%.*}
		case "$major" in ''|*[!0-9]*) major=0 ;; esac
		if [ "$major" -lt 7 ]; then
			echo "$cc is version ${v:-unknown}; xv6 needs gcc 7 or newer (-mgeneral-regs-only): install gcc-i686-linux-gnu (Debian 10 / Ubuntu 18.04 or newer), or run make TOOLPREFIX=... with a newer cross compiler"
			bad=1
		fi
	fi
	if [ -n "$3" ] && [ -x "$3" ]; then
		v=$("$3" --version 2>/dev/null | sed -n 's/.*version \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' | head -n 1)
		major=${v%%.*}
		case "$major" in ''|*[!0-9]*) major=0 ;; esac
		if [ "$major" -lt 2 ]; then
			echo "$3 is version ${v:-unknown}; xv6 needs QEMU 2.0 or newer: install qemu-system-x86"
			bad=1
		fi
	fi
	exit $bad
	;;
*)
	echo "usage: sh tools/probe.sh [all | qemu | versions TOOLCHAIN QEMU]" >&2
	exit 2
	;;
esac
