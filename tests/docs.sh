#!/bin/sh
# docs.sh HARDLINT DOCS_DIR [--update]: the generated parts of the docs are
# what the binary says: the views table of RULE-FORMAT.md is exactly
# `hardlint --list-views`. With --update, rewrite them.
set -u
bin=$1
docs=$2
update=${3:-}
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT
file=$docs/RULE-FORMAT.md
begin='<!-- BEGIN hardlint --list-views -->'
end='<!-- END hardlint --list-views -->'
"$bin" --list-views >"$tmp" || exit 1
awk -v b="$begin" -v e="$end" -v gen="$tmp" '
	$0 == b { print; while ((getline l < gen) > 0) print l; skip = 1; next }
	$0 == e { skip = 0 }
	!skip { print }' "$file" >"$tmp.new"
if [ "$update" = --update ]; then
	cp "$tmp.new" "$file"
	exit 0
fi
if ! diff -u "$file" "$tmp.new"; then
	echo "docs: $file is not what hardlint --list-views prints;" \
		"run: sh tests/docs.sh build/hardlint docs --update"
	exit 1
fi
