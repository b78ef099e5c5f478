/*
 * kubernetes/kustomize: which files a kustomization names as patches, and
 * a JSON 6902 patch read as the part of an object it sets (kustomize.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/source.h"
#include "kubernetes/kustomize.h"
#include "kubernetes/yaml.h"

/* ------------------------------------------------------------------ */
/* A kustomization's patches                                          */

static const char *const names[] = {"kustomization.yaml",
				    "kustomization.yml", "Kustomization"};

/* The bytes of `path` (a regular file, not a symlink, at most
 * HL_KUSTOMIZATION_MAX bytes) in `a`, or NULL. */
static char *read_small(struct hl_arena *a, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size <= HL_KUSTOMIZATION_MAX) {
		size_t n = (size_t)st.st_size, got = 0;
		buf = hl_arena_alloc(a, n + 1);
		while (got < n) {
			ssize_t k = read(fd, buf + got, n - got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		buf[got] = '\0';
		*len = got;
		if (memchr(buf, '\0', got))
			buf = NULL;
	}
	close(fd);
	return buf;
}

static bool first_doc(struct hl_yaml_doc *doc, void *ctx)
{
	const struct hl_node **root = ctx;
	if (!*root)
		*root = doc->root;
	return false;
}

static void no_error(const struct hl_diag *d, void *ctx)
{
	(void)d;
	(void)ctx;
}

static char *dup_text(const struct hl_node *n)
{
	const char *t = hl_node_text(hl_node_deref(n));
	return t && *t ? hl_xstrdup(t) : NULL;
}

/* Add the patch file `rel` (relative to `dir`) with `target`, if it is a
 * file. */
static void add_patch(struct hl_kustomization *k, const char *dir,
		      const char *rel, const struct hl_node *target)
{
	if (!rel || !*rel || strchr(rel, '\n') ||
	    k->npatches >= HL_KUSTOMIZATION_MAX_PATCHES)
		return;
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = hl_xmalloc(n);
	snprintf(p, n, "%s/%s", dir, rel);
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	if (!ok)
		return;
	k->patches = hl_xrealloc(k->patches,
				 (k->npatches + 1) * sizeof(*k->patches));
	struct hl_kpatch *kp = &k->patches[k->npatches++];
	memset(kp, 0, sizeof(*kp));
	kp->dev = (uint64_t)st.st_dev;
	kp->ino = (uint64_t)st.st_ino;
	target = hl_node_deref(target);
	if (!hl_node_is_map(target))
		return;
	kp->kind = dup_text(hl_map_get(target, "kind"));
	kp->name = dup_text(hl_map_get(target, "name"));
	const char *g = hl_node_text(hl_node_deref(hl_map_get(target, "group")));
	const char *v =
		hl_node_text(hl_node_deref(hl_map_get(target, "version")));
	if (v && *v) {
		size_t m = (g ? strlen(g) : 0) + strlen(v) + 2;
		kp->api_version = hl_xmalloc(m);
		snprintf(kp->api_version, m, "%s%s%s", g && *g ? g : "",
			 g && *g ? "/" : "", v);
	}
}

static void read_list(struct hl_kustomization *k, const char *dir,
		      const struct hl_node *root, const char *key)
{
	const struct hl_node *l = hl_node_deref(hl_map_get(root, key));
	if (!hl_node_is_seq(l))
		return;
	for (size_t i = 0; i < l->u.seq.count; i++) {
		const struct hl_node *it = hl_node_deref(l->u.seq.items[i]);
		if (!it)
			continue;
		if (it->kind == HL_NODE_SCALAR) /* patchesStrategicMerge */
			add_patch(k, dir, it->u.scalar.s, NULL);
		else if (hl_node_is_map(it))
			add_patch(k, dir,
				  hl_node_text(hl_node_deref(
					  hl_map_get(it, "path"))),
				  hl_map_get(it, "target"));
	}
}

struct hl_kustomization *hl_kustomization_read(const char *dir)
{
	struct hl_kustomization *k = hl_xcalloc(1, sizeof(*k));
	struct hl_arena a;
	hl_arena_init(&a);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(dir) + strlen(names[i]) + 2;
		char *p = hl_arena_alloc(&a, n);
		snprintf(p, n, "%s/%s", dir, names[i]);
		size_t len = 0;
		char *text = read_small(&a, p, &len);
		if (!text)
			continue;
		k->file = hl_xstrdup(p);
		struct hl_source src;
		hl_source_init_mem(&src, &a, p, text, len);
		struct hl_yaml_opts o;
		hl_yaml_opts_init(&o);
		o.fixed_limits = true;
		o.max_alias_nodes = 10000;
		const struct hl_node *root = NULL;
		hl_yaml_parse(&src, &a, &o, first_doc, no_error, &root);
		root = hl_node_deref(root);
		if (hl_node_is_map(root)) {
			read_list(k, dir, root, "patches");
			read_list(k, dir, root, "patchesStrategicMerge");
			read_list(k, dir, root, "patchesJson6902");
		}
		hl_source_release(&src);
		break;
	}
	hl_arena_release(&a);
	return k;
}

