#!/bin/sh
# jobs.sh HARDLINT: the output of a long YAML stream (over the 16 MiB at
# which it is read on several threads) is the same bytes, the same
# standard error and the same exit status for every --jobs, whatever lies
# near the places it is cut: directives (%YAML, %TAG) before a separator,
# documents ended with ..., comments and # Source: lines between
# documents, documents that do not parse just before and just after one.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
awk 'BEGIN {
	while (n < 18 * 1024 * 1024) {
		s = ""
		if (d % 6 == 0)
			s = s "%YAML 1.1\n# among the directives\n%TAG !e! tag:example.com,2000:\n"
		if (d % 6 == 1)
			s = s sprintf("# Source: chart/templates/t%d.yaml\n", d)
		if (d % 30 == 2)
			s = s "---\nkind: Pod\nspec: [\n"
		s = s "---\n"
		if (d % 4 == 1)
			s = s "# Source: chart/templates/in.yaml\n"
		s = s sprintf("apiVersion: v1\nkind: Pod\nmetadata: {name: p%d}\nspec:\n  containers:\n  - name: a\n    image: r.example/a:1\n    securityContext: {privileged: %s}\n", d, d % 3 ? "true" : "false")
		if (d % 6 == 0)
			s = s "...\n"
		if (d % 35 == 3)
			s = s "---\n  bad: [indent\n"
		printf "%s", s
		n += length(s)
		d++
	}
}' >stream.yaml
fails=0
for j in 1 2 4 16; do
	"$bin" -f json -j $j stream.yaml >out.$j 2>err.$j
	echo $? >status.$j
done
for j in 2 4 16; do
	for what in out err status; do
		if ! cmp -s $what.1 $what.$j; then
			echo "jobs: -j $j: $what differs from -j 1"
			diff $what.1 $what.$j | head -5
			fails=$((fails + 1))
		fi
	done
done
echo "jobs: $(wc -c <stream.yaml) bytes, -j 1/2/4/16, exit $(cat status.1):" \
	"$fails differences"
[ "$fails" -eq 0 ]
