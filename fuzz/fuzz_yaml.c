/* fuzz_yaml: a YAML (or JSON) stream through the whole pipeline: the
 * libyaml event loader (anchors, merges, duplicates, limits, restarts
 * after errors, Helm detection, # Source: comments), the Kubernetes views
 * and every Kubernetes rule. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_lint(NULL, HL_KIND_KUBERNETES, data, size);
	return 0;
}
