/*
 * test_lint: one input through the pipeline: kinds, skipped files, errors
 * kept beside findings, findings sorted; and the small modules it leans
 * on: finding order and fingerprints, severity and target names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "engine/finding.h"
#include "engine/rules.h"
#include "hardlint.h"

struct run {
	struct hl_lint_options o;
	struct collected r;
};

static int setup(void **state)
{
	static struct run run;
	memset(&run, 0, sizeof(run));
	test_options_init(&run.o);
	*state = &run;
	return 0;
}

static int teardown(void **state)
{
	struct run *run = *state;
	collected_release(&run->r);
	return 0;
}

/* Lint `path` (a file) with the run's options into `c`. */
static void lint_file(struct run *run, const struct hl_input *in,
		      struct collected *c)
{
	struct hl_linter *l;
	assert_int_equal(hl_linter_new(&run->o, &l), HL_OK);
	struct hl_handler h = collector(c);
	hl_lint_input(l, in, &h);
	hl_linter_free(l);
}

static struct collected *lint(void **state, enum hl_kind kind,
			      const char *text)
{
	struct run *run = *state;
	collected_release(&run->r);
	struct hl_linter *l;
	assert_int_equal(hl_linter_new(&run->o, &l), HL_OK);
	struct hl_handler h = collector(&run->r);
	hl_lint_buffer(l, kind, "in", text, strlen(text), &h);
	hl_linter_free(l);
	return &run->r;
}

/* The kind comes from the caller, else from the content. */
static void test_kinds(void **state)
{
	struct collected *r = lint(state, HL_KIND_NONE, "FROM ubuntu\n");
	assert_int_equal(r->last.kind, HL_KIND_DOCKERFILE);
	assert_true(r->nfindings > 0);
	r = lint(state, HL_KIND_NONE,
		 "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: "
		 "a}]\n");
	assert_int_equal(r->last.kind, HL_KIND_KUBERNETES);
	assert_int_equal(r->last.objects, 1);
	assert_null(r->last.skipped);
}

/* YAML with no object is skipped; a named manifest that does not parse is
 * an error; findings of the documents around it are kept. */
static void test_skipped_and_errors(void **state)
{
	struct collected *r = lint(state, HL_KIND_KUBERNETES,
				   "replicas: 3\nimage: x\n");
	assert_non_null(r->last.skipped);
	assert_int_equal(r->nerrors, 0);
	r = lint(
		state, HL_KIND_KUBERNETES,
		"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
		"  - {name: a, image: x, securityContext: {privileged: true}}\n"
		"---\nkey: [unclosed\n"
		"---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
		"  - {name: b, image: y, securityContext: {privileged: "
		"true}}\n");
	assert_null(r->last.skipped);
	assert_int_equal(r->nerrors, 1);
	assert_int_equal(r->errors[0].code, HL_ERR_SYNTAX);
	assert_int_equal(r->errors[0].line, 8);
	assert_string_equal(r->errors[0].path, "in");
	assert_non_null(r->errors[0].excerpt);
	assert_int_equal(r->last.objects, 2);
	size_t privileged = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule->slug, "k8s-privileged"))
			privileged++;
	assert_int_equal(privileged, 2);
}

/* Findings come sorted by line, column, slug; their strings outlive the
 * per-document arenas they were made in. */
static void test_sorted(void **state)
{
	struct collected *r =
		lint(state, HL_KIND_KUBERNETES,
		     "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
		     "  containers:\n  - name: b\n    image: nginx\n"
		     "  - name: a\n    image: nginx:latest\n");
	assert_true(r->nfindings >= 4);
	for (size_t i = 1; i < r->nfindings; i++)
		assert_true(hl_finding_cmp(&r->findings[i - 1],
					   &r->findings[i]) <= 0);
	for (size_t i = 0; i < r->nfindings; i++) {
		assert_true(strlen(r->findings[i].message) > 0);
		assert_true(strlen(r->findings[i].object) > 0);
		assert_int_equal(strlen(r->findings[i].fingerprint), 16);
	}
}

