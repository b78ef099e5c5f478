/*
 * discover: turns the command line's paths into the inputs to lint. Files
 * named on the command line are linted whatever their name; directories
 * are walked recursively (in byte-wise order, symlinked directories not
 * followed, VCS folders, node_modules and vendor skipped) for Dockerfiles,
 * Containerfiles and YAML/JSON files (core/kind.h says which is which).
 */
#ifndef HARDLINT_CLI_DISCOVER_H
#define HARDLINT_CLI_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "hardlint.h"
#include "output/mem.h"

struct hl_inputs {
	struct hl_input *v;
	size_t n, cap;
	size_t dirs_empty; /* directories in which nothing was found */
};

typedef void (*hl_discover_err_fn)(const char *path, const char *msg,
				   void *ctx);

/*
 * Add the inputs named by `paths` ("-" is standard input, printed as
 * `stdin_name`) to `out` (its array on the heap: free out->v), sorted
 * byte-wise by printed path without duplicates. A path that does not
 * exist is reported through `err` and skipped. Strings from `a`.
 */
void hl_discover(struct hl_pool *a, const char *const *paths, size_t n,
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
