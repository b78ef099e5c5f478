/*
 * kind: what an input is, by its file name or its content.
 */
#ifndef HARDLINT_CORE_KIND_H
#define HARDLINT_CORE_KIND_H

#include <stddef.h>

enum hl_kind {
	HL_KIND_NONE, /* not ours, or not known yet */
	HL_KIND_DOCKERFILE,
	HL_KIND_KUBERNETES, /* YAML or JSON that may hold manifests */
	HL_KIND__COUNT
};

/* What a file named `basename` is, by its name alone. */
enum hl_kind hl_kind_by_name(const char *basename);

/* What `len` bytes of content look like: a Dockerfile if the first line
 * that is not blank or a comment starts with an instruction (or the file
 * opens with a parser directive), else Kubernetes. */
enum hl_kind hl_kind_by_content(const char *data, size_t len);

#endif
