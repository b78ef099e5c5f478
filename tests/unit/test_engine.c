/*
 * test_engine: predicate semantics, witnesses and messages, through rules
 * loaded from inline text and run on inline documents.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine/engine.h"
#include "lint.h"
#include "engine/match.h"
#include "engine/ruleload.h"

/* Lint `doc` (of `kind`) with the rule `rule` (plus the built-in lists)
 * and return the findings as "line:col message" lines. */
static char *run(const char *rule, enum hl_kind kind, const char *doc)
{
	static char out[4096];
	struct hl_rule_loader *L = hl_rule_loader_new(&hl_builtin_rules);
	assert_true(hl_rule_loader_add_text(L, rule, strlen(rule), "t.yaml"));
	const struct hl_ruleset *rs = hl_rule_loader_finish(L);
	assert_non_null(rs);
	/* only the rule under test */
	bool enabled[256] = {false};
	for (uint32_t i = 0; i < rs->nrules; i++)
		enabled[i] = !strncmp(rs->rules[i].id, "T", 1);
	struct hl_matcher *m = hl_matcher_new(rs, HL_MATCH_LIMIT_DEFAULT);
	struct hl_engine e = {rs, enabled, m};
	struct hl_lint_opts o;
	hl_lint_opts_init(&o, &e);
	struct hl_lint_result r;
	hl_lint_text(&o, kind, "x", doc, strlen(doc), &r);
	out[0] = '\0';
	for (size_t i = 0; i < r.nfindings; i++) {
		char line[512];
		snprintf(line, sizeof(line), "%u:%u %s\n",
			 r.findings[i].span.start.line,
			 r.findings[i].span.start.col, r.findings[i].message);
		strncat(out, line, sizeof(out) - strlen(out) - 1);
	}
	for (size_t i = 0; i < r.nerrors; i++) {
		char line[512];
		snprintf(line, sizeof(line), "error %u:%u %s\n",
			 r.errors[i].diag.line, r.errors[i].diag.col,
			 r.errors[i].diag.message);
		strncat(out, line, sizeof(out) - strlen(out) - 1);
	}
	hl_lint_result_release(&r);
	hl_matcher_free(m);
	hl_rule_loader_free(L);
	return out;
}

#define K8S HL_KIND_KUBERNETES
#define DF HL_KIND_DOCKERFILE

static const char *pod_rule(const char *when, const char *message)
{
	static char buf[2048];
	snprintf(buf, sizeof(buf),
		 "id: T1\nslug: t-one\ntitle: t\nseverity: warning\n"
		 "target: kubernetes\nfor-each: container\nwhen:\n%s"
		 "message: \"%s\"\n",
		 when, message);
	return buf;
}

static const char *pod(const char *container_fields)
{
	static char buf[2048];
	snprintf(buf, sizeof(buf),
		 "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
		 "  containers:\n  - name: c\n%s",
		 container_fields);
	return buf;
}

/* equals compares typed values: a plain true is the boolean, a quoted
 * "true" a string; 0 is the integer. */
static void test_equals_typed(void **state)
{
	(void)state;
	static const struct {
		const char *when, *fields, *want;
	} cases[] = {
		{"  - {path: securityContext.privileged, equals: true}\n",
		 "    securityContext: {privileged: yes}\n", "7:23 m\n"},
		{"  - {path: securityContext.privileged, equals: true}\n",
		 "    securityContext: {privileged: \"true\"}\n", ""},
		{"  - {path: securityContext.privileged, equals: \"true\"}\n",
		 "    securityContext: {privileged: \"true\"}\n", "7:23 m\n"},
		{"  - {path: securityContext.runAsUser, equals: 0}\n",
		 "    securityContext: {runAsUser: 0}\n", "7:23 m\n"},
		{"  - {path: securityContext.runAsUser, equals: 0}\n",
		 "    securityContext: {runAsUser: \"0\"}\n", ""},
		{"  - {path: securityContext.runAsUser, equals: 0}\n",
		 "    securityContext: {runAsUser: 0x0}\n", "7:23 m\n"},
		{"  - {path: image, equals: NGINX, ignore-case: true}\n",
		 "    image: nginx\n", "7:5 m\n"},
		{"  - {path: image, equals: NGINX}\n", "    image: nginx\n",
		 ""},
		{"  - {path: image, in: [a, nginx, b]}\n", "    image: nginx\n",
		 "7:5 m\n"},
		{"  - {path: image, in: [a, b]}\n", "    image: nginx\n", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = run(pod_rule(cases[i].when, "m"), K8S,
				      pod(cases[i].fields));
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu: got '%s', want '%s'", i, got,
				 cases[i].want);
	}
}

