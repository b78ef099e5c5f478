/*
 * shell: splits POSIX shell scripts into simple commands and pipelines.
 *
 *   list      := and_or ((';' | '&' | newline) and_or)*
 *   and_or    := pipeline (('&&' | '||') newline* pipeline)*
 *   pipeline  := ['!'] command (('|' | '|&') newline* command)*
 *   command   := simple | '(' list ')' | '{' list '}' | keyword forms
 *   simple    := (NAME=value | redirection)* (word | redirection)*
 *
 * Keywords (if then else elif fi while until do done for case esac
 * function) only steer where commands start; `for x in ...` and case
 * patterns are skipped. Words keep every byte's source place through
 * struct hl_mtext. Substitutions are split as nested commands while their
 * word is read; a command's slot is taken before its words are read, so a
 * nested command always follows its parent.
 */
#include "dockerfile/shell.h"

#include "core/ast.h"

#include <ctype.h>
#include <string.h>

struct pending {
	size_t cmd, redir; /* a heredoc whose body comes after the newline */
	bool strip_tabs;
};

struct lexer {
	struct hl_arena *a;
	struct hl_source *src;
	const struct hl_mtext *t;
	const char *s;
	size_t len, pos;
	const struct hl_sh_heredoc *hd;
	size_t nhd;
	size_t hd_next; /* the Dockerfile heredoc the next <<NAME takes */
	struct hl_sh_script *out;
	size_t *ccap, *pcap;
	uint32_t depth;	 /* nested scripts around this one */
	uint32_t groups; /* ( ), { } and case branches open in this one */
	enum hl_sh_nest nest;
	int parent;
	bool no_subst; /* substitutions were the outer shell's business */
	int cur;       /* the command whose words are being read, or -1 */
	struct pending *pend; /* heredocs opened on the current line */
	size_t npend;
};

static void parse_list(struct lexer *L, char stop);

const char *hl_sh_basename(const char *s)
{
	const char *slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}

bool hl_sh_is_shell(const char *name)
{
	static const char *const shells[] = {"sh",  "bash", "dash", "ash",
					     "zsh", "ksh",  "mksh", NULL};
	for (int i = 0; shells[i]; i++)
		if (!strcmp(name, shells[i]))
			return true;
	return false;
}

/* Wrappers that run the command after them: the short options that take
 * the next word (sudo -u USER), and how many operands come before the
 * command (timeout DURATION, chroot DIR). */
static const struct wrapper {
	const char *name;
	const char *opt_args; /* letters of -X options followed by a value */
	int operands;
} wrappers[] = {
	{"sudo", "ugpCDhrtTUR", 0},
	{"doas", "uC", 0},
	{"env", "uCS", 0},
	{"nice", "n", 0},
	{"nohup", "", 0},
	{"time", "fo", 0},
	{"exec", "a", 0},
	{"command", "", 0},
	{"timeout", "sk", 1},
	{"stdbuf", "ioe", 0},
	{"xargs", "IdEaLnPs", 0},
	{"su-exec", "", 1},
	{"gosu", "", 1},
	{"chroot", "", 1},
	{"watch", "nd", 0},
	{"ionice", "cnpPu", 0},
	{"setsid", "", 0},
	{"busybox", "", 0},
	{"taskset", "", 1},
	{"unbuffer", "", 0},
	{"runuser", "ugGs", 0},
};

static const struct wrapper *wrapper(const char *name)
{
	/* the first letter first: called for every command of every RUN */
	for (size_t i = 0; i < sizeof(wrappers) / sizeof(wrappers[0]); i++)
		if (name[0] == wrappers[i].name[0] &&
		    !strcmp(name, wrappers[i].name))
			return &wrappers[i];
	return NULL;
}

size_t hl_sh_program(const struct hl_sh_cmd *c)
{
	size_t i = 0;
	while (i < c->argc) {
		const char *name = hl_sh_basename(c->argv[i].text.s);
		const struct wrapper *wr = wrapper(name);
		if (!wr)
			return i;
		i++;
		/* options, NAME=value (env), and what options take */
		while (i < c->argc) {
			const char *w = c->argv[i].text.s;
			if (w[0] == '-' && w[1]) {
				bool takes = w[1] != '-' && !w[2] &&
					     strchr(wr->opt_args, w[1]);
				i += takes ? 2 : 1;
				if (!strcmp(w, "--"))
					break;
				continue;
			}
			if (!strcmp(name, "env") && strchr(w, '=')) {
				i++;
				continue;
			}
			break;
		}
		for (int k = 0; k < wr->operands && i < c->argc; k++)
			i++; /* timeout DURATION, gosu USER, chroot DIR */
	}
	return c->argc;
}

/* ------------------------------------------------------------------ */
/* Characters and positions                                           */

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool meta(char c)
{
	return blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' ||
	       c == '(' || c == ')' || c == '<' || c == '>';
}

static struct hl_span span(struct lexer *L, size_t from, size_t to)
{
	return hl_mtext_span(L->src, L->t, from, to);
}

/* Skip blanks, line continuations and comments (not newlines). */
static void skip_blanks(struct lexer *L)
{
	for (;;) {
		while (L->pos < L->len && blank(L->s[L->pos]))
			L->pos++;
		if (L->pos + 1 < L->len && L->s[L->pos] == '\\' &&
		    L->s[L->pos + 1] == '\n') {
			L->pos += 2;
			continue;
		}
		if (L->pos < L->len && L->s[L->pos] == '#') {
			while (L->pos < L->len && L->s[L->pos] != '\n')
				L->pos++;
			continue;
		}
		return;
	}
}

static bool at_op(struct lexer *L, const char *op)
{
	size_t n = strlen(op);
	return L->pos + n <= L->len && !memcmp(L->s + L->pos, op, n);
}

/* ------------------------------------------------------------------ */
/* Commands and pipelines                                             */

static size_t new_cmd(struct lexer *L)
{
	struct hl_sh_script *o = L->out;
	o->cmds = hl_arena_grow(L->a, o->cmds, o->ncmds, L->ccap,
				sizeof(*o->cmds));
	struct hl_sh_cmd *c = &o->cmds[o->ncmds];
	memset(c, 0, sizeof(*c));
	c->parent = L->parent;
	c->nest = L->nest;
	c->depth = L->depth;
	if (L->parent >= 0 &&
	    (L->nest == HL_SH_SUBST || L->nest == HL_SH_PROCSUB))
		c->parent_word = L->out->cmds[L->parent].argc;
	return o->ncmds++;
}

