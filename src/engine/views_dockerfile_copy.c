/*
 * views_dockerfile_copy: what a COPY or ADD takes from the build context
 * (the instruction's `copied`, context-file records) and whether a later
 * COPY --from of a stage that ships takes what it copied (`copied-out`).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dockerfile/context.h"
#include "engine/views_dockerfile.h"

static const struct hl_node *cf_path(const struct hl_node *r)
{
	const struct hl_ctx_file *f = r->u.record->p;
	return hl_node_cstr(hl_dfv_of(r)->a, f->path, r->span);
}

static const struct hl_node *cf_private(const struct hl_node *r)
{
	const struct hl_ctx_file *f = r->u.record->p;
	return hl_node_bool(hl_dfv_of(r)->a, f->private_key, r->span);
}

enum cfile_field { CFILE_PATH, CFILE_PRIVATE_KEY, CFILE__COUNT };

static const struct hl_rfield cfile_fields[CFILE__COUNT] = {
	[CFILE_PATH] = {"path", "string",
			"its path in the context (deploy/id_rsa)"},
	[CFILE_PRIVATE_KEY] = {"private-key", "boolean",
			       "a .pem file that holds a PRIVATE KEY block"},
};

static const struct hl_node *cfile_get(const struct hl_node *r, uint32_t f)
{
	switch ((enum cfile_field)f) {
	case CFILE_PATH:
		return cf_path(r);
	case CFILE_PRIVATE_KEY:
		return cf_private(r);
	case CFILE__COUNT:
		break;
	}
	return NULL;
}

const struct hl_rtype hl_dfv_cfile_type = {
	.name = "context-file",
	.target = HL_TARGET_DOCKERFILE,
	.passes = "",
	.meaning = "a file of the build context that a COPY or ADD copies",
	.fields = cfile_fields,
	.nfields = CFILE__COUNT,
	.get = cfile_get,
};

/* Does source `src` (cleaned: no leading "./" or "/", no trailing '/';
 * "" for the whole context) take the context file `f`: it is the file, a
 * directory above it, or a pattern matching either? */
static bool takes(const char *src, bool glob, const char *f)
{
	size_t n = strlen(src);
	if (!n || !strcmp(f, src) ||
	    (!strncmp(f, src, n) && f[n] == '/'))
		return true;
	if (!glob)
		return false;
	char buf[4096];
	size_t fl = strlen(f);
	if (fl >= sizeof(buf))
		return false;
	memcpy(buf, f, fl + 1);
	for (;;) {
		if (hl_ctx_match(src, buf))
			return true;
		char *slash = strrchr(buf, '/');
		if (!slash)
			return false;
		*slash = '\0';
	}
}

const struct hl_node *hl_dfv_copied(const struct hl_node *r,
				    const struct hl_df_instr *in)
{
	struct hl_dfv *v = hl_dfv_of(r);
	struct hl_df_ctxref *cr = v->df->context;
	if ((in->cmd != HL_DF_COPY && in->cmd != HL_DF_ADD) || in->argc < 2 ||
	    !cr)
		return NULL;
	for (size_t k = 0; k < in->nflags; k++)
		if (!strcmp(in->flags[k].name.s, "from"))
			return NULL; /* from a stage or an image */
	cr->asked = true;
	if (!cr->dir)
		return NULL;
	if (!cr->ctx)
		cr->ctx = cr->read(cr->cache, cr->dir, cr->dockerfile);
	const struct hl_context *c = cr->ctx;
	struct hl_node *seq = hl_node_seq(v->a, in->argv[0].span);
	size_t pushed = 0;
	for (size_t k = 0; k + 1 < in->argc; k++) {
		const char *s = in->argv[k].s;
		/* a heredoc, a URL, a git repository, a value a variable
		 * leaves unknown: not the context's */
		if (!strncmp(s, "<<", 2) || strstr(s, "://") ||
		    !strncmp(s, "git@", 4) || strchr(s, '$'))
			continue;
		while (s[0] == '.' && s[1] == '/')
			s += 2;
		while (*s == '/')
			s++;
		size_t n = strlen(s);
		while (n && s[n - 1] == '/')
			n--;
		if (n == 1 && s[0] == '.')
			n = 0;
		char *src = hl_arena_strndup(v->a, s, n);
		bool glob = strpbrk(src, "*?[") != NULL;
		for (size_t i = 0; i < c->nfiles && pushed < HL_CTX_MAX_FILES;
		     i++)
			if (takes(src, glob, c->files[i].path)) {
				hl_seq_push(v->a, seq,
					    hl_node_record(v->a,
							   &hl_dfv_cfile_type,
							   &c->files[i], v, NULL,
							   in->argv[k].span));
				pushed++;
			}
	}
	return seq;
}

