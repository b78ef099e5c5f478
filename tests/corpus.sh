#!/bin/sh
# corpus.sh HARDLINT CORPUS_DIR: lint every file of the real-world corpus
# (../shared/corpus/dockerfile and k8s) in batches of 50 files a process,
# and fail on any crash (a signal) or hang (120 s a batch); a batch that
# crashes is re-run file by file to name the culprit. Exit 77 (skipped)
# when the corpus is absent.
set -u
bin=$1
corpus=$2
if [ ! -d "$corpus/dockerfile" ] || [ ! -d "$corpus/k8s" ]; then
	echo "corpus: $corpus not found, skipped"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$corpus/dockerfile" "$corpus/k8s" -type f | LC_ALL=C sort >"$tmp/list"
split -l 50 "$tmp/list" "$tmp/batch."
crashes=0 batches=0 errors=0
for b in "$tmp"/batch.*; do
	batches=$((batches + 1))
	tr '\n' '\0' <"$b" | timeout 120 xargs -0 "$bin" --quiet \
		--format compact >/dev/null 2>"$tmp/err"
	rc=$?
	n=$(grep -c ': error: ' "$tmp/err")
	errors=$((errors + n))
	# xargs: 123 when a child exited 1-125 (findings, errors: fine),
	# 124 when one exited 255 or timeout killed it, 125 when one died of
	# a signal
	if [ $rc -ne 0 ] && [ $rc -ne 123 ]; then
		while IFS= read -r f; do
			timeout 60 "$bin" --quiet "$f" >/dev/null 2>&1
			frc=$?
			if [ $frc -gt 2 ]; then
				crashes=$((crashes + 1))
				echo "corpus: exit $frc on $f"
			fi
		done <"$b"
	fi
done
files=$(wc -l <"$tmp/list")
echo "corpus: $files files in $batches batches: $errors errors reported," \
	"$crashes crashes or hangs"
fails=$crashes

# every Kubernetes manifest of the corpus is read with no error
"$bin" --quiet --format compact "$corpus/k8s" >/dev/null 2>"$tmp/err"
n=$(grep -c ': error: ' "$tmp/err")
if [ "$n" -ne 0 ]; then
	echo "corpus: $n errors in $corpus/k8s:"
	grep ': error: ' "$tmp/err" | head -5
	fails=$((fails + 1))
fi

# every Helm template of the corpus gets the Helm error, once, exit 2
if [ -d "$corpus/k8s-helm-templates" ]; then
	find "$corpus/k8s-helm-templates" -type f | LC_ALL=C sort >"$tmp/helm"
	while IFS= read -r f; do
		"$bin" --quiet --format compact "$f" >/dev/null 2>"$tmp/err"
		rc=$?
		n=$(grep -c ': error: a Helm template' "$tmp/err")
		if [ $rc -ne 2 ] || [ "$n" -ne 1 ]; then
			echo "corpus: $f: exit $rc, $n Helm errors"
			fails=$((fails + 1))
		fi
	done <"$tmp/helm"
	echo "corpus: $(wc -l <"$tmp/helm") Helm templates, each the Helm error"
fi
[ "$fails" -eq 0 ]
