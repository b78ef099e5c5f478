/*
 * packages: the package managers' table and the parser of install
 * commands. Knowledge about one manager lives in its table row, so a new
 * manager is a row, not code.
 */
#define _GNU_SOURCE /* memmem */
#include "dockerfile/packages.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* How a package spec carries its version. */
enum vstyle {
	V_OP,  /* name=1.2, name~1.2, name>=1 (apt, apk, zypper) */
	V_RPM, /* name-1.2.3-1.el9 (yum, dnf) */
	V_PIP, /* name==1.2, name[extra]>=1 */
	V_AT,  /* name@1.2, @scope/name@1.2 (npm, go) */
	V_GEM, /* name:1.2, or -v 1.2 for all */
};

struct manager {
	const char *name;
	const char *programs; /* space-separated basenames */
	const char *installs; /* subcommands that install */
	const char *valued;   /* options that take the next word */
	enum vstyle style;
	const char *cleaners; /* "program subcommand" pairs, |-separated */
	const char *caches;   /* cache directories, space-separated */
	const char *nocache;  /* options that keep no cache */
	const char *meta;     /* words in a package's place that name none
				 (go install tool: what go.mod lists) */
};

static const struct manager managers[] = {
	{"apt", " apt-get apt aptitude ", " install ",
	 " -o -t --target-release -c --config-file ", V_OP,
	 "apt-get dist-clean|apt dist-clean|", " /var/lib/apt/lists ", "", NULL},
	{"apk", " apk ", " add ",
	 " -X --repository -t --virtual -p --root --cache-dir --arch "
	 "--keys-dir --repositories-file --cache-max-age --timeout ",
	 V_OP,
	 "apk cache|", " /var/cache/apk /etc/apk/cache ",
	 " --no-cache --no-network ", NULL},
	{"yum", " yum ", " install localinstall groupinstall reinstall ",
	 " -c --config --enablerepo --disablerepo --setopt --repo "
	 "--releasever --installroot ",
	 V_RPM,
	 "yum clean|", " /var/cache/yum ", "", NULL},
	{"dnf", " dnf dnf5 ", " install localinstall groupinstall reinstall ",
	 " -c --config --enablerepo --disablerepo --setopt --repo "
	 "--repofrompath --releasever --installroot ",
	 V_RPM,
	 "dnf clean|dnf5 clean|",
	 " /var/cache/dnf /var/cache/libdnf5 /var/cache/yum ", "", NULL},
	{"microdnf", " microdnf tdnf ", " install reinstall ",
	 " --config --enablerepo --disablerepo --setopt --repo "
	 "--releasever --installroot ",
	 V_RPM, "microdnf clean|tdnf clean|",
	 " /var/cache/yum /var/cache/dnf /var/cache/tdnf ", "", NULL},
	{"zypper", " zypper ", " install in ", " -r --repo -t --type --from ",
	 V_OP, "zypper clean|zypper cc|", " /var/cache/zypp ", "", NULL},
	{"pip", " pip pip2 pip3 ", " install ",
	 " -r --requirement -c --constraint -e --editable -i --index-url "
	 "--extra-index-url -f --find-links -t --target --prefix --root "
	 "--trusted-host --platform --python-version --implementation "
	 "--abi --progress-bar --cache-dir --src --only-binary --no-binary "
	 "--retries --timeout --upgrade-strategy --log --proxy --cert "
	 "--client-cert --exists-action --global-option --config-settings "
	 "-C --hash --report ",
	 V_PIP, "pip cache|pip3 cache|", " /root/.cache/pip .cache/pip ",
	 " --no-cache-dir --no-cache ", NULL},
	{"npm", " npm ", " install i add isntall ci ",
	 " --prefix --registry --cache -w --workspace --omit --include "
	 "--loglevel --userconfig --tag --before --install-strategy ",
	 V_AT,
	 "npm cache|", " /root/.npm .npm /usr/local/share/.cache ", "", NULL},
	{"gem", " gem ", " install i ",
	 " -v --version -i --install-dir -n --bindir --source -s -P "
	 "--trust-policy --platform ",
	 V_GEM, "gem cleanup|", " /root/.gem .gem/ruby ", "", NULL},
	{"go", " go ", " install get run ",
	 " -o -C -ldflags -gcflags -tags --tags -mod -modfile -asmflags -p ",
	 V_AT,
	 "go clean|", " /root/.cache/go-build /go/pkg/mod ", "",
	 " tool all std cmd "},
	{"yarn", " yarn ", " add install ",
	 " --cwd --registry --network-timeout --modules-folder --cache-folder "
	 "--global-folder ",
	 V_AT, "yarn cache|", " /usr/local/share/.cache/yarn .cache/yarn ",
	 "", NULL},
	{"pnpm", " pnpm ", " add install i ",
	 " -C --dir --registry --store-dir --filter --config ", V_AT,
	 "pnpm store|", " .pnpm-store .local/share/pnpm .cache/pnpm ", "", NULL},
};

