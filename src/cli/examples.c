/*
 * examples: --test-rules, the rules' own examples linted with each rule
 * alone, through the public interface (as tests/unit/test_examples.c does
 * for the built-in rules in CI).
 */
#include "cli/examples.h"

#include <stdlib.h>
#include <string.h>

#include "output/mem.h"
#include "output/output.h"

/* One example of rule `i`: what it gave, or why not. */
struct outcome {
	size_t findings;   /* of the rule */
	const char *error; /* the first error's message, or NULL */
};

/* Lint `doc` with rule `i` of `rs` alone. */
static struct outcome lint_example(const struct hl_rules *rs, size_t i,
				   const char *doc, bool no_jit,
				   struct hl_pool *pool)
{
	const struct hl_rule_info *r = hl_rules_get(rs, i);
	bool *enabled = hl_cli_realloc(NULL, hl_rules_count(rs) + 1);
	memset(enabled, 0, hl_rules_count(rs) + 1);
	enabled[i] = true;
	struct hl_lint_options o;
	hl_lint_options_init(&o);
	o.rules = rs;
	o.enabled = enabled;
	o.threads = 1;
	o.no_jit = no_jit;
	struct hl_linter *l;
	struct outcome out = {0, NULL};
	if (hl_linter_new(&o, &l) != HL_OK) {
		free(enabled);
		out.error = "the linter could not be made";
		return out;
	}
	struct hl_result res;
	hl_result_init(&res);
	struct hl_handler h = hl_result_handler(&res);
	bool df = r->target == HL_TARGET_DOCKERFILE;
	hl_lint_buffer(l, df ? HL_KIND_DOCKERFILE : HL_KIND_KUBERNETES,
		       df ? "Dockerfile" : "example.yaml", doc, strlen(doc),
		       &h);
	for (size_t k = 0; k < res.nfindings; k++)
		out.findings += res.findings[k].rule == r;
	if (res.nerrors)
		out.error = hl_pool_printf(
			pool, "%u:%u: %s", res.errors[0].line,
			res.errors[0].col, res.errors[0].message);
	hl_result_release(&res);
	hl_linter_free(l);
	free(enabled);
	return out;
}

static void say(FILE *err, const struct hl_rule_info *r, bool catch, uint32_t k,
		const char *what)
{
	struct hl_error e = {.code = HL_ERR_RULE,
			     .path = r->file ? r->file : "(built in)"};
	char msg[600];
	snprintf(msg, sizeof(msg), "%s (%s): its %s example %u %s", r->slug,
		 r->id, catch ? "catch" : "pass", k + 1, what);
	e.message = msg;
	hl_print_error(err, &e);
}

size_t hl_test_examples(const struct hl_rules *rs_all, bool no_jit, FILE *err)
{
	struct hl_pool pool = {NULL, 0, 0};
	size_t failed = 0, run = 0, rules = 0;
	for (size_t i = 0; i < hl_rules_count(rs_all); i++) {
		struct hl_rules *copy = hl_rules_for_examples(rs_all, i);
		const struct hl_rules *rs = copy ? copy : rs_all;
		const struct hl_rule_info *r = hl_rules_get(rs, i);
		rules += r->ncatches || r->npasses;
		for (int pass = 0; pass < 2; pass++) {
			bool catch = !pass;
			const char *doc;
			for (uint32_t k = 0;
			     (doc = hl_rule_example(r, catch, k)); k++) {
				struct outcome o = lint_example(rs, i, doc,
								no_jit, &pool);
				run++;
				const char *why =
					o.error ? hl_pool_printf(
							  &pool,
							  "gives an error: %s",
							  o.error)
					: catch && !o.findings
						? "gives no finding of it"
					: !catch && o.findings
						? "gives a finding of it"
						: NULL;
				if (why) {
					say(err, r, catch, k, why);
					failed++;
				}
			}
		}
		hl_rules_free(copy);
	}
	fprintf(err, "hardlint: %zu example%s of %zu rule%s: %s\n", run,
		run == 1 ? "" : "s", rules, rules == 1 ? "" : "s",
		failed ? hl_pool_printf(&pool, "%zu not as they say", failed)
		       : "each as it says");
	hl_pool_release(&pool);
	return failed;
}
