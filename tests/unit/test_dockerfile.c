/*
 * Unit tests for the Dockerfile front end: the tokenizer (directives,
 * continuations, comments, exec form, flags), the parser (stages, images,
 * variables, users, problems); the AST made by hl_dockerfile_tree is in
 * test_dockerfile_tree.c. The expected values follow dockerfile.h and
 * BuildKit's Dockerfile semantics.
 */
#include "dfcheck.h"

/* ------------------------------------------------------------------ */
/* Instructions                                                       */

static void test_keywords(void **state)
{
	static const struct {
		const char *in;
		size_t idx;
		enum hl_df_cmd cmd;
		const char *keyword; /* as written */
	} cases[] = {
		{"from alpine", 0, HL_DF_FROM, "from"},
		{"FrOm alpine", 0, HL_DF_FROM, "FrOm"},
		{"FROM a\nrun x", 1, HL_DF_RUN, "run"},
		{"FROM a\nRun x", 1, HL_DF_RUN, "Run"},
		{"FROM a\ncopy a b", 1, HL_DF_COPY, "copy"},
		{"FROM a\nadd a b", 1, HL_DF_ADD, "add"},
		{"FROM a\nentrypoint [\"x\"]", 1, HL_DF_ENTRYPOINT,
		 "entrypoint"},
		{"FROM a\ncmd x", 1, HL_DF_CMD, "cmd"},
		{"FROM a\nenv A=1", 1, HL_DF_ENV, "env"},
		{"arg A=1\nFROM a", 0, HL_DF_ARG, "arg"},
		{"FROM a\nexpose 80", 1, HL_DF_EXPOSE, "expose"},
		{"FROM a\nHealthCheck NONE", 1, HL_DF_HEALTHCHECK,
		 "HealthCheck"},
		{"FROM a\nlabel a=b", 1, HL_DF_LABEL, "label"},
		{"FROM a\nmaintainer me", 1, HL_DF_MAINTAINER, "maintainer"},
		{"FROM a\nonbuild RUN x", 1, HL_DF_ONBUILD, "onbuild"},
		{"FROM a\nshell [\"sh\"]", 1, HL_DF_SHELL, "shell"},
		{"FROM a\nstopsignal TERM", 1, HL_DF_STOPSIGNAL, "stopsignal"},
		{"FROM a\nuser app", 1, HL_DF_USER, "user"},
		{"FROM a\nvolume /v", 1, HL_DF_VOLUME, "volume"},
		{"FROM a\nworkdir /w", 1, HL_DF_WORKDIR, "workdir"},
		{"FROM a\n  \tRUN x", 1, HL_DF_RUN, "RUN"},
		{"FROM a\nRUNX x", 1, HL_DF_UNKNOWN, "RUNX"},
		{"FROM a\nfoobar x", 1, HL_DF_UNKNOWN, "foobar"},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		if (!check_int(in, "ninstrs > idx", df->ninstrs > cases[i].idx,
			       1)) {
			bad++;
			continue;
		}
		const struct hl_df_instr *ins = df->instrs[cases[i].idx];
		bad += !check_str(in, "cmd", hl_df_cmd_name(ins->cmd),
				  hl_df_cmd_name(cases[i].cmd));
		bad += !check_str(in, "keyword", ins->keyword.s,
				  cases[i].keyword);
	}
	assert_int_equal(bad, 0);
	assert_string_equal(hl_df_cmd_name(HL_DF_HEALTHCHECK), "HEALTHCHECK");
	assert_string_equal(hl_df_cmd_name(HL_DF__COUNT), "UNKNOWN");
}

/* Positions: 1-based line:column, columns in code points (a tab is 1); a
 * word on a continuation line keeps its own line and column. */
static void test_positions(void **state)
{
	enum { KEYWORD = -1, ARGS = -2, SPAN = -3 };
	static const struct {
		const char *in;
		size_t idx;
		int arg;	  /* argv index, or KEYWORD / ARGS / SPAN */
		const char *text; /* NULL for SPAN */
		unsigned sl, sc, el, ec;
	} cases[] = {
		{"FROM alpine", 0, KEYWORD, "FROM", 1, 1, 1, 5},
		{"FROM alpine", 0, 0, "alpine", 1, 6, 1, 12},
		{"FROM\talpine", 0, 0, "alpine", 1, 6, 1, 12},
		{"  FROM alpine", 0, KEYWORD, "FROM", 1, 3, 1, 7},
		{"\n\n# c\nFROM alpine", 0, 0, "alpine", 4, 6, 4, 12},
		{"FROM x\nLABEL a=\xc3\xa9 b=c", 1, 1, "b=c", 2, 11, 2, 14},
		{"FROM x\nRUN \xe2\x82\xac\xf0\x9f\x90\xb3 b", 1, 1, "b", 2, 8,
		 2, 9},
		{"FROM x\nRUN\t\ta\tb", 1, 1, "b", 2, 8, 2, 9},
		{"FROM x\nRUN apt-get \\\n    install curl", 1, 1, "install", 3,
		 5, 3, 12},
		{"FROM x\nRUN apt-get \\\n    install curl", 1, 2, "curl", 3,
		 13, 3, 17},
		{"FROM x\nRUN apt-get \\\n    install curl", 1, KEYWORD, "RUN",
		 2, 1, 2, 4},
		/* spaces after the backslash still continue the line */
		{"FROM x\nRUN a \\   \n  b", 1, 1, "b", 3, 3, 3, 4},
		{"FROM x\nRUN a \\ \t \n  b", 1, 1, "b", 3, 3, 3, 4},
		/* comment and blank lines inside a continuation are dropped */
		{"FROM x\nRUN a \\\n# c\n\n   b", 1, 1, "b", 5, 4, 5, 5},
		{"FROM x\nRUN a \\\n  # c \\\n  \n b \\\n\n c", 1, 2, "c", 7, 2,
		 7, 3},
		/* a word split by a continuation: start on one line, end on
		 * the next */
		{"FROM x\nRUN ab\\\ncd", 1, 0, "abcd", 2, 5, 3, 3},
		/* CRLF */
		{"FROM x\r\nRUN a \\\r\n  b\r\n", 1, 1, "b", 3, 3, 3, 4},
		{"FROM x\r\nUSER app\r\n", 1, 0, "app", 2, 6, 2, 9},
		/* a BOM is not a column */
		{"\xEF\xBB\xBF"
		 "FROM alpine",
		 0, KEYWORD, "FROM", 1, 1, 1, 5},
		{"\xEF\xBB\xBF"
		 "FROM alpine",
		 0, 0, "alpine", 1, 6, 1, 12},
		/* exec form: each string with its quotes */
		{"FROM x\nCMD [\"a\", \"b c\"]", 1, 0, "a", 2, 6, 2, 9},
		{"FROM x\nCMD [\"a\", \"b c\"]", 1, 1, "b c", 2, 11, 2, 16},
		{"FROM x\nCMD [\"a\", \\\n  \"b\"]", 1, 1, "b", 3, 3, 3, 6},
		/* the whole instruction, keyword to the end of its args */
		{"FROM x\nRUN apt-get \\\n    install curl  ", 1, SPAN, NULL, 2,
		 1, 3, 17},
		{"FROM x\nRUN --mount=type=cache,target=/x \\\n  make", 1, SPAN,
		 NULL, 2, 1, 3, 7},
		/* args: after the flags */
		{"FROM x\nRUN --network=none  echo hi", 1, ARGS, "echo hi", 2,
		 21, 2, 28},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		if (!check_int(in, "ninstrs > idx", df->ninstrs > cases[i].idx,
			       1)) {
			bad++;
			continue;
		}
		const struct hl_df_instr *ins = df->instrs[cases[i].idx];
		const struct hl_df_text *t;
		if (cases[i].arg == SPAN) {
			bad += !check_pos(in, "instruction", ins->span.start,
					  cases[i].sl, cases[i].sc);
			bad += !check_pos(in, "its end", ins->span.end,
					  cases[i].el, cases[i].ec);
			continue;
		}
		if (cases[i].arg == KEYWORD) {
			t = &ins->keyword;
		} else if (cases[i].arg == ARGS) {
			t = &ins->args;
		} else {
			if (!check_int(in, "argc > arg",
				       ins->argc > (size_t)cases[i].arg, 1)) {
				bad++;
				continue;
			}
			t = &ins->argv[cases[i].arg];
		}
		bad += !check_str(in, "text", t->s, cases[i].text);
		bad += !check_int(in, "len", (long long)t->len,
				  (long long)strlen(cases[i].text));
		bad += !check_pos(in, cases[i].text, t->span.start, cases[i].sl,
				  cases[i].sc);
		bad += !check_pos(in, "its end", t->span.end, cases[i].el,
				  cases[i].ec);
		bad += !check_int(in, "problems", (long long)df->nproblems, 0);
	}
	assert_int_equal(bad, 0);
}

