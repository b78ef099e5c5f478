/* buf: growable NUL-terminated byte buffers with a cap. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

bool hl_buf_add(struct hl_buf *b, const void *p, size_t len)
{
	if (b->max && (len > b->max || b->len > b->max - len)) {
		b->full = true;
		return false;
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + len + 1)
			cap *= 2;
		b->p = hl_xrealloc(b->p, cap);
		b->cap = cap;
	}
	if (len)
		memcpy(b->p + b->len, p, len);
	b->len += len;
	b->p[b->len] = '\0';
	return true;
}

bool hl_buf_addc(struct hl_buf *b, char c)
{
	return hl_buf_add(b, &c, 1);
}

bool hl_buf_adds(struct hl_buf *b, const char *s)
{
	return hl_buf_add(b, s, strlen(s));
}

bool hl_buf_printf(struct hl_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof(small))
		return hl_buf_add(b, small, (size_t)n);
	char *big = hl_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	bool ok = hl_buf_add(b, big, (size_t)n);
	free(big);
	return ok;
}

const char *hl_buf_str(const struct hl_buf *b)
{
	return b->p ? b->p : "";
}

void hl_buf_reset(struct hl_buf *b)
{
	b->len = 0;
	b->full = false;
	if (b->p)
		b->p[0] = '\0';
}

void hl_buf_release(struct hl_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->full = false;
}
