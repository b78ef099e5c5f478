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
		# a line with no value (ARG TOKEN: a build arg) holds no secret
		case $text in *=* | *': '*) ;; *) continue ;; esac
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
# Layouts of an env item's value that a reader of quotes and keys gets
# wrong: each is a syntax error on (or near) the secret's line, and the
# secret (Zk9SECRETq7w3) must not be echoed, whole or past its first four
# characters.
layouts=$(cat <<'EOF2'
    - name: DB_PASSWORD\n      value : "Zk9SECRETq7w3" x
    - name: DB_PASSWORD\n      value: correct horse Zk9SECRETq7w3: x
    - name: DB_PASSWORD\n      value: "abc\n        Zk9SECRETq7w3" x
    - name: DB_PASSWORD\n      value: abc\n        Zk9SECRETq7w3: x
    - name: DB_PASSWORD\n      value: "a\\"Zk9SECRETq7w3" x
    - name: DB_PASSWORD\n      value: !!str "Zk9SECRETq7w3" x
    - name: DB_PASSWORD\n      value: &a "Zk9SECRETq7w3" x
    - name: DB_PASSWORD\n      ? value\n      : "Zk9SECRETq7w3" x
    - name: DB_PASSWORD\n      value:\n        "Zk9SECRETq7w3" x
    - value: "Zk9SECRETq7w3" x\n      name: DB_PASSWORD
    - name: "DB_PASS\\x57ORD"\n      value: "Zk9SECRETq7w3" x
    - {"value"   :   "Zk9SECRETq7w3" x, "name": "DB_PASSWORD"}
    - {"value": "Zk9SECRETq7w3" x,\n  "name": "DB_PASSWORD"}
    - {value: "Zk9SECRETq7w3", name: DB_PASSWORD} x
    - name: FOO\n      value: "postgres://admin:ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppZk9SECRETq7w3@db" x
    - {"name": "DB_PASSWORD" "value": "Zk9SECRETq7w3"}
    - name: DB_PASSWORD value: "Zk9SECRETq7w3"
    - name: DB_PASSWORD\n      value: aaaa\n        bbbb\n        Zk9SECRETq7w3: x
    - name: DB_PASSWORD\n      value: "aaaa\n        bbbb\n        Zk9SECRETq7w3=" x
    - name: DB_PASSWORD\n      value: "aaaa\n      Zk9SECRETq7w3: q" x
    - name: "DB_PASS\\\n        WORD"\n      value: "Zk9SECRETq7w3" x
    - name: "DB\\NPASSWORD"\n      value: "Zk9SECRETq7w3" x
    - name: FOO\n      value: "-----BEGIN RSA PRIVATE KEY-----\n        MIIEowZk9SECRETq7w3" x
    - name: FOO\n      value: "postgres://admin:hunter2\\\n        Zk9SECRETq7w3@db" x
    - {"value": "Zk9SECRETq7w3" x\n   ,\n  "name": "DB_PASSWORD"}
    - name: DB_PASSWORD\n      value:\n        "Zk9SECRETq7w3=" x
    - name: DB_PASSWORD\n      value:\n        "Zk9SECRETq7w3" x # rotated: 2024
    - {name: DB_PASSWORD, value: "abc\n      Zk9SECRETq7w3: x"}}
    - name: DB_PASSWORD\n      value: "abc\n    def\n    Zk9SECRETq7w3=" ]
    - name: DB_PASSWORD\tvalue:\tZk9SECRETq7w3
    - name: GITHUB_TOKEN\n      value: *ghp_Zk9SECRETq7w3abcdefghijklmnopqrstuvwxy
EOF2
)
n=0
printf '%s\n' "$layouts" >"$tmp/layouts"
while IFS= read -r env; do
	n=$((n + 1))
	{
		printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n'
		printf 'spec:\n  containers:\n  - name: c\n    image: x\n    env:\n'
		printf '%b\n' "$env"
	} >"$tmp/layout$n.yaml"
	for fmt in text json; do
		"$bin" -f $fmt "$tmp/layout$n.yaml" >"$tmp/out" 2>&1
		if grep -qF -- "SECRETq7w3" "$tmp/out" ||
			grep -q -- "-----BEGIN" "$tmp/out"; then
			echo "masking: layout $n ($fmt) echoed its secret:"
			grep -F -- "SECRETq7w3" "$tmp/out" | sed 's/^/    /' | head -3
			fails=$((fails + 1))
		fi
	done
	checked=$((checked + 1))
done <"$tmp/layouts"

