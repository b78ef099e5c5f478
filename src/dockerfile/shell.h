/*
 * shell: a POSIX shell splitter for what RUN runs. It turns a script into
 * simple commands (argv, VAR=value prefixes, redirections) and the
 * pipelines that join them, with every word's place in the Dockerfile
 * (through the script's mapped text, across continuation lines and quote
 * removal). Command substitutions $( ) and ` `, process substitutions
 * <( ), `sh -c '...'` bodies and shell scripts fed through a heredoc are
 * split too, as commands nested in the one that runs them. It is a
 * splitter, not an interpreter: expansions stay as written.
 */
#ifndef HARDLINT_DOCKERFILE_SHELL_H
#define HARDLINT_DOCKERFILE_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/source.h"

/* Word flags */
#define HL_SH_QUOTED (1u << 0) /* some of it was quoted */
#define HL_SH_EXPAND (1u << 1) /* holds an expansion: $x, ${x}, $( ), ` ` */
#define HL_SH_SPLIT (1u << 2)  /* holds a $( ) or ` ` the splitter split */

struct hl_sh_word {
	struct hl_mtext text; /* quotes and escapes removed; expansions as
				 written */
	struct hl_span span;  /* the word as written */
	uint32_t flags;
};

struct hl_sh_redir {
	const char *op;		  /* ">", ">>", "<", "<<", "<<-", "2>&1", ... */
	struct hl_sh_word target; /* the file, fd or heredoc delimiter */
	struct hl_mtext body;	  /* a heredoc's body (s NULL if none) */
};

/* How a command is nested in another. */
enum hl_sh_nest {
	HL_SH_TOP,     /* the script itself */
	HL_SH_SUBST,   /* in a $( ) or ` ` of the parent's words */
	HL_SH_PROCSUB, /* in a <( ) or >( ) of the parent's words */
	HL_SH_SCRIPT,  /* the parent is a shell given it with -c */
	HL_SH_STDIN,   /* the parent is a shell reading it from a heredoc */
	HL_SH_EXEC,    /* the parent runs it for each file: find -exec */
	HL_SH_NEST__COUNT
};

/* What joins a command to the next one. */
enum hl_sh_op {
	HL_SH_OP_END,  /* nothing: the end of its list */
	HL_SH_OP_SEQ,  /* ; or a newline */
	HL_SH_OP_AND,  /* && */
	HL_SH_OP_OR,   /* || */
	HL_SH_OP_PIPE, /* | or |& */
	HL_SH_OP_BG,   /* & */
	HL_SH_OP__COUNT
};

struct hl_sh_cmd {
	struct hl_sh_word *argv;
	size_t argc;
	struct hl_sh_word *assigns; /* NAME=value before the command */
	size_t nassigns;
	struct hl_sh_redir *redirs;
	size_t nredirs;
	struct hl_span span;
	enum hl_sh_op next;   /* what follows it */
	size_t pipeline;      /* its pipeline (an index into the script's) */
	size_t pipe_index;    /* its place in the pipeline */
	int parent;	      /* the command it is nested in, or -1 */
	enum hl_sh_nest nest; /* how */
	uint32_t depth;	      /* nesting depth, 0 at the top */
	size_t parent_word;   /* SUBST, PROCSUB: the parent's argv index of
				 the word it is substituted into */
	bool grouped;	      /* in a ( ) or { } that is element group_index
				 of pipeline group_pipe: its output goes on
				 down that pipeline too */
	size_t group_pipe, group_index;
};

/* Where a command takes the program it runs from, when it is a shell or
 * an interpreter: its standard input (sh, python3 -, perl with no
 * script), an argument (-c, -e, -m, eval), or a file operand. */
enum hl_sh_script_from {
	HL_SH_FROM_STDIN,
	HL_SH_FROM_ARGUMENT,
	HL_SH_FROM_FILE,
	HL_SH_FROM__COUNT
};

struct hl_sh_pipeline {
	size_t length; /* commands in it */
};

struct hl_sh_script {
	struct hl_sh_cmd *cmds; /* in the order they appear */
	size_t ncmds;
	struct hl_sh_pipeline *pipes;
	size_t npipes;
	bool truncated; /* nesting past HL_SH_MAX_DEPTH was not split */
	bool too_many;	/* split stopped at HL_SH_MAX_COMMANDS commands or
			   HL_SH_MAX_WORDS words */
	size_t nwords;	/* words split */
	bool too_long;	/* split stopped at a pipeline of more than
			   HL_SH_MAX_PIPELINE commands */
};

/* A heredoc body the script's <<NAME refers to (from the Dockerfile). */
struct hl_sh_heredoc {
	const char *name;
	struct hl_mtext body;
};

#define HL_SH_MAX_DEPTH 32
/* Commands one script is split into at most (each costs a few KB of tree
 * and views; real RUNs have tens) */
#define HL_SH_MAX_COMMANDS 5000
#define HL_SH_MAX_WORDS 50000 /* words one script is split into at most */
/* Commands in one pipeline at most (each knows all the others: its
 * upstream and downstream lists make rule checks quadratic in it) */
#define HL_SH_MAX_PIPELINE 256

/*
 * Split `script` (mapped to `src` for positions) into `out`, in `a`.
 * `heredocs` supplies the bodies of <<NAME redirections that the
 * Dockerfile holds; a heredoc whose body is in the script itself is read
 * from it. Never fails: what it cannot split stays in the words.
 */
void hl_sh_parse(struct hl_arena *a, struct hl_source *src,
		 const struct hl_mtext *script,
		 const struct hl_sh_heredoc *heredocs, size_t nheredocs,
		 struct hl_sh_script *out);

/* An exec-form command: one command of `argc` words (each mapped to
 * `src`), and what a shell among them runs (RUN ["sh", "-c", "..."]). */
void hl_sh_parse_argv(struct hl_arena *a, struct hl_source *src,
		      const struct hl_mtext *argv, const struct hl_span *spans,
		      size_t argc, struct hl_sh_script *out);

/* The last path component of `s` ("/usr/bin/curl" -> "curl"). */
const char *hl_sh_basename(const char *s);

/* Is `name` (a basename) a POSIX-style shell: sh, bash, dash, ash, zsh,
 * ksh, mksh, busybox? */
bool hl_sh_is_shell(const char *name);

/* The index of the word that names the program a command runs, looking
 * past wrappers (sudo, env, nice, nohup, time, exec, command, doas,
 * timeout, stdbuf, xargs) and their options; argc if none does. */
size_t hl_sh_program(const struct hl_sh_cmd *c);

/* Where the program of `c` (past its wrappers) would take its script
 * from, and the argv index of that argument or file (0 for stdin). Known
 * interpreters' code options (sh -c, python -c/-m, perl -e, node -e/-p,
 * ruby -e, php -r, ...) are argument; a first operand other than `-` is a
 * file; else stdin. */
enum hl_sh_script_from hl_sh_script_from(const struct hl_sh_cmd *c,
					 size_t *arg);

#endif
