/*
 * test_api: the library through its one public header, as an embedding
 * program sees it: rules, loading, linting buffers and files, trees,
 * errors, mapping, and the promises (it never prints, never exits,
 * installs no signal handler). No private header is included here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "hardlint.h"

static struct hl_linter *linter(const struct hl_lint_options *o)
{
	struct hl_linter *l;
	assert_int_equal(hl_linter_new(o, &l), HL_OK);
	return l;
}

static void test_rules(void **state)
{
	(void)state;
	const struct hl_rules *rs = hl_rules_builtin();
	assert_true(hl_rules_count(rs) >= 17);
	for (size_t i = 0; i < hl_rules_count(rs); i++) {
		const struct hl_rule_info *r = hl_rules_get(rs, i);
		assert_non_null(r->id);
		assert_non_null(r->slug);
		assert_non_null(r->title);
		assert_non_null(r->view);
		if (i)
			assert_true(strcmp(hl_rules_get(rs, i - 1)->id, r->id) <
				    0);
	}
	assert_null(hl_rules_get(rs, hl_rules_count(rs)));
	size_t k = 99999;
	const struct hl_rule_info *r = hl_rules_find(rs, "DL3002", &k);
	assert_non_null(r);
	assert_string_equal(r->slug, "df-user-root");
	assert_ptr_equal(hl_rules_get(rs, k), r);
	assert_null(hl_rules_find(rs, "no-such-rule", NULL));
	assert_string_equal(hl_rules_suggest(rs, "df-user-rot"),
			    "df-user-root");
	assert_string_equal(hl_severity_name(r->severity), "warning");
	assert_string_equal(hl_target_name(r->target), "dockerfile");
	assert_int_equal(hl_kind_by_name("Containerfile"), HL_KIND_DOCKERFILE);
	assert_int_equal(hl_kind_by_name("x.yml"), HL_KIND_KUBERNETES);
	assert_int_equal(hl_kind_by_name("README"), HL_KIND_NONE);
	assert_true(strlen(hl_version()) >= 5);
}

/* A buffer in, findings out: sorted, with their rule, place, message and
 * fingerprint; the summary says what was linted. */
static void test_lint_buffer(void **state)
{
	(void)state;
	struct hl_lint_options o;
	test_options_init(&o);
	struct hl_linter *l = linter(&o);
	struct collected c = {0};
	struct hl_handler h = collector(&c);
	static const char df[] = "FROM node\nRUN sudo npm ci\n";
	hl_lint_buffer(l, HL_KIND_NONE, "web/Dockerfile", df, strlen(df), &h);
	assert_int_equal(c.inputs, 1);
	assert_int_equal(c.last.kind, HL_KIND_DOCKERFILE);
	assert_int_equal(c.last.findings, c.nfindings);
	assert_null(c.last.skipped);
	assert_true(c.nfindings >= 3);
	bool sudo = false;
	for (size_t i = 0; i < c.nfindings; i++) {
		const struct hl_finding *f = &c.findings[i];
		assert_string_equal(f->path, "web/Dockerfile");
		assert_int_equal(strlen(f->fingerprint), 16);
		if (!strcmp(f->rule->slug, "df-sudo")) {
			sudo = true;
			assert_int_equal(f->span.start.line, 2);
			assert_int_equal(f->span.start.col, 5);
		}
		if (i)
			assert_true(c.findings[i - 1].span.start.line <=
				    f->span.start.line);
	}
	assert_true(sudo);
	collected_release(&c);
	/* every callback may be absent */
	struct hl_handler none;
	memset(&none, 0, sizeof(none));
	hl_lint_buffer(l, HL_KIND_NONE, "x", df, strlen(df), &none);
	hl_linter_free(l);
}

/* A result keeps what handlers would have been given, in the same order,
 * as copies that outlive the calls, over several calls. */
