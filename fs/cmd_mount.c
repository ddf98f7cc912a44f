/* SPDX-License-Identifier: MIT */
/* cmd_mount.c - `reportfs [FUSE options] ARCHIVE MOUNTPOINT`: index the archive and mount it */
#include "common.h"
#include "cmd.h"
#include "corpus.h"
#include "fs_ops.h"
#include "view.h"

#include <errno.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef REPORTFS_VERSION
#define REPORTFS_VERSION "unknown"
#endif

/* Default bound on cached rendered reports. */
#define DEFAULT_CACHE_SIZE "64M"

struct mount_opts {
	char *cache_size;
	char *names;
	int csv_bom;
	int quiet;
	int help;
	int version;
	int idle_threads; /* -o max_idle_threads= given */
	char *archive;
	char *mountpoint;
};

enum {
	KEY_HELP,
	KEY_VERSION,
	KEY_IDLE,
};

#define MOUNT_OPT(t, p) { t, offsetof(struct mount_opts, p), 1 }

static const struct fuse_opt mount_opt_spec[] = {
	MOUNT_OPT("cache_size=%s", cache_size),
	MOUNT_OPT("names=%s", names),
	MOUNT_OPT("csv_bom", csv_bom),
	MOUNT_OPT("quiet", quiet),
	FUSE_OPT_KEY("-h", KEY_HELP),
	FUSE_OPT_KEY("--help", KEY_HELP),
	FUSE_OPT_KEY("-V", KEY_VERSION),
	FUSE_OPT_KEY("--version", KEY_VERSION),
	FUSE_OPT_KEY("max_idle_threads=", KEY_IDLE),
	FUSE_OPT_END
};

void cmd_mount_usage(FILE *out)
{
	fprintf(out,
"mount options:\n"
"  -o cache_size=SIZE   bound on cached rendered reports, LRU (default "
DEFAULT_CACHE_SIZE ");\n"
"                       SIZE in bytes or with K, M, G\n"
"  -o csv_bom           start CSV files with a UTF-8 BOM (for Excel)\n"
"  -o names=CHARSET     charset of entry names, e.g. CP936 (default: UTF-8,\n"
"                       and GB18030 for names that are not UTF-8)\n"
"  -o quiet             no indexing progress or summary on stderr (shown\n"
"                       only when stderr is a terminal); problems still are\n"
"  -f                   stay in the foreground\n"
"  -d                   debug output (implies -f)\n"
"  -s                   single-threaded\n"
"  -o allow_other       let other users read the mount\n"
"  (and every mount option of fuse(8); unmount with fusermount3 -u)\n");
}

static int mount_opt_proc(void *data, const char *arg, int key,
			  struct fuse_args *outargs)
{
	struct mount_opts *o = data;

	(void)outargs;
	switch (key) {
	case KEY_HELP:
		o->help = 1;
		return 0;
	case KEY_VERSION:
		o->version = 1;
		return 0;
	case KEY_IDLE:
		o->idle_threads = 1;
		return 1;
	case FUSE_OPT_KEY_NONOPT:
		if (!o->archive) {
			o->archive = strdup(arg);
			return o->archive ? 0 : -1;
		}
		if (!o->mountpoint) {
			o->mountpoint = strdup(arg);
			return o->mountpoint ? 1 : -1;
		}
		fprintf(stderr, "reportfs: unexpected argument '%s'\n", arg);
		return -1;
	default:
		return 1;
	}
}

int cmd_parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;
	unsigned shift = 0;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	default:
		break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || (shift && v > (SIZE_MAX >> shift)))
		return -EINVAL;
	*out = (size_t)(v << shift);
	return 0;
}

double cmd_seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

void cmd_indexing_progress(void *ctx, const struct corpus_progress *p)
{
	struct cmd_progress *pr = ctx;
	double now = cmd_seconds_since(&pr->start);

	if (pr->drawn && now - pr->shown < 0.1)
		return;
	pr->shown = now;
	pr->drawn = 1;
	fprintf(stderr, "\rreportfs: indexing: %zu entries, %.1f MB",
		p->entries, (double)p->bytes / 1e6);
	if (p->total)
		fprintf(stderr, " of %.1f MB (%u%%)", (double)p->total / 1e6,
			(unsigned)(p->bytes >= p->total ? 100 :
				   p->bytes * 100 / p->total));
	/* clear what a longer line left */
	fputs("\033[K", stderr);
	fflush(stderr);
}

