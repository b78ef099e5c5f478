/*
 * kubernetes/stream: documents into units, rendered Helm output and its
 * `# Source:` comments, unrendered Helm templates, and what a file that
 * holds no object is. The thread split of a long stream is split.c's.
 */
#define _GNU_SOURCE /* memmem */
#include "kubernetes/stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kubernetes/k8s.h"
#include "kubernetes/kustomize.h"
#include "kubernetes/split.h"

/* ------------------------------------------------------------------ */
/* The `# Source:` comments of rendered Helm output                   */

/* Move the cursor to the start of line `line` (forward only); false past
 * the end. */
static bool seek_line(struct hl_k8s_reader *y, uint32_t line)
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

/* Rendered Helm output marks each document with `# Source: chart/
 * templates/x.yaml`: the last such comment between the previous
 * document's content and this one's (first_content) names the template.
 * Returns its path (in `a`) and sets *line to the comment's line, or
 * NULL. */
static const char *source_comment(struct hl_k8s_reader *y,
				  uint32_t first_content, struct hl_arena *a,
				  uint32_t *line)
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

/* ------------------------------------------------------------------ */
/* Units                                                              */

static bool pos_in(struct hl_pos p, struct hl_span s)
{
	bool after = p.line > s.start.line ||
		     (p.line == s.start.line && p.col >= s.start.col);
	bool before = p.line < s.end.line ||
		      (p.line == s.end.line && p.col <= s.end.col);
	return after && before;
}

/* The keys written twice in the document whose later key lies in `span`
 * (all of them if span is NULL; with `skip`, also those outside every
 * skip span: another unit checks those), made in `a`; *n says how many. */
static const struct hl_k8s_dup *duplicates(const struct hl_yaml_doc *yd,
					   struct hl_arena *a,
					   const struct hl_span *span,
					   const struct hl_span *skip,
					   size_t nskip, size_t *n)
{
	struct hl_k8s_dup *out = hl_arena_array(a, yd->ndups ? yd->ndups : 1,
						sizeof(*out));
	*n = 0;
	for (size_t i = 0; i < yd->ndups; i++) {
		const struct hl_yaml_dup *d = &yd->dups[i];
		if (!d->first || !d->second)
			continue; /* never made so; keeps the analyser sure */
		struct hl_pos p2 = d->second->span.start;
		bool mine = !span || pos_in(p2, *span);
		if (!mine && skip) {
			bool elsewhere = false;
			for (size_t k = 0; k < nskip && !elsewhere; k++)
				elsewhere = pos_in(p2, skip[k]);
			mine = !elsewhere;
		}
		if (!mine)
			continue;
		/* written again later? then this one is not applied either */
		const struct hl_node *later = NULL;
		for (size_t k = 0; k < yd->ndups && !later; k++)
			if (yd->dups[k].first == d->second)
				later = yd->dups[k].second;
		out[*n].d = d;
		out[(*n)++].later = later;
	}
	return out;
}

/* What one document's units share. */
struct doc_units {
	struct hl_k8s_reader *y;
	struct hl_yaml_doc *yd;
	const char *tmpl;
	uint32_t cline;
	struct hl_arena scratch;
	const struct hl_span *skip; /* the spans of a List's items */
	size_t nskip;
	bool first; /* the first unit of the document (gets the duplicates
		       outside every item) */
	bool partial; /* a pod spec hl_k8s_fragment put an object around */
};

/* Hand `root` (an object, or a whole document) over as a unit: its views
 * are made in the scratch arena, released after it, so a List of 50,000
 * Pods costs one Pod's views at a time. */
static void unit(struct doc_units *u, const struct hl_node *root,
		 const struct hl_span *via, const struct hl_span *span)
{
	struct hl_k8s_reader *y = u->y;
	struct hl_k8s_unit k;
	memset(&k, 0, sizeof(k));
	k.src = y->src;
	k.root = root;
	k.doc = u->yd->root;
	k.via = via;
	k.tmpl = u->tmpl;
	k.tmpl_line = u->cline;
	k.arena = &u->scratch;
	k.dups = duplicates(u->yd, &u->scratch, span, u->first ? u->skip : NULL,
			    u->nskip, &k.ndups);
	k.objects = hl_k8s_has_object(root) && !hl_k8s_is_list(root);
	k.partial = u->partial;
	u->first = false;
	y->objects += k.objects;
	y->ops->unit(y->ctx, &k);
	hl_arena_release(&u->scratch);
}

