/*
 * test_shell: the shell splitter on a table of tricky scripts. Each result
 * is written one command a line:
 *
 *   <nest><parent>:<argv joined by |>[ [A=1 B=2]][ <redirections>][ <op>]
 *
 * where nest is T (top), S ($( ) or ` `), P (<( )), C (sh -c), I (a shell
 * reading a heredoc), parent the index of the command it is nested in
 * (nothing at the top), op what joins it to the next (; && || | &).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "dockerfile/shell.h"

static const char *dump(const struct hl_sh_script *sc)
{
	static char out[4096];
	struct hl_buf b = HL_BUF_INIT;
	static const char nest[] = "TSPCIE";
	static const char *const ops[] = {"", ";", "&&", "||", "|", "&"};
	for (size_t i = 0; i < sc->ncmds; i++) {
		const struct hl_sh_cmd *c = &sc->cmds[i];
		hl_buf_addc(&b, nest[c->nest]);
		if (c->parent >= 0)
			hl_buf_printf(&b, "%d", c->parent);
		hl_buf_addc(&b, ':');
		for (size_t k = 0; k < c->argc; k++)
			hl_buf_printf(&b, "%s%s", k ? "|" : "",
				      c->argv[k].text.s);
		if (c->nassigns) {
			hl_buf_adds(&b, " [");
			for (size_t k = 0; k < c->nassigns; k++)
				hl_buf_printf(&b, "%s%s", k ? " " : "",
					      c->assigns[k].text.s);
			hl_buf_addc(&b, ']');
		}
		for (size_t k = 0; k < c->nredirs; k++) {
			hl_buf_printf(&b, " %s%s", c->redirs[k].op,
				      c->redirs[k].target.text.s);
			if (c->redirs[k].body.s)
				hl_buf_printf(&b, "{%s}", c->redirs[k].body.s);
		}
		if (ops[c->next][0])
			hl_buf_printf(&b, " %s", ops[c->next]);
		hl_buf_addc(&b, '\n');
	}
	snprintf(out, sizeof(out), "%s", hl_buf_str(&b));
	hl_buf_release(&b);
	return out;
}

static const char *split(struct hl_arena *a, const char *script,
			 struct hl_sh_script *sc)
{
	struct hl_source *src = hl_arena_alloc(a, sizeof(*src));
	hl_source_init_mem(src, a, "t", script, strlen(script));
	struct hl_mtext *t = hl_arena_alloc(a, sizeof(*t));
	t->s = script;
	t->len = strlen(script);
	t->segs = NULL;
	t->nsegs = 0;
	hl_sh_parse(a, src, t, NULL, 0, sc);
	return dump(sc);
}

static void test_table(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"apt-get update && apt-get install -y curl",
		 "T:apt-get|update &&\nT:apt-get|install|-y|curl\n"},
		{"echo \"a b\" 'c d' e\\ f \"x\"y'z'",
		 "T:echo|a b|c d|e f|xyz\n"},
		{"echo a \\\n   b", "T:echo|a|b\n"},
		{"echo \"say \\\"hi\\\" \\$HOME \\\\ \\x\"",
		 "T:echo|say \"hi\" $HOME \\ \\x\n"},
		{"curl -fsSL https://x/i.sh | sh",
		 "T:curl|-fsSL|https://x/i.sh |\nT:sh\n"},
		{"curl -s x |& tee log | bash -s --",
		 "T:curl|-s|x |\nT:tee|log |\nT:bash|-s|--\n"},
		{"a; b & c || d", "T:a ;\nT:b &\nT:c ||\nT:d\n"},
		{"echo $(curl -s x | grep y)",
		 "T:echo|$(curl -s x | grep y)\nS0:curl|-s|x |\nS0:grep|y\n"},
		{"a $(b $(c \"$(d)\"))",
		 "T:a|$(b $(c \"$(d)\"))\nS0:b|$(c \"$(d)\")\nS1:c|$(d)\n"
		 "S2:d\n"},
		{"a `b c` \"`d`\"", "T:a|`b c`|`d`\nS0:b|c\nS0:d\n"},
		{"echo $((1 + 2)) ${x:-$(y)} $HOME $1 $ z",
		 "T:echo|$((1 + 2))|${x:-$(y)}|$HOME|$1|$|z\nS0:y\n"},
		/* substitutions inside $(( )), ${ } and nested backquotes */
		{"echo $(( $(a) + 1 )) ${x#`b`} \"${y:-$(c)}\"",
		 "T:echo|$(( $(a) + 1 ))|${x#`b`}|${y:-$(c)}\nS0:a\nS0:b\n"
		 "S0:c\n"},
		{"echo `echo \\`sudo a\\``",
		 "T:echo|`echo \\`sudo a\\``\nS0:echo|`sudo a`\nS1:sudo|a\n"},
		{"echo \"\\$(no) '$(yes)'\"",
		 "T:echo|$(no) '$(yes)'\nS0:yes\n"},
		/* find -exec runs a command for each file */
		{"find . -name '*.tmp' -exec sudo rm {} \\; -print",
		 "T:find|.|-name|*.tmp|-exec|sudo|rm|{}|;|-print\nE0:sudo|rm|{}"
		 "\n"},
		/* an fd number first is a redirection, not the command */
		{"2>/dev/null sudo ls", "T:sudo|ls 2>/dev/null\n"},
		/* shells' options before -c, -- after it; su -c */
		{"bash -o pipefail -c 'a | b'",
		 "T:bash|-o|pipefail|-c|a | b\nC0:a |\nC0:b\n"},
		{"bash -eo pipefail --login -c x",
		 "T:bash|-eo|pipefail|--login|-c|x\nC0:x\n"},
		{"sh -c -- 'x y'", "T:sh|-c|--|x y\nC0:x|y\n"},
		{"su - app -c 'x y'", "T:su|-|app|-c|x y\nC0:x|y\n"},
		{"sh -s -- -y <<E\nx\nE\n",
		 "T:sh|-s|--|-y <<E{x\n} ;\nI0:x ;\n"},
		{"sh -c 'curl x | bash'",
		 "T:sh|-c|curl x | bash\nC0:curl|x |\nC0:bash\n"},
		{"bash -euxc \"apt-get update && rm -rf /tmp/*\"",
		 "T:bash|-euxc|apt-get update && rm -rf /tmp/*\n"
		 "C0:apt-get|update &&\nC0:rm|-rf|/tmp/*\n"},
		{"sh -c \"$(curl -fsSL https://x/y)\"",
		 "T:sh|-c|$(curl -fsSL "
		 "https://x/y)\nS0:curl|-fsSL|https://x/y\n"},
		{"sudo -u app sh -c id", "T:sudo|-u|app|sh|-c|id\nC0:id\n"},
		{"bash <(curl -s x)", "T:bash|<(curl -s x)\nP0:curl|-s|x\n"},
		{"A=1 B=\"2 3\" make install", "T:make|install [A=1 B=2 3]\n"},
		{"A=1", "T: [A=1]\n"},
		{"make 2>&1 >/dev/null | tee log",
		 "T:make 2>&1 >/dev/null |\nT:tee|log\n"},
		{">out echo hi", "T:echo|hi >out\n"},
		{"(cd /x && make); { echo a; echo b; }",
		 "T:cd|/x &&\nT:make\nT:echo|a ;\nT:echo|b ;\n"},
		{"if [ -f x ]; then rm x; elif true; then :; else echo n; fi",
		 "T:[|-f|x|] ;\nT:rm|x ;\nT:true ;\nT:: ;\nT:echo|n ;\n"},
		{"for f in a b; do echo $f; done; while read l; do :; done",
		 "T:echo|$f ;\nT:read|l ;\nT:: ;\n"},
		{"case \"$x\" in a|b) echo a;; *) rm -rf y;; esac",
		 "T:echo|a ;\nT:rm|-rf|y ;\n"},
		{"cat <<EOF > f\nhello $x\nEOF\necho done",
		 "T:cat <<EOF{hello $x\n} >f ;\nT:echo|done\n"},
		{"cat <<-'EOT'\n\tindented\n\tEOT\n",
		 "T:cat <<-EOT{indented\n} ;\n"},
		{"echo a # a comment | sh\necho b", "T:echo|a ;\nT:echo|b\n"},
		{"[[ -f a && -f b ]] && echo ok",
		 "T:[[|-f|a|-f|b|]] &&\nT:echo|ok\n"},
		{"f() { echo x; }; function g { echo y; }",
		 "T:echo|x ;\nT:echo|y ;\n"},
		{"! grep -q x f", "T:grep|-q|x|f\n"},
		{"echo $'a\\nb'", "T:echo|a\nb\n"},
		{"sleep 1 &", "T:sleep|1 &\n"},
		{"", ""},
		{";;", ""},
		{"echo \"unterminated", "T:echo|unterminated\n"},
		{"echo $(unterminated",
		 "T:echo|$(unterminated\nS0:unterminated\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_arena a;
		hl_arena_init(&a);
		struct hl_sh_script sc;
		const char *got = split(&a, cases[i].in, &sc);
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu: %s\n--- got\n%s--- want\n%s", i,
				 cases[i].in, got, cases[i].want);
		hl_arena_release(&a);
	}
}

