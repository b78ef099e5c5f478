/*
 * yaml: builds AST documents from libyaml's event stream with an explicit
 * stack (no recursion on input depth). Anchors live in a per-document hash
 * table where a redefinition replaces the old entry, as kubectl accepts;
 * an alias becomes an HL_NODE_ALIAS node with its own span, so findings in
 * aliased content can point at the alias. Every node's weight (nodes below
 * it, aliases expanded) is summed so a billion-laughs file hits a budget
 * instead of a traversal that never ends.
 */
#define _GNU_SOURCE /* qsort_r */
#include "kubernetes/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/buf.h"
#include "core/hash.h"

void hl_yaml_opts_init(struct hl_yaml_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_depth = HL_YAML_MAX_DEPTH;
	o->max_alias_nodes = HL_YAML_MAX_ALIAS_NODES;
	o->max_nodes = HL_YAML_MAX_NODES;
}

struct anchor {
	const char *name; /* NULL: free slot */
	struct hl_node *node;
	uint64_t weight;
	bool complete; /* false while its own content is being read */
};

struct frame {
	struct hl_node *node;
	size_t first; /* where its children start on the loader's kids stack */
	const char *anchor; /* its anchor's name (in the arena), or NULL: the
			       table may move, so no pointer into it */
	uint64_t weight;
	bool block; /* block style: libyaml's end mark is the next token */
};

struct loader {
	struct hl_source *src;
	struct hl_arena *a;
	const struct hl_yaml_opts *opts;
	hl_yaml_doc_fn on_doc;
	hl_yaml_err_fn on_err;
	void *ctx;

	struct frame *stack;
	size_t depth, cap;
	/* the children of the open collections, keys and values alternating
	 * for mappings; each gets an array of exactly its size at its end,
	 * so a document's memory is not doubled by growing arrays */
	struct hl_node **kids;
	size_t nkids, kcap;
	struct anchor *anchors; /* open addressing, cap a power of two */
	size_t nanchors, acap;
	struct hl_yaml_doc doc;
	struct hl_yaml_dup *dups;
	size_t ndups, dcap;
	uint64_t alias_nodes;
	uint64_t nodes;	    /* made in this document */
	bool failed;	    /* this document hit a limit: skip to its end */
	uint32_t fail_line; /* where (1-based, absolute) */
	enum hl_err first_err;
	bool stop;
	size_t base_line; /* lines before the input this parser reads */
	size_t base_off;  /* bytes before it */
	/* JSON with surrogate pairs: the text libyaml reads instead of the
	 * source, and where it is two characters shorter */
	char *copy;
	struct fixup {
		size_t line;	 /* 0-based line of the source */
		size_t col;	 /* 0-based column in the copy, just after it */
		size_t orig_off; /* byte offset in the source, just after */
	} * fix;
	size_t nfix;
	/* line breaks libyaml counts and the source's lines do not (a lone
	 * \r, NEL, LS, PS), from where this parser started */
	struct brk {
		size_t yline; /* libyaml's 0-based line the break ends */
		size_t col;   /* our 0-based column just after it */
	} * brk;
	size_t nbrk, bcap;
};

/* Columns the copy lost on line `line` before column `col`. */
static size_t lost_columns(const struct loader *L, size_t line, size_t col)
{
	size_t lo = 0, hi = L->nfix, lost = 0;
	while (lo < hi) { /* the first fixup on `line` */
		size_t mid = lo + (hi - lo) / 2;
		if (L->fix[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < L->nfix && L->fix[lo].line == line && L->fix[lo].col <= col;
	     lo++)
		lost += 2;
	return lost;
}

/* libyaml marks are 0-based and relative to where this parser started
 * (a restart after an error begins at a later line). */
static struct hl_pos mark_pos(const struct loader *L, yaml_mark_t m)
{
	size_t line = m.line, col = m.column;
	if (L->nbrk) {
		/* the breaks before libyaml's line: ours is that many fewer;
		 * on a line one of them began, columns go on from it */
		size_t lo = 0, hi = L->nbrk;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (L->brk[mid].yline < line)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo && L->brk[lo - 1].yline + 1 == line)
			col += L->brk[lo - 1].col;
		line -= lo;
	}
	struct hl_pos p = {(uint32_t)(line + 1 + L->base_line),
			   (uint32_t)col + 1};
	if (L->nfix)
		p.col += (uint32_t)lost_columns(L, line + L->base_line, col);
	return p;
}

/* The breaks of text[0, n) that libyaml counts as new lines beside \n. */
static void find_breaks(struct loader *L, const char *text, size_t n)
{
	L->nbrk = 0;
	size_t yline = 0, col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		size_t w = 0; /* bytes of a break other than \n */
		if (c == '\n') {
			yline++;
			col = 0;
			continue;
		}
		if (c == '\r' && (i + 1 == n || text[i + 1] != '\n'))
			w = 1;
		else if (c == 0xC2 && i + 1 < n &&
			 (unsigned char)text[i + 1] == 0x85)
			w = 2;
		else if (c == 0xE2 && i + 2 < n &&
			 (unsigned char)text[i + 1] == 0x80 &&
			 ((unsigned char)text[i + 2] == 0xA8 ||
			  (unsigned char)text[i + 2] == 0xA9))
			w = 3;
		if (!w) {
			if ((c & 0xC0) != 0x80)
				col++;
			continue;
		}
		col++; /* the break is a character of our line */
		if (L->nbrk == L->bcap) {
			L->bcap = L->bcap ? L->bcap * 2 : 16;
			L->brk = hl_xrealloc(L->brk, L->bcap * sizeof(*L->brk));
		}
		L->brk[L->nbrk].yline = yline;
		L->brk[L->nbrk].col = col;
		L->nbrk++;
		yline++;
		i += w - 1;
	}
}

