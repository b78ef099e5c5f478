/*
 * context: the files of a build context that a .dockerignore leaves in
 * (see context.h).
 */
#define _GNU_SOURCE /* memmem */
#include "dockerfile/context.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"

/* ------------------------------------------------------------------ */
/* Patterns                                                           */

/* Work a match may do before it gives up (a hostile .dockerignore of
 * stars): a pattern that gives up does not match, so the file stays in
 * the context and is judged. */
#define MATCH_BUDGET 200000

/* A class [...] at p (after '['), against c: *end past its ']'. */
static bool class_match(const char *p, char c, const char **end)
{
	bool neg = *p == '^' || *p == '!';
	if (neg)
		p++;
	bool hit = false;
	for (bool first = true; *p && (first || *p != ']'); first = false) {
		char lo = *p == '\\' && p[1] ? *++p : *p;
		p++;
		char hi = lo;
		if (*p == '-' && p[1] && p[1] != ']') {
			p++;
			hi = *p == '\\' && p[1] ? *++p : *p;
			p++;
		}
		if (c >= lo && c <= hi)
			hit = true;
	}
	*end = *p == ']' ? p + 1 : p;
	return hit != neg;
}

static bool match_at(const char *p, const char *s, long *budget)
{
	while (*p) {
		if (--*budget < 0)
			return false;
		if (p[0] == '*' && p[1] == '*') {
			while (*p == '*')
				p++;
			/* "**" spans directories; "**\/" also none */
			if (*p == '/' && match_at(p + 1, s, budget))
				return true;
			for (const char *t = s;; t++) {
				if (match_at(p, t, budget))
					return true;
				if (!*t || *budget < 0)
					return false;
			}
		}
		if (*p == '*') {
			p++;
			for (const char *t = s;; t++) {
				if (match_at(p, t, budget))
					return true;
				if (!*t || *t == '/' || *budget < 0)
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
			p++;
			s++;
			continue;
		}
		if (*p == '[') {
			const char *end;
			if (*s == '/' || !class_match(p + 1, *s, &end))
				return false;
			p = end;
			s++;
			continue;
		}
		if (*p == '\\' && p[1])
			p++;
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return !*s;
}

bool hl_ctx_match(const char *pattern, const char *path)
{
	long budget = MATCH_BUDGET;
	return match_at(pattern, path, &budget);
}

struct pattern {
	char *text; /* cleaned: no leading '/', "./" or trailing '/' */
	bool negate;
};

struct ignore {
	struct pattern *v;
	size_t n;
	bool any_negate;
};

/* Clean a pattern as Docker does (filepath.Clean, leading '/' off). */
static char *clean(const char *s, size_t n)
{
	char *out = hl_xmalloc(n + 2);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == '/')
			i++;
		size_t j = i;
		while (j < n && s[j] != '/')
			j++;
		size_t len = j - i;
		if (len == 1 && s[i] == '.') {
			/* "." is nothing */
		} else if (len == 2 && s[i] == '.' && s[i + 1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (len) {
			if (o)
				out[o++] = '/';
			memcpy(out + o, s + i, len);
			o += len;
		}
		i = j;
	}
	out[o] = '\0';
	return out;
}

static void ignore_parse(struct ignore *ig, const char *text)
{
	memset(ig, 0, sizeof(*ig));
	size_t cap = 0;
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *l = p;
		p = nl ? nl + 1 : NULL;
		while (n && (*l == ' ' || *l == '\t')) {
			l++;
			n--;
		}
		while (n && (l[n - 1] == ' ' || l[n - 1] == '\t' ||
			     l[n - 1] == '\r'))
			n--;
		if (!n || *l == '#')
			continue;
		bool neg = *l == '!';
		if (neg) {
			l++;
			n--;
		}
		if (ig->n == cap) {
			cap = cap ? cap * 2 : 16;
			ig->v = hl_xrealloc(ig->v, cap * sizeof(*ig->v));
		}
		ig->v[ig->n].text = clean(l, n);
		ig->v[ig->n].negate = neg;
		ig->any_negate |= neg;
		ig->n++;
	}
}

static void ignore_free(struct ignore *ig)
{
	for (size_t i = 0; i < ig->n; i++)
		free(ig->v[i].text);
	free(ig->v);
}

/* Does pattern p match `path` or one of the directories above it? */
static bool matches_or_parent(const char *p, const char *path)
{
	if (hl_ctx_match(p, path))
		return true;
	char buf[4096];
	size_t n = strlen(path);
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, path, n + 1);
	for (char *slash = strrchr(buf, '/'); slash; slash = strrchr(buf, '/')) {
		*slash = '\0';
		if (hl_ctx_match(p, buf))
			return true;
	}
	return false;
}

