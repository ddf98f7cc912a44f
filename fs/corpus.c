/* SPDX-License-Identifier: MIT */
/* corpus.c - one pass over an archive or directory; entries read again without rescans */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "corpus.h"
#include "common.h"
#include "arena.h"
#include "utf8.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Bytes per slab of deflated copies (CORPUS_COPY). */
#define SLAB_SIZE ((size_t)1 << 20)

/* Read size of the archive during the first pass. */
#define PASS_BLOCK ((size_t)1 << 20)

/* Deepest directory nesting walked in CORPUS_DIR. */
#define DIR_DEPTH_MAX 64

/* Where an entry's bytes are found again. */
struct loc {
	uint64_t off;     /* CORPUS_SEEK: header offset; else unused */
	uint64_t span;    /* CORPUS_SEEK: bytes up to the next header, or 0 */
	const char *copy; /* CORPUS_COPY: deflated bytes in a slab */
	uint32_t clen;    /* CORPUS_COPY: their length */
};

struct slab {
	struct slab *next;
	size_t used;
	size_t cap;
	char data[];
};

struct corpus {
	char *path;            /* realpath of the archive or directory */
	const char *format;    /* arena */
	enum corpus_mode mode;
	int seek_format;       /* CORPUS_SEEK: ARCHIVE_FORMAT_ZIP or _TAR */
	int fd;                /* the archive (SEEK) or the directory (DIR) */
	int64_t mtime;
	struct corpus_entry *e;
	struct loc *loc;
	size_t n;
	size_t cap;
	struct slab *slabs;    /* newest first */
	size_t copy_bytes;
	const char **warn;
	size_t nwarn;
	size_t warncap;
	struct arena arena;    /* paths, agencies, reasons, warnings */
};

/* State of the first pass that is not kept afterwards. */
struct pass {
	struct corpus *c;
	const struct corpus_opts *o;
	struct buf data;       /* the current entry's bytes */
	iconv_t gb;            /* GB18030 -> UTF-8 for undecodable names */
	uint64_t total;        /* archive size, for progress */
	char *zbuf;            /* deflate output scratch */
	size_t zcap;
};

static void set_err(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (!errsize)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

static int add_warning(struct corpus *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_warning(struct corpus *c, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	char *s;
	int err;

	if (c->nwarn == c->warncap) {
		size_t cap = c->warncap ? 2 * c->warncap : 8;
		const char **w = realloc(c->warn, cap * sizeof(*w));

		if (!w)
			return -ENOMEM;
		c->warn = w;
		c->warncap = cap;
	}
	buf_init(&b, 4096);
	va_start(ap, fmt);
	err = buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (err == -EFBIG)
		err = 0;
	s = err ? NULL : arena_strndup(&c->arena, b.ptr ? b.ptr : "", b.len);
	buf_release(&b);
	if (!s)
		return -ENOMEM;
	c->warn[c->nwarn++] = s;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	size_t i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++) {
		char a = s[n - k + i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != suffix[i])
			return 0;
	}
	return 1;
}

/* ---- entries ---------------------------------------------------------- */

static struct corpus_entry *entry_add(struct corpus *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		struct corpus_entry *e = realloc(c->e, cap * sizeof(*e));
		struct loc *l;

		if (!e)
			return NULL;
		c->e = e;
		l = realloc(c->loc, cap * sizeof(*l));
		if (!l)
			return NULL;
		c->loc = l;
		c->cap = cap;
	}
	memset(&c->e[c->n], 0, sizeof(c->e[c->n]));
	memset(&c->loc[c->n], 0, sizeof(c->loc[c->n]));
	return &c->e[c->n++];
}

static int skip_entry(struct corpus *c, struct corpus_entry *e,
		      const char *why)
{
	e->kind = CORPUS_SKIPPED;
	e->why = arena_strndup(&c->arena, why, strlen(why));
	return e->why ? 0 : -ENOMEM;
}

/*
 * Entry names as UTF-8: kept when valid, else decoded as GB18030 (a
 * superset of GBK/CP936), else with U+FFFD for each bad byte.  "./" and
 * leading or trailing '/' are dropped.
 */
