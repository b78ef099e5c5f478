/*
 * test_source: reading inputs (size cap, binary content, directories),
 * line:column in code points, and the printing helpers built on it: the
 * JSON writer, the error line with its caret, and the regex matcher.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/jsonw.h"
#include "engine/match.h"
#include "output/output.h"
#include "cli/guard.h"
#include "core/source.h"

static void test_positions(void **state)
{
	(void)state;
	/* "é" is two bytes, one column; a tab is one column */
	static const char text[] = "ab\n\xc3\xa9x\n\tz\r\nlast";
	static const struct {
		size_t off;
		uint32_t line, col;
	} cases[] = {
		{0, 1, 1},  {1, 1, 2},	{2, 1, 3},  {3, 2, 1},
		{5, 2, 2},  {6, 2, 3},	{7, 3, 1},  {8, 3, 2},
		{11, 4, 1}, {15, 4, 5}, {99, 4, 5}, /* past the end: the end */
	};
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_source src;
	hl_source_init_mem(&src, &a, "t", text, sizeof(text) - 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_pos p = hl_source_pos(&src, cases[i].off);
		if (p.line != cases[i].line || p.col != cases[i].col)
			fail_msg("offset %zu: got %u:%u, want %u:%u",
				 cases[i].off, p.line, p.col, cases[i].line,
				 cases[i].col);
	}
	const char *line;
	size_t len;
	assert_true(hl_source_line(&src, 3, &line, &len));
	assert_int_equal(len, 2); /* the \r is not part of the line */
	assert_memory_equal(line, "\tz", 2);
	assert_true(hl_source_line(&src, 4, &line, &len));
	assert_int_equal(len, 4);
	assert_false(hl_source_line(&src, 5, &line, &len));
	assert_false(hl_source_line(&src, 0, &line, &len));
	hl_arena_release(&a);
}

static void test_bom_is_not_a_column(void **state)
{
	(void)state;
	static const char text[] = "\xef\xbb\xbf"
				   "FROM x\nY";
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_source src;
	hl_source_init_mem(&src, &a, "t", text, sizeof(text) - 1);
	assert_int_equal(hl_source_pos(&src, 3).col, 1);
	assert_int_equal(hl_source_pos(&src, 8).col, 6);
	assert_int_equal(hl_source_pos(&src, 10).col, 1);
	assert_int_equal(hl_source_pos(&src, 10).line, 2);
	hl_arena_release(&a);
}

/* The sparse line index against a count from the start, on text with
 * runs of empty lines, short lines, lines far longer than an index step,
 * multi-byte characters and no newline at the end; offsets visited in a
 * jumbled order so the cached last position is tested going back too. */
static void test_positions_sparse_index(void **state)
{
	(void)state;
	enum { N = 40000 };
	char *text = malloc(N);
	assert_non_null(text);
	unsigned seed = 7;
	size_t i = 0;
	while (i < N) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = (seed >> 16) % 10;
		size_t run = r < 3   ? (seed >> 8) % 40	   /* empty lines */
			     : r < 8 ? (seed >> 8) % 60	   /* short */
				     : (seed >> 8) % 3000; /* long */
		for (size_t k = 0; k < run && i < N; k++) {
			if (r < 3)
				text[i++] = '\n';
			else if (k % 7 == 3 && i + 2 <= N) {
				text[i++] = (char)0xc3; /* é */
				text[i++] = (char)0xa9;
			} else
				text[i++] = 'a';
		}
		if (r >= 3 && i < N - 1)
			text[i++] = '\n';
	}
	text[N - 1] = 'z';
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_source src;
	hl_source_init_mem(&src, &a, "t", text, N);
	uint32_t *lines = malloc(N * sizeof(*lines));
	uint32_t *cols = malloc(N * sizeof(*cols));
	size_t *starts = malloc(N * sizeof(*starts));
	assert_non_null(lines);
	assert_non_null(cols);
	assert_non_null(starts);
	uint32_t line = 1, col = 1, nlines = 1;
	starts[0] = 0;
	for (size_t o = 0; o < N; o++) {
		lines[o] = line;
		cols[o] = col;
		if (text[o] == '\n') {
			starts[nlines++] = o + 1;
			line++;
			col = 1;
		} else if (((unsigned char)text[o] & 0xC0) != 0x80)
			col++;
	}
	for (size_t k = 0; k < N; k++) {
		size_t o = (k * 7919) % N;
		if (((unsigned char)text[o] & 0xC0) == 0x80)
			continue; /* inside a character */
		struct hl_pos p = hl_source_pos(&src, o);
		if (p.line != lines[o] || p.col != cols[o])
			fail_msg("offset %zu: got %u:%u, want %u:%u", o, p.line,
				 p.col, lines[o], cols[o]);
	}
	for (uint32_t l = 1; l <= nlines; l++) {
		const char *t;
		size_t len;
		assert_true(hl_source_line(&src, l, &t, &len));
		assert_ptr_equal(t, text + starts[l - 1]);
		size_t end = l < nlines ? starts[l] - 1 : N;
		assert_int_equal(len, end - starts[l - 1]);
	}
	for (uint32_t l = nlines; l >= 1; l--) { /* walking back */
		const char *t;
		size_t len;
		assert_true(hl_source_line(&src, l, &t, &len));
		assert_ptr_equal(t, text + starts[l - 1]);
		if (l % 3 == 0) /* and a jump now and then */
			assert_true(hl_source_line(&src, l / 2 + 1, &t, &len));
	}
	const char *t;
	size_t len;
	assert_false(hl_source_line(&src, nlines + 1, &t, &len));
	/* the index is a small fraction of the text */
	assert_true(src.nmarks * sizeof(*src.marks) <= N / 4);
	free(lines);
	free(cols);
	free(starts);
	free(text);
	hl_arena_release(&a);
}

