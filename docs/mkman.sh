#!/bin/sh
# mkman.sh HARDLINT OUT: the man page hardlint.1, its OPTIONS made from
# `hardlint --help` (so the page cannot fall behind the command), the
# rest written here.
set -eu
bin=$1
out=$2
version=$("$bin" --version | head -1 | sed 's/^hardlint //')
esc() { sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/' -e 's/-/\\-/g'; }
{
	cat <<EOT
.TH HARDLINT 1 "" "hardlint $version" "User Commands"
.SH NAME
hardlint \\- security linter for Dockerfiles and Kubernetes manifests
.SH SYNOPSIS
.B hardlint
[\\fIoptions\\fR] \\fIPATH\\fR...
.SH DESCRIPTION
.B hardlint
reads Dockerfiles (and Containerfiles) and Kubernetes manifests and
reports what makes a container a weak boundary: a root user, an unpinned
image, kept capabilities, a privileged pod, host namespaces or paths, a
secret in the environment, and the rest of its rules
(\\fBhardlint \\-\\-list\\-rules\\fR; \\fBhardlint \\-\\-explain\\fR \\fIRULE\\fR).
Each finding names its file, line and column.
A \\fIPATH\\fR is a file, a directory (walked recursively, leaving out
what the repository ignores) or \\fB\\-\\fR for standard input.
.SH OPTIONS
EOT
	"$bin" --help | sed -n '/^options:/,/^exit status/p' | sed '1d;$d' |
		awk '
		/^ ? ? ? ? ? ?-/ && match($0, /^ +(-[A-Za-z], )?--[a-z-]+( ([A-Z][][A-Z.=,]*|[a-z]+[|][a-z|]+))?/) {
			if (desc != "") print desc
			head = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1)
			sub(/^ +/, "", head); sub(/^ +/, "", rest)
			print ".TP"; print "HEAD " head
			desc = rest; next
		}
		/^ +/ { line = $0; sub(/^ +/, "", line); desc = desc " " line; next }
		END { if (desc != "") print desc }' |
		while IFS= read -r line; do
			case $line in
			.TP) echo .TP ;;
			"HEAD "*)
				h=${line#HEAD }
				printf '%s\n' "$h" | esc |
					sed -e 's/^\(\(\\-[A-Za-z], \)\{0,1\}\\-\\-[a-z\\-]*\)\(.*\)$/\\fB\1\\fR\\fI\3\\fR/' ;;
			*) printf '%s\n' "$line" | esc ;;
			esac
		done
	cat <<'EOT'
.SH EXIT STATUS
.TP
.B 0
no finding at or above \fB\-\-fail\-on\fR (default: warning)
.TP
.B 1
findings at or above \fB\-\-fail\-on\fR
.TP
.B 2
an error: an input that cannot be checked, a bad configuration, bad
usage, a report that could not be written; the other inputs are still
linted
.SH ENVIRONMENT
.TP
.B HARDLINT_CONFIG
the configuration file to read instead of looking for \fB.hardlint.yaml\fR
.TP
.B HARDLINT_FAIL_ON
the default of \fB\-\-fail\-on\fR
.TP
.B HARDLINT_FORMAT
the default of \fB\-\-format\fR
.TP
.B NO_COLOR
no colour in the text format (\fB\-\-color always\fR still colours)
.SH FILES
.TP
.B .hardlint.yaml
the configuration: rules, severities, parameters, excludes and ignores;
the nearest one up to the git work tree's root governs a file
.SH EXAMPLES
.nf
hardlint Dockerfile deploy/
hardlint \-f sarif \-o hardlint.sarif \-f text .
helm template web charts/web | hardlint \-
hardlint \-\-explain df\-user\-root
.fi
.SH SEE ALSO
The project's README.md, docs/CONFIGURATION.md and docs/rules/.
EOT
} >"$out"
