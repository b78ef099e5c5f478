/*
 * dockerfile_dump: a parsed Dockerfile in BuildKit's parser dump format,
 * to compare hardlint's reading with BuildKit's test cases. Each
 * instruction's arguments are split as BuildKit's parse functions split
 * them (parseMaybeJSON, parseMaybeJSONToList, parseStringsWhitespace-
 * Delimited, parseString, parseNameVal, parseNameOrNameVal,
 * parseHealthConfig, parseSubCommand), from hardlint's own logical text.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dockerfile_dump.h"

/* Go's %q: printable runes as they are, the rest escaped. */
static void quote(struct hl_buf *b, const char *s, size_t len)
{
	hl_buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			hl_buf_adds(b, "\\\"");
			continue;
		case '\\':
			hl_buf_adds(b, "\\\\");
			continue;
		case '\a':
			hl_buf_adds(b, "\\a");
			continue;
		case '\b':
			hl_buf_adds(b, "\\b");
			continue;
		case '\f':
			hl_buf_adds(b, "\\f");
			continue;
		case '\n':
			hl_buf_adds(b, "\\n");
			continue;
		case '\r':
			hl_buf_adds(b, "\\r");
			continue;
		case '\t':
			hl_buf_adds(b, "\\t");
			continue;
		case '\v':
			hl_buf_adds(b, "\\v");
			continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			hl_buf_printf(b, "\\x%02x", c);
			continue;
		}
		if (c < 0x80) {
			hl_buf_addc(b, (char)c);
			continue;
		}
		/* a valid UTF-8 sequence passes, a stray byte is \xNN */
		size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		bool ok = n && c <= 0xF4 && i + n <= len;
		for (size_t k = 1; ok && k < n; k++)
			ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
		if (ok) {
			hl_buf_add(b, s + i, n);
			i += n - 1;
		} else {
			hl_buf_printf(b, "\\x%02x", c);
		}
	}
	hl_buf_addc(b, '"');
}

static void arg(struct hl_buf *b, const char *s, size_t len)
{
	hl_buf_addc(b, ' ');
	quote(b, s, len);
}

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' ||
	       c == '\n';
}

/* parseStringsWhitespaceDelimited: split at white space, nothing else. */
static void fields(struct hl_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		while (i < len && ws(s[i]))
			i++;
		size_t st = i;
		while (i < len && !ws(s[i]))
			i++;
		if (i > st)
			arg(b, s + st, i - st);
	}
}

/* parseWords: words split at white space outside quotes; quotes and
 * escapes stay in the word. Calls `fn` for each. */
static void words(const char *s, size_t len, char esc,
		  void (*fn)(void *ctx, const char *w, size_t n), void *ctx)
{
	struct hl_buf w = HL_BUF_INIT;
	bool in_word = false, blank_ok = false;
	char q = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len) {
			if (in_word && (blank_ok || w.len))
				fn(ctx, hl_buf_str(&w), w.len);
			break;
		}
		char c = s[i];
		if (!in_word) {
			if (ws(c))
				continue;
			in_word = true;
		}
		if (q) {
			if (c == q)
				q = 0;
			if (c == esc && q != '\'' && q) {
				if (i + 1 == len)
					continue;
				hl_buf_addc(&w, c);
				c = s[++i];
			}
			hl_buf_addc(&w, c);
			continue;
		}
		if (ws(c)) {
			if (blank_ok || w.len)
				fn(ctx, hl_buf_str(&w), w.len);
			hl_buf_reset(&w);
			in_word = blank_ok = false;
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
			blank_ok = true;
		}
		if (c == esc) {
			if (i + 1 == len)
				continue;
			hl_buf_addc(&w, c);
			c = s[++i];
		}
		hl_buf_addc(&w, c);
	}
	hl_buf_release(&w);
}

/* parseNameVal (ENV, LABEL): the legacy "name value" form gives name,
 * value, ""; the name=value form gives name, value, "=" per word. */
static void name_vals(struct hl_buf *b, const char *s, size_t len, char esc);

struct nv {
	struct hl_buf *b;
};

static void add_pair(void *ctx, const char *w, size_t n)
{
	struct nv *nv = ctx;
	const char *eq = memchr(w, '=', n);
	if (!eq) {
		arg(nv->b, w, n);
		return;
	}
	arg(nv->b, w, (size_t)(eq - w));
	arg(nv->b, eq + 1, n - (size_t)(eq - w) - 1);
	arg(nv->b, "=", 1);
}

