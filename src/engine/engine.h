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
	bool strict;	     /* the input's own suppressions are not honoured */
	bool require_reason; /* ... nor one that gives no reason */
	bool excerpts;	     /* findings carry their masked source line */
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
 * After hl_engine_check: each rule name a suppression of `doc` gives
 * (a pragma, a hardlint.dev annotation) for a rule that ran and accepted
 * no finding, to `fn` with its place, the name, its rule and where it is
 * ("comment", "annotation"). Nothing under `strict`.
 */
typedef void (*hl_unused_fn)(void *ctx, struct hl_pos at, const char *name,
			     const struct hl_rule_info *rule,
			     const char *where);
void hl_engine_unused(const struct hl_engine *e, struct hl_doc *doc,
		      hl_unused_fn fn, void *ctx);

/*
 * Mask what may be secret in a text about to be echoed, in place. An
 * error's excerpt (HL_MASK_LINE) fails closed: every value is masked after
 * its first four characters, whatever its name (a key's value from the
 * first ':' or '=' on; an env var's `name` token is kept; a line with no
 * key, a value's continuation, whole), and a line more indented than the
 * one before it (HL_MASK_BELOW: a continuation, or a value on the line
 * after its key) is masked whole. A message that quotes the input
 * (HL_MASK_MESSAGE) keeps its words: the values of secret-like NAME=value
 * pairs are masked. Both mask what the credential patterns match; where
 * one cannot be evaluated (its match limit hit), the rest of the value is
 * masked.
 */
enum hl_mask_how { HL_MASK_LINE, HL_MASK_BELOW, HL_MASK_MESSAGE };
void hl_engine_mask(const struct hl_engine *e, char *line, size_t len,
		    enum hl_mask_how how);

/* A word's `user:password@` before its first '/' (an image reference's
 * registry credentials, `deploy:pw@registry.example.com/app`, a URL's),
 * masked in place from the first ':' to the last '@' of that part. */
void hl_mask_userinfo(char *t, size_t len);

/* Columns [from, to) of line t (code points, from 1) starred past their
 * first four characters (fewer for a short text). */
void hl_mask_cols(char *t, size_t len, uint32_t from, uint32_t to);

/* Split an identifier into lower-case words at _ - . and other
 * non-alphanumerics and at lower-to-upper case changes ("apiKey" -> "api",
 * "key"); writes up to `max` words of at most 63 bytes into words[], returns
 * how many. For words-in predicates, and exported for tests. */
size_t hl_split_words(const char *s, size_t len, char words[][64], size_t max);
/* Is a word of s[0..len) (split as hl_split_words does), or two adjacent
 * words with a space between, a value of list `l` (case-insensitive)? */
struct hl_list;
bool hl_words_in(struct hl_matcher *m, const struct hl_list *l, const char *s,
		 size_t len);

/* libcyaml's version (engine/config.c, the layer that owns it). */
const char *hl_cyaml_version(void);

#endif
