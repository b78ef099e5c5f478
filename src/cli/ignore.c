/*
 * ignore: what a repository ignores, for directory walks (ignore.h).
 */
#define _GNU_SOURCE /* pipe2 */
#include "cli/ignore.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output/mem.h"

#define LISTING_MAX ((size_t)256 << 20) /* git's output read at most */
#define GITIGNORE_MAX ((size_t)1 << 20) /* one .gitignore read at most */
#define MATCH_STEPS 100000		/* one pattern's work on one path */

struct rule {
	char *pat;
	bool neg, dir_only, anchored;
};

struct gfile {
	char *dir; /* from the walked directory: "" or "a/b/" */
	struct rule *r;
	size_t n;
};

struct hl_ignore_set {
	char *root;
	bool git;
	char *listing; /* git: NUL-separated paths */
	const char **files;
	size_t nfiles;
	const char **opaque; /* git: repositories of their own inside
				(submodules, nested repositories): git lists
				them, not what they hold; walked whole */
	size_t nopaque;
	struct gfile *g; /* .gitignore files by directory: a hash table */
	size_t gcap, ng;
};

/* ------------------------------------------------------------------ */
/* Patterns                                                           */

static bool gmatch(const char *p, const char *s, const char *start,
		   long *steps)
{
	while (*p) {
		if (--*steps < 0)
			return false; /* a pattern made to take forever */
		if (p[0] == '*' && p[1] == '*' && (p == start || p[-1] == '/') &&
		    (p[2] == '/' || !p[2])) {
			if (!p[2])
				return true; /* trailing: everything below */
			const char *rest = p + 3;
			if (gmatch(rest, s, start, steps))
				return true; /* no directory */
			for (const char *q = s; *q; q++)
				if (*q == '/' && gmatch(rest, q + 1, start, steps))
					return true;
			return false;
		}
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (const char *q = s;; q++) {
				if (gmatch(p, q, start, steps))
					return true;
				if (!*q || *q == '/')
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
			p++, s++;
			continue;
		}
		if (*p == '[') {
			const char *e = p + 1;
			if (*e == '!' || *e == '^')
				e++;
			if (*e == ']')
				e++;
			while (*e && *e != ']')
				e++;
			if (*e == ']') {
				bool neg = p[1] == '!' || p[1] == '^';
				bool hit = false;
				for (const char *c = p + 1 + neg; c < e; c++) {
					if (c + 2 < e && c[1] == '-') {
						hit |= (unsigned char)*s >=
							       (unsigned char)c[0] &&
						       (unsigned char)*s <=
							       (unsigned char)c[2];
						c += 2;
					} else {
						hit |= *c == *s;
					}
				}
				if (hit == neg || *s == '/')
					return false;
				p = e + 1, s++;
				continue;
			}
		}
		if (*p == '\\' && p[1])
			p++;
		if (*p != *s)
			return false;
		p++, s++;
	}
	return !*s;
}

bool hl_ignore_glob(const char *pat, const char *path)
{
	long steps = MATCH_STEPS;
	return gmatch(pat, path, pat, &steps);
}

/* One line of a .gitignore into `r`; false for a blank or a comment. */
static bool parse_line(char *l, struct rule *r)
{
	size_t n = strlen(l);
	if (n && l[n - 1] == '\r')
		l[--n] = '\0';
	while (n && l[n - 1] == ' ' && !(n > 1 && l[n - 2] == '\\'))
		l[--n] = '\0';
	if (!n || l[0] == '#')
		return false;
	memset(r, 0, sizeof(*r));
	if (l[0] == '!') {
		r->neg = true;
		l++, n--;
	} else if (l[0] == '\\' && (l[1] == '#' || l[1] == '!')) {
		l++, n--;
	}
	if (n && l[n - 1] == '/') {
		r->dir_only = true;
		l[--n] = '\0';
	}
	if (!n)
		return false;
	r->anchored = strchr(l, '/') != NULL;
	while (*l == '/')
		l++;
	r->pat = hl_cli_strdup(l);
	return true;
}

/* ------------------------------------------------------------------ */
/* git ls-files                                                       */

/* Run git in `dir`; its listing in s->listing, or false. A hostile
 * repository's own configuration cannot run a program through it: the
 * file system monitor hook is turned off. */
