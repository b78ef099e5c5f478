/*
 * main: the hardlint command. Reads the options, loads the rules, finds
 * the inputs, lints each in order through the library (hardlint.h, the
 * only header of the library it includes) and hands every finding,
 * error and tree to the output as it comes; the exit status is decided in
 * one place at the end.
 */
#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/config.h"
#include "cli/discover.h"
#include "cli/examples.h"
#include "cli/guard.h"
#include "cli/options.h"
#include "cli/pool.h"
#include "cli/render.h"
#include "cli/select.h"
#include "hardlint.h"
#include "output/mem.h"
#include "output/output.h"

enum exit_status {
	EXIT_CLEAN = 0,	   /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1, /* a finding at or above --fail-on */
	EXIT_ERROR = 2,	   /* a usage error or an input that was not checked */
};

struct run {
	struct hl_options opt;
	const struct hl_rules *rules; /* built in, and --rules */
	struct hl_loader *loader;
	struct hl_configs configs;
	struct hl_policy *top;	/* the policy of standard input, and of
				   --list-rules, --explain, --test-rules */
	struct hl_policy *now;	/* the policy of the input being linted */
	const char *rel;	/* its path from the policy's directory */
	struct hl_baseline baseline;	   /* --baseline */
	struct hl_baseline_out written; /* --write-baseline */
	struct hl_outputs out;
	struct hl_summary sum;
	bool failing;
	bool dump_paths; /* --dump-ast of several inputs: say whose tree */
};

/* HARDLINT_NO_JIT: the PCRE2 interpreter only (valgrind cannot follow
 * JIT code; tests/memcheck.sh sets it). */
static bool no_jit(void)
{
	return getenv("HARDLINT_NO_JIT") != NULL;
}

static void on_path_error(const char *path, const char *msg, void *ctx)
{
	struct run *r = ctx;
	struct hl_error e = {.code = HL_ERR_IO,
			     .path = path,
			     .line = 1,
			     .col = 1,
			     .message = msg};
	hl_outputs_error(&r->out, &e);
	r->sum.errors++;
}

static bool excluded(const struct run *r, const struct hl_input *in);

/* A symlink a walk did not follow: a note now, a line of the summary, and
 * an entry of JSON's "skipped" (nothing for a path --exclude leaves
 * out). */
static void on_path_refused(const char *path, const char *reason, void *ctx)
{
	struct run *r = ctx;
	struct hl_input as = {.fspath = path, .path = path};
	if (excluded(r, &as))
		return;
	if (!r->opt.quiet)
		hl_outputs_note(&r->out, path, reason);
	hl_outputs_skipped(&r->out, path, reason);
	r->sum.links++;
}

/* A rule directory walked: each rule or list file to the loader. */
struct rule_dir {
	struct hl_loader *loader;
	const char *prefix; /* how the files are named: DIR/ */
	bool ok;
};

static void on_rule_file(const char *fspath, const char *rel,
			 const struct hl_file_id *id, bool linked, void *ctx)
{
	(void)id;
	(void)linked;
	struct rule_dir *d = ctx;
	size_t n = strlen(rel);
	if (!(n > 5 && !strcmp(rel + n - 5, ".yaml")) &&
	    !(n > 4 && !strcmp(rel + n - 4, ".yml")))
		return;
	char *name = hl_cli_realloc(NULL, strlen(d->prefix) + n + 1);
	sprintf(name, "%s%s", d->prefix, rel);
	if (!hl_loader_add_file(d->loader, fspath, name))
		d->ok = false;
	free(name); /* the loader keeps its own copy */
}

static void on_rule_dir_error(const char *path, const char *msg, void *ctx)
{
	struct rule_dir *d = ctx;
	struct hl_error e = {.code = HL_ERR_RULE, .path = path, .message = msg};
	hl_print_error(stderr, &e);
	d->ok = false;
}

/* A rule file the walk would not follow (a symlink out of the directory,
 * or to nothing) is not left out in silence: the rules are not loaded. */
