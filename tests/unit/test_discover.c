/*
 * Unit tests for discover: kinds by name and by content, the directory
 * walk, and command-line paths to inputs, on a temporary tree made under
 * /tmp (removed again by the group teardown).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/discover.h"
#include "cli/ignore.h"
#include "core/kind.h"

static const char *kind_name(enum hl_kind k)
{
	switch (k) {
	case HL_KIND_NONE:
		return "NONE";
	case HL_KIND_DOCKERFILE:
		return "DOCKERFILE";
	case HL_KIND_KUBERNETES:
		return "KUBERNETES";
	default:
		return "?";
	}
}

/* Table loops run every case and fail at the end, so that one run shows
 * every case that fails; these print the case and return false. */
static bool check_kind(const char *input, enum hl_kind got, enum hl_kind want)
{
	if (got == want)
		return true;
	print_error("for \"%s\": got %s, want %s\n", input, kind_name(got),
		    kind_name(want));
	return false;
}

static bool check_size(const char *what, const char *field, size_t got,
		       size_t want)
{
	if (got == want)
		return true;
	print_error("%s: %s is %zu, want %zu\n", what, field, got, want);
	return false;
}

/* ------------------------------------------------------------------ */
/* kinds                                                              */

static void test_kind_by_name(void **state)
{
	static const struct {
		const char *name;
		enum hl_kind want;
	} cases[] = {
		{"Dockerfile", HL_KIND_DOCKERFILE},
		{"dockerfile", HL_KIND_DOCKERFILE},
		{"Containerfile", HL_KIND_DOCKERFILE},
		{"containerfile", HL_KIND_DOCKERFILE},
		{"Dockerfile.prod", HL_KIND_DOCKERFILE},
		{"Containerfile.dev", HL_KIND_DOCKERFILE},
		{"Dockerfile-dev", HL_KIND_DOCKERFILE},
		{"Containerfile-dev", HL_KIND_DOCKERFILE},
		{"app.Dockerfile", HL_KIND_DOCKERFILE},
		{"app.dockerfile", HL_KIND_DOCKERFILE},
		{"app.Containerfile", HL_KIND_DOCKERFILE},
		{"Dockerfile.prod.arm64", HL_KIND_DOCKERFILE},
		/* the Dockerfile.<suffix> convention: any suffix that is not a
		 * template's, so dockerfile.txt counts (as in trivy) */
		{"dockerfile.txt", HL_KIND_DOCKERFILE},
		/* lower-case spellings of the same conventions */
		{"dockerfile-dev", HL_KIND_DOCKERFILE},
		{"app.containerfile", HL_KIND_DOCKERFILE},
		/* templates that render to a Dockerfile are not one yet */
		{"Dockerfile.j2", HL_KIND_NONE},
		{"Dockerfile.tmpl", HL_KIND_NONE},
		{"Dockerfile.in", HL_KIND_NONE},
		{"Dockerfile.dockerignore", HL_KIND_NONE},
		{"Dockerfile.template", HL_KIND_NONE},
		{"Dockerfile.prod.J2", HL_KIND_NONE},
		{"app.Dockerfile.tpl", HL_KIND_NONE},
		{"Containerfile.jinja2", HL_KIND_NONE},
		{"x.yaml", HL_KIND_KUBERNETES},
		{"dockerfile-lint.yml", HL_KIND_KUBERNETES},
		{"Dockerfile.k8s.yaml", HL_KIND_KUBERNETES},
		{"api.Dockerfile.json", HL_KIND_KUBERNETES},
		{"x.yml", HL_KIND_KUBERNETES},
		{"x.json", HL_KIND_KUBERNETES},
		{"X.YAML", HL_KIND_KUBERNETES},
		{"deploy.Yml", HL_KIND_KUBERNETES},
		{".yaml", HL_KIND_KUBERNETES},
		{"README.md", HL_KIND_NONE},
		{"Makefile", HL_KIND_NONE},
		{"DOCKERFILE", HL_KIND_DOCKERFILE}, /* any case */
		{"MyDockerfile", HL_KIND_NONE},
		{"Dockerfiles", HL_KIND_NONE},
		{"x.yaml.bak", HL_KIND_NONE},
		{"yaml", HL_KIND_NONE},
		{"", HL_KIND_NONE},
	};
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		bad += !check_kind(cases[i].name,
				   hl_kind_by_name(cases[i].name),
				   cases[i].want);
	assert_int_equal(bad, 0);
}

