# Makefile: builds the boot image (xv6.img), the file system (fs.img) and the listings,
# boots them in QEMU, and runs the tests. `make help` lists the targets.

# Kernel objects, in roughly the order main() brings them up.
OBJS = \
	kalloc.o vm.o console.o panic.o uart.o kbd.o string.o spinlock.o backtrace.o sleeplock.o \
	mp.o lapic.o ioapic.o picirq.o main.o proc.o swtch.o trap.o trapasm.o vectors.o \
	syscall.o sysproc.o sysfile.o kdebug.o exec.o fpu.o bio.o log.o fs.o file.o pipe.o ide.o \
	pci.o e1000.o net.o

# User programs that go into fs.img, as user/_NAME.
UPROGS = init sh cat echo grep kill ln ls mkdir rm wc zombie forktest stressfs usertests \
	faultnull faultkern faultcli kfault usertestsnofp crashwork iputrace nettest \
	lockstat
# Extra host-built programs to add to fs.img (absolute paths), e.g. make UEXTRA=/tmp/_hello
UEXTRA ?=

# ---------------------------------------------------------------------------------------
# Tools. tools/probe.sh picks the toolchain (the first i386 cross toolchain, else the host gcc
# if it accepts -m32) and QEMU; setup.sh and the tests ask it too. Override with
# `make TOOLCHAIN=host`, `make TOOLPREFIX=i386-elf-` or `make QEMU=...`.
#
# When one is missing, only the goals that need it (TOOLGOALS; the tests also need gdb and
# prove) install it, through tools/setup.sh: so `make qemu-nox` and `make test` set up a fresh
# machine, while `make -n`, `make clean`, `make help` and the like never install anything.
# `make setup` installs on demand.
TOOLGOALS = all qemu qemu-nox qemu-gdb qemu-nox-gdb test grade xv6.img fs.img kernel
DRYRUN := $(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS)))
AUTOSETUP := $(if $(DRYRUN),,$(filter $(TOOLGOALS),$(or $(MAKECMDGOALS),all)))

ifdef TOOLPREFIX
TOOLCHAIN := $(TOOLPREFIX)
endif
ifndef TOOLCHAIN
TOOLCHAIN := $(shell sh tools/probe.sh)
endif
ifndef QEMU
QEMU := $(shell sh tools/probe.sh qemu)
endif
ifneq ($(AUTOSETUP),)
MISSING := $(if $(TOOLCHAIN),,compiler) $(if $(QEMU),,QEMU)
ifneq ($(filter test grade,$(AUTOSETUP)),)
MISSING += $(if $(shell command -v gdb),,gdb) $(if $(shell command -v prove),,prove)
endif
ifneq ($(strip $(MISSING)),)
$(info *** Not found here: $(strip $(MISSING)). Running tools/setup.sh to install what is missing.)
SETUP := $(shell sh tools/setup.sh >&2)
TOOLCHAIN := $(or $(TOOLCHAIN),$(shell sh tools/probe.sh))
QEMU := $(or $(QEMU),$(shell sh tools/probe.sh qemu))
ifeq ($(TOOLCHAIN),)
$(error No i386 C compiler found. Install the Debian/Ubuntu package gcc-i686-linux-gnu \
  (with binutils-i686-linux-gnu), or gcc-multilib for the host gcc, or run `make setup`)
endif
endif
endif
# Tools that are there but too old: say which, and the package or version needed.
ifneq ($(AUTOSETUP),)
TOOLSTOOOLD := $(shell sh tools/probe.sh versions '$(TOOLCHAIN)' '$(QEMU)')
ifneq ($(TOOLSTOOOLD),)
$(error $(TOOLSTOOOLD))
endif
endif
# TOOLCHAIN=host means the host gcc with -m32 (no prefix). With no toolchain at all (only in
# goals that do not install one), commands name the cross compiler `make setup` would install.
TOOLPREFIX := $(if $(TOOLCHAIN),$(subst host,,$(TOOLCHAIN)),i686-linux-gnu-)

CC = $(TOOLPREFIX)gcc
LD = $(TOOLPREFIX)ld
OBJCOPY = $(TOOLPREFIX)objcopy
OBJDUMP = $(TOOLPREFIX)objdump
HOSTCC = cc

