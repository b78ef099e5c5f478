/*
 * views_kubernetes: the Kubernetes views as typed records laid over the
 * YAML of an object. A pod spec is found wherever a workload keeps it; a
 * container, an env entry, a volume and a volume mount pass through to
 * their own YAML fields (checked against the Kubernetes API types of
 * k8s_api.def) and add derived ones: the container's kind, its effective
 * security context (the pod's inherited fields merged under its own, each
 * value keeping the key, and so the place, it came from), the image parsed,
 * a host path made canonical. Each record type's fields are declared once
 * below with their type, meaning and getter.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/image.h"
#include "engine/rules.h"
#include "engine/views.h"
#include "engine/views_kubernetes.h"
#include "kubernetes/k8s.h"
#include "kubernetes/stream.h"

static const struct hl_span none;

struct hl_arena *hl_k8sv_arena_of(const struct hl_node *r)
{
	return r->u.record->arena;
}

/* The alias place an item inherits: `outer` if its parent was reached
 * through one; else, if `raw` (a sequence item) is an alias, its span;
 * else none. */
const struct hl_span *hl_k8sv_via_item(const struct hl_node *raw,
				       const struct hl_span *outer,
				       struct hl_span *buf)
{
	if (outer)
		return outer;
	if (raw && raw->kind == HL_NODE_ALIAS) {
		*buf = raw->span;
		return buf;
	}
	return NULL;
}

/* Where content reached through key `key` of `map` should point, if that
 * value is an alias: the entry `key: *alias`. */
static const struct hl_span *alias_at(const struct hl_node *map,
				      const char *key, struct hl_span *buf)
{
	const struct hl_pair *p = hl_map_pair(map, key);
	if (!p || p->value->kind != HL_NODE_ALIAS)
		return NULL;
	*buf = (p->value->flags & HL_NODE_VIA)
		       ? p->value->span
		       : hl_span_join(p->key->span, p->value->span);
	return buf;
}

/* The same for the value of `key` in `map`, unless the parent was
 * reached through an alias (`outer`). */
const struct hl_span *hl_k8sv_via_key(const struct hl_node *map,
				      const char *key,
				      const struct hl_span *outer,
				      struct hl_span *buf)
{
	return outer ? outer : alias_at(map, key, buf);
}

/* The item's own via, or NULL. */
const struct hl_span *hl_k8sv_item_via(const struct hl_item *it)
{
	return it->has_via ? &it->via : NULL;
}

/* A scalar as people read it (views' labels), or `dflt`. */
const char *hl_k8sv_shown_or(struct hl_arena *a, const struct hl_node *n,
			     const char *dflt)
{
	const char *t = hl_node_shown(a, n);
	return t ? t : dflt;
}

static const char *text_or(const struct hl_node *n, const char *dflt)
{
	const char *t = hl_node_text(n);
	return t ? t : dflt;
}

/* The span of the key of the pair `key` in `map`, or the map's span. */
struct hl_span hl_k8sv_key_span(const struct hl_node *map, const char *key)
{
	const struct hl_pair *p = hl_map_pair(map, key);
	if (p && p->key->span.start.line)
		return p->key->span;
	map = hl_node_deref(map);
	return map ? map->span : (struct hl_span){{0, 0}, {0, 0}};
}

/* The span from the key of `key` in `map` to the end of its value. */
struct hl_span hl_k8sv_pair_span(const struct hl_node *map, const char *key)
{
	const struct hl_pair *p = hl_map_pair(map, key);
	if (!p)
		return hl_k8sv_key_span(map, key);
	/* merged in by `<<: *base`: the merge entry is where it is written */
	if (p->value->flags & HL_NODE_VIA)
		return p->value->span;
	return hl_span_join(p->key->span, p->value->span);
}

/* Where a finding about something a mapping lacks points: its first
 * entry (or, with `key` set and present, that entry). */
struct hl_span hl_k8sv_first_entry(const struct hl_node *m, const char *key)
{
	if (key && hl_map_pair(m, key))
		return hl_k8sv_pair_span(m, key);
	if (m->u.map.count)
		return hl_span_join(m->u.map.pairs[0].key->span,
				    m->u.map.pairs[0].value->span);
	return m->span;
}

/* ------------------------------------------------------------------ */
/* pod                                                                */

/* Where a pod spec keeps its containers. */
enum pod_shape {
	POD_SHAPE_POD,	  /* initContainers, containers, ephemeralContainers */
	POD_SHAPE_ARGO,	  /* an Argo Workflows template: container, script,
			     initContainers, sidecars */
	POD_SHAPE_TEKTON, /* a Tekton Task's steps and sidecars */
};

struct kpod {
	const struct hl_node *object;
	const struct hl_node *meta; /* the pod template's metadata (a Pod's
				       own), or NULL */
	enum pod_shape shape;
};

static const struct hl_node *pod_object(const struct hl_node *r)
{
	return ((const struct kpod *)r->u.record->p)->object;
}

static const struct hl_node *pod_object_kind(const struct hl_node *r)
{
	return hl_map_get(pod_object(r), "kind");
}

/* Is text node `n` exactly `s`? */
static bool text_is(const struct hl_node *n, const char *s)
{
	const char *t = hl_node_text(n);
	return t && !strcmp(t, s);
}

/* Does node-selector term `t` require kubernetes.io/os In [windows]? */
static bool term_windows(const struct hl_node *t)
{
	const struct hl_node *ex =
		hl_node_deref(hl_map_get(t, "matchExpressions"));
	if (!ex || ex->kind != HL_NODE_SEQ)
		return false;
	for (size_t i = 0; i < ex->u.seq.count; i++) {
		const struct hl_node *e = ex->u.seq.items[i];
		const struct hl_node *vs =
			hl_node_deref(hl_map_get(e, "values"));
		if (!text_is(hl_map_get(e, "key"), "kubernetes.io/os") ||
		    !text_is(hl_map_get(e, "operator"), "In") || !vs ||
		    vs->kind != HL_NODE_SEQ || !vs->u.seq.count)
			continue;
		bool all = true;
		for (size_t k = 0; k < vs->u.seq.count && all; k++)
			all = text_is(vs->u.seq.items[k], "windows");
		if (all)
			return true;
	}
	return false;
}

/* A Windows pod (RULES.md): spec.os.name windows, a nodeSelector on
 * kubernetes.io/os: windows, or every required node-affinity term
 * requiring kubernetes.io/os In [windows]; never windowsOptions alone
 * (Linux nodes ignore it). */
