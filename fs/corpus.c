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
#include <pthread.h>
#include <stdatomic.h>
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

/* Entries per identification batch, and most worker threads. */
#define IDQ_BATCH 64
#define IDQ_THREADS 8

/* Preset dictionary of the deflated copies: the first reports' bytes. */
#define DICT_MAX 16384

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
	char *dict;            /* CORPUS_COPY: preset deflate dictionary */
	size_t dictlen;
	const char **warn;
	size_t nwarn;
	size_t warncap;
	struct arena arena;    /* paths, agencies, reasons, warnings */
};

/* What identifying one entry found; made on any thread. */
struct ident {
	int err;                   /* -ENOMEM; nothing else is an error */
	enum corpus_kind kind;
	int year;
	char *agency;              /* malloc'd, or NULL */
	char why[256];             /* CORPUS_SKIPPED */
	char *copy;                /* CORPUS_COPY reports: malloc'd */
	size_t clen;
};

/* One entry waiting to be identified. */
struct job {
	size_t entry;              /* index into corpus.e */
	const char *path;          /* the entry's path, arena-owned */
	struct buf data;           /* its bytes; reused between batches */
	struct ident id;
};

/* Per-thread deflate state for the copies. */
struct zctx {
	z_stream z;
	int ready;
};

struct batch {
	struct job jobs[IDQ_BATCH];
	size_t n;
	_Atomic size_t next;       /* next job to take */
	size_t done;               /* jobs finished; under idq.lock */
};

/*
 * The identification queue: the thread reading the archive fills one
 * batch of entries while the workers (and, when it has read a batch, the
 * reader itself) parse the other; results are applied in the reader's
 * thread, which alone touches the corpus.
 */
struct idq {
	struct corpus *c;
	struct batch b[2];
	struct batch *filling;
	struct batch *posted;      /* being identified, or NULL */
	pthread_mutex_t lock;
	pthread_cond_t work;       /* a batch was posted, or quit */
	pthread_cond_t done;       /* a posted batch finished */
	pthread_t th[IDQ_THREADS];
	size_t nth;
	int quit;
	int want_copy;             /* CORPUS_COPY: deflate reports */
	struct zctx z;             /* the reader's own */
};

/* State of the first pass that is not kept afterwards. */
struct pass {
	struct corpus *c;
	const struct corpus_opts *o;
	struct idq *q;
	iconv_t gb;            /* GB18030 -> UTF-8 for undecodable names */
	uint64_t total;        /* archive size, for progress */
	uint64_t done;         /* bytes read, for progress */
};

static void pass_progress(const struct pass *p)
{
	struct corpus_progress pr = {
		.entries = p->c->n,
		.bytes = p->done,
		.total = p->total,
	};

	if (p->o->progress)
		p->o->progress(p->o->progress_ctx, &pr);
}

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

/* Skipped, because "what" or "what: detail". */
static void ident_skip(struct ident *id, const char *what, const char *detail)
{
	id->kind = CORPUS_SKIPPED;
	snprintf(id->why, sizeof(id->why), "%s%s%s", what, detail ? ": " : "",
		 detail ? detail : "");
}

