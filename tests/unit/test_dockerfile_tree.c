/*
 * Unit tests for the generic tree of a Dockerfile (hl_dockerfile_tree),
 * what --dump-ast prints and hl_map_get reads.
 */
#include "dfcheck.h"

/* ------------------------------------------------------------------ */
/* The AST                                                            */

enum expect { TEXT, UNKNOWN, ABSENT, TRUE, FALSE, COUNT };

#define DIGEST    \
	"sha256:" \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char tree_df[] = "FROM alpine:3.20 AS build\n"
			      "USER $NOPE\n"
			      "FROM build\n"
			      "RUN x\n"
			      "FROM scratch\n"
			      "COPY --from=gcr.io/p/app@" DIGEST " /a /b\n"
			      "COPY --from=build /c /d\n";

/* Each path of the tree of tree_df, and what it holds. Long: a table of
 * cases, one a line, and the loop that checks them. */
static void test_tree(void **state)
{
	static const struct {
		const char *in;
		const char *path;
		enum expect expect;
		const char *text; /* TEXT; COUNT: the count in decimal */
	} cases[] = {
		{tree_df, "kind", TEXT, "Dockerfile"},
		{tree_df, "escape", TEXT, "\\"},
		{tree_df, "syntax", ABSENT, NULL},
		{tree_df, "stages", COUNT, "3"},
		{tree_df, "images", COUNT, "4"},
		{tree_df, "instructions", COUNT, "7"},
		{tree_df, "problems", COUNT, "0"},
		/* stages */
		{tree_df, "stages[0].index", TEXT, "0"},
		{tree_df, "stages[0].name", TEXT, "build"},
		{tree_df, "stages[0].final", FALSE, NULL},
		{tree_df, "stages[1].final", FALSE, NULL},
		{tree_df, "stages[2].final", TRUE, NULL},
		{tree_df, "stages[0].user", UNKNOWN, NULL},
		{tree_df, "stages[1].user", UNKNOWN, NULL},
		{tree_df, "stages[2].user", ABSENT, NULL},
		{tree_df, "stages[1].parent", TEXT, "0"},
		{tree_df, "stages[0].parent", ABSENT, NULL},
		{tree_df, "stages[1].name", ABSENT, NULL},
		{tree_df, "stages[0].instructions", COUNT, "2"},
		{tree_df, "stages[2].instructions", COUNT, "3"},
		{tree_df, "stages[2].from.cmd", TEXT, "FROM"},
		{tree_df, "stages[1].base.ref", TEXT, "build"},
		/* images */
		{tree_df, "images[0].ref", TEXT, "alpine:3.20"},
		{tree_df, "images[0].registry", TEXT, "docker.io"},
		{tree_df, "images[0].repository", TEXT, "library/alpine"},
		{tree_df, "images[0].tag", TEXT, "3.20"},
		{tree_df, "images[0].digest", ABSENT, NULL},
		{tree_df, "images[0].scratch", FALSE, NULL},
		{tree_df, "images[0].source", TEXT, "from"},
		{tree_df, "images[0].stage", ABSENT, NULL},
		{tree_df, "images[1].ref", TEXT, "build"},
		{tree_df, "images[1].stage", TEXT, "0"},
		{tree_df, "images[1].registry", ABSENT, NULL},
		{tree_df, "images[2].ref", TEXT, "scratch"},
		{tree_df, "images[2].scratch", TRUE, NULL},
		{tree_df, "images[3].ref", TEXT, "gcr.io/p/app@" DIGEST},
		{tree_df, "images[3].registry", TEXT, "gcr.io"},
		{tree_df, "images[3].repository", TEXT, "p/app"},
		{tree_df, "images[3].tag", ABSENT, NULL},
		{tree_df, "images[3].digest", TEXT, DIGEST},
		{tree_df, "images[3].source", TEXT, "copy-from"},
		{tree_df, "images[3].in-stage", TEXT, "2"},
		/* instructions */
		{tree_df, "instructions[1].cmd", TEXT, "USER"},
		{tree_df, "instructions[5].flags.from", TEXT,
		 "gcr.io/p/app@" DIGEST},
		{tree_df, "instructions[5].argv", COUNT, "2"},
		{tree_df, "instructions[5].form", TEXT, "shell"},
		/* others */
		{"ARG V=20\nFROM node:${V}", "images[0].resolved", TEXT,
		 "node:20"},
		{"ARG V=20\nFROM node:${V}", "images[0].display", TEXT,
		 "'node:${V}' (node:20)"},
		{"ARG V=20\nFROM node:${V}", "images[0].known", TRUE, NULL},
		{"ARG V=20\nFROM node:${V}", "images[0].valid", TRUE, NULL},
		{"ARG V=20\nFROM node:${V}", "images[0].tag", TEXT, "20"},
		{"FROM a:${NOPE}", "images[0].known", FALSE, NULL},
		{"FROM a:${NOPE}", "images[0].resolved", ABSENT, NULL},
		{"from a\nonbuild run --network=none x",
		 "instructions[0].keyword", TEXT, "from"},
		{"from a\nonbuild run --network=none x", "instructions[0].cmd",
		 TEXT, "FROM"},
		{"from a\nonbuild run --network=none x",
		 "instructions[1].stage", TEXT, "0"},
		{"from a\nonbuild run --network=none x",
		 "instructions[1].onbuild.cmd", TEXT, "RUN"},
		{"from a\nonbuild run --network=none x",
		 "instructions[1].onbuild.flags.network", TEXT, "none"},
		{"FROM a\nCOPY --link a b", "instructions[1].flags.link", TRUE,
		 NULL},
		{"FROM a\nCOPY --link a b", "instructions[1].argv[1]", TEXT,
		 "b"},
		{"FROM a\nUSER app", "stages[0].user", TEXT, "app"},
		{"FROM a\nUSER app", "stages[0].final", TRUE, NULL},
		{"FROM a:${NOPE}", "images[0].tag", UNKNOWN, NULL},
		{"FROM a:${NOPE}", "images[0].ref", UNKNOWN, NULL},
		{"FROM a:${NOPE}", "images[0].repository", TEXT, "library/a"},
		{"ARG T=1\nFROM a:$T", "images[0].tag", TEXT, "1"},
		{"ARG T=1\nFROM a:$T", "images[0].ref", TEXT, "a:$T"},
		{"# syntax=docker/dockerfile:1\n# escape=`\nFROM a", "syntax",
		 TEXT, "docker/dockerfile:1"},
		{"# syntax=docker/dockerfile:1\n# escape=`\nFROM a", "escape",
		 TEXT, "`"},
		{"FROM a\nCMD [\"x\"]", "instructions[1].form", TEXT, "exec"},
		{"FROM a\nFOO x", "problems", COUNT, "1"},
		{"FROM a\nFOO x", "problems[0].message", TEXT,
		 "unknown instruction 'FOO'"},
		{"", "stages", COUNT, "0"},
		{"", "kind", TEXT, "Dockerfile"},
	};
	int bad = 0;
	struct fx *f = *state;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		struct hl_node *root = hl_dockerfile_tree(df, &f->a);
		struct hl_path path;
		size_t err_off = 0;
		assert_true(
			hl_path_parse(&f->a, cases[i].path, &path, &err_off));
		const struct hl_node *n = hl_path_first(root, &path, NULL);
		char what[96];
		snprintf(what, sizeof(what), "%s", cases[i].path);
		if (cases[i].expect == ABSENT) {
			bad += !check_int(in, what, n == NULL, 1);
			continue;
		}
		if (!check_int(in, what, n != NULL, 1)) {
			bad++;
			continue;
		}
		char count[24];
		switch (cases[i].expect) {
		case TEXT:
			bad += !check_str(in, what, hl_node_text(n),
					  cases[i].text);
			break;
		case UNKNOWN:
			bad += !check_int(
				in, what,
				n->kind == HL_NODE_SCALAR &&
					(n->flags & HL_NODE_UNKNOWN) &&
					!hl_node_text(n),
				1);
			break;
		case TRUE:
		case FALSE:
			bad += !check_int(in, what,
					  n->kind == HL_NODE_SCALAR &&
						  n->u.scalar.type ==
							  HL_SCALAR_BOOL,
					  1);
			bad += !check_int(in, what, hl_node_is_true(n),
					  cases[i].expect == TRUE);
			break;
		case COUNT:
			snprintf(count, sizeof(count), "%zu",
				 hl_node_is_seq(n) ? n->u.seq.count : 9999);
			bad += !check_str(in, what, count, cases[i].text);
			break;
		case ABSENT:
			break;
		}
	}
	assert_int_equal(bad, 0);
}

