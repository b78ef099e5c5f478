/*
 * ignore: the files a directory walk leaves out because the repository
 * ignores them. Inside a git work tree, with git installed, what `git
 * ls-files -co --exclude-standard` lists is what is walked (so nested
 * .gitignore files, .git/info/exclude and the user's global excludes all
 * count, exactly as git sees them; a tracked file counts even if a
 * pattern matches it). Otherwise the .gitignore files of the walked
 * directory and those below it are read and applied with git's rules
 * (patterns, `!` negation, a trailing `/` for directories, a `/` that
 * anchors, `**`).
 */
#ifndef HARDLINT_CLI_IGNORE_H
#define HARDLINT_CLI_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

struct hl_ignore_set;

/* The ignores for a walk of `dir`; never NULL. */
struct hl_ignore_set *hl_ignore_open(const char *dir);
/* Does the repository ignore `rel` (a path below the walked directory; a
 * directory when `is_dir`)? */
bool hl_ignore_skips(struct hl_ignore_set *s, const char *rel, bool is_dir);
/* How it decided: "git" (ls-files) or ".gitignore" (read by hardlint). */
const char *hl_ignore_how(const struct hl_ignore_set *s);
void hl_ignore_close(struct hl_ignore_set *s);

/* Does gitignore pattern `pat` match `path` (its `/`-separated path from
 * the .gitignore's directory)? `*` and `?` stop at `/`, `**` crosses it.
 * Exposed for tests. */
bool hl_ignore_glob(const char *pat, const char *path);

#endif