static void test_kind_by_content(void **state)
{
	static const struct {
		const char *text;
		enum hl_kind want;
	} cases[] = {
		{"FROM alpine", HL_KIND_DOCKERFILE},
		{"  from alpine", HL_KIND_DOCKERFILE},
		{"# comment\nRUN x", HL_KIND_DOCKERFILE},
		{"# syntax=docker/dockerfile:1\n", HL_KIND_DOCKERFILE},
		{"# escape=`\n", HL_KIND_DOCKERFILE},
		{"#syntax=docker/dockerfile:1.7\nFROM x", HL_KIND_DOCKERFILE},
		/* BuildKit allows spaces around '=' in a directive */
		{"# syntax = docker/dockerfile:1\n", HL_KIND_DOCKERFILE},
		{"\n\n\t\nARG V=1\nFROM x:$V", HL_KIND_DOCKERFILE},
		{"FROM\talpine", HL_KIND_DOCKERFILE},
		{"FROM alpine\r\nRUN x\r\n", HL_KIND_DOCKERFILE},
		{"\xEF\xBB\xBF"
		 "FROM alpine",
		 HL_KIND_DOCKERFILE},
		{"MAINTAINER me", HL_KIND_DOCKERFILE},
		{"healthcheck NONE", HL_KIND_DOCKERFILE},
		{"apiVersion: v1\nkind: Pod", HL_KIND_KUBERNETES},
		{"{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}",
		 HL_KIND_KUBERNETES},
		{"---\n", HL_KIND_KUBERNETES},
		{"FROM: x", HL_KIND_KUBERNETES},
		{"from:\n  - alpine", HL_KIND_KUBERNETES},
		{"RUN=1", HL_KIND_KUBERNETES},
		{"# just a comment\n", HL_KIND_KUBERNETES},
		{"# a comment\nkind: Pod", HL_KIND_KUBERNETES},
		{"FROMX alpine", HL_KIND_KUBERNETES},
		{"", HL_KIND_KUBERNETES},
		{"   \n\n", HL_KIND_KUBERNETES},
	};
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		bad += !check_kind(cases[i].text,
				   hl_kind_by_content(cases[i].text,
						      strlen(cases[i].text)),
				   cases[i].want);
	/* only `len` bytes are looked at */
	bad += !check_kind("FROM alpine (len 0)",
			   hl_kind_by_content("FROM alpine", 0),
			   HL_KIND_KUBERNETES);
	bad += !check_kind("kind: x\\nFROM a (len 8)",
			   hl_kind_by_content("kind: x\nFROM a", 8),
			   HL_KIND_KUBERNETES);
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* a temporary tree                                                   */

struct tree {
	char base[64]; /* mkdtemp'd directory: holds t/ and o/ */
	int cwd;       /* where the test run started, to come back to */
};

/* Entries below base: a trailing '/' makes a directory, "x -> y" a
 * symbolic link, anything else a file. */
static const char *const tree_entries[] = {
	"t/",
	"t/Dockerfile",
	"t/B.yaml",
	"t/app.Dockerfile",
	"t/a/",
	"t/a/Dockerfile",
	"t/a/x.yaml",
	"t/a/notes.txt",
	"t/a/sub/",
	"t/a/sub/deep/",
	"t/a/sub/deep/k8s.yml",
	"t/.git/",
	"t/.git/Dockerfile",
	"t/.git/config.yaml",
	"t/node_modules/",
	"t/node_modules/pkg/",
	"t/node_modules/pkg/Dockerfile",
	"t/vendor/",
	"t/vendor/Dockerfile",
	"t/sub/",
	"t/sub/vendor.yaml",
	"t/sub/Dockerfile.j2",
	"t/docs/",
	"t/docs/README.md",
	"t/linkdir -> a",
	"t/link.yaml -> a/notes.txt", /* a file the walk does not read */
	"t/dangling.yaml -> not-there.yaml",
	/* symlinks a walk follows only inside the directory walked */
	"l/",
	"l/Dockerfile",
	"l/in/",
	"l/in/x.yaml",
	"l/in/app.conf",
	"l/in/conf.yaml -> app.conf",
	"l/in/inside.yaml -> x.yaml",
	"l/in/up.yaml -> ../Dockerfile",
	"l/in/loop.yaml -> loop.yaml",
	"l/in/out.yaml -> /etc/passwd",
	"l/in/notes.txt -> /etc/passwd",
	/* an empty directory, apart: walks of t/ must not enter it (see
	 * test_empty_directory) */
	"e/",
	/* names whose byte order differs from their paths' byte order */
	"o/",
	"o/x/",
	"o/x/Dockerfile",
	"o/x-y/",
	"o/x-y/Dockerfile",
	"o/x.y/",
	"o/x.y/Dockerfile",
};

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	strcpy(t->base, "/tmp/hardlint-discover-XXXXXX");
	if (!mkdtemp(t->base)) {
		free(t);
		return -1;
	}
	t->cwd = open(".", O_RDONLY | O_DIRECTORY);
	if (t->cwd < 0 || chdir(t->base) != 0) {
		free(t);
		return -1;
	}
	for (size_t i = 0; i < sizeof(tree_entries) / sizeof(*tree_entries);
	     i++) {
		const char *e = tree_entries[i];
		const char *arrow = strstr(e, " -> ");
		size_t n = strlen(e);
		char path[256];
		if (arrow) {
			snprintf(path, sizeof(path), "%.*s", (int)(arrow - e),
				 e);
			if (symlink(arrow + 4, path) != 0)
				return -1;
		} else if (e[n - 1] == '/') {
			snprintf(path, sizeof(path), "%.*s", (int)(n - 1), e);
			if (mkdir(path, 0755) != 0)
				return -1;
		} else {
			FILE *f = fopen(e, "w");
			if (!f)
				return -1;
			fputs("FROM alpine\n", f);
			fclose(f);
		}
	}
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	if (!t)
		return 0;
	int rc = 0;
	if (fchdir(t->cwd) != 0)
		rc = -1;
	close(t->cwd);
	if (nftw(t->base, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		rc = -1;
	free(t);
	return rc;
}

/* Every test starts in base/<dir>. */
static void enter(const struct tree *t, const char *dir)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", t->base, dir);
	assert_int_equal(chdir(path), 0);
}

/* ------------------------------------------------------------------ */
/* hl_walk_tree                                                       */

#define MAXF 24

struct visits {
	const char *dir;
	size_t n;
	char rel[MAXF][64];
	size_t nerr;
	bool bad_fspath;
	size_t nref;
	char refused[MAXF][96]; /* "rel: reason" */
};

/* fspath is dir/rel, or for a symlink the real path of what it leads to
 * (and then `linked`) */
static void on_visit(const char *fspath, const char *rel,
		     const struct hl_file_id *id, bool linked, void *ctx)
{
	(void)id;
	struct visits *v = ctx;
	char want[256];
	snprintf(want, sizeof(want), "%s/%s", v->dir, rel);
	struct stat st;
	char *real = NULL;
	if (lstat(want, &st) == 0 && S_ISLNK(st.st_mode))
		real = realpath(want, NULL);
	if (strcmp(fspath, real ? real : want) || linked != (real != NULL))
		v->bad_fspath = true;
	free(real);
	if (v->n < MAXF)
		snprintf(v->rel[v->n], sizeof(v->rel[0]), "%s", rel);
	v->n++;
}

static void on_walk_err(const char *path, const char *msg, void *ctx)
{
	struct visits *v = ctx;
	(void)path, (void)msg;
	v->nerr++;
}

/* keeps the first word of why ("outside", "loops", "nowhere") */
static void on_walk_refused(const char *fspath, const char *rel,
			    const char *reason, void *ctx)
{
	struct visits *v = ctx;
	(void)fspath;
	const char *why = strstr(reason, "outside")   ? "outside"
			  : strstr(reason, "loops")   ? "loops"
			  : strstr(reason, "nowhere") ? "nowhere"
			  : reason == hl_walk_dir_link ? "directory"
						      : reason;
	if (v->nref < MAXF)
		snprintf(v->refused[v->nref], sizeof(v->refused[0]), "%s: %s",
			 rel, why);
	v->nref++;
}

static bool skip_vcs(const char *name, const char *rel, void *ctx)
{
	(void)ctx;
	(void)rel;
	return !strcmp(name, ".git") || !strcmp(name, "node_modules") ||
	       !strcmp(name, "vendor");
}

static bool skip_a(const char *name, const char *rel, void *ctx)
{
	(void)ctx;
	(void)rel;
	return !strcmp(name, "a") || !strcmp(name, ".git") ||
	       !strcmp(name, "node_modules") || !strcmp(name, "vendor") ||
	       !strcmp(name, "docs");
}

static bool check_list(const char *what, const char *const *want, size_t n,
		       const char *got, size_t stride, size_t ngot)
{
	bool same = n == ngot;
	for (size_t i = 0; same && i < n; i++)
		same = !strcmp(want[i], got + i * stride);
	if (same)
		return true;
	print_error("%s:\n", what);
	for (size_t i = 0; i < n || i < ngot; i++)
		print_error("  [%zu] got %-28s want %s\n", i,
			    i < ngot && i < MAXF ? got + i * stride : "-",
			    i < n ? want[i] : "-");
	return false;
}

static void test_walk_tree(void **state)
{
	static const struct {
		const char *dir;
		hl_walk_skip_fn skip;
		const char *want[MAXF];
	} cases[] = {
		{"t/a",
		 skip_vcs,
		 {"Dockerfile", "notes.txt", "sub/deep/k8s.yml", "x.yaml"}},
		/* every regular file and link to one; no link to a dir; the
		 * skip function prunes by name */
		{"t",
		 skip_vcs,
		 {"B.yaml", "Dockerfile", "a/Dockerfile", "a/notes.txt",
		  "a/sub/deep/k8s.yml", "a/x.yaml", "app.Dockerfile",
		  "docs/README.md", "link.yaml", "sub/Dockerfile.j2",
		  "sub/vendor.yaml"}},
		{"t",
		 skip_a,
		 {"B.yaml", "Dockerfile", "app.Dockerfile", "link.yaml",
		  "sub/Dockerfile.j2", "sub/vendor.yaml"}},
		/* no skip function: nothing is pruned */
		{"t",
		 NULL,
		 {".git/Dockerfile", ".git/config.yaml", "B.yaml", "Dockerfile",
		  "a/Dockerfile", "a/notes.txt", "a/sub/deep/k8s.yml",
		  "a/x.yaml", "app.Dockerfile", "docs/README.md", "link.yaml",
		  "node_modules/pkg/Dockerfile", "sub/Dockerfile.j2",
		  "sub/vendor.yaml", "vendor/Dockerfile"}},
		{"t/",
		 skip_vcs,
		 {"B.yaml", "Dockerfile", "a/Dockerfile", "a/notes.txt",
		  "a/sub/deep/k8s.yml", "a/x.yaml", "app.Dockerfile",
		  "docs/README.md", "link.yaml", "sub/Dockerfile.j2",
		  "sub/vendor.yaml"}},
		/* byte-wise order of the relative path: "x-y/" and "x.y/"
		 * come before "x/" since '-' and '.' sort before '/' */
		{"o",
		 NULL,
		 {"x-y/Dockerfile", "x.y/Dockerfile", "x/Dockerfile"}},
	};
	struct tree *t = *state;
	enter(t, ".");
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct visits v;
		memset(&v, 0, sizeof(v));
		v.dir = cases[i].dir;
		size_t dl = strlen(v.dir);
		char dir[64];
		snprintf(dir, sizeof(dir), "%s", v.dir);
		if (dl > 1 && dir[dl - 1] == '/')
			dir[dl - 1] = '\0'; /* fspath has one slash */
		v.dir = dir;
		hl_walk_tree(cases[i].dir, cases[i].skip, on_visit,
			     on_walk_refused, on_walk_err, &v);
		size_t n = 0;
		while (n < MAXF && cases[i].want[n])
			n++;
		char what[128];
		snprintf(what, sizeof(what), "walk of '%s' (case %zu)",
			 cases[i].dir, i);
		bad += !check_list(what, cases[i].want, n, &v.rel[0][0],
				   sizeof(v.rel[0]), v.n);
		bad += !check_size(what, "fspath != dir/rel", v.bad_fspath, 0);
		bad += !check_size(what, "errors", v.nerr, 0);
	}
	assert_int_equal(bad, 0);
}