static struct hl_span mark_span(const struct loader *L, yaml_mark_t s,
				yaml_mark_t e)
{
	struct hl_span sp = {mark_pos(L, s), mark_pos(L, e)};
	return sp;
}

static void report(struct loader *L, enum hl_err code, struct hl_pos pos,
		   const char *msg)
{
	struct hl_diag d = {code, L->src->path, pos.line, pos.col, msg};
	if (L->first_err == HL_OK)
		L->first_err = code;
	if (L->on_err)
		L->on_err(&d, L->ctx);
}

/* Mark the current document as failed with a limit or alias error. */
static void doc_fail(struct loader *L, enum hl_err code, struct hl_pos pos,
		     const char *msg)
{
	if (L->failed)
		return;
	L->failed = true;
	L->fail_line = pos.line;
	report(L, code, pos, msg);
}

static uint64_t hash_str(const char *s)
{
	return hl_hash(s, strlen(s)); /* keyed: anchors cannot be made to
					 collide */
}

static struct anchor *anchor_slot(struct loader *L, const char *name)
{
	size_t mask = L->acap - 1;
	for (size_t i = (size_t)hash_str(name) & mask;; i = (i + 1) & mask)
		if (!L->anchors[i].name || !strcmp(L->anchors[i].name, name))
			return &L->anchors[i];
}

static struct anchor *anchor_define(struct loader *L, const char *name,
				    struct hl_node *node)
{
	if ((L->nanchors + 1) * 2 > L->acap) {
		struct anchor *old = L->anchors;
		size_t ocap = L->acap;
		L->acap = ocap ? ocap * 2 : 16;
		L->anchors = hl_xcalloc(L->acap, sizeof(*L->anchors));
		for (size_t i = 0; i < ocap; i++)
			if (old[i].name)
				*anchor_slot(L, old[i].name) = old[i];
		free(old);
	}
	struct anchor *an = anchor_slot(L, name);
	if (!an->name) {
		an->name = hl_arena_strdup(L->a, name);
		L->nanchors++;
	}
	an->node = node;
	an->weight = 1;
	an->complete = false;
	return an;
}

static struct anchor *anchor_find(struct loader *L, const char *name)
{
	if (!L->acap)
		return NULL;
	struct anchor *an = anchor_slot(L, name);
	return an->name ? an : NULL;
}

static void anchors_reset(struct loader *L)
{
	if (!L->nanchors)
		return; /* nothing to clear: no cost a document */
	if (L->acap > 1024) {
		/* a document with many anchors: start small again, so that
		 * the documents after it do not each clear a big table */
		free(L->anchors);
		L->anchors = NULL;
		L->acap = 0;
	} else if (L->anchors) {
		memset(L->anchors, 0, L->acap * sizeof(*L->anchors));
	}
	L->nanchors = 0;
}