/* Comments, blank lines, continuations and line endings: how many
 * instructions come out, and the logical text of the last one's args. */
static void test_logical_lines(void **state)
{
	static const struct {
		const char *in;
		size_t ninstrs;
		const char *args; /* of the last instruction */
	} cases[] = {
		{"# c\n\nFROM a\n  # indented comment\n\n\t\nRUN x\n", 2, "x"},
		{"FROM a\n#RUN x\n", 1, "a"},
		{"FROM a\nRUN echo hi # not a comment\n", 2,
		 "echo hi # not a comment"},
		{"FROM a\nRUN a \\\n  b\n", 2, "a   b"},
		{"FROM a\nRUN a\\\nb", 2, "ab"},
		{"FROM a\nRUN a \\  \t\n  b", 2, "a   b"},
		{"FROM a\nRUN a \\\n  # dropped\n  b\n", 2, "a   b"},
		{"FROM a\nRUN a \\\n\n  b\n", 2, "a   b"},
		{"FROM a\nRUN a \\\n \t \n# x\n\n  b \\\n  c", 2, "a   b   c"},
		/* the continuation swallows the next instruction line */
		{"FROM a\nRUN a \\\n# c\nRUN b", 2, "a RUN b"},
		/* an escape character at the end of the file */
		{"FROM a\nRUN a \\", 2, "a"},
		{"FROM a\nRUN a \\\n", 2, "a"},
		/* a comment line does not continue */
		{"FROM a\n# comment \\\nRUN b", 2, "b"},
		/* CRLF: no \r left in the text */
		{"FROM a\r\nRUN x \\\r\n  y\r\n", 2, "x   y"},
		{"FROM a\r\n\r\n# c\r\nRUN z\r\n", 2, "z"},
		/* trailing spaces are not part of the args */
		{"FROM a\nRUN z   \t", 2, "z"},
		/* a BOM before the first instruction */
		{"\xEF\xBB\xBF"
		 "FROM a\nRUN b",
		 2, "b"},
		{"\xEF\xBB\xBF"
		 "# c\nFROM a",
		 1, "a"},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		bad += !check_int(in, "ninstrs", (long long)df->ninstrs,
				  (long long)cases[i].ninstrs);
		bad += !check_int(in, "problems", (long long)df->nproblems, 0);
		if (df->ninstrs)
			bad += !check_str(in, "args",
					  df->instrs[df->ninstrs - 1]->args.s,
					  cases[i].args);
	}
	assert_int_equal(bad, 0);
}

/* Parser directives: only at the very top, before any comment, blank
 * line or instruction; names case-insensitive; an unknown directive ends
 * them (BuildKit: it is a comment, and so is everything after it). */
static void test_directives(void **state)
{
	static const struct {
		const char *in;
		char escape;
		size_t ninstrs;
		const char *problem; /* NULL: none */
		unsigned pl, pc;
		const char *syntax;
	} cases[] = {
		{"FROM a\nRUN a \\\n  b", '\\', 2, NULL, 0, 0, NULL},
		{"# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo x", '`', 2,
		 NULL, 0, 0, NULL},
		/* with ` as escape, a backslash at the end is just text */
		{"# escape=`\nFROM a\nRUN dir c:\\\nRUN x", '`', 3, NULL, 0, 0,
		 NULL},
		{"# escape=\\\nFROM a\nRUN a \\\n b", '\\', 2, NULL, 0, 0,
		 NULL},
		{"#escape=`\nFROM a", '`', 1, NULL, 0, 0, NULL},
		{"# ESCAPE = `  \nFROM a", '`', 1, NULL, 0, 0, NULL},
		{"\xEF\xBB\xBF# escape=`\nFROM a", '`', 1, NULL, 0, 0, NULL},
		{"# escape=`\r\nFROM a\r\nRUN a `\r\n b\r\n", '`', 2, NULL, 0,
		 0, NULL},
		{"# syntax=docker/dockerfile:1\n# escape=`\nFROM a", '`', 1,
		 NULL, 0, 0, "docker/dockerfile:1"},
		{"# escape=`\n# syntax=docker/dockerfile:1.7\nFROM a", '`', 1,
		 NULL, 0, 0, "docker/dockerfile:1.7"},
		/* invalid escape: a problem at the value, and \ is used */
		{"# escape=x\nFROM a\nRUN a \\\n b", '\\', 2,
		 "invalid escape character 'x': must be \\ or `; using \\", 1,
		 10, NULL},
		{"# escape=`\n# escape=\\\nFROM a", '`', 1,
		 "escape directive given twice", 2, 10, NULL},
		/* not at the top: just comments */
		{"FROM a\n# escape=`\nRUN a `\nRUN b", '\\', 3, NULL, 0, 0,
		 NULL},
		{"\n# escape=`\nFROM a\nRUN a `\nRUN b", '\\', 3, NULL, 0, 0,
		 NULL},
		{"# hello\n# escape=`\nFROM a\nRUN a `\nRUN b", '\\', 3, NULL,
		 0, 0, NULL},
		{"FROM a\n# escape=x\nRUN b", '\\', 2, NULL, 0, 0, NULL},
		{"# hello\n# syntax=x\nFROM a", '\\', 1, NULL, 0, 0, NULL},
		/* after an unknown directive none is read */
		{"# foo=bar\n# escape=`\nFROM a\nRUN a `\nRUN b", '\\', 3, NULL,
		 0, 0, NULL},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		char got[2] = {df->escape, 0}, want[2] = {cases[i].escape, 0};
		bad += !check_str(in, "escape", got, want);
		bad += !check_int(in, "ninstrs", (long long)df->ninstrs,
				  (long long)cases[i].ninstrs);
		bad += !check_str(in, "syntax", df->syntax, cases[i].syntax);
		bad += !check_int(in, "problems", (long long)df->nproblems,
				  cases[i].problem ? 1 : 0);
		if (cases[i].problem && df->nproblems) {
			bad += !check_str(in, "problem",
					  df->problems[0].message,
					  cases[i].problem);
			bad += !check_pos(in, "problem",
					  df->problems[0].span.start,
					  cases[i].pl, cases[i].pc);
		}
	}
	assert_int_equal(bad, 0);
}

