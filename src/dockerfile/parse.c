/*
 * dockerfile: tokenizer and parser for Dockerfiles, after BuildKit's.
 *
 *   file        := BOM? directive* line*
 *   directive   := "#" space* name space* "=" space* value     (top only)
 *   line        := blank | comment | instruction
 *   instruction := space* keyword (space+ flag)* (space+ args)?
 *                  where a line ending in the escape character (then only
 *                  spaces or tabs) continues on the next one; blank lines
 *                  and comment lines inside a continuation are dropped
 *   flag        := "--" name ("=" value)?
 *   args        := exec-form (a JSON array of strings) | shell-form
 *
 * Each instruction's text is joined into one logical line, with a map from
 * logical offsets back to source offsets so every word keeps its place.
 * Variables are substituted as BuildKit does ($V, ${V}, ${V:-w}, ${V-w},
 * ${V:+w}, ${V+w}, quotes, the escape character); what stays unresolved is
 * marked unknown. Problems found on the way are recorded and the parse goes
 * on with the next instruction.
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
/* Semantics: stages, variables, images, users                        */

/* Whether `t` names a variable whose value is empty (`ARG TAG=`): a
 * default left empty is a value the build is meant to be given. */
static bool uses_empty_var(const struct scope *sc, const struct hl_df_text *t)
{
	for (size_t i = 0; i + 1 < t->len; i++) {
		if (t->s[i] != '$')
			continue;
		size_t b = i + 1 + (t->s[i + 1] == '{'), e = b;
		while (e < t->len &&
		       (isalnum((unsigned char)t->s[e]) || t->s[e] == '_'))
			e++;
		const struct hl_df_var *v =
			e > b ? hl_dfp_var_find(sc, t->s + b, e - b) : NULL;
		if (v && !v->unknown && v->value && !*v->value)
			return true;
	}
	return false;
}

size_t hl_dfp_add_image(struct parser *P, const struct hl_df_text *t,
			const struct scope *sc, const char *source,
			const struct hl_df_instr *in)
{
	struct hl_dockerfile *df = P->df;
	df->images = hl_arena_grow(P->a, df->images, df->nimages, &P->imcap,
				   sizeof(*df->images));
	struct hl_df_image *im = &df->images[df->nimages];
	memset(im, 0, sizeof(*im));
	im->text = *t;
	im->value = hl_dfp_expand(P, sc, t->s, t->len, &im->unknown);
	if (!im->unknown && *im->value && uses_empty_var(sc, t)) {
		/* FROM image:${TAG} with ARG TAG=: not an invalid reference
		 * but one the build is given, unknown here */
		struct hl_image_ref r;
		hl_image_parse(P->a, im->value, strlen(im->value), &r);
		im->unknown = !r.valid;
	}
	if (im->unknown && t->len)
		hl_dfp_unresolved(P, t->span,
				  !strcmp(source, "from") ? "FROM"
				  : !strcmp(source, "copy-from")
					  ? "COPY --from"
					  : "RUN --mount from");
	im->stage = -1;
	im->source = source;
	im->in_stage = (int)df->nstages - 1;
	im->instr = in;
	return df->nimages++;
}

/* An image reference that breaks the grammar fails the build: say so. */
void hl_dfp_check_image(struct parser *P, const struct hl_df_image *im)
{
	if (im->unknown || !*im->value)
		return;
	struct hl_image_ref r;
	hl_image_parse(P->a, im->value, strlen(im->value), &r);
	/* as written, unless a variable made it */
	const char *shown = memchr(im->text.s, '$', im->text.len) ? im->value
								  : im->text.s;
	if (!r.valid)
		hl_dfp_problem(
			P, im->text.span,
			"invalid image reference '%.200s' (lower-case "
			"repository, tag of letters, digits, '.', '_', '-')",
			hl_image_redact(P->a, shown));
}

/* The index of the stage before `before` named `name` (case-insensitive,
 * or a decimal index), or -1. */
/* Before the parse: how many FROM lines there are and the stage names
 * they give, so that COPY --from can name a stage defined further down
 * (BuildKit resolves names across the whole file). A light look at lines
 * that start with FROM; the parse proper does the real work. */
