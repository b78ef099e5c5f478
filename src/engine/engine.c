/*
 * engine: evaluates predicates over view items and formats findings.
 *
 * A leaf predicate walks its path from the item and is true when some node
 * it reaches passes the test (exists: false is true when none is reached);
 * the node that passed is its hit. `all` holds when every condition does
 * (their hits together), `any` when one does (the first true one's hits),
 * `not` when its condition does not (no hits). Where a finding points is
 * said, never guessed: by the `at:` of the innermost true condition that
 * has one, else the rule's. An `at:` path that a true leaf also names
 * points at what that leaf matched (the one item of a [*] that did); else
 * at the first node the path reaches; with no `at:` (or nothing there),
 * at the item's anchor (something missing: the object that lacks it). So
 * reordering conditions never moves a finding. A branch's `message`
 * replaces the rule's.
 */
#define _GNU_SOURCE /* memmem */
#include "engine/engine.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/image.h"
#include "engine/api.h"
#include "engine/suppress.h"

/* What a true condition found: the hits of its true leaves (at most
 * MAX_HITS are kept: rules are small), the condition whose at: is in
 * effect, its message and the pattern that matched. */
#define MAX_HITS 16

struct result {
	struct {
		const struct hl_path *path; /* the leaf's */
		struct hl_hit hit;
	} hits[MAX_HITS];
	uint32_t nhits;
	const struct hl_pred *at; /* the innermost true condition with at:,
				     or NULL */
	const char *message;	  /* a branch's message */
	const char *pattern;	  /* name of the pattern that matched */
};

struct ctx {
	const struct hl_engine *e;
	struct hl_doc *doc;
	const struct hl_rule *rule;  /* the part being checked */
	const struct hl_rule *owner; /* the rule it is a part of */
	const struct hl_item *item;
	const char *error; /* a match error: stop the document */
	struct hl_span error_at;
};

size_t hl_split_words(const char *s, size_t len, char words[][64], size_t max)
{
	size_t n = 0, w = 0;
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : 0;
		bool alnum = isalnum(c);
		bool boundary = !alnum || (i > 0 && isupper(c) &&
					   islower((unsigned char)s[i - 1]));
		if (boundary && w > 0) {
			words[n][w] = '\0';
			if (++n == max)
				return n;
			w = 0;
		}
		if (alnum && w < 63)
			words[n][w++] = (char)tolower(c);
	}
	return n;
}

/* A known scalar node, or NULL. */
static const struct hl_node *known_scalar(const struct hl_node *n)
{
	if (!n || n->kind != HL_NODE_SCALAR || (n->flags & HL_NODE_UNKNOWN))
		return NULL;
	return n;
}

/* The integer a float scalar's text stands for, when it is integral (the
 * API server reads runAsUser: 0.0 as 0): false for any other. */
static bool integral(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end || errno || d != d || d < -9.2e18 || d > 9.2e18)
		return false;
	int64_t i = (int64_t)d;
	if ((double)i != d)
		return false;
	*out = i;
	return true;
}

/* Numbers compare as numbers: an integral float equals the integer. */
static bool number_eq(const struct hl_node *n, const struct hl_value *v)
{
	int64_t a, b;
	if (n->u.scalar.type == HL_SCALAR_INT)
		a = n->u.scalar.i;
	else if (n->u.scalar.type != HL_SCALAR_FLOAT ||
		 !integral(n->u.scalar.s, &a))
		return false;
	if (v->type == HL_SCALAR_INT)
		b = v->i;
	else if (!integral(v->s, &b))
		return false;
	return a == b;
}

static bool value_eq(const struct hl_node *n, const struct hl_value *v,
		     bool icase)
{
	switch (v->type) {
	case HL_SCALAR_STR:
		return hl_text_eq(n->u.scalar.s, n->u.scalar.len, v->s, icase);
	case HL_SCALAR_BOOL:
		return n->u.scalar.type == HL_SCALAR_BOOL &&
		       n->u.scalar.b == v->b;
	case HL_SCALAR_INT:
		return number_eq(n, v);
	case HL_SCALAR_NULL:
		return n->u.scalar.type == HL_SCALAR_NULL;
	case HL_SCALAR_FLOAT:
		return (n->u.scalar.type == HL_SCALAR_FLOAT &&
			!strcmp(n->u.scalar.s, v->s)) ||
		       number_eq(n, v);
	case HL_SCALAR__COUNT:
		break;
	}
	return false;
}


/* words-in: a word, or two adjacent words joined by a space, in `l`. */
bool hl_words_in(struct hl_matcher *m, const struct hl_list *l, const char *s,
		 size_t len)
{
	char words[32][64];
	size_t n = hl_split_words(s, len, words, 32);
	char pair[130];
	for (size_t i = 0; i < n; i++) {
		if (hl_matcher_in_list(m, l, words[i], strlen(words[i]), true))
			return true;
		if (i + 1 < n) {
			/* "word next" (each word is at most 63 bytes) */
			size_t a = strlen(words[i]), b = strlen(words[i + 1]);
			memcpy(pair, words[i], a);
			pair[a] = ' ';
			memcpy(pair + a + 1, words[i + 1], b + 1);
			if (hl_matcher_in_list(m, l, pair, a + 1 + b, true))
				return true;
		}
	}
	return false;
}

/* Does the name read as secret: a word of a list that masks (mask: true)
 * in it? */
static bool secret_name(const struct hl_engine *e, const char *s, size_t n)
{
	for (uint32_t i = 0; i < e->rs->nlists; i++) {
		const struct hl_list *l = &e->rs->lists[i];
		if (l->mask && l->nvalues && hl_words_in(e->matcher, l, s, n))
			return true;
	}
	return false;
}

/* last-word-in: the last word is in `l`. */
static bool last_word_in(struct hl_matcher *m, const struct hl_list *l,
			 const char *s, size_t len)
{
	char words[32][64];
	size_t n = hl_split_words(s, len, words, 32);
	return n && hl_matcher_in_list(m, l, words[n - 1], strlen(words[n - 1]),
					 true);
}

/* The item as a hit paths start from: one reached through an alias (an
 * item of a `where` that was) points there, whatever lies below. */
static struct hl_hit item_hit(const struct hl_item *it)
{
	struct hl_hit h = {it->node, it->node ? it->node->span : it->anchor,
			   NULL, it->has_via};
	if (it->has_via)
		h.span = it->via;
	return h;
}

