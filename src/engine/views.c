/*
 * views: the registry of views and record types, and what every view
 * shares: a document's items, computed on first use and cached, with the
 * limit on how many one view may hold. The views themselves are in
 * views_dockerfile.c and views_kubernetes.c.
 */
#include "engine/views.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>


/* The registry. Names are arrays (no relocation at start-up); the public
 * hl_view_info is made from them on first use; make() below says which
 * function computes each view. */
static const struct view {
	char name[24];
	enum hl_target target;
	char what[160];
	char type[24];
} views[HL_VIEW__COUNT] = {
	[HL_VIEW_DF_STAGE] = {"stage", HL_TARGET_DOCKERFILE, "build stage",
			      "stage"},
	[HL_VIEW_DF_INSTRUCTION] = {"instruction", HL_TARGET_DOCKERFILE,
				    "instruction (ONBUILD's own in its "
				    "onbuild field)",
				    "instruction"},
	[HL_VIEW_DF_IMAGE] = {"image", HL_TARGET_DOCKERFILE,
			      "image reference of FROM, COPY --from and RUN "
			      "--mount from=",
			      "image"},
	[HL_VIEW_DF_RUN_COMMAND] = {"run-command", HL_TARGET_DOCKERFILE,
				    "simple command a RUN runs: ONBUILD RUN, "
				    "heredoc scripts, sh -c bodies and $( ) "
				    "substitutions included",
				    "run-command"},
	[HL_VIEW_DF_PACKAGE_INSTALL] = {"package-install", HL_TARGET_DOCKERFILE,
					"package install of a RUN: apt-get/"
					"apt, apk, yum, dnf, microdnf, "
					"zypper, pip (and python -m pip), "
					"npm, yarn, pnpm, gem, go install",
					"package-install"},
	[HL_VIEW_DF_SYNTAX] = {"syntax", HL_TARGET_DOCKERFILE,
			       "problem the parser recovered from", "problem"},
	[HL_VIEW_DF_VARIABLE] = {"variable", HL_TARGET_DOCKERFILE,
				 "name an ENV or ARG defines, global ARGs "
				 "included",
				 "variable"},
	[HL_VIEW_DF_SUPPRESSION] = {"suppression", HL_TARGET_DOCKERFILE,
				    "rule name a `# hardlint ignore=` or `# "
				    "hadolint ignore=` comment gives",
				    "suppression"},
	[HL_VIEW_K8S_OBJECT] = {"object", HL_TARGET_KUBERNETES,
				"object (List items included)", "object"},
	[HL_VIEW_K8S_POD] = {"pod", HL_TARGET_KUBERNETES, "pod spec", "pod"},
	[HL_VIEW_K8S_CONTAINER] = {"container", HL_TARGET_KUBERNETES,
				   "container, init container, ephemeral "
				   "container",
				   "container"},
	[HL_VIEW_K8S_ENV] = {"env", HL_TARGET_KUBERNETES,
			     "env and envFrom entry of a container", "env"},
	[HL_VIEW_K8S_VOLUME] = {"volume", HL_TARGET_KUBERNETES,
				"volume of a pod spec", "volume"},
	[HL_VIEW_K8S_DUPLICATE_KEY] = {"duplicate-key", HL_TARGET_KUBERNETES,
				       "key written twice in one mapping "
				       "(any depth)",
				       "duplicate-key"},
	[HL_VIEW_K8S_CONFIG_ENTRY] = {"config-entry", HL_TARGET_KUBERNETES,
				      "entry of a ConfigMap's data or binaryData",
				      "config-entry"},
	[HL_VIEW_K8S_IMAGE] = {"image", HL_TARGET_KUBERNETES, "container image",
			       "container-image"},
	[HL_VIEW_K8S_SUPPRESSION] = {"suppression", HL_TARGET_KUBERNETES,
				     "rule name a `# hardlint ignore=` "
				     "comment or a hardlint.dev/ignore "
				     "annotation of the object gives",
				     "k8s-suppression"},
};

