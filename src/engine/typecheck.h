/*
 * typecheck: a rule's paths walked through the types of what they reach,
 * when the rule is loaded: the fields of a view's records (closed: a name
 * that is no field is an error), the Kubernetes API types a record passes
 * through to (closed, or open with near misses refused), lists and
 * mappings. A path that names nothing that exists is an error naming the
 * segment and what does exist, never a rule that cannot fire. Record keys
 * get their field's index, so the engine reads them without a lookup.
 */
#ifndef HARDLINT_ENGINE_TYPECHECK_H
#define HARDLINT_ENGINE_TYPECHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/ast.h"

/*
 * Walk `path` from a value of type `type` (hardlint.h's type grammar).
 * Returns true when every segment names something that may exist; else
 * false with *msg (in `a`) saying what is wrong and *off the byte of the
 * path's text where the bad segment starts. The type the path reaches is
 * left in *reached (a string of the grammar), when not NULL.
 */
bool hl_typecheck(struct hl_arena *a, const char *type, struct hl_path *path,
		  const char **msg, size_t *off, const char **reached);

#endif
