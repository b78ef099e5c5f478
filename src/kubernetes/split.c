/*
 * kubernetes/split: a long stream cut at document separators ("---" at
 * column 0, which YAML forbids inside any scalar, so a cut never splits a
 * node) into parts, each read by its own libyaml parser on its own
 * thread. Part 0 is read on the calling thread straight into the
 * caller's context; each other part into a context of its own, merged in
 * order when it and the parts before it are done. A part that holds more
 * than it may (the caller's document_done decides) waits for its turn
 * (hl_k8s_take_turn) and from then on hands its units over as they come;
 * one that cannot wait gives up, and the stream is read again from there
 * on the calling thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kubernetes/split.h"

/* Below this, a stream is not worth splitting among threads. */
#define PARALLEL_MIN ((size_t)16 << 20)

/* Whose turn it is to hand units over: the parts before it are out. */
struct turn {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next;  /* the index of the part whose turn it is */
	bool abandon; /* the stream is read again on one thread */
};

struct hl_k8s_part {
	struct hl_k8s_reader *whole; /* the reader of the whole stream */
	struct hl_source src;	     /* the part's bytes */
	struct hl_arena arena;	     /* its line index, names */
	struct hl_k8s_reader y;
	void *pctx; /* the caller's context for it */
	pthread_t thread;
	bool thread_started;
	bool complete; /* read to its end */
	size_t index;
	struct turn *turn; /* NULL when read on the calling thread */
};

bool hl_k8s_take_turn(struct hl_k8s_part *p)
{
	struct turn *t = p->turn;
	if (!t)
		return false;
	pthread_mutex_lock(&t->mu);
	while (t->next < p->index && !t->abandon)
		pthread_cond_wait(&t->cv, &t->mu);
	bool ok = !t->abandon;
	pthread_mutex_unlock(&t->mu);
	return ok;
}

