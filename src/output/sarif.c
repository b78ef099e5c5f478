/*
 * output/sarif: SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDE
 * viewers). One run: tool.driver with every rule loaded (id = slug, a
 * friendly name, descriptions, help from the rule file, default level,
 * the HL id, aliases, tags and a security-severity), then the results
 * (regions in Unicode code points, partialFingerprints that survive line
 * moves, suppressions as SARIF's), the invocation with its exit status
 * and the errors as its notifications. Artifact locations are relative to
 * %SRCROOT%: the git work tree's root, or --sarif-srcroot, so a run from
 * a subdirectory uploads the same paths; a file outside it gets an
 * absolute file URI. Messages end with a full stop here only (SARIF2001).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/mem.h"
#include "output/output.h"

/* `s` as a sentence: with a full stop unless it ends with one (or ? !). */
static void sentence(struct hl_json *j, const char *key, const char *s)
{
	size_t n = strlen(s ? s : "");
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *t = hl_cli_realloc(NULL, n + 2);
	memcpy(t, s ? s : "", n);
	t[n] = '\0';
	if (!n || !strchr(".?!", t[n - 1]))
		strcat(t, ".");
	hl_json_key(j, key);
	hl_json_object(j);
	hl_json_kv(j, "text", t);
	hl_json_end(j, '}');
	free(t);
}

static const char *level(enum hl_severity s)
{
	return s == HL_SEV_ERROR ? "error"
	       : s == HL_SEV_WARNING ? "warning"
				     : "note";
}

static const char *default_score(enum hl_severity s)
{
	return s == HL_SEV_ERROR     ? "8.0"
	       : s == HL_SEV_WARNING ? "5.5"
	       : s == HL_SEV_INFO    ? "3.0"
				     : "1.0";
}

/* "df-user-root" as "DfUserRoot": SARIF's friendly name. */
static void pascal(char *out, size_t cap, const char *slug)
{
	size_t n = 0;
	bool up = true;
	for (const char *p = slug; *p && n + 1 < cap; p++) {
		if (*p == '-') {
			up = true;
			continue;
		}
		out[n++] = up ? (char)toupper((unsigned char)*p) : *p;
		up = false;
	}
	out[n] = '\0';
}

/* The rule's page as Markdown: what help.markdown holds. */
static char *markdown(const struct hl_rule_info *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		hl_cli_oom(0);
	fprintf(f, "**%s** (%s, %s)\n\n", r->title, r->id, r->slug);
	if (r->description)
		fprintf(f, "%s\n\n", r->description);
	if (r->fix)
		fprintf(f, "**Fix:** %s\n\n", r->fix);
	for (uint32_t i = 0; i < r->nrefs; i++) {
		if (r->refs[i].url)
			fprintf(f, "- [%s](%s)\n", r->refs[i].title,
				r->refs[i].url);
		else
			fprintf(f, "- %s\n", r->refs[i].title);
	}
	if (fclose(f))
		hl_cli_oom(0);
	return buf;
}

static void rule(struct hl_json *j, const struct hl_rule_info *r)
{
	char name[128];
	pascal(name, sizeof(name), r->slug);
	hl_json_object(j);
	hl_json_kv(j, "id", r->slug);
	hl_json_kv(j, "name", name);
	sentence(j, "shortDescription", r->title);
	sentence(j, "fullDescription",
		 r->description ? r->description : r->title);
	char *md = markdown(r);
	hl_json_key(j, "help");
	hl_json_object(j);
	char *text = hl_cli_realloc(NULL, strlen(r->title) +
						  (r->fix ? strlen(r->fix) : 0) +
						  16);
	sprintf(text, "%s. Fix: %s", r->title, r->fix ? r->fix : "see the "
								 "rule's "
								 "description.");
	hl_json_kv(j, "text", text);
	hl_json_kv(j, "markdown", md);
	hl_json_end(j, '}');
	free(text);
	free(md);
	hl_json_key(j, "defaultConfiguration");
	hl_json_object(j);
	hl_json_kv(j, "level", level(r->severity));
	hl_json_end(j, '}');
	hl_json_key(j, "properties");
	hl_json_object(j);
	hl_json_kv(j, "hardlint-id", r->id);
	hl_json_key(j, "aliases");
	hl_json_array(j);
	for (uint32_t i = 0; i < r->naliases; i++)
		hl_json_str(j, r->aliases[i]);
	hl_json_end(j, ']');
	hl_json_key(j, "tags");
	hl_json_array(j);
	hl_json_str(j, "security");
	hl_json_str(j, r->target == HL_TARGET_DOCKERFILE ? "dockerfile"
							  : "kubernetes");
	hl_json_end(j, ']');
	hl_json_kv(j, "security-severity",
		   r->security_severity ? r->security_severity
					: default_score(r->severity));
	hl_json_kv(j, "precision", "high");
	hl_json_kv(j, "problem.severity",
		   r->severity == HL_SEV_ERROR	   ? "error"
		   : r->severity == HL_SEV_WARNING ? "warning"
						   : "recommendation");
	hl_json_end(j, '}');
	hl_json_end(j, '}');
}