static const char *entry_name(struct pass *p, const char *raw)
{
	struct buf b;
	const char *s = raw ? raw : "";
	const char *name;
	size_t len;

	while (s[0] == '.' && s[1] == '/')
		s += 2;
	while (*s == '/')
		s++;
	len = strlen(s);
	while (len > 0 && s[len - 1] == '/')
		len--;
	buf_init(&b, 65536);
	if (utf8_valid(s, len)) {
		if (buf_add(&b, s, len))
			goto out_fail;
	} else {
		char out[4096];
		char *in = (char *)s, *o = out;
		size_t inleft = len, outleft = sizeof(out);

		if (p->gb != (iconv_t)-1) {
			iconv(p->gb, NULL, NULL, NULL, NULL);
			if (iconv(p->gb, &in, &inleft, &o, &outleft) !=
			    (size_t)-1 && inleft == 0) {
				if (buf_add(&b, out, (size_t)(o - out)))
					goto out_fail;
				goto out_done;
			}
		}
		for (in = (char *)s; in < s + len;) {
			uint32_t cp;
			size_t k = utf8_decode(in, (size_t)(s + len - in), &cp);
			char enc[4];

			if (buf_add(&b, enc, utf8_encode(cp, enc)))
				goto out_fail;
			in += k;
		}
	}
out_done:
	if (!b.len && buf_adds(&b, "(unnamed)"))
		goto out_fail;
	name = arena_strndup(&p->c->arena, b.ptr, b.len);
	buf_release(&b);
	return name;
out_fail:
	buf_release(&b);
	return NULL;
}