static void on_rule_link(const char *fspath, const char *rel,
			 const char *reason, void *ctx)
{
	size_t n = strlen(rel);
	if ((n > 5 && !strcmp(rel + n - 5, ".yaml")) ||
	    (n > 4 && !strcmp(rel + n - 4, ".yml")))
		on_rule_dir_error(fspath, reason, ctx);
}

/* Load --rules directories on top of the built-in rules. */
static bool load_rules(struct run *r)
{
	r->rules = hl_rules_builtin();
	if (!r->opt.nrule_dirs)
		return true;
	r->loader = hl_loader_new();
	bool ok = true;
	for (size_t i = 0; i < r->opt.nrule_dirs; i++) {
		const char *dir = r->opt.rule_dirs[i];
		size_t n = strlen(dir);
		char *prefix = hl_cli_realloc(NULL, n + 2);
		snprintf(prefix, n + 2, "%s%s", dir,
			 n && dir[n - 1] == '/' ? "" : "/");
		struct rule_dir d = {r->loader, prefix, true};
		hl_walk_tree(dir, NULL, on_rule_file, on_rule_link,
			     on_rule_dir_error, &d);
		ok &= d.ok;
		free(prefix);
	}
	const struct hl_rules *rs = hl_loader_finish(r->loader);
	const struct hl_error *errs;
	size_t n = hl_loader_errors(r->loader, &errs);
	for (size_t i = 0; i < n; i++)
		hl_print_error(stderr, &errs[i]);
	if (!rs || !ok)
		return false;
	r->rules = rs;
	return true;
}

/* ------------------------------------------------------------------ */
/* What the library hands back: every finding comes through here      */

static void on_finding(void *ctx, const struct hl_finding *cf)
{
	struct run *r = ctx;
	struct hl_finding copy = *cf, *f = &copy;
	struct hl_policy *p = r->now;
	if (p->parts) {
		/* a partial alias selected part of its rule: the rest is not
		 * reported, as if not run */
		size_t n = hl_rules_count(p->rules), k = 0;
		while (k < n && hl_rules_get(p->rules, k) != f->rule)
			k++;
		if (k < n && hl_part_dropped(p->parts, k, f->parts))
			return;
	}
	for (size_t i = 0; i < p->noverrides; i++)
		if (p->overrides[i].rule == f->rule)
			f->severity = p->overrides[i].severity;
	if (f->severity < r->opt.min_severity)
		return;
	char msg[2048];
	if (!f->suppressed) {
		const char *expired;
		struct hl_policy_ignore *ig =
			hl_policy_ignored(p, f, r->rel, &expired);
		bool reasoned = ig && ig->src->reason.text &&
				*ig->src->reason.text;
		if (ig && !reasoned && r->opt.require_reason) {
			snprintf(msg, sizeof(msg),
				 "%s (its configuration ignore gives no "
				 "reason, and --require-reason asks for one)",
				 f->message);
			f->message = msg;
		} else if (ig) {
			ig->hits++;
			f->suppressed = "config";
			f->suppress_reason =
				ig->src->reason.text ? ig->src->reason.text
						     : "";
		} else if (expired) {
			snprintf(msg, sizeof(msg),
				 "%s (its configuration ignore expired on "
				 "%s)",
				 f->message, expired);
			f->message = msg;
		}
	}
	if (!f->suppressed && r->opt.write_baseline)
		hl_baseline_add(&r->written, f);
	if (!f->suppressed && r->opt.baseline &&
	    hl_baseline_take(&r->baseline, f)) {
		f->suppressed = "baseline";
		f->suppress_reason = "";
	}
	if (f->suppressed) {
		/* accepted: not counted, never failing; listed when asked */
		r->sum.suppressed++;
		if (r->opt.show_suppressed)
			hl_outputs_finding(&r->out, f);
		return;
	}
	hl_outputs_finding(&r->out, f);
	r->sum.findings++;
	r->sum.by_severity[f->severity]++;
	if (!r->opt.fail_never && f->severity >= r->opt.fail_on)
		r->failing = true;
}

