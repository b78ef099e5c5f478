/*
 * dockerfile_tree: lays a parsed Dockerfile out as the shared AST, the
 * document rules read through the stage, instruction, image and syntax
 * views:
 *
 *   kind: Dockerfile
 *   escape: "\\"            syntax: ...
 *   instructions: [{cmd, keyword, flags: {name: value}, form, args, argv,
 *                   stage, onbuild}]
 *   stages: [{index, name, from, base, parent, user, final, instructions}]
 *   images: [{ref, resolved, registry, repository, tag, digest, name,
 *             scratch, stage, known, valid, source, in-stage}]
 *   problems: [{message}]
 *
 * Nodes keep the span of the text they stand for; an unresolved value is
 * an unknown scalar.
 */
#include <string.h>

#include "dockerfile/dockerfile.h"
#include "core/image.h"

static struct hl_node *text_node(struct hl_arena *a, const struct hl_df_text *t)
{
	return hl_node_str(a, t->s, t->len, t->span);
}

static struct hl_node *word_node(struct hl_arena *a, const struct hl_sh_word *w)
{
	struct hl_node *n = hl_node_str(a, w->text.s, w->text.len, w->span);
	if (w->flags & HL_SH_EXPAND)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

static const char *const nest_names[HL_SH_NEST__COUNT] = {
	[HL_SH_TOP] = "top",
	[HL_SH_SUBST] = "substitution",
	[HL_SH_PROCSUB] = "process-substitution",
	[HL_SH_SCRIPT] = "shell-c",
	[HL_SH_STDIN] = "stdin",
	[HL_SH_EXEC] = "exec",
};

/* A value partly unknown: its known parts, each unknown part a `?`
 * (never the internal marker byte). */
static struct hl_node *shown_unknown(struct hl_arena *a, const char *v)
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

/* The name of the program command `c` runs, as a node, or NULL. */
static struct hl_node *program_node(struct hl_arena *a,
				    const struct hl_sh_cmd *c)
{
	size_t p = hl_sh_program(c);
	if (p >= c->argc)
		return NULL;
	struct hl_node *n = hl_node_cstr(a, hl_sh_basename(c->argv[p].text.s),
					 c->argv[p].span);
	if (c->argv[p].flags & HL_SH_EXPAND)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

static const char *const from_names[HL_SH_FROM__COUNT] = {
	[HL_SH_FROM_STDIN] = "stdin",
	[HL_SH_FROM_ARGUMENT] = "argument",
	[HL_SH_FROM_FILE] = "file",
};

/* A list of program nodes, possibly a slice of another's array. */
struct plist {
	struct hl_node **v;
	size_t n;
};

struct pipe_progs {
	struct plist all, code;
	size_t *all_at, *code_at; /* each one's pipe_index */
};

/* The part of `l` after pipeline position `index` (`at` holds each
 * one's position, ascending): a slice, not a copy. */
static struct plist after(struct plist l, const size_t *at, size_t index)
{
	size_t k = 0;
	while (k < l.n && at[k] <= index)
		k++;
	struct plist r = {l.v + k, l.n - k};
	return r;
}

/* `x` then `y`: `x` itself when `y` is empty (no copy). */
static struct plist join(struct hl_arena *a, struct plist x, struct plist y)
{
	if (!y.n)
		return x;
	if (!x.n)
		return y;
	struct plist r;
	r.v = hl_arena_array(a, x.n + y.n, sizeof(*r.v));
	memcpy(r.v, x.v, x.n * sizeof(*r.v));
	memcpy(r.v + x.n, y.v, y.n * sizeof(*r.v));
	r.n = x.n + y.n;
	return r;
}

/* The commands a RUN runs, each with what the rules about commands read:
 * argv, name, program (past sudo and other wrappers), args, wrappers,
 * assigns, redirects, its pipeline (upstream and downstream programs),
 * how it is nested and in what (parent), and output-to: the programs
 * its output feeds (downstream, or the parent it is substituted into). */
static struct hl_node *commands_node(struct hl_arena *a,
				     const struct hl_sh_script *sc,
				     struct hl_span at)
{
	static const struct hl_span none;
	struct hl_node *seq = hl_node_seq(a, at);
	struct hl_node **prog = hl_arena_array(a, sc->ncmds ? sc->ncmds : 1,
					       sizeof(*prog));
	for (size_t i = 0; i < sc->ncmds; i++)
		prog[i] = program_node(a, &sc->cmds[i]);
	/* the commands of each pipeline, in order: members[start[p] ..
	 * start[p + 1]) (a counting sort, so that a script of 100,000
	 * commands is not walked 100,000 times) */
	size_t *start = hl_arena_array(a, sc->npipes + 1, sizeof(*start));
	size_t *members = hl_arena_array(a, sc->ncmds ? sc->ncmds : 1,
					 sizeof(*members));
	for (size_t i = 0; i < sc->ncmds; i++)
		if (sc->cmds[i].pipeline < sc->npipes)
			start[sc->cmds[i].pipeline + 1]++;
	for (size_t p = 0; p < sc->npipes; p++)
		start[p + 1] += start[p];
	size_t *fill = hl_arena_array(a, sc->npipes + 1, sizeof(*fill));
	memcpy(fill, start, (sc->npipes + 1) * sizeof(*fill));
	for (size_t i = 0; i < sc->ncmds; i++)
		if (sc->cmds[i].pipeline < sc->npipes)
			members[fill[sc->cmds[i].pipeline]++] = i;
	/* Each pipeline's programs in order (chain) and the pipe_index of
	 * each (at); code: the ones of them that read their script from
	 * standard input. A member's upstream and downstream are slices of
	 * its chain, shared, so a pipeline of n commands costs n slots, not
	 * n squared. */
	struct pipe_progs *pp = hl_arena_array(a, sc->npipes + 1, sizeof(*pp));
	size_t *before = hl_arena_array(a, sc->ncmds ? sc->ncmds : 1,
					sizeof(*before));
	enum hl_sh_script_from *from =
		hl_arena_array(a, sc->ncmds ? sc->ncmds : 1, sizeof(*from));
	size_t *script_at = hl_arena_array(a, sc->ncmds ? sc->ncmds : 1,
					   sizeof(*script_at));
	for (size_t i = 0; i < sc->ncmds; i++)
		from[i] = hl_sh_script_from(&sc->cmds[i], &script_at[i]);
	for (size_t p = 0; p < sc->npipes; p++) {
		size_t n = start[p + 1] - start[p];
		pp[p].all.v = hl_arena_array(a, n + 1,
					     sizeof(struct hl_node *));
		pp[p].all_at = hl_arena_array(a, n + 1, sizeof(size_t));
		pp[p].code.v = hl_arena_array(a, n + 1,
					      sizeof(struct hl_node *));
		pp[p].code_at = hl_arena_array(a, n + 1, sizeof(size_t));
		for (size_t mi = start[p]; mi < start[p + 1]; mi++) {
			size_t j = members[mi];
			before[j] = pp[p].all.n;
			if (!prog[j])
				continue;
			pp[p].all_at[pp[p].all.n] = sc->cmds[j].pipe_index;
			pp[p].all.v[pp[p].all.n++] = prog[j];
			if (from[j] == HL_SH_FROM_STDIN) {
				pp[p].code_at[pp[p].code.n] =
					sc->cmds[j].pipe_index;
				pp[p].code.v[pp[p].code.n++] = prog[j];
			}
		}
	}
	/* per command: output-to (all its output reaches) and output-run-by
	 * (what runs it as code), computed in order: a parent comes before
	 * the commands substituted into it */
	struct plist *out_all = hl_arena_array(a, sc->ncmds ? sc->ncmds : 1,
					       sizeof(*out_all));
	struct plist *out_code = hl_arena_array(a, sc->ncmds ? sc->ncmds : 1,
						sizeof(*out_code));
	for (size_t i = 0; i < sc->ncmds; i++) {
		const struct hl_sh_cmd *c = &sc->cmds[i];
		struct plist all = {NULL, 0}, code = {NULL, 0};
		if (c->pipeline < sc->npipes) {
			const struct pipe_progs *q = &pp[c->pipeline];
			all = after(q->all, q->all_at, c->pipe_index);
			code = after(q->code, q->code_at, c->pipe_index);
		}
		if (c->grouped && c->group_pipe < sc->npipes) {
			const struct pipe_progs *q = &pp[c->group_pipe];
			all = join(a, all,
				   after(q->all, q->all_at, c->group_index));
			code = join(a, code,
				    after(q->code, q->code_at, c->group_index));
		}
		bool subst = c->nest == HL_SH_SUBST || c->nest == HL_SH_PROCSUB;
		if (subst && c->parent >= 0 && prog[c->parent]) {
			size_t pa = (size_t)c->parent;
			struct plist me = {&prog[pa], 1};
			all = join(a, all, me);
			/* sh -c "$(curl ..)", eval "$(curl ..)", bash <(curl
			 * ..): substituted into what the parent runs as its
			 * script */
			bool script = script_at[pa] == c->parent_word &&
				      (c->nest == HL_SH_SUBST
					       ? from[pa] == HL_SH_FROM_ARGUMENT
					       : from[pa] != HL_SH_FROM_STDIN);
			if (script && c->parent_word)
				code = join(a, code, me);
			/* and what the parent writes, it may write: echo
			 * "$(curl ..)" | sh */
			all = join(a, all, out_all[pa]);
			code = join(a, code, out_code[pa]);
		}
		out_all[i] = all;
		out_code[i] = code;
	}
	for (size_t i = 0; i < sc->ncmds; i++) {
		const struct hl_sh_cmd *c = &sc->cmds[i];
		struct hl_node *m = hl_node_map(a, c->span);
		struct hl_node *argv = hl_node_seq(a, c->span);
		for (size_t k = 0; k < c->argc; k++)
			hl_seq_push(a, argv, word_node(a, &c->argv[k]));
		hl_map_set(a, m, "argv", argv);
		if (c->argc) {
			struct hl_node *name = hl_node_cstr(
				a, hl_sh_basename(c->argv[0].text.s),
				c->argv[0].span);
			if (c->argv[0].flags & HL_SH_EXPAND)
				name->flags |= HL_NODE_UNKNOWN;
			hl_map_set(a, m, "name", name);
		}
		size_t p = hl_sh_program(c);
		if (prog[i]) {
			hl_map_set(a, m, "program", prog[i]);
			hl_map_set(a, m, "program-index",
				   hl_node_int(a, (int64_t)p, none));
		}
		struct hl_node *args = hl_node_seq(a, c->span);
		for (size_t k = p + 1; k < c->argc; k++)
			hl_seq_push(a, args, word_node(a, &c->argv[k]));
		hl_map_set(a, m, "args", args);
		struct hl_node *wr = hl_node_seq(a, c->span);
		for (size_t k = 0; k < p && k < c->argc; k++) {
			const char *w = c->argv[k].text.s;
			if (w[0] != '-' && !strchr(w, '='))
				hl_seq_push(a, wr,
					    hl_node_cstr(a, hl_sh_basename(w),
							 c->argv[k].span));
		}
		hl_map_set(a, m, "wrappers", wr);
		struct hl_node *as = hl_node_seq(a, c->span);
		for (size_t k = 0; k < c->nassigns; k++)
			hl_seq_push(a, as, word_node(a, &c->assigns[k]));
		hl_map_set(a, m, "assigns", as);
		struct hl_node *rs = hl_node_seq(a, c->span);
		for (size_t k = 0; k < c->nredirs; k++) {
			const struct hl_sh_redir *r = &c->redirs[k];
			struct hl_node *rn = hl_node_map(a, r->target.span);
			hl_map_set(a, rn, "op",
				   hl_node_cstr(a, r->op, r->target.span));
			hl_map_set(a, rn, "target", word_node(a, &r->target));
			hl_seq_push(a, rs, rn);
		}
		hl_map_set(a, m, "redirects", rs);
		hl_map_set(a, m, "pipeline",
			   hl_node_int(a, (int64_t)c->pipeline, none));
		hl_map_set(a, m, "position",
			   hl_node_int(a, (int64_t)c->pipe_index, none));
		hl_map_set(a, m, "pipeline-length",
			   hl_node_int(a,
				       (int64_t)sc->pipes[c->pipeline].length,
				       none));
		size_t pl = c->pipeline;
		struct hl_node *up, *down;
		if (pl < sc->npipes) {
			size_t k = before[i], next = k + (prog[i] ? 1 : 0);
			up = hl_node_seq_slice(a, c->span, pp[pl].all.v, k);
			down = hl_node_seq_slice(a, c->span,
						 pp[pl].all.v + next,
						 pp[pl].all.n - next);
		} else {
			up = hl_node_seq(a, c->span);
			down = hl_node_seq(a, c->span);
		}
		hl_map_set(a, m, "upstream", up);
		hl_map_set(a, m, "downstream", down);
		hl_map_set(a, m, "nest",
			   hl_node_cstr(a, nest_names[c->nest], none));
		if (c->parent >= 0 && prog[c->parent])
			hl_map_set(a, m, "parent", prog[c->parent]);
		hl_map_set(a, m, "script",
			   hl_node_cstr(a, from_names[from[i]], none));
		hl_map_set(a, m, "output-to",
			   hl_node_seq_slice(a, c->span, out_all[i].v,
					     out_all[i].n));
		hl_map_set(a, m, "output-run-by",
			   hl_node_seq_slice(a, c->span, out_code[i].v,
					     out_code[i].n));
		hl_seq_push(a, seq, m);
	}
	return seq;
}

static struct hl_node *instr_node(struct hl_arena *a,
				  const struct hl_df_instr *in)
{
	struct hl_node *n = hl_node_map(a, in->span);
	hl_map_set(a, n, "cmd",
		   hl_node_cstr(a, hl_df_cmd_name(in->cmd), in->keyword.span));
	hl_map_set(a, n, "keyword", text_node(a, &in->keyword));
	if (in->nflags) {
		struct hl_node *flags = hl_node_map(a, in->flags[0].span);
		for (size_t k = 0; k < in->nflags; k++) {
			const struct hl_df_flag *f = &in->flags[k];
			struct hl_node *v =
				f->value.s ? hl_node_str(a, f->value.s,
							 f->value.len, f->span)
					   : hl_node_bool(a, true, f->span);
			flags->span.end = f->span.end;
			/* a flag given again (--exclude, --mount): the list of
			 * its values, at its first place */
			size_t times = 0, first = k;
			for (size_t j = 0; j < in->nflags; j++)
				if (!strcmp(in->flags[j].name.s, f->name.s)) {
					if (!times)
						first = j;
					times++;
				}
			if (times == 1) {
				hl_map_add(a, flags, text_node(a, &f->name), v);
				continue;
			}
			struct hl_node *list =
				(struct hl_node *)hl_map_get(flags, f->name.s);
			if (first == k) {
				list = hl_node_seq(a, f->span);
				hl_map_add(a, flags, text_node(a, &f->name),
					   list);
			}
			if (list && list->kind == HL_NODE_SEQ) {
				hl_seq_push(a, list, v);
				list->span.end = f->span.end;
			}
		}
		hl_map_set(a, n, "flags", flags);
	}
	hl_map_set(a, n, "form",
		   hl_node_cstr(a, in->exec_form ? "exec" : "shell",
				in->args.span));
	hl_map_set(a, n, "args", text_node(a, &in->args));
	struct hl_node *argv = hl_node_seq(a, in->args.span);
	for (size_t k = 0; k < in->argc; k++)
		hl_seq_push(a, argv, text_node(a, &in->argv[k]));
	hl_map_set(a, n, "argv", argv);
	if (in->stage >= 0)
		hl_map_set(a, n, "stage",
			   hl_node_int(a, in->stage, in->keyword.span));
	if (in->wrapped)
		hl_map_set(a, n, "onbuild", instr_node(a, in->wrapped));
	if (in->script)
		hl_map_set(a, n, "commands",
			   commands_node(a, in->script, in->span));
	if (in->nmounts) {
		struct hl_node *ms = hl_node_seq(a, in->mounts[0].span);
		for (size_t k = 0; k < in->nmounts; k++) {
			const struct hl_df_mount *mt = &in->mounts[k];
			struct hl_node *m = hl_node_map(a, mt->span);
			hl_map_set(a, m, "type",
				   hl_node_cstr(a, mt->type, mt->span));
			for (size_t i = 0; i < mt->n; i++)
				hl_map_set(a, m, mt->keys[i],
					   hl_node_cstr(a, mt->values[i],
							mt->span));
			hl_seq_push(a, ms, m);
		}
		hl_map_set(a, n, "mounts", ms);
	}
	if (in->nheredocs) {
		struct hl_node *hs = hl_node_seq(a,
						 in->heredocs[0].marker.span);
		for (size_t k = 0; k < in->nheredocs; k++) {
			const struct hl_df_heredoc *h = &in->heredocs[k];
			struct hl_node *m = hl_node_map(a, h->marker.span);
			hl_map_set(a, m, "name",
				   hl_node_cstr(a, h->name, h->marker.span));
			hl_map_set(a, m, "body", text_node(a, &h->body));
			hl_map_set(a, m, "expand",
				   hl_node_bool(a, h->expand, h->marker.span));
			hl_map_set(a, m, "chomp",
				   hl_node_bool(a, h->chomp, h->marker.span));
			hl_seq_push(a, hs, m);
		}
		hl_map_set(a, n, "heredocs", hs);
	}
	return n;
}

/* A part of an image reference by its state: absent parts are left out. */
static void part(struct hl_arena *a, struct hl_node *map, const char *key,
		 enum hl_part_state st, const char *value, struct hl_span span)
{
	if (st == HL_PART_ABSENT)
		return;
	if (st == HL_PART_UNKNOWN) {
		hl_map_set(a, map, key, hl_node_unknown(a, "?", 1, span));
		return;
	}
	hl_map_set(a, map, key, hl_node_cstr(a, value, span));
}

static struct hl_node *image_node(struct hl_arena *a,
				  const struct hl_dockerfile *df,
				  const struct hl_df_image *im)
{
	struct hl_span sp = im->text.span;
	struct hl_node *n = hl_node_map(a, sp);
	struct hl_node *ref = text_node(a, &im->text);
	if (im->unknown)
		ref->flags |= HL_NODE_UNKNOWN;
	hl_map_set(a, n, "ref", ref);
	hl_map_set(a, n, "source", hl_node_cstr(a, im->source, sp));
	hl_map_set(a, n, "in-stage", hl_node_int(a, im->in_stage, sp));
	hl_map_set(a, n, "known", hl_node_bool(a, !im->unknown, sp));
	if (im->stage >= 0) {
		hl_map_set(a, n, "stage", hl_node_int(a, im->stage, sp));
		const struct hl_df_stage *st = &df->stages[im->stage];
		if (st->name.s)
			hl_map_set(a, n, "stage-name",
				   hl_node_cstr(a, st->name.s, sp));
		return n;
	}
	/* display: as written, with what it resolved to when that differs */
	if (!im->unknown && strcmp(im->value, im->text.s)) {
		hl_map_set(a, n, "resolved", hl_node_cstr(a, im->value, sp));
		hl_map_set(a, n, "display",
			   hl_node_cstr(a,
					hl_arena_printf(a, "'%s' (%s)",
							im->text.s, im->value),
					sp));
	} else {
		if (!im->unknown)
			hl_map_set(a, n, "resolved",
				   hl_node_cstr(a, im->value, sp));
		hl_map_set(a, n, "display",
			   hl_node_cstr(a,
					hl_arena_printf(a, "'%s'", im->text.s),
					sp));
	}
	struct hl_image_ref r;
	hl_image_parse(a, im->value, strlen(im->value), &r);
	hl_map_set(a, n, "scratch", hl_node_bool(a, r.scratch, sp));
	hl_map_set(a, n, "valid", hl_node_bool(a, r.valid, sp));
	if (r.scratch)
		return n;
	part(a, n, "registry", r.registry_state, r.registry, sp);
	part(a, n, "repository", r.repository_state, r.repository, sp);
	part(a, n, "tag", r.tag_state, r.tag, sp);
	part(a, n, "digest", r.digest_state, r.digest, sp);
	if (r.name)
		hl_map_set(a, n, "name", hl_node_cstr(a, r.name, sp));
	return n;
}

struct hl_node *hl_dockerfile_tree(const struct hl_dockerfile *df,
				   struct hl_arena *a)
{
	struct hl_span whole = hl_source_span(df->src, 0, df->src->len);
	static const struct hl_span none;
	struct hl_node *root = hl_node_map(a, whole);
	hl_map_set(a, root, "kind", hl_node_cstr(a, "Dockerfile", none));
	char esc[2] = {df->escape, '\0'};
	hl_map_set(a, root, "escape", hl_node_cstr(a, esc, none));
	if (df->syntax)
		hl_map_set(a, root, "syntax",
			   hl_node_cstr(a, df->syntax, none));

	struct hl_node **instrs = hl_arena_array(
		a, df->ninstrs ? df->ninstrs : 1, sizeof(*instrs));
	struct hl_node *iseq = hl_node_seq(a, whole);
	for (size_t k = 0; k < df->ninstrs; k++) {
		instrs[k] = instr_node(a, df->instrs[k]);
		hl_seq_push(a, iseq, instrs[k]);
	}
	hl_map_set(a, root, "instructions", iseq);

	struct hl_node **images = hl_arena_array(
		a, df->nimages ? df->nimages : 1, sizeof(*images));
	struct hl_node *imseq = hl_node_seq(a, whole);
	for (size_t k = 0; k < df->nimages; k++) {
		images[k] = image_node(a, df, &df->images[k]);
		hl_seq_push(a, imseq, images[k]);
	}
	hl_map_set(a, root, "images", imseq);

	struct hl_node *sseq = hl_node_seq(a, whole);
	for (size_t k = 0; k < df->nstages; k++) {
		const struct hl_df_stage *st = &df->stages[k];
		struct hl_node *s = hl_node_map(a, st->from->span);
		struct hl_span at = st->from->keyword.span;
		hl_map_set(a, s, "index", hl_node_int(a, st->index, at));
		if (st->name.s)
			hl_map_set(a, s, "name",
				   hl_node_str(a, st->name.s, st->name.len,
					       st->name.span));
		hl_map_set(a, s, "from", instrs[st->first]);
		hl_map_set(a, s, "base", images[st->base]);
		if (st->parent >= 0)
			hl_map_set(a, s, "parent",
				   hl_node_int(a, st->parent, at));
		if (st->user) {
			/* an unknown user shows as written: USER $APP_USER */
			struct hl_node *u =
				st->user_unknown && st->user->argc
					? text_node(a, &st->user->argv[0])
					: hl_node_cstr(a, st->user_value,
						       st->user->span);
			if (st->user_unknown)
				u->flags |= HL_NODE_UNKNOWN;
			hl_map_set(a, s, "user", u);
		}
		if (st->workdir) {
			struct hl_node *w = hl_node_cstr(a, st->workdir_value,
							 st->workdir->span);
			if (st->workdir_unknown)
				w->flags |= HL_NODE_UNKNOWN;
			hl_map_set(a, s, "workdir", w);
		}
		/* the shell RUN's shell form runs in: SHELL's, or the default
		 */
		struct hl_node *sh = NULL;
		if (st->shell)
			sh = (struct hl_node *)hl_map_get(
				instrs[st->shell->index], "argv");
		if (!sh) {
			sh = hl_node_seq(a, none);
			hl_seq_push(a, sh, hl_node_cstr(a, "/bin/sh", none));
			hl_seq_push(a, sh, hl_node_cstr(a, "-c", none));
		}
		hl_map_set(a, s, "shell", sh);
		struct hl_node *env = hl_node_map(a, st->from->span);
		for (size_t v = 0; v < st->nvars; v++) {
			const struct hl_df_var *var = &st->vars[v];
			if (!var->env)
				continue;
			struct hl_node *val =
				var->unknown || !var->value
					? shown_unknown(a, var->value)
					: hl_node_cstr(a, var->value, none);
			hl_map_set(a, env, var->name, val);
		}
		hl_map_set(a, s, "env", env);
		if (st->healthcheck)
			hl_map_set(a, s, "healthcheck",
				   instrs[st->healthcheck->index]);
		if (st->cmd)
			hl_map_set(a, s, "cmd", instrs[st->cmd->index]);
		if (st->entrypoint)
			hl_map_set(a, s, "entrypoint",
				   instrs[st->entrypoint->index]);
		hl_map_set(a, s, "final",
			   hl_node_bool(a, (int)k == df->target, none));
		struct hl_node *body = hl_node_seq(a, st->from->span);
		for (size_t i = st->first; i < st->first + st->count; i++)
			hl_seq_push(a, body, instrs[i]);
		hl_map_set(a, s, "instructions", body);
		hl_seq_push(a, sseq, s);
	}
	hl_map_set(a, root, "stages", sseq);

	struct hl_node *pseq = hl_node_seq(a, whole);
	for (size_t k = 0; k < df->nproblems; k++) {
		const struct hl_df_problem *p = &df->problems[k];
		struct hl_node *m = hl_node_map(a, p->span);
		hl_map_set(a, m, "message",
			   hl_node_cstr(a, p->message, p->span));
		hl_seq_push(a, pseq, m);
	}
	hl_map_set(a, root, "problems", pseq);
	return root;
}
