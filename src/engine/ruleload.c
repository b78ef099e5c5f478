/*
 * ruleload: rule and list files into a compiled ruleset.
 *
 *   rule file := id, slug, title, severity, target, for-each, message
 *                [description] [when] [at] [report] [fix] [references]
 *                [standards] [aliases] [parameters]
 *   list file := list [description] [values] [patterns]
 *   predicate := [path | value] one of exists | known | equals | in | in-list |
 *                matches | matches-list | words-in | any | all | not,
 *                [ignore-case] [message]
 *
 * The schema is written once, for libcyaml (ruledoc.c); check_shape() walks
 * the same schema over our positioned AST first, so a file libcyaml would reject
 * is reported with its line and column instead. Maps are lists of records
 * (parameters, references, patterns) because libcyaml has no map type.
 */
#include "engine/ruleload.h"

#include <ctype.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cyaml/cyaml.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ast.h"
#include "engine/match.h"
#include "engine/ruledoc.h"
#include "engine/ruleparams.h"
#include "engine/shape.h"
#include "core/source.h"
#include "core/text.h"
#include "engine/typecheck.h"
#include "engine/views.h"
#include "kubernetes/yaml.h"

#define RULE_FILE_MAX (1u << 20)
#define RULE_DEPTH_MAX 64

static const cyaml_config_t cyaml_cfg = {
	.log_fn = NULL,
	.mem_fn = cyaml_mem,
	.log_level = CYAML_LOG_ERROR,
	.flags = CYAML_CFG_NO_ALIAS,
};

/* ------------------------------------------------------------------ */
/* Loader state                                                       */

struct file {
	const char *name;
	struct hl_source src;
	const struct hl_node *root; /* our AST, for positions */
	struct rd_rule *rule;	    /* libcyaml's, or NULL */
	struct rd_list *list;
};

struct hl_loader {
	const struct hl_rules *base;
	struct hl_arena arena;
	struct file *files;
	size_t nfiles, fcap;
	struct hl_diag *errs;
	size_t nerrs, ecap;
	struct hl_error *pub; /* errs as hardlint.h gives them */
	size_t npub;

	/* being compiled */
	struct hl_rule *rules;
	size_t nrules, rcap;
	struct hl_pattern *patterns;
	size_t npatterns, pcap;
	struct hl_list *lists;
	size_t nlists, lcap;
	struct hl_rules set;
};

