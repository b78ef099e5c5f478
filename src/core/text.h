/*
 * text: small helpers on strings that several layers share.
 */
#ifndef HARDLINT_CORE_TEXT_H
#define HARDLINT_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The edit distance between `a` and `b` (insertions, deletions,
 * substitutions and swaps of neighbouring letters; case counts), or a large
 * number when either is longer than 63 bytes: for "did you mean" hints. */
size_t hl_edit_distance(const char *a, const char *b);

/* Is `s` (its first 10 bytes, then the end or `len` bytes) a date of the
 * calendar, YYYY-MM-DD (2027-02-30 is not)? */
bool hl_valid_date(const char *s, size_t len);

/* Is `typo` a near miss of `name`: a case difference, or an edit distance
 * of at most 2 that leaves something of a short word (2 * d <= its
 * length)? */
int hl_near_miss(const char *typo, const char *name);

/* Decode the standard base64 of `s` (`len` bytes; blanks and line breaks
 * between groups skipped, `=` padding optional) into `out` (at least
 * len / 4 * 3 + 3 bytes): the bytes written, or -1 when it is not
 * base64. */
long hl_base64_decode(const char *s, size_t len, unsigned char *out);

/* Is `s` (`len` bytes) text: valid UTF-8 without NUL or other control
 * bytes than tab, line feed and carriage return? */
bool hl_is_text(const unsigned char *s, size_t len);

#endif
