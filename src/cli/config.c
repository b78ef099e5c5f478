/*
 * config: configuration files and the policies they make (config.h).
 */
#include "cli/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output/mem.h"
#include "output/output.h"

#define CONFIG_NAME ".hardlint.yaml"

static void on_load_error(void *ctx, const struct hl_error *e)
{
	(void)ctx;
	hl_print_error(stderr, e);
}

/* An error at a value of configuration `c`. */
static void at(const struct hl_config *c, const struct hl_config_value *v,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void at(const struct hl_config *c, const struct hl_config_value *v,
	       const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct hl_error e;
	memset(&e, 0, sizeof(e));
	e.code = HL_ERR_USAGE;
	e.path = c->path;
	e.line = v && v->line ? v->line : 1;
	e.col = v && v->col ? v->col : 1;
	e.message = msg;
	hl_print_error(stderr, &e);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* `path` as people read it: relative to the current directory when below
 * it. */
static const char *shown(const struct hl_configs *cs, const char *path)
{
	size_t n = strlen(cs->cwd);
	if (!strncmp(path, cs->cwd, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

/* ------------------------------------------------------------------ */
/* Checking what a file names                                         */

static bool rule_known(const struct hl_rules *rules, const struct hl_config *c,
		       const struct hl_config_value *v, const char *key)
{
	if (hl_rules_find(rules, v->text, NULL))
		return true;
	const char *hint = hl_rules_suggest(rules, v->text);
	if (hint)
		at(c, v, "unknown rule '%s' in '%s'; did you mean '%s'?",
		   v->text, key, hint);
	else
		at(c, v, "unknown rule '%s' in '%s' (see hardlint --list-rules)",
		   v->text, key);
	return false;
}

static bool severity_ok(const struct hl_config *c,
			const struct hl_config_value *v, const char *key,
			bool none)
{
	enum hl_severity s;
	if (!v->text || hl_severity_parse(v->text, &s) ||
	    (none && !strcmp(v->text, "none")))
		return true;
	at(c, v, "'%s' must be one of error, warning, info, style%s, not '%s'",
	   key, none ? ", none" : "", v->text);
	return false;
}

static bool profile_ok(const struct hl_config *c)
{
	static const char *const known[] = {"all", "cis-docker",
					    "cis-kubernetes", "pss-baseline",
					    "pss-restricted"};
	if (!c->profile.text)
		return true;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(c->profile.text, known[i]))
			return true;
	at(c, &c->profile,
	   "unknown profile '%s' (cis-docker, cis-kubernetes, pss-baseline, "
	   "pss-restricted, all)",
	   c->profile.text);
	return false;
}

/* A peer's code (hadolint's DL and ShellCheck's SC, Trivy's, Checkov's):
 * an ignore carried over from a peer's configuration that names a check
 * hardlint does not have ignores nothing, quietly, so that moving over
 * never breaks a build. */
static bool peer_code(const char *s)
{
	static const char *const prefixes[] = {"DL", "SC", "KSV", "DS",
					       "AVD-", "CKV_", "CKV2_"};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (!strncasecmp(s, prefixes[i], n) && s[n] &&
		    strspn(s + n, "0123456789_-ABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
			    strlen(s + n) &&
		    isdigit((unsigned char)s[strlen(s) - 1]))
			return true;
	}
	return false;
}

/* A glob of the file: not empty, its brackets closed. */
static bool glob_ok(const struct hl_config *c, const struct hl_config_value *v,
		    const char *key)
{
	if (!v->text)
		return true;
	const char *open = NULL;
	for (const char *p = v->text; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '[' && !open)
			open = p;
		else if (*p == ']' && open && p > open + 1)
			open = NULL;
	}
	if (*v->text && !open)
		return true;
	at(c, v, "'%s': %s", key,
	   *v->text ? "a '[' that is not closed: write '\\[' for a bracket"
		    : "an empty glob matches nothing");
	return false;
}

/* Everything `c` names exists: rules, severities, the profile. */
static bool check_names(const struct hl_rules *rules,
			const struct hl_config *c)
{
	bool ok = profile_ok(c);
	for (size_t i = 0; i < c->nenable; i++)
		ok &= rule_known(rules, c, &c->enable[i], "enable");
	for (size_t i = 0; i < c->ndisable; i++)
		ok &= rule_known(rules, c, &c->disable[i], "disable");
	for (size_t i = 0; i < c->nonly; i++)
		ok &= rule_known(rules, c, &c->only[i], "only");
	for (size_t i = 0; i < c->nseverities; i++) {
		ok &= rule_known(rules, c, &c->severities[i].rule,
				 "severity-overrides");
		ok &= severity_ok(c, &c->severities[i].severity, "severity",
				  false);
	}
	for (size_t i = 0; i < c->nparams; i++)
		ok &= rule_known(rules, c, &c->params[i].rule, "parameters");
	for (size_t i = 0; i < c->nignores; i++)
		for (size_t j = 0; j < c->ignores[i].nrules; j++)
			if (!peer_code(c->ignores[i].rules[j].text))
				ok &= rule_known(rules, c,
						 &c->ignores[i].rules[j],
						 "ignores");
	for (size_t i = 0; i < c->nexclude; i++)
		ok &= glob_ok(c, &c->exclude[i], "exclude");
	for (size_t i = 0; i < c->nignores; i++) {
		const struct hl_config_ignore *g = &c->ignores[i];
		ok &= glob_ok(c, &g->path, "path");
		ok &= glob_ok(c, &g->kind, "kind");
		ok &= glob_ok(c, &g->namespace, "namespace");
		ok &= glob_ok(c, &g->name, "name");
		ok &= glob_ok(c, &g->container, "container");
	}
	ok &= severity_ok(c, &c->fail_on, "fail-on", true);
	ok &= severity_ok(c, &c->min_severity, "min-severity", false);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Finding and loading files                                          */

static struct hl_config *load(struct hl_configs *cs, const char *fspath,
			      const char *name)
{
	struct hl_config *c = hl_config_load(fspath, name, on_load_error, cs);
	if (c && !check_names(cs->base, c)) {
		hl_config_free(c);
		return NULL;
	}
	return c;
}

/* The directory of `path` as a real path, or NULL. */
/* `anc` (a real path) joined with `rest`, on the heap. */
static char *joined(const char *anc, const char *rest)
{
	size_t n = strlen(anc) + strlen(rest) + 2;
	char *out = hl_cli_realloc(NULL, n);
	snprintf(out, n, "%s/%s", strcmp(anc, "/") ? anc : "", rest);
	return out;
}

/* A directory that does not exist (standard input's --stdin-filename may
 * name one): its nearest existing ancestor's real path (for a relative
 * one, at worst the current directory's), with the rest as written. */
static char *real_missing(const char *dir)
{
	char *head = hl_cli_strdup(dir);
	char *real = NULL;
	for (size_t cut = strlen(dir); !real && cut-- > 0;) {
		if (dir[cut] != '/')
			continue;
		head[cut ? cut : 1] = '\0';
		char *anc = realpath(head, NULL);
		if (anc)
			real = joined(anc, dir + cut + 1);
		free(anc);
	}
	if (!real && dir[0] != '/') {
		char *here = realpath(".", NULL);
		if (here)
			real = joined(here, dir);
		free(here);
	}
	free(head);
	return real;
}

static char *real_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	if (!slash)
		dir = hl_cli_strdup(".");
	else if (slash == path)
		dir = hl_cli_strdup("/");
	else {
		dir = hl_cli_strdup(path);
		dir[slash - path] = '\0';
	}
	char *real = realpath(dir, NULL);
	if (!real)
		real = real_missing(dir);
	free(dir);
	return real;
}

/* The parent of directory `d`, in place; false at the root. */
static bool up(char *d)
{
	if (!strcmp(d, "/"))
		return false;
	char *slash = strrchr(d, '/');
	if (slash == d)
		d[1] = '\0';
	else
		*slash = '\0';
	return true;
}

static bool below(const char *p, const char *dir)
{
	size_t n = strlen(dir);
	return !strcmp(dir, "/") ||
	       (!strncmp(p, dir, n) && (p[n] == '/' || !p[n]));
}

/* How far up from real directory `dir` a configuration file counts: the
 * root of its git work tree; outside one, the current directory when
 * `dir` is below it, else `dir` alone (a file in /tmp or a home directory
 * above an unrelated checkout never governs it). *is_root: a work tree's
 * root. */
static char *boundary(const struct hl_configs *cs, const char *dir,
		      bool *is_root)
{
	char *d = hl_cli_strdup(dir);
	char *git = hl_cli_realloc(NULL, strlen(dir) + 8);
	do {
		sprintf(git, "%s/.git", strcmp(d, "/") ? d : "");
		if (exists(git)) {
			free(git);
			*is_root = true;
			return d;
		}
	} while (up(d));
	free(git);
	free(d);
	*is_root = false;
	return hl_cli_strdup(below(dir, cs->cwd) ? cs->cwd : dir);
}

const char *hl_configs_key_path(const struct hl_configs *cs,
				struct hl_pool *pool, const char *path)
{
	char *real = path ? real_dir(path) : NULL;
	if (!real)
		return NULL;
	bool is_root;
	char *root = boundary(cs, real, &is_root);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *key = NULL;
	if (is_root && below(real, root)) {
		/* the path from the work tree's root, whatever the current
		 * directory and however the path was written */
		size_t n = strcmp(root, "/") ? strlen(root) : 0;
		const char *rel = real[n] == '/' ? real + n + 1 : real + n;
		key = *rel ? hl_pool_printf(pool, "%s/%s", rel, base)
			   : hl_pool_strdup(pool, base);
	}
	free(root);
	free(real);
	return key;
}

/* The configuration file of directory `d` (its path `cand`): false after
 * printing why it cannot be read (a symlink out of the tree `top`, a
 * directory, a device: a file a pull request could point at secrets or at
 * nothing); *here whether there is one. */
static bool usable(const char *cand, const char *top, bool *here)
{
	struct stat st;
	*here = false;
	if (lstat(cand, &st) != 0)
		return true;
	const char *why = NULL;
	if (S_ISLNK(st.st_mode)) {
		char *real = realpath(cand, NULL);
		if (!real)
			why = "a symlink that leads nowhere";
		else if (!below(real, top))
			why = "a symlink to a file outside the work tree: not "
			      "read";
		else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
			why = "a symlink to something that is not a regular "
			      "file";
		free(real);
	} else if (!S_ISREG(st.st_mode)) {
		why = "not a regular file";
	}
	if (why) {
		fprintf(stderr,
			"%s: error: a configuration file must be a regular "
			"file: %s\n",
			cand, why);
		return false;
	}
	*here = true;
	return true;
}

/* The nearest configuration file for real directory `dir`: an index in
 * cs->files, or SIZE_MAX. False after printing why one cannot load. */
static bool nearest(struct hl_configs *cs, const char *dir, size_t *out)
{
	for (size_t i = 0; i < cs->ndirs; i++)
		if (!strcmp(cs->dirs[i].dir, dir)) {
			*out = cs->dirs[i].file;
			return true;
		}
	size_t found = SIZE_MAX;
	bool at_root;
	char *top = boundary(cs, dir, &at_root);
	char *d = hl_cli_strdup(dir);
	bool ok = true;
	for (;;) {
		char *cand = hl_cli_realloc(NULL, strlen(d) + 32);
		sprintf(cand, "%s/%s", strcmp(d, "/") ? d : "", CONFIG_NAME);
		bool here;
		ok = usable(cand, top, &here);
		if (ok && !here) {
			/* the other spelling is not read: said, once */
			cand[strlen(cand) - 4] = '\0';
			strcat(cand, "yml");
			struct stat st;
			if (lstat(cand, &st) == 0)
				fprintf(stderr,
					"hardlint: note: %s is not read: name "
					"it %s\n",
					shown(cs, cand), CONFIG_NAME);
			cand[strlen(cand) - 3] = '\0';
			strcat(cand, "yaml");
		}
		if (ok && here) {
			for (size_t i = 0; i < cs->nfiles; i++)
				if (!strcmp(cs->files[i].dir, d))
					found = i;
			if (found == SIZE_MAX) {
				struct hl_config *c =
					load(cs, cand, shown(cs, cand));
				ok = c != NULL;
				if (c) {
					cs->files = hl_cli_realloc(
						cs->files,
						(cs->nfiles + 1) *
							sizeof(*cs->files));
					struct cfg_file *cf =
						&cs->files[cs->nfiles];
					cf->dir = hl_cli_strdup(d);
					cf->cfg = c;
					cf->root = at_root && !strcmp(d, top);
					found = cs->nfiles++;
				}
			}
		}
		free(cand);
		if (!ok || here || !strcmp(d, top) || !up(d))
			break;
	}
	free(d);
	free(top);
	if (!ok)
		return false;
	cs->dirs = hl_cli_realloc(cs->dirs, (cs->ndirs + 1) * sizeof(*cs->dirs));
	cs->dirs[cs->ndirs].dir = hl_cli_strdup(dir);
	cs->dirs[cs->ndirs].file = found;
	cs->ndirs++;
	*out = found;
	return true;
}

/* The run-wide keys of the file in charge, where the command line and the
 * environment said nothing. */
static void run_wide(struct hl_options *o, const struct hl_config *c)
{
	if (!c)
		return;
	if (c->fail_on.text && !o->fail_on_given) {
		o->fail_never = !strcmp(c->fail_on.text, "none");
		if (!o->fail_never)
			hl_severity_parse(c->fail_on.text, &o->fail_on);
	}
	if (c->min_severity.text && !o->min_severity_given)
		hl_severity_parse(c->min_severity.text, &o->min_severity);
	if (c->strict.text && !strcmp(c->strict.text, "true"))
		o->strict = true;
	if (c->require_input.text && !strcmp(c->require_input.text, "true"))
		o->require_input = true;
}

bool hl_configs_init(struct hl_configs *cs, struct hl_options *opt,
		     const struct hl_rules *rules)
{
	memset(cs, 0, sizeof(*cs));
	cs->opt = opt;
	cs->base = rules;
	cs->cwd = getcwd(NULL, 0);
	if (!cs->cwd)
		cs->cwd = hl_cli_strdup("/");
	const char *fixed = opt->config;
	cs->fixed_from = "--config";
	if (!fixed && !opt->no_config) {
		const char *env = getenv("HARDLINT_CONFIG");
		if (env && *env) {
			fixed = env;
			cs->fixed_from = "HARDLINT_CONFIG";
		}
	}
	if (fixed) {
		cs->fixed = load(cs, fixed, fixed);
		if (!cs->fixed)
			return false;
		/* its globs are paths from where hardlint runs, as the
		 * command line's are */
		cs->fixed_dir = hl_cli_strdup(cs->cwd);
		run_wide(opt, cs->fixed);
		return true;
	}
	if (opt->no_config)
		return true;
	size_t k;
	if (!nearest(cs, cs->cwd, &k))
		return false;
	if (k != SIZE_MAX) {
		cs->top = cs->files[k].cfg;
		cs->top_dir = cs->files[k].dir;
	}
	run_wide(opt, cs->top);
	return true;
}

/* ------------------------------------------------------------------ */
/* Policies                                                           */

static void push(const char ***v, size_t *n, const char *s)
{
	*v = hl_cli_realloc((void *)*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

static void push_values(const char ***v, size_t *n,
			const struct hl_config_value *vals, size_t nv)
{
	for (size_t i = 0; i < nv; i++)
		push(v, n, vals[i].text);
}

static struct hl_pool cfg_pool; /* the policies' strings, for the run */

/* The rule's own severity, before any override. */
static enum hl_severity own_severity(const struct hl_rules *rules,
				     const char *name)
{
	const struct hl_rule_info *ri = hl_rules_find(rules, name, NULL);
	return ri ? ri->severity : HL_SEV_STYLE;
}

/* The policy's rules are now `copy` (a parameter set on the ones before),
 * freed with the policy. */
static void adopt(struct hl_policy *p, struct hl_rules *copy)
{
	p->copies = hl_cli_realloc(p->copies,
				   (p->ncopies + 1) * sizeof(*p->copies));
	p->copies[p->ncopies++] = copy;
	p->rules = copy;
}

static bool set_param(struct hl_policy *p, const struct hl_config *c,
		      const struct hl_config_param *cp)
{
	size_t k;
	hl_rules_find(p->rules, cp->rule.text, &k);
	/* kept for the run: the copy points at the array */
	const char **v = hl_pool_alloc(&cfg_pool, (cp->nvalues + 1) * sizeof(*v));
	for (size_t i = 0; i < cp->nvalues; i++)
		v[i] = cp->values[i].text;
	char why[300];
	struct hl_rules *copy = hl_rules_with_param(
		p->rules, k, cp->parameter.text, v, cp->nvalues, why,
		sizeof(why));
	if (!copy) {
		char names[256];
		const char *has = hl_rules_params(p->rules, k, names,
						  sizeof(names));
		at(c, &cp->parameter, "%s.%s: %s; %s%s",
		   hl_rules_get(p->rules, k)->slug, cp->parameter.text, why,
		   *has ? "its parameters: " : "it has none", has);
		return false;
	}
	adopt(p, copy);
	return true;
}

/* --set RULE.PARAM=V1,V2 */
static bool set_option(struct hl_policy *p, struct hl_pool *pool,
		       const char *given)
{
	char *spec = hl_pool_strdup(pool, given);
	char *eq = strchr(spec, '=');
	*eq = '\0';
	char *dot = strrchr(spec, '.');
	*dot = '\0';
	size_t k;
	if (!hl_rules_find(p->rules, spec, &k)) {
		const char *hint = hl_rules_suggest(p->rules, spec);
		fprintf(stderr,
			"hardlint: error: unknown rule '%s' in --set%s%s%s\n",
			spec, hint ? "; did you mean '" : "", hint ? hint : "",
			hint ? "'?" : "");
		return false;
	}
	size_t cap = 1;
	for (const char *c = eq + 1; *c; c++)
		cap += *c == ',';
	const char **v = hl_pool_alloc(pool, cap * sizeof(*v));
	size_t n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(eq + 1, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save))
		v[n++] = tok;
	char why[300];
	struct hl_rules *copy = hl_rules_with_param(p->rules, k, dot + 1, v, n,
						    why, sizeof(why));
	if (!copy) {
		char names[256];
		const char *has = hl_rules_params(p->rules, k, names,
						  sizeof(names));
		fprintf(stderr, "hardlint: error: --set %s.%s: %s; %s%s\n",
			hl_rules_get(p->rules, k)->slug, dot + 1, why,
			*has ? "its parameters: " : "it has none", has);
		return false;
	}
	adopt(p, copy);
	return true;
}

/* What `name` names of rule `ri` (`found`: the rule hl_rules_find gives
 * for it): UINT32_MAX the whole rule, the bit of a partial alias, or 0. */
static uint32_t named_part(const struct hl_rule_info *ri, const char *name,
		      const struct hl_rule_info *found)
{
	for (uint32_t i = 0; i < ri->npartial; i++)
		if (!strcasecmp(ri->partial[i], name))
			return hl_rule_part(ri, i);
	if (found == ri)
		return UINT32_MAX;
	for (uint32_t a = 0; a < ri->naliases; a++)
		if (!strcasecmp(ri->aliases[a], name))
			return UINT32_MAX;
	return 0;
}

/* The policy's ignores: those of `ic`, each with the rules it names
 * (aliases included). */
static void resolve_ignores(struct hl_policy *p, const struct hl_config *ic)
{
	size_t nrules = hl_rules_count(p->rules);
	for (size_t i = 0; ic && i < ic->nignores; i++) {
		const struct hl_config_ignore *g = &ic->ignores[i];
		p->ignores = hl_cli_realloc(p->ignores, (p->nignores + 1) *
								sizeof(*p->ignores));
		struct hl_policy_ignore *pi = &p->ignores[p->nignores++];
		pi->src = g;
		pi->hits = 0;
		pi->rules = NULL;
		if (!g->nrules)
			continue;
		pi->rules = calloc(nrules ? nrules : 1, sizeof(uint32_t));
		if (!pi->rules)
			hl_cli_oom(nrules);
		for (size_t j = 0; j < g->nrules; j++)
			for (size_t k = 0; k < nrules; k++)
				pi->rules[k] |= named_part(hl_rules_get(p->rules, k),
						      g->rules[j].text,
						      hl_rules_find(p->rules,
								    g->rules[j]
									    .text,
								    NULL));
	}
}

/* The command line's selection over the file's: `m` is `*cs->opt` with
 * the file's only (unless the command line gives its own), enable,
 * disable, severity overrides and profile before the command line's;
 * `adds` (a nested file under --strict) adds rules and raises severities
 * only. Free m's enable, disable, only and overrides. */
static void merge(struct hl_configs *cs, const struct hl_config *rule_cfg,
		  const struct hl_config *adds, struct hl_options *mp)
{
	const struct hl_options *o = cs->opt;
	struct hl_options m = *o;
	m.enable = m.disable = m.only = m.overrides = NULL;
	m.nenable = m.ndisable = m.nonly = m.noverrides = 0;
	if (!o->profile && rule_cfg && rule_cfg->profile.text)
		m.profile = rule_cfg->profile.text;
	if (o->nonly) {
		for (size_t i = 0; i < o->nonly; i++)
			push(&m.only, &m.nonly, o->only[i]);
	} else if (rule_cfg) {
		push_values(&m.only, &m.nonly, rule_cfg->only, rule_cfg->nonly);
	}
	/* --only is exactly these: the file's selection does not touch it */
	if (rule_cfg && !o->nonly) {
		push_values(&m.enable, &m.nenable, rule_cfg->enable,
			    rule_cfg->nenable);
		/* what the command line enables, the file does not turn
		 * off */
		for (size_t i = 0; i < rule_cfg->ndisable; i++) {
			const struct hl_rule_info *ri = hl_rules_find(
				cs->base, rule_cfg->disable[i].text, NULL);
			bool enabled = false;
			for (size_t j = 0; j < o->nenable; j++)
				enabled |= hl_rules_find(cs->base, o->enable[j],
							 NULL) == ri;
			if (!enabled)
				push(&m.disable, &m.ndisable,
				     rule_cfg->disable[i].text);
		}
	}
	if (rule_cfg) {
		for (size_t i = 0; i < rule_cfg->nseverities; i++)
			push(&m.overrides, &m.noverrides,
			     hl_pool_printf(&cfg_pool, "%s=%s",
					    rule_cfg->severities[i].rule.text,
					    rule_cfg->severities[i]
						    .severity.text));
	}
	if (adds) {
		if (!o->nonly)
			push_values(&m.enable, &m.nenable, adds->enable,
				    adds->nenable);
		for (size_t i = 0; i < adds->nseverities; i++) {
			enum hl_severity s = HL_SEV_STYLE;
			hl_severity_parse(adds->severities[i].severity.text,
					  &s);
			if (s >= own_severity(cs->base,
					      adds->severities[i].rule.text))
				push(&m.overrides, &m.noverrides,
				     hl_pool_printf(
					     &cfg_pool, "%s=%s",
					     adds->severities[i].rule.text,
					     adds->severities[i].severity.text));
		}
	}
	for (size_t i = 0; i < o->nenable; i++)
		push(&m.enable, &m.nenable, o->enable[i]);
	for (size_t i = 0; i < o->ndisable; i++)
		push(&m.disable, &m.ndisable, o->disable[i]);
	for (size_t i = 0; i < o->noverrides; i++)
		push(&m.overrides, &m.noverrides, o->overrides[i]);

	*mp = m;
}


/* Make the policy of configuration `c` (NULL: none) over the command
 * line. `top` is the top level's file when `c` is nested and --strict
 * holds: `c` then only adds rules and raises severities. */
static struct hl_policy *make(struct hl_configs *cs, const struct hl_config *c,
			      const char *dir, bool nested)
{
	const struct hl_options *o = cs->opt;
	struct hl_policy *p = hl_cli_realloc(NULL, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->cfg = c;
	p->dir = dir ? dir : cs->cwd;
	p->nested = nested;
	p->rules = cs->base;
	/* under --strict a nested file weakens nothing: the top level's
	 * file rules, and the nested one adds */
	const struct hl_config *rule_cfg = c, *adds = NULL;
	if (nested && o->strict) {
		rule_cfg = cs->top;
		adds = c;
		p->dropped = true;
	}
	struct hl_options m;
	merge(cs, rule_cfg, adds, &m);
	bool ok = true;
	/* parameters: the profile's, the file's, then --set */
	if (m.profile && strcmp(m.profile, "all")) {
		struct hl_rules *copy = hl_rules_for_profile(p->rules,
							     m.profile);
		if (copy) {
			adopt(p, copy);
		}
	}
	for (size_t i = 0; ok && rule_cfg && i < rule_cfg->nparams; i++)
		ok = set_param(p, rule_cfg, &rule_cfg->params[i]);
	for (size_t i = 0; ok && i < o->nsets; i++)
		ok = set_option(p, &cfg_pool, o->sets[i]);
	if (ok)
		ok = hl_select_rules(p->rules, &m, &p->enabled, &p->parts) &&
		     hl_select_overrides(p->rules, &m, &p->overrides,
					 &p->noverrides);
	free((void *)m.enable);
	free((void *)m.disable);
	free((void *)m.only);
	free((void *)m.overrides);

	/* the ignores: the file's own, never a nested one's under
	 * --strict */
	const struct hl_config *ic = adds ? rule_cfg : c;
	if (ok)
		resolve_ignores(p, ic);
	p->own = ic;
	if (adds)
		p->dir = cs->top_dir ? cs->top_dir : cs->cwd;
	cs->policies = hl_cli_realloc(cs->policies, (cs->npolicies + 1) *
							    sizeof(*cs->policies));
	cs->policies[cs->npolicies++] = p;
	if (!ok)
		return NULL;
	return p;
}

static struct hl_policy *policy_for(struct hl_configs *cs,
				    const struct hl_config *c, const char *dir,
				    bool nested)
{
	for (size_t i = 0; i < cs->npolicies; i++)
		if (cs->policies[i]->cfg == c)
			return cs->policies[i];
	if (nested && c->run_wide.text) {
		at(c, &c->run_wide,
		   "'%s' applies to the whole run: only the top-level "
		   "configuration (%s) may set it, not a nested one (or give "
		   "--config)",
		   c->run_wide.text,
		   cs->top ? cs->top->path
			   : "a .hardlint.yaml in the current directory or at "
			     "the work tree's root");
		return NULL;
	}
	return make(cs, c, dir, nested);
}

struct hl_policy *hl_configs_policy(struct hl_configs *cs, const char *fspath,
				    char *relbuf, size_t relsize,
				    const char **rel)
{
	*rel = NULL;
	const struct hl_config *c = cs->fixed ? cs->fixed : cs->top;
	const char *dir = cs->fixed ? cs->fixed_dir : cs->top_dir;
	bool nested = false;
	char *real = NULL;
	if (fspath) {
		real = real_dir(fspath);
		if (real && !cs->fixed && !cs->opt->no_config) {
			size_t k;
			if (!nearest(cs, real, &k)) {
				free(real);
				return NULL;
			}
			c = k == SIZE_MAX ? NULL : cs->files[k].cfg;
			dir = k == SIZE_MAX ? NULL : cs->files[k].dir;
			bool root = k != SIZE_MAX && cs->files[k].root;
			if (root && !cs->top) {
				/* run from outside: the work tree's own file
				 * is its top level */
				cs->top = cs->files[k].cfg;
				cs->top_dir = cs->files[k].dir;
				run_wide(cs->opt, c);
			}
			nested = c && c != cs->top;
		}
	}
	struct hl_policy *p = policy_for(cs, c, dir, nested);
	if (p && real) {
		/* the input's path from the policy's directory */
		const char *base = strrchr(fspath, '/');
		base = base ? base + 1 : fspath;
		size_t n = strlen(p->dir);
		const char *below = !strncmp(real, p->dir, n) &&
						    (real[n] == '/' || !real[n])
					    ? real + n + (real[n] == '/')
					    : NULL;
		if (below) {
			snprintf(relbuf, relsize, "%s%s%s", below,
				 *below ? "/" : "", base);
			*rel = relbuf;
		}
	}
	free(real);
	if (p)
		p->used++;
	return p;
}

static bool glob(const char *pattern, const char *s)
{
	/* ./a/ and /a/ are a/: the path is from the file's directory */
	while (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;
	while (pattern[0] == '/')
		pattern++;
	/* a star crosses '/'; a pattern naming a directory covers what is
	 * below it */
	if (!fnmatch(pattern, s, 0))
		return true;
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '/' && !strncmp(pattern, s, n))
		return true;
	return !strncmp(pattern, s, n) && s[n] == '/' &&
	       !strpbrk(pattern, "*?[");
}

bool hl_policy_excludes(const struct hl_policy *p, const char *rel)
{
	const struct hl_config *c = p->own;
	if (!c || !rel)
		return false;
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	for (size_t i = 0; i < c->nexclude; i++)
		if (glob(c->exclude[i].text, rel) ||
		    glob(c->exclude[i].text, base))
			return true;
	return false;
}

static bool field_matches(const struct hl_config_value *v, const char *s)
{
	return !v->text || !fnmatch(v->text, s ? s : "", 0);
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	if (!strftime(out, 11, "%Y-%m-%d", &tm))
		out[0] = '\0';
}

struct hl_policy_ignore *hl_policy_ignored(struct hl_policy *p,
					   const struct hl_finding *f,
					   const char *rel,
					   const char **expired_on)
{
	*expired_on = NULL;
	size_t k = SIZE_MAX;
	for (size_t i = 0; i < hl_rules_count(p->rules); i++)
		if (hl_rules_get(p->rules, i) == f->rule)
			k = i;
	char now[11];
	today(now);
	for (size_t i = 0; i < p->nignores; i++) {
		struct hl_policy_ignore *pi = &p->ignores[i];
		const struct hl_config_ignore *g = pi->src;
		/* a partial alias: every part the finding is about named */
		if (pi->rules &&
		    (k == SIZE_MAX ||
		     !(pi->rules[k] == UINT32_MAX ||
		       (f->parts && !(f->parts & ~pi->rules[k])))))
			continue;
		if (g->path.text && (!rel || !glob(g->path.text, rel)))
			continue;
		if ((g->kind.text || g->namespace.text || g->name.text ||
		     g->container.text) &&
		    !f->kind)
			continue; /* about an object: not a Dockerfile's */
		if (!field_matches(&g->kind, f->kind) ||
		    !field_matches(&g->namespace, f->namespace) ||
		    !field_matches(&g->name, f->name) ||
		    !field_matches(&g->container, f->container))
			continue;
		if (g->until.text && *now && strcmp(now, g->until.text) > 0) {
			*expired_on = g->until.text;
			continue;
		}
		return pi;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* What the log shows                                                 */

static void names(FILE *f, const struct hl_config_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", v[i].text);
}

/* What accepted findings through ignore `src`, in every policy that holds
 * it (under --strict a nested file's policy holds the top level's). */
static size_t total_hits(const struct hl_configs *cs,
			 const struct hl_config_ignore *src)
{
	size_t n = 0;
	for (size_t i = 0; i < cs->npolicies; i++)
		for (size_t j = 0; j < cs->policies[i]->nignores; j++)
			if (cs->policies[i]->ignores[j].src == src)
				n += cs->policies[i]->ignores[j].hits;
	return n;
}

/* A list of rule names, each alias followed by the rule it turns off. */
static void rule_names(FILE *f, const struct hl_configs *cs,
		       const struct hl_config_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s%s", i ? ", " : "", v[i].text);
		const struct hl_rule_info *ri =
			hl_rules_find(cs->base, v[i].text, NULL);
		bool partial = false;
		for (uint32_t k = 0; ri && k < ri->npartial; k++)
			partial |= !strcasecmp(ri->partial[k], v[i].text);
		if (ri && strcmp(ri->slug, v[i].text) && !partial)
			fprintf(f, " (all of %s)", ri->slug);
	}
}

/* One file's line of the log: what it turned off. */
/* What file `p` turned off, as its note says it after the path. */
static void effect(const struct hl_configs *cs, const struct hl_policy *p,
		   FILE *f)
{
	const struct hl_config *c = p->cfg;
	bool top = c == cs->fixed || c == cs->top;
	if (c == cs->fixed)
		fprintf(f, " (%s)", cs->fixed_from);
	else if (p->nested)
		fputs(" (nested)", f);
	const char *sep = ": ";
	if (p->dropped) {
		fputs(": --strict: only its enable and raised severities "
		      "count; the top level's file governs the rest",
		      f);
		sep = "; ";
	}
	if (!p->dropped && c->profile.text && strcmp(c->profile.text, "all") &&
	    !cs->opt->profile) {
		fprintf(f, "%sprofile %s", sep, c->profile.text);
		sep = "; ";
	}
	if (!p->dropped && c->nonly && !cs->opt->nonly) {
		fprintf(f, "%sonly ", sep);
		rule_names(f, cs, c->only, c->nonly);
		sep = "; ";
	}
	if (!p->dropped && c->ndisable && !cs->opt->nonly) {
		fprintf(f, "%sdisables ", sep);
		rule_names(f, cs, c->disable, c->ndisable);
		sep = "; ";
	}
	size_t lowers = 0;
	for (size_t j = 0; j < c->nseverities; j++) {
		enum hl_severity s = HL_SEV_STYLE;
		hl_severity_parse(c->severities[j].severity.text, &s);
		lowers += s < own_severity(cs->base, c->severities[j].rule.text);
	}
	if (!p->dropped && lowers) {
		fprintf(f, "%slowers %zu severit%s", sep, lowers,
			lowers == 1 ? "y" : "ies");
		sep = "; ";
	}
	if (!p->dropped && c->nparams) {
		fprintf(f, "%ssets %zu parameter%s", sep, c->nparams,
			c->nparams == 1 ? "" : "s");
		sep = "; ";
	}
	if (!p->dropped && c->nexclude) {
		fprintf(f, "%sexcludes ", sep);
		names(f, c->exclude, c->nexclude);
		sep = "; ";
	}
	if (!p->dropped && p->nignores) {
		size_t hits = 0;
		for (size_t j = 0; j < p->nignores; j++)
			hits += total_hits(cs, p->ignores[j].src);
		fprintf(f, "%s%zu ignore%s accepted %zu finding%s", sep,
			p->nignores, p->nignores == 1 ? "" : "s", hits,
			hits == 1 ? "" : "s");
		sep = "; ";
	}
	if (top && c->fail_on.text && !cs->opt->fail_on_given) {
		fprintf(f, "%sfails on %s", sep, c->fail_on.text);
		sep = "; ";
	}
	if (top && c->min_severity.text && !cs->opt->min_severity_given) {
		fprintf(f, "%shides findings below %s", sep,
			c->min_severity.text);
		sep = "; ";
	}
	/* a nested file replaces the top level's for its files: what of
	 * the top level's does not apply there (a team's trusted registries,
	 * its ignores) is said, never silently dropped */
	const struct hl_config *t = cs->fixed ? NULL : cs->top;
	if (p->nested && !p->dropped && t && t != c) {
		size_t parts[] = {t->nparams, t->nenable, t->nseverities,
				  t->nignores, t->nexclude};
		static const char *const what[][2] = {
			{"parameter", "parameters"},
			{"enabled rule", "enabled rules"},
			{"severity override", "severity overrides"},
			{"ignore", "ignores"},
			{"exclude", "excludes"},
		};
		bool any = t->profile.text && strcmp(t->profile.text, "all");
		for (size_t k = 0; k < 5; k++)
			any |= parts[k] != 0;
		if (any) {
			fprintf(f, "%sreplaces %s for its files (its", sep,
				t->path);
			const char *s2 = " ";
			if (t->profile.text && strcmp(t->profile.text, "all")) {
				fprintf(f, "%sprofile %s", s2, t->profile.text);
				s2 = ", ";
			}
			size_t total = strcmp(s2, " ") ? 2 : 0;
			for (size_t k = 0; k < 5; k++)
				if (parts[k]) {
					fprintf(f, "%s%zu %s", s2, parts[k],
						what[k][parts[k] != 1]);
					s2 = ", ";
					total += parts[k];
				}
			fputs(total == 1 ? " does not apply there)"
					 : " do not apply there)",
			      f);
			sep = "; ";
		}
	}
	if (!strcmp(sep, ": "))
		fputs(": turns nothing off", f);
}

void hl_configs_notes(const struct hl_configs *cs, FILE *f,
		      struct hl_outputs *o)
{
	for (size_t i = 0; i < cs->npolicies; i++) {
		const struct hl_policy *p = cs->policies[i];
		if (!p->cfg || !p->used)
			continue;
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);
		if (!m)
			hl_cli_oom(0);
		effect(cs, p, m);
		if (fclose(m))
			hl_cli_oom(0);
		if (f)
			fprintf(f, "hardlint: note: configuration %s%s\n",
				p->cfg->path, text);
		if (o) {
			const char *e = text;
			while (*e == ' ' || *e == ':')
				e++;
			hl_outputs_config(o, p->cfg->path, e);
		}
		free(text);
	}
}

void hl_configs_unused(const struct hl_configs *cs, FILE *f,
		       struct hl_outputs *o)
{
	/* each ignore that accepted nothing, once, wherever it was used */
	for (size_t i = 0; i < cs->npolicies; i++) {
		const struct hl_policy *p = cs->policies[i];
		for (size_t j = 0; p->used && j < p->nignores; j++) {
			const struct hl_config_ignore *g = p->ignores[j].src;
			bool seen = false;
			for (size_t k = 0; k < i && !seen; k++)
				for (size_t x = 0;
				     cs->policies[k]->used &&
				     x < cs->policies[k]->nignores;
				     x++)
					seen |= cs->policies[k]->ignores[x].src ==
						g;
			if (seen || total_hits(cs, g))
				continue;
			const struct hl_config *owner = p->own;
			const char *path = owner ? owner->path : "";
			fprintf(f,
				"%s:%u:%u: note: this ignore accepted no "
				"finding (--report-unused-suppressions)\n",
				path, g->line, g->col);
			struct hl_unused u = {{g->line, g->col}, NULL, NULL,
					      "config"};
			hl_outputs_unused(o, path, &u);
		}
	}
}

/* ------------------------------------------------------------------ */
/* --print-config                                                     */

static void from(FILE *f, const struct hl_config *c,
		 const struct hl_config_value *v)
{
	fprintf(f, "  # %s:%u:%u\n", c->path, v->line, v->col);
}

static void list_of(FILE *f, const char *key, const struct hl_config *c,
		    const struct hl_config_value *v, size_t n,
		    const char *const *cli, size_t ncli, const char *flag)
{
	if (!n && !ncli)
		return;
	fprintf(f, "%s:\n", key);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "  - %s", v[i].text);
		from(f, c, &v[i]);
	}
	for (size_t i = 0; i < ncli; i++)
		fprintf(f, "  - %s  # %s\n", cli[i], flag);
}

/* --print-config's ignores: those of `owner` the policy holds. */
static void print_ignores(FILE *f, const struct hl_policy *p,
			  const struct hl_config *owner)
{
	if (p && p->nignores) {
		fputs("ignores:\n", f);
		for (size_t i = 0; i < p->nignores; i++) {
			const struct hl_config_ignore *g = p->ignores[i].src;
			if (g->nrules) {
				fputs("  - rules: [", f);
				names(f, g->rules, g->nrules);
				fputc(']', f);
			} else {
				fputs("  - rules: any", f);
			}
			fprintf(f, "  # %s:%u:%u\n",
				owner->path, g->line,
				g->col);
			const struct hl_config_value *fv[] = {
				&g->path, &g->kind,   &g->namespace, &g->name,
				&g->container, &g->reason, &g->until};
			static const char *const fk[] = {
				"path",	     "kind",   "namespace", "name",
				"container", "reason", "until"};
			for (size_t j = 0; j < 7; j++)
				if (fv[j]->text)
					fprintf(f, "    %s: \"%s\"\n", fk[j],
						fv[j]->text);
		}
	}
}

void hl_configs_print(struct hl_configs *cs, FILE *f, const char *path)
{
	char relbuf[PATH_MAX], inside[PATH_MAX];
	const char *rel;
	/* a directory: as a file in it would be (svc/a as svc/a/) */
	struct stat st;
	const char *at = path;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (size_t)snprintf(inside, sizeof(inside), "%s/.", path) <
		    sizeof(inside))
		at = inside;
	struct hl_policy *p = hl_configs_policy(cs, at, relbuf, sizeof(relbuf),
						&rel);
	const struct hl_options *o = cs->opt;
	const struct hl_config *c = p ? p->cfg : NULL;
	fprintf(f, "# the configuration hardlint uses for %s\n", path);
	if (!c)
		fprintf(f, "# no configuration file (%s)\n",
			o->no_config ? "--no-config"
				     : "none found up to the work tree's "
				       "root");
	else
		fprintf(f, "# file: %s%s\n", c->path,
			p->nested ? " (nested)" : "");
	const struct hl_config *top = cs->fixed ? cs->fixed : cs->top;
	const char *src;
	src = o->fail_on_given ? "command line or HARDLINT_FAIL_ON"
	      : top && top->fail_on.text ? top->path
					 : "default";
	fprintf(f, "fail-on: %s  # %s\n",
		o->fail_never ? "none" : hl_severity_name(o->fail_on), src);
	src = o->min_severity_given		 ? "command line"
	      : top && top->min_severity.text ? top->path
					      : "default";
	fprintf(f, "min-severity: %s  # %s\n",
		hl_severity_name(o->min_severity), src);
	fprintf(f, "strict: %s\n", o->strict ? "true" : "false");
	fprintf(f, "require-input: %s\n", o->require_input ? "true" : "false");
	const char *prof = o->profile	       ? o->profile
			   : c && c->profile.text ? c->profile.text
						  : "all";
	fprintf(f, "profile: %s  # %s\n", prof,
		o->profile		 ? "--profile"
		: c && c->profile.text ? c->path
				       : "default");
	bool live = c && !(p && p->dropped);
	if (p && p->dropped && p->own) {
		c = p->own; /* the top level's, with the nested additions */
		live = true;
	}
	static const struct hl_config none = {.path = ""};
	const struct hl_config *nested = p && p->dropped ? p->cfg : c;
	if (!c)
		c = &none;
	if (!nested)
		nested = &none;
	/* --only is exactly those: the file's selection does not count */
	bool sel = live && !o->nonly;
	list_of(f, "only", c, sel ? c->only : NULL, sel ? c->nonly : 0,
		o->only, o->nonly, "--only");
	list_of(f, "enable", c, o->nonly ? NULL : c->enable,
		o->nonly ? 0 : c->nenable, o->enable, o->nenable, "--enable");
	if (nested != c && !o->nonly)
		list_of(f, "enable (nested)", nested, nested->enable,
			nested->nenable, NULL, 0, "");
	list_of(f, "disable", c, sel ? c->disable : NULL,
		sel ? c->ndisable : 0, o->disable, o->ndisable, "--disable");
	if (p && p->noverrides) {
		/* in the order they apply: the last one for a rule wins */
		fputs("severity-overrides:  # the last for a rule wins\n", f);
		struct hl_override *cli = NULL;
		size_t ncli = 0;
		hl_select_overrides(p->rules, o, &cli, &ncli);
		free(cli);
		size_t nfile = p->noverrides - ncli;
		for (size_t i = 0; i < p->noverrides; i++)
			fprintf(f, "  - rule: %s\n    severity: %s  # %s\n",
				p->overrides[i].rule->slug,
				hl_severity_name(p->overrides[i].severity),
				i < nfile ? c->path : "--severity-override");
	}
	if ((live && c->nparams) || o->nsets) {
		fputs("parameters:\n", f);
		for (size_t i = 0; live && i < c->nparams; i++) {
			fprintf(f, "  - rule: %s\n    parameter: %s\n    values: [",
				c->params[i].rule.text,
				c->params[i].parameter.text);
			names(f, c->params[i].values, c->params[i].nvalues);
			fputc(']', f);
			from(f, c, &c->params[i].rule);
		}
		for (size_t i = 0; i < o->nsets; i++)
			fprintf(f, "  - %s  # --set\n", o->sets[i]);
	}
	list_of(f, "exclude", c, live ? c->exclude : NULL,
		live ? c->nexclude : 0, o->excludes, o->nexcludes,
		"--exclude");
	print_ignores(f, p, p && p->dropped ? top : c);
	if (p && p->enabled) {
		size_t on = 0, n = hl_rules_count(p->rules);
		for (size_t i = 0; i < n; i++)
			on += p->enabled[i];
		fprintf(f, "# %zu of %zu rules run\n", on, n);
	} else if (p) {
		fprintf(f, "# all %zu rules run\n", hl_rules_count(p->rules));
	}
}

void hl_configs_release(struct hl_configs *cs)
{
	for (size_t i = 0; i < cs->npolicies; i++) {
		struct hl_policy *p = cs->policies[i];
		if (p->linter)
			hl_linter_free(p->linter);
		free(p->enabled);
		free(p->parts);
		free(p->overrides);
		for (size_t j = 0; j < p->nignores; j++)
			free(p->ignores[j].rules);
		free(p->ignores);
		while (p->ncopies)
			hl_rules_free(p->copies[--p->ncopies]);
		free(p->copies);
		free(p);
	}
	free(cs->policies);
	for (size_t i = 0; i < cs->nfiles; i++) {
		hl_config_free(cs->files[i].cfg);
		free(cs->files[i].dir);
	}
	free(cs->files);
	for (size_t i = 0; i < cs->ndirs; i++)
		free(cs->dirs[i].dir);
	free(cs->dirs);
	hl_config_free(cs->fixed);
	free(cs->fixed_dir);
	free(cs->cwd);
	hl_pool_release(&cfg_pool);
	memset(cs, 0, sizeof(*cs));
}