/* Deflate (d, len) with the corpus dictionary into id->copy. */
static void ident_deflate(const struct corpus *c, struct zctx *z,
			  const char *d, size_t len, struct ident *id)
{
	uLong bound;

	if (len > UINT32_MAX) {
		id->err = -EFBIG;
		return;
	}
	if (!z->ready) {
		memset(&z->z, 0, sizeof(z->z));
		/* raw deflate: no adler32 of the dictionary on every entry */
		if (deflateInit2(&z->z, 1, Z_DEFLATED, -15, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
			id->err = -ENOMEM;
			return;
		}
		z->ready = 1;
	}
	bound = deflateBound(&z->z, (uLong)len);
	id->copy = malloc(bound);
	if (!id->copy || deflateReset(&z->z) != Z_OK ||
	    (c->dictlen && deflateSetDictionary(&z->z, (const Bytef *)c->dict,
						(uInt)c->dictlen) != Z_OK)) {
		id->err = -ENOMEM;
		return;
	}
	z->z.next_in = (Bytef *)d;
	z->z.avail_in = (uInt)len;
	z->z.next_out = (Bytef *)id->copy;
	z->z.avail_out = (uInt)bound;
	if (deflate(&z->z, Z_FINISH) != Z_STREAM_END) {
		id->err = -ENOMEM;
		return;
	}
	id->clen = bound - z->z.avail_out;
}

/*
 * Identify one entry from its bytes: skipped with a reason, or a report
 * with agency, year and template (and its deflated copy when asked).
 * Thread-safe; reads the corpus dictionary only.
 */
static void identify(const struct corpus *c, struct zctx *z, int want_copy,
		     struct job *j)
{
	struct ident *id = &j->id;
	struct report *r = NULL;
	const char *why;
	int err;

	memset(id, 0, sizeof(*id));
	if (j->data.len == 0) {
		ident_skip(id, "empty", NULL);
		return;
	}
	why = known_binary(j->path, j->data.ptr, j->data.len);
	if (why) {
		ident_skip(id, why, NULL);
		return;
	}
	err = report_parse(j->data.ptr, j->data.len, base_name(j->path), &r);
	if (err == -EFBIG) {
		ident_skip(id, "too large", NULL);
		return;
	}
	if (err) {
		id->err = err;
		return;
	}
	switch (r->kind) {
	case REPORT_ANNUAL:
	case REPORT_LEGACY:
		id->kind = CORPUS_REPORT;
		id->year = r->id.year;
		if (r->id.agency) {
			id->agency = strdup(r->id.agency);
			if (!id->agency)
				id->err = -ENOMEM;
		}
		if (want_copy && !id->err)
			ident_deflate(c, z, j->data.ptr, j->data.len, id);
		break;
	case REPORT_NOT_TEXT:
		ident_skip(id, "not text", r->why);
		break;
	case REPORT_NOT_REPORT:
	default:
		ident_skip(id, "not an annual report", r->why);
		break;
	}
	report_free(r);
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

static int read_copy(const struct corpus *c, size_t i, struct buf *out)
{
	const struct loc *l = &c->loc[i];
	size_t len = (size_t)c->e[i].size;
	z_stream z;
	char *d;
	int err = 0, r;

	if (c->e[i].size > out->max - out->len)
		return -EFBIG;
	d = malloc(len ? len : 1);
	if (!d)
		return -ENOMEM;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK) {
		free(d);
		return -ENOMEM;
	}
	z.next_in = (Bytef *)l->copy;
	z.avail_in = l->clen;
	z.next_out = (Bytef *)d;
	z.avail_out = (uInt)len;
	r = c->dictlen ? inflateSetDictionary(&z, (const Bytef *)c->dict,
					      (uInt)c->dictlen) : Z_OK;
	if (r == Z_OK)
		r = inflate(&z, Z_FINISH);
	if (r != Z_STREAM_END || z.avail_out != 0)
		err = -EIO;
	inflateEnd(&z);
	if (!err)
		err = buf_add(out, d, len);
	free(d);
	return err;
}

/* ---- identification on several threads ---------------------------------- */

/* Take jobs of `b` until none is left; counts them as done. */
static void batch_run(struct idq *q, struct batch *b, struct zctx *z)
{
	size_t i, k = 0;

	while ((i = atomic_fetch_add(&b->next, 1)) < b->n) {
		identify(q->c, z, q->want_copy, &b->jobs[i]);
		k++;
	}
	pthread_mutex_lock(&q->lock);
	b->done += k;
	if (b->done == b->n)
		pthread_cond_broadcast(&q->done);
	pthread_mutex_unlock(&q->lock);
}

static void *idq_worker(void *arg)
{
	struct idq *q = arg;
	struct zctx z = { .ready = 0 };
	struct batch *b;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->quit && (!q->posted ||
				    atomic_load(&q->posted->next) >= q->posted->n))
			pthread_cond_wait(&q->work, &q->lock);
		if (q->quit)
			break;
		b = q->posted;
		pthread_mutex_unlock(&q->lock);
		batch_run(q, b, &z);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	if (z.ready)
		deflateEnd(&z.z);
	return NULL;
}

