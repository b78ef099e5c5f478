/*
 * typecheck: paths against the types of views' records (views.h) and of
 * the Kubernetes API (api.h). Types are strings: string, integer,
 * boolean, int-or-string, quantity (scalars), object (any YAML), [T] (a
 * list), {T} (a mapping with free keys), a record type's name, a
 * Kubernetes type's name, or Kubernetes types joined by | (an env entry
 * is an EnvVar or an EnvFromSource).
 */
#include "engine/typecheck.h"

#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "engine/api.h"
#include "engine/views.h"

static bool scalar(const char *t)
{
	static const char names[][16] = {"string", "integer", "boolean",
					 "int-or-string", "quantity"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(t, names[i]))
			return true;
	return false;
}

/* The T of [T] or {T}, in `a`. */
static const char *inner(struct hl_arena *a, const char *t)
{
	size_t n = strlen(t);
	return hl_arena_strndup(a, t + 1, n - 2);
}

/* The closest of `names` to `key` that is a near miss, or NULL. */
struct suggest {
	const char *key;
	const char *best;
	size_t bestd;
};

static void consider(struct suggest *s, const char *name)
{
	if (!hl_near_miss(s->key, name))
		return;
	size_t d = hl_edit_distance(s->key, name);
	if (!s->best || d < s->bestd) {
		s->best = name;
		s->bestd = d;
	}
}

/* Field `key` of Kubernetes types `types` ("A" or "A|B"): its type; NULL
 * if none has it. *open: some of them admit fields of their own. Near
 * misses of their fields go to `s`. */
static const char *api_field(struct hl_arena *a, const char *types,
			     const char *key, bool *open, struct suggest *s)
{
	*open = false;
	const char *found = NULL;
	for (const char *p = types; *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		const char *name = hl_arena_strndup(a, p, n);
		p += n + (bar ? 1 : 0);
		const struct hl_api_type *t = hl_api_type_find(name);
		if (!t)
			continue;
		*open |= t->open;
		const struct hl_api_field *f;
		for (size_t i = 0; (f = hl_api_field_at(t, i)); i++) {
			if (!strcmp(f->name, key) && !found)
				found = f->ftype;
			consider(s, f->name);
		}
	}
	return found;
}

static bool is_api_type(struct hl_arena *a, const char *types)
{
	const char *bar = strchr(types, '|');
	const char *first =
		bar ? hl_arena_strndup(a, types, (size_t)(bar - types)) : types;
	return hl_api_type_find(first) != NULL;
}

/* Segment `seg` (a key) of a record or Kubernetes type `t`: the type it
 * reaches, or NULL with *msg set. */
static const char *key_of(struct hl_arena *a, const char *t, struct hl_seg *seg,
			  const char **msg)
{
	const struct hl_rtype *r = hl_rtype_find(t);
	struct suggest s = {seg->key, NULL, 99};
	const char *api = r ? (r->passes[0] ? r->passes : NULL) : t;
	if (r) {
		int32_t k = hl_rtype_field(r, seg->key);
		if (k >= 0) {
			seg->field = k;
			return r->fields[k].type;
		}
		for (size_t i = 0; i < r->nfields; i++)
			consider(&s, r->fields[i].name);
		seg->field = HL_SEG_THROUGH; /* if it is anything, the YAML's */
	}
	bool open = false;
	const char *ft = api ? api_field(a, api, seg->key, &open, &s) : NULL;
	if (ft)
		return ft;
	if (open && !s.best)
		return "object"; /* a field of its own: a CRD's, say */
	const char *what = r ? hl_arena_printf(a, "%s record%s%s", t,
					       api ? " or Kubernetes " : "",
					       api ? api : "")
			     : hl_arena_printf(a, "Kubernetes %s (API %s)", t,
					       hl_api_version());
	if (s.best)
		*msg = hl_arena_printf(a,
				       "no field '%s' in %s (did you mean "
				       "'%s'?)",
				       seg->key, what, s.best);
	else if (r)
		*msg = hl_arena_printf(a,
				       "no field '%s' in %s (hardlint "
				       "--list-views lists its fields)",
				       seg->key, what);
	else
		*msg = hl_arena_printf(a, "no field '%s' in %s", seg->key,
				       what);
	return NULL;
}

