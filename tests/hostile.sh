#!/bin/sh
# hostile.sh HARDLINT [CORPUS]: lint the hostile inputs of
# docs/ROBUSTNESS.md and check each documented outcome: the exit status,
# what the output says, and that a well-formed file linted in the same run
# (the canary) is still reported. A crash (a signal) or a run past 60 s (a
# hang) fails, whatever the case says. Time and memory are never asserted:
# with HOSTILE_MEASURE=1 (bench/hostile-suite.sh) each case also prints
# its wall time and peak memory (GNU time).
#
# CORPUS, when given and present, adds every input of the YAML test suite
# (yaml-test-suite/*/in.yaml) linted as a manifest.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
corpus=${2:-}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fails=0
cases=0

mkdir canary
printf 'FROM alpine:3.19\nRUN sudo true\nUSER app\n' >canary/Dockerfile
canary_seen='canary/Dockerfile:2:5: warning:'

# check NAME STATUS PATTERN [ARG...]: run hardlint on ARGs and the canary
check() {
	name=$1 want=$2 pattern=$3
	shift 3
	cases=$((cases + 1))
	if [ "${HOSTILE_MEASURE:-}" = 1 ]; then
		/usr/bin/time -f '%e %M' -o time.out timeout 60 "$bin" \
			--format compact "$@" canary/Dockerfile >out 2>&1 </dev/null
		status=$?
		tail -n 1 time.out | awk -v n="$name" -v s=$status '{
			printf "%-55s %6.2f s %8.1f MB  exit %s\n", n, $1, $2 / 1024, s }'
	else
		timeout 60 "$bin" --format compact "$@" canary/Dockerfile \
			>out 2>&1 </dev/null
		status=$?
	fi
	why=
	if [ $status -eq 124 ]; then
		why="hung (killed after 60 s)"
	elif [ $status -ge 128 ]; then
		why="crashed (status $status)"
	elif [ $status -ne "$want" ]; then
		why="exit $status, want $want"
	elif ! grep -qE -- "$pattern" out; then
		why="no line matching /$pattern/"
	elif ! grep -qF -- "$canary_seen" out; then
		why="the other file of the run was not linted"
	fi
	if [ -n "$why" ]; then
		echo "FAIL $name: $why"
		sed 's/^/    /' out | cut -c1-200 | head -8
		fails=$((fails + 1))
	fi
}

# --- YAML ------------------------------------------------------------------
sh "$here/laughs.sh" >laughs.yaml
check "billion laughs" 2 'laughs.yaml:.*alias bomb.*--yaml-max-aliases' \
	laughs.yaml

awk 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata:\n  x: ";
	for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]";
	printf "\n" }' >deep-seq.yaml
check "10,000-deep sequences" 2 'deep-seq.yaml:.*nesting deeper than 1000' \
	deep-seq.yaml
awk 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata:\n  x: ";
	for (i = 0; i < 10000; i++) printf "{a: "; printf "b";
	for (i = 0; i < 10000; i++) printf "}"; printf "\n" }' >deep-map.yaml
check "10,000-deep mappings" 2 'deep-map.yaml:.*nesting deeper than 1000' \
	deep-map.yaml

{
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: n}\ndata:\n  x: '
	head -c 50000000 /dev/zero | tr '\0' a
	printf '\n'
} >scalar50.yaml
check "a 50 MB scalar (linted)" 1 '' scalar50.yaml

awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c%d, namespace: n}\n", i }' \
	>docs100k.yaml
check "100,000 documents (linted)" 1 '' docs100k.yaml

# the line index is sparse: ten million empty lines are not 80 MB of it,
# and the Helm check walking them line by line is linear
{ printf 'apiVersion: v1\nkind: Pod\n'
  head -c 10000000 /dev/zero | tr '\000' '\n'
  printf 'a: [\n'; } >newlines.yaml
awk 'BEGIN { printf "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1\n    env:\n"
	for (i = 0; i < 10001; i++) printf "    - {name: V%d, value: x}\n", i }' >manyenv.yaml
check "10,001 env entries in one container" 2 \
	'manyenv.yaml:10009:8: error: more than 10000 items of the env view' manyenv.yaml

check "10 million empty lines, then a syntax error" 2 \
	'newlines.yaml:10000004:1: error: did not find expected node' newlines.yaml

printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u}\ndata:\n  x: "\377\376"\n' \
	>badutf8.yaml
check "invalid UTF-8" 2 'badutf8.yaml:5:.*(UTF-8|utf-8|octet)' badutf8.yaml

printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: z}\ndata:\n  x: "a\000b"\n' \
	>nul.yaml
check "a NUL byte" 2 "nul.yaml:5:.*binary file" nul.yaml

printf 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: t\n' >tabs.yaml
check "tabs as indentation" 2 'tabs.yaml:4:1: error: .*a tab' tabs.yaml

cat >dupkeys.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: d, namespace: n}
spec:
  hostPID: false
  containers: [{name: a, image: "a:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]
  hostPID: true
EOF
check "duplicate keys (the last wins)" 1 \
	'dupkeys.yaml:7:3: error: .*hostPID: true.*k8s-host-namespaces' dupkeys.yaml

cat >mapkey.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata: {name: m, namespace: n}
data:
  ? {a: 1, b: [2]}
  : x
  ? [1, 2]
  : y
EOF
check "a key that is a mapping (linted)" 1 '' mapkey.yaml

cat >tags.yaml <<'EOF'
apiVersion: v1
kind: Secret
metadata: {name: s, namespace: n}
data:
  blob: !!binary |
    R0lGODlhDAAMAIQAAP//9/X17unp5WZmZgAAAOfn515eXvPz7Y6OjuDg4J+fn5
  set: !!set {a, b}
  omap: !!omap [{a: 1}]
  custom: !something {x: 1}
EOF
check "tags such as !!binary (linted)" 1 '' tags.yaml

# a stream past 72 MiB split among 16 threads: more parts than the 8 cuts
# the split once kept room for (an overflow ASan saw); the same findings
# as one thread
awk 'BEGIN { while (n < 76000000) {
	s = sprintf("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d%d, namespace: n}\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: r.example/a:1\n        securityContext: {privileged: %s, runAsNonRoot: true, capabilities: {drop: [ALL]}}\n", i, i % 10 == 0 ? "true" : "false");
	printf "%s", s; n += length(s); i++ } }' >stream73.yaml
cases=$((cases + 1))
# (one rule: the split and the findings' order are what is tested, and
# the whole catalogue makes 2 million findings, too slow under ASan; a
# second rule's 286,000 more outlast the timeout there too; one thread
# under ASan, beside the other suites on two cores, takes two minutes)
timeout 400 "$bin" --format compact --only k8s-privileged \
	--jobs 16 stream73.yaml >j16.out 2>j16.err
s16=$?
timeout 400 "$bin" --format compact --only k8s-privileged \
	--jobs 1 stream73.yaml >j1.out 2>j1.err
s1=$?
if [ $s16 -ne 1 ] || [ $s1 -ne 1 ] || ! cmp -s j16.out j1.out ||
	[ "$(grep -c 'k8s-privileged' j1.out)" -lt 10000 ]; then
	echo "FAIL a 73 MiB stream, --jobs 16: exit $s16 (-j 1: $s1)," \
		"$(wc -l <j16.out) and $(wc -l <j1.out) findings"
	head -5 j16.err
	fails=$((fails + 1))
fi
rm -f stream73.yaml j16.out j1.out

# --- Dockerfile -------------------------------------------------------------
mkdir df
{
	printf 'FROM alpine:3.19\nRUN echo '
	head -c 10000000 /dev/zero | tr '\0' a
	printf ' && sudo true\nUSER app\n'
} >df/long-line
check "a 10 MB single line (linted)" 1 \
	"df/long-line:2:10000014: warning: 'sudo'" --kind dockerfile df/long-line

awk 'BEGIN { printf "FROM alpine:3.19\nRUN echo \\\n";
	for (i = 0; i < 100000; i++) printf "  a \\\n"; printf "  end\nUSER app\n" }' \
	>df/continuations
check "100,000 continuation lines (the continuation limit)" 2 \
	'df/continuations:2:1: error: an instruction continued over more than 100000 lines' \
	--kind dockerfile df/continuations

# many instructions, each under the per-instruction limit: the file's
# continuation lines are counted as they are read (a 15 MB file of them
# once took 234 MB)
awk 'BEGIN { printf "FROM alpine:3.19\n";
	for (l = 0; l < 400; l++) { printf "RUN echo \\\n";
		for (i = 0; i < 700; i++) printf " \\\n"; printf "x\n" } }' \
	>df/continued-file
