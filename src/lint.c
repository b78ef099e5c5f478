/*
 * lint: reads an input, runs the matching front end, views and engine, and
 * gathers findings and errors into a result. Findings are copied out of
 * each document's arena as they are reported, so a YAML stream needs only
 * one document in memory at a time.
 */
#define _GNU_SOURCE /* memmem */
#include "lint.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"

#include "dockerfile/dockerfile.h"
#include "output/jsonw.h"
#include "engine/match.h"
#include "core/source.h"
#include "engine/views.h"

void hl_lint_opts_init(struct hl_lint_opts *o, const struct hl_engine *e)
{
	memset(o, 0, sizeof(*o));
	o->engine = e;
	o->max_file_size = HL_SOURCE_MAX_DEFAULT;
	hl_yaml_opts_init(&o->yaml);
	o->force_kind = HL_KIND_NONE;
	o->match_limit = HL_MATCH_LIMIT_DEFAULT;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = n > 1 ? (n > 4 ? 4 : (unsigned)n) : 1;
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
	e->stream_line = 0;
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
	if (r->nfindings == r->fcap) {
		/* on the heap, not the arena: a stream with a finding in
		 * every document grows this a long way */
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		r->findings = hl_xrealloc(r->findings,
					  r->fcap * sizeof(*r->findings));
	}
	struct hl_finding *k = &r->findings[r->nfindings++];
	*k = *f;
	k->path = f->path == r->path ? r->path
				     : hl_arena_strdup(&r->farena, f->path);
	k->message = hl_arena_strdup(&r->farena, f->message);
	k->object = hl_arena_strdup(&r->farena, f->object);
	/* where is a rule's path text: it outlives every result */
}

static void check_doc_with(const struct hl_lint_opts *o,
			   struct hl_lint_result *r, struct hl_doc *doc,
			   hl_finding_fn fn, void *ctx)
{
	struct hl_diag d;
	if (o->dump) {
		struct hl_json j;
		hl_json_init(&j, o->dump, true);
		if (o->dump_paths) { /* several inputs: say whose tree */
			hl_json_object(&j);
			hl_json_key(&j, "path");
			hl_json_str(&j, doc->path);
			hl_json_key(&j, "tree");
		}
		hl_json_node(&j, doc->root, false);
		if (o->dump_paths)
			hl_json_end(&j, '}');
		return;
	}
	if (!r->rules_off)
		r->rules_off = hl_arena_alloc(&r->arena,
					      o->engine->rs->nrules + 1u);
	doc->rules_off = r->rules_off;
	if (hl_engine_check(o->engine, doc, fn, ctx, &d) != HL_OK)
		add_error(o, r, doc->src, &d);
	/* the values rules needed that stayed unknown ({{ }} in a
	 * manifest): counted, so a clean run says what it could not judge */
	for (size_t i = 0; i < doc->nunknowns; i++) {
		r->unresolved = hl_arena_grow(&r->arena, r->unresolved,
					      r->nunresolved, &r->ucap,
					      sizeof(*r->unresolved));
		struct hl_lint_unresolved *u = &r->unresolved[r->nunresolved++];
		const struct hl_node *n = doc->unknowns[i].node;
		u->pos = doc->unknowns[i].span.start;
		u->what = "value";
		u->variables = hl_arena_strndup(&r->arena, n->u.scalar.s,
						n->u.scalar.len);
	}
}

static void check_doc(const struct hl_lint_opts *o, struct hl_lint_result *r,
		      struct hl_doc *doc)
{
	check_doc_with(o, r, doc, keep_finding, r);
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
	/* a cursor over the lines, for the comments between documents */
	uint32_t line;	   /* 1-based line at `off` */
	size_t off;	   /* offset of the start of `line` */
	uint32_t scanned;  /* lines before this were looked at */
	size_t cap;	   /* a part on a thread: stop past this many findings
			      kept (0: no cap) */
	bool overflow;	   /* it did */
	struct part *part; /* the part on a thread being read, or NULL */
};

struct part;
static bool part_take_turn(struct part *p);

/* Findings are handed to the flush callback in batches of at least this
 * many (whole documents). */
#define FLUSH_AT 1024

/* Move the cursor to the start of line `line` (forward only); false past
 * the end. */
