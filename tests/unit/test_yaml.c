/*
 * Unit tests for yaml: documents and their 1-based positions (columns in
 * code points), anchors, aliases and merge keys as Kubernetes (go-yaml v2)
 * reads them, duplicate keys, scalar typing in context, and errors: syntax,
 * aliases, and the limits that keep hostile input from hanging the run.
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
#include "core/error.h"
#include "core/source.h"
#include "kubernetes/yaml.h"

#define MAX_DOCS 8
#define MAX_ERRS 8

/* What one hl_yaml_parse call delivered. Dups are copied as text in the
 * callback: doc->dups belongs to the loader and is reused. */
struct got {
	struct hl_arena arena;
	struct hl_source src;
	enum hl_err rc;
	size_t ndocs;
	struct {
		uint32_t index;
		struct hl_node *root;
		struct hl_span span;
		size_t ndups;
		char dups[256]; /* "l:c>l:c" per dup, in order */
		char text[64];	/* text of root's key "k", copied */
	} docs[MAX_DOCS];
	size_t nerrs;
	struct {
		enum hl_err code;
		uint32_t line, col;
		char msg[256];
		const char *path;
	} errs[MAX_ERRS];
	size_t stop_after; /* on_doc returns false after this many; 0: never */
};

static int setup(void **state)
{
	struct got *g = calloc(1, sizeof(*g));
	if (!g)
		return -1;
	hl_arena_init(&g->arena);
	*state = g;
	return 0;
}

static int teardown(void **state)
{
	struct got *g = *state;
	hl_arena_release(&g->arena);
	free(g);
	return 0;
}

struct dup_pos {
	uint32_t v[4]; /* first line, col, second line, col */
};

