#!/bin/sh
# laughs.sh: print a billion-laughs YAML document (9 levels of 9 aliases,
# 9^9 nodes when expanded), for tests/hostile.sh and bench/hostile.sh.
echo 'apiVersion: v1'
echo 'kind: ConfigMap'
echo 'metadata: {name: lol}'
echo 'data:'
echo '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
prev=a
for l in b c d e f g h i; do
	printf '  %s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' \
		$l $l $prev $prev $prev $prev $prev $prev $prev $prev $prev
	prev=$l
done
