/*
 * hardlint.h: the whole public interface of libhardlint, the library
 * behind the hardlint command. It lints Dockerfiles (Containerfiles) and
 * Kubernetes manifests against a rule catalogue and hands back findings,
 * errors and, on request, syntax trees through callbacks, or keeps them
 * in a result (struct hl_result, below).
 *
 *   struct hl_linter *l;
 *   struct hl_lint_options o;
 *   hl_lint_options_init(&o);            // the built-in rules, defaults
 *   if (hl_linter_new(&o, &l) != HL_OK) ...
 *   struct hl_handler h = {.finding = on_finding, .ctx = me};
 *   hl_lint_buffer(l, HL_KIND_NONE, "Dockerfile", text, len, &h);
 *   hl_linter_free(l);
 *
 * The library never prints, never exits and installs no signal handler.
 * Running out of memory calls the handler set with hl_set_oom_handler
 * (abort() if none is set or it returns). Files are read with read(2)
 * unless the caller asks for mapping (map_files below), and then the
 * caller owns the SIGBUS that a file truncated under it raises.
 *
 * Strings handed to a callback live until the callback returns; copy what
 * must outlive it (or let a struct hl_result keep copies). The library
 * calls a handler from one thread at a time. A linter is used by one thread at
 * a time (it may start threads of its own for a large YAML stream: see
 * `threads`).
 */
#ifndef HARDLINT_H
#define HARDLINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *hl_version(void);
/* The libraries it runs with: "libyaml 0.2.5, libcyaml 1.3.1, PCRE2
 * 10.42 2022-12-11" (static storage). */
const char *hl_version_libraries(void);

/* ------------------------------------------------------------------ */
/* Errors, positions, names                                           */

/* What stopped an input, a document or a rule file from being checked. */
enum hl_err {
	HL_OK = 0,
	HL_ERR_IO,	 /* cannot open or read */
	HL_ERR_BINARY,	 /* binary content */
	HL_ERR_TOO_BIG,	 /* input larger than the size limit */
	HL_ERR_SYNTAX,	 /* input that does not parse (YAML) */
	HL_ERR_LIMIT,	 /* a robustness limit hit (depth, aliases, ...) */
	HL_ERR_TEMPLATE, /* an unrendered template (Helm) */
	HL_ERR_RULE,	 /* an invalid rule or list file */
	HL_ERR_USAGE,	 /* a bad option or argument */
	HL_ERR_EMPTY,	 /* nothing to lint where something must be: empty
			    standard input, no object under --kind
			    kubernetes */
	HL_ERR__COUNT
};

/* A short lower-case description of `err` ("limit exceeded"). */
const char *hl_strerror(enum hl_err err);

/* A 1-based position; a column counts Unicode code points (a tab is 1).
 * Line 0 means "no position". */
struct hl_pos {
	uint32_t line;
	uint32_t col;
};

/* A range: its start, and the position just after its last character. */
struct hl_span {
	struct hl_pos start;
	struct hl_pos end;
};

/* Ordered: a higher value is more severe. */
enum hl_severity {
	HL_SEV_STYLE,
	HL_SEV_INFO,
	HL_SEV_WARNING,
	HL_SEV_ERROR,
	HL_SEV__COUNT
};

/* "style", "info", "warning", "error"; parsing ignores case. */
const char *hl_severity_name(enum hl_severity s);
bool hl_severity_parse(const char *s, enum hl_severity *out);

/* What a rule checks. */
enum hl_target { HL_TARGET_DOCKERFILE, HL_TARGET_KUBERNETES, HL_TARGET__COUNT };

/* "dockerfile", "kubernetes". */
const char *hl_target_name(enum hl_target t);
bool hl_target_parse(const char *s, enum hl_target *out);

/* What an input is. */
enum hl_kind {
	HL_KIND_NONE,	    /* not known (yet): decide from the content */
	HL_KIND_DOCKERFILE, /* a Dockerfile or Containerfile */
	HL_KIND_KUBERNETES, /* YAML or JSON that may hold manifests */
	HL_KIND__COUNT
};

/* What a file named `basename` is by its name alone: Dockerfile,
 * Containerfile, Dockerfile.*, *.Dockerfile and the like (templates such
 * as Dockerfile.j2 excluded) are Dockerfiles; *.yaml, *.yml and *.json are
 * Kubernetes (the extension first); anything else HL_KIND_NONE. */
enum hl_kind hl_kind_by_name(const char *basename);

/* ------------------------------------------------------------------ */
/* Memory                                                             */

