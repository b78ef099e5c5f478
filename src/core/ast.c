/*
 * ast: node construction, lookup, YAML 1.1 scalar typing and paths. Maps
 * and sequences are arrays that grow by doubling inside the arena; lookups
 * scan from the end so that the last of duplicate keys wins.
 */
#include "core/ast.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct hl_node *new_node(struct hl_arena *a, enum hl_node_kind kind,
				struct hl_span span)
{
	struct hl_node *n = hl_arena_alloc(a, sizeof(*n));
	n->kind = kind;
	n->span = span;
	return n;
}

struct hl_node *hl_node_str(struct hl_arena *a, const char *s, size_t len,
			    struct hl_span span)
{
	struct hl_node *n = new_node(a, HL_NODE_SCALAR, span);
	n->u.scalar.s = hl_arena_strndup(a, s, len);
	n->u.scalar.len = len;
	n->u.scalar.type = HL_SCALAR_STR;
	return n;
}

struct hl_node *hl_node_cstr(struct hl_arena *a, const char *s,
			     struct hl_span span)
{
	return hl_node_str(a, s, strlen(s), span);
}

struct hl_node *hl_node_bool(struct hl_arena *a, bool b, struct hl_span span)
{
	struct hl_node *n = hl_node_cstr(a, b ? "true" : "false", span);
	n->u.scalar.type = HL_SCALAR_BOOL;
	n->u.scalar.b = b;
	return n;
}

struct hl_node *hl_node_int(struct hl_arena *a, int64_t i, struct hl_span span)
{
	char buf[24];
	struct hl_node *n = hl_node_str(a, buf, strlen(hl_itoa(i, buf)), span);
	n->u.scalar.type = HL_SCALAR_INT;
	n->u.scalar.i = i;
	return n;
}

struct hl_node *hl_node_unknown(struct hl_arena *a, const char *text,
				size_t len, struct hl_span span)
{
	struct hl_node *n = hl_node_str(a, text, len, span);
	n->flags |= HL_NODE_UNKNOWN;
	return n;
}

struct hl_node *hl_node_map(struct hl_arena *a, struct hl_span span)
{
	return new_node(a, HL_NODE_MAP, span);
}

struct hl_node *hl_node_alias(struct hl_arena *a, struct hl_node *target,
			      struct hl_span span)
{
	struct hl_node *n = new_node(a, HL_NODE_ALIAS, span);
	n->u.target = target;
	n->flags |= HL_NODE_VIA;
	return n;
}

struct hl_node *hl_node_seq(struct hl_arena *a, struct hl_span span)
{
	return new_node(a, HL_NODE_SEQ, span);
}

void hl_map_add(struct hl_arena *a, struct hl_node *map, struct hl_node *key,
		struct hl_node *value)
{
	if (!value)
		return; /* a view copying an absent field adds nothing */
	map->u.map.pairs = hl_arena_grow(a, map->u.map.pairs, map->u.map.count,
					 &map->u.map.cap,
					 sizeof(struct hl_pair));
	map->u.map.pairs[map->u.map.count].key = key;
	map->u.map.pairs[map->u.map.count].value = value;
	map->u.map.count++;
}

void hl_map_set(struct hl_arena *a, struct hl_node *map, const char *key,
		struct hl_node *value)
{
	static const struct hl_span none;
	hl_map_add(a, map, hl_node_cstr(a, key, none), value);
}

struct hl_node *hl_node_seq_slice(struct hl_arena *a, struct hl_span span,
				  struct hl_node **items, size_t count)
{
	struct hl_node *n = new_node(a, HL_NODE_SEQ, span);
	n->u.seq.items = count ? items : NULL;
	n->u.seq.count = count;
	n->u.seq.cap = count; /* a push copies: the slice is shared */
	return n;
}

void hl_seq_push(struct hl_arena *a, struct hl_node *seq, struct hl_node *item)
{
	seq->u.seq.items = hl_arena_grow(a, seq->u.seq.items, seq->u.seq.count,
					 &seq->u.seq.cap,
					 sizeof(struct hl_node *));
	seq->u.seq.items[seq->u.seq.count++] = item;
}