/* Exec form: a JSON array of strings, unescaped as JSON; anything else
 * falls back to shell form (argv then holds the words as written). */
static void test_exec_form(void **state)
{
	static const struct {
		const char *in; /* the second instruction is checked */
		bool exec;
		size_t argc;
		const char *argv[3];
	} cases[] = {
		{"FROM a\nCMD [\"a\", \"b c\"]", true, 2, {"a", "b c"}},
		{"FROM a\nCMD [\"a\",\"b\"]  ", true, 2, {"a", "b"}},
		{"FROM a\nENTRYPOINT [ \"/bin/sh\" , \"-c\" ]",
		 true,
		 2,
		 {"/bin/sh", "-c"}},
		{"FROM a\nCMD [\"say \\\"hi\\\"\"]", true, 1, {"say \"hi\""}},
		{"FROM a\nCMD [\"caf\\u00e9\", \"\\u20ac\"]",
		 true,
		 2,
		 {"caf\xc3\xa9", "\xe2\x82\xac"}},
		{"FROM a\nCMD [\"a\\\\b\", \"x\\/y\", \"t\\tq\\n\"]",
		 true,
		 3,
		 {"a\\b", "x/y", "t\tq\n"}},
		/* a surrogate pair is one code point: U+1F600 in 4 bytes */
		{"FROM a\nCMD [\"\\ud83d\\ude00\"]",
		 true,
		 1,
		 {"\xf0\x9f\x98\x80"}},
		{"FROM a\nCMD []", true, 0, {NULL}},
		{"FROM a\nRUN [\"apt-get\", \\\n  \"update\"]",
		 true,
		 2,
		 {"apt-get", "update"}},
		{"FROM a\nCOPY [\"a b\", \"/c\"]", true, 2, {"a b", "/c"}},
		{"FROM a\nSHELL [\"/bin/bash\", \"-c\"]",
		 true,
		 2,
		 {"/bin/bash", "-c"}},
		{"FROM a\nRUN --network=none [\"x\"]", true, 1, {"x"}},
		/* not JSON: shell form */
		{"FROM a\nCMD [\"a\", 'b']", false, 2, {"[\"a\",", "'b']"}},
		{"FROM a\nCMD [\"a\" \"b\"]", false, 2, {"[\"a\"", "\"b\"]"}},
		{"FROM a\nCMD [\"a\",]", false, 1, {"[\"a\",]"}},
		{"FROM a\nCMD [1]", false, 1, {"[1]"}},
		/* text after the array: shell form, as current BuildKit runs it */
		{"FROM a\nCMD [\"a\"] extra", false, 2, {"[\"a\"]", "extra"}},
		{"FROM a\nCMD [\"\\x\"]", false, 1, {"[\"\\x\"]"}},
		{"FROM a\nCMD [\"a\"", false, 1, {"[\"a\""}},
		{"FROM a\nCMD echo [\"a\"]", false, 2, {"echo", "[\"a\"]"}},
		{"FROM a\nCMD echo \"a b\" c\\ d",
		 false,
		 3,
		 {"echo", "\"a b\"", "c\\ d"}},
		/* instructions without an exec form */
		{"FROM a\nLABEL [\"a\"]", false, 1, {"[\"a\"]"}},
		{"FROM a\nUSER [\"a\"]", false, 1, {"[\"a\"]"}},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		if (!check_int(in, "ninstrs", (long long)df->ninstrs, 2)) {
			bad++;
			continue;
		}
		const struct hl_df_instr *ins = df->instrs[1];
		bad += !check_int(in, "exec_form", ins->exec_form,
				  cases[i].exec);
		if (!check_int(in, "argc", (long long)ins->argc,
			       (long long)cases[i].argc)) {
			bad++;
			continue;
		}
		for (size_t k = 0; k < cases[i].argc && k < 3; k++) {
			char what[16];
			snprintf(what, sizeof(what), "argv[%zu]", k);
			bad += !check_str(in, what, ins->argv[k].s,
					  cases[i].argv[k]);
			bad += !check_int(in, "its len",
					  (long long)ins->argv[k].len,
					  (long long)strlen(cases[i].argv[k]));
		}
	}
	assert_int_equal(bad, 0);
}

/* Flags: name without the dashes, value after '=', NULL value for a bare
 * flag, the args after them. */
