#!/bin/sh
# layers.sh SOURCE_DIR: the code keeps the rules docs/ARCHITECTURE.md
# writes down:
#  - each folder of src/ (and the example, and the public-API tests)
#    includes only the headers of the layers its row of the table between
#    "<!-- layers:begin -->" and "<!-- layers:end -->" allows (quoted
#    includes; "hardlint.h" is the public header, layer "public");
#  - only the modules named there include <yaml.h>, <cyaml/cyaml.h> and
#    <pcre2.h>;
#  - the library (core, dockerfile, kubernetes, engine, src/lint*.c) never
#    prints, exits or installs a signal handler;
#  - no source file (src, tests, fuzz, examples) is over 1,500 lines, and
#    a function over 120 lines says why in the comment above it (a line
#    with "Long:").
set -u
root=$1
arch=$root/docs/ARCHITECTURE.md
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rules=$(sed -n '/<!-- layers:begin -->/,/<!-- layers:end -->/p' "$arch" |
	grep '^| `' | sed 's/`//g; s/ *| */|/g; s/^|//; s/|$//')
[ -n "$rules" ] || { echo "layers: no table in $arch"; exit 1; }
cd "$root" || exit 1
files=$(find src examples -name '*.[ch]' | LC_ALL=C sort)
for f in $files tests/unit/test_api.c tests/unit/test_examples.c \
	tests/unit/collect.h; do
	case $f in
	src/*/*) key=${f%/*} ;;
	src/*) key=src ;;
	*) key=$f ;;
	esac
	allowed=$(echo "$rules" | awk -F'|' -v k="$key" '$1 == k { print $2 }')
	if [ -z "$allowed" ]; then
		echo "$f: no row for $key in the table of $arch" >>"$out"
		continue
	fi
	[ "$allowed" = anything ] && continue
	# every spelling: "x", <x>, blanks around the # ("# include")
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' \
		"$f" |
		while IFS= read -r inc; do
			name=${inc#?}
			name=${name%?}
			case $inc in
			'"hardlint.h"' | '<hardlint.h>') layer=public ;;
			'"'*/*) layer=${name%%/*} ;;
			'"'*) layer=local ;;
			'<'*/*)
				# a system header, unless it names a layer
				layer=${name%%/*}
				case " core dockerfile kubernetes engine output cli tools " in
				*" $layer "*) ;;
				*) continue ;;
				esac
				;;
			*) continue ;;
			esac
			case ",$allowed," in
			*,"$layer",*) ;;
			*) echo "$f includes $inc: $key may include $allowed" ;;
			esac
		done >>"$out"
done

# the third-party headers, each in one module
only() { # header "files"
	for f in $(grep -rl "#include <$1>" src); do
		case " $2 " in
		*" $f "*) ;;
		*) echo "$f includes <$1>: only $2 may" >>"$out" ;;
		esac
	done
}
only yaml.h src/kubernetes/yaml.c
only cyaml/cyaml.h "src/engine/ruleload.c src/engine/ruledoc.c src/engine/ruledoc.h src/engine/shape.c src/engine/shape.h src/engine/config.c src/engine/ruleparams.c src/engine/ruleparams.h"
only pcre2.h src/engine/match.c

# the library never prints, exits or installs a handler (headers too; a
# line that must, says "layers: allowed" and why)
grep -nE '(^|[^_[:alnum:]])(v?f?printf|puts|fputs|putc|fputc|putchar|perror|exit|_exit|_Exit|abort|quick_exit|signal|sigaction|raise|kill)[[:space:]]*\(|(^|[^_[:alnum:]])(stdout|stderr|STDOUT_FILENO|STDERR_FILENO)([^_[:alnum:]]|$)|(^|[^_[:alnum:]])write[[:space:]]*\([[:space:]]*[12][[:space:]]*,' \
	$(find src/core src/dockerfile src/kubernetes src/engine -name '*.[ch]') \
	src/*.[ch] |
	grep -v 'layers: allowed' |
	grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/?\*|//)' |
	sed 's/^/the library prints, exits or catches a signal: /' >>"$out"

# sizes, of the tests and fuzz targets too
for f in $(find src tests fuzz examples -path fuzz/work -prune -o -name '*.[ch]' -print); do
	n=$(wc -l <"$f")
	[ "$n" -le 1500 ] || echo "$f: $n lines (at most 1,500)" >>"$out"
done
for f in $(find src tests fuzz examples -path fuzz/work -prune -o -name '*.c' -print); do
	awk -v f="$f" '
	/^\/\*/ { comment = "" }
	/^\/\*/, /\*\// { comment = comment $0 "\n"; next }
	/^[a-zA-Z].*\(/ && !/;$/ { sig = $0; start = 0; head = comment }
	/^\{$/ && sig != "" { start = NR }
	/^\}$/ && start {
		if (NR - start + 1 > 120 && head !~ /Long:/)
			printf "%s: %s is %d lines, and its comment does not say why (Long:)\n", f, sig, NR - start + 1
		start = 0; sig = ""
	}' "$f"
done >>"$out"
sed 's/^/layers: /' "$out"
echo "layers: $(echo "$files" | wc -l) files checked, $(wc -l <"$out") problems"
[ ! -s "$out" ]
