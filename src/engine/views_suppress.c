/*
 * views_suppress: the `suppression` view of both targets: each rule name
 * a suppression in the input gives (a `# hardlint ignore=` or `# hadolint
 * ignore=` comment, global or not; in a manifest, the `hardlint.dev/
 * ignore` annotations of the object and its pod template too), with
 * whether it names a rule of the loaded catalogue. The rule that reports
 * a suppression naming nothing (hl-unknown-suppression) reads it.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>
#include <strings.h>

#include "engine/suppress.h"
#include "engine/views.h"

struct sup {
	const char *name; /* NUL-terminated copy */
	const char *tool; /* "hardlint", "hadolint" */
	const char *where; /* "comment", "annotation" */
	bool known;
	bool peer; /* a peer's code: DL, SC, KSV, DS, AVD-, CKV_ */
	const char *suggestion; /* the closest slug, or NULL */
	struct hl_span span;
};

enum sup_field {
	SUP_NAME,
	SUP_TOOL,
	SUP_WHERE,
	SUP_KNOWN,
	SUP_PEER,
	SUP_SUGGESTION,
	SUP__COUNT
};

static const struct hl_rfield sup_fields[SUP__COUNT] = {
	[SUP_NAME] = {"name", "string", "the rule name as written"},
	[SUP_TOOL] = {"tool", "string",
		      "whose syntax: hardlint, hadolint (kube-linter's "
		      "annotations and BuildKit's check=skip are not listed)"},
	[SUP_WHERE] = {"where", "string", "comment or annotation"},
	[SUP_KNOWN] = {"known", "boolean",
		       "names a rule of those loaded (slug, id or alias)"},
	[SUP_PEER] = {"peer-code", "boolean",
		      "shaped as a peer's code (hadolint's DL, ShellCheck's "
		      "SC, Trivy's KSV, DS and AVD-, Checkov's CKV_)"},
	[SUP_SUGGESTION] = {"suggestion", "string",
			    "the closest rule's slug, when one is close"},
};

static const struct hl_node *sup_get(const struct hl_node *r, uint32_t f)
{
	const struct sup *s = r->u.record->p;
	struct hl_arena *a = r->u.record->arena;
	switch ((enum sup_field)f) {
	case SUP_NAME:
		return hl_node_cstr(a, s->name, s->span);
	case SUP_TOOL:
		return hl_node_cstr(a, s->tool, s->span);
	case SUP_WHERE:
		return hl_node_cstr(a, s->where, s->span);
	case SUP_KNOWN:
		return hl_node_bool(a, s->known, s->span);
	case SUP_PEER:
		return hl_node_bool(a, s->peer, s->span);
	case SUP_SUGGESTION:
		return s->suggestion ? hl_node_cstr(a, s->suggestion, s->span)
				     : NULL;
	case SUP__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_sup_df_type = {
	.name = "suppression",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a rule name a suppression comment gives",
	.fields = sup_fields,
	.nfields = SUP__COUNT,
	.get = sup_get,
};

const struct hl_rtype hl_sup_k8s_type = {
	.name = "k8s-suppression",
	.target = HL_TARGET_KUBERNETES,
	.passes = "",
	.meaning = "a rule name a suppression comment or annotation gives",
	.fields = sup_fields,
	.nfields = SUP__COUNT,
	.get = sup_get,
};

const char *hl_suppression_name(const struct hl_item *it, struct hl_span *at,
				const char **where)
{
	const struct sup *s = it->node->u.record->p;
	*at = s->span;
	*where = s->where;
	return s->name;
}

/* Is `s` shaped as a peer's code: a known prefix, then digits, capitals,
 * - and _, ending in a digit? */
static bool peer_code(const char *s)
{
	static const char *const prefixes[] = {"DL", "SC", "KSV", "DS",
					       "AVD-", "CKV_", "CKV2_"};
	size_t n = strlen(s);
	if (!n || s[n - 1] < '0' || s[n - 1] > '9')
		return false;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t p = strlen(prefixes[i]);
		if (n > p && !strncasecmp(s, prefixes[i], p) &&
		    strspn(s + p, "0123456789_-ABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
			    n - p)
			return true;
	}
	return false;
}

/* One name: an item. */
static void push(struct hl_doc *d, struct hl_items *v, const char *s,
		 size_t len, const char *tool, const char *where,
		 struct hl_span span)
{
	struct sup *x = hl_arena_alloc(d->arena, sizeof(*x));
	x->name = hl_arena_strndup(d->arena, s, len);
	x->tool = tool;
	x->where = where;
	x->known = d->rs && hl_rules_find(d->rs, x->name, NULL) != NULL;
	x->peer = peer_code(x->name);
	x->suggestion = x->known || !d->rs ? NULL
					   : hl_rules_suggest(d->rs, x->name);
	x->span = span;
	const struct hl_rtype *t = d->target == HL_TARGET_DOCKERFILE
					   ? &hl_sup_df_type
					   : &hl_sup_k8s_type;
	size_t before = v->count;
	hl_view_push(d, v, hl_node_record(d->arena, t, x, d, NULL, span), span,
		     hl_arena_join(d->arena, "suppression ", x->name,
				   (char *)NULL));
	hl_view_key(v, before,
		    hl_key(d->arena, NULL, "suppression", s, len));
}

/* The names of the list s[0..n) (comma- or blank-separated), each an
 * item at its place: line `line`, the list starting at column `col`. */
static void names(struct hl_doc *d, struct hl_items *v, const char *s,
		  size_t n, const char *tool, const char *where,
		  struct hl_pos at)
{
	size_t i = 0, b, len;
	while (hl_pragma_name(s, n, &i, &b, &len)) {
		struct hl_span sp = {{at.line, at.col + (uint32_t)b},
				     {at.line, at.col + (uint32_t)(b + len)}};
		push(d, v, s + b, len, tool, where, sp);
	}
}

/* The pragma comment on the line holding offset `at` of the source, if
 * it is one: its names. */
static void comment(struct hl_doc *d, struct hl_items *v, size_t at,
		    uint32_t first, uint32_t last)
{
	struct hl_source *src = d->src;
	const char *data = src->data;
	size_t ls = at, le = at;
	while (ls > 0 && data[ls - 1] != '\n')
		ls--;
	while (le < src->len && data[le] != '\n' && data[le] != '\r')
		le++;
	struct hl_pragma p;
	if (!hl_pragma_parse(data + ls, le - ls, &p))
		return;
	struct hl_pos pos = hl_source_pos(src, ls + p.list);
	if (pos.line < first || pos.line > last)
		return;
	names(d, v, data + ls + p.list, p.list_len,
	      p.hadolint ? "hadolint" : "hardlint", "comment", pos);
}

/* The ignore= comments of lines [first, last]: only those bytes are
 * searched (a stream of 100,000 objects is not searched whole for each),
 * and none when the source holds no pragma at all. */
static void comments(struct hl_doc *d, struct hl_items *v, uint32_t first,
		     uint32_t last)
{
	struct hl_source *src = d->src;
	if (!src || !src->data)
		return;
	if (!hl_may_hold_pragmas(src))
		return;
	const char *p = src->data, *end = src->data + src->len, *s;
	size_t n;
	if (first > 1 && hl_source_line(src, first, &s, &n))
		p = s;
	if (last != UINT32_MAX && hl_source_line(src, last, &s, &n))
		end = s + n;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "ignore", 6);
		if (!hit)
			break;
		comment(d, v, (size_t)(hit - src->data), first, last);
		/* one a line */
		const char *nl = memchr(hit, '\n', (size_t)(end - hit));
		p = nl ? nl + 1 : end;
	}
}

