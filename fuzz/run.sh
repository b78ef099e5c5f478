#!/bin/sh
# run.sh [SECONDS] [TARGET...]: build the libFuzzer targets with clang
# (-fsanitize=fuzzer,address,undefined; Debian: clang, libclang-rt-14-dev)
# and run each for SECONDS (default 60). Seeds come from testdata/ and
# rules/; what a run finds is kept in fuzz/work/ (not committed). A crash,
# a timeout or running out of memory fails the run: the input is saved as
# fuzz/work/TARGET/crash-* (or timeout-*, oom-*), to be minimised and added
# to testdata/ as a regression case.
#
# Each run ends with a line "TARGET: N runs, cov: E edges, ft: F features".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-dockerfile yaml shell rules}
build=${FUZZ_BUILD:-$here/work/build}
work=$here/work
cc=${CC:-clang}

command -v "$cc" >/dev/null || { echo "run.sh: needs clang" >&2; exit 2; }
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$cc" -DHARDLINT_FUZZ=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" \
	--target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done) >/dev/null

# seeds: the inputs of the golden cases and the rule files
seeds() {
	case $1 in
	dockerfile | shell)
		find "$root/testdata" -type f \( -name 'Dockerfile*' -o \
			-name '*.Dockerfile' -o -name 'Containerfile*' -o \
			-name stdin \) ;;
	yaml) find "$root/testdata" -type f \( -name '*.yaml' -o \
		-name '*.yml' -o -name '*.json' -o -name stdin \) ;;
	rules) find "$root/rules" "$root/testdata/rules" -type f \
		-name '*.yaml' ;;
	esac
}

status=0
for t in $targets; do
	dir=$work/$t
	mkdir -p "$dir/corpus" "$dir/seeds"
	seeds "$t" | while read -r f; do
		cp "$f" "$dir/seeds/$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
	done
	log=$dir/last.log
	if (cd "$dir" && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$build/fuzz_$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		corpus seeds >"$log" 2>&1); then
		:
	else
		status=1
		echo "fuzz_$t: FAILED (see $log)"
		grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	echo "$t: ${runs:-?} runs, cov: ${cov:-?} edges, ft: ${ft:-?} features"
done
exit $status
