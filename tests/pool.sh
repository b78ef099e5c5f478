#!/bin/sh
# pool.sh HARDLINT TESTDATA [CORPUS]: files are linted on a pool of
# workers, and what a run prints does not depend on how many: for every
# --jobs, the same standard output (text with excerpts, compact, JSON,
# SARIF, checkstyle), the same standard error and the same exit status,
# over every input of testdata/ (findings, errors, skipped files, notes,
# unused suppressions, standard input among them) and, when the corpus is
# there, a sample of its Dockerfiles and manifests.
set -u
bin=$1
data=$2
corpus=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# the inputs: every file of testdata/ but the cases' own expectations
find "$data" -type f ! -name expected ! -name args ! -name stderr \
	! -name exit ! -name README | LC_ALL=C sort >"$tmp/list"
if [ -n "$corpus" ] && [ -d "$corpus/dockerfile" ] && [ -d "$corpus/k8s" ]; then
	find "$corpus/dockerfile" -type f | LC_ALL=C sort | awk 'NR % 10 == 0' >"$tmp/dfs"
	find "$corpus/k8s" -type f | LC_ALL=C sort | awk 'NR % 10 == 0' >>"$tmp/list"
fi

run() { # NAME JOBS ARGS...: $files linted; stdout, stderr, exit status
	name=$1 jobs=$2
	shift 2
	# $files split at line breaks only, never globbed: a corpus file name
	# may hold a blank or [x]
	IFS='
'
	set -f
	# shellcheck disable=SC2086
	printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers: [{name: a, image: "x:latest", securityContext: {privileged: true}}]\n' |
		"$bin" -j "$jobs" --report-unused-suppressions "$@" $files \
			>"$tmp/$name.$jobs.out" 2>"$tmp/$name.$jobs.err"
	echo $? >"$tmp/$name.$jobs.rc"
	set +f
	unset IFS
}

check() { # NAME ARGS...
	name=$1
	shift
	for j in 1 2 3 8; do
		run "$name" "$j" "$@"
	done
	for j in 2 3 8; do
		for part in out err rc; do
			if ! cmp -s "$tmp/$name.1.$part" "$tmp/$name.$j.$part"; then
				echo "pool: $name: -j $j's $part differs from -j 1's"
				diff "$tmp/$name.1.$part" "$tmp/$name.$j.$part" | head -5
				fail=1
			fi
		done
	done
	# a run that printed nothing, or stopped at a usage error, would
	# pass the comparison
	if [ ! -s "$tmp/$name.1.out" ] || [ "$(cat "$tmp/$name.1.rc")" -gt 2 ] ||
		grep -q "Try 'hardlint --help'" "$tmp/$name.1.err"; then
		echo "pool: $name: no output, or a usage error:"
		head -3 "$tmp/$name.1.err"
		fail=1
	fi
}

files="$(cat "$tmp/list")
-"
check text --no-config --format text --color always
check compact --no-config -f compact
check json --no-config -f json
check sarif --no-config -f sarif
check checkstyle --no-config -f checkstyle

# two policies in one run: each worker keeps a linter for each
mkdir -p "$tmp/tree/quiet" "$tmp/tree/loud"
printf 'disable: [k8s-privileged, df-user-root]\nignores:\n  - {rules: [k8s-run-as-root], name: p}\n' \
	>"$tmp/tree/quiet/.hardlint.yaml"
i=0
for f in $(grep -E 'Dockerfile|\.yaml$' "$tmp/list" | head -60); do
	i=$((i + 1))
	case $f in
	*.yaml) n=f$i.yaml ;;
	*) n=Dockerfile.f$i ;;
	esac
	cp "$f" "$tmp/tree/quiet/$n"
	cp "$f" "$tmp/tree/loud/$n"
done
files="$tmp/tree"
check policies -f json
if [ -s "$tmp/dfs" ]; then
	files=$(cat "$tmp/dfs")
	check dockerfiles --kind dockerfile -f compact
	check dockerfiles-json --kind dockerfile -f json
fi
[ $fail = 0 ] && echo "pool: the same output for -j 1, 2, 3 and 8"
exit $fail
