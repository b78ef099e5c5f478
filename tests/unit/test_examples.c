/*
 * test_examples: every example of every built-in rule, through the public
 * interface: each document a rule says it catches gives at least one
 * finding of that rule (and no error), each it says it passes none. A
 * rule without both kinds of example fails: the catalogue shows what
 * each rule means.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "hardlint.h"

/* How many findings of rule `index` (the only one enabled) linting `doc`
 * gives; errors fail the test. */
static size_t findings_of(size_t index, const struct hl_rule_info *r,
			  const char *doc)
{
	/* with the parameters its examples say (trusted registries) */
	struct hl_rules *copy = hl_rules_for_examples(hl_rules_builtin(),
						      index);
	const struct hl_rules *rs = copy ? copy : hl_rules_builtin();
	bool *enabled = calloc(hl_rules_count(rs), sizeof(bool));
	assert_non_null(enabled);
	enabled[index] = true;
	struct hl_lint_options o;
	test_options_init(&o);
	o.rules = rs;
	o.enabled = enabled;
	struct hl_linter *l;
	assert_int_equal(hl_linter_new(&o, &l), HL_OK);
	struct collected c = {0};
	struct hl_handler h = collector(&c);
	hl_lint_buffer(l,
		       r->target == HL_TARGET_DOCKERFILE ? HL_KIND_DOCKERFILE
							 : HL_KIND_KUBERNETES,
		       r->target == HL_TARGET_DOCKERFILE ? "Dockerfile"
							 : "example.yaml",
		       doc, strlen(doc), &h);
	if (c.nerrors)
		fail_msg("%s: an example gives an error: %s", r->slug,
			 c.errors[0].message);
	size_t n = 0;
	for (size_t i = 0; i < c.nfindings; i++)
		n += c.findings[i].rule == r;
	collected_release(&c);
	hl_linter_free(l);
	free(enabled);
	hl_rules_free(copy);
	return n;
}

static void test_every_example(void **state)
{
	(void)state;
	const struct hl_rules *rs = hl_rules_builtin();
	size_t checked = 0;
	for (size_t i = 0; i < hl_rules_count(rs); i++) {
		const struct hl_rule_info *r = hl_rules_get(rs, i);
		if (!r->ncatches || !r->npasses)
			fail_msg("%s (%s): needs examples it catches and "
				 "examples it passes",
				 r->slug, r->file);
		const char *e;
		for (uint32_t k = 0; (e = hl_rule_example(r, true, k));
		     k++, checked++)
			if (!findings_of(i, r, e))
				fail_msg("%s: does not catch its example "
					 "%u:\n%s",
					 r->slug, k + 1, e);
		for (uint32_t k = 0; (e = hl_rule_example(r, false, k));
		     k++, checked++)
			if (findings_of(i, r, e))
				fail_msg("%s: catches its pass example %u:\n%s",
					 r->slug, k + 1, e);
	}
	assert_true(checked >= 2 * hl_rules_count(rs));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
