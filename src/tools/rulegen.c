/*
 * rulegen: compiles the rule catalogue into C tables at build time.
 *
 *   rulegen OUT.c RULES_DIR
 *
 * Loads every rule and list file under RULES_DIR with the same loader
 * --rules uses (so a bad rule fails the build with file:line:column), then
 * writes the compiled ruleset as static const structs: the binary starts
 * with its rules ready, without parsing YAML or linking libcyaml's work
 * into start-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/discover.h"
#include "engine/match.h"
#include "engine/ruleload.h"
#include "engine/rules.h"
#include "output/output.h"

static FILE *out;
static unsigned counter;

/* A C string literal: printable ASCII as is, everything else octal. */
static void cstr(const char *s)
{
	if (!s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '?')
			fputs("\\?", out); /* no trigraphs */
		else if (*p >= 0x20 && *p < 0x7f)
			fputc(*p, out);
		else
			fprintf(out, "\\%03o", *p);
	}
	fputc('"', out);
}

static unsigned emit_strings(const char *const *v, uint32_t n)
{
	unsigned id = counter++;
	if (!n)
		return id;
	fprintf(out, "static const char *const s%u[] = {", id);
	for (uint32_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", out);
		cstr(v[i]);
	}
	fputs("};\n", out);
	return id;
}

/* A rule's examples of one kind as one string, each ended by a NUL (one
 * pointer for the loader to relocate, not one an example). */
static unsigned emit_blob(const struct hl_rule_info *r, bool catch)
{
	unsigned id = counter++;
	uint32_t n = catch ? r->ncatches : r->npasses;
	if (!n)
		return id;
	fprintf(out, "static const char x%u[] = ", id);
	for (uint32_t i = 0; i < n; i++) {
		const char *e = hl_rule_example(r, catch, i);
		cstr(e);
		fputs(i + 1 < n ? " \"\\0\"\n\t" : ";\n", out);
	}
	return id;
}

static unsigned emit_path(const struct hl_path *p)
{
	unsigned id = counter++;
	if (!p->nsegs)
		return id;
	fprintf(out, "static const struct hl_seg g%u[] = {", id);
	for (uint32_t i = 0; i < p->nsegs; i++) {
		const struct hl_seg *s = &p->segs[i];
		fprintf(out, "%s{.kind = %s, .key = ", i ? ", " : "",
			s->kind == HL_SEG_KEY	? "HL_SEG_KEY"
			: s->kind == HL_SEG_ANY ? "HL_SEG_ANY"
						: "HL_SEG_INDEX");
		cstr(s->kind == HL_SEG_KEY ? s->key : NULL);
		fprintf(out, ", .index = %u, .field = %d, .off = %u}", s->index,
			s->field, s->off);
	}
	fputs("};\n", out);
	return id;
}

static void path_init(const struct hl_path *p, unsigned id)
{
	fputs("{", out);
	cstr(p->text);
	if (p->nsegs)
		fprintf(out, ", g%u, %u}", id, p->nsegs);
	else
		fputs(", NULL, 0}", out);
}

static const char *op_name(enum hl_op op)
{
	static const char *const names[HL_OP__COUNT] = {
		"HL_OP_ALL",	      "HL_OP_ANY",     "HL_OP_NOT",
		"HL_OP_EXISTS",	      "HL_OP_KNOWN",   "HL_OP_EQUALS",
		"HL_OP_IN",	      "HL_OP_IN_LIST", "HL_OP_MATCHES",
		"HL_OP_MATCHES_LIST", "HL_OP_WORDS_IN", "HL_OP_LAST_WORD_IN",
		"HL_OP_WHERE",	      "HL_OP_SAME_AS"};
	return names[op] ? names[op] : "HL_OP__COUNT";
}

static const char *type_name(enum hl_scalar_type t)
{
	static const char *const names[HL_SCALAR__COUNT] = {
		"HL_SCALAR_STR", "HL_SCALAR_BOOL", "HL_SCALAR_INT",
		"HL_SCALAR_FLOAT", "HL_SCALAR_NULL"};
	return names[t];
}

