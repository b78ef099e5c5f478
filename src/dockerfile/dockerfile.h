/*
 * dockerfile: the Dockerfile (Containerfile) front end. A tokenizer turns
 * the source into logical instructions (directives, escape character,
 * continuation lines, comments, flags, exec and shell form), a parser into
 * stages with their variables, base images and users, and hl_dockerfile_tree
 * into the shared AST the rule engine reads. Problems the parser recovers
 * from are kept as problems (df-syntax findings); nothing here is an error.
 */
#ifndef HARDLINT_DOCKERFILE_DOCKERFILE_H
#define HARDLINT_DOCKERFILE_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/ast.h"
#include "core/error.h"
#include "dockerfile/shell.h"
#include "core/source.h"

enum hl_df_cmd {
	HL_DF_ADD,
	HL_DF_ARG,
	HL_DF_CMD,
	HL_DF_COPY,
	HL_DF_ENTRYPOINT,
	HL_DF_ENV,
	HL_DF_EXPOSE,
	HL_DF_FROM,
	HL_DF_HEALTHCHECK,
	HL_DF_LABEL,
	HL_DF_MAINTAINER,
	HL_DF_ONBUILD,
	HL_DF_RUN,
	HL_DF_SHELL,
	HL_DF_STOPSIGNAL,
	HL_DF_USER,
	HL_DF_VOLUME,
	HL_DF_WORKDIR,
	HL_DF_UNKNOWN,
	HL_DF__COUNT
};

/* The upper-case name of `cmd` ("RUN"). */
const char *hl_df_cmd_name(enum hl_df_cmd cmd);

/* A piece of an instruction: its logical text (continuations joined, so
 * possibly not a slice of the source), where it stands in the source, and
 * the map from its bytes to source offsets (see struct hl_mtext). */
struct hl_df_text {
	const char *s; /* NUL-terminated */
	size_t len;
	struct hl_span span;
	const struct hl_tseg *segs;
	size_t nsegs;
};

/* `t` as mapped text. */
static inline struct hl_mtext hl_df_mtext(const struct hl_df_text *t)
{
	struct hl_mtext m = {t->s, t->len, t->segs, t->nsegs};
	return m;
}

struct hl_df_flag {
	struct hl_df_text name;	 /* without the leading -- */
	struct hl_df_text value; /* s is NULL for a flag without =; quotes
				    removed */
	struct hl_df_text raw;	 /* the whole --name=value as written */
	struct hl_span span;	 /* the same */
};

/* A heredoc (<<EOF) of RUN, COPY or ADD: its body is the lines after the
 * instruction up to the terminator. */
struct hl_df_heredoc {
	struct hl_df_text marker; /* the <<EOF word */
	const char *name;	  /* EOF */
	struct hl_df_text body;	  /* with a newline after each line; for <<-
				     leading tabs removed */
	bool expand;		  /* the name was not quoted */
	bool chomp;		  /* <<- */
	bool terminated;	  /* false: it ran to the end of the file */
};

/* One RUN --mount=...: its type (bind when not given) and its options. */
struct hl_df_mount {
	const char *type;    /* bind, cache, tmpfs, secret or ssh */
	const char **keys;   /* options as written: target, from, id, ... */
	const char **values; /* their values ("true" for a bare flag) */
	size_t n;
	struct hl_span span; /* the flag */
};

