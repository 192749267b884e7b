#!/bin/sh
# setup.sh: makes sure this machine has what building, booting and testing xv6 needs (an i386
# C compiler, QEMU, gdb, perl with prove, make), installing what is missing with apt-get.
# Idempotent: when nothing is missing it prints one line and changes nothing.
#
# `sh tools/setup.sh print` checks and installs instead what the printed listing needs
# (make print and test/06-listing.t): groff (groff -Tpdf) and poppler-utils
# (pdftotext, pdfinfo). `make print` runs it only when one of them is missing; nothing else
# installs them.

mode="${1:-build}"
label=""
[ "$mode" = print ] && label=" for the listing"
case "$mode" in build|print) ;; *) echo "usage: sh tools/setup.sh [print]" >&2; exit 2 ;; esac

missing=""      # Debian package names still to install, space separated
why=""          # one "package (what it is)" line per package, for the messages

have() { command -v "$1" >/dev/null 2>&1; }

need() {        # need PACKAGE DESCRIPTION
	case " $missing " in *" $1 "*) return ;; esac
	missing="$missing $1"
	why="$why
$1 ($2)"
}

# tools/probe.sh decides for the Makefile and the tests too, so all three agree on what is there.
probe() { sh "$(dirname "$0")/probe.sh" "$@" >/dev/null 2>&1; }

check() {
	missing=""
	why=""
	if [ "$mode" = print ]; then
		{ have groff && have gropdf; } || need groff "groff -Tpdf, typesets listing.pdf"
		{ have pdftotext && have pdfinfo; } || need poppler-utils "pdftotext and pdfinfo, for the listing's test"
		have perl || need perl "Perl, for tools/listing.pl"
		return
	fi
	# On Debian 12 gcc-multilib conflicts with the cross compiler, so install the cross one.
	if ! probe; then
		need gcc-i686-linux-gnu "i386 C compiler"
		need binutils-i686-linux-gnu "i386 assembler, linker and objdump"
	fi
	probe qemu || need qemu-system-x86 "QEMU"
	have gdb || need gdb "the GNU debugger"
	{ have perl && have prove; } || need perl "Perl and prove, for the generators and tests"
	have make || need make "GNU make"
}

check
if [ -z "$missing" ]; then
	echo "setup: all tools present$label"
	exit 0
fi

if ! have apt-get; then
	echo "setup: missing tools, and no apt-get to install them with." >&2
	echo "setup: on Debian or Ubuntu these packages provide them:$why" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	sudo=""
elif have sudo; then
	sudo="sudo"
else
	echo "setup: missing:$why" >&2
	echo "setup: not root and no sudo; as root, run:" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$missing" >&2
	exit 1
fi

echo "setup: updating the package lists (apt-get update) ..."
if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q; then
	echo "setup: apt-get update failed" >&2
	exit 1
fi
for pkg in $missing; do
	what=$(echo "$why" | sed -n "s/^$pkg (\(.*\))\$/\1/p")
	echo "setup: installing $pkg ($what) ..."
	if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg"; then
		echo "setup: installing $pkg failed" >&2
		exit 1
	fi
done

check
if [ -n "$missing" ]; then
	echo "setup: still missing after installing:$why" >&2
	exit 1
fi
echo "setup: all tools present$label"