/* hardlint.h's view, type and field infos, made once from the tables
 * when first asked for (--list-views, the rule loader's checks), on the
 * heap: a run that never asks never touches them. */
static struct public
{
	struct hl_view_info views[HL_VIEW__COUNT];
	struct hl_type_info *types;
	size_t ntypes;
	struct hl_field_info *fields;
	size_t *first; /* each type's first field */
}
*pub;
static pthread_once_t pub_once = PTHREAD_ONCE_INIT;

static const struct hl_rtype *const *const type_lists[] = {hl_df_types,
							   hl_k8s_types};

static void make_public(void)
{
	struct public *p = hl_xcalloc(1, sizeof(*p));
	for (size_t i = 0; i < HL_VIEW__COUNT; i++)
		p->views[i] =
			(struct hl_view_info){views[i].name, views[i].target,
					      views[i].what, views[i].type};
	size_t nt = 0, nf = 0;
	for (size_t l = 0; l < 2; l++)
		for (size_t k = 0; type_lists[l][k]; k++, nt++)
			nf += type_lists[l][k]->nfields;
	p->types = hl_xcalloc(nt, sizeof(*p->types));
	p->first = hl_xcalloc(nt, sizeof(*p->first));
	p->fields = hl_xcalloc(nf, sizeof(*p->fields));
	nf = 0;
	for (size_t l = 0; l < 2; l++)
		for (size_t k = 0; type_lists[l][k]; k++) {
			const struct hl_rtype *t = type_lists[l][k];
			size_t i = p->ntypes++;
			p->types[i] = (struct hl_type_info){
				t->name, t->target, t->meaning,
				t->passes[0] ? t->passes : NULL, t->nfields};
			p->first[i] = nf;
			for (size_t f = 0; f < t->nfields; f++)
				p->fields[nf++] = (struct hl_field_info){
					t->fields[f].name, t->fields[f].type,
					t->fields[f].meaning};
		}
	pub = p;
}

static struct public *public_infos(void)
{
	pthread_once(&pub_once, make_public);
	return pub;
}

size_t hl_views_count(void)
{
	return HL_VIEW__COUNT;
}

const struct hl_view_info *hl_views_get(size_t i)
{
	return i < HL_VIEW__COUNT ? &public_infos()->views[i] : NULL;
}

int hl_view_find(const char *name, enum hl_target target)
{
	for (int i = 0; i < HL_VIEW__COUNT; i++)
		if (views[i].target == target && !strcmp(views[i].name, name))
			return i;
	return -1;
}

size_t hl_types_count(void)
{
	return public_infos()->ntypes;
}

const struct hl_type_info *hl_types_get(size_t i)
{
	struct public *p = public_infos();
	return i < p->ntypes ? &p->types[i] : NULL;
}

const struct hl_rtype *hl_rtype_find(const char *name)
{
	for (size_t l = 0; l < 2; l++)
		for (size_t k = 0; type_lists[l][k]; k++)
			if (!strcmp(type_lists[l][k]->name, name))
				return type_lists[l][k];
	return NULL;
}

const struct hl_type_info *hl_types_find(const char *name)
{
	struct public *p = public_infos();
	for (size_t i = 0; i < p->ntypes; i++)
		if (!strcmp(p->types[i].name, name))
			return &p->types[i];
	return NULL;
}

const struct hl_field_info *hl_type_field(const struct hl_type_info *t,
					  size_t i)
{
	struct public *p = public_infos();
	if (t < p->types || t >= p->types + p->ntypes || i >= t->nfields)
		return NULL;
	return &p->fields[p->first[t - p->types] + i];
}

void hl_doc_init(struct hl_doc *doc, enum hl_target target, const char *path,
		 struct hl_source *src, struct hl_arena *a,
		 const struct hl_node *root, const void *front)
{
	memset(doc, 0, sizeof(*doc));
	doc->target = target;
	doc->path = path;
	doc->input = path;
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
			d->too_many = views[v - d->views].name;
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
	v->items[v->count].key = NULL;
	v->items[v->count].has_via = false;
	v->count++;
}

