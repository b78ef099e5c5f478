/*
 * examples: --test-rules: every rule's own examples (its rule file's
 * `examples:`), each linted with that rule alone; a rule author's test.
 */
#ifndef HARDLINT_CLI_EXAMPLES_H
#define HARDLINT_CLI_EXAMPLES_H

#include <stdbool.h>
#include <stdio.h>

#include "hardlint.h"

/* Lint each example of each rule of `rs`: one it must catch gives a
 * finding of it, one it must pass none, and neither an error. Each that
 * does not is said on `err` (file, rule, which example, what it gave);
 * then a line of the whole. Returns the number that did not. `no_jit`:
 * patterns interpreted (hl_lint_options.no_jit). */
size_t hl_test_examples(const struct hl_rules *rs, bool no_jit, FILE *err);

#endif
