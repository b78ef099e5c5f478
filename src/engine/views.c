/*
 * views: the registry of views and record types, and what every view
 * shares: a document's items, computed on first use and cached, with the
 * limit on how many one view may hold. The views themselves are in
 * views_dockerfile.c and views_kubernetes.c.
 */
#include "engine/views.h"

#include <string.h>

static const struct view {
	struct hl_view_info info; /* name, target, what, item type */
	hl_view_maker make;
} views[HL_VIEW__COUNT] = {
	[HL_VIEW_DF_STAGE] = {{"stage", HL_TARGET_DOCKERFILE, "build stage",
			       "stage"},
			      hl_df_stages},
	[HL_VIEW_DF_INSTRUCTION] = {{"instruction", HL_TARGET_DOCKERFILE,
				     "instruction (ONBUILD's own in its "
				     "onbuild field)",
				     "instruction"},
				    hl_df_instructions},
	[HL_VIEW_DF_IMAGE] = {{"image", HL_TARGET_DOCKERFILE,
			       "image reference of FROM, COPY --from and RUN "
			       "--mount from=",
			       "image"},
			      hl_df_images},
	[HL_VIEW_DF_RUN_COMMAND] = {{"run-command", HL_TARGET_DOCKERFILE,
				     "simple command a RUN runs: ONBUILD RUN, "
				     "heredoc scripts, sh -c bodies and $( ) "
				     "substitutions included",
				     "run-command"},
				    hl_df_run_commands},
	[HL_VIEW_DF_PACKAGE_INSTALL] = {{"package-install",
					 HL_TARGET_DOCKERFILE,
					 "package install of a RUN: apt-get/"
					 "apt, apk, yum, dnf, microdnf, "
					 "zypper, pip (and python -m pip), "
					 "npm, gem, go install",
					 "package-install"},
					hl_df_packages},
	[HL_VIEW_DF_SYNTAX] = {{"syntax", HL_TARGET_DOCKERFILE,
				"problem the parser recovered from",
				"problem"},
			       hl_df_syntax},
	[HL_VIEW_K8S_OBJECT] = {{"object", HL_TARGET_KUBERNETES,
				 "object (List items included)", "Object"},
				hl_k8s_objects},
	[HL_VIEW_K8S_POD] = {{"pod", HL_TARGET_KUBERNETES, "pod spec", "pod"},
			     hl_k8s_pods},
	[HL_VIEW_K8S_CONTAINER] = {{"container", HL_TARGET_KUBERNETES,
				    "container, init container, ephemeral "
				    "container",
				    "container"},
				   hl_k8s_containers},
	[HL_VIEW_K8S_ENV] = {{"env", HL_TARGET_KUBERNETES,
			      "env and envFrom entry of a container", "env"},
			     hl_k8s_env},
	[HL_VIEW_K8S_VOLUME] = {{"volume", HL_TARGET_KUBERNETES,
				 "volume of a pod spec", "volume"},
				hl_k8s_volumes},
	[HL_VIEW_K8S_DUPLICATE_KEY] = {{"duplicate-key", HL_TARGET_KUBERNETES,
					"key written twice in one mapping "
					"(any depth)",
					"duplicate-key"},
				       hl_k8s_duplicates},
	[HL_VIEW_K8S_IMAGE] = {{"image", HL_TARGET_KUBERNETES,
				"container image", "container-image"},
			       hl_k8s_images},
};

size_t hl_views_count(void)
{
	return HL_VIEW__COUNT;
}

const struct hl_view_info *hl_views_get(size_t i)
{
	return i < HL_VIEW__COUNT ? &views[i].info : NULL;
}

int hl_view_find(const char *name, enum hl_target target)
{
	for (int i = 0; i < HL_VIEW__COUNT; i++)
		if (views[i].info.target == target &&
		    !strcmp(views[i].info.name, name))
			return i;
	return -1;
}

/* Every record type: the Dockerfile's, then Kubernetes'. */
static const struct hl_rtype *type_at(size_t i)
{
	size_t n = 0;
	while (hl_df_types[n])
		n++;
	if (i < n)
		return hl_df_types[i];
	i -= n;
	for (size_t k = 0; hl_k8s_types[k]; k++)
		if (k == i)
			return hl_k8s_types[k];
	return NULL;
}

size_t hl_types_count(void)
{
	size_t n = 0;
	while (type_at(n))
		n++;
	return n;
}

const struct hl_type_info *hl_types_get(size_t i)
{
	const struct hl_rtype *t = type_at(i);
	return t ? &t->info : NULL;
}

const struct hl_rtype *hl_rtype_find(const char *name)
{
	for (size_t i = 0; type_at(i); i++)
		if (!strcmp(type_at(i)->info.name, name))
			return type_at(i);
	return NULL;
}

const struct hl_type_info *hl_types_find(const char *name)
{
	const struct hl_rtype *t = hl_rtype_find(name);
	return t ? &t->info : NULL;
}

const struct hl_field_info *hl_type_field(const struct hl_type_info *t,
					  size_t i)
{
	/* every hl_type_info is the first member of an hl_rtype */
	const struct hl_rtype *r = (const struct hl_rtype *)(const void *)t;
	return i < t->nfields ? &r->fields[i].info : NULL;
}

void hl_doc_init(struct hl_doc *doc, enum hl_target target, const char *path,
		 struct hl_source *src, struct hl_arena *a,
		 const struct hl_node *root, const void *front)
{
	memset(doc, 0, sizeof(*doc));
	doc->target = target;
	doc->path = path;
	doc->src = src;
	doc->arena = a;
	doc->root = root;
	doc->front = front;
}

void hl_view_push(struct hl_doc *d, struct hl_items *v,
		  const struct hl_node *node, struct hl_span anchor,
		  const char *object)
{
	if (v->count >= HL_VIEW_MAX_ITEMS) {
		if (!d->too_many) {
			d->too_many = views[v - d->views].info.name;
			d->too_many_at = anchor.start.line ? anchor.start
							   : node->span.start;
		}
		return;
	}
	v->items = hl_arena_grow(d->arena, v->items, v->count, &v->cap,
				 sizeof(*v->items));
	v->items[v->count].node = node;
	v->items[v->count].anchor = anchor;
	v->items[v->count].object = object;
	v->items[v->count].has_via = false;
	v->count++;
}

void hl_view_push_via(struct hl_doc *d, struct hl_items *v,
		      const struct hl_node *node, struct hl_span anchor,
		      const char *object, const struct hl_span *via)
{
	size_t before = v->count;
	hl_view_push(d, v, node, via ? *via : anchor, object);
	if (via && v->count > before) {
		v->items[v->count - 1].has_via = true;
		v->items[v->count - 1].via = *via;
	}
}

const struct hl_items *hl_view_items(struct hl_doc *doc, int id)
{
	static const struct hl_items empty;
	if (id < 0 || id >= HL_VIEW__COUNT ||
	    views[id].info.target != doc->target)
		return &empty;
	if (!doc->computed[id]) {
		doc->computed[id] = true;
		if (doc->root || doc->front)
			views[id].make(doc, &doc->views[id]);
	}
	return &doc->views[id];
}
