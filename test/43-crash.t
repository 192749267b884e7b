#!/usr/bin/perl
# 43-crash.t: the other half of 42-crash.t's sample of power cuts during user/crashwork's
# workload (test/lib/Xv6Crash.pm), so that the two can run side by side.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Crash;

crash_suite(2, 2);