static void scan_stages(struct parser *P)
{
	size_t save = P->pos, start, end, cap = 0;
	while (hl_dfp_next_line(P, &start, &end)) {
		size_t i = hl_dfp_skip_space(P->data, start, end);
		if (end - i < 5 || strncasecmp(P->data + i, "FROM", 4) ||
		    !hl_dfp_is_space(P->data[i + 4]))
			continue;
		P->nfrom++;
		/* the last two words: AS NAME */
		size_t e = end;
		while (e > i && isspace((unsigned char)P->data[e - 1]))
			e--;
		size_t ns = e;
		while (ns > i && !isspace((unsigned char)P->data[ns - 1]))
			ns--;
		size_t ae = ns;
		while (ae > i && hl_dfp_is_space(P->data[ae - 1]))
			ae--;
		if (ae - i < 2 || ae == ns || ns == e ||
		    strncasecmp(P->data + ae - 2, "as", 2) ||
		    !hl_dfp_is_space(P->data[ae - 3]))
			continue;
		P->later = hl_arena_grow(P->a, P->later, P->nlater, &cap,
					 sizeof(*P->later));
		P->later[P->nlater++] = hl_arena_strndup(P->a, P->data + ns,
							 e - ns);
	}
	P->pos = save;
}

/* A stage named `name` is defined somewhere in the file. */
bool hl_dfp_stage_anywhere(struct parser *P, const char *name)
{
	for (size_t k = 0; k < P->nlater; k++)
		if (!strcasecmp(P->later[k], name))
			return true;
	return false;
}

#define STAGE_TAB (sizeof(((struct parser *)0)->stage_tab) / sizeof(uint32_t))

static size_t stage_hash(const char *s)
{
	/* stage names compare without case: hashed lower-cased, keyed
	 * (names cannot be made to collide) */
	char low[256];
	size_t n = 0;
	for (; *s && n < sizeof(low); s++)
		low[n++] = (char)tolower((unsigned char)*s);
	return (size_t)(hl_hash(low, n) % STAGE_TAB);
}

/* The slot of `name` in the table of stage names: its own, or the empty
 * one where it would go. */
static size_t stage_slot(struct parser *P, const char *name)
{
	size_t i = stage_hash(name);
	while (P->stage_tab[i] &&
	       strcasecmp(P->df->stages[P->stage_tab[i] - 1].name.s, name))
		i = (i + 1) % STAGE_TAB;
	return i;
}

int hl_dfp_find_stage(struct parser *P, const char *name, int before)
{
	struct hl_dockerfile *df = P->df;
	uint32_t last = P->stage_tab[stage_slot(P, name)];
	if (last && (int)last - 1 < before)
		return (int)last - 1; /* the last so named is before */
	if (!last && (!*name || strspn(name, "0123456789") != strlen(name)))
		return -1; /* no stage has that name, and it is no number */
	for (int k = before - 1; k >= 0; k--)
		if (df->stages[k].name.s &&
		    !strcasecmp(df->stages[k].name.s, name))
			return k;
	if (*name && strspn(name, "0123456789") == strlen(name) &&
	    strlen(name) < 6) {
		int k = (int)strtol(name, NULL, 10);
		if (k < before)
			return k;
	}
	return -1;
}