/* A reason to skip binary formats we know, before parsing; or NULL. */
static const char *known_binary(const char *name, const char *d, size_t len)
{
	if (len >= 5 && !memcmp(d, "%PDF-", 5))
		return "PDF document, not supported yet";
	if (len >= 4 && !memcmp(d, "PK\003\004", 4)) {
		if (ends_with(name, ".docx"))
			return "DOCX document, not supported yet";
		if (ends_with(name, ".xlsx"))
			return "XLSX workbook, not supported";
		return "zip archive inside the archive, not supported";
	}
	if (len >= 8 && !memcmp(d, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return "DOC/XLS (OLE) document, not supported yet";
	if (len >= 5 && !memcmp(d, "{\\rtf", 5))
		return "RTF document, not supported yet";
	return NULL;
}

/*
 * Identify one entry from its bytes in p->data: skipped with a reason, or
 * a report with agency, year and template.  Only -ENOMEM is an error.
 */
static int identify(struct pass *p, struct corpus_entry *e)
{
	struct corpus *c = p->c;
	struct report *r = NULL;
	const char *why;
	char msg[512];
	int err;

	if (p->data.len == 0)
		return skip_entry(c, e, "empty");
	why = known_binary(e->path, p->data.ptr, p->data.len);
	if (why)
		return skip_entry(c, e, why);
	err = report_parse(p->data.ptr, p->data.len, base_name(e->path), &r);
	if (err == -EFBIG)
		return skip_entry(c, e, "too large");
	if (err)
		return err;
	e->rkind = r->kind;
	switch (r->kind) {
	case REPORT_ANNUAL:
	case REPORT_LEGACY:
		e->kind = CORPUS_REPORT;
		e->year = r->id.year;
		e->tmpl = r->tmpl;
		if (r->id.agency) {
			e->agency = arena_strndup(&c->arena, r->id.agency,
						  strlen(r->id.agency));
			if (!e->agency)
				err = -ENOMEM;
		}
		break;
	case REPORT_NOT_TEXT:
		snprintf(msg, sizeof(msg), "not text%s%s",
			 r->why ? ": " : "", r->why ? r->why : "");
		err = skip_entry(c, e, msg);
		break;
	case REPORT_NOT_REPORT:
	default:
		snprintf(msg, sizeof(msg), "not an annual report%s%s",
			 r->why ? ": " : "", r->why ? r->why : "");
		err = skip_entry(c, e, msg);
		break;
	}
	report_free(r);
	return err;
}

/* ---- deflated copies (CORPUS_COPY) ------------------------------------ */

static const char *slab_store(struct corpus *c, const char *d, size_t len)
{
	struct slab *s = c->slabs;
	char *dst;

	if (!s || s->cap - s->used < len) {
		size_t cap = len > SLAB_SIZE ? len : SLAB_SIZE;

		s = malloc(sizeof(*s) + cap);
		if (!s)
			return NULL;
		s->cap = cap;
		s->used = 0;
		s->next = c->slabs;
		c->slabs = s;
	}
	dst = s->data + s->used;
	memcpy(dst, d, len);
	s->used += len;
	c->copy_bytes += len;
	return dst;
}

static int keep_copy(struct pass *p, struct loc *l)
{
	uLongf zlen;
	uLong bound = compressBound((uLong)p->data.len);

	if (p->data.len > UINT32_MAX)
		return -EFBIG;
	if (bound > p->zcap) {
		char *z = realloc(p->zbuf, bound);

		if (!z)
			return -ENOMEM;
		p->zbuf = z;
		p->zcap = bound;
	}
	zlen = bound;
	if (compress2((Bytef *)p->zbuf, &zlen, (const Bytef *)p->data.ptr,
		      (uLong)p->data.len, 1) != Z_OK)
		return -ENOMEM;
	l->copy = slab_store(p->c, p->zbuf, zlen);
	if (!l->copy)
		return -ENOMEM;
	l->clen = (uint32_t)zlen;
	return 0;
}

static int read_copy(const struct corpus *c, size_t i, struct buf *out)
{
	const struct loc *l = &c->loc[i];
	uLongf len = (uLongf)c->e[i].size;
	char *d;
	int err = 0;

	if (c->e[i].size > out->max - out->len)
		return -EFBIG;
	d = malloc(len ? len : 1);
	if (!d)
		return -ENOMEM;
	if (uncompress((Bytef *)d, &len, (const Bytef *)l->copy, l->clen) !=
	    Z_OK || len != c->e[i].size)
		err = -EIO;
	if (!err)
		err = buf_add(out, d, len);
	free(d);
	return err;
}

/* ---- one header read at an offset (CORPUS_SEEK) ------------------------ */

struct seek_src {
	int fd;
	uint64_t pos;
	uint64_t first; /* size of the first read: the entry's span */
	char *block;
	size_t cap;
};

static la_ssize_t seek_src_read(struct archive *a, void *ctx,
				const void **out)
{
	struct seek_src *s = ctx;
	size_t want = s->first ? (size_t)s->first : 65536;
	ssize_t n;

	s->first = 0;
	if (want > s->cap) {
		char *b = realloc(s->block, want);

		if (!b) {
			archive_set_error(a, ENOMEM, "out of memory");
			return -1;
		}
		s->block = b;
		s->cap = want;
	}
	do
		n = pread(s->fd, s->block, want, (off_t)s->pos);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	s->pos += (uint64_t)n;
	*out = s->block;
	return n;
}

static int read_seek(const struct corpus *c, size_t i, struct buf *out)
{
	const struct corpus_entry *e = &c->e[i];
	struct seek_src src = { .fd = c->fd, .pos = c->loc[i].off };
	struct archive_entry *ae;
	struct archive *a;
	size_t start = out->len;
	int err = 0, r;

	if (e->size > out->max - out->len)
		return -EFBIG;
	src.first = c->loc[i].span;
	if (src.first > (1u << 20) || src.first == 0)
		src.first = 65536;
	a = archive_read_new();
	if (!a)
		return -ENOMEM;
	if (c->seek_format == ARCHIVE_FORMAT_ZIP)
		archive_read_support_format_zip_streamable(a);
	else
		archive_read_support_format_tar(a);
	if (archive_read_open(a, &src, NULL, seek_src_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ae) < ARCHIVE_WARN ||
	    (archive_entry_size_is_set(ae) &&
	     (uint64_t)archive_entry_size(ae) != e->size)) {
		err = -EIO;
		goto out_free;
	}
	for (;;) {
		const void *blk;
		size_t len;
		la_int64_t off;

		r = archive_read_data_block(a, &blk, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN || off < 0 ||
		    (uint64_t)off != out->len - start) {
			err = -EIO;
			goto out_free;
		}
		err = buf_add(out, blk, len);
		if (err)
			goto out_free;
	}
	if (out->len - start != e->size)
		err = -EIO;
out_free:
	archive_read_free(a);
	free(src.block);
	return err;
}

/* ---- directories (CORPUS_DIR) ----------------------------------------- */

static int read_fd(int fd, struct buf *out)
{
	char chunk[65536];
	ssize_t n;
	int err;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return 0;
		err = buf_add(out, chunk, (size_t)n);
		if (err)
			return err;
	}
}

static int read_dir_file(const struct corpus *c, size_t i, struct buf *out)
{
	int fd, err;

	fd = openat(c->fd, c->e[i].path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	err = read_fd(fd, out);
	close(fd);
	return err;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in directory `rel` (relative to c->fd, "" for the top), sorted. */
static int list_dir(struct corpus *c, const char *rel, char ***names,
		    size_t *count)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	DIR *dir;
	int fd, err = 0;

	fd = openat(c->fd, *rel ? rel : ".",
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		err = -errno;
		close(fd);
		return err;
	}
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (n == cap) {
			char **nv;

			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*nv));
			if (!nv) {
				err = -ENOMEM;
				break;
			}
			v = nv;
		}
		v[n] = strdup(d->d_name);
		if (!v[n]) {
			err = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(dir);
	if (err) {
		while (n--)
			free(v[n]);
		free(v);
		return err;
	}
	if (n)
		qsort(v, n, sizeof(*v), name_cmp);
	*names = v;
	*count = n;
	return 0;
}

static int walk_dir(struct pass *p, const char *rel, int depth)
{
	struct corpus *c = p->c;
	char **names = NULL;
	size_t n = 0, i;
	int err;

	err = list_dir(c, rel, &names, &n);
	if (err) {
		err = add_warning(c, "cannot read directory '%s': %s",
				  *rel ? rel : ".", strerror(-err));
		return err;
	}
	for (i = 0; i < n && !err; i++) {
		struct corpus_entry *e;
		struct stat st;
		char *path;
		size_t plen = strlen(rel) + strlen(names[i]) + 2;

		path = malloc(plen);
		if (!path) {
			err = -ENOMEM;
			break;
		}
		snprintf(path, plen, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		if (fstatat(c->fd, path, &st, AT_SYMLINK_NOFOLLOW)) {
			err = add_warning(c, "cannot stat '%s': %s", path,
					  strerror(errno));
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth < DIR_DEPTH_MAX)
				err = walk_dir(p, path, depth + 1);
			else
				err = add_warning(c, "'%s': too deep, skipped",
						  path);
			free(path);
			continue;
		}
		e = entry_add(c);
		if (!e) {
			free(path);
			err = -ENOMEM;
			break;
		}
		e->path = entry_name(p, path);
		free(path);
		if (!e->path) {
			err = -ENOMEM;
			break;
		}
		e->mtime = st.st_mtime;
		e->size = (uint64_t)st.st_size;
		if (!S_ISREG(st.st_mode)) {
			err = skip_entry(c, e, S_ISLNK(st.st_mode) ?
				"symbolic link, not followed" :
				"not a regular file");
			continue;
		}
		if (e->size > REPORT_MAX_BYTES) {
			err = skip_entry(c, e, "too large");
			continue;
		}
		p->data.len = 0;
		err = read_dir_file(c, c->n - 1, &p->data);
		if (err == -ENOMEM)
			break;
		if (err) {
			char msg[256];

			snprintf(msg, sizeof(msg), "unreadable: %s",
				 strerror(-err));
			err = skip_entry(c, e, msg);
			continue;
		}
		e->size = p->data.len;
		err = identify(p, e);
		if (!err && p->o->progress && c->n % 256 == 0)
			p->o->progress(p->o->progress_ctx, c->n, 0);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err;
}

/* ---- archives --------------------------------------------------------- */

static struct archive *archive_new(const struct corpus_opts *o)
{
	struct archive *a = archive_read_new();
	char opt[128];

	if (!a)
		return NULL;
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (o->charset) {
		snprintf(opt, sizeof(opt), "hdrcharset=%s", o->charset);
		if (archive_read_set_options(a, opt) < ARCHIVE_WARN) {
			archive_read_free(a);
			return NULL;
		}
	}
	return a;
}

static const struct {
	int code;
	const char *name;
} format_names[] = {
	{ ARCHIVE_FORMAT_ZIP, "zip" },
	{ ARCHIVE_FORMAT_TAR, "tar" },
	{ ARCHIVE_FORMAT_7ZIP, "7z" },
	{ ARCHIVE_FORMAT_CPIO, "cpio" },
	{ ARCHIVE_FORMAT_RAR, "rar" },
	{ ARCHIVE_FORMAT_RAR_V5, "rar" },
	{ ARCHIVE_FORMAT_ISO9660, "iso9660" },
	{ ARCHIVE_FORMAT_AR, "ar" },
	{ ARCHIVE_FORMAT_XAR, "xar" },
	{ ARCHIVE_FORMAT_CAB, "cab" },
	{ ARCHIVE_FORMAT_LHA, "lha" },
};

static const char *format_name(int code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(format_names); i++)
		if (format_names[i].code == code)
			return format_names[i].name;
	return NULL;
}

/* Pick how entries are read again, once the format is known. */
static void choose_mode(struct corpus *c, struct archive *a)
{
	int fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
	const char *filter = archive_filter_count(a) > 1 ?
			     archive_filter_name(a, 0) : NULL;
	const char *name;
	char buf[128];

	name = format_name(fmt);
	if (!name)
		name = archive_format_name(a);

	if (!filter && (fmt == ARCHIVE_FORMAT_ZIP || fmt == ARCHIVE_FORMAT_TAR)) {
		c->mode = CORPUS_SEEK;
		c->seek_format = fmt;
	} else {
		c->mode = CORPUS_COPY;
	}
	snprintf(buf, sizeof(buf), "%s%s%s", name ? name : "archive",
		 filter ? " + " : "", filter ? filter : "");
	c->format = arena_strndup(&c->arena, buf, strlen(buf));
}

static int read_data(struct archive *a, struct buf *out)
{
	for (;;) {
		const void *blk;
		size_t len;
		la_int64_t off;
		int r = archive_read_data_block(a, &blk, &len, &off);

		if (r == ARCHIVE_EOF)
			return 0;
		if (r < ARCHIVE_WARN)
			return r;
		/* sparse files: zero-fill holes */
		while (off >= 0 && (uint64_t)off > out->len) {
			int err = buf_addch(out, '\0');

			if (err)
				return err;
		}
		if (len) {
			int err = buf_add(out, blk, len);

			if (err)
				return err;
		}
	}
}

static int scan_archive(struct pass *p, struct archive *a)
{
	struct corpus *c = p->c;
	struct archive_entry *ae;
	int r, err = 0;
	size_t first = c->n;

	for (;;) {
		struct corpus_entry *e;
		char msg[512];

		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY)
			continue;
		if (r == ARCHIVE_FATAL) {
			if (c->n == first && !c->format)
				return -EINVAL;
			err = add_warning(c, "archive damaged after %zu entries,"
					  " the rest is lost: %s", c->n,
					  archive_error_string(a));
			break;
		}
		if (!c->format) {
			choose_mode(c, a);
			if (!c->format)
				return -ENOMEM;
		}
		if (archive_entry_filetype(ae) == AE_IFDIR)
			continue;
		e = entry_add(c);
		if (!e)
			return -ENOMEM;
		e->path = entry_name(p, archive_entry_pathname_utf8(ae) ?
				     archive_entry_pathname_utf8(ae) :
				     archive_entry_pathname(ae));
		if (!e->path)
			return -ENOMEM;
		e->mtime = archive_entry_mtime_is_set(ae) ?
			   archive_entry_mtime(ae) : c->mtime;
		c->loc[c->n - 1].off = (uint64_t)archive_read_header_position(a);
		if (c->n - 1 > first && c->mode == CORPUS_SEEK) {
			struct loc *prev = &c->loc[c->n - 2];

			prev->span = c->loc[c->n - 1].off - prev->off;
		}
		if (r == ARCHIVE_FAILED) {
			snprintf(msg, sizeof(msg), "unreadable: %s",
				 archive_error_string(a));
			err = skip_entry(c, e, msg);
			goto next;
		}
		if (archive_entry_filetype(ae) != AE_IFREG) {
			err = skip_entry(c, e, archive_entry_filetype(ae) ==
					 AE_IFLNK ? "symbolic link" :
					 "not a regular file");
			goto next;
		}
		if (archive_entry_is_encrypted(ae)) {
			err = skip_entry(c, e, "encrypted");
			goto next;
		}
		if (archive_entry_size_is_set(ae) &&
		    archive_entry_size(ae) > (la_int64_t)REPORT_MAX_BYTES) {
			e->size = (uint64_t)archive_entry_size(ae);
			err = skip_entry(c, e, "too large");
			goto next;
		}
		p->data.len = 0;
		r = read_data(a, &p->data);
		e->size = p->data.len;
		if (r == -EFBIG) {
			err = skip_entry(c, e, "too large");
			goto next;
		}
		if (r == -ENOMEM)
			return -ENOMEM;
		if (r) {
			snprintf(msg, sizeof(msg), "unreadable: %s",
				 archive_error_string(a));
			err = skip_entry(c, e, msg);
			if (!err)
				err = add_warning(c, "cannot read '%s': %s",
						  e->path,
						  archive_error_string(a));
			if (!err && r == ARCHIVE_FATAL)
				err = add_warning(c, "archive damaged after "
						  "%zu entries, the rest is "
						  "lost", c->n);
			if (err || r == ARCHIVE_FATAL)
				break;
			goto next;
		}
		err = identify(p, e);
		if (!err && e->kind == CORPUS_REPORT && c->mode == CORPUS_COPY)
			err = keep_copy(p, &c->loc[c->n - 1]);
next:
		if (err)
			break;
		if (p->o->progress && c->n % 256 == 0)
			p->o->progress(p->o->progress_ctx,
				       (uint64_t)archive_filter_bytes(a, -1),
				       p->total);
	}
	return err;
}

