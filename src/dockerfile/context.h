/*
 * context: a Dockerfile's build context as `docker build` sends it: the
 * files below the context directory that its .dockerignore (or
 * <Dockerfile>.dockerignore) does not exclude, read with Docker's
 * pattern rules (Go's filepath.Match, `**` for any number of directories,
 * `!` re-includes, a leading `/` is the context root; the last matching
 * pattern decides; a pattern matching a directory excludes what is in
 * it). .gitignore plays no part: Docker ignores it.
 */
#ifndef HARDLINT_DOCKERFILE_CONTEXT_H
#define HARDLINT_DOCKERFILE_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many files are listed; past it the walk stops, and says
 * so (`capped`). */
#define HL_CTX_MAX_FILES 20000

struct hl_ctx_file {
	char *path;	  /* relative to the context, '/'-separated */
	bool private_key; /* a .pem holding a PRIVATE KEY block */
};

struct hl_context {
	char *dir;		/* the context directory, as given */
	char *ignore_file;	/* the .dockerignore read, or NULL */
	struct hl_ctx_file *files; /* sorted by path */
	size_t nfiles;
	bool capped;		/* more files than HL_CTX_MAX_FILES */
	bool missing;		/* the directory could not be read */
};

/* Walk the context `dir`: `dockerfile` (its path, or NULL) names the
 * Dockerfile, whose `<path>.dockerignore` wins over dir/.dockerignore. */
struct hl_context *hl_context_read(const char *dir, const char *dockerfile);
void hl_context_free(struct hl_context *c);

/* Do the .dockerignore `patterns` (one a line, as in the file) exclude
 * `path` (relative, '/'-separated)? For tests. */
bool hl_dockerignore_excludes(const char *patterns, const char *path);

/* Does Go's filepath.Match-like `pattern`, with `**` for any number of
 * directories, match all of `path`? */
bool hl_ctx_match(const char *pattern, const char *path);

#endif
