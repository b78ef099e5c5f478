/*
 * views_kubernetes_volume: the volume view (a pod spec's volumes, with
 * their type, a host path made canonical and the mounts that name them)
 * and the volume-mount records they lead to.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/views.h"
#include "engine/views_kubernetes.h"

static const struct hl_span none;

struct kvolume {
	const struct hl_node *vol;    /* its mapping */
	const struct hl_node *pod;    /* the pod record */
	const struct hl_node *mounts; /* [volume-mount] */
};

static const struct kvolume *kv_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *kv_type(const struct hl_node *r)
{
	const struct hl_node *vol = kv_of(r)->vol;
	if (!kv_of(r)->pod) /* a PersistentVolume's */
		return hl_node_cstr(hl_k8sv_arena_of(r), "hostPath", none);
	/* the volume's source: the one key besides name */
	for (size_t p = 0; p < vol->u.map.count; p++) {
		const char *key = hl_node_text(vol->u.map.pairs[p].key);
		if (key && strcmp(key, "name"))
			return hl_node_cstr(hl_k8sv_arena_of(r), key, none);
	}
	return NULL;
}

static const struct hl_node *kv_host_path(const struct hl_node *r)
{
	const struct hl_node *vol = kv_of(r)->vol;
	/* hostPath.path made canonical, as the kubelet would reach it:
	 * /./etc and /var//run are /etc, /var/run */
	const struct hl_node *hp = hl_map_get(hl_map_get(vol, "hostPath"),
					      "path");
	if (!hp || hp->kind != HL_NODE_SCALAR || (hp->flags & HL_NODE_UNKNOWN))
		return NULL;
	return hl_k8sv_clean_path(hl_k8sv_arena_of(r), hp->u.scalar.s,
			  hl_k8sv_pair_span(hl_map_get(vol, "hostPath"), "path"));
}

static const struct hl_node *kv_mounts(const struct hl_node *r)
{
	return kv_of(r)->mounts;
}

static const struct hl_node *kv_pod(const struct hl_node *r)
{
	return kv_of(r)->pod;
}

static const struct hl_node *kv_object_kind(const struct hl_node *r)
{
	if (!kv_of(r)->pod)
		return hl_node_cstr(hl_k8sv_arena_of(r), "PersistentVolume",
				    none);
	return hl_map_get(kv_of(r)->pod, "object-kind");
}

/* The name of the object it is in (a PersistentVolume's own). */
static const struct hl_node *kv_object_name(const struct hl_node *r)
{
	if (!kv_of(r)->pod)
		return hl_map_get(kv_of(r)->vol, "name");
	return hl_map_get(hl_map_get(hl_map_get(kv_of(r)->pod, "object"),
				     "metadata"),
			  "name");
}

enum volume_field {
	VOLUME_TYPE,
	VOLUME_HOST_PATH,
	VOLUME_MOUNTS,
	VOLUME_POD,
	VOLUME_OBJECT_KIND,
	VOLUME_OBJECT_NAME,
	VOLUME__COUNT
};

static const struct hl_rfield volume_fields[VOLUME__COUNT] = {
	[VOLUME_TYPE] = {"type", "string",
			 "its source: hostPath, emptyDir, secret, ..."},
	[VOLUME_HOST_PATH] =
		{"host-path", "string",
		 "hostPath.path made canonical as path.Clean does: /./etc and "
		 "/var//run/ are /etc and /var/run"},
	[VOLUME_MOUNTS] =
		{"mounts", "[volume-mount]",
		 "the volumeMounts of the pod's containers that name it"},
	[VOLUME_POD] = {"pod", "pod",
			"the pod spec it is in (none for a PersistentVolume's "
			"hostPath, a volume of its own)"},
	[VOLUME_OBJECT_KIND] = {"object-kind", "string",
				"the kind of the object it is in"},
	[VOLUME_OBJECT_NAME] = {"object-name", "string",
				"the name of the object it is in"},
};

