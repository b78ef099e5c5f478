/*
 * output/text: `path:line:col: severity: message [slug]`, one finding a
 * line. compact is that form, frozen for scripts and golden tests; text
 * adds a summary on stderr when there is something to say.
 */
#include <stdio.h>

#include "output/output.h"

static void finding(struct hl_output *o, const struct hl_finding *f)
{
	hl_put_clean(o->out, f->path, false);
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

static void plural(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "%zu %s", n, n == 1 ? one : many);
}

static void summary(struct hl_output *o, const struct hl_summary *s)
{
	/* quiet when clean; but a run that left values unknown says so,
	 * so that it is not taken for a fully checked one */
	if (o->quiet || (!s->findings && !s->errors && !s->skipped &&
			 !s->links && !s->unresolved && !s->patches &&
			 !s->suppressed && !s->helm))
		return;
	hl_output_flush(o);
	FILE *f = o->err;
	fputs("hardlint: ", f);
	plural(f, s->findings, "finding", "findings");
	if (s->findings) {
		fputs(" (", f);
		bool first = true;
		for (int k = HL_SEV__COUNT - 1; k >= 0; k--) {
			if (!s->by_severity[k])
				continue;
			fprintf(f, "%s%s: %zu", first ? "" : ", ",
				hl_severity_name((enum hl_severity)k),
				s->by_severity[k]);
			first = false;
		}
		fputc(')', f);
	}
	fputs(" in ", f);
	plural(f, s->files, "file", "files");
	if (s->errors) {
		fputs("; ", f);
		plural(f, s->errors, "input not fully checked (error above)",
		       "inputs not fully checked (errors above)");
	}
	if (s->skipped) {
		fputs("; ", f);
		plural(f, s->skipped, "file skipped", "files skipped");
		fputs(" (not Kubernetes manifests)", f);
	}
	if (s->helm) {
		fputs("; ", f);
		plural(f, s->helm, "Helm template skipped",
		       "Helm templates skipped");
		fputs(" (render with helm template RELEASE CHART | hardlint -)",
		      f);
	}
	if (s->links) {
		fputs("; ", f);
		plural(f, s->links, "path", "paths");
		fputs(" not read (a symlink not followed, or not a regular "
		      "file: notes above)",
		      f);
	}
	if (s->suppressed) {
		fputs("; ", f);
		plural(f, s->suppressed, "finding suppressed",
		       "findings suppressed");
		fputs(" (--show-suppressed lists them, --strict honours no "
		      "suppression in the inputs)",
		      f);
	}
	if (s->patches) {
		fputs("; ", f);
		plural(f, s->patches, "Kustomize patch", "Kustomize patches");
		fputs(s->patches == 1 ? " judged on what it sets, not on what "
					"it lacks"
				      : " judged on what they set, not on "
					"what they lack",
		      f);
		fputs(" (lint `kubectl kustomize DIR | hardlint -` for the "
		      "whole objects)",
		      f);
	}
	if (s->unresolved) {
		fputs("; ", f);
		plural(f, s->unresolved, "value", "values");
		fputs(" left unknown (a build arg, a template, a build "
		      "context, a patch operation), so not judged",
		      f);
	}
	fputc('\n', f);
}

const struct hl_output_ops hl_output_text = {
	.finding = finding,
	.end = summary,
};

const struct hl_output_ops hl_output_compact = {
	.finding = finding,
	.end = summary,
};
