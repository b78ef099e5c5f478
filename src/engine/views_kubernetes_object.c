/*
 * views_kubernetes_object: the object view. Each object of a document (a
 * List's or an OpenShift Template's items one by one) as a record that
 * passes through to its YAML and adds what holds it; its label for people
 * and its identity for fingerprints.
 */
#include <string.h>

#include "engine/views.h"
#include "engine/views_kubernetes.h"
#include "kubernetes/k8s.h"

static const char *object_label(struct hl_doc *d, const struct hl_node *obj)
{
	const struct hl_node *md = hl_map_get(obj, "metadata");
	const char *kind = hl_k8sv_shown_or(d->arena, hl_map_get(obj, "kind"),
					    "?");
	const char *name = hl_node_shown(d->arena, hl_map_get(md, "name"));
	const char *gen = hl_node_shown(d->arena,
					hl_map_get(md, "generateName"));
	const char *ns = hl_node_shown(d->arena, hl_map_get(md, "namespace"));
	if (!name && gen)
		name = hl_arena_join(d->arena, gen, "*", (char *)NULL);
	if (!name)
		name = "<unnamed>";
	if (ns)
		return hl_arena_join(d->arena, kind, "/", ns, "/", name,
				     (char *)NULL);
	return hl_arena_join(d->arena, kind, "/", name, (char *)NULL);
}

/* What an object is: API group (not version) and kind, namespace, name
 * or generateName; each value its whole bytes. */
static const char *object_key(struct hl_doc *d, const struct hl_node *obj)
{
	const struct hl_node *md = hl_map_get(obj, "metadata");
	const struct hl_node *av = hl_node_deref(hl_map_get(obj, "apiVersion"));
	const char *group = "";
	size_t glen = 0;
	if (av && av->kind == HL_NODE_SCALAR) {
		const char *slash = memchr(av->u.scalar.s, '/',
					   av->u.scalar.len);
		if (slash) {
			group = av->u.scalar.s;
			glen = (size_t)(slash - group);
		}
	}
	const char *k = hl_key(d->arena, NULL, "group", group, glen);
	k = hl_key_node(d->arena, k, "kind", hl_map_get(obj, "kind"));
	k = hl_key_node(d->arena, k, "ns", hl_map_get(md, "namespace"));
	const struct hl_node *name = hl_map_get(md, "name");
	if (!name && hl_map_get(md, "generateName"))
		return hl_key_node(d->arena, k, "generateName",
				   hl_map_get(md, "generateName"));
	return hl_key_node(d->arena, k, "name", name);
}

/* An object record: the object's own fields, and what holds it. */
enum obj_field { OBJ_HELD_BY, OBJ__COUNT };

static const struct hl_rfield obj_fields[OBJ__COUNT] = {
	[OBJ_HELD_BY] = {"held-by", "string",
			 "the kind of the List or OpenShift Template the "
			 "document holds it in (List, Template, "
			 "DeploymentList...), or none: a Template's objects "
			 "are placed when it is processed"},
};

static const struct hl_node *obj_get(const struct hl_node *r, uint32_t f)
{
	return f == OBJ_HELD_BY ? r->u.record->p : NULL;
}

const struct hl_rtype hl_k8sv_object_type = {
	.name = "object",
	.target = HL_TARGET_KUBERNETES,
	.passes = "Object",
	.meaning = "an object (a List's or a Template's items included)",
	.fields = obj_fields,
	.nfields = OBJ__COUNT,
	.get = obj_get,
};

const struct hl_node *hl_k8sv_object_map(const struct hl_item *it)
{
	const struct hl_node *n = it->node;
	return n && n->kind == HL_NODE_RECORD ? n->u.record->through : n;
}

/* Object `obj` (held by the document's `kind` node, or NULL) as a record
 * into the object view. */
static void push_object(struct hl_doc *d, struct hl_items *v,
			const struct hl_node *obj, const struct hl_node *held,
			struct hl_span anchor, const struct hl_span *via)
{
	size_t before = v->count;
	hl_view_push_via(d, v,
			 hl_node_record(d->arena, &hl_k8sv_object_type, held, d,
					obj, obj->span),
			 anchor, object_label(d, obj), via);
	hl_view_key(v, before, object_key(d, obj));
}

struct list_push {
	struct hl_doc *d;
	struct hl_items *v;
	const struct hl_node *held; /* the document's kind */
};

/* An object of a List into the object view: anchored at its kind, or (a
 * typed list's item, whose kind is implied) at the item. */
static void push_list_item(const struct hl_node *obj,
			   const struct hl_node *item,
			   const struct hl_span *via, void *ctx)
{
	struct list_push *lp = ctx;
	push_object(lp->d, lp->v, obj, lp->held,
		    obj == item ? hl_k8sv_key_span(obj, "kind") : item->span,
		    via);
}

void hl_k8s_objects(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *root = hl_node_deref(d->root);
	if (!hl_k8s_has_object(root))
		return;
	if (hl_k8s_is_list(root)) {
		struct list_push lp = {d, v, hl_map_get(root, "kind")};
		hl_k8s_list_each(d->arena, root, NULL, push_list_item, &lp);
		return;
	}
	/* an item of a List is a unit of its own: the document holds it */
	const struct hl_node *whole = hl_node_deref(d->whole);
	const struct hl_node *held = whole && whole != root &&
						     hl_k8s_is_list(whole)
					     ? hl_map_get(whole, "kind")
					     : NULL;
	push_object(d, v, root, held, hl_k8sv_key_span(root, "kind"),
		    d->has_via ? &d->via : NULL);
}
