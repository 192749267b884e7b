#!/usr/bin/perl
# 22-usertestsnofp-cpus1.t: the whole usertests suite again on 1 CPU(s), from a copy built with
# -fomit-frame-pointer (user/usertestsnofp), as many course test suites are built: %ebp holds
# ordinary data at every system call, and the kernel must not care (see test/lib/Xv6Usertests.pm).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Usertests;

usertests_suite(1, 'usertestsnofp');