static bool run_git(struct hl_ignore_set *s, const char *dir)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return false;
	/* never 0, 1 or 2: a standard stream closed before we started
	 * (>&-) must stay closed, so that output lost there is noticed */
	for (int i = 0; i < 2; i++) {
		if (fds[i] > 2)
			continue;
		int moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
		close(fds[i]);
		fds[i] = moved;
	}
	if (fds[0] < 0 || fds[1] < 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return false;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL); /* hardlint ignores it; git not */
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 2);
		}
		dup2(fds[1], 1); /* dup2 clears close-on-exec */
		char *argv[] = {"git",	  "-c",		"core.fsmonitor=false",
				"-C",	  (char *)dir,	"ls-files",
				"-z",	  "-c",		"-o",
				"--exclude-standard", NULL};
		execvp("git", argv);
		_exit(127);
	}
	close(fds[1]);
	size_t len = 0, cap = 1 << 16;
	char *buf = hl_cli_realloc(NULL, cap);
	bool too_big = false;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= LISTING_MAX) {
				too_big = true;
				break;
			}
			cap *= 2;
			buf = hl_cli_realloc(buf, cap);
		}
		ssize_t n = read(fds[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	if (too_big)
		kill(pid, SIGKILL);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (too_big || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		return false;
	}
	buf[len] = '\0';
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\0';
	s->files = hl_cli_realloc(NULL, (n + 1) * sizeof(*s->files));
	s->opaque = hl_cli_realloc(NULL, (n + 1) * sizeof(*s->opaque));
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1) {
		char *e = buf + i;
		size_t el = strlen(e);
		struct stat st;
		if (el && e[el - 1] == '/') {
			e[el - 1] = '\0'; /* an untracked repository */
			s->opaque[s->nopaque++] = e;
		} else if (dfd >= 0 &&
			   fstatat(dfd, e, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			   S_ISDIR(st.st_mode)) {
			s->opaque[s->nopaque++] = e; /* a submodule */
		}
		s->files[s->nfiles++] = e;
	}
	if (dfd >= 0)
		close(dfd);
	if (!s->nfiles) {
		/* nothing git knows of: the directory named is one the
		 * repository ignores (a build's output, rendered manifests):
		 * named, it is walked, with its own .gitignore files */
		free(s->files);
		free(s->opaque);
		free(buf);
		s->files = s->opaque = NULL;
		s->nfiles = s->nopaque = 0;
		return false;
	}
	s->listing = buf;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first of the n sorted paths v not below `key` in byte order. */
static size_t bound(const char *const *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t lower_bound(const struct hl_ignore_set *s, const char *key)
{
	return bound(s->files, s->nfiles, key);
}

/* Is `rel` a repository of its own git lists whole, or inside one? */
static bool in_opaque(const struct hl_ignore_set *s, const char *rel)
{
	if (!s->nopaque)
		return false;
	char *p = hl_cli_strdup(rel);
	bool in = false;
	for (char *c = p;; c++) {
		if (*c == '/' || !*c) {
			char end = *c;
			*c = '\0';
			size_t i = bound(s->opaque, s->nopaque, p);
			in = i < s->nopaque && !strcmp(s->opaque[i], p);
			*c = end;
			if (in || !end)
				break;
		}
	}
	free(p);
	return in;
}

static bool git_skips(const struct hl_ignore_set *s, const char *rel,
		      bool is_dir)
{
	if (in_opaque(s, rel))
		return false;
	if (!is_dir) {
		size_t i = lower_bound(s, rel);
		return !(i < s->nfiles && !strcmp(s->files[i], rel));
	}
	/* a directory holding no listed file is not walked */
	size_t n = strlen(rel);
	char *prefix = hl_cli_realloc(NULL, n + 2);
	memcpy(prefix, rel, n);
	prefix[n] = '/';
	prefix[n + 1] = '\0';
	size_t i = lower_bound(s, prefix);
	bool below = i < s->nfiles && !strncmp(s->files[i], prefix, n + 1);
	free(prefix);
	return !below;
}

/* ------------------------------------------------------------------ */
/* .gitignore files, read by hardlint                                 */

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void load_gitignore(struct hl_ignore_set *s, struct gfile *g)
{
	char *path = hl_cli_realloc(NULL, strlen(s->root) + strlen(g->dir) +
						  16);
	sprintf(path, "%s/%s.gitignore", s->root, g->dir);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return;
	char *text = hl_cli_realloc(NULL, GITIGNORE_MAX + 1);
	size_t len = 0;
	ssize_t n;
	while (len < GITIGNORE_MAX &&
	       (n = read(fd, text + len, GITIGNORE_MAX - len)) > 0)
		len += (size_t)n;
	close(fd);
	text[len] = '\0';
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		struct rule r;
		if (!parse_line(l, &r))
			continue;
		g->r = hl_cli_realloc(g->r, (g->n + 1) * sizeof(*g->r));
		g->r[g->n++] = r;
	}
	free(text);
}

/* The .gitignore of directory `dir` ("" or "a/b/"), read once. */
static const struct gfile *gitignore(struct hl_ignore_set *s, const char *dir)
{
	if (s->ng * 2 >= s->gcap) {
		size_t cap = s->gcap ? s->gcap * 2 : 64;
		struct gfile *t = calloc(cap, sizeof(*t));
		if (!t)
			hl_cli_oom(cap * sizeof(*t));
		for (size_t i = 0; i < s->gcap; i++) {
			if (!s->g[i].dir)
				continue;
			size_t j = hash(s->g[i].dir) & (cap - 1);
			while (t[j].dir)
				j = (j + 1) & (cap - 1);
			t[j] = s->g[i];
		}
		free(s->g);
		s->g = t;
		s->gcap = cap;
	}
	size_t j = hash(dir) & (s->gcap - 1);
	while (s->g[j].dir) {
		if (!strcmp(s->g[j].dir, dir))
			return &s->g[j];
		j = (j + 1) & (s->gcap - 1);
	}
	s->g[j].dir = hl_cli_strdup(dir);
	s->ng++;
	load_gitignore(s, &s->g[j]);
	return &s->g[j];
}

static bool files_skip(struct hl_ignore_set *s, const char *rel, bool is_dir)
{
	bool ignored = false;
	size_t n = strlen(rel);
	char *dir = hl_cli_realloc(NULL, n + 2);
	/* each .gitignore from the walked directory down to rel's parent;
	 * the last pattern that matches decides */
	for (size_t at = 0;;) {
		memcpy(dir, rel, at);
		dir[at] = '\0';
		const struct gfile *g = gitignore(s, dir);
		const char *sub = rel + at;
		const char *base = strrchr(sub, '/');
		base = base ? base + 1 : sub;
		for (size_t i = 0; i < g->n; i++) {
			const struct rule *r = &g->r[i];
			if (r->dir_only && !is_dir)
				continue;
			if (hl_ignore_glob(r->pat, r->anchored ? sub : base))
				ignored = !r->neg;
		}
		const char *slash = strchr(rel + at, '/');
		if (!slash)
			break;
		at = (size_t)(slash - rel) + 1;
	}
	free(dir);
	return ignored;
}

/* ------------------------------------------------------------------ */

struct hl_ignore_set *hl_ignore_open(const char *dir)
{
	struct hl_ignore_set *s = hl_cli_realloc(NULL, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->root = hl_cli_strdup(dir);
	s->git = run_git(s, dir);
	if (s->git && s->nfiles > 1)
		qsort(s->files, s->nfiles, sizeof(*s->files), cmp_str);
	if (s->git && s->nopaque > 1)
		qsort(s->opaque, s->nopaque, sizeof(*s->opaque), cmp_str);
	return s;
}

bool hl_ignore_skips(struct hl_ignore_set *s, const char *rel, bool is_dir)
{
	return s->git ? git_skips(s, rel, is_dir) : files_skip(s, rel, is_dir);
}

const char *hl_ignore_how(const struct hl_ignore_set *s)
{
	return s->git ? "git" : ".gitignore";
}

void hl_ignore_close(struct hl_ignore_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->gcap; i++) {
		for (size_t j = 0; j < s->g[i].n; j++)
			free(s->g[i].r[j].pat);
		free(s->g[i].r);
		free(s->g[i].dir);
	}
	free(s->g);
	free((void *)s->files);
	free((void *)s->opaque);
	free(s->listing);
	free(s->root);
	free(s);
}
