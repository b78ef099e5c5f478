/*
 * api: the tables of k8s_api.def, and lookups in them.
 */
#include "engine/api.h"

#include <string.h>

#include "hardlint.h"

static const struct hl_api_type types[] = {
#define HL_API_TYPE(name, open) {#name, open},
#define HL_API_FIELD(type, field, ftype)
#define HL_API_MISPLACED(type, field, ftype)
#include "engine/k8s_api.def"
#undef HL_API_TYPE
#undef HL_API_FIELD
#undef HL_API_MISPLACED
};

static const struct hl_api_field fields[] = {
#define HL_API_TYPE(name, open)
#define HL_API_FIELD(type, field, ftype) {#type, #field, ftype, false},
#define HL_API_MISPLACED(type, field, ftype) {#type, #field, ftype, true},
#include "engine/k8s_api.def"
#undef HL_API_TYPE
#undef HL_API_FIELD
#undef HL_API_MISPLACED
};

#define NTYPES (sizeof(types) / sizeof(types[0]))
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

const char *hl_api_version(void)
{
	return "v1.31";
}

const struct hl_api_type *hl_api_type_find(const char *name)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (!strcmp(types[i].name, name))
			return &types[i];
	return NULL;
}

const struct hl_api_field *hl_api_field_nth(size_t i)
{
	return i < NFIELDS ? &fields[i] : NULL;
}

const struct hl_api_field *hl_api_field_at(const struct hl_api_type *t,
					   size_t i)
{
	/* a type's fields follow each other in the table */
	for (size_t k = 0; k < NFIELDS; k++)
		if (!strcmp(fields[k].type, t->name))
			return k + i < NFIELDS &&
					       !strcmp(fields[k + i].type,
						       t->name)
				       ? &fields[k + i]
				       : NULL;
	return NULL;
}

const char *hl_api_field_type(const struct hl_api_type *t, const char *field)
{
	const struct hl_api_field *f;
	for (size_t i = 0; (f = hl_api_field_at(t, i)); i++)
		if (!strcmp(f->name, field))
			return f->ftype;
	return NULL;
}
