/*
 * select: which rules run and how their findings count: --profile,
 * --only, --enable, --disable (by slug, id or any alias; an alias two
 * rules share names both), --severity-override and --min-severity; and
 * the baseline (--write-baseline, --baseline): findings recorded by
 * fingerprint, matched as a multiset.
 */
#ifndef HARDLINT_CLI_SELECT_H
#define HARDLINT_CLI_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/options.h"
#include "hardlint.h"

struct hl_outputs;

/* What a partial alias (hl_rule_info.partial) selected of a rule: its
 * findings of the parts in `off` are dropped; when `only` is not 0, those
 * of no part in it are. */
struct hl_part_sel {
	uint32_t off, only;
	bool whole; /* named whole too: `only` does not restrict it */
};

/* The enabled set for `o` over `rules`: *enabled NULL when every rule
 * runs; *parts (by rule index) NULL unless a partial alias was named.
 * False after printing an error (an unknown name, profile). */
bool hl_select_rules(const struct hl_rules *rules, const struct hl_options *o,
		     bool **enabled, struct hl_part_sel **parts);

/* Does `parts` (NULL: none) drop finding `f` of the rule at index k? */
static inline bool hl_part_dropped(const struct hl_part_sel *parts, size_t k,
				   uint32_t fparts)
{
	if (!parts)
		return false;
	/* off: when every part it is about is off (a finding about CPU and
	 * memory stays while memory's part is on); only: when none is */
	return (fparts && parts[k].off && !(fparts & ~parts[k].off)) ||
	       (parts[k].only && !(parts[k].only & fparts));
}

/* --severity-override RULE=SEVERITY, resolved. */
struct hl_override {
	const struct hl_rule_info *rule;
	enum hl_severity severity;
};

/* The overrides of `o` (each rule an alias names gets one). False after
 * printing an error. */
bool hl_select_overrides(const struct hl_rules *rules,
			 const struct hl_options *o, struct hl_override **out,
			 size_t *n);

/* A baseline: fingerprints with how many findings each covers. */
struct hl_baseline {
	struct hl_base_entry {
		char fp[17];
		size_t count;
		size_t line; /* its first line in the file */
		char *what;  /* "RULE PATH", as the file says */
	} *v;
	size_t n;
	const char *path;
};

/* Read baseline FILE; false after printing why (unreadable, corrupt, of
 * a newer format: never an empty baseline). */
bool hl_baseline_read(const char *path, struct hl_baseline *b);
/* Does the baseline cover finding `f`? One entry covers one finding. */
bool hl_baseline_take(struct hl_baseline *b, const struct hl_finding *f);
void hl_baseline_release(struct hl_baseline *b);
/* --report-unused-suppressions: each entry that covered no finding (or
 * fewer than it counts), a note at its line. */
void hl_baseline_unused(const struct hl_baseline *b, FILE *f,
			struct hl_outputs *o);

/* The findings to record: fingerprint, rule and path each. */
struct hl_baseline_out {
	char *text; /* the lines so far */
	size_t len, cap;
	size_t n;
};
void hl_baseline_add(struct hl_baseline_out *w, const struct hl_finding *f);
/* Write the recorded findings to `path`; false after printing why. */
bool hl_baseline_write(struct hl_baseline_out *w, const char *path);

#endif
