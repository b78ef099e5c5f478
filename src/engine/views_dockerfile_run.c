/*
 * views_dockerfile_run: the Dockerfile views of what a RUN runs: its
 * simple commands (run-command, with their redirects) and the package
 * installs among them (package-install, with each package). Declared as
 * in views_dockerfile.c: each record type's fields once, with their type,
 * meaning and getter.
 */
#include <string.h>
#include <strings.h>

#include "core/buf.h"

#include "dockerfile/nodes.h"
#include "dockerfile/packages.h"
#include "engine/views_dockerfile.h"

static const struct hl_span none;

struct dfpkg {
	struct hl_pkg_install pi;
	const struct hl_dfv_cmd *cmd;
	const struct hl_node *cmd_node; /* its run-command record */
};

/* ------------------------------------------------------------------ */
/* run-command                                                        */

static const struct hl_dfv_cmd *cmd_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_sh_cmd *sh_of(const struct hl_node *r)
{
	const struct hl_dfv_cmd *c = cmd_of(r);
	return &c->s->sc->cmds[c->i];
}

static const struct hl_sh_cmdflow *flow_of(const struct hl_node *r)
{
	const struct hl_dfv_cmd *c = cmd_of(r);
	return &c->s->flow[c->i];
}

static const struct hl_node *c_argv(const struct hl_node *r)
{
	const struct hl_sh_cmd *c = sh_of(r);
	return hl_dfn_words(hl_dfv_of(r)->a, c->argv, 0, c->argc, c->span);
}

static const struct hl_node *c_name(const struct hl_node *r)
{
	return hl_dfn_name(hl_dfv_of(r)->a, sh_of(r));
}

static const struct hl_node *c_program(const struct hl_node *r)
{
	const struct hl_dfv_cmd *c = cmd_of(r);
	return c->s->prog[c->i];
}

static const struct hl_node *c_program_index(const struct hl_node *r)
{
	if (!c_program(r))
		return NULL;
	return hl_node_int(hl_dfv_of(r)->a, (int64_t)flow_of(r)->program, none);
}

static const struct hl_node *c_args(const struct hl_node *r)
{
	const struct hl_sh_cmd *c = sh_of(r);
	size_t p = flow_of(r)->program;
	return hl_dfn_words(hl_dfv_of(r)->a, c->argv,
			    p + 1 < c->argc ? p + 1 : c->argc, c->argc,
			    c->span);
}

static const struct hl_node *c_wrappers(const struct hl_node *r)
{
	return hl_dfn_wrappers(hl_dfv_of(r)->a, sh_of(r), flow_of(r)->program);
}

static const struct hl_node *c_assigns(const struct hl_node *r)
{
	const struct hl_sh_cmd *c = sh_of(r);
	return hl_dfn_words(hl_dfv_of(r)->a, c->assigns, 0, c->nassigns,
			    c->span);
}

static const struct hl_node *c_redirects(const struct hl_node *r)
{
	struct hl_dfv *v = hl_dfv_of(r);
	const struct hl_sh_cmd *c = sh_of(r);
	struct hl_node *rs = hl_node_seq(v->a, c->span);
	for (size_t k = 0; k < c->nredirs; k++)
		hl_seq_push(v->a, rs,
			    hl_node_record(v->a, &hl_dfv_redirect_type,
					   &c->redirs[k], v, NULL,
					   c->redirs[k].target.span));
	return rs;
}

static const struct hl_node *c_pipeline(const struct hl_node *r)
{
	return hl_node_int(hl_dfv_of(r)->a, (int64_t)sh_of(r)->pipeline, none);
}

static const struct hl_node *c_position(const struct hl_node *r)
{
	return hl_node_int(hl_dfv_of(r)->a, (int64_t)sh_of(r)->pipe_index,
			   none);
}

static const struct hl_node *c_pipeline_length(const struct hl_node *r)
{
	const struct hl_sh_script *sc = cmd_of(r)->s->sc;
	size_t p = sh_of(r)->pipeline;
	return hl_node_int(hl_dfv_of(r)->a, (int64_t)sc->pipes[p].length, none);
}