static bool seek_line(struct yctx *y, uint32_t line)
{
	const char *d = y->src->data;
	size_t len = y->src->len;
	while (y->line < line) {
		const char *nl = memchr(d + y->off, '\n', len - y->off);
		if (!nl)
			return false;
		y->off = (size_t)(nl - d) + 1;
		y->line++;
	}
	return true;
}

/* Rendered Helm output marks each document with `# Source: chart/templates/
 * x.yaml`: the last such comment between the previous document's content
 * and this one's names the template. Returns its path (in `a`) and sets
 * *line to the comment's line, or NULL. */
/* If the `n` bytes of `line` are a `# Source: PATH` comment, PATH's
 * length (*path set to it), else 0. */
static size_t source_path(const char *line, size_t n, const char **path)
{
	if (n <= 10 || memcmp(line, "# Source: ", 10))
		return 0;
	while (n > 10 && (line[n - 1] == '\r' || line[n - 1] == ' '))
		n--;
	*path = line + 10;
	return n - 10;
}

static const char *source_comment(struct yctx *y, uint32_t first_content,
				  struct hl_arena *a, uint32_t *line)
{
	const char *found = NULL;
	uint32_t from = y->scanned ? y->scanned : 1;
	if (from > y->line && !seek_line(y, from))
		return NULL;
	while (y->line < first_content) {
		const char *d = y->src->data + y->off;
		size_t rest = y->src->len - y->off;
		const char *nl = memchr(d, '\n', rest);
		size_t n = nl ? (size_t)(nl - d) : rest;
		const char *path;
		size_t pl = source_path(d, n, &path);
		if (pl) {
			found = hl_arena_strndup(a, path, pl);
			*line = y->line;
		}
		if (!nl)
			break;
		y->off += n + 1;
		y->line++;
	}
	return found;
}

struct keep {
	struct hl_lint_result *r;
	uint32_t base; /* lines before a rendered template's line 1 */
};

/* Keep a finding of a document from rendered Helm output: its lines
 * become the template's, and the input's line is kept beside. */
static void keep_template_finding(const struct hl_finding *f, void *ctx)
{
	struct keep *k = ctx;
	struct hl_finding g = *f;
	g.stream_line = f->span.start.line;
	g.span.start.line = f->span.start.line > k->base
				    ? f->span.start.line - k->base
				    : 1;
	g.span.end.line = f->span.end.line > k->base
				  ? f->span.end.line - k->base
				  : 1;
	hl_finding_fingerprint(&g);
	keep_finding(&g, k->r);
}

static bool pos_in(struct hl_pos p, struct hl_span s)
{
	bool after = p.line > s.start.line ||
		     (p.line == s.start.line && p.col >= s.start.col);
	bool before = p.line < s.end.line ||
		      (p.line == s.end.line && p.col <= s.end.col);
	return after && before;
}

/* The keys written twice in the document whose later key lies in `span`
 * (all of them if span is NULL), for the duplicate-key view; made in `a`.
 * Each says whether Kubernetes applies it: the last of a key's writings
 * is applied, an earlier repeat is not. */
static const struct hl_node *
duplicates(const struct hl_yaml_doc *yd, struct hl_arena *a,
	   const struct hl_span *span, const struct hl_span *skip, size_t nskip)
{
	/* with skip: those in span, and those outside every skip span */
	static const struct hl_span none;
	struct hl_node *meta = hl_node_map(a, none);
	struct hl_node *dups = hl_node_seq(a, none);
	for (size_t i = 0; i < yd->ndups; i++) {
		const struct hl_yaml_dup *d = &yd->dups[i];
		if (!d->first || !d->second)
			continue; /* never made so; keeps the analyser sure */
		struct hl_pos p1 = d->first->span.start,
			      p2 = d->second->span.start;
		bool mine = !span || pos_in(p2, *span);
		if (!mine && skip) {
			bool elsewhere = false; /* another unit checks it */
			for (size_t k = 0; k < nskip && !elsewhere; k++)
				elsewhere = pos_in(p2, skip[k]);
			mine = !elsewhere;
		}
		if (!mine)
			continue;
		struct hl_node *m = hl_node_map(a, d->second->span);
		hl_map_set(a, m, "key", (struct hl_node *)d->second);
		hl_map_set(a, m, "value", (struct hl_node *)d->value);
		hl_map_set(a, m, "first", (struct hl_node *)d->first);
		hl_map_set(a, m, "first-line",
			   hl_node_int(a, p1.line, d->first->span));
		char at[64];
		if (p1.line == p2.line)
			snprintf(at, sizeof(at), "column %u of this line",
				 (unsigned)p1.col);
		else
			snprintf(at, sizeof(at), "line %u", (unsigned)p1.line);
		hl_map_set(a, m, "first-at",
			   hl_node_cstr(a, at, d->first->span));
		/* written again later? then this one is not applied either */
		const struct hl_node *later = NULL;
		for (size_t k = 0; k < yd->ndups && !later; k++)
			if (yd->dups[k].first == d->second)
				later = yd->dups[k].second;
		char verdict[96];
		if (later)
			snprintf(verdict, sizeof(verdict),
				 "Kubernetes applies neither: it is written "
				 "again at line %u",
				 (unsigned)later->span.start.line);
		else
			snprintf(verdict, sizeof(verdict),
				 "Kubernetes applies this one");
		hl_map_set(a, m, "verdict",
			   hl_node_cstr(a, verdict, d->second->span));
		hl_seq_push(a, dups, m);
	}
	hl_map_set(a, meta, "duplicates", dups);
	return meta;
}

