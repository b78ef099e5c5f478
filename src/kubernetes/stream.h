/*
 * kubernetes/stream: a YAML or JSON file of manifests read into the units
 * the engine checks. Each document is read into a tree of its own and
 * released after it; a List's objects are units one at a time; the keys a
 * document writes twice go with the unit they belong to. Rendered Helm
 * output (`# Source: PATH` comments) names each document's template; an
 * unrendered Helm template is an error telling how to render it. A large
 * stream is cut at `---` lines and read on several threads, its units
 * handed over in stream order. This layer never runs rules: units and
 * errors go to the caller's callbacks.
 */
#ifndef HARDLINT_KUBERNETES_STREAM_H
#define HARDLINT_KUBERNETES_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ast.h"
#include "core/error.h"
#include "core/source.h"
#include "kubernetes/yaml.h"

/* A key written twice in one mapping (Kubernetes applies the last). */
struct hl_k8s_dup {
	const struct hl_yaml_dup *d;
	const struct hl_node *later; /* the same key written yet again after
					d->second, or NULL */
};

/* One thing to check: an object of the stream (each object of a List on
 * its own), or a document as a whole. */
struct hl_k8s_unit {
	struct hl_source *src; /* the stream (or the part of it) read */
	const struct hl_node *root;
	const struct hl_node *doc; /* the YAML document it is in (a List's
				      whole, for one of its items) */
	const struct hl_k8s_dup *dups; /* the keys written twice in it */
	size_t ndups;
	const struct hl_span *via;  /* the root was reached through an
				       alias (a List item `- *obj`):
				       findings point there; or NULL */
	const char *tmpl;	    /* rendered Helm output: the template it
				       came from (# Source:), or NULL */
	uint32_t tmpl_line;	    /* the line of that comment */
	struct hl_arena *arena;	    /* scratch for the unit's views, released
				       after the unit */
	size_t objects;		    /* Kubernetes objects in it (0 or 1) */
	bool partial; /* a pod spec with no apiVersion and kind around it
			 (hl_k8s_fragment): judged on what it sets */
};

/* An error of the stream, at a line of the input; in rendered Helm
 * output also where it stands in its template. */
struct hl_k8s_error {
	struct hl_source *src;	  /* the stream (or part) it is in */
	struct hl_diag diag;	  /* line: the input's */
	const char *tmpl;	  /* the template, or NULL */
	uint32_t tmpl_line;	  /* diag.line in the template's lines */
	const char *tmpl_message; /* the message, its "at L:C" in the
				     template's lines */
};

struct hl_k8s_part; /* a part of a stream split among threads */

struct hl_k8s_ops {
	/* a unit to check, in stream order */
	void (*unit)(void *ctx, const struct hl_k8s_unit *u);
	/* an error (the rest of the stream is still read) */
	void (*error)(void *ctx, const struct hl_k8s_error *e);
	/* after each document; false stops the reading */
	bool (*document_done)(void *ctx);
	/* at the end of a stream or of a part of one: what was kept may go
	 * out (the parts after it come after it) */
	void (*stream_done)(void *ctx);
	/* A split stream: a context for a part (units and errors of part
	 * 0 go to the caller's own context; each other part gets its own,
	 * read on a thread of its own); merged, in order, when the part is
	 * read and the parts before it are out; freed after. */
	void *(*part_new)(void *ctx, struct hl_k8s_part *part);
	void (*part_merge)(void *ctx, void *pctx);
	void (*part_free)(void *ctx, void *pctx);
};

struct hl_k8s_opts {
	struct hl_yaml_opts yaml;
	bool dump;	     /* every document a unit, object or not, Lists
				whole */
	unsigned threads;    /* split a long stream among this many */
	size_t parallel_min; /* ... when it is this long (0: 16 MiB) */
	/* the file is a Kustomize patch (kustomize.h): a JSON 6902 one is
	 * read as the part of an object of this kind (NULL: guessed) that
	 * its operations set */
	bool patch;
	const char *patch_kind, *patch_api_version, *patch_name;
	/* a chart's template is skipped (and said so), not an error: a file
	 * a directory walk found, or --helm-templates=skip */
	bool helm_skip;
};

/* What came of a file. */
struct hl_k8s_result {
	size_t objects;	     /* objects checked */
	const char *skipped; /* not a manifest at all: why, else NULL */
	bool drop_errors;    /* and its errors are not ours to report */
	size_t unchecked;    /* JSON 6902 operations that were not judged */
	size_t fragments;    /* documents with no apiVersion and kind judged
				as the pod spec they hold */
	bool helm;	     /* skipped as a Helm chart's template */
};

/*
 * Read the manifests of `src` (file `fspath`, or NULL for standard input)
 * into units for `ops`. `explicit`: the file was named as a manifest (by
 * the caller or its name), so that one that does not parse is an error;
 * else a file that does not parse and names no apiVersion and kind is
 * skipped as somebody else's YAML.
 */
void hl_k8s_read_file(struct hl_source *src, const char *fspath,
		      bool explicit, const struct hl_k8s_opts *o,
		      const struct hl_k8s_ops *ops, void *ctx,
		      struct hl_k8s_result *out);

/* For a part read on a thread of its own: wait until the parts before it
 * are out, so that its units may go out as they come. False if the part
 * is not on a thread of its own, or the stream is to be read again from
 * it on one thread (then stop: document_done returns false). */
bool hl_k8s_take_turn(struct hl_k8s_part *part);

#endif
