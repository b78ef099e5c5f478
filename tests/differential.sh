#!/bin/sh
# differential.sh HARDLINT DIR: every manifest of DIR (tests/differential:
# what Go's JSON decoder or sigs.k8s.io/yaml accept, written in ways a
# simpler reader misses) gives a finding or an error when a directory walk
# finds it: none is skipped, none passes clean.
set -u
bin=$1
dir=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
(cd "$dir" && "$bin" -f compact .) >"$out" 2>&1
status=$?
fails=0
n=0
for f in $(ls "$dir" | LC_ALL=C sort); do
	[ "$f" = README ] && continue
	n=$((n + 1))
	if ! grep -qE "^$f:[0-9]+:[0-9]+: (error|warning|info|style): " "$out"; then
		echo "differential: $f gave no finding and no error"
		fails=$((fails + 1))
	fi
done
if grep -q 'skipped' "$out"; then
	echo "differential: something was skipped"
	grep 'skipped' "$out"
	fails=$((fails + 1))
fi
[ "$status" -ne 0 ] || { echo "differential: exit 0"; fails=$((fails + 1)); }
echo "differential: $n manifests, exit $status: $fails failures"
[ "$fails" -eq 0 ]
