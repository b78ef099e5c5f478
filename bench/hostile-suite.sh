#!/bin/sh
# hostile-suite.sh [HARDLINT]: the wall time and peak memory of each case of
# the hostile-input suite (tests/hostile.sh, docs/ROBUSTNESS.md), one line a
# case; the suite's own checks still run. Needs GNU time (/usr/bin/time).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/hardlint}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
[ -x /usr/bin/time ] || { echo "hostile-suite.sh: needs GNU time" >&2; exit 2; }
HOSTILE_MEASURE=1 exec sh "$here/../tests/hostile.sh" "$bin"