static int cmp_dup(const void *pa, const void *pb)
{
	const struct dup_pos *a = pa, *b = pb;
	for (int i = 0; i < 4; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return 0;
}

static bool on_doc(struct hl_yaml_doc *doc, void *ctx)
{
	struct got *g = ctx;
	assert_true(g->ndocs < MAX_DOCS);
	assert_ptr_equal(doc->arena, &g->arena);
	size_t k = g->ndocs++;
	g->docs[k].index = doc->index;
	g->docs[k].root = doc->root;
	g->docs[k].span = doc->span;
	g->docs[k].ndups = doc->ndups;

	struct dup_pos d[16];
	size_t n = doc->ndups < 16 ? doc->ndups : 16;
	for (size_t i = 0; i < n; i++) {
		d[i].v[0] = doc->dups[i].first->span.start.line;
		d[i].v[1] = doc->dups[i].first->span.start.col;
		d[i].v[2] = doc->dups[i].second->span.start.line;
		d[i].v[3] = doc->dups[i].second->span.start.col;
	}
	if (n > 1)
		qsort(d, n, sizeof(d[0]), cmp_dup);
	size_t off = 0;
	for (size_t i = 0; i < n; i++)
		off += (size_t)snprintf(
			g->docs[k].dups + off, sizeof(g->docs[k].dups) - off,
			"%s%u:%u>%u:%u", i ? " " : "", d[i].v[0], d[i].v[1],
			d[i].v[2], d[i].v[3]);

	const char *t = hl_node_text(hl_map_get(doc->root, "k"));
	snprintf(g->docs[k].text, sizeof(g->docs[k].text), "%s", t ? t : "-");
	return g->stop_after == 0 || g->ndocs < g->stop_after;
}

static void on_err(const struct hl_diag *d, void *ctx)
{
	struct got *g = ctx;
	assert_true(g->nerrs < MAX_ERRS);
	size_t k = g->nerrs++;
	g->errs[k].code = d->code;
	g->errs[k].line = d->line;
	g->errs[k].col = d->col;
	g->errs[k].path = d->path;
	snprintf(g->errs[k].msg, sizeof(g->errs[k].msg), "%s",
		 d->message ? d->message : "");
}

static void parse_opts(struct got *g, const char *text,
		       const struct hl_yaml_opts *o)
{
	hl_source_init_mem(&g->src, &g->arena, "test.yaml", text, strlen(text));
	g->rc = hl_yaml_parse(&g->src, &g->arena, o, on_doc, on_err, g);
}

static void parse(struct got *g, const char *text)
{
	struct hl_yaml_opts o;
	hl_yaml_opts_init(&o);
	parse_opts(g, text, &o);
}

/* Start over with an empty arena and nothing collected. */
static void reset(struct got *g)
{
	hl_arena_release(&g->arena);
	memset(g, 0, sizeof(*g));
	hl_arena_init(&g->arena);
}

/* The node at `path` below `root`, or NULL. */
static const struct hl_node *at(struct hl_arena *a, const struct hl_node *root,
				const char *path)
{
	struct hl_path p;
	size_t off;
	assert_true(hl_path_parse(a, path, &p, &off));
	return hl_path_first(root, &p, NULL);
}

static void test_opts_init(void **state)
{
	struct hl_yaml_opts o;
	(void)state;
	memset(&o, 0xff, sizeof(o));
	hl_yaml_opts_init(&o);
	assert_int_equal(o.max_depth, HL_YAML_MAX_DEPTH);
	assert_int_equal(o.max_alias_nodes, HL_YAML_MAX_ALIAS_NODES);
	assert_false(o.no_aliases);
	assert_false(o.release_each);
}

static void test_multi_document_positions(void **state)
{
	static const char text[] = "kind: Pod\n"     /* 1 */
				   "metadata:\n"     /* 2 */
				   "  name: web\n"   /* 3 */
				   "---\n"	     /* 4 */
				   "kind: Service\n" /* 5 */
				   "spec:\n"	     /* 6 */
				   "    port: 80\n"  /* 7 */
				   "--- # third\n"   /* 8 */
				   "a: {b: c}\n";    /* 9 */
	static const struct {
		size_t doc;
		const char *parent; /* NULL: the root */
		const char *key;
		const char *want; /* "key@l:c value@l:c-l:c" */
	} cases[] = {
		{0, NULL, "kind", "kind@1:1 Pod@1:7-1:10"},
		{0, "metadata", "name", "name@3:3 web@3:9-3:12"},
		{1, NULL, "kind", "kind@5:1 Service@5:7-5:14"},
		{1, "spec", "port", "port@7:5 80@7:11-7:13"},
		{2, "a", "b", "b@9:5 c@9:8-9:9"},
	};
	struct got *g = *state;
	parse(g, text);
	assert_int_equal(g->rc, HL_OK);
	assert_int_equal(g->nerrs, 0);
	assert_int_equal(g->ndocs, 3);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(g->docs[i].index, i);
	assert_int_equal(g->docs[0].span.start.line, 1);
	assert_int_equal(g->docs[1].span.start.line, 4);
	assert_int_equal(g->docs[2].span.start.line, 8);
	assert_int_equal(g->docs[2].span.start.col, 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hl_node *m = g->docs[cases[i].doc].root;
		if (cases[i].parent)
			m = hl_map_get(m, cases[i].parent);
		const struct hl_pair *p = hl_map_pair(m, cases[i].key);
		assert_non_null(p);
		char got[128];
		snprintf(got, sizeof(got), "%s@%u:%u %s@%u:%u-%u:%u",
			 p->key->u.scalar.s, p->key->span.start.line,
			 p->key->span.start.col, p->value->u.scalar.s,
			 p->value->span.start.line, p->value->span.start.col,
			 p->value->span.end.line, p->value->span.end.col);
		assert_string_equal(got, cases[i].want);
	}
}

static void test_utf8_columns(void **state)
{
	static const struct {
		const char *yaml;
		const char *key;
		uint32_t key_col, value_col; /* in code points */
	} cases[] = {
		{"\xc3\xa9: x\n", "\xc3\xa9", 1, 4},   /* é */
		{"{\xc3\xa9: 1, k: v}\n", "k", 8, 11}, /* é */
		{"\xe6\x97\xa5\xe6\x9c\xac: x\n", "\xe6\x97\xa5\xe6\x9c\xac", 1,
		 5},						    /* 日本 */
		{"{s: \"\xf0\x9f\x99\x82\", k: v}\n", "k", 10, 13}, /* 🙂 */
		{"{s: \"\xf0\x9f\x99\x82\", k: v}\n", "s", 2, 5},
	};
	struct got *g = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i].yaml);
		assert_int_equal(g->rc, HL_OK);
		assert_int_equal(g->ndocs, 1);
		const struct hl_pair *p = hl_map_pair(g->docs[0].root,
						      cases[i].key);
		assert_non_null(p);
		char got[64], want[64];
		snprintf(got, sizeof(got), "%s: key 1:%u value 1:%u",
			 cases[i].yaml, p->key->span.start.col,
			 p->value->span.start.col);
		snprintf(want, sizeof(want), "%s: key 1:%u value 1:%u",
			 cases[i].yaml, cases[i].key_col, cases[i].value_col);
		assert_string_equal(got, want);
	}
}

