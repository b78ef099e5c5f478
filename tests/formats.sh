#!/bin/sh
# formats.sh HARDLINT TESTDATA [WORKDIR]: every golden case of TESTDATA in
# every CI format, each checked by its own reader: checkstyle and JUnit
# well-formed XML (xmllint), GitLab a JSON array of issues (jq), SARIF
# valid for Microsoft's SARIF validator with GitHub's ingestion rules
# (no error, no warning: @microsoft/sarif-multitool 5.7.0, installed with
# npm into WORKDIR when it is not there yet; the SARIF check alone is
# skipped, saying so, when npm is absent), GitHub workflow commands one
# line each. Then hostile names and values: a file name with quotes,
# markup, a comma, a colon, a percent sign and a line break, a value with
# characters XML 1.0 cannot carry, an ANSI escape: each format escapes
# them for its own syntax.
set -u
bin=$1
data=$2
work=${3:-${TMPDIR:-/tmp}/hardlint-formats}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $data in /*) ;; *) data=$(pwd)/$data ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 cases=0
ok() { cases=$((cases + 1)); }
bad() { cases=$((cases + 1)); fails=$((fails + 1)); echo "FAIL $*"; }
for t in xmllint jq; do
	command -v $t >/dev/null || { echo "formats: $t is not installed"; exit 1; }
done

# the validator
mt=
if [ -x "$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
	mt=$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
elif command -v npm >/dev/null; then
	mkdir -p "$work"
	(cd "$work" && npm install --no-audit --no-fund --silent \
		@microsoft/sarif-multitool@5.7.0 >npm.log 2>&1) ||
		{ echo "formats: npm could not install the SARIF validator:"; cat "$work/npm.log"; exit 1; }
	# npm does not run its install script
	chmod u+x "$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
	mt=$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
else
	echo "formats: npm is absent: the SARIF validator check is SKIPPED"
fi

# one case in one format: its args (without its own format), in its dir
run_case() { # dir format out
	(
		rfmt=$2 rout=$3
		cd "$1" || exit 1
		if [ -f args ]; then
			eval "set -- $(cat args)"
		else
			set --
			for f in $(ls -A | LC_ALL=C sort); do
				case $f in expected | args | stdin | stderr | exit | README) ;;
				*) set -- "$@" "$f" ;; esac
			done
		fi
		# drop the case's own --format and --output
		n=$#
		i=0
		skip=
		for a in "$@"; do
			i=$((i + 1))
			if [ -n "$skip" ]; then skip=; continue; fi
			case $a in
			-f | --format | -o | --output) skip=1; continue ;;
			--format=* | --output=* | -f?*) continue ;;
			esac
			set -- "$@" "$a"
		done
		shift $n
		if [ -f stdin ]; then
			"$bin" -q -f "$rfmt" "$@" <stdin >"$rout" 2>/dev/null
		else
			"$bin" -q -f "$rfmt" "$@" </dev/null >"$rout" 2>/dev/null
		fi
		case $? in 0 | 1 | 2) ;; *) echo "crash" >"$rout.crash" ;; esac
	)
}

mkdir -p "$tmp/sarif"
k=0
for exp in $(find "$data" -name expected | LC_ALL=C sort); do
	dir=$(dirname "$exp")
	# --explain, --list-rules and the like print no report
	if [ -f "$dir/args" ] && grep -q -e '--explain' -e '--list-' -e '--test-rules' \
		-e '--dump-ast' -e '--print-config' -e '--write-baseline' -e '--version' -e '--help' "$dir/args"; then
		continue
	fi
	k=$((k + 1))
	for fmt in checkstyle junit gitlab github sarif; do
		out=$tmp/$k.$fmt
		run_case "$dir" $fmt "$out"
		[ -f "$out.crash" ] && { bad "$fmt crashed on $dir"; continue; }
		[ -s "$out" ] || continue # a usage error: nothing written
		case $fmt in
		checkstyle | junit)
			xmllint --noout "$out" 2>"$tmp/xml.err" ||
				bad "$fmt of $dir is not well-formed XML: $(head -3 "$tmp/xml.err")" ;;
		gitlab)
			jq -e 'type == "array" and all(.[]; .fingerprint and .location.path and .severity and .description)' \
				"$out" >/dev/null 2>&1 || bad "gitlab of $dir is not a Code Quality array" ;;
		github)
			grep -v -q -e '^::\(error\|warning\|notice\) file=' "$out" &&
				bad "github of $dir has a line that is no workflow command: $(grep -v -e '^::' "$out" | head -2)" ;;
		sarif)
			cp "$out" "$tmp/sarif/$k.sarif" ;;
		esac
	done
done
ok
echo "formats: $k golden cases in 5 formats"

# hostile names and values
h=$tmp/hostile
mkdir -p "$h"
name=$(printf 'a"b<c>&d,e:f%%g\nh::error file=x::pwn')
printf 'FROM alpine:3.19\nENV DB_PASSWORD=hunter2hunter2\nLABEL x="\001\002\033[31mred\357\277\276"\nUSER root\n' >"$h/$name"
(cd "$h" && "$bin" -q --kind dockerfile -f checkstyle "$name" >../h.cs 2>/dev/null)
xmllint --noout "$tmp/h.cs" 2>/dev/null && ok || bad "checkstyle on a hostile name is not well-formed: $(cat "$tmp/h.cs")"
(cd "$h" && "$bin" -q --kind dockerfile -f junit "$name" >../h.ju 2>/dev/null)
xmllint --noout "$tmp/h.ju" 2>/dev/null && ok || bad "junit on a hostile name is not well-formed: $(cat "$tmp/h.ju")"
(cd "$h" && "$bin" -q --kind dockerfile -f github "$name" >../h.gh 2>/dev/null)
lines=$(grep -c '' "$tmp/h.gh")
findings=$(cd "$h" && "$bin" -q --kind dockerfile -f compact "$name" 2>/dev/null | grep -c '\[')
[ "$lines" -eq "$findings" ] && ! grep -q '::error file=x::pwn' "$tmp/h.gh" &&
	grep -q 'file=a"b<c>&d%2Ce%3Af%25g%0Ah%3A%3Aerror file=x%3A%3Apwn,' "$tmp/h.gh" && ok ||
	bad "github did not encode a hostile name: $(cat "$tmp/h.gh")"
# what hides or reorders text (U+202E, U+2028, U+FEFF, a C1 control) is
# escaped in the CI log as in text output, never written raw
printf 'FROM alpine:3\342\200\256\342\200\250\357\273\277\302\233x\n' >"$h/Dockerfile.bidi"
"$bin" -q -f github "$h/Dockerfile.bidi" >"$tmp/bidi.gh" 2>/dev/null
if LC_ALL=C grep -q "$(printf '\342\200\256')\|$(printf '\342\200\250')\|$(printf '\357\273\277')\|$(printf '\302\233')" "$tmp/bidi.gh" ||
	! grep -q 'alpine:3\\u202e\\u2028\\ufeff\\u009bx' "$tmp/bidi.gh"; then
	bad "github wrote an invisible character raw: $(od -c "$tmp/bidi.gh" | head -5)"
else ok; fi
(cd "$h" && "$bin" -q --kind dockerfile -f gitlab "$name" >../h.gl 2>/dev/null)
jq -e --arg n "$name" 'all(.[]; .location.path == $n)' "$tmp/h.gl" >/dev/null && ok ||
	bad "gitlab did not keep a hostile name: $(cat "$tmp/h.gl")"
(cd "$h" && "$bin" -q --kind dockerfile -f text --color never "$name" >../h.txt 2>/dev/null)
if grep -q "$(printf '\033')" "$tmp/h.txt" || grep -q 'hunter2hunter2' "$tmp/h.txt"; then
	bad "text let an escape or a secret through: $(cat -v "$tmp/h.txt")"
else ok; fi
(cd "$h" && "$bin" -q --kind dockerfile -f sarif "$name" >"$tmp/sarif/hostile.sarif" 2>/dev/null)
for f in checkstyle junit gitlab github sarif text gnu; do
	grep -q 'hunter2hunter2' "$tmp/h.cs" "$tmp/h.ju" "$tmp/h.gl" "$tmp/h.gh" "$tmp/sarif/hostile.sarif" &&
		{ bad "a format printed the secret"; break; }
done

# text: colour only on request, NO_COLOR honoured
printf 'FROM alpine:3.19\nUSER root\n' >"$tmp/Dockerfile"
"$bin" -q --color always "$tmp/Dockerfile" 2>/dev/null | grep -q "$(printf '\033')\[" && ok ||
	bad "--color always gave no colour"
NO_COLOR=1 "$bin" -q "$tmp/Dockerfile" 2>/dev/null | grep -q "$(printf '\033')" &&
	bad "NO_COLOR was not honoured" || ok
# on a terminal (script(1) gives one): colour, but not where TERM=dumb
if command -v script >/dev/null 2>&1; then
	TERM=xterm script -qec "'$bin' -q '$tmp/Dockerfile'" /dev/null >"$tmp/tty.out" 2>&1
	grep -q "$(printf '\033')\[" "$tmp/tty.out" && ok || bad "no colour on a terminal"
	TERM=dumb script -qec "'$bin' -q '$tmp/Dockerfile'" /dev/null >"$tmp/dumb.out" 2>&1
	grep -q "$(printf '\033')\[" "$tmp/dumb.out" && bad "colour with TERM=dumb" || ok
fi
# compact and gnu written to a file keep the errors of inputs not checked
printf 'apiVersion: v1\nkind: Pod\nspec: [\n' >"$tmp/broken.yaml"
for fmt in compact gnu; do
	"$bin" -q -f "$fmt" -o "$tmp/e.$fmt" "$tmp/Dockerfile" "$tmp/broken.yaml" 2>/dev/null
	grep -q 'broken.yaml:4:1: error: .* \[hardlint-error\]$' "$tmp/e.$fmt" &&
		grep -q 'df-user-root' "$tmp/e.$fmt" && ok ||
		bad "-f $fmt -o FILE lost the error of an input not checked"
done
# two formats, each to its own place; two to standard output is an error
"$bin" -q -f sarif -o "$tmp/two.sarif" -f compact "$tmp/Dockerfile" >"$tmp/two.txt" 2>/dev/null
jq -e '.runs[0].results | length > 0' "$tmp/two.sarif" >/dev/null &&
	grep -q 'df-user-root' "$tmp/two.txt" && ok || bad "-f sarif -o FILE -f compact"
"$bin" -q -f json -f compact "$tmp/Dockerfile" >/dev/null 2>"$tmp/two.err"
[ $? -eq 2 ] && grep -q 'both write to standard output' "$tmp/two.err" && ok ||
	bad "two formats to standard output were not refused"
"$bin" -f nope "$tmp/Dockerfile" >/dev/null 2>"$tmp/nope.err"
[ $? -eq 2 ] && grep -q 'sarif, checkstyle, junit, github, gitlab, gnu' "$tmp/nope.err" && ok ||
	bad "an unknown format did not list the known ones"

# SARIF: every log through the validator at once
if [ -n "$mt" ]; then
	"$mt" validate "$tmp"/sarif/*.sarif --output "$tmp/validate.json" \
		--rule-kind "Gh;Sarif" --log ForceOverwrite >"$tmp/validate.out" 2>&1 ||
		{ bad "the SARIF validator failed: $(tail -5 "$tmp/validate.out")"; }
	n=$(jq '[.runs[].results[]? | select((.level // "warning") == "error" or (.level // "warning") == "warning")] | length' "$tmp/validate.json")
	if [ "$n" = 0 ]; then ok; else
		bad "the SARIF validator found $n errors or warnings:"
		jq -r '.runs[].results[]? | select((.level // "warning") != "note") | "\(.ruleId) \(.message.arguments // [] | join(" | "))"' \
			"$tmp/validate.json" | head -20
	fi
	echo "formats: $(ls "$tmp/sarif" | wc -l) SARIF logs validated"
fi

echo "formats: $cases cases, $fails failed"
[ $fails -eq 0 ]
