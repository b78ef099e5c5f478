/*
 * views_dockerfile: the Dockerfile's views as typed records over the
 * parser's own structures (dockerfile.h): a stage, an instruction, a
 * heredoc, an image reference, a problem the parser recovered from (what
 * a RUN runs is in views_dockerfile_run.c). Each record type's fields are
 * declared once, in a table indexed by the type's enum, with their type
 * and meaning; its getter switches on that enum, and makes a value
 * (nodes.h) the first time a rule reads it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#include "dockerfile/nodes.h"
#include "engine/views_dockerfile.h"

static const struct hl_span none;

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

struct hl_dfv *hl_dfv_get(struct hl_doc *d)
{
	if (d->vctx)
		return d->vctx;
	const struct hl_dockerfile *df = d->front;
	struct hl_dfv *v = hl_arena_alloc(d->arena, sizeof(*v));
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
	v->stage_keys = hl_arena_array(d->arena, df->nstages + 1,
				       sizeof(*v->stage_keys));
	v->instr_keys = hl_arena_array(d->arena, df->ninstrs + 1,
				       sizeof(*v->instr_keys));
	d->vctx = v;
	return v;
}

const char *hl_dfv_stage_key(struct hl_dfv *v, int k)
{
	if (k < 0 || (size_t)k >= v->df->nstages)
		return hl_key(v->a, NULL, "global", "", 0);
	if (v->stage_keys[k])
		return v->stage_keys[k];
	const struct hl_df_stage *st = &v->df->stages[k];
	const char *key;
	if (st->name.s) {
		key = hl_key(v->a, NULL, "stage", st->name.s, st->name.len);
	} else {
		const struct hl_df_text *base = &v->df->images[st->base].text;
		size_t ordinal = 0;
		for (int j = 0; j < k; j++) {
			const struct hl_df_stage *o = &v->df->stages[j];
			const struct hl_df_text *ob =
				&v->df->images[o->base].text;
			ordinal += !o->name.s && ob->len == base->len &&
				   !memcmp(ob->s, base->s, base->len);
		}
		char n[24];
		snprintf(n, sizeof(n), "%zu", ordinal);
		key = hl_key(v->a, NULL, "base", base->s, base->len);
		key = hl_key(v->a, key, "ordinal", n, strlen(n));
	}
	v->stage_keys[k] = key;
	return key;
}

/* An instruction's keyword, upper-cased, and arguments, blanks folded
 * (written straight into a buffer its length: a key is made for every
 * instruction). */
static const char *instr_key(struct hl_dfv *v, const struct hl_df_instr *in,
			     const char *parent)
{
	char small[1024];
	size_t cap = in->keyword.len + in->args.len + 1;
	char *b = cap <= sizeof(small) ? small : hl_xmalloc(cap);
	size_t n = 0;
	for (size_t i = 0; i < in->keyword.len; i++)
		b[n++] = (char)toupper((unsigned char)in->keyword.s[i]);
	bool blank = true;
	for (size_t i = 0; i < in->args.len; i++) {
		char c = in->args.s[i];
		bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (sp && !blank)
			b[n++] = ' ';
		else if (!sp)
			b[n++] = c;
		blank = sp;
	}
	const char *k = hl_key(v->a, parent, "instr", b, n);
	if (b != small)
		free(b);
	return k;
}

const char *hl_dfv_instr_key(struct hl_dfv *v, size_t k)
{
	if (!v->instr_keys[k]) {
		const struct hl_df_instr *in = v->df->instrs[k];
		v->instr_keys[k] = instr_key(v, in,
					     hl_dfv_stage_key(v, in->stage));
	}
	return v->instr_keys[k];
}

/* The records, made once a document. */
static const struct hl_node *stage_rec(struct hl_dfv *v, size_t k)
{
	if (!v->stages[k]) {
		const struct hl_df_stage *st = &v->df->stages[k];
		v->stages[k] = hl_node_record(v->a, &hl_dfv_stage_type, st, v,
					      NULL, st->from->span);
	}
	return v->stages[k];
}

static const struct hl_node *instr_rec(struct hl_dfv *v,
				       const struct hl_df_instr *in,
				       const struct hl_df_instr *top)
{
	struct dfinstr *p = hl_arena_alloc(v->a, sizeof(*p));
	p->in = in;
	p->top = top;
	return hl_node_record(v->a, &hl_dfv_instr_type, p, v, NULL, in->span);
}

const struct hl_node *hl_dfv_top_instr(struct hl_dfv *v, size_t k)
{
	if (!v->instrs[k])
		v->instrs[k] = (struct hl_node *)instr_rec(v, v->df->instrs[k],
							   v->df->instrs[k]);
	return v->instrs[k];
}

static const struct hl_node *image_rec(struct hl_dfv *v, size_t k)
{
	if (!v->images[k]) {
		struct dfimage *p = hl_arena_alloc(v->a, sizeof(*p));
		p->im = &v->df->images[k];
		hl_dfn_image_info(v->a, p->im, &p->info);
		v->images[k] = hl_node_record(v->a, &hl_dfv_image_type, p, v,
					      NULL, p->im->text.span);
	}
	return v->images[k];
}

/* The split script of instruction `top` (or of the RUN its ONBUILD
 * holds), or NULL when it has none. */
struct hl_dfv_script *hl_dfv_script(struct hl_dfv *v,
				    const struct hl_df_instr *top, bool onbuild)
{
	const struct hl_df_instr *in = onbuild ? top->wrapped : top;
	if (!in || !in->script || top->index < 0)
		return NULL;
	size_t slot = (size_t)top->index + (onbuild ? v->df->ninstrs : 0);
	if (v->scripts[slot])
		return v->scripts[slot];
	struct hl_dfv_script *s = hl_arena_alloc(v->a, sizeof(*s));
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
		struct hl_dfv_cmd *c = hl_arena_alloc(v->a, sizeof(*c));
		c->s = s;
		c->i = i;
		s->cmds[i] = hl_node_record(v->a, &hl_dfv_cmd_type, c, v, NULL,
					    sc->cmds[i].span);
	}
	v->scripts[slot] = s;
	return s;
}