/* The programs of commands `l` as a list. */
static const struct hl_node *programs(const struct hl_node *r,
				      struct hl_sh_cmds l)
{
	struct hl_dfv *v = hl_dfv_of(r);
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
	return hl_node_cstr(hl_dfv_of(r)->a, hl_dfn_nest_name(sh_of(r)->nest),
			    none);
}

static const struct hl_node *c_parent(const struct hl_node *r)
{
	int p = sh_of(r)->parent;
	return p >= 0 ? cmd_of(r)->s->prog[p] : NULL;
}

static const struct hl_node *c_script(const struct hl_node *r)
{
	return hl_node_cstr(hl_dfv_of(r)->a, hl_dfn_from_name(flow_of(r)->from),
			    none);
}

static const struct hl_node *c_instruction(const struct hl_node *r)
{
	const struct hl_df_instr *at = cmd_of(r)->s->at;
	return hl_dfv_top_instr(hl_dfv_of(r), (size_t)at->index);
}

static const struct hl_node *c_stage(const struct hl_node *r)
{
	const struct hl_df_instr *at = cmd_of(r)->s->at;
	return at->stage >= 0 ? hl_node_int(hl_dfv_of(r)->a, at->stage,
					    at->keyword.span)
			      : NULL;
}

static const struct hl_node *c_final(const struct hl_node *r)
{
	struct hl_dfv *v = hl_dfv_of(r);
	int k = cmd_of(r)->s->at->stage;
	bool final = k >= 0 && (size_t)k < v->df->nstages && k == v->df->target;
	return hl_node_bool(v->a, final, none);
}

static const struct hl_node *c_ships(const struct hl_node *r)
{
	struct hl_dfv *v = hl_dfv_of(r);
	return hl_node_bool(v->a, hl_dfv_ships(v, cmd_of(r)->s->at->stage),
			    none);
}

/* Does word `w` name a path: a '/' in it, or a shell variable? */
static bool pathlike(const char *w)
{
	return w[0] != '-' && (strchr(w, '/') || w[0] == '$');
}

/* Is `path` the word `dir` or a path below it? */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && (!path[n] || path[n] == '/');
}

/* Is `path` removed by a command of the script after the k-th: an
 * rm -r or rm -f of that word or of a directory above it? */
static bool removed_after(const struct hl_dfv_script *s, size_t k,
			  const char *path)
{
	for (size_t j = k + 1; j < s->sc->ncmds; j++) {
		const struct hl_sh_cmd *c = &s->sc->cmds[j];
		size_t prog = s->flow[j].program;
		if (prog >= c->argc || strcmp(c->argv[prog].text.s, "rm"))
			continue;
		bool forced = false;
		for (size_t a = prog + 1; a < c->argc; a++) {
			const char *w = c->argv[a].text.s;
			if (w[0] == '-' && strpbrk(w + 1, "rRf"))
				forced = true;
			else if (forced && w[0] != '-' && under(path, w))
				return true;
		}
	}
	return false;
}

static const struct hl_node *c_removed(const struct hl_node *r)
{
	const struct hl_dfv_cmd *cmd = cmd_of(r);
	const struct hl_sh_cmd *c = sh_of(r);
	size_t paths = 0;
	for (size_t a = flow_of(r)->program + 1; a < c->argc; a++) {
		const char *w = c->argv[a].text.s;
		if (!pathlike(w))
			continue;
		if (!removed_after(cmd->s, cmd->i, w))
			return hl_node_bool(hl_dfv_of(r)->a, false, none);
		paths++;
	}
	return hl_node_bool(hl_dfv_of(r)->a, paths > 0, none);
}

static const struct hl_node *c_onbuild(const struct hl_node *r)
{
	return hl_node_bool(hl_dfv_of(r)->a, cmd_of(r)->s->onbuild, none);
}

