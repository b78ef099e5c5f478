#!/bin/sh
# masking.sh HARDLINT TESTDATA: a secret is never echoed. For every
# finding of a secret rule (a slug with "secret") on the golden inputs,
# the secret on its line (the value after the last ': ' or '=', six
# characters or more) must not appear on stdout or stderr, in text or
# JSON, when that line is made a syntax error (a tab before it: an error
# whose excerpt is that line) and every regex hits --match-limit 1 (the
# masking patterns cannot be evaluated: masking must fail closed).
set -u
bin=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checked=0
fails=0
for f in $(find "$data" -type f | LC_ALL=C sort); do
	case ${f##*/} in
	expected | args | stdin | stderr | exit | README) continue ;;
	esac
	"$bin" -f compact --fail-on none "$f" 2>/dev/null |
		grep -E '\[[a-z0-9-]*secret[a-z0-9-]*\]$' >"$tmp/found"
	while IFS= read -r finding; do
		rest=${finding#"$f":}
		line=${rest%%:*}
		text=$(sed -n "${line}p" "$f")
		secret=$(printf '%s\n' "$text" |
			sed -E 's/.*(: |=)//; s/^["'\'']//; s/["'\''}, ]*$//')
		[ ${#secret} -ge 6 ] || continue
		case ${f##*/} in
		*Dockerfile* | *Containerfile*)
			sed "${line}s/^/X/" "$f" >"$tmp/in" ;;
		*)
			sed "${line}s/^/	/" "$f" >"$tmp/in" ;;
		esac
		cp "$tmp/in" "$tmp/${f##*/}"
		for fmt in text json; do
			for args in "--match-limit 1" ""; do
				# shellcheck disable=SC2086
				"$bin" -f $fmt $args "$tmp/${f##*/}" \
					>"$tmp/out" 2>&1
				if grep -qF -- "$secret" "$tmp/out"; then
					echo "masking: $f:$line ($fmt $args):" \
						"the secret '$secret' was echoed"
					grep -F -- "$secret" "$tmp/out" |
						sed 's/^/    /' | head -3
					fails=$((fails + 1))
				fi
			done
		done
		checked=$((checked + 1))
	done <"$tmp/found"
done
echo "masking: $checked secrets, each in 4 runs: $fails echoed"
[ "$checked" -gt 0 ] && [ "$fails" -eq 0 ]
