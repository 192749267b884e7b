#!/usr/bin/perl
# 21-usertests-cpus4.t: run the guest's usertests on 4 CPUs, one TAP line per case
# (see test/lib/Xv6Usertests.pm).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Usertests;

usertests_suite(4);