static int open_archive(struct pass *p, char *errbuf, size_t errsize)
{
	struct corpus *c = p->c;
	struct archive *a;
	int err;

	c->fd = open(c->path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0) {
		err = -errno;
		set_err(errbuf, errsize, "%s", strerror(errno));
		return err;
	}
	a = archive_new(p->o);
	if (!a) {
		set_err(errbuf, errsize, "unknown name charset '%s'",
			p->o->charset ? p->o->charset : "");
		return p->o->charset ? -EINVAL : -ENOMEM;
	}
	if (archive_read_open_filename(a, c->path, PASS_BLOCK) != ARCHIVE_OK) {
		err = archive_errno(a) > 0 ? -archive_errno(a) : -EINVAL;
		set_err(errbuf, errsize, "%s", archive_error_string(a));
		goto out_free;
	}
	err = scan_archive(p, a);
	if (err == -EINVAL)
		set_err(errbuf, errsize, "%s", archive_error_string(a) ?
			archive_error_string(a) : "not an archive");
	else if (err)
		set_err(errbuf, errsize, "%s", strerror(-err));
out_free:
	archive_read_free(a);
	return err;
}

static int open_dir(struct pass *p, char *errbuf, size_t errsize)
{
	struct corpus *c = p->c;
	int err;

	c->mode = CORPUS_DIR;
	c->format = "directory";
	c->fd = open(c->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->fd < 0) {
		err = -errno;
		set_err(errbuf, errsize, "%s", strerror(errno));
		return err;
	}
	err = walk_dir(p, "", 0);
	if (err)
		set_err(errbuf, errsize, "%s", strerror(-err));
	return err;
}

