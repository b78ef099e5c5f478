/* fuzz_dockerfile: a Dockerfile through the whole pipeline: directives,
 * continuations, flags, heredocs, substitution, stages, the shell model of
 * RUN, the views and every Dockerfile rule. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_lint(NULL, HL_KIND_DOCKERFILE, data, size);
	return 0;
}