static void flush(const struct hl_lint_opts *o, struct hl_lint_result *r);

/* What one stream document's units share. */
struct unit_ctx {
	struct yctx *y;
	struct hl_yaml_doc *yd;
	const char *tmpl; /* a rendered Helm template's path, or NULL */
	uint32_t cline;	  /* the line of its # Source: comment */
	struct hl_arena scratch;
	const struct hl_span *skip; /* the spans of a List's items */
	size_t nskip;
	bool first; /* the first unit of the document (gets the duplicates
		       outside every item) */
};

/* Check `root` (an object, or a whole document) as a unit of its own:
 * its views are made in the scratch arena, released after it, so a List
 * of 50,000 Pods costs one Pod's views at a time. */
static void check_unit(struct unit_ctx *u, const struct hl_node *root,
		       const struct hl_span *via, const struct hl_span *span)
{
	struct yctx *y = u->y;
	struct hl_doc doc;
	hl_doc_init(&doc, HL_TARGET_KUBERNETES, u->tmpl ? u->tmpl : y->r->path,
		    y->src, &u->scratch, root);
	if (via) {
		doc.has_via = true;
		doc.via = *via;
	}
	/* its own duplicates; the first unit of a List also those outside
	 * every item */
	doc.meta = duplicates(u->yd, &u->scratch, span,
			      u->first ? u->skip : NULL, u->nskip);
	u->first = false;
	y->r->objects += hl_view_items(&doc, HL_VIEW_K8S_OBJECT)->count;
	size_t first = y->r->nfindings;
	if (u->tmpl) {
		struct keep k = {y->r, u->cline};
		check_doc_with(y->o, y->r, &doc, keep_template_finding, &k);
	} else {
		check_doc(y->o, y->r, &doc);
	}
	/* a unit's findings in order; the units in stream order */
	if (y->r->nfindings > first)
		hl_findings_sort(y->r->findings + first,
				 y->r->nfindings - first);
	hl_arena_release(&u->scratch);
	if (!y->cap && y->r->nfindings >= FLUSH_AT)
		flush(y->o, y->r);
}

/* An object of a List (hl_k8s_list_each), checked as a unit of its own;
 * findings about the item as a whole point at the item. */
static void check_list_item(const struct hl_node *obj,
			    const struct hl_node *item,
			    const struct hl_span *via, void *ctx)
{
	check_unit(ctx, obj, via, &item->span);
}

/* The spans of a List's items, Lists inside included, for the duplicates
 * that lie outside them. */
static void item_spans(const struct hl_node *list, struct hl_arena *a,
		       struct hl_span **v, size_t *n, size_t *cap)
{
	const struct hl_node *items = hl_map_get(list, "items");
	for (size_t i = 0; i < items->u.seq.count; i++) {
		const struct hl_node *it = hl_node_deref(items->u.seq.items[i]);
		if (!hl_node_is_map(it))
			continue;
		*v = hl_arena_grow(a, *v, *n, cap, sizeof(**v));
		(*v)[(*n)++] = it->span;
	}
}

