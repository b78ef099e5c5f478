/*
 * main: the hardlint command. Reads the options, loads the rules, finds
 * the inputs, lints each in order and hands the results to the output;
 * the exit status is decided in one place at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/discover.h"
#include "engine/engine.h"
#include "lint.h"
#include "engine/match.h"
#include "output/output.h"
#include "engine/ruleload.h"
#include "engine/rules.h"
#include "version.h"
#include "options.h"

enum exit_status {
	EXIT_CLEAN = 0,	   /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1, /* a finding at or above --fail-on */
	EXIT_ERROR = 2,	   /* a usage error or an input that was not checked */
};

struct run {
	struct hl_options opt;
	const struct hl_ruleset *rules;
	struct hl_rule_loader *loader;
	bool *enabled;
	size_t usage_errors;
	struct hl_output out;
	struct hl_summary sum;
	bool failing;
};

static void on_path_error(const char *path, const char *msg, void *ctx)
{
	struct run *r = ctx;
	struct hl_diag d = {HL_ERR_IO, path, 1, 1, msg};
	struct hl_lint_error e = {d, NULL, 0, 0};
	hl_output_error(&r->out, &e);
	r->sum.errors++;
}

/* Load --rules directories on top of the built-in rules. */
static bool load_rules(struct run *r)
{
	r->rules = &hl_builtin_rules;
	if (!r->opt.nrule_dirs)
		return true;
	r->loader = hl_rule_loader_new(&hl_builtin_rules);
	for (size_t i = 0; i < r->opt.nrule_dirs; i++) {
		const char *dir = r->opt.rule_dirs[i];
		size_t n = strlen(dir);
		char *prefix = malloc(n + 2);
		if (!prefix)
			return false;
		snprintf(prefix, n + 2, "%s%s", dir,
			 n && dir[n - 1] == '/' ? "" : "/");
		hl_rule_loader_add_dir(r->loader, dir, prefix);
		/* the loader keeps its own copies of names */
		free(prefix);
	}
	const struct hl_ruleset *rs = hl_rule_loader_finish(r->loader);
	size_t n;
	const struct hl_diag *errs = hl_rule_loader_errors(r->loader, &n);
	for (size_t i = 0; i < n; i++)
		hl_print_error(stderr, &errs[i], NULL, 0);
	if (!rs)
		return false;
	r->rules = rs;
	return true;
}

/* --only: every name must be a rule (slug, id or alias). */
static bool select_rules(struct run *r)
{
	if (!r->opt.nonly)
		return true;
	r->enabled = calloc(r->rules->nrules ? r->rules->nrules : 1,
			    sizeof(bool));
	if (!r->enabled)
		return false;
	bool ok = true;
	for (size_t i = 0; i < r->opt.nonly; i++) {
		const char *name = r->opt.only[i];
		const struct hl_rule *rule = hl_rules_find(r->rules, name);
		if (rule) {
			r->enabled[rule - r->rules->rules] = true;
			continue;
		}
		const char *hint = hl_rules_suggest(r->rules, name);
		if (hint)
			fprintf(stderr,
				"hardlint: error: unknown rule '%s' in --only; "
				"did you mean '%s'?\n",
				name, hint);
		else
			fprintf(stderr,
				"hardlint: error: unknown rule '%s' in --only "
				"(see hardlint --list-rules)\n",
				name);
		ok = false;
	}
	return ok;
}

static void emit_findings(struct run *r, const struct hl_lint_result *res)
{
	for (size_t i = 0; i < res->nfindings; i++) {
		const struct hl_finding *f = &res->findings[i];
		hl_output_finding(&r->out, f);
		r->sum.findings++;
		r->sum.by_severity[f->severity]++;
		if (!r->opt.fail_never && f->severity >= r->opt.fail_on)
			r->failing = true;
	}
}

/* A batch of a long stream's findings, printed as they come. */
static void on_flush(void *ctx, const struct hl_lint_result *res)
{
	emit_findings(ctx, res);
}

static void emit(struct run *r, struct hl_lint_result *res)
{
	for (size_t i = 0; i < res->nerrors; i++)
		hl_output_error(&r->out, &res->errors[i]);
	if (res->nerrors)
		r->sum.errors++;
	if (res->skipped) {
		hl_output_skipped(&r->out, res->path, res->skipped);
		r->sum.skipped++;
		return;
	}
	if (!res->nerrors || res->nfindings || res->flushed)
		r->sum.files++;
	for (size_t i = 0; i < res->nunresolved; i++)
		hl_output_unresolved(&r->out, res->path, &res->unresolved[i]);
	r->sum.unresolved += res->nunresolved;
	emit_findings(r, res);
}