static void test_finding_order(void **state)
{
	(void)state;
	const struct hl_rule_info *a = &hl_builtin_rules.rules[0].info;
	const struct hl_rule_info *b = &hl_builtin_rules.rules[1].info;
	struct hl_finding f[4];
	memset(f, 0, sizeof(f));
	f[0] = (struct hl_finding){.rule = b, .path = "b", .message = "m"};
	f[0].span.start = (struct hl_pos){1, 1};
	f[1] = (struct hl_finding){.rule = a, .path = "a", .message = "m"};
	f[1].span.start = (struct hl_pos){2, 1};
	f[2] = (struct hl_finding){.rule = b, .path = "a", .message = "m"};
	f[2].span.start = (struct hl_pos){1, 5};
	f[3] = (struct hl_finding){.rule = a, .path = "a", .message = "m"};
	f[3].span.start = (struct hl_pos){1, 5};
	hl_findings_sort(f, 4);
	assert_string_equal(f[0].path, "a");
	assert_ptr_equal(f[0].rule, strcmp(a->slug, b->slug) < 0 ? a : b);
	assert_int_equal(f[2].span.start.line, 2);
	assert_string_equal(f[3].path, "b");
	/* fingerprints: the same inputs, the same print; never the line */
	struct hl_finding x = {.rule = a, .path = "p", .object = "o"};
	struct hl_finding y = x;
	y.span.start.line = 99;
	hl_finding_fingerprint(&x, "w");
	hl_finding_fingerprint(&y, "w");
	assert_string_equal(x.fingerprint, y.fingerprint);
	y.object = "o2";
	hl_finding_fingerprint(&y, "w");
	assert_string_not_equal(x.fingerprint, y.fingerprint);
}

/* Two runs gave the same findings, in the same order, and errors. */
static void same(const struct collected *one, const struct collected *many)
{
	assert_int_equal(many->nfindings, one->nfindings);
	assert_int_equal(many->nerrors, one->nerrors);
	assert_int_equal(many->last.objects, one->last.objects);
	assert_int_equal(many->last.findings, one->last.findings);
	for (size_t i = 0; i < one->nfindings; i++) {
		const struct hl_finding *a = &one->findings[i],
					*b = &many->findings[i];
		assert_string_equal(a->path, b->path);
		assert_int_equal(a->span.start.line, b->span.start.line);
		assert_int_equal(a->span.start.col, b->span.start.col);
		assert_int_equal(a->span.end.line, b->span.end.line);
		assert_int_equal(a->stream_line, b->stream_line);
		assert_int_equal(a->source_line, b->source_line);
		assert_true(!a->source == !b->source);
		if (a->source)
			assert_string_equal(a->source, b->source);
		assert_string_equal(a->message, b->message);
		assert_string_equal(a->fingerprint, b->fingerprint);
	}
	for (size_t i = 0; i < one->nerrors; i++) {
		assert_int_equal(one->errors[i].line, many->errors[i].line);
		assert_int_equal(one->errors[i].col, many->errors[i].col);
		assert_string_equal(one->errors[i].message,
				    many->errors[i].message);
	}
}

/* A stream big enough to be split among threads gives, finding for
 * finding and error for error, what one thread gives; and what it should:
 * each privileged pod once, each broken document once, each `# Source:`
 * document under its template's name. Long: one stream, made once (it
 * takes a while), read in every way a split can go. */
