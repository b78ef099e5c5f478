/* finding: fingerprints and the one order findings are printed in. */
#include "engine/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	h ^= 0xff; /* field separator */
	h *= 1099511628211ull;
	return h;
}

void hl_finding_fingerprint(struct hl_finding *f, const char *where)
{
	uint64_t h = 1469598103934665603ull;
	h = fnv(h, f->rule->id);
	h = fnv(h, f->path);
	h = fnv(h, f->object);
	h = fnv(h, where);
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%016llx",
		 (unsigned long long)h);
}

int hl_finding_cmp(const struct hl_finding *a, const struct hl_finding *b)
{
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->span.start.line != b->span.start.line)
		return a->span.start.line < b->span.start.line ? -1 : 1;
	if (a->span.start.col != b->span.start.col)
		return a->span.start.col < b->span.start.col ? -1 : 1;
	c = strcmp(a->rule->slug, b->rule->slug);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

static int cmp(const void *a, const void *b)
{
	return hl_finding_cmp(a, b);
}

void hl_findings_sort(struct hl_finding *f, size_t n)
{
	if (n > 1)
		qsort(f, n, sizeof(*f), cmp);
}