static void name_vals(struct hl_buf *b, const char *s, size_t len, char esc)
{
	size_t i = 0;
	while (i < len && !ws(s[i]))
		i++;
	if (!memchr(s, '=', i)) {
		/* legacy: the first word, then the rest as it is */
		arg(b, s, i);
		while (i < len && ws(s[i]))
			i++;
		arg(b, s + i, len - i);
		arg(b, "", 0);
		return;
	}
	struct nv nv = {b};
	words(s, len, esc, add_pair, &nv);
}

/* parseMaybeJSON and parseMaybeJSONToList */
static void maybe_json(struct hl_buf *b, const struct hl_df_instr *in,
		       bool list)
{
	if (in->exec_form) {
		for (size_t k = 0; k < in->argc; k++)
			arg(b, in->argv[k].s, in->argv[k].len);
		return;
	}
	if (list)
		fields(b, in->args.s, in->args.len);
	else if (in->args.len)
		arg(b, in->args.s, in->args.len);
}

static void dump(struct hl_buf *b, const struct hl_dockerfile *df,
		 const struct hl_df_instr *in)
{
	hl_buf_addc(b, '(');
	for (const char *c = hl_df_cmd_name(in->cmd); *c; c++)
		hl_buf_addc(b, (char)tolower((unsigned char)*c));
	if (in->nflags) {
		hl_buf_adds(b, " [");
		for (size_t k = 0; k < in->nflags; k++) {
			if (k)
				hl_buf_addc(b, ' ');
			quote(b, in->flags[k].raw.s, in->flags[k].raw.len);
		}
		hl_buf_addc(b, ']');
	}
	const char *s = in->args.s;
	size_t len = in->args.len;
	switch (in->cmd) {
	case HL_DF_RUN:
	case HL_DF_CMD:
	case HL_DF_ENTRYPOINT:
	case HL_DF_SHELL:
		maybe_json(b, in, false);
		break;
	case HL_DF_ADD:
	case HL_DF_COPY:
	case HL_DF_VOLUME:
		maybe_json(b, in, true);
		break;
	case HL_DF_EXPOSE:
	case HL_DF_FROM:
		fields(b, s, len);
		break;
	case HL_DF_ENV:
	case HL_DF_LABEL:
		/* the parser's own words, so that the comparison checks the
		 * pairs the rules read; the legacy "name value" form keeps
		 * the rest of the line as the value */
		if (in->argc && memchr(in->argv[0].s, '=', in->argv[0].len)) {
			struct nv nv = {b};
			for (size_t k = 0; k < in->argc; k++)
				add_pair(&nv, in->argv[k].s, in->argv[k].len);
		} else if (len) {
			name_vals(b, s, len, df->escape);
		}
		break;
	case HL_DF_ARG:
		for (size_t k = 0; k < in->argc; k++)
			arg(b, in->argv[k].s, in->argv[k].len);
		break;
	case HL_DF_HEALTHCHECK: {
		size_t i = 0;
		while (i < len && !ws(s[i]))
			i++;
		if (!i)
			break;
		arg(b, s, i);
		if (i == 3 && !strncasecmp(s, "CMD", 3)) {
			if (in->exec_form) {
				for (size_t k = 0; k < in->argc; k++)
					arg(b, in->argv[k].s, in->argv[k].len);
				break;
			}
		}
		while (i < len && ws(s[i]))
			i++;
		if (i < len)
			arg(b, s + i, len - i);
		break;
	}
	case HL_DF_ONBUILD:
		if (in->wrapped) {
			hl_buf_addc(b, ' ');
			dump(b, df, in->wrapped);
		}
		break;
	default: /* parseString: MAINTAINER, STOPSIGNAL, USER, WORKDIR */
		if (len)
			arg(b, s, len);
		break;
	}
	hl_buf_addc(b, ')');
}

void hl_dockerfile_dump_buildkit(const struct hl_dockerfile *df,
				 struct hl_buf *out)
{
	for (size_t i = 0; i < df->ninstrs; i++) {
		dump(out, df, df->instrs[i]);
		hl_buf_addc(out, '\n');
	}
}
