#!/bin/sh
# same-output.sh OLD NEW [CORPUS]: run two hardlint binaries over the
# real-world corpus (../shared/corpus: every Dockerfile as a file list with
# --kind dockerfile, every manifest, each YAML test-suite input) in the
# compact, JSON and --dump-ast forms, and report any byte that differs in
# stdout, stderr or the exit status. For refactors that must not change
# behaviour: compare with the landed binary. `--ignore-fingerprints` drops
# the "fingerprint" lines from both JSON outputs first.
set -u
ignore_fp=0
if [ "${1:-}" = --ignore-fingerprints ]; then
	ignore_fp=1
	shift
fi
old=$1
new=$2
corpus=${3:-$(dirname "$0")/../../shared/corpus}
if [ ! -d "$corpus/dockerfile" ]; then
	echo "same-output: $corpus not found"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$corpus/dockerfile" -type f | LC_ALL=C sort >"$tmp/df"
find "$corpus/k8s" -type f | LC_ALL=C sort >"$tmp/k8s"
find "$corpus/yaml-test-suite" "$corpus/k8s-helm-templates" -type f \
	2>/dev/null | LC_ALL=C sort >"$tmp/yaml"
differ=0
run() { # name, then the arguments
	name=$1
	shift
	for which in old new; do
		eval "bin=\$$which"
		"$bin" "$@" >"$tmp/$which.out" 2>"$tmp/$which.err"
		echo "exit $?" >>"$tmp/$which.err"
		if [ $ignore_fp = 1 ]; then
			grep -v '"fingerprint": ' "$tmp/$which.out" >"$tmp/x"
			mv "$tmp/x" "$tmp/$which.out"
		fi
	done
	if ! cmp -s "$tmp/old.out" "$tmp/new.out" ||
		! cmp -s "$tmp/old.err" "$tmp/new.err"; then
		echo "same-output: $name differs"
		diff "$tmp/old.out" "$tmp/new.out" | head -20
		diff "$tmp/old.err" "$tmp/new.err" | head -20
		differ=$((differ + 1))
	fi
}
# the lists split at line breaks only, and never globbed: a corpus file
# name may hold a blank or [x]
IFS='
'
set -f
for fmt in compact json; do
	run "dockerfiles ($fmt)" --format $fmt --kind dockerfile \
		$(cat "$tmp/df")
	run "manifests ($fmt)" --format $fmt $(cat "$tmp/k8s")
done
run "dockerfiles (--dump-ast)" --dump-ast --kind dockerfile $(cat "$tmp/df")
run "manifests (--dump-ast)" --dump-ast $(cat "$tmp/k8s")
set +f
unset IFS
while IFS= read -r f; do
	run "$f" --format json "$f"
done <"$tmp/yaml"
echo "same-output: $(wc -l <"$tmp/df") Dockerfiles, $(wc -l <"$tmp/k8s")" \
	"manifests, $(wc -l <"$tmp/yaml") other YAML files: $differ runs differ"
[ $differ -eq 0 ]
