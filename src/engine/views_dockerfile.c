/*
 * views_dockerfile: the Dockerfile's views as typed records over the
 * parser's own structures (dockerfile.h): a stage, an instruction, an
 * image reference, a command a RUN runs, a package install, a problem the
 * parser recovered from. Each record type's fields are declared once
 * below with their type, meaning and getter; a getter makes its value
 * (nodes.h) the first time a rule reads it.
 */
#include <string.h>

#include "dockerfile/dockerfile.h"
#include "dockerfile/flow.h"
#include "dockerfile/nodes.h"
#include "dockerfile/packages.h"
#include "engine/views.h"

static const struct hl_span none;

/* A Dockerfile document's view context: the parse, and the records made
 * so far (one a stage, instruction, image, RUN script), shared by every
 * view and field that leads to them. */
struct dfv {
	const struct hl_dockerfile *df;
	struct hl_arena *a;
	struct hl_node **stages, **instrs, **images;
	struct script **scripts; /* by instruction index; [n + i]: the
				    ONBUILD RUN of instruction i */
};

/* A RUN's split script, with what its commands share. */
struct script {
	const struct hl_sh_script *sc;
	const struct hl_df_instr *at; /* the instruction in the file (the
					 ONBUILD, for its RUN) */
	bool onbuild;
	const struct hl_sh_cmdflow *flow;
	struct hl_node **prog; /* each command's program, or NULL */
	struct hl_node **cmds; /* each command's record */
};

struct dfcmd {
	const struct script *s;
	size_t i;
};

/* An instruction, and the one in the file that holds it (itself, or the
 * ONBUILD that wraps it). */
struct dfinstr {
	const struct hl_df_instr *in;
	const struct hl_df_instr *top;
};

struct dfimage {
	const struct hl_df_image *im;
	struct hl_df_image_info info;
};

struct dfpkg {
	struct hl_pkg_install pi;
	const struct dfcmd *cmd;
	const struct hl_node *cmd_node; /* its run-command record */
};

extern const struct hl_rtype df_stage_type, df_instr_type, df_image_type,
	df_cmd_type, df_redirect_type, df_pkg_type, df_package_type,
	df_heredoc_type, df_problem_type;

static struct dfv *ctx_of(const struct hl_node *rec)
{
	return rec->u.record->ctx;
}

static struct dfv *dfv(struct hl_doc *d)
{
	if (d->vctx)
		return d->vctx;
	const struct hl_dockerfile *df = d->front;
	struct dfv *v = hl_arena_alloc(d->arena, sizeof(*v));
	v->df = df;
	v->a = d->arena;
	v->stages = hl_arena_array(d->arena, df->nstages + 1,
				   sizeof(*v->stages));
	v->instrs = hl_arena_array(d->arena, df->ninstrs + 1,
				   sizeof(*v->instrs));
	v->images = hl_arena_array(d->arena, df->nimages + 1,
				   sizeof(*v->images));
	v->scripts = hl_arena_array(d->arena, 2 * df->ninstrs + 1,
				    sizeof(*v->scripts));
	d->vctx = v;
	return v;
}

/* The records, made once a document. */
static const struct hl_node *stage_rec(struct dfv *v, size_t k)
{
	if (!v->stages[k]) {
		const struct hl_df_stage *st = &v->df->stages[k];
		v->stages[k] = hl_node_record(v->a, &df_stage_type, st, v,
					      NULL, st->from->span);
	}
	return v->stages[k];
}

static const struct hl_node *instr_rec(struct dfv *v,
				       const struct hl_df_instr *in,
				       const struct hl_df_instr *top)
{
	struct dfinstr *p = hl_arena_alloc(v->a, sizeof(*p));
	p->in = in;
	p->top = top;
	return hl_node_record(v->a, &df_instr_type, p, v, NULL, in->span);
}

static const struct hl_node *top_instr(struct dfv *v, size_t k)
{
	if (!v->instrs[k])
		v->instrs[k] = (struct hl_node *)instr_rec(v, v->df->instrs[k],
							   v->df->instrs[k]);
	return v->instrs[k];
}

static const struct hl_node *image_rec(struct dfv *v, size_t k)
{
	if (!v->images[k]) {
		struct dfimage *p = hl_arena_alloc(v->a, sizeof(*p));
		p->im = &v->df->images[k];
		hl_dfn_image_info(v->a, p->im, &p->info);
		v->images[k] = hl_node_record(v->a, &df_image_type, p, v, NULL,
					      p->im->text.span);
	}
	return v->images[k];
}

/* The split script of instruction `top` (or of the RUN its ONBUILD
 * holds), or NULL when it has none. */
static struct script *script_of(struct dfv *v, const struct hl_df_instr *top,
				bool onbuild)
{
	const struct hl_df_instr *in = onbuild ? top->wrapped : top;
	if (!in || !in->script || top->index < 0)
		return NULL;
	size_t slot = (size_t)top->index + (onbuild ? v->df->ninstrs : 0);
	if (v->scripts[slot])
		return v->scripts[slot];
	struct script *s = hl_arena_alloc(v->a, sizeof(*s));
	const struct hl_sh_script *sc = in->script;
	size_t n1 = sc->ncmds ? sc->ncmds : 1;
	s->sc = sc;
	s->at = top;
	s->onbuild = onbuild;
	s->flow = hl_sh_flow(v->a, sc);
	s->prog = hl_arena_array(v->a, n1, sizeof(*s->prog));
	s->cmds = hl_arena_array(v->a, n1, sizeof(*s->cmds));
	for (size_t i = 0; i < sc->ncmds; i++) {
		s->prog[i] = hl_dfn_program(v->a, &sc->cmds[i],
					    s->flow[i].program);
		struct dfcmd *c = hl_arena_alloc(v->a, sizeof(*c));
		c->s = s;
		c->i = i;
		s->cmds[i] = hl_node_record(v->a, &df_cmd_type, c, v, NULL,
					    sc->cmds[i].span);
	}
	v->scripts[slot] = s;
	return s;
}

