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

/* A pragma comment `# TOOL [global] ignore = LIST [until=DATE] [reason]`
 * (TOOL hardlint or hadolint; spaces around `=` and after the commas of
 * LIST allowed, as hadolint allows them): where its parts are in the
 * line. */
struct hl_pragma {
	bool hadolint, global;
	size_t list, list_len; /* LIST's bytes in the line */
	size_t rest;	       /* where until= or the reason may start */
};
bool hl_pragma_parse(const char *s, size_t n, struct hl_pragma *p);
/* Where a LIST that starts at s[i] ends. */
size_t hl_pragma_list_end(const char *s, size_t n, size_t i);
/* The next name of a pragma's LIST at *i (advanced past it): its start
 * and length; false at the end. */
bool hl_pragma_name(const char *list, size_t n, size_t *i, size_t *start,
		    size_t *len);

/* Can the text of `src` hold a pragma at all (an "ignore" or a
 * "check" in it)? Looked at once, kept in src->pragmas. */
bool hl_may_hold_pragmas(struct hl_source *src);

/* Does the input of `doc` suppress a finding of `ri` at `span` (of view
 * item `item`, or NULL; `parts`: hl_finding.parts)? */
enum hl_suppress_state hl_suppressed(const struct hl_doc *doc,
				     const struct hl_rule_info *ri,
				     const struct hl_item *item,
				     struct hl_span span, uint32_t parts,
				     struct hl_suppression *out);

#endif
