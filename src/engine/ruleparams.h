/*
 * engine/ruleparams: the parameter values a rule file sets for its
 * examples (examples.parameters) and for the profiles
 * (profile-parameters), as hl_rule_info carries them: lines of the
 * (profile,) name and values, tab-separated. Each must name a parameter
 * of the rule (and a profile); what does not goes to `err`.
 */
#ifndef HARDLINT_ENGINE_RULEPARAMS_H
#define HARDLINT_ENGINE_RULEPARAMS_H

#include "core/arena.h"
#include "core/ast.h"
#include "engine/ruledoc.h"
#include "engine/rules.h"

typedef void (*hl_params_err_fn)(void *ctx, struct hl_pos pos,
				 const char *msg);

const char *hl_example_params(struct hl_arena *a, const struct hl_node *root,
			      const struct rd_examples *ex,
			      const struct hl_rule *r, hl_params_err_fn err,
			      void *ctx);
const char *hl_profile_params(struct hl_arena *a, const struct hl_node *root,
			      const struct rd_rule *rr, const struct hl_rule *r,
			      hl_params_err_fn err, void *ctx);

#endif
