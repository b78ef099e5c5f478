/*
 * lint: the one route from an input to a finding. Read the input, pick
 * its front end (the Dockerfile parser, or the Kubernetes stream reader),
 * hand each document it makes to the engine, and give what comes out to
 * the embedding program's handler through the input's report. Both front
 * ends deliver documents the same way (check); only a long YAML stream
 * read on several threads adds parts, each with an engine of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kind.h"
#include "dockerfile/dockerfile.h"
#include "engine/engine.h"
#include "engine/match.h"
#include "engine/report.h"
#include "engine/views.h"
#include "hardlint.h"
#include "kubernetes/kustomize.h"
#include "kubernetes/stream.h"
#include "lint.h"

/* Findings are handed over in batches of at least this many (whole
 * documents); a part on a thread keeps at most PART_CAP (a few MB), then
 * waits for the parts before it to be out and hands its own over as
 * they come. */
#define FLUSH_AT 1024
#define PART_CAP ((size_t)50000)

/* One input (or one part of a split stream) being linted. */
struct input {
	const struct hl_linter *l;
	const struct hl_engine *e; /* this thread's */
	struct hl_report r;
	const struct hl_handler *h; /* the caller's */
	size_t cap;		    /* a part: findings it may keep, 0: any */
	struct hl_k8s_part *part;   /* the part read, or NULL */
};

/* ------------------------------------------------------------------ */
/* Documents into findings                                            */

struct keep {
	struct input *in;
	uint32_t base;	  /* a rendered template's # Source: line, or 0 */
	const char *tmpl; /* and the template it names */
};

static void keep_finding(const struct hl_finding *f, void *ctx)
{
	const struct keep *k = ctx;
	hl_report_finding(&k->in->r, f, k->base, k->tmpl);
}

static void keep_unused(void *ctx, struct hl_pos at, const char *name,
			const struct hl_rule_info *rule, const char *where)
{
	hl_report_unused(ctx, at, name, rule->slug, where);
}

/* The one route: a document of either front end through the engine into
 * the input's report (or, when asked, its tree to the caller). */
static void check(struct input *in, struct hl_doc *doc, uint32_t base,
		  const char *tmpl)
{
	if (in->l->o.dump) {
		if (in->h && in->h->tree)
			in->h->tree(in->h->ctx, doc->path, doc->root);
		return;
	}
	if (!in->r.rules_off)
		in->r.rules_off = hl_arena_alloc(&in->r.arena,
						 in->e->rs->nrules + 1u);
	doc->rules_off = in->r.rules_off;
	size_t first = in->r.nfindings;
	struct keep k = {in, base, tmpl};
	struct hl_diag d;
	if (hl_engine_check(in->e, doc, keep_finding, &k, &d) != HL_OK)
		hl_report_error(&in->r, doc->src, &d, NULL, 0, NULL);
	else if (in->l->o.report_unused)
		hl_engine_unused(in->e, doc, keep_unused, &in->r);
	/* values rules needed that stayed unknown ({{ }}), counted */
	for (size_t i = 0; i < doc->nunknowns; i++) {
		const struct hl_node *n = doc->unknowns[i].node;
		const char *text = hl_report_templates(
			doc->arena, hl_arena_strndup(doc->arena, n->u.scalar.s,
						     n->u.scalar.len));
		hl_report_unresolved(&in->r, doc->unknowns[i].span.start,
				     "value", text);
	}
	hl_report_sort_from(&in->r, first);
}

/* False when standard input holds no instruction (nothing to lint). */
static bool lint_dockerfile(struct input *in, struct hl_source *src,
			    const char *fspath, bool is_stdin)
{
	struct hl_dockerfile df;
	hl_dockerfile_parse_opts(src, &in->r.arena, &in->l->build, &df);
	if (is_stdin && !df.ninstrs && !df.error)
		return false;
	df.context = hl_linter_context((struct hl_linter *)in->l,
				       &in->r.arena, fspath);
	hl_linter_unresolved(&in->r, &df);
	if (df.error) {
		hl_report_error(&in->r, src, df.error, NULL, 0, NULL);
		return true;
	}
	struct hl_doc doc; /* the generic tree only for --dump-ast */
	hl_doc_init(&doc, HL_TARGET_DOCKERFILE, in->r.path, src, &in->r.arena,
		    in->l->o.dump ? hl_dockerfile_tree(&df, &in->r.arena) : NULL,
		    &df);
	if (in->r.key)
		doc.input = in->r.key;
	check(in, &doc, 0, NULL);
	hl_linter_context_notes(&in->r, df.context);
	return true;
}

/* ------------------------------------------------------------------ */
/* The Kubernetes front end's callbacks                               */

