#!/bin/sh
# rule_list.sh HARDLINT README [--update]: the README's rule table lists
# exactly the rules of --list-rules (id, slug linking its page in
# docs/rules/, severity, title), in the same order. With --update, rewrite the table's rows.
set -u
bin=$1
readme=$2
want=$(mktemp) have=$(mktemp)
trap 'rm -f "$want" "$have"' EXIT
if [ "${3:-}" = --update ]; then
	rows=$(mktemp)
	"$bin" --list-rules | tail -n +2 |
		awk '{t = $0; for (i = 1; i <= 3; i++) sub(/^[^ ]+ +/, "", t);
		printf "| %s | [%s](docs/rules/%s.md) | %s | %s |\n", $1, $2, $2, $3, t}' >"$rows"
	awk -v rows="$rows" '/^\| HL[0-9]/ { if (!done) { while ((getline l < rows) > 0) print l; done = 1 } next } { print }' \
		"$readme" >"$readme.new" && mv "$readme.new" "$readme"
	rm -f "$rows"
fi
"$bin" --list-rules | tail -n +2 |
	awk '{t = $0; for (i = 1; i <= 3; i++) sub(/^[^ ]+ +/, "", t);
	print $1, $2, $3, t}' >"$want"
# rows of the form: | HL1001 | df-user-root | warning | title |
grep '^| HL[0-9]' "$readme" | awk -F'|' '{gsub(/ |`/, "", $2); gsub(/ |`/, "", $3);
	sub(/^\[/, "", $3); sub(/\]\(docs\/rules\/[a-z0-9-]*\.md\)$/, "", $3);
	gsub(/ /, "", $4); t = $5; gsub(/^ +| +$/, "", t); print $2, $3, $4, t}' >"$have"
if ! diff -u "$want" "$have"; then
	echo "rule_list: the README's rule table does not match --list-rules"
	exit 1
fi
