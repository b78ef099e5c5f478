/*
 * match: PCRE2 behind the ruleset's pattern indexes. Patterns are UTF-8
 * and match invalid UTF-8 subjects too (PCRE2_MATCH_INVALID_UTF), so input
 * bytes never make a match fail.
 */
#include "engine/match.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

/* When a pattern is JIT-compiled: after this many matches, or at once for
 * a subject this long. */
#define JIT_AFTER_USES 32
#define JIT_AFTER_BYTES 4096

/* A list's values by hash (of their lower-case bytes), made on first
 * use: a lookup compares one or two values, not all of them; values
 * with a * are globs, tried one by one. */
struct lindex {
	bool made;
	uint32_t mask;	 /* slots - 1 (a power of two) */
	uint32_t *slot;	 /* value index + 1, or 0 */
	uint32_t *globs; /* value indexes */
	uint32_t nglobs;
};

struct hl_matcher {
	const struct hl_rules *rs;
	struct lindex *lists; /* by list index */
	pcre2_code **code;    /* by pattern index, NULL until first use */
	bool *failed;	      /* compile failed: do not try again */
	uint32_t *uses; /* matches run, until the pattern is JIT-compiled */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	bool jit;
	char err[256];
};

static uint32_t options(bool icase)
{
	return PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
	       (icase ? PCRE2_CASELESS : 0);
}

struct hl_matcher *hl_matcher_new(const struct hl_rules *rs,
				  uint32_t match_limit, bool jit)
{
	struct hl_matcher *m = hl_xcalloc(1, sizeof(*m));
	m->rs = rs;
	m->jit = jit;
	m->code = hl_xcalloc(rs->npatterns ? rs->npatterns : 1,
			     sizeof(*m->code));
	m->failed = hl_xcalloc(rs->npatterns ? rs->npatterns : 1,
			       sizeof(*m->failed));
	m->uses = hl_xcalloc(rs->npatterns ? rs->npatterns : 1,
			     sizeof(*m->uses));
	m->lists = hl_xcalloc(rs->nlists ? rs->nlists : 1, sizeof(*m->lists));
	m->md = pcre2_match_data_create(1, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	if (!m->md || !m->mctx)
		hl_oom(sizeof(*m));
	pcre2_set_match_limit(m->mctx, match_limit);
	pcre2_set_depth_limit(m->mctx, match_limit);
	return m; /* the JIT stack comes with the first JIT compile */
}

void hl_matcher_free(struct hl_matcher *m)
{
	if (!m)
		return;
	for (uint32_t i = 0; i < m->rs->npatterns; i++)
		pcre2_code_free(m->code[i]);
	for (uint32_t i = 0; i < m->rs->nlists; i++) {
		free(m->lists[i].slot);
		free(m->lists[i].globs);
	}
	free(m->lists);
	free(m->code);
	free(m->failed);
	free(m->uses);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit_stack);
	free(m);
}

/* `a` (alen bytes) equals the string `b`; stops at the first difference,
 * so a list of long values costs little against a short word. */
bool hl_text_eq(const char *a, size_t alen, const char *b, bool icase)
{
	for (size_t i = 0; i < alen; i++) {
		/* callers pass alen bytes that are all written (the analyzer
		 * cannot see it through hl_split_words) */
		unsigned char x = (unsigned char)a[i]; /* NOLINT */
		unsigned char y = (unsigned char)b[i];
		if (!y)
			return false;
		if (x != y && (!icase || tolower(x) != tolower(y)))
			return false;
	}
	return b[alen] == '\0';
}

/* Does s[0..len) match `glob`, where * is any run of characters? */
bool hl_glob_eq(const char *s, size_t len, const char *glob, bool icase)
{
	size_t i = 0, star_g = (size_t)-1, star_s = 0;
	const char *g = glob;
	size_t gi = 0, glen = strlen(glob);
	while (i < len) {
		if (gi < glen && g[gi] == '*') {
			star_g = gi++;
			star_s = i;
		} else if (gi < glen &&
			   (icase ? tolower((unsigned char)g[gi]) ==
					    tolower((unsigned char)s[i])
				  : g[gi] == s[i])) {
			gi++;
			i++;
		} else if (star_g != (size_t)-1) {
			gi = star_g + 1;
			i = ++star_s;
		} else {
			return false;
		}
	}
	while (gi < glen && g[gi] == '*')
		gi++;
	return gi == glen;
}

static uint32_t lower_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (uint32_t)tolower((unsigned char)s[i]);
		h *= 16777619u;
	}
	return h;
}

static void index_list(struct lindex *x, const struct hl_list *l)
{
	uint32_t n = 16;
	while (n < 2 * l->nvalues)
		n *= 2;
	x->mask = n - 1;
	x->slot = hl_xcalloc(n, sizeof(*x->slot));
	x->globs = hl_xcalloc(l->nvalues ? l->nvalues : 1, sizeof(*x->globs));
	for (uint32_t i = 0; i < l->nvalues; i++) {
		const char *v = l->values[i];
		if (strchr(v, '*')) {
			x->globs[x->nglobs++] = i;
			continue;
		}
		uint32_t k = lower_hash(v, strlen(v)) & x->mask;
		while (x->slot[k])
			k = (k + 1) & x->mask;
		x->slot[k] = i + 1;
	}
	x->made = true;
}

