/*
 * kind: what an input is, by its file name (hl_kind_by_name, in
 * hardlint.h) or its content.
 */
#ifndef HARDLINT_CORE_KIND_H
#define HARDLINT_CORE_KIND_H

#include <stddef.h>

#include "hardlint.h"

/* What `len` bytes of content look like: a Dockerfile if the first line
 * that is not blank or a comment starts with an instruction (or the file
 * opens with a parser directive), else Kubernetes. */
enum hl_kind hl_kind_by_content(const char *data, size_t len);

#endif