/* Called when an allocation of `size` bytes fails. It must not return:
 * it exits the program (a longjmp out of the library call would leave
 * its memory and, with threads > 1, worker threads behind: the handler
 * may run on one of them); if it returns, or none is set, the library
 * calls abort(). Process-wide; set it before any other call. */
typedef void (*hl_oom_fn)(size_t size);
void hl_set_oom_handler(hl_oom_fn fn);

/* ------------------------------------------------------------------ */
/* Rules                                                              */

struct hl_reference {
	const char *title; /* "CIS Docker Benchmark 4.1" */
	const char *url;   /* or NULL */
};

/* What a rule is: everything but how it checks. */
struct hl_rule_info {
	const char *id;		 /* "HL1001" */
	const char *slug;	 /* "df-user-root": the public name */
	const char *title;	 /* one line */
	const char *description; /* longer text, or NULL */
	const char *message;	 /* the message template, {placeholders} */
	const char *fix;	 /* how to fix it, or NULL */
	enum hl_severity severity;
	enum hl_target target;
	const char *view; /* the view it looks at ("stage", "container") */
	const struct hl_reference *refs;
	uint32_t nrefs;
	const char *const *standards; /* "CIS Docker 4.1", ... */
	uint32_t nstandards;
	const char *const *aliases; /* peers' names for it ("DL3002") */
	uint32_t naliases;
	const char *file; /* its rule file, relative to its directory */
	/* small documents it must catch, and must pass (its examples): each
	 * kind one after the other, each ended by a NUL; hl_rule_example
	 * gives them one at a time */
	const char *catches;
	uint32_t ncatches;
	const char *passes;
	uint32_t npasses;
	/* parameter values its examples are run with, or NULL: lines of
	 * "name" then each value, tab-separated */
	const char *example_params;
	/* parameter values a --profile sets, or NULL: lines of "profile",
	 * "name" then each value, tab-separated */
	const char *profile_params;
	/* the aliases that name only part of the rule (hadolint's DL3008 is
	 * df-pkg-unpinned's apt packages): selecting or suppressing one
	 * touches only the findings whose `parts` has its bit (1 << i for
	 * partial[i]) */
	const char *const *partial;
	uint32_t npartial;
	/* SARIF's security-severity ("0.0" to "10.0") the rule file gives,
	 * or NULL: then one from the severity */
	const char *security_severity;
};

/* Example i of rule `r`: one it must catch (`catch`), or one it must pass;
 * NULL past the last. */
const char *hl_rule_example(const struct hl_rule_info *r, bool catch,
			    uint32_t i);

/* A compiled catalogue: the built-in rules, and those loaded beside them. */
struct hl_rules;

/* The rules built into the library. */
const struct hl_rules *hl_rules_builtin(void);

/* The parts of rule `r` that partial alias i names: its bit, and the bits
 * of the aliases that name the same part (hadolint's, Trivy's and
 * Checkov's names of one check). */
uint32_t hl_rule_part(const struct hl_rule_info *r, uint32_t i);

/* How many rules there are; rule i (0 <= i < count), sorted by id. */
size_t hl_rules_count(const struct hl_rules *rs);
const struct hl_rule_info *hl_rules_get(const struct hl_rules *rs, size_t i);

/* The rule whose slug, id or alias is `name` (ids and aliases in any
 * case), or NULL; its index in *index when not NULL. */
const struct hl_rule_info *hl_rules_find(const struct hl_rules *rs,
					 const char *name, size_t *index);

/* The slug closest to an unknown `name`, for "did you mean" hints, or
 * NULL when none is close. */
const char *hl_rules_suggest(const struct hl_rules *rs, const char *name);

/* Parameter k of rule i (0 <= k < the count hl_rules_nparams gives): its
 * name, what it means, and its values (strings; or, for a list of
 * patterns, their names and regexes). */
struct hl_param_info {
	const char *name;
	const char *description;
	const char *const *values; /* strings, or NULL */
	size_t nvalues;
	size_t npatterns; /* hl_rules_param_pattern gives each */
};
size_t hl_rules_nparams(const struct hl_rules *rs, size_t i);
bool hl_rules_param(const struct hl_rules *rs, size_t i, size_t k,
		    struct hl_param_info *out);
/* Pattern j of parameter k of rule i: its name and regex. */
bool hl_rules_param_pattern(const struct hl_rules *rs, size_t i, size_t k,
			    size_t j, const char **name, const char **regex);

