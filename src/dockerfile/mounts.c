/*
 * dockerfile/mounts: COPY --from and RUN --mount from= (a stage or an
 * image), and RUN --mount's options, read and checked as BuildKit reads
 * them (Go's encoding/csv, its option names and values).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/image.h"
#include "core/text.h"
#include "dockerfile/parser.h"

/* --from of COPY, from= of RUN --mount: a stage or an image. */
void hl_dfp_stage_or_image(struct parser *P, struct hl_df_instr *in,
			   const struct hl_df_text *t, const char *source)
{
	bool unk;
	const char *v = hl_dfp_expand(P, &P->scope, t->s, t->len, &unk);
	int cur = (int)P->df->nstages - 1;
	const char *what =
		strcmp(source, "copy-from") ? "--mount from" : "COPY --from";
	if (!unk && hl_dfp_find_stage(P, v, cur) >= 0)
		return;
	if (!unk && *v && strspn(v, "0123456789") == strlen(v)) {
		/* a stage index, never an image */
		if (strlen(v) > 6 || strtoul(v, NULL, 10) >= P->nfrom)
			hl_dfp_problem_kind(P, "copy-from", t->span,
					    "%s=%s: there is no stage %s (the "
					    "file has %zu, counted from 0)",
					    what, v, v, P->nfrom);
		else
			hl_dfp_problem_kind(
				P, "copy-from", t->span,
				(long)strtoul(v, NULL, 10) == cur
					? "%s=%s names its own stage: a "
					  "circular dependency BuildKit refuses"
					: "%s=%s names a stage defined further "
					  "down: BuildKit resolves it, older "
					  "builders do not; move that stage "
					  "above this one",
				what, v);
		return;
	}
	if (!unk && cur >= 0 && P->df->stages[cur].name.s &&
	    !strcasecmp(P->df->stages[cur].name.s, v)) {
		hl_dfp_problem_kind(P, "copy-from", t->span,
				    "%s=%s names its own stage: a circular "
				    "dependency BuildKit refuses",
				    what, v);
		return;
	}
	if (!unk && hl_dfp_stage_anywhere(P, v)) {
		hl_dfp_problem_kind(P, "copy-from", t->span,
				    "%s=%s names a stage defined further "
				    "down: BuildKit resolves it, older "
				    "builders pull an image of that name; "
				    "move stage '%s' above this one",
				    what, v, v);
		return;
	}
	if (!unk && *v && !strpbrk(v, "/:@.")) {
		/* a bare name that is no stage: BuildKit pulls
		 * docker.io/library/<name> (a named build context could
		 * supply it, but then it would not be spelt like a stage) */
		/* a near spelling (at most one edit in three characters),
		 * else a stage the name is a dash-separated word of
		 * (set: license-set) */
		const char *near = NULL;
		size_t vl = strlen(v), best = vl / 3 > 1 ? vl / 3 + 1 : 2;
		if (best > 3)
			best = 3;
		for (int k = 0; k < cur; k++) {
			const char *n = P->df->stages[k].name.s;
			if (!n)
				continue;
			size_t d = hl_edit_distance(n, v);
			if (d < best) {
				best = d;
				near = n;
			}
		}
		for (int k = 0; k < cur && !near; k++) {
			const char *n = P->df->stages[k].name.s;
			size_t nl = n ? strlen(n) : 0;
			if (nl > vl &&
			    ((!strncasecmp(n, v, vl) && n[vl] == '-') ||
			     (!strcasecmp(n + nl - vl, v) &&
			      n[nl - vl - 1] == '-')))
				near = n;
		}
		if (near)
			hl_dfp_problem_kind(
				P, "copy-from", t->span,
				"%s=%s names no stage, so BuildKit pulls the "
				"image docker.io/library/%s: did you mean "
				"stage '%s'?",
				what, v, v, near);
		else
			hl_dfp_problem_kind(
				P, "copy-from", t->span,
				"%s=%s names no earlier stage, so BuildKit "
				"pulls the image docker.io/library/%s; if that "
				"image is meant, say so with its tag (%s:TAG)",
				what, v, v, v);
	}
	size_t k = hl_dfp_add_image(P, t, &P->scope, source, in);
	hl_dfp_check_image(P, &P->df->images[k]);
}

