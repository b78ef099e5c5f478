/*
 * image: reference := [domain "/"] path [":" tag] ["@" digest], where the
 * first component is a domain when it holds "." or ":", is "localhost", or
 * has an upper-case letter; otherwise the image is on docker.io, and a path
 * of one component there gets "library/".
 */
#include "core/image.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool has_unknown(const char *s, size_t n)
{
	return memchr(s, HL_IMAGE_UNKNOWN, n) != NULL;
}

static const char *find_last(const char *s, size_t n, char c)
{
	for (size_t i = n; i-- > 0;)
		if (s[i] == c)
			return s + i;
	return NULL;
}

/* path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] |
 * "__" | "-"+ */
static bool valid_component(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0)
		return false;
	while (i < n) {
		size_t start = i;
		while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
				 (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i == start)
			return false;
		if (i == n)
			return true;
		if (s[i] == '.' ||
		    (s[i] == '_' && !(i + 1 < n && s[i + 1] == '_')))
			i++;
		else if (s[i] == '_' && i + 1 < n && s[i + 1] == '_')
			i += 2;
		else if (s[i] == '-')
			while (i < n && s[i] == '-')
				i++;
		else
			return false;
		if (i == n)
			return false;
	}
	return true;
}

static bool valid_path(const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '/') {
			if (!valid_component(s + start, i - start))
				return false;
			start = i + 1;
		}
	}
	return true;
}

/* tag := [\w][\w.-]{0,127} */
static bool valid_tag(const char *s, size_t n)
{
	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool w = isalnum(c) || c == '_';
		if (!w && (i == 0 || (c != '.' && c != '-')))
			return false;
	}
	return true;
}

/* digest := algorithm ":" hex{32,}
 * algorithm := component (separator component)*, component :=
 * [A-Za-z][A-Za-z0-9]*, separator := [+._-] */
static bool valid_digest(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s)
		return false;
	size_t hex = n - (size_t)(colon - s) - 1;
	if (hex < 32)
		return false;
	bool start = true;
	for (const char *p = s; p < colon; p++) {
		if (start) {
			if (!isalpha((unsigned char)*p))
				return false;
			start = false;
		} else if (strchr("-_+.", *p)) {
			start = true;
		} else if (!isalnum((unsigned char)*p)) {
			return false;
		}
	}
	if (start)
		return false;
	for (const char *p = colon + 1; p < s + n; p++)
		if (!isxdigit((unsigned char)*p))
			return false;
	return true;
}

/* domain := (host | "[" ipv6 "]") [":" port], host := label ("." label)*,
 * label := [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9] */