static bool valid_stage_name(const char *s)
{
	/* BuildKit: ^[a-z][a-z0-9-_.]*$ after lower-casing */
	if (!isalpha((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

static void end_stage(struct parser *P)
{
	struct hl_dockerfile *df = P->df;
	if (!df->nstages)
		return;
	struct hl_df_stage *st = &df->stages[df->nstages - 1];
	st->vars = hl_arena_array(P->a, P->scope.n, sizeof(*st->vars));
	if (P->scope.n)
		memcpy(st->vars, P->scope.vars, P->scope.n * sizeof(*st->vars));
	st->nvars = P->scope.n;
	st->count = df->ninstrs - st->first;
}

/* Automatic platform ARGs BuildKit defines in the global scope. */
static const char *const platform_args[] = {
	"TARGETPLATFORM", "TARGETOS",	   "TARGETARCH",
	"TARGETVARIANT",  "BUILDPLATFORM", "BUILDOS",
	"BUILDARCH",	  "BUILDVARIANT",  NULL};

/* Does `im` (FROM's image, with the instruction's flags) name a Windows
 * image: --platform=windows/..., an image of mcr.microsoft.com/windows
 * or of mcr.microsoft.com/dotnet/framework, or a nanoserver or
 * servercore repository or tag. */
static bool windows_base(const struct hl_df_instr *in,
			 const struct hl_df_image *im)
{
	for (size_t k = 0; k < in->nflags; k++)
		if (!strcmp(in->flags[k].name.s, "platform") &&
		    in->flags[k].value.s &&
		    !strncasecmp(in->flags[k].value.s, "windows", 7))
			return true;
	if (im->stage >= 0 || !im->value)
		return false;
	char low[256];
	size_t n = strlen(im->value);
	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)im->value[i]);
	low[n] = 0;
	/* .NET Framework images exist for Windows only (their tags name
	 * a version, 4.8.1, not the OS) */
	return strstr(low, "mcr.microsoft.com/windows") == low ||
	       strstr(low, "mcr.microsoft.com/dotnet/framework/") == low ||
	       strstr(low, "nanoserver") || strstr(low, "servercore");
}

static void do_from(struct parser *P, struct hl_df_instr *in)
{
	struct hl_dockerfile *df = P->df;
	if (df->nstages == HL_DF_MAX_STAGES) {
		hl_dfp_limit(P, in->keyword.span,
			     "more than %d stages; file not checked",
			     HL_DF_MAX_STAGES);
		return;
	}
	end_stage(P);
	df->stages = hl_arena_grow(P->a, df->stages, df->nstages,
				   &P->scap_stages, sizeof(*df->stages));
	struct hl_df_stage *st = &df->stages[df->nstages];
	memset(st, 0, sizeof(*st));
	st->index = (int)df->nstages;
	st->from = in;
	st->parent = -1;
	st->first = df->ninstrs;
	df->nstages++;
	in->stage = st->index;
	P->in_stage = true;

	if (in->argc == 0) {
		hl_dfp_problem(P, in->keyword.span, "FROM needs an image");
		struct hl_df_text none = {"", 0, in->keyword.span, NULL, 0};
		st->base = hl_dfp_add_image(P, &none, &P->scope, "from", in);
		P->df->images[st->base].unknown = true;
		return;
	}
	const struct scope *globals = &P->globals;
	if (in->argc == 3 && !strcasecmp(in->argv[1].s, "as")) {
		/* the name may use global ARGs; one that stays unknown is not
		 * judged */
		bool unk = false;
		const char *name = hl_dfp_expand(P, globals, in->argv[2].s,
						 in->argv[2].len, &unk);
		st->name = in->argv[2];
		char *lower = hl_arena_strdup(P->a, unk ? in->argv[2].s : name);
		for (char *c = lower; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		st->name.s = lower;
		st->name.len = strlen(lower);
		if (unk)
			;
		else if (!valid_stage_name(lower))
			hl_dfp_problem(P, in->argv[2].span,
				       "invalid stage name '%s'",
				       in->argv[2].s);
		else if (hl_dfp_find_stage(P, lower, st->index) >= 0)
			hl_dfp_problem_kind(
				P, "duplicate-stage", in->argv[2].span,
				"stage name '%s' is already the name of stage "
				"%d: FROM %s and --from=%s cannot tell them "
				"apart",
				lower, hl_dfp_find_stage(P, lower, st->index),
				lower, lower);
		if (!unk && valid_stage_name(lower))
			P->stage_tab[stage_slot(P, lower)] =
				(uint32_t)st->index + 1;
	} else if (in->argc != 1) {
		hl_dfp_problem(P, in->argv[1].span,
			       "FROM takes an image and an optional 'AS name'");
	}
	/* FROM is expanded with the global ARGs only */
	st->base = hl_dfp_add_image(P, &in->argv[0], globals, "from", in);
	struct hl_df_image *im = &df->images[st->base];
	if (!im->unknown) {
		int k = hl_dfp_find_stage(P, im->value, st->index);
		/* a number is not a stage reference in FROM */
		if (k >= 0 && df->stages[k].name.s &&
		    !strcasecmp(df->stages[k].name.s, im->value))
			im->stage = k;
	}
	if (im->stage < 0)
		hl_dfp_check_image(P, im);
	st->windows = windows_base(in, im);
	/* the stage starts with its parent's user and ENV */
	hl_dfp_scope_clear(&P->scope);
	if (im->stage >= 0) {
		const struct hl_df_stage *parent = &df->stages[im->stage];
		st->parent = im->stage;
		st->user = parent->user;
		st->user_value = parent->user_value;
		st->user_unknown = parent->user_unknown;
		st->workdir = parent->workdir;
		st->workdir_value = parent->workdir_value;
		st->workdir_unknown = parent->workdir_unknown;
		st->shell = parent->shell;
		st->windows = parent->windows;
		st->healthcheck = parent->healthcheck;
		st->cmd = parent->cmd;
		st->entrypoint = parent->entrypoint;
		for (size_t k = 0; k < parent->nvars; k++)
			if (parent->vars[k].env)
				hl_dfp_scope_set(P, &P->scope,
						 parent->vars[k].name,
						 parent->vars[k].value,
						 parent->vars[k].unknown, true);
	}
}

/* The --build-arg value given for `name`, or NULL; given twice, the
 * last wins, as with docker build. */
static const char *build_arg(struct parser *P, const char *name, size_t len)
{
	const struct hl_df_opts *o = P->opts;
	for (size_t k = o ? o->nbuild_args : 0; k-- > 0;) {
		const char *a = o->build_args[k];
		if (!strncmp(a, name, len) && a[len] == '=')
			return a + len + 1;
	}
	return NULL;
}

/* Keep what `in` defines: `name` (as written), its value as written
 * (`value` NULL: none) and after substitution. */
static void add_def(struct parser *P, const struct hl_df_instr *in,
		    struct hl_df_text name, const struct hl_df_text *value,
		    const char *key, const char *expanded, bool unknown,
		    bool build_arg)
{
	struct hl_dockerfile *df = P->df;
	df->defs = hl_arena_grow(P->a, df->defs, df->ndefs, &P->dcap,
				 sizeof(*df->defs));
	struct hl_df_def *d = &df->defs[df->ndefs++];
	memset(d, 0, sizeof(*d));
	d->in = in;
	d->name = name;
	if (value)
		d->value = *value;
	d->key = key;
	d->expanded = expanded;
	d->unknown = unknown;
	d->env = in->cmd == HL_DF_ENV;
	d->build_arg = build_arg;
	d->stage = P->in_stage ? (int)df->nstages - 1 : -1;
}

/* name=value pairs of ARG, ENV and LABEL, or ENV's legacy "name value". */
static void do_vars(struct parser *P, struct hl_df_instr *in)
{
	bool env = in->cmd == HL_DF_ENV;
	if (env && in->argc >= 1 &&
	    !memchr(in->argv[0].s, '=', in->argv[0].len)) {
		/* legacy ENV name value...: the rest of the line is the value
		 */
		if (in->argc < 2) {
			hl_dfp_problem(P, in->span,
				       "ENV needs a value for '%s'",
				       in->argv[0].s);
			return;
		}
		const char *a = in->args.s;
		size_t i = 0, n = in->args.len;
		while (i < n && !isspace((unsigned char)a[i]))
			i++;
		while (i < n && isspace((unsigned char)a[i]))
			i++;
		bool unk;
		const char *v = hl_dfp_expand(P, &P->scope, a + i, n - i, &unk);
		struct hl_df_text vt = hl_dfp_sub_text(P, &in->args, i, n);
		add_def(P, in, in->argv[0], &vt, in->argv[0].s, v, unk, false);
		hl_dfp_scope_set(P, &P->scope, in->argv[0].s, v, unk, true);
		return;
	}
	if (in->argc == 0) {
		hl_dfp_problem(P, in->keyword.span,
			       "%s needs at least one argument",
			       hl_df_cmd_name(in->cmd));
		return;
	}
	/* every value is expanded with the variables as they were before
	 * the instruction: ENV a=bye b=$a sets b to the old a (BuildKit) */
	const char **values = hl_arena_array(P->a, in->argc, sizeof(*values));
	bool *unknown = hl_arena_array(P->a, in->argc, sizeof(*unknown));
	const struct scope *sc = P->in_stage ? &P->scope : &P->globals;
	for (size_t k = 0; k < in->argc; k++) {
		const struct hl_df_text *w = &in->argv[k];
		const char *eq = memchr(w->s, '=', w->len);
		if (eq)
			values[k] = hl_dfp_expand(
				P, sc, eq + 1, w->len - (size_t)(eq - w->s) - 1,
				&unknown[k]);
	}
	for (size_t k = 0; k < in->argc && in->cmd != HL_DF_LABEL; k++) {
		const struct hl_df_text *w = &in->argv[k];
		const char *eq = memchr(w->s, '=', w->len);
		size_t nlen = eq ? (size_t)(eq - w->s) : w->len;
		const char *name = hl_arena_strndup(P->a, w->s, nlen);
		if (memchr(name, '"', nlen) || memchr(name, '\'', nlen)) {
			/* BuildKit expands the name too: ENV "q"=1 sets q */
			bool kunk;
			const char *k2 = hl_dfp_expand(P, sc, w->s, nlen,
						       &kunk);
			if (!kunk && *k2) {
				name = k2;
				nlen = strlen(k2);
			}
		}
		const char *value = values[k];
		bool unk = unknown[k];
		if (env && !eq) {
			hl_dfp_problem(P, w->span,
				       "ENV needs name=value pairs");
			continue;
		}
		const char *given = NULL;
		if (!env && in->cmd == HL_DF_ARG) {
			/* docker build --build-arg NAME=value wins */
			given = build_arg(P, name, nlen);
			if (given) {
				value = given;
				unk = false;
			}
		}
		{
			size_t at = eq ? (size_t)(eq - w->s) : w->len;
			struct hl_df_text nt = hl_dfp_sub_text(P, w, 0, at);
			struct hl_df_text vt;
			if (eq)
				vt = hl_dfp_sub_text(P, w, at + 1, w->len);
			add_def(P, in, nt, eq ? &vt : NULL, name,
				eq || given ? value : NULL, unk, given != NULL);
			if (P->in_stage && !env && !eq && !given) {
				const struct hl_df_var *gv = hl_dfp_var_find(
					&P->globals, name, nlen);
				P->df->defs[P->df->ndefs - 1].global_default =
					gv != NULL;
			}
		}
		if (!P->in_stage) {
			/* a global ARG */
			hl_dfp_scope_set(P, &P->globals, name, value, unk,
					 false);
			P->df->globals = P->globals.vars;
			P->df->nglobals = P->globals.n;
			continue;
		}
		if (!env && !eq && !build_arg(P, name, nlen)) {
			/* ARG name: takes the global default, if any */
			struct hl_df_var *gv = hl_dfp_var_find(&P->globals,
							       name, nlen);
			if (gv) {
				value = gv->value;
				unk = gv->unknown;
			}
		}
		hl_dfp_scope_set(P, &P->scope, name, value, unk, env);
	}
}

static void do_user(struct parser *P, struct hl_df_instr *in)
{
	struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	if (in->argc != 1) {
		hl_dfp_problem(P,
			       in->argc ? in->argv[in->argc > 1].span
					: in->keyword.span,
			       in->argc ? "USER takes one argument"
					: "USER needs a user name or id");
		if (!in->argc)
			return;
	}
	st->user = in;
	st->user_value = hl_dfp_expand(P, &P->scope, in->argv[0].s,
				       in->argv[0].len, &st->user_unknown);
	if (st->user_unknown)
		hl_dfp_unresolved(P, in->argv[0].span, "USER");
}

/* WORKDIR: relative to the one before, as BuildKit resolves it. */
static void do_workdir(struct parser *P, struct hl_df_instr *in)
{
	struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	if (!in->args.len) {
		hl_dfp_problem(P, in->keyword.span,
			       "WORKDIR needs a directory");
		return;
	}
	bool unk;
	const char *dir = hl_dfp_expand(P, &P->scope, in->args.s, in->args.len,
					&unk);
	if (unk)
		hl_dfp_unresolved(P, in->args.span, "WORKDIR");
	st->workdir = in;
	if (unk || st->workdir_unknown) {
		st->workdir_value = dir;
		st->workdir_unknown = true;
		return;
	}
	const char *prev = st->workdir_value ? st->workdir_value : "/";
	bool windows = dir[0] && dir[1] == ':'; /* C:\app */
	if (dir[0] != '/' && !windows) {
		size_t n = strlen(prev);
		dir = hl_arena_printf(P->a, "%s%s%s", prev,
				      n && prev[n - 1] == '/' ? "" : "/", dir);
	}
	st->workdir_value = dir;
}

/* HEALTHCHECK NONE | [flags] CMD command; CMD, ENTRYPOINT, SHELL: the
 * last one of a stage (or of the stages it is built on) counts. */
static void do_last(struct parser *P, struct hl_df_instr *in)
{
	struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	switch (in->cmd) {
	case HL_DF_HEALTHCHECK:
		if (in->argc == 0) {
			hl_dfp_problem(P, in->keyword.span,
				       "HEALTHCHECK needs CMD command or NONE");
			return;
		}
		if (!in->exec_form && strcasecmp(in->argv[0].s, "NONE") &&
		    strcasecmp(in->argv[0].s, "CMD"))
			hl_dfp_problem(
				P, in->argv[0].span,
				"HEALTHCHECK takes CMD or NONE, not '%s'",
				in->argv[0].s);
		else if (!in->exec_form && !strcasecmp(in->argv[0].s, "CMD") &&
			 in->argc == 1)
			hl_dfp_problem(P, in->argv[0].span,
				       "HEALTHCHECK CMD needs a command");
		st->healthcheck = in;
		break;
	case HL_DF_CMD:
		st->cmd = in;
		break;
	case HL_DF_ENTRYPOINT:
		st->entrypoint = in;
		break;
	case HL_DF_SHELL:
		if (!in->exec_form || in->argc == 0) {
			hl_dfp_problem(
				P, in->keyword.span,
				"SHELL needs the exec form: a JSON array such "
				"as "
				"[\"/bin/bash\", \"-c\"]");
			return;
		}
		st->shell = in;
		break;
	default:
		break;
	}
}

static bool posix_shell(struct parser *P)
{
	if (!P->df->nstages)
		return true; /* before FROM: the default shell */
	const struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	if (!st->shell)
		return !st->windows; /* cmd /S /C on Windows */
	return hl_sh_is_shell(hl_sh_basename(st->shell->argv[0].s));
}

/* Split what RUN runs: the exec form's argv, the shell form's text (its
 * heredocs the bodies of its <<NAME), or a heredoc that is the script. */
static void split_run(struct parser *P, struct hl_df_instr *in);

/* Split what a RUN runs into commands, within the file's budget. */
static void run_script(struct parser *P, struct hl_df_instr *in)
{
	split_run(P, in);
	if (!in->script)
		return;
	P->ncmds += in->script->ncmds;
	if (in->script->too_many)
		hl_dfp_limit(P, in->keyword.span,
			     "RUN runs more than %d shell commands or %d words "
			     "(limit); file not checked",
			     HL_SH_MAX_COMMANDS, HL_SH_MAX_WORDS);
	else if (in->script->truncated)
		hl_dfp_limit(P, in->keyword.span,
			     "RUN nests shell code deeper than %d levels "
			     "(subshells, "
			     "$( ), sh -c, heredocs; limit); file not checked",
			     HL_SH_MAX_DEPTH);
	else if (in->script->too_long)
		hl_dfp_limit(
			P, in->keyword.span,
			"RUN has a pipeline of more than %d commands (limit); "
			"file "
			"not checked",
			HL_SH_MAX_PIPELINE);
	else if (P->ncmds > HL_DF_MAX_COMMANDS)
		hl_dfp_limit(
			P, in->keyword.span,
			"the RUN instructions run more than %d shell commands "
			"in "
			"all (limit); file not checked",
			HL_DF_MAX_COMMANDS);
}

static void split_run(struct parser *P, struct hl_df_instr *in)
{
	struct hl_sh_script *sc = hl_arena_alloc(P->a, sizeof(*sc));
	if (in->exec_form) {
		if (!in->argc)
			return;
		struct hl_mtext *m = hl_arena_array(P->a, in->argc, sizeof(*m));
		struct hl_span *sp = hl_arena_array(P->a, in->argc,
						    sizeof(*sp));
		for (size_t k = 0; k < in->argc; k++) {
			m[k] = hl_df_mtext(&in->argv[k]);
			sp[k] = in->argv[k].span;
		}
		hl_sh_parse_argv(P->a, P->src, m, sp, in->argc, sc);
		in->script = sc;
		return;
	}
	if (!posix_shell(P))
		return;
	struct hl_sh_heredoc *hd = hl_arena_array(
		P->a, in->nheredocs ? in->nheredocs : 1, sizeof(*hd));
	for (size_t k = 0; k < in->nheredocs; k++) {
		hd[k].name = in->heredocs[k].name;
		hd[k].body = hl_df_mtext(&in->heredocs[k].body);
	}
	/* RUN <<EOF with no command: the body is the script (unless a
	 * shebang names another interpreter) */
	bool only_markers = in->nheredocs > 0;
	for (size_t k = 0; k < in->argc && only_markers; k++) {
		bool marker = false;
		for (size_t h = 0; h < in->nheredocs; h++)
			if (in->heredocs[h].marker.span.start.line ==
				    in->argv[k].span.start.line &&
			    in->heredocs[h].marker.span.start.col ==
				    in->argv[k].span.start.col)
				marker = true;
		only_markers = marker;
	}
	if (only_markers) {
		const struct hl_df_text *body = &in->heredocs[0].body;
		if (body->len > 2 && body->s[0] == '#' && body->s[1] == '!') {
			const char *nl = memchr(body->s, '\n', body->len);
			size_t n = nl ? (size_t)(nl - body->s) : body->len;
			char *line = hl_arena_strndup(P->a, body->s + 2, n - 2);
			char *prog = strtok(line, " \t");
			if (prog && !strcmp(hl_sh_basename(prog), "env"))
				prog = strtok(NULL, " \t");
			if (!prog || !hl_sh_is_shell(hl_sh_basename(prog)))
				return;
		}
		struct hl_mtext m = hl_df_mtext(body);
		hl_sh_parse(P->a, P->src, &m, NULL, 0, sc);
		in->script = sc;
		return;
	}
	struct hl_mtext m = hl_df_mtext(&in->args);
	hl_sh_parse(P->a, P->src, &m, hd, in->nheredocs, sc);
	in->script = sc;
}

static size_t ws_words(const char *s, size_t n)
{
	size_t words = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i < n)
			words++;
		while (i < n && !isspace((unsigned char)s[i]))
			i++;
	}
	return words;
}

/* The argument counts BuildKit insists on (USER, WORKDIR, ARG, ENV, FROM,
 * ONBUILD and SHELL are checked where they are read). */
static void check_args(struct parser *P, struct hl_df_instr *in)
{
	const char *name = hl_df_cmd_name(in->cmd);
	switch (in->cmd) {
	case HL_DF_EXPOSE:
	case HL_DF_VOLUME:
	case HL_DF_MAINTAINER:
		if (!in->argc)
			hl_dfp_problem(P, in->keyword.span,
				       "%s needs at least one argument", name);
		for (size_t k = 0; in->cmd == HL_DF_VOLUME && k < in->argc; k++)
			if (!in->argv[k].len)
				hl_dfp_problem(
					P, in->argv[k].span,
					"VOLUME: a path cannot be empty");
		break;
	case HL_DF_STOPSIGNAL:
		if (in->argc != 1)
			hl_dfp_problem(P,
				       in->argc ? in->argv[in->argc > 1].span
						: in->keyword.span,
				       "STOPSIGNAL takes exactly one signal");
		break;
	case HL_DF_ADD:
	case HL_DF_COPY:
		/* BuildKit splits these at whitespace only, quotes and all */
		if (in->argc < 2 && !in->exec_form &&
		    ws_words(in->args.s, in->args.len) >= 2)
			break;
		if (in->argc < 2)
			hl_dfp_problem(
				P,
				in->argc ? in->argv[0].span : in->keyword.span,
				"%s needs a source and a destination", name);
		break;
	case HL_DF_LABEL:
		if (!in->argc)
			hl_dfp_problem(P, in->keyword.span,
				       "LABEL needs at least one key=value");
		else if (in->argc == 1 &&
			 !memchr(in->argv[0].s, '=', in->argv[0].len))
			hl_dfp_problem(
				P, in->argv[0].span,
				"LABEL '%s' has no value (key=value, or key "
				"value)",
				in->argv[0].s);
		break;
	case HL_DF_HEALTHCHECK:
		if (!in->exec_form && in->argc > 1 &&
		    !strcasecmp(in->argv[0].s, "NONE"))
			hl_dfp_problem(P, in->argv[1].span,
				       "HEALTHCHECK NONE takes no arguments");
		break;
	default:
		break;
	}
}

/* A file with no FROM at all (a fragment, a snippet of a larger build):
 * its instructions are still judged, in a stage of an unknown base that
 * starts at the first instruction that is not an ARG. Its FROM is made
 * up (no instruction of the file), at that instruction's keyword. */
static void implicit_stage(struct parser *P, const struct hl_df_instr *at)
{
	struct hl_dockerfile *df = P->df;
	struct hl_df_instr *from = hl_arena_alloc(P->a, sizeof(*from));
	memset(from, 0, sizeof(*from));
	from->cmd = HL_DF_FROM;
	from->keyword = at->keyword;
	from->keyword.s = "FROM";
	from->keyword.len = 4;
	from->span = at->keyword.span;
	from->args = (struct hl_df_text){"", 0, at->keyword.span, NULL, 0};
	from->index = -1;
	df->stages = hl_arena_grow(P->a, df->stages, df->nstages,
				   &P->scap_stages, sizeof(*df->stages));
	struct hl_df_stage *st = &df->stages[df->nstages];
	memset(st, 0, sizeof(*st));
	st->index = (int)df->nstages;
	st->from = from;
	st->parent = -1;
	st->first = df->ninstrs;
	df->nstages++;
	from->stage = st->index;
	P->in_stage = true;
	struct hl_df_text none = {"", 0, at->keyword.span, NULL, 0};
	st->base = hl_dfp_add_image(P, &none, &P->globals, "from", from);
	df->images[st->base].unknown = true;
	hl_dfp_scope_clear(&P->scope);
}

static void dispatch(struct parser *P, struct hl_df_instr *in)
{
	struct hl_dockerfile *df = P->df;
	if (in->cmd == HL_DF_UNKNOWN)
		return;
	hl_dfp_check_flags(P, in);
	check_args(P, in);
	if (in->cmd == HL_DF_FROM) {
		do_from(P, in);
		return;
	}
	if (!P->in_stage) {
		if (in->cmd == HL_DF_ARG) {
			do_vars(P, in);
			return;
		}
		hl_dfp_problem_kind(
			P, "before-from", in->keyword.span,
			"%s before the first FROM (only ARG may come first)",
			hl_df_cmd_name(in->cmd));
		if (P->nfrom) {
			/* what it would run is still looked at */
			if (in->cmd == HL_DF_RUN)
				run_script(P, in);
			return;
		}
		implicit_stage(P, in);
		in->stage = (int)df->nstages - 1;
		if (in->wrapped)
			in->wrapped->stage = in->stage;
	}
	const struct hl_df_stage *cur = &df->stages[df->nstages - 1];
	in->shell = cur->shell;
	in->windows = cur->windows;
	if (in->wrapped) {
		in->wrapped->shell = cur->shell;
		in->wrapped->windows = cur->windows;
	}
	switch (in->cmd) {
	case HL_DF_ARG:
	case HL_DF_ENV:
	case HL_DF_LABEL:
		do_vars(P, in);
		break;
	case HL_DF_USER:
		do_user(P, in);
		break;
	case HL_DF_COPY:
	case HL_DF_ADD:
		hl_dfp_do_copy(P, in);
		break;
	case HL_DF_EXPOSE:
		/* BuildKit substitutes its arguments */
		hl_dfp_expand_argv(P, in);
		break;
	case HL_DF_RUN:
		hl_dfp_do_mounts(P, in);
		run_script(P, in);
		break;
	case HL_DF_ONBUILD:
		if (in->wrapped && in->wrapped->cmd == HL_DF_RUN)
			run_script(P, in->wrapped);
		break;
	case HL_DF_WORKDIR:
		hl_dfp_expand_argv(P, in);
		do_workdir(P, in);
		break;
	case HL_DF_HEALTHCHECK:
	case HL_DF_CMD:
	case HL_DF_ENTRYPOINT:
	case HL_DF_SHELL:
		do_last(P, in);
		break;
	default:
		break;
	}
}

void hl_dockerfile_parse(struct hl_source *src, struct hl_arena *a,
			 struct hl_dockerfile *df)
{
	hl_dockerfile_parse_opts(src, a, NULL, df);
}

void hl_dockerfile_parse_opts(struct hl_source *src, struct hl_arena *a,
			      const struct hl_df_opts *opts,
			      struct hl_dockerfile *df)
{
	struct parser P;
	memset(&P, 0, sizeof(P));
	P.opts = opts;
	memset(df, 0, sizeof(*df));
	if (src->len > HL_DF_MAX_BYTES) {
		/* said before a mapped file is read into memory */
		struct hl_diag *d = hl_arena_alloc(a, sizeof(*d));
		*d = (struct hl_diag){
			HL_ERR_TOO_BIG, src->path, 0, 0,
			hl_arena_printf(a,
					"a Dockerfile larger than the limit of "
					"%zu bytes; file not checked",
					HL_DF_MAX_BYTES)};
		df->error = d;
		df->src = src;
		return;
	}
	hl_source_unmap(src); /* the parser wants a NUL at the end */
	P.src = src;
	P.a = a;
	P.df = df;
	P.data = src->data;
	P.len = src->len;
	P.esc = '\\';
	P.budget = HL_DF_EXPANSION_BUDGET + src->len;
	hl_mtb_init(&P.lb);
	df->src = src;
	df->target = -1;
	if (P.len >= 3 && !memcmp(P.data, "\xEF\xBB\xBF", 3))
		P.pos = 3;
	hl_dfp_read_directives(&P);
	df->escape = P.esc;
	/* the platform ARGs are known to exist, with unknown values */
	for (int p = 0; platform_args[p]; p++) {
		hl_dfp_scope_set(&P, &P.globals, platform_args[p], NULL, true,
				 false);
		df->globals = P.globals.vars;
		df->nglobals = P.globals.n;
	}

	scan_stages(&P);
	size_t start, end;
	while (hl_dfp_next_line(&P, &start, &end)) {
		size_t i = hl_dfp_skip_space(P.data, start, end);
		if (i == end || P.data[i] == '#')
			continue;
		hl_dfp_read_logical(&P, i, end);
		if (df->error)
			break;
		P.line_span = hl_mtext_span(src, &P.line, 0, P.line.len);
		if (df->ninstrs == HL_DF_MAX_INSTRUCTIONS) {
			hl_dfp_limit(
				&P, P.line_span,
				"more than %d instructions; file not checked",
				HL_DF_MAX_INSTRUCTIONS);
			break;
		}
		struct hl_df_instr *in = hl_arena_alloc(a, sizeof(*in));
		if (!hl_dfp_parse_instr(&P, 0, P.line.len, in, false))
			continue;
		if (df->error)
			break; /* a limit: nothing more is made of it */
		hl_dfp_read_heredocs(&P, in->wrapped ? in->wrapped : in);
		df->instrs = hl_arena_grow(a, df->instrs, df->ninstrs, &P.icap,
					   sizeof(*df->instrs));
		df->instrs[df->ninstrs] = in;
		in->index = (int)df->ninstrs;
		if (in->wrapped)
			in->wrapped->index = -1;
		dispatch(&P, in);
		df->ninstrs++;
		if (df->error)
			break;
	}
	end_stage(&P);
	if (df->ninstrs == 0) {
		struct hl_span at = hl_source_span(src, 0, 0);
		hl_dfp_problem(&P, at, "no instructions found");
	} else if (df->nstages == 0) {
		hl_dfp_problem(&P, df->instrs[0]->keyword.span,
			       "no FROM instruction: nothing to build");
	}
	if (df->nstages)
		df->target = (int)df->nstages - 1;
	if (df->nstages && opts && opts->target) {
		int k = hl_dfp_find_stage(&P, opts->target, (int)df->nstages);
		if (k >= 0 && df->stages[k].name.s)
			df->target = k;
		else
			hl_dfp_problem(
				&P, df->stages[0].from->keyword.span,
				"no stage named '%s' (--target): the last "
				"stage "
				"is judged",
				opts->target);
	}
	hl_mtb_release(&P.lb);
}