/* RUN --mount=type=T,key=value,...: parsed into in->mounts; a from= names
 * a stage or an image. */
/* One record of Go's encoding/csv (as BuildKit reads a --mount value):
 * fields split at commas, a field that starts with " quoted ("" inside is
 * a "); *bad set on a malformed quote. Each field's offset in `v` comes
 * with it, for positions. */
static size_t csv_fields(struct parser *P, const char *v, size_t n,
			 char ***fields, size_t **starts, bool *bad)
{
	size_t count = 0, fcap = 0, scap = 0, i = 0;
	*fields = NULL;
	*starts = NULL;
	*bad = false;
	for (;;) {
		struct hl_buf b = HL_BUF_INIT;
		size_t st = i;
		if (i < n && v[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) {
					*bad = true; /* no closing quote */
					break;
				}
				if (v[i] == '"' && i + 1 < n &&
				    v[i + 1] == '"') {
					hl_buf_addc(&b, '"');
					i += 2;
				} else if (v[i] == '"') {
					i++;
					break;
				} else {
					hl_buf_addc(&b, v[i++]);
				}
			}
			if (i < n && v[i] != ',')
				*bad = true; /* text after the closing quote */
			while (i < n && v[i] != ',')
				i++;
		} else {
			while (i < n && v[i] != ',') {
				if (v[i] == '"')
					*bad = true; /* a bare " */
				hl_buf_addc(&b, v[i++]);
			}
		}
		*fields = hl_arena_grow(P->a, *fields, count, &fcap,
					sizeof(**fields));
		*starts = hl_arena_grow(P->a, *starts, count, &scap,
					sizeof(**starts));
		(*fields)[count] = hl_arena_strndup(P->a, hl_buf_str(&b),
						    b.len);
		(*starts)[count++] = st;
		hl_buf_release(&b);
		if (i >= n)
			break;
		i++; /* the comma */
	}
	return count;
}

static bool go_bool(const char *v)
{
	static const char *const ok[] = {"1",	  "t",	   "T", "TRUE", "true",
					 "True",  "0",	   "f", "F",	"FALSE",
					 "false", "False", NULL};
	for (int i = 0; ok[i]; i++)
		if (!strcmp(v, ok[i]))
			return true;
	return false;
}

/* An unsigned number in `base` that fits 32 bits. */
static bool uint32_in(const char *v, int base)
{
	if (!*v || *v == '-' || *v == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, base);
	return !*end && !errno && n <= UINT32_MAX;
}

/* Options Buildah and Podman take beside BuildKit's (SELinux relabelling,
 * propagation, ownership): not errors, a Containerfile may be built
 * there. */
static bool buildah_option(const char *key)
{
	static const char *const opts[] = {"z",
					   "relabel",
					   "bind-propagation",
					   "U",
					   "bind-nonrecursive",
					   "chown",
					   "nosuid",
					   "nodev",
					   "noexec",
					   "suid",
					   "dev",
					   "exec",
					   "tmpcopyup",
					   "notmpcopyup",
					   NULL};
	for (int i = 0; opts[i]; i++)
		if (!strcasecmp(key, opts[i]))
			return true;
	return false;
}

/* RUN --mount: the options recorded, and checked as BuildKit checks
 * them. */
/* What one --mount has said so far, for the checks that weigh its
 * options together. */
struct mread {
	struct parser *P;
	const struct hl_df_flag *f;
	struct hl_df_mount *m;
	bool has_from, has_source, has_target, has_id, has_sharing, has_env;
	bool file_info, any_var;
	const char *file_key;
};

static bool secretish(const struct hl_df_mount *m)
{
	return !strcmp(m->type, "secret") || !strcmp(m->type, "ssh");
}

