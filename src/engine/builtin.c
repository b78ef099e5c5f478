/*
 * builtin: the entry points of hardlint.h that name the built-in rules
 * (generated at build time into rules_builtin.c), kept apart so that the
 * generator itself links the engine without them.
 */
#include "engine/ruleload.h"
#include "engine/rules.h"

const struct hl_rules *hl_rules_builtin(void)
{
	return &hl_builtin_rules;
}

struct hl_loader *hl_loader_new(void)
{
	return hl_loader_new_from(&hl_builtin_rules);
}