static int run_lint(struct run *r)
{
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_inputs in = {0};
	bool reads_stdin = false;
	for (size_t i = 0; i < r->opt.npaths; i++)
		if (!strcmp(r->opt.paths[i], "-"))
			reads_stdin = true;
	if (!reads_stdin && strcmp(r->opt.stdin_name, "<stdin>"))
		fprintf(stderr, "hardlint: note: --stdin-filename names "
				"standard input (-), which is not among the "
				"paths: it is not used\n");
	hl_discover(&a, r->opt.paths, r->opt.npaths, r->opt.stdin_name, &in,
		    on_path_error, r);
	size_t path_errors = r->sum.errors;

	struct hl_matcher *m = hl_matcher_new(r->rules, r->opt.match_limit);
	struct hl_engine e = {r->rules, r->enabled, m};
	struct hl_lint_opts lo;
	hl_lint_opts_init(&lo, &e);
	lo.max_file_size = r->opt.max_file_size;
	lo.match_limit = r->opt.match_limit;
	if (r->opt.jobs)
		lo.threads = r->opt.jobs;
	if (r->opt.yaml_max_nodes)
		lo.yaml.max_nodes = r->opt.yaml_max_nodes;
	if (r->opt.yaml_max_aliases)
		lo.yaml.max_alias_nodes = r->opt.yaml_max_aliases;
	if (r->opt.yaml_max_depth)
		lo.yaml.max_depth = r->opt.yaml_max_depth;
	lo.force_kind = r->opt.kind;
	if (!r->opt.dump_ast) {
		lo.flush = on_flush;
		lo.flush_ctx = r;
	}
	if (r->opt.dump_ast)
		lo.dump = stdout;
	lo.dump_paths = in.n > 1;
	lo.build.target = r->opt.target;
	lo.build.build_args = r->opt.build_args;
	lo.build.nbuild_args = r->opt.nbuild_args;

	if (!r->opt.dump_ast)
		hl_output_begin(&r->out);
	size_t left_out = 0;
	for (size_t i = 0; i < in.n; i++) {
		/* --kind on a walk: only the files of that kind */
		if (in.v[i].walked && r->opt.kind != HL_KIND_NONE &&
		    in.v[i].kind != r->opt.kind) {
			left_out++;
			continue;
		}
		struct hl_lint_result res;
		hl_lint_input(&lo, &in.v[i], &res);
		emit(r, &res);
		hl_lint_result_release(&res);
	}
	if (!r->opt.dump_ast)
		hl_output_end(&r->out, &r->sum);
	if (in.n == 0 && in.dirs_empty && !path_errors)
		fprintf(stderr, "hardlint: note: no Dockerfile or Kubernetes "
				"manifest found to lint\n");
	else if (in.n && left_out == in.n && !path_errors)
		fprintf(stderr,
			"hardlint: note: no %s found to lint (--kind %s left "
			"out %zu other file%s)\n",
			r->opt.kind == HL_KIND_DOCKERFILE
				? "Dockerfile"
				: "Kubernetes manifest",
			r->opt.kind == HL_KIND_DOCKERFILE ? "dockerfile"
							  : "kubernetes",
			left_out, left_out == 1 ? "" : "s");
	hl_matcher_free(m);
	hl_arena_release(&a);
	if (r->sum.errors || r->usage_errors)
		return EXIT_ERROR;
	return r->failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	struct run r;
	memset(&r, 0, sizeof(r));
	int status = EXIT_ERROR;
	if (!hl_options_parse(argc, argv, &r.opt, stderr))
		goto done;
	if (r.opt.help) {
		hl_options_help(stdout);
		status = EXIT_CLEAN;
		goto done;
	}
	if (r.opt.version) {
		printf("hardlint %s\n", HL_VERSION);
		status = EXIT_CLEAN;
		goto done;
	}
	if (!load_rules(&r))
		goto done;
	if (r.opt.list_rules) {
		hl_output_rules(stdout, r.rules,
				r.opt.format == HL_FORMAT_JSON);
		status = EXIT_CLEAN;
		goto done;
	}
	if (!select_rules(&r))
		goto done;
	if (!r.opt.npaths) {
		fputs("hardlint: error: no input: give files, directories, or "
		      "- for standard input\n"
		      "Try 'hardlint --help' for more information.\n",
		      stderr);
		goto done;
	}
	hl_output_init(&r.out, r.opt.format, stdout, stderr, r.opt.quiet);
	status = run_lint(&r);
	hl_output_release(&r.out);
done:
	free(r.enabled);
	hl_rule_loader_free(r.loader);
	hl_options_release(&r.opt);
	return status;
}
