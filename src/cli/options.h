/*
 * options: the command line into one struct hl_options. The only place
 * that reads argv; one table of options makes both getopt_long's array and
 * --help, so they cannot drift.
 */
#ifndef HARDLINT_CLI_OPTIONS_H
#define HARDLINT_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hardlint.h"
#include "output/output.h"

struct hl_options {
	const char **paths;
	size_t npaths;
	enum hl_format format; /* the first --format (or HARDLINT_FORMAT's) */
	/* every --format, with its --output FILE (NULL: standard output) */
	enum hl_format formats[HL_MAX_OUTPUTS];
	const char *files[HL_MAX_OUTPUTS];
	size_t nformats;
	enum hl_color { HL_COLOR_AUTO, HL_COLOR_ALWAYS, HL_COLOR_NEVER } color;
	const char *sarif_srcroot; /* --sarif-srcroot */
	enum hl_severity fail_on;
	bool fail_never;   /* --fail-on none */
	bool fail_on_given; /* by --fail-on or HARDLINT_FAIL_ON: beats a
			       configuration file */
	bool min_severity_given;
	const char **only; /* rule slugs or ids; NULL: all */
	size_t nonly;
	const char **enable, **disable; /* --enable, --disable: names */
	size_t nenable, ndisable;
	enum hl_severity min_severity; /* --min-severity (style: all) */
	const char **overrides;	       /* --severity-override RULE=SEV */
	size_t noverrides;
	bool strict;		    /* --strict */
	const char *config;	    /* --config FILE */
	bool no_config;		    /* --no-config */
	bool no_ignore;		    /* --no-ignore */
	bool render;		    /* --render */
	bool skip_non_manifests;    /* --non-manifests skip */
	bool print_config;	    /* --print-config */
	bool report_unused;	    /* --report-unused-suppressions */
	bool require_reason;	    /* --require-reason */
	bool show_suppressed;	    /* --show-suppressed */
	const char *baseline;	    /* --baseline FILE */
	const char *write_baseline; /* --write-baseline FILE */
	bool helm_skip;		    /* --helm-templates=skip */
	bool require_input;	    /* --require-input */
	const char **excludes;	    /* --exclude GLOB */
	size_t nexcludes;
	const char *context; /* --context DIR, or NULL */
	const char *explain; /* --explain RULE, or NULL */
	const char *profile; /* --profile NAME, or NULL: all */
	bool markdown;	     /* --format markdown (for --explain) */
	const char **sets; /* --set RULE.PARAM=VALUE,... as given */
	size_t nsets;
	const char **owned; /* copies the names above point into */
	size_t nowned;
	enum hl_kind kind; /* --kind, or HL_KIND_NONE */
	const char *stdin_name;
	const char **rule_dirs;
	size_t nrule_dirs;
	const char *target;	 /* --target STAGE */
	const char **build_args; /* --build-arg NAME=value */
	size_t nbuild_args;
	size_t max_file_size;			 /* 0: the library's default */
	uint32_t match_limit;			 /* 0: the library's default */
	unsigned jobs;				 /* 0: the default */
	size_t yaml_max_nodes, yaml_max_aliases; /* 0: the defaults */
	uint32_t yaml_max_depth;
	bool list_rules;
	bool list_views;
	bool test_rules;
	bool dump_ast;
	bool quiet;
	bool help;
	bool version;
};

/* Parse argv into `o`. Returns false after printing a usage error to
 * `err`. Free with hl_options_release. */
bool hl_options_parse(int argc, char **argv, struct hl_options *o, FILE *err);
void hl_options_release(struct hl_options *o);

/* The --help text. */
void hl_options_help(FILE *f);

#endif