# Messages that quote a Dockerfile: URLs with a password, secret-like
# NAME='value' pairs, image references with user:password@ (with a port,
# with an '@' in the password), a templated value's literal text.
cat >"$tmp/Dockerfile" <<'EOF3'
FROM alpine:3.20
ADD https://user:Zk9SECRETq7w3@files.example.com/app.tgz /app.tgz
RUN wget http://deploy:Zk9SECRETq7w3@files.example.com/a
CMD ["sh", "-c", "DB_PASSWORD='Zk9SECRETq7w3' run"] x
RUN ["sh", "-c", "curl -u deploy:Zk9SECRETq7w3 -O https://x.example.com/a"] x
RUN ["curl", "-u", "deploy:Zk9SECRETq7w3", "http://x"] y
CMD ["x", "Authorization: Bearer Zk9SECRETq7w3"] y
RUN sudo DB_PASSWORD=Zk9SECRETq7w3 run
FROM deploy:Zk9SECRETq7w3@registry.example.com:5000/app:1
FROM deploy:Zk9@SECRETq7w3@registry.example.com/app:1
MAINTAINER https://deploy:Zk9SECRETq7w3@git.example.com
RUN curl -u a:Zk9SECRETq7w3 -u b:Zk9SECRETq7w3 https://x.example.com/a
EOF3
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    env:\n    - name: DATABASE_URL\n      value: "postgres://admin:Zk9SECRETq7w3@{{ .Values.host }}/db"\n' >"$tmp/helm.yaml"
# A secret's value flowing where a message quotes it: a secret-like ARG
# substituted into an image, a YAML alias of a secret env value used as
# an image, a user:password written as one word after -u, a token as a
# URL's user.
mkdir "$tmp/flow"
cat >"$tmp/flow/Dockerfile" <<'EOF4'
ARG DB_PASSWORD=Zk9SECRETq7w3
FROM alpine:$DB_PASSWORD
ENV API_TOKEN="Zk9SECRETq7w3b"
FROM registry.example.com/app:${API_TOKEN}
RUN sudo curl -uadmin:Zk9SECRETq7w3 https://x.example.com/a
RUN sudo git clone https://Zk9SECRETq7w3tokentokentoken@x.example.com/a
EOF4
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    env:\n    - name: DB_PASSWORD\n      value: &pw zk9secretq7w3\n  - name: d\n    image: *pw\n' >"$tmp/flow/alias.yaml"
# a Secret's value aliased into another object of a List; a stage named
# by a token (its label, with --match-limit 1 below too)
printf 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n  stringData:\n    conf: &a zk9secretq7w3\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    containers:\n    - name: *a\n      image: *a\n' >"$tmp/flow/list.yaml"
printf 'FROM alpine:3.19 AS ghp_Zk9SECRETq7w3abcdefghijklmnopqrstuvwx\nRUN ls\nFROM ghp_Zk9SECRETq7w3abcdefghijklmnopqrstuvwx\nUSER app\n' >"$tmp/flow/Dockerfile.stage"
# a token on the first line of a file with a byte order mark (columns
# past the mark), and one folded over two lines of a ConfigMap value
printf '\357\273\277{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: ghp_Zk9SECRETq7w3abcdefghijklmnopqrstuvwxy}}\n' >"$tmp/flow/bom.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  k: "x ghp_Zk9SECRETq7w3abcdefghijklmnopqrstuvwxy\n    ghp_Zk9SECRETq7w3abcdefghijklmnopqrstuvwxy"\n' >"$tmp/flow/folded.yaml"
for f in "$tmp/flow/list.yaml" "$tmp/flow/Dockerfile.stage"; do
	for fmt in text json; do
		"$bin" -f $fmt --match-limit 1 "$f" >"$tmp/out" 2>&1
		if grep -qiF -- "SECRETq7w3" "$tmp/out"; then
			echo "masking: ${f##*/} ($fmt, --match-limit 1) echoed its secret:"
			grep -iF -- "SECRETq7w3" "$tmp/out" | sed 's/^/    /' | head -3
			fails=$((fails + 1))
		fi
	done
	checked=$((checked + 1))
done
for f in "$tmp/Dockerfile" "$tmp/helm.yaml" "$tmp/flow/Dockerfile" \
	"$tmp/flow/alias.yaml" "$tmp/flow/list.yaml" \
	"$tmp/flow/Dockerfile.stage" "$tmp/flow/bom.yaml" \
	"$tmp/flow/folded.yaml"; do
	for fmt in text json; do
		"$bin" -f $fmt "$f" >"$tmp/out" 2>&1
		if grep -qiF -- "SECRETq7w3" "$tmp/out"; then
			echo "masking: ${f##*/} ($fmt) echoed its secret:"
			grep -iF -- "SECRETq7w3" "$tmp/out" | sed 's/^/    /' | head -3
			fails=$((fails + 1))
		fi
	done
	checked=$((checked + 1))
done

# ...but a value the document also writes as a name or in an image is no
# secret, and a short one is masked only as a word of its own.
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: mysql\n    image: mysql:8\n    env:\n    - name: MYSQL_PASSWORD\n      value: mysql\n    - name: COOKIE_SECRET\n      value: SECRET\n' >"$tmp/flow/public.yaml"
"$bin" -f compact "$tmp/flow/public.yaml" >"$tmp/out" 2>&1
for want in "container 'mysql' of Pod 'p' image 'mysql:8'" "env var 'COOKIE_SECRET'"; do
	if ! grep -qF -- "$want" "$tmp/out"; then
		echo "masking: public.yaml: '$want' was masked"
		fails=$((fails + 1))
	fi
done
checked=$((checked + 1))

echo "masking: $checked secrets, each in 2 or 4 runs: $fails echoed"
[ "$checked" -gt 0 ] && [ "$fails" -eq 0 ]
