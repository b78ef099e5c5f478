/*
 * views: what rules iterate over. A view turns a document into items: the
 * stages, instructions, images, run commands and package installs of a
 * Dockerfile; the objects, pod specs, containers, env entries, volumes,
 * images and duplicate keys of Kubernetes objects. Each item is a typed
 * record (core/ast.h) whose fields are declared once, as data, with their
 * type, meaning and getter (views_dockerfile.c, views_kubernetes.c): the
 * loader checks rule paths against these tables, --list-views prints them,
 * and docs/RULE-FORMAT.md's table is generated from them. An item also
 * has a place for findings about what it lacks (its anchor) and an
 * identity for fingerprints. Views are computed lazily and cached per
 * document.
 */
#ifndef HARDLINT_ENGINE_VIEWS_H
#define HARDLINT_ENGINE_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/ast.h"
#include "core/source.h"
#include "hardlint.h"

enum hl_view_id {
	HL_VIEW_DF_STAGE,
	HL_VIEW_DF_INSTRUCTION,
	HL_VIEW_DF_IMAGE,
	HL_VIEW_DF_RUN_COMMAND,
	HL_VIEW_DF_PACKAGE_INSTALL,
	HL_VIEW_DF_SYNTAX,
	HL_VIEW_DF_VARIABLE,
	HL_VIEW_DF_SUPPRESSION,
	HL_VIEW_K8S_OBJECT,
	HL_VIEW_K8S_POD,
	HL_VIEW_K8S_CONTAINER,
	HL_VIEW_K8S_ENV,
	HL_VIEW_K8S_VOLUME,
	HL_VIEW_K8S_DUPLICATE_KEY,
	HL_VIEW_K8S_IMAGE,
	HL_VIEW_K8S_CONFIG_ENTRY,
	HL_VIEW_K8S_SUPPRESSION,
	HL_VIEW__COUNT
};

/* The view a rule for `target` names `name`, or -1. */
int hl_view_find(const char *name, enum hl_target target);

struct hl_item {
	const struct hl_node *node; /* a record (or a mapping): rule paths
				       start here */
	struct hl_span anchor;	    /* findings about what is missing */
	const char *object;	    /* for people: "Deployment/web
				       container app" */
	const char *key;	    /* its identity, for fingerprints (never
				       a place: hl_key_*), or NULL: object */
	bool has_via;		    /* reached through a YAML alias: every
				       finding about it points at `via` */
	struct hl_span via;
};

struct hl_items {
	struct hl_item *items;
	size_t count;
	size_t cap;
};

struct hl_k8s_dup;

/* One unit the engine checks: a Dockerfile, or one object (or document)
 * of a YAML stream. */
struct hl_doc {
	enum hl_target target;
	const char *path;  /* as printed */
	const char *input; /* the input's own path (a rendered template's
			      document, read from standard input, prints the
			      template's): fingerprints use this one */
	struct hl_source *src;
	struct hl_arena *arena;	    /* views are made here */
	const struct hl_node *root; /* the YAML object; NULL for a
				       Dockerfile (unless dumped) */
	const struct hl_node *whole; /* the YAML document the object is in
					(a List's whole), or NULL: root */
	const void *front;	    /* the front end's typed result: the
				       struct hl_dockerfile */
	void *vctx;		    /* the views' own context, made on use */
	const char *too_many;	    /* a view that passed HL_VIEW_MAX_ITEMS: its
				       name, and the document is not checked */
	struct hl_pos too_many_at;  /* the first item past the limit */
	const struct hl_rules *rs; /* the rules checking it (their shared
				      lists: policy-groups) */
	/* the lines of the global suppression pragmas of a Dockerfile
	 * (engine/suppress.c), found on first use */
	uint32_t *globals;
	size_t nglobals;
	bool globals_made;
	/* the suppressions that accepted a finding: the rule name's line
	 * and text (engine/suppress.c), for --report-unused-suppressions */
	struct hl_used {
		uint32_t line;
		const char *name;
		size_t len;
	} * used;
	size_t nused, usedcap;
	bool patch; /* a Kustomize patch: only findings about what it sets
		       are kept (RULES.md), none about what it lacks */
	bool has_via;		    /* the root was reached through an alias */
	struct hl_span via; /* (a List item `- *obj`): findings go there */
	const struct hl_k8s_dup *dups; /* YAML: the keys written twice in
					  it (kubernetes/stream.h) */
	size_t ndups;
	/* values a rule needed that stayed unknown (a Helm `{{ }}` in a
	 * manifest), one a place: the engine notes them, lint.c reports */
	struct hl_unknown {
		struct hl_span span;
		const struct hl_node *node;
	} * unknowns;
	size_t nunknowns, ucap;
	/* the values of the names that read as secret: masked wherever a
	 * message quotes them (the engine's, made on first use) */
	struct hl_secret {
		const char *s;
		size_t len;
	} * secrets;
	size_t nsecrets, scap;
	struct hl_secret *names; /* the names and images it writes */
	size_t nnames, ncap;
	bool secrets_made;
	/* rules a regex gave up on in this file, by index: not tried again
	 * (the caller's array of nrules, or NULL) */
	unsigned char *rules_off;
	bool computed[HL_VIEW__COUNT];
	struct hl_items views[HL_VIEW__COUNT];
};

