/*
 * fuzz_common: what the libFuzzer targets share: one engine over the
 * built-in rules, and linting a buffer as a given kind through the whole
 * pipeline (parse, tree, views, rules, excerpts).
 */
#ifndef HARDLINT_FUZZ_COMMON_H
#define HARDLINT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lint.h"
#include "engine/match.h"
#include "engine/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lint `size` bytes as `kind` with `rs` (the built-in rules if NULL). */
static inline void fuzz_lint(const struct hl_ruleset *rs, enum hl_kind kind,
			     const uint8_t *data, size_t size)
{
	static struct hl_matcher *builtin;
	/* input with a NUL byte never reaches the parsers: it is a binary
	 * file, refused when read */
	if (memchr(data, '\0', size))
		return;
	const struct hl_ruleset *use = rs ? rs : &hl_builtin_rules;
	struct hl_matcher *m;
	if (rs) {
		m = hl_matcher_new(rs, HL_MATCH_LIMIT_DEFAULT);
	} else {
		if (!builtin)
			builtin = hl_matcher_new(&hl_builtin_rules,
						 HL_MATCH_LIMIT_DEFAULT);
		m = builtin;
	}
	struct hl_engine e = {use, NULL, m};
	struct hl_lint_opts o;
	hl_lint_opts_init(&o, &e);
	o.threads = 1;
	struct hl_lint_result r;
	hl_lint_text(&o, kind, "fuzz", (const char *)data, size, &r);
	hl_lint_result_release(&r);
	if (rs)
		hl_matcher_free(m);
}

#endif
