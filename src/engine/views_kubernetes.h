/*
 * views_kubernetes.h: what the Kubernetes views' files share (the
 * container record's state, where content reached through an alias
 * points, a host path made canonical). Internal to engine/.
 */
#ifndef HARDLINT_ENGINE_VIEWS_KUBERNETES_H
#define HARDLINT_ENGINE_VIEWS_KUBERNETES_H

#include "core/arena.h"
#include "core/ast.h"
#include "engine/views.h"

extern const struct hl_rtype hl_k8sv_object_type, hl_k8sv_pod_type,
	hl_k8sv_container_type, hl_k8sv_env_type, hl_k8sv_volume_type,
	hl_k8sv_mount_type, hl_k8sv_image_type, hl_k8sv_dup_type,
	hl_k8sv_entry_type;

struct kcontainer {
	const struct hl_node *c;   /* its mapping */
	const struct hl_node *pod; /* the pod record */
	const char *kind;	   /* regular, init, ephemeral */
	const char *list;	   /* the field it is in: containers, steps */
	/* its env names squeezed (hl_name_squeeze) and sorted, made on
	 * first use (`paired`) */
	const char **names;
	size_t nnames;
	bool names_made;
};

static inline const struct kcontainer *hl_k8sv_kc(const struct hl_node *r)
{
	return r->u.record->p;
}

/* Is `v` YAML's null: a field Kubernetes reads as not set? */
bool hl_k8sv_null(const struct hl_node *v);
/* The container record's missing-resources field. */
const struct hl_node *hl_k8sv_missing_resources(const struct hl_node *r);

/* The arena a record's fields are made in. */
struct hl_arena *hl_k8sv_arena_of(const struct hl_node *r);

/* A scalar as people read it (views' labels), or `dflt`. */
const char *hl_k8sv_shown_or(struct hl_arena *a, const struct hl_node *n,
			     const char *dflt);

/* The span of the key of the pair `key` in `map`, or the map's span. */
struct hl_span hl_k8sv_key_span(const struct hl_node *map, const char *key);

/* The YAML mapping of an object view item (its record passes to it). */
const struct hl_node *hl_k8sv_object_map(const struct hl_item *it);

/* The span findings about mapping `m` point at: its `key` entry (or its
 * first entry). */
struct hl_span hl_k8sv_first_entry(const struct hl_node *m, const char *key);

/* The span of the pair `key` of `map`, key through value. */
struct hl_span hl_k8sv_pair_span(const struct hl_node *map, const char *key);

/* The item's own via (the alias place its findings point at), or NULL. */
const struct hl_span *hl_k8sv_item_via(const struct hl_item *it);

/* The via of a sequence item `raw` under `outer` (buf holds it). */
const struct hl_span *hl_k8sv_via_item(const struct hl_node *raw,
				       const struct hl_span *outer,
				       struct hl_span *buf);

/* The via of the value of `key` in `map` under `outer`. */
const struct hl_span *hl_k8sv_via_key(const struct hl_node *map,
				      const char *key,
				      const struct hl_span *outer,
				      struct hl_span *buf);

/* `p` made canonical as Go's path.Clean does. */
struct hl_node *hl_k8sv_clean_path(struct hl_arena *a, const char *p,
				   struct hl_span span);

#endif