/* `stage k` by name or number, or "before FROM". */
const char *hl_dfv_stage_label(struct hl_dfv *v, int k)
{
	if (k < 0 || (size_t)k >= v->df->nstages)
		return "before FROM";
	const struct hl_df_stage *st = &v->df->stages[k];
	char num[24];
	return hl_arena_join(v->a, "stage ",
			    st->name.s ? st->name.s
				       : hl_utoa((size_t)st->index, num),
			    (char *)NULL);
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
	return hl_node_int(hl_dfv_of(r)->a, st->index, st->from->keyword.span);
}

static const struct hl_node *st_name(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	return st->name.s ? hl_node_str(hl_dfv_of(r)->a, st->name.s,
					st->name.len, st->name.span)
			  : NULL;
}

static const struct hl_node *st_from(const struct hl_node *r)
{
	return hl_dfv_top_instr(hl_dfv_of(r), stage_of(r)->first);
}

static const struct hl_node *st_base(const struct hl_node *r)
{
	return image_rec(hl_dfv_of(r), stage_of(r)->base);
}

/* The image at the top of the stage's FROM chain: its own base, or its
 * parent stage's origin. */
static const struct hl_node *st_origin(const struct hl_node *r)
{
	struct hl_dfv *v = hl_dfv_of(r);
	const struct hl_df_stage *st = stage_of(r);
	for (size_t n = 0; st->parent >= 0 && n < v->df->nstages; n++)
		st = &v->df->stages[st->parent];
	return image_rec(v, st->base);
}

static const struct hl_node *st_parent(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	return st->parent >= 0 ? hl_node_int(hl_dfv_of(r)->a, st->parent,
					     st->from->keyword.span)
			       : NULL;
}

static const struct hl_node *st_user(const struct hl_node *r)
{
	return hl_dfn_user(hl_dfv_of(r)->a, stage_of(r));
}

static const struct hl_node *st_workdir(const struct hl_node *r)
{
	return hl_dfn_workdir(hl_dfv_of(r)->a, stage_of(r));
}

static const struct hl_node *st_shell(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	if (st->shell && st->shell->index >= 0)
		return hl_dfn_argv(hl_dfv_of(r)->a, st->shell);
	return hl_dfn_default_shell(hl_dfv_of(r)->a, st->windows);
}

static const struct hl_node *st_env(const struct hl_node *r)
{
	return hl_dfn_env(hl_dfv_of(r)->a, stage_of(r));
}

/* The record of an instruction the stage names (last HEALTHCHECK, CMD,
 * ENTRYPOINT), or NULL. */
static const struct hl_node *named(const struct hl_node *r,
				   const struct hl_df_instr *in)
{
	return in && in->index >= 0
		       ? hl_dfv_top_instr(hl_dfv_of(r), (size_t)in->index)
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
	return hl_node_bool(hl_dfv_of(r)->a,
			    stage_of(r)->index == hl_dfv_of(r)->df->target,
			    none);
}

bool hl_dfv_ships(struct hl_dfv *v, int k)
{
	const struct hl_dockerfile *df = v->df;
	if (k < 0 || (size_t)k >= df->nstages || df->target < 0)
		return false;
	if (!v->ships) {
		/* up the FROM chain from the target, once (a parent is
		 * always earlier, so at most nstages steps) */
		v->ships = hl_arena_array(v->a, df->nstages, sizeof(bool));
		for (int s = df->target, n = 0;
		     s >= 0 && (size_t)n <= df->nstages;
		     s = df->stages[s].parent, n++)
			v->ships[s] = true;
	}
	return v->ships[k];
}

static const struct hl_node *st_ships(const struct hl_node *r)
{
	return hl_node_bool(hl_dfv_of(r)->a,
			    hl_dfv_ships(hl_dfv_of(r), stage_of(r)->index),
			    none);
}

static const struct hl_node *st_windows(const struct hl_node *r)
{
	const struct hl_df_stage *st = stage_of(r);
	return hl_node_bool(hl_dfv_of(r)->a, st->windows,
			    st->from->keyword.span);
}

static const struct hl_node *st_instructions(const struct hl_node *r)
{
	struct hl_dfv *v = hl_dfv_of(r);
	const struct hl_df_stage *st = stage_of(r);
	struct hl_node *seq = hl_node_seq(v->a, st->from->span);
	for (size_t i = st->first; i < st->first + st->count; i++)
		hl_seq_push(v->a, seq,
			    (struct hl_node *)hl_dfv_top_instr(v, i));
	return seq;
}

enum stage_field {
	STAGE_INDEX,
	STAGE_NAME,
	STAGE_FROM,
	STAGE_BASE,
	STAGE_PARENT,
	STAGE_USER,
	STAGE_WORKDIR,
	STAGE_SHELL,
	STAGE_ENV,
	STAGE_HEALTHCHECK,
	STAGE_CMD,
	STAGE_ENTRYPOINT,
	STAGE_FINAL,
	STAGE_INSTRUCTIONS,
	STAGE_WINDOWS,
	STAGE_SHIPS,
	STAGE_ORIGIN,
	STAGE__COUNT
};