enum cmd_field {
	CMD_ARGV,
	CMD_NAME,
	CMD_PROGRAM,
	CMD_PROGRAM_INDEX,
	CMD_ARGS,
	CMD_WRAPPERS,
	CMD_ASSIGNS,
	CMD_REDIRECTS,
	CMD_PIPELINE,
	CMD_POSITION,
	CMD_PIPELINE_LENGTH,
	CMD_UPSTREAM,
	CMD_DOWNSTREAM,
	CMD_NEST,
	CMD_PARENT,
	CMD_SCRIPT,
	CMD_OUTPUT_TO,
	CMD_OUTPUT_RUN_BY,
	CMD_INSTRUCTION,
	CMD_STAGE,
	CMD_FINAL,
	CMD_ONBUILD,
	CMD_SHIPS,
	CMD_REMOVED_LATER,
	CMD__COUNT
};

static const struct hl_rfield cmd_fields[CMD__COUNT] = {
	[CMD_ARGV] = {"argv", "[string]", "its words, quotes removed"},
	[CMD_NAME] = {"name", "string", "argv[0]'s basename"},
	[CMD_PROGRAM] = {"program", "string",
			 "the program it runs, past sudo, env, nice, timeout "
			 "and other wrappers"},
	[CMD_PROGRAM_INDEX] = {"program-index", "integer",
			       "where the program is in argv"},
	[CMD_ARGS] = {"args", "[string]", "the words after the program"},
	[CMD_WRAPPERS] = {"wrappers", "[string]",
			  "the wrappers before the program"},
	[CMD_ASSIGNS] = {"assigns", "[string]", "NAME=value prefixes"},
	[CMD_REDIRECTS] = {"redirects", "[redirect]", "its redirections"},
	[CMD_PIPELINE] = {"pipeline", "integer", "its pipeline in the script"},
	[CMD_POSITION] = {"position", "integer", "its place in the pipeline"},
	[CMD_PIPELINE_LENGTH] = {"pipeline-length", "integer",
				 "commands in the pipeline"},
	[CMD_UPSTREAM] = {"upstream", "[string]",
			  "the programs before it in its pipeline"},
	[CMD_DOWNSTREAM] = {"downstream", "[string]",
			    "the programs after it in its pipeline"},
	[CMD_NEST] = {"nest", "string",
		      "how it is nested: top, substitution, "
		      "process-substitution, shell-c, stdin, exec"},
	[CMD_PARENT] = {"parent", "string", "the program it is nested in"},
	[CMD_SCRIPT] =
		{"script", "string",
		 "where its program takes its script from: stdin, argument (sh "
		 "-c, python -c/-m, perl -e, node -e, eval) or file"},
	[CMD_OUTPUT_TO] =
		{"output-to", "[string]",
		 "programs its output reaches: downstream, what a ( ) or { } "
		 "group it is in feeds, the parent it is substituted into and "
		 "what that parent's output reaches"},
	[CMD_OUTPUT_RUN_BY] = {"output-run-by", "[string]",
			       "those of them that run it as code (a "
			       "downstream shell reading stdin; sh -c \"$(curl "
			       "..)\", eval \"$(curl ..)\", bash <(curl ..))"},
	[CMD_INSTRUCTION] = {"instruction", "instruction",
			     "the RUN (or ONBUILD) it is in"},
	[CMD_STAGE] = {"stage", "integer", "the index of its stage"},
	[CMD_FINAL] = {"final", "boolean", "its stage is the one that ships"},
	[CMD_ONBUILD] = {"onbuild", "boolean", "it runs in ONBUILD"},
	[CMD_SHIPS] = {"ships", "boolean", HL_DFV_SHIPS_MEANING},
	[CMD_REMOVED_LATER] = {"removed-later", "boolean",
			       "every path it names (a word with a / or a "
			       "$variable) is removed by a later rm -r or -f "
			       "of the same RUN (a mktemp -d directory "
			       "deleted at the end): it leaves nothing in the "
			       "image"},
};

