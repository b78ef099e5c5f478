#!/bin/sh
# config.sh HARDLINT: configuration files where a golden case cannot go:
# the environment's place in the precedence (command line > HARDLINT_* >
# --config > the nearest .hardlint.yaml), discovery stopping at the work
# tree's root, a broken file stopping the run before anything is linted,
# and --print-config naming where each value came from.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 cases=0
ok() { cases=$((cases + 1)); }
bad() { cases=$((cases + 1)); fails=$((fails + 1)); echo "FAIL $*"; }

cd "$tmp" || exit 1
printf 'FROM alpine:3.19\nUSER root\n' >Dockerfile
unset HARDLINT_CONFIG HARDLINT_FAIL_ON HARDLINT_FORMAT

# a file above the work tree's root is not read; one at the root is
mkdir -p repo/app && cp Dockerfile repo/app/
printf 'disable: [df-user-root]\n' >.hardlint.yaml
(cd repo && git init -q . 2>/dev/null || mkdir .git)
(cd repo && "$bin" -f compact --only df-user-root app/Dockerfile >out 2>err)
[ $? -eq 1 ] && grep -q df-user-root repo/out && ok ||
	bad "a .hardlint.yaml above the work tree's root was read"
printf 'disable: [df-user-root]\n' >repo/.hardlint.yaml
(cd repo/app && "$bin" -f compact Dockerfile >../out 2>../err)
! grep -q df-user-root repo/out && grep -q df-image-no-digest repo/out &&
	grep -q 'configuration .*\.hardlint\.yaml' repo/err && ok ||
	bad "the work tree's root .hardlint.yaml was not found from below"
rm .hardlint.yaml

# fail-on: the file says none; HARDLINT_FAIL_ON beats it; --fail-on beats both
printf 'fail-on: none\n' >repo/.hardlint.yaml
cd repo/app
"$bin" -q --only df-user-root Dockerfile >/dev/null 2>&1
[ $? -eq 0 ] && ok || bad "fail-on: none in the file did not hold"
HARDLINT_FAIL_ON=warning "$bin" -q --only df-user-root Dockerfile >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "HARDLINT_FAIL_ON did not beat the file"
HARDLINT_FAIL_ON=warning "$bin" -q --fail-on none --only df-user-root \
	Dockerfile >/dev/null 2>&1
[ $? -eq 0 ] && ok || bad "--fail-on did not beat HARDLINT_FAIL_ON"

# HARDLINT_CONFIG: the one file, discovery off; --config beats it;
# --no-config reads none
printf 'fail-on: warning\ndisable: [df-image-no-digest]\n' >"$tmp/ci.yaml"
HARDLINT_CONFIG="$tmp/ci.yaml" "$bin" -q --only df-user-root Dockerfile \
	>/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "HARDLINT_CONFIG was not read instead of discovery"
HARDLINT_CONFIG="$tmp/ci.yaml" "$bin" -q --config ../.hardlint.yaml \
	--only df-user-root Dockerfile >/dev/null 2>&1
[ $? -eq 0 ] && ok || bad "--config did not beat HARDLINT_CONFIG"
"$bin" -q --no-config --only df-user-root Dockerfile >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "--no-config still read .hardlint.yaml"
HARDLINT_CONFIG="$tmp/missing.yaml" "$bin" -q Dockerfile >/dev/null 2>err
[ $? -eq 2 ] && grep -q 'missing.yaml' err && ok ||
	bad "a HARDLINT_CONFIG that does not exist was not an error"

# a broken nested file: exit 2 and nothing linted, not a partial run
mkdir -p sub && cp Dockerfile sub/
printf 'disable: df-user-root\n' >sub/.hardlint.yaml
"$bin" -f compact . >out 2>err
[ $? -eq 2 ] && [ ! -s out ] && grep -q "sub/.hardlint.yaml:1:10: error: 'disable' must be a list" err &&
	ok || bad "a broken nested configuration did not stop the run: $(cat err)"
rm -r sub

# --print-config: where each value comes from
HARDLINT_FAIL_ON=error "$bin" --print-config Dockerfile >out 2>err
grep -q '^fail-on: error  # command line or HARDLINT_FAIL_ON' out &&
	grep -q '^# file: .*\.hardlint\.yaml' out && ok ||
	bad "--print-config: $(cat out err)"

# a .hardlint.yaml that is a symlink out of the work tree, a directory:
# an error, never read (a pull request pointing it at a secret)
cd "$tmp"
mkdir -p evil && (cd evil && git init -q . 2>/dev/null || mkdir .git)
printf 'FROM alpine:3.19\nUSER root\n' >evil/Dockerfile
printf 'TOKEN_FROM_OUTSIDE: 1\n' >outside.yaml
ln -s "$tmp/outside.yaml" evil/.hardlint.yaml
(cd evil && "$bin" -f compact Dockerfile >out 2>err)
[ $? -eq 2 ] && ! grep -q TOKEN_FROM_OUTSIDE evil/err &&
	grep -q 'outside the work tree' evil/err && ok ||
	bad "a .hardlint.yaml symlink out of the tree: $(cat evil/err)"
