/*
 * suppress: whether the input itself accepts a finding (docs/
 * CONFIGURATION.md, "Suppressions"). In a Dockerfile: a `# hardlint
 * ignore=RULES reason` comment on the line before the instruction (or a
 * block of comments there), `# hardlint global ignore=` before the first
 * FROM, hadolint's `# hadolint ignore=` and `# hadolint global ignore=`
 * pragmas, and BuildKit's `# check=skip=` directive. In a manifest: the
 * object's or its pod template's annotations (`hardlint.dev/ignore`,
 * `hardlint.dev/ignore-RULE`, kube-linter's `ignore-check.kube-linter.io/
 * CHECK`) and a `# hardlint ignore=` comment on the line before the
 * finding's key or before its container. A rule is named by its slug, id
 * or any alias. `until=YYYY-MM-DD` ends a pragma: after that day it no
 * longer suppresses, and the finding says so.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/source.h"
#include "core/text.h"
#include "dockerfile/dockerfile.h"
#include "engine/suppress.h"

/* The finding being asked about: which of its rule's partial aliases name
 * it (hl_finding.parts). Set by hl_suppressed for the calls below it, on
 * the thread asking (a long stream is checked by several). */
static _Thread_local uint32_t asked_parts;

/* The part of rule `ri` that `name` names (its bit), or 0. */
static uint32_t part_named(const struct hl_rule_info *ri, const char *name,
			   size_t len)
{
	for (uint32_t i = 0; i < ri->npartial; i++)
		if (len == strlen(ri->partial[i]) &&
		    !strncasecmp(ri->partial[i], name, len))
			return hl_rule_part(ri, i);
	return 0;
}

/* Does `name` (len bytes) name rule `ri`: its slug, id or an alias? An
 * alias that names part of the rule names a finding only when each part
 * the finding is about is that one (a finding about two parts is
 * suppressed by naming both: list_names). */
static bool names_rule(const struct hl_rule_info *ri, const char *name,
		       size_t len)
{
	uint32_t part = part_named(ri, name, len);
	if (part)
		return (asked_parts & part) && !(asked_parts & ~part);
	if (len == strlen(ri->slug) && !strncasecmp(ri->slug, name, len))
		return true;
	if (len == strlen(ri->id) && !strncasecmp(ri->id, name, len))
		return true;
	for (uint32_t a = 0; a < ri->naliases; a++)
		if (len == strlen(ri->aliases[a]) &&
		    !strncasecmp(ri->aliases[a], name, len))
			return true;
	return false;
}

bool hl_pragma_name(const char *list, size_t n, size_t *i, size_t *start,
		    size_t *len)
{
	while (*i < n && (list[*i] == ',' || list[*i] == ' ' ||
			  list[*i] == '\t'))
		(*i)++;
	*start = *i;
	while (*i < n && list[*i] != ',' && list[*i] != ' ' && list[*i] != '\t')
		(*i)++;
	*len = *i - *start;
	return *len > 0;
}

/* Does the comma-separated list s[0..n) name `ri`? The name that does
 * into out->name. */
static bool list_names(const struct hl_rule_info *ri, const char *s, size_t n,
		       struct hl_suppression *out)
{
	size_t i = 0, b, len;
	uint32_t covered = 0; /* the parts the list's partial names name */
	while (hl_pragma_name(s, n, &i, &b, &len)) {
		covered |= part_named(ri, s + b, len);
		if (names_rule(ri, s + b, len) ||
		    (asked_parts && !(asked_parts & ~covered))) {
			out->name = s + b;
			out->name_len = len;
			return true;
		}
	}
	return false;
}

static size_t blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

size_t hl_pragma_list_end(const char *s, size_t n, size_t i)
{
	/* names, commas between them (blanks after a comma, and before one,
	 * still in it) */
	size_t end = i;
	while (i < n) {
		while (i < n && s[i] != ',' && s[i] != ' ' && s[i] != '\t')
			i++;
		end = i;
		size_t j = blanks(s, n, i);
		if (j < n && s[j] == ',') {
			i = blanks(s, n, j + 1);
			end = i;
			continue;
		}
		break;
	}
	return end;
}