/* hl_map_get on the root and a stage, as rules read them. */
static void test_tree_map_get(void **state)
{
	struct fx *f = *state;
	struct hl_dockerfile *df =
		parse(state, "FROM alpine AS a\nUSER app\nFROM a AS b\n");
	struct hl_node *root = hl_dockerfile_tree(df, &f->a);
	assert_true(hl_node_is_map(root));
	assert_string_equal(hl_node_text(hl_map_get(root, "kind")),
			    "Dockerfile");
	const struct hl_node *stages = hl_map_get(root, "stages");
	assert_true(hl_node_is_seq(stages));
	assert_int_equal(stages->u.seq.count, 2);
	const struct hl_node *b = stages->u.seq.items[1];
	assert_string_equal(hl_node_text(hl_map_get(b, "name")), "b");
	assert_string_equal(hl_node_text(hl_map_get(b, "user")), "app");
	assert_true(hl_node_is_true(hl_map_get(b, "final")));
	assert_false(
		hl_node_is_true(hl_map_get(stages->u.seq.items[0], "final")));
	/* the user node points at the USER word it came from, in stage a */
	const struct hl_node *u = hl_map_get(b, "user");
	assert_int_equal(u->span.start.line, 2);
	assert_int_equal(u->span.start.col, 6);
	/* the stage name keeps its place */
	const struct hl_node *name = hl_map_get(b, "name");
	assert_int_equal(name->span.start.line, 3);
	assert_int_equal(name->span.start.col, 11);
	assert_null(hl_map_get(root, "no-such-key"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_tree),
		T(test_tree_map_get),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
