/*
 * Unit tests for image: references split as the distribution reference
 * grammar does (docker.io and library/ normalised), the validity of each
 * known part, and the state of parts an unresolved variable (the byte
 * HL_IMAGE_UNKNOWN) may have supplied.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/image.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define U "\x01" /* HL_IMAGE_UNKNOWN, where a variable stood */

enum { A = HL_PART_ABSENT, K = HL_PART_KNOWN, X = HL_PART_UNKNOWN };

struct image_case {
	const char *text;
	bool valid;
	int reg_state;
	const char *registry; /* NULL: not set */
	int repo_state;
	const char *repository;
	int tag_state;
	const char *tag;
	int digest_state;
	const char *digest;
	const char *name;
	bool scratch;
};

static int setup_arena(void **state)
{
	struct hl_arena *a = malloc(sizeof(*a));
	if (!a)
		return -1;
	hl_arena_init(a);
	*state = a;
	return 0;
}

static int teardown_arena(void **state)
{
	hl_arena_release(*state);
	free(*state);
	return 0;
}

/* `s` with the unknown byte shown as '$'. */
static void printable(char *buf, size_t size, const char *s)
{
	size_t off = 0;
	for (; *s && off + 1 < size; s++)
		buf[off++] = *s == HL_IMAGE_UNKNOWN ? '$' : *s;
	buf[off] = '\0';
}

/* One line per field, unknown bytes shown as '$'. */
static void show(char *buf, size_t size, bool valid, bool scratch,
		 const int st[4], const char *const s[5])
{
	static const char *const names[] = {"registry", "repository", "tag",
					    "digest", "name"};
	static const char state_ch[] = {'A', 'K', 'X'};
	size_t off = (size_t)snprintf(buf, size, "valid=%d scratch=%d", valid,
				      scratch);
	for (int i = 0; i < 5 && off < size; i++) {
		off += (size_t)snprintf(buf + off, size - off, "\n  %s",
					names[i]);
		if (i < 4)
			off += (size_t)snprintf(buf + off, size - off, " %c",
						state_ch[st[i]]);
		char text[300];
		printable(text, sizeof(text), s[i] ? s[i] : "(null)");
		off += (size_t)snprintf(buf + off, size - off, " %s", text);
	}
}

static int check_images(struct hl_arena *a, const struct image_case *cases,
			size_t n)
{
	int fails = 0;
	for (size_t i = 0; i < n; i++) {
		const struct image_case *c = &cases[i];
		struct hl_image_ref r;
		memset(&r, 0x5a, sizeof(r)); /* parse must set every field */
		hl_image_parse(a, c->text, strlen(c->text), &r);
		const int gst[4] = {(int)r.registry_state,
				    (int)r.repository_state, (int)r.tag_state,
				    (int)r.digest_state};
		const char *const gs[5] = {r.registry, r.repository, r.tag,
					   r.digest, r.name};
		const int wst[4] = {c->reg_state, c->repo_state, c->tag_state,
				    c->digest_state};
		const char *const ws[5] = {c->registry, c->repository, c->tag,
					   c->digest, c->name};
		char got[512], want[512];
		show(got, sizeof(got), r.valid, r.scratch, gst, gs);
		show(want, sizeof(want), c->valid, c->scratch, wst, ws);
		if (strcmp(got, want) != 0) {
			char t[300];
			printable(t, sizeof(t), c->text);
			print_error("image '%s':\ngot  %s\nwant %s\n", t, got,
				    want);
			fails++;
		}
	}
	return fails;
}

#define RUN(cases)                                                             \
	assert_int_equal(                                                      \
		check_images(*state, cases, sizeof(cases) / sizeof(cases[0])), \
		0)