static size_t new_pipeline(struct lexer *L)
{
	struct hl_sh_script *o = L->out;
	o->pipes = hl_arena_grow(L->a, o->pipes, o->npipes, L->pcap,
				 sizeof(*o->pipes));
	o->pipes[o->npipes].length = 0;
	return o->npipes++;
}

/* Make room for element n of an arena array whose capacity is the next
 * power of two from 4: a new block exactly when n reaches it. */
static void *room(struct lexer *L, void *v, size_t n, size_t size)
{
	if (n && (n < 4 || (n & (n - 1))))
		return v;
	void *nv = hl_arena_array(L->a, n ? n * 2 : 4, size);
	if (n)
		memcpy(nv, v, n * size);
	return nv;
}

static void add_word(struct lexer *L, struct hl_sh_word **v, size_t *n,
		     const struct hl_sh_word *w)
{
	if (++L->out->nwords > HL_SH_MAX_WORDS) {
		L->out->too_many = true;
		L->pos = L->len; /* stop splitting */
		return;
	}
	*v = room(L, *v, *n, sizeof(**v));
	(*v)[(*n)++] = *w;
}

/* ------------------------------------------------------------------ */
/* Words                                                              */

/* Find the end of the $( ) or ( ) that opens at s[i] (the '('): the offset
 * of its ')' or len. Quotes, escapes and nesting are respected. */
static size_t close_paren(const char *s, size_t i, size_t len)
{
	int level = 0;
	char q = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (q == '\'') {
			if (c == '\'')
				q = 0;
			continue;
		}
		if (c == '\\') {
			i++;
			continue;
		}
		if (q == '"') {
			if (c == '"')
				q = 0;
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
		} else if (c == '#' &&
			   (i == 0 || blank(s[i - 1]) || s[i - 1] == '\n')) {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '(') {
			level++;
		} else if (c == ')') {
			if (--level == 0)
				return i;
		}
	}
	return len;
}

static void nested_text(struct lexer *L, const struct hl_mtext *text,
			enum hl_sh_nest nest);

/* May a script nest in the current command? (Past the depth limit, the
 * script is marked truncated.) */
static bool may_nest(struct lexer *L)
{
	if (L->no_subst || L->cur < 0)
		return false;
	if (L->depth + L->groups + 1 >= HL_SH_MAX_DEPTH) {
		L->out->truncated = true;
		return false;
	}
	return true;
}

/* Split the script text [from, to) as commands nested in the current one. */
static void nested(struct lexer *L, size_t from, size_t to,
		   enum hl_sh_nest nest)
{
	if (!may_nest(L))
		return;
	struct hl_mtext sub = hl_mtext_sub(L->a, L->t, from, to);
	nested_text(L, &sub, nest);
}

/* Split `text` (mapped to the source) as commands nested in the current
 * one. */
static void nested_text(struct lexer *L, const struct hl_mtext *text,
			enum hl_sh_nest nest)
{
	if (!may_nest(L))
		return;
	struct lexer N = *L;
	N.t = text;
	N.s = text->s;
	N.len = text->len;
	N.pos = 0;
	N.depth = L->depth + L->groups + 1;
	N.groups = 0;
	N.nest = nest;
	N.parent = L->cur;
	N.cur = -1;
	N.pend = NULL;
	N.npend = 0;
	parse_list(&N, 0);
}

/* At s[i] == '`': split the command substitution it opens (inside, \`,
 * \$ and \\ stand for the character, so `a \`b\`` nests b in a);
 * returns the offset past its closing backquote. */
static size_t backquoted(struct lexer *L, size_t i)
{
	const char *s = L->s;
	size_t len = L->len, j = i + 1;
	bool escaped = false;
	while (j < len && s[j] != '`') {
		if (s[j] == '\\' && j + 1 < len) {
			escaped |= strchr("`$\\", s[j + 1]) != NULL;
			j++;
		}
		j++;
	}
	size_t close = j < len ? j : len;
	if (!escaped) {
		nested(L, i + 1, close, HL_SH_SUBST);
	} else if (!L->no_subst && L->cur >= 0) {
		struct hl_mtext_builder b;
		hl_mtb_init(&b);
		for (size_t k = i + 1; k < close; k++) {
			if (s[k] == '\\' && k + 1 < close &&
			    strchr("`$\\", s[k + 1]))
				k++;
			hl_mtb_add(&b, s + k, 1, hl_mtext_src(L->t, k));
		}
		struct hl_mtext body = hl_mtb_take(&b, L->a);
		hl_mtb_release(&b);
		nested_text(L, &body, HL_SH_SUBST);
	}
	return j < len ? j + 1 : len;
}

/* Split the command substitutions inside s[from, to) (an arithmetic
 * expansion, a ${ } operand): $( ), backquotes, and ${ } within. */
static void scan_substs(struct lexer *L, size_t from, size_t to)
{
	const char *s = L->s;
	for (size_t k = from; k < to; k++) {
		if (s[k] == '\\') {
			k++;
		} else if (s[k] == '\'') {
			while (k + 1 < to && s[k + 1] != '\'')
				k++;
			k++;
		} else if (s[k] == '`') {
			size_t save = L->len;
			L->len = to;
			k = backquoted(L, k) - 1;
			L->len = save;
		} else if (s[k] == '$' && k + 1 < to && s[k + 1] == '(') {
			size_t close = close_paren(s, k + 1, to);
			if (k + 2 < to && s[k + 2] == '(')
				scan_substs(L, k + 3, close);
			else
				nested(L, k + 2, close, HL_SH_SUBST);
			k = close;
		}
	}
}

/* Append s[from, to) to the word as written. */
static void keep(struct lexer *L, struct hl_mtext_builder *b, size_t from,
		 size_t to)
{
	/* a run at a time: the bytes that come from one place of the
	 * source */
	for (size_t k = from; k < to;) {
		size_t src, n = hl_mtext_run(L->t, k, &src);
		if (n > to - k)
			n = to - k;
		hl_mtb_add(b, L->s + k, n, src);
		k += n;
	}
}

/* Where the run of plain characters of a word from s[i] ends (none of
 * the shell's metacharacters, quotes, escapes or expansions). */