static void on_error(void *ctx, const struct hl_error *e)
{
	struct run *r = ctx;
	hl_outputs_error(&r->out, e);
}

static void on_unresolved(void *ctx, const char *path,
			  const struct hl_unresolved *u)
{
	struct run *r = ctx;
	hl_outputs_unresolved(&r->out, path, u);
	r->sum.unresolved++;
}

static void on_unused(void *ctx, const char *path, const struct hl_unused *u)
{
	struct run *r = ctx;
	hl_outputs_unused(&r->out, path, u);
	hl_outputs_flush(&r->out);
	fprintf(stderr,
		"%s:%u:%u: note: this suppression of '%s' (%s) accepted no "
		"finding (--report-unused-suppressions)\n",
		path, u->pos.line, u->pos.col, u->name, u->rule);
}

static void on_tree(void *ctx, const char *path, const struct hl_node *root)
{
	struct run *r = ctx;
	hl_output_tree(stdout, path, root, r->dump_paths);
}

static void on_done(void *ctx, const struct hl_input_summary *s)
{
	struct run *r = ctx;
	if (s->errors)
		r->sum.errors++;
	if (s->skipped) {
		hl_outputs_skipped(&r->out, s->path, s->skipped);
		if (s->helm_template)
			r->sum.helm++;
		else
			r->sum.skipped++;
		return;
	}
	if (!s->errors || s->findings) {
		r->sum.files++;
		hl_outputs_input(&r->out, s->path);
	}
	if (s->patch)
		r->sum.patches++;
}

/* The notes for a run that linted nothing. */
static void say_nothing(const struct run *r, const struct hl_inputs *in,
			size_t n, size_t left_out, size_t excluded,
			size_t path_errors)
{
	if (n == 0 && in->dirs_empty && !path_errors)
		fprintf(stderr, "hardlint: note: no Dockerfile or Kubernetes "
				"manifest found to lint\n");
	else if (n && left_out == n && !path_errors && excluded)
		fprintf(stderr,
			"hardlint: note: nothing left to lint: %zu file%s left "
			"out by an exclude%s\n",
			excluded, excluded == 1 ? "" : "s",
			left_out > excluded ? ", the others by --kind" : "");
	else if (n && left_out == n && !path_errors)
		fprintf(stderr,
			"hardlint: note: no %s found to lint (--kind %s left "
			"out %zu other file%s)\n",
			r->opt.kind == HL_KIND_DOCKERFILE
				? "Dockerfile"
				: "Kubernetes manifest",
			r->opt.kind == HL_KIND_DOCKERFILE ? "dockerfile"
							  : "kubernetes",
			left_out, left_out == 1 ? "" : "s");
}

/* --exclude: does a glob match the input's path as printed, or its name?
 * (a star crosses '/': vendor/STAR is everything below vendor.) */
/* The path --stdin-filename gives standard input, or NULL. */
static const char *named_stdin(const struct run *r)
{
	return strcmp(r->opt.stdin_name, "<stdin>") ? r->opt.stdin_name : NULL;
}

static bool excluded(const struct run *r, const struct hl_input *in)
{
	if (!in->fspath && !named_stdin(r))
		return false; /* standard input is what the caller gave */
	const char *base = strrchr(in->path, '/');
	base = base ? base + 1 : in->path;
	for (size_t i = 0; i < r->opt.nexcludes; i++) {
		const char *g = r->opt.excludes[i];
		if (!fnmatch(g, in->path, 0) || !fnmatch(g, base, 0))
			return true;
		/* ./x and x are the same path */
		if (!strncmp(in->path, "./", 2) && !fnmatch(g, in->path + 2, 0))
			return true;
	}
	return false;
}

/* A linter for policy `p` that may split a large YAML stream over
 * `threads` threads (0: the library's default; without --jobs, never
 * more than it). */
