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
	HL_OP_LAST_WORD_IN, /* ... its last word is in a list */
	HL_OP_WHERE,	    /* some node the path reaches passes every child,
			       their paths read from that node */
	HL_OP_SAME_AS,	    /* ... equals the scalar `other` reaches from the
			       item */
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
	struct hl_path path;	       /* leaves */
	const struct hl_path *at;      /* where a finding points when this
					  branch fires, or NULL */
	const struct hl_path *other;   /* SAME_AS: the path compared with */
	const struct hl_value *values; /* EQUALS (1), IN */
	const struct hl_pred *kids;    /* ALL, ANY, NOT (1) */
	const char *message;	       /* why, when this branch fires */
	enum hl_op op;
	uint32_t nvalues;
	int32_t pattern; /* MATCHES: index in the ruleset */
	int32_t list;	 /* *_LIST, WORDS_IN: index */
	uint32_t nkids;
	bool choose; /* ANY: every branch is evaluated and the true one whose
			finding comes first (place, then message) is kept, so
			the order of branches never moves a finding; set when
			the branches can differ in what they say */
	bool flag;   /* EXISTS, KNOWN: the expected answer */
	bool ignore_case; /* EQUALS, IN, IN_LIST */
	uint32_t at_least; /* leaves: this many nodes the path reaches
			      pass (0: one) */
	bool literal_prefix; /* MATCHES: a value a variable left unknown
				is matched by its text before the first $ */
	bool constant; /* IN_LIST: values[0], a literal of the rule (value:),
			  is tested in place of a path's nodes (is a setting
			  in a parameter's list?) */
};

/* A PCRE2 pattern, compiled on first use. */
struct hl_pattern {
	const char *name; /* for messages ({@pattern}), e.g. "GitHub token" */
	const char *regex;
	bool ignore_case;
	const char *file; /* where it was written */
	uint32_t line, col;
	/* the built-in rules: compiled when the binary was built, in PCRE2's
	 * serialized form (decoded on first use instead of compiled, when
	 * the PCRE2 at run time is the one that made it); else NULL */
	const uint8_t *compiled;
	uint32_t compiled_len;
};

/* A named list: strings, or patterns (indexes into the ruleset's). */
struct hl_list {
	const char *name;
	const char *description;
	const char *const *values;
	uint32_t nvalues;
	const int32_t *patterns;
	uint32_t npatterns;
	bool mask; /* echoed source is masked with it: what its patterns
		      match, or the values of names with its words */
};

/* A rule parameter: a list the rule's predicates name and users may set. */
struct hl_param {
	const char *name;
	const char *description;
	int32_t list; /* index of the list holding its value */
	/* the only values it may take (allowed-values:), or none */
	const char *const *allowed;
	uint32_t nallowed;
};

/* A further part of a rule (also:): the items of another view, judged by
 * conditions of their own, reported as the rule's findings. */
struct hl_rule_part {
	int32_t view;
	const struct hl_pred *when;
	struct hl_path at;
	const char *message; /* NULL: the rule's */
	uint32_t each;
};

struct hl_rule {
	struct hl_rule_info info;   /* first: what hardlint.h hands out */
	int32_t view;		    /* index into the view registry (views.h) */
	const struct hl_pred *when; /* one ALL of the rule's conditions */
	struct hl_path at;	    /* where findings point, if at.nsegs */
	const struct hl_param *params;
	uint32_t nparams;
	int32_t requires; /* a parameter's list: the rule runs only when a
			     user gave it values; -1: none */
	uint32_t each; /* report: each: 1 + the index in `when` of the
			  one `any` whose every true branch is a finding
			  of its own; 0: one finding an item */
	const struct hl_rule_part *also; /* its further parts */
	uint32_t nalso;
	/* the conditions of info.partial's aliases, on the items of `view`
	 * (never an also: part's) */
	const struct hl_pred *const *partial_when;
};

/* Does condition `p` say where a finding points (at:), itself or inside?
 * Does it carry a message (not under a `not`)? */
bool hl_pred_says_at(const struct hl_pred *p);
bool hl_pred_says_message(const struct hl_pred *p);

/* Mark each `any` below `p` whose branches can give different findings
 * (hl_pred.choose): one that says where or what, or any when the rule
 * has an at: (`rule_at`) located by what its branches matched. */
void hl_pred_mark_choose(struct hl_pred *p, bool rule_at);

/* The rule a public hl_rule_info belongs to. */
static inline const struct hl_rule *hl_rule_of(const struct hl_rule_info *i)
{
	return (const struct hl_rule *)(const void *)i;
}

/* A compiled catalogue (hardlint.h's opaque struct hl_rules). */
struct hl_rules {
	const struct hl_rule *rules; /* sorted by id */
	uint32_t nrules;
	const struct hl_pattern *patterns;
	uint32_t npatterns;
	const struct hl_list *lists;
	uint32_t nlists;
};

/* The rules built into the binary (generated at build time). */
extern const struct hl_rules hl_builtin_rules;

#endif
