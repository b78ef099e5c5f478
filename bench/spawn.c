/*
 * spawn [-n N] [-e STATUS|any] [-o OUT] [-2 ERR] COMMAND [ARG...]: run
 * COMMAND N times (default 200), one after the other, standard input on
 * /dev/null, standard output in OUT and error in ERR (each run's replaces
 * the last's; default /dev/null), and print the mean per run:
 *
 *	runs N cpu_us X wall_us X maxrss_kb N status N
 *
 * cpu_us is user plus system time as the kernel counts it for each child
 * and the children it waited for (microseconds, not a shell's 10 ms
 * ticks), wall_us the elapsed time, maxrss_kb the largest peak RSS of any
 * run and status the last run's exit status. Every run must exit with
 * STATUS (default 0; any: whatever it is), or spawn says which did not and
 * exits 1, so that a crash cannot pass for a fast start; a run killed by a
 * signal always fails.
 *
 * bench/run.sh runs every command it times through it: one run for a
 * corpus, RUNS runs for the whole-process cost of one small file, set
 * against a C hello-world run the same way. posix_spawn (vfork-like in
 * glibc) keeps spawn's own cost per run small and the same for all.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	long runs = 200, want = 0;
	const char *out = "/dev/null", *err = "/dev/null";
	int opt, any = 0;

	while ((opt = getopt(argc, argv, "+n:e:o:2:")) != -1) {
		switch (opt) {
		case 'n':
			runs = strtol(optarg, NULL, 10);
			break;
		case 'e':
			any = !strcmp(optarg, "any");
			want = strtol(optarg, NULL, 10);
			break;
		case 'o':
			out = optarg;
			break;
		case '2':
			err = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc || runs < 1) {
usage:
		fputs("usage: spawn [-n N] [-e STATUS|any] [-o OUT] [-2 ERR] "
		      "COMMAND [ARG...]\n", stderr);
		return 2;
	}
	char **cmd = argv + optind;

	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out,
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err,
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);

	double cpu = 0, start = now_us();
	long maxrss = 0;
	int status = 0;
	for (long i = 0; i < runs; i++) {
		pid_t pid;
		int err = posix_spawnp(&pid, cmd[0], &fa, NULL, cmd, environ);
		if (err) {
			fprintf(stderr, "spawn: %s: %s\n", cmd[0],
				strerror(err));
			return 1;
		}
		int st;
		struct rusage ru;
		if (wait4(pid, &st, 0, &ru) < 0) {
			perror("spawn: wait4");
			return 1;
		}
		if (!WIFEXITED(st) || (!any && WEXITSTATUS(st) != want)) {
			if (WIFSIGNALED(st))
				fprintf(stderr, "spawn: run %ld of %s: killed "
					"by signal %d\n", i + 1, cmd[0],
					WTERMSIG(st));
			else
				fprintf(stderr, "spawn: run %ld of %s: exit %d, "
					"expected %ld\n", i + 1, cmd[0],
					WEXITSTATUS(st), want);
			return 1;
		}
		status = WEXITSTATUS(st);
		cpu += (double)ru.ru_utime.tv_sec * 1e6 +
		       (double)ru.ru_utime.tv_usec +
		       (double)ru.ru_stime.tv_sec * 1e6 +
		       (double)ru.ru_stime.tv_usec;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	double wall = now_us() - start;
	posix_spawn_file_actions_destroy(&fa);
	printf("runs %ld cpu_us %.1f wall_us %.1f maxrss_kb %ld status %d\n",
	       runs, cpu / (double)runs, wall / (double)runs, maxrss, status);
	return 0;
}