/* An option written without =value: a boolean, or a mistake. */
static void mount_flag(struct mread *r, const char *key)
{
	struct parser *P = r->P;
	if (!strcmp(key, "readonly") || !strcmp(key, "ro") ||
	    !strcmp(key, "readwrite") || !strcmp(key, "rw") ||
	    buildah_option(key))
		return;
	if (!strcmp(key, "required") && secretish(r->m))
		return;
	if (!strcmp(key, "required")) {
		hl_dfp_problem(
			P, r->f->span,
			"--mount: 'required' is for secret and ssh mounts, "
			"not %s",
			r->m->type);
		return;
	}
	hl_dfp_problem(P, r->f->span, "--mount: '%s' needs a value (key=value)",
		       key);
}

/* type=: one BuildKit knows. */
static void mount_type(struct mread *r, const char *val)
{
	static const char *const types[] = {"bind",   "cache", "tmpfs",
					    "secret", "ssh",   NULL};
	char *t = hl_arena_strdup(r->P->a, val);
	for (char *q = t; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	r->m->type = t;
	bool known = false;
	for (int ti = 0; types[ti]; ti++)
		known |= !strcmp(types[ti], t);
	if (!known)
		hl_dfp_problem(r->P, r->f->span,
			       "unknown mount type '%s' (bind, cache, tmpfs, "
			       "secret, ssh)",
			       val);
}

/* A key=value option (with no variable in it), checked as BuildKit
 * checks it. */
static void mount_option(struct mread *r, const char *key, const char *val)
{
	struct parser *P = r->P;
	const struct hl_df_flag *f = r->f;
	const char *type = r->m->type;
	if (!strcmp(key, "type")) {
		mount_type(r, val);
	} else if (!strcmp(key, "source") || !strcmp(key, "src")) {
		r->has_source = true;
	} else if (!strcmp(key, "target") || !strcmp(key, "dst") ||
		   !strcmp(key, "destination")) {
		r->has_target = true;
	} else if (!strcmp(key, "id")) {
		r->has_id = true;
	} else if (!strcmp(key, "env")) {
		r->has_env = true;
	} else if (!strcmp(key, "from") || buildah_option(key)) {
		/* from: read by the caller */
	} else if (!strcmp(key, "readonly") || !strcmp(key, "ro") ||
		   !strcmp(key, "readwrite") || !strcmp(key, "rw") ||
		   !strcmp(key, "required")) {
		if (!strcmp(key, "required") && !secretish(r->m))
			hl_dfp_problem(
				P, f->span,
				"--mount: 'required' is for secret and ssh "
				"mounts, not %s",
				type);
		else if (!go_bool(val))
			hl_dfp_problem(
				P, f->span,
				"--mount: %s takes true or false, not '%s'",
				key, val);
	} else if (!strcmp(key, "size")) {
		if (strcmp(type, "tmpfs"))
			hl_dfp_problem(
				P, f->span,
				"--mount: 'size' is for tmpfs mounts, not %s",
				type);
	} else if (!strcmp(key, "sharing")) {
		r->has_sharing = true;
		if (strcasecmp(val, "shared") && strcasecmp(val, "private") &&
		    strcasecmp(val, "locked"))
			hl_dfp_problem(
				P, f->span,
				"--mount: sharing takes shared, private or "
				"locked, not '%s'",
				val);
	} else if (!strcmp(key, "mode") || !strcmp(key, "uid") ||
		   !strcmp(key, "gid")) {
		r->file_info = true;
		r->file_key = key;
		if (!uint32_in(val, strcmp(key, "mode") ? 10 : 8))
			hl_dfp_problem(
				P, f->span,
				"--mount: %s takes %s number, not '%s'", key,
				strcmp(key, "mode") ? "a" : "an octal", val);
	} else {
		hl_dfp_problem(
			P, f->span,
			"--mount: unknown option '%s' (type, from, source, "
			"target, id, sharing, readonly, required, mode, "
			"uid, gid, size, env)",
			key);
	}
}

/* What a mount must say, weighed once all its options are read. */
static void mount_end(struct mread *r)
{
	struct parser *P = r->P;
	const struct hl_df_flag *f = r->f;
	const char *type = r->m->type;
	bool fi_ok = secretish(r->m) || !strcmp(type, "cache");
	if (r->file_info && !fi_ok)
		hl_dfp_problem(P, f->span,
			       "--mount: %s is not allowed for %s mounts",
			       r->file_key, type);
	if (!strcmp(type, "secret")) {
		if (r->has_from)
			hl_dfp_problem(
				P, f->span,
				"--mount: a secret mount takes no from=");
		if (!r->has_source && !r->has_target && !r->has_id &&
		    !r->has_env && !r->any_var)
			hl_dfp_problem(
				P, f->span,
				"--mount: a secret mount needs id=, source= "
				"or target=");
		if (r->has_source && r->has_id)
			hl_dfp_problem(
				P, f->span,
				"--mount: a secret mount takes source= or "
				"id=, not both");
	}
	if (r->has_sharing && strcmp(type, "cache"))
		hl_dfp_problem(P, f->span,
			       "--mount: sharing= is for cache mounts, not %s",
			       type);
}

/* One --mount flag into `m`: its fields recorded as written, from= read
 * as a stage or an image, each option checked. */
static void mount(struct parser *P, struct hl_df_instr *in,
		  const struct hl_df_flag *f, struct hl_df_mount *m)
{
	memset(m, 0, sizeof(*m));
	m->type = "bind";
	m->span = f->span;
	char **fields;
	size_t *starts, kcap = 0, vcap = 0;
	bool bad;
	size_t nf = csv_fields(P, f->value.s, f->value.len, &fields, &starts,
			       &bad);
	if (bad)
		hl_dfp_problem(P, f->span,
			       "--mount: a misplaced \" (the value is read as "
			       "comma-separated fields)");
	struct mread r;
	memset(&r, 0, sizeof(r));
	r.P = P;
	r.f = f;
	r.m = m;
	for (size_t fi = 0; fi < nf; fi++) {
		char *field = fields[fi];
		char *eq = strchr(field, '=');
		if (eq)
			*eq = '\0';
		for (char *q = field; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		const char *key = field, *val = eq ? eq + 1 : NULL;
		if (*key) {
			m->keys = hl_arena_grow(P->a, m->keys, m->n, &kcap,
						sizeof(*m->keys));
			m->values = hl_arena_grow(P->a, m->values, m->n, &vcap,
						  sizeof(*m->values));
			m->keys[m->n] = key;
			m->values[m->n++] = val ? val : "true";
		}
		if (!val) {
			mount_flag(&r, key);
			continue;
		}
		if (!strcmp(key, "from")) {
			r.has_from = true;
			struct hl_df_text t =
				hl_dfp_sub_text(P, &f->value, starts[fi] + 5,
						starts[fi] + 5 + strlen(val));
			hl_dfp_stage_or_image(P, in, &t, "mount-from");
		}
		if (strchr(val, '$')) {
			r.any_var = true;
			if (!strcmp(key, "from"))
				hl_dfp_problem(P, f->span,
					       "--mount: from= does not take "
					       "variables (BuildKit: define an "
					       "alias stage instead)");
			continue; /* what a build arg gives is unknown */
		}
		mount_option(&r, key, val);
	}
	mount_end(&r);
}

void hl_dfp_do_mounts(struct parser *P, struct hl_df_instr *in)
{
	size_t cap = 0;
	for (size_t k = 0; k < in->nflags; k++) {
		const struct hl_df_flag *f = &in->flags[k];
		if (strcmp(f->name.s, "mount") || !f->value.s)
			continue;
		in->mounts = hl_arena_grow(P->a, in->mounts, in->nmounts, &cap,
					   sizeof(*in->mounts));
		mount(P, in, f, &in->mounts[in->nmounts++]);
	}
}