static void add_dup(struct loader *L, const struct hl_node *first,
		    const struct hl_pair *second)
{
	if (L->ndups == HL_YAML_MAX_DUPLICATES) {
		char msg[120];
		snprintf(msg, sizeof(msg),
			 "more than %d duplicate keys in one document (limit); "
			 "document not checked",
			 HL_YAML_MAX_DUPLICATES);
		doc_fail(L, HL_ERR_LIMIT, second->key->span.start, msg);
		return;
	}
	if (L->ndups == L->dcap) {
		L->dcap = L->dcap ? L->dcap * 2 : 8;
		L->dups = hl_xrealloc(L->dups, L->dcap * sizeof(*L->dups));
	}
	((struct hl_node *)first)->flags |= HL_NODE_SHADOWED;
	L->dups[L->ndups].first = first;
	L->dups[L->ndups].second = second->key;
	L->dups[L->ndups].value = second->value;
	L->ndups++;
}

static const struct hl_node *scalar_key(const struct hl_pair *p)
{
	const struct hl_node *k = p->key;
	if (k->kind != HL_NODE_SCALAR)
		return NULL;
	return k;
}

static bool is_merge_key(const struct hl_node *k)
{
	return k->kind == HL_NODE_SCALAR && !(k->flags & HL_NODE_QUOTED) &&
	       k->u.scalar.len == 2 && !memcmp(k->u.scalar.s, "<<", 2);
}

static int cmp_keyidx(const void *pa, const void *pb, void *ctx);

/* Record keys written twice. Small maps pairwise, big ones sorted, so a
 * hostile 100,000-key mapping stays n log n. */
static void find_dups(struct loader *L, struct hl_node *map)
{
	size_t n = map->u.map.count;
	struct hl_pair *p = map->u.map.pairs;
	if (n < 2)
		return;
	if (n <= 16) {
		for (size_t j = 1; j < n; j++) {
			const struct hl_node *kj = scalar_key(&p[j]);
			if (!kj || is_merge_key(kj))
				continue;
			/* the nearest earlier one: a third k: names the
			 * second */
			for (size_t i = j; i-- > 0;) {
				const struct hl_node *ki = scalar_key(&p[i]);
				if (ki &&
				    ki->u.scalar.len == kj->u.scalar.len &&
				    !memcmp(ki->u.scalar.s, kj->u.scalar.s,
					    kj->u.scalar.len)) {
					add_dup(L, ki, &p[j]);
					break;
				}
			}
		}
		return;
	}
	size_t *idx = hl_xmalloc(n * sizeof(size_t));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const struct hl_node *k = scalar_key(&p[i]);
		if (k && !is_merge_key(k))
			idx[m++] = i;
	}
	/* qsort_r is glibc's; sort by (key, index). */
	qsort_r(idx, m, sizeof(size_t), cmp_keyidx, p);
	for (size_t i = 1; i < m; i++) {
		/* sorted by (key, place): the one before is the nearest
		 * earlier writing of the same key */
		const struct hl_node *a = p[idx[i - 1]].key, *b = p[idx[i]].key;
		if (a->u.scalar.len == b->u.scalar.len &&
		    !memcmp(a->u.scalar.s, b->u.scalar.s, a->u.scalar.len))
			add_dup(L, a, &p[idx[i]]);
	}
	free(idx);
}

static int cmp_keyidx(const void *pa, const void *pb, void *ctx)
{
	const struct hl_pair *p = ctx;
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const struct hl_node *a = p[ia].key, *b = p[ib].key;
	size_t n = a->u.scalar.len < b->u.scalar.len ? a->u.scalar.len
						     : b->u.scalar.len;
	int c = memcmp(a->u.scalar.s, b->u.scalar.s, n);
	if (c)
		return c;
	if (a->u.scalar.len != b->u.scalar.len)
		return a->u.scalar.len < b->u.scalar.len ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}

static void merge_from(struct loader *L, struct hl_node *out,
		       const struct hl_node *src, struct hl_span at)
{
	const struct hl_node *m = hl_node_deref(src);
	if (!m || m->kind != HL_NODE_MAP) {
		doc_fail(L, HL_ERR_SYNTAX, src->span.start,
			 "map merge requires a mapping or a list of mappings");
		return;
	}
	/* each value stands at the merge entry; the wrapper points at the
	 * value itself, never at another wrapper, so chains of merges stay
	 * one step deep */
	for (size_t i = 0; i < m->u.map.count; i++) {
		const struct hl_node *v = m->u.map.pairs[i].value;
		const struct hl_node *t = hl_node_deref(v);
		hl_map_add(
			L->a, out, m->u.map.pairs[i].key,
			hl_node_alias(L->a, (struct hl_node *)(t ? t : v), at));
	}
}

/* Resolve merge keys in place: a `<<` entry is replaced by the pairs of
 * the mappings it names; later entries win, and in `<<: [*a, *b]` the
 * earlier mapping wins (go-yaml v2, which Kubernetes uses). */
