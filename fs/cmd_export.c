/* SPDX-License-Identifier: MIT */
/*
 * cmd_export.c - `reportfs export [-o opts] [--force] ARCHIVE DIR`: write
 * the tree a mount shows into a directory, for machines without FUSE.
 * The tree goes into a temporary sibling of DIR that is renamed into
 * place at the end, so DIR is never half written.
 */
#define _GNU_SOURCE /* renameat2 */
#include "common.h"
#include "cmd.h"
#include "buf.h"
#include "corpus.h"
#include "view.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Exit codes (also in the help text). */
enum {
	EXPORT_OK = 0,
	EXPORT_FAILED = 1,   /* DIR could not be written, or out of memory */
	EXPORT_UNUSABLE = 2, /* bad usage, DIR exists, unreadable archive */
	/* 128 + the signal's number after SIGINT, SIGTERM or SIGHUP */
};

/* Same default as the mount's (cmd_mount.c). */
#define EXPORT_CACHE_SIZE ((size_t)64 << 20)

/* Worker threads at most, and bytes copied per view_read(). */
#define EXPORT_JOBS_MAX 64
#define EXPORT_CHUNK ((size_t)1 << 20)

/* Progress refresh interval, in milliseconds. */
#define EXPORT_TICK_MS 100

struct export_args {
	const char *archive;
	const char *dir;
	char *names;        /* -o names=: entry-name charset, or NULL */
	size_t cache_size;
	unsigned jobs;      /* worker threads; 0 = one per CPU */
	int csv_bom;
	int quiet;
	int force;
	int sync;           /* --sync: on disk before DIR is renamed in */
};

/* A directory made in the copy: its mode and mtime are set at the end. */
struct export_dir {
	char *rel;          /* path below the copy's root; "" is the root */
	int64_t mtime;
};

/* A file whose size the view does not know yet (index.csv, /all/...). */
struct export_late {
	char *rel;
	int64_t mtime;
};

struct export {
	struct view *view;
	int rootfd;              /* the temporary directory */
	int chmod_files;         /* the umask takes bits off 0444 */
	const char *tmp;         /* its path, for messages */
	unsigned nworkers;

	pthread_mutex_t lock;
	pthread_cond_t work;     /* a directory was queued, or all is done */
	pthread_cond_t done;     /* the main thread waits here */
	char **stack;            /* directories to list, newest first out */
	size_t nstack;
	size_t stack_cap;
	size_t busy;             /* workers listing a directory */
	struct export_dir *dirs; /* in the order they were made */
	size_t ndirs;
	size_t dirs_cap;
	struct export_late *late;
	size_t nlate;
	size_t late_cap;
	int rc;                  /* first failure's exit code */
	char msg[1024];          /* and its message */

	_Atomic unsigned idle;   /* workers waiting for a directory */
	_Atomic int stop;        /* a failure or a signal: wind down */
	_Atomic size_t reports;  /* report directories written (progress) */
	_Atomic size_t files;
	_Atomic size_t links;
	_Atomic uint64_t bytes;
};

/* One entry of a listed directory. */
struct export_entry {
	char *name;
	struct view_stat st;
	struct view_file *file; /* open while the directory is written */
};

struct export_list {
	struct export_entry *e;
	size_t n;
	size_t cap;
	int err;
};

static volatile sig_atomic_t export_signal;

static void export_on_signal(int sig)
{
	export_signal = sig;
}

static void export_usage(FILE *out)
{
	fprintf(out,
"usage: reportfs export [-o opts] [--force] [--sync] [-q] [-j N] ARCHIVE DIR\n"
"\n"
"Write the tree a mount of ARCHIVE shows (same names, same bytes, same\n"
"modes and times; directories, files and symbolic links) into DIR, for\n"
"machines without FUSE and for keeping results.  DIR is written as a\n"
"temporary sibling (.DIR.tmp-XXXXXX) renamed into place at the end, so it\n"
"is never half written; on an error or a signal the temporary copy is\n"
"removed.\n"
"\n"
"  -o csv_bom         CSV files start with a UTF-8 BOM, as in the mount\n"
"  -o names=CHARSET   charset of entry names, e.g. CP936, as in the mount\n"
"  -o cache_size=SIZE rendered reports kept in memory (default 64M)\n"
"  -o quiet           same as -q\n"
"  --force            replace DIR if it exists (the old DIR stays intact\n"
"                     until the new one is complete)\n"
"  --sync             flush the copy to disk before renaming it to DIR, and\n"
"                     DIR's directory after (survives a power loss)\n"
"  -q, --quiet        no progress and no summary line\n"
"  -j, --jobs N       threads rendering reports (default: one per CPU)\n"
"  -h, --help         show this help\n"
"\n"
"Progress is shown on stderr when it is a terminal.\n"
"\n"
"exit status: 0 exported; 1 writing failed (DIR is left as it was, or,\n"
"if only removing the replaced DIR failed, the message says what is left);\n"
"2 bad usage, DIR exists without --force, or the archive is unreadable;\n"
"128+N after signal N (the temporary copy is removed).\n");
}