static size_t plain_run(const struct lexer *L, size_t i)
{
	while (i < L->len && !meta(L->s[i]) && !strchr("\\'\"$`", L->s[i]))
		i++;
	return i;
}

/* At s[L->pos] == '$' (or '`'): an expansion, kept in the word as
 * written; substitutions are split as nested commands. */
static void expansion(struct lexer *L, struct hl_mtext_builder *b,
		      uint32_t *flags)
{
	const char *s = L->s;
	size_t i = L->pos, len = L->len;
	if (s[i] == '`') {
		*flags |= HL_SH_EXPAND | HL_SH_SPLIT;
		size_t end = backquoted(L, i);
		keep(L, b, i, end);
		L->pos = end;
		return;
	}
	if (i + 1 < len && s[i + 1] == '(') {
		*flags |= HL_SH_EXPAND;
		bool arith = i + 2 < len && s[i + 2] == '(';
		size_t close = close_paren(s, i + 1, len);
		size_t end = close < len ? close + 1 : len;
		if (!arith) {
			*flags |= HL_SH_SPLIT;
			nested(L, i + 2, close, HL_SH_SUBST);
		} else {
			/* $(( ... $(cmd) ... )) */
			scan_substs(L, i + 3, close);
		}
		keep(L, b, i, end);
		L->pos = end;
		return;
	}
	if (i + 1 < len && s[i + 1] == '{') {
		*flags |= HL_SH_EXPAND;
		int level = 0;
		size_t j = i + 1;
		for (; j < len; j++) {
			if (s[j] == '\\') {
				j++;
				continue;
			}
			if (s[j] == '{')
				level++;
			else if (s[j] == '}' && --level == 0)
				break;
		}
		size_t end = j < len ? j + 1 : len;
		/* ${x:-$(cmd)}, ${x#`cmd`} */
		scan_substs(L, i + 2, j < len ? j : len);
		keep(L, b, i, end);
		L->pos = end;
		return;
	}
	size_t j = i + 1;
	if (j < len && (isalpha((unsigned char)s[j]) || s[j] == '_')) {
		*flags |= HL_SH_EXPAND;
		while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_'))
			j++;
	} else if (j < len && strchr("@*#?$!-0123456789", s[j])) {
		*flags |= HL_SH_EXPAND;
		j++;
	} /* else a lone $ is a literal dollar */
	keep(L, b, i, j);
	L->pos = j;
}

/*
 * Read one word at L->pos: quotes removed, escapes applied, expansions
 * kept. Returns false if there is no word here (an operator, a newline or
 * the end).
 */
static bool read_word(struct lexer *L, struct hl_sh_word *w)
{
	const char *s = L->s;
	size_t start = L->pos;
	if (start >= L->len || meta(s[start]))
		return false;
	struct hl_mtext_builder b;
	hl_mtb_init(&b);
	uint32_t flags = 0;
	while (L->pos < L->len) {
		size_t i = L->pos;
		char c = s[i];
		if (meta(c))
			break;
		if (c == '\\') {
			if (i + 1 < L->len && s[i + 1] == '\n') {
				L->pos += 2; /* line continuation */
				continue;
			}
			if (i + 1 < L->len)
				keep(L, &b, i + 1, i + 2);
			flags |= HL_SH_QUOTED;
			L->pos = i + 2 < L->len ? i + 2 : L->len;
			continue;
		}
		if (c == '\'' ||
		    (c == '$' && i + 1 < L->len && s[i + 1] == '\'')) {
			/* '...' literal; $'...' with C escapes */
			bool ansi = c == '$';
			size_t j = i + (ansi ? 2 : 1);
			flags |= HL_SH_QUOTED;
			while (j < L->len && s[j] != '\'') {
				if (ansi && s[j] == '\\' && j + 1 < L->len) {
					char e = s[j + 1];
					char out = e == 'n'   ? '\n'
						   : e == 't' ? '\t'
							      : e;
					hl_mtb_add(&b, &out, 1,
						   hl_mtext_src(L->t, j));
					j += 2;
					continue;
				}
				size_t e = j + 1;
				while (e < L->len && s[e] != '\'' &&
				       (!ansi || s[e] != '\\'))
					e++;
				keep(L, &b, j, e);
				j = e;
			}
			L->pos = j < L->len ? j + 1 : L->len;
			continue;
		}
		if (c == '"') {
			flags |= HL_SH_QUOTED;
			size_t j = i + 1;
			L->pos = j;
			while (L->pos < L->len && s[L->pos] != '"') {
				size_t k = L->pos;
				if (s[k] == '\\' && k + 1 < L->len &&
				    strchr("$`\"\\\n", s[k + 1])) {
					if (s[k + 1] != '\n')
						keep(L, &b, k + 1, k + 2);
					L->pos = k + 2;
				} else if (s[k] == '$' || s[k] == '`') {
					expansion(L, &b, &flags);
				} else {
					/* to the next quote, escape or
					 * expansion */
					size_t e = k + 1;
					while (e < L->len &&
					       !strchr("\"\\$`", s[e]))
						e++;
					keep(L, &b, k, e);
					L->pos = e;
				}
			}
			if (L->pos < L->len)
				L->pos++; /* the closing quote */
			continue;
		}
		if (c == '$' || c == '`') {
			expansion(L, &b, &flags);
			continue;
		}
		size_t end = plain_run(L, i);
		if (end == i)
			end = i + 1;
		keep(L, &b, i, end);
		L->pos = end;
	}
	w->text = hl_mtb_take(&b, L->a);
	hl_mtb_release(&b);
	w->span = span(L, start, L->pos);
	w->flags = flags;
	return L->pos > start;
}

/* ------------------------------------------------------------------ */
/* Heredocs                                                           */

static void stdin_script(struct lexer *L, size_t ci);

static bool is_shell_cmd(const struct hl_sh_cmd *c)
{
	size_t p = hl_sh_program(c);
	return p < c->argc && hl_sh_is_shell(hl_sh_basename(c->argv[p].text.s));
}