static void test_result(void **state)
{
	(void)state;
	struct hl_lint_options o;
	test_options_init(&o);
	struct hl_linter *l = linter(&o);
	struct collected c = {0};
	struct hl_handler ch = collector(&c);
	struct hl_result res;
	hl_result_init(&res);
	struct hl_handler rh = hl_result_handler(&res);
	char df[] = "FROM node:$V\nRUN sudo npm ci\n";
	static const char bad[] = "apiVersion: v1\nkind: Pod\n  x: [\n";
	hl_lint_buffer(l, HL_KIND_NONE, "Dockerfile", df, strlen(df), &ch);
	hl_lint_buffer(l, HL_KIND_NONE, "Dockerfile", df, strlen(df), &rh);
	hl_lint_buffer(l, HL_KIND_NONE, "pod.yaml", bad, strlen(bad), &ch);
	hl_lint_buffer(l, HL_KIND_NONE, "pod.yaml", bad, strlen(bad), &rh);
	memset(df, 'x', strlen(df)); /* the copies are the result's own */
	assert_true(res.nfindings >= 2);
	assert_int_equal(res.nfindings, c.nfindings);
	for (size_t i = 0; i < res.nfindings; i++) {
		assert_ptr_equal(res.findings[i].rule, c.findings[i].rule);
		assert_string_equal(res.findings[i].message,
				    c.findings[i].message);
		assert_string_equal(res.findings[i].path, c.findings[i].path);
		assert_string_equal(res.findings[i].fingerprint,
				    c.findings[i].fingerprint);
	}
	assert_int_equal(res.nerrors, 1);
	assert_string_equal(res.errors[0].path, "pod.yaml");
	assert_int_equal(res.errors[0].line, c.errors[0].line);
	assert_int_equal(res.nunresolved, c.nunresolved);
	assert_true(res.nunresolved >= 1);
	assert_string_equal(res.unresolved[0].path, "Dockerfile");
	assert_int_equal(res.ninputs, 2);
	assert_string_equal(res.inputs[1].path, "pod.yaml");
	assert_int_equal(res.inputs[1].errors, 1);
	hl_result_release(&res);
	assert_null(res.findings);
	collected_release(&c);
	hl_linter_free(l);
}

/* Only the enabled rules run; an input that cannot be read is an error
 * through the handler, with its file:line:column. */
static void test_enabled_and_errors(void **state)
{
	(void)state;
	const struct hl_rules *rs = hl_rules_builtin();
	size_t k;
	assert_non_null(hl_rules_find(rs, "df-sudo", &k));
	bool *enabled = calloc(hl_rules_count(rs), sizeof(bool));
	assert_non_null(enabled);
	enabled[k] = true;
	struct hl_lint_options o;
	test_options_init(&o);
	o.enabled = enabled;
	struct hl_linter *l = linter(&o);
	struct collected c = {0};
	struct hl_handler h = collector(&c);
	static const char df[] = "FROM node\nRUN sudo npm ci\n";
	hl_lint_buffer(l, HL_KIND_DOCKERFILE, "D", df, strlen(df), &h);
	assert_int_equal(c.nfindings, 1);
	assert_string_equal(c.findings[0].rule->slug, "df-sudo");
	struct hl_input in = {"/no/such/file", "gone.yaml", HL_KIND_NONE,
			      false, {0, 0}, NULL};
	hl_lint_input(l, &in, &h);
	assert_int_equal(c.nerrors, 1);
	assert_int_equal(c.errors[0].code, HL_ERR_IO);
	assert_string_equal(c.errors[0].path, "gone.yaml");
	assert_int_equal(c.errors[0].line, 1);
	assert_int_equal(c.last.errors, 1);
	static const char bad[] = "apiVersion: v1\nkind: Pod\nspec: [\n";
	hl_lint_buffer(l, HL_KIND_KUBERNETES, "p.yaml", bad, strlen(bad), &h);
	assert_int_equal(c.nerrors, 2);
	assert_int_equal(c.errors[1].code, HL_ERR_SYNTAX);
	assert_non_null(c.errors[1].excerpt);
	hl_linter_free(l);
	collected_release(&c);
	free(enabled);
}

