/*
 * output/formats: the formats CI systems and editors read, each escaping
 * for its own syntax so that no name or value from a linted file can
 * forge an entry:
 *   gnu         path:line:col: severity: message [slug] (the GNU Coding
 *               Standards' form; paths and messages escaped as text's)
 *   github      GitHub Actions workflow commands, `::error file=...::`,
 *               properties and data percent-encoded as GitHub requires
 *   gitlab      GitLab Code Quality: a JSON array of issues
 *   checkstyle  Checkstyle XML, findings grouped by file
 *   junit       JUnit XML: a test case per finding, and a passing one per
 *               clean file
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

/* ------------------------------------------------------------------ */
/* gnu                                                                */

static void gnu_finding(struct hl_output *o, const struct hl_finding *f)
{
	hl_put_clean_path(o->out, f->path);
	fprintf(o->out, ":%u:%u: %s: ", f->span.start.line, f->span.start.col,
		hl_severity_name(f->severity));
	hl_put_clean(o->out, f->message, false);
	fprintf(o->out, " [%s]\n", f->rule->slug);
}

const struct hl_output_ops hl_output_gnu = {
	.finding = gnu_finding,
	.error = hl_output_line_error,
};

/* ------------------------------------------------------------------ */
/* github                                                             */

/* Percent-encode as GitHub's workflow commands require: % CR LF always,
 * and : , in a property's value; other control characters too. */
static void gh_encode(FILE *f, const char *s, size_t n, bool property)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (u[i] == '%' || u[i] < 0x20 || u[i] == 0x7f ||
		    (property && (u[i] == ':' || u[i] == ',')))
			fprintf(f, "%%%02X", u[i]);
		else
			fputc(u[i], f);
	}
}

/* `s` into a workflow command: each line as the text format cleans it
 * (C1 controls, bytes that are not UTF-8, and characters that hide or
 * reorder text escaped: nothing reaches the log raw), its line breaks
 * kept as %0A. */
static void gh_put_as(FILE *f, const char *s, bool property, bool path)
{
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		char *line = strndup(s, n);
		char *clean = !line  ? NULL
			      : path ? hl_clean_path_copy(line)
				     : hl_clean_copy(line);
		if (clean)
			gh_encode(f, clean, strlen(clean), property);
		else /* out of memory: the bytes, each control encoded */
			gh_encode(f, s, n, property);
		free(clean);
		free(line);
		s += n;
		if (*s == '\n') {
			fputs("%0A", f);
			s++;
		}
	}
}

static void gh_put(FILE *f, const char *s, bool property)
{
	gh_put_as(f, s, property, false);
}

/* A file name: a backslash in it doubled, as text output prints it */
static void gh_path(FILE *f, const char *path)
{
	gh_put_as(f, path, true, true);
}

static const char *gh_level(enum hl_severity s)
{
	return s == HL_SEV_ERROR     ? "error"
	       : s == HL_SEV_WARNING ? "warning"
				     : "notice";
}

static void gh_finding(struct hl_output *o, const struct hl_finding *f)
{
	FILE *out = o->out;
	fprintf(out, "::%s file=", gh_level(f->severity));
	gh_path(out, f->path);
	fprintf(out, ",line=%u,col=%u", f->span.start.line, f->span.start.col);
	if (f->span.end.line >= f->span.start.line && f->span.end.line) {
		fprintf(out, ",endLine=%u", f->span.end.line);
		if (f->span.end.line == f->span.start.line &&
		    f->span.end.col > f->span.start.col)
			fprintf(out, ",endColumn=%u", f->span.end.col);
	}
	fputs(",title=", out);
	gh_put(out, "hardlint ", true);
	gh_put(out, f->rule->slug, true);
	gh_put(out, " (", true);
	gh_put(out, f->rule->title, true);
	gh_put(out, ")", true);
	fputs("::", out);
	gh_put(out, f->message, false);
	if (f->rule->fix) {
		gh_put(out, "\nFix: ", false);
		gh_put(out, f->rule->fix, false);
	}
	fputc('\n', out);
}

static void gh_error(struct hl_output *o, const struct hl_error *e)
{
	FILE *out = o->out;
	fputs("::error file=", out);
	gh_path(out, e->path);
	if (e->line)
		fprintf(out, ",line=%u,col=%u", e->line, e->col);
	fputs(",title=hardlint error::", out);
	gh_put(out, e->message, false);
	fputc('\n', out);
}

