/*
 * test_packages: the package managers' install commands, from a table:
 * the manager, the packages with their versions, options, requirement
 * files; and what cleans each manager's cache.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "dockerfile/packages.h"

/* Split on spaces (no quoting needed in the table). */
static size_t words(char *s, const char **argv, size_t max)
{
	size_t n = 0;
	for (char *t = strtok(s, " "); t && n < max; t = strtok(NULL, " "))
		argv[n++] = t;
	return n;
}

/* "manager: name op version, ...; flags: ...; files: ..." or "no". */
static const char *describe(const char *cmd)
{
	static char out[512];
	char copy[256];
	const char *argv[32];
	snprintf(copy, sizeof(copy), "%s", cmd);
	size_t n = words(copy, argv, 32);
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_pkg_install pi;
	if (!hl_pkg_parse(&a, argv, n, &pi)) {
		hl_arena_release(&a);
		return "no";
	}
	struct hl_buf b = HL_BUF_INIT;
	hl_buf_printf(&b, "%s %s:", pi.manager, argv[pi.subcommand]);
	for (size_t k = 0; k < pi.npackages; k++) {
		const struct hl_pkg_spec *p = &pi.packages[k];
		hl_buf_printf(&b, " %s", p->name);
		if (p->version)
			hl_buf_printf(&b, "[%s%s]", p->op, p->version);
	}
	if (pi.nflags) {
		hl_buf_adds(&b, "; flags:");
		for (size_t k = 0; k < pi.nflags; k++)
			hl_buf_printf(&b, " %s", argv[pi.flags[k]]);
	}
	if (pi.nfiles) {
		hl_buf_adds(&b, "; files:");
		for (size_t k = 0; k < pi.nfiles; k++)
			hl_buf_printf(&b, " %s", argv[pi.files[k]]);
	}
	if (pi.from_lockfile)
		hl_buf_adds(&b, "; lockfile");
	snprintf(out, sizeof(out), "%s", hl_buf_str(&b));
	hl_buf_release(&b);
	hl_arena_release(&a);
	return out;
}