static bool on_yaml_doc(struct hl_yaml_doc *yd, void *ctx)
{
	struct yctx *y = ctx;
	y->docs++;
	const struct hl_node *root = hl_node_deref(yd->root);
	if (root && (hl_k8s_has_object(root) || y->o->dump)) {
		struct unit_ctx u;
		memset(&u, 0, sizeof(u));
		u.y = y;
		u.yd = yd;
		u.first = true;
		hl_arena_init(&u.scratch);
		u.tmpl = source_comment(y, yd->root->span.start.line,
					&y->r->arena, &u.cline);
		if (!y->o->dump && hl_k8s_is_list(root)) {
			struct hl_span *spans = NULL;
			size_t n = 0, cap = 0;
			item_spans(root, yd->arena, &spans, &n, &cap);
			u.skip = spans;
			u.nskip = n;
			hl_k8s_list_each(&u.scratch, root, NULL,
					 check_list_item, &u);
			if (u.first) /* no item: the duplicates still count */
				check_unit(&u, root, NULL, NULL);
		} else {
			check_unit(&u, root, NULL, NULL);
		}
		y->scanned = yd->root->span.end.line;
	}
	/* what is behind us is not read again: let the pages go */
	hl_source_drop(y->src, yd->end_offset);
	if (y->cap && y->r->nfindings > y->cap) {
		/* a part that holds as many findings as it may: it waits
		 * until the parts before it are out, then its findings go
		 * out as they come */
		if (!y->part || !part_take_turn(y->part)) {
			y->overflow = true;
			return false;
		}
		y->cap = 0;
		flush(y->o, y->r);
	}
	if (y->r->nfindings >= FLUSH_AT)
		flush(y->o, y->r);
	return true;
}

/* Where the first `{{` of lines [from, to) stands outside comments (and
 * outside quotes, unless `quoted`), if any: a Helm template's tell. */
/* Does a scalar start at text[i]: only blanks before it, or one of
 * : - [ { , ? (then a blank) */
static bool scalar_start(const char *text, size_t i)
{
	size_t k = i;
	while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t'))
		k--;
	return k == 0 || strchr(":-[{,?", text[k - 1]) != NULL;
}

static bool template_mark(struct hl_source *src, uint32_t from, uint32_t to,
			  bool quoted, struct hl_pos *at)
{
	const char *text;
	size_t len;
	for (uint32_t l = from; l < to && hl_source_line(src, l, &text, &len);
	     l++) {
		char q = 0;
		for (size_t i = 0; i + 1 < len; i++) {
			char c = text[i];
			if (q) {
				if (c == q)
					q = 0;
				continue;
			}
			if (c == '#' && (i == 0 || text[i - 1] == ' '))
				break;
			/* a quote opens a quoted scalar only where a scalar
			 * starts: It's {{ x }} is plain */
			if (!quoted && (c == '"' || c == '\'') &&
			    scalar_start(text, i)) {
				q = c;
				continue;
			}
			if (c == '{' && text[i + 1] == '{') {
				at->line = l;
				at->col = hl_utf8_width(text, i) + 1;
				return true;
			}
		}
	}
	return false;
}

/* The lines [*from, *to) of the document around line `line`: from the
 * separator before it to the one after it. */
static void document_lines(struct hl_source *src, uint32_t line, uint32_t *from,
			   uint32_t *to)
{
	const char *text;
	size_t len;
	uint32_t l = line;
	/* an error reported at a separator (a flow collection left open
	 * fails there) belongs to the document before it */
	if (l > 1 && hl_source_line(src, l, &text, &len) && len >= 3 &&
	    (!memcmp(text, "---", 3) || !memcmp(text, "...", 3))) {
		*to = l;
		for (l--; l > 1 && hl_source_line(src, l, &text, &len) &&
			  !(len >= 3 && !memcmp(text, "---", 3));
		     l--)
			;
		*from = l;
		return;
	}
	while (l > 1 && hl_source_line(src, l, &text, &len) &&
	       !(len >= 3 && !memcmp(text, "---", 3)))
		l--;
	*from = l;
	for (l = line + 1; hl_source_line(src, l, &text, &len); l++)
		if (len >= 3 &&
		    (!memcmp(text, "---", 3) || !memcmp(text, "...", 3)))
			break;
	*to = l;
}

static const char helm_hint[] =
	"a Helm template: render it first, as in `helm template RELEASE CHART "
	"| hardlint -` (or `kubectl kustomize DIR | hardlint -`)";

