/*
 * engine: runs declarative rules over a document's views. For each enabled
 * rule of the document's target it takes the items of the rule's view,
 * evaluates the rule's predicates over paths from each item, and reports a
 * finding through a callback: it never prints. What a rule cannot say is a
 * new view or predicate here, never a special case.
 */
#ifndef HARDLINT_ENGINE_ENGINE_H
#define HARDLINT_ENGINE_ENGINE_H

#include <stdbool.h>

#include "core/error.h"
#include "engine/finding.h"
#include "engine/match.h"
#include "engine/rules.h"
#include "engine/views.h"

struct hl_engine {
	const struct hl_rules *rs;
	const bool *enabled; /* by rule index; NULL: all enabled */
	struct hl_matcher *matcher;
};

/* Called per finding; the finding's strings live in the document's arena
 * and must be copied to outlive it. */
typedef void (*hl_finding_fn)(const struct hl_finding *f, void *ctx);

/*
 * Check `doc` with every enabled rule of its target. Returns HL_OK, or
 * HL_ERR_LIMIT when a pattern hit its match limit (then `diag` names the
 * rule and the place; the document's findings so far were reported).
 */
enum hl_err hl_engine_check(const struct hl_engine *e, struct hl_doc *doc,
			    hl_finding_fn fn, void *ctx, struct hl_diag *diag);

/*
 * Mask the secrets in a line of source about to be echoed (an error's
 * excerpt): whatever matches the ruleset's credential patterns, and the
 * values of key: value and name=value pairs when the line (or `prev`, the
 * lines of the item it is in: `- name: DB_PASSWORD` above its value)
 * names something secret-like. Masked bytes become '*' after the first
 * four characters of each value. In place. It fails closed: where a
 * credential pattern cannot be evaluated (its match limit hit), the rest
 * of the line's value is masked.
 */
/* How a text is masked: a line of source (HL_MASK_LINE); one more
 * indented than the line before it (a value's continuation, or a value on
 * the line after its key), which in an item that names a secret is masked
 * whole (HL_MASK_BELOW); a message that quotes the input, where only
 * values after a ':' or '=' are (HL_MASK_MESSAGE). */
enum hl_mask_how { HL_MASK_LINE, HL_MASK_BELOW, HL_MASK_MESSAGE };
void hl_engine_mask(const struct hl_engine *e, char *line, size_t len,
		    const char *prev, size_t prevlen, enum hl_mask_how how);

/* Split an identifier into lower-case words at _ - . and other
 * non-alphanumerics and at lower-to-upper case changes ("apiKey" -> "api",
 * "key"); writes up to `max` words of at most 63 bytes into words[], returns
 * how many. For words-in predicates, and exported for tests. */
size_t hl_split_words(const char *s, size_t len, char words[][64], size_t max);

#endif
