#!/bin/sh
# ignore.sh HARDLINT: directory walks leave out what the repository
# ignores: through git ls-files in a work tree (nested .gitignore,
# .git/info/exclude; a tracked file counts even if a pattern matches it),
# through the .gitignore files without git; --no-ignore reads all; a file
# named on the command line is linted whatever; and a repository's own
# git configuration cannot make the walk run a program.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 cases=0
check() { # NAME WANT_FILES_LINTED GOT
	cases=$((cases + 1))
	if [ "$2" != "$3" ]; then
		fails=$((fails + 1))
		echo "FAIL $1: want [$2], got [$3]"
	fi
}
linted() { # in DIR: the files with a finding, sorted, on one line
	(cd "$1" && shift && "$bin" -f compact --only df-user-root "$@" \
		2>/dev/null | cut -d: -f1 | sort -u | tr '\n' ' ')
}

mk() { mkdir -p "$(dirname "$1")" && printf 'FROM alpine:3.19\nUSER root\n' >"$1"; }
tree() { # the same tree in $1
	for f in Dockerfile build/Dockerfile sub/Dockerfile sub/gen/Dockerfile \
		sub/keep/Dockerfile tmp.Dockerfile deep/a/b/out/Dockerfile \
		local/Dockerfile tracked/Dockerfile; do mk "$1/$f"; done
	printf 'build/\n*.Dockerfile\n**/out/\ntracked/\n' >"$1/.gitignore"
	printf 'gen/\n!keep/\n' >"$1/sub/.gitignore"
}
want='Dockerfile local/Dockerfile sub/Dockerfile sub/keep/Dockerfile '

# without git: the .gitignore files, read by hardlint
tree "$tmp/plain"
check "without git" "$want" "$(linted "$tmp/plain" .)"

if command -v git >/dev/null 2>&1; then
	tree "$tmp/repo"
	(cd "$tmp/repo" && git init -q . && printf 'local/\n' >>.git/info/exclude &&
		git add -f tracked/Dockerfile >/dev/null 2>&1)
	check "git: exclude, tracked file" \
		'Dockerfile sub/Dockerfile sub/keep/Dockerfile tracked/Dockerfile ' \
		"$(linted "$tmp/repo" .)"
	check "git: from a subdirectory" 'Dockerfile keep/Dockerfile ' \
		"$(linted "$tmp/repo/sub" .)"
	check "--no-ignore" \
		'Dockerfile build/Dockerfile deep/a/b/out/Dockerfile local/Dockerfile sub/Dockerfile sub/gen/Dockerfile sub/keep/Dockerfile tmp.Dockerfile tracked/Dockerfile ' \
		"$(linted "$tmp/repo" --no-ignore .)"
	check "a named file is linted whatever" 'build/Dockerfile ' \
		"$(linted "$tmp/repo" build/Dockerfile)"
	# a directory the repository ignores, named: walked (rendered
	# manifests, a build's output)
	check "an ignored directory named" 'build/Dockerfile ' \
		"$(linted "$tmp/repo" build)"
	# a repository inside (an untracked one, a submodule): git lists it,
	# not its files; it is walked
	mk "$tmp/repo/inner/Dockerfile"
	(cd "$tmp/repo/inner" && git init -q .)
	check "a repository inside" \
		'Dockerfile inner/Dockerfile sub/Dockerfile sub/keep/Dockerfile tracked/Dockerfile ' \
		"$(linted "$tmp/repo" .)"
	rm -rf "$tmp/repo/inner"
	# the repository's configuration runs nothing
	(cd "$tmp/repo" && git config core.fsmonitor "touch $tmp/pwned" &&
		linted . . >/dev/null)
	cases=$((cases + 1))
	if [ -e "$tmp/pwned" ]; then
		fails=$((fails + 1))
		echo "FAIL a repository's core.fsmonitor ran a program"
	fi
	(cd "$tmp/repo" && "$bin" -f compact --only df-user-root . 2>&1 >/dev/null |
		grep -q 'left out what the repository ignores: 1 file, 4 directories (git ls-files')
	check "the note" 0 $?
else
	echo "ignore: git is not installed: its cases skipped"
fi

echo "ignore: $cases cases, $fails failed"
[ $fails -eq 0 ]