/* Emit an array of `n` predicates (children first); returns its id. */
static unsigned emit_preds(const struct hl_pred *p, uint32_t n)
{
	unsigned *kids = calloc(n, sizeof(unsigned));
	unsigned *paths = calloc(n, sizeof(unsigned));
	unsigned *ats = calloc(n, sizeof(unsigned));
	unsigned *others = calloc(n, sizeof(unsigned));
	unsigned *vals = calloc(n, sizeof(unsigned));
	for (uint32_t i = 0; i < n; i++) {
		if (p[i].nkids)
			kids[i] = emit_preds(p[i].kids, p[i].nkids);
		paths[i] = emit_path(&p[i].path);
		if (p[i].at) {
			ats[i] = emit_path(p[i].at);
			fprintf(out,
				"static const struct hl_path a%u = ", ats[i]);
			path_init(p[i].at, ats[i]);
			fputs(";\n", out);
		}
		if (p[i].other) {
			others[i] = emit_path(p[i].other);
			fprintf(out,
				"static const struct hl_path o%u = ", others[i]);
			path_init(p[i].other, others[i]);
			fputs(";\n", out);
		}
		vals[i] = counter++;
		if (p[i].nvalues) {
			fprintf(out, "static const struct hl_value v%u[] = {",
				vals[i]);
			for (uint32_t k = 0; k < p[i].nvalues; k++) {
				const struct hl_value *v = &p[i].values[k];
				fprintf(out, "%s{%s, ", k ? ", " : "",
					type_name(v->type));
				cstr(v->s);
				fprintf(out, ", %lldLL, %s}", (long long)v->i,
					v->b ? "true" : "false");
			}
			fputs("};\n", out);
		}
	}
	unsigned id = counter++;
	fprintf(out, "static const struct hl_pred p%u[] = {\n", id);
	for (uint32_t i = 0; i < n; i++) {
		const struct hl_pred *q = &p[i];
		fprintf(out, "\t{.op = %s, .path = ", op_name(q->op));
		path_init(&q->path, paths[i]);
		fprintf(out, ", .flag = %s, .ignore_case = %s, ",
			q->flag ? "true" : "false",
			q->ignore_case ? "true" : "false");
		if (q->choose)
			fputs(".choose = true, ", out);
		if (q->at_least)
			fprintf(out, ".at_least = %u, ", q->at_least);
		if (q->literal_prefix)
			fprintf(out, ".literal_prefix = true, ");
		if (q->constant)
			fprintf(out, ".constant = true, ");
		if (q->nvalues)
			fprintf(out, ".values = v%u, .nvalues = %u, ", vals[i],
				q->nvalues);
		fprintf(out, ".pattern = %d, .list = %d, ", q->pattern,
			q->list);
		if (q->nkids)
			fprintf(out, ".kids = p%u, .nkids = %u, ", kids[i],
				q->nkids);
		fputs(".message = ", out);
		cstr(q->message);
		if (q->at)
			fprintf(out, ", .at = &a%u", ats[i]);
		if (q->other)
			fprintf(out, ", .other = &o%u", others[i]);
		fputs("},\n", out);
	}
	fputs("};\n", out);
	free(kids);
	free(paths);
	free(ats);
	free(others);
	free(vals);
	return id;
}

