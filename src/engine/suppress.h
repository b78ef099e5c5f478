/*
 * engine/suppress: whether the input itself accepts a finding: pragmas in
 * a Dockerfile's comments, annotations and comments in a manifest
 * (suppress.c says which).
 */
#ifndef HARDLINT_ENGINE_SUPPRESS_H
#define HARDLINT_ENGINE_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/views.h"
#include "hardlint.h"

enum hl_suppress_state {
	HL_SUPPRESS_NONE,    /* nothing in the input names it */
	HL_SUPPRESS_YES,     /* suppressed */
	HL_SUPPRESS_EXPIRED, /* a pragma named it, but its until= is past */
};

struct hl_suppression {
	const char *kind;   /* "inline" (a comment) or "annotation" */
	const char *reason; /* reason_len bytes, not NUL-terminated */
	size_t reason_len;
	char until[11]; /* an expired pragma's date */
	bool bad_date;	/* its until= is not a date of the calendar */
	/* the rule name that matched (in the source, name_len bytes) and
	 * its line, so that a used suppression can be told from an unused
	 * one (--report-unused-suppressions); line 0: not told (BuildKit's
	 * check=skip, kube-linter's annotations) */
	const char *name;
	size_t name_len;
	uint32_t line;
};

/* Does the input of `doc` suppress a finding of `ri` at `span` (of view
 * item `item`, or NULL; `parts`: hl_finding.parts)? */
enum hl_suppress_state hl_suppressed(const struct hl_doc *doc,
				     const struct hl_rule_info *ri,
				     const struct hl_item *item,
				     struct hl_span span, uint32_t parts,
				     struct hl_suppression *out);

#endif
