/*
 * arena: a bump allocator. Everything made while linting one file (its
 * bytes, tokens, AST, views, messages) comes from one arena and is freed in
 * one go. Allocations never return NULL: running out of memory calls the
 * embedding program's handler (hl_set_oom_handler), which does not
 * return. Under HARDLINT_SANITIZE each allocation is a
 * malloc of its own, so ASan and valgrind still see overflows and leaks.
 */
#ifndef HARDLINT_CORE_ARENA_H
#define HARDLINT_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "hardlint.h"

struct hl_arena_chunk;

struct hl_arena {
	struct hl_arena_chunk *head;	  /* newest chunk, or NULL */
	size_t used;			  /* bytes handed out, for statistics */
	struct hl_arena_foreign *foreign; /* malloc'd blocks it owns */
};

/* Prepare an empty arena; it allocates nothing until first used. */
void hl_arena_init(struct hl_arena *a);

/* Free every allocation of the arena; it can be used again afterwards. */
void hl_arena_release(struct hl_arena *a);

/* Return `size` bytes aligned for any type, zero-filled. */
void *hl_arena_alloc(struct hl_arena *a, size_t size);

/* Return an array of `n` elements of `size` bytes, zero-filled; exits on
 * overflow of n * size. */
void *hl_arena_array(struct hl_arena *a, size_t n, size_t size);

/*
 * Make room for one more element in an arena array of `count` elements of
 * `size` bytes with capacity *cap: returns `old` if it has room, else a
 * copy twice as large (the old block stays in the arena until release).
 */
void *hl_arena_grow(struct hl_arena *a, void *old, size_t count, size_t *cap,
		    size_t size);

/* Return a NUL-terminated copy of the first `len` bytes of `s`. */
char *hl_arena_strndup(struct hl_arena *a, const char *s, size_t len);

/* Return a NUL-terminated copy of `s`. */
char *hl_arena_strdup(struct hl_arena *a, const char *s);

/* The concatenation of the strings given, up to a NULL (for hot paths:
 * no format to parse). */
char *hl_arena_join(struct hl_arena *a, ...);

/* Own `p` (from malloc): it is freed when the arena is released. For a
 * large block made elsewhere (a long YAML scalar), kept without a copy. */
void hl_arena_take(struct hl_arena *a, void *p);

/* Move every allocation of `from` into `to` (released with it); `from` is
 * left empty. */
void hl_arena_adopt(struct hl_arena *to, struct hl_arena *from);

/* `n` in decimal, into buf (at least 24 bytes); returns buf. */
const char *hl_utoa(size_t n, char *buf);

/* `v` in decimal, a '-' before it if negative, into buf (at least 24
 * bytes); returns buf. */
const char *hl_itoa(int64_t v, char *buf);

/* printf into a new string of the arena. */
char *hl_arena_printf(struct hl_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *hl_arena_vprintf(struct hl_arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* malloc, calloc and realloc that call hl_oom when the system has no
 * memory left, so callers never check for NULL. */
void *hl_xmalloc(size_t size);
void *hl_xcalloc(size_t n, size_t size);
void *hl_xrealloc(void *p, size_t size);
char *hl_xstrdup(const char *s);

/* Out of memory for `size` bytes: the embedding program's handler, then
 * abort() if it returns. Never returns. */
void hl_oom(size_t size) __attribute__((noreturn));

#endif
