/*
 * lint: reads an input, runs the matching front end, views and engine, and
 * gathers findings and errors into a result. Findings are copied out of
 * each document's arena as they are reported, so a YAML stream needs only
 * one document in memory at a time.
 */
#include "hardlint/lint.h"

#include <string.h>

#include "hardlint/dockerfile.h"
#include "hardlint/json.h"
#include "hardlint/source.h"
#include "hardlint/views.h"

void hl_lint_opts_init(struct hl_lint_opts *o, const struct hl_engine *e)
{
	memset(o, 0, sizeof(*o));
	o->engine = e;
	o->max_file_size = HL_SOURCE_MAX_DEFAULT;
	hl_yaml_opts_init(&o->yaml);
	o->force_kind = HL_KIND_NONE;
}

static void add_error(struct hl_lint_result *r, struct hl_source *src,
		      const struct hl_diag *d)
{
	r->errors = hl_arena_grow(&r->arena, r->errors, r->nerrors, &r->ecap,
				  sizeof(*r->errors));
	struct hl_lint_error *e = &r->errors[r->nerrors++];
	e->diag = *d;
	e->diag.path = r->path;
	e->diag.message = hl_arena_strdup(&r->arena, d->message);
	e->line_text = NULL;
	const char *text;
	size_t len;
	if (src && src->data && d->line &&
	    hl_source_line(src, d->line, &text, &len))
		e->line_text = hl_arena_strndup(&r->arena, text,
						len > 400 ? 400 : len);
}

/* Copy a finding into the result's arena. */
static void keep_finding(const struct hl_finding *f, void *ctx)
{
	struct hl_lint_result *r = ctx;
	r->findings = hl_arena_grow(&r->arena, r->findings, r->nfindings,
				    &r->fcap, sizeof(*r->findings));
	struct hl_finding *k = &r->findings[r->nfindings++];
	*k = *f;
	k->path = f->path == r->path ? r->path
				     : hl_arena_strdup(&r->arena, f->path);
	k->message = hl_arena_strdup(&r->arena, f->message);
	k->object = hl_arena_strdup(&r->arena, f->object);
	k->where = hl_arena_strdup(&r->arena, f->where);
}

static void check_doc(const struct hl_lint_opts *o, struct hl_lint_result *r,
		      struct hl_doc *doc)
{
	struct hl_diag d;
	if (o->dump) {
		struct hl_json j;
		hl_json_init(&j, o->dump, true);
		hl_json_node(&j, doc->root, false);
		return;
	}
	if (hl_engine_check(o->engine, doc, keep_finding, r, &d) != HL_OK)
		add_error(r, doc->src, &d);
}

static void lint_dockerfile(const struct hl_lint_opts *o,
			    struct hl_lint_result *r, struct hl_source *src)
{
	struct hl_dockerfile df;
	hl_dockerfile_parse(src, &r->arena, &df);
	struct hl_node *tree = hl_dockerfile_tree(&df, &r->arena);
	struct hl_doc doc;
	hl_doc_init(&doc, HL_TARGET_DOCKERFILE, r->path, src, &r->arena, tree);
	check_doc(o, r, &doc);
}

struct yctx {
	const struct hl_lint_opts *o;
	struct hl_lint_result *r;
	struct hl_source *src;
	size_t docs;
};

static bool on_yaml_doc(struct hl_yaml_doc *yd, void *ctx)
{
	struct yctx *y = ctx;
	y->docs++;
	if (!yd->root || (!hl_k8s_has_object(yd->root) && !y->o->dump))
		return true;
	struct hl_doc doc;
	hl_doc_init(&doc, HL_TARGET_KUBERNETES, y->r->path, y->src, yd->arena,
		    yd->root);
	y->r->objects += hl_view_items(&doc, HL_VIEW_K8S_OBJECT)->count;
	check_doc(y->o, y->r, &doc);
	return true;
}

static void on_yaml_err(const struct hl_diag *d, void *ctx)
{
	struct yctx *y = ctx;
	add_error(y->r, y->src, d);
}

/* Does the text look like it means to hold a Kubernetes object: a line
 * with an apiVersion key and one with a kind key? */
static bool mentions_object(const struct hl_source *src)
{
	bool api = false, kind = false;
	const char *p = src->data, *end = src->data + src->len;
	while (p < end && !(api && kind)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		while (p < e && (*p == ' ' || *p == '\t' || *p == '-' ||
				 *p == '{' || *p == ',' || *p == '"'))
			p++;
		if (e - p > 11 && !strncmp(p, "apiVersion", 10) &&
		    (p[10] == ':' || p[10] == '"' || p[10] == ' '))
			api = true;
		else if (e - p > 5 && !strncmp(p, "kind", 4) &&
			 (p[4] == ':' || p[4] == '"' || p[4] == ' '))
			kind = true;
		p = nl ? nl + 1 : end;
	}
	return api && kind;
}

static void lint_yaml(const struct hl_lint_opts *o, struct hl_lint_result *r,
		      struct hl_source *src, bool walked)
{
	struct hl_arena docs;
	hl_arena_init(&docs);
	struct hl_yaml_opts yo = o->yaml;
	yo.release_each = true;
	struct yctx y = {o, r, src, 0};
	hl_yaml_parse(src, &docs, &yo, on_yaml_doc, on_yaml_err, &y);
	hl_arena_release(&docs);
	/* a file found by a walk that does not parse and does not even
	 * mention apiVersion and kind is somebody else's YAML or JSON
	 * (a tsconfig.json with comments, a template): skipped, not an
	 * error */
	if (r->objects == 0 && r->nerrors && walked && !mentions_object(src)) {
		r->nerrors = 0;
		r->skipped = "not a Kubernetes manifest (does not parse, no "
			     "apiVersion and kind)";
	} else if (r->objects == 0 && r->nerrors == 0) {
		r->skipped = "no Kubernetes object (apiVersion and kind)";
	}
}

static void lint_source(const struct hl_lint_opts *o, enum hl_kind kind,
			bool walked, struct hl_lint_result *r,
			struct hl_source *src)
{
	if (o->force_kind != HL_KIND_NONE)
		kind = o->force_kind;
	if (kind == HL_KIND_NONE)
		kind = hl_kind_by_content(src->data, src->len);
	r->kind = kind;
	if (kind == HL_KIND_DOCKERFILE)
		lint_dockerfile(o, r, src);
	else
		lint_yaml(o, r, src, walked);
	hl_findings_sort(r->findings, r->nfindings);
}

static void result_init(struct hl_lint_result *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	hl_arena_init(&r->arena);
	r->path = hl_arena_strdup(&r->arena, path);
}

void hl_lint_input(const struct hl_lint_opts *o, const struct hl_input *in,
		   struct hl_lint_result *r)
{
	result_init(r, in->path);
	struct hl_source src;
	struct hl_diag d;
	if (hl_source_read(&src, &r->arena, in->fspath, r->path,
			   o->max_file_size, &d) != HL_OK) {
		add_error(r, d.code == HL_ERR_BINARY ? NULL : &src, &d);
		return;
	}
	lint_source(o, in->kind, in->walked, r, &src);
}

void hl_lint_text(const struct hl_lint_opts *o, enum hl_kind kind,
		  const char *path, const char *text, size_t len,
		  struct hl_lint_result *r)
{
	result_init(r, path);
	struct hl_source src;
	hl_source_init_mem(&src, &r->arena, r->path,
			   hl_arena_strndup(&r->arena, text, len), len);
	lint_source(o, kind, false, r, &src);
}

void hl_lint_result_release(struct hl_lint_result *r)
{
	hl_arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}