static void resolve_merges(struct loader *L, struct hl_node *map)
{
	const struct hl_node *any = NULL;
	for (size_t i = 0; i < map->u.map.count && !any; i++)
		if (is_merge_key(map->u.map.pairs[i].key))
			any = map->u.map.pairs[i].key;
	if (!any)
		return;
	if (L->opts->no_aliases) { /* a rule file: libcyaml would not merge */
		doc_fail(L, HL_ERR_SYNTAX, any->span.start,
			 "merge keys (<<) are not allowed here");
		return;
	}
	struct hl_node tmp = *map;
	map->u.map.pairs = NULL;
	map->u.map.count = map->u.map.cap = 0;
	for (size_t i = 0; i < tmp.u.map.count; i++) {
		struct hl_pair *p = &tmp.u.map.pairs[i];
		if (!is_merge_key(p->key)) {
			hl_map_add(L->a, map, p->key, p->value);
			continue;
		}
		struct hl_span at = hl_span_join(p->key->span, p->value->span);
		const struct hl_node *v = hl_node_deref(p->value);
		if (v && v->kind == HL_NODE_SEQ) {
			for (size_t k = v->u.seq.count; k-- > 0;)
				merge_from(
					L, map, v->u.seq.items[k],
					hl_span_join(p->key->span,
						     v->u.seq.items[k]->span));
		} else {
			merge_from(L, map, p->value, at);
		}
	}
}

static void attach(struct loader *L, struct hl_node *node, uint64_t weight)
{
	if (L->depth == 0) {
		L->doc.root = node;
		return;
	}
	struct frame *f = &L->stack[L->depth - 1];
	f->weight += weight;
	if (L->nkids == L->kcap) {
		L->kcap = L->kcap ? L->kcap * 2 : 64;
		L->kids = hl_xrealloc(L->kids, L->kcap * sizeof(*L->kids));
	}
	L->kids[L->nkids++] = node;
}

/* Give the collection of frame `f` its children, in an exact array. */
static void close_children(struct loader *L, const struct frame *f)
{
	size_t n = L->nkids - f->first;
	/* no child yet anywhere: kids may still be NULL */
	struct hl_node **kids = n ? L->kids + f->first : NULL;
	struct hl_node *c = f->node;
	if (c->kind == HL_NODE_SEQ) {
		c->u.seq.items = hl_arena_array(L->a, n ? n : 1, sizeof(*kids));
		if (n)
			memcpy(c->u.seq.items, kids, n * sizeof(*kids));
		c->u.seq.count = c->u.seq.cap = n;
	} else {
		size_t np = n / 2;
		c->u.map.pairs = hl_arena_array(L->a, np ? np : 1,
						sizeof(struct hl_pair));
		for (size_t i = 0; i < np; i++) {
			c->u.map.pairs[i].key = kids[2 * i];
			c->u.map.pairs[i].value = kids[2 * i + 1];
		}
		c->u.map.count = c->u.map.cap = np;
	}
	L->nkids = f->first;
}

static bool is_template(const char *s, size_t len)
{
	const char *open = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '{' && s[i + 1] == '{') {
			open = s + i;
			break;
		}
	if (!open)
		return false;
	size_t rest = len - (size_t)(open - s);
	for (size_t i = 2; i + 1 < rest; i++)
		if (open[i] == '}' && open[i + 1] == '}')
			return true;
	return false;
}

/* What a limit's error says was not done. */
static const char *not_checked(const struct loader *L)
{
	return L->opts->fixed_limits ? "file not loaded"
				     : "document not checked";
}

/* One more node in the document; false (and the document failed) past
 * the limit. */
static bool count_node(struct loader *L, struct hl_pos at)
{
	if (++L->nodes <= L->opts->max_nodes)
		return true;
	char msg[120];
	snprintf(msg, sizeof(msg), "a document of more than %llu nodes%s; %s",
		 (unsigned long long)L->opts->max_nodes,
		 L->opts->fixed_limits ? "" : " (limit: --yaml-max-nodes)",
		 not_checked(L));
	doc_fail(L, HL_ERR_LIMIT, at, msg);
	return false;
}

/* Scalars this long are not copied out of libyaml's event */
#define BIG_SCALAR ((size_t)64 * 1024)

