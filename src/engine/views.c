/*
 * views: derives the items rules iterate over from a document's tree. The
 * Dockerfile views select parts of the tree dockerfile_tree.c lays out; the
 * Kubernetes views find every pod spec wherever a workload keeps it, every
 * container of it, and merge the pod-level security context under each
 * container's, each merged value keeping the key (and so the place) it came
 * from.
 */
#include "engine/views.h"

#include <stdlib.h>
#include <string.h>

#include "core/image.h"
#include "kubernetes/k8s.h"
#include "dockerfile/packages.h"

static const struct hl_view_info registry[HL_VIEW__COUNT] = {
#define HL_VIEW(id, name, target, maker, what) \
	[HL_VIEW_##id] = {name, HL_TARGET_##target, what},
#include "engine/views.def"
#undef HL_VIEW
};

/* The makers: each appends the items of its view to `v`. */
#define HL_VIEW(id, name, target, maker, what) \
	static void maker(struct hl_doc *d, struct hl_items *v);
#include "engine/views.def"
#undef HL_VIEW

const struct hl_view_info *hl_view_info(int id)
{
	if (id < 0 || id >= HL_VIEW__COUNT)
		return NULL;
	return &registry[id];
}

int hl_view_find(const char *name, enum hl_target target)
{
	for (int i = 0; i < HL_VIEW__COUNT; i++)
		if (registry[i].target == target &&
		    !strcmp(registry[i].name, name))
			return i;
	return -1;
}

void hl_doc_init(struct hl_doc *doc, enum hl_target target, const char *path,
		 struct hl_source *src, struct hl_arena *a,
		 const struct hl_node *root)
{
	memset(doc, 0, sizeof(*doc));
	doc->target = target;
	doc->path = path;
	doc->src = src;
	doc->arena = a;
	doc->root = root;
}

static void push(struct hl_doc *d, struct hl_items *v,
		 const struct hl_node *node, struct hl_span anchor,
		 const char *object)
{
	if (v->count >= HL_VIEW_MAX_ITEMS) {
		if (!d->too_many) {
			d->too_many = registry[v - d->views].name;
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

/* push, for an item reached through an alias (`via` not NULL): every
 * finding about it points at the alias. */
static void push_via(struct hl_doc *d, struct hl_items *v,
		     const struct hl_node *node, struct hl_span anchor,
		     const char *object, const struct hl_span *via)
{
	size_t before = v->count;
	push(d, v, node, via ? *via : anchor, object);
	if (via && v->count > before) {
		v->items[v->count - 1].has_via = true;
		v->items[v->count - 1].via = *via;
	}
}

/* The alias place an item inherits: `outer` if its parent was reached
 * through one; else, if `raw` (a sequence item) is an alias, its span;
 * else none. */
static const struct hl_span *via_item(const struct hl_node *raw,
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

/* The same for the value of `key` in `map`: `key: *alias`. */
static const struct hl_span *via_key(const struct hl_node *map, const char *key,
				     const struct hl_span *outer,
				     struct hl_span *buf);

/* The item's own via, or NULL. */
static const struct hl_span *item_via(const struct hl_item *it)
{
	return it->has_via ? &it->via : NULL;
}

static const struct hl_node *seq_at(const struct hl_node *root, const char *key)
{
	const struct hl_node *s = hl_map_get(root, key);
	return s && s->kind == HL_NODE_SEQ ? s : NULL;
}

static const char *text_or(const struct hl_node *n, const char *dflt)
{
	const char *t = hl_node_text(n);
	return t ? t : dflt;
}

/* Add the pairs of mapping `src` to `dst`. When `src` was reached through
 * an alias (or sits at one), each value is wrapped so that findings inside
 * point at the alias, not at the anchored original. `keep` filters keys
 * (NULL: all). */
static void add_pairs(struct hl_doc *d, struct hl_node *dst,
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
		struct hl_node *v = p->value;
		if (via)
			v = hl_node_alias(
				d->arena,
				hl_node_deref(v)
					? (struct hl_node *)hl_node_deref(v)
					: v,
				*via);
		hl_map_add(d->arena, dst, p->key, v);
	}
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

/* A copy of mapping `src`'s pairs, to which a view adds its own fields. */
static struct hl_node *overlay(struct hl_doc *d, const struct hl_node *src)
{
	struct hl_node *n = hl_node_map(d->arena, hl_node_deref(src)->span);
	add_pairs(d, n, src, NULL, NULL, NULL);
	return n;
}

/* ------------------------------------------------------------------ */
/* Dockerfile                                                         */

static const char *stage_label(struct hl_doc *d, const struct hl_node *stage)
{
	const char *name = hl_node_text(hl_map_get(stage, "name"));
	if (name)
		return hl_arena_printf(d->arena, "stage %s", name);
	return hl_arena_printf(d->arena, "stage %s",
			       text_or(hl_map_get(stage, "index"), "?"));
}

static void df_stages(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *s = seq_at(d->root, "stages");
	for (size_t i = 0; s && i < s->u.seq.count; i++) {
		const struct hl_node *st = s->u.seq.items[i];
		const struct hl_node *from = hl_map_get(st, "from");
		const struct hl_node *kw = hl_map_get(from, "keyword");
		push(d, v, st, kw ? kw->span : st->span, stage_label(d, st));
	}
}

static void df_instructions(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *s = seq_at(d->root, "instructions");
	const struct hl_node *stages = seq_at(d->root, "stages");
	size_t count = 0;
	int64_t last_stage = -2;
	for (size_t i = 0; s && i < s->u.seq.count; i++) {
		const struct hl_node *in = s->u.seq.items[i];
		const struct hl_node *sn = hl_map_get(in, "stage");
		int64_t stage = sn ? sn->u.scalar.i : -1;
		if (stage != last_stage)
			count = 0;
		last_stage = stage;
		const char *where = "before FROM";
		if (stage >= 0 && stages && (size_t)stage < stages->u.seq.count)
			where = stage_label(d, stages->u.seq.items[stage]);
		const char *obj = hl_arena_printf(
			d->arena, "%s %s #%zu", where,
			text_or(hl_map_get(in, "cmd"), "?"), ++count);
		push(d, v, in, in->span, obj);
	}
}

static void df_images(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *s = seq_at(d->root, "images");
	const struct hl_node *stages = seq_at(d->root, "stages");
	for (size_t i = 0; s && i < s->u.seq.count; i++) {
		const struct hl_node *im = s->u.seq.items[i];
		const struct hl_node *in = hl_map_get(im, "in-stage");
		int64_t k = in ? in->u.scalar.i : -1;
		const char *where = "before FROM";
		if (k >= 0 && stages && (size_t)k < stages->u.seq.count)
			where = stage_label(d, stages->u.seq.items[k]);
		const char *obj =
			hl_arena_printf(d->arena, "%s %s %s", where,
					text_or(hl_map_get(im, "source"), "?"),
					hl_map_get(im, "ref")->u.scalar.s);
		push(d, v, im, im->span, obj);
	}
}

/* The commands of one RUN instruction node. */
static void run_commands_of(struct hl_doc *d, struct hl_items *v,
			    const struct hl_node *in, const struct hl_node *at,
			    bool onbuild)
{
	static const struct hl_span none;
	const struct hl_node *cmds = seq_at(in, "commands");
	const struct hl_node *stages = seq_at(d->root, "stages");
	const struct hl_node *sn = hl_map_get(at, "stage");
	int64_t k = sn ? sn->u.scalar.i : -1;
	const struct hl_node *stage =
		k >= 0 && stages && (size_t)k < stages->u.seq.count
			? stages->u.seq.items[k]
			: NULL;
	for (size_t i = 0; cmds && i < cmds->u.seq.count; i++) {
		const struct hl_node *c = cmds->u.seq.items[i];
		struct hl_node *item = overlay(d, c);
		hl_map_set(d->arena, item, "instruction", (struct hl_node *)at);
		if (sn)
			hl_map_set(d->arena, item, "stage",
				   (struct hl_node *)sn);
		hl_map_set(d->arena, item, "final",
			   hl_node_bool(
				   d->arena,
				   hl_node_is_true(hl_map_get(stage, "final")),
				   none));
		hl_map_set(d->arena, item, "onbuild",
			   hl_node_bool(d->arena, onbuild, none));
		const char *prog = hl_node_text(hl_map_get(c, "program"));
		push(d, v, item, c->span,
		     hl_arena_printf(d->arena, "%s%s command %zu %s",
				     stage ? stage_label(d, stage)
					   : "before FROM",
				     onbuild ? " ONBUILD" : "", i + 1,
				     prog ? prog : "?"));
	}
}

static void df_run_commands(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *s = seq_at(d->root, "instructions");
	for (size_t i = 0; s && i < s->u.seq.count; i++) {
		const struct hl_node *in = s->u.seq.items[i];
		run_commands_of(d, v, in, in, false);
		const struct hl_node *ob = hl_map_get(in, "onbuild");
		if (ob)
			run_commands_of(d, v, ob, in, true);
	}
}

/* Does the install keep no cache: a no-cache option, PIP_NO_CACHE_DIR, a
 * cache mount on its cache, or a command of the same RUN that cleans it?
 */
static bool cleans_cache(struct hl_doc *d, const struct hl_pkg_install *pi,
			 const char *const *argv, const struct hl_node *cmd,
			 const struct hl_node *instr,
			 const struct hl_node *stage)
{
	for (size_t k = 0; k < pi->nflags; k++)
		if (hl_pkg_no_cache_flag(pi->manager, argv[pi->flags[k]]))
			return true;
	if (!strcmp(pi->manager, "pip")) {
		const struct hl_node *as = seq_at(cmd, "assigns");
		for (size_t k = 0; as && k < as->u.seq.count; k++) {
			const char *t = hl_node_text(as->u.seq.items[k]);
			if (t && !strncmp(t, "PIP_NO_CACHE_DIR=", 17))
				return true;
		}
		if (hl_map_get(hl_map_get(stage, "env"), "PIP_NO_CACHE_DIR"))
			return true;
	}
	const struct hl_node *mounts = seq_at(instr, "mounts");
	for (size_t k = 0; mounts && k < mounts->u.seq.count; k++) {
		const struct hl_node *m = mounts->u.seq.items[k];
		const char *type = hl_node_text(hl_map_get(m, "type"));
		const char *target = hl_node_text(hl_map_get(m, "target"));
		if (!target)
			target = hl_node_text(hl_map_get(m, "dst"));
		if (type && !strcmp(type, "cache") && target &&
		    hl_pkg_cache_dir(pi->manager, target))
			return true;
	}
	const struct hl_node *cmds = seq_at(instr, "commands");
	for (size_t k = 0; cmds && k < cmds->u.seq.count; k++) {
		const struct hl_node *av = seq_at(cmds->u.seq.items[k], "argv");
		const struct hl_node *pi_n = hl_map_get(cmds->u.seq.items[k],
							"program-index");
		if (!av || !pi_n)
			continue;
		size_t from = (size_t)pi_n->u.scalar.i, n = av->u.seq.count;
		const char **words = hl_arena_array(d->arena, n ? n : 1,
						    sizeof(*words));
		for (size_t w = from; w < n; w++)
			words[w - from] = av->u.seq.items[w]->u.scalar.s;
		if (n > from && hl_pkg_cleans(pi->manager, words, n - from))
			return true;
	}
	return false;
}

static void df_packages(struct hl_doc *d, struct hl_items *v)
{
	static const struct hl_span none;
	const struct hl_items *cmds = hl_view_items(d, HL_VIEW_DF_RUN_COMMAND);
	const struct hl_node *stages = seq_at(d->root, "stages");
	for (size_t i = 0; i < cmds->count; i++) {
		const struct hl_node *c = cmds->items[i].node;
		const struct hl_node *av = seq_at(c, "argv");
		const struct hl_node *pn = hl_map_get(c, "program-index");
		if (!av || !pn)
			continue;
		size_t from = (size_t)pn->u.scalar.i,
		       n = av->u.seq.count - from;
		const char **argv = hl_arena_array(d->arena, n ? n : 1,
						   sizeof(*argv));
		for (size_t k = 0; k < n; k++)
			argv[k] = av->u.seq.items[from + k]->u.scalar.s;
		struct hl_pkg_install pi;
		if (!hl_pkg_parse(d->arena, argv, n, &pi))
			continue;
		const struct hl_node *instr = hl_map_get(c, "instruction");
		if (hl_node_is_true(hl_map_get(c, "onbuild")))
			instr = hl_map_get(instr, "onbuild");
		const struct hl_node *sn = hl_map_get(c, "stage");
		const struct hl_node *stage =
			sn && stages &&
					(size_t)sn->u.scalar.i <
						stages->u.seq.count
				? stages->u.seq.items[sn->u.scalar.i]
				: NULL;
		struct hl_node *item = hl_node_map(d->arena, c->span);
		struct hl_node *const *w = av->u.seq.items + from;
		hl_map_set(d->arena, item, "manager",
			   hl_node_cstr(d->arena, pi.manager, w[0]->span));
		hl_map_set(d->arena, item, "subcommand", w[pi.subcommand]);
		struct hl_node *pkgs = hl_node_seq(d->arena, c->span);
		for (size_t k = 0; k < pi.npackages; k++) {
			const struct hl_pkg_spec *p = &pi.packages[k];
			const struct hl_node *word = w[p->word];
			struct hl_node *pm = hl_node_map(d->arena, word->span);
			struct hl_node *name = hl_node_cstr(d->arena, p->name,
							    word->span);
			name->flags |= word->flags & HL_NODE_UNKNOWN;
			hl_map_set(d->arena, pm, "name", name);
			if (p->version) {
				struct hl_node *ver = hl_node_cstr(
					d->arena, p->version, word->span);
				ver->flags |= word->flags & HL_NODE_UNKNOWN;
				hl_map_set(d->arena, pm, "version", ver);
				hl_map_set(d->arena, pm, "operator",
					   hl_node_cstr(d->arena, p->op,
							word->span));
			}
			hl_map_set(d->arena, pm, "spec",
				   (struct hl_node *)word);
			hl_seq_push(d->arena, pkgs, pm);
		}
		hl_map_set(d->arena, item, "packages", pkgs);
		struct hl_node *flags = hl_node_seq(d->arena, c->span);
		for (size_t k = 0; k < pi.nflags; k++)
			hl_seq_push(d->arena, flags, w[pi.flags[k]]);
		hl_map_set(d->arena, item, "flags", flags);
		struct hl_node *files = hl_node_seq(d->arena, c->span);
		for (size_t k = 0; k < pi.nfiles; k++)
			hl_seq_push(d->arena, files, w[pi.files[k]]);
		hl_map_set(d->arena, item, "files", files);
		hl_map_set(d->arena, item, "from-lockfile",
			   hl_node_bool(d->arena, pi.from_lockfile, none));
		hl_map_set(d->arena, item, "cleans-cache",
			   hl_node_bool(
				   d->arena,
				   cleans_cache(d, &pi, argv, c, instr, stage),
				   none));
		hl_map_set(d->arena, item, "command", (struct hl_node *)c);
		static const char *const copied[] = {"instruction", "stage",
						     "final", "onbuild"};
		for (size_t k = 0; k < 4; k++)
			hl_map_set(d->arena, item, copied[k],
				   (struct hl_node *)hl_map_get(c, copied[k]));
		push(d, v, item, c->span,
		     hl_arena_printf(d->arena, "%s %s install",
				     cmds->items[i].object, pi.manager));
	}
}

static void df_syntax(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *s = seq_at(d->root, "problems");
	for (size_t i = 0; s && i < s->u.seq.count; i++) {
		const struct hl_node *p = s->u.seq.items[i];
		push(d, v, p, p->span,
		     hl_arena_printf(d->arena, "problem %s",
				     text_or(hl_map_get(p, "message"), "")));
	}
}

/* ------------------------------------------------------------------ */
/* Kubernetes                                                         */

/* The span of the key of the pair `key` in `map`, or the map's span. */
static struct hl_span key_span(const struct hl_node *map, const char *key)
{
	const struct hl_pair *p = hl_map_pair(map, key);
	if (p && p->key->span.start.line)
		return p->key->span;
	map = hl_node_deref(map);
	return map ? map->span : (struct hl_span){{0, 0}, {0, 0}};
}

/* The span from the key of `key` in `map` to the end of its value. */
static struct hl_span pair_span(const struct hl_node *map, const char *key)
{
	const struct hl_pair *p = hl_map_pair(map, key);
	if (!p)
		return key_span(map, key);
	/* merged in by `<<: *base`: the merge entry is where it is written */
	if (p->value->flags & HL_NODE_VIA)
		return p->value->span;
	return hl_span_join(p->key->span, p->value->span);
}

static const struct hl_span *via_key(const struct hl_node *map, const char *key,
				     const struct hl_span *outer,
				     struct hl_span *buf)
{
	return outer ? outer : alias_at(map, key, buf);
}

static const char *object_label(struct hl_doc *d, const struct hl_node *obj)
{
	const struct hl_node *md = hl_map_get(obj, "metadata");
	const char *kind = text_or(hl_map_get(obj, "kind"), "?");
	const char *name = hl_node_text(hl_map_get(md, "name"));
	const char *gen = hl_node_text(hl_map_get(md, "generateName"));
	const char *ns = hl_node_text(hl_map_get(md, "namespace"));
	if (!name && gen)
		name = hl_arena_join(d->arena, gen, "*", (char *)NULL);
	if (!name)
		name = "<unnamed>";
	if (ns)
		return hl_arena_join(d->arena, kind, "/", ns, "/", name,
				     (char *)NULL);
	return hl_arena_join(d->arena, kind, "/", name, (char *)NULL);
}

struct list_push {
	struct hl_doc *d;
	struct hl_items *v;
};

/* An object of a List into the object view: anchored at its kind, or (a
 * typed list's item, whose kind is implied) at the item. */
static void push_list_item(const struct hl_node *obj,
			   const struct hl_node *item,
			   const struct hl_span *via, void *ctx)
{
	struct list_push *lp = ctx;
	push_via(lp->d, lp->v, obj,
		 obj == item ? key_span(obj, "kind") : item->span,
		 object_label(lp->d, obj), via);
}

static void k8s_objects(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *root = hl_node_deref(d->root);
	if (!hl_k8s_has_object(root))
		return;
	if (hl_k8s_is_list(root)) {
		struct list_push lp = {d, v};
		hl_k8s_list_each(d->arena, root, NULL, push_list_item, &lp);
		return;
	}
	push_via(d, v, root, key_span(root, "kind"), object_label(d, root),
		 d->has_via ? &d->via : NULL);
}

/* Where a workload keeps its pod spec, most specific first. */
static const char *const pod_paths[][5] = {
	{"spec", "jobTemplate", "spec", "template", "spec"},
	{"spec", "template", "spec", NULL, NULL},
	{"template", "spec", NULL, NULL, NULL},
	{"spec", NULL, NULL, NULL, NULL},
};

static void k8s_pods(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *objs = hl_view_items(d, HL_VIEW_K8S_OBJECT);
	for (size_t i = 0; i < objs->count; i++) {
		const struct hl_node *obj = objs->items[i].node;
		const char *kind = text_or(hl_map_get(obj, "kind"), "");
		for (size_t p = 0; p < sizeof(pod_paths) / sizeof(pod_paths[0]);
		     p++) {
			const struct hl_node *parent = NULL, *n = obj;
			const char *last = NULL;
			const struct hl_span *via = item_via(&objs->items[i]);
			struct hl_span vbuf;
			for (int k = 0; k < 5 && pod_paths[p][k] && n; k++) {
				parent = n;
				last = pod_paths[p][k];
				via = via_key(n, last, via, &vbuf);
				n = hl_map_get(n, last);
			}
			if (!n || n->kind != HL_NODE_MAP)
				continue;
			/* PodTemplate keeps template.spec; elsewhere a pod
			 * spec is known by its containers */
			bool podtemplate = !strcmp(kind, "PodTemplate") &&
					   p == 2;
			if (!podtemplate &&
			    !hl_node_is_seq(hl_map_get(n, "containers")))
				continue;
			struct hl_node *item = overlay(d, n);
			hl_map_set(d->arena, item, "object",
				   (struct hl_node *)obj);
			hl_map_set(d->arena, item, "object-kind",
				   (struct hl_node *)hl_map_get(obj, "kind"));
			struct hl_span keep;
			if (via) {
				keep = *via;
				via = &keep;
			}
			push_via(d, v, item, key_span(parent, last),
				 objs->items[i].object, via);
			break;
		}
	}
}

/* Security context fields a pod sets for all its containers. */
static const char *const inherited[] = {
	"runAsUser",	  "runAsGroup",	     "runAsNonRoot",   "seLinuxOptions",
	"seccompProfile", "appArmorProfile", "windowsOptions", NULL};

/* A pod-level field the container inherits: one of those, and not set in
 * the container's own context `csc`. */
static bool inherits(const struct hl_node *key, const struct hl_node *csc)
{
	const char *k = hl_node_text(key);
	for (int i = 0; k && inherited[i]; i++)
		if (!strcmp(k, inherited[i]))
			return !hl_map_pair(csc, k);
	return false;
}

/* The container's security context with the pod's inherited fields merged
 * under it; each value keeps the key it was written with. */
static struct hl_node *effective(struct hl_doc *d, const struct hl_node *pod,
				 const struct hl_node *c)
{
	const struct hl_node *csc = hl_map_get(c, "securityContext");
	struct hl_span pbuf, cbuf;
	struct hl_node *e = hl_node_map(d->arena, csc ? csc->span : c->span);
	if (!hl_node_is_map(csc))
		csc = NULL;
	const struct hl_pair *pp = hl_map_pair(pod, "securityContext");
	if (pp)
		add_pairs(d, e, pp->value,
			  alias_at(pod, "securityContext", &pbuf), inherits,
			  csc);
	const struct hl_pair *cp = hl_map_pair(c, "securityContext");
	if (cp)
		add_pairs(d, e, cp->value,
			  alias_at(c, "securityContext", &cbuf), NULL, NULL);
	return e;
}

static const struct {
	const char *field;
	const char *kind;
	const char *label;
} container_lists[] = {
	{"initContainers", "init", "initContainer"},
	{"containers", "regular", "container"},
	{"ephemeralContainers", "ephemeral", "ephemeralContainer"},
};

static void k8s_containers(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *pods = hl_view_items(d, HL_VIEW_K8S_POD);
	static const struct hl_span none;
	for (size_t i = 0; i < pods->count; i++) {
		const struct hl_node *pod = pods->items[i].node;
		for (size_t l = 0; l < 3; l++) {
			const struct hl_node *list =
				hl_map_get(pod, container_lists[l].field);
			if (!list || list->kind != HL_NODE_SEQ)
				continue;
			struct hl_span lbuf;
			const struct hl_span *lvia =
				via_key(pod, container_lists[l].field,
					item_via(&pods->items[i]), &lbuf);
			for (size_t k = 0; k < list->u.seq.count; k++) {
				const struct hl_node *raw =
					list->u.seq.items[k];
				const struct hl_node *c = hl_node_deref(raw);
				if (!c || c->kind != HL_NODE_MAP)
					continue;
				struct hl_span ibuf;
				const struct hl_span *via = via_item(raw, lvia,
								     &ibuf);
				struct hl_node *item = overlay(d, raw);
				hl_map_set(d->arena, item, "container-kind",
					   hl_node_cstr(d->arena,
							container_lists[l].kind,
							none));
				hl_map_set(d->arena, item, "effective",
					   effective(d, pod, c));
				hl_map_set(d->arena, item, "pod",
					   (struct hl_node *)pod);
				hl_map_set(d->arena, item, "object-kind",
					   (struct hl_node *)hl_map_get(
						   pod, "object-kind"));
				struct hl_span anchor =
					hl_map_pair(c, "name")
						? pair_span(c, "name")
					: c->u.map.count
						? hl_span_join(
							  c->u.map.pairs[0]
								  .key->span,
							  c->u.map.pairs[0]
								  .value->span)
						: c->span;
				const char *name = text_or(
					hl_map_get(c, "name"), "<unnamed>");
				push_via(d, v, item, anchor,
					 hl_arena_join(d->arena,
						       pods->items[i].object,
						       " ",
						       container_lists[l].label,
						       " ", name, (char *)NULL),
					 via);
			}
		}
	}
}

static void k8s_env(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *cs = hl_view_items(d, HL_VIEW_K8S_CONTAINER);
	static const struct hl_span none;
	static const char *const lists[] = {"env", "envFrom"};
	for (size_t i = 0; i < cs->count; i++) {
		const struct hl_node *c = cs->items[i].node;
		for (int l = 0; l < 2; l++) {
			const struct hl_node *env = hl_map_get(c, lists[l]);
			if (!env || env->kind != HL_NODE_SEQ)
				continue;
			struct hl_span lbuf;
			const struct hl_span *lvia = via_key(
				c, lists[l], item_via(&cs->items[i]), &lbuf);
			for (size_t k = 0; k < env->u.seq.count; k++) {
				const struct hl_node *raw = env->u.seq.items[k];
				const struct hl_node *e = hl_node_deref(raw);
				if (!e || e->kind != HL_NODE_MAP)
					continue;
				struct hl_span ibuf;
				const struct hl_span *via = via_item(raw, lvia,
								     &ibuf);
				struct hl_node *item = overlay(d, raw);
				hl_map_set(
					d->arena, item, "from",
					hl_node_cstr(d->arena, lists[l], none));
				hl_map_set(d->arena, item, "container",
					   (struct hl_node *)hl_map_get(
						   c, "name"));
				hl_map_set(d->arena, item, "container-kind",
					   (struct hl_node *)hl_map_get(
						   c, "container-kind"));
				const char *name =
					l == 0 ? text_or(hl_map_get(e, "name"),
							 "?")
					       : hl_arena_printf(d->arena,
								 "#%zu", k + 1);
				struct hl_span anchor =
					e->u.map.count
						? hl_span_join(
							  e->u.map.pairs[0]
								  .key->span,
							  e->u.map.pairs[0]
								  .value->span)
						: e->span;
				push_via(d, v, item, anchor,
					 hl_arena_join(d->arena,
						       cs->items[i].object, " ",
						       lists[l], " ", name,
						       (char *)NULL),
					 via);
			}
		}
	}
}

/* Image text for the parser: `{{ ... }}` template expressions stand for
 * unknown values. */
static const char *image_text(struct hl_doc *d, const struct hl_node *n,
			      size_t *len)
{
	const char *s = n->u.scalar.s;
	size_t l = n->u.scalar.len;
	if (!(n->flags & HL_NODE_UNKNOWN)) {
		*len = l;
		return s;
	}
	char *out = hl_arena_alloc(d->arena, l + 1);
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

static void image_part(struct hl_doc *d, struct hl_node *m, const char *key,
		       enum hl_part_state st, const char *value,
		       struct hl_span span, const struct hl_node *ref)
{
	if (st == HL_PART_ABSENT)
		return;
	/* an unknown part reads as the reference that left it unknown */
	if (st == HL_PART_UNKNOWN)
		hl_map_set(d->arena, m, key,
			   hl_node_unknown(d->arena, ref->u.scalar.s,
					   ref->u.scalar.len, span));
	else
		hl_map_set(d->arena, m, key,
			   hl_node_cstr(d->arena, value, span));
}

struct mount_ref {
	const char *name;
	size_t order;	      /* container, then mount: kept among equals */
	struct hl_node *item; /* the mount with container and kind */
};

static int cmp_mount(const void *pa, const void *pb)
{
	const struct mount_ref *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
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
			const char *vn = hl_node_text(hl_map_get(vm, "name"));
			if (!vn || !hl_node_is_map(hl_node_deref(vm)))
				continue;
			struct hl_node *mi = overlay(d, vm);
			hl_map_set(d->arena, mi, "container",
				   (struct hl_node *)hl_map_get(ct, "name"));
			hl_map_set(d->arena, mi, "container-kind",
				   (struct hl_node *)hl_map_get(
					   ct, "container-kind"));
			refs = hl_arena_grow(d->arena, refs, *n, &cap,
					     sizeof(*refs));
			refs[*n].name = vn;
			refs[*n].order = *n;
			refs[(*n)++].item = mi;
		}
	}
	if (*n > 1)
		qsort(refs, *n, sizeof(*refs), cmp_mount);
	return refs;
}

/* `p` made canonical as path.Clean does: no empty or `.` elements, `..`
 * taken back (never above /), no trailing slash. */
static struct hl_node *clean_path(struct hl_doc *d, const char *p,
				  struct hl_span span)
{
	size_t n = strlen(p);
	char *out = hl_arena_alloc(d->arena, n + 2);
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
	return hl_node_str(d->arena, out, w, span);
}

static void k8s_volumes(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *pods = hl_view_items(d, HL_VIEW_K8S_POD);
	const struct hl_items *cs = hl_view_items(d, HL_VIEW_K8S_CONTAINER);
	static const struct hl_span none;
	size_t c0 = 0; /* a pod's containers follow each other in cs */
	for (size_t i = 0; i < pods->count; i++) {
		const struct hl_node *pod = pods->items[i].node;
		size_t c1 = c0;
		while (c1 < cs->count &&
		       hl_map_get(cs->items[c1].node, "pod") == pod)
			c1++;
		size_t first = c0;
		c0 = c1;
		const struct hl_node *vols = hl_map_get(pod, "volumes");
		if (!hl_node_is_seq(vols))
			continue;
		struct hl_span lbuf;
		const struct hl_span *lvia = via_key(
			pod, "volumes", item_via(&pods->items[i]), &lbuf);
		size_t nrefs;
		struct mount_ref *refs = pod_mounts(d, cs, first, c1, &nrefs);
		for (size_t k = 0; k < vols->u.seq.count; k++) {
			const struct hl_node *raw = vols->u.seq.items[k];
			const struct hl_node *vol = hl_node_deref(raw);
			if (!hl_node_is_map(vol))
				continue;
			const char *name =
				hl_node_text(hl_map_get(vol, "name"));
			struct hl_node *item = overlay(d, raw);
			/* the volume's source: the one key besides name */
			for (size_t p = 0; p < vol->u.map.count; p++) {
				const char *key =
					hl_node_text(vol->u.map.pairs[p].key);
				if (key && strcmp(key, "name")) {
					hl_map_set(d->arena, item, "type",
						   hl_node_cstr(d->arena, key,
								none));
					break;
				}
			}
			/* hostPath.path made canonical, as the kubelet would
			 * reach it: /./etc and /var//run are /etc, /var/run */
			const struct hl_node *hp =
				hl_map_get(hl_map_get(vol, "hostPath"), "path");
			if (hp && hp->kind == HL_NODE_SCALAR &&
			    !(hp->flags & HL_NODE_UNKNOWN)) {
				struct hl_node *clean = clean_path(
					d, hp->u.scalar.s,
					pair_span(hl_map_get(vol, "hostPath"),
						  "path"));
				hl_map_set(d->arena, item, "host-path", clean);
			}
			struct hl_node *mounts = hl_node_seq(d->arena, none);
			if (name && nrefs) {
				/* the first mount of that name, then the run */
				size_t lo = 0, hi = nrefs;
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					if (strcmp(refs[mid].name, name) < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (;
				     lo < nrefs && !strcmp(refs[lo].name, name);
				     lo++)
					hl_seq_push(d->arena, mounts,
						    refs[lo].item);
			}
			hl_map_set(d->arena, item, "mounts", mounts);
			hl_map_set(d->arena, item, "pod",
				   (struct hl_node *)pod);
			hl_map_set(d->arena, item, "object-kind",
				   (struct hl_node *)hl_map_get(pod,
								"object-kind"));
			struct hl_span anchor =
				vol->u.map.count
					? hl_span_join(
						  vol->u.map.pairs[0].key->span,
						  vol->u.map.pairs[0]
							  .value->span)
					: vol->span;
			struct hl_span ibuf;
			push_via(d, v, item, anchor,
				 hl_arena_join(d->arena, pods->items[i].object,
					       " volume ",
					       name ? name : "<unnamed>",
					       (char *)NULL),
				 via_item(raw, lvia, &ibuf));
		}
	}
}

static bool pos_before(struct hl_pos a, struct hl_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col <= b.col);
}

/* The keys written twice (the YAML loader finds them; meta carries them). */
static void k8s_duplicates(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_node *dups = hl_map_get(d->meta, "duplicates");
	if (!hl_node_is_seq(dups))
		return;
	const struct hl_items *objs = hl_view_items(d, HL_VIEW_K8S_OBJECT);
	for (size_t i = 0; i < dups->u.seq.count; i++) {
		const struct hl_node *dup = dups->u.seq.items[i];
		const struct hl_node *key = hl_map_get(dup, "key");
		const struct hl_node *value = hl_map_get(dup, "value");
		if (!key)
			continue;
		/* the innermost object around the key names the finding */
		const char *object = "document";
		for (size_t k = 0; k < objs->count; k++) {
			struct hl_span s = objs->items[k].node->span;
			if (pos_before(s.start, key->span.start) &&
			    pos_before(key->span.start, s.end))
				object = objs->items[k].object;
		}
		const char *name = hl_node_text(key);
		push(d, v, dup,
		     value ? hl_span_join(key->span, value->span) : key->span,
		     hl_arena_join(d->arena, object, " key ", name ? name : "?",
				   (char *)NULL));
	}
}

static void k8s_images(struct hl_doc *d, struct hl_items *v)
{
	const struct hl_items *cs = hl_view_items(d, HL_VIEW_K8S_CONTAINER);
	for (size_t i = 0; i < cs->count; i++) {
		const struct hl_node *c = cs->items[i].node;
		const struct hl_pair *p = hl_map_pair(c, "image");
		const struct hl_node *img = p ? hl_node_deref(p->value) : NULL;
		if (!img || img->kind != HL_NODE_SCALAR ||
		    img->u.scalar.type != HL_SCALAR_STR)
			continue;
		struct hl_span sp = pair_span(c, "image");
		struct hl_node *m = hl_node_map(d->arena, sp);
		hl_map_add(d->arena, m, p->key, p->value); /* image: as is */
		hl_map_set(d->arena, m, "ref", (struct hl_node *)img);
		size_t len;
		const char *text = image_text(d, img, &len);
		struct hl_image_ref r;
		hl_image_parse(d->arena, text, len, &r);
		bool known = !(img->flags & HL_NODE_UNKNOWN);
		hl_map_set(d->arena, m, "known",
			   hl_node_bool(d->arena, known, sp));
		hl_map_set(d->arena, m, "valid",
			   hl_node_bool(d->arena, r.valid, sp));
		image_part(d, m, "registry", r.registry_state, r.registry, sp,
			   img);
		image_part(d, m, "repository", r.repository_state, r.repository,
			   sp, img);
		image_part(d, m, "tag", r.tag_state, r.tag, sp, img);
		image_part(d, m, "digest", r.digest_state, r.digest, sp, img);
		if (r.name)
			hl_map_set(d->arena, m, "name",
				   hl_node_cstr(d->arena, r.name, sp));
		hl_map_set(d->arena, m, "container",
			   (struct hl_node *)hl_map_get(c, "name"));
		hl_map_set(d->arena, m, "container-kind",
			   (struct hl_node *)hl_map_get(c, "container-kind"));
		struct hl_span vbuf;
		push_via(d, v, m, sp,
			 hl_arena_join(d->arena, cs->items[i].object, " image",
				       (char *)NULL),
			 via_key(c, "image", item_via(&cs->items[i]), &vbuf));
	}
}

typedef void (*view_fn)(struct hl_doc *d, struct hl_items *v);

static const view_fn makers[HL_VIEW__COUNT] = {
#define HL_VIEW(id, name, target, maker, what) [HL_VIEW_##id] = (maker),
#include "engine/views.def"
#undef HL_VIEW
};

const struct hl_items *hl_view_items(struct hl_doc *doc, int id)
{
	static const struct hl_items empty;
	if (id < 0 || id >= HL_VIEW__COUNT ||
	    registry[id].target != doc->target)
		return &empty;
	if (!doc->computed[id]) {
		doc->computed[id] = true;
		if (makers[id] && doc->root)
			makers[id](doc, &doc->views[id]);
	}
	return &doc->views[id];
}
