/*
 * dockerfile/words: an instruction's arguments as words (whitespace and
 * quotes, as BuildKit splits each instruction) and as the exec form's JSON
 * array of strings (Go's encoding/json reading, escapes and all).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/image.h"
#include "dockerfile/parser.h"

/* ------------------------------------------------------------------ */
/* Words                                                              */

/* Split logical bytes [from, to) into whitespace-separated words, quotes
 * and the escape character keeping spaces inside a word. */
size_t hl_dfp_split_words(struct parser *P, size_t from, size_t to,
			  struct hl_df_text **out)
{
	const char *s = P->line.s;
	size_t n = 0, cap = 0;
	struct hl_df_text *w = NULL;
	size_t i = from;
	for (;;) {
		while (i < to && isspace((unsigned char)s[i]))
			i++;
		if (i >= to)
			break;
		size_t ws = i;
		char quote = 0;
		while (i < to) {
			char c = s[i];
			if (quote) {
				if (c == P->esc && quote == '"' && i + 1 < to)
					i++;
				else if (c == quote)
					quote = 0;
			} else if (c == P->esc && i + 1 < to) {
				i++;
			} else if (c == '"' || c == '\'') {
				quote = c;
			} else if (isspace((unsigned char)c)) {
				break;
			}
			i++;
		}
		if (++P->nwords > HL_DF_MAX_WORDS) {
			hl_dfp_limit(
				P, P->line_span,
				"more than %d words in the instructions of the "
				"file (limit); file not checked",
				HL_DF_MAX_WORDS);
			break;
		}
		w = hl_arena_grow(P->a, w, n, &cap, sizeof(*w));
		w[n++] = hl_dfp_text_at(P, ws, i);
	}
	*out = w;
	return n;
}

/* Four hex digits at s[i..]: the value in *out; false if not. */
static bool hex4(const char *s, size_t i, size_t to, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++, i++) {
		if (i >= to || !isxdigit((unsigned char)s[i]))
			return false;
		char h = s[i];
		v = v * 16 +
		    (unsigned)(isdigit((unsigned char)h)
				       ? h - '0'
				       : tolower((unsigned char)h) - 'a' + 10);
	}
	*out = v;
	return true;
}

/* Append code point `cp` as UTF-8 (a lone surrogate as U+FFFD). */
static void add_utf8(struct hl_buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp >= 0xD800 && cp < 0xE000)
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	hl_buf_add(b, u, n);
}

/* Skip one JSON value at s[*i] (within [.., to)); false if there is none.
 * Depth-limited: deeper nesting counts as not JSON. */
static bool json_value(const char *s, size_t *i, size_t to, int depth)
{
	while (*i < to && isspace((unsigned char)s[*i]))
		(*i)++;
	if (*i >= to || depth > 64)
		return false;
	char c = s[*i];
	if (c == '"') {
		for ((*i)++; *i < to && s[*i] != '"'; (*i)++)
			if (s[*i] == '\\')
				(*i)++;
		if (*i >= to)
			return false;
		(*i)++;
		return true;
	}
	if (c == '[' || c == '{') {
		char close = c == '[' ? ']' : '}';
		(*i)++;
		while (*i < to && isspace((unsigned char)s[*i]))
			(*i)++;
		if (*i < to && s[*i] == close) {
			(*i)++;
			return true;
		}
		for (;;) {
			if (close == '}') {
				if (!json_value(s, i, to, depth + 1))
					return false;
				while (*i < to && isspace((unsigned char)s[*i]))
					(*i)++;
				if (*i >= to || s[*i] != ':')
					return false;
				(*i)++;
			}
			if (!json_value(s, i, to, depth + 1))
				return false;
			while (*i < to && isspace((unsigned char)s[*i]))
				(*i)++;
			if (*i < to && s[*i] == ',') {
				(*i)++;
				continue;
			}
			if (*i < to && s[*i] == close) {
				(*i)++;
				return true;
			}
			return false;
		}
	}
	/* a literal: true, false, null, or a number as JSON writes one
	 * (`[Net.ServicePointManager]::X` or `[abc]` is no JSON: shell form) */
	static const char *const words[] = {"true", "false", "null"};
	for (size_t w = 0; w < 3; w++) {
		size_t n = strlen(words[w]);
		if (to - *i >= n && !memcmp(s + *i, words[w], n)) {
			*i += n;
			return true;
		}
	}
	if (s[*i] == '-')
		(*i)++;
	if (*i >= to || !isdigit((unsigned char)s[*i]))
		return false;
	if (s[*i] == '0')
		(*i)++;
	else
		while (*i < to && isdigit((unsigned char)s[*i]))
			(*i)++;
	if (*i < to && s[*i] == '.') {
		(*i)++;
		if (*i >= to || !isdigit((unsigned char)s[*i]))
			return false;
		while (*i < to && isdigit((unsigned char)s[*i]))
			(*i)++;
	}
	if (*i < to && (s[*i] == 'e' || s[*i] == 'E')) {
		(*i)++;
		if (*i < to && (s[*i] == '+' || s[*i] == '-'))
			(*i)++;
		if (*i >= to || !isdigit((unsigned char)s[*i]))
			return false;
		while (*i < to && isdigit((unsigned char)s[*i]))
			(*i)++;
	}
	return true;
}