/* Rule i's parameters: their names, comma-separated ("registries"), or
 * "" when it has none. */
const char *hl_rules_params(const struct hl_rules *rs, size_t i, char *buf,
			    size_t size);

/* A copy of `rs` in which parameter `param` of rule i holds `values` (n
 * of them, replacing its defaults): strings, where `*` matches any run of
 * characters (`*.example.com`), or PCRE2 regexes when the parameter is a
 * list of patterns. `rs` and the strings must outlive the copy; free it
 * with hl_rules_free. NULL, with why (`whysize` bytes) said, when rule i
 * has no such parameter or a regex does not compile. */
struct hl_rules *hl_rules_with_param(const struct hl_rules *rs, size_t i,
				     const char *param,
				     const char *const *values, size_t n,
				     char *why, size_t whysize);
void hl_rules_free(struct hl_rules *rs);

/* A copy of `rs` in which rule i's parameters hold what its examples say
 * (its example_params), or NULL when they say nothing; free it with
 * hl_rules_free. */
struct hl_rules *hl_rules_for_examples(const struct hl_rules *rs, size_t i);

/* A copy of `rs` in which the parameters that rules set for `profile`
 * (pss-restricted narrows k8s-caps-not-allowed's list) hold those
 * values, or NULL when no rule sets any; free it with hl_rules_free. */
struct hl_rules *hl_rules_for_profile(const struct hl_rules *rs,
				      const char *profile);

/* An error with its place: what went wrong in an input or a rule file. */
struct hl_error {
	enum hl_err code;
	const char *path;     /* as printed */
	uint32_t line, col;   /* 1-based; 1:1 for a file as a whole */
	const char *message;  /* lower-case, no full stop */
	const char *excerpt;  /* the source line around the place (at most
				 160 characters, secrets masked), or NULL */
	uint32_t caret;	      /* the column of the place in `excerpt` */
	uint32_t stream_line; /* when path and line are a rendered Helm
				 template's: the line in the input; else 0 */
	const char *source;   /* as hl_finding's: a template beside a
				 file's own place, or NULL */
	uint32_t source_line;
};

/*
 * A loader reads rule and list files (docs/RULE-FORMAT.md) on top of the
 * built-in rules. Every file is read and checked; errors are kept with
 * their file:line:column. hl_loader_finish compiles what was read into
 * rules owned by the loader (NULL if any file had an error).
 */
struct hl_loader;
struct hl_loader *hl_loader_new(void);
void hl_loader_free(struct hl_loader *L);
bool hl_loader_add_file(struct hl_loader *L, const char *fspath,
			const char *name);
bool hl_loader_add_text(struct hl_loader *L, const char *text, size_t len,
			const char *name);
const struct hl_rules *hl_loader_finish(struct hl_loader *L);
size_t hl_loader_errors(const struct hl_loader *L,
			const struct hl_error **errors);

/*
 * A configuration file (.hardlint.yaml; docs/CONFIGURATION.md), read and
 * checked against its schema: an unknown or misspelt key, a value of the
 * wrong type, a bad date is an error at its file:line:column. The values
 * are the file's text with their places; what they name (rules,
 * severities, globs) is the caller's to check against its rules.
 */
struct hl_config_value {
	const char *text; /* NULL: not given */
	uint32_t line, col;
};

struct hl_config_severity { /* severity-overrides: */
	struct hl_config_value rule, severity;
};

struct hl_config_param { /* parameters: */
	struct hl_config_value rule, parameter;
	const struct hl_config_value *values;
	size_t nvalues;
};

struct hl_config_ignore { /* ignores: every given key must match */
	const struct hl_config_value *rules; /* none: every rule */
	size_t nrules;
	struct hl_config_value path, kind, namespace, name, container;
	struct hl_config_value reason, until;
	uint32_t line, col; /* the entry */
};

struct hl_config {
	const char *path; /* as named */
	const struct hl_config_value *enable, *disable, *only, *exclude;
	size_t nenable, ndisable, nonly, nexclude;
	struct hl_config_value profile, fail_on, min_severity;
	struct hl_config_value strict, require_input; /* "true", "false" */
	const struct hl_config_severity *severities;
	size_t nseverities;
	const struct hl_config_param *params;
	size_t nparams;
	const struct hl_config_ignore *ignores;
	size_t nignores;
	struct hl_config_value run_wide; /* the first run-wide key (fail-on,
					    min-severity, strict,
					    require-input), or text NULL */
};

