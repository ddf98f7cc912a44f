/* SPDX-License-Identifier: MIT */
/*
 * cmd_check.c - `reportfs check [-v] FILE|ARCHIVE|DIR...`: validate reports
 * without mounting; one status line per report and an exit code for CI.
 */
#include "common.h"
#include "cmd.h"
#include "corpus.h"
#include "readfile.h"
#include "render.h"
#include "report.h"
#include "view.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit codes: the worst over all files. */
enum {
	CHECK_OK = 0,      /* nothing FAILs */
	CHECK_FAILED = 1,  /* some report has a FAIL line */
	CHECK_UNUSABLE = 2 /* unreadable, not a report, or bad usage */
};

static void check_usage(FILE *out)
{
	fprintf(out,
		"usage: reportfs check [-v] FILE|ARCHIVE|DIR...\n"
		"\n"
		"Validate annual reports the way reportfs shows them in validation.txt\n"
		"and print one line per report: PATH: status: PASS|WARN|FAIL (counts).\n"
		"\n"
		"  -v, --verbose   print each report's validation.txt after its line\n"
		"  -h, --help      show this help\n"
		"\n"
		"FILE is a report text file (UTF-8 or GB18030).  An ARCHIVE (zip, tar,\n"
		"tar.gz, ...) or a DIR is read like a mount reads it; each entry is\n"
		"shown as ARCHIVE/ENTRY.\n"
		"\n"
		"exit status: 0 nothing FAILs, 1 some report FAILs, 2 a file or entry\n"
		"is unreadable or not a report (the worst of all wins).\n");
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/* The kind of archive (data, len) starts like, or NULL. */
static const char *archive_magic(const char *data, size_t len)
{
	static const struct {
		const char *magic;
		size_t len;
		size_t off;
		const char *name;
	} sigs[] = {
		{ "PK\x03\x04", 4, 0, "a zip archive" },
		{ "PK\x05\x06", 4, 0, "a zip archive" },
		{ "\x1f\x8b", 2, 0, "a gzip file" },
		{ "\xfd" "7zXZ", 5, 0, "an xz file" },
		{ "BZh", 3, 0, "a bzip2 file" },
		{ "7z\xbc\xaf\x27\x1c", 6, 0, "a 7z archive" },
		{ "Rar!", 4, 0, "a rar archive" },
		{ "ustar", 5, 257, "a tar archive" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (len >= sigs[i].off + sigs[i].len &&
		    !memcmp(data + sigs[i].off, sigs[i].magic, sigs[i].len))
			return sigs[i].name;
	return NULL;
}

/* Nonzero when `path` is a directory or starts like an archive. */
static int is_corpus(const char *path)
{
	char head[512];
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st))
		return 0;
	if (S_ISDIR(st.st_mode))
		return 1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, head, sizeof(head));
	close(fd);
	return n > 0 && archive_magic(head, (size_t)n) != NULL;
}

/* Rendered reports kept while checking an archive (last year's is parsed
 * again when evicted). */
#define CHECK_CACHE_SIZE ((size_t)16 << 20)

/* Print the status line (and with -v the checks) of a validation.txt. */
static int print_validation(const char *label, const char *data, size_t len,
			    int verbose)
{
	/* the status line is validation.txt's first line */
	size_t n = strcspn(data, "\n");

	printf("%s: %.*s\n", label, (int)n, data);
	if (verbose && n < len)
		fwrite(data + n + 1, 1, len - n - 1, stdout);
	return !strncmp(data, "status: FAIL", 12) ? CHECK_FAILED : CHECK_OK;
}

/* Print the status (and with -v the checks) of a parsed report. */
static int check_report(const char *label, const char *source,
			const struct report *r, int verbose)
{
	struct render_opts o = { .source = source };
	const struct rendered_file *v;
	struct file_set *fs = NULL;
	int err, rc = CHECK_OK;

	if (r->kind == REPORT_NOT_TEXT || r->kind == REPORT_NOT_REPORT) {
		printf("%s: not a report: %s\n", label,
		       r->why ? r->why : report_kind_name(r->kind));
		return CHECK_UNUSABLE;
	}
	err = render_report(r, &o, &fs);
	if (err) {
		fprintf(stderr, "reportfs: cannot render '%s': %s\n", label,
			strerror(-err));
		return CHECK_UNUSABLE;
	}
	v = file_set_find(fs, "validation.txt");
	if (v)
		rc = print_validation(label, v->data, v->len, verbose);
	file_set_free(fs);
	return rc;
}

/*
 * One report of an archive, as the mount shows its validation.txt: with
 * the checks that need the other reports (duplicates, last year's).
 */