static void test_empty_streams(void **state)
{
	static const char *const cases[] = {"", "# only a comment\n", "\n\n"};
	struct got *g = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i]);
		assert_int_equal(g->rc, HL_OK);
		assert_int_equal(g->nerrs, 0);
		assert_int_equal(g->ndocs, 0);
	}
}

/* yaml.h: "root: NULL for an empty document". */
static void test_empty_document(void **state)
{
	static const struct {
		const char *yaml;
		size_t ndocs;
		size_t empty; /* the empty one */
	} cases[] = {
		{"k: 1\n---\n---\nk: 2\n", 3, 1},
		{"---\n", 1, 0},
		{"---\n...\n", 1, 0},
		{"--- # nothing here\n---\nk: 2\n", 2, 0},
	};
	struct got *g = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i].yaml);
		assert_int_equal(g->rc, HL_OK);
		assert_int_equal(g->ndocs, cases[i].ndocs);
		for (size_t k = 0; k < g->ndocs; k++)
			assert_int_equal(g->docs[k].index, k);
		if (g->docs[cases[i].empty].root)
			print_error("'%s': doc %zu root is a node of kind %d, "
				    "want NULL\n",
				    cases[i].yaml, cases[i].empty,
				    g->docs[cases[i].empty].root->kind);
		assert_null(g->docs[cases[i].empty].root);
	}
}

static void test_block_scalar_separator(void **state)
{
	struct got *g = *state;
	parse(g, "script: |\n"
		 "  ---\n"
		 "  echo hi\n"
		 "k: after\n");
	assert_int_equal(g->rc, HL_OK);
	assert_int_equal(g->ndocs, 1);
	const struct hl_node *s = hl_map_get(g->docs[0].root, "script");
	assert_non_null(s);
	assert_string_equal(s->u.scalar.s, "---\necho hi\n");
	assert_int_equal(s->u.scalar.type, HL_SCALAR_STR);
	assert_true(s->flags & HL_NODE_QUOTED);
	assert_string_equal(g->docs[0].text, "after");
}

static void test_json(void **state)
{
	static const char *const cases[] = {
		"{\"k\": [1, true, \"x\", null], \"b\": {\"c\": 1.5}}\n",
		"{\"k\":[1,true,\"x\",null],\"b\":{\"c\":1.5}}",
		("{\n  \"k\": [\n    1,\n    true,\n    \"x\",\n    null\n  "
		 "],\n"
		 "  \"b\": {\"c\": 1.5}\n}\n"),
	};
	struct got *g = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i]);
		assert_int_equal(g->rc, HL_OK);
		assert_int_equal(g->ndocs, 1);
		const struct hl_node *root = g->docs[0].root;
		assert_true(hl_node_is_map(root));
		assert_true(root->u.map.pairs[0].key->flags & HL_NODE_QUOTED);
		const struct hl_node *k = hl_map_get(root, "k");
		assert_true(hl_node_is_seq(k));
		assert_int_equal(k->u.seq.count, 4);
		assert_int_equal(k->u.seq.items[0]->u.scalar.type,
				 HL_SCALAR_INT);
		assert_int_equal(k->u.seq.items[0]->u.scalar.i, 1);
		assert_true(hl_node_is_true(k->u.seq.items[1]));
		assert_int_equal(k->u.seq.items[2]->u.scalar.type,
				 HL_SCALAR_STR);
		assert_int_equal(k->u.seq.items[3]->u.scalar.type,
				 HL_SCALAR_NULL);
		const struct hl_node *b = hl_map_get(root, "b");
		const struct hl_node *c = hl_map_get(b, "c");
		assert_non_null(c);
		assert_int_equal(c->u.scalar.type, HL_SCALAR_FLOAT);
	}
}