struct leaf {
	struct ctx *c;
	const struct hl_pred *p;
	struct result *r;
	bool passed;
	uint32_t count; /* nodes that passed */
	bool narrowed;	/* a pattern matched part of the node: there */
	struct hl_span at;
};

/* Where in a Dockerfile the text a pattern matched in a scalar `n` of
 * several words (bytes [ms, me) of it, up to its first line break) is:
 * its first occurrence on the lines of `sp`, the node's span, inside
 * that span (a RUN over several lines: its text has no line
 * continuations, the credential is on one of them). False when it is
 * not there as written (an escape, a substitution): the node's span
 * serves. */
static bool narrow(struct ctx *c, const struct hl_node *n, struct hl_span sp,
		   size_t ms, size_t me, struct hl_span *out)
{
	struct hl_source *src = c->doc->src;
	const char *m = n->u.scalar.s + ms;
	size_t len = me - ms;
	const char *nl = memchr(m, '\n', len);
	if (nl)
		len = (size_t)(nl - m);
	/* a word (a path, a URL) is its own place; a text of words (a
	 * command line) points at the words that matched */
	if (c->doc->target != HL_TARGET_DOCKERFILE ||
	    !strpbrk(n->u.scalar.s, " \t\n"))
		return false;
	if (!src || len < 4 || (ms == 0 && me == n->u.scalar.len) ||
	    !sp.start.line || sp.end.line < sp.start.line ||
	    sp.end.line - sp.start.line > 1000)
		return false;
	for (uint32_t l = sp.start.line; l <= sp.end.line; l++) {
		const char *t;
		size_t tl;
		if (!hl_source_line(src, l, &t, &tl))
			return false;
		const char *at = memmem(t, tl, m, len);
		if (!at)
			continue;
		size_t off = (size_t)(at - src->data);
		struct hl_span r = hl_source_span(src, off, off + len);
		if ((r.start.line > sp.start.line ||
		     r.start.col >= sp.start.col) &&
		    (r.end.line < sp.end.line || r.end.col <= sp.end.col)) {
			*out = r;
			return true;
		}
	}
	return false;
}

static int match(struct leaf *L, int32_t pattern, const struct hl_node *n,
		 struct hl_span at)
{
	struct ctx *c = L->c;
	const char *err = NULL;
	size_t ms, me;
	int rc = hl_matcher_find(c->e->matcher, pattern, n->u.scalar.s,
				 n->u.scalar.len, 0, &ms, &me, &err);
	if (rc < 0 && !c->error) {
		c->error = err;
		c->error_at = at;
	}
	if (rc == 1)
		L->narrowed = narrow(c, n, at, ms, me, &L->at);
	return rc;
}

/* A value a rule needed stayed unknown: note its place once (Kubernetes
 * documents; the Dockerfile parser counts its own). */
static void note_unknown(struct hl_doc *d, const struct hl_hit *hit)
{
	if (d->target != HL_TARGET_KUBERNETES)
		return;
	for (size_t i = 0; i < d->nunknowns; i++)
		if (d->unknowns[i].span.start.line == hit->span.start.line &&
		    d->unknowns[i].span.start.col == hit->span.start.col)
			return;
	d->unknowns = hl_arena_grow(d->arena, d->unknowns, d->nunknowns,
				    &d->ucap, sizeof(*d->unknowns));
	d->unknowns[d->nunknowns].span = hit->span;
	d->unknowns[d->nunknowns++].node = hit->node;
}

/* Does the node `hit` reached pass leaf predicate p? */
static bool test(struct leaf *L, const struct hl_hit *hit)
{
	const struct hl_pred *p = L->p;
	const struct hl_rules *rs = L->c->e->rs;
	const struct hl_node *n = hit->node;
	if (p->op == HL_OP_EXISTS) {
		/* exists: false on a value a template may leave out */
		if (!p->flag && n->kind == HL_NODE_SCALAR &&
		    (n->flags & HL_NODE_UNKNOWN))
			note_unknown(L->c->doc, hit);
		return true;
	}
	if (p->op == HL_OP_KNOWN) {
		bool known = !(n->kind == HL_NODE_SCALAR &&
			       (n->flags & HL_NODE_UNKNOWN));
		if (!known && p->flag)
			note_unknown(L->c->doc, hit); /* needed, not there */
		return known == p->flag;
	}
	if (p->literal_prefix && n->kind == HL_NODE_SCALAR &&
	    (n->flags & HL_NODE_UNKNOWN)) {
		/* "http://$HOST/x": its text before the first $ is literal */
		const char *d = memchr(n->u.scalar.s, '$', n->u.scalar.len);
		struct hl_node pre = *n;
		pre.u.scalar.len = d ? (size_t)(d - n->u.scalar.s) : 0;
		if (pre.u.scalar.len &&
		    match(L, p->pattern, &pre, hit->span) == 1)
			return true;
	}
	if (n->kind == HL_NODE_SCALAR && (n->flags & HL_NODE_UNKNOWN))
		note_unknown(L->c->doc, hit);
	n = known_scalar(n);
	if (!n)
		return false;
	switch (p->op) {
	case HL_OP_EQUALS:
	case HL_OP_IN:
		for (uint32_t i = 0; i < p->nvalues; i++)
			if (value_eq(n, &p->values[i], p->ignore_case))
				return true;
		return false;
	case HL_OP_IN_LIST:
		return hl_matcher_in_list(L->c->e->matcher, &rs->lists[p->list],
					  n->u.scalar.s,
			       n->u.scalar.len, p->ignore_case);
	case HL_OP_MATCHES:
		return match(L, p->pattern, n, hit->span) == 1;
	case HL_OP_MATCHES_LIST: {
		const struct hl_list *l = &rs->lists[p->list];
		for (uint32_t i = 0; i < l->npatterns; i++)
			if (match(L, l->patterns[i], n, hit->span) == 1) {
				L->r->pattern =
					rs->patterns[l->patterns[i]].name;
				return true;
			}
		return false;
	}
	case HL_OP_WORDS_IN:
		return hl_words_in(L->c->e->matcher, &rs->lists[p->list],
				   n->u.scalar.s,
				   n->u.scalar.len);
	case HL_OP_LAST_WORD_IN:
		return last_word_in(L->c->e->matcher, &rs->lists[p->list],
				    n->u.scalar.s,
				    n->u.scalar.len);
	case HL_OP_SAME_AS: {
		struct hl_span sp;
		struct hl_hit from = item_hit(L->c->item);
		const struct hl_node *o =
			known_scalar(hl_path_first_from(&from, p->other, &sp));
		return o && o->u.scalar.len == n->u.scalar.len &&
		       (p->ignore_case
				? !strncasecmp(o->u.scalar.s, n->u.scalar.s,
					       n->u.scalar.len)
				: !memcmp(o->u.scalar.s, n->u.scalar.s,
					  n->u.scalar.len));
	}
	default:
		return false;
	}
}

