/*
 * kubernetes/objects: what a Kubernetes object is (a mapping with
 * apiVersion and kind) and how a List holds objects: `kind: List` or a
 * typed list (DeploymentList, whose items may leave out the kind it
 * implies), Lists inside Lists expanded; an OpenShift Template's
 * `objects` are held the same way.
 */
#include <string.h>

#include "kubernetes/k8s.h"

static bool is_object(const struct hl_node *n)
{
	return hl_node_text(hl_map_get(n, "apiVersion")) &&
	       hl_node_text(hl_map_get(n, "kind"));
}

/* An OpenShift Template: its `objects` are objects, as a List's items. */
static bool is_template(const struct hl_node *n)
{
	const char *kind = hl_node_text(hl_map_get(n, "kind"));
	return kind && !strcmp(kind, "Template") &&
	       hl_node_is_seq(hl_map_get(n, "objects"));
}

static bool is_list(const struct hl_node *n)
{
	const char *kind = hl_node_text(hl_map_get(n, "kind"));
	size_t len = kind ? strlen(kind) : 0;
	return (len >= 4 && !strcmp(kind + len - 4, "List") &&
		hl_node_is_seq(hl_map_get(n, "items"))) ||
	       is_template(n);
}

bool hl_k8s_has_object(const struct hl_node *root)
{
	return is_object(root);
}

bool hl_k8s_is_list(const struct hl_node *n)
{
	return is_object(n) && is_list(n);
}
/* The span of the list's `kind` key. */
static struct hl_span kind_span(const struct hl_node *list)
{
	const struct hl_pair *p = hl_map_pair(list, "kind");
	if (p && p->key->span.start.line)
		return p->key->span;
	return hl_node_deref(list)->span;
}

const struct hl_node *hl_k8s_list_items(const struct hl_node *list)
{
	return hl_map_get(list, is_template(list) ? "objects" : "items");
}

void hl_k8s_list_each(struct hl_arena *a, const struct hl_node *list,
		      const struct hl_span *outer, hl_list_item_fn fn,
		      void *ctx)
{
	bool tmpl = is_template(list);
	const struct hl_node *items = hl_k8s_list_items(list);
	const char *lkind = hl_node_text(hl_map_get(list, "kind"));
	size_t kl = tmpl ? 0 : strlen(lkind) - 4; /* without "List" */
	for (size_t i = 0; i < items->u.seq.count; i++) {
		const struct hl_node *raw = items->u.seq.items[i];
		const struct hl_node *it = hl_node_deref(raw);
		struct hl_span buf;
		const struct hl_span *via = outer;
		if (!via && raw->kind == HL_NODE_ALIAS) {
			buf = raw->span; /* `- *obj`: findings point here */
			via = &buf;
		}
		if (!hl_node_is_map(it))
			continue;
		if (is_object(it) && is_list(it)) {
			struct hl_span keep;
			if (via) {
				keep = *via;
				via = &keep;
			}
			hl_k8s_list_each(a, it, via, fn, ctx);
			continue;
		}
		if (is_object(it)) {
			fn(it, it, via, ctx);
			continue;
		}
		if (!kl || hl_map_get(it, "kind"))
			continue; /* a plain List's item must say its kind */
		/* the kind (and apiVersion) the typed list implies */
		struct hl_node *obj = hl_node_map(a, it->span);
		for (size_t k = 0; k < it->u.map.count; k++)
			hl_map_add(a, obj, it->u.map.pairs[k].key,
				   it->u.map.pairs[k].value);
		hl_map_set(a, obj, "kind",
			   hl_node_str(a, lkind, kl, kind_span(list)));
		if (!hl_map_get(it, "apiVersion") &&
		    hl_map_get(list, "apiVersion"))
			hl_map_set(a, obj, "apiVersion",
				   (struct hl_node *)hl_map_get(list,
								"apiVersion"));
		fn(obj, it, via, ctx);
	}
}