static struct hl_linter *new_linter(const struct run *r,
				     const struct hl_policy *p, unsigned threads)
{
	struct hl_lint_options lo;
	hl_lint_options_init(&lo);
	lo.rules = p->rules;
	lo.enabled = p->enabled;
	lo.strict = r->opt.strict;
	lo.require_reason = r->opt.require_reason;
	lo.report_unused = r->opt.report_unused;
	for (size_t i = 0; i < r->opt.nformats; i++)
		lo.excerpts |= r->opt.formats[i] == HL_FORMAT_TEXT;
	lo.helm_skip = r->opt.helm_skip;
	lo.skip_non_manifests = r->opt.skip_non_manifests;
	lo.kind = r->opt.kind;
	if (r->opt.max_file_size)
		lo.max_file_size = r->opt.max_file_size;
	if (r->opt.match_limit)
		lo.match_limit = r->opt.match_limit;
	lo.no_jit = no_jit();
	if (threads && (r->opt.jobs || threads < lo.threads))
		lo.threads = threads;
	if (r->opt.yaml_max_nodes)
		lo.yaml_max_nodes = r->opt.yaml_max_nodes;
	if (r->opt.yaml_max_aliases)
		lo.yaml_max_aliases = r->opt.yaml_max_aliases;
	if (r->opt.yaml_max_depth)
		lo.yaml_max_depth = r->opt.yaml_max_depth;
	lo.target = r->opt.target;
	lo.context = r->opt.context;
	lo.build_args = r->opt.build_args;
	lo.nbuild_args = r->opt.nbuild_args;
	lo.dump = r->opt.dump_ast;
	/* large streams are mapped, so 100 MB of manifests costs a few MB;
	 * the guard catches a file truncated under us */
	lo.map_files = true;
	lo.on_map = hl_guard_on_map;
	struct hl_linter *l;
	hl_linter_new(&lo, &l);
	return l;
}

/* --render: lint what the job's tool makes of its directory; 1 when an
 * exclude left it out, else 0. A tool that is missing or fails is an
 * error: what it would have rendered is not checked. */
static size_t render(struct run *r, struct hl_pool *pool,
		     const struct hl_render_job *j, struct hl_policy *p,
		     const char *rel, const struct hl_handler *h)
{
	struct hl_input as = {.fspath = j->dir, .path = j->path};
	if (excluded(r, &as) || hl_policy_excludes(p, rel))
		return 1;
	enum hl_render_tool t = (enum hl_render_tool)j->tool;
	const char *cmd = hl_render_command(t);
	size_t max = r->opt.max_file_size ? r->opt.max_file_size
					  : (size_t)64 << 20;
	struct hl_rendered out;
	int rc = hl_render_run(t, j->dir, max, &out);
	char msg[1200];
	if (rc == HL_RENDER_MISSING) {
		snprintf(msg, sizeof(msg),
			 "--render: `%s` cannot run: %s is not on PATH; this "
			 "%s is not checked",
			 cmd, t == HL_RENDER_HELM ? "helm" : "kubectl",
			 t == HL_RENDER_HELM ? "chart" : "kustomization");
	} else if (rc == HL_RENDER_TOO_BIG) {
		snprintf(msg, sizeof(msg),
			 "--render: `%s` wrote more than %zu bytes (the input "
			 "size limit): not checked",
			 cmd, max);
	} else if (rc != HL_RENDER_OK) {
		/* its own reason: the first line it wrote to stderr */
		const char *why = out.err ? out.err : "";
		size_t wl = strcspn(why, "\n");
		snprintf(msg, sizeof(msg),
			 "--render: `%s` failed%s%.*s; not checked", cmd,
			 wl ? ": " : "", (int)(wl > 600 ? 600 : wl), why);
	}
	if (rc != HL_RENDER_OK) {
		on_path_error(j->path, msg, r);
		hl_rendered_release(&out);
		return 0;
	}
	size_t len = out.len;
	char *text = t == HL_RENDER_HELM
			     ? hl_render_sources(out.text, out.len, j->path, &len)
			     : NULL;
	if (!p->linter)
		p->linter = new_linter(r, p, r->opt.jobs);
	/* lives as long as the run: what is kept of a finding points in */
	const char *path = hl_pool_printf(pool, "%s (%s)", j->path, cmd);
	r->now = p;
	r->rel = rel;
	hl_lint_rendered(p->linter, path, text ? text : out.text, len, h);
	free(text);
	hl_rendered_release(&out);
	return 0;
}

