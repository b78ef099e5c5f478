/*
 * finding: what a rule says about an input. A finding carries its rule, a
 * severity, the span it points at, the object it concerns and a stable
 * fingerprint made of the rule, the path, the object's identity and the
 * rule path that located it (never the line, so it survives edits above).
 */
#ifndef HARDLINT_ENGINE_FINDING_H
#define HARDLINT_ENGINE_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "engine/rules.h"
#include "core/source.h"

struct hl_finding {
	const struct hl_rule *rule;
	enum hl_severity severity;
	const char *path; /* as printed */
	struct hl_span span;
	const char *message;
	const char *object;   /* e.g. "Deployment/web container app" */
	const char *where;    /* the rule path that located it, or "" */
	char fingerprint[17]; /* 16 hex digits */
	uint32_t stream_line; /* the line in the input, when path and line
				 are a rendered Helm template's */
};

/* Fill f->fingerprint from its rule id, path, object and where. */
void hl_finding_fingerprint(struct hl_finding *f);

/* Order: path byte-wise, then line, column, slug, message. */
int hl_finding_cmp(const struct hl_finding *a, const struct hl_finding *b);

/* Sort an array of findings in that order. */
void hl_findings_sort(struct hl_finding *f, size_t n);

#endif