/* ---- options -------------------------------------------------------------- */

/* One -o argument: "csv_bom,names=CP936,...".  0, or -1 after a message. */
static int export_parse_o(struct export_args *a, const char *arg)
{
	char *copy = strdup(arg), *opt, *next;
	int rc = 0;

	if (!copy) {
		fprintf(stderr, "reportfs: out of memory\n");
		return -1;
	}
	for (opt = copy; opt && !rc; opt = next) {
		next = strchr(opt, ',');
		if (next)
			*next++ = '\0';
		if (!*opt)
			continue;
		if (!strcmp(opt, "csv_bom")) {
			a->csv_bom = 1;
		} else if (!strcmp(opt, "quiet")) {
			a->quiet = 1;
		} else if (!strncmp(opt, "names=", 6)) {
			free(a->names);
			a->names = strdup(opt + 6);
			if (!a->names) {
				fprintf(stderr, "reportfs: out of memory\n");
				rc = -1;
			}
		} else if (!strncmp(opt, "cache_size=", 11)) {
			if (cmd_parse_size(opt + 11, &a->cache_size)) {
				fprintf(stderr, "reportfs: bad cache_size '%s'\n",
					opt + 11);
				rc = -1;
			}
		} else {
			fprintf(stderr, "reportfs: export: unknown option '%s' "
				"(export takes csv_bom, names=, cache_size=, "
				"quiet)\n", opt);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

static int export_parse_jobs(struct export_args *a, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > EXPORT_JOBS_MAX) {
		fprintf(stderr, "reportfs: export: bad number of jobs '%s' "
			"(1 to %d)\n", s, EXPORT_JOBS_MAX);
		return -1;
	}
	a->jobs = (unsigned)v;
	return 0;
}

/*
 * Fill `a` from argv; options may come before or after the operands.
 * Returns -1 (after a message) on bad usage, 1 for --help, else 0.
 */
static int export_parse_args(int argc, char **argv, struct export_args *a)
{
	int i, operands_only = 0;

	a->cache_size = EXPORT_CACHE_SIZE;
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (operands_only || s[0] != '-' || !s[1]) {
			if (!a->archive) {
				a->archive = s;
			} else if (!a->dir) {
				a->dir = s;
			} else {
				fprintf(stderr, "reportfs: export: unexpected "
					"argument '%s'\n", s);
				return -1;
			}
		} else if (!strcmp(s, "--")) {
			operands_only = 1;
		} else if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
			return 1;
		} else if (!strcmp(s, "--force")) {
			a->force = 1;
		} else if (!strcmp(s, "--sync")) {
			a->sync = 1;
		} else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
			a->quiet = 1;
		} else if (!strcmp(s, "-o") || !strcmp(s, "-j") ||
			   !strcmp(s, "--jobs")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "reportfs: export: '%s' needs "
					"a value\n", s);
				return -1;
			}
			if (s[1] == 'o' ? export_parse_o(a, argv[++i]) :
			    export_parse_jobs(a, argv[++i]))
				return -1;
		} else if (!strncmp(s, "-o", 2)) {
			if (export_parse_o(a, s + 2))
				return -1;
		} else if (!strncmp(s, "-j", 2)) {
			if (export_parse_jobs(a, s + 2))
				return -1;
		} else if (!strncmp(s, "--jobs=", 7)) {
			if (export_parse_jobs(a, s + 7))
				return -1;
		} else {
			fprintf(stderr, "reportfs: export: unknown option "
				"'%s'\n", s);
			return -1;
		}
	}
	if (!a->archive || !a->dir) {
		fprintf(stderr, "usage: reportfs export [-o opts] [--force] "
			"ARCHIVE DIR\n       reportfs export --help\n");
		return -1;
	}
	return 0;
}

/* ---- paths and removal ---------------------------------------------------- */

/* "a/b" from "a" and "b"; "b" when `dir` is "".  Caller frees; NULL: ENOMEM. */
static char *export_join(const char *dir, const char *name)
{
	size_t dlen = strlen(dir), nlen = strlen(name);
	char *s = malloc(dlen + nlen + 2);

	if (!s)
		return NULL;
	if (dlen) {
		memcpy(s, dir, dlen);
		s[dlen++] = '/';
	}
	memcpy(s + dlen, name, nlen + 1);
	return s;
}

