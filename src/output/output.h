/*
 * output: prints results, for the CLI (never part of the library). Each
 * format is a table of begin / finding / error / skipped / unresolved /
 * end functions; the CLI feeds it results in order and never prints a
 * finding itself. Whatever the format, errors also go to stderr as
 * `path:line:col: error: message` with the source line and a caret. Uses
 * only the library's public header.
 */
#ifndef HARDLINT_OUTPUT_OUTPUT_H
#define HARDLINT_OUTPUT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hardlint.h"
#include "output/jsonw.h"

enum hl_format {
	HL_FORMAT_TEXT,
	HL_FORMAT_COMPACT,
	HL_FORMAT_JSON,
	HL_FORMAT__COUNT
};

/* "text", "compact", "json" */
bool hl_format_parse(const char *s, enum hl_format *out);
const char *hl_format_names(void);

struct hl_summary {
	size_t files; /* inputs linted (not skipped) */
	size_t findings;
	size_t by_severity[HL_SEV__COUNT];
	size_t errors; /* inputs with at least one error */
	size_t skipped;
	size_t links;	   /* symlinks a walk did not follow */
	size_t unresolved; /* values checks needed but could not know */
	size_t patches;	   /* Kustomize patches: judged on what they set */
	size_t suppressed; /* findings the inputs or a baseline accepted */
	size_t helm;	   /* Helm chart templates skipped */
};

struct hl_output;

struct hl_output_ops {
	void (*begin)(struct hl_output *o);
	void (*finding)(struct hl_output *o, const struct hl_finding *f);
	void (*error)(struct hl_output *o, const struct hl_error *e);
	void (*skipped)(struct hl_output *o, const char *path,
			const char *reason);
	void (*unresolved)(struct hl_output *o, const char *path,
			   const struct hl_unresolved *u);
	void (*config)(struct hl_output *o, const char *path,
		       const char *effect);
	void (*unused)(struct hl_output *o, const char *path,
		       const struct hl_unused *u);
	void (*end)(struct hl_output *o, const struct hl_summary *s);
};

/* What a format keeps until the end (JSON's errors, skips, unknowns). */
struct hl_kept {
	const char *path;
	struct hl_error e;	/* an error */
	const char *reason;	/* a skip */
	struct hl_unresolved u; /* an unknown value */
	struct hl_unused un;	/* a suppression that accepted nothing */
};

struct hl_output {
	const struct hl_output_ops *ops;
	FILE *out;
	FILE *err;
	bool quiet;	     /* no summary line */
	int werr;	     /* errno of the first failed flush of `out`, or 0 */
	struct hl_json json; /* JSON format */
	struct hl_kept *errors, *skips, *unres, *configs, *unused;
	size_t nerrors, nskips, nunres, nconfigs, nunused;
	size_t ecap, kcap, ucap, ccap, uucap;
	char **strings; /* copies the kept point into */
	size_t nstrings, scap;
};

extern const struct hl_output_ops hl_output_text, hl_output_compact,
	hl_output_json;

void hl_output_init(struct hl_output *o, enum hl_format format, FILE *out,
		    FILE *err, bool quiet);
void hl_output_release(struct hl_output *o);

/* Flush `out`, keeping the reason of the first failure in o->werr (by
 * the time the streams are closed, errno has long moved on). */
void hl_output_flush(struct hl_output *o);

/* A copy of `s` (or NULL) that lives until hl_output_release. */
const char *hl_output_keep(struct hl_output *o, const char *s);

/* Room for one more kept item in *v (count *n, capacity *cap). */
struct hl_kept *hl_output_push(struct hl_kept **v, size_t *n, size_t *cap);

/* Feed the output: these call the format's functions; errors are also
 * printed to `err` in the common form. */
void hl_output_begin(struct hl_output *o);
void hl_output_finding(struct hl_output *o, const struct hl_finding *f);
void hl_output_error(struct hl_output *o, const struct hl_error *e);
void hl_output_skipped(struct hl_output *o, const char *path,
		       const char *reason);
/* `hardlint: note: path: message` on `err`, whatever the format. */
void hl_output_note(struct hl_output *o, const char *path, const char *message);
void hl_output_unresolved(struct hl_output *o, const char *path,
			  const struct hl_unresolved *u);
/* A configuration file used, and what it turned off (the log's note). */
void hl_output_config(struct hl_output *o, const char *path,
		      const char *effect);
/* A suppression that accepted nothing (--report-unused-suppressions):
 * `u->where` is "comment", "annotation", "config" (an ignore of the
 * configuration file `path`) or "baseline" (an entry of the baseline
 * `path`, named by u->name). */
void hl_output_unused(struct hl_output *o, const char *path,
		      const struct hl_unused *u);
void hl_output_end(struct hl_output *o, const struct hl_summary *s);

/* Print `path:line:col: error: message`, then the excerpt and a caret
 * under its column, when the error has one. */
void hl_print_error(FILE *f, const struct hl_error *e);

/* Print `s` with control characters and bytes that are not UTF-8 escaped
 * as \xNN (tabs kept if asked), C1 controls and Unicode's invisible
 * characters (format characters: zero-width, bidirectional controls,
 * BOM, tags; line and paragraph separators) as \uXXXX or \UXXXXXXXX, so
 * input text cannot forge lines, move the terminal's cursor, or hide or
 * reorder what is shown. */
void hl_put_clean(FILE *f, const char *s, bool keep_tabs);

/* `s` as hl_put_clean prints it, in a string to free (NULL if out of
 * memory). */
char *hl_clean_copy(const char *s);

/* --list-rules in text (a table) or JSON. */
/* The rules (those `enabled` says, all when NULL), as a table or JSON. */
void hl_output_rules(FILE *f, const struct hl_rules *rs, const bool *enabled,
		     bool json);

/* --explain: rule i of `rs` in full, as text or (`markdown`) as the page
 * docs/rules/<slug>.md holds. */
void hl_output_explain(FILE *f, const struct hl_rules *rs, size_t i,
		       bool markdown);

/* --list-views: every view and record type, with their fields (a
 * Markdown table each; docs/RULE-FORMAT.md holds the same). */
void hl_output_views(FILE *f);

/* --dump-ast: one input's tree as JSON; `with_path`: as {"path", "tree"}
 * (several inputs). */
void hl_output_tree(FILE *f, const char *path, const struct hl_node *root,
		    bool with_path);

#endif
