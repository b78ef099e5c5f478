/*
 * finding: what a rule says about an input (struct hl_finding, in
 * hardlint.h): its fingerprint, made of the rule, the path, the object's
 * identity and the rule path that located it (never the line, so it
 * survives edits above), and the one order findings are printed in.
 */
#ifndef HARDLINT_ENGINE_FINDING_H
#define HARDLINT_ENGINE_FINDING_H

#include <stddef.h>

#include "hardlint.h"

/* Fill f->fingerprint from its rule id, path, object and `where` (the
 * rule path that located it, or ""). */
void hl_finding_fingerprint(struct hl_finding *f, const char *where);

/* Order: path byte-wise, then line, column, slug, message. */
int hl_finding_cmp(const struct hl_finding *a, const struct hl_finding *b);

/* Sort an array of findings in that order. */
void hl_findings_sort(struct hl_finding *f, size_t n);

#endif
