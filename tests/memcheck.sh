#!/bin/sh
# memcheck.sh BUILD_DIR: the test suite under valgrind memcheck: every unit
# test, and hardlint on every golden case; any memory error or leak fails
# (valgrind exits 99, which no case expects). The build should not use the
# sanitizers (they and valgrind do not mix).
set -u
build=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
vg="valgrind --quiet --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite,indirect,possible \
--errors-for-leak-kinds=definite,indirect,possible"
export HARDLINT_NO_JIT=1 # valgrind cannot follow PCRE2 JIT code
command -v valgrind >/dev/null || { echo "memcheck.sh: needs valgrind" >&2; exit 2; }
# memcheck replaces malloc through the dynamic loader: on a static binary
# it would see no leak and no heap error, and pass for nothing
if ! readelf -l "$build/hardlint" 2>/dev/null | grep -q INTERP; then
	echo "memcheck.sh: $build/hardlint is static: configure with" \
		"-DHARDLINT_STATIC_LIBC=OFF" >&2
	exit 2
fi
fails=0 runs=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	runs=$((runs + 1))
	$vg "$t" >/tmp/memcheck.$$ 2>&1
	rc=$?
	# 77: skipped (test_buildkit without the corpus)
	if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
		echo "FAIL $(basename "$t")"
		grep -E "==[0-9]+==|FAIL|ERROR" /tmp/memcheck.$$ | head -20
		fails=$((fails + 1))
	fi
done
for dir in "$root"/testdata/*/*; do
	[ -f "$dir/expected" ] || continue
	runs=$((runs + 1))
	if ! HL_WRAP="$vg" sh "$here/golden.sh" "$build/hardlint" "$dir" \
		>/tmp/memcheck.$$ 2>&1; then
		echo "FAIL golden ${dir#$root/testdata/}"
		head -20 /tmp/memcheck.$$
		fails=$((fails + 1))
	fi
done
rm -f /tmp/memcheck.$$
echo "memcheck: $runs runs, $fails failed"
[ $fails -eq 0 ]
