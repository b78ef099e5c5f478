/*
 * buf: a growable byte buffer on the heap, always NUL-terminated, with an
 * optional size cap (a buffer that would grow past it reports failure
 * instead of eating memory). Used for output, messages and logical lines.
 */
#ifndef HARDLINT_CORE_BUF_H
#define HARDLINT_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct hl_buf {
	char *p;    /* contents, NUL-terminated once anything was added */
	size_t len; /* bytes in p, excluding the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* cap on len, 0 for none */
	bool full;  /* an append was refused because of max */
};

#define HL_BUF_INIT                  \
	{                            \
		NULL, 0, 0, 0, false \
	}

/* Append bytes; returns false (and sets full) if max would be passed. */
bool hl_buf_add(struct hl_buf *b, const void *p, size_t len);
bool hl_buf_addc(struct hl_buf *b, char c);
bool hl_buf_adds(struct hl_buf *b, const char *s);
bool hl_buf_printf(struct hl_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Contents as a C string ("" for an empty buffer). */
const char *hl_buf_str(const struct hl_buf *b);

/* Forget the contents, keep the memory. */
void hl_buf_reset(struct hl_buf *b);

/* Free the memory. */
void hl_buf_release(struct hl_buf *b);

#endif