bool hl_pragma_parse(const char *s, size_t n, struct hl_pragma *p)
{
	memset(p, 0, sizeof(*p));
	size_t i = blanks(s, n, 0);
	if (i >= n || s[i] != '#')
		return false;
	i = blanks(s, n, i + 1);
	bool ours = n - i >= 8 && !strncasecmp(s + i, "hardlint", 8);
	p->hadolint = n - i >= 8 && !strncasecmp(s + i, "hadolint", 8);
	if (!ours && !p->hadolint)
		return false;
	i = blanks(s, n, i + 8);
	if (n - i >= 6 && !strncasecmp(s + i, "global", 6)) {
		p->global = true;
		i = blanks(s, n, i + 6);
	}
	if (n - i < 6 || strncasecmp(s + i, "ignore", 6))
		return false;
	i = blanks(s, n, i + 6);
	if (i >= n || s[i] != '=')
		return false;
	i = blanks(s, n, i + 1);
	p->list = i;
	size_t end = hl_pragma_list_end(s, n, i);
	p->list_len = end - p->list;
	p->rest = blanks(s, n, end);
	return p->list_len > 0;
}

/* Today, as YYYY-MM-DD (UTC): a pragma's until= is compared with it. */
static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	if (!strftime(out, 11, "%Y-%m-%d", &tm))
		out[0] = '\0';
}

/* What follows a suppression's names, s[i..n): `until=YYYY-MM-DD` (past,
 * or no date of the calendar: expired), then the reason. */
static enum hl_suppress_state until_reason(const char *s, size_t n, size_t i,
					   struct hl_suppression *out)
{
	enum hl_suppress_state st = HL_SUPPRESS_YES;
	i = blanks(s, n, i);
	if (n - i >= 6 && !strncasecmp(s + i, "until=", 6)) {
		size_t d = i + 6, e = d;
		while (e < n && s[e] != ' ' && s[e] != '\t')
			e++;
		char until[11], now[11];
		memcpy(until, s + d, e - d < 10 ? e - d : 10);
		until[e - d < 10 ? e - d : 10] = '\0';
		today(now);
		if (!hl_valid_date(s + d, e - d)) {
			/* a date that is none never suppresses */
			st = HL_SUPPRESS_EXPIRED;
			out->bad_date = true;
			memcpy(out->until, until, 11);
		} else if (strcmp(now, until) > 0) {
			st = HL_SUPPRESS_EXPIRED;
			memcpy(out->until, until, 11);
		}
		i = blanks(s, n, e);
	}
	out->reason_len = n - i;
	out->reason = s + i;
	while (out->reason_len &&
	       isspace((unsigned char)out->reason[out->reason_len - 1]))
		out->reason_len--;
	return st;
}

/* A pragma comment `# TOOL [global] ignore=LIST [until=DATE] [reason]`:
 * does it name `ri`? `global` says whether it must be a global one. */
static enum hl_suppress_state pragma(const struct hl_rule_info *ri,
				     const char *s, size_t n, bool global,
				     struct hl_suppression *out)
{
	struct hl_pragma p;
	if (!hl_pragma_parse(s, n, &p) || p.global != global ||
	    !list_names(ri, s + p.list, p.list_len, out))
		return HL_SUPPRESS_NONE;
	out->kind = "inline";
	return until_reason(s, n, p.rest, out);
}

static bool line_of(struct hl_source *src, uint32_t line, const char **s,
		    size_t *n)
{
	return line >= 1 && hl_source_line(src, line, s, n);
}

/* The comment lines right above `line` (a block of them, blank lines
 * not included): a pragma there for `ri`? */
static enum hl_suppress_state above(struct hl_source *src, uint32_t line,
				    const struct hl_rule_info *ri,
				    struct hl_suppression *out)
{
	for (uint32_t l = line - 1; l >= 1 && line - l <= 32; l--) {
		const char *s;
		size_t n;
		if (!line_of(src, l, &s, &n))
			break;
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n || s[i] != '#')
			break;
		enum hl_suppress_state st = pragma(ri, s, n, false, out);
		if (st != HL_SUPPRESS_NONE) {
			out->line = l;
			return st;
		}
	}
	return HL_SUPPRESS_NONE;
}

/* Is one of `ri`'s aliases a BuildKit check's name? Those are
 * CamelCase words (JSONArgsRecommended, SecretsUsedInArgOrEnv): letters
 * only, a capital first and another after a small letter; the peers'
 * codes have digits (DL3008) or dashes (no-read-only-root-fs). */