static void test_alias_node(void **state)
{
	struct got *g = *state;
	parse(g, "a: &x {k: v}\n"
		 "b: *x\n");
	assert_int_equal(g->rc, HL_OK);
	const struct hl_node *root = g->docs[0].root;
	const struct hl_pair *a = hl_map_pair(root, "a");
	const struct hl_pair *b = hl_map_pair(root, "b");
	assert_int_equal(a->value->kind, HL_NODE_MAP);
	assert_int_equal(b->value->kind, HL_NODE_ALIAS);
	assert_ptr_equal(b->value->u.target, a->value);
	assert_false(b->value->flags & HL_NODE_VIA); /* a real alias */
	/* the alias has its own span: "*x" */
	assert_int_equal(b->value->span.start.line, 2);
	assert_int_equal(b->value->span.start.col, 4);
	assert_int_equal(b->value->span.end.line, 2);
	assert_int_equal(b->value->span.end.col, 6);
	/* lookups see through it */
	assert_ptr_equal(hl_map_get(root, "b"), a->value);
	assert_string_equal(
		hl_node_text(hl_map_get(hl_map_get(root, "b"), "k")), "v");
}

/*
 * Values after anchors, aliases and merge keys are resolved. Merges follow
 * go-yaml v2: entries apply in order of appearance and a later key wins
 * (even over an explicit key before the `<<`); in `<<: [*a, *b]` the
 * earlier mapping wins. A quoted "<<" is an ordinary key.
 */
static void test_resolved_values(void **state)
{
	static const struct {
		const char *yaml;
		const char *path;
		const char *want; /* "-": nothing there */
	} cases[] = {
		/* a redefined anchor: the latest definition wins */
		{"a: &x 1\nb: *x\nc: &x 2\nd: *x\n", "b", "1"},
		{"a: &x 1\nb: *x\nc: &x 2\nd: *x\n", "d", "2"},
		{"a: &x {k: 1}\nb: &x {k: 2}\nc: *x\n", "c.k", "2"},
		{"l: &x [&x inner, *x]\n", "l[1]", "inner"},
		/* merge keys */
		{"b: &b {k: 1, j: 2}\nm: {<<: *b, j: 3}\n", "m.k", "1"},
		{"b: &b {k: 1, j: 2}\nm: {<<: *b, j: 3}\n", "m.j", "3"},
		{"b: &b {k: 1}\nm: {k: 0, <<: *b}\n", "m.k", "1"},
		{"b: &b {k: 1}\nm: {<<: *b, k: 9}\n", "m.k", "9"},
		{"a: &a {k: a, x: a}\nb: &b {k: b, y: b}\nm: {<<: [*a, *b]}\n",
		 "m.k", "a"},
		{"a: &a {k: a, x: a}\nb: &b {k: b, y: b}\nm: {<<: [*a, *b]}\n",
		 "m.x", "a"},
		{"a: &a {k: a, x: a}\nb: &b {k: b, y: b}\nm: {<<: [*a, *b]}\n",
		 "m.y", "b"},
		{"a: &a {k: a}\nb: &b {k: b}\nm: {<<: [*a, *b], k: m}\n", "m.k",
		 "m"},
		{"m: {<<: {k: 1}, j: 2}\n", "m.k", "1"},
		{"a: &a {k: 1}\nb: &b {<<: *a, j: 2}\nc: {<<: *b}\n", "c.k",
		 "1"},
		{"a: &a {k: 1}\nb: &b {<<: *a, j: 2}\nc: {<<: *b}\n", "c.j",
		 "2"},
		{"base: &base\n  image: nginx\n  tag: '1'\n"
		 "c:\n  <<: *base\n  tag: '2'\n",
		 "c.image", "nginx"},
		{"base: &base\n  image: nginx\n  tag: '1'\n"
		 "c:\n  <<: *base\n  tag: '2'\n",
		 "c.tag", "2"},
		{"m: {\"<<\": {k: 1}}\n", "m.k", "-"},
		{"m: {\"<<\": {k: 1}}\n", "m.\"<<\".k", "1"},
	};
	struct got *g = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i].yaml);
		assert_int_equal(g->rc, HL_OK);
		assert_int_equal(g->ndocs, 1);
		const char *t = hl_node_text(
			at(&g->arena, g->docs[0].root, cases[i].path));
		if (strcmp(t ? t : "-", cases[i].want) != 0) {
			print_error("%s in '%s': got %s, want %s\n",
				    cases[i].path, cases[i].yaml, t ? t : "-",
				    cases[i].want);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

/* A merged value is an HL_NODE_VIA alias placed at the merge entry. */
static void test_merge_via_nodes(void **state)
{
	static const struct {
		const char *key;
		const char *want; /* "kind flags span -> target text" */
	} cases[] = {
		{"k", "alias via 3:5-3:12 -> a"}, /* "<<: [*a" */
		{"y", "alias via 3:5-3:16 -> b"}, /* "<<: [*a, *b" */
		{"z", "scalar - 3:19-3:23 -> z"}, /* "z: z" */
	};
	struct got *g = *state;
	parse(g, "a: &a {k: a}\n"
		 "b: &b {k: b, y: b}\n"
		 "m: {<<: [*a, *b], z: z}\n");
	assert_int_equal(g->rc, HL_OK);
	const struct hl_node *m = hl_map_get(g->docs[0].root, "m");
	assert_non_null(m);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hl_pair *p = hl_map_pair(m, cases[i].key);
		assert_non_null(p);
		const struct hl_node *v = p->value;
		const struct hl_span *s = v->kind == HL_NODE_ALIAS
						  ? &v->span
						  : &p->key->span;
		char got[96];
		snprintf(got, sizeof(got), "%s %s %u:%u-%u:%u -> %s",
			 v->kind == HL_NODE_ALIAS ? "alias" : "scalar",
			 v->flags & HL_NODE_VIA ? "via" : "-", s->start.line,
			 s->start.col, v->span.end.line, v->span.end.col,
			 hl_node_text(v));
		assert_string_equal(got, cases[i].want);
	}
	/* the merged pair keeps the key node of the mapping it came from */
	const struct hl_node *b = hl_map_get(g->docs[0].root, "b");
	assert_ptr_equal(hl_map_pair(m, "y")->key, hl_map_pair(b, "y")->key);
}

