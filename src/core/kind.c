/*
 * kind: what an input is, by its file name or, failing that, by its
 * content: a Dockerfile (Containerfile), or YAML/JSON that may hold
 * Kubernetes manifests.
 */
#include "core/kind.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool has_suffix(const char *s, const char *suffix, bool icase)
{
	size_t n = strlen(s), m = strlen(suffix);
	if (n < m)
		return false;
	return icase ? !strcasecmp(s + n - m, suffix)
		     : !strcmp(s + n - m, suffix);
}

/* Suffixes of templates that render to a Dockerfile: not one yet. */
static const char *const template_suffixes[] = {
	".j2",	     ".jinja",	      ".jinja2", ".tmpl",     ".tpl",
	".template", ".in",	      ".erb",	 ".mustache", ".hbs",
	".gotmpl",   ".dockerignore", NULL};

static bool has_prefix_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

enum hl_kind hl_kind_by_name(const char *b)
{
	/* the base words in any case: Dockerfile, dockerfile, DOCKERFILE */
	static const char *const words[] = {"dockerfile", "containerfile",
					    NULL};
	/* the extension names the format first: dockerfile-lint.yml (a CI
	 * workflow) and Dockerfile.k8s.yaml are YAML */
	if (has_suffix(b, ".yaml", true) || has_suffix(b, ".yml", true) ||
	    has_suffix(b, ".json", true))
		return HL_KIND_KUBERNETES;
	bool dockerish = false;
	for (int i = 0; words[i] && !dockerish; i++) {
		size_t n = strlen(words[i]);
		if (!strcasecmp(b, words[i]))
			return HL_KIND_DOCKERFILE;
		/* Dockerfile.prod, Dockerfile-dev, api.Dockerfile */
		if (has_prefix_ci(b, words[i]) && (b[n] == '.' || b[n] == '-'))
			dockerish = true;
		size_t len = strlen(b);
		if (len > n + 1 && b[len - n - 1] == '.' &&
		    !strcasecmp(b + len - n, words[i]))
			dockerish = true;
	}
	if (dockerish) {
		for (int i = 0; template_suffixes[i]; i++)
			if (has_suffix(b, template_suffixes[i], true))
				return HL_KIND_NONE;
		return HL_KIND_DOCKERFILE;
	}
	return HL_KIND_NONE;
}

static const char *const instructions[] = {
	"FROM",	       "ARG",	"RUN",	      "CMD",	 "LABEL",
	"EXPOSE",      "ENV",	"ADD",	      "COPY",	 "ENTRYPOINT",
	"VOLUME",      "USER",	"WORKDIR",    "ONBUILD", "STOPSIGNAL",
	"HEALTHCHECK", "SHELL", "MAINTAINER", NULL};

enum hl_kind hl_kind_by_content(const char *d, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		size_t e = i;
		while (e < len && d[e] != '\n')
			e++;
		size_t s = i;
		while (s < e && (d[s] == ' ' || d[s] == '\t' || d[s] == '\r'))
			s++;
		i = e + 1;
		if (s == e)
			continue;
		if (d[s] == '#') {
			/* a parser directive marks a Dockerfile */
			size_t k = s + 1;
			while (k < e && (d[k] == ' ' || d[k] == '\t'))
				k++;
			if (e - k >= 6 && (!strncasecmp(d + k, "syntax", 6) ||
					   !strncasecmp(d + k, "escape", 6))) {
				size_t q = k + 6;
				while (q < e && (d[q] == ' ' || d[q] == '\t'))
					q++;
				if (q < e && d[q] == '=')
					return HL_KIND_DOCKERFILE;
			}
			continue;
		}
		size_t w = s;
		while (w < e && isalpha((unsigned char)d[w]))
			w++;
		if (w == e || d[w] == ' ' || d[w] == '\t' || d[w] == '\r')
			for (int k = 0; instructions[k]; k++)
				if (strlen(instructions[k]) == w - s &&
				    !strncasecmp(d + s, instructions[k], w - s))
					return HL_KIND_DOCKERFILE;
		return HL_KIND_KUBERNETES;
	}
	return HL_KIND_KUBERNETES;
}