static bool buildkit_check(const struct hl_rule_info *ri)
{
	for (uint32_t a = 0; a < ri->naliases; a++) {
		const char *s = ri->aliases[a];
		bool letters = isupper((unsigned char)s[0]), hump = false;
		for (size_t i = 1; letters && s[i]; i++) {
			letters = isalpha((unsigned char)s[i]);
			hump |= isupper((unsigned char)s[i]) &&
				islower((unsigned char)s[i - 1]);
		}
		if (letters && hump)
			return true;
	}
	return false;
}

/* BuildKit's `# check=skip=A,B` (or skip=all: BuildKit's own checks, so
 * the rules that are one of them) parser directive, at the top of the
 * file: does it name `ri`? */
static bool check_directive(struct hl_source *src,
			    const struct hl_rule_info *ri)
{
	for (uint32_t l = 1; l <= 16; l++) {
		const char *s;
		size_t n;
		if (!line_of(src, l, &s, &n))
			return false;
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n || s[i] != '#')
			return false; /* directives come first */
		i++;
		while (i < n && s[i] == ' ')
			i++;
		if (n - i < 6 || strncasecmp(s + i, "check", 5))
			continue;
		i += 5;
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n || s[i] != '=')
			continue;
		i++;
		/* skip=...;error=true */
		while (i < n) {
			while (i < n && s[i] == ' ')
				i++;
			size_t b = i;
			while (i < n && s[i] != ';')
				i++;
			if (i - b > 5 && !strncasecmp(s + b, "skip=", 5)) {
				const char *v = s + b + 5;
				size_t vn = i - b - 5;
				while (vn && v[vn - 1] == ' ')
					vn--;
				struct hl_suppression unused;
				if ((vn == 3 && !strncasecmp(v, "all", 3) &&
				     buildkit_check(ri)) ||
				    list_names(ri, v, vn, &unused))
					return true;
			}
			i++;
		}
	}
	return false;
}

/* The lines of `doc` that may hold a global pragma (they say "global"),
 * found once. */
static void globals(const struct hl_doc *cdoc)
{
	struct hl_doc *doc = (struct hl_doc *)cdoc; /* its cache */
	if (doc->globals_made)
		return;
	doc->globals_made = true;
	size_t cap = 0;
	for (uint32_t l = 1;; l++) {
		const char *s;
		size_t n;
		if (!line_of(doc->src, l, &s, &n))
			break;
		if (n < 16 || !memchr(s, '#', n) || !memmem(s, n, "global", 6))
			continue;
		doc->globals = hl_arena_grow(doc->arena, doc->globals,
					     doc->nglobals, &cap,
					     sizeof(*doc->globals));
		doc->globals[doc->nglobals++] = l;
	}
}

/* Can the text of `src` hold a pragma at all? Looked at once. */
bool hl_may_hold_pragmas(struct hl_source *src)
{
	if (!src->pragmas)
		src->pragmas = memmem(src->data, src->len, "ignore", 6) ||
					       memmem(src->data, src->len,
						      "check", 5)
				       ? 2
				       : 1;
	return src->pragmas == 2;
}

static enum hl_suppress_state dockerfile(const struct hl_doc *doc,
					 const struct hl_rule_info *ri,
					 struct hl_span span,
					 struct hl_suppression *out)
{
	const struct hl_dockerfile *df = doc->front;
	if (check_directive(doc->src, ri)) {
		out->kind = "inline";
		out->reason = ""; /* BuildKit's directive gives none */
		out->reason_len = 0;
		return HL_SUPPRESS_YES;
	}
	/* the instruction the finding is in: the pragma is above it */
	uint32_t first_from = UINT32_MAX;
	uint32_t start = span.start.line;
	for (size_t i = 0; df && i < df->ninstrs; i++) {
		const struct hl_df_instr *in = df->instrs[i];
		if (in->cmd == HL_DF_FROM && first_from == UINT32_MAX)
			first_from = in->span.start.line;
		if (in->span.start.line <= span.start.line &&
		    span.start.line <= in->span.end.line)
			start = in->span.start.line;
	}
	enum hl_suppress_state st = above(doc->src, start, ri, out);
	if (st != HL_SUPPRESS_NONE)
		return st;
	/* global pragmas: hardlint's before the first FROM, hadolint's
	 * anywhere */
	globals(doc);
	for (size_t g = 0; g < doc->nglobals; g++) {
		uint32_t l = doc->globals[g];
		const char *s;
		size_t n;
		if (!line_of(doc->src, l, &s, &n))
			continue;
		st = pragma(ri, s, n, true, out);
		if (st == HL_SUPPRESS_NONE)
			continue;
		const char *t = s;
		while (*t == ' ' || *t == '\t' || *t == '#')
			t++;
		if (l < first_from || !strncasecmp(t, "hadolint", 8)) {
			out->line = l;
			return st;
		}
	}
	return HL_SUPPRESS_NONE;
}