static bool pod_windows(const struct hl_node *spec)
{
	if (text_is(hl_map_get(hl_map_get(spec, "os"), "name"), "windows"))
		return true;
	const struct hl_node *sel = hl_map_get(spec, "nodeSelector");
	if (text_is(hl_map_get(sel, "kubernetes.io/os"), "windows") ||
	    text_is(hl_map_get(sel, "beta.kubernetes.io/os"), "windows"))
		return true;
	const struct hl_node *terms = hl_node_deref(hl_map_get(
		hl_map_get(hl_map_get(hl_map_get(spec, "affinity"),
				      "nodeAffinity"),
			   "requiredDuringSchedulingIgnoredDuringExecution"),
		"nodeSelectorTerms"));
	if (!terms || terms->kind != HL_NODE_SEQ || !terms->u.seq.count)
		return false;
	for (size_t i = 0; i < terms->u.seq.count; i++)
		if (!term_windows(terms->u.seq.items[i]))
			return false;
	return true;
}

enum pod_field {
	POD_OBJECT,
	POD_OBJECT_KIND,
	POD_WINDOWS,
	POD_METADATA,
	POD__COUNT
};

static const struct hl_rfield pod_fields[POD__COUNT] = {
	[POD_OBJECT] = {"object", "Object", "the object that holds it"},
	[POD_OBJECT_KIND] = {"object-kind", "string", "that object's kind"},
	[POD_WINDOWS] = {"windows", "boolean",
			 "a Windows pod: spec.os.name windows, a nodeSelector "
			 "kubernetes.io/os: windows, or every required "
			 "node-affinity term requiring it (windowsOptions "
			 "alone does not count)"},
	[POD_METADATA] = {"metadata", "ObjectMeta",
			  "the pod's metadata: its template's (a Pod's own), "
			  "whose annotations and labels the pods get"},
};

static const struct hl_node *pod_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum pod_field)f) {
	case POD_OBJECT:
		return pod_object(r);
	case POD_OBJECT_KIND:
		return pod_object_kind(r);
	case POD_WINDOWS:
		return hl_node_bool(hl_k8sv_arena_of(r), pod_windows(r), none);
	case POD_METADATA:
		return ((const struct kpod *)r->u.record->p)->meta;
	case POD__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_pod_type = {
	.name = "pod",
	.target = HL_TARGET_KUBERNETES,
	.passes = "PodSpec",
	.meaning = "a pod spec",
	.fields = pod_fields,
	.nfields = POD__COUNT,
	.get = pod_get,
};

/* Where a workload keeps its pod spec, most specific first. */
static const char *const pod_paths[][5] = {
	{"spec", "jobTemplate", "spec", "template", "spec"},
	{"spec", "template", "spec", NULL, NULL},
	{"template", "spec", NULL, NULL, NULL},
	{"spec", NULL, NULL, NULL, NULL},
};

/* Push the pod spec `n` (the value of `key` in `parent`) of object item
 * `it`, with identity `where` ("" for the one a workload's own path
 * names). */
static void push_pod(struct hl_doc *d, struct hl_items *v,
		     const struct hl_item *it, const struct hl_node *parent,
		     const char *key, const struct hl_node *n,
		     const struct hl_span *via, enum pod_shape shape,
		     const char *where)
{
	struct kpod *kp = hl_arena_alloc(d->arena, sizeof(*kp));
	kp->object = hl_k8sv_object_map(it);
	kp->meta = shape == POD_SHAPE_POD ? hl_map_get(parent, "metadata")
					  : NULL;
	kp->shape = shape;
	struct hl_span keep;
	if (via) {
		keep = *via;
		via = &keep;
	}
	size_t before = v->count;
	hl_view_push_via(
		d, v,
		hl_node_record(d->arena, &hl_k8sv_pod_type, kp, d, n, n->span),
		key ? hl_k8sv_key_span(parent, key) : n->span, it->object, via);
	hl_view_key(v, before,
		    hl_key(d->arena, it->key, "pod", where, strlen(where)));
}

/* Does list `l` hold a mapping with key `key` (an image; or, a container
 * an operator fills the image of, as Elastic's ECK leaves it out, a
 * name)? */
static bool has_item_with(const struct hl_node *l, const char *key)
{
	l = hl_node_deref(l);
	if (!l || l->kind != HL_NODE_SEQ)
		return false;
	for (size_t i = 0; i < l->u.seq.count; i++)
		if (hl_map_get(l->u.seq.items[i], key))
			return true;
	return false;
}

/* The shape of mapping `m` if it holds containers: a `containers` list
 * of mappings with an image (or, the spec of a pod template: a
 * `template` or `podTemplate`, with names only); in a `templates` list
 * (Argo Workflows), a `container` or `script` mapping with an image; a
 * Tekton `steps` list. */
static bool pod_shape(const struct hl_node *m, const char *in_list,
		      bool template_spec, enum pod_shape *shape)
{
	if (has_item_with(hl_map_get(m, "containers"), "image") ||
	    (template_spec &&
	     has_item_with(hl_map_get(m, "containers"), "name"))) {
		*shape = POD_SHAPE_POD;
		return true;
	}
	if (in_list && !strcmp(in_list, "templates") &&
	    (hl_map_get(hl_map_get(m, "container"), "image") ||
	     hl_map_get(hl_map_get(m, "script"), "image"))) {
		*shape = POD_SHAPE_ARGO;
		return true;
	}
	if (has_item_with(hl_map_get(m, "steps"), "image")) {
		*shape = POD_SHAPE_TEKTON;
		return true;
	}
	return false;
}

/* Cut buffer `b` back to `n` bytes. */
static void cut(struct hl_buf *b, size_t n)
{
	b->len = n;
	if (b->p)
		b->p[n] = '\0';
}

struct pod_search {
	struct hl_doc *d;
	struct hl_items *v;
	const struct hl_item *it;
	const struct hl_node *known; /* the spec the workload's path found */
	struct hl_buf where;	     /* the keys to the node walked */
};

/* "[i]" after `b` (no printf: it is made for every item walked) */
static void add_index(struct hl_buf *b, size_t i)
{
	char num[24];
	hl_buf_addc(b, '[');
	hl_buf_adds(b, hl_utoa(i, num));
	hl_buf_addc(b, ']');
}

/* Pod specs anywhere below `n` (the value of `key` in `parent`, or an
 * item of list `in_list`): a mapping that holds containers is one, and
 * is not searched further; aliases are not followed (their anchors are
 * searched where they are written). */
static void search_pods(struct pod_search *S, const struct hl_node *parent,
			const char *key, const char *in_list,
			const struct hl_node *n, unsigned depth)
{
	if (!n || depth > 48 || n->kind == HL_NODE_ALIAS)
		return;
	size_t mark = S->where.len;
	if (n->kind == HL_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count; i++) {
			add_index(&S->where, i);
			search_pods(S, NULL, NULL, key, n->u.seq.items[i],
				    depth + 1);
			cut(&S->where, mark);
		}
		return;
	}
	if (n->kind != HL_NODE_MAP)
		return;
	enum pod_shape shape;
	/* the spec of a pod template (…template.spec, ECK's
	 * …podTemplate.spec) */
	const char *w = hl_buf_str(&S->where);
	size_t wl = S->where.len;
	bool tspec = key && !strcmp(key, "spec") &&
		     ((wl >= 14 && !strcmp(w + wl - 14, ".template.spec")) ||
		      (wl >= 17 && !strcmp(w + wl - 17, ".podTemplate.spec")));
	if (n != S->known && pod_shape(n, in_list, tspec, &shape)) {
		push_pod(S->d, S->v, S->it, parent, key, n,
			 hl_k8sv_item_via(S->it), shape, hl_buf_str(&S->where));
		return;
	}
	if (n == S->known)
		return;
	for (size_t i = 0; i < n->u.map.count; i++) {
		const char *k = hl_node_text(n->u.map.pairs[i].key);
		if (!k || (depth == 0 &&
			   (!strcmp(k, "metadata") || !strcmp(k, "status"))))
			continue;
		hl_buf_addc(&S->where, '.');
		hl_buf_adds(&S->where, k);
		search_pods(S, n, k, NULL, n->u.map.pairs[i].value, depth + 1);
		cut(&S->where, mark);
	}
}