void hl_kustomization_free(struct hl_kustomization *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->npatches; i++) {
		free(k->patches[i].kind);
		free(k->patches[i].api_version);
		free(k->patches[i].name);
	}
	free(k->patches);
	free(k->file);
	free(k);
}

const struct hl_kpatch *hl_kustomization_patch(const struct hl_kustomization *k,
					       uint64_t dev, uint64_t ino)
{
	for (size_t i = 0; i < k->npatches; i++)
		if (k->patches[i].dev == dev && k->patches[i].ino == ino)
			return &k->patches[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* `$patch: delete`                                                   */

static void deletes(struct hl_arena *a, struct hl_node *n, unsigned depth)
{
	if (!n || depth > 200)
		return;
	if (n->kind == HL_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count; i++)
			deletes(a, n->u.seq.items[i], depth + 1);
		return;
	}
	if (n->kind != HL_NODE_MAP)
		return;
	for (size_t i = 0; i < n->u.map.count; i++) {
		struct hl_node *v = n->u.map.pairs[i].value;
		const char *d = v && v->kind == HL_NODE_MAP
					? hl_node_text(hl_map_get(v, "$patch"))
					: NULL;
		if (d && !strcmp(d, "delete")) {
			struct hl_node *z = hl_node_str(a, "null", 4, v->span);
			z->u.scalar.type = HL_SCALAR_NULL;
			n->u.map.pairs[i].value = z;
		} else {
			deletes(a, v, depth + 1);
		}
	}
}

void hl_kustomize_deletes(struct hl_arena *a, struct hl_node *root)
{
	deletes(a, root, 0);
}

/* ------------------------------------------------------------------ */
/* JSON 6902 operations as the part of an object they set             */

bool hl_json6902_is_patch(const struct hl_node *root)
{
	root = hl_node_deref(root);
	if (!hl_node_is_seq(root) || !root->u.seq.count)
		return false;
	for (size_t i = 0; i < root->u.seq.count; i++) {
		const struct hl_node *op = hl_node_deref(root->u.seq.items[i]);
		if (!hl_node_is_map(op) || !hl_map_get(op, "op"))
			return false;
	}
	return true;
}

/* The items of the sequences made here, by index ("-" appends). */
struct slot {
	const struct hl_node *seq;
	long index;
	struct hl_node *item;
};

struct build {
	struct hl_arena *a;
	struct slot *slots;
	size_t nslots, cap;
	struct hl_span at; /* the operation's path */
};

/* Segment `s` (len bytes) of a JSON pointer, unescaped (~1 '/', ~0 '~'). */
static char *segment(struct hl_arena *a, const char *s, size_t len)
{
	char *out = hl_arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '~' && i + 1 < len && (s[i + 1] == '0' ||
						   s[i + 1] == '1')) {
			out[o++] = s[i + 1] == '1' ? '/' : '~';
			i++;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

/* Does segment `seg` name an item of a sequence: digits, or "-"? */
static bool index_like(const char *seg)
{
	if (!strcmp(seg, "-"))
		return true;
	if (!*seg)
		return false;
	for (const char *c = seg; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return true;
}

/* The index `seg` names (-1: "-", append); false when it names none, or
 * one past any list a manifest holds (more than 6 digits). */
static bool index_of(const char *seg, long *out)
{
	if (!index_like(seg) || strlen(seg) > 6)
		return false;
	*out = strcmp(seg, "-") ? strtol(seg, NULL, 10) : -1;
	return true;
}

/* The child of `cur` at `seg`, made (a mapping, or a sequence when the
 * next segment is an index) when absent, or set to `value` when it is the
 * last. NULL when the path cannot be followed. */
static struct hl_node *step(struct build *B, struct hl_node *cur,
			    const char *seg, const char *next,
			    struct hl_node *value)
{
	long idx;
	struct hl_node *made = value;
	if (!made)
		made = next && index_like(next) ? hl_node_seq(B->a, B->at)
						: hl_node_map(B->a, B->at);
	if (cur->kind == HL_NODE_MAP) {
		for (size_t i = 0; i < cur->u.map.count; i++) {
			struct hl_pair *p = &cur->u.map.pairs[i];
			const char *k = hl_node_text(p->key);
			if (!k || strcmp(k, seg))
				continue;
			if (value) {
				p->value = value; /* a later operation wins */
				return value;
			}
			struct hl_node *v = (struct hl_node *)hl_node_deref(
				p->value);
			return v && v->kind != HL_NODE_SCALAR ? v : NULL;
		}
		hl_map_add(B->a, cur, hl_node_str(B->a, seg, strlen(seg), B->at),
			   made);
		return made;
	}
	if (cur->kind != HL_NODE_SEQ || !index_of(seg, &idx))
		return NULL;
	for (size_t i = 0; idx >= 0 && i < B->nslots; i++) {
		struct slot *s = &B->slots[i];
		if (s->seq != cur || s->index != idx)
			continue;
		if (value) {
			for (size_t j = 0; j < cur->u.seq.count; j++)
				if (cur->u.seq.items[j] == s->item)
					cur->u.seq.items[j] = value;
			s->item = value;
			return value;
		}
		const struct hl_node *v = hl_node_deref(s->item);
		return v && v->kind != HL_NODE_SCALAR ? (struct hl_node *)v
						      : NULL;
	}
	hl_seq_push(B->a, cur, made);
	B->slots = hl_arena_grow(B->a, B->slots, B->nslots, &B->cap,
				 sizeof(*B->slots));
	B->slots[B->nslots++] = (struct slot){cur, idx, made};
	return made;
}

/* Put `value` at JSON pointer `path` in `root`. */
static bool place(struct build *B, struct hl_node *root, const char *path,
		  struct hl_node *value)
{
	if (path[0] != '/' || !path[1])
		return false;
	struct hl_node *cur = root;
	const char *s = path + 1;
	char *seg = NULL;
	for (;;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		seg = segment(B->a, s, n);
		char *next = NULL;
		if (e) {
			const char *e2 = strchr(e + 1, '/');
			next = segment(B->a, e + 1,
				       e2 ? (size_t)(e2 - e - 1)
					  : strlen(e + 1));
		}
		cur = step(B, cur, seg, next, e ? NULL : value);
		if (!cur)
			return false;
		if (!e)
			return true;
		s = e + 1;
	}
}

/* The kind a patch's paths suggest, when the kustomization names none. */
static void guess_kind(const struct hl_node *root, const char **kind,
		       const char **api)
{
	const struct hl_node *spec = hl_map_get(root, "spec");
	if (hl_map_get(spec, "jobTemplate")) {
		*kind = "CronJob";
		*api = "batch/v1";
	} else if (hl_map_get(spec, "template")) {
		*kind = "Deployment";
		*api = "apps/v1";
	} else if (hl_map_get(spec, "containers") ||
		   hl_map_get(spec, "initContainers") ||
		   hl_map_get(spec, "volumes") ||
		   hl_map_get(spec, "securityContext")) {
		*kind = "Pod";
		*api = "v1";
	}
}

struct hl_node *hl_json6902_object(struct hl_arena *a,
				   const struct hl_node *ops, const char *kind,
				   const char *api_version, const char *name,
				   size_t *unchecked)
{
	ops = hl_node_deref(ops);
	struct build B = {a, NULL, 0, 0, ops->span};
	struct hl_node *root = hl_node_map(a, ops->span);
	size_t placed = 0;
	for (size_t i = 0; i < ops->u.seq.count; i++) {
		const struct hl_node *m = hl_node_deref(ops->u.seq.items[i]);
		const char *op = hl_node_text(hl_node_deref(hl_map_get(m, "op")));
		const struct hl_node *p = hl_node_deref(hl_map_get(m, "path"));
		const struct hl_pair *vp = hl_map_pair(m, "value");
		struct hl_node *value = NULL;
		if (!op || !p || p->kind != HL_NODE_SCALAR) {
			(*unchecked)++;
			continue;
		}
		B.at = p->span;
		if ((!strcmp(op, "add") || !strcmp(op, "replace")) && vp &&
		    vp->value) {
			value = vp->value;
		} else if (!strcmp(op, "remove")) {
			value = hl_node_str(a, "null", 4, p->span);
			value->u.scalar.type = HL_SCALAR_NULL;
		} else {
			(*unchecked)++;
			continue;
		}
		if (place(&B, root, p->u.scalar.s, value))
			placed++;
		else
			(*unchecked)++;
	}
	if (!kind)
		guess_kind(root, &kind, &api_version);
	if (!placed || !kind) {
		*unchecked += placed;
		return NULL;
	}
	if (!hl_map_get(root, "kind"))
		hl_map_set(a, root, "kind",
			   hl_node_cstr(a, kind, ops->span));
	if (!hl_map_get(root, "apiVersion"))
		hl_map_set(a, root, "apiVersion",
			   hl_node_cstr(a, api_version ? api_version : "v1",
					ops->span));
	if (name && !hl_map_get(root, "metadata")) {
		/* the target's name, so that findings name the object */
		struct hl_node *meta = hl_node_map(a, ops->span);
		hl_map_set(a, meta, "name", hl_node_cstr(a, name, ops->span));
		hl_map_set(a, root, "metadata", meta);
	}
	return root;
}