/*
 * Remove `name` (relative to `dirfd`) and everything below it, making
 * read-only directories writable first.  Returns 0 or the first negative
 * errno met (removal goes on past errors).
 */
static int export_remove(int dirfd, const char *name)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	int fd, err = 0, removed;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) && errno != ENOENT ? -errno : 0;
	if ((st.st_mode & 0700) != 0700)
		fchmodat(dirfd, name, 0700, 0);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		err = -errno;
		close(fd);
		return err;
	}
	/* again until nothing goes: entries removed while reading may hide others */
	do {
		removed = 0;
		rewinddir(d);
		while ((de = readdir(d))) {
			int e;

			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			e = export_remove(fd, de->d_name);
			if (e && !err)
				err = e;
			removed += !e;
		}
	} while (removed);
	closedir(d);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) && errno != ENOENT && !err)
		err = -errno;
	return err;
}

/* ---- the walk --------------------------------------------------------------- */

static void export_fail(struct export *x, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the first failure and make every worker stop. */
static void export_fail(struct export *x, int rc, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&x->lock);
	if (!x->rc) {
		x->rc = rc;
		va_start(ap, fmt);
		vsnprintf(x->msg, sizeof(x->msg), fmt, ap);
		va_end(ap);
	}
	atomic_store(&x->stop, 1);
	pthread_cond_broadcast(&x->work);
	pthread_cond_broadcast(&x->done);
	pthread_mutex_unlock(&x->lock);
}

static void export_fail_write(struct export *x, const char *rel,
			      const char *what, int err)
{
	export_fail(x, EXPORT_FAILED, "cannot %s '%s/%s': %s", what, x->tmp,
		    rel, strerror(err));
}

/* A failure of the view: the archive changed or is damaged, or ENOMEM. */
static void export_fail_read(struct export *x, const char *rel, int err)
{
	export_fail(x, err == -ENOMEM ? EXPORT_FAILED : EXPORT_UNUSABLE,
		    "cannot read '/%s' of '%s': %s", rel,
		    corpus_path(view_corpus(x->view)), strerror(-err));
}

static int export_stopped(const struct export *x)
{
	return atomic_load(&x->stop) || export_signal;
}

static int export_collect(void *ctx, const char *name,
			  const struct view_stat *st)
{
	struct export_list *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct export_entry *e = realloc(l->e, cap * sizeof(*e));

		if (!e) {
			l->err = -ENOMEM;
			return 1;
		}
		l->e = e;
		l->cap = cap;
	}
	l->e[l->n].name = strdup(name);
	if (!l->e[l->n].name) {
		l->err = -ENOMEM;
		return 1;
	}
	l->e[l->n].st = *st;
	l->e[l->n].file = NULL;
	l->n++;
	return 0;
}

static void export_list_release(struct export *x, struct export_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		view_release(x->view, l->e[i].file);
		free(l->e[i].name);
	}
	free(l->e);
}

