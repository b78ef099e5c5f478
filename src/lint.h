/*
 * lint.h: the linter a caller makes once and lints many inputs with
 * (hardlint.h's opaque struct hl_linter), shared by lint.c, the one
 * route from an input to a finding, and linter.c, its making.
 */
#ifndef HL_LINT_H
#define HL_LINT_H

#include "core/source.h"
#include "dockerfile/dockerfile.h"
#include "engine/engine.h"
#include "hardlint.h"
#include "kubernetes/stream.h"

struct hl_linter {
	struct hl_lint_options o;
	struct hl_engine e; /* rules, enabled rules, matcher */
	struct hl_source_map map;
	struct hl_k8s_opts k8s;
	struct hl_df_opts build;
};

#endif