# -fno-pic/-fno-pie: the kernel runs at fixed addresses (new gcc builds PIE by default).
# -mgeneral-regs-only: no SSE/x87 code; the kernel does not save FPU state.
# -fcf-protection=none: no endbr32 and no .note.gnu.property (Ubuntu's default CET).
# -fno-omit-frame-pointer: panic() walks the EBP chain for its backtrace.
# -MD -MP: dependency files, whose headers may disappear (reverting a lab's patch) harmlessly.
CFLAGS = -m32 -march=i686 -O2 -Wall -Werror -MD -MP -ggdb -fno-pic -fno-pie -static -fno-builtin \
	-fno-strict-aliasing -fno-omit-frame-pointer -ffreestanding -fno-stack-protector \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -nostdinc -I.
# `make DEBUGHOOKS=1` compiles in the test-only kdebug() operations (kdebug.h). Off by default.
DEBUGHOOKS ?= 0
ifeq ($(DEBUGHOOKS),1)
CFLAGS += -DDEBUGHOOKS
endif
# Probes run once (:=): CFLAGS is a recursive variable, and a $(shell) added to it
# directly would run again for every file compiled.
NOCFPROT := $(shell $(CC) -fcf-protection=none -x c -c -o /dev/null /dev/null >/dev/null 2>&1 && echo -fcf-protection=none)
CFLAGS += $(NOCFPROT)
ASFLAGS = -m32 -gdwarf-2 -Wa,-divide -Wa,--noexecstack -Werror -nostdinc -I.
# Drop notes so every output has exactly the LOAD segments the linker script asks for.
LDFLAGS = -m elf_i386 -z noexecstack --build-id=none
NORWXWARN := $(shell $(LD) -m elf_i386 --no-warn-rwx-segments -v >/dev/null 2>&1 && echo --no-warn-rwx-segments)
LDFLAGS += $(NORWXWARN)
LDFLAGS += --fatal-warnings

CPUS ?= 2
GDBPORT := $(shell expr `id -u` % 5000 + 25000)
QEMUGDB = -gdb tcp::$(GDBPORT)
# The disks QEMU opens. The tests boot copies: make print-qemu XV6IMG=copy FSIMG=copy.
XV6IMG = xv6.img
FSIMG = fs.img
# `make qemu-nox LAB=cow`: boot a separate disk, the tree's programs plus the lab's test
# programs (labs/cow/*.c) and the student's programs, made as grading makes it
# (labs/grade --fs) in test/out/lab-cow-qemu/fs.img, afresh at every boot. The tree's fs.img
# is left as it is.
ifneq ($(LAB),)
FSIMG = test/out/lab-$(LAB)-qemu/fs.img
QEMUFS = labqemufs
else
QEMUFS = fs.img
endif
# `make qemu-nox NET=1`: add an e1000 network card on QEMU's user-mode network, restricted
# (restrict=on: the guest reaches nothing outside), with UDP sent to 127.0.0.1:NETPORT on
# this machine forwarded to the guest's port 2000 (10.0.2.15:2000), and every frame the
# card sends or receives written to NETDUMP (a pcap file: wireshark, tcpdump -r).
# restrict=on also drops every UDP datagram the guest sends, replies to the forwarded
# port included: they are only in NETDUMP. There is no switch to lift the restriction:
# a guest on this machine's network stays on this machine.
NETPORT = $(shell expr `id -u` % 5000 + 30000)
NETQPORT = $(shell expr $(NETPORT) + 1)
NETDUMP = net.pcap
ifeq ($(NET),1)
QEMUNET = -netdev user,id=net0,restrict=on,hostfwd=udp:127.0.0.1:$(NETPORT)-:2000 \
	-device e1000,netdev=net0 -object filter-dump,id=dump0,netdev=net0,file=$(NETDUMP)
else ifeq ($(NET),socket)
# `make qemu-nox NET=socket`: the card's cable is a host UDP socket instead: QEMU sends each
# frame the guest transmits, whole, as one datagram to 127.0.0.1:NETPORT, and puts each
# datagram it gets on 127.0.0.1:NETQPORT on the wire to the guest. A host program there
# plays the gateway 10.0.2.2 (answers ARP) and may send any frame, malformed ones too.
QEMUNET = -netdev socket,id=net0,udp=127.0.0.1:$(NETPORT),localaddr=127.0.0.1:$(NETQPORT) \
	-device e1000,netdev=net0 -object filter-dump,id=dump0,netdev=net0,file=$(NETDUMP)