/* ------------------------------------------------------------------ */
/* Paths as URIs                                                      */

/* `p` made absolute (from `cwd`) and lexically clean: no `.`, `..` or
 * doubled `/` segments. */
static char *absolute(const char *p, const char *cwd)
{
	size_t n = strlen(p) + strlen(cwd) + 2;
	char *in = hl_cli_realloc(NULL, n), *out = hl_cli_realloc(NULL, n + 1);
	if (p[0] == '/')
		snprintf(in, n, "%s", p);
	else
		snprintf(in, n, "%s/%s", cwd, p);
	size_t w = 0;
	for (const char *s = in; *s;) {
		while (*s == '/')
			s++;
		const char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (!len)
			break;
		if (len == 1 && s[0] == '.') {
			/* nothing */
		} else if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (w > 0 && out[w - 1] != '/')
				w--;
			if (w > 0)
				w--;
		} else {
			out[w++] = '/';
			memcpy(out + w, s, len);
			w += len;
		}
		s += len;
	}
	if (!w)
		out[w++] = '/';
	out[w] = '\0';
	free(in);
	return out;
}

/* `s` percent-encoded as a URI path: unreserved characters and `/` as
 * they are, every other byte as %XX. */
static void uri_put(char **buf, size_t *n, size_t *cap, const char *s)
{
	if (*n + 1 > *cap || !*buf) {
		*cap = *n + 16;
		*buf = hl_cli_realloc(*buf, *cap);
	}
	for (const unsigned char *u = (const unsigned char *)(s ? s : "");
	     *u; u++) {
		if (*n + 4 > *cap) {
			*cap = (*cap + 4) * 2;
			*buf = hl_cli_realloc(*buf, *cap);
		}
		if (isalnum(*u) || strchr("-._~/", *u))
			(*buf)[(*n)++] = (char)*u;
		else
			*n += (size_t)sprintf(*buf + *n, "%%%02X", *u);
	}
	(*buf)[*n] = '\0';
}

struct roots {
	char *cwd;  /* the current directory's real path */
	char *root; /* %SRCROOT%'s real path, or NULL */
};

/* The git work tree's root above `dir`: the nearest directory holding a
 * .git (a directory, or a file for a worktree or submodule). */
static char *work_tree(const char *dir)
{
	char *d = hl_cli_strdup(dir);
	for (;;) {
		char p[PATH_MAX + 8];
		struct stat st;
		snprintf(p, sizeof(p), "%s/.git", strcmp(d, "/") ? d : "");
		if (strlen(d) < PATH_MAX && lstat(p, &st) == 0)
			return d;
		char *slash = strrchr(d, '/');
		if (!slash || slash == d) {
			free(d);
			return NULL;
		}
		*slash = '\0';
	}
}

static void roots_init(struct roots *r, const char *srcroot)
{
	r->cwd = realpath(".", NULL);
	if (!r->cwd)
		r->cwd = hl_cli_strdup("/");
	r->root = srcroot ? realpath(srcroot, NULL) : work_tree(r->cwd);
	if (!r->root)
		r->root = hl_cli_strdup(r->cwd);
}

/* The artifact location of `path`: relative to %SRCROOT% when below it,
 * else an absolute file URI. */
/* `path` made absolute, its directory's symlinks resolved when it
 * exists (a path through a symlinked directory is the file it reaches). */
