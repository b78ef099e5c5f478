/*
 * output/text: `path:line:col: severity: message [slug]`, one finding a
 * line. compact is that form, frozen for scripts and golden tests; text
 * adds a summary on stderr when there is something to say.
 */
#include <stdio.h>
#include <stdlib.h>

#include "output/output.h"

static void finding(struct hl_output *o, const struct hl_finding *f)
{
	hl_put_clean_path(o->out, f->path);
	fprintf(o->out, ":%u:%u: %s: ", f->span.start.line, f->span.start.col,
		hl_severity_name(f->severity));
	hl_put_clean(o->out, f->message, false);
	fprintf(o->out, " [%s]", f->rule->slug);
	if (f->suppressed) {
		/* --show-suppressed: what accepted it, and why */
		fprintf(o->out, " (suppressed: %s", f->suppressed);
		if (f->suppress_reason && *f->suppress_reason) {
			fputs(", ", o->out);
			hl_put_clean(o->out, f->suppress_reason, false);
		}
		fputc(')', o->out);
	}
	fputc('\n', o->out);
}

/* The text format: the compact line, coloured on a terminal, then the
 * source line with a caret, then the fix. */
static void text_finding(struct hl_output *o, const struct hl_finding *f)
{
	static const char *const sev_color[HL_SEV__COUNT] = {
		[HL_SEV_ERROR] = "\033[1;31m",
		[HL_SEV_WARNING] = "\033[1;33m",
		[HL_SEV_INFO] = "\033[1;36m",
		[HL_SEV_STYLE] = "\033[1;35m",
	};
	FILE *out = o->out;
	bool c = o->color;
	if (c)
		fputs("\033[1m", out);
	hl_put_clean_path(out, f->path);
	fprintf(out, ":%u:%u:%s ", f->span.start.line, f->span.start.col,
		c ? "\033[0m" : "");
	fprintf(out, "%s%s:%s ", c ? sev_color[f->severity] : "",
		hl_severity_name(f->severity), c ? "\033[0m" : "");
	hl_put_clean(out, f->message, false);
	fprintf(out, " %s[%s]%s", c ? "\033[2m" : "", f->rule->slug,
		c ? "\033[0m" : "");
	if (f->suppressed) {
		fprintf(out, " (suppressed: %s", f->suppressed);
		if (f->suppress_reason && *f->suppress_reason) {
			fputs(", ", out);
			hl_put_clean(out, f->suppress_reason, false);
		}
		fputc(')', out);
	}
	fputc('\n', out);
	if (f->excerpt)
		hl_put_excerpt(out, f->span.start.line, f->excerpt,
			       f->span.start.col,
			       f->span.end.line == f->span.start.line
				       ? f->span.end.col
				       : 0,
			       c);
	if (f->rule->fix) {
		fprintf(out, "%s  help:%s ", c ? "\033[1;32m" : "",
			c ? "\033[0m" : "");
		hl_put_clean(out, f->rule->fix, false);
		fputc('\n', out);
	}
}

const struct hl_output_ops hl_output_text = {
	.finding = text_finding,
};

void hl_output_line_error(struct hl_output *o, const struct hl_error *e)
{
	if (!o->file)
		return; /* standard output: the error is on stderr beside it */
	hl_put_clean_path(o->out, e->path);
	fprintf(o->out, ":%u:%u: error: ", e->line, e->col);
	hl_put_clean(o->out, e->message, false);
	fputs(" [hardlint-error]\n", o->out);
}

const struct hl_output_ops hl_output_compact = {
	.finding = finding,
	.error = hl_output_line_error,
};