static void on_scalar(struct loader *L, yaml_event_t *ev)
{
	struct hl_span span = mark_span(L, ev->start_mark, ev->end_mark);
	if (!count_node(L, span.start))
		return;
	struct hl_node *n;
	if (ev->data.scalar.length >= BIG_SCALAR) {
		/* a long scalar is kept as libyaml made it, not copied */
		n = hl_node_str(L->a, "", 0, span);
		n->u.scalar.s = (const char *)ev->data.scalar.value;
		n->u.scalar.len = ev->data.scalar.length;
		hl_arena_take(L->a, ev->data.scalar.value);
		ev->data.scalar.value = NULL; /* no longer libyaml's to free */
	} else {
		n = hl_node_str(L->a, (const char *)ev->data.scalar.value,
				ev->data.scalar.length, span);
	}
	const char *tag = (const char *)ev->data.scalar.tag;
	/* an explicit !!bool, !!int, !!float or !!null types even a quoted
	 * scalar (`!!bool "true"` is true); !!str keeps any as a string */
	bool typed = tag && (!strcmp(tag, YAML_BOOL_TAG) ||
			     !strcmp(tag, YAML_INT_TAG) ||
			     !strcmp(tag, YAML_FLOAT_TAG) ||
			     !strcmp(tag, YAML_NULL_TAG));
	if ((ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE && !typed) ||
	    (tag && !strcmp(tag, YAML_STR_TAG)))
		n->flags |= HL_NODE_QUOTED;
	hl_scalar_resolve(n);
	if (n->u.scalar.type == HL_SCALAR_STR &&
	    is_template(n->u.scalar.s, n->u.scalar.len))
		n->flags |= HL_NODE_UNKNOWN;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	if (anchor) {
		if (L->opts->no_aliases) {
			doc_fail(L, HL_ERR_SYNTAX, span.start,
				 "anchors and aliases are not allowed here");
			return;
		}
		struct anchor *an = anchor_define(L, anchor, n);
		an->complete = true;
	}
	attach(L, n, 1);
}

static void on_alias(struct loader *L, yaml_event_t *ev)
{
	struct hl_span span = mark_span(L, ev->start_mark, ev->end_mark);
	const char *name = (const char *)ev->data.alias.anchor;
	char msg[300];
	if (L->opts->no_aliases) {
		doc_fail(L, HL_ERR_SYNTAX, span.start,
			 "anchors and aliases are not allowed here");
		return;
	}
	struct anchor *an = anchor_find(L, name);
	if (!an) {
		snprintf(msg, sizeof(msg), "found undefined alias '%.200s'",
			 name);
		doc_fail(L, HL_ERR_SYNTAX, span.start, msg);
		return;
	}
	if (!an->complete) {
		snprintf(msg, sizeof(msg),
			 "alias '%.200s' refers to a node that contains it",
			 name);
		doc_fail(L, HL_ERR_LIMIT, span.start, msg);
		return;
	}
	L->alias_nodes += an->weight;
	if (L->alias_nodes > L->opts->max_alias_nodes) {
		snprintf(msg, sizeof(msg),
			 "aliases expand to more than %llu nodes (an alias "
			 "bomb?%s); %s",
			 (unsigned long long)L->opts->max_alias_nodes,
			 L->opts->fixed_limits ? ""
					       : " limit: --yaml-max-aliases",
			 not_checked(L));
		doc_fail(L, HL_ERR_LIMIT, span.start, msg);
		return;
	}
	struct hl_node *n = hl_node_alias(L->a, an->node, span);
	n->flags &= ~HL_NODE_VIA; /* a real alias: its key is beside it */
	attach(L, n, an->weight);
}

static void on_start(struct loader *L, yaml_event_t *ev, bool map)
{
	struct hl_span span = mark_span(L, ev->start_mark, ev->end_mark);
	char msg[200];
	if (!count_node(L, span.start))
		return;
	if (L->depth >= L->opts->max_depth) {
		snprintf(msg, sizeof(msg),
			 "nesting deeper than %u levels%s; %s",
			 L->opts->max_depth,
			 L->opts->fixed_limits
				 ? ""
				 : " (limit: --yaml-max-depth, at most 10000)",
			 not_checked(L));
		doc_fail(L, HL_ERR_LIMIT, span.start, msg);
		return;
	}
	if (L->depth == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 32;
		L->stack = hl_xrealloc(L->stack, L->cap * sizeof(*L->stack));
	}
	struct hl_node *n = map ? hl_node_map(L->a, span)
				: hl_node_seq(L->a, span);
	const char *anchor = map ? (const char *)ev->data.mapping_start.anchor
				 : (const char *)ev->data.sequence_start.anchor;
	struct frame *f = &L->stack[L->depth++];
	f->node = n;
	f->first = L->nkids;
	f->weight = 1;
	f->anchor = NULL;
	f->block = map ? ev->data.mapping_start.style ==
				   YAML_BLOCK_MAPPING_STYLE
		       : ev->data.sequence_start.style ==
				   YAML_BLOCK_SEQUENCE_STYLE;
	if (anchor) {
		if (L->opts->no_aliases) {
			doc_fail(L, HL_ERR_SYNTAX, span.start,
				 "anchors and aliases are not allowed here");
			return;
		}
		f->anchor = anchor_define(L, anchor, n)->name;
	}
}

