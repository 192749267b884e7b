#!/usr/bin/perl
# 10-shell-cpus1.t: the scripted shell session (see test/lib/Xv6Shell.pm) on 1 CPU.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Shell;

shell_suite(1);