check "280,000 continuation lines in 400 RUNs (the file's continuation limit)" 2 \
	'df/continued-file:[0-9]*:1: error: more than 200000 continuation lines in the file' \
	--kind dockerfile df/continued-file

awk 'BEGIN { printf "FROM alpine:3.19\n";
	for (l = 0; l < 50; l++) { printf "RUN echo";
		for (i = 0; i < 2500; i++) printf " a"; printf "\n" }
	printf "USER app\n" }' >df/words
check "125,000 words in 50 RUNs (the word limit)" 2 \
	'df/words:[0-9]*:1: error: more than 100000 words' --kind dockerfile df/words

printf 'FROM alpine:3.19\nRUN <<EOF\necho hi\nUSER root\nRUN sudo x\n' \
	>df/unterminated
check "an unterminated heredoc (a finding, linting goes on)" 1 \
	"df/unterminated:5:5: warning: 'sudo'" --kind dockerfile df/unterminated

awk 'BEGIN { printf "FROM alpine:3.19\nRUN cat";
	for (i = 0; i < 10000; i++) printf " <<E%d", i; printf "\n";
	for (i = 0; i < 10000; i++) printf "x\nE%d\n", i; printf "USER app\n" }' \
	>df/heredocs
check "10,000 heredocs (linted)" 1 '' --kind dockerfile df/heredocs

printf '# escape=%%\nFROM alpine:3.19\nUSER app\n' >df/escape
check "an unusual escape character (a finding)" 1 \
	'df/escape:1:.*escape' --kind dockerfile df/escape

awk 'BEGIN { printf "FROM alpine:3.19\nRUN echo ";
	for (i = 0; i < 1000; i++) printf "$("; printf "sudo x";
	for (i = 0; i < 1000; i++) printf ")"; printf "\nUSER app\n" }' >df/subst
check "1,000-deep \$( ) (the nesting limit)" 2 \
	'df/subst:2:1: error: RUN nests shell code deeper than 32' \
	--kind dockerfile df/subst

awk 'BEGIN { printf "FROM alpine:3.19\nUSER ";
	for (i = 0; i < 1000; i++) printf "${A%d:-", i; printf "root";
	for (i = 0; i < 1000; i++) printf "}"; printf "\n" }' >df/vars
check "\${A:-\${B:-...}} 1,000 deep (the substitution limit)" 2 \
	'df/vars:2:1: error: variable substitution nested deeper than 32' \
	--kind dockerfile df/vars

# 4,999 ENV names, then 5 million references to the first one declared
# (16 MB, within every limit): a lookup must not scan the scope
awk 'BEGIN { printf "FROM alpine:3.19\n";
	for (i = 0; i < 4999; i++) printf "ENV V%d=x\n", i;
	for (l = 0; l < 190; l++) { printf "ENV Y=";
		for (i = 0; i < 27000; i++) printf "$V0"; printf "\n" }
	printf "USER app\n" }' >df/many-vars
check "5,000 ENV names, 5 million references (linted)" 1 \
	"df/many-vars:1:6: info: image 'alpine:3.19'" --kind dockerfile df/many-vars

printf 'ARG A=$A\nFROM alpine:${A:-3.19}\nARG B=${B}x\nUSER app\n' >df/self-arg
check "an ARG that refers to itself (unknown, counted)" 1 \
	'1 value left unknown' --kind dockerfile df/self-arg

printf 'FROM a AS a\nFROM b AS c\nCOPY --from=d / /\nFROM c AS d\nCOPY --from=c / /\nUSER app\n' \
	>df/stage-cycle
check "a stage naming itself, a cycle of stages (linted)" 1 \
	"df/stage-cycle:1:6: warning: image 'a'" --kind dockerfile df/stage-cycle

# --- Files ------------------------------------------------------------------
mkdir files
: >files/empty.yaml
: >files/Dockerfile.empty
check "an empty YAML file (skipped)" 1 '' files/empty.yaml
check "an empty Dockerfile (a finding)" 1 \
	'files/Dockerfile.empty:1:1: error: no instructions' files/Dockerfile.empty
