/*
 * ast: the one tree both front ends produce and every rule reads: mappings,
 * sequences, scalars and aliases, each node with the span it came from.
 * A scalar keeps its text, the type YAML 1.1 (as Kubernetes reads it) gives
 * it, and whether its value is known: an unresolved variable or a template
 * expression is unknown, never literal text. Nodes live in an arena; nodes
 * made by a front end or a view (not read from the input) have line 0 where
 * they have no place of their own.
 */
#ifndef HARDLINT_CORE_AST_H
#define HARDLINT_CORE_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/source.h"

enum hl_node_kind {
	HL_NODE_SCALAR,
	HL_NODE_MAP,
	HL_NODE_SEQ,
	HL_NODE_ALIAS,	/* a YAML alias: its own span, the anchored target */
	HL_NODE_RECORD, /* a typed item of a view: fields from getters */
	HL_NODE__COUNT
};

/* Node flags */
#define HL_NODE_UNKNOWN (1u << 0) /* value not known statically */
#define HL_NODE_QUOTED (1u << 1)  /* a quoted or block scalar in YAML */
#define HL_NODE_SHADOWED                                 \
	(1u << 3) /* a key a later pair of its mapping writes \
		     again: Kubernetes keeps the later one */
#define HL_NODE_VIA                                      \
	(1u << 2) /* an alias made for merged or copied  \
		     content: its span is the entry that \
		     brought it, and findings point there */

struct hl_node;
struct hl_record;

struct hl_pair {
	struct hl_node *key;   /* a scalar */
	struct hl_node *value; /* never NULL */
};

struct hl_node {
	enum hl_node_kind kind;
	uint32_t flags;
	struct hl_span span;
	union {
		struct {
			const char *s; /* text, NUL-terminated */
			size_t len;    /* bytes in s */
			enum hl_scalar_type type;
			bool b;	   /* value of a BOOL */
			int64_t i; /* value of an INT */
		} scalar;
		struct {
			struct hl_pair *pairs; /* in input order */
			size_t count;
			size_t cap;
		} map;
		struct {
			struct hl_node **items;
			size_t count;
			size_t cap;
		} seq;
		struct hl_node *target;	  /* HL_NODE_ALIAS */
		struct hl_record *record; /* HL_NODE_RECORD */
	} u;
};

/*
 * Records: the typed items of views (a stage, a run command, a
 * container), read through paths like any mapping. A record's fields are
 * computed by getters when a path first reads them (then kept), so a rule
 * pays only for what it reads. A record may also pass through to a YAML
 * mapping (a container's own fields), whose keys a path reads when no
 * field has their name. The tables are the engine's (views); this is the
 * mechanism.
 */
/* Field f of record `rec` (an index into its type's fields). */
typedef const struct hl_node *(*hl_get_fn)(const struct hl_node *rec,
					   uint32_t f);

/* A type's fields, each declared once: name, type and meaning as data in
 * a table indexed by the type's own enum, and one getter that switches on
 * that enum (the compiler says when a field has no case). Names and
 * meanings are arrays, not pointers: these tables need no relocation when
 * the program starts (hardlint.h's hl_type_info and hl_field_info are
 * made from them on first use). */
struct hl_rfield {
	char name[24];	   /* as rules write it in a path */
	char type[24];	   /* hardlint.h's type grammar */
	char meaning[192]; /* one line */
};

struct hl_rtype {
	char name[24];
	enum hl_target target;
	char passes[32];     /* Kubernetes type(s), or "" */
	const char *meaning; /* the type's own, one line */
	const struct hl_rfield *fields;
	size_t nfields;
	hl_get_fn get; /* never NULL */
};

struct hl_record {
	const struct hl_rtype *type;
	const void *p;		       /* what the getters read */
	void *ctx;		       /* the document's view context */
	const struct hl_node *through; /* a YAML mapping, or NULL */
	const struct hl_node **cache;  /* by field: what getters gave, made
					  on first use */
	struct hl_arena *arena;	       /* where values are made */
};

/* A record node of `type` over `p` (with `ctx`, passing through to the
 * mapping `through` if not NULL), at `span`. */
struct hl_node *hl_node_record(struct hl_arena *a, const struct hl_rtype *type,
			       const void *p, void *ctx,
			       const struct hl_node *through,
			       struct hl_span span);

/* The value of field `key` of record `rec` (by index `hint` when it names
 * that field, else by name), or of its pass-through mapping; NULL if
 * absent. */
const struct hl_node *hl_record_get(const struct hl_node *rec, const char *key,
				    int32_t hint);

/* The index of field `name` in `t`, or -1. */
int32_t hl_rtype_field(const struct hl_rtype *t, const char *name);

/* A string scalar holding a copy of `len` bytes of `s`. */
struct hl_node *hl_node_str(struct hl_arena *a, const char *s, size_t len,
			    struct hl_span span);
/* A string scalar of a NUL-terminated `s`, copied. */
struct hl_node *hl_node_cstr(struct hl_arena *a, const char *s,
			     struct hl_span span);
struct hl_node *hl_node_bool(struct hl_arena *a, bool b, struct hl_span span);
struct hl_node *hl_node_int(struct hl_arena *a, int64_t i, struct hl_span span);
/* An unknown scalar: `text` is what the input said (for messages). */
struct hl_node *hl_node_unknown(struct hl_arena *a, const char *text,
				size_t len, struct hl_span span);
struct hl_node *hl_node_map(struct hl_arena *a, struct hl_span span);
/* An alias node (HL_NODE_VIA) placed at `span` that stands for `target`:
 * findings in what it stands for point at `span`. */
