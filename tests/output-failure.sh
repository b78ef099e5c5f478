#!/bin/sh
# output-failure.sh HARDLINT EXAMPLES: a report that cannot be written is
# never a success. For every format and every command that prints, stdout
# to a full device (/dev/full) or closed (>&-) exits 2 and says so on
# stderr; stderr closed exits 2 too; a run with nothing to print is not
# harmed by a closed stdout.
set -u
bin=$1
ex=$2
fails=0
n=0
expect() { # name, want status, stderr pattern ('' for none), then command
	name=$1 want=$2 pattern=$3
	shift 3
	n=$((n + 1))
	"$@" 2>err.out
	status=$?
	if [ "$status" -ne "$want" ]; then
		echo "FAIL $name: exit $status, want $want"
		fails=$((fails + 1))
	elif [ -n "$pattern" ] && ! grep -q -- "$pattern" err.out; then
		echo "FAIL $name: no '$pattern' on stderr"
		sed 's/^/    /' err.out | head -5
		fails=$((fails + 1))
	fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
msg='hardlint: error: writing output'
full() { "$@" >/dev/full; }
closed() { "$@" >&-; }
noerr() { "$@" 2>&- >out.txt; }
tofile() { "$@" >out.json; }
# the reason is the system's (strerror), not a guess
nospace="$msg: $(printf '%s' 'No space left on device')"
for fmt in text compact json sarif checkstyle junit github gitlab gnu; do
	expect "$fmt to /dev/full" 2 "$nospace" full "$bin" -f $fmt "$ex"
	expect "$fmt, --fail-on none, to /dev/full" 2 "$msg" \
		full "$bin" -f $fmt --fail-on none "$ex"
	expect "$fmt to a closed stdout" 2 "$msg" closed "$bin" -f $fmt "$ex"
	# a report written to a file (-o) that fails says the system's
	# reason too, whatever the format
	expect "$fmt -o /dev/full" 2 \
		"hardlint: error: writing /dev/full: No space left on device" \
		"$bin" -f $fmt -o /dev/full "$ex"
done
expect "--write-baseline to /dev/full" 2 \
	"cannot write baseline '/dev/full': No space left on device" \
	"$bin" -q --write-baseline /dev/full "$ex"
expect "json of a clean input to /dev/full" 2 "$msg" \
	full "$bin" -f json "$ex/Dockerfile.good"
for cmd in --list-rules --list-views --version --help; do
	expect "$cmd to /dev/full" 2 "$nospace" full "$bin" $cmd
done
expect "--list-rules -f json to /dev/full" 2 "$msg" \
	full "$bin" --list-rules -f json
expect "--dump-ast to /dev/full" 2 "$msg" \
	full "$bin" --dump-ast "$ex/Dockerfile.good"
# a reader that goes away (| head): a write that failed, said, exit 2 (not
# a death by SIGPIPE); the report is far longer than a pipe holds
awk 'BEGIN { print "FROM alpine:3.19"; for (i = 0; i < 3000; i++) print "RUN sudo true " i }' >many.Dockerfile
n=$((n + 1))
{ "$bin" -f compact many.Dockerfile 2>pipe.err; echo $? >pipe.status; } | head -c 1 >/dev/null
if [ "$(cat pipe.status)" != 2 ] || ! grep -q "$msg: Broken pipe" pipe.err; then
	echo "FAIL a reader that went away: exit $(cat pipe.status), want 2 and the reason"
	sed 's/^/    /' pipe.err | head -3
	fails=$((fails + 1))
fi
# nothing to print: a closed stdout loses nothing
expect "a clean input, text, stdout closed" 0 '' \
	closed "$bin" "$ex/Dockerfile.good"
# the summary and errors go to stderr: closed, the run cannot say them
expect "stderr closed" 2 '' noerr "$bin" "$ex"
# ...but a format that says nothing there (JSON: its summary is in the
# report) loses nothing with stderr closed
expect "json, stderr closed" 1 '' noerr "$bin" -f json "$ex"
# and a report that was written is not harmed by these checks
expect "to a file" 1 '' tofile "$bin" -f json -q "$ex"
echo "output-failure: $n cases, $fails failed"
[ "$fails" -eq 0 ]
