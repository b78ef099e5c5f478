/*
 * explain: --explain, a rule told in full from its file: title, why it
 * matters, what it looks at, how to fix it, an example it catches and one
 * it passes, references, standards, peers' names and parameters with
 * their defaults. As text for a terminal, or as Markdown: the pages of
 * docs/rules/ are this output (tests/rule_docs.sh keeps them so).
 */
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

/* The message the rule gives on `example`: its first finding's, copied;
 * NULL when it gives none. */
struct said {
	const struct hl_rule_info *rule;
	char *message;
};

static void on_said(void *ctx, const struct hl_finding *f)
{
	struct said *s = ctx;
	if (!s->message && f->rule == s->rule)
		s->message = strdup(f->message);
}

static char *said_on(const struct hl_rules *rs, size_t i, const char *example)
{
	size_t n = hl_rules_count(rs);
	bool *on = calloc(n ? n : 1, sizeof(bool));
	if (!on || !example)
		return free(on), NULL;
	on[i] = true;
	struct hl_lint_options o;
	hl_lint_options_init(&o);
	o.rules = rs;
	o.enabled = on;
	o.threads = 1;
	struct hl_linter *l = NULL;
	struct said s = {hl_rules_get(rs, i), NULL};
	if (hl_linter_new(&o, &l) == HL_OK) {
		struct hl_handler h = {.ctx = &s, .finding = on_said};
		const struct hl_rule_info *r = hl_rules_get(rs, i);
		hl_lint_buffer(l,
			       r->target == HL_TARGET_DOCKERFILE
				       ? HL_KIND_DOCKERFILE
				       : HL_KIND_KUBERNETES,
			       r->target == HL_TARGET_DOCKERFILE
				       ? "Dockerfile"
				       : "manifest.yaml",
			       example, strlen(example), &h);
		hl_linter_free(l);
	}
	free(on);
	return s.message;
}

static const char *target_of(const struct hl_rule_info *r)
{
	return r->target == HL_TARGET_DOCKERFILE ? "Dockerfile"
						 : "Kubernetes manifest";
}

/* `s` with each line indented by `pad` (text), ending with a newline. */
static void indented(FILE *f, const char *s, const char *pad)
{
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		fprintf(f, "%s%.*s\n", n ? pad : "", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

/* A paragraph as the rule file folds it (trailing newline off): as it
 * is for Markdown (`pad` ""), wrapped at 76 columns for a terminal. */
static void para(FILE *f, const char *s, const char *pad)
{
	size_t n = s ? strlen(s) : 0;
	while (n && s[n - 1] == '\n')
		n--;
	if (!n)
		return;
	if (!*pad) {
		fprintf(f, "%.*s\n", (int)n, s);
		return;
	}
	size_t col = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '\n') {
			fputc('\n', f);
			col = 0;
			i++;
			continue;
		}
		size_t w = i;
		while (w < n && s[w] != ' ' && s[w] != '\n')
			w++;
		size_t len = w - i;
		if (col && col + 1 + len > 76) {
			fputc('\n', f);
			col = 0;
		}
		if (!col) {
			fputs(pad, f);
			col = strlen(pad);
		} else {
			fputc(' ', f);
			col++;
		}
		fwrite(s + i, 1, len, f);
		col += len;
		i = w;
		while (i < n && s[i] == ' ')
			i++;
	}
	fputc('\n', f);
}

static void code(FILE *f, const char *doc, bool md, const char *lang)
{
	if (md) {
		fprintf(f, "```%s\n", lang);
		indented(f, doc, "");
		fputs("```\n", f);
	} else {
		indented(f, doc, "    ");
	}
}

