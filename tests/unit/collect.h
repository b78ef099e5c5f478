/*
 * collect: a struct hl_handler for tests that keeps copies of what the
 * library hands back (findings, errors, unknown values, summaries), with
 * the public API only. Include once per test file.
 */
#ifndef HARDLINT_TESTS_COLLECT_H
#define HARDLINT_TESTS_COLLECT_H

#include <stdlib.h>
#include <string.h>

#include "hardlint.h"

struct collected {
	struct hl_finding *findings; /* strings are copies */
	size_t nfindings, fcap;
	struct hl_error *errors;
	size_t nerrors;
	struct hl_unresolved *unresolved;
	size_t nunresolved;
	struct hl_input_summary last; /* the last input's summary */
	size_t inputs;
	char **strings; /* copies, freed by collected_release */
	size_t nstrings, scap;
};

/* hl_lint_options_init, and the PCRE2 interpreter alone when
 * HARDLINT_NO_JIT is set (tests/memcheck.sh: valgrind cannot follow JIT
 * code), as the command line does. */
static inline void test_options_init(struct hl_lint_options *o)
{
	hl_lint_options_init(o);
	o->no_jit = getenv("HARDLINT_NO_JIT") != NULL;
}

/* Room for one more of `size` bytes in *v, which holds n of cap. */
static void *room(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 64;
	return realloc(v, *cap * size);
}

static const char *keep(struct collected *c, const char *s)
{
	if (!s)
		return NULL;
	c->strings = room(c->strings, c->nstrings, &c->scap, sizeof(char *));
	c->strings[c->nstrings] = strdup(s);
	return c->strings[c->nstrings++];
}

static void collect_finding(void *ctx, const struct hl_finding *f)
{
	struct collected *c = ctx;
	c->findings = room(c->findings, c->nfindings, &c->fcap,
			   sizeof(*c->findings));
	struct hl_finding *k = &c->findings[c->nfindings++];
	*k = *f;
	k->path = keep(c, f->path);
	k->message = keep(c, f->message);
	k->object = keep(c, f->object);
	k->source = keep(c, f->source);
}

static void collect_error(void *ctx, const struct hl_error *e)
{
	struct collected *c = ctx;
	c->errors = realloc(c->errors, (c->nerrors + 1) * sizeof(*c->errors));
	struct hl_error *k = &c->errors[c->nerrors++];
	*k = *e;
	k->path = keep(c, e->path);
	k->message = keep(c, e->message);
	k->excerpt = keep(c, e->excerpt);
	k->source = keep(c, e->source);
}

static void collect_unresolved(void *ctx, const char *path,
			       const struct hl_unresolved *u)
{
	struct collected *c = ctx;
	(void)path;
	c->unresolved = realloc(c->unresolved, (c->nunresolved + 1) *
						       sizeof(*c->unresolved));
	struct hl_unresolved *k = &c->unresolved[c->nunresolved++];
	*k = *u;
	k->what = keep(c, u->what);
	k->variables = keep(c, u->variables);
}

static void collect_done(void *ctx, const struct hl_input_summary *s)
{
	struct collected *c = ctx;
	c->last = *s;
	c->last.path = keep(c, s->path);
	c->last.skipped = keep(c, s->skipped);
	c->inputs++;
}

static struct hl_handler collector(struct collected *c)
{
	struct hl_handler h;
	memset(&h, 0, sizeof(h));
	h.ctx = c;
	h.finding = collect_finding;
	h.error = collect_error;
	h.unresolved = collect_unresolved;
	h.done = collect_done;
	return h;
}

static void collected_release(struct collected *c)
{
	for (size_t i = 0; i < c->nstrings; i++)
		free(c->strings[i]);
	free(c->strings);
	free(c->findings);
	free(c->errors);
	free(c->unresolved);
	memset(c, 0, sizeof(*c));
}

#endif