/* `image: {{ .Values.image }}` unquoted reads as a flow mapping whose
 * key is a flow mapping, which no manifest means: a template's value,
 * made the unknown scalar "{{ .Values.image }}" a quoted one would be. */
static struct hl_node *template_map(struct loader *L, struct hl_node *map)
{
	if (map->kind != HL_NODE_MAP || map->u.map.count != 1)
		return NULL;
	const struct hl_node *key = map->u.map.pairs[0].key;
	if (key->kind != HL_NODE_MAP || key->u.map.count != 1 ||
	    map->u.map.pairs[0].value->kind != HL_NODE_SCALAR)
		return NULL;
	const struct hl_node *inner = key->u.map.pairs[0].key;
	const char *s = inner->kind == HL_NODE_SCALAR ? inner->u.scalar.s : "";
	char *text = hl_arena_join(L->a, "{{ ", s, " }}", (char *)NULL);
	return hl_node_unknown(L->a, text, strlen(text), map->span);
}

static void on_end(struct loader *L, yaml_event_t *ev)
{
	struct frame f = L->stack[--L->depth];
	f.node->span.end = mark_pos(L, ev->end_mark);
	close_children(L, &f);
	/* a block collection ends where its last value does */
	const struct hl_node *last = NULL;
	if (f.node->kind == HL_NODE_MAP && f.node->u.map.count)
		last = f.node->u.map.pairs[f.node->u.map.count - 1].value;
	else if (f.node->kind == HL_NODE_SEQ && f.node->u.seq.count)
		last = f.node->u.seq.items[f.node->u.seq.count - 1];
	if (f.block && last && last->span.end.line)
		f.node->span.end = last->span.end;
	if (f.node->kind == HL_NODE_MAP) {
		find_dups(L, f.node);
		resolve_merges(L, f.node);
	}
	struct anchor *an = f.anchor ? anchor_find(L, f.anchor) : NULL;
	struct hl_node *tpl = f.block ? NULL : template_map(L, f.node);
	if (tpl) {
		if (an && an->node == f.node)
			an->node = tpl;
		f.node = tpl;
	}
	if (an && an->node == f.node) {
		an->weight = f.weight;
		an->complete = true;
	}
	attach(L, f.node, f.weight);
}

static void doc_begin(struct loader *L, yaml_event_t *ev, uint32_t index)
{
	memset(&L->doc, 0, sizeof(L->doc));
	L->doc.index = index;
	L->doc.span.start = mark_pos(L, ev->start_mark);
	L->doc.arena = L->a;
	L->depth = 0;
	L->nkids = 0;
	L->ndups = 0;
	L->alias_nodes = 0;
	L->nodes = 0;
	L->failed = false;
	anchors_reset(L);
}

static void doc_end(struct loader *L, yaml_event_t *ev)
{
	L->doc.span.end = mark_pos(L, ev->end_mark);
	/* libyaml counts characters: a lower bound of the byte offset */
	L->doc.end_offset = L->base_off + ev->end_mark.index;
	/* libyaml gives an empty document an empty plain scalar */
	struct hl_node *r = L->doc.root;
	if (r && r->kind == HL_NODE_SCALAR && r->u.scalar.len == 0 &&
	    !(r->flags & HL_NODE_QUOTED))
		L->doc.root = NULL;
	if (!L->failed) {
		L->doc.dups = L->dups;
		L->doc.ndups = L->ndups;
		if (L->on_doc && !L->on_doc(&L->doc, L->ctx))
			L->stop = true;
	}
	anchors_reset(L);
	if (L->opts->release_each)
		hl_arena_release(L->a);
}