/* The patterns of every list and predicate. */
static void emit_patterns(const struct hl_rules *rs)
{
	/* each compiled now, shipped serialized: a run decodes a pattern on
	 * first use instead of compiling it (a few hundred instructions, not
	 * tens of thousands) */
	size_t *len = calloc(rs->npatterns + 1, sizeof(size_t));
	for (uint32_t i = 0; i < rs->npatterns; i++) {
		uint8_t *b;
		len[i] = hl_regex_serialize(rs->patterns[i].regex,
					    rs->patterns[i].ignore_case, &b);
		if (!len[i])
			continue;
		fprintf(out, "static const uint8_t c%u[] = {", i);
		for (size_t k = 0; k < len[i]; k++)
			fprintf(out, "%s%u", !k ? "\n\t" : k % 24 ? "," : ",\n\t", b[k]);
		fputs("};\n", out);
		free(b);
	}
	fputs("static const struct hl_pattern patterns[] = {\n", out);
	for (uint32_t i = 0; i < rs->npatterns; i++) {
		const struct hl_pattern *p = &rs->patterns[i];
		fputs("\t{", out);
		cstr(p->name);
		fputs(", ", out);
		cstr(p->regex);
		fprintf(out, ", %s, ", p->ignore_case ? "true" : "false");
		cstr(p->file);
		fprintf(out, ", %u, %u, ", p->line, p->col);
		if (len[i])
			fprintf(out, "c%u, %zu},\n", i, len[i]);
		else
			fputs("NULL, 0},\n", out);
	}
	fputs("\t{NULL, NULL, false, NULL, 0, 0, NULL, 0}\n};\n\n", out);
	free(len);
}

/* The lists, values and pattern indexes. */
static void emit_lists(const struct hl_rules *rs)
{
	/* lists */
	unsigned *lv = calloc(rs->nlists + 1, sizeof(unsigned));
	unsigned *lp = calloc(rs->nlists + 1, sizeof(unsigned));
	for (uint32_t i = 0; i < rs->nlists; i++) {
		const struct hl_list *l = &rs->lists[i];
		lv[i] = emit_strings(l->values, l->nvalues);
		lp[i] = counter++;
		if (l->npatterns) {
			fprintf(out, "static const int32_t i%u[] = {", lp[i]);
			for (uint32_t k = 0; k < l->npatterns; k++)
				fprintf(out, "%s%d", k ? ", " : "",
					l->patterns[k]);
			fputs("};\n", out);
		}
	}
	fputs("static const struct hl_list lists[] = {\n", out);
	for (uint32_t i = 0; i < rs->nlists; i++) {
		const struct hl_list *l = &rs->lists[i];
		fputs("\t{", out);
		cstr(l->name);
		fputs(", ", out);
		cstr(l->description);
		if (l->nvalues)
			fprintf(out, ", s%u, %u", lv[i], l->nvalues);
		else
			fputs(", NULL, 0", out);
		if (l->npatterns)
			fprintf(out, ", i%u, %u", lp[i], l->npatterns);
		else
			fputs(", NULL, 0", out);
		fprintf(out, ", %s},\n", l->mask ? "true" : "false");
	}
	fputs("\t{NULL, NULL, NULL, 0, NULL, 0, false}\n};\n\n", out);
	free(lv);
	free(lp);
}

/* The further parts of rule `r` (also:), as an array; returns its id. */
static unsigned emit_parts(const struct hl_rule *r)
{
	unsigned *whens = calloc(r->nalso + 1, sizeof(unsigned));
	unsigned *ats = calloc(r->nalso + 1, sizeof(unsigned));
	for (uint32_t k = 0; k < r->nalso; k++) {
		whens[k] = emit_preds(r->also[k].when, 1);
		ats[k] = emit_path(&r->also[k].at);
	}
	unsigned id = counter++;
	if (r->nalso) {
		fprintf(out, "static const struct hl_rule_part q%u[] = {\n",
			id);
		for (uint32_t k = 0; k < r->nalso; k++) {
			const struct hl_rule_part *q = &r->also[k];
			fprintf(out, "\t{%d, p%u, ", q->view, whens[k]);
			path_init(&q->at, ats[k]);
			fputs(", ", out);
			cstr(q->message);
			fprintf(out, ", %u},\n", q->each);
		}
		fputs("};\n", out);
	}
	free(whens);
	free(ats);
	return id;
}

/* The conditions of a rule's partial aliases (alias-parts:): w<id>. */
static unsigned emit_partial(const struct hl_rule *r)
{
	unsigned id = counter++;
	if (!r->info.npartial)
		return id;
	unsigned *pw = calloc(r->info.npartial, sizeof(*pw));
	for (uint32_t k = 0; k < r->info.npartial; k++) {
		/* aliases of one entry share their conditions */
		uint32_t same = k;
		for (uint32_t j = 0; j < k && same == k; j++)
			if (r->partial_when[j] == r->partial_when[k])
				same = j;
		pw[k] = same < k ? pw[same] : emit_preds(r->partial_when[k], 1);
	}
	fprintf(out, "static const struct hl_pred *const w%u[] = {", id);
	for (uint32_t k = 0; k < r->info.npartial; k++)
		fprintf(out, "%sp%u", k ? ", " : "", pw[k]);
	fputs("};\n", out);
	free(pw);
	return id;
}