/* After a newline: read the bodies of the heredocs opened on the line. */
static void read_pending(struct lexer *L)
{
	for (size_t k = 0; k < L->npend; k++) {
		struct pending *p = &L->pend[k];
		struct hl_sh_redir *r = &L->out->cmds[p->cmd].redirs[p->redir];
		const char *delim = r->target.text.s;
		struct hl_mtext_builder b;
		hl_mtb_init(&b);
		while (L->pos < L->len) {
			size_t st = L->pos, e = st;
			while (e < L->len && L->s[e] != '\n')
				e++;
			size_t ls = st;
			if (p->strip_tabs)
				while (ls < e && L->s[ls] == '\t')
					ls++;
			L->pos = e < L->len ? e + 1 : L->len;
			if (e - ls == strlen(delim) &&
			    !memcmp(L->s + ls, delim, e - ls))
				break;
			keep(L, &b, ls, e < L->len ? e + 1 : e);
		}
		r->body = hl_mtb_take(&b, L->a);
		hl_mtb_release(&b);
		size_t arg;
		if (hl_sh_script_from(&L->out->cmds[p->cmd], &arg) ==
			    HL_SH_FROM_STDIN &&
		    is_shell_cmd(&L->out->cmds[p->cmd]))
			stdin_script(L, p->cmd);
	}
	L->npend = 0;
}

/* ------------------------------------------------------------------ */
/* Simple commands                                                    */

static bool is_assignment(const struct hl_sh_word *w)
{
	const char *s = w->text.s;
	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '=' || (p[0] == '+' && p[1] == '='))
			return p > s;
		if (!isalnum((unsigned char)*p) && *p != '_')
			return false;
	}
	return false;
}

/* A redirection operator at L->pos (after an optional fd), or NULL. */
static const char *redir_op(struct lexer *L)
{
	static const char *const ops[] = {"<<<", "<<-", "&>>", "<<", ">>",
					  "<&",	 ">&",	"<>",  ">|", "&>",
					  "<",	 ">",	NULL};
	for (int i = 0; ops[i]; i++) {
		size_t n = strlen(ops[i]);
		if (L->pos + n <= L->len && !memcmp(L->s + L->pos, ops[i], n))
			return ops[i];
	}
	return NULL;
}

static void add_redir(struct lexer *L, size_t ci, const char *op,
		      const char *fd)
{
	L->pos += strlen(op);
	skip_blanks(L);
	struct hl_sh_redir r;
	memset(&r, 0, sizeof(r));
	r.op = fd ? hl_arena_printf(L->a, "%s%s", fd, op) : op;
	if (!read_word(L, &r.target))
		return;
	struct hl_sh_cmd *c = &L->out->cmds[ci];
	size_t n = c->nredirs;
	c->redirs = room(L, c->redirs, n, sizeof(*c->redirs));
	c->redirs[n] = r;
	c->nredirs = n + 1;
	if (!strcmp(op, "<<") || !strcmp(op, "<<-")) {
		/* the body is the Dockerfile's (RUN <<EOF) or the script's:
		 * the Dockerfile's are taken in order (the next one, which is
		 * the one in the common case: 10,000 of them stay linear),
		 * else the first of that name */
		if (L->hd_next < L->nhd &&
		    !strcmp(L->hd[L->hd_next].name, r.target.text.s)) {
			c->redirs[n].body = L->hd[L->hd_next++].body;
			return;
		}
		for (size_t k = 0; k < L->nhd; k++)
			if (!strcmp(L->hd[k].name, r.target.text.s)) {
				c->redirs[n].body = L->hd[k].body;
				return;
			}
		L->pend = room(L, L->pend, L->npend, sizeof(*L->pend));
		L->pend[L->npend].cmd = ci;
		L->pend[L->npend].redir = n;
		L->pend[L->npend].strip_tabs = !strcmp(op, "<<-");
		L->npend++;
	}
}

/*
 * The argv index of the script of `sh [options] -c SCRIPT` (also `bash -o
 * pipefail -c`, `sh -c -- SCRIPT`) or `su [options] [USER] -c COMMAND`, or
 * 0 if there is none; *operand is set when a shell is given a script file.
 */
static size_t script_arg(const struct hl_sh_cmd *c, size_t p, bool *operand)
{
	bool su = !strcmp(hl_sh_basename(c->argv[p].text.s), "su");
	bool seen_c = false;
	*operand = false;
	for (size_t i = p + 1; i < c->argc; i++) {
		const char *w = c->argv[i].text.s;
		if (seen_c) {
			if (!strcmp(w, "--") && i + 1 < c->argc)
				continue; /* sh -c -- SCRIPT */
			return i;
		}
		if (!strcmp(w, "-"))
			continue; /* su - (login); sh - (end of options) */
		if (!strcmp(w, "--")) {
			if (su)
				continue;
			*operand = i + 1 < c->argc;
			return 0;
		}
		if (w[0] == '-' && w[1] == '-') {
			/* long options; those that take the next word */
			static const char *const with_arg[] = {
				"--rcfile",
				"--init-file",
				"--shell",
				"--group",
				"--supp-group",
				"--whitelist-environment",
				NULL};
			if (su && !strcmp(w, "--command")) {
				seen_c = true;
				continue;
			}
			for (int k = 0; with_arg[k]; k++)
				if (!strcmp(w, with_arg[k]))
					i++;
			continue;
		}
		if ((w[0] == '-' || w[0] == '+') && w[1]) {
			/* a cluster such as -eo (o takes the next word) or -ec
			 */
			for (const char *q = w + 1; *q; q++) {
				if (*q == 's' && w[0] == '-' && !su)
					return 0; /* sh -s: stdin, operands
						     are its arguments */
				if (*q == 'c' && w[0] == '-') {
					seen_c = true;
				} else if (!su && (*q == 'o' || *q == 'O')) {
					i++;
				} else if (su && strchr("sgGw", *q)) {
					if (!q[1])
						i++; /* -s SHELL; -sSHELL is one
						      */
					break;
				}
			}
			continue;
		}
		if (su)
			continue; /* su's USER operand; -c may follow */
		*operand = true;  /* sh FILE */
		return 0;
	}
	return 0;
}

/* Interpreters: the short options whose value is the program (python -c,
 * perl -e, also in clusters: -ne), the short options that take a value,
 * the long options whose value is the program, and whether the first
 * operand is the program itself (awk). Names match with a version after
 * them: python3, python3.12, perl5. */