const struct hl_node *hl_node_deref(const struct hl_node *n)
{
	/* Aliases point at complete earlier nodes (the YAML loader refuses
	 * recursive ones), so this ends; the bound is belt and braces. */
	for (int i = 0; n && n->kind == HL_NODE_ALIAS && i < 64; i++)
		n = n->u.target;
	return n && n->kind == HL_NODE_ALIAS ? NULL : n;
}

const struct hl_pair *hl_map_pair(const struct hl_node *map, const char *key)
{
	map = hl_node_deref(map);
	if (map && map->kind == HL_NODE_RECORD)
		map = hl_node_deref(map->u.record->through);
	if (!map || map->kind != HL_NODE_MAP)
		return NULL;
	size_t klen = strlen(key);
	for (size_t i = map->u.map.count; i-- > 0;) {
		const struct hl_node *k =
			hl_node_deref(map->u.map.pairs[i].key);
		if (k && k->kind == HL_NODE_SCALAR && k->u.scalar.len == klen &&
		    !memcmp(k->u.scalar.s, key, klen))
			return &map->u.map.pairs[i];
	}
	return NULL;
}

const struct hl_node *hl_map_get(const struct hl_node *map, const char *key)
{
	if (map && map->kind == HL_NODE_RECORD)
		return hl_node_deref(hl_record_get(map, key, -1));
	const struct hl_pair *p = hl_map_pair(map, key);
	return p ? hl_node_deref(p->value) : NULL;
}

struct hl_node *hl_node_record(struct hl_arena *a, const struct hl_rtype *type,
			       const void *p, void *ctx,
			       const struct hl_node *through,
			       struct hl_span span)
{
	struct hl_node *n = new_node(a, HL_NODE_RECORD, span);
	struct hl_record *r = hl_arena_alloc(a, sizeof(*r));
	r->type = type;
	r->p = p;
	r->ctx = ctx;
	r->through = through;
	r->arena = a;
	n->u.record = r;
	return n;
}

int32_t hl_rtype_field(const struct hl_rtype *t, const char *name)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (!strcmp(t->fields[i].name, name))
			return (int32_t)i;
	return -1;
}

/* A cache slot's "computed, absent" mark. */
static const struct hl_node absent;

const struct hl_node *hl_record_get(const struct hl_node *rec, const char *key,
				    int32_t hint)
{
	struct hl_record *r = rec->u.record;
	const struct hl_rtype *t = r->type;
	/* a hint comes from a path checked against this very type */
	int32_t k = hint >= 0 && (size_t)hint < t->nfields ? hint
		    : hint == HL_SEG_THROUGH		   ? -1
					     : hl_rtype_field(t, key);
	if (k < 0) {
		const struct hl_pair *p = hl_map_pair(r->through, key);
		return p ? p->value : NULL;
	}
	if (!r->cache)
		r->cache = hl_arena_array(r->arena, t->nfields,
					  sizeof(*r->cache));
	if (!r->cache[k]) {
		const struct hl_node *v = t->get(rec, (uint32_t)k);
		r->cache[k] = v ? v : &absent;
	}
	return r->cache[k] == &absent ? NULL : r->cache[k];
}

const char *hl_node_text(const struct hl_node *n)
{
	n = hl_node_deref(n);
	if (!n || n->kind != HL_NODE_SCALAR || (n->flags & HL_NODE_UNKNOWN))
		return NULL;
	return n->u.scalar.s;
}

const char *hl_node_shown(struct hl_arena *a, const struct hl_node *n)
{
	const char *t = hl_node_text(n);
	if (!t)
		return NULL;
	n = hl_node_deref(n);
	size_t len = n->u.scalar.len;
	if (!memchr(t, '\0', len))
		return t;
	size_t nul = 0;
	for (size_t i = 0; i < len; i++)
		nul += !t[i];
	char *out = hl_arena_alloc(a, len + nul + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (t[i]) {
			*o++ = t[i];
		} else {
			*o++ = '\\';
			*o++ = '0';
		}
	}
	*o = '\0';
	return out;
}

