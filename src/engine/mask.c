/*
 * mask: what an echo of the input (an error's excerpt, a message quoting
 * it) must not carry out: credentials the shared patterns match, the
 * values of secret-like names, and, in an excerpt, everything past a
 * line's structure, failing closed (hl_engine_mask, engine.h).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/source.h"
#include "engine/api.h"
#include "engine/engine.h"
#include "engine/match.h"

/* Star [from, to) of `s`, keeping its first four characters, fewer for a
 * short text (a quarter of it: a three-letter secret shows nothing). */
static void star(char *s, size_t from, size_t to)
{
	size_t cps = 0;
	for (size_t i = from; i < to; i++)
		cps += ((unsigned char)s[i] & 0xC0) != 0x80;
	size_t show = cps / 4 < 4 ? cps / 4 : 4;
	size_t keep = 0, i = from;
	while (i < to && keep < show) {
		i++;
		while (i < to && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		keep++;
	}
	for (; i < to; i++)
		s[i] = '*';
}

/* Star all of [from, to) of `s`. */
static void star_all(char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		s[i] = '*';
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Mask what the patterns of list `l` match in line[0..len). When a
 * pattern cannot be evaluated, what may be a secret is not shown: in a
 * message (`message`), every quoted text past its first four
 * characters, and the rest of the line from the first ':' or '=' on. */
static void mask_matches(const struct hl_engine *e, const struct hl_list *l,
			 char *line, size_t len, bool message)
{
	for (uint32_t k = 0; k < l->npatterns; k++) {
		size_t from = 0, ms, me;
		const char *err;
		int rc = 0;
		while (from < len &&
		       (rc = hl_matcher_find(e->matcher, l->patterns[k], line,
					     len, from, &ms, &me, &err)) == 1 &&
		       me > ms) {
			star(line, ms, me);
			from = me;
		}
		if (rc >= 0 || from >= len)
			continue;
		for (size_t i = from; message && i < len; i++) {
			if (line[i] != '\'' && line[i] != '"')
				continue;
			size_t e2 = i + 1;
			while (e2 < len && line[e2] != line[i])
				e2++;
			star(line, i + 1, e2);
			i = e2;
		}
		/* and every long word (a token is one: a stage named
		 * ghp_..., a label quoting a command) */
		for (size_t i = from; message && i < len;) {
			while (i < len && line[i] == ' ')
				i++;
			size_t e2 = i;
			while (e2 < len && line[e2] != ' ')
				e2++;
			if (e2 - i >= 12)
				star(line, i, e2);
			i = e2;
		}
		/* not known: what may be a secret is not shown, from the
		 * value on (after the first ':' or '=', else all of it) */
		size_t v = from;
		while (v < len && line[v] != ':' && line[v] != '=')
			v++;
		star(line, v < len ? v + 1 : from, len);
	}
}

/* After a download tool's credential option (-u user:pass, --user,
 * --password, --http-password, --proxy-user): the next word masked, past
 * the user name when it has one. */
static void mask_option_values(char *s, size_t len)
{
	static const char *const opts[] = {
		" -u ",
		" --user ",
		" --user=",
		" --password ",
		" --password=",
		" --http-password ",
		" --http-password=",
		" --proxy-user ",
		" --proxy-user=",
		"\"-u\", \"",
		"'-u', '",
		" Bearer ",
		" Basic ",
		" bearer ",
		" token ",
	};
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		size_t ol = strlen(opts[k]);
		for (size_t i = 0; i + ol <= len; i++) {
			/* to the next place its first character is */
			const char *c = memchr(s + i, opts[k][0],
					       len - ol + 1 - i);
			if (!c)
				break;
			i = (size_t)(c - s);
			if (memcmp(s + i, opts[k], ol))
				continue;
			size_t v = i + ol, end = v;
			while (end < len && s[end] != ' ' && s[end] != '"' &&
			       s[end] != '\'')
				end++;
			const char *colon = memchr(s + v, ':', end - v);
			star(s, colon ? (size_t)(colon - s) + 1 : v, end);
			/* the next option may start at the space that ends
			 * this value (-u a:x -u b:y) */
			i = end - 1;
		}
	}
	for (size_t i = 0; i + 3 < len; i++) {
		/* -uUSER:PASS written as one word: past the colon */
		if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == 'u' &&
		    s[i + 3] != ' ' && s[i + 3] != '-') {
			size_t end = i + 3;
			while (end < len && s[end] != ' ' && s[end] != '"' &&
			       s[end] != '\'')
				end++;
			const char *colon = memchr(s + i + 3, ':', end - i - 3);
			if (colon)
				star(s, (size_t)(colon - s) + 1, end);
			i = end - 1;
		}
		/* a URL's user information (a token is often written as
		 * the user, https://TOKEN@host): past its first four
		 * characters, the password past the colon */
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') {
			size_t u = i + 3, end = u;
			while (end < len && s[end] != '@' && s[end] != '/' &&
			       s[end] != ' ' && s[end] != '"' && s[end] != '\'')
				end++;
			if (end < len && s[end] == '@') {
				const char *colon = memchr(s + u, ':', end - u);
				star(s, colon ? (size_t)(colon - s) + 1 : u,
				     end);
			}
			i = end > i ? end - 1 : i;
		}
	}
}

/* In a message (hardlint's words around a quote of the input): the value
 * of each NAME=value or NAME: value whose NAME reads as secret-like, to
 * the next blank or quote. */