static int add_fs_opts(struct fuse_args *args, const char *archive,
		       int idle_threads)
{
	size_t n = strlen("fsname=") + strlen(archive) + 1;
	char *opts = NULL, *fsname;
	int err;

	fsname = malloc(n);
	if (!fsname)
		return -1;
	snprintf(fsname, n, "fsname=%s", archive);
	err = fuse_opt_add_opt(&opts, "ro,default_permissions,subtype=reportfs");
	/* libfuse 3.14 warns about its own default (UINT_MAX) otherwise */
	if (!err && !idle_threads)
		err = fuse_opt_add_opt(&opts, "max_idle_threads=10");
	/* ',' and '\\' in the archive's path are escaped */
	if (!err)
		err = fuse_opt_add_opt_escaped(&opts, fsname);
	if (!err)
		err = fuse_opt_add_arg(args, "-o");
	if (!err)
		err = fuse_opt_add_arg(args, opts);
	free(opts);
	free(fsname);
	return err;
}

int cmd_mount(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct mount_opts o = { 0 };
	struct corpus_opts co = { 0 };
	struct view_opts vo = { 0 };
	struct corpus *c = NULL;
	struct view *v = NULL;
	struct fs_ctx ctx = { 0 };
	struct cmd_progress pr = { 0 };
	struct stat st;
	char err_msg[1024];
	size_t i;
	int rc = 1, err, show;

	if (fuse_opt_parse(&args, &o, mount_opt_spec, mount_opt_proc)) {
		rc = 2;
		goto out_free;
	}
	if (o.help) {
		printf("usage: reportfs [FUSE options] [-o opts] ARCHIVE "
		       "MOUNTPOINT\n\nMount a zip, tar(.gz/.bz2/.xz/.zst), 7z "
		       "or a directory of annual reports, read-only.\n\n");
		cmd_mount_usage(stdout);
		rc = 0;
		goto out_free;
	}
	if (o.version) {
		printf("reportfs %s (FUSE %s)\n", REPORTFS_VERSION,
		       fuse_pkgversion());
		rc = 0;
		goto out_free;
	}
	if (!o.archive || !o.mountpoint) {
		fprintf(stderr, "usage: reportfs [FUSE options] [-o opts] "
			"ARCHIVE MOUNTPOINT\n       reportfs --help\n");
		rc = 2;
		goto out_free;
	}
	if (cmd_parse_size(o.cache_size ? o.cache_size : DEFAULT_CACHE_SIZE,
		       &vo.cache_size)) {
		fprintf(stderr, "reportfs: bad cache_size '%s'\n",
			o.cache_size);
		rc = 2;
		goto out_free;
	}
	vo.csv_bom = o.csv_bom;
	err = stat(o.mountpoint, &st) ? errno :
	      !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
	if (err) {
		fprintf(stderr, "reportfs: bad mount point '%s': %s\n",
			o.mountpoint, strerror(err));
		goto out_free;
	}
	co.charset = o.names;
	/* on a terminal only: logs and pipes get just the problems */
	show = !o.quiet && isatty(2);
	if (show) {
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		co.progress = cmd_indexing_progress;
		co.progress_ctx = &pr;
	}
	err = corpus_open(o.archive, &co, &c, err_msg, sizeof(err_msg));
	if (pr.drawn)
		fputs("\r\033[K", stderr);
	if (err) {
		fprintf(stderr, "reportfs: cannot open archive '%s': %s\n",
			o.archive, err_msg);
		goto out_free;
	}
	for (i = 0; i < corpus_nwarnings(c); i++)
		fprintf(stderr, "reportfs: %s: %s\n", o.archive,
			corpus_warning(c, i));
	err = view_new(c, &vo, &v);
	if (err) {
		fprintf(stderr, "reportfs: cannot mount '%s': %s\n", o.archive,
			strerror(-err));
		goto out_free;
	}
	if (show) {
		size_t n = corpus_count(view_corpus(v));

		fprintf(stderr, "reportfs: %s: %zu entries, %zu reports, "
			"%zu skipped, indexed in %.2f s\n", o.archive, n,
			view_nreports(v), n - view_nreports(v),
			cmd_seconds_since(&pr.start));
	}
	if (add_fs_opts(&args, corpus_path(view_corpus(v)),
			o.idle_threads)) {
		fprintf(stderr, "reportfs: out of memory\n");
		goto out_free;
	}
	ctx.view = v;
	rc = fuse_main(args.argc, args.argv, &fs_operations, &ctx);
	/* SIGINT/SIGTERM end the loop with an "error": a clean unmount */
	rc = rc && !ctx.destroyed ? 1 : 0;
out_free:
	view_free(v);
	fuse_opt_free_args(&args);
	free(o.cache_size);
	free(o.names);
	free(o.archive);
	free(o.mountpoint);
	return rc;
}