static const struct interp {
	const char *name;
	const char *code;
	const char *args;
	const char *long_code[3];
	bool program_operand;
} interps[] = {
	{"python", "cm", "WX", {NULL}, false},
	{"pypy", "cm", "WX", {NULL}, false},
	{"perl", "eE", "IMmx", {NULL}, false},
	{"ruby", "e", "IrCx", {NULL}, false},
	{"node", "ep", "r", {"--eval", "--print", NULL}, false},
	{"nodejs", "ep", "r", {"--eval", "--print", NULL}, false},
	{"bun", "e", "", {"--eval", "--print", NULL}, false},
	{"deno", "", "", {NULL}, false},
	{"php", "rBRE", "cdz", {NULL}, false},
	{"lua", "e", "l", {NULL}, false},
	{"luajit", "e", "l", {NULL}, false},
	{"Rscript", "e", "", {NULL}, false},
	{"tclsh", "", "", {NULL}, false},
	{"awk", "", "vF", {NULL}, true},
	{"gawk", "", "vF", {NULL}, true},
	{"mawk", "", "vF", {NULL}, true},
	{"nawk", "", "vF", {NULL}, true},
};

static const struct interp *interp(const char *name)
{
	for (size_t i = 0; i < sizeof(interps) / sizeof(interps[0]); i++) {
		size_t n = strlen(interps[i].name);
		if (strncmp(name, interps[i].name, n))
			continue;
		const char *v = name + n; /* python3, python3.12, perl5 */
		while (*v && (isdigit((unsigned char)*v) || *v == '.'))
			v++;
		if (!*v)
			return &interps[i];
	}
	return NULL;
}

/* A script argument that is standard input read back: "$(cat)",
 * `cat`, "$(cat -)", "$(</dev/stdin)" */
static bool reads_stdin(const struct hl_sh_word *w)
{
	static const char *const forms[] = {"$(cat)",
					    "`cat`",
					    "$(cat -)",
					    "$(</dev/stdin)",
					    "$(cat /dev/stdin)",
					    NULL};
	for (int i = 0; forms[i]; i++)
		if (!strcmp(w->text.s, forms[i]))
			return true;
	return false;
}

enum hl_sh_script_from hl_sh_script_from(const struct hl_sh_cmd *c, size_t *arg)
{
	*arg = 0;
	size_t p = hl_sh_program(c);
	if (p >= c->argc)
		return HL_SH_FROM_STDIN;
	const char *name = hl_sh_basename(c->argv[p].text.s);
	if (!strcmp(name, "eval") || !strcmp(name, "source") ||
	    !strcmp(name, ".")) {
		*arg = p + 1 < c->argc ? p + 1 : 0;
		return HL_SH_FROM_ARGUMENT;
	}
	bool shell = hl_sh_is_shell(name);
	if (shell) {
		bool operand;
		size_t si = script_arg(c, p, &operand);
		if (si) {
			*arg = si;
			return reads_stdin(&c->argv[si]) ? HL_SH_FROM_STDIN
							 : HL_SH_FROM_ARGUMENT;
		}
		if (!operand)
			return HL_SH_FROM_STDIN;
	}
	const struct interp *in = shell ? NULL : interp(name);
	bool dashdash = false;
	for (size_t i = p + 1; i < c->argc; i++) {
		const char *w = c->argv[i].text.s;
		if (!dashdash && !shell && !strcmp(w, "--")) {
			dashdash = true;
			continue;
		}
		if (!dashdash && w[0] == '-' && w[1] == '-') {
			for (int k = 0; in && k < 3 && in->long_code[k]; k++) {
				size_t n = strlen(in->long_code[k]);
				if (!strncmp(w, in->long_code[k], n) &&
				    (!w[n] || w[n] == '=')) {
					*arg = w[n] ? i : i + 1;
					return HL_SH_FROM_ARGUMENT;
				}
			}
			continue;
		}
		if (!dashdash && (w[0] == '-' || w[0] == '+') && w[1]) {
			for (const char *q = w + 1; in && *q; q++) {
				if (strchr(in->code, *q)) {
					*arg = q[1] ? i : i + 1;
					if (!q[1] && i + 1 < c->argc &&
					    reads_stdin(&c->argv[i + 1]))
						return HL_SH_FROM_STDIN;
					return HL_SH_FROM_ARGUMENT;
				}
				if (in->program_operand && *q == 'f') {
					*arg = q[1] ? i : i + 1;
					return HL_SH_FROM_FILE;
				}
				if (strchr(in->args, *q)) {
					if (!q[1])
						i++;
					break;
				}
			}
			if (shell && strchr("oO", w[strlen(w) - 1]))
				i++;
			continue;
		}
		/* bash /dev/stdin: standard input under another name */
		if (!strcmp(w, "-") || !strcmp(w, "/dev/stdin") ||
		    !strcmp(w, "/dev/fd/0") || !strcmp(w, "/proc/self/fd/0"))
			return HL_SH_FROM_STDIN;
		*arg = i;
		return in && in->program_operand ? HL_SH_FROM_ARGUMENT
						 : HL_SH_FROM_FILE;
	}
	return HL_SH_FROM_STDIN;
}

/* Split `text` as a script the command `ci` runs (nest says how). */
static void run_nested_script(struct lexer *L, size_t ci,
			      const struct hl_mtext *text, bool no_subst,
			      enum hl_sh_nest nest)
{
	if (L->depth + L->groups + 1 >= HL_SH_MAX_DEPTH) {
		L->out->truncated = true;
		return;
	}
	struct lexer N = *L;
	N.t = text;
	N.s = text->s;
	N.len = text->len;
	N.pos = 0;
	N.hd = NULL;
	N.nhd = 0;
	N.no_subst = no_subst;
	N.pend = NULL;
	N.npend = 0;
	N.depth = L->depth + L->groups + 1;
	N.groups = 0;
	N.nest = nest;
	N.parent = (int)ci;
	N.cur = -1;
	parse_list(&N, 0);
}

static void stdin_script(struct lexer *L, size_t ci);

/* After a simple command: split what a shell (or su -c) it runs will
 * run. */