static void give_turn(struct turn *t, size_t next, bool abandon)
{
	pthread_mutex_lock(&t->mu);
	t->next = next;
	t->abandon = abandon;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

static void *part_main(void *arg)
{
	struct hl_k8s_part *p = arg;
	p->complete = hl_k8s_read_stream(&p->y);
	return NULL;
}

/* The start of the first line at or after `at` that is a document
 * separator ("---" at column 0), or `len`. Such a line always separates
 * documents: block scalars are indented, and a quoted scalar cannot hold
 * one. */
static size_t separator_after(const char *d, size_t len, size_t at)
{
	while (at < len) {
		const char *nl = memchr(d + at, '\n', len - at);
		if (!nl)
			return len;
		at = (size_t)(nl - d) + 1;
		if (len - at >= 3 && !memcmp(d + at, "---", 3) &&
		    (len - at == 3 || d[at + 3] == '\n' || d[at + 3] == ' ' ||
		     d[at + 3] == '\r' || d[at + 3] == '\t'))
			return at;
	}
	return len;
}

/* The start of the line before the one starting at `at`, or `at` if it
 * is the first. */
static size_t line_before(const char *d, size_t at)
{
	if (!at)
		return 0;
	size_t i = at - 1; /* the \n ending the line before */
	while (i > 0 && d[i - 1] != '\n')
		i--;
	return i;
}

/* What comes between two documents goes with the next: its directives
 * (%YAML, %TAG) and the comments and blank lines before the separator
 * (a `# Source:` comment there names the next document's template). The
 * cut at `sep` moves back over them to the previous document's last
 * line, so that -j 1 and -j 16 read the same documents the same way. */
static size_t with_directives(const char *d, size_t sep)
{
	size_t at = sep;
	while (at > 0) {
		size_t prev = line_before(d, at);
		size_t i = prev;
		if (d[i] != '%')
			while (d[i] == ' ' || d[i] == '\t')
				i++;
		if (d[i] != '%' && d[i] != '#' && d[i] != '\n' && d[i] != '\r')
			break;
		at = prev;
	}
	return at;
}

/* Where to cut `src` into at most `nparts` parts: cuts[0] = 0, then the
 * separators found (each with its directives), then src->len; returns
 * the number of parts (1: no separator to cut at). The array has room
 * for nparts + 1. */
static size_t cut(const struct hl_source *src, size_t nparts, size_t *cuts)
{
	size_t n = 0;
	cuts[0] = 0;
	for (size_t k = 1; k < nparts; k++) {
		size_t c = separator_after(src->data, src->len,
					   src->len / nparts * k);
		if (c < src->len)
			c = with_directives(src->data, c);
		if (c < src->len && c > cuts[n])
			cuts[++n] = c;
	}
	cuts[++n] = src->len;
	return n;
}

/* Start parts 1..n-1 on threads of their own (or read one here when no
 * thread can be had). */
static void start_parts(struct hl_k8s_reader *y, struct hl_k8s_part *parts,
			size_t n, struct turn *turn, const size_t *cuts)
{
	uint32_t lines = 0;
	for (size_t k = 0; k < n; k++) {
		struct hl_k8s_part *p = &parts[k];
		p->whole = y;
		p->index = k;
		hl_arena_init(&p->arena);
		if (k)
			lines += hl_source_newlines(y->src, cuts[k - 1],
						    cuts[k]);
		hl_source_part(&p->src, y->src, &p->arena, cuts[k],
			       cuts[k + 1], lines);
		if (!k)
			continue;
		p->pctx = y->ops->part_new(y->ctx, p);
		hl_k8s_reader_init(&p->y, &p->src, y->o, y->ops, p->pctx,
				   &p->arena);
		p->turn = turn;
		if (pthread_create(&p->thread, NULL, part_main, p) == 0) {
			p->thread_started = true;
		} else {
			p->turn = NULL; /* no thread: read it here */
			part_main(p);
		}
	}
}

bool hl_k8s_split(struct hl_k8s_reader *y)
{
	const struct hl_k8s_opts *o = y->o;
	struct hl_source *src = y->src;
	/* at least 2 bytes: parts are half of it (a caller's 1 must not
	 * divide by zero) */
	size_t min = o->parallel_min ? o->parallel_min : PARALLEL_MIN;
	if (min < 2)
		min = 2;
	if (o->threads < 2 || src->len < min || o->dump || !y->ops->part_new)
		return false;
	size_t nparts = src->len / (min / 2);
	if (nparts > o->threads)
		nparts = o->threads;
	size_t *cuts = hl_xcalloc(nparts + 1, sizeof(*cuts));
	size_t n = cut(src, nparts, cuts);
	if (n < 2) {
		free(cuts);
		return false;
	}
	struct hl_k8s_part *parts = hl_xcalloc(n, sizeof(*parts));
	struct turn turn;
	pthread_mutex_init(&turn.mu, NULL);
	pthread_cond_init(&turn.cv, NULL);
	turn.next = 0;
	turn.abandon = false;
	start_parts(y, parts, n, &turn, cuts);
	/* the first part, here, straight into the caller's context: its
	 * units go out as they come, since they come first */
	struct hl_source whole = *src;
	y->src = &parts[0].src;
	hl_k8s_read_stream(y);
	y->src = src;
	size_t k = 1;
	for (; k < n; k++) {
		give_turn(&turn, k, false);
		if (parts[k].thread_started)
			pthread_join(parts[k].thread, NULL);
		parts[k].thread_started = false;
		if (!parts[k].complete)
			break;
		y->ops->part_merge(y->ctx, parts[k].pctx);
		y->objects += parts[k].y.objects;
		y->unchecked += parts[k].y.unchecked;
		y->fragments += parts[k].y.fragments;
		y->errors += parts[k].y.errors;
		y->templates += parts[k].y.templates;
	}
	if (k < n) {
		give_turn(&turn, n, true); /* the parts waiting give up */
		for (size_t j = k; j < n; j++)
			if (parts[j].thread_started)
				pthread_join(parts[j].thread, NULL);
		/* part k kept too many units' results to hold: the rest of
		 * the stream is read again here, going out as it comes */
		struct hl_source rest;
		hl_source_part(&rest, &whole, &parts[0].arena, cuts[k],
			       src->len,
			       parts[k].src.line_base - src->line_base);
		y->src = &rest;
		hl_k8s_read_stream(y);
		y->src = src;
	}
	for (size_t j = 1; j < n; j++) {
		y->ops->part_free(y->ctx, parts[j].pctx);
		hl_arena_release(&parts[j].arena);
	}
	hl_arena_release(&parts[0].arena);
	pthread_mutex_destroy(&turn.mu);
	pthread_cond_destroy(&turn.cv);
	free(parts);
	free(cuts);
	return true;
}
