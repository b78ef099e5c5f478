/*
 * dockerfile/vars: ARG and ENV scopes and BuildKit's variable
 * substitution ($V, ${V}, ${V:-w}, ${V-w}, ${V:+w}, ${V+w}); a value that
 * stays unresolved is marked unknown, never taken as literal text.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/hash.h"
#include "core/image.h"
#include "dockerfile/parser.h"

/* ------------------------------------------------------------------ */
/* Variables                                                          */

static size_t hash_name(const char *s, size_t len)
{
	return (size_t)hl_hash(s, len); /* keyed: names cannot be made to
					   collide */
}

struct hl_df_var *hl_dfp_var_find(const struct scope *sc, const char *name,
				  size_t len)
{
	if (!sc->tcap)
		return NULL;
	size_t mask = sc->tcap - 1;
	for (size_t i = hash_name(name, len) & mask;; i = (i + 1) & mask) {
		uint32_t k = sc->tab[i];
		if (!k)
			return NULL;
		struct hl_df_var *v = &sc->vars[k - 1];
		if (!strncmp(v->name, name, len) && !v->name[len])
			return v;
	}
}

/* Put vars[k] in the index (made, or made twice as large, when it would
 * be half full). */
static void index_var(struct parser *P, struct scope *sc, size_t k)
{
	if (2 * (k + 1) >= sc->tcap) {
		size_t tcap = sc->tcap ? sc->tcap * 2 : 16;
		while (2 * (k + 1) >= tcap)
			tcap *= 2;
		sc->tab = hl_arena_array(P->a, tcap, sizeof(*sc->tab));
		memset(sc->tab, 0, tcap * sizeof(*sc->tab));
		sc->tcap = tcap;
		for (size_t i = 0; i < k; i++)
			index_var(P, sc, i);
	}
	size_t mask = sc->tcap - 1;
	const char *name = sc->vars[k].name;
	size_t i = hash_name(name, strlen(name)) & mask;
	while (sc->tab[i])
		i = (i + 1) & mask;
	sc->tab[i] = (uint32_t)k + 1;
}

void hl_dfp_scope_clear(struct scope *sc)
{
	sc->n = 0;
	if (sc->tcap)
		memset(sc->tab, 0, sc->tcap * sizeof(*sc->tab));
}

void hl_dfp_scope_set(struct parser *P, struct scope *sc, const char *name,
		      const char *value, bool unknown, bool env)
{
	struct hl_df_var *v = hl_dfp_var_find(sc, name, strlen(name));
	if (v && v->env && !env)
		return; /* ENV wins over a later ARG of the same name */
	if (!v) {
		if (sc->n == HL_DF_MAX_VARS) {
			hl_dfp_limit(
				P, P->line_span,
				"more than %d variables in one scope (limit); "
				"file "
				"not checked",
				HL_DF_MAX_VARS);
			return;
		}
		sc->vars = hl_arena_grow(P->a, sc->vars, sc->n, &sc->cap,
					 sizeof(*sc->vars));
		v = &sc->vars[sc->n++];
		v->name = name;
		index_var(P, sc, sc->n - 1);
		v = &sc->vars[sc->n - 1];
	}
	v->value = value;
	v->unknown = unknown;
	v->env = env;
}

struct expansion {
	struct hl_buf out; /* capped at HL_DF_MAX_EXPANSION */
	bool unknown;
	int depth;
	struct hl_buf names; /* the variables that stayed unknown: "A, B" */
	bool too_deep;	     /* ${ } nested past HL_DF_MAX_SUBST_DEPTH */
};

static enum var_state lookup(const struct scope *sc, const char *name,
			     size_t len, const char **value)
{
	struct hl_df_var *v = hl_dfp_var_find(sc, name, len);
	if (!v)
		return VAR_UNDECLARED;
	if (v->unknown)
		return VAR_UNKNOWN;
	if (!v->value)
		return VAR_UNSET;
	*value = v->value;
	return VAR_VALUE;
}

/* An unknown value stands here: variable `name` (`len` bytes; 0 for a
 * form hardlint does not evaluate) had none. */
static void add_name(struct expansion *x, const char *name, size_t len);

static void put_unknown(struct expansion *x, const char *name, size_t len)
{
	hl_buf_addc(&x->out, HL_IMAGE_UNKNOWN);
	x->unknown = true;
	add_name(x, name, len);
}

/* Add `name` to the unresolved names of `x`, once. */
static void add_name(struct expansion *x, const char *name, size_t len)
{
	if (!len || x->names.len > 200)
		return;
	/* each name once */
	for (const char *p = hl_buf_str(&x->names); *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == len && !memcmp(p, name, len))
			return;
		p = e ? e + 2 : p + n;
	}
	if (x->names.len)
		hl_buf_adds(&x->names, ", ");
	hl_buf_add(&x->names, name, len);
}

