/*
 * lint: one input through the whole pipeline: read it, decide its kind,
 * run its front end (one YAML document at a time, each in an arena of its
 * own), build the views, run the engine, and keep what came out: findings
 * (sorted), errors and whether the file was skipped. A result owns its
 * memory until released, so the caller can print results in order (and,
 * later, lint files in parallel).
 */
#ifndef HARDLINT_LINT_H
#define HARDLINT_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/arena.h"
#include "cli/discover.h"
#include "dockerfile/dockerfile.h"
#include "engine/engine.h"
#include "core/error.h"
#include "engine/finding.h"
#include "kubernetes/yaml.h"

struct hl_lint_result;

struct hl_lint_opts {
	const struct hl_engine *engine;
	size_t max_file_size;
	struct hl_yaml_opts yaml;
	enum hl_kind force_kind; /* HL_KIND_NONE: by name, then content */
	FILE *dump;		 /* --dump-ast: print trees, do not check */
	bool dump_paths;	 /* each tree as {"path": P, "tree": T} */
	uint32_t match_limit;	 /* for the matchers of extra threads */
	unsigned threads;	 /* a large YAML stream is split among at
				    most this many threads (1: none) */
	struct hl_df_opts build; /* --target, --build-arg */
	/* When set, a YAML stream's findings are handed over in batches as
	 * they are made (whole documents, in stream order), so memory does
	 * not grow with the findings: the callee reads r->findings[0 ..
	 * nfindings), which are then dropped. */
	void (*flush)(void *ctx, const struct hl_lint_result *r);
	void *flush_ctx;
	size_t part_cap;     /* findings a thread's part may keep before the
				rest is read on one thread (0: the default) */
	size_t parallel_min; /* a stream this long is split among threads
				(0: the default, 16 MiB) */
};

/* Defaults: the limits of source.h and yaml.h, no forced kind. */
void hl_lint_opts_init(struct hl_lint_opts *o, const struct hl_engine *e);

/* An error with the source line it points at, for the caret: at most 160
 * characters around the column (… marks what was cut), secrets masked. */
struct hl_lint_error {
	struct hl_diag diag;
	const char *line_text; /* NULL when there is no line */
	uint32_t caret;	       /* 1-based column of the caret in line_text */
	uint32_t stream_line;  /* the line in the input, when path and line
				  are a rendered Helm template's; else 0 */
};

struct hl_lint_result {
	const char *path;
	enum hl_kind kind;
	struct hl_arena arena;	     /* everything below but the findings */
	struct hl_finding *findings; /* on the heap */
	size_t nfindings, fcap;
	struct hl_arena farena; /* the findings' strings */
	size_t flushed;		/* findings already handed to opts.flush */
	struct hl_lint_error *errors;
	size_t nerrors, ecap;
	const char *skipped; /* why it was not linted, or NULL */
	struct hl_lint_unresolved {
		struct hl_pos pos;
		const char *what;      /* FROM, USER, ... */
		const char *variables; /* that had no value */
	} * unresolved;		       /* values the checks could not know */
	size_t nunresolved, ucap;
	size_t objects;		  /* Kubernetes objects checked */
	unsigned char *rules_off; /* rules given up on in this file */
};

/* Lint one input into `r` (which must be released afterwards). */
void hl_lint_input(const struct hl_lint_opts *o, const struct hl_input *in,
		   struct hl_lint_result *r);

/* Lint `len` bytes of Dockerfile or YAML text named `path` (tests). */
void hl_lint_text(const struct hl_lint_opts *o, enum hl_kind kind,
		  const char *path, const char *text, size_t len,
		  struct hl_lint_result *r);

void hl_lint_result_release(struct hl_lint_result *r);

#endif
