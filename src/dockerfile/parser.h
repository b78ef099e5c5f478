/*
 * dockerfile/parser: what the files of the Dockerfile parser share (the
 * parser's state and the functions one part calls in another); private to
 * src/dockerfile/. The grammar is at the top of parse.c.
 */
#ifndef HARDLINT_DOCKERFILE_PARSER_H
#define HARDLINT_DOCKERFILE_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "dockerfile/dockerfile.h"

/* A variable's state during substitution. */
enum var_state { VAR_UNDECLARED, VAR_UNSET, VAR_VALUE, VAR_UNKNOWN };

/* Variables by name: the array in declaration order, and an index of it
 * (open addressing, 1 + the position in vars; 0 empty) so a lookup takes
 * constant time whatever the number of names (a file of 5,000 ENV names
 * and millions of references stays linear). */
struct scope {
	struct hl_df_var *vars;
	size_t n, cap;
	uint32_t *tab;
	size_t tcap; /* a power of 2, more than twice n; 0: no index yet */
};

struct parser {
	struct hl_source *src;
	struct hl_arena *a;
	struct hl_dockerfile *df;
	const char *data;
	size_t len;
	size_t pos; /* start of the next physical line */
	char esc;

	/* the logical instruction being read, mapped to the source */
	struct hl_mtext_builder lb;
	struct hl_mtext line;

	size_t icap, scap_stages, imcap, pcap, ucap, dcap;
	struct scope scope;   /* the current stage's variables */
	struct scope globals; /* the ARGs before the first FROM (df->globals
				 is its array) */
	bool in_stage;
	size_t budget; /* bytes substitution may still produce */
	const char
		*last_unknown; /* variables the last hl_dfp_expand() lacked */
	const struct hl_df_opts *opts; /* --target, --build-arg */
	struct hl_span line_span;      /* the instruction being read */
	size_t ncmds;		       /* shell commands split so far */
	size_t nwords;		       /* words split so far */
	size_t ncontinued;	       /* continuation lines read so far */
	const char **later;	       /* stage names anywhere in the file */
	size_t nlater;
	size_t nfrom; /* FROM lines in the file */
	uint32_t stage_tab[2 * HL_DF_MAX_STAGES + 48]; /* stage names (lower
				  case) to 1 + the last stage so named; open
				  addressing, 0 empty */
};

/* lines.c: trouble, physical and logical lines, directives, heredocs */