/* Read the configuration file `fspath`, named `name` in messages. NULL
 * after handing every error to `on_error` (nothing is half loaded). */
struct hl_config *hl_config_load(const char *fspath, const char *name,
				 void (*on_error)(void *ctx,
						  const struct hl_error *e),
				 void *ctx);
void hl_config_free(struct hl_config *c);

/* ------------------------------------------------------------------ */
/* Views: what rules can read                                         */

/* A field of a record (a view's item, or what one of its fields holds). */
struct hl_field_info {
	const char *name;    /* as rules write it in a path */
	const char *type;    /* string, integer, boolean, a record type
				("image"), a Kubernetes type ("Container"),
				object (any YAML), [T] (a list of T), {T}
				(a mapping with free keys, values T) */
	const char *meaning; /* one line */
};

/* A record type: the items of a view, or what one of their fields holds. */
struct hl_type_info {
	const char *name; /* "stage", "container" */
	enum hl_target target;
	const char *meaning; /* one line */
	const char *passes;  /* the Kubernetes type(s) whose own fields its
				items also have ("Container", "EnvVar|
				EnvFromSource"), or NULL */
	size_t nfields;
};

/* Field i of a record type (0 <= i < nfields), or NULL. */
const struct hl_field_info *hl_type_field(const struct hl_type_info *t,
					  size_t i);

/* Every record type, in a fixed order; the one named `name`, or NULL. */
size_t hl_types_count(void);
const struct hl_type_info *hl_types_get(size_t i);
const struct hl_type_info *hl_types_find(const char *name);

/* A view: what rules name in for-each. */
struct hl_view_info {
	const char *name; /* "stage" */
	enum hl_target target;
	const char *what; /* "build stage": one item per ... */
	const char *type; /* its items' type: a record type, or a
			     Kubernetes type ("Object") */
};

/* The views, in a fixed order. */
size_t hl_views_count(void);
const struct hl_view_info *hl_views_get(size_t i);

/* The version of the Kubernetes API whose types paths are checked
 * against ("v1.31"). */
const char *hl_api_version(void);

/* ------------------------------------------------------------------ */
/* Syntax trees (for a caller that asks for them: dump)               */

/* A node of the tree a front end made: a mapping, a list or a scalar,
 * with its place. Aliases are followed by every function below. */
struct hl_node;

enum hl_tree_kind { HL_TREE_SCALAR, HL_TREE_MAP, HL_TREE_SEQ };

/* The type YAML 1.1 (as Kubernetes reads it) gives a scalar. */
enum hl_scalar_type {
	HL_SCALAR_STR,
	HL_SCALAR_BOOL,
	HL_SCALAR_INT,
	HL_SCALAR_FLOAT,
	HL_SCALAR_NULL,
	HL_SCALAR__COUNT
};

enum hl_tree_kind hl_tree_kind(const struct hl_node *n);
struct hl_span hl_tree_span(const struct hl_node *n);
/* A scalar: its text (*len bytes; may hold NUL bytes), its type, whether
 * its value is known (an unresolved variable or a template expression is
 * not: its text is what the input said), and its value as a boolean or
 * an integer for those types. */
const char *hl_tree_text(const struct hl_node *n, size_t *len);
enum hl_scalar_type hl_tree_type(const struct hl_node *n);
bool hl_tree_known(const struct hl_node *n);
bool hl_tree_bool(const struct hl_node *n);
int64_t hl_tree_int(const struct hl_node *n);
/* A mapping's pairs or a list's items: how many, and each. */
size_t hl_tree_count(const struct hl_node *n);
const struct hl_node *hl_tree_key(const struct hl_node *n, size_t i);
const struct hl_node *hl_tree_value(const struct hl_node *n, size_t i);
const struct hl_node *hl_tree_item(const struct hl_node *n, size_t i);

/* ------------------------------------------------------------------ */
/* Linting                                                            */