else
# Without NET=1, no network card at all (QEMU would otherwise add its default one, an
# e1000 on an unrestricted user-mode network).
QEMUNET = -net none
endif
QEMUOPTS = -machine accel=tcg -drive file=$(FSIMG),index=1,media=disk,format=raw \
	-drive file=$(XV6IMG),index=0,media=disk,format=raw -smp cpus=$(CPUS),sockets=$(CPUS) -m 512 -no-reboot \
	$(QEMUNET) $(QEMUEXTRA)
# `make qemu-nox`: the serial console (and QEMU's monitor, Ctrl-A c) in this terminal.
QEMUNOX = $(QEMU) -nographic $(QEMUOPTS)
# `make qemu`: a VGA window, the serial console in this terminal. With no display to open a
# window on (no DISPLAY or WAYLAND_DISPLAY, e.g. over ssh) QEMU's gtk would only fail, so
# boot as qemu-nox does.
ifeq ($(DISPLAY)$(WAYLAND_DISPLAY),)
QEMUWIN = $(QEMUNOX)
NODISPLAY = @echo "*** No display found (DISPLAY and WAYLAND_DISPLAY are unset): booting on the serial console, as make qemu-nox does (quit: Ctrl-A x)." 1>&2
else
QEMUWIN = $(QEMU) -serial mon:stdio $(QEMUOPTS)
NODISPLAY = @:
endif

.PHONY: all qemu qemu-nox qemu-gdb qemu-nox-gdb print-qemu gdb test grade setup clean help \
	check-labs handout labprog labfs crashtest print listing-html where labqemufs submit zipball
.DELETE_ON_ERROR:

all: xv6.img fs.img kernel.asm kernel.sym tools/fsck

help:
	@echo "make qemu-nox     boot in this terminal (quit: Ctrl-A x)"
	@echo "make qemu         boot with a VGA window, serial in this terminal (no display: as qemu-nox)"
	@echo "make qemu-gdb     boot halted, waiting for gdb on port $(GDBPORT); then 'make gdb'"
	@echo "make test         build from clean and run every test (prove -v, TESTJOBS at a time)"
	@echo "make grade        the same, with a score out of the total (test/grade)"
	@echo "make grade LAB=util   grade one lab (labs/README.md lists them): Score: X/Y"
	@echo "make grade LAB=cow TEST=simple   only the tests whose names match (a regex)"
	@echo "make qemu-nox LAB=cow boot with the lab's test programs (cowtest) on the disk"
	@echo "make submit LAB=cow   pack the hand-in: your diff, answers.txt, time.txt, grade results"
	@echo "make check-labs   instructors/CI: every lab fails unmodified, passes with its solution"
	@echo "make handout DEST=DIR   copy the tree as students get it (no solution patches)"
	@echo "make crashtest    cut the power at every disk write of a workload; check recovery"
	@echo "make print        the listing the lectures cite, as listing.pdf (sheets, contents, index)"
	@echo "make listing-html the same listing as HTML: listing-html/index.html (offline, linked)"
	@echo "make where SYM=setupkvm   where the listing defines SYM: file:line, line number, sheet"
	@echo "make setup        install the compiler, QEMU, gdb and prove (tools/setup.sh)"
	@echo "make clean        remove everything the build made"
	@echo "CPUS=N QEMUEXTRA='...' change the machine"
	@echo "make qemu-nox NET=1   add an e1000 card: host UDP to 127.0.0.1:$(NETPORT) reaches port 2000"

# ---- generated sources ----------------------------------------------------------------
syscall.h syscalltab.h user/usys.S user/usys.h &: syscalls.tbl tools/syscalls.pl
	perl tools/syscalls.pl syscalls.tbl . user

vectors.S: tools/vectors.pl
	perl tools/vectors.pl > vectors.S

# Every object may include syscall.h; make sure it exists before the first compile.
$(OBJS) entry.o entryother.o initcode.o bootmain.o: syscall.h

syscall.o: syscalltab.h

# ---- boot sector ------------------------------------------------------------------------
bootblock: bootasm.S bootmain.c tools/sign.pl
	$(CC) $(CFLAGS) -Os -c bootmain.c
	$(CC) $(CFLAGS) -c bootasm.S
	$(LD) $(LDFLAGS) -N -e start -Ttext 0x7C00 -o bootblock.o bootasm.o bootmain.o
	$(OBJDUMP) -S bootblock.o > bootblock.asm
	$(OBJCOPY) -S -O binary -j .text bootblock.o bootblock
	perl tools/sign.pl bootblock

