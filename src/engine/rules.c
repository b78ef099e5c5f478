/* rules: names of severities and targets, and lookups in a catalogue. */
#include "engine/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/text.h"
#include "engine/match.h"

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

size_t hl_rules_nparams(const struct hl_rules *rs, size_t i)
{
	return i < rs->nrules ? rs->rules[i].nparams : 0;
}

bool hl_rules_param(const struct hl_rules *rs, size_t i, size_t k,
		    struct hl_param_info *out)
{
	if (i >= rs->nrules || k >= rs->rules[i].nparams)
		return false;
	const struct hl_param *p = &rs->rules[i].params[k];
	memset(out, 0, sizeof(*out));
	out->name = p->name;
	out->description = p->description;
	if (p->list >= 0 && (uint32_t)p->list < rs->nlists) {
		const struct hl_list *l = &rs->lists[p->list];
		out->values = l->values;
		out->nvalues = l->nvalues;
		out->npatterns = l->npatterns;
	}
	return true;
}

bool hl_rules_param_pattern(const struct hl_rules *rs, size_t i, size_t k,
			    size_t j, const char **name, const char **regex)
{
	struct hl_param_info pi;
	if (!hl_rules_param(rs, i, k, &pi) || j >= pi.npatterns)
		return false;
	const struct hl_list *l = &rs->lists[rs->rules[i].params[k].list];
	const struct hl_pattern *p = &rs->patterns[l->patterns[j]];
	*name = p->name;
	*regex = p->regex;
	return true;
}

const char *hl_rules_params(const struct hl_rules *rs, size_t i, char *buf,
			    size_t size)
{
	if (!size)
		return "";
	buf[0] = '\0';
	if (i >= rs->nrules)
		return buf;
	const struct hl_rule *r = &rs->rules[i];
	size_t len = 0;
	for (uint32_t k = 0; k < r->nparams && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					k ? ", " : "", r->params[k].name);
	return buf;
}

/* A copy of a ruleset with some lists replaced, and what it owns. */
struct copy {
	struct hl_rules rs; /* first: what callers see */
	struct hl_list *lists;
	void *owned;		      /* values and their strings, or NULL */
	struct hl_pattern *patterns;  /* rs's and those set, or NULL */
	int32_t *indexes;	      /* a pattern list's, or NULL */
};

static struct copy *copy_of(const struct hl_rules *rs)
{
	struct copy *c = hl_xmalloc(sizeof(*c));
	c->rs = *rs;
	c->lists = hl_xmalloc((rs->nlists ? rs->nlists : 1) * sizeof(*c->lists));
	memcpy(c->lists, rs->lists, rs->nlists * sizeof(*c->lists));
	c->rs.lists = c->lists;
	c->owned = NULL;
	c->patterns = NULL;
	c->indexes = NULL;
	return c;
}

/* The list of parameter `param` of rule `r`, or -1. */
static int32_t param_list(const struct hl_rules *rs, const struct hl_rule *r,
			  const char *param, size_t len)
{
	for (uint32_t k = 0; k < r->nparams; k++)
		if (strlen(r->params[k].name) == len &&
		    !memcmp(r->params[k].name, param, len) &&
		    r->params[k].list >= 0 &&
		    (uint32_t)r->params[k].list < rs->nlists)
			return r->params[k].list;
	return -1;
}

static void set_list(struct hl_list *l, const char *const *values, size_t n)
{
	l->values = values;
	l->nvalues = (uint32_t)n;
	l->patterns = NULL;
	l->npatterns = 0;
}