static void test_flags(void **state)
{
	static const struct {
		const char *in;
		size_t idx;
		size_t nflags;
		const char *flags[3][2]; /* name, value */
		const char *args;
	} cases[] = {
		{"FROM --platform=linux/amd64 alpine",
		 0,
		 1,
		 {{"platform", "linux/amd64"}},
		 "alpine"},
		{"FROM --platform=$BUILDPLATFORM golang AS build",
		 0,
		 1,
		 {{"platform", "$BUILDPLATFORM"}},
		 "golang AS build"},
		{"FROM a AS build\nFROM b\nCOPY --from=build /x /y",
		 2,
		 1,
		 {{"from", "build"}},
		 "/x /y"},
		{"FROM a\nRUN --mount=type=cache,target=/x "
		 "--mount=type=secret,id=s make",
		 1,
		 2,
		 {{"mount", "type=cache,target=/x"},
		  {"mount", "type=secret,id=s"}},
		 "make"},
		{"FROM a\nRUN --mount=type=cache,target=/x \\\n"
		 "    --mount=type=bind,source=a,target=/b \\\n    make",
		 1,
		 2,
		 {{"mount", "type=cache,target=/x"},
		  {"mount", "type=bind,source=a,target=/b"}},
		 "make"},
		{"FROM a\nCOPY --chown=1:1 --link a b",
		 1,
		 2,
		 {{"chown", "1:1"}, {"link", NULL}},
		 "a b"},
		{"FROM a\nCOPY --chmod=755 --from=x:1 a b",
		 1,
		 2,
		 {{"chmod", "755"}, {"from", "x:1"}},
		 "a b"},
		{"FROM a\nRUN --network=none --security=insecure x",
		 1,
		 2,
		 {{"network", "none"}, {"security", "insecure"}},
		 "x"},
		{"FROM a\nHEALTHCHECK --interval=5m --timeout=3s CMD curl -f x",
		 1,
		 2,
		 {{"interval", "5m"}, {"timeout", "3s"}},
		 "CMD curl -f x"},
		/* BuildKit takes quotes out of a flag word, as a shell would */
		{"FROM a\nRUN --mount=type=secret,id=\"a b\" x",
		 1,
		 1,
		 {{"mount", "type=secret,id=a b"}},
		 "x"},
		{"FROM a\nRUN --network=\"none\" x",
		 1,
		 1,
		 {{"network", "none"}},
		 "x"},
		/* "--" ends the flags (BuildKit's extractBuilderFlags) */
		{"FROM a\nRUN -- x", 1, 0, {{NULL}}, "x"},
		{"FROM a\nRUN --network=none -- --x",
		 1,
		 1,
		 {{"network", "none"}},
		 "--x"},
		/* not flags */
		{"FROM a\nRUN echo --foo", 1, 0, {{NULL}}, "echo --foo"},
		{"FROM a\nRUN -x", 1, 0, {{NULL}}, "-x"},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		bad += !check_int(in, "problems", (long long)df->nproblems, 0);
		if (!check_int(in, "ninstrs > idx", df->ninstrs > cases[i].idx,
			       1)) {
			bad++;
			continue;
		}
		const struct hl_df_instr *ins = df->instrs[cases[i].idx];
		bad += !check_str(in, "args", ins->args.s, cases[i].args);
		if (!check_int(in, "nflags", (long long)ins->nflags,
			       (long long)cases[i].nflags)) {
			bad++;
			continue;
		}
		for (size_t k = 0; k < ins->nflags; k++) {
			bad += !check_str(in, "flag name", ins->flags[k].name.s,
					  cases[i].flags[k][0]);
			bad += !check_str(in, "flag value",
					  ins->flags[k].value.s,
					  cases[i].flags[k][1]);
		}
	}
	assert_int_equal(bad, 0);
}

/* Problems the parser recovers from: message, where, and that the parse
 * went on (instructions counted). */
static void test_problems(void **state)
{
	static const struct {
		const char *in;
		const char *message; /* NULL: no problem */
		unsigned line, col;
		size_t ninstrs;
	} cases[] = {
		{"FROM a\nRUN --mount=type=cache,target=/x --network=none x",
		 NULL, 0, 0, 2},
		{"FROM a\nRUN --foo=1 x", "unknown flag '--foo' for RUN", 2, 5,
		 2},
		{"FROM a\nRUN \\\n  --foo x", "unknown flag '--foo' for RUN", 3,
		 3, 2},
		{"FROM --foo a", "unknown flag '--foo' for FROM", 1, 6, 1},
		{"FROM a\nCOPY --mount=x a b",
		 "unknown flag '--mount' for COPY", 2, 6, 2},
		{"FROM a\nRUN --network", "flag '--network' needs a value", 2,
		 5, 2},
		{"FROM a\nFOOBAR x\nRUN y", "unknown instruction 'FOOBAR'", 2,
		 1, 3},
		{"FROM a\n  foobar x\nRUN y\nUSER z",
		 "unknown instruction 'foobar'", 2, 3, 4},
		/* a line of a file that is no Dockerfile (a credential, linked
		 * in by a walk once): the word alone, as far as it reads as a
		 * name (never a URL's password or a NAME=value's value), at
		 * most 40 characters */
		{"FROM a\nhttps://user:0123456789abcdefghij0123456789@x.io/r "
		 "password=hunter2\nRUN y",
		 "unknown instruction 'https\xe2\x80\xa6'", 2, 1, 3},
		{"FROM a\nDB_PASSWORD=hunter2\nRUN y",
		 "unknown instruction 'DB_PASSWORD\xe2\x80\xa6'", 2, 1, 3},
		{"FROM a\nABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ x",
		 "unknown instruction "
		 "'ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ\xe2\x80\xa6'",
		 2, 1, 2},
		{"RUN x\nFROM a",
		 "RUN before the first FROM (only ARG may come first)", 1, 1,
		 2},
		{"LABEL a=b\nFROM a",
		 "LABEL before the first FROM (only ARG may come first)", 1, 1,
		 2},
		{"ARG A\nENV B=1\nFROM a",
		 "ENV before the first FROM (only ARG may come first)", 2, 1,
		 3},
		{"ARG A\nARG B=1\nFROM a", NULL, 0, 0, 3},
		{"", "no instructions found", 1, 1, 0},
		{"# just\n# comments\n", "no instructions found", 1, 1, 0},
		{"\n \n\t\n", "no instructions found", 1, 1, 0},
		{"# syntax=docker/dockerfile:1\n", "no instructions found", 1,
		 1, 0},
		{"\xEF\xBB\xBF", "no instructions found", 1, 1, 0},
		{"ARG A=1", "no FROM instruction: nothing to build", 1, 1, 1},
		{"FROM a AS x\nFROM b AS X", "stage name 'x' is already the name of stage 0: FROM x and --from=x cannot tell them apart", 2,
		 11, 2},
		{"FROM a AS x\nFROM x AS y\nFROM c AS x",
		 "stage name 'x' is already the name of stage 0: FROM x and --from=x cannot tell them apart", 3, 11, 3},
		{"FROM a AS 1x", "invalid stage name '1x'", 1, 11, 1},
		{"FROM a b", "FROM takes an image and an optional 'AS name'", 1,
		 8, 1},
		{"FROM", "FROM needs an image", 1, 1, 1},
		{"FROM a\nUSER", "USER needs a user name or id", 2, 1, 2},
		{"FROM a\nUSER a b", "USER takes one argument", 2, 8, 2},
		{"FROM a\nENV A", "ENV needs a value for 'A'", 2, 1, 2},
		{"FROM a\nENV A=1 B", "ENV needs name=value pairs", 2, 9, 2},
		{"FROM a\nONBUILD FROM b", "FROM is not allowed in ONBUILD", 2,
		 9, 2},
		{"FROM a\nONBUILD", "ONBUILD needs an instruction", 2, 1, 2},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		bad += !check_int(in, "ninstrs", (long long)df->ninstrs,
				  (long long)cases[i].ninstrs);
		if (!check_int(in, "problems", (long long)df->nproblems,
			       cases[i].message ? 1 : 0)) {
			bad++;
			for (size_t k = 0; k < df->nproblems; k++)
				print_error("  problem %u:%u: %s\n",
					    df->problems[k].span.start.line,
					    df->problems[k].span.start.col,
					    df->problems[k].message);
		}
		if (!cases[i].message || !df->nproblems)
			continue;
		bad += !check_str(in, "problem", df->problems[0].message,
				  cases[i].message);
		bad += !check_pos(in, "problem", df->problems[0].span.start,
				  cases[i].line, cases[i].col);
	}
	assert_int_equal(bad, 0);
}