bool hl_matcher_in_list(struct hl_matcher *m, const struct hl_list *l,
			const char *s, size_t len, bool icase)
{
	struct lindex *x = &m->lists[l - m->rs->lists];
	if (!x->made)
		index_list(x, l);
	for (uint32_t k = lower_hash(s, len) & x->mask; x->slot[k];
	     k = (k + 1) & x->mask)
		if (hl_text_eq(s, len, l->values[x->slot[k] - 1], icase))
			return true;
	for (uint32_t i = 0; i < x->nglobs; i++)
		if (hl_glob_eq(s, len, l->values[x->globs[i]], icase))
			return true;
	return false;
}

static pcre2_code *compile(const char *regex, bool icase, int *errcode,
			   PCRE2_SIZE *erroff)
{
	return pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
			     options(icase), errcode, erroff, NULL);
}

int hl_matcher_match(struct hl_matcher *m, int32_t pattern, const char *s,
		     size_t len, const char **err)
{
	size_t a, b;
	return hl_matcher_find(m, pattern, s, len, 0, &a, &b, err);
}

int hl_matcher_find(struct hl_matcher *m, int32_t pattern, const char *s,
		    size_t len, size_t from, size_t *mstart, size_t *mend,
		    const char **err)
{
	const struct hl_pattern *p = &m->rs->patterns[pattern];
	if (m->failed[pattern]) {
		*err = "pattern does not compile";
		return -1;
	}
	if (!m->code[pattern] && p->compiled &&
	    pcre2_serialize_decode(&m->code[pattern], 1, p->compiled, NULL) !=
		    1)
		m->code[pattern] = NULL; /* another PCRE2: compile it */
	if (!m->code[pattern]) {
		int ec;
		PCRE2_SIZE off;
		m->code[pattern] = compile(p->regex, p->ignore_case, &ec, &off);
		if (!m->code[pattern]) {
			m->failed[pattern] = true;
			*err = "pattern does not compile";
			return -1;
		}
	}
	/* JIT-compiled once it pays: compiling costs as much as a few
	 * hundred interpreted matches of a short value, and a run on one
	 * small file matches most patterns once or twice */
	if (m->jit && m->uses[pattern] != UINT32_MAX &&
	    (++m->uses[pattern] > JIT_AFTER_USES ||
	     (len > from && len - from > JIT_AFTER_BYTES))) {
		if (!m->jit_stack) {
			m->jit_stack = pcre2_jit_stack_create(
				(size_t)32 * 1024, (size_t)1024 * 1024, NULL);
			if (m->jit_stack)
				pcre2_jit_stack_assign(m->mctx, NULL,
						       m->jit_stack);
		}
		pcre2_jit_compile(m->code[pattern], PCRE2_JIT_COMPLETE);
		m->uses[pattern] = UINT32_MAX;
	}
	int rc = pcre2_match(m->code[pattern], (PCRE2_SPTR)s, len, from, 0,
			     m->md, m->mctx);
	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		*mstart = ov[0];
		*mend = ov[1];
		return 1;
	}
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT)
		snprintf(m->err, sizeof(m->err),
			 "pattern '%s' hit the regex match limit "
			 "(--match-limit) on a value of %zu bytes: a "
			 "catastrophic pattern?",
			 p->name ? p->name : p->regex, len);
	else if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		snprintf(m->err, sizeof(m->err),
			 "pattern '%s' ran out of its 1 MB regex stack on a "
			 "value of %zu bytes: a pattern that nests or "
			 "backtracks too deeply?",
			 p->name ? p->name : p->regex, len);
	else {
		PCRE2_UCHAR buf[200];
		pcre2_get_error_message(rc, buf, sizeof(buf));
		snprintf(m->err, sizeof(m->err), "pattern '%s': %s",
			 p->name ? p->name : p->regex, (const char *)buf);
	}
	*err = m->err;
	return -1;
}

bool hl_regex_check(const char *regex, bool ignore_case, char *msg,
		    size_t msgsize, size_t *offset)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *c = compile(regex, ignore_case, &ec, &off);
	if (c) {
		pcre2_code_free(c);
		return true;
	}
	PCRE2_UCHAR buf[200];
	pcre2_get_error_message(ec, buf, sizeof(buf));
	snprintf(msg, msgsize, "%s", (const char *)buf);
	*offset = off;
	return false;
}

size_t hl_regex_serialize(const char *regex, bool ignore_case, uint8_t **out)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *c = compile(regex, ignore_case, &ec, &off);
	*out = NULL;
	if (!c)
		return 0;
	uint8_t *bytes;
	PCRE2_SIZE size;
	const pcre2_code *codes[1] = {c};
	int32_t rc = pcre2_serialize_encode(codes, 1, &bytes, &size, NULL);
	pcre2_code_free(c);
	if (rc != 1)
		return 0;
	*out = hl_xmalloc(size);
	memcpy(*out, bytes, size);
	pcre2_serialize_free(bytes);
	return size;
}

void hl_pcre2_version(char *out, size_t cap)
{
	char v[64];
	if (cap && pcre2_config(PCRE2_CONFIG_VERSION, v) > 0)
		snprintf(out, cap, "%s", v);
	else if (cap)
		out[0] = '\0';
}
