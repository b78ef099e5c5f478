/*
 * config: a configuration file (.hardlint.yaml) read through libcyaml
 * against its schema, after the shape check (engine/shape.c) has said
 * where anything libcyaml would reject is. libcyaml has no map type:
 * overrides, parameters and ignores are lists of records. What the
 * values name (rules, severities) is checked by the caller, which knows
 * the rules; here: the keys, the types, the dates.
 *
 *   enable: [RULE...]          disable: [RULE...]      only: [RULE...]
 *   profile: NAME              exclude: [GLOB...]
 *   severity-overrides: [{rule, severity}...]
 *   parameters: [{rule, parameter, values: [...]}...]
 *   ignores: [{rules, path, kind, namespace, name, container, reason,
 *              until}...]
 *   fail-on, min-severity: SEVERITY     strict, require-input: BOOL
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "core/arena.h"
#include "core/ast.h"
#include "core/error.h"
#include "core/source.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/shape.h"
#include "hardlint.h"
#include "kubernetes/yaml.h"

#define CONFIG_FILE_MAX (1u << 20)
#define CONFIG_DEPTH_MAX 32

/* ------------------------------------------------------------------ */
/* The schema, and the document libcyaml fills                        */

struct cd_severity {
	char *rule, *severity;
};

struct cd_param {
	char *rule, *parameter;
	char **values;
	unsigned values_count;
};

struct cd_ignore {
	char **rules;
	unsigned rules_count;
	char *path, *kind, *namespace, *name, *container, *reason, *until;
};

struct cd_config {
	char **enable, **disable, **only, **exclude;
	unsigned enable_count, disable_count, only_count, exclude_count;
	char *profile, *fail_on, *min_severity;
	bool *strict, *require_input;
	struct cd_severity *severities;
	unsigned severities_count;
	struct cd_param *params;
	unsigned params_count;
	struct cd_ignore *ignores;
	unsigned ignores_count;
};

#define OPT CYAML_FLAG_OPTIONAL
#define STR(key, flags, type, member) \
	CYAML_FIELD_STRING_PTR(key, flags, type, member, 0, CYAML_UNLIMITED)

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

#define STRINGS(key, flags, type, member)                                  \
	CYAML_FIELD_SEQUENCE(key, CYAML_FLAG_POINTER | (flags), type, member, \
			     &string_entry, 0, CYAML_UNLIMITED)

static const cyaml_schema_field_t severity_fields[] = {
	STR("rule", CYAML_FLAG_POINTER, struct cd_severity, rule),
	STR("severity", CYAML_FLAG_POINTER, struct cd_severity, severity),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t severity_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct cd_severity,
			    severity_fields),
};

static const cyaml_schema_field_t param_fields[] = {
	STR("rule", CYAML_FLAG_POINTER, struct cd_param, rule),
	STR("parameter", CYAML_FLAG_POINTER, struct cd_param, parameter),
	STRINGS("values", 0, struct cd_param, values),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t param_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct cd_param, param_fields),
};

static const cyaml_schema_field_t ignore_fields[] = {
	STRINGS("rules", OPT, struct cd_ignore, rules),
	STR("path", CYAML_FLAG_POINTER | OPT, struct cd_ignore, path),
	STR("kind", CYAML_FLAG_POINTER | OPT, struct cd_ignore, kind),
	STR("namespace", CYAML_FLAG_POINTER | OPT, struct cd_ignore,
	    namespace),
	STR("name", CYAML_FLAG_POINTER | OPT, struct cd_ignore, name),
	STR("container", CYAML_FLAG_POINTER | OPT, struct cd_ignore,
	    container),
	STR("reason", CYAML_FLAG_POINTER | OPT, struct cd_ignore, reason),
	STR("until", CYAML_FLAG_POINTER | OPT, struct cd_ignore, until),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t ignore_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct cd_ignore,
			    ignore_fields),
};

