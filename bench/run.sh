#!/bin/sh
# run.sh [HARDLINT]: the performance benchmark. Times hardlint (default
# ../build/hardlint beside this script) on the real-world corpus
# (../../shared/corpus, or $CORPUS) and on generated inputs, against
# ceilings built here from bench/*.c and against two peers installed from
# the npm registry, all in one run, and prints PASS or FALLS SHORT for each
# target of docs/PERFORMANCE.md with the number measured.
#
# Every comparison runs its commands in turn (A B A B ...): one warm-up of
# each, then PAIRS rounds, and takes the ratio round by round (median and
# range), so that a machine that slows down for a while slows both sides.
# Every run's exit status and output are checked (hardlint's JSON summary
# must count the files given, a peer must report every file), so that a
# crash can never look fast. Figures: wall time, files/s and MB/s (10^6
# bytes), CPU time (user + system, as the kernel counts it for the process
# and its children) and peak RSS.
#
# Knobs (environment):
#   PAIRS=5        rounds after the warm-up, for every comparison
#   SCALES="1 2 4 8 16"  corpus multiples for the scaling runs
#   SAMPLE=30      files in the one-process-a-file samples
#   RUNS=200       processes per sample in the start-up comparison
#   QUICK=1        a smoke run: 2 rounds, scales 1 2, small inputs
#   CALLGRIND=1    also count hardlint's instructions on each corpus
#   CORPUS=DIR     the corpus (dockerfile/ and k8s/ in it)
#   PEERS=DIR      where the npm peers are installed and kept
#   CHART=FILE     the chart (default ../docs/performance.png; QUICK: none
#                  kept)
# Exits 77 when the corpus is absent, 2 when a tool it needs is missing
# (cc, GNU time), 1 when a run exits or answers wrongly.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/hardlint}
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
corpus=${CORPUS:-$here/../../shared/corpus}
cc=${CC:-cc}
gtime=/usr/bin/time
quick=${QUICK:-0}
if [ "$quick" = 1 ]; then
	pairs=${PAIRS:-2}
	scales=${SCALES:-1 2}
	sample=${SAMPLE:-5}
	runs=${RUNS:-50}
	big_mb=20 tree_files=2000 containers=2000 instructions=1000
	heredocs=1000 word_mb=12 k8s_peer_every=10
else
	pairs=${PAIRS:-5}
	scales=${SCALES:-1 2 4 8 16}
	sample=${SAMPLE:-30}
	runs=${RUNS:-200}
	big_mb=100 tree_files=10000 containers=20000 instructions=10000
	heredocs=10000 word_mb=12 k8s_peer_every=1
fi

die() {
	echo "run.sh: $*" >&2
	exit 1
}
[ -x "$bin" ] || { echo "run.sh: no hardlint at $bin" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if [ ! -d "$corpus/dockerfile" ] || [ ! -d "$corpus/k8s" ]; then
	echo "run.sh: corpus not found at $corpus (dockerfile/, k8s/): skipped"
	exit 77
fi
corpus=$(cd "$corpus" && pwd)
[ -x "$gtime" ] || {
	echo "run.sh: needs GNU time at $gtime (apt-get install time)" >&2
	exit 2
}
command -v "$cc" >/dev/null 2>&1 || {
	echo "run.sh: needs a C compiler ($cc)" >&2
	exit 2
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a QUICK run draws its chart in the scratch directory, not over the docs
if [ "$quick" = 1 ]; then
	chart=${CHART:-$tmp/performance.png}
else
	chart=${CHART:-$here/../docs/performance.png}
fi
trap 'exit 130' INT TERM
: >"$tmp/targets"

# --- helpers --------------------------------------------------------------

# measure TAG STATUS CHECK [-l LIST] COMMAND [ARG...]: run COMMAND once
# (with the paths of LIST, one a line, appended as arguments) through
# spawn, standard output in $tmp/TAG.out and error in $tmp/TAG.err, and
# add "wall_us cpu_us peak_rss_kb" to $tmp/TAG.s. The exit status must be
# STATUS ("any": CHECK judges it) and CHECK, run as `CHECK OUT STATUS`
# (its words split), must return 0: otherwise the benchmark stops.
measure() {
	tag=$1 want=$2 check=$3
	shift 3
	list=
	if [ "$1" = -l ]; then
		list=$2
		shift 2
	fi
	if ! (
		if [ -n "$list" ]; then
			IFS='
'
			set -f
			# shellcheck disable=SC2046 # one path a line, split on lines
			set -- "$@" $(cat "$list")
		fi
		exec "$tmp/spawn" -n 1 -e any -o "$tmp/$tag.out" \
			-2 "$tmp/$tag.err" "$@"
	) >"$tmp/$tag.spawn"; then
		die "$tag: could not run $1"
	fi
	status=$(awk '{print $10}' "$tmp/$tag.spawn")
	if [ "$want" != any ] && [ "$status" != "$want" ]; then
		sed -n '1,5p' "$tmp/$tag.err" >&2
		die "$tag: exit status $status, expected $want"
	fi
	# CHECK is a function and its arguments, quoted as in a command
	eval "$check \"\$tmp/\$tag.out\" \"\$status\"" ||
		die "$tag: wrong output (exit $status; see above)"
	awk '{print $6, $4, $8}' "$tmp/$tag.spawn" >>"$tmp/$tag.s"
}

# alternate [-w] TAG...: run the functions TAG... in turn, PAIRS rounds
# (after one warm-up round unless -w), each function one measure of its
# tag; earlier samples of the tags are dropped
alternate() {
	warm=1
	if [ "$1" = -w ]; then
		warm=0
		shift
	fi
	for t; do rm -f "$tmp/$t.s"; done
	if [ $warm = 1 ]; then
		for t; do "$t"; done
		for t; do rm -f "$tmp/$t.s"; done
	fi
	round=0
	while [ $round -lt "$pairs" ]; do
		for t; do "$t"; done
		round=$((round + 1))
	done
}

# fig TAG COLUMN [median|max|min]: over TAG's samples; COLUMN 1 wall
# microseconds, 2 CPU microseconds, 3 peak RSS kB
fig() {
	awk -v c="$2" '{print $c}' "$tmp/$1.s" | sort -g | awk -v w="${3:-median}" '
		{ v[NR] = $1 }
		END {
			if (w == "max") print v[NR]
			else if (w == "min") print v[1]
			else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# ratio NUM DEN [COLUMN]: NUM's sample over DEN's, round by round (column 1
# wall time by default): "median min max rounds"
ratio() {
	paste -d ' ' "$tmp/$1.s" "$tmp/$2.s" |
		awk -v c="${3:-1}" '{ print $c / $(c + 3) }' | sort -g | awk '
		{ v[NR] = $1 }
		END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR], NR
		}'
}

# show TAG LABEL FILES BYTES: one line of figures for TAG's samples
show() {
	printf '  %-36s %s\n' "$2" "$(awk -v w="$(fig "$1" 1)" \
		-v c="$(fig "$1" 2)" -v r="$(fig "$1" 3 max)" -v f="$3" \
		-v b="$4" 'BEGIN {
		s = w / 1e6
		rate = f > 1 ? sprintf("%9.0f files/s", f / s) : sprintf("%17s", "")
		printf "%8.3f s %s %7.2f MB/s  cpu %7.3f s  rss %6.1f MB",
			s, rate, b / 1e6 / s, c / 1e6, r / 1024
	}')"
}

# showratio LABEL "median min max rounds" [FORMAT]: a ratio's line
showratio() {
	echo "$2" | awk -v l="$1" -v f="${3:-%.3f}" '{
		printf "  %-36s " f " (range " f ".." f ", %d rounds)\n", l, $1, $2, $3, $4
	}'
}

