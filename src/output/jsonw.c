/* json: streaming writer with RFC 8259 string escaping. */
#define _GNU_SOURCE /* fwrite_unlocked: one thread writes a document */
#include "output/jsonw.h"

#include <string.h>

void hl_json_init(struct hl_json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

static void indent(struct hl_json *j)
{
	if (!j->pretty)
		return;
	putc_unlocked('\n', j->f);
	for (int i = 0; i < j->depth; i++)
		putc_unlocked(' ', j->f), putc_unlocked(' ', j->f);
}

/* Before a value: a comma if needed, and a new line when pretty. */
static void pre(struct hl_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			putc_unlocked(',', j->f);
		j->need_comma[j->depth] = true;
		indent(j);
	}
}

static void open(struct hl_json *j, char c)
{
	pre(j);
	putc_unlocked(c, j->f);
	if (j->depth + 1 < HL_JSON_DEPTH_MAX)
		j->depth++;
	j->need_comma[j->depth] = false;
}

void hl_json_object(struct hl_json *j)
{
	open(j, '{');
}

void hl_json_array(struct hl_json *j)
{
	open(j, '[');
}

void hl_json_end(struct hl_json *j, char close)
{
	bool had = j->need_comma[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	putc_unlocked(close, j->f);
	if (j->depth == 0 && j->pretty)
		putc_unlocked('\n', j->f);
}

/* Characters written as they are: printable ASCII but " and \\. */
static const bool plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

static void raw_str(struct hl_json *j, const char *s, size_t len)
{
	putc_unlocked('"', j->f);
	for (size_t i = 0; i < len; i++) {
		/* a run of characters that need no escape goes out at once */
		size_t run = i;
		while (run < len && plain[(unsigned char)s[run]])
			run++;
		if (run > i) {
			fwrite_unlocked(s + i, 1, run - i, j->f);
			i = run - 1;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			fputs("\\\"", j->f);
			break;
		case '\\':
			fputs("\\\\", j->f);
			break;
		case '\n':
			fputs("\\n", j->f);
			break;
		case '\r':
			fputs("\\r", j->f);
			break;
		case '\t':
			fputs("\\t", j->f);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(j->f, "\\u%04x", c);
			else if (c >= 0x80) {
				/* pass valid UTF-8 through, escape the rest */
				size_t n = c >= 0xF0   ? 4
					   : c >= 0xE0 ? 3
					   : c >= 0xC0 ? 2
						       : 0;
				bool ok = n && c <= 0xF4 && i + n <= len;
				for (size_t k = 1; ok && k < n; k++)
					if (((unsigned char)s[i + k] & 0xC0) !=
					    0x80)
						ok = false;
				if (ok) {
					fwrite(s + i, 1, n, j->f);
					i += n - 1;
				} else {
					fputs("\\ufffd", j->f);
				}
			} else {
				putc_unlocked(c, j->f);
			}
		}
	}
	putc_unlocked('"', j->f);
}

void hl_json_key(struct hl_json *j, const char *key)
{
	pre(j);
	raw_str(j, key, strlen(key));
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

void hl_json_strn(struct hl_json *j, const char *s, size_t len)
{
	pre(j);
	raw_str(j, s, len);
}

void hl_json_str(struct hl_json *j, const char *s)
{
	hl_json_strn(j, s, strlen(s));
}

void hl_json_int(struct hl_json *j, int64_t v)
{
	pre(j);
	/* by hand (core's hl_itoa is not in this layer's reach): lines
	 * and columns are written for every finding */
	char t[24];
	size_t n = sizeof(t);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		t[--n] = (char)('0' + u % 10);
	while ((u /= 10) && n > 1);
	if (v < 0)
		t[--n] = '-';
	fwrite_unlocked(t + n, 1, sizeof(t) - n, j->f);
}

void hl_json_bool(struct hl_json *j, bool v)
{
	pre(j);
	fputs(v ? "true" : "false", j->f);
}

void hl_json_null(struct hl_json *j)
{
	pre(j);
	fputs("null", j->f);
}

void hl_json_kv(struct hl_json *j, const char *key, const char *value)
{
	hl_json_key(j, key);
	if (value)
		hl_json_str(j, value);
	else
		hl_json_null(j);
}

static void span(struct hl_json *j, const struct hl_node *n)
{
	char buf[64];
	struct hl_span sp = hl_tree_span(n);
	snprintf(buf, sizeof(buf), "%u:%u-%u:%u", sp.start.line, sp.start.col,
		 sp.end.line, sp.end.col);
	hl_json_kv(j, "@", buf);
}

static void scalar_value(struct hl_json *j, const struct hl_node *d)
{
	size_t len;
	const char *s = hl_tree_text(d, &len);
	switch (hl_tree_type(d)) {
	case HL_SCALAR_BOOL:
		hl_json_bool(j, hl_tree_bool(d));
		break;
	case HL_SCALAR_INT:
		hl_json_int(j, hl_tree_int(d));
		break;
	case HL_SCALAR_NULL:
		hl_json_null(j);
		break;
	default:
		hl_json_strn(j, s, len);
		break;
	}
}

void hl_json_node(struct hl_json *j, const struct hl_node *n, bool spans)
{
	if (!n) {
		hl_json_null(j);
		return;
	}
	if (j->depth >= HL_JSON_DEPTH_MAX - 2) {
		hl_json_str(j, "...");
		return;
	}
	size_t len;
	switch (hl_tree_kind(n)) {
	case HL_TREE_MAP:
		hl_json_object(j);
		if (spans)
			span(j, n);
		for (size_t i = 0; i < hl_tree_count(n); i++) {
			const struct hl_node *k = hl_tree_key(n, i);
			hl_json_key(j, k && hl_tree_kind(k) == HL_TREE_SCALAR
					       ? hl_tree_text(k, &len)
					       : "?");
			hl_json_node(j, hl_tree_value(n, i), spans);
		}
		hl_json_end(j, '}');
		return;
	case HL_TREE_SEQ:
		hl_json_array(j);
		for (size_t i = 0; i < hl_tree_count(n); i++)
			hl_json_node(j, hl_tree_item(n, i), spans);
		hl_json_end(j, ']');
		return;
	default:
		break;
	}
	if (!spans && hl_tree_known(n)) {
		scalar_value(j, n);
		return;
	}
	hl_json_object(j);
	if (spans)
		span(j, n);
	if (!hl_tree_known(n)) {
		hl_json_key(j, "unknown");
		const char *s = hl_tree_text(n, &len);
		hl_json_strn(j, s, len);
	} else {
		hl_json_key(j, "value");
		scalar_value(j, n);
	}
	hl_json_end(j, '}');
}