/* A walk never reads outside its root: a symlink to a file is followed
 * only when the file is inside the directory walked (a pull request's
 * `Dockerfile.creds -> ~/.git-credentials` is refused, and said); links
 * that loop or lead nowhere are said too, and so are symlinked
 * directories, which a walk never enters. */
static void test_walk_links(void **state)
{
	static const struct {
		const char *dir;
		const char *want[MAXF];
		const char *refused[MAXF];
	} cases[] = {
		{"l/in",
		 {"app.conf", "conf.yaml", "inside.yaml", "x.yaml"},
		 {"loop.yaml: loops", "notes.txt: outside", "out.yaml: outside",
		  "up.yaml: outside"}},
		/* from one level up, ../Dockerfile is inside */
		{"l",
		 {"Dockerfile", "in/app.conf", "in/conf.yaml", "in/inside.yaml",
		  "in/up.yaml", "in/x.yaml"},
		 {"in/loop.yaml: loops", "in/notes.txt: outside",
		  "in/out.yaml: outside"}},
		/* a symlinked directory is not walked, and said */
		{"t/", {NULL}, {"dangling.yaml: nowhere", "linkdir: directory"}},
	};
	struct tree *t = *state;
	enter(t, ".");
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct visits v;
		memset(&v, 0, sizeof(v));
		char dir[64];
		snprintf(dir, sizeof(dir), "%s", cases[i].dir);
		size_t dl = strlen(dir);
		if (dl > 1 && dir[dl - 1] == '/')
			dir[dl - 1] = '\0';
		v.dir = dir;
		hl_walk_tree(cases[i].dir, skip_vcs, on_visit, on_walk_refused,
			     on_walk_err, &v);
		char what[128];
		snprintf(what, sizeof(what), "links walking '%s'", dir);
		size_t n = 0, nr = 0;
		while (n < MAXF && cases[i].want[n])
			n++;
		while (nr < MAXF && cases[i].refused[nr])
			nr++;
		if (cases[i].want[0]) /* t/ has more: only its refusals */
			bad += !check_list(what, cases[i].want, n, &v.rel[0][0],
					   sizeof(v.rel[0]), v.n);
		bad += !check_list(what, cases[i].refused, nr, &v.refused[0][0],
				   sizeof(v.refused[0]), v.nref);
		bad += !check_size(what, "fspath", v.bad_fspath, 0);
		bad += !check_size(what, "errors", v.nerr, 0);
	}
	assert_int_equal(bad, 0);
}

