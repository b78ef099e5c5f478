#!/bin/sh
# install.sh BUILD_DIR SOURCE_DIR: what users install. cmake --install
# into a scratch prefix gives the command, its man page (rendered by
# man -l, every option of --help in it) and the bash and zsh completions
# (bash loads its one and completes formats and rule slugs); the installed
# command lints the examples. cpack -G DEB makes a .deb whose Depends
# match how the command is linked (nothing for a static PIE, else what
# dpkg-shlibdeps found); unpacked into a clean root, its command runs.
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 cases=0
ok() { cases=$((cases + 1)); }
bad() { cases=$((cases + 1)); fails=$((fails + 1)); echo "FAIL $*"; }

cmake --install "$build" --prefix "$tmp/usr" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; exit 1; }
hl=$tmp/usr/bin/hardlint
[ -x "$hl" ] && ok || bad "no bin/hardlint installed"
"$hl" -q -f compact "$src/examples" >"$tmp/out" 2>/dev/null
[ $? -eq 1 ] && grep -q 'df-user-root' "$tmp/out" && ok ||
	bad "the installed hardlint did not lint the examples"
"$hl" --version | grep -q '^libyaml .*, libcyaml .*, PCRE2 ' && ok ||
	bad "--version does not name the libraries: $("$hl" --version)"

man1=$tmp/usr/share/man/man1/hardlint.1
if command -v man >/dev/null; then
	MANWIDTH=100 man --warnings -l "$man1" >"$tmp/man.txt" 2>"$tmp/man.err"
	[ $? -eq 0 ] && [ ! -s "$tmp/man.err" ] && ok ||
		bad "man -l: $(head -5 "$tmp/man.err")"
	missing=
	for o in $("$hl" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		grep -q -- "$o" "$tmp/man.txt" || missing="$missing $o"
	done
	[ -z "$missing" ] && ok || bad "options missing from the man page:$missing"
else
	echo "install: man is not installed: the man page check is SKIPPED"
fi

bc=$tmp/usr/share/bash-completion/completions/hardlint
zc=$tmp/usr/share/zsh/vendor-completions/_hardlint
[ -f "$zc" ] && grep -q '^#compdef hardlint' "$zc" && ok || bad "no zsh completion"
if command -v bash >/dev/null; then
	got=$(PATH="$tmp/usr/bin:$PATH" bash -c '
		. "$1"
		COMP_WORDS=(hardlint --format s); COMP_CWORD=2; _hardlint
		echo "${COMPREPLY[*]}"
		COMP_WORDS=(hardlint --only df-user-r); COMP_CWORD=2; _hardlint
		echo "${COMPREPLY[*]}"
		COMP_WORDS=(hardlint --sarif-s); COMP_CWORD=1; _hardlint
		echo "${COMPREPLY[*]}"
		COMP_WORDS=(hardlint --only df-user-root,k8s-run-as-r); COMP_CWORD=2; _hardlint
		echo "${COMPREPLY[*]}"' _ "$bc" 2>&1)
	[ "$got" = "$(printf 'sarif\ndf-user-root\n--sarif-srcroot\ndf-user-root,k8s-run-as-root')" ] && ok ||
		bad "bash completion: $got"
fi

# the .deb
if command -v cpack >/dev/null && command -v dpkg-deb >/dev/null; then
	(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" \
		-B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
	deb=$(ls "$tmp"/pkg/*.deb | head -1)
	[ -n "$deb" ] && ok || bad "cpack made no .deb"
	depends=$(dpkg-deb -f "$deb" Depends 2>/dev/null)
	if readelf -d "$build/hardlint" 2>/dev/null | grep -q '(NEEDED)'; then
		# dynamic: its libraries are Depends
		[ -n "$depends" ] && ok || bad "a dynamic hardlint's .deb depends on nothing"
	else
		[ -z "$depends" ] && ok || bad "a static hardlint's .deb depends on: $depends"
	fi
	mkdir -p "$tmp/root"
	dpkg-deb -x "$deb" "$tmp/root"
	"$tmp/root/usr/bin/hardlint" -q -f compact "$src/examples" >"$tmp/deb.out" 2>/dev/null
	[ $? -eq 1 ] && grep -q 'k8s-privileged' "$tmp/deb.out" && ok ||
		bad "the .deb's hardlint did not lint the examples"
	[ -f "$tmp/root/usr/share/man/man1/hardlint.1" ] && ok || bad "the .deb has no man page"
else
	echo "install: cpack or dpkg-deb is absent: the .deb check is SKIPPED"
fi

echo "install: $cases cases, $fails failed"
[ $fails -eq 0 ]