void hl_df_suppressions(struct hl_doc *d, struct hl_items *v)
{
	comments(d, v, 1, UINT32_MAX);
}

/* The hardlint.dev annotations of `meta`. */
static void annotations(struct hl_doc *d, struct hl_items *v,
			const struct hl_node *meta)
{
	const struct hl_node *ann = hl_map_get(meta, "annotations");
	if (!hl_node_is_map(ann))
		return;
	static const char prefix[] = "hardlint.dev/ignore-";
	for (size_t i = 0; i < ann->u.map.count; i++) {
		const struct hl_node *k = ann->u.map.pairs[i].key;
		const struct hl_node *val = ann->u.map.pairs[i].value;
		const char *t = hl_node_text(k);
		if (!t)
			continue;
		if (!strncmp(t, prefix, sizeof(prefix) - 1)) {
			push(d, v, t + sizeof(prefix) - 1,
			     strlen(t + sizeof(prefix) - 1), "hardlint",
			     "annotation", k->span);
		} else if (!strcmp(t, "hardlint.dev/ignore") && val &&
			   val->kind == HL_NODE_SCALAR) {
			struct hl_pos at = val->span.start;
			if (val->flags & HL_NODE_QUOTED)
				at.col++;
			/* the names, then [until=DATE] [reason] */
			names(d, v, val->u.scalar.s,
			      hl_pragma_list_end(val->u.scalar.s,
						 val->u.scalar.len, 0),
			      "hardlint", "annotation", at);
		}
	}
}

void hl_k8s_suppressions(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *obj = d->root;
	if (!hl_node_is_map(obj) || obj->span.start.line == 0)
		return;
	const struct hl_node *spec = hl_map_get(obj, "spec");
	annotations(d, v, hl_map_get(obj, "metadata"));
	annotations(d, v, hl_map_get(hl_map_get(spec, "template"), "metadata"));
	annotations(d, v,
		    hl_map_get(hl_map_get(hl_map_get(hl_map_get(spec,
								 "jobTemplate"),
						      "spec"),
					   "template"),
			       "metadata"));
	/* the object's own lines: a comment above its first key counts */
	uint32_t first = obj->span.start.line > 1 ? obj->span.start.line - 1
						   : 1;
	comments(d, v, first, obj->span.end.line);
}