static bool on_hit(const struct hl_hit *hit, void *ctx)
{
	struct leaf *L = ctx;
	L->narrowed = false;
	if (!test(L, hit))
		return !L->c->error;
	if (++L->count < L->p->at_least)
		return true; /* at-least: N, not yet */
	L->passed = true;
	if (L->r->nhits < MAX_HITS) {
		L->r->hits[L->r->nhits].path = &L->p->path;
		L->r->hits[L->r->nhits].hit = *hit;
		if (L->narrowed)
			L->r->hits[L->r->nhits].hit.span = L->at;
		L->r->nhits++;
	}
	return false;
}

/* What a true condition `kid` found joins what `r` holds. */
static void merge(struct result *r, const struct result *kid)
{
	for (uint32_t i = 0; i < kid->nhits && r->nhits < MAX_HITS; i++)
		r->hits[r->nhits++] = kid->hits[i];
	if (kid->at && !r->at)
		r->at = kid->at;
	if (kid->pattern && !r->pattern)
		r->pattern = kid->pattern;
	if (kid->message && !r->message)
		r->message = kid->message;
}

/* A true condition's own message and at: apply when none inside did. */
static bool holds(const struct hl_pred *p, struct result *r)
{
	if (!r->message)
		r->message = p->message;
	if (!r->at && p->at)
		r->at = p;
	return true;
}

/* An empty result (its hits are not cleared: nhits says how many). */
static void clear(struct result *r)
{
	r->nhits = 0;
	r->at = NULL;
	r->message = NULL;
	r->pattern = NULL;
}

struct place;
static struct hl_span where(const struct ctx *c, const struct result *r,
			    struct place *pl);
static bool comes_first(const struct ctx *c, const struct result *a,
			const struct result *b);

static bool eval(struct ctx *c, const struct hl_pred *p, struct result *r);

/* An `any` whose true branches can give different findings: each branch
 * is evaluated, and the one whose finding comes first is kept, whatever
 * the order the branches are written in. */
static bool eval_choose(struct ctx *c, const struct hl_pred *p,
			struct result *r)
{
	struct result kid;
	bool have = false;
	for (uint32_t i = 0; i < p->nkids; i++) {
		if (!eval(c, &p->kids[i], &kid)) {
			if (c->error)
				return false;
			continue;
		}
		if (!have || comes_first(c, &kid, r))
			*r = kid;
		have = true;
	}
	return have && holds(p, r);
}

/* where: the conditions read from each node the path reaches, as if it
 * were the item; the first that passes them all is what the condition
 * found (at: the path leads to it). */
struct where {
	struct ctx *c;
	const struct hl_pred *p;
	struct result *r;
	bool passed;
};

static bool on_where_hit(const struct hl_hit *hit, void *ctx)
{
	struct where *W = ctx;
	struct ctx *c = W->c;
	const struct hl_item *outer = c->item;
	struct hl_item sub = *outer;
	sub.node = hit->node;
	if (hit->via && !sub.has_via) {
		/* reached through an alias: what the conditions find below
		 * it points at the alias */
		sub.has_via = true;
		sub.via = hit->span;
	}
	c->item = &sub;
	bool all = true;
	struct result kid;
	const char *pattern = NULL;
	for (uint32_t i = 0; i < W->p->nkids && all; i++) {
		all = eval(c, &W->p->kids[i], &kid);
		if (all && kid.pattern && !pattern)
			pattern = kid.pattern;
	}
	c->item = outer;
	if (c->error)
		return false;
	if (!all)
		return true;
	W->passed = true;
	if (pattern && !W->r->pattern)
		W->r->pattern = pattern; /* {@pattern}: the first item's */
	if (W->r->nhits < MAX_HITS) {
		W->r->hits[W->r->nhits].path = &W->p->path;
		W->r->hits[W->r->nhits++].hit = *hit;
	}
	/* every item that passes is a hit (a message may list them all,
	 * {path|all}), up to what a result keeps */
	return W->r->nhits < MAX_HITS;
}

static bool eval(struct ctx *c, const struct hl_pred *p, struct result *r)
{
	clear(r);
	switch (p->op) {
	case HL_OP_ALL: {
		struct result kid;
		for (uint32_t i = 0; i < p->nkids; i++) {
			if (!eval(c, &p->kids[i], &kid))
				return false;
			merge(r, &kid);
		}
		return holds(p, r);
	}
	case HL_OP_ANY:
		if (p->choose)
			return eval_choose(c, p, r);
		for (uint32_t i = 0; i < p->nkids; i++) {
			if (eval(c, &p->kids[i], r))
				return holds(p, r);
			if (c->error)
				return false;
		}
		return false;
	case HL_OP_NOT: {
		struct result kid;
		bool v = eval(c, &p->kids[0], &kid);
		if (c->error || v)
			return false;
		return holds(p, r);
	}
	case HL_OP_WHERE: {
		struct where W = {c, p, r, false};
		struct hl_hit from = item_hit(c->item);
		hl_path_walk_from(&from, &p->path, on_where_hit, &W);
		return !c->error && W.passed ? holds(p, r) : false;
	}
	case HL_OP_IN_LIST:
		if (p->constant) /* value: V, in-list: PARAM */
			return hl_matcher_in_list(c->e->matcher,
						  &c->e->rs->lists[p->list],
				       p->values[0].s, strlen(p->values[0].s),
				       p->ignore_case)
				       ? holds(p, r)
				       : false;
		break;
	default:
		break;
	}
	struct leaf L = {c, p, r, false, 0, false, {{0, 0}, {0, 0}}};
	struct hl_hit from = item_hit(c->item);
	hl_path_walk_from(&from, &p->path, on_hit, &L);
	if (c->error)
		return false;
	if (p->op == HL_OP_EXISTS && !p->flag) {
		clear(r);
		L.passed = !L.passed;
	}
	return L.passed ? holds(p, r) : false;
}

/* Where path `at` leads for this finding: what a true leaf with the same
 * path matched, else the first node it reaches. False if nothing. */
