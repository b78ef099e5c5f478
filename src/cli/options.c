/*
 * options: argv into struct hl_options, from one table of {long name,
 * letter, argument, help}.
 */
#include "cli/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output/mem.h"

enum opt_id {
	OPT_FORMAT = 'f',
	OPT_OUTPUT = 'o',
	OPT_HELP = 'h',
	OPT_QUIET = 'q',
	OPT_JOBS = 'j',
	OPT_VERSION = 'V',
	OPT_FAIL_ON = 256,
	OPT_ONLY,
	OPT_KIND,
	OPT_STDIN_FILENAME,
	OPT_LIST_RULES,
	OPT_LIST_VIEWS,
	OPT_TEST_RULES,
	OPT_RULES,
	OPT_MAX_FILE_SIZE,
	OPT_MATCH_LIMIT,
	OPT_DUMP_AST,
	OPT_TARGET,
	OPT_BUILD_ARG,
	OPT_YAML_MAX_NODES,
	OPT_YAML_MAX_ALIASES,
	OPT_YAML_MAX_DEPTH,
	OPT_SET,
	OPT_CONTEXT,
	OPT_EXPLAIN,
	OPT_PROFILE,
	OPT_ENABLE,
	OPT_DISABLE,
	OPT_MIN_SEVERITY,
	OPT_SEVERITY_OVERRIDE,
	OPT_STRICT,
	OPT_SHOW_SUPPRESSED,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_HELM_TEMPLATES,
	OPT_REQUIRE_INPUT,
	OPT_EXCLUDE,
	OPT_REQUIRE_REASON,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_PRINT_CONFIG,
	OPT_REPORT_UNUSED,
	OPT_NO_IGNORE,
	OPT_RENDER,
	OPT_NON_MANIFESTS,
	OPT_COLOR,
	OPT_SARIF_SRCROOT,
	OPT__LAST,
};