static void test_duplicate_keys(void **state)
{
	static const struct {
		const char *yaml;
		const char *dups; /* "first>second" key starts, in order */
		const char *last; /* hl_map_get(root, "k") */
	} cases[] = {
		{"k: 1\nk: 2\n", "1:1>2:1", "2"},
		{"{x: 1, k: 2, x: 3}\n", "1:2>1:14", "2"},
		/* each duplicate is paired with the nearest earlier one */
		{"k: 1\nb: 2\nk: 3\nk: 4\n", "1:1>3:1 3:1>4:1", "4"},
		{"k: 1\nj: 2\n", "", "1"},
		/* a key a merge overrides is not a duplicate */
		{"k: 1\n<<: {k: 2}\n", "", "2"},
		/* more than 16 keys: the sorted path, same answers */
		{"k: 1\nk1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\n"
		 "k8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\nk13: 13\nk14: 14\n"
		 "k15: 15\nk16: 16\nk5: 55\nk: 2\n",
		 "1:1>19:1 6:1>18:1", "2"},
		{"k: 1\nk1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\n"
		 "k8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\nk13: 13\nk14: 14\n"
		 "k15: 15\nk16: 16\nk: 2\nk: 3\n",
		 "1:1>18:1 18:1>19:1", "3"},
	};
	struct got *g = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i].yaml);
		assert_int_equal(g->rc, HL_OK);
		assert_int_equal(g->ndocs, 1);
		if (strcmp(g->docs[0].dups, cases[i].dups) != 0 ||
		    strcmp(g->docs[0].text, cases[i].last) != 0) {
			print_error("case %zu: dups '%s' k=%s, want '%s' "
				    "k=%s\n",
				    i, g->docs[0].dups, g->docs[0].text,
				    cases[i].dups, cases[i].last);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

/* 1,000 duplicate keys in a document are reported; the 1,001st makes the
 * document an error at that key (the next document is read). */
static void test_duplicate_limit(void **state)
{
	struct got *g = *state;
	for (int extra = 0; extra < 2; extra++) {
		char *text = malloc(16 * (HL_YAML_MAX_DUPLICATES + 8) + 32);
		assert_non_null(text);
		char *p = text;
		for (int i = 0; i <= HL_YAML_MAX_DUPLICATES + extra; i++)
			p += sprintf(p, "k: %d\n", i);
		strcpy(p, "---\nk: next\n");
		reset(g);
		parse(g, text);
		free(text);
		if (!extra) {
			assert_int_equal(g->nerrs, 0);
			assert_int_equal(g->ndocs, 2);
			continue;
		}
		assert_int_equal(g->nerrs, 1);
		assert_int_equal(g->errs[0].code, HL_ERR_LIMIT);
		assert_int_equal(g->errs[0].line, HL_YAML_MAX_DUPLICATES + 2);
		assert_int_equal(g->ndocs, 1);
		assert_string_equal(g->docs[0].text, "next");
	}
}

static void test_scalar_types(void **state)
{
	static const struct {
		const char *yaml;
		const char *want; /* type, then Q for quoted, U for unknown */
	} cases[] = {
		{"k: yes\n", "bool"},
		{"k: 0x1F\n", "int"},
		{"k: 1.5\n", "float"},
		{"k: ~\n", "null"},
		{"k:\n", "null"},
		{"k: hello\n", "str"},
		{"k: 'yes'\n", "str Q"},
		{"k: \"1\"\n", "str Q"},
		{"k: \"\"\n", "str Q"},
		{"k: !!str 5\n", "str Q"},
		{"k: !!str yes\n", "str Q"},
		{"k: |\n  true\n", "str Q"},
		{"k: >\n  1\n", "str Q"},
		{"k: \"{{ .Values.x }}\"\n", "str Q U"},
		{"k: repo:{{ .Values.tag }}\n", "str U"},
		{"k: '{{ x'\n", "str Q"},
		{"k: '}} {{'\n", "str Q"},
	};
	static const char *const types[] = {"str", "bool", "int", "float",
					    "null"};
	struct got *g = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i].yaml);
		assert_int_equal(g->rc, HL_OK);
		const struct hl_pair *p = hl_map_pair(g->docs[0].root, "k");
		assert_non_null(p);
		const struct hl_node *v = p->value;
		assert_int_equal(v->kind, HL_NODE_SCALAR);
		char got[32];
		snprintf(got, sizeof(got), "%s%s%s", types[v->u.scalar.type],
			 v->flags & HL_NODE_QUOTED ? " Q" : "",
			 v->flags & HL_NODE_UNKNOWN ? " U" : "");
		if (strcmp(got, cases[i].want) != 0) {
			print_error("'%s': got %s, want %s\n", cases[i].yaml,
				    got, cases[i].want);
			fails++;
		}
		/* an unknown value never shows its text as if known */
		if ((v->flags & HL_NODE_UNKNOWN) && hl_node_text(v))
			fails++;
	}
	assert_int_equal(fails, 0);
}

