/*
 * ruledoc: the libcyaml schema of rule and list files (ruledoc.h has the
 * documents it fills). Written once: the loader's check_shape() walks the
 * same schema over the positioned AST first, so what libcyaml would
 * reject is reported with its line and column.
 */
#include "engine/ruledoc.h"

static const cyaml_strval_t report_strings[] = {
	{"once", REPORT_ONCE},
	{"each", REPORT_EACH},
};

static const cyaml_strval_t severity_strings[] = {
	{"style", HL_SEV_STYLE},
	{"info", HL_SEV_INFO},
	{"warning", HL_SEV_WARNING},
	{"error", HL_SEV_ERROR},
};

static const cyaml_strval_t target_strings[] = {
	{"dockerfile", HL_TARGET_DOCKERFILE},
	{"kubernetes", HL_TARGET_KUBERNETES},
};

#define OPT CYAML_FLAG_OPTIONAL
#define STR(key, flags, type, member) \
	CYAML_FIELD_STRING_PTR(key, flags, type, member, 0, CYAML_UNLIMITED)

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

#define STRINGS(key, type, member)                                        \
	CYAML_FIELD_SEQUENCE(key, CYAML_FLAG_POINTER | OPT, type, member, \
			     &string_entry, 0, CYAML_UNLIMITED)

static const cyaml_schema_value_t pred_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rd_pred,
			    hl_rd_pred_fields),
};

const cyaml_schema_field_t hl_rd_pred_fields[] = {
	STR("path", OPT, struct rd_pred, path),
	STR("value", OPT, struct rd_pred, value),
	CYAML_FIELD_BOOL_PTR("exists", OPT, struct rd_pred, exists),
	CYAML_FIELD_BOOL_PTR("known", OPT, struct rd_pred, known),
	STR("equals", OPT, struct rd_pred, equals),
	STRINGS("in", struct rd_pred, in),
	STR("in-list", OPT, struct rd_pred, in_list),
	STR("matches", OPT, struct rd_pred, matches),
	STR("matches-list", OPT, struct rd_pred, matches_list),
	STR("words-in", OPT, struct rd_pred, words_in),
	STR("last-word-in", OPT, struct rd_pred, last_word_in),
	STR("same-as", OPT, struct rd_pred, same_as),
	CYAML_FIELD_BOOL("ignore-case", OPT, struct rd_pred, ignore_case),
	CYAML_FIELD_UINT("at-least", OPT, struct rd_pred, at_least),
	CYAML_FIELD_BOOL("literal-prefix", OPT, struct rd_pred,
			 literal_prefix),
	CYAML_FIELD_SEQUENCE("any", CYAML_FLAG_POINTER | OPT, struct rd_pred,
			     any, &pred_entry, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("all", CYAML_FLAG_POINTER | OPT, struct rd_pred,
			     all, &pred_entry, 1, CYAML_UNLIMITED),
	CYAML_FIELD_MAPPING_PTR("not", OPT, struct rd_pred, not_,
				hl_rd_pred_fields),
	CYAML_FIELD_SEQUENCE("where", CYAML_FLAG_POINTER | OPT, struct rd_pred,
			     where, &pred_entry, 1, CYAML_UNLIMITED),
	STR("message", OPT, struct rd_pred, message),
	STR("at", OPT, struct rd_pred, at),
	CYAML_FIELD_END,
};

static const cyaml_schema_field_t ref_fields[] = {
	STR("title", CYAML_FLAG_DEFAULT, struct rd_ref, title),
	STR("url", OPT, struct rd_ref, url),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t ref_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rd_ref, ref_fields),
};

static const cyaml_schema_value_t pattern_entry;

static const cyaml_schema_field_t param_fields[] = {
	STR("name", CYAML_FLAG_DEFAULT, struct rd_param, name),
	STR("description", OPT, struct rd_param, description),
	STRINGS("values", struct rd_param, values),
	STRINGS("allowed-values", struct rd_param, allowed),
	CYAML_FIELD_SEQUENCE("patterns", CYAML_FLAG_POINTER | OPT,
			     struct rd_param, patterns, &pattern_entry, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t param_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rd_param, param_fields),
};

static const cyaml_schema_field_t example_fields[] = {
	CYAML_FIELD_SEQUENCE("parameters", CYAML_FLAG_POINTER | OPT,
			     struct rd_examples, parameters, &param_entry, 1,
			     CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("catch", CYAML_FLAG_POINTER | OPT,
			     struct rd_examples, catch_, &string_entry, 0,
			     CYAML_UNLIMITED),
	STRINGS("pass", struct rd_examples, pass),
	CYAML_FIELD_END,
};

static const cyaml_schema_field_t profile_param_fields[] = {
	STR("profile", CYAML_FLAG_DEFAULT, struct rd_profile_param, profile),
	STR("name", CYAML_FLAG_DEFAULT, struct rd_profile_param, name),
	STRINGS("values", struct rd_profile_param, values),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t profile_param_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rd_profile_param,
			    profile_param_fields),
};