static size_t expand_into(struct parser *P, const struct scope *sc,
			  const char *s, size_t i, size_t end,
			  struct expansion *x, char stop, bool quotes);

/* Expand the variable reference at s[i] == '$'; returns the offset after
 * it. Long: BuildKit's forms ($V, ${V}, ${V:-w}, ${V-w}, ${V:+w}, ${V+w},
 * unknown and unset names, nesting and the expansion budget) are read in
 * one place, as its own shell lexer reads them. */
static size_t expand_var(struct parser *P, const struct scope *sc,
			 const char *s, size_t i, size_t end,
			 struct expansion *x)
{
	i++; /* $ */
	if (i < end && s[i] != '{') {
		size_t ns = i;
		while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '_'))
			i++;
		if (i == ns) {
			hl_buf_addc(&x->out, '$');
			return i;
		}
		const char *val = NULL;
		if (lookup(sc, s + ns, i - ns, &val) == VAR_VALUE)
			hl_buf_adds(&x->out, val);
		else
			put_unknown(x, s + ns, i - ns);
		return i;
	}
	if (i >= end) {
		hl_buf_addc(&x->out, '$');
		return i;
	}
	i++; /* { */
	size_t ns = i;
	while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	size_t nlen = i - ns;
	const char *val = NULL;
	enum var_state st = lookup(sc, s + ns, nlen, &val);
	if (i < end && s[i] == '}') {
		if (st == VAR_VALUE && nlen)
			hl_buf_adds(&x->out, val);
		else
			put_unknown(x, s + ns, nlen);
		return i + 1;
	}
	bool colon = false;
	if (i < end && s[i] == ':') {
		colon = true;
		i++;
	}
	char op = i < end ? s[i] : '\0';
	if (!nlen || !strchr("-+?#%/", op) || op == '\0') {
		/* malformed: skip to the closing brace */
		while (i < end && s[i] != '}')
			i++;
		put_unknown(x, s + ns, nlen);
		return i < end ? i + 1 : i;
	}
	i++;
	if ((op == '#' || op == '%') && i < end && s[i] == op)
		i++; /* ## and %% */
	/* the word, itself expanded, up to the matching brace */
	struct expansion w = {HL_BUF_INIT, false, x->depth + 1, HL_BUF_INIT,
			      false};
	w.out.max = HL_DF_MAX_EXPANSION;
	if (x->depth > HL_DF_MAX_SUBST_DEPTH) {
		x->too_deep = true;
		int level = 1;
		while (i < end && level) {
			if (s[i] == '{')
				level++;
			else if (s[i] == '}')
				level--;
			i++;
		}
		put_unknown(x, s + ns, nlen);
		hl_buf_release(&w.out);
		hl_buf_release(&w.names);
		return i;
	}
	i = expand_into(P, sc, s, i, end, &w, '}', false);
	if (i < end && s[i] == '}')
		i++;
	bool set = st == VAR_VALUE && (!colon || *val);
	switch (op) {
	case '-':
	case '?':
		if (st == VAR_UNKNOWN || (op == '?' && !set))
			put_unknown(x, s + ns, nlen);
		else if (set)
			hl_buf_adds(&x->out, val);
		else if (w.unknown)
			put_unknown(x, s + ns, nlen);
		else
			hl_buf_add(&x->out, hl_buf_str(&w.out), w.out.len);
		break;
	case '+':
		if (st == VAR_UNKNOWN || (set && w.unknown))
			put_unknown(x, s + ns, nlen);
		else if (set)
			hl_buf_add(&x->out, hl_buf_str(&w.out), w.out.len);
		break;
	case '#':
	case '%': {
		/* prefix or suffix removal of a literal pattern */
		const char *pat = hl_buf_str(&w.out);
		size_t pl = w.out.len;
		if (st != VAR_VALUE || w.unknown || strpbrk(pat, "*?[")) {
			put_unknown(x, s + ns, nlen);
			break;
		}
		size_t vl = strlen(val);
		if (pl <= vl && op == '#' && !memcmp(val, pat, pl))
			hl_buf_add(&x->out, val + pl, vl - pl);
		else if (pl <= vl && op == '%' &&
			 !memcmp(val + vl - pl, pat, pl))
			hl_buf_add(&x->out, val, vl - pl);
		else
			hl_buf_adds(&x->out, val);
		break;
	}
	default:
		put_unknown(x, s + ns, nlen);
		break;
	}
	if (w.unknown && op != '-' && op != '+')
		x->unknown = true;
	if (w.out.full)
		x->out.full = true;
	if (w.too_deep)
		x->too_deep = true;
	if (w.unknown && w.names.len) {
		/* the default's own unknowns count when it was used: each
		 * name once */
		for (const char *p = hl_buf_str(&w.names); *p;) {
			const char *e = strchr(p, ',');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			add_name(x, p, n);
			p = e ? e + 2 : p + n;
		}
	}
	hl_buf_release(&w.out);
	hl_buf_release(&w.names);
	return i;
}

