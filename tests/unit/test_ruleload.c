/*
 * test_ruleload: the built-in catalogue is complete and consistent, the
 * loader compiles rules/ to the same set at run time, and errors in rule
 * text name their line and column.
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

#include "cli/discover.h"
#include "engine/ruleload.h"
#include "engine/rules.h"
#include "engine/typecheck.h"
#include "engine/views.h"

/* Every built-in rule has what SARIF and the docs will need. */
static void test_builtin_metadata(void **state)
{
	(void)state;
	const struct hl_rules *rs = &hl_builtin_rules;
	assert_true(rs->nrules >= 10);
	for (uint32_t i = 0; i < rs->nrules; i++) {
		const struct hl_rule *r = &rs->rules[i];
		assert_non_null(r->info.id);
		assert_non_null(r->info.slug);
		assert_non_null(r->info.title);
		assert_non_null(r->info.message);
		assert_non_null(r->info.fix);
		assert_non_null(r->info.description);
		assert_non_null(r->info.file);
		assert_true(r->info.nrefs > 0);
		assert_non_null(hl_views_get((size_t)r->view));
		assert_int_equal(hl_views_get((size_t)r->view)->target,
				 r->info.target);
		assert_int_equal(r->when->op, HL_OP_ALL);
		if (i > 0)
			assert_true(strcmp(rs->rules[i - 1].info.id,
					   r->info.id) < 0);
		for (uint32_t k = 0; k < i; k++)
			assert_string_not_equal(rs->rules[k].info.slug,
						r->info.slug);
		/* ids and slugs follow the catalogue's scheme */
		assert_true(r->info.id[0] == 'H' && r->info.id[1] == 'L');
		assert_true(!strncmp(
			r->info.slug,
			r->info.target == HL_TARGET_DOCKERFILE ? "df-" : "k8s-",
			r->info.target == HL_TARGET_DOCKERFILE ? 3 : 4));
	}
}

static void test_find(void **state)
{
	(void)state;
	const struct hl_rules *rs = &hl_builtin_rules;
	assert_string_equal(hl_rules_find(rs, "df-user-root", NULL)->id,
			    "HL1001");
	assert_string_equal(hl_rules_find(rs, "hl1001", NULL)->slug,
			    "df-user-root");
	assert_string_equal(hl_rules_find(rs, "DL3002", NULL)->slug,
			    "df-user-root");
	assert_null(hl_rules_find(rs, "nope", NULL));
	assert_string_equal(hl_rules_suggest(rs, "df-user-rot"),
			    "df-user-root");
	assert_string_equal(hl_rules_suggest(rs, "privileged"),
			    "k8s-privileged");
	assert_null(hl_rules_suggest(rs, "zzzzzzzzzz"));
	/* the lists that mask echoed source say so in their files */
	size_t masking = 0;
	for (uint32_t i = 0; i < rs->nlists; i++)
		masking += rs->lists[i].mask;
	assert_int_equal(masking, 2);
}

static void add_rule_file(const char *fspath, const char *rel,
			  const struct hl_file_id *id, bool linked, void *ctx)
{
	(void)id;
	(void)linked;
	size_t n = strlen(rel);
	if (n > 5 && !strcmp(rel + n - 5, ".yaml"))
		assert_true(hl_loader_add_file(ctx, fspath, rel));
}

/* Loading rules/ at run time gives the built-in set. */
static void test_runtime_load_matches_builtin(void **state)
{
	(void)state;
	struct hl_loader *L = hl_loader_new_from(NULL);
	hl_walk_tree(HL_SOURCE_DIR "/rules", NULL, add_rule_file, NULL, NULL,
		     L);
	const struct hl_rules *rs = hl_loader_finish(L);
	assert_non_null(rs);
	assert_int_equal(rs->nrules, hl_builtin_rules.nrules);
	assert_int_equal(rs->nlists, hl_builtin_rules.nlists);
	assert_int_equal(rs->npatterns, hl_builtin_rules.npatterns);
	for (uint32_t i = 0; i < rs->nrules; i++) {
		assert_string_equal(rs->rules[i].info.slug,
				    hl_builtin_rules.rules[i].info.slug);
		assert_string_equal(rs->rules[i].info.message,
				    hl_builtin_rules.rules[i].info.message);
		assert_int_equal(rs->rules[i].when->nkids,
				 hl_builtin_rules.rules[i].when->nkids);
	}
	hl_loader_free(L);
}

