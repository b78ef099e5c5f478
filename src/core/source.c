/*
 * source: reads one input under a size cap, rejects binary content, and maps
 * byte offsets to line:column (columns in code points). Lines are split at
 * \n only; a \r before it belongs to no column anyone points at.
 */
#include "core/source.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

uint32_t hl_utf8_width(const char *s, size_t len)
{
	uint32_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t hl_utf8_offset(const char *s, size_t len, size_t cps)
{
	size_t i = 0;
	for (size_t k = 0; k < cps && i < len; k++) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

void hl_source_init_mem(struct hl_source *src, struct hl_arena *a,
			const char *path, const char *data, size_t len)
{
	memset(src, 0, sizeof(*src));
	src->path = path;
	src->data = data;
	src->len = len;
	src->arena = a;
}

static enum hl_err fail(struct hl_diag *d, enum hl_err code, const char *path,
			uint32_t line, uint32_t col, const char *msg,
			struct hl_arena *a)
{
	d->code = code;
	d->path = path;
	d->line = line;
	d->col = col;
	d->message = hl_arena_strdup(a, msg);
	return code;
}

static enum hl_err too_big(struct hl_diag *d, const char *path, size_t max,
			   struct hl_arena *a)
{
	char msg[512];
	snprintf(msg, sizeof(msg),
		 "'%s' is larger than the limit of %zu bytes (--max-file-size)",
		 path, max);
	return fail(d, HL_ERR_TOO_BIG, path, 0, 0, msg, a);
}

/* Signatures of binary formats that hold no NUL early enough to tell. */
static bool binary_magic(const unsigned char *p, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
	} sigs[] = {
		{"\x7f"
		 "ELF",
		 4},
		{"\x89PNG\r\n\x1a\n", 8},
		{"GIF8", 4},
		{"\xff\xd8\xff", 3},
		{"PK\x03\x04", 4},
		{"\x1f\x8b", 2},
		{"%PDF-", 5},
		{"\xfd"
		 "7zXZ",
		 5},
		{"BZh", 3},
	};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (n >= sigs[i].len && !memcmp(p, sigs[i].magic, sigs[i].len))
			return i != 8 || (n > 3 && p[3] >= '1' && p[3] <= '9');
	return false;
}

static bool breaks_in(const char *d, size_t n)
{
	for (const char *p = d, *e = d + n;
	     (p = memchr(p, '\r', (size_t)(e - p))); p++)
		if (p + 1 == e || p[1] != '\n')
			return true;
	for (const char *p = d, *e = d + n;
	     (p = memchr(p, 0x85, (size_t)(e - p))); p++)
		if (p > d && (unsigned char)p[-1] == 0xC2)
			return true;
	for (const char *p = d, *e = d + n;
	     (p = memchr(p, 0xE2, (size_t)(e - p))); p++)
		if (e - p >= 3 && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xA8 ||
		     (unsigned char)p[2] == 0xA9))
			return true;
	return false;
}

bool hl_source_other_breaks(struct hl_source *src)
{
	if (!src->other_breaks)
		src->other_breaks = breaks_in(src->data, src->len) ? 2 : 1;
	return src->other_breaks == 2;
}

void hl_source_yaml_lines(struct hl_source *src)
{
	if (src->part || !hl_source_other_breaks(src))
		return;
	bool cr = false, nel = false;
	for (const char *p = src->data, *e = src->data + src->len;
	     (p = memchr(p, '\r', (size_t)(e - p))) && !cr; p++)
		cr = p + 1 == e || p[1] != '\n';
	for (const char *p = src->data, *e = src->data + src->len;
	     (p = memchr(p, 0x85, (size_t)(e - p))) && !nel; p++)
		nel = p > src->data && (unsigned char)p[-1] == 0xC2;
	if (!cr && !nel)
		return; /* LS or PS only */
	hl_source_unmap(src);
	char *d = (char *)src->data; /* the arena's copy: ours to change */
	for (size_t i = 0; i < src->len; i++) {
		if (d[i] == '\r' && (i + 1 == src->len || d[i + 1] != '\n'))
			d[i] = '\n';
		else if ((unsigned char)d[i] == 0xC2 && i + 1 < src->len &&
			 (unsigned char)d[i + 1] == 0x85) {
			d[i] = '\r';
			d[++i] = '\n';
		}
	}
	/* the line index, if made, counted the old lines */
	src->marks = NULL;
	src->nmarks = 0;
	src->nlines = 0;
	src->last_line = src->last_off = 0;
	src->last_col = 0;
	src->walk_valid = false;
	src->cur_valid = false;
	src->other_breaks = 0;
}

