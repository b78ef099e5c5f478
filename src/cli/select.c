/*
 * select: rule selection, severities and the baseline (select.h).
 */
#include "cli/select.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output/mem.h"
#include "output/output.h"

/* Set enabled[] to `on` for the rule `name` names and every rule sharing
 * it as an alias; false (after an error naming `opt`) if none does. */
static bool mark(const struct hl_rules *rules, const char *name, bool *enabled,
		 bool on, const char *opt)
{
	size_t k;
	if (hl_rules_find(rules, name, &k)) {
		enabled[k] = on;
		size_t nrules = hl_rules_count(rules);
		for (size_t j = 0; j < nrules; j++) {
			const struct hl_rule_info *ri = hl_rules_get(rules, j);
			for (uint32_t a = 0; a < ri->naliases; a++)
				if (!strcasecmp(ri->aliases[a], name))
					enabled[j] = on;
		}
		return true;
	}
	const char *hint = hl_rules_suggest(rules, name);
	if (hint)
		fprintf(stderr,
			"hardlint: error: unknown rule '%s' in %s; did you "
			"mean '%s'?\n",
			name, opt, hint);
	else
		fprintf(stderr,
			"hardlint: error: unknown rule '%s' in %s (see "
			"hardlint --list-rules)\n",
			name, opt);
	return false;
}

/* --profile: the rules whose files list a standard of it. */
static bool by_profile(const struct hl_rules *rules, const char *name,
		       bool *enabled)
{
	static const struct {
		const char *name, *prefix, *also;
	} profiles[] = {
		{"cis-docker", "CIS Docker", NULL},
		{"cis-kubernetes", "CIS Kubernetes", NULL},
		{"pss-baseline", "PSS baseline", NULL},
		/* restricted holds baseline's controls too */
		{"pss-restricted", "PSS restricted", "PSS baseline"},
	};
	size_t nrules = hl_rules_count(rules);
	if (!strcmp(name, "all")) {
		for (size_t i = 0; i < nrules; i++)
			enabled[i] = true;
		return true;
	}
	size_t p = 0, np = sizeof(profiles) / sizeof(profiles[0]);
	while (p < np && strcmp(profiles[p].name, name))
		p++;
	if (p == np) {
		fprintf(stderr,
			"hardlint: error: unknown profile '%s' (cis-docker, "
			"cis-kubernetes, pss-baseline, pss-restricted, all)\n",
			name);
		return false;
	}
	for (size_t i = 0; i < nrules; i++) {
		const struct hl_rule_info *ri = hl_rules_get(rules, i);
		for (uint32_t k = 0; k < ri->nstandards; k++) {
			const char *s = ri->standards[k];
			if (!strncmp(s, profiles[p].prefix,
				     strlen(profiles[p].prefix)) ||
			    (profiles[p].also &&
			     !strncmp(s, profiles[p].also,
				      strlen(profiles[p].also))))
				enabled[i] = true;
		}
	}
	return true;
}

/* The index of `name` among ri's partial aliases, or -1. */
static int partial_index(const struct hl_rule_info *ri, const char *name)
{
	for (uint32_t i = 0; i < ri->npartial; i++)
		if (!strcasecmp(ri->partial[i], name))
			return (int)i;
	return -1;
}

enum sel { SEL_ONLY, SEL_ENABLE, SEL_DISABLE };

/* --only, --enable or --disable of `name`: each rule it names, whole, or
 * the part of it a partial alias names (parts, made on first need). */
static bool select_name(const struct hl_rules *rules, const char *name,
			bool *en, struct hl_part_sel **parts, enum sel how,
			const char *opt)
{
	size_t nrules = hl_rules_count(rules);
	bool *hit = calloc(nrules ? nrules : 1, sizeof(bool));
	if (!hit)
		hl_cli_oom(nrules);
	bool ok = mark(rules, name, hit, true, opt);
	for (size_t j = 0; ok && j < nrules; j++) {
		if (!hit[j])
			continue;
		int i = partial_index(hl_rules_get(rules, j), name);
		if (i >= 0 && !*parts) {
			*parts = calloc(nrules, sizeof(**parts));
			if (!*parts)
				hl_cli_oom(nrules);
		}
		struct hl_part_sel *ps = *parts ? &(*parts)[j] : NULL;
		uint32_t bit = i >= 0 ? hl_rule_part(hl_rules_get(rules, j),
						(uint32_t)i)
			       : 0;
		switch (how) {
		case SEL_ONLY:
			en[j] = true;
			if (i < 0 && ps)
				ps->whole = true;
			else if (i >= 0)
				ps->only |= bit;
			break;
		case SEL_ENABLE:
			if (i < 0) {
				en[j] = true;
				if (ps)
					ps->whole = true;
			} else if (!en[j] || ps->only) {
				en[j] = true;
				ps->only |= bit;
			}
			break;
		case SEL_DISABLE:
			if (i < 0)
				en[j] = false;
			else
				ps->off |= bit;
			break;
		}
	}
	free(hit);
	return ok;
}