static bool locate(const struct ctx *c, const struct result *r,
		   const struct hl_path *at, struct hl_hit *out)
{
	for (uint32_t i = 0; i < r->nhits; i++)
		if (!strcmp(r->hits[i].path->text, at->text)) {
			*out = r->hits[i].hit;
			return true;
		}
	/* below what a `where` found (packages[*].name, after a where on
	 * packages[*]): from that node on */
	for (uint32_t i = 0; i < r->nhits; i++) {
		const struct hl_path *hp = r->hits[i].path;
		size_t n = strlen(hp->text);
		if (hp->nsegs >= at->nsegs || strncmp(hp->text, at->text, n) ||
		    at->text[n] != '.')
			continue;
		struct hl_path rest = {at->text + n + 1, at->segs + hp->nsegs,
				       at->nsegs - hp->nsegs};
		out->node = hl_path_first_from(&r->hits[i].hit, &rest,
					       &out->span);
		if (out->node)
			return true;
	}
	struct hl_hit from = item_hit(c->item);
	out->node = hl_path_first_from(&from, at, &out->span);
	return out->node != NULL;
}

/* ------------------------------------------------------------------ */
/* Messages                                                           */

static bool secret_name(const struct hl_engine *e, const char *s, size_t n);

/* A value worth hiding: not a boolean, a number or a few letters that
 * occur in any message. */
static bool maskable_value(const char *s, size_t n)
{
	static const char *const plain[] = {"true",    "false",	  "yes",
					    "no",      "null",	  "none",
					    "enabled", "disabled"};
	if (n < 4)
		return false;
	size_t d = 0;
	while (d < n && (isdigit((unsigned char)s[d]) || s[d] == '.'))
		d++;
	if (d == n)
		return false;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strlen(plain[i]) == n && !strncasecmp(plain[i], s, n))
			return false;
	return true;
}

static void note_secret(void *ctx, const char *name, size_t nlen,
			const char *value, size_t vlen, bool alias)
{
	struct ctx *c = ctx;
	struct hl_doc *d = c->doc;
	if (!alias && ((nlen == 4 && !memcmp(name, "name", 4)) ||
		       (nlen == 5 && !memcmp(name, "image", 5)))) {
		if (d->nnames < 4096) {
			d->names = hl_arena_grow(d->arena, d->names, d->nnames,
						 &d->ncap, sizeof(*d->names));
			d->names[d->nnames++] = (struct hl_secret){value, vlen};
		}
		return;
	}
	/* a value that is its own name is a placeholder, and the name is
	 * shown anyway */
	if (!maskable_value(value, vlen) ||
	    (vlen == nlen && !strncasecmp(value, name, nlen)) ||
	    !secret_name(c->e, name, nlen))
		return;
	for (size_t i = 0; i < d->nsecrets; i++)
		if (d->secrets[i].len == vlen &&
		    !memcmp(d->secrets[i].s, value, vlen))
			return;
	if (d->nsecrets >= 4096)
		return;
	d->secrets = hl_arena_grow(d->arena, d->secrets, d->nsecrets, &d->scap,
				   sizeof(*d->secrets));
	d->secrets[d->nsecrets++] = (struct hl_secret){value, vlen};
}

static bool word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Does the document write `x` as a name or as a part of an image (between
 * '/', ':' and '@')? Then it is no secret (a password "mysql" beside a
 * container "mysql" from image "mysql:8"). */
static bool written_as_name(const struct hl_doc *d, const struct hl_secret *x)
{
	for (size_t i = 0; i < d->nnames; i++) {
		const struct hl_secret *n = &d->names[i];
		for (size_t at = 0; at + x->len <= n->len; at++) {
			if ((at && !strchr("/:@", n->s[at - 1])) ||
			    memcmp(n->s + at, x->s, x->len))
				continue;
			size_t e = at + x->len;
			if (e == n->len || strchr("/:@", n->s[e]))
				return true;
		}
	}
	return false;
}

/* Mask in t[0..len) every value the document gives a secret-like name
 * (an ARG, an ENV, an env item, a mapping entry), however it reached the
 * text: a substitution, a YAML alias, a copy. */
static void mask_known(struct ctx *c, char *t, size_t len)
{
	struct hl_doc *d = c->doc;
	if (!d->secrets_made) {
		d->secrets_made = true;
		hl_doc_named_values(d, note_secret, c);
		size_t kept = 0;
		for (size_t i = 0; i < d->nsecrets; i++)
			if (!written_as_name(d, &d->secrets[i]))
				d->secrets[kept++] = d->secrets[i];
		d->nsecrets = kept;
	}
	for (size_t i = 0; i < d->nsecrets; i++) {
		const struct hl_secret *x = &d->secrets[i];
		for (size_t at = 0; at + x->len <= len; at++) {
			if (memcmp(t + at, x->s, x->len))
				continue;
			/* a short one only as a word of its own (SECRET is
			 * not masked in OAUTH2_PROXY_COOKIE_SECRET) */
			if (x->len < 8 &&
			    ((at && word_char(t[at - 1])) ||
			     (at + x->len < len && word_char(t[at + x->len]))))
				continue;
			/* at most four characters, fewer for short values */
			size_t show = x->len / 4 < 4 ? x->len / 4 : 4;
			size_t k = 0;
			while (k < x->len && show) {
				k++;
				while (k < x->len && ((unsigned char)t[at + k] &
						      0xC0) == 0x80)
					k++;
				show--;
			}
			memset(t + at + k, '*', x->len - k);
			at += x->len - 1;
		}
	}
}

static void add_masked(struct hl_buf *b, const char *s, size_t len)
{
	/* at most four characters, fewer for short values */
	size_t show = len / 4 < 4 ? len / 4 : 4, bytes = 0, cps = 0;
	while (bytes < len && cps < show) {
		bytes++;
		while (bytes < len && ((unsigned char)s[bytes] & 0xC0) == 0x80)
			bytes++;
		cps++;
	}
	hl_buf_add(b, s, bytes);
	hl_buf_adds(b, "…");
}

static void add_node_text(struct hl_buf *b, const struct hl_node *n)
{
	n = hl_node_deref(n);
	if (!n)
		return;
	if (n->kind == HL_NODE_SCALAR) {
		/* whole: a NUL inside shows as \0, the message goes on */
		for (size_t i = 0; i < n->u.scalar.len; i++) {
			if (n->u.scalar.s[i])
				hl_buf_addc(b, n->u.scalar.s[i]);
			else
				hl_buf_adds(b, "\\0");
		}
	} else
		hl_buf_adds(b, n->kind == HL_NODE_SEQ ? "[...]" : "{...}");
}