/* Policy engines' objects, whose `containers` are patterns to match, not
 * pods: their API groups, the shared list policy-groups
 * (rules/lists/policy-groups.yaml). */
static bool policy_object(const struct hl_doc *d, const struct hl_node *obj)
{
	const char *av = hl_node_text(hl_map_get(obj, "apiVersion"));
	const char *slash = av ? strchr(av, '/') : NULL;
	if (!slash || !d->rs)
		return false;
	size_t n = (size_t)(slash - av);
	for (uint32_t i = 0; i < d->rs->nlists; i++) {
		const struct hl_list *l = &d->rs->lists[i];
		if (strcmp(l->name, "policy-groups"))
			continue;
		for (uint32_t k = 0; k < l->nvalues; k++)
			if (strlen(l->values[k]) == n &&
			    !strncmp(l->values[k], av, n))
				return true;
	}
	return false;
}

/* Is pod_paths[p] where built-in workload `kind` keeps its pod spec? */
static bool workload_path(const char *kind, size_t p)
{
	static const struct {
		const char *kind;
		size_t path;
	} known[] = {
		{"CronJob", 0},
		{"Deployment", 1},
		{"ReplicaSet", 1},
		{"StatefulSet", 1},
		{"DaemonSet", 1},
		{"Job", 1},
		{"ReplicationController", 1},
		{"PodTemplate", 2},
		{"Pod", 3},
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(kind, known[i].kind))
			return known[i].path == p;
	return false;
}

/* The pod specs of object item `it`: the one a workload keeps where its
 * kind says (pushed first, identity ""), then any other mapping that
 * holds containers (RULES.md: Ray's worker groups, Elastic's
 * daemonSet.podTemplate, Argo's templates, Tekton's steps). */
static void pod_of(struct hl_doc *d, struct hl_items *v,
		   const struct hl_item *it)
{
	const struct hl_node *obj = hl_k8sv_object_map(it);
	if (policy_object(d, obj))
		return;
	const char *kind = text_or(hl_map_get(obj, "kind"), "");
	const struct hl_node *known = NULL;
	for (size_t p = 0; p < sizeof(pod_paths) / sizeof(pod_paths[0]); p++) {
		const struct hl_node *parent = NULL, *n = obj;
		const char *last = NULL;
		const struct hl_span *via = hl_k8sv_item_via(it);
		struct hl_span vbuf;
		for (int k = 0; k < 5 && pod_paths[p][k] && n; k++) {
			parent = n;
			last = pod_paths[p][k];
			via = hl_k8sv_via_key(n, last, via, &vbuf);
			n = hl_map_get(n, last);
		}
		if (!n || n->kind != HL_NODE_MAP)
			continue;
		/* a workload kind's own path holds its pod spec, whatever
		 * it holds (only init containers, only hostNetwork);
		 * elsewhere a pod spec is known by its container lists */
		if (!workload_path(kind, p) &&
		    !hl_node_is_seq(hl_map_get(n, "containers")) &&
		    !hl_node_is_seq(hl_map_get(n, "initContainers")) &&
		    !hl_node_is_seq(hl_map_get(n, "ephemeralContainers")))
			continue;
		push_pod(d, v, it, parent, last, n, via, POD_SHAPE_POD, "");
		known = n;
		break;
	}
	struct pod_search S = {d, v, it, known, HL_BUF_INIT};
	search_pods(&S, NULL, NULL, NULL, obj, 0);
	hl_buf_release(&S.where);
}

void hl_k8s_pods(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *objs = hl_view_items(d, HL_VIEW_K8S_OBJECT);
	for (size_t i = 0; i < objs->count; i++)
		pod_of(d, v, &objs->items[i]);
}

/* ------------------------------------------------------------------ */
/* container                                                          */

static const struct kcontainer *kc_of(const struct hl_node *r)
{
	return r->u.record->p;
}

/* Security context fields a pod sets for all its containers. */
static const char *const inherited[] = {
	"runAsUser",	  "runAsGroup",	     "runAsNonRoot",   "seLinuxOptions",
	"seccompProfile", "appArmorProfile", "windowsOptions", NULL};

/* A pod-level field the container inherits: one of those, and not set in
 * the container's own context `csc`. */
/* Does the container's securityContext set `k` (a null sets nothing)? */
static bool sets(const struct hl_node *csc, const char *k)
{
	const struct hl_pair *p = hl_map_pair(csc, k);
	return p && !hl_k8sv_null(p->value);
}

static bool inherits(const struct hl_node *key, const struct hl_node *csc)
{
	const char *k = hl_node_text(key);
	for (int i = 0; k && inherited[i]; i++)
		if (!strcmp(k, inherited[i]))
			return !sets(csc, k);
	return false;
}

