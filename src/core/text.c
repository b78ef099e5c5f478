/* text: edit distances for "did you mean" hints (Damerau: a swap of two
 * neighbouring letters is one edit). */
#include "core/text.h"

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
