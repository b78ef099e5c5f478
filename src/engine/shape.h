/*
 * engine/shape: a YAML document (our positioned AST) checked against a
 * libcyaml schema before libcyaml loads it, so what libcyaml would reject
 * (an unknown or misspelt key, a key given twice, a list where a string
 * belongs, a missing key) is reported with its line and column and a
 * hint. Used by the rule loader and the configuration loader.
 */
#ifndef HARDLINT_ENGINE_SHAPE_H
#define HARDLINT_ENGINE_SHAPE_H

#include <stdbool.h>

#include <cyaml/cyaml.h>

#include "core/ast.h"

typedef void (*hl_shape_err_fn)(void *ctx, const char *file,
				struct hl_pos pos, const char *msg);

/* Does `n` have the shape of `s`? Each mismatch goes to `err` (`what`
 * names the document in messages: "rule", "configuration"). */
bool hl_shape_check(const struct hl_node *n, const cyaml_schema_value_t *s,
		    const char *what, const char *file, hl_shape_err_fn err,
		    void *ctx);

#endif
