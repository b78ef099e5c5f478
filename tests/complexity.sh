#!/bin/sh
# complexity.sh HARDLINT CPUTIME: the hostile suite's families of input, each made
# at a size n and 2n: linting 2n may take at most 2.5 times as long as n
# (best of three runs each, in CPU time, so other work on the machine
# does not count; a family over the bound is measured
# once more before it fails, as a quadratic corner stays near 4), so no
# family hides a quadratic corner. The sizes keep each run near a tenth of
# a second or more, where the machine's noise is small beside it.
set -u
bin=$1
cputime=$2 # tests/cputime.c
collide=${3:-} # tests/collide.c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fails=0
families=0

# one run's time in microseconds: its user + system CPU time
once() {
	"$cputime" "$bin" -q -j 1 "$@"
}

# the best time of three runs, in microseconds
best() {
	b=
	for _ in 1 2 3; do
		t=$(once "$@")
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b"
}

# family NAME N ARGS...: gen_NAME N writes in.N, then it is linted at N
# and 2N with ARGS before the file
family() {
	name=$1 n=$2
	shift 2
	"gen_$name" "$n" >"in.$n"
	"gen_$name" $((2 * n)) >"in.$((2 * n))"
	t1=$(best "$@" "in.$n")
	t2=$(best "$@" "in.$((2 * n))")
	families=$((families + 1))
	ratio=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b / (a > 0 ? a : 1) }')
	if awk -v r="$ratio" 'BEGIN { exit !(r > 2.5) }'; then
		t1=$(best "$@" "in.$n")
		t2=$(best "$@" "in.$((2 * n))")
		ratio=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b / (a > 0 ? a : 1) }')
	fi
	printf 'complexity: %-28s n %8d: %8d us, 2n: %8d us, ratio %s\n' \
		"$name" "$n" "$t1" "$t2" "$ratio"
	if awk -v r="$ratio" 'BEGIN { exit !(r > 2.5) }'; then
		echo "complexity: FAIL $name grows faster than linearly"
		fails=$((fails + 1))
	fi
}

# --- YAML ------------------------------------------------------------------
gen_documents() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p%d}\nspec:\n  containers: [{name: c, image: busybox}]\n", i }'
}
gen_scalar() {
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  x: "'
	head -c "$1" /dev/zero | tr '\0' a
	printf '"\n'
}
gen_keys() {
	awk -v n="$1" 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n";
		for (i = 0; i < n; i++) printf "  k%d: v\n", i }'
}
gen_env() {
	awk -v n="$1" 'BEGIN { printf "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    env:\n";
		for (i = 0; i < n; i++) printf "    - {name: V%d, value: x}\n", i }'
}
gen_aliases() {
	awk -v n="$1" 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nx: &a {k: v}\ndata:\n";
		for (i = 0; i < n; i++) printf "  k%d: *a\n", i }'
}
gen_containers() {
	awk -v n="$1" 'BEGIN { printf "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n";
		for (i = 0; i < n; i++) printf "  - {name: v%d, emptyDir: {}}\n", i;
		printf "  containers:\n";
		for (i = 0; i < n; i++) printf "  - {name: c%d, image: busybox, volumeMounts: [{name: v%d, mountPath: /m}]}\n", i, i }'
}
# the same privileged pod over and over: every finding ties on its
# fingerprint, and each tie must cost one try, not one per earlier tie
gen_ties() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: busybox, securityContext: {privileged: true}}]\n" }'
}
gen_lines() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "\n"; printf "a: [\n" }'
}
family documents 20000 --kind kubernetes
family scalar 20000000 --kind kubernetes
family keys 100000 --kind kubernetes
family env 4000 --kind kubernetes
family aliases 100000 --kind kubernetes
family containers 2000 --kind kubernetes
family lines 3000000 --kind kubernetes
family ties 8000 --kind kubernetes

# --- Dockerfile -------------------------------------------------------------
gen_line() {
	printf 'FROM alpine:3.19\nRUN echo '
	head -c "$1" /dev/zero | tr '\0' a
	printf ' && sudo true\nUSER app\n'
}
gen_instructions() {
	awk -v n="$1" 'BEGIN { printf "FROM alpine:3.19\n";
		for (i = 0; i < n; i++) printf "ENV A%d=x\n", i % 1000; printf "USER app\n" }'
}
gen_stages() {
	awk -v n="$1" 'BEGIN { printf "FROM alpine:3.19 AS s0\n";
		for (i = 1; i < n; i++) printf "FROM s%d AS s%d\nCOPY --from=s%d /a /b\n", i - 1, i, i - 1;
		printf "USER app\n" }'
}
gen_references() {
	awk -v n="$1" 'BEGIN { printf "FROM alpine:3.19\n";
		for (i = 0; i < 4999; i++) printf "ENV V%d=x\n", i;
		printf "ENV Y=";
		for (i = 0; i < n; i++) printf "$V0"; printf "\nUSER app\n" }'
}
gen_commands() {
	awk -v n="$1" 'BEGIN { printf "FROM alpine:3.19\nRUN true";
		for (i = 0; i < n; i++) printf " && echo %d | cat", i; printf "\nUSER app\n" }'
}
gen_heredocs() {
	awk -v n="$1" 'BEGIN { printf "FROM alpine:3.19\nRUN cat";
		for (i = 0; i < n; i++) printf " <<E%d", i; printf "\n";
		for (i = 0; i < n; i++) printf "x\nE%d\n", i; printf "USER app\n" }'
}
gen_continuations() {
	awk -v n="$1" 'BEGIN { printf "FROM alpine:3.19\nRUN echo \\\n";
		for (i = 0; i < n; i++) printf "  a \\\n"; printf "  end\nUSER app\n" }'
}
family line 8000000 --kind dockerfile
family instructions 8000 --kind dockerfile
family stages 500 --kind dockerfile
family references 2000000 --kind dockerfile
family commands 1200 --kind dockerfile
family heredocs 8000 --kind dockerfile
family continuations 40000 --kind dockerfile

# Names made to collide under an unkeyed hash (tests/collide.c) against
# ordinary names of the same shape: the lookup tables are keyed, so the
# first may take at most 3 times as long as the second.
if [ -n "$collide" ]; then
	"$collide" 4990 >coll.D
	"$collide" 4990 plain >plain.D
	tc=$(best --kind dockerfile coll.D)
	tp=$(best --kind dockerfile plain.D)
	families=$((families + 1))
	if [ "$tc" -gt $((3 * tp + 20000)) ]; then
		echo "complexity: colliding names take ${tc}us, ordinary ones ${tp}us"
		fails=$((fails + 1))
	fi
fi

echo "complexity: $families families at n and 2n: $fails grow faster than linearly"
[ "$fails" -eq 0 ]