static void on_unit(void *ctx, const struct hl_k8s_unit *u)
{
	struct input *in = ctx;
	struct hl_doc doc;
	/* a template's path prints in the input's stead only on standard
	 * input; fingerprints keep the input's own */
	hl_doc_init(&doc, HL_TARGET_KUBERNETES,
		    u->tmpl && !in->r.beside ? u->tmpl : in->r.path, u->src,
		    u->arena, u->root, NULL);
	doc.input = in->r.key ? in->r.key : in->r.path;
	doc.patch = in->r.patch != NULL || u->partial;
	if (u->via) {
		doc.has_via = true;
		doc.via = *u->via;
	}
	doc.dups = u->dups;
	doc.ndups = u->ndups;
	doc.whole = u->doc;
	check(in, &doc, u->tmpl ? u->tmpl_line : 0, u->tmpl);
	if (!in->cap && in->r.nfindings >= FLUSH_AT)
		hl_report_flush(&in->r);
}

static void on_error(void *ctx, const struct hl_k8s_error *e)
{
	struct input *in = ctx;
	hl_report_error(&in->r, e->src, &e->diag, e->tmpl, e->tmpl_line,
			e->tmpl_message);
}

static bool on_document_done(void *ctx)
{
	struct input *in = ctx;
	if (in->cap && in->r.nfindings > in->cap) {
		/* a part that holds as many findings as it may: once the
		 * parts before it are out, its findings go out as they come;
		 * if it cannot wait, the stream is read again without it */
		if (!in->part || !hl_k8s_take_turn(in->part))
			return false;
		in->cap = 0;
		in->r.h = in->h;
	}
	if (in->r.nfindings >= FLUSH_AT)
		hl_report_flush(&in->r);
	return true;
}

static void on_stream_done(void *ctx)
{
	struct input *in = ctx;
	hl_report_flush(&in->r);
}

/* A part of a split stream: an engine (a matcher: PCRE2's match data is
 * not shared between threads) and a report of its own, kept until the
 * parts before it are out. */
static void *part_new(void *ctx, struct hl_k8s_part *part)
{
	struct input *whole = ctx;
	struct input *in = hl_xcalloc(1, sizeof(*in));
	struct hl_engine *e = hl_xcalloc(1, sizeof(*e));
	*e = whole->l->e;
	e->matcher = hl_matcher_new(e->rs, whole->l->o.match_limit,
				    !whole->l->o.no_jit);
	in->l = whole->l;
	in->e = e;
	in->h = whole->h;
	in->part = part;
	in->cap = whole->l->o.part_cap ? whole->l->o.part_cap : PART_CAP;
	hl_report_init(&in->r, whole->r.path, e, NULL);
	hl_report_share_ties(&in->r, &whole->r);
	in->r.beside = whole->r.beside;
	in->r.patch = whole->r.patch;
	in->r.key = whole->r.key;
	return in;
}

static void part_merge(void *ctx, void *pctx)
{
	struct input *whole = ctx, *in = pctx;
	hl_report_merge(&whole->r, &in->r);
}

static void part_free(void *ctx, void *pctx)
{
	(void)ctx;
	struct input *in = pctx;
	hl_report_release(&in->r);
	hl_matcher_free(in->e->matcher);
	free((void *)in->e);
	free(in);
}

static const struct hl_k8s_ops k8s_ops = {
	on_unit,  on_error,   on_document_done, on_stream_done,
	part_new, part_merge, part_free,
};

/* ------------------------------------------------------------------ */
/* Inputs                                                             */

/* Nothing to lint where something must be: an error of the input. */
static void nothing(struct input *in, const char *msg)
{
	struct hl_diag d = {HL_ERR_EMPTY, in->r.path, 1, 1, msg};
	hl_report_error(&in->r, NULL, &d, NULL, 0, NULL);
}

/* The manifests of `src`; a Kustomize patch is judged on what it sets
 * (RULES.md), a JSON 6902 one through the object its operations make. */
static void read_manifests(struct input *in, struct hl_source *src,
			   const char *fspath, bool explicit, bool walked,
			   struct hl_k8s_result *res)
{
	struct hl_k8s_opts o = in->l->k8s;
	o.helm_skip = walked || in->l->o.helm_skip;
	const char *kfile = NULL;
	const struct hl_kpatch *p =
		fspath && !o.dump
			? hl_linter_patch((struct hl_linter *)in->l, fspath,
					  &kfile)
			: NULL;
	if (p) {
		o.patch = true;
		o.patch_kind = p->kind;
		o.patch_api_version = p->api_version;
		o.patch_name = p->name;
		in->r.patch = hl_arena_strdup(&in->r.arena, kfile);
	}
	hl_k8s_read_file(src, fspath, explicit, &o, &k8s_ops, in, res);
	if (res->fragments) {
		char *t = hl_arena_alloc(&in->r.arena, 160);
		snprintf(t, 160,
			 "%zu document%s with no apiVersion and kind: the pod "
			 "spec judged on what it sets",
			 res->fragments, res->fragments == 1 ? "" : "s");
		hl_report_unresolved(&in->r, (struct hl_pos){1, 1}, "kind",
				     t);
	}
	if (res->unchecked) {
		char *t = hl_arena_alloc(&in->r.arena, 160);
		snprintf(t, 160,
			 "%zu JSON 6902 operation%s not checked (test, move, "
			 "copy, or no object kind to apply it to)",
			 res->unchecked, res->unchecked == 1 ? "" : "s");
		hl_report_unresolved(&in->r, (struct hl_pos){1, 1},
				     "Kustomize patch", t);
	}
}