static const cyaml_schema_field_t part_fields[] = {
	STR("for-each", CYAML_FLAG_DEFAULT, struct rd_part, for_each),
	CYAML_FIELD_SEQUENCE("when", CYAML_FLAG_POINTER | OPT, struct rd_part,
			     when, &pred_entry, 0, CYAML_UNLIMITED),
	STR("at", OPT, struct rd_part, at),
	CYAML_FIELD_ENUM("report", CYAML_FLAG_STRICT | OPT, struct rd_part,
			 report, report_strings,
			 CYAML_ARRAY_LEN(report_strings)),
	STR("message", OPT, struct rd_part, message),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t part_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rd_part, part_fields),
};

static const cyaml_schema_field_t alias_part_fields[] = {
	STR("alias", OPT, struct rd_alias_part, alias),
	STRINGS("aliases", struct rd_alias_part, aliases),
	CYAML_FIELD_SEQUENCE("when", CYAML_FLAG_POINTER, struct rd_alias_part,
			     when, &pred_entry, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t alias_part_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rd_alias_part,
			    alias_part_fields),
};

static const cyaml_schema_field_t rule_fields[] = {
	STR("id", CYAML_FLAG_DEFAULT, struct rd_rule, id),
	STR("slug", CYAML_FLAG_DEFAULT, struct rd_rule, slug),
	STR("title", CYAML_FLAG_DEFAULT, struct rd_rule, title),
	STR("description", OPT, struct rd_rule, description),
	CYAML_FIELD_ENUM("severity", CYAML_FLAG_STRICT, struct rd_rule,
			 severity, severity_strings,
			 CYAML_ARRAY_LEN(severity_strings)),
	CYAML_FIELD_ENUM("target", CYAML_FLAG_STRICT, struct rd_rule, target,
			 target_strings, CYAML_ARRAY_LEN(target_strings)),
	STR("for-each", CYAML_FLAG_DEFAULT, struct rd_rule, for_each),
	CYAML_FIELD_SEQUENCE("when", CYAML_FLAG_POINTER | OPT, struct rd_rule,
			     when, &pred_entry, 0, CYAML_UNLIMITED),
	STR("at", OPT, struct rd_rule, at),
	CYAML_FIELD_ENUM("report", CYAML_FLAG_STRICT | OPT, struct rd_rule,
			 report, report_strings,
			 CYAML_ARRAY_LEN(report_strings)),
	STR("message", CYAML_FLAG_DEFAULT, struct rd_rule, message),
	STR("fix", OPT, struct rd_rule, fix),
	STR("security-severity", OPT, struct rd_rule, security_severity),
	CYAML_FIELD_SEQUENCE("references", CYAML_FLAG_POINTER | OPT,
			     struct rd_rule, references, &ref_entry, 0,
			     CYAML_UNLIMITED),
	STRINGS("standards", struct rd_rule, standards),
	STRINGS("aliases", struct rd_rule, aliases),
	CYAML_FIELD_SEQUENCE("parameters", CYAML_FLAG_POINTER | OPT,
			     struct rd_rule, parameters, &param_entry, 0,
			     CYAML_UNLIMITED),
	STR("requires-parameter", OPT, struct rd_rule, requires),
	CYAML_FIELD_MAPPING_PTR("examples", OPT, struct rd_rule, examples,
				example_fields),
	CYAML_FIELD_SEQUENCE("also", CYAML_FLAG_POINTER | OPT, struct rd_rule,
			     also, &part_entry, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("alias-parts", CYAML_FLAG_POINTER | OPT,
			     struct rd_rule, alias_parts, &alias_part_entry, 1,
			     32),
	CYAML_FIELD_SEQUENCE("profile-parameters", CYAML_FLAG_POINTER | OPT,
			     struct rd_rule, profile_params,
			     &profile_param_entry, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

const cyaml_schema_value_t hl_rd_rule_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct rd_rule, rule_fields),
};

static const cyaml_schema_field_t pattern_fields[] = {
	STR("name", CYAML_FLAG_DEFAULT, struct rd_pattern, name),
	STR("regex", CYAML_FLAG_DEFAULT, struct rd_pattern, regex),
	CYAML_FIELD_BOOL("ignore-case", OPT, struct rd_pattern, ignore_case),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t pattern_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rd_pattern,
			    pattern_fields),
};

static const cyaml_schema_field_t list_fields[] = {
	STR("list", CYAML_FLAG_DEFAULT, struct rd_list, list),
	STR("description", OPT, struct rd_list, description),
	CYAML_FIELD_BOOL("mask", OPT, struct rd_list, mask),
	CYAML_FIELD_BOOL("extend", OPT, struct rd_list, extend),
	STRINGS("values", struct rd_list, values),
	CYAML_FIELD_SEQUENCE("patterns", CYAML_FLAG_POINTER | OPT,
			     struct rd_list, patterns, &pattern_entry, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

const cyaml_schema_value_t hl_rd_list_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct rd_list, list_fields),
};

