/*
 * error: the diagnostic that keeps what went wrong, where and in what
 * context together, for the error codes of hardlint.h (enum hl_err). An
 * error stops one file or YAML document (or the run); it is never a
 * finding.
 */
#ifndef HARDLINT_CORE_ERROR_H
#define HARDLINT_CORE_ERROR_H

#include <stdint.h>

#include "hardlint.h"

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
