/*
 * jsonw: a small streaming JSON writer (commas and escaping handled), for
 * the JSON output, --list-rules and --dump-ast; SARIF will use it too.
 */
#ifndef HARDLINT_OUTPUT_JSONW_H
#define HARDLINT_OUTPUT_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hardlint.h"

#define HL_JSON_DEPTH_MAX 256

struct hl_json {
	FILE *f;
	int depth;
	bool pretty;
	bool need_comma[HL_JSON_DEPTH_MAX];
	bool after_key;
};

void hl_json_init(struct hl_json *j, FILE *f, bool pretty);
void hl_json_object(struct hl_json *j);		 /* { */
void hl_json_array(struct hl_json *j);		 /* [ */
void hl_json_end(struct hl_json *j, char close); /* } or ] */
void hl_json_key(struct hl_json *j, const char *key);
void hl_json_str(struct hl_json *j, const char *s);
void hl_json_strn(struct hl_json *j, const char *s, size_t len);
void hl_json_int(struct hl_json *j, int64_t v);
void hl_json_bool(struct hl_json *j, bool v);
void hl_json_null(struct hl_json *j);
/* key and string value in one call; a NULL value is written as null */
void hl_json_kv(struct hl_json *j, const char *key, const char *value);

/* Write an AST node as JSON: scalars by type (unknown ones as
 * {"unknown": text}), with positions when `spans` is set. */
void hl_json_node(struct hl_json *j, const struct hl_node *n, bool spans);

#endif
