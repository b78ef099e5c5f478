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
# the JSON cases are what Go's decoder (the API server's, kubectl's)
# accepts, and the -broken ones what it refuses: checked where Go is
go_src=$(cd "$(dirname "$0")" && pwd)/differential-go/decode.go
if command -v go >/dev/null 2>&1; then
	gotmp=$(mktemp -d)
	for f in "$dir"/*.json; do
		case $f in
		*-broken.json) want=no ;;
		*) want=ok ;;
		esac
		n=$((n + 1))
		got=$(HOME=$gotmp GOCACHE=$gotmp/cache GOFLAGS= GO111MODULE=off \
			go run "$go_src" "$f" 2>/dev/null | cut -d' ' -f1)
		if [ "$got" != "$want" ]; then
			echo "differential: Go's encoding/json says '$got' for ${f##*/}, want '$want'"
			fails=$((fails + 1))
		fi
	done
	rm -rf "$gotmp"
else
	echo "differential: go is not installed: the JSON cases are not checked against Go's decoder"
fi
echo "differential: $n manifests, exit $status: $fails failures"
[ "$fails" -eq 0 ]
