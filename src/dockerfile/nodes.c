/*
 * nodes: a parsed Dockerfile's values as AST nodes (nodes.h).
 */
#include "dockerfile/nodes.h"

#include <string.h>

#include "core/image.h"

struct hl_node *hl_dfn_text(struct hl_arena *a, const struct hl_df_text *t)
{
	return hl_node_str(a, t->s, t->len, t->span);
}

struct hl_node *hl_dfn_word(struct hl_arena *a, const struct hl_sh_word *w)
{
	struct hl_node *n = hl_node_str(a, w->text.s, w->text.len, w->span);
	if (w->flags & HL_SH_EXPAND)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

struct hl_node *hl_dfn_words(struct hl_arena *a, const struct hl_sh_word *w,
			     size_t from, size_t to, struct hl_span span)
{
	struct hl_node *seq = hl_node_seq(a, span);
	for (size_t k = from; k < to; k++)
		hl_seq_push(a, seq, hl_dfn_word(a, &w[k]));
	return seq;
}

struct hl_node *hl_dfn_shown_unknown(struct hl_arena *a, const char *v)
{
	static const struct hl_span none;
	if (!v)
		return hl_node_unknown(a, "?", 1, none);
	size_t n = strlen(v);
	char *s = hl_arena_strndup(a, v, n);
	for (size_t i = 0; i < n; i++)
		if (s[i] == HL_IMAGE_UNKNOWN)
			s[i] = '?';
	return hl_node_unknown(a, s, n, none);
}

/* The basename of word `w` (unknown when it holds an expansion). */
static struct hl_node *basename_node(struct hl_arena *a,
				     const struct hl_sh_word *w)
{
	struct hl_node *n = hl_node_cstr(a, hl_sh_basename(w->text.s), w->span);
	if (w->flags & HL_SH_EXPAND)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

struct hl_node *hl_dfn_name(struct hl_arena *a, const struct hl_sh_cmd *c)
{
	return c->argc ? basename_node(a, &c->argv[0]) : NULL;
}

struct hl_node *hl_dfn_program(struct hl_arena *a, const struct hl_sh_cmd *c,
			       size_t p)
{
	return p < c->argc ? basename_node(a, &c->argv[p]) : NULL;
}

struct hl_node *hl_dfn_wrappers(struct hl_arena *a, const struct hl_sh_cmd *c,
				size_t p)
{
	struct hl_node *wr = hl_node_seq(a, c->span);
	for (size_t k = 0; k < p && k < c->argc; k++) {
		const char *w = c->argv[k].text.s;
		if (w[0] != '-' && !strchr(w, '='))
			hl_seq_push(a, wr,
				    hl_node_cstr(a, hl_sh_basename(w),
						 c->argv[k].span));
	}
	return wr;
}

const char *hl_dfn_nest_name(enum hl_sh_nest n)
{
	static const char *const names[HL_SH_NEST__COUNT] = {
		[HL_SH_TOP] = "top",
		[HL_SH_SUBST] = "substitution",
		[HL_SH_PROCSUB] = "process-substitution",
		[HL_SH_SCRIPT] = "shell-c",
		[HL_SH_STDIN] = "stdin",
		[HL_SH_EXEC] = "exec",
	};
	return (unsigned)n < HL_SH_NEST__COUNT ? names[n] : "?";
}

const char *hl_dfn_from_name(enum hl_sh_script_from f)
{
	static const char *const names[HL_SH_FROM__COUNT] = {
		[HL_SH_FROM_STDIN] = "stdin",
		[HL_SH_FROM_ARGUMENT] = "argument",
		[HL_SH_FROM_FILE] = "file",
	};
	return (unsigned)f < HL_SH_FROM__COUNT ? names[f] : "?";
}

struct hl_node *hl_dfn_flags(struct hl_arena *a, const struct hl_df_instr *in)
{
	if (!in->nflags)
		return NULL;
	struct hl_node *flags = hl_node_map(a, in->flags[0].span);
	for (size_t k = 0; k < in->nflags; k++) {
		const struct hl_df_flag *f = &in->flags[k];
		struct hl_node *v = f->value.s ? hl_node_str(a, f->value.s,
							     f->value.len,
							     f->span)
					       : hl_node_bool(a, true, f->span);
		flags->span.end = f->span.end;
		/* a flag given again (--exclude, --mount): the list of its
		 * values, at its first place */
		size_t times = 0, first = k;
		for (size_t j = 0; j < in->nflags; j++)
			if (!strcmp(in->flags[j].name.s, f->name.s)) {
				if (!times)
					first = j;
				times++;
			}
		if (times == 1) {
			hl_map_add(a, flags, hl_dfn_text(a, &f->name), v);
			continue;
		}
		struct hl_node *list =
			(struct hl_node *)hl_map_get(flags, f->name.s);
		if (first == k) {
			list = hl_node_seq(a, f->span);
			hl_map_add(a, flags, hl_dfn_text(a, &f->name), list);
		}
		if (list && list->kind == HL_NODE_SEQ) {
			hl_seq_push(a, list, v);
			list->span.end = f->span.end;
		}
	}
	return flags;
}

struct hl_node *hl_dfn_argv(struct hl_arena *a, const struct hl_df_instr *in)
{
	struct hl_node *argv = hl_node_seq(a, in->args.span);
	for (size_t k = 0; k < in->argc; k++)
		hl_seq_push(a, argv, hl_dfn_text(a, &in->argv[k]));
	return argv;
}

struct hl_node *hl_dfn_mounts(struct hl_arena *a,
			      const struct hl_df_instr *in)
{
	if (!in->nmounts)
		return NULL;
	struct hl_node *ms = hl_node_seq(a, in->mounts[0].span);
	for (size_t k = 0; k < in->nmounts; k++) {
		const struct hl_df_mount *mt = &in->mounts[k];
		struct hl_node *m = hl_node_map(a, mt->span);
		hl_map_set(a, m, "type", hl_node_cstr(a, mt->type, mt->span));
		for (size_t i = 0; i < mt->n; i++)
			hl_map_set(a, m, mt->keys[i],
				   hl_node_cstr(a, mt->values[i], mt->span));
		hl_seq_push(a, ms, m);
	}
	return ms;
}

struct hl_node *hl_dfn_user(struct hl_arena *a, const struct hl_df_stage *st)
{
	if (!st->user)
		return NULL;
	/* an unknown user shows as written: USER $APP_USER; a finding about
	 * the user points at its word, not at the keyword */
	struct hl_span at = st->user->argc ? st->user->argv[0].span
					   : st->user->span;
	struct hl_node *u = st->user_unknown && st->user->argc
				    ? hl_dfn_text(a, &st->user->argv[0])
				    : hl_node_cstr(a, st->user_value, at);
	if (st->user_unknown)
		u->flags |= HL_NODE_UNKNOWN;
	return u;
}

struct hl_node *hl_dfn_workdir(struct hl_arena *a,
			       const struct hl_df_stage *st)
{
	if (!st->workdir)
		return NULL;
	struct hl_node *w = hl_node_cstr(a, st->workdir_value,
					 st->workdir->span);
	if (st->workdir_unknown)
		w->flags |= HL_NODE_UNKNOWN;
	return w;
}

struct hl_node *hl_dfn_env(struct hl_arena *a, const struct hl_df_stage *st)
{
	static const struct hl_span none;
	struct hl_node *env = hl_node_map(a, st->from->span);
	for (size_t v = 0; v < st->nvars; v++) {
		const struct hl_df_var *var = &st->vars[v];
		if (!var->env)
			continue;
		struct hl_node *val = var->unknown || !var->value
					      ? hl_dfn_shown_unknown(a,
								     var->value)
					      : hl_node_cstr(a, var->value,
							     none);
		hl_map_set(a, env, var->name, val);
	}
	return env;
}

struct hl_node *hl_dfn_default_shell(struct hl_arena *a, bool windows)
{
	static const struct hl_span none;
	struct hl_node *sh = hl_node_seq(a, none);
	if (windows) {
		hl_seq_push(a, sh, hl_node_cstr(a, "cmd", none));
		hl_seq_push(a, sh, hl_node_cstr(a, "/S", none));
		hl_seq_push(a, sh, hl_node_cstr(a, "/C", none));
		return sh;
	}
	hl_seq_push(a, sh, hl_node_cstr(a, "/bin/sh", none));
	hl_seq_push(a, sh, hl_node_cstr(a, "-c", none));
	return sh;
}

void hl_dfn_image_info(struct hl_arena *a, const struct hl_df_image *im,
		       struct hl_df_image_info *out)
{
	memset(out, 0, sizeof(*out));
	/* display: as written, with what it resolved to when that differs */
	if (!im->unknown && strcmp(im->value, im->text.s)) {
		out->resolved = im->value;
		out->display = hl_arena_printf(a, "'%s' (%s)",
					       hl_image_redact(a, im->text.s),
					       hl_image_redact(a, im->value));
	} else {
		if (!im->unknown)
			out->resolved = im->value;
		out->display = !*im->text.s ? "(none: the file has no FROM)"
					    : hl_arena_printf(a, "'%s'",
							      hl_image_redact(a, im->text.s));
	}
	if (im->stage < 0)
		hl_image_parse(a, im->value, strlen(im->value), &out->ref);
}

struct hl_node *hl_dfn_image_part(struct hl_arena *a, enum hl_part_state st,
				  const char *value, struct hl_span span)
{
	if (st == HL_PART_ABSENT)
		return NULL;
	if (st == HL_PART_UNKNOWN)
		return hl_node_unknown(a, "?", 1, span);
	return hl_node_cstr(a, value, span);
}