/* After a problem the instruction is still there and the parse goes on. */
static void test_recovery(void **state)
{
	static const struct {
		const char *in;
		size_t idx;
		enum hl_df_cmd cmd;
		const char *argv0;
		int stage;
	} cases[] = {
		{"FROM a\nRUN --foo=1 x", 1, HL_DF_RUN, "x", 0},
		{"FROM a\nFOOBAR x\nRUN y", 1, HL_DF_UNKNOWN, NULL, 0},
		{"FROM a\nFOOBAR x\nRUN y", 2, HL_DF_RUN, "y", 0},
		{"FROM a\nFOOBAR x\nFROM b\nRUN y", 3, HL_DF_RUN, "y", 1},
		{"RUN x\nFROM a", 0, HL_DF_RUN, "x", -1},
		{"RUN x\nFROM a", 1, HL_DF_FROM, "a", 0},
		{"FROM a\nONBUILD RUN --mount=type=cache,target=/c x", 1,
		 HL_DF_ONBUILD, "RUN", 0},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		if (!check_int(in, "ninstrs > idx", df->ninstrs > cases[i].idx,
			       1)) {
			bad++;
			continue;
		}
		const struct hl_df_instr *ins = df->instrs[cases[i].idx];
		bad += !check_str(in, "cmd", hl_df_cmd_name(ins->cmd),
				  hl_df_cmd_name(cases[i].cmd));
		bad += !check_int(in, "stage", ins->stage, cases[i].stage);
		if (cases[i].argv0)
			bad += !check_str(in, "argv[0]",
					  ins->argc ? ins->argv[0].s : NULL,
					  cases[i].argv0);
	}
	/* ONBUILD holds the instruction it wraps, flags and all */
	struct hl_dockerfile *df = parse(
		state, "FROM a\nONBUILD RUN --mount=type=cache,target=/c x");
	assert_int_equal(df->ninstrs, 2);
	const struct hl_df_instr *w = df->instrs[1]->wrapped;
	assert_non_null(w);
	assert_int_equal(w->cmd, HL_DF_RUN);
	assert_int_equal(w->nflags, 1);
	assert_string_equal(w->flags[0].value.s, "type=cache,target=/c");
	assert_string_equal(w->args.s, "x");
	assert_int_equal(w->keyword.span.start.col, 9);
	assert_int_equal(bad, 0);
}

/* Heredocs (BuildKit, dockerfile:1.4 and later): the lines up to the
 * terminator belong to the instruction and are not instructions. */
