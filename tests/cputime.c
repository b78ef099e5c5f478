/*
 * cputime: run a program and print the CPU time it took (user + system),
 * in microseconds, on stdout; its own output is discarded. For
 * tests/complexity.sh: CPU time does not count what else the machine is
 * doing, and wait4's accounting is finer than time(1)'s centiseconds.
 * Usage: cputime PROGRAM [ARG...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: cputime PROGRAM [ARG...]\n", stderr);
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("cputime: fork");
		return 2;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execv(argv[1], argv + 1);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("cputime: wait4");
		return 2;
	}
	long long us = (long long)ru.ru_utime.tv_sec * 1000000 +
		       ru.ru_utime.tv_usec +
		       (long long)ru.ru_stime.tv_sec * 1000000 +
		       ru.ru_stime.tv_usec;
	printf("%lld\n", us);
	return 0;
}
