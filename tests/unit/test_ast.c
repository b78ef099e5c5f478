/*
 * Unit tests for ast: YAML 1.1 scalar typing as sigs.k8s.io/yaml (go-yaml
 * v2) does it, paths (parsing and walking, with the span a hit points at),
 * map lookup where the last duplicate key wins, aliases and span joins.
 * Tables are checked whole: every mismatching row is printed, then the
 * test fails once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ast.h"
#include "core/source.h"
#include "kubernetes/yaml.h"

static int setup_arena(void **state)
{
	struct hl_arena *a = malloc(sizeof(*a));
	if (!a)
		return -1;
	hl_arena_init(a);
	*state = a;
	return 0;
}

static int teardown_arena(void **state)
{
	hl_arena_release(*state);
	free(*state);
	return 0;
}

static struct hl_span sp(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
	struct hl_span s = {{l1, c1}, {l2, c2}};
	return s;
}

/* "int 31", "bool true", "float", ... for a resolved scalar. */
static void describe_scalar(const struct hl_node *n, char *buf, size_t size)
{
	static const char *const names[] = {"str", "bool", "int", "float",
					    "null"};
	switch (n->u.scalar.type) {
	case HL_SCALAR_BOOL:
		snprintf(buf, size, "bool %s",
			 n->u.scalar.b ? "true" : "false");
		break;
	case HL_SCALAR_INT:
		snprintf(buf, size, "int %lld", (long long)n->u.scalar.i);
		break;
	default:
		snprintf(buf, size, "%s", names[n->u.scalar.type]);
		break;
	}
}

struct resolve_case {
	const char *in;
	bool quoted; /* HL_NODE_QUOTED: a quoted scalar in YAML */
	const char *want;
};

/* Resolve each case, print every mismatch, return how many there were. */
static int check_resolve(struct hl_arena *a, const struct resolve_case *cases,
			 size_t n)
{
	int fails = 0;
	for (size_t i = 0; i < n; i++) {
		struct hl_node *node = hl_node_cstr(a, cases[i].in,
						    sp(1, 1, 1, 2));
		if (cases[i].quoted)
			node->flags |= HL_NODE_QUOTED;
		hl_scalar_resolve(node);
		char got[64];
		describe_scalar(node, got, sizeof(got));
		if (strcmp(got, cases[i].want) != 0 ||
		    strcmp(node->u.scalar.s, cases[i].in) != 0) {
			print_error("resolve %s'%s': got %s, want %s\n",
				    cases[i].quoted ? "quoted " : "",
				    cases[i].in, got, cases[i].want);
			fails++;
		}
	}
	return fails;
}

