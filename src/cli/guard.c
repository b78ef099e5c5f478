/*
 * guard: a SIGBUS handler that knows the files being read through a
 * mapping. Slots are written under a lock and read by the handler
 * without one: a slot's base is cleared first and set last. The lock is
 * a spin on an atomic flag (held for a few stores; no libc call, so a
 * run that maps one small file pays nothing for it).
 */
#include "cli/guard.h"

#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/output.h"

#define SLOTS 512 /* a file a worker (--jobs: at most 256), and more */

static struct {
	const char *volatile base;
	volatile size_t len;
	char *volatile path; /* printable: hl_clean_copy's, ours to free */
} slots[SLOTS];
static atomic_flag lock = ATOMIC_FLAG_INIT;
static struct sigaction previous;
static bool installed;

static void take(void)
{
	while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
		sched_yield();
}

static void give(void)
{
	atomic_flag_clear_explicit(&lock, memory_order_release);
}

static void say(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));
	(void)r;
}

static void on_sigbus(int sig, siginfo_t *info, void *uctx)
{
	const char *at = info ? (const char *)info->si_addr : NULL;
	for (size_t i = 0; at && i < SLOTS; i++) {
		const char *b = slots[i].base;
		if (b && at >= b && at < b + slots[i].len) {
			say(slots[i].path ? slots[i].path : "(a file)");
			say(": error: the file changed (was truncated) while "
			    "it was read; the run stopped, its results are "
			    "incomplete\n");
			_exit(2);
		}
	}
	/* not ours: whoever handled it before does, or the default */
	if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction) {
		previous.sa_sigaction(sig, info, uctx);
		return;
	}
	if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN &&
	    previous.sa_handler) {
		previous.sa_handler(sig);
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &previous) == 0)
		installed = true;
}

void hl_guard_on_map(void *ctx, const void *base, size_t len, const char *path)
{
	(void)ctx;
	take();
	if (!installed && len)
		install();
	const char *want = len ? NULL : base; /* a free slot, or base's */
	for (size_t i = 0; i < SLOTS; i++) {
		if (slots[i].base != want)
			continue;
		slots[i].base = NULL;
		free(slots[i].path);
		slots[i].len = len;
		/* cleaned now: the handler cannot, and must not write a
		 * file name's control or invisible characters raw */
		slots[i].path = len ? hl_clean_copy(path) : NULL;
		slots[i].base = len ? base : NULL;
		break;
	}
	give();
}

void hl_guard_release(void)
{
	take();
	if (installed)
		sigaction(SIGBUS, &previous, NULL);
	installed = false;
	give();
}