static void test_heredocs(void **state)
{
	static const struct {
		const char *in;
		size_t ninstrs;
		const char *problem; /* a part of the message; NULL: none */
		const char *user;    /* the last stage's user; NULL: none */
	} cases[] = {
		{"FROM a\nRUN <<EOF\napt-get update\nEOF\nUSER app", 3, NULL,
		 "app"},
		/* a USER line inside the heredoc is shell text, not a USER */
		{"FROM a\nRUN <<EOF\nUSER root\nEOF\n", 2, NULL, NULL},
		{"FROM a\nRUN <<EOF\nUSER app\nEOF\n", 2, NULL, NULL},
		{"FROM a\nUSER app\nRUN <<EOF bash\nUSER root\nEOF\n", 3, NULL,
		 "app"},
		{"FROM a\nCOPY <<EOF /etc/motd\nhello\nEOF\nUSER app", 3, NULL,
		 "app"},
		{"FROM a\nRUN <<-EOT\n\techo hi\n\tEOT\nUSER app", 3, NULL,
		 "app"},
		{"FROM a\nRUN <<\"EOF\"\necho $HOME\nEOF\nUSER app", 3, NULL,
		 "app"},
		{"FROM a\nRUN <<A <<B\n1\nA\n2\nB\nUSER app", 3, NULL, "app"},
		/* not a heredoc */
		{"FROM a\nRUN echo a<<b\nUSER app", 3, NULL, "app"},
		/* no terminator */
		{"FROM a\nRUN <<EOF\necho x\n", 2, "heredoc", NULL},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		bad += !check_int(in, "ninstrs", (long long)df->ninstrs,
				  (long long)cases[i].ninstrs);
		if (!check_int(in, "problems", (long long)df->nproblems,
			       cases[i].problem ? 1 : 0)) {
			bad++;
			for (size_t k = 0; k < df->nproblems; k++)
				print_error("  problem %u:%u: %s\n",
					    df->problems[k].span.start.line,
					    df->problems[k].span.start.col,
					    df->problems[k].message);
		} else if (cases[i].problem) {
			bad += !check_int(in, "problem mentions heredoc",
					  strstr(df->problems[0].message,
						 cases[i].problem) != NULL,
					  1);
		}
		const char *user =
			df->nstages ? df->stages[df->nstages - 1].user_value
				    : NULL;
		bad += !check_str(in, "user", user, cases[i].user);
	}
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* Stages                                                             */

static void test_stages(void **state)
{
	enum { NONE = -1 };
	static const struct {
		const char *in;
		size_t nstages;
		size_t st;	  /* the stage checked */
		const char *name; /* NULL: none */
		int parent;
		size_t first, count;
		int user; /* index of the USER in instrs, or NONE */
		const char *user_value;
		bool user_unknown;
	} cases[] = {
		{"FROM a", 1, 0, NULL, NONE, 0, 1, NONE, NULL, false},
		{"FROM a AS Build", 1, 0, "build", NONE, 0, 1, NONE, NULL,
		 false},
		{"FROM a as build", 1, 0, "build", NONE, 0, 1, NONE, NULL,
		 false},
		{"FROM a aS b.c-d_e", 1, 0, "b.c-d_e", NONE, 0, 1, NONE, NULL,
		 false},
		{"FROM --platform=$BUILDPLATFORM golang AS Build", 1, 0,
		 "build", NONE, 0, 1, NONE, NULL, false},
		{"FROM a\nUSER app\nUSER bob\nRUN x", 1, 0, NULL, NONE, 0, 4, 2,
		 "bob", false},
		/* a stage named by FROM is the parent: its USER carries on */
		{"FROM alpine AS builder\nUSER app\nFROM builder\nRUN x", 2, 1,
		 NULL, 0, 2, 2, 1, "app", false},
		{"FROM alpine AS builder\nUSER app\nFROM BUILDER", 2, 1, NULL,
		 0, 2, 1, 1, "app", false},
		{"FROM alpine AS a\nUSER u1\nFROM a AS b\nRUN x\nFROM b", 3, 2,
		 NULL, 1, 4, 1, 1, "u1", false},
		{"FROM alpine AS base\nUSER root\nFROM base\nUSER app", 2, 1,
		 NULL, 0, 2, 2, 3, "app", false},
		{"FROM alpine AS base\nUSER root\nFROM base\nUSER app", 2, 0,
		 "base", NONE, 0, 2, 1, "root", false},
		{"FROM alpine AS base\nUSER $NOPE\nFROM base", 2, 1, NULL, 0, 2,
		 1, 1, "\x01", true},
		/* the parent's ENV carries on too */
		{"FROM alpine AS base\nENV U=app\nFROM base\nUSER $U", 2, 1,
		 NULL, 0, 2, 2, 3, "app", false},
		/* not a parent: an image, or a number */
		{"FROM alpine AS a\nUSER u1\nFROM alpine", 2, 1, NULL, NONE, 2,
		 1, NONE, NULL, false},
		{"FROM alpine\nUSER u1\nFROM 0", 2, 1, NULL, NONE, 2, 1, NONE,
		 NULL, false},
		/* a later stage is not a parent */
		{"FROM later\nFROM alpine AS later", 2, 0, NULL, NONE, 0, 1,
		 NONE, NULL, false},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		if (!check_int(in, "nstages", (long long)df->nstages,
			       (long long)cases[i].nstages)) {
			bad++;
			continue;
		}
		const struct hl_df_stage *st = &df->stages[cases[i].st];
		bad += !check_int(in, "index", st->index, (int)cases[i].st);
		bad += !check_str(in, "name", st->name.s, cases[i].name);
		bad += !check_int(in, "parent", st->parent, cases[i].parent);
		bad += !check_int(in, "first", (long long)st->first,
				  (long long)cases[i].first);
		bad += !check_int(in, "count", (long long)st->count,
				  (long long)cases[i].count);
		bad += !check_int(in, "from is instrs[first]",
				  st->from == df->instrs[st->first], 1);
		bad += !check_int(in, "target", df->target,
				  (int)df->nstages - 1);
		bad += !check_int(in, "base's stage",
				  df->images[st->base].stage, cases[i].parent);
		if (cases[i].user == NONE) {
			bad += !check_int(in, "user is NULL", st->user == NULL,
					  1);
			continue;
		}
		bad += !check_int(in, "user is instrs[user]",
				  st->user == df->instrs[cases[i].user], 1);
		bad += !check_str(in, "user_value", st->user_value,
				  cases[i].user_value);
		bad += !check_int(in, "user_unknown", st->user_unknown,
				  cases[i].user_unknown);
	}
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* Images                                                             */

struct want_image {
	const char *value;
	const char *source;
	int stage;
	int in_stage;
	bool unknown;
};

static void test_images(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		struct want_image im[3];
	} cases[] = {
		{"FROM alpine:3", 1, {{"alpine:3", "from", -1, 0, false}}},
		{"FROM scratch", 1, {{"scratch", "from", -1, 0, false}}},
		/* COPY --from an earlier stage: no image */
		{"FROM alpine AS build\nFROM debian\nCOPY --from=build /a /b",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"debian", "from", -1, 1, false}}},
		{"FROM alpine AS build\nFROM debian\nCOPY --from=Build /a /b",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"debian", "from", -1, 1, false}}},
		{"FROM alpine AS a\nFROM debian\nCOPY --from=0 /a /b",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"debian", "from", -1, 1, false}}},
		{"FROM debian AS d\nCOPY --from=d /a /b",
		 1,
		 {{"debian", "from", -1, 0, false}}},
		/* COPY --from an image */
		{"FROM debian\nCOPY --from=alpine:3 /a /b",
		 2,
		 {{"debian", "from", -1, 0, false},
		  {"alpine:3", "copy-from", -1, 0, false}}},
		{"FROM debian AS a\nFROM alpine\nCOPY --from=nginx /a /b",
		 3,
		 {{"debian", "from", -1, 0, false},
		  {"alpine", "from", -1, 1, false},
		  {"nginx", "copy-from", -1, 1, false}}},
		{"FROM debian\nCOPY --from=$NOPE /a /b",
		 2,
		 {{"debian", "from", -1, 0, false},
		  {"\x01", "copy-from", -1, 0, true}}},
		{"ARG IMG=alpine:3\nFROM debian\nARG IMG\nCOPY --from=$IMG /a "
		 "/b",
		 2,
		 {{"debian", "from", -1, 0, false},
		  {"alpine:3", "copy-from", -1, 0, false}}},
		{"ARG S=build\nFROM alpine AS build\nFROM debian\nARG S\n"
		 "COPY --from=$S /a /b",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"debian", "from", -1, 1, false}}},
		/* RUN --mount from= */
		{"FROM debian\nRUN --mount=type=bind,from=busybox,target=/b x",
		 2,
		 {{"debian", "from", -1, 0, false},
		  {"busybox", "mount-from", -1, 0, false}}},
		{"FROM debian\nRUN --mount=type=cache,target=/x "
		 "--mount=from=busybox:1 --mount=type=bind,from=alpine x",
		 3,
		 {{"debian", "from", -1, 0, false},
		  {"busybox:1", "mount-from", -1, 0, false},
		  {"alpine", "mount-from", -1, 0, false}}},
		{"FROM alpine AS a\nFROM debian\n"
		 "RUN --mount=type=cache,from=a,target=/c x",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"debian", "from", -1, 1, false}}},
		/* FROM a stage */
		{"FROM alpine AS a\nFROM a",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"a", "from", 0, 1, false}}},
		{"FROM alpine AS a\nFROM A",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"A", "from", 0, 1, false}}},
		{"ARG S=a\nFROM alpine AS a\nFROM $S",
		 2,
		 {{"alpine", "from", -1, 0, false},
		  {"a", "from", 0, 1, false}}},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		if (!check_int(in, "nimages", (long long)df->nimages,
			       (long long)cases[i].n)) {
			bad++;
			continue;
		}
		for (size_t k = 0; k < df->nimages; k++) {
			const struct hl_df_image *im = &df->images[k];
			const struct want_image *w = &cases[i].im[k];
			bad += !check_str(in, "value", im->value, w->value);
			bad += !check_str(in, "source", im->source, w->source);
			bad += !check_int(in, "stage", im->stage, w->stage);
			bad += !check_int(in, "in_stage", im->in_stage,
					  w->in_stage);
			bad += !check_int(in, "unknown", im->unknown,
					  w->unknown);
			bad += !check_int(in, "instr", im->instr != NULL, 1);
		}
	}
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* Variables                                                          */

enum sel { IMG, USR };

/* What a value comes to after substitution: the last image's value, or the
 * last stage's user. */