# target TEXT VALUE OP LIMIT SHOWN: PASS when VALUE OP LIMIT (>=, <=, <);
# the line goes to the output and to the summary
target() {
	if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN {
		exit !(op == ">=" ? v >= l : op == "<=" ? v <= l : v < l)
	}'; then
		verdict=PASS
	else
		verdict="FALLS SHORT"
	fi
	line=$(printf '%-50s %-30s %s' "$1" "$5" "$verdict")
	echo "$line"
	echo "$line" >>"$tmp/targets"
}

# refused TEXT TAG: when hardlint refused TAG's input by a limit, the
# target TEXT falls short whatever was measured, and 0
refused() {
	[ -f "$tmp/$2.refused" ] || return 1
	line=$(printf '%-50s %-30s %s' "$1" "not linted whole" "FALLS SHORT")
	echo "$line"
	echo "$line" >>"$tmp/targets"
	echo "  ($2: $(cut -c1-100 "$tmp/$2.refused"))"
}

# skipped TEXT WHY: a target that could not be measured
skipped() {
	line=$(printf '%-50s %-30s %s' "$1" "$2" SKIPPED)
	echo "$line"
	echo "$line" >>"$tmp/targets"
}

# rtarget TEXT "median min max rounds" OP LIMIT [%]: a target on a ratio,
# shown as 1.23x (1.10..1.30), or with % as 12.3% (11.0..13.0)
rtarget() {
	shown=$(echo "$2" | awk -v p="${5:-}" '{
		if (p) printf "%.1f%% (%.1f..%.1f)", $1 * 100, $2 * 100, $3 * 100
		else printf "%.2fx (%.2f..%.2f)", $1, $2, $3
	}')
	target "$1" "${2%% *}" "$3" "$4" "$shown"
}

# identical TEXT TAG...: the target that the last outputs of the TAGs are
# the same, byte for byte
identical() {
	text=$1
	shift
	sums=$(for t; do sha256sum <"$tmp/$t.out"; done | sort -u)
	n=$(echo "$sums" | wc -l)
	if [ "$n" = 1 ]; then
		shown="sha256 $(echo "$sums" | cut -c1-12)"
	else
		shown="$n different outputs"
	fi
	target "$text" "$n" "<=" 1 "$shown"
}

# mb KB: kilobytes as megabytes (2^20 bytes), one decimal
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# peak TAG...: the largest peak RSS (kB) of the TAGs' samples
peak() {
	for t; do cat "$tmp/$t.s"; done | awk '$3 > m {m = $3} END {print m}'
}

# summary FIELD OUT: FIELD of the summary of hardlint's JSON in OUT
summary() {
	sed -n '/^  "summary": {$/,/^  }$/s/^ *"'"$1"'": \([0-9]*\),*$/\1/p' "$2"
}

# check_hl FILES ERRORS OUT STATUS: hardlint's JSON is whole and counts
# FILES files linted and ERRORS errors
check_hl() {
	[ "$(tail -n 1 "$3")" = "}" ] || {
		echo "run.sh: hardlint's JSON is cut short" >&2
		return 1
	}
	f=$(summary files "$3")
	e=$(summary errors "$3")
	[ "$f" = "$1" ] && [ "$e" = "$2" ] && return 0
	echo "run.sh: hardlint linted ${f:-?} files with ${e:-?} errors;" \
		"expected $1 files, $2 errors" >&2
	return 1
}

# check_gen OUT STATUS: a generated input (the current measure's $tag) was
# linted whole (exit 0, one file, no error) or refused, whole or in part,
# by one of hardlint's limits (exit 2, an error naming the limit, whole
# JSON), which $tmp/TAG.refused then says; anything else is wrong
check_gen() {
	rm -f "$tmp/$tag.refused"
	if [ "$2" = 0 ]; then
		check_hl 1 0 "$1" "$2"
		return
	fi
	if [ "$2" = 2 ] && [ "$(tail -n 1 "$1")" = "}" ] &&
		grep -q 'error: .*(limit)' "$tmp/$tag.err"; then
		grep -m 1 'error: ' "$tmp/$tag.err" | sed 's/^.*error: //' \
			>"$tmp/$tag.refused"
		return 0
	fi
	echo "run.sh: exit $2: $(head -c 300 "$tmp/$tag.err")" >&2
	return 1
}

# check_line PATTERN OUT STATUS: OUT's first line starts with PATTERN
check_line() {
	head -n 1 "$2" | grep -q "^$1" && return 0
	echo "run.sh: output '$(head -c 200 "$2")', expected '$1...'" >&2
	return 1
}

# check_refused OUT STATUS: the error names the word limit (stderr)
check_refused() {
	grep -q 'error: .*words.*limit' "$tmp/words.err" && return 0
	echo "run.sh: no word-limit error in: $(head -c 300 "$tmp/words.err")" >&2
	return 1
}

# check_dfl FILES OUT STATUS: dockerfilelint's JSON lists FILES files and
# its exit status is its issue count modulo 256, as its code makes it (a
# crash exits 1 with a stack trace and no JSON)
check_dfl() {
	# shellcheck disable=SC2016 # JavaScript
	node -e '
		const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
		const n = +process.argv[2], st = +process.argv[3];
		if (d.files.length !== n || d.totalIssues % 256 !== st) {
			console.error(`run.sh: dockerfilelint: ${d.files.length} files, ` +
				`${d.totalIssues} issues, exit ${st}; expected ${n} files`);
			process.exit(1);
		}' "$2" "$1" "$3"
}

