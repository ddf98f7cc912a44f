/* SPDX-License-Identifier: MIT */
/* view.c - the mounted tree by path: stat, list and read over corpus, tree and cache */
#include "view.h"
#include "common.h"
#include "buf.h"
#include "cache.h"
#include "crossyear.h"
#include "render.h"
#include "tree.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Cap on one generated file (index.csv of a huge archive included). */
#define VIEW_FILE_MAX ((size_t)1 << 30)

/* Fixed cost of one cached value, on top of its bytes. */
#define VALUE_OVERHEAD 256

/* Threads rendering reports for index.csv. */
#define INDEX_THREADS_MAX 8

/* Reports rendered ahead of a reader going through the tree in order, and
 * the cache budget below which nothing is rendered ahead. */
#define PREFETCH_AHEAD 16
#define PREFETCH_MIN_CACHE ((size_t)4 << 20)

/* What stays known about a report after its first render: never freed
 * before the view, so sizes stay stable when the render is evicted. */
struct rep_file {
	const char *name; /* "tables/requests.csv", stored after the array */
	uint64_t size;
};

struct rep_info {
	enum report_template tmpl; /* from the whole parse */
	enum report_kind kind;
	int status;       /* 0 PASS, 1 WARN, 2 FAIL */
	unsigned failed;
	unsigned warned;
	size_t nfiles;
	struct rep_file files[];
};

/*
 * A cached value: a report's rendered files, index.csv's bytes, or the
 * /all files one after the other (file i at data + off[i], off[i + 1]).
 */
struct value {
	struct file_set *set;
	char *data;
	size_t len;
	size_t off[TREE_ALL_COUNT + 1];
	size_t bytes; /* what the cache counts */
};

struct view_file {
	size_t key;        /* cache key, or (size_t)-1 for README.txt */
	const char *data;  /* borrowed from the cache value or the view */
	size_t len;
};

struct view {
	uint64_t id;                  /* unique in the process */
	struct corpus *corpus;
	struct tree *tree;
	struct cache *cache;
	struct cache_ops ops;
	struct view_opts opts;
	size_t nreports;
	uint32_t *rep_entry;          /* report -> corpus entry */
	uint32_t *entry_rep;          /* corpus entry -> report or UINT32_MAX */
	_Atomic(struct rep_info *) *info;
	_Atomic uint64_t index_size;  /* index.csv: 0 until first made */
	/* /all: made on first touch, then kept for the mount's life (its
	 * reads come by path in pieces: it must not be made twice) */
	pthread_mutex_t all_lock;
	_Atomic(struct value *) all;
	_Atomic size_t ahead;         /* rank rendered ahead up to */
	char *readme;
	size_t readme_len;
	int64_t mtime;                /* of the archive: root, agencies */
};

#define NO_KEY ((size_t)-1)

/* Cache key of index.csv, after the reports' (0 .. nreports - 1). */
#define KEY_INDEX(v) ((v)->nreports)

static const char *const status_names[] = { "PASS", "WARN", "FAIL" };

/* ---- rendering ---------------------------------------------------------- */

/*
 * The validation.txt line of a report that shares agency and year with
 * others: "WARN identity.duplicate 2 reports have this agency and year:
 * this one ('b.txt') is /A/2020 (2); also 'a.txt' at /A/2020".
 */
static int dup_line(struct view *v, size_t k, struct buf *b)
{
	const size_t *m;
	size_t n = tree_report_group(v->tree, k, &m), i;
	const struct corpus_entry *e;
	int err;

	if (n < 2)
		return 0;
	e = corpus_entry(v->corpus, v->rep_entry[k]);
	err = buf_addf(b, "WARN identity.duplicate %zu reports have this "
		       "agency and year: this one ('%s') is ", n, e->path);
	if (!err)
		err = tree_node_path(v->tree, tree_report_node(v->tree, k), b);
	for (i = 0; i < n && !err; i++) {
		if (m[i] == k)
			continue;
		e = corpus_entry(v->corpus, v->rep_entry[m[i]]);
		err = buf_addf(b, "; also '%s' at ", e->path);
		if (!err)
			err = tree_node_path(v->tree,
					     tree_report_node(v->tree, m[i]), b);
	}
	return err;
}

/* Remember names, sizes and status of a first render (once per report). */
static int record_info(struct view *v, size_t k, const struct report *r,
		       const struct file_set *set)
{
	struct rep_info *info, *expected = NULL;
	size_t i, names = 0, size;
	char *p;

	if (atomic_load_explicit(&v->info[k], memory_order_acquire))
		return 0;
	for (i = 0; i < set->nfiles; i++)
		names += strlen(set->files[i].name) + 1;
	size = sizeof(*info) + set->nfiles * sizeof(info->files[0]) + names;
	info = malloc(size);
	if (!info)
		return -ENOMEM;
	info->tmpl = r->tmpl;
	info->kind = r->kind;
	info->status = set->status;
	info->failed = set->failed;
	info->warned = set->warned;
	info->nfiles = set->nfiles;
	p = (char *)&info->files[set->nfiles];
	for (i = 0; i < set->nfiles; i++) {
		size_t len = strlen(set->files[i].name) + 1;

		memcpy(p, set->files[i].name, len);
		info->files[i].name = p;
		info->files[i].size = set->files[i].len;
		p += len;
	}
	if (!atomic_compare_exchange_strong_explicit(&v->info[k], &expected,
			info, memory_order_acq_rel, memory_order_acquire))
		free(info);
	return 0;
}

/*
 * The report each thread parsed last, kept until it parses the next one:
 * readers and /all go through an agency's years in order, so last year's
 * report, which the cross-year checks need, is usually still there.
 */
struct last_parse {
	uint64_t view;       /* view_id of its view */
	size_t k;
	struct report *r;
};