/* What the run left out: by --exclude, by the repository's ignore files,
 * by a configuration's exclude. */
static void left_out_notes(const struct run *r, const struct hl_inputs *in,
			   size_t excluded_n, size_t excluded_cfg)
{
	if (excluded_n && !r->opt.quiet)
		fprintf(stderr,
			"hardlint: note: %zu file%s left out by --exclude\n",
			excluded_n, excluded_n == 1 ? "" : "s");
	if ((in->ignored || in->ignored_dirs) && !r->opt.quiet)
		fprintf(stderr,
			"hardlint: note: left out what the repository ignores: "
			"%zu file%s, %zu director%s (%s; --no-ignore walks "
			"them)\n",
			in->ignored, in->ignored == 1 ? "" : "s", in->ignored_dirs,
			in->ignored_dirs == 1 ? "y" : "ies",
			!strcmp(in->ignored_how, "git") ? "git ls-files"
						      : ".gitignore");
	if (excluded_cfg && !r->opt.quiet)
		fprintf(stderr,
			"hardlint: note: %zu file%s left out by the exclude "
			"of a configuration file\n",
			excluded_cfg, excluded_cfg == 1 ? "" : "s");
}

/* The policy of the input at `at` (NULL: standard input, unnamed) and
 * its path from the policy's directory; false when a configuration file
 * cannot load. */
/* What the pool needs of the run: a linter for a policy (on a worker's
 * thread: it reads the options only), and each input's policy set before
 * its results are handed on. */
struct job_at {
	struct hl_policy *policy;
	const char *rel;
};

struct lint_ctx {
	struct run *r;
	const struct job_at *at;
	unsigned threads; /* each worker's share of the threads */
};

static struct hl_linter *make_linter(void *ctx, void *policy)
{
	const struct lint_ctx *lc = ctx;
	return new_linter(lc->r, policy, lc->threads);
}

static void before_input(void *ctx, size_t i)
{
	const struct lint_ctx *lc = ctx;
	lc->r->now = lc->at[i].policy;
	lc->r->rel = lc->at[i].rel;
}

static bool policy_of(struct run *r, struct hl_pool *pool, const char *at,
		      struct hl_policy **pol, const char **rel)
{
	char buf[4096];
	const char *x;
	*pol = hl_configs_policy(&r->configs, at, buf, sizeof(buf), &x);
	*rel = x ? hl_pool_strdup(pool, x) : NULL;
	return *pol != NULL;
}

/* Long: the run in its order (inputs, every configuration before any
 * lint, the inputs, the renders, the notes, the status), each step a call
 * or a short loop; split, its dozen shared locals would become a struct
 * passed around for no reader's gain. */