static bool valid_domain(const char *s, size_t n)
{
	size_t i = 0;
	if (n && s[0] == '[') {
		while (i < n && s[i] != ']')
			i++;
		if (i == n || i < 3)
			return false;
		for (size_t k = 1; k < i; k++)
			if (!isxdigit((unsigned char)s[k]) && s[k] != ':' &&
			    s[k] != '.')
				return false;
		i++;
	} else {
		for (;;) {
			size_t start = i;
			while (i < n &&
			       (isalnum((unsigned char)s[i]) || s[i] == '-'))
				i++;
			if (i == start || s[start] == '-' || s[i - 1] == '-')
				return false;
			if (i < n && s[i] == '.') {
				i++;
				continue;
			}
			break;
		}
	}
	if (i == n)
		return true;
	if (s[i] != ':' || i + 1 == n)
		return false;
	for (i++; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The longest name (domain and path) the distribution grammar accepts. */
#define NAME_MAX_LEN 255

void hl_image_parse(struct hl_arena *a, const char *text, size_t len,
		    struct hl_image_ref *out)
{
	memset(out, 0, sizeof(*out));
	out->valid = true;
	/* BuildKit's scratch is lower case: SCRATCH is an (invalid) image */
	if (len == 7 && !strncmp(text, "scratch", 7)) {
		out->scratch = true;
		out->repository = out->name = "scratch";
		out->repository_state = HL_PART_KNOWN;
		return;
	}
	const char *at = memchr(text, '@', len);
	size_t nlen = at ? (size_t)(at - text) : len;
	const char *slash = find_last(text, nlen, '/');
	size_t last_off = slash ? (size_t)(slash - text) + 1 : 0;
	bool last_unknown = has_unknown(text + last_off, nlen - last_off);
	/* an unknown value can supply a tag or a digest only at the end of
	 * the name: after a known ":tag", no digest can hide */
	const char *tcolon = find_last(text + last_off, nlen - last_off, ':');
	bool end_unknown = tcolon ? has_unknown(tcolon,
						(size_t)(text + nlen - tcolon))
				  : last_unknown;

	/* digest */
	if (at) {
		size_t dl = len - nlen - 1;
		out->digest = hl_arena_strndup(a, at + 1, dl);
		if (has_unknown(at + 1, dl)) {
			out->digest_state = HL_PART_UNKNOWN;
		} else {
			out->digest_state = HL_PART_KNOWN;
			if (!valid_digest(at + 1, dl))
				out->valid = false;
		}
	} else {
		out->digest_state = end_unknown ? HL_PART_UNKNOWN
						: HL_PART_ABSENT;
	}

	/* tag: the last colon of the last path component */
	const char *colon = find_last(text + last_off, nlen - last_off, ':');
	size_t plen = colon ? (size_t)(colon - text) : nlen;
	if (colon) {
		size_t tl = nlen - plen - 1;
		out->tag = hl_arena_strndup(a, colon + 1, tl);
		if (has_unknown(colon + 1, tl)) {
			out->tag_state = HL_PART_UNKNOWN;
		} else {
			out->tag_state = HL_PART_KNOWN;
			if (!valid_tag(colon + 1, tl))
				out->valid = false;
		}
	} else {
		out->tag_state = last_unknown ? HL_PART_UNKNOWN
					      : HL_PART_ABSENT;
	}

	/* registry: the first component, if it looks like a host */
	const char *first_slash = memchr(text, '/', plen);
	const char *path = text;
	size_t pathlen = plen;
	bool domain = false;
	if (first_slash) {
		size_t dl = (size_t)(first_slash - text);
		bool upper = false;
		for (size_t i = 0; i < dl; i++)
			if (isupper((unsigned char)text[i]))
				upper = true;
		if (memchr(text, '.', dl) || memchr(text, ':', dl) ||
		    (dl == 9 && !memcmp(text, "localhost", 9)) || upper)
			domain = true;
		else if (has_unknown(text, dl))
			out->registry_state = HL_PART_UNKNOWN;
		if (domain) {
			out->registry = hl_arena_strndup(a, text, dl);
			out->registry_state = has_unknown(text, dl)
						      ? HL_PART_UNKNOWN
						      : HL_PART_KNOWN;
			if (out->registry_state == HL_PART_KNOWN &&
			    !valid_domain(text, dl))
				out->valid = false;
			path = first_slash + 1;
			pathlen = plen - dl - 1;
		}
	} else if (has_unknown(text, plen)) {
		out->registry_state = HL_PART_UNKNOWN;
	}
	if (!domain && out->registry_state != HL_PART_UNKNOWN) {
		out->registry = "docker.io";
		out->registry_state = HL_PART_KNOWN;
	}
	if (out->registry && (!strcmp(out->registry, "index.docker.io") ||
			      !strcmp(out->registry, "registry-1.docker.io")))
		out->registry = "docker.io";

	/* repository */
	if (has_unknown(path, pathlen)) {
		out->repository_state = HL_PART_UNKNOWN;
		out->repository = hl_arena_strndup(a, path, pathlen);
	} else {
		out->repository_state = HL_PART_KNOWN;
		bool hub = out->registry && !strcmp(out->registry, "docker.io");
		if (hub && !memchr(path, '/', pathlen))
			out->repository = hl_arena_printf(a, "library/%.*s",
							  (int)pathlen, path);
		else
			out->repository = hl_arena_strndup(a, path, pathlen);
		if (!valid_path(path, pathlen))
			out->valid = false;
	}
	if (out->registry_state == HL_PART_KNOWN &&
	    out->repository_state == HL_PART_KNOWN)
		out->name = hl_arena_join(a, out->registry, "/",
					  out->repository, (char *)NULL);
	if (!has_unknown(text, plen) && plen > NAME_MAX_LEN)
		out->valid = false;
}

const char *hl_image_redact(struct hl_arena *a, const char *s)
{
	const char *scheme = strstr(s, "://");
	const char *user = scheme ? scheme + 3 : s;
	/* the userinfo ends at the last '@' before the path: a password may
	 * hold an '@', a registry a port */
	const char *path = strchr(user, '/');
	const char *at = NULL;
	for (const char *p = user; *p && (!path || p < path); p++)
		if (*p == '@')
			at = p;
	if (!path && at) {
		/* no path: name@sha256:<hex> is a digest */
		const char *d = strchr(at, ':');
		size_t hex = d ? strspn(d + 1, "0123456789abcdef") : 0;
		if (d && hex >= 32 && !d[1 + hex])
			return s;
	}
	if (!at)
		return s;
	const char *colon = memchr(user, ':', (size_t)(at - user));
	if (!colon)
		return s;
	return hl_arena_printf(a, "%.*s:****%s", (int)(colon - s), s, at);
}