# A hexadecimal constant from memlayout.h, so the linker gets the addresses the C code uses:
# $(call layout,NAME).
layout = $(shell sed -n 's/^\#define $(1)  *\(0x[0-9a-fA-F]*\).*/\1/p' memlayout.h)

# ---- kernel -----------------------------------------------------------------------------
entryother: entryother.S
	$(CC) $(CFLAGS) -c entryother.S
	$(LD) $(LDFLAGS) -N -e start -Ttext $(call layout,APSTART) -o bootblockother.o entryother.o
	$(OBJCOPY) -S -O binary -j .text bootblockother.o entryother

initcode: user/initcode.S syscall.h traps.h
	$(CC) $(CFLAGS) -c user/initcode.S -o initcode.o
	$(LD) $(LDFLAGS) -N -e start -Ttext 0x1000 -o initcode.out initcode.o
	$(OBJCOPY) -S -O binary initcode.out initcode

kernel: $(OBJS) entry.o entryother initcode kernel.ld
	$(LD) $(LDFLAGS) --defsym KERNBASE=$(call layout,KERNBASE) --defsym EXTMEM=$(call layout,EXTMEM) \
	  -T kernel.ld -o kernel entry.o $(OBJS) -b binary initcode entryother

kernel.asm: kernel
	$(OBJDUMP) -S kernel > kernel.asm

kernel.sym: kernel
	$(OBJDUMP) -t kernel | sed '1,/SYMBOL TABLE/d; s/ .* / /; /^$$/d' | sort > kernel.sym

xv6.img: bootblock kernel
	dd if=/dev/zero of=xv6.img count=10000 status=none
	dd if=bootblock of=xv6.img conv=notrunc status=none
	dd if=kernel of=xv6.img seek=1 conv=notrunc status=none

# ---- user programs ----------------------------------------------------------------------
ULIB = user/ulib.o user/usys.o user/printf.o user/umalloc.o
UCFLAGS = $(CFLAGS) -Iuser

user/%.o: user/%.c user/usys.h syscall.h
	$(CC) $(UCFLAGS) -c -o $@ $<

# usertests is built from user/usertests/, one file per topic (main.c has the runner and
# the table of cases). usertestsnofp is the same sources built without frame pointers
# (-fomit-frame-pointer), as many course suites are: %ebp then holds ordinary data at every
# system call. Its objects are NAME.nofp.o, so the two builds never share one.
UTNAMES = main util proc mem args exec fs pipe regs fuzz
UTOBJS = $(UTNAMES:%=user/usertests/%.o) user/usertests/hostile.o
UTNOFPOBJS = $(UTNAMES:%=user/usertests/%.nofp.o) user/usertests/hostile.o

user/usertests/%.o: user/usertests/%.c user/usertests/usertests.h user/usys.h syscall.h
	$(CC) $(UCFLAGS) -c -o $@ $<

user/usertests/%.nofp.o: user/usertests/%.c user/usertests/usertests.h user/usys.h syscall.h
	$(CC) $(UCFLAGS) -fomit-frame-pointer -c -o $@ $<

user/usertests/hostile.o: user/usertests/hostile.S traps.h
	$(CC) $(ASFLAGS) -c -o $@ $<

user/usys.o: user/usys.S syscall.h
	$(CC) $(ASFLAGS) -c -o $@ $<

user/ulib.a: $(ULIB)
	rm -f $@
	$(TOOLPREFIX)ar rcs $@ $(ULIB)

# Programs are linked at 0x1000 (page 0 stays unmapped) with text and data on separate pages.
# user/NAME.debug keeps the symbols (gdb: symbol-file user/NAME.debug); fs.img gets the
# stripped user/_NAME, since a file holds at most MAXFILE (140) blocks (70 KB). A small
# max-page-size packs the segments in the file without page padding; their addresses stay
# page aligned (user.ld), which is what exec checks.
user/_%: user/%.o user/ulib.a user/user.ld
	$(LD) $(LDFLAGS) -z max-page-size=16 -T user/user.ld -o user/$*.debug $< user/ulib.a
	$(OBJDUMP) -S user/$*.debug > user/$*.asm
	$(OBJCOPY) --strip-all user/$*.debug $@