/* Is `path` (absolute) `dir` or below it? */
static bool below_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return true;
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* A COPY or ADD of a stage that does not ship, whose result a later
 * COPY --from=<that stage> of a stage that ships takes: where it put its
 * first source (its dest, made absolute with the stage's WORKDIR, and the
 * source's name when the dest is a directory) lies under a source of that
 * COPY --from. */
/* The paths shipping stages' COPY --from take from stages that do not
 * ship, made once a file: each builder COPY then looks up its own stage's,
 * instead of scanning every instruction. */
static void taken_paths(struct hl_dfv *v)
{
	const struct hl_dockerfile *df = v->df;
	size_t cap = 0;
	v->taken_made = true;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct hl_df_instr *c = df->instrs[i];
		if (c->cmd != HL_DF_COPY || !hl_dfv_ships(v, c->stage))
			continue;
		const char *from = NULL;
		for (size_t k = 0; k < c->nflags; k++)
			if (!strcmp(c->flags[k].name.s, "from"))
				from = c->flags[k].value.s;
		if (!from || strchr(from, '$'))
			continue;
		/* the stage it names: by name, or by its number */
		int stage = -1;
		bool number = *from && strspn(from, "0123456789") == strlen(from);
		for (int k = 0; k < c->stage && stage < 0; k++) {
			const char *n = df->stages[k].name.s;
			if ((n && !strcasecmp(n, from)) ||
			    (number && strtol(from, NULL, 10) == k))
				stage = k;
		}
		if (stage < 0 || hl_dfv_ships(v, stage))
			continue;
		for (size_t k = 0; k + 1 < c->argc; k++) {
			const char *s = c->argv[k].s;
			v->taken = hl_arena_grow(v->a, v->taken, v->ntaken, &cap,
						 sizeof(*v->taken));
			v->taken[v->ntaken].stage = stage;
			v->taken[v->ntaken++].path =
				s[0] == '/' ? s
					    : hl_arena_join(v->a, "/", s,
							    (char *)NULL);
		}
	}
}

const struct hl_node *hl_dfv_copied_out(const struct hl_node *r,
					const struct hl_df_instr *in)
{
	struct hl_dfv *v = hl_dfv_of(r);
	const struct hl_dockerfile *df = v->df;
	if ((in->cmd != HL_DF_COPY && in->cmd != HL_DF_ADD) || in->argc < 2 ||
	    in->stage < 0 || hl_dfv_ships(v, in->stage))
		return NULL;
	if (!v->taken_made)
		taken_paths(v);
	const char *dest = in->argv[in->argc - 1].s;
	const char *wd = df->stages[in->stage].workdir_value;
	const char *src = in->argv[0].s, *base = strrchr(src, '/');
	base = base && base[1] ? base + 1 : src;
	size_t dl = strlen(dest);
	bool dir = dl && dest[dl - 1] == '/';
	char *file = hl_arena_printf(
		v->a, "%s%s%s%s", dest[0] == '/' ? "" : (wd ? wd : "/"),
		dest[0] == '/' || (wd && wd[strlen(wd) - 1] == '/') ? "" : "/",
		dest, dir ? base : "");
	bool out = false;
	for (size_t i = 0; i < v->ntaken && !out; i++)
		out = v->taken[i].stage == in->stage &&
		      below_dir(file, v->taken[i].path);
	return hl_node_bool(v->a, out, in->keyword.span);
}

