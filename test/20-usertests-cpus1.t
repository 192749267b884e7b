#!/usr/bin/perl
# 20-usertests-cpus1.t: run the guest's usertests on 1 CPU, one TAP line per case
# (see test/lib/Xv6Usertests.pm).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Usertests;

usertests_suite(1);