static const struct hl_node *cmd_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum cmd_field)f) {
	case CMD_ARGV:
		return c_argv(r);
	case CMD_NAME:
		return c_name(r);
	case CMD_PROGRAM:
		return c_program(r);
	case CMD_PROGRAM_INDEX:
		return c_program_index(r);
	case CMD_ARGS:
		return c_args(r);
	case CMD_WRAPPERS:
		return c_wrappers(r);
	case CMD_ASSIGNS:
		return c_assigns(r);
	case CMD_REDIRECTS:
		return c_redirects(r);
	case CMD_PIPELINE:
		return c_pipeline(r);
	case CMD_POSITION:
		return c_position(r);
	case CMD_PIPELINE_LENGTH:
		return c_pipeline_length(r);
	case CMD_UPSTREAM:
		return c_upstream(r);
	case CMD_DOWNSTREAM:
		return c_downstream(r);
	case CMD_NEST:
		return c_nest(r);
	case CMD_PARENT:
		return c_parent(r);
	case CMD_SCRIPT:
		return c_script(r);
	case CMD_OUTPUT_TO:
		return c_output_to(r);
	case CMD_OUTPUT_RUN_BY:
		return c_run_by(r);
	case CMD_INSTRUCTION:
		return c_instruction(r);
	case CMD_STAGE:
		return c_stage(r);
	case CMD_FINAL:
		return c_final(r);
	case CMD_ONBUILD:
		return c_onbuild(r);
	case CMD_SHIPS:
		return c_ships(r);
	case CMD_REMOVED_LATER:
		return c_removed(r);
	case CMD__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_cmd_type = {
	.name = "run-command",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a simple command a RUN runs",
	.fields = cmd_fields,
	.nfields = CMD__COUNT,
	.get = cmd_get,
};

static const struct hl_sh_redir *rd_of(const struct hl_node *r)
{
	return r->u.record->p;
}

static const struct hl_node *rd_op(const struct hl_node *r)
{
	const struct hl_sh_redir *x = rd_of(r);
	return hl_node_cstr(hl_dfv_of(r)->a, x->op, x->target.span);
}

static const struct hl_node *rd_target(const struct hl_node *r)
{
	return hl_dfn_word(hl_dfv_of(r)->a, &rd_of(r)->target);
}

enum redirect_field { REDIRECT_OP, REDIRECT_TARGET, REDIRECT__COUNT };

static const struct hl_rfield redirect_fields[REDIRECT__COUNT] = {
	[REDIRECT_OP] = {"op", "string", ">, >>, <, <<, 2>&1, ..."},
	[REDIRECT_TARGET] = {"target", "string",
			     "the file, descriptor or heredoc delimiter"},
};

static const struct hl_node *redirect_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum redirect_field)f) {
	case REDIRECT_OP:
		return rd_op(r);
	case REDIRECT_TARGET:
		return rd_target(r);
	case REDIRECT__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_redirect_type = {
	.name = "redirect",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a redirection of a command",
	.fields = redirect_fields,
	.nfields = REDIRECT__COUNT,
	.get = redirect_get,
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
	const struct hl_dfv_cmd *c = p->cmd;
	return &c->s->sc->cmds[c->i].argv[c->s->flow[c->i].program + k];
}

static const struct hl_node *p_manager(const struct hl_node *r)
{
	const struct dfpkg *p = pkg_of(r);
	return hl_node_cstr(hl_dfv_of(r)->a, p->pi.manager,
			    pkg_word(p, 0)->span);
}

static const struct hl_node *p_subcommand(const struct hl_node *r)
{
	const struct dfpkg *p = pkg_of(r);
	return hl_dfn_word(hl_dfv_of(r)->a, pkg_word(p, p->pi.subcommand));
}

static const struct hl_node *p_packages(const struct hl_node *r)
{
	struct hl_dfv *v = hl_dfv_of(r);
	const struct dfpkg *p = pkg_of(r);
	struct hl_node *seq = hl_node_seq(v->a, sh_of(p->cmd_node)->span);
	for (size_t k = 0; k < p->pi.npackages; k++)
		hl_seq_push(v->a, seq,
			    hl_node_record(
				    v->a, &hl_dfv_package_type,
				    &p->pi.packages[k], (void *)r, NULL,
				    pkg_word(p, p->pi.packages[k].word)->span));
	return seq;
}

/* Words `idx[0..n)` of the install as a list. */
static const struct hl_node *pkg_words(const struct hl_node *r,
				       const size_t *idx, size_t n)
{
	struct hl_dfv *v = hl_dfv_of(r);
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
	return hl_node_bool(hl_dfv_of(r)->a, pkg_of(r)->pi.from_lockfile, none);
}

/* The words of command `c` from its program on, as strings. */
static const char **words_from(struct hl_dfv *v, const struct hl_sh_cmd *c,
			       size_t from, size_t *n)
{
	*n = from < c->argc ? c->argc - from : 0;
	const char **w = hl_arena_array(v->a, *n ? *n : 1, sizeof(*w));
	for (size_t k = 0; k < *n; k++)
		w[k] = c->argv[from + k].text.s;
	return w;
}

/* Is `v` (PIP_NO_CACHE_DIR's value) one pip reads as true? */
static bool truthy(const char *v)
{
	static const char *const yes[] = {"1", "on", "yes", "true", "y"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (v && !strcasecmp(v, yes[i]))
			return true;
	return false;
}

/* Does the install keep no cache: a no-cache option, PIP_NO_CACHE_DIR set
 * true (ENV, a prefix, an export earlier in the RUN), a cache mount on
 * its cache, or a command of the same RUN that cleans it? */
static bool cleans_cache(struct hl_dfv *v, const struct dfpkg *p)
{
	const struct hl_pkg_install *pi = &p->pi;
	for (size_t k = 0; k < pi->nflags; k++)
		if (hl_pkg_no_cache_flag(pi->manager,
					 pkg_word(p, pi->flags[k])->text.s))
			return true;
	const struct hl_dfv_script *s = p->cmd->s;
	const struct hl_sh_cmd *cmd = &s->sc->cmds[p->cmd->i];
	if (!strcmp(pi->manager, "pip")) {
		for (size_t k = 0; k < cmd->nassigns; k++)
			if (!(cmd->assigns[k].flags & HL_SH_EXPAND) &&
			    !strncmp(cmd->assigns[k].text.s,
				     "PIP_NO_CACHE_DIR=", 17) &&
			    truthy(cmd->assigns[k].text.s + 17))
				return true;
		for (size_t k = 0; k < p->cmd->i && k < s->sc->ncmds; k++) {
			const struct hl_sh_cmd *e = &s->sc->cmds[k];
			for (size_t j = 1; j < e->argc; j++)
				if (e->argc && !strcmp(e->argv[0].text.s,
						       "export") &&
				    !strncmp(e->argv[j].text.s,
					     "PIP_NO_CACHE_DIR=", 17) &&
				    truthy(e->argv[j].text.s + 17))
					return true;
		}
		int si = s->at->stage;
		if (si >= 0 && (size_t)si < v->df->nstages) {
			const struct hl_df_stage *st = &v->df->stages[si];
			for (size_t k = 0; k < st->nvars; k++)
				if (st->vars[k].env &&
				    !strcmp(st->vars[k].name,
					    "PIP_NO_CACHE_DIR") &&
				    truthy(st->vars[k].value))
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

/* Does a later command of the same RUN uninstall packages of the same
 * manager (apk add --virtual .deps ... && apk del .deps)? */
static bool removed_later(struct hl_dfv *v, const struct dfpkg *p)
{
	const struct hl_dfv_script *s = p->cmd->s;
	for (size_t k = p->cmd->i + 1; k < s->sc->ncmds; k++) {
		size_t prog = s->flow[k].program, n;
		if (prog >= s->sc->cmds[k].argc)
			continue;
		const char **w = words_from(v, &s->sc->cmds[k], prog, &n);
		if (hl_pkg_removes(p->pi.manager, w, n))
			return true;
	}
	return false;
}

static const struct hl_node *p_removed(const struct hl_node *r)
{
	return hl_node_bool(hl_dfv_of(r)->a,
			    removed_later(hl_dfv_of(r), pkg_of(r)), none);
}

static const struct hl_node *p_cleans(const struct hl_node *r)
{
	return hl_node_bool(hl_dfv_of(r)->a,
			    cleans_cache(hl_dfv_of(r), pkg_of(r)), none);
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

enum pkg_field {
	PKG_MANAGER,
	PKG_SUBCOMMAND,
	PKG_PACKAGES,
	PKG_FLAGS,
	PKG_FILES,
	PKG_FROM_LOCKFILE,
	PKG_CLEANS_CACHE,
	PKG_COMMAND,
	PKG_INSTRUCTION,
	PKG_STAGE,
	PKG_FINAL,
	PKG_ONBUILD,
	PKG_SHIPS,
	PKG_REMOVED_LATER,
	PKG__COUNT
};

static const struct hl_rfield pkg_fields[PKG__COUNT] = {
	[PKG_MANAGER] =
		{"manager", "string",
		 "apt, apk, yum, dnf, microdnf, zypper, pip, npm, yarn, pnpm, gem, go"},
	[PKG_SUBCOMMAND] = {"subcommand", "string",
			    "install, add, ... as written"},
	[PKG_PACKAGES] = {"packages", "[package]", "what it installs"},
	[PKG_FLAGS] = {"flags", "[string]", "its options"},
	[PKG_FILES] = {"files", "[string]",
		       "what it installs from (pip -r FILE)"},
	[PKG_FROM_LOCKFILE] = {"from-lockfile", "boolean",
			       "npm ci and the like"},
	[PKG_CLEANS_CACHE] = {"cleans-cache", "boolean",
			      "a no-cache option, PIP_NO_CACHE_DIR, a cache "
			      "mount, or a cleaning command in the same RUN"},
	[PKG_COMMAND] = {"command", "run-command", "the command"},
	[PKG_INSTRUCTION] = {"instruction", "instruction",
			     "the RUN (or ONBUILD) it is in"},
	[PKG_STAGE] = {"stage", "integer", "the index of its stage"},
	[PKG_FINAL] = {"final", "boolean", "its stage is the one that ships"},
	[PKG_ONBUILD] = {"onbuild", "boolean", "it runs in ONBUILD"},
	[PKG_SHIPS] = {"ships", "boolean", HL_DFV_SHIPS_MEANING},
	[PKG_REMOVED_LATER] = {"removed-later", "boolean",
			       "a later command of the same RUN uninstalls "
			       "packages of the same manager (apk del .deps, "
			       "apt-get purge --auto-remove)"},
};

static const struct hl_node *pkg_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum pkg_field)f) {
	case PKG_MANAGER:
		return p_manager(r);
	case PKG_SUBCOMMAND:
		return p_subcommand(r);
	case PKG_PACKAGES:
		return p_packages(r);
	case PKG_FLAGS:
		return p_flags(r);
	case PKG_FILES:
		return p_files(r);
	case PKG_FROM_LOCKFILE:
		return p_lockfile(r);
	case PKG_CLEANS_CACHE:
		return p_cleans(r);
	case PKG_COMMAND:
		return p_command(r);
	case PKG_INSTRUCTION:
		return p_instruction(r);
	case PKG_STAGE:
		return p_stage(r);
	case PKG_FINAL:
		return p_final(r);
	case PKG_ONBUILD:
		return p_onbuild(r);
	case PKG_SHIPS:
		return c_ships(pkg_of(r)->cmd_node);
	case PKG_REMOVED_LATER:
		return p_removed(r);
	case PKG__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_pkg_type = {
	.name = "package-install",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a package manager command that installs",
	.fields = pkg_fields,
	.nfields = PKG__COUNT,
	.get = pkg_get,
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
static const struct hl_node *spec_value(const struct hl_node *r, const char *s)
{
	const struct hl_node *ins = install_of(r);
	const struct hl_sh_word *w = pkg_word(pkg_of(ins), spec_of(r)->word);
	struct hl_node *n = hl_node_cstr(hl_dfv_of(ins)->a, s, w->span);
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
	return hl_node_cstr(hl_dfv_of(ins)->a, s->op, w->span);
}

static const struct hl_node *pk_spec(const struct hl_node *r)
{
	const struct hl_node *ins = install_of(r);
	return hl_dfn_word(hl_dfv_of(ins)->a,
			   pkg_word(pkg_of(ins), spec_of(r)->word));
}

enum package_field {
	PACKAGE_NAME,
	PACKAGE_VERSION,
	PACKAGE_OPERATOR,
	PACKAGE_SPEC,
	PACKAGE__COUNT
};

static const struct hl_rfield package_fields[PACKAGE__COUNT] = {
	[PACKAGE_NAME] = {"name", "string", "the package, without its version"},
	[PACKAGE_VERSION] = {"version", "string",
			     "its version, when one is given"},
	[PACKAGE_OPERATOR] = {"operator", "string",
			      "how: =, ==, >=, ~, @, -, :, -v"},
	[PACKAGE_SPEC] = {"spec", "string", "the word as written"},
};

static const struct hl_node *package_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum package_field)f) {
	case PACKAGE_NAME:
		return pk_name(r);
	case PACKAGE_VERSION:
		return pk_version(r);
	case PACKAGE_OPERATOR:
		return pk_operator(r);
	case PACKAGE_SPEC:
		return pk_spec(r);
	case PACKAGE__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_package_type = {
	.name = "package",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a package an install names",
	.fields = package_fields,
	.nfields = PACKAGE__COUNT,
	.get = package_get,
};

/* What command `c` of RUN instruction `k` is: the instruction's key and
 * the command's words (the same command twice in one RUN tells apart by
 * the ordinal of exact ties). */
static const char *cmd_key(struct hl_dfv *x, size_t k, bool onbuild,
			   const struct hl_sh_cmd *c)
{
	const char *key = hl_dfv_instr_key(x, k);
	if (onbuild)
		key = hl_key(x->a, key, "onbuild", "", 0);
	struct hl_buf b = HL_BUF_INIT;
	for (size_t i = 0; i < c->argc; i++) {
		if (i)
			hl_buf_addc(&b, ' ');
		hl_buf_add(&b, c->argv[i].text.s, c->argv[i].text.len);
	}
	key = hl_key(x->a, key, "cmd", hl_buf_str(&b), b.len);
	hl_buf_release(&b);
	return key;
}

/* The commands of RUN `top` (or its ONBUILD RUN). */
static void commands_of(struct hl_doc *d, struct hl_items *v,
			const struct hl_df_instr *top, bool onbuild)
{
	struct hl_dfv *x = hl_dfv_get(d);
	const struct hl_dfv_script *s = hl_dfv_script(x, top, onbuild);
	if (!s)
		return;
	for (size_t i = 0; i < s->sc->ncmds; i++) {
		const char *name = hl_node_text(s->prog[i]);
		size_t before = v->count;
		char num[24];
		hl_view_push(d, v, s->cmds[i], s->sc->cmds[i].span,
			     hl_arena_join(d->arena,
					  hl_dfv_stage_label(x, top->stage),
					  onbuild ? " ONBUILD" : "",
					  " command ", hl_utoa(i + 1, num), " ",
					  name ? name : "?", (char *)NULL));
		hl_view_key(v, before,
			    cmd_key(x, (size_t)top->index, onbuild,
				    &s->sc->cmds[i]));
	}
}

void hl_df_run_commands(struct hl_doc *d, struct hl_items *v)
{
	struct hl_dfv *x = hl_dfv_get(d);
	for (size_t i = 0; i < x->df->ninstrs; i++) {
		commands_of(d, v, x->df->instrs[i], false);
		commands_of(d, v, x->df->instrs[i], true);
	}
}

void hl_df_packages(struct hl_doc *d, struct hl_items *v)
{
	struct hl_dfv *x = hl_dfv_get(d);
	const struct hl_items *cmds = hl_view_items(d, HL_VIEW_DF_RUN_COMMAND);
	for (size_t i = 0; i < cmds->count; i++) {
		const struct hl_node *cr = cmds->items[i].node;
		const struct hl_dfv_cmd *c = cmd_of(cr);
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
		size_t before = v->count;
		hl_view_push(d, v,
			     hl_node_record(d->arena, &hl_dfv_pkg_type, p, x,
					    NULL, sp),
			     sp,
			     hl_arena_join(d->arena, cmds->items[i].object, " ",
					  p->pi.manager, " install",
					  (char *)NULL));
		hl_view_key(v, before,
			    hl_key(d->arena, cmds->items[i].key, "install",
				   p->pi.manager, strlen(p->pi.manager)));
	}
}
