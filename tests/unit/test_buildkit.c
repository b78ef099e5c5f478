/*
 * test_buildkit: hardlint reads every parser test case of BuildKit (in
 * ../shared/corpus/buildkit-parser) as BuildKit does: the dump of its parse
 * equals the case's `result`; the negative cases are problems; the line
 * numbers of testfile-line are BuildKit's. Skipped when the corpus is
 * absent. A case that differs on purpose is listed below with its reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "dockerfile_dump.h"

#define CORPUS HL_SOURCE_DIR "/../shared/corpus/buildkit-parser"

/* Cases where hardlint's parse differs from BuildKit's, and why. */
static const struct {
	const char *name;
	const char *why;
} differ[] = {
	{NULL, NULL},
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct hl_buf b = HL_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hl_buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	if (!b.p)
		hl_buf_add(&b, "", 0);
	return b.p;
}

static bool present(void)
{
	struct stat st;
	return stat(CORPUS "/testfiles", &st) == 0;
}

static const char *why_differs(const char *name)
{
	for (size_t i = 0; differ[i].name; i++)
		if (!strcmp(differ[i].name, name))
			return differ[i].why;
	return NULL;
}

static void test_positive_cases(void **state)
{
	(void)state;
	if (!present())
		skip();
	DIR *d = opendir(CORPUS "/testfiles");
	assert_non_null(d);
	struct dirent *de;
	int cases = 0, bad = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[1024];
		size_t dlen, rlen;
		snprintf(path, sizeof(path), CORPUS "/testfiles/%s/Dockerfile",
			 de->d_name);
		char *text = slurp(path, &dlen);
		snprintf(path, sizeof(path), CORPUS "/testfiles/%s/result",
			 de->d_name);
		char *want = slurp(path, &rlen);
		if (!text || !want) {
			free(text);
			free(want);
			continue;
		}
		cases++;
		struct hl_arena a;
		hl_arena_init(&a);
		struct hl_source src;
		hl_source_init_mem(&src, &a, de->d_name, text, dlen);
		struct hl_dockerfile df;
		hl_dockerfile_parse(&src, &a, &df);
		struct hl_buf got = HL_BUF_INIT;
		hl_dockerfile_dump_buildkit(&df, &got);
		const char *why = why_differs(de->d_name);
		bool same = got.len == rlen && !memcmp(got.p, want, rlen);
		if (!same && !why) {
			bad++;
			print_error("case %s differs:\n--- BuildKit\n%s--- "
				    "hardlint\n%s",
				    de->d_name, want, hl_buf_str(&got));
		}
		/* BuildKit's parser accepts every positive case; what its
		 * builder would refuse (CMD before FROM in a parser-only
		 * case, unknown flags, HEALTHCHECK without CMD or NONE) may
		 * be a problem, nothing else */
		for (size_t k = 0; k < df.nproblems && !why; k++) {
			const char *m = df.problems[k].message;
			if (strstr(m, "before the first FROM") ||
			    strstr(m, "no FROM instruction") ||
			    strstr(m, "unknown flag") ||
			    !strncmp(m, "HEALTHCHECK", 11))
				continue;
			bad++;
			print_error("case %s: problem %u:%u %s\n", de->d_name,
				    df.problems[k].span.start.line,
				    df.problems[k].span.start.col,
				    df.problems[k].message);
		}
		hl_buf_release(&got);
		hl_arena_release(&a);
		free(text);
		free(want);
	}
	closedir(d);
	print_message("buildkit: %d positive cases\n", cases);
	assert_true(cases >= 30);
	assert_int_equal(bad, 0);
}

/* BuildKit rejects these; hardlint reports a problem (and goes on). */
/* Every case of testfiles-negative (read from the folder, so a case added
 * there is checked too) is a problem; for the ones known here, the
 * problem that says why. */
static void test_negative_cases(void **state)
{
	(void)state;
	if (!present())
		skip();
	static const struct {
		const char *name;
		const char *problem;
	} why[] = {
		{"empty_dockerfile", "no instructions found"},
		{"only_comments", "no instructions found"},
		{"env_no_value", "ENV needs a value for 'PATH'"},
		{"shykes-nested-json", "not a JSON array of strings"},
	};
	DIR *d = opendir(CORPUS "/testfiles-negative");
	assert_non_null(d);
	size_t seen = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		size_t len;
		snprintf(path, sizeof(path),
			 CORPUS "/testfiles-negative/%s/Dockerfile", e->d_name);
		char *text = slurp(path, &len);
		if (!text)
			continue;
		seen++;
		struct hl_arena a;
		hl_arena_init(&a);
		struct hl_source src;
		hl_source_init_mem(&src, &a, e->d_name, text, len);
		struct hl_dockerfile df;
		hl_dockerfile_parse(&src, &a, &df);
		if (!df.nproblems && !df.error)
			fail_msg("negative case %s: no problem found",
				 e->d_name);
		for (size_t w = 0; w < sizeof(why) / sizeof(why[0]); w++) {
			if (strcmp(why[w].name, e->d_name))
				continue;
			bool found = false;
			for (size_t k = 0; k < df.nproblems; k++)
				if (strstr(df.problems[k].message,
					   why[w].problem))
					found = true;
			if (!found)
				fail_msg("negative case %s: no problem '%s'",
					 e->d_name, why[w].problem);
		}
		hl_arena_release(&a);
		free(text);
	}
	closedir(d);
	print_message("buildkit: %zu negative cases\n", seen);
	assert_true(seen >= 4);
}

/* BuildKit's testfile-line: the lines each instruction starts and ends. */
static void test_lines(void **state)
{
	(void)state;
	if (!present())
		skip();
	size_t len;
	char *text = slurp(CORPUS "/testfile-line/Dockerfile", &len);
	assert_non_null(text);
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_source src;
	hl_source_init_mem(&src, &a, "line", text, len);
	struct hl_dockerfile df;
	hl_dockerfile_parse(&src, &a, &df);
	static const uint32_t want[][2] = {{5, 5}, {11, 12}, {17, 31}};
	assert_int_equal(df.ninstrs, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(df.instrs[i]->span.start.line, want[i][0]);
		assert_int_equal(df.instrs[i]->span.end.line, want[i][1]);
	}
	hl_arena_release(&a);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positive_cases),
		cmocka_unit_test(test_negative_cases),
		cmocka_unit_test(test_lines),
	};
	if (!present()) { /* ctest shows it skipped (SKIP_RETURN_CODE) */
		printf("buildkit: %s not found, skipped\n", CORPUS);
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
