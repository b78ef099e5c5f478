/*
 * views_kubernetes_config: what a container's resources lack (the
 * container's missing-resources field), and the config-entry view: each
 * entry of a
 * ConfigMap's `data`, so that a rule judges every value on its own (a
 * ConfigMap holding three credentials is three findings, each at its
 * key). A record passes through to the ConfigMap, so a rule reads
 * `metadata.name` from it as from the object.
 */
#include <string.h>

#include "core/text.h"
#include "engine/views.h"
#include "engine/views_kubernetes.h"

struct kentry {
	const struct hl_pair *pair; /* key: value, in data or binaryData */
	bool binary;		    /* binaryData: the value is base64 */
};

enum entry_field { ENTRY_KEY, ENTRY_VALUE, ENTRY__COUNT };

static const struct hl_rfield entry_fields[ENTRY__COUNT] = {
	[ENTRY_KEY] = {"key", "string", "the entry's key, at its place"},
	[ENTRY_VALUE] = {"value", "string",
			 "the entry's value as written (a file's text for "
			 "app.properties), at its place; template {{ }} "
			 "blanked; a binaryData value decoded, when it is "
			 "text"},
};

/* The value as a rule judges it: a value a template made unknown (a
 * Grafana dashboard's `{{pod}}`) is its text with each `{{ ... }}`
 * blanked: what is written around them is committed as it is, and a
 * credential there is one. */
static const struct hl_node *entry_value(const struct hl_node *r,
					 const struct hl_node *v)
{
	if (!v || v->kind != HL_NODE_SCALAR || !(v->flags & HL_NODE_UNKNOWN))
		return v;
	struct hl_arena *a = r->u.record->arena;
	char *t = hl_arena_strndup(a, v->u.scalar.s, v->u.scalar.len);
	for (char *o = strstr(t, "{{"); o; o = strstr(o, "{{")) {
		char *c = strstr(o + 2, "}}");
		char *end = c ? c + 2 : t + v->u.scalar.len;
		memset(o, ' ', (size_t)(end - o));
		o = end;
	}
	return hl_node_str(a, t, v->u.scalar.len, v->span);
}

/* A binaryData value as its text: base64 decoded, when that is text (a
 * token, a configuration file); else as written. */
static const struct hl_node *decoded(const struct hl_node *r,
				     const struct hl_node *v)
{
	if (!v || v->kind != HL_NODE_SCALAR || (v->flags & HL_NODE_UNKNOWN))
		return v;
	struct hl_arena *a = r->u.record->arena;
	unsigned char *out = hl_arena_alloc(a, v->u.scalar.len / 4 * 3 + 4);
	long n = hl_base64_decode(v->u.scalar.s, v->u.scalar.len, out);
	if (n <= 0 || !hl_is_text(out, (size_t)n))
		return v;
	return hl_node_str(a, (const char *)out, (size_t)n, v->span);
}

static const struct hl_node *entry_get(const struct hl_node *r, uint32_t f)
{
	const struct kentry *e = r->u.record->p;
	switch ((enum entry_field)f) {
	case ENTRY_KEY:
		return e->pair->key;
	case ENTRY_VALUE:
		if (e->binary)
			return decoded(r, hl_node_deref(e->pair->value));
		return entry_value(r, hl_node_deref(e->pair->value));
	case ENTRY__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_k8sv_entry_type = {
	.name = "config-entry",
	.target = HL_TARGET_KUBERNETES,
	.passes = "Object",
	.meaning = "an entry of a ConfigMap's data",
	.fields = entry_fields,
	.nfields = ENTRY__COUNT,
	.get = entry_get,
};

/* The entries of a ConfigMap's `field` (data or binaryData). */
static void entries(struct hl_doc *d, struct hl_items *v,
		    const struct hl_item *obj, const char *field, bool binary)
{
	const struct hl_node *om = hl_k8sv_object_map(obj);
	const struct hl_node *data = hl_node_deref(hl_map_get(om, field));
	if (!hl_node_is_map(data))
		return;
	for (size_t k = 0; k < data->u.map.count; k++) {
		const struct hl_pair *p = &data->u.map.pairs[k];
		const char *name = hl_node_shown(d->arena, p->key);
		struct kentry *e = hl_arena_alloc(d->arena, sizeof(*e));
		e->pair = p;
		e->binary = binary;
		size_t before = v->count;
		hl_view_push_via(d, v,
				 hl_node_record(d->arena, &hl_k8sv_entry_type,
						e, d, om, p->key->span),
				 hl_span_join(p->key->span, p->value->span),
				 hl_arena_join(d->arena, obj->object, " key ",
					       name ? name : "<unnamed>",
					       (char *)NULL),
				 hl_k8sv_item_via(obj));
		hl_view_key(v, before,
			    hl_key_node(d->arena, obj->key, field, p->key));
	}
}

void hl_k8s_config_entries(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *objs = hl_view_items(d, HL_VIEW_K8S_OBJECT);
	for (size_t i = 0; i < objs->count; i++) {
		const struct hl_item *obj = &objs->items[i];
		const struct hl_node *om = hl_k8sv_object_map(obj);
		const char *kind = hl_node_text(hl_map_get(om, "kind"));
		if (!kind || strcmp(kind, "ConfigMap"))
			continue;
		entries(d, v, obj, "data", false);
		entries(d, v, obj, "binaryData", true);
	}
}

/* Is `v` YAML's null: a field Kubernetes reads as not set? */
bool hl_k8sv_null(const struct hl_node *v)
{
	v = hl_node_deref(v);
	return v && v->kind == HL_NODE_SCALAR &&
	       v->u.scalar.type == HL_SCALAR_NULL;
}

/* The resource settings the container lacks, of requests and limits of
 * cpu, memory and ephemeral-storage, in that order: a request its limit
 * supplies (Kubernetes sets the request to the limit) is not lacking.
 * NULL when `resources` is a value a template leaves unknown. */
const struct hl_node *hl_k8sv_missing_resources(const struct hl_node *r)
{
	static const char *const kinds[] = {"cpu", "memory",
					    "ephemeral-storage"};
	struct hl_arena *a = hl_k8sv_arena_of(r);
	const struct hl_node *c = hl_k8sv_kc(r)->c;
	const struct hl_node *res = hl_node_deref(hl_map_get(c, "resources"));
	if (res && (res->flags & HL_NODE_UNKNOWN))
		return NULL;
	struct hl_span at = hl_k8sv_first_entry(c, "resources");
	const struct hl_node *lim = hl_node_deref(hl_map_get(res, "limits"));
	const struct hl_node *req = hl_node_deref(hl_map_get(res, "requests"));
	struct hl_node *out = hl_node_seq(a, at);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		/* a null sets nothing */
		bool has_limit = !hl_k8sv_null(hl_map_get(lim, kinds[k])) &&
				 hl_map_get(lim, kinds[k]);
		bool has_request = has_limit ||
				   (hl_map_get(req, kinds[k]) &&
				    !hl_k8sv_null(hl_map_get(req, kinds[k])));
		if (!has_request)
			hl_seq_push(a, out,
				    hl_node_cstr(a,
						 hl_arena_join(a, "requests.",
							       kinds[k],
							       (char *)NULL),
						 at));
		if (!has_limit)
			hl_seq_push(a, out,
				    hl_node_cstr(a,
						 hl_arena_join(a, "limits.",
							       kinds[k],
							       (char *)NULL),
						 at));
	}
	return out;
}
