/*
 * discover: turns the command line's paths into the inputs to lint. Files
 * named on the command line are linted whatever their name; directories
 * are walked recursively (in byte-wise order, symlinked directories not
 * followed, VCS folders, node_modules and vendor skipped) for Dockerfiles,
 * Containerfiles and YAML/JSON files (core/kind.h says which is which).
 * A walk never reads outside its directory: a symlink to a file is
 * followed only when the file is inside it.
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
	bool no_ignore;	   /* set by the caller: walks read what the
			      repository ignores too (--no-ignore) */
	size_t ignored;	   /* files a walk left out because the
			      repository ignores them */
	size_t ignored_dirs; /* directories, not walked for that */
	const char *ignored_how; /* "git" or ".gitignore" */
	bool render;		 /* set by the caller (--render): a walk
				    does not enter a Helm chart or a
				    kustomization, it lists it here */
	struct hl_render_job {
		const char *dir;  /* to run the tool on */
		const char *path; /* printed */
		int tool;	  /* enum hl_render_tool */
	} *renders;
	size_t nrenders, rcap;
};

typedef void (*hl_discover_err_fn)(const char *path, const char *msg,
				   void *ctx);

/*
 * Add the inputs named by `paths` ("-" is standard input, printed as
 * `stdin_name`) to `out` (its array on the heap: free out->v), sorted
 * byte-wise by printed path without duplicates. A path that does not
 * exist is reported through `err` and skipped; a symlink a walk did not
 * follow (out of the directory, dangling, looping), whose name hardlint
 * would have read, through `refused` (may be NULL), with why. A walked
 * input reached through a symlink has its real path as `fspath`. Strings
 * from `a`.
 */
void hl_discover(struct hl_pool *a, const char *const *paths, size_t n,
		 const char *stdin_name, struct hl_inputs *out,
		 hl_discover_err_fn err, hl_discover_err_fn refused, void *ctx);

/* Visit the regular files below `dir` in byte-wise order of their path
 * relative to dir. A symlink to a regular file inside dir is visited with
 * its real path as `fspath` (and `linked`); one that leads outside dir, nowhere or round
 * goes to `refused` (may be NULL) with why, in the same order; symlinks
 * to directories are not followed, and go to `refused` with the reason
 * hl_walk_dir_link (unless `skip_dir` prunes them). `skip_dir` (may be
 * NULL) prunes directories by name and path from dir. Unreadable directories go to `err`. */
extern const char hl_walk_dir_link[];
struct hl_file_id;
typedef void (*hl_walk_file_fn)(const char *fspath, const char *rel,
				const struct hl_file_id *id, bool linked,
				void *ctx);
typedef void (*hl_walk_refused_fn)(const char *fspath, const char *rel,
				   const char *reason, void *ctx);
typedef bool (*hl_walk_skip_fn)(const char *name, const char *rel,
				void *ctx);
void hl_walk_tree(const char *dir, hl_walk_skip_fn skip_dir, hl_walk_file_fn fn,
		  hl_walk_refused_fn refused, hl_discover_err_fn err,
		  void *ctx);

#endif
