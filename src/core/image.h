/*
 * image: container image references parsed as the distribution reference
 * grammar does (registry, path, tag, digest), with Docker Hub's docker.io
 * and library/ normalised. Text may hold HL_IMAGE_UNKNOWN bytes where an
 * unresolved variable stood: a part that holds one is unknown, and a part
 * an unknown value could have supplied (a tag after `repo:$V`'s colon, or
 * the tag of `$IMAGE`) has an unknown presence. Shared by both front ends.
 */
#ifndef HARDLINT_CORE_IMAGE_H
#define HARDLINT_CORE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* Stands for an unresolved variable inside image text. */
#define HL_IMAGE_UNKNOWN '\x01'

enum hl_part_state {
	HL_PART_ABSENT,	 /* certainly not there */
	HL_PART_KNOWN,	 /* there, with a known value */
	HL_PART_UNKNOWN, /* maybe there, or there with an unknown value */
	HL_PART__COUNT
};

struct hl_image_ref {
	bool scratch; /* the empty image */
	bool valid;   /* every known part matches the grammar */
	enum hl_part_state registry_state, repository_state, tag_state,
		digest_state;
	const char *registry;	/* e.g. docker.io, gcr.io, localhost:5000 */
	const char *repository; /* e.g. library/python */
	const char *tag;	/* e.g. 3.12-slim */
	const char *digest;	/* e.g. sha256:0123... */
	const char *name;	/* registry/repository, normalised */
};

/* Parse `len` bytes of `text` into `out` (strings in `a`). Never fails: a
 * reference that breaks the grammar has valid set to false. */
/* `s` as a message may show it: a password written where an image
 * reference goes (scheme://user:PASSWORD@host, user:PASSWORD@host/...)
 * left out; `s` itself when it holds none. A digest (@sha256:...) is no
 * password. */
const char *hl_image_redact(struct hl_arena *a, const char *s);

void hl_image_parse(struct hl_arena *a, const char *text, size_t len,
		    struct hl_image_ref *out);

#endif
