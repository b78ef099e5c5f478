/*
 * yaml_floor FILE...: parse each FILE with libyaml's event API and nothing
 * else (no tree, no rules). What hardlint costs beyond this is hardlint's;
 * the hostile-input benchmark prints both for one large file, and
 * bench/run.sh uses it as the manifests' ceiling over the whole corpus,
 * measured in the same run.
 *
 * Prints "N events, N errors" and, for more than one file, ", N files,
 * N bytes". An error stops the parse of its file (libyaml cannot go on),
 * and the next file is parsed. An empty file is an error when it is the
 * only one; among many it is a stream of no documents.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

struct totals {
	unsigned long events, errors, files;
	unsigned long long bytes;
};

/* Parse the len bytes at m, adding to t. */
static void parse(const unsigned char *m, size_t len, struct totals *t)
{
	yaml_parser_t p;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, m, len);
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			t->errors++; /* libyaml cannot go on after an error */
			break;
		}
		int type = e.type;
		yaml_event_delete(&e);
		t->events++;
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
}

/* Map and parse one file; -1 when it cannot be read. */
static int parse_file(const char *path, int allow_empty, struct totals *t)
{
	int fd = open(path, O_RDONLY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		return -1;
	}
	if (st.st_size == 0 && !allow_empty) {
		fprintf(stderr, "%s: empty file\n", path);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		parse((const unsigned char *)"", 0, t);
	} else {
		unsigned char *m = mmap(NULL, (size_t)st.st_size, PROT_READ,
					MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) {
			perror("mmap");
			close(fd);
			return -1;
		}
		parse(m, (size_t)st.st_size, t);
		munmap(m, (size_t)st.st_size);
	}
	close(fd);
	t->files++;
	t->bytes += (unsigned long long)st.st_size;
	return 0;
}

int main(int argc, char **argv)
{
	struct totals t = { 0 };

	if (argc < 2) {
		fputs("usage: yaml_floor FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (parse_file(argv[i], argc > 2, &t))
			return 2;
	if (argc == 2)
		printf("%lu events, %lu errors\n", t.events, t.errors);
	else
		printf("%lu events, %lu errors, %lu files, %llu bytes\n",
		       t.events, t.errors, t.files, t.bytes);
	return 0;
}
