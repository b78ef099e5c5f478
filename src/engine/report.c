/*
 * report: one input's findings, errors and unknown values, kept and then
 * handed to the embedding program's handler.
 */
#include "engine/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/finding.h"

/* A set of fingerprints (open addressing; 0 stands for empty, so the
 * rare fingerprint 0 is kept as 1). */
struct hl_fpset {
	uint64_t *v;
	size_t n, cap; /* cap: a power of 2 */
	/* for each fingerprint that tied, the next ordinal to try: the
	 * k-th tie of one fingerprint costs one try, not k */
	struct {
		uint64_t fp, next;
	} *ties;
	size_t nties, tcap; /* tcap: a power of 2 */
};

/* The slot of `fp` in the ties table (grown as needed). */
static uint64_t *tie_next(struct hl_fpset *s, uint64_t fp)
{
	fp = fp ? fp : 1;
	if (2 * (s->nties + 1) > s->tcap) {
		size_t cap = s->tcap ? s->tcap * 2 : 64;
		__typeof__(s->ties) t = hl_xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < s->tcap; i++) {
			if (!s->ties[i].fp)
				continue;
			size_t j = (size_t)(s->ties[i].fp ^
					    (s->ties[i].fp >> 29)) &
				   (cap - 1);
			while (t[j].fp)
				j = (j + 1) & (cap - 1);
			t[j] = s->ties[i];
		}
		free(s->ties);
		s->ties = t;
		s->tcap = cap;
	}
	size_t i = (size_t)(fp ^ (fp >> 29)) & (s->tcap - 1);
	for (; s->ties[i].fp; i = (i + 1) & (s->tcap - 1))
		if (s->ties[i].fp == fp)
			return &s->ties[i].next;
	s->ties[i].fp = fp;
	s->ties[i].next = 2;
	s->nties++;
	return &s->ties[i].next;
}

static bool fp_add(struct hl_fpset *s, uint64_t fp)
{
	fp = fp ? fp : 1;
	if (2 * (s->n + 1) > s->cap) {
		struct hl_fpset g;
		memset(&g, 0, sizeof(g));
		g.cap = s->cap ? s->cap * 2 : 256;
		g.v = hl_xcalloc(g.cap, sizeof(*g.v));
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i])
				fp_add(&g, s->v[i]);
		free(s->v);
		s->v = g.v; /* the ties table stays as it is */
		s->n = g.n;
		s->cap = g.cap;
	}
	size_t i = (size_t)(fp ^ (fp >> 29)) & (s->cap - 1);
	for (; s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == fp)
			return false;
	s->v[i] = fp;
	s->n++;
	return true;
}

/* A finding whose fingerprint went out before (the same rule, input,
 * identity and place name: `RUN sudo ls` twice in a stage) takes the
 * next ordinal into it: the second is distinct, and stays so when lines
 * move. */
static void untie(struct hl_fpset *s, struct hl_finding *f)
{
	uint64_t fp = strtoull(f->fingerprint, NULL, 16);
	if (fp_add(s, fp))
		return;
	/* the ordinals below *next are all taken already (the set only
	 * grows), so starting there gives what trying from 2 would */
	uint64_t *next = tie_next(s, fp);
	for (uint64_t k = *next;; k++) {
		uint64_t h = fp;
		for (int i = 0; i < 8; i++) {
			h ^= (k >> (8 * i)) & 0xff;
			h *= 1099511628211ull;
		}
		if (fp_add(s, h)) {
			snprintf(f->fingerprint, sizeof(f->fingerprint),
				 "%016llx", (unsigned long long)h);
			*tie_next(s, fp) = k + 1; /* the table may have moved */
			return;
		}
	}
}

void hl_report_init(struct hl_report *r, const char *path,
		    const struct hl_engine *eng, const struct hl_handler *h)
{
	memset(r, 0, sizeof(*r));
	hl_arena_init(&r->arena);
	hl_arena_init(&r->farena);
	r->path = hl_arena_strdup(&r->arena, path);
	r->eng = eng;
	r->h = h;
	r->seen = hl_xcalloc(1, sizeof(*r->seen));
	r->own_seen = true;
}

void hl_report_share_ties(struct hl_report *part, struct hl_report *whole)
{
	if (part->own_seen) {
		free(part->seen->v);
		free(part->seen->ties);
		free(part->seen);
	}
	part->seen = whole->seen;
	part->own_seen = false;
}

