/*
 * config: configuration files (.hardlint.yaml) and what they make of a
 * run (docs/CONFIGURATION.md). `--config FILE` (or HARDLINT_CONFIG) is
 * the one file for every input; otherwise each input's nearest
 * .hardlint.yaml, looking up from its directory to the root of its git
 * work tree, governs it, and the one found from the current directory is
 * the top level: only it may set run-wide keys (fail-on, min-severity,
 * strict, require-input). Precedence: the command line, then
 * HARDLINT_* variables, then the file.
 *
 * Each file in use makes a policy: the rules (profile and parameters
 * applied), which run, severities, the file's ignores and excludes, and
 * a linter. Under --strict a nested file may only add rules and raise
 * severities: what it turns off, ignores or lowers is not honoured.
 */
#ifndef HARDLINT_CLI_CONFIG_H
#define HARDLINT_CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/options.h"
#include "cli/select.h"
#include "hardlint.h"
#include "output/mem.h"

struct hl_policy_ignore {
	const struct hl_config_ignore *src;
	uint32_t *rules; /* by rule index: UINT32_MAX the whole rule, else
			    the parts its partial aliases name (0: not
			    named); NULL: every rule */
	size_t hits;
};

struct hl_policy {
	const struct hl_config *cfg; /* NULL: no file */
	const char *dir;	     /* the file's directory (real path) */
	bool nested;		     /* discovered below the top level */
	bool dropped;		     /* --strict: its weakening not honoured */
	const struct hl_config *own; /* whose exclude and ignores apply */
	const struct hl_rules *rules;
	struct hl_rules **copies;
	size_t ncopies;
	bool *enabled; /* NULL: all */
	struct hl_part_sel *parts; /* NULL: no partial alias named */
	struct hl_override *overrides;
	size_t noverrides;
	struct hl_policy_ignore *ignores;
	size_t nignores;
	struct hl_linter *linter; /* made by the caller */
	size_t used;		  /* inputs it governed */
};

struct hl_configs {
	struct hl_options *opt;
	const struct hl_rules *base;
	struct hl_config *fixed; /* --config / HARDLINT_CONFIG */
	const char *fixed_from;	 /* "--config" or "HARDLINT_CONFIG" */
	char *fixed_dir;
	struct hl_config *top; /* discovered from the current directory */
	char *top_dir;
	struct cfg_file {
		char *dir; /* real path of its directory */
		struct hl_config *cfg;
		bool root; /* at the root of a git work tree */
	} *files;
	size_t nfiles;
	struct cfg_dir {
		char *dir;
		size_t file; /* index in files, or SIZE_MAX: none */
	} *dirs;
	size_t ndirs;
	struct hl_policy **policies;
	size_t npolicies;
	char *cwd;
};

/* Load --config or HARDLINT_CONFIG, or discover the top-level file, and
 * apply the run-wide keys to `opt` where the command line and the
 * environment left them. False after printing every error. */
bool hl_configs_init(struct hl_configs *cs, struct hl_options *opt,
		     const struct hl_rules *rules);

/* The policy for input `fspath` (NULL: standard input: the top level's),
 * loading and checking its nearest file if new; NULL after printing why
 * the file cannot be used. `rel` gets the input's path relative to the
 * policy's directory (for its globs) in `relbuf`. */
struct hl_policy *hl_configs_policy(struct hl_configs *cs, const char *fspath,
				    char *relbuf, size_t relsize,
				    const char **rel);

/* Does the policy's `exclude` leave out the input at `rel`? */
bool hl_policy_excludes(const struct hl_policy *p, const char *rel);

/* The ignore of `p` that accepts finding `f` (of the input at `rel`), or
 * NULL; *expired_on names an ignore that would have, had its `until` not
 * passed (or NULL). */
struct hl_policy_ignore *hl_policy_ignored(struct hl_policy *p,
					   const struct hl_finding *f,
					   const char *rel,
					   const char **expired_on);

/* The notes a run's log must show: each file used and what it turned
 * off, on `f` (or not, when NULL) and to `o` (JSON's record; or NULL). */
void hl_configs_notes(const struct hl_configs *cs, FILE *f,
		      struct hl_outputs *o);
/* --report-unused-suppressions: the ignores that accepted nothing, as
 * notes on `f` and to `o`. */
void hl_configs_unused(const struct hl_configs *cs, FILE *f,
		       struct hl_outputs *o);

/* The path fingerprints use for the input at `path` (a file's, or the
 * name --stdin-filename gives): from the root of its git work tree,
 * whatever the current directory and however it was written; NULL
 * outside a work tree (the path as printed then). */
const char *hl_configs_key_path(const struct hl_configs *cs,
				struct hl_pool *pool, const char *path);

/* --print-config PATH: the effective configuration and where each value
 * came from. */
void hl_configs_print(struct hl_configs *cs, FILE *f, const char *path);

void hl_configs_release(struct hl_configs *cs);

#endif