printf '\177ELF\002\001\001\000' >files/Dockerfile.elf
check "an ELF under a Dockerfile name" 2 'Dockerfile.elf:.*binary file' \
	files/Dockerfile.elf
printf '\211PNG\r\n\032\nrest' >files/Dockerfile.png
check "a PNG under a Dockerfile name" 2 'Dockerfile.png:.*binary file' \
	files/Dockerfile.png
mkdir -p files/dir/Dockerfile
check "a directory named Dockerfile (nothing to lint)" 1 '' files/dir
check "a directory named Dockerfile, named (walked: nothing)" 1 '' \
	files/dir/Dockerfile
if [ -r /proc/self/mem ]; then
	ln -s /proc/self/mem files/Dockerfile.unreadable
	check "a file that cannot be read" 2 \
		'Dockerfile.unreadable:1:1: error: cannot read' \
		files/Dockerfile.unreadable
fi
mkdir -p files/loop/a
ln -s .. files/loop/a/up
ln -s ../a files/loop/a/self
printf 'FROM alpine:3.19\nUSER app\n' >files/loop/a/Dockerfile
check "a symlink loop in a scanned directory" 1 \
	'files/loop/a/Dockerfile:1:6: info' files/loop
# a walk never reads outside its directory: a pull request's
# Dockerfile.pw -> /etc/passwd is refused and said, as are links that
# loop or lead nowhere; a link inside is followed
mkdir -p files/pr
printf 'FROM alpine:3.19\nUSER app\n' >files/pr/Dockerfile
ln -s /etc/passwd files/pr/Dockerfile.pw
printf 'FROM alpine:3.19\n' >files/pr-outside.txt
ln -s ../pr-outside.txt files/pr/Dockerfile.up
ln -s nowhere files/pr/Dockerfile.dangling
ln -s Dockerfile.loop files/pr/Dockerfile.loop
printf 'FROM alpine:3.19\n' >files/pr/inside.txt
ln -s inside.txt files/pr/Dockerfile.inside
# a link to a file the walk reads itself is not read twice (its findings
# and fingerprints would repeat)
ln -s Dockerfile files/pr/Dockerfile.again
check "symlinks out of a walked directory (refused, said)" 1 \
	'files/pr/Dockerfile.pw: a symlink to a file outside' files/pr
for want in 'files/pr/Dockerfile.dangling: a symlink that leads nowhere' \
	'files/pr/Dockerfile.loop: a symlink that loops' \
	'files/pr/Dockerfile.up: a symlink to a file outside' \
	'files/pr/Dockerfile.again: a symlink to a file this walk reads already' \
	'files/pr/Dockerfile.inside:1:6: info' '5 paths not read (a symlink not followed'; do
	grep -qF -- "$want" out ||
		{ echo "FAIL symlinks: no '$want'"; fails=$((fails + 1)); }
done
if grep -q 'root:' out; then
	echo "FAIL symlinks: /etc/passwd was read through a walk"
	fails=$((fails + 1))
fi
# named on the command line, a symlink is read wherever it leads
check "a symlink named on the command line (followed)" 1 \
	"files/pr/Dockerfile.inside:1:6: info" files/pr/Dockerfile.inside
mkfifo files/Dockerfile.fifo
check "a FIFO, named (refused, no wait)" 2 \
	'Dockerfile.fifo:1:1: error: .*not a regular file' files/Dockerfile.fifo
mkdir files/withfifo
mkfifo files/withfifo/Dockerfile
check "a FIFO found by a walk (not read, said)" 1 \
	'Dockerfile: not a regular file .*: not read' files/withfifo
mkdir files/fifolink
mkfifo files/fifolink/fifo
ln -s fifo files/fifolink/Dockerfile.fifolink
check "a symlink to a FIFO found by a walk (not read, said)" 1 \
	'Dockerfile.fifolink: a symlink to something that is not a regular' \
	files/fifolink
# ...and a path --exclude leaves out is not said
check "a FIFO a walk finds, left out by --exclude (not said)" 1 \
	'in 1 file' --exclude 'files/fifolink/*' files/fifolink
if grep -q 'fifolink: a symlink' out; then
	echo "FAIL --exclude: a left-out path was still said"
	fails=$((fails + 1))
fi
mkdir -p 'files/a dir/ünïcødé'
printf 'FROM alpine:3.19\nUSER app\n' >'files/a dir/ünïcødé/Dockerfile'
check "a path with spaces and non-ASCII" 1 \
	'files/a dir/ünïcødé/Dockerfile:1:6: info' 'files/a dir'
