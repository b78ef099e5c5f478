#!/bin/sh
# startup.sh [HARDLINT]: how long one whole-process run of hardlint takes on
# one small file, as a ratio to a C hello-world built with the same
# compiler, measured in the same run (a pre-commit hook starts hardlint once
# per file, so start-up is what users wait for).
#
# Prints, for a small Dockerfile and a small Deployment: mean wall time per
# run over N runs (default 2000) and the ratio to hello-world; and, when
# valgrind is installed, the instruction counts (repeatable whatever else
# the machine is doing).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/hardlint}
n=${N:-2000}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '#include <stdio.h>\nint main(void){puts("hello");return 0;}\n' >"$tmp/hello.c"
$cc -O2 "$tmp/hello.c" -o "$tmp/hello"
printf 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "app.py"]\n' >"$tmp/Dockerfile"
cat >"$tmp/deploy.yaml" <<'YAML'
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

# mean microseconds per run of "$@", over $n runs
per_run() {
	start=$(date +%s%N)
	i=0
	while [ $i -lt "$n" ]; do
		"$@" >/dev/null 2>&1 || true
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo $(((end - start) / n / 1000))
}

echo "hardlint: $bin"
echo "dynamic libraries: $(ldd "$bin" 2>/dev/null | awk '{print $1}' | tr '\n' ' ')"
hello=$(per_run "$tmp/hello")
df=$(per_run "$bin" "$tmp/Dockerfile")
k8s=$(per_run "$bin" "$tmp/deploy.yaml")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "runs per command: $n"
echo "hello-world:            ${hello} us/run"
echo "hardlint Dockerfile:    ${df} us/run  ($(ratio "$df" "$hello") x hello-world)"
echo "hardlint deploy.yaml:   ${k8s} us/run  ($(ratio "$k8s" "$hello") x hello-world)"

if command -v valgrind >/dev/null 2>&1; then
	ir() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
			2>&1 >/dev/null | awk '/Collected/ {print $4}'
	}
	h=$(ir "$tmp/hello")
	d=$(ir "$bin" "$tmp/Dockerfile")
	k=$(ir "$bin" "$tmp/deploy.yaml")
	echo "instructions: hello-world $h, Dockerfile $d ($(ratio "$d" "$h") x), deploy.yaml $k ($(ratio "$k" "$h") x)"
fi
