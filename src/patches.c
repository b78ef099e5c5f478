/*
 * patches: is a manifest a Kustomize patch? The kustomizations of its
 * directory and of each ancestor up to the repository root (the nearest
 * directory holding .git), the nearest one that names the file under
 * patches, patchesStrategicMerge or patchesJson6902 deciding (RULES.md).
 * Each directory's kustomization is read once a run.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "kubernetes/kustomize.h"
#include "lint.h"

struct hl_kdir {
	char *dir;
	struct hl_kustomization *k;
	bool root; /* holds .git: no ancestor is looked at */
};

/* The entry of `dir` (read on first use). */
static struct hl_kdir *kdir(struct hl_linter *l, const char *dir)
{
	size_t n = strlen(dir);
	if (l->nkdirs * 2 >= l->kcap) {
		size_t cap = l->kcap ? l->kcap * 2 : 64;
		struct hl_kdir **t = hl_xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < l->kcap; i++) {
			struct hl_kdir *e = l->kdirs[i];
			if (!e)
				continue;
			size_t j = hl_hash(e->dir, strlen(e->dir)) & (cap - 1);
			while (t[j])
				j = (j + 1) & (cap - 1);
			t[j] = e;
		}
		free(l->kdirs);
		l->kdirs = t;
		l->kcap = cap;
	}
	size_t j = hl_hash(dir, n) & (l->kcap - 1);
	while (l->kdirs[j]) {
		if (!strcmp(l->kdirs[j]->dir, dir))
			return l->kdirs[j];
		j = (j + 1) & (l->kcap - 1);
	}
	struct hl_kdir *e = hl_xcalloc(1, sizeof(*e));
	e->dir = hl_xstrdup(dir);
	e->k = hl_kustomization_read(*dir ? dir : "/");
	char *git = hl_xmalloc(n + 6);
	memcpy(git, dir, n);
	memcpy(git + n, "/.git", 6);
	struct stat st;
	e->root = lstat(git, &st) == 0;
	free(git);
	l->kdirs[j] = e;
	l->nkdirs++;
	return e;
}

const struct hl_kpatch *hl_linter_patch(struct hl_linter *l,
					const char *fspath, const char **kfile)
{
	struct stat st;
	char *real = fspath ? realpath(fspath, NULL) : NULL;
	if (!real || stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(real);
		return NULL;
	}
	const struct hl_kpatch *found = NULL;
	char *slash;
	while (!found && (slash = strrchr(real, '/')) != NULL) {
		*slash = '\0'; /* "" stands for / */
		const struct hl_kdir *e = kdir(l, real);
		found = hl_kustomization_patch(e->k, (uint64_t)st.st_dev,
					       (uint64_t)st.st_ino);
		if (found)
			*kfile = e->k->file;
		if (e->root)
			break;
	}
	free(real);
	return found;
}

void hl_linter_patches_free(struct hl_linter *l)
{
	for (size_t i = 0; i < l->kcap; i++) {
		if (!l->kdirs[i])
			continue;
		hl_kustomization_free(l->kdirs[i]->k);
		free(l->kdirs[i]->dir);
		free(l->kdirs[i]);
	}
	free(l->kdirs);
}
