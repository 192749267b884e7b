#!/bin/sh
# setup.sh: Gradescope runs this once, as root, when it builds the autograder's image (the
# autograder zip is unpacked in /autograder/source). It installs what building and booting
# xv6 needs, through the handout's own tools/setup.sh, and builds the pristine handout once
# so a broken image shows at upload time, not at the first submission.
set -eu
SRC="${AUTOGRADER:-/autograder}/source"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q make perl git zip unzip
sh "$SRC/xv6/tools/setup.sh"
cd "$SRC/xv6"
make -j2 all
make clean