static int run_lint(struct run *r)
{
	struct hl_pool pool = {NULL, 0, 0};
	struct hl_inputs in = {0};
	bool reads_stdin = false;
	for (size_t i = 0; i < r->opt.npaths; i++)
		if (!strcmp(r->opt.paths[i], "-"))
			reads_stdin = true;
	if (!reads_stdin && strcmp(r->opt.stdin_name, "<stdin>"))
		fprintf(stderr, "hardlint: note: --stdin-filename names "
				"standard input (-), which is not among the "
				"paths: it is not used\n");
	in.no_ignore = r->opt.no_ignore;
	in.render = r->opt.render;
	hl_discover(&pool, r->opt.paths, r->opt.npaths, r->opt.stdin_name, &in,
		    on_path_error, on_path_refused, r);
	size_t path_errors = r->sum.errors;
	r->dump_paths = in.n > 1;

	/* every input's configuration first: one that cannot load stops
	 * the run before anything is linted */
	struct hl_policy **pol = hl_cli_realloc(NULL, (in.n + 1) * sizeof(*pol));
	const char **rels = hl_cli_realloc(NULL, (in.n + 1) * sizeof(*rels));
	struct hl_policy **rpol =
		hl_cli_realloc(NULL, (in.nrenders + 1) * sizeof(*rpol));
	const char **rrels =
		hl_cli_realloc(NULL, (in.nrenders + 1) * sizeof(*rrels));
	bool config_ok = true;
	/* a chart's or kustomization's: its directory's */
	for (size_t i = 0; i < in.nrenders; i++)
		config_ok &= policy_of(
			r, &pool, hl_pool_printf(&pool, "%s/.", in.renders[i].dir),
			&rpol[i], &rrels[i]);
	/* standard input with --stdin-filename: as if it were that file
	 * (its configuration, the globs that match it) */
	for (size_t i = 0; i < in.n; i++)
		config_ok &= policy_of(r, &pool,
				       in.v[i].fspath ? in.v[i].fspath
						      : named_stdin(r),
				       &pol[i], &rels[i]);
	if (!config_ok) {
		free(rpol);
		free(rrels);
		free(in.renders);
		free(pol);
		free(rels);
		free(in.v);
		hl_pool_release(&pool);
		return EXIT_ERROR;
	}
	struct hl_handler h = {r,	      on_finding, on_error,
			       on_unresolved, on_tree,	  on_unused,
			       on_done};
	if (!r->opt.dump_ast) {
		hl_outputs_begin(&r->out);
		h.tree = NULL; /* no trees: the inputs may go to workers */
	}
	size_t left_out = 0, excluded_n = 0, excluded_cfg = 0;
	struct hl_job *jobs = hl_cli_realloc(NULL, (in.n + 1) * sizeof(*jobs));
	struct job_at *at = hl_cli_realloc(NULL, (in.n + 1) * sizeof(*at));
	size_t njobs = 0;
	for (size_t i = 0; i < in.n; i++) {
		/* --kind on a walk: only the files of that kind */
		if (in.v[i].walked && r->opt.kind != HL_KIND_NONE &&
		    in.v[i].kind != r->opt.kind) {
			left_out++;
			continue;
		}
		if (excluded(r, &in.v[i])) {
			excluded_n++;
			left_out++;
			continue;
		}
		if (hl_policy_excludes(pol[i], rels[i])) {
			excluded_cfg++;
			left_out++;
			continue;
		}
		/* fingerprints from the work tree's root: the same whatever
		 * directory the run is in */
		in.v[i].key_path = hl_configs_key_path(
			&r->configs, &pool,
			in.v[i].fspath ? in.v[i].fspath : named_stdin(r));
		jobs[njobs].in = &in.v[i];
		jobs[njobs].policy = pol[i];
		at[njobs].policy = pol[i];
		at[njobs++].rel = rels[i];
	}
	/* -j N is N threads in all: with several files at once, each
	 * worker splits a large stream over its share of them */
	unsigned workers =
		r->opt.jobs ? r->opt.jobs : hl_pool_default_workers();
	unsigned busy = njobs < workers ? (unsigned)njobs : workers;
	/* busy <= workers: a share is at least 1 */
	struct lint_ctx lc = {r, at, busy > 1 ? workers / busy : r->opt.jobs};
	struct hl_pool_ops ops = {&lc, make_linter, before_input};
	hl_pool_lint(jobs, njobs, workers, &ops, &h);
	free(jobs);
	free(at);
	for (size_t i = 0; i < in.nrenders; i++) {
		size_t out = render(r, &pool, &in.renders[i], rpol[i],
				    rrels[i], &h);
		left_out += out;
		excluded_n += out;
	}
	size_t total = in.n + in.nrenders;
	free(rpol);
	free(rrels);
	free(in.renders);
	r->now = r->top;
	if (r->opt.report_unused) {
		hl_outputs_flush(&r->out);
		hl_configs_unused(&r->configs, stderr, &r->out);
		if (r->opt.baseline)
			hl_baseline_unused(&r->baseline, stderr, &r->out);
	}
	hl_configs_notes(&r->configs, NULL, &r->out);
	/* nothing linted: no file read as a Dockerfile or a manifest (a
	 * walk that found none, only skipped files or Helm templates, an
	 * empty pipe or render) */
	bool nothing = !r->sum.files && !path_errors;
	int status = r->sum.errors ? EXIT_ERROR
		     : nothing && r->opt.require_input ? EXIT_ERROR
		     : r->failing ? EXIT_FINDINGS
				  : EXIT_CLEAN;
	r->out.status = status; /* SARIF's invocation says it */
	if (!r->opt.dump_ast)
		hl_outputs_end(&r->out, &r->sum);
	left_out_notes(r, &in, excluded_n, excluded_cfg);
	if (!r->opt.quiet)
		hl_configs_notes(&r->configs, stderr, NULL);
	say_nothing(r, &in, total, left_out, excluded_n + excluded_cfg,
		    path_errors);
	free(pol);
	free(rels);
	hl_guard_release();
	free(in.v);
	hl_pool_release(&pool);
	if (!r->sum.errors && nothing && r->opt.require_input)
		fprintf(stderr, "hardlint: error: nothing was linted (no "
				"Dockerfile or Kubernetes object read), and "
				"--require-input says there must be\n");
	return status;
}