/* exists, known, not, and absent paths: every leaf but exists: false is
 * false on an absent path. */
static void test_absent_and_known(void **state)
{
	(void)state;
	static const struct {
		const char *when, *fields, *want;
	} cases[] = {
		{"  - {path: securityContext, exists: false}\n", "", "6:5 m\n"},
		{"  - {path: securityContext, exists: false}\n",
		 "    securityContext: {}\n", ""},
		{"  - {path: securityContext.x, equals: 1}\n", "", ""},
		{"  - {path: securityContext.x, matches: '.*'}\n", "", ""},
		{"  - not: {path: securityContext.x, equals: 1}\n", "",
		 "6:5 m\n"},
		{"  - {path: image, known: true}\n",
		 "    image: \"{{ .Values.image }}\"\n", ""},
		{"  - {path: image, known: false}\n",
		 "    image: \"{{ .Values.image }}\"\n", "7:5 m\n"},
		{"  - {path: image, matches: '.*'}\n",
		 "    image: \"{{ .Values.image }}\"\n", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = run(pod_rule(cases[i].when, "m"), K8S,
				      pod(cases[i].fields));
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu: got '%s', want '%s'", i, got,
				 cases[i].want);
	}
}

/* [*] is true when some item passes; its witness is that item. */
static void test_any_item(void **state)
{
	(void)state;
	const char *fields = "    ports:\n    - containerPort: 80\n"
			     "    - containerPort: 22\n";
	assert_string_equal(run(pod_rule("  - {path: 'ports[*].containerPort', "
					 "equals: 22}\n",
					 "port {@value}"),
				K8S, pod(fields)),
			    "9:7 port 22\n");
	assert_string_equal(run(pod_rule("  - {path: 'ports[*].containerPort', "
					 "equals: 23}\n",
					 "m"),
				K8S, pod(fields)),
			    "");
	assert_string_equal(run(pod_rule("  - {path: 'ports[0].containerPort', "
					 "equals: 22}\n",
					 "m"),
				K8S, pod(fields)),
			    "");
}

/* any takes the first true branch's witness and message; all the first
 * witness with a place; a branch message wins over the rule's. */
static void test_witness_and_messages(void **state)
{
	(void)state;
	const char *when =
		"  - any:\n"
		"    - {path: securityContext.runAsUser, equals: 0, message: "
		"'uid {@value} at {@path}'}\n"
		"    - all:\n"
		"      - {path: securityContext.runAsUser, exists: false}\n"
		"      - {path: image, exists: true}\n"
		"      message: 'no uid for {name}'\n";
	assert_string_equal(
		run(pod_rule(when, "rule"), K8S,
		    pod("    image: x\n    securityContext: {runAsUser: 0}\n")),
		"8:23 uid 0 at securityContext.runAsUser\n");
	assert_string_equal(
		run(pod_rule(when, "rule"), K8S, pod("    image: x\n")),
		"7:5 no uid for c\n");
	assert_string_equal(
		run(pod_rule(when, "rule"), K8S,
		    pod("    image: x\n    securityContext: {runAsUser: 5}\n")),
		"");
}

/* Placeholders: paths, |mask, |or:, {{ }} escapes. */
static void test_placeholders(void **state)
{
	(void)state;
	const char *when = "  - {path: name, exists: true}\n";
	assert_string_equal(
		run(pod_rule(when,
			     "{name} {missing|or:none} {{x}} {image|mask}"),
		    K8S, pod("    image: abcdefghijklmnop\n")),
		"6:5 c none {x} abcd…\n");
	assert_string_equal(run(pod_rule(when, "{image|mask}"), K8S,
				pod("    image: abc\n")),
			    "6:5 …\n");
}