/* Every pair, nulls included. */
static bool own_pairs(const struct hl_node *key, const struct hl_node *other)
{
	(void)key;
	(void)other;
	return true;
}

/* Add the pairs of mapping `src` to `dst`. When `src` was reached through
 * an alias (or sits at one), each value is wrapped so that findings inside
 * point at the alias, not at the anchored original. `keep` filters keys
 * (NULL: all). */
static void add_pairs(struct hl_arena *a, struct hl_node *dst,
		      const struct hl_node *src, const struct hl_span *via,
		      bool (*keep)(const struct hl_node *key,
				   const struct hl_node *other),
		      const struct hl_node *other)
{
	struct hl_span at;
	if (src && src->kind == HL_NODE_ALIAS && !via) {
		at = src->span;
		via = &at;
	}
	src = hl_node_deref(src);
	if (!src || src->kind != HL_NODE_MAP)
		return;
	for (size_t i = 0; i < src->u.map.count; i++) {
		const struct hl_pair *p = &src->u.map.pairs[i];
		if (keep && !keep(p->key, other))
			continue;
		/* a null is not set (the container's, in a patch, is kept:
		 * nulling a field there is what the patch does) */
		if (keep != own_pairs && hl_k8sv_null(p->value))
			continue;
		struct hl_node *v = p->value;
		if (via)
			v = hl_node_alias(
				a,
				hl_node_deref(v)
					? (struct hl_node *)hl_node_deref(v)
					: v,
				*via);
		hl_map_add(a, dst, p->key, v);
	}
}

/* A container-level field the container does not set itself (a Tekton
 * stepTemplate's default). */
static bool not_set(const struct hl_node *key, const struct hl_node *csc)
{
	const char *k = hl_node_text(key);
	return k && !sets(csc, k);
}

/* The container's security context with the pod's inherited fields merged
 * under it; each value keeps the key it was written with. An Argo
 * template without a securityContext of its own takes its Workflow's
 * (spec.securityContext); a Tekton step takes its stepTemplate's fields
 * it does not set. */
static const struct hl_node *kc_effective(const struct hl_node *r)
{
	struct hl_arena *a = hl_k8sv_arena_of(r);
	const struct hl_node *pod = kc_of(r)->pod, *c = kc_of(r)->c;
	const struct kpod *kp = pod->u.record->p;
	const struct hl_node *csc = hl_map_get(c, "securityContext");
	struct hl_span pbuf, cbuf, tbuf;
	struct hl_node *e = hl_node_map(a, csc ? csc->span : c->span);
	if (!hl_node_is_map(csc))
		csc = NULL;
	const struct hl_node *holder = pod;
	const struct hl_pair *pp = hl_map_pair(pod, "securityContext");
	const char *av = hl_node_text(hl_map_get(kp->object, "apiVersion"));
	if (!pp && (kp->shape == POD_SHAPE_ARGO ||
		    (av && !strncmp(av, "argoproj.io/", 12)))) {
		/* an Argo template (a containerSet too) takes its
		 * Workflow's */
		const struct hl_node *spec = hl_map_get(kp->object, "spec");
		if (hl_map_get(spec, "workflowSpec"))
			spec = hl_map_get(spec, "workflowSpec");
		holder = spec;
		pp = hl_map_pair(spec, "securityContext");
	}
	if (pp)
		add_pairs(a, e, pp->value,
			  alias_at(holder, "securityContext", &pbuf), inherits,
			  csc);
	if (kp->shape == POD_SHAPE_TEKTON && !strcmp(kc_of(r)->list, "steps")) {
		const struct hl_node *st = hl_map_get(pod, "stepTemplate");
		const struct hl_pair *tp = hl_map_pair(st, "securityContext");
		if (tp)
			add_pairs(a, e, tp->value,
				  alias_at(st, "securityContext", &tbuf),
				  not_set, csc);
	}
	const struct hl_pair *cp = hl_map_pair(c, "securityContext");
	const struct hl_doc *doc = r->u.record->ctx;
	if (cp)
		add_pairs(a, e, cp->value,
			  alias_at(c, "securityContext", &cbuf),
			  doc && doc->patch ? own_pairs : NULL, NULL);
	const struct hl_node *cv = cp ? hl_node_deref(cp->value) : NULL;
	if (!e->u.map.count && cv && cv->kind == HL_NODE_SCALAR &&
	    cv->u.scalar.type == HL_SCALAR_NULL)
		return cv; /* securityContext: null, and none inherited */
	return e;
}

static const struct hl_node *kc_kind(const struct hl_node *r)
{
	return hl_node_cstr(hl_k8sv_arena_of(r), kc_of(r)->kind, none);
}

static const struct hl_node *kc_pod(const struct hl_node *r)
{
	return kc_of(r)->pod;
}

static const struct hl_node *kc_object_kind(const struct hl_node *r)
{
	return hl_map_get(kc_of(r)->pod, "object-kind");
}

/* The pod's annotation `prefix` + the container's name (AppArmor's and
 * seccomp's before their fields existed). */
static const struct hl_node *kc_annotation(const struct hl_node *r,
					   const char *prefix)
{
	const char *name = hl_node_text(hl_map_get(kc_of(r)->c, "name"));
	const struct hl_node *ann = hl_map_get(
		hl_map_get(kc_of(r)->pod, "metadata"), "annotations");
	if (!name || !ann)
		return NULL;
	return hl_map_get(ann, hl_arena_join(hl_k8sv_arena_of(r), prefix, name,
					     (char *)NULL));
}

static const struct hl_node *kc_seccomp_annotation(const struct hl_node *r)
{
	const struct hl_node *n = kc_annotation(
		r, "container.seccomp.security.alpha.kubernetes.io/");
	if (n)
		return n;
	return hl_map_get(hl_map_get(hl_map_get(kc_of(r)->pod, "metadata"),
				     "annotations"),
			  "seccomp.security.alpha.kubernetes.io/pod");
}

enum container_field {
	CONTAINER_CONTAINER_KIND,
	CONTAINER_EFFECTIVE,
	CONTAINER_POD,
	CONTAINER_OBJECT_KIND,
	CONTAINER_WINDOWS,
	CONTAINER_APPARMOR_ANNOTATION,
	CONTAINER_SECCOMP_ANNOTATION,
	CONTAINER_MISSING_RESOURCES,
	CONTAINER__COUNT
};

