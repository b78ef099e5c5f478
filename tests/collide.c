/*
 * collide N [plain]: a Dockerfile whose N ENV names all hash alike under
 * an unkeyed 32-bit FNV-1a (the low 14 bits of each hash zero), then
 * 20 * N references to one more such name: with a hash a file can aim
 * at, every lookup scans every name. With `plain`, the same shape with
 * names taken in order (the complexity suite compares the two).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t fnv(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	int plain = argc > 2;
	char name[32];
	unsigned long k = 0;
	long found = 0;
	printf("FROM alpine:3.19\n");
	while (found <= n) {
		snprintf(name, sizeof(name), "V%lx", k++);
		if (!plain && (fnv(name) & 0x3fff))
			continue;
		if (found < n)
			printf("ENV %s=x\n", name);
		found++;
	}
	printf("ENV Y=");
	for (long i = 0; i < 20 * n; i++)
		printf("$%s", name);
	printf("\nUSER app\n");
	return 0;
}
