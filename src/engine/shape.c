/*
 * shape: a document's AST against a libcyaml schema (shape.h).
 */
#include "engine/shape.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

struct shape {
	const char *file;
	hl_shape_err_fn fn;
	void *ctx;
};

static void err(struct shape *S, struct hl_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err(struct shape *S, struct hl_pos pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	S->fn(S->ctx, S->file, pos, msg);
}

static const char *kind_name(const struct hl_node *n)
{
	switch (n->kind) {
	case HL_NODE_MAP:
		return "a mapping";
	case HL_NODE_SEQ:
		return "a list";
	default:
		return "a scalar";
	}
}

static bool check_shape(struct shape *S,
			const struct hl_node *n, const cyaml_schema_value_t *s,
			const char *what);

static bool check_map(struct shape *S,
		      const struct hl_node *n, const cyaml_schema_field_t *f,
		      const char *what)
{
	bool ok = true;
	for (size_t i = 0; i < n->u.map.count; i++) {
		const struct hl_node *k = n->u.map.pairs[i].key;
		const char *key = hl_node_text(k);
		if (!key) {
			err(S, k->span.start,
			       "a key in %s must be a plain string", what);
			ok = false;
			continue;
		}
		const cyaml_schema_field_t *field = NULL, *best = NULL;
		size_t bestd = 3;
		for (const cyaml_schema_field_t *x = f; x->key; x++) {
			if (!strcmp(x->key, key))
				field = x;
			size_t dd = hl_edit_distance(x->key, key);
			/* a near miss, not a word of its own: two edits of a
			 * two-letter key leave nothing of it */
			if (dd < bestd && 2 * dd < strlen(key) + 1)
				bestd = dd, best = x;
		}
		if (!field) {
			if (best)
				err(S, k->span.start,
				       "unknown key '%s' in %s (did you mean "
				       "'%s'?)",
				       key, what, best->key);
			else
				err(S, k->span.start,
				       "unknown key '%s' in %s", key, what);
			ok = false;
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			const char *other = hl_node_text(n->u.map.pairs[j].key);
			if (other && !strcmp(other, key)) {
				err(S, k->span.start,
				       "key '%s' given twice in %s", key, what);
				ok = false;
			}
		}
		char sub[128];
		snprintf(sub, sizeof(sub), "'%s'", key);
		if (!check_shape(S, n->u.map.pairs[i].value,
				 &field->value, sub))
			ok = false;
	}
	for (const cyaml_schema_field_t *x = f; x->key; x++) {
		if (x->value.flags & CYAML_FLAG_OPTIONAL)
			continue;
		if (!hl_map_pair(n, x->key)) {
			err(S, n->span.start, "%s needs key '%s'",
			       what, x->key);
			ok = false;
		}
	}
	return ok;
}

static bool check_shape(struct shape *S,
			const struct hl_node *n, const cyaml_schema_value_t *s,
			const char *what)
{
	switch (s->type) {
	case CYAML_MAPPING:
		if (n->kind != HL_NODE_MAP) {
			err(S, n->span.start,
			       "%s must be a mapping, not %s", what,
			       kind_name(n));
			return false;
		}
		return check_map(S, n, s->mapping.fields, what);
	case CYAML_SEQUENCE:
		if (n->kind != HL_NODE_SEQ) {
			err(S, n->span.start,
			       "%s must be a list, not %s", what, kind_name(n));
			return false;
		}
		if (n->u.seq.count < s->sequence.min) {
			err(S, n->span.start,
			       "%s needs at least %u item(s)", what,
			       s->sequence.min);
			return false;
		}
		for (size_t i = 0; i < n->u.seq.count; i++)
			if (!check_shape(S, n->u.seq.items[i],
					 s->sequence.entry, what))
				return false;
		return true;
	case CYAML_STRING:
		if (n->kind != HL_NODE_SCALAR) {
			err(S, n->span.start,
			       "%s must be a string, not %s", what,
			       kind_name(n));
			return false;
		}
		if (n->u.scalar.type == HL_SCALAR_NULL &&
		    !(n->flags & HL_NODE_QUOTED)) {
			err(S, n->span.start, "%s is empty", what);
			return false;
		}
		return true;
	case CYAML_BOOL:
		if (n->kind != HL_NODE_SCALAR ||
		    n->u.scalar.type != HL_SCALAR_BOOL) {
			err(S, n->span.start,
			       "%s must be true or false", what);
			return false;
		}
		return true;
	case CYAML_ENUM: {
		const char *t = hl_node_text(n);
		for (uint32_t i = 0; t && i < s->enumeration.count; i++)
			if (!strcmp(t, s->enumeration.strings[i].str))
				return true;
		char buf[200] = "";
		for (uint32_t i = 0; i < s->enumeration.count; i++) {
			strncat(buf, i ? ", " : "",
				sizeof(buf) - strlen(buf) - 1);
			strncat(buf, s->enumeration.strings[i].str,
				sizeof(buf) - strlen(buf) - 1);
		}
		err(S, n->span.start, "%s must be one of %s, not '%s'",
		       what, buf, t ? t : kind_name(n));
		return false;
	}
	default:
		return true;
	}
}

bool hl_shape_check(const struct hl_node *n, const cyaml_schema_value_t *s,
		    const char *what, const char *file, hl_shape_err_fn fn,
		    void *ctx)
{
	struct shape S = {file, fn, ctx};
	return check_shape(&S, n, s, what);
}