static void shell_bodies(struct lexer *L, size_t ci)
{
	const struct hl_sh_cmd *c = &L->out->cmds[ci];
	size_t p = hl_sh_program(c);
	if (p >= c->argc)
		return;
	const char *prog = hl_sh_basename(c->argv[p].text.s);
	bool su = !strcmp(prog, "su");
	if (!su && !hl_sh_is_shell(prog))
		return;
	bool operand;
	size_t si = script_arg(c, p, &operand);
	if (si) {
		const struct hl_sh_word *script = &c->argv[si];
		/* sh -c "$(curl ...)": the script is what the outer shell
		 * substituted, unknown here */
		const char *t = script->text.s;
		size_t tl = script->text.len;
		if (tl > 3 && t[0] == '$' && t[1] == '(' && t[tl - 1] == ')' &&
		    close_paren(t, 1, tl) == tl - 1)
			return;
		/* the outer shell ran what it substituted */
		run_nested_script(L, ci, &script->text,
				  (script->flags & HL_SH_SPLIT) != 0,
				  HL_SH_SCRIPT);
		return;
	}
	if (operand || su)
		return;
	stdin_script(L, ci);
}

/* A shell reading a heredoc: its body is the script (the last redirection
 * of stdin wins). Called again once a body written in the script itself
 * has been read. */
static void stdin_script(struct lexer *L, size_t ci)
{
	const struct hl_sh_cmd *c = &L->out->cmds[ci];
	for (size_t r = c->nredirs; r-- > 0;) {
		const struct hl_sh_redir *rd = &c->redirs[r];
		if (!rd->body.s || strncmp(rd->op, "<<", 2) ||
		    !strcmp(rd->op, "<<<"))
			continue;
		run_nested_script(L, ci, &rd->body, false, HL_SH_STDIN);
		return;
	}
}

/* find ... -exec CMD ARGS ; (or +, -execdir, -ok, -okdir): CMD runs for
 * each file found, a command nested in find's. */
static void find_exec(struct lexer *L, size_t ci)
{
	size_t p = hl_sh_program(&L->out->cmds[ci]);
	if (p >= L->out->cmds[ci].argc ||
	    strcmp(hl_sh_basename(L->out->cmds[ci].argv[p].text.s), "find"))
		return;
	for (size_t i = p + 1; i < L->out->cmds[ci].argc; i++) {
		const char *w = L->out->cmds[ci].argv[i].text.s;
		if (strcmp(w, "-exec") && strcmp(w, "-execdir") &&
		    strcmp(w, "-ok") && strcmp(w, "-okdir"))
			continue;
		size_t from = i + 1, to = from;
		while (to < L->out->cmds[ci].argc &&
		       strcmp(L->out->cmds[ci].argv[to].text.s, ";") &&
		       strcmp(L->out->cmds[ci].argv[to].text.s, "+"))
			to++;
		if (to == from || L->out->ncmds >= HL_SH_MAX_COMMANDS)
			break;
		int saved_parent = L->parent;
		enum hl_sh_nest saved_nest = L->nest;
		L->parent = (int)ci;
		L->nest = HL_SH_EXEC;
		size_t ni = new_cmd(L);
		L->parent = saved_parent;
		L->nest = saved_nest;
		/* new_cmd may have moved the array: index again */
		struct hl_sh_cmd *n = &L->out->cmds[ni];
		const struct hl_sh_cmd *c = &L->out->cmds[ci];
		n->depth = c->depth + 1;
		for (size_t k = from; k < to; k++)
			add_word(L, &L->out->cmds[ni].argv,
				 &L->out->cmds[ni].argc,
				 &L->out->cmds[ci].argv[k]);
		n = &L->out->cmds[ni];
		c = &L->out->cmds[ci];
		n->span = hl_span_join(c->argv[from].span,
				       c->argv[to - 1].span);
		size_t pi = new_pipeline(L);
		L->out->cmds[ni].pipeline = pi;
		L->out->pipes[pi].length = 1;
		i = to;
	}
}

/* Words that open, steer or close compound commands, when first. */
static bool keyword(const struct hl_sh_word *w, const char *k)
{
	return !(w->flags & HL_SH_QUOTED) && !strcmp(w->text.s, k);
}

/* Read a simple command (its first word already read into *first, or
 * none). Returns its index, or -1 if it had nothing. */
static int simple(struct lexer *L, size_t ci, struct hl_sh_word *first,
		  char stop)
{
	int saved = L->cur;
	L->cur = (int)ci;
	bool any = false, brackets = false;
	struct hl_span sp = {{0, 0}, {0, 0}};
	if (first) {
		struct hl_sh_cmd *c = &L->out->cmds[ci];
		if (is_assignment(first))
			add_word(L, &c->assigns, &c->nassigns, first);
		else
			add_word(L, &c->argv, &c->argc, first);
		brackets = keyword(first, "[[");
		sp = first->span;
		any = true;
	}
	for (;;) {
		skip_blanks(L);
		if (L->pos >= L->len)
			break;
		char c = L->s[L->pos];
		if (c == '\n' || c == ';' || (c == stop && !brackets))
			break;
		if (!brackets && (c == '&' || c == '|') &&
		    !(c == '&' && L->pos + 1 < L->len &&
		      L->s[L->pos + 1] == '>'))
			break;
		if (c == ')' || c == '(') {
			if (!brackets)
				break;
		}
		/* <( ) and >( ): a process substitution is a word */
		if (!brackets && (at_op(L, "<(") || at_op(L, ">("))) {
			size_t st = L->pos;
			size_t close = close_paren(L->s, st + 1, L->len);
			size_t end = close < L->len ? close + 1 : L->len;
			nested(L, st + 2, close, HL_SH_PROCSUB);
			struct hl_sh_word pw;
			struct hl_mtext_builder b;
			hl_mtb_init(&b);
			keep(L, &b, st, end);
			pw.text = hl_mtb_take(&b, L->a);
			hl_mtb_release(&b);
			pw.span = span(L, st, end);
			pw.flags = HL_SH_EXPAND | HL_SH_SPLIT;
			L->pos = end;
			struct hl_sh_cmd *cmd = &L->out->cmds[ci];
			add_word(L, &cmd->argv, &cmd->argc, &pw);
			sp = any ? hl_span_join(sp, pw.span) : pw.span;
			any = true;
			continue;
		}
		/* an fd number right before < or > belongs to it */
		size_t save = L->pos;
		while (L->pos < L->len && isdigit((unsigned char)L->s[L->pos]))
			L->pos++;
		const char *op = redir_op(L);
		if (op && !brackets) {
			const char *fd =
				L->pos > save
					? hl_arena_strndup(L->a, L->s + save,
							   L->pos - save)
					: NULL;
			size_t at = save;
			add_redir(L, ci, op, fd);
			struct hl_span rs = span(L, at, L->pos);
			sp = any ? hl_span_join(sp, rs) : rs;
			any = true;
			continue;
		}
		L->pos = save;
		struct hl_sh_word w;
		if (!read_word(L, &w)) {
			/* an operator inside [[ ]]: a word of its own */
			if (!brackets)
				break;
			size_t st = L->pos;
			while (L->pos < L->len && meta(L->s[L->pos]) &&
			       !blank(L->s[L->pos]) && L->s[L->pos] != '\n')
				L->pos++;
			if (L->pos == st)
				break;
			continue;
		}
		struct hl_sh_cmd *cmd = &L->out->cmds[ci];
		if (!cmd->argc && is_assignment(&w))
			add_word(L, &cmd->assigns, &cmd->nassigns, &w);
		else
			add_word(L, &cmd->argv, &cmd->argc, &w);
		sp = any ? hl_span_join(sp, w.span) : w.span;
		any = true;
		if (brackets && keyword(&w, "]]"))
			brackets = false;
	}
	L->cur = saved;
	struct hl_sh_cmd *c = &L->out->cmds[ci];
	c->span = sp;
	if (!any)
		return -1;
	shell_bodies(L, ci);
	find_exec(L, ci);
	return (int)ci;
}

