# Makefile: builds the boot image (xv6.img), the file system (fs.img) and the listings,
# boots them in QEMU, and runs the tests. `make help` lists the targets.

# Kernel objects, in roughly the order main() brings them up.
OBJS = \
	kalloc.o vm.o console.o uart.o kbd.o string.o spinlock.o sleeplock.o \
	mp.o lapic.o ioapic.o picirq.o main.o proc.o swtch.o trap.o trapasm.o vectors.o \
	syscall.o sysproc.o sysfile.o kdebug.o exec.o bio.o log.o fs.o file.o pipe.o ide.o

# User programs that go into fs.img, as user/_NAME.
UPROGS = init sh cat echo grep kill ln ls mkdir rm wc zombie forktest stressfs usertests \
	faultnull faultkern faultcli crashwork
# Extra host-built programs to add to fs.img (absolute paths), e.g. make UEXTRA=/tmp/_hello
UEXTRA ?=

# ---------------------------------------------------------------------------------------
# Toolchain probe. The first i386 ELF toolchain found wins; the host gcc is used last, if it
# accepts -m32. Override with `make TOOLPREFIX=...` or `make QEMU=...`.
NOSETUP := $(filter clean distclean help,$(MAKECMDGOALS))
probe_prefix = $(firstword \
	$(foreach p,i386-elf- i686-elf- i386-jos-elf- i686-linux-gnu-, \
	  $(if $(shell command -v $(p)gcc >/dev/null 2>&1 && command -v $(p)objdump >/dev/null 2>&1 && echo y),$(p))) \
	$(if $(shell echo 'int x;' | gcc -m32 -x c -c -o /dev/null - >/dev/null 2>&1 && command -v objdump >/dev/null && echo y),host))
probe_qemu = $(firstword $(foreach q,qemu-system-i386 qemu-system-x86_64,$(shell command -v $(q) 2>/dev/null)))

ifdef TOOLPREFIX
TOOLCHAIN := $(TOOLPREFIX)
else
ifndef TOOLCHAIN
TOOLCHAIN := $(probe_prefix)
ifeq ($(TOOLCHAIN)$(NOSETUP),)
# Nothing usable: let tools/setup.sh install what is missing, then look again.
$(info *** No i386 compiler found; running tools/setup.sh to install one.)
SETUP := $(shell sh tools/setup.sh >&2; echo $$?)
TOOLCHAIN := $(probe_prefix)
endif
endif
# TOOLCHAIN=host means the host gcc with -m32 (no prefix).
TOOLPREFIX := $(subst host,,$(TOOLCHAIN))
endif
ifndef QEMU
QEMU := $(probe_qemu)
ifeq ($(QEMU)$(NOSETUP)$(SETUP),)
$(info *** No QEMU found; running tools/setup.sh to install it.)
SETUP := $(shell sh tools/setup.sh >&2; echo $$?)
QEMU := $(probe_qemu)
endif
endif

ifeq ($(NOSETUP),)
ifeq ($(TOOLCHAIN)$(TOOLPREFIX),)
$(error No i386 C compiler found. Install the Debian/Ubuntu package gcc-i686-linux-gnu \
  (with binutils-i686-linux-gnu), or gcc-multilib for the host gcc, or run tools/setup.sh)
endif
endif

CC = $(TOOLPREFIX)gcc
LD = $(TOOLPREFIX)ld
OBJCOPY = $(TOOLPREFIX)objcopy
OBJDUMP = $(TOOLPREFIX)objdump
HOSTCC = cc

# -fno-pic/-fno-pie: the kernel runs at fixed addresses (new gcc builds PIE by default).
# -mgeneral-regs-only: no SSE/x87 code; the kernel does not save FPU state.
# -fcf-protection=none: no endbr32 and no .note.gnu.property (Ubuntu's default CET).
# -fno-omit-frame-pointer: panic() walks the EBP chain for its backtrace.
CFLAGS = -m32 -march=i686 -O2 -Wall -Werror -MD -ggdb -fno-pic -fno-pie -static -fno-builtin \
	-fno-strict-aliasing -fno-omit-frame-pointer -ffreestanding -fno-stack-protector \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -nostdinc -I.
# `make DEBUGHOOKS=1` compiles in the test-only kdebug() operations (kdebug.h). Off by default.
DEBUGHOOKS ?= 0
ifeq ($(DEBUGHOOKS),1)
CFLAGS += -DDEBUGHOOKS
endif
CFLAGS += $(shell $(CC) -fcf-protection=none -x c -c -o /dev/null /dev/null >/dev/null 2>&1 && echo -fcf-protection=none)
ASFLAGS = -m32 -gdwarf-2 -Wa,-divide -Wa,--noexecstack -Werror -nostdinc -I.
# Drop notes so every output has exactly the LOAD segments the linker script asks for.
LDFLAGS = -m elf_i386 -z noexecstack --build-id=none
LDFLAGS += $(shell $(LD) -m elf_i386 --no-warn-rwx-segments -v >/dev/null 2>&1 && echo --no-warn-rwx-segments)
LDFLAGS += --fatal-warnings