/* The effective security context: pod-level inherited fields under the
 * container's own; container-only fields are not inherited; each value
 * points where it was written. */
static void test_effective_context(void **state)
{
	(void)state;
	const char *rule =
		pod_rule("  - any:\n"
			 "    - {path: effective.runAsUser, equals: 0}\n"
			 "    - {path: effective.privileged, equals: true}\n",
			 "{@path}={@value}");
	const char *doc =
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
		"  securityContext:\n"
		"    runAsUser: 0\n"
		"    privileged: true\n"
		"  containers:\n"
		"  - name: inherits\n"
		"  - name: overrides\n"
		"    securityContext: {runAsUser: 1000}\n";
	assert_string_equal(run(rule, K8S, doc), "6:5 effective.runAsUser=0\n");
}

/* at: names where findings point, falling back to the witness. */
static void test_at(void **state)
{
	(void)state;
	const char *rule =
		"id: T1\nslug: t-one\ntitle: t\nseverity: warning\n"
		"target: kubernetes\nfor-each: container\n"
		"at: securityContext.capabilities.drop\n"
		"when:\n  - not: {path: 'securityContext.capabilities.drop[*]',"
		" equals: ALL, ignore-case: true}\nmessage: m\n";
	assert_string_equal(
		run(rule, K8S,
		    pod("    securityContext:\n      capabilities:\n"
			"        drop: [NET_RAW]\n")),
		"9:9 m\n");
	assert_string_equal(run(rule, K8S, pod("    image: x\n")), "6:5 m\n");
	assert_string_equal(
		run(rule, K8S,
		    pod("    securityContext:\n      capabilities:\n"
			"        drop: [all]\n")),
		"");
}

/* matches-list names the pattern; words-in splits names into words. */
static void test_lists(void **state)
{
	(void)state;
	const char *rule =
		"id: T1\nslug: t-one\ntitle: t\nseverity: warning\n"
		"target: kubernetes\nfor-each: env\nwhen:\n"
		"  - any:\n"
		"    - {path: value, matches-list: credential-patterns}\n"
		"    - {path: name, words-in: secret-words}\n"
		"message: \"{name} {@pattern|or:by-name}\"\n";
	const char *doc = pod("    env:\n"
			      "    - {name: A, value: 'AKIAIOSFODNN7EXAMPLE'}\n"
			      "    - {name: myApiKey, value: x}\n"
			      "    - {name: AUTHOR, value: x}\n"
			      "    - {name: TOKENIZERS_PARALLELISM, value: x}\n"
			      "    - {name: OAUTH_CLIENT_SECRET, value: x}\n"
			      "    - {name: private.key, value: x}\n");
	assert_string_equal(run(rule, K8S, doc),
			    "8:17 A AWS access key ID\n"
			    "9:8 myApiKey by-name\n"
			    "12:8 OAUTH_CLIENT_SECRET by-name\n"
			    "13:8 private.key by-name\n");
}

static void test_split_words(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *want; /* words joined by spaces */
	} cases[] = {
		{"DB_PASSWORD", "db password"},
		{"apiKey", "api key"},
		{"APIKey", "apikey"},
		{"OAUTH_CLIENT_SECRET", "oauth client secret"},
		{"my-token.value", "my token value"},
		{"already lower", "already lower"},
		{"__x__", "x"},
		{"", ""},
		{"awsAccessKeyId", "aws access key id"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char words[32][64], got[256] = "";
		size_t n = hl_split_words(cases[i].in, strlen(cases[i].in),
					  words, 32);
		for (size_t k = 0; k < n; k++) {
			strcat(got, k ? " " : "");
			strcat(got, words[k]);
		}
		if (strcmp(got, cases[i].want))
			fail_msg("case '%s': got '%s', want '%s'", cases[i].in,
				 got, cases[i].want);
	}
}

