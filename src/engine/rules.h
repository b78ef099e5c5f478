/*
 * rules: the compiled form of the rule catalogue, the one the engine runs.
 * Built-in rules are generated as static tables of these structs at build
 * time (tools/rulegen, from rules/ through the loader in ruleload.h); rules
 * loaded at run time (--rules DIR) are compiled into the same structs.
 * Nothing here knows any particular rule.
 */
#ifndef HARDLINT_ENGINE_RULES_H
#define HARDLINT_ENGINE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ast.h"

/* Ordered: a higher value is more severe. */
enum hl_severity {
	HL_SEV_STYLE,
	HL_SEV_INFO,
	HL_SEV_WARNING,
	HL_SEV_ERROR,
	HL_SEV__COUNT
};

enum hl_target { HL_TARGET_DOCKERFILE, HL_TARGET_KUBERNETES, HL_TARGET__COUNT };

/* Predicate operators. Leaves test the nodes a path reaches; on an absent
 * path every leaf but `exists: false` is false. */
enum hl_op {
	HL_OP_ALL,	    /* every child true */
	HL_OP_ANY,	    /* some child true */
	HL_OP_NOT,	    /* its one child false */
	HL_OP_EXISTS,	    /* the path reaches a node (flag: or does not) */
	HL_OP_KNOWN,	    /* a reached scalar's value is (flag: not) known */
	HL_OP_EQUALS,	    /* a reached scalar equals values[0] */
	HL_OP_IN,	    /* ... equals one of values */
	HL_OP_IN_LIST,	    /* ... equals one of a list's values */
	HL_OP_MATCHES,	    /* ... matches pattern */
	HL_OP_MATCHES_LIST, /* ... matches one of a list's patterns */
	HL_OP_WORDS_IN,	    /* ... split into words, a word or two adjacent
			       words are in a list */
	HL_OP__COUNT
};

/* A literal of a rule: typed as YAML would type it (true, 0, "x"). */
struct hl_value {
	enum hl_scalar_type type;
	const char *s; /* the text */
	int64_t i;
	bool b;
};

struct hl_pred {
	enum hl_op op;
	struct hl_path path;	       /* leaves */
	bool flag;		       /* EXISTS, KNOWN: the expected answer */
	bool ignore_case;	       /* EQUALS, IN, IN_LIST */
	const struct hl_value *values; /* EQUALS (1), IN */
	uint32_t nvalues;
	int32_t pattern;	    /* MATCHES: index in the ruleset */
	int32_t list;		    /* *_LIST, WORDS_IN: index */
	const struct hl_pred *kids; /* ALL, ANY, NOT (1) */
	uint32_t nkids;
	const char *message; /* why, when this branch fires */
};

/* A PCRE2 pattern, compiled on first use. */
struct hl_pattern {
	const char *name; /* for messages ({@pattern}), e.g. "GitHub token" */
	const char *regex;
	bool ignore_case;
	const char *file; /* where it was written */
	uint32_t line, col;
};

/* A named list: strings, or patterns (indexes into the ruleset's). */
struct hl_list {
	const char *name;
	const char *description;
	const char *const *values;
	uint32_t nvalues;
	const int32_t *patterns;
	uint32_t npatterns;
};

struct hl_reference {
	const char *title;
	const char *url;
};

/* A rule parameter: a list the rule's predicates name and users may set. */
struct hl_param {
	const char *name;
	const char *description;
	int32_t list; /* index of the list holding its value */
};

struct hl_rule {
	const char *id;	  /* HL1001 */
	const char *slug; /* df-user-root */
	const char *title;
	const char *description; /* longer text, may be NULL */
	const char *message;	 /* with {placeholders} */
	const char *fix;
	enum hl_severity severity;
	enum hl_target target;
	int32_t view;		    /* index into the view registry (views.h) */
	const struct hl_pred *when; /* one ALL of the rule's conditions */
	struct hl_path at;	    /* where findings point, if at.nsegs */
	const struct hl_reference *refs;
	uint32_t nrefs;
	const char *const *standards;
	uint32_t nstandards;
	const char *const *aliases; /* peers' ids for the same check */
	uint32_t naliases;
	const struct hl_param *params;
	uint32_t nparams;
	const char *file; /* the rule file, relative to rules/ */
	uint32_t each;	  /* report: each: 1 + the index in `when` of the
			     one `any` whose every true branch is a finding
			     of its own; 0: one finding an item */
};

struct hl_ruleset {
	const struct hl_rule *rules; /* sorted by id */
	uint32_t nrules;
	const struct hl_pattern *patterns;
	uint32_t npatterns;
	const struct hl_list *lists;
	uint32_t nlists;
};

/* The rules built into the binary (generated at build time). */
extern const struct hl_ruleset hl_builtin_rules;

/* Names: "error", "warning", "info", "style"; "dockerfile", "kubernetes". */
const char *hl_severity_name(enum hl_severity s);
bool hl_severity_parse(const char *s, enum hl_severity *out);
const char *hl_target_name(enum hl_target t);
bool hl_target_parse(const char *s, enum hl_target *out);

/* The rule whose slug, id or alias is `name` (case-insensitive for ids),
 * or NULL. */
const struct hl_rule *hl_rules_find(const struct hl_ruleset *rs,
				    const char *name);

/* The slug closest to `name` within a small edit distance, for "did you
 * mean" hints; NULL if none is close. */
const char *hl_rules_suggest(const struct hl_ruleset *rs, const char *name);

/* The list named `name`, or -1. */
int32_t hl_rules_list(const struct hl_ruleset *rs, const char *name);

#endif
