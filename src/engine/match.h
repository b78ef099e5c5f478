/*
 * match: the rule set's regular expressions through PCRE2, compiled (with
 * JIT where available) on first use and kept until the matcher is freed.
 * Every match runs under a match limit and a bounded JIT stack, so a
 * catastrophic pattern is an error, never a hang. The only module that
 * includes <pcre2.h>.
 */
#ifndef HARDLINT_ENGINE_MATCH_H
#define HARDLINT_ENGINE_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/rules.h"

struct hl_matcher;

#define HL_MATCH_LIMIT_DEFAULT 1000000u

/* A matcher for the patterns of `rs` (not copied: rs must outlive it);
 * with `jit`, patterns are JIT-compiled when first used. */
struct hl_matcher *hl_matcher_new(const struct hl_rules *rs,
				  uint32_t match_limit, bool jit);
void hl_matcher_free(struct hl_matcher *m);

/*
 * Match pattern number `pattern` against `len` bytes of `s`: 1 for a match,
 * 0 for none, -1 when the pattern cannot be compiled or a limit was hit
 * (then *err says which, in static or matcher-owned memory).
 */
int hl_matcher_match(struct hl_matcher *m, int32_t pattern, const char *s,
		     size_t len, const char **err);

/* Like hl_matcher_match, and on a match sets [*mstart, *mend) to where
 * it matched, searching from byte `from`. */
int hl_matcher_find(struct hl_matcher *m, int32_t pattern, const char *s,
		    size_t len, size_t from, size_t *mstart, size_t *mend,
		    const char **err);

/* Is s[0..len) a value of list `l` (one of the matcher's rule set's),
 * compared exactly or (icase) in any case, a value with `*` matching
 * any run of characters? The list is indexed on first use. */
bool hl_matcher_in_list(struct hl_matcher *m, const struct hl_list *l,
			const char *s, size_t len, bool icase);

/* `a` (alen bytes) equals the string `b` (in any case, with icase). */
bool hl_text_eq(const char *a, size_t alen, const char *b, bool icase);

/* Does s[0..len) match `glob`, where * is any run of characters? */
bool hl_glob_eq(const char *s, size_t len, const char *glob, bool icase);

/* Check that `regex` compiles; on failure write PCRE2's message to `msg`
 * and the offending byte offset to *offset. */
/* `regex` compiled as the matcher compiles it, in PCRE2's serialized
 * form (malloc'ed into *out, its length returned), or 0 if it does not
 * compile. For rulegen: the built-in patterns ship compiled. */
size_t hl_regex_serialize(const char *regex, bool ignore_case, uint8_t **out);

bool hl_regex_check(const char *regex, bool ignore_case, char *msg,
		    size_t msgsize, size_t *offset);

/* PCRE2's version ("10.42 2022-12-11"), into out. */
void hl_pcre2_version(char *out, size_t cap);

#endif