/* `walked`: found by a directory walk, not named. --kind forces the kind
 * of a named input; a YAML file named as a manifest must parse, and one
 * named under --kind kubernetes must hold an object. Standard input that
 * is blank or holds no object (comments only) is an error: the command
 * before the pipe failed, most likely (helm template), and a clean exit
 * would hide it. */
static void lint_source(struct input *in, struct hl_source *src,
			enum hl_kind kind, bool walked, const char *fspath,
			bool is_stdin)
{
	size_t b = 0;
	while (b < src->len && src->data[b] &&
	       strchr(" \t\r\n", src->data[b]))
		b++;
	enum hl_kind force = walked ? HL_KIND_NONE : in->l->o.kind;
	/* a named YAML file is a manifest, unless the caller names files
	 * wholesale (a pre-commit hook: skip_non_manifests) */
	bool explicit = !walked && ((kind == HL_KIND_KUBERNETES &&
				     !in->l->o.skip_non_manifests) ||
				    force == HL_KIND_KUBERNETES);
	kind = force != HL_KIND_NONE ? force : kind;
	if (kind == HL_KIND_NONE && b < src->len)
		kind = hl_kind_by_content(src->data, src->len);
	struct hl_k8s_result res = {0, NULL, false, 0, 0, false};
	if ((is_stdin && b == src->len) ||
	    (kind == HL_KIND_DOCKERFILE &&
	     !lint_dockerfile(in, src, fspath, is_stdin)))
		res.skipped = "blank";
	else if (kind != HL_KIND_DOCKERFILE)
		read_manifests(in, src, fspath, explicit, walked, &res);
	if (res.skipped && (force == HL_KIND_KUBERNETES || is_stdin)) {
		nothing(in, is_stdin ? "standard input holds no Kubernetes "
				       "object and no Dockerfile instruction: "
				       "nothing to lint (did the command before "
				       "the pipe fail?)"
				     : "no Kubernetes object (apiVersion and "
				       "kind) in it, and --kind kubernetes says "
				       "it is a manifest");
		res = (struct hl_k8s_result){0, NULL, false, 0, 0, false};
	}
	in->r.helm = res.helm;
	hl_report_end(&in->r, kind, res.objects, res.skipped, res.drop_errors);
}

static void input_init(struct input *in, const struct hl_linter *l,
		       const char *path, const struct hl_handler *h)
{
	memset(in, 0, sizeof(*in));
	in->l = l;
	in->e = &l->e;
	in->h = h;
	hl_report_init(&in->r, path, &l->e, h);
	in->r.beside = true;
}

void hl_lint_input(struct hl_linter *l, const struct hl_input *inp,
		   const struct hl_handler *h)
{
	struct input in;
	input_init(&in, l, inp->path, h);
	in.r.beside = inp->fspath != NULL; /* standard input: in its stead */
	if (inp->key_path)
		in.r.key = hl_arena_strdup(&in.r.arena, inp->key_path);
	struct hl_source src;
	struct hl_diag d;
	if (hl_source_read(&src, &in.r.arena, inp->fspath, in.r.path,
			   l->o.max_file_size, inp->walked,
			   inp->walked ? &inp->id : NULL,
			   &l->map,
			   &d) != HL_OK) {
		hl_report_error(&in.r, d.code == HL_ERR_BINARY ? NULL : &src,
				&d, NULL, 0, NULL);
		hl_report_end(&in.r, HL_KIND_NONE, 0, NULL, false);
	} else {
		lint_source(&in, &src, inp->kind, inp->walked, inp->fspath,
			    !inp->fspath);
	}
	hl_source_release(&src);
	hl_report_release(&in.r);
}

void hl_lint_buffer(struct hl_linter *l, enum hl_kind kind, const char *path,
		    const char *text, size_t len, const struct hl_handler *h)
{
	struct input in;
	input_init(&in, l, path, h);
	struct hl_source src;
	hl_source_init_mem(&src, &in.r.arena, in.r.path,
			   hl_arena_strndup(&in.r.arena, text, len), len);
	lint_source(&in, &src, kind, false, NULL, false);
	hl_report_release(&in.r);
}

void hl_lint_rendered(struct hl_linter *l, const char *path, const char *text,
		      size_t len, const struct hl_handler *h)
{
	struct input in;
	input_init(&in, l, path, h);
	in.r.beside = false; /* the templates' paths, as on standard input */
	struct hl_source src;
	hl_source_init_mem(&src, &in.r.arena, in.r.path,
			   hl_arena_strndup(&in.r.arena, text, len), len);
	lint_source(&in, &src, HL_KIND_KUBERNETES, true, NULL, false);
	hl_report_release(&in.r);
}
