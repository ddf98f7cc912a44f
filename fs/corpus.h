/* SPDX-License-Identifier: MIT */
/*
 * corpus.h - the archive (or directory) behind a mount: one forward pass
 * lists every entry and identifies each report's agency and year; later,
 * any entry's bytes can be read again without rescanning the archive.
 * The only user of libarchive and zlib.
 */
#ifndef REPORTFS_CORPUS_H
#define REPORTFS_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "report.h"

enum corpus_kind {
	CORPUS_REPORT,  /* an annual (or legacy) report: it gets a directory */
	CORPUS_SKIPPED, /* listed in index.csv only; `why` says why */
};

/* How entries are read again after corpus_open(). */
enum corpus_mode {
	CORPUS_DIR,    /* a directory: files are reopened by path */
	CORPUS_SEEK,   /* zip or uncompressed tar: one header read at an offset */
	CORPUS_COPY,   /* stream-compressed or solid: deflated copies in memory */
};

/* One archive entry.  Strings are UTF-8 and owned by the corpus. */
struct corpus_entry {
	const char *path;         /* entry name, "./" and trailing '/' removed */
	const char *agency;       /* identified agency, or NULL */
	const char *why;          /* CORPUS_SKIPPED: the reason; else NULL */
	uint64_t size;            /* raw bytes */
	int64_t mtime;            /* seconds since the epoch */
	int year;                 /* identified year, or 0 */
	enum corpus_kind kind;
};

/* How far corpus_open() has come. */
struct corpus_progress {
	size_t entries;  /* entries listed so far */
	uint64_t bytes;  /* bytes of the archive (or directory files) read */
	uint64_t total;  /* size of the archive, or 0 when not known */
};

struct corpus_opts {
	const char *charset; /* entry-name charset to force ("CP936"), or NULL
			      * for UTF-8 with a GB18030 fallback */
	/*
	 * Called after every entry of corpus_open(), in its thread, or NULL;
	 * it should be cheap (rate-limit what it prints).
	 */
	void (*progress)(void *ctx, const struct corpus_progress *p);
	void *progress_ctx;
};

struct corpus;

/*
 * Open the archive or directory at `path` (made absolute with realpath()),
 * read every entry once, in archive order, and identify the reports with
 * report_parse(), on one thread per CPU while the archive is read.
 * Entries it cannot read are skipped with a reason; damage after some
 * entries (a truncated or corrupt archive) is not an error: what came
 * before is kept and corpus_warning() says what was lost.  Returns 0 and
 * a new corpus in *out (caller frees with corpus_free()), or a negative
 * errno with a message in `err` (`errsize` bytes, may be 0):
 * -ENOENT, -EACCES, ... from the file system, -EINVAL when it is not an
 * archive libarchive reads, -ENOMEM.  Not thread-safe; the result is.
 */
int corpus_open(const char *path, const struct corpus_opts *o,
		struct corpus **out, char *err, size_t errsize);

/* Free a corpus; NULL is a no-op. */
void corpus_free(struct corpus *c);

/* Number of entries; entry `i` in archive order.  Borrowed; thread-safe. */
size_t corpus_count(const struct corpus *c);
const struct corpus_entry *corpus_entry(const struct corpus *c, size_t i);

/*
 * Append the raw bytes of entry `i` to `out` (whose cap applies).  Never
 * rescans the archive: a directory file is reopened, a zip or tar entry is
 * read at its recorded offset, a stream-compressed entry is inflated from
 * its in-memory copy.  Returns 0, -EIO (the archive changed or is damaged
 * there), -ENOMEM or -EFBIG.  Thread-safe.
 */
int corpus_read(const struct corpus *c, size_t i, struct buf *out);

/*
 * Read and parse entry `i` exactly as corpus_open() did to identify it,
 * so the result has the same identity.  Caller frees *out with
 * report_free().  Errors as corpus_read() and report_parse().  Thread-safe.
 */
int corpus_parse(const struct corpus *c, size_t i, struct report **out);

/* Problems met while reading the archive, for stderr; borrowed. */
size_t corpus_nwarnings(const struct corpus *c);
const char *corpus_warning(const struct corpus *c, size_t i);

/* Absolute path of the archive or directory; borrowed. */
const char *corpus_path(const struct corpus *c);

/* "zip", "tar.gz", "directory", ...: libarchive's format and filter. */
const char *corpus_format(const struct corpus *c);

enum corpus_mode corpus_mode(const struct corpus *c);

/* Modification time of the archive itself. */
int64_t corpus_mtime(const struct corpus *c);

/* Bytes held for re-reading entries (the deflated copies in CORPUS_COPY). */
size_t corpus_copy_bytes(const struct corpus *c);

#endif
