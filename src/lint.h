/*
 * lint.h: the linter a caller makes once and lints many inputs with
 * (hardlint.h's opaque struct hl_linter), shared by lint.c, the one
 * route from an input to a finding, and linter.c, its making.
 */
#ifndef HL_LINT_H
#define HL_LINT_H

#include "core/source.h"
#include "dockerfile/dockerfile.h"
#include "engine/engine.h"
#include "hardlint.h"

struct hl_report;
struct hl_arena;
#include "kubernetes/stream.h"

struct hl_linter {
	struct hl_lint_options o;
	struct hl_engine e; /* rules, enabled rules, matcher */
	struct hl_source_map map;
	struct hl_k8s_opts k8s;
	struct hl_df_opts build;
	/* build contexts read so far: each Dockerfile of one context shares
	 * its walk (a Dockerfile with its own .dockerignore has its own) */
	struct hl_ctx_entry {
		char *dir, *dockerfile; /* dockerfile NULL: the shared one */
		struct hl_context *ctx;
	} *contexts;
	size_t ncontexts;
	/* directories looked at for a kustomization (patches.c): a hash
	 * table of kcap slots */
	struct hl_kdir **kdirs;
	size_t nkdirs, kcap;
};

/* A Dockerfile's build context (--context, or the directory of `fspath`;
 * none for standard input without --context), read when a rule asks;
 * and what the report says of it after the rules ran (none on standard
 * input, capped, unreadable). */
struct hl_df_ctxref *hl_linter_context(struct hl_linter *l,
				       struct hl_arena *a, const char *fspath);
void hl_linter_context_notes(struct hl_report *r,
			     const struct hl_df_ctxref *cr);
/* The Kustomize patch that file `fspath` is (the nearest kustomization
 * of its directory or an ancestor, up to the repository root, names it;
 * *kfile: that kustomization), or NULL (patches.c). */
struct hl_kpatch;
const struct hl_kpatch *hl_linter_patch(struct hl_linter *l,
					const char *fspath, const char **kfile);
void hl_linter_patches_free(struct hl_linter *l);
/* The values a Dockerfile left unknown, into the report. */
void hl_linter_unresolved(struct hl_report *r, const struct hl_dockerfile *df);

#endif
