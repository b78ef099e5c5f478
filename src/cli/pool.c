/*
 * pool: inputs linted on worker threads, their results handed on in input
 * order. Each worker takes the next input, lints it with linters of its
 * own (one a policy: a linter serves one thread) and records what the
 * library hands back (findings, errors, notes, the input's summary) as
 * copies owned by that input's record. The calling thread replays each
 * record through the real handler as soon as it and every record before
 * it are complete, then frees it; so what is printed, counted and
 * decided is the same, byte for byte, for any number of workers. Workers
 * run at most WINDOW inputs ahead of the replay, so memory stays that of
 * a few inputs' results however many inputs there are.
 */
#include "cli/pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/mem.h"

enum ev_kind { EV_FINDING, EV_ERROR, EV_UNRESOLVED, EV_UNUSED, EV_DONE };

/* One call of the handler, its strings copied. */
struct ev {
	enum ev_kind kind;
	const char *path; /* unresolved, unused */
	union {
		struct hl_finding f;
		struct hl_error e;
		struct hl_unresolved u;
		struct hl_unused x;
		struct hl_input_summary s;
	} u;
};

struct record {
	struct hl_pool mem; /* the copies */
	struct ev *ev;
	size_t n, cap;
	bool done;
};

/* A linter of one worker, for one policy. */
struct wlinter {
	void *policy;
	struct hl_linter *l;
};

struct pool {
	const struct hl_job *jobs;
	size_t n;
	const struct hl_pool_ops *ops;
	struct record *rec; /* WINDOW slots: job i in rec[i % WINDOW] */
	size_t window;
	size_t next;	 /* the next job a worker takes */
	size_t replayed; /* jobs handed on so far */
	pthread_mutex_t mu;
	pthread_cond_t work; /* a slot came free */
	pthread_cond_t done; /* a record was completed */
};

static const char *copy(struct record *r, const char *s)
{
	return s ? hl_pool_strdup(&r->mem, s) : NULL;
}

static struct ev *add(struct record *r, enum ev_kind k, const char *path)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->ev = hl_cli_realloc(r->ev, r->cap * sizeof(*r->ev));
	}
	struct ev *e = &r->ev[r->n++];
	memset(e, 0, sizeof(*e));
	e->kind = k;
	e->path = copy(r, path);
	return e;
}

static void rec_finding(void *ctx, const struct hl_finding *f)
{
	struct record *r = ctx;
	struct hl_finding *c = &add(r, EV_FINDING, NULL)->u.f;
	*c = *f;
	c->path = copy(r, f->path);
	c->message = copy(r, f->message);
	c->object = copy(r, f->object);
	c->source = copy(r, f->source);
	c->suppressed = copy(r, f->suppressed);
	c->suppress_reason = copy(r, f->suppress_reason);
	c->kind = copy(r, f->kind);
	c->namespace = copy(r, f->namespace);
	c->name = copy(r, f->name);
	c->container = copy(r, f->container);
	c->excerpt = copy(r, f->excerpt);
}

static void rec_error(void *ctx, const struct hl_error *e)
{
	struct record *r = ctx;
	struct hl_error *c = &add(r, EV_ERROR, NULL)->u.e;
	*c = *e;
	c->path = copy(r, e->path);
	c->message = copy(r, e->message);
	c->excerpt = copy(r, e->excerpt);
	c->source = copy(r, e->source);
}

static void rec_unresolved(void *ctx, const char *path,
			   const struct hl_unresolved *u)
{
	struct record *r = ctx;
	struct hl_unresolved *c = &add(r, EV_UNRESOLVED, path)->u.u;
	*c = *u;
	c->what = copy(r, u->what);
	c->variables = copy(r, u->variables);
}

static void rec_unused(void *ctx, const char *path, const struct hl_unused *u)
{
	struct record *r = ctx;
	struct hl_unused *c = &add(r, EV_UNUSED, path)->u.x;
	*c = *u;
	c->name = copy(r, u->name);
	c->rule = copy(r, u->rule);
	c->where = copy(r, u->where);
}

static void rec_done(void *ctx, const struct hl_input_summary *s)
{
	struct record *r = ctx;
	struct hl_input_summary *c = &add(r, EV_DONE, NULL)->u.s;
	*c = *s;
	c->path = copy(r, s->path);
	c->skipped = copy(r, s->skipped);
	c->patch = copy(r, s->patch);
}

/* Hand record `r` on to `h`, in the order its calls came (a callback
 * `h` leaves NULL is not called, as the library does not call it). */
static void replay(const struct record *r, const struct hl_handler *h)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ev *e = &r->ev[i];
		switch (e->kind) {
		case EV_FINDING:
			if (h->finding)
				h->finding(h->ctx, &e->u.f);
			break;
		case EV_ERROR:
			if (h->error)
				h->error(h->ctx, &e->u.e);
			break;
		case EV_UNRESOLVED:
			if (h->unresolved)
				h->unresolved(h->ctx, e->path, &e->u.u);
			break;
		case EV_UNUSED:
			if (h->unused)
				h->unused(h->ctx, e->path, &e->u.x);
			break;
		case EV_DONE:
			if (h->done)
				h->done(h->ctx, &e->u.s);
			break;
		}
	}
}