static void test_walk_tree_errors(void **state)
{
	struct tree *t = *state;
	enter(t, ".");
	static const char *const dirs[] = {"not-there", "t/Dockerfile",
					   "t/dangling.yaml"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct visits v;
		memset(&v, 0, sizeof(v));
		v.dir = dirs[i];
		hl_walk_tree(dirs[i], NULL, on_visit, NULL, on_walk_err, &v);
		assert_int_equal(v.n, 0);
		assert_int_equal(v.nerr, 1);
	}
	/* a NULL error callback is allowed */
	struct visits v;
	memset(&v, 0, sizeof(v));
	hl_walk_tree("not-there", NULL, on_visit, NULL, NULL, &v);
	assert_int_equal(v.n, 0);
}

/* ------------------------------------------------------------------ */
/* hl_discover                                                        */

struct errs {
	size_t n;
	char path[128];
	char msg[256];
};

static void on_err(const char *path, const char *msg, void *ctx)
{
	struct errs *e = ctx;
	e->n++;
	snprintf(e->path, sizeof(e->path), "%s", path);
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
}

#define T_ALL(p)                                                              \
	p "B.yaml", p "Dockerfile", p "a/Dockerfile", p "a/sub/deep/k8s.yml", \
		p "a/x.yaml", p "app.Dockerfile", p "link.yaml",              \
		p "sub/vendor.yaml"