static pthread_key_t last_key;
static pthread_once_t last_once = PTHREAD_ONCE_INIT;
static int last_ok;
static _Atomic uint64_t view_ids;

static void last_drop(void *p)
{
	struct last_parse *lp = p;

	report_free(lp->r);
	free(lp);
}

static void last_init(void)
{
	last_ok = !pthread_key_create(&last_key, last_drop);
}

/* This thread's last parse if it is report k of view v, else NULL. */
static const struct report *last_get(const struct view *v, size_t k)
{
	struct last_parse *lp;

	pthread_once(&last_once, last_init);
	lp = last_ok ? pthread_getspecific(last_key) : NULL;
	return lp && lp->view == v->id && lp->k == k ? lp->r : NULL;
}

/* Keep r (report k of v) as this thread's last parse, or free it. */
static void last_keep(const struct view *v, size_t k, struct report *r)
{
	struct last_parse *lp;

	pthread_once(&last_once, last_init);
	lp = last_ok ? pthread_getspecific(last_key) : NULL;
	if (!lp && last_ok) {
		lp = calloc(1, sizeof(*lp));
		if (lp && pthread_setspecific(last_key, lp)) {
			free(lp);
			lp = NULL;
		}
	}
	if (!lp) {
		report_free(r);
		return;
	}
	report_free(lp->r);
	lp->view = v->id;
	lp->k = k;
	lp->r = r;
}

/* Lines of the cross-year checks into `b`, when last year's report is here. */
static int crossyear_lines(struct view *v, size_t k, const struct report *r,
			   struct buf *b)
{
	const struct corpus_entry *e = corpus_entry(v->corpus, v->rep_entry[k]);
	const struct report *prev;
	struct report *own = NULL;
	size_t p;
	int err = 0;

	if (r->kind != REPORT_ANNUAL || !e->year)
		return 0;
	p = tree_report_of_year(v->tree, k, e->year - 1);
	if (p == (size_t)-1)
		return 0;
	prev = last_get(v, p);
	if (!prev) {
		err = corpus_parse(v->corpus, v->rep_entry[p], &own);
		if (err == -EFBIG)
			err = 0; /* too large to compare: its own report says so */
		prev = own;
	}
	if (!err && prev && prev->kind == REPORT_ANNUAL)
		err = crossyear_check(prev, r, b);
	report_free(own);
	return err;
}

/* Most extra validation.txt lines of one report. */
#define EXTRA_MAX 32

/* Split `b` (lines ending in LF) into NUL-terminated strings in `extra`. */
static void split_lines(struct buf *b, const char **extra, size_t max)
{
	size_t n = 0;
	char *p = b->ptr, *end = b->ptr + b->len, *nl;

	while (p < end && n + 1 < max) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl)
			*nl = '\0';
		extra[n++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	extra[n] = NULL;
}

static int load_report(struct view *v, size_t k, struct value **out)
{
	const struct corpus_entry *e = corpus_entry(v->corpus, v->rep_entry[k]);
	struct render_opts ro = { .csv_bom = v->opts.csv_bom, .source = e->path };
	const char *extra[EXTRA_MAX + 1];
	struct file_set *set = NULL;
	struct report *r = NULL;
	struct value *val;
	struct buf b;
	size_t i;
	int err;

	buf_init(&b, 1 << 20);
	err = corpus_parse(v->corpus, v->rep_entry[k], &r);
	if (err == -EFBIG)
		err = -EIO;
	if (!err)
		err = dup_line(v, k, &b);
	if (!err && b.len)
		err = buf_addch(&b, '\n');
	if (!err)
		err = crossyear_lines(v, k, r, &b);
	if (!err && b.len) {
		split_lines(&b, extra, ARRAY_SIZE(extra));
		ro.extra_checks = extra;
	}
	if (!err)
		err = render_report(r, &ro, &set);
	if (!err)
		err = record_info(v, k, r, set);
	if (!err)
		last_keep(v, k, r);
	else
		report_free(r);
	buf_release(&b);
	if (err) {
		file_set_free(set);
		return err;
	}
	val = calloc(1, sizeof(*val));
	if (!val) {
		file_set_free(set);
		return -ENOMEM;
	}
	val->set = set;
	val->bytes = VALUE_OVERHEAD;
	for (i = 0; i < set->nfiles; i++) {
		/* the buffers grew by doubling: give the slack back, so the
		 * cache's count is what the files really take */
		char *fit = realloc(set->files[i].data, set->files[i].len + 1);

		if (fit)
			set->files[i].data = fit;
		val->bytes += set->files[i].len + VALUE_OVERHEAD;
	}
	*out = val;
	return 0;
}

/* ---- index.csv ------------------------------------------------------------ */

static const struct rep_info *report_info(struct view *v, size_t k, int *err)
{
	struct rep_info *info;
	void *val;

	info = atomic_load_explicit(&v->info[k], memory_order_acquire);
	if (info)
		return info;
	*err = cache_get(v->cache, k, &val);
	if (*err)
		return NULL;
	cache_put(v->cache, k);
	return atomic_load_explicit(&v->info[k], memory_order_acquire);
}

struct index_job {
	struct view *v;
	_Atomic size_t next;
	_Atomic int err;
};

static void *index_worker(void *arg)
{
	struct index_job *job = arg;
	size_t k;
	int err = 0;

	while ((k = atomic_fetch_add(&job->next, 1)) < job->v->nreports) {
		if (atomic_load(&job->err))
			break;
		if (!report_info(job->v, k, &err)) {
			int expected = 0;

			atomic_compare_exchange_strong(&job->err, &expected,
						       err ? err : -EIO);
			break;
		}
	}
	return NULL;
}

/* Run fn(arg) on one thread per CPU (at most INDEX_THREADS_MAX), this
 * one included, and wait for all of them. */