/* Write `len` bytes to a new temporary file; returns its path. */
static char *temp_file(const void *data, size_t len)
{
	static char path[64];
	strcpy(path, "/tmp/hl-source-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_read(void **state)
{
	(void)state;
	static const struct {
		const char *data;
		size_t len;
		size_t max;
		enum hl_err want;
		const char *msg; /* a part of the message */
	} cases[] = {
		{"FROM x\n", 7, 100, HL_OK, NULL},
		{"", 0, 100, HL_OK, NULL},
		{"FROM x\n", 7, 6, HL_ERR_TOO_BIG, "larger than the limit"},
		{"FROM\0x", 6, 100, HL_ERR_BINARY, "binary"},
		{"\x7f"
		 "ELF\x02\x01",
		 6, 100, HL_ERR_BINARY, "binary"},
		{"\x89PNG\r\n\x1a\n", 8, 100, HL_ERR_BINARY, "binary"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = temp_file(cases[i].data, cases[i].len);
		struct hl_arena a;
		hl_arena_init(&a);
		struct hl_source src;
		struct hl_diag d;
		memset(&d, 0, sizeof(d));
		enum hl_err e = hl_source_read(&src, &a, path, "shown",
					       cases[i].max, false, NULL, NULL, &d);
		if (e != cases[i].want)
			fail_msg("case %zu: got %s, want %s", i, hl_strerror(e),
				 hl_strerror(cases[i].want));
		if (e == HL_OK) {
			assert_int_equal(src.len, cases[i].len);
			assert_memory_equal(src.data, cases[i].data,
					    cases[i].len);
			assert_int_equal(src.data[src.len], '\0');
		} else {
			assert_string_equal(d.path, "shown");
			assert_non_null(strstr(d.message, cases[i].msg));
		}
		hl_arena_release(&a);
		unlink(path);
	}
}

static void test_read_errors(void **state)
{
	(void)state;
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_source src;
	struct hl_diag d;
	assert_int_equal(hl_source_read(&src, &a, "/nonexistent/x", "x", 100,
					false, NULL, NULL, &d),
			 HL_ERR_IO);
	assert_non_null(strstr(d.message, "cannot open 'x'"));
	assert_int_equal(d.line, 0);
	assert_int_equal(
		hl_source_read(&src, &a, "/tmp", "tmp", 100, false, NULL, NULL, &d),
		HL_ERR_IO);
	assert_non_null(strstr(d.message, "is a directory"));
	/* nofollow: a symlink is not opened (a walked file that became one
	 * after the walk), a regular file is */
	char dir[] = "/tmp/hardlint-nofollow-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char file[64], link[64];
	snprintf(file, sizeof(file), "%s/Dockerfile", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("FROM alpine\n", f);
	fclose(f);
	assert_int_equal(symlink(file, link), 0);
	assert_int_equal(
		hl_source_read(&src, &a, link, "link", 100, true, NULL, NULL, &d),
		HL_ERR_IO);
	assert_non_null(strstr(d.message, "symlink"));
	assert_int_equal(
		hl_source_read(&src, &a, link, "link", 100, false, NULL, NULL, &d),
		HL_OK);
	assert_int_equal(
		hl_source_read(&src, &a, file, "file", 100, true, NULL, NULL, &d),
		HL_OK);
	/* the file the walk found, or not read: a directory above it
	 * swapped for a symlink after the walk leads to another file */
	struct stat st;
	assert_int_equal(stat(file, &st), 0);
	struct hl_file_id same = {(uint64_t)st.st_dev, (uint64_t)st.st_ino};
	struct hl_file_id other = {(uint64_t)st.st_dev,
				   (uint64_t)st.st_ino + 1};
	assert_int_equal(
		hl_source_read(&src, &a, file, "file", 100, true, &same, NULL, &d),
		HL_OK);
	assert_int_equal(hl_source_read(&src, &a, file, "file", 100, true,
					&other, NULL, &d),
			 HL_ERR_IO);
	assert_non_null(strstr(d.message, "not the file the directory walk"));
	unlink(link);
	unlink(file);
	rmdir(dir);
	hl_arena_release(&a);
}

static void previous_handler(int sig)
{
	(void)sig;
	_exit(7);
}

/* In a child: map a file of 2 MiB (`guard`: with the command's SIGBUS
 * guard told of it), maybe install a handler first, then truncate the
 * file and read past its new end (`elsewhere`: raise a SIGBUS that is not
 * about the file instead). What the child wrote to stderr goes to `out`;
 * returns its wait status. */
static int truncated(bool guard, bool previous, bool elsewhere, char *out,
		     size_t cap)
{
	size_t len = HL_SOURCE_MAP_MIN * 2;
	char *bytes = malloc(len);
	assert_non_null(bytes);
	memset(bytes, 'a', len);
	char *path = temp_file(bytes, len);
	free(bytes);
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		/* cmocka has its own handler: ours, or none */
		signal(SIGBUS, previous ? previous_handler : SIG_DFL);
		struct hl_arena a;
		hl_arena_init(&a);
		struct hl_source src;
		struct hl_diag d;
		struct hl_source_map map = {
			true, guard ? hl_guard_on_map : NULL, NULL};
		if (hl_source_read(&src, &a, path, "shrinks.yaml", len * 2,
				   false, NULL, &map, &d) != HL_OK ||
		    !src.mapped)
			_exit(3);
		/* the library itself installed nothing */
		struct sigaction now;
		sigaction(SIGBUS, NULL, &now);
		if (!guard &&
		    now.sa_handler != (previous ? previous_handler : SIG_DFL))
			_exit(6);
		if (truncate(path, 0) != 0)
			_exit(4);
		if (elsewhere)
			raise(SIGBUS);
		volatile char c = src.data[len - 1]; /* SIGBUS here */
		(void)c;
		_exit(5);
	}
	close(pipefd[1]);
	size_t n = 0;
	ssize_t r;
	while (n < cap - 1 && (r = read(pipefd[0], out + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(pipefd[0]);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(path);
	return status;
}

/* A mapped file truncated while it is read: the next access past its new
 * end is a SIGBUS. The library installs no handler (the process dies of
 * it, or its own handler runs); the command's guard, told of the mapping,
 * ends the run with status 2 and a message naming the file, and passes a
 * SIGBUS that is not about a mapped file on to the handler it replaced. */
static void test_truncated_while_mapped(void **state)
{
	(void)state;
	static char out[16384]; /* valgrind, when it runs us, writes here too */
	int status = truncated(false, false, false, out, sizeof(out));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGBUS);
	status = truncated(false, true, false, out, sizeof(out));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7); /* the program's own */
	status = truncated(true, true, false, out, sizeof(out));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_non_null(strstr(out, "shrinks.yaml: error: the file changed"));
	status = truncated(true, true, true, out, sizeof(out));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7); /* chained */
	status = truncated(true, false, true, out, sizeof(out));
	assert_true(WIFSIGNALED(status)); /* the default, as before */
	assert_int_equal(WTERMSIG(status), SIGBUS);
}

/* Run `fn` with a FILE and return what it wrote. */
static char *capture(void (*fn)(FILE *f, void *ctx), void *ctx)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(f);
	fn(f, ctx);
	fclose(f);
	return buf;
}

static void write_json(FILE *f, void *ctx)
{
	(void)ctx;
	struct hl_json j;
	hl_json_init(&j, f, false);
	hl_json_object(&j);
	hl_json_kv(&j, "s",
		   "q\"\\\n\t\x01"
		   "é");
	hl_json_key(&j, "bad utf8");
	hl_json_strn(&j,
		     "a\xff"
		     "b",
		     3);
	hl_json_key(&j, "n");
	hl_json_int(&j, -42);
	hl_json_key(&j, "list");
	hl_json_array(&j);
	hl_json_bool(&j, true);
	hl_json_null(&j);
	hl_json_array(&j);
	hl_json_end(&j, ']');
	hl_json_end(&j, ']');
	hl_json_kv(&j, "none", NULL);
	hl_json_end(&j, '}');
}

static void test_json(void **state)
{
	(void)state;
	assert_string_equal(capture(write_json, NULL),
			    "{\"s\":\"q\\\"\\\\\\n\\t\\u0001é\","
			    "\"bad utf8\":\"a\\ufffdb\",\"n\":-42,"
			    "\"list\":[true,null,[]],\"none\":null}");
}

struct err_case {
	struct hl_diag d;
	const char *line;
};

static void write_error(FILE *f, void *ctx)
{
	struct err_case *c = ctx;
	struct hl_error e = {.code = c->d.code,
			     .path = c->d.path,
			     .line = c->d.line,
			     .col = c->d.col,
			     .message = c->d.message,
			     .excerpt = c->line};
	hl_print_error(f, &e);
}

/* The caret lines up under the column, tabs kept, code points counted. */
static void test_error_caret(void **state)
{
	(void)state;
	struct err_case c = {{HL_ERR_SYNTAX, "f.yaml", 2, 4, "bad"},
			     "\t\xc3\xa9"
			     "ab"};
	assert_string_equal(capture(write_error, &c),
			    "f.yaml:2:4: error: bad\n    \t\xc3\xa9"
			    "ab\n"
			    "    \t  ^\n");
	struct err_case none = {{HL_ERR_IO, "g", 0, 0, "cannot open 'g'"},
				NULL};
	assert_string_equal(capture(write_error, &none),
			    "g: error: cannot open 'g'\n");
	/* control characters cannot forge lines */
	struct err_case forged = {{HL_ERR_SYNTAX, "a\nb", 1, 2, "x\r\ny"},
				  "\x1b[31m"};
	assert_string_equal(capture(write_error, &forged),
			    "a\\x0ab:1:2: error: x\\x0d\\x0ay\n"
			    "    \\x1b[31m\n        ^\n");
	/* nor can a C1 control (U+009B is CSI, printed \u009b) or a byte
	 * that is no UTF-8; the caret stays under column 4 (the stray \x80
	 * takes no column but four characters; \xff one column and four
	 * characters; U+009B one column and six) */
	struct err_case c1 = {{HL_ERR_SYNTAX, "c", 1, 4, "m\xc2\x9b"},
			      "\xff\x80\xc2\x9b\xc3\xa9z"};
	assert_string_equal(capture(write_error, &c1),
			    "c:1:4: error: m\\u009b\n"
			    "    \\xff\\x80\\u009b\xc3\xa9z\n"
			    "                   ^\n");
	/* an invisible character moves the caret by its escape's width */
	struct err_case bidi = {{HL_ERR_SYNTAX, "d", 1, 3, "m"},
				"a\xe2\x80\xae"
				"bc"};
	assert_string_equal(capture(write_error, &bidi),
			    "d:1:3: error: m\n"
			    "    a\\u202ebc\n"
			    "           ^\n");
}

static void test_matcher(void **state)
{
	(void)state;
	static const struct hl_pattern pats[] = {
		{"p0", "^ab+c$", false, "t", 1, 1, NULL, 0},
		{"p1", "hello", true, "t", 1, 1, NULL, 0},
		{"p2", "(a+)+$", false, "t", 1, 1, NULL, 0},
		{"p3", "(", false, "t", 1, 1, NULL, 0},
	};
	struct hl_rules rs = {NULL, 0, pats, 4, NULL, 0};
	struct hl_matcher *m = hl_matcher_new(&rs, 10000, true);
	const char *err = NULL;
	assert_int_equal(hl_matcher_match(m, 0, "abbbc", 5, &err), 1);
	assert_int_equal(hl_matcher_match(m, 0, "ac", 2, &err), 0);
	assert_int_equal(hl_matcher_match(m, 1, "say HeLLo", 9, &err), 1);
	/* invalid UTF-8 in the subject is not an error */
	assert_int_equal(hl_matcher_match(m, 1, "\xff hello", 7, &err), 1);
	char evil[4001];
	memset(evil, 'a', 4000);
	evil[3999] = '!';
	assert_int_equal(hl_matcher_match(m, 2, evil, 4000, &err), -1);
	assert_non_null(strstr(err, "match limit"));
	assert_int_equal(hl_matcher_match(m, 3, "x", 1, &err), -1);
	hl_matcher_free(m);

	char msg[200];
	size_t off = 99;
	assert_true(hl_regex_check("a(b)c", false, msg, sizeof(msg), &off));
	assert_false(hl_regex_check("a(b", false, msg, sizeof(msg), &off));
	assert_int_equal(off, 3);
	assert_non_null(strstr(msg, "parenthesis"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_bom_is_not_a_column),
		cmocka_unit_test(test_positions_sparse_index),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_truncated_while_mapped),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_error_caret),
		cmocka_unit_test(test_matcher),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
