/*
 * dockerfile/lines: the parser's reading of the text: physical lines, the
 * logical line an instruction makes of them (continuations joined, every
 * byte mapped back to its place), parser directives and heredoc bodies;
 * and the two ways the parse records trouble (problem, limit).
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
bool hl_dfp_takes_exec_form(enum hl_df_cmd c)
{
	return c == HL_DF_RUN || c == HL_DF_CMD || c == HL_DF_ENTRYPOINT ||
	       c == HL_DF_SHELL || c == HL_DF_COPY || c == HL_DF_ADD ||
	       c == HL_DF_VOLUME || c == HL_DF_HEALTHCHECK;
}

/* ------------------------------------------------------------------ */
/* Parser state                                                       */

void hl_dfp_limit(struct parser *P, struct hl_span span, const char *fmt, ...)
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

static void vproblem(struct parser *P, const char *kind, struct hl_span span,
		     const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void vproblem(struct parser *P, const char *kind, struct hl_span span,
		     const char *fmt, va_list ap)
{
	struct hl_dockerfile *df = P->df;
	df->problems = hl_arena_grow(P->a, df->problems, df->nproblems,
				     &P->pcap, sizeof(*df->problems));
	df->problems[df->nproblems].message = hl_arena_vprintf(P->a, fmt, ap);
	df->problems[df->nproblems].span = span;
	df->problems[df->nproblems].kind = kind;
	df->nproblems++;
}

void hl_dfp_problem(struct parser *P, struct hl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(P, "syntax", span, fmt, ap);
	va_end(ap);
}

void hl_dfp_problem_kind(struct parser *P, const char *kind,
			 struct hl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(P, kind, span, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Physical and logical lines                                         */

/* Read the physical line at P->pos: [*start, *end) without its line break;
 * advances P->pos. False at the end of input. */
bool hl_dfp_next_line(struct parser *P, size_t *start, size_t *end)
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

bool hl_dfp_is_space(char c)
{
	return c == ' ' || c == '\t';
}

size_t hl_dfp_skip_space(const char *s, size_t i, size_t end)
{
	while (i < end && (hl_dfp_is_space(s[i]) || s[i] == '\r' ||
			   s[i] == '\f' || s[i] == '\v'))
		i++;
	return i;
}

/* If the line [start, end) ends with the escape character followed only by
 * spaces or tabs, and that character is not itself escaped (`a\\` ends in
 * a backslash, as BuildKit reads it), return its offset, else `end`. */
static size_t continuation_at(struct parser *P, size_t start, size_t end)
{
	size_t e = end;
	while (e > start && hl_dfp_is_space(P->data[e - 1]))
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
struct hl_span hl_dfp_log_span(struct parser *P, size_t from, size_t to)
{
	return hl_mtext_span(P->src, &P->line, from, to);
}

/* Logical bytes [from, to) with their place and their map. */
struct hl_df_text hl_dfp_text_at(struct parser *P, size_t from, size_t to)
{
	struct hl_df_text t;
	/* the line lives as long as the file's arena: a text to its end
	 * (an instruction's arguments) is not copied */
	struct hl_mtext m = to == P->line.len
				    ? hl_mtext_suffix(P->a, &P->line, from)
				    : hl_mtext_sub(P->a, &P->line, from, to);
	t.s = m.s;
	t.len = m.len;
	t.segs = m.segs;
	t.nsegs = m.nsegs;
	t.span = hl_dfp_log_span(P, from, to);
	return t;
}

/*
 * Read one logical instruction starting with the physical line [start,
 * end) into P->line: continuation lines are joined without their escape
 * character; blank and comment lines inside the continuation are dropped.
 */
void hl_dfp_read_logical(struct parser *P, size_t start, size_t end)
{
	size_t first = start;
	for (size_t lines = 1;; lines++) {
		size_t cont = continuation_at(P, start, end);
		/* checked as the lines come, so that a file of millions of
		 * continuation lines stops here, not after its whole line was
		 * built (17 times its size in memory) */
		if (lines > HL_DF_MAX_CONTINUED) {
			hl_dfp_limit(P, hl_source_span(P->src, first, first),
				     "an instruction continued over more than "
				     "%d lines (limit); file not checked",
				     HL_DF_MAX_CONTINUED);
			break;
		}
		if (lines > 1 && ++P->ncontinued > HL_DF_MAX_CONTINUED_FILE) {
			hl_dfp_limit(P, hl_source_span(P->src, first, first),
				     "more than %d continuation lines in the "
				     "file (limit); file not checked",
				     HL_DF_MAX_CONTINUED_FILE);
			break;
		}
		append(P, start, cont);
		if (cont == end)
			break;
		/* find the next line that is neither blank nor a comment */
		bool more = false;
		while (!more) {
			if (!hl_dfp_next_line(P, &start, &end))
				break; /* escape at end of file */
			size_t i = hl_dfp_skip_space(P->data, start, end);
			more = !(i == end || P->data[i] == '#');
		}
		if (!more)
			break;
	}
	P->line = hl_mtb_take(&P->lb, P->a);
}

/* ------------------------------------------------------------------ */
/* Directives                                                         */

void hl_dfp_read_directives(struct parser *P)
{
	bool seen_escape = false, seen_syntax = false;
	for (;;) {
		size_t save = P->pos, start, end;
		if (!hl_dfp_next_line(P, &start, &end))
			return;
		const char *s = P->data;
		size_t i = hl_dfp_skip_space(s, start, end);
		if (i == end || s[i] != '#') {
			P->pos = save;
			return;
		}
		i = hl_dfp_skip_space(s, i + 1, end);
		size_t ns = i;
		while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '_'))
			i++;
		size_t ne = i;
		i = hl_dfp_skip_space(s, i, end);
		if (ne == ns || i == end || s[i] != '=') {
			/* an ordinary comment ends the directives */
			P->pos = save;
			return;
		}
		i = hl_dfp_skip_space(s, i + 1, end);
		size_t ve = end;
		while (ve > i && hl_dfp_is_space(s[ve - 1]))
			ve--;
		size_t nlen = ne - ns;
		if (nlen == 6 && !strncasecmp(s + ns, "escape", 6)) {
			struct hl_span sp = hl_source_span(P->src, i, ve);
			if (seen_escape)
				hl_dfp_problem(P, sp,
					       "escape directive given twice");
			else if (ve - i == 1 && (s[i] == '\\' || s[i] == '`'))
				P->esc = s[i];
			else
				/* at most four characters of it: cut
				 * anywhere, a credential would no longer
				 * match the patterns that mask one */
				hl_dfp_problem(
					P, sp,
					"invalid escape character '%.*s%s': "
					"must be \\ or `; using \\",
					(int)(ve - i > 4 ? 4 : ve - i), s + i,
					ve - i > 4 ? "…" : "");
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
	size_t i = hl_dfp_skip_space(P->data, start, end), w = i;
	while (w < end && isalpha((unsigned char)P->data[w]))
		w++;
	return w > i && (w == end || hl_dfp_is_space(P->data[w])) &&
	       hl_dfp_lookup_cmd(P->data + i, w - i) != HL_DF_UNKNOWN;
}

void hl_dfp_read_heredocs(struct parser *P, struct hl_df_instr *in)
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
		while (hl_dfp_next_line(P, &start, &end)) {
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
			while (P->pos < resume &&
			       hl_dfp_next_line(P, &start, &end)) {
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
			hl_dfp_problem(
				P, h.marker.span,
				"unterminated heredoc: no line '%s' ends it%s",
				h.name,
				resume ? " (read up to the next instruction)"
				       : "");
		in->heredocs = hl_arena_grow(P->a, in->heredocs, in->nheredocs,
					     &cap, sizeof(*in->heredocs));
		in->heredocs[in->nheredocs++] = h;
	}
}