/* Stop the parse: a limit was hit at `span` (df->error is set, once). */
void hl_dfp_limit(struct parser *P, struct hl_span span, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record a problem the parse recovers from (a df-syntax finding). */
void hl_dfp_problem(struct parser *P, struct hl_span span, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, of another kind than "syntax" (struct hl_df_problem). */
void hl_dfp_problem_kind(struct parser *P, const char *kind,
			 struct hl_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Logical bytes [from, to) with their place and their map. */
struct hl_df_text hl_dfp_text_at(struct parser *P, size_t from, size_t to);
/* The span of logical bytes [from, to). */
struct hl_span hl_dfp_log_span(struct parser *P, size_t from, size_t to);
/* The first offset at or after i (before end) that is not a space or a
 * tab. */
size_t hl_dfp_skip_space(const char *s, size_t i, size_t end);
/* A space or a tab. */
bool hl_dfp_is_space(char c);
/* Read the physical line at P->pos: [*start, *end) without its line break;
 * advances P->pos. False at the end of input. */
bool hl_dfp_next_line(struct parser *P, size_t *start, size_t *end);
/* Instructions whose arguments may be a JSON array (exec form). */
bool hl_dfp_takes_exec_form(enum hl_df_cmd c);
/* The parser directives at the top of the file (syntax, escape, check). */
void hl_dfp_read_directives(struct parser *P);
/*
 * Read one logical instruction starting with the physical line [start,
 * end) into P->line: continuation lines are joined without their escape
 * character; blank and comment lines inside the continuation are dropped.
 */
void hl_dfp_read_logical(struct parser *P, size_t start, size_t end);
/* The bodies of the heredocs `in` opens, read from the lines after it. */
void hl_dfp_read_heredocs(struct parser *P, struct hl_df_instr *in);

/* words.c: words and the exec form */

/* Parse a JSON array of strings at logical [from, to) into *out (*count
 * strings; *rest: where what follows it starts); false if it is not one. */
bool hl_dfp_parse_exec(struct parser *P, size_t from, size_t to,
		       struct hl_df_text **out, size_t *count, size_t *rest);
/* A JSON value starts at `from` (Go's json.Decoder, as BuildKit uses it,
 * reads the first value and ignores what follows). */
bool hl_dfp_is_json(const char *s, size_t from, size_t to);
/* Split logical bytes [from, to) into whitespace-separated words, quotes
 * and the escape character keeping spaces inside a word. */
size_t hl_dfp_split_words(struct parser *P, size_t from, size_t to,
			  struct hl_df_text **out);

/* vars.c: scopes and substitution */

/* Expand `t` in scope `sc`: the result in the arena, *unknown set if any
 * part stayed unresolved (those parts are HL_IMAGE_UNKNOWN bytes). */
const char *hl_dfp_expand(struct parser *P, const struct scope *sc,
			  const char *s, size_t len, bool *unknown);
/* Set (or declare, value NULL) variable `name` in scope `sc`. */
void hl_dfp_scope_set(struct parser *P, struct scope *sc, const char *name,
		      const char *value, bool unknown, bool env);
/* The variable named by `len` bytes of `name` in `sc`, or NULL. */
struct hl_df_var *hl_dfp_var_find(const struct scope *sc, const char *name,
				  size_t len);
/* Empty `sc` (a new stage's scope). */
void hl_dfp_scope_clear(struct scope *sc);
/* The value just expanded (for `what`, at `span`) stayed unknown: count it,
 * so a clean run is not mistaken for a fully checked one. */
void hl_dfp_unresolved(struct parser *P, struct hl_span span, const char *what);

/* instr.c: instructions and their flags */

/* The instruction whose keyword is `len` bytes of `s` (any case), or
 * HL_DF_UNKNOWN. */
enum hl_df_cmd hl_dfp_lookup_cmd(const char *s, size_t len);
/* Bytes [from, to) of `t` as text of their own, with their place. */
struct hl_df_text hl_dfp_sub_text(struct parser *P, const struct hl_df_text *t,
				  size_t from, size_t to);
/* Flags as BuildKit parses them: a boolean takes nothing, true or false;
 * a string needs =value and comes once; network and security take their
 * few values; HEALTHCHECK's durations and retries must parse. Values a
 * variable may supply are left alone. */
void hl_dfp_check_flags(struct parser *P, struct hl_df_instr *in);
/* COPY --from: a stage or an image (hl_dfp_stage_or_image). */
/* in->expanded: each of its arguments after the stage's ARG and ENV
 * substitution (NULL where a variable leaves it unknown). */
void hl_dfp_expand_argv(struct parser *P, struct hl_df_instr *in);
void hl_dfp_do_copy(struct parser *P, struct hl_df_instr *in);
/* Parse the logical line [from, to) as an instruction into `in`. Returns
 * false for an empty line. */
bool hl_dfp_parse_instr(struct parser *P, size_t from, size_t to,
			struct hl_df_instr *in, bool wrapped);

/* mounts.c: COPY --from, RUN --mount */

/* --from of COPY, from= of RUN --mount: a stage or an image. */
void hl_dfp_stage_or_image(struct parser *P, struct hl_df_instr *in,
			   const struct hl_df_text *t, const char *source);
/* RUN --mount: the options recorded, and checked as BuildKit checks
 * them. */
void hl_dfp_do_mounts(struct parser *P, struct hl_df_instr *in);

/* parse.c: stages and images */

/* The index of the stage before `before` named `name` (case-insensitive)
 * or numbered so, or -1. */
int hl_dfp_find_stage(struct parser *P, const char *name, int before);
/* A stage named `name` is defined somewhere in the file. */
bool hl_dfp_stage_anywhere(struct parser *P, const char *name);
/* Record the image reference `t` (expanded in `sc`) of instruction `in`;
 * returns its index in df->images. */
size_t hl_dfp_add_image(struct parser *P, const struct hl_df_text *t,
			const struct scope *sc, const char *source,
			const struct hl_df_instr *in);
/* An image reference that breaks the grammar fails the build: say so. */
void hl_dfp_check_image(struct parser *P, const struct hl_df_image *im);

#endif
