/*
 * embed: the smallest program that embeds libhardlint, using nothing but
 * its public header. It lints one file (or, with no argument, a
 * Dockerfile of its own) and prints each finding as
 * `path:line:col: severity: message [slug]`; it exits 1 if there was a
 * finding, 2 on an error.
 *
 *   cc embed.c -Iinclude -Lbuild -lhardlint ...   (CMake: hardlint_embed)
 */
#include <stdio.h>
#include <stdlib.h>

#include "hardlint.h"

struct counts {
	size_t findings, errors;
};

static void on_finding(void *ctx, const struct hl_finding *f)
{
	struct counts *c = ctx;
	c->findings++;
	printf("%s:%u:%u: %s: %s [%s]\n", f->path, f->span.start.line,
	       f->span.start.col, hl_severity_name(f->severity), f->message,
	       f->rule->slug);
}

static void on_error(void *ctx, const struct hl_error *e)
{
	struct counts *c = ctx;
	c->errors++;
	fprintf(stderr, "%s:%u:%u: error: %s\n", e->path, e->line, e->col,
		e->message);
}

static void out_of_memory(size_t size)
{
	fprintf(stderr, "embed: out of memory (%zu bytes)\n", size);
	exit(2);
}

int main(int argc, char **argv)
{
	static const char sample[] = "FROM python\n"
				     "RUN curl -fsSL https://x.example/i | sh\n";
	hl_set_oom_handler(out_of_memory);
	struct hl_lint_options o;
	hl_lint_options_init(&o); /* the built-in rules, the defaults */
	struct hl_linter *l;
	if (hl_linter_new(&o, &l) != HL_OK)
		return 2;
	struct counts c = {0, 0};
	struct hl_handler h = {0};
	h.ctx = &c;
	h.finding = on_finding;
	h.error = on_error;
	if (argc > 1) {
		struct hl_input in = {argv[1], argv[1], HL_KIND_NONE, false,
				      {0, 0}, NULL};
		in.kind = hl_kind_by_name(argv[1]);
		hl_lint_input(l, &in, &h);
	} else {
		hl_lint_buffer(l, HL_KIND_NONE, "Dockerfile", sample,
			       sizeof(sample) - 1, &h);
	}
	hl_linter_free(l);
	return c.errors ? 2 : c.findings ? 1 : 0;
}