/* `s` lower-cased without _ - . into out (false: too long): names compared
 * as a reader does (MINIO_ACCESS_KEY, minio-access-key). */
bool hl_name_squeeze(const char *s, char *out, size_t cap);

/* The values `doc` gives a name, each handed to `fn` (the name, then
 * the value): a Dockerfile's ARG and ENV values, as written and after
 * substitution (a --build-arg's included), its stage names ("name") and
 * images as written ("image"); a YAML document's mapping entries whose
 * value is a scalar (`alias`: reached through an alias), and each
 * name:/value: pair (an env item). The engine masks, wherever a message
 * quotes them, the values of the names that read as secret, unless the
 * document also writes them as a name or an image (then they are no
 * secret: a password "mysql" beside a container "mysql"). */
typedef void hl_named_fn(void *ctx, const char *name, size_t nlen,
			 const char *value, size_t vlen, bool alias);
void hl_doc_named_values(const struct hl_doc *doc, hl_named_fn *fn,
			 void *ctx);

/* Prepare `doc` for a tree (root) or a typed front-end result (front). */
void hl_doc_init(struct hl_doc *doc, enum hl_target target, const char *path,
		 struct hl_source *src, struct hl_arena *a,
		 const struct hl_node *root, const void *front);

/* The items of view `id` in `doc`, computed on first use. */
const struct hl_items *hl_view_items(struct hl_doc *doc, int id);

/* Items one view may hold for one unit (an object; a Dockerfile): each
 * costs a few KB; a real object is far below (the API server takes 1.5 MB
 * at most), and a List is checked an item at a time. */
#define HL_VIEW_MAX_ITEMS 10000

/* The record type named `name`, or NULL. */
const struct hl_rtype *hl_rtype_find(const char *name);

/*
 * Identities, for fingerprints (../shared/DESIGN.md, "Findings and
 * errors"): what an item is, never where it is, so that moving lines,
 * reordering objects or adding a stage keeps every other fingerprint. A
 * key is a chain of tagged parts, each its whole bytes with its length (a
 * NUL inside is a byte like any other), kept as the 64-bit digest of
 * `PARENT|tag=LEN:bytes`, PARENT the parent key (16 hex digits): two
 * identities make one key only by a hash collision, and a key's cost is
 * its own part's, not its ancestors'.
 */
const char *hl_key(struct hl_arena *a, const char *parent, const char *tag,
		   const char *s, size_t len);
/* The same, of a scalar node's whole text ("-" when it is none). */
const char *hl_key_node(struct hl_arena *a, const char *parent,
			const char *tag, const struct hl_node *n);
/* Set the key of the item just pushed to `v` (if it was: it held
 * `before` items then). */
void hl_view_key(struct hl_items *v, size_t before, const char *key);

/* For the view files: add an item (and, with `via`, one reached through
 * an alias, whose findings all point there). */
void hl_view_push(struct hl_doc *d, struct hl_items *v,
		  const struct hl_node *node, struct hl_span anchor,
		  const char *object);
void hl_view_push_via(struct hl_doc *d, struct hl_items *v,
		      const struct hl_node *node, struct hl_span anchor,
		      const char *object, const struct hl_span *via);

/* The makers of views_dockerfile.c and views_kubernetes.c: each appends
 * the items of its view to `v`. */
void hl_df_stages(struct hl_doc *d, struct hl_items *v);
void hl_df_instructions(struct hl_doc *d, struct hl_items *v);
void hl_df_images(struct hl_doc *d, struct hl_items *v);
void hl_df_run_commands(struct hl_doc *d, struct hl_items *v);
void hl_df_packages(struct hl_doc *d, struct hl_items *v);
void hl_df_syntax(struct hl_doc *d, struct hl_items *v);
void hl_df_suppressions(struct hl_doc *d, struct hl_items *v);
void hl_k8s_suppressions(struct hl_doc *d, struct hl_items *v);
/* An item of a suppression view: the rule name it gives and its place. */
const char *hl_suppression_name(const struct hl_item *it, struct hl_span *at,
				const char **where);
extern const struct hl_rtype hl_sup_df_type, hl_sup_k8s_type;
void hl_df_variables(struct hl_doc *d, struct hl_items *v);
void hl_df_named_values(const struct hl_doc *d, hl_named_fn *fn, void *ctx);
void hl_k8s_objects(struct hl_doc *d, struct hl_items *v);
void hl_k8s_pods(struct hl_doc *d, struct hl_items *v);
void hl_k8s_containers(struct hl_doc *d, struct hl_items *v);
void hl_k8s_env(struct hl_doc *d, struct hl_items *v);
void hl_k8s_volumes(struct hl_doc *d, struct hl_items *v);
void hl_k8s_config_entries(struct hl_doc *d, struct hl_items *v);
void hl_k8s_duplicates(struct hl_doc *d, struct hl_items *v);
void hl_k8s_images(struct hl_doc *d, struct hl_items *v);

/* The record types of each file, NULL-terminated. */
extern const struct hl_rtype *const hl_df_types[];
extern const struct hl_rtype *const hl_k8s_types[];

#endif
