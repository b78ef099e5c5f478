/*
 * guard: the command's SIGBUS guard for the files the library maps. A
 * mapped file that another process truncates while it is read turns the
 * next access past its new end into a SIGBUS: not a crash to hide, but
 * not lintable either. The guard names the file and ends the run with
 * status 2 (no finding is lost silently as a clean result); a SIGBUS
 * anywhere else goes to the handler that was there before (saved and
 * chained, as YARA's exception.h does), or kills the process as it
 * would have.
 */
#ifndef HARDLINT_CLI_GUARD_H
#define HARDLINT_CLI_GUARD_H

#include <stddef.h>

/* hl_lint_options.on_map: remember a mapping (len > 0) or forget it
 * (len 0). The handler is installed with the first mapping. */
void hl_guard_on_map(void *ctx, const void *base, size_t len,
		     const char *path);

/* Put the handler that was there before back (if ours was installed). */
void hl_guard_release(void);

#endif
