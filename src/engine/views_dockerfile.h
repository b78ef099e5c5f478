/*
 * views_dockerfile.h: what the two files of the Dockerfile's views share
 * (views_dockerfile.c: stages, instructions, heredocs, images, problems;
 * views_dockerfile_run.c: the commands a RUN runs and the packages they
 * install): a document's view context, and the records made once in it.
 */
#ifndef HL_ENGINE_VIEWS_DOCKERFILE_H
#define HL_ENGINE_VIEWS_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "dockerfile/dockerfile.h"
#include "dockerfile/flow.h"
#include "engine/views.h"

/* A Dockerfile document's view context: the parse, and the records made
 * so far (one a stage, instruction, image, RUN script), shared by every
 * view and field that leads to them. */
struct hl_dfv {
	const struct hl_dockerfile *df;
	struct hl_arena *a;
	struct hl_node **stages, **instrs, **images;
	struct hl_dfv_script **scripts; /* by instruction index; [n + i]: the
				    ONBUILD RUN of instruction i */
	const char **stage_keys, **instr_keys; /* identities, made once */
	char **squeezed; /* "stage:name" of each ENV/ARG, squeezed and sorted
			    (variable `paired`), made on first use */
	size_t nsqueezed;
	bool *ships; /* by stage (hl_dfv_ships), made on first use */
	struct hl_dfv_taken {
		int stage;	  /* a stage that does not ship ... */
		const char *path; /* ... and a path a shipping stage's COPY
				     --from takes from it, absolute */
	} *taken;		  /* made on first use (copied-out) */
	size_t ntaken;
	bool taken_made;
};

/* A RUN's split script, with what its commands share. */
struct hl_dfv_script {
	const struct hl_sh_script *sc;
	const struct hl_df_instr *at; /* the instruction in the file (the
					 ONBUILD, for its RUN) */
	bool onbuild;
	const struct hl_sh_cmdflow *flow;
	struct hl_node **prog; /* each command's program, or NULL */
	struct hl_node **cmds; /* each command's record */
};

struct hl_dfv_cmd {
	const struct hl_dfv_script *s;
	size_t i;
};

extern const struct hl_rtype hl_dfv_stage_type, hl_dfv_instr_type,
	hl_dfv_image_type, hl_dfv_cmd_type, hl_dfv_redirect_type,
	hl_dfv_pkg_type, hl_dfv_package_type, hl_dfv_heredoc_type,
	hl_dfv_cfile_type,
	hl_dfv_problem_type, hl_dfv_var_type;

/* The view context of the document record `rec` belongs to. */
static inline struct hl_dfv *hl_dfv_of(const struct hl_node *rec)
{
	return rec->u.record->ctx;
}

/* The view context of `d`, made on first use. */
struct hl_dfv *hl_dfv_get(struct hl_doc *d);

/* The record of the k-th instruction of the file. */
const struct hl_node *hl_dfv_top_instr(struct hl_dfv *v, size_t k);

/* The instruction fields of views_dockerfile_copy.c: `copied` (the
 * context files a COPY or ADD takes) and `copied-out`. */
const struct hl_node *hl_dfv_copied(const struct hl_node *r,
				    const struct hl_df_instr *in);
const struct hl_node *hl_dfv_copied_out(const struct hl_node *r,
					const struct hl_df_instr *in);

/* Does stage `k` ship: is it the final stage, or one the final stage is
 * built FROM (its layers are the final image's)? */
bool hl_dfv_ships(struct hl_dfv *v, int k);

#define HL_DFV_SHIPS_MEANING                                                  \
	"its stage ships: the final stage, or one the final stage is built " \
	"FROM"

/* The split script of instruction `top` (or of the RUN its ONBUILD
 * holds), or NULL when it has none. */
struct hl_dfv_script *
hl_dfv_script(struct hl_dfv *v, const struct hl_df_instr *top, bool onbuild);

/* `stage k` by name or number, or "before FROM". */
const char *hl_dfv_stage_label(struct hl_dfv *v, int k);

/* What stage k is (views.h, hl_key): its name, or its base reference as
 * written and its ordinal among the stages built on that one; -1: the
 * global scope before the first FROM. */
const char *hl_dfv_stage_key(struct hl_dfv *v, int k);
/* What the k-th instruction of the file is: its stage's key, its
 * keyword and its arguments with their blanks folded (the same text
 * twice in a stage tells apart by the ordinal of exact ties). */
const char *hl_dfv_instr_key(struct hl_dfv *v, size_t k);

#endif