#define NMANAGERS (sizeof(managers) / sizeof(managers[0]))

/* Is `w` one of the space-separated words of `list`? */
static bool listed(const char *list, const char *w)
{
	size_t n = strlen(w);
	if (!n || !list)
		return false;
	for (const char *p = list; (p = strstr(p, w)); p++)
		if (p > list && p[-1] == ' ' && p[n] == ' ')
			return true;
	return false;
}

static const char *base(const char *s)
{
	const char *slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}

/* pip3.12, python3 -m pip: the manager a program is, and how many words
 * its name takes. */
static const struct manager *manager_of(const char *const *argv, size_t argc,
					size_t *skip)
{
	const char *p = base(argv[0]);
	*skip = 1;
	char name[32];
	size_t n = strlen(p);
	if (n >= sizeof(name))
		return NULL;
	memcpy(name, p, n + 1);
	/* pip3.11 -> pip3, python3.12 -> python3 */
	char *dot = strchr(name, '.');
	if (dot && isdigit((unsigned char)dot[1]))
		*dot = '\0';
	if (!strncmp(name, "python", 6) && argc > 2 && !strcmp(argv[1], "-m") &&
	    !strncmp(argv[2], "pip", 3)) {
		*skip = 3;
		return &managers[6];
	}
	for (size_t k = 0; k < NMANAGERS; k++)
		if (listed(managers[k].programs, name))
			return &managers[k];
	return NULL;
}

static void push_index(struct hl_arena *a, size_t **v, size_t *n, size_t *cap,
		       size_t x)
{
	*v = hl_arena_grow(a, *v, *n, cap, sizeof(**v));
	(*v)[(*n)++] = x;
}

/* Split a spec into name and version as the manager writes them. */
static void split_spec(struct hl_arena *a, enum vstyle style, const char *w,
		       struct hl_pkg_spec *p)
{
	size_t n = strlen(w), cut = n, ver = n;
	switch (style) {
	case V_OP:
		if (strstr(w, "://") || w[0] == '.' || w[0] == '/') {
			p->name = hl_arena_strdup(a, w);
			p->version = p->name; /* a file names its content */
			p->op = "file";
			return;
		}
		cut = strcspn(w, "=~<>");
		ver = cut;
		while (ver < n && strchr("=~<>", w[ver]))
			ver++;
		break;
	case V_PIP: {
		/* local files, URLs and VCS pins name their own content */
		/* a requirement never holds '/': a path or a URL */
		if (strchr(w, '/') || w[0] == '.' || strstr(w, ".whl") ||
		    strstr(w, ".tar.gz") || strstr(w, ".zip")) {
			const char *at = strstr(w, "://") ? strrchr(w, '@')
							  : NULL;
			bool vcs = !strncmp(w, "git+", 4);
			p->name = hl_arena_strdup(a, w);
			p->version = vcs && !at ? NULL : hl_arena_strdup(a, w);
			p->op = p->version ? "file" : NULL;
			return;
		}
		cut = strcspn(w, "=<>!~;");
		ver = cut;
		while (ver < n && strchr("=<>!~ ", w[ver]))
			ver++;
		break;
	}
	case V_AT: {
		/* a git URL is pinned by its #ref, a tarball or a path by
		 * its content */
		if (strstr(w, "://") || !strncmp(w, "git@", 4) ||
		    !strncmp(w, "github:", 7)) {
			const char *hash = strrchr(w, '#');
			bool tar = strstr(w, ".tgz") || strstr(w, ".tar");
			p->name = hl_arena_strdup(a, w);
			p->version = hash && hash[1]	 ? hl_arena_strdup(a, hash + 1)
				     : tar && !strstr(w, ".git") ? p->name
								 : NULL;
			p->op = p->version ? "#" : NULL;
			return;
		}
		const char *at = strrchr(w, '@');
		if (at && at != w) {
			cut = (size_t)(at - w);
			ver = cut + 1;
		} else if (w[0] == '.' || w[0] == '/' || w[0] == '~' ||
			   strstr(w, ".tgz") || strstr(w, ".tar")) {
			p->name = hl_arena_strdup(a, w);
			p->version = p->name;
			p->op = "file";
			return;
		}
		break;
	}
	case V_GEM: {
		const char *colon = strchr(w, ':');
		if (colon) {
			cut = (size_t)(colon - w);
			ver = cut + 1;
		}
		break;
	}
	case V_RPM:
		/* the version starts at the first '-' before a digit */
		for (size_t i = 1; i + 1 < n; i++)
			if (w[i] == '-' && isdigit((unsigned char)w[i + 1])) {
				cut = i;
				ver = i + 1;
				break;
			}
		break;
	}
	p->name = hl_arena_strndup(a, w, cut);
	p->version = ver < n ? hl_arena_strdup(a, w + ver) : NULL;
	p->op = p->version ? hl_arena_strndup(a, w + cut, ver - cut) : NULL;
}