bool hl_node_is_true(const struct hl_node *n)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_SCALAR &&
	       !(n->flags & HL_NODE_UNKNOWN) &&
	       n->u.scalar.type == HL_SCALAR_BOOL && n->u.scalar.b;
}

bool hl_node_is_map(const struct hl_node *n)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_MAP;
}

bool hl_node_is_seq(const struct hl_node *n)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_SEQ;
}

static bool is_float(const char *s)
{
	/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	bool digits = false;
	while (*p >= '0' && *p <= '9')
		p++, digits = true;
	if (*p == '.') {
		p++;
		bool frac = false;
		while (*p >= '0' && *p <= '9')
			p++, frac = true;
		if (!digits && !frac)
			return false;
	} else if (!digits) {
		return false;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* Copy `in` to buf without underscores, as go-yaml v2 reads numbers;
 * false if it does not fit. */
static bool strip_underscores(const char *in, char *buf, size_t size)
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '_')
			continue;
		if (n + 1 >= size)
			return false;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	return true;
}

/* A float as go-yaml v2 reads one: its pattern after removing
 * underscores, and a value in range (1e400 stays a string). */
static bool float_in_range(const char *in)
{
	char buf[80];
	if (!strip_underscores(in, buf, sizeof(buf)))
		return false;
	if (!is_float(buf))
		return false;
	errno = 0;
	double d = strtod(buf, NULL);
	return !(errno == ERANGE && (d > 1.0 || d < -1.0));
}

/* Parse an integer as Go's strconv.ParseInt(s, 0, 64) after go-yaml v2
 * removed underscores: decimal, 0x, 0o, 0b, and 0-prefixed octal. */