static struct idq *idq_new(struct corpus *c)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 1 ? (size_t)cpus - 1 : 0, i, k;
	struct idq *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	q->c = c;
	for (i = 0; i < 2; i++)
		for (k = 0; k < IDQ_BATCH; k++)
			buf_init(&q->b[i].jobs[k].data, REPORT_MAX_BYTES);
	q->filling = &q->b[0];
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	if (n > IDQ_THREADS)
		n = IDQ_THREADS;
	/* one worker at least, so that reading and parsing overlap */
	if (n == 0)
		n = 1;
	for (i = 0; i < n; i++)
		if (!pthread_create(&q->th[q->nth], NULL, idq_worker, q))
			q->nth++;
	return q;
}

static void batch_clear(struct batch *b)
{
	size_t k;

	for (k = 0; k < b->n; k++) {
		free(b->jobs[k].id.agency);
		free(b->jobs[k].id.copy);
		memset(&b->jobs[k].id, 0, sizeof(b->jobs[k].id));
	}
	b->n = 0;
	b->done = 0;
	atomic_store(&b->next, 0);
}

static void idq_free(struct idq *q)
{
	size_t i, k;

	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->quit = 1;
	pthread_cond_broadcast(&q->work);
	pthread_mutex_unlock(&q->lock);
	for (i = 0; i < q->nth; i++)
		pthread_join(q->th[i], NULL);
	for (i = 0; i < 2; i++) {
		batch_clear(&q->b[i]);
		for (k = 0; k < IDQ_BATCH; k++)
			buf_release(&q->b[i].jobs[k].data);
	}
	if (q->z.ready)
		deflateEnd(&q->z.z);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

/* Store what a job found in its entry (reader's thread). */
static int job_apply(struct corpus *c, struct job *j)
{
	struct corpus_entry *e = &c->e[j->entry];
	struct loc *l = &c->loc[j->entry];
	struct ident *id = &j->id;

	if (id->err)
		return id->err;
	e->kind = id->kind;
	e->year = id->year;
	if (id->kind == CORPUS_SKIPPED)
		return skip_entry(c, e, id->why);
	if (id->agency) {
		e->agency = arena_strndup(&c->arena, id->agency,
					  strlen(id->agency));
		if (!e->agency)
			return -ENOMEM;
	}
	if (id->copy) {
		l->copy = slab_store(c, id->copy, id->clen);
		if (!l->copy)
			return -ENOMEM;
		l->clen = (uint32_t)id->clen;
	}
	return 0;
}

/* The first reports' bytes become the dictionary of every copy. */
static int make_dict(struct corpus *c, const struct batch *b)
{
	size_t k, n;

	c->dict = malloc(DICT_MAX);
	if (!c->dict)
		return -ENOMEM;
	for (k = 0; k < b->n && c->dictlen < DICT_MAX; k++) {
		const struct buf *d = &b->jobs[k].data;

		n = d->len < DICT_MAX - c->dictlen ? d->len :
		    DICT_MAX - c->dictlen;
		if (n)
			memcpy(c->dict + c->dictlen, d->ptr, n);
		c->dictlen += n;
	}
	return 0;
}

/* Finish the posted batch, helping the workers, and apply its results. */
static int idq_drain(struct idq *q)
{
	struct batch *b = q->posted;
	size_t k;
	int err = 0;

	if (!b)
		return 0;
	batch_run(q, b, &q->z);
	pthread_mutex_lock(&q->lock);
	while (b->done < b->n)
		pthread_cond_wait(&q->done, &q->lock);
	q->posted = NULL;
	pthread_mutex_unlock(&q->lock);
	for (k = 0; k < b->n && !err; k++)
		err = job_apply(q->c, &b->jobs[k]);
	batch_clear(b);
	return err;
}

/* Hand the filling batch to the workers; the other one is filled next. */
static int idq_flush(struct idq *q)
{
	struct batch *b = q->filling;
	int err;

	err = idq_drain(q);
	if (err || !b->n)
		return err;
	if (q->want_copy && !q->c->dict) {
		err = make_dict(q->c, b);
		if (err)
			return err;
	}
	pthread_mutex_lock(&q->lock);
	q->posted = b;
	pthread_cond_broadcast(&q->work);
	pthread_mutex_unlock(&q->lock);
	q->filling = b == &q->b[0] ? &q->b[1] : &q->b[0];
	return 0;
}

/*
 * A free job for entry `entry` (whose path is set): the caller appends
 * the bytes to job->data and calls idq_commit().
 */
static int idq_job(struct idq *q, size_t entry, struct job **out)
{
	struct job *j;
	int err;

	if (q->filling->n == IDQ_BATCH) {
		err = idq_flush(q);
		if (err)
			return err;
	}
	j = &q->filling->jobs[q->filling->n];
	j->entry = entry;
	j->path = q->c->e[entry].path;
	j->data.len = 0;
	*out = j;
	return 0;
}

static void idq_commit(struct idq *q)
{
	q->filling->n++;
}

/* Identify everything still queued. */
static int idq_finish(struct idq *q)
{
	int err = idq_flush(q);

	return err ? err : idq_drain(q);
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
	struct job *j;
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
		err = idq_job(p->q, c->n - 1, &j);
		if (err)
			break;
		err = read_dir_file(c, c->n - 1, &j->data);
		if (err == -ENOMEM)
			break;
		if (err) {
			char msg[256];

			snprintf(msg, sizeof(msg), "unreadable: %s",
				 strerror(-err));
			err = skip_entry(c, e, msg);
			continue;
		}
		e->size = j->data.len;
		idq_commit(p->q);
		p->done += e->size;
		pass_progress(p);
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
	struct job *j;
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
			p->q->want_copy = c->mode == CORPUS_COPY;
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
		err = idq_job(p->q, c->n - 1, &j);
		if (err)
			return err;
		r = read_data(a, &j->data);
		e->size = j->data.len;
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
		idq_commit(p->q);
next:
		if (err)
			break;
		p->done = (uint64_t)archive_filter_bytes(a, -1);
		pass_progress(p);
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

/*
 * glibc's malloc during the pass: each parse builds and frees a few MB,
 * which by default goes back to the kernel (trim, munmap) and is faulted
 * in again for the next entry, a fifth of the pass's CPU time.  Keep up
 * to PASS_MALLOC_KEEP while parsing; afterwards trim to the default
 * again and give back what the parses used.
 */
#define PASS_MALLOC_KEEP (4 << 20)

static void pass_malloc(int start)
{
#ifdef __GLIBC__
	if (start) {
		mallopt(M_MMAP_THRESHOLD, PASS_MALLOC_KEEP);
		mallopt(M_TRIM_THRESHOLD, PASS_MALLOC_KEEP);
		return;
	}
	/* glibc's default */
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	malloc_trim(0);
#else
	(void)start;
#endif
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
	pass_malloc(1);
	p.c = c;
	p.o = o;
	p.q = idq_new(c);
	if (!p.q) {
		err = -ENOMEM;
		set_err(errbuf, errsize, "%s", strerror(ENOMEM));
		goto out_free;
	}
	c->path = realpath(path, NULL);
	if (!c->path || stat(c->path, &st)) {
		err = -errno;
		set_err(errbuf, errsize, "%s", strerror(errno));
		goto out_free;
	}
	c->mtime = st.st_mtime;
	p.total = S_ISDIR(st.st_mode) ? 0 : (uint64_t)st.st_size;
	p.gb = iconv_open("UTF-8", "GB18030");
	if (S_ISDIR(st.st_mode))
		err = open_dir(&p, errbuf, errsize);
	else
		err = open_archive(&p, errbuf, errsize);
	if (!err) {
		err = idq_finish(p.q);
		if (err)
			set_err(errbuf, errsize, "%s", strerror(-err));
	}
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
	idq_free(p.q);
	if (p.gb != (iconv_t)-1)
		iconv_close(p.gb);
	pass_malloc(0);
	*out = c;
	return 0;

out_free:
	idq_free(p.q);
	if (p.gb != (iconv_t)-1)
		iconv_close(p.gb);
	corpus_free(c);
	pass_malloc(0);
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
	free(c->dict);
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
