/*
 * dfcheck.h: what the Dockerfile front end's unit tests share: one parse
 * at a time in cmocka's *state, and checks that print the failing input
 * and carry on (a table run shows every failing case; each test asserts
 * at the end that none failed).
 */
#ifndef HL_TESTS_DFCHECK_H
#define HL_TESTS_DFCHECK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ast.h"
#include "dockerfile/dockerfile.h"
#include "core/image.h"
#include "core/source.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One parse at a time in *state; the teardown frees it even after a
 * failed assertion. */
struct fx {
	struct hl_arena a;
	struct hl_source src;
	struct hl_dockerfile df;
};

static inline int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	hl_arena_init(&f->a);
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	hl_arena_release(&f->a);
	free(f);
	return 0;
}

static inline struct hl_dockerfile *parse(void **state, const char *text)
{
	struct fx *f = *state;
	hl_arena_release(&f->a);
	hl_source_init_mem(&f->src, &f->a, "Dockerfile", text, strlen(text));
	hl_dockerfile_parse(&f->src, &f->a, &f->df);
	return &f->df;
}

/* ------------------------------------------------------------------ */
/* Checks that print the input and carry on, so that a table run shows   */
/* every failing case; each test asserts at the end that none failed.    */

static inline const char *show(const char *s)
{
	static char buf[4][512];
	static int k;
	char *b = buf[k++ % 4];
	size_t n = 0;
	if (!s)
		return "(null)";
	for (; *s && n < sizeof(buf[0]) - 8; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			n += (size_t)sprintf(b + n, "\\n");
		else if (c == '\r')
			n += (size_t)sprintf(b + n, "\\r");
		else if (c == '\t')
			n += (size_t)sprintf(b + n, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			n += (size_t)sprintf(b + n, "\\x%02x", c);
		else
			b[n++] = (char)c;
	}
	b[n] = '\0';
	return b;
}

static inline bool check_str(const char *in, const char *what, const char *got,
			     const char *want)
{
	if (got == want || (got && want && !strcmp(got, want)))
		return true;
	print_error("input \"%s\": %s is \"%s\", want \"%s\"\n", show(in), what,
		    show(got), show(want));
	return false;
}

static inline bool check_int(const char *in, const char *what, long long got,
			     long long want)
{
	if (got == want)
		return true;
	print_error("input \"%s\": %s is %lld, want %lld\n", show(in), what,
		    got, want);
	return false;
}

static inline bool check_pos(const char *in, const char *what,
			     struct hl_pos got, unsigned line, unsigned col)
{
	if (got.line == line && got.col == col)
		return true;
	print_error("input \"%s\": %s at %u:%u, want %u:%u\n", show(in), what,
		    got.line, got.col, line, col);
	return false;
}

#endif
