/*
 * output/json: one document:
 *   {"version": 1, "tool": "hardlint X.Y.Z", "findings": [...],
 *    "errors": [...], "skipped": [...], "summary": {...}}
 * Findings are written as they come; errors and skips are kept until the
 * end. These keys are a stable interface.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

static void begin(struct hl_output *o)
{
	struct hl_json *j = &o->json;
	hl_json_object(j);
	hl_json_key(j, "version");
	hl_json_int(j, 1);
	char tool[64];
	snprintf(tool, sizeof(tool), "hardlint %s", hl_version());
	hl_json_kv(j, "tool", tool);
	hl_json_key(j, "findings");
	hl_json_array(j);
}

/* Is `s` valid UTF-8 (no overlong form, no surrogate, nothing past
 * U+10FFFF)? */
static bool utf8_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		size_t n = u[0] < 0x80			  ? 1
			   : u[0] >= 0xC2 && u[0] <= 0xDF ? 2
			   : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
			   : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4
							  : 0;
		if (!n)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((u[i] & 0xC0) != 0x80)
				return false;
		if ((n == 3 && u[0] == 0xE0 && u[1] < 0xA0) ||
		    (n == 3 && u[0] == 0xED && u[1] >= 0xA0) ||
		    (n == 4 && u[0] == 0xF0 && u[1] < 0x90) ||
		    (n == 4 && u[0] == 0xF4 && u[1] >= 0x90))
			return false;
		u += n;
	}
	return true;
}

/* "path": the path (a byte that is not UTF-8 shows as U+FFFD); and, when
 * it is not UTF-8, "path_bytes": every byte outside printable ASCII, and
 * '%', as %XX, so that no two files print the same and the name can be
 * had back. */
static void path_kv(struct hl_json *j, const char *key, const char *path)
{
	hl_json_kv(j, key, path);
	if (!path || utf8_ok(path))
		return;
	char name[64], *buf = malloc(3 * strlen(path) + 1), *o = buf;
	if (!buf)
		return;
	for (const unsigned char *u = (const unsigned char *)path; *u; u++)
		if (*u < 0x20 || *u >= 0x7f || *u == '%')
			o += sprintf(o, "%%%02X", *u);
		else
			*o++ = (char)*u;
	*o = '\0';
	snprintf(name, sizeof(name), "%s_bytes", key);
	hl_json_kv(j, name, buf);
	free(buf);
}

/* A rendered template beside a file's own place: "source": {path, line}. */
static void source(struct hl_json *j, const char *path, uint32_t line)
{
	if (!path)
		return;
	hl_json_key(j, "source");
	hl_json_object(j);
	path_kv(j, "path", path);
	hl_json_key(j, "line");
	hl_json_int(j, line);
	hl_json_end(j, '}');
}

static void finding(struct hl_output *o, const struct hl_finding *f)
{
	struct hl_json *j = &o->json;
	hl_json_object(j);
	hl_json_kv(j, "rule", f->rule->slug);
	hl_json_kv(j, "id", f->rule->id);
	hl_json_kv(j, "severity", hl_severity_name(f->severity));
	path_kv(j, "path", f->path);
	hl_json_key(j, "line");
	hl_json_int(j, f->span.start.line);
	hl_json_key(j, "column");
	hl_json_int(j, f->span.start.col);
	hl_json_key(j, "end_line");
	hl_json_int(j, f->span.end.line);
	hl_json_key(j, "end_column");
	hl_json_int(j, f->span.end.col);
	hl_json_kv(j, "message", f->message);
	hl_json_kv(j, "object", f->object);
	hl_json_kv(j, "title", f->rule->title);
	hl_json_kv(j, "fix", f->rule->fix);
	hl_json_kv(j, "fingerprint", f->fingerprint);
	if (f->stream_line) {
		hl_json_key(j, "stream_line");
		hl_json_int(j, f->stream_line);
	}
	source(j, f->source, f->source_line);
	if (f->suppressed) {
		/* listed with --show-suppressed: what accepted it */
		hl_json_key(j, "suppressed");
		hl_json_object(j);
		hl_json_kv(j, "kind", f->suppressed);
		hl_json_kv(j, "reason",
			   f->suppress_reason ? f->suppress_reason : "");
		hl_json_end(j, '}');
	}
	hl_json_end(j, '}');
}

static void skipped(struct hl_output *o, const char *path, const char *reason)
{
	struct hl_kept *k = hl_output_push(&o->skips, &o->nskips, &o->kcap);
	k->path = hl_output_keep(o, path);
	k->reason = hl_output_keep(o, reason);
}

static void config(struct hl_output *o, const char *path, const char *effect)
{
	struct hl_kept *k = hl_output_push(&o->configs, &o->nconfigs, &o->ccap);
	k->path = hl_output_keep(o, path);
	k->reason = hl_output_keep(o, effect);
}

