/*
 * lint: reads an input, runs the matching front end, views and engine, and
 * gathers findings and errors into a result. Findings are copied out of
 * each document's arena as they are reported, so a YAML stream needs only
 * one document in memory at a time.
 */
#define _GNU_SOURCE /* memmem */
#include "hardlint/lint.h"

#include <string.h>

#include "hardlint/buf.h"

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

/* Bytes of `s` (len bytes) from code point `from`, at most `n` of them. */
static size_t cp_offset(const char *s, size_t len, uint32_t cps)
{
	size_t i = 0;
	for (uint32_t k = 0; k < cps && i < len; k++) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

#define EXCERPT_BEFORE 60
#define EXCERPT_WIDTH 160

/* The excerpt of line `line` for an error at column `col`: a window of the
 * line around the column, secrets masked; *caret is where the column
 * falls in it. */
static const char *excerpt(const struct hl_lint_opts *o, struct hl_arena *a,
			   struct hl_source *src, uint32_t line, uint32_t col,
			   uint32_t *caret)
{
	const char *text, *prev = NULL;
	size_t len, prevlen = 0;
	if (!hl_source_line(src, line, &text, &len))
		return NULL;
	if (line > 1)
		hl_source_line(src, line - 1, &prev, &prevlen);
	uint32_t first = col > EXCERPT_BEFORE + 20 ? col - EXCERPT_BEFORE : 1;
	size_t from = cp_offset(text, len, first - 1);
	size_t to = from + cp_offset(text + from, len - from, EXCERPT_WIDTH);
	struct hl_buf b = HL_BUF_INIT;
	if (first > 1)
		hl_buf_adds(&b, "…");
	hl_buf_add(&b, text + from, to - from);
	if (to < len)
		hl_buf_adds(&b, "…");
	char *out = hl_arena_strndup(a, hl_buf_str(&b), b.len);
	hl_buf_release(&b);
	if (o && o->engine)
		hl_engine_mask(o->engine, out, strlen(out), prev,
			       prevlen > 400 ? 400 : prevlen);
	*caret = col - first + 1 + (first > 1);
	return out;
}

static void add_error(const struct hl_lint_opts *o, struct hl_lint_result *r,
		      struct hl_source *src, const struct hl_diag *d)
{
	r->errors = hl_arena_grow(&r->arena, r->errors, r->nerrors, &r->ecap,
				  sizeof(*r->errors));
	struct hl_lint_error *e = &r->errors[r->nerrors++];
	e->diag = *d;
	e->diag.path = r->path;
	e->diag.message = hl_arena_strdup(&r->arena, d->message);
	e->line_text = NULL;
	e->caret = 0;
	if (src && src->data && d->line)
		e->line_text = excerpt(o, &r->arena, src, d->line, d->col,
				       &e->caret);
	if (!e->diag.line) {
		/* a file-level error: the file as a whole, at 1:1 */
		e->diag.line = 1;
		e->diag.col = 1;
	}
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
		add_error(o, r, doc->src, &d);
}

static void lint_dockerfile(const struct hl_lint_opts *o,
			    struct hl_lint_result *r, struct hl_source *src)
{
	struct hl_dockerfile df;
	hl_dockerfile_parse_opts(src, &r->arena, &o->build, &df);
	for (size_t i = 0; i < df.nunresolved; i++) {
		r->unresolved = hl_arena_grow(&r->arena, r->unresolved,
					      r->nunresolved, &r->ucap,
					      sizeof(*r->unresolved));
		struct hl_lint_unresolved *u = &r->unresolved[r->nunresolved++];
		u->pos = df.unresolved[i].span.start;
		u->what = df.unresolved[i].what;
		u->variables = df.unresolved[i].variables;
	}
	if (df.error) {
		add_error(o, r, src, df.error);
		return;
	}
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
	add_error(y->o, y->r, y->src, d);
}

/* Does the text mean to hold a Kubernetes object: does it say apiVersion
 * and kind anywhere (a flow or JSON manifest on one line too)? */
static bool mentions_object(const struct hl_source *src)
{
	return memmem(src->data, src->len, "apiVersion", 10) &&
	       memmem(src->data, src->len, "kind", 4);
}

static void lint_yaml(const struct hl_lint_opts *o, struct hl_lint_result *r,
		      struct hl_source *src, bool explicit)
{
	struct hl_arena docs;
	hl_arena_init(&docs);
	struct hl_yaml_opts yo = o->yaml;
	yo.release_each = true;
	struct yctx y = {o, r, src, 0};
	hl_yaml_parse(src, &docs, &yo, on_yaml_doc, on_yaml_err, &y);
	hl_arena_release(&docs);
	/* a file that does not parse and does not even mention apiVersion
	 * and kind, found by a walk or named without a manifest's name, is
	 * somebody else's YAML or JSON (a tsconfig.json with comments, a
	 * README): skipped, not an error */
	if (r->objects == 0 && r->nerrors && !explicit &&
	    !mentions_object(src)) {
		r->nerrors = 0;
		r->skipped = "not a Kubernetes manifest (does not parse, no "
			     "apiVersion and kind)";
	} else if (r->objects == 0 && r->nerrors == 0) {
		r->skipped = "no Kubernetes object (apiVersion and kind)";
	}
}

/* `walked`: found by a directory walk, not named. A YAML file named on the
 * command line, or forced to be Kubernetes, must parse; anything else that
 * does not parse and names no object is skipped. */
static void lint_source(const struct hl_lint_opts *o, enum hl_kind kind,
			bool walked, struct hl_lint_result *r,
			struct hl_source *src)
{
	bool explicit = (!walked && kind == HL_KIND_KUBERNETES) ||
			o->force_kind == HL_KIND_KUBERNETES;
	if (o->force_kind != HL_KIND_NONE)
		kind = o->force_kind;
	if (kind == HL_KIND_NONE)
		kind = hl_kind_by_content(src->data, src->len);
	r->kind = kind;
	if (kind == HL_KIND_DOCKERFILE)
		lint_dockerfile(o, r, src);
	else
		lint_yaml(o, r, src, explicit);
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
		add_error(o, r, d.code == HL_ERR_BINARY ? NULL : &src, &d);
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