void hl_report_release(struct hl_report *r)
{
	if (r->own_seen && r->seen) {
		free(r->seen->v);
		free(r->seen->ties);
		free(r->seen);
	}
	free(r->findings);
	hl_arena_release(&r->farena);
	hl_arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

void hl_report_finding(struct hl_report *r, const struct hl_finding *f,
		       uint32_t base, const char *tmpl)
{
	if (r->nfindings == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		r->findings = hl_xrealloc(r->findings,
					  r->fcap * sizeof(*r->findings));
	}
	struct hl_finding *k = &r->findings[r->nfindings++];
	*k = *f;
	k->path = f->path == r->path || !strcmp(f->path, r->path)
			  ? r->path
			  : hl_arena_strdup(&r->farena, f->path);
	k->message = hl_arena_strdup(&r->farena, f->message);
	k->object = hl_arena_strdup(&r->farena, f->object);
	k->kind = f->kind ? hl_arena_strdup(&r->farena, f->kind) : NULL;
	k->namespace = f->namespace ? hl_arena_strdup(&r->farena, f->namespace)
				    : NULL;
	k->name = f->name ? hl_arena_strdup(&r->farena, f->name) : NULL;
	k->container = f->container ? hl_arena_strdup(&r->farena, f->container)
				    : NULL;
	if (f->suppress_reason)
		k->suppress_reason =
			hl_arena_strdup(&r->farena, f->suppress_reason);
	if (f->excerpt)
		k->excerpt = hl_arena_strdup(&r->farena, f->excerpt);
	if (base && r->beside) {
		/* the file's place, the template's beside */
		k->source = hl_arena_strdup(&r->farena, tmpl);
		k->source_line = f->span.start.line > base
					 ? f->span.start.line - base
					 : 1;
	} else if (base) {
		/* a rendered template's lines, the input's line beside */
		k->stream_line = f->span.start.line;
		k->span.start.line = f->span.start.line > base
					     ? f->span.start.line - base
					     : 1;
		k->span.end.line = f->span.end.line > base
					   ? f->span.end.line - base
					   : 1;
	}
}

void hl_report_sort_from(struct hl_report *r, size_t first)
{
	if (r->nfindings > first)
		hl_findings_sort(r->findings + first, r->nfindings - first);
}

#define EXCERPT_BEFORE 60
#define EXCERPT_WIDTH 160

/* The excerpt of line `line` for an error at column `col`: a window of the
 * line around the column, secrets masked; *caret is where the column
 * falls in it. */
/* How far `s` is indented; *blank: nothing but blanks or a comment. */
static size_t indent_of(const char *s, size_t len, bool *blank)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*blank = i == len || s[i] == '#' || s[i] == '\r';
	return i;
}

/* Where an item's keys start on line `t`: its indentation, past any
 * leading "- ". */
static size_t inner_indent(const char *t, size_t n, bool *blank)
{
	size_t i = indent_of(t, n, blank);
	while (i + 1 < n && t[i] == '-' && (t[i + 1] == ' ' || t[i + 1] == '\t')) {
		i++;
		while (i < n && (t[i] == ' ' || t[i] == '\t'))
			i++;
	}
	return i;
}

/* Is line `line` inside a value that began above it: the line before it
 * leaves a quote open, or the nearest less indented line above is a key
 * with a value after its ':' (a plain or block scalar going on)? Such a
 * line is a value's text, whatever it looks like (`SECRET: x`). */
static bool continues_value(struct hl_source *src, uint32_t line)
{
	const char *t;
	size_t n;
	bool blank;
	if (!hl_source_line(src, line, &t, &n))
		return false;
	size_t ind = indent_of(t, n, &blank);
	bool first = true;
	for (uint32_t l = line - 1, k = 0; l >= 1 && k < 2000; l--, k++) {
		if (!hl_source_line(src, l, &t, &n))
			return false;
		size_t i = inner_indent(t, n, &blank);
		if (blank)
			continue;
		if (first) {
			/* a value that opens a quote and does not close it
			 * on its line: "... or '... */
			const char *colon = memchr(t + i, ':', n - i);
			size_t v = colon ? (size_t)(colon - t) + 1 : i;
			while (v < n && (t[v] == ' ' || t[v] == '\t'))
				v++;
			if (v < n && (t[v] == '"' || t[v] == '\'')) {
				char q = t[v];
				size_t c = v + 1;
				for (; c < n; c++) {
					if (q == '"' && t[c] == '\\') {
						c++;
						continue;
					}
					if (t[c] == q &&
					    !(q == '\'' && c + 1 < n &&
					      t[c + 1] == '\'')) {
						break;
					}
					if (t[c] == q)
						c++; /* '' */
				}
				if (c >= n)
					return true;
			}
			first = false;
		}
		if (i >= ind)
			continue;
		const char *colon = memchr(t + i, ':', n - i);
		if (!colon)
			return true; /* under a value, not a key */
		size_t v = (size_t)(colon - t) + 1;
		while (v < n && (t[v] == ' ' || t[v] == '\t'))
			v++;
		return v < n && t[v] != '#';
	}
	return false;
}