mkdir files/many
awk 'BEGIN { for (i = 0; i < 100; i++) printf "%d\n", i }' | while read -r d; do
	mkdir "files/many/$d"
	i=0
	while [ $i -lt 100 ]; do
		printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\n' \
			>"files/many/$d/m$i.yaml"
		i=$((i + 1))
	done
done
check "10,000 files in one tree (linted)" 1 '' files/many

# --- Rules ------------------------------------------------------------------
mkdir -p rules/slow rules/alias
cat >rules/slow/slow.yaml <<'EOF'
id: SLOW1
slug: slow-regex
title: A catastrophic regex
severity: warning
target: dockerfile
for-each: instruction
when:
  - path: args
    matches: '(a+)+$'
message: never
EOF
{
	printf 'FROM alpine:3.19\nLABEL x='
	head -c 5000 /dev/zero | tr '\0' a
	printf '!\nUSER app\n'
} >rules/Dockerfile
check "a catastrophic regex (the match limit)" 2 \
	'error: .*slow-regex.*slow.yaml' --rules rules/slow --kind dockerfile \
	rules/Dockerfile
cat >rules/alias/alias.yaml <<'EOF'
id: ALIAS1
slug: with-alias
title: &t An alias
severity: warning
target: dockerfile
for-each: instruction
message: *t
EOF
# a bad rule file stops the run before any input (as a usage error does),
# so there is no canary here
cases=$((cases + 1))
if [ "${HOSTILE_MEASURE:-}" = 1 ]; then
	/usr/bin/time -f '%e %M' -o time.out timeout 60 "$bin" \
		--rules rules/alias --list-rules >out 2>&1
	status=$?
	tail -n 1 time.out | awk -v s=$status '{ printf "%-55s %6.2f s %8.1f MB  exit %s\n",
		"a rule file with aliases", $1, $2 / 1024, s }'
else
	timeout 60 "$bin" --rules rules/alias --list-rules >out 2>&1
	status=$?
fi
if [ $status -ne 2 ] || ! grep -q 'alias.yaml:3:.*aliases' out; then
	echo "FAIL a rule file with aliases: exit $status"
	sed 's/^/    /' out | head -5
	fails=$((fails + 1))
fi

# A long stream on standard input goes to a temporary file; when that
# file cannot be written (here: a file size limit, SIGXFSZ ignored), the
# error names the temporary folder, not the input.
cases=$((cases + 1))
if (ulimit -f 6000) 2>/dev/null; then
	# 8 MB through a file of at most 3 MB (6,000 blocks of 512 bytes;
	# 6 MB where a block is 1 KiB): the first MiB fits, the rest not
	awk 'BEGIN { for (i = 0; i < 320000; i++) printf "# line %d of a stream\n", i }' \
		>stream.yaml
	(trap '' XFSZ; ulimit -f 6000
		cat stream.yaml | "$bin" --kind kubernetes - >out 2>&1)
	status=$?
	if [ $status -ne 2 ] ||
		! grep -q "cannot keep '<stdin>' in a temporary file in" out; then
		echo "FAIL a spool that cannot be written: exit $status"
		sed 's/^/    /' out | head -5
		fails=$((fails + 1))
	fi
fi

# --- The YAML test suite ----------------------------------------------------
if [ -n "$corpus" ] && [ -d "$corpus/yaml-test-suite" ]; then
	n=0
	for f in $(find "$corpus/yaml-test-suite" -name in.yaml | sort); do
		n=$((n + 1))
		timeout 60 "$bin" --format compact --kind kubernetes "$f" \
			>out 2>&1 </dev/null
		status=$?
		if [ $status -ge 124 ]; then
			echo "FAIL yaml-test-suite $f: status $status"
			fails=$((fails + 1))
		elif [ $status -eq 2 ] && ! grep -qE ':[0-9]+:[0-9]+: error: ' out; then
			echo "FAIL yaml-test-suite $f: an error without its place"
			head -3 out
			fails=$((fails + 1))
		fi
	done
	cases=$((cases + n))
	echo "hostile: $n YAML test suite inputs"
fi

echo "hostile: $cases cases, $fails failed"
[ $fails -eq 0 ]
