/* fuzz_shell: the POSIX shell splitter alone, on a script with every byte
 * mapped to the source, then the questions the tree asks of each command. */
#include <string.h>

#include "fuzz_common.h"
#include "core/arena.h"
#include "dockerfile/shell.h"
#include "core/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memchr(data, '\0', size))
		return 0; /* a binary file: never read as a Dockerfile */
	struct hl_arena a;
	hl_arena_init(&a);
	char *text = hl_arena_alloc(&a, size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct hl_source src;
	hl_source_init_mem(&src, &a, "fuzz", text, size);
	struct hl_tseg seg = {0, 0};
	struct hl_mtext t = {text, size, &seg, 1};
	/* a heredoc the Dockerfile would supply, named EOF */
	struct hl_sh_heredoc hd = {"EOF", t};
	struct hl_sh_script sc;
	hl_sh_parse(&a, &src, &t, &hd, 1, &sc);
	for (size_t i = 0; i < sc.ncmds; i++) {
		size_t arg;
		(void)hl_sh_program(&sc.cmds[i]);
		(void)hl_sh_script_from(&sc.cmds[i], &arg);
	}
	hl_arena_release(&a);
	return 0;
}