const struct hl_output_ops hl_output_github = {
	.finding = gh_finding,
	.error = gh_error,
};

/* ------------------------------------------------------------------ */
/* gitlab                                                             */

static const char *gl_severity(enum hl_severity s)
{
	switch (s) {
	case HL_SEV_ERROR:
		return "critical";
	case HL_SEV_WARNING:
		return "major";
	case HL_SEV_INFO:
		return "minor";
	default:
		return "info";
	}
}

static void gl_begin(struct hl_output *o)
{
	hl_json_array(&o->json);
}

static void gl_location(struct hl_json *j, const char *path, uint32_t begin,
			uint32_t end)
{
	hl_json_key(j, "location");
	hl_json_object(j);
	hl_json_kv(j, "path", path);
	hl_json_key(j, "lines");
	hl_json_object(j);
	hl_json_key(j, "begin");
	hl_json_int(j, begin ? begin : 1);
	hl_json_key(j, "end");
	hl_json_int(j, end >= begin && end ? end : (begin ? begin : 1));
	hl_json_end(j, '}');
	hl_json_end(j, '}');
}

static void gl_finding(struct hl_output *o, const struct hl_finding *f)
{
	struct hl_json *j = &o->json;
	hl_json_object(j);
	hl_json_kv(j, "type", "issue");
	hl_json_kv(j, "check_name", f->rule->slug);
	hl_json_kv(j, "description", f->message);
	hl_json_key(j, "categories");
	hl_json_array(j);
	hl_json_str(j, "Security");
	hl_json_end(j, ']');
	hl_json_kv(j, "severity", gl_severity(f->severity));
	/* unique in the report: the finding's own (ties take ordinals) */
	char fp[40];
	snprintf(fp, sizeof(fp), "hardlint-%s", f->fingerprint);
	hl_json_kv(j, "fingerprint", fp);
	gl_location(j, f->path, f->span.start.line, f->span.end.line);
	hl_json_end(j, '}');
}

/* FNV-1a: an error's fingerprint, from where it is and what it says. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (const unsigned char *u = (const unsigned char *)s; u && *u; u++)
		h = (h ^ *u) * 0x100000001b3ull;
	return (h ^ 0xff) * 0x100000001b3ull;
}

static void gl_error(struct hl_output *o, const struct hl_error *e)
{
	struct hl_json *j = &o->json;
	char at[32], fp[48];
	snprintf(at, sizeof(at), "%u:%u", e->line, e->col);
	uint64_t h = fnv(fnv(fnv(0xcbf29ce484222325ull, e->path), at),
			 e->message);
	snprintf(fp, sizeof(fp), "hardlint-error-%016llx",
		 (unsigned long long)h);
	hl_json_object(j);
	hl_json_kv(j, "type", "issue");
	hl_json_kv(j, "check_name", "hardlint-error");
	hl_json_kv(j, "description", e->message);
	hl_json_kv(j, "severity", "blocker");
	hl_json_kv(j, "fingerprint", fp);
	gl_location(j, e->path, e->line, e->line);
	hl_json_end(j, '}');
}

static void gl_end(struct hl_output *o, const struct hl_summary *s)
{
	(void)s;
	hl_json_end(&o->json, ']');
	fputc('\n', o->out);
}

const struct hl_output_ops hl_output_gitlab = {
	.begin = gl_begin,
	.finding = gl_finding,
	.error = gl_error,
	.end = gl_end,
};

/* ------------------------------------------------------------------ */
/* XML: checkstyle and junit                                          */

/* `s` as XML 1.0 character data or an attribute's value: markup escaped;
 * what XML 1.0 cannot carry at all (C0 controls but tab, LF and CR; a
 * byte that is not UTF-8; U+FFFE, U+FFFF) replaced by U+FFFD; in an
 * attribute, tab, LF and CR as character references (else a parser
 * normalises them to spaces). */