/* A byte of the text as it goes into an expansion: the byte that marks an
 * unknown part cannot stand for itself, so a literal one (a control byte
 * no valid reference or name holds) becomes another invalid byte. */
static char literal(char c)
{
	return c == HL_IMAGE_UNKNOWN ? '\x02' : c;
}

/*
 * Expand s[i..end) into x until `stop` (outside quotes) or the end: the
 * escape character quotes the next character, single quotes are literal and
 * double quotes expand variables (when `quotes`), and $ references are
 * substituted from `sc`. Returns the offset where it stopped.
 */
static size_t expand_into(struct parser *P, const struct scope *sc,
			  const char *s, size_t i, size_t end,
			  struct expansion *x, char stop, bool quotes)
{
	char quote = 0;
	while (i < end) {
		char c = s[i];
		if (!quote && stop && c == stop)
			return i;
		if (c == P->esc && i + 1 < end &&
		    (!quote ||
		     (quote == '"' && (s[i + 1] == '"' || s[i + 1] == '$' ||
				       s[i + 1] == P->esc)))) {
			hl_buf_addc(&x->out, literal(s[i + 1]));
			i += 2;
			continue;
		}
		if (quotes && !quote && (c == '"' || c == '\'')) {
			quote = c;
			i++;
			continue;
		}
		if (quote && c == quote) {
			quote = 0;
			i++;
			continue;
		}
		if (c == '$' && quote != '\'') {
			i = expand_var(P, sc, s, i, end, x);
			continue;
		}
		hl_buf_addc(&x->out, literal(c));
		i++;
	}
	return i;
}

/* Expand `t` in scope `sc`: the result in the arena, *unknown set if any
 * part stayed unresolved (those parts are HL_IMAGE_UNKNOWN bytes). */
const char *hl_dfp_expand(struct parser *P, const struct scope *sc,
			  const char *s, size_t len, bool *unknown)
{
	struct expansion x = {HL_BUF_INIT, false, 0, HL_BUF_INIT, false};
	x.out.max = HL_DF_MAX_EXPANSION;
	expand_into(P, sc, s, 0, len, &x, 0, true);
	P->last_unknown = x.unknown
				  ? hl_arena_strndup(P->a, hl_buf_str(&x.names),
						     x.names.len)
				  : NULL;
	hl_buf_release(&x.names);
	if (x.too_deep) {
		hl_dfp_limit(
			P, P->line_span,
			"variable substitution nested deeper than %d levels "
			"(limit); file not checked",
			HL_DF_MAX_SUBST_DEPTH);
		hl_buf_release(&x.out);
		*unknown = true;
		return "";
	}
	if (x.out.full || x.out.len > P->budget) {
		/* an expansion bomb: stop rather than build gigabytes */
		hl_dfp_limit(
			P, P->line_span,
			"a value grows past %zu bytes with its variables "
			"substituted (limits: %zu bytes a value, the file's "
			"size and %zu more for all values); file not checked",
			x.out.full ? HL_DF_MAX_EXPANSION : P->budget,
			HL_DF_MAX_EXPANSION, HL_DF_EXPANSION_BUDGET);
		hl_buf_release(&x.out);
		*unknown = true;
		return "";
	}
	P->budget -= x.out.len;
	const char *r = hl_arena_strndup(P->a, hl_buf_str(&x.out), x.out.len);
	*unknown = x.unknown;
	hl_buf_release(&x.out);
	return r;
}

/* The value just expanded (for `what`, at `span`) stayed unknown: count it,
 * so a clean run is not mistaken for a fully checked one. */
void hl_dfp_unresolved(struct parser *P, struct hl_span span, const char *what)
{
	struct hl_dockerfile *df = P->df;
	df->unresolved = hl_arena_grow(P->a, df->unresolved, df->nunresolved,
				       &P->ucap, sizeof(*df->unresolved));
	struct hl_df_unresolved *u = &df->unresolved[df->nunresolved++];
	u->span = span;
	u->what = what;
	u->variables = P->last_unknown && *P->last_unknown ? P->last_unknown
							   : "?";
}