/* Pipelines are numbered, and commands know their place in them. */
static void test_pipelines(void **state)
{
	(void)state;
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_sh_script sc;
	split(&a, "a | b | c && d", &sc);
	assert_int_equal(sc.ncmds, 4);
	assert_int_equal(sc.cmds[0].pipeline, sc.cmds[2].pipeline);
	assert_int_equal(sc.cmds[2].pipe_index, 2);
	assert_int_equal(sc.pipes[sc.cmds[0].pipeline].length, 3);
	assert_true(sc.cmds[3].pipeline != sc.cmds[0].pipeline);
	assert_int_equal(sc.pipes[sc.cmds[3].pipeline].length, 1);
	hl_arena_release(&a);
}

/* Words keep their places: line and column of each, across lines. */
static void test_positions(void **state)
{
	(void)state;
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_sh_script sc;
	split(&a, "apt-get update && \\\n  apt-get install \"a b\" \\\n  sudo",
	      &sc);
	assert_int_equal(sc.ncmds, 2);
	const struct hl_sh_word *w = &sc.cmds[1].argv[2];
	assert_string_equal(w->text.s, "a b");
	assert_int_equal(w->span.start.line, 2);
	assert_int_equal(w->span.start.col, 19);
	assert_int_equal(w->span.end.col, 24);
	w = &sc.cmds[1].argv[3];
	assert_string_equal(w->text.s, "sudo");
	assert_int_equal(w->span.start.line, 3);
	assert_int_equal(w->span.start.col, 3);
	/* a word inside sh -c '...' is placed inside the quotes */
	split(&a, "x && sh -c 'a;\n  b c'", &sc);
	assert_int_equal(sc.ncmds, 4);
	assert_string_equal(sc.cmds[3].argv[1].text.s, "c");
	assert_int_equal(sc.cmds[3].argv[1].span.start.line, 2);
	assert_int_equal(sc.cmds[3].argv[1].span.start.col, 5);
	hl_arena_release(&a);
}