static void run_threads(void *(*fn)(void *), void *arg)
{
	pthread_t th[INDEX_THREADS_MAX];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 0 ? (size_t)cpus : 1, i, started = 0;

	if (n > INDEX_THREADS_MAX)
		n = INDEX_THREADS_MAX;
	for (i = 1; i < n; i++)
		if (!pthread_create(&th[started], NULL, fn, arg))
			started++;
	fn(arg);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}

/* Render every report not rendered yet, on a few threads. */
static int render_all(struct view *v)
{
	struct index_job job = { .v = v };

	run_threads(index_worker, &job);
	return atomic_load(&job.err);
}

/* One CSV field: quoted when it holds a comma, quote or line break. */
static int csv_field(struct buf *b, const char *s, int last)
{
	int err = 0;

	if (s && s[strcspn(s, ",\"\r\n")]) {
		err = buf_addch(b, '"');
		for (; *s && !err; s++) {
			if (*s == '"')
				err = buf_addch(b, '"');
			if (!err)
				err = buf_addch(b, *s);
		}
		if (!err)
			err = buf_addch(b, '"');
	} else if (s) {
		err = buf_adds(b, s);
	}
	if (!err)
		err = buf_addch(b, last ? '\n' : ',');
	return err;
}

static const char *info_template(const struct rep_info *info)
{
	if (info->tmpl == TEMPLATE_2019)
		return "2019";
	if (info->tmpl == TEMPLATE_2021)
		return "2021";
	return info->kind == REPORT_LEGACY ? "legacy" : "";
}

/* One row of seven fields. */
static int csv_row(struct buf *b, const char *const f[7])
{
	int i, err = 0;

	for (i = 0; i < 7 && !err; i++)
		err = csv_field(b, f[i], i == 6);
	return err;
}

static int index_row(struct view *v, size_t i, struct buf *b)
{
	const struct corpus_entry *e = corpus_entry(v->corpus, i);
	const struct tree_node *dir;
	const struct rep_info *info;
	char num[2][24];
	size_t k = v->entry_rep[i];
	struct buf st;
	int err = 0;

	if (k == UINT32_MAX) {
		const char *f[7] = { "", "", "", NULL, "", "", e->path };

		buf_init(&st, 4096);
		err = buf_addf(&st, "skipped: %s", e->why ? e->why : "");
		if (!err) {
			f[3] = st.ptr;
			err = csv_row(b, f);
		}
		buf_release(&st);
		return err;
	}
	info = report_info(v, k, &err);
	if (!info)
		return err ? err : -EIO;
	dir = tree_report_node(v->tree, k);
	snprintf(num[0], sizeof(num[0]), "%u", info->failed);
	snprintf(num[1], sizeof(num[1]), "%u", info->warned);
	{
		const char *f[7] = {
			tree_node_name(tree_node_parent(v->tree, dir)),
			tree_node_name(dir), info_template(info),
			status_names[info->status > 2 ? 2 : info->status],
			num[0], num[1], e->path,
		};

		return csv_row(b, f);
	}
}

static int load_index(struct view *v, struct value **out)
{
	static const char *const head[7] = {
		"机关", "年度", "模板", "状态", "失败", "警告", "来源",
	};
	struct value *val;
	struct buf b;
	size_t i, n = corpus_count(v->corpus);
	int err;

	err = render_all(v);
	if (err)
		return err;
	buf_init(&b, VIEW_FILE_MAX);
	if (v->opts.csv_bom)
		err = buf_adds(&b, "\xef\xbb\xbf");
	if (!err)
		err = csv_row(&b, head);
	for (i = 0; i < n && !err; i++)
		err = index_row(v, i, &b);
	val = err ? NULL : calloc(1, sizeof(*val));
	if (!val) {
		buf_release(&b);
		return err ? err : -ENOMEM;
	}
	val->data = buf_detach(&b, &val->len);
	if (!val->data) {
		free(val);
		return -ENOMEM;
	}
	val->bytes = val->len + VALUE_OVERHEAD;
	atomic_store(&v->index_size, (uint64_t)val->len);
	*out = val;
	return 0;
}


/* ---- /all ------------------------------------------------------------------- */

/*
 * What one report adds to the /all files: its rows of the three CSVs,
 * each with 机关,年度 in front and 路径 behind, and its FAIL and WARN
 * lines with "<agency>/<year>\t" in front.
 */
enum { PIECE_REQ, PIECE_APP, PIECE_PRO, PIECE_FAIL, PIECE_WARN, PIECE_COUNT };

static const char *const piece_csv[3] = {
	[PIECE_REQ] = "tables/requests.csv",
	[PIECE_APP] = "tables/appeals.csv",
	[PIECE_PRO] = "tables/proactive.csv",
};

struct piece {
	char *s[PIECE_COUNT];
	size_t len[PIECE_COUNT];
};

/* Skip a BOM and the header line of a rendered CSV. */
static const char *csv_body(const struct rendered_file *f, const char **end)
{
	const char *p = f->data, *e = f->data + f->len, *nl;

	if (f->len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	nl = memchr(p, '\n', (size_t)(e - p));
	*end = e;
	return nl ? nl + 1 : e;
}

/* End of the CSV record starting at p (past its LF), quotes respected. */
static const char *csv_record_end(const char *p, const char *e)
{
	int quoted = 0;

	for (; p < e; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '\n' && !quoted)
			return p + 1;
	}
	return e;
}

static int piece_csv_rows(const struct rendered_file *f, const char *pre,
			  const char *post, struct buf *b)
{
	const char *end, *p = csv_body(f, &end), *q;
	int err = 0;

	for (; p < end && !err; p = q) {
		size_t n;

		q = csv_record_end(p, end);
		n = (size_t)(q - p);
		if (n && p[n - 1] == '\n')
			n--;
		err = buf_adds(b, pre);
		if (!err)
			err = buf_add(b, p, n);
		if (!err)
			err = buf_adds(b, post);
	}
	return err;
}

