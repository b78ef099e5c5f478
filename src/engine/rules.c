/* rules: names of severities and targets, and lookups in a catalogue. */
#include "engine/rules.h"

#include <string.h>
#include <strings.h>

#include "core/text.h"

static const char *const sev_names[HL_SEV__COUNT] = {
	[HL_SEV_STYLE] = "style",
	[HL_SEV_INFO] = "info",
	[HL_SEV_WARNING] = "warning",
	[HL_SEV_ERROR] = "error",
};

static const char *const target_names[HL_TARGET__COUNT] = {
	[HL_TARGET_DOCKERFILE] = "dockerfile",
	[HL_TARGET_KUBERNETES] = "kubernetes",
};

const char *hl_severity_name(enum hl_severity s)
{
	return (unsigned)s < HL_SEV__COUNT ? sev_names[s] : "?";
}

bool hl_severity_parse(const char *s, enum hl_severity *out)
{
	for (int i = 0; i < HL_SEV__COUNT; i++)
		if (!strcasecmp(s, sev_names[i])) {
			*out = (enum hl_severity)i;
			return true;
		}
	return false;
}

const char *hl_target_name(enum hl_target t)
{
	return (unsigned)t < HL_TARGET__COUNT ? target_names[t] : "?";
}

bool hl_target_parse(const char *s, enum hl_target *out)
{
	for (int i = 0; i < HL_TARGET__COUNT; i++)
		if (!strcasecmp(s, target_names[i])) {
			*out = (enum hl_target)i;
			return true;
		}
	return false;
}

size_t hl_rules_count(const struct hl_rules *rs)
{
	return rs->nrules;
}

const struct hl_rule_info *hl_rules_get(const struct hl_rules *rs, size_t i)
{
	return i < rs->nrules ? &rs->rules[i].info : NULL;
}

const char *hl_rule_example(const struct hl_rule_info *r, bool catch,
			    uint32_t i)
{
	const char *s = catch ? r->catches : r->passes;
	if (i >= (catch ? r->ncatches : r->npasses))
		return NULL;
	while (i--)
		s += strlen(s) + 1;
	return s;
}

const struct hl_rule_info *hl_rules_find(const struct hl_rules *rs,
					 const char *name, size_t *index)
{
	size_t found = rs->nrules;
	for (uint32_t i = 0; i < rs->nrules && found == rs->nrules; i++) {
		const struct hl_rule_info *r = &rs->rules[i].info;
		if (!strcmp(r->slug, name) || !strcasecmp(r->id, name))
			found = i;
	}
	for (uint32_t i = 0; i < rs->nrules && found == rs->nrules; i++) {
		const struct hl_rule_info *r = &rs->rules[i].info;
		for (uint32_t k = 0; k < r->naliases; k++)
			if (!strcasecmp(r->aliases[k], name))
				found = i;
	}
	if (found == rs->nrules)
		return NULL;
	if (index)
		*index = found;
	return &rs->rules[found].info;
}

const char *hl_rules_suggest(const struct hl_rules *rs, const char *name)
{
	const char *best = NULL;
	size_t bestd = strlen(name) / 3 + 1;
	if (bestd > 4)
		bestd = 4;
	for (uint32_t i = 0; i < rs->nrules; i++) {
		const struct hl_rule_info *r = &rs->rules[i].info;
		size_t d = hl_edit_distance(r->slug, name);
		if (d <= bestd) {
			bestd = d;
			best = r->slug;
		}
		/* a slug that contains what was typed: "user-root" */
		if (!best && r->slug && strlen(name) >= 4 &&
		    strstr(r->slug, name))
			best = r->slug;
	}
	return best;
}
