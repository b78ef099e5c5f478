/*
 * hash: SipHash-1-3 (Aumasson and Bernstein's keyed hash, with one
 * compression and three finalization rounds), written from the paper's
 * description, under a key drawn once per process from getrandom().
 */
#include "core/hash.h"

#include <pthread.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static uint64_t key0, key1;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_key(void)
{
	uint64_t k[2];
	if (getrandom(k, sizeof(k), GRND_NONBLOCK) != (ssize_t)sizeof(k)) {
		/* no entropy yet (early boot): the clock and an address,
		 * still unknown to whoever wrote the file */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		k[0] = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15ull ^
		       (uint64_t)(uintptr_t)&ts;
		k[1] = (uint64_t)ts.tv_sec * 0xC2B2AE3D27D4EB4Full ^
		       (uint64_t)(uintptr_t)&key0;
	}
	key0 = k[0];
	key1 = k[1];
}

static inline uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND                                                           \
	do {                                                               \
		v0 += v1;                                                  \
		v1 = rotl(v1, 13);                                         \
		v1 ^= v0;                                                  \
		v0 = rotl(v0, 32);                                         \
		v2 += v3;                                                  \
		v3 = rotl(v3, 16);                                         \
		v3 ^= v2;                                                  \
		v0 += v3;                                                  \
		v3 = rotl(v3, 21);                                         \
		v3 ^= v0;                                                  \
		v2 += v1;                                                  \
		v1 = rotl(v1, 17);                                         \
		v1 ^= v2;                                                  \
		v2 = rotl(v2, 32);                                         \
	} while (0)

uint64_t hl_hash(const void *p, size_t len)
{
	pthread_once(&key_once, make_key);
	const unsigned char *s = p;
	uint64_t v0 = key0 ^ 0x736f6d6570736575ull;
	uint64_t v1 = key1 ^ 0x646f72616e646f6dull;
	uint64_t v2 = key0 ^ 0x6c7967656e657261ull;
	uint64_t v3 = key1 ^ 0x7465646279746573ull;
	size_t whole = len & ~(size_t)7;
	for (size_t i = 0; i < whole; i += 8) {
		uint64_t m;
		memcpy(&m, s + i, 8); /* little-endian hosts (x86-64, arm64) */
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	uint64_t b = (uint64_t)len << 56;
	for (size_t i = whole; i < len; i++)
		b |= (uint64_t)s[i] << (8 * (i - whole));
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}
