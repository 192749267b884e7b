#!/usr/bin/perl
# 23-usertestsnofp-cpus4.t: the whole usertests suite again on 4 CPU(s), from a copy built with
# -fomit-frame-pointer (user/usertestsnofp), as many course test suites are built: %ebp holds
# ordinary data at every system call, and the kernel must not care (see test/lib/Xv6Usertests.pm).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Usertests;

usertests_suite(4, 'usertestsnofp');