# check_each KIND OUT STATUS: a one-process-a-file sample (bench output
# directory $tmp/each): every file's run ended as KIND ends normally
check_each() {
	each_n=0
	for each_st in "$tmp"/each/*.st; do
		each_i=${each_st%.st}
		s=$(cat "$each_st")
		case $1 in
		hardlint)
			[ "$s" = 0 ] && check_hl 1 0 "$each_i.out" "$s" ;;
		dockerfilelint)
			check_dfl 1 "$each_i.out" "$s" ;;
		monokle)
			[ "$s" = 0 ] && check_line 'files 1 ' "$each_i.out" "$s" ;;
		esac || {
			echo "run.sh: $1 on $(sed -n "$(basename "$each_i")p" "$tmp/sample.$1"): exit $s" >&2
			return 1
		}
		each_n=$((each_n + 1))
	done
	[ "$each_n" = "$(wc -l <"$tmp/sample.$1")" ]
}

# --- the machine ----------------------------------------------------------
echo "hardlint performance benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "hardlint: $bin ($("$bin" --version | head -n 1), built" \
	"$(date -u -r "$bin" '+%Y-%m-%d %H:%M UTC'))"
echo "commit: $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
# a binary older than the last commit was not built from it
committed=$(git -C "$here/.." log -1 --format=%ct 2>/dev/null || echo 0)
if [ "$(date -r "$bin" +%s)" -lt "$committed" ]; then
	echo "note: the binary is older than the last commit" \
		"($(date -u -d "@$committed" '+%H:%M UTC')): rebuild to measure it"
fi
echo "cores (nproc): $(nproc)"
echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "kernel: $(uname -r); rounds a comparison: $pairs after a warm-up" \
	"$([ "$quick" = 1 ] && echo '(QUICK run)')"
echo

# --- ceilings and helpers, built here -------------------------------------
$cc -O2 "$here/spawn.c" -o "$tmp/spawn"
$cc -O2 "$here/ceil_read.c" -o "$tmp/ceil_read"
$cc -O2 "$here/ceil_dftok.c" -o "$tmp/ceil_dftok"
printf '#include <stdio.h>\nint main(void){puts("hello");return 0;}\n' >"$tmp/hello.c"
$cc -O2 "$tmp/hello.c" -o "$tmp/hello"
yaml_floor=
# shellcheck disable=SC2046 # pkg-config's flags are words
if $cc -O2 "$here/yaml_floor.c" -o "$tmp/yaml_floor" \
	$(pkg-config --cflags --libs yaml-0.1 2>/dev/null || echo -lyaml) \
	2>"$tmp/cc.err"; then
	yaml_floor=$tmp/yaml_floor
else
	echo "run.sh: libyaml ceiling not built (apt-get install libyaml-dev):"
	sed -n 1,3p "$tmp/cc.err"
fi

# --- inputs ---------------------------------------------------------------
find "$corpus/dockerfile" -type f | LC_ALL=C sort >"$tmp/df.list"
find "$corpus/k8s" -type f | LC_ALL=C sort >"$tmp/k8s.list"
n_df=$(wc -l <"$tmp/df.list")
n_k8s=$(wc -l <"$tmp/k8s.list")
# bytes of a list: ceil_read counts them
bytes_of() {
	measure bytes any "check_line files" -l "$1" "$tmp/ceil_read"
	awk '{print $4}' "$tmp/bytes.out"
}
b_df=$(bytes_of "$tmp/df.list")
b_k8s=$(bytes_of "$tmp/k8s.list")
gen=$tmp/gen
mkdir -p "$gen"

# The large multi-document manifest: the corpus's YAML manifests one after
# the other, each after a '---' line, until big_mb MB.
grep -E '\.ya?ml$' "$tmp/k8s.list" >"$tmp/yaml.list"
LC_ALL=C awk -v list="$tmp/yaml.list" -v limit=$((big_mb * 1000000)) 'BEGIN {
	while (have < limit) {
		while (have < limit && (getline f < list) > 0) {
			print "---"
			have += 4
			while ((getline line < f) > 0) {
				print line
				have += length(line) + 1
			}
			close(f)
		}
		close(list)
		if (!have)
			exit 1
	}
}' >"$gen/big.yaml"
b_big=$(wc -c <"$gen/big.yaml")

# The tree: copies of the manifests corpus, then copies of corpus
# Dockerfiles (each named Dockerfile, as a walk finds them), tree_files in
# all.
copies=$((tree_files / n_k8s))
c=0
while [ $c -lt $copies ]; do
	cp -R "$corpus/k8s" "$gen/tree/k$c" 2>/dev/null ||
		{ mkdir -p "$gen/tree" && cp -R "$corpus/k8s" "$gen/tree/k$c"; }
	c=$((c + 1))
done
head -n $((tree_files - copies * n_k8s)) "$tmp/df.list" | {
	i=0
	while IFS= read -r f; do
		mkdir -p "$gen/tree/d$i"
		cp "$f" "$gen/tree/d$i/Dockerfile"
		i=$((i + 1))
	done
}
find "$gen/tree" -type f | LC_ALL=C sort >"$tmp/tree.list"
b_tree=$(bytes_of "$tmp/tree.list")

# gen_dockerfile N: a Dockerfile of N instructions as real ones are
# written: package installs, ENV, COPY, heredoc RUNs, ARG, LABEL, WORKDIR,
# cache mounts, a second stage, a final USER, HEALTHCHECK and CMD
gen_dockerfile() {
	awk -v n="$1" 'BEGIN {
		print "# syntax=docker/dockerfile:1"
		print "FROM debian:12-slim AS build"
		for (i = 1; i <= n - 7; i++) {
			k = i % 10
			if (k == 0)
				printf "RUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl=7.88.1-10+deb12u%d ca-certificates libssl3 \\\n && rm -rf /var/lib/apt/lists/*\n", i % 9
			else if (k == 1)
				printf "ENV APP_HOME_%d=/opt/app/%d PATH=/opt/app/%d/bin:$PATH\n", i, i, i
			else if (k == 2)
				printf "COPY --chown=10001:10001 src/mod_%d/ /opt/app/%d/\n", i, i
			else if (k == 3)
				printf "RUN <<EOF\nset -eux\npip install --no-cache-dir requests==2.31.0 flask==3.0.%d\necho built %d > /opt/app/%d.txt\nEOF\n", i % 4, i, i
			else if (k == 4)
				printf "ARG VERSION_%d=1.%d.0\n", i, i
			else if (k == 5)
				printf "LABEL org.example.step_%d=\"step %d\" maintainer=\"team@example.com\"\n", i, i
			else if (k == 6)
				printf "WORKDIR /opt/app/%d\n", i
			else if (k == 7)
				printf "RUN --mount=type=cache,target=/root/.cache pip install -r requirements-%d.txt\n", i
			else if (k == 8)
				printf "RUN groupadd -r g%d && useradd -r -g g%d -u %d u%d && chown -R u%d /opt/app/%d\n", i, i, 20000 + i, i, i, i
			else
				printf "EXPOSE %d\n", 8000 + i % 1000
		}
		print "FROM gcr.io/distroless/base-debian12"
		print "COPY --from=build /opt/app /opt/app"
		print "USER 10001"
		print "HEALTHCHECK CMD [\"/opt/app/bin/health\"]"
		print "ENTRYPOINT [\"/opt/app/bin/server\"]"
		print "CMD [\"--port\", \"8080\"]"
	}'
}
i_small=$((instructions / 10))
i_mid=$((instructions / 2))
gen_dockerfile $i_small >"$gen/df_small"
gen_dockerfile $i_mid >"$gen/df_mid"
gen_dockerfile $instructions >"$gen/df_large"

# gen_containers N: one Deployment of N containers
gen_containers() {
	awk -v n="$1" 'BEGIN {
		print "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wide\n  namespace: team\nspec:\n  selector:\n    matchLabels: {app: wide}\n  template:\n    metadata:\n      labels: {app: wide}\n    spec:\n      automountServiceAccountToken: false\n      containers:"
		for (i = 1; i <= n; i++) {
			tag = (i % 10 == 0) ? "latest" : "1." i % 97 "." i % 13
			printf "        - name: c%d\n          image: registry.example.com/app-%d:%s\n          securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true}\n          resources: {limits: {cpu: 100m, memory: 64Mi}}\n", i, i % 50, tag
		}
	}'
}
gen_containers $((containers / 10)) >"$gen/wide_small.yaml"
gen_containers $containers >"$gen/wide_large.yaml"
# hardlint takes at most 10,000 containers in one object: those sizes too
fit_containers=$containers
[ "$fit_containers" -le 10000 ] || fit_containers=10000
gen_containers $((fit_containers / 10)) >"$gen/fit_small.yaml"
gen_containers $fit_containers >"$gen/fit_large.yaml"

# heredoc RUNs of three commands each; and as many as hardlint's limits
# (10,000 instructions, 10,000 shell commands a file) let it check whole:
# one command each, with the FROM and USER around them
gen_heredocs() {
	awk -v n="$1" -v body="$2" 'BEGIN {
		print "FROM debian:12-slim"
		for (i = 1; i <= n; i++)
			printf "RUN <<EOF\n" body "\nEOF\n", i
		print "USER 10001"
	}'
}
gen_heredocs "$heredocs" 'set -eux\napt-get update\necho step %d' >"$gen/heredocs"
fit_heredocs=$heredocs
[ "$fit_heredocs" -le 9998 ] || fit_heredocs=9998
gen_heredocs "$fit_heredocs" 'echo step %d' >"$gen/heredocs_fit"

# word_mb MB of words in one RUN, past hardlint's word limit
awk -v limit=$((word_mb * 1024 * 1024)) 'BEGIN {
	printf "FROM debian:12-slim\nRUN"
	n = 4
	for (i = 0; n < limit; i++) {
		printf " %c", 97 + i % 26
		n += 2
	}
	printf "\n"
}' >"$gen/words"
b_words=$(wc -c <"$gen/words")

echo "inputs:"
printf '  %-36s %6d files %9.2f MB\n' "Dockerfile corpus" "$n_df" \
	"$(echo "$b_df" | awk '{print $1 / 1e6}')"
printf '  %-36s %6d files %9.2f MB\n' "manifest corpus" "$n_k8s" \
	"$(echo "$b_k8s" | awk '{print $1 / 1e6}')"
printf '  %-36s %6d files %9.2f MB\n' "generated tree" \
	"$(wc -l <"$tmp/tree.list")" "$(echo "$b_tree" | awk '{print $1 / 1e6}')"
printf '  %-36s %6d docs  %9.2f MB\n' "multi-document manifest" \
	"$(grep -c '^---$' "$gen/big.yaml")" "$(echo "$b_big" | awk '{print $1 / 1e6}')"
echo

# --- 1. Dockerfiles: ceilings and -j ------------------------------------
echo "== Dockerfile corpus ($n_df files, one process, file list, --kind dockerfile)"
# the ceilings run with the same list
df_tok() {
	measure df_tok 0 "check_line 'files $n_df bytes $b_df '" \
		-l "$tmp/df.list" "$tmp/ceil_dftok"
}
df_read() {
	measure df_read 0 "check_line 'files $n_df bytes $b_df'" \
		-l "$tmp/df.list" "$tmp/ceil_read"
}
# hardlint: the list's paths last
df_j1() {
	measure df_j1 1 "check_hl $n_df 0" -l "$tmp/df.list" "$bin" -q -f json \
		--no-config -j 1 --kind dockerfile
}
df_j2() {
	measure df_j2 1 "check_hl $n_df 0" -l "$tmp/df.list" "$bin" -q -f json \
		--no-config -j 2 --kind dockerfile
}
alternate df_j1 df_tok df_read df_j2
show df_j1 "hardlint -j 1" "$n_df" "$b_df"
show df_j2 "hardlint -j 2" "$n_df" "$b_df"
show df_tok "ceiling: read + tokenize" "$n_df" "$b_df"
show df_read "ceiling: read" "$n_df" "$b_df"
r=$(ratio df_tok df_j1)
showratio "hardlint / tokenize ceiling" "$r"
rtarget "Dockerfiles -j 1 >= 12% of tokenize ceiling" "$r" ">=" 0.12 %
showratio "hardlint / read ceiling" "$(ratio df_read df_j1)"
rdf=$(ratio df_j1 df_j2)
showratio "speed-up -j 2 over -j 1" "$rdf"
measure df_j4 1 "check_hl $n_df 0" -l "$tmp/df.list" "$bin" -q -f json \
	--no-config -j 4 --kind dockerfile
rss_df=$(peak df_j1 df_j2 df_j4)
echo

# --- 2. manifests: ceilings and -j ----------------------------------------
echo "== manifest corpus ($n_k8s files, one process, directory walk)"
k8s_j1() {
	measure k8s_j1 1 "check_hl $n_k8s 0" "$bin" -q -f json --no-config -j 1 \
		"$corpus/k8s"
}
k8s_j2() {
	measure k8s_j2 1 "check_hl $n_k8s 0" "$bin" -q -f json --no-config -j 2 \
		"$corpus/k8s"
}
k8s_yaml() {
	measure k8s_yaml 0 "check_line '[0-9]* events, 0 errors, $n_k8s files, $b_k8s bytes'" \
		-l "$tmp/k8s.list" "$yaml_floor"
}
k8s_read() {
	measure k8s_read 0 "check_line 'files $n_k8s bytes $b_k8s'" \
		-l "$tmp/k8s.list" "$tmp/ceil_read"
}
if [ -n "$yaml_floor" ]; then
	alternate k8s_j1 k8s_yaml k8s_read k8s_j2
else
	alternate k8s_j1 k8s_read k8s_j2
fi
show k8s_j1 "hardlint -j 1" "$n_k8s" "$b_k8s"
show k8s_j2 "hardlint -j 2" "$n_k8s" "$b_k8s"
if [ -n "$yaml_floor" ]; then
	show k8s_yaml "ceiling: libyaml events" "$n_k8s" "$b_k8s"
fi
show k8s_read "ceiling: read" "$n_k8s" "$b_k8s"
if [ -n "$yaml_floor" ]; then
	r=$(ratio k8s_yaml k8s_j1)
	showratio "hardlint / libyaml ceiling" "$r"
	rtarget "Manifests -j 1 >= 70% of libyaml ceiling" "$r" ">=" 0.70 %
else
	skipped "Manifests -j 1 >= 70% of libyaml ceiling" "no libyaml-dev"
fi
showratio "hardlint / read ceiling" "$(ratio k8s_read k8s_j1)"
rk8s=$(ratio k8s_j1 k8s_j2)
showratio "speed-up -j 2 over -j 1" "$rk8s"
measure k8s_j4 1 "check_hl $n_k8s 0" "$bin" -q -f json --no-config -j 4 \
	"$corpus/k8s"
rss_k8s=$(peak k8s_j1 k8s_j2 k8s_j4)
echo

# --- 3. peers -------------------------------------------------------------
# Installed once from the npm registry at pinned versions, each in a
# directory of its own, and kept for later runs.
if [ -n "${PEERS:-}" ]; then
	peers=$PEERS
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
	peers=$XDG_CACHE_HOME/hardlint-bench-peers
else
	peers=$here/../build/bench-peers
fi
dfl_dir=$peers/dockerfilelint-1.8.0
mon_dir=$peers/monokle-validation-0.33.0
# install DIR PACKAGE VERSION: 0 when DIR holds PACKAGE at VERSION
install() {
	pj=$1/node_modules/$2/package.json
	if [ -f "$pj" ] && grep -q "\"version\": *\"$3\"" "$pj"; then
		return 0
	fi
	mkdir -p "$1"
	echo "installing $2@$3 into $1"
	npm install --prefix "$1" --no-audit --no-fund --loglevel=error \
		"$2@$3" >"$tmp/npm.log" 2>&1 || {
		sed -n 1,5p "$tmp/npm.log"
		return 1
	}
}
have_dfl=0 have_mon=0
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "== peers: node or npm missing (apt-get install nodejs npm): SKIPPED"
else
	install "$dfl_dir" dockerfilelint 1.8.0 && have_dfl=1 ||
		echo "run.sh: dockerfilelint@1.8.0 could not be installed: SKIPPED"
	install "$mon_dir" @monokle/validation 0.33.0 && have_mon=1 ||
		echo "run.sh: @monokle/validation@0.33.0 could not be installed: SKIPPED"
fi

# sample LIST KIND: SAMPLE files spread over LIST, in $tmp/sample.KIND
take_sample() {
	awk -v n="$(wc -l <"$1")" -v k="$sample" \
		'NR == 1 || int((NR - 1) * k / n) != int((NR - 2) * k / n)' \
		"$1" | head -n "$sample" >"$tmp/sample.$2"
}
# each KIND COMMAND [ARG...]: one process a file of $tmp/sample.KIND, as
# pre-commit runs a hook; outputs and statuses in $tmp/each
cat >"$tmp/each.sh" <<'EOF'
# each.sh DIR LIST COMMAND [ARG...]: COMMAND ARG... FILE for each FILE of
# LIST, outputs and exit status in DIR/N.out, N.err, N.st
dir=$1 list=$2
shift 2
i=0
while IFS= read -r f; do
	i=$((i + 1))
	st=0
	"$@" "$f" >"$dir/$i.out" 2>"$dir/$i.err" || st=$?
	echo $st >"$dir/$i.st"
done <"$list"
EOF
each() {
	kind=$1 tag=$2
	shift 2
	rm -rf "$tmp/each"
	mkdir "$tmp/each"
	measure "$tag" 0 "check_each $kind" sh "$tmp/each.sh" "$tmp/each" \
		"$tmp/sample.$kind" "$@"
}

if [ $have_dfl = 1 ]; then
	echo "== dockerfilelint 1.8.0 (node $(node --version))"
	key=$(cksum <"$tmp/df.list" | awk '{print $1}')
	if [ ! -s "$dfl_dir/ok.$key" ]; then
		node "$here/dockerfilelint-scan.cjs" "$dfl_dir" "$tmp/df.list" \
			>"$tmp/dfl.ok" 2>"$tmp/dfl.scan"
		mv "$tmp/dfl.ok" "$dfl_dir/ok.$key"
		tail -n 1 "$tmp/dfl.scan"
	fi
	cp "$dfl_dir/ok.$key" "$tmp/dfl.list"
	n_dfl=$(wc -l <"$tmp/dfl.list")
	b_dfl=$(bytes_of "$tmp/dfl.list")
	echo "  files it lints without crashing: $n_dfl of $n_df"
	dfl_hl() {
		measure dfl_hl 1 "check_hl $n_dfl 0" -l "$tmp/dfl.list" "$bin" -q \
			-f json --no-config -j 1 --kind dockerfile
	}
	dfl_peer() {
		measure dfl_peer any "check_dfl $n_dfl" -l "$tmp/dfl.list" node \
			"$dfl_dir/node_modules/dockerfilelint/bin/dockerfilelint" -o json
	}
	alternate dfl_hl dfl_peer
	show dfl_hl "hardlint -j 1" "$n_dfl" "$b_dfl"
	show dfl_peer "dockerfilelint, one process" "$n_dfl" "$b_dfl"
	r=$(ratio dfl_peer dfl_hl)
	showratio "dockerfilelint time / hardlint's" "$r" "%.2f"
	rtarget "Dockerfiles -j 1 >= 10x dockerfilelint" "$r" ">=" 10
	take_sample "$tmp/dfl.list" hardlint
	cp "$tmp/sample.hardlint" "$tmp/sample.dockerfilelint"
	b_s=$(bytes_of "$tmp/sample.hardlint")
	pf_hl() { each hardlint pf_hl "$bin" -q -f json --fail-on none --kind dockerfile; }
	pf_peer() {
		each dockerfilelint pf_peer node \
			"$dfl_dir/node_modules/dockerfilelint/bin/dockerfilelint" -o json
	}
	alternate pf_hl pf_peer
	show pf_hl "hardlint, a process a file" "$sample" "$b_s"
	show pf_peer "dockerfilelint, a process a file" "$sample" "$b_s"
	showratio "dockerfilelint time / hardlint's" "$(ratio pf_peer pf_hl)" "%.2f"
	echo
else
	skipped "Dockerfiles -j 1 >= 10x dockerfilelint" "dockerfilelint not installed"
fi

if [ $have_mon = 1 ]; then
	echo "== @monokle/validation 0.33.0 (node $(node --version); bundled offline plugins)"
	awk -v k="$k8s_peer_every" '(NR - 1) % k == 0' "$tmp/k8s.list" >"$tmp/mon.list"
	n_mon=$(wc -l <"$tmp/mon.list")
	b_mon=$(bytes_of "$tmp/mon.list")
	mon_hl() {
		measure mon_hl 1 "check_hl $n_mon 0" -l "$tmp/mon.list" "$bin" -q \
			-f json --no-config -j 1
	}
	mon_peer() {
		measure mon_peer 0 "check_line 'files $n_mon '" node \
			"$here/monokle.mjs" "$mon_dir" -l "$tmp/mon.list"
	}
	alternate mon_hl mon_peer
	show mon_hl "hardlint -j 1" "$n_mon" "$b_mon"
	show mon_peer "monokle, one process" "$n_mon" "$b_mon"
	echo "  monokle says: $(head -n 1 "$tmp/mon_peer.out")"
	r=$(ratio mon_peer mon_hl)
	showratio "monokle time / hardlint's" "$r" "%.2f"
	rtarget "Manifests -j 1 >= 50x @monokle/validation" "$r" ">=" 50
	take_sample "$tmp/k8s.list" hardlint
	cp "$tmp/sample.hardlint" "$tmp/sample.monokle"
	b_s=$(bytes_of "$tmp/sample.hardlint")
	pm_hl() { each hardlint pm_hl "$bin" -q -f json --fail-on none; }
	pm_peer() { each monokle pm_peer node "$here/monokle.mjs" "$mon_dir"; }
	alternate pm_hl pm_peer
	show pm_hl "hardlint, a process a file" "$sample" "$b_s"
	show pm_peer "monokle, a process a file" "$sample" "$b_s"
	showratio "monokle time / hardlint's" "$(ratio pm_peer pm_hl)" "%.2f"
	echo
else
	skipped "Manifests -j 1 >= 50x @monokle/validation" "monokle not installed"
fi

# --- 4. one small file, the whole process ---------------------------------
echo "== one small file, the whole process ($runs processes a sample; CPU per process)"
st=$tmp/start
mkdir -p "$st/base" "$st/cfg" "$st/ctx/src"
printf 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py /app/\nUSER 10001\nCMD ["python", "app.py"]\n' \
	>"$st/base/Dockerfile"
cat >"$st/base/deploy.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}
YAML
cp "$st/base/Dockerfile" "$st/cfg/Dockerfile"
cat >"$st/cfg/.hardlint.yaml" <<'YAML'
# a small configuration, as a repository keeps one
disable: [df-healthcheck-missing]
severity-overrides:
  - rule: df-user-root
    severity: error
parameters:
  - rule: df-trusted-registry
    parameter: registries
    values: [registry.example.com, "ghcr.io/acme/*"]
exclude: ["vendor/"]
YAML
printf 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app/\nUSER 10001\nCMD ["python", "app.py"]\n' \
	>"$st/ctx/Dockerfile"
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "src/f%04d.py\n", i }' |
	while IFS= read -r f; do echo "print($f)" >"$st/ctx/$f"; done
# startup TAG DIR COMMAND [ARG...]: RUNS processes of COMMAND in DIR,
# through spawn, which checks each exit status (0) and gives the means per
# process, kept as TAG's sample
startup() {
	tag=$1 dir=$2
	shift 2
	(cd "$dir" && "$tmp/spawn" -n "$runs" -e 0 "$@") >"$tmp/$tag.spawn" ||
		die "$tag: a run failed"
	awk '{print $6, $4, $8}' "$tmp/$tag.spawn" >>"$tmp/$tag.s"
}
s_hello() { startup s_hello "$st/base" "$tmp/hello"; }
s_df() { startup s_df "$st/base" "$bin" --no-config --fail-on none Dockerfile; }
s_k8s() { startup s_k8s "$st/base" "$bin" --no-config --fail-on none deploy.yaml; }
s_find() { startup s_find "$st/base" "$bin" --fail-on none Dockerfile; }
s_cfg() { startup s_cfg "$st/cfg" "$bin" --fail-on none Dockerfile; }
s_ctx() { startup s_ctx "$st/ctx" "$bin" --no-config --fail-on none Dockerfile; }
# one checked run of each first: the JSON says one file and no error
# once DIR TAG ARG...: one checked run of hardlint ARG... in DIR
once() {
	(
		cd "$1"
		tag=$2
		shift 2
		measure "$tag" 0 "check_hl 1 0" "$bin" -f json --fail-on none "$@"
	)
}
once "$st/base" c1 --no-config Dockerfile
once "$st/base" c2 --no-config deploy.yaml
once "$st/cfg" c3 Dockerfile
grep -q '"path": ".hardlint.yaml"' "$tmp/c3.out" ||
	die "the configuration case's .hardlint.yaml was not read"
once "$st/ctx" c4 --no-config Dockerfile
alternate s_hello s_df s_k8s s_find s_cfg s_ctx
# a process's figures: "label TAG"
for x in "hello-world (C) s_hello" "small Dockerfile, --no-config s_df" \
	"small Deployment, --no-config s_k8s" \
	"Dockerfile, config looked for, none s_find" \
	"Dockerfile, .hardlint.yaml found s_cfg" \
	"Dockerfile, COPY . of 1,000 files s_ctx"; do
	t=${x##* }
	printf '  %-36s cpu %6.0f us  wall %6.0f us  rss %5.1f MB\n' "${x% *}" \
		"$(fig "$t" 2)" "$(fig "$t" 1)" "$(mb "$(fig "$t" 3 max)")"
done
r=$(ratio s_df s_hello 2)
showratio "Dockerfile CPU / hello-world's" "$r" "%.2f"
rtarget "Small Dockerfile CPU <= 1.3x hello-world" "$r" "<=" 1.3
r=$(ratio s_k8s s_hello 2)
showratio "Deployment CPU / hello-world's" "$r" "%.2f"
rtarget "Small Deployment CPU <= 1.3x hello-world" "$r" "<=" 1.3
# what discovery and a context scan add, in CPU microseconds a process
added() {
	paste -d ' ' "$tmp/$1.s" "$tmp/$2.s" | awk '{print $2 - $5}' | sort -g |
		awk '{v[NR] = $1} END {
			printf "%+.0f us (%+.0f..%+.0f)", v[int((NR + 1) / 2)], v[1], v[NR]
		}'
}
printf '  %-36s %s\n' "added: looking for a config (none)" "$(added s_find s_df)"
printf '  %-36s %s\n' "added: reading a .hardlint.yaml" "$(added s_cfg s_df)"
printf '  %-36s %s\n' "added: COPY . context of 1,000 files" "$(added s_ctx s_df)"
if command -v valgrind >/dev/null 2>&1; then
	# instruction counts: the same on every run, whatever the machine does
	ir() {
		(cd "$1" && shift && valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null) |
			awk '/Collected/ {print $4}'
	}
	h=$(ir "$st/base" "$tmp/hello")
	d=$(ir "$st/base" "$bin" --no-config --fail-on none Dockerfile)
	k=$(ir "$st/base" "$bin" --no-config --fail-on none deploy.yaml)
	printf '  %-36s hello-world %s, Dockerfile %s (%sx), Deployment %s (%sx)\n' \
		"instructions (callgrind)" "$h" "$d" \
		"$(awk -v a="$d" -v b="$h" 'BEGIN {printf "%.2f", a / b}')" "$k" \
		"$(awk -v a="$k" -v b="$h" 'BEGIN {printf "%.2f", a / b}')"
fi
echo

# --- 5. parallel --------------------------------------------------------
echo "== parallel (-j 2 against -j 1, rounds of the runs above)"
showratio "Dockerfile corpus speed-up" "$rdf" "%.2f"
rtarget "Dockerfiles -j 2 >= 1.8x -j 1" "$rdf" ">=" 1.8
showratio "manifest corpus speed-up" "$rk8s" "%.2f"
rtarget "Manifests -j 2 >= 1.8x -j 1" "$rk8s" ">=" 1.8
identical "Dockerfiles: output -j 1 = -j 2 = -j 4" df_j1 df_j2 df_j4
identical "Manifests: output -j 1 = -j 2 = -j 4" k8s_j1 k8s_j2 k8s_j4
echo

# --- 6. large and many: the multi-document manifest and the tree ---------
echo "== one $big_mb MB multi-document manifest (split among threads)"
big_files=1
big_j1() {
	measure big_j1 1 "check_hl $big_files 0" "$bin" -q -f json --no-config \
		-j 1 "$gen/big.yaml"
}
big_j2() {
	measure big_j2 1 "check_hl $big_files 0" "$bin" -q -f json --no-config \
		-j 2 "$gen/big.yaml"
}
alternate big_j1 big_j2
show big_j1 "hardlint -j 1" 1 "$b_big"
show big_j2 "hardlint -j 2" 1 "$b_big"
if [ -n "$yaml_floor" ]; then
	measure big_yaml 0 "check_line '[0-9]* events, 0 errors'" "$yaml_floor" \
		"$gen/big.yaml"
	show big_yaml "ceiling: libyaml events (once)" 1 "$b_big"
	showratio "hardlint -j 1 / libyaml ceiling" "$(awk -v a="$(fig big_yaml 1)" \
		-v b="$(fig big_j1 1)" 'BEGIN {print a / b, a / b, a / b, 1}')"
fi
showratio "speed-up -j 2 over -j 1" "$(ratio big_j1 big_j2)" "%.2f"
measure big_j4 1 "check_hl $big_files 0" "$bin" -q -f json --no-config -j 4 \
	"$gen/big.yaml"
identical "Big manifest: output -j 1 = -j 2 = -j 4" big_j1 big_j2 big_j4
rss_big=$(peak big_j1 big_j2 big_j4)
echo

n_tree=$(wc -l <"$tmp/tree.list")
echo "== a tree of $n_tree files (directory walk, -j 1)"
tree_hl() {
	measure tree_hl 1 "check_hl $n_tree 0" "$bin" -q -f json --no-config -j 1 \
		"$gen/tree"
}
tree_read() {
	measure tree_read 0 "check_line 'files $n_tree bytes $b_tree'" \
		-l "$tmp/tree.list" "$tmp/ceil_read"
}
alternate tree_hl tree_read
show tree_hl "hardlint -j 1" "$n_tree" "$b_tree"
show tree_read "ceiling: read (file list)" "$n_tree" "$b_tree"
showratio "hardlint / read ceiling" "$(ratio tree_read tree_hl)"
echo

# --- 7. memory --------------------------------------------------------------
echo "== memory (peak RSS)"
target "Dockerfile corpus runs: peak RSS < 12 MB" "$(mb "$rss_df")" "<" 12 \
	"$(mb "$rss_df") MB"
target "Manifest corpus runs: peak RSS < 12 MB" "$(mb "$rss_k8s")" "<" 12 \
	"$(mb "$rss_k8s") MB"
printf '  %-36s %s MB\n' "$big_mb MB manifest (-j 1, 2, 4)" "$(mb "$rss_big")"
for t in heredocs heredocs_fit; do
	measure $t any check_gen "$bin" -q -f json --fail-on none --no-config \
		-j 1 --kind dockerfile "$gen/$t"
done
show heredocs "$heredocs heredoc RUNs, 3 commands" 1 \
	"$(wc -c <"$gen/heredocs")"
show heredocs_fit "$fit_heredocs heredoc RUNs, 1 command" 1 \
	"$(wc -c <"$gen/heredocs_fit")"
refused "$heredocs heredoc RUNs: peak RSS < 15 MB" heredocs ||
	target "$heredocs heredoc RUNs: peak RSS < 15 MB" \
		"$(mb "$(fig heredocs 3 max)")" "<" 15 \
		"$(mb "$(fig heredocs 3 max)") MB"
[ ! -f "$tmp/heredocs_fit.refused" ] ||
	echo "  ($fit_heredocs RUNs: $(cat "$tmp/heredocs_fit.refused"))"
measure words 2 check_refused "$bin" -q -f json --no-config -j 1 \
	--kind dockerfile "$gen/words"
printf '  %-36s exit 2: %s\n' "$word_mb MB of words" "$(grep -m 1 'error:' \
	"$tmp/words.err" | sed 's/^.*error: //' | cut -c1-90)"
wr=$(awk -v k="$(fig words 3 max)" -v b="$b_words" 'BEGIN {print k * 1024 / b}')
target "$word_mb MB of words refused, peak RSS <= 4x size" "$wr" "<=" 4 \
	"$(mb "$(fig words 3 max)") MB, $(printf '%.1f' "$wr")x size"
echo

# --- 8. scaling ---------------------------------------------------------
echo "== scaling: the corpus repeated ($scales x; file lists, -j 1)"
# Each copy k of a corpus is reached through a symbolic link farm/KIND/k
# to its directory, so that every path is new to hardlint (it lints a path
# named twice once). The lists of the larger scales pass the 2 MB of
# arguments an 8 MB stack allows: their runs get a 64 MB stack limit
# (arguments up to 6 MB, the kernel's most).
farm=$tmp/farm
max=1
for s in $scales; do [ "$s" -gt "$max" ] && max=$s; done
for kind in df k8s; do
	case $kind in
	df) dir=$corpus/dockerfile ;;
	k8s) dir=$corpus/k8s ;;
	esac
	mkdir -p "$farm/$kind"
	k=1
	while [ $k -le "$max" ]; do
		ln -s "$dir" "$farm/$kind/$k"
		k=$((k + 1))
	done
	for s in $scales; do
		k=1
		while [ $k -le "$s" ]; do
			sed "s|^$dir/|$k/|" "$tmp/$kind.list"
			k=$((k + 1))
		done >"$tmp/scale.$kind.$s"
	done
done
# shellcheck disable=SC3045 # dash, bash and busybox sh have ulimit -s
arg_room=$( (ulimit -s 65536 2>/dev/null || true; getconf ARG_MAX) |
	awk '{print ($1 > 6291456 ? 6291456 : $1) - 262144}')
# scale_run KIND S: one run of hardlint over S copies of corpus KIND
scale_run() {
	case $1 in
	df) set -- "$1" "$2" $((n_df * $2)) --kind dockerfile ;;
	k8s) set -- "$1" "$2" $((n_k8s * $2)) ;;
	esac
	sr_kind=$1 sr_s=$2 sr_n=$3
	shift 3
	(
		cd "$farm/$sr_kind"
		# shellcheck disable=SC3045 # dash, bash and busybox sh have it
		ulimit -s 65536 2>/dev/null || true
		measure "sc_${sr_kind}_$sr_s" 1 "check_hl $sr_n 0" \
			-l "$tmp/scale.$sr_kind.$sr_s" "$bin" -q -f json --no-config \
			-j 1 "$@"
	)
}
sc_tags=
for s in $scales; do
	for kind in df k8s; do
		room=$(LC_ALL=C awk '{n += length($0) + 9} END {print n}' \
			"$tmp/scale.$kind.$s")
		if [ "$room" -gt "$arg_room" ]; then
			echo "  $kind at ${s}x: $room bytes of arguments," \
				"more than $arg_room: skipped"
			continue
		fi
		eval "sc_${kind}_$s() { scale_run $kind $s; }"
		sc_tags="$sc_tags sc_${kind}_$s"
	done
done
# rounds over every scale in turn (at most 3), no warm-up: the runs above
# were one
save=$pairs
[ "$pairs" -le 3 ] || pairs=3
# shellcheck disable=SC2086 # the tags are words
[ -z "$sc_tags" ] || alternate -w $sc_tags
pairs=$save
printf '  %-10s %10s %10s %9s %9s %10s %10s %9s %9s\n' scale "Df MB" "Df s" \
	"Df MB/s" "Df RSS" "k8s MB" "k8s s" "k8s MB/s" "k8s RSS"
: >"$tmp/scaling.dat"
echo "# scale df_MB df_s df_rss_MB k8s_MB k8s_s k8s_rss_MB" >>"$tmp/scaling.dat"
for s in $scales; do
	line=$s
	for kind in df k8s; do
		case $kind in
		df) b=$b_df ;;
		k8s) b=$b_k8s ;;
		esac
		if [ -f "$tmp/sc_${kind}_$s.s" ]; then
			line="$line $(awk -v b="$b" -v s="$s" -v w="$(fig "sc_${kind}_$s" 1)" \
				-v r="$(fig "sc_${kind}_$s" 3 max)" \
				'BEGIN {print b * s / 1e6, w / 1e6, r / 1024}')"
		else
			line="$line ? ? ?"
		fi
	done
	echo "$line" >>"$tmp/scaling.dat"
	echo "$line" | awk '{
		printf "  %-10s %10.1f %10.3f %9.2f %9.1f %10.1f %10.3f %9.2f %9.1f\n",
			$1 "x", $2, $3, ($3 > 0 ? $2 / $3 : 0), $4, $5, $6, ($6 > 0 ? $5 / $6 : 0), $7
	}'
done
first=$(echo "$scales" | awk '{print $1}')
last=$(echo "$scales" | awk '{print $NF}')
for kind in df k8s; do
	case $kind in
	df) label=Dockerfiles ;;
	k8s) label=Manifests ;;
	esac
	if [ -f "$tmp/sc_${kind}_$first.s" ] && [ -f "$tmp/sc_${kind}_$last.s" ] &&
		[ "$first" != "$last" ]; then
		g=$(awk -v a="$(fig "sc_${kind}_$first" 1)" -v b="$(fig "sc_${kind}_$last" 1)" \
			-v f="$first" -v l="$last" 'BEGIN {print (b / l) / (a / f)}')
		target "$label: time/MB at ${last}x <= 1.5x that at ${first}x" "$g" "<=" 1.5 \
			"$(printf '%.2fx' "$g")"
	else
		skipped "$label: time/MB at ${last}x <= 1.5x that at ${first}x" "no two scales"
	fi
done

# the generated Dockerfiles and Deployments against a tenth of their size
# gen_run TAG FILE [ARG...]: one checked run of hardlint on a generated FILE
gen_run() {
	measure "$1" any check_gen "$bin" -q -f json --fail-on none \
		--no-config -j 1 "$3" "$4" "$2"
}
g_small() { gen_run g_small "$gen/df_small" --kind dockerfile; }
g_mid() { gen_run g_mid "$gen/df_mid" --kind dockerfile; }
g_large() { gen_run g_large "$gen/df_large" --kind dockerfile; }
w_small() { gen_run w_small "$gen/wide_small.yaml" --kind kubernetes; }
w_large() { gen_run w_large "$gen/wide_large.yaml" --kind kubernetes; }
f_small() { gen_run f_small "$gen/fit_small.yaml" --kind kubernetes; }
f_large() { gen_run f_large "$gen/fit_large.yaml" --kind kubernetes; }
if [ "$fit_containers" = "$containers" ]; then
	alternate g_small g_mid g_large w_small w_large
else
	alternate g_small g_mid g_large w_small w_large f_small f_large
fi
show g_small "Dockerfile, $i_small instructions" 1 "$(wc -c <"$gen/df_small")"
show g_mid "Dockerfile, $i_mid instructions" 1 "$(wc -c <"$gen/df_mid")"
show g_large "Dockerfile, $instructions instructions" 1 "$(wc -c <"$gen/df_large")"
show w_small "Deployment, $((containers / 10)) containers" 1 \
	"$(wc -c <"$gen/wide_small.yaml")"
show w_large "Deployment, $containers containers" 1 "$(wc -c <"$gen/wide_large.yaml")"
if [ "$fit_containers" != "$containers" ]; then
	show f_small "Deployment, $((fit_containers / 10)) containers" 1 \
		"$(wc -c <"$gen/fit_small.yaml")"
	show f_large "Deployment, $fit_containers containers" 1 \
		"$(wc -c <"$gen/fit_large.yaml")"
fi
r=$(ratio g_large g_small)
showratio "time $instructions / $i_small instructions" "$r" "%.2f"
text="$instructions instructions: time <= 15x a tenth's"
refused "$text" g_large || refused "$text" g_small ||
	rtarget "$text" "$r" "<=" 15
r=$(ratio w_large w_small)
showratio "time $containers / $((containers / 10)) containers" "$r" "%.2f"
text="$containers containers: time <= 15x a tenth's"
refused "$text" w_large || refused "$text" w_small ||
	rtarget "$text" "$r" "<=" 15
if [ "$fit_containers" != "$containers" ]; then
	showratio "time $fit_containers / $((fit_containers / 10)) containers" \
		"$(ratio f_large f_small)" "%.2f"
fi
echo

# --- 9. instruction counts on the corpus (CALLGRIND=1) ----------------------
if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	echo "== instructions (callgrind, -j 1): the figure to compare before and after"
	cg() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
			2>&1 >/dev/null | awk '/Collected/ {print $4}'
	}
	# shellcheck disable=SC2046 # one path a line
	printf '  %-36s %s\n' "Dockerfile corpus" "$(IFS='
'; set -f; cg "$bin" -q -f json --no-config -j 1 --kind dockerfile $(cat "$tmp/df.list"))"
	printf '  %-36s %s\n' "manifest corpus" \
		"$(cg "$bin" -q -f json --no-config -j 1 "$corpus/k8s")"
	echo
fi

# --- 10. the chart ----------------------------------------------------------
if command -v gnuplot >/dev/null 2>&1; then
	grep -v '?' "$tmp/scaling.dat" >"$tmp/scaling.ok"
	version=$("$bin" --version | head -n 1 | cut -d' ' -f2)
	gnuplot <<EOF
set terminal pngcairo size 1000,460 font ",10" noenhanced
set output "$chart"
set multiplot layout 1,2 title "hardlint $version, -j 1, the corpus repeated ${first}x to ${last}x as file lists ($(date -u +%Y-%m-%d), $(nproc) cores)"
set xlabel "input (MB)"
set logscale x 2
set grid
set key top left
set title "wall time (log-log: a slope of 1 is linear)"
set ylabel "seconds"
set logscale y 2
plot "$tmp/scaling.ok" using 2:3 with linespoints lw 2 pt 7 title "Dockerfiles", \
     "$tmp/scaling.ok" using 5:6 with linespoints lw 2 pt 5 title "manifests"
set title "peak RSS"
set ylabel "MB"
unset logscale y
set yrange [0:*]
plot "$tmp/scaling.ok" using 2:4 with linespoints lw 2 pt 7 title "Dockerfiles", \
     "$tmp/scaling.ok" using 5:7 with linespoints lw 2 pt 5 title "manifests"
unset multiplot
EOF
	echo "chart: $chart (data: $tmp/scaling.dat, removed at exit)"
	echo "scaling data:"
	sed 's/^/  /' "$tmp/scaling.dat"
else
	echo "chart: gnuplot missing (apt-get install gnuplot-nox): no chart"
fi
echo

# --- summary --------------------------------------------------------------
echo "== targets"
cat "$tmp/targets"
n_short=$(grep -c 'FALLS SHORT$' "$tmp/targets" || true)
n_pass=$(grep -c 'PASS$' "$tmp/targets" || true)
n_skip=$(grep -c 'SKIPPED$' "$tmp/targets" || true)
echo "targets: $n_pass PASS, $n_short FALLS SHORT, $n_skip SKIPPED"