struct hl_node *hl_node_alias(struct hl_arena *a, struct hl_node *target,
			      struct hl_span span);
struct hl_node *hl_node_seq(struct hl_arena *a, struct hl_span span);
/* A sequence over `count` items of an array it shares, not copies (a push
 * onto it copies first). */
struct hl_node *hl_node_seq_slice(struct hl_arena *a, struct hl_span span,
				  struct hl_node **items, size_t count);

/* Append a pair to a mapping (growing it in the arena); a NULL value adds
 * nothing, so views can copy fields that may be absent. */
void hl_map_add(struct hl_arena *a, struct hl_node *map, struct hl_node *key,
		struct hl_node *value);
/* Append a pair whose key is the made-up name `key` (no position). */
void hl_map_set(struct hl_arena *a, struct hl_node *map, const char *key,
		struct hl_node *value);
/* Append an item to a sequence. */
void hl_seq_push(struct hl_arena *a, struct hl_node *seq, struct hl_node *item);

/* Follow aliases to the node they stand for (NULL stays NULL). */
const struct hl_node *hl_node_deref(const struct hl_node *n);

/* The last pair of mapping `map` (aliases followed) whose key is `key`:
 * Kubernetes keeps the last of duplicate keys. NULL if none or not a map
 * (for a record: the pair of its pass-through mapping, if any). */
const struct hl_pair *hl_map_pair(const struct hl_node *map, const char *key);
/* The value of that pair, aliases followed, or NULL; for a record, the
 * value of its field `key` first. */
const struct hl_node *hl_map_get(const struct hl_node *map, const char *key);

/* A scalar's text if `n` (aliases followed) is a known scalar, else NULL. */
const char *hl_node_text(const struct hl_node *n);

/* A known scalar's text as people read it: whole, a NUL inside shown as
 * \0 (a copy in `a`), never cut there; NULL if it is none. For labels
 * and messages, not for comparing (compare the bytes and their length). */
const char *hl_node_shown(struct hl_arena *a, const struct hl_node *n);
/* True if `n` is the YAML boolean true. */
bool hl_node_is_true(const struct hl_node *n);
/* True if `n` (aliases followed) is a mapping / sequence. */
bool hl_node_is_map(const struct hl_node *n);
bool hl_node_is_seq(const struct hl_node *n);

/*
 * Type a plain YAML scalar as sigs.k8s.io/yaml (YAML 1.1) does: booleans
 * y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON
 * off Off OFF; null ~ Null NULL and empty; integers (decimal, 0x, 0o, 0b,
 * YAML 1.1 leading-zero octal, _ separators); floats.
 */
void hl_scalar_resolve(struct hl_node *n);

/* A span covering from the start of `a` to the end of `b`. */
struct hl_span hl_span_join(struct hl_span a, struct hl_span b);

/*
 * Paths select nodes below a node: dot-separated keys, `[*]` for every item
 * of a sequence, `[N]` for one item, e.g. `securityContext.capabilities.
 * drop[*]`. A key may be quoted with "..." to hold dots.
 */
enum hl_seg_kind { HL_SEG_KEY, HL_SEG_ANY, HL_SEG_INDEX, HL_SEG__COUNT };

#define HL_SEG_THROUGH (-2)

struct hl_seg {
	const char *key; /* HL_SEG_KEY */
	enum hl_seg_kind kind;
	uint32_t index; /* HL_SEG_INDEX */
	int32_t field;	/* HL_SEG_KEY on a record: the field's index in
			   its type, found when the rule was loaded;
			   HL_SEG_THROUGH: no field, a key of the YAML it
			   passes through to; -1: not known */
	uint32_t off;	/* where it starts in the path's text */
};

struct hl_path {
	const char *text; /* as written */
	const struct hl_seg *segs;
	uint32_t nsegs;
};

/* Parse `text` into `out` (segments in `a`). On a malformed path returns
 * false and sets *err_off to the offending byte. */
bool hl_path_parse(struct hl_arena *a, const char *text, struct hl_path *out,
		   size_t *err_off);

/* One node a path reached, with the place a finding about it points at:
 * from its key (or the alias it was reached through) to the end of its
 * value. */
struct hl_hit {
	const struct hl_node *node; /* aliases followed */
	struct hl_span span;
	const struct hl_node *key; /* the mapping key it is the value of,
				      or NULL (a list item, a field) */
	bool via; /* reached through an alias: span is the alias's place,
		     and so is everything below it */
};

/* Call `fn` for each node `path` reaches from `root`, in order, until it
 * returns false. Returns false if stopped. `[*]` goes through the items
 * of a list and the values of a mapping. */
typedef bool (*hl_hit_fn)(const struct hl_hit *hit, void *ctx);
bool hl_path_walk(const struct hl_node *root, const struct hl_path *path,
		  hl_hit_fn fn, void *ctx);

/* The same from a node reached before (`from`, a hit): below one reached
 * through an alias, everything points at the alias. */
bool hl_path_walk_from(const struct hl_hit *from, const struct hl_path *path,
		       hl_hit_fn fn, void *ctx);

/* The first node `path` reaches, or NULL. */
const struct hl_node *hl_path_first(const struct hl_node *root,
				    const struct hl_path *path,
				    struct hl_span *span);

/* The same from a hit (see hl_path_walk_from). */
const struct hl_node *hl_path_first_from(const struct hl_hit *from,
					 const struct hl_path *path,
					 struct hl_span *span);

#endif
