/* mem: the command-line program's allocations and string pool. */
#include "output/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hl_cli_oom(size_t size)
{
	(void)size;
	fputs("hardlint: error: out of memory\n", stderr);
	exit(2);
}

void *hl_cli_realloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		hl_cli_oom(size);
	return q;
}

char *hl_cli_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = hl_cli_realloc(NULL, n);
	memcpy(p, s, n);
	return p;
}

static char *own(struct hl_pool *p, char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = hl_cli_realloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = s;
	return s;
}

char *hl_pool_strndup(struct hl_pool *p, const char *s, size_t len)
{
	char *c = hl_cli_realloc(NULL, len + 1);
	memcpy(c, s, len);
	c[len] = '\0';
	return own(p, c);
}

void *hl_pool_alloc(struct hl_pool *p, size_t size)
{
	void *c = hl_cli_realloc(NULL, size ? size : 1);
	memset(c, 0, size ? size : 1);
	return own(p, c);
}

char *hl_pool_strdup(struct hl_pool *p, const char *s)
{
	return hl_pool_strndup(p, s, strlen(s));
}

char *hl_pool_printf(struct hl_pool *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *c = hl_cli_realloc(NULL, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(c, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return own(p, c);
}

void hl_pool_release(struct hl_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}