static void test_parallel_split(void **state)
{
	struct run *run = *state;
	char path[] = "/tmp/hardlint-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	size_t docs = 0, privileged = 0, broken = 0, sourced = 0;
	long bytes = 0;
	while (bytes < (5L << 20)) {
		if (docs % 1501 == 1000) {
			/* an unclosed flow sequence: that document only */
			fputs("---\napiVersion: v1\nkind: Pod\nspec: [\n", f);
			broken++;
		} else if (docs % 901 == 17) {
			fprintf(f,
				"---\n# Source: c/templates/t%zu.yaml\n"
				"apiVersion: v1\nkind: Pod\nmetadata: "
				"{name: s%zu, namespace: n}\nspec:\n"
				"  containers:\n  - name: a\n    image: "
				"r.example/a:1\n    securityContext: "
				"{privileged: true}\n",
				docs, docs);
			privileged++;
			sourced++;
		} else {
			bool priv = docs % 7 == 3;
			fprintf(f,
				"---\napiVersion: v1\nkind: Pod\nmetadata:\n"
				"  name: p%zu\n  namespace: n\nspec:\n"
				"  containers:\n  - name: a\n"
				"    image: r.example/a:1\n"
				"    securityContext:\n"
				"      privileged: %s\n"
				"      note: |\n        --- not a separator\n"
				"        ...\n",
				docs, priv ? "true" : "false");
			privileged += priv;
		}
		docs++;
		bytes = ftell(f);
	}
	assert_int_equal(fclose(f), 0);

	struct hl_input in = {path, "big.yaml", HL_KIND_KUBERNETES, false, {0, 0}, NULL};
	struct collected one = {0}, many = {0};
	run->o.parallel_min = (size_t)2 << 20; /* split 5 MB, not 16 */
	run->o.map_files = true;		/* as the command does */
	/* k8s-privileged alone: few enough findings for the parts to keep
	 * all of theirs until they are joined */
	bool *enabled = calloc(hl_builtin_rules.nrules, sizeof(bool));
	assert_non_null(enabled);
	for (uint32_t i = 0; i < hl_builtin_rules.nrules; i++)
		enabled[i] = !strcmp(hl_builtin_rules.rules[i].info.slug,
				     "k8s-privileged");
	run->o.enabled = enabled;
	run->o.threads = 1;
	lint_file(run, &in, &one);
	run->o.threads = 4;
	lint_file(run, &in, &many);

	size_t prv = 0, src = 0;
	for (size_t i = 0; i < one.nfindings; i++) {
		if (strcmp(one.findings[i].rule->slug, "k8s-privileged"))
			continue;
		prv++;
		/* a file: its own path and line, the template beside */
		assert_string_equal(one.findings[i].path, "big.yaml");
		assert_int_equal(one.findings[i].stream_line, 0);
		if (one.findings[i].source) {
			assert_non_null(strstr(one.findings[i].source,
					       "c/templates/t"));
			assert_true(one.findings[i].source_line >= 1);
			src++;
		}
	}
	assert_int_equal(prv, privileged);
	assert_int_equal(src, sourced);
	assert_int_equal(one.nerrors, broken);
	assert_int_equal(one.last.objects, docs - broken);
	same(&one, &many);
	/* the same, read from memory (no mapping asked for) */
	struct collected mem = {0};
	run->o.map_files = false;
	lint_file(run, &in, &mem);
	run->o.map_files = true;
	same(&one, &mem);
	collected_release(&mem);
	/* every rule, the parts allowed 100 findings each: each waits for
	 * the parts before it to be out, then hands its findings over as
	 * they come; the same findings, in the same order, come out */
	run->o.enabled = NULL;
	struct collected all1 = {0}, all4 = {0};
	run->o.threads = 1;
	lint_file(run, &in, &all1);
	run->o.threads = 4;
	run->o.part_cap = 100;
	lint_file(run, &in, &all4);
	run->o.part_cap = 0;
	assert_true(all1.nfindings > 1000);
	same(&all1, &all4);
	/* many threads, many parts: 16 and 256 threads over parts of about
	 * 16 KB (a part's cut points are kept for as many parts as there
	 * are threads) */
	run->o.parallel_min = (size_t)32 << 10;
	static const unsigned many_threads[] = {16, 256};
	for (size_t t = 0; t < 2; t++) {
		struct collected r = {0};
		run->o.threads = many_threads[t];
		lint_file(run, &in, &r);
		same(&all1, &r);
		collected_release(&r);
	}
	/* the smallest split any caller may ask for (1 byte: parts of
	 * half a byte once divided by zero) */
	run->o.parallel_min = 1;
	run->o.threads = 4;
	struct collected tiny = {0};
	lint_file(run, &in, &tiny);
	same(&all1, &tiny);
	collected_release(&tiny);
	run->o.parallel_min = 0;
	collected_release(&all1);
	collected_release(&all4);
	collected_release(&one);
	collected_release(&many);
	free(enabled);
	unlink(path);
}