static int piece_problems(const struct rendered_file *f, const char *where,
			  struct buf *fails, struct buf *warns)
{
	const char *p = f->data, *end = f->data + f->len, *q;
	int err = 0;

	for (; p < end && !err; p = q) {
		struct buf *b = NULL;

		q = memchr(p, '\n', (size_t)(end - p));
		q = q ? q + 1 : end;
		if ((size_t)(q - p) > 5 && !memcmp(p, "FAIL ", 5))
			b = fails;
		else if ((size_t)(q - p) > 5 && !memcmp(p, "WARN ", 5))
			b = warns;
		if (!b)
			continue;
		err = buf_adds(b, where);
		if (!err)
			err = buf_addch(b, '\t');
		if (!err)
			err = buf_add(b, p, (size_t)(q - p));
		if (!err && q[-1] != '\n')
			err = buf_addch(b, '\n');
	}
	return err;
}

/* Build report k's piece from its rendered files. */
static int make_piece(struct view *v, size_t k, const struct file_set *set,
		      struct piece *pc)
{
	const struct tree_node *dir = tree_report_node(v->tree, k);
	const struct rendered_file *f;
	struct buf b[PIECE_COUNT], pre, post, where;
	int year = corpus_entry(v->corpus, v->rep_entry[k])->year, err, i;

	buf_init(&pre, 4096);
	buf_init(&post, 4096);
	buf_init(&where, 4096);
	for (i = 0; i < PIECE_COUNT; i++)
		buf_init(&b[i], VIEW_FILE_MAX);
	err = csv_field(&pre, tree_node_name(tree_node_parent(v->tree, dir)),
			0);
	if (!err && year)
		err = buf_addf(&pre, "%d", year);
	if (!err)
		err = buf_addch(&pre, ',');
	if (!err)
		err = buf_addch(&where, ',');
	if (!err)
		err = tree_node_path(v->tree, dir, &where);
	if (!err)
		err = buf_addch(&post, ',');
	if (!err)
		err = csv_field(&post, where.ptr + 1, 1);
	for (i = PIECE_REQ; i <= PIECE_PRO && !err; i++) {
		f = file_set_find(set, piece_csv[i]);
		if (f)
			err = piece_csv_rows(f, pre.ptr, post.ptr, &b[i]);
	}
	f = file_set_find(set, "validation.txt");
	if (!err && f)
		/* "/A/2021" without its slash: a path relative to the root */
		err = piece_problems(f, where.ptr + 2, &b[PIECE_FAIL],
				     &b[PIECE_WARN]);
	for (i = 0; i < PIECE_COUNT; i++) {
		if (!err && b[i].len) {
			pc->s[i] = buf_detach(&b[i], &pc->len[i]);
			if (!pc->s[i])
				err = -ENOMEM;
		}
		buf_release(&b[i]);
	}
	buf_release(&pre);
	buf_release(&post);
	buf_release(&where);
	return err;
}

/* Heap glibc may keep while /all is made (see get_all()). */
#define ALL_MALLOC_KEEP (8 << 20)

/* Reports a thread takes at a time for /all. */
#define ALL_CHUNK 64

struct all_job {
	struct view *v;
	struct piece *pieces;
	_Atomic size_t next;
	_Atomic int err;
};

static int all_one(struct all_job *job, size_t k)
{
	struct view *v = job->v;
	void *p;
	int err;

	err = cache_get(v->cache, k, &p);
	if (err)
		return err;
	err = make_piece(v, k, ((struct value *)p)->set, &job->pieces[k]);
	cache_put(v->cache, k);
	return err;
}

static void *all_worker(void *arg)
{
	struct all_job *job = arg;
	size_t n = job->v->nreports, r, end;
	int err = 0, expected = 0;

	/* runs of reports in listing order: an agency's years one after the
	 * other on one thread, so last year's parse is at hand */
	while (!err && (r = atomic_fetch_add(&job->next, ALL_CHUNK)) < n) {
		end = r + ALL_CHUNK < n ? r + ALL_CHUNK : n;
		for (; r < end && !err && !atomic_load(&job->err); r++)
			err = all_one(job, tree_report_at(job->v->tree, r));
	}
	if (err)
		atomic_compare_exchange_strong(&job->err, &expected, err);
	return NULL;
}

/* Every report's piece, made on a few threads. */
static int make_pieces(struct view *v, struct piece *pieces)
{
	struct all_job job = { .v = v, .pieces = pieces };

	run_threads(all_worker, &job);
	return atomic_load(&job.err);
}

/* Header rows of the /all CSVs: 机关,年度,<the report's header>,路径. */
static int all_header(struct view *v, int piece, struct buf *b)
{
	int err = 0;

	if (v->opts.csv_bom)
		err = buf_adds(b, "\xef\xbb\xbf");
	if (!err)
		err = buf_adds(b, "机关,年度,");
	if (!err)
		err = render_csv_header(piece_csv[piece], b);
	if (!err) {
		b->len--; /* its LF */
		err = buf_adds(b, ",路径\n");
	}
	return err;
}

static const int all_order[TREE_ALL_COUNT] = {
	[TREE_ALL_APPEALS] = PIECE_APP,
	[TREE_ALL_PROACTIVE] = PIECE_PRO,
	[TREE_ALL_PROBLEMS] = PIECE_FAIL, /* then PIECE_WARN */
	[TREE_ALL_REQUESTS] = PIECE_REQ,
};

/* One /all file: its header, then the reports' pieces in listing order,
 * each freed once copied. */
static int all_file(struct view *v, struct piece *pieces, unsigned f,
		    struct buf *b)
{
	int pc = all_order[f], last = f == TREE_ALL_PROBLEMS ? PIECE_WARN : pc;
	size_t r, k;
	int err = 0;

