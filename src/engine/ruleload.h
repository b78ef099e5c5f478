/*
 * ruleload: reads rule and list files into a compiled hl_rules. Each file
 * is read twice: first by our own YAML front end, which gives every key and
 * value a position and checks the shape against the libcyaml schema (unknown
 * keys, wrong types, missing keys, no aliases, size and depth limits); then
 * by libcyaml, which fills the typed structs. Compiling resolves views,
 * lists and patterns and checks paths, regexes and message placeholders.
 * Every error names file:line:column. The only module that includes
 * <cyaml/cyaml.h>. Used at build time by tools/rulegen (the built-in
 * rules) and at run time for --rules (the CLI walks the directories and
 * hands over each file).
 */
#ifndef HARDLINT_ENGINE_RULELOAD_H
#define HARDLINT_ENGINE_RULELOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "engine/rules.h"

/* A loader whose rules may use the lists of `base` (NULL for none) and
 * whose result also holds base's rules. (hardlint.h's hl_loader_new is
 * this with the built-in rules; the build's rule generator starts from
 * none.) The rest of the loader's interface is in hardlint.h. */
struct hl_loader *hl_loader_new_from(const struct hl_rules *base);

/* The errors so far as diagnostics, in the order found. */
const struct hl_diag *hl_loader_diags(const struct hl_loader *L,
				      size_t *count);

#endif