struct hl_lint_options {
	const struct hl_rules *rules; /* NULL: the built-in rules */
	const bool *enabled;	   /* by rule index (hl_rules_get); NULL: all */
	enum hl_kind kind;	   /* read named inputs as this kind; a walked
				      one is kept only if it is of this kind
				      (the caller's business); NONE: by name,
				      then content */
	size_t max_file_size;	   /* bytes read from one input at most */
	uint32_t match_limit;	   /* PCRE2 match limit per match */
	bool no_jit;		   /* patterns interpreted, not JIT-compiled
				      (valgrind cannot follow JIT code) */
	unsigned threads;	   /* a YAML stream of 16 MiB or more is
				      split among this many threads */
	uint32_t yaml_max_depth;   /* nesting depth of a YAML document */
	uint64_t yaml_max_aliases; /* nodes its aliases may expand to */
	uint64_t yaml_max_nodes;   /* nodes one document may hold */
	const char *target;	   /* Dockerfile: the stage that ships, as
				      docker build --target; or NULL */
	const char *context;	   /* Dockerfile: the build context directory,
				      as docker build DIR; NULL: each
				      Dockerfile's own directory (none on
				      standard input) */
	const char *const *build_args; /* "NAME=value", as --build-arg */
	size_t nbuild_args;
	bool dump;	/* hand each input's syntax tree to the `tree`
			   callback instead of checking it */
	bool map_files; /* map inputs of 1 MiB or more instead of reading
			   them (a 100 MB stream then costs a few MB); the
			   caller must then catch the SIGBUS a file
			   truncated while it is read raises: see on_map */
	/* With map_files: called when a file is mapped (len > 0) and when
	 * the mapping is gone (len 0), so that a SIGBUS handler can tell a
	 * fault in a mapped input (name `path`) from any other. */
	void (*on_map)(void *ctx, const void *base, size_t len,
		       const char *path);
	void *map_ctx;
	size_t parallel_min; /* tests: split streams this long (0: 16 MiB;
				at least 2) */
	size_t part_cap;     /* tests: findings a part may keep (0: 50,000) */
	bool strict; /* the inputs' own suppressions (pragmas, annotations)
			are not honoured: every finding stands */
	bool helm_skip; /* a named Helm chart template is skipped, not an
			   error (one a walk finds always is) */
	bool skip_non_manifests; /* a named YAML or JSON file that does not
				    parse and mentions no apiVersion and
				    kind is skipped, as a walk skips it */
	bool require_reason; /* a suppression that gives no reason is not
				honoured, and the finding says so */
	bool excerpts;	     /* give each finding its source line
				(hl_finding.excerpt) */
	bool report_unused;  /* tell the handler's `unused` of each
				suppression in the inputs (pragma,
				hardlint.dev annotation) that accepted no
				finding of a rule that ran */
};

/* The defaults: built-in rules, every rule, limits of docs/ROBUSTNESS.md,
 * one thread a CPU (at most 4), no mapping. */
void hl_lint_options_init(struct hl_lint_options *o);

/* What a rule says about an input. */
struct hl_finding {
	const struct hl_rule_info *rule;
	enum hl_severity severity;
	const char *path;     /* as printed */
	struct hl_span span;  /* what it points at */
	const char *message;  /* what is wrong in this instance */
	const char *object;   /* "Deployment/web container app" */
	char fingerprint[17]; /* 16 hex digits, stable across edits */
	uint32_t stream_line; /* when path and line are a rendered Helm
				 template's (standard input, `helm template
				 ... | hardlint -`): the line in the input;
				 else 0 */
	const char *source;   /* in a file of rendered Helm output, the
				 template its `# Source:` comment names (a
				 secondary place: path and line stay the
				 file's), or NULL */
	uint32_t source_line; /* the line in that template */
	const char *suppressed;	     /* accepted, and by what: "inline" (a
					pragma), "annotation", "config",
					"baseline";
					NULL: it stands */
	const char *suppress_reason; /* the reason given, or "" */
	/* Kubernetes: what the finding is about, as a configuration's
	 * ignores match it: the object's kind, namespace and name (or
	 * generateName), and the container it is in; NULL where none */
	const char *kind, *namespace, *name, *container;
	/* which of the rule's partial aliases (hl_rule_info.partial) name
	 * what this finding is about: bit i for partial[i] */
	uint32_t parts;
	/* with hl_lint_options.excerpts: the line it starts on, secrets
	 * masked as messages mask them (NULL: none, or a line too long) */
	const char *excerpt;
};

/* A value a check needed that stayed unknown (a variable with no value,
 * a template expression): it was not judged. */
struct hl_unresolved {
	struct hl_pos pos;
	const char *what;      /* "FROM", "USER", "value", ... */
	const char *variables; /* the variables that had no value */
};

/* A suppression in an input that accepted nothing (report_unused). */
struct hl_unused {
	struct hl_pos pos;  /* of the rule name */
	const char *name;   /* as written */
	const char *rule;   /* the slug it names */
	const char *where;  /* "comment" or "annotation" */
};