	if (f != TREE_ALL_PROBLEMS)
		err = all_header(v, pc, b);
	for (; pc <= last && !err; pc++)
		for (r = 0; r < v->nreports && !err; r++) {
			k = tree_report_at(v->tree, r);
			err = buf_add(b, pieces[k].s[pc], pieces[k].len[pc]);
			free(pieces[k].s[pc]);
			pieces[k].s[pc] = NULL;
		}
	return err;
}

static int load_all(struct view *v, struct value **out)
{
	struct piece *pieces = calloc(v->nreports + 1, sizeof(*pieces));
	struct value *val = calloc(1, sizeof(*val));
	struct buf b;
	size_t k, total = 0;
	unsigned f;
	int err = -ENOMEM, i;

	buf_init(&b, VIEW_FILE_MAX);
	if (!pieces || !val)
		goto out;
	err = make_pieces(v, pieces);
	/* one allocation of the final size: no slack, no copy */
	for (k = 0; k < v->nreports && !err; k++)
		for (i = 0; i < PIECE_COUNT; i++)
			total += pieces[k].len[i];
	if (!err)
		err = buf_reserve(&b, total + 4096);
	for (f = 0; f < TREE_ALL_COUNT && !err; f++) {
		val->off[f] = b.len;
		err = all_file(v, pieces, f, &b);
	}
	val->off[TREE_ALL_COUNT] = b.len;
	if (!err) {
		val->data = buf_detach(&b, &val->len);
		if (!val->data)
			err = -ENOMEM;
	}
out:
	for (k = 0; pieces && k < v->nreports; k++)
		for (i = 0; i < PIECE_COUNT; i++)
			free(pieces[k].s[i]);
	free(pieces);
	buf_release(&b);
	if (err) {
		free(val);
		return err;
	}
	val->bytes = val->len + VALUE_OVERHEAD;
	*out = val;
	return 0;
}

/* The /all files, made once; NULL with *err on failure (tried again on
 * the next touch). */
static const struct value *get_all(struct view *v, int *err)
{
	struct value *val = atomic_load(&v->all);

	if (val)
		return val;
	pthread_mutex_lock(&v->all_lock);
	val = atomic_load(&v->all);
	if (!val) {
#ifdef __GLIBC__
		/* every parse builds and frees a few MB: keep them in the heap
		 * while all reports are rendered (as the mount's first pass
		 * does) instead of faulting them in again each time */
		mallopt(M_TRIM_THRESHOLD, ALL_MALLOC_KEEP);
#endif
		*err = load_all(v, &val);
		if (!*err)
			atomic_store(&v->all, val);
#ifdef __GLIBC__
		/* then give the pages back, so /all costs its own size (plus
		 * the cache bound) */
		mallopt(M_TRIM_THRESHOLD, 128 * 1024);
		malloc_trim(0);
#endif
	}
	pthread_mutex_unlock(&v->all_lock);
	return val;
}

/* ---- cache glue ------------------------------------------------------------ */

static int value_load(void *ctx, size_t key, void **value, size_t *bytes)
{
	struct view *v = ctx;
	struct value *val = NULL;
	int err;

	if (key == KEY_INDEX(v))
		err = load_index(v, &val);
	else
		err = load_report(v, key, &val);
	if (err)
		return err;
	*value = val;
	*bytes = val->bytes;
	return 0;
}

static void value_drop(void *ctx, void *value)
{
	struct value *val = value;

	(void)ctx;
	file_set_free(val->set);
	free(val->data);
	free(val);
}

/* ---- README.txt ------------------------------------------------------------ */

static int make_readme(struct view *v)
{
	const struct corpus *c = v->corpus;
	const char *name = strrchr(corpus_path(c), '/');
	size_t n = corpus_count(c);
	struct buf b;
	int err;

	name = name && name[1] ? name + 1 : corpus_path(c);
	buf_init(&b, VIEW_FILE_MAX);
	err = buf_addf(&b,
"reportfs: 政府信息公开工作年度报告 / government information disclosure\n"
"annual reports, read-only\n"
"\n"
"来源 source:    %s (%s)\n"
"条目 entries:   %zu (报告 reports %zu, 跳过 skipped %zu)\n"
"机关 agencies:  %zu\n"
"\n", name, corpus_format(c), n, v->nreports, n - v->nreports,
		tree_nagencies(v->tree));
	if (!err)
		err = buf_adds(&b,
"目录结构 layout\n"
"  /README.txt                 本说明 / this file\n"
"  /index.csv                  每个归档条目一行 / one row per archive entry:\n"
"                              机关,年度,模板,状态,失败,警告,来源\n"
"  /<机关>/<年度>/             一份报告 / one report:\n"
"      report.txt              全文（UTF-8）/ the whole text as UTF-8\n"
"      1-overview.txt … 6-other.txt\n"
"                              六个部分（报告缺少的部分没有文件）\n"
"                              the six sections (none for a missing one)\n"
"      tables/*.csv            三张统计表 / the three tables\n"
"      validation.txt          逐条校验 PASS/WARN/FAIL / the checks\n"
"  /all/                       全部报告合并 / every report together:\n"
"      requests.csv appeals.csv proactive.csv\n"
"                              各报告的表格按机关、年度排列，前加 机关,年度，\n"
"                              后加 路径 / every report's table stacked by\n"
"                              agency and year: 机关,年度,<columns>,路径\n"
"      problems.txt            所有 FAIL 和 WARN，先 FAIL 后 WARN，每行以\n"
"                              \"机关/年度<TAB>\" 开头 / every FAIL, then\n"
"                              every WARN line, after \"agency/year<TAB>\"\n"
"  /by-year/<年度>/<机关>      指向 /<机关>/<年度> 的符号链接 / a symbolic\n"
"                              link to /<agency>/<year>\n"
"\n"
"命名 names\n"
"  机关不详时用条目文件名（去掉扩展名），年度不详时用 " TREE_UNKNOWN_YEAR "。\n"
"  Unknown agency: the entry's file name without extension; unknown\n"
"  year: \"" TREE_UNKNOWN_YEAR "\".\n"
"  同一机关同一年度有多份报告时，按条目路径排序，第二份起为\n"
"  \"2023 (2)\"、\"2023 (3)\"…，validation.txt 中注明。\n"
"  Several reports for one agency and year: \"2023\", \"2023 (2)\", ...\n"
"  in order of entry path; their validation.txt says so.\n"
"  名称中的 / 和控制字符替换为 _，最长 255 字节。\n"
"  '/' and control characters become '_'; names are cut at 255 bytes.\n"
"\n"
"index.csv\n"
"  状态 status: PASS, WARN, FAIL (validation.txt 的结论 / its verdict),\n"
"  或 or \"skipped: <原因 reason>\" 表示不是报告的条目（PDF、DOCX、\n"
"  二进制、空文件、无法读取）/ for entries that are not reports (PDF,\n"
"  DOCX, binary, empty, unreadable).\n"
"  失败、警告 failed, warned: validation.txt 中 FAIL、WARN 的条数 / counts.\n"
"  来源 source: 归档中的条目路径 / the entry's path in the archive.\n"
"  首次读取时校验全部报告 / the first read validates every report.\n"
"\n"
"跨年度校验 cross-year checks\n"
"  同一机关上一年度的报告也在归档中时，validation.txt 增加\n"
"  When the agency's previous year is here too, validation.txt adds\n"
"  crossyear.carry (上年 四、结转下年度 = 本年 二、上年结转, FAIL),\n"
"  crossyear.copy (与上年相同，年份除外 / same as last year, WARN),\n"
"  crossyear.normative (现行有效件数, INFO).\n"
"\n"
"不挂载也可以 without mounting\n"
"  reportfs check ARCHIVE        每份报告的校验结论 / each report's status\n"
"  reportfs export ARCHIVE DIR   把这个目录树写成普通文件 / this tree as\n"
"                                plain files (same names and bytes)\n");
	if (err) {
		buf_release(&b);
		return err;
	}
	v->readme = buf_detach(&b, &v->readme_len);
	return v->readme ? 0 : -ENOMEM;
}