static bool parse_int(const char *in, int64_t *out)
{
	char buf[80];
	if (!strip_underscores(in, buf, sizeof(buf)))
		return false;
	const char *p = buf;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	else if (p[0] == '0' && p[1])
		base = 8, p += 1;
	if (!*p)
		return false;
	uint64_t v = 0;
	for (; *p; p++) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return false;
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* One of the YAML 1.1 words of length len: its index in `words` (a
 * space-separated list of words of that length), or -1. */
static int word_of(const char *s, size_t len, const char *words)
{
	size_t n = strlen(words);
	int i = 0;
	for (size_t at = 0; at + len <= n; at += len + 1, i++)
		if (!memcmp(words + at, s, len))
			return i;
	return -1;
}

void hl_scalar_resolve(struct hl_node *n)
{
	/* by length: the booleans (true ones first) and nulls of YAML 1.1 */
	static const char *const bools[6] = {
		NULL,
		"y Y n N",
		"on On ON no No NO",
		"yes Yes YES off Off OFF",
		"true True TRUE",
		"false False FALSE",
	};
	static const int ntrue[6] = {0, 2, 3, 3, 3, 0};
	const char *s = n->u.scalar.s;
	size_t len = n->u.scalar.len;
	if (n->kind != HL_NODE_SCALAR || (n->flags & HL_NODE_QUOTED))
		return;
	if (len != strlen(s))
		return; /* holds a NUL: a string */
	if (len == 0 || (len == 1 && s[0] == '~') ||
	    (len == 4 && word_of(s, 4, "null Null NULL") >= 0)) {
		n->u.scalar.type = HL_SCALAR_NULL;
		return;
	}
	if (len <= 5) {
		int k = word_of(s, len, bools[len]);
		if (k >= 0) {
			n->u.scalar.type = HL_SCALAR_BOOL;
			n->u.scalar.b = k < ntrue[len];
			return;
		}
	}
	char c = s[0];
	if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'))
		return;
	if ((len == 4 && word_of(s, 4, ".inf .Inf .INF .nan .NaN .NAN") >= 0) ||
	    (len == 5 && (c == '+' || c == '-') &&
	     word_of(s + 1, 4, ".inf .Inf .INF") >= 0)) {
		n->u.scalar.type = HL_SCALAR_FLOAT;
		return;
	}
	int64_t v;
	if (parse_int(s, &v)) {
		n->u.scalar.type = HL_SCALAR_INT;
		n->u.scalar.i = v;
	} else if (float_in_range(s)) {
		n->u.scalar.type = HL_SCALAR_FLOAT;
	}
}

struct hl_span hl_span_join(struct hl_span a, struct hl_span b)
{
	struct hl_span s;
	if (a.start.line == 0)
		return b;
	if (b.start.line == 0)
		return a;
	s.start = a.start;
	s.end = b.end;
	return s;
}

bool hl_path_parse(struct hl_arena *a, const char *text, struct hl_path *out,
		   size_t *err_off)
{
	size_t len = strlen(text), cap = 1;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '.' || text[i] == '[')
			cap++;
	struct hl_seg *segs = hl_arena_array(a, cap, sizeof(*segs));
	uint32_t n = 0;
	size_t i = 0;
	out->text = text;
	if (len == 0) {
		*err_off = 0;
		return false;
	}
	if (len == 1 && text[0] == '.') {
		/* the node itself (in a `where` on scalars: the value) */
		out->segs = segs;
		out->nsegs = 0;
		return true;
	}
	while (i < len) {
		if (text[i] == '[') {
			size_t j = i + 1;
			segs[n].field = -1;
			segs[n].off = (uint32_t)i;
			if (text[j] == '*' && text[j + 1] == ']') {
				segs[n].kind = HL_SEG_ANY;
				i = j + 2;
			} else {
				uint32_t v = 0;
				size_t k = j;
				while (text[k] >= '0' && text[k] <= '9' &&
				       v < 100000000)
					v = v * 10 +
					    (uint32_t)(text[k++] - '0');
				if (k == j || text[k] != ']') {
					*err_off = i;
					return false;
				}
				segs[n].kind = HL_SEG_INDEX;
				segs[n].index = v;
				i = k + 1;
			}
			n++;
		} else {
			if (n > 0) {
				if (text[i] != '.') {
					*err_off = i;
					return false;
				}
				i++;
			}
			size_t start = i;
			segs[n].off = (uint32_t)i;
			const char *key;
			if (text[i] == '"') {
				const char *q = strchr(text + i + 1, '"');
				if (!q) {
					*err_off = i;
					return false;
				}
				key = hl_arena_strndup(a, text + i + 1,
						       (size_t)(q - text) - i -
							       1);
				i = (size_t)(q - text) + 1;
			} else {
				while (i < len && text[i] != '.' &&
				       text[i] != '[')
					i++;
				if (i == start) {
					*err_off = i;
					return false;
				}
				key = hl_arena_strndup(a, text + start,
						       i - start);
			}
			segs[n].kind = HL_SEG_KEY;
			segs[n].key = key;
			segs[n].field = -1;
			n++;
		}
		if (i < len && text[i] != '.' && text[i] != '[') {
			*err_off = i;
			return false;
		}
		if (i < len && text[i] == '.' && i + 1 == len) {
			*err_off = i;
			return false;
		}
	}
	out->segs = segs;
	out->nsegs = n;
	return true;
}

struct walk {
	const struct hl_path *path;
	hl_hit_fn fn;
	void *ctx;
	const struct hl_node *key; /* the key of the node walked, if any */
};

/* Where a finding about `value` reached through `key` points: through an
 * alias, the outer place wins (findings inside an aliased node point at
 * the alias). */
static struct hl_span place(const struct hl_node *key, const struct hl_node *v,
			    const struct hl_span *outer)
{
	if (outer)
		return *outer;
	if (v->flags & HL_NODE_VIA)
		return v->span;
	if (key && key->span.start.line)
		return hl_span_join(key->span, v->span);
	return v->span;
}

static bool walk(const struct walk *w, uint32_t i, const struct hl_node *n,
		 struct hl_span span, const struct hl_span *outer);

/* A key of a record: a field (no key of its own, so the value's place),
 * or a key of the YAML mapping it passes through to (written at an
 * alias, `- *c`: everything in it points at the alias). */