static void on_yaml_err(const struct hl_diag *d, void *ctx)
{
	struct yctx *y = ctx;
	uint32_t from, to;
	struct hl_pos at;
	if (d->code == HL_ERR_SYNTAX && d->line) {
		document_lines(y->src, d->line, &from, &to);
		if (template_mark(y->src, from, to, false, &at)) {
			/* once a file: the advice is the same for all its
			 * documents */
			for (size_t i = 0; i < y->r->nerrors; i++)
				if (y->r->errors[i].diag.code ==
				    HL_ERR_TEMPLATE)
					return;
			struct hl_diag t = {HL_ERR_TEMPLATE, d->path, at.line,
					    at.col, helm_hint};
			add_error(y->o, y->r, y->src, &t);
			return;
		}
	}
	add_error(y->o, y->r, y->src, d);
	if (!d->line)
		return;
	/* in rendered Helm output, name the template as findings do */
	if (d->code != HL_ERR_SYNTAX)
		document_lines(y->src, d->line, &from, &to);
	const char *text, *tmpl = NULL;
	size_t len, tlen = 0;
	uint32_t cline = 0;
	for (uint32_t l = from;
	     l < d->line && hl_source_line(y->src, l, &text, &len); l++) {
		const char *path;
		size_t pl = source_path(text, len, &path);
		if (pl) {
			tmpl = path;
			tlen = pl;
			cline = l;
		}
	}
	if (!tmpl)
		return;
	struct hl_lint_error *e = &y->r->errors[y->r->nerrors - 1];
	e->diag.path = hl_arena_strndup(&y->r->arena, tmpl, tlen);
	e->stream_line = d->line;
	e->diag.line = d->line - cline;
	/* libyaml's "while parsing ... at L:C" names a place in the
	 * template too */
	const char *m = e->diag.message, *atp = NULL;
	for (const char *q = m; (q = strstr(q, " at ")); q++)
		atp = q;
	if (!atp)
		return;
	char *end1, *end2;
	unsigned long ml = strtoul(atp + 4, &end1, 10);
	if (end1 == atp + 4 || *end1 != ':' || ml <= cline || ml > UINT32_MAX)
		return;
	unsigned long mc = strtoul(end1 + 1, &end2, 10);
	if (end2 == end1 + 1)
		return;
	e->diag.message = hl_arena_printf(&y->r->arena, "%.*s at %lu:%lu%s",
					  (int)(atp - m), m, ml - cline, mc,
					  end2);
}

/* Lint every document of `src` (a whole input or a part of one) into r. */
/* Hand the findings kept so far to the flush callback, if there is one,
 * and drop them. */
static void flush(const struct hl_lint_opts *o, struct hl_lint_result *r)
{
	if (!o->flush || !r->nfindings)
		return;
	o->flush(o->flush_ctx, r);
	r->flushed += r->nfindings;
	r->nfindings = 0;
	hl_arena_release(&r->farena);
}

/* Read a stream's documents into r; false if a cap was hit (a part on a
 * thread that kept too many findings). */
static bool read_stream(const struct hl_lint_opts *o, struct hl_lint_result *r,
			struct hl_source *src, size_t cap, struct part *part)
{
	struct hl_arena docs;
	hl_arena_init(&docs);
	struct hl_yaml_opts yo = o->yaml;
	yo.release_each = true;
	struct yctx y = {o, r, src, 0,	   src->line_base + 1,
			 0, 0, cap, false, part};
	hl_yaml_parse(src, &docs, &yo, on_yaml_doc, on_yaml_err, &y);
	hl_arena_release(&docs);
	flush(o, r);
	return !y.overflow;
}

/* Below this, a stream is not worth splitting among threads. */
#define PARALLEL_MIN ((size_t)16 << 20)

/* Whose turn it is to hand findings to the output: the parts before it
 * are out. */
struct turn {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next;  /* the index of the part whose turn it is */
	bool abandon; /* the stream is read again on one thread */
};

struct part {
	const struct hl_lint_opts *o;
	struct hl_lint_opts opts; /* the part's own (its flush, its engine) */
	struct hl_source src;
	struct hl_lint_result r;
	pthread_t thread;
	bool thread_started;
	bool complete; /* read to its end */
	size_t index;
	struct turn *turn; /* NULL when read on the calling thread */
};