/*
 * A reader touched report k: render the next reports in listing order in
 * the background (find, ls -R, cp -r and tar walk the tree in that
 * order), once each, unless the reader jumped back.
 */
static void view_touch(struct view *v, size_t k)
{
	size_t r = tree_report_rank(v->tree, k), want, old, from, i;

	if (v->opts.cache_size < PREFETCH_MIN_CACHE)
		return;
	want = r + PREFETCH_AHEAD;
	if (want >= v->nreports)
		want = v->nreports - 1;
	old = atomic_load(&v->ahead);
	do {
		if (want <= old && old <= r + 4 * PREFETCH_AHEAD)
			return;
	} while (!atomic_compare_exchange_weak(&v->ahead, &old, want));
	from = old < want && old > r ? old + 1 : r + 1;
	for (i = from; i <= want; i++)
		cache_prefetch(v->cache, tree_report_at(v->tree, i));
}

/* ---- lookups ---------------------------------------------------------------- */

/*
 * What `rest` names inside a rendered report: a file (*file is its index)
 * or a directory (*file is -1, *first the index of its first file).
 */
static int rep_resolve(const struct rep_info *info, const char *rest,
		       long *file, size_t *first)
{
	size_t len = strlen(rest), i;

	while (len > 0 && rest[len - 1] == '/')
		len--;
	for (i = 0; i < info->nfiles; i++) {
		const char *name = info->files[i].name;

		if (!strncmp(name, rest, len)) {
			if (name[len] == '\0') {
				*file = (long)i;
				return 0;
			}
			if (name[len] == '/') {
				*file = -1;
				*first = i;
				return 0;
			}
		}
	}
	return -ENOENT;
}

static uint64_t rep_ino(struct view *v, size_t k, const struct rep_info *info,
			long file, size_t first)
{
	size_t slot = file >= 0 ? (size_t)file : info->nfiles + first;

	if (slot >= TREE_REPORT_SLOTS)
		slot = TREE_REPORT_SLOTS - 1;
	return tree_report_ino(v->tree, k, (unsigned)slot);
}

static void stat_dir(struct view_stat *st, uint64_t ino, int64_t mtime,
		     unsigned nlink)
{
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mtime = mtime;
	st->nlink = nlink;
	st->is_dir = 1;
	st->exact = 1;
}

static void stat_file(struct view_stat *st, uint64_t ino, int64_t mtime,
		      uint64_t size, int exact)
{
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mtime = mtime;
	st->nlink = 1;
	st->size = size;
	st->exact = exact;
}

/* Stat of a fixed node; generated files' sizes may be unknown (!exact). */
static void node_stat(struct view *v, const struct tree_node *n,
		      struct view_stat *st)
{
	uint64_t ino = tree_node_ino(v->tree, n);
	const struct value *all;
	struct buf b;
	size_t k;

	switch (tree_node_kind(n)) {
	case TREE_ROOT:
	case TREE_AGENCY:
	case TREE_ALL_DIR:
	case TREE_BY_YEAR_DIR:
	case TREE_YEAR:
		/* 2 + subdirectories: /all and links do not count */
		stat_dir(st, ino, v->mtime, tree_node_kind(n) == TREE_ALL_DIR ||
			 tree_node_kind(n) == TREE_YEAR ? 2 :
			 2 + (unsigned)tree_node_nchildren(n));
		break;
	case TREE_README_FILE:
		stat_file(st, ino, v->mtime, v->readme_len, 1);
		break;
	case TREE_INDEX_FILE:
		k = (size_t)atomic_load(&v->index_size);
		stat_file(st, ino, v->mtime, k, k != 0);
		break;
	case TREE_ALL_FILE:
		all = atomic_load(&v->all);
		k = tree_node_all(n);
		stat_file(st, ino, v->mtime,
			  all ? all->off[k + 1] - all->off[k] : 0, !!all);
		break;
	case TREE_LINK:
		buf_init(&b, 4 * TREE_NAME_MAX);
		tree_link_target(v->tree, n, &b);
		stat_file(st, ino, v->mtime, b.len, 1);
		st->is_link = 1;
		buf_release(&b);
		break;
	case TREE_REPORT:
		k = tree_node_report(n);
		stat_dir(st, ino, corpus_entry(v->corpus, v->rep_entry[k])->mtime,
			 1);
		break;
	}
}