static uint64_t fnv_add(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

const char *hl_key(struct hl_arena *a, const char *parent, const char *tag,
		   const char *s, size_t len)
{
	/* the digest of `PARENT|tag=LEN:bytes`: the parent's own digest (a
	 * key is one: 16 hex digits, whatever its ancestors hold, so 4,800
	 * commands of one long RUN do not each hash it), the tag, and the
	 * bytes with their length (a NUL is a byte like any other) */
	uint64_t h = 1469598103934665603ull;
	if (parent)
		h = fnv_add(h, parent, strlen(parent));
	h = fnv_add(h, "|", 1);
	h = fnv_add(h, tag, strlen(tag));
	h = fnv_add(h, "=", 1);
	/* the length in decimal, as "%zu" writes it (no printf: a key is
	 * made for every item of every view, and start-up counts) */
	char digits[24];
	hl_utoa(s ? len : 0, digits);
	h = fnv_add(h, digits, strlen(digits));
	h = fnv_add(h, ":", 1);
	if (s)
		h = fnv_add(h, s, len);
	static const char hex[] = "0123456789abcdef";
	char out[16];
	for (int i = 15; i >= 0; i--, h >>= 4)
		out[i] = hex[h & 15];
	return hl_arena_strndup(a, out, 16);
}

const char *hl_key_node(struct hl_arena *a, const char *parent,
			const char *tag, const struct hl_node *n)
{
	n = hl_node_deref(n);
	if (!n || n->kind != HL_NODE_SCALAR)
		return hl_key(a, parent, tag, "-", 1);
	return hl_key(a, parent, tag, n->u.scalar.s, n->u.scalar.len);
}

void hl_view_key(struct hl_items *v, size_t before, const char *key)
{
	if (v->count > before)
		v->items[v->count - 1].key = key;
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

/* Compute view `id` of `doc` into `v`. */
static void make(enum hl_view_id id, struct hl_doc *doc, struct hl_items *v)
{
	switch (id) {
	case HL_VIEW_DF_STAGE:
		hl_df_stages(doc, v);
		break;
	case HL_VIEW_DF_INSTRUCTION:
		hl_df_instructions(doc, v);
		break;
	case HL_VIEW_DF_IMAGE:
		hl_df_images(doc, v);
		break;
	case HL_VIEW_DF_RUN_COMMAND:
		hl_df_run_commands(doc, v);
		break;
	case HL_VIEW_DF_PACKAGE_INSTALL:
		hl_df_packages(doc, v);
		break;
	case HL_VIEW_DF_SYNTAX:
		hl_df_syntax(doc, v);
		break;
	case HL_VIEW_DF_VARIABLE:
		hl_df_variables(doc, v);
		break;
	case HL_VIEW_DF_SUPPRESSION:
		hl_df_suppressions(doc, v);
		break;
	case HL_VIEW_K8S_SUPPRESSION:
		hl_k8s_suppressions(doc, v);
		break;
	case HL_VIEW_K8S_OBJECT:
		hl_k8s_objects(doc, v);
		break;
	case HL_VIEW_K8S_POD:
		hl_k8s_pods(doc, v);
		break;
	case HL_VIEW_K8S_CONTAINER:
		hl_k8s_containers(doc, v);
		break;
	case HL_VIEW_K8S_ENV:
		hl_k8s_env(doc, v);
		break;
	case HL_VIEW_K8S_VOLUME:
		hl_k8s_volumes(doc, v);
		break;
	case HL_VIEW_K8S_DUPLICATE_KEY:
		hl_k8s_duplicates(doc, v);
		break;
	case HL_VIEW_K8S_CONFIG_ENTRY:
		hl_k8s_config_entries(doc, v);
		break;
	case HL_VIEW_K8S_IMAGE:
		hl_k8s_images(doc, v);
		break;
	case HL_VIEW__COUNT:
		break;
	}
}

const struct hl_items *hl_view_items(struct hl_doc *doc, int id)
{
	static const struct hl_items empty;
	if (id < 0 || id >= HL_VIEW__COUNT || views[id].target != doc->target)
		return &empty;
	if (!doc->computed[id]) {
		doc->computed[id] = true;
		if (doc->root || doc->front)
			make((enum hl_view_id)id, doc, &doc->views[id]);
	}
	return &doc->views[id];
}

/* A YAML tree's named values: each entry whose value is a scalar, and a
 * mapping's name:/value: pair; an alias counts where it is used, its
 * target's content is walked where it is anchored. */
static void named_walk(const struct hl_node *n, hl_named_fn *fn, void *ctx,
		       unsigned depth, bool *aliases)
{
	if (!n || depth > 256)
		return;
	if (n->kind == HL_NODE_ALIAS)
		*aliases = true;
	if (n->kind == HL_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count; i++)
			named_walk(n->u.seq.items[i], fn, ctx, depth + 1,
				   aliases);
		return;
	}
	if (n->kind != HL_NODE_MAP)
		return;
	const struct hl_node *name = NULL, *value = NULL;
	/* a Secret's values are secrets whatever their keys */
	const char *kind = hl_node_text(hl_map_get(n, "kind"));
	bool secret = kind && !strcmp(kind, "Secret");
	for (size_t i = 0; i < n->u.map.count; i++) {
		const struct hl_node *k = n->u.map.pairs[i].key;
		const struct hl_node *v = n->u.map.pairs[i].value;
		if (!v)
			continue;
		const struct hl_node *sv = hl_node_deref(v);
		if (v->kind == HL_NODE_ALIAS)
			*aliases = true;
		if (!k || k->kind != HL_NODE_SCALAR)
			continue;
		if (sv && sv->kind == HL_NODE_SCALAR) {
			fn(ctx, k->u.scalar.s, k->u.scalar.len,
			   sv->u.scalar.s, sv->u.scalar.len,
			   v->kind == HL_NODE_ALIAS);
			if (!strcmp(k->u.scalar.s, "name"))
				name = sv;
			else if (!strcmp(k->u.scalar.s, "value"))
				value = sv;
		} else if (secret && sv && sv->kind == HL_NODE_MAP &&
			   (!strcmp(k->u.scalar.s, "data") ||
			    !strcmp(k->u.scalar.s, "stringData"))) {
			for (size_t j = 0; j < sv->u.map.count; j++) {
				const struct hl_node *x =
					hl_node_deref(sv->u.map.pairs[j].value);
				if (x && x->kind == HL_NODE_SCALAR)
					fn(ctx, "secret", 6, x->u.scalar.s,
					   x->u.scalar.len, false);
			}
		} else if (v->kind != HL_NODE_ALIAS)
			named_walk(v, fn, ctx, depth + 1, aliases);
	}
	if (name && value)
		fn(ctx, name->u.scalar.s, name->u.scalar.len,
		   value->u.scalar.s, value->u.scalar.len, false);
}

void hl_doc_named_values(const struct hl_doc *doc, hl_named_fn *fn, void *ctx)
{
	if (doc->target == HL_TARGET_DOCKERFILE && doc->front)
		hl_df_named_values(doc, fn, ctx);
	else {
		bool aliases = false;
		named_walk(doc->root, fn, ctx, 0, &aliases);
		/* an object of a List that takes a value from another
		 * object through an alias: that document's values too (a
		 * List of a few objects: each would walk the whole) */
		const struct hl_node *items =
			doc->whole && doc->whole != doc->root
				? hl_node_deref(hl_map_get(doc->whole, "items"))
				: NULL;
		if (aliases && items && items->kind == HL_NODE_SEQ &&
		    items->u.seq.count <= 256)
			named_walk(doc->whole, fn, ctx, 0, &aliases);
	}
}

bool hl_name_squeeze(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s; s++) {
		if (*s == '_' || *s == '-' || *s == '.')
			continue;
		if (n + 1 >= cap)
			return false;
		out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = 0;
	return true;
}
