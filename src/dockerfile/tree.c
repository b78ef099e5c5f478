/*
 * tree: lays a parsed Dockerfile out as the generic AST that --dump-ast
 * prints (rules read the typed records of the views instead):
 *
 *   kind: Dockerfile
 *   escape: "\\"            syntax: ...
 *   instructions: [{cmd, keyword, flags: {name: value}, form, args, argv,
 *                   stage, onbuild, commands, mounts, heredocs}]
 *   stages: [{index, name, from, base, parent, user, workdir, shell, env,
 *             healthcheck, cmd, entrypoint, final, instructions}]
 *   images: [{ref, resolved, display, registry, repository, tag, digest,
 *             name, scratch, stage, known, valid, source, in-stage}]
 *   problems: [{message}]
 *
 * The values are made by nodes.c, as the views' getters make them.
 */
#include <string.h>

#include "dockerfile/dockerfile.h"
#include "dockerfile/nodes.h"

/* The programs of commands `l` as a list. */
static struct hl_node *programs(struct hl_arena *a, struct hl_node **prog,
				struct hl_sh_cmds l, struct hl_span span)
{
	struct hl_node **v = hl_arena_array(a, l.n ? l.n : 1, sizeof(*v));
	for (size_t k = 0; k < l.n; k++)
		v[k] = prog[l.v[k]];
	return hl_node_seq_slice(a, span, v, l.n);
}

/* Command i of a script, as the run-command view's records show it. */
static struct hl_node *command_node(struct hl_arena *a,
				    const struct hl_sh_script *sc, size_t i,
				    const struct hl_sh_cmdflow *f,
				    struct hl_node **prog)
{
	static const struct hl_span none;
	const struct hl_sh_cmd *c = &sc->cmds[i];
	struct hl_node *m = hl_node_map(a, c->span);
	hl_map_set(a, m, "argv", hl_dfn_words(a, c->argv, 0, c->argc, c->span));
	if (c->argc)
		hl_map_set(a, m, "name", hl_dfn_name(a, c));
	size_t p = f->program;
	if (prog[i]) {
		hl_map_set(a, m, "program", prog[i]);
		hl_map_set(a, m, "program-index",
			   hl_node_int(a, (int64_t)p, none));
	}
	hl_map_set(a, m, "args",
		   hl_dfn_words(a, c->argv, p + 1 < c->argc ? p + 1 : c->argc,
				c->argc, c->span));
	hl_map_set(a, m, "wrappers", hl_dfn_wrappers(a, c, p));
	hl_map_set(a, m, "assigns",
		   hl_dfn_words(a, c->assigns, 0, c->nassigns, c->span));
	struct hl_node *rs = hl_node_seq(a, c->span);
	for (size_t k = 0; k < c->nredirs; k++) {
		const struct hl_sh_redir *r = &c->redirs[k];
		struct hl_node *rn = hl_node_map(a, r->target.span);
		hl_map_set(a, rn, "op", hl_node_cstr(a, r->op, r->target.span));
		hl_map_set(a, rn, "target", hl_dfn_word(a, &r->target));
		hl_seq_push(a, rs, rn);
	}
	hl_map_set(a, m, "redirects", rs);
	hl_map_set(a, m, "pipeline", hl_node_int(a, (int64_t)c->pipeline, none));
	hl_map_set(a, m, "position",
		   hl_node_int(a, (int64_t)c->pipe_index, none));
	hl_map_set(a, m, "pipeline-length",
		   hl_node_int(a, (int64_t)sc->pipes[c->pipeline].length,
			       none));
	hl_map_set(a, m, "upstream", programs(a, prog, f->upstream, c->span));
	hl_map_set(a, m, "downstream",
		   programs(a, prog, f->downstream, c->span));
	hl_map_set(a, m, "nest",
		   hl_node_cstr(a, hl_dfn_nest_name(c->nest), none));
	if (c->parent >= 0 && prog[c->parent])
		hl_map_set(a, m, "parent", prog[c->parent]);
	hl_map_set(a, m, "script",
		   hl_node_cstr(a, hl_dfn_from_name(f->from), none));
	hl_map_set(a, m, "output-to", programs(a, prog, f->output_to, c->span));
	hl_map_set(a, m, "output-run-by",
		   programs(a, prog, f->run_by, c->span));
	return m;
}

static struct hl_node *commands_node(struct hl_arena *a,
				     const struct hl_sh_script *sc,
				     struct hl_span at)
{
	struct hl_node *seq = hl_node_seq(a, at);
	const struct hl_sh_cmdflow *fl = hl_sh_flow(a, sc);
	struct hl_node **prog = hl_arena_array(a, sc->ncmds ? sc->ncmds : 1,
					       sizeof(*prog));
	for (size_t i = 0; i < sc->ncmds; i++)
		prog[i] = hl_dfn_program(a, &sc->cmds[i], fl[i].program);
	for (size_t i = 0; i < sc->ncmds; i++)
		hl_seq_push(a, seq, command_node(a, sc, i, &fl[i], prog));
	return seq;
}

