/* SPDX-License-Identifier: MIT */
/*
 * render.h - one parsed report rendered into the files users read:
 * report.txt, the six section files, the tables as CSV and validation.txt.
 * The filesystem, `reportfs check` and `reportfs export` all call this, so a
 * file has the same bytes wherever it is read.
 */
#ifndef REPORTFS_RENDER_H
#define REPORTFS_RENDER_H

#include <stddef.h>

#include "buf.h"
#include "report.h"

struct render_opts {
	int csv_bom;           /* prefix CSV files with a UTF-8 BOM */
	const char *source;    /* archive entry name, shown in validation.txt */
	const char *const *extra_checks; /* NULL-terminated validation.txt lines
					  * added by the caller (e.g. duplicate
					  * agency/year), or NULL */
};

struct rendered_file {
	const char *name; /* relative path: "report.txt", "tables/requests.csv" */
	char *data;       /* owned by the file_set */
	size_t len;
};

struct file_set {
	struct rendered_file *files; /* in display order */
	size_t nfiles;
	int status;       /* 0 PASS, 1 WARN, 2 FAIL (validation.txt's status) */
	unsigned failed;  /* counts from validation.txt */
	unsigned warned;
	unsigned passed;
};

/*
 * Render every file of a report, in display order: report.txt,
 * 1-overview.txt .. 6-other.txt, tables/proactive.csv, tables/requests.csv,
 * tables/appeals.csv, validation.txt.  Sections and tables the report lacks
 * have no file; a REPORT_NOT_TEXT report has only validation.txt.  The
 * bytes depend only on `r` and `o`.  Returns 0 and a new set in *out
 * (caller frees with file_set_free()), -ENOMEM, or -EFBIG when a file
 * would pass its size cap.  Thread-safe: reads the report only.
 */
int render_report(const struct report *r, const struct render_opts *o,
		  struct file_set **out);

/* Look up a file by relative name; NULL if absent.  Borrowed from `fs`. */
const struct rendered_file *file_set_find(const struct file_set *fs,
					  const char *name);

/*
 * Append the header row of CSV file `name` ("tables/requests.csv",
 * "tables/appeals.csv", "tables/proactive.csv"), without BOM, ending in
 * LF: the same for every report.  0, -ENOMEM, -EFBIG, or -EINVAL for
 * another name.
 */
int render_csv_header(const char *name, struct buf *out);

/* Free a set and all its bytes; NULL is a no-op. */
void file_set_free(struct file_set *fs);

#endif