static int index_size(struct view *v, uint64_t *size)
{
	void *val;
	int err;

	*size = atomic_load(&v->index_size);
	if (*size)
		return 0;
	err = cache_get(v->cache, KEY_INDEX(v), &val);
	if (err)
		return err;
	cache_put(v->cache, KEY_INDEX(v));
	*size = atomic_load(&v->index_size);
	return 0;
}

static int all_size(struct view *v, enum tree_all_file f, uint64_t *size)
{
	const struct value *all;
	int err = 0;

	all = get_all(v, &err);
	if (!all)
		return err;
	*size = all->off[f + 1] - all->off[f];
	return 0;
}

int view_getattr(struct view *v, const char *path, struct view_stat *st)
{
	const struct tree_node *n;
	const struct rep_info *info;
	const char *rest;
	size_t k, first = 0;
	long file;
	int err;

	err = tree_lookup(v->tree, path, &n, &rest);
	if (err)
		return err;
	node_stat(v, n, st);
	if (tree_node_kind(n) == TREE_INDEX_FILE && !st->exact) {
		err = index_size(v, &st->size);
		st->exact = 1;
		return err;
	}
	if (tree_node_kind(n) == TREE_ALL_FILE && !st->exact) {
		err = all_size(v, tree_node_all(n), &st->size);
		st->exact = 1;
		return err;
	}
	if (tree_node_kind(n) != TREE_REPORT || !*rest)
		return 0;
	k = tree_node_report(n);
	view_touch(v, k);
	err = 0;
	info = report_info(v, k, &err);
	if (!info)
		return err ? err : -EIO;
	err = rep_resolve(info, rest, &file, &first);
	if (err)
		return err;
	if (file >= 0)
		stat_file(st, rep_ino(v, k, info, file, 0), st->mtime,
			  info->files[file].size, 1);
	else
		stat_dir(st, rep_ino(v, k, info, -1, first), st->mtime, 1);
	return 0;
}

/* List the children of directory `prefix` ("" or "tables") of a report. */
static int report_readdir(struct view *v, size_t k, const char *prefix,
			  int (*fill)(void *ctx, const char *name,
				      const struct view_stat *st),
			  void *ctx)
{
	const struct rep_info *info;
	int64_t mtime = corpus_entry(v->corpus, v->rep_entry[k])->mtime;
	size_t plen = strlen(prefix), i, j;
	int err = 0;

	while (plen > 0 && prefix[plen - 1] == '/')
		plen--;
	info = report_info(v, k, &err);
	if (!info)
		return err ? err : -EIO;
	if (plen) {
		long file;
		size_t first;

		err = rep_resolve(info, prefix, &file, &first);
		if (err)
			return err;
		if (file >= 0)
			return -ENOTDIR;
	}
	for (i = 0; i < info->nfiles; i++) {
		const char *name = info->files[i].name, *end;
		char comp[TREE_NAME_MAX + 1];
		struct view_stat st;
		size_t clen;
		int seen = 0;

		if (plen && (strncmp(name, prefix, plen) || name[plen] != '/'))
			continue;
		name += plen ? plen + 1 : 0;
		end = strchr(name, '/');
		clen = end ? (size_t)(end - name) : strlen(name);
		if (clen > TREE_NAME_MAX)
			continue;
		if (end) {
			/* a folder: list it once, at its first file */
			for (j = 0; j < i && !seen; j++) {
				const char *o = info->files[j].name;

				seen = (!plen || (!strncmp(o, prefix, plen) &&
						  o[plen] == '/')) &&
				       !strncmp(o + (plen ? plen + 1 : 0),
						name, clen + 1);
			}
			if (seen)
				continue;
			stat_dir(&st, rep_ino(v, k, info, -1, i), mtime, 1);
		} else {
			stat_file(&st, rep_ino(v, k, info, (long)i, 0), mtime,
				  info->files[i].size, 1);
		}
		memcpy(comp, name, clen);
		comp[clen] = '\0';
		if (fill(ctx, comp, &st))
			break;
	}
	return 0;
}

int view_readdir(struct view *v, const char *path,
		 int (*fill)(void *ctx, const char *name,
			     const struct view_stat *st),
		 void *ctx)
{
	const struct tree_node *n, *c;
	const char *rest;
	struct view_stat st;
	size_t i;
	int err;

	err = tree_lookup(v->tree, path, &n, &rest);
	if (err)
		return err;
	switch (tree_node_kind(n)) {
	case TREE_README_FILE:
	case TREE_INDEX_FILE:
	case TREE_ALL_FILE:
	case TREE_LINK:
		return -ENOTDIR;
	case TREE_REPORT:
		view_touch(v, tree_node_report(n));
		return report_readdir(v, tree_node_report(n), rest, fill, ctx);
	case TREE_ROOT:
	case TREE_AGENCY:
	case TREE_ALL_DIR:
	case TREE_BY_YEAR_DIR:
	case TREE_YEAR:
		break;
	}
	for (i = 0; (c = tree_node_child(v->tree, n, i)); i++) {
		node_stat(v, c, &st);
		if (fill(ctx, tree_node_name(c), &st))
			break;
	}
	return 0;
}

