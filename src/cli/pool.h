/*
 * pool: the inputs of a run linted on worker threads, what each gives
 * handed on in input order.
 */
#ifndef HARDLINT_CLI_POOL_H
#define HARDLINT_CLI_POOL_H

#include <stddef.h>

#include "hardlint.h"

/* One input to lint, with the policy it is linted under (the caller's,
 * opaque here). */
struct hl_job {
	const struct hl_input *in;
	void *policy;
};

struct hl_pool_ops {
	void *ctx;
	/* A linter for `policy`, for one worker's use only (called on the
	 * worker's thread; freed by the pool when the run ends). */
	struct hl_linter *(*make)(void *ctx, void *policy);
	/* Before job `i`'s results are handed to the handler (on the
	 * calling thread): the caller's state for that input. */
	void (*before)(void *ctx, size_t i);
};

/* Lint the `n` jobs with `workers` threads (1: on this thread, with the
 * linter ops->make gives) and hand everything each gives to `h` on the
 * calling thread, one input after another in the jobs' order: the same
 * calls, with the same contents, whatever `workers` is. `h`'s tree
 * callback is not carried across threads: a run that dumps trees uses
 * one worker. */
void hl_pool_lint(const struct hl_job *jobs, size_t n, unsigned workers,
		  const struct hl_pool_ops *ops, const struct hl_handler *h);

/* The default number of workers: the CPUs online, at most 16. */
unsigned hl_pool_default_workers(void);

#endif
