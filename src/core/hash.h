/*
 * hash: a keyed hash for the lookup tables built from input (variable
 * scopes, YAML anchors). The key is random for each process, so a file
 * cannot be written to make its names collide (an unkeyed hash lets
 * 5,000 crafted names turn each lookup into a scan of them all). Only
 * lookups use it: nothing hardlint prints depends on its values.
 */
#ifndef HARDLINT_CORE_HASH_H
#define HARDLINT_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-1-3 of the `len` bytes at `p` under the process's key. */
uint64_t hl_hash(const void *p, size_t len);

#endif