/* Where a finding points and what is there: `at` (the path that said
 * so, or NULL for the anchor) and the hit. */
struct place {
	const struct hl_path *at;
	struct hl_hit hit;
};

/* {path|all}: every value `at` reaches from what the conditions found
 * (each item a `where` passed), quoted, "'a', 'b' and 'c'", at most
 * five and then how many more; false when there is none. */
static bool add_all(const struct ctx *c, const struct result *r,
		    const struct hl_path *at, struct hl_buf *b)
{
	const struct hl_node *found[MAX_HITS];
	size_t n = 0;
	for (uint32_t i = 0; i < r->nhits; i++) {
		const struct hl_path *hp = r->hits[i].path;
		size_t len = strlen(hp->text);
		const struct hl_node *node = NULL;
		struct hl_span sp;
		if (!strcmp(hp->text, at->text))
			node = r->hits[i].hit.node;
		else if (hp->nsegs < at->nsegs &&
			 !strncmp(hp->text, at->text, len) &&
			 at->text[len] == '.') {
			struct hl_path rest = {at->text + len + 1,
					       at->segs + hp->nsegs,
					       at->nsegs - hp->nsegs};
			node = hl_path_first_from(&r->hits[i].hit, &rest, &sp);
		}
		if (node)
			found[n++] = node;
	}
	if (!n) {
		struct hl_hit h;
		if (!locate(c, r, at, &h))
			return false;
		found[n++] = h.node;
	}
	size_t shown = n > 5 ? 5 : n;
	for (size_t i = 0; i < shown; i++) {
		if (i)
			hl_buf_adds(b, i + 1 == shown && n == shown ? " and "
								    : ", ");
		hl_buf_addc(b, '\'');
		add_node_text(b, found[i]);
		hl_buf_addc(b, '\'');
	}
	if (n > shown)
		hl_buf_adds(b, n >= MAX_HITS ? " and more" : " and others");
	return true;
}

/*
 * Expand {placeholders} in `tmpl`: {path} is the text of what the path
 * leads to (what a true leaf with that path matched, else the first node
 * it reaches); {@value}, {@path} and {@pattern} are the text of what the
 * finding points at, the at: path that says so, and the name of the
 * pattern that matched. Filters: |mask (show at most four characters),
 * |secrets (mask what looks secret in it, as excerpts are), |or:TEXT
 * (when absent). {{ and }} are literal braces.
 */
static const char *format(struct ctx *c, const char *tmpl,
			  const struct result *r, const struct place *pl)
{
	struct hl_buf b = HL_BUF_INIT, v = HL_BUF_INIT;
	for (const char *p = tmpl; *p;) {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			hl_buf_addc(&b, *p);
			p += 2;
			continue;
		}
		const char *end = p[0] == '{' ? strchr(p, '}') : NULL;
		if (!end) {
			hl_buf_addc(&b, *p++);
			continue;
		}
		char spec[256];
		size_t sl = (size_t)(end - p - 1);
		if (sl >= sizeof(spec))
			sl = sizeof(spec) - 1;
		memcpy(spec, p + 1, sl);
		spec[sl] = '\0';
		p = end + 1;
		char *filter = strchr(spec, '|');
		if (filter)
			*filter++ = '\0';
		hl_buf_reset(&v);
		bool found = true;
		if (!strcmp(spec, "@value")) {
			if (pl->at)
				add_node_text(&v, pl->hit.node);
			else
				found = false;
		} else if (!strcmp(spec, "@path")) {
			if (pl->at)
				hl_buf_adds(&v, pl->at->text);
			else
				found = false;
		} else if (!strcmp(spec, "@key")) {
			if (pl->at && pl->hit.key)
				add_node_text(&v, pl->hit.key);
			else
				found = false;
		} else if (!strcmp(spec, "@pattern")) {
			if (r->pattern)
				hl_buf_adds(&v, r->pattern);
			else
				found = false;
		} else {
			struct hl_path path;
			size_t off;
			struct hl_hit h;
			bool parsed = hl_path_parse(
				c->doc->arena,
				hl_arena_strdup(c->doc->arena, spec), &path,
				&off);
			if (parsed && filter && !strcmp(filter, "all"))
				found = add_all(c, r, &path, &v);
			else if (parsed && locate(c, r, &path, &h))
				add_node_text(&v, h.node);
			else
				found = false;
		}
		bool image = filter && !strcmp(filter, "image");
		if (image && v.len) {
			/* an image reference: a repository named
			 * wi-secret-store is no secret's name; only credentials
			 * in it are hidden (registry user:password@) */
			const char *red = hl_image_redact(c->doc->arena,
							  hl_buf_str(&v));
			char *t = hl_arena_strdup(c->doc->arena, red);
			size_t tl = strlen(t);
			mask_known(c, t, tl);
			hl_buf_reset(&v);
			hl_buf_add(&v, t, tl);
		} else if (v.len && !(filter && !strcmp(filter, "mask"))) {
			/* what a placeholder quotes of the input (a URL, a
			 * path, a word) never carries a credential out: what
			 * looks like one is masked, as in excerpts */
			char *t = hl_arena_strndup(c->doc->arena,
						   hl_buf_str(&v), v.len);
			if (v.len >= 12)
				hl_engine_mask(c->e, t, v.len, HL_MASK_MESSAGE);
			size_t tl = v.len;
			mask_known(c, t, tl);
			hl_buf_reset(&v);
			hl_buf_add(&v, t, tl);
		}
		if (filter && !strncmp(filter, "or:", 3) && !found)
			hl_buf_adds(&b, filter + 3);
		else if (filter && !strcmp(filter, "mask"))
			add_masked(&b, hl_buf_str(&v), v.len);
		else if (filter && !strcmp(filter, "secrets")) {
			/* text from the input (a parser's message quoting a
			 * line): what looks secret in it masked, as excerpts */
			char *t = hl_arena_strndup(c->doc->arena,
						   hl_buf_str(&v), v.len);
			hl_engine_mask(c->e, t, v.len, HL_MASK_MESSAGE);
			hl_buf_add(&b, t, v.len);
		} else
			hl_buf_add(&b, hl_buf_str(&v), v.len);
	}
	const char *s = hl_arena_strndup(c->doc->arena, hl_buf_str(&b), b.len);
	hl_buf_release(&b);
	hl_buf_release(&v);
	return s;
}

/* Where the finding of result `r` points: the innermost true at:, else
 * the rule's; what it leads to, if it has a place of its own; else the
 * item's anchor. An item reached through an alias points at the alias
 * (the anchored text serves another object). */
