#!/bin/sh
# golden.sh HARDLINT CASE_DIR: run one golden case of testdata/.
#
# A case is a folder: the input files, `expected` (the exact stdout of
# `hardlint --format compact`), and optionally
#   args    the whole argument list after --format compact (shell words;
#           a case that gives -f/--format itself gets no --format compact);
#           without it, every input file of the folder, sorted
#   stdin   fed to standard input
#   stderr  the exact standard error (else it is not compared)
#   exit    the exit status (default: 1 if an expected finding, in compact
#           or JSON form, is a warning or an error, else 0)
# HL_GOLDEN_UPDATE=1 rewrites expected (and stderr and exit where present).
# HL_WRAP, if set, runs hardlint under it (tests/memcheck.sh: valgrind).
set -u
bin=$1
dir=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$dir" || exit 1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

if [ -f args ]; then
	eval "set -- $(cat args)"
else
	set --
	for f in $(ls -A | LC_ALL=C sort); do
		case $f in
		expected | args | stdin | stderr | exit | README) ;;
		*) set -- "$@" "$f" ;;
		esac
	done
fi
# compact unless the case names its own format (an option given twice is
# an error)
fmt="--format compact"
for a in "$@"; do
	case $a in -f | --format | --format=* | -f?*) fmt= ;; esac
done
if [ -f stdin ]; then
	# shellcheck disable=SC2086
	${HL_WRAP:-} "$bin" $fmt "$@" <stdin >"$out" 2>"$err"
else
	# shellcheck disable=SC2086
	${HL_WRAP:-} "$bin" $fmt "$@" </dev/null >"$out" 2>"$err"
fi
status=$?

if [ "${HL_GOLDEN_UPDATE:-}" = 1 ]; then
	cp "$out" expected
	[ -f stderr ] && cp "$err" stderr
	[ -f exit ] && echo "$status" >exit
	exit 0
fi

if [ -f exit ]; then
	want=$(cat exit)
elif grep -q -e ': \(warning\|error\): ' \
	-e '"severity": "\(warning\|error\)"' expected; then
	want=1
else
	want=0
fi
fail=0
if ! diff -u expected "$out"; then
	echo "golden: stdout differs (case $dir)"
	fail=1
fi
if [ -f stderr ] && ! diff -u stderr "$err"; then
	echo "golden: stderr differs (case $dir)"
	fail=1
fi
if [ "$status" != "$want" ]; then
	echo "golden: exit status $status, expected $want (case $dir)"
	cat "$err"
	fail=1
fi
exit $fail
