/*
 * result: a handler that keeps copies of what lint calls hand over
 * (hardlint.h's struct hl_result), for callers that would rather read
 * arrays afterwards than take callbacks.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "hardlint.h"

/* The strings, and the capacities of the arrays. */
struct hl_result_store {
	struct hl_arena strings;
	size_t fcap, ecap, ucap, icap;
};

void hl_result_init(struct hl_result *r)
{
	memset(r, 0, sizeof(*r));
	r->store = hl_xcalloc(1, sizeof(*r->store));
	hl_arena_init(&r->store->strings);
}

void hl_result_release(struct hl_result *r)
{
	if (r->store)
		hl_arena_release(&r->store->strings);
	free(r->store);
	free(r->findings);
	free(r->errors);
	free(r->unresolved);
	free(r->inputs);
	memset(r, 0, sizeof(*r));
}

static const char *keep(struct hl_result *r, const char *s)
{
	return s ? hl_arena_strndup(&r->store->strings, s, strlen(s)) : NULL;
}

/* Room for one more of `size` bytes in *v, which holds n of *cap. */
static void *room(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return hl_xrealloc(v, *cap * size);
}

static void on_finding(void *ctx, const struct hl_finding *f)
{
	struct hl_result *r = ctx;
	r->findings = room(r->findings, r->nfindings, &r->store->fcap,
			   sizeof(*r->findings));
	struct hl_finding *k = &r->findings[r->nfindings++];
	*k = *f;
	k->path = keep(r, f->path);
	k->message = keep(r, f->message);
	k->object = keep(r, f->object);
	k->source = keep(r, f->source);
	k->suppress_reason = keep(r, f->suppress_reason);
	k->kind = keep(r, f->kind);
	k->namespace = keep(r, f->namespace);
	k->name = keep(r, f->name);
	k->container = keep(r, f->container);
}

static void on_error(void *ctx, const struct hl_error *e)
{
	struct hl_result *r = ctx;
	r->errors = room(r->errors, r->nerrors, &r->store->ecap,
			 sizeof(*r->errors));
	struct hl_error *k = &r->errors[r->nerrors++];
	*k = *e;
	k->path = keep(r, e->path);
	k->message = keep(r, e->message);
	k->excerpt = keep(r, e->excerpt);
	k->source = keep(r, e->source);
}

static void on_unresolved(void *ctx, const char *path,
			  const struct hl_unresolved *u)
{
	struct hl_result *r = ctx;
	r->unresolved = room(r->unresolved, r->nunresolved, &r->store->ucap,
			     sizeof(*r->unresolved));
	struct hl_result_unresolved *k = &r->unresolved[r->nunresolved++];
	k->path = keep(r, path);
	k->u = *u;
	k->u.what = keep(r, u->what);
	k->u.variables = keep(r, u->variables);
}

static void on_done(void *ctx, const struct hl_input_summary *s)
{
	struct hl_result *r = ctx;
	r->inputs = room(r->inputs, r->ninputs, &r->store->icap,
			 sizeof(*r->inputs));
	struct hl_input_summary *k = &r->inputs[r->ninputs++];
	*k = *s;
	k->path = keep(r, s->path);
	k->skipped = keep(r, s->skipped);
}

struct hl_handler hl_result_handler(struct hl_result *r)
{
	struct hl_handler h;
	memset(&h, 0, sizeof(h));
	h.ctx = r;
	h.finding = on_finding;
	h.error = on_error;
	h.unresolved = on_unresolved;
	h.done = on_done;
	return h;
}