bool hl_select_rules(const struct hl_rules *rules, const struct hl_options *o,
		     bool **enabled, struct hl_part_sel **parts)
{
	*enabled = NULL;
	*parts = NULL;
	if (!o->nonly && !o->profile && !o->nenable && !o->ndisable)
		return true; /* every rule */
	size_t nrules = hl_rules_count(rules);
	bool *en = calloc(nrules ? nrules : 1, sizeof(bool));
	if (!en)
		hl_cli_oom(nrules);
	*enabled = en;
	bool ok = true;
	if (o->nonly) {
		/* exactly these, whatever the profile */
		for (size_t i = 0; i < o->nonly; i++)
			ok &= select_name(rules, o->only[i], en, parts,
					  SEL_ONLY, "--only");
	} else if (!by_profile(rules, o->profile ? o->profile : "all", en)) {
		return false;
	}
	for (size_t i = 0; i < o->nenable; i++)
		ok &= select_name(rules, o->enable[i], en, parts, SEL_ENABLE,
				  "--enable");
	for (size_t i = 0; i < o->ndisable; i++)
		ok &= select_name(rules, o->disable[i], en, parts, SEL_DISABLE,
				  "--disable");
	for (size_t j = 0; *parts && j < nrules; j++)
		if ((*parts)[j].whole)
			(*parts)[j].only = 0;
	return ok;
}

bool hl_select_overrides(const struct hl_rules *rules,
			 const struct hl_options *o, struct hl_override **out,
			 size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t nrules = hl_rules_count(rules);
	bool *hit = calloc(nrules ? nrules : 1, sizeof(bool));
	if (!hit)
		hl_cli_oom(nrules);
	bool ok = true;
	for (size_t i = 0; i < o->noverrides; i++) {
		const char *eq = strchr(o->overrides[i], '=');
		char *name = hl_cli_strdup(o->overrides[i]);
		name[eq - o->overrides[i]] = '\0';
		enum hl_severity sev = HL_SEV_WARNING;
		hl_severity_parse(eq + 1, &sev);
		memset(hit, 0, nrules ? nrules : 1);
		if (!mark(rules, name, hit, true, "--severity-override")) {
			ok = false;
		} else {
			for (size_t k = 0; k < nrules; k++) {
				if (!hit[k])
					continue;
				*out = hl_cli_realloc(*out,
						      (*n + 1) * sizeof(**out));
				(*out)[(*n)++] = (struct hl_override){
					hl_rules_get(rules, k), sev};
			}
		}
		free(name);
	}
	free(hit);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Baseline                                                           */

#define BASELINE_HEADER "# hardlint baseline "
#define BASELINE_FORMAT 1

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct hl_base_entry *)a)->fp,
		      ((const struct hl_base_entry *)b)->fp);
}

static bool bad(const char *path, size_t line, const char *why)
{
	fprintf(stderr, "%s:%zu:1: error: %s\n", path, line, why);
	return false;
}