static void test_installs(void **state)
{
	(void)state;
	static const struct {
		const char *cmd, *want;
	} cases[] = {
		{"apt-get install -y --no-install-recommends curl=7.88.1-10 "
		 "git",
		 "apt install: curl[=7.88.1-10] git; flags: -y "
		 "--no-install-recommends"},
		{"apt-get -q -o Dpkg::Options::=--force-confold install x",
		 "apt install: x; flags: -q -o"},
		{"apt-get update", "no"},
		{"apt install -t bookworm-backports foo:amd64=1.0",
		 "apt install: foo:amd64[=1.0]; flags: -t"},
		{"apk add --no-cache bash=5.2 curl~8 jq>1.6 -t .deps gcc",
		 "apk add: bash[=5.2] curl[~8] jq[>1.6] gcc; flags: --no-cache "
		 "-t"},
		{"yum install -y httpd-2.4.57-5.el9 mod_ssl",
		 "yum install: httpd[-2.4.57-5.el9] mod_ssl; flags: -y"},
		{"dnf -y install python3-devel-3.9.18",
		 "dnf install: python3-devel[-3.9.18]; flags: -y"},
		{"microdnf install shadow-utils",
		 "microdnf install: shadow-utils"},
		{"zypper --non-interactive in vim=9.0 git>=2",
		 "zypper in: vim[=9.0] git[>=2]; flags: --non-interactive"},
		{"pip install --no-cache-dir requests==2.31.0 flask>=3 -r "
		 "r.txt",
		 "pip install: requests[==2.31.0] flask[>=3]; flags: "
		 "--no-cache-dir -r; files: r.txt"},
		{"python3 -m pip install -U pip",
		 "pip install: pip; flags: -U"},
		{"pip3.11 install ./dist/app.whl git+https://x/y.git@v1 "
		 "git+https://x/z.git",
		 "pip install: ./dist/app.whl[file./dist/app.whl] "
		 "git+https://x/y.git@v1[filegit+https://x/y.git@v1] "
		 "git+https://x/z.git"},
		{"pip freeze", "no"},
		{"npm ci", "npm ci:; lockfile"},
		{"npm install -g @angular/cli@17.0.0 typescript lodash@latest",
		 "npm install: @angular/cli[@17.0.0] typescript "
		 "lodash[@latest]; "
		 "flags: -g"},
		{"gem install rails -v 7.1.2", "gem install: rails[-v7.1.2]; "
					       "flags: -v"},
		{"gem install bundler:2.4.22", "gem install: bundler[:2.4.22]"},
		{"go install golang.org/x/tools/gopls@v0.14.2",
		 "go install: golang.org/x/tools/gopls[@v0.14.2]"},
		{"go build ./...", "no"},
		{"/usr/bin/apt-get install x", "apt install: x"},
		{"curl -fsSL x", "no"},
		/* a simulation installs nothing */
		{"apt-get install -s foo", "no"},
		{"pip install --dry-run foo", "no"},
		/* files and URLs name their content */
		{"apt-get install -y ./x.deb", "apt install: ./x.deb[file./x.deb]; flags: -y"},
		{"pip install foo/bar", "pip install: foo/bar[filefoo/bar]"},
		/* git URLs pin with #ref; the user@ of a URL is no version */
		{"npm install git+https://u@github.com/n/n.git "
		 "git+https://github.com/n/n.git#v1.0.0",
		 "npm install: git+https://u@github.com/n/n.git "
		 "git+https://github.com/n/n.git#v1.0.0[#v1.0.0]"},
		{"npm install --loglevel verbose sax@0.1.1",
		 "npm install: sax[@0.1.1]; flags: --loglevel"},
		{"gem install bundler --version=2.0.1 -- --with-x y",
		 "gem install: bundler[-v2.0.1]; flags: --version=2.0.1"},
		{"dnf module install -y nodejs:20",
		 "dnf install: nodejs[:20]; flags: -y"},
		{"go install tool", "go install:"},
		{"go run example.com/cmd@v1.2.0 --flag arg",
		 "go run: example.com/cmd[@v1.2.0]"},
		{"yarn global add pm2@5.3.1", "yarn add: pm2[@5.3.1]"},
		{"yarn install --frozen-lockfile",
		 "yarn install:; flags: --frozen-lockfile; lockfile"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = describe(cases[i].cmd);
		if (strcmp(got, cases[i].want))
			fail_msg("'%s':\n got  %s\n want %s", cases[i].cmd, got,
				 cases[i].want);
	}
}

static void test_cleaning(void **state)
{
	(void)state;
	static const struct {
		const char *manager, *cmd;
		bool cleans;
	} cases[] = {
		{"apt", "rm -rf /var/lib/apt/lists/*", true},
		{"apt", "apt-get clean", false}, /* the lists stay */
		{"apt", "apt-get dist-clean", true}, /* apt 2.7: they go */
		{"apt", "rm -rf /tmp/*", false},
		{"apk", "rm -rf /var/cache/apk/*", true},
		{"yum", "yum clean all", true},
		{"dnf", "dnf clean all", true},
		{"dnf", "yum clean all", false},
		{"zypper", "zypper clean -a", true},
		{"pip", "pip cache purge", true},
		{"pip", "rm -rf /root/.cache/pip", true},
		{"npm", "npm cache clean --force", true},
		{"go", "go clean -modcache", true},
		{"yarn", "yarn cache clean", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char copy[256];
		const char *argv[16];
		snprintf(copy, sizeof(copy), "%s", cases[i].cmd);
		size_t n = words(copy, argv, 16);
		if (hl_pkg_cleans(cases[i].manager, argv, n) != cases[i].cleans)
			fail_msg("%s / %s", cases[i].manager, cases[i].cmd);
	}
	/* apt's lists are its cache in an image (Debian's docker-clean
	 * empties /var/cache/apt); a mount above them covers them */
	assert_false(hl_pkg_cache_dir("apt", "/var/cache/apt"));
	assert_true(hl_pkg_cache_dir("apt", "/var/lib/apt/lists"));
	assert_true(hl_pkg_cache_dir("apt", "/var/lib/apt"));
	assert_true(hl_pkg_cache_dir("apt", "/var/lib/apt/"));
	assert_false(hl_pkg_cache_dir("apt", "/var/lib/ap"));
	assert_true(hl_pkg_cache_dir("dnf", "/var/cache/yum"));
	assert_true(hl_pkg_cache_dir("pip", "/root/.cache/pip"));
	assert_false(hl_pkg_cache_dir("apk", "/var/cache/apt"));
	/* what uninstalls, by manager */
	static const char *const apkdel[] = {"apk", "del", ".build-deps"};
	static const char *const purge[] = {"/usr/bin/apt-get", "purge", "-y"};
	static const char *const apkadd[] = {"apk", "add", "x"};
	assert_true(hl_pkg_removes("apk", apkdel, 3));
	assert_true(hl_pkg_removes("apt", purge, 3));
	assert_false(hl_pkg_removes("apk", apkadd, 3));
	assert_false(hl_pkg_removes("apt", apkdel, 3));
	assert_true(hl_pkg_no_cache_flag("apk", "--no-cache"));
	assert_true(hl_pkg_no_cache_flag("pip", "--no-cache-dir"));
	assert_false(hl_pkg_no_cache_flag("apt", "--no-cache"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_installs),
		cmocka_unit_test(test_cleaning),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
