/*
 * discover: command-line paths to inputs, and directory walks.
 */
#define _GNU_SOURCE /* qsort_r */
#include "cli/discover.h"
#include "cli/ignore.h"
#include "cli/render.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* What a walk found: files (the path walked, and the real path to open
 * when it was reached through a symlink) and refused symlinks. */
struct entry {
	char *path;
	char *open;	     /* NULL: path */
	const char *refused; /* why a symlink was not followed, or NULL */
	struct hl_file_id id; /* the file found */
};

struct walker {
	struct pathbuf fs;
	struct entry *v;
	size_t n, cap;
	size_t rel;	  /* offset of the relative path in each path */
	const char *root; /* the root's real path, or NULL */
	hl_walk_skip_fn skip;
	hl_discover_err_fn err;
	void *ctx;
};

static void found(struct walker *w, char *open, const char *refused,
		  const struct stat *st)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->v = hl_cli_realloc(w->v, w->cap * sizeof(*w->v));
	}
	struct hl_file_id id = {0, 0};
	if (st)
		id = (struct hl_file_id){(uint64_t)st->st_dev,
					 (uint64_t)st->st_ino};
	w->v[w->n++] =
		(struct entry){hl_cli_strdup(w->fs.p), open, refused, id};
}

static const char not_regular[] =
	"not a regular file (a FIFO, a socket or a device): not read";

/* Is the real path `p` below the walked root? */
static bool inside(const struct walker *w, const char *p)
{
	size_t n = w->root ? strlen(w->root) : 0;
	if (!n || strncmp(p, w->root, n))
		return false;
	return p[n] == '/' || (n == 1 && w->root[0] == '/');
}

/* A symlink the walk met (w->fs): a link to a regular file inside the
 * root is followed, and its real path is what is opened; a link that
 * leads out of the root, nowhere (dangling) or round (looping) is refused
 * and said, so that a pull request cannot make a walk read
 * ~/.git-credentials; a link to a directory is not walked, and said; one
 * to something that is not a regular file is left alone. */
const char hl_walk_dir_link[] = "a symlink to a directory: not walked "
				"(a walk never follows symlinked directories)";

static void follow(struct walker *w)
{
	char *real = realpath(w->fs.p, NULL);
	if (!real) {
		found(w, NULL,
		      errno == ELOOP ? "a symlink that loops: not followed"
				     : "a symlink that leads nowhere "
				       "(dangling): not followed",
		      NULL);
		return;
	}
	struct stat st;
	if (stat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
		free(real);
		const char *name = strrchr(w->fs.p, '/');
		name = name ? name + 1 : w->fs.p;
		if (!w->skip || !w->skip(name, w->fs.p + w->rel, w->ctx))
			found(w, NULL, hl_walk_dir_link, NULL);
		return;
	}
	if (stat(real, &st) != 0) {
		free(real);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		free(real);
		found(w, NULL, "a symlink to something that is not a regular "
			       "file (a FIFO, a socket or a device): not read",
		      NULL);
		return;
	}
	/* the file itself, opened, is what is recorded: where the kernel
	 * says it is (a directory on the way swapped meanwhile leads out) */
	int fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char where[4096];
	ssize_t n = -1;
	if (fd >= 0 && fstat(fd, &st) == 0) {
		char proc[64];
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		n = readlink(proc, where, sizeof(where) - 1);
	}
	if (fd >= 0)
		close(fd);
	if (n >= 0)
		where[n] = '\0';
	if (!inside(w, real) || fd < 0 || (n >= 0 && !inside(w, where))) {
		free(real);
		found(w, NULL,
		      "a symlink to a file outside the directory walked: not "
		      "followed",
		      NULL);
		return;
	}
	found(w, real, NULL, &st);
}

/* Walk the directory open at `dfd` (w->fs its path). Each entry is
 * looked at through the directory's descriptor, never its path, and a
 * subdirectory opened from it without following a symlink: a directory
 * swapped for a symlink while the walk runs is not entered, and what is
 * recorded (each file's device and inode) is what is inside the tree. */