static void test_scalar_resolve(void **state)
{
	static const struct resolve_case cases[] = {
		/* every YAML 1.1 boolean spelling go-yaml v2 knows */
		{"y", false, "bool true"},
		{"Y", false, "bool true"},
		{"yes", false, "bool true"},
		{"Yes", false, "bool true"},
		{"YES", false, "bool true"},
		{"true", false, "bool true"},
		{"True", false, "bool true"},
		{"TRUE", false, "bool true"},
		{"on", false, "bool true"},
		{"On", false, "bool true"},
		{"ON", false, "bool true"},
		{"n", false, "bool false"},
		{"N", false, "bool false"},
		{"no", false, "bool false"},
		{"No", false, "bool false"},
		{"NO", false, "bool false"},
		{"false", false, "bool false"},
		{"False", false, "bool false"},
		{"FALSE", false, "bool false"},
		{"off", false, "bool false"},
		{"Off", false, "bool false"},
		{"OFF", false, "bool false"},
		/* near misses stay strings */
		{"yEs", false, "str"},
		{"tRUE", false, "str"},
		{"oN", false, "str"},
		{"fALSE", false, "str"},
		{"nO", false, "str"},
		{"yes!", false, "str"},
		{"t", false, "str"},
		{"Y", true, "str"},
		{"true", true, "str"},
		{"off", true, "str"},
		/* null */
		{"~", false, "null"},
		{"null", false, "null"},
		{"Null", false, "null"},
		{"NULL", false, "null"},
		{"", false, "null"},
		{"nUll", false, "str"},
		{"~", true, "str"},
		{"", true, "str"},
		/* integers: strconv.ParseInt(s, 0, 64) after removing '_' */
		{"0", false, "int 0"},
		{"-0", false, "int 0"},
		{"00", false, "int 0"},
		{"42", false, "int 42"},
		{"-5", false, "int -5"},
		{"+5", false, "int 5"},
		{"0x1F", false, "int 31"},
		{"0X1f", false, "int 31"},
		{"-0x1F", false, "int -31"},
		{"0o17", false, "int 15"},
		{"0O17", false, "int 15"},
		{"0b101", false, "int 5"},
		{"-0b101", false, "int -5"},
		{"017", false, "int 15"},
		{"+017", false, "int 15"},
		{"1_000", false, "int 1000"},
		{"0x_1F", false, "int 31"},
		{"9223372036854775807", false, "int 9223372036854775807"},
		{"-9223372036854775808", false, "int -9223372036854775808"},
		{"42", true, "str"},
		/* out of range: never an int; plain digits still match the
		 * float pattern, other spellings stay strings */
		{"99999999999999999999", false, "float"},
		{"-9223372036854775809", false, "float"},
		{"0x10000000000000000", false, "str"},
		{"0b", false, "str"},
		{"0x", false, "str"},
		{"0x1G", false, "str"},
		{"09", false, "float"}, /* not octal, but the float pattern */
		{"12abc", false, "str"},
		{"+", false, "str"},
		{"-", false, "str"},
		{"1:30", false, "str"}, /* go-yaml has no base 60 */
		/* floats */
		{"1.5", false, "float"},
		{".5", false, "float"},
		{"-.5", false, "float"},
		{"1.", false, "float"},
		{"1e3", false, "float"},
		{"1E-3", false, "float"},
		{"+1.5e+3", false, "float"},
		{"0.5", false, "float"},
		{".inf", false, "float"},
		{".Inf", false, "float"},
		{".INF", false, "float"},
		{"+.inf", false, "float"},
		{"-.inf", false, "float"},
		{"-.Inf", false, "float"},
		{"-.INF", false, "float"},
		{".nan", false, "float"},
		{".NaN", false, "float"},
		{".NAN", false, "float"},
		{"1.5", true, "str"},
		{".inf", true, "str"},
		{"-.nan", false, "str"},
		{".", false, "str"},
		{"1e", false, "str"},
		{"e3", false, "str"},
		{"1.2.3", false, "str"},
		{"inf", false, "str"},
		{"nan", false, "str"},
		{"0x1p-2", false, "str"},
		/* others */
		{"hello", false, "str"},
		{"<<", false, "str"},
	};
	assert_int_equal(
		check_resolve(*state, cases, sizeof(cases) / sizeof(cases[0])),
		0);
}

/*
 * go-yaml v2 (resolve.go) tries the float pattern on the text with '_'
 * removed, and keeps a string when strconv.ParseFloat reports a range
 * error, so Kubernetes reads these two differently from a plain regex.
 */
static void test_scalar_resolve_float_edges(void **state)
{
	static const struct resolve_case cases[] = {
		{"1_000.5", false, "float"}, {"1_0e1_0", false, "float"},
		{"1e400", false, "str"},     {"-1e400", false, "str"},
		{"1e308", false, "float"},
	};
	assert_int_equal(
		check_resolve(*state, cases, sizeof(cases) / sizeof(cases[0])),
		0);
}

static void test_scalar_resolve_leaves_others(void **state)
{
	struct hl_arena *a = *state;
	/* a scalar holding a NUL byte is a string, whatever it starts with */
	struct hl_node *s = hl_node_str(a,
					"1\0"
					"2",
					3, sp(1, 1, 1, 4));
	hl_scalar_resolve(s);
	assert_int_equal(s->u.scalar.type, HL_SCALAR_STR);
	/* collections are left alone */
	struct hl_node *m = hl_node_map(a, sp(1, 1, 1, 2));
	hl_scalar_resolve(m);
	assert_int_equal(m->kind, HL_NODE_MAP);
	assert_int_equal(m->u.map.count, 0);
	/* the constructors type their scalars themselves */
	struct hl_node *b = hl_node_bool(a, true, sp(0, 0, 0, 0));
	assert_int_equal(b->u.scalar.type, HL_SCALAR_BOOL);
	assert_string_equal(b->u.scalar.s, "true");
	struct hl_node *i = hl_node_int(a, -7, sp(0, 0, 0, 0));
	assert_int_equal(i->u.scalar.type, HL_SCALAR_INT);
	assert_int_equal(i->u.scalar.i, -7);
	assert_string_equal(i->u.scalar.s, "-7");
}

