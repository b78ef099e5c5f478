/*
 * ceil_dftok FILE...: read every FILE whole and split it as a Dockerfile's
 * lines are split, then print what was seen:
 *
 *	files N bytes N instructions N tokens N
 *
 * The second ceiling of bench/run.sh, for Dockerfiles: the least any
 * Dockerfile linter has to do, read the bytes and find the words. Physical
 * lines are joined where one ends with a backslash (trailing blanks
 * allowed), blank lines and comment lines are skipped (inside a
 * continuation too, as BuildKit does), the first word of a logical line is
 * its instruction keyword, looked up case-blind among the instructions
 * Docker knows, and every whitespace-separated word is a token. It does not
 * parse heredocs, the JSON form, quotes, variables or the escape directive:
 * everything past this is the linter's own work.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct counts {
	unsigned long long files, bytes, instructions, known, tokens;
};

static const char *const keywords[] = {
	"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
	"HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
	"STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
};

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int known_keyword(const unsigned char *w, size_t n)
{
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (strlen(keywords[k]) == n &&
		    !strncasecmp(keywords[k], (const char *)w, n))
			return 1;
	return 0;
}

/* Split the n bytes at p into logical lines and words. */
static void tokenize(const unsigned char *p, size_t n, struct counts *c)
{
	size_t i = 0;
	int start = 1; /* the next word begins a logical line */

	while (i < n) {
		const unsigned char *nl = memchr(p + i, '\n', n - i);
		size_t eol = nl ? (size_t)(nl - p) : n;
		size_t j = i, e = eol;

		while (j < e && is_blank(p[j]))
			j++;
		while (e > j && is_blank(p[e - 1]))
			e--;
		i = eol + 1;
		if (j == e || p[j] == '#')
			continue; /* blank or comment: joins nothing */
		int cont = p[e - 1] == '\\';
		if (cont)
			e--;
		while (j < e) {
			size_t w = j;
			while (j < e && !is_blank(p[j]))
				j++;
			if (start) {
				c->instructions++;
				c->known += (unsigned long long)known_keyword(
					p + w, j - w);
				start = 0;
			}
			c->tokens++;
			while (j < e && is_blank(p[j]))
				j++;
		}
		start = !cont;
	}
}

int main(int argc, char **argv)
{
	struct counts c = { 0 };
	unsigned char *buf = NULL;
	size_t cap = 0;

	if (argc < 2) {
		fputs("usage: ceil_dftok FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st)) {
			fprintf(stderr, "ceil_dftok: %s: %s\n", argv[i],
				strerror(errno));
			return 2;
		}
		size_t want = (size_t)st.st_size + 1;
		if (want > cap) {
			free(buf);
			cap = want < 65536 ? 65536 : want;
			buf = malloc(cap);
			if (!buf) {
				fputs("ceil_dftok: out of memory\n", stderr);
				return 2;
			}
		}
		size_t len = 0;
		for (;;) {
			ssize_t r = read(fd, buf + len, cap - len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				fprintf(stderr, "ceil_dftok: %s: %s\n", argv[i],
					strerror(errno));
				return 2;
			}
			if (r == 0 || (len += (size_t)r) == cap)
				break;
		}
		close(fd);
		tokenize(buf, len, &c);
		c.files++;
		c.bytes += len;
	}
	free(buf);
	printf("files %llu bytes %llu instructions %llu tokens %llu\n",
	       c.files, c.bytes, c.instructions, c.tokens);
	/* known keywords go to stderr, so that the lookup is not dropped */
	fprintf(stderr, "ceil_dftok: %llu of %llu instructions known\n",
		c.known, c.instructions);
	return 0;
}
