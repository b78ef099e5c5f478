/* text: edit distances for "did you mean" hints (Damerau: a swap of two
 * neighbouring letters is one edit); dates of the calendar. */
#include "core/text.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

size_t hl_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* three rows of the table: i - 2, i - 1 and i */
	size_t d[3][64];
	if (la >= 64 || lb >= 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *cur = d[i % 3], *up = d[(i - 1) % 3],
		       *up2 = d[(i + 1) % 3];
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t c = up[j - 1] + (a[i - 1] != b[j - 1]);
			if (up[j] + 1 < c)
				c = up[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			/* two letters swapped count as one edit */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && up2[j - 2] + 1 < c)
				c = up2[j - 2] + 1;
			cur[j] = c;
		}
	}
	return d[la % 3][lb];
}

int hl_near_miss(const char *typo, const char *name)
{
	if (!strcasecmp(typo, name))
		return 1;
	size_t d = hl_edit_distance(typo, name);
	return d <= 2 && 2 * d <= strlen(typo);
}

bool hl_valid_date(const char *s, size_t len)
{
	if (len != 10)
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-'
				     : !isdigit((unsigned char)s[i]))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}
