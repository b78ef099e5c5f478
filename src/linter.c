/*
 * linter: the options a caller starts from, and the linter made from
 * them: the rules and the enabled set, a matcher, and each front end's
 * options (lint.c does the linting).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "dockerfile/context.h"
#include "engine/engine.h"
#include "engine/match.h"
#include "engine/report.h"
#include "kubernetes/yaml.h"
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
	l->e.strict = o->strict;
	l->e.require_reason = o->require_reason;
	l->e.excerpts = o->excerpts;
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
	for (size_t i = 0; i < l->ncontexts; i++) {
		hl_context_free(l->contexts[i].ctx);
		free(l->contexts[i].dir);
		free(l->contexts[i].dockerfile);
	}
	free(l->contexts);
	hl_linter_patches_free(l);
	free(l);
}

/* The build context `dir` of `dockerfile`: read once, and shared by the
 * Dockerfiles of that context that have no .dockerignore of their own. */
static const struct hl_context *context_of(void *cache, const char *dir,
					   const char *dockerfile)
{
	struct hl_linter *l = cache;
	char *own = NULL;
	if (dockerfile) {
		size_t n = strlen(dockerfile) + 14;
		own = hl_xmalloc(n);
		snprintf(own, n, "%s.dockerignore", dockerfile);
		if (access(own, F_OK) != 0) {
			free(own);
			own = NULL;
		}
	}
	const char *key = own ? dockerfile : NULL;
	free(own);
	for (size_t i = 0; i < l->ncontexts; i++)
		if (!strcmp(l->contexts[i].dir, dir) &&
		    (key ? l->contexts[i].dockerfile &&
				   !strcmp(l->contexts[i].dockerfile, key)
			 : !l->contexts[i].dockerfile))
			return l->contexts[i].ctx;
	l->contexts = hl_xrealloc(l->contexts, (l->ncontexts + 1) *
						       sizeof(*l->contexts));
	struct hl_ctx_entry *e = &l->contexts[l->ncontexts++];
	e->dir = hl_xmalloc(strlen(dir) + 1);
	strcpy(e->dir, dir);
	e->dockerfile = NULL;
	if (key) {
		e->dockerfile = hl_xmalloc(strlen(key) + 1);
		strcpy(e->dockerfile, key);
	}
	e->ctx = hl_context_read(dir, dockerfile);
	return e->ctx;
}

struct hl_df_ctxref *hl_linter_context(struct hl_linter *l,
				       struct hl_arena *a, const char *fspath)
{
	struct hl_df_ctxref *cr = hl_arena_alloc(a, sizeof(*cr));
	memset(cr, 0, sizeof(*cr));
	cr->read = context_of;
	cr->cache = l;
	cr->dockerfile = fspath;
	if (l->o.context) {
		cr->dir = l->o.context;
	} else if (fspath) {
		/* `docker build .` beside the Dockerfile */
		const char *slash = strrchr(fspath, '/');
		cr->dir = slash ? hl_arena_strndup(a, fspath,
						   slash > fspath
							   ? (size_t)(slash - fspath)
							   : 1)
				: ".";
	}
	return cr;
}

void hl_linter_context_notes(struct hl_report *r, const struct hl_df_ctxref *cr)
{
	struct hl_pos at = {1, 1};
	if (cr->asked && !cr->dir)
		hl_report_unresolved(r, at, "COPY/ADD of the build context",
				     "no build context on standard input "
				     "(give one with --context DIR)");
	else if (cr->ctx && cr->ctx->missing)
		hl_report_unresolved(r, at, "COPY/ADD of the build context",
				     "the context directory cannot be read");
	else if (cr->ctx && cr->ctx->capped)
		hl_report_unresolved(r, at, "COPY/ADD of the build context",
				     "more than 20,000 files in the context: "
				     "the rest not looked at");
}

void hl_linter_unresolved(struct hl_report *r, const struct hl_dockerfile *df)
{
	for (size_t i = 0; i < df->nunresolved; i++)
		hl_report_unresolved(r, df->unresolved[i].span.start,
				     df->unresolved[i].what,
				     df->unresolved[i].variables);
}

const char *hl_version_libraries(void)
{
	static char buf[160];
	char pcre2[64];
	hl_pcre2_version(pcre2, sizeof(pcre2));
	snprintf(buf, sizeof(buf), "libyaml %s, libcyaml %s, PCRE2 %s",
		 hl_yaml_version(), hl_cyaml_version(), pcre2);
	return buf;
}
