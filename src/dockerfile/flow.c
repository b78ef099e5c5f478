/*
 * flow: pipelines and substitutions of a split RUN script into, for each
 * command, the commands its output reaches and those that run it.
 */
#include "dockerfile/flow.h"

#include <string.h>

/* The part of `l` after pipeline position `index` (`at` holds each
 * one's position, ascending): a slice, not a copy. */
static struct hl_sh_cmds after(struct hl_sh_cmds l, const size_t *at,
			       size_t index)
{
	size_t k = 0;
	while (k < l.n && at[k] <= index)
		k++;
	struct hl_sh_cmds r = {l.v + k, l.n - k};
	return r;
}

/* `x` then `y`: `x` itself when `y` is empty (no copy). */
static struct hl_sh_cmds join(struct hl_arena *a, struct hl_sh_cmds x,
			      struct hl_sh_cmds y)
{
	if (!y.n)
		return x;
	if (!x.n)
		return y;
	size_t *v = hl_arena_array(a, x.n + y.n, sizeof(*v));
	memcpy(v, x.v, x.n * sizeof(*v));
	memcpy(v + x.n, y.v, y.n * sizeof(*v));
	struct hl_sh_cmds r = {v, x.n + y.n};
	return r;
}

/* One pipeline's commands that name a program, in order (all), and those
 * of them that read their script from standard input (code), each with
 * its position in the pipeline. */
struct chain {
	struct hl_sh_cmds all, code;
	size_t *all_at, *code_at;
};

/* The chains of every pipeline; before[i]: how many of its pipeline's
 * programs come before command i. */
static struct chain *chains(struct hl_arena *a, const struct hl_sh_script *sc,
			    const struct hl_sh_cmdflow *f, size_t *before)
{
	size_t n1 = sc->ncmds ? sc->ncmds : 1;
	/* the commands of each pipeline, in order: members[start[p] ..
	 * start[p + 1]) (a counting sort, so that a script of 100,000
	 * commands is not walked 100,000 times) */
	size_t *start = hl_arena_array(a, sc->npipes + 1, sizeof(*start));
	size_t *members = hl_arena_array(a, n1, sizeof(*members));
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
	struct chain *ch = hl_arena_array(a, sc->npipes + 1, sizeof(*ch));
	for (size_t p = 0; p < sc->npipes; p++) {
		size_t n = start[p + 1] - start[p];
		size_t *all = hl_arena_array(a, n + 1, sizeof(size_t));
		size_t *code = hl_arena_array(a, n + 1, sizeof(size_t));
		ch[p].all_at = hl_arena_array(a, n + 1, sizeof(size_t));
		ch[p].code_at = hl_arena_array(a, n + 1, sizeof(size_t));
		size_t na = 0, nc = 0;
		for (size_t mi = start[p]; mi < start[p + 1]; mi++) {
			size_t j = members[mi];
			before[j] = na;
			if (f[j].program >= sc->cmds[j].argc)
				continue;
			ch[p].all_at[na] = sc->cmds[j].pipe_index;
			all[na++] = j;
			if (f[j].from == HL_SH_FROM_STDIN) {
				ch[p].code_at[nc] = sc->cmds[j].pipe_index;
				code[nc++] = j;
			}
		}
		ch[p].all = (struct hl_sh_cmds){all, na};
		ch[p].code = (struct hl_sh_cmds){code, nc};
	}
	return ch;
}

struct hl_sh_cmdflow *hl_sh_flow(struct hl_arena *a,
				 const struct hl_sh_script *sc)
{
	size_t n1 = sc->ncmds ? sc->ncmds : 1;
	struct hl_sh_cmdflow *f = hl_arena_array(a, n1, sizeof(*f));
	size_t *self = hl_arena_array(a, n1, sizeof(*self));
	for (size_t i = 0; i < sc->ncmds; i++) {
		f[i].program = hl_sh_program(&sc->cmds[i]);
		f[i].from = hl_sh_script_from(&sc->cmds[i], &f[i].script_at);
		self[i] = i;
	}
	size_t *before = hl_arena_array(a, n1, sizeof(*before));
	const struct chain *ch = chains(a, sc, f, before);
	/* in order: a parent comes before the commands substituted into
	 * it, so its output_to is known when theirs is made */
	for (size_t i = 0; i < sc->ncmds; i++) {
		const struct hl_sh_cmd *c = &sc->cmds[i];
		struct hl_sh_cmds all = {NULL, 0}, code = {NULL, 0};
		if (c->pipeline < sc->npipes) {
			const struct chain *q = &ch[c->pipeline];
			size_t k = before[i];
			size_t next = k + (f[i].program < c->argc ? 1 : 0);
			f[i].upstream = (struct hl_sh_cmds){q->all.v, k};
			f[i].downstream = (struct hl_sh_cmds){
				q->all.v + next, q->all.n - next};
			all = after(q->all, q->all_at, c->pipe_index);
			code = after(q->code, q->code_at, c->pipe_index);
		}
		if (c->grouped && c->group_pipe < sc->npipes) {
			const struct chain *q = &ch[c->group_pipe];
			all = join(a, all,
				   after(q->all, q->all_at, c->group_index));
			code = join(a, code,
				    after(q->code, q->code_at, c->group_index));
		}
		bool subst = c->nest == HL_SH_SUBST || c->nest == HL_SH_PROCSUB;
		if (subst && c->parent >= 0 &&
		    f[c->parent].program < sc->cmds[c->parent].argc) {
			size_t pa = (size_t)c->parent;
			struct hl_sh_cmds parent = {&self[pa], 1};
			all = join(a, all, parent);
			/* sh -c "$(curl ..)", eval "$(curl ..)", bash <(curl
			 * ..): substituted into what the parent runs as its
			 * script */
			bool script =
				f[pa].script_at == c->parent_word &&
				(c->nest == HL_SH_SUBST
					 ? f[pa].from == HL_SH_FROM_ARGUMENT
					 : f[pa].from != HL_SH_FROM_STDIN);
			if (script && c->parent_word)
				code = join(a, code, parent);
			/* and what the parent writes, it may write: echo
			 * "$(curl ..)" | sh */
			all = join(a, all, f[pa].output_to);
			code = join(a, code, f[pa].run_by);
		}
		f[i].output_to = all;
		f[i].run_by = code;
	}
	return f;
}
