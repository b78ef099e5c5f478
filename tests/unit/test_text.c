/*
 * Unit tests for text: base64 as Kubernetes encodes binaryData (standard
 * alphabet, padding, line breaks between groups) and the check that
 * decoded bytes are text a credential pattern may be matched on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/text.h"

static long decode(const char *s, unsigned char *out)
{
	return hl_base64_decode(s, strlen(s), out);
}

static void test_base64_valid(void **state)
{
	(void)state;
	unsigned char out[64];
	assert_int_equal(decode("aGVsbG8=", out), 5);
	assert_memory_equal(out, "hello", 5);
	assert_int_equal(decode("aGVsbG8", out), 5); /* padding left out */
	assert_int_equal(decode("aGk=", out), 2);
	assert_memory_equal(out, "hi", 2);
	assert_int_equal(decode("aGVs\n bG8h", out), 6); /* folded */
	assert_memory_equal(out, "hello!", 6);
	assert_int_equal(decode("", out), 0);
	assert_int_equal(decode("+/+/", out), 3);
	assert_int_equal(out[0], 0xfb);
}

static void test_base64_invalid(void **state)
{
	(void)state;
	unsigned char out[64];
	assert_int_equal(decode("%%%", out), -1);
	assert_int_equal(decode("aGk=aGk=", out), -1); /* data after = */
	assert_int_equal(decode("aGVsb", out), -1);    /* 5 digits */
	assert_int_equal(decode("aG===", out), -1);
	assert_int_equal(decode("aGV=", out), 2);
	assert_int_equal(decode("aG=", out), -1);  /* 2 digits, 1 pad */
	assert_int_equal(decode("a-b_", out), -1); /* URL alphabet */
}

static void test_is_text(void **state)
{
	(void)state;
	const unsigned char ok[] = "token = x\r\n\tcaf\xc3\xa9 \xe2\x82\xac "
				   "\xf0\x9f\x94\x91";
	assert_true(hl_is_text(ok, sizeof(ok) - 1));
	assert_false(hl_is_text((const unsigned char *)"a\0b", 3));
	assert_false(hl_is_text((const unsigned char *)"\x1b[0m", 4));
	assert_false(hl_is_text((const unsigned char *)"\xc3", 1));
	assert_false(hl_is_text((const unsigned char *)"\xc0\xaf", 2));
	assert_false(hl_is_text((const unsigned char *)"\xed\xa0\x80", 3));
	assert_false(hl_is_text((const unsigned char *)"\xf4\x90\x80\x80", 4));
	assert_false(hl_is_text((const unsigned char *)"\xff", 1));
	assert_true(hl_is_text((const unsigned char *)"", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_valid),
		cmocka_unit_test(test_base64_invalid),
		cmocka_unit_test(test_is_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