/* Did closing `f` lose output? What was written and not flushed, or an
 * error on the way, is lost; a stream closed before we started (>&-) with
 * nothing for it is not (EBADF then only says it was closed). */
static bool lost(FILE *f, int *e)
{
	bool pending = __fpending(f) > 0;
	/* flushed once more for the reason (a write that failed before
	 * left its bytes pending, and errno long gone) */
	int why = fflush(f) != 0 ? errno : 0;
	bool failed = ferror(f) != 0;
	errno = 0;
	if (fclose(f) != 0) {
		*e = why ? why : errno;
		return failed || pending || errno != EBADF;
	}
	*e = why;
	return failed;
}

/* The run's status, once every byte of output is known to be written:
 * a report lost to a full disk or a closed pipe must not exit 0. */
static int close_streams(int status, int werr)
{
	int e;
	if (lost(stdout, &e)) {
		if (!e)
			e = werr;
		/* the reason, when the last write still knows it */
		fprintf(stderr, "hardlint: error: writing output: %s\n",
			e ? strerror(e)
			  : "a write failed (a full disk, a closed file or "
			    "pipe): the output is incomplete");
		status = EXIT_ERROR;
	}
	if (lost(stderr, &e))
		status = EXIT_ERROR; /* nowhere left to say it */
	return status;
}

/* The formats asked for, each to its stream; colour for the text format
 * on a terminal that shows it (NO_COLOR and --color as
 * https://no-color.org says; TERM=dumb, Emacs's shell, none). */