/* `stage k` by name or number, or "before FROM". */
static const char *stage_label(struct dfv *v, int k)
{
	if (k < 0 || (size_t)k >= v->df->nstages)
		return "before FROM";
	const struct hl_df_stage *st = &v->df->stages[k];
	if (st->name.s)
		return hl_arena_printf(v->a, "stage %s", st->name.s);
	return hl_arena_printf(v->a, "stage %d", st->index);
}

/* ------------------------------------------------------------------ */
/* stage                                                              */

static const struct hl_df_stage *stage_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *st_index(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	return hl_node_int(ctx_of(r)->a, st->index, st->from->keyword.span);
}

static const struct hl_node *st_name(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	return st->name.s ? hl_node_str(ctx_of(r)->a, st->name.s, st->name.len,
					st->name.span)
			  : NULL;
}

static const struct hl_node *st_from(const struct hl_node *r)
{
	return top_instr(ctx_of(r), stage_of(r)->first);
}

static const struct hl_node *st_base(const struct hl_node *r)
{
	return image_rec(ctx_of(r), stage_of(r)->base);
}

static const struct hl_node *st_parent(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	return st->parent >= 0 ? hl_node_int(ctx_of(r)->a, st->parent,
					     st->from->keyword.span)
			       : NULL;
}

static const struct hl_node *st_user(const struct hl_node *r)
{
	return hl_dfn_user(ctx_of(r)->a, stage_of(r));
}

static const struct hl_node *st_workdir(const struct hl_node *r)
{
	return hl_dfn_workdir(ctx_of(r)->a, stage_of(r));
}

static const struct hl_node *st_shell(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	if (st->shell && st->shell->index >= 0)
		return hl_dfn_argv(ctx_of(r)->a, st->shell);
	return hl_dfn_default_shell(ctx_of(r)->a);
}

static const struct hl_node *st_env(const struct hl_node *r)
{
	return hl_dfn_env(ctx_of(r)->a, stage_of(r));
}

/* The record of an instruction the stage names (last HEALTHCHECK, CMD,
 * ENTRYPOINT), or NULL. */
static const struct hl_node *named(const struct hl_node *r,
				   const struct hl_df_instr *in)
{
	return in && in->index >= 0 ? top_instr(ctx_of(r), (size_t)in->index)
				    : NULL;
}

static const struct hl_node *st_healthcheck(const struct hl_node *r)
{
	return named(r, stage_of(r)->healthcheck);
}

static const struct hl_node *st_cmd(const struct hl_node *r)
{
	return named(r, stage_of(r)->cmd);
}

static const struct hl_node *st_entrypoint(const struct hl_node *r)
{
	return named(r, stage_of(r)->entrypoint);
}

static const struct hl_node *st_final(const struct hl_node *r)
{
	return hl_node_bool(ctx_of(r)->a,
			    stage_of(r)->index == ctx_of(r)->df->target, none);
}

static const struct hl_node *st_instructions(const struct hl_node *r)
{
	struct dfv *v = ctx_of(r);
	const struct hl_df_stage *st = stage_of(r);
	struct hl_node *seq = hl_node_seq(v->a, st->from->span);
	for (size_t i = st->first; i < st->first + st->count; i++)
		hl_seq_push(v->a, seq, (struct hl_node *)top_instr(v, i));
	return seq;
}

static const struct hl_rfield stage_fields[] = {
	{{"index", "integer", "its place among the stages, from 0"},
	 st_index},
	{{"name", "string", "its AS name, lower-cased"}, st_name},
	{{"from", "instruction", "its FROM instruction"}, st_from},
	{{"base", "image", "the image FROM names"}, st_base},
	{{"parent", "integer", "the stage FROM names, when it names one"},
	 st_parent},
	{{"user", "string",
	  "the effective USER after substitution, inherited from the parent "
	  "stage; its place is the USER instruction"},
	 st_user},
	{{"workdir", "string", "the effective WORKDIR, made absolute"},
	 st_workdir},
	{{"shell", "[string]", "SHELL's argv, or /bin/sh -c"}, st_shell},
	{{"env", "{string}", "the ENV in effect, inherited too"}, st_env},
	{{"healthcheck", "instruction", "its last HEALTHCHECK, inherited too"},
	 st_healthcheck},
	{{"cmd", "instruction", "its last CMD, inherited too"}, st_cmd},
	{{"entrypoint", "instruction", "its last ENTRYPOINT, inherited too"},
	 st_entrypoint},
	{{"final", "boolean",
	  "the stage that ships: the last, or the one --target names"},
	 st_final},
	{{"instructions", "[instruction]", "its instructions, FROM first"},
	 st_instructions},
};

const struct hl_rtype df_stage_type = {
	{"stage", HL_TARGET_DOCKERFILE, "a build stage", NULL,
	 sizeof(stage_fields) / sizeof(stage_fields[0])},
	stage_fields,
};

/* ------------------------------------------------------------------ */
/* instruction                                                        */

static const struct hl_df_instr *in_of(const struct hl_node *r)
{
	return ((const struct dfinstr *)r->u.record->p)->in;
}

static const struct hl_node *in_cmd(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return hl_node_cstr(ctx_of(r)->a, hl_df_cmd_name(in->cmd),
			    in->keyword.span);
}

static const struct hl_node *in_keyword(const struct hl_node *r)
{
	return hl_dfn_text(ctx_of(r)->a, &in_of(r)->keyword);
}

