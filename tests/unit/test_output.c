/*
 * test_output: the text output's sanitiser (hl_put_clean), over every
 * code point: C0 controls and DEL print as \xNN, C1 controls and every
 * Unicode format character (category Cf) and line or paragraph separator
 * (Zl, Zp) as \uXXXX or \UXXXXXXXX, bytes that are not UTF-8 as \xNN, and
 * everything else as it is. The list of format characters here is
 * Unicode 14's, and the default-ignorable code points that show as nothing,
 * written out apart from the code's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

/* Cf, Zl and Zp in Unicode 14 (UnicodeData.txt); 13439-1343F are
 * Unicode 15's. Then the other Default_Ignorable_Code_Point ranges of
 * DerivedCoreProperties.txt that a terminal shows as nothing or a blank:
 * U+034F, U+115F-1160, U+17B4-17B5, U+180B-180D and 180F, U+3164,
 * U+FE00-FE0F, U+FFA0, U+E0000-E0FFF, and the unassigned U+2065 and
 * U+FFF0-FFF8. */
static const uint32_t invisible[][2] = {
	{0xAD, 0xAD},	    {0x600, 0x605},	{0x61C, 0x61C},
	{0x6DD, 0x6DD},	    {0x70F, 0x70F},	{0x890, 0x891},
	{0x8E2, 0x8E2},	    {0x180E, 0x180E},	{0x200B, 0x200F},
	{0x2028, 0x2029},   {0x202A, 0x202E},	{0x2060, 0x2064},
	{0x2066, 0x206F},   {0xFEFF, 0xFEFF},	{0xFFF9, 0xFFFB},
	{0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
	{0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
	{0xE0020, 0xE007F},
	/* default-ignorable, not Cf */
	{0x34F, 0x34F},	    {0x115F, 0x1160},	{0x17B4, 0x17B5},
	{0x180B, 0x180D},   {0x180F, 0x180F},	{0x3164, 0x3164},
	{0xFE00, 0xFE0F},   {0xFFA0, 0xFFA0},	{0xE0000, 0xE0000},
	{0xE0002, 0xE001F}, {0xE0080, 0xE0FFF},
	/* unassigned, reserved as default-ignorable */
	{0x2065, 0x2065},   {0xFFF0, 0xFFF8},
};

static bool is_invisible(uint32_t c)
{
	for (size_t i = 0; i < sizeof(invisible) / sizeof(invisible[0]); i++)
		if (c >= invisible[i][0] && c <= invisible[i][1])
			return true;
	return false;
}

static size_t utf8(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* What hl_put_clean prints for `s` (keep_tabs false). */
static const char *clean(const char *s, char *buf, size_t size)
{
	memset(buf, 0, size);
	FILE *f = fmemopen(buf, size - 1, "w");
	assert_non_null(f);
	hl_put_clean(f, s, false);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_every_code_point(void **state)
{
	(void)state;
	size_t bad = 0, escaped = 0;
	for (uint32_t c = 1; c <= 0x10FFFF; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue; /* not characters */
		char in[8] = {0}, want[32], buf[64];
		utf8(c, in);
		if (c < 0x20 || c == 0x7F)
			snprintf(want, sizeof(want), "\\x%02x", c);
		else if ((c >= 0x80 && c < 0xA0) || is_invisible(c))
			snprintf(want, sizeof(want),
				 c > 0xFFFF ? "\\U%08x" : "\\u%04x", c);
		else
			snprintf(want, sizeof(want), "%s", in);
		escaped += strcmp(want, in) != 0;
		const char *got = clean(in, buf, sizeof(buf));
		if (strcmp(got, want) && bad++ < 10)
			print_error("U+%04X: got \"%s\", want \"%s\"\n", c, got,
				    want);
	}
	assert_int_equal(bad, 0);
	/* C0 (31 with tab), DEL, C1 (32), 172 format characters and
	 * separators, 4036 other default-ignorable ones */
	assert_int_equal(escaped, 31 + 1 + 32 + 172 + 4036);
}

/* Bytes that are not UTF-8 are escaped one by one; the text around them
 * is kept; a tab is kept only when asked. */
static void test_bytes(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"a\x80z", "a\\x80z"},
		{"\xC0\xAF", "\\xc0\\xaf"},	     /* overlong '/' */
		{"\xED\xA0\x80", "\\xed\\xa0\\x80"}, /* a surrogate */
		{"\xF5\x80\x80\x80", "\\xf5\\x80\\x80\\x80"},
		{"\xE2\x80", "\\xe2\\x80"}, /* cut short */
		{"x\ty", "x\\x09y"},
		{"\x1B[31mred\x1B[0m", "\\x1b[31mred\\x1b[0m"},
		{"caf\xC3\xA9 \xE2\x9C\x93", "caf\xC3\xA9 \xE2\x9C\x93"},
		{"r\xE2\x80\xAEtxt.exe", "r\\u202etxt.exe"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];
		assert_string_equal(clean(cases[i].in, buf, sizeof(buf)),
				    cases[i].want);
	}
	char *copy = hl_clean_copy("p\xE2\x80\x8Bq");
	assert_non_null(copy);
	assert_string_equal(copy, "p\\u200bq");
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