static struct hl_span where(const struct ctx *c, const struct result *r,
			    struct place *pl)
{
	const struct hl_rule *rule = c->rule;
	struct hl_span s = c->item->anchor;
	memset(pl, 0, sizeof(*pl));
	const struct hl_path *at = r->at	    ? r->at->at
				   : rule->at.nsegs ? &rule->at
						    : NULL;
	if (at && locate(c, r, at, &pl->hit) && pl->hit.span.start.line) {
		pl->at = at;
		s = pl->hit.span;
	}
	if (c->item->has_via)
		s = c->item->via;
	return s;
}

static int cmp_pos(struct hl_pos a, struct hl_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.col != b.col)
		return a.col < b.col ? -1 : 1;
	return 0;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Does the finding of `a` come before that of `b`: its place, then its
 * message, then the at:, pattern and matches that made them (an order on
 * all a finding shows, so the choice never depends on branch order)? */
static bool comes_first(const struct ctx *c, const struct result *a,
			const struct result *b)
{
	struct place pa, pb;
	struct hl_span sa = where(c, a, &pa), sb = where(c, b, &pb);
	int k = cmp_pos(sa.start, sb.start);
	if (!k)
		k = cmp_pos(sa.end, sb.end);
	if (!k)
		k = cmp_str(a->message, b->message);
	if (!k)
		k = cmp_str(pa.at ? pa.at->text : NULL,
			    pb.at ? pb.at->text : NULL);
	if (!k)
		k = cmp_str(a->pattern, b->pattern);
	/* the same place and words: what the placeholders read, the nodes
	 * the conditions matched */
	for (uint32_t i = 0; !k && i < a->nhits && i < b->nhits; i++)
		k = cmp_pos(a->hits[i].hit.span.start,
			    b->hits[i].hit.span.start);
	if (!k && a->nhits != b->nhits)
		k = a->nhits < b->nhits ? -1 : 1;
	return k < 0;
}

/* Does the input accept finding `f` (a pragma, an annotation)? Marked so;
 * a pragma past its until= date says so in the message. */
static void suppress(struct ctx *c, struct hl_finding *f)
{
	struct hl_suppression s;
	enum hl_suppress_state st = hl_suppressed(
		c->doc, &c->owner->info, c->item, f->span, f->parts, &s);
	if (st != HL_SUPPRESS_NONE && s.line) {
		/* it named this finding: used (even when expired, or not
		 * honoured for want of a reason: the finding says so) */
		struct hl_doc *d = c->doc;
		d->used = hl_arena_grow(d->arena, d->used, d->nused,
					&d->usedcap, sizeof(*d->used));
		d->used[d->nused++] = (struct hl_used){s.line, s.name,
						       s.name_len};
	}
	if (st == HL_SUPPRESS_YES && !s.reason_len && c->e->require_reason) {
		f->message = hl_arena_join(c->doc->arena, f->message,
					   " (its suppression gives no reason, "
					   "and --require-reason asks for one)",
					   (char *)NULL);
	} else if (st == HL_SUPPRESS_YES) {
		char *why = hl_arena_strndup(c->doc->arena, s.reason,
					     s.reason_len);
		hl_engine_mask(c->e, why, s.reason_len, HL_MASK_MESSAGE);
		f->suppressed = s.kind;
		f->suppress_reason = why;
	} else if (st == HL_SUPPRESS_EXPIRED && s.bad_date) {
		f->message = hl_arena_join(c->doc->arena, f->message,
					   " (its suppression's until= is not "
					   "a date, YYYY-MM-DD: it does not "
					   "suppress)",
					   (char *)NULL);
	} else if (st == HL_SUPPRESS_EXPIRED) {
		f->message = hl_arena_join(c->doc->arena, f->message,
					   " (its suppression expired on ",
					   s.until, ")", (char *)NULL);
	}
}

/* A null (or `$patch: delete`) on path `p` from the item, or on the way
 * to it: where. */
static bool null_on(const struct ctx *c, const struct hl_path *p,
		    struct hl_span *span)
{
	struct hl_hit from = item_hit(c->item);
	for (uint32_t k = p ? p->nsegs : 0; k > 0; k--) {
		struct hl_path pre = {p->text, p->segs, k};
		struct hl_span s;
		const struct hl_node *n =
			hl_node_deref(hl_path_first_from(&from, &pre, &s));
		if (n && n->kind == HL_NODE_SCALAR &&
		    n->u.scalar.type == HL_SCALAR_NULL && s.start.line) {
			*span = s;
			return true;
		}
	}
	return false;
}

static bool null_in(const struct ctx *c, const struct hl_pred *p,
		    struct hl_span *span)
{
	if (p->path.nsegs && null_on(c, &p->path, span))
		return true;
	for (uint32_t i = 0; i < p->nkids; i++)
		if (null_in(c, &p->kids[i], span))
			return true;
	return false;
}

/* In a patch, a finding about something missing stands when the patch
 * itself removed it: a field the rule reads (where the finding would
 * point first) is set to null, or `$patch: delete`d, or one on the way to
 * it is; the finding points there. */
static bool nulled(const struct ctx *c, const struct result *r,
		   struct hl_span *span)
{
	const struct hl_path *at = r->at	       ? r->at->at
				   : c->rule->at.nsegs ? &c->rule->at
						       : NULL;
	return null_on(c, at, span) || null_in(c, c->rule->when, span);
}

static bool pos_le(struct hl_pos a, struct hl_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col <= b.col);
}

/* Does n's own span (not an alias's target) hold `at`? */
static bool spans(const struct hl_node *n, struct hl_pos at)
{
	return n && n->span.start.line && pos_le(n->span.start, at) &&
	       (pos_le(at, n->span.end) || !n->span.end.line);
}

/* The last of the n nodes (in source order) starting at or before `at`,
 * by bisection: a pod of 2,000 containers is not scanned once a finding. */
static size_t last_before(struct hl_node *const *v, size_t n, struct hl_pos at)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pos_le(v[mid]->span.start, at))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : SIZE_MAX;
}

static const struct hl_node *key_of(const struct hl_node *map, size_t i)
{
	return map->u.map.pairs[i].key;
}

/* The name of the container (a mapping with an image, an item of a list)
 * of the tree under `n` that holds `at`, or NULL. */
