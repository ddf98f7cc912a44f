/* SPDX-License-Identifier: MIT */
/*
 * view.h - the mounted file system without FUSE: corpus, tree and cache
 * joined into stat, list and read by path.  README.txt is made at start,
 * each report's files on first touch, index.csv on first touch of it.
 */
#ifndef REPORTFS_VIEW_H
#define REPORTFS_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "corpus.h"

struct view_opts {
	size_t cache_size; /* bytes of rendered files kept when unused */
	int csv_bom;       /* CSV files (index.csv too) start with a BOM */
};

/* What stat needs; everything is read-only. */
struct view_stat {
	uint64_t ino;    /* stable for the mount's life */
	uint64_t size;   /* exact (files), 0 (directories) */
	int64_t mtime;
	unsigned nlink;  /* 1 for directories whose count is not known */
	int is_dir;
	int is_link;     /* a symbolic link (/by-year/...); size = target length */
	int exact;       /* size is known without rendering (readdir only) */
};

struct view;
struct view_file;

/*
 * Build the view of corpus `c`, which it takes over (freed by view_free(),
 * also on failure).  Returns 0 and a new view in *out, or -ENOMEM.
 * The view is thread-safe: every function below may run in parallel.
 */
int view_new(struct corpus *c, const struct view_opts *o, struct view **out);

/* Free the view and its corpus; NULL is a no-op.  No file may be open. */
void view_free(struct view *v);

/*
 * Attributes of `path` ("/", "/a/2023/report.txt").  Files of a report
 * not rendered yet are rendered first, so sizes are exact; index.csv
 * renders every report once.  Returns 0, -ENOENT, -ENOMEM or -EIO.
 */
int view_getattr(struct view *v, const char *path, struct view_stat *st);

/*
 * Call fill(ctx, name, st) for each entry of directory `path` in byte
 * order of names ("." and ".." not included); st->exact is 0 where
 * filling the size would need a render.  Stops early when fill returns
 * nonzero.  Lists a report's directory by rendering it.  Returns 0,
 * -ENOENT, -ENOTDIR, -ENOMEM or -EIO.
 */
int view_readdir(struct view *v, const char *path,
		 int (*fill)(void *ctx, const char *name,
			     const struct view_stat *st),
		 void *ctx);

/*
 * Open file `path`: its bytes stay available (and in the cache) until
 * view_release().  Returns 0 and a handle in *out, -ENOENT, -EISDIR,
 * -ENOMEM or -EIO.
 */
int view_open(struct view *v, const char *path, struct view_file **out);

/*
 * The target of symbolic link `path` (relative, "../../A/2021"), appended
 * to `out` without a NUL.  Returns 0, -ENOENT, -EINVAL (not a link) or
 * -ENOMEM.
 */
int view_readlink(struct view *v, const char *path, struct buf *out);

/* Copy up to `size` bytes from offset `off` into `dst`; returns the count. */
size_t view_read(const struct view_file *f, char *dst, size_t size,
		 uint64_t off);

/* Close a handle from view_open(); NULL is a no-op. */
void view_release(struct view *v, struct view_file *f);

/*
 * Append the directory of corpus entry `entry` ("/<agency>/<year>") to
 * `out`: 0, -ENOENT when the entry is not a report, -ENOMEM, -EFBIG.
 */
int view_entry_dir(const struct view *v, size_t entry, struct buf *out);

/* The corpus behind the view; borrowed. */
const struct corpus *view_corpus(const struct view *v);

/* Number of reports (directories /agency/year). */
size_t view_nreports(const struct view *v);

#endif
