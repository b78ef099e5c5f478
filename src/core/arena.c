/*
 * arena: chunks of memory handed out by bumping a pointer, freed all at
 * once. Under HARDLINT_SANITIZE every allocation is its own malloc'd chunk
 * so that sanitizers and valgrind see each one's bounds.
 */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

#define ALIGN 16
#define CHUNK_MIN ((size_t)64 * 1024)

struct hl_arena_chunk {
	struct hl_arena_chunk *next; /* older chunk */
	size_t size;		     /* usable bytes in data */
	size_t off;		     /* bytes used in data */
	_Alignas(ALIGN) unsigned char data[];
};

/* The embedding program's out-of-memory handler (hardlint.h). Set once,
 * before anything else runs, so it is read without a lock. */
static hl_oom_fn oom_handler;

void hl_set_oom_handler(hl_oom_fn fn)
{
	oom_handler = fn;
}

void hl_oom(size_t size)
{
	if (oom_handler)
		oom_handler(size);
	/* no handler, or it returned: nothing else is safe; the one way
	 * out of the library */
	abort(); /* layers: allowed */
}

void *hl_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		hl_oom(size);
	return p;
}

void *hl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		hl_oom(n * size);
	return p;
}

void *hl_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		hl_oom(size);
	return q;
}

char *hl_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = hl_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

struct hl_arena_foreign {
	struct hl_arena_foreign *next;
	void *p;
};

void hl_arena_init(struct hl_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->foreign = NULL;
}

void hl_arena_take(struct hl_arena *a, void *p)
{
	struct hl_arena_foreign *f = hl_arena_alloc(a, sizeof(*f));
	f->p = p;
	f->next = a->foreign;
	a->foreign = f;
}

