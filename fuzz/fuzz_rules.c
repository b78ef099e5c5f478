/* fuzz_rules: a rule or list file through the rule loader (the shape check
 * on our own YAML front end, libcyaml, compilation of paths, regexes and
 * placeholders); a file that loads is then run over a small Dockerfile
 * and a small manifest, so that whatever a rule may say reaches the
 * engine. */
#include "fuzz_common.h"

static const char dockerfile[] =
	"FROM alpine:3.19 AS build\nARG TOKEN=ghp_0123456789abcdef0123\n"
	"RUN curl -s https://x | sudo sh && apt-get install -y git\n"
	"FROM build\nUSER root\n";
static const char manifest[] =
	"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	"  hostPID: true\n  containers:\n  - name: a\n    image: nginx\n"
	"    env: [{name: PASSWORD, value: hunter2}]\n"
	"    securityContext: {privileged: yes}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hl_loader *L = hl_loader_new();
	hl_loader_add_text(L, (const char *)data, size, "fuzz.yaml");
	const struct hl_rules *rs = hl_loader_finish(L);
	if (rs) {
		fuzz_lint(rs, HL_KIND_DOCKERFILE, (const uint8_t *)dockerfile,
			  sizeof(dockerfile) - 1);
		fuzz_lint(rs, HL_KIND_KUBERNETES, (const uint8_t *)manifest,
			  sizeof(manifest) - 1);
	}
	hl_loader_free(L);
	return 0;
}
