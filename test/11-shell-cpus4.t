#!/usr/bin/perl
# 11-shell-cpus4.t: the scripted shell session (see test/lib/Xv6Shell.pm) on 4 CPUs.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Shell;

shell_suite(4);