static void xml_put(FILE *f, const char *s, bool attribute)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	while (*u) {
		unsigned char c = *u;
		if (c < 0x80) {
			if (c == '&')
				fputs("&amp;", f);
			else if (c == '<')
				fputs("&lt;", f);
			else if (c == '>')
				fputs("&gt;", f);
			else if (c == '"' && attribute)
				fputs("&quot;", f);
			else if (c == '\'' && attribute)
				fputs("&apos;", f);
			else if ((c == '\t' || c == '\n' || c == '\r') &&
				 attribute)
				fprintf(f, "&#%u;", c);
			else if (c < 0x20 && c != '\t' && c != '\n' &&
				 c != '\r')
				fputs("\xEF\xBF\xBD", f);
			else if (c == 0x7f)
				fputs("&#127;", f);
			else
				fputc(c, f);
			u++;
			continue;
		}
		size_t n = c >= 0xC2 && c <= 0xDF   ? 2
			   : c >= 0xE0 && c <= 0xEF ? 3
			   : c >= 0xF0 && c <= 0xF4 ? 4
						    : 0;
		for (size_t i = 1; i < n; i++)
			if ((u[i] & 0xC0) != 0x80)
				n = 0;
		if ((n == 3 && c == 0xE0 && u[1] < 0xA0) ||
		    (n == 3 && c == 0xED && u[1] >= 0xA0) ||
		    (n == 4 && c == 0xF0 && u[1] < 0x90) ||
		    (n == 4 && c == 0xF4 && u[1] >= 0x90) ||
		    (n == 3 && c == 0xEF && u[1] == 0xBF &&
		     (u[2] == 0xBE || u[2] == 0xBF))) {
			fputs("\xEF\xBF\xBD", f);
			u += n;
			continue;
		}
		if (!n) {
			fputs("\xEF\xBF\xBD", f);
			u++;
			continue;
		}
		fwrite(u, 1, n, f);
		u += n;
	}
}

static const char *cs_severity(enum hl_severity s)
{
	return s == HL_SEV_ERROR     ? "error"
	       : s == HL_SEV_WARNING ? "warning"
				     : "info";
}

/* Paths to numbers, in the order they are first added (open addressing
 * on an FNV-1a hash): grouping thousands of files' findings stays
 * linear. */
struct pathset {
	const char **key;
	size_t *num;
	size_t mask, n;
};

static size_t path_hash(const char *s)
{
	size_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void pathset_init(struct pathset *ps, size_t most)
{
	size_t cap = 16;
	while (cap < 2 * most)
		cap *= 2;
	ps->key = calloc(cap, sizeof(*ps->key));
	ps->num = calloc(cap, sizeof(*ps->num));
	ps->mask = ps->key && ps->num ? cap - 1 : 0;
	ps->n = 0;
}

/* The number of `p`, added if new (SIZE_MAX when out of memory). */
static size_t pathset_add(struct pathset *ps, const char *p, bool add)
{
	if (!ps->mask)
		return SIZE_MAX;
	size_t k = path_hash(p) & ps->mask;
	while (ps->key[k]) {
		if (!strcmp(ps->key[k], p))
			return ps->num[k];
		k = (k + 1) & ps->mask;
	}
	if (!add)
		return SIZE_MAX;
	ps->key[k] = p;
	ps->num[k] = ps->n;
	return ps->n++;
}

static void pathset_free(struct pathset *ps)
{
	free(ps->key);
	free(ps->num);
}

/* Long: the files in the order they first appear (findings', then
 * errors'), each with its findings and then its errors, in one pass
 * over each list. */
static void cs_end(struct hl_output *o, const struct hl_summary *s)
{
	(void)s;
	FILE *f = o->out;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<checkstyle version=\"4.3\">\n",
	      f);
	size_t n = o->nfound + o->nerrors;
	struct pathset ps;
	pathset_init(&ps, n);
	/* each entry's file, then the entries a file, in order */
	size_t *file = calloc(n ? n : 1, sizeof(*file));
	size_t *order = calloc(n ? n : 1, sizeof(*order));
	size_t *start = calloc(n + 2, sizeof(*start));
	const char **paths = calloc(n ? n : 1, sizeof(*paths));
	size_t *fill = NULL;
	if (!file || !order || !start || !paths || (n && !ps.mask))
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *p = i < o->nfound ? o->found[i].path
					      : o->errors[i - o->nfound].e.path;
		file[i] = pathset_add(&ps, p, true);
		paths[file[i]] = p;
		start[file[i] + 1]++;
	}
	for (size_t k = 0; k < ps.n; k++)
		start[k + 1] += start[k];
	fill = calloc(ps.n ? ps.n : 1, sizeof(*fill));
	for (size_t i = 0; fill && i < n; i++)
		order[start[file[i]] + fill[file[i]]++] = i;
	for (size_t k = 0; fill && k < ps.n; k++) {
		fputs("  <file name=\"", f);
		xml_put(f, paths[k], true);
		fputs("\">\n", f);
		for (size_t j = start[k]; j < start[k + 1]; j++) {
			size_t i = order[j];
			if (i < o->nfound) {
				const struct hl_finding *x = &o->found[i];
				fprintf(f,
					"    <error line=\"%u\" column=\"%u\" "
					"severity=\"%s\" message=\"",
					x->span.start.line, x->span.start.col,
					cs_severity(x->severity));
				xml_put(f, x->message, true);
				fprintf(f, "\" source=\"hardlint.%s\"/>\n",
					x->rule->slug);
				continue;
			}
			const struct hl_error *e = &o->errors[i - o->nfound].e;
			fprintf(f,
				"    <error line=\"%u\" column=\"%u\" "
				"severity=\"error\" message=\"",
				e->line, e->col);
			xml_put(f, e->message, true);
			fputs("\" source=\"hardlint.error\"/>\n", f);
		}
		fputs("  </file>\n", f);
	}
