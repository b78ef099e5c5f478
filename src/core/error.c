/* error: names of the error codes, and the library version. */
#include "core/error.h"

#include "core/version.h"

static const char *const names[HL_ERR__COUNT] = {
	[HL_OK] = "success",
	[HL_ERR_IO] = "cannot read input",
	[HL_ERR_BINARY] = "binary input",
	[HL_ERR_TOO_BIG] = "input too large",
	[HL_ERR_SYNTAX] = "syntax error",
	[HL_ERR_LIMIT] = "limit exceeded",
	[HL_ERR_TEMPLATE] = "unrendered template",
	[HL_ERR_RULE] = "invalid rule file",
	[HL_ERR_USAGE] = "usage error",
	[HL_ERR_EMPTY] = "nothing to lint",
};

const char *hl_strerror(enum hl_err err)
{
	if ((unsigned)err >= HL_ERR__COUNT)
		return "unknown error";
	return names[err];
}

const char *hl_version(void)
{
	return HL_VERSION;
}