static bool walk_record(const struct walk *w, uint32_t i,
			const struct hl_node *n, const struct hl_span *outer)
{
	const struct hl_seg *seg = &w->path->segs[i];
	const struct hl_record *r = n->u.record;
	const struct hl_node *v;
	struct hl_span s, via;
	if (seg->field >= 0 || (seg->field != HL_SEG_THROUGH &&
				hl_rtype_field(r->type, seg->key) >= 0)) {
		v = hl_record_get(n, seg->key, seg->field);
		if (!v)
			return true;
		s = place(NULL, v, outer);
	} else {
		if (!outer && r->through && r->through->kind == HL_NODE_ALIAS) {
			via = r->through->span;
			outer = &via;
		}
		const struct hl_pair *p = hl_map_pair(n, seg->key);
		if (!p)
			return true;
		v = p->value;
		s = place(p->key, v, outer);
	}
	struct hl_span alias_place = s;
	const struct hl_span *o = outer;
	if (!o && v->kind == HL_NODE_ALIAS)
		o = &alias_place;
	return walk(w, i + 1, v, s, o);
}

static bool walk(const struct walk *w, uint32_t i, const struct hl_node *n,
		 struct hl_span span, const struct hl_span *outer)
{
	if (i == w->path->nsegs) {
		struct hl_hit hit = {hl_node_deref(n), span, w->key,
				     outer != NULL || n->kind == HL_NODE_ALIAS};
		if (!hit.node)
			return true;
		return w->fn(&hit, w->ctx);
	}
	struct walk sub = *w;
	sub.key = NULL;
	w = &sub;
	n = hl_node_deref(n);
	if (!n)
		return true;
	const struct hl_seg *seg = &w->path->segs[i];
	switch (seg->kind) {
	case HL_SEG_KEY: {
		if (n->kind == HL_NODE_RECORD)
			return walk_record(w, i, n, outer);
		const struct hl_pair *p = hl_map_pair(n, seg->key);
		if (!p)
			return true;
		struct hl_span s = place(p->key, p->value, outer);
		struct hl_span alias_place = s;
		const struct hl_span *o = outer;
		if (!o && p->value->kind == HL_NODE_ALIAS)
			o = &alias_place;
		sub.key = p->key;
		return walk(w, i + 1, p->value, s, o);
	}
	case HL_SEG_ANY:
		if (n->kind == HL_NODE_MAP) {
			/* a mapping's values, each at its key (a key written
			 * twice: the last, as Kubernetes keeps) */
			for (size_t k = 0; k < n->u.map.count; k++) {
				const struct hl_pair *p = &n->u.map.pairs[k];
				const char *kt = hl_node_text(p->key);
				/* a key written again later: the loader marks
				 * it (a small mapping is asked directly) */
				if (!kt || (p->key->flags & HL_NODE_SHADOWED) ||
				    (n->u.map.count <= 64 &&
				     hl_map_pair(n, kt) != p))
					continue;
				struct hl_span s = place(p->key, p->value, outer);
				struct hl_span alias_place = s;
				const struct hl_span *o = outer;
				if (!o && p->value->kind == HL_NODE_ALIAS)
					o = &alias_place;
				sub.key = p->key;
				if (!walk(w, i + 1, p->value, s, o))
					return false;
			}
			return true;
		}
		/* fall through */
	case HL_SEG_INDEX:
		if (n->kind != HL_NODE_SEQ)
			return true;
		for (size_t k = 0; k < n->u.seq.count; k++) {
			if (seg->kind == HL_SEG_INDEX && k != seg->index)
				continue;
			const struct hl_node *item = n->u.seq.items[k];
			struct hl_span s = place(NULL, item, outer);
			struct hl_span alias_place = s;
			const struct hl_span *o = outer;
			if (!o && item->kind == HL_NODE_ALIAS)
				o = &alias_place;
			if (!walk(w, i + 1, item, s, o))
				return false;
		}
		return true;
	case HL_SEG__COUNT:
		break;
	}
	return true;
}