struct hl_rules *hl_rules_with_param(const struct hl_rules *rs, size_t i,
				     const char *param,
				     const char *const *values, size_t n,
				     char *why, size_t whysize)
{
	if (i >= rs->nrules) {
		snprintf(why, whysize, "no rule %zu", i);
		return NULL;
	}
	int32_t list = param_list(rs, &rs->rules[i], param, strlen(param));
	if (list < 0) {
		snprintf(why, whysize, "no parameter '%s'", param);
		return NULL;
	}
	/* a parameter of known values: each one of them */
	const struct hl_param *pm = NULL;
	for (uint32_t k = 0; k < rs->rules[i].nparams; k++)
		if (rs->rules[i].params[k].list == list)
			pm = &rs->rules[i].params[k];
	for (size_t v = 0; pm && pm->nallowed && v < n; v++) {
		bool in = false;
		for (uint32_t a = 0; a < pm->nallowed && !in; a++)
			in = !strcasecmp(pm->allowed[a], values[v]);
		if (in)
			continue;
		size_t w = (size_t)snprintf(why, whysize,
					    "'%s' is not one of its values (",
					    values[v]);
		for (uint32_t a = 0; a < pm->nallowed && w < whysize; a++)
			w += (size_t)snprintf(why + w, whysize - w, "%s%s",
					      a ? ", " : "", pm->allowed[a]);
		if (w < whysize)
			snprintf(why + w, whysize - w, ")");
		return NULL;
	}
	const struct hl_list *old = &rs->lists[list];
	if (!old->npatterns || old->nvalues) {
		struct copy *c = copy_of(rs);
		set_list(&c->lists[list], values, n);
		return &c->rs;
	}
	/* a list of patterns: the values are regexes, checked now and
	 * added to the patterns */
	for (size_t k = 0; k < n; k++) {
		char msg[200];
		size_t off;
		if (!hl_regex_check(values[k], false, msg, sizeof(msg), &off)) {
			snprintf(why, whysize,
				 "'%s' is not a valid regex (at %zu: %s)",
				 values[k], off, msg);
			return NULL;
		}
	}
	struct copy *c = copy_of(rs);
	c->patterns = hl_xmalloc((rs->npatterns + n + 1) * sizeof(*c->patterns));
	memcpy(c->patterns, rs->patterns, rs->npatterns * sizeof(*c->patterns));
	c->indexes = hl_xmalloc((n + 1) * sizeof(*c->indexes));
	for (size_t k = 0; k < n; k++) {
		struct hl_pattern *p = &c->patterns[rs->npatterns + k];
		memset(p, 0, sizeof(*p));
		p->name = values[k];
		p->regex = values[k];
		p->file = "--set";
		c->indexes[k] = (int32_t)(rs->npatterns + k);
	}
	c->rs.patterns = c->patterns;
	c->rs.npatterns = rs->npatterns + (uint32_t)n;
	c->lists[list].values = NULL;
	c->lists[list].nvalues = 0;
	c->lists[list].patterns = c->indexes;
	c->lists[list].npatterns = (uint32_t)n;
	return &c->rs;
}

/* Set in copy `c` the parameters of rule `r` that `text` gives: lines of
 * (with `profile`, the profile and then) the name and its values,
 * tab-separated; only the lines of `profile`. The strings are copied into
 * a block the copy owns (appended to *owned, freed with it). */
static bool apply_params(const struct hl_rules *rs, struct copy *c,
			 const struct hl_rule *r, const char *text,
			 const char *profile)
{
	size_t len = strlen(text), words = 1;
	for (size_t k = 0; k < len; k++)
		words += text[k] == '\t' || text[k] == '\n';
	const char **v = hl_xmalloc(words * sizeof(*v) + len + 1 +
				    sizeof(void *));
	/* chained: the copy owns a list of blocks */
	*(void **)v = c->owned;
	c->owned = v;
	v = (const char **)((void **)v + 1);
	char *buf = (char *)(v + words);
	memcpy(buf, text, len + 1);
	bool any = false;
	size_t nv = 0;
	for (char *line = buf; *line;) {
		char *end = line + strcspn(line, "\n");
		char *next = *end ? end + 1 : end;
		*end = '\0';
		if (profile) {
			char *tab = strchr(line, '\t');
			if (!tab || (size_t)(tab - line) != strlen(profile) ||
			    strncmp(line, profile, strlen(profile))) {
				line = next;
				continue;
			}
			line = tab + 1;
		}
		char *tab = strchr(line, '\t');
		size_t namelen = tab ? (size_t)(tab - line) : strlen(line);
		const char **first = v + nv;
		size_t n = 0;
		while (tab) {
			*tab = '\0';
			first[n++] = tab + 1;
			tab = strchr(tab + 1, '\t');
		}
		nv += n;
		int32_t list = param_list(rs, r, line, namelen);
		if (list >= 0) {
			set_list(&c->lists[list], first, n);
			any = true;
		}
		line = next;
	}
	return any;
}

