/*
 * mem: allocation for the command-line program (output/ and cli/), which
 * may stop: running out of memory prints "out of memory" and exits with
 * status 2. Also the program's handler for the library's out-of-memory
 * calls, and a pool of strings that live until the pool is released.
 */
#ifndef HARDLINT_OUTPUT_MEM_H
#define HARDLINT_OUTPUT_MEM_H

#include <stddef.h>

/* Print "hardlint: error: out of memory" and exit(2); for
 * hl_set_oom_handler too. */
void hl_cli_oom(size_t size) __attribute__((noreturn));

/* realloc, and copies of strings, that never return NULL. */
void *hl_cli_realloc(void *p, size_t size);
char *hl_cli_strdup(const char *s);

/* Strings owned together, freed by hl_pool_release. */
struct hl_pool {
	char **v;
	size_t n, cap;
};

/* A copy of the first `len` bytes of `s` (NUL-terminated), owned by the
 * pool; hl_pool_strdup copies all of `s`; hl_pool_printf formats. */
char *hl_pool_strndup(struct hl_pool *p, const char *s, size_t len);
char *hl_pool_strdup(struct hl_pool *p, const char *s);
char *hl_pool_printf(struct hl_pool *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* `size` zeroed bytes owned by the pool. */
void *hl_pool_alloc(struct hl_pool *p, size_t size);
void hl_pool_release(struct hl_pool *p);

#endif
