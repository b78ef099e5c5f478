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

#include "collect.h"
#include "engine/engine.h"
#include "hardlint.h"

/* Lint `doc` (of `kind`) with the rules of `rs` for which `pick` says
 * yes, into `c`, with the given match limit. */
static void lint_with(const struct hl_rules *rs, bool (*pick)(const char *),
		      enum hl_kind kind, const char *path, const char *doc,
		      uint32_t match_limit, struct collected *c)
{
	bool enabled[256] = {false};
	for (size_t i = 0; i < hl_rules_count(rs); i++)
		enabled[i] = pick(hl_rules_get(rs, i)->id) ||
			     pick(hl_rules_get(rs, i)->slug);
	struct hl_lint_options o;
	test_options_init(&o);
	o.rules = rs;
	o.enabled = enabled;
	o.match_limit = match_limit;
	struct hl_linter *l;
	assert_int_equal(hl_linter_new(&o, &l), HL_OK);
	struct hl_handler h = collector(c);
	hl_lint_buffer(l, kind, path, doc, strlen(doc), &h);
	hl_linter_free(l);
}

static bool test_rules(const char *name)
{
	return name[0] == 'T';
}

static bool every_rule(const char *name)
{
	(void)name;
	return true;
}

/* Lint `doc` (of `kind`) with the rule `rule` (plus the built-in lists)
 * and return the findings as "line:col message" lines. */
static char *run(const char *rule, enum hl_kind kind, const char *doc)
{
	static char out[4096];
	struct hl_loader *L = hl_loader_new();
	assert_true(hl_loader_add_text(L, rule, strlen(rule), "t.yaml"));
	const struct hl_rules *rs = hl_loader_finish(L);
	assert_non_null(rs);
	struct collected r = {0};
	/* only the rule under test */
	lint_with(rs, test_rules, kind, "x", doc, 1000000, &r);
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
			 r.errors[i].line, r.errors[i].col,
			 r.errors[i].message);
		strncat(out, line, sizeof(out) - strlen(out) - 1);
	}
	collected_release(&r);
	hl_loader_free(L);
	return out;
}

#define K8S HL_KIND_KUBERNETES
#define DF HL_KIND_DOCKERFILE

/* A container rule; `at`, when not NULL, says where findings point. */
static const char *pod_rule_at(const char *when, const char *at,
			       const char *message)
{
	static char buf[2048];
	snprintf(buf, sizeof(buf),
		 "id: T1\nslug: t-one\ntitle: t\nseverity: warning\n"
		 "target: kubernetes\nfor-each: container\nwhen:\n%s"
		 "%s%s%smessage: \"%s\"\n",
		 when, at ? "at: " : "", at ? at : "", at ? "\n" : "", message);
	return buf;
}