static void test_image_known(void **state)
{
	static const struct image_case cases[] = {
		{"nginx", true, K, "docker.io", K, "library/nginx", A, NULL, A,
		 NULL, "docker.io/library/nginx", false},
		{"nginx:1.27", true, K, "docker.io", K, "library/nginx", K,
		 "1.27", A, NULL, "docker.io/library/nginx", false},
		{"library/nginx", true, K, "docker.io", K, "library/nginx", A,
		 NULL, A, NULL, "docker.io/library/nginx", false},
		{"docker.io/nginx", true, K, "docker.io", K, "library/nginx", A,
		 NULL, A, NULL, "docker.io/library/nginx", false},
		{"docker.io/library/nginx:latest", true, K, "docker.io", K,
		 "library/nginx", K, "latest", A, NULL,
		 "docker.io/library/nginx", false},
		{"index.docker.io/library/nginx", true, K, "docker.io", K,
		 "library/nginx", A, NULL, A, NULL, "docker.io/library/nginx",
		 false},
		{"index.docker.io/nginx", true, K, "docker.io", K,
		 "library/nginx", A, NULL, A, NULL, "docker.io/library/nginx",
		 false},
		{"bitnami/redis:7.2", true, K, "docker.io", K, "bitnami/redis",
		 K, "7.2", A, NULL, "docker.io/bitnami/redis", false},
		{"gcr.io/distroless/static:nonroot", true, K, "gcr.io", K,
		 "distroless/static", K, "nonroot", A, NULL,
		 "gcr.io/distroless/static", false},
		{"localhost:5000/app:dev", true, K, "localhost:5000", K, "app",
		 K, "dev", A, NULL, "localhost:5000/app", false},
		{"localhost/app", true, K, "localhost", K, "app", A, NULL, A,
		 NULL, "localhost/app", false},
		{"[::1]:5000/app", true, K, "[::1]:5000", K, "app", A, NULL, A,
		 NULL, "[::1]:5000/app", false},
		/* a lone "localhost:5000" is repository localhost, tag 5000 */
		{"localhost:5000", true, K, "docker.io", K, "library/localhost",
		 K, "5000", A, NULL, "docker.io/library/localhost", false},
		{"registry.example.com:443/team/app@sha256:" H64, true, K,
		 "registry.example.com:443", K, "team/app", A, NULL, K,
		 "sha256:" H64, "registry.example.com:443/team/app", false},
		{"app:1.0@sha256:" H64, true, K, "docker.io", K, "library/app",
		 K, "1.0", K, "sha256:" H64, "docker.io/library/app", false},
		/* an upper-case first component is a domain */
		{"Foo/bar", true, K, "Foo", K, "bar", A, NULL, A, NULL,
		 "Foo/bar", false},
		/* path-component separators: '.', '_', '__', '-'+ */
		{"my-org/my--app_x.y__z", true, K, "docker.io", K,
		 "my-org/my--app_x.y__z", A, NULL, A, NULL,
		 "docker.io/my-org/my--app_x.y__z", false},
		{"nginx:_Tag-1.x", true, K, "docker.io", K, "library/nginx", K,
		 "_Tag-1.x", A, NULL, "docker.io/library/nginx", false},
		/* the empty image: lower case only, as BuildKit */
		{"scratch", true, A, NULL, K, "scratch", A, NULL, A, NULL,
		 "scratch", true},
	};
	RUN(cases);
}

static void test_image_invalid(void **state)
{
	static const struct image_case cases[] = {
		/* repository names are lower case; SCRATCH is not scratch */
		{"SCRATCH", false, K, "docker.io", K, "library/SCRATCH", A,
		 NULL, A, NULL, "docker.io/library/SCRATCH", false},
		{"library/Nginx", false, K, "docker.io", K, "library/Nginx", A,
		 NULL, A, NULL, "docker.io/library/Nginx", false},
		{"Nginx", false, K, "docker.io", K, "library/Nginx", A, NULL, A,
		 NULL, "docker.io/library/Nginx", false},
		{"nginx:1.2$", false, K, "docker.io", K, "library/nginx", K,
		 "1.2$", A, NULL, "docker.io/library/nginx", false},
		{"nginx:-1", false, K, "docker.io", K, "library/nginx", K, "-1",
		 A, NULL, "docker.io/library/nginx", false},
		{"nginx:", false, K, "docker.io", K, "library/nginx", K, "", A,
		 NULL, "docker.io/library/nginx", false},
		{"nginx@sha256:abc", false, K, "docker.io", K, "library/nginx",
		 A, NULL, K, "sha256:abc", "docker.io/library/nginx", false},
		{"nginx@" H64, false, K, "docker.io", K, "library/nginx", A,
		 NULL, K, H64, "docker.io/library/nginx", false},
		{"nginx@sha256:" H64 "x", false, K, "docker.io", K,
		 "library/nginx", A, NULL, K, "sha256:" H64 "x",
		 "docker.io/library/nginx", false},
		{"", false, K, "docker.io", K, "library/", A, NULL, A, NULL,
		 "docker.io/library/", false},
		{"a___b", false, K, "docker.io", K, "library/a___b", A, NULL, A,
		 NULL, "docker.io/library/a___b", false},
		{"a-_b", false, K, "docker.io", K, "library/a-_b", A, NULL, A,
		 NULL, "docker.io/library/a-_b", false},
		{"app-", false, K, "docker.io", K, "library/app-", A, NULL, A,
		 NULL, "docker.io/library/app-", false},
		{"org//app", false, K, "docker.io", K, "org//app", A, NULL, A,
		 NULL, "docker.io/org//app", false},
		{"exa_mple.com/app", false, K, "exa_mple.com", K, "app", A,
		 NULL, A, NULL, "exa_mple.com/app", false},
	};
	RUN(cases);
}

/*
 * domain := host [":" port-number], host := domain-component ("."
 * domain-component)* | "[" IPv6 "]", domain-component :=
 * [a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9], port-number := [0-9]+;
 * digest-algorithm-component := [A-Za-z][A-Za-z0-9]*.
 */