/* Errors in rule text: message and line:column. */
static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *want; /* "line:col message-prefix" */
	} cases[] = {
		{"id: A\nslug: a\ntitle: t\nseverity: info\ntarget: "
		 "dockerfile\n"
		 "for-each: stage\nmessage: m\nfixx: f\n",
		 "8:1 unknown key 'fixx' in rule (did you mean 'fix'?)"},
		{"id: A\nslug: a\ntitle: t\nseverity: info\ntarget: docker\n"
		 "for-each: stage\nmessage: m\n",
		 "5:9 'target' must be one of dockerfile, kubernetes"},
		{"id: A\nslug: a\ntitle: [t]\nseverity: info\ntarget: "
		 "dockerfile\n"
		 "for-each: stage\nmessage: m\n",
		 "3:8 'title' must be a string, not a list"},
		{"id: A\nslug: a\ntitle: t\nseverity: info\ntarget: "
		 "dockerfile\n"
		 "for-each: stage\nmessage: m\nwhen:\n  - {path: final, "
		 "exists: maybe}\n",
		 "9:27 'exists' must be true or false"},
		{"id: A\nslug: a\ntitle: t\nseverity: info\ntarget: "
		 "dockerfile\n"
		 "for-each: stage\nmessage: m\nwhen:\n  - {path: '[x]', "
		 "exists: true}\n",
		 "9:13 invalid path '[x]'"},
		{"list: l\nvalues: [a]\npatterns:\n  - {name: n, regex: "
		 "'a{2,1}'}\n",
		 "4:28 invalid regex: "},
		{"id: A\nid: B\n", "2:1 key 'id' given twice"},
		{"- a\n- b\n", "1:1 a rule or list file must be a mapping"},
		{"id: A\nslug: a\n  bad: indent\n",
		 "3:6 mapping values are not allowed"},
		/* a rule file's limits are not the manifest options */
		{"id: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		 "[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
		 "]"
		 "]]]]]]]]]]]]]]]]]\n",
		 "1:68 nesting deeper than 64 levels; file not loaded"},
		{"id: &a A\nslug: *a\n",
		 "1:5 anchors and aliases are not allowed"},
		{"id: A\n<<: {slug: a, title: t}\n",
		 "2:1 merge keys (<<) are not allowed here"},
		/* what a condition compares must be able to hold: a literal
		 * its field can take, a scalar, not a record or a list */
#define STAGE_RULE                                                     \
	"id: A\nslug: a\ntitle: t\nseverity: info\ntarget: dockerfile\n" \
	"for-each: stage\nmessage: m\nwhen:\n"
		{STAGE_RULE "  - {path: final, equals: maybe}\n",
		 "9:27 'final' is a boolean: it never equals 'maybe'"},
		{STAGE_RULE "  - {path: index, equals: \"zero\"}\n",
		 "9:27 'index' is an integer: it never equals 'zero'"},
		{STAGE_RULE "  - {path: index, in: [1, two]}\n",
		 "9:27 'index' is an integer: it never equals 'two'"},
		{STAGE_RULE "  - {path: shell, equals: sh}\n",
		 "9:12 'shell' is a list [string], not a value"},
		{STAGE_RULE "  - {path: base, matches: x}\n",
		 "9:12 'base' is image, not a value"},
#undef STAGE_RULE
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_loader *L = hl_loader_new();
		hl_loader_add_text(L, cases[i].text, strlen(cases[i].text),
				   "r.yaml");
		hl_loader_finish(L);
		size_t n;
		const struct hl_diag *d = hl_loader_diags(L, &n);
		if (n == 0)
			fail_msg("case %zu: no error", i);
		char got[512];
		snprintf(got, sizeof(got), "%u:%u %s", d[0].line, d[0].col,
			 d[0].message);
		if (strncmp(got, cases[i].want, strlen(cases[i].want)))
			fail_msg("case %zu: got '%s', want '%s...'", i, got,
				 cases[i].want);
		assert_string_equal(d[0].path, "r.yaml");
		assert_int_equal(d[0].code, HL_ERR_RULE);
		hl_loader_free(L);
	}
}

/* A rule file over 1 MiB: its own limit, not --max-file-size's. */
static void test_rule_file_too_big(void **state)
{
	(void)state;
	char path[] = "/tmp/hl-rule-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static char chunk[4096];
	memset(chunk, '#', sizeof(chunk));
	for (int i = 0; i < 300; i++)
		assert_int_equal(write(fd, chunk, sizeof(chunk)),
				 (ssize_t)sizeof(chunk));
	close(fd);
	struct hl_loader *L = hl_loader_new();
	assert_false(hl_loader_add_file(L, path, "big.yaml"));
	hl_loader_finish(L);
	unlink(path);
	size_t n;
	const struct hl_diag *d = hl_loader_diags(L, &n);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].message,
			    "a rule or list file larger than the limit of "
			    "1048576 bytes (1 MiB); not loaded");
	hl_loader_free(L);
}

