/*
 * ceil_read FILE...: open, read and close every FILE, and print how many
 * files and bytes were read:
 *
 *	files N bytes N
 *
 * The first ceiling of bench/run.sh: no linter that reads its inputs can
 * be faster than this. It reads in 64 KiB blocks into one buffer and adds
 * up the bytes, so that the reads cannot be optimised away.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned char buf[64 * 1024];

int main(int argc, char **argv)
{
	unsigned long long bytes = 0, files = 0;
	unsigned long sum = 0;

	if (argc < 2) {
		fputs("usage: ceil_read FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "ceil_read: %s: %s\n", argv[i],
				strerror(errno));
			return 2;
		}
		for (;;) {
			ssize_t n = read(fd, buf, sizeof(buf));
			if (n < 0) {
				if (errno == EINTR)
					continue;
				fprintf(stderr, "ceil_read: %s: %s\n", argv[i],
					strerror(errno));
				return 2;
			}
			if (n == 0)
				break;
			bytes += (unsigned long long)n;
			/* touch the bytes read, as any reader does */
			sum += buf[0] + buf[n - 1];
		}
		close(fd);
		files++;
	}
	printf("files %llu bytes %llu\n", files, bytes);
	/* keeps sum alive; never true for real input */
	return sum == 1 ? 3 : 0;
}