/* Map `len` bytes of the open file `fd` (closed here) as src's data,
 * checking for NUL bytes a chunk at a time and letting each chunk's pages
 * go after. */
static enum hl_err map_fd(struct hl_source *src, int fd, size_t len,
			  const char *path, struct hl_diag *diag,
			  struct hl_arena *a)
{
	char msg[512];
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(msg, sizeof(msg), "cannot read '%s': %s", path,
			 strerror(errno));
		return fail(diag, HL_ERR_IO, path, 0, 0, msg, a);
	}
	src->data = m;
	src->len = len;
	src->mapped = true;
	/* from here a truncation of the file is a SIGBUS: the caller that
	 * asked for mapping catches it */
	if (src->map && src->map->on_map)
		src->map->on_map(src->map->ctx, m, len, path);
	madvise(m, src->len, MADV_SEQUENTIAL);
	const char *nul = NULL;
	bool other = false;
	for (size_t at = 0; at < src->len && !nul; at += HL_SOURCE_MAP_MIN) {
		size_t n = src->len - at < HL_SOURCE_MAP_MIN
				   ? src->len - at
				   : HL_SOURCE_MAP_MIN;
		nul = memchr(src->data + at, '\0', n);
		/* the bytes are at hand: the breaks YAML counts too (a
		 * character cut at the chunk's end is looked at whole) */
		if (!other)
			other = breaks_in(src->data + at,
					  src->len - at < n + 2 ? src->len - at
								: n + 2);
		hl_source_drop(src, at + n);
	}
	if (nul || binary_magic(m, src->len)) {
		struct hl_pos p = {1, 1};
		if (nul)
			p = hl_source_pos(src, (size_t)(nul - src->data));
		snprintf(msg, sizeof(msg), "'%s' is a binary file%s", path,
			 nul ? " (NUL byte)" : "");
		return fail(diag, HL_ERR_BINARY, path, p.line, p.col, msg, a);
	}
	hl_source_drop(src, src->len);
	src->dropped = 0; /* the parse reads it all again */
	src->other_breaks = other ? 2 : 1;
	return HL_OK;
}

/* Write all of buf to fd; false on an error. */
static bool write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		buf += w;
		n -= (size_t)w;
	}
	return true;
}

/* A large stream on a pipe (helm template | hardlint -): what was read so
 * far (buf, len), then the rest, goes to an unlinked temporary file that
 * is then mapped like a large file, so it too is read in bounded memory.
 * Returns -1 when no temporary file can be made (the caller reads on into
 * memory); -2 on an error, with errno in *err and, when it was writing the
 * temporary file that failed, its folder in *spool_dir. */
static int spool(int in, char *buf, size_t len, size_t max, size_t *total,
		 bool *too_big_out, int *err, const char **spool_dir)
{
	const char *dir = getenv("TMPDIR");
	char name[4096];
	dir = dir && *dir ? dir : "/tmp";
	*spool_dir = NULL;
	snprintf(name, sizeof(name), "%s/hardlint-stdin-XXXXXX", dir);
	int fd = mkstemp(name);
	if (fd < 0)
		return -1;
	unlink(name);
	*too_big_out = false;
	*err = 0;
	if (!write_all(fd, buf, len)) {
		close(fd);
		return -1;
	}
	*total = len;
	for (;;) {
		ssize_t n = read(in, buf, HL_SOURCE_MAP_MIN);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			close(fd);
			return -2;
		}
		if (n == 0)
			break;
		*total += (size_t)n;
		if (*total > max) {
			*too_big_out = true;
			close(fd);
			return -2;
		}
		if (!write_all(fd, buf, (size_t)n)) {
			*err = errno;
			*spool_dir = dir;
			close(fd);
			return -2;
		}
	}
	return fd;
}

