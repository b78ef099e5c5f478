/*
 * fuzz_common: what the libFuzzer targets share: linting a buffer as a
 * given kind through the whole pipeline (parse, tree, views, rules,
 * excerpts), with the library's public interface.
 */
#ifndef HARDLINT_FUZZ_COMMON_H
#define HARDLINT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hardlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lint `size` bytes as `kind` with `rs` (the built-in rules if NULL). */
static inline void fuzz_lint(const struct hl_rules *rs, enum hl_kind kind,
			     const uint8_t *data, size_t size)
{
	static struct hl_linter *builtin;
	/* input with a NUL byte never reaches the parsers: it is a binary
	 * file, refused when read */
	if (memchr(data, '\0', size))
		return;
	struct hl_lint_options o;
	hl_lint_options_init(&o);
	o.rules = rs;
	o.threads = 1;
	struct hl_linter *l;
	if (rs) {
		hl_linter_new(&o, &l);
	} else {
		if (!builtin)
			hl_linter_new(&o, &builtin);
		l = builtin;
	}
	struct hl_handler h;
	memset(&h, 0, sizeof(h));
	hl_lint_buffer(l, kind, "fuzz", (const char *)data, size, &h);
	if (rs)
		hl_linter_free(l);
}

#endif