void hl_arena_release(struct hl_arena *a)
{
	/* the records live in the chunks: free what they own first */
	for (struct hl_arena_foreign *f = a->foreign; f; f = f->next)
		free(f->p);
	a->foreign = NULL;
	struct hl_arena_chunk *c = a->head;
	while (c) {
		struct hl_arena_chunk *next = c->next;
#ifdef HARDLINT_SANITIZE
		memset(c->data, 0xdd, c->size); /* poison: use after release */
#endif
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

#ifndef HARDLINT_SANITIZE /* there, each block is a chunk of its own */
/* `n` rounded up to the alignment of every block */
static size_t aligned(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}
#endif

static struct hl_arena_chunk *new_chunk(struct hl_arena *a, size_t size)
{
	if (size > SIZE_MAX - sizeof(struct hl_arena_chunk))
		hl_oom(SIZE_MAX);
	struct hl_arena_chunk *c =
		hl_xmalloc(sizeof(struct hl_arena_chunk) + size);
	c->size = size;
	c->off = 0;
	c->next = a->head;
	a->head = c;
	return c;
}

/* Allocation without the zeroing; the caller fills every byte. */
static void *arena_raw(struct hl_arena *a, size_t size)
{
#ifdef HARDLINT_SANITIZE
	return hl_arena_alloc(a, size);
#else
	size_t need = aligned(size);
	struct hl_arena_chunk *c = a->head;
	if (size && c && c->size - c->off >= need) {
		a->used += size;
		void *p = c->data + c->off;
		c->off += need;
		return p;
	}
	return hl_arena_alloc(a, size);
#endif
}

void *hl_arena_alloc(struct hl_arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ALIGN)
		hl_oom(SIZE_MAX);
	a->used += size;
#ifdef HARDLINT_SANITIZE
	/* A chunk of its own, exactly sized: overflows reach the redzone. */
	struct hl_arena_chunk *c = new_chunk(a, size);
	c->off = size;
	memset(c->data, 0, size);
	return c->data;
#else
	size_t need = aligned(size);
	struct hl_arena_chunk *c = a->head;
	if (!c || c->size - c->off < need) {
		if (need > CHUNK_MIN / 4) {
			/* A big block gets its own chunk, kept behind the
			 * current one so the current one stays in use. */
			struct hl_arena_chunk *cur = a->head;
			c = new_chunk(a, need);
			if (cur) {
				a->head = cur;
				c->next = cur->next;
				cur->next = c;
			}
			c->off = need;
			memset(c->data, 0, size);
			return c->data;
		}
		c = new_chunk(a, CHUNK_MIN);
	}
	void *p = c->data + c->off;
	c->off += need;
	memset(p, 0, size);
	return p;
#endif
}

void *hl_arena_array(struct hl_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		hl_oom(SIZE_MAX);
	return hl_arena_alloc(a, n * size);
}

void *hl_arena_grow(struct hl_arena *a, void *old, size_t count, size_t *cap,
		    size_t size)
{
	if (count < *cap)
		return old;
	/* one large element first: most such arrays hold one (a RUN's
	 * command, an instruction's heredoc) */
	size_t ncap = *cap ? *cap * 2 : size >= 64 ? 1 : 4;
	if (size && ncap > SIZE_MAX / size)
		hl_oom(SIZE_MAX);
#ifndef HARDLINT_SANITIZE
	/* the last block of the current chunk grows where it is */
	struct hl_arena_chunk *c = a->head;
	size_t was = *cap * size, more = (ncap - *cap) * size;
	unsigned char *o = old;
	if (o && c && o + aligned(was) == c->data + c->off) {
		size_t end = (size_t)(o - c->data) + ncap * size;
		size_t need = aligned(end);
		if (need <= c->size) {
			memset(o + was, 0, more);
			a->used += more;
			c->off = need;
			*cap = ncap;
			return old;
		}
	}
#endif
	void *p = hl_arena_array(a, ncap, size);
	if (count && old)
		memcpy(p, old, count * size);
	*cap = ncap;
	return p;
}

char *hl_arena_strndup(struct hl_arena *a, const char *s, size_t len)
{
	char *p = arena_raw(a, len + 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *hl_arena_strdup(struct hl_arena *a, const char *s)
{
	return hl_arena_strndup(a, s, strlen(s));
}

char *hl_arena_vprintf(struct hl_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = hl_arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *hl_arena_printf(struct hl_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = hl_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void hl_arena_adopt(struct hl_arena *to, struct hl_arena *from)
{
	struct hl_arena_chunk *c = from->head;
	if (!c)
		return;
	/* from's chunks go behind to's current one, which stays in use */
	struct hl_arena_chunk *last = c;
	while (last->next)
		last = last->next;
	if (to->head) {
		last->next = to->head->next;
		to->head->next = c;
	} else {
		to->head = c;
	}
	to->used += from->used;
	from->head = NULL;
	from->used = 0;
	if (from->foreign) {
		struct hl_arena_foreign *f = from->foreign;
		while (f->next)
			f = f->next;
		f->next = to->foreign;
		to->foreign = from->foreign;
		from->foreign = NULL;
	}
}

char *hl_arena_join(struct hl_arena *a, ...)
{
	va_list ap;
	size_t n = 0;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *));)
		n += strlen(s);
	va_end(ap);
	char *out = arena_raw(a, n + 1), *p = out;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *));) {
		size_t k = strlen(s);
		memcpy(p, s, k);
		p += k;
	}
	va_end(ap);
	*p = '\0';
	return out;
}

const char *hl_utoa(size_t n, char *buf)
{
	char tmp[24];
	size_t k = 0;
	do {
		tmp[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	for (size_t i = 0; i < k; i++)
		buf[i] = tmp[k - 1 - i];
	buf[k] = '\0';
	return buf;
}

const char *hl_itoa(int64_t v, char *buf)
{
	if (v >= 0)
		return hl_utoa((size_t)v, buf);
	buf[0] = '-';
	hl_utoa((size_t)(0 - (uint64_t)v), buf + 1);
	return buf;
}