/* Command-line paths into printed inputs, in order, with what is said
 * about them. Long: a table of cases, and the loop that checks them. */
static void test_discover_paths(void **state)
{
	static const struct {
		const char *cwd; /* below base */
		const char *args[4];
		const char *want[MAXF]; /* printed paths, in order */
		size_t dirs_empty;
		size_t nerr;
	} cases[] = {
		/* "." prints paths without "./" */
		{"t", {"."}, {T_ALL("")}, 0, 0},
		{"t", {"./"}, {T_ALL("")}, 0, 0},
		{"t", {".", "./Dockerfile"}, {T_ALL("")}, 0, 0},
		{"t",
		 {"./a"},
		 {"a/Dockerfile", "a/sub/deep/k8s.yml", "a/x.yaml"},
		 0,
		 0},
		{"t",
		 {"a/"},
		 {"a/Dockerfile", "a/sub/deep/k8s.yml", "a/x.yaml"},
		 0,
		 0},
		/* a directory argument prefixes what it finds */
		{".", {"t"}, {T_ALL("t/")}, 0, 0},
		{".", {"t/"}, {T_ALL("t/")}, 0, 0},
		{".", {"./t"}, {T_ALL("t/")}, 0, 0},
		{".",
		 {"t/a/", "t/a/Dockerfile", "t/a"},
		 {"t/a/Dockerfile", "t/a/sub/deep/k8s.yml", "t/a/x.yaml"},
		 0,
		 0},
		/* a symlinked directory named on the command line is walked */
		{".",
		 {"t/linkdir"},
		 {"t/linkdir/Dockerfile", "t/linkdir/sub/deep/k8s.yml",
		  "t/linkdir/x.yaml"},
		 0,
		 0},
		/* the final list is sorted byte-wise by printed path */
		{".",
		 {"o"},
		 {"o/x-y/Dockerfile", "o/x.y/Dockerfile", "o/x/Dockerfile"},
		 0,
		 0},
		{".",
		 {"t/a", "o"},
		 {"o/x-y/Dockerfile", "o/x.y/Dockerfile", "o/x/Dockerfile",
		  "t/a/Dockerfile", "t/a/sub/deep/k8s.yml", "t/a/x.yaml"},
		 0,
		 0},
		/* named files are inputs whatever their name */
		{".",
		 {"t/a/notes.txt", "t/docs/README.md"},
		 {"t/a/notes.txt", "t/docs/README.md"},
		 0,
		 0},
		{"t", {"./a/notes.txt"}, {"a/notes.txt"}, 0, 0},
		{"t", {"././Dockerfile"}, {"Dockerfile"}, 0, 0},
		/* ".//x" names the same file as "./x" */
		{"t", {".//Dockerfile"}, {"Dockerfile"}, 0, 0},
		/* directories with nothing to lint (e: see
		 * test_empty_directory) */
		{".", {"t/docs"}, {NULL}, 1, 0},
		{".", {"t/docs", "t/sub/"}, {"t/sub/vendor.yaml"}, 1, 0},
		{".",
		 {"t/docs", "t/a/sub", "o/x"},
		 {"o/x/Dockerfile", "t/a/sub/deep/k8s.yml"},
		 1,
		 0},
		/* a skipped name is still walked when named */
		{".",
		 {"t/node_modules"},
		 {"t/node_modules/pkg/Dockerfile"},
		 0,
		 0},
		/* missing paths go to the error callback and are skipped */
		{".", {"missing", "t/a/Dockerfile"}, {"t/a/Dockerfile"}, 0, 1},
		{".", {"missing", "t/nope/Dockerfile"}, {NULL}, 0, 2},
		{".", {NULL}, {NULL}, 0, 0},
	};
	struct tree *t = *state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enter(t, cases[i].cwd);
		struct hl_pool a = {NULL, 0, 0};
		struct hl_inputs out;
		memset(&out, 0, sizeof(out));
		struct errs e;
		memset(&e, 0, sizeof(e));
		size_t nargs = 0;
		while (nargs < 4 && cases[i].args[nargs])
			nargs++;
		hl_discover(&a, cases[i].args, nargs, "stdin", &out, on_err,
			    NULL, &e);
		size_t n = 0;
		while (n < MAXF && cases[i].want[n])
			n++;
		char got[MAXF][64];
		memset(got, 0, sizeof(got));
		for (size_t k = 0; k < out.n && k < MAXF; k++)
			snprintf(got[k], sizeof(got[k]), "%s", out.v[k].path);
		char what[160];
		snprintf(what, sizeof(what), "case %zu in %s: %s %s %s", i,
			 cases[i].cwd, cases[i].args[0] ? cases[i].args[0] : "",
			 nargs > 1 ? cases[i].args[1] : "",
			 nargs > 2 ? cases[i].args[2] : "");
		size_t ngot = out.n, dirs_empty = out.dirs_empty;
		/* what every walked input carries */
		bool walked_ok = true;
		for (size_t k = 0; k < out.n; k++) {
			const char *slash = strrchr(out.v[k].path, '/');
			enum hl_kind want = hl_kind_by_name(
				slash ? slash + 1 : out.v[k].path);
			if (!out.v[k].fspath || out.v[k].kind != want)
				walked_ok = false;
			if (out.v[k].walked && out.v[k].kind == HL_KIND_NONE)
				walked_ok = false;
		}
		free(out.v);
		hl_pool_release(&a);
		bad += !check_list(what, cases[i].want, n, &got[0][0],
				   sizeof(got[0]), ngot);
		bad += !check_size(what, "dirs_empty", dirs_empty,
				   cases[i].dirs_empty);
		bad += !check_size(what, "errors", e.n, cases[i].nerr);
		bad += !check_size(what, "bad fspath or kind", !walked_ok, 0);
	}
	assert_int_equal(bad, 0);
}

