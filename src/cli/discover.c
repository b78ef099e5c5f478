/*
 * discover: command-line paths to inputs, and directory walks.
 */
#define _GNU_SOURCE /* qsort_r */
#include "cli/discover.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "output/mem.h"

#define WALK_DEPTH_MAX 128

/* ------------------------------------------------------------------ */

/* A path being built, one directory level at a time. */
struct pathbuf {
	char *p;
	size_t len, cap;
};

static void path_add(struct pathbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->p = hl_cli_realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

/* Files a walk found: paths to open, and where each relative part starts. */
struct files {
	char **paths;
	size_t n, cap;
	size_t rel; /* offset of the relative path in every entry */
};

static void walk(struct pathbuf *fs, struct files *out, int depth,
		 hl_walk_skip_fn skip, hl_discover_err_fn err, void *ctx)
{
	DIR *dir = opendir(fs->p);
	if (!dir) {
		if (err) {
			char msg[512];
			snprintf(msg, sizeof(msg),
				 "cannot read directory '%s': %s",
				 fs->p, strerror(errno));
			err(fs->p, msg, ctx);
		}
		return;
	}
	size_t base = fs->len;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		fs->len = base;
		fs->p[base] = '\0';
		if (base && fs->p[base - 1] != '/')
			path_add(fs, "/");
		path_add(fs, de->d_name);
		struct stat st;
		if (lstat(fs->p, &st) != 0) {
			/* a path too long, a race: said, not skipped in
			 * silence */
			if (err) {
				char msg[300];
				snprintf(msg, sizeof(msg), "cannot read: %s",
					 strerror(errno));
				err(fs->p, msg, ctx);
			}
			continue;
		}
		bool file = S_ISREG(st.st_mode);
		if (S_ISDIR(st.st_mode)) {
			if (skip && skip(de->d_name, ctx))
				continue;
			if (depth >= WALK_DEPTH_MAX) {
				if (err)
					err(fs->p,
					    "directory tree too deep: not "
					    "walked further",
					    ctx);
				continue;
			}
			walk(fs, out, depth + 1, skip, err, ctx);
		} else if (S_ISLNK(st.st_mode)) {
			/* a link to a file counts; to a directory, no */
			file = stat(fs->p, &st) == 0 &&
			       S_ISREG(st.st_mode);
		}
		if (file) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 64;
				out->paths = hl_cli_realloc(
					out->paths, out->cap * sizeof(char *));
			}
			out->paths[out->n++] = hl_cli_strdup(fs->p);
		}
	}
	closedir(dir);
	fs->len = base;
	if (fs->p)
		fs->p[base] = '\0';
}

static int cmp_rel(const void *a, const void *b, void *ctx)
{
	size_t rel = *(const size_t *)ctx;
	return strcmp(*(char *const *)a + rel, *(char *const *)b + rel);
}

void hl_walk_tree(const char *dir, hl_walk_skip_fn skip_dir, hl_walk_file_fn fn,
		  hl_discover_err_fn err, void *ctx)
{
	struct pathbuf fs = {NULL, 0, 0};
	path_add(&fs, dir);
	struct files found = {NULL, 0, 0, fs.len};
	if (fs.len && fs.p[fs.len - 1] != '/')
		found.rel++;
	walk(&fs, &found, 0, skip_dir, err, ctx);
	free(fs.p);
	/* byte-wise order of the relative paths, whole paths compared (so
	 * x/ comes after x-y/ and x.y/, as '/' sorts after '-' and '.') */
	if (found.n > 1)
		qsort_r(found.paths, found.n, sizeof(char *), cmp_rel,
			&found.rel);
	for (size_t i = 0; i < found.n; i++) {
		fn(found.paths[i], found.paths[i] + found.rel, ctx);
		free(found.paths[i]);
	}
	free(found.paths);
}

static bool skip_dir(const char *name, void *ctx)
{
	static const char *const skipped[] = {".git",	      ".hg",	".svn",
					      ".bzr",	      "_darcs", "CVS",
					      "node_modules", "vendor", NULL};
	(void)ctx;
	for (int i = 0; skipped[i]; i++)
		if (!strcmp(name, skipped[i]))
			return true;
	return false;
}

struct found {
	struct hl_pool *a;
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

static void add(struct hl_inputs *out, const char *fspath, const char *path,
		enum hl_kind kind, bool walked)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->v = hl_cli_realloc(out->v, out->cap * sizeof(*out->v));
	}
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
				   ? hl_pool_printf(f->a, "%s/%s", f->prefix, rel)
				   : hl_pool_strdup(f->a, rel);
	add(f->out, hl_pool_strdup(f->a, fspath), path, kind, true);
	f->added++;
}

static int cmp_input(const void *a, const void *b)
{
	const struct hl_input *x = a, *y = b;
	return strcmp(x->path, y->path);
}

/* The printed form of a directory argument: without a trailing slash, and
 * "." printed as nothing so that walked files read "Dockerfile". */
static const char *dir_prefix(struct hl_pool *a, const char *p)
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
	return hl_pool_strndup(a, p, n);
}

void hl_discover(struct hl_pool *a, const char *const *paths, size_t n,
		 const char *stdin_name, struct hl_inputs *out,
		 hl_discover_err_fn err, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = paths[i];
		if (!strcmp(p, "-")) {
			/* standard input's kind comes from its content */
			add(out, NULL, stdin_name, HL_KIND_NONE, false);
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
			struct found f = {a, out, dir_prefix(a, p),
					  0, err, ctx};
			hl_walk_tree(p, skip_dir, on_file, on_walk_err, &f);
			if (!f.added)
				out->dirs_empty++;
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			/* a FIFO would wait for a writer, a device may never
			 * end: refused, with what to do instead */
			char msg[700];
			snprintf(msg, sizeof(msg),
				 "'%s' is not a regular file (a FIFO, a device "
				 "or a socket): not read; pipe it in with "
				 "`hardlint -` instead",
				 p);
			err(p, msg, ctx);
			continue;
		}
		const char *base = strrchr(p, '/');
		base = base ? base + 1 : p;
		const char *path = p;
		while (path[0] == '.' && path[1] == '/' && path[2]) {
			path += 2;
			while (path[0] == '/' && path[1])
				path++;
		}
		add(out, p, path, hl_kind_by_name(base), false);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_input);
	/* drop duplicates: the same file named twice (standard input whose
	 * printed name is a file's is not that file) */
	size_t w = 0;
	for (size_t i = 0; i < out->n; i++) {
		const struct hl_input *prev = w ? &out->v[w - 1] : NULL;
		if (prev && !strcmp(prev->path, out->v[i].path) &&
		    !prev->fspath == !out->v[i].fspath)
			continue;
		out->v[w++] = out->v[i];
	}
	out->n = w;
}