static void params(FILE *f, const struct hl_rules *rs, size_t i, bool md)
{
	size_t n = hl_rules_nparams(rs, i);
	if (!n)
		return;
	fputs(md ? "\n## Parameters\n\n" : "\nParameters (--set RULE.PARAM=V1,V2):\n", f);
	for (size_t k = 0; k < n; k++) {
		struct hl_param_info p;
		if (!hl_rules_param(rs, i, k, &p))
			continue;
		const char *desc = p.description ? p.description : "";
		size_t dl = strlen(desc);
		while (dl && desc[dl - 1] == '\n')
			dl--;
		fprintf(f, md ? "- `%s`: %.*s\n" : "  %s: %.*s\n", p.name,
			(int)dl, desc);
		if (p.npatterns) {
			for (size_t j = 0; j < p.npatterns; j++) {
				const char *name, *regex;
				if (hl_rules_param_pattern(rs, i, k, j, &name,
							   &regex))
					fprintf(f,
						md ? "  - %s: `%s`\n"
						   : "      %s: %s\n",
						name ? name : "", regex);
			}
		} else if (p.nvalues) {
			fputs(md ? "  default: " : "      default: ", f);
			for (size_t j = 0; j < p.nvalues; j++)
				fprintf(f, md ? "%s`%s`" : "%s%s",
					j ? ", " : "", p.values[j]);
			fputc('\n', f);
		} else {
			fputs(md ? "  default: none (the rule is off until it is "
				   "set)\n"
				 : "      default: none (the rule is off until "
				   "it is set)\n",
			      f);
		}
	}
}

void hl_output_explain(FILE *f, const struct hl_rules *rs, size_t i, bool md)
{
	const struct hl_rule_info *r = hl_rules_get(rs, i);
	const char *sev = hl_severity_name(r->severity);
	if (md) {
		fprintf(f,
			"<!-- generated from %s by `hardlint --explain %s "
			"--format markdown`; do not edit -->\n",
			r->file ? r->file : "its rule file", r->slug);
		fprintf(f, "# %s: %s\n\n", r->slug, r->title);
		fprintf(f,
			"%s · severity **%s** · %s · looks at each `%s`\n",
			r->id, sev, target_of(r), r->view);
	} else {
		fprintf(f, "%s %s (%s): %s\n", r->id, r->slug, sev, r->title);
		fprintf(f, "Looks at each %s of a %s.\n", r->view,
			target_of(r));
	}
	if (r->description) {
		fputs(md ? "\n## Why it matters\n\n" : "\nWhy it matters:\n", f);
		para(f, r->description, md ? "" : "  ");
	}
	/* what it says on its first example, not the template: "{cmd}
	 * copies ..." means nothing to a reader */
	char *said = said_on(rs, i, hl_rule_example(r, true, 0));
	fputs(md ? "\n## What it says\n\n" : "\nWhat it says:\n", f);
	if (said)
		fprintf(f, md ? "On the example below: `%s`\n"
			      : "  on the example below: %s\n",
			said);
	else
		fprintf(f, md ? "`%s`\n" : "  %s\n", r->message);
	free(said);
	if (r->fix) {
		fputs(md ? "\n## How to fix it\n\n" : "\nHow to fix it:\n", f);
		para(f, r->fix, md ? "" : "  ");
	}
	const char *lang = r->target == HL_TARGET_DOCKERFILE ? "dockerfile"
							     : "yaml";
	const char *bad = hl_rule_example(r, true, 0);
	const char *good = hl_rule_example(r, false, 0);
	if (bad) {
		fputs(md ? "\n## Example\n\nCaught:\n\n" : "\nCaught:\n", f);
		code(f, bad, md, lang);
	}
	if (good) {
		fputs(md ? "\nNot caught:\n\n" : "\nNot caught:\n", f);
		code(f, good, md, lang);
	}
	if (r->nrefs) {
		fputs(md ? "\n## References\n\n" : "\nReferences:\n", f);
		for (uint32_t k = 0; k < r->nrefs; k++) {
			const struct hl_reference *ref = &r->refs[k];
			if (md && ref->url)
				fprintf(f, "- [%s](%s)\n", ref->title, ref->url);
			else if (ref->url)
				fprintf(f, "  %s <%s>\n", ref->title, ref->url);
			else
				fprintf(f, md ? "- %s\n" : "  %s\n", ref->title);
		}
	}
	if (r->nstandards) {
		fputs(md ? "\nStandards: " : "\nStandards: ", f);
		for (uint32_t k = 0; k < r->nstandards; k++)
			fprintf(f, "%s%s", k ? ", " : "", r->standards[k]);
		fputc('\n', f);
	}
	if (r->naliases) {
		fputs(md ? "\nAlso known as (select or suppress it by any of "
			   "these): "
			 : "\nAlso known as: ",
		      f);
		for (uint32_t k = 0; k < r->naliases; k++)
			fprintf(f, md ? "%s`%s`" : "%s%s", k ? ", " : "",
				r->aliases[k]);
		fputc('\n', f);
	}
	params(f, rs, i, md);
}
