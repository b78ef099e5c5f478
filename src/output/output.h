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
	HL_FORMAT_SARIF,
	HL_FORMAT_CHECKSTYLE,
	HL_FORMAT_JUNIT,
	HL_FORMAT_GITHUB,
	HL_FORMAT_GITLAB,
	HL_FORMAT_GNU,
	HL_FORMAT__COUNT
};

/* A format by name: text, compact, json, sarif, checkstyle, junit,
 * github, gitlab, gnu. */
bool hl_format_parse(const char *s, enum hl_format *out);
/* Its name. */
const char *hl_format_name(enum hl_format f);
/* "text, compact, json, ..." */
const char *hl_format_names(void);
/* Is it read by people (text, compact, gnu, github), so that the summary
 * line on stderr belongs beside it? */
bool hl_format_human(enum hl_format f);

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
struct hl_outputs;

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
	/* an input linted (not skipped), when it is done */
	void (*input)(struct hl_output *o, const char *path);
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

/* One format, written to one stream (a sink of struct hl_outputs). */
struct hl_output {
	const struct hl_output_ops *ops;
	enum hl_format format;
	FILE *out;
	const char *file;    /* --output FILE, or NULL: standard output */
	FILE *err;
	bool quiet;	     /* no summary line */
	bool color;	     /* text: colours (a terminal, --color) */
	int werr;	     /* errno of the first failed flush of `out`, or 0 */
	const struct hl_outputs *all; /* its run's (rules, srcroot, status) */
	struct hl_json json; /* JSON format */
	struct hl_kept *errors, *skips, *unres, *configs, *unused;
	size_t nerrors, nskips, nunres, nconfigs, nunused;
	size_t ecap, kcap, ucap, ccap, uucap;
	char **strings; /* copies the kept point into */
	size_t nstrings, scap;
	/* the findings a format writes at the end (SARIF, checkstyle,
	 * JUnit, GitLab), their strings kept; and the inputs linted */
	struct hl_finding *found;
	size_t nfound, fcap;
	const char **inputs;
	size_t ninputs, icap;
};

/* Keep a copy of `f` in o->found (its strings with hl_output_keep). */
void hl_output_keep_finding(struct hl_output *o, const struct hl_finding *f);
/* compact and gnu written to a file (-o): an input's error as a line of
 * the format, `path:line:col: error: message [hardlint-error]`, so the
 * file a CI step keeps says what was not checked (on standard output the
 * error is on standard error beside it). */
void hl_output_line_error(struct hl_output *o, const struct hl_error *e);
/* Keep a copy of error `e` in o->errors (its excerpt left out). */
void hl_output_keep_error(struct hl_output *o, const struct hl_error *e);
/* Keep `path` in o->inputs. */
void hl_output_keep_input(struct hl_output *o, const char *path);

extern const struct hl_output_ops hl_output_text, hl_output_compact,
	hl_output_json, hl_output_sarif, hl_output_checkstyle,
	hl_output_junit, hl_output_github, hl_output_gitlab, hl_output_gnu;

/* Every format a run writes: each finding, error and note goes to all;
 * errors and notes are also printed once on `err` in the common form, and
 * the summary line once (unless quiet) when a format people read is among
 * them or none writes to standard output. */
#define HL_MAX_OUTPUTS 16
struct hl_outputs {
	struct hl_output v[HL_MAX_OUTPUTS];
	size_t n;
	FILE *err;
	bool quiet;
	const struct hl_rules *rules; /* SARIF's rules[] */
	const char *srcroot; /* SARIF's %SRCROOT%: the directory paths are
				from, as an absolute file:// URI base, or
				NULL (paths as printed) */
	const char *prefix;  /* the current directory from srcroot, "" or
				"dir/": prepended to relative paths */
	int status;	     /* the run's exit status, for SARIF */
};

/* Close a file written to: 0 if every byte reached it, else the first
 * reason known (`werr`, a write's on the way; the last flush's; the
 * close's; EIO when the stream failed without saying why). */
int hl_close_file(FILE *f, int werr);

/* Open `n` formats (`files[i]` NULL: standard output); false, with the
 * reason on `err`, when a file cannot be opened. */
bool hl_outputs_open(struct hl_outputs *os, const enum hl_format *formats,
		     const char *const *files, size_t n, FILE *err, bool quiet,
		     bool color);
/* Flush and close the files; false, said on `err`, when a write was lost
 * (a full disk): the run must not pass then. *werr: the first failed
 * flush of standard output, or 0. */
bool hl_outputs_close(struct hl_outputs *os, int *werr);
void hl_outputs_begin(struct hl_outputs *os);
void hl_outputs_finding(struct hl_outputs *os, const struct hl_finding *f);
void hl_outputs_error(struct hl_outputs *os, const struct hl_error *e);
void hl_outputs_skipped(struct hl_outputs *os, const char *path,
			const char *reason);
/* `hardlint: note: path: message` on `err`, whatever the formats. */
void hl_outputs_note(struct hl_outputs *os, const char *path,
		     const char *message);
void hl_outputs_unresolved(struct hl_outputs *os, const char *path,
			   const struct hl_unresolved *u);
void hl_outputs_config(struct hl_outputs *os, const char *path,
		       const char *effect);
void hl_outputs_unused(struct hl_outputs *os, const char *path,
		       const struct hl_unused *u);
/* An input linted (not skipped), when it is done. */
void hl_outputs_input(struct hl_outputs *os, const char *path);
void hl_outputs_flush(struct hl_outputs *os);
void hl_outputs_end(struct hl_outputs *os, const struct hl_summary *s);

/* The summary line (`hardlint: N findings ...`), as the end of a run
 * prints it on stderr. */
void hl_print_summary(FILE *f, const struct hl_summary *s);

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

/* The text format's excerpt of a finding: `line | text` (at most 120
 * columns of it, around `col`), then a caret under `col` and tildes under
 * the rest of what it spans to `end_col` (0: the caret alone), as
 * compilers print them; `text` escaped as hl_put_clean does. */
void hl_put_excerpt(FILE *f, uint32_t line, const char *text, uint32_t col,
		    uint32_t end_col, bool color);

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

/* A file name as hl_put_clean prints text, a backslash doubled (so two
 * names never print alike). */
void hl_put_clean_path(FILE *f, const char *path);

/* `s` as hl_put_clean prints it, in a string to free (NULL if out of
 * memory). */
char *hl_clean_copy(const char *s);

/* A file name as hl_put_clean_path prints it, in a string to free (NULL
 * if out of memory). */
char *hl_clean_path_copy(const char *path);

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
