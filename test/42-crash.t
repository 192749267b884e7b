#!/usr/bin/perl
# 42-crash.t: cut the power at a sample of disk writes during user/crashwork's workload (the
# first transaction write by write, then points spread over the rest, and two while files
# unlinked while open are on disk) and check that recovery leaves a clean disk holding every
# operation that returned, with no orphan left. This file tries every other point
# of the sample, 43-crash.t the rest (test/lib/Xv6Crash.pm); `make crashtest` tries them all.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Crash;

crash_suite(1, 2);