/* The fields of single inputs: fspath, kind, walked. */
struct refusals {
	struct errs e; /* first: on_err's view of the same context */
	size_t n;
	char path[MAXF][64];
};

static void on_refused(const char *path, const char *reason, void *ctx)
{
	struct refusals *r = ctx;
	(void)reason;
	if (r->n < MAXF)
		snprintf(r->path[r->n], sizeof(r->path[0]), "%s", path);
	r->n++;
}

/* Discovery says each refused symlink whose name it would have read (not
 * notes.txt), by its printed path; what is linked inside is an input whose
 * fspath is the real file, unless the walk reads that file itself
 * (inside.yaml -> x.yaml: said, and x.yaml read once). */
static void test_discover_links(void **state)
{
	struct tree *t = *state;
	enter(t, ".");
	struct hl_pool a = {NULL, 0, 0};
	struct hl_inputs out;
	memset(&out, 0, sizeof(out));
	struct refusals r;
	memset(&r, 0, sizeof(r));
	const char *args[] = {"l/in"};
	/* the refused callback gets the context of the error one */
	hl_discover(&a, args, 1, "stdin", &out, on_err, on_refused, &r);
	assert_int_equal(r.e.n, 0);
	static const char *const want_in[] = {"l/in/conf.yaml",
					      "l/in/x.yaml"};
	static const char *const want_ref[] = {
		"l/in/loop.yaml", "l/in/out.yaml", "l/in/up.yaml",
		"l/in/inside.yaml"};
	char got[MAXF][64];
	memset(got, 0, sizeof(got));
	for (size_t k = 0; k < out.n && k < MAXF; k++)
		snprintf(got[k], sizeof(got[k]), "%s", out.v[k].path);
	int bad = 0;
	bad += !check_list("inputs", want_in, 2, &got[0][0], sizeof(got[0]),
			   out.n);
	bad += !check_list("refused", want_ref, 4, &r.path[0][0],
			   sizeof(r.path[0]), r.n);
	char *real = realpath("l/in/app.conf", NULL);
	assert_non_null(real);
	assert_true(out.n == 2);
	assert_string_equal(out.v[0].fspath, real);
	assert_true(out.v[0].walked);
	free(real);
	free(out.v);
	hl_pool_release(&a);
	assert_int_equal(bad, 0);
}