/* Annotations of `meta` naming `ri`. */
static enum hl_suppress_state annotated(const struct hl_node *meta,
					const struct hl_rule_info *ri,
					struct hl_suppression *out)
{
	const struct hl_node *ann = hl_node_deref(hl_map_get(meta,
							     "annotations"));
	if (!hl_node_is_map(ann))
		return HL_SUPPRESS_NONE;
	for (size_t i = 0; i < ann->u.map.count; i++) {
		const char *k = hl_node_text(ann->u.map.pairs[i].key);
		const char *v =
			hl_node_text(hl_node_deref(ann->u.map.pairs[i].value));
		if (!k)
			continue;
		static const char *const prefixes[] = {
			"hardlint.dev/ignore-", "ignore-check.kube-linter.io/"};
		size_t vn = v ? strlen(v) : 0;
		if (!strcmp(k, "hardlint.dev/ignore")) {
			/* "RULE[,RULE] [until=DATE] [reason]" */
			size_t end = v ? hl_pragma_list_end(v, vn, 0) : 0;
			if (!v || !list_names(ri, v, end, out))
				continue;
			out->line = hl_node_deref(ann->u.map.pairs[i].value)
					    ->span.start.line;
			out->kind = "annotation";
			return until_reason(v, vn, end, out);
		}
		for (size_t p = 0; p < 2; p++) {
			size_t pl = strlen(prefixes[p]);
			if (strncmp(k, prefixes[p], pl) ||
			    !names_rule(ri, k + pl, strlen(k + pl)))
				continue;
			if (!p) { /* kube-linter's are not told */
				out->name = k + pl;
				out->name_len = strlen(k + pl);
				out->line =
					ann->u.map.pairs[i].key->span.start.line;
			}
			out->kind = "annotation";
			/* the value: [until=DATE] reason */
			return until_reason(v ? v : "", vn, 0, out);
		}
	}
	return HL_SUPPRESS_NONE;
}

static enum hl_suppress_state manifest(const struct hl_doc *doc,
				       const struct hl_rule_info *ri,
				       const struct hl_item *item,
				       struct hl_span span,
				       struct hl_suppression *out)
{
	const struct hl_node *obj = hl_node_deref(doc->root);
	const struct hl_node *spec = hl_map_get(obj, "spec");
	const struct hl_node *metas[] = {
		hl_map_get(obj, "metadata"),
		hl_map_get(hl_map_get(spec, "template"), "metadata"),
		hl_map_get(hl_map_get(hl_map_get(hl_map_get(spec,
							   "jobTemplate"),
						 "spec"),
				      "template"),
			   "metadata"),
	};
	for (size_t i = 0; i < sizeof(metas) / sizeof(metas[0]); i++) {
		enum hl_suppress_state st = annotated(metas[i], ri, out);
		if (st != HL_SUPPRESS_NONE)
			return st;
	}
	if (!hl_may_hold_pragmas(doc->src))
		return HL_SUPPRESS_NONE;
	enum hl_suppress_state st = above(doc->src, span.start.line, ri, out);
	if (st == HL_SUPPRESS_NONE && item && item->anchor.start.line &&
	    item->anchor.start.line != span.start.line)
		st = above(doc->src, item->anchor.start.line, ri, out);
	return st;
}

enum hl_suppress_state hl_suppressed(const struct hl_doc *doc,
				     const struct hl_rule_info *ri,
				     const struct hl_item *item,
				     struct hl_span span, uint32_t parts,
				     struct hl_suppression *out)
{
	memset(out, 0, sizeof(*out));
	asked_parts = parts;
	if (!doc->src || !span.start.line)
		return HL_SUPPRESS_NONE;
	if (doc->target == HL_TARGET_DOCKERFILE)
		return hl_may_hold_pragmas(doc->src)
			       ? dockerfile(doc, ri, span, out)
			       : HL_SUPPRESS_NONE;
	return manifest(doc, ri, item, span, out);
}