static const struct hl_node *in_flags(const struct hl_node *r)
{
	return hl_dfn_flags(ctx_of(r)->a, in_of(r));
}

static const struct hl_node *in_form(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return hl_node_cstr(ctx_of(r)->a, in->exec_form ? "exec" : "shell",
			    in->args.span);
}

static const struct hl_node *in_args(const struct hl_node *r)
{
	return hl_dfn_text(ctx_of(r)->a, &in_of(r)->args);
}

static const struct hl_node *in_argv(const struct hl_node *r)
{
	return hl_dfn_argv(ctx_of(r)->a, in_of(r));
}

static const struct hl_node *in_stage(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return in->stage >= 0 ? hl_node_int(ctx_of(r)->a, in->stage,
					    in->keyword.span)
			      : NULL;
}

static const struct hl_node *in_onbuild(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return in->wrapped ? instr_rec(ctx_of(r), in->wrapped, in) : NULL;
}

static const struct hl_node *in_commands(const struct hl_node *r)
{
	const struct dfinstr *p = r->u.record->p;
	struct script *s = script_of(ctx_of(r), p->top, p->in != p->top);
	if (!s)
		return NULL;
	return hl_node_seq_slice(ctx_of(r)->a, p->in->span, s->cmds,
				 s->sc->ncmds);
}

static const struct hl_node *in_mounts(const struct hl_node *r)
{
	return hl_dfn_mounts(ctx_of(r)->a, in_of(r));
}

static const struct hl_node *in_heredocs(const struct hl_node *r)
{
	struct dfv *v = ctx_of(r);
	const struct hl_df_instr *in = in_of(r);
	if (!in->nheredocs)
		return NULL;
	struct hl_node *hs = hl_node_seq(v->a, in->heredocs[0].marker.span);
	for (size_t k = 0; k < in->nheredocs; k++)
		hl_seq_push(v->a, hs,
			    hl_node_record(v->a, &df_heredoc_type,
					   &in->heredocs[k], v, NULL,
					   in->heredocs[k].marker.span));
	return hs;
}

static const struct hl_rfield instr_fields[] = {
	{{"cmd", "string", "the instruction, upper case (RUN)"}, in_cmd},
	{{"keyword", "string", "the keyword as written"}, in_keyword},
	{{"flags", "{string}",
	  "--name=value flags; a flag given more than once (--mount, "
	  "--exclude) maps to the list of its values"},
	 in_flags},
	{{"form", "string", "exec (a JSON array) or shell"}, in_form},
	{{"args", "string", "the arguments after the flags, as written"},
	 in_args},
	{{"argv", "[string]", "the arguments as words (exec form: the array)"},
	 in_argv},
	{{"stage", "integer", "the index of its stage"}, in_stage},
	{{"onbuild", "instruction", "what an ONBUILD holds"}, in_onbuild},
	{{"commands", "[run-command]", "RUN: the commands it runs"},
	 in_commands},
	{{"mounts", "[{string}]",
	  "RUN --mount: type (bind when not given) and its options as "
	  "written (target, from, id, ...)"},
	 in_mounts},
	{{"heredocs", "[heredoc]", "RUN, COPY, ADD: its heredocs"},
	 in_heredocs},
};

const struct hl_rtype df_instr_type = {
	{"instruction", HL_TARGET_DOCKERFILE, "an instruction", NULL,
	 sizeof(instr_fields) / sizeof(instr_fields[0])},
	instr_fields,
};

static const struct hl_df_heredoc *hd_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *hd_name(const struct hl_node *r)
{
	const struct hl_df_heredoc *h = hd_of(r);
	return hl_node_cstr(ctx_of(r)->a, h->name, h->marker.span);
}

static const struct hl_node *hd_body(const struct hl_node *r)
{
	return hl_dfn_text(ctx_of(r)->a, &hd_of(r)->body);
}

static const struct hl_node *hd_expand(const struct hl_node *r)
{
	const struct hl_df_heredoc *h = hd_of(r);
	return hl_node_bool(ctx_of(r)->a, h->expand, h->marker.span);
}

static const struct hl_node *hd_chomp(const struct hl_node *r)
{
	const struct hl_df_heredoc *h = hd_of(r);
	return hl_node_bool(ctx_of(r)->a, h->chomp, h->marker.span);
}

static const struct hl_rfield heredoc_fields[] = {
	{{"name", "string", "its delimiter (EOF)"}, hd_name},
	{{"body", "string", "its lines (<<-: leading tabs removed)"}, hd_body},
	{{"expand", "boolean", "variables are expanded in it (the name was "
			       "not quoted)"},
	 hd_expand},
	{{"chomp", "boolean", "written <<-"}, hd_chomp},
};

const struct hl_rtype df_heredoc_type = {
	{"heredoc", HL_TARGET_DOCKERFILE, "a heredoc of RUN, COPY or ADD", NULL,
	 sizeof(heredoc_fields) / sizeof(heredoc_fields[0])},
	heredoc_fields,
};

/* ------------------------------------------------------------------ */
/* image                                                              */

static const struct dfimage *img_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static struct hl_span img_span(const struct hl_node *r)
{
	return img_of(r)->im->text.span;
}

