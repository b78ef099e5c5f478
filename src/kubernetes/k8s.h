/*
 * kubernetes/k8s: the Kubernetes front end's view of a manifest: what an
 * object is, how Lists hold objects (objects.c), and reading a stream of
 * documents into units the engine checks (stream.c).
 */
#ifndef HARDLINT_KUBERNETES_K8S_H
#define HARDLINT_KUBERNETES_K8S_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/ast.h"

/* True if the YAML document `root` holds at least one Kubernetes object
 * (a mapping with apiVersion and kind, or a List of them). */
bool hl_k8s_has_object(const struct hl_node *root);

/* A document with no apiVersion and kind that holds a pod spec where a
 * Pod, a PodTemplate, a Deployment or a CronJob keeps one (`containers`
 * at its top, or under spec, template.spec, spec.template.spec or
 * spec.jobTemplate.spec.template.spec): an object of that kind (*kind)
 * made in `a` around it, so that it is judged, never passed over as
 * "nothing to check" (RULES.md); else NULL. */
const struct hl_node *hl_k8s_fragment(struct hl_arena *a,
				      const struct hl_node *root,
				      const char **kind);

/* True if `n` is a List (kind List or *List, with items), or an
 * OpenShift Template (kind Template, with objects). */
bool hl_k8s_is_list(const struct hl_node *n);

/* The sequence of a List's objects: its items (a Template's objects). */
const struct hl_node *hl_k8s_list_items(const struct hl_node *list);

/* Called for each object of a List: `obj` is the List's entry `item`
 * itself, or (an item of a typed list such as DeploymentList, which
 * leaves out its kind) a copy given the kind and apiVersion the list
 * implies; `via` is the alias place findings inside it point at, or
 * NULL. */
typedef void (*hl_list_item_fn)(const struct hl_node *obj,
				const struct hl_node *item,
				const struct hl_span *via, void *ctx);

/* Each object of List `list`, Lists inside it expanded (the nesting is
 * bounded by the YAML depth limit); copies are made in `a`. `outer` is
 * the list's own alias place, or NULL. */
void hl_k8s_list_each(struct hl_arena *a, const struct hl_node *list,
		      const struct hl_span *outer, hl_list_item_fn fn,
		      void *ctx);

#endif