struct hl_rules *hl_rules_for_examples(const struct hl_rules *rs, size_t i)
{
	if (i >= rs->nrules || !rs->rules[i].info.example_params)
		return NULL;
	struct copy *c = copy_of(rs);
	apply_params(rs, c, &rs->rules[i], rs->rules[i].info.example_params,
		     NULL);
	return &c->rs;
}

struct hl_rules *hl_rules_for_profile(const struct hl_rules *rs,
				      const char *profile)
{
	struct copy *c = NULL;
	for (uint32_t i = 0; i < rs->nrules; i++) {
		const char *pp = rs->rules[i].info.profile_params;
		if (!pp)
			continue;
		if (!c)
			c = copy_of(rs);
		apply_params(rs, c, &rs->rules[i], pp, profile);
	}
	return c ? &c->rs : NULL;
}

void hl_rules_free(struct hl_rules *rs)
{
	if (!rs)
		return;
	struct copy *c = (struct copy *)rs;
	free(c->lists);
	for (void *o = c->owned; o;) {
		void *next = *(void **)o;
		free(o);
		o = next;
	}
	free(c->patterns);
	free(c->indexes);
	free(c);
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

/* Does condition `p` say where a finding points, itself or inside? */
bool hl_pred_says_at(const struct hl_pred *p)
{
	if (p->at)
		return true;
	if (p->op == HL_OP_ALL || p->op == HL_OP_ANY)
		for (uint32_t i = 0; i < p->nkids; i++)
			if (hl_pred_says_at(&p->kids[i]))
				return true;
	return false;
}

/* Does condition `p` carry a message for the finding, itself or inside
 * (not under a `not`: what a false condition says is never used)? */
bool hl_pred_says_message(const struct hl_pred *p)
{
	if (p->message)
		return true;
	if (p->op == HL_OP_ALL || p->op == HL_OP_ANY)
		for (uint32_t i = 0; i < p->nkids; i++)
			if (hl_pred_says_message(&p->kids[i]))
				return true;
	return false;
}

/* Can the true branches of an `any` give different findings? They can
 * when one says where or what (at:, message, the pattern of a
 * matches-list), or when the rule's at: is located by what they found. */
static bool says_something(const struct hl_pred *p)
{
	if (p->at || p->message || p->op == HL_OP_MATCHES_LIST)
		return true;
	if (p->op == HL_OP_ALL || p->op == HL_OP_ANY)
		for (uint32_t i = 0; i < p->nkids; i++)
			if (says_something(&p->kids[i]))
				return true;
	return false;
}

/* Mark each `any` below `p` whose branches must all be weighed
 * (hl_pred.choose). */
void hl_pred_mark_choose(struct hl_pred *p, bool rule_at)
{
	if (p->op == HL_OP_ANY && p->nkids > 1) {
		p->choose = rule_at;
		for (uint32_t i = 0; i < p->nkids && !p->choose; i++)
			p->choose = says_something(&p->kids[i]);
	}
	/* under a `not` only true or false matters */
	if (p->op == HL_OP_ALL || p->op == HL_OP_ANY)
		for (uint32_t i = 0; i < p->nkids; i++)
			hl_pred_mark_choose((struct hl_pred *)&p->kids[i],
					    rule_at);
}

uint32_t hl_rule_part(const struct hl_rule_info *r, uint32_t i)
{
	/* the info is the first member of its rule: the conditions are
	 * beside it; aliases of one alias-parts entry share theirs */
	const struct hl_rule *rule = (const struct hl_rule *)r;
	uint32_t mask = 0;
	for (uint32_t k = 0; i < r->npartial && k < r->npartial; k++)
		if (rule->partial_when[k] == rule->partial_when[i])
			mask |= 1u << k;
	return mask;
}