/* Read all of `fd` (closed here when `owned`) into src's arena, `cap`
 * bytes at first (the size when `regular`: known); a long stream on a
 * pipe goes on to a temporary file that is mapped, when mapping is
 * allowed. */
static enum hl_err read_fd(struct hl_source *src, int fd, bool owned,
			   size_t cap, bool regular, size_t max,
			   struct hl_diag *diag)
{
	char msg[512];
	const char *path = src->path;
	struct hl_arena *a = src->arena;
	/* Read with a heap buffer, then copy into the arena once. */
	char *buf = hl_xmalloc(cap + 1);
	size_t len = 0;
	for (;;) {
		if (src->map && len >= HL_SOURCE_MAP_MIN && len == cap &&
		    !regular) {
			/* a big stream on a pipe: on to a temporary file */
			size_t total;
			bool big;
			int e;
			const char *tmp;
			int t = spool(fd, buf, len, max, &total, &big, &e,
				      &tmp);
			if (t >= 0 || t == -2) {
				free(buf);
				if (owned)
					close(fd);
				if (t >= 0)
					return map_fd(src, t, total, path, diag,
						      a);
				if (big)
					return too_big(diag, path, max, a);
				if (tmp) /* the spool's fault, not the input's
					  */
					snprintf(msg, sizeof(msg),
						 "cannot keep '%s' in a "
						 "temporary file in %s: %s",
						 path, tmp, strerror(e));
				else
					snprintf(msg, sizeof(msg),
						 "cannot read '%s': %s", path,
						 strerror(e));
				return fail(diag, HL_ERR_IO, path, 0, 0, msg,
					    a);
			}
		}
		if (len == cap) {
			if (cap > max) {
				free(buf);
				if (owned)
					close(fd);
				return too_big(diag, path, max, a);
			}
			cap *= 2;
			buf = hl_xrealloc(buf, cap + 1);
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			if (owned)
				close(fd);
			snprintf(msg, sizeof(msg), "cannot read '%s': %s", path,
				 strerror(e));
			return fail(diag, HL_ERR_IO, path, 0, 0, msg, a);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (owned)
		close(fd);
	if (len > max) {
		free(buf);
		return too_big(diag, path, max, a);
	}
	char *data = hl_arena_alloc(a, len + 1);
	memcpy(data, buf, len);
	data[len] = '\0';
	free(buf);
	src->data = data;
	src->len = len;
	return HL_OK;
}

enum hl_err hl_source_read(struct hl_source *src, struct hl_arena *a,
			   const char *fspath, const char *path, size_t max,
			   bool nofollow, const struct hl_file_id *expect,
			   const struct hl_source_map *map,
			   struct hl_diag *diag)
{
	char msg[512];
	int fd = 0;
	memset(src, 0, sizeof(*src));
	src->path = path;
	src->arena = a;
	src->map = map && map->enabled ? map : NULL;
	if (fspath) {
		/* O_NONBLOCK: a FIFO given here must not wait for a writer
		 * (discovery refuses them; this is the second guard) */
		fd = open(fspath, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
					  (nofollow ? O_NOFOLLOW : 0));
		if (fd < 0) {
			snprintf(msg, sizeof(msg), "cannot open '%s': %s", path,
				 nofollow && errno == ELOOP
					 ? "it became a symlink after the "
					   "directory walk found it: not "
					   "followed"
					 : strerror(errno));
			return fail(diag, HL_ERR_IO, path, 0, 0, msg, a);
		}
	}
	struct stat st;
	if (fspath && expect && (expect->dev || expect->ino) &&
	    (fstat(fd, &st) != 0 || (uint64_t)st.st_dev != expect->dev ||
	     (uint64_t)st.st_ino != expect->ino)) {
		close(fd);
		snprintf(msg, sizeof(msg),
			 "cannot open '%s': it is not the file the directory "
			 "walk found (it was replaced, or a directory above it "
			 "was swapped for a symlink, after the walk): not read",
			 path);
		return fail(diag, HL_ERR_IO, path, 0, 0, msg, a);
	}
	if (fspath && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		close(fd);
		snprintf(msg, sizeof(msg),
			 "cannot read '%s': not a regular file", path);
		return fail(diag, HL_ERR_IO, path, 0, 0, msg, a);
	}
	if (fspath) /* a regular file: reads block as they should */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	size_t cap = (size_t)64 * 1024;
	bool regular = false; /* a file whose size is known */
	if (src->map && fspath && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size >= HL_SOURCE_MAP_MIN &&
	    (uint64_t)st.st_size <= max)
		return map_fd(src, fd, (size_t)st.st_size, path, diag, a);
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (fspath)
				close(fd);
			snprintf(msg, sizeof(msg), "cannot read '%s': %s", path,
				 "is a directory");
			return fail(diag, HL_ERR_IO, path, 0, 0, msg, a);
		}
		if (S_ISREG(st.st_mode) && st.st_size >= 0) {
			regular = true;
			if ((uint64_t)st.st_size > max) {
				if (fspath)
					close(fd);
				return too_big(diag, path, max, a);
			}
			cap = (size_t)st.st_size + 1;
		}
	}
	enum hl_err e = read_fd(src, fd, fspath != NULL, cap, regular, max,
				diag);
	if (e != HL_OK)
		return e;
	const char *data = src->data;
	size_t len = src->len;