static void test_discover_fields(void **state)
{
	static const struct {
		const char *arg;
		const char *stdin_name;
		const char *path, *fspath; /* fspath NULL: stdin */
		enum hl_kind kind;
		bool walked;
	} cases[] = {
		/* standard input's kind comes from its content, not its name */
		{"-", "Dockerfile", "Dockerfile", NULL, HL_KIND_NONE, false},
		{"-", "deploy/app.yaml", "deploy/app.yaml", NULL, HL_KIND_NONE,
		 false},
		{"-", "stdin", "stdin", NULL, HL_KIND_NONE, false},
		{"-", "-", "-", NULL, HL_KIND_NONE, false},
		{"t/a/notes.txt", "stdin", "t/a/notes.txt", "t/a/notes.txt",
		 HL_KIND_NONE, false},
		{"./t/a/x.yaml", "stdin", "t/a/x.yaml", "./t/a/x.yaml",
		 HL_KIND_KUBERNETES, false},
		{"t/link.yaml", "stdin", "t/link.yaml", "t/link.yaml",
		 HL_KIND_KUBERNETES, false},
		{"t/a/sub", "stdin", "t/a/sub/deep/k8s.yml",
		 "t/a/sub/deep/k8s.yml", HL_KIND_KUBERNETES, true},
		{"t/a/sub/", "stdin", "t/a/sub/deep/k8s.yml",
		 "t/a/sub/deep/k8s.yml", HL_KIND_KUBERNETES, true},
	};
	struct tree *t = *state;
	enter(t, ".");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_pool a = {NULL, 0, 0};
		struct hl_inputs out;
		memset(&out, 0, sizeof(out));
		struct errs e;
		memset(&e, 0, sizeof(e));
		const char *args[] = {cases[i].arg};
		hl_discover(&a, args, 1, cases[i].stdin_name, &out, on_err,
			    NULL, &e);
		struct hl_input in;
		memset(&in, 0, sizeof(in));
		size_t n = out.n;
		char path[64] = "", fspath[64] = "";
		bool fs_null = true;
		if (n == 1) {
			in = out.v[0];
			snprintf(path, sizeof(path), "%s", in.path);
			fs_null = in.fspath == NULL;
			if (in.fspath)
				snprintf(fspath, sizeof(fspath), "%s",
					 in.fspath);
		}
		free(out.v);
		hl_pool_release(&a);
		assert_int_equal(n, 1);
		assert_int_equal(e.n, 0);
		assert_string_equal(path, cases[i].path);
		if (cases[i].fspath) {
			assert_false(fs_null);
			assert_string_equal(fspath, cases[i].fspath);
		} else {
			assert_true(fs_null);
		}
		assert_true(check_kind(cases[i].arg, in.kind, cases[i].kind));
		assert_int_equal(in.walked, cases[i].walked);
	}
}

static void test_discover_error_message(void **state)
{
	struct tree *t = *state;
	enter(t, ".");
	struct hl_pool a = {NULL, 0, 0};
	struct hl_inputs out;
	memset(&out, 0, sizeof(out));
	struct errs e;
	memset(&e, 0, sizeof(e));
	const char *args[] = {"no/such/Dockerfile"};
	hl_discover(&a, args, 1, "stdin", &out, on_err, NULL, &e);
	size_t n = out.n;
	free(out.v);
	hl_pool_release(&a);
	assert_int_equal(n, 0);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.path, "no/such/Dockerfile");
	assert_string_equal(e.msg,
			    "cannot open 'no/such/Dockerfile': No such file or "
			    "directory");
}

/* Inputs already in `out` are kept, merged and de-duplicated. */
static void test_discover_appends(void **state)
{
	struct tree *t = *state;
	enter(t, ".");
	struct hl_pool a = {NULL, 0, 0};
	struct hl_inputs out;
	memset(&out, 0, sizeof(out));
	struct errs e;
	memset(&e, 0, sizeof(e));
	const char *first[] = {"t/sub", "t/docs"};
	hl_discover(&a, first, 2, "stdin", &out, on_err, NULL, &e);
	const char *second[] = {"t/a", "t/sub/vendor.yaml", "-"};
	hl_discover(&a, second, 3, "Containerfile", &out, on_err, NULL, &e);
	static const char *const want[] = {"Containerfile", "t/a/Dockerfile",
					   "t/a/sub/deep/k8s.yml", "t/a/x.yaml",
					   "t/sub/vendor.yaml"};
	char got[MAXF][64];
	memset(got, 0, sizeof(got));
	size_t n = out.n, dirs_empty = out.dirs_empty;
	for (size_t k = 0; k < out.n && k < MAXF; k++)
		snprintf(got[k], sizeof(got[k]), "%s", out.v[k].path);
	free(out.v);
	hl_pool_release(&a);
	assert_true(check_list("two calls", want,
			       sizeof(want) / sizeof(want[0]), &got[0][0],
			       sizeof(got[0]), n));
	assert_int_equal(dirs_empty, 1);
	assert_int_equal(e.n, 0);
}

