/*
 * output: the common part of every format: errors on stderr with a caret,
 * and dispatch to the format's functions.
 */
#include "hardlint/output.h"

#include <string.h>

#include "hardlint/source.h"
#include "hardlint/views.h"

static const struct {
	const char *name;
	const struct hl_output_ops *ops;
} formats[HL_FORMAT__COUNT] = {
	[HL_FORMAT_TEXT] = {"text", &hl_output_text},
	[HL_FORMAT_COMPACT] = {"compact", &hl_output_compact},
	[HL_FORMAT_JSON] = {"json", &hl_output_json},
};

bool hl_format_parse(const char *s, enum hl_format *out)
{
	for (int i = 0; i < HL_FORMAT__COUNT; i++)
		if (!strcmp(s, formats[i].name)) {
			*out = (enum hl_format)i;
			return true;
		}
	return false;
}

const char *hl_format_names(void)
{
	return "text, compact, json";
}

void hl_output_init(struct hl_output *o, enum hl_format format, FILE *out,
		    FILE *err, bool quiet)
{
	memset(o, 0, sizeof(*o));
	o->ops = formats[format].ops;
	o->out = out;
	o->err = err;
	o->quiet = quiet;
	hl_arena_init(&o->keep);
	hl_json_init(&o->json, out, true);
}

void hl_output_release(struct hl_output *o)
{
	hl_arena_release(&o->keep);
}

void hl_output_begin(struct hl_output *o)
{
	if (o->ops->begin)
		o->ops->begin(o);
}

void hl_output_finding(struct hl_output *o, const struct hl_finding *f)
{
	o->ops->finding(o, f);
}

void hl_print_error(FILE *f, const struct hl_diag *d, const char *line_text)
{
	if (d->line)
		fprintf(f, "%s:%u:%u: error: %s\n", d->path, d->line, d->col,
			d->message);
	else
		fprintf(f, "%s: error: %s\n", d->path, d->message);
	if (!line_text || !d->line)
		return;
	/* the line, then a caret under the column (tabs kept as tabs so
	 * the caret lines up) */
	fprintf(f, "    %s\n    ", line_text);
	const char *p = line_text;
	for (uint32_t col = 1; col < d->col && *p; col++) {
		fputc(*p == '\t' ? '\t' : ' ', f);
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	fputs("^\n", f);
}

void hl_output_error(struct hl_output *o, const struct hl_lint_error *e)
{
	fflush(o->out); /* keep findings and errors in order on a terminal */
	hl_print_error(o->err, &e->diag, e->line_text);
	if (o->ops->error)
		o->ops->error(o, e);
}

void hl_output_skipped(struct hl_output *o, const char *path,
		       const char *reason)
{
	if (o->ops->skipped)
		o->ops->skipped(o, path, reason);
}

void hl_output_end(struct hl_output *o, const struct hl_summary *s)
{
	if (o->ops->end)
		o->ops->end(o, s);
	fflush(o->out);
}

static void rule_json(struct hl_json *j, const struct hl_rule *r)
{
	hl_json_object(j);
	hl_json_kv(j, "id", r->id);
	hl_json_kv(j, "slug", r->slug);
	hl_json_kv(j, "severity", hl_severity_name(r->severity));
	hl_json_kv(j, "target", hl_target_name(r->target));
	hl_json_kv(j, "title", r->title);
	hl_json_kv(j, "description", r->description);
	hl_json_kv(j, "fix", r->fix);
	hl_json_kv(j, "for_each", hl_view_info(r->view)->name);
	hl_json_key(j, "references");
	hl_json_array(j);
	for (uint32_t i = 0; i < r->nrefs; i++) {
		hl_json_object(j);
		hl_json_kv(j, "title", r->refs[i].title);
		hl_json_kv(j, "url", r->refs[i].url);
		hl_json_end(j, '}');
	}
	hl_json_end(j, ']');
	hl_json_key(j, "standards");
	hl_json_array(j);
	for (uint32_t i = 0; i < r->nstandards; i++)
		hl_json_str(j, r->standards[i]);
	hl_json_end(j, ']');
	hl_json_key(j, "aliases");
	hl_json_array(j);
	for (uint32_t i = 0; i < r->naliases; i++)
		hl_json_str(j, r->aliases[i]);
	hl_json_end(j, ']');
	hl_json_end(j, '}');
}

void hl_output_rules(FILE *f, const struct hl_ruleset *rs, bool json)
{
	if (json) {
		struct hl_json j;
		hl_json_init(&j, f, true);
		hl_json_object(&j);
		hl_json_key(&j, "rules");
		hl_json_array(&j);
		for (uint32_t i = 0; i < rs->nrules; i++)
			rule_json(&j, &rs->rules[i]);
		hl_json_end(&j, ']');
		hl_json_end(&j, '}');
		return;
	}
	size_t w = 4;
	for (uint32_t i = 0; i < rs->nrules; i++)
		if (strlen(rs->rules[i].slug) > w)
			w = strlen(rs->rules[i].slug);
	fprintf(f, "%-8s %-*s %-8s %s\n", "ID", (int)w, "SLUG", "SEVERITY",
		"TITLE");
	for (uint32_t i = 0; i < rs->nrules; i++) {
		const struct hl_rule *r = &rs->rules[i];
		fprintf(f, "%-8s %-*s %-8s %s\n", r->id, (int)w, r->slug,
			hl_severity_name(r->severity), r->title);
	}
}
