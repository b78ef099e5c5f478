/*
 * api: the Kubernetes API types rule paths are checked against
 * (k8s_api.def: their fields and the fields' types, from the API
 * reference of a pinned Kubernetes version). A closed type's list is
 * complete; an open one (an object's top level) admits fields of its own.
 */
#ifndef HARDLINT_ENGINE_API_H
#define HARDLINT_ENGINE_API_H

#include <stdbool.h>
#include <stddef.h>

/* Names are arrays, not pointers: the table needs no relocation when
 * the program starts (it is read only when rules are loaded). */
struct hl_api_field {
	char type[48];	/* the type it is a field of */
	char name[32];	/* as written in YAML */
	char ftype[40]; /* its type (hardlint.h's type grammar) */
	bool misplaced; /* not the API's: written here by mistake */
};

struct hl_api_type {
	char name[48];
	bool open;
};

/* The type named `name`, or NULL. */
const struct hl_api_type *hl_api_type_find(const char *name);

/* The type of field `field` of `t`, or NULL when it has none. */
const char *hl_api_field_type(const struct hl_api_type *t, const char *field);

/* Every field of every type: call with i = 0, 1, ... until NULL. */
const struct hl_api_field *hl_api_field_nth(size_t i);

/* The fields of `t`: call with i = 0, 1, ... until NULL. */
const struct hl_api_field *hl_api_field_at(const struct hl_api_type *t,
					   size_t i);

#endif