static char *resolved(const char *path, const char *cwd)
{
	char *abs = absolute(path, cwd);
	char *slash = strrchr(abs, '/');
	if (!slash || slash == abs)
		return abs;
	*slash = '\0';
	char *dir = realpath(abs, NULL);
	*slash = '/';
	if (!dir)
		return abs;
	size_t n = strlen(dir) + strlen(slash) + 1;
	char *out = hl_cli_realloc(NULL, n);
	snprintf(out, n, "%s%s", strcmp(dir, "/") ? dir : "", slash);
	free(dir);
	free(abs);
	return out;
}

static void location_uri(struct hl_json *j, const struct roots *r,
			 const char *path)
{
	char *abs = resolved(path, r->cwd);
	size_t rl = strlen(r->root);
	const char *rel = NULL;
	if (!strcmp(r->root, "/"))
		rel = abs + 1;
	else if (!strncmp(abs, r->root, rl) && abs[rl] == '/')
		rel = abs + rl + 1;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (rel && *rel) {
		uri_put(&buf, &n, &cap, rel);
	} else {
		/* the scheme as it is (the encoder would escape its ':') */
		buf = hl_cli_strdup("file://");
		n = strlen(buf);
		cap = n + 1;
		uri_put(&buf, &n, &cap, abs);
	}
	hl_json_kv(j, "uri", buf);
	if (rel && *rel)
		hl_json_kv(j, "uriBaseId", "%SRCROOT%");
	free(buf);
	free(abs);
}

static void region(struct hl_json *j, struct hl_span sp)
{
	uint32_t sl = sp.start.line ? sp.start.line : 1;
	uint32_t sc = sp.start.col ? sp.start.col : 1;
	uint32_t el = sp.end.line >= sl ? sp.end.line : sl;
	uint32_t ec = sp.end.col;
	if (el == sl && ec <= sc)
		ec = sc + 1;
	if (!ec)
		ec = 1;
	hl_json_key(j, "region");
	hl_json_object(j);
	hl_json_key(j, "startLine");
	hl_json_int(j, sl);
	hl_json_key(j, "startColumn");
	hl_json_int(j, sc);
	hl_json_key(j, "endLine");
	hl_json_int(j, el);
	hl_json_key(j, "endColumn");
	hl_json_int(j, ec);
	hl_json_end(j, '}');
}

static void physical(struct hl_json *j, const struct roots *r,
		     const char *path, struct hl_span sp)
{
	hl_json_key(j, "physicalLocation");
	hl_json_object(j);
	hl_json_key(j, "artifactLocation");
	hl_json_object(j);
	location_uri(j, r, path);
	hl_json_end(j, '}');
	region(j, sp);
	hl_json_end(j, '}');
}

/* ------------------------------------------------------------------ */
/* The log                                                            */

static size_t rule_index(const struct hl_rules *rs, const struct hl_rule_info *ri)
{
	size_t k = 0;
	if (rs && hl_rules_find(rs, ri->slug, &k))
		return k;
	return 0;
}

static void result(struct hl_json *j, const struct hl_outputs *os,
		   const struct roots *r, const struct hl_finding *f)
{
	hl_json_object(j);
	hl_json_kv(j, "ruleId", f->rule->slug);
	if (os->rules) {
		hl_json_key(j, "ruleIndex");
		hl_json_int(j, (int64_t)rule_index(os->rules, f->rule));
	}
	hl_json_kv(j, "level", level(f->severity));
	sentence(j, "message", f->message);
	hl_json_key(j, "locations");
	hl_json_array(j);
	hl_json_object(j);
	physical(j, r, f->path, f->span);
	hl_json_end(j, '}');
	hl_json_end(j, ']');
	if (f->source) {
		/* the Helm template a rendered document came from */
		hl_json_key(j, "relatedLocations");
		hl_json_array(j);
		hl_json_object(j);
		hl_json_key(j, "id");
		hl_json_int(j, 1);
		struct hl_span sp = {{f->source_line, 1}, {f->source_line, 1}};
		physical(j, r, f->source, sp);
		sentence(j, "message", "The Helm template it was rendered from");
		hl_json_end(j, '}');
		hl_json_end(j, ']');
	}
	hl_json_key(j, "partialFingerprints");
	hl_json_object(j);
	hl_json_kv(j, "hardlint/v1", f->fingerprint);
	hl_json_end(j, '}');
	if (f->suppressed) {
		hl_json_key(j, "suppressions");
		hl_json_array(j);
		hl_json_object(j);
		bool in_source = !strcmp(f->suppressed, "inline") ||
				 !strcmp(f->suppressed, "annotation");
		hl_json_kv(j, "kind", in_source ? "inSource" : "external");
		if (f->suppress_reason && *f->suppress_reason)
			hl_json_kv(j, "justification", f->suppress_reason);
		hl_json_end(j, '}');
		hl_json_end(j, ']');
	}
	hl_json_end(j, '}');
}

