/*
 * views_kubernetes_dup: the duplicate-key view, a key written twice in one
 * mapping at any depth of an object (the loader records them: a later
 * key is the one Kubernetes applies, an earlier one what a reader sees).
 */
#include <string.h>

#include "engine/views.h"
#include "kubernetes/k8s.h"
#include "kubernetes/stream.h"

static const struct hl_span none;

static struct hl_arena *arena_of(const struct hl_node *r)
{
	return r->u.record->arena;
}

static const struct hl_k8s_dup *kd_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *kd_key(const struct hl_node *r)
{
	return kd_of(r)->d->second;
}

static const struct hl_node *kd_value(const struct hl_node *r)
{
	return kd_of(r)->d->value;
}

static const struct hl_node *kd_first(const struct hl_node *r)
{
	return kd_of(r)->d->first;
}

static const struct hl_node *kd_first_line(const struct hl_node *r)
{
	const struct hl_node *f = kd_of(r)->d->first;
	return hl_node_int(arena_of(r), f->span.start.line, f->span);
}

/* Placed nowhere: where the finding points is the duplicate's own. */
static const struct hl_node *kd_first_column(const struct hl_node *r)
{
	const struct hl_node *f = kd_of(r)->d->first;
	return hl_node_int(arena_of(r), f->span.start.col, none);
}

static const struct hl_node *kd_same_line(const struct hl_node *r)
{
	const struct hl_yaml_dup *d = kd_of(r)->d;
	return hl_node_bool(
		arena_of(r),
		d->first->span.start.line == d->second->span.start.line, none);
}

static const struct hl_node *kd_later_line(const struct hl_node *r)
{
	const struct hl_node *later = kd_of(r)->later;
	return later ? hl_node_int(arena_of(r), later->span.start.line, none)
		     : NULL;
}

enum dup_field {
	DUP_KEY,
	DUP_VALUE,
	DUP_FIRST,
	DUP_FIRST_LINE,
	DUP_FIRST_COLUMN,
	DUP_SAME_LINE,
	DUP_LATER_LINE,
	DUP__COUNT
};

static const struct hl_rfield dup_fields[DUP__COUNT] = {
	[DUP_KEY] = {"key", "string",
		     "the later key, the one Kubernetes applies (unless it is "
		     "written again)"},
	[DUP_VALUE] = {"value", "object", "its value"},
	[DUP_FIRST] = {"first", "string", "the earlier key"},
	[DUP_FIRST_LINE] = {"first-line", "integer", "the earlier key's line"},
	[DUP_FIRST_COLUMN] = {"first-column", "integer",
			      "the earlier key's column"},
	[DUP_SAME_LINE] = {"same-line", "boolean",
			   "the earlier key is on the same line"},
	[DUP_LATER_LINE] = {"later-line", "integer",
			    "the line where it is written yet again, if it is: "
			    "then Kubernetes applies neither of these two"},
};

static const struct hl_node *dup_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum dup_field)f) {
	case DUP_KEY:
		return kd_key(r);
	case DUP_VALUE:
		return kd_value(r);
	case DUP_FIRST:
		return kd_first(r);
	case DUP_FIRST_LINE:
		return kd_first_line(r);
	case DUP_FIRST_COLUMN:
		return kd_first_column(r);
	case DUP_SAME_LINE:
		return kd_same_line(r);
	case DUP_LATER_LINE:
		return kd_later_line(r);
	case DUP__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_dup_type = {
	.name = "duplicate-key",
	.target = HL_TARGET_KUBERNETES,
	.passes = "",
	.meaning = "a key written twice in one mapping",
	.fields = dup_fields,
	.nfields = DUP__COUNT,
	.get = dup_get,
};

static bool pos_before(struct hl_pos a, struct hl_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col <= b.col);
}

void hl_k8s_duplicates(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *objs = hl_view_items(d, HL_VIEW_K8S_OBJECT);
	for (size_t i = 0; i < d->ndups; i++) {
		const struct hl_k8s_dup *kd = &d->dups[i];
		const struct hl_node *key = kd->d->second;
		const struct hl_node *value = kd->d->value;
		/* the innermost object around the key names the finding */
		const char *object = "document", *okey = NULL;
		for (size_t k = 0; k < objs->count; k++) {
			struct hl_span s = objs->items[k].node->span;
			if (pos_before(s.start, key->span.start) &&
			    pos_before(key->span.start, s.end)) {
				object = objs->items[k].object;
				okey = objs->items[k].key;
			}
		}
		const char *name = hl_node_shown(d->arena, key);
		size_t before = v->count;
		hl_view_push(d, v,
			     hl_node_record(d->arena, &hl_k8sv_dup_type, kd, d,
					    NULL, key->span),
			     value ? hl_span_join(key->span, value->span)
				   : key->span,
			     hl_arena_join(d->arena, object, " key ",
					   name ? name : "?", (char *)NULL));
		hl_view_key(v, before, hl_key_node(d->arena, okey, "dup", key));
	}
}