static void syntax_error(struct loader *L, yaml_parser_t *p)
{
	struct hl_buf b = HL_BUF_INIT;
	yaml_mark_t at = p->problem ? p->problem_mark : p->mark;
	L->fail_line = mark_pos(L, at).line;
	/* a reader error (bad UTF-8) comes as the reader fills its buffer,
	 * ahead of the marks: its place is the byte offset it gives */
	struct hl_pos where = mark_pos(L, at);
	if (p->error == YAML_READER_ERROR && !L->copy &&
	    L->base_off + p->problem_offset < L->src->len) {
		where = hl_source_pos(L->src, L->base_off + p->problem_offset);
		L->fail_line = where.line;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		hl_buf_adds(&b, "out of memory while parsing YAML");
	} else {
		hl_buf_adds(&b, p->problem ? p->problem : "invalid YAML");
		if (p->error == YAML_READER_ERROR && p->problem_value != -1)
			hl_buf_printf(&b, " (#x%x)",
				      (unsigned)p->problem_value);
		if (p->context) {
			struct hl_pos c = mark_pos(L, p->context_mark);
			hl_buf_printf(&b, " %s at %u:%u", p->context,
				      (unsigned)c.line, (unsigned)c.col);
		}
		/* the commonest cause, named */
		size_t off = L->base_off + at.index;
		if (!L->copy && off < L->src->len && L->src->data[off] == '\t')
			hl_buf_adds(&b, " (a tab: YAML indents with spaces)");
	}
	report(L, HL_ERR_SYNTAX, where, hl_arena_strdup(L->a, hl_buf_str(&b)));
	hl_buf_release(&b);
}

/* Read events from one parser until the stream ends, an error stops it
 * or the caller stops. Returns true if it ended with an error (then
 * L->fail_line says where). */
static bool run(struct loader *L, yaml_parser_t *p, uint32_t *index)
{
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(p, &ev)) {
			syntax_error(L, p);
			return true;
		}
		bool end = false;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			doc_begin(L, &ev, (*index)++);
			break;
		case YAML_DOCUMENT_END_EVENT:
			doc_end(L, &ev);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(L, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(L, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			on_start(L, &ev, ev.type == YAML_MAPPING_START_EVENT);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (L->depth > 0)
				on_end(L, &ev);
			break;
		case YAML_STREAM_END_EVENT:
			end = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		/* a document that hit a limit is abandoned at once: libyaml
		 * itself is slow on what hits limits (deep nesting) */
		if (L->failed)
			return true;
		if (end || L->stop)
			return false;
	}
}

/* After an error at line `at` (1-based), the first line from there that
 * starts a document beyond offset *off: "---" at column 0 (often the very
 * line where a flow collection left open fails), or the line after "...".
 */
static bool next_document(struct hl_source *src, uint32_t at, size_t *off,
			  size_t *line)
{
	const char *text;
	size_t len;
	for (uint32_t l = at ? at : 1; hl_source_line(src, l, &text, &len);
	     l++) {
		if (len < 3 ||
		    (memcmp(text, "---", 3) && memcmp(text, "...", 3)))
			continue;
		if (len > 3 && text[3] != ' ' && text[3] != '\t')
			continue;
		uint32_t start = text[0] == '.' ? l + 1 : l;
		const char *first;
		if (!hl_source_line(src, start, &first, &len))
			return false;
		if ((size_t)(first - src->data) <= *off)
			continue; /* no progress: this parser began there */
		*off = (size_t)(first - src->data);
		*line = start - 1;
		return true;
	}
	return false;
}

static bool hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
						    : 16u;
		if (d > 15)
			return false;
		*v = *v * 16 + d;
	}
	return true;
}

/* JSON writes a character beyond the BMP as a surrogate pair of \u
 * escapes (Python's json.dump does); libyaml refuses each half. For a JSON
 * text (it starts with { or [) holding one, libyaml reads a copy where
 * each pair is the \U escape it stands for, two characters shorter; the
 * columns after it on its line are given back (mark_pos). */
