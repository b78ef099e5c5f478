/*
 * source: the bytes of one input and the map from byte offsets to 1-based
 * line:column, where a column counts Unicode code points (a tab counts 1,
 * as SARIF's unicodeCodePoints). Reading a file enforces the size limit and
 * rejects binary content; what a front end makes of the bytes is its own.
 */
#ifndef HARDLINT_CORE_SOURCE_H
#define HARDLINT_CORE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/error.h"
#include "hardlint.h"

/* A line start: byte offset and 0-based line (source.c's index). */
struct hl_line_mark {
	size_t off;
	size_t line;
};

/* Mapping: asked for by the embedding program, which is told of each
 * mapping made and gone (so that its SIGBUS handler can name the file a
 * truncation hit). */
struct hl_source_map {
	bool enabled;
	void (*on_map)(void *ctx, const void *base, size_t len,
		       const char *path);
	void *ctx;
};

struct hl_source {
	const char *path; /* the path printed in findings */
	const char *data; /* the bytes (no NUL inside), NUL-terminated
			     unless mapped */
	size_t len;	  /* bytes in data */
	bool mapped;	  /* data is a read-only mapping of the file */
	const struct hl_source_map *map; /* mapping allowed, or NULL */
	bool part;	    /* a part of another source: data is not its own */
	uint32_t line_base; /* lines before data[0] (a part's) */
	size_t dropped;	    /* hl_source_drop let pages go up to here */
	struct hl_line_mark *marks; /* a sparse line index, made lazily */
	size_t nmarks;		    /* entries in marks */
	size_t nlines;		    /* lines in data */
	struct hl_arena *arena;	    /* where marks lives */
	/* the last position computed: the next one on the same line counts
	 * columns on from it (a 20,000-word line is not rescanned a word at
	 * a time) */
	size_t last_line, last_off;
	uint32_t last_col;
	/* 0: not known yet; 1: none; 2: the text holds line breaks that
	 * YAML 1.1 (libyaml) counts and this index does not: a lone \r,
	 * U+0085, U+2028, U+2029 (see hl_source_other_breaks) */
	unsigned char other_breaks;
	/* 0: not known yet; 1: no suppression pragma can be in the text
	 * ("ignore=" and "check=" nowhere); 2: one may (engine/suppress.c) */
	unsigned char pragmas;
	/* the line of the last position computed (0-based), where it
	 * starts and where its newline is: the positions of one line's
	 * tokens, asked for one after another, need no index lookup */
	bool cur_valid;
	size_t cur_line, cur_start, cur_end;
	/* the last line hl_source_line gave (0-based) and its start */
	bool walk_valid;
	size_t walk_line, walk_start;
};

/* Does `src` hold a line break other than \n (a \r not before \n, U+0085
 * NEL, U+2028 LS, U+2029 PS)? libyaml counts each as a new line. */
bool hl_source_other_breaks(struct hl_source *src);

/* Count src's lines as YAML does (libyaml, and the API server's reader):
 * a lone \r becomes \n, a NEL (C2 85) \r\n, in a copy of its own (a
 * mapped file is read into memory first), which changes no value (YAML
 * folds every such break to \n) and no byte offset. LS and PS are left:
 * editors do not break lines there, and the YAML loader maps libyaml's
 * lines back. A source whose lines are already counted is not touched. */
void hl_source_yaml_lines(struct hl_source *src);

/* Default cap on the bytes read from one input. */
#define HL_SOURCE_MAX_DEFAULT ((size_t)256 << 20)

/*
 * Read the file `fspath` (or standard input when `fspath` is NULL) into
 * `src`, naming it `path` in positions. The bytes live in `a`; with `map`
 * enabled a file of HL_SOURCE_MAP_MIN bytes or more (or a long stream on
 * standard input, spooled to a temporary file) is mapped instead. Fails with
 * HL_ERR_IO (cannot open or read, or a directory), HL_ERR_TOO_BIG (more
 * than `max` bytes) or HL_ERR_BINARY (a NUL byte or a known binary
 * signature); `diag` then says what and where. With `nofollow`, a
 * symlink at `fspath` is not opened (a file a directory walk found is a
 * regular file, or the real path a followed link led to: a link there
 * now was put after the walk); with `expect`, the file opened must be the
 * one the walk found (a directory above it swapped for a symlink after
 * the walk leads elsewhere: not read).
 */
enum hl_err hl_source_read(struct hl_source *src, struct hl_arena *a,
			   const char *fspath, const char *path, size_t max,
			   bool nofollow, const struct hl_file_id *expect,
			   const struct hl_source_map *map,
			   struct hl_diag *diag);