/* An object of a List, a unit of its own; findings about the item as a
 * whole point at the item. */
static void list_item(const struct hl_node *obj, const struct hl_node *item,
		      const struct hl_span *via, void *ctx)
{
	unit(ctx, obj, via, &item->span);
}

/* The spans of a List's items, for the duplicates outside them. */
static void item_spans(const struct hl_node *list, struct hl_arena *a,
		       struct hl_span **v, size_t *n)
{
	const struct hl_node *items = hl_k8s_list_items(list);
	size_t cap = 0;
	for (size_t i = 0; i < items->u.seq.count; i++) {
		const struct hl_node *it = hl_node_deref(items->u.seq.items[i]);
		if (!hl_node_is_map(it))
			continue;
		*v = hl_arena_grow(a, *v, *n, &cap, sizeof(**v));
		(*v)[(*n)++] = it->span;
	}
}

static bool on_yaml_doc(struct hl_yaml_doc *yd, void *ctx)
{
	struct hl_k8s_reader *y = ctx;
	const struct hl_node *root = hl_node_deref(yd->root);
	if (y->o->patch && !y->o->dump && hl_json6902_is_patch(root))
		root = hl_json6902_object(yd->arena, root, y->o->patch_kind,
					  y->o->patch_api_version,
					  y->o->patch_name, &y->unchecked);
	else if (y->o->patch && !y->o->dump && root &&
		 root->kind == HL_NODE_MAP)
		hl_kustomize_deletes(yd->arena, (struct hl_node *)root);
	const char *guessed = NULL;
	const struct hl_node *frag =
		y->o->dump ? NULL : hl_k8s_fragment(yd->arena, root, &guessed);
	if (frag) {
		root = frag;
		y->fragments++;
	}
	if (root && (hl_k8s_has_object(root) || y->o->dump)) {
		struct doc_units u;
		memset(&u, 0, sizeof(u));
		u.y = y;
		u.yd = yd;
		u.first = true;
		u.partial = frag != NULL;
		hl_arena_init(&u.scratch);
		u.tmpl = source_comment(y, yd->root->span.start.line, y->names,
					&u.cline);
		if (!y->o->dump && hl_k8s_is_list(root)) {
			struct hl_span *spans = NULL;
			item_spans(root, yd->arena, &spans, &u.nskip);
			u.skip = spans;
			hl_k8s_list_each(&u.scratch, root, NULL, list_item, &u);
			if (u.first) /* no item: the duplicates still count */
				unit(&u, root, NULL, NULL);
		} else {
			unit(&u, root, NULL, NULL);
		}
		y->scanned = yd->root->span.end.line;
	}
	/* what is behind us is not read again: let the pages go */
	hl_source_drop(y->src, yd->end_offset);
	if (!y->ops->document_done(y->ctx)) {
		y->stopped = true;
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Helm templates and errors                                          */

/* Does a scalar start at text[i]: only blanks before it, or one of
 * : - [ { , ? (then a blank) */
static bool scalar_start(const char *text, size_t i)
{
	size_t k = i;
	while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t'))
		k--;
	return k == 0 || strchr(":-[{,?", text[k - 1]) != NULL;
}

/* Where the first `{{` of lines [from, to) stands outside comments (and
 * outside quotes, unless `quoted`), if any: a Helm template's tell. */
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

static void report(struct hl_k8s_reader *y, struct hl_k8s_error *e)
{
	e->src = y->src;
	y->errors++;
	y->templates += e->diag.code == HL_ERR_TEMPLATE;
	y->ops->error(y->ctx, e);
}

/* In rendered Helm output, an error's place in its template: the last
 * `# Source:` comment of its document names the template, and libyaml's
 * "while parsing ... at L:C" names a place in the template too. */
static void in_template(struct hl_k8s_reader *y, struct hl_k8s_error *e)
{
	const struct hl_diag *d = &e->diag;
	uint32_t from, to;
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
	e->tmpl = hl_arena_strndup(y->names, tmpl, tlen);
	e->tmpl_line = d->line - cline;
	e->tmpl_message = d->message;
	const char *m = d->message, *atp = NULL;
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
	e->tmpl_message = hl_arena_printf(y->names, "%.*s at %lu:%lu%s",
					  (int)(atp - m), m, ml - cline, mc,
					  end2);
}

static void on_yaml_err(const struct hl_diag *d, void *ctx)
{
	struct hl_k8s_reader *y = ctx;
	struct hl_k8s_error e;
	memset(&e, 0, sizeof(e));
	uint32_t from, to;
	struct hl_pos at;
	if (d->code == HL_ERR_SYNTAX && d->line) {
		document_lines(y->src, d->line, &from, &to);
		if (template_mark(y->src, from, to, false, &at)) {
			/* once a file: the advice is the same for all its
			 * documents */
			if (y->templates)
				return;
			struct hl_diag t = {HL_ERR_TEMPLATE, d->path, at.line,
					    at.col, helm_hint};
			e.diag = t;
			report(y, &e);
			return;
		}
	}
	e.diag = *d;
	if (d->line)
		in_template(y, &e);
	report(y, &e);
}

/* ------------------------------------------------------------------ */
/* Streams and files                                                  */

void hl_k8s_reader_init(struct hl_k8s_reader *y, struct hl_source *src,
			const struct hl_k8s_opts *o,
			const struct hl_k8s_ops *ops, void *ctx,
			struct hl_arena *names)
{
	memset(y, 0, sizeof(*y));
	y->src = src;
	y->o = o;
	y->ops = ops;
	y->ctx = ctx;
	y->names = names;
}

bool hl_k8s_read_stream(struct hl_k8s_reader *y)
{
	y->line = y->src->line_base + 1; /* the cursor at the start */
	y->off = 0;
	y->scanned = 0;
	y->stopped = false;
	struct hl_arena docs;
	hl_arena_init(&docs);
	struct hl_yaml_opts yo = y->o->yaml;
	yo.release_each = true;
	hl_yaml_parse(y->src, &docs, &yo, on_yaml_doc, on_yaml_err, y);
	hl_arena_release(&docs);
	y->ops->stream_done(y->ctx);
	return !y->stopped;
}

/* The value of hex digit `c`, or -1. */
static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* The quoted string at d[i] (its quote there), decoded as a JSON or YAML
 * decoder would (\uXXXX, \xXX, \UXXXXXXXX and the one-letter escapes
 * in "...", an escaped line break joining the next line, '' in '...'),
 * into out (up to 15 bytes: longer is no key we
 * look for); returns the index after its closing quote. */
static size_t quoted_key(const char *d, size_t n, size_t i, char out[16],
			 size_t *olen)
{
	char q = d[i++];
	*olen = 0;
	while (i < n && d[i] != '\n' && d[i] != '\r') {
		uint32_t c = (unsigned char)d[i];
		if (c == (unsigned char)q) {
			if (q == '\'' && i + 1 < n && d[i + 1] == '\'') {
				i += 2; /* '' */
			} else {
				return i + 1;
			}
		} else if (c == '\\' && q == '"' && i + 1 < n &&
			   (d[i + 1] == '\n' || d[i + 1] == '\r')) {
			/* an escaped line break: the string goes on at the
			 * next line's first non-blank ("api\<NL>  Version") */
			bool crlf = d[i + 1] == '\r' && i + 2 < n &&
				    d[i + 2] == '\n';
			i += crlf ? 3 : 2;
			while (i < n && (d[i] == ' ' || d[i] == '\t'))
				i++;
			continue;
		} else if (c == '\\' && q == '"' && i + 1 < n) {
			char e = d[i + 1];
			int digits = e == 'u'	? 4
				     : e == 'x' ? 2
				     : e == 'U' ? 8
						: 0;
			i += 2;
			if (digits) {
				c = 0;
				for (int k = 0; k < digits; k++, i++) {
					int h = i < n ? hexval(d[i]) : -1;
					if (h < 0)
						return i;
					c = c * 16 + (uint32_t)h;
				}
			} else {
				c = (unsigned char)e;
			}
		} else {
			i++;
		}
		if (*olen < 15)
			out[(*olen)++] = c < 0x80 ? (char)c : '?';
		else
			*olen = 16;
	}
	return i;
}

/* Does the text mean to hold a Kubernetes object: does it say apiVersion
 * and kind anywhere (a flow or JSON manifest on one line too), however
 * a decoder would let them be written ("api\u0056ersion")? Linear, once
 * over the text. */
static bool mentions_object(const struct hl_source *src)
{
	if (memmem(src->data, src->len, "apiVersion", 10) &&
	    memmem(src->data, src->len, "kind", 4))
		return true;
	bool api = memmem(src->data, src->len, "apiVersion", 10) != NULL;
	bool kind = memmem(src->data, src->len, "kind", 4) != NULL;
	const char *d = src->data;
	for (size_t i = 0; i < src->len && !(api && kind);) {
		if (d[i] != '"' && d[i] != '\'') {
			i++;
			continue;
		}
		char k[16];
		size_t n;
		i = quoted_key(d, src->len, i, k, &n);
		api |= n == 10 && !memcmp(k, "apiVersion", 10);
		kind |= n == 4 && !memcmp(k, "kind", 4);
	}
	return api && kind;
}

/* A file in a Helm chart's templates/ folder (beside a Chart.yaml). */
static bool in_chart_templates(const char *fspath)
{
	if (!fspath)
		return false;
	/* any folder above it named templates with a Chart.yaml beside it:
	 * templates/sub/x.yaml is a template too. [0, end) is a folder;
	 * [base, end) its last name. */
	size_t end = strlen(fspath);
	for (;;) {
		while (end > 0 && fspath[end - 1] != '/')
			end--;
		if (end == 0)
			return false;
		end--; /* the folder, without its slash */
		size_t base = end;
		while (base > 0 && fspath[base - 1] != '/')
			base--;
		if (end - base != 9 || memcmp(fspath + base, "templates", 9))
			continue;
		char *chart = hl_xmalloc(base + sizeof("Chart.yaml"));
		memcpy(chart, fspath, base);
		memcpy(chart + base, "Chart.yaml", sizeof("Chart.yaml"));
		bool found = access(chart, F_OK) == 0;
		free(chart);
		if (found)
			return true;
	}
}

void hl_k8s_read_file(struct hl_source *src, const char *fspath, bool explicit,
		      const struct hl_k8s_opts *o, const struct hl_k8s_ops *ops,
		      void *ctx, struct hl_k8s_result *out)
{
	struct hl_arena names; /* template paths and messages */
	hl_arena_init(&names);
	/* lines as the API server's reader counts them: a lone \r breaks
	 * one */
	hl_source_yaml_lines(src);
	struct hl_k8s_reader y;
	hl_k8s_reader_init(&y, src, o, ops, ctx, &names);
	memset(out, 0, sizeof(*out));
	if (in_chart_templates(fspath) && o->helm_skip) {
		out->skipped = "a Helm chart's template: render it to lint it "
			       "(helm template RELEASE CHART | hardlint -)";
		out->helm = true;
		hl_arena_release(&names);
		return;
	}
	if (in_chart_templates(fspath)) {
		struct hl_k8s_error e;
		memset(&e, 0, sizeof(e));
		struct hl_pos at = {1, 1};
		template_mark(src, 1, UINT32_MAX, true, &at);
		struct hl_diag t = {HL_ERR_TEMPLATE, src->path, at.line, at.col,
				    helm_hint};
		e.diag = t;
		report(&y, &e);
		hl_arena_release(&names);
		return;
	}
	if (!hl_k8s_split(&y))
		hl_k8s_read_stream(&y);
	out->objects = y.objects;
	out->unchecked = y.unchecked;
	out->fragments = y.fragments;
	/* a file that does not parse and does not even mention apiVersion
	 * and kind, found by a walk or named without a manifest's name, is
	 * somebody else's YAML or JSON (a tsconfig.json with comments, a
	 * README): skipped, not an error */
	if (y.objects == 0 && y.errors && !explicit && !y.templates &&
	    !mentions_object(src)) {
		out->drop_errors = true;
		out->skipped = "not a Kubernetes manifest (does not parse, no "
			       "apiVersion and kind)";
	} else if (y.objects == 0 && y.errors == 0) {
		out->skipped = "no Kubernetes object (apiVersion and kind)";
	}
	hl_arena_release(&names);
}