/* Append to a growable array under x->lock; 0 or -ENOMEM. */
static int export_grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 64;
	if (ncap > SIZE_MAX / size)
		return -ENOMEM;
	p = realloc(*arr, ncap * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static int export_add_dir(struct export *x, const char *rel, int64_t mtime)
{
	char *copy = strdup(rel);
	int err;

	if (!copy)
		return -ENOMEM;
	pthread_mutex_lock(&x->lock);
	err = export_grow((void **)&x->dirs, &x->dirs_cap, x->ndirs,
			  sizeof(*x->dirs));
	if (!err) {
		x->dirs[x->ndirs].rel = copy;
		x->dirs[x->ndirs].mtime = mtime;
		x->ndirs++;
	}
	pthread_mutex_unlock(&x->lock);
	if (err)
		free(copy);
	return err;
}

static int export_add_late(struct export *x, const char *rel, int64_t mtime)
{
	char *copy = strdup(rel);
	int err;

	if (!copy)
		return -ENOMEM;
	pthread_mutex_lock(&x->lock);
	err = export_grow((void **)&x->late, &x->late_cap, x->nlate,
			  sizeof(*x->late));
	if (!err) {
		x->late[x->nlate].rel = copy;
		x->late[x->nlate].mtime = mtime;
		x->nlate++;
	}
	pthread_mutex_unlock(&x->lock);
	if (err)
		free(copy);
	return err;
}

/* Queue directory `rel` (taken over) for any worker; 0 or -ENOMEM. */
static int export_push(struct export *x, char *rel)
{
	int err;

	pthread_mutex_lock(&x->lock);
	err = export_grow((void **)&x->stack, &x->stack_cap, x->nstack,
			  sizeof(*x->stack));
	if (!err) {
		x->stack[x->nstack++] = rel;
		pthread_cond_signal(&x->work);
	}
	pthread_mutex_unlock(&x->lock);
	return err;
}

static void export_times(struct timespec ts[2], int64_t mtime)
{
	ts[0].tv_sec = (time_t)mtime;
	ts[0].tv_nsec = 0;
	ts[1] = ts[0];
}

static int export_write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write open view file `f` as `rel`, mode 0444, with the mount's mtime. */
static int export_file(struct export *x, char *chunk, const char *rel,
		       const struct view_file *f, int64_t mtime)
{
	struct timespec ts[2];
	uint64_t off = 0;
	size_t n;
	int fd, err = 0;

	fd = openat(x->rootfd, rel, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0444);
	if (fd < 0) {
		export_fail_write(x, rel, "create", errno);
		return -1;
	}
	while (!err && (n = view_read(f, chunk, EXPORT_CHUNK, off)) > 0) {
		err = export_write_all(fd, chunk, n);
		off += n;
	}
	export_times(ts, mtime);
	if (!err && x->chmod_files && fchmod(fd, 0444))
		err = -errno;
	if (!err && futimens(fd, ts))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (err) {
		export_fail_write(x, rel, "write", -err);
		return -1;
	}
	atomic_fetch_add(&x->files, 1);
	atomic_fetch_add(&x->bytes, off);
	return 0;
}

static int export_late_file(struct export *x, char *chunk,
			    const struct export_late *l)
{
	struct view_file *f;
	char *vpath = export_join("/", l->rel);
	int err;

	if (!vpath) {
		export_fail_read(x, l->rel, -ENOMEM);
		return -1;
	}
	err = view_open(x->view, vpath, &f);
	free(vpath);
	if (err) {
		export_fail_read(x, l->rel, err);
		return -1;
	}
	err = export_file(x, chunk, l->rel, f, l->mtime);
	view_release(x->view, f);
	return err;
}

static int export_link(struct export *x, const char *rel, const char *vpath,
		       int64_t mtime)
{
	struct timespec ts[2];
	struct buf target;
	int err;

	buf_init(&target, 4096);
	err = view_readlink(x->view, vpath, &target);
	if (!err && !target.ptr)
		err = -EIO;
	if (err) {
		buf_release(&target);
		export_fail_read(x, rel, err);
		return -1;
	}
	export_times(ts, mtime);
	if (symlinkat(target.ptr, x->rootfd, rel)) {
		export_fail_write(x, rel, "create link", errno);
		err = -1;
	} else if (utimensat(x->rootfd, rel, ts, AT_SYMLINK_NOFOLLOW)) {
		export_fail_write(x, rel, "set the time of", errno);
		err = -1;
	} else {
		atomic_fetch_add(&x->links, 1);
	}
	buf_release(&target);
	return err;
}

/* Names a view lists are single path components; anything else is damage. */
static int export_name_ok(const char *name)
{
	return *name && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	       !strchr(name, '/');
}

/*
 * Write the entries of directory `rel` (made already) and its
 * subdirectories: on this thread, depth first, or queued when a worker
 * is idle.  A report's files stay open while this thread writes its
 * subdirectories, so even a tiny cache does not render it again for
 * tables/.  Files whose size is not known yet (index.csv, /all) are
 * left for the end, when every report has been rendered once.
 */
static void export_tree(struct export *x, char *chunk, const char *rel)
{
	struct export_list l = { 0 };
	char *vpath, *crel;
	size_t i;
	int err, is_report = 0;

	vpath = export_join("/", rel);
	if (!vpath) {
		export_fail_read(x, rel, -ENOMEM);
		return;
	}
	err = view_readdir(x->view, vpath, export_collect, &l);
	if (!err)
		err = l.err;
	if (err) {
		export_fail_read(x, rel, err);
		goto out;
	}
	for (i = 0; i < l.n && !export_stopped(x); i++) {
		struct export_entry *e = &l.e[i];
		char *cvpath;

		if (!export_name_ok(e->name)) {
			export_fail(x, EXPORT_UNUSABLE, "bad name '%s' in '/%s' "
				    "of '%s'", e->name, rel,
				    corpus_path(view_corpus(x->view)));
			break;
		}
		crel = export_join(rel, e->name);
		cvpath = crel ? export_join("/", crel) : NULL;
		if (!cvpath) {
			free(crel);
			export_fail_read(x, rel, -ENOMEM);
			break;
		}
		if (e->st.is_link) {
			export_link(x, crel, cvpath, e->st.mtime);
		} else if (e->st.is_dir) {
			if (mkdirat(x->rootfd, crel, 0700))
				export_fail_write(x, crel, "create directory",
						  errno);
			else if (export_add_dir(x, crel, e->st.mtime))
				export_fail_read(x, crel, -ENOMEM);
		} else if (!e->st.exact) {
			/* index.csv and the like: after every report */
			if (export_add_late(x, crel, e->st.mtime))
				export_fail_read(x, crel, -ENOMEM);
		} else {
			err = view_open(x->view, cvpath, &e->file);
			if (err)
				export_fail_read(x, crel, err);
			else
				export_file(x, chunk, crel, e->file,
					    e->st.mtime);
			is_report |= !strcmp(e->name, "validation.txt");
		}
		free(cvpath);
		free(crel);
	}
	for (i = 0; i < l.n && !export_stopped(x); i++) {
		if (!l.e[i].st.is_dir || l.e[i].st.is_link)
			continue;
		crel = export_join(rel, l.e[i].name);
		if (!crel) {
			export_fail_read(x, rel, -ENOMEM);
			break;
		}
		if (atomic_load(&x->idle)) {
			if (export_push(x, crel)) {
				free(crel);
				export_fail_read(x, rel, -ENOMEM);
			}
			continue;
		}
		export_tree(x, chunk, crel);
		free(crel);
	}
	/* a report's directory holds its validation.txt */
	if (is_report && !export_stopped(x))
		atomic_fetch_add(&x->reports, 1);
out:
	export_list_release(x, &l);
	free(vpath);
}

static void *export_worker(void *arg)
{
	struct export *x = arg;
	char *chunk = malloc(EXPORT_CHUNK), *rel;

	if (!chunk)
		export_fail(x, EXPORT_FAILED, "out of memory");
	pthread_mutex_lock(&x->lock);
	for (;;) {
		while (!x->nstack && x->busy && !atomic_load(&x->stop)) {
			atomic_fetch_add(&x->idle, 1);
			pthread_cond_wait(&x->work, &x->lock);
			atomic_fetch_sub(&x->idle, 1);
		}
		if (!x->nstack || atomic_load(&x->stop))
			break;
		rel = x->stack[--x->nstack];
		x->busy++;
		pthread_mutex_unlock(&x->lock);
		if (!export_stopped(x))
			export_tree(x, chunk, rel);
		free(rel);
		pthread_mutex_lock(&x->lock);
		x->busy--;
	}
	/* no work and nobody busy (or stopping): wake the others and main */
	pthread_cond_broadcast(&x->work);
	pthread_cond_broadcast(&x->done);
	pthread_mutex_unlock(&x->lock);
	free(chunk);
	return NULL;
}

/* "exporting 5234/10000 reports (52%)", and the file being made, if any. */
static void export_progress(struct export *x, const char *making)
{
	size_t total = view_nreports(x->view);
	size_t done = atomic_load(&x->reports);

	if (done > total)
		done = total;
	fprintf(stderr, "\rreportfs: exporting %zu/%zu reports (%u%%)", done,
		total, total ? (unsigned)(done * 100 / total) : 100);
	if (making)
		fprintf(stderr, ", making /%s", making);
	fputs("\033[K", stderr);
	fflush(stderr);
}

static void export_wait(struct export *x, int progress)
{
	struct timespec t;
	int finished = 0;

	pthread_mutex_lock(&x->lock);
	while (!finished) {
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += EXPORT_TICK_MS * 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&x->done, &x->lock, &t);
		finished = (!x->nstack && !x->busy) || atomic_load(&x->stop);
		if (export_signal && !atomic_load(&x->stop)) {
			atomic_store(&x->stop, 1);
			pthread_cond_broadcast(&x->work);
		}
		if (progress) {
			pthread_mutex_unlock(&x->lock);
			export_progress(x, NULL);
			pthread_mutex_lock(&x->lock);
		}
	}
	pthread_mutex_unlock(&x->lock);
}