static void test_substitution(void **state)
{
	static const struct {
		const char *in;
		enum sel sel;
		const char *value;
		bool unknown;
	} cases[] = {
		/* FROM sees the global ARGs */
		{"ARG BASE=alpine:3.20\nFROM $BASE", IMG, "alpine:3.20", false},
		{"ARG BASE=alpine:3.20\nFROM ${BASE}", IMG, "alpine:3.20",
		 false},
		{"ARG BASE=alpine:3.20\nFROM ${BASE}-x", IMG, "alpine:3.20-x",
		 false},
		{"ARG BASE\nFROM $BASE", IMG, "\x01", true},
		{"FROM $UNDECLARED", IMG, "\x01", true},
		{"ARG A=1\nARG B=img$A\nFROM $B", IMG, "img1", false},
		{"ARG V=3\nFROM alpine:\\$V", IMG, "alpine:$V", false},
		/* :- and - */
		{"ARG TAG\nFROM alpine:${TAG:-latest}", IMG, "alpine:latest",
		 false},
		{"ARG TAG=\nFROM alpine:${TAG:-latest}", IMG, "alpine:latest",
		 false},
		{"ARG TAG=1\nFROM alpine:${TAG:-latest}", IMG, "alpine:1",
		 false},
		{"ARG TAG\nFROM alpine:x${TAG-d}", IMG, "alpine:xd", false},
		{"ARG TAG=\nFROM alpine:x${TAG-d}", IMG, "alpine:x", false},
		{"ARG TAG=1\nFROM alpine:x${TAG-d}", IMG, "alpine:x1", false},
		{"ARG D=3\nARG TAG\nFROM alpine:${TAG:-$D}", IMG, "alpine:3",
		 false},
		/* :+ and + */
		{"ARG TAG=1\nFROM alpine:x${TAG:+y}", IMG, "alpine:xy", false},
		{"ARG TAG=\nFROM alpine:x${TAG:+y}", IMG, "alpine:x", false},
		{"ARG TAG\nFROM alpine:x${TAG:+y}", IMG, "alpine:x", false},
		{"ARG TAG=1\nFROM alpine:x${TAG+y}", IMG, "alpine:xy", false},
		{"ARG TAG=\nFROM alpine:x${TAG+y}", IMG, "alpine:xy", false},
		{"ARG TAG\nFROM alpine:x${TAG+y}", IMG, "alpine:x", false},
		/* the automatic platform ARGs have no value we know */
		{"FROM alpine-$TARGETARCH", IMG, "alpine-\x01", true},
		{"FROM alpine:${BUILDOS}", IMG, "alpine:\x01", true},
		{"FROM alpine:${NOPE:-$TARGETOS}", IMG, "alpine:\x01", true},
		{"FROM a\nARG TARGETARCH\nUSER $TARGETARCH", USR, "\x01", true},
		/* in a stage: ENV and ARG */
		{"FROM a\nENV U=app\nUSER $U", USR, "app", false},
		{"FROM a\nENV U=app\nUSER ${U}:grp", USR, "app:grp", false},
		{"FROM a\nARG U=app\nUSER $U", USR, "app", false},
		{"FROM a\nARG U\nUSER $U", USR, "\x01", true},
		{"FROM a\nUSER $NOPE", USR, "\x01", true},
		/* quotes and the escape character */
		{"FROM a\nENV U=app\nUSER '$U'", USR, "$U", false},
		{"FROM a\nENV U=app\nUSER \"$U\"", USR, "app", false},
		{"FROM a\nENV U=app\nUSER \\$U", USR, "$U", false},
		{"FROM a\nENV U=app\nUSER \"\\$U\"", USR, "$U", false},
		{"# escape=`\nFROM a\nENV U=app\nUSER `$U", USR, "$U", false},
		{"# escape=`\nFROM a\nENV U=app\nUSER \\$U", USR, "\\app",
		 false},
		/* global ARGs need redeclaring in a stage */
		{"ARG U=app\nFROM a\nUSER $U", USR, "\x01", true},
		{"ARG U=app\nFROM a\nARG U\nUSER $U", USR, "app", false},
		{"ARG U=app\nFROM a\nARG U=other\nUSER $U", USR, "other",
		 false},
		{"ARG U\nFROM a\nARG U\nUSER $U", USR, "\x01", true},
		/* ENV wins over an ARG of the same name */
		{"FROM a\nENV U=env\nARG U=arg\nUSER $U", USR, "env", false},
		{"FROM a\nARG U=arg\nENV U=env\nUSER $U", USR, "env", false},
		/* ENV forms and values */
		{"FROM a\nENV A b c\nUSER $A", USR, "b c", false},
		{"FROM a\nENV A=\"x y\"\nUSER $A", USR, "x y", false},
		{"FROM a\nENV A=x\\ y\nUSER $A", USR, "x y", false},
		{"FROM a\nENV A=x\nENV B=${A}_y\nUSER $B", USR, "x_y", false},
		{"FROM a\nENV A=x\nENV A=${A}y\nUSER $A", USR, "xy", false},
		/* one ENV's values are all substituted before any is set
		 * (BuildKit's reference: def=hello) */
		{"FROM a\nENV abc=hello\nENV abc=bye def=$abc\nUSER $def", USR,
		 "hello", false},
		{"FROM a\nENV abc=hello\nENV abc=bye def=$abc\nUSER $abc", USR,
		 "bye", false},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		const char *value = NULL;
		bool unknown = false;
		if (cases[i].sel == IMG && df->nimages) {
			value = df->images[df->nimages - 1].value;
			unknown = df->images[df->nimages - 1].unknown;
		} else if (cases[i].sel == USR && df->nstages) {
			value = df->stages[df->nstages - 1].user_value;
			unknown = df->stages[df->nstages - 1].user_unknown;
		}
		bad += !check_str(in, "value", value, cases[i].value);
		bad += !check_int(in, "unknown", unknown, cases[i].unknown);
	}
	assert_int_equal(bad, 0);
}