static const char *pod_rule(const char *when, const char *message)
{
	return pod_rule_at(when, NULL, message);
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

/* The path of the one leaf in `when` ("- {path: P, ...}"), for at:. */
static const char *leaf(const char *when)
{
	static char buf[256];
	const char *p = strstr(when, "path: ");
	if (!p)
		return NULL;
	p += 6;
	size_t n = strcspn(p, ",}");
	snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
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
		/* numbers compare as numbers: an integral float is the
		 * integer (the API server reads 0.0 as 0), either way round */
		{"  - {path: securityContext.runAsUser, equals: 0}\n",
		 "    securityContext: {runAsUser: 0.0}\n", "7:23 m\n"},
		{"  - {path: securityContext.runAsUser, equals: 0}\n",
		 "    securityContext: {runAsUser: -0.0}\n", "7:23 m\n"},
		{"  - {path: securityContext.runAsUser, in: [0, 1]}\n",
		 "    securityContext: {runAsUser: 1.000}\n", "7:23 m\n"},
		{"  - {path: securityContext.runAsUser, equals: 0}\n",
		 "    securityContext: {runAsUser: 0.5}\n", ""},
		{"  - {path: securityContext.runAsUser, equals: 1000.0}\n",
		 "    securityContext: {runAsUser: 1000}\n", "7:23 m\n"},
		{"  - {path: image, equals: NGINX, ignore-case: true}\n",
		 "    image: nginx\n", "7:5 m\n"},
		{"  - {path: image, equals: NGINX}\n", "    image: nginx\n",
		 ""},
		{"  - {path: image, in: [a, nginx, b]}\n", "    image: nginx\n",
		 "7:5 m\n"},
		{"  - {path: image, in: [a, b]}\n", "    image: nginx\n", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = run(
			pod_rule_at(cases[i].when, leaf(cases[i].when), "m"),
			K8S, pod(cases[i].fields));
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
		{"  - {path: securityContext.runAsUser, equals: 1}\n", "", ""},
		{"  - {path: securityContext.procMount, matches: '.*'}\n", "",
		 ""},
		{"  - not: {path: securityContext.runAsUser, equals: 1}\n", "",
		 "6:5 m\n"},
		{"  - {path: image, known: true}\n",
		 "    image: \"{{ .Values.image }}\"\n", ""},
		{"  - {path: image, known: false}\n",
		 "    image: \"{{ .Values.image }}\"\n", "7:5 m\n"},
		{"  - {path: image, matches: '.*'}\n",
		 "    image: \"{{ .Values.image }}\"\n", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = run(
			pod_rule_at(cases[i].when, leaf(cases[i].when), "m"),
			K8S, pod(cases[i].fields));
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu: got '%s', want '%s'", i, got,
				 cases[i].want);
	}
}

/* [*] is true when some item passes; an at: (or placeholder) with that
 * path means the item that passed, not the first. */
static void test_any_item(void **state)
{
	(void)state;
	const char *fields = "    ports:\n    - containerPort: 80\n"
			     "    - containerPort: 22\n";
	assert_string_equal(
		run(pod_rule_at("  - {path: 'ports[*].containerPort', "
				"equals: 22}\n",
				"ports[*].containerPort", "port {@value}"),
		    K8S, pod(fields)),
		"9:7 port 22\n");
	assert_string_equal(run(pod_rule("  - {path: 'ports[*].containerPort', "
					 "equals: 22}\n",
					 "port {ports[*].containerPort}"),
				K8S, pod(fields)),
			    "6:5 port 22\n");
	/* a path no leaf names: the first node it reaches */
	assert_string_equal(run(pod_rule("  - {path: 'ports[*].containerPort', "
					 "equals: 22}\n",
					 "port {ports[0].containerPort}"),
				K8S, pod(fields)),
			    "6:5 port 80\n");
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

/* The true branch's at: and message; without one, the anchor; a branch
 * message wins over the rule's. */
static void test_at_and_messages(void **state)
{
	(void)state;
	const char *when =
		"  - any:\n"
		"    - {path: securityContext.runAsUser, equals: 0, message: "
		"'uid {@value} at {@path}', at: securityContext.runAsUser}\n"
		"    - all:\n"
		"      - {path: securityContext.runAsUser, exists: false}\n"
		"      - {path: image, exists: true}\n"
		"      message: 'no uid for {name}'\n";
	assert_string_equal(
		run(pod_rule(when, "rule"), K8S,
		    pod("    image: x\n    securityContext: {runAsUser: 0}\n")),
		"8:23 uid 0 at securityContext.runAsUser\n");
	/* no at: in the branch that holds, none on the rule: the anchor */
	assert_string_equal(
		run(pod_rule(when, "rule"), K8S, pod("    image: x\n")),
		"6:5 no uid for c\n");
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
			     "{name} {workingDir|or:none} {{x}} {image|mask}"),
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
			 "    - {path: effective.runAsUser, equals: 0, at: "
			 "effective.runAsUser}\n"
			 "    - {path: effective.privileged, equals: true, at: "
			 "effective.privileged}\n",
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

/* The rule's at: where it reaches something; the anchor when not. */
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

/* Reordering conditions never moves a finding: where it points is said
 * by at:, not by which condition comes first. */
static void test_order_does_not_matter(void **state)
{
	(void)state;
	const char *doc = pod("    image: nginx\n"
			      "    securityContext: {privileged: true, "
			      "runAsUser: 0}\n");
	const char *ab = pod_rule_at(
		"  - {path: securityContext.privileged, equals: "
		"true}\n"
		"  - {path: securityContext.runAsUser, equals: 0}\n",
		"securityContext.runAsUser", "m");
	const char *want = "8:41 m\n";
	assert_string_equal(run(ab, K8S, doc), want);
	const char *ba =
		pod_rule_at("  - {path: securityContext.runAsUser, equals: "
			    "0}\n"
			    "  - {path: securityContext.privileged, equals: "
			    "true}\n",
			    "securityContext.runAsUser", "m");
	assert_string_equal(run(ba, K8S, doc), want);
	/* and with none said, the anchor, whatever the order */
	assert_string_equal(
		run(pod_rule("  - {path: securityContext.runAsUser, equals: "
			     "0}\n"
			     "  - {path: securityContext.privileged, equals: "
			     "true}\n",
			     "m"),
		    K8S, doc),
		"6:5 m\n");
}

/* The true branches of an any that say different things: the finding
 * that comes first in the file is the one reported, whichever branch is
 * written first; a rule's at: located by what a branch matched, the
 * same. */
static void test_any_order_does_not_matter(void **state)
{
	(void)state;
	const char *doc = pod("    image: nginx\n"
			      "    securityContext:\n"
			      "      runAsGroup: 0\n"
			      "      runAsUser: 0\n");
	static const char *const user =
		"      - {path: securityContext.runAsUser, equals: 0, "
		"at: securityContext.runAsUser, message: user}\n";
	static const char *const group =
		"      - {path: securityContext.runAsGroup, equals: 0, "
		"at: securityContext.runAsGroup, message: group}\n";
	char when[512];
	snprintf(when, sizeof(when), "  - any:\n%s%s", user, group);
	char first[256];
	snprintf(first, sizeof(first), "%s",
		 run(pod_rule(when, "m"), K8S, doc));
	assert_string_equal(first, "9:7 group\n");
	snprintf(when, sizeof(when), "  - any:\n%s%s", group, user);
	assert_string_equal(run(pod_rule(when, "m"), K8S, doc), first);
	/* no at: on the branches, the rule's located by what each matched:
	 * the first env entry, whichever branch matched it */
	const char *envdoc = pod("    image: nginx\n"
				 "    env:\n"
				 "    - {name: x, value: b}\n"
				 "    - {name: y, value: a}\n");
	static const char *const a =
		"      - {path: 'env[*].value', equals: a}\n";
	static const char *const b =
		"      - {path: 'env[*].value', equals: b}\n";
	snprintf(when, sizeof(when), "  - any:\n%s%s", a, b);
	snprintf(first, sizeof(first), "%s",
		 run(pod_rule_at(when, "'env[*].value'", "m"), K8S, envdoc));
	assert_string_equal(first, "9:17 m\n");
	snprintf(when, sizeof(when), "  - any:\n%s%s", b, a);
	assert_string_equal(
		run(pod_rule_at(when, "'env[*].value'", "m"), K8S, envdoc),
		first);
}

/* where: the conditions hold together for one item of the list, not each
 * for some item; at: and messages reach below the item it found. */
static void test_where(void **state)
{
	(void)state;
	/* x has value b, y has value a: no one entry is {name: x, value: a} */
	const char *envdoc = pod("    image: nginx\n"
				 "    env:\n"
				 "    - {name: x, value: b}\n"
				 "    - {name: y, value: a}\n");
	static const char *const same =
		"  - path: 'env[*]'\n"
		"    where:\n"
		"      - {path: name, equals: %s}\n"
		"      - {path: value, equals: a}\n";
	char when[512];
	snprintf(when, sizeof(when), same, "x");
	assert_string_equal(run(pod_rule(when, "m"), K8S, envdoc), "");
	snprintf(when, sizeof(when), same, "y");
	assert_string_equal(
		run(pod_rule_at(when, "'env[*].value'", "{env[*].name}={@value}"),
		    K8S, envdoc),
		"10:17 y=a\n");
	/* where's own at: and message */
	snprintf(when, sizeof(when),
		 "  - path: 'env[*]'\n"
		 "    where: [{path: value, equals: a}]\n"
		 "    at: 'env[*].name'\n"
		 "    message: 'bad {@value}'\n");
	assert_string_equal(run(pod_rule(when, "m"), K8S, envdoc),
			    "10:8 bad y\n");
	/* refused at load: at: inside where, a path where reads a scalar,
	 * an unknown field of the records it reaches */
	static const char *const bad[] = {
		"  - path: 'env[*]'\n"
		"    where: [{path: name, exists: true, at: name}]\n",
		"  - path: 'env[*].name'\n"
		"    where: [{path: x, exists: true}]\n",
		"  - path: 'env[*]'\n"
		"    where: [{path: nmae, exists: true}]\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *rule = pod_rule(bad[i], "m");
		struct hl_loader *L = hl_loader_new();
		hl_loader_add_text(L, rule, strlen(rule), "t.yaml");
		assert_null(hl_loader_finish(L));
		hl_loader_free(L);
	}
}

/* Two conditions of one all that both say where findings point, or both
 * carry the message, would make the finding depend on their order: the
 * loader refuses it. */
static void test_one_at_an_all(void **state)
{
	(void)state;
	const char *rule =
		pod_rule("  - {path: image, exists: true, at: image}\n"
			 "  - {path: name, exists: true, at: name}\n",
			 "m");
	struct hl_loader *L = hl_loader_new();
	hl_loader_add_text(L, rule, strlen(rule), "t.yaml");
	assert_null(hl_loader_finish(L));
	const struct hl_error *errs;
	assert_int_equal(hl_loader_errors(L, &errs), 1);
	assert_int_equal(errs[0].line, 9);
	assert_non_null(strstr(errs[0].message, "a second condition"));
	hl_loader_free(L);
	rule = pod_rule("  - {path: image, exists: true, message: a}\n"
			"  - {path: name, exists: true, message: b}\n",
			"m");
	L = hl_loader_new();
	hl_loader_add_text(L, rule, strlen(rule), "t.yaml");
	assert_null(hl_loader_finish(L));
	assert_int_equal(hl_loader_errors(L, &errs), 1);
	assert_non_null(strstr(errs[0].message, "message"));
	hl_loader_free(L);
}

/* matches-list names the pattern; words-in splits names into words. */
static void test_lists(void **state)
{
	(void)state;
	const char *rule =
		"id: T1\nslug: t-one\ntitle: t\nseverity: warning\n"
		"target: kubernetes\nfor-each: env\nwhen:\n"
		"  - any:\n"
		"    - {path: value, matches-list: credential-patterns, at: "
		"value}\n"
		"    - {path: name, words-in: secret-words, at: name}\n"
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
	const struct hl_rules *rs = hl_rules_builtin();
	struct collected a = {0}, b = {0}, c = {0};
	lint_with(rs, every_rule, DF, "Dockerfile", doc1, 1000000, &a);
	lint_with(rs, every_rule, DF, "Dockerfile", doc2, 1000000, &b);
	assert_true(a.nfindings > 0);
	assert_int_equal(a.nfindings, b.nfindings);
	for (size_t i = 0; i < a.nfindings; i++) {
		assert_string_equal(a.findings[i].fingerprint,
				    b.findings[i].fingerprint);
		assert_int_equal(a.findings[i].span.start.line + 2,
				 b.findings[i].span.start.line);
	}
	/* and differs between rules and paths */
	lint_with(rs, every_rule, DF, "other/Dockerfile", doc1, 1000000, &c);
	assert_string_not_equal(a.findings[0].fingerprint,
				c.findings[0].fingerprint);
	collected_release(&a);
	collected_release(&b);
	collected_release(&c);
}

static bool t1_or_run_as_root(const char *name)
{
	return !strcmp(name, "T1") || !strcmp(name, "k8s-run-as-root");
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
	struct hl_loader *L = hl_loader_new();
	assert_true(hl_loader_add_text(L, rule, strlen(rule), "t.yaml"));
	const struct hl_rules *rs = hl_loader_finish(L);
	struct collected r = {0};
	lint_with(rs, t1_or_run_as_root, K8S, "x", doc, 10000, &r);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].code, HL_ERR_LIMIT);
	assert_non_null(strstr(r.errors[0].message, "t-one"));
	assert_non_null(strstr(r.errors[0].message, "match limit"));
	assert_non_null(strstr(r.errors[0].message, "rest of this file"));
	assert_int_equal(r.errors[0].line, 7);
	assert_int_equal(r.nfindings, 2); /* k8s-run-as-root, both pods */
	assert_int_equal(r.findings[1].span.start.line, 14);
	collected_release(&r);
	hl_loader_free(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equals_typed),
		cmocka_unit_test(test_absent_and_known),
		cmocka_unit_test(test_any_item),
		cmocka_unit_test(test_at_and_messages),
		cmocka_unit_test(test_order_does_not_matter),
		cmocka_unit_test(test_any_order_does_not_matter),
		cmocka_unit_test(test_one_at_an_all),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_effective_context),
		cmocka_unit_test(test_at),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_fingerprint_stable),
		cmocka_unit_test(test_match_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