/* Rules loaded beside the built-in ones run like them; a broken rule
 * file is an error with its file:line:column, and nothing is loaded. */
static void test_loader(void **state)
{
	(void)state;
	static const char rule[] =
		"id: ACME1\nslug: acme-busybox\ntitle: no busybox\n"
		"severity: error\ntarget: kubernetes\nfor-each: image\n"
		"when:\n  - path: repository\n    matches: busybox$\n"
		"message: \"busybox in {container}\"\n";
	struct hl_loader *L = hl_loader_new();
	assert_true(hl_loader_add_text(L, rule, strlen(rule), "acme.yaml"));
	const struct hl_rules *rs = hl_loader_finish(L);
	assert_non_null(rs);
	assert_int_equal(hl_rules_count(rs),
			 hl_rules_count(hl_rules_builtin()) + 1);
	struct hl_lint_options o;
	test_options_init(&o);
	o.rules = rs;
	struct hl_linter *l = linter(&o);
	struct collected c = {0};
	struct hl_handler h = collector(&c);
	static const char pod[] =
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
		"  containers:\n  - name: box\n    image: busybox:1.36\n";
	hl_lint_buffer(l, HL_KIND_NONE, "pod.yaml", pod, strlen(pod), &h);
	bool seen = false;
	for (size_t i = 0; i < c.nfindings; i++)
		if (!strcmp(c.findings[i].rule->slug, "acme-busybox")) {
			seen = true;
			assert_string_equal(c.findings[i].message,
					    "busybox in box");
			assert_string_equal(c.findings[i].rule->file,
					    "acme.yaml");
		}
	assert_true(seen);
	hl_linter_free(l);
	collected_release(&c);
	hl_loader_free(L);

	static const char broken[] = "id: ACME2\nslug: acme-two\ntitel: x\n";
	L = hl_loader_new();
	assert_false(hl_loader_add_text(L, broken, strlen(broken), "b.yaml"));
	assert_null(hl_loader_finish(L));
	const struct hl_error *errs;
	size_t n = hl_loader_errors(L, &errs);
	assert_true(n >= 1);
	/* in the order of their places: the misspelt key at 3:1 is there */
	size_t k = 0;
	while (k < n && !strstr(errs[k].message, "did you mean 'title'"))
		k++;
	assert_true(k < n);
	assert_int_equal(errs[k].code, HL_ERR_RULE);
	assert_string_equal(errs[k].path, "b.yaml");
	assert_int_equal(errs[k].line, 3);
	assert_int_equal(errs[k].col, 1);
	for (size_t i = 1; i < n; i++)
		assert_true(errs[i - 1].line < errs[i].line ||
			    (errs[i - 1].line == errs[i].line &&
			     errs[i - 1].col <= errs[i].col));
	hl_loader_free(L);
}

struct trees {
	size_t n;
	char first[64];
	size_t pairs;
};

static void on_tree(void *ctx, const char *path, const struct hl_node *root)
{
	struct trees *t = ctx;
	t->n++;
	(void)path;
	assert_int_equal(hl_tree_kind(root), HL_TREE_MAP);
	t->pairs = hl_tree_count(root);
	size_t len;
	const char *k = hl_tree_text(hl_tree_key(root, 0), &len);
	snprintf(t->first, sizeof(t->first), "%.*s", (int)len, k);
	const struct hl_node *v = hl_tree_value(root, 0);
	assert_int_equal(hl_tree_kind(v), HL_TREE_SCALAR);
	assert_true(hl_tree_known(v));
	/* the second document's lines are the stream's */
	assert_int_equal(hl_tree_span(v).start.line, t->n == 1 ? 1 : 4);
}

/* Asked for trees, the library hands each document's tree over instead
 * of checking it. */