/* Segments as "a|[*]|[0]|b". */
static void describe_path(const struct hl_path *p, char *buf, size_t size)
{
	size_t off = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < p->nsegs && off < size; i++) {
		const struct hl_seg *s = &p->segs[i];
		const char *sep = i ? "|" : "";
		if (s->kind == HL_SEG_KEY)
			off += (size_t)snprintf(buf + off, size - off, "%s%s",
						sep, s->key);
		else if (s->kind == HL_SEG_ANY)
			off += (size_t)snprintf(buf + off, size - off, "%s[*]",
						sep);
		else
			off += (size_t)snprintf(buf + off, size - off, "%s[%u]",
						sep, s->index);
	}
}

static void test_path_parse_valid(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{"a", "a"},
		{"a.b", "a|b"},
		{"a[*]", "a|[*]"},
		{"a[0].b", "a|[0]|b"},
		{"\"quoted.key\".x", "quoted.key|x"},
		{"x.\"a[b]\"", "x|a[b]"},
		{"\"a.b\"[2]", "a.b|[2]"},
		{"a[12][3]", "a|[12]|[3]"},
		{"[*]", "[*]"},
		{"spec.containers[*].securityContext.capabilities.drop[*]",
		 "spec|containers|[*]|securityContext|capabilities|drop|[*]"},
	};
	struct hl_arena *a = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_path p;
		size_t off = 999;
		char got[256] = "";
		bool ok = hl_path_parse(a, cases[i].text, &p, &off);
		if (ok)
			describe_path(&p, got, sizeof(got));
		if (!ok || strcmp(got, cases[i].want) != 0 ||
		    p.text != cases[i].text) {
			print_error("path '%s': ok=%d segs '%s', want '%s'\n",
				    cases[i].text, ok, got, cases[i].want);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

static void test_path_parse_invalid(void **state)
{
	static const struct {
		const char *text;
		size_t err_off;
	} cases[] = {
		{"", 0},     {"a.", 1},	    {".a", 0},	  {"a[", 1},
		{"a[x]", 1}, {"a..b", 2},   {"a[*", 1},	  {"a[1", 1},
		{"a[]", 1},  {"a[0]b", 4},  {"a[0].", 4}, {"a.[0]", 2},
		{"\"ab", 0}, {"\"a\"b", 3}, {"a[-1]", 1},
	};
	struct hl_arena *a = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_path p;
		size_t off = 999;
		bool ok = hl_path_parse(a, cases[i].text, &p, &off);
		if (ok || off != cases[i].err_off) {
			print_error("path '%s': ok=%d err_off=%zu, want "
				    "failure at %zu\n",
				    cases[i].text, ok, ok ? 0 : off,
				    cases[i].err_off);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

static void test_map_get_last_duplicate(void **state)
{
	struct hl_arena *a = *state;
	struct hl_node *m = hl_node_map(a, sp(1, 1, 4, 1));
	hl_map_add(a, m, hl_node_cstr(a, "a", sp(1, 1, 1, 2)),
		   hl_node_cstr(a, "first", sp(1, 4, 1, 9)));
	hl_map_add(a, m, hl_node_cstr(a, "b", sp(2, 1, 2, 2)),
		   hl_node_cstr(a, "bee", sp(2, 4, 2, 7)));
	hl_map_add(a, m, hl_node_cstr(a, "a", sp(3, 1, 3, 2)),
		   hl_node_cstr(a, "last", sp(3, 4, 3, 8)));
	/* a NULL value adds nothing */
	hl_map_add(a, m, hl_node_cstr(a, "a", sp(4, 1, 4, 2)), NULL);
	assert_int_equal(m->u.map.count, 3);

	assert_string_equal(hl_node_text(hl_map_get(m, "a")), "last");
	assert_ptr_equal(hl_map_pair(m, "a"), &m->u.map.pairs[2]);
	assert_string_equal(hl_node_text(hl_map_get(m, "b")), "bee");
	assert_null(hl_map_get(m, "c"));
	assert_null(hl_map_get(m, "")); /* no prefix match either */
	assert_null(hl_map_get(hl_map_get(m, "a"), "a")); /* not a map */
	assert_null(hl_map_get(NULL, "a"));

	/* through an alias to the map */
	struct hl_node *al = hl_node_alias(a, m, sp(9, 1, 9, 3));
	assert_string_equal(hl_node_text(hl_map_get(al, "a")), "last");

	/* hl_map_set: a made-up key with no position */
	hl_map_set(a, m, "a", hl_node_cstr(a, "set", sp(0, 0, 0, 0)));
	const struct hl_pair *p = hl_map_pair(m, "a");
	assert_string_equal(hl_node_text(p->value), "set");
	assert_int_equal(p->key->span.start.line, 0);
}

static void test_node_helpers(void **state)
{
	struct hl_arena *a = *state;
	struct hl_node *t = hl_node_cstr(a, "true", sp(1, 1, 1, 5));
	hl_scalar_resolve(t);
	struct hl_node *al = hl_node_alias(a, t, sp(2, 1, 2, 3));
	struct hl_node *al2 = hl_node_alias(a, al, sp(3, 1, 3, 3));
	assert_int_equal(al->kind, HL_NODE_ALIAS);
	assert_true(al->flags & HL_NODE_VIA);
	assert_ptr_equal(hl_node_deref(al2), t);
	assert_null(hl_node_deref(NULL));
	assert_string_equal(hl_node_text(al2), "true");
	assert_true(hl_node_is_true(al2));

	/* a quoted "true" is a string, not the boolean */
	struct hl_node *q = hl_node_cstr(a, "true", sp(1, 1, 1, 7));
	q->flags |= HL_NODE_QUOTED;
	hl_scalar_resolve(q);
	assert_false(hl_node_is_true(q));

	/* an unknown value has no text and is never true */
	struct hl_node *u = hl_node_unknown(a, "${X}", 4, sp(1, 1, 1, 5));
	assert_true(u->flags & HL_NODE_UNKNOWN);
	assert_string_equal(u->u.scalar.s, "${X}");
	assert_null(hl_node_text(u));
	assert_false(hl_node_is_true(u));

	struct hl_node *m = hl_node_map(a, sp(1, 1, 1, 2));
	struct hl_node *s = hl_node_seq(a, sp(1, 1, 1, 2));
	hl_seq_push(a, s, t);
	hl_seq_push(a, s, m);
	assert_int_equal(s->u.seq.count, 2);
	assert_ptr_equal(s->u.seq.items[1], m);
	assert_true(hl_node_is_map(hl_node_alias(a, m, sp(1, 1, 1, 2))));
	assert_true(hl_node_is_seq(hl_node_alias(a, s, sp(1, 1, 1, 2))));
	assert_false(hl_node_is_map(s));
	assert_false(hl_node_is_seq(m));
	assert_null(hl_node_text(m));

	/* an alias cycle (never made by the loader) ends in NULL */
	struct hl_node *c1 = hl_node_alias(a, NULL, sp(1, 1, 1, 2));
	struct hl_node *c2 = hl_node_alias(a, c1, sp(1, 1, 1, 2));
	c1->u.target = c2;
	assert_null(hl_node_deref(c1));
	assert_null(hl_node_text(c1));
}

static void test_span_join(void **state)
{
	static const struct {
		struct hl_span a, b, want;
	} cases[] = {
		{{{1, 1}, {1, 2}}, {{1, 4}, {1, 9}}, {{1, 1}, {1, 9}}},
		{{{2, 3}, {2, 7}}, {{5, 1}, {6, 4}}, {{2, 3}, {6, 4}}},
		/* line 0 means "no position": the other span wins */
		{{{0, 0}, {0, 0}}, {{3, 2}, {3, 5}}, {{3, 2}, {3, 5}}},
		{{{3, 2}, {3, 5}}, {{0, 0}, {0, 0}}, {{3, 2}, {3, 5}}},
		{{{0, 0}, {0, 0}}, {{0, 0}, {0, 0}}, {{0, 0}, {0, 0}}},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_span s = hl_span_join(cases[i].a, cases[i].b);
		char got[64], want[64];
		snprintf(got, sizeof(got), "%u:%u-%u:%u", s.start.line,
			 s.start.col, s.end.line, s.end.col);
		snprintf(want, sizeof(want), "%u:%u-%u:%u",
			 cases[i].want.start.line, cases[i].want.start.col,
			 cases[i].want.end.line, cases[i].want.end.col);
		assert_string_equal(got, want);
	}
}

/* Hits as "text@l:c-l:c" (or map@, seq@), separated by spaces. */
struct hits {
	char buf[512];
	size_t off;
	int count;
	int stop_after; /* return false after this many; 0: never */
};

static bool collect_hit(const struct hl_hit *hit, void *ctx)
{
	struct hits *h = ctx;
	const struct hl_node *n = hit->node;
	const char *what = n->kind == HL_NODE_MAP   ? "map"
			   : n->kind == HL_NODE_SEQ ? "seq"
						    : n->u.scalar.s;
	h->off += (size_t)snprintf(
		h->buf + h->off, sizeof(h->buf) - h->off, "%s%s@%u:%u-%u:%u",
		h->count ? " " : "", what, hit->span.start.line,
		hit->span.start.col, hit->span.end.line, hit->span.end.col);
	h->count++;
	return h->stop_after == 0 || h->count < h->stop_after;
}

static bool keep_root(struct hl_yaml_doc *doc, void *ctx)
{
	*(struct hl_node **)ctx = doc->root;
	return false;
}

/* The root of the first document of `text`, nodes in `a`. */
static struct hl_node *load(struct hl_arena *a, const char *text)
{
	struct hl_source src;
	struct hl_yaml_opts o;
	struct hl_node *root = NULL;
	hl_source_init_mem(&src, a, "test.yaml", text, strlen(text));
	hl_yaml_opts_init(&o);
	assert_int_equal(hl_yaml_parse(&src, a, &o, keep_root, NULL, &root),
			 HL_OK);
	assert_non_null(root);
	return root;
}

static void test_path_walk(void **state)
{
	static const struct {
		const char *yaml;
		const char *path;
		const char *want;
	} cases[] = {
		/* [*] visits every item in order, [N] one item */
		{"l: [a, b, c]\n", "l[*]", "a@1:5-1:6 b@1:8-1:9 c@1:11-1:12"},
		{"l: [a, b, c]\n", "l[0]", "a@1:5-1:6"},
		{"l: [a, b, c]\n", "l[2]", "c@1:11-1:12"},
		{"l: [a, b, c]\n", "l[3]", ""},
		{"l: []\n", "l[*]", ""},
		/* a hit on a key spans from the key to the end of its value */
		{"a:\n  b: 1\n", "a.b", "1@2:3-2:7"},
		{"l: [{n: 1}, {n: 2}]\n", "l[*].n", "1@1:6-1:10 2@1:14-1:18"},
		{"l: [[x, y], [z]]\n", "l[*][*]",
		 "x@1:6-1:7 y@1:9-1:10 z@1:14-1:15"},
		{"l: [[x, y], [z]]\n", "l[1][0]", "z@1:14-1:15"},
		{"a: 1\na: 2\n", "a", "2@2:1-2:5"},
		{"\"k.k\": {v: 1}\n", "\"k.k\".v", "1@1:9-1:13"},
		/* through an alias the hit points at the alias entry */
		{"x: &x {c: 1}\ny: *x\n", "y.c", "1@2:1-2:6"},
		{"x: &x {c: 1}\ny: *x\n", "y", "map@2:1-2:6"},
		{"x: &x {c: 1}\ny: *x\n", "x.c", "1@1:8-1:12"},
		{"a: &a 1\nl: [*a, 2]\n", "l[*]", "1@2:5-2:7 2@2:9-2:10"},
		{"d: &d {k: v}\nl: [*d]\n", "l[*].k", "v@2:5-2:7"},
		/* merged content points at the merge entry */
		{"b: &b {k: 1}\nm: {<<: *b, z: 2}\n", "m.k", "1@2:5-2:11"},
		{"b: &b {k: {d: 1}}\nm: {<<: *b}\n", "m.k.d", "1@2:5-2:11"},
		/* nothing where the shape does not fit */
		{"m: {a: 1}\n", "m.a.b", ""},
		/* [*] on a mapping: its values, each at its key; a key
		 * written twice counts once, the last */
		{"m: {a: 1, b: 2}\n", "m[*]", "1@1:5-1:9 2@1:11-1:15"},
		{"m: {a: 1, a: 3}\n", "m[*]", "3@1:11-1:15"},
		{"l: [1]\n", "l.x", ""},
		{"m: {a: 1}\n", "n", ""},
	};
	struct hl_arena *a = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_node *root = load(a, cases[i].yaml);
		struct hl_path p;
		size_t off;
		assert_true(hl_path_parse(a, cases[i].path, &p, &off));
		struct hits h = {.off = 0};
		assert_true(hl_path_walk(root, &p, collect_hit, &h));
		if (strcmp(h.buf, cases[i].want) != 0) {
			print_error("walk %s in '%s': got '%s', want '%s'\n",
				    cases[i].path, cases[i].yaml, h.buf,
				    cases[i].want);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

static void test_path_walk_hand_built(void **state)
{
	struct hl_arena *a = *state;
	/* root: {k: <alias at 5:1-5:9 to {c: 1}>, s: [x, y, z]} */
	struct hl_node *inner = hl_node_map(a, sp(1, 1, 1, 9));
	hl_map_add(a, inner, hl_node_cstr(a, "c", sp(1, 2, 1, 3)),
		   hl_node_cstr(a, "1", sp(1, 5, 1, 6)));
	struct hl_node *root = hl_node_map(a, sp(4, 1, 7, 1));
	hl_map_add(a, root, hl_node_cstr(a, "k", sp(5, 1, 5, 2)),
		   hl_node_alias(a, inner, sp(5, 1, 5, 9)));
	struct hl_node *s = hl_node_seq(a, sp(6, 4, 6, 13));
	hl_seq_push(a, s, hl_node_cstr(a, "x", sp(6, 5, 6, 6)));
	hl_seq_push(a, s, hl_node_cstr(a, "y", sp(6, 8, 6, 9)));
	hl_seq_push(a, s, hl_node_cstr(a, "z", sp(6, 11, 6, 12)));
	hl_map_add(a, root, hl_node_cstr(a, "s", sp(6, 1, 6, 2)), s);

	struct hl_path p;
	size_t off;
	struct hits h = {.off = 0};
	assert_true(hl_path_parse(a, "k.c", &p, &off));
	assert_true(hl_path_walk(root, &p, collect_hit, &h));
	assert_string_equal(h.buf, "1@5:1-5:9");

	/* the callback stops the walk: false comes back */
	struct hits h2 = {.off = 0, .stop_after = 2};
	assert_true(hl_path_parse(a, "s[*]", &p, &off));
	assert_false(hl_path_walk(root, &p, collect_hit, &h2));
	assert_int_equal(h2.count, 2);
	assert_string_equal(h2.buf, "x@6:5-6:6 y@6:8-6:9");

	/* hl_path_first: the first hit and its span, or NULL */
	struct hl_span span;
	const struct hl_node *n = hl_path_first(root, &p, &span);
	assert_non_null(n);
	assert_string_equal(n->u.scalar.s, "x");
	assert_int_equal(span.start.line, 6);
	assert_int_equal(span.start.col, 5);
	assert_true(hl_path_parse(a, "nope[*]", &p, &off));
	span.start.line = 99;
	assert_null(hl_path_first(root, &p, &span));
	assert_int_equal(span.start.line, 0);
	assert_true(hl_path_walk(NULL, &p, collect_hit, &h));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scalar_resolve,
						setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_scalar_resolve_float_edges,
						setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(
			test_scalar_resolve_leaves_others, setup_arena,
			teardown_arena),
		cmocka_unit_test_setup_teardown(test_path_parse_valid,
						setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_path_parse_invalid,
						setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_map_get_last_duplicate,
						setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_node_helpers, setup_arena,
						teardown_arena),
		cmocka_unit_test(test_span_join),
		cmocka_unit_test_setup_teardown(test_path_walk, setup_arena,
						teardown_arena),
		cmocka_unit_test_setup_teardown(test_path_walk_hand_built,
						setup_arena, teardown_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