# The programs made of several objects: the same steps, with every object.
user/_usertests: $(UTOBJS) user/ulib.a user/user.ld
	$(LD) $(LDFLAGS) -z max-page-size=16 -T user/user.ld -o user/usertests.debug $(UTOBJS) user/ulib.a
	$(OBJDUMP) -S user/usertests.debug > user/usertests.asm
	$(OBJCOPY) --strip-all user/usertests.debug $@

user/_usertestsnofp: $(UTNOFPOBJS) user/ulib.a user/user.ld
	$(LD) $(LDFLAGS) -z max-page-size=16 -T user/user.ld -o user/usertestsnofp.debug $(UTNOFPOBJS) user/ulib.a
	$(OBJDUMP) -S user/usertestsnofp.debug > user/usertestsnofp.asm
	$(OBJCOPY) --strip-all user/usertestsnofp.debug $@

tools/mkfs: tools/mkfs.c fs.h param.h types.h stat.h
	$(HOSTCC) -Werror -Wall -I. -o tools/mkfs tools/mkfs.c

# tools/fsck checks an image: tools/fsck [-r] fs.img (-r first replays a committed log).
tools/fsck: tools/fsck.c fs.h param.h types.h stat.h
	$(HOSTCC) -Werror -Wall -I. -o tools/fsck tools/fsck.c

fs.img: tools/mkfs README $(UPROGS:%=user/_%) $(UEXTRA)
	./tools/mkfs fs.img README $(UPROGS:%=user/_%) $(UEXTRA)

.PRECIOUS: user/%.o user/_% user/%.debug user/usertests/%.o