struct hl_df_instr {
	enum hl_df_cmd cmd;
	struct hl_df_text keyword; /* as written */
	struct hl_df_flag *flags;
	size_t nflags;
	struct hl_df_text args;	 /* after the flags, as written */
	bool exec_form;		 /* args is a JSON array of strings */
	struct hl_df_text *argv; /* exec form: the strings; else words */
	size_t argc;
	struct hl_span span; /* keyword to the end of the arguments */
	int stage;	     /* index of its stage, -1 before any FROM */
	int index;	     /* in hl_dockerfile.instrs; -1 if ONBUILD's */
	struct hl_df_instr *wrapped; /* ONBUILD: the instruction it holds */
	struct hl_df_mount *mounts;  /* RUN --mount, parsed */
	size_t nmounts;
	struct hl_sh_script *script;	/* RUN: the commands it runs, split;
					   NULL when its shell is not POSIX */
	struct hl_df_heredoc *heredocs; /* RUN, COPY, ADD */
	size_t nheredocs;
	const struct hl_df_instr *shell; /* RUN, CMD, ENTRYPOINT: the SHELL in
					    effect, or NULL: the default */
	const char **expanded; /* COPY, ADD, EXPOSE, WORKDIR: each of argv
				  after the stage's
				  ARG and ENV substitution (BuildKit expands
				  their arguments), NULL where a variable
				  left it unknown; NULL before the stage */
	bool windows;			 /* in a stage on a Windows base */
};

/* One variable of a stage: an ARG or ENV with its value. */
struct hl_df_var {
	const char *name;
	const char *value; /* NULL: declared without a value */
	bool unknown;	   /* value not known statically */
	bool env;	   /* ENV (inherited by child stages) rather than ARG */
};

/* One name an ENV or ARG instruction defines (each pair of an ENV with
 * several), in file order. */
struct hl_df_def {
	const struct hl_df_instr *in;
	struct hl_df_text name;	  /* the name as written */
	struct hl_df_text value;  /* the value as written; s NULL: ARG with no
				     default */
	const char *key;	  /* the name (a quoted one unquoted) */
	const char *expanded;	  /* the value after substitution, or NULL */
	bool unknown;		  /* a variable left the value unknown */
	bool env;		  /* ENV rather than ARG */
	bool build_arg;		  /* --build-arg gave the value */
	bool global_default;	  /* an ARG with no default in a stage that
				     redeclares a global ARG (its default) */
	int stage;		  /* its stage, -1 for a global ARG */
};

struct hl_df_image {
	struct hl_df_text text; /* as written */
	const char *value;	/* after substitution; HL_IMAGE_UNKNOWN bytes
				   mark unresolved variables */
	bool unknown;		/* holds an unresolved variable */
	int stage;		/* the earlier stage it names, or -1 */
	const char *source;	/* "from", "copy-from" or "mount-from" */
	int in_stage;		/* index of the stage it appears in */
	const struct hl_df_instr *instr;
};

/* A stage's state at its end: what it set itself, or inherited from the
 * stage it is built FROM. */
struct hl_df_stage {
	int index;
	struct hl_df_text name;		/* AS name; s NULL if none */
	struct hl_df_instr *from;	/* its FROM */
	size_t base;			/* index into images of its base */
	int parent;			/* the stage FROM names, or -1 */
	const struct hl_df_instr *user; /* last USER, inherited too; or NULL */
	const char *user_value;		/* that USER after substitution */
	bool user_unknown;
	const struct hl_df_instr *workdir; /* last WORKDIR, or NULL */
	const char *workdir_value;	   /* the directory it leaves, made
					      absolute against earlier ones */
	bool workdir_unknown;
	const struct hl_df_instr *shell; /* last SHELL, or NULL: /bin/sh -c */
	const struct hl_df_instr *healthcheck; /* last HEALTHCHECK, or NULL */
	const struct hl_df_instr *cmd;	       /* last CMD, or NULL */
	const struct hl_df_instr *entrypoint;  /* last ENTRYPOINT, or NULL */
	struct hl_df_var *vars; /* in scope at the end of the stage */
	size_t nvars;
	size_t first, count; /* its instructions: instrs[first..+count) */
	bool windows;	     /* a Windows base (or built on one): cmd /S /C
				is its default shell */
};

/* A value that stayed unknown where a check needed it: the variables
 * that had no value, and where. */
struct hl_df_unresolved {
	struct hl_span span;
	const char *what;      /* "FROM", "USER", "COPY --from", ... */
	const char *variables; /* "BASE, TAG" */
};

struct hl_df_problem {
	struct hl_span span;
	const char *message;
	const char *kind; /* syntax; before-from (an instruction before the
			     first FROM), duplicate-stage, copy-from (a
			     --from naming its own or a later stage, or no
			     stage at all) */
};

