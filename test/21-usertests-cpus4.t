#!/usr/bin/perl
# 21-usertests-cpus4.t: in one boot on 4 CPUs, the guest's usertests, then usertestsnofp (the same
# suite built with -fomit-frame-pointer, as many course test suites are: %ebp holds ordinary
# data at every system call, and the kernel must not care); one TAP line per case, then the
# page count and tools/fsck for each (see test/lib/Xv6Usertests.pm).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Usertests;

usertests_suite(4, 'usertests', 'usertestsnofp');