static void invocation(struct hl_json *j, const struct hl_output *o,
		       const struct roots *r)
{
	hl_json_key(j, "invocations");
	hl_json_array(j);
	hl_json_object(j);
	hl_json_key(j, "executionSuccessful");
	hl_json_bool(j, o->all->status != 2);
	hl_json_key(j, "exitCode");
	hl_json_int(j, o->all->status);
	if (o->nerrors) {
		hl_json_key(j, "toolExecutionNotifications");
		hl_json_array(j);
		for (size_t i = 0; i < o->nerrors; i++) {
			const struct hl_error *e = &o->errors[i].e;
			hl_json_object(j);
			hl_json_kv(j, "level", "error");
			sentence(j, "message", e->message);
			hl_json_key(j, "locations");
			hl_json_array(j);
			hl_json_object(j);
			struct hl_span sp = {{e->line, e->col},
					     {e->line, e->col}};
			physical(j, r, e->path, sp);
			hl_json_end(j, '}');
			hl_json_end(j, ']');
			hl_json_end(j, '}');
		}
		hl_json_end(j, ']');
	}
	hl_json_end(j, '}');
	hl_json_end(j, ']');
}

/* Long: the log is one nested document (driver, rules, results, the
 * invocation, the base URI), written in order from what was kept. */
static void end(struct hl_output *o, const struct hl_summary *s)
{
	(void)s;
	struct hl_json *j = &o->json;
	struct roots r;
	roots_init(&r, o->all->srcroot);
	hl_json_object(j);
	hl_json_kv(j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	hl_json_kv(j, "version", "2.1.0");
	hl_json_key(j, "runs");
	hl_json_array(j);
	hl_json_object(j);
	hl_json_key(j, "tool");
	hl_json_object(j);
	hl_json_key(j, "driver");
	hl_json_object(j);
	hl_json_kv(j, "name", "hardlint");
	hl_json_kv(j, "version", hl_version());
	hl_json_kv(j, "semanticVersion", hl_version());
	hl_json_kv(j, "informationUri", "https://github.com/hardlint/hardlint");
	hl_json_key(j, "rules");
	hl_json_array(j);
	size_t nrules = o->all->rules ? hl_rules_count(o->all->rules) : 0;
	for (size_t i = 0; i < nrules; i++)
		rule(j, hl_rules_get(o->all->rules, i));
	hl_json_end(j, ']');
	hl_json_end(j, '}');
	hl_json_end(j, '}');
	invocation(j, o, &r);
	hl_json_key(j, "originalUriBaseIds");
	hl_json_object(j);
	hl_json_key(j, "%SRCROOT%");
	hl_json_object(j);
	char *buf = hl_cli_strdup("file://");
	size_t n = strlen(buf), cap = n + 1;
	uri_put(&buf, &n, &cap, r.root);
	if (buf[n - 1] != '/')
		uri_put(&buf, &n, &cap, "/");
	hl_json_kv(j, "uri", buf);
	free(buf);
	hl_json_end(j, '}');
	hl_json_end(j, '}');
	hl_json_kv(j, "columnKind", "unicodeCodePoints");
	hl_json_key(j, "results");
	hl_json_array(j);
	for (size_t i = 0; i < o->nfound; i++)
		result(j, o->all, &r, &o->found[i]);
	hl_json_end(j, ']');
	hl_json_end(j, '}');
	hl_json_end(j, ']');
	hl_json_end(j, '}');
	fputc('\n', o->out);
	free(r.cwd);
	free(r.root);
}

const struct hl_output_ops hl_output_sarif = {
	.finding = hl_output_keep_finding,
	.error = hl_output_keep_error,
	.end = end,
};
