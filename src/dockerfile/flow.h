/*
 * flow: where the output of each command of a RUN script goes: the
 * programs before and after it in its pipeline, what its output reaches
 * (downstream, the pipeline a group it is in feeds, the command it is
 * substituted into and what that one's output reaches), and which of
 * those run it as code (a shell reading its standard input, `sh -c
 * "$(curl ..)"`, `bash <(curl ..)`). The run-command view and the
 * Dockerfile tree both read it.
 */
#ifndef HARDLINT_DOCKERFILE_FLOW_H
#define HARDLINT_DOCKERFILE_FLOW_H

#include <stddef.h>

#include "core/arena.h"
#include "dockerfile/shell.h"

/* A list of commands (indexes into the script's), often a slice of an
 * array another command's list shares: a pipeline of n commands costs n
 * slots, not n squared. */
struct hl_sh_cmds {
	const size_t *v;
	size_t n;
};

struct hl_sh_cmdflow {
	size_t program;		      /* argv index of the program it runs
					 (hl_sh_program), or argc */
	enum hl_sh_script_from from;  /* where that program takes its
					 script from (hl_sh_script_from) */
	size_t script_at;	      /* ... the argv index of it */
	struct hl_sh_cmds upstream;   /* commands before it in its pipeline
					 that name a program, in order */
	struct hl_sh_cmds downstream; /* ... after it */
	struct hl_sh_cmds output_to;  /* what its output reaches */
	struct hl_sh_cmds run_by;     /* those of them that run it as code */
};

/* The flow of every command of `sc` (an array of sc->ncmds, in `a`). */
struct hl_sh_cmdflow *hl_sh_flow(struct hl_arena *a,
				 const struct hl_sh_script *sc);

#endif