static void walk(struct walker *w, int dfd, int depth)
{
	struct pathbuf *fs = &w->fs;
	DIR *dir = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!dir && dfd >= 0)
		close(dfd);
	if (!dir) {
		if (w->err) {
			char msg[512];
			snprintf(msg, sizeof(msg),
				 "cannot read directory '%s': %s", fs->p,
				 strerror(errno));
			w->err(fs->p, msg, w->ctx);
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
		if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
		    0) {
			/* a path too long, a race: said, not skipped in
			 * silence */
			if (w->err) {
				char msg[300];
				snprintf(msg, sizeof(msg), "cannot read: %s",
					 strerror(errno));
				w->err(fs->p, msg, w->ctx);
			}
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (w->skip &&
			    w->skip(de->d_name, fs->p + w->rel, w->ctx))
				continue;
			if (depth >= WALK_DEPTH_MAX) {
				if (w->err)
					w->err(fs->p,
					       "directory tree too deep: not "
					       "walked further",
					       w->ctx);
				continue;
			}
			walk(w,
			     openat(dirfd(dir), de->d_name,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					    O_CLOEXEC),
			     depth + 1);
		} else if (S_ISLNK(st.st_mode)) {
			follow(w);
		} else if (S_ISREG(st.st_mode)) {
			found(w, NULL, NULL, &st);
		} else {
			found(w, NULL, not_regular, NULL);
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
	return strcmp(((const struct entry *)a)->path + rel,
		      ((const struct entry *)b)->path + rel);
}

void hl_walk_tree(const char *dir, hl_walk_skip_fn skip_dir, hl_walk_file_fn fn,
		  hl_walk_refused_fn refused, hl_discover_err_fn err, void *ctx)
{
	struct walker w = {{NULL, 0, 0}, NULL,	   0,	0,  0,
			   NULL,	 skip_dir, err, ctx};
	path_add(&w.fs, dir);
	w.rel = w.fs.len;
	if (w.fs.len && w.fs.p[w.fs.len - 1] != '/')
		w.rel++;
	char *root = realpath(dir, NULL);
	w.root = root;
	walk(&w, open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), 0);
	free(w.fs.p);
	free(root);
	/* byte-wise order of the relative paths, whole paths compared (so
	 * x/ comes after x-y/ and x.y/, as '/' sorts after '-' and '.') */
	if (w.n > 1)
		qsort_r(w.v, w.n, sizeof(*w.v), cmp_rel, &w.rel);
	for (size_t i = 0; i < w.n; i++) {
		const struct entry *e = &w.v[i];
		if (!e->refused)
			fn(e->open ? e->open : e->path, e->path + w.rel, &e->id,
			   e->open != NULL, ctx);
		else if (refused)
			refused(e->path, e->path + w.rel, e->refused, ctx);
		free(e->path);
		free(e->open);
	}
	free(w.v);
}

struct found {
	struct hl_pool *a;
	struct hl_inputs *out;
	const char *prefix; /* printed path of the directory */
	const char *root;   /* the directory walked */
	size_t added;
	hl_discover_err_fn err, refused;
	void *err_ctx;
	struct hl_ignore_set *ignores; /* NULL: --no-ignore */
	size_t first;  /* the walk's first input in out */
	bool *linked;  /* by input from `first`: reached through a symlink */
	size_t lcap;
};

/* --render: is `dir` a chart or a kustomization? Then it is listed to
 * be rendered, and not walked. */
static bool render_job(struct hl_inputs *out, const char *dir,
		       const char *path)
{
	enum hl_render_tool t = hl_render_tool_of(dir);
	if (t == HL_RENDER_NONE)
		return false;
	if (out->nrenders == out->rcap) {
		out->rcap = out->rcap ? out->rcap * 2 : 8;
		out->renders = hl_cli_realloc(out->renders,
					      out->rcap * sizeof(*out->renders));
	}
	out->renders[out->nrenders++] =
		(struct hl_render_job){dir, path, (int)t};
	return true;
}

static bool skip_dir(const char *name, const char *rel, void *ctx)
{
	static const char *const skipped[] = {".git",	      ".hg",	".svn",
					      ".bzr",	      "_darcs", "CVS",
					      "node_modules", "vendor", NULL};
	struct found *f = ctx;
	for (int i = 0; skipped[i]; i++)
		if (!strcmp(name, skipped[i]))
			return true;
	if (f->ignores && hl_ignore_skips(f->ignores, rel, true)) {
		f->out->ignored_dirs++;
		f->out->ignored_how = hl_ignore_how(f->ignores);
		return true;
	}
	if (f->out->render) {
		const char *dir =
			strcmp(f->root, ".")
				? hl_pool_printf(f->a, "%s/%s", f->root, rel)
				: hl_pool_strdup(f->a, rel);
		const char *path =
			*f->prefix ? hl_pool_printf(f->a, "%s/%s", f->prefix, rel)
				   : hl_pool_strdup(f->a, rel);
		return render_job(f->out, dir, path);
	}
	return false;
}

