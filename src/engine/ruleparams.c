/*
 * ruleparams: the parameter values a rule file gives its examples and its
 * profiles (ruleparams.h).
 */
#include "engine/ruleparams.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

static struct hl_pos pos_of(const struct hl_node *map, const char *key)
{
	const struct hl_pair *p = hl_map_pair(map, key);
	if (p)
		return p->value->span.start;
	map = hl_node_deref(map);
	return map ? map->span.start : (struct hl_pos){1, 1};
}

/* A line of a parameter's values: its name, then each, tab-separated. */
static void add_values(struct hl_buf *b, const char *name,
		       char *const *values, unsigned n)
{
	hl_buf_adds(b, name);
	for (unsigned k = 0; k < n; k++) {
		hl_buf_addc(b, '\t');
		hl_buf_adds(b, values[k]);
	}
	hl_buf_addc(b, '\n');
}

/* The parameter values a rule's examples run with, as hl_rule_info says
 * (lines of the name and its values, tab-separated), or NULL; each names
 * a parameter of the rule. */
const char *hl_example_params(struct hl_arena *a, const struct hl_node *root,
			      const struct rd_examples *ex,
			      const struct hl_rule *r, hl_params_err_fn err,
			      void *ctx)
{
	if (!ex->parameters_count)
		return NULL;
	const struct hl_node *seq =
		hl_map_get(hl_map_get(root, "examples"), "parameters");
	struct hl_buf b = HL_BUF_INIT;
	for (unsigned i = 0; i < ex->parameters_count; i++) {
		const struct rd_param *p = &ex->parameters[i];
		bool known = false;
		for (uint32_t k = 0; k < r->nparams; k++)
			known |= !strcmp(r->params[k].name, p->name);
		if (!known) {
			char msg[300];
			snprintf(msg, sizeof(msg),
				 "examples: the rule has no parameter '%s'",
				 p->name);
			err(ctx, pos_of(seq->u.seq.items[i], "name"), msg);
		}
		add_values(&b, p->name, p->values, p->values_count);
	}
	const char *s = hl_arena_strndup(a, hl_buf_str(&b), b.len);
	hl_buf_release(&b);
	return s;
}

/* The parameter values the rule sets for a profile, as hl_rule_info
 * says (lines of the profile, the name and its values, tab-separated),
 * or NULL; each names a profile and a parameter of the rule. */
const char *hl_profile_params(struct hl_arena *a, const struct hl_node *root,
			      const struct rd_rule *rr, const struct hl_rule *r,
			      hl_params_err_fn err, void *ctx)
{
	static const char *const profiles[] = {"cis-docker", "cis-kubernetes",
					       "pss-baseline",
					       "pss-restricted"};
	if (!rr->profile_params_count)
		return NULL;
	const struct hl_node *seq = hl_map_get(root, "profile-parameters");
	struct hl_buf b = HL_BUF_INIT;
	for (unsigned i = 0; i < rr->profile_params_count; i++) {
		const struct rd_profile_param *p = &rr->profile_params[i];
		bool known = false, profile = false;
		for (uint32_t k = 0; k < r->nparams; k++)
			known |= !strcmp(r->params[k].name, p->name);
		for (size_t k = 0; k < sizeof(profiles) / sizeof(profiles[0]);
		     k++)
			profile |= !strcmp(profiles[k], p->profile);
		if (!known || !profile) {
			char msg[300];
			snprintf(msg, sizeof(msg),
				 known ? "profile-parameters: no profile '%s' "
					 "(cis-docker, cis-kubernetes, "
					 "pss-baseline, pss-restricted)"
				       : "profile-parameters: the rule has no "
					 "parameter '%s'",
				 known ? p->profile : p->name);
			err(ctx,
			    pos_of(seq->u.seq.items[i],
				   known ? "profile" : "name"),
			    msg);
		}
		hl_buf_adds(&b, p->profile);
		hl_buf_addc(&b, '\t');
		add_values(&b, p->name, p->values, p->values_count);
	}
	const char *s = hl_arena_strndup(a, hl_buf_str(&b), b.len);
	hl_buf_release(&b);
	return s;
}

