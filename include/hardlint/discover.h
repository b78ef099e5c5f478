/*
 * discover: turns the command line's paths into the inputs to lint. Files
 * named on the command line are linted whatever their name; directories
 * are walked recursively (in byte-wise order, symlinked directories not
 * followed, VCS folders, node_modules and vendor skipped) for Dockerfiles,
 * Containerfiles and YAML/JSON files. Also: what kind an input is, by its
 * name or, failing that, its content.
 */
#ifndef HARDLINT_DISCOVER_H
#define HARDLINT_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "hardlint/arena.h"

enum hl_kind {
	HL_KIND_NONE, /* not ours, or not known yet */
	HL_KIND_DOCKERFILE,
	HL_KIND_KUBERNETES, /* YAML or JSON that may hold manifests */
	HL_KIND__COUNT
};

/* What a file named `basename` is, by its name alone. */
enum hl_kind hl_kind_by_name(const char *basename);

/* What `len` bytes of content look like: a Dockerfile if the first line
 * that is not blank or a comment starts with an instruction (or the file
 * opens with a parser directive), else Kubernetes. */
enum hl_kind hl_kind_by_content(const char *data, size_t len);

struct hl_input {
	const char *fspath; /* path to open; NULL for standard input */
	const char *path;   /* path to print */
	enum hl_kind kind;  /* HL_KIND_NONE: decide from the content */
	bool walked;	    /* found by a directory walk (not named) */
};

struct hl_inputs {
	struct hl_input *v;
	size_t n, cap;
	size_t dirs_empty; /* directories in which nothing was found */
};

typedef void (*hl_discover_err_fn)(const char *path, const char *msg,
				   void *ctx);

/*
 * Add the inputs named by `paths` ("-" is standard input, printed as
 * `stdin_name`) to `out`, sorted byte-wise by printed path without
 * duplicates. A path that does not exist is reported through `err` and
 * skipped. Memory from `a`.
 */
void hl_discover(struct hl_arena *a, const char *const *paths, size_t n,
		 const char *stdin_name, struct hl_inputs *out,
		 hl_discover_err_fn err, void *ctx);

/* Visit the regular files below `dir` (symlinks to files included, to
 * directories not followed) in byte-wise order of their path relative to
 * dir; `skip_dir` (may be NULL) prunes directories by name. Unreadable
 * directories go to `err`. */
typedef void (*hl_walk_file_fn)(const char *fspath, const char *rel, void *ctx);
typedef bool (*hl_walk_skip_fn)(const char *name, void *ctx);
void hl_walk_tree(const char *dir, hl_walk_skip_fn skip_dir, hl_walk_file_fn fn,
		  hl_discover_err_fn err, void *ctx);

#endif