/* Lines longer than this are not shown: their window is masked whole. */
#define EXCERPT_MASK_MAX ((size_t)1 << 20)

static const char *excerpt(struct hl_report *r, struct hl_source *src,
			   uint32_t line, uint32_t col, uint32_t *caret)
{
	const char *text;
	size_t len;
	if (!hl_source_line(src, line, &text, &len))
		return NULL;
	/* the whole line is masked first, then the window cut from it: a
	 * key out of the window still masks its value in it; a line too
	 * long to mask is stars, of which only the window is made */
	uint32_t first = col > EXCERPT_BEFORE + 20 ? col - EXCERPT_BEFORE : 1;
	if (r->eng && len > EXCERPT_MASK_MAX) {
		/* one star a byte, so one a column */
		size_t skip = first - 1 < len ? first - 1 : len;
		size_t n = len - skip < EXCERPT_WIDTH ? len - skip
						      : EXCERPT_WIDTH;
		struct hl_buf b = HL_BUF_INIT;
		if (first > 1)
			hl_buf_adds(&b, "…");
		for (size_t k = 0; k < n; k++)
			hl_buf_addc(&b, '*');
		if (skip + n < len)
			hl_buf_adds(&b, "…");
		char *out = hl_arena_strndup(&r->arena, hl_buf_str(&b), b.len);
		hl_buf_release(&b);
		*caret = col - first + 1 + (first > 1);
		return out;
	}
	char *full = hl_arena_strndup(&r->arena, text, len);
	if (r->eng)
		hl_engine_mask(r->eng, full, len,
			       continues_value(src, line) ? HL_MASK_BELOW
							  : HL_MASK_LINE);
	size_t from = hl_utf8_offset(full, len, first - 1);
	size_t to = from + hl_utf8_offset(full + from, len - from, EXCERPT_WIDTH);
	struct hl_buf b = HL_BUF_INIT;
	if (first > 1)
		hl_buf_adds(&b, "…");
	hl_buf_add(&b, full + from, to - from);
	if (to < len)
		hl_buf_adds(&b, "…");
	char *out = hl_arena_strndup(&r->arena, hl_buf_str(&b), b.len);
	hl_buf_release(&b);
	*caret = col - first + 1 + (first > 1);
	return out;
}

void hl_report_error(struct hl_report *r, struct hl_source *src,
		     const struct hl_diag *d, const char *tmpl,
		     uint32_t tmpl_line, const char *tmpl_message)
{
	r->errors = hl_arena_grow(&r->arena, r->errors, r->nerrors, &r->ecap,
				  sizeof(*r->errors));
	struct hl_error *e = &r->errors[r->nerrors++];
	memset(e, 0, sizeof(*e));
	e->code = d->code;
	e->path = r->path;
	e->line = d->line;
	e->col = d->col;
	e->message = hl_arena_strdup(&r->arena, d->message);
	if (r->eng) /* a parser's message may quote the input */
		hl_engine_mask(r->eng, (char *)e->message, strlen(e->message),
			       HL_MASK_MESSAGE);
	if (src && src->data && d->line)
		e->excerpt = excerpt(r, src, d->line, d->col, &e->caret);
	if (!e->line) {
		/* a file-level error: the file as a whole, at 1:1 */
		e->line = 1;
		e->col = 1;
	}
	if (tmpl && r->beside) {
		e->source = hl_arena_strdup(&r->arena, tmpl);
		e->source_line = tmpl_line;
	} else if (tmpl) {
		e->path = hl_arena_strdup(&r->arena, tmpl);
		e->stream_line = d->line;
		e->line = tmpl_line;
		e->message = hl_arena_strdup(&r->arena, tmpl_message);
	}
}

const char *hl_report_templates(struct hl_arena *a, const char *text)
{
	struct hl_buf b = HL_BUF_INIT;
	for (const char *p = text; (p = strstr(p, "{{"));) {
		const char *end = strstr(p, "}}");
		if (!end)
			break;
		if (b.len)
			hl_buf_adds(&b, " ");
		hl_buf_add(&b, p, (size_t)(end + 2 - p));
		p = end + 2;
	}
	const char *out =
		b.len ? hl_arena_strndup(a, hl_buf_str(&b), b.len) : "{{ }}";
	hl_buf_release(&b);
	return out;
}

void hl_report_unresolved(struct hl_report *r, struct hl_pos pos,
			  const char *what, const char *variables)
{
	r->unresolved = hl_arena_grow(&r->arena, r->unresolved, r->nunresolved,
				      &r->ucap, sizeof(*r->unresolved));
	struct hl_unresolved *u = &r->unresolved[r->nunresolved++];
	u->pos = pos;
	u->what = hl_arena_strdup(&r->arena, what);
	u->variables = hl_arena_strdup(&r->arena, variables);
}

