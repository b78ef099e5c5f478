/*
 * discover: command-line paths to inputs, directory walks, and kind
 * detection by name and content.
 */
#include "hardlint/discover.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "hardlint/buf.h"

#define WALK_DEPTH_MAX 128

static bool has_suffix(const char *s, const char *suffix, bool icase)
{
	size_t n = strlen(s), m = strlen(suffix);
	if (n < m)
		return false;
	return icase ? !strcasecmp(s + n - m, suffix)
		     : !strcmp(s + n - m, suffix);
}

/* Suffixes of templates that render to a Dockerfile: not one yet. */
static const char *const template_suffixes[] = {
	".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template", ".in",
	".erb", ".mustache", ".hbs", ".gotmpl", ".dockerignore", NULL};

enum hl_kind hl_kind_by_name(const char *b)
{
	static const char *const exact[] = {"Dockerfile", "dockerfile",
					    "Containerfile", "containerfile",
					    NULL};
	static const char *const prefixes[] = {"Dockerfile.", "dockerfile.",
					       "Containerfile.",
					       "containerfile.", "Dockerfile-",
					       "Containerfile-", NULL};
	for (int i = 0; exact[i]; i++)
		if (!strcmp(b, exact[i]))
			return HL_KIND_DOCKERFILE;
	bool dockerish = has_suffix(b, ".Dockerfile", false) ||
			 has_suffix(b, ".dockerfile", false) ||
			 has_suffix(b, ".Containerfile", false);
	for (int i = 0; prefixes[i] && !dockerish; i++)
		if (!strncmp(b, prefixes[i], strlen(prefixes[i])))
			dockerish = true;
	if (dockerish) {
		for (int i = 0; template_suffixes[i]; i++)
			if (has_suffix(b, template_suffixes[i], true))
				return HL_KIND_NONE;
		return HL_KIND_DOCKERFILE;
	}
	if (has_suffix(b, ".yaml", true) || has_suffix(b, ".yml", true) ||
	    has_suffix(b, ".json", true))
		return HL_KIND_KUBERNETES;
	return HL_KIND_NONE;
}

static const char *const instructions[] = {
	"FROM",   "ARG",        "RUN",     "CMD",     "LABEL",
	"EXPOSE", "ENV",        "ADD",     "COPY",    "ENTRYPOINT",
	"VOLUME", "USER",       "WORKDIR", "ONBUILD", "STOPSIGNAL",
	"HEALTHCHECK", "SHELL", "MAINTAINER", NULL};

enum hl_kind hl_kind_by_content(const char *d, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		size_t e = i;
		while (e < len && d[e] != '\n')
			e++;
		size_t s = i;
		while (s < e && (d[s] == ' ' || d[s] == '\t' || d[s] == '\r'))
			s++;
		i = e + 1;
		if (s == e)
			continue;
		if (d[s] == '#') {
			/* a parser directive marks a Dockerfile */
			size_t k = s + 1;
			while (k < e && (d[k] == ' ' || d[k] == '\t'))
				k++;
			if ((e - k >= 7 && !strncasecmp(d + k, "syntax=", 7)) ||
			    (e - k >= 7 && !strncasecmp(d + k, "escape=", 7)))
				return HL_KIND_DOCKERFILE;
			continue;
		}
		size_t w = s;
		while (w < e && isalpha((unsigned char)d[w]))
			w++;
		if (w == e || d[w] == ' ' || d[w] == '\t' || d[w] == '\r')
			for (int k = 0; instructions[k]; k++)
				if (strlen(instructions[k]) == w - s &&
				    !strncasecmp(d + s, instructions[k], w - s))
					return HL_KIND_DOCKERFILE;
		return HL_KIND_KUBERNETES;
	}
	return HL_KIND_KUBERNETES;
}

