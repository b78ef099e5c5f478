/*
 * report: what linting one input produced, on its way to the embedding
 * program's handler (hardlint.h). Findings are copied out of each
 * document's arena as the engine makes them and handed over in batches,
 * sorted within each document, so a long stream holds few at a time;
 * errors (each with its source line, secrets masked) and values left
 * unknown are kept until the input is done.
 */
#ifndef HARDLINT_ENGINE_REPORT_H
#define HARDLINT_ENGINE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/source.h"
#include "engine/engine.h"
#include "hardlint.h"

struct hl_report {
	const char *path;	     /* as printed (in arena) */
	const struct hl_engine *eng; /* its patterns mask excerpts */
	const struct hl_handler *h;  /* where results go; NULL: kept (a
					part read on a thread of its own) */
	struct hl_arena arena;	     /* everything below but findings */
	struct hl_finding *findings; /* not yet handed over (on the heap:
					a stream with a finding in every
					document grows it a long way) */
	size_t nfindings, fcap;
	struct hl_arena farena; /* the findings' strings */
	size_t handed;		/* findings handed over so far */
	struct hl_error *errors;
	size_t nerrors, ecap;
	struct hl_unresolved *unresolved;
	size_t nunresolved, ucap;
	struct hl_unused *unused; /* suppressions that accepted nothing */
	size_t nunused, uucap;
	unsigned char *rules_off; /* rules a regex gave up on here */
	/* rendered Helm output: a `# Source:` template goes beside the
	 * input's own path and line (a file: what is reported must be the
	 * file, so that no document can pass for another file's), or in
	 * their stead (standard input, `helm template ... | hardlint -`) */
	bool beside;
	/* a Kustomize patch: the kustomization that names it, or NULL */
	const char *patch;
	/* the path fingerprints use (hl_input.key_path), or NULL: path */
	const char *key;
	bool helm; /* skipped as a Helm chart's template */
	/* the fingerprints handed over so far (the input's: a part read on
	 * a thread shares its whole's), so that exact ties take ordinals
	 * in the order the findings go out */
	struct hl_fpset *seen;
	bool own_seen;
};

/* Start the report of the input named `path`. */
void hl_report_init(struct hl_report *r, const char *path,
		    const struct hl_engine *eng, const struct hl_handler *h);
/* Make `part`'s ties count with `whole`'s (a part of its stream). */
void hl_report_share_ties(struct hl_report *part, struct hl_report *whole);
void hl_report_release(struct hl_report *r);

/* Keep a copy of finding `f`; `base`, when not 0, is the line of a
 * rendered template's `# Source:` comment naming `tmpl`: beside, the
 * finding gets the template and its line there as its source; else its
 * lines become the template's and the input's is kept as stream_line. */
void hl_report_finding(struct hl_report *r, const struct hl_finding *f,
		       uint32_t base, const char *tmpl);

/* Sort the findings kept since the first `first` (one document's). */
void hl_report_sort_from(struct hl_report *r, size_t first);

/* Keep error `d` (its place in `src`, which may be NULL) with an excerpt
 * of its line. In rendered Helm output, `tmpl` names the template the
 * error is in, at `tmpl_line` with `tmpl_message` (its words for the
 * template's lines): beside the input's place, or in its stead. */
void hl_report_error(struct hl_report *r, struct hl_source *src,
		     const struct hl_diag *d, const char *tmpl,
		     uint32_t tmpl_line, const char *tmpl_message);

/* Keep a value that stayed unknown at `pos`. */
void hl_report_unresolved(struct hl_report *r, struct hl_pos pos,
			  const char *what, const char *variables);
/* Keep a suppression that accepted nothing (hl_engine_unused). */
void hl_report_unused(struct hl_report *r, struct hl_pos pos,
		      const char *name, const char *rule, const char *where);
/* The template expressions ({{ ... }}) of a scalar a template left
 * unknown: what `variables` says of it, never the literal text around
 * them (a password beside a {{ .Values.host }}). */
const char *hl_report_templates(struct hl_arena *a, const char *text);

/* Hand the findings kept to the handler (if there is one) and drop them. */
void hl_report_flush(struct hl_report *r);

/* Move what `part` kept (a part of the same input, read on a thread) to
 * the end of r's, then hand r's findings over; `part` is left empty. */
void hl_report_merge(struct hl_report *r, struct hl_report *part);

/* The input is done: hand over the findings left, its errors (none if
 * drop_errors), its unresolved values in order, and its summary. */
void hl_report_end(struct hl_report *r, enum hl_kind kind, size_t objects,
		   const char *skipped, bool drop_errors);

#endif