bool hl_pkg_parse(struct hl_arena *a, const char *const *argv, size_t argc,
		  struct hl_pkg_install *out)
{
	memset(out, 0, sizeof(*out));
	if (!argc)
		return false;
	size_t skip;
	const struct manager *m = manager_of(argv, argc, &skip);
	if (!m)
		return false;
	/* the subcommand: the first word that is not an option (or an
	 * option's value) */
	size_t i = skip;
	size_t fcap = 0;
	while (i < argc && argv[i][0] == '-') {
		push_index(a, &out->flags, &out->nflags, &fcap, i);
		i += listed(m->valued, argv[i]) && !strchr(argv[i], '=') ? 2
									 : 1;
	}
	/* dnf module install NAME:STREAM */
	bool module = false;
	if (i + 1 < argc && !strcmp(argv[i], "module") &&
	    (m->style == V_RPM) && listed(m->installs, argv[i + 1])) {
		module = true;
		i++;
	}
	/* yarn global add, npm -g is a flag */
	if (i + 1 < argc && !strcmp(argv[i], "global") &&
	    listed(m->installs, argv[i + 1]))
		i++;
	if (i >= argc || !listed(m->installs, argv[i]))
		return false;
	out->manager = m->name;
	out->subcommand = i;
	out->from_lockfile = (!strcmp(m->name, "npm") && !strcmp(argv[i], "ci")) ||
			     ((!strcmp(m->name, "yarn") ||
			       !strcmp(m->name, "pnpm")) &&
			      !strcmp(argv[i], "install"));
	size_t pcap = 0, rcap = 0;
	const char *gem_version = NULL;
	bool go_run = !strcmp(m->name, "go") && !strcmp(argv[i], "run");
	for (i++; i < argc; i++) {
		const char *w = argv[i];
		if (!strcmp(w, "--"))
			break; /* what follows is not the manager's */
		if (w[0] == '-' && w[1]) {
			if (!strcmp(m->name, "gem") &&
			    !strncmp(w, "--version=", 10))
				gem_version = w + 10;
			push_index(a, &out->flags, &out->nflags, &fcap, i);
			bool valued = listed(m->valued, w) && !strchr(w, '=');
			if (valued && i + 1 < argc) {
				if (!strcmp(w, "-r") ||
				    !strcmp(w, "--requirement") ||
				    !strcmp(w, "-c") ||
				    !strcmp(w, "--constraint"))
					if (!strcmp(m->name, "pip"))
						push_index(a, &out->files,
							   &out->nfiles, &rcap,
							   i + 1);
				if (!strcmp(m->name, "gem") &&
				    (!strcmp(w, "-v") ||
				     !strcmp(w, "--version")))
					gem_version = argv[i + 1];
				i++;
			}
			continue;
		}
		/* a meta-package (go install tool), or the local file go
		 * run runs */
		if (listed(m->meta, w) ||
		    (go_run && strlen(w) > 3 && !strcmp(w + strlen(w) - 3, ".go"))) {
			if (go_run)
				break;
			continue;
		}
		out->packages = hl_arena_grow(a, out->packages, out->npackages,
					      &pcap, sizeof(*out->packages));
		struct hl_pkg_spec *p = &out->packages[out->npackages++];
		p->word = i;
		split_spec(a, module ? V_GEM : m->style, w, p);
		if (go_run)
			break; /* go run PKG ARGS: the rest is the program's */
	}
	/* a simulation installs nothing: apt-get install -s, --dry-run */
	for (size_t k = 0; k < out->nflags; k++) {
		const char *f = argv[out->flags[k]];
		if (listed(" --simulate --just-print --dry-run --recon --no-act "
			   "--download-only --downloadonly ",
			   f) ||
		    (!strcmp(f, "-s") && (!strcmp(m->name, "apt") ||
					  !strcmp(m->name, "apk"))))
			return false;
	}
	for (size_t k = 0; gem_version && k < out->npackages; k++)
		if (!out->packages[k].version) {
			out->packages[k].version = gem_version;
			out->packages[k].op = "-v";
		}
	return true;
}