static bool excluded(const struct ignore *ig, const char *path)
{
	bool out = false;
	for (size_t i = 0; i < ig->n; i++)
		if (matches_or_parent(ig->v[i].text, path))
			out = !ig->v[i].negate;
	return out;
}

bool hl_dockerignore_excludes(const char *patterns, const char *path)
{
	struct ignore ig;
	ignore_parse(&ig, patterns);
	bool out = excluded(&ig, path);
	ignore_free(&ig);
	return out;
}

/* ------------------------------------------------------------------ */
/* The walk                                                           */

#define CTX_DEPTH_MAX 64
#define IGNORE_MAX ((size_t)1 << 20)

static char *read_small(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *buf = hl_xmalloc(max + 1);
	size_t n = 0;
	ssize_t r;
	while (n < max && (r = read(fd, buf + n, max - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

struct walk {
	struct hl_context *c;
	struct ignore ig;
	size_t cap;
	char path[4096]; /* relative to the context */
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

static void add_file(struct walk *w, const char *abs, const char *rel)
{
	struct hl_context *c = w->c;
	if (c->nfiles == HL_CTX_MAX_FILES) {
		c->capped = true;
		return;
	}
	if (c->nfiles == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		c->files = hl_xrealloc(c->files, w->cap * sizeof(*c->files));
	}
	struct hl_ctx_file *f = &c->files[c->nfiles++];
	size_t n = strlen(rel);
	f->path = hl_xmalloc(n + 1);
	memcpy(f->path, rel, n + 1);
	f->private_key = false;
	if (ends_with(rel, ".pem")) {
		size_t len;
		char *head = read_small(abs, 65536, &len);
		f->private_key = head && memmem(head, len, "PRIVATE KEY-----", 16);
		free(head);
	}
}

static void walk_dir(struct walk *w, const char *abs, size_t rel_len,
		     int depth)
{
	if (depth > CTX_DEPTH_MAX || w->c->capped)
		return;
	DIR *d = opendir(abs);
	if (!d) {
		if (depth == 0)
			w->c->missing = true;
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) && !w->c->capped) {
		const char *name = e->d_name;
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		size_t nl = strlen(name);
		if (rel_len + nl + 2 >= sizeof(w->path))
			continue;
		size_t alen = strlen(abs);
		char *child = hl_xmalloc(alen + nl + 2);
		memcpy(child, abs, alen);
		child[alen] = '/';
		memcpy(child + alen + 1, name, nl + 1);
		size_t len = rel_len;
		if (len)
			w->path[len++] = '/';
		memcpy(w->path + len, name, nl + 1);
		struct stat st;
		if (lstat(child, &st) == 0) {
			bool out = excluded(&w->ig, w->path);
			if (S_ISDIR(st.st_mode)) {
				/* an excluded directory is pruned, unless a
				 * `!` pattern may bring back what is in it;
				 * .git holds no credential file of its own */
				if ((!out || w->ig.any_negate) &&
				    strcmp(w->path, ".git"))
					walk_dir(w, child, len + nl, depth + 1);
			} else if (S_ISREG(st.st_mode) && !out) {
				add_file(w, child, w->path);
			}
		}
		w->path[rel_len] = '\0';
		free(child);
	}
	closedir(d);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct hl_ctx_file *)a)->path,
		      ((const struct hl_ctx_file *)b)->path);
}

struct hl_context *hl_context_read(const char *dir, const char *dockerfile)
{
	struct hl_context *c = hl_xcalloc(1, sizeof(*c));
	size_t dl = strlen(dir);
	c->dir = hl_xmalloc(dl + 1);
	memcpy(c->dir, dir, dl + 1);
	/* <Dockerfile>.dockerignore first, then the context's */
	char *text = NULL;
	char *name = NULL;
	if (dockerfile) {
		size_t n = strlen(dockerfile);
		name = hl_xmalloc(n + 14);
		snprintf(name, n + 14, "%s.dockerignore", dockerfile);
		text = read_small(name, IGNORE_MAX, NULL);
	}
	if (!text) {
		free(name);
		name = hl_xmalloc(dl + 15);
		snprintf(name, dl + 15, "%s/.dockerignore", dir);
		text = read_small(name, IGNORE_MAX, NULL);
	}
	if (text)
		c->ignore_file = name;
	else
		free(name);
	struct walk w;
	memset(&w, 0, sizeof(w));
	w.c = c;
	ignore_parse(&w.ig, text);
	free(text);
	walk_dir(&w, dir, 0, 0);
	ignore_free(&w.ig);
	if (c->nfiles)
		qsort(c->files, c->nfiles, sizeof(*c->files), cmp_file);
	return c;
}

void hl_context_free(struct hl_context *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i].path);
	free(c->files);
	free(c->dir);
	free(c->ignore_file);
	free(c);
}