/* ------------------------------------------------------------------ */
/* Lists and compound commands                                        */

/* Skip newlines (reading pending heredocs) and blanks. */
static void skip_newlines(struct lexer *L)
{
	for (;;) {
		skip_blanks(L);
		if (L->pos < L->len && L->s[L->pos] == '\n') {
			L->pos++;
			read_pending(L);
			continue;
		}
		return;
	}
}

/* One level deeper into a group, a case branch: false (and splitting
 * stops, reported as truncated) past HL_SH_MAX_DEPTH levels of groups
 * and nested scripts together. */
static bool enter(struct lexer *L)
{
	if (L->depth + L->groups + 1 >= HL_SH_MAX_DEPTH) {
		L->out->truncated = true;
		L->pos = L->len;
		return false;
	}
	L->groups++;
	return true;
}

/* command() of a ( ) or { } group: its commands are already in the
 * script */
#define GROUP (-2)

/* One command of a pipeline; returns its index, GROUP, or -1 (nothing, or
 * a compound command whose commands are already in the script). Long:
 * one loop over the words of a command, each kind of word (assignment,
 * redirection, heredoc, keyword, group) a short case of it; split, the
 * cases would share most of the loop's state. */
static int command(struct lexer *L, char stop)
{
	if (L->out->ncmds >= HL_SH_MAX_COMMANDS) {
		L->out->too_many = true;
		L->pos = L->len; /* stop splitting */
		return -1;
	}
	for (;;) {
		skip_blanks(L);
		if (L->pos >= L->len)
			return -1;
		char c = L->s[L->pos];
		if (c == '(') {
			if (!enter(L))
				return -1;
			L->pos++;
			parse_list(L, ')');
			if (L->pos < L->len && L->s[L->pos] == ')')
				L->pos++;
			L->groups--;
			return GROUP;
		}
		/* an fd number first, as in `2>/dev/null cmd`: a redirection */
		size_t d = L->pos;
		while (d < L->len && isdigit((unsigned char)L->s[d]))
			d++;
		if (d > L->pos && d < L->len &&
		    (L->s[d] == '<' || L->s[d] == '>'))
			return simple(L, new_cmd(L), NULL, stop);
		if (c == stop || c == '\n' || c == ';' || c == '&' ||
		    c == '|' || c == ')')
			return -1;
		size_t save = L->pos;
		struct hl_sh_word w;
		/* the command's slot comes first, so that what the first word
		 * substitutes is nested in it */
		size_t ci = new_cmd(L);
		int saved = L->cur;
		L->cur = (int)ci;
		bool got = read_word(L, &w);
		L->cur = saved;
		if (!got) {
			/* a redirection first: `>file cmd` */
			L->pos = save;
			return simple(L, ci, NULL, stop);
		}
		if (keyword(&w, "{")) {
			if (!enter(L))
				return -1;
			parse_list(L, '}');
			if (L->pos < L->len && L->s[L->pos] == '}')
				L->pos++;
			L->groups--;
			return GROUP;
		}
		if (keyword(&w, "}") && stop == '}') {
			L->pos = save;
			return -1;
		}
		/* words that only steer where commands start */
		if (keyword(&w, "if") || keyword(&w, "then") ||
		    keyword(&w, "else") || keyword(&w, "elif") ||
		    keyword(&w, "do") || keyword(&w, "while") ||
		    keyword(&w, "until") || keyword(&w, "!") ||
		    keyword(&w, "fi") || keyword(&w, "done") ||
		    keyword(&w, "esac") || keyword(&w, "in")) {
			if (L->out->ncmds == ci + 1)
				L->out->ncmds = ci; /* the slot is not needed */
			continue;
		}
		if (keyword(&w, "for") || keyword(&w, "select")) {
			/* for NAME [in WORDS]; do ... */
			while (L->pos < L->len && L->s[L->pos] != ';' &&
			       L->s[L->pos] != '\n')
				L->pos++;
			return -1;
		}
		if (keyword(&w, "case")) {
			/* case WORD in (PATTERN) LIST ;; ... esac */
			skip_blanks(L);
			struct hl_sh_word subject;
			read_word(L, &subject);
			for (;;) {
				skip_newlines(L);
				struct hl_sh_word pw;
				size_t ps = L->pos;
				if (!read_word(L, &pw))
					break;
				if (keyword(&pw, "esac"))
					break;
				if (keyword(&pw, "in"))
					continue;
				/* pattern words up to ')' */
				L->pos = ps;
				while (L->pos < L->len && L->s[L->pos] != ')')
					L->pos++;
				if (L->pos < L->len)
					L->pos++;
				if (!enter(L))
					return -1;
				parse_list(L, ';');
				L->groups--;
				while (at_op(L, ";;") || at_op(L, ";&"))
					L->pos += at_op(L, ";;&") ? 3 : 2;
			}
			return -1;
		}
		if (keyword(&w, "function")) {
			skip_blanks(L);
			read_word(L, &w); /* the name */
			skip_blanks(L);
			if (at_op(L, "()"))
				L->pos += 2;
			continue;
		}
		skip_blanks(L);
		if (at_op(L, "()")) {
			/* NAME () body */
			L->pos += 2;
			skip_newlines(L);
			continue;
		}
		return simple(L, ci, &w, stop);
	}
}

