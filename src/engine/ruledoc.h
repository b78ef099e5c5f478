/*
 * ruledoc: the documents libcyaml fills from a rule or list file (the
 * loader's raw view of them, before they are checked and compiled), and
 * the libcyaml schema that says their shape; private to src/engine/.
 */
#ifndef HARDLINT_ENGINE_RULEDOC_H
#define HARDLINT_ENGINE_RULEDOC_H

#include <stdbool.h>

#include <cyaml/cyaml.h>

#include "hardlint.h"

struct rd_pred {
	char *path;
	char *value; /* a literal tested in place of a path's node */
	bool *exists;
	bool *known;
	char *equals;
	char **in;
	unsigned in_count;
	char *in_list;
	char *matches;
	char *matches_list;
	char *words_in;
	char *last_word_in;
	char *same_as;
	bool ignore_case;
	unsigned at_least;
	bool literal_prefix;
	struct rd_pred *any;
	unsigned any_count;
	struct rd_pred *all;
	unsigned all_count;
	struct rd_pred *not_;
	struct rd_pred *where;
	unsigned where_count;
	char *message;
	char *at;
};

struct rd_ref {
	char *title;
	char *url;
};

struct rd_param;

struct rd_examples {
	struct rd_param *parameters; /* values the examples run with */
	unsigned parameters_count;
	char **catch_;
	unsigned catch__count;
	char **pass;
	unsigned pass_count;
};

struct rd_pattern;

struct rd_param {
	char *name;
	char *description;
	char **values;
	unsigned values_count;
	char **allowed;
	unsigned allowed_count;
	struct rd_pattern *patterns;
	unsigned patterns_count;
};

/* A rule's further part (also:): other items it checks, with their own
 * conditions. */
struct rd_part {
	char *for_each;
	struct rd_pred *when;
	unsigned when_count;
	char *at;
	int report;
	char *message;
};

/* An alias that names part of the rule (alias-parts:): the items its
 * conditions hold for. */
struct rd_alias_part {
	char *alias;
	char **aliases; /* or several, naming one part */
	unsigned aliases_count;
	struct rd_pred *when;
	unsigned when_count;
};

/* A parameter's values under a profile (profile-parameters:). */
struct rd_profile_param {
	char *profile;
	char *name;
	char **values;
	unsigned values_count;
};

struct rd_rule {
	char *id;
	char *slug;
	char *title;
	char *description;
	int severity;
	int target;
	char *for_each;
	struct rd_pred *when;
	unsigned when_count;
	char *at;
	int report;
	char *message;
	char *fix;
	char *security_severity;
	struct rd_ref *references;
	unsigned references_count;
	char **standards;
	unsigned standards_count;
	char **aliases;
	unsigned aliases_count;
	struct rd_param *parameters;
	unsigned parameters_count;
	char *requires;
	struct rd_examples *examples;
	struct rd_part *also;
	unsigned also_count;
	struct rd_profile_param *profile_params;
	unsigned profile_params_count;
	struct rd_alias_part *alias_parts;
	unsigned alias_parts_count;
};

struct rd_pattern {
	char *name;
	char *regex;
	bool ignore_case;
};

struct rd_list {
	char *list;
	char *description;
	bool mask;
	bool extend; /* adds to the list of that name */
	char **values;
	unsigned values_count;
	struct rd_pattern *patterns;
	unsigned patterns_count;
};

enum { REPORT_ONCE, REPORT_EACH };
/* The schema of a rule file and of a list file; of one predicate. */
extern const cyaml_schema_value_t hl_rd_rule_schema, hl_rd_list_schema;
extern const cyaml_schema_field_t hl_rd_pred_fields[];

#endif