static const struct hl_node *volume_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum volume_field)f) {
	case VOLUME_TYPE:
		return kv_type(r);
	case VOLUME_HOST_PATH:
		return kv_host_path(r);
	case VOLUME_MOUNTS:
		return kv_mounts(r);
	case VOLUME_POD:
		return kv_pod(r);
	case VOLUME_OBJECT_KIND:
		return kv_object_kind(r);
	case VOLUME_OBJECT_NAME:
		return kv_object_name(r);
	case VOLUME__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_volume_type = {
	.name = "volume",
	.target = HL_TARGET_KUBERNETES,
	.passes = "Volume",
	.meaning = "a volume of a pod spec",
	.fields = volume_fields,
	.nfields = VOLUME__COUNT,
	.get = volume_get,
};

struct kmount {
	const struct hl_node *container; /* its record */
};

static const struct hl_node *km_container(const struct hl_node *r)
{
	const struct kmount *m = r->u.record->p;
	return hl_map_get(m->container, "name");
}

static const struct hl_node *km_container_kind(const struct hl_node *r)
{
	const struct kmount *m = r->u.record->p;
	return hl_map_get(m->container, "container-kind");
}

enum mount_field { MOUNT_CONTAINER, MOUNT_CONTAINER_KIND, MOUNT__COUNT };

static const struct hl_rfield mount_fields[MOUNT__COUNT] = {
	[MOUNT_CONTAINER] = {"container", "string", "the container's name"},
	[MOUNT_CONTAINER_KIND] = {"container-kind", "string",
				  "regular, init or ephemeral"},
};

static const struct hl_node *mount_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum mount_field)f) {
	case MOUNT_CONTAINER:
		return km_container(r);
	case MOUNT_CONTAINER_KIND:
		return km_container_kind(r);
	case MOUNT__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_mount_type = {
	.name = "volume-mount",
	.target = HL_TARGET_KUBERNETES,
	.passes = "VolumeMount",
	.meaning = "a volumeMount of a container",
	.fields = mount_fields,
	.nfields = MOUNT__COUNT,
	.get = mount_get,
};

struct mount_ref {
	const char *name; /* its whole bytes: len of them (a NUL inside
			     does not end it) */
	size_t len;
	size_t order;		    /* container, then mount: kept among
				       equals */
	const struct hl_node *item; /* its record */
};

static int cmp_mount(const void *pa, const void *pb)
{
	const struct mount_ref *a = pa, *b = pb;
	int c = memcmp(a->name, b->name, a->len < b->len ? a->len : b->len);
	if (!c)
		c = (a->len > b->len) - (a->len < b->len);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* The volumeMounts of containers [from, to) of `cs`, sorted by name. */
static struct mount_ref *pod_mounts(struct hl_doc *d, const struct hl_items *cs,
				    size_t from, size_t to, size_t *n)
{
	struct mount_ref *refs = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t c = from; c < to; c++) {
		const struct hl_node *ct = cs->items[c].node;
		const struct hl_node *vms = hl_map_get(ct, "volumeMounts");
		for (size_t m = 0; hl_node_is_seq(vms) && m < vms->u.seq.count;
		     m++) {
			const struct hl_node *vm = vms->u.seq.items[m];
			const struct hl_node *vnn =
				hl_node_deref(hl_map_get(vm, "name"));
			const char *vn = hl_node_text(vnn);
			if (!vn || !hl_node_is_map(hl_node_deref(vm)))
				continue;
			struct kmount *km = hl_arena_alloc(d->arena,
							   sizeof(*km));
			km->container = ct;
			refs = hl_arena_grow(d->arena, refs, *n, &cap,
					     sizeof(*refs));
			refs[*n].name = vn;
			refs[*n].len = vnn->u.scalar.len;
			refs[*n].order = *n;
			refs[(*n)++].item = hl_node_record(
				d->arena, &hl_k8sv_mount_type, km, d, vm,
				hl_node_deref(vm)->span);
		}
	}
	if (*n > 1)
		qsort(refs, *n, sizeof(*refs), cmp_mount);
	return refs;
}

/* The mounts of the volume named `name`: the run of refs with that name. */
static struct hl_node *mounts_named(struct hl_doc *d,
				    const struct mount_ref *refs, size_t nrefs,
				    const struct hl_node *name)
{
	struct hl_node *mounts = hl_node_seq(d->arena, none);
	name = hl_node_deref(name);
	if (!hl_node_text(name) || !nrefs)
		return mounts;
	struct mount_ref key = {name->u.scalar.s, name->u.scalar.len, 0, NULL};
	size_t lo = 0, hi = nrefs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct mount_ref m = refs[mid];
		m.order = 0;
		if (cmp_mount(&m, &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nrefs && refs[lo].len == key.len &&
	       !memcmp(refs[lo].name, key.name, key.len);
	     lo++)
		hl_seq_push(d->arena, mounts, (struct hl_node *)refs[lo].item);
	return mounts;
}

/* The volumes of pod item `pod`, whose containers are cs[from, to). */
static void volumes_of(struct hl_doc *d, struct hl_items *v,
		       const struct hl_item *pod, const struct hl_items *cs,
		       size_t from, size_t to)
{
	const struct hl_node *vols = hl_map_get(pod->node, "volumes");
	if (!hl_node_is_seq(vols))
		return;
	struct hl_span lbuf;
	const struct hl_span *lvia = hl_k8sv_via_key(pod->node, "volumes",
					     hl_k8sv_item_via(pod), &lbuf);
	size_t nrefs;
	struct mount_ref *refs = pod_mounts(d, cs, from, to, &nrefs);
	for (size_t k = 0; k < vols->u.seq.count; k++) {
		const struct hl_node *raw = vols->u.seq.items[k];
		const struct hl_node *vol = hl_node_deref(raw);
		if (!hl_node_is_map(vol))
			continue;
		const char *name = hl_node_shown(d->arena,
						 hl_map_get(vol, "name"));
		struct kvolume *kv = hl_arena_alloc(d->arena, sizeof(*kv));
		kv->vol = vol;
		kv->pod = pod->node;
		kv->mounts = mounts_named(d, refs, nrefs,
					  hl_map_get(vol, "name"));
		struct hl_span ibuf;
		size_t before = v->count;
		hl_view_push_via(
			d, v,
			hl_node_record(d->arena, &hl_k8sv_volume_type, kv, d,
				       raw, vol->span),
			hl_k8sv_first_entry(vol, NULL),
			hl_arena_join(d->arena, pod->object, " volume ",
				      name ? name : "<unnamed>", (char *)NULL),
			hl_k8sv_via_item(raw, lvia, &ibuf));
		hl_view_key(v, before,
			    hl_key_node(d->arena, pod->key, "volume",
					hl_map_get(vol, "name")));
	}
}

/* A PersistentVolume's hostPath: the node's directory, mounted by every
 * pod whose claim binds to it (a persistentVolumeClaim volume, which the
 * restricted Pod Security Standard allows), so judged as a pod's hostPath
 * volume would be: a volume named as the PersistentVolume. */
static void persistent_volume(struct hl_doc *d, struct hl_items *v,
			      const struct hl_item *obj)
{
	const struct hl_node *om = hl_k8sv_object_map(obj);
	const char *kind = hl_node_text(hl_map_get(om, "kind"));
	const struct hl_node *spec = hl_map_get(om, "spec");
	const struct hl_pair *hp = hl_map_pair(spec, "hostPath");
	if (!kind || strcmp(kind, "PersistentVolume") || !hp)
		return;
	struct hl_node *vol = hl_node_map(d->arena, spec->span);
	const struct hl_pair *np =
		hl_map_pair(hl_map_get(om, "metadata"), "name");
	if (np)
		hl_map_add(d->arena, vol, np->key, np->value);
	hl_map_add(d->arena, vol, hp->key, hp->value);
	struct kvolume *kv = hl_arena_alloc(d->arena, sizeof(*kv));
	kv->vol = vol;
	kv->pod = NULL;
	kv->mounts = hl_node_seq(d->arena, none);
	size_t before = v->count;
	hl_view_push_via(d, v,
			 hl_node_record(d->arena, &hl_k8sv_volume_type, kv, d,
					vol, vol->span),
			 hp->key->span,
			 hl_arena_join(d->arena, obj->object, " hostPath",
				       (char *)NULL),
			 hl_k8sv_item_via(obj));
	hl_view_key(v, before, hl_key(d->arena, obj->key, "hostPath", "", 0));
}

void hl_k8s_volumes(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *objs = hl_view_items(d, HL_VIEW_K8S_OBJECT);
	for (size_t i = 0; i < objs->count; i++)
		persistent_volume(d, v, &objs->items[i]);
	const struct hl_items *pods = hl_view_items(d, HL_VIEW_K8S_POD);
	const struct hl_items *cs = hl_view_items(d, HL_VIEW_K8S_CONTAINER);
	size_t c0 = 0; /* a pod's containers follow each other in cs */
	for (size_t i = 0; i < pods->count; i++) {
		const struct hl_node *pod = pods->items[i].node;
		size_t c1 = c0;
		while (c1 < cs->count && hl_k8sv_kc(cs->items[c1].node)->pod == pod)
			c1++;
		volumes_of(d, v, &pods->items[i], cs, c0, c1);
		c0 = c1;
	}
}