/* Rules may use the built-in lists and their own parameters. */
static void test_parameters_and_lists(void **state)
{
	(void)state;
	const char *text =
		"id: P1\nslug: p-one\ntitle: t\nseverity: info\n"
		"target: kubernetes\nfor-each: container\nmessage: m\n"
		"parameters:\n  - name: allowed\n    values: [a, b]\n"
		"when:\n  - not: {path: name, in-list: allowed}\n"
		"  - {path: name, words-in: secret-words}\n";
	struct hl_loader *L = hl_loader_new();
	assert_true(hl_loader_add_text(L, text, strlen(text), "p.yaml"));
	const struct hl_rules *rs = hl_loader_finish(L);
	assert_non_null(rs);
	const struct hl_rule *r = hl_rule_of(hl_rules_find(rs, "p-one", NULL));
	assert_non_null(r);
	assert_int_equal(r->nparams, 1);
	assert_string_equal(rs->lists[r->params[0].list].name, "p-one.allowed");
	assert_int_equal(rs->lists[r->params[0].list].nvalues, 2);
	/* the built-ins are still there */
	assert_non_null(hl_rules_find(rs, "df-user-root", NULL));
	hl_loader_free(L);
}

/* Paths walked through the types of what they reach: what exists loads
 * (and reaches its type), what does not is refused with a hint. */
static void test_typecheck(void **state)
{
	(void)state;
	static const struct {
		const char *type, *path;
		const char *reached; /* NULL: refused */
		const char *hint;    /* part of the message, when refused */
	} cases[] = {
		{"container", "effective.capabilities.drop[*]", "string", NULL},
		{"container", "image", "string", NULL},
		{"container", "securityContext.seccompProfile.type", "string",
		 NULL},
		{"container", "imagePulPolicy", NULL, "'imagePullPolicy'"},
		{"container", "resources.limits.cpu", "quantity", NULL},
		{"container", "resources.limits.anything", "quantity", NULL},
		{"container", "pod.hostPID", "boolean", NULL},
		{"container", "pod.object.metadata.annotations.\"a/b\"",
		 "string", NULL},
		{"container", "pod.object.spec.x.y", "object", NULL},
		/* below an object's own fields: any key, but a near miss of
		 * one Kubernetes knows is a misspelling; quoted, as written */
		{"Object", "spec.template.spec.hostNetwork", "object", NULL},
		{"Object", "spec.jobTemplate.spec.template.spec.hostNetwrk", NULL,
		 "'hostNetwork'"},
		{"Object", "spec.templte", NULL, "'template'"},
		{"Object", "spec.Template", NULL, "'template'"},
		{"Object", "spec.\"Template\"", "object", NULL},
		{"Object", "spec.myCustomField.deep", "object", NULL},
		{"container", "pod.object.kidn", NULL, "'kind'"},
		{"container", "name.x", NULL, "nothing is below it"},
		{"container", "env.name", NULL, "write [*]"},
		{"container", "env[0].valueFrom.secretKeyRef.key", "string",
		 NULL},
		{"container", "image[*]", NULL, "nothing is below it"},
		{"container", "securityContext[0]", NULL, "not a list"},
		{"env", "valueFrom.secretKeyRef.name", "string", NULL},
		{"env", "secretRef.name", "string", NULL},
		{"env", "container-kind", "string", NULL},
		{"pod", "securityContext.capabilities.drop", "[string]", NULL},
		{"pod", "securityContext.privilegd", NULL, "'privileged'"},
		{"volume", "hostPath.path", "string", NULL},
		{"volume", "mounts[*].readOnly", "boolean", NULL},
		{"volume", "mounts[*].container", "string", NULL},
		{"Object", "rules[*].verbs[*]", "string", NULL},
		{"Object", "subjects[*].kind", "string", NULL},
		{"Object", "roleRef.nmae", NULL, "'name'"},
		{"stage", "base.tag", "string", NULL},
		{"stage", "instructions[*].commands[*].output-run-by[0]",
		 "string", NULL},
		{"stage", "env.PATH", "string", NULL},
		{"stage", "from.flags.platform", "string", NULL},
		{"stage", "basee", NULL, "'base'"},
		{"run-command", "redirects[*].target", "string", NULL},
		{"package-install", "packages[*].version", "string", NULL},
		{"package-install", "command.program", "string", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_arena a;
		hl_arena_init(&a);
		struct hl_path p;
		size_t off;
		assert_true(hl_path_parse(&a, cases[i].path, &p, &off));
		const char *msg = NULL, *reached = NULL;
		bool ok = hl_typecheck(&a, cases[i].type, &p, &msg, &off,
				       &reached);
		if (ok != (cases[i].reached != NULL))
			fail_msg("%s %s: %s", cases[i].type, cases[i].path,
				 ok ? "loaded" : msg);
		if (ok && strcmp(reached, cases[i].reached))
			fail_msg("%s %s: reached %s, want %s", cases[i].type,
				 cases[i].path, reached, cases[i].reached);
		if (!ok && !strstr(msg, cases[i].hint))
			fail_msg("%s %s: '%s' does not say %s", cases[i].type,
				 cases[i].path, msg, cases[i].hint);
		hl_arena_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typecheck),
		cmocka_unit_test(test_builtin_metadata),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_runtime_load_matches_builtin),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_rule_file_too_big),
		cmocka_unit_test(test_parameters_and_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