/* A key written in a part of an object whose fields are its own (a
 * custom resource's spec; or any object's, whose kind the rule may not
 * fix): a near miss of a field Kubernetes knows, and not itself a field
 * it knows, is a misspelling (spec.template.spec.hostNetwrk); the closest
 * is in *best. A quoted key is taken as written. */
static bool near_known(const struct hl_path *path, const struct hl_seg *seg,
		       const char **best)
{
	if (seg->kind != HL_SEG_KEY || path->text[seg->off] == '"')
		return false;
	/* closer than the closed types' near miss: a case difference, one
	 * edit, or two in a name of eight characters or more (deep is not
	 * a misspelt sleep) */
	size_t n = strlen(seg->key);
	struct suggest s = {seg->key, NULL, 99};
	const struct hl_api_field *f;
	for (size_t i = 0; (f = hl_api_field_nth(i)); i++) {
		if (!strcmp(f->name, seg->key))
			return false;
		size_t d = strcasecmp(f->name, seg->key)
				   ? hl_edit_distance(seg->key, f->name)
				   : 0;
		if ((d <= 1 || (d == 2 && n >= 8)) && d < s.bestd) {
			s.best = f->name;
			s.bestd = d;
		}
	}
	*best = s.best;
	return s.best != NULL;
}

/* How a message names what segment i follows: the path up to it. */
static const char *prev_name(struct hl_arena *a, const struct hl_path *path,
			     uint32_t i)
{
	if (!i)
		return "it";
	if (path->segs[i - 1].kind == HL_SEG_KEY)
		return path->segs[i - 1].key;
	return hl_arena_strndup(a, path->text, path->segs[i].off);
}

bool hl_typecheck(struct hl_arena *a, const char *type, struct hl_path *path,
		  const char **msg, size_t *off, const char **reached)
{
	const char *t = type;
	for (uint32_t i = 0; i < path->nsegs; i++) {
		/* the segments are the path's own (made in the loader's
		 * arena): filling in field indexes is allowed */
		struct hl_seg *seg = (struct hl_seg *)&path->segs[i];
		*off = seg->off;
		size_t n = strlen(t);
		bool list = n > 2 && t[0] == '[', map = n > 2 && t[0] == '{';
		const char *name = seg->kind == HL_SEG_KEY ? seg->key : "[ ]";
		if (!strcmp(t, "object")) {
			/* fields of its own below: each key is checked only
			 * against misspelling one Kubernetes knows */
			const char *best;
			for (; i < path->nsegs; i++) {
				seg = (struct hl_seg *)&path->segs[i];
				if (!near_known(path, seg, &best))
					continue;
				*off = seg->off;
				*msg = hl_arena_printf(
					a,
					"'%s' is not a field Kubernetes knows "
					"(did you mean '%s'?; a field of a "
					"custom resource spelt so: quote it, "
					"\"%s\")",
					seg->key, best, seg->key);
				return false;
			}
			break;
		}
		if (scalar(t)) {
			*msg = hl_arena_printf(a,
					       "'%s' is %s %s: nothing is "
					       "below it",
					       prev_name(a, path, i),
					       t[0] == 'i' ? "an" : "a", t);
			return false;
		}
		if (list) {
			if (seg->kind == HL_SEG_KEY) {
				*msg = hl_arena_printf(
					a,
					"'%s' is a list (%s): write [*] or [N] "
					"before '%s'",
					prev_name(a, path, i), t,
					name);
				return false;
			}
			t = inner(a, t);
			continue;
		}
		if (map && seg->kind == HL_SEG_ANY) {
			t = inner(a, t); /* [*]: every value of the mapping */
			continue;
		}
		if (seg->kind != HL_SEG_KEY) {
			*msg = hl_arena_printf(
				a,
				"'%s' is not a list (%s): no [ ] after it%s",
				prev_name(a, path, i), t,
				map ? " but [*] (every value)" : "");
			return false;
		}
		if (map) {
			t = inner(a, t);
			continue;
		}
		if (!hl_rtype_find(t) && !is_api_type(a, t)) {
			*msg = hl_arena_printf(a, "unknown type '%s'", t);
			return false;
		}
		t = key_of(a, t, seg, msg);
		if (!t)
			return false;
	}
	if (reached)
		*reached = t;
	return true;
}
