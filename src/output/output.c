/*
 * output: the common part of every format: errors on stderr with a caret,
 * and dispatch to the format's functions.
 */
#include "output/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output/mem.h"

static const struct {
	const char *name;
	const struct hl_output_ops *ops;
	bool human;
} formats[HL_FORMAT__COUNT] = {
	[HL_FORMAT_TEXT] = {"text", &hl_output_text, true},
	[HL_FORMAT_COMPACT] = {"compact", &hl_output_compact, true},
	[HL_FORMAT_JSON] = {"json", &hl_output_json, false},
	[HL_FORMAT_SARIF] = {"sarif", &hl_output_sarif, false},
	[HL_FORMAT_CHECKSTYLE] = {"checkstyle", &hl_output_checkstyle, false},
	[HL_FORMAT_JUNIT] = {"junit", &hl_output_junit, false},
	[HL_FORMAT_GITHUB] = {"github", &hl_output_github, true},
	[HL_FORMAT_GITLAB] = {"gitlab", &hl_output_gitlab, false},
	[HL_FORMAT_GNU] = {"gnu", &hl_output_gnu, true},
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
	return "text, compact, json, sarif, checkstyle, junit, github, "
	       "gitlab, gnu";
}

const char *hl_format_name(enum hl_format f)
{
	return formats[f].name;
}

bool hl_format_human(enum hl_format f)
{
	return formats[f].human;
}

void hl_output_init(struct hl_output *o, enum hl_format format, FILE *out,
		    FILE *err, bool quiet)
{
	memset(o, 0, sizeof(*o));
	o->ops = formats[format].ops;
	o->format = format;
	o->out = out;
	o->err = err;
	o->quiet = quiet;
	hl_json_init(&o->json, out, true);
}

void hl_output_release(struct hl_output *o)
{
	for (size_t i = 0; i < o->nstrings; i++)
		free(o->strings[i]);
	free(o->strings);
	free(o->errors);
	free(o->skips);
	free(o->unres);
	free(o->configs);
	free(o->unused);
	free(o->found);
	free(o->inputs);
	memset(o, 0, sizeof(*o));
}

const char *hl_output_keep(struct hl_output *o, const char *s)
{
	if (!s)
		return NULL;
	if (o->nstrings == o->scap) {
		o->scap = o->scap ? o->scap * 2 : 64;
		o->strings = hl_cli_realloc(o->strings,
					    o->scap * sizeof(*o->strings));
	}
	char *copy = hl_cli_strdup(s);
	o->strings[o->nstrings++] = copy;
	return copy;
}

