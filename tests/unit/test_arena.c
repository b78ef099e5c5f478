/*
 * Unit tests for arena (bump allocator) and buf (capped byte buffer): what
 * arena.h and buf.h promise, checked through the public API only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"

/* Each test gets an arena in *state; the teardown frees it even when an
 * assertion fails half-way, so a failure does not also show up as a leak. */
static int arena_setup(void **state)
{
	struct hl_arena *a = malloc(sizeof(*a));
	if (!a)
		return -1;
	hl_arena_init(a);
	*state = a;
	return 0;
}

static int arena_teardown(void **state)
{
	struct hl_arena *a = *state;
	hl_arena_release(a);
	free(a);
	return 0;
}

/* ------------------------------------------------------------------ */
/* arena                                                              */

static void test_init_is_empty(void **state)
{
	struct hl_arena a;
	memset(&a, 0x5a, sizeof(a));
	hl_arena_init(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	hl_arena_release(&a); /* releasing an unused arena is fine */
	assert_null(a.head);
	(void)state;
}

static bool all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Every size, small to beyond a chunk: zero-filled, 16-aligned, writable,
 * and earlier blocks keep their contents (no overlap). */
static void test_alloc_zeroed_aligned(void **state)
{
	struct hl_arena *a = *state;
	static const size_t sizes[] = {
		1,     7,     15,      16, 17, 100, 1000, 4096, 16 * 1024 + 1,
		65536, 65537, 1 << 20, 3,  0};
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	unsigned char *blocks[N];
	size_t used = 0;
	for (size_t i = 0; i < N; i++) {
		size_t n = sizes[i];
		blocks[i] = hl_arena_alloc(a, n);
		assert_non_null(blocks[i]);
		assert_int_equal((uintptr_t)blocks[i] % 16, 0);
		assert_true(all_bytes(blocks[i], n, 0));
		memset(blocks[i], (int)(i + 1), n);
		used += n ? n : 1;
		for (size_t k = 0; k < i; k++)
			assert_true(all_bytes(blocks[k], sizes[k],
					      (unsigned char)(k + 1)));
	}
	assert_int_equal(a->used, used); /* 0 counts as 1 byte */
}

/* Aligned for any type: a long double and a max_align_t can live there. */
static void test_alloc_any_type(void **state)
{
	struct hl_arena *a = *state;
	for (size_t n = 1; n <= 64; n++) {
		char *pad = hl_arena_alloc(a, n); /* odd sizes in between */
		pad[n - 1] = 'x';
		max_align_t *m = hl_arena_alloc(a, sizeof(*m));
		assert_int_equal((uintptr_t)m % _Alignof(max_align_t), 0);
		long double *ld = hl_arena_alloc(a, sizeof(*ld));
		*ld = (long double)n;
		assert_true(*ld == (long double)n);
	}
}

static void test_array(void **state)
{
	struct hl_arena *a = *state;
	static const struct {
		size_t n, size;
	} cases[] = {{1, 1}, {10, sizeof(int)}, {0, 8}, {1000, 24}, {3, 0}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t bytes = cases[i].n * cases[i].size;
		unsigned char *p = hl_arena_array(a, cases[i].n, cases[i].size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_true(all_bytes(p, bytes, 0));
		memset(p, 0xee, bytes);
	}
}

static void oom_handler(size_t size)
{
	(void)size;
	_exit(42);
}

/* n * size overflowing is out of memory, never a short block: the
 * embedding program's handler is called (it does not return); with no
 * handler the library aborts. It never exits on its own. Run in a child
 * so the end is observable. */
static void test_array_overflow_calls_oom_handler(void **state)
{
	static const struct {
		size_t n, size;
	} cases[] = {{SIZE_MAX, 2}, {SIZE_MAX / 2 + 1, 2}, {2, SIZE_MAX}};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int handler = 0; handler < 2; handler++) {
			fflush(NULL);
			pid_t pid = fork();
			assert_true(pid >= 0);
			if (pid == 0) {
				struct hl_arena a;
				hl_arena_init(&a);
				if (!freopen("/dev/null", "w", stderr))
					_exit(99);
				hl_set_oom_handler(handler ? oom_handler
							   : NULL);
				hl_arena_array(&a, cases[i].n, cases[i].size);
				_exit(0); /* returned: wrong */
			}
			int status = 0;
			assert_int_equal(waitpid(pid, &status, 0), pid);
			if (handler) {
				assert_true(WIFEXITED(status));
				assert_int_equal(WEXITSTATUS(status), 42);
			} else {
				assert_true(WIFSIGNALED(status));
				assert_int_equal(WTERMSIG(status), SIGABRT);
			}
		}
	}
}