static void unused(struct hl_output *o, const char *path,
		   const struct hl_unused *u)
{
	struct hl_kept *k = hl_output_push(&o->unused, &o->nunused, &o->uucap);
	k->path = hl_output_keep(o, path);
	k->un = *u;
	k->un.name = hl_output_keep(o, u->name);
	k->un.rule = hl_output_keep(o, u->rule);
	k->un.where = hl_output_keep(o, u->where);
}

static void unresolved(struct hl_output *o, const char *path,
		       const struct hl_unresolved *u)
{
	struct hl_kept *k = hl_output_push(&o->unres, &o->nunres, &o->ucap);
	k->path = hl_output_keep(o, path);
	k->u = *u;
	k->u.what = hl_output_keep(o, u->what);
	k->u.variables = hl_output_keep(o, u->variables);
}

static void end(struct hl_output *o, const struct hl_summary *s)
{
	struct hl_json *j = &o->json;
	hl_json_end(j, ']');
	hl_json_key(j, "errors");
	hl_json_array(j);
	for (size_t i = 0; i < o->nerrors; i++) {
		const struct hl_error *d = &o->errors[i].e;
		hl_json_object(j);
		path_kv(j, "path", d->path);
		hl_json_key(j, "line");
		hl_json_int(j, d->line);
		hl_json_key(j, "column");
		hl_json_int(j, d->col);
		if (d->stream_line) {
			hl_json_key(j, "stream_line");
			hl_json_int(j, d->stream_line);
		}
		source(j, d->source, d->source_line);
		hl_json_kv(j, "message", d->message);
		hl_json_end(j, '}');
	}
	hl_json_end(j, ']');
	hl_json_key(j, "skipped");
	hl_json_array(j);
	for (size_t i = 0; i < o->nskips; i++) {
		hl_json_object(j);
		path_kv(j, "path", o->skips[i].path);
		hl_json_kv(j, "reason", o->skips[i].reason);
		hl_json_end(j, '}');
	}
	hl_json_end(j, ']');
	hl_json_key(j, "unresolved");
	hl_json_array(j);
	for (size_t i = 0; i < o->nunres; i++) {
		const struct hl_kept *u = &o->unres[i];
		hl_json_object(j);
		path_kv(j, "path", u->path);
		hl_json_key(j, "line");
		hl_json_int(j, u->u.pos.line);
		hl_json_key(j, "column");
		hl_json_int(j, u->u.pos.col);
		hl_json_kv(j, "in", u->u.what);
		hl_json_kv(j, "variables", u->u.variables);
		hl_json_end(j, '}');
	}
	hl_json_end(j, ']');
	hl_json_key(j, "configurations");
	hl_json_array(j);
	for (size_t i = 0; i < o->nconfigs; i++) {
		hl_json_object(j);
		path_kv(j, "path", o->configs[i].path);
		hl_json_kv(j, "effect", o->configs[i].reason);
		hl_json_end(j, '}');
	}
	hl_json_end(j, ']');
	hl_json_key(j, "unused_suppressions");
	hl_json_array(j);
	for (size_t i = 0; i < o->nunused; i++) {
		const struct hl_kept *u = &o->unused[i];
		hl_json_object(j);
		path_kv(j, "path", u->path);
		hl_json_key(j, "line");
		hl_json_int(j, u->un.pos.line);
		hl_json_key(j, "column");
		hl_json_int(j, u->un.pos.col);
		hl_json_kv(j, "kind", u->un.where);
		if (u->un.name)
			hl_json_kv(j, "name", u->un.name);
		if (u->un.rule)
			hl_json_kv(j, "rule", u->un.rule);
		hl_json_end(j, '}');
	}
	hl_json_end(j, ']');
	hl_json_key(j, "summary");
	hl_json_object(j);
	hl_json_key(j, "files");
	hl_json_int(j, (int64_t)s->files);
	hl_json_key(j, "findings");
	hl_json_int(j, (int64_t)s->findings);
	for (int k = HL_SEV__COUNT - 1; k >= 0; k--) {
		hl_json_key(j, hl_severity_name((enum hl_severity)k));
		hl_json_int(j, (int64_t)s->by_severity[k]);
	}
	hl_json_key(j, "errors");
	hl_json_int(j, (int64_t)s->errors);
	hl_json_key(j, "skipped"); /* the entries of "skipped" */
	hl_json_int(j, (int64_t)(s->skipped + s->links + s->helm));
	hl_json_key(j, "unresolved");
	hl_json_int(j, (int64_t)s->unresolved);
	hl_json_key(j, "patches");
	hl_json_int(j, (int64_t)s->patches);
	hl_json_key(j, "suppressed");
	hl_json_int(j, (int64_t)s->suppressed);
	hl_json_end(j, '}');
	hl_json_end(j, '}');
}

const struct hl_output_ops hl_output_json = {
	.begin = begin,
	.finding = finding,
	.error = hl_output_keep_error,
	.skipped = skipped,
	.unresolved = unresolved,
	.config = config,
	.unused = unused,
	.end = end,
};