/* pipeline := command ('|' command)* */
static void pipeline(struct lexer *L, char stop)
{
	size_t pi = new_pipeline(L);
	size_t index = 0;
	for (;;) {
		size_t first = L->out->ncmds;
		int ci = command(L, stop);
		if (ci == GROUP) {
			/* what the group's commands write goes down this
			 * pipeline: (cd /tmp && curl x) | sh */
			for (size_t k = first; k < L->out->ncmds; k++) {
				struct hl_sh_cmd *g = &L->out->cmds[k];
				if (!g->grouped ||
				    L->out->pipes[g->group_pipe].length < 2) {
					g->grouped = true;
					g->group_pipe = pi;
					g->group_index = index;
				}
			}
			index++;
			L->out->pipes[pi].length++;
			ci = -1;
		}
		if (ci >= 0) {
			struct hl_sh_cmd *c = &L->out->cmds[ci];
			c->pipeline = pi;
			c->pipe_index = index++;
			if (++L->out->pipes[pi].length > HL_SH_MAX_PIPELINE) {
				L->out->too_long = true;
				L->pos = L->len; /* stop splitting */
				return;
			}
		}
		skip_blanks(L);
		if (at_op(L, "|") && !at_op(L, "||")) {
			L->pos += at_op(L, "|&") ? 2 : 1;
			if (ci >= 0)
				L->out->cmds[ci].next = HL_SH_OP_PIPE;
			skip_newlines(L);
			continue;
		}
		if (ci >= 0) {
			enum hl_sh_op op = HL_SH_OP_END;
			if (at_op(L, "&&"))
				op = HL_SH_OP_AND;
			else if (at_op(L, "||"))
				op = HL_SH_OP_OR;
			else if (at_op(L, "&"))
				op = HL_SH_OP_BG;
			else if (at_op(L, ";") || at_op(L, "\n"))
				op = HL_SH_OP_SEQ;
			L->out->cmds[ci].next = op;
		}
		return;
	}
}

/* list: pipelines joined by && || ; & and newlines, up to `stop` (a
 * closing ')' or '}', ';' for a case branch) or the end. */
static void parse_list(struct lexer *L, char stop)
{
	for (;;) {
		skip_newlines(L);
		if (L->pos >= L->len)
			return;
		char c = L->s[L->pos];
		if (stop && c == stop) {
			if (stop != ';' || at_op(L, ";;") || at_op(L, ";&"))
				return;
		}
		if (stop == ';' && (at_op(L, ";;") || at_op(L, ";&")))
			return;
		size_t before = L->pos;
		pipeline(L, stop == ';' ? 0 : stop);
		skip_blanks(L);
		if (at_op(L, "&&") || at_op(L, "||")) {
			L->pos += 2;
			continue;
		}
		if (stop == ';' && (at_op(L, ";;") || at_op(L, ";&")))
			return;
		if (at_op(L, ";") || at_op(L, "&")) {
			L->pos++;
			continue;
		}
		if (L->pos < L->len && L->s[L->pos] == '\n')
			continue;
		if (L->pos < L->len && stop && L->s[L->pos] == stop)
			return;
		if (L->pos == before && L->pos < L->len)
			L->pos++; /* a stray ')' or '}': step over it */
	}
}

void hl_sh_parse_argv(struct hl_arena *a, struct hl_source *src,
		      const struct hl_mtext *argv, const struct hl_span *spans,
		      size_t argc, struct hl_sh_script *out)
{
	memset(out, 0, sizeof(*out));
	if (!argc)
		return;
	size_t ccap = 0, pcap = 0;
	struct lexer L;
	memset(&L, 0, sizeof(L));
	L.a = a;
	L.src = src;
	L.t = &argv[0];
	L.s = argv[0].s;
	L.len = argv[0].len;
	L.out = out;
	L.ccap = &ccap;
	L.pcap = &pcap;
	L.nest = HL_SH_TOP;
	L.parent = -1;
	L.cur = -1;
	size_t ci = new_cmd(&L);
	struct hl_sh_cmd *c = &out->cmds[ci];
	for (size_t i = 0; i < argc; i++) {
		struct hl_sh_word w = {argv[i], spans[i], HL_SH_QUOTED};
		add_word(&L, &c->argv, &c->argc, &w);
	}
	c->span = hl_span_join(spans[0], spans[argc - 1]);
	c->pipeline = new_pipeline(&L);
	out->pipes[c->pipeline].length = 1;
	shell_bodies(&L, ci);
}

void hl_sh_parse(struct hl_arena *a, struct hl_source *src,
		 const struct hl_mtext *script,
		 const struct hl_sh_heredoc *heredocs, size_t nheredocs,
		 struct hl_sh_script *out)
{
	memset(out, 0, sizeof(*out));
	size_t ccap = 0, pcap = 0;
	struct lexer L;
	memset(&L, 0, sizeof(L));
	L.a = a;
	L.src = src;
	L.t = script;
	L.s = script->s;
	L.len = script->len;
	L.hd = heredocs;
	L.nhd = nheredocs;
	L.out = out;
	L.ccap = &ccap;
	L.pcap = &pcap;
	L.nest = HL_SH_TOP;
	L.parent = -1;
	L.cur = -1;
	parse_list(&L, 0);
	/* drop the slots of commands that turned out empty, keeping parents
	 * right */
	int *map = hl_arena_array(a, out->ncmds ? out->ncmds : 1, sizeof(int));
	size_t w = 0;
	for (size_t i = 0; i < out->ncmds; i++) {
		const struct hl_sh_cmd *c = &out->cmds[i];
		if (!c->argc && !c->nassigns && !c->nredirs) {
			map[i] = -1;
			continue;
		}
		map[i] = (int)w;
		out->cmds[w++] = *c;
	}
	out->ncmds = w;
	for (size_t i = 0; i < w; i++)
		if (out->cmds[i].parent >= 0)
			out->cmds[i].parent = map[out->cmds[i].parent];
}