/* Wait until the parts before `p` are out; false if the stream is to be
 * read again (or p is not on a thread of its own: it cannot wait). Then
 * p's findings go to the output as they come. */
static bool part_take_turn(struct part *p)
{
	struct turn *t = p->turn;
	if (!t)
		return false;
	pthread_mutex_lock(&t->mu);
	while (t->next < p->index && !t->abandon)
		pthread_cond_wait(&t->cv, &t->mu);
	bool ok = !t->abandon;
	pthread_mutex_unlock(&t->mu);
	if (ok) {
		p->opts.flush = p->o->flush;
		p->opts.flush_ctx = p->o->flush_ctx;
	}
	return ok;
}

static void give_turn(struct turn *t, size_t next, bool abandon)
{
	pthread_mutex_lock(&t->mu);
	t->next = next;
	t->abandon = abandon;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

/* A part on a thread keeps at most this many findings (a few MB); then it
 * waits for the parts before it to be out and hands its findings over as
 * they come, so memory stays bounded however many there are. (A part that
 * could not get a thread gives up instead, and the stream is read again
 * from there on one thread.) */
#define PART_CAP ((size_t)50000)

static void *part_main(void *arg)
{
	struct part *p = arg;
	/* a matcher of its own: PCRE2's match data and JIT stack are not
	 * shared between threads */
	struct hl_matcher *m = hl_matcher_new(p->o->engine->rs,
					      p->o->match_limit);
	struct hl_engine e = *p->o->engine;
	e.matcher = m;
	p->opts = *p->o;
	p->opts.engine = &e;
	p->opts.flush = NULL; /* kept, and handed over in order */
	p->complete = read_stream(&p->opts, &p->r, &p->src,
				  p->o->part_cap ? p->o->part_cap : PART_CAP,
				  p);
	hl_matcher_free(m);
	return NULL;
}

/* The start of the first line at or after `at` that is a document
 * separator ("---" at column 0), or `len`. Such a line always separates
 * documents: block scalars are indented, and a quoted scalar cannot hold
 * one. */
static size_t separator_after(const char *d, size_t len, size_t at)
{
	while (at < len) {
		const char *nl = memchr(d + at, '\n', len - at);
		if (!nl)
			return len;
		at = (size_t)(nl - d) + 1;
		if (len - at >= 3 && !memcmp(d + at, "---", 3) &&
		    (len - at == 3 || d[at + 3] == '\n' || d[at + 3] == ' ' ||
		     d[at + 3] == '\r' || d[at + 3] == '\t'))
			return at;
	}
	return len;
}

/*
 * A large mapped stream is cut at document separators into parts linted on
 * threads of their own; their findings and errors are gathered in order
 * (and sorted with the rest). False when the stream is not worth it.
 */
/* Move a finished part's results to the end of r's, then hand its
 * findings over. */
static void merge_part(const struct hl_lint_opts *o, struct hl_lint_result *r,
		       struct hl_lint_result *pr)
{
	if (pr->nfindings) {
		size_t need = r->nfindings + pr->nfindings;
		if (need > r->fcap) {
			r->fcap = need;
			r->findings = hl_xrealloc(
				r->findings, r->fcap * sizeof(*r->findings));
		}
		memcpy(r->findings + r->nfindings, pr->findings,
		       pr->nfindings * sizeof(*pr->findings));
		for (size_t i = r->nfindings; i < need; i++)
			if (r->findings[i].path == pr->path)
				r->findings[i].path = r->path;
		r->nfindings = need;
	}
	free(pr->findings);
	pr->findings = NULL;
	r->flushed += pr->flushed;
	for (size_t i = 0; i < pr->nerrors; i++) {
		r->errors = hl_arena_grow(&r->arena, r->errors, r->nerrors,
					  &r->ecap, sizeof(*r->errors));
		struct hl_lint_error *e = &r->errors[r->nerrors++];
		*e = pr->errors[i];
		e->diag.path = r->path;
	}
	r->objects += pr->objects;
	for (size_t i = 0; i < pr->nunresolved; i++) {
		r->unresolved = hl_arena_grow(&r->arena, r->unresolved,
					      r->nunresolved, &r->ucap,
					      sizeof(*r->unresolved));
		r->unresolved[r->nunresolved++] = pr->unresolved[i];
	}
	/* the part's strings move over with its arenas */
	hl_arena_adopt(&r->arena, &pr->arena);
	hl_arena_adopt(&r->farena, &pr->farena);
	flush(o, r);
}

static bool parallel_yaml(const struct hl_lint_opts *o,
			  struct hl_lint_result *r, struct hl_source *src)
{
	size_t min = o->parallel_min ? o->parallel_min : PARALLEL_MIN;
	if (o->threads < 2 || !src->mapped || src->len < min || o->dump)
		return false;
	size_t nparts = src->len / (min / 2);
	if (nparts > o->threads)
		nparts = o->threads;
	/* nparts - 1 cuts inside, one at each end */
	size_t *cuts = hl_xcalloc(nparts + 1, sizeof(*cuts));
	size_t n = 0;
	for (size_t k = 1; k < nparts; k++) {
		size_t c = separator_after(src->data, src->len,
					   src->len / nparts * k);
		if (c < src->len && c > cuts[n])
			cuts[++n] = c;
	}
	if (!n) {
		free(cuts);
		return false;
	}
	cuts[++n] = src->len;
	struct part *parts = hl_xcalloc(n, sizeof(*parts));
	uint32_t lines = 0;
	for (size_t k = 0; k < n; k++) {
		parts[k].o = o;
		memset(&parts[k].r, 0, sizeof(parts[k].r));
		hl_arena_init(&parts[k].r.arena);
		hl_arena_init(&parts[k].r.farena);
		parts[k].r.path = r->path;
		if (k)
			lines += hl_source_newlines(src, cuts[k - 1], cuts[k]);
		hl_source_part(&parts[k].src, src, &parts[k].r.arena, cuts[k],
			       cuts[k + 1], lines);
	}
	struct turn turn;
	pthread_mutex_init(&turn.mu, NULL);
	pthread_cond_init(&turn.cv, NULL);
	turn.next = 0;
	turn.abandon = false;
	for (size_t k = 1; k < n; k++) {
		parts[k].index = k;
		parts[k].turn = &turn;
		if (pthread_create(&parts[k].thread, NULL, part_main,
				   &parts[k]) != 0) {
			parts[k].turn = NULL; /* no thread: do it here */
			part_main(&parts[k]);
		} else {
			parts[k].thread_started = true;
		}
	}
	/* the first part, here, straight into r: its findings go out as they
	 * come, since they come first */
	read_stream(o, r, &parts[0].src, 0, NULL);
	size_t k = 1;
	for (; k < n; k++) {
		give_turn(&turn, k, false);
		if (parts[k].thread_started)
			pthread_join(parts[k].thread, NULL);
		parts[k].thread_started = false;
		if (!parts[k].complete)
			break;
		merge_part(o, r, &parts[k].r);
	}
	if (k < n) {
		give_turn(&turn, n, true); /* the parts waiting give up */
		/* part k kept too many findings to hold: the rest of the
		 * stream is read again here, its findings going out as they
		 * come */
		for (size_t j = k; j < n; j++) {
			if (parts[j].thread_started)
				pthread_join(parts[j].thread, NULL);
			hl_lint_result_release(&parts[j].r);
		}
		struct hl_source rest;
		hl_source_part(&rest, src, &r->arena, cuts[k], src->len,
			       parts[k].src.line_base - src->line_base);
		read_stream(o, r, &rest, 0, NULL);
	}
	hl_lint_result_release(&parts[0].r); /* its source's line index */
	pthread_mutex_destroy(&turn.mu);
	pthread_cond_destroy(&turn.cv);
	free(parts);
	free(cuts);
	return true;
}

/* Does the text mean to hold a Kubernetes object: does it say apiVersion
 * and kind anywhere (a flow or JSON manifest on one line too)? */
static bool mentions_object(const struct hl_source *src)
{
	return memmem(src->data, src->len, "apiVersion", 10) &&
	       memmem(src->data, src->len, "kind", 4);
}

/* A file in a Helm chart's templates/ folder (beside a Chart.yaml). */
static bool in_chart_templates(const char *fspath)
{
	if (!fspath)
		return false;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", fspath);
	/* any folder above it named templates with a Chart.yaml beside it:
	 * templates/sub/x.yaml is a template too */
	for (char *slash; (slash = strrchr(dir, '/'));) {
		*slash = '\0';
		const char *base = strrchr(dir, '/');
		base = base ? base + 1 : dir;
		if (strcmp(base, "templates"))
			continue;
		char chart[4200];
		if (base == dir)
			snprintf(chart, sizeof(chart), "Chart.yaml");
		else
			snprintf(chart, sizeof(chart), "%.*s/Chart.yaml",
				 (int)(base - dir - 1), dir);
		if (access(chart, F_OK) == 0)
			return true;
	}
	return false;
}

static void lint_yaml(const struct hl_lint_opts *o, struct hl_lint_result *r,
		      struct hl_source *src, bool explicit, const char *fspath)
{
	if (in_chart_templates(fspath)) {
		struct hl_pos at = {1, 1};
		template_mark(src, 1, UINT32_MAX, true, &at);
		struct hl_diag t = {HL_ERR_TEMPLATE, r->path, at.line, at.col,
				    helm_hint};
		add_error(o, r, src, &t);
		return;
	}
	if (!parallel_yaml(o, r, src))
		read_stream(o, r, src, 0, NULL);
	/* a file that does not parse and does not even mention apiVersion
	 * and kind, found by a walk or named without a manifest's name, is
	 * somebody else's YAML or JSON (a tsconfig.json with comments, a
	 * README): skipped, not an error */
	bool template = false;
	for (size_t i = 0; i < r->nerrors; i++)
		template |= r->errors[i].diag.code == HL_ERR_TEMPLATE;
	if (r->objects == 0 && r->nerrors && !explicit && !template &&
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
static int cmp_unresolved(const void *pa, const void *pb)
{
	const struct hl_lint_unresolved *a = pa, *b = pb;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	return (a->pos.col > b->pos.col) - (a->pos.col < b->pos.col);
}

static void lint_source(const struct hl_lint_opts *o, enum hl_kind kind,
			bool walked, const char *fspath,
			struct hl_lint_result *r, struct hl_source *src)
{
	/* --kind forces the kind of a named input; a walk only keeps the
	 * files of that kind (hl_lint_input) */
	enum hl_kind force = walked ? HL_KIND_NONE : o->force_kind;
	bool explicit = !walked && (kind == HL_KIND_KUBERNETES ||
				    force == HL_KIND_KUBERNETES);
	if (force != HL_KIND_NONE)
		kind = force;
	if (kind == HL_KIND_NONE)
		kind = hl_kind_by_content(src->data, src->len);
	r->kind = kind;
	if (kind == HL_KIND_DOCKERFILE) {
		if (src->len > HL_DF_MAX_BYTES) {
			char msg[200];
			snprintf(msg, sizeof(msg),
				 "a Dockerfile larger than the limit of %zu "
				 "bytes; file not checked",
				 HL_DF_MAX_BYTES);
			struct hl_diag d = {HL_ERR_TOO_BIG, r->path, 1, 1, msg};
			add_error(o, r, NULL, &d);
			return;
		}
		hl_source_unmap(src); /* the parser wants a NUL at the end */
		lint_dockerfile(o, r, src);
	} else {
		lint_yaml(o, r, src, explicit, fspath);
	}
	/* a Dockerfile's findings in order; a stream's are, document by
	 * document, as they were kept */
	if (r->kind == HL_KIND_DOCKERFILE)
		hl_findings_sort(r->findings, r->nfindings);
	if (r->nunresolved > 1)
		qsort(r->unresolved, r->nunresolved, sizeof(*r->unresolved),
		      cmp_unresolved);
}

static void result_init(struct hl_lint_result *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	hl_arena_init(&r->arena);
	hl_arena_init(&r->farena);
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
		hl_source_release(&src);
		return;
	}
	lint_source(o, in->kind, in->walked, in->fspath, r, &src);
	hl_source_release(&src);
}

void hl_lint_text(const struct hl_lint_opts *o, enum hl_kind kind,
		  const char *path, const char *text, size_t len,
		  struct hl_lint_result *r)
{
	result_init(r, path);
	struct hl_source src;
	hl_source_init_mem(&src, &r->arena, r->path,
			   hl_arena_strndup(&r->arena, text, len), len);
	lint_source(o, kind, false, NULL, r, &src);
}

void hl_lint_result_release(struct hl_lint_result *r)
{
	free(r->findings);
	hl_arena_release(&r->farena);
	hl_arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}