/* A billion-laughs document (10 levels, 10^10 nodes expanded), then one
 * more document that must still be read. */
#define BOMB                                                         \
	"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" \
	"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"           \
	"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"           \
	"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"           \
	"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"           \
	"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"           \
	"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"           \
	"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"           \
	"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"           \
	"j: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i, *i]\n"

static void test_errors(void **state)
{
	static const struct {
		const char *yaml;
		uint32_t max_depth;	  /* 0: default */
		uint64_t max_alias_nodes; /* 0: default */
		uint64_t max_nodes;	  /* 0: default */
		bool no_aliases;
		enum hl_err code; /* of the one error, and returned */
		uint32_t line, col;
		size_t ndocs;	  /* documents delivered */
		const char *text; /* key "k" of the first delivered one... */
		uint32_t index;	  /* ...and its index in the stream */
	} cases[] = {
		/* syntax: libyaml's mark, made 1-based; reading resumes at the
		 * next document separator at column 0 */
		{"a: b: c\n", 0, 0, 0, false, HL_ERR_SYNTAX, 1, 5, 0, NULL, 0},
		{"a:\n\tb: 1\n", 0, 0, 0, false, HL_ERR_SYNTAX, 2, 1, 0, NULL,
		 0},
		{"k: 1\n---\nb: [\n", 0, 0, 0, false, HL_ERR_SYNTAX, 4, 1, 1,
		 "1", 0},
		{"k: [1, 2\nb: 3\n---\nk: 2\n", 0, 0, 0, false, HL_ERR_SYNTAX,
		 2, 2, 1, "2", 1},
		{"k: [1, 2\nb: 3\n...\nk: 3\n", 0, 0, 0, false, HL_ERR_SYNTAX,
		 2, 2, 1, "3", 1},
		/* neither an indented --- nor ---x separates documents */
		{"k: [\n  ---\n---x\nk: 4\n", 0, 0, 0, false, HL_ERR_SYNTAX, 4,
		 2, 0, NULL, 0},
		/* alias errors stop one document only */
		{"x: *nope\n---\nk: next\n", 0, 0, 0, false, HL_ERR_SYNTAX, 1,
		 4, 1, "next", 1},
		{"&a [*a]\n---\nk: next\n", 0, 0, 0, false, HL_ERR_LIMIT, 1, 5,
		 1, "next", 1},
		{"a: &a {b: *a}\n", 0, 0, 0, false, HL_ERR_LIMIT, 1, 11, 0,
		 NULL, 0},
		{"a: &a 1\nb: {<<: *a}\n", 0, 0, 0, false, HL_ERR_SYNTAX, 2, 9,
		 0, NULL, 0},
		/* limits: the bomb crosses 10^6 at the 8th alias of line 6 */
		{BOMB "---\nk: next\n", 0, 0, 0, false, HL_ERR_LIMIT, 6, 36, 1,
		 "next", 1},
		{"a: &a [1, 2]\nb: *a\nc: *a\n---\nk: next\n", 0, 5, 0, false,
		 HL_ERR_LIMIT, 3, 4, 1, "next", 1},
		{"a: &a [1, 2]\nk: *a\n", 0, 3, 0, false, HL_OK, 0, 0, 1, "-",
		 0},
		{"a: {b: {c: 1}}\n---\nk: next\n", 2, 0, 0, false, HL_ERR_LIMIT,
		 1, 8, 1, "next", 1},
		{"a: {b: 1}\nk: ok\n", 2, 0, 0, false, HL_OK, 0, 0, 1, "ok", 0},
		{"k: [[[[x]]]]\n", 4, 0, 0, false, HL_ERR_LIMIT, 1, 7, 0, NULL,
		 0},
		{"k: [[[x]]]\n", 4, 0, 0, false, HL_OK, 0, 0, 1, "-", 0},
		/* no_aliases rejects anchors and aliases */
		{"a: &x 1\nb: *x\n---\nk: next\n", 0, 0, 0, true, HL_ERR_SYNTAX,
		 1, 4, 1, "next", 1},
		{"- &x [1]\n", 0, 0, 0, true, HL_ERR_SYNTAX, 1, 3, 0, NULL, 0},
		{"a: *x\n", 0, 0, 0, true, HL_ERR_SYNTAX, 1, 4, 0, NULL, 0},
		{"k: plain\n", 0, 0, 0, true, HL_OK, 0, 0, 1, "plain", 0},
		/* nodes written: the 5th of a document crosses a limit of 4 */
		{"k: [1, 2, 3]\n---\nk: next\n", 0, 0, 4, false, HL_ERR_LIMIT,
		 1, 8, 1, "next", 1},
		{"k: [1]\n", 0, 0, 4, false, HL_OK, 0, 0, 1, "-", 0},
	};
	struct got *g = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_yaml_opts o;
		reset(g);
		hl_yaml_opts_init(&o);
		if (cases[i].max_depth)
			o.max_depth = cases[i].max_depth;
		if (cases[i].max_alias_nodes)
			o.max_alias_nodes = cases[i].max_alias_nodes;
		if (cases[i].max_nodes)
			o.max_nodes = cases[i].max_nodes;
		o.no_aliases = cases[i].no_aliases;
		parse_opts(g, cases[i].yaml, &o);

		char got[160], want[160];
		snprintf(got, sizeof(got),
			 "rc %d, %zu errors: %d at %u:%u, %zu docs, k=%s@%u",
			 g->rc, g->nerrs, g->nerrs ? g->errs[0].code : 0,
			 g->nerrs ? g->errs[0].line : 0,
			 g->nerrs ? g->errs[0].col : 0, g->ndocs,
			 g->ndocs ? g->docs[0].text : "(none)",
			 g->ndocs ? g->docs[0].index : 0);
		snprintf(want, sizeof(want),
			 "rc %d, %zu errors: %d at %u:%u, %zu docs, k=%s@%u",
			 cases[i].code, cases[i].code ? (size_t)1 : 0,
			 cases[i].code, cases[i].line, cases[i].col,
			 cases[i].ndocs,
			 cases[i].text ? cases[i].text : "(none)",
			 cases[i].index);
		if (strcmp(got, want) != 0) {
			print_error("case %zu: got %s\n          want %s\n", i,
				    got, want);
			fails++;
		}
		/* a diagnostic says what, in which file */
		for (size_t k = 0; k < g->nerrs; k++) {
			if (g->errs[k].msg[0] == '\0' || !g->errs[k].path ||
			    strcmp(g->errs[k].path, "test.yaml") != 0) {
				print_error("case %zu: bad diag '%s'\n", i,
					    g->errs[k].msg);
				fails++;
			}
		}
	}
	assert_int_equal(fails, 0);
}

