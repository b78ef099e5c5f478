/*
 * ruleload: reads rule and list files into a compiled hl_ruleset. Each file
 * is read twice: first by our own YAML front end, which gives every key and
 * value a position and checks the shape against the libcyaml schema (unknown
 * keys, wrong types, missing keys, no aliases, size and depth limits); then
 * by libcyaml, which fills the typed structs. Compiling resolves views,
 * lists and patterns and checks paths, regexes and message placeholders.
 * Every error names file:line:column. The only module that includes
 * <cyaml/cyaml.h>. Used at build time by tools/rulegen (the built-in
 * rules) and at run time for --rules.
 */
#ifndef HARDLINT_ENGINE_RULELOAD_H
#define HARDLINT_ENGINE_RULELOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "engine/rules.h"

struct hl_rule_loader;

/* A loader whose rules may use the lists of `base` (NULL for none) and
 * whose result also holds base's rules. */
struct hl_rule_loader *hl_rule_loader_new(const struct hl_ruleset *base);

/* Free the loader and every ruleset it made. */
void hl_rule_loader_free(struct hl_rule_loader *L);

/* Read one rule or list file; `name` is how errors and findings name it.
 * False if it has errors (they are kept; see hl_rule_loader_errors). */
bool hl_rule_loader_add_file(struct hl_rule_loader *L, const char *fspath,
			     const char *name);

/* Read every *.yaml and *.yml file below `dir`, in byte-wise path order;
 * files are named `prefix` + their path below dir. */
bool hl_rule_loader_add_dir(struct hl_rule_loader *L, const char *dir,
			    const char *prefix);

/* Read a rule or list from memory (for tests). */
bool hl_rule_loader_add_text(struct hl_rule_loader *L, const char *text,
			     size_t len, const char *name);

/* Compile what was read into one ruleset, owned by the loader. NULL if any
 * file had errors. */
const struct hl_ruleset *hl_rule_loader_finish(struct hl_rule_loader *L);

/* The errors so far, in the order found. */
const struct hl_diag *hl_rule_loader_errors(const struct hl_rule_loader *L,
					    size_t *count);

#endif
