/*
 * test_context: the build context as docker build sends it: .dockerignore
 * read with Docker's rules (Go's filepath.Match, ** across directories,
 * ! re-includes, the last match decides, a matched directory excludes what
 * it holds, a leading / is the root), and the walk of testdata's context
 * case (private .pem told from a certificate by its content).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dockerfile/context.h"

static void test_patterns(void **state)
{
	(void)state;
	static const struct {
		const char *patterns, *path;
		bool excluded;
	} cases[] = {
		{"*.log", "a.log", true},
		{"*.log", "dir/a.log", false}, /* * stops at a / */
		{"**/*.log", "dir/sub/a.log", true},
		{"**/*.log", "a.log", true}, /* **\/ may be no directory */
		{"secrets", "secrets/id_rsa", true}, /* the directory's files */
		{"/secrets", "secrets/id_rsa", true},
		{"./secrets/", "secrets/id_rsa", true},
		{"secrets\n!secrets/keep", "secrets/keep", false},
		{"secrets\n!secrets/keep", "secrets/other", true},
		{"!x\nx", "x", true}, /* the last match decides */
		{"# a comment\n\n  .env  ", ".env", true},
		{"a?c", "abc", true},
		{"a?c", "a/c", false},
		{"[a-c]x", "bx", true},
		{"[^a-c]x", "bx", false},
		{"a\\*b", "a*b", true},
		{"a\\*b", "axb", false},
		{"docs/../.env", ".env", true},
		{"", ".env", false},
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (hl_dockerignore_excludes(cases[i].patterns, cases[i].path) !=
		    cases[i].excluded) {
			print_error("'%s' on '%s': want %s\n", cases[i].patterns,
				    cases[i].path,
				    cases[i].excluded ? "excluded" : "kept");
			bad++;
		}
	assert_int_equal(bad, 0);
}

/* A hostile pattern gives up, and the file stays in (judged). */
static void test_budget(void **state)
{
	(void)state;
	char path[300];
	memset(path, 'a', 299);
	path[299] = '\0';
	assert_false(hl_dockerignore_excludes(
		"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
}

static void test_walk(void **state)
{
	(void)state;
	struct hl_context *c = hl_context_read(
		HL_SOURCE_DIR "/testdata/dockerfile/secret-copied-context",
		HL_SOURCE_DIR
		"/testdata/dockerfile/secret-copied-context/Dockerfile");
	assert_non_null(c);
	assert_non_null(c->ignore_file);
	char got[1024] = "";
	for (size_t i = 0; i < c->nfiles; i++) {
		strncat(got, c->files[i].path, sizeof(got) - strlen(got) - 1);
		if (c->files[i].private_key)
			strncat(got, "(key)", sizeof(got) - strlen(got) - 1);
		strncat(got, " ", sizeof(got) - strlen(got) - 1);
	}
	/* ignored/ and kept/other.txt excluded, kept/.npmrc brought back,
	 * the private .pem told from the certificate */
	assert_string_equal(got, ".dockerignore .env.example Dockerfile args "
				 "certs/ca.pem deploy/id_rsa deploy/id_rsa.pub "
				 "expected kept/.npmrc keys/server.pem(key) "
				 "requirements.txt ");
	assert_false(c->capped);
	hl_context_free(c);
	c = hl_context_read("/nonexistent-context", NULL);
	assert_true(c->missing);
	hl_context_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