static const char *container_at(const struct hl_node *n, struct hl_pos at,
				unsigned depth)
{
	if (!n || depth > 64)
		return NULL;
	if (n->kind == HL_NODE_SEQ && n->u.seq.count) {
		size_t i = last_before(n->u.seq.items, n->u.seq.count, at);
		const struct hl_node *it = i == SIZE_MAX ? NULL
							 : n->u.seq.items[i];
		if (!it || !spans(it, at))
			return NULL;
		const char *deeper = container_at(it, at, depth + 1);
		if (deeper)
			return deeper;
		if (it->kind == HL_NODE_MAP && hl_map_get(it, "image"))
			return hl_node_text(hl_map_get(it, "name"));
	} else if (n->kind == HL_NODE_MAP && n->u.map.count) {
		/* the pairs in source order: the last key at or before */
		size_t lo = 0, hi = n->u.map.count;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (pos_le(key_of(n, mid)->span.start, at))
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!lo)
			return NULL;
		const struct hl_node *v = n->u.map.pairs[lo - 1].value;
		if (spans(v, at))
			return container_at(v, at, depth + 1);
	}
	return NULL;
}

/* What a manifest's finding is about: kind, namespace, name, container. */
static void identify(const struct ctx *c, struct hl_finding *f)
{
	if (c->doc->target != HL_TARGET_KUBERNETES)
		return;
	const struct hl_node *obj = c->doc->root;
	if (!hl_node_is_map(obj))
		return;
	const struct hl_node *meta = hl_map_get(obj, "metadata");
	f->kind = hl_node_text(hl_map_get(obj, "kind"));
	f->namespace = hl_node_text(hl_map_get(meta, "namespace"));
	f->name = hl_node_text(hl_map_get(meta, "name"));
	if (!f->name)
		f->name = hl_node_text(hl_map_get(meta, "generateName"));
	f->container = container_at(obj, f->span.start, 0);
}

/* Did the conditions of `r` find a node inside `span`? */
static bool found_in(const struct result *r, struct hl_span span)
{
	for (uint32_t i = 0; i < r->nhits; i++) {
		struct hl_pos p = r->hits[i].hit.span.start;
		if (cmp_pos(p, span.start) >= 0 && cmp_pos(p, span.end) <= 0)
			return true;
	}
	return false;
}

/* A credential pattern matched what a finding found (r->pattern): its
 * value, as written on line `line` (`t`, `len` bytes, as
 * hl_source_line gives it), is starred past its first four characters; a value written
 * over several lines is starred on each of them. A value the pattern
 * matched only once decoded (base64 in a ConfigMap's binaryData) is not
 * what the patterns see in the line. */
static void mask_found(const struct result *r, uint32_t line, char *t,
		       size_t len)
{
	for (uint32_t i = 0; r && r->pattern && i < r->nhits; i++) {
		const struct hl_hit *h = &r->hits[i].hit;
		if (!h->node || h->node->kind != HL_NODE_SCALAR ||
		    h->span.start.line > line || h->span.end.line < line)
			continue;
		uint32_t to = h->span.end.line == line ? h->span.end.col
						       : UINT32_MAX;
		uint32_t col = h->span.start.col ? h->span.start.col : 1;
		if (h->span.start.line == line) {
			size_t b = hl_utf8_offset(t, len, col - 1);
			/* a block scalar's | or > is none of its value */
			if (b < len && t[b] != '|' && t[b] != '>')
				hl_mask_cols(t, len, col, to);
			continue;
		}
		/* a later line of the value: none of it shown */
		size_t e = hl_utf8_offset(t, len, to == UINT32_MAX ? len : to - 1);
		for (size_t k = 0; k < e; k++)
			if (t[k] != ' ' && t[k] != '\t')
				t[k] = '*';
	}
}

/* The source line `line` for a finding's excerpt, masked as messages
 * are (credential patterns, secret-like NAME=value pairs) and the values
 * of the document's secret-like names too; NULL past 4 KiB (a minified
 * line). */
static const char *excerpt(struct ctx *c, const struct result *r, uint32_t line)
{
	const char *text;
	size_t len;
	if (!line || !c->doc->src ||
	    !hl_source_line(c->doc->src, line, &text, &len) || len > 4096)
		return NULL;
	while (len && (text[len - 1] == '\r' || text[len - 1] == '\n'))
		len--;
	char *t = hl_arena_strndup(c->doc->arena, text, len);
	hl_engine_mask(c->e, t, len, HL_MASK_MESSAGE);
	mask_known(c, t, len);
	hl_mask_userinfo(t, len);
	mask_found(r, line, t, len);
	return t;
}

static void report(struct ctx *c, const struct result *r, hl_finding_fn fn,
		   void *fctx)
{
	const struct hl_rule *rule = c->rule;
	struct hl_finding f;
	memset(&f, 0, sizeof(f));
	f.rule = &c->owner->info;
	f.severity = rule->info.severity;
	f.path = c->doc->path;
	f.object = c->item->object;
	struct place pl;
	f.span = where(c, r, &pl);
	/* a Kustomize patch is judged on what it sets: a finding that points
	 * at no node of its own (a container's, a pod's, an object's anchor
	 * for what is missing) is about what the patch leaves to the base */
	if (c->doc->patch && !pl.at &&
	    (c->rule->view == HL_VIEW_K8S_OBJECT ||
	     c->rule->view == HL_VIEW_K8S_POD ||
	     c->rule->view == HL_VIEW_K8S_CONTAINER) &&
	    !nulled(c, r, &f.span))
		return;
	f.message = format(c, r->message ? r->message : rule->info.message, r,
			   &pl);
	identify(c, &f);
	/* which partial aliases name it: their conditions on its item */
	for (uint32_t i = 0; c->rule == c->owner && i < rule->info.npartial;
	     i++) {
		struct result pr;
		/* under report: each, the part of its own branch only: one
		 * whose condition found what this finding points at */
		if (eval(c, rule->partial_when[i], &pr) &&
		    (!rule->each || found_in(&pr, f.span)))
			f.parts |= 1u << i;
	}
	if (!c->e->strict)
		suppress(c, &f);
	/* the real path, never a template's; what the item is, never
	 * where */
	f.path = c->doc->input;
	const char *object = f.object;
	f.object = c->item->key ? c->item->key : c->item->object;
	hl_finding_fingerprint(&f, pl.at ? pl.at->text : "");
	f.path = c->doc->path;
	f.object = object;
	if (c->e->excerpts)
		f.excerpt = excerpt(c, r, f.span.start.line);
	if (object && *object) {
		/* what the item is, for people, quotes the input (a
		 * command's words): masked as messages are */
		char *t = hl_arena_strdup(c->doc->arena, object);
		if (strlen(t) >= 12)
			hl_engine_mask(c->e, t, strlen(t), HL_MASK_MESSAGE);
		mask_known(c, t, strlen(t));
		f.object = t;
	}
	fn(&f, fctx);
}