static int cmp_id(const void *a, const void *b)
{
	const struct hl_file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* Each file a walk reads is read once: a symlink to a file it reads
 * under its own name, or that an earlier symlink led to, is said and
 * left out (it would repeat every finding, fingerprints and all). */
static void once_each(struct found *f)
{
	struct hl_inputs *out = f->out;
	size_t n = out->n - f->first;
	if (n < 2)
		return;
	struct hl_file_id *ids = hl_cli_realloc(NULL, n * sizeof(*ids));
	size_t direct = 0;
	for (size_t i = 0; i < n; i++)
		if (!f->linked[i])
			ids[direct++] = out->v[f->first + i].id;
	qsort(ids, direct, sizeof(*ids), cmp_id);
	size_t nids = direct, w = f->first;
	for (size_t i = 0; i < n; i++) {
		struct hl_input *in = &out->v[f->first + i];
		bool seen = false;
		if (f->linked[i]) {
			seen = bsearch(&in->id, ids, direct, sizeof(*ids),
				       cmp_id) != NULL;
			for (size_t k = direct; k < nids && !seen; k++)
				seen = !cmp_id(&ids[k], &in->id);
			if (!seen)
				ids[nids++] = in->id;
		}
		if (seen) {
			if (f->refused)
				f->refused(in->path,
					   "a symlink to a file this walk "
					   "reads already: read once",
					   f->err_ctx);
			continue;
		}
		out->v[w++] = *in;
	}
	out->n = w;
	free(ids);
}

static void on_walk_err(const char *path, const char *msg, void *ctx)
{
	struct found *f = ctx;
	f->err(path, msg, f->err_ctx);
}

static void add(struct hl_inputs *out, const char *fspath, const char *path,
		enum hl_kind kind, bool walked, const struct hl_file_id *id)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->v = hl_cli_realloc(out->v, out->cap * sizeof(*out->v));
	}
	out->v[out->n].fspath = fspath;
	out->v[out->n].path = path;
	out->v[out->n].kind = kind;
	out->v[out->n].walked = walked;
	out->v[out->n].id = id ? *id : (struct hl_file_id){0, 0};
	out->n++;
}

/* A linter's own configuration (hardlint's, and the peers' a team moving
 * over still has): never a manifest. */
static bool linter_config(const char *base)
{
	static const char *const names[] = {
		".hardlint.yaml",    ".hardlint.yml",	  ".hadolint.yaml",
		".hadolint.yml",     ".kube-linter.yaml", ".kube-linter.yml",
		NULL};
	for (int i = 0; names[i]; i++)
		if (!strcmp(base, names[i]))
			return true;
	return false;
}

/* The printed path of what a walk found at `rel`, if its name is one
 * hardlint reads (else NULL). */
static const char *printed(struct found *f, const char *rel, enum hl_kind *kind)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	*kind = hl_kind_by_name(base);
	if (*kind == HL_KIND_NONE || linter_config(base))
		return NULL;
	return *f->prefix ? hl_pool_printf(f->a, "%s/%s", f->prefix, rel)
			  : hl_pool_strdup(f->a, rel);
}

static void on_file(const char *fspath, const char *rel,
		    const struct hl_file_id *id, bool linked, void *ctx)
{
	struct found *f = ctx;
	enum hl_kind kind;
	const char *path = printed(f, rel, &kind);
	if (!path)
		return;
	if (f->ignores && hl_ignore_skips(f->ignores, rel, false)) {
		f->out->ignored++;
		f->out->ignored_how = hl_ignore_how(f->ignores);
		return;
	}
	add(f->out, hl_pool_strdup(f->a, fspath), path, kind, true, id);
	size_t k = f->out->n - 1 - f->first;
	if (k >= f->lcap) {
		f->lcap = f->lcap ? 2 * f->lcap : 64;
		f->linked = hl_cli_realloc(f->linked,
					   f->lcap * sizeof(*f->linked));
	}
	f->linked[k] = linked;
	f->added++;
}

/* A symlink the walk did not follow: said, if its name is one hardlint
 * would have read. */
static void on_refused(const char *fspath, const char *rel, const char *reason,
		       void *ctx)
{
	(void)fspath;
	struct found *f = ctx;
	enum hl_kind kind;
	const char *path = printed(f, rel, &kind);
	if (f->ignores &&
	    hl_ignore_skips(f->ignores, rel, reason == hl_walk_dir_link))
		return; /* the repository ignores it */
	if (reason == hl_walk_dir_link) /* whatever its name */
		path = *f->prefix ? hl_pool_printf(f->a, "%s/%s", f->prefix, rel)
				  : hl_pool_strdup(f->a, rel);
	if (path && f->refused)
		f->refused(path, reason, f->err_ctx);
}

static int cmp_input(const void *a, const void *b)
{
	const struct hl_input *x = a, *y = b;
	return strcmp(x->path, y->path);
}

static int cmp_job(const void *a, const void *b)
{
	const struct hl_render_job *x = a, *y = b;
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
		 hl_discover_err_fn err, hl_discover_err_fn refused, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = paths[i];
		if (!strcmp(p, "-")) {
			/* standard input's kind comes from its content */
			add(out, NULL, stdin_name, HL_KIND_NONE, false, NULL);
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
			if (out->render &&
			    render_job(out, p,
				       *dir_prefix(a, p) ? dir_prefix(a, p)
							 : "."))
				continue;
			struct found f = {.a = a,
					  .out = out,
					  .prefix = dir_prefix(a, p),
					  .root = p,
					  .err = err,
					  .refused = refused,
					  .err_ctx = ctx,
					  .first = out->n};
			if (!out->no_ignore)
				f.ignores = hl_ignore_open(p);
			hl_walk_tree(p, skip_dir, on_file, on_refused,
				     on_walk_err, &f);
			once_each(&f);
			free(f.linked);
			hl_ignore_close(f.ignores);
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
		add(out, p, path, hl_kind_by_name(base), false, NULL);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_input);
	if (out->nrenders > 1)
		qsort(out->renders, out->nrenders, sizeof(*out->renders),
		      cmp_job);
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