int corpus_open(const char *path, const struct corpus_opts *o,
		struct corpus **out, char *errbuf, size_t errsize)
{
	static const struct corpus_opts no_opts;
	struct pass p = { .gb = (iconv_t)-1 };
	struct corpus *c;
	struct stat st;
	int err;

	if (!o)
		o = &no_opts;
	c = calloc(1, sizeof(*c));
	if (!c) {
		set_err(errbuf, errsize, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	c->fd = -1;
	arena_init(&c->arena);
	p.c = c;
	p.o = o;
	buf_init(&p.data, REPORT_MAX_BYTES);
	c->path = realpath(path, NULL);
	if (!c->path || stat(c->path, &st)) {
		err = -errno;
		set_err(errbuf, errsize, "%s", strerror(errno));
		goto out_free;
	}
	c->mtime = st.st_mtime;
	p.total = (uint64_t)st.st_size;
	p.gb = iconv_open("UTF-8", "GB18030");
	if (S_ISDIR(st.st_mode))
		err = open_dir(&p, errbuf, errsize);
	else
		err = open_archive(&p, errbuf, errsize);
	if (err)
		goto out_free;
	if (c->n && c->n < c->cap) {
		struct corpus_entry *e = realloc(c->e, c->n * sizeof(*e));
		struct loc *l = realloc(c->loc, c->n * sizeof(*l));

		if (e)
			c->e = e;
		if (l)
			c->loc = l;
		c->cap = c->n;
	}
	buf_release(&p.data);
	free(p.zbuf);
	if (p.gb != (iconv_t)-1)
		iconv_close(p.gb);
#ifdef __GLIBC__
	/* give back what the parses of the pass used */
	malloc_trim(0);
#endif
	*out = c;
	return 0;

out_free:
	buf_release(&p.data);
	free(p.zbuf);
	if (p.gb != (iconv_t)-1)
		iconv_close(p.gb);
	corpus_free(c);
	return err;
}

void corpus_free(struct corpus *c)
{
	struct slab *s, *next;

	if (!c)
		return;
	for (s = c->slabs; s; s = next) {
		next = s->next;
		free(s);
	}
	if (c->fd >= 0)
		close(c->fd);
	free(c->e);
	free(c->loc);
	free(c->warn);
	free(c->path);
	arena_release(&c->arena);
	free(c);
}

size_t corpus_count(const struct corpus *c)
{
	return c->n;
}

const struct corpus_entry *corpus_entry(const struct corpus *c, size_t i)
{
	return &c->e[i];
}

int corpus_read(const struct corpus *c, size_t i, struct buf *out)
{
	switch (c->mode) {
	case CORPUS_DIR:
		return read_dir_file(c, i, out);
	case CORPUS_SEEK:
		return read_seek(c, i, out);
	case CORPUS_COPY:
		return read_copy(c, i, out);
	}
	return -EIO;
}

int corpus_parse(const struct corpus *c, size_t i, struct report **out)
{
	struct buf b;
	int err;

	buf_init(&b, REPORT_MAX_BYTES);
	err = corpus_read(c, i, &b);
	if (!err)
		err = report_parse(b.ptr ? b.ptr : "", b.len,
				   base_name(c->e[i].path), out);
	buf_release(&b);
	return err;
}

size_t corpus_nwarnings(const struct corpus *c)
{
	return c->nwarn;
}

const char *corpus_warning(const struct corpus *c, size_t i)
{
	return c->warn[i];
}

const char *corpus_path(const struct corpus *c)
{
	return c->path;
}

const char *corpus_format(const struct corpus *c)
{
	return c->format ? c->format : "empty archive";
}

enum corpus_mode corpus_mode(const struct corpus *c)
{
	return c->mode;
}

int64_t corpus_mtime(const struct corpus *c)
{
	return c->mtime;
}

size_t corpus_copy_bytes(const struct corpus *c)
{
	return c->copy_bytes;
}
