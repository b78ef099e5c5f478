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

/* Does `spec` keep containers: a sequence holding a mapping with an
 * image? */
static bool holds_containers(const struct hl_node *spec)
{
	const struct hl_node *c = hl_node_deref(hl_map_get(spec, "containers"));
	if (!hl_node_is_seq(c))
		return false;
	for (size_t i = 0; i < c->u.seq.count; i++) {
		const struct hl_node *it = hl_node_deref(c->u.seq.items[i]);
		if (hl_node_is_map(it) && hl_map_get(it, "image"))
			return true;
	}
	return false;
}

const struct hl_node *hl_k8s_fragment(struct hl_arena *a,
				      const struct hl_node *root,
				      const char **kind)
{
	root = hl_node_deref(root);
	if (!hl_node_is_map(root) || is_object(root) ||
	    hl_map_get(root, "apiVersion") || hl_map_get(root, "kind"))
		return NULL;
	const struct hl_node *spec = hl_map_get(root, "spec");
	const struct hl_node *tspec = hl_map_get(hl_map_get(root, "template"),
						 "spec");
	const struct hl_node *sspec =
		hl_map_get(hl_map_get(spec, "template"), "spec");
	const struct hl_node *jspec = hl_map_get(
		hl_map_get(hl_map_get(hl_map_get(spec, "jobTemplate"), "spec"),
			   "template"),
		"spec");
	const char *api = "v1";
	struct hl_node *obj = hl_node_map(a, root->span);
	if (holds_containers(root)) {
		/* the pod spec itself */
		*kind = "Pod";
		hl_map_set(a, obj, "spec", (struct hl_node *)root);
	} else {
		if (holds_containers(spec)) {
			*kind = "Pod";
		} else if (holds_containers(tspec)) {
			*kind = "PodTemplate";
		} else if (holds_containers(sspec)) {
			*kind = "Deployment";
			api = "apps/v1";
		} else if (holds_containers(jspec)) {
			*kind = "CronJob";
			api = "batch/v1";
		} else {
			return NULL;
		}
		for (size_t i = 0; i < root->u.map.count; i++)
			hl_map_add(a, obj, root->u.map.pairs[i].key,
				   root->u.map.pairs[i].value);
	}
	hl_map_set(a, obj, "apiVersion", hl_node_cstr(a, api, root->span));
	hl_map_set(a, obj, "kind", hl_node_cstr(a, *kind, root->span));
	return obj;
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
