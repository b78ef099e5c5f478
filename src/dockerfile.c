/*
 * dockerfile: tokenizer and parser for Dockerfiles, after BuildKit's.
 *
 *   file        := BOM? directive* line*
 *   directive   := "#" space* name space* "=" space* value     (top only)
 *   line        := blank | comment | instruction
 *   instruction := space* keyword (space+ flag)* (space+ args)?
 *                  where a line ending in the escape character (then only
 *                  spaces or tabs) continues on the next one; blank lines
 *                  and comment lines inside a continuation are dropped
 *   flag        := "--" name ("=" value)?
 *   args        := exec-form (a JSON array of strings) | shell-form
 *
 * Each instruction's text is joined into one logical line, with a map from
 * logical offsets back to source offsets so every word keeps its place.
 * Variables are substituted as BuildKit does ($V, ${V}, ${V:-w}, ${V-w},
 * ${V:+w}, ${V+w}, quotes, the escape character); what stays unresolved is
 * marked unknown. Problems found on the way are recorded and the parse goes
 * on with the next instruction.
 */
#include "hardlint/dockerfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hardlint/buf.h"
#include "hardlint/image.h"

static const char *const cmd_names[HL_DF__COUNT] = {
	[HL_DF_ADD] = "ADD",
	[HL_DF_ARG] = "ARG",
	[HL_DF_CMD] = "CMD",
	[HL_DF_COPY] = "COPY",
	[HL_DF_ENTRYPOINT] = "ENTRYPOINT",
	[HL_DF_ENV] = "ENV",
	[HL_DF_EXPOSE] = "EXPOSE",
	[HL_DF_FROM] = "FROM",
	[HL_DF_HEALTHCHECK] = "HEALTHCHECK",
	[HL_DF_LABEL] = "LABEL",
	[HL_DF_MAINTAINER] = "MAINTAINER",
	[HL_DF_ONBUILD] = "ONBUILD",
	[HL_DF_RUN] = "RUN",
	[HL_DF_SHELL] = "SHELL",
	[HL_DF_STOPSIGNAL] = "STOPSIGNAL",
	[HL_DF_USER] = "USER",
	[HL_DF_VOLUME] = "VOLUME",
	[HL_DF_WORKDIR] = "WORKDIR",
	[HL_DF_UNKNOWN] = "UNKNOWN",
};

const char *hl_df_cmd_name(enum hl_df_cmd cmd)
{
	if ((unsigned)cmd >= HL_DF__COUNT)
		return "UNKNOWN";
	return cmd_names[cmd];
}

/* The flags each instruction accepts, space-separated. */

/* Instructions whose arguments may be a JSON array (exec form). */
static bool takes_exec_form(enum hl_df_cmd c)
{
	return c == HL_DF_RUN || c == HL_DF_CMD || c == HL_DF_ENTRYPOINT ||
	       c == HL_DF_SHELL || c == HL_DF_COPY || c == HL_DF_ADD ||
	       c == HL_DF_VOLUME || c == HL_DF_HEALTHCHECK;
}

/* ------------------------------------------------------------------ */
/* Parser state                                                       */

/* A variable's state during substitution. */
enum var_state { VAR_UNDECLARED, VAR_UNSET, VAR_VALUE, VAR_UNKNOWN };

struct scope {
	struct hl_df_var *vars;
	size_t n, cap;
};

struct parser {
	struct hl_source *src;
	struct hl_arena *a;
	struct hl_dockerfile *df;
	const char *data;
	size_t len;
	size_t pos; /* start of the next physical line */
	char esc;

	/* the logical instruction being read, mapped to the source */
	struct hl_mtext_builder lb;
	struct hl_mtext line;

	size_t icap, scap_stages, imcap, pcap, gcap, ucap;
	struct scope scope; /* the current stage's variables */
	bool in_stage;
	size_t budget;		  /* bytes substitution may still produce */
	const char *last_unknown; /* variables the last expand() lacked */
	const struct hl_df_opts *opts; /* --target, --build-arg */
	struct hl_span line_span;      /* the instruction being read */
	size_t ncmds;		       /* shell commands split so far */
	size_t nwords;		       /* words split so far */
	const char **later;	       /* stage names anywhere in the file */
	size_t nlater;
	size_t nfrom; /* FROM lines in the file */
};