static const struct hl_rfield container_fields[CONTAINER__COUNT] = {
	[CONTAINER_CONTAINER_KIND] = {"container-kind", "string",
				      "regular, init or ephemeral"},
	[CONTAINER_EFFECTIVE] =
		{"effective", "SecurityContext",
		 "its securityContext with the pod's runAsUser, runAsGroup, "
		 "runAsNonRoot, seLinuxOptions, seccompProfile, "
		 "appArmorProfile and windowsOptions merged under it (each "
		 "value keeps its place)"},
	[CONTAINER_POD] = {"pod", "pod", "the pod spec it is in"},
	[CONTAINER_OBJECT_KIND] = {"object-kind", "string",
				   "the kind of the object it is in"},
	[CONTAINER_WINDOWS] = {"windows", "boolean",
			       "its pod is a Windows pod (pod.windows): "
			       "Linux-only rules skip it"},
	[CONTAINER_APPARMOR_ANNOTATION] =
		{"apparmor-annotation", "string",
		 "the pod's annotation container.apparmor.security.beta."
		 "kubernetes.io/<its name> (runtime/default, unconfined, "
		 "localhost/...)"},
	[CONTAINER_SECCOMP_ANNOTATION] =
		{"seccomp-annotation", "string",
		 "the pod's annotation container.seccomp.security.alpha."
		 "kubernetes.io/<its name>, else seccomp.security.alpha."
		 "kubernetes.io/pod (before seccompProfile; ignored since "
		 "Kubernetes 1.27)"},
	[CONTAINER_MISSING_RESOURCES] =
		{"missing-resources", "[string]",
		 "what it lacks of requests and limits of cpu, memory and "
		 "ephemeral-storage (requests.cpu, limits.cpu, ...; a "
		 "request its limit supplies is set); none when a template "
		 "supplies resources"},
};

