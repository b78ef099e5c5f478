/*
 * cli/render: --render, a Helm chart or a kustomization linted as what
 * `helm template DIR` or `kubectl kustomize DIR` renders (render.c).
 */
#ifndef HARDLINT_CLI_RENDER_H
#define HARDLINT_CLI_RENDER_H

#include <stdbool.h>
#include <stddef.h>

enum hl_render_tool { HL_RENDER_NONE, HL_RENDER_HELM, HL_RENDER_KUSTOMIZE };

/* What renders directory `dir`: a chart (Chart.yaml), a kustomization
 * (kustomization.yaml, kustomization.yml, Kustomization), or none. */
enum hl_render_tool hl_render_tool_of(const char *dir);
/* "helm template" or "kubectl kustomize". */
const char *hl_render_command(enum hl_render_tool t);

struct hl_rendered {
	char *text; /* its output (NUL-terminated), len bytes */
	size_t len;
	char *err; /* its error output, at most 4 KiB, or NULL */
	size_t errlen;
};

enum {
	HL_RENDER_OK,
	HL_RENDER_MISSING, /* the tool is not on PATH */
	HL_RENDER_FAILED,  /* it exited with a failure (err says why) */
	HL_RENDER_TOO_BIG, /* it wrote more than `max` bytes */
};

/* Run the tool of `t` on `dir` (no shell; standard input /dev/null) and
 * keep what it writes: HL_RENDER_OK or why not. */
int hl_render_run(enum hl_render_tool t, const char *dir, size_t max,
		  struct hl_rendered *out);
void hl_rendered_release(struct hl_rendered *r);

/* `text` with each `# Source: CHART/...` line's chart name replaced by
 * `dir`, the printed path of the chart's directory (on the heap,
 * *outlen bytes). */
char *hl_render_sources(const char *text, size_t len, const char *dir,
			size_t *outlen);

#endif