bool hl_baseline_read(const char *path, struct hl_baseline *b)
{
	memset(b, 0, sizeof(*b));
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "hardlint: error: cannot read baseline '%s': "
				"%s\n",
			path, strerror(errno));
		return false;
	}
	char buf[4096];
	size_t line = 0, cap = 0;
	bool ok = true, header = false;
	while (ok && fgets(buf, sizeof(buf), f)) {
		line++;
		size_t len = strlen(buf);
		if (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		else if (!feof(f))
			ok = bad(path, line, "line too long: not a baseline");
		if (!ok)
			break;
		if (line == 1) {
			size_t hl = strlen(BASELINE_HEADER);
			if (strncmp(buf, BASELINE_HEADER, hl) ||
			    !isdigit((unsigned char)buf[hl])) {
				ok = bad(path, line,
					 "not a hardlint baseline (it starts "
					 "with '# hardlint baseline 1'; write "
					 "one with --write-baseline)");
				break;
			}
			if (strtol(buf + hl, NULL, 10) > BASELINE_FORMAT) {
				ok = bad(path, line,
					 "a baseline of a newer hardlint's "
					 "format: update hardlint");
				break;
			}
			header = true;
			continue;
		}
		if (!len || buf[0] == '#')
			continue;
		bool hex = len >= 17 && buf[16] == ' ';
		for (size_t i = 0; hex && i < 16; i++)
			hex = isxdigit((unsigned char)buf[i]) != 0;
		if (!hex) {
			ok = bad(path, line,
				 "corrupt baseline: a line is FINGERPRINT "
				 "RULE PATH, the fingerprint 16 hex digits");
			break;
		}
		if (b->n == cap) {
			cap = cap ? cap * 2 : 64;
			b->v = hl_cli_realloc(b->v, cap * sizeof(*b->v));
		}
		memcpy(b->v[b->n].fp, buf, 16);
		b->v[b->n].fp[16] = '\0';
		b->v[b->n].line = line;
		b->v[b->n].what = hl_cli_strdup(buf + 17);
		b->v[b->n++].count = 1;
	}
	if (ok && ferror(f))
		ok = bad(path, line + 1, "read error");
	if (ok && !header)
		ok = bad(path, 1, "empty file: not a hardlint baseline");
	fclose(f);
	if (!ok) {
		hl_baseline_release(b);
		return false;
	}
	/* the same fingerprint twice: one entry covering both */
	qsort(b->v, b->n, sizeof(*b->v), cmp_entry);
	size_t w = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (w && !strcmp(b->v[w - 1].fp, b->v[i].fp)) {
			b->v[w - 1].count++;
			free(b->v[i].what);
		} else {
			b->v[w++] = b->v[i];
		}
	}
	b->n = w;
	b->path = path;
	return true;
}

bool hl_baseline_take(struct hl_baseline *b, const struct hl_finding *f)
{
	struct hl_base_entry key;
	memset(&key, 0, sizeof(key));
	memcpy(key.fp, f->fingerprint, 17);
	struct hl_base_entry *e =
		b->n ? bsearch(&key, b->v, b->n, sizeof(*b->v), cmp_entry)
		     : NULL;
	if (!e || !e->count)
		return false;
	e->count--;
	return true;
}

static int by_line(const void *a, const void *b)
{
	size_t x = ((const struct hl_base_entry *)a)->line,
	       y = ((const struct hl_base_entry *)b)->line;
	return x < y ? -1 : x > y;
}

void hl_baseline_unused(const struct hl_baseline *b, FILE *f,
			struct hl_outputs *o)
{
	struct hl_base_entry *v = hl_cli_realloc(NULL, (b->n + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].count)
			v[n++] = b->v[i];
	qsort(v, n, sizeof(*v), by_line);
	for (size_t i = 0; i < n; i++)
		fprintf(f,
			"%s:%zu:1: note: this baseline entry (%s) matched no "
			"finding%s: fixed, or moved to another file; "
			"--write-baseline refreshes it\n",
			b->path, v[i].line, v[i].what,
			v[i].count > 1 ? " (or fewer than it counts)" : "");
	for (size_t i = 0; i < n; i++) {
		struct hl_unused u = {{(uint32_t)v[i].line, 1}, v[i].what,
				      NULL, "baseline"};
		hl_outputs_unused(o, b->path, &u);
	}
	free(v);
}

void hl_baseline_release(struct hl_baseline *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].what);
	free(b->v);
	memset(b, 0, sizeof(*b));
}

void hl_baseline_add(struct hl_baseline_out *w, const struct hl_finding *f)
{
	size_t need = strlen(f->rule->slug) + strlen(f->path) + 24;
	if (w->len + need + 1 > w->cap) {
		w->cap = (w->len + need + 1) * 2;
		w->text = hl_cli_realloc(w->text, w->cap);
	}
	/* a path with a line break would break the format: kept out */
	const char *p = strpbrk(f->path, "\r\n") ? "-" : f->path;
	w->len += (size_t)snprintf(w->text + w->len, w->cap - w->len,
				   "%s %s %s\n", f->fingerprint, f->rule->slug,
				   p);
	w->n++;
}

bool hl_baseline_write(struct hl_baseline_out *w, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "hardlint: error: cannot write baseline '%s': "
				"%s\n",
			path, strerror(errno));
		return false;
	}
	fprintf(f, BASELINE_HEADER "%d\n", BASELINE_FORMAT);
	fprintf(f, "# %zu finding%s, one a line: fingerprint, rule, path. "
		   "hardlint --baseline %s reports only the others.\n",
		w->n, w->n == 1 ? "" : "s", path);
	if (w->len)
		fwrite(w->text, 1, w->len, f);
	int e = hl_close_file(f, 0);
	if (e)
		fprintf(stderr,
			"hardlint: error: cannot write baseline '%s': %s\n",
			path, strerror(e));
	return !e;
}