static const struct hl_rfield stage_fields[STAGE__COUNT] = {
	[STAGE_INDEX] = {"index", "integer",
			 "its place among the stages, from 0"},
	[STAGE_NAME] = {"name", "string", "its AS name, lower-cased"},
	[STAGE_FROM] = {"from", "instruction", "its FROM instruction"},
	[STAGE_BASE] = {"base", "image", "the image FROM names"},
	[STAGE_PARENT] = {"parent", "integer",
			  "the stage FROM names, when it names one"},
	[STAGE_USER] = {"user", "string",
			"the effective USER after substitution, inherited from "
			"the parent stage; its place is the USER instruction"},
	[STAGE_WORKDIR] = {"workdir", "string",
			   "the effective WORKDIR, made absolute"},
	[STAGE_SHELL] = {"shell", "[string]", "SHELL's argv, or /bin/sh -c"},
	[STAGE_ENV] = {"env", "{string}", "the ENV in effect, inherited too"},
	[STAGE_HEALTHCHECK] = {"healthcheck", "instruction",
			       "its last HEALTHCHECK, inherited too"},
	[STAGE_CMD] = {"cmd", "instruction", "its last CMD, inherited too"},
	[STAGE_ENTRYPOINT] = {"entrypoint", "instruction",
			      "its last ENTRYPOINT, inherited too"},
	[STAGE_FINAL] =
		{"final", "boolean",
		 "the stage that ships: the last, or the one --target names"},
	[STAGE_INSTRUCTIONS] = {"instructions", "[instruction]",
				"its instructions, FROM first"},
	[STAGE_WINDOWS] = {"windows", "boolean",
			   "its base is a Windows image (nanoserver, "
			   "servercore, mcr.microsoft.com/windows*, "
			   "--platform=windows/*), or it is built on a stage "
			   "that is: cmd /S /C is its default shell"},
	[STAGE_ORIGIN] = {"origin", "image",
			  "the image its FROM chain starts from: its base, or "
			  "the origin of the stage it is built on"},
	[STAGE_SHIPS] = {"ships", "boolean",
			 "it ships: the final stage, or one the final stage is "
			 "built FROM"},
};

