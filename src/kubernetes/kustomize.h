/*
 * kubernetes/kustomize: Kustomize patches, as RULES.md defines them. A
 * kustomization (kustomization.yaml, kustomization.yml or Kustomization)
 * names patch files under `patches`, `patchesStrategicMerge` and
 * `patchesJson6902`; such a file holds part of an object, so it is judged
 * for what it sets, never for what it lacks. This layer reads a
 * kustomization's list of patch files (which file each is: device and
 * inode, so that any path to it matches) and turns a JSON 6902 patch (a
 * list of operations) into the part of an object its operations set.
 */
#ifndef HARDLINT_KUBERNETES_KUSTOMIZE_H
#define HARDLINT_KUBERNETES_KUSTOMIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ast.h"

/* A kustomization is read only up to this size (a larger one names no
 * patch here). */
#define HL_KUSTOMIZATION_MAX ((size_t)1 << 20)
/* At most this many patches of one kustomization are kept. */
#define HL_KUSTOMIZATION_MAX_PATCHES 4096

struct hl_kpatch {
	uint64_t dev, ino; /* the file it names */
	char *kind;	   /* its target's kind, or NULL */
	char *api_version; /* its target's group/version, or NULL */
	char *name;	   /* its target's name, or NULL */
};

struct hl_kustomization {
	char *file; /* the kustomization read, or NULL: there is none */
	struct hl_kpatch *patches;
	size_t npatches;
};

/* The kustomization of directory `dir` (one that has none: file NULL and
 * no patches); never NULL. A kustomization that is a symlink, too big or
 * no YAML mapping names no patch. */
struct hl_kustomization *hl_kustomization_read(const char *dir);
void hl_kustomization_free(struct hl_kustomization *k);

/* The patch of `k` that is the file dev/ino, or NULL. */
const struct hl_kpatch *hl_kustomization_patch(const struct hl_kustomization *k,
					       uint64_t dev, uint64_t ino);

/* A strategic merge patch's `key: {$patch: delete}` removes the field:
 * read it as `key: null` (a null at that mapping's place). */
void hl_kustomize_deletes(struct hl_arena *a, struct hl_node *root);

/* Is `root` a JSON 6902 patch: a sequence of mappings with an `op`? */
bool hl_json6902_is_patch(const struct hl_node *root);

/* The part of an object that the operations of JSON 6902 patch `ops` set:
 * each add or replace puts its value at its path, each remove a null
 * there (a removed field is judged as one set to null), on an object of
 * `kind` and `api_version` (the kustomization's target; guessed from the
 * paths when it names none). Positions are the operations': a value's
 * own, else its `path`. *unchecked counts the operations that cannot be
 * judged so (test, move, copy; a path that is no JSON pointer). */
struct hl_node *hl_json6902_object(struct hl_arena *a,
				   const struct hl_node *ops, const char *kind,
				   const char *api_version, const char *name,
				   size_t *unchecked);

#endif