static void test_image_grammar_edges(void **state)
{
	static const struct image_case cases[] = {
		{"example.com:abc/app", false, K, "example.com:abc", K, "app",
		 A, NULL, A, NULL, "example.com:abc/app", false},
		{"-bad.com/app", false, K, "-bad.com", K, "app", A, NULL, A,
		 NULL, "-bad.com/app", false},
		{"a..b/app", false, K, "a..b", K, "app", A, NULL, A, NULL,
		 "a..b/app", false},
		{"app@256:" H64, false, K, "docker.io", K, "library/app", A,
		 NULL, K, "256:" H64, "docker.io/library/app", false},
	};
	RUN(cases);
}

static void test_image_tag_length(void **state)
{
	/* tag := [\w][\w.-]{0,127} */
	static const struct {
		size_t taglen;
		bool valid;
	} cases[] = {{1, true}, {128, true}, {129, false}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[200] = "nginx:";
		memset(text + 6, 'v', cases[i].taglen);
		text[6 + cases[i].taglen] = '\0';
		struct hl_image_ref r;
		hl_image_parse(*state, text, strlen(text), &r);
		assert_int_equal(r.tag_state, HL_PART_KNOWN);
		assert_int_equal(strlen(r.tag), cases[i].taglen);
		assert_int_equal(r.valid, cases[i].valid);
	}
}

/*
 * A part holding an unknown byte is unknown; a tag or digest the unknown
 * value could have supplied has an unknown presence. Unknown text is never
 * judged, so these stay valid.
 */
static void test_image_unknown(void **state)
{
	static const struct image_case cases[] = {
		/* $IMAGE: anything at all */
		{U, true, X, NULL, X, U, X, NULL, X, NULL, NULL, false},
		/* python:$TAG */
		{"python:" U, true, K, "docker.io", K, "library/python", X, U,
		 X, NULL, "docker.io/library/python", false},
		/* $REG/app:1.0: $REG may be a host or a Docker Hub org */
		{U "/app:1.0", true, X, NULL, X, U "/app", K, "1.0", A, NULL,
		 NULL, false},
		/* repo/app$SUFFIX: may go on with ":tag" or "@digest" */
		{"repo/app" U, true, K, "docker.io", X, "repo/app" U, X, NULL,
		 X, NULL, NULL, false},
		/* $IMAGE@sha256:...: the digest is known, a tag may be there */
		{U "@sha256:" H64, true, X, NULL, X, U, X, NULL, K,
		 "sha256:" H64, NULL, false},
		/* app@$DIGEST: nothing can bring a tag after the '@' */
		{"app@" U, true, K, "docker.io", K, "library/app", A, NULL, X,
		 U, "docker.io/library/app", false},
		/* a known host, an unknown path */
		{"gcr.io/" U "@sha256:" H64, true, K, "gcr.io", X, U, X, NULL,
		 K, "sha256:" H64, NULL, false},
		{"docker.io/" U, true, K, "docker.io", X, U, X, NULL, X, NULL,
		 NULL, false},
		/* an unknown part of a host is still a host */
		{U ".example.com/app", true, X, U ".example.com", K, "app", A,
		 NULL, A, NULL, NULL, false},
		/* $ORG/app: the org has no '.', ':' or upper case... but $ORG
		 * may be "gcr.io" */
		{"org" U "/app", true, X, NULL, X, "org" U "/app", A, NULL, A,
		 NULL, NULL, false},
		/* a known invalid part still makes the reference invalid */
		{"Py:" U, false, K, "docker.io", K, "library/Py", X, U, X, NULL,
		 "docker.io/library/Py", false},
	};
	RUN(cases);
}

/*
 * A digest comes last, so a known tag after the unknown text leaves no
 * place for one: `$IMAGE:1.0` or `gcr.io/$NAME:1` certainly have no digest
 * (`nginx@sha256:...:1.0` is no reference at all).
 */
static void test_image_unknown_before_tag(void **state)
{
	static const struct image_case cases[] = {
		{"gcr.io/" U ":1", true, K, "gcr.io", X, U, K, "1", A, NULL,
		 NULL, false},
		{U ":1.0", true, X, NULL, X, U, K, "1.0", A, NULL, NULL, false},
	};
	RUN(cases);
}

/* distribution's reference.Parse rejects a name over 255 bytes. */
static void test_image_name_length(void **state)
{
	static const struct {
		size_t len;
		bool valid;
	} cases[] = {{255, true}, {256, false}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[300];
		memset(text, 'a', sizeof(text));
		memcpy(text, "r.io/", 5);
		text[cases[i].len] = '\0';
		struct hl_image_ref r;
		hl_image_parse(*state, text, cases[i].len, &r);
		if (r.valid != cases[i].valid)
			print_error("a %zu-byte name: valid=%d\n", cases[i].len,
				    r.valid);
		assert_int_equal(r.valid, cases[i].valid);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arena, teardown_arena)
	const struct CMUnitTest tests[] = {
		T(test_image_known),
		T(test_image_invalid),
		T(test_image_tag_length),
		T(test_image_unknown),
		T(test_image_unknown_before_tag),
		T(test_image_grammar_edges),
		T(test_image_name_length),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