/* ------------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(struct hl_buf *fs, size_t root_len, int depth,
		 hl_walk_skip_fn skip, hl_walk_file_fn fn,
		 hl_discover_err_fn err, void *ctx)
{
	DIR *dir = opendir(hl_buf_str(fs));
	if (!dir) {
		if (err) {
			char msg[512];
			snprintf(msg, sizeof(msg), "cannot read directory '%s': %s",
				 hl_buf_str(fs), strerror(errno));
			err(hl_buf_str(fs), msg, ctx);
		}
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = hl_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = hl_xstrdup(de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_str);
	size_t base = fs->len;
	for (size_t i = 0; i < n; i++) {
		fs->len = base;
		if (base && fs->p[base - 1] != '/')
			hl_buf_addc(fs, '/');
		hl_buf_adds(fs, names[i]);
		struct stat st;
		if (lstat(hl_buf_str(fs), &st) != 0)
			continue;
		const char *rel = hl_buf_str(fs) + root_len;
		while (*rel == '/')
			rel++;
		if (S_ISDIR(st.st_mode)) {
			if (skip && skip(names[i], ctx))
				continue;
			if (depth >= WALK_DEPTH_MAX) {
				if (err)
					err(hl_buf_str(fs),
					    "directory tree too deep: not "
					    "walked further",
					    ctx);
				continue;
			}
			walk(fs, root_len, depth + 1, skip, fn, err, ctx);
		} else if (S_ISREG(st.st_mode)) {
			fn(hl_buf_str(fs), rel, ctx);
		} else if (S_ISLNK(st.st_mode)) {
			/* a link to a file counts; to a directory, no */
			if (stat(hl_buf_str(fs), &st) == 0 && S_ISREG(st.st_mode))
				fn(hl_buf_str(fs), rel, ctx);
		}
	}
	fs->len = base;
	if (fs->p)
		fs->p[base] = '\0';
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void hl_walk_tree(const char *dir, hl_walk_skip_fn skip_dir,
		  hl_walk_file_fn fn, hl_discover_err_fn err, void *ctx)
{
	struct hl_buf fs = HL_BUF_INIT;
	hl_buf_adds(&fs, dir);
	walk(&fs, fs.len, 0, skip_dir, fn, err, ctx);
	hl_buf_release(&fs);
}

static bool skip_dir(const char *name, void *ctx)
{
	static const char *const skipped[] = {
		".git", ".hg", ".svn", ".bzr", "_darcs", "CVS",
		"node_modules", "vendor", NULL};
	(void)ctx;
	for (int i = 0; skipped[i]; i++)
		if (!strcmp(name, skipped[i]))
			return true;
	return false;
}

struct found {
	struct hl_arena *a;
	struct hl_inputs *out;
	const char *prefix; /* printed path of the directory */
	size_t added;
	hl_discover_err_fn err;
	void *err_ctx;
};

static void on_walk_err(const char *path, const char *msg, void *ctx)
{
	struct found *f = ctx;
	f->err(path, msg, f->err_ctx);
}

static void add(struct hl_arena *a, struct hl_inputs *out, const char *fspath,
		const char *path, enum hl_kind kind, bool walked)
{
	out->v = hl_arena_grow(a, out->v, out->n, &out->cap, sizeof(*out->v));
	out->v[out->n].fspath = fspath;
	out->v[out->n].path = path;
	out->v[out->n].kind = kind;
	out->v[out->n].walked = walked;
	out->n++;
}

static void on_file(const char *fspath, const char *rel, void *ctx)
{
	struct found *f = ctx;
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	enum hl_kind kind = hl_kind_by_name(base);
	if (kind == HL_KIND_NONE)
		return;
	const char *path = *f->prefix
				   ? hl_arena_printf(f->a, "%s/%s", f->prefix, rel)
				   : hl_arena_strdup(f->a, rel);
	add(f->a, f->out, hl_arena_strdup(f->a, fspath), path, kind, true);
	f->added++;
}

static int cmp_input(const void *a, const void *b)
{
	const struct hl_input *x = a, *y = b;
	return strcmp(x->path, y->path);
}

/* The printed form of a directory argument: without a trailing slash, and
 * "." printed as nothing so that walked files read "Dockerfile". */
static const char *dir_prefix(struct hl_arena *a, const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	if (n == 1 && p[0] == '.')
		return "";
	if (n >= 2 && p[0] == '.' && p[1] == '/') {
		p += 2;
		n -= 2;
		while (n && *p == '/')
			p++, n--;
	}
	return hl_arena_strndup(a, p, n);
}

void hl_discover(struct hl_arena *a, const char *const *paths, size_t n,
		 const char *stdin_name, struct hl_inputs *out,
		 hl_discover_err_fn err, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = paths[i];
		if (!strcmp(p, "-")) {
			const char *base = strrchr(stdin_name, '/');
			base = base ? base + 1 : stdin_name;
			add(a, out, NULL, stdin_name, hl_kind_by_name(base),
			    false);
			continue;
		}
		struct stat st;
		if (stat(p, &st) != 0) {
			char msg[600];
			snprintf(msg, sizeof(msg), "cannot open '%s': %s", p,
				 strerror(errno));
			err(p, msg, ctx);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			struct found f = {a, out, dir_prefix(a, p), 0, err, ctx};
			hl_walk_tree(p, skip_dir, on_file, on_walk_err, &f);
			if (!f.added)
				out->dirs_empty++;
			continue;
		}
		const char *base = strrchr(p, '/');
		base = base ? base + 1 : p;
		const char *path = p;
		while (path[0] == '.' && path[1] == '/' && path[2])
			path += 2;
		add(a, out, p, path, hl_kind_by_name(base), false);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_input);
	/* drop duplicates (the same file named twice) */
	size_t w = 0;
	for (size_t i = 0; i < out->n; i++)
		if (!w || strcmp(out->v[w - 1].path, out->v[i].path))
			out->v[w++] = out->v[i];
	out->n = w;
}