/* Each rule's predicates, paths, references, standards, aliases,
 * parameters and examples, then the table of rules.
 * Long: the table's initializer follows struct hl_rule field by field,
 * in order; one place to read it against the struct beats pieces. */
static void emit_rules(const struct hl_rules *rs)
{
	/* rules */
	struct ids {
		unsigned when, at, refs, std, alias, params, catches, passes,
			also, partial, partial_when;
	} *ids = calloc(rs->nrules + 1, sizeof(*ids));
	for (uint32_t i = 0; i < rs->nrules; i++) {
		const struct hl_rule *r = &rs->rules[i];
		fprintf(out, "\n/* %s %s (%s) */\n", r->info.id, r->info.slug,
			r->info.file);
		ids[i].when = emit_preds(r->when, 1);
		ids[i].at = emit_path(&r->at);
		ids[i].also = emit_parts(r);
		ids[i].refs = counter++;
		if (r->info.nrefs) {
			fprintf(out,
				"static const struct hl_reference r%u[] = {",
				ids[i].refs);
			for (uint32_t k = 0; k < r->info.nrefs; k++) {
				fputs(k ? ", {" : "{", out);
				cstr(r->info.refs[k].title);
				fputs(", ", out);
				cstr(r->info.refs[k].url);
				fputs("}", out);
			}
			fputs("};\n", out);
		}
		ids[i].std = emit_strings(r->info.standards,
					  r->info.nstandards);
		ids[i].alias = emit_strings(r->info.aliases, r->info.naliases);
		ids[i].partial = emit_strings(r->info.partial, r->info.npartial);
		ids[i].partial_when = emit_partial(r);
		ids[i].catches = emit_blob(&r->info, true);
		ids[i].passes = emit_blob(&r->info, false);
		ids[i].params = counter++;
		if (r->nparams) {
			unsigned *al = calloc(r->nparams, sizeof(*al));
			for (uint32_t k = 0; k < r->nparams; k++)
				al[k] = emit_strings(r->params[k].allowed,
						     r->params[k].nallowed);
			fprintf(out, "static const struct hl_param a%u[] = {",
				ids[i].params);
			for (uint32_t k = 0; k < r->nparams; k++) {
				fputs(k ? ", {" : "{", out);
				cstr(r->params[k].name);
				fputs(", ", out);
				cstr(r->params[k].description);
				if (r->params[k].nallowed)
					fprintf(out, ", %d, s%u, %u}",
						r->params[k].list, al[k],
						r->params[k].nallowed);
				else
					fprintf(out, ", %d, NULL, 0}",
						r->params[k].list);
			}
			fputs("};\n", out);
			free(al);
		}
	}
	fputs("\nstatic const struct hl_rule rules[] = {\n", out);
	for (uint32_t i = 0; i < rs->nrules; i++) {
		const struct hl_rule *r = &rs->rules[i];
		fputs("\t{{", out);
		const char *strs[] = {r->info.id,      r->info.slug,
				      r->info.title,   r->info.description,
				      r->info.message, r->info.fix};
		for (int k = 0; k < 6; k++) {
			cstr(strs[k]);
			fputs(",\n\t ", out);
		}
		fprintf(out, "(enum hl_severity)%d, (enum hl_target)%d, ",
			r->info.severity, r->info.target);
		cstr(r->info.view);
		if (r->info.nrefs)
			fprintf(out, ",\n\t r%u, %u", ids[i].refs,
				r->info.nrefs);
		else
			fputs(",\n\t NULL, 0", out);
		if (r->info.nstandards)
			fprintf(out, ", s%u, %u", ids[i].std,
				r->info.nstandards);
		else
			fputs(", NULL, 0", out);
		if (r->info.naliases)
			fprintf(out, ", s%u, %u", ids[i].alias,
				r->info.naliases);
		else
			fputs(", NULL, 0", out);
		fputs(", ", out);
		cstr(r->info.file);
		if (r->info.ncatches)
			fprintf(out, ", x%u, %u", ids[i].catches,
				r->info.ncatches);
		else
			fputs(", NULL, 0", out);
		if (r->info.npasses)
			fprintf(out, ", x%u, %u", ids[i].passes,
				r->info.npasses);
		else
			fputs(", NULL, 0", out);
		fputs(", ", out);
		cstr(r->info.example_params);
		fputs(", ", out);
		cstr(r->info.profile_params);
		if (r->info.npartial)
			fprintf(out, ", s%u, %u", ids[i].partial,
				r->info.npartial);
		else
			fputs(", NULL, 0", out);
		fputs(", ", out);
		cstr(r->info.security_severity);
		fprintf(out, "},\n\t %d, p%u, ", r->view, ids[i].when);
		path_init(&r->at, ids[i].at);
		if (r->nparams)
			fprintf(out, ", a%u, %u", ids[i].params, r->nparams);
		else
			fputs(", NULL, 0", out);
		fprintf(out, ", %d, %u", r->requires, r->each);
		if (r->nalso)
			fprintf(out, ", q%u, %u", ids[i].also, r->nalso);
		else
			fputs(", NULL, 0", out);
		if (r->info.npartial)
			fprintf(out, ", w%u},\n", ids[i].partial_when);
		else
			fputs(", NULL},\n", out);
	}
	fputs("};\n\n", out);
	free(ids);
}