/* Directory modes and times, children first: writing in them moves mtimes. */
static int export_finish_dirs(struct export *x)
{
	struct timespec ts[2];
	size_t i = x->ndirs;

	while (i-- > 0) {
		const struct export_dir *d = &x->dirs[i];

		export_times(ts, d->mtime);
		if (*d->rel) {
			if (fchmodat(x->rootfd, d->rel, 0555, 0) ||
			    utimensat(x->rootfd, d->rel, ts, 0)) {
				export_fail_write(x, d->rel, "set the mode of",
						  errno);
				return -1;
			}
		} else if (fchmod(x->rootfd, 0555) || futimens(x->rootfd, ts)) {
			export_fail(x, EXPORT_FAILED, "cannot set the mode of "
				    "'%s': %s", x->tmp, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Fill x->rootfd with the whole view; 0, or -1 with x->rc and x->msg set. */
static int export_run(struct export *x, int progress)
{
	pthread_t th[EXPORT_JOBS_MAX];
	struct view_stat root;
	char *chunk = NULL, *rel;
	unsigned started = 0, i;
	int err;

	err = view_getattr(x->view, "/", &root);
	if (err) {
		export_fail_read(x, "", err);
		return -1;
	}
	rel = strdup("");
	if (!rel || export_add_dir(x, "", root.mtime) || export_push(x, rel)) {
		free(rel);
		export_fail_read(x, "", -ENOMEM);
		return -1;
	}
	for (i = 0; i < x->nworkers; i++)
		if (!pthread_create(&th[started], NULL, export_worker, x))
			started++;
	if (!started) {
		export_fail(x, EXPORT_FAILED, "cannot start a thread");
		return -1;
	}
	export_wait(x, progress);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (export_stopped(x))
		return -1;
	chunk = malloc(EXPORT_CHUNK);
	if (!chunk) {
		export_fail(x, EXPORT_FAILED, "out of memory");
		return -1;
	}
	/* these may render every report again: say which one takes time */
	for (i = 0; i < x->nlate && !export_stopped(x); i++) {
		if (progress)
			export_progress(x, x->late[i].rel);
		export_late_file(x, chunk, &x->late[i]);
	}
	free(chunk);
	if (progress)
		export_progress(x, NULL);
	if (export_stopped(x))
		return -1;
	return export_finish_dirs(x);
}

static void export_release(struct export *x)
{
	size_t i;

	for (i = 0; i < x->nstack; i++)
		free(x->stack[i]);
	free(x->stack);
	for (i = 0; i < x->ndirs; i++)
		free(x->dirs[i].rel);
	free(x->dirs);
	for (i = 0; i < x->nlate; i++)
		free(x->late[i].rel);
	free(x->late);
	pthread_cond_destroy(&x->work);
	pthread_cond_destroy(&x->done);
	pthread_mutex_destroy(&x->lock);
}

/* ---- putting DIR in place ---------------------------------------------------- */

/*
 * Rename `from` to `to` (both names in directory `parent`, open as `pfd`).  Without
 * `force` an existing `to` stays and the result is -EEXIST.  With it, an
 * existing `to` is swapped with `from` in one step where the file system
 * can (so `from` then names the old tree, which the caller removes);
 * elsewhere it is renamed aside first and back on failure, and
 * *aside gets the path it was left under (caller frees).  Returns 0 or a
 * negative errno.
 */
static int export_install(int pfd, const char *parent, const char *from,
			  const char *to, int force, char **aside)
{
	struct stat st;
	char *tmpl;
	size_t n;
	int err, fd;

	*aside = NULL;
	if (!renameat2(pfd, from, pfd, to, RENAME_NOREPLACE))
		return 0;
	err = errno;
	if (err == EINVAL || err == ENOSYS) {
		/* no RENAME_NOREPLACE here: check, then plain rename */
		if (fstatat(pfd, to, &st, AT_SYMLINK_NOFOLLOW)) {
			if (errno != ENOENT)
				return -errno;
			return renameat(pfd, from, pfd, to) ? -errno : 0;
		}
		err = EEXIST;
	}
	if (err != EEXIST || !force)
		return -err;
	if (!renameat2(pfd, from, pfd, to, RENAME_EXCHANGE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/* no RENAME_EXCHANGE: the old one aside, the new one in, or back */
	if (fstatat(pfd, to, &st, AT_SYMLINK_NOFOLLOW))
		return -errno;
	n = strlen(parent) + strlen(to) + sizeof("/..old-XXXXXX");
	tmpl = malloc(n);
	if (!tmpl)
		return -ENOMEM;
	snprintf(tmpl, n, "%s/.%s.old-XXXXXX", parent, to);
	/* a placeholder of the same kind, so the rename replaces it */
	if (S_ISDIR(st.st_mode)) {
		fd = mkdtemp(tmpl) ? 0 : -1;
	} else {
		fd = mkstemp(tmpl);
		if (fd >= 0)
			close(fd);
	}
	if (fd < 0 || renameat(pfd, to, AT_FDCWD, tmpl)) {
		err = -errno;
		if (fd >= 0)
			unlinkat(AT_FDCWD, tmpl, S_ISDIR(st.st_mode) ?
				 AT_REMOVEDIR : 0);
		free(tmpl);
		return err;
	}
	if (renameat(pfd, from, pfd, to)) {
		err = -errno;
		renameat(AT_FDCWD, tmpl, pfd, to);
		free(tmpl);
		return err;
	}
	*aside = tmpl;
	return 0;
}

/* ---- the command -------------------------------------------------------------- */

/* Whether `path` is directory `dir` or below it (after realpath()). */
static int export_inside(const char *path, const char *dir)
{
	char *p = realpath(path, NULL), *d = realpath(dir, NULL);
	size_t n = d ? strlen(d) : 0;
	int in = p && d && !strncmp(p, d, n) &&
		 (p[n] == '\0' || p[n] == '/' || !strcmp(d, "/"));

	free(p);
	free(d);
	return in;
}

static unsigned export_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > EXPORT_JOBS_MAX ? EXPORT_JOBS_MAX : (unsigned)n;
}

int cmd_export(int argc, char **argv)
{
	struct export_args a = { 0 };
	struct corpus_opts co = { 0 };
	struct view_opts vo = { 0 };
	struct export x = { .rootfd = -1 };
	struct cmd_progress indexing = { 0 };
	struct sigaction sa = { 0 }, old_sa[3];
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	struct corpus *c = NULL;
	struct timespec t0;
	struct stat st;
	char err_msg[1024], *parent = NULL, *base, *tmp = NULL, *aside = NULL;
	size_t len, i;
	int rc = EXPORT_UNUSABLE, err, pfd = -1, progress, installed = 0;
	mode_t mask;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = export_parse_args(argc, argv, &a);
	if (err) {
		if (err > 0) {
			export_usage(stdout);
			rc = EXPORT_OK;
		}
		goto out_free_args;
	}
	progress = !a.quiet && isatty(2);

	/* DIR -> its parent and its name */
	len = strlen(a.dir);
	parent = malloc(len + 3);
	if (!parent) {
		fprintf(stderr, "reportfs: out of memory\n");
		rc = EXPORT_FAILED;
		goto out_free_args;
	}
	memcpy(parent, a.dir, len + 1);
	while (len > 1 && parent[len - 1] == '/')
		parent[--len] = '\0';
	base = strrchr(parent, '/');
	if (base) {
		*base++ = '\0';
		if (!*parent)
			memcpy(parent, "/", 2);
	} else {
		memmove(parent + 2, parent, len + 1);
		memcpy(parent, ".", 2);
		base = parent + 2;
	}
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		fprintf(stderr, "reportfs: export: '%s' cannot be replaced; "
			"name a new directory\n", a.dir);
		goto out_free_args;
	}
	if (!lstat(a.dir, &st) && !a.force) {
		fprintf(stderr, "reportfs: '%s' exists; use --force to replace "
			"it\n", a.dir);
		goto out_free_args;
	}
	/* --force removes the old DIR, which must not hold the archive */
	if (a.force && !lstat(a.dir, &st) && S_ISDIR(st.st_mode) &&
	    export_inside(a.archive, a.dir)) {
		fprintf(stderr, "reportfs: '%s' is inside '%s'; refusing to "
			"replace it\n", a.archive, a.dir);
		goto out_free_args;
	}
	pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) {
		fprintf(stderr, "reportfs: cannot export to '%s': '%s': %s\n",
			a.dir, parent, strerror(errno));
		rc = EXPORT_FAILED;
		goto out_free_args;
	}

	co.charset = a.names;
	if (progress) {
		indexing.start = t0;
		co.progress = cmd_indexing_progress;
		co.progress_ctx = &indexing;
	}
	err = corpus_open(a.archive, &co, &c, err_msg, sizeof(err_msg));
	if (progress)
		fprintf(stderr, "\r\033[K");
	if (err) {
		fprintf(stderr, "reportfs: cannot open archive '%s': %s\n",
			a.archive, err_msg);
		goto out_free_args;
	}
	for (i = 0; i < corpus_nwarnings(c); i++)
		fprintf(stderr, "reportfs: %s: %s\n", a.archive,
			corpus_warning(c, i));
	vo.cache_size = a.cache_size;
	vo.csv_bom = a.csv_bom;
	err = view_new(c, &vo, &x.view);
	if (err) {
		fprintf(stderr, "reportfs: cannot read '%s': %s\n", a.archive,
			strerror(-err));
		rc = EXPORT_FAILED;
		goto out_free_args;
	}

	/*
	 * From here on a signal removes the temporary copy; signals ignored
	 * already (nohup, a background job of a script) stay ignored.
	 */
	sa.sa_handler = export_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		sigaction(sigs[i], NULL, &old_sa[i]);
		if (old_sa[i].sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	installed = 1;

	len = strlen(parent) + strlen(base) + sizeof("/..tmp-XXXXXX");
	tmp = malloc(len);
	if (!tmp) {
		fprintf(stderr, "reportfs: out of memory\n");
		rc = EXPORT_FAILED;
		goto out_free;
	}
	snprintf(tmp, len, "%s/.%s.tmp-XXXXXX", parent, base);
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "reportfs: cannot create '%s': %s\n", tmp,
			strerror(errno));
		rc = EXPORT_FAILED;
		free(tmp);
		tmp = NULL;
		goto out_free;
	}
	x.tmp = tmp;
	x.rootfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (x.rootfd < 0) {
		fprintf(stderr, "reportfs: cannot open '%s': %s\n", tmp,
			strerror(errno));
		rc = EXPORT_FAILED;
		goto out_remove;
	}
	x.nworkers = a.jobs ? a.jobs : export_default_jobs();
	/* files are made 0444; only a umask like 077 needs a chmod after */
	mask = umask(022);
	umask(mask);
	x.chmod_files = (mask & 0444) != 0;
	pthread_mutex_init(&x.lock, NULL);
	pthread_cond_init(&x.work, NULL);
	pthread_cond_init(&x.done, NULL);
	err = export_run(&x, progress);
	if (progress)
		fprintf(stderr, "\r\033[K");
	if (export_signal) {
		fprintf(stderr, "reportfs: export of '%s' interrupted by %s; "
			"'%s' not written\n", a.archive,
			strsignal(export_signal), a.dir);
		rc = 128 + export_signal;
		goto out_remove;
	}
	if (err) {
		fprintf(stderr, "reportfs: %s\n", x.msg);
		fprintf(stderr, "reportfs: export of '%s' failed; '%s' not "
			"%s\n", a.archive, a.dir, a.force ? "replaced" :
			"written");
		rc = x.rc ? x.rc : EXPORT_FAILED;
		goto out_remove;
	}
	if (a.sync && syncfs(x.rootfd)) {
		fprintf(stderr, "reportfs: cannot flush '%s' to disk: %s\n",
			tmp, strerror(errno));
		rc = EXPORT_FAILED;
		goto out_remove;
	}
	close(x.rootfd);
	x.rootfd = -1;
	err = export_install(pfd, parent, strrchr(tmp, '/') + 1, base,
			     a.force, &aside);
	if (err == -EEXIST) {
		fprintf(stderr, "reportfs: '%s' exists; use --force to replace "
			"it\n", a.dir);
		rc = EXPORT_UNUSABLE;
		goto out_remove;
	}
	if (err) {
		fprintf(stderr, "reportfs: cannot rename '%s' to '%s': %s\n",
			tmp, a.dir, strerror(-err));
		rc = EXPORT_FAILED;
		goto out_remove;
	}
	rc = EXPORT_OK;
	if (a.sync && fsync(pfd)) {
		fprintf(stderr, "reportfs: cannot flush '%s' to disk: %s\n",
			parent, strerror(errno));
		rc = EXPORT_FAILED;
	}
	/* with --force `tmp` (or `aside`) now names the old DIR */
	err = export_remove(AT_FDCWD, aside ? aside : tmp);
	if (err) {
		fprintf(stderr, "reportfs: cannot remove the old '%s' (now "
			"'%s'): %s\n", a.dir, aside ? aside : tmp,
			strerror(-err));
		rc = EXPORT_FAILED;
	}
	if (!a.quiet)
		fprintf(stderr, "reportfs: exported '%s' to '%s': %zu reports, "
			"%zu files, %zu links, %.1f MB in %.1f s\n", a.archive,
			a.dir, view_nreports(x.view), atomic_load(&x.files),
			atomic_load(&x.links),
			(double)atomic_load(&x.bytes) / 1e6,
			cmd_seconds_since(&t0));
	goto out_free;

out_remove:
	if (x.rootfd >= 0)
		close(x.rootfd);
	x.rootfd = -1;
	err = export_remove(AT_FDCWD, tmp);
	if (err)
		fprintf(stderr, "reportfs: cannot remove '%s': %s\n", tmp,
			strerror(-err));
out_free:
	if (x.nworkers)
		export_release(&x);
	if (installed)
		for (i = 0; i < ARRAY_SIZE(sigs); i++)
			sigaction(sigs[i], &old_sa[i], NULL);
	free(aside);
	free(tmp);
	view_free(x.view);
out_free_args:
	if (pfd >= 0)
		close(pfd);
	free(parent);
	free(a.names);
	return rc;
}