static void test_trees(void **state)
{
	(void)state;
	struct hl_lint_options o;
	test_options_init(&o);
	o.dump = true;
	struct hl_linter *l = linter(&o);
	struct trees t = {0, "", 0};
	struct hl_handler h;
	memset(&h, 0, sizeof(h));
	h.ctx = &t;
	h.tree = on_tree;
	static const char two[] = "apiVersion: v1\nkind: A\n---\n"
				  "apiVersion: v1\nkind: B\nx: [1, 2]\n";
	hl_lint_buffer(l, HL_KIND_KUBERNETES, "s.yaml", two, strlen(two), &h);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.first, "apiVersion");
	assert_int_equal(t.pairs, 3);
	hl_linter_free(l);
}

struct maps {
	size_t made, gone;
};

static void on_map(void *ctx, const void *base, size_t len, const char *path)
{
	struct maps *m = ctx;
	assert_non_null(base);
	assert_string_equal(path, "big.yaml");
	if (len)
		m->made++;
	else
		m->gone++;
}

/* Files are read, not mapped, unless the caller asks; then it is told of
 * each mapping made and gone. No signal handler is installed either way.
 */
static void test_mapping_is_opt_in(void **state)
{
	(void)state;
	char path[] = "/tmp/hardlint-api-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	for (int i = 0; i < 30000; i++)
		fprintf(f,
			"---\napiVersion: v1\nkind: ConfigMap\n"
			"metadata: {name: c%d, namespace: n}\n",
			i);
	assert_int_equal(fclose(f), 0);
	struct sigaction before, after;
	sigaction(SIGBUS, NULL, &before);
	struct maps m = {0, 0};
	struct hl_lint_options o;
	test_options_init(&o);
	o.on_map = on_map;
	o.map_ctx = &m;
	struct hl_input in = {path, "big.yaml", HL_KIND_NONE, false, {0, 0}, NULL};
	struct collected c = {0};
	struct hl_handler h = collector(&c);
	struct hl_linter *l = linter(&o);
	hl_lint_input(l, &in, &h);
	hl_linter_free(l);
	assert_int_equal(m.made, 0);
	assert_int_equal(c.last.objects, 30000);
	o.map_files = true;
	l = linter(&o);
	hl_lint_input(l, &in, &h);
	hl_linter_free(l);
	assert_int_equal(m.made, 1);
	assert_int_equal(m.gone, 1);
	assert_int_equal(c.last.objects, 30000);
	sigaction(SIGBUS, NULL, &after);
	assert_ptr_equal((void *)after.sa_handler, (void *)before.sa_handler);
	collected_release(&c);
	unlink(path);
}

/* The library never prints: a run full of errors and findings writes
 * nothing to standard output or standard error. */
static void test_never_prints(void **state)
{
	(void)state;
	fflush(NULL);
	int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
	char path[] = "/tmp/hardlint-api-out-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	struct hl_lint_options o;
	test_options_init(&o);
	o.match_limit = 1;
	struct hl_linter *l = linter(&o);
	struct collected c = {0};
	struct hl_handler h = collector(&c);
	static const char bad[] =
		"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: "
		"a\n    env: [{name: DB_URL, value: 'postgres://u:pw@h/d'}]\n"
		"---\n{{ .Values.x }}\n---\nkey: [\n";
	hl_lint_buffer(l, HL_KIND_KUBERNETES, "x.yaml", bad, strlen(bad), &h);
	static const char df[] = "FROM a\nRUNN x\nUSER ${U}\n";
	hl_lint_buffer(l, HL_KIND_DOCKERFILE, "D", df, strlen(df), &h);
	struct hl_input gone = {"/no/such", "gone", HL_KIND_NONE, false, {0, 0}, NULL};
	hl_lint_input(l, &gone, &h);
	hl_linter_free(l);
	fflush(NULL);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	off_t size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	assert_true(c.nerrors >= 2);
	assert_true(c.nfindings >= 1);
	assert_int_equal(size, 0);
	collected_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_lint_buffer),
		cmocka_unit_test(test_result),
		cmocka_unit_test(test_enabled_and_errors),
		cmocka_unit_test(test_loader),
		cmocka_unit_test(test_trees),
		cmocka_unit_test(test_mapping_is_opt_in),
		cmocka_unit_test(test_never_prints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