/* Is logical [from, to) one JSON value and nothing else? */
/* A JSON value starts at `from` (Go's json.Decoder, as BuildKit uses it,
 * reads the first value and ignores what follows). */
bool hl_dfp_is_json(const char *s, size_t from, size_t to)
{
	size_t i = from;
	return json_value(s, &i, to, 0);
}

/* Parse a JSON array of strings at logical [from, to); false if it is not
 * one (BuildKit then runs the text in shell form). */
/* Append `n` bytes that stand for the text at logical offset `at`. */
static void emit(struct parser *P, struct hl_mtext_builder *mb,
		 const char *bytes, size_t n, size_t at)
{
	hl_mtb_add(mb, bytes, n, hl_mtext_src(&P->line, at));
}

bool hl_dfp_parse_exec(struct parser *P, size_t from, size_t to,
		       struct hl_df_text **out, size_t *count, size_t *rest)
{
	const char *s = P->line.s;
	size_t i = from, n = 0, cap = 0;
	struct hl_df_text *v = NULL;
	struct hl_mtext_builder mb;
	hl_mtb_init(&mb);
	if (i >= to || s[i] != '[')
		return false;
	i++;
	bool first = true;
	for (;;) {
		while (i < to && isspace((unsigned char)s[i]))
			i++;
		if (i < to && s[i] == ']' && first) {
			i++;
			break;
		}
		if (i >= to || s[i] != '"')
			goto fail;
		size_t ws = i++;
		for (;;) {
			if (i >= to)
				goto fail;
			unsigned char c = (unsigned char)s[i];
			size_t at = i;
			if (c == '"')
				break;
			if (c < 0x20)
				goto fail;
			if (c != '\\') {
				emit(P, &mb, s + i, 1, at);
				i++;
				continue;
			}
			if (i + 1 >= to)
				goto fail;
			char e = s[i + 1];
			i += 2;
			static const char from_esc[] = "\"\\/bfnrt";
			static const char to_char[] = "\"\\/\b\f\n\r\t";
			const char *k = strchr(from_esc, e);
			if (k && e) {
				emit(P, &mb, &to_char[k - from_esc], 1, at);
				continue;
			}
			if (e != 'u')
				goto fail;
			unsigned cp;
			if (!hex4(s, i, to, &cp))
				goto fail;
			i += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= to &&
			    s[i] == '\\' && s[i + 1] == 'u') {
				unsigned lo;
				if (hex4(s, i + 2, to, &lo) && lo >= 0xDC00 &&
				    lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (lo - 0xDC00);
					i += 6;
				}
			}
			struct hl_buf u = HL_BUF_INIT;
			add_utf8(&u, cp);
			emit(P, &mb, u.p, u.len, at);
			hl_buf_release(&u);
		}
		i++; /* closing quote */
		if (++P->nwords > HL_DF_MAX_WORDS) {
			hl_dfp_limit(
				P, P->line_span,
				"more than %d words in the instructions of the "
				"file (limit); file not checked",
				HL_DF_MAX_WORDS);
			goto fail;
		}
		struct hl_mtext m = hl_mtb_take(&mb, P->a);
		v = hl_arena_grow(P->a, v, n, &cap, sizeof(*v));
		v[n].s = m.s;
		v[n].len = m.len;
		v[n].segs = m.segs;
		v[n].nsegs = m.nsegs;
		v[n].span = hl_dfp_log_span(P, ws, i);
		n++;
		first = false;
		while (i < to && isspace((unsigned char)s[i]))
			i++;
		if (i < to && s[i] == ',') {
			i++;
			continue;
		}
		if (i < to && s[i] == ']') {
			i++;
			break;
		}
		goto fail;
	}
	/* BuildKit reads the first JSON value and ignores the rest */
	while (i < to && isspace((unsigned char)s[i]))
		i++;
	*rest = i;
	hl_mtb_release(&mb);
	*out = v;
	*count = n;
	return true;
fail:
	hl_mtb_release(&mb);
	return false;
}
