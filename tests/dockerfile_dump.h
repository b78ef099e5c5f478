/*
 * dockerfile_dump: a test helper, not part of the library. Writes the parse
 * as BuildKit's parser dumps it (its test files' `result` format: one line
 * an instruction, `(cmd ["--flag"] "arg" ...)`, arguments split the way
 * BuildKit splits each instruction, strings quoted as Go's %q), so the
 * parse can be compared with BuildKit's own.
 */
#ifndef HARDLINT_TESTS_DOCKERFILE_DUMP_H
#define HARDLINT_TESTS_DOCKERFILE_DUMP_H

#include "core/buf.h"
#include "dockerfile/dockerfile.h"

void hl_dockerfile_dump_buildkit(const struct hl_dockerfile *df,
				 struct hl_buf *out);

#endif