static const struct manager *by_name(const char *name)
{
	for (size_t k = 0; k < NMANAGERS; k++)
		if (!strcmp(managers[k].name, name))
			return &managers[k];
	return NULL;
}

/* Does `path` name (or lie in) one of the space-separated dirs? With
 * `above`, a directory that holds one counts too (a cache mount on
 * /var/lib/apt keeps /var/lib/apt/lists out of the layer). */
static bool in_dirs(const char *dirs, const char *path, bool above)
{
	size_t plen = strlen(path);
	while (plen > 1 && path[plen - 1] == '/')
		plen--;
	for (const char *p = dirs; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n && memmem(path, plen, p, n))
			return true;
		if (n && above && path[0] == '/' && plen < n &&
		    !memcmp(p, path, plen) && p[plen] == '/')
			return true;
		p += n;
	}
	return false;
}

bool hl_pkg_cleans(const char *manager, const char *const *argv, size_t argc)
{
	const struct manager *m = by_name(manager);
	if (!m || !argc)
		return false;
	const char *prog = base(argv[0]);
	if (!strcmp(prog, "rm")) {
		for (size_t i = 1; i < argc; i++)
			if (argv[i][0] != '-' && in_dirs(m->caches, argv[i], false))
				return true;
		return false;
	}
	/* "program subcommand|" pairs; options may come between them (dnf
	 * -y clean all) */
	size_t sub = 1;
	while (sub < argc && argv[sub][0] == '-')
		sub++;
	for (const char *p = m->cleaners; *p && sub < argc;) {
		size_t n = strcspn(p, "|");
		const char *sp = memchr(p, ' ', n);
		if (sp && (size_t)(sp - p) == strlen(prog) &&
		    !memcmp(p, prog, (size_t)(sp - p))) {
			size_t sl = n - (size_t)(sp - p) - 1;
			if (strlen(argv[sub]) == sl &&
			    !memcmp(argv[sub], sp + 1, sl))
				return true;
		}
		p += n + (p[n] == '|');
	}
	return false;
}

bool hl_pkg_removes(const char *manager, const char *const *argv,
		    size_t argc)
{
	/* "program subcommand" pairs that uninstall, by manager */
	static const struct {
		const char *manager, *pairs;
	} removers[] = {
		{"apt", "|apt-get purge|apt-get remove|apt-get autoremove|apt "
			"purge|apt remove|apt autoremove|dpkg --purge|dpkg -P|"
			"dpkg -r|"},
		{"apk", "|apk del|"},
		{"yum", "|yum remove|yum erase|yum autoremove|"},
		{"dnf", "|dnf remove|dnf erase|dnf autoremove|dnf5 remove|"},
		{"microdnf", "|microdnf remove|tdnf remove|tdnf erase|"},
		{"zypper", "|zypper remove|zypper rm|"},
		{"pip", "|pip uninstall|pip3 uninstall|"},
		{"npm", "|npm uninstall|npm rm|npm prune|"},
		{"gem", "|gem uninstall|"},
	};
	if (argc < 2)
		return false;
	char pair[96];
	snprintf(pair, sizeof(pair), "|%s %s|", base(argv[0]), argv[1]);
	for (size_t k = 0; k < sizeof(removers) / sizeof(removers[0]); k++)
		if (!strcmp(removers[k].manager, manager))
			return strstr(removers[k].pairs, pair) != NULL;
	return false;
}

bool hl_pkg_cache_dir(const char *manager, const char *dir)
{
	const struct manager *m = by_name(manager);
	return m && in_dirs(m->caches, dir, true);
}

bool hl_pkg_no_cache_flag(const char *manager, const char *flag)
{
	const struct manager *m = by_name(manager);
	return m && listed(m->nocache, flag);
}
