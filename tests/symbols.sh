#!/bin/sh
# symbols.sh LIBRARY: every symbol libhardlint.a defines for others to
# link against is in the hl_ namespace, so an embedding program's own
# names never clash with the library's private ones.
set -u
lib=$1
[ -f "$lib" ] || { echo "symbols: no $lib"; exit 1; }
bad=$(nm -g --defined-only "$lib" | awk 'NF == 3 && $2 ~ /[A-Z]/ { print $3 }' |
	grep -v '^hl_' | grep -v '^__' | sort -u) # __: the compiler's own (sanitizers)
n=$(nm -g --defined-only "$lib" | awk 'NF == 3 && $2 ~ /[A-Z]/' | wc -l)
if [ -n "$bad" ]; then
	echo "symbols: defined outside hl_:"
	echo "$bad" | sed 's/^/  /'
	exit 1
fi
echo "symbols: $n exported, all hl_"
