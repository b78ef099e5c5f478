#!/bin/sh
# render.sh HARDLINT: --render, with stand-ins for helm and kubectl on
# PATH (neither needs to be installed): a chart a walk meets is linted as
# `helm template DIR` renders it, its findings at the chart's template
# paths; a kustomization as `kubectl kustomize DIR` renders it; neither
# directory's own files are linted then; a tool that is missing or fails
# is an error (exit 2) naming the directory, and the other inputs are
# still linted; without --render, nothing is run.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 cases=0
ok() { cases=$((cases + 1)); }
bad() { cases=$((cases + 1)); fails=$((fails + 1)); echo "FAIL $*"; }

cd "$tmp" || exit 1
mkdir -p bin nobin repo/deploy/web/templates repo/overlays/prod repo/app
cat >bin/helm <<'SH'
#!/bin/sh
echo "helm $*" >>"$HL_RENDER_LOG"
[ "$1" = template ] || exit 64
[ -f "$2/Chart.yaml" ] || { echo "Error: $2: no Chart.yaml" >&2; exit 1; }
grep -q broken "$2/Chart.yaml" && {
	echo 'Error: parse error at (web/templates/deploy.yaml:3): bad' >&2
	exit 1
}
cat <<'YAML'
---
# Source: web/templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-name-web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.25
        securityContext:
          privileged: true
YAML
SH
cat >bin/kubectl <<'SH'
#!/bin/sh
echo "kubectl $*" >>"$HL_RENDER_LOG"
[ "$1" = kustomize ] || exit 64
cat <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: prod-api
spec:
  hostPID: true
  containers:
  - name: api
    image: api:1.0
YAML
SH
chmod +x bin/helm bin/kubectl
printf 'name: web\nversion: 0.1.0\n' >repo/deploy/web/Chart.yaml
printf 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n' \
	>repo/deploy/web/templates/deploy.yaml
printf 'resources: [pod.yaml]\n' >repo/overlays/prod/kustomization.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: raw}\nspec:\n  containers: [{name: a, image: "a:1", securityContext: {privileged: true}}]\n' \
	>repo/overlays/prod/pod.yaml
printf 'FROM alpine:3.19\nUSER root\n' >repo/app/Dockerfile
export HL_RENDER_LOG="$tmp/log"
only=k8s-privileged,k8s-host-namespaces,df-user-root

(cd repo && PATH="$tmp/bin:$PATH" "$bin" -f compact --only $only --render . >../out 2>../err)
rc=$?
[ $rc -eq 1 ] &&
	grep -q '^deploy/web/templates/deploy.yaml:12:11: error: .*privileged' out &&
	grep -q "^overlays/prod (kubectl kustomize):6:3: error: .*hostPID" out &&
	grep -q '^app/Dockerfile:2:6: ' out && ok ||
	bad "a walk with --render: $rc $(cat out err)"
! grep -q "Pod 'raw'" out && ok ||
	bad "a rendered kustomization's own files were linted too: $(cat out)"
grep -q '^helm template deploy/web$' log && grep -q '^kubectl kustomize overlays/prod$' log && ok ||
	bad "the tools were not run as helm template DIR, kubectl kustomize DIR: $(cat log)"

# a chart named on the command line
(cd repo && PATH="$tmp/bin:$PATH" "$bin" -f compact --only $only --render deploy/web >../out 2>../err)
[ $? -eq 1 ] && grep -q '^deploy/web/templates/deploy.yaml:12:11:' out && ok ||
	bad "a chart named with --render: $(cat out err)"

# the tool missing: exit 2, said, and the rest still linted
: >log
ln -s "$(command -v cat)" nobin/cat
(cd repo && PATH="$tmp/nobin" "$bin" -f compact --only $only --render . >../out 2>../err)
rc=$?
[ $rc -eq 2 ] && grep -q "deploy/web:1:1: error: --render: .helm template. cannot run: helm is not on PATH" err &&
	grep -q "overlays/prod:1:1: error: --render: .kubectl kustomize. cannot run: kubectl is not on PATH" err &&
	grep -q '^app/Dockerfile:2:6: ' out && ok ||
	bad "a missing tool: $rc $(cat out err)"

# the tool failing: exit 2 with its own reason
printf 'name: web\nversion: 0.1.0\n# broken\n' >repo/deploy/web/Chart.yaml
(cd repo && PATH="$tmp/bin:$PATH" "$bin" -f compact --only $only --render deploy >../out 2>../err)
rc=$?
[ $rc -eq 2 ] && grep -q "deploy/web:1:1: error: --render: .helm template. failed: Error: parse error at" err && ok ||
	bad "a failing helm: $rc $(cat out err)"

# without --render nothing runs: the chart's templates are skipped
: >log
(cd repo && PATH="$tmp/bin:$PATH" "$bin" -f compact --only $only . >../out 2>../err)
[ ! -s log ] && grep -q 'Helm template skipped' err && grep -q "Pod 'raw'" out && ok ||
	bad "without --render: $(cat log out err)"

echo "render: $cases cases, $fails failed"
[ $fails -eq 0 ]