static const struct hl_node *stage_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum stage_field)f) {
	case STAGE_INDEX:
		return st_index(r);
	case STAGE_NAME:
		return st_name(r);
	case STAGE_FROM:
		return st_from(r);
	case STAGE_BASE:
		return st_base(r);
	case STAGE_PARENT:
		return st_parent(r);
	case STAGE_USER:
		return st_user(r);
	case STAGE_WORKDIR:
		return st_workdir(r);
	case STAGE_SHELL:
		return st_shell(r);
	case STAGE_ENV:
		return st_env(r);
	case STAGE_HEALTHCHECK:
		return st_healthcheck(r);
	case STAGE_CMD:
		return st_cmd(r);
	case STAGE_ENTRYPOINT:
		return st_entrypoint(r);
	case STAGE_FINAL:
		return st_final(r);
	case STAGE_INSTRUCTIONS:
		return st_instructions(r);
	case STAGE_WINDOWS:
		return st_windows(r);
	case STAGE_SHIPS:
		return st_ships(r);
	case STAGE_ORIGIN:
		return st_origin(r);
	case STAGE__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_stage_type = {
	.name = "stage",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a build stage",
	.fields = stage_fields,
	.nfields = STAGE__COUNT,
	.get = stage_get,
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
	return hl_node_cstr(hl_dfv_of(r)->a, hl_df_cmd_name(in->cmd),
			    in->keyword.span);
}

static const struct hl_node *in_keyword(const struct hl_node *r)
{
	return hl_dfn_text(hl_dfv_of(r)->a, &in_of(r)->keyword);
}

static const struct hl_node *in_flags(const struct hl_node *r)
{
	return hl_dfn_flags(hl_dfv_of(r)->a, in_of(r));
}

static const struct hl_node *in_form(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return hl_node_cstr(hl_dfv_of(r)->a, in->exec_form ? "exec" : "shell",
			    in->args.span);
}

static const struct hl_node *in_args(const struct hl_node *r)
{
	return hl_dfn_text(hl_dfv_of(r)->a, &in_of(r)->args);
}

static const struct hl_node *in_argv(const struct hl_node *r)
{
	return hl_dfn_argv(hl_dfv_of(r)->a, in_of(r));
}

static const struct hl_node *in_stage(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return in->stage >= 0 ? hl_node_int(hl_dfv_of(r)->a, in->stage,
					    in->keyword.span)
			      : NULL;
}

/* An earlier WORKDIR of its stage, or any of the stages it is built
 * FROM, sets the directory a relative one is resolved against. */
static const struct hl_node *in_prior_workdir(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	const struct hl_dockerfile *df = hl_dfv_of(r)->df;
	if (in->stage < 0 || in->index < 0)
		return NULL;
	bool prior = false;
	const struct hl_df_stage *st = &df->stages[in->stage];
	for (size_t k = st->first; k < (size_t)in->index && !prior; k++)
		prior = df->instrs[k]->cmd == HL_DF_WORKDIR;
	for (size_t n = 0; st->parent >= 0 && !prior && n < df->nstages; n++) {
		st = &df->stages[st->parent];
		prior = st->workdir != NULL;
	}
	return hl_node_bool(hl_dfv_of(r)->a, prior, in->keyword.span);
}

static const struct hl_node *in_ships(const struct hl_node *r)
{
	return hl_node_bool(hl_dfv_of(r)->a,
			    hl_dfv_ships(hl_dfv_of(r), in_of(r)->stage), none);
}

static const struct hl_node *in_onbuild(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return in->wrapped ? instr_rec(hl_dfv_of(r), in->wrapped, in) : NULL;
}

static const struct hl_node *in_commands(const struct hl_node *r)
{
	const struct dfinstr *p = r->u.record->p;
	struct hl_dfv_script *s = hl_dfv_script(hl_dfv_of(r), p->top,
						p->in != p->top);
	if (!s)
		return NULL;
	return hl_node_seq_slice(hl_dfv_of(r)->a, p->in->span, s->cmds,
				 s->sc->ncmds);
}

static const struct hl_node *in_mounts(const struct hl_node *r)
{
	return hl_dfn_mounts(hl_dfv_of(r)->a, in_of(r));
}

static const struct hl_node *in_heredocs(const struct hl_node *r)
{
	struct hl_dfv *v = hl_dfv_of(r);
	const struct hl_df_instr *in = in_of(r);
	if (!in->nheredocs)
		return NULL;
	struct hl_node *hs = hl_node_seq(v->a, in->heredocs[0].marker.span);
	for (size_t k = 0; k < in->nheredocs; k++)
		hl_seq_push(v->a, hs,
			    hl_node_record(v->a, &hl_dfv_heredoc_type,
					   &in->heredocs[k], v, NULL,
					   in->heredocs[k].marker.span));
	return hs;
}

/* The first n arguments of `in` after substitution (as written before its
 * stage substitutes), each unknown where a variable left it so. */
static struct hl_node *expanded_words(struct hl_arena *a,
				      const struct hl_df_instr *in, size_t n)
{
	struct hl_node *seq = hl_node_seq(
		a, in->argc ? in->argv[0].span : in->keyword.span);
	for (size_t k = 0; k < n; k++) {
		const char *v = in->expanded ? in->expanded[k] : in->argv[k].s;
		struct hl_node *w = hl_node_cstr(a, v ? v : in->argv[k].s,
						 in->argv[k].span);
		if (!v)
			w->flags |= HL_NODE_UNKNOWN;
		hl_seq_push(a, seq, w);
	}
	return seq;
}

/* COPY, ADD: the words before the last (the sources). */
static const struct hl_node *in_sources(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	if ((in->cmd != HL_DF_COPY && in->cmd != HL_DF_ADD) || in->argc < 2)
		return NULL;
	struct hl_arena *a = hl_dfv_of(r)->a;
	return expanded_words(a, in, in->argc - 1);
}

/* Its arguments after substitution (COPY, ADD, EXPOSE, WORKDIR), each
 * unknown where a variable left it so; absent for other instructions. */
static const struct hl_node *in_expanded(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	if (!in->expanded)
		return NULL;
	return expanded_words(hl_dfv_of(r)->a, in, in->argc);
}

static const struct hl_node *in_dest(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	if ((in->cmd != HL_DF_COPY && in->cmd != HL_DF_ADD) || in->argc < 2)
		return NULL;
	return hl_dfn_text(hl_dfv_of(r)->a, &in->argv[in->argc - 1]);
}

/* CMD, ENTRYPOINT, HEALTHCHECK: a later one of the same stage replaces
 * it. */
static const struct hl_node *in_overridden(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	if ((in->cmd != HL_DF_CMD && in->cmd != HL_DF_ENTRYPOINT &&
	     in->cmd != HL_DF_HEALTHCHECK) ||
	    in->index < 0 || in->stage < 0)
		return NULL;
	const struct hl_dockerfile *df = hl_dfv_of(r)->df;
	const struct hl_df_stage *st = &df->stages[in->stage];
	bool later = false;
	for (size_t k = (size_t)in->index + 1;
	     !later && k < st->first + st->count; k++)
		later = df->instrs[k]->cmd == in->cmd;
	return hl_node_bool(hl_dfv_of(r)->a, later, in->keyword.span);
}

static const struct hl_node *in_shell(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	if (in->shell && in->shell->argc)
		return hl_dfn_argv(hl_dfv_of(r)->a, in->shell);
	return hl_dfn_default_shell(hl_dfv_of(r)->a, in->windows);
}

static const struct hl_node *in_windows(const struct hl_node *r)
{
	const struct hl_df_instr *in = in_of(r);
	return hl_node_bool(hl_dfv_of(r)->a, in->windows, in->keyword.span);
}

enum instr_field {
	INSTR_CMD,
	INSTR_KEYWORD,
	INSTR_FLAGS,
	INSTR_FORM,
	INSTR_ARGS,
	INSTR_ARGV,
	INSTR_STAGE,
	INSTR_ONBUILD,
	INSTR_COMMANDS,
	INSTR_MOUNTS,
	INSTR_HEREDOCS,
	INSTR_SOURCES,
	INSTR_EXPANDED,
	INSTR_DEST,
	INSTR_OVERRIDDEN,
	INSTR_SHELL,
	INSTR_WINDOWS,
	INSTR_SHIPS,
	INSTR_COPIED,
	INSTR_COPIED_OUT,
	INSTR_PRIOR_WORKDIR,
	INSTR__COUNT
};

static const struct hl_rfield instr_fields[INSTR__COUNT] = {
	[INSTR_CMD] = {"cmd", "string", "the instruction, upper case (RUN)"},
	[INSTR_KEYWORD] = {"keyword", "string", "the keyword as written"},
	[INSTR_FLAGS] = {"flags", "{string}",
			 "--name=value flags; a flag given more than once "
			 "(--mount, --exclude) maps to the list of its values"},
	[INSTR_FORM] = {"form", "string", "exec (a JSON array) or shell"},
	[INSTR_ARGS] = {"args", "string",
			"the arguments after the flags, as written"},
	[INSTR_ARGV] = {"argv", "[string]",
			"the arguments as words (exec form: the array)"},
	[INSTR_STAGE] = {"stage", "integer", "the index of its stage"},
	[INSTR_ONBUILD] = {"onbuild", "instruction", "what an ONBUILD holds"},
	[INSTR_COMMANDS] = {"commands", "[run-command]",
			    "RUN: the commands it runs"},
	[INSTR_MOUNTS] = {"mounts", "[{string}]",
			  "RUN --mount: type (bind when not given) and its "
			  "options as written (target, from, id, ...)"},
	[INSTR_HEREDOCS] = {"heredocs", "[heredoc]",
			    "RUN, COPY, ADD: its heredocs"},
	[INSTR_EXPANDED] = {"expanded", "[string]",
			    "COPY, ADD, EXPOSE, WORKDIR: its arguments after "
			    "ARG and ENV substitution, as BuildKit reads them "
			    "(unknown where a variable has no value)"},
	[INSTR_SOURCES] = {"sources", "[string]",
			   "COPY, ADD: what it copies (the words before the "
			   "destination), after ARG and ENV substitution"},
	[INSTR_DEST] = {"dest", "string", "COPY, ADD: the destination"},
	[INSTR_OVERRIDDEN] = {"overridden", "boolean",
			      "CMD, ENTRYPOINT, HEALTHCHECK: a later one in "
			      "the same stage replaces it"},
	[INSTR_SHELL] = {"shell", "[string]",
			 "the SHELL in effect where it stands (its argv), or "
			 "the default: /bin/sh -c, or cmd /S /C on a "
			 "Windows base"},
	[INSTR_WINDOWS] = {"windows", "boolean",
			   "its stage is on a Windows base"},
	[INSTR_SHIPS] = {"ships", "boolean", HL_DFV_SHIPS_MEANING},
	[INSTR_PRIOR_WORKDIR] = {"prior-workdir", "boolean",
				 "an earlier WORKDIR of its stage, or of a "
				 "stage it is built FROM, is in effect"},
	[INSTR_COPIED_OUT] = {"copied-out", "boolean",
			      "COPY, ADD in a stage that does not ship: a later "
			      "COPY --from of a stage that ships takes what it "
			      "copied"},
	[INSTR_COPIED] = {"copied", "[context-file]",
			  "COPY, ADD (no --from): the files of the build "
			  "context its sources take, after .dockerignore "
			  "(--context DIR, or the Dockerfile's directory; "
			  "none on standard input)"},
};

static const struct hl_node *instr_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum instr_field)f) {
	case INSTR_CMD:
		return in_cmd(r);
	case INSTR_KEYWORD:
		return in_keyword(r);
	case INSTR_FLAGS:
		return in_flags(r);
	case INSTR_FORM:
		return in_form(r);
	case INSTR_ARGS:
		return in_args(r);
	case INSTR_ARGV:
		return in_argv(r);
	case INSTR_STAGE:
		return in_stage(r);
	case INSTR_ONBUILD:
		return in_onbuild(r);
	case INSTR_COMMANDS:
		return in_commands(r);
	case INSTR_MOUNTS:
		return in_mounts(r);
	case INSTR_HEREDOCS:
		return in_heredocs(r);
	case INSTR_EXPANDED:
		return in_expanded(r);
	case INSTR_SOURCES:
		return in_sources(r);
	case INSTR_DEST:
		return in_dest(r);
	case INSTR_OVERRIDDEN:
		return in_overridden(r);
	case INSTR_SHELL:
		return in_shell(r);
	case INSTR_WINDOWS:
		return in_windows(r);
	case INSTR_SHIPS:
		return in_ships(r);
	case INSTR_COPIED:
		return hl_dfv_copied(r, in_of(r));
	case INSTR_PRIOR_WORKDIR:
		return in_prior_workdir(r);
	case INSTR_COPIED_OUT:
		return hl_dfv_copied_out(r, in_of(r));
	case INSTR__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_instr_type = {
	.name = "instruction",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "an instruction",
	.fields = instr_fields,
	.nfields = INSTR__COUNT,
	.get = instr_get,
};

static const struct hl_df_heredoc *hd_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *hd_name(const struct hl_node *r)
{
	const struct hl_df_heredoc *h = hd_of(r);
	return hl_node_cstr(hl_dfv_of(r)->a, h->name, h->marker.span);
}

static const struct hl_node *hd_body(const struct hl_node *r)
{
	return hl_dfn_text(hl_dfv_of(r)->a, &hd_of(r)->body);
}

static const struct hl_node *hd_expand(const struct hl_node *r)
{
	const struct hl_df_heredoc *h = hd_of(r);
	return hl_node_bool(hl_dfv_of(r)->a, h->expand, h->marker.span);
}

static const struct hl_node *hd_chomp(const struct hl_node *r)
{
	const struct hl_df_heredoc *h = hd_of(r);
	return hl_node_bool(hl_dfv_of(r)->a, h->chomp, h->marker.span);
}

enum heredoc_field {
	HEREDOC_NAME,
	HEREDOC_BODY,
	HEREDOC_EXPAND,
	HEREDOC_CHOMP,
	HEREDOC__COUNT
};

static const struct hl_rfield heredoc_fields[HEREDOC__COUNT] = {
	[HEREDOC_NAME] = {"name", "string", "its delimiter (EOF)"},
	[HEREDOC_BODY] = {"body", "string",
			  "its lines (<<-: leading tabs removed)"},
	[HEREDOC_EXPAND] =
		{"expand", "boolean",
		 "variables are expanded in it (the name was not quoted)"},
	[HEREDOC_CHOMP] = {"chomp", "boolean", "written <<-"},
};

static const struct hl_node *heredoc_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum heredoc_field)f) {
	case HEREDOC_NAME:
		return hd_name(r);
	case HEREDOC_BODY:
		return hd_body(r);
	case HEREDOC_EXPAND:
		return hd_expand(r);
	case HEREDOC_CHOMP:
		return hd_chomp(r);
	case HEREDOC__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_heredoc_type = {
	.name = "heredoc",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a heredoc of RUN, COPY or ADD",
	.fields = heredoc_fields,
	.nfields = HEREDOC__COUNT,
	.get = heredoc_get,
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
	struct hl_node *n = hl_dfn_text(hl_dfv_of(r)->a, &im->text);
	if (im->unknown)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

static const struct hl_node *im_source(const struct hl_node *r)
{
	return hl_node_cstr(hl_dfv_of(r)->a, img_of(r)->im->source,
			    img_span(r));
}

static const struct hl_node *im_in_stage(const struct hl_node *r)
{
	return hl_node_int(hl_dfv_of(r)->a, img_of(r)->im->in_stage,
			   img_span(r));
}

static const struct hl_node *im_known(const struct hl_node *r)
{
	return hl_node_bool(hl_dfv_of(r)->a, !img_of(r)->im->unknown,
			    img_span(r));
}

static const struct hl_node *im_stage(const struct hl_node *r)
{
	const struct hl_df_image *im = img_of(r)->im;
	return im->stage >= 0
		       ? hl_node_int(hl_dfv_of(r)->a, im->stage, img_span(r))
		       : NULL;
}

static const struct hl_node *im_stage_name(const struct hl_node *r)
{
	const struct hl_df_image *im = img_of(r)->im;
	if (im->stage < 0)
		return NULL;
	const struct hl_df_stage *st = &hl_dfv_of(r)->df->stages[im->stage];
	return st->name.s
		       ? hl_node_cstr(hl_dfv_of(r)->a, st->name.s, img_span(r))
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
	return i && i->resolved
		       ? hl_node_cstr(hl_dfv_of(r)->a, i->resolved, img_span(r))
		       : NULL;
}

static const struct hl_node *im_display(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i ? hl_node_cstr(hl_dfv_of(r)->a, i->display, img_span(r))
		 : NULL;
}

static const struct hl_node *im_scratch(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i ? hl_node_bool(hl_dfv_of(r)->a, i->ref.scratch, img_span(r))
		 : NULL;
}

static const struct hl_node *im_valid(const struct hl_node *r)
{
	const struct hl_df_image_info *i = info_of(r);
	return i ? hl_node_bool(hl_dfv_of(r)->a, i->ref.valid, img_span(r))
		 : NULL;
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
	return x ? hl_dfn_image_part(hl_dfv_of(r)->a, x->registry_state,
				     x->registry, img_span(r))
		 : NULL;
}

static const struct hl_node *im_repository(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x ? hl_dfn_image_part(hl_dfv_of(r)->a, x->repository_state,
				     x->repository, img_span(r))
		 : NULL;
}

static const struct hl_node *im_tag(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x ? hl_dfn_image_part(hl_dfv_of(r)->a, x->tag_state, x->tag,
				     img_span(r))
		 : NULL;
}

static const struct hl_node *im_digest(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x ? hl_dfn_image_part(hl_dfv_of(r)->a, x->digest_state,
				     x->digest, img_span(r))
		 : NULL;
}

static const struct hl_node *im_name(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	return x && x->name
		       ? hl_node_cstr(hl_dfv_of(r)->a, x->name, img_span(r))
		       : NULL;
}

/* registry/repository:tag@digest, each known part normalised. */
static const struct hl_node *im_canonical(const struct hl_node *r)
{
	const struct hl_image_ref *x = ref_of(r);
	if (!x || !x->name || img_of(r)->im->unknown)
		return NULL;
	return hl_node_cstr(
		hl_dfv_of(r)->a,
		hl_arena_printf(hl_dfv_of(r)->a, "%s%s%s%s%s", x->name,
				x->tag ? ":" : "", x->tag ? x->tag : "",
				x->digest ? "@" : "", x->digest ? x->digest : ""),
		img_span(r));
}

enum image_field {
	IMAGE_REF,
	IMAGE_RESOLVED,
	IMAGE_DISPLAY,
	IMAGE_REGISTRY,
	IMAGE_REPOSITORY,
	IMAGE_TAG,
	IMAGE_DIGEST,
	IMAGE_NAME,
	IMAGE_SCRATCH,
	IMAGE_STAGE,
	IMAGE_STAGE_NAME,
	IMAGE_KNOWN,
	IMAGE_VALID,
	IMAGE_SOURCE,
	IMAGE_IN_STAGE,
	IMAGE_CANONICAL,
	IMAGE__COUNT
};

static const struct hl_rfield image_fields[IMAGE__COUNT] = {
	[IMAGE_REF] = {"ref", "string", "the reference as written"},
	[IMAGE_RESOLVED] = {"resolved", "string",
			    "the reference after substitution"},
	[IMAGE_DISPLAY] = {"display", "string",
			   "how messages show it: 'ref', or 'ref' (resolved)"},
	[IMAGE_REGISTRY] = {"registry", "string",
			    "docker.io, gcr.io, localhost:5000, ..."},
	[IMAGE_REPOSITORY] = {"repository", "string", "library/python, ..."},
	[IMAGE_TAG] = {"tag", "string", "3.12-slim, ..."},
	[IMAGE_DIGEST] = {"digest", "string", "sha256:..."},
	[IMAGE_NAME] = {"name", "string", "registry/repository, normalised"},
	[IMAGE_SCRATCH] = {"scratch", "boolean", "the empty image"},
	[IMAGE_STAGE] = {"stage", "integer",
			 "the earlier stage it names, if it names one"},
	[IMAGE_STAGE_NAME] = {"stage-name", "string", "that stage's name"},
	[IMAGE_KNOWN] = {"known", "boolean",
			 "no variable left any of it unknown"},
	[IMAGE_VALID] = {"valid", "boolean",
			 "every known part fits the reference grammar"},
	[IMAGE_SOURCE] = {"source", "string", "from, copy-from or mount-from"},
	[IMAGE_IN_STAGE] = {"in-stage", "integer", "the stage it appears in"},
	[IMAGE_CANONICAL] = {"canonical", "string",
			     "registry/repository[:tag][@digest], normalised "
			     "(docker.io/library/python:3.12); absent when a "
			     "variable left any of it unknown"},
};

static const struct hl_node *image_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum image_field)f) {
	case IMAGE_REF:
		return im_ref(r);
	case IMAGE_RESOLVED:
		return im_resolved(r);
	case IMAGE_DISPLAY:
		return im_display(r);
	case IMAGE_REGISTRY:
		return im_registry(r);
	case IMAGE_REPOSITORY:
		return im_repository(r);
	case IMAGE_TAG:
		return im_tag(r);
	case IMAGE_DIGEST:
		return im_digest(r);
	case IMAGE_NAME:
		return im_name(r);
	case IMAGE_SCRATCH:
		return im_scratch(r);
	case IMAGE_STAGE:
		return im_stage(r);
	case IMAGE_STAGE_NAME:
		return im_stage_name(r);
	case IMAGE_KNOWN:
		return im_known(r);
	case IMAGE_VALID:
		return im_valid(r);
	case IMAGE_SOURCE:
		return im_source(r);
	case IMAGE_IN_STAGE:
		return im_in_stage(r);
	case IMAGE_CANONICAL:
		return im_canonical(r);
	case IMAGE__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_image_type = {
	.name = "image",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning =
		"an image reference; a part a variable may supply is unknown",
	.fields = image_fields,
	.nfields = IMAGE__COUNT,
	.get = image_get,
};

/* ------------------------------------------------------------------ */
/* problem                                                            */

static const struct hl_node *pb_message(const struct hl_node *r)
{
	const struct hl_df_problem *p = r->u.record->p;
	return hl_node_cstr(hl_dfv_of(r)->a, p->message, p->span);
}

static const struct hl_node *pb_kind(const struct hl_node *r)
{
	const struct hl_df_problem *p = r->u.record->p;
	return hl_node_cstr(hl_dfv_of(r)->a, p->kind, p->span);
}

enum problem_field { PROBLEM_MESSAGE, PROBLEM_KIND, PROBLEM__COUNT };

static const struct hl_rfield problem_fields[PROBLEM__COUNT] = {
	[PROBLEM_MESSAGE] = {"message", "string", "what the parser found"},
	[PROBLEM_KIND] = {"kind", "string",
			  "syntax; before-from (an instruction before the "
			  "first FROM); duplicate-stage; copy-from (a --from "
			  "naming its own or a later stage, or no stage)"},
};

static const struct hl_node *problem_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum problem_field)f) {
	case PROBLEM_MESSAGE:
		return pb_message(r);
	case PROBLEM_KIND:
		return pb_kind(r);
	case PROBLEM__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_problem_type = {
	.name = "problem",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a problem the parser recovered from",
	.fields = problem_fields,
	.nfields = PROBLEM__COUNT,
	.get = problem_get,
};

/* ------------------------------------------------------------------ */
/* variable                                                           */

static const struct hl_df_def *def_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *va_name(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return hl_node_cstr(hl_dfv_of(r)->a, d->key, d->name.span);
}

static const struct hl_node *va_value(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	if (!d->expanded)
		return NULL;
	struct hl_node *n =
		hl_node_cstr(hl_dfv_of(r)->a, d->expanded,
			     d->value.s ? d->value.span : d->name.span);
	if (d->unknown)
		n->flags |= HL_NODE_UNKNOWN;
	return n;
}

static const struct hl_node *va_written(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return d->value.s ? hl_dfn_text(hl_dfv_of(r)->a, &d->value) : NULL;
}

static const struct hl_node *va_kind(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return hl_node_cstr(hl_dfv_of(r)->a, d->env ? "env" : "arg",
			    d->in->keyword.span);
}

static const struct hl_node *va_build_arg(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return hl_node_bool(hl_dfv_of(r)->a, d->build_arg, d->name.span);
}

static const struct hl_node *va_global_default(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return hl_node_bool(hl_dfv_of(r)->a, d->global_default, d->name.span);
}

static const struct hl_node *va_instruction(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return d->in->index >= 0
		       ? hl_dfv_top_instr(hl_dfv_of(r), (size_t)d->in->index)
		       : NULL;
}

static const struct hl_node *va_stage(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return d->stage >= 0 ? hl_node_int(hl_dfv_of(r)->a, d->stage,
					   d->in->keyword.span)
			     : NULL;
}

static const struct hl_node *va_final(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	return hl_node_bool(hl_dfv_of(r)->a,
			    d->stage >= 0 && d->stage == hl_dfv_of(r)->df->target,
			    d->in->keyword.span);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every ENV/ARG name of the file as "stage:squeezed", sorted: made once,
 * so that `paired` is a lookup (a file of 10,000 names is not 10,000
 * scans). */
static void squeezed_names(struct hl_dfv *v)
{
	const struct hl_dockerfile *df = v->df;
	v->squeezed = hl_arena_array(v->a, df->ndefs + 1, sizeof(char *));
	char sq[128];
	for (size_t k = 0; k < df->ndefs; k++)
		if (hl_name_squeeze(df->defs[k].key, sq, sizeof(sq)))
			v->squeezed[v->nsqueezed++] =
				hl_arena_printf(v->a, "%d:%s", df->defs[k].stage,
						sq);
	qsort(v->squeezed, v->nsqueezed, sizeof(char *), cmp_str);
}

/* X_ACCESS_KEY while the same scope also defines X_SECRET_KEY. */
static const struct hl_node *va_paired(const struct hl_node *r)
{
	const struct hl_df_def *d = def_of(r);
	struct hl_dfv *v = hl_dfv_of(r);
	char me[128];
	bool paired = false;
	size_t n;
	if (hl_name_squeeze(d->key, me, sizeof(me)) && (n = strlen(me)) > 9 &&
	    !strcmp(me + n - 9, "accesskey")) {
		memcpy(me + n - 9, "secretkey", 10);
		if (!v->squeezed)
			squeezed_names(v);
		char *key = hl_arena_printf(v->a, "%d:%s", d->stage, me);
		paired = bsearch(&key, v->squeezed, v->nsqueezed,
				 sizeof(char *), cmp_str) != NULL;
	}
	return hl_node_bool(v->a, paired, d->name.span);
}

enum var_field {
	VAR_NAME,
	VAR_VALUE,
	VAR_WRITTEN,
	VAR_KIND,
	VAR_BUILD_ARG,
	VAR_INSTRUCTION,
	VAR_STAGE,
	VAR_FINAL,
	VAR_PAIRED,
	VAR_GLOBAL_DEFAULT,
	VAR__COUNT
};

static const struct hl_rfield var_fields[VAR__COUNT] = {
	[VAR_NAME] = {"name", "string", "the name it defines"},
	[VAR_VALUE] = {"value", "string",
		       "its value after substitution (--build-arg "
		       "included); absent for an ARG with no default; its "
		       "place is the value as written"},
	[VAR_WRITTEN] = {"written", "string", "the value as written"},
	[VAR_KIND] = {"kind", "string", "env or arg"},
	[VAR_BUILD_ARG] = {"build-arg", "boolean",
			   "--build-arg gave its value"},
	[VAR_INSTRUCTION] = {"instruction", "instruction",
			     "the ENV or ARG that defines it"},
	[VAR_STAGE] = {"stage", "integer",
		       "the index of its stage (none for a global ARG)"},
	[VAR_FINAL] = {"final", "boolean", "its stage is the one that ships"},
	[VAR_PAIRED] = {"paired", "boolean",
			"the id half of an id/secret pair: X_ACCESS_KEY "
			"while the same stage also defines X_SECRET_KEY"},
	[VAR_GLOBAL_DEFAULT] = {"global-default", "boolean",
				"an ARG with no default of its own in a stage "
				"that redeclares the global ARG of that name "
				"and so takes its default, if it has one "
				"(ARG TOKEN after a global ARG TOKEN)"},
};

static const struct hl_node *var_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum var_field)f) {
	case VAR_NAME:
		return va_name(r);
	case VAR_VALUE:
		return va_value(r);
	case VAR_WRITTEN:
		return va_written(r);
	case VAR_KIND:
		return va_kind(r);
	case VAR_BUILD_ARG:
		return va_build_arg(r);
	case VAR_INSTRUCTION:
		return va_instruction(r);
	case VAR_STAGE:
		return va_stage(r);
	case VAR_FINAL:
		return va_final(r);
	case VAR_PAIRED:
		return va_paired(r);
	case VAR_GLOBAL_DEFAULT:
		return va_global_default(r);
	case VAR__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_var_type = {
	.name = "variable",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a name an ENV or ARG defines (each pair of an ENV "
		   "with several)",
	.fields = var_fields,
	.nfields = VAR__COUNT,
	.get = var_get,
};

const struct hl_rtype *const hl_df_types[] = {
	&hl_dfv_stage_type,   &hl_dfv_instr_type,
	&hl_dfv_heredoc_type, &hl_dfv_image_type,
	&hl_dfv_cmd_type,     &hl_dfv_redirect_type,
	&hl_dfv_pkg_type,     &hl_dfv_package_type,
	&hl_dfv_problem_type, &hl_dfv_var_type,
	&hl_dfv_cfile_type,   &hl_sup_df_type,
	NULL,
};

/* ------------------------------------------------------------------ */
/* The views                                                          */

void hl_df_stages(struct hl_doc *d, struct hl_items *v)
{
	struct hl_dfv *x = hl_dfv_get(d);
	for (size_t k = 0; k < x->df->nstages; k++) {
		const struct hl_df_stage *st = &x->df->stages[k];
		hl_view_push(d, v, stage_rec(x, k), st->from->keyword.span,
			     hl_dfv_stage_label(x, (int)k));
		hl_view_key(v, k, hl_dfv_stage_key(x, (int)k));
	}
}

void hl_df_instructions(struct hl_doc *d, struct hl_items *v)
{
	struct hl_dfv *x = hl_dfv_get(d);
	size_t count = 0;
	int last_stage = -2;
	for (size_t i = 0; i < x->df->ninstrs; i++) {
		const struct hl_df_instr *in = x->df->instrs[i];
		if (in->stage != last_stage)
			count = 0;
		last_stage = in->stage;
		char num[24];
		const char *obj = hl_arena_join(
			d->arena, hl_dfv_stage_label(x, in->stage), " ",
			hl_df_cmd_name(in->cmd), " #", hl_utoa(++count, num),
			(char *)NULL);
		size_t before = v->count;
		hl_view_push(d, v, hl_dfv_top_instr(x, i), in->span, obj);
		hl_view_key(v, before, hl_dfv_instr_key(x, i));
	}
}

void hl_df_images(struct hl_doc *d, struct hl_items *v)
{
	struct hl_dfv *x = hl_dfv_get(d);
	for (size_t k = 0; k < x->df->nimages; k++) {
		const struct hl_df_image *im = &x->df->images[k];
		const char *obj = hl_arena_join(
			d->arena, hl_dfv_stage_label(x, im->in_stage), " ",
			im->source, " ", im->text.s, (char *)NULL);
		size_t before = v->count;
		hl_view_push(d, v, image_rec(x, k), im->text.span, obj);
		hl_view_key(v, before,
			    hl_key(d->arena, hl_dfv_stage_key(x, im->in_stage),
				   im->source, im->text.s, im->text.len));
	}
}

void hl_df_syntax(struct hl_doc *d, struct hl_items *v)
{
	struct hl_dfv *x = hl_dfv_get(d);
	for (size_t k = 0; k < x->df->nproblems; k++) {
		const struct hl_df_problem *p = &x->df->problems[k];
		size_t before = v->count;
		hl_view_push(
			d, v,
			hl_node_record(d->arena, &hl_dfv_problem_type, p, x,
				       NULL, p->span),
			p->span,
			/* for people: what kind, not the message (it may
			 * quote the input; the message says it, masked) */
			hl_arena_join(d->arena, "problem ",
				     p->kind ? p->kind : "syntax",
				     (char *)NULL));
		hl_view_key(v, before,
			    hl_key(d->arena, NULL, "problem", p->message,
				   strlen(p->message)));
	}
}

void hl_df_variables(struct hl_doc *d, struct hl_items *v)
{
	struct hl_dfv *x = hl_dfv_get(d);
	for (size_t k = 0; k < x->df->ndefs; k++) {
		const struct hl_df_def *def = &x->df->defs[k];
		size_t before = v->count;
		hl_view_push(
			d, v,
			hl_node_record(d->arena, &hl_dfv_var_type, def, x,
				       NULL, def->name.span),
			def->name.span,
			hl_arena_printf(d->arena, "%s %s %s",
					hl_dfv_stage_label(x, def->stage),
					def->env ? "ENV" : "ARG", def->key));
		hl_view_key(v, before,
			    hl_key(d->arena, hl_dfv_stage_key(x, def->stage),
				   def->env ? "env" : "arg", def->key,
				   strlen(def->key)));
	}
}

void hl_df_named_values(const struct hl_doc *d, hl_named_fn *fn, void *ctx)
{
	const struct hl_dockerfile *df = d->front;
	for (size_t k = 0; k < df->ndefs; k++) {
		const struct hl_df_def *def = &df->defs[k];
		size_t n = strlen(def->key);
		if (def->value.s)
			fn(ctx, def->key, n, def->value.s, def->value.len,
			   false);
		if (def->expanded)
			fn(ctx, def->key, n, def->expanded,
			   strlen(def->expanded), false);
	}
	for (size_t k = 0; k < df->nstages; k++)
		if (df->stages[k].name.s)
			fn(ctx, "name", 4, df->stages[k].name.s,
			   strlen(df->stages[k].name.s), false);
	for (size_t k = 0; k < df->nimages; k++)
		fn(ctx, "image", 5, df->images[k].text.s,
		   df->images[k].text.len, false);
}
