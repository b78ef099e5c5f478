/*
 * dockerfile/instr: one logical line into an instruction: keyword, flags
 * (checked as BuildKit reads each instruction's flags) and arguments in
 * exec or shell form; COPY and ADD's own flags.
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
/* Instructions                                                       */

enum hl_df_cmd hl_dfp_lookup_cmd(const char *s, size_t len)
{
	for (int c = 0; c < HL_DF_UNKNOWN; c++) {
		const char *name = hl_df_cmd_name((enum hl_df_cmd)c);
		if (strlen(name) == len && !strncasecmp(name, s, len))
			return (enum hl_df_cmd)c;
	}
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
struct hl_df_text hl_dfp_sub_text(struct parser *P, const struct hl_df_text *t,
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
			i = hl_dfp_skip_space(s, i + 2,
					      end); /* -- ends the flags */
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
			hl_dfp_limit(
				P, P->line_span,
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
		f.name = hl_dfp_text_at(P, ns, ne);
		if (eq)
			f.value = unquote(P, hl_dfp_text_at(P, ne + 1, i));
		f.raw = hl_dfp_text_at(P, ws, i);
		f.span = f.raw.span;
		in->flags = hl_arena_grow(P->a, in->flags, in->nflags, &cap,
					  sizeof(*in->flags));
		in->flags[in->nflags++] = f;
		if (!flag_allowed(in->cmd, f.name.s, f.name.len))
			hl_dfp_problem(P, f.span, "unknown flag '--%s' for %s",
				       f.name.s, hl_df_cmd_name(in->cmd));
		i = hl_dfp_skip_space(s, i, end);
	}
	*ip = i;
}

/* Parse the logical line [from, to) as an instruction into `in`. Returns
 * false for an empty line. */
bool hl_dfp_parse_instr(struct parser *P, size_t from, size_t to,
			struct hl_df_instr *in, bool wrapped)
{
	const char *s = P->line.s;
	size_t i = hl_dfp_skip_space(s, from, to);
	while (to > i && isspace((unsigned char)s[to - 1]))
		to--;
	if (i >= to)
		return false;
	memset(in, 0, sizeof(*in));
	size_t ks = i;
	while (i < to && !isspace((unsigned char)s[i]))
		i++;
	in->keyword = hl_dfp_text_at(P, ks, i);
	in->cmd = hl_dfp_lookup_cmd(s + ks, i - ks);
	in->span = hl_dfp_log_span(P, ks, to);
	in->stage = (int)P->df->nstages - 1;
	if (in->cmd == HL_DF_UNKNOWN) {
		/* the word alone, as far as it reads as an instruction's
		 * name (letters, digits, '_', '-': `DB_PASSWORD=...` or
		 * `https://user:token@...` is never quoted past its name),
		 * at most 40 characters, never cut inside a UTF-8 sequence */
		size_t n = 0, chars = 0;
		while (n < in->keyword.len && chars < 40) {
			unsigned char c = (unsigned char)in->keyword.s[n];
			if (c < 0x80 && !isalnum(c) && c != '_' && c != '-' &&
			    c != '"' && c != '\'')
				break;
			n++;
			while (n < in->keyword.len &&
			       ((unsigned char)in->keyword.s[n] & 0xC0) == 0x80)
				n++;
			chars++;
		}
		hl_dfp_problem(P, in->keyword.span,
			       "unknown instruction '%.*s%s'", (int)n,
			       in->keyword.s, n < in->keyword.len ? "…" : "");
		in->args = hl_dfp_text_at(P, hl_dfp_skip_space(s, i, to), to);
		return true;
	}
	i = hl_dfp_skip_space(s, i, to);
	read_flags(P, in, &i, to);
	in->args = hl_dfp_text_at(P, i, to);
	if (hl_dfp_takes_exec_form(in->cmd)) {
		/* HEALTHCHECK CMD [...]: the exec form follows the CMD word */
		size_t start = i;
		if (in->cmd == HL_DF_HEALTHCHECK && to - i > 3 &&
		    !strncasecmp(s + i, "CMD", 3) &&
		    isspace((unsigned char)s[i + 3]))
			start = hl_dfp_skip_space(s, i + 3, to);
		if (start < to && s[start] == '[') {
			size_t rest = to;
			in->exec_form = hl_dfp_parse_exec(
				P, start, to, &in->argv, &in->argc, &rest);
			/* `["app"] # comment`: a comment only starts a line,
			 * so this is not JSON, and current BuildKit runs the
			 * whole text in shell form (older builders dropped
			 * the rest) */
			bool trailing = in->exec_form && rest < to;
			if (trailing) {
				in->exec_form = false;
				size_t n = to - start;
				hl_dfp_problem(
					P, hl_dfp_log_span(P, rest, to),
					"%s is not JSON because of the text "
					"after ']': current BuildKit runs it as "
					"/bin/sh -c '%.*s%s', older builders "
					"drop the text; put a comment on its "
					"own line, or write it all in one form",
					hl_df_cmd_name(in->cmd),
					(int)(n > 60 ? 60 : n), s + start,
					n > 60 ? "…" : "");
			}
			/* valid JSON, but not strings: BuildKit refuses it
			 * rather than run it as a shell command */
			if (!in->exec_form && !trailing &&
			    hl_dfp_is_json(s, start, to))
				hl_dfp_problem(
					P, hl_dfp_log_span(P, start, to),
					"%s: exec form is not a JSON array of "
					"strings (BuildKit rejects it)",
					hl_df_cmd_name(in->cmd));
		}
	}
	if (!in->exec_form)
		in->argc = hl_dfp_split_words(P, i, to, &in->argv);
	if (in->cmd == HL_DF_ONBUILD) {
		if (wrapped)
			return true; /* ONBUILD ONBUILD: the outer one says so
				      */
		struct hl_df_instr *w = hl_arena_alloc(P->a, sizeof(*w));
		if (!hl_dfp_parse_instr(P, i, to, w, true)) {
			hl_dfp_problem(P, in->keyword.span,
				       "ONBUILD needs an instruction");
			return true;
		}
		if (w->cmd == HL_DF_ONBUILD || w->cmd == HL_DF_FROM ||
		    w->cmd == HL_DF_MAINTAINER)
			hl_dfp_problem(P, w->keyword.span,
				       "%s is not allowed in ONBUILD",
				       hl_df_cmd_name(w->cmd));
		in->wrapped = w;
	}
	return true;
}

void hl_dfp_do_copy(struct parser *P, struct hl_df_instr *in)
{
	for (size_t k = 0; k < in->nflags; k++) {
		const struct hl_df_flag *f = &in->flags[k];
		if (!strcmp(f->name.s, "from") && f->value.s)
			hl_dfp_stage_or_image(P, in, &f->value, "copy-from");
	}
	hl_dfp_expand_argv(P, in);
}

void hl_dfp_expand_argv(struct parser *P, struct hl_df_instr *in)
{
	in->expanded = hl_arena_array(P->a, in->argc + 1, sizeof(char *));
	for (size_t k = 0; k < in->argc; k++) {
		const struct hl_df_text *t = &in->argv[k];
		bool unk = false;
		const char *v = memchr(t->s, '$', t->len) &&
					!(t->len >= 2 && !memcmp(t->s, "<<", 2))
				? hl_dfp_expand(P, &P->scope, t->s, t->len,
						&unk)
				: t->s;
		in->expanded[k] = unk ? NULL : v;
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
void hl_dfp_check_flags(struct parser *P, struct hl_df_instr *in)
{
	for (size_t k = 0; k < in->nflags; k++) {
		const struct hl_df_flag *f = &in->flags[k];
		const struct flag_spec *sp = flag_spec(in->cmd, f->name.s);
		if (!sp)
			continue; /* unknown: reported where it was read */
		const char *v = f->value.s;
		for (size_t j = 0; j < k && sp->type != FLAG_STRINGS; j++)
			if (!strcmp(in->flags[j].name.s, f->name.s)) {
				hl_dfp_problem(
					P, f->span,
					"flag '--%s' given twice (BuildKit "
					"refuses it)",
					f->name.s);
				break;
			}
		if (sp->type == FLAG_BOOL) {
			if (v && strcasecmp(v, "true") &&
			    strcasecmp(v, "false"))
				hl_dfp_problem(
					P, f->span,
					"flag '--%s' takes true or false%s%s%s",
					f->name.s, *v ? ", not '" : "",
					*v ? v : " after =", *v ? "'" : "");
			continue;
		}
		if (!v) {
			hl_dfp_problem(P, f->span, "flag '--%s' needs a value",
				       f->name.s);
			continue;
		}
		if (strchr(v, '$') || !*v)
			continue;
		if (sp->values) {
			char w[64];
			snprintf(w, sizeof(w), " %s ", v);
			if (!strstr(sp->values, w) || strchr(v, ' '))
				hl_dfp_problem(
					P, f->span,
					"flag '--%s' takes one of:%.*s, not "
					"'%s'",
					f->name.s, (int)strlen(sp->values) - 1,
					sp->values, v);
		}
		double ns;
		if (sp->duration && !go_duration(v, &ns))
			hl_dfp_problem(
				P, f->span,
				"flag '--%s' is not a duration such as 30s or "
				"1m30s: '%s'",
				f->name.s, v);
		else if (sp->duration && ns != 0 && ns < 1e6)
			hl_dfp_problem(
				P, f->span,
				"flag '--%s' cannot be less than 1ms: '%s'",
				f->name.s, v);
		if (sp->count) {
			char *end;
			errno = 0;
			long long n = strtoll(v, &end, 10);
			if (*end || errno || n > INT32_MAX || n < INT32_MIN)
				hl_dfp_problem(
					P, f->span,
					"flag '--%s' is not a number: '%s'",
					f->name.s, v);
			else if (n < 0)
				hl_dfp_problem(
					P, f->span,
					"flag '--%s' cannot be negative: '%s'",
					f->name.s, v);
		}
	}
}

/* Does the stage's SHELL (or the default /bin/sh -c) speak POSIX shell? */