static void mask_named(struct hl_matcher *m, const struct hl_list *words,
		       char *s, size_t len)
{
	for (size_t i = 1; i < len; i++) {
		if ((s[i] != '=' && s[i] != ':') || !ident_char(s[i - 1]))
			continue;
		size_t k = i;
		while (k > 0 && ident_char(s[k - 1]))
			k--;
		if (!hl_words_in(m, words, s + k, i - k))
			continue;
		size_t v = i + 1;
		while (v < len && s[v] == ' ')
			v++;
		size_t end = v;
		if (v < len && s[v] == '\\')
			v++, end++; /* \" */
		if (v < len && (s[v] == '\'' || s[v] == '"')) {
			char q = s[v];
			end = v + 1;
			while (end < len && s[end] != q)
				end++;
		} else {
			while (end < len && s[end] != ' ' && s[end] != '\'' &&
			       s[end] != '"')
				end++;
		}
		star(s, v, end);
		i = end;
	}
}

/* Is s[0..n) the name of a field of a Kubernetes API type, or a
 * Dockerfile instruction's keyword (upper case)? Such a word is shown in
 * an excerpt: it is the file's structure, not its data. */
static bool structural(const char *s, size_t n)
{
	if (n >= 2 && n <= 11) {
		size_t k = 0;
		while (k < n && s[k] >= 'A' && s[k] <= 'Z')
			k++;
		if (k == n)
			return true;
	}
	if (!n || n >= 32)
		return false;
	const struct hl_api_field *f;
	for (size_t i = 0; (f = hl_api_field_nth(i)); i++)
		if (strlen(f->name) == n && !memcmp(f->name, s, n))
			return true;
	return false;
}

/* An excerpt's line, failing closed: its indentation, any "- ", and a
 * first key or keyword that is structural (a Kubernetes field name, a
 * Dockerfile keyword) are shown; everything after is masked past its
 * first four characters, whatever it is (a value can hold colons,
 * quotes, escapes, tags and anchors, or go on over lines, and the name
 * that makes it secret can be an alias, an escape, or far away). With
 * `whole` (a line inside a value), no key is shown either. */
static void mask_values(char *line, size_t len, bool whole)
{
	size_t i = 0;
	for (;;) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i + 1 < len && line[i] == '-' &&
		    (line[i + 1] == ' ' || line[i + 1] == '\t'))
			i += 2;
		else
			break;
	}
	size_t k = i;
	if (!whole) {
		bool quoted = k < len && (line[k] == '"' || line[k] == '\'');
		size_t w = k + quoted;
		while (w < len && (isalnum((unsigned char)line[w]) ||
				   line[w] == '_' || line[w] == '-'))
			w++;
		size_t end = w + (quoted && w < len && line[w] == line[k]);
		size_t c = end;
		while (c < len && (line[c] == ' ' || line[c] == '\t'))
			c++;
		bool keyword = c < len && c > end && line[k] >= 'A' &&
			       line[k] <= 'Z';
		if (structural(line + k + quoted, w - k - quoted) &&
		    ((c < len && line[c] == ':') || keyword))
			k = c + (c < len && line[c] == ':');
		/* the characters shown are the value's, not blanks or its
		 * opening quote */
		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k < len && (line[k] == '"' || line[k] == '\''))
			k++;
	}
	/* a quarter of the value's first word at most (a three-letter
	 * secret shows nothing, however long the line after it) */
	size_t t = k;
	while (t < len && line[t] != ' ' && line[t] != '\t' && line[t] != '"' &&
	       line[t] != '\'')
		t++;
	star(line, k, t);
	star_all(line, t, len);
}

void hl_engine_mask(const struct hl_engine *e, char *line, size_t len,
		    enum hl_mask_how how)
{
	/* the lists whose files say so (mask: true): credential patterns
	 * mask what they match; in a message, secret words mask the values
	 * of the names they make secret-like */
	const struct hl_rules *rs = e->rs;
	for (uint32_t i = 0; i < rs->nlists; i++) {
		const struct hl_list *l = &rs->lists[i];
		if (!l->mask)
			continue;
		mask_matches(e, l, line, len, how == HL_MASK_MESSAGE);
		if (l->nvalues && how == HL_MASK_MESSAGE)
			mask_named(e->matcher, l, line, len);
	}
	if (how == HL_MASK_MESSAGE) {
		mask_option_values(line, len);
		return;
	}
	mask_values(line, len, how == HL_MASK_BELOW);
}

/* A word's `user:password@` before its first '/' (an image reference's
 * registry credentials, `deploy:pw@registry.example.com/app`, a URL's),
 * masked in place from the first ':' to the last '@' of that part. */
void hl_mask_userinfo(char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && strchr(" \t\"'=,[(", t[i]))
			i++;
		size_t b = i, colon = SIZE_MAX, at = SIZE_MAX;
		while (i < len && !strchr(" \t\"',])", t[i])) {
			if (t[i] == '/' && at == SIZE_MAX &&
			    colon != SIZE_MAX && i + 1 < len &&
			    t[i + 1] == '/' && i == colon + 1) {
				/* scheme:// : the userinfo starts after it */
				i += 2;
				b = i;
				colon = SIZE_MAX;
				continue;
			}
			if (t[i] == '/')
				break;
			if (t[i] == ':' && colon == SIZE_MAX)
				colon = i;
			if (t[i] == '@')
				at = i;
			i++;
		}
		if (colon != SIZE_MAX && at != SIZE_MAX && colon > b &&
		    colon < at)
			memset(t + colon + 1, '*', at - colon - 1);
		while (i < len && !strchr(" \t\"'", t[i]))
			i++;
	}
}

void hl_mask_cols(char *t, size_t len, uint32_t from, uint32_t to)
{
	size_t b = hl_utf8_offset(t, len, from ? from - 1 : 0),
	       e = hl_utf8_offset(t, len, to ? to - 1 : 0);
	star(t, b, e);
}