rm evil/.hardlint.yaml && mkdir evil/.hardlint.yaml
(cd evil && "$bin" -f compact Dockerfile >out 2>err)
[ $? -eq 2 ] && grep -q 'not a regular file' evil/err && ok ||
	bad "a directory named .hardlint.yaml was not an error"
rm -r evil

# run from outside the work tree: its root file is the top level (its
# run-wide keys hold); outside any work tree, a file above the current
# directory does not count
mkdir -p tree/app && (cd tree && git init -q . 2>/dev/null || mkdir .git)
printf 'FROM alpine:3.19\nUSER root\n' >tree/app/Dockerfile
printf 'fail-on: none\n' >tree/.hardlint.yaml
"$bin" -q --only df-user-root tree/app/Dockerfile >/dev/null 2>err
[ $? -eq 0 ] && ok || bad "the work tree's root file from outside: $(cat err)"
mkdir -p plant/proj
printf 'fail-on: none\nexclude: ["*"]\n' >plant/.hardlint.yaml
printf 'FROM alpine:3.19\nUSER root\n' >plant/proj/Dockerfile
(cd plant/proj && "$bin" -q --only df-user-root . >/dev/null 2>&1)
[ $? -eq 1 ] && ok || bad "a .hardlint.yaml above the current directory, outside git, counted"

# an ignore whose reason is empty gives none: --require-reason refuses it
mkdir -p why && (cd why && git init -q . 2>/dev/null || mkdir .git)
printf 'FROM alpine:3.19\nUSER root\n' >why/Dockerfile
printf 'ignores:\n  - rules: [df-user-root]\n    reason: ""\n' >why/.hardlint.yaml
(cd why && "$bin" -f compact --require-reason --only df-user-root Dockerfile >out 2>err)
[ $? -eq 1 ] && grep -q 'gives no reason' why/out && ok ||
	bad "an empty reason passed --require-reason: $(cat why/out why/err)"
# a pragma's until= that is no date of the calendar never suppresses
printf 'FROM alpine:3.19\n# hardlint ignore=df-user-root until=2027-02-30 later\nUSER root\n' >why/Dockerfile
rm why/.hardlint.yaml
(cd why && "$bin" -f compact --only df-user-root Dockerfile >out 2>err)
[ $? -eq 1 ] && grep -q 'is not a date' why/out && ok ||
	bad "until=2027-02-30 suppressed: $(cat why/out why/err)"

# standard input with --stdin-filename is judged as that file: the
# nearest configuration to it, its ignores' and excludes' path globs
# (even where the named directory does not exist)
mkdir -p sf/deploy && (cd sf && git init -q . 2>/dev/null || mkdir .git)
printf 'FROM alpine:3.19\nUSER root\n' >sf/df
printf 'ignores:\n  - rules: [df-user-root]\n    path: "deploy/*"\n    reason: reviewed\nexclude: ["vendor/**"]\n' >sf/.hardlint.yaml
(cd sf && "$bin" -f compact --only df-user-root --stdin-filename deploy/Dockerfile - <df >out 2>err)
[ $? -eq 0 ] && ! grep -q df-user-root sf/out && ok ||
	bad "a config ignore's path did not match --stdin-filename: $(cat sf/out sf/err)"
(cd sf && "$bin" -f compact --only df-user-root --stdin-filename vendor/x/Dockerfile - <df >out 2>err)
[ $? -eq 0 ] && grep -q 'left out by the exclude' sf/err && ok ||
	bad "a config exclude did not match --stdin-filename: $(cat sf/out sf/err)"
(cd sf && "$bin" -f compact --only df-user-root --stdin-filename app/Dockerfile - <df >out 2>err)
[ $? -eq 1 ] && grep -q '^app/Dockerfile:2:6' sf/out && ok ||
	bad "--stdin-filename outside the globs was not linted: $(cat sf/out sf/err)"

# a nested file replaces the top level's: the log says what of the top
# level's does not apply below it
mkdir -p nest/app && (cd nest && git init -q . 2>/dev/null || mkdir .git)
printf 'parameters:\n  - rule: df-trusted-registry\n    parameter: registries\n    values: [registry.acme.example]\n' >nest/.hardlint.yaml
printf 'enable: [df-sudo]\n' >nest/app/.hardlint.yaml
printf 'FROM docker.io/alpine:3.19\nUSER 1000\n' >nest/app/Dockerfile
(cd nest && "$bin" -f compact app >out 2>err)
grep -q 'app/.hardlint.yaml (nested): replaces .hardlint.yaml for its files (its 1 parameter does not apply there)' nest/err && ok ||
	bad "a nested file's replacing the top level was not said: $(cat nest/err)"

echo "config: $cases cases, $fails failed"
[ $fails -eq 0 ]
