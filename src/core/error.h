/*
 * error: the error codes every module returns, and the diagnostic that
 * keeps what went wrong, where and in what context together. An error stops
 * one file or YAML document (or the run); it is never a finding.
 */
#ifndef HARDLINT_CORE_ERROR_H
#define HARDLINT_CORE_ERROR_H

#include <stdint.h>

enum hl_err {
	HL_OK = 0,
	HL_ERR_IO,	 /* cannot open or read */
	HL_ERR_BINARY,	 /* binary content */
	HL_ERR_TOO_BIG,	 /* input larger than the size limit */
	HL_ERR_SYNTAX,	 /* input that does not parse (YAML) */
	HL_ERR_LIMIT,	 /* a robustness limit hit (depth, aliases, ...) */
	HL_ERR_TEMPLATE, /* an unrendered template (Helm) */
	HL_ERR_RULE,	 /* an invalid rule or list file */
	HL_ERR_USAGE,	 /* a bad option or argument */
	HL_ERR__COUNT
};

/* A short lower-case description of `err`. */
const char *hl_strerror(enum hl_err err);

/*
 * What went wrong and where. `line` and `col` are 1-based, 0 when the
 * problem has no place (a file that cannot be opened). `message` belongs to
 * whoever filled the diag (an arena, usually).
 */
struct hl_diag {
	enum hl_err code;
	const char *path;
	uint32_t line;
	uint32_t col;
	const char *message;
};

#endif