/* report: each. The conditions of `when` other than the chosen `any` must
 * hold; then every true branch of that `any` is a finding of its own, at
 * its own place, with its own message. */
static void report_each(struct ctx *c, hl_finding_fn fn, void *fctx)
{
	const struct hl_pred *all = c->rule->when;
	uint32_t which = c->rule->each - 1;
	const struct hl_pred *any = &all->kids[which];
	struct result base, kid;
	clear(&base);
	for (uint32_t i = 0; i < all->nkids; i++) {
		if (i == which)
			continue;
		if (!eval(c, &all->kids[i], &kid))
			return;
		merge(&base, &kid);
	}
	for (uint32_t j = 0; j < any->nkids; j++) {
		if (!eval(c, &any->kids[j], &kid)) {
			if (c->error)
				return;
			continue;
		}
		/* the branch's own first, then the any's, then the rest */
		if (!kid.message)
			kid.message = any->message ? any->message
						   : base.message;
		if (!kid.at && any->at)
			kid.at = any;
		merge(&kid, &base);
		if (!kid.message)
			kid.message = all->message;
		if (!kid.at && all->at)
			kid.at = all;
		report(c, &kid, fn, fctx);
	}
}

/* The items of one part of a rule (c->rule: the rule, or a copy with a
 * further part's view, conditions, place and message), each judged and
 * reported; false when a limit stopped it (then *rc and diag say so). */
static bool check_part(struct ctx *c, uint32_t ri, hl_finding_fn fn, void *fctx,
		       struct hl_diag *diag, enum hl_err *rc)
{
	struct hl_doc *doc = c->doc;
	const struct hl_rule *rule = c->rule;
	const struct hl_items *items = hl_view_items(doc, rule->view);
	if (doc->too_many) {
		diag->code = HL_ERR_LIMIT;
		diag->path = doc->path;
		/* at the first item past the limit */
		struct hl_pos at = doc->too_many_at;
		if (!at.line)
			at = (struct hl_pos){1, 1};
		diag->line = at.line;
		diag->col = at.col;
		diag->message = hl_arena_printf(
			doc->arena,
			"more than %d items of the %s view in one object "
			"(limit); the rules left are not applied to it",
			HL_VIEW_MAX_ITEMS, doc->too_many);
		*rc = HL_ERR_LIMIT;
		return false;
	}
	for (size_t k = 0; k < items->count; k++) {
		c->item = &items->items[k];
		struct result r;
		bool ok = false;
		if (rule->each)
			report_each(c, fn, fctx);
		else
			ok = eval(c, rule->when, &r);
		if (c->error) {
			/* said once; the rule is not tried again in this file
			 * (a hostile file repeats the value that made the
			 * pattern give up), the others still are */
			if (*rc == HL_OK) {
				diag->code = HL_ERR_LIMIT;
				diag->path = doc->path;
				diag->line = c->error_at.start.line;
				diag->col = c->error_at.start.col;
				diag->message = hl_arena_printf(
					doc->arena,
					"rule %s (%s): %s; the rule is not "
					"applied to the rest of this file",
					rule->info.slug, rule->info.file,
					c->error);
				*rc = HL_ERR_LIMIT;
			}
			if (doc->rules_off)
				doc->rules_off[ri] = 1;
			c->error = NULL;
			return true;
		}
		if (ok)
			report(c, &r, fn, fctx);
	}
	return true;
}

enum hl_err hl_engine_check(const struct hl_engine *e, struct hl_doc *doc,
			    hl_finding_fn fn, void *fctx, struct hl_diag *diag)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.e = e;
	c.doc = doc;
	doc->rs = e->rs; /* the views read its shared lists */
	enum hl_err rc = HL_OK;
	for (uint32_t ri = 0; ri < e->rs->nrules; ri++) {
		const struct hl_rule *rule = &e->rs->rules[ri];
		if (rule->info.target != doc->target ||
		    (e->enabled && !e->enabled[ri]) ||
		    (doc->rules_off && doc->rules_off[ri]))
			continue;
		if (rule->requires >= 0 &&
		    !e->rs->lists[rule->requires].nvalues &&
		    !e->rs->lists[rule->requires].npatterns)
			continue; /* a parameter nobody set */
		c.owner = rule;
		c.rule = rule;
		if (!check_part(&c, ri, fn, fctx, diag, &rc))
			return rc;
		for (uint32_t p = 0; p < rule->nalso; p++) {
			if (doc->rules_off && doc->rules_off[ri])
				break;
			const struct hl_rule_part *part = &rule->also[p];
			struct hl_rule tmp = *rule;
			tmp.view = part->view;
			tmp.when = part->when;
			tmp.at = part->at;
			tmp.each = part->each;
			if (part->message)
				tmp.info.message = part->message;
			c.rule = &tmp;
			bool go = check_part(&c, ri, fn, fctx, diag, &rc);
			c.rule = rule;
			if (!go)
				return rc;
		}
	}
	return rc;
}

void hl_engine_unused(const struct hl_engine *e, struct hl_doc *doc,
		      hl_unused_fn fn, void *ctx)
{
	if (e->strict)
		return; /* none was honoured, none asked about */
	doc->rs = e->rs;
	const struct hl_items *v =
		hl_view_items(doc, doc->target == HL_TARGET_DOCKERFILE
					   ? HL_VIEW_DF_SUPPRESSION
					   : HL_VIEW_K8S_SUPPRESSION);
	for (size_t i = 0; v && i < v->count; i++) {
		struct hl_span at;
		const char *where;
		const char *name = hl_suppression_name(&v->items[i], &at,
						       &where);
		size_t ri, len = strlen(name);
		const struct hl_rule_info *info = hl_rules_find(e->rs, name,
								&ri);
		/* a name of no rule is hl-unknown-suppression's; a rule that
		 * did not run could not have used it */
		if (!info || info->target != doc->target ||
		    (e->enabled && !e->enabled[ri]))
			continue;
		bool used = false;
		for (size_t u = 0; u < doc->nused && !used; u++)
			used = doc->used[u].line == at.start.line &&
			       doc->used[u].len == len &&
			       !strncasecmp(doc->used[u].name, name, len);
		if (!used)
			fn(ctx, at.start, name, info, where);
	}
}