-include *.d user/*.d user/usertests/*.d

# ---- running ----------------------------------------------------------------------------
qemu: xv6.img $(QEMUFS)
	$(NODISPLAY)
	$(QEMUWIN)

qemu-nox: xv6.img $(QEMUFS)
	$(QEMUNOX)

.gdbinit: tools/gdbinit.tmpl
	sed "s/localhost:1234/localhost:$(GDBPORT)/" < $^ > $@

qemu-gdb: xv6.img $(QEMUFS) .gdbinit
	@echo "*** Now run 'make gdb' in another window." 1>&2
	$(NODISPLAY)
	$(QEMUWIN) -S $(QEMUGDB)

qemu-nox-gdb: xv6.img $(QEMUFS) .gdbinit
	@echo "*** Now run 'make gdb' in another window." 1>&2
	$(QEMUNOX) -S $(QEMUGDB)

# The command `make qemu-nox` runs, one argument a line (after the shell's quote removal),
# for the tests (test/lib/Xv6Test.pm), which boot with it: make -s print-qemu CPUS=N
# XV6IMG=... FSIMG=... It builds nothing.
print-qemu:
	@test -n "$(QEMU)" || { echo "no QEMU found; \`make setup\` installs it" 1>&2; exit 1; }
	@printf '%s\n' $(QEMUNOX)

gdb: .gdbinit
	gdb -q -iex 'set auto-load local-gdbinit off' -x .gdbinit

# ---- tests ------------------------------------------------------------------------------
# A clean build first, so every test sees the tree as it is now (and no test script has to).
# The scripts run TESTJOBS at a time (default: one per processor); each boots on its own
# copies of the disks, and prove prints a script's output whole when it ends, with its time.
# The slowest start first, so that no long one is left running alone at the end (45
# waits more than it computes: early, its waits overlap the usertests boots).
TESTJOBS ?= $(shell nproc 2>/dev/null || echo 1)
SLOWTESTS = test/20-usertests-cpus1.t test/21-usertests-cpus4.t test/45-iput-race.t \
	test/42-crash.t test/43-crash.t test/00-build.t test/05-kernel-fault.t
ALLTESTS = $(sort $(wildcard test/*.t))
TESTS = $(filter $(ALLTESTS),$(SLOWTESTS)) $(filter-out $(SLOWTESTS),$(ALLTESTS))
# The build's output is kept in test/out/tree-build.log: test/00-build.t checks it for
# warnings instead of building the same toolchain again.
test:
	$(MAKE) clean
	mkdir -p test/out && $(MAKE) -j$(TESTJOBS) all > test/out/tree-build.log 2>&1; \
	  s=$$?; cat test/out/tree-build.log; exit $$s
	XV6_TREE_BUILD_LOG=test/out/tree-build.log prove -j$(TESTJOBS) -v --timer $(TESTS)

# `make grade` scores the test suite; `make grade LAB=NAME` grades one lab (labs/grade).
grade:
ifeq ($(LAB),)
	perl test/grade -j$(TESTJOBS) $(TESTS)
else
	perl labs/grade $(if $(TEST),'--only=$(TEST)') $(LAB)
endif

# ---- labs (labs/README.md) ---------------------------------------------------------------
# Every lab with a solution.patch: fails unmodified, full marks patched, usertests -q passes.
# LABS="util traps" checks only those.
# LABJOBS labs at a time (default: one per processor), each in its own scratch copy.
LABJOBS ?= $(shell nproc 2>/dev/null || echo 1)
check-labs:
	perl labs/check-labs -j$(LABJOBS) $(LABS)

# The tree as a student receives it: everything but the solution patches.
handout:
	perl labs/handout $(DEST)

# `make qemu-nox LAB=NAME` boots this disk: made afresh by labs/grade --fs.
labqemufs:
	perl labs/grade --fs $(LAB) >/dev/null

# The hand-in (labs/submit): lab-NAME-handin.zip with the student's diff against the handout's
# first commit, answers.txt, time.txt and the last `make grade LAB=NAME` results.
submit zipball:
	perl labs/submit $(LAB)

# For labs/grade: one lab test program, LABSRC (labs/NAME/PROG.c), compiled and linked exactly
# like a user program into LABOUT (a stripped _PROG; LABOUT.debug keeps the symbols).
labprog: user/ulib.a user/user.ld user/usys.h syscall.h
	$(CC) $(UCFLAGS) -c -o $(LABOUT).o $(LABSRC)
	$(LD) $(LDFLAGS) -z max-page-size=16 -T user/user.ld -o $(LABOUT).debug $(LABOUT).o user/ulib.a
	$(OBJCOPY) --strip-all $(LABOUT).debug $(LABOUT)

# For labs/grade: a grading file system LABFS with UPROGS plus the programs in LABEXTRA
# (those already in UPROGS are not added twice). The tree's fs.img is left alone.
labfs: tools/mkfs README $(UPROGS:%=user/_%)
	./tools/mkfs $(LABFS) README $(UPROGS:%=user/_%) $(filter-out $(UPROGS:%=user/_%),$(LABEXTRA))

# ---- the printed listing (tools/listing.pl, README: "The listing") ---------------------------
# One data file numbers every line (100 a sheet, files from a half-sheet) and holds the symbol
# index; the PDF, the HTML and `make where` are all made from it, so they agree. The files and
# their order: tools/listing.order. The PDF needs groff (and the test poppler-utils): when one is
# missing, `make print` installs them with `sh tools/setup.sh print`.
LISTSRC = $(wildcard *.c *.h *.S *.ld *.tbl user/*.c user/*.h user/*.S)

listing.dat: tools/listing.pl tools/listing.order .gitignore $(LISTSRC)
	@perl tools/listing.pl data tools/listing.order > $@

print: listing.pdf

listing.pdf: listing.dat
	@{ command -v groff && command -v gropdf; } >/dev/null 2>&1 || sh tools/setup.sh print
	perl tools/listing.pl troff listing.dat > listing.tr
	groff -Tpdf -P-pa4 -P-l listing.tr > $@

listing-html: listing.dat
	rm -rf listing-html
	perl tools/listing.pl html listing.dat listing-html
	@echo "listing-html/index.html (cross-reference index: listing-html/xref.html)"

where: listing.dat
	@test -n "$(SYM)" || { echo "usage: make where SYM=name (e.g. make where SYM=setupkvm)" >&2; exit 2; }
	@perl tools/listing.pl where listing.dat '$(SYM)'

# Install what building, booting and testing need (Debian/Ubuntu, apt-get).
setup:
	sh tools/setup.sh

# The full power-cut sweep (test/42-crash.t runs a sample of it). Builds a DEBUGHOOKS=1
# kernel in a scratch copy of the tree, never here.
crashtest: all
	perl test/crashtest.pl

clean:
	rm -f *.o *.d *.asm *.sym vectors.S bootblock entryother initcode initcode.out kernel \
	  xv6.img fs.img syscall.h syscalltab.h .gdbinit bootblockother.o \
	  user/*.o user/*.d user/*.asm user/*.debug user/_* user/usys.S user/usys.h user/ulib.a tools/mkfs tools/fsck \
	  listing.dat listing.tr listing.pdf user/usertests/*.o user/usertests/*.d net.pcap
	rm -rf test/out listing-html