static void emit(const struct hl_rules *rs)
{
	fputs("/* Generated by rulegen from rules/: do not edit. */\n"
	      "#include <stddef.h>\n#include <stdint.h>\n#include \"engine/rules.h\"\n\n",
	      out);
	emit_patterns(rs);
	emit_lists(rs);
	emit_rules(rs);
	fprintf(out,
		"const struct hl_rules hl_builtin_rules = {\n"
		"\trules, %u, patterns, %u, lists, %u,\n};\n",
		rs->nrules, rs->npatterns, rs->nlists);
}

struct dir {
	struct hl_loader *L;
	bool ok;
};

static void on_file(const char *fspath, const char *rel,
		    const struct hl_file_id *id, bool linked, void *ctx)
{
	(void)id;
	(void)linked;
	struct dir *d = ctx;
	size_t n = strlen(rel);
	if ((n > 5 && !strcmp(rel + n - 5, ".yaml")) ||
	    (n > 4 && !strcmp(rel + n - 4, ".yml")))
		d->ok &= hl_loader_add_file(d->L, fspath, rel);
}

static void on_dir_error(const char *path, const char *msg, void *ctx)
{
	struct dir *d = ctx;
	fprintf(stderr, "%s: error: %s\n", path, msg);
	d->ok = false;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: rulegen OUT.c RULES_DIR\n", stderr);
		return 2;
	}
	struct dir d = {hl_loader_new_from(NULL), true};
	hl_walk_tree(argv[2], NULL, on_file, NULL, on_dir_error, &d);
	const struct hl_rules *rs = hl_loader_finish(d.L);
	const struct hl_error *errs;
	size_t n = hl_loader_errors(d.L, &errs);
	for (size_t i = 0; i < n; i++) {
		/* name files by their path in the source tree */
		struct hl_error e = errs[i];
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", argv[2], e.path);
		e.path = path;
		hl_print_error(stderr, &e);
	}
	if (!rs || !d.ok) {
		hl_loader_free(d.L);
		return 1;
	}
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	out = fopen(tmp, "w");
	if (!out) {
		perror(tmp);
		hl_loader_free(d.L);
		return 1;
	}
	emit(rs);
	if (fclose(out) != 0 || rename(tmp, argv[1]) != 0) {
		perror(argv[1]);
		hl_loader_free(d.L);
		return 1;
	}
	hl_loader_free(d.L);
	return 0;
}