int view_open(struct view *v, const char *path, struct view_file **out)
{
	const struct rendered_file *rf;
	const struct tree_node *n;
	struct view_file *f;
	struct value *val;
	const char *rest;
	void *p;
	size_t key;
	int err;

	err = tree_lookup(v->tree, path, &n, &rest);
	if (err)
		return err;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	switch (tree_node_kind(n)) {
	case TREE_README_FILE:
		f->key = NO_KEY;
		f->data = v->readme;
		f->len = v->readme_len;
		*out = f;
		return 0;
	case TREE_INDEX_FILE:
		key = KEY_INDEX(v);
		break;
	case TREE_ALL_FILE: {
		const struct value *all = get_all(v, &err);
		enum tree_all_file which = tree_node_all(n);

		if (!all) {
			free(f);
			return err;
		}
		f->key = NO_KEY;
		f->data = all->data + all->off[which];
		f->len = all->off[which + 1] - all->off[which];
		*out = f;
		return 0;
	}
	case TREE_REPORT:
		if (*rest) {
			key = tree_node_report(n);
			view_touch(v, key);
			break;
		}
		/* fall through */
	default:
		free(f);
		return -EISDIR;
	}
	err = cache_get(v->cache, key, &p);
	if (err) {
		free(f);
		return err;
	}
	val = p;
	f->key = key;
	if (!val->set) {
		f->data = val->data;
		f->len = val->len;
		*out = f;
		return 0;
	}
	rf = file_set_find(val->set, rest);
	if (!rf) {
		const struct rep_info *info = report_info(v, key, &err);
		long file;
		size_t first;

		cache_put(v->cache, key);
		free(f);
		if (info && !rep_resolve(info, rest, &file, &first))
			return -EISDIR;
		return -ENOENT;
	}
	f->data = rf->data;
	f->len = rf->len;
	*out = f;
	return 0;
}

int view_readlink(struct view *v, const char *path, struct buf *out)
{
	const struct tree_node *n;
	const char *rest;
	int err;

	err = tree_lookup(v->tree, path, &n, &rest);
	if (err)
		return err;
	if (tree_node_kind(n) != TREE_LINK || *rest)
		return -EINVAL;
	return tree_link_target(v->tree, n, out);
}

size_t view_read(const struct view_file *f, char *dst, size_t size,
		 uint64_t off)
{
	if (off >= f->len)
		return 0;
	if (size > f->len - off)
		size = f->len - (size_t)off;
	memcpy(dst, f->data + off, size);
	return size;
}

void view_release(struct view *v, struct view_file *f)
{
	if (!f)
		return;
	if (f->key != NO_KEY)
		cache_put(v->cache, f->key);
	free(f);
}

/* ---- life cycle --------------------------------------------------------------- */

int view_new(struct corpus *c, const struct view_opts *o, struct view **out)
{
	struct tree_entry *te = NULL;
	struct view *v;
	size_t n = corpus_count(c), i, k = 0;
	int err = -ENOMEM;

	if (n >= UINT32_MAX) {
		corpus_free(c);
		return -EOVERFLOW;
	}
	v = calloc(1, sizeof(*v));
	if (!v) {
		corpus_free(c);
		return -ENOMEM;
	}
	v->id = atomic_fetch_add(&view_ids, 1) + 1;
	v->corpus = c;
	v->opts = *o;
	pthread_mutex_init(&v->all_lock, NULL);
	v->mtime = corpus_mtime(c);
	v->ops.load = value_load;
	v->ops.drop = value_drop;
	for (i = 0; i < n; i++)
		v->nreports += corpus_entry(c, i)->kind == CORPUS_REPORT;
	v->rep_entry = calloc(v->nreports + 1, sizeof(*v->rep_entry));
	v->entry_rep = calloc(n + 1, sizeof(*v->entry_rep));
	v->info = calloc(v->nreports + 1, sizeof(*v->info));
	te = calloc(v->nreports + 1, sizeof(*te));
	if (!v->rep_entry || !v->entry_rep || !v->info || !te)
		goto out_free;
	for (i = 0; i < n; i++) {
		const struct corpus_entry *e = corpus_entry(c, i);

		v->entry_rep[i] = UINT32_MAX;
		if (e->kind != CORPUS_REPORT)
			continue;
		v->entry_rep[i] = (uint32_t)k;
		v->rep_entry[k] = (uint32_t)i;
		te[k].path = e->path;
		te[k].agency = e->agency;
		te[k].year = e->year;
		k++;
	}
	err = tree_build(te, v->nreports, &v->tree);
	if (err)
		goto out_free;
	err = cache_new(v->nreports + 1, o->cache_size, &v->ops, v, &v->cache);
	if (err)
		goto out_free;
	err = make_readme(v);
	if (err)
		goto out_free;
	free(te);
	*out = v;
	return 0;

out_free:
	free(te);
	view_free(v);
	return err;
}

void view_free(struct view *v)
{
	size_t i;

	if (!v)
		return;
	cache_free(v->cache);
	if (atomic_load(&v->all))
		value_drop(v, atomic_load(&v->all));
	pthread_mutex_destroy(&v->all_lock);
	if (v->info)
		for (i = 0; i < v->nreports; i++)
			free(atomic_load(&v->info[i]));
	free(v->info);
	free(v->rep_entry);
	free(v->entry_rep);
	free(v->readme);
	tree_free(v->tree);
	corpus_free(v->corpus);
	free(v);
}

int view_entry_dir(const struct view *v, size_t entry, struct buf *out)
{
	if (entry >= corpus_count(v->corpus) ||
	    v->entry_rep[entry] == UINT32_MAX)
		return -ENOENT;
	return tree_node_path(v->tree,
			      tree_report_node(v->tree, v->entry_rep[entry]),
			      out);
}

const struct corpus *view_corpus(const struct view *v)
{
	return v->corpus;
}

size_t view_nreports(const struct view *v)
{
	return v->nreports;
}