static const struct option_def {
	const char *name;
	int id;
	const char *arg; /* NULL: no argument */
	const char *help;
} defs[] = {
	{"format", OPT_FORMAT, "FORMAT",
	 "output format: text (default), compact, json, sarif, checkstyle, "
	 "junit, github, gitlab, gnu; repeatable, each with its own --output"},
	{"output", OPT_OUTPUT, "FILE",
	 "write the format given just before to FILE instead of standard "
	 "output (-f sarif -o report.sarif -f text)"},
	{"color", OPT_COLOR, "WHEN",
	 "colour the text format: auto (default: when standard output is a "
	 "terminal, NO_COLOR is not set and TERM is not dumb), always, "
	 "never"},
	{"sarif-srcroot", OPT_SARIF_SRCROOT, "DIR",
	 "SARIF: the directory artifact paths are relative to "
	 "(%SRCROOT%; default: the git work tree's root, else the current "
	 "directory)"},
	{"fail-on", OPT_FAIL_ON, "SEVERITY",
	 "exit 1 when a finding is at or above SEVERITY: error, warning "
	 "(default), info, style, or none"},
	{"only", OPT_ONLY, "RULES",
	 "run only these rules, whatever the profile (slugs, ids or peers' "
	 "names, comma-separated; repeatable)"},
	{"enable", OPT_ENABLE, "RULES",
	 "add these rules to the profile's (repeatable)"},
	{"disable", OPT_DISABLE, "RULES",
	 "turn these rules off (repeatable)"},
	{"min-severity", OPT_MIN_SEVERITY, "SEVERITY",
	 "hide findings below SEVERITY (error, warning, info, style)"},
	{"severity-override", OPT_SEVERITY_OVERRIDE, "RULE=SEVERITY",
	 "report RULE's findings at SEVERITY (repeatable)"},
	{"config", OPT_CONFIG, "FILE",
	 "read the configuration from FILE, for every input (no .hardlint.yaml "
	 "is looked for; default: $HARDLINT_CONFIG)"},
	{"no-config", OPT_NO_CONFIG, NULL,
	 "read no configuration file (neither .hardlint.yaml nor "
	 "$HARDLINT_CONFIG)"},
	{"print-config", OPT_PRINT_CONFIG, NULL,
	 "print the configuration that applies to the first PATH (default .) "
	 "and where each value comes from, and exit"},
	{"report-unused-suppressions", OPT_REPORT_UNUSED, NULL,
	 "list the suppressions (pragmas, annotations, configuration "
	 "ignores, baseline entries) that accepted no finding"},
	{"strict", OPT_STRICT, NULL,
	 "honour no suppression in the inputs (pragmas, annotations) and "
	 "nothing a nested .hardlint.yaml turns off: every finding stands"},
	{"require-reason", OPT_REQUIRE_REASON, NULL,
	 "honour no suppression that gives no reason: the finding stands and "
	 "says so"},
	{"show-suppressed", OPT_SHOW_SUPPRESSED, NULL,
	 "list the suppressed findings too, with what suppressed them"},
	{"baseline", OPT_BASELINE, "FILE",
	 "report only findings not in this baseline (--write-baseline)"},
	{"no-ignore", OPT_NO_IGNORE, NULL,
	 "walk what the repository ignores too (.gitignore, "
	 ".git/info/exclude, git's global excludes)"},
	{"non-manifests", OPT_NON_MANIFESTS, "error|skip",
	 "a YAML or JSON file named on the command line that does not parse "
	 "and mentions no apiVersion and kind (a tsconfig.json with "
	 "comments): an error (default) or skipped, as a walk skips it"},
	{"render", OPT_RENDER, NULL,
	 "lint a Helm chart or a kustomization a walk meets (or a directory "
	 "named) as what `helm template DIR` or `kubectl kustomize DIR` "
	 "renders, in place of its files"},
	{"exclude", OPT_EXCLUDE, "GLOB",
	 "do not lint the files whose path (as printed) or name matches GLOB "
	 "(`*` crosses /; repeatable): vendored manifests, fixtures"},
	{"require-input", OPT_REQUIRE_INPUT, NULL,
	 "exit 2 when there is nothing to lint (a walk that finds no file, "
	 "an empty pipe): in CI, a silent pass"},
	{"helm-templates", OPT_HELM_TEMPLATES, "error|skip",
	 "a Helm chart template named on the command line: an error "
	 "(default) or skipped; one a walk finds is always skipped"},
	{"write-baseline", OPT_WRITE_BASELINE, "FILE",
	 "record today's findings in FILE, so that --baseline FILE reports "
	 "only new ones"},
	{"kind", OPT_KIND, "KIND",
	 "read each named input as dockerfile or kubernetes; a directory "
	 "walk keeps only the files of that kind"},
	{"stdin-filename", OPT_STDIN_FILENAME, "PATH",
	 "the path to print for standard input (default <stdin>), which is "
	 "then configured as that file (.hardlint.yaml, excludes, ignores)"},
	{"target", OPT_TARGET, "STAGE",
	 "judge the Dockerfile stage STAGE as the one that ships (as docker "
	 "build --target)"},
	{"context", OPT_CONTEXT, "DIR",
	 "the Dockerfiles' build context, as docker build DIR (default: "
	 "each Dockerfile's directory; standard input has none)"},
	{"build-arg", OPT_BUILD_ARG, "NAME[=VALUE]",
	 "give an ARG the value a build would (repeatable; without =VALUE, "
	 "from the environment)"},
	{"set", OPT_SET, "RULE.PARAM=VALUE[,VALUE...]",
	 "set a rule's parameter (trusted registries, ...), replacing its "
	 "defaults; repeatable; `*` in a value matches anything"},
	{"rules", OPT_RULES, "DIR",
	 "also load the rule and list files in DIR (repeatable)"},
	{"profile", OPT_PROFILE, "NAME",
	 "run the rules of a standard: cis-docker, cis-kubernetes, "
	 "pss-baseline, pss-restricted, or all (the default)"},
	{"explain", OPT_EXPLAIN, "RULE",
	 "explain a rule (slug, id or a peer's name) and exit; with "
	 "--format markdown, as docs/rules/ has it"},
	{"list-rules", OPT_LIST_RULES, NULL,
	 "list the rules (id, slug, severity, title) and exit"},
	{"list-views", OPT_LIST_VIEWS, NULL,
	 "list the views rules can use, with their fields, and exit"},
	{"test-rules", OPT_TEST_RULES, NULL,
	 "run every rule's examples (built-in and --rules) and exit: 2 if "
	 "one does not catch or pass what it says"},
	{"max-file-size", OPT_MAX_FILE_SIZE, "BYTES",
	 "largest input read (default 256 MiB; K, M, G suffixes)"},
	{"match-limit", OPT_MATCH_LIMIT, "N",
	 "PCRE2 match limit per regex match (default 1000000)"},
	{"yaml-max-nodes", OPT_YAML_MAX_NODES, "N",
	 "nodes one YAML document may hold (default 400000)"},
	{"yaml-max-aliases", OPT_YAML_MAX_ALIASES, "N",
	 "nodes one YAML document's aliases may expand to (default "
	 "1000000)"},
	{"yaml-max-depth", OPT_YAML_MAX_DEPTH, "N",
	 "nesting depth of a YAML document (default 1000, at most 10000)"},
	{"jobs", OPT_JOBS, "N",
	 "threads in all: files linted at once, each on a thread of its "
	 "own, and the threads that split a YAML stream of 16 MiB or more "
	 "share N (default: one a CPU, at most 16 files and 4 threads a "
	 "stream; 1: no extra thread); the output is the same for any N"},
	{"dump-ast", OPT_DUMP_AST, NULL,
	 "print each input's syntax tree as JSON instead of linting"},
	{"quiet", OPT_QUIET, NULL, "no summary line on stderr"},
	{"version", OPT_VERSION, NULL, "print the version and exit"},
	{"help", OPT_HELP, NULL, "print this help and exit"},
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

void hl_options_help(FILE *f)
{
	fputs("usage: hardlint [options] PATH...\n"
	      "\n"
	      "Lint Dockerfiles and Kubernetes manifests for security "
	      "weaknesses.\n"
	      "PATH is a file, a directory (searched recursively) or - for "
	      "standard input.\n"
	      "\n"
	      "options:\n",
	      f);
	for (size_t i = 0; i < NDEFS; i++) {
		char left[64];
		if (defs[i].id < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
				 defs[i].id, defs[i].name,
				 defs[i].arg ? " " : "",
				 defs[i].arg ? defs[i].arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s",
				 defs[i].name, defs[i].arg ? " " : "",
				 defs[i].arg ? defs[i].arg : "");
		/* the help text wrapped at 80 columns, indented under itself */
		fprintf(f, "  %-28s", left);
		int col = 31;
		const char *w = defs[i].help;
		while (*w) {
			const char *e = strchr(w, ' ');
			size_t len = e ? (size_t)(e - w) : strlen(w);
			if (col + 1 + (int)len > 79) {
				fprintf(f, "\n%30s", "");
				col = 31;
			}
			fprintf(f, " %.*s", (int)len, w);
			col += 1 + (int)len;
			w += len;
			while (*w == ' ')
				w++;
		}
		fputc('\n', f);
	}
	fputs("\nenvironment: HARDLINT_CONFIG (as --config), HARDLINT_FAIL_ON, "
	      "HARDLINT_FORMAT\n(defaults the command line beats), NO_COLOR.\n"
	      "\nexit status: 0 clean, 1 findings at or above --fail-on, "
	      "2 errors (unreadable\nor invalid input, bad usage); other files "
	      "are still linted after an error.\n",
	      f);
}

static bool usage(FILE *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool usage(FILE *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("hardlint: error: ", err);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputs("\nTry 'hardlint --help' for more information.\n", err);
	return false;
}

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	unsigned long long mul = 1;
	if (*end == 'K' || *end == 'k')
		mul = 1ull << 10, end++;
	else if (*end == 'M' || *end == 'm')
		mul = 1ull << 20, end++;
	else if (*end == 'G' || *end == 'g')
		mul = 1ull << 30, end++;
	if (*end || v == 0 || v > (1ull << 40) / mul)
		return false;
	*out = (size_t)(v * mul);
	return true;
}

/* Options that take one value: given twice is an error. */
static bool single(int id)
{
	switch (id) {
	case OPT_COLOR:
	case OPT_SARIF_SRCROOT:
	case OPT_HELM_TEMPLATES:
	case OPT_NON_MANIFESTS:
	case OPT_FAIL_ON:
	case OPT_KIND:
	case OPT_STDIN_FILENAME:
	case OPT_TARGET:
	case OPT_CONTEXT:
	case OPT_EXPLAIN:
	case OPT_PROFILE:
	case OPT_MIN_SEVERITY:
	case OPT_BASELINE:
	case OPT_WRITE_BASELINE:
	case OPT_MAX_FILE_SIZE:
	case OPT_MATCH_LIMIT:
	case OPT_JOBS:
	case OPT_YAML_MAX_NODES:
	case OPT_YAML_MAX_ALIASES:
	case OPT_YAML_MAX_DEPTH:
	case OPT_CONFIG:
		return true;
	default:
		return false;
	}
}

static const char *name_of(int id)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (defs[i].id == id)
			return defs[i].name;
	return "?";
}

