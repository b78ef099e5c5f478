/*
 * nodes: the values of a parsed Dockerfile as AST nodes, made the same way
 * for the Dockerfile tree (--dump-ast, tree.c) and for the views' getters
 * (engine/views_dockerfile.c). Each keeps the place of the text it stands
 * for; a value a variable left unknown is an unknown scalar. All in `a`.
 */
#ifndef HARDLINT_DOCKERFILE_NODES_H
#define HARDLINT_DOCKERFILE_NODES_H

#include "core/ast.h"
#include "core/image.h"
#include "dockerfile/dockerfile.h"
#include "dockerfile/flow.h"

/* A piece of text, and a shell word (unknown when it holds an expansion). */
struct hl_node *hl_dfn_text(struct hl_arena *a, const struct hl_df_text *t);
struct hl_node *hl_dfn_word(struct hl_arena *a, const struct hl_sh_word *w);

/* Words [from, to) of `w` as a list at `span`. */
struct hl_node *hl_dfn_words(struct hl_arena *a, const struct hl_sh_word *w,
			     size_t from, size_t to, struct hl_span span);

/* A value partly unknown: its known parts, each unknown part a `?`. */
struct hl_node *hl_dfn_shown_unknown(struct hl_arena *a, const char *v);

/* Command `c`: the basename of its argv[0] (name), of the program it runs
 * at argv index `p` (program; NULL if p is past its words), the
 * wrappers before it (sudo, env, ...), and its redirections. */
struct hl_node *hl_dfn_name(struct hl_arena *a, const struct hl_sh_cmd *c);
struct hl_node *hl_dfn_program(struct hl_arena *a, const struct hl_sh_cmd *c,
			       size_t p);
struct hl_node *hl_dfn_wrappers(struct hl_arena *a, const struct hl_sh_cmd *c,
				size_t p);

/* The names rules read for a command's nesting and script source. */
const char *hl_dfn_nest_name(enum hl_sh_nest n);
const char *hl_dfn_from_name(enum hl_sh_script_from f);

/* Instruction `in`: its flags ({name: value}, a flag given more than once
 * the list of its values; NULL when it has none), its arguments as words,
 * its RUN --mount options ([{type, ...}], NULL when none). */
struct hl_node *hl_dfn_flags(struct hl_arena *a, const struct hl_df_instr *in);
struct hl_node *hl_dfn_argv(struct hl_arena *a, const struct hl_df_instr *in);
struct hl_node *hl_dfn_mounts(struct hl_arena *a,
			      const struct hl_df_instr *in);

/* Stage `st`: its effective USER and WORKDIR (NULL when none), the
 * ENV in effect ({name: value}), its shell when no SHELL sets one. */
struct hl_node *hl_dfn_user(struct hl_arena *a, const struct hl_df_stage *st);
struct hl_node *hl_dfn_workdir(struct hl_arena *a,
			       const struct hl_df_stage *st);
struct hl_node *hl_dfn_env(struct hl_arena *a, const struct hl_df_stage *st);
struct hl_node *hl_dfn_default_shell(struct hl_arena *a, bool windows);

/* An image reference as rules read it: what it resolved to, how a
 * message shows it ('ref', or 'ref' (resolved)), and its parts parsed
 * (not for a reference to a stage). */
struct hl_df_image_info {
	const char *resolved; /* NULL when a variable left it unknown */
	const char *display;
	struct hl_image_ref ref;
};
void hl_dfn_image_info(struct hl_arena *a, const struct hl_df_image *im,
		       struct hl_df_image_info *out);

/* A part of an image reference by its state: NULL when absent, unknown
 * when a variable may supply it. */
struct hl_node *hl_dfn_image_part(struct hl_arena *a, enum hl_part_state st,
				  const char *value, struct hl_span span);

#endif