/* libyaml fills problem_value only for reader (encoding) errors, so a
 * scanner error must not name a character it never saw: the tab here. */
static void test_syntax_error_message(void **state)
{
	static const struct {
		const char *yaml;
		const char *has; /* the message contains this */
	} cases[] = {
		{"a: b: c\n", "mapping values are not allowed"},
		{"a:\n\tb: 1\n", "found character that cannot start any token"},
		{"k: x\n\tb: 1\n", "found a tab character that violates"},
		{"k: \"\\q\"\n", "found unknown escape character"},
	};
	struct got *g = *state;
	int fails = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(g);
		parse(g, cases[i].yaml);
		assert_int_equal(g->rc, HL_ERR_SYNTAX);
		assert_int_equal(g->nerrs, 1);
		const char *msg = g->errs[0].msg;
		if (!strstr(msg, cases[i].has) || strstr(msg, "(#x0)")) {
			print_error("'%s': message '%s'\n", cases[i].yaml, msg);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

static void test_stop_reading(void **state)
{
	struct got *g = *state;
	g->stop_after = 1;
	parse(g, "k: 1\n---\nk: 2\n---\nk: [\n");
	assert_int_equal(g->rc, HL_OK);
	assert_int_equal(g->ndocs, 1);
	assert_int_equal(g->nerrs, 0);
	assert_string_equal(g->docs[0].text, "1");
}

static void test_release_each(void **state)
{
	struct got *g = *state;
	struct hl_yaml_opts o;
	hl_yaml_opts_init(&o);
	o.release_each = true;
	parse_opts(g,
		   "k: one\nl: [1, 2, {m: &a x}]\nn: *a\n"
		   "---\nk: two\nmore: {<<: {z: 1}}\n"
		   "---\nk: [\n",
		   &o);
	assert_int_equal(g->rc, HL_ERR_SYNTAX);
	assert_int_equal(g->ndocs, 2);
	assert_string_equal(g->docs[0].text, "one");
	assert_string_equal(g->docs[1].text, "two");
	assert_int_equal(g->docs[1].index, 1);

	/* every document's nodes are gone once it was delivered */
	reset(g);
	parse_opts(g, "k: a\n---\nk: b\n", &o);
	assert_int_equal(g->rc, HL_OK);
	assert_int_equal(g->ndocs, 2);
	assert_string_equal(g->docs[1].text, "b");
	assert_null(g->arena.head);
	assert_int_equal(g->arena.used, 0);
}

/* Kept last: under ASan the bug it shows (yaml.c keeps a pointer into the
 * anchor table across its rehash) aborts the whole program. */
static void test_many_anchors_inside_anchor(void **state)
{
	struct got *g = *state;
	parse(g, "base: &base\n"
		 "  a: &a1 1\n  b: &a2 2\n  c: &a3 3\n  d: &a4 4\n"
		 "  e: &a5 5\n  f: &a6 6\n  g: &a7 7\n  h: &a8 8\n"
		 "  i: &a9 9\n  k: &a10 ten\n"
		 "use: *base\n");
	if (g->nerrs)
		print_error("error at %u:%u: %s\n", g->errs[0].line,
			    g->errs[0].col, g->errs[0].msg);
	assert_int_equal(g->nerrs, 0);
	assert_int_equal(g->rc, HL_OK);
	assert_int_equal(g->ndocs, 1);
	assert_string_equal(
		hl_node_text(at(&g->arena, g->docs[0].root, "use.k")), "ten");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_opts_init),
		T(test_multi_document_positions),
		T(test_utf8_columns),
		T(test_empty_streams),
		T(test_empty_document),
		T(test_block_scalar_separator),
		T(test_json),
		T(test_alias_node),
		T(test_resolved_values),
		T(test_merge_via_nodes),
		T(test_duplicate_keys),
		T(test_duplicate_limit),
		T(test_scalar_types),
		T(test_errors),
		T(test_syntax_error_message),
		T(test_stop_reading),
		T(test_release_each),
		T(test_many_anchors_inside_anchor),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