bool hl_path_walk(const struct hl_node *root, const struct hl_path *path,
		  hl_hit_fn fn, void *ctx)
{
	static const struct hl_span none;
	struct hl_hit from = {root, root ? root->span : none, NULL, false};
	return hl_path_walk_from(&from, path, fn, ctx);
}

bool hl_path_walk_from(const struct hl_hit *from, const struct hl_path *path,
		       hl_hit_fn fn, void *ctx)
{
	struct walk w = {path, fn, ctx, from->key};
	if (!from->node)
		return true;
	struct hl_span outer = from->span;
	return walk(&w, 0, from->node, from->via ? from->span : from->node->span,
		    from->via ? &outer : NULL);
}

struct first {
	const struct hl_node *node;
	struct hl_span span;
};

static bool take_first(const struct hl_hit *hit, void *ctx)
{
	struct first *f = ctx;
	f->node = hit->node;
	f->span = hit->span;
	return false;
}

const struct hl_node *hl_path_first(const struct hl_node *root,
				    const struct hl_path *path,
				    struct hl_span *span)
{
	static const struct hl_span none;
	struct hl_hit from = {root, root ? root->span : none, NULL, false};
	return hl_path_first_from(&from, path, span);
}

const struct hl_node *hl_path_first_from(const struct hl_hit *from,
					 const struct hl_path *path,
					 struct hl_span *span)
{
	struct first f = {NULL, {{0, 0}, {0, 0}}};
	hl_path_walk_from(from, path, take_first, &f);
	if (span)
		*span = f.span;
	return f.node;
}

/* ------------------------------------------------------------------ */
/* The read-only tree of hardlint.h                                   */

enum hl_tree_kind hl_tree_kind(const struct hl_node *n)
{
	n = hl_node_deref(n);
	if (n && n->kind == HL_NODE_MAP)
		return HL_TREE_MAP;
	if (n && n->kind == HL_NODE_SEQ)
		return HL_TREE_SEQ;
	return HL_TREE_SCALAR;
}

struct hl_span hl_tree_span(const struct hl_node *n)
{
	static const struct hl_span none;
	return n ? n->span : none;
}

const char *hl_tree_text(const struct hl_node *n, size_t *len)
{
	n = hl_node_deref(n);
	if (!n || n->kind != HL_NODE_SCALAR) {
		*len = 0;
		return "";
	}
	*len = n->u.scalar.len;
	return n->u.scalar.s;
}

enum hl_scalar_type hl_tree_type(const struct hl_node *n)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_SCALAR ? n->u.scalar.type
					      : HL_SCALAR_NULL;
}

bool hl_tree_known(const struct hl_node *n)
{
	n = hl_node_deref(n);
	return !(n && n->kind == HL_NODE_SCALAR &&
		 (n->flags & HL_NODE_UNKNOWN));
}

bool hl_tree_bool(const struct hl_node *n)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_SCALAR && n->u.scalar.b;
}

int64_t hl_tree_int(const struct hl_node *n)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_SCALAR ? n->u.scalar.i : 0;
}

size_t hl_tree_count(const struct hl_node *n)
{
	n = hl_node_deref(n);
	if (n && n->kind == HL_NODE_MAP)
		return n->u.map.count;
	if (n && n->kind == HL_NODE_SEQ)
		return n->u.seq.count;
	return 0;
}

const struct hl_node *hl_tree_key(const struct hl_node *n, size_t i)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_MAP && i < n->u.map.count
		       ? n->u.map.pairs[i].key
		       : NULL;
}

const struct hl_node *hl_tree_value(const struct hl_node *n, size_t i)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_MAP && i < n->u.map.count
		       ? n->u.map.pairs[i].value
		       : NULL;
}

const struct hl_node *hl_tree_item(const struct hl_node *n, size_t i)
{
	n = hl_node_deref(n);
	return n && n->kind == HL_NODE_SEQ && i < n->u.seq.count
		       ? n->u.seq.items[i]
		       : NULL;
}