struct hl_context;

/* Where a Dockerfile's build context is: read (through `read`, which may
 * keep it for other Dockerfiles of the same context) when a rule first
 * asks for it. */
struct hl_df_ctxref {
	const char *dir;	/* NULL: none (standard input) */
	const char *dockerfile; /* the Dockerfile's path, or NULL */
	const struct hl_context *(*read)(void *cache, const char *dir,
					 const char *dockerfile);
	void *cache;
	const struct hl_context *ctx; /* once read */
	bool asked;		      /* a rule asked for it */
};

struct hl_dockerfile {
	struct hl_source *src;
	struct hl_df_ctxref *context; /* NULL: not known */
	char escape;		     /* \ or ` */
	const char *syntax;	     /* # syntax= directive, or NULL */
	struct hl_df_instr **instrs; /* top-level instructions, in order */
	size_t ninstrs;
	struct hl_df_stage *stages;
	size_t nstages;
	struct hl_df_image *images; /* every image reference */
	size_t nimages;
	struct hl_df_def *defs;	   /* every ENV and ARG name, in order */
	size_t ndefs;
	struct hl_df_var *globals; /* ARGs before the first FROM */
	size_t nglobals;
	struct hl_df_problem *problems;
	size_t nproblems;
	struct hl_df_unresolved *unresolved;
	size_t nunresolved;
	int target;	       /* the stage that ships */
	struct hl_diag *error; /* a limit was hit: the file is not
				  checked (NULL if none) */
};

/* Limits: crossing one makes the file an error, never a hang or an
 * exhausted machine. */
/* A Dockerfile is read whole; the largest of thousands of real ones is
 * 25 KB, so 16 MiB leaves room and bounds what the copies of its text
 * cost (a 10 MB line peaks near 90 MB) */
#define HL_DF_MAX_BYTES ((size_t)16 << 20)
#define HL_DF_MAX_INSTRUCTIONS 20000
#define HL_DF_MAX_STAGES 1000
#define HL_DF_MAX_COMMANDS 10000 /* shell commands of all RUNs */
#define HL_DF_MAX_VARS 5000	 /* ARG and ENV names in one scope */
#define HL_DF_MAX_WORDS 100000	 /* words of all instructions */
#define HL_DF_MAX_CONTINUED 100000 /* physical lines of one instruction */
/* continuation lines of the whole file (each costs a segment of the
 * line's map, some 40 bytes for 3 of input) */
#define HL_DF_MAX_CONTINUED_FILE 200000
#define HL_DF_MAX_SUBST_DEPTH 32 /* ${a:-${b:-...}} */
#define HL_DF_MAX_EXPANSION ((size_t)1 << 20)	  /* one substituted value */
#define HL_DF_EXPANSION_BUDGET ((size_t)16 << 20) /* all of them, a file */

/* What a build would be given: --target and --build-arg. */
struct hl_df_opts {
	const char *target;	       /* the stage that ships, or NULL */
	const char *const *build_args; /* "NAME=value" */
	size_t nbuild_args;
};

/* hl_dockerfile_parse with build options (NULL: none). */
void hl_dockerfile_parse_opts(struct hl_source *src, struct hl_arena *a,
			      const struct hl_df_opts *opts,
			      struct hl_dockerfile *df);

/*
 * Parse `src` into `df` (all memory in `a`). Whatever the parser cannot make
 * sense of becomes a problem with its position and the parse goes on at the
 * next instruction; only a limit (above) stops it, with df->error set (a
 * source over HL_DF_MAX_BYTES is not read at all). A mapped source is
 * read into memory first (the parser wants a NUL at its end).
 */
void hl_dockerfile_parse(struct hl_source *src, struct hl_arena *a,
			 struct hl_dockerfile *df);

/* The AST document of a parsed Dockerfile (kind, stages, images,
 * problems), as docs/ARCHITECTURE.md describes, in `a`. */
struct hl_node *hl_dockerfile_tree(const struct hl_dockerfile *df,
				   struct hl_arena *a);

#endif
