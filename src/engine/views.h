/*
 * views: the typed selections the engine derives from a document once and
 * every rule reads: stages, instructions and images of a Dockerfile; objects,
 * pod specs, containers (with their effective security context), env vars and
 * images of Kubernetes objects. Each item is a mapping node that a rule's
 * paths start from, a place for findings about what it lacks, and an
 * identity for fingerprints. Views are computed lazily and cached per
 * document.
 */
#ifndef HARDLINT_ENGINE_VIEWS_H
#define HARDLINT_ENGINE_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/ast.h"
#include "dockerfile/dockerfile.h"
#include "engine/rules.h"
#include "core/source.h"

enum hl_view_id {
#define HL_VIEW(id, name, target, maker, what) HL_VIEW_##id,
#include "engine/views.def"
#undef HL_VIEW
	HL_VIEW__COUNT
};

struct hl_view_info {
	const char *name;
	enum hl_target target;
	const char *what;
};

/* The registry entry of view `id`. */
const struct hl_view_info *hl_view_info(int id);

/* The view a rule for `target` names `name`, or -1. */
int hl_view_find(const char *name, enum hl_target target);

struct hl_item {
	const struct hl_node *node; /* a mapping; rule paths start here */
	struct hl_span anchor;	    /* findings about what is missing */
	const char *object;	    /* identity, e.g. "Deployment/web
				       container app" */
	bool has_via;		    /* reached through a YAML alias: every
				       finding about it points at `via` */
	struct hl_span via;
};

struct hl_items {
	struct hl_item *items;
	size_t count;
	size_t cap;
};

/* One unit the engine checks: a Dockerfile, or one YAML document. */
struct hl_doc {
	enum hl_target target;
	const char *path; /* as printed */
	struct hl_source *src;
	struct hl_arena *arena; /* views are made here */
	const struct hl_node *root;
	const char *too_many;	   /* a view that passed HL_VIEW_MAX_ITEMS: its
				      name, and the document is not checked */
	struct hl_pos too_many_at; /* the first item past the limit */
	bool has_via;		   /* the root was reached through an alias */
	struct hl_span via; /* (a List item `- *obj`): findings go there */
	const struct hl_node *meta; /* what the front end knows beside the
				       tree: duplicates (the keys written
				       twice) for YAML; or NULL */
	/* values a rule needed that stayed unknown (a Helm `{{ }}` in a
	 * manifest), one a place: the engine notes them, lint.c reports */
	struct hl_unknown {
		struct hl_span span;
		const struct hl_node *node;
	} * unknowns;
	size_t nunknowns, ucap;
	/* rules a regex gave up on in this file, by index: not tried again
	 * (the caller's array of nrules, or NULL) */
	unsigned char *rules_off;
	bool computed[HL_VIEW__COUNT];
	struct hl_items views[HL_VIEW__COUNT];
};

/* Prepare `doc` for the given tree. */
void hl_doc_init(struct hl_doc *doc, enum hl_target target, const char *path,
		 struct hl_source *src, struct hl_arena *a,
		 const struct hl_node *root);

/* The items of view `id` in `doc`, computed on first use. */
const struct hl_items *hl_view_items(struct hl_doc *doc, int id);

/* Items one view may hold for one unit (an object; a Dockerfile): each
 * costs a few KB; a real object is far below (the API server takes 1.5 MB
 * at most), and a List is checked an item at a time. */
#define HL_VIEW_MAX_ITEMS 10000

#endif