/* A fingerprint does not change when lines are added above. */
static void test_fingerprint_stable(void **state)
{
	(void)state;
	const char *doc1 = "FROM ubuntu\n";
	const char *doc2 = "# a comment\n\nFROM ubuntu\n";
	struct hl_matcher *m = hl_matcher_new(&hl_builtin_rules, 1000000);
	struct hl_engine e = {&hl_builtin_rules, NULL, m};
	struct hl_lint_opts o;
	hl_lint_opts_init(&o, &e);
	struct hl_lint_result a, b;
	hl_lint_text(&o, DF, "Dockerfile", doc1, strlen(doc1), &a);
	hl_lint_text(&o, DF, "Dockerfile", doc2, strlen(doc2), &b);
	assert_true(a.nfindings > 0);
	assert_int_equal(a.nfindings, b.nfindings);
	for (size_t i = 0; i < a.nfindings; i++) {
		assert_string_equal(a.findings[i].fingerprint,
				    b.findings[i].fingerprint);
		assert_int_equal(a.findings[i].span.start.line + 2,
				 b.findings[i].span.start.line);
	}
	/* and differs between rules and paths */
	struct hl_lint_result c;
	hl_lint_text(&o, DF, "other/Dockerfile", doc1, strlen(doc1), &c);
	assert_string_not_equal(a.findings[0].fingerprint,
				c.findings[0].fingerprint);
	hl_lint_result_release(&a);
	hl_lint_result_release(&b);
	hl_lint_result_release(&c);
	hl_matcher_free(m);
}

/* A catastrophic regex is an error naming the rule, not a hang: said
 * once, the rule not tried again in the file, the other rules still
 * applied. */
static void test_match_limit(void **state)
{
	(void)state;
	char doc[6000];
	strcpy(doc, pod("    image: "));
	size_t n = strlen(doc);
	memset(doc + n, 'a', 2000);
	strcpy(doc + n + 2000, "!\n---\n");
	size_t one = strlen(doc) - 4;
	memcpy(doc + one + 4, doc, one); /* the same pod again */
	doc[2 * one + 4] = '\0';
	const char *rule = pod_rule("  - {path: image, matches: '^(a+)+$'}\n",
				    "m");
	struct hl_rule_loader *L = hl_rule_loader_new(&hl_builtin_rules);
	assert_true(hl_rule_loader_add_text(L, rule, strlen(rule), "t.yaml"));
	const struct hl_ruleset *rs = hl_rule_loader_finish(L);
	bool enabled[256] = {false};
	for (uint32_t i = 0; i < rs->nrules; i++)
		enabled[i] = !strcmp(rs->rules[i].id, "T1") ||
			     !strcmp(rs->rules[i].slug, "k8s-run-as-root");
	struct hl_matcher *m = hl_matcher_new(rs, 10000);
	struct hl_engine e = {rs, enabled, m};
	struct hl_lint_opts o;
	hl_lint_opts_init(&o, &e);
	struct hl_lint_result r;
	hl_lint_text(&o, K8S, "x", doc, strlen(doc), &r);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].diag.code, HL_ERR_LIMIT);
	assert_non_null(strstr(r.errors[0].diag.message, "t-one"));
	assert_non_null(strstr(r.errors[0].diag.message, "match limit"));
	assert_non_null(strstr(r.errors[0].diag.message, "rest of this file"));
	assert_int_equal(r.errors[0].diag.line, 7);
	assert_int_equal(r.nfindings, 2); /* k8s-run-as-root, both pods */
	assert_int_equal(r.findings[1].span.start.line, 14);
	hl_lint_result_release(&r);
	hl_matcher_free(m);
	hl_rule_loader_free(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equals_typed),
		cmocka_unit_test(test_absent_and_known),
		cmocka_unit_test(test_any_item),
		cmocka_unit_test(test_witness_and_messages),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_effective_context),
		cmocka_unit_test(test_at),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_fingerprint_stable),
		cmocka_unit_test(test_match_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