/* Files of at least this size are mapped, not read, when mapping is
 * allowed: a large YAML stream is then linted without holding it all in
 * memory (see hl_source_drop). */
#define HL_SOURCE_MAP_MIN ((size_t)1 << 20)

/* The newlines in bytes [from, to) of `src`; a mapped source's pages are
 * let go behind the count. */
uint32_t hl_source_newlines(struct hl_source *src, size_t from, size_t to);

/* Bytes [from, to) of `whole`, starting at a line start, as a source of
 * their own whose lines keep their numbers in the whole (for linting the
 * parts of a large stream on several threads): `lines` lines of the whole
 * come before `from`. */
void hl_source_part(struct hl_source *part, struct hl_source *whole,
		    struct hl_arena *a, size_t from, size_t to, uint32_t lines);

/* Unmap a mapped source (nothing for others). */
void hl_source_release(struct hl_source *src);

/* A mapped source's bytes before offset `upto` will not be read again
 * soon: let the kernel drop their pages (they are read back if touched).
 */
void hl_source_drop(struct hl_source *src, size_t upto);

/* Make a mapped source an ordinary one: its bytes copied into its arena,
 * NUL-terminated, the mapping released. */
void hl_source_unmap(struct hl_source *src);

/* Use `len` bytes at `data` (which must stay alive and be followed by a
 * NUL) as a source named `path`: for tests and embedded text. */
void hl_source_init_mem(struct hl_source *src, struct hl_arena *a,
			const char *path, const char *data, size_t len);

/* The position of byte `off` (off == len gives the end of the input). */
struct hl_pos hl_source_pos(struct hl_source *src, size_t off);

/* The span of bytes [from, to). */
struct hl_span hl_source_span(struct hl_source *src, size_t from, size_t to);

/* The text of line `line` (1-based) without its line break, as columns
 * count it (the first line's after a UTF-8 byte order mark); false when
 * there is no such line. */
bool hl_source_line(struct hl_source *src, uint32_t line, const char **text,
		    size_t *len);

/*
 * Mapped text: text whose bytes came from places in a source that are not
 * one contiguous run (a Dockerfile instruction joined over continuation
 * lines, a shell word with its quotes removed, a heredoc body with its tabs
 * stripped). Segment k says that text byte segs[k].off came from source
 * byte segs[k].src, and so on byte by byte up to the next segment.
 */
struct hl_tseg {
	size_t off; /* in the text */
	size_t src; /* in the source */
};

struct hl_mtext {
	const char *s; /* NUL-terminated */
	size_t len;
	const struct hl_tseg *segs; /* sorted by off; at least one if len */
	size_t nsegs;
};

/* The source offset of text byte `off` (off == len: just after the last
 * byte). */
size_t hl_mtext_src(const struct hl_mtext *t, size_t off);

/* From text byte `off` on, how many bytes map to consecutive source bytes
 * (to the end of its segment; SIZE_MAX for text with no segments), the
 * first of them at *src. */
size_t hl_mtext_run(const struct hl_mtext *t, size_t off, size_t *src);

/* The span of text bytes [from, to) in `src`. */
struct hl_span hl_mtext_span(struct hl_source *src, const struct hl_mtext *t,
			     size_t from, size_t to);

/* Bytes [from, to) of `t` as mapped text of their own (segments in `a`). */
struct hl_mtext hl_mtext_sub(struct hl_arena *a, const struct hl_mtext *t,
			     size_t from, size_t to);

/* Bytes [from, t->len) of `t`, their map in `a` but their text t's own
 * (no copy): for a text that lives as long as the result. */
struct hl_mtext hl_mtext_suffix(struct hl_arena *a, const struct hl_mtext *t,
				size_t from);

/* Builds mapped text byte by byte or run by run. */
struct hl_mtext_builder {
	char *s;
	size_t len, cap;
	struct hl_tseg *segs;
	size_t nsegs, scap;
	size_t next_src; /* the source offset that would continue the run */
};

void hl_mtb_init(struct hl_mtext_builder *b);
/* Append `len` bytes that came from source offsets src, src+1, ... */
void hl_mtb_add(struct hl_mtext_builder *b, const char *s, size_t len,
		size_t src);
/* The text built so far as mapped text in `a`; the builder is reset. */
struct hl_mtext hl_mtb_take(struct hl_mtext_builder *b, struct hl_arena *a);
void hl_mtb_release(struct hl_mtext_builder *b);

/* Count the code points in `len` bytes of UTF-8 (continuation bytes do not
 * count, so invalid UTF-8 still gives a stable answer). */
uint32_t hl_utf8_width(const char *s, size_t len);

/* The bytes of s[0..len) that hold its first `cps` code points. */
size_t hl_utf8_offset(const char *s, size_t len, size_t cps);

#endif