static const cyaml_schema_field_t config_fields[] = {
	STRINGS("enable", OPT, struct cd_config, enable),
	STRINGS("disable", OPT, struct cd_config, disable),
	STRINGS("only", OPT, struct cd_config, only),
	STR("profile", CYAML_FLAG_POINTER | OPT, struct cd_config, profile),
	STRINGS("exclude", OPT, struct cd_config, exclude),
	CYAML_FIELD_SEQUENCE("severity-overrides", CYAML_FLAG_POINTER | OPT,
			     struct cd_config, severities, &severity_entry, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("parameters", CYAML_FLAG_POINTER | OPT,
			     struct cd_config, params, &param_entry, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("ignores", CYAML_FLAG_POINTER | OPT,
			     struct cd_config, ignores, &ignore_entry, 0,
			     CYAML_UNLIMITED),
	STR("fail-on", CYAML_FLAG_POINTER | OPT, struct cd_config, fail_on),
	STR("min-severity", CYAML_FLAG_POINTER | OPT, struct cd_config,
	    min_severity),
	CYAML_FIELD_BOOL_PTR("strict", OPT, struct cd_config, strict),
	CYAML_FIELD_BOOL_PTR("require-input", OPT, struct cd_config,
			     require_input),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t config_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct cd_config,
			    config_fields),
};

static const cyaml_config_t cyaml_cfg = {
	.log_fn = NULL,
	.mem_fn = cyaml_mem,
	.log_level = CYAML_LOG_ERROR,
	.flags = CYAML_CFG_NO_ALIAS,
};

/* ------------------------------------------------------------------ */
/* Loading                                                            */

struct hl_config_store {
	struct hl_config pub;
	struct hl_arena arena;
};

struct load {
	struct hl_arena *arena;
	const char *name;
	void (*on_error)(void *ctx, const struct hl_error *e);
	void *ctx;
	const struct hl_node *root;
	unsigned docs;
	bool failed;
};

static void fail(struct load *ld, struct hl_pos pos, const char *msg)
{
	struct hl_error e;
	memset(&e, 0, sizeof(e));
	e.code = HL_ERR_USAGE;
	e.path = ld->name;
	e.line = pos.line ? pos.line : 1;
	e.col = pos.col ? pos.col : 1;
	e.message = msg;
	ld->on_error(ld->ctx, &e);
	ld->failed = true;
}

static void shape_err(void *ctx, const char *file, struct hl_pos pos,
		      const char *msg)
{
	(void)file;
	fail(ctx, pos, msg);
}

static bool on_doc(struct hl_yaml_doc *doc, void *ctx)
{
	struct load *ld = ctx;
	if (!doc->root)
		return true;
	if (ld->docs++) {
		fail(ld, doc->span.start,
		     "a configuration file holds one document");
		return false;
	}
	ld->root = doc->root;
	for (size_t i = 0; i < doc->ndups; i++) {
		char msg[300];
		snprintf(msg, sizeof(msg), "key '%s' given twice",
			 doc->dups[i].second->u.scalar.s);
		fail(ld, doc->dups[i].second->span.start, msg);
	}
	return true;
}

static void on_parse_err(const struct hl_diag *d, void *ctx)
{
	struct hl_pos p = {d->line, d->col};
	fail(ctx, p, d->message);
}

/* A value of the file: its text (the arena's copy) and where it is. */
static struct hl_config_value value(struct hl_arena *a, const char *text,
				    const struct hl_node *n)
{
	struct hl_config_value v = {NULL, 0, 0};
	if (!text)
		return v;
	v.text = hl_arena_strdup(a, text);
	if (n) {
		v.line = n->span.start.line;
		v.col = n->span.start.col;
	}
	return v;
}

/* The values of the list `key` of mapping `map`. */
static const struct hl_config_value *values(struct hl_arena *a, char **texts,
					    unsigned n,
					    const struct hl_node *map,
					    const char *key)
{
	if (!n)
		return NULL;
	const struct hl_node *seq = hl_map_get(map, key);
	struct hl_config_value *v = hl_arena_alloc(a, n * sizeof(*v));
	for (unsigned i = 0; i < n; i++)
		v[i] = value(a, texts[i],
			     seq && seq->kind == HL_NODE_SEQ &&
					     i < seq->u.seq.count
				     ? seq->u.seq.items[i]
				     : NULL);
	return v;
}

static struct hl_config_value field(struct hl_arena *a, const char *text,
				    const struct hl_node *map, const char *key)
{
	return value(a, text, hl_map_get(map, key));
}

static const struct hl_node *item(const struct hl_node *map, const char *key,
				  unsigned i)
{
	const struct hl_node *seq = hl_map_get(map, key);
	return seq && seq->kind == HL_NODE_SEQ && i < seq->u.seq.count
		       ? seq->u.seq.items[i]
		       : NULL;
}

static bool is_date(const char *s)
{
	return hl_valid_date(s, strlen(s));
}

static struct hl_config_value boolean(struct hl_arena *a, const bool *b,
				      const struct hl_node *map,
				      const char *key)
{
	return b ? field(a, *b ? "true" : "false", map, key)
		 : (struct hl_config_value){NULL, 0, 0};
}

/* The public configuration from libcyaml's document and our AST (for
 * the places). */
static void fill(struct load *ld, struct hl_config *c,
		 const struct cd_config *d)
{
	struct hl_arena *a = ld->arena;
	const struct hl_node *r = ld->root;
	c->enable = values(a, d->enable, d->enable_count, r, "enable");
	c->nenable = d->enable_count;
	c->disable = values(a, d->disable, d->disable_count, r, "disable");
	c->ndisable = d->disable_count;
	c->only = values(a, d->only, d->only_count, r, "only");
	c->nonly = d->only_count;
	c->exclude = values(a, d->exclude, d->exclude_count, r, "exclude");
	c->nexclude = d->exclude_count;
	c->profile = field(a, d->profile, r, "profile");
	c->fail_on = field(a, d->fail_on, r, "fail-on");
	c->min_severity = field(a, d->min_severity, r, "min-severity");
	c->strict = boolean(a, d->strict, r, "strict");
	c->require_input = boolean(a, d->require_input, r, "require-input");

	struct hl_config_severity *sv =
		hl_arena_alloc(a, (d->severities_count + 1) * sizeof(*sv));
	for (unsigned i = 0; i < d->severities_count; i++) {
		const struct hl_node *m = item(r, "severity-overrides", i);
		sv[i].rule = field(a, d->severities[i].rule, m, "rule");
		sv[i].severity =
			field(a, d->severities[i].severity, m, "severity");
	}
	c->severities = sv;
	c->nseverities = d->severities_count;

	struct hl_config_param *pv =
		hl_arena_alloc(a, (d->params_count + 1) * sizeof(*pv));
	for (unsigned i = 0; i < d->params_count; i++) {
		const struct hl_node *m = item(r, "parameters", i);
		const struct cd_param *p = &d->params[i];
		pv[i].rule = field(a, p->rule, m, "rule");
		pv[i].parameter = field(a, p->parameter, m, "parameter");
		pv[i].values = values(a, p->values, p->values_count, m, "values");
		pv[i].nvalues = p->values_count;
	}
	c->params = pv;
	c->nparams = d->params_count;

	struct hl_config_ignore *iv =
		hl_arena_alloc(a, (d->ignores_count + 1) * sizeof(*iv));
	for (unsigned i = 0; i < d->ignores_count; i++) {
		const struct hl_node *m = item(r, "ignores", i);
		const struct cd_ignore *g = &d->ignores[i];
		struct hl_config_ignore *o = &iv[i];
		memset(o, 0, sizeof(*o));
		o->rules = values(a, g->rules, g->rules_count, m, "rules");
		o->nrules = g->rules_count;
		o->path = field(a, g->path, m, "path");
		o->kind = field(a, g->kind, m, "kind");
		o->namespace = field(a, g->namespace, m, "namespace");
		o->name = field(a, g->name, m, "name");
		o->container = field(a, g->container, m, "container");
		o->reason = field(a, g->reason, m, "reason");
		o->until = field(a, g->until, m, "until");
		if (m) {
			o->line = m->span.start.line;
			o->col = m->span.start.col;
		}
		if (o->until.text && !is_date(o->until.text)) {
			struct hl_pos p = {o->until.line, o->until.col};
			fail(ld, p,
			     "'until' must be a date of the calendar, "
			     "YYYY-MM-DD");
		}
		if (!o->nrules && !o->path.text && !o->kind.text &&
		    !o->namespace.text && !o->name.text &&
		    !o->container.text) {
			struct hl_pos p = {o->line, o->col};
			fail(ld, p,
			     "an ignore needs at least one of rules, path, "
			     "kind, namespace, name, container (it would "
			     "accept every finding)");
		}
	}
	c->ignores = iv;
	c->nignores = d->ignores_count;

	static const char *const run_wide[] = {"fail-on", "min-severity",
					       "strict", "require-input"};
	for (size_t i = 0; i < 4 && r; i++) {
		const struct hl_node *k = NULL;
		for (size_t j = 0; j < r->u.map.count; j++) {
			const char *t = hl_node_text(r->u.map.pairs[j].key);
			if (t && !strcmp(t, run_wide[i]))
				k = r->u.map.pairs[j].key;
		}
		if (k && (!c->run_wide.text ||
			  k->span.start.line < c->run_wide.line))
			c->run_wide = value(a, run_wide[i], k);
	}
}

struct hl_config *hl_config_load(const char *fspath, const char *name,
				 void (*on_error)(void *ctx,
						  const struct hl_error *e),
				 void *ctx)
{
	struct hl_config_store *st = hl_xcalloc(1, sizeof(*st));
	hl_arena_init(&st->arena);
	struct hl_config *c = &st->pub;
	c->path = hl_arena_strdup(&st->arena, name);
	struct load ld = {&st->arena, c->path, on_error, ctx, NULL, 0, false};

	struct hl_source src;
	struct hl_diag diag;
	if (hl_source_read(&src, &st->arena, fspath, c->path, CONFIG_FILE_MAX,
			   false, NULL, NULL, &diag) != HL_OK) {
		struct hl_pos p = {diag.line, diag.col};
		fail(&ld, p, diag.code == HL_ERR_TOO_BIG
				     ? "a configuration file larger than 1 MiB"
				     : diag.message);
		goto bad;
	}
	struct hl_yaml_opts o;
	hl_yaml_opts_init(&o);
	o.no_aliases = true;
	o.fixed_limits = true;
	o.max_depth = CONFIG_DEPTH_MAX;
	hl_yaml_parse(&src, &st->arena, &o, on_doc, on_parse_err, &ld);
	if (ld.failed)
		goto bad;
	if (!ld.root)
		return c; /* empty, or comments only: nothing set */
	if (ld.root->kind != HL_NODE_MAP) {
		fail(&ld, ld.root->span.start,
		     "a configuration file must be a mapping of keys "
		     "(enable, disable, ignores, ...)");
		goto bad;
	}
	if (!hl_shape_check(ld.root, &config_schema, "configuration", c->path,
			    shape_err, &ld))
		goto bad;
	struct cd_config *d = NULL;
	cyaml_err_t ce = cyaml_load_data((const uint8_t *)src.data, src.len,
					 &cyaml_cfg, &config_schema,
					 (void **)&d, NULL);
	if (ce != CYAML_OK) {
		char msg[200];
		snprintf(msg, sizeof(msg), "cannot load: %s",
			 cyaml_strerror(ce));
		fail(&ld, (struct hl_pos){1, 1}, msg);
		goto bad;
	}
	fill(&ld, c, d);
	cyaml_free(&cyaml_cfg, &config_schema, d, 0);
	if (ld.failed)
		goto bad;
	return c;
bad:
	hl_config_free(c);
	return NULL;
}

void hl_config_free(struct hl_config *c)
{
	if (!c)
		return;
	struct hl_config_store *st = (struct hl_config_store *)c;
	hl_arena_release(&st->arena);
	free(st);
}

const char *hl_cyaml_version(void)
{
	return cyaml_version_str;
}