static void surrogate_copy(struct loader *L, const struct hl_source *src)
{
	const char *s = src->data;
	size_t n = src->len, i = 0;
	while (i < n &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i == n || (s[i] != '{' && s[i] != '[') || !memmem(s, n, "\\u", 2))
		return;
	size_t cap = 0, line = 0, col = 0, w = 0;
	bool in_string = false;
	for (i = 0; i < n; i++) {
		unsigned hi, lo;
		if (in_string && s[i] == '\\' && i + 12 <= n &&
		    s[i + 1] == 'u' && hex4(s + i + 2, &hi) && hi >= 0xD800 &&
		    hi < 0xDC00 && s[i + 6] == '\\' && s[i + 7] == 'u' &&
		    hex4(s + i + 8, &lo) && lo >= 0xDC00 && lo < 0xE000) {
			if (!L->copy)
				L->copy = hl_xmalloc(n + 1);
			if (w == 0 && i)
				memcpy(L->copy, s, i); /* the text before it */
			if (!w)
				w = i;
			unsigned cp = 0x10000 + ((hi - 0xD800) << 10) +
				      (lo - 0xDC00);
			char esc[11];
			snprintf(esc, sizeof(esc), "\\U%08X", cp);
			memcpy(L->copy + w, esc, 10);
			w += 10;
			col += 10;
			i += 11;
			if (L->nfix == cap) {
				cap = cap ? cap * 2 : 8;
				L->fix = hl_xrealloc(L->fix,
						     cap * sizeof(*L->fix));
			}
			L->fix[L->nfix].line = line;
			L->fix[L->nfix].col = col;
			L->fix[L->nfix++].orig_off = i + 1;
			continue;
		}
		char c = s[i];
		if (in_string && c == '\\' && i + 1 < n) {
			if (L->copy)
				L->copy[w++] = c;
			c = s[++i];
			col++;
		} else if (c == '"') {
			in_string = !in_string;
		}
		if (L->copy)
			L->copy[w++] = c;
		if (c == '\n') {
			line++;
			col = 0;
		} else if (((unsigned char)c & 0xC0) != 0x80) {
			col++;
		}
	}
	if (L->copy)
		L->copy[w] = '\0';
}

struct feed {
	struct hl_source *src;
	size_t pos, len;
};

/* libyaml's read handler over a mapped source: hands out the next bytes
 * (libyaml copies them into its own buffer) and lets the pages behind go. */
static int feed_read(void *data, unsigned char *buffer, size_t size,
		     size_t *size_read)
{
	struct feed *f = data;
	size_t n = f->len - f->pos < size ? f->len - f->pos : size;
	memcpy(buffer, f->src->data + f->pos, n);
	f->pos += n;
	*size_read = n;
	hl_source_drop(f->src, f->pos);
	return 1;
}

enum hl_err hl_yaml_parse(struct hl_source *src, struct hl_arena *a,
			  const struct hl_yaml_opts *opts,
			  hl_yaml_doc_fn on_doc, hl_yaml_err_fn on_err,
			  void *ctx)
{
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.src = src;
	L.a = a;
	L.opts = opts;
	L.on_doc = on_doc;
	L.on_err = on_err;
	L.ctx = ctx;
	L.base_line = src->line_base;
	/* (a mapped file too: the copy, in memory, is made only when the
	 * JSON holds a surrogate pair) */
	surrogate_copy(&L, src);

	/* libyaml does not resume after an error: a new parser starts at
	 * the next document separator, so later documents are still read */
	size_t off = 0;
	uint32_t index = 0;
	for (;;) {
		yaml_parser_t p;
		if (!yaml_parser_initialize(&p)) {
			report(&L, HL_ERR_SYNTAX, (struct hl_pos){1, 1},
			       "cannot initialise the YAML parser");
			break;
		}
		const char *text = L.copy ? L.copy : src->data;
		size_t skip = off, len = src->len;
		for (size_t k = 0; k < L.nfix && L.fix[k].orig_off <= off; k++)
			skip -= 2; /* the copy's offset of `off` */
		if (L.copy)
			len -= 2 * L.nfix;
		struct feed feed = {src, skip, len};
		if (src->mapped && !L.copy)
			/* read through a handler that lets the mapped pages
			 * go as libyaml takes them: a 50 MB scalar is not held
			 * twice */
			yaml_parser_set_input(&p, feed_read, &feed);
		else
			yaml_parser_set_input_string(
				&p, (const unsigned char *)text + skip,
				len - skip);
		L.failed = false;
		L.depth = 0;
		L.nkids = 0;
		L.nbrk = 0;
		if (hl_source_other_breaks(src))
			find_breaks(&L, src->data + off, src->len - off);
		bool error = run(&L, &p, &index);
		yaml_parser_delete(&p);
		if (L.opts->release_each)
			hl_arena_release(L.a);
		if (!error || L.stop ||
		    !next_document(src, L.fail_line, &off, &L.base_line))
			break;
		L.base_off = off;
	}
	free(L.stack);
	free(L.kids);
	free(L.anchors);
	free(L.dups);
	free(L.copy);
	free(L.fix);
	free(L.brk);
	return L.first_err;
}

const char *hl_yaml_version(void)
{
	return yaml_get_version_string();
}
