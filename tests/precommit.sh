#!/bin/sh
# precommit.sh HARDLINT SOURCE_DIR: the hooks of .pre-commit-hooks.yaml as
# a user meets them: a git repository in a scratch directory takes this
# checkout (at its HEAD) as its hook repository, with the build's
# hardlint on PATH; committing a bad Dockerfile fails, fixing it passes;
# the same for a manifest; a chart's template and a YAML file that is no
# manifest do not fail a commit. Skipped (77) where pre-commit is absent.
set -u
bin=$1
src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
command -v pre-commit >/dev/null || {
	echo "precommit: pre-commit is not installed: SKIPPED"; exit 77; }
rev=$(git -C "$src" rev-parse HEAD 2>/dev/null) || {
	echo "precommit: $src is not a git checkout: SKIPPED"; exit 77; }
git -C "$src" cat-file -e "HEAD:.pre-commit-hooks.yaml" 2>/dev/null || {
	echo "precommit: HEAD has no .pre-commit-hooks.yaml yet: SKIPPED"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 cases=0
ok() { cases=$((cases + 1)); }
bad() { cases=$((cases + 1)); fails=$((fails + 1)); echo "FAIL $*"; }

export PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home"
mkdir -p "$HOME" "$tmp/repo"
PATH=$(dirname "$bin"):$PATH
export PATH
cd "$tmp/repo" || exit 1
git init -q .
git config user.email test@example.com
git config user.name test
git config commit.gpgsign false
cat >.pre-commit-config.yaml <<EOT
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: hardlint-dockerfile
      - id: hardlint-kubernetes
EOT
git add .pre-commit-config.yaml
git commit -q -m config --no-verify
pre-commit install >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; exit 1; }

commit() { git add -A && git commit -q -m "$1" >"$tmp/commit.log" 2>&1; }

printf 'FROM alpine:3.19\nUSER root\n' >Containerfile.dev
if commit bad-dockerfile; then bad "a Dockerfile running as root was committed"
else grep -q 'df-user-root' "$tmp/commit.log" && ok || bad "the hook failed without the finding: $(cat "$tmp/commit.log")"; fi
printf 'FROM alpine:3.19\nRUN adduser -D app\nUSER app\n' >Containerfile.dev
commit good-dockerfile && ok || bad "a fixed Dockerfile was refused: $(cat "$tmp/commit.log")"

mkdir -p deploy
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers:\n  - name: a\n    image: registry.example.com/a:1.0\n    securityContext: {privileged: true}\n' >deploy/pod.yaml
if commit bad-manifest; then bad "a privileged pod was committed"
else grep -q 'k8s-privileged' "$tmp/commit.log" && ok || bad "the hook failed without the finding: $(cat "$tmp/commit.log")"; fi
cat >deploy/pod.yaml <<'EOT'
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: x}
spec:
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: a
    image: registry.example.com/a:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 500m, memory: 128Mi}}
EOT
commit good-manifest && ok || bad "a hardened pod was refused: $(cat "$tmp/commit.log")"

# a chart's template and a YAML file that is no manifest pass
mkdir -p charts/web/templates
printf 'name: web\nversion: 0.1.0\n' >charts/web/Chart.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n' >charts/web/templates/pod.yaml
printf 'on: push\njobs: {}\n' >ci.yaml
printf '{\n  // comments: JSONC\n  "compilerOptions": {}\n}\n' >tsconfig.json
printf 'node_modules\n*.log\n' >Dockerfile.dockerignore
commit chart && ok || bad "a chart, a plain YAML or JSON file or a .dockerignore failed the hooks: $(cat "$tmp/commit.log")"
# names in any case: api.Dockerfile is a Dockerfile
printf 'FROM alpine:3.19\nUSER root\n' >api.Dockerfile
if commit lower-case; then bad "api.Dockerfile was not linted"
else grep -q 'df-user-root' "$tmp/commit.log" && ok || bad "api.Dockerfile: $(cat "$tmp/commit.log")"; fi

echo "precommit: $cases cases, $fails failed"
[ $fails -eq 0 ]