	const char *nul = memchr(data, '\0', len);
	if (nul || binary_magic((const unsigned char *)data, len)) {
		struct hl_pos p = hl_source_pos(src,
						nul ? (size_t)(nul - data) : 0);
		if (nul)
			snprintf(msg, sizeof(msg),
				 "'%s' is a binary file (NUL byte)", path);
		else
			snprintf(msg, sizeof(msg), "'%s' is a binary file",
				 path);
		return fail(diag, HL_ERR_BINARY, path, p.line, p.col, msg, a);
	}
	return HL_OK;
}

/*
 * The line index is sparse: a checkpoint (offset, line) at the first line
 * start at least HL_LINE_STEP bytes after the previous checkpoint, and at
 * the start of every line of HL_LINE_STEP bytes or more. Between two
 * checkpoints lie either short lines, under 2 * HL_LINE_STEP bytes in all,
 * or one long line, so a lookup scans a few hundred bytes at most, and the
 * index costs at most 16 bytes a 128 bytes of input however many newlines
 * the input holds (a file of 100 MB of newlines is not 800 MB of index).
 */
#define HL_LINE_STEP 256

static void add_mark(struct hl_source *src, size_t *cap, size_t off,
		     size_t line)
{
	if (!src->marks || src->nmarks == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct hl_line_mark *m = hl_arena_array(src->arena, ncap,
							sizeof(*m));
		if (src->marks && src->nmarks)
			memcpy(m, src->marks, src->nmarks * sizeof(*m));
		src->marks = m;
		*cap = ncap;
	}
	src->marks[src->nmarks].off = off;
	src->marks[src->nmarks].line = line;
	src->nmarks++;
}

static void index_lines(struct hl_source *src)
{
	size_t cap = 0, line = 0, start = 0;
	src->marks = NULL;
	src->nmarks = 0;
	add_mark(src, &cap, 0, 0);
	for (const char *p = src->data, *e = src->data + src->len;
	     (p = memchr(p, '\n', (size_t)(e - p))); p++) {
		size_t nl = (size_t)(p - src->data);
		struct hl_line_mark *last = &src->marks[src->nmarks - 1];
		if (nl - start >= HL_LINE_STEP && last->off < start)
			add_mark(src, &cap, start, line);
		line++;
		start = nl + 1;
		if (start - src->marks[src->nmarks - 1].off >= HL_LINE_STEP)
			add_mark(src, &cap, start, line);
	}
	/* the last line, if long, starts at a checkpoint too */
	if (src->len - start >= HL_LINE_STEP &&
	    src->marks[src->nmarks - 1].off < start)
		add_mark(src, &cap, start, line);
	src->nlines = line + 1;
}