static void test_strndup_strdup(void **state)
{
	struct hl_arena *a = *state;
	static const struct {
		const char *s;
		size_t len;
		const char *want;
	} cases[] = {
		{"hello", 3, "hel"},	 {"hello", 5, "hello"},
		{"hello", 0, ""},	 {"", 0, ""},
		{"a\tb c", 5, "a\tb c"}, {"caf\xc3\xa9!", 5, "caf\xc3\xa9"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = hl_arena_strndup(a, cases[i].s, cases[i].len);
		assert_string_equal(p, cases[i].want);
		assert_int_equal(p[cases[i].len], '\0');
		assert_ptr_not_equal(p, cases[i].s); /* a copy */
		char *q = hl_arena_strdup(a, cases[i].s);
		assert_string_equal(q, cases[i].s);
		assert_ptr_not_equal(q, cases[i].s);
	}
	/* the copy does not read past len: a buffer without NUL */
	char raw[4] = {'a', 'b', 'c', 'd'};
	assert_string_equal(hl_arena_strndup(a, raw, 4), "abcd");
}

static void test_printf(void **state)
{
	struct hl_arena *a = *state;
	static const struct {
		int n;
		const char *s;
		const char *want;
	} cases[] = {
		{0, "", "0:"},
		{42, "x", "42:x"},
		{-7, "a b", "-7:a b"},
		{2147483647, "caf\xc3\xa9", "2147483647:caf\xc3\xa9"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(
			hl_arena_printf(a, "%d:%s", cases[i].n, cases[i].s),
			cases[i].want);
	assert_string_equal(hl_arena_printf(a, "%s", ""), "");
	assert_string_equal(hl_arena_printf(a, "%%"), "%");

	/* longer than any small stack buffer */
	char big[5000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *p = hl_arena_printf(a, "<%s>", big);
	assert_int_equal(strlen(p), sizeof(big) + 1);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[sizeof(big)], '>');
	assert_true(all_bytes((unsigned char *)p + 1, sizeof(big) - 1, 'q'));
}

/* Push 100 elements: the capacity starts at 4 and doubles exactly when
 * full, the contents move along, and the old block stays readable. */
static void test_grow(void **state)
{
	struct hl_arena *a = *state;
	int *v = NULL;
	size_t cap = 0;
	size_t grows = 0;
	static const size_t caps[] = {4, 8, 16, 32, 64, 128};
	for (size_t n = 0; n < 100; n++) {
		int *old = v;
		size_t oldcap = cap;
		v = hl_arena_grow(a, v, n, &cap, sizeof(*v));
		if (n < oldcap) {
			assert_ptr_equal(v, old); /* room: same block */
			assert_int_equal(cap, oldcap);
		} else {
			assert_true(grows < sizeof(caps) / sizeof(caps[0]));
			assert_int_equal(cap, caps[grows]);
			grows++;
			/* moved, or grown where it was (the chunk's last
			 * block): its values kept either way */
			for (size_t k = 0; k < n; k++)
				assert_int_equal(v[k], (int)(k * 3));
			/* the new tail is zeroed */
			assert_true(all_bytes((unsigned char *)(v + n),
					      (cap - n) * sizeof(*v), 0));
		}
		v[n] = (int)(n * 3);
	}
	assert_int_equal(grows, 6);
	assert_int_equal(cap, 128);
}

/* A capacity that was not made by grow (here 3) still doubles. */
static void test_grow_from_given_cap(void **state)
{
	struct hl_arena *a = *state;
	static const struct {
		size_t count, cap, want_cap;
		bool moves;
	} cases[] = {
		{0, 0, 4, true},  {2, 3, 3, false},   {3, 3, 6, true},
		{5, 5, 10, true}, {9, 10, 10, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t cap = cases[i].cap;
		char *old = hl_arena_array(a, cap ? cap : 1, 8);
		for (size_t k = 0; k < cases[i].count * 8; k++)
			old[k] = (char)('a' + k % 26);
		/* a block after it: it cannot grow where it is */
		(void)hl_arena_alloc(a, 8);
		char *p = hl_arena_grow(a, old, cases[i].count, &cap, 8);
		assert_int_equal(cap, cases[i].want_cap);
		if (cases[i].moves)
			assert_ptr_not_equal(p, old);
		else
			assert_ptr_equal(p, old);
		assert_memory_equal(p, old, cases[i].count * 8);
	}
}

/* The chunk's last block grows where it is, its new tail zeroed; one
 * that something followed moves. One element of 64 bytes or more comes
 * first (most such arrays hold one). */
static void test_grow_in_place(void **state)
{
	struct hl_arena *a = *state;
	struct big {
		char b[80];
	} *v = NULL;
	size_t cap = 0;
	v = hl_arena_grow(a, v, 0, &cap, sizeof(*v));
	assert_int_equal(cap, 1);
	memset(v, 'x', sizeof(*v));
	struct big *w = hl_arena_grow(a, v, 1, &cap, sizeof(*v));
	assert_int_equal(cap, 2);
#ifndef HARDLINT_SANITIZE /* there, each block is a chunk of its own */
	assert_ptr_equal(w, v);
#endif
	assert_true(all_bytes((unsigned char *)w, sizeof(*w), 'x'));
	assert_true(all_bytes((unsigned char *)(w + 1), sizeof(*w), 0));
	memset(w + 1, 'y', sizeof(*w));
	(void)hl_arena_alloc(a, 1); /* now it is not the last */
	struct big *z = hl_arena_grow(a, w, 2, &cap, sizeof(*v));
	assert_int_equal(cap, 4);
	assert_ptr_not_equal(z, w);
	assert_true(all_bytes((unsigned char *)z, sizeof(*z), 'x'));
	assert_true(all_bytes((unsigned char *)(z + 1), sizeof(*z), 'y'));
	assert_true(all_bytes((unsigned char *)(z + 2), 2 * sizeof(*z), 0));
}

static void test_release_and_reuse(void **state)
{
	struct hl_arena *a = *state;
	for (int round = 0; round < 3; round++) {
		for (int k = 0; k < 200; k++) {
			char *s = hl_arena_printf(a, "round %d item %d", round,
						  k);
			assert_non_null(s);
		}
		void *big = hl_arena_alloc(a, 200000);
		assert_true(all_bytes(big, 200000, 0));
		assert_non_null(a->head);
		assert_true(a->used > 200000);
		hl_arena_release(a);
		assert_null(a->head);
		assert_int_equal(a->used, 0);
	}
	/* usable again after release, from scratch */
	char *s = hl_arena_strdup(a, "again");
	assert_string_equal(s, "again");
	assert_int_equal(a->used, 6);
	unsigned char *z = hl_arena_alloc(a, 64);
	assert_true(all_bytes(z, 64, 0));
}

static void test_xalloc(void **state)
{
	(void)state;
	static const size_t sizes[] = {0, 1, 100, 1 << 16};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = hl_xmalloc(sizes[i]);
		assert_non_null(p); /* even for 0 */
		memset(p, 1, sizes[i]);
		p = hl_xrealloc(p, sizes[i] * 2 + 1);
		assert_non_null(p);
		assert_true(all_bytes(p, sizes[i], 1));
		free(p);
		unsigned char *c = hl_xcalloc(sizes[i], 3);
		assert_non_null(c);
		assert_true(all_bytes(c, sizes[i] * 3, 0));
		free(c);
	}
	char *d = hl_xstrdup("dup me");
	assert_string_equal(d, "dup me");
	free(d);
}

/* ------------------------------------------------------------------ */
/* buf                                                                */

static int buf_setup(void **state)
{
	struct hl_buf *b = malloc(sizeof(*b));
	if (!b)
		return -1;
	*b = (struct hl_buf)HL_BUF_INIT;
	*state = b;
	return 0;
}

static int buf_teardown(void **state)
{
	struct hl_buf *b = *state;
	hl_buf_release(b);
	free(b);
	return 0;
}

static void test_buf_empty(void **state)
{
	struct hl_buf *b = *state;
	assert_string_equal(hl_buf_str(b), "");
	assert_int_equal(b->len, 0);
	assert_false(b->full);
	hl_buf_reset(b); /* on a buffer that never allocated */
	assert_string_equal(hl_buf_str(b), "");
	assert_true(hl_buf_add(b, "", 0));
	assert_string_equal(hl_buf_str(b), "");
	assert_int_equal(b->len, 0);
}

static void test_buf_add(void **state)
{
	struct hl_buf *b = *state;
	assert_true(hl_buf_add(b, "abcdef", 3));
	assert_true(hl_buf_addc(b, '-'));
	assert_true(hl_buf_adds(b, "xyz"));
	assert_string_equal(hl_buf_str(b), "abc-xyz");
	assert_int_equal(b->len, 7);
	assert_true(b->cap > b->len);
	/* bytes, not C strings: an embedded NUL counts */
	assert_true(hl_buf_add(b, "1\0002", 3));
	assert_int_equal(b->len, 10);
	assert_memory_equal(b->p, "abc-xyz1\0002", 11);

	/* grows one byte at a time well past the first allocation */
	hl_buf_reset(b);
	for (int i = 0; i < 5000; i++)
		assert_true(hl_buf_addc(b, (char)('a' + i % 26)));
	assert_int_equal(b->len, 5000);
	assert_int_equal(strlen(hl_buf_str(b)), 5000);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(b->p[i], 'a' + i % 26);
}

static void test_buf_printf(void **state)
{
	struct hl_buf *b = *state;
	static const struct {
		const char *s;
		int n;
		const char *want;
	} cases[] = {
		{"a", 1, "a=1;"},
		{"", 0, "a=1;=0;"},
		{"long name", -12, "a=1;=0;long name=-12;"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(hl_buf_printf(b, "%s=%d;", cases[i].s, cases[i].n));
		assert_string_equal(hl_buf_str(b), cases[i].want);
		assert_int_equal(b->len, strlen(cases[i].want));
	}
	/* past the internal 256-byte fast path */
	char big[1000];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	hl_buf_reset(b);
	assert_true(hl_buf_printf(b, "[%s]", big));
	assert_int_equal(b->len, sizeof(big) + 1);
	assert_int_equal(b->p[0], '[');
	assert_int_equal(b->p[sizeof(big)], ']');
	assert_int_equal(b->p[b->len], '\0');
}

static void test_buf_reset_keeps_memory(void **state)
{
	struct hl_buf *b = *state;
	assert_true(hl_buf_adds(b, "some text to keep the memory busy"));
	char *p = b->p;
	size_t cap = b->cap;
	hl_buf_reset(b);
	assert_ptr_equal(b->p, p);
	assert_int_equal(b->cap, cap);
	assert_int_equal(b->len, 0);
	assert_string_equal(hl_buf_str(b), "");
	assert_true(hl_buf_adds(b, "new"));
	assert_string_equal(hl_buf_str(b), "new");
	assert_ptr_equal(b->p, p);

	hl_buf_release(b);
	assert_null(b->p);
	assert_int_equal(b->len, 0);
	assert_int_equal(b->cap, 0);
	assert_string_equal(hl_buf_str(b), "");
	assert_true(hl_buf_adds(b, "after release")); /* usable again */
	assert_string_equal(hl_buf_str(b), "after release");
}

/* The cap: len may reach max but not pass it; a refused append changes
 * nothing and sets full; reset clears full. */
static void test_buf_max(void **state)
{
	static const struct {
		size_t max;
		const char *adds[4];
		bool ok[4];
		const char *want;
		bool full;
	} cases[] = {
		{0, {"abc", "def"}, {true, true}, "abcdef", false},
		{5, {"abc", "de"}, {true, true}, "abcde", false},
		{5, {"abc", "def"}, {true, false}, "abc", true},
		{5, {"abcdef"}, {false}, "", true},
		{5, {"abcde", "", "f"}, {true, true, false}, "abcde", true},
		{5, {"ab", "cdefgh", "cd"}, {true, false, true}, "abcd", true},
		{1, {"x", "y"}, {true, false}, "x", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_buf *b = *state;
		hl_buf_release(b);
		b->max = cases[i].max;
		for (int k = 0; k < 4 && cases[i].adds[k]; k++)
			assert_int_equal(hl_buf_adds(b, cases[i].adds[k]),
					 cases[i].ok[k]);
		assert_string_equal(hl_buf_str(b), cases[i].want);
		assert_int_equal(b->len, strlen(cases[i].want));
		assert_int_equal(b->full, cases[i].full);
		assert_true(b->len <= b->max || b->max == 0);
		hl_buf_reset(b);
		assert_false(b->full);
		assert_int_equal(b->max,
				 cases[i].max); /* reset keeps the cap */
	}
}

static void test_buf_max_printf_addc(void **state)
{
	struct hl_buf *b = *state;
	b->max = 4;
	assert_true(hl_buf_printf(b, "%d", 12));
	assert_false(hl_buf_printf(b, "%d", 345));
	assert_true(b->full);
	assert_string_equal(hl_buf_str(b), "12");
	assert_true(hl_buf_addc(b, '3'));
	assert_true(hl_buf_addc(b, '4'));
	assert_false(hl_buf_addc(b, '5'));
	assert_string_equal(hl_buf_str(b), "1234");
	/* a big printf goes through the heap path and is refused too */
	char big[600];
	memset(big, 'w', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	hl_buf_reset(b);
	assert_false(hl_buf_printf(b, "%s", big));
	assert_true(b->full);
	assert_string_equal(hl_buf_str(b), "");
	/* a huge length does not wrap around the check */
	hl_buf_reset(b);
	assert_false(hl_buf_add(b, "x", SIZE_MAX));
	assert_true(b->full);
	assert_int_equal(b->len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test_setup_teardown(test_alloc_zeroed_aligned,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_alloc_any_type,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_array, arena_setup,
						arena_teardown),
		cmocka_unit_test(test_array_overflow_calls_oom_handler),
		cmocka_unit_test_setup_teardown(test_strndup_strdup,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_printf, arena_setup,
						arena_teardown),
		cmocka_unit_test_setup_teardown(test_grow, arena_setup,
						arena_teardown),
		cmocka_unit_test_setup_teardown(test_grow_from_given_cap,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_grow_in_place, arena_setup,
						arena_teardown),
		cmocka_unit_test_setup_teardown(test_release_and_reuse,
						arena_setup, arena_teardown),
		cmocka_unit_test(test_xalloc),
		cmocka_unit_test_setup_teardown(test_buf_empty, buf_setup,
						buf_teardown),
		cmocka_unit_test_setup_teardown(test_buf_add, buf_setup,
						buf_teardown),
		cmocka_unit_test_setup_teardown(test_buf_printf, buf_setup,
						buf_teardown),
		cmocka_unit_test_setup_teardown(test_buf_reset_keeps_memory,
						buf_setup, buf_teardown),
		cmocka_unit_test_setup_teardown(test_buf_max, buf_setup,
						buf_teardown),
		cmocka_unit_test_setup_teardown(test_buf_max_printf_addc,
						buf_setup, buf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