static void push(const char ***v, size_t *n, const char *s)
{
	*v = hl_cli_realloc((void *)*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

/* Long: one case of the switch an option, as getopt_long's loop goes; each
 * case is a few lines that set a field and say what a bad value is. */
bool hl_options_parse(int argc, char **argv, struct hl_options *o, FILE *err)
{
	memset(o, 0, sizeof(*o));
	o->format = HL_FORMAT_TEXT;
	o->fail_on = HL_SEV_WARNING;
	o->kind = HL_KIND_NONE;
	o->stdin_name = "<stdin>";
	/* CI's overrides: defaults the command line still beats */
	const char *env_fail = getenv("HARDLINT_FAIL_ON");
	if (env_fail && *env_fail) {
		o->fail_on_given = true;
		if (!strcmp(env_fail, "none"))
			o->fail_never = true;
		else if (!hl_severity_parse(env_fail, &o->fail_on))
			return usage(err,
				     "HARDLINT_FAIL_ON: unknown severity '%s' "
				     "(error, warning, info, style, none)",
				     env_fail);
	}
	const char *env_fmt = getenv("HARDLINT_FORMAT");
	if (env_fmt && *env_fmt && !hl_format_parse(env_fmt, &o->format))
		return usage(err,
			     "HARDLINT_FORMAT: unknown format '%s' (%s)",
			     env_fmt, hl_format_names());

	struct option longopts[NDEFS + 1];
	char shortopts[3 * NDEFS + 2];
	size_t sn = 0;
	shortopts[sn++] = ':';
	for (size_t i = 0; i < NDEFS; i++) {
		longopts[i].name = defs[i].name;
		longopts[i].has_arg = defs[i].arg ? required_argument
						  : no_argument;
		longopts[i].flag = NULL;
		longopts[i].val = defs[i].id;
		if (defs[i].id < 256) {
			shortopts[sn++] = (char)defs[i].id;
			if (defs[i].arg)
				shortopts[sn++] = ':';
		}
	}
	struct option *last = &longopts[NDEFS];
	memset(last, 0, sizeof(*last));
	shortopts[sn] = '\0';

	opterr = 0;
	optind = 1;
	int c;
	unsigned char seen[OPT__LAST] = {0};
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		/* an option with one value given twice: which one was meant
		 * is not guessed (--fail-on error --fail-on info) */
		if (c > 0 && c < OPT__LAST && single(c) && seen[c]++)
			return usage(err, "--%s given twice: give it once",
				     name_of(c));
		switch (c) {
		case OPT_FORMAT: {
			if (!strcmp(optarg, "markdown")) {
				o->markdown = true; /* --explain's */
				break;
			}
			enum hl_format f;
			if (!hl_format_parse(optarg, &f))
				return usage(err, "unknown format '%s' (%s)",
					     optarg, hl_format_names());
			if (o->nformats == HL_MAX_OUTPUTS)
				return usage(err, "more than %d --format",
					     HL_MAX_OUTPUTS);
			o->formats[o->nformats] = f;
			o->files[o->nformats++] = NULL;
			o->format = o->formats[0];
			break;
		}
		case OPT_OUTPUT:
			/* the format given just before (text, when none) */
			if (!o->nformats) {
				o->formats[0] = o->format;
				o->files[0] = NULL;
				o->nformats = 1;
			}
			if (o->files[o->nformats - 1])
				return usage(err,
					     "--output %s: the format before it "
					     "already goes to %s; give "
					     "--format before each --output",
					     optarg, o->files[o->nformats - 1]);
			/* - is standard output, as for the inputs */
			o->files[o->nformats - 1] =
				strcmp(optarg, "-") ? optarg : NULL;
			break;
		case OPT_COLOR:
			if (!strcmp(optarg, "always"))
				o->color = HL_COLOR_ALWAYS;
			else if (!strcmp(optarg, "never"))
				o->color = HL_COLOR_NEVER;
			else if (!strcmp(optarg, "auto"))
				o->color = HL_COLOR_AUTO;
			else
				return usage(err,
					     "--color %s: give auto, always or "
					     "never",
					     optarg);
			break;
		case OPT_SARIF_SRCROOT:
			o->sarif_srcroot = optarg;
			break;
		case OPT_FAIL_ON:
			o->fail_on_given = true;
			o->fail_never = false;
			if (!strcmp(optarg, "none"))
				o->fail_never = true;
			else if (!hl_severity_parse(optarg, &o->fail_on))
				return usage(err,
					     "unknown severity '%s' (error, "
					     "warning, info, style, none)",
					     optarg);
			break;
		case OPT_ONLY: {
			char *list = hl_cli_strdup(optarg);
			size_t before = o->nonly;
			push(&o->owned, &o->nowned, list);
			for (char *tok = strtok(list, ", "); tok;
			     tok = strtok(NULL, ", "))
				push(&o->only, &o->nonly, tok);
			if (o->nonly == before)
				return usage(err, "--only needs rule names");
			break;
		}
		case OPT_ENABLE:
		case OPT_DISABLE: {
			char *list = hl_cli_strdup(optarg);
			push(&o->owned, &o->nowned, list);
			size_t n = 0;
			for (char *tok = strtok(list, ", "); tok;
			     tok = strtok(NULL, ", "), n++) {
				if (c == OPT_ENABLE)
					push(&o->enable, &o->nenable, tok);
				else
					push(&o->disable, &o->ndisable, tok);
			}
			if (!n)
				return usage(err, "--%s needs rule names",
					     c == OPT_ENABLE ? "enable"
							     : "disable");
			break;
		}
		case OPT_MIN_SEVERITY:
			o->min_severity_given = true;
			if (!hl_severity_parse(optarg, &o->min_severity))
				return usage(err,
					     "unknown severity '%s' (error, "
					     "warning, info, style)",
					     optarg);
			break;
		case OPT_SEVERITY_OVERRIDE: {
			const char *eq = strchr(optarg, '=');
			enum hl_severity sev;
			if (!eq || eq == optarg ||
			    !hl_severity_parse(eq + 1, &sev))
				return usage(err,
					     "--severity-override takes "
					     "RULE=SEVERITY (error, warning, "
					     "info, style), not '%s'",
					     optarg);
			push(&o->overrides, &o->noverrides, optarg);
			break;
		}
		case OPT_STRICT:
			o->strict = true;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_NO_IGNORE:
			o->no_ignore = true;
			break;
		case OPT_RENDER:
			o->render = true;
			break;
		case OPT_NON_MANIFESTS:
			if (!strcmp(optarg, "skip"))
				o->skip_non_manifests = true;
			else if (strcmp(optarg, "error"))
				return usage(err,
					     "--non-manifests %s: give error or "
					     "skip",
					     optarg);
			break;
		case OPT_NO_CONFIG:
			o->no_config = true;
			break;
		case OPT_PRINT_CONFIG:
			o->print_config = true;
			break;
		case OPT_REPORT_UNUSED:
			o->report_unused = true;
			break;
		case OPT_EXCLUDE:
			push(&o->excludes, &o->nexcludes, optarg);
			break;
		case OPT_REQUIRE_INPUT:
			o->require_input = true;
			break;
		case OPT_HELM_TEMPLATES:
			if (!strcmp(optarg, "skip"))
				o->helm_skip = true;
			else if (strcmp(optarg, "error"))
				return usage(err,
					     "--helm-templates takes error or "
					     "skip, not '%s'",
					     optarg);
			break;
		case OPT_REQUIRE_REASON:
			o->require_reason = true;
			break;
		case OPT_SHOW_SUPPRESSED:
			o->show_suppressed = true;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			o->write_baseline = optarg;
			break;
		case OPT_EXPLAIN:
			o->explain = optarg;
			break;
		case OPT_PROFILE:
			o->profile = optarg;
			break;
		case OPT_CONTEXT: {
			/* a context that cannot be read would check nothing
			 * and pass: say so now */
			struct stat st;
			if (stat(optarg, &st) != 0 || !S_ISDIR(st.st_mode))
				return usage(err,
					     "--context '%s' is not a directory "
					     "hardlint can read",
					     optarg);
			o->context = optarg;
			break;
		}
		case OPT_SET:
			if (!strchr(optarg, '=') || !strchr(optarg, '.') ||
			    strchr(optarg, '.') > strchr(optarg, '='))
				return usage(err,
					     "--set takes RULE.PARAM=VALUE[,...]"
					     ", not '%s'",
					     optarg);
			push(&o->sets, &o->nsets, optarg);
			break;
		case OPT_KIND:
			if (!strcmp(optarg, "dockerfile"))
				o->kind = HL_KIND_DOCKERFILE;
			else if (!strcmp(optarg, "kubernetes") ||
				 !strcmp(optarg, "k8s"))
				o->kind = HL_KIND_KUBERNETES;
			else
				return usage(err,
					     "unknown kind '%s' (dockerfile, "
					     "kubernetes)",
					     optarg);
			break;
		case OPT_STDIN_FILENAME:
			o->stdin_name = optarg;
			break;
		case OPT_RULES:
			push(&o->rule_dirs, &o->nrule_dirs, optarg);
			break;
		case OPT_TARGET:
			o->target = optarg;
			break;
		case OPT_BUILD_ARG: {
			const char *eq = strchr(optarg, '=');
			if (eq == optarg || !*optarg)
				return usage(err,
					     "invalid --build-arg '%s' "
					     "(NAME=VALUE)",
					     optarg);
			if (eq) {
				push(&o->build_args, &o->nbuild_args, optarg);
				break;
			}
			/* as docker build: the value from the environment,
			 * and no value if it is not set there */
			const char *env = getenv(optarg);
			if (!env)
				break;
			size_t n = strlen(optarg) + strlen(env) + 2;
			char *kv = hl_cli_realloc(NULL, n);
			snprintf(kv, n, "%s=%s", optarg, env);
			push(&o->owned, &o->nowned, kv);
			push(&o->build_args, &o->nbuild_args, kv);
			break;
		}
		case OPT_LIST_RULES:
			o->list_rules = true;
			break;
		case OPT_LIST_VIEWS:
			o->list_views = true;
			break;
		case OPT_TEST_RULES:
			o->test_rules = true;
			break;
		case OPT_MAX_FILE_SIZE:
			if (!parse_size(optarg, &o->max_file_size))
				return usage(err, "invalid size '%s'", optarg);
			break;
		case OPT_MATCH_LIMIT: {
			size_t v;
			if (!parse_size(optarg, &v) || v > UINT32_MAX)
				return usage(err, "invalid match limit '%s'",
					     optarg);
			o->match_limit = (uint32_t)v;
			break;
		}
		case OPT_JOBS: {
			size_t v;
			if (!parse_size(optarg, &v) || v < 1 || v > 256)
				return usage(err,
					     "invalid number of jobs '%s' (1 "
					     "to 256)",
					     optarg);
			o->jobs = (unsigned)v;
			break;
		}
		case OPT_YAML_MAX_NODES:
		case OPT_YAML_MAX_ALIASES:
		case OPT_YAML_MAX_DEPTH: {
			size_t v;
			if (c == OPT_YAML_MAX_DEPTH &&
			    (!parse_size(optarg, &v) || v < 1 || v > 10000))
				return usage(err,
					     "--yaml-max-depth: invalid limit "
					     "'%s' (1 to 10000)",
					     optarg);
			if (!parse_size(optarg, &v) || v < 1)
				return usage(err,
					     "--%s: invalid limit '%s' (a "
					     "number of at least 1; K, M, G "
					     "suffixes)",
					     c == OPT_YAML_MAX_NODES
						     ? "yaml-max-nodes"
						     : "yaml-max-aliases",
					     optarg);
			if (c == OPT_YAML_MAX_NODES)
				o->yaml_max_nodes = v;
			else if (c == OPT_YAML_MAX_ALIASES)
				o->yaml_max_aliases = v;
			else
				o->yaml_max_depth = (uint32_t)v;
			break;
		}
		case OPT_DUMP_AST:
			o->dump_ast = true;
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		case OPT_VERSION:
			o->version = true;
			break;
		case OPT_HELP:
			o->help = true;
			break;
		case ':':
			return usage(err, "option '%s' needs a value",
				     argv[optind - 1]);
		default:
			return usage(err, "unknown option '%s'",
				     argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		push(&o->paths, &o->npaths, argv[i]);
	if (o->markdown && !o->explain)
		return usage(err, "--format markdown is for --explain; lint "
				  "output is %s", hl_format_names());
	if (!o->nformats) { /* HARDLINT_FORMAT's, or text */
		o->formats[0] = o->format;
		o->files[0] = NULL;
		o->nformats = 1;
	}
	for (size_t i = 0; i < o->nformats; i++)
		for (size_t k = i + 1; k < o->nformats; k++) {
			if (!o->files[i] && !o->files[k])
				return usage(err,
					     "--format %s and --format %s both "
					     "write to standard output: give "
					     "--output FILE after all but one",
					     hl_format_name(o->formats[i]),
					     hl_format_name(o->formats[k]));
			if (o->files[i] && o->files[k] &&
			    !strcmp(o->files[i], o->files[k]))
				return usage(err,
					     "--output %s given for two formats",
					     o->files[i]);
		}
	if (o->config && o->no_config)
		return usage(err, "--config and --no-config: give one");
	return true;
}

void hl_options_release(struct hl_options *o)
{
	for (size_t i = 0; i < o->nowned; i++)
		free((void *)o->owned[i]);
	free((void *)o->owned);
	free((void *)o->only);
	free((void *)o->enable);
	free((void *)o->disable);
	free((void *)o->overrides);
	free((void *)o->excludes);
	free((void *)o->paths);
	free((void *)o->rule_dirs);
	free((void *)o->build_args);
	free((void *)o->sets);
	memset(o, 0, sizeof(*o));
}