static void err_at(struct hl_loader *L, const char *file, struct hl_pos pos,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void err_at(struct hl_loader *L, const char *file, struct hl_pos pos,
		   const char *fmt, ...)
{
	L->errs = hl_arena_grow(&L->arena, L->errs, L->nerrs, &L->ecap,
				sizeof(*L->errs));
	struct hl_diag *d = &L->errs[L->nerrs++];
	va_list ap;
	va_start(ap, fmt);
	d->message = hl_arena_vprintf(&L->arena, fmt, ap);
	va_end(ap);
	d->code = HL_ERR_RULE;
	d->path = file;
	d->line = pos.line;
	d->col = pos.col;
}

struct hl_loader *hl_loader_new_from(const struct hl_rules *base)
{
	struct hl_loader *L = hl_xcalloc(1, sizeof(*L));
	hl_arena_init(&L->arena);
	L->base = base;
	return L;
}

void hl_loader_free(struct hl_loader *L)
{
	if (!L)
		return;
	for (size_t i = 0; i < L->nfiles; i++) {
		if (L->files[i].rule)
			cyaml_free(&cyaml_cfg, &hl_rd_rule_schema, L->files[i].rule,
				   0);
		if (L->files[i].list)
			cyaml_free(&cyaml_cfg, &hl_rd_list_schema, L->files[i].list,
				   0);
	}
	hl_arena_release(&L->arena);
	free(L);
}

const struct hl_diag *hl_loader_diags(const struct hl_loader *L, size_t *count)
{
	*count = L->nerrs;
	return L->errs;
}

size_t hl_loader_errors(const struct hl_loader *L,
			const struct hl_error **errors)
{
	/* the same errors as hardlint.h's struct (made once, then kept) */
	struct hl_loader *W = (struct hl_loader *)L;
	if (W->npub != W->nerrs) {
		W->pub = hl_arena_array(&W->arena, W->nerrs ? W->nerrs : 1,
					sizeof(*W->pub));
		for (size_t i = 0; i < W->nerrs; i++) {
			const struct hl_diag *d = &W->errs[i];
			struct hl_error *e = &W->pub[i];
			memset(e, 0, sizeof(*e));
			e->code = d->code;
			e->path = d->path;
			e->line = d->line;
			e->col = d->col;
			e->message = d->message;
		}
		W->npub = W->nerrs;
	}
	*errors = W->pub;
	return W->nerrs;
}

/* Shape errors, as the loader keeps them. */
static void shape_err(void *ctx, const char *file, struct hl_pos pos,
		      const char *msg)
{
	err_at(ctx, file, pos, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Reading files                                                      */

struct docs {
	struct hl_loader *L;
	const char *file;
	const struct hl_node *root;
	uint32_t count;
	bool failed;
};

static bool on_doc(struct hl_yaml_doc *doc, void *ctx)
{
	struct docs *d = ctx;
	if (!doc->root)
		return true;
	if (d->count++ == 0) {
		d->root = doc->root;
		for (size_t i = 0; i < doc->ndups; i++) {
			err_at(d->L, d->file, doc->dups[i].second->span.start,
			       "key '%s' given twice",
			       doc->dups[i].second->u.scalar.s);
			d->failed = true;
		}
		return true;
	}
	err_at(d->L, d->file, doc->span.start,
	       "one rule or list a file: a second document");
	d->failed = true;
	return false;
}

static void on_err(const struct hl_diag *diag, void *ctx)
{
	struct docs *d = ctx;
	struct hl_pos p = {diag->line, diag->col};
	err_at(d->L, d->file, p, "%s", diag->message);
	d->failed = true;
}

static bool add_source(struct hl_loader *L, struct hl_source *src,
		       const char *name)
{
	struct hl_yaml_opts o;
	hl_yaml_opts_init(&o);
	o.no_aliases = true;
	o.fixed_limits = true;
	o.max_depth = RULE_DEPTH_MAX;
	struct docs d = {L, name, NULL, 0, false};
	hl_yaml_parse(src, &L->arena, &o, on_doc, on_err, &d);
	if (d.failed)
		return false;
	if (!d.root || d.root->kind != HL_NODE_MAP) {
		struct hl_pos p = {1, 1};
		err_at(L, name, d.root ? d.root->span.start : p,
		       "a rule or list file must be a mapping");
		return false;
	}
	bool is_list = hl_map_pair(d.root, "list") != NULL;
	const cyaml_schema_value_t *schema = is_list ? &hl_rd_list_schema
						     : &hl_rd_rule_schema;
	if (!hl_shape_check(d.root, schema, is_list ? "list file" : "rule",
			    name, shape_err, L))
		return false;

	L->files = hl_arena_grow(&L->arena, L->files, L->nfiles, &L->fcap,
				 sizeof(*L->files));
	struct file *f = &L->files[L->nfiles];
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->src = *src;
	f->root = d.root;
	void *data = NULL;
	cyaml_err_t ce = cyaml_load_data((const uint8_t *)src->data, src->len,
					 &cyaml_cfg, schema, (void **)&data,
					 NULL);
	if (ce != CYAML_OK) {
		struct hl_pos p = {1, 1};
		err_at(L, name, p, "cannot load: %s", cyaml_strerror(ce));
		return false;
	}
	if (is_list)
		f->list = data;
	else
		f->rule = data;
	L->nfiles++;
	return true;
}

bool hl_loader_add_text(struct hl_loader *L, const char *text, size_t len,
			const char *name)
{
	struct hl_source src;
	char *copy = hl_arena_strndup(&L->arena, text, len);
	name = hl_arena_strdup(&L->arena, name);
	hl_source_init_mem(&src, &L->arena, name, copy, len);
	return add_source(L, &src, name);
}

bool hl_loader_add_file(struct hl_loader *L, const char *fspath,
			const char *name)
{
	struct hl_source src;
	struct hl_diag d;
	name = hl_arena_strdup(&L->arena, name);
	if (hl_source_read(&src, &L->arena, fspath, name, RULE_FILE_MAX, false,
			   NULL,
			   NULL, &d) != HL_OK) {
		struct hl_pos p = {d.line, d.col};
		if (d.code == HL_ERR_TOO_BIG) /* not --max-file-size's */
			err_at(L, name, p,
			       "a rule or list file larger than the limit of "
			       "%u bytes (1 MiB); not loaded",
			       RULE_FILE_MAX);
		else
			err_at(L, name, p, "%s", d.message);
		return false;
	}
	return add_source(L, &src, name);
}

/* ------------------------------------------------------------------ */
/* Compiling                                                          */

static struct hl_pos pos_of(const struct hl_node *map, const char *key)
{
	const struct hl_pair *p = hl_map_pair(map, key);
	if (p)
		return p->value->span.start;
	map = hl_node_deref(map);
	return map ? map->span.start : (struct hl_pos){1, 1};
}

/* A copy without trailing white space (folded YAML scalars end in a
 * newline that no message or fix wants). */
/* The position of byte `off` inside the scalar value of `key`: exact for
 * plain and quoted scalars on one line. */
static struct hl_pos pos_in(const struct hl_node *map, const char *key,
			    size_t off)
{
	const struct hl_node *v = hl_map_get(map, key);
	struct hl_pos p = pos_of(map, key);
	if (!v || v->kind != HL_NODE_SCALAR ||
	    v->span.start.line != v->span.end.line)
		return p;
	uint32_t width = hl_utf8_width(v->u.scalar.s, v->u.scalar.len);
	uint32_t span = v->span.end.col - v->span.start.col;
	if (span == width + 2) /* 'quoted' or "quoted" */
		p.col++;
	else if (span != width)
		return p; /* escapes: the offset does not map */
	p.col += hl_utf8_width(v->u.scalar.s, off);
	return p;
}

static const char *dup_str(struct hl_loader *L, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return hl_arena_strndup(&L->arena, s, n);
}

/* `n` strings as they are (no trailing space trimmed), one after the
 * other, each ended by a NUL; NULL for none. */
static const char *keep_strs(struct hl_loader *L, char **v, unsigned n)
{
	if (!n)
		return NULL;
	size_t len = 0;
	for (unsigned i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *out = hl_arena_alloc(&L->arena, len), *p = out;
	for (unsigned i = 0; i < n; i++) {
		size_t k = strlen(v[i]) + 1;
		memcpy(p, v[i], k);
		p += k;
	}
	return out;
}

static const char *const *dup_strs(struct hl_loader *L, char **v, unsigned n)
{
	if (!n)
		return NULL;
	const char **out = hl_arena_array(&L->arena, n, sizeof(*out));
	for (unsigned i = 0; i < n; i++)
		out[i] = dup_str(L, v[i]);
	return out;
}

/* Add a pattern written as the value of `key` in mapping `node`. */
static int32_t add_pattern(struct hl_loader *L, const struct file *f,
			   const char *name, const char *regex, bool icase,
			   const struct hl_node *node, const char *key)
{
	char msg[256];
	size_t off = 0;
	struct hl_pos at = pos_of(node, key);
	if (!hl_regex_check(regex, icase, msg, sizeof(msg), &off)) {
		err_at(L, f->name, pos_in(node, key, off), "invalid regex: %s",
		       msg);
		return -1;
	}
	L->patterns = hl_arena_grow(&L->arena, L->patterns, L->npatterns,
				    &L->pcap, sizeof(*L->patterns));
	struct hl_pattern *p = &L->patterns[L->npatterns];
	p->name = dup_str(L, name);
	p->regex = dup_str(L, regex);
	p->ignore_case = icase;
	p->file = f->name;
	p->line = at.line;
	p->col = at.col;
	return (int32_t)L->npatterns++;
}

static int32_t find_list(struct hl_loader *L, const char *name)
{
	for (size_t i = 0; i < L->nlists; i++)
		if (!strcmp(L->lists[i].name, name))
			return (int32_t)i;
	return -1;
}

/* The `n` patterns of a list or a parameter (`seq`: where they are
 * written) into list `l`. */
static void add_patterns(struct hl_loader *L, const struct file *f,
			 const struct rd_pattern *ps, unsigned n,
			 const struct hl_node *seq, struct hl_list *l)
{
	if (!n)
		return;
	int32_t *idx = hl_arena_array(&L->arena, n, sizeof(*idx));
	for (unsigned i = 0; i < n; i++)
		idx[i] = add_pattern(L, f, ps[i].name, ps[i].regex,
				     ps[i].ignore_case, seq->u.seq.items[i],
				     "regex");
	l->patterns = idx;
	l->npatterns = n;
}

/* The values and patterns of list file `f` added to list `l`. */
static void extend_list(struct hl_loader *L, const struct file *f,
			struct hl_list *l)
{
	const struct rd_list *rl = f->list;
	if (rl->values_count) {
		const char **v = hl_arena_array(&L->arena,
						l->nvalues + rl->values_count,
						sizeof(*v));
		for (uint32_t i = 0; i < l->nvalues; i++)
			v[i] = l->values[i];
		for (unsigned i = 0; i < rl->values_count; i++)
			v[l->nvalues + i] = dup_str(L, rl->values[i]);
		l->values = v;
		l->nvalues += rl->values_count;
	}
	if (rl->patterns_count) {
		struct hl_list more;
		memset(&more, 0, sizeof(more));
		add_patterns(L, f, rl->patterns, rl->patterns_count,
			     hl_map_get(f->root, "patterns"), &more);
		int32_t *p = hl_arena_array(&L->arena,
					    l->npatterns + more.npatterns,
					    sizeof(*p));
		for (uint32_t i = 0; i < l->npatterns; i++)
			p[i] = l->patterns[i];
		for (uint32_t i = 0; i < more.npatterns; i++)
			p[l->npatterns + i] = more.patterns[i];
		l->patterns = p;
		l->npatterns += more.npatterns;
	}
}

static void compile_list(struct hl_loader *L, const struct file *f)
{
	const struct rd_list *rl = f->list;
	int32_t have = find_list(L, rl->list);
	if (rl->extend) {
		/* `extend: true`: more values and patterns for a list that
		 * exists (a team's own credential patterns) */
		if (have < 0) {
			err_at(L, f->name, pos_of(f->root, "list"),
			       "list '%s' extends no list of that name",
			       rl->list);
			return;
		}
		extend_list(L, f, &L->lists[have]);
		return;
	}
	if (have >= 0) {
		err_at(L, f->name, pos_of(f->root, "list"),
		       "list '%s' is defined twice (extend: true adds to it)",
		       rl->list);
		return;
	}
	struct hl_list l;
	memset(&l, 0, sizeof(l));
	l.name = dup_str(L, rl->list);
	l.description = dup_str(L, rl->description);
	l.mask = rl->mask;
	l.values = dup_strs(L, rl->values, rl->values_count);
	l.nvalues = rl->values_count;
	add_patterns(L, f, rl->patterns, rl->patterns_count,
		     hl_map_get(f->root, "patterns"), &l);
	L->lists = hl_arena_grow(&L->arena, L->lists, L->nlists, &L->lcap,
				 sizeof(*L->lists));
	L->lists[L->nlists++] = l;
}

struct rulectx {
	struct hl_loader *L;
	const struct file *f;
	const struct rd_rule *rr;
	const struct hl_param *params;
	uint32_t nparams;
	const char *type; /* the type of the view's items, or NULL */
	const char *where_type; /* what a `where` condition's path reaches */
	bool ok;
};

/* Check `path` (the value of `key` in mapping `node`, or a placeholder
 * `at` bytes into it) against the type of the view's items: the type it
 * reaches, or NULL (unknown, or an error said). */
static const char *typecheck(struct rulectx *R, struct hl_path *path,
			     const struct hl_node *node, const char *key,
			     size_t at)
{
	const char *msg, *reached = NULL;
	size_t off;
	if (!R->type)
		return NULL;
	if (hl_typecheck(&R->L->arena, R->type, path, &msg, &off, &reached))
		return reached;
	err_at(R->L, R->f->name, pos_in(node, key, at + off), "%s", msg);
	R->ok = false;
	return NULL;
}

/* Check {placeholders} of the message that is the value of `key` in
 * `node`: @value, @path, @pattern or a path that exists; filters mask,
 * secrets, all and or:TEXT. */
static void check_message(struct rulectx *R, const char *msg,
			  const struct hl_node *node, const char *key)
{
	struct hl_pos at = pos_of(node, key);
	for (const char *p = msg; *p; p++) {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			p++;
			continue;
		}
		if (*p != '{')
			continue;
		const char *end = strchr(p, '}');
		if (!end) {
			err_at(R->L, R->f->name, at,
			       "unclosed '{' in message (write '{{' for a "
			       "brace)");
			R->ok = false;
			return;
		}
		char *spec = hl_arena_strndup(&R->L->arena, p + 1,
					      (size_t)(end - p - 1));
		char *filter = strchr(spec, '|');
		if (filter) {
			*filter++ = '\0';
			if (strcmp(filter, "mask") &&
			    strcmp(filter, "secrets") &&
			    strcmp(filter, "all") &&
			    strcmp(filter, "image") &&
			    strncmp(filter, "or:", 3)) {
				err_at(R->L, R->f->name, at,
				       "unknown filter '|%s' in message "
				       "(mask, secrets, all, image, or:TEXT)",
				       filter);
				R->ok = false;
			}
		}
		if (spec[0] == '@') {
			if (strcmp(spec, "@value") && strcmp(spec, "@path") &&
			    strcmp(spec, "@pattern") && strcmp(spec, "@key")) {
				err_at(R->L, R->f->name, at,
				       "unknown placeholder '{%s}' (@value, "
				       "@key, @path, @pattern or a path)",
				       spec);
				R->ok = false;
			}
		} else {
			struct hl_path path;
			size_t off;
			if (!hl_path_parse(&R->L->arena, spec, &path, &off)) {
				err_at(R->L, R->f->name, at,
				       "invalid path '%s' in message", spec);
				R->ok = false;
			} else {
				typecheck(R, &path, node, key,
					  (size_t)(p + 1 - msg));
			}
		}
		p = end;
	}
}

/* An `at:` path (the value of `at` in `node`) into *out. */
static void compile_path_of(struct rulectx *R, const char *text,
			    const struct hl_node *node, const char *key,
			    struct hl_path *out)
{
	size_t off;
	if (!hl_path_parse(&R->L->arena, dup_str(R->L, text), out, &off)) {
		err_at(R->L, R->f->name, pos_in(node, key, off),
		       "invalid path '%s'", text);
		R->ok = false;
		return;
	}
	typecheck(R, out, node, key, 0);
}

static void compile_at(struct rulectx *R, const char *text,
		       const struct hl_node *node, struct hl_path *out)
{
	compile_path_of(R, text, node, "at", out);
}

/* The conditions of an `all` all hold at once: at most one of them may
 * say where a finding points, and at most one may carry its message, or
 * the finding would depend on their order. */
static void one_at(struct rulectx *R, const struct hl_pred *kids, uint32_t n,
		   const struct hl_node *seq)
{
	bool at = false, message = false;
	for (uint32_t i = 0; i < n; i++) {
		bool a = hl_pred_says_at(&kids[i]),
		     m = hl_pred_says_message(&kids[i]);
		if ((a && at) || (m && message)) {
			err_at(R->L, R->f->name,
			       seq->u.seq.items[i]->span.start,
			       "a second condition of this list says %s: keep "
			       "one, or say it on the rule, so the finding "
			       "does not depend on their order",
			       a && at ? "where a finding points (at:)"
				       : "the finding's message");
			R->ok = false;
			return;
		}
		at |= a;
		message |= m;
	}
}

static int32_t resolve_list(struct rulectx *R, const char *name,
			    struct hl_pos at, bool patterns)
{
	int32_t k = -1;
	for (uint32_t i = 0; i < R->nparams; i++)
		if (!strcmp(R->params[i].name, name))
			k = R->params[i].list;
	const struct hl_list *pl = k >= 0 ? &R->L->lists[k] : NULL;
	if (pl && !pl->nvalues && !pl->npatterns)
		return k; /* a parameter left empty: a user fills it */
	if (k < 0)
		k = find_list(R->L, name);
	if (k < 0 || !R->L->lists) {
		err_at(R->L, R->f->name, at, "no list or parameter named '%s'",
		       name);
		R->ok = false;
		return -1;
	}
	const struct hl_list *l = &R->L->lists[k];
	if (patterns && !l->npatterns) {
		err_at(R->L, R->f->name, at, "list '%s' has no patterns", name);
		R->ok = false;
		return -1;
	}
	if (!patterns && !l->nvalues) {
		err_at(R->L, R->f->name, at, "list '%s' has no values", name);
		R->ok = false;
		return -1;
	}
	return k;
}

static void typed_value(struct rulectx *R, const struct hl_node *n,
			struct hl_value *v)
{
	v->s = dup_str(R->L, n->u.scalar.s);
	v->type = (n->flags & HL_NODE_QUOTED) ? HL_SCALAR_STR
					      : n->u.scalar.type;
	v->i = n->u.scalar.i;
	v->b = n->u.scalar.b;
}

/* value: V, in-list: PARAM: a literal tested against a list (whether a
 * parameter holds a setting: value: non-zero-user, in-list: accepted). */
static bool compile_constant(struct rulectx *R, const struct rd_pred *rp,
			     const struct hl_node *node, struct hl_pred *out)
{
	struct hl_loader *L = R->L;
	const char *file = R->f->name;
	if (out->op != HL_OP_IN_LIST || rp->path) {
		err_at(L, file, pos_of(node, "value"),
		       "'value' goes with in-list and no path (it tests "
		       "whether a list holds that value)");
		R->ok = false;
		return false;
	}
	struct hl_value *v = hl_arena_alloc(&L->arena, sizeof(*v));
	typed_value(R, hl_map_get(node, "value"), v);
	out->values = v;
	out->nvalues = 1;
	out->constant = true;
	if (rp->at_least) {
		/* one literal is in the list or is not */
		err_at(L, file, pos_of(node, "at-least"),
		       "at-least does not go with 'value' (one value is in "
		       "the list or is not)");
		R->ok = false;
	}
	return true;
}

static bool compile_pred(struct rulectx *R, const struct rd_pred *rp,
			 const struct hl_node *node, struct hl_pred *out);

static const struct hl_pred *compile_preds(struct rulectx *R,
					   const struct rd_pred *rp, unsigned n,
					   const struct hl_node *seq)
{
	struct hl_pred *kids = hl_arena_array(&R->L->arena, n ? n : 1,
					      sizeof(*kids));
	for (unsigned i = 0; i < n; i++)
		compile_pred(R, &rp[i], seq->u.seq.items[i], &kids[i]);
	return kids;
}

/* The operators condition `rp` uses: their names in ops[], how many, and
 * (the last one's) in *op. */
static int operators(const struct rd_pred *rp, const char *ops[16],
		     enum hl_op *op)
{
	static const struct {
		char name[16];
		enum hl_op op;
	} table[] = {
		{"exists", HL_OP_EXISTS},
		{"known", HL_OP_KNOWN},
		{"equals", HL_OP_EQUALS},
		{"in", HL_OP_IN},
		{"in-list", HL_OP_IN_LIST},
		{"matches", HL_OP_MATCHES},
		{"matches-list", HL_OP_MATCHES_LIST},
		{"words-in", HL_OP_WORDS_IN},
		{"last-word-in", HL_OP_LAST_WORD_IN},
		{"any", HL_OP_ANY},
		{"all", HL_OP_ALL},
		{"not", HL_OP_NOT},
		{"where", HL_OP_WHERE},
		{"same-as", HL_OP_SAME_AS},
	};
	const bool given[] = {
		rp->exists != NULL,	  rp->known != NULL,
		rp->equals != NULL,	  rp->in != NULL,
		rp->in_list != NULL,	  rp->matches != NULL,
		rp->matches_list != NULL, rp->words_in != NULL,
		rp->last_word_in != NULL, rp->any != NULL,	  rp->all != NULL,
		rp->not_ != NULL,	  rp->where != NULL,
		rp->same_as != NULL,
	};
	int n = 0;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (given[i]) {
			ops[n++] = table[i].name;
			*op = table[i].op;
		}
	return n;
}

/* The operand of condition `rp` (its operator already in out->op). */
static void compile_operand(struct rulectx *R, const struct rd_pred *rp,
			    const struct hl_node *node, struct hl_pred *out)
{
	struct hl_loader *L = R->L;
	switch (out->op) {
	case HL_OP_EXISTS:
		out->flag = !rp->exists || *rp->exists;
		break;
	case HL_OP_KNOWN:
		out->flag = !rp->known || *rp->known;
		break;
	case HL_OP_EQUALS: {
		struct hl_value *v = hl_arena_alloc(&L->arena, sizeof(*v));
		typed_value(R, hl_map_get(node, "equals"), v);
		out->values = v;
		out->nvalues = 1;
		break;
	}
	case HL_OP_IN: {
		const struct hl_node *seq = hl_map_get(node, "in");
		struct hl_value *v = hl_arena_array(
			&L->arena, rp->in_count ? rp->in_count : 1, sizeof(*v));
		for (unsigned i = 0; i < rp->in_count; i++)
			typed_value(R, seq->u.seq.items[i], &v[i]);
		out->values = v;
		out->nvalues = rp->in_count;
		break;
	}
	case HL_OP_IN_LIST:
		out->list = resolve_list(R, rp->in_list,
					 pos_of(node, "in-list"), false);
		break;
	case HL_OP_WORDS_IN:
		out->list = resolve_list(R, rp->words_in,
					 pos_of(node, "words-in"), false);
		break;
	case HL_OP_LAST_WORD_IN:
		out->list = resolve_list(R, rp->last_word_in,
					 pos_of(node, "last-word-in"), false);
		break;
	case HL_OP_MATCHES_LIST:
		out->list = resolve_list(R, rp->matches_list,
					 pos_of(node, "matches-list"), true);
		break;
	case HL_OP_SAME_AS: {
		struct hl_path *o = hl_arena_alloc(&L->arena, sizeof(*o));
		compile_path_of(R, rp->same_as, node, "same-as", o);
		out->other = o;
		break;
	}
	case HL_OP_MATCHES:
		out->pattern = add_pattern(L, R->f, NULL, rp->matches,
					   rp->ignore_case, node, "matches");
		if (out->pattern < 0)
			R->ok = false;
		break;
	case HL_OP_ANY:
		out->kids = compile_preds(R, rp->any, rp->any_count,
					  hl_map_get(node, "any"));
		out->nkids = rp->any_count;
		break;
	case HL_OP_ALL:
		out->kids = compile_preds(R, rp->all, rp->all_count,
					  hl_map_get(node, "all"));
		out->nkids = rp->all_count;
		one_at(R, out->kids, out->nkids, hl_map_get(node, "all"));
		break;
	case HL_OP_NOT: {
		struct hl_pred *k = hl_arena_alloc(&L->arena, sizeof(*k));
		compile_pred(R, rp->not_, hl_map_get(node, "not"), k);
		out->kids = k;
		out->nkids = 1;
		break;
	}
	case HL_OP_WHERE: {
		/* the conditions read from each node the path reaches: their
		 * paths are typed by what it reaches */
		const char *outer = R->type;
		R->type = R->where_type;
		const struct hl_node *seq = hl_map_get(node, "where");
		out->kids = compile_preds(R, rp->where, rp->where_count, seq);
		out->nkids = rp->where_count;
		R->type = outer;
		for (uint32_t i = 0; i < out->nkids; i++)
			if (hl_pred_says_at(&out->kids[i]) ||
			    hl_pred_says_message(&out->kids[i])) {
				err_at(L, R->f->name,
				       seq->u.seq.items[i]->span.start,
				       "a condition inside 'where' cannot say "
				       "at: or message: (its paths are not the "
				       "item's): say them on the 'where' "
				       "condition itself");
				R->ok = false;
			}
		break;
	}
	default:
		break;
	}
}

/* Can a value of the scalar type `t` ever equal literal `v`? */
static bool can_equal(const char *t, const struct hl_value *v)
{
	if (v->type == HL_SCALAR_NULL)
		return true;
	if (!strcmp(t, "boolean"))
		return v->type == HL_SCALAR_BOOL ||
		       (v->type == HL_SCALAR_STR &&
			(!strcmp(v->s, "true") || !strcmp(v->s, "false")));
	if (!strcmp(t, "integer")) {
		if (v->type == HL_SCALAR_INT || v->type == HL_SCALAR_FLOAT)
			return true;
		if (v->type != HL_SCALAR_STR)
			return false;
		char *end;
		const char *s = v->s + (v->s[0] == '-' || v->s[0] == '+');
		(void)strtoll(s, &end, 10);
		return *s && !*end;
	}
	return true; /* string, int-or-string, quantity */
}

/* What condition `out` compares against what its path reaches (type
 * `t`): a scalar operator on a record, a list or a mapping never holds;
 * a literal its field can never hold never equals it. Both load, and
 * never fire: refused. */
static void check_operand(struct rulectx *R, const struct hl_pred *out,
			  const char *t, const struct hl_node *node,
			  const char *op)
{
	if (out->op == HL_OP_EXISTS || out->op == HL_OP_KNOWN ||
	    !strcmp(t, "object"))
		return;
	bool scalar = !strcmp(t, "string") || !strcmp(t, "integer") ||
		      !strcmp(t, "boolean") || !strcmp(t, "int-or-string") ||
		      !strcmp(t, "quantity");
	if (!scalar) {
		bool list = t[0] == '[';
		err_at(R->L, R->f->name, pos_of(node, "path"),
		       "'%s' is %s%s, not a value: '%s' compares a scalar%s",
		       out->path.text, list ? "a list " : "", t, op,
		       list ? " (write [*] after it for its items)" : "");
		R->ok = false;
		return;
	}
	if (out->op != HL_OP_EQUALS && out->op != HL_OP_IN)
		return;
	const struct hl_node *vals = hl_map_get(node, op);
	for (uint32_t i = 0; i < out->nvalues; i++) {
		if (can_equal(t, &out->values[i]))
			continue;
		const struct hl_node *at =
			out->op == HL_OP_IN && vals && vals->kind == HL_NODE_SEQ
				? vals->u.seq.items[i]
				: vals;
		err_at(R->L, R->f->name, at ? at->span.start : node->span.start,
		       "'%s' is %s %s: it never equals '%s'%s", out->path.text,
		       t[0] == 'i' ? "an" : "a", t, out->values[i].s,
		       !strcmp(t, "boolean") ? " (true or false)" : "");
		R->ok = false;
	}
}

/* value: V, in-list: PARAM: V must be a value the parameter may take,
 * or the condition could never hold. */
static void check_constant(struct rulectx *R, const struct hl_pred *out,
			   const struct hl_node *node)
{
	for (uint32_t i = 0; i < R->nparams; i++) {
		const struct hl_param *pm = &R->params[i];
		if (pm->list != out->list || !pm->nallowed)
			continue;
		for (uint32_t k = 0; k < pm->nallowed; k++)
			if (out->ignore_case
				    ? !strcasecmp(pm->allowed[k],
						  out->values[0].s)
				    : !strcmp(pm->allowed[k], out->values[0].s))
				return;
		err_at(R->L, R->f->name, pos_of(node, "value"),
		       "'%s' is not one of the values parameter '%s' may take",
		       out->values[0].s, pm->name);
		R->ok = false;
	}
}

static bool compile_pred(struct rulectx *R, const struct rd_pred *rp,
			 const struct hl_node *node, struct hl_pred *out)
{
	struct hl_loader *L = R->L;
	const char *file = R->f->name;
	memset(out, 0, sizeof(*out));
	out->pattern = -1;
	out->list = -1;
	out->message = dup_str(L, rp->message);
	if (rp->message)
		check_message(R, rp->message, node, "message");
	if (rp->at) {
		struct hl_path *at = hl_arena_alloc(&L->arena, sizeof(*at));
		compile_at(R, rp->at, node, at);
		out->at = at;
	}

	const char *ops[16];
	int nops = operators(rp, ops, &out->op);
	if (nops != 1) {
		if (nops == 0)
			err_at(L, file, node->span.start,
			       "a condition needs one of exists, known, "
			       "equals, in, in-list, matches, matches-list, "
			       "words-in, last-word-in, same-as, any, all, "
			       "not, where");
		else
			err_at(L, file, node->span.start,
			       "a condition takes one operator, not both "
			       "'%s' and '%s' (combine them with all)",
			       ops[0], ops[1]);
		R->ok = false;
		return false;
	}
	bool combinator = out->op == HL_OP_ANY || out->op == HL_OP_ALL ||
			  out->op == HL_OP_NOT; /* where takes a path */
	if (combinator && rp->path) {
		err_at(L, file, pos_of(node, "path"),
		       "'%s' does not take a path: give each condition "
		       "inside it its own",
		       ops[0]);
		R->ok = false;
	}
	if (rp->value) {
		if (!compile_constant(R, rp, node, out))
			return false;
	} else if (!combinator && !rp->path) {
		err_at(L, file, node->span.start, "'%s' needs a path", ops[0]);
		R->ok = false;
		return false;
	}
	if (rp->ignore_case && out->op != HL_OP_EQUALS && out->op != HL_OP_IN &&
	    out->op != HL_OP_IN_LIST && out->op != HL_OP_MATCHES &&
	    out->op != HL_OP_SAME_AS) {
		err_at(L, file, pos_of(node, "ignore-case"),
		       "ignore-case goes with equals, in, in-list, matches or "
		       "same-as");
		R->ok = false;
	}
	out->ignore_case = rp->ignore_case;
	if (rp->at_least &&
	    (combinator || out->op == HL_OP_EXISTS || out->op == HL_OP_KNOWN ||
	     out->op == HL_OP_WHERE)) {
		err_at(L, file, pos_of(node, "at-least"),
		       "at-least goes with equals, in, in-list, matches, "
		       "matches-list, words-in or last-word-in");
		R->ok = false;
	}
	out->at_least = rp->at_least > 1 ? rp->at_least : 0;
	if (rp->literal_prefix && out->op != HL_OP_MATCHES) {
		err_at(L, file, pos_of(node, "literal-prefix"),
		       "literal-prefix goes with matches");
		R->ok = false;
	}
	out->literal_prefix = rp->literal_prefix;
	const char *reached = NULL;
	if (rp->path) {
		size_t off;
		if (!hl_path_parse(&L->arena, dup_str(L, rp->path), &out->path,
				   &off)) {
			err_at(L, file, pos_in(node, "path", off),
			       "invalid path '%s'", rp->path);
			R->ok = false;
		} else {
			reached = typecheck(R, &out->path, node, "path", 0);
		}
	}
	if (out->op == HL_OP_WHERE) {
		if (reached && (reached[0] == '[' || reached[0] == '{')) {
			err_at(L, file, pos_of(node, "path"),
			       "'where' reads each item '%s' reaches (a "
			       "record's fields, or a value itself as '.'), "
			       "and it reaches %s (write [*] after it)",
			       out->path.text, reached);
			R->ok = false;
		}
		R->where_type = reached;
		compile_operand(R, rp, node, out);
		R->where_type = NULL;
		return true;
	}
	compile_operand(R, rp, node, out);
	if (reached)
		check_operand(R, out, reached, node, ops[0]);
	if (out->constant)
		check_constant(R, out, node);
	return true;
}

static bool valid_name(const char *s, bool upper_ok)
{
	if (!*s || !isalnum((unsigned char)*s))
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!(isdigit(c) || c == '-' || c == '_' ||
		      (c >= 'a' && c <= 'z') ||
		      (upper_ok && c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

/* The rule's for-each names no view of its target: say which exist. */
static void no_view(struct rulectx *R, enum hl_target target,
		    const char *for_each, const struct hl_node *node)
{
	struct hl_loader *L = R->L;
	const struct file *f = R->f;
	char buf[256] = "";
	const char *close = NULL;
	size_t best = 3;
	for (size_t i = 0; i < hl_views_count(); i++) {
		const struct hl_view_info *vi = hl_views_get(i);
		if (vi->target != target)
			continue;
		size_t dd = hl_edit_distance(vi->name, for_each);
		if (dd < best)
			best = dd, close = vi->name;
		strncat(buf, *buf ? ", " : "", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, vi->name, sizeof(buf) - strlen(buf) - 1);
	}
	if (close)
		err_at(L, f->name, pos_of(node, "for-each"),
		       "no view '%s' for %s rules (did you mean '%s'?)",
		       for_each, hl_target_name(target), close);
	else
		err_at(L, f->name, pos_of(node, "for-each"),
		       "no view '%s' for %s rules (%s)", for_each,
		       hl_target_name(target), buf);
	R->ok = false;
}

/* A rule's parameters: each a list of its own, named slug.param, that
 * its predicates name. */
static void compile_params(struct rulectx *R, struct hl_rule *r)
{
	struct hl_loader *L = R->L;
	const struct file *f = R->f;
	const struct rd_rule *rr = R->rr;
	if (rr->parameters_count) {
		const struct hl_node *ps = hl_map_get(f->root, "parameters");
		struct hl_param *params = hl_arena_array(
			&L->arena, rr->parameters_count, sizeof(*params));
		for (unsigned i = 0; i < rr->parameters_count; i++) {
			const struct rd_param *rp = &rr->parameters[i];
			for (unsigned j = 0; j < i; j++)
				if (!strcmp(rr->parameters[j].name, rp->name)) {
					err_at(L, f->name,
					       pos_of(ps->u.seq.items[i],
						      "name"),
					       "parameter '%s' given twice",
					       rp->name);
					R->ok = false;
				}
			struct hl_list l;
			memset(&l, 0, sizeof(l));
			l.name = hl_arena_printf(&L->arena, "%s.%s", rr->slug,
						 rp->name);
			l.description = dup_str(L, rp->description);
			l.values = dup_strs(L, rp->values, rp->values_count);
			l.nvalues = rp->values_count;
			add_patterns(L, f, rp->patterns, rp->patterns_count,
				     hl_map_get(ps->u.seq.items[i], "patterns"),
				     &l);
			L->lists = hl_arena_grow(&L->arena, L->lists, L->nlists,
						 &L->lcap, sizeof(*L->lists));
			L->lists[L->nlists] = l;
			params[i].name = dup_str(L, rp->name);
			params[i].description = l.description;
			params[i].list = (int32_t)L->nlists++;
			params[i].allowed =
				dup_strs(L, rp->allowed, rp->allowed_count);
			params[i].nallowed = rp->allowed_count;
			/* its defaults are among what it allows */
			for (unsigned v = 0; rp->allowed_count &&
					     v < rp->values_count;
			     v++) {
				bool in = false;
				for (unsigned a = 0; a < rp->allowed_count; a++)
					in |= !strcmp(rp->allowed[a],
						      rp->values[v]);
				if (!in) {
					err_at(L, f->name,
					       pos_of(ps->u.seq.items[i],
						      "values"),
					       "parameter '%s': '%s' is not "
					       "among its allowed-values",
					       rp->name, rp->values[v]);
					R->ok = false;
				}
			}
		}
		r->params = params;
		r->nparams = rr->parameters_count;
		R->params = params;
		R->nparams = r->nparams;
	}
}

/* An error of the parameter checks (engine/ruleparams.c). */
static void params_err(void *ctx, struct hl_pos pos, const char *msg)
{
	struct rulectx *R = ctx;
	err_at(R->L, R->f->name, pos, "%s", msg);
	R->ok = false;
}

/* A `when` (an implicit all) in mapping `node`; with report: each, the
 * index of its one `any` plus one in *each. */
static const struct hl_pred *compile_when(struct rulectx *R,
					  const struct rd_pred *when,
					  unsigned count,
					  const struct hl_node *node,
					  bool has_at, int report,
					  uint32_t *each)
{
	struct hl_loader *L = R->L;
	struct hl_pred *root = hl_arena_alloc(&L->arena, sizeof(*root));
	root->op = HL_OP_ALL;
	root->pattern = root->list = -1;
	root->kids = compile_preds(R, when, count, hl_map_get(node, "when"));
	root->nkids = count;
	if (count)
		one_at(R, root->kids, root->nkids, hl_map_get(node, "when"));
	hl_pred_mark_choose(root, has_at);
	*each = 0;
	if (report == REPORT_EACH) {
		/* the one `any` whose branches are reported one by one */
		uint32_t anys = 0;
		for (uint32_t i = 0; i < root->nkids; i++)
			if (root->kids[i].op == HL_OP_ANY && !anys++)
				*each = i + 1;
		if (anys != 1) {
			err_at(L, R->f->name, pos_of(node, "report"),
			       "report: each needs exactly one 'any' among the "
			       "conditions of 'when' (its true branches are "
			       "reported one by one)");
			R->ok = false;
		}
	}
	return root;
}

/* A further part of the rule (also:): its view, conditions, place and
 * message, checked against that view's types. */
static void compile_part(struct rulectx *R, const struct rd_part *rp,
			 const struct hl_node *node, enum hl_target target,
			 struct hl_rule_part *out)
{
	memset(out, 0, sizeof(*out));
	out->view = hl_view_find(rp->for_each, target);
	R->type = out->view >= 0 ? hl_views_get((size_t)out->view)->type
				 : NULL;
	if (out->view < 0)
		no_view(R, target, rp->for_each, node);
	if (rp->message) {
		check_message(R, rp->message, node, "message");
		out->message = dup_str(R->L, rp->message);
	}
	if (rp->at)
		compile_at(R, rp->at, node, &out->at);
	out->when = compile_when(R, rp->when, rp->when_count, node,
				 out->at.nsegs > 0, rp->report, &out->each);
}

/* alias-parts: each an alias of the rule, and its conditions on the
 * rule's items. */
static void compile_alias_parts(struct rulectx *R, struct hl_rule *r)
{
	const struct rd_rule *rr = R->rr;
	unsigned n = 0;
	for (unsigned i = 0; i < rr->alias_parts_count; i++)
		n += (rr->alias_parts[i].alias ? 1 : 0) +
		     rr->alias_parts[i].aliases_count;
	if (!n)
		return;
	if (n > 32) {
		err_at(R->L, R->f->name, pos_of(R->f->root, "alias-parts"),
		       "alias-parts: %u aliases (at most 32)", n);
		R->ok = false;
		return;
	}
	const struct hl_node *seq = hl_map_get(R->f->root, "alias-parts");
	const char **names = hl_arena_array(&R->L->arena, n, sizeof(*names));
	const struct hl_pred **when =
		hl_arena_array(&R->L->arena, n, sizeof(*when));
	unsigned w = 0;
	for (unsigned i = 0; i < rr->alias_parts_count; i++) {
		const struct rd_alias_part *ap = &rr->alias_parts[i];
		const struct hl_node *node = seq->u.seq.items[i];
		uint32_t each = 0;
		/* one condition for the entry's aliases: one part */
		const struct hl_pred *cond =
			compile_when(R, ap->when, ap->when_count, node, false,
				     REPORT_ONCE, &each);
		if (!ap->alias && !ap->aliases_count) {
			err_at(R->L, R->f->name, node->span.start,
			       "alias-parts: an entry names no alias (alias: "
			       "or aliases:)");
			R->ok = false;
		}
		for (unsigned a = 0; a <= ap->aliases_count; a++) {
			const char *name = a < ap->aliases_count
						   ? ap->aliases[a]
						   : ap->alias;
			if (!name)
				continue;
			bool listed = false;
			for (unsigned k = 0; k < rr->aliases_count; k++)
				listed |= !strcmp(rr->aliases[k], name);
			if (!listed) {
				err_at(R->L, R->f->name,
				       pos_of(node, ap->alias ? "alias"
							      : "aliases"),
				       "alias-parts: '%s' is not one of the "
				       "rule's aliases",
				       name);
				R->ok = false;
			}
			names[w] = dup_str(R->L, name);
			when[w++] = cond;
		}
	}
	r->info.partial = names;
	r->info.npartial = w;
	r->partial_when = when;
}

/* SARIF's security-severity: a score from 0.0 to 10.0, as CVSS's. */
static bool score_ok(struct hl_loader *L, const struct file *f, const char *v)
{
	char *end;
	double d = strtod(v, &end);
	if (*v && !*end && d >= 0.0 && d <= 10.0 &&
	    strspn(v, "0123456789.") == strlen(v))
		return true;
	err_at(L, f->name, pos_of(f->root, "security-severity"),
	       "security-severity '%s' is not a score from 0.0 to 10.0", v);
	return false;
}


static void compile_rule(struct hl_loader *L, const struct file *f)
{
	const struct rd_rule *rr = f->rule;
	struct rulectx R = {L, f, rr, NULL, 0, NULL, NULL, true};
	struct hl_rule r;
	memset(&r, 0, sizeof(r));
	if (!valid_name(rr->id, true)) {
		err_at(L, f->name, pos_of(f->root, "id"),
		       "invalid id '%s' (letters, digits, - and _)", rr->id);
		R.ok = false;
	}
	if (!valid_name(rr->slug, false)) {
		err_at(L, f->name, pos_of(f->root, "slug"),
		       "invalid slug '%s' (lower-case letters, digits and -)",
		       rr->slug);
		R.ok = false;
	}
	r.info.id = dup_str(L, rr->id);
	r.info.slug = dup_str(L, rr->slug);
	r.info.title = dup_str(L, rr->title);
	r.info.description = dup_str(L, rr->description);
	r.info.message = dup_str(L, rr->message);
	r.info.fix = dup_str(L, rr->fix);
	if (rr->security_severity) {
		R.ok &= score_ok(L, f, rr->security_severity);
		r.info.security_severity = dup_str(L, rr->security_severity);
	}
	r.info.severity = (enum hl_severity)rr->severity;
	r.info.target = (enum hl_target)rr->target;
	r.info.file = f->name;
	r.view = hl_view_find(rr->for_each, r.info.target);
	r.info.view = dup_str(L, rr->for_each);
	if (r.view >= 0)
		R.type = hl_views_get((size_t)r.view)->type;
	if (r.view < 0)
		no_view(&R, r.info.target, rr->for_each, f->root);
	check_message(&R, rr->message, f->root, "message");
	if (rr->at)
		compile_at(&R, rr->at, f->root, &r.at);
	compile_params(&R, &r);
	r.requires = -1;
	if (rr->requires) {
		for (uint32_t i = 0; i < R.nparams; i++)
			if (!strcmp(R.params[i].name, rr->requires))
				r.requires = R.params[i].list;
		if (r.requires < 0) {
			err_at(L, f->name, pos_of(f->root, "requires-parameter"),
			       "requires-parameter: the rule has no parameter "
			       "'%s'",
			       rr->requires);
			R.ok = false;
		}
	}
	r.when = compile_when(&R, rr->when, rr->when_count, f->root,
			      r.at.nsegs > 0, rr->report, &r.each);
	if (rr->also_count) {
		struct hl_rule_part *parts = hl_arena_array(
			&L->arena, rr->also_count, sizeof(*parts));
		const struct hl_node *seq = hl_map_get(f->root, "also");
		for (unsigned i = 0; i < rr->also_count; i++)
			compile_part(&R, &rr->also[i], seq->u.seq.items[i],
				     r.info.target, &parts[i]);
		R.type = r.view >= 0 ? hl_views_get((size_t)r.view)->type
				     : NULL;
		r.also = parts;
		r.nalso = rr->also_count;
	}
	if (rr->references_count) {
		struct hl_reference *refs = hl_arena_array(
			&L->arena, rr->references_count, sizeof(*refs));
		for (unsigned i = 0; i < rr->references_count; i++) {
			refs[i].title = dup_str(L, rr->references[i].title);
			refs[i].url = dup_str(L, rr->references[i].url);
		}
		r.info.refs = refs;
		r.info.nrefs = rr->references_count;
	}
	r.info.standards = dup_strs(L, rr->standards, rr->standards_count);
	r.info.nstandards = rr->standards_count;
	r.info.aliases = dup_strs(L, rr->aliases, rr->aliases_count);
	r.info.naliases = rr->aliases_count;
	compile_alias_parts(&R, &r);
	if (rr->examples) {
		/* kept as written: a document's trailing newline is its own */
		r.info.catches = keep_strs(L, rr->examples->catch_,
					   rr->examples->catch__count);
		r.info.ncatches = rr->examples->catch__count;
		r.info.passes = keep_strs(L, rr->examples->pass,
					  rr->examples->pass_count);
		r.info.npasses = rr->examples->pass_count;
		r.info.example_params = hl_example_params(
			&L->arena, f->root, rr->examples, &r, params_err, &R);
	}
	r.info.profile_params =
		hl_profile_params(&L->arena, f->root, rr, &r, params_err, &R);
	if (!R.ok)
		return;
	for (size_t i = 0; i < L->nrules; i++) {
		if (!strcasecmp(L->rules[i].info.id, r.info.id))
			err_at(L, f->name, pos_of(f->root, "id"),
			       "id '%s' is already used by %s", r.info.id,
			       L->rules[i].info.file);
		else if (!strcmp(L->rules[i].info.slug, r.info.slug))
			err_at(L, f->name, pos_of(f->root, "slug"),
			       "slug '%s' is already used by %s", r.info.slug,
			       L->rules[i].info.file);
		else
			continue;
		return;
	}
	L->rules = hl_arena_grow(&L->arena, L->rules, L->nrules, &L->rcap,
				 sizeof(*L->rules));
	L->rules[L->nrules++] = r;
}

static int cmp_rule(const void *a, const void *b)
{
	const struct hl_rule *x = a, *y = b;
	return strcmp(x->info.id, y->info.id);
}

/* The errors in the order of their files and places (they are found
 * file by file, and in each, shape first, then meaning): insertion, which
 * keeps the order of two at the same place. */
static void sort_errors(struct hl_loader *L)
{
	for (size_t i = 1; i < L->nerrs; i++) {
		struct hl_diag d = L->errs[i];
		size_t k = i;
		for (; k > 0; k--) {
			const struct hl_diag *p = &L->errs[k - 1];
			int c = strcmp(p->path ? p->path : "",
				       d.path ? d.path : "");
			if (c < 0 || (c == 0 &&
				      (p->line < d.line ||
				       (p->line == d.line && p->col <= d.col))))
				break;
			L->errs[k] = *p;
		}
		L->errs[k] = d;
	}
}

const struct hl_rules *hl_loader_finish(struct hl_loader *L)
{
	if (L->nerrs) {
		sort_errors(L);
		return NULL;
	}
	/* the base first, so its indexes stay valid */
	if (L->base) {
		for (uint32_t i = 0; i < L->base->npatterns; i++) {
			L->patterns = hl_arena_grow(&L->arena, L->patterns,
						    L->npatterns, &L->pcap,
						    sizeof(*L->patterns));
			L->patterns[L->npatterns++] = L->base->patterns[i];
		}
		for (uint32_t i = 0; i < L->base->nlists; i++) {
			L->lists = hl_arena_grow(&L->arena, L->lists, L->nlists,
						 &L->lcap, sizeof(*L->lists));
			L->lists[L->nlists++] = L->base->lists[i];
		}
		for (uint32_t i = 0; i < L->base->nrules; i++) {
			L->rules = hl_arena_grow(&L->arena, L->rules, L->nrules,
						 &L->rcap, sizeof(*L->rules));
			L->rules[L->nrules++] = L->base->rules[i];
		}
	}
	for (size_t i = 0; i < L->nfiles; i++)
		if (L->files[i].list)
			compile_list(L, &L->files[i]);
	for (size_t i = 0; i < L->nfiles; i++)
		if (L->files[i].rule)
			compile_rule(L, &L->files[i]);
	if (L->nerrs) {
		sort_errors(L);
		return NULL;
	}
	qsort(L->rules, L->nrules, sizeof(*L->rules), cmp_rule);
	L->set.rules = L->rules;
	L->set.nrules = (uint32_t)L->nrules;
	L->set.patterns = L->patterns;
	L->set.npatterns = (uint32_t)L->npatterns;
	L->set.lists = L->lists;
	L->set.nlists = (uint32_t)L->nlists;
	return &L->set;
}