static int check_entry(struct view *v, size_t i, const char *label,
		       int verbose)
{
	struct view_file *f = NULL;
	struct view_stat st;
	struct buf path;
	char *data = NULL;
	size_t len = 0;
	int err, rc;

	buf_init(&path, 1 << 16);
	err = view_entry_dir(v, i, &path);
	if (!err)
		err = buf_adds(&path, "/validation.txt");
	if (!err)
		err = view_getattr(v, path.ptr, &st);
	if (!err)
		err = view_open(v, path.ptr, &f);
	if (!err) {
		data = malloc((size_t)st.size + 1);
		if (data)
			len = view_read(f, data, (size_t)st.size, 0);
		else
			err = -ENOMEM;
	}
	if (err) {
		fprintf(stderr, "reportfs: cannot read '%s': %s\n", label,
			strerror(-err));
		rc = CHECK_UNUSABLE;
	} else {
		data[len] = '\0';
		rc = print_validation(label, data, len, verbose);
	}
	free(data);
	view_release(v, f);
	buf_release(&path);
	return rc;
}

/* Every entry of an archive or directory, in archive order. */
static int check_corpus(const char *path, int verbose, int *done)
{
	const struct view_opts vo = { .cache_size = CHECK_CACHE_SIZE };
	const struct corpus_entry *e;
	struct corpus *c = NULL;
	struct view *v = NULL;
	char msg[512], label[4096];
	size_t i;
	int err, rc = CHECK_OK, one;

	err = corpus_open(path, NULL, &c, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "reportfs: cannot read '%s': %s\n", path,
			msg[0] ? msg : strerror(-err));
		return CHECK_UNUSABLE;
	}
	err = view_new(c, &vo, &v); /* takes c over */
	if (err) {
		fprintf(stderr, "reportfs: '%s': %s\n", path, strerror(-err));
		return CHECK_UNUSABLE;
	}
	for (i = 0; i < corpus_count(c); i++) {
		e = corpus_entry(c, i);
		snprintf(label, sizeof(label), "%s%s%s", path,
			 path[strlen(path) - 1] == '/' ? "" : "/", e->path);
		if (verbose && (*done)++)
			putchar('\n');
		if (e->kind == CORPUS_SKIPPED) {
			printf("%s: not a report: %s\n", label,
			       e->why ? e->why : "skipped");
			one = CHECK_UNUSABLE;
		} else {
			one = check_entry(v, i, label, verbose);
		}
		if (one > rc)
			rc = one;
	}
	/* a damaged archive: what came before the damage was checked */
	for (i = 0; i < corpus_nwarnings(c); i++) {
		fprintf(stderr, "reportfs: '%s': %s\n", path,
			corpus_warning(c, i));
		rc = CHECK_UNUSABLE;
	}
	view_free(v);
	return rc;
}

static int check_one(const char *path, int verbose)
{
	struct report *r = NULL;
	char *data;
	size_t len;
	int err, rc;

	err = read_file(path, REPORT_MAX_BYTES, &data, &len);
	if (err) {
		fprintf(stderr, "reportfs: cannot read '%s': %s\n", path,
			strerror(-err));
		return CHECK_UNUSABLE;
	}
	err = report_parse(data, len, base_name(path), &r);
	free(data);
	if (err) {
		fprintf(stderr, "reportfs: cannot parse '%s': %s\n", path,
			strerror(-err));
		return CHECK_UNUSABLE;
	}
	rc = check_report(path, path, r, verbose);
	report_free(r);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	int i, rc = CHECK_OK, one, verbose = 0, files = 0, opts = 1, done = 0;

	for (i = 1; i < argc; i++) {
		if (opts && (!strcmp(argv[i], "-h") ||
			     !strcmp(argv[i], "--help"))) {
			check_usage(stdout);
			return CHECK_OK;
		}
		if (opts && (!strcmp(argv[i], "-v") ||
			     !strcmp(argv[i], "--verbose"))) {
			verbose = 1;
		} else if (opts && !strcmp(argv[i], "--")) {
			opts = 0;
		} else if (opts && argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "reportfs: unknown option '%s'\n",
				argv[i]);
			check_usage(stderr);
			return CHECK_UNUSABLE;
		} else {
			files++;
		}
	}
	if (!files) {
		check_usage(stderr);
		return CHECK_UNUSABLE;
	}
	opts = 1;
	for (i = 1; i < argc; i++) {
		if (opts && !strcmp(argv[i], "--")) {
			opts = 0;
			continue;
		}
		if (opts && argv[i][0] == '-' && argv[i][1])
			continue;
		if (is_corpus(argv[i])) {
			one = check_corpus(argv[i], verbose, &done);
		} else {
			if (verbose && done++)
				putchar('\n');
			one = check_one(argv[i], verbose);
		}
		if (one > rc)
			rc = one;
	}
	fflush(stdout);
	return rc;
}