/* Every way a stream can be cut reads the same: directives (%YAML, %TAG)
 * before a separator, documents ended with ..., comments and # Source:
 * lines between documents, and errors just before and just after a
 * separator; cut every few kilobytes at shifting places, on 2, 4 and 16
 * threads, the findings and errors are those of one thread, in order. */
static void test_split_anywhere(void **state)
{
	struct run *run = *state;
	char path[] = "/tmp/hardlint-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	for (size_t d = 0; d < 1200; d++) {
		switch (d % 6) {
		case 0:
			fputs("%YAML 1.1\n# a comment among the directives\n"
			      "%TAG !e! tag:example.com,2000:\n",
			      f);
			break;
		case 1:
			fprintf(f, "# Source: chart/templates/t%zu.yaml\n", d);
			break;
		case 2:
			if (d % 5 == 2) /* broken just before a separator */
				fputs("---\nkind: Pod\nspec: [\n", f);
			break;
		default:
			break;
		}
		fprintf(f,
			"---\n%sapiVersion: v1\nkind: Pod\nmetadata: {name: "
			"p%zu}\nspec:\n  containers:\n  - name: a\n"
			"    image: r.example/a:1\n    securityContext: "
			"{privileged: %s}\n%s",
			d % 4 == 1 ? "# Source: chart/templates/in.yaml\n" : "",
			d, d % 3 ? "true" : "false",
			d % 6 == 0 ? "...\n" : "");
		if (d % 7 == 3) /* broken just after one */
			fputs("---\n  bad: [indent\n", f);
	}
	assert_int_equal(fclose(f), 0);
	struct hl_input in = {path, "s.yaml", HL_KIND_KUBERNETES, false, {0, 0}, NULL};
	struct collected one = {0};
	run->o.threads = 1;
	lint_file(run, &in, &one);
	assert_true(one.nfindings > 1000);
	assert_true(one.nerrors > 100);
	static const size_t mins[] = {(size_t)8 << 10, (size_t)11 << 10,
				      (size_t)17 << 10, (size_t)33 << 10};
	static const unsigned threads[] = {2, 4, 16};
	for (size_t m = 0; m < sizeof(mins) / sizeof(mins[0]); m++)
		for (size_t t = 0; t < 3; t++) {
			struct collected r = {0};
			run->o.parallel_min = mins[m];
			run->o.threads = threads[t];
			lint_file(run, &in, &r);
			same(&one, &r);
			collected_release(&r);
		}
	run->o.parallel_min = 0;
	run->o.threads = 1;
	collected_release(&one);
	unlink(path);
}

static void test_names(void **state)
{
	(void)state;
	enum hl_severity s;
	assert_true(hl_severity_parse("WARNING", &s));
	assert_int_equal(s, HL_SEV_WARNING);
	assert_false(hl_severity_parse("critical", &s));
	assert_string_equal(hl_severity_name(HL_SEV_INFO), "info");
	assert_true(HL_SEV_ERROR > HL_SEV_WARNING &&
		    HL_SEV_WARNING > HL_SEV_INFO && HL_SEV_INFO > HL_SEV_STYLE);
	enum hl_target t;
	assert_true(hl_target_parse("kubernetes", &t));
	assert_int_equal(t, HL_TARGET_KUBERNETES);
	assert_string_equal(hl_target_name(HL_TARGET_DOCKERFILE), "dockerfile");
	assert_string_equal(hl_strerror(HL_ERR_LIMIT), "limit exceeded");
	assert_string_equal(hl_strerror((enum hl_err)999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skipped_and_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_anywhere, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_parallel_split, setup,
						teardown),
		cmocka_unit_test(test_finding_order),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
