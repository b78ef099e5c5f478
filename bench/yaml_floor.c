/*
 * yaml_floor FILE: parse FILE with libyaml's event API and nothing else
 * (no tree, no rules). What hardlint costs beyond this is hardlint's; the
 * hostile-input benchmark prints both, measured in the same run.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: yaml_floor FILE\n", stderr);
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || st.st_size == 0) {
		perror(argv[1]);
		return 2;
	}
	unsigned char *m = mmap(NULL, (size_t)st.st_size, PROT_READ,
				MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, m, (size_t)st.st_size);
	unsigned long events = 0, errors = 0;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			errors++; /* libyaml cannot go on after an error */
			break;
		}
		int type = e.type;
		yaml_event_delete(&e);
		events++;
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	printf("%lu events, %lu errors\n", events, errors);
	return 0;
}