CPUS ?= 2
GDBPORT = $(shell expr `id -u` % 5000 + 25000)
QEMUGDB = -gdb tcp::$(GDBPORT)
QEMUOPTS = -machine accel=tcg -drive file=fs.img,index=1,media=disk,format=raw \
	-drive file=xv6.img,index=0,media=disk,format=raw -smp cpus=$(CPUS),sockets=$(CPUS) -m 512 -no-reboot $(QEMUEXTRA)

.PHONY: all qemu qemu-nox qemu-gdb qemu-nox-gdb gdb test grade crashtest clean help
.DELETE_ON_ERROR:

all: xv6.img fs.img kernel.asm kernel.sym tools/fsck

help:
	@echo "make qemu-nox     boot in this terminal (quit: Ctrl-A x)"
	@echo "make qemu         boot with a VGA window, serial in this terminal"
	@echo "make qemu-gdb     boot halted, waiting for gdb on port $(GDBPORT); then 'make gdb'"
	@echo "make test         build from clean and run every test (prove -v test/)"
	@echo "make grade        the same, with a score out of the total (test/grade)"
	@echo "make crashtest    cut the power at every disk write of a workload; check recovery"
	@echo "CPUS=N QEMUEXTRA='...' change the machine"

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

# ---- kernel -----------------------------------------------------------------------------
entryother: entryother.S
	$(CC) $(CFLAGS) -c entryother.S
	$(LD) $(LDFLAGS) -N -e start -Ttext 0x7000 -o bootblockother.o entryother.o
	$(OBJCOPY) -S -O binary -j .text bootblockother.o entryother

initcode: user/initcode.S syscall.h traps.h
	$(CC) $(CFLAGS) -c user/initcode.S -o initcode.o
	$(LD) $(LDFLAGS) -N -e start -Ttext 0x1000 -o initcode.out initcode.o
	$(OBJCOPY) -S -O binary initcode.out initcode

kernel: $(OBJS) entry.o entryother initcode kernel.ld
	$(LD) $(LDFLAGS) -T kernel.ld -o kernel entry.o $(OBJS) -b binary initcode entryother

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

tools/mkfs: tools/mkfs.c fs.h param.h types.h stat.h
	$(HOSTCC) -Werror -Wall -I. -o tools/mkfs tools/mkfs.c

# tools/fsck checks an image: tools/fsck [-r] fs.img (-r first replays a committed log).
tools/fsck: tools/fsck.c fs.h param.h types.h stat.h
	$(HOSTCC) -Werror -Wall -I. -o tools/fsck tools/fsck.c

fs.img: tools/mkfs README $(UPROGS:%=user/_%) $(UEXTRA)
	./tools/mkfs fs.img README $(UPROGS:%=user/_%) $(UEXTRA)

.PRECIOUS: user/%.o user/_% user/%.debug

-include *.d user/*.d

# ---- running ----------------------------------------------------------------------------
qemu: xv6.img fs.img
	$(QEMU) -serial mon:stdio $(QEMUOPTS)

qemu-nox: xv6.img fs.img
	$(QEMU) -nographic $(QEMUOPTS)

.gdbinit: tools/gdbinit.tmpl
	sed "s/localhost:1234/localhost:$(GDBPORT)/" < $^ > $@

qemu-gdb: xv6.img fs.img .gdbinit
	@echo "*** Now run 'make gdb' in another window." 1>&2
	$(QEMU) -serial mon:stdio $(QEMUOPTS) -S $(QEMUGDB)

qemu-nox-gdb: xv6.img fs.img .gdbinit
	@echo "*** Now run 'make gdb' in another window." 1>&2
	$(QEMU) -nographic $(QEMUOPTS) -S $(QEMUGDB)

gdb: .gdbinit
	gdb -q -iex 'set auto-load local-gdbinit off' -x .gdbinit

# ---- tests ------------------------------------------------------------------------------
test:
	prove -v test/

grade:
	perl test/grade

# The full power-cut sweep (test/41-crash.t runs a sample of it). Builds a DEBUGHOOKS=1
# kernel in a scratch copy of the tree, never here.
crashtest: all
	perl test/crashtest.pl

clean:
	rm -f *.o *.d *.asm *.sym vectors.S bootblock entryother initcode initcode.out kernel \
	  xv6.img fs.img syscall.h syscalltab.h .gdbinit bootblockother.o \
	  user/*.o user/*.d user/*.asm user/*.debug user/_* user/usys.S user/usys.h user/ulib.a tools/mkfs tools/fsck
	rm -rf test/out