struct hl_kept *hl_output_push(struct hl_kept **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = hl_cli_realloc(*v, *cap * sizeof(**v));
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
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

/* Unicode's format characters (category Cf, Unicode 15: zero-width
 * spaces and joiners, the bidirectional controls that reorder what a
 * terminal shows, the BOM, tag characters), the line and paragraph
 * separators (Zl, Zp), and the other default-ignorable code points that
 * print as nothing or as a blank (the combining grapheme joiner, the
 * Hangul fillers, Khmer's inherent vowels, Mongolian's variation
 * selectors, the variation selectors, the tag block): invisible, or moving
 * what comes after them, so printed escaped. */
static bool invisible(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{0x00AD, 0x00AD},   {0x034F, 0x034F},	{0x0600, 0x0605},
		{0x061C, 0x061C},   {0x06DD, 0x06DD},	{0x070F, 0x070F},
		{0x0890, 0x0891},   {0x08E2, 0x08E2},	{0x115F, 0x1160},
		{0x17B4, 0x17B5},   {0x180B, 0x180F},	{0x200B, 0x200F},
		{0x2028, 0x202E},   {0x2060, 0x206F},
		{0x3164, 0x3164},   {0xFE00, 0xFE0F},	{0xFEFF, 0xFEFF},
		{0xFFA0, 0xFFA0},   {0xFFF0, 0xFFFB},	{0x110BD, 0x110BD},
		{0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3},
		{0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return true;
	return false;
}

/* The bytes of the character at `s`, and in *width how wide its escape
 * is when it must be escaped (0: printed as it is): a control character
 * (C0, DEL) or a byte that is not valid UTF-8 as \xNN (4), a C1 control
 * or an invisible character (above) as \uXXXX (6) or \UXXXXXXXX (10). A
 * terminal never sees a control sequence, a lone byte it could read as
 * one, or text that hides or reorders what follows. */
static size_t unit(const char *s, bool keep_tabs, unsigned *width)
{
	const unsigned char *u = (const unsigned char *)s;
	*width = 0;
	if (u[0] < 0x80) {
		if ((u[0] < 0x20 && !(keep_tabs && u[0] == '\t')) ||
		    u[0] == 0x7f)
			*width = 4;
		return 1;
	}
	size_t n = u[0] >= 0xC2 && u[0] <= 0xDF	  ? 2
		   : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
		   : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4
						  : 0;
	for (size_t i = 1; i < n; i++)
		if ((u[i] & 0xC0) != 0x80)
			n = 0;
	/* overlong, surrogate and past U+10FFFF forms */
	if ((n == 3 && u[0] == 0xE0 && u[1] < 0xA0) ||
	    (n == 3 && u[0] == 0xED && u[1] >= 0xA0) ||
	    (n == 4 && u[0] == 0xF0 && u[1] < 0x90) ||
	    (n == 4 && u[0] == 0xF4 && u[1] >= 0x90))
		n = 0;
	if (!n) {
		*width = 4;
		return 1;
	}
	uint32_t c = n == 2   ? (uint32_t)(u[0] & 0x1F) << 6
		     : n == 3 ? (uint32_t)(u[0] & 0x0F) << 12
			      : (uint32_t)(u[0] & 0x07) << 18;
	for (size_t i = 1; i < n; i++)
		c |= (uint32_t)(u[i] & 0x3F) << (6 * (n - 1 - i));
	if ((c >= 0x80 && c < 0xA0) || invisible(c))
		*width = c > 0xFFFF ? 10 : 6;
	return n;
}

/* The escape of the `n` bytes at `s` that unit() said are `width` wide. */
static void put_escape(FILE *f, const char *s, size_t n, unsigned width)
{
	const unsigned char *u = (const unsigned char *)s;
	if (width == 4) {
		fprintf(f, "\\x%02x", u[0]);
		return;
	}
	uint32_t c = n == 2   ? (uint32_t)(u[0] & 0x1F) << 6
		     : n == 3 ? (uint32_t)(u[0] & 0x0F) << 12
			      : (uint32_t)(u[0] & 0x07) << 18;
	for (size_t i = 1; i < n; i++)
		c |= (uint32_t)(u[i] & 0x3F) << (6 * (n - 1 - i));
	if (width == 6)
		fprintf(f, "\\u%04x", (unsigned)c);
	else
		fprintf(f, "\\U%08x", (unsigned)c);
}

/* hl_put_clean, and with `path` a backslash doubled: a file name that
 * holds "\xff" prints apart from one that holds the byte 0xFF. */
static void put_clean(FILE *f, const char *s, bool keep_tabs, bool path)
{
	while (*s) {
		/* a run of bytes printed as they are, in one write */
		const char *run = s;
		unsigned width = 0;
		size_t n = 0;
		while (*s &&
		       ((unsigned char)*s >= 0x20 ||
			(unsigned char)*s == '\t') &&
		       (unsigned char)*s < 0x7f &&
		       !(*s == '\t' && !keep_tabs) && !(path && *s == '\\'))
			s++; /* printable ASCII: the common case */
		while (*s && !(path && *s == '\\') &&
		       (n = unit(s, keep_tabs, &width)) && !width)
			s += n;
		if (s > run)
			fwrite(run, 1, (size_t)(s - run), f);
		if (path && *s == '\\') {
			fputs("\\\\", f);
			s++;
		} else if (*s && width) {
			put_escape(f, s, n, width);
			s += n;
		}
	}
}

void hl_put_clean(FILE *f, const char *s, bool keep_tabs)
{
	put_clean(f, s, keep_tabs, false);
}

void hl_put_clean_path(FILE *f, const char *path)
{
	put_clean(f, path, false, true);
}

static char *clean_copy(const char *s, bool path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	put_clean(f, s ? s : "", false, path);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *hl_clean_copy(const char *s)
{
	return clean_copy(s, false);
}

char *hl_clean_path_copy(const char *path)
{
	return clean_copy(path, true);
}

/* Print the blanks that take text `p` (at column `from`) to column `to`,
 * each character as wide as it prints (a tab as a tab, an escape as its
 * escape; columns count code points); where `to` is in `p`. */
static const char *pad_to(FILE *f, const char *p, uint32_t from, uint32_t to)
{
	for (uint32_t c = from; c < to && *p;) {
		unsigned width;
		size_t n = unit(p, true, &width);
		if (*p == '\t')
			fputc('\t', f);
		else
			fprintf(f, "%*s", width ? (int)width : 1, "");
		for (size_t i = 0; i < n; i++)
			if (((unsigned char)p[i] & 0xC0) != 0x80)
				c++;
		p += n;
	}
	return p;
}

void hl_put_excerpt(FILE *f, uint32_t line, const char *text, uint32_t col,
		    uint32_t end_col, bool color)
{
	/* a window of at most 120 columns around the place */
	const char *p = text;
	uint32_t first = col > 80 ? col - 40 : 1;
	for (uint32_t c = 1; c < first && *p;) {
		unsigned width;
		size_t n = unit(p, true, &width);
		for (size_t i = 0; i < n; i++)
			if (((unsigned char)p[i] & 0xC0) != 0x80)
				c++;
		p += n;
	}
	const char *from = p;
	uint32_t shown = 0;
	while (*p && shown < 120) {
		unsigned width;
		p += unit(p, true, &width);
		shown++;
	}
	char *window = hl_cli_realloc(NULL, (size_t)(p - from) + 1);
	memcpy(window, from, (size_t)(p - from));
	window[p - from] = '\0';
	bool cut = *p != '\0';
	char num[16];
	int w = snprintf(num, sizeof(num), "%u", line);
	fprintf(f, "%s%5s |%s ", color ? "\033[1;34m" : "", num,
		color ? "\033[0m" : "");
	if (first > 1)
		fputs("…", f);
	hl_put_clean(f, window, true);
	if (cut)
		fputs("…", f);
	fprintf(f, "\n%s%*s |%s ", color ? "\033[1;34m" : "", w > 5 ? w : 5,
		"", color ? "\033[0m" : "");
	if (first > 1)
		fputc(' ', f);
	/* the caret under the column: each character before it as wide as
	 * it prints (a tab as a tab, an escape as its escape) */
	p = pad_to(f, window, first, col);
	fputs(color ? "\033[1;32m^" : "^", f);
	/* and under what it spans on this line */
	uint32_t last = end_col > col + 1 ? end_col - 1 : col;
	for (uint32_t c = col + 1; c <= last && *p;) {
		unsigned width;
		size_t n = unit(p, true, &width);
		if (c > col)
			fprintf(f, "%.*s", width ? (int)width : 1,
				"~~~~~~~~~~");
		for (size_t i = 0; i < n; i++)
			if (((unsigned char)p[i] & 0xC0) != 0x80)
				c++;
		p += n;
	}
	fputs(color ? "\033[0m\n" : "\n", f);
	free(window);
}

void hl_print_error(FILE *f, const struct hl_error *d)
{
	hl_put_clean_path(f, d->path);
	if (d->line)
		fprintf(f, ":%u:%u", d->line, d->col);
	fputs(": error: ", f);
	hl_put_clean(f, d->message, false);
	fputc('\n', f);
	const char *line_text = d->excerpt;
	if (!line_text || !d->line)
		return;
	/* the line, then a caret under the column (tabs kept as tabs so
	 * the caret lines up) */
	fputs("    ", f);
	hl_put_clean(f, line_text, true);
	fputs("\n    ", f);
	pad_to(f, line_text, 1, d->caret ? d->caret : d->col);
	fputs("^\n", f);
}

void hl_output_flush(struct hl_output *o)
{
	if (fflush(o->out) != 0 && !o->werr)
		o->werr = errno;
}

void hl_output_error(struct hl_output *o, const struct hl_error *e)
{
	if (o->ops->error)
		o->ops->error(o, e);
}

void hl_output_skipped(struct hl_output *o, const char *path,
		       const char *reason)
{
	if (o->ops->skipped)
		o->ops->skipped(o, path, reason);
}

void hl_output_config(struct hl_output *o, const char *path,
		      const char *effect)
{
	if (o->ops->config)
		o->ops->config(o, path, effect);
}

void hl_output_unused(struct hl_output *o, const char *path,
		      const struct hl_unused *u)
{
	if (o->ops->unused)
		o->ops->unused(o, path, u);
}

void hl_output_unresolved(struct hl_output *o, const char *path,
			  const struct hl_unresolved *u)
{
	if (o->ops->unresolved)
		o->ops->unresolved(o, path, u);
}

void hl_output_end(struct hl_output *o, const struct hl_summary *s)
{
	if (o->ops->end)
		o->ops->end(o, s);
	hl_output_flush(o);
}

/* ------------------------------------------------------------------ */
/* Every format of a run                                              */

static void plural(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "%zu %s", n, n == 1 ? one : many);
}

void hl_print_summary(FILE *f, const struct hl_summary *s)
{
	/* quiet when clean; but a run that left values unknown says so,
	 * so that it is not taken for a fully checked one */
	if (!s->findings && !s->errors && !s->skipped && !s->links &&
	    !s->unresolved && !s->patches && !s->suppressed && !s->helm)
		return;
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


bool hl_outputs_open(struct hl_outputs *os, const enum hl_format *fmts,
		     const char *const *files, size_t n, FILE *err, bool quiet,
		     bool color)
{
	memset(os, 0, sizeof(*os));
	os->err = err;
	os->quiet = quiet;
	for (size_t i = 0; i < n && i < HL_MAX_OUTPUTS; i++) {
		FILE *f = stdout;
		if (files[i]) {
			f = fopen(files[i], "w");
			if (!f) {
				fprintf(err,
					"hardlint: error: --output %s: cannot "
					"open it: %s\n",
					files[i], strerror(errno));
				hl_outputs_close(os, NULL);
				return false;
			}
		}
		struct hl_output *o = &os->v[os->n++];
		hl_output_init(o, fmts[i], f, err, quiet);
		o->file = files[i];
		o->color = color && !files[i];
		o->all = os;
	}
	return true;
}

int hl_close_file(FILE *f, int werr)
{
	int e = werr;
	if (fflush(f) && !e)
		e = errno;
	bool lost = ferror(f);
	if (fclose(f) && !e)
		e = errno;
	return e ? e : lost ? EIO : 0;
}

bool hl_outputs_close(struct hl_outputs *os, int *werr)
{
	bool ok = true;
	if (werr)
		*werr = 0;
	for (size_t i = 0; i < os->n; i++) {
		struct hl_output *o = &os->v[i];
		if (!o->file) {
			if (werr && !*werr)
				*werr = o->werr;
		} else {
			/* a report lost to a full disk must not pass */
			int e = hl_close_file(o->out, o->werr);
			if (e) {
				fprintf(os->err,
					"hardlint: error: writing %s: %s\n",
					o->file, strerror(e));
				ok = false;
			}
		}
		hl_output_release(o);
	}
	os->n = 0;
	return ok;
}

void hl_output_keep_finding(struct hl_output *o, const struct hl_finding *f)
{
	if (o->nfound == o->fcap) {
		o->fcap = o->fcap ? o->fcap * 2 : 64;
		o->found = hl_cli_realloc(o->found,
					  o->fcap * sizeof(*o->found));
	}
	struct hl_finding *k = &o->found[o->nfound++];
	*k = *f;
	k->path = hl_output_keep(o, f->path);
	k->message = hl_output_keep(o, f->message);
	k->object = hl_output_keep(o, f->object);
	k->source = hl_output_keep(o, f->source);
	k->suppressed = hl_output_keep(o, f->suppressed);
	k->suppress_reason = hl_output_keep(o, f->suppress_reason);
	k->kind = k->namespace = k->name = k->container = NULL;
}

void hl_output_keep_error(struct hl_output *o, const struct hl_error *e)
{
	struct hl_kept *k = hl_output_push(&o->errors, &o->nerrors, &o->ecap);
	k->e = *e;
	k->e.path = hl_output_keep(o, e->path);
	k->e.message = hl_output_keep(o, e->message);
	k->e.source = hl_output_keep(o, e->source);
	k->e.excerpt = NULL;
}

void hl_output_keep_input(struct hl_output *o, const char *path)
{
	if (o->ninputs == o->icap) {
		o->icap = o->icap ? o->icap * 2 : 64;
		o->inputs = hl_cli_realloc(o->inputs,
					   o->icap * sizeof(*o->inputs));
	}
	o->inputs[o->ninputs++] = hl_output_keep(o, path);
}

void hl_outputs_input(struct hl_outputs *os, const char *path)
{
	for (size_t i = 0; i < os->n; i++)
		if (os->v[i].ops->input)
			os->v[i].ops->input(&os->v[i], path);
}

void hl_outputs_flush(struct hl_outputs *os)
{
	for (size_t i = 0; i < os->n; i++)
		hl_output_flush(&os->v[i]);
}

void hl_outputs_begin(struct hl_outputs *os)
{
	for (size_t i = 0; i < os->n; i++)
		hl_output_begin(&os->v[i]);
}

void hl_outputs_finding(struct hl_outputs *os, const struct hl_finding *f)
{
	for (size_t i = 0; i < os->n; i++)
		hl_output_finding(&os->v[i], f);
}

void hl_outputs_error(struct hl_outputs *os, const struct hl_error *e)
{
	hl_outputs_flush(os); /* findings and errors in order on a terminal */
	hl_print_error(os->err, e);
	for (size_t i = 0; i < os->n; i++)
		hl_output_error(&os->v[i], e);
}

void hl_outputs_skipped(struct hl_outputs *os, const char *path,
			const char *reason)
{
	for (size_t i = 0; i < os->n; i++)
		hl_output_skipped(&os->v[i], path, reason);
}

void hl_outputs_note(struct hl_outputs *os, const char *path,
		     const char *message)
{
	hl_outputs_flush(os);
	fputs("hardlint: note: ", os->err);
	hl_put_clean_path(os->err, path);
	fputs(": ", os->err);
	hl_put_clean(os->err, message, false);
	fputc('\n', os->err);
}

void hl_outputs_unresolved(struct hl_outputs *os, const char *path,
			   const struct hl_unresolved *u)
{
	for (size_t i = 0; i < os->n; i++)
		hl_output_unresolved(&os->v[i], path, u);
}

void hl_outputs_config(struct hl_outputs *os, const char *path,
		       const char *effect)
{
	for (size_t i = 0; i < os->n; i++)
		hl_output_config(&os->v[i], path, effect);
}

void hl_outputs_unused(struct hl_outputs *os, const char *path,
		       const struct hl_unused *u)
{
	for (size_t i = 0; i < os->n; i++)
		hl_output_unused(&os->v[i], path, u);
}

void hl_outputs_end(struct hl_outputs *os, const struct hl_summary *s)
{
	bool human = false, to_stdout = false;
	for (size_t i = 0; i < os->n; i++) {
		hl_output_end(&os->v[i], s);
		human |= hl_format_human(os->v[i].format);
		to_stdout |= !os->v[i].file;
	}
	if (!os->quiet && (human || !to_stdout)) {
		hl_outputs_flush(os);
		hl_print_summary(os->err, s);
	}
}

static void rule_json(struct hl_json *j, const struct hl_rule_info *r)
{
	hl_json_object(j);
	hl_json_kv(j, "id", r->id);
	hl_json_kv(j, "slug", r->slug);
	hl_json_kv(j, "severity", hl_severity_name(r->severity));
	hl_json_kv(j, "target", hl_target_name(r->target));
	hl_json_kv(j, "title", r->title);
	hl_json_kv(j, "description", r->description);
	hl_json_kv(j, "fix", r->fix);
	hl_json_kv(j, "for_each", r->view);
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

void hl_output_rules(FILE *f, const struct hl_rules *rs, const bool *enabled,
		     bool json)
{
	if (json) {
		struct hl_json j;
		hl_json_init(&j, f, true);
		hl_json_object(&j);
		hl_json_key(&j, "rules");
		hl_json_array(&j);
		for (size_t i = 0; i < hl_rules_count(rs); i++)
			if (!enabled || enabled[i])
				rule_json(&j, hl_rules_get(rs, i));
		hl_json_end(&j, ']');
		hl_json_end(&j, '}');
		return;
	}
	size_t w = 4, n = hl_rules_count(rs);
	for (size_t i = 0; i < n; i++)
		if (strlen(hl_rules_get(rs, i)->slug) > w)
			w = strlen(hl_rules_get(rs, i)->slug);
	fprintf(f, "%-8s %-*s %-8s %s\n", "ID", (int)w, "SLUG", "SEVERITY",
		"TITLE");
	for (size_t i = 0; i < n; i++) {
		const struct hl_rule_info *r = hl_rules_get(rs, i);
		if (enabled && !enabled[i])
			continue; /* not selected (--profile, --only, ...) */
		fprintf(f, "%-8s %-*s %-8s %s\n", r->id, (int)w, r->slug,
			hl_severity_name(r->severity), r->title);
	}
}

void hl_output_tree(FILE *f, const char *path, const struct hl_node *root,
		    bool with_path)
{
	struct hl_json j;
	hl_json_init(&j, f, true);
	if (with_path) { /* several inputs: say whose tree */
		hl_json_object(&j);
		hl_json_key(&j, "path");
		hl_json_str(&j, path);
		hl_json_key(&j, "tree");
	}
	hl_json_node(&j, root, false);
	if (with_path)
		hl_json_end(&j, '}');
}

/* The fields of record type `t` as a table. */
static void type_table(FILE *f, const struct hl_type_info *t)
{
	fprintf(f, "\n### %s\n\n%s", t->name, t->meaning);
	if (t->passes)
		fprintf(f,
			"; its own fields are those of Kubernetes %s "
			"(API %s), and besides",
			t->passes, hl_api_version());
	fputs(":\n\n| field | type | meaning |\n|---|---|---|\n", f);
	for (size_t k = 0; k < t->nfields; k++) {
		const struct hl_field_info *x = hl_type_field(t, k);
		fprintf(f, "| `%s` | %s | %s |\n", x->name, x->type,
			x->meaning);
	}
}

void hl_output_views(FILE *f)
{
	static const char *const heads[HL_TARGET__COUNT] = {
		[HL_TARGET_DOCKERFILE] = "Dockerfile (`target: dockerfile`)",
		[HL_TARGET_KUBERNETES] = "Kubernetes (`target: kubernetes`)",
	};
	for (int tg = 0; tg < HL_TARGET__COUNT; tg++) {
		fprintf(f,
			"%s## %s\n\n| view | one item per | type |\n"
			"|---|---|---|\n",
			tg ? "\n" : "", heads[tg]);
		for (size_t i = 0; i < hl_views_count(); i++) {
			const struct hl_view_info *v = hl_views_get(i);
			if ((int)v->target == tg)
				fprintf(f, "| `%s` | %s | %s |\n", v->name,
					v->what, v->type);
		}
		for (size_t i = 0; i < hl_types_count(); i++) {
			const struct hl_type_info *t = hl_types_get(i);
			if ((int)t->target == tg)
				type_table(f, t);
		}
	}
}
