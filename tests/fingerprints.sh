#!/bin/sh
# fingerprints.sh HARDLINT [CORPUS]: fingerprints follow what a finding is,
# never where it is (../shared/DESIGN.md, "Findings and errors"):
#  - reordering objects (and containers), moving lines, adding comments,
#    keep every fingerprint of a manifest;
#  - adding a stage (before the others), moving lines, keep every
#    fingerprint of the Dockerfile's other stages;
#  - two findings never share one: the same instruction twice in a stage,
#    two containers whose names differ after a NUL, the same template
#    named by # Source: in two files, two file names that are not UTF-8
#    (JSON keeps them apart: path_bytes), every finding of the corpus.
set -u
bin=$1
corpus=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fails=0
fail() {
	echo "fingerprints: FAIL $*"
	fails=$((fails + 1))
}
# "rule fingerprint" of every finding of a JSON report, sorted
prints() {
	awk -F'"' '/^      "rule": /{r = $4} /^      "fingerprint": /{print r, $4}' "$1" |
		LC_ALL=C sort
}
dups() { prints "$1" | awk '{print $2}' | uniq -d; }

# --- a manifest, then its objects reordered, lines moved ---------------
mkdir a b
cat >a/app.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/app:latest
          securityContext: {privileged: true}
          env:
            - {name: DB_PASSWORD, value: "s3cr3t-value"}
        - name: side
          image: busybox
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  hostNetwork: true
  containers:
    - {name: box, image: "busybox:1.36"}
YAML
cat >b/app.yaml <<'YAML'
# the same objects, the other way round, with lines moved
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:

  containers:
    - {name: box, image: "busybox:1.36"}
  hostNetwork: true
---
# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  namespace: shop
  name: web
spec:
  template:
    spec:
      containers:
        - name: side
          image: busybox

        - name: app
          env:
            - {value: "s3cr3t-value", name: DB_PASSWORD}
          securityContext: {privileged: true}
          image: registry.example.com/app:latest
YAML
(cd a && "$bin" -f json app.yaml >../a.json 2>/dev/null)
(cd b && "$bin" -f json app.yaml >../b.json 2>/dev/null)
[ "$(prints a.json | wc -l)" -ge 8 ] || fail "too few findings in the manifest"
prints a.json >a.prints
prints b.json >b.prints
cmp -s a.prints b.prints ||
	{ fail "reordering objects and moving lines changed fingerprints";
	  diff a.prints b.prints | head -5; }

# --- a Dockerfile, then a stage added before, lines moved --------------
mkdir c d
cat >c/Dockerfile <<'DF'
FROM alpine:3.19
RUN sudo ls
RUN sudo ls
FROM alpine:3.19
RUN curl -fsSL https://example.com/i.sh | sh
FROM node AS build
RUN sudo npm ci
FROM build
USER root
DF
cat >d/Dockerfile <<'DF'
# a new first stage, with findings of its own
FROM busybox
RUN sudo ls

FROM alpine:3.19
RUN sudo ls

RUN sudo ls
FROM alpine:3.19
RUN curl -fsSL https://example.com/i.sh | sh
FROM node AS build
RUN   sudo npm ci
FROM build
USER root
DF
(cd c && "$bin" -f json Dockerfile >../c.json 2>/dev/null)
(cd d && "$bin" -f json Dockerfile >../d.json 2>/dev/null)
[ "$(prints c.json | wc -l)" -ge 8 ] || fail "too few findings in the Dockerfile"
prints c.json >c.prints
prints d.json >d.prints
missing=$(comm -23 c.prints d.prints)
[ -z "$missing" ] ||
	{ fail "adding a stage changed other fingerprints"; echo "$missing" | head -5; }
[ -z "$(dups c.json)" ] || fail "RUN sudo ls twice in a stage: one fingerprint"

# --- names that differ after a NUL ---------------------------------------
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: "c\\0x", image: busybox}\n  - {name: "c\\0y", image: busybox}\n' >nul.yaml
"$bin" -f json nul.yaml >nul.json 2>/dev/null
[ -z "$(dups nul.json)" ] || fail "containers c\\0x and c\\0y share fingerprints"
grep -q "c\\\\\\\\0x" nul.json || fail "a message cut at a NUL"

# --- one template, two files -------------------------------------------
for f in x y; do
	printf -- '---\n# Source: chart/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox, securityContext: {privileged: true}}]\n' >$f.yaml
done
"$bin" -f json x.yaml y.yaml >xy.json 2>/dev/null
[ -z "$(dups xy.json)" ] || fail "# Source: made two files share fingerprints"
grep -q '"path": "x.yaml"' xy.json || fail "# Source: renamed a file's finding"

# --- file names that are not UTF-8 ---------------------------------------
mkdir names
printf 'FROM alpine\n' >"names/$(printf 'Dockerfile.\377')"
printf 'FROM alpine\n' >"names/$(printf 'Dockerfile.\376')"
"$bin" -f json names >names.json 2>/dev/null
[ -z "$(dups names.json)" ] || fail "two names that are not UTF-8 share fingerprints"
[ "$(grep -c '"path_bytes": "names/Dockerfile.%F[EF]"' names.json)" -ge 2 ] ||
	fail "a path that is not UTF-8 is not recoverable in JSON (path_bytes)"
# ...and in text: a name holding the four characters \xff prints apart
# from one holding the byte (a backslash in a name is doubled)
printf 'FROM alpine\n' >'names/Dockerfile.\xff'
"$bin" -f compact --only df-user-root names >names.txt 2>/dev/null
[ "$(cut -d: -f1 names.txt | sort -u | wc -l)" -eq 3 ] ||
	fail "two file names print alike in text: $(cut -d: -f1 names.txt | tr '\n' ' ')"
# ...and in GitHub's annotations
"$bin" -f github --only df-user-root names >names.gh 2>/dev/null
[ "$(sed 's/,line=.*//' names.gh | sort -u | wc -l)" -eq 3 ] ||
	fail "two file names print alike in github: $(sed 's/,line=.*//' names.gh | tr '\n' ' ')"

# --- the corpus: no two findings share one -------------------------------
n=0
if [ -n "$corpus" ] && [ -d "$corpus/k8s" ]; then
	find "$corpus/dockerfile" -type f | LC_ALL=C sort >df.list
	find "$corpus/k8s" -type f | LC_ALL=C sort >k8s.list
	"$bin" -f json --kind dockerfile $(cat df.list) >df.json 2>/dev/null
	"$bin" -f json $(cat k8s.list) >k8s.json 2>/dev/null
	for j in df.json k8s.json; do
		d=$(dups $j | wc -l)
		n=$((n + $(prints $j | wc -l)))
		[ "$d" -eq 0 ] || fail "$d fingerprints shared in the corpus ($j)"
	done
fi
echo "fingerprints: stable under moves, reorders and a new stage; $n corpus findings: $fails failures"
[ "$fails" -eq 0 ]