out:
	if (!fill)
		o->werr = o->werr ? o->werr : ENOMEM; /* the report is lost */
	free(fill);
	free(file);
	free(order);
	free(start);
	free(paths);
	pathset_free(&ps);
	fputs("</checkstyle>\n", f);
}

const struct hl_output_ops hl_output_checkstyle = {
	.finding = hl_output_keep_finding,
	.error = hl_output_keep_error,
	.end = cs_end,
};

static void ju_input(struct hl_output *o, const char *path)
{
	hl_output_keep_input(o, path);
}

static void ju_case_failure(FILE *f, const char *path, uint32_t line,
			    uint32_t col, const char *name, const char *type,
			    const char *message, const char *fix)
{
	fputs("    <testcase classname=\"", f);
	xml_put(f, path, true);
	fputs("\" name=\"", f);
	xml_put(f, name, true);
	fprintf(f, " at %u:%u\">\n      <failure type=\"%s\" message=\"", line,
		col, type);
	xml_put(f, message, true);
	fputs("\">", f);
	xml_put(f, path, false);
	fprintf(f, ":%u:%u: ", line, col);
	xml_put(f, message, false);
	if (fix) {
		fputs("\nFix: ", f);
		xml_put(f, fix, false);
	}
	fputs("</failure>\n    </testcase>\n", f);
}

static void ju_end(struct hl_output *o, const struct hl_summary *s)
{
	(void)s;
	FILE *f = o->out;
	/* a passing case for each file linted with no finding and no
	 * error, so that a clean run still reports what it checked */
	struct pathset dirty;
	pathset_init(&dirty, o->nfound);
	if (o->nfound && !dirty.mask)
		o->werr = o->werr ? o->werr : ENOMEM; /* the report is lost */
	for (size_t k = 0; k < o->nfound; k++)
		pathset_add(&dirty, o->found[k].path, true);
	size_t clean = 0;
	for (size_t i = 0; i < o->ninputs; i++)
		clean += pathset_add(&dirty, o->inputs[i], false) == SIZE_MAX;
	size_t tests = o->nfound + o->nerrors + clean;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"hardlint\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"0\">\n"
		"  <testsuite name=\"hardlint\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"0\" skipped=\"0\">\n",
		tests, o->nfound + o->nerrors, tests, o->nfound + o->nerrors);
	for (size_t i = 0; i < o->nfound; i++) {
		const struct hl_finding *x = &o->found[i];
		ju_case_failure(f, x->path, x->span.start.line,
				x->span.start.col, x->rule->slug,
				hl_severity_name(x->severity), x->message,
				x->rule->fix);
	}
	for (size_t i = 0; i < o->nerrors; i++) {
		const struct hl_error *e = &o->errors[i].e;
		ju_case_failure(f, e->path, e->line, e->col, "hardlint-error",
				"error", e->message, NULL);
	}
	for (size_t i = 0; i < o->ninputs; i++) {
		if (pathset_add(&dirty, o->inputs[i], false) != SIZE_MAX)
			continue;
		fputs("    <testcase classname=\"", f);
		xml_put(f, o->inputs[i], true);
		fputs("\" name=\"hardlint\"/>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
	pathset_free(&dirty);
}

const struct hl_output_ops hl_output_junit = {
	.finding = hl_output_keep_finding,
	.error = hl_output_keep_error,
	.input = ju_input,
	.end = ju_end,
};