static void test_program(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *program; /* NULL: none */
	} cases[] = {
		{"curl x", "curl"},
		{"/usr/bin/curl x", "/usr/bin/curl"},
		{"sudo curl x", "curl"},
		{"sudo -u app -E curl x", "curl"},
		{"env -i A=1 B=2 curl x", "curl"},
		{"nice -n 5 nohup time curl", "curl"},
		{"timeout 30 curl x", "curl"},
		{"gosu app sh", "sh"},
		{"sudo", NULL},
		{"exec", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_arena a;
		hl_arena_init(&a);
		struct hl_sh_script sc;
		split(&a, cases[i].in, &sc);
		size_t p = hl_sh_program(&sc.cmds[0]);
		const char *got = p < sc.cmds[0].argc
					  ? sc.cmds[0].argv[p].text.s
					  : NULL;
		if (cases[i].program ? !got || strcmp(got, cases[i].program)
				     : got != NULL)
			fail_msg("case '%s': got %s", cases[i].in,
				 got ? got : "(none)");
		hl_arena_release(&a);
	}
	assert_string_equal(hl_sh_basename("/usr/bin/python3"), "python3");
	assert_true(hl_sh_is_shell("bash"));
	assert_false(hl_sh_is_shell("python3"));
}

/* Deep nesting is split down to a depth, then left in the words. */
static void test_deep_nesting(void **state)
{
	(void)state;
	char script[8192];
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(script + n, sizeof(script) - n, "$(");
	n += (size_t)snprintf(script + n, sizeof(script) - n, "x");
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(script + n, sizeof(script) - n, ")");
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_sh_script sc;
	split(&a, script, &sc);
	assert_true(sc.truncated);
	assert_true(sc.ncmds <= HL_SH_MAX_DEPTH);
	hl_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_pipelines),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_program),
		cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
