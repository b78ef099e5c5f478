/*
 * linter: the options a caller starts from, and the linter made from
 * them: the rules and the enabled set, a matcher, and each front end's
 * options (lint.c does the linting).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/match.h"
#include "lint.h"

void hl_lint_options_init(struct hl_lint_options *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = HL_KIND_NONE;
	o->max_file_size = HL_SOURCE_MAX_DEFAULT;
	o->match_limit = HL_MATCH_LIMIT_DEFAULT;
	o->yaml_max_depth = HL_YAML_MAX_DEPTH;
	o->yaml_max_aliases = HL_YAML_MAX_ALIAS_NODES;
	o->yaml_max_nodes = HL_YAML_MAX_NODES;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = n > 1 ? (n > 4 ? 4 : (unsigned)n) : 1;
}

enum hl_err hl_linter_new(const struct hl_lint_options *o,
			  struct hl_linter **out)
{
	struct hl_linter *l = hl_xcalloc(1, sizeof(*l));
	l->o = *o;
	l->e.rs = o->rules ? o->rules : hl_rules_builtin();
	l->e.enabled = o->enabled;
	l->e.matcher = hl_matcher_new(l->e.rs, o->match_limit, !o->no_jit);
	l->map = (struct hl_source_map){o->map_files, o->on_map, o->map_ctx};
	hl_yaml_opts_init(&l->k8s.yaml);
	l->k8s.yaml.max_depth = o->yaml_max_depth;
	l->k8s.yaml.max_alias_nodes = o->yaml_max_aliases;
	l->k8s.yaml.max_nodes = o->yaml_max_nodes;
	l->k8s.dump = o->dump;
	l->k8s.threads = o->threads;
	l->k8s.parallel_min = o->parallel_min;
	l->build.target = o->target;
	l->build.build_args = o->build_args;
	l->build.nbuild_args = o->nbuild_args;
	*out = l;
	return HL_OK;
}

void hl_linter_free(struct hl_linter *l)
{
	if (!l)
		return;
	hl_matcher_free(l->e.matcher);
	free(l);
}