/* How one input went, when it is done. */
struct hl_input_summary {
	const char *path;
	enum hl_kind kind;
	size_t findings;     /* reported */
	size_t errors;	     /* reported */
	size_t unresolved;   /* reported */
	size_t objects;	     /* Kubernetes objects checked */
	const char *skipped; /* why it was not linted at all, or NULL */
	const char *patch;   /* a Kustomize patch, judged on what it sets
				only: the kustomization that names it;
				else NULL */
	bool helm_template;  /* skipped: a Helm chart's template (`skipped`
				says how to lint it) */
};

/* An input to lint: a file, or standard input (fspath NULL). */
/* Which file a path named when it was found: its device and inode. */
struct hl_file_id {
	uint64_t dev, ino;
};

struct hl_input {
	const char *fspath; /* the file to open; NULL: standard input */
	const char *path;   /* the path to print */
	enum hl_kind kind;  /* by name (hl_kind_by_name), or NONE */
	bool walked;	    /* found by a directory walk, not named: a YAML
			       file that does not parse and names no
			       object is then skipped, not an error; and
			       `fspath` is opened without following a
			       symlink (the walk resolved the ones it
			       followed, inside its directory) */
	struct hl_file_id id; /* walked: the file the walk found, which
				 the file opened must be; 0, 0: not
				 checked */
	const char *key_path; /* the path its findings' fingerprints use
				 (a work tree's root-relative path, the
				 same from any directory); NULL: path */
};

/* Where results go. Any callback may be NULL. For each input: findings
 * as they are made (sorted within a document, documents in order), then
 * its errors, unresolved values and unused suppressions, then done. */
struct hl_handler {
	void *ctx;
	void (*finding)(void *ctx, const struct hl_finding *f);
	void (*error)(void *ctx, const struct hl_error *e);
	void (*unresolved)(void *ctx, const char *path,
			   const struct hl_unresolved *u);
	void (*tree)(void *ctx, const char *path, const struct hl_node *root);
	void (*unused)(void *ctx, const char *path, const struct hl_unused *u);
	void (*done)(void *ctx, const struct hl_input_summary *s);
};

struct hl_linter;

/* A linter for these options (copied; the rules must outlive it). */
enum hl_err hl_linter_new(const struct hl_lint_options *o,
			  struct hl_linter **out);
void hl_linter_free(struct hl_linter *l);

/* Lint one input, or `len` bytes of text named `path`; results go to
 * `h`. An input that cannot be checked is an error through `h`, never a
 * return value: these always finish. */
void hl_lint_input(struct hl_linter *l, const struct hl_input *in,
		   const struct hl_handler *h);
void hl_lint_buffer(struct hl_linter *l, enum hl_kind kind, const char *path,
		    const char *text, size_t len, const struct hl_handler *h);
/* Lint `len` bytes a renderer wrote (`helm template`, `kubectl
 * kustomize`) as a Kubernetes stream named `path`: a document's `#
 * Source:` template path, where it gives one, is printed in `path`'s
 * stead (as on standard input); a stream that holds no object is
 * skipped, not an error. */
void hl_lint_rendered(struct hl_linter *l, const char *path, const char *text,
		      size_t len, const struct hl_handler *h);

/* ------------------------------------------------------------------ */
/* Results kept                                                       */

/*
 * The other way to receive results: a result keeps copies of all that
 * lint calls hand over, in order, for the caller to read afterwards.
 *
 *   struct hl_result res;
 *   hl_result_init(&res);
 *   struct hl_handler h = hl_result_handler(&res);
 *   hl_lint_input(l, &in, &h);           // as many calls as wanted
 *   for (size_t i = 0; i < res.nfindings; i++) ... res.findings[i] ...
 *   hl_result_release(&res);
 *
 * Strings are the result's own, valid until hl_result_release; a
 * finding's rule is the linter's rules' (they must outlive the result).
 */
struct hl_result_unresolved {
	const char *path;
	struct hl_unresolved u;
};

struct hl_result {
	struct hl_finding *findings;
	size_t nfindings;
	struct hl_error *errors;
	size_t nerrors;
	struct hl_result_unresolved *unresolved;
	size_t nunresolved;
	struct hl_input_summary *inputs; /* one a lint call's input */
	size_t ninputs;
	struct hl_result_store *store; /* private */
};

void hl_result_init(struct hl_result *r);
/* A handler that adds to `r` (no tree callback: a tree is not kept). */
struct hl_handler hl_result_handler(struct hl_result *r);
void hl_result_release(struct hl_result *r);

#ifdef __cplusplus
}
#endif

#endif