void hl_report_unused(struct hl_report *r, struct hl_pos pos,
		      const char *name, const char *rule, const char *where)
{
	r->unused = hl_arena_grow(&r->arena, r->unused, r->nunused,
				  &r->uucap, sizeof(*r->unused));
	r->unused[r->nunused++] = (struct hl_unused){
		pos, hl_arena_strdup(&r->arena, name), rule, where};
}

void hl_report_flush(struct hl_report *r)
{
	if (!r->h || !r->nfindings)
		return;
	for (size_t i = 0; i < r->nfindings; i++) {
		untie(r->seen, &r->findings[i]);
		if (r->h->finding)
			r->h->finding(r->h->ctx, &r->findings[i]);
	}
	r->handed += r->nfindings;
	r->nfindings = 0;
	hl_arena_release(&r->farena);
}

void hl_report_merge(struct hl_report *r, struct hl_report *part)
{
	if (part->nfindings) {
		size_t need = r->nfindings + part->nfindings;
		if (need > r->fcap) {
			r->fcap = need;
			r->findings = hl_xrealloc(
				r->findings, r->fcap * sizeof(*r->findings));
		}
		memcpy(r->findings + r->nfindings, part->findings,
		       part->nfindings * sizeof(*part->findings));
		for (size_t i = r->nfindings; i < need; i++)
			if (r->findings[i].path == part->path)
				r->findings[i].path = r->path;
		r->nfindings = need;
	}
	free(part->findings);
	part->findings = NULL;
	part->nfindings = part->fcap = 0;
	/* what the part handed over itself (after its turn came) counts as
	 * handed by the input */
	r->handed += part->handed;
	part->handed = 0;
	for (size_t i = 0; i < part->nerrors; i++) {
		r->errors = hl_arena_grow(&r->arena, r->errors, r->nerrors,
					  &r->ecap, sizeof(*r->errors));
		struct hl_error *e = &r->errors[r->nerrors++];
		*e = part->errors[i];
		if (e->path == part->path)
			e->path = r->path;
	}
	part->nerrors = 0;
	for (size_t i = 0; i < part->nunresolved; i++) {
		r->unresolved = hl_arena_grow(&r->arena, r->unresolved,
					      r->nunresolved, &r->ucap,
					      sizeof(*r->unresolved));
		r->unresolved[r->nunresolved++] = part->unresolved[i];
	}
	part->nunresolved = 0;
	for (size_t i = 0; i < part->nunused; i++) {
		r->unused = hl_arena_grow(&r->arena, r->unused, r->nunused,
					  &r->uucap, sizeof(*r->unused));
		r->unused[r->nunused++] = part->unused[i];
	}
	part->nunused = 0;
	/* the part's strings move over with its arenas */
	hl_arena_adopt(&r->arena, &part->arena);
	hl_arena_adopt(&r->farena, &part->farena);
	hl_report_flush(r);
}

static int cmp_pos(struct hl_pos a, struct hl_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	return (a.col > b.col) - (a.col < b.col);
}

static int cmp_unresolved(const void *pa, const void *pb)
{
	return cmp_pos(((const struct hl_unresolved *)pa)->pos,
		       ((const struct hl_unresolved *)pb)->pos);
}

static int cmp_unused(const void *pa, const void *pb)
{
	return cmp_pos(((const struct hl_unused *)pa)->pos,
		       ((const struct hl_unused *)pb)->pos);
}

void hl_report_end(struct hl_report *r, enum hl_kind kind, size_t objects,
		   const char *skipped, bool drop_errors)
{
	if (skipped) {
		/* nothing of a file that is not a manifest is reported */
		r->nfindings = 0;
		r->nunresolved = 0;
	}
	hl_report_flush(r);
	const struct hl_handler *h = r->h;
	if (drop_errors)
		r->nerrors = 0;
	for (size_t i = 0; h && h->error && i < r->nerrors; i++)
		h->error(h->ctx, &r->errors[i]);
	if (r->nunresolved > 1)
		qsort(r->unresolved, r->nunresolved, sizeof(*r->unresolved),
		      cmp_unresolved);
	for (size_t i = 0; h && h->unresolved && i < r->nunresolved; i++)
		h->unresolved(h->ctx, r->path, &r->unresolved[i]);
	if (skipped)
		r->nunused = 0;
	if (r->nunused > 1)
		qsort(r->unused, r->nunused, sizeof(*r->unused), cmp_unused);
	for (size_t i = 0; h && h->unused && i < r->nunused; i++)
		h->unused(h->ctx, r->path, &r->unused[i]);
	struct hl_input_summary s = {r->path,	 kind,		 r->handed,
				     r->nerrors, r->nunresolved, objects,
				     skipped,	 skipped ? NULL : r->patch,
				     r->helm};
	if (h && h->done)
		h->done(h->ctx, &s);
}