/* This worker's linter for `policy`, made on first use. */
static struct hl_linter *linter_for(struct pool *p, struct wlinter **ls,
				    size_t *nls, void *policy)
{
	for (size_t i = 0; i < *nls; i++)
		if ((*ls)[i].policy == policy)
			return (*ls)[i].l;
	*ls = hl_cli_realloc(*ls, (*nls + 1) * sizeof(**ls));
	(*ls)[*nls].policy = policy;
	(*ls)[*nls].l = p->ops->make(p->ops->ctx, policy);
	return (*ls)[(*nls)++].l;
}

/* Can a job be taken: one is left, and it is within the window? */
static bool may_take(const struct pool *p)
{
	return p->next < p->n && p->next < p->replayed + p->window;
}

/* Take the next job (p->mu held, and let go while it is linted) and lint
 * it into its record. */
static void lint_next(struct pool *p, struct wlinter **ls, size_t *nls)
{
	size_t i = p->next++;
	pthread_mutex_unlock(&p->mu);
	struct record *r = &p->rec[i % p->window];
	struct hl_handler rh = {r,    rec_finding, rec_error, rec_unresolved,
				NULL, rec_unused,  rec_done};
	const struct hl_job *j = &p->jobs[i];
	hl_lint_input(linter_for(p, ls, nls, j->policy), j->in, &rh);
	pthread_mutex_lock(&p->mu);
	r->done = true;
	pthread_cond_broadcast(&p->done);
}

static void free_linters(struct wlinter *ls, size_t nls)
{
	for (size_t i = 0; i < nls; i++)
		hl_linter_free(ls[i].l);
	free(ls);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	struct wlinter *ls = NULL;
	size_t nls = 0;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next < p->n && !may_take(p))
			pthread_cond_wait(&p->work, &p->mu);
		if (p->next >= p->n)
			break;
		lint_next(p, &ls, &nls);
	}
	pthread_mutex_unlock(&p->mu);
	free_linters(ls, nls);
	return NULL;
}

/* One worker: this thread, results straight to `h`. */
static void lint_here(const struct hl_job *jobs, size_t n,
		      const struct hl_pool_ops *ops, const struct hl_handler *h)
{
	struct wlinter *ls = NULL;
	size_t nls = 0;
	struct pool p = {.ops = ops};
	for (size_t i = 0; i < n; i++) {
		struct hl_linter *l = linter_for(&p, &ls, &nls, jobs[i].policy);
		ops->before(ops->ctx, i);
		hl_lint_input(l, jobs[i].in, h);
	}
	free_linters(ls, nls);
}

/* Long: the calling thread is one of the workers: it hands on each
 * record as soon as it and those before it are complete, and while the
 * next one is not, lints a job of its own instead of waiting. */
void hl_pool_lint(const struct hl_job *jobs, size_t n, unsigned workers,
		  const struct hl_pool_ops *ops, const struct hl_handler *h)
{
	if (workers > n)
		workers = (unsigned)n;
	if (workers <= 1 || h->tree) {
		lint_here(jobs, n, ops, h);
		return;
	}
	struct pool p = {.jobs = jobs, .n = n, .ops = ops};
	p.window = 4 * (size_t)workers + 16;
	p.rec = hl_cli_realloc(NULL, p.window * sizeof(*p.rec));
	memset(p.rec, 0, p.window * sizeof(*p.rec));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	/* the other workers (none started: this thread does it all) */
	pthread_t *t = hl_cli_realloc(NULL, workers * sizeof(*t));
	unsigned started = 0;
	for (unsigned i = 0; i + 1 < workers; i++)
		if (!pthread_create(&t[started], NULL, worker, &p))
			started++;
	struct wlinter *ls = NULL;
	size_t nls = 0;
	pthread_mutex_lock(&p.mu);
	while (p.replayed < n) {
		struct record *r = &p.rec[p.replayed % p.window];
		if (!r->done) {
			if (may_take(&p))
				lint_next(&p, &ls, &nls);
			else
				pthread_cond_wait(&p.done, &p.mu);
			continue;
		}
		pthread_mutex_unlock(&p.mu);
		ops->before(ops->ctx, p.replayed);
		replay(r, h);
		hl_pool_release(&r->mem);
		free(r->ev);
		memset(r, 0, sizeof(*r));
		pthread_mutex_lock(&p.mu);
		p.replayed++;
		pthread_cond_broadcast(&p.work);
	}
	pthread_mutex_unlock(&p.mu);
	for (unsigned i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free_linters(ls, nls);
	free(t);
	free(p.rec);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
}

unsigned hl_pool_default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 16 ? 16 : (unsigned)n;
}
