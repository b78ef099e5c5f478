/*
 * kubernetes/split: reading a stream, and cutting a long one into parts
 * read on threads of their own. Private to src/kubernetes/.
 */
#ifndef HARDLINT_KUBERNETES_SPLIT_H
#define HARDLINT_KUBERNETES_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kubernetes/stream.h"

/* Reads one stream (a whole file, or a part of one) into units. */
struct hl_k8s_reader {
	struct hl_source *src;
	const struct hl_k8s_opts *o;
	const struct hl_k8s_ops *ops;
	void *ctx;
	struct hl_arena *names; /* template paths and messages */
	/* a cursor over the lines, for the comments between documents */
	uint32_t line;	  /* 1-based line at `off` */
	size_t off;	  /* offset of the start of `line` */
	uint32_t scanned; /* lines before this were looked at */
	size_t objects;	  /* objects handed over in units */
	size_t errors;	  /* errors reported */
	size_t templates; /* of them, Helm template errors */
	bool stopped;	  /* document_done said stop */
	size_t unchecked; /* JSON 6902 operations not judged */
	size_t fragments; /* pod specs with no apiVersion and kind, judged */
};

void hl_k8s_reader_init(struct hl_k8s_reader *y, struct hl_source *src,
			const struct hl_k8s_opts *o,
			const struct hl_k8s_ops *ops, void *ctx,
			struct hl_arena *names);

/* Read y's stream (y->src, from its start) to its end; false if
 * document_done stopped it. */
bool hl_k8s_read_stream(struct hl_k8s_reader *y);

/* Read y's stream in parts on threads, when it is long enough and more
 * than one thread is allowed; false (nothing read) when it is not. */
bool hl_k8s_split(struct hl_k8s_reader *y);

#endif