/* The variables a stage (or the global scope) holds at its end. */
static void test_vars(void **state)
{
	static const char ABSENT[] = "(absent)";
	static const struct {
		const char *in;
		int stage; /* -1: the globals */
		const char *name;
		const char *value; /* NULL: no value; ABSENT: no such var */
		bool unknown, env;
	} cases[] = {
		{"FROM a\nENV A b c", 0, "A", "b c", false, true},
		{"FROM a\nENV A  b   c  ", 0, "A", "b   c", false, true},
		{"FROM a\nENV ONE TWO= THREE=world", 0, "ONE",
		 "TWO= THREE=world", false, true},
		{"FROM a\nENV ONE TWO= THREE=world", 0, "THREE", ABSENT, false,
		 false},
		{"FROM a\nENV A=\"x y\" B=z", 0, "A", "x y", false, true},
		{"FROM a\nENV A=\"x y\" B=z", 0, "B", "z", false, true},
		{"FROM a\nENV A=", 0, "A", "", false, true},
		{"FROM a\nARG X", 0, "X", NULL, false, false},
		{"FROM a\nARG X=", 0, "X", "", false, false},
		{"ARG X=1\nFROM a\nARG X", 0, "X", "1", false, false},
		{"ARG X\nFROM a\nARG X", 0, "X", NULL, false, false},
		{"ARG X=1\nFROM a", 0, "X", ABSENT, false, false},
		{"FROM a\nARG TARGETARCH", 0, "TARGETARCH", NULL, true, false},
		{"FROM a\nARG BUILDPLATFORM", 0, "BUILDPLATFORM", NULL, true,
		 false},
		{"FROM a\nENV A=1\nARG A=2", 0, "A", "1", false, true},
		{"FROM a\nARG A=2\nENV A=1", 0, "A", "1", false, true},
		{"FROM a\nLABEL L=1", 0, "L", ABSENT, false, false},
		{"FROM a\nARG A=1 B=2", 0, "B", "2", false, false},
		/* a child stage inherits ENV, not ARG */
		{"FROM a AS p\nENV E=1\nARG R=2\nFROM p", 1, "E", "1", false,
		 true},
		{"FROM a AS p\nENV E=1\nARG R=2\nFROM p", 1, "R", ABSENT, false,
		 false},
		{"FROM a AS p\nENV E=1\nFROM b", 1, "E", ABSENT, false, false},
		/* globals */
		{"ARG A=1\nFROM a", -1, "A", "1", false, false},
		{"ARG A\nFROM a", -1, "A", NULL, false, false},
		{"ARG A=1\nARG B=$A-2\nFROM a", -1, "B", "1-2", false, false},
		{"FROM a", -1, "TARGETARCH", NULL, true, false},
		{"FROM a", -1, "TARGETPLATFORM", NULL, true, false},
		{"FROM a", -1, "BUILDARCH", NULL, true, false},
		{"FROM a\nARG Z=1", -1, "Z", ABSENT, false, false},
	};
	int bad = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const char *in = cases[i].in;
		struct hl_dockerfile *df = parse(state, in);
		const struct hl_df_var *vars = df->globals;
		size_t n = df->nglobals;
		if (cases[i].stage >= 0) {
			if (!check_int(in, "nstages > stage",
				       df->nstages > (size_t)cases[i].stage,
				       1)) {
				bad++;
				continue;
			}
			vars = df->stages[cases[i].stage].vars;
			n = df->stages[cases[i].stage].nvars;
		}
		const struct hl_df_var *v = NULL;
		for (size_t k = 0; k < n; k++)
			if (!strcmp(vars[k].name, cases[i].name))
				v = &vars[k];
		if (cases[i].value == ABSENT) {
			bad += !check_str(in, cases[i].name,
					  v ? "present" : "absent", "absent");
			continue;
		}
		if (!check_str(in, cases[i].name, v ? "present" : "absent",
			       "present")) {
			bad++;
			continue;
		}
		bad += !check_str(in, "value", v->value, cases[i].value);
		bad += !check_int(in, "unknown", v->unknown, cases[i].unknown);
		bad += !check_int(in, "env", v->env, cases[i].env);
	}
	assert_int_equal(bad, 0);
}

/* `n` copies of `line` after a FROM, in a string to free. */
static char *repeat(const char *head, const char *line, size_t n,
		    const char *tail)
{
	size_t hl = strlen(head), ll = strlen(line), tl = strlen(tail);
	char *s = malloc(hl + ll * n + tl + 1), *p = s;
	assert_non_null(s);
	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < n; i++, p += ll)
		memcpy(p, line, ll);
	memcpy(p, tail, tl + 1);
	return s;
}

/* Each limit of the Dockerfile front end stops the file with an error at
 * the instruction that crossed it; just under the limit, no error. */
static void test_limits(void **state)
{
	static const struct {
		const char *head, *line, *tail;
		size_t n;
		const char *error; /* substring; NULL: no error */
		uint32_t line_no;
	} cases[] = {
		{"FROM a\n", "LABEL a=b\n", "", HL_DF_MAX_INSTRUCTIONS - 1,
		 NULL, 0},
		{"FROM a\n", "LABEL a=b\n", "", HL_DF_MAX_INSTRUCTIONS,
		 "instructions", HL_DF_MAX_INSTRUCTIONS + 1},
		{"", "FROM a\n", "", HL_DF_MAX_STAGES, NULL, 0},
		{"", "FROM a\n", "", HL_DF_MAX_STAGES + 1, "stages",
		 HL_DF_MAX_STAGES + 1},
		/* one RUN of 5,000 commands passes; 5,001 do not */
		{"FROM a\nRUN <<EOF\n", "x\n", "EOF\n", HL_SH_MAX_COMMANDS,
		 NULL, 0},
		{"FROM a\nRUN <<EOF\n", "x\n", "EOF\n", HL_SH_MAX_COMMANDS + 1,
		 "5000 shell commands", 2},
		{"FROM a\nRUN true\n", "RUN a | b\n", "",
		 HL_DF_MAX_COMMANDS / 2, "10000 shell commands in all",
		 HL_DF_MAX_COMMANDS / 2 + 2},
		{"FROM a\n", "RUN a | b\n", "", HL_DF_MAX_COMMANDS / 2, NULL,
		 0},
		/* words: 100,000 in the file's instructions, 50,000 in one
		 * RUN's script */
		{"FROM a\nLABEL", " a=b", "\n", HL_DF_MAX_WORDS - 1, NULL, 0},
		{"FROM a\nLABEL", " a=b", "\n", HL_DF_MAX_WORDS + 1,
		 "100000 words", 2},
		{"FROM a\nRUN echo", " x", "\n", HL_SH_MAX_WORDS - 1, NULL, 0},
		{"FROM a\nRUN echo", " x", "\n", HL_SH_MAX_WORDS, "50000 words",
		 2},
		{"FROM a\nCMD [\"a\"", ", \"a\"", "]\n", HL_DF_MAX_WORDS,
		 "100000 words", 2},
		/* a pipeline of 256 commands passes; 257 do not */
		{"FROM a\nRUN a", " | a", "\n", HL_SH_MAX_PIPELINE - 1, NULL,
		 0},
		{"FROM a\nRUN a", " | a", "\n", HL_SH_MAX_PIPELINE,
		 "pipeline of more than 256", 2},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = repeat(cases[i].head, cases[i].line, cases[i].n,
				    cases[i].tail);
		struct hl_dockerfile *df = parse(state, text);
		free(text);
		if (!cases[i].error) {
			if (df->error)
				fail_msg("case %zu: unexpected error %s", i,
					 df->error->message);
			continue;
		}
		if (!df->error)
			fail_msg("case %zu: no error, want '%s'", i,
				 cases[i].error);
		assert_non_null(strstr(df->error->message, cases[i].error));
		assert_int_equal(df->error->code, HL_ERR_LIMIT);
		assert_int_equal(df->error->line, cases[i].line_no);
	}
}

/* 5,000 distinct ARG names in one scope pass; the 5,001st is an error at
 * its line. */
static void test_var_limit(void **state)
{
	for (int extra = 0; extra < 2; extra++) {
		struct hl_buf b = HL_BUF_INIT;
		hl_buf_adds(&b, "FROM a\n");
		for (int i = 0; i < HL_DF_MAX_VARS + extra; i++)
			hl_buf_printf(&b, "ARG V%d=x\n", i);
		struct hl_dockerfile *df = parse(state, hl_buf_str(&b));
		hl_buf_release(&b);
		if (!extra) {
			assert_null(df->error);
			continue;
		}
		assert_non_null(df->error);
		assert_non_null(strstr(df->error->message, "5000 variables"));
		assert_int_equal(df->error->line, HL_DF_MAX_VARS + 2);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_keywords),   T(test_positions), T(test_logical_lines),
		T(test_directives), T(test_exec_form), T(test_flags),
		T(test_problems),   T(test_recovery),  T(test_heredocs),
		T(test_stages),	    T(test_images),    T(test_substitution),
		T(test_vars),	    T(test_limits),    T(test_var_limit),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
