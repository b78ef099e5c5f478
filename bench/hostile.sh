#!/bin/sh
# hostile.sh [HARDLINT]: time and peak memory of hardlint on the inputs an
# attacker or an accident hands it, measured in one run:
#
#   laughs.yaml  a billion-laughs document (9 levels of 9 aliases), then a
#                normal one: the first is an error within the alias budget
#   deep.yaml    10,000 nested flow sequences, 10,000 nested block
#                sequences on one line, then a normal document: nesting
#                errors, no stack overflow
#   big.yaml     100 MiB of multi-document Kubernetes YAML (a Deployment a
#                document, a finding in every tenth): streamed, bounded
#                memory
#
# Targets (from the issue that built the Kubernetes front end): each file
# within 2 s and 100 MB. big.yaml is also run with --jobs 1 and set against
# libyaml parsing the same bytes with no tree and no rules (bench/
# yaml_floor.c, built here), the ceiling any libyaml-based reader meets.
# Needs GNU time (/usr/bin/time; Debian: apt-get install time), cc and
# libyaml-dev.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/hardlint}
cc=${CC:-cc}
gtime=/usr/bin/time
[ -x "$gtime" ] || { echo "hostile.sh: needs GNU time at $gtime" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- inputs ---------------------------------------------------------------
{
	sh "$here/../tests/laughs.sh"
	echo '---'
	echo 'apiVersion: v1'
	echo 'kind: Pod'
	echo 'metadata: {name: after}'
	echo 'spec: {containers: [{name: a, image: "nginx:latest"}]}'
} >"$tmp/laughs.yaml"

awk 'BEGIN {
	n = 10000
	printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow}\ndata:\n  x: "
	for (i = 0; i < n; i++) printf "["
	for (i = 0; i < n; i++) printf "]"
	printf "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: block}\nx:\n"
	for (i = 0; i < n; i++) printf "- "
	printf "deep\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: after}\n"
	printf "spec: {containers: [{name: a, image: \"nginx:latest\"}]}\n"
}' >"$tmp/deep.yaml"

awk -v limit=104857600 'BEGIN {
	size = 0
	for (i = 0; size < limit; i++) {
		tag = (i % 10 == 0) ? "latest" : "1." i % 97 "." i % 13
		doc = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n" \
		"  name: web-" i "\n  namespace: team-" i % 50 "\n" \
		"  labels: {app: web-" i ", tier: frontend}\nspec:\n  replicas: 3\n" \
		"  selector:\n    matchLabels: {app: web-" i "}\n  template:\n" \
		"    metadata:\n      labels: {app: web-" i "}\n    spec:\n" \
		"      securityContext: {runAsNonRoot: true, runAsUser: 10001}\n" \
		"      containers:\n        - name: web\n" \
		"          image: registry.example.com/web:" tag "\n" \
		"          ports: [{containerPort: 8080}]\n" \
		"          env:\n            - name: MODE\n              value: production\n" \
		"            - name: DB_PASSWORD\n              valueFrom: {secretKeyRef: {name: db, key: password}}\n" \
		"          securityContext:\n            allowPrivilegeEscalation: false\n" \
		"            readOnlyRootFilesystem: true\n            capabilities: {drop: [ALL]}\n" \
		"          resources:\n            limits: {cpu: 500m, memory: 256Mi}\n" \
		"            requests: {cpu: 100m, memory: 128Mi}\n"
		printf "%s", doc
		size += length(doc)
	}
}' >"$tmp/big.yaml"

floor=
if $cc -O2 "$here/yaml_floor.c" -o "$tmp/yaml_floor" \
	$(pkg-config --cflags --libs yaml-0.1 2>/dev/null || echo -lyaml) \
	2>/dev/null; then
	floor=$tmp/yaml_floor
fi

# --- runs -----------------------------------------------------------------
# run NAME FILE ARGS...: one line: seconds, peak MB, exit status, findings,
# errors; the figures are kept in $secs and $mb
run() {
	name=$1
	shift
	status=0
	$gtime -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" ||
		status=$?
	secs=$(tail -n 1 "$tmp/time" | awk '{print $1}')
	mb=$(tail -n 1 "$tmp/time" | awk '{printf "%.1f", $2 / 1024}')
	findings=$(sed -n 's/^ *"findings": \([0-9]*\),*$/\1/p' "$tmp/out" | tail -n 1)
	errors=$(grep -c ': error: ' "$tmp/err" || true)
	verdict=ok
	if awk -v s="$secs" -v m="$mb" 'BEGIN { exit !(s > 2 || m > 100) }'; then
		verdict="OVER TARGET"
	fi
	printf '%-22s %6.2f s %7s MB  exit %s  findings %-6s errors %-3s %s\n' \
		"$name" "$secs" "$mb" "$status" "${findings:--}" "${errors:--}" \
		"$verdict"
}

echo "hardlint: $bin"
echo "cpus online: $(getconf _NPROCESSORS_ONLN)"
echo "big.yaml: $(wc -c <"$tmp/big.yaml") bytes, $(grep -c '^---$' "$tmp/big.yaml") documents"
echo
run "billion laughs" "$bin" -q -f json "$tmp/laughs.yaml"
run "10,000-deep nesting" "$bin" -q -f json "$tmp/deep.yaml"
run "100 MiB multi-doc" "$bin" -q -f json "$tmp/big.yaml"
all=$secs
run "100 MiB, --jobs 1" "$bin" -q -f json --jobs 1 "$tmp/big.yaml"
one=$secs
if [ -n "$floor" ]; then
	$gtime -f '%e %M' -o "$tmp/time" "$floor" "$tmp/big.yaml" >/dev/null
	fs=$(awk '{print $1}' "$tmp/time")
	fm=$(awk '{printf "%.1f", $2 / 1024}' "$tmp/time")
	printf '%-22s %6.2f s %7s MB  (libyaml events only, one thread)\n' \
		"libyaml floor" "$fs" "$fm"
	awk -v a="$one" -v b="$all" -v f="$fs" 'BEGIN {
		if (f > 0)
			printf "\nhardlint --jobs 1 / libyaml floor: %.2f x;" \
			       " default jobs / floor: %.2f x\n", a / f, b / f
	}'
else
	echo "(libyaml floor not built: no cc or libyaml-dev)"
fi
