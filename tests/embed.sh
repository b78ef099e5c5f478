#!/bin/sh
# embed.sh EMBED EXAMPLES_DIR: the example program that embeds the library
# (examples/embed.c) finds what it should: its own Dockerfile has a
# download piped into a shell (exit 1), the hardened example nothing
# (exit 0).
set -u
out=$("$1")
rc=$?
echo "$out"
[ $rc -eq 1 ] || { echo "embed: exit $rc, want 1"; exit 1; }
echo "$out" | grep -q "^Dockerfile:2:5: warning: .*\[df-curl-pipe-shell\]$" ||
	{ echo "embed: no df-curl-pipe-shell finding at 2:5"; exit 1; }
"$1" "$2/Dockerfile.good" || { echo "embed: Dockerfile.good: exit $?"; exit 1; }
