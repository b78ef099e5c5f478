/*
 * render: --render. A Helm chart or a kustomization met by a walk is
 * linted as what `helm template` or `kubectl kustomize` makes of it: the
 * tool is run on the directory, without a shell, its output read (at
 * most the input size limit) and its error output kept for the message
 * when it fails.
 */
#define _GNU_SOURCE /* pipe2 */
#include "cli/render.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output/mem.h"

extern char **environ;

/* Does directory `dir` hold a file named `name`? */
static bool holds(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;
	if (snprintf(p, sizeof(p), "%s/%s", dir, name) >= (int)sizeof(p))
		return false;
	return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

enum hl_render_tool hl_render_tool_of(const char *dir)
{
	if (holds(dir, "Chart.yaml"))
		return HL_RENDER_HELM;
	if (holds(dir, "kustomization.yaml") || holds(dir, "kustomization.yml") ||
	    holds(dir, "Kustomization"))
		return HL_RENDER_KUSTOMIZE;
	return HL_RENDER_NONE;
}

const char *hl_render_command(enum hl_render_tool t)
{
	return t == HL_RENDER_HELM ? "helm template" : "kubectl kustomize";
}

/* Append what fd `fd` has to *buf (at most `max` bytes kept; *over says
 * more came); false at its end. */
static bool drain(int fd, char **buf, size_t *len, size_t *cap, size_t max,
		  bool *over)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	size_t keep = (size_t)n;
	if (*len + keep > max) {
		*over = true;
		keep = *len < max ? max - *len : 0;
	}
	if (*len + keep + 1 > *cap) {
		*cap = (*len + keep + 1) * 2;
		*buf = hl_cli_realloc(*buf, *cap);
	}
	memcpy(*buf + *len, chunk, keep);
	*len += keep;
	(*buf)[*len] = '\0';
	return true;
}

int hl_render_run(enum hl_render_tool t, const char *dir, size_t max,
		  struct hl_rendered *out)
{
	memset(out, 0, sizeof(*out));
	/* a directory named like an option cannot pass for one */
	char *arg = dir[0] == '-' ? hl_cli_strdup("./") : NULL;
	if (arg) {
		size_t n = strlen(dir) + 3;
		arg = hl_cli_realloc(arg, n);
		snprintf(arg, n, "./%s", dir);
	}
	const char *d = arg ? arg : dir;
	char *const helm[] = {"helm", "template", (char *)d, NULL};
	char *const kust[] = {"kubectl", "kustomize", (char *)d, NULL};
	char *const *argv = t == HL_RENDER_HELM ? helm : kust;
	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC)) {
		free(arg);
		return HL_RENDER_FAILED;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	/* the tool gets SIGPIPE's default back (hardlint ignores it) */
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t def;
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	free(arg);
	if (rc) {
		close(po[0]);
		close(pe[0]);
		return rc == ENOENT ? HL_RENDER_MISSING : HL_RENDER_FAILED;
	}
	size_t ocap = 0, ecap = 0;
	bool over = false, eover = false;
	struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
	int open_n = 2;
	while (open_n) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 ||
			    !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			bool more =
				i == 0 ? drain(fds[i].fd, &out->text, &out->len,
					       &ocap, max, &over)
				       : drain(fds[i].fd, &out->err,
					       &out->errlen, &ecap, 4096,
					       &eover);
			if (!more) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_n--;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!out->text)
		out->text = hl_cli_strdup("");
	if (over)
		return HL_RENDER_TOO_BIG;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return HL_RENDER_FAILED;
	return HL_RENDER_OK;
}

void hl_rendered_release(struct hl_rendered *r)
{
	free(r->text);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

char *hl_render_sources(const char *text, size_t len, const char *dir,
			size_t *outlen)
{
	/* `# Source: CHART/templates/x.yaml` names the chart by its name:
	 * the directory it was rendered from stands in its stead */
	static const char tag[] = "# Source: ";
	size_t dl = strlen(dir), cap = len + 1, n = 0;
	char *out = hl_cli_realloc(NULL, cap);
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) + 1 : len;
		const char *line = text + i;
		size_t ll = e - i;
		const char *slash = ll > sizeof(tag) - 1 &&
					    !memcmp(line, tag, sizeof(tag) - 1)
				    ? memchr(line + sizeof(tag) - 1, '/',
					     ll - (sizeof(tag) - 1))
				    : NULL;
		size_t need = n + ll + dl + sizeof(tag) + 1;
		if (need > cap) {
			cap = need * 2;
			out = hl_cli_realloc(out, cap);
		}
		if (slash) {
			memcpy(out + n, tag, sizeof(tag) - 1);
			n += sizeof(tag) - 1;
			memcpy(out + n, dir, dl);
			n += dl;
			if (!dl) /* the current directory: no prefix */
				slash++;
			size_t rest = (size_t)(line + ll - slash);
			memcpy(out + n, slash, rest);
			n += rest;
		} else {
			memcpy(out + n, line, ll);
			n += ll;
		}
		i = e;
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}