static const struct hl_node *container_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum container_field)f) {
	case CONTAINER_CONTAINER_KIND:
		return kc_kind(r);
	case CONTAINER_EFFECTIVE:
		return kc_effective(r);
	case CONTAINER_POD:
		return kc_pod(r);
	case CONTAINER_OBJECT_KIND:
		return kc_object_kind(r);
	case CONTAINER_WINDOWS:
		return hl_map_get(kc_of(r)->pod, "windows");
	case CONTAINER_APPARMOR_ANNOTATION:
		return kc_annotation(
			r, "container.apparmor.security.beta.kubernetes.io/");
	case CONTAINER_SECCOMP_ANNOTATION:
		return kc_seccomp_annotation(r);
	case CONTAINER_MISSING_RESOURCES:
		return hl_k8sv_missing_resources(r);
	case CONTAINER__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_container_type = {
	.name = "container",
	.target = HL_TARGET_KUBERNETES,
	.passes = "Container",
	.meaning = "a container, init container or ephemeral container",
	.fields = container_fields,
	.nfields = CONTAINER__COUNT,
	.get = container_get,
};

struct container_list {
	const char *field;
	const char *kind;
	const char *label;
	bool single; /* one mapping, not a list (Argo's container) */
};

/* The lists of containers of each pod shape, in the order they run. */
static const struct container_list container_lists[][4] = {
	[POD_SHAPE_POD] = {{"initContainers", "init", "initContainer", false},
			   {"containers", "regular", "container", false},
			   {"ephemeralContainers", "ephemeral",
			    "ephemeralContainer", false},
			   {NULL, NULL, NULL, false}},
	[POD_SHAPE_ARGO] = {{"initContainers", "init", "initContainer", false},
			    {"container", "regular", "container", true},
			    {"script", "regular", "script", true},
			    {"sidecars", "regular", "sidecar", false}},
	[POD_SHAPE_TEKTON] = {{"steps", "regular", "step", false},
			      {"sidecars", "regular", "sidecar", false},
			      {NULL, NULL, NULL, false},
			      {NULL, NULL, NULL, false}},
};

/* The containers of list `cl` of pod item `pod`. */
static enum pod_shape pod_of_kind(const struct hl_item *pod)
{
	return ((const struct kpod *)pod->node->u.record->p)->shape;
}

static void containers_of(struct hl_doc *d, struct hl_items *v,
			  const struct hl_item *pod,
			  const struct container_list *cl)
{
	const struct hl_node *list = hl_map_get(pod->node, cl->field);
	if (!list || list->kind != (cl->single ? HL_NODE_MAP : HL_NODE_SEQ))
		return;
	struct hl_span lbuf;
	const struct hl_span *lvia = hl_k8sv_via_key(
		pod->node, cl->field, hl_k8sv_item_via(pod), &lbuf);
	size_t count = cl->single ? 1 : list->u.seq.count;
	for (size_t k = 0; k < count; k++) {
		const struct hl_node *raw =
			cl->single ? hl_map_pair(pod->node, cl->field)->value
				   : list->u.seq.items[k];
		const struct hl_node *c = hl_node_deref(raw);
		if (!c || c->kind != HL_NODE_MAP)
			continue;
		const struct hl_pair *cr = hl_map_pair(c, "computeResources");
		if (cr && !hl_map_pair(c, "resources") &&
		    (pod_of_kind(pod) == POD_SHAPE_TEKTON)) {
			/* a Tekton step's (or sidecar's) resources are
			 * computeResources: read as the container's */
			struct hl_node *m = hl_node_map(d->arena, c->span);
			for (size_t p = 0; p < c->u.map.count; p++)
				hl_map_add(d->arena, m, c->u.map.pairs[p].key,
					   c->u.map.pairs[p].value);
			hl_map_add(d->arena, m,
				   hl_node_str(d->arena, "resources", 9,
					       cr->key->span),
				   cr->value);
			c = m;
			raw = m;
		}
		struct hl_span ibuf;
		const struct hl_span *via = hl_k8sv_via_item(raw, lvia, &ibuf);
		struct kcontainer *kc = hl_arena_alloc(d->arena, sizeof(*kc));
		kc->c = c;
		kc->pod = pod->node;
		kc->kind = cl->kind;
		kc->list = cl->field;
		const char *name = hl_k8sv_shown_or(
			d->arena, hl_map_get(c, "name"), "<unnamed>");
		size_t before = v->count;
		hl_view_push_via(
			d, v,
			hl_node_record(d->arena, &hl_k8sv_container_type, kc, d,
				       raw, c->span),
			hl_k8sv_first_entry(c, "name"),
			hl_arena_join(d->arena, pod->object, " ", cl->label,
				      " ", name, (char *)NULL),
			via);
		hl_view_key(v, before,
			    hl_key_node(d->arena, pod->key, cl->field,
					hl_map_get(c, "name")));
	}
}

void hl_k8s_containers(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *pods = hl_view_items(d, HL_VIEW_K8S_POD);
	for (size_t i = 0; i < pods->count; i++) {
		const struct kpod *kp = pods->items[i].node->u.record->p;
		const struct container_list *cl = container_lists[kp->shape];
		for (size_t l = 0; l < 4 && cl[l].field; l++)
			containers_of(d, v, &pods->items[i], &cl[l]);
	}
}

/* ------------------------------------------------------------------ */
/* env                                                                */

struct kenv {
	const struct hl_node *container; /* its record */
	const char *from;		 /* env or envFrom */
};

static const struct kenv *ke_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *ke_from(const struct hl_node *r)
{
	return hl_node_cstr(hl_k8sv_arena_of(r), ke_of(r)->from, none);
}

/* The pod record of container record `c`: what its object is, for
 * messages ("container 'app' of Deployment 'web'"). */
static const struct hl_node *object_kind_of(const struct hl_node *c)
{
	return hl_map_get(hl_map_get(c, "pod"), "object-kind");
}

static const struct hl_node *object_name_of(const struct hl_node *c)
{
	return hl_map_get(hl_map_get(hl_map_get(hl_map_get(c, "pod"), "object"),
				     "metadata"),
			  "name");
}

static const struct hl_node *ke_container(const struct hl_node *r)
{
	return hl_map_get(ke_of(r)->container, "name");
}

static const struct hl_node *ke_container_kind(const struct hl_node *r)
{
	return hl_map_get(ke_of(r)->container, "container-kind");
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* X_ACCESS_KEY while the same container also sets X_SECRET_KEY (the id
 * half of a pair: MinIO, Scaleway). */
static const struct hl_node *ke_paired(const struct hl_node *r)
{
	struct hl_arena *a = hl_k8sv_arena_of(r);
	const char *name = hl_node_text(hl_map_get(r, "name"));
	char me[128];
	size_t n;
	bool paired = false;
	if (name && hl_name_squeeze(name, me, sizeof(me)) &&
	    (n = strlen(me)) > 9 && !strcmp(me + n - 9, "accesskey")) {
		struct kcontainer *kc =
			(struct kcontainer *)ke_of(r)->container->u.record->p;
		if (!kc->names_made) {
			kc->names_made = true;
			const struct hl_node *env =
				hl_node_deref(hl_map_get(kc->c, "env"));
			size_t cnt = env && env->kind == HL_NODE_SEQ
					     ? env->u.seq.count
					     : 0;
			kc->names = hl_arena_array(a, cnt + 1, sizeof(char *));
			char sq[128];
			for (size_t i = 0; i < cnt; i++) {
				const char *t = hl_node_text(hl_map_get(
					env->u.seq.items[i], "name"));
				if (t && hl_name_squeeze(t, sq, sizeof(sq)))
					kc->names[kc->nnames++] =
						hl_arena_strdup(a, sq);
			}
			qsort(kc->names, kc->nnames, sizeof(char *), cmp_name);
		}
		memcpy(me + n - 9, "secretkey", 10);
		const char *key = me;
		paired = bsearch(&key, kc->names, kc->nnames, sizeof(char *),
				 cmp_name) != NULL;
	}
	return hl_node_bool(a, paired, none);
}

enum env_field {
	ENV_FROM,
	ENV_CONTAINER,
	ENV_CONTAINER_KIND,
	ENV_PAIRED,
	ENV_OBJECT_KIND,
	ENV_OBJECT_NAME,
	ENV__COUNT
};

static const struct hl_rfield env_fields[ENV__COUNT] = {
	[ENV_FROM] = {"from", "string", "env or envFrom"},
	[ENV_CONTAINER] = {"container", "string", "the container's name"},
	[ENV_CONTAINER_KIND] = {"container-kind", "string",
				"regular, init or ephemeral"},
	[ENV_PAIRED] = {"paired", "boolean",
			"its name is X_ACCESS_KEY and the same container also "
			"sets X_SECRET_KEY: the id half of a key pair"},
	[ENV_OBJECT_KIND] = {"object-kind", "string",
			     "the kind of the object its container is in"},
	[ENV_OBJECT_NAME] = {"object-name", "string",
			     "that object's metadata.name"},
};

static const struct hl_node *env_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum env_field)f) {
	case ENV_FROM:
		return ke_from(r);
	case ENV_CONTAINER:
		return ke_container(r);
	case ENV_CONTAINER_KIND:
		return ke_container_kind(r);
	case ENV_PAIRED:
		return ke_paired(r);
	case ENV_OBJECT_KIND:
		return object_kind_of(ke_of(r)->container);
	case ENV_OBJECT_NAME:
		return object_name_of(ke_of(r)->container);
	case ENV__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_env_type = {
	.name = "env",
	.target = HL_TARGET_KUBERNETES,
	.passes = "EnvVar|EnvFromSource",
	.meaning = "an env or envFrom entry",
	.fields = env_fields,
	.nfields = ENV__COUNT,
	.get = env_get,
};

/* What an env entry is: its name (env), or the ConfigMap or Secret it
 * takes (envFrom), with its prefix. */
static const char *env_key(struct hl_doc *d, const char *container, int from,
			   const struct hl_node *e)
{
	if (!from)
		return hl_key_node(d->arena, container, "env",
				   hl_map_get(e, "name"));
	const char *k = hl_key(d->arena, container, "envFrom", "", 0);
	k = hl_key_node(d->arena, k, "prefix", hl_map_get(e, "prefix"));
	k = hl_key_node(d->arena, k, "configMap",
			hl_map_get(hl_map_get(e, "configMapRef"), "name"));
	return hl_key_node(d->arena, k, "secret",
			   hl_map_get(hl_map_get(e, "secretRef"), "name"));
}

void hl_k8s_env(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *cs = hl_view_items(d, HL_VIEW_K8S_CONTAINER);
	static const char *const lists[] = {"env", "envFrom"};
	for (size_t i = 0; i < cs->count; i++) {
		const struct hl_node *c = cs->items[i].node;
		for (int l = 0; l < 2; l++) {
			const struct hl_node *env = hl_map_get(c, lists[l]);
			if (!env || env->kind != HL_NODE_SEQ)
				continue;
			struct hl_span lbuf;
			const struct hl_span *lvia = hl_k8sv_via_key(
				c, lists[l], hl_k8sv_item_via(&cs->items[i]),
				&lbuf);
			for (size_t k = 0; k < env->u.seq.count; k++) {
				const struct hl_node *raw = env->u.seq.items[k];
				const struct hl_node *e = hl_node_deref(raw);
				if (!e || e->kind != HL_NODE_MAP)
					continue;
				struct hl_span ibuf;
				struct kenv *ke = hl_arena_alloc(d->arena,
								 sizeof(*ke));
				ke->container = c;
				ke->from = lists[l];
				const char *name =
					l == 0 ? hl_k8sv_shown_or(
							 d->arena,
							 hl_map_get(e, "name"),
							 "?")
					       : hl_arena_printf(d->arena,
								 "#%zu", k + 1);
				size_t before = v->count;
				hl_view_push_via(
					d, v,
					hl_node_record(d->arena,
						       &hl_k8sv_env_type, ke, d,
						       raw, e->span),
					hl_k8sv_first_entry(e, NULL),
					hl_arena_join(d->arena,
						      cs->items[i].object, " ",
						      lists[l], " ", name,
						      (char *)NULL),
					hl_k8sv_via_item(raw, lvia, &ibuf));
				hl_view_key(v, before,
					    env_key(d, cs->items[i].key, l, e));
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* image                                                              */

struct kimage {
	const struct hl_node *container; /* its record */
	const struct hl_pair *pair;	 /* image: ... */
	const struct hl_node *img;	 /* its scalar */
	struct hl_image_ref ref;
	struct hl_span span; /* the pair's */
};

static const struct kimage *ki_of(const struct hl_node *r)
{
	return r->u.record->p;
}

/* Image text for the parser: `{{ ... }}` template expressions stand for
 * unknown values. */
static const char *image_text(struct hl_arena *a, const struct hl_node *n,
			      size_t *len)
{
	const char *s = n->u.scalar.s;
	size_t l = n->u.scalar.len;
	if (!(n->flags & HL_NODE_UNKNOWN)) {
		*len = l;
		return s;
	}
	char *out = hl_arena_alloc(a, l + 1);
	size_t o = 0;
	for (size_t i = 0; i < l;) {
		if (i + 1 < l && s[i] == '{' && s[i + 1] == '{') {
			const char *close = NULL;
			for (size_t j = i + 2; j + 1 < l; j++)
				if (s[j] == '}' && s[j + 1] == '}') {
					close = s + j;
					break;
				}
			if (close) {
				out[o++] = HL_IMAGE_UNKNOWN;
				i = (size_t)(close - s) + 2;
				continue;
			}
		}
		out[o++] = s[i++];
	}
	*len = o;
	return out;
}

/* `p` made canonical as path.Clean does: no empty or `.` elements, `..`
 * taken back (never above /), no trailing slash. */
struct hl_node *hl_k8sv_clean_path(struct hl_arena *a, const char *p,
				   struct hl_span span)
{
	size_t n = strlen(p);
	char *out = hl_arena_alloc(a, n + 2);
	size_t w = 0;
	bool abs = p[0] == '/';
	if (abs)
		out[w++] = '/';
	size_t root = w;
	for (size_t i = 0; i < n;) {
		while (i < n && p[i] == '/')
			i++;
		size_t s = i;
		while (i < n && p[i] != '/')
			i++;
		size_t len = i - s;
		if (!len || (len == 1 && p[s] == '.'))
			continue;
		if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
			if (w > root) {
				while (w > root && out[w - 1] != '/')
					w--;
				if (w > root)
					w--; /* the slash before it */
			} else if (!abs) {
				if (w)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
			}
			continue;
		}
		if (w > root)
			out[w++] = '/';
		memcpy(out + w, p + s, len);
		w += len;
	}
	if (!w)
		out[w++] = '.';
	out[w] = '\0';
	return hl_node_str(a, out, w, span);
}

static const struct hl_node *ki_image(const struct hl_node *r)
{
	return ki_of(r)->pair->value;
}

static const struct hl_node *ki_ref(const struct hl_node *r)
{
	return ki_of(r)->img;
}

static const struct hl_node *ki_known(const struct hl_node *r)
{
	const struct kimage *k = ki_of(r);
	return hl_node_bool(hl_k8sv_arena_of(r),
			    !(k->img->flags & HL_NODE_UNKNOWN), k->span);
}

static const struct hl_node *ki_valid(const struct hl_node *r)
{
	return hl_node_bool(hl_k8sv_arena_of(r), ki_of(r)->ref.valid,
			    ki_of(r)->span);
}

/* A part of the reference by its state: an unknown part reads as the
 * reference that left it unknown. */
static const struct hl_node *ki_part(const struct hl_node *r,
				     enum hl_part_state st, const char *value)
{
	const struct kimage *k = ki_of(r);
	if (st == HL_PART_ABSENT)
		return NULL;
	if (st == HL_PART_UNKNOWN)
		return hl_node_unknown(hl_k8sv_arena_of(r), k->img->u.scalar.s,
				       k->img->u.scalar.len, k->span);
	return hl_node_cstr(hl_k8sv_arena_of(r), value, k->span);
}

static const struct hl_node *ki_registry(const struct hl_node *r)
{
	return ki_part(r, ki_of(r)->ref.registry_state, ki_of(r)->ref.registry);
}

static const struct hl_node *ki_repository(const struct hl_node *r)
{
	return ki_part(r, ki_of(r)->ref.repository_state,
		       ki_of(r)->ref.repository);
}

static const struct hl_node *ki_tag(const struct hl_node *r)
{
	return ki_part(r, ki_of(r)->ref.tag_state, ki_of(r)->ref.tag);
}

static const struct hl_node *ki_digest(const struct hl_node *r)
{
	return ki_part(r, ki_of(r)->ref.digest_state, ki_of(r)->ref.digest);
}

static const struct hl_node *ki_name(const struct hl_node *r)
{
	const struct kimage *k = ki_of(r);
	return k->ref.name
		       ? hl_node_cstr(hl_k8sv_arena_of(r), k->ref.name, k->span)
		       : NULL;
}

static const struct hl_node *ki_container(const struct hl_node *r)
{
	return hl_map_get(ki_of(r)->container, "name");
}

static const struct hl_node *ki_container_kind(const struct hl_node *r)
{
	return hl_map_get(ki_of(r)->container, "container-kind");
}

/* Does an OpenShift ImageChange trigger of `object` name container
 * `name`: the image written is replaced by the one the trigger's image
 * stream tag resolves to? */
static bool image_triggered(const struct hl_node *object, const char *name)
{
	const char *kind = hl_node_text(hl_map_get(object, "kind"));
	const struct hl_node *ts = hl_node_deref(
		hl_map_get(hl_map_get(object, "spec"), "triggers"));
	if (!name || !kind || strcmp(kind, "DeploymentConfig") ||
	    !hl_node_is_seq(ts))
		return false;
	for (size_t i = 0; i < ts->u.seq.count; i++) {
		const struct hl_node *t = hl_node_deref(ts->u.seq.items[i]);
		const char *type = hl_node_text(hl_map_get(t, "type"));
		const struct hl_node *names = hl_node_deref(hl_map_get(
			hl_map_get(t, "imageChangeParams"), "containerNames"));
		if (!type || strcmp(type, "ImageChange") ||
		    !hl_node_is_seq(names))
			continue;
		for (size_t j = 0; j < names->u.seq.count; j++) {
			const char *n = hl_node_text(
				hl_node_deref(names->u.seq.items[j]));
			if (n && !strcmp(n, name))
				return true;
		}
	}
	return false;
}

static const struct hl_node *ki_triggered(const struct hl_node *r)
{
	const struct kimage *k = ki_of(r);
	const struct hl_node *pod = hl_map_get(k->container, "pod");
	bool t =
		image_triggered(hl_map_get(pod, "object"),
				hl_node_text(hl_map_get(k->container, "name")));
	return hl_node_bool(hl_k8sv_arena_of(r), t, k->span);
}

enum image_field {
	IMAGE_IMAGE,
	IMAGE_REF,
	IMAGE_REGISTRY,
	IMAGE_REPOSITORY,
	IMAGE_TAG,
	IMAGE_DIGEST,
	IMAGE_NAME,
	IMAGE_KNOWN,
	IMAGE_VALID,
	IMAGE_CONTAINER,
	IMAGE_CONTAINER_KIND,
	IMAGE_TRIGGERED,
	IMAGE_OBJECT_KIND,
	IMAGE_OBJECT_NAME,
	IMAGE__COUNT
};

static const struct hl_rfield image_fields[IMAGE__COUNT] = {
	[IMAGE_IMAGE] = {"image", "string",
			 "the container's image, as written"},
	[IMAGE_REF] = {"ref", "string", "the same"},
	[IMAGE_REGISTRY] = {"registry", "string",
			    "docker.io, gcr.io, localhost:5000, ..."},
	[IMAGE_REPOSITORY] = {"repository", "string", "library/nginx, ..."},
	[IMAGE_TAG] = {"tag", "string", "1.27, ..."},
	[IMAGE_DIGEST] = {"digest", "string", "sha256:..."},
	[IMAGE_NAME] = {"name", "string", "registry/repository, normalised"},
	[IMAGE_KNOWN] = {"known", "boolean",
			 "no template expression left it unknown"},
	[IMAGE_VALID] = {"valid", "boolean",
			 "every known part fits the reference grammar"},
	[IMAGE_CONTAINER] = {"container", "string", "the container's name"},
	[IMAGE_CONTAINER_KIND] = {"container-kind", "string",
				  "regular, init or ephemeral"},
	[IMAGE_TRIGGERED] = {"triggered", "boolean",
			     "an OpenShift DeploymentConfig's ImageChange "
			     "trigger names its container: the image "
			     "written is replaced by the one its image "
			     "stream tag resolves to"},
	[IMAGE_OBJECT_KIND] = {"object-kind", "string",
			       "the kind of the object its container is in"},
	[IMAGE_OBJECT_NAME] = {"object-name", "string",
			       "that object's metadata.name"},
};

static const struct hl_node *image_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum image_field)f) {
	case IMAGE_IMAGE:
		return ki_image(r);
	case IMAGE_REF:
		return ki_ref(r);
	case IMAGE_REGISTRY:
		return ki_registry(r);
	case IMAGE_REPOSITORY:
		return ki_repository(r);
	case IMAGE_TAG:
		return ki_tag(r);
	case IMAGE_DIGEST:
		return ki_digest(r);
	case IMAGE_NAME:
		return ki_name(r);
	case IMAGE_KNOWN:
		return ki_known(r);
	case IMAGE_VALID:
		return ki_valid(r);
	case IMAGE_CONTAINER:
		return ki_container(r);
	case IMAGE_CONTAINER_KIND:
		return ki_container_kind(r);
	case IMAGE_TRIGGERED:
		return ki_triggered(r);
	case IMAGE_OBJECT_KIND:
		return object_kind_of(ki_of(r)->container);
	case IMAGE_OBJECT_NAME:
		return object_name_of(ki_of(r)->container);
	case IMAGE__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_image_type = {
	.name = "container-image",
	.target = HL_TARGET_KUBERNETES,
	.passes = "",
	.meaning =
		"a container's image; a part a template may supply is unknown",
	.fields = image_fields,
	.nfields = IMAGE__COUNT,
	.get = image_get,
};

void hl_k8s_images(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *cs = hl_view_items(d, HL_VIEW_K8S_CONTAINER);
	for (size_t i = 0; i < cs->count; i++) {
		const struct hl_node *c = cs->items[i].node;
		const struct hl_pair *p = hl_map_pair(c, "image");
		const struct hl_node *img = p ? hl_node_deref(p->value) : NULL;
		if (!img || img->kind != HL_NODE_SCALAR ||
		    img->u.scalar.type != HL_SCALAR_STR)
			continue;
		struct kimage *k = hl_arena_alloc(d->arena, sizeof(*k));
		k->container = c;
		k->pair = p;
		k->img = img;
		k->span = hl_k8sv_pair_span(c, "image");
		size_t len;
		const char *text = image_text(d->arena, img, &len);
		hl_image_parse(d->arena, text, len, &k->ref);
		struct hl_span vbuf;
		size_t before = v->count;
		hl_view_push_via(
			d, v,
			hl_node_record(d->arena, &hl_k8sv_image_type, k, d,
				       NULL, k->span),
			k->span,
			hl_arena_join(d->arena, cs->items[i].object, " image",
				      (char *)NULL),
			hl_k8sv_via_key(c, "image",
					hl_k8sv_item_via(&cs->items[i]),
					&vbuf));
		hl_view_key(v, before,
			    hl_key(d->arena, cs->items[i].key, "image", "", 0));
	}
}

const struct hl_rtype *const hl_k8s_types[] = {
	&hl_k8sv_object_type,
	&hl_k8sv_pod_type,
	&hl_k8sv_container_type,
	&hl_k8sv_env_type,
	&hl_k8sv_volume_type,
	&hl_k8sv_mount_type,
	&hl_k8sv_image_type,
	&hl_k8sv_dup_type,
	&hl_sup_k8s_type,
	&hl_k8sv_entry_type,
	NULL,
};