static bool open_outputs(struct run *r)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	bool color = r->opt.color == HL_COLOR_ALWAYS ||
		     (r->opt.color == HL_COLOR_AUTO && isatty(STDOUT_FILENO) &&
		      !(no_color && *no_color) &&
		      !(term && !strcmp(term, "dumb")));
	if (!hl_outputs_open(&r->out, r->opt.formats, r->opt.files,
			     r->opt.nformats, stderr, r->opt.quiet, color))
		return false;
	r->out.rules = r->top->rules;
	r->out.srcroot = r->opt.sarif_srcroot;
	struct stat st;
	if (r->opt.sarif_srcroot &&
	    (stat(r->opt.sarif_srcroot, &st) != 0 || !S_ISDIR(st.st_mode))) {
		fprintf(stderr,
			"hardlint: error: --sarif-srcroot %s: not a directory\n",
			r->opt.sarif_srcroot);
		int ignored;
		hl_outputs_close(&r->out, &ignored);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	struct run r;
	memset(&r, 0, sizeof(r));
	hl_set_oom_handler(hl_cli_oom);
	/* a reader that went away (| head) is a write that failed: said and
	 * exit 2, as a full disk is, not a silent death by signal */
	signal(SIGPIPE, SIG_IGN);
	int status = EXIT_ERROR, werr = 0;
	bool linted = false; /* errno is no write's reason after a lint */
	if (!hl_options_parse(argc, argv, &r.opt, stderr))
		goto done;
	if (r.opt.help) {
		hl_options_help(stdout);
		status = EXIT_CLEAN;
		goto done;
	}
	if (r.opt.version) {
		printf("hardlint %s\n%s\n", hl_version(),
		       hl_version_libraries());
		status = EXIT_CLEAN;
		goto done;
	}
	if (r.opt.list_views) {
		hl_output_views(stdout);
		status = EXIT_CLEAN;
		goto done;
	}
	if (!load_rules(&r))
		goto done;
	/* the rules' own examples and explanations know no configuration
	 * file (--set still applies) */
	if (r.opt.test_rules || r.opt.explain)
		r.opt.no_config = true;
	if (!hl_configs_init(&r.configs, &r.opt, r.rules))
		goto done;
	{
		char buf[16];
		const char *rel;
		r.top = hl_configs_policy(&r.configs, NULL, buf, sizeof(buf),
					  &rel);
		if (!r.top)
			goto done;
		r.now = r.top;
	}
	if (r.opt.print_config) {
		hl_configs_print(&r.configs, stdout,
				 r.opt.npaths ? r.opt.paths[0] : ".");
		status = EXIT_CLEAN;
		goto done;
	}
	if (r.opt.test_rules) {
		status = hl_test_examples(r.top->rules, no_jit(), stderr)
				 ? EXIT_ERROR
				 : EXIT_CLEAN;
		goto done;
	}
	if (r.opt.explain) {
		size_t k;
		if (!hl_rules_find(r.top->rules, r.opt.explain, &k)) {
			const char *hint = hl_rules_suggest(r.top->rules,
							    r.opt.explain);
			fprintf(stderr,
				"hardlint: error: unknown rule '%s' in "
				"--explain%s%s%s\n",
				r.opt.explain, hint ? "; did you mean '" : "",
				hint ? hint : "", hint ? "'?" : "");
			goto done;
		}
		hl_output_explain(stdout, r.top->rules, k, r.opt.markdown);
		status = EXIT_CLEAN;
		goto done;
	}
	if (r.opt.list_rules) {
		hl_output_rules(stdout, r.top->rules, r.top->enabled,
				r.opt.format == HL_FORMAT_JSON);
		status = EXIT_CLEAN;
		goto done;
	}

	if (r.opt.baseline) {
		if (!hl_baseline_read(r.opt.baseline, &r.baseline))
			goto done;
	}
	if (!r.opt.npaths) {
		fputs("hardlint: error: no input: give files, directories, or "
		      "- for standard input\n"
		      "Try 'hardlint --help' for more information.\n",
		      stderr);
		goto done;
	}
	if (!open_outputs(&r))
		goto done;
	status = run_lint(&r);
	linted = true;
	if (r.opt.write_baseline &&
	    !hl_baseline_write(&r.written, r.opt.write_baseline))
		status = EXIT_ERROR;
	if (!hl_outputs_close(&r.out, &werr))
		status = EXIT_ERROR;
done:
	/* a write to standard output that failed on the way (a help longer
	 * than the buffer, to a full disk): its reason is errno still, as
	 * nothing was written after it (a lint makes many calls since) */
	if (!werr && !linted && ferror(stdout))
		werr = errno;
	hl_baseline_release(&r.baseline);
	free(r.written.text);
	hl_configs_release(&r.configs);
	hl_loader_free(r.loader);
	hl_options_release(&r.opt);
	return close_streams(status, werr);
}
