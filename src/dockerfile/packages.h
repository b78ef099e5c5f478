/*
 * packages: what a package manager command installs. One table describes
 * each manager (apt-get/apt, apk, yum, dnf, microdnf, zypper, pip, npm,
 * gem, go): the programs and subcommands that install, the options that
 * take a value, how a version is written in a package spec, which
 * commands and directories clean its cache. The package-install view is
 * made from it; rules read the view.
 */
#ifndef HARDLINT_DOCKERFILE_PACKAGES_H
#define HARDLINT_DOCKERFILE_PACKAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

struct hl_pkg_spec {
	size_t word;	     /* index in argv */
	const char *name;    /* without the version */
	const char *version; /* NULL when none is given */
	const char *op;	     /* how: "=", "==", ">=", "~", "@", "-", ":",
				"-v"; NULL with no version */
};

struct hl_pkg_install {
	const char *manager; /* apt, apk, yum, dnf, microdnf, zypper, pip,
				npm, gem, go */
	size_t subcommand;   /* index in argv of install/add/... */
	struct hl_pkg_spec *packages;
	size_t npackages;
	size_t *flags; /* indexes in argv of the options */
	size_t nflags;
	size_t *files; /* pip -r FILE, npm ci: installs from a file */
	size_t nfiles;
	bool from_lockfile; /* npm ci, pip install -r with hashes... */
};

/*
 * If argv[0..argc) (the program first, past any sudo) installs packages
 * (a simulation, apt-get install -s or --dry-run, does not),
 * fill `out` (in `a`) and return true.
 */
bool hl_pkg_parse(struct hl_arena *a, const char *const *argv, size_t argc,
		  struct hl_pkg_install *out);

/* Does this command clean `manager`'s cache (apt: rm of
 * /var/lib/apt/lists; yum: yum clean all; ...)? */
bool hl_pkg_cleans(const char *manager, const char *const *argv, size_t argc);

/* Does argv uninstall packages of `manager` (apt-get purge, apk del, dnf
 * remove, pip uninstall, ...)? */
bool hl_pkg_removes(const char *manager, const char *const *argv,
		    size_t argc);

/* Is `dir` a cache directory of `manager` (for RUN --mount=type=cache)? */
bool hl_pkg_cache_dir(const char *manager, const char *dir);

/* Does the install itself keep no cache (apk --no-cache, pip
 * --no-cache-dir)? */
bool hl_pkg_no_cache_flag(const char *manager, const char *flag);

#endif