static struct hl_node *heredocs_node(struct hl_arena *a,
				     const struct hl_df_instr *in)
{
	struct hl_node *hs = hl_node_seq(a, in->heredocs[0].marker.span);
	for (size_t k = 0; k < in->nheredocs; k++) {
		const struct hl_df_heredoc *h = &in->heredocs[k];
		struct hl_node *m = hl_node_map(a, h->marker.span);
		hl_map_set(a, m, "name",
			   hl_node_cstr(a, h->name, h->marker.span));
		hl_map_set(a, m, "body", hl_dfn_text(a, &h->body));
		hl_map_set(a, m, "expand",
			   hl_node_bool(a, h->expand, h->marker.span));
		hl_map_set(a, m, "chomp",
			   hl_node_bool(a, h->chomp, h->marker.span));
		hl_seq_push(a, hs, m);
	}
	return hs;
}

static struct hl_node *instr_node(struct hl_arena *a,
				  const struct hl_df_instr *in)
{
	struct hl_node *n = hl_node_map(a, in->span);
	hl_map_set(a, n, "cmd",
		   hl_node_cstr(a, hl_df_cmd_name(in->cmd), in->keyword.span));
	hl_map_set(a, n, "keyword", hl_dfn_text(a, &in->keyword));
	hl_map_set(a, n, "flags", hl_dfn_flags(a, in));
	hl_map_set(a, n, "form",
		   hl_node_cstr(a, in->exec_form ? "exec" : "shell",
				in->args.span));
	hl_map_set(a, n, "args", hl_dfn_text(a, &in->args));
	hl_map_set(a, n, "argv", hl_dfn_argv(a, in));
	if (in->stage >= 0)
		hl_map_set(a, n, "stage",
			   hl_node_int(a, in->stage, in->keyword.span));
	if (in->wrapped)
		hl_map_set(a, n, "onbuild", instr_node(a, in->wrapped));
	if (in->script)
		hl_map_set(a, n, "commands",
			   commands_node(a, in->script, in->span));
	hl_map_set(a, n, "mounts", hl_dfn_mounts(a, in));
	if (in->nheredocs)
		hl_map_set(a, n, "heredocs", heredocs_node(a, in));
	return n;
}

static struct hl_node *image_node(struct hl_arena *a,
				  const struct hl_dockerfile *df,
				  const struct hl_df_image *im)
{
	struct hl_span sp = im->text.span;
	struct hl_node *n = hl_node_map(a, sp);
	struct hl_node *ref = hl_dfn_text(a, &im->text);
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
	struct hl_df_image_info info;
	hl_dfn_image_info(a, im, &info);
	if (info.resolved)
		hl_map_set(a, n, "resolved", hl_node_cstr(a, info.resolved, sp));
	hl_map_set(a, n, "display", hl_node_cstr(a, info.display, sp));
	const struct hl_image_ref *r = &info.ref;
	hl_map_set(a, n, "scratch", hl_node_bool(a, r->scratch, sp));
	hl_map_set(a, n, "valid", hl_node_bool(a, r->valid, sp));
	if (r->scratch)
		return n;
	hl_map_set(a, n, "registry",
		   hl_dfn_image_part(a, r->registry_state, r->registry, sp));
	hl_map_set(a, n, "repository",
		   hl_dfn_image_part(a, r->repository_state, r->repository,
				     sp));
	hl_map_set(a, n, "tag", hl_dfn_image_part(a, r->tag_state, r->tag, sp));
	hl_map_set(a, n, "digest",
		   hl_dfn_image_part(a, r->digest_state, r->digest, sp));
	if (r->name)
		hl_map_set(a, n, "name", hl_node_cstr(a, r->name, sp));
	return n;
}

static struct hl_node *stage_node(struct hl_arena *a,
				  const struct hl_dockerfile *df, size_t k,
				  struct hl_node **instrs,
				  struct hl_node **images)
{
	static const struct hl_span none;
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
		hl_map_set(a, s, "parent", hl_node_int(a, st->parent, at));
	hl_map_set(a, s, "user", hl_dfn_user(a, st));
	hl_map_set(a, s, "workdir", hl_dfn_workdir(a, st));
	/* the shell RUN's shell form runs in: SHELL's, or the default */
	struct hl_node *sh = NULL;
	if (st->shell)
		sh = (struct hl_node *)hl_map_get(instrs[st->shell->index],
						  "argv");
	hl_map_set(a, s, "shell",
		   sh ? sh : hl_dfn_default_shell(a, st->windows));
	hl_map_set(a, s, "env", hl_dfn_env(a, st));
	if (st->healthcheck)
		hl_map_set(a, s, "healthcheck", instrs[st->healthcheck->index]);
	if (st->cmd)
		hl_map_set(a, s, "cmd", instrs[st->cmd->index]);
	if (st->entrypoint)
		hl_map_set(a, s, "entrypoint", instrs[st->entrypoint->index]);
	hl_map_set(a, s, "final", hl_node_bool(a, (int)k == df->target, none));
	struct hl_node *body = hl_node_seq(a, st->from->span);
	for (size_t i = st->first; i < st->first + st->count; i++)
		hl_seq_push(a, body, instrs[i]);
	hl_map_set(a, s, "instructions", body);
	return s;
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
	for (size_t k = 0; k < df->nstages; k++)
		hl_seq_push(a, sseq, stage_node(a, df, k, instrs, images));
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