/*
 * An empty directory: walked, it visits nothing and reports no error; named,
 * it counts in dirs_empty. Run in a child process, because a sanitizer
 * abort here would otherwise end the whole test program; the child reports
 * through its exit status which check failed.
 */
static int empty_directory_checks(void)
{
	struct visits v;
	memset(&v, 0, sizeof(v));
	v.dir = "e";
	hl_walk_tree("e", NULL, on_visit, NULL, on_walk_err, &v);
	if (v.n != 0 || v.nerr != 0)
		return 10;
	static const struct {
		const char *args[3];
		size_t n, dirs_empty;
		const char *first;
	} cases[] = {
		{{"e"}, 0, 1, NULL},
		{{"e/"}, 0, 1, NULL},
		{{"t/docs", "e"}, 0, 2, NULL},
		{{"t/sub", "e"}, 1, 1, "t/sub/vendor.yaml"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_pool a = {NULL, 0, 0};
		struct hl_inputs out;
		memset(&out, 0, sizeof(out));
		struct errs e;
		memset(&e, 0, sizeof(e));
		size_t nargs = 0;
		while (nargs < 3 && cases[i].args[nargs])
			nargs++;
		hl_discover(&a, cases[i].args, nargs, "stdin", &out, on_err,
			    NULL, &e);
		bool ok = out.n == cases[i].n &&
			  out.dirs_empty == cases[i].dirs_empty && e.n == 0 &&
			  (!cases[i].first ||
			   !strcmp(out.v[0].path, cases[i].first));
		free(out.v);
		hl_pool_release(&a);
		if (!ok)
			return 20 + (int)i;
	}
	return 0;
}

static void test_empty_directory(void **state)
{
	struct tree *t = *state;
	enter(t, ".");
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(empty_directory_checks());
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		print_error("empty directory checks: %s %d (10: walk, 20+i: "
			    "discover case i; other: the child crashed, see "
			    "its sanitizer report above)\n",
			    WIFEXITED(status) ? "exit status" : "signal",
			    WIFEXITED(status) ? WEXITSTATUS(status)
					      : WTERMSIG(status));
		fail();
	}
}

/* gitignore patterns: `*` and `?` stop at '/', `**` crosses it, classes,
 * escapes; a pattern made to backtrack forever gives up. */
static void test_ignore_glob(void **state)
{
	(void)state;
	static const struct {
		const char *pat, *path;
		bool match;
	} cases[] = {
		{"*.yaml", "a.yaml", true},
		{"*.yaml", "d/a.yaml", false}, /* the caller passes the name */
		{"d/*.yaml", "d/a.yaml", true},
		{"d/*.yaml", "d/e/a.yaml", false},
		{"**/fixtures", "fixtures", true},
		{"**/fixtures", "a/b/fixtures", true},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "ax/b", false},
		{"a/**", "a/x/y", true},
		{"a/**", "b/x", false},
		{"?.yml", "a.yml", true},
		{"?.yml", "/.yml", false},
		{"[abc].yml", "b.yml", true},
		{"[!abc].yml", "b.yml", false},
		{"[a-c]x", "cx", true},
		{"\\#x", "#x", true},
		{"Dockerfile.*", "Dockerfile.prod", true},
		{"*a*a*a*a*a*a*a*a*a*a*b",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		 false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (hl_ignore_glob(cases[i].pat, cases[i].path) !=
		    cases[i].match)
			fail_msg("'%s' on '%s': want %d", cases[i].pat,
				 cases[i].path, cases[i].match);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_by_name),
		cmocka_unit_test(test_kind_by_content),
		cmocka_unit_test(test_walk_tree),
		cmocka_unit_test(test_walk_tree_errors),
		cmocka_unit_test(test_walk_links),
		cmocka_unit_test(test_discover_links),
		cmocka_unit_test(test_discover_paths),
		cmocka_unit_test(test_discover_fields),
		cmocka_unit_test(test_discover_error_message),
		cmocka_unit_test(test_discover_appends),
		cmocka_unit_test(test_empty_directory),
		cmocka_unit_test(test_ignore_glob),
	};
	/* one tree for the whole group: setup makes it, teardown removes it
	 * and returns to the starting directory */
	return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