/* Stop the parse: a limit was hit at `span`. */
static void limit(struct parser *P, struct hl_span span, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void limit(struct parser *P, struct hl_span span, const char *fmt, ...)
{
	if (P->df->error)
		return;
	struct hl_diag *d = hl_arena_alloc(P->a, sizeof(*d));
	va_list ap;
	va_start(ap, fmt);
	d->message = hl_arena_vprintf(P->a, fmt, ap);
	va_end(ap);
	d->code = HL_ERR_LIMIT;
	d->path = P->src->path;
	d->line = span.start.line;
	d->col = span.start.col;
	P->df->error = d;
}

static void problem(struct parser *P, struct hl_span span, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct parser *P, struct hl_span span, const char *fmt, ...)
{
	struct hl_dockerfile *df = P->df;
	df->problems = hl_arena_grow(P->a, df->problems, df->nproblems,
				     &P->pcap, sizeof(*df->problems));
	va_list ap;
	va_start(ap, fmt);
	df->problems[df->nproblems].message = hl_arena_vprintf(P->a, fmt, ap);
	va_end(ap);
	df->problems[df->nproblems].span = span;
	df->nproblems++;
}

/* ------------------------------------------------------------------ */
/* Physical and logical lines                                         */

/* Read the physical line at P->pos: [*start, *end) without its line break;
 * advances P->pos. False at the end of input. */
static bool next_line(struct parser *P, size_t *start, size_t *end)
{
	if (P->pos >= P->len)
		return false;
	const char *nl = memchr(P->data + P->pos, '\n', P->len - P->pos);
	size_t e = nl ? (size_t)(nl - P->data) : P->len;
	*start = P->pos;
	P->pos = nl ? e + 1 : P->len;
	if (e > *start && P->data[e - 1] == '\r')
		e--;
	*end = e;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static size_t skip_space(const char *s, size_t i, size_t end)
{
	while (i < end &&
	       (is_space(s[i]) || s[i] == '\r' || s[i] == '\f' || s[i] == '\v'))
		i++;
	return i;
}

/* If the line [start, end) ends with the escape character followed only by
 * spaces or tabs, and that character is not itself escaped (`a\\` ends in
 * a backslash, as BuildKit reads it), return its offset, else `end`. */
static size_t continuation_at(struct parser *P, size_t start, size_t end)
{
	size_t e = end;
	while (e > start && is_space(P->data[e - 1]))
		e--;
	if (e > start && P->data[e - 1] == P->esc &&
	    !(e - 1 > start && P->data[e - 2] == P->esc))
		return e - 1;
	return end;
}

static void append(struct parser *P, size_t from, size_t to)
{
	hl_mtb_add(&P->lb, P->data + from, to - from, from);
}

/* The span of logical bytes [from, to). */
static struct hl_span log_span(struct parser *P, size_t from, size_t to)
{
	return hl_mtext_span(P->src, &P->line, from, to);
}

/* Logical bytes [from, to) with their place and their map. */
static struct hl_df_text text_at(struct parser *P, size_t from, size_t to)
{
	struct hl_df_text t;
	struct hl_mtext m = hl_mtext_sub(P->a, &P->line, from, to);
	t.s = m.s;
	t.len = m.len;
	t.segs = m.segs;
	t.nsegs = m.nsegs;
	t.span = log_span(P, from, to);
	return t;
}

/*
 * Read one logical instruction starting with the physical line [start,
 * end) into P->line: continuation lines are joined without their escape
 * character; blank and comment lines inside the continuation are dropped.
 */
static void read_logical(struct parser *P, size_t start, size_t end)
{
	for (;;) {
		size_t cont = continuation_at(P, start, end);
		append(P, start, cont);
		if (cont == end)
			break;
		/* find the next line that is neither blank nor a comment */
		bool more = false;
		while (!more) {
			if (!next_line(P, &start, &end))
				break; /* escape at end of file */
			size_t i = skip_space(P->data, start, end);
			more = !(i == end || P->data[i] == '#');
		}
		if (!more)
			break;
	}
	P->line = hl_mtb_take(&P->lb, P->a);
}

/* ------------------------------------------------------------------ */
/* Directives                                                         */

static void read_directives(struct parser *P)
{
	bool seen_escape = false, seen_syntax = false;
	for (;;) {
		size_t save = P->pos, start, end;
		if (!next_line(P, &start, &end))
			return;
		const char *s = P->data;
		size_t i = skip_space(s, start, end);
		if (i == end || s[i] != '#') {
			P->pos = save;
			return;
		}
		i = skip_space(s, i + 1, end);
		size_t ns = i;
		while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '_'))
			i++;
		size_t ne = i;
		i = skip_space(s, i, end);
		if (ne == ns || i == end || s[i] != '=') {
			/* an ordinary comment ends the directives */
			P->pos = save;
			return;
		}
		i = skip_space(s, i + 1, end);
		size_t ve = end;
		while (ve > i && is_space(s[ve - 1]))
			ve--;
		size_t nlen = ne - ns;
		if (nlen == 6 && !strncasecmp(s + ns, "escape", 6)) {
			struct hl_span sp = hl_source_span(P->src, i, ve);
			if (seen_escape)
				problem(P, sp, "escape directive given twice");
			else if (ve - i == 1 && (s[i] == '\\' || s[i] == '`'))
				P->esc = s[i];
			else
				problem(P, sp,
					"invalid escape character '%.*s': "
					"must be \\ or `; using \\",
					(int)(ve - i > 20 ? 20 : ve - i),
					s + i);
			seen_escape = true;
		} else if (nlen == 6 && !strncasecmp(s + ns, "syntax", 6)) {
			if (!seen_syntax)
				P->df->syntax = hl_arena_strndup(P->a, s + i,
								 ve - i);
			seen_syntax = true;
		} else if (!(nlen == 5 && !strncasecmp(s + ns, "check", 5))) {
			/* an unknown directive is a comment, and a comment
			 * ends the directives (BuildKit) */
			P->pos = save;
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Words                                                              */

/* Split logical bytes [from, to) into whitespace-separated words, quotes
 * and the escape character keeping spaces inside a word. */
static size_t split_words(struct parser *P, size_t from, size_t to,
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
			limit(P, P->line_span,
			      "more than %d words in the instructions of the "
			      "file (limit); file not checked",
			      HL_DF_MAX_WORDS);
			break;
		}
		w = hl_arena_grow(P->a, w, n, &cap, sizeof(*w));
		w[n++] = text_at(P, ws, i);
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
static bool is_json(const char *s, size_t from, size_t to)
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

static bool parse_exec(struct parser *P, size_t from, size_t to,
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
			limit(P, P->line_span,
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
		v[n].span = log_span(P, ws, i);
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

/* ------------------------------------------------------------------ */
/* Variables                                                          */

static struct hl_df_var *var_find(struct hl_df_var *vars, size_t n,
				  const char *name, size_t len)
{
	for (size_t i = n; i-- > 0;)
		if (vars[i].name[0] == name[0] &&
		    !strncmp(vars[i].name, name, len) && !vars[i].name[len])
			return &vars[i];
	return NULL;
}

static void scope_set(struct parser *P, struct scope *sc, const char *name,
		      const char *value, bool unknown, bool env)
{
	struct hl_df_var *v = var_find(sc->vars, sc->n, name, strlen(name));
	if (v && v->env && !env)
		return; /* ENV wins over a later ARG of the same name */
	if (!v) {
		if (sc->n == HL_DF_MAX_VARS) {
			limit(P, P->line_span,
			      "more than %d variables in one scope (limit); "
			      "file "
			      "not checked",
			      HL_DF_MAX_VARS);
			return;
		}
		sc->vars = hl_arena_grow(P->a, sc->vars, sc->n, &sc->cap,
					 sizeof(*sc->vars));
		v = &sc->vars[sc->n++];
		v->name = name;
	}
	v->value = value;
	v->unknown = unknown;
	v->env = env;
}

struct expansion {
	struct hl_buf out; /* capped at HL_DF_MAX_EXPANSION */
	bool unknown;
	int depth;
	struct hl_buf names; /* the variables that stayed unknown: "A, B" */
	bool too_deep;	     /* ${ } nested past HL_DF_MAX_SUBST_DEPTH */
};

static enum var_state lookup(const struct scope *sc, const char *name,
			     size_t len, const char **value)
{
	struct hl_df_var *v = var_find(sc->vars, sc->n, name, len);
	if (!v)
		return VAR_UNDECLARED;
	if (v->unknown)
		return VAR_UNKNOWN;
	if (!v->value)
		return VAR_UNSET;
	*value = v->value;
	return VAR_VALUE;
}

/* An unknown value stands here: variable `name` (`len` bytes; 0 for a
 * form hardlint does not evaluate) had none. */
static void add_name(struct expansion *x, const char *name, size_t len);

static void put_unknown(struct expansion *x, const char *name, size_t len)
{
	hl_buf_addc(&x->out, HL_IMAGE_UNKNOWN);
	x->unknown = true;
	add_name(x, name, len);
}

/* Add `name` to the unresolved names of `x`, once. */
static void add_name(struct expansion *x, const char *name, size_t len)
{
	if (!len || x->names.len > 200)
		return;
	/* each name once */
	for (const char *p = hl_buf_str(&x->names); *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == len && !memcmp(p, name, len))
			return;
		p = e ? e + 2 : p + n;
	}
	if (x->names.len)
		hl_buf_adds(&x->names, ", ");
	hl_buf_add(&x->names, name, len);
}

static size_t expand_into(struct parser *P, const struct scope *sc,
			  const char *s, size_t i, size_t end,
			  struct expansion *x, char stop, bool quotes);

/* Expand the variable reference at s[i] == '$'; returns the offset after
 * it. */
static size_t expand_var(struct parser *P, const struct scope *sc,
			 const char *s, size_t i, size_t end,
			 struct expansion *x)
{
	i++; /* $ */
	if (i < end && s[i] != '{') {
		size_t ns = i;
		while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '_'))
			i++;
		if (i == ns) {
			hl_buf_addc(&x->out, '$');
			return i;
		}
		const char *val = NULL;
		if (lookup(sc, s + ns, i - ns, &val) == VAR_VALUE)
			hl_buf_adds(&x->out, val);
		else
			put_unknown(x, s + ns, i - ns);
		return i;
	}
	if (i >= end) {
		hl_buf_addc(&x->out, '$');
		return i;
	}
	i++; /* { */
	size_t ns = i;
	while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	size_t nlen = i - ns;
	const char *val = NULL;
	enum var_state st = lookup(sc, s + ns, nlen, &val);
	if (i < end && s[i] == '}') {
		if (st == VAR_VALUE && nlen)
			hl_buf_adds(&x->out, val);
		else
			put_unknown(x, s + ns, nlen);
		return i + 1;
	}
	bool colon = false;
	if (i < end && s[i] == ':') {
		colon = true;
		i++;
	}
	char op = i < end ? s[i] : '\0';
	if (!nlen || !strchr("-+?#%/", op) || op == '\0') {
		/* malformed: skip to the closing brace */
		while (i < end && s[i] != '}')
			i++;
		put_unknown(x, s + ns, nlen);
		return i < end ? i + 1 : i;
	}
	i++;
	if ((op == '#' || op == '%') && i < end && s[i] == op)
		i++; /* ## and %% */
	/* the word, itself expanded, up to the matching brace */
	struct expansion w = {HL_BUF_INIT, false, x->depth + 1, HL_BUF_INIT,
			      false};
	w.out.max = HL_DF_MAX_EXPANSION;
	if (x->depth > HL_DF_MAX_SUBST_DEPTH) {
		x->too_deep = true;
		int level = 1;
		while (i < end && level) {
			if (s[i] == '{')
				level++;
			else if (s[i] == '}')
				level--;
			i++;
		}
		put_unknown(x, s + ns, nlen);
		hl_buf_release(&w.out);
		hl_buf_release(&w.names);
		return i;
	}
	i = expand_into(P, sc, s, i, end, &w, '}', false);
	if (i < end && s[i] == '}')
		i++;
	bool set = st == VAR_VALUE && (!colon || *val);
	switch (op) {
	case '-':
	case '?':
		if (st == VAR_UNKNOWN || (op == '?' && !set))
			put_unknown(x, s + ns, nlen);
		else if (set)
			hl_buf_adds(&x->out, val);
		else if (w.unknown)
			put_unknown(x, s + ns, nlen);
		else
			hl_buf_add(&x->out, hl_buf_str(&w.out), w.out.len);
		break;
	case '+':
		if (st == VAR_UNKNOWN || (set && w.unknown))
			put_unknown(x, s + ns, nlen);
		else if (set)
			hl_buf_add(&x->out, hl_buf_str(&w.out), w.out.len);
		break;
	case '#':
	case '%': {
		/* prefix or suffix removal of a literal pattern */
		const char *pat = hl_buf_str(&w.out);
		size_t pl = w.out.len;
		if (st != VAR_VALUE || w.unknown || strpbrk(pat, "*?[")) {
			put_unknown(x, s + ns, nlen);
			break;
		}
		size_t vl = strlen(val);
		if (pl <= vl && op == '#' && !memcmp(val, pat, pl))
			hl_buf_add(&x->out, val + pl, vl - pl);
		else if (pl <= vl && op == '%' &&
			 !memcmp(val + vl - pl, pat, pl))
			hl_buf_add(&x->out, val, vl - pl);
		else
			hl_buf_adds(&x->out, val);
		break;
	}
	default:
		put_unknown(x, s + ns, nlen);
		break;
	}
	if (w.unknown && op != '-' && op != '+')
		x->unknown = true;
	if (w.out.full)
		x->out.full = true;
	if (w.too_deep)
		x->too_deep = true;
	if (w.unknown && w.names.len) {
		/* the default's own unknowns count when it was used: each
		 * name once */
		for (const char *p = hl_buf_str(&w.names); *p;) {
			const char *e = strchr(p, ',');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			add_name(x, p, n);
			p = e ? e + 2 : p + n;
		}
	}
	hl_buf_release(&w.out);
	hl_buf_release(&w.names);
	return i;
}

/* A byte of the text as it goes into an expansion: the byte that marks an
 * unknown part cannot stand for itself, so a literal one (a control byte
 * no valid reference or name holds) becomes another invalid byte. */
static char literal(char c)
{
	return c == HL_IMAGE_UNKNOWN ? '\x02' : c;
}

/*
 * Expand s[i..end) into x until `stop` (outside quotes) or the end: the
 * escape character quotes the next character, single quotes are literal and
 * double quotes expand variables (when `quotes`), and $ references are
 * substituted from `sc`. Returns the offset where it stopped.
 */
static size_t expand_into(struct parser *P, const struct scope *sc,
			  const char *s, size_t i, size_t end,
			  struct expansion *x, char stop, bool quotes)
{
	char quote = 0;
	while (i < end) {
		char c = s[i];
		if (!quote && stop && c == stop)
			return i;
		if (c == P->esc && i + 1 < end &&
		    (!quote ||
		     (quote == '"' && (s[i + 1] == '"' || s[i + 1] == '$' ||
				       s[i + 1] == P->esc)))) {
			hl_buf_addc(&x->out, literal(s[i + 1]));
			i += 2;
			continue;
		}
		if (quotes && !quote && (c == '"' || c == '\'')) {
			quote = c;
			i++;
			continue;
		}
		if (quote && c == quote) {
			quote = 0;
			i++;
			continue;
		}
		if (c == '$' && quote != '\'') {
			i = expand_var(P, sc, s, i, end, x);
			continue;
		}
		hl_buf_addc(&x->out, literal(c));
		i++;
	}
	return i;
}

/* Expand `t` in scope `sc`: the result in the arena, *unknown set if any
 * part stayed unresolved (those parts are HL_IMAGE_UNKNOWN bytes). */
static const char *expand(struct parser *P, const struct scope *sc,
			  const char *s, size_t len, bool *unknown)
{
	struct expansion x = {HL_BUF_INIT, false, 0, HL_BUF_INIT, false};
	x.out.max = HL_DF_MAX_EXPANSION;
	expand_into(P, sc, s, 0, len, &x, 0, true);
	P->last_unknown = x.unknown
				  ? hl_arena_strndup(P->a, hl_buf_str(&x.names),
						     x.names.len)
				  : NULL;
	hl_buf_release(&x.names);
	if (x.too_deep) {
		limit(P, P->line_span,
		      "variable substitution nested deeper than %d levels "
		      "(limit); file not checked",
		      HL_DF_MAX_SUBST_DEPTH);
		hl_buf_release(&x.out);
		*unknown = true;
		return "";
	}
	if (x.out.full || x.out.len > P->budget) {
		/* an expansion bomb: stop rather than build gigabytes */
		limit(P, P->line_span,
		      "a value grows past %zu bytes with its variables "
		      "substituted (limits: %zu bytes a value, the file's "
		      "size and %zu more for all values); file not checked",
		      x.out.full ? HL_DF_MAX_EXPANSION : P->budget,
		      HL_DF_MAX_EXPANSION, HL_DF_EXPANSION_BUDGET);
		hl_buf_release(&x.out);
		*unknown = true;
		return "";
	}
	P->budget -= x.out.len;
	const char *r = hl_arena_strndup(P->a, hl_buf_str(&x.out), x.out.len);
	*unknown = x.unknown;
	hl_buf_release(&x.out);
	return r;
}

/* The value just expanded (for `what`, at `span`) stayed unknown: count it,
 * so a clean run is not mistaken for a fully checked one. */
static void unresolved(struct parser *P, struct hl_span span, const char *what)
{
	struct hl_dockerfile *df = P->df;
	df->unresolved = hl_arena_grow(P->a, df->unresolved, df->nunresolved,
				       &P->ucap, sizeof(*df->unresolved));
	struct hl_df_unresolved *u = &df->unresolved[df->nunresolved++];
	u->span = span;
	u->what = what;
	u->variables = P->last_unknown && *P->last_unknown ? P->last_unknown
							   : "?";
}

/* ------------------------------------------------------------------ */
/* Instructions                                                       */

static enum hl_df_cmd lookup_cmd(const char *s, size_t len)
{
	for (int c = 0; c < HL_DF_UNKNOWN; c++)
		if (strlen(cmd_names[c]) == len &&
		    !strncasecmp(cmd_names[c], s, len))
			return (enum hl_df_cmd)c;
	return HL_DF_UNKNOWN;
}

static const struct flag_spec *flag_spec(enum hl_df_cmd cmd, const char *name);

static bool flag_allowed(enum hl_df_cmd cmd, const char *name, size_t len)
{
	return len && !name[len] && flag_spec(cmd, name);
}

/* `t` without its quotes: "a b" and 'a b' as BuildKit reads flag values;
 * every byte kept keeps its place. */
static struct hl_df_text unquote(struct parser *P, struct hl_df_text t)
{
	if (!memchr(t.s, '"', t.len) && !memchr(t.s, '\'', t.len))
		return t;
	struct hl_mtext m = hl_df_mtext(&t);
	struct hl_mtext_builder b;
	hl_mtb_init(&b);
	char quote = 0;
	for (size_t i = 0; i < t.len; i++) {
		char c = t.s[i];
		if (!quote && (c == '"' || c == '\'')) {
			quote = c;
			continue;
		}
		if (quote && c == quote) {
			quote = 0;
			continue;
		}
		if (quote == '"' && c == P->esc && i + 1 < t.len &&
		    (t.s[i + 1] == '"' || t.s[i + 1] == P->esc))
			c = t.s[++i];
		hl_mtb_add(&b, &c, 1, hl_mtext_src(&m, i));
	}
	struct hl_mtext u = hl_mtb_take(&b, P->a);
	hl_mtb_release(&b);
	t.s = u.s;
	t.len = u.len;
	t.segs = u.segs;
	t.nsegs = u.nsegs;
	return t;
}

/* Bytes [from, to) of `t` as text of their own, with their place. */
static struct hl_df_text sub_text(struct parser *P, const struct hl_df_text *t,
				  size_t from, size_t to)
{
	struct hl_mtext m = hl_df_mtext(t);
	struct hl_mtext r = hl_mtext_sub(P->a, &m, from, to);
	struct hl_df_text out = {r.s, r.len,
				 hl_mtext_span(P->src, &m, from, to), r.segs,
				 r.nsegs};
	return out;
}

/* Read the flags at logical offset *i; returns the flags, advances *i past
 * them. A lone -- ends the flags. */
static void read_flags(struct parser *P, struct hl_df_instr *in, size_t *ip,
		       size_t end)
{
	const char *s = P->line.s;
	size_t i = *ip, cap = 0;
	for (;;) {
		size_t ws = i;
		if (i + 2 <= end && s[i] == '-' && s[i + 1] == '-' &&
		    (i + 2 == end || isspace((unsigned char)s[i + 2]))) {
			i = skip_space(s, i + 2, end); /* -- ends the flags */
			break;
		}
		if (!(i + 2 < end && s[i] == '-' && s[i + 1] == '-' &&
		      !isspace((unsigned char)s[i + 2])))
			break;
		/* the flag runs to whitespace outside quotes */
		char quote = 0;
		while (i < end) {
			char c = s[i];
			if (quote) {
				if (c == quote)
					quote = 0;
			} else if (c == '"' || c == '\'') {
				quote = c;
			} else if (isspace((unsigned char)c)) {
				break;
			}
			i++;
		}
		/* a flag is three texts (name, value, as written) and
		 * may be parsed on (--mount): it counts as three words */
		P->nwords += 3;
		if (P->nwords > HL_DF_MAX_WORDS) {
			limit(P, P->line_span,
			      "more than %d words in the instructions of the "
			      "file (limit); file not checked",
			      HL_DF_MAX_WORDS);
			break;
		}
		struct hl_df_flag f;
		memset(&f, 0, sizeof(f));
		size_t ns = ws + 2;
		const char *eq = memchr(s + ns, '=', i - ns);
		size_t ne = eq ? (size_t)(eq - s) : i;
		f.name = text_at(P, ns, ne);
		if (eq)
			f.value = unquote(P, text_at(P, ne + 1, i));
		f.raw = text_at(P, ws, i);
		f.span = f.raw.span;
		in->flags = hl_arena_grow(P->a, in->flags, in->nflags, &cap,
					  sizeof(*in->flags));
		in->flags[in->nflags++] = f;
		if (!flag_allowed(in->cmd, f.name.s, f.name.len))
			problem(P, f.span, "unknown flag '--%s' for %s",
				f.name.s, cmd_names[in->cmd]);
		i = skip_space(s, i, end);
	}
	*ip = i;
}

/* Parse the logical line [from, to) as an instruction into `in`. Returns
 * false for an empty line. */
static bool parse_instr(struct parser *P, size_t from, size_t to,
			struct hl_df_instr *in, bool wrapped)
{
	const char *s = P->line.s;
	size_t i = skip_space(s, from, to);
	while (to > i && isspace((unsigned char)s[to - 1]))
		to--;
	if (i >= to)
		return false;
	memset(in, 0, sizeof(*in));
	size_t ks = i;
	while (i < to && !isspace((unsigned char)s[i]))
		i++;
	in->keyword = text_at(P, ks, i);
	in->cmd = lookup_cmd(s + ks, i - ks);
	in->span = log_span(P, ks, to);
	in->stage = (int)P->df->nstages - 1;
	if (in->cmd == HL_DF_UNKNOWN) {
		problem(P, in->keyword.span, "unknown instruction '%.*s'",
			(int)(in->keyword.len > 40 ? 40 : in->keyword.len),
			in->keyword.s);
		in->args = text_at(P, skip_space(s, i, to), to);
		return true;
	}
	i = skip_space(s, i, to);
	read_flags(P, in, &i, to);
	in->args = text_at(P, i, to);
	if (takes_exec_form(in->cmd)) {
		/* HEALTHCHECK CMD [...]: the exec form follows the CMD word */
		size_t start = i;
		if (in->cmd == HL_DF_HEALTHCHECK && to - i > 3 &&
		    !strncasecmp(s + i, "CMD", 3) &&
		    isspace((unsigned char)s[i + 3]))
			start = skip_space(s, i + 3, to);
		if (start < to && s[start] == '[') {
			size_t rest = to;
			in->exec_form = parse_exec(P, start, to, &in->argv,
						   &in->argc, &rest);
			if (in->exec_form && rest < to)
				problem(P, log_span(P, rest, to),
					"%s: text after the exec form's JSON "
					"array is ignored by BuildKit",
					cmd_names[in->cmd]);
			/* valid JSON, but not strings: BuildKit refuses it
			 * rather than run it as a shell command */
			if (!in->exec_form && is_json(s, start, to))
				problem(P, log_span(P, start, to),
					"%s: exec form is not a JSON array of "
					"strings (BuildKit rejects it)",
					cmd_names[in->cmd]);
		}
	}
	if (!in->exec_form)
		in->argc = split_words(P, i, to, &in->argv);
	if (in->cmd == HL_DF_ONBUILD) {
		if (wrapped)
			return true; /* ONBUILD ONBUILD: the outer one says so
				      */
		struct hl_df_instr *w = hl_arena_alloc(P->a, sizeof(*w));
		if (!parse_instr(P, i, to, w, true)) {
			problem(P, in->keyword.span,
				"ONBUILD needs an instruction");
			return true;
		}
		if (w->cmd == HL_DF_ONBUILD || w->cmd == HL_DF_FROM ||
		    w->cmd == HL_DF_MAINTAINER)
			problem(P, w->keyword.span,
				"%s is not allowed in ONBUILD",
				cmd_names[w->cmd]);
		in->wrapped = w;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Heredocs                                                           */

/* Is `w` a heredoc marker (BuildKit: ^(\d*)<<(-?)(name)$, the name maybe
 * quoted, no '<' in it)? Fills h's name, chomp and expand. */
static bool heredoc_marker(struct parser *P, const struct hl_df_text *w,
			   struct hl_df_heredoc *h)
{
	size_t i = 0;
	while (i < w->len && isdigit((unsigned char)w->s[i]))
		i++;
	if (i + 2 >= w->len || w->s[i] != '<' || w->s[i + 1] != '<')
		return false;
	i += 2;
	h->chomp = i < w->len && w->s[i] == '-';
	if (h->chomp)
		i++;
	if (i >= w->len || memchr(w->s + i, '<', w->len - i))
		return false;
	struct hl_buf name = HL_BUF_INIT;
	char quote = 0;
	h->expand = true;
	for (; i < w->len; i++) {
		char c = w->s[i];
		if (!quote && (c == '"' || c == '\'')) {
			quote = c;
			h->expand = false;
		} else if (quote && c == quote) {
			quote = 0;
		} else if (!quote && c == P->esc && i + 1 < w->len) {
			hl_buf_addc(&name, w->s[++i]);
			h->expand = false;
		} else {
			hl_buf_addc(&name, c);
		}
	}
	bool ok = name.len > 0 && !quote;
	if (ok) {
		h->name = hl_arena_strndup(P->a, hl_buf_str(&name), name.len);
		h->marker = *w;
	}
	hl_buf_release(&name);
	return ok;
}

/*
 * Read the bodies of the heredocs `in` announces from the lines after it:
 * each runs to a line that is its name (for <<-, after leading tabs); an
 * unterminated one runs to the end of the file and is a problem.
 */
/* The line [start, end) begins with an instruction keyword and a space:
 * where to go on after a heredoc that never ends. */
static bool starts_instruction(struct parser *P, size_t start, size_t end)
{
	size_t i = skip_space(P->data, start, end), w = i;
	while (w < end && isalpha((unsigned char)P->data[w]))
		w++;
	return w > i && (w == end || is_space(P->data[w])) &&
	       lookup_cmd(P->data + i, w - i) != HL_DF_UNKNOWN;
}

static void read_heredocs(struct parser *P, struct hl_df_instr *in)
{
	if (in->cmd != HL_DF_RUN && in->cmd != HL_DF_COPY &&
	    in->cmd != HL_DF_ADD)
		return;
	size_t cap = 0;
	for (size_t k = 0; k < in->argc && !in->exec_form; k++) {
		struct hl_df_heredoc h;
		memset(&h, 0, sizeof(h));
		if (!heredoc_marker(P, &in->argv[k], &h))
			continue;
		struct hl_mtext_builder body;
		hl_mtb_init(&body);
		size_t start, end, first = P->pos, last = P->pos;
		size_t resume = 0; /* unterminated: where the next instruction
				      seems to start, if anywhere */
		while (next_line(P, &start, &end)) {
			if (!resume && starts_instruction(P, start, end))
				resume = start;
			size_t s = start;
			if (h.chomp)
				while (s < end && P->data[s] == '\t')
					s++;
			if (end - s == strlen(h.name) &&
			    !memcmp(P->data + s, h.name, end - s)) {
				h.terminated = true;
				break;
			}
			hl_mtb_add(&body, P->data + s, end - s, s);
			hl_mtb_add(&body, "\n", 1, end);
			last = P->pos;
		}
		if (!h.terminated && resume) {
			/* recover: the body ends before the first line that
			 * reads as an instruction, and parsing goes on there */
			hl_mtb_release(&body);
			hl_mtb_init(&body);
			P->pos = first;
			last = first;
			while (P->pos < resume && next_line(P, &start, &end)) {
				size_t s = start;
				if (h.chomp)
					while (s < end && P->data[s] == '\t')
						s++;
				hl_mtb_add(&body, P->data + s, end - s, s);
				hl_mtb_add(&body, "\n", 1, end);
				last = P->pos;
			}
			P->pos = resume;
		}
		struct hl_mtext m = hl_mtb_take(&body, P->a);
		h.body.s = m.s;
		h.body.len = m.len;
		h.body.segs = m.segs;
		h.body.nsegs = m.nsegs;
		h.body.span = hl_source_span(P->src, first, last);
		hl_mtb_release(&body);
		if (!h.terminated)
			problem(P, h.marker.span,
				"unterminated heredoc: no line '%s' ends it%s",
				h.name,
				resume ? " (read up to the next instruction)"
				       : "");
		in->heredocs = hl_arena_grow(P->a, in->heredocs, in->nheredocs,
					     &cap, sizeof(*in->heredocs));
		in->heredocs[in->nheredocs++] = h;
	}
}

/* ------------------------------------------------------------------ */
/* Semantics: stages, variables, images, users                        */

static size_t add_image(struct parser *P, const struct hl_df_text *t,
			const struct scope *sc, const char *source,
			const struct hl_df_instr *in)
{
	struct hl_dockerfile *df = P->df;
	df->images = hl_arena_grow(P->a, df->images, df->nimages, &P->imcap,
				   sizeof(*df->images));
	struct hl_df_image *im = &df->images[df->nimages];
	memset(im, 0, sizeof(*im));
	im->text = *t;
	im->value = expand(P, sc, t->s, t->len, &im->unknown);
	if (im->unknown && t->len)
		unresolved(P, t->span,
			   !strcmp(source, "from")	  ? "FROM"
			   : !strcmp(source, "copy-from") ? "COPY --from"
							  : "RUN --mount from");
	im->stage = -1;
	im->source = source;
	im->in_stage = (int)df->nstages - 1;
	im->instr = in;
	return df->nimages++;
}

/* An image reference that breaks the grammar fails the build: say so. */
static void check_image(struct parser *P, const struct hl_df_image *im)
{
	if (im->unknown || !*im->value)
		return;
	struct hl_image_ref r;
	hl_image_parse(P->a, im->value, strlen(im->value), &r);
	/* as written, unless a variable made it */
	const char *shown = memchr(im->text.s, '$', im->text.len) ? im->value
								  : im->text.s;
	if (!r.valid)
		problem(P, im->text.span,
			"invalid image reference '%.200s' (lower-case "
			"repository, tag of letters, digits, '.', '_', '-')",
			shown);
}

/* The index of the stage before `before` named `name` (case-insensitive,
 * or a decimal index), or -1. */
/* Before the parse: how many FROM lines there are and the stage names
 * they give, so that COPY --from can name a stage defined further down
 * (BuildKit resolves names across the whole file). A light look at lines
 * that start with FROM; the parse proper does the real work. */
static void scan_stages(struct parser *P)
{
	size_t save = P->pos, start, end, cap = 0;
	while (next_line(P, &start, &end)) {
		size_t i = skip_space(P->data, start, end);
		if (end - i < 5 || strncasecmp(P->data + i, "FROM", 4) ||
		    !is_space(P->data[i + 4]))
			continue;
		P->nfrom++;
		/* the last two words: AS NAME */
		size_t e = end;
		while (e > i && isspace((unsigned char)P->data[e - 1]))
			e--;
		size_t ns = e;
		while (ns > i && !isspace((unsigned char)P->data[ns - 1]))
			ns--;
		size_t ae = ns;
		while (ae > i && is_space(P->data[ae - 1]))
			ae--;
		if (ae - i < 2 || ae == ns || ns == e ||
		    strncasecmp(P->data + ae - 2, "as", 2) ||
		    !is_space(P->data[ae - 3]))
			continue;
		P->later = hl_arena_grow(P->a, P->later, P->nlater, &cap,
					 sizeof(*P->later));
		P->later[P->nlater++] = hl_arena_strndup(P->a, P->data + ns,
							 e - ns);
	}
	P->pos = save;
}

/* A stage named `name` is defined somewhere in the file. */
static bool stage_anywhere(struct parser *P, const char *name)
{
	for (size_t k = 0; k < P->nlater; k++)
		if (!strcasecmp(P->later[k], name))
			return true;
	return false;
}

static int find_stage(struct parser *P, const char *name, int before)
{
	struct hl_dockerfile *df = P->df;
	for (int k = before - 1; k >= 0; k--)
		if (df->stages[k].name.s &&
		    !strcasecmp(df->stages[k].name.s, name))
			return k;
	if (*name && strspn(name, "0123456789") == strlen(name) &&
	    strlen(name) < 6) {
		int k = (int)strtol(name, NULL, 10);
		if (k < before)
			return k;
	}
	return -1;
}

static bool valid_stage_name(const char *s)
{
	/* BuildKit: ^[a-z][a-z0-9-_.]*$ after lower-casing */
	if (!isalpha((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

static void end_stage(struct parser *P)
{
	struct hl_dockerfile *df = P->df;
	if (!df->nstages)
		return;
	struct hl_df_stage *st = &df->stages[df->nstages - 1];
	st->vars = hl_arena_array(P->a, P->scope.n, sizeof(*st->vars));
	if (P->scope.n)
		memcpy(st->vars, P->scope.vars, P->scope.n * sizeof(*st->vars));
	st->nvars = P->scope.n;
	st->count = df->ninstrs - st->first;
}

/* Automatic platform ARGs BuildKit defines in the global scope. */
static const char *const platform_args[] = {
	"TARGETPLATFORM", "TARGETOS",	   "TARGETARCH",
	"TARGETVARIANT",  "BUILDPLATFORM", "BUILDOS",
	"BUILDARCH",	  "BUILDVARIANT",  NULL};

static void do_from(struct parser *P, struct hl_df_instr *in)
{
	struct hl_dockerfile *df = P->df;
	if (df->nstages == HL_DF_MAX_STAGES) {
		limit(P, in->keyword.span,
		      "more than %d stages; file not checked",
		      HL_DF_MAX_STAGES);
		return;
	}
	end_stage(P);
	df->stages = hl_arena_grow(P->a, df->stages, df->nstages,
				   &P->scap_stages, sizeof(*df->stages));
	struct hl_df_stage *st = &df->stages[df->nstages];
	memset(st, 0, sizeof(*st));
	st->index = (int)df->nstages;
	st->from = in;
	st->parent = -1;
	st->first = df->ninstrs;
	df->nstages++;
	in->stage = st->index;
	P->in_stage = true;

	if (in->argc == 0) {
		problem(P, in->keyword.span, "FROM needs an image");
		struct hl_df_text none = {"", 0, in->keyword.span, NULL, 0};
		st->base = add_image(P, &none, &P->scope, "from", in);
		P->df->images[st->base].unknown = true;
		return;
	}
	struct scope globals = {P->df->globals, P->df->nglobals, 0};
	if (in->argc == 3 && !strcasecmp(in->argv[1].s, "as")) {
		/* the name may use global ARGs; one that stays unknown is not
		 * judged */
		bool unk = false;
		const char *name = expand(P, &globals, in->argv[2].s,
					  in->argv[2].len, &unk);
		st->name = in->argv[2];
		char *lower = hl_arena_strdup(P->a, unk ? in->argv[2].s : name);
		for (char *c = lower; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		st->name.s = lower;
		st->name.len = strlen(lower);
		if (unk)
			;
		else if (!valid_stage_name(lower))
			problem(P, in->argv[2].span, "invalid stage name '%s'",
				in->argv[2].s);
		else if (find_stage(P, lower, st->index) >= 0)
			problem(P, in->argv[2].span,
				"stage name '%s' is used twice", lower);
	} else if (in->argc != 1) {
		problem(P, in->argv[1].span,
			"FROM takes an image and an optional 'AS name'");
	}
	/* FROM is expanded with the global ARGs only */
	st->base = add_image(P, &in->argv[0], &globals, "from", in);
	struct hl_df_image *im = &df->images[st->base];
	if (!im->unknown) {
		int k = find_stage(P, im->value, st->index);
		/* a number is not a stage reference in FROM */
		if (k >= 0 && df->stages[k].name.s &&
		    !strcasecmp(df->stages[k].name.s, im->value))
			im->stage = k;
	}
	if (im->stage < 0)
		check_image(P, im);
	/* the stage starts with its parent's user and ENV */
	P->scope.n = 0;
	if (im->stage >= 0) {
		const struct hl_df_stage *parent = &df->stages[im->stage];
		st->parent = im->stage;
		st->user = parent->user;
		st->user_value = parent->user_value;
		st->user_unknown = parent->user_unknown;
		st->workdir = parent->workdir;
		st->workdir_value = parent->workdir_value;
		st->workdir_unknown = parent->workdir_unknown;
		st->shell = parent->shell;
		st->healthcheck = parent->healthcheck;
		st->cmd = parent->cmd;
		st->entrypoint = parent->entrypoint;
		for (size_t k = 0; k < parent->nvars; k++)
			if (parent->vars[k].env)
				scope_set(P, &P->scope, parent->vars[k].name,
					  parent->vars[k].value,
					  parent->vars[k].unknown, true);
	}
}

/* The --build-arg value given for `name`, or NULL; given twice, the
 * last wins, as with docker build. */
static const char *build_arg(struct parser *P, const char *name, size_t len)
{
	const struct hl_df_opts *o = P->opts;
	for (size_t k = o ? o->nbuild_args : 0; k-- > 0;) {
		const char *a = o->build_args[k];
		if (!strncmp(a, name, len) && a[len] == '=')
			return a + len + 1;
	}
	return NULL;
}

/* name=value pairs of ARG, ENV and LABEL, or ENV's legacy "name value". */
static void do_vars(struct parser *P, struct hl_df_instr *in)
{
	bool env = in->cmd == HL_DF_ENV;
	if (env && in->argc >= 1 &&
	    !memchr(in->argv[0].s, '=', in->argv[0].len)) {
		/* legacy ENV name value...: the rest of the line is the value
		 */
		if (in->argc < 2) {
			problem(P, in->span, "ENV needs a value for '%s'",
				in->argv[0].s);
			return;
		}
		const char *a = in->args.s;
		size_t i = 0, n = in->args.len;
		while (i < n && !isspace((unsigned char)a[i]))
			i++;
		while (i < n && isspace((unsigned char)a[i]))
			i++;
		bool unk;
		const char *v = expand(P, &P->scope, a + i, n - i, &unk);
		scope_set(P, &P->scope, in->argv[0].s, v, unk, true);
		return;
	}
	if (in->argc == 0) {
		problem(P, in->keyword.span, "%s needs at least one argument",
			cmd_names[in->cmd]);
		return;
	}
	/* every value is expanded with the variables as they were before
	 * the instruction: ENV a=bye b=$a sets b to the old a (BuildKit) */
	const char **values = hl_arena_array(P->a, in->argc, sizeof(*values));
	bool *unknown = hl_arena_array(P->a, in->argc, sizeof(*unknown));
	struct scope globals = {P->df->globals, P->df->nglobals, 0};
	const struct scope *sc = P->in_stage ? &P->scope : &globals;
	for (size_t k = 0; k < in->argc; k++) {
		const struct hl_df_text *w = &in->argv[k];
		const char *eq = memchr(w->s, '=', w->len);
		if (eq)
			values[k] = expand(P, sc, eq + 1,
					   w->len - (size_t)(eq - w->s) - 1,
					   &unknown[k]);
	}
	for (size_t k = 0; k < in->argc && in->cmd != HL_DF_LABEL; k++) {
		const struct hl_df_text *w = &in->argv[k];
		const char *eq = memchr(w->s, '=', w->len);
		size_t nlen = eq ? (size_t)(eq - w->s) : w->len;
		const char *name = hl_arena_strndup(P->a, w->s, nlen);
		if (memchr(name, '"', nlen) || memchr(name, '\'', nlen)) {
			/* BuildKit expands the name too: ENV "q"=1 sets q */
			bool kunk;
			const char *k2 = expand(P, sc, w->s, nlen, &kunk);
			if (!kunk && *k2) {
				name = k2;
				nlen = strlen(k2);
			}
		}
		const char *value = values[k];
		bool unk = unknown[k];
		if (env && !eq) {
			problem(P, w->span, "ENV needs name=value pairs");
			continue;
		}
		if (!env && in->cmd == HL_DF_ARG) {
			/* docker build --build-arg NAME=value wins */
			const char *given = build_arg(P, name, nlen);
			if (given) {
				value = given;
				unk = false;
			}
		}
		if (!P->in_stage) {
			/* a global ARG */
			struct scope g = {P->df->globals, P->df->nglobals,
					  P->gcap};
			scope_set(P, &g, name, value, unk, false);
			P->df->globals = g.vars;
			P->df->nglobals = g.n;
			P->gcap = g.cap;
			continue;
		}
		if (!env && !eq && !build_arg(P, name, nlen)) {
			/* ARG name: takes the global default, if any */
			struct hl_df_var *gv = var_find(
				P->df->globals, P->df->nglobals, name, nlen);
			if (gv) {
				value = gv->value;
				unk = gv->unknown;
			}
		}
		scope_set(P, &P->scope, name, value, unk, env);
	}
}

static void do_user(struct parser *P, struct hl_df_instr *in)
{
	struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	if (in->argc != 1) {
		problem(P,
			in->argc ? in->argv[in->argc > 1].span
				 : in->keyword.span,
			in->argc ? "USER takes one argument"
				 : "USER needs a user name or id");
		if (!in->argc)
			return;
	}
	st->user = in;
	st->user_value = expand(P, &P->scope, in->argv[0].s, in->argv[0].len,
				&st->user_unknown);
	if (st->user_unknown)
		unresolved(P, in->argv[0].span, "USER");
}

/* WORKDIR: relative to the one before, as BuildKit resolves it. */
static void do_workdir(struct parser *P, struct hl_df_instr *in)
{
	struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	if (!in->args.len) {
		problem(P, in->keyword.span, "WORKDIR needs a directory");
		return;
	}
	bool unk;
	const char *dir = expand(P, &P->scope, in->args.s, in->args.len, &unk);
	if (unk)
		unresolved(P, in->args.span, "WORKDIR");
	st->workdir = in;
	if (unk || st->workdir_unknown) {
		st->workdir_value = dir;
		st->workdir_unknown = true;
		return;
	}
	const char *prev = st->workdir_value ? st->workdir_value : "/";
	bool windows = dir[0] && dir[1] == ':'; /* C:\app */
	if (dir[0] != '/' && !windows) {
		size_t n = strlen(prev);
		dir = hl_arena_printf(P->a, "%s%s%s", prev,
				      n && prev[n - 1] == '/' ? "" : "/", dir);
	}
	st->workdir_value = dir;
}

/* HEALTHCHECK NONE | [flags] CMD command; CMD, ENTRYPOINT, SHELL: the
 * last one of a stage (or of the stages it is built on) counts. */
static void do_last(struct parser *P, struct hl_df_instr *in)
{
	struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	switch (in->cmd) {
	case HL_DF_HEALTHCHECK:
		if (in->argc == 0) {
			problem(P, in->keyword.span,
				"HEALTHCHECK needs CMD command or NONE");
			return;
		}
		if (!in->exec_form && strcasecmp(in->argv[0].s, "NONE") &&
		    strcasecmp(in->argv[0].s, "CMD"))
			problem(P, in->argv[0].span,
				"HEALTHCHECK takes CMD or NONE, not '%s'",
				in->argv[0].s);
		else if (!in->exec_form && !strcasecmp(in->argv[0].s, "CMD") &&
			 in->argc == 1)
			problem(P, in->argv[0].span,
				"HEALTHCHECK CMD needs a command");
		st->healthcheck = in;
		break;
	case HL_DF_CMD:
		st->cmd = in;
		break;
	case HL_DF_ENTRYPOINT:
		st->entrypoint = in;
		break;
	case HL_DF_SHELL:
		if (!in->exec_form || in->argc == 0) {
			problem(P, in->keyword.span,
				"SHELL needs the exec form: a JSON array such "
				"as "
				"[\"/bin/bash\", \"-c\"]");
			return;
		}
		st->shell = in;
		break;
	default:
		break;
	}
}

/* --from of COPY, from= of RUN --mount: a stage or an image. */
static void stage_or_image(struct parser *P, struct hl_df_instr *in,
			   const struct hl_df_text *t, const char *source)
{
	bool unk;
	const char *v = expand(P, &P->scope, t->s, t->len, &unk);
	int cur = (int)P->df->nstages - 1;
	if (!unk && find_stage(P, v, cur) >= 0)
		return;
	if (!unk && *v && strspn(v, "0123456789") == strlen(v)) {
		/* a stage index, never an image */
		if (strlen(v) > 6 || strtoul(v, NULL, 10) >= P->nfrom)
			problem(P, t->span,
				"%s=%s: there is no stage %s (the file has "
				"%zu, "
				"counted from 0)",
				strcmp(source, "copy-from") ? "--mount from"
							    : "COPY --from",
				v, v, P->nfrom);
		return;
	}
	if (!unk && stage_anywhere(P, v))
		return; /* a stage further down: BuildKit resolves it too */
	if (!unk && cur >= 0 && P->df->stages[cur].name.s &&
	    !strcasecmp(P->df->stages[cur].name.s, v))
		return; /* its own stage: df-copy-from-unknown's business */
	size_t k = add_image(P, t, &P->scope, source, in);
	check_image(P, &P->df->images[k]);
}

/* RUN --mount=type=T,key=value,...: parsed into in->mounts; a from= names
 * a stage or an image. */
/* One record of Go's encoding/csv (as BuildKit reads a --mount value):
 * fields split at commas, a field that starts with " quoted ("" inside is
 * a "); *bad set on a malformed quote. Each field's offset in `v` comes
 * with it, for positions. */
static size_t csv_fields(struct parser *P, const char *v, size_t n,
			 char ***fields, size_t **starts, bool *bad)
{
	size_t count = 0, fcap = 0, scap = 0, i = 0;
	*fields = NULL;
	*starts = NULL;
	*bad = false;
	for (;;) {
		struct hl_buf b = HL_BUF_INIT;
		size_t st = i;
		if (i < n && v[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) {
					*bad = true; /* no closing quote */
					break;
				}
				if (v[i] == '"' && i + 1 < n &&
				    v[i + 1] == '"') {
					hl_buf_addc(&b, '"');
					i += 2;
				} else if (v[i] == '"') {
					i++;
					break;
				} else {
					hl_buf_addc(&b, v[i++]);
				}
			}
			if (i < n && v[i] != ',')
				*bad = true; /* text after the closing quote */
			while (i < n && v[i] != ',')
				i++;
		} else {
			while (i < n && v[i] != ',') {
				if (v[i] == '"')
					*bad = true; /* a bare " */
				hl_buf_addc(&b, v[i++]);
			}
		}
		*fields = hl_arena_grow(P->a, *fields, count, &fcap,
					sizeof(**fields));
		*starts = hl_arena_grow(P->a, *starts, count, &scap,
					sizeof(**starts));
		(*fields)[count] = hl_arena_strndup(P->a, hl_buf_str(&b),
						    b.len);
		(*starts)[count++] = st;
		hl_buf_release(&b);
		if (i >= n)
			break;
		i++; /* the comma */
	}
	return count;
}

static bool go_bool(const char *v)
{
	static const char *const ok[] = {"1",	  "t",	   "T", "TRUE", "true",
					 "True",  "0",	   "f", "F",	"FALSE",
					 "false", "False", NULL};
	for (int i = 0; ok[i]; i++)
		if (!strcmp(v, ok[i]))
			return true;
	return false;
}

/* An unsigned number in `base` that fits 32 bits. */
static bool uint32_in(const char *v, int base)
{
	if (!*v || *v == '-' || *v == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, base);
	return !*end && !errno && n <= UINT32_MAX;
}

/* Options Buildah and Podman take beside BuildKit's (SELinux relabelling,
 * propagation, ownership): not errors, a Containerfile may be built
 * there. */
static bool buildah_option(const char *key)
{
	static const char *const opts[] = {"z",
					   "relabel",
					   "bind-propagation",
					   "U",
					   "bind-nonrecursive",
					   "chown",
					   "nosuid",
					   "nodev",
					   "noexec",
					   "suid",
					   "dev",
					   "exec",
					   "tmpcopyup",
					   "notmpcopyup",
					   NULL};
	for (int i = 0; opts[i]; i++)
		if (!strcasecmp(key, opts[i]))
			return true;
	return false;
}

/* RUN --mount: the options recorded, and checked as BuildKit checks
 * them. */
static void do_mounts(struct parser *P, struct hl_df_instr *in)
{
	static const char *const types[] = {"bind",   "cache", "tmpfs",
					    "secret", "ssh",   NULL};
	size_t cap = 0;
	for (size_t k = 0; k < in->nflags; k++) {
		const struct hl_df_flag *f = &in->flags[k];
		if (strcmp(f->name.s, "mount") || !f->value.s)
			continue;
		struct hl_df_mount m;
		memset(&m, 0, sizeof(m));
		m.type = "bind";
		m.span = f->span;
		char **fields;
		size_t *starts, kcap = 0, vcap = 0;
		bool bad, any_var = false;
		size_t nf = csv_fields(P, f->value.s, f->value.len, &fields,
				       &starts, &bad);
		if (bad)
			problem(P, f->span,
				"--mount: a misplaced \" (the value is read as "
				"comma-separated fields)");
		bool has_from = false, has_source = false, has_target = false,
		     has_id = false, has_sharing = false, has_env = false,
		     file_info = false;
		const char *file_key = NULL;
		for (size_t fi = 0; fi < nf; fi++) {
			char *field = fields[fi];
			char *eq = strchr(field, '=');
			if (eq)
				*eq = '\0';
			for (char *q = field; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			const char *key = field, *val = eq ? eq + 1 : NULL;
			if (*key) {
				m.keys = hl_arena_grow(P->a, m.keys, m.n, &kcap,
						       sizeof(*m.keys));
				m.values = hl_arena_grow(P->a, m.values, m.n,
							 &vcap,
							 sizeof(*m.values));
				m.keys[m.n] = key;
				m.values[m.n++] = val ? val : "true";
			}
			bool secretish = !strcmp(m.type, "secret") ||
					 !strcmp(m.type, "ssh");
			if (!val) {
				if (!strcmp(key, "readonly") ||
				    !strcmp(key, "ro") ||
				    !strcmp(key, "readwrite") ||
				    !strcmp(key, "rw") || buildah_option(key))
					continue;
				if (!strcmp(key, "required") && secretish)
					continue;
				if (!strcmp(key, "required")) {
					problem(P, f->span,
						"--mount: 'required' is for "
						"secret and ssh mounts, not %s",
						m.type);
					continue;
				}
				problem(P, f->span,
					"--mount: '%s' needs a value "
					"(key=value)",
					key);
				continue;
			}
			if (!strcmp(key, "from")) {
				has_from = true;
				struct hl_df_text t =
					sub_text(P, &f->value, starts[fi] + 5,
						 starts[fi] + 5 + strlen(val));
				stage_or_image(P, in, &t, "mount-from");
			}
			if (strchr(val, '$')) {
				any_var = true;
				if (!strcmp(key, "from"))
					problem(P, f->span,
						"--mount: from= does not take "
						"variables (BuildKit: define "
						"an "
						"alias stage instead)");
				continue; /* what a build arg gives is unknown
					   */
			}
			if (!strcmp(key, "type")) {
				char *t = hl_arena_strdup(P->a, val);
				for (char *q = t; *q; q++)
					*q = (char)tolower((unsigned char)*q);
				m.type = t;
				bool known = false;
				for (int ti = 0; types[ti]; ti++)
					known |= !strcmp(types[ti], t);
				if (!known)
					problem(P, f->span,
						"unknown mount type '%s' "
						"(bind, "
						"cache, tmpfs, secret, ssh)",
						val);
			} else if (!strcmp(key, "source") ||
				   !strcmp(key, "src")) {
				has_source = true;
			} else if (!strcmp(key, "target") ||
				   !strcmp(key, "dst") ||
				   !strcmp(key, "destination")) {
				has_target = true;
			} else if (!strcmp(key, "id")) {
				has_id = true;
			} else if (!strcmp(key, "env")) {
				has_env = true;
			} else if (!strcmp(key, "from") ||
				   buildah_option(key)) {
				/* from: done above */
			} else if (!strcmp(key, "readonly") ||
				   !strcmp(key, "ro") ||
				   !strcmp(key, "readwrite") ||
				   !strcmp(key, "rw") ||
				   !strcmp(key, "required")) {
				if (!strcmp(key, "required") && !secretish)
					problem(P, f->span,
						"--mount: 'required' is for "
						"secret and ssh mounts, not %s",
						m.type);
				else if (!go_bool(val))
					problem(P, f->span,
						"--mount: %s takes true or "
						"false, "
						"not '%s'",
						key, val);
			} else if (!strcmp(key, "size")) {
				if (strcmp(m.type, "tmpfs"))
					problem(P, f->span,
						"--mount: 'size' is for tmpfs "
						"mounts, not %s",
						m.type);
			} else if (!strcmp(key, "sharing")) {
				has_sharing = true;
				if (strcasecmp(val, "shared") &&
				    strcasecmp(val, "private") &&
				    strcasecmp(val, "locked"))
					problem(P, f->span,
						"--mount: sharing takes "
						"shared, "
						"private or locked, not '%s'",
						val);
			} else if (!strcmp(key, "mode") ||
				   !strcmp(key, "uid") || !strcmp(key, "gid")) {
				file_info = true;
				file_key = key;
				if (!uint32_in(val,
					       strcmp(key, "mode") ? 10 : 8))
					problem(P, f->span,
						"--mount: %s takes %s number, "
						"not '%s'",
						key,
						strcmp(key, "mode")
							? "a"
							: "an octal",
						val);
			} else {
				problem(P, f->span,
					"--mount: unknown option '%s' (type, "
					"from, source, target, id, sharing, "
					"readonly, required, mode, uid, gid, "
					"size, env)",
					key);
			}
		}
		bool fi_ok = !strcmp(m.type, "secret") ||
			     !strcmp(m.type, "ssh") || !strcmp(m.type, "cache");
		if (file_info && !fi_ok)
			problem(P, f->span,
				"--mount: %s is not allowed for %s "
				"mounts",
				file_key, m.type);
		if (!strcmp(m.type, "secret")) {
			if (has_from)
				problem(P, f->span,
					"--mount: a secret mount takes no "
					"from=");
			if (!has_source && !has_target && !has_id && !has_env &&
			    !any_var)
				problem(P, f->span,
					"--mount: a secret mount needs id=, "
					"source= or target=");
			if (has_source && has_id)
				problem(P, f->span,
					"--mount: a secret mount takes source= "
					"or id=, not both");
		}
		if (has_sharing && strcmp(m.type, "cache"))
			problem(P, f->span,
				"--mount: sharing= is for cache mounts, not %s",
				m.type);
		in->mounts = hl_arena_grow(P->a, in->mounts, in->nmounts, &cap,
					   sizeof(*in->mounts));
		in->mounts[in->nmounts++] = m;
	}
}

static void do_copy(struct parser *P, struct hl_df_instr *in)
{
	for (size_t k = 0; k < in->nflags; k++) {
		const struct hl_df_flag *f = &in->flags[k];
		if (!strcmp(f->name.s, "from") && f->value.s)
			stage_or_image(P, in, &f->value, "copy-from");
	}
}

/* How BuildKit reads each flag: a boolean (--link, --link=false), one
 * string (given at most once), or strings (repeatable). */
enum flag_type { FLAG_BOOL, FLAG_STRING, FLAG_STRINGS };

static const struct flag_spec {
	enum hl_df_cmd cmd;
	const char *name;
	enum flag_type type;
	const char *values; /* " a b c ": the values allowed, or NULL */
	bool duration;	    /* a Go duration, 0 or at least 1ms */
	bool count;	    /* a non-negative integer */
} flag_specs[] = {
	{HL_DF_ADD, "chown", FLAG_STRING, NULL, false, false},
	{HL_DF_ADD, "chmod", FLAG_STRING, NULL, false, false},
	{HL_DF_ADD, "link", FLAG_BOOL, NULL, false, false},
	{HL_DF_ADD, "checksum", FLAG_STRING, NULL, false, false},
	{HL_DF_ADD, "keep-git-dir", FLAG_BOOL, NULL, false, false},
	{HL_DF_ADD, "exclude", FLAG_STRINGS, NULL, false, false},
	{HL_DF_ADD, "unpack", FLAG_BOOL, NULL, false, false},
	{HL_DF_COPY, "from", FLAG_STRING, NULL, false, false},
	{HL_DF_COPY, "chown", FLAG_STRING, NULL, false, false},
	{HL_DF_COPY, "chmod", FLAG_STRING, NULL, false, false},
	{HL_DF_COPY, "link", FLAG_BOOL, NULL, false, false},
	{HL_DF_COPY, "parents", FLAG_BOOL, NULL, false, false},
	{HL_DF_COPY, "exclude", FLAG_STRINGS, NULL, false, false},
	{HL_DF_FROM, "platform", FLAG_STRING, NULL, false, false},
	{HL_DF_RUN, "mount", FLAG_STRINGS, NULL, false, false},
	{HL_DF_RUN, "network", FLAG_STRING, " default none host ", false,
	 false},
	{HL_DF_RUN, "security", FLAG_STRING, " sandbox insecure ", false,
	 false},
	{HL_DF_RUN, "device", FLAG_STRINGS, NULL, false, false},
	{HL_DF_HEALTHCHECK, "interval", FLAG_STRING, NULL, true, false},
	{HL_DF_HEALTHCHECK, "timeout", FLAG_STRING, NULL, true, false},
	{HL_DF_HEALTHCHECK, "start-period", FLAG_STRING, NULL, true, false},
	{HL_DF_HEALTHCHECK, "start-interval", FLAG_STRING, NULL, true, false},
	{HL_DF_HEALTHCHECK, "retries", FLAG_STRING, NULL, false, true},
};

static const struct flag_spec *flag_spec(enum hl_df_cmd cmd, const char *name)
{
	for (size_t i = 0; i < sizeof(flag_specs) / sizeof(flag_specs[0]); i++)
		if (flag_specs[i].cmd == cmd &&
		    !strcmp(flag_specs[i].name, name))
			return &flag_specs[i];
	return NULL;
}

/* A Go duration ("300ms", "1m30s", "-1.5h", "0"): its value in
 * nanoseconds through *ns (saturated); false if it does not parse. */
static bool go_duration(const char *s, double *ns)
{
	static const struct {
		const char *unit;
		double ns;
	} units[] = {{"ns", 1},		 {"us", 1e3},  {"\xC2\xB5s", 1e3},
		     {"\xCE\xBCs", 1e3}, {"ms", 1e6},  {"s", 1e9},
		     {"m", 60e9},	 {"h", 3600e9}};
	double total = 0, sign = 1;
	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	if (!strcmp(s, "0")) {
		*ns = 0;
		return true;
	}
	if (!*s)
		return false;
	while (*s) {
		const char *st = s;
		double v = 0, frac = 0, scale = 1;
		while (isdigit((unsigned char)*s))
			v = v * 10 + (*s++ - '0');
		bool digits = s > st;
		if (*s == '.') {
			s++;
			while (isdigit((unsigned char)*s)) {
				frac = frac * 10 + (*s++ - '0');
				scale *= 10;
				digits = true;
			}
		}
		if (!digits)
			return false;
		size_t best = 0;
		double mul = 0;
		for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			size_t n = strlen(units[u].unit);
			if (!strncmp(s, units[u].unit, n) && n > best)
				best = n, mul = units[u].ns;
		}
		if (!best)
			return false; /* a number needs its unit */
		s += best;
		total += (v + frac / scale) * mul;
	}
	*ns = sign * total;
	return true;
}

/* Flags as BuildKit parses them: a boolean takes nothing, true or false;
 * a string needs =value and comes once; network and security take their
 * few values; HEALTHCHECK's durations and retries must parse. Values a
 * variable may supply are left alone. */
static void check_flags(struct parser *P, struct hl_df_instr *in)
{
	for (size_t k = 0; k < in->nflags; k++) {
		const struct hl_df_flag *f = &in->flags[k];
		const struct flag_spec *sp = flag_spec(in->cmd, f->name.s);
		if (!sp)
			continue; /* unknown: reported where it was read */
		const char *v = f->value.s;
		for (size_t j = 0; j < k && sp->type != FLAG_STRINGS; j++)
			if (!strcmp(in->flags[j].name.s, f->name.s)) {
				problem(P, f->span,
					"flag '--%s' given twice (BuildKit "
					"refuses it)",
					f->name.s);
				break;
			}
		if (sp->type == FLAG_BOOL) {
			if (v && strcasecmp(v, "true") &&
			    strcasecmp(v, "false"))
				problem(P, f->span,
					"flag '--%s' takes true or false%s%s%s",
					f->name.s, *v ? ", not '" : "",
					*v ? v : " after =", *v ? "'" : "");
			continue;
		}
		if (!v) {
			problem(P, f->span, "flag '--%s' needs a value",
				f->name.s);
			continue;
		}
		if (strchr(v, '$') || !*v)
			continue;
		if (sp->values) {
			char w[64];
			snprintf(w, sizeof(w), " %s ", v);
			if (!strstr(sp->values, w) || strchr(v, ' '))
				problem(P, f->span,
					"flag '--%s' takes one of:%.*s, not "
					"'%s'",
					f->name.s, (int)strlen(sp->values) - 1,
					sp->values, v);
		}
		double ns;
		if (sp->duration && !go_duration(v, &ns))
			problem(P, f->span,
				"flag '--%s' is not a duration such as 30s or "
				"1m30s: '%s'",
				f->name.s, v);
		else if (sp->duration && ns != 0 && ns < 1e6)
			problem(P, f->span,
				"flag '--%s' cannot be less than 1ms: '%s'",
				f->name.s, v);
		if (sp->count) {
			char *end;
			errno = 0;
			long long n = strtoll(v, &end, 10);
			if (*end || errno || n > INT32_MAX || n < INT32_MIN)
				problem(P, f->span,
					"flag '--%s' is not a number: '%s'",
					f->name.s, v);
			else if (n < 0)
				problem(P, f->span,
					"flag '--%s' cannot be negative: '%s'",
					f->name.s, v);
		}
	}
}

/* Does the stage's SHELL (or the default /bin/sh -c) speak POSIX shell? */
static bool posix_shell(struct parser *P)
{
	if (!P->df->nstages)
		return true; /* before FROM: the default shell */
	const struct hl_df_stage *st = &P->df->stages[P->df->nstages - 1];
	if (!st->shell)
		return true;
	return hl_sh_is_shell(hl_sh_basename(st->shell->argv[0].s));
}

/* Split what RUN runs: the exec form's argv, the shell form's text (its
 * heredocs the bodies of its <<NAME), or a heredoc that is the script. */
static void split_run(struct parser *P, struct hl_df_instr *in);

/* Split what a RUN runs into commands, within the file's budget. */
static void run_script(struct parser *P, struct hl_df_instr *in)
{
	split_run(P, in);
	if (!in->script)
		return;
	P->ncmds += in->script->ncmds;
	if (in->script->too_many)
		limit(P, in->keyword.span,
		      "RUN runs more than %d shell commands or %d words "
		      "(limit); file not checked",
		      HL_SH_MAX_COMMANDS, HL_SH_MAX_WORDS);
	else if (in->script->truncated)
		limit(P, in->keyword.span,
		      "RUN nests shell code deeper than %d levels (subshells, "
		      "$( ), sh -c, heredocs; limit); file not checked",
		      HL_SH_MAX_DEPTH);
	else if (in->script->too_long)
		limit(P, in->keyword.span,
		      "RUN has a pipeline of more than %d commands (limit); "
		      "file "
		      "not checked",
		      HL_SH_MAX_PIPELINE);
	else if (P->ncmds > HL_DF_MAX_COMMANDS)
		limit(P, in->keyword.span,
		      "the RUN instructions run more than %d shell commands in "
		      "all (limit); file not checked",
		      HL_DF_MAX_COMMANDS);
}

static void split_run(struct parser *P, struct hl_df_instr *in)
{
	struct hl_sh_script *sc = hl_arena_alloc(P->a, sizeof(*sc));
	if (in->exec_form) {
		if (!in->argc)
			return;
		struct hl_mtext *m = hl_arena_array(P->a, in->argc, sizeof(*m));
		struct hl_span *sp = hl_arena_array(P->a, in->argc,
						    sizeof(*sp));
		for (size_t k = 0; k < in->argc; k++) {
			m[k] = hl_df_mtext(&in->argv[k]);
			sp[k] = in->argv[k].span;
		}
		hl_sh_parse_argv(P->a, P->src, m, sp, in->argc, sc);
		in->script = sc;
		return;
	}
	if (!posix_shell(P))
		return;
	struct hl_sh_heredoc *hd = hl_arena_array(
		P->a, in->nheredocs ? in->nheredocs : 1, sizeof(*hd));
	for (size_t k = 0; k < in->nheredocs; k++) {
		hd[k].name = in->heredocs[k].name;
		hd[k].body = hl_df_mtext(&in->heredocs[k].body);
	}
	/* RUN <<EOF with no command: the body is the script (unless a
	 * shebang names another interpreter) */
	bool only_markers = in->nheredocs > 0;
	for (size_t k = 0; k < in->argc && only_markers; k++) {
		bool marker = false;
		for (size_t h = 0; h < in->nheredocs; h++)
			if (in->heredocs[h].marker.span.start.line ==
				    in->argv[k].span.start.line &&
			    in->heredocs[h].marker.span.start.col ==
				    in->argv[k].span.start.col)
				marker = true;
		only_markers = marker;
	}
	if (only_markers) {
		const struct hl_df_text *body = &in->heredocs[0].body;
		if (body->len > 2 && body->s[0] == '#' && body->s[1] == '!') {
			const char *nl = memchr(body->s, '\n', body->len);
			size_t n = nl ? (size_t)(nl - body->s) : body->len;
			char *line = hl_arena_strndup(P->a, body->s + 2, n - 2);
			char *prog = strtok(line, " \t");
			if (prog && !strcmp(hl_sh_basename(prog), "env"))
				prog = strtok(NULL, " \t");
			if (!prog || !hl_sh_is_shell(hl_sh_basename(prog)))
				return;
		}
		struct hl_mtext m = hl_df_mtext(body);
		hl_sh_parse(P->a, P->src, &m, NULL, 0, sc);
		in->script = sc;
		return;
	}
	struct hl_mtext m = hl_df_mtext(&in->args);
	hl_sh_parse(P->a, P->src, &m, hd, in->nheredocs, sc);
	in->script = sc;
}

static size_t ws_words(const char *s, size_t n)
{
	size_t words = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i < n)
			words++;
		while (i < n && !isspace((unsigned char)s[i]))
			i++;
	}
	return words;
}

/* The argument counts BuildKit insists on (USER, WORKDIR, ARG, ENV, FROM,
 * ONBUILD and SHELL are checked where they are read). */
static void check_args(struct parser *P, struct hl_df_instr *in)
{
	const char *name = cmd_names[in->cmd];
	switch (in->cmd) {
	case HL_DF_EXPOSE:
	case HL_DF_VOLUME:
	case HL_DF_MAINTAINER:
		if (!in->argc)
			problem(P, in->keyword.span,
				"%s needs at least one argument", name);
		for (size_t k = 0; in->cmd == HL_DF_VOLUME && k < in->argc; k++)
			if (!in->argv[k].len)
				problem(P, in->argv[k].span,
					"VOLUME: a path cannot be empty");
		break;
	case HL_DF_STOPSIGNAL:
		if (in->argc != 1)
			problem(P,
				in->argc ? in->argv[in->argc > 1].span
					 : in->keyword.span,
				"STOPSIGNAL takes exactly one signal");
		break;
	case HL_DF_ADD:
	case HL_DF_COPY:
		/* BuildKit splits these at whitespace only, quotes and all */
		if (in->argc < 2 && !in->exec_form &&
		    ws_words(in->args.s, in->args.len) >= 2)
			break;
		if (in->argc < 2)
			problem(P,
				in->argc ? in->argv[0].span : in->keyword.span,
				"%s needs a source and a destination", name);
		break;
	case HL_DF_LABEL:
		if (!in->argc)
			problem(P, in->keyword.span,
				"LABEL needs at least one key=value");
		else if (in->argc == 1 &&
			 !memchr(in->argv[0].s, '=', in->argv[0].len))
			problem(P, in->argv[0].span,
				"LABEL '%s' has no value (key=value, or key "
				"value)",
				in->argv[0].s);
		break;
	case HL_DF_HEALTHCHECK:
		if (!in->exec_form && in->argc > 1 &&
		    !strcasecmp(in->argv[0].s, "NONE"))
			problem(P, in->argv[1].span,
				"HEALTHCHECK NONE takes no arguments");
		break;
	default:
		break;
	}
}

static void dispatch(struct parser *P, struct hl_df_instr *in)
{
	struct hl_dockerfile *df = P->df;
	if (in->cmd == HL_DF_UNKNOWN)
		return;
	check_flags(P, in);
	check_args(P, in);
	if (in->cmd == HL_DF_FROM) {
		do_from(P, in);
		return;
	}
	if (!P->in_stage) {
		if (in->cmd == HL_DF_ARG) {
			do_vars(P, in);
			return;
		}
		problem(P, in->keyword.span,
			"%s before the first FROM (only ARG may come first)",
			cmd_names[in->cmd]);
		/* what it would run is still looked at */
		if (in->cmd == HL_DF_RUN)
			run_script(P, in);
		return;
	}
	(void)df;
	switch (in->cmd) {
	case HL_DF_ARG:
	case HL_DF_ENV:
	case HL_DF_LABEL:
		do_vars(P, in);
		break;
	case HL_DF_USER:
		do_user(P, in);
		break;
	case HL_DF_COPY:
		do_copy(P, in);
		break;
	case HL_DF_RUN:
		do_mounts(P, in);
		run_script(P, in);
		break;
	case HL_DF_ONBUILD:
		if (in->wrapped && in->wrapped->cmd == HL_DF_RUN)
			run_script(P, in->wrapped);
		break;
	case HL_DF_WORKDIR:
		do_workdir(P, in);
		break;
	case HL_DF_HEALTHCHECK:
	case HL_DF_CMD:
	case HL_DF_ENTRYPOINT:
	case HL_DF_SHELL:
		do_last(P, in);
		break;
	default:
		break;
	}
}

void hl_dockerfile_parse(struct hl_source *src, struct hl_arena *a,
			 struct hl_dockerfile *df)
{
	hl_dockerfile_parse_opts(src, a, NULL, df);
}

void hl_dockerfile_parse_opts(struct hl_source *src, struct hl_arena *a,
			      const struct hl_df_opts *opts,
			      struct hl_dockerfile *df)
{
	struct parser P;
	memset(&P, 0, sizeof(P));
	P.opts = opts;
	memset(df, 0, sizeof(*df));
	P.src = src;
	P.a = a;
	P.df = df;
	P.data = src->data;
	P.len = src->len;
	P.esc = '\\';
	P.budget = HL_DF_EXPANSION_BUDGET + src->len;
	hl_mtb_init(&P.lb);
	df->src = src;
	df->target = -1;
	if (P.len >= 3 && !memcmp(P.data, "\xEF\xBB\xBF", 3))
		P.pos = 3;
	read_directives(&P);
	df->escape = P.esc;
	/* the platform ARGs are known to exist, with unknown values */
	for (int p = 0; platform_args[p]; p++) {
		struct scope g = {df->globals, df->nglobals, P.gcap};
		scope_set(&P, &g, platform_args[p], NULL, true, false);
		df->globals = g.vars;
		df->nglobals = g.n;
		P.gcap = g.cap;
	}

	scan_stages(&P);
	size_t start, end;
	while (next_line(&P, &start, &end)) {
		size_t i = skip_space(P.data, start, end);
		if (i == end || P.data[i] == '#')
			continue;
		read_logical(&P, i, end);
		P.line_span = hl_mtext_span(src, &P.line, 0, P.line.len);
		if (df->ninstrs == HL_DF_MAX_INSTRUCTIONS) {
			limit(&P, P.line_span,
			      "more than %d instructions; file not checked",
			      HL_DF_MAX_INSTRUCTIONS);
			break;
		}
		struct hl_df_instr *in = hl_arena_alloc(a, sizeof(*in));
		if (!parse_instr(&P, 0, P.line.len, in, false))
			continue;
		read_heredocs(&P, in->wrapped ? in->wrapped : in);
		df->instrs = hl_arena_grow(a, df->instrs, df->ninstrs, &P.icap,
					   sizeof(*df->instrs));
		df->instrs[df->ninstrs] = in;
		in->index = (int)df->ninstrs;
		if (in->wrapped)
			in->wrapped->index = -1;
		dispatch(&P, in);
		df->ninstrs++;
		if (df->error)
			break;
	}
	end_stage(&P);
	if (df->ninstrs == 0) {
		struct hl_span at = hl_source_span(src, 0, 0);
		problem(&P, at, "no instructions found");
	} else if (df->nstages == 0) {
		problem(&P, df->instrs[0]->keyword.span,
			"no FROM instruction: nothing to build");
	}
	if (df->nstages)
		df->target = (int)df->nstages - 1;
	if (df->nstages && opts && opts->target) {
		int k = find_stage(&P, opts->target, (int)df->nstages);
		if (k >= 0 && df->stages[k].name.s)
			df->target = k;
		else
			problem(&P, df->stages[0].from->keyword.span,
				"no stage named '%s' (--target): the last "
				"stage "
				"is judged",
				opts->target);
	}
	hl_mtb_release(&P.lb);
}