static const struct hl_node *im_ref(const struct hl_node *r)
{
	const struct hl_df_image *im = img_of(r)->im;
	struct hl_node *n = hl_dfn_text(ctx_of(r)->a, &im->text);
	if (im->unknown)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

static const struct hl_node *im_source(const struct hl_node *r)
{
	return hl_node_cstr(ctx_of(r)->a, img_of(r)->im->source, img_span(r));
}

static const struct hl_node *im_in_stage(const struct hl_node *r)
{
	return hl_node_int(ctx_of(r)->a, img_of(r)->im->in_stage, img_span(r));
}

static const struct hl_node *im_known(const struct hl_node *r)
{
	return hl_node_bool(ctx_of(r)->a, !img_of(r)->im->unknown,
			    img_span(r));
}

static const struct hl_node *im_stage(const struct hl_node *r)
{
	const struct hl_df_image *im = img_of(r)->im;
	return im->stage >= 0 ? hl_node_int(ctx_of(r)->a, im->stage,
					    img_span(r))
			      : NULL;
}

static const struct hl_node *im_stage_name(const struct hl_node *r)
{
	const struct hl_df_image *im = img_of(r)->im;
	if (im->stage < 0)
		return NULL;
	const struct hl_df_stage *st = &ctx_of(r)->df->stages[im->stage];
	return st->name.s ? hl_node_cstr(ctx_of(r)->a, st->name.s, img_span(r))
			  : NULL;
}

/* The image itself, not a stage it names: its info applies. */
static const struct hl_df_image_info *info_of(const struct hl_node *r)
{
	return img_of(r)->im->stage < 0 ? &img_of(r)->info : NULL;
}

static const struct hl_node *im_resolved(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i && i->resolved ? hl_node_cstr(ctx_of(r)->a, i->resolved,
					       img_span(r))
				: NULL;
}

static const struct hl_node *im_display(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i ? hl_node_cstr(ctx_of(r)->a, i->display, img_span(r)) : NULL;
}

static const struct hl_node *im_scratch(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i ? hl_node_bool(ctx_of(r)->a, i->ref.scratch, img_span(r))
		 : NULL;
}

static const struct hl_node *im_valid(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i ? hl_node_bool(ctx_of(r)->a, i->ref.valid, img_span(r)) : NULL;
}

/* A part of the reference: none for a stage or scratch. */
static const struct hl_image_ref *ref_of(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i && !i->ref.scratch ? &i->ref : NULL;
}

static const struct hl_node *im_registry(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x ? hl_dfn_image_part(ctx_of(r)->a, x->registry_state,
				     x->registry, img_span(r))
		 : NULL;
}

static const struct hl_node *im_repository(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x ? hl_dfn_image_part(ctx_of(r)->a, x->repository_state,
				     x->repository, img_span(r))
		 : NULL;
}

static const struct hl_node *im_tag(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x ? hl_dfn_image_part(ctx_of(r)->a, x->tag_state, x->tag,
				     img_span(r))
		 : NULL;
}

static const struct hl_node *im_digest(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x ? hl_dfn_image_part(ctx_of(r)->a, x->digest_state, x->digest,
				     img_span(r))
		 : NULL;
}

static const struct hl_node *im_name(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x && x->name ? hl_node_cstr(ctx_of(r)->a, x->name, img_span(r))
			    : NULL;
}

static const struct hl_rfield image_fields[] = {
	{{"ref", "string", "the reference as written"}, im_ref},
	{{"resolved", "string", "the reference after substitution"},
	 im_resolved},
	{{"display", "string",
	  "how messages show it: 'ref', or 'ref' (resolved)"},
	 im_display},
	{{"registry", "string", "docker.io, gcr.io, localhost:5000, ..."},
	 im_registry},
	{{"repository", "string", "library/python, ..."}, im_repository},
	{{"tag", "string", "3.12-slim, ..."}, im_tag},
	{{"digest", "string", "sha256:..."}, im_digest},
	{{"name", "string", "registry/repository, normalised"}, im_name},
	{{"scratch", "boolean", "the empty image"}, im_scratch},
	{{"stage", "integer", "the earlier stage it names, if it names one"},
	 im_stage},
	{{"stage-name", "string", "that stage's name"}, im_stage_name},
	{{"known", "boolean", "no variable left any of it unknown"}, im_known},
	{{"valid", "boolean", "every known part fits the reference grammar"},
	 im_valid},
	{{"source", "string", "from, copy-from or mount-from"}, im_source},
	{{"in-stage", "integer", "the stage it appears in"}, im_in_stage},
};

const struct hl_rtype df_image_type = {
	{"image", HL_TARGET_DOCKERFILE,
	 "an image reference; a part a variable may supply is unknown", NULL,
	 sizeof(image_fields) / sizeof(image_fields[0])},
	image_fields,
};

/* ------------------------------------------------------------------ */
/* run-command                                                        */

static const struct dfcmd *cmd_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_sh_cmd *sh_of(const struct hl_node *r)
{
	const struct dfcmd *c = cmd_of(r);
	return &c->s->sc->cmds[c->i];
}

static const struct hl_sh_cmdflow *flow_of(const struct hl_node *r)
{
	const struct dfcmd *c = cmd_of(r);
	return &c->s->flow[c->i];
}

static const struct hl_node *c_argv(const struct hl_node *r)
{
	const struct hl_sh_cmd *c = sh_of(r);
	return hl_dfn_words(ctx_of(r)->a, c->argv, 0, c->argc, c->span);
}

static const struct hl_node *c_name(const struct hl_node *r)
{
	return hl_dfn_name(ctx_of(r)->a, sh_of(r));
}

static const struct hl_node *c_program(const struct hl_node *r)
{
	const struct dfcmd *c = cmd_of(r);
	return c->s->prog[c->i];
}

static const struct hl_node *c_program_index(const struct hl_node *r)
{
	if (!c_program(r))
		return NULL;
	return hl_node_int(ctx_of(r)->a, (int64_t)flow_of(r)->program, none);
}

static const struct hl_node *c_args(const struct hl_node *r)
{
	const struct hl_sh_cmd *c = sh_of(r);
	size_t p = flow_of(r)->program;
	return hl_dfn_words(ctx_of(r)->a, c->argv,
			    p + 1 < c->argc ? p + 1 : c->argc, c->argc,
			    c->span);
}

static const struct hl_node *c_wrappers(const struct hl_node *r)
{
	return hl_dfn_wrappers(ctx_of(r)->a, sh_of(r), flow_of(r)->program);
}

static const struct hl_node *c_assigns(const struct hl_node *r)
{
	const struct hl_sh_cmd *c = sh_of(r);
	return hl_dfn_words(ctx_of(r)->a, c->assigns, 0, c->nassigns, c->span);
}

static const struct hl_node *c_redirects(const struct hl_node *r)
{
	struct dfv *v = ctx_of(r);
	const struct hl_sh_cmd *c = sh_of(r);
	struct hl_node *rs = hl_node_seq(v->a, c->span);
	for (size_t k = 0; k < c->nredirs; k++)
		hl_seq_push(v->a, rs,
			    hl_node_record(v->a, &df_redirect_type,
					   &c->redirs[k], v, NULL,
					   c->redirs[k].target.span));
	return rs;
}

static const struct hl_node *c_pipeline(const struct hl_node *r)
{
	return hl_node_int(ctx_of(r)->a, (int64_t)sh_of(r)->pipeline, none);
}

static const struct hl_node *c_position(const struct hl_node *r)
{
	return hl_node_int(ctx_of(r)->a, (int64_t)sh_of(r)->pipe_index, none);
}

static const struct hl_node *c_pipeline_length(const struct hl_node *r)
{
	const struct hl_sh_script *sc = cmd_of(r)->s->sc;
	size_t p = sh_of(r)->pipeline;
	return hl_node_int(ctx_of(r)->a, (int64_t)sc->pipes[p].length, none);
}

/* The programs of commands `l` as a list. */
static const struct hl_node *programs(const struct hl_node *r,
				      struct hl_sh_cmds l)
{
	struct dfv *v = ctx_of(r);
	struct hl_node **prog = cmd_of(r)->s->prog;
	struct hl_node **out = hl_arena_array(v->a, l.n ? l.n : 1,
					      sizeof(*out));
	for (size_t k = 0; k < l.n; k++)
		out[k] = prog[l.v[k]];
	return hl_node_seq_slice(v->a, sh_of(r)->span, out, l.n);
}

static const struct hl_node *c_upstream(const struct hl_node *r)
{
	return programs(r, flow_of(r)->upstream);
}

static const struct hl_node *c_downstream(const struct hl_node *r)
{
	return programs(r, flow_of(r)->downstream);
}

static const struct hl_node *c_output_to(const struct hl_node *r)
{
	return programs(r, flow_of(r)->output_to);
}

static const struct hl_node *c_run_by(const struct hl_node *r)
{
	return programs(r, flow_of(r)->run_by);
}

static const struct hl_node *c_nest(const struct hl_node *r)
{
	return hl_node_cstr(ctx_of(r)->a, hl_dfn_nest_name(sh_of(r)->nest),
			    none);
}

static const struct hl_node *c_parent(const struct hl_node *r)
{
	int p = sh_of(r)->parent;
	return p >= 0 ? cmd_of(r)->s->prog[p] : NULL;
}

static const struct hl_node *c_script(const struct hl_node *r)
{
	return hl_node_cstr(ctx_of(r)->a, hl_dfn_from_name(flow_of(r)->from),
			    none);
}

static const struct hl_node *c_instruction(const struct hl_node *r)
{
	const struct hl_df_instr *at = cmd_of(r)->s->at;
	return top_instr(ctx_of(r), (size_t)at->index);
}

static const struct hl_node *c_stage(const struct hl_node *r)
{
	const struct hl_df_instr *at = cmd_of(r)->s->at;
	return at->stage >= 0 ? hl_node_int(ctx_of(r)->a, at->stage,
					    at->keyword.span)
			      : NULL;
}

static const struct hl_node *c_final(const struct hl_node *r)
{
	struct dfv *v = ctx_of(r);
	int k = cmd_of(r)->s->at->stage;
	bool final = k >= 0 && (size_t)k < v->df->nstages &&
		     k == v->df->target;
	return hl_node_bool(v->a, final, none);
}

static const struct hl_node *c_onbuild(const struct hl_node *r)
{
	return hl_node_bool(ctx_of(r)->a, cmd_of(r)->s->onbuild, none);
}

static const struct hl_rfield cmd_fields[] = {
	{{"argv", "[string]", "its words, quotes removed"}, c_argv},
	{{"name", "string", "argv[0]'s basename"}, c_name},
	{{"program", "string",
	  "the program it runs, past sudo, env, nice, timeout and other "
	  "wrappers"},
	 c_program},
	{{"program-index", "integer", "where the program is in argv"},
	 c_program_index},
	{{"args", "[string]", "the words after the program"}, c_args},
	{{"wrappers", "[string]", "the wrappers before the program"},
	 c_wrappers},
	{{"assigns", "[string]", "NAME=value prefixes"}, c_assigns},
	{{"redirects", "[redirect]", "its redirections"}, c_redirects},
	{{"pipeline", "integer", "its pipeline in the script"}, c_pipeline},
	{{"position", "integer", "its place in the pipeline"}, c_position},
	{{"pipeline-length", "integer", "commands in the pipeline"},
	 c_pipeline_length},
	{{"upstream", "[string]", "the programs before it in its pipeline"},
	 c_upstream},
	{{"downstream", "[string]", "the programs after it in its pipeline"},
	 c_downstream},
	{{"nest", "string",
	  "how it is nested: top, substitution, process-substitution, "
	  "shell-c, stdin, exec"},
	 c_nest},
	{{"parent", "string", "the program it is nested in"}, c_parent},
	{{"script", "string",
	  "where its program takes its script from: stdin, argument (sh -c, "
	  "python -c/-m, perl -e, node -e, eval) or file"},
	 c_script},
	{{"output-to", "[string]",
	  "programs its output reaches: downstream, what a ( ) or { } group "
	  "it is in feeds, the parent it is substituted into and what that "
	  "parent's output reaches"},
	 c_output_to},
	{{"output-run-by", "[string]",
	  "those of them that run it as code (a downstream shell reading "
	  "stdin; sh -c \"$(curl ..)\", eval \"$(curl ..)\", bash <(curl ..))"},
	 c_run_by},
	{{"instruction", "instruction", "the RUN (or ONBUILD) it is in"},
	 c_instruction},
	{{"stage", "integer", "the index of its stage"}, c_stage},
	{{"final", "boolean", "its stage is the one that ships"}, c_final},
	{{"onbuild", "boolean", "it runs in ONBUILD"}, c_onbuild},
};

const struct hl_rtype df_cmd_type = {
	{"run-command", HL_TARGET_DOCKERFILE, "a simple command a RUN runs",
	 NULL, sizeof(cmd_fields) / sizeof(cmd_fields[0])},
	cmd_fields,
};

static const struct hl_sh_redir *rd_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *rd_op(const struct hl_node *r)
{
	const struct hl_sh_redir *x = rd_of(r);
	return hl_node_cstr(ctx_of(r)->a, x->op, x->target.span);
}

static const struct hl_node *rd_target(const struct hl_node *r)
{
	return hl_dfn_word(ctx_of(r)->a, &rd_of(r)->target);
}

static const struct hl_rfield redirect_fields[] = {
	{{"op", "string", ">, >>, <, <<, 2>&1, ..."}, rd_op},
	{{"target", "string", "the file, descriptor or heredoc delimiter"},
	 rd_target},
};

const struct hl_rtype df_redirect_type = {
	{"redirect", HL_TARGET_DOCKERFILE, "a redirection of a command", NULL,
	 sizeof(redirect_fields) / sizeof(redirect_fields[0])},
	redirect_fields,
};

/* ------------------------------------------------------------------ */
/* package-install                                                    */

static const struct dfpkg *pkg_of(const struct hl_node *r)
{
	return r->u.record->p;
}

/* Word k of the install's command, counting from its program. */
static const struct hl_sh_word *pkg_word(const struct dfpkg *p, size_t k)
{
	const struct dfcmd *c = p->cmd;
	return &c->s->sc->cmds[c->i].argv[c->s->flow[c->i].program + k];
}

static const struct hl_node *p_manager(const struct hl_node *r)
{
	const struct dfpkg *p = pkg_of(r);
	return hl_node_cstr(ctx_of(r)->a, p->pi.manager, pkg_word(p, 0)->span);
}

static const struct hl_node *p_subcommand(const struct hl_node *r)
{
	const struct dfpkg *p = pkg_of(r);
	return hl_dfn_word(ctx_of(r)->a, pkg_word(p, p->pi.subcommand));
}

static const struct hl_node *p_packages(const struct hl_node *r)
{
	struct dfv *v = ctx_of(r);
	const struct dfpkg *p = pkg_of(r);
	struct hl_node *seq = hl_node_seq(v->a, sh_of(p->cmd_node)->span);
	for (size_t k = 0; k < p->pi.npackages; k++)
		hl_seq_push(v->a, seq,
			    hl_node_record(v->a, &df_package_type,
					   &p->pi.packages[k], (void *)r, NULL,
					   pkg_word(p, p->pi.packages[k].word)
						   ->span));
	return seq;
}

/* Words `idx[0..n)` of the install as a list. */
static const struct hl_node *pkg_words(const struct hl_node *r,
				       const size_t *idx, size_t n)
{
	struct dfv *v = ctx_of(r);
	const struct dfpkg *p = pkg_of(r);
	struct hl_node *seq = hl_node_seq(v->a, sh_of(p->cmd_node)->span);
	for (size_t k = 0; k < n; k++)
		hl_seq_push(v->a, seq, hl_dfn_word(v->a, pkg_word(p, idx[k])));
	return seq;
}

static const struct hl_node *p_flags(const struct hl_node *r)
{
	return pkg_words(r, pkg_of(r)->pi.flags, pkg_of(r)->pi.nflags);
}

static const struct hl_node *p_files(const struct hl_node *r)
{
	return pkg_words(r, pkg_of(r)->pi.files, pkg_of(r)->pi.nfiles);
}

static const struct hl_node *p_lockfile(const struct hl_node *r)
{
	return hl_node_bool(ctx_of(r)->a, pkg_of(r)->pi.from_lockfile, none);
}

/* The words of command `c` from its program on, as strings. */
static const char **words_from(struct dfv *v, const struct hl_sh_cmd *c,
			       size_t from, size_t *n)
{
	*n = from < c->argc ? c->argc - from : 0;
	const char **w = hl_arena_array(v->a, *n ? *n : 1, sizeof(*w));
	for (size_t k = 0; k < *n; k++)
		w[k] = c->argv[from + k].text.s;
	return w;
}

/* Does the install keep no cache: a no-cache option, PIP_NO_CACHE_DIR, a
 * cache mount on its cache, or a command of the same RUN that cleans it?
 */
static bool cleans_cache(struct dfv *v, const struct dfpkg *p)
{
	const struct hl_pkg_install *pi = &p->pi;
	for (size_t k = 0; k < pi->nflags; k++)
		if (hl_pkg_no_cache_flag(pi->manager,
					 pkg_word(p, pi->flags[k])->text.s))
			return true;
	const struct script *s = p->cmd->s;
	const struct hl_sh_cmd *cmd = &s->sc->cmds[p->cmd->i];
	if (!strcmp(pi->manager, "pip")) {
		for (size_t k = 0; k < cmd->nassigns; k++)
			if (!(cmd->assigns[k].flags & HL_SH_EXPAND) &&
			    !strncmp(cmd->assigns[k].text.s,
				     "PIP_NO_CACHE_DIR=", 17))
				return true;
		int si = s->at->stage;
		if (si >= 0 && (size_t)si < v->df->nstages) {
			const struct hl_df_stage *st = &v->df->stages[si];
			for (size_t k = 0; k < st->nvars; k++)
				if (st->vars[k].env &&
				    !strcmp(st->vars[k].name,
					    "PIP_NO_CACHE_DIR"))
					return true;
		}
	}
	const struct hl_df_instr *in = s->onbuild ? s->at->wrapped : s->at;
	for (size_t k = 0; k < in->nmounts; k++) {
		const struct hl_df_mount *m = &in->mounts[k];
		const char *target = NULL, *dst = NULL;
		for (size_t j = 0; j < m->n; j++) {
			if (!strcmp(m->keys[j], "target"))
				target = m->values[j];
			if (!strcmp(m->keys[j], "dst"))
				dst = m->values[j];
		}
		if (!target)
			target = dst;
		if (!strcmp(m->type, "cache") && target &&
		    hl_pkg_cache_dir(pi->manager, target))
			return true;
	}
	for (size_t k = 0; k < s->sc->ncmds; k++) {
		size_t prog = s->flow[k].program, n;
		if (prog >= s->sc->cmds[k].argc)
			continue;
		const char **w = words_from(v, &s->sc->cmds[k], prog, &n);
		if (hl_pkg_cleans(pi->manager, w, n))
			return true;
	}
	return false;
}

static const struct hl_node *p_cleans(const struct hl_node *r)
{
	return hl_node_bool(ctx_of(r)->a, cleans_cache(ctx_of(r), pkg_of(r)),
			    none);
}

static const struct hl_node *p_command(const struct hl_node *r)
{
	return pkg_of(r)->cmd_node;
}

static const struct hl_node *p_instruction(const struct hl_node *r)
{
	return c_instruction(pkg_of(r)->cmd_node);
}

static const struct hl_node *p_stage(const struct hl_node *r)
{
	return c_stage(pkg_of(r)->cmd_node);
}

static const struct hl_node *p_final(const struct hl_node *r)
{
	return c_final(pkg_of(r)->cmd_node);
}

static const struct hl_node *p_onbuild(const struct hl_node *r)
{
	return c_onbuild(pkg_of(r)->cmd_node);
}

static const struct hl_rfield pkg_fields[] = {
	{{"manager", "string",
	  "apt, apk, yum, dnf, microdnf, zypper, pip, npm, gem, go"},
	 p_manager},
	{{"subcommand", "string", "install, add, ... as written"},
	 p_subcommand},
	{{"packages", "[package]", "what it installs"}, p_packages},
	{{"flags", "[string]", "its options"}, p_flags},
	{{"files", "[string]", "what it installs from (pip -r FILE)"},
	 p_files},
	{{"from-lockfile", "boolean", "npm ci and the like"}, p_lockfile},
	{{"cleans-cache", "boolean",
	  "a no-cache option, PIP_NO_CACHE_DIR, a cache mount, or a cleaning "
	  "command in the same RUN"},
	 p_cleans},
	{{"command", "run-command", "the command"}, p_command},
	{{"instruction", "instruction", "the RUN (or ONBUILD) it is in"},
	 p_instruction},
	{{"stage", "integer", "the index of its stage"}, p_stage},
	{{"final", "boolean", "its stage is the one that ships"}, p_final},
	{{"onbuild", "boolean", "it runs in ONBUILD"}, p_onbuild},
};

const struct hl_rtype df_pkg_type = {
	{"package-install", HL_TARGET_DOCKERFILE,
	 "a package manager command that installs", NULL,
	 sizeof(pkg_fields) / sizeof(pkg_fields[0])},
	pkg_fields,
};

/* A package: its record's context is the install's record. */
static const struct hl_pkg_spec *spec_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *install_of(const struct hl_node *r)
{
	return r->u.record->ctx;
}

/* A value of the package spec's word, unknown when the word is. */
static const struct hl_node *spec_value(const struct hl_node *r,
					const char *s)
{
	const struct hl_node *ins = install_of(r);
	const struct hl_sh_word *w = pkg_word(pkg_of(ins), spec_of(r)->word);
	struct hl_node *n = hl_node_cstr(ctx_of(ins)->a, s, w->span);
	if (w->flags & HL_SH_EXPAND)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

static const struct hl_node *pk_name(const struct hl_node *r)
{
	return spec_value(r, spec_of(r)->name);
}

static const struct hl_node *pk_version(const struct hl_node *r)
{
	return spec_of(r)->version ? spec_value(r, spec_of(r)->version) : NULL;
}

static const struct hl_node *pk_operator(const struct hl_node *r)
{
	const struct hl_pkg_spec *s = spec_of(r);
	if (!s->version)
		return NULL;
	const struct hl_node *ins = install_of(r);
	const struct hl_sh_word *w = pkg_word(pkg_of(ins), s->word);
	return hl_node_cstr(ctx_of(ins)->a, s->op, w->span);
}

static const struct hl_node *pk_spec(const struct hl_node *r)
{
	const struct hl_node *ins = install_of(r);
	return hl_dfn_word(ctx_of(ins)->a,
			   pkg_word(pkg_of(ins), spec_of(r)->word));
}

static const struct hl_rfield package_fields[] = {
	{{"name", "string", "the package, without its version"}, pk_name},
	{{"version", "string", "its version, when one is given"}, pk_version},
	{{"operator", "string", "how: =, ==, >=, ~, @, -, :, -v"},
	 pk_operator},
	{{"spec", "string", "the word as written"}, pk_spec},
};

const struct hl_rtype df_package_type = {
	{"package", HL_TARGET_DOCKERFILE, "a package an install names", NULL,
	 sizeof(package_fields) / sizeof(package_fields[0])},
	package_fields,
};

/* ------------------------------------------------------------------ */
/* problem                                                            */

static const struct hl_node *pb_message(const struct hl_node *r)
{
	const struct hl_df_problem *p = r->u.record->p;
	return hl_node_cstr(ctx_of(r)->a, p->message, p->span);
}

static const struct hl_rfield problem_fields[] = {
	{{"message", "string", "what the parser found"}, pb_message},
};

const struct hl_rtype df_problem_type = {
	{"problem", HL_TARGET_DOCKERFILE, "a problem the parser recovered from",
	 NULL, 1},
	problem_fields,
};

const struct hl_rtype *const hl_df_types[] = {
	&df_stage_type,	  &df_instr_type,    &df_heredoc_type,
	&df_image_type,	  &df_cmd_type,	     &df_redirect_type,
	&df_pkg_type,	  &df_package_type,  &df_problem_type,
	NULL,
};

/* ------------------------------------------------------------------ */
/* The views                                                          */

void hl_df_stages(struct hl_doc *d, struct hl_items *v)
{
	struct dfv *x = dfv(d);
	for (size_t k = 0; k < x->df->nstages; k++) {
		const struct hl_df_stage *st = &x->df->stages[k];
		hl_view_push(d, v, stage_rec(x, k), st->from->keyword.span,
			     stage_label(x, (int)k));
	}
}

void hl_df_instructions(struct hl_doc *d, struct hl_items *v)
{
	struct dfv *x = dfv(d);
	size_t count = 0;
	int last_stage = -2;
	for (size_t i = 0; i < x->df->ninstrs; i++) {
		const struct hl_df_instr *in = x->df->instrs[i];
		if (in->stage != last_stage)
			count = 0;
		last_stage = in->stage;
		const char *obj = hl_arena_printf(
			d->arena, "%s %s #%zu", stage_label(x, in->stage),
			hl_df_cmd_name(in->cmd), ++count);
		hl_view_push(d, v, top_instr(x, i), in->span, obj);
	}
}

void hl_df_images(struct hl_doc *d, struct hl_items *v)
{
	struct dfv *x = dfv(d);
	for (size_t k = 0; k < x->df->nimages; k++) {
		const struct hl_df_image *im = &x->df->images[k];
		const char *obj = hl_arena_printf(d->arena, "%s %s %s",
						  stage_label(x, im->in_stage),
						  im->source, im->text.s);
		hl_view_push(d, v, image_rec(x, k), im->text.span, obj);
	}
}

/* The commands of RUN `top` (or its ONBUILD RUN). */
static void commands_of(struct hl_doc *d, struct hl_items *v,
			const struct hl_df_instr *top, bool onbuild)
{
	struct dfv *x = dfv(d);
	const struct script *s = script_of(x, top, onbuild);
	if (!s)
		return;
	for (size_t i = 0; i < s->sc->ncmds; i++) {
		const char *name = hl_node_text(s->prog[i]);
		hl_view_push(d, v, s->cmds[i], s->sc->cmds[i].span,
			     hl_arena_printf(d->arena, "%s%s command %zu %s",
					     stage_label(x, top->stage),
					     onbuild ? " ONBUILD" : "", i + 1,
					     name ? name : "?"));
	}
}

void hl_df_run_commands(struct hl_doc *d, struct hl_items *v)
{
	struct dfv *x = dfv(d);
	for (size_t i = 0; i < x->df->ninstrs; i++) {
		commands_of(d, v, x->df->instrs[i], false);
		commands_of(d, v, x->df->instrs[i], true);
	}
}

void hl_df_packages(struct hl_doc *d, struct hl_items *v)
{
	struct dfv *x = dfv(d);
	const struct hl_items *cmds = hl_view_items(d, HL_VIEW_DF_RUN_COMMAND);
	for (size_t i = 0; i < cmds->count; i++) {
		const struct hl_node *cr = cmds->items[i].node;
		const struct dfcmd *c = cmd_of(cr);
		size_t prog = c->s->flow[c->i].program, n;
		if (prog >= c->s->sc->cmds[c->i].argc)
			continue;
		const char **w = words_from(x, &c->s->sc->cmds[c->i], prog, &n);
		struct dfpkg *p = hl_arena_alloc(d->arena, sizeof(*p));
		if (!hl_pkg_parse(d->arena, w, n, &p->pi))
			continue;
		p->cmd = c;
		p->cmd_node = cr;
		const struct hl_span sp = c->s->sc->cmds[c->i].span;
		hl_view_push(d, v,
			     hl_node_record(d->arena, &df_pkg_type, p, x, NULL,
					    sp),
			     sp,
			     hl_arena_printf(d->arena, "%s %s install",
					     cmds->items[i].object,
					     p->pi.manager));
	}
}

void hl_df_syntax(struct hl_doc *d, struct hl_items *v)
{
	struct dfv *x = dfv(d);
	for (size_t k = 0; k < x->df->nproblems; k++) {
		const struct hl_df_problem *p = &x->df->problems[k];
		hl_view_push(d, v,
			     hl_node_record(d->arena, &df_problem_type, p, x,
					    NULL, p->span),
			     p->span,
			     hl_arena_printf(d->arena, "problem %s",
					     p->message));
	}
}
