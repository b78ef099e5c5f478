/*
 * yaml: libyaml's event API into AST documents, one at a time. Every node
 * keeps its 1-based span; anchors, aliases and merge keys (<<) are resolved
 * as Kubernetes does (the latest definition of an anchor wins); duplicate
 * keys are recorded; scalars are typed as YAML 1.1. Limits on nesting and
 * alias expansion turn hostile input into an error for that document. The
 * only module that includes <yaml.h>.
 */
#ifndef HARDLINT_KUBERNETES_YAML_H
#define HARDLINT_KUBERNETES_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ast.h"
#include "core/error.h"
#include "core/source.h"

struct hl_yaml_opts {
	uint32_t max_depth;	  /* deepest nesting of collections */
	uint64_t max_alias_nodes; /* nodes reachable through aliases, per doc */
	uint64_t max_nodes;	  /* nodes written in one document */
	bool no_aliases;	  /* anchors and aliases are an error */
	bool fixed_limits;	  /* the limits are no options of the user's
				     (rule files): messages name none */
	bool release_each;	  /* release the arena after each document */
};

#define HL_YAML_MAX_DEPTH 1000
#define HL_YAML_MAX_ALIAS_NODES 1000000
#define HL_YAML_MAX_NODES 400000
#define HL_YAML_MAX_DUPLICATES 1000

/* The defaults above, aliases allowed, documents kept. */
void hl_yaml_opts_init(struct hl_yaml_opts *o);

/* A key written twice in one mapping (Kubernetes keeps the last). */
struct hl_yaml_dup {
	const struct hl_node *first;  /* the earlier key */
	const struct hl_node *second; /* the later key */
	const struct hl_node *value;  /* the later key's value */
};

struct hl_yaml_doc {
	uint32_t index;	      /* 0-based place in the stream */
	struct hl_node *root; /* NULL for an empty document */
	struct hl_span span;  /* of the whole document */
	struct hl_yaml_dup *dups;
	size_t ndups;
	struct hl_arena *arena; /* where the nodes live */
	size_t end_offset;	/* at most the byte offset of its end */
};

/* Called for each document; return false to stop reading. */
typedef bool (*hl_yaml_doc_fn)(struct hl_yaml_doc *doc, void *ctx);
/* Called for each error: a document that cannot be read. */
typedef void (*hl_yaml_err_fn)(const struct hl_diag *diag, void *ctx);

/*
 * Read every document of `src`. Nodes are made in `a` (released after each
 * document when opts->release_each). A document that crosses a limit is
 * reported through `on_err` and reading goes on with the next one; a syntax
 * error is reported and ends the stream. Returns HL_OK if every document was
 * read, else the code of the first error.
 */
enum hl_err hl_yaml_parse(struct hl_source *src, struct hl_arena *a,
			  const struct hl_yaml_opts *opts,
			  hl_yaml_doc_fn on_doc, hl_yaml_err_fn on_err,
			  void *ctx);

/* libyaml's version, as it says it. */
const char *hl_yaml_version(void);

#endif