/* The last checkpoint at or before byte `key` (by_line: before 0-based
 * line `key`). */
static size_t mark_before(const struct hl_source *src, size_t key, bool by_line)
{
	size_t lo = 0, hi = src->nmarks;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if ((by_line ? src->marks[mid].line : src->marks[mid].off) <=
		    key)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The 0-based line holding byte `off`, and where it starts. */
static size_t line_of(struct hl_source *src, size_t off, size_t *start)
{
	size_t lo = mark_before(src, off, false);
	const struct hl_line_mark *m = &src->marks[lo];
	size_t line = m->line, s = m->off;
	bool one = lo + 1 < src->nmarks ? src->marks[lo + 1].line == line + 1
					: line + 1 == src->nlines;
	if (!one)
		for (const char *p = src->data + s, *e = src->data + off;
		     p < e && (p = memchr(p, '\n', (size_t)(e - p))); p++) {
			line++;
			s = (size_t)(p - src->data) + 1;
		}
	*start = s;
	return line;
}

/* start_of without the remembered line: from the index. */
static size_t start_mark(struct hl_source *src, size_t line)
{
	size_t lo = mark_before(src, line, true);
	size_t l = src->marks[lo].line, s = src->marks[lo].off;
	while (l < line) {
		const char *p = memchr(src->data + s, '\n', src->len - s);
		s = (size_t)(p - src->data) + 1;
		l++;
	}
	return s;
}

/* Where 0-based line `line` (< nlines) starts. The line asked for last is
 * remembered: callers walk lines one at a time, forward or back. */
static size_t start_of(struct hl_source *src, size_t line)
{
	size_t s = src->walk_start;
	if (src->walk_valid && line == src->walk_line)
		return s;
	if (src->walk_valid && line == src->walk_line + 1) {
		const char *p = memchr(src->data + s, '\n', src->len - s);
		s = (size_t)(p - src->data) + 1;
	} else if (src->walk_valid && line + 1 == src->walk_line) {
		s--; /* the newline ending `line` */
		while (s > 0 && src->data[s - 1] != '\n')
			s--;
	} else
		s = start_mark(src, line);
	src->walk_valid = true;
	src->walk_line = line;
	src->walk_start = s;
	return s;
}

struct hl_pos hl_source_pos(struct hl_source *src, size_t off)
{
	if (!src->marks)
		index_lines(src);
	if (off > src->len)
		off = src->len;
	size_t start, lo;
	if (src->cur_valid && off >= src->cur_start && off <= src->cur_end) {
		lo = src->cur_line;
		start = src->cur_start;
	} else {
		lo = line_of(src, off, &start);
		const char *nl = memchr(src->data + start, '\n',
					src->len - start);
		src->cur_valid = true;
		src->cur_line = lo;
		src->cur_start = start;
		src->cur_end = nl ? (size_t)(nl - src->data) : src->len;
	}
	struct hl_pos p;
	/* a UTF-8 byte order mark is not a column */
	if (lo == 0 && src->len >= 3 && !memcmp(src->data, "\xEF\xBB\xBF", 3) &&
	    off >= 3)
		start = 3;
	p.line = (uint32_t)(lo + 1) + src->line_base;
	bool near = src->last_col && src->last_line == lo &&
		    src->last_off >= start;
	if (near && src->last_off <= off)
		p.col = src->last_col + hl_utf8_width(src->data + src->last_off,
						      off - src->last_off);
	else if (near && src->last_off - off < off - start)
		p.col = src->last_col -
			hl_utf8_width(src->data + off, src->last_off - off);
	else
		p.col = 1 + hl_utf8_width(src->data + start, off - start);
	src->last_line = lo;
	src->last_off = off;
	src->last_col = p.col;
	return p;
}

struct hl_span hl_source_span(struct hl_source *src, size_t from, size_t to)
{
	struct hl_span s;
	s.start = hl_source_pos(src, from);
	s.end = hl_source_pos(src, to);
	return s;
}

bool hl_source_line(struct hl_source *src, uint32_t line, const char **text,
		    size_t *len)
{
	if (!src->marks)
		index_lines(src);
	if (line <= src->line_base)
		return false;
	line -= src->line_base;
	if (line > src->nlines)
		return false;
	size_t start = start_of(src, line - 1);
	/* a UTF-8 byte order mark is not a column (hl_source_pos): the
	 * first line's text starts after it */
	if (start == 0 && !src->line_base && src->len >= 3 &&
	    !memcmp(src->data, "\xEF\xBB\xBF", 3))
		start = 3;
	const char *nl = memchr(src->data + start, '\n', src->len - start);
	size_t end = nl ? (size_t)(nl - src->data) : src->len;
	if (end > start && src->data[end - 1] == '\r')
		end--;
	*text = src->data + start;
	*len = end - start;
	return true;
}

static size_t seg_of(const struct hl_mtext *t, size_t off);

size_t hl_mtext_src(const struct hl_mtext *t, size_t off)
{
	size_t src;
	hl_mtext_run(t, off, &src);
	return src;
}

size_t hl_mtext_run(const struct hl_mtext *t, size_t off, size_t *src)
{
	if (!t->nsegs) {
		*src = off;
		return SIZE_MAX;
	}
	size_t g = seg_of(t, off);
	const struct hl_tseg *s = &t->segs[g];
	if (off < s->off) {
		*src = s->src;
		return 1;
	}
	*src = s->src + (off - s->off);
	size_t end = g + 1 < t->nsegs ? t->segs[g + 1].off : t->len;
	return end > off ? end - off : 1;
}

struct hl_span hl_mtext_span(struct hl_source *src, const struct hl_mtext *t,
			     size_t from, size_t to)
{
	struct hl_span s;
	s.start = hl_source_pos(src, hl_mtext_src(t, from));
	/* the end is just after the last byte, which may be in an earlier
	 * run than `to` */
	s.end = to > from ? hl_source_pos(src, hl_mtext_src(t, to - 1) + 1)
			  : s.start;
	return s;
}

/* The index of the segment that holds text byte `off`. */
static size_t seg_of(const struct hl_mtext *t, size_t off)
{
	size_t lo = 0, hi = t->nsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->segs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* [from, to) of `t` with its map; its bytes at `s`. */
static struct hl_mtext sub_at(struct hl_arena *a, const struct hl_mtext *t,
			      size_t from, size_t to, const char *s)
{
	struct hl_mtext r;
	r.s = s;
	r.len = to - from;
	r.segs = NULL;
	r.nsegs = 0;
	if (!t->nsegs)
		return r;
	size_t first = seg_of(t, from);
	size_t last = to > from ? seg_of(t, to - 1) : first;
	size_t n = last - first + 1;
	struct hl_tseg *segs = hl_arena_array(a, n, sizeof(*segs));
	for (size_t k = 0; k < n; k++) {
		const struct hl_tseg *g = &t->segs[first + k];
		if (g->off <= from) {
			segs[k].off = 0;
			segs[k].src = g->src + (from - g->off);
		} else {
			segs[k].off = g->off - from;
			segs[k].src = g->src;
		}
	}
	r.segs = segs;
	r.nsegs = n;
	return r;
}

struct hl_mtext hl_mtext_sub(struct hl_arena *a, const struct hl_mtext *t,
			     size_t from, size_t to)
{
	return sub_at(a, t, from, to,
		      hl_arena_strndup(a, t->s + from, to - from));
}

struct hl_mtext hl_mtext_suffix(struct hl_arena *a, const struct hl_mtext *t,
				size_t from)
{
	return sub_at(a, t, from, t->len, t->s + from);
}

#define MTB_HAND_OVER ((size_t)1 << 20)

void hl_mtb_init(struct hl_mtext_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->next_src = (size_t)-1;
}

void hl_mtb_add(struct hl_mtext_builder *b, const char *s, size_t len,
		size_t src)
{
	if (!len)
		return;
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + len + 1)
			cap *= 2;
		b->s = hl_xrealloc(b->s, cap);
		b->cap = cap;
	}
	if (src != b->next_src || !b->nsegs) {
		if (b->nsegs == b->scap) {
			b->scap = b->scap ? b->scap * 2 : 8;
			b->segs = hl_xrealloc(b->segs,
					      b->scap * sizeof(*b->segs));
		}
		b->segs[b->nsegs].off = b->len;
		b->segs[b->nsegs].src = src;
		b->nsegs++;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	b->next_src = src + len;
}

struct hl_mtext hl_mtb_take(struct hl_mtext_builder *b, struct hl_arena *a)
{
	struct hl_mtext r;
	if (b->cap > MTB_HAND_OVER) {
		/* a long text is handed over, not copied: a builder of a
		 * 12 MB line does not hold it twice (and its buffer not
		 * for the rest of the file) */
		char *s = hl_xrealloc(b->s, b->len + 1);
		hl_arena_take(a, s);
		r.s = s;
		b->s = NULL;
		b->cap = 0;
	} else {
		r.s = hl_arena_strndup(a, b->s ? b->s : "", b->len);
	}
	r.len = b->len;
	struct hl_tseg *segs = hl_arena_array(a, b->nsegs ? b->nsegs : 1,
					      sizeof(*segs));
	if (b->nsegs)
		memcpy(segs, b->segs, b->nsegs * sizeof(*segs));
	r.segs = segs;
	r.nsegs = b->nsegs;
	b->len = 0;
	b->nsegs = 0;
	b->next_src = (size_t)-1;
	return r;
}

void hl_mtb_release(struct hl_mtext_builder *b)
{
	free(b->s);
	free(b->segs);
	hl_mtb_init(b);
}

void hl_source_part(struct hl_source *part, struct hl_source *whole,
		    struct hl_arena *a, size_t from, size_t to, uint32_t lines)
{
	memset(part, 0, sizeof(*part));
	part->path = whole->path;
	part->data = whole->data + from;
	part->len = to - from;
	part->mapped = whole->mapped;
	part->part = true;
	part->arena = a;
	part->line_base = whole->line_base + lines;
	part->other_breaks = whole->other_breaks == 1 ? 1 : 0;
}

uint32_t hl_source_newlines(struct hl_source *src, size_t from, size_t to)
{
	uint32_t lines = 0;
	while (from < to) {
		size_t n = to - from < HL_SOURCE_MAP_MIN ? to - from
							 : HL_SOURCE_MAP_MIN;
		for (const char *p = src->data + from, *e = p + n;
		     (p = memchr(p, '\n', (size_t)(e - p))); p++)
			lines++;
		from += n;
		if (src->mapped && from > src->dropped)
			hl_source_drop(src, from);
	}
	return lines;
}

/* Tell the caller a mapping is going away. */
static void unmapping(struct hl_source *src)
{
	if (src->map && src->map->on_map)
		src->map->on_map(src->map->ctx, src->data, 0, src->path);
}

void hl_source_release(struct hl_source *src)
{
	if (src->part)
		return;
	if (src->mapped) {
		unmapping(src);
		munmap((void *)src->data, src->len);
	}
	src->mapped = false;
	src->data = NULL;
	src->len = 0;
}

void hl_source_drop(struct hl_source *src, size_t upto)
{
	if (!src->mapped)
		return;
	if (upto > src->len)
		upto = src->len;
	/* whole pages inside [data + dropped, data + upto), a megabyte at
	 * least at a time: each call costs a system call */
	if (upto < src->dropped + ((size_t)1 << 20) && upto < src->len)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)src->data + src->dropped + page - 1) &
			 ~(uintptr_t)(page - 1);
	src->dropped = upto;
	uintptr_t to = ((uintptr_t)src->data + upto) & ~(uintptr_t)(page - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

void hl_source_unmap(struct hl_source *src)
{
	if (!src->mapped)
		return;
	char *copy = hl_arena_alloc(src->arena, src->len + 1);
	memcpy(copy, src->data, src->len);
	copy[src->len] = '\0';
	unmapping(src);
	munmap((void *)src->data, src->len);
	src->data = copy;
	src->mapped = false;
}
